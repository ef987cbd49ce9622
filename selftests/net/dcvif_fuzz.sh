#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Spec-driven fuzzing of dcvif's kernel interfaces (issue 14 item 2), with
# selftests/fuzz/genl/dcvif_fuzz (tables generated from the genl YAML spec
# and the link kinds' uapi header at build time):
#  - genl messages of every op of the "dcvif" family with random and
#    boundary attributes, wrong lengths, unknown attributes and commands,
#    missing attributes, odd flags; RTM_NEWLINK/SETLINK/DELLINK of both link
#    kinds with random IFLA_INFO_DATA, enslaving, up/down; replies and
#    monitor notifications checked against the spec; a valid
#    new/get/set/del sequence and a dump-and-delete sweep interleaved;
#  - random and mutated BFD (3784/4784 tagged on the VIFs' trunk, 6784
#    untagged on LAG members), LACPDUs, Markers and other Slow Protocols
#    frames into the receive paths from packet sockets in the peer netns;
#  - ping traffic over the VIFs, and the module unloaded and reloaded
#    (the topology put back) while all of it runs.
# Pass: both fuzzers exit 0 (no valid request refused, no reply off the
# spec), the frames reached the receive paths, every object left is
# deletable one by one, `ip -d link` still works, rmmod succeeds; vm.sh
# fails the run on any splat, guest.sh on a kmemleak report (debug kernel).
#
#  +--------------------- $DUT ----------------------+   +------------ $PEER ------------+
#  | v100 (id 100, the valid requests' VIF) 10.1.0.1 |   | q0.100 10.1.0.2 (8021q)       |
#  | v101 (id 101) 2001:db8:1::1                     |   | q0.101 2001:db8:1::2          |
#  |   p0 (veth) -------------------------------------+---+- q0: frames tagged 100-102    |
#  | lag0 (dclag lacp active, micro-bfd 10.0.0.1 ->  |   |                               |
#  |   10.0.0.2) v200 (id 200) 10.2.0.1              |   |                               |
#  |   a1 a2 (veth) ----------------------------------+---+- b1 b2: LACP, Marker, mBFD    |
#  | lag1 (dclag lacp off) v300 (id 300) 10.3.0.1    |   | c3.300 10.3.0.2 (8021q)       |
#  |   a3 (veth) -------------------------------------+---+- c3: frames tagged 300        |
#  | x0 x1 (veth, free: the fuzzer enslaves them) ----+---+- y0 y1                        |
#  +-------------------------------------------------+   +-------------------------------+
#
# Knobs (environment): FUZZ_SECONDS (60) or FUZZ_MESSAGES (0: by time) of
# netlink; FUZZ_SEED (random, printed); FUZZ_PPS frames a second (1000);
# FUZZ_RELOAD_EVERY seconds between module reloads (25; 0: none);
# FUZZ_RTNL_PCT, the share of rtnetlink messages (30).

source "$(dirname "$0")/dcvif_lib.sh"

FUZZ=$DCVIF_TOP/build/fuzz-genl/dcvif_fuzz
KO=${DCVIF_KO:-$DCVIF_TOP/build/$KVER/dcvif.ko}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_MESSAGES=${FUZZ_MESSAGES:-0}
FUZZ_SEED=${FUZZ_SEED:-$(printf '0x%04x%04x%04x' $RANDOM $RANDOM $RANDOM)}
FUZZ_PPS=${FUZZ_PPS:-1000}
FUZZ_RELOAD_EVERY=${FUZZ_RELOAD_EVERY:-25}
FUZZ_RTNL_PCT=${FUZZ_RTNL_PCT:-30}
# BFD sessions of the netns at most: every fuzzed session may run at 1 ms.
MODPARAMS="bfd_max_sessions=24"
WORK=/tmp/dcvif-fuzz
LOCK=$WORK/lock

ALL_TESTS="
	fuzz
	receive_paths
	state_consistent
	rmmod_clean
"

load() {
	[[ -d /sys/module/dcvif ]] || insmod "$KO" $MODPARAMS
}

# The dcvif part of the topology: again after every reload.
topology() {
	ip -n "$DUT" link add link p0 name v100 type dcvif id 100 &&
	ip -n "$DUT" link add link p0 name v101 type dcvif id 101 &&
	ip -n "$DUT" link add lag0 type dclag lacp active lacp-rate fast min-links 1 \
		micro-bfd on mbfd-local 10.0.0.1 mbfd-peer 10.0.0.2 &&
	ip -n "$DUT" link add lag1 type dclag lacp off &&
	ip -n "$DUT" link set a1 master lag0 &&
	ip -n "$DUT" link set a2 master lag0 &&
	ip -n "$DUT" link set a3 master lag1 &&
	ip -n "$DUT" link add link lag0 name v200 type dcvif id 200 &&
	ip -n "$DUT" link add link lag1 name v300 type dcvif id 300 &&
	ip -n "$DUT" addr add 10.1.0.1/24 dev v100 &&
	ip -n "$DUT" addr add 2001:db8:1::1/64 dev v101 &&
	ip -n "$DUT" addr add 10.2.0.1/24 dev v200 &&
	ip -n "$DUT" addr add 10.3.0.1/24 dev v300 &&
	for d in lag0 lag1 v100 v101 v200 v300; do
		ip -n "$DUT" link set "$d" up || return 1
	done
}

