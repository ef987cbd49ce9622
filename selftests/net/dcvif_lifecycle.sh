#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VIF life cycle: carrier and operstate follow the lower, the lower's
# deletion takes its VIFs, netns moves, rmmod with VIFs present, and the
# full 4094 VIDs on one lower.
#
#  +------------- $CUST --------------+        +------------- $AWS ---------------+
#  | v200: dcvif 200   10.200.0.1/30  |        | aws0.200: 8021q 200 10.200.0.2  |
#  |        cust0 ----------------- veth ------------- aws0                       |
#  +----------------------------------+        +----------------------------------+
#  $OTHER: where v200 is moved to.

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	carrier_follows_lower
	lower_mac_followed
	netns_move
	lower_deleted
	rmmod_with_100_vifs
	all_4094_vids
"
# Scale: the same code as rmmod_with_100_vifs, 4094 times.
NEWEST_ONLY="all_4094_vids"

setup() {
	dcvif_load || exit 1
	ns_create CUST AWS OTHER
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200
	ip -n "$AWS" link add link aws0 name aws0.200 type vlan id 200
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	ip -n "$CUST" link set v200 up
	ip -n "$AWS" link set aws0.200 up
	wait_oper_up "$CUST" v200
}

operstate() { link_field "$1" "$2" 'd["operstate"]'; }

carrier_follows_lower() {
	RET=0
	check_eq "$(operstate "$CUST" v200)" UP "VIF up"
	ip -n "$AWS" link set aws0 down
	busywait 2000 bash -c "[[ \$(ip -n $CUST -j link show v200) == *'\"operstate\":\"LOWERLAYERDOWN\"'* ]]"
	check_eq "$(operstate "$CUST" v200)" LOWERLAYERDOWN "peer down: lower has no carrier"
	check_eq "$(link_field "$CUST" v200 '"LOWER_UP" in d["flags"]')" False "no LOWER_UP"
	ip -n "$AWS" link set aws0 up
	busywait 2000 bash -c "[[ \$(ip -n $CUST -j link show v200) == *'\"operstate\":\"UP\"'* ]]"
	check_eq "$(operstate "$CUST" v200)" UP "peer up again"
	ip -n "$CUST" link set cust0 down
	check_eq "$(operstate "$CUST" v200)" LOWERLAYERDOWN "lower admin down"
	check_eq "$(link_field "$CUST" v200 '"UP" in d["flags"]')" True "VIF stays admin up"
	ip -n "$CUST" link set cust0 up
	busywait 2000 bash -c "[[ \$(ip -n $CUST -j link show v200) == *'\"operstate\":\"UP\"'* ]]"
	check_eq "$(operstate "$CUST" v200)" UP "lower admin up"
	ip netns exec "$CUST" ping -c 1 -W 2 10.200.0.2 >/dev/null
	check_err $? "traffic after the flaps"
	log_test "VIF carrier and operstate follow the lower"
}

lower_mac_followed() {
	RET=0
	ip -n "$CUST" link set cust0 address 02:00:00:00:c0:01
	check_eq "$(link_field "$CUST" v200 'd["address"]')" 02:00:00:00:c0:01 "inherited address follows"
	ip -n "$CUST" link add link cust0 name own type dcvif id 201
	ip -n "$CUST" link set own address 02:00:00:00:c0:02
	ip -n "$CUST" link set cust0 address 02:00:00:00:c0:03
	check_eq "$(link_field "$CUST" own 'd["address"]')" 02:00:00:00:c0:02 "own address kept"
	check_eq "$(link_field "$CUST" v200 'd["address"]')" 02:00:00:00:c0:03 "inherited address follows again"
	ip -n "$CUST" link del own
	log_test "VIF address follows the lower's unless set by hand"
}

netns_move() {
	RET=0
	ip -n "$CUST" link set v200 netns "$OTHER"
	check_err $? "move"
	check_eq "$(ip -n "$CUST" link show v200 2>&1)" 'Device "v200" does not exist.' "gone from $CUST"
	check_eq "$(link_field "$OTHER" v200 'd["link_netnsid"] >= 0, d["linkinfo"]["info_data"]["id"]')" \
		"(True, 200)" "in $OTHER, bound to its lower in $CUST"
	ip -n "$OTHER" addr add 10.200.0.1/30 dev v200
	ip -n "$OTHER" link set v200 up
	ip netns exec "$OTHER" ping -c 1 -W 2 10.200.0.2 >/dev/null
	check_err $? "traffic from $OTHER"
	# The VID stays taken on the lower.
	check_eq "$(refused ip -n "$CUST" link add link cust0 name again type dcvif id 200)" \
		"$(kmsg "Error: dcvif: VLAN ID 200 on cust0 is already used by VIF v200." \
			"Error: dcvif: VLAN ID is already used by another VIF on this lower device.")" "VID held"
	ip -n "$OTHER" link set v200 netns "$CUST"
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$CUST" link set v200 up
	ip netns exec "$CUST" ping -c 1 -W 2 10.200.0.2 >/dev/null
	check_err $? "traffic after moving back"
	log_test "VIF moved to another netns keeps working, as vlan does"
}

lower_deleted() {
	RET=0
	ip -n "$CUST" link add l2 type veth peer name l2p
	for i in 1 2 3; do ip -n "$CUST" link add link l2 name l2v$i type dcvif id $i; done
	ip -n "$CUST" link del l2
	check_err $? "delete lower"
	check_eq "$(vif_names "$CUST")" "['v200']" "its VIFs are gone, others stay"
	log_test "deleting the lower deletes its VIFs"
}

rmmod_with_100_vifs() {
	RET=0
	ip -n "$CUST" link add l3 type veth peer name l3p
	for i in $(seq 1 100); do echo "link add link l3 name m$i type dcvif id $i"; done |
		ip -n "$CUST" -batch -
	check_err $? "100 VIFs"
	check_eq "$(vif_count "$CUST")" 101 "VIFs present"
	rmmod dcvif
	check_err $? "rmmod"
	check_eq "$(vif_count "$CUST")" 0 "all VIFs gone"
	# The receive handler is gone too: the lowers can be bridged now.
	ip -n "$CUST" link add brx type bridge && ip -n "$CUST" link set l3 master brx &&
		ip -n "$CUST" link set cust0 master brx
	check_err $? "lowers free for a bridge"
	ip -n "$CUST" link del brx
	ip -n "$CUST" link del l3
	dcvif_load
	check_err $? "reload"
	log_test "rmmod with 100 VIFs removes them cleanly"
}

all_4094_vids() {
	RET=0
	ip -n "$CUST" link add l4 type veth peer name l4p
	defer ip -n "$CUST" link del l4
	for i in $(seq 1 4094); do echo "link add link l4 name f$i type dcvif id $i"; done |
		ip -n "$CUST" -batch -
	check_err $? "4094 VIFs"
	check_eq "$(vif_count "$CUST")" 4094 "VIFs present"
	check_eq "$(link_field "$CUST" f4094 'd["linkinfo"]["info_data"]["id"]')" 4094 "VID 4094"
	for i in $(seq 1 4094); do echo "link del f$i"; done | ip -n "$CUST" -batch -
	check_err $? "4094 deletions"
	check_eq "$(vif_count "$CUST")" 0 "none left"
	ip -n "$CUST" link add brx type bridge && ip -n "$CUST" link set l4 master brx
	check_err $? "lower released"
	ip -n "$CUST" link del brx
	log_test "4094 VIFs created and deleted on one lower"
}

setup
tests_run
exit "$EXIT_STATUS"
