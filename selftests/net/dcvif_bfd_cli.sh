#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifctl bfd/vif/monitor end to end against the kernel's "dcvif" generic
# netlink family: dcvif BFD on both ends of a veth, every -j field checked.
#
#  +--------------------- $NA ---------------------+   +--------------------- $NB ---------------------+
#  | a200: dcvif id 200 (private)                  |   | b200: dcvif id 200 (private)                  |
#  |   10.200.0.1/30  2001:db8:200::1/64           |   |   10.200.0.2/30  2001:db8:200::2/64           |
#  |   BFD sessions <-- UDP 3784, VID 200 -------------------> BFD sessions                            |
#  |          a0 ----------------------------- veth ------------------------------- b0                 |
#  +-----------------------------------------------+   +-----------------------------------------------+
#
# Runs inside the VM: selftests/vm/vm.sh -k KVER -- selftests/net/dcvif_bfd_cli.sh
# DCVIFCTL overrides the binary (default userspace/dcvifctl/dcvifctl).

source "$(dirname "$0")/dcvif_lib.sh"

CTL=${DCVIFCTL:-$DCVIF_TOP/userspace/dcvifctl/dcvifctl}
PY=/usr/bin/python3
FORGE=$DCVIF_TOP/selftests/net/bfd_forge.py
# make -C userspace/dcvifd builds it
require_cmd "$CTL" jq

ALL_TESTS="
	session_up_v4
	session_up_v6
	show_text
	set_intervals_without_flap
	peer_loss_drops_carrier
	monitor_text_and_signals
	admin_down
	no_carrier_coupling
	auth_sha1
	auth_mismatch
	auth_forged
	kernel_errors
	unprivileged
	dump_many
"
# Authentication is the protocol core, the same code on every kernel; the
# text output and the monitor's signals are dcvifctl's.
NEWEST_ONLY="show_text monitor_text_and_signals auth_sha1 auth_mismatch auth_forged"
# The control forgery is built from a packet just sniffed: on the slow debug
# kernel the real peer's next packets can move the meticulous window first.
TIMING_CASES="auth_forged"

ctl() { # ns args...
	local ns=$1
	shift
	ip netns exec "$ns" "$CTL" "$@"
}

# One session as -j shows it, the object (not the array); "" if none.
sess() { # ns dev peer
	ctl "$1" -j bfd show dev "$2" peer "$3" 2>/dev/null | jq -c '.[0] // empty'
}

field() { # ns dev peer jq-filter
	sess "$1" "$2" "$3" | jq -r "$4"
}

state_is() { # ns dev peer state
	[[ $(field "$1" "$2" "$3" .state) == "$4" ]]
}

vif_json() { # ns dev
	ctl "$1" -j vif show dev "$2" | jq -c '.[0]'
}

ifindex_of() { # ns dev
	ip -n "$1" -j link show dev "$2" | jq '.[0].ifindex'
}

# Wait until `dcvifctl monitor` (pid) has joined its group: its netlink
# socket (port id = pid) lists a group in /proc/net/netlink, which shows the
# first 32 (dcvif's "monitor" is among them on the test kernels).
monitor_ready() { # ns pid
	busywait 5000 ip netns exec "$1" awk -v pid="$2" \
		'$2 == 16 && $3 == pid && $4 != "00000000" { f = 1 } END { exit !f }' \
		/proc/net/netlink
}

# monitor_start NS ARGS...: `dcvifctl ARGS monitor` in NS, stdout to the
# file in MON, its pid in MON_PID; killed when the calling test ends.
monitor_start() { # ns args...
	local ns=$1
	shift
	MON=$(mktemp)
	defer rm -f "$MON"
	# not through ctl(): $! must be dcvifctl itself (ip netns exec execs it)
	ip netns exec "$ns" "$CTL" "$@" monitor > "$MON" &
	MON_PID=$!
	defer kill -KILL "$MON_PID" 2> /dev/null
	monitor_ready "$ns" "$MON_PID"
}

exited() { # pid: exited (a zombie until waited for) or gone
	[[ ! -e /proc/$1 || $(awk '{ print $3 }' "/proc/$1/stat" 2> /dev/null) == Z ]]
}

