#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of dcvifctl's kernel commands (bfd, vif, lag, monitor), on a host
# kernel without the dcvif module, through the ASan/UBSan build.
#
#   dcvifctl.san ARGS
#     |-- bad command line -> exact message, exit 2, and not one socket
#     |                       opened (strace): nothing was sent
#     `-- good one -> if_nametoindex -> NETLINK_GENERIC socket
#                       -> nlctrl CTRL_CMD_GETFAMILY "dcvif" -> ENOENT
#                       -> "the dcvif generic netlink family is not
#                          available (is the module loaded?)", exit 1
#
# The kernel side (sessions, show, set, del, monitor) is tested in the VM
# by selftests/net/dcvif_bfd_cli.sh; the genl library's parsers of kernel
# replies by "make -C userspace/lib check".
#
# usage: selftests/host/dcvifctl_bfd.sh    (TAP; TESTS="..." for a subset)

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib.sh
source "$TOP/selftests/lib.sh"

CTL=$TOP/build/dcvifctl.san
NOMOD="dcvifctl: the dcvif generic netlink family is not available (is the module loaded?)"
# Any sanitizer report fails the run, and shows up in the stderr compared.
export ASAN_OPTIONS=abort_on_error=0:exitcode=99:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99

ALL_TESTS="
	build_sanitized
	addresses
	keywords
	intervals_and_numbers
	auth
	other_commands
	nothing_sent
	no_module
	no_device
	help_text
"

TMPD=$(mktemp -d)
defer rm -rf "$TMPD"
BUILT=		# 1 built, 0 failed, empty: not tried (TESTS without it)

# run ARGS...: run dcvifctl.san; OUT, ERR and RC hold what it did.
run() {
	"$CTL" "$@" > "$TMPD/out" 2> "$TMPD/err"
	RC=$?
	OUT=$(< "$TMPD/out")
	ERR=$(< "$TMPD/err")
}

# bad MESSAGE ARGS...: a command line refused with exactly MESSAGE on
# stderr, nothing on stdout, exit status 2.
bad() {
	local msg=$1
	shift
	run "$@"
	check_eq "$RC" 2 "exit status of: dcvifctl $*"
	check_eq "$ERR" "dcvifctl: $msg" "stderr of: dcvifctl $*"
	check_eq "$OUT" "" "stdout of: dcvifctl $*"
}

need_build() {
	if [[ $BUILT == 0 || ! -x $CTL ]]; then
		skip_test "dcvifctl.san was not built"
		return 1
	fi
}

build_sanitized() {
	local out
	RET=0
	out=$(make -s -C "$TOP/userspace/dcvifctl" san 2>&1)
	check_err $? "make $CTL failed:
$out"
	[[ -x $CTL ]]
	check_err $? "no $CTL"
	BUILT=0
	[[ $RET == 0 ]] && BUILT=1
	log_test "dcvifctl builds with -Werror under ASan and UBSan"
}

addresses() {
	need_build || return 0
	RET=0
	bad 'bfd add: peer "10.0.0.256": expected an IPv4 or IPv6 address' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.256
	bad 'bfd add: local "2001:db8::1::2": expected an IPv4 or IPv6 address' \
		bfd add dev v1 local 2001:db8::1::2 peer 2001:db8::2
	bad 'bfd add: local "vif0": expected an IPv4 or IPv6 address' \
		bfd add dev v1 local vif0 peer 10.0.0.2
	bad 'bfd add: local 10.0.0.1 and peer 2001:db8::2 are not of the same address family' \
		bfd add dev v1 local 10.0.0.1 peer 2001:db8::2
	bad 'bfd add: local fe80::1 and peer 169.254.255.1 are not of the same address family' \
		bfd add dev v1 peer 169.254.255.1 local fe80::1
	bad 'bfd del: peer "1.2.3": expected an IPv4 or IPv6 address' \
		bfd del dev v1 peer 1.2.3
	bad 'bfd show: peer "x": expected an IPv4 or IPv6 address' \
		bfd show peer x
	log_test "bad and mixed-family addresses are refused"
}

