#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd vs BIRD 2 vs FRR, in the manner of bgperf: PEERS generators
# (bgpgen, a minimal BGP speaker announcing PREFIXES distinct /24s from a
# file, as fast as TCP takes them) feed the receiver under test; the clock
# starts once every session is up.  We measure the time until every prefix
# is in the receiver's RIB and until it is in its kernel FIB, its peak RSS, its memory per prefix and
# its CPU time, and compare the FIB install rate with "ip -batch" adding
# the same routes over nexthop objects.  Receivers take turns, ROUNDS
# times, and the medians are compared.  Not part of "make check".
#
#   usage: bench.sh [-p PEERS] [-n PREFIXES] [-r ROUNDS] [-d "dcvifd bird frr"]
#
#   +----------------------+   veth gI/dI   +---------------------------+
#   | netns gen-I: bgpgen  |----------------| netns dut: receiver       |
#   | 10.10.I.2, AS 65100+I|  10.10.I.0/24  | 10.10.I.1, AS 65001       |
#   +----------------------+   (I < PEERS)  +---------------------------+

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
DCVIFD=$TOP/userspace/dcvifd/dcvifd
DCVIFCTL=$TOP/userspace/dcvifctl/dcvifctl
PEERS=10
PREFIXES=100000
DUTS="dcvifd bird frr"
ROUNDS=3
POLL=${POLL:-0.2}
TIMEOUT=${TIMEOUT:-900}
BGPGEN=$HERE/bgpgen

while getopts "p:n:d:r:" o; do
	case $o in
	p) PEERS=$OPTARG ;;
	n) PREFIXES=$OPTARG ;;
	d) DUTS=$OPTARG ;;
	r) ROUNDS=$OPTARG ;;
	*) sed -n 's/^#   usage: //p' "$0"; exit 2 ;;
	esac
done
TOTAL=$((PEERS * PREFIXES))
W=$(mktemp -d /tmp/dcvifd-bench.XXXXXX)
chmod 755 "$W"
NSES=()
PIDS=()

cleanup()
{
	local p n

	for p in "${PIDS[@]}"; do
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	for n in "${NSES[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	[[ -n ${KEEP:-} ]] && cp "$W"/*.log "$W"/*.out /tmp/ 2>/dev/null
	rm -rf "$W" "/run/frr/bench-dut"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

gen_prefixes()	# gen_prefixes I: PREFIXES /24s, distinct per generator
{
	awk -v i="$1" -v n="$PREFIXES" 'BEGIN {
		for (k = 0; k < n; k++) {
			a = 16 * 65536 + i * n + k
			printf "%d.%d.%d.0/24\n",
				int(a / 65536), int(a / 256) % 256, a % 256
		}
	}' > "$W/pfx-$1"
}

topo()
{
	local i

	DUT=bench-dut
	ip netns add $DUT && NSES+=($DUT)
	ip -n $DUT link set lo up
	for ((i = 0; i < PEERS; i++)); do
		ip netns add "bench-g$i" && NSES+=("bench-g$i")
		ip -n "bench-g$i" link set lo up
		ip link add "d$i" netns $DUT type veth peer name "g$i" netns "bench-g$i"
		ip -n $DUT addr add "10.10.$i.1/24" dev "d$i"
		ip -n "bench-g$i" addr add "10.10.$i.2/24" dev "g$i"
		ip -n $DUT link set "d$i" up
		ip -n "bench-g$i" link set "g$i" up
		[[ -f $W/pfx-$i ]] || gen_prefixes "$i"
	done
}

gens_start()
{
	local i

	for ((i = 0; i < PEERS; i++)); do
		ip netns exec "bench-g$i" "$BGPGEN" -l "10.10.$i.2" \
			-r "10.10.$i.1" -a $((65100 + i)) -f "$W/pfx-$i" \
			-w "$W/go" > "$W/gen-$i.out" 2>&1 &
		PIDS+=($!)
	done
	# every session up before the clock starts
	for ((i = 0; i < PEERS; i++)); do
		while ! grep -qs established "$W/gen-$i.out"; do
			sleep 0.05
		done
	done
}

