#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, run inside the VM (selftests/vm/vm.sh): the AWS Direct
# Connect maximum-resiliency lab. Two "AWS" routers, each a bonding 802.3ad
# LAG with an 8021q VIF and FRR (bgpd + bfdd) announcing 198.51.100.0/24 from
# the same anycast address; the customer router is dcvif (two dclag LAGs, a
# private jumbo VIF on each) and dcvifd, configured by one file
# (selftests/demo/dcvifd.conf): BGP with BFD on both VIFs, the prefix over an
# ECMP group of both (active/active). A numbered UDP stream crosses while a
# LAG member is cut, one AWS router freezes, and a 1500-byte hop appears on
# the other's jumbo path (BFD padded to the MTU, RFC 9764, takes that VIF
# down); every lost packet is counted.
#
#  +------------------------------ cust: dcvifd AS 65001 -------------------------------+
#  |  vif101 (dcvif 101, private, 9001)          vif102 (dcvif 102, private, 9001)      |
#  |    169.254.101.2/30, BFD 300 ms x 3           169.254.102.2/30, BFD 300 ms x 3     |
#  |  lag1 (dclag, LACP, min-links 1)       lag2 (dclag, LACP, min-links 1)   |
#  |    c11          c12                           c21          c22                     |
#  +-----|------------|------------------------------|------------|----------------------+
#        |   veths    |                              |            |
#  +-----|------------|-----------------+      +-----|------------|-----------------+
#  |    a11          a12                |      |    a21          a22                |
#  |  bond0 (802.3ad, LACP)        |      |  bond0 (802.3ad, LACP)        |
#  |  bond0.101 169.254.101.1/30, 9001  |      |  bond0.102 169.254.102.1/30, 9001  |
#  |  FRR bgpd AS 64512 + bfdd          |      |  FRR bgpd AS 64512 + bfdd          |
#  |  lo 198.51.100.1 (UDP sink)        |      |  lo 198.51.100.1 (UDP sink)        |
#  +-------------- aws1 ----------------+      +-------------- aws2 ----------------+
#
# Everything it measures lands in build/demo/: the picture timeline.svg, the
# events (monitor.json), the packet logs, dcvifd's and FRR's logs, dmesg.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/net/dcvifd_lib.sh"
DEMO=$DCVIF_TOP/selftests/demo

OUT=$DCVIF_TOP/build/demo
CONF=${DEMO_CONF:-$DEMO/dcvifd.conf}
# With `vif` blocks in it dcvifd makes the VIFs itself; without, ip(8) does
VIF_BLOCKS=0
grep -q '^vif ' "$CONF" && VIF_BLOCKS=1
# DEMO_DCVIFD, DEMO_DCVIFCTL: other builds than this tree's
DCVIFD=${DEMO_DCVIFD:-$DCVIF_TOP/userspace/dcvifd/dcvifd}
DCVIFCTL=${DEMO_DCVIFCTL:-$DCVIFCTL}
PY=/usr/bin/python3
RATE=${RATE:-200}	# packets/s of the stream
FLOWS=64		# its source ports: ECMP and the LAGs hash on them
PFX=198.51.100.0/24
DST=198.51.100.1
KEY=dx-demo-key
# dcvifd runs in cust; its socket is there (dcvifd.conf), its log for now
WORK=/run/dcvif-demo

say() { printf '\n== %s\n' "$*"; tick "$*"; }
# the time of each step in steps.txt
tick() { printf '%s %s\n' "$EPOCHREALTIME" "$*" >> "$OUT/steps.txt"; }
note() { printf '   %s\n' "$*"; }
die() { printf '\nFAILED: %s\n(logs: %s)\n' "$*" "${OUT#"$DCVIF_TOP"/}" >&2; exit 1; }

# nsx NS CMD...: CMD in NS; ip(8) as `ip -n`, dcvifctl from this tree, the
# rest through nsenter (no sysfs remount: that costs under TCG).
nsx() {
	local ns=$1

	shift
	case $1 in
	ip) ip -n "$ns" "${@:2}" ;;
	dcvifctl) nsenter --net="/run/netns/$ns" "$DCVIFCTL" -s "$WORK/dcvifd.sock" "${@:2}" ;;
	*) nsenter --net="/run/netns/$ns" "$@" ;;
	esac
}

# on NS CMD...: show "NS# CMD..." and run it there, its output indented.
on() {
	printf '%s# %s\n' "$1" "${*:2}"
	nsx "$@" 2>&1 | sed 's/^/   /'
	return "${PIPESTATUS[0]}"
}

