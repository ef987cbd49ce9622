#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BFD in large packets (RFC 9764) on VIFs: padded control packets on the
# wire (IP packet of the VIF's MTU, DF set, BFD Length still 24); an 8021q
# hop in the middle whose MTU drops to 1500 takes a padded session Down
# (and the VIF's carrier with it) while an unpadded session over the same
# hop stays Up; padding changed in place without a flap, clamped to and
# following the VIF's MTU; sizes the session or the VIF cannot take refused
# with the reason and nothing changed; FRR bfdd and BIRD accept our padded
# packets (their sessions Up).
#
#  +----- $CUST -----+      +---------------- $MID ----------------+      +------ $AWS ------+
#  | v100 dcvif 100  |      | br100: mcust.100 + maws.100 (8021q,  |      | a100 dcvif 100   |
#  |  10.100.0.1/30  |      |        MTU 9001, lowered to 1500)    |      |  10.100.0.2/30   |
#  |  10.101.0.1/30  |      | br200: mcust.200 + maws.200 (9001)   |      |  10.101.0.2/30   |
#  |  2001:db8:101::1|      |                                      |      |  2001:db8:101::2 |
#  | v200 dcvif 200  |      |                                      |      | aws0.200 8021q   |
#  |  10.200.0.1/30  |      |                                      |      |  10.200.0.2/30   |
#  |   (MTU 9001)    |      |                                      |      |  FRR bfdd, BIRD  |
#  |      cust0 ------veth------ mcust      maws ---------------veth------ aws0              |
#  +-----------------+      +--------------------------------------+      +------------------+
#  every link MTU 9001 but the middle's VLAN 100 ports in mtu_1500_hop

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	padded_on_the_wire
	mtu_1500_hop
	padding_in_place
	padding_refused
	frr_bfdd_padded
	bird_padded
"
# Interop: the packets are the same code on every kernel.
NEWEST_ONLY="frr_bfdd_padded bird_padded"

CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
cc() { ip netns exec "$CUST" "$CTL" "$@"; }
ac() { ip netns exec "$AWS" "$CTL" "$@"; }
# 1 s x 3: slow enough for TCG on a busy host
BFD_T=(tx-interval 1000 rx-interval 1000 multiplier 3)

setup() {
	local ns d
	dcvif_load || exit 1
	[[ -x $CTL ]] || { echo "# $CTL missing: make userspace"; exit 1; }
	ns_create CUST MID AWS
	for ns in "$CUST" "$MID" "$AWS"; do ns_no_dad "$ns"; done
	ip -n "$CUST" link add cust0 mtu 9001 type veth peer name mcust mtu 9001 netns "$MID"
	ip -n "$AWS" link add aws0 mtu 9001 type veth peer name maws mtu 9001 netns "$MID"
	for d in mcust maws; do
		ip -n "$MID" link set "$d" up
		ip -n "$MID" link add link "$d" name "$d.100" mtu 9001 type vlan id 100
		ip -n "$MID" link add link "$d" name "$d.200" mtu 9001 type vlan id 200
	done
	ip -n "$MID" link add br100 type bridge
	ip -n "$MID" link add br200 type bridge
	for d in mcust maws; do
		ip -n "$MID" link set "$d.100" master br100 up
		ip -n "$MID" link set "$d.200" master br200 up
	done
	ip -n "$MID" link set br100 up
	ip -n "$MID" link set br200 up

	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name v100 mtu 9001 type dcvif id 100
	ip -n "$CUST" link add link cust0 name v200 mtu 9001 type dcvif id 200
	ip -n "$AWS" link add link aws0 name a100 mtu 9001 type dcvif id 100
	ip -n "$AWS" link add link aws0 name aws0.200 mtu 9001 type vlan id 200
	ip -n "$CUST" addr add 10.100.0.1/30 dev v100
	ip -n "$CUST" addr add 10.101.0.1/30 dev v100
	ip -n "$CUST" addr add 2001:db8:101::1/64 dev v100
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$AWS" addr add 10.100.0.2/30 dev a100
	ip -n "$AWS" addr add 10.101.0.2/30 dev a100
	ip -n "$AWS" addr add 2001:db8:101::2/64 dev a100
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	for d in v100 v200; do ip -n "$CUST" link set "$d" up; done
	for d in a100 aws0.200; do ip -n "$AWS" link set "$d" up; done
	wait_oper_up "$CUST" v100 v200
	wait_oper_up "$AWS" a100 aws0.200
}

sget() { cc -j bfd show dev "$1" peer "$2" | jq -r ".[0] | $3"; } # vif peer jq
vget() { cc -j vif show dev "$1" | jq -r ".[0] | $2"; } # vif jq
state_is() { [[ $(sget "$1" "$2" .state) == "$3" ]]; }
wait_state() { busywait "$4" state_is "$1" "$2" "$3"; } # vif peer State ms
mid_mtu() { # mtu: the middle's VLAN 100 ports
	ip -n "$MID" link set mcust.100 mtu "$1" && ip -n "$MID" link set maws.100 mtu "$1"
}

