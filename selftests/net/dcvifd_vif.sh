#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd makes the VIFs of its vif blocks: one block, as AWS describes a
# virtual interface (lower, VLAN, type, MTU, our and AWS's addresses, ASN,
# MD5 key, BFD), gives the VIF over rtnetlink, its addresses, its kernel
# BFD sessions and its IPv4 and IPv6 neighbors. It adopts them across a
# restart without a flap, applies only the difference on SIGHUP, makes a
# VIF again that was deleted under it or whose lower appeared late, and
# reports the kernel's refusal (extack) in its log, `dcvifd -n` and
# `dcvifctl show vifs`. `dcvifctl show vifs` joins the kernel, BFD and BGP;
# `dcvifctl monitor` prints BGP session changes next to the kernel's events.
# The "AWS" end is FRR 8.4 bgpd + bfdd over kernel 8021q.
#
#  +------------ $CUST: dcvifd AS 65001 ------------+     +------- $AWS: FRR bgpd + bfdd AS 64512 -------+
#  | vif101: vif block (VLAN 101, private, 9001)    |     |    a1.101 (8021q id 101, 9001)                |
#  |   169.254.101.1/30   2001:db8:ff01::1/125      |     |   169.254.101.2/30   2001:db8:ff01::2/125     |
#  |   BFD 300 ms x 3, BGP v4 + v6, MD5             |     |   bfdd, bgpd neighbor bfd                     |
#  | vif102: added by SIGHUP (VLAN 102, 1500)       |     |    a1.102 (8021q id 102)                      |
#  |   169.254.102.1/30                             |     |   169.254.102.2/30                            |
#  | p1 (veth, 9001) -------------------------------+-----+--------------------------- a1 (veth, 9001)   |
#  | p2 (veth, 1500): a lower too small for jumbo   |     | lo: 198.51.100.1/32 2001:db8:200::1/128,      |
#  | dcvifctl monitor -j -> $WORK/monitor.json      |     |   announced as 198.51.100.0/24, ::/48         |
#  +------------------------------------------------+     +-----------------------------------------------+

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="
	vif_create
	vif_show
	vif_monitor
	vif_sighup
	vif_deleted
	vif_refused
	vif_restart_adopt
"
# vif_restart_adopt last: the dcvifd it starts is stopped with its scope

P_AS=64512
PFX4=198.51.100.0/24
PFX6=2001:db8:200::/48
N4=169.254.101.2
N6=2001:db8:ff01::2
N102=169.254.102.2

cc() { ip netns exec "$CUST" "$DCVIFCTL" -s "$WORK/dcvifd.sock" "$@"; }

frr_conf() {
	frr_bgp_conf -p "$PFX4" -p "$PFX6" -r "coalesce-time 100" \
		-n "advertisement-interval 0" \
		169.254.101.1/169.254.101.2 2001:db8:ff01::1/2001:db8:ff01::2 \
		169.254.102.1/169.254.102.2 |
		sed "s/^ neighbor \(169.254.101.1\|2001:db8:ff01::1\) timers connect 1$/&\n neighbor \1 bfd/"
}

# vif_block NAME VLAN MTU [V6] [EXTRA]: a vif block on p1 (LOWER= another)
vif_block() { # name vlan mtu [v6] [extra]
	cat <<-EOF
	vif $1 {
		lower ${LOWER:-p1}
		vlan $2
		type private
		mtu $3
		address 169.254.$2.1/30
		aws-address 169.254.$2.2
	EOF
	[[ ${4:-} == v6 ]] && printf '\taddress6 2001:db8:ff01::1/125\n\taws-address6 2001:db8:ff01::2\n'
	cat <<-EOF
		remote-as $P_AS
		password "$KEY"
		connect-retry 1
		${5:-}
	}
	EOF
}

