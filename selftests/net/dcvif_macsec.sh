#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MACsec on the last mile: a private VIF on a kernel macsec device with
# static SAs (GCM-AES-128), against kernel 8021q on macsec and FRR bfdd on
# the other end. Only MACsec frames (ethertype 0x88e5) cross the veth; the
# MTU policy counts the 802.1Q tag, which is inside the protected payload,
# and MACsec's SecTAG and ICV, which come out of the port's MTU, and says
# so when it refuses; BFD over the VIF goes Down, taking the VIF's carrier,
# when the peer's receive SA is switched off, and comes back with it; dcvifd
# makes a VIF on the macsec device from its vif block and runs BGP and BFD
# over it with FRR bgpd and bfdd.
#
#  +---------------- $CUST ----------------+        +---------------- $AWS -----------------+
#  | priv: dcvif 100 private 10.100.0.1/30 |        | ms0.100: 8021q 100  10.100.0.2/30     |
#  | vif101: dcvifd's, 169.254.101.1/30    |        | ms0.101: 8021q 101  169.254.101.2/30  |
#  |   BGP AS 65001, BFD 300 ms x 3        |        |   bgpd AS 64512: 198.51.100.0/24, bfdd|
#  |   ms0: macsec port 1, encrypt on      |        |   ms0: macsec port 1, encrypt on      |
#  |     tx sa 0 key 01, rx sa 0 key 02    |        |     tx sa 0 key 02, rx sa 0 key 01    |
#  |       cust0 (02:00:00:00:00:01) ----- veth ----- aws0 (02:00:00:00:00:02)            |
#  +---------------------------------------+        +-------------- FRR bfdd ---------------+

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="
	only_macsec_on_the_wire
	mtu_counts_macsec
	jumbo_through_macsec
	bfd_over_macsec
	dcvifd_bgp_over_macsec
"
# dcvifd's, as the dcvifd_*.sh tests: the kernel paths it takes (a VIF on
# macsec, BFD, carrier) are the other cases', on every kernel. BFD over
# macsec is dcvif_bfd.sh's BFD and carrier on a VIF whose rx and tx paths
# the first three cases test on 6.1 (the quick lane; CHECK_FULL=1 runs it).
NEWEST_ONLY="bfd_over_macsec dcvifd_bgp_over_macsec"
# BFD at 300 ms x 3 through software GCM: on the debug kernel under TCG a
# stall flaps it now and then (and dcvifd then holds BGP back); TODO there.
TIMING_CASES="bfd_over_macsec dcvifd_bgp_over_macsec"
P_AS=64512

MAC_C=02:00:00:00:00:01
MAC_A=02:00:00:00:00:02
KEY_C=00112233445566778899aabbccddeeff
KEY_A=ffeeddccbbaa99887766554433221100
CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
cc() { ip netns exec "$CUST" "$CTL" "$@"; }

# A macsec device ms0 on PORT in NS: sends with KEY (key id TXID), accepts
# the peer's PEER_KEY (key id RXID) from PEER_MAC.
macsec_setup() { # ns port txid key peer-mac rxid peer-key
	local ns=$1 port=$2
	ip -n "$ns" link add link "$port" name ms0 type macsec port 1 encrypt on &&
		ip -n "$ns" macsec add ms0 tx sa 0 pn 1 on key "$3" "$4" &&
		ip -n "$ns" macsec add ms0 rx port 1 address "$5" &&
		ip -n "$ns" macsec add ms0 rx port 1 address "$5" sa 0 pn 1 on key "$6" "$7" &&
		ip -n "$ns" link set ms0 up
}