keywords() {
	need_build || return 0
	RET=0
	bad 'bfd add: unknown keyword "foo" (expected dev, local, peer, tx-interval, rx-interval, multiplier, passive, admin-down, no-carrier-coupling, auth, key-id, key, padding, echo-interval or echo-rx-interval)' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 foo
	bad 'bfd add: dev VIF is required' \
		bfd add local 10.0.0.1 peer 10.0.0.2
	bad 'bfd add: local ADDR is required' \
		bfd add dev v1 peer 10.0.0.2
	bad 'bfd add: peer ADDR is required' \
		bfd add dev v1 local 10.0.0.1
	bad 'bfd add: dev given twice' \
		bfd add dev v1 dev v2 local 10.0.0.1 peer 10.0.0.2
	bad 'bfd add: peer needs a value (an IPv4 or IPv6 address)' \
		bfd add dev v1 local 10.0.0.1 peer
	bad 'bfd add: dev "0123456789abcdef": expected an interface name' \
		bfd add dev 0123456789abcdef local 10.0.0.1 peer 10.0.0.2
	# set's switches take on|off, add's carrier-coupling is a "no-" flag
	bad 'bfd add: unknown keyword "carrier-coupling" (expected dev, local, peer, tx-interval, rx-interval, multiplier, passive, admin-down, no-carrier-coupling, auth, key-id, key, padding, echo-interval or echo-rx-interval)' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 carrier-coupling on
	bad 'bfd set: admin-down "yes": expected on or off' \
		bfd set dev v1 peer 10.0.0.2 admin-down yes
	bad 'bfd set: carrier-coupling needs a value (on or off)' \
		bfd set dev v1 peer 10.0.0.2 carrier-coupling
	bad 'bfd set: unknown keyword "local" (expected dev, peer, tx-interval, rx-interval, multiplier, admin-down, carrier-coupling, auth, key-id, key, padding, echo-interval or echo-rx-interval)' \
		bfd set dev v1 peer 10.0.0.2 local 10.0.0.1
	bad 'bfd set: nothing to change (expected tx-interval, rx-interval, multiplier, admin-down, carrier-coupling, auth, padding, echo-interval or echo-rx-interval)' \
		bfd set dev v1 peer 10.0.0.2
	bad 'bfd set: dev VIF is required' \
		bfd set peer 10.0.0.2 multiplier 3
	bad 'bfd del: unknown keyword "tx-interval" (expected dev or peer)' \
		bfd del dev v1 peer 10.0.0.2 tx-interval 300
	bad 'bfd del: peer ADDR is required' \
		bfd del dev v1
	log_test "unknown, missing and repeated keywords are refused"
}

intervals_and_numbers() {
	need_build || return 0
	RET=0
	bad 'bfd add: tx-interval "0": expected milliseconds from 1 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 tx-interval 0
	bad 'bfd add: rx-interval "60001": expected milliseconds from 1 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 rx-interval 60001
	bad 'bfd add: tx-interval "0.5": expected milliseconds from 1 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 tx-interval 0.5
	bad 'bfd add: tx-interval "300ms": expected milliseconds from 1 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 tx-interval 300ms
	bad 'bfd add: rx-interval "99999999999999999999999": expected milliseconds from 1 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 rx-interval 99999999999999999999999
	bad 'bfd add: tx-interval needs a value (milliseconds)' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 tx-interval
	bad 'bfd set: multiplier "0": expected a number from 1 to 255' \
		bfd set dev v1 peer 10.0.0.2 multiplier 0
	bad 'bfd set: multiplier "256": expected a number from 1 to 255' \
		bfd set dev v1 peer 10.0.0.2 multiplier 256
	bad 'bfd set: tx-interval " 300": expected milliseconds from 1 to 60000' \
		bfd set dev v1 peer 10.0.0.2 tx-interval " 300"
	bad 'bfd add: echo-interval "0.5": expected milliseconds from 0 to 60000' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 echo-interval 0.5
	bad 'bfd set: echo-rx-interval "60001": expected milliseconds from 0 to 60000' \
		bfd set dev v1 peer 10.0.0.2 echo-rx-interval 60001
	# RFC 9764 padding: on, off or bytes; the kernel checks the range
	bad 'bfd add: padding "foo": expected on, off or a size in bytes' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 padding foo
	bad 'bfd set: padding "1": expected a size in bytes from 2 to 65535' \
		bfd set dev v1 peer 10.0.0.2 padding 1
	bad 'bfd set: padding "65536": expected a size in bytes from 2 to 65535' \
		bfd set dev v1 peer 10.0.0.2 padding 65536
	bad 'bfd set: padding needs a value (on, off or a size in bytes)' \
		bfd set dev v1 peer 10.0.0.2 padding
	log_test "intervals (1-60000 ms), multipliers (1-255) and paddings (on, off, 2-65535) out of range are refused"
}

