#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dclag's in-kernel LACP against kernel bonding mode 802.3ad (lacp_rate
# fast): convergence, traffic, a VIF on the LAG to 8021q on the bond,
# min-links counted on LACP sync (the partner stops LACP while carrier
# stays up: the member leaves after the short timeout), malformed LACPDUs
# ignored and counted, LACP switched off at run time.
#
#  +---------------- $NS1 ----------------+   +-------------- $NS2 ---------------+
#  | v100 (dcvif id 100) 10.1.0.1/24      |   |           bond0.100 10.1.0.2/24   |
#  | lag0 (dclag, lacp active, fast,      |   |           bond0 (802.3ad, fast,   |
#  |       min-links 2) 10.0.0.1/24       |   |             layer3+4) 10.0.0.2/24 |
#  |   a0 a1 a2 (veth) -------------------+---+---------- b0 b1 b2                |
#  +--------------------------------------+   +-----------------------------------+
#  tc on b0/b1 egress drops 0x8809 to stop the partner's LACPDUs, carrier up.

source "$(dirname "$0")/dcvif_lib.sh"

# The dcvif genl family through the kernel's YNL library and our spec.
LAGYNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dclag_ynl.py")
YNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dcvif_ynl.py")

ALL_TESTS="
	lacp_converge
	lacp_genl
	lacp_partner_silent
	lacp_malformed
	lacp_addr_change
	lacp_off_at_runtime
"

setup() {
	dcvif_load || exit 1
	modprobe bonding max_bonds=0 || exit 1
	ns_create NS1 NS2
	ns_no_dad "$NS1"
	ns_no_dad "$NS2"
	ip -n "$NS1" link add lag0 type dclag lacp active lacp-rate fast min-links 2
	ip -n "$NS2" link add bond0 type bond mode 802.3ad lacp_rate fast \
		xmit_hash_policy layer3+4 miimon 100
	for i in 0 1 2; do
		ip -n "$NS1" link add "a$i" type veth peer name "b$i" netns "$NS2"
		ip -n "$NS1" link set "a$i" master lag0
		ip -n "$NS2" link set "b$i" master bond0
	done
	ip -n "$NS1" addr add 10.0.0.1/24 dev lag0
	ip -n "$NS2" addr add 10.0.0.2/24 dev bond0
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	ip -n "$NS2" link add link bond0 name bond0.100 type vlan id 100
	ip -n "$NS1" addr add 10.1.0.1/24 dev v100
	ip -n "$NS2" addr add 10.1.0.2/24 dev bond0.100
	for d in lag0 v100; do ip -n "$NS1" link set "$d" up; done
	for d in bond0 bond0.100; do ip -n "$NS2" link set "$d" up; done
}

lag_data() { # field of info_data of lag0
	link_field "$NS1" lag0 "d['linkinfo']['info_data']$1"
}

member_data() { # member field
	link_field "$NS1" "$1" "d['linkinfo']['info_slave_data']$2"
}

bond_partner_field() { # field of each bond port's partner (us), one a line
	ip netns exec "$NS2" sed -n "/details partner lacp pdu/,/port state/s/^ *$1: //p" \
		/proc/net/bonding/bond0
}

active_members() { # wait until lag0 has exactly N active members
	busywait "${2:-15000}" bash -c "[[ \$(ip -n $NS1 -d -j link show lag0) == *'\"active_members\":$1}'* ]]" > /dev/null
}

wait_oper() { # ns dev state
	busywait 10000 bash -c "[[ \$(ip -n $1 -j link show dev $2) == *'\"operstate\":\"$3\"'* ]]" > /dev/null
}

# Frames of one slow-protocols flood: tc drops them on a bond port's way out.
silence() { # port
	tc -n "$NS2" qdisc add dev "$1" clsact
	tc -n "$NS2" filter add dev "$1" egress protocol 0x8809 pref 1 matchall action drop
}

unsilence() { # port
	tc -n "$NS2" qdisc del dev "$1" clsact 2> /dev/null
}

