#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Micro-BFD (RFC 7130) between two dclag LAGs: one session per member,
# Up on all three; frames on the wire (untagged, UDP 6784, TTL 255, the
# dedicated MAC address); a member that silently drops everything it sends
# (netem loss 100%, carrier up) leaves the active set with reason bfd on
# both sides, a second one takes the LAG and a VIF on it down; intervals
# changed and addresses moved to IPv6 at run time; micro-bfd off at run
# time; refusals; micro-BFD and LACP both required; rmmod with sessions
# live.
#
#  +------------ $NS1 -------------+       +------------ $NS2 -------------+
#  | v100 (dcvif id 100) 10.1.0.1  |       | v100 (dcvif id 100) 10.1.0.2  |
#  | lag0 (dclag, min-links 2,     |       | lag1 (dclag, min-links 2,     |
#  |   micro-bfd 10.0.0.1 ->       |       |   micro-bfd 10.0.0.2 ->       |
#  |   10.0.0.2) 10.0.0.1/24       |       |   10.0.0.1) 10.0.0.2/24       |
#  |   a0 a1 a2 (veth) ------------+-------+------------ b0 b1 b2          |
#  +-------------------------------+       +-------------------------------+
#  netem loss 100% on a0/a1 egress: carrier stays up, nothing gets through.

source "$(dirname "$0")/dcvif_lib.sh"

LAGYNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dclag_ynl.py")
YNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dcvif_ynl.py")
# Events of NS1's monitor group, from setup on (YNL starts slowly in TCG).
MON=/tmp/mbfd-monitor.json

ALL_TESTS="
	mbfd_up
	mbfd_wire
	mbfd_silent_member
	mbfd_runtime
	mbfd_refusals
	mbfd_with_lacp
	mbfd_rmmod
"

setup() {
	local ns i

	dcvif_load || exit 1
	ns_create NS1 NS2
	ns_no_dad "$NS1"
	ns_no_dad "$NS2"
	# The default timers, 300 ms x 3: a TCG VM on a loaded host stalls
	# for a few hundred ms at times, which faster ones would see as failures.
	ip -n "$NS1" link add lag0 type dclag lacp off min-links 2 \
		micro-bfd on mbfd-local 10.0.0.1 mbfd-peer 10.0.0.2 || exit 1
	ip -n "$NS2" link add lag1 type dclag lacp off min-links 2 \
		micro-bfd on mbfd-local 10.0.0.2 mbfd-peer 10.0.0.1 || exit 1
	for i in 0 1 2; do
		ip -n "$NS1" link add "a$i" type veth peer name "b$i" netns "$NS2"
		ip -n "$NS1" link set "a$i" master lag0
		ip -n "$NS2" link set "b$i" master lag1
	done
	ip -n "$NS1" addr add 10.0.0.1/24 dev lag0
	ip -n "$NS2" addr add 10.0.0.2/24 dev lag1
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	ip -n "$NS2" link add link lag1 name v100 type dcvif id 100
	ip -n "$NS1" addr add 10.1.0.1/24 dev v100
	ip -n "$NS2" addr add 10.1.0.2/24 dev v100
	for ns in "$NS1" "$NS2"; do
		ip -n "$ns" link set dev "$([[ $ns == "$NS1" ]] && echo lag0 || echo lag1)" up
		ip -n "$ns" link set dev v100 up
	done
	ip netns exec "$NS1" "${YNL[@]}" monitor 900 > "$MON" &
	defer kill $!
}

# One line per member of the netns's LAG (one python run: they are slow
# under TCG): name active reason mbfd-state mbfd-diag local-discr
# remote-discr operstate.
members() { # ns
	ip -n "$1" -d -j link show | python3 -c '
import json, sys
for d in json.load(sys.stdin):
    li = d.get("linkinfo", {})
    s = li.get("info_slave_data")
    if li.get("info_slave_kind") == "dclag" and s:
        print(d["ifname"], s["active"], s["reason"], s.get("mbfd_state", "-"),
              s.get("mbfd_diag", "-"), s.get("mbfd_local_discr", 0),
              s.get("mbfd_remote_discr", 0), d["operstate"])'
}

unnetem() { # ns dev
	tc -n "$1" qdisc del dev "$2" root 2> /dev/null
}

unclsact() { # ns dev
	tc -n "$1" qdisc del dev "$2" clsact 2> /dev/null
}

member_data() { # ns member field
	link_field "$1" "$2" "d['linkinfo']['info_slave_data']$3"
}

