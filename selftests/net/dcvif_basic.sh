#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A dcvif VIF talking to the kernel's own 8021q on the other end of a veth.
#
#  +------------------ $CUST ------------------+   +------------------ $AWS -------------------+
#  | v200: dcvif id 200 (private)              |   | aws0.200: 8021q id 200                    |
#  |   10.200.0.1/30  2001:db8:200::1/64       |   |   10.200.0.2/30  2001:db8:200::2/64       |
#  | cust0.300: 8021q id 300  10.30.0.1/30     |   | aws0.300: 8021q id 300  10.30.0.2/30      |
#  |        \         /                        |   |        \         /                        |
#  |          cust0 ---------------- veth ------------------- aws0                             |
#  +-------------------------------------------+   +-------------------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	ping_both_ways
	tag_on_the_wire
	software_tag_insert
	other_vids_untouched
	exact_counters
	own_mac_address
	tcp_offloads
"
# The mean TSO frame depends on how fast TCP grows its bursts: on the slow
# debug kernel it stays under the bound.
TIMING_CASES="tcp_offloads"

setup() {
	dcvif_load || exit 1
	ns_create CUST AWS
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200 vif-type private
	ip -n "$AWS" link add link aws0 name aws0.200 type vlan id 200
	ip -n "$CUST" link add link cust0 name cust0.300 type vlan id 300
	ip -n "$AWS" link add link aws0 name aws0.300 type vlan id 300
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$CUST" addr add 2001:db8:200::1/64 dev v200 nodad
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	ip -n "$AWS" addr add 2001:db8:200::2/64 dev aws0.200 nodad
	ip -n "$CUST" addr add 10.30.0.1/30 dev cust0.300
	ip -n "$AWS" addr add 10.30.0.2/30 dev aws0.300
	for d in v200 cust0.300; do ip -n "$CUST" link set "$d" up; done
	for d in aws0.200 aws0.300; do ip -n "$AWS" link set "$d" up; done
	wait_oper_up "$CUST" v200 cust0.300
}

ping_both_ways() {
	RET=0
	ip netns exec "$CUST" ping -c 2 -i 0.2 -W 2 10.200.0.2 >/dev/null
	check_err $? "cust -> aws IPv4"
	ip netns exec "$AWS" ping -c 2 -i 0.2 -W 2 10.200.0.1 >/dev/null
	check_err $? "aws -> cust IPv4"
	ip netns exec "$CUST" ping -6 -c 2 -i 0.2 -W 2 2001:db8:200::2 >/dev/null
	check_err $? "cust -> aws IPv6"
	ip netns exec "$AWS" ping -6 -c 2 -i 0.2 -W 2 2001:db8:200::1 >/dev/null
	check_err $? "aws -> cust IPv6"
	log_test "dcvif <-> 8021q: ping both ways, IPv4 and IPv6"
}

# Ping from v200 and print, as tcpdump -e shows them, the first $3 frames
# on $2 in $1 that match the filter.
capture_pings() { # ns dev count [filter...]
	local ns=$1 dev=$2 count=$3 pcap
	shift 3
	pcap=$(mktemp /tmp/dcvif.XXXXXX.pcap)
	ip netns exec "$ns" timeout 10 tcpdump -i "$dev" -U -nn -c "$count" -w "$pcap" "$@" 2>/dev/null &
	local tpid=$!
	# tcpdump is listening once the interface shows up as promiscuous.
	busywait 5000 bash -c "ip -n $ns -d -j link show dev $dev | grep -q '\"promiscuity\":[1-9]'"
	ip netns exec "$CUST" ping -c "$count" -i 0.2 -W 2 10.200.0.2 >/dev/null
	wait $tpid
	tcpdump -r "$pcap" -e -nn 2>/dev/null | sed 's/^[0-9:.]* //'
	rm -f "$pcap"
}