lacp_converge() {
	local i full="activity,timeout,aggregation,sync,collecting,distributing"

	RET=0
	active_members 3 30000
	check_err $? "LACP did not converge on 3 members: $(lag_data "")"
	wait_oper "$NS1" lag0 UP
	check_err $? "LAG not up"
	for i in 0 1 2; do
		# Under a loaded TCG host a late LACPDU can flap a port for a
		# moment: wait for the steady state rather than sample it.
		busywait 10000 bash -c "[[ \$(ip -n $NS1 -d -j link show a$i) == *'\"active\":true,\"reason\":\"none\"'* ]]" > /dev/null
		check_err $? "a$i not active: $(member_data "a$i" "")"
		check_eq "$(member_data "a$i" "['lacp_actor_state'], d['linkinfo']['info_slave_data']['lacp_partner_state']")" \
			"('$full', '$full')" "a$i actor and partner state"
		check_eq "$(member_data "a$i" "['lacpdu_rx'] > 0, d['linkinfo']['info_slave_data']['lacpdu_tx'] > 0, d['linkinfo']['info_slave_data']['lacpdu_bad']")" \
			"(True, True, 0)" "a$i LACPDU counters"
	done
	# Bonding put all three ports in one aggregator with us as partner.
	busywait 10000 bash -c "ip netns exec $NS2 grep -q 'Number of ports: 3' /proc/net/bonding/bond0"
	check_err $? "bond's active aggregator has not 3 ports"
	check_eq "$(ip netns exec "$NS2" sed -n '/Active Aggregator Info/,/^$/s/.*Partner Mac Address: //p' /proc/net/bonding/bond0)" \
		"$(link_field "$NS1" lag0 "d['address']")" "bond's partner is the LAG"
	# Our Port Numbers as the bond sees them: nonzero, one per member.
	check_eq "$(bond_partner_field 'port number' | sort | tr '\n' ' ')" "1 2 3 " \
		"actor port numbers"
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.0.0.2 > /dev/null
	check_err $? "no ping across LAG and bond"
	wait_oper "$NS1" v100 UP
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no ping from the VIF on the LAG to 8021q on the bond"
	log_test "dclag LACP: converges with bonding 802.3ad, traffic, VIF to 8021q"
}

