#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd drives the kernel's BFD over the dcvif generic netlink family and
# couples its BGP sessions to it (RFC 5882): it creates the sessions its
# config names (300 ms x 3), adopts them across a restart without a flap,
# changes them in place on SIGHUP, takes BGP down at once with Cease/BFD
# Down (RFC 9384) when BFD goes Down, holds it until BFD is Up again (with
# a hold-down once BFD flaps), refuses BGP in strict mode until BFD is Up,
# and deletes a session when its neighbor goes. The "AWS" end is FRR 8.4:
# bgpd with `neighbor ... bfd` and bfdd, over kernel 8021q.
#
#  +------------ $CUST: dcvifd AS 65001 ------------+     +------- $AWS: FRR bgpd + bfdd AS 64512 -------+
#  | vif101 (dcvif id 101, private)                 |     |            a1.101 (8021q id 101)             |
#  |   169.254.101.1/30   2001:db8:ff01::1/64       |     |   169.254.101.2/30   2001:db8:ff01::2/64     |
#  |   BFD (kernel) <-- 300 ms x 3, v4 + v6 -->     |     |   bfdd                                       |
#  |   BGP v4 + v6, MD5, hold 90  <----------->     |     |   bgpd, neighbor bfd                         |
#  | p1 (veth) -------------------------------------+-----+----------------------------- a1 (veth)     |
#  |                                                |     | lo: 198.51.100.1/32 2001:db8:200::1/128,     |
#  | dcvifctl monitor -j -> $WORK/monitor.json      |     |   announced as 198.51.100.0/24, ::/48        |
#  +------------------------------------------------+     +----------------------------------------------+

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="
	bfd_from_config
	bfd_outage
	bfd_silent
	bfd_flapping_hold_down
	bfd_sighup_change
	bfd_echo_config
	bfd_strict
	bfd_neighbor_removed
	bfd_restart_adopt
"

P_AS=64512
PFX4=198.51.100.0/24
PFX6=2001:db8:200::/48
N4=169.254.101.2
N6=2001:db8:ff01::2
ROUTE4="* $RTPROT single:vif101"

cc() { ip netns exec "$CUST" "$DCVIFCTL" "$@"; }

frr_conf() {
	# the AWS end sends its routes as soon as a session is up
	frr_bgp_conf -p "$PFX4" -p "$PFX6" -r "coalesce-time 100" \
		-n "advertisement-interval 0" -n bfd \
		169.254.101.1/169.254.101.2 2001:db8:ff01::1/2001:db8:ff01::2
}

# dcvifd_conf [INTERVAL_MS] [EXTRA]: both neighbors with bfd; EXTRA goes
# into the global bfd block; NO6=1 leaves the IPv6 neighbor out.
dcvifd_conf() {
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 169.254.101.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	fib {
		keep-on-exit yes
		stale-time 30
	}
	bfd {
		interval ${1:-300}
		multiplier 3
		${2:-}
	}
	neighbor $N4 {
		remote-as $P_AS
		interface "vif101"
		password "$KEY"
		connect-retry 1
		bfd yes
	}
	EOF
	[[ ${NO6:-0} == 1 ]] && return
	cat >> "$WORK/dcvifd.conf" <<-EOF
	neighbor $N6 {
		remote-as $P_AS
		interface "vif101"
		password "$KEY"
		connect-retry 1
		bfd yes
	}
	EOF
}

