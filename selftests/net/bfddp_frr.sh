#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvif-bfddp (userspace/bfddp, dcvif-bfddp(8)): FRR 8.4 bgpd + bfdd on the
# customer side with bfdd's data plane in the kernel (bfdd --dplaneaddr,
# dcvif-bfddp connecting to it), over a dcvif VIF, against FRR 8.4 bgpd +
# bfdd (software BFD) on kernel 8021q. BFD 300 ms x 3.
#
#  +------------- $C: FRR AS 65001 ---------------+     +------- $A: FRR AS 64512 -------+
#  | bgpd (neighbor bfd) -- zebra -- bfdd         |     | bgpd (neighbor bfd) -- bfdd    |
#  |            --dplaneaddr unix:$WORK/dp.sock   |     |  (software BFD)                |
#  |                  ^                           |     |                                |
#  |             dcvif-bfddp --genl--> dcvif.ko   |     |                                |
#  | vif101 (dcvif id 101) 169.254.101.1/30       |     |  a1.101 (8021q) 169.254.101.2  |
#  | p1 (veth) -----------------------------------+-----+-- a1 (veth)                    |
#  |                                              |     +--------------------------------+
#  |                                              |     +------- $B: BIRD 2 AS 64513 ----+
#  | vif102 (dcvif id 102) 169.254.102.1/30       |     |  b1.102 (8021q) 169.254.102.2  |
#  | p2 (veth) -----------------------------------+-----+-- b1 (veth)  bgp "bfd on"      |
#  +----------------------------------------------+     +--------------------------------+
#
# What is checked, each by the exact state in bgpd (show bgp neighbor json:
# its BFD status and last reset reason), the kernel (dcvifctl -j bfd show:
# state, discriminator, up/down transitions) and the wire (tcpdump):
#   up                BFD Up in the kernel and in both bgpds, BGP Established,
#                     the C side's BFD packets all the kernel's (one
#                     discriminator), bfdd's own software session silent
#   bfdd_view         vtysh's show bfd peers (VM-NOTES saw "Unknown command":
#                     then skipped) and its counters, which bfdd asks the
#                     data plane for (DP_REQUEST_SESSION_COUNTERS)
#   interval_change   intervals changed from vtysh while Up: the kernel
#                     session changed in place, no transition, no BGP reset
#   far_freeze        kill -STOP of the far bfdd: the kernel session Down,
#                     bgpd's BFD status Down and BGP down (Cease/BFD Down, or
#                     "Interface down" when the VIF's carrier, which BFD
#                     takes at once, gets there first); -CONT: all back
#   bird              the same against BIRD 2 (bgp + protocol bfd): Up and
#                     Established, frozen (kill -STOP): Down, back
#   bfdd_restart      bfdd restarted: dcvif-bfddp reconnects and adopts the
#                     running kernel session, which never leaves Up
#   echo_mode         bfdd's echo-mode on both sides (500 ms): the kernel
#                     session takes echo-tx at once and echo-rx only once
#                     C's VIF forwards (refused with the kernel's reason
#                     before, taken by the 5 s retry after); Echo both
#                     ways, bfdd's counters the kernel's, no flap; A's
#                     forwarding off: Echo Function Failed, bgpd's BFD
#                     Down; on: back; echo-mode off: Echo off, no flap
#   refused           a multihop peer and a peer on a non-VIF interface:
#                     refused with the reason in the log, Down to bfdd
#   bad_input         a fake bfdd sending a stream that cannot be framed and
#                     a short body: a log line each, reconnect, nothing lost

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="up bfdd_view interval_change far_freeze bird bfdd_restart echo_mode refused bad_input clean_exit"
# dcvif-bfddp's own logic, the same on every kernel, and the second far
# end and bfdd's own view (the kernel's part of them is what the FRR cases
# run on both): newest only in the quick lane of make check
NEWEST_ONLY="refused bad_input bird bfdd_view echo_mode"

BFDDP=${BFDDP:-$DCVIF_TOP/userspace/bfddp/build/dcvif-bfddp.san}
CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
C4=169.254.101.1
C4B=169.254.102.1
B4=169.254.102.2
# BFD interval (ms, x 3). 1 s, not AWS's 300 ms: with the host's 2 cores
# oversubscribed by other VMs (load 4.6-5.9) the kernel's TX gaps under TCG
# reached 0.85-1.2 s at 300 ms and the far bfdd declared the session down.
IV=${IV:-1000}
# Echo interval (ms, x 3), both ways, in the echo case
EIV=${EIV:-500}
A4=169.254.101.2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

require_cmd jq tcpdump /usr/lib/frr/bfdd /usr/lib/frr/bgpd python3 bird birdc
[[ -x $BFDDP ]] || { echo "# $BFDDP missing: make -C userspace/bfddp san"; exit 1; }

C=""
A=""
B=""
WORK=""
BFDDP_PID=""

kctl() { ip netns exec "$C" "$CTL" "$@"; }
# The kernel session to $A4, one JSON object
ksess() { kctl -j bfd show dev vif101 peer "$A4" 2> /dev/null | jq -c '.[0] // empty'; }
kfield() { ksess | jq -r ".$1"; }
ksess_b() { kctl -j bfd show dev vif102 peer "$B4" 2> /dev/null | jq -c '.[0] // empty'; }
kfield_b() { ksess_b | jq -r ".$1"; }
birdc_() { ip netns exec "$B" birdc -s "$WORK/bird.ctl" "$@"; }
bird_bfd() { birdc_ show bfd sessions | awk -v a="$C4B" '$1 == a { print $3 }'; }
bird_bgp() { birdc_ show protocols c4 | awk '$1 == "c4" { print $NF }'; }
bgp_json() { frr_vtysh "$1" -c "show bgp neighbors $2 json" | jq -c ".\"$2\""; }
bgp_field() { bgp_json "$1" "$2" | jq -r "$3"; }
bfddp_log_has() { grep -q -- "$1" "$WORK/bfddp.log"; }

