# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared pieces of the tests that run dcvifd inside the VM next to the
# dcvif module: the VM side (module, ip plugin, FRR bfdd) is dcvif_lib.sh's,
# the daemon side (dcvifd_start/dcvifd_stop with the sanitizer check, ctl,
# neighbor_state, wait_established) is selftests/bgp/bgp_lib.sh's; this adds
# FRR's bgpd next to the bfdd of frr_bfdd_start (one zebra for both) and
# readers of the kernel FIB as dcvifd writes it: routes over nexthop
# objects and groups of protocol 243.
#
# The caller sets D (dcvifd's netns) and WORK (a directory readable by
# user frr) before dcvifd_start, as bgp_lib.sh wants.

# shellcheck source=dcvif_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dcvif_lib.sh"
# shellcheck source=../bgp/bgp_lib.sh
source "$DCVIF_TOP/selftests/bgp/bgp_lib.sh"

# --- FRR bgpd ----------------------------------------------------------------

# frr_bgpd_start NS CONF: bgpd with the configuration file CONF, in the
# netns where frr_bfdd_start has started zebra (and bfdd); killed when the
# calling scope ends. Its log goes where CONF says.
frr_bgpd_start() { # ns conf
	local ns=$1 conf=$2 run=/run/frr/$1

	[[ -S $run/zserv.api ]] || { echo "# frr_bgpd_start: no zebra in $ns"; return 1; }
	chmod 644 "$conf"
	chown -R frr:frr /run/frr
	ip netns exec "$ns" /usr/lib/frr/bgpd -d -N "$ns" -f "$conf" -u frr -g frr \
		-i "$run/bgpd.pid" || return 1
	defer pkill -F "$run/bgpd.pid"
	busywait 5000 test -s "$run/bgpd.pid" > /dev/null
}

# vtysh in NS, to every FRR daemon of it.
frr_vtysh() { # ns vtysh-args...
	local ns=$1
	shift
	ip netns exec "$ns" vtysh -N "$ns" "$@" 2> /dev/null
}

# frr_bfd_peer NS LOCAL PEER DEV INTERVAL_MS: one more single-hop peer in
# the running bfdd (frr_bfdd_start takes one DEV for all its peers).
frr_bfd_peer() { # ns local peer dev interval_ms
	frr_vtysh "$1" -c "configure terminal" -c "bfd" \
		-c "peer $3 local-address $2 interface $4" \
		-c "receive-interval $5" -c "transmit-interval $5" -c "detect-multiplier 3"
}

# The BGP state of NS's bgpd for neighbor ADDR.
frr_bgp_state() { # ns addr
	frr_vtysh "$1" -c "show bgp neighbors $2 json" | jq -r ".\"$2\".bgpState"
}

# --- dcvifd's FIB, as the kernel has it ----------------------------------------

# route_of AF PFX: how the kernel routes PFX in $D, one line:
#   "NHID PROTOCOL DEV,DEV..." for a route over a nexthop group (member
#   devices sorted), "NHID PROTOCOL single:DEV" over one nexthop object,
#   "none" without a route.
# AF is -4 or -6. NHID is the route's RTA_NH_ID.
route_of() { # af pfx
	local route nhs

	route=$(ip -n "$D" "$1" -j route show "$2") || return 1
	nhs=$(ip -n "$D" -j nexthop show) || return 1
	jq -rn --argjson r "${route:-[]}" --argjson n "${nhs:-[]}" '
		($n | map({key: (.id | tostring), value: .}) | from_entries) as $by |
		if ($r | length) == 0 then "none"
		elif $r[0].nhid == null then "nonh \($r[0] | tojson)"
		else
			$r[0] as $x | $by[$x.nhid | tostring] as $o |
			"\($x.nhid) \($x.protocol // "-") " +
			if $o == null then "missing"
			elif $o.group then [$o.group[].id | $by[tostring].dev // "?"] | sort | join(",")
			else "single:\($o.dev)" end
		end'
}

# route_is AF PFX WANT: route_of says exactly WANT (a glob: "* 243 vif1,vif2").
route_is() { # af pfx want
	local got

	got=$(route_of "$1" "$2")
	# shellcheck disable=SC2053
	[[ $got == $3 ]] || { echo "$got"; return 1; }
}

# wait_route TIMEOUT_MS AF PFX WANT: busywait for route_is; prints the last
# state on failure.
wait_route() { # timeout_ms af pfx want
	busywait "$1" route_is "$2" "$3" "$4"
}

# The route to PFX as `ip -j route` has it: every field, for "unchanged".
route_json() { # af pfx
	ip -n "$D" "$1" -j route show "$2" | jq -cS .
}

# Everything of protocol 243 in $D's nexthop table, ids and all.
nh_table() {
	ip -n "$D" -j nexthop show protocol "$RTPROT" | jq -cS .
}

# --- time stamps of the kernel's notifications -------------------------------------
#
# Polling the FIB from a shell costs hundreds of milliseconds a look under
# TCG, so "how soon" is read from the kernel's own notifications instead:
# `ip monitor` with time stamps, in $D, of links, nexthops and routes.
# Times are epoch milliseconds, the clock of now_ms.

now_ms() { __now_ms; echo "$__NOW_MS"; }

# fib_monitor_start FILE: the monitor, ready when this returns, stopped
# when the calling scope ends.
fib_monitor_start() { # file

	TZ=UTC ip -n "$D" -ts monitor link nexthop route > "$1" 2>&1 &
	defer kill $!
	# an event of our own tells that it listens
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		mon_mark "$1" 500 > /dev/null && return 0
	done
	return 1
}

# mon_lo FILE: how many notifications of lo FILE has.
mon_lo() { grep -c '^\[[^]]*\] [0-9]*: lo:' "$1"; }
mon_lo_above() { (($(mon_lo "$1") > $2)); } # file n

# mon_mark FILE [TIMEOUT_MS]: an event of our own through the monitor (a
# new alias on lo); prints its time once the monitor has written it, so
# every event before it is in FILE.
mon_mark() { # file [timeout_ms]
	local n

	n=$(mon_lo "$1")
	ip -n "$D" link set dev lo alias "mark$RANDOM$RANDOM"
	busywait "${2:-5000}" mon_lo_above "$1" "$n" > /dev/null || return 1
	mon_times "$1" "\] [0-9]+: lo:" | tail -n 1
}

# mon_times FILE ERE: the time of every time-stamped line matching ERE.
mon_times() { # file ere
	grep -E "$2" "$1" | TZ=UTC awk 'match($0, /^\[[0-9-]+T[0-9:.]+\]/) {
		split(substr($0, 2, RLENGTH - 2), a, /[-T:.]/)
		printf "%.0f\n", mktime(a[1] " " a[2] " " a[3] " " a[4] " " a[5] " " a[6]) * 1000 + int(a[7] / 1000)
	}'
}

