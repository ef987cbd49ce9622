#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd keeps the kernel FIB right when the VIFs it routes over lose and
# regain carrier. The kernel (net/ipv4/nexthop.c) deletes every nexthop
# object on a device that loses carrier or goes down, and the routes using
# them; a group loses that member, or goes when it was the last. dcvifd
# must put them back as soon as the device can carry them again: in place
# (same group id, the routes untouched) when only a member went, from
# scratch when everything went, while BGP (hold 90 s) never noticed.
#
# Two Direct Connect connections, one private VIF on each, one BGP session
# per VIF and family (MD5, hold 90 / keepalive 30) and kernel BFD at
# 300 ms x 3 on each VIF against FRR's bfdd. Both sessions learn the same
# prefixes from AS 64512, so dcvifd installs each over an ECMP group of
# two. Connection 2 is a dclag LAG of two ports with min-links 2 (lacp off,
# members count on carrier) against a bonding balance-xor bond.
#
#  +------------------- $CUST: dcvifd AS 65001 ------------------+   +------------ $AWS: FRR bgpd + bfdd AS 64512 -------------+
#  | vif101 (dcvif id 101)                                       |   |                      a1.101 (8021q id 101)              |
#  |   169.254.101.1/30  2001:db8:ff01::1/64  BFD -> .101.2      |   |   169.254.101.2/30  2001:db8:ff01::2/64                 |
#  |   |                                                         |   |                        |                                |
#  | p1 (veth) --------------------------------------------------+---+--------------------- a1 (veth)                         |
#  |                                                             |   |                                                         |
#  | vif102 (dcvif id 102)                                       |   |                      bond0.102 (8021q id 102)           |
#  |   169.254.102.1/30  2001:db8:ff02::1/64  BFD -> .102.2      |   |   169.254.102.2/30  2001:db8:ff02::2/64                 |
#  |   |                                                         |   |                        |                                |
#  | lag0 (dclag, lacp off, min-links 2)                         |   |                      bond0 (balance-xor, l3+4)          |
#  |   p2 p3 (veth) ---------------------------------------------+---+--------------------- a2 a3 (veth)                      |
#  |                                                             |   | lo: 198.51.100.1/32 2001:db8:200::1/128, announced as   |
#  | 198.51.100.0/24, 2001:db8:200::/48: ECMP group of 2         |   |     198.51.100.0/24 and 2001:db8:200::/48               |
#  +-------------------------------------------------------------+   +---------------------------------------------------------+
#
# Every case starts from that initial state; where a previous case left it
# otherwise (a dcvifd that does not resync), the BGP sessions are cleared
# first so that each case is judged on its own.

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="
	initial_state
	bfd_outage_one_vif
	bfd_outage_both_vifs
	lower_port_down
	lag_below_min_links
	vif_recreated
	nexthop_flush
"

P_AS=64512
PFX4=198.51.100.0/24
PFX6=2001:db8:200::/48
HOST4=198.51.100.1
HOST6=2001:db8:200::1
NBRS="169.254.101.2 2001:db8:ff01::2 169.254.102.2 2001:db8:ff02::2"
BOTH="* $RTPROT vif101,vif102"
# The outage: long enough for BFD (900 ms) and the checks, far below the
# BGP hold time.
OUTAGE_MS=2000
# From BFD Up (carrier back) to the FIB back.
BACK_MS=1000

# nsenter, not ip netns exec: no sysfs remount, which costs under TCG
cc() { nsenter --net="/run/netns/$CUST" "$DCVIFCTL" "$@"; }
cping() { nsenter --net="/run/netns/$CUST" ping "$@"; }
tx_packets() { ip -n "$CUST" -s -j link show dev "$1" | jq '.[0].stats64.tx.packets'; } # dev

# --- topology ------------------------------------------------------------------

# vif101_create: VIF 1, its addresses and its BFD session (also case 5's
# re-creation).
vif101_create() {
	ip -n "$CUST" link add link p1 name vif101 type dcvif id 101 &&
		ip -n "$CUST" addr add 169.254.101.1/30 dev vif101 &&
		ip -n "$CUST" addr add 2001:db8:ff01::1/64 dev vif101 &&
		ip -n "$CUST" link set vif101 up &&
		cc bfd add dev vif101 local 169.254.101.1 peer 169.254.101.2
}

