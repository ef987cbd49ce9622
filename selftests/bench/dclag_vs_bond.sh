#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, run inside the VM (make bench): the dclag LAG against kernel
# bonding in the same boot, alternating A/B for ROUNDS rounds, median ratios.
#
#  (a) TX packets/s: pktgen (64-byte UDP, clone_skb 0) through a 2-member
#      dclag (lacp off) and through a 2-member bond (balance-xor, layer3+4),
#      members on dummy devices.                        goal: ratio >= 1.0
#  (b) failover: a UDP stream of FLOWS flows at RATE packets/s across a
#      2-member LAG (dclag lacp active fast / bond 802.3ad lacp_rate fast)
#      to a bond 802.3ad in another netns; one member is cut (its peer port
#      goes down) mid-stream. Reported: packets lost and the longest gap at
#      the receiver (time to recover).      goal: loss no worse than bonding
#
#  +------------- $A ---------------+        +----------- $B -------------+
#  | lag (dclag | bond) 10.5.0.1    |        | bond0 802.3ad 10.5.0.2     |
#  |   x0 x1 (veth) ----------------+--------+--- y0 y1  receiver (UDP)   |
#  +--------------------------------+        +----------------------------+
#
# Under qemu TCG absolute figures are meaningless; the ratios are the result.

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export IP_LIB_DIR=$TOP/userspace/iproute2
ROUNDS=${ROUNDS:-3}
PKTS=${PKTS:-200000}
RATE=${RATE:-1000}
SECS=${SECS:-6}
FLOWS=${FLOWS:-16}

die() { echo "bench: $*" >&2; exit 1; }

[[ -d /sys/module/dcvif ]] || insmod "$TOP/build/$(uname -r)/dcvif.ko" || die "insmod"
modprobe bonding max_bonds=0 && modprobe pktgen && modprobe dummy || die "modprobe"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- (a) pktgen -------------------------------------------------------------
pg() { echo "$2" > "/proc/net/pktgen/$1" || die "pktgen $1: $2"; }

pktgen_pps() { # dev
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $1"
	pg "$1" "count $PKTS"
	pg "$1" "clone_skb 0"
	pg "$1" "pkt_size 64"
	pg "$1" "dst 10.9.9.9"
	pg "$1" "udp_src_min 1000"
	pg "$1" "udp_src_max 1063"
	pg "$1" "flag UDPSRC_RND"
	pg "$1" "dst_mac 02:00:00:00:09:09"
	pg pgctrl start
	sed -n 's/^ *\([0-9]*\)pps.*/\1/p' "/proc/net/pktgen/$1"
}

ip link add plag type dclag lacp off
ip link add pbond type bond mode balance-xor xmit_hash_policy layer3+4
for i in 0 1; do
	ip link add "dl$i" type dummy
	ip link add "db$i" type dummy
	ip link set "dl$i" master plag
	ip link set "db$i" master pbond
done
ip link set plag up
ip link set pbond up

ratios_a=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then a=$(pktgen_pps plag); b=$(pktgen_pps pbond)
	else b=$(pktgen_pps pbond); a=$(pktgen_pps plag); fi
	ratios_a+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
	echo "(a) round $r: dclag $a pps, bonding $b pps, ratio ${ratios_a[-1]}"
done
pg kpktgend_0 "rem_device_all"
ip link del plag
ip link del pbond
for i in 0 1; do ip link del "dl$i"; ip link del "db$i"; done

# --- (b) failover -----------------------------------------------------------
A=bench-a-$$
B=bench-b-$$
ip netns add "$A"
ip netns add "$B"
trap 'ip netns del $A; ip netns del $B' EXIT