# on_grep ERE NS CMD...: on, showing only the lines that match ERE
on_grep() {
	printf '%s# %s | grep -E "%s"\n' "$2" "${*:3}" "$1"
	nsx "${@:2}" 2>&1 | grep -E "$1" | sed 's/^/   /'
	return "${PIPESTATUS[0]}"
}

# mark KIND TEXT: a step of the story, for the timeline (KIND: start, fail,
# recover, end).
mark() { printf '%s\t%s\t%s\n' "$EPOCHREALTIME" "$1" "$2" >> "$OUT/marks.txt"; }

# --- what is checked -----------------------------------------------------------

# (Cheap looks: text and grep; jq and python start slowly under TCG, and
# these loops run while the BFD timers must keep time.)
lag_active() { # lag n: n of 2 members active
	nsx cust dcvifctl lag show dev "$1" | grep -q " active $2/2 "
}
bfd_is() { # vif state
	[[ $(nsx cust dcvifctl bfd show dev "$1" | awk 'NR == 2 { print $4 }') == "$2" ]]
}
bgp_is() { # neighbor state
	[[ $(nsx cust dcvifctl show neighbors | awk -v n="$1" '$1 == n { print $3 }') == "$2" ]]
}
# the route over vif101 and vif102 (an ECMP group), over vif102 alone
pfx_route() { ip -n cust route show "$PFX"; }
ecmp_both() { local r; r=$(pfx_route); [[ $r == *"dev vif101 "* && $r == *"dev vif102 "* ]]; }
only_vif102() { local r; r=$(pfx_route); [[ $r == *"dev vif102 "* && $r != *vif101* ]]; }
only_vif101() { local r; r=$(pfx_route); [[ $r == *"dev vif101 "* && $r != *vif102* ]]; }

# the stream's packets/s on each VIF, from the VIFs' TX counters over 1 s
tx_counts() {
	ip -n cust -s link show | awk '/^[0-9]+: / { dev = $2 }
		/TX:/ { getline; tx[dev] = $2 }
		END { print tx["vif101@lag1:"], tx["vif102@lag2:"] }'
}
split() {
	local a b t0 t1

	t0=$EPOCHREALTIME
	a=$(tx_counts)
	sleep 1
	b=$(tx_counts)
	t1=$EPOCHREALTIME
	awk -v t0="$t0" -v t1="$t1" -v a="$a" -v b="$b" 'BEGIN {
		split(a, x); split(b, y); s = t1 - t0
		printf "traffic: vif101 %.0f packets/s, vif102 %.0f packets/s\n",
			(y[1] - x[1]) / s, (y[2] - x[2]) / s }'
}

# --- the lab -------------------------------------------------------------------
#
# The VM is thrown away when the demo ends: nothing is torn down (that
# costs seconds under TCG), only the logs are collected (collect).

# lab_aws I: router aws$I: its end of the two wires, bond, VLAN 10$I, FRR
# and the UDP sink. The two routers are made at once (FRR starts slowly
# under TCG), each in a subshell of its own; its output goes to a file.
lab_aws() {
	local i=$1 ns=aws$1 vlan=10$1 m

	ip netns add "$ns" && ip -n "$ns" link set lo up &&
	ip -n "$ns" addr add "$DST/32" dev lo &&
	ip -n "$ns" link add bond0 mtu 9001 type bond mode 802.3ad \
		xmit_hash_policy layer3+4 miimon 100 || return 1
	for m in 1 2; do
		ip -n cust link add "c$i$m" type veth peer name "a$i$m" netns "$ns" &&
		ip -n "$ns" link set "a$i$m" master bond0 || return 1
	done
	ip -n "$ns" link set bond0 up &&
	ip -n "$ns" link add link bond0 name "bond0.$vlan" type vlan id "$vlan" &&
	ip -n "$ns" addr add "169.254.$vlan.1/30" dev "bond0.$vlan" &&
	ip -n "$ns" link set "bond0.$vlan" up || return 1
	# the freeze's drop filter hangs here: the qdisc before any traffic
	# (dcvifd_bfd.sh: adding one with packets in flight has oopsed
	# under TCG)
	tc -n "$ns" qdisc add dev "bond0.$vlan" clsact || return 1

	FRR_DIR=/tmp/frr-$ns
	frr_bfdd_start "$ns" "bond0.$vlan" 300 "169.254.$vlan.1,169.254.$vlan.2" || return 1
	cat > "$FRR_DIR/bgpd.conf" <<-EOF
	frr defaults traditional
	hostname $ns
	log file $FRR_DIR/bgpd.log
	!
	router bgp 64512
	 bgp router-id 169.254.$vlan.1
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 coalesce-time 100
	 neighbor 169.254.$vlan.2 remote-as 65001
	 neighbor 169.254.$vlan.2 password $KEY
	 neighbor 169.254.$vlan.2 timers connect 1
	 neighbor 169.254.$vlan.2 advertisement-interval 0
	 address-family ipv4 unicast
	  network $PFX
	 exit-address-family
	!
	EOF
	frr_bgpd_start "$ns" "$FRR_DIR/bgpd.conf" || return 1
	# a UDP sink on the anycast address: what arrives over VIF 10$i
	nsenter --net="/run/netns/$ns" "$PY" "$DEMO/traffic.py" sink 9000 "$OUT/sink-$ns.txt" &
	echo $! > "$WORK/sink-$ns.pid"
}