lag_data() { # ns lag field
	link_field "$1" "$2" "d['linkinfo']['info_data']$3"
}

active_members() { # ns lag N [timeout]: wait until exactly N are active
	busywait "${4:-20000}" bash -c "[[ \$(ip -n $1 -d -j link show $2) == *'\"active_members\":$3}'* ]]" > /dev/null
}

member_is() { # ns member active reason [timeout]: wait for that state
	busywait "${5:-20000}" bash -c "[[ \$(ip -n $1 -d -j link show $2) == *'\"active\":$3,\"reason\":\"$4\"'* ]]" > /dev/null
}

wait_oper() { # ns dev state
	busywait 20000 bash -c "[[ \$(ip -n $1 -j link show dev $2) == *'\"operstate\":\"$3\"'* ]]" > /dev/null
}

all_up() { # both LAGs with 3 active members
	active_members "$NS1" lag0 3 "${1:-30000}" && active_members "$NS2" lag1 3 "${1:-30000}"
}

mbfd_up() {
	local i j idx m1 m2 discrs

	RET=0
	all_up
	check_err $? "not all members active: $(lag_data "$NS1" lag0 "") / $(lag_data "$NS2" lag1 "")"
	wait_oper "$NS1" lag0 UP
	check_err $? "lag0 not up"
	check_eq "$(lag_data "$NS1" lag0 "")" \
		"{'min_links': 2, 'max_members': 4, 'lacp': 'off', 'lacp_rate': 'slow', 'micro_bfd': True, 'mbfd_local': '10.0.0.1', 'mbfd_peer': '10.0.0.2', 'mbfd_min_tx_us': 300000, 'mbfd_min_rx_us': 300000, 'mbfd_multiplier': 3, 'members': 3, 'active_members': 3}" \
		"lag0 info_data"
	check_eq "$(ip -n "$NS1" -d link show lag0 | grep -o 'micro-bfd.*multiplier 3')" \
		"micro-bfd on mbfd-local 10.0.0.1 mbfd-peer 10.0.0.2 mbfd-min-tx 300ms mbfd-min-rx 300ms mbfd-multiplier 3" \
		"lag0 text"
	m1=$(members "$NS1")
	m2=$(members "$NS2")
	check_eq "$(echo "$m1" | cut -d' ' -f1-5,8 | tr '\n' ' ')" \
		"a0 True none up none UP a1 True none up none UP a2 True none up none UP " \
		"lag0 members"
	check_eq "$(echo "$m2" | cut -d' ' -f1-5,8 | tr '\n' ' ')" \
		"b0 True none up none UP b1 True none up none UP b2 True none up none UP " \
		"lag1 members"
	# Each side's remote discriminator is the other's local one; all
	# six nonzero and distinct.
	check_eq "$(echo "$m1" | cut -d' ' -f6,7)" "$(echo "$m2" | cut -d' ' -f7,6 |
		awk '{ print $2, $1 }')" "discriminators of a_i and b_i match"
	discrs=$(echo "$m1" | cut -d' ' -f6,7 | tr ' ' '\n' | grep -vx 0 | sort -u | wc -l)
	check_eq "$discrs" 6 "six distinct nonzero discriminators"
	# genl lag-get: the same through the dcvif family.
	for i in 0 1 2; do
		j=$(ip netns exec "$NS1" cat "/sys/class/net/a$i/ifindex")
		idx+="[$j, 1, 1, 'none', 'up', 'up', 'none', True, True], "
	done
	check_eq "$(ip netns exec "$NS1" "${LAGYNL[@]}" get lag0 \
		"[d['ifname'], d['carrier'], d['micro-bfd'], d['active-members'], [[m['ifindex'], m['carrier'], m['active'], m['reason'], m['mbfd-state'], m['mbfd-remote-state'], m['mbfd-diag'], m['mbfd-rx-packets'] > 0, m['mbfd-tx-packets'] > 0] for m in d['member']]]" | tr '"' "'" | sed 's/true/True/g')" \
		"['lag0', 1, 1, 3, [${idx%, }]]" "lag-get lag0"
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no ping across the VIFs on the LAGs"
	log_test "micro-BFD: sessions Up on all members (ip -d -j, genl), traffic"
}