# topo KIND: a fresh LAG of KIND in $A against bond0 802.3ad in $B,
# converged (both members active in both directions).
topo() {
	local i

	if [[ $1 == dclag ]]; then
		ip -n "$A" link add lag type dclag lacp active lacp-rate fast
	else
		ip -n "$A" link add lag type bond mode 802.3ad lacp_rate fast \
			xmit_hash_policy layer3+4 miimon 100
	fi
	ip -n "$B" link add bond0 type bond mode 802.3ad lacp_rate fast \
		xmit_hash_policy layer3+4 miimon 100
	for i in 0 1; do
		ip -n "$A" link add "x$i" type veth peer name "y$i" netns "$B"
		ip -n "$A" link set "x$i" master lag
		ip -n "$B" link set "y$i" master bond0
	done
	ip -n "$A" addr add 10.5.0.1/24 dev lag
	ip -n "$B" addr add 10.5.0.2/24 dev bond0
	ip -n "$A" link set lag up
	ip -n "$B" link set bond0 up
	for _ in $(seq 300); do
		[[ $(ip netns exec "$B" grep -c 'Number of ports: 2' /proc/net/bonding/bond0) == 1 ]] &&
			ip netns exec "$A" ping -c 1 -W 1 10.5.0.2 > /dev/null && return 0
		sleep 0.1
	done
	die "$1 did not converge"
}

untopo() {
	ip -n "$A" link del lag
	ip -n "$B" link del bond0
	ip -n "$A" link del x0
	ip -n "$A" link del x1
}

# failover KIND: "lost gap_ms" of one cut mid-stream.
failover() {
	local out

	topo "$1"
	ip netns exec "$B" python3 - "$RATE" "$SECS" "$FLOWS" > /tmp/bench-rx.$$ <<'EOF' &
import socket, sys, time
rate, secs, flows = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.5.0.2", 9000))
s.settimeout(secs + 3)
seen, last, gap = set(), None, 0.0
try:
    while True:
        d, _ = s.recvfrom(64)
        now = time.monotonic()
        seq = int(d)
        if seq < 0:
            break
        seen.add(seq)
        if last is not None:
            gap = max(gap, now - last)
        last = now
except socket.timeout:
    pass
print(len(seen), int(gap * 1000))
EOF
	sleep 0.5
	ip netns exec "$A" python3 - "$RATE" "$SECS" "$FLOWS" > /dev/null <<'EOF' &
import socket, sys, time
rate, secs, flows = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
socks = []
for i in range(flows):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.5.0.1", 20000 + i))
    socks.append(s)
n = int(rate * secs)
t0 = time.monotonic()
for seq in range(n):
    delay = t0 + seq / rate - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    try:
        socks[seq % flows].sendto(b"%d" % seq, ("10.5.0.2", 9000))
    except OSError:
        pass
time.sleep(0.5)
for _ in range(3):
    socks[0].sendto(b"-1", ("10.5.0.2", 9000))
EOF
	sleep "$(awk -v s="$SECS" 'BEGIN { print s / 3 }')"
	ip -n "$B" link set y0 down
	wait
	out=$(cat /tmp/bench-rx.$$)
	rm -f /tmp/bench-rx.$$
	untopo
	awk -v n="$((RATE * SECS))" -v o="$out" 'BEGIN { split(o, f, " "); print n - f[1], f[2] }'
}

lost_l=() lost_b=() gap_l=() gap_b=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then l=$(failover dclag); b=$(failover bond)
	else b=$(failover bond); l=$(failover dclag); fi
	lost_l+=("${l% *}") gap_l+=("${l#* }") lost_b+=("${b% *}") gap_b+=("${b#* }")
	echo "(b) round $r: dclag lost ${l% *} gap ${l#* } ms, bonding lost ${b% *} gap ${b#* } ms"
done

ra=$(printf '%s\n' "${ratios_a[@]}" | median)
ll=$(printf '%s\n' "${lost_l[@]}" | median)
lb=$(printf '%s\n' "${lost_b[@]}" | median)
gl=$(printf '%s\n' "${gap_l[@]}" | median)
gb=$(printf '%s\n' "${gap_b[@]}" | median)
echo "(a) TX pps dclag/bonding: median ratio $ra (goal >= 1.0)"
echo "(b) one member cut at $RATE pps, $FLOWS flows: median lost dclag $ll, bonding $lb;" \
	"longest gap dclag $gl ms, bonding $gb ms (goal: dclag loss <= bonding)"
