#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of the iproute2 plugin userspace/iproute2/link_dcvif.so, run
# against Debian's own /usr/sbin/ip. Needs root (for a netns), not the dcvif
# module: every command that parses goes as far as the kernel, which answers
# "Unknown device type." for a kind it lacks, and strace shows the request
# the plugin built.
#
#   +------------------- netns $NS (thrown away) -------------------+
#   |  lo          <- LOWER of every "ip link add ... type dcvif"    |
#   |  br0 bridge  <- shown through print-test/link_bridge.so, the   |
#   |                 plugin rebuilt as kind "bridge", so print_opt  |
#   |                 runs on real kernel attributes                 |
#   +----------------------------------------------------------------+
#
# Environment:
#   IP_LIB_DIR                the directory holding link_dcvif.so (ip(8)
#                             appends nothing to it); default: the build dir
#   DCVIF_PRINT_TEST_LIB_DIR  the directory holding link_bridge.so; default:
#                             <build dir>/print-test ("make -C
#                             userspace/iproute2 check" builds both)
#   IP                        the ip binary; default /usr/sbin/ip
#
# Output is TAP; the exit status is 0 when all passed, 1 when any failed and
# 4 (kselftest's skip) when the test cannot run here.

set -u

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=$REPO/userspace/iproute2
: "${IP_LIB_DIR:=$BUILD_DIR}"
: "${DCVIF_PRINT_TEST_LIB_DIR:=$BUILD_DIR/print-test}"
: "${IP:=/usr/sbin/ip}"
export IP_LIB_DIR

KSFT_SKIP=4
NS=dcvif-ip-$(printf '%04x%04x' $RANDOM $RANDOM)
TMPD=

ALL_TESTS="
	plugin_symbols
	help
	vif_type_invalid
	id_invalid
	id_duplicate
	keyword_unknown
	incomplete
	add_reaches_kernel
	add_encoding
	set_encoding
	print_opt_text
	print_opt_json
	valgrind_clean
"

NUM=0
PASSED=0
FAILED=0
SKIPPED=0
RET=0
MSG=

# ---- a small lib.sh-alike: check_* set RET/MSG, log_test prints TAP ----

check_err()
{
	if [[ $RET -eq 0 && $1 -ne 0 ]]; then
		RET=$1
		MSG=$2
	fi
}

check_fail()
{
	if [[ $RET -eq 0 && $1 -eq 0 ]]; then
		RET=1
		MSG=$2
	fi
}

# check_eq GOT WANT WHAT
check_eq()
{
	if [[ $RET -eq 0 && "$1" != "$2" ]]; then
		RET=1
		MSG="$3: got '$1', want '$2'"
	fi
}

log_test()
{
	NUM=$((NUM + 1))
	if [[ $RET -eq 0 ]]; then
		PASSED=$((PASSED + 1))
		echo "ok $NUM $1"
	else
		FAILED=$((FAILED + 1))
		echo "not ok $NUM $1"
		printf '#\t%s\n' "$MSG" | sed '2,$s/^/#\t/'
	fi
	RET=0
	MSG=
}

log_skip()
{
	NUM=$((NUM + 1))
	SKIPPED=$((SKIPPED + 1))
	echo "ok $NUM $1 # SKIP $2"
	RET=0
	MSG=
}

DEFERRED=()

defer()
{
	DEFERRED+=("$*")
}

