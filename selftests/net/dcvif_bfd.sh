#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In-kernel BFD on VIFs: between two dcvif VIFs, and against FRR's bfdd on
# the kernel's 8021q; BFD Down takes the VIF's carrier (routes linkdown),
# Up brings it back; spoofed packets are dropped and counted; only
# CAP_NET_ADMIN changes sessions; deleting an Up session tells the peer
# AdminDown first. Most steps use dcvifctl (one quick C process per call);
# session creation, reading, the monitor group, the EPERM checks and the
# 1000-session batch also go through the kernel's own YNL library driven by
# Documentation/netlink/specs/dcvif.yaml (dcvif_ynl.py), so the spec is
# exercised too (each YNL call costs ~1 s under TCG).
#
#  +------------------- $CUST -------------------+    +-------------------- $AWS --------------------+
#  | v100: dcvif id 100                          |    | a100: dcvif id 100    (dcvif <-> dcvif)      |
#  |   10.100.0.1/30  2001:db8:100::1/64         |    | aws0.200: 8021q id 200 + FRR bfdd            |
#  | v200: dcvif id 200                          |    |   10.200.0.2/30  2001:db8:200::2/64          |
#  |   10.200.0.1/30  2001:db8:200::1/64         |    |                                              |
#  |        cust0 ------------------------------ veth ------------------------ aws0                 |
#  +---------------------------------------------+    +----------------------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	dcvif_pair_up
	peer_silent_takes_carrier
	peer_delete_sends_admin_down
	never_up_keeps_carrier
	coupling_off
	spoofed_packets
	bad_length_packets
	key_refused_by_the_core
	key_wiped_in_request
	addresses_refused
	unprivileged_refused
	userns_root_manages_its_netns
	frr_bfdd_interop
	frr_bfdd_50ms
	frr_bfdd_sees_admin_down
	echo_dcvif
	frr_bfdd_echo
	bird_interop_auth
	rmmod_with_1000_sessions
"
# Interop with FRR bfdd and BIRD: the packets and the state machine are the
# same code on every kernel.
NEWEST_ONLY="frr_bfdd_interop frr_bfdd_50ms frr_bfdd_sees_admin_down frr_bfdd_echo bird_interop_auth"

YNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dcvif_ynl.py")
cy() { ip netns exec "$CUST" "${YNL[@]}" "$@"; }
CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
cc() { ip netns exec "$CUST" "$CTL" "$@"; }
ac() { ip netns exec "$AWS" "$CTL" "$@"; }

setup() {
	dcvif_load || exit 1
	modprobe cls_matchall && modprobe act_gact || exit 1
	[[ -x $CTL ]] || { echo "# $CTL missing: make userspace"; exit 1; }
	[[ -f $DCVIF_TOP/build/ynl/tools/net/ynl/lib/ynl.py ]] ||
		{ echo "# build/ynl missing: run selftests/host/genl_spec.sh first"; exit 1; }
	ns_create CUST AWS
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	tc -n "$AWS" qdisc add dev aws0 clsact
	ip -n "$CUST" link add link cust0 name v100 type dcvif id 100
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200
	ip -n "$AWS" link add link aws0 name a100 type dcvif id 100
	ip -n "$AWS" link add link aws0 name aws0.200 type vlan id 200
	ip -n "$CUST" addr add 10.100.0.1/30 dev v100
	ip -n "$CUST" addr add 2001:db8:100::1/64 dev v100
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$CUST" addr add 2001:db8:200::1/64 dev v200
	ip -n "$AWS" addr add 10.100.0.2/30 dev a100
	ip -n "$AWS" addr add 2001:db8:100::2/64 dev a100
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	ip -n "$AWS" addr add 2001:db8:200::2/64 dev aws0.200
	for d in v100 v200; do ip -n "$CUST" link set "$d" up; done
	for d in a100 aws0.200; do ip -n "$AWS" link set "$d" up; done
	wait_oper_up "$CUST" v100 v200
	# A route through v100, to watch it go linkdown.
	ip -n "$CUST" route add 192.0.2.0/24 via 10.100.0.2 dev v100
}

# A field of one of $CUST's sessions, or of a VIF, as dcvifctl -j shows it.
sget() { cc -j bfd show dev "$1" peer "$2" | jq -r ".[0] | $3"; } # vif peer jq
vget() { cc -j vif show dev "$1" | jq -r ".[0] | $2"; } # vif jq
state() { sget "$1" "$2" .state; } # vif peer
state_is() { [[ $(state "$1" "$2") == "$3" ]]; }

wait_state() { # vif peer State timeout_ms
	busywait "$4" state_is "$1" "$2" "$3"
}

# Sessions both ways between v100 and a100, at 300 ms x 3.
pair100() { # cust-addr aws-addr
	cc bfd add dev v100 local "$1" peer "$2" && ac bfd add dev a100 local "$2" peer "$1"
}

dcvif_pair_up() {
	RET=0
	# Through YNL and the spec: the reply carries the kernel's discriminator.
	check_eq "$(cy new v100 10.100.0.1 10.100.0.2 desired-min-tx=300000 required-min-rx=300000 |
		jq -r '.["local-discr"] > 0')" \
		true "session created, discriminator chosen by the kernel"
	ac bfd add dev a100 local 10.100.0.2 peer 10.100.0.1
	check_err $? "peer session"
	pair100 2001:db8:100::1 2001:db8:100::2
	check_err $? "IPv6 sessions"
	wait_state v100 10.100.0.2 Up 10000
	check_eq "$(state v100 10.100.0.2)" Up "IPv4 session Up"
	wait_state v100 2001:db8:100::2 Up 10000
	check_eq "$(state v100 2001:db8:100::2)" Up "IPv6 session Up"
	check_eq "$(cy get v100 10.100.0.2 |
		jq -r '[.["remote-state"], .["tx-interval"], .["detect-time"], .stats["up-transitions"]] | join(" ")')" \
		"up 300000 900000 1" "negotiated 300 ms x 3 (YNL)"
	check_eq "$(sget v100 2001:db8:100::2 '[.remote_state, .tx_interval_us, .detect_time_us, .stats.up_transitions] | join(" ")')" \
		"Up 300000 900000 1" "negotiated 300 ms x 3, IPv6"
	check_eq "$(vget v100 .carrier)" true "carrier on"
	log_test "dcvif <-> dcvif BFD, IPv4 and IPv6, comes Up at 300 ms x 3"
}