teardown()
{
	local p n

	for p in "${PIDS[@]}"; do
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	# our children are reaped by wait, FRR's daemons are not ours
	wait 2>/dev/null
	# a receiver may take a minute to remove a million routes at exit
	for p in "${PIDS[@]}"; do
		for _ in $(seq 1200); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
	done
	# empty the FIB here, synchronously: a namespace deleted with a
	# million routes is emptied by a kernel worker, and that would run
	# while the next receiver is measured
	ip -n $DUT nexthop flush > /dev/null 2>&1
	ip -n $DUT -4 route flush proto "$PROTO" > /dev/null 2>&1
	for n in "${NSES[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf /run/frr/bench-dut
	NSES=()
	PIDS=()
	sleep 1
}

probe()	# probe first|last: how many feeds have that prefix in the FIB
{
	# a FIB lookup each ("route get"), not "route show exact", which
	# dumps the whole table and filters it in ip
	ip -n $DUT -force -batch "$W/probe-$1" 2>/dev/null | grep -c '^[0-9]'
}

rib_count()	# rib_count DUT: prefixes in the receiver's RIB, from its counters
{
	case $1 in
	dcvifd)	"$DCVIFCTL" -s "$W/dcvifd.sock" -j show summary 2>/dev/null |
		sed -n 's/.*"prefixes_ipv4": *\([0-9]*\).*/\1/p' ;;
	# "Routes: N imported, ..." per channel; the kernel protocol imports 0
	bird)	birdc -s "$W/bird.ctl" show protocols all 2>/dev/null |
		awk '$1 == "Routes:" { s += $2 } END { print s + 0 }' ;;
	frr)	vtysh -N $DUT -c 'show bgp ipv4 unicast summary json' 2>/dev/null |
		grep -o '"pfxRcd": *[0-9]*' | awk -F: '{ s += $2 } END { print s + 0 }' ;;
	esac
}

fib_count()
{
	ip -n $DUT -4 route show proto "$1" | wc -l
}

cpu()	# cpu PID...: user + system seconds, summed
{
	local p sum=0 t

	for p in "$@"; do
		t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null)
		sum=$((sum + ${t:-0}))
	done
	echo "$sum / $(getconf CLK_TCK)" | bc -l
}

rss()	# rss KEY PID...: sum of VmRSS or VmHWM, kB
{
	local key=$1 p sum=0 v
	shift
	for p in "$@"; do
		v=$(awk -v k="$key:" '$1 == k { print $2 }' "/proc/$p/status" 2>/dev/null)
		sum=$((sum + ${v:-0}))
	done
	echo $sum
}

start_dcvifd()
{
	local i

	{
		echo "router-id 10.10.0.1"
		echo "local-as 65001"
		echo "control-socket \"$W/dcvifd.sock\""
		for ((i = 0; i < PEERS; i++)); do
			echo "neighbor 10.10.$i.2 { remote-as $((65100 + i)); announce none; passive }"
		done
	} > "$W/dcvifd.conf"
	chmod 600 "$W/dcvifd.conf"
	# shellcheck disable=SC2086 # DCVIFD_ARGS: more options (-P: one process)
	ip netns exec $DUT "$DCVIFD" -d ${DCVIFD_ARGS:-} -f "$W/dcvifd.conf" > "$W/dcvifd.log" 2>&1 &
	DUT_PIDS=($!)
	PROTO=243
}

start_bird()
{
	local i

	{
		echo "router id 10.10.0.1;"
		echo "protocol device {}"
		echo "protocol kernel { ipv4 { export all; }; merge paths on; }"
		for ((i = 0; i < PEERS; i++)); do
			echo "protocol bgp g$i { local 10.10.$i.1 as 65001; neighbor 10.10.$i.2 as $((65100 + i)); passive on; ipv4 { import all; export none; }; }"
		done
	} > "$W/bird.conf"
	ip netns exec $DUT bird -f -c "$W/bird.conf" -s "$W/bird.ctl" \
		> /dev/null 2>&1 &
	DUT_PIDS=($!)
	PROTO=bird
}