# Both ends of v100 <-> a100: 10.100.0.x unpadded, 10.101.0.x padded to
# the MTU, 2001:db8:101::x padded to 9001 bytes.
sessions100() {
	cc bfd add dev v100 local 10.100.0.1 peer 10.100.0.2 "${BFD_T[@]}" &&
	ac bfd add dev a100 local 10.100.0.2 peer 10.100.0.1 "${BFD_T[@]}" &&
	cc bfd add dev v100 local 10.101.0.1 peer 10.101.0.2 "${BFD_T[@]}" padding on &&
	ac bfd add dev a100 local 10.101.0.2 peer 10.101.0.1 "${BFD_T[@]}" padding on &&
	cc bfd add dev v100 local 2001:db8:101::1 peer 2001:db8:101::2 "${BFD_T[@]}" padding 9001 &&
	ac bfd add dev a100 local 2001:db8:101::2 peer 2001:db8:101::1 "${BFD_T[@]}" padding 9001
}

# One line per BFD packet of a pcap: IP version, IP length (IPv4 total,
# IPv6 40 + payload), DF, UDP length, BFD Length, BFD state.
pcap_bfd() { # file
	/usr/bin/python3 - "$1" <<-'PY'
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	off = 24
	while off + 16 <= len(d):
	    incl = struct.unpack_from("<I", d, off + 8)[0]
	    p = d[off + 16:off + 16 + incl]
	    off += 16 + incl
	    et, o = struct.unpack_from("!H", p, 12)[0], 14
	    while et == 0x8100:
	        et, o = struct.unpack_from("!H", p, o + 2)[0], o + 4
	    if et == 0x0800:
	        ihl = (p[o] & 15) * 4
	        iplen, frag = struct.unpack_from("!HxxH", p, o + 2)[0], struct.unpack_from("!H", p, o + 6)[0]
	        df, u = int(bool(frag & 0x4000)), o + ihl
	        v = 4
	    elif et == 0x86dd:
	        iplen, df, u, v = 40 + struct.unpack_from("!H", p, o + 4)[0], "-", o + 40, 6
	    else:
	        continue
	    ulen = struct.unpack_from("!H", p, u + 4)[0]
	    b = u + 8
	    print(v, iplen, df, ulen, p[b + 3], p[b + 1] >> 6, len(p) - b)
	PY
}

# Capture on the middle's port towards $CUST: COUNT frames of FILTER.
capture() { # count filter...
	local n=$1 f=/tmp/pad-$MID.pcap
	shift
	rm -f "$f"
	ip netns exec "$MID" timeout 15 tcpdump -i mcust -U -nn -c "$n" -w "$f" "$@" 2> /dev/null
	pcap_bfd "$f"
}

padded_on_the_wire() {
	RET=0
	sessions100
	check_err $? "sessions on v100 and a100"
	wait_state v100 10.101.0.2 Up 20000
	wait_state v100 2001:db8:101::2 Up 20000
	check_eq "$(sget v100 10.101.0.2 '[.state, .padding, .padded_size] | join(" ")')" \
		"Up on 9001" "IPv4 padded to the MTU, Up"
	check_eq "$(sget v100 2001:db8:101::2 '[.state, .padding, .padded_size] | join(" ")')" \
		"Up 9001 9001" "IPv6 padded to 9001 bytes, Up"
	check_eq "$(sget v100 10.100.0.2 '[.state, .padding, .padded_size] | join(" ")')" \
		"Up off 0" "unpadded, Up"
	# v, IP length, DF, UDP length, BFD Length, state (3 Up), captured bytes after UDP
	check_eq "$(capture 2 'vlan 100 and src host 10.101.0.1 and udp dst port 3784' | sort -u)" \
		"4 9001 1 8981 24 3 8973" "IPv4 on the wire: 9001 bytes, DF, BFD Length 24"
	check_eq "$(capture 2 'vlan 100 and src host 2001:db8:101::1 and udp dst port 3784' | sort -u)" \
		"6 9001 - 8961 24 3 8953" "IPv6 on the wire: 9001 bytes, BFD Length 24"
	check_eq "$(capture 2 'vlan 100 and src host 10.100.0.1 and udp dst port 3784' | sort -u)" \
		"4 52 1 32 24 3 24" "unpadded: 52 bytes"
	# Our receive side took the peer's padded packets: nothing dropped.
	check_eq "$(sget v100 10.101.0.2 '[.stats.rx_packets > 0, .stats.rx_drops, .stats.drop_malformed] | join(" ")')" \
		"true 0 0" "the peer's padded packets accepted, none malformed"
	log_test "RFC 9764 padding on the wire: IPv4 and IPv6 of 9001 bytes, DF, BFD Length 24, accepted by the peer"
}