# dcvifd_conf [BLOCK...]: the global part, then the given vif blocks
# (default: vif101 as at the start).
dcvifd_conf() {
	{
		cat <<-EOF
		router-id 169.254.101.1
		local-as $D_AS
		control-socket "$WORK/dcvifd.sock"
		fib {
			keep-on-exit yes
			stale-time 30
		}
		bfd { interval 300; multiplier 3 }
		EOF
		if (($# == 0)); then
			vif_block vif101 101 9001 v6 "bfd yes"
		else
			printf '%s\n' "$@"
		fi
	} > "$WORK/dcvifd.conf"
}

setup() {
	dcvif_load || exit 1
	modprobe cls_flower && modprobe act_gact || exit 1
	require_cmd jq /usr/lib/frr/bgpd /usr/lib/frr/bfdd
	[[ -x $DCVIFD && -x $DCVIFCTL ]] ||
		{ echo "# $DCVIFD or $DCVIFCTL missing: make userspace"; exit 1; }
	ns_create CUST AWS || exit 1
	D=$CUST
	ns_no_dad "$AWS"
	WORK=$(mktemp -d /tmp/dcvifd-vif.XXXXXX)
	chmod 755 "$WORK"
	defer rm -rf "$WORK"
	[[ -n ${KEEP:-} ]] && defer eval 'mkdir -p "$KEEP" && cp -a "$WORK"/. "$FRR_DIR"/*.log "$KEEP"/'

	ip -n "$CUST" link add p1 mtu 9001 type veth peer name a1 mtu 9001 netns "$AWS"
	ip -n "$CUST" link add p2 type veth peer name a2 netns "$AWS"
	ip -n "$CUST" link set p1 up
	ip -n "$CUST" link set p2 up
	ip -n "$AWS" link set a1 up
	ip -n "$AWS" link set a2 up
	ip -n "$AWS" link add link a1 name a1.101 mtu 9001 type vlan id 101
	ip -n "$AWS" link add link a1 name a1.102 type vlan id 102
	ip -n "$AWS" addr add 169.254.101.2/30 dev a1.101
	ip -n "$AWS" addr add 2001:db8:ff01::2/125 dev a1.101
	ip -n "$AWS" addr add 169.254.102.2/30 dev a1.102
	ip -n "$AWS" addr add 198.51.100.1/32 dev lo
	ip -n "$AWS" addr add 2001:db8:200::1/128 dev lo
	ip -n "$AWS" link set a1.101 up
	ip -n "$AWS" link set a1.102 up
	tc -n "$AWS" qdisc add dev a1.101 clsact
	wait_oper_up "$AWS" a1.101 a1.102 || exit 1

	ip netns exec "$CUST" "$DCVIFCTL" -s "$WORK/dcvifd.sock" -j monitor \
		> "$WORK/monitor.json" 2> "$WORK/monitor.err" &
	defer kill $!
	frr_bfdd_start "$AWS" a1.101 300 || exit 1
	frr_conf > "$FRR_DIR/bgpd.conf"
	frr_bgpd_start "$AWS" "$FRR_DIR/bgpd.conf" || exit 1
	dcvifd_conf
	# the VIF does not exist before dcvifd: it makes it
	ip -n "$CUST" link show vif101 &> /dev/null && { echo "# vif101 exists before dcvifd"; exit 1; }
	dcvifd_start || exit 1
}

# --- observing ---------------------------------------------------------------

link_json() { ip -n "$CUST" -j -d link show "$1" 2> /dev/null | jq -c '.[0]'; }
# what the kernel has of a VIF: kind, VLAN, type, MTU, lower, up
vif_kernel() { # dev
	link_json "$1" | jq -c '[.linkinfo.info_kind, .linkinfo.info_data.id,
		.linkinfo.info_data.vif_type, .mtu, .link, (.flags | index("UP") != null)]'
}
ifindex_of() { link_json "$1" | jq -r '.ifindex // "none"'; }
# its addresses, sorted: "ADDR/LEN"
vif_addrs() { # dev
	ip -n "$CUST" -j addr show dev "$1" scope global |
		jq -c '[.[0].addr_info[] | select(.local) | "\(.local)/\(.prefixlen)"] | sort'
}
kbfd() {
	cc -j bfd show dev vif101 | jq -c 'sort_by(.peer) | map([.peer, .state])'
}
kbfd_identity() {
	cc -j bfd show dev vif101 |
		jq -c 'sort_by(.peer) | map([.peer, .local_discr, .stats.up_transitions, .stats.down_transitions])'
}
all_up() {
	[[ $(kbfd) == "[[\"$N4\",\"Up\"],[\"$N6\",\"Up\"]]" ]] &&
		neighbor_is "$N4" Established && neighbor_is "$N6" Established &&
		route_is -4 "$PFX4" "* $RTPROT single:vif101" > /dev/null &&
		route_is -6 "$PFX6" "* $RTPROT single:vif101" > /dev/null
}
exists() { ip -n "$CUST" link show "$1" &> /dev/null; }
gone() { ! exists "$1"; }
# a row of `dcvifctl show vifs -j`
vifs_row() { # vif jq-expr
	cc -j show vifs | jq -c ".[] | select(.vif == \"$1\") | $2"
}
log_has() { grep -qF -- "$1" "$WORK/dcvifd.log"; }

# --- cases -------------------------------------------------------------------

# One vif block: the VIF, its addresses, BFD and both sessions.
vif_create() {
	RET=0
	busywait 40000 all_up > /dev/null
	check_err $? "not all up: bfd $(kbfd) v4 $(neighbor_state $N4) v6 $(neighbor_state $N6) $(route_of -4 $PFX4)"
	check_eq "$(vif_kernel vif101)" '["dcvif",101,"private",9001,"p1",true]' "the VIF as the block says"
	check_eq "$(vif_addrs vif101)" '["169.254.101.1/30","2001:db8:ff01::1/125"]' "its addresses"
	log_has "vif vif101: created on p1, VLAN 101, private, MTU 9001"
	check_err $? "creation not logged"
	log_test "vif block: the VIF made over rtnetlink (VLAN, type, MTU), addresses, BFD, IPv4 and IPv6 BGP"
}

# dcvifctl show vifs: kernel, BFD and BGP in one row.
vif_show() {
	local row

	RET=0
	busywait 30000 all_up > /dev/null || check_err 1 "not up"
	row=$(vifs_row vif101 '[.lower, .vlan, .type, .mtu, .carrier, .managed, .ready,
		(.bfd | map(.state) | sort), (.bgp | map([.neighbor, .state, .prefixes_received]) | sort)]')
	check_eq "$row" "[\"p1\",101,\"private\",9001,true,true,true,[\"Up\",\"Up\"],[[\"$N4\",\"Established\",1],[\"$N6\",\"Established\",1]]]" \
		"show vifs -j row"
	cc show vifs > "$WORK/show_vifs.txt"
	check_err $? "show vifs (text)"
	log_info "$(cat "$WORK/show_vifs.txt")"
	grep -Eq "^vif101 +p1 +101 +private +9001 +on +Up,Up +$N4 Established +1 +[0-9]+$" "$WORK/show_vifs.txt" &&
		grep -Eq "^ +$N6 Established +1 +[0-9]+$" "$WORK/show_vifs.txt"
	check_err $? "the text table's row"
	# dcvifd gone: the kernel's part still shows, with a note
	ip netns exec "$CUST" "$DCVIFCTL" -s "$WORK/none.sock" show vifs > "$WORK/show_nod.txt" 2> "$WORK/show_nod.err"
	check_err $? "show vifs without dcvifd"
	grep -Eq "^vif101 +p1 +101 +private +9001 +on +Up,Up +- *$" "$WORK/show_nod.txt"
	check_err $? "kernel part without dcvifd: $(cat "$WORK/show_nod.txt")"
	grep -q "dcvifd: connect $WORK/none.sock: No such file or directory (BGP not shown)" "$WORK/show_nod.err"
	check_err $? "the note: $(cat "$WORK/show_nod.err")"
	log_test "dcvifctl show vifs: lower, VLAN, type, MTU, carrier, BFD and BGP sessions with prefixes, in one row"
}

# dcvifctl monitor: BGP session changes with the kernel's events, as JSON
# and as text.
vif_monitor() {
	local est n

	RET=0
	busywait 30000 all_up > /dev/null || check_err 1 "not up"
	est=$(jq -c "select(.event == \"bgp\" and .neighbor == \"$N4\" and .state == \"Established\") |
		[.dev, .remote_as, .old_state]" "$WORK/monitor.json" | tail -n 1)
	check_eq "$est" "[\"vif101\",$P_AS,\"OpenConfirm\"]" "Established event of the IPv4 session"
	ip netns exec "$CUST" "$DCVIFCTL" -s "$WORK/dcvifd.sock" monitor > "$WORK/monitor.txt" 2>&1 &
	local tpid=$!
	sleep 1
	n=$(jq -c "select(.event == \"bgp\" and .neighbor == \"$N4\")" "$WORK/monitor.json" | wc -l)
	cc clear neighbor "$N4" > /dev/null
	busywait 20000 neighbor_is "$N4" Established > /dev/null
	check_err $? "not back after clear"
	busywait 5000 grep -q "vif101 bgp neighbor $N4 Established -> Idle" "$WORK/monitor.txt"
	check_err $? "text line: $(cat "$WORK/monitor.txt")"
	kill "$tpid"
	check_eq "$(jq -c "select(.event == \"bgp\" and .neighbor == \"$N4\") | [.old_state, .state]" "$WORK/monitor.json" |
		tail -n +"$((n + 1))" | head -n 1)" '["Established","Idle"]' "JSON: down first"
	# BFD Down: the kernel's events and BGP's, in that order. The first
	# session of the VIF to see Down (IPv4 or IPv6: under load either)
	# takes the carrier, which takes BGP down.
	local m
	m=$(wc -l < "$WORK/monitor.json")
	bfd_drop "$AWS" a1.101
	busywait 10000 neighbor_is "$N4" Idle > /dev/null
	check_err $? "BFD Down did not take BGP down"
	bfd_pass "$AWS" a1.101
	check_eq "$(tail -n +"$((m + 1))" "$WORK/monitor.json" |
		jq -r 'select((.event == "bfd" and .dev == "vif101" and .state == "Down") or
			(.event == "carrier" and .dev == "vif101" and .carrier == false) or
			(.event == "bgp" and .neighbor == "'"$N4"'" and .state == "Idle" and .reason == "BFD Down")) |
		.event' | awk '!seen[$0]++' | paste -sd,)" "bfd,carrier,bgp" "BFD down, carrier off, BGP Idle (BFD Down), first of each"
	busywait 40000 all_up > /dev/null
	check_err $? "not back after BFD"
	# deleting what the kernel flushed with the carrier is not an error
	check_eq "$(cc -j show summary | jq -c '[.fib_errors, .fib_last_error]')" '[0,null]' "no FIB error"
	log_test "dcvifctl monitor: BGP session changes (JSON, text) after the kernel's BFD and carrier events"
}

# SIGTERM and kill -9: the VIF, its addresses, BFD sessions and routes are
# adopted as they are: same ifindex, no carrier event, no BFD flap.
vif_restart_adopt() {
	local sig idx bfd ncar nmon

	RET=0
	for sig in TERM KILL; do
		busywait 40000 all_up > /dev/null || { check_err 1 "not up before $sig"; break; }
		idx=$(ifindex_of vif101)
		bfd=$(kbfd_identity)
		ncar=$(grep -c '"event":"carrier"' "$WORK/monitor.json")
		nmon=$(($(wc -l < "$WORK/monitor.json") + 1))
		kill -"$sig" "$DCVIFD_PID"
		wait "$DCVIFD_PID" 2> /dev/null
		DCVIFD_PID=
		check_eq "$(ifindex_of vif101)" "$idx" "$sig: the VIF stays with dcvifd gone"
		cat "$WORK/dcvifd.log" >> "$WORK/dcvifd.log.old"
		dcvifd_start || { check_err 1 "restart"; break; }
		busywait 40000 all_up > /dev/null
		check_err $? "$sig: not up after the restart"
		check_eq "$(ifindex_of vif101)" "$idx" "$sig: the same VIF"
		check_eq "$(vif_addrs vif101)" '["169.254.101.1/30","2001:db8:ff01::1/125"]' "$sig: its addresses"
		# The same kernel sessions (local discriminators), untouched by
		# dcvifd: a delete and re-create would change the discriminator,
		# a change of parameters is a Poll without a Down. A Down by
		# detection timeout on both at once while dcvifd is away is
		# the VM standing still (TCG under load, see VM-NOTES), not
		# dcvifd's: it is allowed, and said.
		check_eq "$(kbfd_identity | jq -c 'map(.[0:2])')" "$(jq -c 'map(.[0:2])' <<< "$bfd")" \
			"$sig: the same BFD sessions"
		if [[ $(kbfd_identity) != "$bfd" ]]; then
			check_eq "$(tail -n +"$nmon" "$WORK/monitor.json" |
				jq -r 'select(.event == "bfd" and .state == "Down") | .diag' | sort -u)" \
				"Control Detection Time Expired" "$sig: a Down other than a stall"
			log_info "$sig: a BFD Down by detection timeout meanwhile (VM stall)"
		else
			check_eq "$(grep -c '"event":"carrier"' "$WORK/monitor.json")" "$ncar" "$sig: no carrier event"
		fi
		log_has "vif vif101: adopted (if$idx, on p1, VLAN 101)"
		check_err $? "$sig: adoption not logged"
		log_has "vif vif101: created"
		check_fail $? "$sig: created again"
		log_has "vif vif101: address"
		check_fail $? "$sig: an address touched: $(grep -F "vif vif101: address" "$WORK/dcvifd.log")"
	done
	log_test "dcvifd restarted (SIGTERM, kill -9): VIF, addresses and BFD adopted, no flap"
}

