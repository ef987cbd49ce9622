#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared setup for the dcvif tests that run inside the VM (selftests/vm/vm.sh):
# loads the module built for the running kernel and points ip(8) at the
# plugin of this tree.

DCVIF_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib.sh
source "$DCVIF_TOP/selftests/lib.sh"

export IP_LIB_DIR=$DCVIF_TOP/userspace/iproute2
KVER=$(uname -r)

# 6.1 has no formatted extack messages: there the kernel says the static
# variant (kmod/compat.h DCVIF_ERR_FMT). $1 is 6.2+'s text, $2 is 6.1's.
kmsg() {
	case $KVER in
	6.1.*) echo "$2" ;;
	*) echo "$1" ;;
	esac
}

dcvif_load() {
	if [[ ! -d /sys/module/dcvif ]]; then
		insmod "${DCVIF_KO:-$DCVIF_TOP/build/$KVER/dcvif.ko}" || return 1
	fi
	modprobe 8021q
}

# Field of one device from `ip -d -j link show`, as python prints it.
link_field() { # ns dev python-expression-on-d
	ip -n "$1" -d -j link show dev "$2" |
		python3 -c "import json,sys; d=json.load(sys.stdin)[0]; print(($3))"
}

# Wait until linkwatch has settled the operstate of each DEV to UP.
wait_oper_up() { # ns dev...
	local ns=$1 dev
	shift
	for dev in "$@"; do
		busywait 5000 bash -c "[[ \$(ip -n $ns -j link show dev $dev) == *'\"operstate\":\"UP\"'* ]]" ||
			{ echo "# $dev in $ns did not come up"; return 1; }
	done
}

# Names of the dcvif VIFs in a netns, sorted, as a python list.
vif_names() {
	ip -n "$1" -d -j link show | python3 -c '
import json, sys
print(sorted(d["ifname"] for d in json.load(sys.stdin)
             if d.get("linkinfo", {}).get("info_kind") == "dcvif"))'
}

vif_count() {
	ip -n "$1" -d -j link show | python3 -c '
import json, sys
print(sum(d.get("linkinfo", {}).get("info_kind") == "dcvif" for d in json.load(sys.stdin)))'
}

# Everything `ip` can tell about the links and addresses of a netns except
# counters, for "nothing else changed" checks.
ns_snapshot() {
	{
		ip -n "$1" -d -j link show
		ip -n "$1" -j addr show
	} | python3 -c '
import json, sys
for line in sys.stdin:
    for d in json.loads(line):
        d.pop("stats64", None)
        print(json.dumps(d, sort_keys=True))'
}

# ns_snapshot once linkwatch has settled: operstate and the RUNNING flag
# of a link just enslaved or brought up change up to a second later
# (linkwatch's delay for non-urgent events), which a before/after
# comparison would take for a change. Two snapshots alike 1.1 s apart.
ns_settled_snapshot() { # ns
	local a b
	b=$(ns_snapshot "$1")
	for _ in 1 2 3 4 5; do
		a=$b
		sleep 1.1
		b=$(ns_snapshot "$1")
		[[ $a == "$b" ]] && break
	done
	printf '%s\n' "$b"
}

# check_unchanged BEFORE AFTER WHY: two ns_snapshots must be equal; a diff
# of them on failure.
check_unchanged() {
	[[ "$1" == "$2" ]]
	check_err $? "$3:
$(diff <(echo "$1") <(echo "$2") | head -20)"
}

# No IPv6 DAD in a test netns, so addresses are not "tentative" for a while
# and snapshots are stable. Call before creating the netns's devices.
ns_no_dad() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0
}

# Run a command that must fail; print exactly what it said (stderr+stdout).
refused() {
	local out
	out=$("$@" 2>&1) && { echo "UNEXPECTED SUCCESS: $*"; return 0; }
	echo "$out"
}

dev_stat() { # ns dev rx_packets|tx_packets|...
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"
}

# FRR's bfdd (and zebra, which it needs) in netns NS, one single-hop peer
# per LOCAL,PEER pair on DEV at INTERVAL ms x 3. Both are killed when the
# calling test ends (defer); a second call restarts bfdd with the new
# configuration. The log (microsecond time stamps, peer debugging) is
# $FRR_DIR/bfdd.log.
FRR_DIR=/tmp/frr
frr_bfdd_start() { # ns dev interval_ms local,peer...
	local ns=$1 dev=$2 iv=$3 dir=$FRR_DIR run=/run/frr/$1 pair
	shift 3
	mkdir -p "$dir" "$run"
	echo "hostname $ns" > "$dir/zebra.conf"
	{
		echo "log file $dir/bfdd.log debugging"
		echo "log timestamp precision 6"
		echo "debug bfd peer"
		echo "bfd"
		for pair in "$@"; do
			echo " peer ${pair#*,} local-address ${pair%,*} interface $dev"
			echo "  receive-interval $iv"
			echo "  transmit-interval $iv"
			echo "  detect-multiplier 3"
			# more peer statements (echo-mode ...), one per line
			[[ -n ${FRR_BFD_EXTRA:-} ]] && printf '  %s\n' "${FRR_BFD_EXTRA[@]}"
			echo " !"
		done
		echo "!"
	} > "$dir/bfdd.conf"
	chmod 644 "$dir"/*.conf
	rm -f "$dir/bfdd.log"
	# bfdd (user frr) writes its log there
	chown frr:frr "$dir"
	chown -R frr:frr /run/frr
	if [[ ! -S $run/zserv.api ]]; then
		ip netns exec "$ns" /usr/lib/frr/zebra -d -N "$ns" -f "$dir/zebra.conf" -u frr -g frr \
			-i "$run/zebra.pid" || return 1
		defer pkill -F "$run/zebra.pid"
		defer rm -f "$run/zserv.api"
		busywait 5000 test -S "$run/zserv.api" || return 1
	fi
	# A killed bfdd leaves its sockets behind.
	rm -f "$run"/bfdd.*
	ip netns exec "$ns" /usr/lib/frr/bfdd -d -N "$ns" -f "$dir/bfdd.conf" -u frr -g frr \
		-i "$run/bfdd.pid" || return 1
	defer pkill -F "$run/bfdd.pid"
}
