#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The dclag LAG with "lacp off" (members count on carrier) against kernel
# bonding (balance-xor, layer3+4) in the other netns: members, addresses,
# traffic, VIFs on the LAG talking to 8021q VLANs on the bond, min-links,
# refusals with their exact messages, release and module unload.
#
#  +------------------ $NS1 -------------------+   +-------------- $NS2 ---------------+
#  | v100 (dcvif id 100) 10.1.0.1/24           |   |          bond0.100 10.1.0.2/24    |
#  |   |                                       |   |            |                      |
#  | lag0 (dclag) 10.0.0.1/24                  |   |          bond0 (balance-xor l3+4) |
#  |   a0 a1 a2 (veth) ------------------------+---+--------- b0 b1 b2  10.0.0.2/24   |
#  +-------------------------------------------+   +-----------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	lag_create
	lag_traffic
	lag_vif
	lag_min_links
	lag_refusals
	lag_release
	lag_unload
"

# Member names for the test's LAG.
MEMBERS="a0 a1 a2"

setup() {
	dcvif_load || exit 1
	modprobe bonding max_bonds=0 || exit 1
	modprobe tun || exit 1
	ns_create NS1 NS2
	ns_no_dad "$NS1"
	ns_no_dad "$NS2"
}

# topo [MIN_LINKS]: the LAG and the bond as drawn above, all up.
topo() {
	local i

	ip -n "$NS1" link add lag0 type dclag lacp off min-links "${1:-0}"
	ip -n "$NS2" link add bond0 type bond mode balance-xor \
		xmit_hash_policy layer3+4 miimon 100
	for i in 0 1 2; do
		ip -n "$NS1" link add "a$i" type veth peer name "b$i" netns "$NS2"
		ip -n "$NS1" link set "a$i" master lag0
		ip -n "$NS2" link set "b$i" master bond0
	done
	ip -n "$NS1" addr add 10.0.0.1/24 dev lag0
	ip -n "$NS2" addr add 10.0.0.2/24 dev bond0
	ip -n "$NS1" link set lag0 up
	ip -n "$NS2" link set bond0 up
	wait_oper_up "$NS1" lag0
	wait_oper_up "$NS2" bond0
}

untopo() {
	ip -n "$NS1" link del lag0 2> /dev/null
	ip -n "$NS2" link del bond0 2> /dev/null
	for i in 0 1 2; do
		ip -n "$NS1" link del "a$i" 2> /dev/null
	done
}

lag_data() { # field of info_data of lag0
	link_field "$NS1" lag0 "d['linkinfo']['info_data']$1"
}

member_data() { # member field
	link_field "$NS1" "$1" "d['linkinfo']['info_slave_data']$2"
}

