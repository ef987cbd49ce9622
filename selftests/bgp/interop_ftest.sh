#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifctl failover-test against BIRD 2 (bgp_lib.sh's topology): the
# sessions of an interface go down with Cease/Administrative Shutdown and a
# shutdown communication (RFC 9003) BIRD logs, stay down, come back on stop
# or at the end, survive a restart of dcvifd, and are listed in the history.

source "$(dirname "$0")/bgp_lib.sh"
source "$BGP_DIR/peer_bird.sh"

ALL_TESTS="
	t_start_stop
	t_one_peer
	t_refusals
	t_restart_resumes
	t_restart_after_end
"

conf()
{
	dcvifd_conf
	# the sessions' interface is the "VIF" of the test; state kept in WORK
	sed -i -e 's|^\(\s*\)connect-retry 1$|&\n\1interface vd|' \
		-e "s|^control-socket.*|&\nstate-directory \"$WORK/state\"|" "$WORK/dcvifd.conf"
}

up()
{
	topo || return 1
	conf
	peer_conf "$KEY"
	sed -i "1i log \"$WORK/bird.log\" all;" "$WORK/bird.conf"
	dcvifd_start
	peer_start || return 1
	wait_established 10.0.0.2 && wait_established 2001:db8:ff::2
}

states() { echo "$(neighbor_state 10.0.0.2) $(neighbor_state 2001:db8:ff::2)"; }
states_are() { [[ $(states) == "$1" ]]; }
history() { ctl -j failover-test history | jq -c "$1"; }

t_start_stop()
{
	RET=0
	up || { log_test "setup"; return; }
	capture_start
	ctl -j failover-test start vd minutes 5 > "$WORK/start.json"
	check_err $? "start failed: $(cat "$WORK/start.json")"
	check_eq "$(jq -c '[.vif, .peers, .minutes, .status]' "$WORK/start.json")" \
		'["vd",["10.0.0.2","2001:db8:ff::2"],5,"running"]' "the test started"
	busywait 5000 states_are "Idle Idle" > /dev/null
	check_err $? "sessions: $(states), want Idle Idle"
	sleep 4
	check_eq "$(states)" "Idle Idle" "sessions 4 s later (BIRD reconnects every second)"
	# BIRD retries after its error wait (1-2 s) and connect retry (1 s)
	# timers; under load its first attempt may come later than 4 s
	busywait 10000 grep -q 'connection refused: failover test' "$WORK/dcvifd.log"
	check_err $? "BIRD's connections refused: none logged in 14 s"
	check_eq "$(states)" "Idle Idle" "sessions once BIRD has tried"
	check_eq "$(grep -c 'Received: Administrative shutdown: "BGP failover test 1 on vd until' "$WORK/bird.log")" 2 \
		"BIRD logs the shutdown communication on both sessions"
	log_info "BIRD: $(grep -m1 'Administrative shutdown' "$WORK/bird.log" | cut -d' ' -f3-)"
	check_eq "$(fib -4)" "[]" "routes gone from the FIB"
	check_eq "$(history '[.[0].status, (.[0].end // "none")]')" '["running","none"]' "history while running"
	ctl failover-test stop vd > /dev/null
	check_err $? "stop failed"
	busywait 10000 states_are "Established Established" > /dev/null
	check_err $? "after stop: $(states)"
	busywait 5000 fib_is -4 "$FIB4" > /dev/null
	check_err $? "routes not back after stop"
	capture_stop
	check_eq "$(wire | grep -c '^10.0.0.1>10.0.0.2 NOTIFICATION 6/2')" 1 "Cease/2 on the wire (IPv4)"
	check_eq "$(history '[length, .[0].status, (.[0].end != null)]')" '[1,"stopped",true]' "history after stop"
	ctl failover-test history > "$WORK/history.txt"
	check_eq "$(awk 'NR == 2 { print $1, $2, $3, $NF }' "$WORK/history.txt")" \
		"1 vd stopped 10.0.0.2,2001:db8:ff::2" "history as text"
	log_test "failover-test start vd: both sessions down with Cease/2 + RFC 9003 message (BIRD logs it), held down; stop brings them back; history"
}