setup() {
	local i

	require_cmd ping flock
	if [[ ! -x $FUZZ ]]; then
		echo "# $FUZZ missing: make -C selftests/fuzz/genl"
		exit 1
	fi
	load || exit 1
	modprobe 8021q
	rm -rf "$WORK"
	mkdir -p "$WORK"
	: > "$LOCK"
	ns_create DUT PEER
	ns_no_dad "$DUT"
	ns_no_dad "$PEER"
	ip -n "$DUT" link add p0 type veth peer name q0 netns "$PEER"
	for i in 1 2; do
		ip -n "$DUT" link add "a$i" type veth peer name "b$i" netns "$PEER"
	done
	ip -n "$DUT" link add a3 type veth peer name c3 netns "$PEER"
	for i in 0 1; do
		ip -n "$DUT" link add "x$i" type veth peer name "y$i" netns "$PEER"
	done
	for d in p0 x0 x1; do ip -n "$DUT" link set "$d" up; done
	for d in q0 b1 b2 c3 y0 y1; do ip -n "$PEER" link set "$d" up; done
	ip -n "$PEER" link add link q0 name q0.100 type vlan id 100
	ip -n "$PEER" link add link q0 name q0.101 type vlan id 101
	ip -n "$PEER" link add link c3 name c3.300 type vlan id 300
	ip -n "$PEER" addr add 10.1.0.2/24 dev q0.100
	ip -n "$PEER" addr add 2001:db8:1::2/64 dev q0.101
	ip -n "$PEER" addr add 10.3.0.2/24 dev c3.300
	for d in q0.100 q0.101 c3.300; do ip -n "$PEER" link set "$d" up; done
	topology || { echo "# topology failed"; exit 1; }
}

# Reload the module every FUZZ_RELOAD_EVERY s while the fuzzers run; the
# valid requests (shared lock) wait for the topology to be back.
reloader() {
	local n=0 next=$((SECONDS + FUZZ_RELOAD_EVERY))

	while :; do
		# by the clock: under TCG (debug kernel above all) a sleep costs
		# more than it waits
		while ((SECONDS < next)); do
			[[ -e $WORK/stop ]] && break 2
			sleep 1
		done
		next=$((SECONDS + FUZZ_RELOAD_EVERY))
		{
			flock -x 9
			# A dump in flight holds the module a moment: retry.
			if ! busywait 10000 rmmod dcvif > "$WORK/rmmod.out" 2>&1; then
				echo "rmmod during the fuzz: $(cat "$WORK/rmmod.out")" >> "$WORK/reload.err"
			elif ! load || ! topology; then
				echo "reload $n: module or topology did not come back" >> "$WORK/reload.err"
			fi
		} 9> "$LOCK"
		n=$((n + 1))
	done
	echo "$n" > "$WORK/reloads"
}

fuzz() {
	local nl_st fr_st fr_pid rl_pid ping_pids=() limit

	RET=0
	log_info "seed $FUZZ_SEED; rerun: FUZZ_SEED=$FUZZ_SEED FUZZ_SECONDS=$FUZZ_SECONDS" \
		"FUZZ_MESSAGES=$FUZZ_MESSAGES FUZZ_PPS=$FUZZ_PPS FUZZ_RELOAD_EVERY=$FUZZ_RELOAD_EVERY"
	ip netns exec "$PEER" "$FUZZ" frames -s "$FUZZ_SEED" -t 1e9 -p "$FUZZ_PPS" \
		-T q0:100,101,102 -T c3:300 -M b1 -M b2 \
		-A '10.1.0.2>10.1.0.1' -A '2001:db8:1::2>2001:db8:1::1' \
		-A '10.0.0.2>10.0.0.1' -A '10.3.0.2>10.3.0.1' > "$WORK/frames.out" 2>&1 &
	fr_pid=$!
	ip netns exec "$PEER" ping -q -i 0.02 -s 1200 10.1.0.1 > /dev/null 2>&1 &
	ping_pids+=($!)
	ip netns exec "$PEER" ping -q -i 0.02 10.3.0.1 > /dev/null 2>&1 &
	ping_pids+=($!)
	ip netns exec "$PEER" ping -q -i 0.05 2001:db8:1::1 > /dev/null 2>&1 &
	ping_pids+=($!)
	if ((FUZZ_RELOAD_EVERY > 0)); then
		reloader &
		rl_pid=$!
	fi

	if ((FUZZ_MESSAGES > 0)); then
		limit=(-n "$FUZZ_MESSAGES")
	else
		limit=(-t "$FUZZ_SECONDS")
	fi
	ip netns exec "$DUT" "$FUZZ" nl -s "$FUZZ_SEED" "${limit[@]}" -r "$FUZZ_RTNL_PCT" \
		-S v100 -L "$LOCK" -c 200 \
		-k v100,10.1.0.1,10.1.0.2 -k v101,2001:db8:1::1,2001:db8:1::2 \
		-k v200,10.2.0.1,10.2.0.2 -k v300,10.3.0.1,10.3.0.2
	nl_st=$?

	touch "$WORK/stop"
	[[ -n ${rl_pid:-} ]] && wait "$rl_pid"
	kill "${ping_pids[@]}" 2> /dev/null
	kill -TERM "$fr_pid"
	wait "$fr_pid"
	fr_st=$?
	cat "$WORK/frames.out"
	check_err "$nl_st" "netlink fuzzer failed (seed $FUZZ_SEED)"
	check_err "$fr_st" "frame fuzzer failed (seed $FUZZ_SEED)"
	if [[ -s $WORK/reload.err ]]; then
		check_err 1 "$(cat "$WORK/reload.err")"
	fi
	if ((FUZZ_RELOAD_EVERY > 0)); then
		log_info "module reloads: $(cat "$WORK/reloads" 2> /dev/null)"
	fi
	log_test "fuzz: genl + rtnetlink + frames, module reloads (seed $FUZZ_SEED)"
}