defer_run()
{
	local i

	for ((i = ${#DEFERRED[@]} - 1; i >= 0; i--))
		do eval "${DEFERRED[i]}"
	done
	DEFERRED=()
}

# run CMD...: OUT, ERR and RC of one command
run()
{
	OUT=$("$@" 2>"$TMPD/stderr")
	RC=$?
	ERR=$(<"$TMPD/stderr")
}

ipn()
{
	"$IP" -n "$NS" "$@"
}

# The raw bytes (as lowercase hex) of every RTM_NEWLINK request "ip CMD..."
# sends, one request a line, from strace's \xNN dump of the message.
newlink_hex()
{
	strace -qq -f -e trace=sendmsg -xx -s 4096 -o "$TMPD/strace" \
		"$IP" -n "$NS" "$@" 2>"$TMPD/stderr"
	RC=$?
	ERR=$(<"$TMPD/stderr")
	grep -E 'nlmsg_type=(RTM_NEWLINK|0x10)[ ,]' "$TMPD/strace" |
		while IFS= read -r line; do
			grep -oE '\\x[0-9a-f]{2}' <<<"$line" | tr -d '\\x\n'
			echo
		done
}

USAGE='Usage: ... dcvif id VID [ vif-type VIF_TYPE ]

VID      := 1-4094 (802.1Q VLAN ID; cannot be changed later)
VIF_TYPE := { private | public | transit } (default: private)

The VIF type caps the MTU:
  private  MTU <= 9001
  transit  MTU <= 8500
  public   MTU <= 1500
A new VIF'"'"'s MTU is 1500 unless "mtu" is given.'

# ---- tests ----

# Every iproute2 function the plugin calls must be one ip exports.
plugin_symbols()
{
	local missing sym

	missing=
	for sym in $(nm -D --undefined-only "$IP_LIB_DIR/link_dcvif.so" |
		     awk '$2 !~ /@/ && $1 == "U" { print $2 }'); do
		nm -D --defined-only "$IP" | awk '{ print $3 }' |
			grep -qx -- "$sym"
		check_err $? "ip does not export $sym"
		[[ $RET -eq 0 ]] || missing+=" $sym"
	done
	nm -D --defined-only "$IP_LIB_DIR/link_dcvif.so" |
		grep -q ' D dcvif_link_util$'
	check_err $? "link_dcvif.so does not export dcvif_link_util"

	log_test "plugin: iproute2 symbols it uses are exported by $IP${missing:+ (missing:$missing)}"
}

help()
{
	run "$IP" link help dcvif
	check_eq "$RC" 0 "exit status"
	check_eq "$OUT" "$USAGE" "stdout"
	check_eq "$ERR" "" "stderr"

	log_test "help: ip link help dcvif prints the usage"
}

vif_type_invalid()
{
	run ipn link add link lo name v0 type dcvif id 10 vif-type foo
	check_eq "$RC" 255 "exit status"
	check_eq "$ERR" 'Error: argument "foo" is wrong: vif-type must be private, public or transit' "stderr"

	run ipn link add link lo name v0 type dcvif id 10 vif-type Private
	check_eq "$ERR" 'Error: argument "Private" is wrong: vif-type must be private, public or transit' "stderr (case)"

	run ipn link set lo type dcvif vif-type priv
	check_eq "$RC" 255 "exit status (set)"
	check_eq "$ERR" 'Error: argument "priv" is wrong: vif-type must be private, public or transit' "stderr (set, prefix)"

	log_test "parse: vif-type other than private/public/transit is refused"
}

id_invalid()
{
	local id

	for id in abc 10x -1 65536 ''; do
		run ipn link add link lo name v0 type dcvif id "$id"
		check_eq "$RC" 255 "exit status (id '$id')"
		check_eq "$ERR" "Error: argument \"$id\" is wrong: id is invalid" "stderr (id '$id')"
	done

	log_test "parse: an id that is not a 16-bit number is refused"
}

id_duplicate()
{
	run ipn link add link lo name v0 type dcvif id 10 id 11
	check_eq "$RC" 255 "exit status"
	check_eq "$ERR" 'Error: duplicate "id": "11" is the second value.' "stderr"

	run ipn link add link lo name v0 type dcvif id 10 vif-type public vif-type transit
	check_eq "$ERR" 'Error: duplicate "vif-type": "transit" is the second value.' "stderr (vif-type)"

	log_test "parse: a keyword given twice is refused"
}

keyword_unknown()
{
	run ipn link add link lo name v0 type dcvif id 10 mode private
	check_eq "$RC" 1 "exit status"
	check_eq "$ERR" "dcvif: unknown command \"mode\"?
$USAGE" "stderr"

	run ipn link add link lo name v0 type dcvif help
	check_eq "$RC" 1 "exit status (help)"
	check_eq "$ERR" "$USAGE" "stderr (help)"

	log_test "parse: an unknown keyword is named, with the usage"
}

incomplete()
{
	run ipn link add link lo name v0 type dcvif id 10 vif-type
	check_eq "$RC" 255 "exit status"
	check_eq "$ERR" 'Command line is not complete. Try option "help"' "stderr"

	log_test "parse: a keyword without its value is refused"
}

# Parsing succeeded when the request reaches the kernel; the host kernel has
# no kind dcvif and says so. The VID range is the kernel's to check, so 0
# and 4095 go through too.
add_reaches_kernel()
{
	local args

	for args in "id 10" "id 10 vif-type private" "id 10 vif-type public" \
		    "id 4094 vif-type transit" "id 0" "id 4095" "id 0x64"; do
		# shellcheck disable=SC2086
		run ipn link add link lo name v0 type dcvif $args
		check_eq "$RC" 2 "exit status ($args)"
		check_eq "$ERR" 'Error: Unknown device type.' "stderr ($args)"
	done

	log_test "parse: valid commands reach the kernel"
}

# IFLA_LINKINFO { IFLA_INFO_KIND "dcvif", IFLA_INFO_DATA { IFLA_DCVIF_* } }
# as the kernel will see it: nla_len, nla_type (little endian), payload, pad.
# Spaces are for reading only.
LINKINFO_ID100_TRANSIT=$(tr -d " " <<<"2400 1200 0900 0100 6463766966000000 1400 0200 0600 0100 64000000 0500 0200 03000000")
LINKINFO_ID7=$(tr -d " " <<<"1c00 1200 0900 0100 6463766966000000 0c00 0200 0600 0100 07000000")
LINKINFO_PUBLIC=$(tr -d " " <<<"1c00 1200 0900 0100 6463766966000000 0c00 0200 0500 0200 02000000")

add_encoding()
{
	local hex

	if ! command -v strace >/dev/null; then
		log_skip "netlink: add builds IFLA_INFO_DATA" "strace not installed"
		return
	fi

	hex=$(newlink_hex link add link lo name v0 type dcvif id 100 vif-type transit)
	check_eq "$ERR" 'Error: Unknown device type.' "stderr"
	[[ $hex == *"$LINKINFO_ID100_TRANSIT" ]]
	check_err $? "IFLA_LINKINFO of id 100 vif-type transit is not at the end of the request: $hex"

	hex=$(newlink_hex link add link lo name v0 type dcvif id 7)
	[[ $hex == *"$LINKINFO_ID7" ]]
	check_err $? "IFLA_LINKINFO of id 7 (no vif-type) is not at the end of the request: $hex"

	log_test "netlink: add sends IFLA_DCVIF_ID (u16) and IFLA_DCVIF_TYPE (u8)"
}

set_encoding()
{
	local hex

	if ! command -v strace >/dev/null; then
		log_skip "netlink: set builds IFLA_INFO_DATA" "strace not installed"
		return
	fi

	# lo is no dcvif: the kernel refuses, after the plugin built the request.
	hex=$(newlink_hex link set lo type dcvif vif-type public)
	check_eq "$RC" 2 "exit status"
	[[ $hex == *"$LINKINFO_PUBLIC" ]]
	check_err $? "IFLA_LINKINFO of vif-type public is not at the end of the request: $hex"

	log_test "netlink: set sends only IFLA_DCVIF_TYPE"
}

# print_opt, through the real ip, on attributes the host kernel really sends:
# a bridge's IFLA_INFO_DATA has u32 attributes 1-4 (forward_delay,
# hello_time, max_age, ageing_time). Only 3 is a u32 for dcvif
# (IFLA_DCVIF_POLICY_MTU); 1, 2 and 4 have the wrong size and must be left
# out, not misread.
print_test_setup()
{
	# Built here if missing: "make -C userspace/iproute2" alone does not.
	if [[ ! -e $DCVIF_PRINT_TEST_LIB_DIR/link_bridge.so &&
	      $DCVIF_PRINT_TEST_LIB_DIR == "$BUILD_DIR/print-test" ]]; then
		make -s -C "$BUILD_DIR" print-test/link_bridge.so >/dev/null 2>&1
	fi
	[[ -e $DCVIF_PRINT_TEST_LIB_DIR/link_bridge.so ]] || return 1
	[[ -n $(ipn link show dev br0 2>/dev/null) ]] && return 0
	# built-in bridge support: IP_LIB_DIR must not hold link_bridge.so here
	IP_LIB_DIR=$TMPD "$IP" -n "$NS" link add br0 type bridge max_age 1500 \
		2>/dev/null
}

print_opt_text()
{
	local line

	if ! print_test_setup; then
		log_skip "print_opt: text" "no print-test/link_bridge.so or no bridge support"
		return
	fi

	run env IP_LIB_DIR="$DCVIF_PRINT_TEST_LIB_DIR" "$IP" -n "$NS" -d link show dev br0
	check_eq "$RC" 0 "exit status"
	check_eq "$ERR" "" "stderr"
	line=$(sed -n 3p <<<"$OUT")
	check_eq "${line%% addrgenmode *}" "    bridge policy-mtu 1500" "kind line"

	log_test "print_opt: text, with wrong-sized attributes left out"
}

print_opt_json()
{
	if ! print_test_setup; then
		log_skip "print_opt: JSON" "no print-test/link_bridge.so or no bridge support"
		return
	fi

	run env IP_LIB_DIR="$DCVIF_PRINT_TEST_LIB_DIR" "$IP" -n "$NS" -d -j link show dev br0
	check_eq "$RC" 0 "exit status"
	check_eq "$ERR" "" "stderr"
	[[ $OUT == *'"linkinfo":{"info_kind":"bridge","info_data":{"policy_mtu":1500}}'* ]]
	check_err $? "linkinfo in: $OUT"
	python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$OUT" 2>/dev/null
	check_err $? "not valid JSON: $OUT"

	log_test "print_opt: JSON, with wrong-sized attributes left out"
}

valgrind_clean()
{
	local args

	if ! command -v valgrind >/dev/null; then
		log_skip "valgrind: help and parse paths" "valgrind not installed"
		return
	fi

	for args in "link help dcvif" \
		    "-n $NS link add link lo name v0 type dcvif id 10 vif-type transit" \
		    "-n $NS link add link lo name v0 type dcvif id abc" \
		    "-n $NS link add link lo name v0 type dcvif id 10 vif-type foo" \
		    "-n $NS link add link lo name v0 type dcvif id 10 bogus"; do
		# shellcheck disable=SC2086
		valgrind -q --error-exitcode=99 --errors-for-leak-kinds=definite \
			--leak-check=full "$IP" $args >/dev/null 2>"$TMPD/vg"
		[[ $? -ne 99 ]]
		check_err $? "valgrind errors for 'ip $args': $(<"$TMPD/vg")"
	done
	if print_test_setup; then
		for args in "-d link show dev br0" "-d -j link show dev br0"; do
			# shellcheck disable=SC2086
			IP_LIB_DIR=$DCVIF_PRINT_TEST_LIB_DIR valgrind -q \
				--error-exitcode=99 "$IP" -n "$NS" $args \
				>/dev/null 2>"$TMPD/vg"
			[[ $? -ne 99 ]]
			check_err $? "valgrind errors for 'ip $args': $(<"$TMPD/vg")"
		done
	fi

	log_test "valgrind: no errors on the help, parse and print paths"
}

# ---- main ----

echo "TAP version 13"

if [[ $(id -u) -ne 0 ]]; then
	echo "1..0 # SKIP needs root (for a network namespace)"
	exit $KSFT_SKIP
fi
if [[ ! -x $IP || ! -e $IP_LIB_DIR/link_dcvif.so ]]; then
	echo "1..0 # SKIP no $IP or no $IP_LIB_DIR/link_dcvif.so (make -C userspace/iproute2)"
	exit $KSFT_SKIP
fi

TMPD=$(mktemp -d) || exit 1
defer rm -rf "$TMPD"
trap defer_run EXIT
"$IP" netns add "$NS" || exit 1
defer "$IP" netns del "$NS"

echo "1..$(wc -w <<<"$ALL_TESTS")"
for t in $ALL_TESTS; do
	$t
done

echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ $FAILED -eq 0 ]]