mtu_1500_hop() {
	local t0
	RET=0
	check_eq "$(vget v100 .carrier)" true "carrier on before"
	mid_mtu 1500
	check_err $? "middle 8021q hop to MTU 1500"
	t0=$(date +%s)
	wait_state v100 10.101.0.2 Down 15000
	check_eq "$(sget v100 10.101.0.2 '[.state, .diag] | join(",")')" \
		"Down,Control Detection Time Expired" "IPv4 padded session Down ($(($(date +%s) - t0)) s)"
	wait_state v100 2001:db8:101::2 Down 15000
	check_eq "$(sget v100 2001:db8:101::2 .state)" Down "IPv6 padded session Down"
	check_eq "$(vget v100 '[.carrier, .carrier_reason] | join(",")')" "false,bfd" \
		"VIF carrier off, held by BFD"
	sleep 3
	check_eq "$(sget v100 10.100.0.2 '[.state, .stats.down_transitions] | join(" ")')" \
		"Up 0" "unpadded session over the same hop stays Up, no flap"
	check_eq "$(sget v100 10.101.0.2 '.stats.drop_malformed')" 0 "nothing counted as malformed"
	# Padding off, in place: the sessions come back over the 1500 hop.
	cc bfd set dev v100 peer 10.101.0.2 padding off && ac bfd set dev a100 peer 10.101.0.1 padding off &&
		cc bfd set dev v100 peer 2001:db8:101::2 padding off &&
		ac bfd set dev a100 peer 2001:db8:101::1 padding off
	check_err $? "padding off"
	wait_state v100 10.101.0.2 Up 20000
	wait_state v100 2001:db8:101::2 Up 20000
	check_eq "$(sget v100 10.101.0.2 '[.state, .padding, .padded_size] | join(" ")')" \
		"Up off 0" "unpadded again: Up over the 1500 hop"
	busywait 5000 bash -c "[[ \$(ip netns exec $CUST $CTL -j vif show dev v100 | jq .[0].carrier) == true ]]"
	check_eq "$(vget v100 .carrier)" true "carrier back"
	mid_mtu 9001
	log_test "8021q hop at MTU 1500: padded sessions (9001) Down and the carrier off, unpadded stays Up; padding off brings them back"
}

padding_in_place() {
	local discr
	RET=0
	discr=$(sget v100 10.100.0.2 .local_discr)
	cc bfd set dev v100 peer 10.100.0.2 padding 9001
	check_err $? "padding 9001 on an Up session"
	check_eq "$(sget v100 10.100.0.2 '[.padding, .padded_size] | join(" ")')" "9001 9001" "reported"
	check_eq "$(capture 1 'vlan 100 and src host 10.100.0.1 and udp dst port 3784')" \
		"4 9001 1 8981 24 3 8973" "next packet padded"
	cc bfd set dev v100 peer 10.100.0.2 padding 4000
	check_eq "$(sget v100 10.100.0.2 '[.padding, .padded_size] | join(" ")')" "4000 4000" "4000 bytes"
	ip -n "$CUST" link set v100 mtu 3000
	check_eq "$(sget v100 10.100.0.2 '[.padding, .padded_size] | join(" ")')" "4000 3000" \
		"VIF MTU lowered to 3000: clamped"
	cc bfd set dev v100 peer 10.100.0.2 padding on
	check_eq "$(sget v100 10.100.0.2 '[.padding, .padded_size] | join(" ")')" "on 3000" "on: the MTU"
	ip -n "$CUST" link set v100 mtu 9001
	check_eq "$(sget v100 10.100.0.2 '[.padding, .padded_size] | join(" ")')" "on 9001" "follows the MTU up"
	cc bfd set dev v100 peer 10.100.0.2 padding off
	sleep 2
	check_eq "$(sget v100 10.100.0.2 '[.state, .local_discr, .stats.down_transitions] | join(" ")')" \
		"Up $discr 0" "same session, Up throughout, no flap"
	log_test "padding changed in place (9001, 4000, on, off) without a flap; clamped to and following the VIF's MTU"
}