# The frames a0 sends, as b0 receives them.
mbfd_wire() {
	local pcap=/tmp/mbfd.pcap lagmac

	RET=0
	all_up
	check_err $? "not all up"
	lagmac=$(link_field "$NS1" lag0 "d['address']")
	timeout 20 ip netns exec "$NS2" tcpdump -i b0 -Q in -nn -U -c 4 -w "$pcap" \
		'udp port 6784' 2> /dev/null
	check_err $? "no micro-BFD frames on b0"
	check_eq "$(/usr/bin/python3 - "$pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
off, out = 24, set()
while off + 16 <= len(data):
    caplen = struct.unpack_from("<I", data, off + 8)[0]
    f = data[off + 16:off + 16 + caplen]
    off += 16 + caplen
    dst, src, etype = f[0:6].hex(":"), f[6:12].hex(":"), f[12:14].hex()
    ip = f[14:]
    ihl = (ip[0] & 15) * 4
    ttl, proto = ip[8], ip[9]
    saddr, daddr = ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20]))
    sport, dport = struct.unpack_from(">HH", ip, ihl)
    vers = ip[ihl + 8] >> 5
    out.add((dst, src, etype, ttl, proto, saddr, daddr, 49152 <= sport <= 65535, dport, vers))
for o in sorted(out):
    print(*o)
EOF
)" "01:00:5e:90:00:01 $lagmac 0800 255 17 10.0.0.1 10.0.0.2 True 6784 1" \
		"frames: dst MAC, src MAC, untagged IPv4, TTL, UDP, addresses, sport, dport, version"
	log_test "micro-BFD on the wire: untagged, UDP 6784, TTL 255, 01:00:5e:90:00:01"
}

mbfd_silent_member() {
	local mon=$MON idx0

	RET=0
	all_up
	check_err $? "not all up"
	busywait 60000 grep -q ready "$mon"
	check_err $? "monitor not ready"
	idx0=$(link_field "$NS1" a0 "d['ifindex']")

	tc -n "$NS1" qdisc add dev a0 root netem loss 100%
	defer unnetem "$NS1" a0
	member_is "$NS2" b0 false micro-bfd
	check_err $? "b0 did not leave on micro-BFD: $(member_data "$NS2" b0 "")"
	member_is "$NS1" a0 false micro-bfd
	check_err $? "a0 did not leave on micro-BFD: $(member_data "$NS1" a0 "")"
	check_eq "$(member_data "$NS2" b0 "['mbfd_state'], d['linkinfo']['info_slave_data']['mbfd_diag']")" \
		"('down', 'detect-expired')" "b0 session: detection time expired"
	check_eq "$(link_field "$NS1" a0 "d['operstate']") $(link_field "$NS2" b0 "d['operstate']")" \
		"UP UP" "carrier still up on a0 and b0"
	check_eq "$(lag_data "$NS1" lag0 "['active_members']") $(link_field "$NS1" lag0 "d['operstate']")" \
		"2 UP" "lag0 up on 2 of min-links 2"
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no traffic on the 2 members left"
	busywait 10000 grep -q "\"reason\": \"bfd\"" "$mon"
	check_eq "$(/usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("name") == "lag-member-ntf":
        m = e["msg"]["member"][0]
        if m["ifindex"] == int(sys.argv[2]) and m["active"] == 0:
            print(e["msg"]["ifname"], m["ifindex"], m["carrier"], m["active"], m["reason"])
            break
' "$mon" "$idx0")" "lag0 $idx0 1 0 bfd" "monitor: a0 inactive for bfd, carrier up"

	tc -n "$NS1" qdisc add dev a1 root netem loss 100%
	defer unnetem "$NS1" a1
	member_is "$NS1" a1 false micro-bfd
	check_err $? "a1 did not leave on micro-BFD"
	wait_oper "$NS1" lag0 DOWN
	check_err $? "lag0 up with 1 of min-links 2"
	wait_oper "$NS1" v100 LOWERLAYERDOWN
	check_err $? "VIF on lag0 not down"
	wait_oper "$NS2" lag1 DOWN
	check_err $? "lag1 up with 1 of min-links 2"

	tc -n "$NS1" qdisc del dev a0 root
	tc -n "$NS1" qdisc del dev a1 root
	all_up
	check_err $? "members not back: $(lag_data "$NS1" lag0 "")"
	wait_oper "$NS1" lag0 UP
	check_err $? "lag0 not back up"
	wait_oper "$NS1" v100 UP
	check_err $? "VIF not back up"
	busywait 10000 grep -q '"name": "lag-carrier-ntf".*"carrier": 1' "$mon"
	check_err $? "monitor: no LAG up event"
	grep -q '"name": "lag-carrier-ntf".*"carrier": 0' "$mon"
	check_err $? "monitor: no LAG down event"
	log_test "micro-BFD: a silent member leaves (reason bfd, both sides), min-links, back"
}