# lag-get/dump and the monitor group's LAG events, through YNL (every call
# costs a second under TCG: few calls, each checking many fields).
lacp_genl() {
	local mon=/tmp/dclag-monitor.json mpid bondmac idx members

	RET=0
	active_members 3 30000
	check_err $? "not converged"
	# The monitor starts (slowly under TCG) while the reads run.
	ip netns exec "$NS1" "${YNL[@]}" monitor 120 > "$mon" &
	mpid=$!
	defer kill "$mpid"
	bondmac=$(link_field "$NS2" bond0 "d['address']")
	for i in 0 1 2; do
		idx[i]=$(link_field "$NS1" "a$i" "d['ifindex']")
		members+="[${idx[i]}, 1, 1, 'none', 63, 63, '$bondmac', true, true, 0], "
	done
	# Fields of lag0 and of each member: state bits 63 are activity,
	# timeout, aggregation, sync, collecting, distributing.
	check_eq "$(ip netns exec "$NS1" "${LAGYNL[@]}" get lag0 \
		"[d['ifname'], d['carrier'], d['min-links'], d['active-members'], d['members'], d['lacp'], d['lacp-rate'], [[m['ifindex'], m['carrier'], m['active'], m['reason'], m['lacp-actor-state'], m['lacp-partner-state'], m['lacp-partner-system'], m['lacpdu-rx'] > 0, m['lacpdu-tx'] > 0, m['lacpdu-bad']] for m in d['member']]]" | tr '"' "'")" \
		"['lag0', 1, 2, 3, 3, 'active', 1, [${members%, }]]" "lag-get lag0"
	# The dump is per netns: lag0 here, nothing where the bond lives.
	check_eq "$(ip netns exec "$NS1" "${LAGYNL[@]}" dump "[x['ifname'] for x in d]")" \
		'["lag0"]' "lag-get dump in the LAG's netns"
	check_eq "$(ip netns exec "$NS2" "${LAGYNL[@]}" dump)" "[]" "lag-get dump elsewhere"
	check_eq "$(ip netns exec "$NS1" "${LAGYNL[@]}" get a0)" \
		"Error: device is not a dclag LAG (ENODEV)" "lag-get on a member"

	busywait 60000 grep -q ready "$mon"
	check_err $? "monitor not ready"
	# min-links 2 of 3: one cut leaves the LAG up, the second takes it down.
	ip -n "$NS2" link set b0 down
	defer ip -n "$NS2" link set b0 up
	active_members 2
	ip -n "$NS2" link set b1 down
	defer ip -n "$NS2" link set b1 up
	wait_oper "$NS1" lag0 DOWN
	check_err $? "LAG not down"
	ip -n "$NS2" link set b0 up
	ip -n "$NS2" link set b1 up
	active_members 3 30000
	check_err $? "members not back"
	busywait 5000 grep -q '"carrier": 1' "$mon"
	# Members that a starved TCG VM sees flap on LACP are left out: the
	# cuts' events, in order, and the LAG's down event.
	check_eq "$(/usr/bin/python3 -c '
import json, sys
down = False
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("name") == "lag-member-ntf":
        m = e["msg"]["member"][0]
        if m["reason"] == "carrier":
            print(e["msg"]["ifname"], m["ifindex"], m["active"], m["reason"], m["carrier"])
    elif e.get("name") == "lag-carrier-ntf":
        m = e["msg"]
        if m["carrier"] == 0 and m["min-links"] == 2 and m["active-members"] < 2:
            down = True
print("lag0 down", down)
' "$mon")" \
		"lag0 ${idx[0]} 0 carrier 0
lag0 ${idx[1]} 0 carrier 0
lag0 down True" "monitor: a0, a1 inactive for carrier, LAG down"
	grep -q '"name": "lag-member-ntf".*"active": 1' "$mon" &&
		grep -q '"name": "lag-carrier-ntf".*"carrier": 1' "$mon"
	check_err $? "monitor: members active and LAG up again: $(tail -c 600 "$mon")"
	log_test "dclag genl: lag-get/dump fields, per netns; monitor member and LAG events"
}

lacp_partner_silent() {
	RET=0
	active_members 3 30000
	check_err $? "not converged"

	# Carrier stays up on a0; only the partner's LACPDUs stop.
	silence b0
	defer unsilence b0
	active_members 2
	check_err $? "a0 did not leave after the LACP timeout"
	check_eq "$(member_data a0 "['active'], d['linkinfo']['info_slave_data']['reason']")" \
		"(False, 'lacp')" "a0 inactive for LACP"
	check_eq "$(link_field "$NS1" a0 "d['operstate']")" UP "a0 carrier still up"
	check_eq "$(link_field "$NS1" lag0 "d['operstate']")" UP "LAG up with 2 of min-links 2"
	ip netns exec "$NS1" ping -q -c 2 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no traffic on the 2 members left"

	silence b1
	defer unsilence b1
	active_members 1
	check_err $? "a1 did not leave after the LACP timeout"
	wait_oper "$NS1" lag0 DOWN
	check_err $? "LAG up with 1 LACP member of min-links 2"
	wait_oper "$NS1" v100 LOWERLAYERDOWN
	check_err $? "VIF not down with its LAG"

	unsilence b0
	unsilence b1
	active_members 3 30000
	check_err $? "members did not come back with LACP"
	wait_oper "$NS1" lag0 UP
	check_err $? "LAG not back up"
	wait_oper "$NS1" v100 UP
	check_err $? "VIF not back up"
	log_test "dclag LACP: partner silent with carrier up: member leaves, min-links down, back"
}