tag_on_the_wire() {
	local out mac_c mac_a
	RET=0
	mac_c=$(link_field "$CUST" v200 'd["address"]')
	mac_a=$(link_field "$AWS" aws0 'd["address"]')
	out=$(capture_pings "$AWS" aws0 2 vlan 200 and "icmp[icmptype] == icmp-echo")
	echo "$out" | grep -c "^$mac_c > $mac_a, ethertype 802.1Q (0x8100), length 102: vlan 200, p 0, ethertype IPv4 (0x0800), 10.200.0.1 > 10.200.0.2: ICMP echo request" |
		grep -qx 2
	check_err $? "two echo requests tagged with VID 200 on aws0; saw:
$out"
	# On the VIF itself the frames are untagged.
	out=$(capture_pings "$CUST" v200 2 "icmp[icmptype] == icmp-echo")
	echo "$out" | grep -c "^$mac_c > $mac_a, ethertype IPv4 (0x0800), length 98: 10.200.0.1 > 10.200.0.2: ICMP echo request" |
		grep -qx 2
	check_err $? "untagged echo requests on v200; saw:
$out"
	log_test "802.1Q tag with VID 200 on the wire (tcpdump), none on the VIF"
}

software_tag_insert() {
	local out mac_c mac_a
	RET=0
	# Without TX VLAN offload on the lower the core inserts the tag.
	ip netns exec "$CUST" ethtool -K cust0 txvlan off
	check_err $? "ethtool -K cust0 txvlan off"
	defer ip netns exec "$CUST" ethtool -K cust0 txvlan on
	check_eq "$(ip netns exec "$CUST" ethtool -k cust0 | grep '^tx-vlan-offload:')" \
		"tx-vlan-offload: off" "offload really off"
	mac_c=$(link_field "$CUST" v200 'd["address"]')
	mac_a=$(link_field "$AWS" aws0 'd["address"]')
	out=$(capture_pings "$AWS" aws0 2 vlan 200 and "icmp[icmptype] == icmp-echo")
	echo "$out" | grep -c "^$mac_c > $mac_a, ethertype 802.1Q (0x8100), length 102: vlan 200, p 0, ethertype IPv4 (0x0800), 10.200.0.1 > 10.200.0.2: ICMP echo request" |
		grep -qx 2
	check_err $? "tag inserted in software; saw:
$out"
	log_test "software tag insertion when the lower has no TX VLAN offload"
}

# Nothing but what a test sends crosses VID 200: permanent neighbours, no
# IPv6 (router/neighbour solicitations, MLD) on either end.
quiet_vid200() {
	ip -n "$CUST" neigh replace 10.200.0.2 lladdr "$(link_field "$AWS" aws0.200 'd["address"]')" \
		dev v200 nud permanent
	ip -n "$AWS" neigh replace 10.200.0.1 lladdr "$(link_field "$CUST" v200 'd["address"]')" \
		dev aws0.200 nud permanent
	ip netns exec "$CUST" sysctl -qw net.ipv6.conf.v200.disable_ipv6=1
	defer ip netns exec "$CUST" sysctl -qw net.ipv6.conf.v200.disable_ipv6=0
	ip netns exec "$AWS" sysctl -qw net.ipv6.conf.aws0/200.disable_ipv6=1
	defer ip netns exec "$AWS" sysctl -qw net.ipv6.conf.aws0/200.disable_ipv6=0
	defer ip -n "$CUST" neigh del 10.200.0.2 dev v200
	defer ip -n "$AWS" neigh del 10.200.0.1 dev aws0.200
}

other_vids_untouched() {
	local rx0 tx0
	RET=0
	quiet_vid200
	rx0=$(dev_stat "$CUST" v200 rx_packets)
	tx0=$(dev_stat "$CUST" v200 tx_packets)
	ip netns exec "$CUST" ping -c 3 -i 0.2 -W 2 10.30.0.2 >/dev/null
	check_err $? "8021q VID 300 on the same lower works"
	ip netns exec "$AWS" ping -c 3 -i 0.2 -W 2 10.30.0.1 >/dev/null
	check_err $? "8021q VID 300 answers"
	check_eq "$(dev_stat "$CUST" v200 rx_packets)" "$rx0" "v200 rx_packets unchanged by VID 300 traffic"
	check_eq "$(dev_stat "$CUST" v200 tx_packets)" "$tx0" "v200 tx_packets unchanged by VID 300 traffic"
	log_test "frames of other VIDs are left alone (8021q VID 300 on the same lower)"
}

