#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, run inside the VM (make bench): FRR bfdd with the kernel as its
# data plane (bfdd --dplaneaddr + dcvif-bfddp, sessions in dcvif.ko) against
# stock FRR bfdd (sessions in bfdd's process), in the same boot, the same
# configuration, against the same kind of peer (dcvif sessions in a third
# netns, coupled to nothing). The stability phases of bfd_vs_bfdd.sh (b).
#
#  +--- $K: bfdd --dplaneaddr + dcvif-bfddp ---+     +------------- $P (peer) --------------+
#  | v100: dcvif id 100, 10.100.1.N/16         |     | p100: dcvif id 100, 10.100.2.N/16    |
#  |   k0 -------------------------------------+-----+-- pk0                                |
#  +-------------------------------------------+     |                                      |
#  +--- $U: stock bfdd -------------------------+     |                                      |
#  | u0.200: 8021q id 200, 10.200.1.N/16       |     | p200: dcvif id 200, 10.200.2.N/16    |
#  |   u0 -------------------------------------+-----+-- pu0                                |
#  +-------------------------------------------+     +--------------------------------------+
#
# SESSIONS sessions on each side, each bfdd with one "peer" block per
# session (what bgpd's "neighbor X bfd" makes): the same file in both but
# for the addresses and the interface.
#
# The smallest interval (from INTERVALS) at which the kernel data plane's
# sessions stay up idle for PROBE_SECS is taken; then STRESS_SECS idle,
# STRESS_SECS under stress-ng --cpu/--timer/--hrtimers, STRESS_SECS under
# SCHED_FIFO 50 CPU hogs. Flaps are counted at both ends of each kind of
# session: for the data plane, the kernel's down transitions on v100 (what
# bfdd is told and passes to bgpd; bfdd's own log count is printed beside
# it) and on p100; for stock bfdd, its log's "up -> down" and p200's. No link
# fails: every Down is false.
# goal: the data plane's false flaps <= 1/100 of stock bfdd's
#
# Every phase runs stallprobe (SCHED_FIFO 99, a 1 ms timer on each vCPU):
# how late the VM's timers were, for the machine's share of what happened.
# Under qemu TCG absolute figures mean little; the ratio is the result.
#
# Environment: SESSIONS (32), INTERVALS ("10 20 50 100 300" ms),
# PROBE_SECS (10), STRESS_SECS (120 per phase).

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
export IP_LIB_DIR=$TOP/userspace/iproute2
CTL=$TOP/userspace/dcvifctl/dcvifctl
BFDDP=$TOP/userspace/bfddp/dcvif-bfddp
SESSIONS=${SESSIONS:-32}
INTERVALS=${INTERVALS:-"10 20 50 100 300"}
PROBE_SECS=${PROBE_SECS:-10}
STRESS_SECS=${STRESS_SECS:-120}
NCPU=$(nproc)
W=/tmp/bfddpbench
K=bdp
U=bstock
P=bpeer

die() { echo "bench: $*" >&2; exit 1; }
kx() { ip netns exec "$K" "$@"; }
px() { ip netns exec "$P" "$@"; }

[[ -d /sys/module/dcvif ]] || insmod "$TOP/build/$(uname -r)/dcvif.ko" || die "insmod"
modprobe 8021q || die "modprobe 8021q"
for c in /usr/lib/frr/bfdd /usr/lib/frr/zebra stress-ng chrt jq; do
	command -v "$c" > /dev/null || die "missing $c"
done
[[ -x $CTL ]] || die "missing $CTL (make userspace)"
[[ -x $BFDDP ]] || die "missing $BFDDP (make userspace)"
PROBE=$TOP/build/stallprobe
[[ -x $PROBE ]] || die "missing $PROBE (make bench builds it)"
rm -rf "$W"
mkdir -p "$W"
chown frr:frr "$W"	# the bfdds write their logs there
echo "kernel $(uname -r), $NCPU CPUs; $(uptime)"

