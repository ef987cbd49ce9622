#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd as a systemd service, without booting systemd: "make install" into
# a DESTDIR lays out what the unit runs, systemd-analyze verify takes the
# unit, and dcvifd speaks sd_notify(3)'s protocol to a socket of ours as it
# would to systemd (READY, STATUS, WATCHDOG, RELOADING, STOPPING) and marks
# its lines with syslog priorities when stderr is the journal's stream.
# Needs root (a network namespace for dcvifd).

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib.sh
source "$TOP/selftests/lib.sh"

DCVIFD=${DCVIFD:-$TOP/userspace/dcvifd/dcvifd.san}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

ALL_TESTS="
	install_and_verify
	notify_protocol
	journal_priorities
"

WORK=$(mktemp -d /tmp/dcvifd-service.XXXXXX) || exit 1
defer rm -rf "$WORK"

install_and_verify()
{
	RET=0
	make -s -C "$TOP" install DESTDIR="$WORK/dest" > "$WORK/install.log" 2>&1
	check_err $? "make install failed: $(tail -n 3 "$WORK/install.log")"
	local f
	for f in usr/sbin/dcvifd usr/sbin/dcvifctl lib/systemd/system/dcvifd.service \
		usr/share/man/man5/dcvifd.conf.5 usr/share/man/man8/dcvifd.8 usr/share/man/man8/dcvifctl.8; do
		[[ -e $WORK/dest/$f ]] || check_err 1 "$f not installed"
	done
	# the unit as installed, its programs where DESTDIR put them
	mkdir -p "$WORK/unit"
	sed "s|/usr/sbin/|$WORK/dest/usr/sbin/|g" "$WORK/dest/lib/systemd/system/dcvifd.service" \
		> "$WORK/unit/dcvifd.service"
	systemd-analyze verify --man=no "$WORK/unit/dcvifd.service" > "$WORK/verify.log" 2>&1
	check_err $? "systemd-analyze verify: $(head -n 3 "$WORK/verify.log")"
	check_eq "$(sed -n 's/^Type=//p; s/^ExecReload=//p; s/^WatchdogSec=//p' "$WORK/dest/lib/systemd/system/dcvifd.service" | paste -sd' ')" \
		'notify /bin/kill -HUP $MAINPID 30s' "Type, ExecReload, WatchdogSec"
	log_info "$(systemd-analyze security --offline=yes "$WORK/unit/dcvifd.service" 2>/dev/null | tail -n 1)"
	log_test "make install DESTDIR: programs, man pages, dcvifd.service; systemd-analyze verify takes the unit"
}

# a datagram socket standing in for systemd's: one line per datagram, its
# fields joined by "|", with the time it came
notify_listen()
{
	python3 -u -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
while True:
    d = s.recv(4096).decode()
    print("%.3f %s" % (time.monotonic(), d.strip().replace("\n", "|")), flush=True)
' "$WORK/notify.sock" > "$WORK/notify.log" 2>&1 &
	defer kill $!
	busywait 5000 grep -qs listening "$WORK/notify.log" > /dev/null
}

conf()
{
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 10.0.0.1
	local-as 65001
	control-socket "$WORK/dcvifd.sock"
	state-directory "$WORK/state"
	network 192.0.2.0/24
	neighbor 10.0.0.2 {
		remote-as 65002
		connect-retry 1
	}
	EOF
	chmod 600 "$WORK/dcvifd.conf"
}

notified() { grep -c -- "$1" "$WORK/notify.log"; }

