#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, run inside the VM (make bench): the dclag LAG against kernel
# bonding in the same boot, A/B alternated round by round (odd rounds dclag
# first, even rounds bonding first), medians and ratios printed.
#
#  (a) TX packets/s: pktgen (64-byte UDP, 64 source ports, clone_skb 0)
#      through a 2-member dclag (lacp off) and a 2-member bond (balance-xor,
#      layer3+4), members on dummy devices; PPS_ROUNDS rounds of PKTS
#      packets per LAG: many short rounds, so that the host's load swings
#      hit both sides of a round alike. Per round dclag pps / bonding pps;
#      the median of the ratios.                        goal: ratio >= 1.0
#  (b) failover: a UDP stream of FLOWS flows (source ports), RATE packets/s,
#      from a 2-member LAG in $A (dclag lacp active fast, or bond 802.3ad
#      lacp_rate fast layer3+4 miimon 100) to a bond 802.3ad in $B; the
#      receiver counts every packet. Same topology, same stream, same cut
#      for both: after 1 s member x0's far end (y0) goes down, so x0 loses
#      carrier as a cable pull shows it; 2 s after x0 is out of use y0 comes
#      back, and x0 must rejoin through LACP; the stream ends 1 s after all
#      four ports collect and distribute again. Reported per phase:
#      packets lost, the loss window (first to last lost packet, by send
#      time) and the flows that lost any: a LAG's own loss hits only the
#      flows of the member that failed or rejoined (about half), while an
#      outage of the whole stream (the receiver or the host stalled) hits
#      every flow. Loss counts only what the LAG did: the stream starts once the
#      receiver is bound and both LAGs are converged (all four ports
#      collecting and distributing both ways).
#                                   goal: dclag loss <= bonding's, each phase
#
#  +------------- $A ---------------+        +----------- $B -------------+
#  | lag (dclag | bond) 10.5.0.1    |        | bond0 802.3ad 10.5.0.2     |
#  |   x0 x1 (veth) ----------------+--------+--- y0 y1  receiver (UDP)   |
#  +--------------------------------+        +----------------------------+
#
# Under qemu TCG absolute figures are meaningless; the ratios are the
# result. Figures of full runs: Documentation/admin-guide/dclag.rst,
# "Performance".

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export IP_LIB_DIR=$TOP/userspace/iproute2
ROUNDS=${ROUNDS:-5}
PPS_ROUNDS=${PPS_ROUNDS:-31}
PKTS=${PKTS:-100000}
RATE=${RATE:-1000}
FLOWS=${FLOWS:-64}

die() { echo "bench: $*" >&2; exit 1; }

[[ -d /sys/module/dcvif ]] || insmod "$TOP/build/$(uname -r)/dcvif.ko" || die "insmod"
modprobe bonding max_bonds=0 && modprobe pktgen && modprobe dummy || die "modprobe"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print (a > 0 ? "inf" : "1 (both 0)") }'; }

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

ratios_a=() pps_l=() pps_b=()
for r in $(seq 1 "$PPS_ROUNDS"); do
	if ((r % 2)); then a=$(pktgen_pps plag); b=$(pktgen_pps pbond)
	else b=$(pktgen_pps pbond); a=$(pktgen_pps plag); fi
	pps_l+=("$a") pps_b+=("$b")
	ratios_a+=("$(ratio "$a" "$b")")
	echo "(a) round $r: dclag $a pps, bonding $b pps, ratio ${ratios_a[-1]}"
done
pg kpktgend_0 "rem_device_all"
ip link del plag
ip link del pbond
for i in 0 1; do ip link del "dl$i"; ip link del "db$i"; done

# --- (b) failover -----------------------------------------------------------
A=bench-a-$$
B=bench-b-$$
RUN=$(mktemp -d)
ip netns add "$A"
ip netns add "$B"
trap 'ip netns del $A; ip netns del $B; rm -rf $RUN' EXIT