setup() {
	dcvif_load || exit 1
	modprobe cls_flower && modprobe act_gact || exit 1
	require_cmd jq tshark /usr/lib/frr/bgpd /usr/lib/frr/bfdd
	[[ -x $DCVIFD && -x $DCVIFCTL ]] ||
		{ echo "# $DCVIFD or $DCVIFCTL missing: make userspace"; exit 1; }
	ns_create CUST AWS || exit 1
	D=$CUST
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	WORK=$(mktemp -d /tmp/dcvifd-bfd.XXXXXX)
	chmod 755 "$WORK"
	defer rm -rf "$WORK"
	# KEEP=DIR: the logs and captures are copied there at the end
	[[ -n ${KEEP:-} ]] && defer eval 'mkdir -p "$KEEP" && cp -a "$WORK"/. "$FRR_DIR"/*.log "$KEEP"/'

	ip -n "$CUST" link add p1 type veth peer name a1 netns "$AWS"
	ip -n "$CUST" link set p1 up
	ip -n "$AWS" link set a1 up
	ip -n "$AWS" link add link a1 name a1.101 type vlan id 101
	ip -n "$AWS" addr add 169.254.101.2/30 dev a1.101
	ip -n "$AWS" addr add 2001:db8:ff01::2/64 dev a1.101
	ip -n "$AWS" addr add 198.51.100.1/32 dev lo
	ip -n "$AWS" addr add 2001:db8:200::1/128 dev lo
	ip -n "$AWS" link set a1.101 up
	# before any traffic (dcvif_bfd.sh: a clsact qdisc added with
	# packets in flight has oopsed under TCG)
	tc -n "$AWS" qdisc add dev a1.101 clsact
	ip -n "$CUST" link add link p1 name vif101 type dcvif id 101 vif-type private &&
		ip -n "$CUST" addr add 169.254.101.1/30 dev vif101 &&
		ip -n "$CUST" addr add 2001:db8:ff01::1/64 dev vif101 &&
		ip -n "$CUST" link set vif101 up || exit 1
	wait_oper_up "$CUST" vif101 || exit 1
	wait_oper_up "$AWS" a1.101 || exit 1

	ip netns exec "$CUST" "$DCVIFCTL" -j monitor > "$WORK/monitor.json" 2> "$WORK/monitor.err" &
	defer kill $!
	ip -n "$CUST" -ts monitor route > "$WORK/routes.txt" 2>&1 &
	defer kill $!
	# bfdd without peers of its own: bgpd's `neighbor ... bfd` makes them
	# (300 ms x 3, FRR's default), as they would be on an AWS-like router.
	# Peers in bfdd's config as well get re-keyed, and flap, when bgpd
	# registers its own once BGP is up.
	frr_bfdd_start "$AWS" a1.101 300 || exit 1
	frr_conf > "$FRR_DIR/bgpd.conf"
	frr_bgpd_start "$AWS" "$FRR_DIR/bgpd.conf" || exit 1
	dcvifd_conf
	dcvifd_start || exit 1
	# FRR 8.4's bgpd registers each BFD session without a source and
	# re-keys it once BGP is up (bfdd: session-delete, session-new with
	# the source and the interface); a session of ours that was Up by
	# then sees a Down. The cases start once that is over, with dcvifd
	# restarted, so that its hold-down memory starts empty (the restart
	# itself is bfd_restart_adopt's subject).
	busywait 30000 frr_rekeyed > /dev/null || { echo "# bfdd did not re-key"; exit 1; }
	busywait 30000 both_up > /dev/null || { echo "# not up: $(kbfd)"; exit 1; }
	dcvifd_stop
	cat "$WORK/dcvifd.log" >> "$WORK/dcvifd.log.old"
	dcvifd_start || exit 1
}

frr_rekeyed() {
	[[ $(grep -c "session-new: mhop:no peer:.* local:[0-9a-f:.]*[1-9a-f][0-9a-f:.]* .*ifname:a1.101" \
		"$FRR_DIR/bfdd.log") -ge 2 ]]
}

# --- observing ---------------------------------------------------------------

# The kernel's sessions on vif101: peer, state, intervals, multiplier.
kbfd() {
	cc -j bfd show dev vif101 |
		jq -c 'sort_by(.peer) | map([.peer, .state, .desired_min_tx_us, .required_min_rx_us, .detect_mult])'
}
kbfd_timers_are() { [[ $(kbfd | jq -c 'map(.[2:5])') == "$1" ]]; }
kbfd_count_is() { [[ $(kbfd | jq length) == "$1" ]]; }
kbfd_state() { cc -j bfd show dev vif101 peer "$1" | jq -r '.[0].state // "none"'; }
kbfd_is() { [[ $(kbfd_state "$1") == "$2" ]]; }
# local discriminator and counters: the same session, never flapped
kbfd_identity() {
	cc -j bfd show dev vif101 |
		jq -c 'sort_by(.peer) | map([.peer, .local_discr, .stats.up_transitions, .stats.down_transitions])'
}
nbr() { ctl -j show neighbor "$1"; }
nbr_bfd() { nbr "$1" | jq -c '.bfd | [.state, .holds_bgp, .hold_down, .downs]'; }
both_up() {
	kbfd_is "$N4" Up && kbfd_is "$N6" Up && neighbor_is "$N4" Established &&
		neighbor_is "$N6" Established &&
		route_is -4 "$PFX4" "$ROUTE4" > /dev/null &&
		route_is -6 "$PFX6" "* $RTPROT single:vif101" > /dev/null
}