notify_protocol()
{
	RET=0
	ns_create NS || { log_test "netns"; return; }
	ip -n "$NS" link set lo up
	conf
	notify_listen
	NOTIFY_SOCKET=$WORK/notify.sock WATCHDOG_USEC=2000000 \
		ip netns exec "$NS" "$DCVIFD" -d -f "$WORK/dcvifd.conf" > "$WORK/dcvifd.log" 2>&1 &
	local pid=$!
	defer bash -c "kill $pid 2> /dev/null"
	busywait 5000 grep -q 'READY=1' "$WORK/notify.log" > /dev/null
	check_err $? "no READY=1: $(cat "$WORK/notify.log")"
	check_eq "$(grep -m1 READY=1 "$WORK/notify.log" | cut -d' ' -f2-)" \
		"READY=1|STATUS=0/1 sessions Established, 1 prefixes (IPv4 1, IPv6 0)|MAINPID=$pid" \
		"the READY datagram"
	sleep 3.5
	check_eq "$(( $(notified 'WATCHDOG=1') >= 3 ))" 1 "WATCHDOG=1 every second at WATCHDOG_USEC 2 s ($(notified 'WATCHDOG=1') in 3.5 s)"
	# a reload: RELOADING=1 with the time, then READY=1 again
	kill -HUP $pid
	busywait 5000 bash -c "[[ \$(grep -c READY=1 $WORK/notify.log) == 2 ]]" > /dev/null
	check_err $? "no READY=1 after the reload"
	check_eq "$(grep -c '^[0-9.]* RELOADING=1|MONOTONIC_USEC=[0-9]*$' "$WORK/notify.log")" 1 "RELOADING=1 with MONOTONIC_USEC"
	check_eq "$(grep -E 'RELOADING|READY' "$WORK/notify.log" | tail -n 2 | cut -d' ' -f2 | cut -d'|' -f1 | paste -sd' ')" \
		"RELOADING=1 READY=1" "RELOADING then READY"
	kill -TERM $pid
	wait $pid
	check_eq "$?" 0 "dcvifd's exit status at SIGTERM"
	check_eq "$(tail -n 1 "$WORK/notify.log" | cut -d' ' -f2-)" "STOPPING=1|STATUS=stopping" "the last datagram"
	check_eq "$(grep -cE 'Sanitizer|runtime error' "$WORK/dcvifd.log")" 0 "sanitizer reports"
	log_test "sd_notify: READY=1 with STATUS (sessions, prefixes) and MAINPID, WATCHDOG=1 at half WATCHDOG_USEC, RELOADING=1/READY=1 on SIGHUP, STOPPING=1"
}

journal_priorities()
{
	RET=0
	ns_create NS2 || { log_test "netns"; return; }
	conf
	: > "$WORK/journal.log"
	# stderr is "the journal's stream" when JOURNAL_STREAM names it
	JOURNAL_STREAM=$(stat -c '%d:%i' "$WORK/journal.log") \
		ip netns exec "$NS2" "$DCVIFD" -d -f "$WORK/dcvifd.conf" 2>> "$WORK/journal.log" &
	local pid=$!
	defer bash -c "kill $pid 2> /dev/null"
	busywait 5000 grep -q 'dcvifd started' "$WORK/journal.log" > /dev/null
	check_err $? "dcvifd did not start: $(head -n 3 "$WORK/journal.log")"
	echo "nonsense" >> "$WORK/dcvifd.conf"
	kill -HUP $pid
	busywait 5000 grep -q 'reload failed' "$WORK/journal.log" > /dev/null
	check_eq "$(grep -m1 'dcvifd started' "$WORK/journal.log" | cut -c1-18)" "<6>dcvifd started," "info: priority 6, no time stamp"
	check_eq "$(grep -m1 'reload failed' "$WORK/journal.log" | cut -c1-16)" "<4>reload failed" "warning: priority 4"
	check_eq "$(grep -vc '^<[0-7]>' "$WORK/journal.log")" 0 "lines without a priority"
	log_test "stderr to journald (JOURNAL_STREAM): every line starts with its syslog priority (<6> info, <4> warning)"
}

if [[ $(id -u) != 0 ]]; then
	echo "1..0 # SKIP needs root (network namespaces)"
	exit 0
fi
require_cmd systemd-analyze python3 ip
tests_run
exit "$EXIT_STATUS"