frr_conf() {
	# an interface going down must not reset the sessions over it: only
	# the hold timer may (lower_port_down takes a1 down for 2 s)
	frr_bgp_conf -p "$PFX4" -p "$PFX6" -r "no bgp fast-external-failover" \
		169.254.101.1 169.254.102.1 2001:db8:ff01::1 2001:db8:ff02::1
}

dcvifd_vif_conf() {
	local vif af peer src

	cat <<-EOF
	router-id 169.254.101.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	fib {
		stale-time 5
	}
	EOF
	for vif in 101 102; do
		for af in 4 6; do
			if [[ $af == 4 ]]; then
				peer=169.254.$vif.2 src=169.254.$vif.1
			else
				peer=2001:db8:ff${vif#1}::2 src=2001:db8:ff${vif#1}::1
			fi
			cat <<-EOF
			neighbor $peer {
				description "vif$vif ipv$af"
				remote-as $P_AS
				local-address $src
				interface "vif$vif"
				password "$KEY"
				hold-time 90
				keepalive 30
				connect-retry 1
			}
			EOF
		done
	done
}

setup() {
	local i

	dcvif_load || exit 1
	modprobe bonding max_bonds=0 && modprobe cls_flower && modprobe act_gact || exit 1
	require_cmd jq ping /usr/lib/frr/bgpd /usr/lib/frr/bfdd
	# ping (and bfdd) turn packet time stamps on, a static key of the
	# receive path; switching it while packets flow has oopsed under TCG
	# (int3 in __netif_receive_skb_core, the key's deferred work). One
	# ping holds it on from before any traffic to the end.
	ping -q -i 60 127.0.0.1 > /dev/null 2>&1 &
	defer kill $!
	[[ -x $DCVIFD && -x $DCVIFCTL ]] ||
		{ echo "# $DCVIFD or $DCVIFCTL missing: make userspace; make -C userspace/dcvifd dcvifd.san"; exit 1; }
	ns_create CUST AWS || exit 1
	D=$CUST
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	# a1 goes down in lower_port_down, and a1.101 with it: keep its IPv6
	# address, as a router's configuration would.
	ip netns exec "$AWS" sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 \
		net.ipv6.conf.default.keep_addr_on_down=1
	WORK=$(mktemp -d /tmp/dcvifd-fib.XXXXXX)
	chmod 755 "$WORK"
	defer rm -rf "$WORK"
	# KEEP=DIR: the logs are copied there at the end
	[[ -n ${KEEP:-} ]] && defer eval 'mkdir -p "$KEEP" && cp -a "$WORK"/. "$FRR_DIR"/*.log "$KEEP"/'
	ip -n "$CUST" -ts monitor nexthop route link > "$WORK/kernel-events.txt" 2>&1 &
	defer kill $!

	ip -n "$CUST" link add p1 type veth peer name a1 netns "$AWS"
	ip -n "$CUST" link add lag0 type dclag lacp off min-links 2
	ip -n "$AWS" link add bond0 type bond mode balance-xor xmit_hash_policy layer3+4 miimon 100
	for i in 2 3; do
		ip -n "$CUST" link add "p$i" type veth peer name "a$i" netns "$AWS"
		ip -n "$CUST" link set "p$i" master lag0
		ip -n "$AWS" link set "a$i" master bond0
	done
	for i in p1 lag0; do ip -n "$CUST" link set "$i" up; done
	for i in a1 bond0; do ip -n "$AWS" link set "$i" up; done
	ip -n "$AWS" link add link a1 name a1.101 type vlan id 101
	ip -n "$AWS" link add link bond0 name bond0.102 type vlan id 102
	ip -n "$AWS" addr add 169.254.101.2/30 dev a1.101
	ip -n "$AWS" addr add 2001:db8:ff01::2/64 dev a1.101
	ip -n "$AWS" addr add 169.254.102.2/30 dev bond0.102
	ip -n "$AWS" addr add 2001:db8:ff02::2/64 dev bond0.102
	ip -n "$AWS" addr add "$HOST4/32" dev lo
	ip -n "$AWS" addr add "$HOST6/128" dev lo
	ip -n "$AWS" link set a1.101 up
	ip -n "$AWS" link set bond0.102 up
	# The clsact qdiscs before any traffic (dcvif_bfd.sh: adding one flips
	# static keys, which has oopsed under TCG with packets in flight).
	tc -n "$AWS" qdisc add dev a1.101 clsact
	tc -n "$AWS" qdisc add dev bond0.102 clsact

	vif101_create || exit 1
	ip -n "$CUST" link add link lag0 name vif102 type dcvif id 102
	ip -n "$CUST" addr add 169.254.102.1/30 dev vif102
	ip -n "$CUST" addr add 2001:db8:ff02::1/64 dev vif102
	ip -n "$CUST" link set vif102 up
	cc bfd add dev vif102 local 169.254.102.1 peer 169.254.102.2 || exit 1
	wait_oper_up "$CUST" vif101 vif102 || exit 1
	wait_oper_up "$AWS" a1.101 bond0.102 || exit 1

	frr_bfdd_start "$AWS" a1.101 300 169.254.101.2,169.254.101.1 || exit 1
	busywait 10000 frr_bfd_peer "$AWS" 169.254.102.2 169.254.102.1 bond0.102 300 ||
		{ echo "# bfdd: cannot add the peer on bond0.102"; exit 1; }
	frr_conf > "$FRR_DIR/bgpd.conf"
	frr_bgpd_start "$AWS" "$FRR_DIR/bgpd.conf" || exit 1
	dcvifd_vif_conf > "$WORK/dcvifd.conf"
	dcvifd_start || exit 1
}

# --- observing ---------------------------------------------------------------

bfd_state() { cc -j bfd show dev "$1" peer "$2" | jq -r '.[0].state'; } # vif peer
bfd_is() { [[ $(bfd_state "$1" "$2") == "$3" ]]; } # vif peer state
bfd1_is() { bfd_is vif101 169.254.101.2 "$1"; }
bfd2_is() { bfd_is vif102 169.254.102.2 "$1"; }

# The device lost its carrier: NO-CARRIER, no LOWER_UP.
no_carrier() { # ns dev
	[[ $(ip -n "$1" -j link show dev "$2" |
		jq -r '.[0].flags | [any(. == "NO-CARRIER"), any(. == "LOWER_UP")] | @csv') == "true,false" ]]
}
has_carrier() { # ns dev
	[[ $(ip -n "$1" -j link show dev "$2" |
		jq -r '.[0].flags | [any(. == "NO-CARRIER"), any(. == "LOWER_UP")] | @csv') == "false,true" ]]
}

# State and Established counter of every session, as dcvifd sees them.
bgp_sessions() {
	local n

	for n in $NBRS; do
		printf '%s:%s ' "$n" "$(ctl -j show neighbor "$n" 2> /dev/null | jq -r '"\(.state)/\(.established)"')"
	done
}

all_established() {
	local n

	for n in $NBRS; do
		neighbor_is "$n" Established || return 1
	done
}

initial() {
	bfd1_is Up && bfd2_is Up && all_established &&
		route_is -4 "$PFX4" "$BOTH" > /dev/null && route_is -6 "$PFX6" "$BOTH" > /dev/null
}

# dcvifd again after a crash, stopped at exit by setup's dcvifd_stop.
dcvifd_restart() {
	chmod 600 "$WORK/dcvifd.conf"
	ip netns exec "$D" "$DCVIFD" -d -f "$WORK/dcvifd.conf" >> "$WORK/dcvifd.log" 2>&1 &
	DCVIFD_PID=$!
	busywait 20000 test -S "$WORK/dcvifd.sock" > /dev/null
}

# dcvifd still runs; else what its sanitizers said.
dcvifd_alive() {
	kill -0 "$DCVIFD_PID" 2> /dev/null ||
		{ echo "dcvifd died: $(grep -m 3 -E 'runtime error|Sanitizer|SUMMARY' "$WORK/dcvifd.log")"; return 1; }
}

# On a failed case: what dcvifd thinks of the prefixes, and its last words.
dcvifd_diag() {
	[[ $RET -eq 0 && ${#__RETMSGS[@]} -eq 0 ]] && return 0
	log_info "dcvifd's RIB: $(ctl -j show routes "$PFX4" 2> /dev/null | jq -c '[.[] | .paths[] | [.from, .best, .multipath]]') $(ctl -j show routes "$PFX6" 2> /dev/null | jq -c '[.[] | .paths[] | [.from, .best, .multipath]]')"
	log_info "dcvifd's FIB stats: $(ctl -j show summary 2> /dev/null | jq -c '.fib // .kroute // .' | head -c 400)"
	log_info "dcvifd.log: $(tail -n 8 "$WORK/dcvifd.log")"
	if [[ -n $MON && -f $MON ]]; then
		log_info "ip monitor (nexthops, routes, carrier of the VIFs):"
		log_info "$(grep -a '^\[' "$MON" | grep -v ': lo:' | grep -E 'proto|vif10[12]@' | cut -c1-140 | tail -n 24)"
	fi
}

# Start a case from the initial state: if the previous case left the FIB
# otherwise, clear every session (dcvifd re-creates its objects when they
# come back) and wait.
restore() {
	local n

	MON=
	if ! kill -0 "$DCVIFD_PID" 2> /dev/null; then
		log_info "dcvifd is dead: $(grep -m 3 -E 'runtime error|Sanitizer|SUMMARY' "$WORK/dcvifd.log"); starting it again"
		dcvifd_restart
		busywait 40000 initial > /dev/null
		return
	fi
	initial && return 0
	log_info "not in the initial state ($(route_of -4 "$PFX4"); $(route_of -6 "$PFX6"); $(bgp_sessions)); clearing the sessions"
	busywait 20000 bfd1_is Up && busywait 20000 bfd2_is Up
	for n in $NBRS; do
		ctl clear neighbor "$n" > /dev/null
	done
	busywait 40000 initial
}

# Hold an outage begun at T0 until it has lasted OUTAGE_MS.
outage_hold() { # t0
	local left=$(($1 + OUTAGE_MS - $(now_ms)))

	if ((left > 0)); then
		sleep "$((left / 1000)).$(printf '%03d' $((left % 1000)))"
	fi
	return 0
}

# fib_back_in_time MON FROM WHAT: after the FIB was seen right, the last
# change dcvifd made to it came no later than BACK_MS after FROM (a time
# read from MON, e.g. the carrier's return). Says how long it took.
fib_back_in_time() { # mon from what
	local mark delay

	mark=$(mon_mark "$1")
	delay=$(fib_delay "$1" "$2" "$mark")
	if [[ -z $delay ]]; then
		echo "no change of protocol $RTPROT to the FIB after $3"
		return 1
	fi
	echo "FIB back $delay ms after $3"
	((delay <= BACK_MS))
}


# --- cases -----------------------------------------------------------------------

# The FIB is back: the route to PFX says WANT within WAIT_MS (the poll is
# the gate; how soon is fib_back_in_time's).
FIB_WAIT_MS=5000
back() { # af pfx want
	local out

	out=$(wait_route "$FIB_WAIT_MS" "$1" "$2" "$3")
	check_err $? "$2 not back as '$3': $out"
}

# The route to PFX says WANT within 2 s, the FIB being emptied or shrunk by
# the kernel.
gone() { # af pfx want why
	local out

	out=$(wait_route 2000 "$1" "$2" "$3")
	check_err $? "$4: $out"
}

initial_state() {
	RET=0
	busywait 20000 bfd1_is Up > /dev/null && busywait 20000 bfd2_is Up > /dev/null
	check_err $? "BFD not Up: vif101 $(bfd_state vif101 169.254.101.2), vif102 $(bfd_state vif102 169.254.102.2)"
	busywait 40000 all_established > /dev/null
	check_err $? "BGP not Established: $(bgp_sessions)"
	check_eq "$(frr_bgp_state "$AWS" 169.254.101.1) $(frr_bgp_state "$AWS" 2001:db8:ff02::1)" \
		"Established Established" "bgpd's view of two of the sessions"
	FIB_WAIT_MS=20000 back -4 "$PFX4" "$BOTH"
	back -6 "$PFX6" "$BOTH"
	check_eq "$(ip -n "$CUST" -j route show "$PFX4" | jq -c '[.[0].nexthops[] | [.gateway, .dev]] | sort')" \
		'[["169.254.101.2","vif101"],["169.254.102.2","vif102"]]' "IPv4 ECMP nexthops"
	# two nexthops and a group per family, all dcvifd's
	check_eq "$(ip -n "$CUST" -j nexthop show | jq -c '[.[] | .protocol] | group_by(.) | map([.[0], length])')" \
		"[[\"$RTPROT\",6]]" "nexthop objects"
	cping -q -c 2 -i 0.2 -W 2 "$HOST4" > /dev/null &&
		cping -6 -q -c 2 -i 0.2 -W 2 "$HOST6" > /dev/null
	check_err $? "no ping to the AWS side"
	log_info "FIB: $(route_of -4 "$PFX4"); $(route_of -6 "$PFX6"); sessions: $(bgp_sessions)"
	dcvifd_diag
	log_test "initial state: BFD Up on both VIFs, 4 sessions Established, both prefixes over an ECMP group of 2"
}

# Only VIF 1 loses BFD: bfdd's packets out of a1.101 are dropped for 2 s,
# VIF 2's session (over bond0.102) is left alone.
bfd_outage_one_vif() {
	local g4 g6 r4 r6 bgp t0 t_pass t_car tx0 tx1 out mon=$WORK/mon.bfd1

	RET=0
	restore
	check_err $? "initial state not restored"
	g4=$(route_of -4 "$PFX4") g4=${g4%% *}
	g6=$(route_of -6 "$PFX6") g6=${g6%% *}
	r4=$(route_json -4 "$PFX4")
	r6=$(route_json -6 "$PFX6")
	bgp=$(bgp_sessions)
	MON=$mon
	fib_monitor_start "$mon"
	check_err $? "ip monitor"

	t0=$(now_ms)
	bfd_drop "$AWS" a1.101
	check_err $? "tc drop of bfdd's packets on a1.101"
	defer bfd_pass "$AWS" a1.101
	busywait 5000 bfd1_is Down > /dev/null
	check_err $? "vif101's session not Down"
	out=$(busywait 2000 no_carrier "$CUST" vif101)
	check_err $? "vif101 keeps its carrier: $out"
	check_eq "$(cc -j vif show | jq -r 'map("\(.dev) \(.carrier) \(.carrier_reason // "-")") | join(", ")')" \
		"vif101 false bfd, vif102 true -" "carrier off on vif101 only, because of BFD"
	gone -4 "$PFX4" "$g4 $RTPROT vif102" "IPv4 group $g4 not shrunk to vif102 in place"
	gone -6 "$PFX6" "$g6 $RTPROT vif102" "IPv6 group $g6 not shrunk to vif102 in place"
	tx0=$(tx_packets vif102)
	cping -q -c 3 -i 0.2 -W 1 "$HOST4" > /dev/null
	check_err $? "no IPv4 traffic via vif102 during the outage"
	cping -6 -q -c 3 -i 0.2 -W 1 "$HOST6" > /dev/null
	check_err $? "no IPv6 traffic via vif102 during the outage"
	tx1=$(tx_packets vif102)
	((tx1 - tx0 >= 6))
	check_err $? "the pings did not leave by vif102: $((tx1 - tx0)) packets"

	outage_hold "$t0"
	t_pass=$(now_ms)
	log_info "outage: $((t_pass - t0)) ms"
	bfd_pass "$AWS" a1.101
	busywait 10000 bfd1_is Up > /dev/null
	check_err $? "vif101's session not Up again"
	out=$(busywait 2000 has_carrier "$CUST" vif101)
	check_err $? "vif101 carrier not back: $out"
	back -4 "$PFX4" "$g4 $RTPROT vif101,vif102"
	back -6 "$PFX6" "$g6 $RTPROT vif101,vif102"
	t_car=$(mon_first "$mon" "$(carrier_up_re vif101)" "$t_pass")
	out=$(fib_back_in_time "$mon" "$t_car" "vif101's carrier")
	check_err $? "$out"
	log_info "$out"
	check_eq "$(route_json -4 "$PFX4")" "$r4" "IPv4 route not as before the outage"
	check_eq "$(route_json -6 "$PFX6")" "$r6" "IPv6 route not as before the outage"
	out=$(dcvifd_alive)
	check_err $? "$out"
	check_eq "$(bgp_sessions)" "$bgp" "BGP sessions reset (state/established counter)"
	log_info "kernel notifications of nexthops and routes from the drop to BFD Up:"
	log_info "$(grep -a '^\[' "$mon" | grep -v ': lo:\|@' | head -n 20)"
	dcvifd_diag
	log_test "BFD outage on VIF 1: group shrinks in place, traffic via VIF 2, back with both members within 1 s of the carrier, no BGP reset"
}

# Both VIFs lose BFD: the kernel flushes everything; dcvifd re-creates it.
bfd_outage_both_vifs() {
	local bgp t0 t_pass t1 t2 out mon=$WORK/mon.bfd2

	RET=0
	restore
	check_err $? "initial state not restored"
	bgp=$(bgp_sessions)
	MON=$mon
	fib_monitor_start "$mon"
	check_err $? "ip monitor"
	t0=$(now_ms)
	bfd_drop "$AWS" a1.101 && bfd_drop "$AWS" bond0.102
	check_err $? "tc drop of bfdd's packets"
	defer bfd_pass "$AWS" a1.101
	defer bfd_pass "$AWS" bond0.102
	busywait 5000 bfd1_is Down > /dev/null && busywait 5000 bfd2_is Down > /dev/null
	check_err $? "sessions not Down"
	gone -4 "$PFX4" none "IPv4 route still there without a usable VIF"
	gone -6 "$PFX6" none "IPv6 route still there without a usable VIF"
	check_eq "$(nh_table)" "[]" "nexthop objects left on VIFs without carrier"
	outage_hold "$t0"
	t_pass=$(now_ms)
	bfd_pass "$AWS" a1.101
	bfd_pass "$AWS" bond0.102
	busywait 10000 bfd1_is Up > /dev/null && busywait 10000 bfd2_is Up > /dev/null
	check_err $? "sessions not Up again"
	back -4 "$PFX4" "$BOTH"
	back -6 "$PFX6" "$BOTH"
	# from the later of the two carriers
	t1=$(mon_first "$mon" "$(carrier_up_re vif101)" "$t_pass")
	t2=$(mon_first "$mon" "$(carrier_up_re vif102)" "$t_pass")
	((${t2:-0} > ${t1:-0})) && t1=$t2
	out=$(fib_back_in_time "$mon" "$t1" "both carriers")
	check_err $? "$out"
	log_info "$out"
	out=$(dcvifd_alive)
	check_err $? "$out"
	check_eq "$(bgp_sessions)" "$bgp" "BGP sessions reset (state/established counter)"
	log_info "kernel notifications of nexthops and routes:"
	log_info "$(grep -a '^\[' "$mon" | grep -v ': lo:\|@' | head -n 20)"
	dcvifd_diag
	log_test "BFD outage on both VIFs: routes and groups flushed, back over a group of 2 within 1 s of the carriers, no BGP reset"
}

# The port under VIF 1 loses carrier: its peer a1 goes down for 2 s.
lower_port_down() {
	local g4 bgp t0 t_pass t_car t_grp out mon=$WORK/mon.port

	RET=0
	restore
	check_err $? "initial state not restored"
	g4=$(route_of -4 "$PFX4") g4=${g4%% *}
	bgp=$(bgp_sessions)
	MON=$mon
	fib_monitor_start "$mon"
	check_err $? "ip monitor"
	t0=$(now_ms)
	ip -n "$AWS" link set a1 down
	defer ip -n "$AWS" link set a1 up
	busywait 2000 no_carrier "$CUST" p1 > /dev/null
	check_err $? "p1 keeps its carrier with a1 down"
	busywait 2000 no_carrier "$CUST" vif101 > /dev/null
	check_err $? "vif101 keeps its carrier with p1 down"
	gone -4 "$PFX4" "$g4 $RTPROT vif102" "IPv4 group $g4 not shrunk to vif102 in place"
	outage_hold "$t0"
	t_pass=$(now_ms)
	ip -n "$AWS" link set a1 up
	busywait 3000 has_carrier "$CUST" p1 > /dev/null
	check_err $? "p1 carrier not back"
	# BFD timed out meanwhile: vif101's carrier waits for it
	busywait 10000 bfd1_is Up > /dev/null
	check_err $? "vif101's session not Up again"
	if [[ $(bgp_sessions) == "$bgp" ]]; then
		back -4 "$PFX4" "$g4 $RTPROT vif101,vif102"
		# FRR 8.4, its a1.101 flapped, may announce the IPv6 prefix
		# with an IPv4-mapped next hop (::ffff:169.254.101.2) until it
		# sees its address again; the kernel refuses that nexthop
		# (EHOSTUNREACH) and dcvifd keeps the prefix on the other path.
		back -6 "$PFX6" "* $RTPROT *vif102"
		if ! route_is -6 "$PFX6" "$BOTH" > /dev/null; then
			[[ $(ctl -j show summary | jq -r .fib_last_error) =~ ^RTM_NEW(NEXTHOP\ id\ [0-9]+:\ No\ route\ to\ host|ROUTE\ 2001:db8:200::/48:.*) ]]
			check_err $? "IPv6 over vif102 alone, but not for FRR's mapped next hop: $(ctl -j show summary | jq -r .fib_last_error)"
		fi
		# timed by the IPv4 group, grown back in place: the last change
		# may be dcvifd's answer to bgpd's later UPDATE (above)
		t_car=$(mon_first "$mon" "$(carrier_up_re vif101)" "$t_pass")
		t_grp=$(mon_first "$mon" "id $g4 group " "$t_car")
		log_info "IPv4 group $g4 back $((t_grp - t_car)) ms after vif101's carrier"
		[[ -n $t_car && -n $t_grp ]] && ((t_grp - t_car <= BACK_MS))
		check_err $? "IPv4 group $g4 back $((t_grp - t_car)) ms after vif101's carrier (limit $BACK_MS)"
	else
		# BGP may notice a port down; then the routes come back with
		# the sessions
		log_info "sessions reset: $bgp -> $(bgp_sessions)"
		FIB_WAIT_MS=20000 back -4 "$PFX4" "$BOTH"
		back -6 "$PFX6" "$BOTH"
	fi
	out=$(dcvifd_alive)
	check_err $? "$out"
	dcvifd_diag
	log_test "port under VIF 1 down 2 s: group shrinks to VIF 2, grows back within 1 s of the carrier"
}

lag_active() { ip -n "$CUST" -d -j link show lag0 | jq '.[0].linkinfo.info_data.active_members'; }

# VIF 2's LAG goes below min-links 2: one member's peer goes down.
lag_below_min_links() {
	local g4 bgp t0 t_pass t_car out mon=$WORK/mon.lag

	RET=0
	restore
	check_err $? "initial state not restored"
	check_eq "$(lag_active)" 2 "LAG members active"
	g4=$(route_of -4 "$PFX4") g4=${g4%% *}
	bgp=$(bgp_sessions)
	MON=$mon
	fib_monitor_start "$mon"
	check_err $? "ip monitor"
	t0=$(now_ms)
	ip -n "$AWS" link set a3 down
	defer ip -n "$AWS" link set a3 up
	busywait 2000 no_carrier "$CUST" lag0 > /dev/null
	check_err $? "lag0 keeps its carrier with 1 of min-links 2 members"
	check_eq "$(lag_active)" 1 "LAG members active, one cut"
	busywait 2000 no_carrier "$CUST" vif102 > /dev/null
	check_err $? "vif102 keeps its carrier on a LAG without one"
	gone -4 "$PFX4" "$g4 $RTPROT vif101" "IPv4 group $g4 not shrunk to vif101 in place"
	cping -q -c 2 -i 0.2 -W 1 "$HOST4" > /dev/null
	check_err $? "no traffic via vif101 while the LAG is down"
	outage_hold "$t0"
	t_pass=$(now_ms)
	ip -n "$AWS" link set a3 up
	busywait 3000 has_carrier "$CUST" lag0 > /dev/null
	check_err $? "lag0 carrier not back with both members"
	busywait 10000 bfd2_is Up > /dev/null
	check_err $? "vif102's session not Up again"
	back -4 "$PFX4" "$g4 $RTPROT vif101,vif102"
	t_car=$(mon_first "$mon" "$(carrier_up_re vif102)" "$t_pass")
	out=$(fib_back_in_time "$mon" "$t_car" "vif102's carrier")
	check_err $? "$out"
	log_info "$out"
	out=$(dcvifd_alive)
	check_err $? "$out"
	check_eq "$(bgp_sessions)" "$bgp" "BGP sessions reset (state/established counter)"
	dcvifd_diag
	log_test "LAG under VIF 2 below min-links: group shrinks to VIF 1, grows back within 1 s of the carrier"
}

# VIF 1 deleted and created again, same name, VLAN, addresses, BFD session:
# a new ifindex. Whether or not its sessions reset, the routes must come
# back through it, and its sessions must know the new ifindex.
vif_recreated() {
	local g4 old new n out

	RET=0
	restore
	check_err $? "initial state not restored"
	g4=$(route_of -4 "$PFX4") g4=${g4%% *}
	old=$(ip -n "$CUST" -j link show vif101 | jq '.[0].ifindex')
	ip -n "$CUST" link del vif101
	check_err $? "ip link del vif101"
	# dcvifd ends the sessions bound to the deleted VIF at once (they
	# cannot send again), so the paths over it go: the prefix is left on
	# vif102, over its group shrunk in place or its own nexthop.
	gone -4 "$PFX4" "* $RTPROT *vif102" "IPv4 not left on vif102"
	[[ $(ctl -j show neighbor 169.254.101.2 | jq -r .state) != Established ]]
	check_err $? "the session over the deleted vif101 is still Established"
	vif101_create
	check_err $? "vif101 not re-created"
	new=$(ip -n "$CUST" -j link show vif101 | jq '.[0].ifindex')
	[[ $new != "$old" ]]
	check_err $? "same ifindex $old"
	busywait 10000 bfd1_is Up > /dev/null
	check_err $? "new BFD session not Up"
	# bgpd keeps its side of the old sessions Established and refuses
	# the new ones (Cease 6/7, RFC 4271 6.8) until its next KEEPALIVE
	# (30 s) draws a reset from the socket that is gone
	FIB_WAIT_MS=45000 back -4 "$PFX4" "$BOTH"
	back -6 "$PFX6" "$BOTH"
	for n in 169.254.101.2 2001:db8:ff01::2; do
		check_eq "$(ctl -j show neighbor "$n" | jq -r '"\(.state) \(.ifindex)"')" "Established $new" \
			"session $n over the new vif101"
	done
	out=$(dcvifd_alive)
	check_err $? "$out"
	log_info "vif101 ifindex $old -> $new; sessions: $(bgp_sessions)"
	dcvifd_diag
	log_test "VIF 1 deleted and re-created: routes back over the new VIF"
}

# An operator flushes every nexthop: dcvifd's come back at once.
nexthop_flush() {
	local bgp t_flush out mon=$WORK/mon.flush

	RET=0
	restore
	check_err $? "initial state not restored"
	bgp=$(bgp_sessions)
	MON=$mon
	fib_monitor_start "$mon"
	check_err $? "ip monitor"
	ip -n "$CUST" nexthop flush > /dev/null
	check_err $? "ip nexthop flush"
	back -4 "$PFX4" "$BOTH"
	back -6 "$PFX6" "$BOTH"
	# from the first deletion the flush made
	t_flush=$(mon_first "$mon" "\] Deleted id " 0)
	out=$(fib_back_in_time "$mon" "$t_flush" "the flush")
	check_err $? "$out"
	log_info "$out"
	check_eq "$(ip -n "$CUST" -j nexthop show | jq -c '[.[] | .protocol] | group_by(.) | map([.[0], length])')" \
		"[[\"$RTPROT\",6]]" "nexthop objects after the resync"
	out=$(dcvifd_alive)
	check_err $? "$out"
	check_eq "$(bgp_sessions)" "$bgp" "BGP sessions reset (state/established counter)"
	dcvifd_diag
	log_test "ip nexthop flush: dcvifd's nexthops, groups and routes back within 1 s, no BGP reset"
}

setup
tests_run
exit "$EXIT_STATUS"