lag_create() {
	local mac0 mac

	RET=0
	ip -n "$NS1" link add lag0 type dclag
	check_err $? "cannot add a dclag"
	defer untopo
	check_eq "$(link_field "$NS1" lag0 "d['linkinfo']['info_kind']")" dclag "kind"
	check_eq "$(lag_data "")" \
		"{'min_links': 0, 'max_members': 4, 'lacp': 'active', 'lacp_rate': 'slow', 'micro_bfd': False, 'mbfd_min_tx_us': 300000, 'mbfd_min_rx_us': 300000, 'mbfd_multiplier': 3, 'members': 0, 'active_members': 0}" \
		"info_data of a new LAG"
	ip -n "$NS1" link set lag0 type dclag lacp off
	check_eq "$(link_field "$NS1" lag0 "'MASTER' in d['flags']")" True "IFF_MASTER"

	ip -n "$NS1" link add a0 type veth peer name b0 netns "$NS2"
	ip -n "$NS1" link add a1 type veth peer name b1 netns "$NS2"
	ip -n "$NS1" link set a1 mtu 1400
	mac0=$(link_field "$NS1" a0 "d['address']")
	mac1=$(link_field "$NS1" a1 "d['address']")
	ip -n "$NS1" link set a0 master lag0
	check_err $? "a0 not enslaved"
	ip -n "$NS1" link set a1 master lag0
	check_err $? "a1 not enslaved"

	mac=$(link_field "$NS1" lag0 "d['address']")
	check_eq "$mac" "$mac0" "LAG takes its first member's MAC"
	check_eq "$(link_field "$NS1" a1 "d['address']")" "$mac0" "second member takes the LAG's MAC"
	check_eq "$(link_field "$NS1" a1 "d['mtu']")" 1500 "member takes the LAG's MTU"
	check_eq "$(link_field "$NS1" a1 "d['master'], 'SLAVE' in d['flags'], 'UP' in d['flags']")" \
		"('lag0', True, True)" "member master, IFF_SLAVE, opened"
	check_eq "$(lag_data "['members']")" 2 "members"
	# Peers down: no carrier on a0/a1, so no active member, no carrier.
	check_eq "$(lag_data "['active_members']")" 0 "active members, peers down"
	check_eq "$(member_data a0 "")" "{'active': False, 'reason': 'carrier', 'speed': 10000}" \
		"member info, peer down"
	ip -n "$NS1" link set lag0 up
	check_eq "$(link_field "$NS1" lag0 "d['operstate']")" DOWN "LAG without active members is down"

	ip -n "$NS2" link set b0 up
	busywait 3000 bash -c "[[ \$(ip -n $NS1 -d -j link show a0) == *'\"active\":true'* ]]" > /dev/null
	check_err $? "a0 not active with its peer up"
	check_eq "$(member_data a0 "")" "{'active': True, 'reason': 'none', 'speed': 10000}" \
		"member info, peer up"
	wait_oper_up "$NS1" lag0
	check_err $? "LAG not up with one active member"
	check_eq "$(lag_data "['active_members']")" 1 "active members"
	check_eq "$(ip netns exec "$NS1" ethtool lag0 | sed -n 's/^\s*Speed: //p')" 10000Mb/s \
		"LAG speed: sum of active members"

	ip -n "$NS1" link set lag0 type dclag min-links 2 max-members 3
	check_err $? "changelink refused"
	check_eq "$(lag_data "['min_links'], d['linkinfo']['info_data']['max_members']")" "(2, 3)" \
		"changelink applied"
	busywait 3000 bash -c "[[ \$(ip -n $NS1 -j link show lag0) == *'\"operstate\":\"DOWN\"'* ]]" > /dev/null
	check_err $? "min-links 2 with one active member: LAG still up"
	ip -n "$NS1" link set lag0 type dclag min-links 0
	wait_oper_up "$NS1" lag0
	check_err $? "min-links 0 acts as 1: LAG not up"
	log_test "dclag: create, members, MAC/MTU/flags, info, carrier, changelink"
}

lag_traffic() {
	local i before after used=0

	RET=0
	topo
	defer untopo
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.0.0.2 > /dev/null
	check_err $? "no ping from the LAG to the bond"

	for i in 0 1 2; do
		before[i]=$(dev_stat "$NS1" "a$i" tx_packets)
	done
	# 64 UDP flows: the flow hash spreads them over the members.
	ip netns exec "$NS1" python3 -c '
import socket
for p in range(40000, 40064):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.0.0.1", p))
    s.sendto(b"x" * 64, ("10.0.0.2", 9))
    s.close()'
	for i in 0 1 2; do
		after=$(dev_stat "$NS1" "a$i" tx_packets)
		((after - before[i] > 0)) && used=$((used + 1))
	done
	check_eq "$used" 3 "members carrying 64 flows"

	# One flow stays on one member: 50 frames of one flow, one member.
	for i in 0 1 2; do
		before[i]=$(dev_stat "$NS1" "a$i" tx_packets)
	done
	ip netns exec "$NS1" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 41000))
for _ in range(50):
    s.sendto(b"x" * 64, ("10.0.0.2", 9))'
	used=0
	for i in 0 1 2; do
		after=$(dev_stat "$NS1" "a$i" tx_packets)
		((after - before[i] >= 50)) && used=$((used + 1))
	done
	check_eq "$used" 1 "members carrying one flow of 50 frames"
	log_test "dclag: traffic with bonding balance-xor, flows spread, one flow one member"
}

lag_vif() {
	RET=0
	topo
	defer untopo
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	check_err $? "no VIF on the LAG"
	ip -n "$NS2" link add link bond0 name bond0.100 type vlan id 100
	ip -n "$NS1" addr add 10.1.0.1/24 dev v100
	ip -n "$NS2" addr add 10.1.0.2/24 dev bond0.100
	ip -n "$NS1" link set v100 up
	ip -n "$NS2" link set bond0.100 up
	wait_oper_up "$NS1" v100
	check_err $? "VIF on the LAG not up"
	check_eq "$(link_field "$NS1" v100 "d['link'], d['address'] == '$(link_field "$NS1" lag0 "d['address']")'")" \
		"('lag0', True)" "VIF lower and MAC"
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no ping from the VIF on the LAG to 8021q on the bond"
	log_test "dclag: dcvif VIF on the LAG talks to 8021q on the bond"
}