exact_counters() {
	local rx0 tx0 rxb0 txb0
	RET=0
	quiet_vid200
	rx0=$(dev_stat "$CUST" v200 rx_packets)
	tx0=$(dev_stat "$CUST" v200 tx_packets)
	rxb0=$(dev_stat "$CUST" v200 rx_bytes)
	txb0=$(dev_stat "$CUST" v200 tx_bytes)
	ip netns exec "$CUST" ping -c 5 -i 0.2 -W 2 10.200.0.2 >/dev/null
	check_err $? "ping"
	check_eq "$(( $(dev_stat "$CUST" v200 tx_packets) - tx0 ))" 5 "tx_packets delta"
	check_eq "$(( $(dev_stat "$CUST" v200 rx_packets) - rx0 ))" 5 "rx_packets delta"
	# 98-byte frames: TX counts the Ethernet header, RX starts after it.
	check_eq "$(( $(dev_stat "$CUST" v200 tx_bytes) - txb0 ))" $((5 * 98)) "tx_bytes delta"
	check_eq "$(( $(dev_stat "$CUST" v200 rx_bytes) - rxb0 ))" $((5 * 84)) "rx_bytes delta"
	log_test "per-VIF counters count exactly the VIF's frames"
}

own_mac_address() {
	local mac=02:dc:00:00:02:00 old
	RET=0
	old=$(link_field "$CUST" v200 'd["address"]')
	ip -n "$CUST" link set v200 address $mac
	check_err $? "set own address"
	defer ip -n "$CUST" link set v200 address "$old"
	ip -n "$AWS" neigh flush dev aws0.200
	# The lower must accept frames for the VIF's address.
	bridge -n "$CUST" fdb show dev cust0 | grep -qx "$mac self permanent"
	check_err $? "$mac in cust0's unicast filter"
	ip netns exec "$AWS" ping -c 2 -i 0.2 -W 2 10.200.0.1 >/dev/null
	check_err $? "ping to the VIF's own address"
	ip -n "$CUST" link set v200 down
	bridge -n "$CUST" fdb show dev cust0 | grep -q "$mac"
	check_fail $? "$mac left cust0's filter when the VIF went down"
	ip -n "$CUST" link set v200 up
	log_test "VIF with its own MAC address: lower filter follows, traffic flows"
}

tcp_offloads() {
	local out txp txb rc
	RET=0
	check_eq "$(ip netns exec "$CUST" ethtool -k v200 | grep -E '^(tcp-segmentation-offload|tx-checksumming|scatter-gather):')" \
		"tx-checksumming: on
scatter-gather: on
tcp-segmentation-offload: on" "offloads on the VIF"
	ip netns exec "$AWS" iperf3 -s -1 -D -B 10.200.0.2 -I /tmp/iperf3.pid
	busywait 5000 bash -c "ip netns exec $AWS ss -Hltn 'sport = :5201' | grep -q ."
	txp=$(dev_stat "$CUST" v200 tx_packets)
	txb=$(dev_stat "$CUST" v200 tx_bytes)
	out=$(ip netns exec "$CUST" iperf3 -c 10.200.0.2 -t 2 -J)
	rc=$?
	check_err $rc "iperf3 TCP run"
	txp=$(( $(dev_stat "$CUST" v200 tx_packets) - txp ))
	txb=$(( $(dev_stat "$CUST" v200 tx_bytes) - txb ))
	echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if r["end"]["sum_received"]["bytes"] > 1000000 else 1)'
	check_err $? "iperf3 moved over 1 MB"
	# GSO super-packets reach the VIF and go down unsegmented: the mean
	# frame is far above the 1500 MTU.
	[[ $txp -gt 0 && $((txb / txp)) -gt 3000 ]]
	check_err $? "mean TX frame $((txb / (txp ? txp : 1))) bytes: TCP was segmented before the VIF"
	log_test "iperf3 TCP through the VIF with TSO/checksum offloads passed through"
}

setup
tests_run
exit "$EXIT_STATUS"
