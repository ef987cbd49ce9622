#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, run inside the VM (make bench): dcvif against the kernel's own
# 8021q in the same boot, alternating A/B for ROUNDS rounds, median ratios.
#
#  (a) TX packets/s: pktgen (64-byte UDP, clone_skb 0) through a dcvif VIF and
#      through an 8021q device on the same dummy lower.   goal: ratio >= 1.0
#  (b) TCP throughput: iperf3 over a veth pair, a VIF vs an 8021q device on the
#      same lower, an 8021q device on the far end.          goal: ratio >= 1.0
#  (c) time to create 4094 devices on one lower with ip -batch, dcvif vs 8021q.
#                                                           goal: ratio <= 1.1
#
# Under qemu TCG absolute figures are meaningless; the ratios are the result.
# Odd rounds measure dcvif first, even rounds 8021q first, so neither side
# always inherits the other's warm caches (or the host's load swings).

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export IP_LIB_DIR=$TOP/userspace/iproute2
ROUNDS=${ROUNDS:-5}
PKTS=${PKTS:-300000}
TCP_SECS=${TCP_SECS:-4}
NDEV=${NDEV:-4094}

die() { echo "bench: $*" >&2; exit 1; }

[[ -d /sys/module/dcvif ]] || insmod "$TOP/build/$(uname -r)/dcvif.ko" || die "insmod"
modprobe 8021q && modprobe pktgen && modprobe dummy || die "modprobe"

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
	pg "$1" "dst_mac 02:00:00:00:09:09"
	pg pgctrl start
	sed -n 's/^ *\([0-9]*\)pps.*/\1/p' "/proc/net/pktgen/$1"
}

ip link add bdum type dummy
ip link set bdum up
ip link add link bdum name bvif type dcvif id 10
ip link add link bdum name bvlan type vlan id 20
ip link set bvif up
ip link set bvlan up

ratios_a=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then a=$(pktgen_pps bvif); b=$(pktgen_pps bvlan)
	else b=$(pktgen_pps bvlan); a=$(pktgen_pps bvif); fi
	ratios_a+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
	echo "(a) round $r: dcvif $a pps, 8021q $b pps, ratio ${ratios_a[-1]}"
done
pg kpktgend_0 "rem_device_all"
ip link del bdum

# --- (b) iperf3 TCP ---------------------------------------------------------
ip netns add bcust
ip netns add baws
ip -n bcust link add c0 type veth peer name a0 netns baws
ip -n bcust link set c0 up
ip -n baws link set a0 up
ip -n bcust link add link c0 name vif type dcvif id 100
ip -n bcust link add link c0 name vlan type vlan id 200
ip -n baws link add link a0 name a0.100 type vlan id 100
ip -n baws link add link a0 name a0.200 type vlan id 200
ip -n bcust addr add 10.100.0.1/24 dev vif
ip -n bcust addr add 10.200.0.1/24 dev vlan
ip -n baws addr add 10.100.0.2/24 dev a0.100
ip -n baws addr add 10.200.0.2/24 dev a0.200
for d in vif vlan; do ip -n bcust link set "$d" up; done
for d in a0.100 a0.200; do ip -n baws link set "$d" up; done
ip netns exec baws iperf3 -s -D -I /tmp/bench-iperf3.pid
sleep 1

tcp_bps() { # dst
	ip netns exec bcust iperf3 -c "$1" -t "$TCP_SECS" -J |
		python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))'
}

ratios_b=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then a=$(tcp_bps 10.100.0.2); b=$(tcp_bps 10.200.0.2)
	else b=$(tcp_bps 10.200.0.2); a=$(tcp_bps 10.100.0.2); fi
	ratios_b+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
	echo "(b) round $r: dcvif $((a / 1000000)) Mbit/s, 8021q $((b / 1000000)) Mbit/s, ratio ${ratios_b[-1]}"
done
kill "$(cat /tmp/bench-iperf3.pid)"
ip netns del bcust
ip netns del baws

# --- (c) creating NDEV devices ----------------------------------------------
create_secs() { # kind
	local t0 t1
	ip link add blow type dummy
	for i in $(seq 1 "$NDEV"); do
		echo "link add link blow name c$i type $1 id $i"
	done > /tmp/bench-batch
	t0=$(date +%s.%N)
	ip -batch /tmp/bench-batch || die "ip -batch $1"
	t1=$(date +%s.%N)
	ip link del blow
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

ratios_c=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then a=$(create_secs dcvif); b=$(create_secs vlan)
	else b=$(create_secs vlan); a=$(create_secs dcvif); fi
	ratios_c+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')")
	echo "(c) round $r: $NDEV dcvif in $a s, $NDEV 8021q in $b s, ratio ${ratios_c[-1]}"
done

ma=$(printf '%s\n' "${ratios_a[@]}" | median)
mb=$(printf '%s\n' "${ratios_b[@]}" | median)
mc=$(printf '%s\n' "${ratios_c[@]}" | median)
echo
echo "kernel $(uname -r), $ROUNDS rounds, median ratios dcvif/8021q:"
printf '(a) TX pps          %s  (goal >= 1.0)\n' "$ma"
printf '(b) TCP throughput  %s  (goal >= 1.0)\n' "$mb"
printf '(c) create %d devs  %s  (goal <= 1.1)\n' "$NDEV" "$mc"