# monitor_stop SIGNAL: signal the monitor, give it 5 s; its exit status.
monitor_stop() {
	kill -"$1" "$MON_PID"
	if ! busywait 5000 exited "$MON_PID"; then
		kill -KILL "$MON_PID"
		wait "$MON_PID"
		return 124
	fi
	wait "$MON_PID"
}

# NB goes silent: every frame b0 sends is dropped (tc), sessions and link
# stay (a deleted Up session would tell its peer AdminDown instead).
# (The clsact qdisc is there from setup: adding one flips static keys, and
# live-patching the xmit path while packets flow has oopsed under TCG.)
nb_silent() {
	tc -n "$NB" filter add dev b0 egress pref 1 matchall action drop &&
		defer nb_talks
}
nb_talks() { tc -n "$NB" filter del dev b0 egress pref 1 2> /dev/null; }

# Sessions a200 <-> b200 with the same extra arguments on both ends, deleted
# when the calling test ends.
pair_add() { # family(4|6) args...
	local fam=$1 la lb
	shift
	if [[ $fam == 4 ]]; then la=10.200.0.1 lb=10.200.0.2; else la=2001:db8:200::1 lb=2001:db8:200::2; fi
	ctl "$NA" bfd add dev a200 local "$la" peer "$lb" "$@" || return 1
	defer ctl "$NA" bfd del dev a200 peer "$lb"
	ctl "$NB" bfd add dev b200 local "$lb" peer "$la" "$@" || return 1
	defer ctl "$NB" bfd del dev b200 peer "$la"
}

setup() {
	dcvif_load || exit 1
	ns_create NA NB
	ip -n "$NA" link add a0 type veth peer name b0 netns "$NB"
	ip -n "$NA" link set a0 up
	ip -n "$NB" link set b0 up
	modprobe cls_matchall && modprobe act_gact || exit 1
	tc -n "$NB" qdisc add dev b0 clsact
	ip -n "$NA" link add link a0 name a200 type dcvif id 200 vif-type private
	ip -n "$NB" link add link b0 name b200 type dcvif id 200 vif-type private
	ip -n "$NA" addr add 10.200.0.1/30 dev a200
	ip -n "$NB" addr add 10.200.0.2/30 dev b200
	ip -n "$NA" addr add 2001:db8:200::1/64 dev a200 nodad
	ip -n "$NB" addr add 2001:db8:200::2/64 dev b200 nodad
	ip -n "$NA" link set a200 up
	ip -n "$NB" link set b200 up
	wait_oper_up "$NA" a200 && wait_oper_up "$NB" b200
}

# The fields of a fresh session that do not depend on the run.
CFG='{dev, local, peer, state, remote_state, diag, remote_diag, last_down_diag,
      desired_min_tx_us, required_min_rx_us, detect_mult, tx_interval_us,
      detect_time_us, passive, admin_down, carrier_coupling, auth_type,
      has_key_id: has("auth_key_id"), has_key: has("auth_key")}'
STATS='.stats | {rx_drops, drop_bad_ttl, drop_malformed, drop_auth,
		 up_transitions, down_transitions, tx: (.tx_packets > 0),
		 rx: (.rx_packets > 0)}'
AUTH_DELTA='[.[0].stats, .[1].stats] | {rx_drops: (.[1].rx_drops - .[0].rx_drops),
	drop_auth: (.[1].drop_auth - .[0].drop_auth),
	drop_bad_ttl: (.[1].drop_bad_ttl - .[0].drop_bad_ttl),
	drop_malformed: (.[1].drop_malformed - .[0].drop_malformed),
	up_transitions: (.[1].up_transitions - .[0].up_transitions),
	down_transitions: (.[1].down_transitions - .[0].down_transitions)}'
STATS_CLEAN='{"rx_drops":0,"drop_bad_ttl":0,"drop_malformed":0,"drop_auth":0,"up_transitions":1,"down_transitions":0,"tx":true,"rx":true}'