# The AWS end goes silent: every frame aws0 sends is dropped (tc), the
# sessions and the link stay.  The clsact qdisc is there from the start:
# adding one flips static keys, and live-patching the xmit path while
# packets flow has oopsed (int3 in tc_run) under qemu TCG.
aws_silent() { tc -n "$AWS" filter add dev aws0 egress pref 1 matchall action drop; }
aws_talks() { tc -n "$AWS" filter del dev aws0 egress pref 1 2> /dev/null; }

peer_silent_takes_carrier() {
	local t0 t1 mon=/tmp/bfd-monitor.json
	RET=0
	# The monitor group through YNL and the spec.
	ip netns exec "$CUST" "${YNL[@]}" monitor 40 > "$mon" &
	local mpid=$!
	defer kill "$mpid"
	busywait 20000 grep -q ready "$mon"
	t0=$(date +%s%N)
	aws_silent
	check_err $? "tc drop on aws0"
	defer aws_talks
	wait_state v100 10.100.0.2 Down 5000
	t1=$(date +%s%N)
	log_info "Down seen $(( (t1 - t0) / 1000000 )) ms after the peer went silent (detect time 900 ms; includes dcvifctl polling)"
	check_eq "$(sget v100 10.100.0.2 '[.state, .diag, .last_down_diag, .stats.down_transitions] | join(",")')" \
		"Down,Control Detection Time Expired,Control Detection Time Expired,1" "Down, Control Detection Time Expired"
	check_eq "$(vget v100 '[.carrier, .carrier_reason] | join(" ")')" "false bfd" "carrier off because of BFD"
	# 6.1 calls any stacked device without carrier LOWERLAYERDOWN; 6.12
	# looks at the lower, which is up.
	check_eq "$(ip -n "$CUST" -j link show dev v100 | jq -r '.[0] | [.operstate, (.flags | index("NO-CARRIER") != null)] | join(" ")')" \
		"$(kmsg "DOWN true" "LOWERLAYERDOWN true")" "VIF operstate, NO-CARRIER"
	check_eq "$(ip -n "$CUST" -j route show 192.0.2.0/24 | jq -c '.[0].flags')" \
		'["linkdown"]' "route via the VIF is linkdown"
	busywait 3000 grep -q '"carrier": 0, "carrier-reason": "bfd"' "$mon" > /dev/null
	grep -q '"name": "bfd-state-ntf".*"old-state": "up".*"state": "down".*"diag": "detect-expired"' "$mon" ||
		grep -q '"old-state": "up", .*"state": "down"' "$mon"
	check_err $? "state change event on monitor: $(head -c 600 "$mon")"
	grep -q '"carrier": 0, "carrier-reason": "bfd"' "$mon"
	check_err $? "carrier event on monitor"
	# The peer talks again: Up again, carrier back, route usable.
	aws_talks
	wait_state v100 10.100.0.2 Up 10000
	wait_state v100 2001:db8:100::2 Up 10000
	busywait 3000 bash -c "[[ \$(ip -n $CUST -j link show v100) == *'\"operstate\":\"UP\"'* ]]"
	check_eq "$(vget v100 .carrier)" true "carrier back"
	check_eq "$(ip -n "$CUST" -j route show 192.0.2.0/24 | jq -c '.[0].flags')" \
		"[]" "route usable again"
	ip netns exec "$CUST" ping -c 1 -W 2 10.100.0.2 >/dev/null
	check_err $? "traffic"
	log_test "peer silent: Down on detection, VIF carrier off, routes linkdown; back Up: carrier on"
}

# RFC 5880 6.8.16, RFC 5882 3.2: a deleted Up session says AdminDown for a
# Detection Time, so the other end sees an administrative stop, not a
# failure, and keeps its carrier (coupling on).
peer_delete_sends_admin_down() {
	local mon sess downs
	RET=0
	mon=$(mktemp)
	defer rm -f "$mon"
	ip netns exec "$CUST" "$CTL" -j monitor > "$mon" &
	defer kill "$!"
	downs=$(sget v100 10.100.0.2 .stats.down_transitions)
	sleep 0.3
	ac bfd del dev a100 peer 10.100.0.1
	check_err $? "bfd del on a100"
	check_eq "$(ac -j vif show dev a100 | jq .[0].bfd_sessions)" 1 "a100: the session is gone at once"
	wait_state v100 10.100.0.2 Down 5000
	# (the remote state reads Down again once v100's Detection Time has
	# passed without a packet: RFC 5880 6.8.1; the diagnostic stays)
	check_eq "$(sget v100 10.100.0.2 '[.state, .diag, .remote_diag, .last_down_diag] | join(",")')" \
		"Down,Neighbor Signaled Session Down,Administratively Down,Neighbor Signaled Session Down" \
		"v100 saw the peer's AdminDown (diag 7)"
	# Past the Detection Time: the deleted end has stopped, nothing failed.
	sleep 1.5
	sess=$(sget v100 10.100.0.2 '[.state, .diag, .stats.down_transitions] | join(",")')
	check_eq "$sess" "Down,Neighbor Signaled Session Down,$((downs + 1))" "no detection-expired after the drain"
	check_eq "$(vget v100 '[.carrier, .carrier_reason // "-"] | join(" ")')" "true -" "v100 keeps its carrier"
	check_eq "$(ip -n "$CUST" -j route show 192.0.2.0/24 | jq -c '.[0].flags')" "[]" "route not linkdown"
	check_eq "$(jq -c 'select(.event == "bfd" and .peer == "10.100.0.2") | [.old_state, .state, .diag]' "$mon")" \
		'["Up","Down","Neighbor Signaled Session Down"]' "monitor: one Up -> Down, Neighbor Signaled"
	check_eq "$(jq -c 'select(.event == "carrier")' "$mon")" "" "monitor: no carrier event"
	ac bfd add dev a100 local 10.100.0.2 peer 10.100.0.1
	wait_state v100 10.100.0.2 Up 10000
	check_err $? "Up again"
	log_test "bfd del of an Up session: AdminDown to the peer first, peer keeps carrier"
}

never_up_keeps_carrier() {
	RET=0
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.9
	check_err $? "session to a peer that never answers"
	sleep 2
	check_eq "$(state v200 10.200.0.9)" Down "stays Down"
	check_eq "$(vget v200 .carrier)" true "a session never Up never takes carrier"
	cc bfd del dev v200 peer 10.200.0.9
	check_eq "$(vget v200 .bfd_sessions)" 0 "a session never Up is deleted at once"
	log_test "a session that has never been Up leaves the carrier alone"
}