mbfd_runtime() {
	local before after

	RET=0
	all_up
	check_err $? "not all up"
	before=$(member_data "$NS1" a0 "['mbfd_local_discr'], d['linkinfo']['info_slave_data']['mbfd_remote_discr']")
	# New intervals while Up: a Poll Sequence, no new session, no flap.
	ip -n "$NS1" link set lag0 type dclag mbfd-min-tx 200 mbfd-min-rx 150ms mbfd-multiplier 4
	check_err $? "new intervals refused"
	check_eq "$(lag_data "$NS1" lag0 "['mbfd_min_tx_us'], d['linkinfo']['info_data']['mbfd_min_rx_us'], d['linkinfo']['info_data']['mbfd_multiplier'], d['linkinfo']['info_data']['active_members']")" \
		"(200000, 150000, 4, 3)" "new intervals, members still active"
	sleep 1
	after=$(member_data "$NS1" a0 "['mbfd_local_discr'], d['linkinfo']['info_slave_data']['mbfd_remote_discr']")
	check_eq "$after" "$before" "same sessions after the change"
	check_eq "$(member_data "$NS1" a0 "['mbfd_state']") $(lag_data "$NS1" lag0 "['active_members']")" \
		"up 3" "still Up"

	# New addresses, of the other family: the sessions start again.
	ip -n "$NS1" link set lag0 type dclag mbfd-local 2001:db8::1 mbfd-peer 2001:db8::2
	check_err $? "IPv6 addresses refused"
	ip -n "$NS2" link set lag1 type dclag mbfd-local 2001:db8::2 mbfd-peer 2001:db8::1
	all_up
	check_err $? "not up over IPv6: $(member_data "$NS1" a0 "")"
	check_eq "$(lag_data "$NS1" lag0 "['mbfd_local'], d['linkinfo']['info_data']['mbfd_peer']")" \
		"('2001:db8::1', '2001:db8::2')" "lag0 IPv6 addresses"

	# Off on both sides: members active on carrier alone, no session.
	ip -n "$NS1" link set lag0 type dclag micro-bfd off
	check_err $? "micro-bfd off refused"
	ip -n "$NS2" link set lag1 type dclag micro-bfd off
	all_up
	check_err $? "members not active without micro-BFD"
	check_eq "$(member_data "$NS1" a0 "")" "{'active': True, 'reason': 'none', 'speed': 10000}" \
		"member info without micro-BFD"
	check_eq "$(lag_data "$NS1" lag0 "['micro_bfd']")" False "micro-bfd off"
	# A silent member now stays: only carrier counts.
	tc -n "$NS1" qdisc add dev a0 root netem loss 100%
	defer unnetem "$NS1" a0
	sleep 2
	check_eq "$(lag_data "$NS1" lag0 "['active_members']")" 3 "silent a0 active without micro-BFD"
	tc -n "$NS1" qdisc del dev a0 root

	ip -n "$NS1" link set lag0 type dclag micro-bfd on mbfd-local 10.0.0.1 mbfd-peer 10.0.0.2
	check_err $? "micro-bfd on again refused"
	ip -n "$NS2" link set lag1 type dclag micro-bfd on mbfd-local 10.0.0.2 mbfd-peer 10.0.0.1
	all_up
	check_err $? "not up again"
	log_test "micro-BFD at run time: intervals without a flap, IPv6, off and on"
}