session_up_v4() {
	local a b
	RET=0
	pair_add 4
	check_err $? "bfd add on both ends"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	busywait 5000 state_is "$NB" b200 10.200.0.1 Up
	check_err $? "b200 session not Up"
	a=$(sess "$NA" a200 10.200.0.2)
	b=$(sess "$NB" b200 10.200.0.1)
	check_eq "$(jq -c "$CFG" <<< "$a")" \
		'{"dev":"a200","local":"10.200.0.1","peer":"10.200.0.2","state":"Up","remote_state":"Up","diag":"No Diagnostic","remote_diag":"No Diagnostic","last_down_diag":"No Diagnostic","desired_min_tx_us":300000,"required_min_rx_us":300000,"detect_mult":3,"tx_interval_us":300000,"detect_time_us":900000,"passive":false,"admin_down":false,"carrier_coupling":true,"auth_type":"none","has_key_id":false,"has_key":false}' \
		"a200: defaults are Direct Connect's 300 ms x 3"
	check_eq "$(jq .ifindex <<< "$a")" "$(ifindex_of "$NA" a200)" "ifindex"
	check_eq "$(jq -c "$STATS" <<< "$a")" "$STATS_CLEAN" "a200 counters"
	check_eq "$(jq -c "$STATS" <<< "$b")" "$STATS_CLEAN" "b200 counters"
	# Each end's discriminator is the other's remote one, and not zero.
	check_eq "$(jq .local_discr <<< "$a")" "$(jq .remote_discr <<< "$b")" "a -> b discr"
	check_eq "$(jq .local_discr <<< "$b")" "$(jq .remote_discr <<< "$a")" "b -> a discr"
	[[ $(jq .local_discr <<< "$a") != 0 && $(jq .local_discr <<< "$b") != 0 ]]
	check_err $? "zero discriminator"
	check_eq "$(vif_json "$NA" a200 | jq -c '{dev, lower, vid, carrier, bfd_sessions, r: has("carrier_reason")}')" \
		'{"dev":"a200","lower":"a0","vid":200,"carrier":true,"bfd_sessions":1,"r":false}' \
		"vif show -j a200"
	log_test "bfd add (IPv4) on both ends: Up, fields and counters in -j"
}

session_up_v6() {
	RET=0
	pair_add 6 tx-interval 200 rx-interval 250 multiplier 4
	check_err $? "bfd add on both ends"
	busywait 15000 state_is "$NA" a200 2001:db8:200::2 Up
	check_err $? "a200 session not Up"
	# tx = max(our 200, their 250); detect = their 4 x max(our 250, their 200)
	check_eq "$(sess "$NA" a200 2001:db8:200::2 | jq -c "$CFG")" \
		'{"dev":"a200","local":"2001:db8:200::1","peer":"2001:db8:200::2","state":"Up","remote_state":"Up","diag":"No Diagnostic","remote_diag":"No Diagnostic","last_down_diag":"No Diagnostic","desired_min_tx_us":200000,"required_min_rx_us":250000,"detect_mult":4,"tx_interval_us":250000,"detect_time_us":1000000,"passive":false,"admin_down":false,"carrier_coupling":true,"auth_type":"none","has_key_id":false,"has_key":false}' \
		"a200 IPv6 session"
	check_eq "$(ctl "$NA" -j bfd show dev a200 | jq -c '[.[].peer]')" \
		'["2001:db8:200::2"]' "dump of a200's sessions"
	check_eq "$(ctl "$NA" -j bfd show peer 2001:db8:200::2 | jq -c '[.[].dev]')" \
		'["a200"]' "dump filtered by peer"
	log_test "bfd add (IPv6) with intervals: negotiated tx and detect time in -j"
}