setup() {
	dcvif_load || exit 1
	modprobe macsec || exit 1
	require_cmd tcpdump jq /usr/lib/frr/bfdd /usr/lib/frr/bgpd
	[[ -x $CTL && -x $DCVIFD ]] || { echo "# $CTL or $DCVIFD missing: make userspace userspace-san"; exit 1; }
	ns_create CUST AWS
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	# Ports at 9000: macsec takes its overhead from them when it is made.
	ip -n "$CUST" link add cust0 mtu 9000 address "$MAC_C" type veth \
		peer name aws0 mtu 9000 address "$MAC_A" netns "$AWS"
	# No cleartext of the ports' own (IPv6 link-local) on the wire.
	ip netns exec "$CUST" sysctl -qw net.ipv6.conf.cust0.disable_ipv6=1
	ip netns exec "$AWS" sysctl -qw net.ipv6.conf.aws0.disable_ipv6=1
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	macsec_setup "$CUST" cust0 01 "$KEY_C" "$MAC_A" 02 "$KEY_A" || exit 1
	macsec_setup "$AWS" aws0 02 "$KEY_A" "$MAC_C" 01 "$KEY_C" || exit 1
	ip -n "$CUST" link add link ms0 name priv type dcvif id 100 vif-type private
	ip -n "$AWS" link add link ms0 name ms0.100 type vlan id 100
	ip -n "$AWS" link add link ms0 name ms0.101 type vlan id 101
	ip -n "$CUST" addr add 10.100.0.1/30 dev priv
	ip -n "$AWS" addr add 10.100.0.2/30 dev ms0.100
	ip -n "$AWS" addr add 169.254.101.2/30 dev ms0.101
	ip -n "$AWS" addr add 198.51.100.1/32 dev lo
	ip -n "$CUST" link set priv up
	ip -n "$AWS" link set ms0.100 up
	ip -n "$AWS" link set ms0.101 up
	wait_oper_up "$CUST" priv
	wait_oper_up "$AWS" ms0.100 ms0.101
}

# Ping from priv with a pattern while tcpdump writes what crosses DEV in
# NS to PCAP. Returns ping's status.
capture_pings() { # ns dev count pcap
	local ns=$1 dev=$2 count=$3 pcap=$4 tpid ret
	# Every frame written as it comes: killed, it loses none.
	ip netns exec "$ns" timeout 10 tcpdump -i "$dev" --immediate-mode -U -nn -w "$pcap" \
		2> "$pcap.err" &
	tpid=$!
	# "listening on" comes once its filter is set: libpcap drops what the
	# socket received before (promiscuity shows up earlier).
	busywait 5000 grep -q "^tcpdump: listening on" "$pcap.err"
	rm -f "$pcap.err"
	ip netns exec "$CUST" ping -c "$count" -i 0.2 -W 2 -p 5ec2e75ec2e7 10.100.0.2 >/dev/null
	ret=$?
	sleep 1
	kill "$tpid"
	wait "$tpid"
	return "$ret"
}

# tcpdump -e -xx of a pcap: the frames' lines (FILTER...), and their bytes
# as one hex string.
frame_lines() { grep -v $'^\t'; }
frame_hex() { grep $'^\t' | sed 's/^\t0x[0-9a-f]*: *//' | tr -d ' \n'; }

only_macsec_on_the_wire() {
	local pcap out frames
	RET=0
	pcap=$(mktemp /tmp/dcvif.XXXXXX.pcap)
	defer rm -f "$pcap"
	capture_pings "$CUST" cust0 3 "$pcap"
	check_err $? "ping through the VIF"
	out=$(tcpdump -r "$pcap" -nn -e -xx 2>/dev/null)
	frames=$(echo "$out" | frame_lines)
	check_eq "$(echo "$frames" | grep -vc ", ethertype 802.1AE MACsec (0x88e5), ")" 0 \
		"frames other than MACsec on cust0:
$frames"
	# Three requests and three replies, each 12 (addresses) + 16 (SecTAG
	# with SCI) + 4 (tag) + 2 + 84 (IPv4 ICMP) + 16 (ICV) = 134 octets.
	check_eq "$(echo "$frames" | grep -c "^[0-9:.]* $MAC_C > $MAC_A, ethertype 802.1AE MACsec (0x88e5), length 134: ")" \
		3 "three 134-octet MACsec frames to aws0; saw:
$frames"
	check_eq "$(echo "$frames" | grep -c "^[0-9:.]* $MAC_A > $MAC_C, ethertype 802.1AE MACsec (0x88e5), length 134: ")" \
		3 "three 134-octet MACsec frames from aws0"
	# Neither the ping's payload nor the tag (8100 0064: VID 100) in clear.
	echo "$out" | frame_hex | grep -q -e 5ec2e75ec2e7 -e 81000064
	check_fail $? "the ping pattern or the 802.1Q tag appears in clear on cust0"
	# Inside, on ms0, both are there.
	capture_pings "$CUST" ms0 2 "$pcap"
	check_err $? "ping through the VIF, capture on ms0"
	out=$(tcpdump -r "$pcap" -nn -e -xx 'vlan 100 and icmp[icmptype] == icmp-echo' 2>/dev/null)
	frames=$(echo "$out" | frame_lines | sed 's/^[0-9:.]* //')
	check_eq "$(echo "$frames" | grep -c "^$MAC_C > $MAC_A, ethertype 802.1Q (0x8100), length 102: vlan 100, p 0, ethertype IPv4 (0x0800), 10.100.0.1 > 10.100.0.2: ICMP echo request")" \
		2 "two echo requests tagged with VID 100 on ms0; saw:
$frames"
	echo "$out" | frame_hex | grep -q "^${MAC_A//:/}${MAC_C//:/}81000064.*5ec2e75ec2e7"
	check_err $? "the tag and the ping pattern in clear on ms0"
	log_test "ping through a VIF on macsec: only MACsec frames (0x88e5) on the wire, tag inside"
}

