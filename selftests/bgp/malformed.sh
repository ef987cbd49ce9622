#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed input from a scripted peer (rawpeer.py in the peer namespace,
# plain sockets, no MD5): each case checks the NOTIFICATION the RFCs name,
# or treat-as-withdraw with the session kept, and that dcvifd (ASan/UBSan
# build) is still running and exits without a leak.
#
#   netns $D: dcvifd 10.0.0.1 (vd) ---veth--- (vp) 10.0.0.2 rawpeer.py: $P

source "$(dirname "$0")/bgp_lib.sh"

ALL_TESTS="
	t_bad_marker
	t_bad_length
	t_bad_type
	t_open_hold_zero
	t_open_bad_as
	t_unknown_wellknown
	t_truncated_mp_reach
	t_bad_nlri
	t_bad_origin_flags
	t_bad_aspath
	t_no_leak
"

PREFIX=198.51.100.0/24
FIB_RAW='[{"dst":"198.51.100.0/24","gateway":"10.0.0.2","dev":"vd","flags":[]}]'

setup()
{
	topo || return 1
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 10.0.0.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	neighbor 10.0.0.2 {
		remote-as $P_AS
		passive
	}
	EOF
	dcvifd_start
}

# one rawpeer per test, as a coprocess: say CMD, hear its answer
peer_up()
{
	coproc RAW { ip netns exec "$P" "$BGP_DIR/rawpeer.py" 2>&1; }
	RAW_PID=$RAW_PID
	defer kill "$RAW_PID"
}

say()
{
	local answer

	echo "$*" >&"${RAW[1]}"
	read -r -t 20 answer <&"${RAW[0]}"
	echo "$answer"
}

established()
{
	peer_up
	check_eq "$(say open 10.0.0.2 10.0.0.1 $P_AS)" ESTABLISHED "session up"
}

alive()
{
	kill -0 "$DCVIFD_PID" 2>/dev/null
	check_err $? "dcvifd died"
}

# case NAME CMD EXPECTED: after CMD, the peer receives EXPECTED
notif_case()
{
	local desc=$1 cmd=$2 want=$3

	RET=0
	setup
	established
	check_eq "$(say "$cmd")" SENT "sent"
	check_eq "$(say expect 5)" "$want" "answer to $desc"
	alive
	log_test "malformed: $desc -> $want"
}

MARK=ffffffffffffffffffffffffffffffff

t_bad_marker()
{
	notif_case "bad marker" "raw ffffffffffffffffffffffffffff00ff 0013 04" \
		"NOTIFICATION 1/1"
}

t_bad_length()
{
	notif_case "KEEPALIVE of length 20" "raw $MARK 0014 04 00" \
		"NOTIFICATION 1/2"
}

t_bad_type()
{
	notif_case "message type 9" "raw $MARK 0013 09" "NOTIFICATION 1/3"
}

t_open_hold_zero()
{
	RET=0
	setup
	peer_up
	check_eq "$(say open 10.0.0.2 10.0.0.1 $P_AS 0)" "NOTIFICATION 2/6" \
		"OPEN with hold time 0"
	alive
	log_test "malformed: OPEN with hold time 0 refused -> NOTIFICATION 2/6"
}

t_open_bad_as()
{
	RET=0
	setup
	peer_up
	check_eq "$(say open 10.0.0.2 10.0.0.1 65099)" "NOTIFICATION 2/2" \
		"OPEN from the wrong AS"
	alive
	log_test "malformed: OPEN from an unexpected AS -> NOTIFICATION 2/2"
}

t_unknown_wellknown()
{
	# ORIGIN, AS_PATH, NEXT_HOP, then type 99 flagged well-known
	notif_case "unknown well-known attribute" \
		"update 0000 0019 40010100 4002060201fa56ea02 400304 0a000002 406302abcd 18c63364" \
		"NOTIFICATION 3/2"
}

t_truncated_mp_reach()
{
	# MP_REACH (IPv6) whose NLRI says /64 but carries no octets
	notif_case "truncated MP_REACH_NLRI" \
		"update 0000 0026 40010100 4002060201fa56ea02 800e16 0002 01 10 20010db8000000000000000000000002 00 40" \
		"NOTIFICATION 3/9"
}

t_bad_nlri()
{
	notif_case "NLRI prefix length 33" \
		"update 0000 0014 40010100 4002060201fa56ea02 400304 0a000002 21 c6336400 00" \
		"NOTIFICATION 3/10"
}

# case DESC BODY: a good route first, then BODY for the same prefix must
# take it out of the FIB and leave the session up
taw_case()
{
	local desc=$1 body=$2

	RET=0
	setup
	established
	check_eq "$(say announce $PREFIX 10.0.0.2)" SENT "announce"
	busywait 5000 fib_is -4 "$FIB_RAW" > /dev/null
	check_eq "$(fib -4)" "$FIB_RAW" "well-formed route installed"
	check_eq "$(say update "$body")" SENT "sent"
	busywait 5000 fib_is -4 '[]' > /dev/null
	check_eq "$(fib -4)" '[]' "route withdrawn (treat-as-withdraw)"
	check_eq "$(say expect 2)" NONE "no NOTIFICATION, session kept"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -c '[.state,.updates_treated_as_withdraw]')" \
		'["Established",1]' "counted, still Established"
	alive
	log_test "malformed: $desc -> treat-as-withdraw, session kept"
}

t_bad_origin_flags()
{
	# ORIGIN with the optional bit set (flags 0xc0 instead of 0x40)
	taw_case "ORIGIN with optional attribute flags" \
		"0000 0014 c0010100 4002060201fa56ea02 400304 0a000002 18c63364"
}

t_bad_aspath()
{
	# AS_PATH segment of length 0
	taw_case "AS_PATH with an empty segment" \
		"0000 0014 40010100 4002060200fa56ea02 400304 0a000002 18c63364"
}

t_no_leak()
{
	RET=0
	setup
	established
	check_eq "$(say announce $PREFIX 10.0.0.2)" SENT "announce"
	busywait 5000 fib_is -4 "$FIB_RAW" > /dev/null
	check_eq "$(say raw $MARK 0013 09)" SENT "garbage"
	check_eq "$(say expect 5)" "NOTIFICATION 1/3" "answer to garbage"
	dcvifd_stop
	check_err $? "sanitizer report at exit"
	check_eq "$DCVIFD_RC" 0 "dcvifd exit status"
	log_test "malformed: dcvifd exits cleanly after bad input, no leak (ASan)"
}

export -f fib fib_is ctl
export WORK D
tests_run
exit "$EXIT_STATUS"