t_one_peer()
{
	RET=0
	up || { log_test "setup"; return; }
	ctl failover-test start vd peer 10.0.0.2 > /dev/null
	busywait 5000 states_are "Idle Established" > /dev/null
	check_err $? "sessions: $(states), want Idle Established"
	sleep 2
	check_eq "$(states)" "Idle Established" "2 s later"
	check_eq "$(history '.[0].peers')" '["10.0.0.2"]' "the test's peers"
	log_test "failover-test start vd peer 10.0.0.2: only that session goes down"
}

t_refusals()
{
	RET=0
	up || { log_test "setup"; return; }
	check_eq "$(ctl failover-test start vx 2>&1; echo "rc=$?")" \
		"dcvifctl: no neighbor on vx (a vif block's name, or the interface of neighbor blocks)
rc=1" "unknown VIF"
	check_eq "$(ctl failover-test start vd minutes 4321 2>&1; echo "rc=$?")" \
		"dcvifctl: minutes: 1 to 4320, got '4321'
rc=1" "too long"
	check_eq "$(ctl failover-test start vd peer 10.0.0.9 2>&1; echo "rc=$?")" \
		"dcvifctl: no neighbor 10.0.0.9 on vd
rc=1" "a peer not on the VIF"
	check_eq "$(ctl failover-test stop vd 2>&1; echo "rc=$?")" \
		"dcvifctl: no failover test runs on vd
rc=1" "stop without a test"
	check_eq "$(states)" "Established Established" "sessions after the refusals"
	check_eq "$(history length)" 0 "history after the refusals"
	ctl failover-test start vd > /dev/null
	ctl failover-test start vd peer 10.0.0.2 > "$WORK/second.txt" 2>&1
	check_eq "$?:$(sed -E 's/until [0-9T:-]+Z:/until T:/' "$WORK/second.txt")" \
		"1:dcvifctl: failover test 1 on vd runs until T: stop it first" "a second test on the same peers"
	check_eq "$(history '[.[0].minutes, length]')" '[180,1]' "default 180 minutes, one test"
	log_test "refused with the reason, nothing changed: unknown VIF, minutes past 4320, a peer not on it, stop without a test, a second test"
}

# the state file's running test ends in S seconds from now
shorten()
{
	local until

	until=$(date -u -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%SZ)
	jq --arg u "$until" '.tests[0].until = $u' "$WORK/state/failover-tests.json" > "$WORK/st.json" &&
		mv "$WORK/st.json" "$WORK/state/failover-tests.json"
}

t_restart_resumes()
{
	RET=0
	up || { log_test "setup"; return; }
	ctl failover-test start vd > /dev/null
	busywait 5000 states_are "Idle Idle" > /dev/null
	dcvifd_stop
	shorten 6
	dcvifd_start
	sleep 2
	check_eq "$(states)" "Idle Idle" "sessions after the restart, test still running"
	check_eq "$(grep -c 'failover test 1 on vd resumed' "$WORK/dcvifd.log")" 1 "resumed in the log"
	busywait 15000 states_are "Established Established" > /dev/null
	check_err $? "not back at the end of the test: $(states)"
	check_eq "$(history '.[0].status')" '"completed"' "history: completed"
	log_test "a test survives dcvifd's restart (state file) and ends by itself at its time"
}

t_restart_after_end()
{
	RET=0
	up || { log_test "setup"; return; }
	ctl failover-test start vd > /dev/null
	busywait 5000 states_are "Idle Idle" > /dev/null
	dcvifd_stop
	shorten -10
	dcvifd_start
	busywait 10000 states_are "Established Established" > /dev/null
	check_err $? "sessions not up: $(states)"
	check_eq "$(history '[.[0].status, (.[0].end == .[0].until)]')" '["completed",true]' \
		"ended at its time while dcvifd was down"
	log_test "a test that ended while dcvifd was stopped is closed at start, sessions up"
}

require_cmd bird birdc jq tcpdump
tests_run
exit "$EXIT_STATUS"