# mon_first FILE ERE AFTER: the first such time at or after AFTER.
mon_first() { # file ere after
	mon_times "$1" "$2" | awk -v t="$3" '$1 >= t { print; exit }'
}

# mon_last FILE ERE BEFORE: the last such time at or before BEFORE.
mon_last() { # file ere before
	mon_times "$1" "$2" | awk -v t="$3" '$1 <= t { last = $1 } END { if (last != "") print last }'
}

# A line of a link with carrier.
carrier_up_re() { echo "\] [0-9]+: $1@[^:]*: <[^>]*LOWER_UP"; } # dev

# fib_delay FILE FROM UNTIL: milliseconds from FROM to the last notification
# of a nexthop or route of protocol 243 at or before UNTIL (a mon_mark
# made once the FIB was seen right). Empty when there was none after FROM.
fib_delay() { # file from until
	local last

	last=$(mon_last "$1" " proto $RTPROT( |$)" "$3")
	[[ -n $last && -n $2 ]] && ((last >= $2)) && echo $((last - $2))
}

# --- FRR's bgpd configuration ------------------------------------------------------

# frr_bgp_conf [-i RID] [-p PFX]... [-r LINE]... [-n LINE]... NEIGHBOR...:
# bgpd.conf on stdout for an "AWS" router of AS $P_AS (log in $FRR_DIR):
# one eBGP session per NEIGHBOR to AS $D_AS, MD5 $KEY, hold 90 /
# keepalive 30, connect retry 1 s; NEIGHBOR is ADDR or ADDR/SRC (with
# update-source SRC). IPv4 neighbors carry IPv4 unicast, IPv6 neighbors
# IPv6 unicast. -p: a prefix to announce (network, either family, not
# checked against the RIB); -r: one more line under router bgp; -n: one
# more line for every neighbor ("bfd").
frr_bgp_conf() {
	local rid=169.254.101.2 opt n a l
	local -a pfx=() rl=() nl=() v6=()

	OPTIND=1
	while getopts "i:p:r:n:" opt; do
		case $opt in
		i) rid=$OPTARG ;;
		p) pfx+=("$OPTARG") ;;
		r) rl+=("$OPTARG") ;;
		n) nl+=("$OPTARG") ;;
		*) return 1 ;;
		esac
	done
	shift $((OPTIND - 1))
	cat <<-EOF
	frr defaults traditional
	hostname aws
	log file $FRR_DIR/bgpd.log
	!
	router bgp $P_AS
	 bgp router-id $rid
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	EOF
	for n in "${rl[@]}"; do echo " $n"; done
	for n in "$@"; do
		a=${n%%/*}
		[[ $a == *:* ]] && v6+=("$a")
		echo " neighbor $a remote-as $D_AS"
		echo " neighbor $a password $KEY"
		echo " neighbor $a timers 30 90"
		echo " neighbor $a timers connect 1"
		[[ $n == */* ]] && echo " neighbor $a update-source ${n#*/}"
		for l in "${nl[@]}"; do echo " neighbor $a $l"; done
	done
	echo " address-family ipv4 unicast"
	for n in "${pfx[@]}"; do [[ $n == *:* ]] || echo "  network $n"; done
	for a in "${v6[@]}"; do echo "  no neighbor $a activate"; done
	echo " exit-address-family"
	echo " address-family ipv6 unicast"
	for n in "${pfx[@]}"; do [[ $n == *:* ]] && echo "  network $n"; done
	for a in "${v6[@]}"; do echo "  neighbor $a activate"; done
	echo " exit-address-family"
	echo "!"
}

# --- freezing the far end's BFD ------------------------------------------------------

# bfd_drop NS DEV: drop the BFD control packets (IPv4 and IPv6) leaving
# DEV in NS, and nothing else: BGP keeps flowing while the sessions of the
# other end time out, signal Down, and the far BFD follows. DEV needs its
# clsact qdisc from before any traffic (dcvif_bfd.sh: adding one flips
# static keys, which has oopsed under TCG with packets in flight).
bfd_drop() { # ns dev
	tc -n "$1" filter add dev "$2" egress pref 10 protocol ip \
		flower ip_proto udp dst_port 3784 action drop &&
	tc -n "$1" filter add dev "$2" egress pref 11 protocol ipv6 \
		flower ip_proto udp dst_port 3784 action drop
}
bfd_pass() { # ns dev
	tc -n "$1" filter del dev "$2" egress pref 10 2> /dev/null
	tc -n "$1" filter del dev "$2" egress pref 11 2> /dev/null
	return 0
}