padding_refused() {
	local before out
	RET=0
	before=$(cc -j bfd show dev v100 | jq -c 'map(del(.stats, .remote_discr, .detect_time_us, .tx_interval_us))')
	out=$(cc bfd set dev v100 peer 10.100.0.2 padding 9002 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: padding 9002 above the VIF's MTU 9001" \
		"Error: dcvif: padding above the VIF's MTU")" "above the MTU"
	out=$(cc bfd set dev v100 peer 10.100.0.2 padding 51 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: padding 51 below the session's unpadded packet size 52" \
		"Error: dcvif: padding below the session's unpadded packet size")" "below IPv4's 52"
	out=$(cc bfd set dev v100 peer 2001:db8:101::2 padding 71 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: padding 71 below the session's unpadded packet size 72" \
		"Error: dcvif: padding below the session's unpadded packet size")" "below IPv6's 72"
	# keyed SHA1 makes the control packet 52 bytes, the IP packet 80; the
	# key of the same request is not applied either
	out=$(cc bfd set dev v100 peer 10.100.0.2 auth keyed-sha1 key-id 1 key k padding 79 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: padding 79 below the session's unpadded packet size 80" \
		"Error: dcvif: padding below the session's unpadded packet size")" "below 80 with keyed SHA1"
	out=$(cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.9 padding 9100 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: padding 9100 above the VIF's MTU 9001" \
		"Error: dcvif: padding above the VIF's MTU")" "add above the MTU"
	check_eq "$(cc -j bfd show dev v200 | jq length)" 0 "no session made"
	check_eq "$(cc -j bfd show dev v100 | jq -c 'map(del(.stats, .remote_discr, .detect_time_us, .tx_interval_us))')" \
		"$before" "v100's sessions unchanged"
	log_test "padding above the VIF's MTU or below the session's unpadded size refused with the reason, nothing changed"
}

frr_bfdd_padded() {
	local peer=10.200.0.2
	RET=0
	require_cmd /usr/lib/frr/bfdd
	frr_bfdd_start "$AWS" aws0.200 1000 10.200.0.2,10.200.0.1
	check_err $? "zebra and bfdd"
	cc bfd add dev v200 local 10.200.0.1 peer $peer "${BFD_T[@]}" padding on
	check_err $? "padded session to bfdd"
	defer ip netns exec "$CUST" "$CTL" bfd del dev v200 peer $peer
	wait_state v200 $peer Up 30000
	check_eq "$(sget v200 $peer '[.state, .padded_size, .stats.drop_malformed] | join(" ")')" \
		"Up 9001 0" "Up with FRR bfdd, padded to 9001"
	busywait 10000 bash -c "ip netns exec $AWS vtysh -N $AWS -c 'show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200' 2> /dev/null |
		grep -q 'Status: up'"
	check_eq "$(ip netns exec "$AWS" vtysh -N "$AWS" -c "show bfd peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200" 2> /dev/null |
		sed -n 's/^[[:space:]]*Status: //p')" up "bfdd's view"
	check_eq "$(capture 1 'vlan 200 and src host 10.200.0.1 and udp dst port 3784')" \
		"4 9001 1 8981 24 3 8973" "what bfdd receives"
	log_test "FRR bfdd brings up a session whose packets are padded to 9001 bytes"
}

bird_padded() {
	local dir=/tmp/bird-$AWS peer=10.200.0.2
	RET=0
	require_cmd bird birdc
	mkdir -p "$dir"
	cat > "$dir/bird.conf" <<-EOF
	router id 10.200.0.2;
	protocol device { }
	protocol bfd {
		interface "aws0.200" {
			interval 1000 ms; multiplier 3;
			authentication meticulous keyed sha1; password "sha1-s3cret" { id 7; };
		};
		neighbor 10.200.0.1 dev "aws0.200" local 10.200.0.2;
	}
	EOF
	ip netns exec "$AWS" bird -c "$dir/bird.conf" -s "$dir/ctl" -P "$dir/pid"
	check_err $? "bird"
	defer pkill -F "$dir/pid"
	cc bfd add dev v200 local 10.200.0.1 peer $peer "${BFD_T[@]}" padding on \
		auth meticulous-keyed-sha1 key-id 7 key sha1-s3cret
	check_err $? "padded session with meticulous keyed SHA1"
	defer ip netns exec "$CUST" "$CTL" bfd del dev v200 peer $peer
	wait_state v200 $peer Up 30000
	check_eq "$(sget v200 $peer '[.state, .padded_size, .stats.drop_auth] | join(" ")')" \
		"Up 9001 0" "Up with BIRD, padded to 9001"
	busywait 5000 bash -c "ip netns exec $AWS birdc -s $dir/ctl show bfd sessions | grep -q '^10.200.0.1 .* Up '"
	check_eq "$(ip netns exec "$AWS" birdc -s "$dir/ctl" show bfd sessions |
		awk '$1 == "10.200.0.1" { print $3 }')" Up "BIRD's view"
	check_eq "$(capture 1 'vlan 200 and src host 10.200.0.1 and udp dst port 3784')" \
		"4 9001 1 8981 52 3 8973" "what BIRD receives: BFD Length 52 (SHA1)"
	log_test "BIRD 2 brings up a session padded to 9001 bytes, with meticulous keyed SHA1"
}

setup
tests_run
exit "$EXIT_STATUS"