# bfdd.conf of a side: the profile bgpd's neighbor uses
bfdd_conf() { # side interval
	cat <<-EOF
	log file $WORK/bfdd-$1.log debugging
	debug bfd peer
	debug bfd zebra
	debug bfd distributed
	bfd
	 profile dc
	  transmit-interval $2
	  receive-interval $2
	  detect-multiplier 3
	 !
	!
	EOF
}

bgpd_conf() { # side as peer peer-as [peer peer-as]...
	local n
	cat <<-EOF
	frr defaults traditional
	hostname $1
	log file $WORK/bgpd-$1.log
	log timestamp precision 3
	!
	router bgp $2
	 bgp log-neighbor-changes
	 bgp router-id ${3%.*}.$((${3##*.} ^ 3))
	 no bgp ebgp-requires-policy
	 neighbor $3 remote-as $4
	 neighbor $3 timers 30 90
	 neighbor $3 timers connect 1
	 neighbor $3 bfd
	 neighbor $3 bfd profile dc
	EOF
	shift 4
	while (($#)); do
		for n in "remote-as $2" "timers 30 90" "timers connect 1" bfd "bfd profile dc"; do
			echo " neighbor $1 $n"
		done
		shift 2
	done
	echo "!"
}

# BIRD 2 as B: BFD 1 s x 3 in protocol bfd (the neighbor line keeps the
# session when BGP goes down: see dcvifd_interop.sh), bgp with "bfd on"
bird_conf() {
	cat <<-EOF
	router id $B4;
	log "$WORK/bird.log" all;
	protocol device { }
	protocol bfd {
		interface "b1.102" { interval $IV ms; multiplier 3; };
		neighbor $C4B dev "b1.102" local $B4;
	}
	protocol bgp c4 {
		local $B4 as 64513;
		neighbor $C4B as 65001;
		interface "b1.102";
		hold time 90;
		keepalive time 30;
		connect retry time 1;
		error wait time 1, 1;
		connect delay time 1;
		bfd on;
		ipv4 { import all; export none; };
	}
	EOF
}

# frr_start NS SIDE [BFDD-ARGS...]: zebra, bfdd, bgpd of a side
frr_start() { # ns side args...
	local ns=$1 side=$2 run=/run/frr/$1
	shift 2
	mkdir -p "$run"
	echo "hostname $side" > "$WORK/zebra-$side.conf"
	bfdd_conf "$side" "$IV" > "$WORK/bfdd-$side.conf"
	chmod 644 "$WORK"/*.conf
	chown -R frr:frr /run/frr "$WORK"
	ip netns exec "$ns" /usr/lib/frr/zebra -d -N "$ns" -f "$WORK/zebra-$side.conf" \
		-u frr -g frr -i "$run/zebra.pid" || return 1
	busywait 5000 test -S "$run/zserv.api" > /dev/null || return 1
	bfdd_start "$ns" "$side" "$@" || return 1
	frr_bgpd_start "$ns" "$WORK/bgpd-$side.conf"
}

bfdd_start() { # ns side args...
	local ns=$1 side=$2 run=/run/frr/$1
	shift 2
	rm -f "$run"/bfdd.*
	ip netns exec "$ns" /usr/lib/frr/bfdd -d -N "$ns" -f "$WORK/bfdd-$side.conf" \
		-u frr -g frr -i "$run/bfdd.pid" "$@" || return 1
	busywait 5000 test -s "$run/bfdd.pid" > /dev/null
}

bfddp_start() {
	ip netns exec "$C" "$BFDDP" -d -a "unix:$WORK/dp.sock" -s "$WORK/bfddp.state" \
		-g 10 -r 200 >> "$WORK/bfddp.log" 2>&1 &
	BFDDP_PID=$!
}

bfddp_stop() {
	[[ -n $BFDDP_PID ]] || return 0
	kill "$BFDDP_PID" 2> /dev/null
	wait "$BFDDP_PID"
	local rc=$?
	BFDDP_PID=""
	# a sanitizer report is a failure, as the exit status says
	return $rc
}

setup() {
	# packet time stamps on from before any traffic (a static key; flipping
	# it with packets in flight has oopsed under TCG: dcvifd_interop.sh)
	ping -q -i 60 127.0.0.1 > /dev/null 2>&1 &
	defer kill $!
	ns_create C A B
	WORK=$(mktemp -d /tmp/bfddp.XXXXXX)
	chmod 755 "$WORK"
	ip link add p1 netns "$C" type veth peer a1 netns "$A"
	ip -n "$C" link set p1 up
	ip -n "$A" link set a1 up
	ip -n "$C" link add link p1 name vif101 type dcvif id 101 vif-type private || return 1
	ip -n "$C" addr add "$C4/30" dev vif101
	ip -n "$C" link set vif101 up
	ip -n "$A" link add link a1 name a1.101 type vlan id 101
	ip -n "$A" addr add "$A4/30" dev a1.101
	ip -n "$A" link set a1.101 up
	ip link add p2 netns "$C" type veth peer b1 netns "$B"
	ip -n "$C" link set p2 up
	ip -n "$B" link set b1 up
	ip -n "$C" link add link p2 name vif102 type dcvif id 102 vif-type private || return 1
	ip -n "$C" addr add "$C4B/30" dev vif102
	ip -n "$C" link set vif102 up
	ip -n "$B" link add link b1 name b1.102 type vlan id 102
	ip -n "$B" addr add "$B4/30" dev b1.102
	ip -n "$B" link set b1.102 up
	# a non-VIF interface for the refused case
	ip -n "$C" link add d0 type dummy
	ip -n "$C" addr add 192.0.2.1/24 dev d0
	ip -n "$C" link set d0 up
	bgpd_conf c 65001 "$A4" 64512 "$B4" 64513 > "$WORK/bgpd-c.conf"
	bird_conf > "$WORK/bird.conf"
	ip netns exec "$B" bird -c "$WORK/bird.conf" -s "$WORK/bird.ctl" -P "$WORK/bird.pid" || return 1
	bgpd_conf a 64512 "$C4" 65001 > "$WORK/bgpd-a.conf"
	# The capture: every BFD control packet on the wire, from the start
	ip netns exec "$A" tcpdump -i a1 -U -nn -w "$WORK/wire.pcap" \
		"vlan 101 and udp port 3784" 2> "$WORK/tcpdump.err" &
	TCPDUMP_PID=$!
	busywait 5000 grep -q "listening on" "$WORK/tcpdump.err" || return 1
	frr_start "$A" a || return 1
	frr_start "$C" c --dplaneaddr "unix:$WORK/dp.sock" || return 1
	busywait 5000 test -S "$WORK/dp.sock" > /dev/null || return 1
	bfddp_start
}

cleanup_all() {
	local ns
	bfddp_stop
	# the logs, for a look after the VM is gone
	if [[ -n $WORK ]]; then
		rm -rf "$DCVIF_TOP/build/bfddp/work-$KVER"
		mkdir -p "$DCVIF_TOP/build/bfddp" &&
			cp -r "$WORK" "$DCVIF_TOP/build/bfddp/work-$KVER" 2> /dev/null
	fi
	[[ -s $WORK/bird.pid ]] && pkill -F "$WORK/bird.pid"
	for ns in "$C" "$A"; do
		[[ -n $ns ]] || continue
		pkill -F "/run/frr/$ns/bgpd.pid" 2> /dev/null
		pkill -F "/run/frr/$ns/bfdd.pid" 2> /dev/null
		pkill -F "/run/frr/$ns/zebra.pid" 2> /dev/null
	done
	[[ -n $TCPDUMP_PID ]] && kill "$TCPDUMP_PID" 2> /dev/null
}

wait_up() {
	busywait 30000 bash -c "[[ \$($(declare -f kctl ksess kfield); C=$C A4=$A4 CTL=$CTL kfield state) == Up ]]" > /dev/null
}

up() {
	local discr n

	RET=0
	[[ $SETUP_OK == 1 ]]
	check_err $? "setup failed"
	busywait 60000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".bgpState') == Established ]]" > /dev/null
	check_err $? "BGP not Established: C $(frr_bgp_state "$C" "$A4")"
	wait_up
	check_err $? "kernel session not up: $(ksess)"
	busywait 10000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".peerBfdInfo.status') == Up ]]" > /dev/null
	check_err $? "bgpd C: BFD not Up: $(bgp_field "$C" "$A4" .peerBfdInfo)"
	check_eq "$(bgp_field "$A" "$C4" .peerBfdInfo.status)" Up "bgpd A: BFD status"
	check_eq "$(bgp_field "$A" "$C4" .bgpState)" Established "bgpd A: BGP"
	check_eq "$(ksess | jq -c '[.dev, .local, .desired_min_tx_us, .required_min_rx_us, .detect_mult, .carrier_coupling]')" \
		"[\"vif101\",\"$C4\",$((IV * 1000)),$((IV * 1000)),3,true]" "kernel session parameters"
	bfddp_log_has "vif101 $A4: kernel session created for bfdd lid"
	check_err $? "no 'kernel session created' in dcvif-bfddp's log"
	# The C side's BFD on the wire: one discriminator, the kernel's
	discr=$(kfield local_discr)
	sleep 1
	# bfdd runs the session itself until a data plane connects: from the
	# kernel's first packet on, only the kernel's
	n=$(tcpdump -r "$WORK/wire.pcap" -nn -v "vlan 101 and src host $C4" 2> /dev/null |
		grep -o 'My Discriminator: 0x[0-9a-f]*' |
		awk -v k="$(printf 'My Discriminator: 0x%08x' "$discr")" '$0 == k { on = 1 } on' | sort | uniq -c |
		awk '{ print ($1 > 3 ? "many" : $1), $4 }')
	check_eq "$n" "$(printf 'many 0x%08x' "$discr")" \
		"BFD sent by C after the kernel's first packet: only the kernel session's discriminator"
	log_info "BFD packets from C before the data plane connected (bfdd's own): $(tcpdump -r "$WORK/wire.pcap" -nn -v "vlan 101 and src host $C4" 2> /dev/null | grep -o 'My Discriminator: 0x[0-9a-f]*' | grep -vc "$(printf '0x%08x' "$discr")")"
	log_info "kernel session $(ksess | jq -c '{state, local_discr, remote_discr, stats: {tx: .stats.tx_packets, rx: .stats.rx_packets}}')"
	log_test "BFD Up (kernel, both bgpds), BGP Established, C's BFD only the kernel's"
}

bfdd_view() {
	local out krx

	RET=0
	out=$(frr_vtysh "$C" -c "show bfd peers json")
	if ! jq -e . > /dev/null 2>&1 <<< "$out"; then
		log_info "vtysh -N $C 'show bfd peers json' answered: $(head -n 2 <<< "$out")"
		skip_test "vtysh does not reach bfdd here" "bfdd's own view: show bfd peers"
		return 0
	fi
	check_eq "$(jq -r ".[] | select(.peer == \"$A4\") | .status" <<< "$out")" up \
		"bfdd's view of the session to A"
	check_eq "$(jq -r ".[] | select(.peer == \"$B4\") | .status" <<< "$out")" up \
		"bfdd's view of the session to BIRD"
	check_eq "$(jq -r ".[] | select(.peer == \"$A4\") | .id" <<< "$out")" \
		"$(grep "vif101 $A4: " "$WORK/bfddp.log" | grep -o 'lid [0-9]*' | tail -n1 | awk '{ print $2 }')" \
		"bfdd's id is the lid dcvif-bfddp was given"
	krx=$(kfield stats.rx_packets)
	out=$(frr_vtysh "$C" -c "show bfd peer $A4 counters json")
	log_info "bfdd counters: $(jq -c . <<< "$out") (kernel rx_packets before: $krx)"
	(($(jq -r '."control-packet-input"' <<< "$out") >= krx))
	check_err $? "bfdd's control-packet-input below the kernel's rx_packets read before"
	(($(jq -r '."control-packet-output"' <<< "$out") > 0))
	check_err $? "bfdd's control-packet-output 0"
	log_test "bfdd's own view: show bfd peers Up, counters from the kernel"
}

interval_change() {
	local up0 dn0 est0 bup0

	RET=0
	wait_up
	check_err $? "not up at start"
	up0=$(kfield stats.up_transitions)
	dn0=$(kfield stats.down_transitions)
	est0=$(bgp_field "$C" "$A4" .connectionsEstablished)
	bup0=$(kfield_b stats.up_transitions)/$(kfield_b stats.down_transitions)
	frr_vtysh "$C" -c "configure terminal" -c "bfd" -c "profile dc" \
		-c "transmit-interval $((IV * 8 / 10))" -c "receive-interval $((IV * 9 / 10))" -c "detect-multiplier 4" > /dev/null
	busywait 5000 bash -c "[[ \$($(declare -f kctl ksess); C=$C A4=$A4 CTL=$CTL ksess | jq -c '[.desired_min_tx_us, .required_min_rx_us, .detect_mult]') == '[$((IV * 800)),$((IV * 900)),4]' ]]" > /dev/null
	check_err $? "kernel intervals not changed: $(ksess | jq -c '[.desired_min_tx_us, .required_min_rx_us, .detect_mult]')"
	bfddp_log_has "vif101 $A4: changed in place: tx $((IV * 800)) rx $((IV * 900)) us, mult 4"
	check_err $? "no 'changed in place' in dcvif-bfddp's log"
	sleep 2	# poll sequence and a few packets at the new rate
	check_eq "$(kfield state)" Up "kernel state after the change"
	check_eq "$(kfield stats.up_transitions)/$(kfield stats.down_transitions)" "$up0/$dn0" \
		"kernel transitions up/down (a flap)"
	check_eq "$(bgp_field "$C" "$A4" .connectionsEstablished)" "$est0" "BGP connections established"
	check_eq "$(bgp_field "$C" "$A4" .peerBfdInfo.status)" Up "bgpd C: BFD status"
	check_eq "$(bgp_field "$A" "$C4" .peerBfdInfo.status)" Up "bgpd A: BFD status"
	# the same profile drives the session to BIRD
	check_eq "$(ksess_b | jq -c '[.state, .desired_min_tx_us, .required_min_rx_us, .detect_mult]')" \
		"[\"Up\",$((IV * 800)),$((IV * 900)),4]" "kernel session to BIRD"
	check_eq "$(kfield_b stats.up_transitions)/$(kfield_b stats.down_transitions)" "$bup0" \
		"kernel session to BIRD: transitions up/down (a flap)"
	check_eq "$(bird_bfd)" Up "BIRD's BFD session"
	log_test "intervals changed from vtysh while Up: in place, no flap (FRR and BIRD far ends)"
}

far_freeze() {
	local t0 t1 det

	RET=0
	wait_up
	check_err $? "not up at start"
	det=$(kfield detect_time_us)
	t0=$(date +%s%N)
	log_info "far bfdd stopped at $(date -u +%T.%3N)"
	kill -STOP "$(cat "/run/frr/$A/bfdd.pid")"
	busywait 10000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".bgpState') != Established ]]" > /dev/null
	check_err $? "bgpd C still Established after the far bfdd froze"
	t1=$(date +%s%N)
	check_eq "$(kfield state)" Down "kernel state, far bfdd frozen"
	check_eq "$(kfield diag)" "Control Detection Time Expired" "kernel diag, far bfdd frozen"
	busywait 5000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".peerBfdInfo.status') == Down ]]" > /dev/null
	check_err $? "bgpd C: BFD status not Down: $(bgp_field "$C" "$A4" .peerBfdInfo)"
	log_info "far bfdd frozen: bgpd C left Established $(((t1 - t0) / 1000000)) ms after the STOP (vtysh polls included; detection time $((det / 1000)) ms)"
	log_info "dcvif-bfddp: $(grep "vif101 $A4: kernel session Down" "$WORK/bfddp.log" | tail -n1)"
	log_info "bgpd C: $(grep 'ADJCHANGE.*Down' "$WORK/bgpd-c.log" | tail -n1)"
	kill -CONT "$(cat "/run/frr/$A/bfdd.pid")"
	wait_up
	check_err $? "kernel session not back up: $(ksess)"
	busywait 60000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".bgpState') == Established ]]" > /dev/null
	check_err $? "BGP not back: $(frr_bgp_state "$C" "$A4")"
	check_eq "$(bgp_field "$C" "$A4" .peerBfdInfo.status)" Up "bgpd C: BFD status after resume"
	log_test "far bfdd frozen: BFD Down in the kernel and in bgpd, BGP down; back on resume"
}

# Restart C's bfdd (SIGTERM, start): the kernel session and the far end
# see nothing; bgpd C resets BGP (bfdd 8.4 answers bgpd's registration with
# the new session's Down before dcvif-bfddp's Up reaches it; see
# dcvif-bfddp(8)), which is reported, not asserted.
bird() {
	local pid

	RET=0
	busywait 30000 bash -c "[[ \$($(declare -f kctl ksess_b kfield_b); C=$C B4=$B4 CTL=$CTL kfield_b state) == Up ]]" > /dev/null
	check_err $? "kernel session to BIRD not Up: $(ksess_b)"
	busywait 30000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $B4 json' 2>/dev/null | jq -r '.\"$B4\" | .bgpState + .peerBfdInfo.status') == EstablishedUp ]]" > /dev/null
	check_err $? "bgpd C to BIRD: $(bgp_json "$C" "$B4" | jq -c '[.bgpState, .peerBfdInfo]')"
	check_eq "$(bird_bfd)" Up "BIRD's BFD session"
	check_eq "$(bird_bgp)" Established "BIRD's BGP"
	pid=$(cat "$WORK/bird.pid")
	log_info "BIRD stopped at $(date -u +%T.%3N)"
	kill -STOP "$pid"
	busywait 15000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $B4 json' 2>/dev/null | jq -r '.\"$B4\" | .bgpState + .peerBfdInfo.status') != EstablishedUp ]]" > /dev/null
	check_err $? "bgpd C to BIRD: still Established with BFD Up after BIRD froze"
	busywait 5000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $B4 json' 2>/dev/null | jq -r '.\"$B4\".peerBfdInfo.status') == Down ]]" > /dev/null
	check_err $? "bgpd C: BFD status to BIRD not Down"
	check_eq "$(kfield_b state)" Down "kernel session to BIRD, BIRD frozen"
	log_info "dcvif-bfddp: $(grep "vif102 $B4: kernel session Down" "$WORK/bfddp.log" | tail -n1)"
	log_info "bgpd C: $(grep "ADJCHANGE: neighbor $B4.*Down" "$WORK/bgpd-c.log" | tail -n1)"
	kill -CONT "$pid"
	busywait 60000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $B4 json' 2>/dev/null | jq -r '.\"$B4\" | .bgpState + .peerBfdInfo.status') == EstablishedUp ]]" > /dev/null
	check_err $? "bgpd C to BIRD not back: $(bgp_json "$C" "$B4" | jq -c '[.bgpState, .peerBfdInfo]')"
	check_eq "$(kfield_b state)" Up "kernel session to BIRD after resume"
	check_eq "$(bird_bfd)" Up "BIRD's BFD session after resume"
	log_test "BIRD 2 far end: BFD Up, Established; frozen: Down in the kernel and bgpd; back"
}

bfdd_restart() {
	local discr up0 dn0 est0 pid fa0 bb0

	RET=0
	wait_up
	check_err $? "not up at start"
	discr=$(kfield local_discr)
	up0=$(kfield stats.up_transitions)
	dn0=$(kfield stats.down_transitions)
	est0=$(bgp_field "$C" "$A4" .connectionsEstablished)
	fa0=$(grep -c "state-change: .*peer:$C4 " "$WORK/bfdd-a.log")
	bb0=$(kfield_b local_discr)/$(kfield_b stats.up_transitions)/$(kfield_b stats.down_transitions)
	cp "$WORK/bfddp.log" "$WORK/bfddp.log.1"
	pid=$(cat "/run/frr/$C/bfdd.pid")
	kill "$pid"
	busywait 5000 bash -c "! kill -0 $pid 2>/dev/null"
	check_err $? "bfdd did not stop"
	busywait 5000 bash -c "diff $WORK/bfddp.log.1 $WORK/bfddp.log | grep -q 'bfdd connection lost'"
	check_err $? "dcvif-bfddp did not see bfdd go"
	sleep $((IV * 3 / 1000 + 1))	# bfdd away longer than a detection time
	check_eq "$(kfield state)" Up "kernel state while bfdd is away"
	bfdd_start "$C" c --dplaneaddr "unix:$WORK/dp.sock"
	check_err $? "bfdd restart"
	busywait 30000 bash -c "diff $WORK/bfddp.log.1 $WORK/bfddp.log | grep -q 'vif101 $A4: adopted the running kernel session for bfdd lid .*, Up'"
	check_err $? "dcvif-bfddp did not adopt the kernel session"
	busywait 30000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\" | .bgpState + .peerBfdInfo.status') == EstablishedUp ]]" > /dev/null
	check_err $? "bgpd C: not Established with BFD Up after bfdd's restart: $(bgp_json "$C" "$A4" | jq -c '[.bgpState, .peerBfdInfo]')"
	check_eq "$(kfield local_discr)" "$discr" "kernel session's discriminator (a new session)"
	check_eq "$(kfield state)" Up "kernel state after bfdd's restart"
	check_eq "$(kfield stats.up_transitions)/$(kfield stats.down_transitions)" "$up0/$dn0" \
		"kernel transitions up/down across the restart (a flap)"
	check_eq "$(grep -c "state-change: .*peer:$C4 " "$WORK/bfdd-a.log")" "$fa0" \
		"far bfdd's state changes across the restart"
	check_eq "$(bgp_field "$A" "$C4" .peerBfdInfo.status)" Up "bgpd A: BFD status"
	busywait 20000 bash -c "diff $WORK/bfddp.log.1 $WORK/bfddp.log | grep -q 'vif102 $B4: adopted the running kernel session for bfdd lid .*, Up'"
	check_err $? "dcvif-bfddp did not adopt the kernel session to BIRD"
	check_eq "$(kfield_b local_discr)/$(kfield_b stats.up_transitions)/$(kfield_b stats.down_transitions)" "$bb0" \
		"kernel session to BIRD: discriminator/up/down across the restart"
	check_eq "$(bird_bfd)" Up "BIRD's BFD session after bfdd's restart"
	log_info "bgpd C after bfdd's restart: $(bgp_json "$C" "$A4" | jq -c '{bgpState, connectionsEstablished, lastResetDueTo}') (before: $est0 established)"
	diff "$WORK/bfddp.log.1" "$WORK/bfddp.log" | grep '^> [0-9:.]* [iwe]' | sed 's/^> /# /'
	log_test "bfdd restarted: dcvif-bfddp adopts, the kernel session and the far end see no flap"
}

# bfdd's echo-mode, run by the kernel (dcvif-bfddp(8), "Echo").
echo_mode() {
	local up0 dn0 out ctr0 t0

	RET=0
	wait_up
	check_err $? "not up at start"
	# C's VIFs do not forward (yet); A's 8021q device does: it loops ours
	ip netns exec "$C" sysctl -qw net.ipv4.conf.vif101.forwarding=0 net.ipv4.conf.vif102.forwarding=0
	ip netns exec "$A" sysctl -qw net.ipv4.conf.a1/101.forwarding=1
	up0=$(kfield stats.up_transitions)
	dn0=$(kfield stats.down_transitions)
	cp "$WORK/bfddp.log" "$WORK/bfddp.log.2"
	for side in "$A" "$C"; do
		frr_vtysh "$side" -c "configure terminal" -c "bfd" -c "profile dc" -c "echo-mode" \
			-c "echo transmit-interval $EIV" -c "echo receive-interval $EIV" > /dev/null
	done
	busywait 10000 bash -c "diff $WORK/bfddp.log.2 $WORK/bfddp.log | grep -q 'vif101 $A4: echo-rx-interval $((EIV * 1000)) us refused by the kernel: .*IPv4 forwarding is off on.*; the peer.s Echo packets are not looped'"
	check_err $? "no refusal of echo-rx-interval in dcvif-bfddp's log: $(diff "$WORK/bfddp.log.2" "$WORK/bfddp.log" | grep vif101)"
	busywait 10000 bash -c "[[ \$($(declare -f kctl ksess); C=$C A4=$A4 CTL=$CTL ksess | jq -c '[.state, .echo_tx_interval_us, .echo_rx_interval_us, .echo_active]') == '[\"Up\",$((EIV * 1000)),0,true]' ]]" > /dev/null
	check_err $? "kernel session, forwarding off: $(ksess | jq -c '[.state, .echo_tx_interval_us, .echo_rx_interval_us, .echo_active]') (want Up, echo tx $((EIV * 1000)), rx 0, active)"
	check_eq "$(kfield remote_echo_rx_us)" $((EIV * 1000)) "A's bfdd advertises Required Min Echo RX"
	# forwarding on: the retry (every 5 s) takes what bfdd asked
	ip netns exec "$C" sysctl -qw net.ipv4.conf.vif101.forwarding=1
	busywait 15000 bash -c "diff $WORK/bfddp.log.2 $WORK/bfddp.log | grep -q 'vif101 $A4: echo as bfdd asked now taken by the kernel: tx $((EIV * 1000)) rx $((EIV * 1000)) us'"
	check_err $? "echo-rx not taken after forwarding came on"
	check_eq "$(kfield echo_rx_interval_us)" $((EIV * 1000)) "kernel echo-rx-interval"
	# A's bfdd sends Echo now and gets it back through our forwarding
	busywait 15000 bash -c "(( \$(ip netns exec $A vtysh -N $A -c 'show bfd peer $C4 counters json' 2> /dev/null | jq -r '.\"echo-packet-input\"') > 2 ))"
	check_err $? "A's bfdd's Echo not back through C's forwarding: $(frr_vtysh "$A" -c "show bfd peer $C4 counters json" | jq -c .)"
	ctr0=$(kfield stats.echo_rx_packets)
	sleep 2
	(($(kfield stats.echo_rx_packets) > ctr0))
	check_err $? "kernel echo_rx_packets not growing ($ctr0, then $(kfield stats.echo_rx_packets))"
	out=$(frr_vtysh "$C" -c "show bfd peer $A4 counters json")
	log_info "C's bfdd counters (the kernel's): $(jq -c . <<< "$out"); kernel $(ksess | jq -c '{echo_tx: .stats.echo_tx_packets, echo_rx: .stats.echo_rx_packets}')"
	# bfdd 8.4 shows echo-packet-output from the message's echo output
	# bytes field (bfd_dplane.c), which is 0: the kernel counts packets
	check_eq "$(jq -r '."echo-packet-input"' <<< "$out")" \
		"$(($(jq -r '."echo-packet-input"' <<< "$out") > 0 ? $(jq -r '."echo-packet-input"' <<< "$out") : -1))" \
		"C's bfdd: echo-packet-input (the kernel's echo_rx_packets) above 0"
	check_eq "$(kfield stats.up_transitions)/$(kfield stats.down_transitions)" "$up0/$dn0" \
		"kernel transitions up/down while Echo came on (a flap)"
	check_eq "$(bgp_field "$C" "$A4" .peerBfdInfo.status)" Up "bgpd C: BFD status with Echo"
	# BIRD advertises no Echo RX: no Echo to it, still Up
	check_eq "$(ksess_b | jq -c '[.state, .echo_active]')" '["Up",false]' "kernel session to BIRD (no Echo RX there)"
	# A's forwarding off: our Echo fails. The session goes Down (Echo
	# Function Failed) and comes Up again by Control packets, which RFC
	# 5880 allows; the VIF's carrier stays off until an Echo comes back,
	# and that takes BGP down (bfdd's Down, then bgpd's fast external
	# failover on the interface) and keeps it down.
	t0=$(date +%s%N)
	ip netns exec "$A" sysctl -qw net.ipv4.conf.a1/101.forwarding=0
	busywait 15000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\".bgpState') != Established ]]" > /dev/null
	check_err $? "bgpd C still Established with A's forwarding off"
	log_info "A's forwarding off: bgpd C left Established $((($(date +%s%N) - t0) / 1000000)) ms later (echo detection $((EIV * 3)) ms, vtysh polls included)"
	check_eq "$(kfield last_down_diag)" "Echo Function Failed" "kernel: why the session went Down"
	busywait 5000 grep -q "state-change: \[data plane: .*peer:$A4 .*up -> down" "$WORK/bfdd-c.log"
	check_err $? "C's bfdd was not told Down"
	sleep 3
	check_eq "$(ip -n "$C" -j link show vif101 | jq -r '.[0].flags | index("LOWER_UP") != null')" false \
		"vif101's carrier 3 s later (held until an Echo comes back)"
	check_eq "$(bgp_field "$C" "$A4" .bgpState)" "$(bgp_field "$C" "$A4" .bgpState | grep -v Established)" "bgpd C 3 s later (not Established)"
	log_info "kernel session 3 s later: $(ksess | jq -c '{state, last_down_diag, echo_active, up: .stats.up_transitions, down: .stats.down_transitions}')"
	ip netns exec "$A" sysctl -qw net.ipv4.conf.a1/101.forwarding=1
	busywait 60000 bash -c "[[ \$(ip netns exec $C vtysh -N $C -c 'show bgp neighbors $A4 json' 2>/dev/null | jq -r '.\"$A4\" | .bgpState + .peerBfdInfo.status') == EstablishedUp ]]" > /dev/null
	check_err $? "bgpd C not back with A's forwarding on: $(bgp_json "$C" "$A4" | jq -c '[.bgpState, .peerBfdInfo]')"
	check_eq "$(ksess | jq -c '[.state, .echo_active]')" '["Up",true]' "kernel session back, Echo running"
	check_eq "$(ip -n "$C" -j link show vif101 | jq -r '.[0].flags | index("LOWER_UP") != null')" true "vif101's carrier back"
	# echo-mode off: Echo off in place
	up0=$(kfield stats.up_transitions)
	dn0=$(kfield stats.down_transitions)
	for side in "$C" "$A"; do
		frr_vtysh "$side" -c "configure terminal" -c "bfd" -c "profile dc" -c "no echo-mode" > /dev/null
	done
	busywait 10000 bash -c "[[ \$($(declare -f kctl ksess); C=$C A4=$A4 CTL=$CTL ksess | jq -c '[.echo_tx_interval_us, .echo_rx_interval_us, .echo_active]') == '[0,0,false]' ]]" > /dev/null
	check_err $? "Echo not off in the kernel: $(ksess | jq -c '[.echo_tx_interval_us, .echo_rx_interval_us, .echo_active]')"
	sleep 2
	check_eq "$(kfield state)/$(kfield stats.up_transitions)/$(kfield stats.down_transitions)" "Up/$up0/$dn0" \
		"kernel state/up/down after echo-mode off (a flap)"
	diff "$WORK/bfddp.log.2" "$WORK/bfddp.log" | grep '^> [0-9:.]* [iw].*\(echo\|Echo\)' | sed 's/^> /# /'
	ip netns exec "$C" sysctl -qw net.ipv4.conf.vif101.forwarding=0
	ip netns exec "$A" sysctl -qw net.ipv4.conf.a1/101.forwarding=0
	log_test "bfdd echo-mode in the kernel: echo-rx refused until C forwards, then taken; Echo both ways; A's forwarding off: Echo Function Failed, bgpd Down; back; off in place"
}

refused() {
	RET=0
	frr_vtysh "$C" -c "configure terminal" -c "bfd" \
		-c "peer 198.51.100.9 multihop local-address $C4" -c "exit" \
		-c "peer 192.0.2.2 local-address 192.0.2.1 interface d0" > /dev/null
	busywait 5000 bfddp_log_has "(- 198.51.100.9) refused: multihop: the kernel runs single-hop BFD (RFC 5881) on a VIF only; told bfdd Down"
	check_err $? "multihop peer: no refusal in the log"
	busywait 5000 bfddp_log_has "(d0 192.0.2.2) refused: Error: .*; told bfdd Down"
	check_err $? "peer on d0: no refusal in the log"
	check_eq "$(kctl -j bfd show | jq -c '[.[].peer] | sort')" "[\"$A4\",\"$B4\"]" "kernel sessions: only the VIFs'"
	frr_vtysh "$C" -c "configure terminal" -c "bfd" \
		-c "no peer 198.51.100.9 multihop local-address $C4" \
		-c "no peer 192.0.2.2 local-address 192.0.2.1 interface d0" > /dev/null
	check_eq "$(kfield state)" Up "the VIF's session"
	grep 'refused' "$WORK/bfddp.log" | sed 's/^/# /'
	log_test "multihop and a non-VIF interface refused, with the reason logged"
}

# A fake bfdd on its own socket: a second dcvif-bfddp connects to it
bad_input() {
	local fake=$WORK/fake.sock log=$WORK/bfddp-fake.log pid fpid

	RET=0
	cat > "$WORK/fake.py" <<-'EOF'
	import socket, struct, sys, time
	path = sys.argv[1]
	srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
	srv.bind(path)
	srv.listen(1)
	def add(ver, length, lid):
	    body = struct.pack("!I16s16sIIIIIIBBHI64s", 0, socket.inet_aton("169.254.101.1"),
	                       socket.inet_aton("169.254.101.3"), lid, 300000, 300000, 0, 0, 0,
	                       255, 3, 0, 0, b"vif101")
	    body = body[:length - 8]
	    return struct.pack("!BBHHH", ver, 0, 2, 0, length) + body
	# 1: a header that cannot be framed
	c, _ = srv.accept()
	c.sendall(struct.pack("!BBHHH", 7, 0, 2, 0, 140) + b"\0" * 132)
	print("closed" if c.recv(100) == b"" else "open", flush=True)
	c.close()
	# 2: a short body, then a good one, then a counters request
	c, _ = srv.accept()
	c.sendall(add(1, 100, 42) + add(1, 140, 43) + struct.pack("!BBHHHI", 1, 0, 5, 0x77, 12, 43))
	data = b""
	while len(data) < 80:
	    data += c.recv(1000)
	ver, _, typ, mid, length, lid = struct.unpack("!BBHHHI", data[:12])
	print("counters", ver, typ, hex(mid), length, lid, flush=True)
	time.sleep(0.5)
	c.close()
	EOF
	ip netns exec "$C" python3 "$WORK/fake.py" "$fake" > "$WORK/fake.out" 2>&1 &
	fpid=$!
	busywait 5000 test -S "$fake" > /dev/null
	ip netns exec "$C" "$BFDDP" -a "unix:$fake" -s "$WORK/fake.state" -g 1 -r 200 > "$log" 2>&1 &
	pid=$!
	busywait 10000 grep -q '^counters' "$WORK/fake.out"
	check_err $? "the fake bfdd got no counters: $(cat "$WORK/fake.out")"
	wait "$fpid"
	check_eq "$(head -n1 "$WORK/fake.out")" closed "dcvif-bfddp closed an unframed stream"
	check_eq "$(sed -n 2p "$WORK/fake.out")" "counters 1 6 0x77 80 43" \
		"the counters reply (version, type, id, length, lid)"
	grep -q "error: bfdd's stream cannot be framed at header 07 00 00 02 00 00 00 8c : unsupported protocol version; reconnecting" "$log"
	check_err $? "no log line for the unframed stream"
	grep -q "error: bfdd sent a bad message (version 1 type 2 length 100): session body shorter than 132 bytes; skipped" "$log"
	check_err $? "no log line for the short body"
	grep -q "vif101 169.254.101.3: kernel session created for bfdd lid 43" "$log"
	check_err $? "the good message after the bad one not handled"
	kill "$pid"
	wait "$pid"
	check_err $? "second dcvif-bfddp exited non-zero (sanitizer?)"
	# it leaves its session running, as on any exit
	check_eq "$(kctl -j bfd show | jq -c '[.[].peer] | sort')" "[\"$A4\",\"169.254.101.3\",\"$B4\"]" \
		"kernel sessions after the fake bfdd"
	kctl bfd del dev vif101 peer 169.254.101.3
	sed 's/^/# /' "$log"
	log_test "bad input: unframed stream and short body logged, reconnect, the rest handled"
}

# dcvif-bfddp's exit: status 0 (no sanitizer report), the kernel session
# still running and in the state file
clean_exit() {
	RET=0
	bfddp_stop
	check_err $? "dcvif-bfddp exited non-zero (sanitizer?)"
	check_eq "$(kfield state)" Up "kernel session after dcvif-bfddp's exit"
	grep -q "^$(kfield ifindex) inet $A4 $C4\$" "$WORK/bfddp.state"
	check_err $? "state file: $(cat "$WORK/bfddp.state")"
	log_test "dcvif-bfddp exits cleanly (sanitizers), the kernel session stays"
}

defer cleanup_all
dcvif_load || exit 1
SETUP_OK=0
setup && SETUP_OK=1
tests_run
exit "$EXIT_STATUS"