# lab_cust I: lag$I of c${I}1 and c${I}2, and vif10$I on it unless dcvifd
# makes it, through one ip -batch (each ip(8) costs under TCG); SHOW=1
# shows the commands.
lab_cust() {
	local i=$1

	cat > "$WORK/cust$i.batch" <<-EOF
	link add lag$i mtu 9001 type dclag lacp active min-links 1
	link set c${i}1 master lag$i
	link set c${i}2 master lag$i
	link set lag$i up
	EOF
	[[ $VIF_BLOCKS == 1 ]] || cat >> "$WORK/cust$i.batch" <<-EOF
	link add link lag$i name vif10$i mtu 9001 type dcvif id 10$i vif-type private
	addr add 169.254.10$i.2/30 dev vif10$i
	link set vif10$i up
	EOF
	[[ ${SHOW:-0} == 1 ]] && sed 's/^/cust# ip /' "$WORK/cust$i.batch"
	ip -n cust -batch "$WORK/cust$i.batch"
}

# dcvifd from the one config file
dcvifd_run() {
	printf 'cust# dcvifd -f %s\n' "${CONF#"$DCVIF_TOP"/}"
	# a copy only root may read: dcvifd refuses a config with MD5 keys
	# that other users may read, and git keeps files 0644
	install -m 0600 "$CONF" "$WORK/dcvifd.conf"
	nsenter --net=/run/netns/cust "$DCVIFD" -d -f "$WORK/dcvifd.conf" > "$WORK/dcvifd.log" 2>&1 &
	busywait 5000 test -S "$WORK/dcvifd.sock" > /dev/null
}