for n in "$K" "$U" "$P"; do
	ip netns add "$n" || die "netns $n"
	ip -n "$n" link set lo up
done
ip -n "$K" link add k0 type veth peer name pk0 netns "$P"
ip -n "$U" link add u0 type veth peer name pu0 netns "$P"
ip -n "$K" link add link k0 name v100 type dcvif id 100 || die "v100"
ip -n "$U" link add link u0 name u0.200 type vlan id 200
ip -n "$P" link add link pk0 name p100 type dcvif id 100
ip -n "$P" link add link pu0 name p200 type dcvif id 200
for i in $(seq 1 "$SESSIONS"); do echo "addr add 10.100.1.$i/16 dev v100"; done |
	ip -n "$K" -batch - || die "K addresses"
for i in $(seq 1 "$SESSIONS"); do echo "addr add 10.200.1.$i/16 dev u0.200"; done |
	ip -n "$U" -batch - || die "U addresses"
for i in $(seq 1 "$SESSIONS"); do
	echo "addr add 10.100.2.$i/16 dev p100"
	echo "addr add 10.200.2.$i/16 dev p200"
done | ip -n "$P" -batch - || die "peer addresses"
for d in k0 v100; do ip -n "$K" link set "$d" up; done
for d in u0 u0.200; do ip -n "$U" link set "$d" up; done
for d in pk0 pu0 p100 p200; do ip -n "$P" link set "$d" up; done
sleep 2

# --- the two bfdds, each with its zebra ----------------------------------------
chown -R frr:frr /run/frr 2> /dev/null
for n in "$K" "$U"; do
	mkdir -p "/run/frr/$n"
	echo "hostname $n" > "$W/zebra-$n.conf"
	chmod 644 "$W/zebra-$n.conf"
	chown -R frr:frr "/run/frr/$n"
	ip netns exec "$n" /usr/lib/frr/zebra -d -N "$n" -f "$W/zebra-$n.conf" -u frr -g frr \
		-i "/run/frr/$n/zebra.pid" || die "zebra $n"
	for _ in $(seq 50); do [[ -S /run/frr/$n/zserv.api ]] && break; sleep 0.1; done
done

bfdd_conf() { # ns interval_ms count net dev
	local i
	echo "log file $W/bfdd-$1.log debugging"
	echo "log timestamp precision 6"
	echo "debug bfd peer"
	echo "bfd"
	for i in $(seq 1 "$3"); do
		echo " peer 10.$4.2.$i local-address 10.$4.1.$i interface $5"
		echo "  receive-interval $2"
		echo "  transmit-interval $2"
		echo "  detect-multiplier 3"
		echo " !"
	done
}

BFDDP_PID=
bfdd_stop() { # ns
	[[ -f /run/frr/$1/bfdd.pid ]] && pkill -F "/run/frr/$1/bfdd.pid" && sleep 1
	rm -f "/run/frr/$1"/bfdd.*
}

sut_stop() {
	local d
	[[ -n $BFDDP_PID ]] && kill "$BFDDP_PID" 2> /dev/null && wait "$BFDDP_PID"
	BFDDP_PID=
	bfdd_stop "$K"
	bfdd_stop "$U"
	# the kernel sessions outlive bfdd and dcvif-bfddp by design: gone here
	for d in $(kx "$CTL" -j bfd show dev v100 | jq -r '.[].peer'); do
		kx "$CTL" bfd del dev v100 peer "$d"
	done
	for dev in p100 p200; do
		for d in $(px "$CTL" -j bfd show dev "$dev" | jq -r '.[].peer'); do
			px "$CTL" bfd del dev "$dev" peer "$d"
		done
	done
	rm -f "$W/bfddp.state"
	sleep 1.5
}