coupling_off() {
	RET=0
	cc bfd set dev v100 peer 10.100.0.2 carrier-coupling off &&
		cc bfd set dev v100 peer 2001:db8:100::2 carrier-coupling off
	check_err $? "coupling off"
	ac bfd set dev a100 peer 10.100.0.1 admin-down on && ac bfd set dev a100 peer 2001:db8:100::1 admin-down on
	check_err $? "peer AdminDown"
	wait_state v100 10.100.0.2 Down 5000
	check_eq "$(sget v100 10.100.0.2 .diag)" "Neighbor Signaled Session Down" "Neighbor Signaled Session Down"
	check_eq "$(vget v100 .carrier)" true "uncoupled: carrier stays"
	ac bfd set dev a100 peer 10.100.0.1 admin-down off && ac bfd set dev a100 peer 2001:db8:100::1 admin-down off
	wait_state v100 10.100.0.2 Up 10000
	wait_state v100 2001:db8:100::2 Up 10000
	check_eq "$(state v100 2001:db8:100::2)" Up "IPv6 Up again"
	cc bfd set dev v100 peer 10.100.0.2 carrier-coupling on &&
		cc bfd set dev v100 peer 2001:db8:100::2 carrier-coupling on
	check_eq "$(sget v100 10.100.0.2 .carrier_coupling)" true "coupling back on"
	log_test "carrier coupling can be switched off per session"
}

# Control packets forged by scapy (selftests/net/bfd_forge.py) on the AWS
# side, five of each kind, from the packet a100 has just sent to v100 (the
# real session's addresses, ports, VLAN and discriminators), each saying
# Down: accepted, one would take the session down.
spoof() { # forgery...
	ip netns exec "$AWS" /usr/bin/python3 "$DCVIF_TOP/selftests/net/bfd_forge.py" aws0 10.100.0.2 "$@"
}

STATS_DELTA='{"rx_drops": (.[1].rx_drops - .[0].rx_drops),
	"drop_bad_ttl": (.[1].drop_bad_ttl - .[0].drop_bad_ttl),
	"drop_malformed": (.[1].drop_malformed - .[0].drop_malformed),
	"drop_auth": (.[1].drop_auth - .[0].drop_auth),
	"down_transitions": (.[1].down_transitions - .[0].down_transitions)}'

spoofed_packets() {
	local before after nosess
	RET=0
	before=$(sget v100 10.100.0.2 .stats)
	nosess=$(vget v100 .bfd_drop_no_session)
	check_eq "$(spoof ttl254 version2 unknown-discr | paste -sd,)" \
		"sent ttl254 x5,sent version2 x5,sent unknown-discr x5" "forged by scapy"
	sleep 0.5
	after=$(sget v100 10.100.0.2 .stats)
	check_eq "$(jq -sc "$STATS_DELTA" <<< "$before $after")" \
		'{"rx_drops":10,"drop_bad_ttl":5,"drop_malformed":5,"drop_auth":0,"down_transitions":0}' \
		"TTL 254 and bad version dropped and counted, no flap ($(sget v100 10.100.0.2 '[.state, .last_down_diag] | join(",")'))"
	check_eq "$(vget v100 .bfd_drop_no_session)" "$((nosess + 5))" "unknown discriminator counted on the VIF"
	check_eq "$(state v100 10.100.0.2)" Up "still Up"
	log_test "spoofed packets (TTL 254, version 2, unknown discriminator) dropped, counted"
}

# RFC 5880 6.8.6: Length larger than the UDP payload, or below the 24
# bytes of a packet without authentication, is discarded.
bad_length_packets() {
	local before after sess_before
	RET=0
	before=$(sget v100 10.100.0.2 .stats)
	sess_before=$(sget v100 10.100.0.2 '[.state, .remote_state, .remote_discr, .diag] | join(",")')
	check_eq "$(spoof len40-in-24 len20 len16-in-16 | paste -sd,)" \
		"sent len40-in-24 x5,sent len20 x5,sent len16-in-16 x5" "forged by scapy"
	sleep 0.5
	after=$(sget v100 10.100.0.2 .stats)
	check_eq "$(jq -sc "$STATS_DELTA" <<< "$before $after")" \
		'{"rx_drops":15,"drop_bad_ttl":0,"drop_malformed":15,"drop_auth":0,"down_transitions":0}' \
		"Length 40 in 24 bytes, Length 20, Length 16 in 16 bytes: malformed ($(sget v100 10.100.0.2 '[.state, .last_down_diag] | join(",")'))"
	check_eq "$(sget v100 10.100.0.2 '[.state, .remote_state, .remote_discr, .diag] | join(",")')" \
		"$sess_before" "session unchanged"
	check_eq "$(state v100 10.100.0.2)" Up "still Up"
	log_test "bad Length (above the UDP payload, below 24) dropped as malformed, no state change"
}

key_wiped_in_request() {
	local ifi
	RET=0
	ifi=$(ip -n "$CUST" -j link show dev v200 | jq '.[0].ifindex')
	# refused before the VIF is found, and by the core (17 bytes for a
	# simple password): the error ack echoes the request, key wiped
	check_eq "$(ip netns exec "$CUST" "$DCVIF_TOP/selftests/net/genl_key_echo.py" 999999 secret12)" \
		"error -19 key: 0000000000000000" "no such VIF (ENODEV)"
	check_eq "$(ip netns exec "$CUST" "$DCVIF_TOP/selftests/net/genl_key_echo.py" "$ifi" 0123456789abcdefg)" \
		"error -22 key: 0000000000000000000000000000000000" "17-byte simple password (EINVAL)"
	log_test "a refused request's key is wiped before the error ack echoes the request"
}

unprivileged_refused() {
	RET=0
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" new v200 10.200.0.1 10.200.0.7)" "Error:  (EPERM)" "new as nobody"
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" del v100 10.100.0.2)" "Error:  (EPERM)" "del as nobody"
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" get v100 10.100.0.2)" "Error:  (EPERM)" "get as nobody"
	check_eq "$(cy get v200 10.200.0.7 2>&1)" \
		"Error: dcvif: no BFD session with this peer on the VIF (ENOENT)" "nothing created"
	check_eq "$(state v100 10.100.0.2)" Up "not deleted"
	log_test "an unprivileged user cannot create, read or delete sessions"
}