# SIGHUP: a VIF added, another changed in place, one removed; each time
# only the difference.
vif_sighup() {
	local i101 i102 b101 b102 bfd est

	RET=0
	busywait 40000 all_up > /dev/null || check_err 1 "not up"
	i101=$(ifindex_of vif101)
	bfd=$(kbfd_identity)
	est=$(cc -j show neighbors | jq -c "map(select(.interface == \"vif101\")) | map([.state, .established])")
	b101=$(vif_block vif101 101 9001 v6 "bfd yes")
	b102=$(vif_block vif102 102 1500)
	dcvifd_conf "$b101" "$b102"
	kill -HUP "$DCVIFD_PID"
	busywait 20000 neighbor_is "$N102" Established > /dev/null
	check_err $? "vif102's neighbor: $(neighbor_state $N102)"
	check_eq "$(vif_kernel vif102)" '["dcvif",102,"private",1500,"p1",true]' "vif102 made"
	check_eq "$(vif_addrs vif102)" '["169.254.102.1/30"]' "vif102's address"
	check_eq "$(ifindex_of vif101)" "$i101" "vif101 untouched"
	check_eq "$(kbfd_identity)" "$bfd" "vif101's BFD sessions untouched"
	check_eq "$(cc -j show neighbors | jq -c "map(select(.interface == \"vif101\")) | map([.state, .established])")" \
		"$est" "vif101's sessions not reset"
	# the same routes from the same AS over vif102 too: ECMP
	wait_route 10000 -4 "$PFX4" "* $RTPROT vif101,vif102" > /dev/null
	check_err $? "ECMP over both VIFs: $(route_of -4 $PFX4)"
	i102=$(ifindex_of vif102)

	# vif101's MTU down to 1500 and its IPv6 gone: in place, the IPv4
	# session stays; dcvifd's IPv6 address (IFA_PROTO 243) goes, one
	# added by hand (iproute2 6.1 cannot set IFA_PROTO: 0) stays
	local est4
	est4=$(cc -j show neighbor "$N4" | jq .established)
	ip -n "$CUST" addr add 192.0.2.1/32 dev vif101
	dcvifd_conf "$(vif_block vif101 101 1500 "" "bfd yes")" "$b102"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$(ip -n $CUST -j link show vif101 | jq '.[0].mtu') == 1500 ]]" > /dev/null
	check_err $? "MTU not changed"
	check_eq "$(ifindex_of vif101)" "$i101" "MTU changed in place"
	log_has "vif vif101: private MTU 9001 -> private MTU 1500"
	check_err $? "change not logged"
	sleep 1
	check_eq "$(cc -j show neighbor "$N4" | jq -c '[.state, .established]')" "[\"Established\",$est4]" \
		"IPv4 session not reset by the MTU change"
	check_eq "$(vif_addrs vif101)" '["169.254.101.1/30","192.0.2.1/32"]' "dcvifd's IPv6 address deleted, the other kept"
	log_has "vif vif101: address 2001:db8:ff01::1/125 deleted"
	check_err $? "address deletion not logged"
	check_eq "$(cc -j show neighbors | jq -c 'map(.neighbor) | sort')" "[\"$N4\",\"$N102\"]" "IPv6 neighbor removed"

	# vif101 removed: the VIF, its sessions and neighbors go; vif102 stays
	dcvifd_conf "$b102"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 gone vif101 > /dev/null
	check_err $? "vif101 not deleted"
	check_eq "$(cc -j show neighbors | jq -c 'map(.neighbor)')" "[\"$N102\"]" "only vif102's neighbor left"
	wait_route 10000 -4 "$PFX4" "* $RTPROT single:vif102" > /dev/null
	check_err $? "the route over vif102 alone: $(route_of -4 $PFX4)"
	check_eq "$(ifindex_of vif102)" "$i102" "vif102 untouched"
	log_has "vif vif101: deleted (no longer configured)"
	check_err $? "deletion not logged"

	# back to the start: vif102 deleted, vif101 made again
	dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	busywait 5000 gone vif102 > /dev/null
	check_err $? "vif102 not deleted"
	busywait 40000 all_up > /dev/null
	check_err $? "vif101 not back: $(vif_kernel vif101) $(kbfd)"
	check_eq "$(vif_addrs vif101)" '["169.254.101.1/30","2001:db8:ff01::1/125"]' "vif101's addresses as at the start"
	log_test "SIGHUP: a vif added, one changed in place (MTU), one removed; the rest untouched"
}