now_ms() { __now_ms; echo "$__NOW_MS"; }

# ms since the epoch of the monitor's Nth (1-based, default last) event
# matching a jq filter
event_ms() { # jq-select [n]
	jq -r "select($1) | .time" "$WORK/monitor.json" | sed -n "${2:-\$}p" |
		python3 -c 'import sys,datetime
for l in sys.stdin:
    print(int(datetime.datetime.strptime(l.strip(), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()*1000))'
}
# ms since the epoch when PFX was added (not deleted) to the FIB, the
# first time after T_MS
route_added_ms() { # pfx t_ms
	grep -F "] $1 nhid" "$WORK/routes.txt" | sed 's/^\[\([^]]*\)\].*/\1/' |
		python3 -c 'import sys,datetime
t = int(sys.argv[1])
for l in sys.stdin:
    ms = int(datetime.datetime.strptime(l.strip(), "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()*1000)
    if ms >= t:
        print(ms)
        break' "$2"
}

# ms since the epoch of dcvifd's log line matching a pattern (last one)
log_ms() { # grep-pattern
	grep -E "$1" "$WORK/dcvifd.log" | tail -n 1 | awk '{ split($1, a, "."); print a[1] a[2] }'
}


# BGP NOTIFICATIONs on the AWS side's wire: "src major/minor" each
capture_start() {
	ip netns exec "$AWS" tcpdump -U -n -i a1.101 -w "$WORK/bgp.pcap" \
		'tcp port 179 or udp port 3784' 2> /dev/null &
	CAP=$!
	busywait 3000 test -s "$WORK/bgp.pcap" > /dev/null
}
capture_stop() {
	sleep 0.3
	kill "$CAP" 2> /dev/null
	wait "$CAP" 2> /dev/null
}
notifications() {
	# every segment on its own: a retransmitted one is decoded too
	tshark -r "$WORK/bgp.pcap" -o tcp.desegment_tcp_streams:FALSE \
		-o tcp.analyze_sequence_numbers:FALSE -Y 'bgp.type == 3 && (ip.src == 169.254.101.1 || ipv6.src == 2001:db8:ff01::1)' \
		-T fields -e ip.src -e ipv6.src \
		-e bgp.notify.major_error -e bgp.notify.minor_error_cease 2> /dev/null |
		awk '{ print $1 " " $2 "/" $3 }' | sort -u | tr '\n' ' '
}

# --- cases -----------------------------------------------------------------------

bfd_from_config() {
	RET=0
	busywait 30000 both_up > /dev/null
	check_err $? "not up: BFD $(kbfd); BGP $(neighbor_state $N4) $(neighbor_state $N6); $(route_of -4 $PFX4)"
	check_eq "$(kbfd)" \
		"[[\"$N4\",\"Up\",300000,300000,3],[\"$N6\",\"Up\",300000,300000,3]]" \
		"the kernel's sessions, made by dcvifd from its config"
	check_eq "$(nbr_bfd $N4) $(nbr_bfd $N6)" '["up",false,0,0] ["up",false,0,0]' \
		"dcvifctl show neighbor: BFD Up, not holding BGP"
	check_eq "$(frr_bgp_state "$AWS" 169.254.101.1)" Established "FRR's view"
	log_test "dcvifd creates its neighbors' BFD sessions in the kernel: Up with FRR bfdd, BGP Established"
}

# The short outage of the issue: BFD from AWS lost for 2 s (BGP hold 90 s).
# BFD Down takes BGP down at once (Cease/BFD Down), and the routes; BFD Up
# brings both back.
bfd_outage() {
	local t_down t_idle t_up t_back4 t_back6

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	capture_start
	bfd_drop "$AWS" a1.101
	busywait 5000 kbfd_is "$N4" Down > /dev/null
	check_err $? "BFD not Down: $(kbfd_state $N4)"
	busywait 3000 bash -c "! neighbor_is $N4 Established && ! neighbor_is $N6 Established" > /dev/null
	check_err $? "BGP still Established after BFD Down"
	t_down=$(event_ms '.event == "bfd" and .peer == "'$N4'" and .state == "Down"')
	t_idle=$(log_ms "$N4.*Established -> Idle, reason: BFD Down")
	check_eq "$(nbr $N4 | jq -r .last_notification_sent)" 6/10 "Cease/BFD Down sent"
	log_info "BGP down $((t_idle - t_down)) ms after BFD Down"
	[[ -n $t_down && -n $t_idle ]] && ((t_idle - t_down <= 100))
	check_err $? "BGP went down $((t_idle - t_down)) ms after BFD Down (limit 100)"
	check_eq "$(route_of -4 $PFX4) $(route_of -6 $PFX6)" "none none" "routes gone"
	check_eq "$(nbr_bfd $N4)" '["down",true,0,1]' "BFD Down holds BGP (first Down: no hold-down)"
	sleep 1
	check_eq "$(neighbor_state $N4)" Idle "held in Idle while BFD is Down"
	bfd_pass "$AWS" a1.101
	busywait 5000 kbfd_is "$N4" Up > /dev/null
	check_err $? "BFD not Up again"
	busywait 5000 route_is -4 "$PFX4" "$ROUTE4" > /dev/null
	check_err $? "IPv4 route not back: $(route_of -4 $PFX4)"
	busywait 5000 route_is -6 "$PFX6" "* $RTPROT single:vif101" > /dev/null
	check_err $? "IPv6 route not back: $(route_of -6 $PFX6)"
	# the VIF's BFD is Up when both sessions are: its carrier returns
	t_up=$(event_ms '.event == "carrier" and .dev == "vif101" and .carrier == true')
	t_back4=$(route_added_ms "$PFX4" "$t_down")
	t_back6=$(route_added_ms "$PFX6" "$t_down")
	log_info "routes back $((t_back4 - t_up)) ms (IPv4), $((t_back6 - t_up)) ms (IPv6) after BFD Up (carrier back)"
	# The 1 s is the figure to watch (logged above): BGP's own restart
	# (connect-retry, OPEN, the peer's UPDATE) is in it, not only dcvifd.
	# Asserted is 3 s, as in dcvifd_interop.sh: on the debug kernel the
	# IPv6 route came back 2003 ms after, with BGP's TCP slower there.
	((t_back4 - t_up <= 3000 && t_back6 - t_up <= 3000))
	check_err $? "routes back later than 3 s after BFD Up"
	busywait 5000 both_up > /dev/null
	check_err $? "not all back"
	# the NOTIFICATIONs left when the carrier came back, in TCP's time
	busywait 10000 bash -c "[[ \$(notifications) == *2001* ]]" > /dev/null
	capture_stop
	check_eq "$(notifications | grep -o '[^ ]* 6/10' | tr '\n' ' ')" \
		"169.254.101.1 6/10 2001:db8:ff01::1 6/10 " \
		"NOTIFICATION Cease/BFD Down from both sessions on the wire"
	log_test "BFD outage of 2 s: BGP down at once with Cease/BFD Down, held, back with BFD"
}

# The AWS end's BFD goes silent for good (bfdd frozen): BGP goes within
# the detection time, stays down as long as BFD does, and returns with it.
bfd_silent() {
	local pid t_down t_idle est

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	pid=$(cat "/run/frr/$AWS/bfdd.pid")
	kill -STOP "$pid"
	busywait 5000 bash -c "! neighbor_is $N4 Established" > /dev/null
	check_err $? "BGP still Established"
	t_down=$(event_ms '.event == "bfd" and .peer == "'$N4'" and .state == "Down"')
	t_idle=$(log_ms "$N4.*Established -> Idle, reason: BFD Down")
	log_info "BGP down $((t_idle - t_down)) ms after BFD Down"
	[[ -n $t_down && -n $t_idle ]] && ((t_idle - t_down <= 100))
	check_err $? "BGP went down $((t_idle - t_down)) ms after BFD Down (limit 100)"
	est=$(nbr $N4 | jq -r .established)
	sleep 3
	check_eq "$(neighbor_state $N4) $(neighbor_state $N6)" "Idle Idle" "held for 3 s"
	check_eq "$(nbr $N4 | jq -r .established)" "$est" "no session came up meanwhile"
	kill -CONT "$pid"
	busywait 20000 both_up > /dev/null
	check_err $? "not back after bfdd resumed"
	log_test "AWS BFD silent: BGP down within the detection time, held, back when BFD is"
}

# A BFD that flaps: the second Down within 120 s of Up gets a hold-down of
# 1 s after BFD Up, then BGP starts.
bfd_flapping_hold_down() {
	local t_up t_est prev want

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	# the earlier cases' Downs were less than 120 s apart: this one's
	# hold-down is twice the last, at least 1 s
	prev=$(nbr $N4 | jq .bfd.hold_down)
	want=$((prev ? 2 * prev : 1))
	bfd_drop "$AWS" a1.101
	busywait 5000 kbfd_is "$N4" Down > /dev/null
	check_err $? "BFD not Down"
	check_eq "$(nbr_bfd $N4 | jq -c '.[0:3]')" "[\"down\",true,$want]" "a further Down: hold-down $want s (last $prev s)"
	bfd_pass "$AWS" a1.101
	busywait 5000 kbfd_is "$N4" Up > /dev/null
	busywait 10000 neighbor_is "$N4" Established > /dev/null
	check_err $? "not Established after the hold-down"
	t_up=$(event_ms '.event == "bfd" and .peer == "'$N4'" and .state == "Up"')
	grep -q "$N4.*BFD Up: BGP held down ${want}s" "$WORK/dcvifd.log"
	check_err $? "no hold-down of $want s logged at BFD Up"
	t_est=$(log_ms "$N4.*BFD Up: BGP may start")
	log_info "BGP released $((t_est - t_up)) ms after BFD Up"
	# (the monitor stamps an event when it reads it, a few ms after dcvifd)
	((t_est - t_up >= want * 1000 - 50 && t_est - t_up < want * 1000 + 1000))
	check_err $? "released after $((t_est - t_up)) ms, not after the $want s hold-down"
	busywait 20000 both_up > /dev/null
	log_test "a flapping BFD: BGP held down after BFD Up, twice as long with each Down"
}

# SIGHUP with new intervals and RFC 9764 padding to the VIF's MTU:
# Poll/Final in the kernel, the padding set in place, no flap, BGP kept.
bfd_sighup_change() {
	local before est mtu

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	before=$(kbfd_identity)
	est=$(nbr $N4 | jq .established)
	dcvifd_conf 500 "padding on"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 kbfd_timers_are '[[500000,500000,3],[500000,500000,3]]' > /dev/null
	check_err $? "the kernel's sessions are not at 500 ms: $(kbfd)"
	mtu=$(ip -n "$CUST" -j link show dev vif101 | jq .[0].mtu)
	check_eq "$(cc -j bfd show dev vif101 | jq -c 'map([.padding, .padded_size])')" \
		"[[\"on\",$mtu],[\"on\",$mtu]]" "padded to the VIF's MTU ($mtu)"
	sleep 2
	check_eq "$(kbfd_identity)" "$before" "same sessions, no Up/Down transition"
	check_eq "$(kbfd | jq -c 'map(.[1])')" '["Up","Up"]' "still Up"
	check_eq "$(nbr $N4 | jq .established)" "$est" "BGP not reset"
	log_test "SIGHUP: intervals (Poll/Final) and padding changed in place, no flap, BGP kept"
}

# Echo from dcvifd.conf (echo-interval, echo-rx-interval): set in place by
# SIGHUP; echo-rx-interval refused by the kernel while the VIF does not
# forward (logged with the kernel's reason, the session keeps what it had),
# taken once it does; off again in place. No flap, BGP kept throughout.
bfd_echo_config() {
	local before est

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	ip netns exec "$CUST" sysctl -qw net.ipv4.conf.vif101.forwarding=0 net.ipv6.conf.all.forwarding=0
	# FRR 8.4's bfdd advertises a Required Min Echo RX (50 ms) even
	# without echo-mode, and leaves the looping to its kernel: the AWS
	# end forwards, as a router does, or our Echo fails (and the session
	# with it, as it should)
	ip netns exec "$AWS" sysctl -qw net.ipv4.conf.a1/101.forwarding=1 net.ipv6.conf.all.forwarding=1
	defer ip netns exec "$AWS" sysctl -qw net.ipv4.conf.a1/101.forwarding=0 net.ipv6.conf.all.forwarding=0
	before=$(kbfd_identity)
	est=$(nbr $N4 | jq .established)
	kecho() { cc -j bfd show dev vif101 | jq -c 'sort_by(.peer) | map([.echo_tx_interval_us, .echo_rx_interval_us])'; }
	dcvifd_conf 300 "echo-interval 200"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$($(declare -f cc kecho); CUST=$CUST DCVIFCTL=$DCVIFCTL kecho) == '[[200000,0],[200000,0]]' ]]" > /dev/null
	check_err $? "echo-interval 200 not in the kernel: $(kecho)"
	busywait 5000 bash -c "[[ \$($(declare -f cc); CUST=$CUST DCVIFCTL=$DCVIFCTL cc -j bfd show dev vif101 | jq -c 'map(.echo_active)') == '[true,true]' ]]" > /dev/null
	check_err $? "Echo not running: $(cc -j bfd show dev vif101 | jq -c 'map([.peer, .echo_active, .remote_echo_rx_us])')"
	log_info "Echo: $(cc -j bfd show dev vif101 | jq -c 'map([.peer, .echo_active, .remote_echo_rx_us, .echo_interval_us])')"
	# the peer's Echo asked for: refused, the VIF does not forward
	dcvifd_conf 300 "echo-interval 200; echo-rx-interval 100"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 grep -q "$N4.*BFD: .*echo-rx-interval: IPv4 forwarding is off on vif101" "$WORK/dcvifd.log"
	check_err $? "no refusal for IPv4 in dcvifd's log: $(grep 'BFD: ' "$WORK/dcvifd.log" | tail -n 2)"
	busywait 5000 grep -q "$N6.*BFD: .*echo-rx-interval: IPv6 forwarding is off in the netns" "$WORK/dcvifd.log"
	check_err $? "no refusal for IPv6 in dcvifd's log"
	check_eq "$(kecho)" '[[200000,0],[200000,0]]' "refused: the sessions keep what they had"
	# IPv4 forwarding on the VIF: taken for IPv4; IPv6 still refused
	ip netns exec "$CUST" sysctl -qw net.ipv4.conf.vif101.forwarding=1
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$($(declare -f cc kecho); CUST=$CUST DCVIFCTL=$DCVIFCTL kecho) == '[[200000,100000],[200000,0]]' ]]" > /dev/null
	check_err $? "echo-rx-interval not taken for IPv4 once the VIF forwards: $(kecho)"
	# off again, in place
	dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$($(declare -f cc kecho); CUST=$CUST DCVIFCTL=$DCVIFCTL kecho) == '[[0,0],[0,0]]' ]]" > /dev/null
	check_err $? "Echo not off: $(kecho)"
	ip netns exec "$CUST" sysctl -qw net.ipv4.conf.vif101.forwarding=0
	sleep 1
	check_eq "$(kbfd_identity)" "$before" "same sessions, no Up/Down transition"
	check_eq "$(kbfd | jq -c 'map(.[1])')" '["Up","Up"]' "still Up"
	check_eq "$(nbr $N4 | jq .established)" "$est" "BGP not reset"
	log_test "dcvifd.conf echo-interval/echo-rx-interval: in place by SIGHUP, refused while the VIF does not forward (logged), no flap"
}