# A key the attribute policy lets through (up to 20 bytes) but the
# protocol core refuses for its type (simple and MD5 take 16): the session
# was already findable by its discriminator; it goes away whole (the
# kernel frees it after an RCU grace period), nothing else changes.
key_refused_by_the_core() {
	local before
	RET=0
	before=$(cc -j bfd show | jq -c 'map({dev, peer, state})')$(cc -j vif show dev v200 | jq -r '.[0].bfd_sessions')
	check_eq "$(cy new v200 10.200.0.1 10.200.0.9 auth-type=1 auth-key-id=1 auth-key=0123456789abcdefg)" \
		"Error: dcvif: authentication key length out of range (1-16, SHA1 1-20) (EINVAL)" \
		"17-byte simple key"
	check_eq "$(cy new v200 10.200.0.1 10.200.0.9 auth-type=2 auth-key-id=1 auth-key=0123456789abcdefghij)" \
		"Error: dcvif: authentication key length out of range (1-16, SHA1 1-20) (EINVAL)" \
		"20-byte keyed MD5 key"
	check_eq "$(cc -j bfd show | jq -c 'map({dev, peer, state})')$(cc -j vif show dev v200 | jq -r '.[0].bfd_sessions')" \
		"$before" "sessions and v200's count unchanged"
	log_test "a key the core refuses: no session, nothing changed"
}

# Addresses that name no unicast peer or local end, through the genl
# family directly (dcvifctl has its own checks): refused, nothing created.
addresses_refused() {
	local before l p msg
	RET=0
	before=$(cc -j bfd show | jq -c 'map({dev, peer, state})')
	while read -r l p msg; do
		check_eq "$(cy new v200 "$l" "$p")" "Error: dcvif: ${msg//_/ }" "local $l peer $p"
	done <<-EOF
	10.200.0.1 0.0.0.0 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	10.200.0.1 224.0.0.5 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	10.200.0.1 255.255.255.255 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	10.200.0.1 127.0.0.1 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	2001:db8:200::1 :: the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	2001:db8:200::1 ff02::1 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	2001:db8:200::1 ::1 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	2001:db8:200::1 ::ffff:10.200.0.2 the_peer_must_be_a_unicast_address_(EADDRNOTAVAIL)
	0.0.0.0 10.200.0.2 the_local_address_must_be_a_unicast_address_(EADDRNOTAVAIL)
	ff02::2 2001:db8:200::2 the_local_address_must_be_a_unicast_address_(EADDRNOTAVAIL)
	10.200.0.1 10.200.0.1 the_local_and_peer_addresses_must_differ_(EINVAL)
	EOF
	check_eq "$(cc -j bfd show | jq -c 'map({dev, peer, state})')" "$before" "sessions unchanged"
	# RFC 5881 section 5: an IPv6 link-local peer is fine.
	check_eq "$(cy new v200 fe80::1 fe80::2 | jq -r 'has("local-discr")')" true "link-local peer taken"
	cc bfd del dev v200 peer fe80::2
	log_test "unspecified, multicast, broadcast, loopback, mapped and equal addresses refused"
}

# Root of a user namespace that owns a netns (a container) has
# CAP_NET_ADMIN there: it creates VIFs through rtnetlink, and manages their
# sessions too (GENL_UNS_ADMIN_PERM); the init netns's sessions are not
# its to see or change.
userns_root_manages_its_netns() {
	local out
	RET=0
	# shellcheck disable=SC2016 # expanded by the inner shell
	out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
		unshare --user --map-root-user --net bash -c '
		ip link add u0 type veth peer name u1 &&
		ip link add link u0 name u200 type dcvif id 200 &&
		ip addr add 10.9.0.1/30 dev u200 && ip link set u0 up && ip link set u200 up &&
		"$1" bfd add dev u200 local 10.9.0.1 peer 10.9.0.2 &&
		"$1" -j bfd show dev u200 | jq -r ".[0].state" &&
		"$1" bfd set dev u200 peer 10.9.0.2 tx-interval 500 &&
		"$1" -j bfd show dev u200 | jq -r ".[0].desired_min_tx_us" &&
		"$1" bfd del dev u200 peer 10.9.0.2 &&
		"$1" -j bfd show | jq length' _ "$CTL" 2>&1)
	check_eq "$out" "Down
500000
0" "root of a user namespace: add, set, del in its own netns"
	check_eq "$(cc -j bfd show dev v100 peer 10.100.0.2 | jq -r '.[0].state')" Up \
		"the other netns's session untouched"
	log_test "root of a user namespace manages the sessions of its own netns"
}

# FRR's bfdd on the AWS side's 8021q, peers v200's addresses at INTERVAL
# ms x 3; zebra with it; both killed when the calling test ends.
bfdd_start() { # interval_ms
	frr_bfdd_start "$AWS" aws0.200 "$1" 10.200.0.2,10.200.0.1 2001:db8:200::2,2001:db8:200::1
}

frr_bfdd_interop() {
	RET=0
	require_cmd /usr/lib/frr/bfdd
	bfdd_start 300
	check_err $? "zebra and bfdd"
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 && cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2
	check_err $? "dcvif sessions at AWS's 300 ms x 3"
	wait_state v200 10.200.0.2 Up 20000
	check_eq "$(state v200 10.200.0.2)" Up "Up with FRR bfdd, IPv4"
	wait_state v200 2001:db8:200::2 Up 20000
	check_eq "$(state v200 2001:db8:200::2)" Up "Up with FRR bfdd, IPv6"
	# Poll/Final with bfdd: our intervals 300 -> 500 ms while Up; bfdd
	# must answer the Poll with Final before either end uses them.
	cc bfd set dev v200 peer 10.200.0.2 tx-interval 500 rx-interval 500 &&
		cc bfd set dev v200 peer 2001:db8:200::2 tx-interval 500 rx-interval 500
	check_err $? "bfd set 500 ms while Up"
	for peer in 10.200.0.2 2001:db8:200::2; do
		busywait 10000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v200 peer $peer |
			jq -c '.[0] | [.tx_interval_us, .detect_time_us]') == '[500000,1500000]' ]]"
		check_err $? "$peer: 500 ms not in force: $(sget v200 "$peer" '[.tx_interval_us, .detect_time_us] | @csv')"
		check_eq "$(sget v200 "$peer" '[.state, .stats.up_transitions, .stats.down_transitions] | join(" ")')" \
			"Up 1 0" "$peer: Poll/Final with bfdd, no flap"
	done
	busywait 5000 bash -c "ip netns exec $AWS vtysh -N $AWS -c 'show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200' 2> /dev/null |
		grep -A3 'Remote timers:' | grep -q 'Transmission interval: 500ms'"
	check_err $? "bfdd does not see our 500 ms: $(ip netns exec "$AWS" vtysh -N "$AWS" -c 'show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200' 2>&1)"
	check_eq "$(grep -ac 'state-change: .*peer:10.200.0.1 .*up -> down' "$FRR_DIR/bfdd.log")" 0 \
		"bfdd saw no flap of the IPv4 session"
	ip -n "$CUST" route add 198.51.100.0/24 via 10.200.0.2 dev v200 &&
		ip -n "$CUST" route add 2001:db8:5100::/48 via 2001:db8:200::2 dev v200
	check_err $? "routes via v200"
	defer ip -n "$CUST" route del 198.51.100.0/24
	defer ip -n "$CUST" route del 2001:db8:5100::/48
	pkill -KILL -F "/run/frr/$AWS/bfdd.pid"
	wait_state v200 10.200.0.2 Down 5000
	check_eq "$(sget v200 10.200.0.2 .diag)" "Control Detection Time Expired" "bfdd killed: Down, detection expired"
	check_eq "$(vget v200 .carrier)" false "carrier off"
	check_eq "$(ip -n "$CUST" -j route show 198.51.100.0/24 | jq -c '.[0].flags')" \
		'["linkdown"]' "IPv4 route via v200 linkdown"
	check_eq "$(ip -n "$CUST" -j -6 route show 2001:db8:5100::/48 | jq -c '.[0].flags')" \
		'["linkdown"]' "IPv6 route via v200 linkdown"
	bfdd_start 300
	# bfdd starts afresh (new discriminator, slow 1 s TX), under TCG.
	wait_state v200 10.200.0.2 Up 60000
	check_eq "$(state v200 10.200.0.2)" Up "bfdd back: Up