# The refusal on 6.2+ and its static variant on 6.1.
macsec_msg() { # 6.2+ text without "Error: dcvif: " and the final "."
	kmsg "Error: dcvif: $1." \
		"Error: dcvif: MTU exceeds what the macsec lower carries: its port's MTU must also hold MACsec's SecTAG and ICV (up to 32 octets) and the 802.1Q tag."
}

mtu_counts_macsec() {
	local before
	RET=0
	check_eq "$(link_field "$CUST" cust0 'd["mtu"]'),$(link_field "$CUST" ms0 'd["mtu"]')" \
		9000,8968 "ms0 made on a 9000 port: 9000 - 32"
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" "(1500, 8964)" \
		"VIF ceiling: ms0's 8968 less the tag"
	before=$(ns_snapshot "$CUST")
	check_eq "$(refused ip -n "$CUST" link add link ms0 name big mtu 9001 type dcvif id 200)" \
		"$(macsec_msg "MTU 9001 needs 9005 on ms0 (has 8968), 9037 on cust0 (MACsec +32)")" \
		"VIF created at 9001 on ms0 over a 9000 port"
	check_eq "$(refused ip -n "$CUST" link set priv mtu 9001 type dcvif vif-type private)" \
		"$(macsec_msg "MTU 9001 needs 9005 on ms0 (has 8968), 9037 on cust0 (MACsec +32)")" \
		"VIF raised to 9001 (changelink)"
	check_eq "$(refused ip -n "$CUST" link set priv mtu 9001)" \
		"Error: mtu greater than device maximum." "VIF raised to 9001 (core, max_mtu)"
	check_unchanged "$before" "$(ns_snapshot "$CUST")" "nothing changed"
	# A 15-character name does not fit extack's 80 octets: the message
	# names neither device. An ICV of 8 octets takes 8 less.
	ip -n "$CUST" link add link cust0 name macsec-icv8-15c type macsec port 2 icvlen 8
	check_err $? "second macsec device with icvlen 8"
	check_eq "$(link_field "$CUST" macsec-icv8-15c 'd["mtu"]')" 8976 "9000 - 24"
	check_eq "$(refused ip -n "$CUST" link add link macsec-icv8-15c name big mtu 9001 type dcvif id 200)" \
		"$(macsec_msg "MTU 9001 needs 9005 on its macsec lower (has 8976), 9029 on the port")" \
		"long name, icvlen 8"
	ip -n "$CUST" link del macsec-icv8-15c
	# Raising the port does not raise macsec's MTU: the message says so.
	ip -n "$CUST" link set cust0 mtu 9037
	check_eq "$(link_field "$CUST" ms0 'd["mtu"]')" 8968 "ms0 stays at 8968"
	check_eq "$(refused ip -n "$CUST" link add link ms0 name big mtu 9001 type dcvif id 200)" \
		"$(macsec_msg "MTU 9001 needs 9005 on ms0 (has 8968), which cust0's 9037 carries")" \
		"port raised, ms0 not"
	check_eq "$(refused ip -n "$CUST" link set ms0 mtu 9006)" \
		"RTNETLINK answers: Numerical result out of range" "ms0 above 9037 - 32"
	ip -n "$CUST" link set ms0 mtu 9005
	check_err $? "ms0 to 9005"
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" "(1500, 9001)" "VIF ceiling 9001"
	ip -n "$CUST" link add link ms0 name big mtu 9001 type dcvif id 200
	check_err $? "VIF created at 9001 once ms0 carries 9005"
	ip -n "$CUST" link del big
	# Lowering the port clamps ms0, which clamps the VIF.
	ip -n "$CUST" link set priv mtu 9001
	ip -n "$CUST" link set cust0 mtu 9036
	check_eq "$(link_field "$CUST" ms0 'd["mtu"]'),$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" \
		"9004,(9000, 9000)" "cust0 to 9036 clamps ms0 and the VIF"
	ip -n "$CUST" link set cust0 mtu 9037 && ip -n "$CUST" link set ms0 mtu 9005 &&
		ip -n "$CUST" link set priv mtu 9001
	check_err $? "back to 9037 / 9005 / 9001"
	log_test "MTU 9001 over MACsec needs 9005 on macsec and 9037 on the port, refused with the reason"
}