start_frr()
{
	local i

	{
		echo "frr defaults traditional"
		echo "router bgp 65001"
		echo " bgp router-id 10.10.0.1"
		echo " no bgp ebgp-requires-policy"
		for ((i = 0; i < PEERS; i++)); do
			echo " neighbor 10.10.$i.2 remote-as $((65100 + i))"
			echo " neighbor 10.10.$i.2 passive"
		done
		echo " address-family ipv4 unicast"
		for ((i = 0; i < PEERS; i++)); do
			echo "  neighbor 10.10.$i.2 route-map NONE out"
		done
		echo " exit-address-family"
		echo "route-map NONE deny 10"
	} > "$W/frr.conf"
	chmod 644 "$W/frr.conf"
	mkdir -p /run/frr/$DUT
	chown -R frr:frr /run/frr
	ip netns exec $DUT /usr/lib/frr/zebra -d -N $DUT -f "$W/frr.conf" \
		-u frr -g frr -i /run/frr/$DUT/zebra.pid > /dev/null 2>&1
	ip netns exec $DUT /usr/lib/frr/bgpd -d -N $DUT -f "$W/frr.conf" \
		-u frr -g frr -i /run/frr/$DUT/bgpd.pid > /dev/null 2>&1
	sleep 0.5
	DUT_PIDS=($(cat /run/frr/$DUT/zebra.pid) $(cat /run/frr/$DUT/bgpd.pid))
	PROTO=bgp
}

run()	# run DUT: prints "dut fib_s peak_kB bytes_per_prefix first_to_last_s cpu_s rib_s"
{
	local dut=$1 t0 t1 tc tfirst= trib= c base end peak i

	topo
	# the receiver first, idle, for its baseline memory; then the feeds
	"start_$dut"
	PIDS+=("${DUT_PIDS[@]}")
	sleep 2
	# dcvifd's engine (privilege separation) is counted with its parent,
	# as zebra with bgpd
	[[ $dut == dcvifd ]] && DUT_PIDS+=($(pgrep -P "${DUT_PIDS[0]}" -x dcvifd-engine))
	base=$(rss VmRSS "${DUT_PIDS[@]}")
	# cheap probes (is the first / last prefix of each feed there?  a
	# fibmatch lookup; only the receiver has routes in 16/4) and one full
	# count once every last one is: dumping a million routes every poll
	# would load the machine under test
	for ((i = 0; i < PEERS; i++)); do
		echo "route get $(head -1 "$W/pfx-$i" | cut -d/ -f1) fibmatch" >&3
		echo "route get $(tail -1 "$W/pfx-$i" | cut -d/ -f1) fibmatch" >&4
	done 3> "$W/probe-first" 4> "$W/probe-last"
	rm -f "$W/go"
	gens_start
	t0=$(now)
	touch "$W/go"
	while :; do
		# the RIB from the receiver's own counters (one small query
		# per poll, no table walk), until it holds every prefix
		if [[ -z $trib ]] && [[ $(rib_count "$dut") -ge $TOTAL ]]; then
			trib=$(now)
		fi
		if [[ -z $tfirst ]] && [[ $(probe first) -gt 0 ]]; then
			tfirst=$(now)
		fi
		if [[ -n $tfirst ]] && [[ $(probe last) -ge $PEERS ]]; then
			tc=$(now)
			c=$(fib_count "$PROTO")
			# the time the dump started: exact for a receiver
			# that installs in order (the probe saw the last
			# routes), early by at most the dump for the others
			[[ $c -ge $TOTAL ]] && [[ -n $trib ]] && { t1=$tc; break; }
			# not all there yet: the receiver installs out of
			# order; count again after as long as counting took
			sleep "$(elapsed "$tc" "$(now)")"
		fi
		if [[ $(elapsed "$t0" "$(now)" | cut -d. -f1) -ge $TIMEOUT ]]; then
			echo "$dut: timeout with $(rib_count "$dut") in the RIB," \
				"$(fib_count "$PROTO") in the FIB of $TOTAL routes" >&2
			t1=$(now)
			[[ -n $trib ]] || trib=$t1
			break
		fi
		sleep "$POLL"
	done
	end=$(rss VmRSS "${DUT_PIDS[@]}")
	peak=$(rss VmHWM "${DUT_PIDS[@]}")
	printf '%s %.2f %d %d %.2f %.2f %.2f\n' "$dut" "$(elapsed "$t0" "$t1")" \
		"$peak" $(((end - base) * 1024 / TOTAL)) \
		"$(elapsed "$tfirst" "$t1")" "$(cpu "${DUT_PIDS[@]}")" \
		"$(elapsed "$t0" "$trib")"
	teardown
}