$(cc -j bfd show dev v200; cc -j vif show dev v200; pgrep -a bfdd; tail -n 30 "$FRR_DIR/bfdd.log")"
	busywait 3000 bash -c "[[ \$(ip netns exec $CUST $CTL -j vif show dev v200 | jq .[0].carrier) == true ]]"
	check_eq "$(vget v200 .carrier)" true "carrier back"
	check_eq "$(ip -n "$CUST" -j route show 198.51.100.0/24 | jq -c '.[0].flags')" \
		'[]' "IPv4 route usable again"
	cc bfd del dev v200 peer 10.200.0.2 && cc bfd del dev v200 peer 2001:db8:200::2
	log_test "interop with FRR bfdd (IPv4, IPv6, 300 ms x 3): Up, Poll/Final to 500 ms, killed -> Down, routes linkdown, back -> Up"
}

# Microseconds since the epoch of a dcvifctl monitor -j time stamp.
mon_us() { date -d "$1" +%s%6N; }

frr_bfdd_50ms() {
	local mon t0 t peer ms pid i
	RET=0
	require_cmd /usr/lib/frr/bfdd
	bfdd_start 50
	check_err $? "zebra and bfdd"
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 tx-interval 50 rx-interval 50 &&
		cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2 tx-interval 50 rx-interval 50
	check_err $? "dcvif sessions at 50 ms x 3"
	defer cc bfd del dev v200 peer 10.200.0.2
	defer cc bfd del dev v200 peer 2001:db8:200::2
	wait_state v200 10.200.0.2 Up 20000
	wait_state v200 2001:db8:200::2 Up 20000
	check_eq "$(sget v200 10.200.0.2 '[.state, .tx_interval_us, .detect_time_us] | join(" ")')" \
		"Up 50000 150000" "Up with FRR bfdd, IPv4, 50 ms x 3"
	check_eq "$(sget v200 2001:db8:200::2 '[.state, .tx_interval_us, .detect_time_us] | join(" ")')" \
		"Up 50000 150000" "Up with FRR bfdd, IPv6, 50 ms x 3"
	mon=$(mktemp)
	defer rm -f "$mon"
	ip netns exec "$CUST" "$CTL" -j monitor > "$mon" &
	defer kill "$!"
	# The monitor is listening once it reports a marker session's
	# AdminDown toggles (its start-up alone takes seconds on a busy host).
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.9
	for i in $(seq 50); do
		cc bfd set dev v200 peer 10.200.0.9 admin-down $( ((i % 2)) && echo on || echo off)
		grep -q '"peer":"10.200.0.9"' "$mon" && break
		sleep 0.2
	done
	grep -q '"peer":"10.200.0.9"' "$mon"
	check_err $? "the monitor never reported the marker session"
	cc bfd del dev v200 peer 10.200.0.9
	# builtins only between the time stamp and the kill: a fork and exec
	# (date, pkill) takes 50-150 ms under TCG and used to count as ours
	pid=$(< "/run/frr/$AWS/bfdd.pid")
	t0=${EPOCHREALTIME/./}
	kill -KILL "$pid"
	wait_state v200 10.200.0.2 Down 5000
	wait_state v200 2001:db8:200::2 Down 5000
	for peer in 10.200.0.2 2001:db8:200::2; do
		check_eq "$(sget v200 "$peer" '[.state, .diag] | join(",")')" \
			"Down,Control Detection Time Expired" "bfdd killed: $peer Down, detection expired"
		ms=
		for t in $(jq -r "select(.event == \"bfd\" and .peer == \"$peer\" and .state == \"Down\") | .time" "$mon"); do
			t=$(mon_us "$t")
			((t >= t0)) && ms=$(( (t - t0) / 1000 )) && break
		done
		[[ -n $ms ]]
		check_err $? "no Down event for $peer"
		log_info "$peer: Down $ms ms after SIGKILL of bfdd (detect time 150 ms; monitor time stamps; $(jq -c "select(.event == \"bfd\" and .peer == \"$peer\" and .state == \"Down\")" "$mon" | wc -l) Down events in all)"
	done
	check_eq "$(vget v200 .carrier)" false "carrier off"
	log_test "interop with FRR bfdd at 50 ms x 3 (IPv4, IPv6): Up, killed -> Down"
}

# Deleting an Up session to bfdd: bfdd sees AdminDown (diag 7) and logs a
# session down for neighbor-down, not control-expired.
frr_bfdd_sees_admin_down() {
	local log=$FRR_DIR/bfdd.log
	RET=0
	require_cmd /usr/lib/frr/bfdd vtysh
	bfdd_start 300
	check_err $? "zebra and bfdd"
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2
	wait_state v200 10.200.0.2 Up 20000
	check_err $? "Up with bfdd"
	busywait 5000 grep -q "state-change: .*peer:10.200.0.1 .* -> up" "$log"
	check_err $? "bfdd logs the session Up: $(tail -n 5 "$log")"
	cc bfd del dev v200 peer 10.200.0.2
	check_err $? "bfd del"
	busywait 5000 grep -q "state-change: .*peer:10.200.0.1 .*up -> down" "$log"
	sleep 1.5	# past bfdd's Detection Time: no second reason
	check_eq "$(grep -a "state-change: .*peer:10.200.0.1 " "$log" | grep -o 'up -> down reason:.*')" \
		"up -> down reason:neighbor-down" "bfdd's log: down once, because the neighbor said so"
	check_eq "$(ip netns exec "$AWS" vtysh -N "$AWS" -c "show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200" 2> /dev/null |
		sed -n 's/^[[:space:]]*\(Status\|Diagnostics\): //p' | paste -sd,)" \
		"down,neighbor signaled session down" "bfdd's show bfd peer"
	log_test "bfd del of a session Up with FRR bfdd: bfdd sees AdminDown (neighbor-down), no timeout"
}