# the logs into $OUT, at the end whatever happens
collect() {
	local ns

	for ns in aws1 aws2; do
		mkdir -p "$OUT/$ns"
		cp /tmp/frr-$ns/*.log "$WORK/$ns.log" "$OUT/$ns/" 2> /dev/null
	done
	cp "$WORK/dcvifd.log" "$OUT/" 2> /dev/null
	dmesg > "$OUT/dmesg.txt"
}

# --- the story -----------------------------------------------------------------

setup() {
	rm -rf "$OUT"/{marks.txt,monitor.json,send.txt,sink-*.txt,timeline.*,aws1,aws2,dcvifd.log,dmesg.txt,steps.txt}
	mkdir -p "$OUT" "$WORK"
	tick setup
	defer collect
	# Only warnings and worse on the console while the story runs (a
	# splat still reaches it, and vm.sh's scan); the rest: dmesg.txt.
	echo 5 > /proc/sys/kernel/printk
	dcvif_load || die "cannot load dcvif.ko (make)"
	{ modprobe bonding max_bonds=0 && modprobe cls_matchall && modprobe act_gact; } ||
		die "modules bonding, cls_matchall, act_gact"
	for c in gnuplot /usr/lib/frr/bgpd /usr/lib/frr/bfdd "$DCVIFD" "$DCVIFCTL"; do
		command -v "$c" > /dev/null || die "$c missing (make deps; make)"
	done
	# ping (like bfdd) turns packet time stamps on, a static key of the
	# receive path; switching it while packets flow has oopsed under TCG
	# (dcvifd_fib.sh). One ping holds it on from before any traffic.
	ping -q -i 60 127.0.0.1 > /dev/null 2>&1 &
	ip netns add cust && ip -n cust link set lo up
	# ECMP on the flows' ports, not only on addresses
	nsx cust sysctl -qw net.ipv4.fib_multipath_hash_policy=1
}

step_aws() {
	local p1 p2

	say "1. AWS side: two routers, bonding 802.3ad + 8021q, FRR bgpd + bfdd"
	lab_aws 1 > "$WORK/aws1.log" 2>&1 &
	p1=$!
	lab_aws 2 > "$WORK/aws2.log" 2>&1 &
	p2=$!
	wait "$p1" || die "aws1: $(tail -n 3 "$WORK/aws1.log")"
	wait "$p2" || die "aws2: $(tail -n 3 "$WORK/aws2.log")"
	note "aws1: bond0 = a11 + a12 (802.3ad) > bond0.101 169.254.101.1/30 mtu 9001"
	note "aws2: bond0 = a21 + a22 (802.3ad) > bond0.102 169.254.102.1/30 mtu 9001"
	note "both: bgpd AS 64512 + bfdd (300 ms x 3), announce $PFX, sink on $DST"
}

step_cust() {
	say "2. customer: a dclag LAG to each AWS router, a private jumbo VIF on each, dcvifd"
	SHOW=1 lab_cust 1 || die "lag1, vif101"
	lab_cust 2 || die "lag2, vif102"
	if [[ $VIF_BLOCKS == 1 ]]; then
		note "(the same for lag2 = c21 + c22)"
	else
		note "(the same for lag2 = c21 + c22 and vif102, 169.254.102.2/30)"
	fi
	dcvifd_run || die "dcvifd did not start: $(tail -n 5 "$WORK/dcvifd.log")"
	if [[ $VIF_BLOCKS == 1 ]]; then
		sed -n '/^vif vif101 {/,/^}/s/^/   /p' "$CONF"
		note "(and vif vif102 on lag2, 169.254.102.2/30)"
		busywait 10000 ip -n cust link show vif102 > /dev/null ||
			die "dcvifd did not make the VIFs: $(tail -n 5 "$WORK/dcvifd.log")"
	fi
	nsenter --net=/run/netns/cust "$DCVIFCTL" -s "$WORK/dcvifd.sock" -j monitor > "$OUT/monitor.json" 2> "$OUT/monitor.err" &
}

step_up() {
	say "3. up: LACP, BFD, BGP, ECMP over both VIFs"
	{ busywait 30000 lag_active lag1 2 && busywait 30000 lag_active lag2 2; } > /dev/null ||
		die "LACP did not converge"
	{ busywait 30000 bfd_is vif101 Up && busywait 30000 bfd_is vif102 Up; } > /dev/null ||
		die "BFD not Up"
	{ busywait 30000 bgp_is 169.254.101.1 Established &&
	  busywait 30000 bgp_is 169.254.102.1 Established; } > /dev/null ||
		die "BGP not Established"
	busywait 30000 ecmp_both || die "no ECMP route: $(pfx_route)"
	on cust ip -br addr show type dcvif
	on_grep carrier cust dcvifctl lag show
	on cust dcvifctl bfd show
	on cust dcvifctl show neighbors
	on cust ip route show "$PFX"
	printf 'cust# ping -M do -s 8973 (9001 bytes of IP, do not fragment) over each VIF\n'
	for i in 1 2; do
		nsx cust ping -M "do" -s 8973 -c 1 -W 2 "169.254.10$i.1" > /dev/null ||
			die "no jumbo ping over vif10$i"
		note "169.254.10$i.1 (vif10$i): 1 packet, 8981 bytes of ICMP, answered"
	done
}

step_traffic() {
	say "4. traffic: $RATE UDP packets/s in $FLOWS flows to $DST, behind both AWS routers"
	nsenter --net=/run/netns/cust "$PY" "$DEMO/traffic.py" send "$DST" 9000 "$RATE" "$FLOWS" "$OUT/send.txt" &
	SENDER=$!
	mark start "traffic on: $RATE packets/s, $FLOWS flows"
	sleep 1
	split
}

step_member_cut() {
	say "5. failure 1: a member of lag1 cut (aws1's a12 down)"
	mark fail "lag1 member c12 cut"
	on aws1 ip link set a12 down
	busywait 10000 lag_active lag1 1 > /dev/null || die "c12 still active"
	on cust dcvifctl lag show dev lag1
	on cust ip -br link show vif101
	ecmp_both || die "the route lost vif101: $(pfx_route)"
	note "min-links 1: lag1 and vif101 stay up, the route keeps both VIFs"
	split
}

step_member_back() {
	say "6. the member back: LACP takes it in again"
	mark recover "lag1 member c12 back"
	on aws1 ip link set a12 up
	busywait 15000 lag_active lag1 2 > /dev/null || die "c12 not active again"
	on_grep carrier cust dcvifctl lag show dev lag1
	split
}

step_freeze() {
	local pids

	say "7. failure 2: AWS router 1 frozen (FRR stopped, forwarding dropped; links and LACP up)"
	printf 'aws1# tc filter add dev bond0.101 ingress|egress matchall action drop; kill -STOP zebra bfdd bgpd\n'
	pids=$(cat /run/frr/aws1/{zebra,bfdd,bgpd}.pid)
	printf 'filter add dev bond0.101 %s pref 1 matchall action drop\n' ingress egress > "$WORK/freeze.batch"
	printf 'filter del dev bond0.101 %s pref 1\n' ingress egress > "$WORK/thaw.batch"
	mark fail "aws1 frozen"
	# VLAN 101 dead both ways in one go, then the daemons at once (kill is
	# a builtin): nothing of aws1 reaches cust any more
	tc -n aws1 -batch "$WORK/freeze.batch"
	# shellcheck disable=SC2086 # three pids
	kill -STOP $pids
	busywait 10000 only_vif102 || die "the route still uses vif101"
	busywait 5000 bgp_is 169.254.101.1 Idle > /dev/null ||
		die "BGP to aws1 still Established"
	on cust dcvifctl bfd show dev vif101
	on cust dcvifctl show neighbors
	on cust ip route show "$PFX"
	split
}

step_recover() {
	local pids

	pids=$(cat /run/frr/aws1/{zebra,bfdd,bgpd}.pid)
	say "8. recovery: aws1 thawed"
	mark recover "aws1 thawed"
	printf 'aws1# tc filter del dev bond0.101 ingress|egress; kill -CONT zebra bfdd bgpd\n'
	tc -n aws1 -batch "$WORK/thaw.batch"
	# shellcheck disable=SC2086 # three pids
	kill -CONT $pids
	busywait 30000 ecmp_both || die "ECMP not back: $(pfx_route)"
	on cust dcvifctl show neighbors
	on cust ip route show "$PFX"
	split
}

# A device on the path that carries only 1500 bytes (here aws2's two ports,
# whose veth drops the larger frames it receives) loses every jumbo packet
# while small ones, BFD's own and the stream's, pass: unpadded, BFD stays
# Up over it. dcvifd.conf pads BFD to the VIF's MTU (RFC 9764).
step_jumbo_hop() {
	local peer=169.254.102.1

	say "9. failure 3: a 1500-byte hop on aws2's jumbo path; BFD padded to the MTU (RFC 9764) sees it"
	on_grep "^(state|padding|padded size) " cust dcvifctl bfd show dev vif102 peer "$peer"
	mark fail "1500-byte hop to aws2"
	printf 'aws2# ip link set a21 mtu 1500; ip link set a22 mtu 1500   (frames over 1518 bytes from cust dropped)\n'
	{ ip -n aws2 link set a21 mtu 1500 && ip -n aws2 link set a22 mtu 1500; } || die "aws2: mtu 1500"
	busywait 10000 only_vif101 || die "the route still uses vif102: $(pfx_route)"
	on_grep "^(state|diag|last down diag) " cust dcvifctl bfd show dev vif102 peer "$peer"
	on cust ip -br link show vif102
	on cust ip route show "$PFX"
	note "the 9001-byte BFD packets no longer reach aws2: its bfdd says Down, vif102 loses its"
	note "carrier, the route keeps vif101; the stream's small packets would have passed, its"
	note "jumbo ones not: unpadded (52 bytes), BFD would have stayed Up"
	split
	mark recover "1500-byte hop gone"
	printf 'aws2# ip link set a21 mtu 9001; ip link set a22 mtu 9001\n'
	{ ip -n aws2 link set a21 mtu 9001 && ip -n aws2 link set a22 mtu 9001; } || die "aws2: mtu 9001"
	busywait 30000 ecmp_both || die "ECMP not back: $(pfx_route)"
	on cust ip route show "$PFX"
	split
	mark end "traffic off"
	kill -TERM "$SENDER"
	wait "$SENDER"
}

step_timeline() {
	say "10. timeline (dcvifctl -j monitor, dcvifd; t = 0 when the traffic started)"
	# the sinks write their logs when they stop
	kill -TERM "$(cat "$WORK/sink-aws1.pid")" "$(cat "$WORK/sink-aws2.pid")"
	busywait 5000 bash -c "[[ -s $OUT/sink-aws1.txt && -s $OUT/sink-aws2.txt ]]" > /dev/null
	"$PY" "$DEMO/timeline.py" "$OUT" "$WORK/dcvifd.log" || die "timeline.py failed"
}

START=$EPOCHREALTIME
setup
step_aws
step_cust
step_up
step_traffic
step_member_cut
step_member_back
step_freeze
step_recover
step_jumbo_hop
step_timeline
say "the picture: ${OUT#"$DCVIF_TOP"/}/timeline.svg (and timeline.png)"
awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { printf "   (the lab took %.0f s in the VM; its data and logs: build/demo/)\n", b - a }'
tick end