mbfd_refusals() {
	local before

	RET=0
	all_up
	check_err $? "not all up"
	before=$(ns_snapshot "$NS1")
	check_eq "$(refused ip -n "$NS1" link add lag9 type dclag micro-bfd on)" \
		"Error: dcvif: micro-bfd on needs mbfd-local and mbfd-peer." "on without addresses"
	check_eq "$(refused ip -n "$NS1" link add lag9 type dclag micro-bfd on mbfd-local 10.0.0.1)" \
		"Error: dcvif: micro-bfd on needs mbfd-local and mbfd-peer." "on without peer"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-local 10.0.0.1 mbfd-peer 2001:db8::2)" \
		"Error: dcvif: mbfd-local and mbfd-peer must be of one address family." "mixed families"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-peer 2001:db8::2)" \
		"Error: dcvif: mbfd-local and mbfd-peer must be of one address family (give both to change it)." \
		"one address of the other family"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-peer 224.0.0.5)" \
		"Error: dcvif: mbfd-peer must be a unicast address." "multicast peer"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-local 0.0.0.0)" \
		"Error: dcvif: mbfd-local must be a unicast address." "zero local"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-peer ff02::1 mbfd-local 2001:db8::1)" \
		"Error: dcvif: mbfd-peer must be a unicast address." "IPv6 multicast peer"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-local 127.0.0.1)" \
		"Error: dcvif: mbfd-local must be a unicast address." "loopback local"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-peer 10.0.0.1)" \
		"Error: dcvif: mbfd-local and mbfd-peer must differ." "same addresses"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-min-tx 999us)" \
		"Error: dcvif: mbfd-min-tx must be at least 1000 us (1 ms)." "min-tx too small"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-min-rx 0)" \
		"Error: dcvif: mbfd-min-rx must be at least 1000 us (1 ms)." "min-rx 0"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-multiplier 0)" \
		"Error: dcvif: mbfd-multiplier must be 1-255." "multiplier 0"
	# A bad option next to good ones: none of them applies.
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag micro-bfd off min-links 9 max-members 4)" \
		"$(kmsg "Error: dcvif: min-links 9 exceeds max-members 4." \
			"Error: dcvif: min-links exceeds max-members.")" "micro-bfd off with bad min-links"
	check_eq "$(refused ip -n "$NS1" link set lag0 type dclag mbfd-min-tx 50 mbfd-multiplier 0)" \
		"Error: dcvif: mbfd-multiplier must be 1-255." "good interval, bad multiplier"
	check_unchanged "$before" "$(ns_snapshot "$NS1")" "refusals changed something"
	check_eq "$(lag_data "$NS1" lag0 "['micro_bfd'], d['linkinfo']['info_data']['mbfd_min_tx_us']")" \
		"(True, 200000)" "micro-BFD options kept"
	log_test "micro-BFD refusals: exact messages, nothing changed"
}

# Both conditions: LACP collecting+distributing and micro-BFD Up.
mbfd_with_lacp() {
	RET=0
	all_up
	check_err $? "not all up"
	# LACP on one side only: no partner, so no member, BFD Up or not.
	ip -n "$NS1" link set lag0 type dclag lacp active lacp-rate fast
	check_err $? "lacp active refused"
	active_members "$NS1" lag0 0
	check_err $? "members active without a LACP partner"
	check_eq "$(member_data "$NS1" a0 "['reason'], d['linkinfo']['info_slave_data']['mbfd_state']")" \
		"('lacp', 'up')" "a0: LACP missing, micro-BFD Up"
	ip -n "$NS2" link set lag1 type dclag lacp active lacp-rate fast
	all_up
	check_err $? "not up with LACP and micro-BFD"
	# IPv4 stops on b0's way out, LACPDUs still go: micro-BFD alone fails.
	tc -n "$NS2" qdisc add dev b0 clsact
	defer unclsact "$NS2" b0
	tc -n "$NS2" filter add dev b0 egress protocol ip pref 1 matchall action drop
	member_is "$NS1" a0 false micro-bfd
	check_err $? "a0 did not leave on micro-BFD: $(member_data "$NS1" a0 "")"
	check_eq "$(member_data "$NS1" a0 "['lacp_actor_state']")" \
		"activity,timeout,aggregation,sync,collecting,distributing" "a0 LACP still in sync"
	tc -n "$NS2" qdisc del dev b0 clsact
	all_up
	check_err $? "a0 not back"
	log_test "micro-BFD with LACP: a member needs both"
}

mbfd_rmmod() {
	RET=0
	all_up
	check_err $? "not all up"
	check_eq "$(member_data "$NS1" a0 "['mbfd_state']")" up "sessions live"
	rmmod dcvif
	check_err $? "rmmod with live sessions failed"
	check_eq "$(ip -n "$NS1" link show lag0 2>&1) $(ip -n "$NS2" link show lag1 2>&1)" \
		'Device "lag0" does not exist. Device "lag1" does not exist.' "LAGs gone with the module"
	check_eq "$(link_field "$NS1" a0 "d.get('master'), d['mtu']")" "(None, 1500)" "a0 released"
	log_test "micro-BFD: rmmod with live sessions"
}

setup
tests_run
exit "$EXIT_STATUS"