auth() {
	need_build || return 0
	RET=0
	bad 'bfd add: auth "sha256": expected simple, keyed-md5, meticulous-keyed-md5, keyed-sha1 or meticulous-keyed-sha1' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth sha256 key-id 1 key k
	bad 'bfd add: auth "none": expected simple, keyed-md5, meticulous-keyed-md5, keyed-sha1 or meticulous-keyed-sha1' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth none
	bad 'bfd set: auth "md5": expected none, simple, keyed-md5, meticulous-keyed-md5, keyed-sha1 or meticulous-keyed-sha1' \
		bfd set dev v1 peer 10.0.0.2 auth md5 key-id 1 key k
	bad 'bfd add: auth keyed-md5 needs key-id N and key KEY' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-md5 key k
	bad 'bfd add: key-id needs auth TYPE' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 key-id 1
	bad 'bfd add: key-id "256": expected a number from 0 to 255' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth simple key-id 256 key k
	bad 'bfd add: key: expected 1 to 16 bytes for keyed-md5, got 17' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-md5 key-id 1 key 0123456789abcdefg
	bad 'bfd add: key: expected 1 to 16 bytes for simple, got 17' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth simple key-id 1 key 0x000102030405060708090a0b0c0d0e0f10
	bad 'bfd add: key: expected 1 to 20 bytes for meticulous-keyed-sha1, got 21' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth meticulous-keyed-sha1 key-id 1 key 0123456789abcdefghijk
	bad 'bfd add: key: expected 1 to 16 bytes for keyed-md5, got 0' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-md5 key-id 1 key ""
	bad 'bfd add: key: expected text, or an even number of hex digits after 0x' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-sha1 key-id 1 key 0xabc
	bad 'bfd add: key: expected text, or an even number of hex digits after 0x' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-sha1 key-id 1 key 0xgg
	bad 'bfd add: key: expected text, or an even number of hex digits after 0x' \
		bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 auth keyed-sha1 key-id 1 key 0x
	bad 'bfd set: auth none takes no key-id or key' \
		bfd set dev v1 peer 10.0.0.2 auth none key-id 1
	log_test "bad auth types, key ids and keys are refused"
}

other_commands() {
	need_build || return 0
	RET=0
	bad 'bfd: command expected (add, set, del or show)' bfd
	bad 'bfd: unknown command "list" (expected add, set, del or show)' bfd list
	bad 'vif: command expected (show)' vif
	bad 'vif show: unknown keyword "peer" (expected dev)' vif show peer 10.0.0.2
	bad 'vif show: dev given twice' vif show dev a dev b
	bad 'lag: command expected (show)' lag
	bad 'lag: unknown command "add" (expected show)' lag add
	bad 'lag show: unknown keyword "member" (expected dev)' lag show member a0
	bad 'show lag: dev needs a value (an interface name)' show lag dev
	bad 'monitor: unexpected word "bfd" (monitor takes no arguments)' monitor bfd
	bad 'bfd show: dev needs a value (an interface name)' -j bfd show dev
	log_test "bad bfd, vif, lag and monitor command lines are refused"
}

