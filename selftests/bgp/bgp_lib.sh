# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared pieces of the dcvifd interop tests: two namespaces over a veth,
# dcvifd (the ASan/UBSan build) in one, a real BGP speaker in the other.
#
#   +------------------------------+         +------------------------------+
#   | netns $D: dcvifd  AS 65001   |         | netns $P: peer  AS 4200000002|
#   |  vd 10.0.0.1/24              |---------|  vp 10.0.0.2/24              |
#   |     2001:db8:ff::1/64        |  veth   |     2001:db8:ff::2/64        |
#   |  announces 192.0.2.0/24,     |         |  announces 198.51.100.0/24,  |
#   |            2001:db8:100::/48 |         |            2001:db8:200::/48 |
#   +------------------------------+         +------------------------------+

BGP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$BGP_DIR/../.." && pwd)
# shellcheck source=../lib.sh
source "$TOP/selftests/lib.sh"

DCVIFD=${DCVIFD:-$TOP/userspace/dcvifd/dcvifd.san}
DCVIFCTL=$TOP/userspace/dcvifctl/dcvifctl
RTPROT=243
D_AS=65001
P_AS=4200000002
KEY=${KEY:-dx-secret-42}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

# topo: namespaces D and P, veth vd <-> vp, addresses as drawn above
topo()
{
	ns_create D P || return 1
	ip link add vd netns "$D" type veth peer name vp netns "$P" || return 1
	ip -n "$D" addr add 10.0.0.1/24 dev vd
	ip -n "$D" addr add 2001:db8:ff::1/64 dev vd nodad
	ip -n "$P" addr add 10.0.0.2/24 dev vp
	ip -n "$P" addr add 2001:db8:ff::2/64 dev vp nodad
	ip -n "$D" link set vd up
	ip -n "$P" link set vp up
	WORK=$(mktemp -d /tmp/dcvifd-test.XXXXXX)
	chmod 755 "$WORK"
	[[ -n ${KEEP_WORK:-} ]] || defer rm -rf "$WORK"
}

# dcvifd_conf [HOLD] [KEY]: the daemon's config, one neighbor per family
dcvifd_conf()
{
	local hold=${1:-90} key=${2:-$KEY}

	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 10.0.0.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	fib {
		stale-time 5
	}
	network 192.0.2.0/24
	network 2001:db8:100::/48
	neighbor 10.0.0.2 {
		description "peer-v4"
		remote-as $P_AS
		password "$key"
		hold-time $hold
		connect-retry 1
	}
	neighbor 2001:db8:ff::2 {
		description "peer-v6"
		remote-as $P_AS
		password "$key"
		hold-time $hold
		connect-retry 1
	}
	EOF
}

dcvifd_start()
{
	# dcvifd refuses a config other users may read (its MD5 keys)
	chmod 600 "$WORK/dcvifd.conf"
	# shellcheck disable=SC2086 # DCVIFD_ARGS: more options, e.g. -v
	ip netns exec "$D" "$DCVIFD" -d ${DCVIFD_ARGS:-} -f "$WORK/dcvifd.conf" \
		> "$WORK/dcvifd.log" 2>&1 &
	DCVIFD_PID=$!
	defer dcvifd_stop
	# 20 s: the sanitizer build on a debug kernel under TCG is slow
	busywait 20000 test -S "$WORK/dcvifd.sock" > /dev/null && return 0
	echo "# dcvifd made no control socket in 20 s; its log ends: $(tail -n 3 "$WORK/dcvifd.log" | tr '\n' ' ')"
	return 1
}

# stops dcvifd and reports sanitizer findings as a failure
dcvifd_stop()
{
	[[ -n ${DCVIFD_PID:-} ]] || return 0
	kill -TERM "$DCVIFD_PID" 2>/dev/null
	wait "$DCVIFD_PID" 2>/dev/null
	DCVIFD_RC=$?
	DCVIFD_PID=
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' \
	    "$WORK/dcvifd.log"; then
		log_info "dcvifd sanitizer report:"
		log_info "$(grep -A12 -E 'Sanitizer|runtime error' "$WORK/dcvifd.log" | head -30)"
		return 1
	fi
	return 0
}

ctl()
{
	"$DCVIFCTL" -s "$WORK/dcvifd.sock" "$@"
}

# neighbor_state ADDR: its FSM state as dcvifd sees it
neighbor_state()
{
	ctl -j show neighbor "$1" | jq -r .state
}

neighbor_is()
{
	[[ $(neighbor_state "$1") == "$2" ]]
}

wait_established()
{
	busywait "${2:-20000}" neighbor_is "$1" Established > /dev/null
}

# fib AF: dcvifd's routes in its namespace, exact, without the nh id
fib()
{
	ip -n "$D" "$1" -j route show proto "$RTPROT" | jq -c 'map(del(.nhid))'
}

fib_is()
{
	[[ $(fib "$1") == "$2" ]]
}

FIB4='[{"dst":"198.51.100.0/24","gateway":"10.0.0.2","dev":"vd","flags":[]}]'
FIB6='[{"dst":"2001:db8:200::/48","gateway":"2001:db8:ff::2","dev":"vd","metric":1024,"flags":[],"pref":"medium"}]'

# the nexthop object a route points at must carry our protocol too
nh_of()
{
	local id

	id=$(ip -n "$D" "$1" -j route show "$2" proto "$RTPROT" | jq '.[0].nhid')
	ip -n "$D" -j nexthop show id "$id" | jq -c '.[0] | del(.id)'
}

# capture_start / capture_stop: BGP on the veth, as seen from dcvifd's side
capture_start()
{
	ip netns exec "$D" tcpdump -i vd -U --immediate-mode -s 0 -w "$WORK/bgp.pcap" \
		tcp port 179 > "$WORK/tcpdump.log" 2>&1 &
	TCPDUMP_PID=$!
	defer capture_stop
	busywait 5000 grep -qs listening "$WORK/tcpdump.log" > /dev/null
}

capture_stop()
{
	[[ -n ${TCPDUMP_PID:-} ]] || return 0
	sleep 0.2
	kill "$TCPDUMP_PID" 2>/dev/null
	wait "$TCPDUMP_PID" 2>/dev/null
	TCPDUMP_PID=
}

# wire: the BGP messages captured, "SRC>DST TYPE [CODE/SUBCODE]" per line
wire()
{
	"$BGP_DIR/bgpwire.py" "$WORK/bgp.pcap"
}