# Both ends ready for 9001: port, then macsec (it does not follow its port
# up), then the VLAN devices.
jumbo_mtus() {
	ip -n "$CUST" link set cust0 mtu 9037 && ip -n "$CUST" link set ms0 mtu 9005 &&
		ip -n "$CUST" link set priv mtu 9001 &&
		ip -n "$AWS" link set aws0 mtu 9037 && ip -n "$AWS" link set ms0 mtu 9005 &&
		ip -n "$AWS" link set ms0.100 mtu 9001 && ip -n "$AWS" link set ms0.101 mtu 9001
}

jumbo_through_macsec() {
	local out
	RET=0
	jumbo_mtus
	check_err $? "both sides to 9037 / 9005 / 9001"
	check_eq "$(link_field "$CUST" priv 'd["mtu"]')" 9001 "VIF at 9001"
	ip netns exec "$CUST" ping -M do -c 2 -i 0.2 -W 2 -s 8973 10.100.0.2 >/dev/null
	check_err $? "ping -M do -s 8973 (9001-octet packets) through MACsec"
	out=$(ip netns exec "$CUST" ping -M do -c 1 -W 2 -s 8974 10.100.0.2 2>&1)
	check_fail $? "ping -M do -s 8974 must fail"
	echo "$out" | grep -q "message too long, mtu=9001"
	check_err $? "refusal says 'message too long, mtu=9001'; said: $out"
	log_test "private VIF at 9001 over MACsec: DF ping of 9001 octets crosses"
}

sget() { cc -j bfd show dev priv peer 10.100.0.2 | jq -r ".[0] | $1"; }
state_is() { [[ $(sget .state) == "$1" ]]; }

bfd_over_macsec() {
	local up down
	RET=0
	frr_bfdd_start "$AWS" ms0.100 300 10.100.0.2,10.100.0.1
	check_err $? "zebra and bfdd on ms0.100"
	cc bfd add dev priv local 10.100.0.1 peer 10.100.0.2
	check_err $? "session on priv"
	busywait 20000 state_is Up
	check_eq "$(sget '[.state, .tx_interval_us, .detect_time_us] | join(" ")')" \
		"Up 300000 900000" "Up with FRR bfdd at 300 ms x 3"
	check_eq "$(link_field "$CUST" priv 'd["operstate"]')" UP "carrier on"
	ip -n "$CUST" route add 198.51.100.0/24 via 10.100.0.2 dev priv
	defer ip -n "$CUST" route del 198.51.100.0/24
	read -r up down < <(sget '[.stats.up_transitions, .stats.down_transitions] | join(" ")')
	# The peer stops accepting our SA: its bfdd times out and says Down,
	# which takes us Down and then to Init while it keeps saying so.
	ip -n "$AWS" macsec set ms0 rx port 1 address "$MAC_C" sa 0 off
	check_err $? "AWS's rx SA off"
	busywait 5000 state_is Init
	check_eq "$(sget '[.state, .stats.down_transitions] | join(" ")')" \
		"Init $((down + 1))" "Down, then Init, once the peer drops our frames"
	check_eq "$(cc -j vif show dev priv | jq -r '.[0].carrier')" false "carrier off"
	check_eq "$(ip -n "$CUST" -j route show 198.51.100.0/24 | jq -c '.[0].flags')" \
		'["linkdown"]' "route via priv linkdown"
	ip -n "$AWS" macsec set ms0 rx port 1 address "$MAC_C" sa 0 on
	busywait 20000 state_is Up
	check_eq "$(sget '[.state, .stats.up_transitions, .stats.down_transitions] | join(" ")')" \
		"Up $((up + 1)) $((down + 1))" "Up again with the SA"
	busywait 2000 bash -c "[[ \$(ip netns exec $CUST $CTL -j vif show dev priv | jq -r '.[0].carrier') == true ]]"
	check_eq "$(cc -j vif show dev priv | jq -r '.[0].carrier')" true "carrier back"
	cc bfd del dev priv peer 10.100.0.2
	log_test "BFD over the VIF on MACsec: Up with FRR bfdd, Down when the peer's rx SA is off"
}