# dcvifd restarted, by SIGTERM and by kill -9: the kernel's sessions are
# adopted (no flap), routes and nexthops stay (keep-on-exit) and are the
# same once BGP is back.
bfd_restart_adopt() {
	local before sig

	RET=0
	for sig in TERM KILL; do
		busywait 30000 both_up > /dev/null || { check_err 1 "not up before $sig"; break; }
		before=$(kbfd_identity)
		kill -"$sig" "$DCVIFD_PID"
		wait "$DCVIFD_PID" 2> /dev/null
		DCVIFD_PID=
		cat "$WORK/dcvifd.log" >> "$WORK/dcvifd.log.old"
		check_eq "$(kbfd | jq -c 'map(.[1])')" '["Up","Up"]' "$sig: the sessions stay Up with dcvifd gone"
		route_is -4 "$PFX4" "$ROUTE4" > /dev/null
		check_err $? "$sig: IPv4 route not kept (keep-on-exit): $(route_of -4 $PFX4)"
		dcvifd_start || { check_err 1 "restart"; break; }
		busywait 30000 both_up > /dev/null
		check_err $? "$sig: not up after the restart: $(neighbor_state $N4) $(route_of -4 $PFX4)"
		check_eq "$(kbfd_identity)" "$before" "$sig: the same kernel sessions, not flapped"
		grep -q "BFD on vif101 adopted (up)" "$WORK/dcvifd.log"
		check_err $? "$sig: adoption not logged"
	done
	log_test "dcvifd restarted (SIGTERM, kill -9): BFD sessions adopted without a flap, FIB right"
}