show_text() {
	local out
	RET=0
	pair_add 4
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	out=$(ctl "$NA" bfd show)
	check_eq "$(sed -n 1p <<< "$out")" \
		"DEV   LOCAL       PEER        STATE  REMOTE  TX-MS  DETECT-MS  TX-PKTS  RX-PKTS  DROPS  UPS  DOWNS  DIAG" \
		"table header"
	check_eq "$(awk 'NR == 2 { print $1, $2, $3, $4, $5, $6, $7, $10, $11, $12, $13, $14 }' <<< "$out")" \
		"a200 10.200.0.1 10.200.0.2 Up Up 300 900 0 1 0 No Diagnostic" "table row"
	check_eq "$(wc -l <<< "$out")" 2 "one session, one row"
	out=$(ctl "$NA" bfd show dev a200 peer 10.200.0.2)
	check_eq "$(grep -E '^(state|diag|detect time|auth|down transitions) ' <<< "$out")" \
		"state              Up
diag               No Diagnostic
detect time        900 ms
auth               none
down transitions   0" "detail of one session"
	out=$(ctl "$NA" vif show)
	check_eq "$(awk 'NR == 2 { print $1, $2, $3, $4, $5 }' <<< "$out")" "a200 a0 200 on 1" "vif show"
	log_test "bfd show and vif show as text: table, one session in detail"
}

set_intervals_without_flap() {
	RET=0
	pair_add 4
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 tx-interval 100 rx-interval 100 multiplier 5
	check_err $? "bfd set on a200"
	ctl "$NB" bfd set dev b200 peer 10.200.0.1 tx-interval 100 rx-interval 100 multiplier 5
	check_err $? "bfd set on b200"
	busywait 10000 bash -c "[[ \$(ip netns exec $NA $CTL -j bfd show dev a200 peer 10.200.0.2 |
		jq -c '.[0] | [.tx_interval_us, .detect_time_us]') == '[100000,500000]' ]]"
	check_err $? "new intervals not in force"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.state, .desired_min_tx_us, .required_min_rx_us, .detect_mult, .stats.up_transitions, .stats.down_transitions] | @csv')" \
		'"Up",100000,100000,5,1,0' "Poll/Final: still Up, no flap"
	log_test "bfd set tx-interval/rx-interval/multiplier while Up: applied without a flap"
}

peer_loss_drops_carrier() {
	local mon ev ifx discr
	RET=0
	pair_add 4
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	monitor_start "$NA" -j
	mon=$MON
	nb_silent
	check_err $? "tc drop on b0"
	busywait 10000 state_is "$NA" a200 10.200.0.2 Down
	check_err $? "a200 session not Down"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.diag, .last_down_diag, .stats.down_transitions] | @csv')" \
		'"Control Detection Time Expired","Control Detection Time Expired",1' "Down by detection"
	check_eq "$(vif_json "$NA" a200 | jq -c '{carrier, carrier_reason}')" \
		'{"carrier":false,"carrier_reason":"bfd"}' "vif show: carrier held down by BFD"
	ip -n "$NA" -j link show dev a200 | jq -e '.[0].flags | index("NO-CARRIER")' > /dev/null
	check_err $? "ip link: a200 has no NO-CARRIER flag"
	nb_talks
	check_err $? "b0 talks again"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up again"
	busywait 5000 bash -c "ip netns exec $NA $CTL -j vif show dev a200 | jq -e '.[0].carrier' > /dev/null"
	check_err $? "carrier not back"
	busywait 5000 bash -c "[[ \$(jq -c 'select(.event == \"carrier\") | .carrier' $mon | paste -sd,) == false,true ]]"
	monitor_stop INT
	check_err $? "monitor did not exit 0 on SIGINT"

	ifx=$(ifindex_of "$NA" a200)
	discr=$(field "$NA" a200 10.200.0.2 .local_discr)
	ev=$(jq -c 'del(.time)' "$mon")
	check_eq "$(sed -n 1,2p <<< "$ev")" \
		"{\"event\":\"bfd\",\"dev\":\"a200\",\"ifindex\":$ifx,\"local\":\"10.200.0.1\",\"peer\":\"10.200.0.2\",\"local_discr\":$discr,\"old_state\":\"Up\",\"state\":\"Down\",\"diag\":\"Control Detection Time Expired\"}
{\"event\":\"carrier\",\"dev\":\"a200\",\"ifindex\":$ifx,\"carrier\":false,\"carrier_reason\":\"bfd\"}" \
		"first events: Up -> Down, carrier off (bfd)"
	check_eq "$(jq -r 'select(.event == "bfd") | .state' "$mon" | tail -n1)" Up "last state event: Up"
	check_eq "$(jq -c 'select(.event == "carrier") | .carrier' "$mon" | paste -sd,)" "false,true" \
		"carrier events: off, on"
	jq -r .time "$mon" | grep -qvE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6}Z$'
	check_fail $? "a time that is not ISO 8601 UTC with microseconds"
	log_test "peer gone: Down by detection, carrier off (bfd), back on; monitor -j events"
}