lacp_malformed() {
	local bad0 rx0

	RET=0
	active_members 3 30000
	check_err $? "not converged"
	bad0=$(member_data a2 "['lacpdu_bad']")
	# Short, version 0, bad actor TLV: from b2 to the slow address.
	ip netns exec "$NS2" python3 -c '
import socket
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("b2", 0))
hdr = bytes.fromhex("0180c2000002") + bytes.fromhex("020000000002") + b"\x88\x09"
good = bytearray(110)
good[0:2] = b"\x01\x01"            # subtype LACP, version 1
good[2:4] = b"\x01\x14"            # actor TLV
good[22:24] = b"\x02\x14"          # partner TLV
good[42:44] = b"\x03\x10"          # collector TLV
short = bytes(good[:30])           # padded to 46 by the wire minimum
v0 = bytearray(good); v0[1] = 0
tlv = bytearray(good); tlv[3] = 0x13
for p in (short, v0, tlv):
    s.send(hdr + bytes(p).ljust(46, b"\0"))'
	busywait 3000 bash -c "[[ \$(ip -n $NS1 -d -j link show a2) == *'\"lacpdu_bad\":$((bad0 + 3))'* ]]" > /dev/null
	check_err $? "3 malformed LACPDUs not counted: $(member_data a2 "")"
	check_eq "$(member_data a2 "['active']")" True "a2 still active"
	rx0=$(member_data a2 "['lacpdu_rx']")
	busywait 3000 bash -c "(( \$(ip -n $NS1 -d -j link show a2 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"linkinfo\"][\"info_slave_data\"][\"lacpdu_rx\"])') > $rx0 ))"
	check_err $? "valid LACPDUs no longer counted"
	check_eq "$(lag_data "['active_members']")" 3 "active members"
	log_test "dclag LACP: malformed LACPDUs ignored and counted"
}

lacp_addr_change() {
	local mac=02:00:00:00:5a:01 old

	RET=0
	active_members 3 30000
	check_err $? "not converged"
	old=$(link_field "$NS1" lag0 "d['address']")
	ip -n "$NS1" link set lag0 address "$mac"
	check_err $? "new LAG address refused"
	defer ip -n "$NS1" link set lag0 address "$old"
	# LACPDUs carry the new system: the bond's ports all follow it.
	busywait 15000 bash -c "[[ \$(ip netns exec $NS2 grep -A2 'details partner lacp pdu' /proc/net/bonding/bond0 | grep -c 'system mac address: $mac') == 3 ]]"
	check_err $? "bond's partner system is not $mac: $(bond_partner_field 'system mac address' | tr '\n' ' ')"
	active_members 3 30000
	check_err $? "LACP did not converge with the new system"
	check_eq "$(ip netns exec "$NS2" sed -n '/Active Aggregator Info/,/^$/s/.*Partner Mac Address: //p' /proc/net/bonding/bond0)" \
		"$mac" "bond's aggregator partner"
	check_eq "$(member_data a0 "['lacpdu_rx'] > 0, d['linkinfo']['info_slave_data']['lacpdu_bad']")" \
		"(True, 0)" "a0 counters kept"
	log_test "dclag LACP: new LAG address is the new actor system"
}

lacp_off_at_runtime() {
	RET=0
	ip -n "$NS1" link set lag0 type dclag lacp off
	check_err $? "lacp off refused"
	check_eq "$(lag_data "['lacp']")" off "lacp off"
	check_eq "$(member_data a0 "")" "{'active': True, 'reason': 'none', 'speed': 10000}" \
		"member info without LACP"
	ip -n "$NS1" link set lag0 type dclag lacp active
	check_err $? "lacp active refused"
	active_members 3 30000
	check_err $? "LACP did not converge again"
	# A passive port keeps an active partner: still all active after
	# more than the 3 s short timeout.
	ip -n "$NS1" link set lag0 type dclag lacp passive
	check_err $? "lacp passive refused"
	check_eq "$(lag_data "['lacp']")" passive "lacp passive"
	sleep 4
	active_members 3 10000
	check_err $? "passive dclag lost its active partner"
	check_eq "$(member_data a0 "['lacp_actor_state']")" \
		"timeout,aggregation,sync,collecting,distributing" "passive actor state"
	ip -n "$NS1" link set lag0 type dclag lacp active
	log_test "dclag LACP: off and passive at run time"
}

setup
tests_run
exit "$EXIT_STATUS"