# A field of one of $AWS's sessions
aget() { ac -j bfd show dev "$1" peer "$2" | jq -r ".[0] | $3"; } # vif peer jq
# Forwarding: IPv4 on DEV, IPv6 in the whole netns (what ip6_forward() reads)
fwd() { # ns dev 0|1
	ip netns exec "$1" sysctl -qw "net.ipv4.conf.${2//./\/}.forwarding=$3" \
		"net.ipv6.conf.all.forwarding=$3"
}
# The TTLs (sorted, unique) of Echo packets from and to ADDR on aws0, in 2 s
echo_ttls() { # vlan addr
	timeout 2 ip netns exec "$AWS" tcpdump -nn -v -l -i aws0 \
		"vlan $1 and udp dst port 3785 and src host $2 and dst host $2" 2> /dev/null |
		grep -o 'ttl [0-9]*' | sort -u | paste -sd,
}

# Echo between two dcvif VIFs (RFC 5880 6.4, RFC 5881 4): CUST sends Echo
# packets from its address to its address, which the AWS VIF's forwarding
# path loops back; CUST then asks for Control packets every 1 s. Forwarding
# off at AWS: Echo Function Failed, and the carrier stays off although the
# Control packets bring the session Up again, until Echo packets return.
echo_dcvif() {
	local out c4 c6 d6 n p
	RET=0
	# Addresses of their own on v100 and a100: the sessions of the earlier
	# cases (10.100.0.0/30) stay as they are, for the rmmod case.
	ip -n "$CUST" addr add 10.101.0.1/30 dev v100 &&
		ip -n "$CUST" addr add 2001:db8:101::1/64 dev v100 &&
		ip -n "$AWS" addr add 10.101.0.2/30 dev a100 &&
		ip -n "$AWS" addr add 2001:db8:101::2/64 dev a100
	check_err $? "addresses for the Echo sessions"
	defer ip -n "$CUST" addr del 10.101.0.1/30 dev v100
	defer ip -n "$CUST" addr del 2001:db8:101::1/64 dev v100
	defer ip -n "$AWS" addr del 10.101.0.2/30 dev a100
	defer ip -n "$AWS" addr del 2001:db8:101::2/64 dev a100
	out=$(ac bfd add dev a100 local 10.101.0.2 peer 10.101.0.1 echo-rx-interval 300 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: echo-rx-interval: IPv4 forwarding is off on a100" \
		"Error: dcvif: echo-rx-interval: IPv4 forwarding is off on the VIF")" \
		"looping refused while a100 does not forward"
	out=$(ac bfd add dev a100 local 2001:db8:101::2 peer 2001:db8:101::1 echo-rx-interval 300 2>&1)
	check_eq "$?:$out" "1:Error: dcvif: echo-rx-interval: IPv6 forwarding is off in the netns" \
		"and IPv6 while the netns does not forward"
	check_eq "$(ac -j bfd show dev a100 | jq '[.[] | select(.peer == "10.101.0.1")] | length')" 0 \
		"and no session made"
	out=$(cc bfd add dev v100 local 10.101.0.1 peer 10.101.0.2 echo-interval 0.5 2>&1)
	check_fail $? "echo-interval 0.5 ms refused by the CLI: $out"
	fwd "$AWS" a100 1
	defer fwd "$AWS" a100 0
	ac bfd add dev a100 local 10.101.0.2 peer 10.101.0.1 echo-rx-interval 300 &&
		ac bfd add dev a100 local 2001:db8:101::2 peer 2001:db8:101::1 echo-rx-interval 300
	check_err $? "AWS sessions looping Echo"
	cc bfd add dev v100 local 10.101.0.1 peer 10.101.0.2 echo-interval 300 &&
		cc bfd add dev v100 local 2001:db8:101::1 peer 2001:db8:101::2 echo-interval 300
	check_err $? "CUST sessions sending Echo"
	defer cc bfd del dev v100 peer 10.101.0.2
	defer cc bfd del dev v100 peer 2001:db8:101::2
	defer ac bfd del dev a100 peer 10.101.0.1
	defer ac bfd del dev a100 peer 2001:db8:101::1
	for p in 10.101.0.2 2001:db8:101::2; do
		busywait 20000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v100 peer $p |
			jq -r '.[0] | [.state, .echo_active] | join(\" \")') == 'Up true' ]]"
		check_err $? "$p: Up with Echo: $(sget v100 $p '[.state, .echo_active] | join(" ")')"
		check_eq "$(sget v100 $p '[.echo_tx_interval_us, .remote_echo_rx_us, .echo_interval_us, .tx_interval_us] | join(" ")')" \
			"300000 300000 300000 300000" "$p: Echo every 300 ms, Control still every 300 ms"
	done
	for p in 10.101.0.1 2001:db8:101::1; do
		busywait 10000 bash -c "[[ \$(ip netns exec $AWS $CTL -j bfd show dev a100 peer $p | jq '.[0].tx_interval_us') == 1000000 ]]"
		check_err $? "$p: AWS's Control interval is not 1 s: $(aget a100 $p .tx_interval_us)"
		check_eq "$(aget a100 $p '[.echo_active, .echo_rx_interval_us, .stats.echo_tx_packets] | join(" ")')" \
			"false 300000 0" "$p: AWS loops, sends none"
	done
	check_eq "$(echo_ttls 100 10.101.0.1)" "ttl 254,ttl 255" \
		"on the wire: 10.101.0.1 > 10.101.0.1 port 3785 out with TTL 255, back with 254"
	c4=$(sget v100 10.101.0.2 .stats.echo_rx_packets)
	c6=$(sget v100 2001:db8:101::2 .stats.echo_rx_packets)
	sleep 1.5
	check_eq "$(( $(sget v100 10.101.0.2 .stats.echo_rx_packets) > c4 &&
		$(sget v100 2001:db8:101::2 .stats.echo_rx_packets) > c6 ))" 1 \
		"Echo packets keep coming back (IPv4 from $c4, IPv6 from $c6)"

	# AWS stops forwarding IPv4: its Control packets keep coming.
	d6=$(sget v100 2001:db8:101::2 .stats.down_transitions)
	ip netns exec "$AWS" sysctl -qw net.ipv4.conf.a100.forwarding=0
	busywait 5000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v100 peer 10.101.0.2 | jq -r '.[0].last_down_diag') == 'Echo Function Failed' ]]"
	check_err $? "IPv4 not Down by Echo: $(sget v100 10.101.0.2 '[.state, .last_down_diag] | join(",")')"
	check_eq "$(vget v100 .carrier)" false "Echo failed: carrier off"
	sleep 3
	n=$(sget v100 10.101.0.2 .stats.up_transitions)
	check_eq "$(vget v100 .carrier):$((n > 1))" false:1 \
		"3 s later: carrier still off, though Control brought the session Up again ($n Up transitions)"
	check_eq "$(sget v100 2001:db8:101::2 '[.state, .echo_active, .stats.down_transitions] | join(" ")')" \
		"Up true $d6" "the IPv6 session, forwarded still, keeps running Echo"
	ip netns exec "$AWS" sysctl -qw net.ipv4.conf.a100.forwarding=1
	busywait 10000 bash -c "[[ \$(ip netns exec $CUST $CTL -j vif show dev v100 | jq .[0].carrier) == true ]]"
	check_err $? "carrier not back once forwarding is: $(sget v100 10.101.0.2 '[.state, .echo_active] | join(" ")')"

	# Echo off: no state change, Control at 300 ms again.
	n=$(sget v100 10.101.0.2 .stats.up_transitions)
	cc bfd set dev v100 peer 10.101.0.2 echo-interval 0
	check_err $? "bfd set echo-interval 0"
	busywait 10000 bash -c "[[ \$(ip netns exec $AWS $CTL -j bfd show dev a100 peer 10.101.0.1 | jq '.[0].tx_interval_us') == 300000 ]]"
	check_err $? "AWS back to 300 ms"
	check_eq "$(sget v100 10.101.0.2 '[.state, .echo_active, .echo_interval_us, .stats.up_transitions] | join(" ")')" \
		"Up false 0 $n" "Echo off: Up, no transition"
	log_test "Echo between dcvif VIFs (IPv4, IPv6): looped by the peer's forwarding, Control slowed to 1 s; forwarding off -> Echo Function Failed, carrier held until Echo returns"
}