wait_oper() { # ns dev state
	busywait 5000 bash -c "[[ \$(ip -n $1 -j link show dev $2) == *'\"operstate\":\"$3\"'* ]]" > /dev/null
}

lag_min_links() {
	RET=0
	topo 2
	defer untopo
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	ip -n "$NS1" link set v100 up
	wait_oper_up "$NS1" v100
	check_eq "$(lag_data "['active_members']")" 3 "all members active"

	ip -n "$NS2" link set b0 down
	busywait 3000 bash -c "[[ \$(ip -n $NS1 -d -j link show a0) == *'\"reason\":\"carrier\"'* ]]" > /dev/null
	check_err $? "a0 still active with its peer down"
	check_eq "$(lag_data "['active_members']")" 2 "one member cut"
	check_eq "$(link_field "$NS1" lag0 "d['operstate']")" UP "LAG up with 2 of min-links 2"
	check_eq "$(link_field "$NS1" v100 "d['operstate']")" UP "VIF up with the LAG"

	ip -n "$NS2" link set b1 down
	wait_oper "$NS1" lag0 DOWN
	check_err $? "LAG up with 1 active member of min-links 2"
	check_eq "$(lag_data "['active_members']")" 1 "two members cut"
	wait_oper "$NS1" v100 LOWERLAYERDOWN
	check_err $? "VIF not down with its LAG"

	ip -n "$NS2" link set b0 up
	ip -n "$NS2" link set b1 up
	wait_oper "$NS1" lag0 UP
	check_err $? "LAG not back up"
	wait_oper "$NS1" v100 UP
	check_err $? "VIF not back up"
	check_eq "$(lag_data "['active_members']")" 3 "members restored"
	ip netns exec "$NS1" ping -q -c 2 -i 0.2 -W 2 10.0.0.2 > /dev/null
	check_err $? "no ping after the members came back"
	log_test "dclag: min-links 2 of 3, one cut stays up, two cut down with VIFs, restored"
}

# refuse EXPECTED-MESSAGE CMD...: CMD fails saying exactly that. The
# netns is compared once, before the first and after the last refusal
# (a snapshot costs seconds under TCG).
refuse() {
	local want=$1
	shift
	check_eq "$(refused "$@")" "$want" "$*"
}