# strict: BGP only while BFD is Up; FRR's connections are refused meanwhile.
bfd_strict() {
	local est

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	dcvifd_conf 300 "strict yes"
	kill -HUP "$DCVIFD_PID"
	bfd_drop "$AWS" a1.101
	busywait 5000 kbfd_is "$N4" Down > /dev/null
	est=$(nbr $N4 | jq .established)
	sleep 3
	check_eq "$(nbr $N4 | jq -c '[.state, .bfd.holds_bgp, .established]')" "[\"Idle\",true,$est]" \
		"strict: held while BFD is Down"
	grep -q "$N4.*connection refused: BFD holds the session down" "$WORK/dcvifd.log"
	check_err $? "FRR's connection attempts were not refused"
	bfd_pass "$AWS" a1.101
	busywait 20000 both_up > /dev/null
	check_err $? "not up after BFD Up"
	dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	log_test "strict mode: BGP refused while BFD is not Up, up once it is"
}

# The IPv6 neighbor removed by SIGHUP: its session goes (AdminDown to the
# peer), the IPv4 one stays as it is.
# how often bfdd took the IPv6 session down because we said so
bfdd_neighbor_downs() {
	grep -c "peer:2001:db8:ff01::1 .* up -> down reason:neighbor-down" "$FRR_DIR/bfdd.log"
}

bfd_neighbor_removed() {
	local before nd

	RET=0
	busywait 30000 both_up > /dev/null || { check_err 1 "not up at the start: $(kbfd)"; log_test "${FUNCNAME[0]}: precondition"; return; }
	before=$(kbfd_identity | jq -c '.[0]')
	nd=$(bfdd_neighbor_downs)
	NO6=1 dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	busywait 5000 kbfd_count_is 1 > /dev/null
	check_eq "$(kbfd)" "[[\"$N4\",\"Up\",300000,300000,3]]" "only the IPv4 session is left"
	check_eq "$(kbfd_identity | jq -c '.[0]')" "$before" "the IPv4 session untouched"
	busywait 5000 bash -c "(( \$(bfdd_neighbor_downs) > $nd ))" > /dev/null
	check_err $? "bfdd did not hear AdminDown from the deleted session"
	grep -q "BFD on vif101 deleted" "$WORK/dcvifd.log"
	check_err $? "deletion not logged"
	dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	log_test "neighbor removed: its BFD session deleted (AdminDown), the other kept"
}

export -f ctl neighbor_is neighbor_state cc kbfd notifications bfdd_neighbor_downs
export WORK DCVIFCTL FRR_DIR
setup
tests_run
exit "$EXIT_STATUS"