# Deleted under dcvifd: made again, and everything over it comes back.
vif_deleted() {
	local idx

	RET=0
	busywait 40000 all_up > /dev/null || check_err 1 "not up"
	idx=$(ifindex_of vif101)
	ip -n "$CUST" link del vif101
	busywait 10000 exists vif101 > /dev/null
	check_err $? "not made again"
	[[ $(ifindex_of vif101) != "$idx" ]]
	check_err $? "same ifindex: not re-created?"
	busywait 40000 all_up > /dev/null
	check_err $? "not all back: bfd $(kbfd) $(neighbor_state $N4) $(route_of -4 $PFX4)"
	log_has "vif vif101: deleted from outside dcvifd; making it again"
	check_err $? "not logged"
	log_test "a VIF deleted under dcvifd: made again, BFD, BGP and routes back"
}

# What the kernel refuses, what cannot be made yet, a name taken: said in
# the log, by dcvifd -n and in show vifs; the rest goes on.
vif_refused() {
	local b101 out

	RET=0
	busywait 40000 all_up > /dev/null || check_err 1 "not up"
	b101=$(vif_block vif101 101 9001 v6 "bfd yes")
	ip -n "$CUST" link add vif105 type dummy
	dcvifd_conf "$b101" "$(LOWER=p2 vif_block vif103 103 9001)" \
		"$(LOWER=p3 vif_block vif104 104 1500)" "$(vif_block vif105 105 1500)"
	chmod 600 "$WORK/dcvifd.conf"
	out=$(ip netns exec "$CUST" "$DCVIFD" -n -f "$WORK/dcvifd.conf" 2>&1 > /dev/null)
	check_err $? "dcvifd -n refused the file"
	log_info "dcvifd -n: $out"
	grep -qF "vif vif103: the kernel will refuse it: MTU 9001 exceeds the MTU 1500 of lower device p2" <<< "$out"
	check_err $? "dcvifd -n: MTU of the lower"
	grep -qF "vif vif104: lower device p3 does not exist (yet)" <<< "$out"
	check_err $? "dcvifd -n: missing lower"
	grep -qF "vif vif105: a dummy link of that name exists" <<< "$out"
	check_err $? "dcvifd -n: name taken"

	kill -HUP "$DCVIFD_PID"
	busywait 5000 log_has "vif vif103: the kernel refused to create it: " > /dev/null
	check_err $? "refusal not logged"
	log_info "$(grep -F "vif vif103" "$WORK/dcvifd.log" | tail -n 1)"
	# the module's extack message, not only an errno
	grep -F "vif vif103: the kernel refused to create it: " "$WORK/dcvifd.log" | grep -q "MTU"
	check_err $? "no extack text"
	check_eq "$(vifs_row vif103 '[.ready, (.error | test("refused to create it: .*MTU"))]')" '[false,true]' "show vifs: vif103's error"
	check_eq "$(vifs_row vif104 '[.ready, (.error | test("lower device p3 does not exist"))]')" '[false,true]' "show vifs: vif104's error"
	check_eq "$(vifs_row vif105 '[.ready, (.error | test("a dummy link of that name exists; left alone"))]')" '[false,true]' "show vifs: vif105"
	check_eq "$(link_json vif105 | jq -r .linkinfo.info_kind)" dummy "vif105 left alone"
	gone vif103
	check_err $? "vif103 exists"
	all_up
	check_err $? "vif101 disturbed"

	# the lower appears: the VIF is made
	ip -n "$CUST" link add p3 type veth peer name a3 netns "$AWS"
	ip -n "$CUST" link set p3 up
	busywait 10000 exists vif104 > /dev/null
	check_err $? "vif104 not made when p3 appeared"
	check_eq "$(vif_kernel vif104)" '["dcvif",104,"private",1500,"p3",true]' "vif104 as configured"
	check_eq "$(vifs_row vif104 '[.ready, .error]')" '[true,null]' "show vifs: vif104 ready"

	dcvifd_conf
	kill -HUP "$DCVIFD_PID"
	busywait 5000 gone vif104 > /dev/null
	check_err $? "vif104 not deleted"
	check_eq "$(link_json vif105 | jq -r .linkinfo.info_kind)" dummy "vif105 (not ours) not deleted"
	ip -n "$CUST" link del vif105
	log_test "refused (extack), lower missing (made when it appears), name taken: said in the log, dcvifd -n, show vifs"
}

export -f ctl neighbor_is neighbor_state cc log_has exists gone
export WORK DCVIFCTL FRR_DIR CUST
setup
tests_run
exit "$EXIT_STATUS"