lag_refusals() {
	local before

	RET=0
	ip -n "$NS1" link add lag0 type dclag lacp off max-members 2
	defer untopo
	ip -n "$NS1" link add lag1 type dclag lacp off
	defer ip -n "$NS1" link del lag1
	ip -n "$NS1" link add a0 type veth peer name b0
	ip -n "$NS1" link add a1 type veth peer name b1
	ip -n "$NS1" link add a2 type veth peer name b2
	defer ip -n "$NS1" link del a2
	ip -n "$NS1" link add a3 type veth peer name b3
	defer ip -n "$NS1" link del a3
	ip -n "$NS1" link set a0 master lag0
	ip -n "$NS1" link set a1 master lag0
	ip -n "$NS1" link set a2 master lag1
	ip -n "$NS1" tuntap add dev tap0 mode tap
	defer ip -n "$NS1" link del tap0
	ip netns exec "$NS1" ethtool -s tap0 speed 1000 duplex full autoneg off
	ip -n "$NS1" link add link b2 name vb2 type dcvif id 5
	ip -n "$NS1" link add d0 type dummy
	defer ip -n "$NS1" link del d0

	# a2 just enslaved (set up, peer down): linkwatch is still on it
	before=$(ns_settled_snapshot "$NS1")
	refuse "Error: dcvif: micro-bfd on needs mbfd-local and mbfd-peer." \
		ip -n "$NS1" link add lagx type dclag micro-bfd on
	refuse "Error: dcvif: min-links must be 0-16." \
		ip -n "$NS1" link add lagx type dclag min-links 17
	refuse "Error: dcvif: max-members must be 1-16." \
		ip -n "$NS1" link add lagx type dclag max-members 0
	refuse "$(kmsg "Error: dcvif: min-links 3 exceeds max-members 2." \
		"Error: dcvif: min-links exceeds max-members.")" \
		ip -n "$NS1" link add lagx type dclag min-links 3 max-members 2
	refuse 'Error: argument "fastest" is wrong: lacp-rate must be slow or fast' \
		ip -n "$NS1" link add lagx type dclag lacp-rate fastest
	refuse "Error: dcvif: a LAG has no lower device; add members with ip link set PORT master LAG." \
		ip -n "$NS1" link add link d0 name lagx type dclag
	refuse "$(kmsg "Error: dcvif: LAG lag0 already has its maximum of 2 members." \
		"Error: dcvif: LAG already has its maximum number of members.")" \
		ip -n "$NS1" link set a3 master lag0
	refuse "$(kmsg "Error: dcvif: max-members 1 is below the 2 members of lag0." \
		"Error: dcvif: max-members is below the LAG's number of members.")" \
		ip -n "$NS1" link set lag0 type dclag max-members 1
	refuse "$(kmsg "Error: dcvif: tap0 runs at 1000 Mb/s but member a2 of lag1 at 10000 Mb/s." \
		"Error: dcvif: member speed differs from the speed of the LAG's members.")" \
		ip -n "$NS1" link set tap0 master lag1
	refuse "Error: dcvif: device already has a receive handler (bridge, bond, macvlan port or dcvif VIFs?)." \
		ip -n "$NS1" link set b2 master lag1
	refuse "Error: dcvif: a LAG cannot be a member of another LAG." \
		ip -n "$NS1" link set lag1 master lag0
	refuse "Error: dcvif: a dcvif VIF cannot be a LAG member." \
		ip -n "$NS1" link set vb2 master lag1
	check_unchanged "$before" "$(ns_snapshot "$NS1")" "nothing changed by the refusals"
	log_test "dclag: refusals say why and change nothing"
}

lag_release() {
	local mac1

	RET=0
	ip -n "$NS1" link add lag0 type dclag
	defer untopo
	ip -n "$NS1" link add a0 type veth peer name b0
	ip -n "$NS1" link add a1 type veth peer name b1
	ip -n "$NS1" link set a1 mtu 1400
	mac1=$(link_field "$NS1" a1 "d['address']")
	ip -n "$NS1" link set a0 master lag0
	ip -n "$NS1" link set a1 master lag0
	ip -n "$NS1" link set lag0 mtu 9000
	check_eq "$(link_field "$NS1" a1 "d['mtu'], d['address'] == '$mac1'")" "(9000, False)" \
		"LAG MTU to members, member MAC is the LAG's"
	ip -n "$NS1" link set a1 nomaster
	check_err $? "nomaster refused"
	check_eq "$(link_field "$NS1" a1 "d['mtu'], d['address'], d.get('master'), 'SLAVE' in d['flags']")" \
		"(1400, '$mac1', None, False)" "released member restored"
	check_eq "$(lag_data "['members']")" 1 "members after release"
	ip -n "$NS1" link set a1 master lag0
	ip -n "$NS1" link del lag0
	check_err $? "LAG not deleted"
	check_eq "$(link_field "$NS1" a1 "d['mtu'], d['address'], d.get('master'), 'SLAVE' in d['flags']")" \
		"(1400, '$mac1', None, False)" "member restored when the LAG goes"
	log_test "dclag: release restores MTU, MAC, flags; deleting the LAG releases members"
}

lag_unload() {
	RET=0
	topo
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	ip -n "$NS1" link set v100 up
	rmmod dcvif
	check_err $? "rmmod with a LAG and a VIF on it"
	check_eq "$(ip -n "$NS1" -j link show | python3 -c 'import json,sys; print(sorted(d["ifname"] for d in json.load(sys.stdin)))')" \
		"['a0', 'a1', 'a2', 'lo']" "links left after rmmod"
	check_eq "$(link_field "$NS1" a1 "d.get('master'), 'SLAVE' in d['flags']")" "(None, False)" \
		"member released by rmmod"
	ip -n "$NS2" link del bond0
	dcvif_load
	check_err $? "module does not load again"
	log_test "dclag: rmmod deletes LAGs and VIFs on them, releases members"
}

setup
tests_run
exit "$EXIT_STATUS"