monitor_text_and_signals() {
	local mon
	RET=0
	pair_add 4
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	monitor_start "$NB"
	mon=$MON
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 admin-down on
	check_err $? "admin-down on"
	busywait 10000 grep -q "bfd peer 10.200.0.1 Up -> Down" "$mon"
	check_err $? "no Up -> Down line"
	monitor_stop TERM
	check_err $? "monitor did not exit 0 on SIGTERM"
	grep -qxE '20[0-9-]{8}T[0-9:]{8}\.[0-9]{6}Z b200 bfd peer 10\.200\.0\.1 Up -> Down diag Neighbor Signaled Session Down' "$mon"
	check_err $? "monitor line for the peer's AdminDown:
$(cat "$mon")"
	log_test "monitor text lines; SIGTERM ends it with status 0"
}

admin_down() {
	RET=0
	pair_add 4
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 admin-down on
	check_err $? "admin-down on"
	busywait 10000 state_is "$NB" b200 10.200.0.1 Down
	check_err $? "b200 not Down"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.state, .diag, .admin_down] | @csv')" \
		'"AdminDown","Administratively Down",true' "a200 AdminDown"
	check_eq "$(field "$NB" b200 10.200.0.1 '[.state, .remote_state, .diag] | @csv')" \
		'"Down","AdminDown","Neighbor Signaled Session Down"' "b200 sees the peer's AdminDown"
	# RFC 5882 3.2: the peer's AdminDown is no failure; neither VIF drops.
	check_eq "$(vif_json "$NA" a200 | jq .carrier),$(vif_json "$NB" b200 | jq .carrier)" \
		"true,true" "carrier of a200,b200"
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 admin-down off
	check_err $? "admin-down off"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 not Up again"
	log_test "bfd set admin-down on/off: AdminDown, peer Down (Neighbor Signaled), carriers kept"
}

no_carrier_coupling() {
	RET=0
	pair_add 4 no-carrier-coupling
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	check_eq "$(field "$NA" a200 10.200.0.2 .carrier_coupling)" false "carrier_coupling"
	nb_silent
	busywait 10000 state_is "$NA" a200 10.200.0.2 Down
	check_err $? "a200 not Down"
	check_eq "$(field "$NA" a200 10.200.0.2 .diag)" "Control Detection Time Expired" "Down by detection"
	check_eq "$(vif_json "$NA" a200 | jq .carrier)" true "carrier kept without coupling"
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 carrier-coupling on
	check_err $? "carrier-coupling on"
	check_eq "$(field "$NA" a200 10.200.0.2 .carrier_coupling)" true "carrier_coupling after set"
	log_test "no-carrier-coupling: a session going Down leaves the carrier alone"
}

auth_sha1() {
	local a
	RET=0
	pair_add 4 auth keyed-sha1 key-id 7 key 0x00112233445566778899aabbccddeeff01234567
	check_err $? "bfd add with keyed-sha1"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	a=$(sess "$NA" a200 10.200.0.2)
	check_eq "$(jq -c '{auth_type, auth_key_id, has_key: has("auth_key"), drop_auth: .stats.drop_auth}' <<< "$a")" \
		'{"auth_type":"keyed-sha1","auth_key_id":7,"has_key":false,"drop_auth":0}' "auth in -j"
	# rekey both ends to meticulous MD5 with a text key, then drop auth
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 auth meticulous-keyed-md5 key-id 8 key "DX secret"
	check_err $? "bfd set auth on a200"
	ctl "$NB" bfd set dev b200 peer 10.200.0.1 auth meticulous-keyed-md5 key-id 8 key "DX secret"
	check_err $? "bfd set auth on b200"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.auth_type, .auth_key_id] | @csv')" \
		'"meticulous-keyed-md5",8' "auth after set"
	ctl "$NA" bfd set dev a200 peer 10.200.0.2 auth none
	check_err $? "bfd set auth none"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.auth_type, has("auth_key_id")] | @csv')" \
		'"none",false' "auth none"
	log_test "bfd add/set auth (keyed-sha1 hex key, meticulous-keyed-md5 text key, none)"
}