# Both ends of every link collecting and distributing, as each LAG says:
# dclag: both members active; bonding: actor and partner state 0x3f.
converged() { # kind
	local dev

	for dev in y0 y1; do
		ip -n "$B" -d -j link show "$dev" | grep -q '"ad_actor_oper_port_state":63,.*"ad_partner_oper_port_state":63' ||
			return 1
	done
	if [[ $1 == dclag ]]; then
		ip -n "$A" -d -j link show lag | grep -q '"active_members":2'
	else
		for dev in x0 x1; do
			ip -n "$A" -d -j link show "$dev" | grep -q '"ad_actor_oper_port_state":63,.*"ad_partner_oper_port_state":63' ||
				return 1
		done
	fi
}

# topo KIND: a fresh LAG of KIND in $A against bond0 802.3ad in $B.
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
	for _ in $(seq 600); do
		converged "$1" && ip netns exec "$A" ping -c 1 -W 1 10.5.0.2 > /dev/null && return 0
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

# x0 out of use: dclag has 1 active member; the bond's x0 is not
# collecting and distributing.
x0_out() { # kind
	if [[ $1 == dclag ]]; then
		ip -n "$A" -d -j link show lag | grep -q '"active_members":1'
	else
		! ip -n "$A" -d -j link show x0 | grep -q '"ad_actor_oper_port_state":63,'
	fi
}

drops() { # ns dev rx|tx
	ip -n "$1" -s -j link show "$2" | python3 -c "import json, sys; print(json.load(sys.stdin)[0]['stats64']['$3']['dropped'])"
}