# Refused command lines open no socket at all, so send nothing.
nothing_sent() {
	local args
	RET=0
	need_build || return 0
	require_cmd strace || return 0
	for args in "bfd add dev v1 local 10.0.0.1 peer 2001:db8::2" \
		"bfd add dev v1 local 10.0.0.1 peer 10.0.0.2 tx-interval 0" \
		"bfd add dev lo local 10.0.0.1 peer 10.0.0.2 auth simple key-id 1 key 0x1" \
		"bfd set dev lo peer 10.0.0.2" "bfd del dev lo" "vif show dev" "monitor x"; do
		# shellcheck disable=SC2086 # the words of args
		ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=socket,sendto,sendmsg \
			-o "$TMPD/trace" "$CTL" $args > /dev/null 2>&1
		check_eq "$?" 2 "exit status of: dcvifctl $args"
		check_eq "$(< "$TMPD/trace")" "" "syscalls of: dcvifctl $args"
	done
	log_test "a refused command line opens no socket and sends nothing"
}

no_module() {
	local args
	RET=0
	need_build || return 0
	if [[ -d /sys/module/dcvif ]]; then
		skip_test "the dcvif module is loaded on this host"
		return 0
	fi
	for args in "bfd show" "-j bfd show" "bfd show dev lo" "bfd show dev lo peer ::1" \
		"-j vif show" "vif show dev lo" "lag show" "-j show lag dev lo" "monitor" "-j monitor" \
		"bfd add dev lo local 127.0.0.1 peer 127.0.0.2" \
		"bfd add dev lo local ::1 peer fe80::2 auth keyed-sha1 key-id 9 key 0x0102" \
		"bfd set dev lo peer 127.0.0.2 admin-down on" "bfd del dev lo peer 127.0.0.2"; do
		# shellcheck disable=SC2086 # the words of args
		run $args
		check_eq "$RC" 1 "exit status of: dcvifctl $args"
		check_eq "$ERR" "$NOMOD" "stderr of: dcvifctl $args"
		check_eq "$OUT" "" "stdout of: dcvifctl $args"
	done
	log_test "without the module: \"family is not available (is the module loaded?)\", exit 1"
}

no_device() {
	RET=0
	need_build || return 0
	run bfd add dev nosuchvif0 local 10.0.0.1 peer 10.0.0.2
	check_eq "$RC" 1 "exit status"
	check_eq "$ERR" 'dcvifctl: bfd add: cannot find device "nosuchvif0"' "stderr"
	run -j bfd show dev nosuchvif0
	check_eq "$RC" 1 "exit status"
	check_eq "$ERR" 'dcvifctl: bfd show: cannot find device "nosuchvif0"' "stderr"
	run vif show dev nosuchvif0
	check_eq "$RC" 1 "exit status"
	check_eq "$ERR" 'dcvifctl: vif show: cannot find device "nosuchvif0"' "stderr"
	log_test "a device that does not exist is named, exit 1"
}

help_text() {
	local line
	RET=0
	need_build || return 0
	run help
	check_eq "$RC" 0 "exit status of dcvifctl help"
	for line in "  bfd add dev VIF local ADDR peer ADDR [tx-interval MS]" \
		"  bfd del dev VIF peer ADDR" "  bfd show [dev VIF] [peer ADDR]" \
		"  vif show [dev VIF]" "  lag show [dev LAG]  (or: show lag [dev LAG])" "  monitor"; do
		grep -qxF -- "$line" <<< "$OUT"
		check_err $? "dcvifctl help lacks \"$line\":
$OUT"
	done
	log_test "dcvifctl help shows the bfd, vif, lag and monitor commands"
}

tests_run
exit "$EXIT_STATUS"