# Sum of a member counter over LAG members, from ip -d -j.
member_sum() { # key dev...
	local key=$1
	shift
	ip -n "$DUT" -d -j link show | python3 -c '
import json, sys
key, devs = sys.argv[1], sys.argv[2:]
print(sum(d.get("linkinfo", {}).get("info_slave_data", {}).get(key, 0)
          for d in json.load(sys.stdin) if d["ifname"] in devs))' "$key" "$@"
}

receive_paths() {
	local rx bad

	RET=0
	# As setup made it: the fuzz changed its options and members, and a
	# reload zeroed the counters.
	ip -n "$DUT" link set lag0 type dclag lacp active micro-bfd on
	check_err $? "lag0 back to lacp active, micro-bfd on"
	# the fuzz may have moved a1 or a2 into lag1, or filled lag0's four
	# places with x0, x1 and a3: out of every LAG first, then back in
	for m in $(ip -n "$DUT" -j link show master lag0 | jq -r '.[].ifname'); do
		[[ $m == a1 || $m == a2 ]] || ip -n "$DUT" link set "$m" nomaster
	done
	for m in a1 a2; do
		[[ $(ip -n "$DUT" -j link show "$m" | jq -r '.[0].master // ""') == lag0 ]] && continue
		ip -n "$DUT" link set "$m" nomaster 2> /dev/null
		ip -n "$DUT" link set "$m" master lag0
		check_err $? "$m back into lag0"
	done
	check_eq "$(ip -n "$DUT" -j link show master lag0 |
		jq -r '[.[].ifname] | contains(["a1", "a2"])')" true "a1 and a2 in lag0"
	ip netns exec "$PEER" "$FUZZ" frames -s 1 -n 400 -p 2000 -M b1 -M b2 > /dev/null
	check_err $? "frames"
	rx=$(member_sum lacpdu_rx a1 a2)
	bad=$(member_sum lacpdu_bad a1 a2)
	log_info "LAG members' counters after 400 more frames: lacpdu-rx $rx, lacpdu-bad $bad"
	[[ $rx -gt 0 && $bad -gt 0 ]]
	check_err $? "LACPDUs, good and bad, did not reach lag0's members (rx $rx bad $bad)"
	log_test "frames reach the LACP receive path (good and malformed both counted)"
}

state_consistent() {
	local out

	RET=0
	out=$(ip -n "$DUT" -d link show 2>&1)
	check_err $? "ip -d link show: $out"
	ip -n "$DUT" -d -j link show | python3 -c 'import json, sys; json.load(sys.stdin)'
	check_err $? "ip -d -j link show is not JSON"
	ip -n "$PEER" -d link show > /dev/null
	check_err $? "ip -d link show in the peer netns"
	log_info "links of the DUT netns: $(ip -n "$DUT" -d -j link show | python3 -c '
import collections, json, sys
print(dict(collections.Counter(d.get("linkinfo", {}).get("info_kind", "-")
                               for d in json.load(sys.stdin))))')"
	ip netns exec "$DUT" "$FUZZ" cleanup
	check_err $? "not every session, VIF and LAG deleted one by one"
	check_eq "$(vif_count "$DUT")" 0 "VIFs left"
	log_test "after the fuzz: ip -d link works, every object deletable one by one"
}

rmmod_clean() {
	RET=0
	rmmod dcvif
	check_err $? "rmmod failed: refcount $(cat /sys/module/dcvif/refcnt 2> /dev/null)"
	[[ ! -d /sys/module/dcvif ]]
	check_err $? "module still there"
	log_test "rmmod after the fuzz"
}

setup
tests_run
exit "$EXIT_STATUS"