# FRR bfdd's echo-mode (FRR 8.4 loops nothing itself: its Echo packets for
# IPv4 go out on a packet socket to our MAC and our forwarding loops them;
# it reads them back with TTL 254). Both directions at 300 ms.
frr_bfdd_echo() {
	local out f0 e0
	RET=0
	require_cmd /usr/lib/frr/bfdd vtysh
	FRR_BFD_EXTRA=("echo-mode" "echo transmit-interval 300" "echo receive-interval 300")
	frr_bfdd_start "$AWS" aws0.200 300 10.200.0.2,10.200.0.1
	check_err $? "zebra and bfdd with echo-mode"
	FRR_BFD_EXTRA=()
	fwd "$AWS" aws0.200 1
	defer fwd "$AWS" aws0.200 0
	fwd "$CUST" v200 1
	defer fwd "$CUST" v200 0
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 echo-interval 300 echo-rx-interval 300
	check_err $? "our session: Echo both ways"
	defer cc bfd del dev v200 peer 10.200.0.2
	busywait 30000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v200 peer 10.200.0.2 |
		jq -r '.[0] | [.state, .echo_active] | join(\" \")') == 'Up true' ]]"
	check_err $? "Up with Echo: $(sget v200 10.200.0.2 '[.state, .echo_active, .remote_echo_rx_us] | join(" ")')"
	check_eq "$(sget v200 10.200.0.2 .remote_echo_rx_us)" 300000 "bfdd advertises Required Min Echo RX 300 ms"
	frr_counters() {
		ip netns exec "$AWS" vtysh -N "$AWS" -c "show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200 counters" 2> /dev/null
	}
	frr_echo_in() { frr_counters | sed -n 's/.*Echo packet input: \([0-9]*\).*/\1/p'; }
	busywait 20000 bash -c "(( \$(ip netns exec $AWS vtysh -N $AWS -c 'show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200 counters' 2> /dev/null |
		sed -n 's/.*Echo packet input: \([0-9]*\).*/\1/p') > 2 ))"
	check_err $? "bfdd's Echo packets do not come back through our forwarding: $(frr_counters)"
	check_eq "$(echo_ttls 200 10.200.0.2)" "ttl 254,ttl 255" "bfdd's Echo on the wire: out with TTL 255, looped by us with 254"
	e0=$(sget v200 10.200.0.2 .stats.echo_rx_packets)
	f0=$(frr_echo_in)
	sleep 2
	check_eq "$(( $(sget v200 10.200.0.2 .stats.echo_rx_packets) > e0 && $(frr_echo_in) > f0 ))" 1 \
		"Echo both ways: ours looped by bfdd's kernel ($e0 ->), bfdd's by ours ($f0 ->)"
	check_eq "$(grep -ac 'state-change: .*peer:10.200.0.1 .*up -> down' "$FRR_DIR/bfdd.log")" 0 "bfdd saw no flap"

	# Our forwarding off: bfdd's Echo fails, bfdd says so (diag 2).
	ip netns exec "$CUST" sysctl -qw net.ipv4.conf.v200.forwarding=0
	busywait 10000 grep -q "state-change: .*peer:10.200.0.1 .*up -> down reason:echo-failed" "$FRR_DIR/bfdd.log"
	check_err $? "bfdd's Echo did not fail: $(grep -a 'state-change' "$FRR_DIR/bfdd.log" | tail -n 3)"
	check_eq "$(sget v200 10.200.0.2 .last_down_diag)" "Neighbor Signaled Session Down" \
		"we went Down because bfdd said so"
	ip netns exec "$CUST" sysctl -qw net.ipv4.conf.v200.forwarding=1
	# bfdd's forwarding off: ours fails.
	wait_state v200 10.200.0.2 Up 20000
	ip netns exec "$AWS" sysctl -qw net.ipv4.conf.aws0/200.forwarding=0
	busywait 10000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v200 peer 10.200.0.2 | jq -r '.[0].last_down_diag') == 'Echo Function Failed' ]]"
	check_err $? "our Echo did not fail: $(sget v200 10.200.0.2 '[.state, .last_down_diag] | join(",")')"
	busywait 10000 grep -q "state-change: .*peer:10.200.0.1 .*up -> down reason:neighbor-down" "$FRR_DIR/bfdd.log"
	check_err $? "bfdd did not hear of it: $(grep -a 'state-change' "$FRR_DIR/bfdd.log" | tail -n 3)"
	ip netns exec "$AWS" sysctl -qw net.ipv4.conf.aws0/200.forwarding=1
	busywait 20000 bash -c "[[ \$(ip netns exec $CUST $CTL -j vif show dev v200 | jq .[0].carrier) == true ]]"
	check_err $? "carrier not back: $(sget v200 10.200.0.2 '[.state, .echo_active] | join(" ")')"
	log_test "interop with FRR bfdd echo-mode (IPv4, 300 ms): Echo both ways, each side's forwarding off -> Echo Function Failed there, back"
}