wait_for() { # tenths cmd...: poll until cmd succeeds
	local n=$1

	shift
	while ((n-- > 0)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# failover KIND: "cut_lost cut_window_ms cut_flows rejoin_lost ..."
# The phases follow the LAG, not a clock (a loaded TCG VM runs slowly and
# unevenly): 1 s of stream, cut; 2 s after x0 is out of use, back; 1 s
# after both LAGs are converged again, end.
failover() {
	local t0 t_cut t_back

	topo "$1"
	rm -f "$RUN"/*
	ip netns exec "$B" python3 - "$RUN" > "$RUN/rx" <<'EOF' &
import socket, sys
run = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind(("10.5.0.2", 9000))
open(run + "/ready", "w").close()
s.settimeout(30)
seen = set()
try:
    while True:
        d, _ = s.recvfrom(64)
        seq = int(d)
        if seq < 0:
            break
        seen.add(seq)
except socket.timeout:
    pass
print(" ".join(map(str, sorted(seen))))
EOF
	wait_for 300 test -e "$RUN/ready" || die "receiver not ready"
	ip netns exec "$A" python3 - "$RUN" "$RATE" "$FLOWS" <<'EOF' &
import os, socket, sys, time
run, rate, flows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
socks = []
for i in range(flows):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("10.5.0.1", 20000 + i))
    socks.append(s)
errs = seq = 0
t0 = time.time()
with open(run + "/t0", "w") as f:
    f.write("%f\n" % t0)
# Paced by the clock: a sender held up catches up, so seq ~ (t - t0) * rate.
while seq % 100 or not os.path.exists(run + "/stop"):
    delay = t0 + seq / rate - time.time()
    if delay > 0:
        time.sleep(delay)
    try:
        socks[seq % flows].sendto(b"%d" % seq, ("10.5.0.2", 9000))
    except OSError:
        errs += 1
    seq += 1
with open(run + "/tx", "w") as f:
    f.write("%d %d\n" % (seq, errs))
time.sleep(1)
for _ in range(5):
    socks[0].sendto(b"-1", ("10.5.0.2", 9000))
    time.sleep(0.05)
EOF
	wait_for 100 test -s "$RUN/t0" || die "sender did not start"
	t0=$(cat "$RUN/t0")
	sleep 1
	t_cut=$EPOCHREALTIME
	ip -n "$B" link set y0 down
	wait_for 300 x0_out "$1" || echo "bench: $1: x0 still in use 30 s after the cut" >&2
	sleep 2
	t_back=$EPOCHREALTIME
	ip -n "$B" link set y0 up
	wait_for 600 converged "$1" || echo "bench: $1: not converged 60 s after x0 came back" >&2
	sleep 1
	touch "$RUN/stop"
	wait
	# Where frames died, for the log: the LAG's own drops, the ports'.
	echo "bench: $1 drops: lag tx $(drops "$A" lag tx) x0 tx $(drops "$A" x0 tx)" \
		"x1 tx $(drops "$A" x1 tx) y0 rx $(drops "$B" y0 rx) y1 rx $(drops "$B" y1 rx)" \
		"bond0 rx $(drops "$B" bond0 rx)" >&2
	untopo
	# Packets sent before y0 came back count for the cut, the rest for
	# the rejoin; a window is first to last lost packet, in send time.
	python3 - "$RUN" "$RATE" "$t0" "$t_cut" "$t_back" "$1" "$FLOWS" <<'EOF'
import sys
run, rate, t0, t_cut, t_back, kind = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:6]), sys.argv[6]
flows = int(sys.argv[7])
n, errs = map(int, open(run + "/tx").read().split())
seen = set(map(int, open(run + "/rx").read().split()))
back = int((t_back - t0) * rate)
lost = [s for s in range(n) if s not in seen]
out = []
for ph in ([s for s in lost if s < back], [s for s in lost if s >= back]):
    out += [len(ph), int((ph[-1] - ph[0] + 1) * 1000 / rate) if ph else 0,
            len({s % flows for s in ph})]
early = [s for s in lost if s < int((t_cut - t0) * rate)]
if early:
    print("bench: %s: %d lost before the cut (seq %d-%d of %d)" %
          (kind, len(early), early[0], early[-1], int((t_cut - t0) * rate)), file=sys.stderr)
if errs:
    print("bench: %s: %d send errors" % (kind, errs), file=sys.stderr)
print(*out)
EOF
}

cl=() cw=() rl=() rw=() bcl=() bcw=() brl=() brw=()
for r in $(seq 1 "$ROUNDS"); do
	if ((r % 2)); then l=$(failover dclag); b=$(failover bond)
	else b=$(failover bond); l=$(failover dclag); fi
	read -r a1 a2 a3 a4 a5 a6 <<< "$l"
	read -r b1 b2 b3 b4 b5 b6 <<< "$b"
	cl+=("$a1") cw+=("$a2") rl+=("$a4") rw+=("$a5")
	bcl+=("$b1") bcw+=("$b2") brl+=("$b4") brw+=("$b5")
	echo "(b) round $r: cut: dclag lost $a1 in $a2 ms ($a3 flows), bonding lost $b1 in $b2 ms ($b3 flows);" \
		"rejoin: dclag lost $a4 in $a5 ms ($a6 flows), bonding lost $b4 in $b5 ms ($b6 flows)"
done

med() { printf '%s\n' "$@" | median; }
ra=$(med "${ratios_a[@]}")
echo "(a) TX pps, median of $PPS_ROUNDS rounds: dclag $(med "${pps_l[@]}"), bonding $(med "${pps_b[@]}");" \
	"median ratio $ra (goal >= 1.0)"
echo "(b) $RATE pps in $FLOWS flows, median of $ROUNDS rounds:" \
	"cut: lost dclag $(med "${cl[@]}") bonding $(med "${bcl[@]}")," \
	"window dclag $(med "${cw[@]}") ms bonding $(med "${bcw[@]}") ms;" \
	"rejoin: lost dclag $(med "${rl[@]}") bonding $(med "${brl[@]}")," \
	"window dclag $(med "${rw[@]}") ms bonding $(med "${brw[@]}") ms"
# A loss that strikes in a few rounds only hides under the median: the
# totals show it.
sum() { local t=0 v; for v in "$@"; do t=$((t + v)); done; echo "$t"; }
echo "(b) lost in all $ROUNDS rounds: cut dclag $(sum "${cl[@]}") bonding $(sum "${bcl[@]}");" \
	"rejoin dclag $(sum "${rl[@]}") bonding $(sum "${brl[@]}")"
echo "(b) lost dclag/bonding: cut $(ratio "$(med "${cl[@]}")" "$(med "${bcl[@]}")")," \
	"rejoin $(ratio "$(med "${rl[@]}")" "$(med "${brl[@]}")") (medians; goal <= 1 each)"