bgp_ready() {
	[[ $(ip netns exec "$CUST" "$CTL" -j bfd show dev vif101 | jq -r '.[0].state') == Up ]] &&
		neighbor_is 169.254.101.2 Established &&
		route_is -4 198.51.100.0/24 "* $RTPROT single:vif101" > /dev/null
}

bgp_down() {
	! neighbor_is 169.254.101.2 Established && [[ $(route_of -4 198.51.100.0/24) == none ]]
}

dcvifd_bgp_over_macsec() {
	RET=0
	jumbo_mtus
	check_err $? "both sides ready for 9001"
	D=$CUST
	WORK=$(mktemp -d /tmp/dcvifd-macsec.XXXXXX)
	chmod 755 "$WORK"
	defer rm -rf "$WORK"
	frr_bfdd_start "$AWS" ms0.101 300 169.254.101.2,169.254.101.1
	check_err $? "zebra and bfdd on ms0.101"
	frr_bgp_conf -p 198.51.100.0/24 -r "coalesce-time 100" -n "advertisement-interval 0" \
		-n bfd 169.254.101.1/169.254.101.2 > "$FRR_DIR/bgpd.conf"
	frr_bgpd_start "$AWS" "$FRR_DIR/bgpd.conf"
	check_err $? "bgpd"
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 169.254.101.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	bfd { interval 300; multiplier 3 }
	vif vif101 {
		lower ms0
		vlan 101
		type private
		mtu 9001
		address 169.254.101.1/30
		aws-address 169.254.101.2
		remote-as $P_AS
		password "$KEY"
		connect-retry 1
		bfd yes
	}
	EOF
	dcvifd_start
	check_err $? "dcvifd"
	busywait 40000 bgp_ready
	check_err $? "not ready: bfd $(ip netns exec "$CUST" "$CTL" -j bfd show dev vif101 | jq -c 'map(.state)'), bgp $(neighbor_state 169.254.101.2), route $(route_of -4 198.51.100.0/24)"
	check_eq "$(link_field "$CUST" vif101 '[d["link"], d["mtu"], d["linkinfo"]["info_data"]["id"]]')" \
		"['ms0', 9001, 101]" "dcvifd's VIF on ms0, VLAN 101, 9001"
	check_eq "$(frr_bgp_state "$AWS" 169.254.101.1)" Established "bgpd sees the session Established"
	ip netns exec "$CUST" ping -c 2 -i 0.2 -W 2 -I 169.254.101.1 198.51.100.1 > /dev/null
	check_err $? "ping 198.51.100.1 over the BGP route"
	ip netns exec "$CUST" ping -M do -c 1 -W 2 -s 8973 169.254.101.2 > /dev/null
	check_err $? "9001-octet DF ping on dcvifd's VIF"
	# The peer stops accepting our SA: BFD Down, and dcvifd takes BGP down
	# at once (Cease/BFD Down, RFC 5882) and the route with it.
	ip -n "$AWS" macsec set ms0 rx port 1 address "$MAC_C" sa 0 off
	busywait 10000 bgp_down
	check_err $? "BGP or its route still there: $(neighbor_state 169.254.101.2), $(route_of -4 198.51.100.0/24)"
	check_eq "$(ctl -j show neighbor 169.254.101.2 | jq -r .last_notification_sent)" 6/10 \
		"Cease/BFD Down sent"
	# Back with the SA as in bfd_over_macsec (BFD's slow start, then BGP's
	# connect timers: half a minute under TCG), not waited for here.
	log_test "dcvifd on macsec: its VIF, BFD and BGP with FRR, the route; SA off takes them down"
}

setup
tests_run
exit "$EXIT_STATUS"