# BIRD 2 on the AWS side's 8021q, once per authentication type: the session
# comes Up, then an interval change while Up (Poll/Final) causes no flap.
bird_run() { # clause
	local dir=/tmp/bird-$AWS
	mkdir -p "$dir"
	[[ -f $dir/pid ]] && kill "$(cat "$dir/pid")" && sleep 0.5
	cat > "$dir/bird.conf" <<-EOF
	router id 10.200.0.2;
	protocol device { }
	protocol bfd {
		interface "aws0.200" { interval 300 ms; multiplier 3; $1 };
		neighbor 10.200.0.1 dev "aws0.200" local 10.200.0.2;
		neighbor 2001:db8:200::1 dev "aws0.200" local 2001:db8:200::2;
	}
	EOF
	ip netns exec "$AWS" bird -c "$dir/bird.conf" -s "$dir/ctl" -P "$dir/pid"
}

bird_state() { # [peer address as BIRD shows it]
	ip netns exec "$AWS" birdc -s "/tmp/bird-$AWS/ctl" show bfd sessions |
		awk -v a="${1:-10.200.0.1}" '$1 == a { print $3 }'
}

bird_interop_auth() {
	local i downs
	local -a clauses=(
		"authentication none;"
		'authentication simple; password "s3cret" { id 7; };'
		'authentication keyed md5; password "md5-s3cret" { id 7; };'
		'authentication meticulous keyed md5; password "md5-s3cret" { id 7; };'
		'authentication keyed sha1; password "sha1-s3cret-0123456" { id 7; };'
		'authentication meticulous keyed sha1; password "sha1-s3cret-0123456" { id 7; };'
	)
	local -a keys=(x s3cret md5-s3cret md5-s3cret sha1-s3cret-0123456 sha1-s3cret-0123456)
	local -a types=(none simple keyed-md5 meticulous-keyed-md5 keyed-sha1 meticulous-keyed-sha1)
	RET=0
	require_cmd bird birdc
	for i in 0 1 2 3 4 5; do
		bird_run "${clauses[i]}"
		if ((i)); then
			cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 auth "${types[i]}" key-id 7 key "${keys[i]}"
		else
			cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2
		fi
		check_err $? "session, auth type $i"
		wait_state v200 10.200.0.2 Up 20000
		check_eq "$(state v200 10.200.0.2)" Up "dcvif Up with BIRD, auth type $i"
		check_eq "$(bird_state)" Up "BIRD's view, auth type $i"
		check_eq "$(sget v200 10.200.0.2 .auth_type)" "${types[i]}" "auth type reported"
		# Poll/Final: 300 -> 200 ms while Up, no flap.
		downs=$(sget v200 10.200.0.2 .stats.down_transitions)
		cc bfd set dev v200 peer 10.200.0.2 tx-interval 200 rx-interval 200
		busywait 5000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v200 peer 10.200.0.2 | jq .[0].desired_min_tx_us) == 200000 ]]"
		sleep 1
		check_eq "$(sget v200 10.200.0.2 '[.state, .tx_interval_us, .stats.down_transitions, .stats.drop_auth] | join(" ")')" \
			"Up 300000 $downs 0" "after Poll/Final (BIRD keeps 300 ms RX), auth type $i
$(sget v200 10.200.0.2 '{diag, last_down_diag, stats}' | jq -c .) $(uptime)"
		cc bfd del dev v200 peer 10.200.0.2
		# IPv6: without authentication and with the strongest kind
		((i == 0 || i == 5)) || continue
		if ((i)); then
			cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2 auth "${types[i]}" \
				key-id 7 key "${keys[i]}"
		else
			cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2
		fi
		check_err $? "IPv6 session, auth type $i"
		wait_state v200 2001:db8:200::2 Up 20000
		check_eq "$(state v200 2001:db8:200::2)" Up "dcvif Up with BIRD over IPv6, auth type $i"
		check_eq "$(bird_state 2001:db8:200::1)" Up "BIRD's view over IPv6, auth type $i"
		cc bfd del dev v200 peer 2001:db8:200::2
	done
	# A wrong key never comes Up, and the drops are counted.
	bird_run "${clauses[4]}"
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 auth keyed-sha1 key-id 7 key wrong-key
	sleep 4
	check_eq "$(sget v200 10.200.0.2 '[.state, .stats.up_transitions, .stats.drop_auth > 0] | join(" ")')" \
		"Down 0 true" "wrong SHA1 key: never Up, drops counted"
	cc bfd del dev v200 peer 10.200.0.2
	kill "$(cat "/tmp/bird-$AWS/pid")"
	log_test "interop with BIRD 2: no auth and each auth type Up (IPv4; IPv6 none and meticulous SHA1), Poll/Final without a flap, wrong key refused"
}

rmmod_with_1000_sessions() {
	RET=0
	ip -n "$CUST" link add link cust0 name v300 type dcvif id 300
	ip -n "$CUST" addr add 10.30.0.1/16 dev v300
	ip -n "$CUST" link set v300 up
	# One YNL process for the batch.
	check_eq "$(cy many v300 10.30.0.1 1000)" 1000 "1000 sessions"
	check_eq "$(vget v300 .bfd_sessions)" 1000 "counted"
	# a100's sessions, Up, deleted: they tell v100 AdminDown for 900 ms,
	# and rmmod must not wait for that.
	check_eq "$(state v100 10.100.0.2)" Up "v100 <-> a100 Up"
	ac bfd del dev a100 peer 10.100.0.1 && ac bfd del dev a100 peer 2001:db8:100::1
	check_err $? "bfd del on a100"
	check_eq "$(ac -j vif show dev a100 | jq .[0].bfd_sessions)" 0 "a100 has none left"
	sleep 1
	rmmod dcvif
	check_err $? "rmmod"
	check_eq "$(vif_count "$CUST")" 0 "VIFs gone"
	dcvif_load
	log_test "rmmod with 1000 live sessions and two still sending AdminDown"
}

setup
tests_run
exit "$EXIT_STATUS"