auth_mismatch() {
	RET=0
	ctl "$NA" bfd add dev a200 local 10.200.0.1 peer 10.200.0.2 auth keyed-md5 key-id 1 key right
	check_err $? "bfd add on a200"
	defer ctl "$NA" bfd del dev a200 peer 10.200.0.2
	ctl "$NB" bfd add dev b200 local 10.200.0.2 peer 10.200.0.1 auth keyed-md5 key-id 1 key wrong
	check_err $? "bfd add on b200"
	defer ctl "$NB" bfd del dev b200 peer 10.200.0.1
	busywait 10000 bash -c "[[ \$(ip netns exec $NA $CTL -j bfd show | jq '.[0].stats.drop_auth') -ge 2 ]]"
	check_err $? "no drop_auth counted"
	check_eq "$(field "$NA" a200 10.200.0.2 '[.state, .stats.up_transitions] | @csv')" '"Down",0' \
		"wrong key never comes Up"
	log_test "keyed-md5 with different keys: packets dropped (drop_auth), never Up"
}

# Packets forged by scapy (selftests/net/bfd_forge.py) on NB's side of the
# link into an Up session with meticulous keyed SHA1, each from a packet
# b200 has just sent, changed in one way, saying Down: a replay, a stale
# digest, the wrong key, the wrong Key ID, no auth section, the other hash,
# a sequence number outside the window. All are dropped and counted as
# drop_auth, nothing else is counted, a200 stays Up and keeps accepting the
# real peer (so no forgery moved the sequence window). The control: the
# same tool's correctly signed AdminDown is accepted.
auth_forged() {
	local key="forged-test key" before after kinds out
	RET=0
	pair_add 4 auth meticulous-keyed-sha1 key-id 9 key "$key"
	check_err $? "bfd add with meticulous-keyed-sha1"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 session not Up"
	busywait 5000 state_is "$NB" b200 10.200.0.1 Up
	check_err $? "b200 session not Up"
	kinds="replay stale-digest wrong-key wrong-key-id no-auth other-type seq-far"
	before=$(sess "$NA" a200 10.200.0.2)
	# shellcheck disable=SC2086 # one word per forgery
	out=$(ip netns exec "$NB" "$PY" "$FORGE" --key-id 9 --key "$key" b0 10.200.0.2 $kinds)
	check_err $? "bfd_forge.py: $out"
	check_eq "$(wc -l <<< "$out")" 7 "forgeries sent: $out"
	# the real peer's next packets, accepted after the forgeries
	busywait 5000 bash -c "(( \$(ip netns exec $NA $CTL -j bfd show dev a200 peer 10.200.0.2 |
		jq .[0].stats.rx_packets) >= $(jq .stats.rx_packets <<< "$before") + 3 ))"
	check_err $? "the real peer's packets no longer accepted"
	after=$(sess "$NA" a200 10.200.0.2)
	check_eq "$(jq -sc "$AUTH_DELTA" <<< "$before $after")" \
		'{"rx_drops":35,"drop_auth":35,"drop_bad_ttl":0,"drop_malformed":0,"up_transitions":0,"down_transitions":0}' \
		"7 x 5 forgeries dropped as drop_auth"
	check_eq "$(jq -c '[.state, .remote_state, .remote_discr]' <<< "$after")" \
		"$(jq -c '[.state, .remote_state, .remote_discr]' <<< "$before")" "a200 still Up, same peer"
	check_eq "$(vif_json "$NA" a200 | jq .carrier)" true "carrier kept"

	out=$(ip netns exec "$NB" "$PY" "$FORGE" --count 1 --key-id 9 --key "$key" b0 10.200.0.2 admin-down)
	check_err $? "bfd_forge.py admin-down: $out"
	busywait 5000 bash -c "[[ \$(ip netns exec $NA $CTL -j bfd show dev a200 peer 10.200.0.2 |
		jq -r '.[0] | [.state, .diag] | @csv') == '\"Down\",\"Neighbor Signaled Session Down\"' ]]"
	check_err $? "control: a correctly signed AdminDown was not accepted: $(field "$NA" a200 10.200.0.2 '[.state, .diag, .stats.drop_auth] | @csv')"
	busywait 15000 state_is "$NA" a200 10.200.0.2 Up
	check_err $? "a200 not Up again after the forged AdminDown"
	log_test "forged packets with wrong auth (replay, stale digest, wrong key, key ID, none, other hash, far sequence): dropped as drop_auth, no state change"
}