ipbatch()	# the same routes with "ip -batch" over nexthop objects
{
	local ns=bench-ipb t0 t1 i

	ip netns add $ns && NSES+=($ns)
	# no dummy driver everywhere: a veth is as good a device
	ip -n $ns link add d0 type veth peer name d1
	ip -n $ns link set d1 up
	ip -n $ns link set d0 up
	ip -n $ns addr add 10.99.0.1/24 dev d0
	# one nexthop object per feed, as the receivers have
	for ((i = 0; i < PEERS; i++)); do
		ip -n $ns nexthop add id $((i + 1)) via 10.99.0.$((i + 10)) dev d0
		sed "s|.*|route add & nhid $((i + 1)) proto 243|" "$W/pfx-$i"
	done > "$W/batch"
	t0=$(now)
	ip -n $ns -batch "$W/batch"
	t1=$(now)
	printf 'ip-batch %.2f\n' "$(elapsed "$t0" "$t1")"
	ip -n $ns nexthop flush > /dev/null
	ip netns del $ns
	NSES=()
	sleep 1
}

echo "# $PEERS peers x $PREFIXES prefixes = $TOTAL routes, $ROUNDS rounds," \
	"$(nproc) cores, $(uname -r), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# receiver seconds-to-FIB peak-RSS-kB bytes/prefix" \
	"seconds-first-to-last-route cpu-seconds seconds-to-RIB"
# round-robin, so that a noisy neighbour hurts every receiver alike; no
# pipes here: run and ipbatch keep their state in this shell
for ((r = 0; r < ROUNDS; r++)); do
	for d in $DUTS; do
		run "$d" >> "$W/results"
		tail -1 "$W/results"
	done
	ipbatch >> "$W/results"
	tail -1 "$W/results"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# medians per receiver and column, then the ratios of the medians
sort -k1,1 -k2,2n "$W/results" | awk '
	function median(k, c,   n, i, v, t) {
		n = 0
		for (i = 1; i <= cnt[k]; i++)
			v[++n] = val[k, i, c]
		# insertion sort, n is small
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
			}
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{
		k = $1; cnt[k]++
		for (c = 2; c <= NF; c++)
			val[k, cnt[k], c] = $c
		nf[k] = NF
	}
	END {
		printf "# medians of %d rounds:\n", cnt["ip-batch"]
		for (k in cnt) {
			printf "# %s", k
			for (c = 2; c <= nf[k]; c++)
				printf " %s", median(k, c)
			printf "\n"
		}
		if ("dcvifd" in cnt) {
			dt = median("dcvifd", 2); db = median("dcvifd", 4)
			df = median("dcvifd", 5); dr = median("dcvifd", 7)
		}
		if ("bird" in cnt) { bt = median("bird", 2); br = median("bird", 7) }
		if ("frr" in cnt) { ft = median("frr", 2); fr = median("frr", 7) }
		ib = median("ip-batch", 2)
		if (dt && bt) printf "# dcvifd/bird time ratio %.2f (goal <= 1)\n", dt / bt
		if (dt && ft) printf "# dcvifd/frr time ratio %.2f\n", dt / ft
		if (dr && br) printf "# dcvifd/bird RIB time ratio %.2f\n", dr / br
		if (dr && fr) printf "# dcvifd/frr RIB time ratio %.2f\n", dr / fr
		if (db) printf "# dcvifd bytes/prefix %d (goal <= 125)\n", db
		# go to every route in the FIB, UPDATEs included: the first
		# route is often seen in the same poll as the last one
		if (dt && ib) printf "# dcvifd FIB install rate / ip -batch %.2f (goal >= 0.8)\n", ib / dt
	}'
