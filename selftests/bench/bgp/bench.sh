#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd vs BIRD 2 vs FRR, in the manner of bgperf: PEERS generators (BIRD
# with a static protocol of PREFIXES distinct /24 blackhole routes each)
# announce to the receiver under test; we measure the time until every
# prefix is in the receiver's kernel FIB, its peak RSS and its memory per
# prefix, and compare dcvifd's FIB install rate with "ip -batch" adding the
# same routes over one nexthop object.  Not part of "make check".
#
#   usage: bench.sh [-p PEERS] [-n PREFIXES] [-d "dcvifd bird frr"]
#
#   +----------------------+   veth gI/dI   +---------------------------+
#   | netns gen-I: bird    |----------------| netns dut: receiver       |
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
POLL=${POLL:-1}

while getopts "p:n:d:" o; do
	case $o in
	p) PEERS=$OPTARG ;;
	n) PREFIXES=$OPTARG ;;
	d) DUTS=$OPTARG ;;
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
	rm -rf "$W" "/run/frr/bench-dut"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

gen_routes()	# gen_routes I: PREFIXES /24s, distinct per generator
{
	awk -v i="$1" -v n="$PREFIXES" 'BEGIN {
		print "protocol static gen { ipv4;"
		for (k = 0; k < n; k++) {
			a = 16 * 65536 + i * n + k
			printf " route %d.%d.%d.0/24 blackhole;\n",
				int(a / 65536), int(a / 256) % 256, a % 256
		}
		print "}"
	}' > "$W/routes-$1.conf"
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
		[[ -f $W/routes-$i.conf ]] || gen_routes "$i"
		cat > "$W/gen-$i.conf" <<-EOF
		router id 10.10.$i.2;
		protocol device {}
		include "$W/routes-$i.conf";
		protocol bgp dut {
			local 10.10.$i.2 as $((65100 + i));
			neighbor 10.10.$i.1 as 65001;
			connect delay time 0;
			connect retry time 1;
			ipv4 { import none; export all; };
		}
		EOF
	done
}

gens_start()
{
	local i

	for ((i = 0; i < PEERS; i++)); do
		ip netns exec "bench-g$i" bird -f -c "$W/gen-$i.conf" \
			-s "$W/gen-$i.ctl" > /dev/null 2>&1 &
		PIDS+=($!)
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
	for p in "${PIDS[@]}"; do
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
	done
	for n in "${NSES[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf /run/frr/bench-dut
	NSES=()
	PIDS=()
}

fib_count()
{
	ip -n $DUT -4 route show proto "$1" | wc -l
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
	ip netns exec $DUT "$DCVIFD" -d -f "$W/dcvifd.conf" > "$W/dcvifd.log" 2>&1 &
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

run()	# run DUT: prints "dut seconds peak_kB bytes_per_prefix first_route_s"
{
	local dut=$1 t0 t1 tfirst= c base end peak

	topo
	# the receiver first, idle, for its baseline memory; then the feeds
	"start_$dut"
	PIDS+=("${DUT_PIDS[@]}")
	sleep 2
	base=$(rss VmRSS "${DUT_PIDS[@]}")
	t0=$(now)
	gens_start
	while :; do
		c=$(fib_count "$PROTO")
		[[ -z $tfirst && $c -gt 0 ]] && tfirst=$(now)
		[[ $c -ge $TOTAL ]] && break
		if [[ $(elapsed "$t0" "$(now)" | cut -d. -f1) -ge 900 ]]; then
			echo "$dut: timeout with $c of $TOTAL routes" >&2
			break
		fi
		sleep "$POLL"
	done
	t1=$(now)
	end=$(rss VmRSS "${DUT_PIDS[@]}")
	peak=$(rss VmHWM "${DUT_PIDS[@]}")
	printf '%s %.2f %d %d %.2f\n' "$dut" "$(elapsed "$t0" "$t1")" "$peak" \
		$(((end - base) * 1024 / TOTAL)) "$(elapsed "$tfirst" "$t1")"
	teardown
}

ipbatch()	# the same routes with "ip -batch" over one nexthop object
{
	local ns=bench-ipb t0 t1 i

	ip netns add $ns && NSES+=($ns)
	# no dummy driver everywhere: a veth is as good a device
	ip -n $ns link add d0 type veth peer name d1
	ip -n $ns link set d1 up
	ip -n $ns link set d0 up
	ip -n $ns addr add 10.99.0.1/24 dev d0
	ip -n $ns nexthop add id 1 via 10.99.0.2 dev d0
	for ((i = 0; i < PEERS; i++)); do
		sed -n 's/^ route \(.*\) blackhole;/route add \1 nhid 1 proto 243/p' \
			"$W/routes-$i.conf"
	done > "$W/batch"
	t0=$(now)
	ip -n $ns -batch "$W/batch"
	t1=$(now)
	printf 'ip-batch %.2f\n' "$(elapsed "$t0" "$t1")"
}

echo "# $PEERS peers x $PREFIXES prefixes = $TOTAL routes, $(nproc) cores, $(uname -r)"
echo "# receiver seconds-to-FIB peak-RSS-kB bytes/prefix seconds-first-to-last-route"
# no pipes here: run and ipbatch keep their state in this shell
for d in $DUTS; do
	run "$d" >> "$W/results"
	tail -1 "$W/results"
done
ipbatch >> "$W/results"
tail -1 "$W/results"
awk '
	$1 == "dcvifd" { dt = $2; db = $4; df = $5 }
	$1 == "bird" { bt = $2 }
	$1 == "frr" { ft = $2 }
	$1 == "ip-batch" { ib = $2 }
	END {
		if (dt && bt) printf "# dcvifd/bird time ratio %.2f (goal <= 1)\n", dt / bt
		if (dt && ft) printf "# dcvifd/frr time ratio %.2f\n", dt / ft
		if (db) printf "# dcvifd bytes/prefix %d (goal <= 125)\n", db
		if (df && ib) printf "# dcvifd FIB install rate / ip -batch %.2f (goal >= 0.8)\n", ib / df
	}' "$W/results"