kernel_errors() {
	local out
	RET=0
	ctl "$NA" bfd add dev a200 local 10.200.0.1 peer 10.200.0.2 passive
	check_err $? "bfd add"
	defer ctl "$NA" bfd del dev a200 peer 10.200.0.2
	check_eq "$(field "$NA" a200 10.200.0.2 .passive)" true "passive"
	out=$(ctl "$NA" bfd add dev a200 local 10.200.0.1 peer 10.200.0.2 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: a BFD session with this peer exists on the VIF" "duplicate"
	out=$(ctl "$NA" bfd del dev a200 peer 10.200.0.3 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: no BFD session with this peer on the VIF" "del unknown"
	out=$(ctl "$NA" bfd set dev a200 peer 2001:db8:200::9 multiplier 4 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: no BFD session with this peer on the VIF" "set unknown"
	out=$(ctl "$NA" bfd show dev a200 peer 10.200.0.3 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: no BFD session with this peer on the VIF" "show unknown"
	out=$(ctl "$NA" bfd add dev a0 local 10.200.0.1 peer 10.200.0.2 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: device is not a dcvif VIF" "not a VIF"
	out=$(ctl "$NA" -j vif show dev lo 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: device is not a dcvif VIF" "vif show of lo"
	log_test "kernel refusals are printed as \"Error: <extack message>\", exit 1"
}

unprivileged() {
	local out
	RET=0
	require_cmd setpriv || return 0
	out=$(ip netns exec "$NA" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CTL" bfd add dev a200 local 10.200.0.1 peer 10.200.0.2 2>&1)
	check_eq "$?:$out" "1:dcvifctl: bfd add: Operation not permitted (the dcvif family needs CAP_NET_ADMIN in the network namespace: run as root)" \
		"bfd add as nobody"
	out=$(ip netns exec "$NA" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CTL" -j bfd show 2>&1)
	check_eq "$?:$out" "1:dcvifctl: bfd show: Operation not permitted (the dcvif family needs CAP_NET_ADMIN in the network namespace: run as root)" \
		"bfd show as nobody"
	log_test "an unprivileged user can neither add nor show sessions, and is told why"
}

# A dump larger than one netlink message: 150 sessions (peers that never
# answer) on a VIF of their own, gone with it.
dump_many() {
	local i n=150
	RET=0
	ip -n "$NA" link add link a0 name a300 type dcvif id 300 vif-type private
	check_err $? "cannot add a300"
	defer ip -n "$NA" link del a300
	ip -n "$NA" addr add 10.30.0.1/16 dev a300
	ip -n "$NA" link set a300 up
	for ((i = 0; i < n; i++)); do
		ctl "$NA" bfd add dev a300 local 10.30.0.1 peer "10.30.$((1 + i / 200)).$((1 + i % 200))" ||
			break
	done
	check_eq "$i" "$n" "sessions added"
	check_eq "$(ctl "$NA" -j bfd show dev a300 | jq 'length')" "$n" "sessions dumped"
	check_eq "$(ctl "$NA" -j bfd show | jq '[.[] | select(.dev == "a300")] | length')" "$n" \
		"sessions in the dump of all"
	check_eq "$(ctl "$NA" -j bfd show dev a300 | jq -r '[.[].peer] | unique | length')" "$n" \
		"each session once"
	check_eq "$(vif_json "$NA" a300 | jq .bfd_sessions)" "$n" "vif show bfd_sessions"
	check_eq "$(ctl "$NA" bfd show dev a300 | wc -l)" "$((n + 1))" "text table rows"
	log_test "a dump of $n sessions spans several messages, each session once"
}

setup
tests_run
exit "$EXIT_STATUS"