sut_start() { # interval_ms
	local i
	for i in $(seq 1 "$SESSIONS"); do
		# Not coupled: as in bfd_vs_bfdd.sh, the peer answers ARP after an
		# outage (stock bfdd needs it to send again)
		px "$CTL" bfd add dev p100 local "10.100.2.$i" peer "10.100.1.$i" \
			tx-interval "$1" rx-interval "$1" no-carrier-coupling || die "bfd add p100"
		px "$CTL" bfd add dev p200 local "10.200.2.$i" peer "10.200.1.$i" \
			tx-interval "$1" rx-interval "$1" no-carrier-coupling || die "bfd add p200"
	done
	bfdd_conf "$K" "$1" "$SESSIONS" 100 v100 > "$W/bfdd-$K.conf"
	bfdd_conf "$U" "$1" "$SESSIONS" 200 u0.200 > "$W/bfdd-$U.conf"
	chmod 644 "$W"/*.conf
	rm -f "$W/bfdd-$K.log" "$W/bfdd-$U.log" "$W/dp.sock"
	kx /usr/lib/frr/bfdd -d -N "$K" -f "$W/bfdd-$K.conf" -u frr -g frr \
		-i "/run/frr/$K/bfdd.pid" --dplaneaddr "unix:$W/dp.sock" || die "bfdd $K"
	ip netns exec "$U" /usr/lib/frr/bfdd -d -N "$U" -f "$W/bfdd-$U.conf" -u frr -g frr \
		-i "/run/frr/$U/bfdd.pid" || die "bfdd $U"
	for _ in $(seq 50); do [[ -S $W/dp.sock ]] && break; sleep 0.1; done
	# not through kx(): $! must be the process itself, for kill
	ip netns exec "$K" "$BFDDP" -a "unix:$W/dp.sock" -s "$W/bfddp.state" >> "$W/bfddp.log" 2>&1 &
	BFDDP_PID=$!
}

# "<Up sessions> <down transitions>" of a netns' kernel sessions on a VIF.
ups_downs() { # ns dev
	ip netns exec "$1" "$CTL" -j bfd show dev "$2" |
		jq -r '"\([.[] | select(.state == "Up")] | length) \([.[].stats.down_transitions] | add // 0)"'
}
n_up() { ups_downs "$1" "$2" | cut -d' ' -f1; }
n_down() { ups_downs "$1" "$2" | cut -d' ' -f2; }
log_downs() { grep -ac 'state-change: .* up -> down' "$W/bfdd-$1.log" 2> /dev/null; }
log_ups() { grep -ac 'state-change: .* -> up' "$W/bfdd-$1.log" 2> /dev/null; }

wait_all_up() { # timeout_s
	local end=$((SECONDS + $1))
	while ((SECONDS < end)); do
		[[ $(n_up "$K" v100) == "$SESSIONS" && $(n_up "$P" p100) == "$SESSIONS" &&
			$(n_up "$P" p200) == "$SESSIONS" ]] && return 0
		sleep 0.2
	done
	echo "# not all Up: v100 $(n_up "$K" v100) p100 $(n_up "$P" p100) p200 $(n_up "$P" p200) of $SESSIONS"
	return 1
}

# dcvif data plane: kernel v100, p100, bfdd K's log; stock: bfdd U's log, p200
counts() { echo "$(n_down "$K" v100) $(n_down "$P" p100) $(log_downs "$K") $(log_downs "$U") $(n_down "$P" p200)"; }

TOT_DP=0
TOT_ST=0
measure() { # label seconds cmd...
	local label=$1 secs=$2 a0 b0 c0 d0 e0 a1 b1 c1 d1 e1 sp
	shift 2
	wait_all_up 60 > /dev/null
	"$PROBE" -d $((secs + 10)) -p 99 -t 2000 > "$W/probe.out" &
	sp=$!
	sleep 1
	read -r a0 b0 c0 d0 e0 <<< "$(counts)"
	"$@" > /dev/null 2>&1
	sleep 3
	read -r a1 b1 c1 d1 e1 <<< "$(counts)"
	kill "$sp" 2> /dev/null
	wait "$sp" 2> /dev/null
	printf '(b) %-34s bfdd+dcvif-bfddp: %4d false flaps (SUT %d, peer %d; bfdd told %d)   stock bfdd: %5d false flaps (SUT %d, peer %d)\n' \
		"$label" $((a1 - a0 + b1 - b0)) $((a1 - a0)) $((b1 - b0)) $((c1 - c0)) \
		$((d1 - d0 + e1 - e0)) $((d1 - d0)) $((e1 - e0))
	sed -n 's/^stallprobe all /(b)     VM timer wake-ups (SCHED_FIFO 99, 1 ms, all vCPUs): /p' "$W/probe.out"
	LAST_DP=$((a1 - a0 + b1 - b0))
	LAST_ST=$((d1 - d0 + e1 - e0))
}

stable_iv=
for iv in $INTERVALS; do
	sut_start "$iv"
	if ! wait_all_up 90; then
		echo "(b) probe $iv ms: sessions not all Up"
		sut_stop
		continue
	fi
	measure "probe $iv ms idle ${PROBE_SECS}s" "$PROBE_SECS" sleep "$PROBE_SECS"
	if ((LAST_DP == 0)); then
		stable_iv=$iv
		break
	fi
	sut_stop
done
[[ -n $stable_iv ]] || { echo "(b) no interval in '$INTERVALS' is stable idle for the data plane"; sut_stop; exit 1; }
echo "(b) smallest interval bfdd+dcvif-bfddp sustains idle in this VM: $stable_iv ms; $SESSIONS sessions each"
echo "(b) dcvif-bfddp: $(grep -c 'kernel session created for bfdd lid' "$W/bfddp.log") kernel sessions created; bfdd $K's log: $(log_ups "$K") to Up"

measure "idle ${STRESS_SECS}s" "$STRESS_SECS" sleep "$STRESS_SECS"
TOT_DP=$((TOT_DP + LAST_DP))
TOT_ST=$((TOT_ST + LAST_ST))
measure "stress-ng cpu/timer/hrtimers ${STRESS_SECS}s" "$STRESS_SECS" \
	stress-ng --cpu "$NCPU" --timer "$NCPU" --hrtimers "$NCPU" --timeout "$STRESS_SECS"
TOT_DP=$((TOT_DP + LAST_DP))
TOT_ST=$((TOT_ST + LAST_ST))
measure "SCHED_FIFO 50 cpu hogs ${STRESS_SECS}s" "$STRESS_SECS" \
	chrt -f 50 stress-ng --cpu "$NCPU" --timeout "$STRESS_SECS"
TOT_DP=$((TOT_DP + LAST_DP))
TOT_ST=$((TOT_ST + LAST_ST))
echo "(b) total over the three phases: bfdd+dcvif-bfddp $TOT_DP, stock bfdd $TOT_ST false flaps;" \
	"ratio $(awk -v a="$TOT_DP" -v b="$TOT_ST" 'BEGIN { if (b == 0) print "n/a (stock bfdd 0)"; else printf "%.4f (goal <= 0.01)", a / b }'); $(uptime)"
# What bgpd would have seen: bfdd K's own count against the kernel's
echo "(b) bfdd $K's log: $(log_downs "$K") up -> down in all (the kernel's v100: $(n_down "$K" v100))"
sut_stop
for n in "$K" "$U"; do pkill -F "/run/frr/$n/zebra.pid"; done
grep -a -c ' error: \| warning: ' "$W/bfddp.log" | sed 's/^/(b) dcvif-bfddp warnings and errors: /'
rm -f "$W/dp.sock"	# a socket does not cross 9p
rm -rf "$TOP/build/bench-bfddp-$(uname -r)"
cp -r "$W" "$TOP/build/bench-bfddp-$(uname -r)"
for n in "$K" "$U" "$P"; do ip netns del "$n"; done
