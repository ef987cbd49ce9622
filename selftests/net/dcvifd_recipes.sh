#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The active/passive and active/active recipes of the admin guide
# (Documentation/admin-guide/dcvifd.rst, "Recipes"), with traffic: which
# VIF carries it each way, before and after a failure (issue 13 item 3).
#
#   active_passive   two VIFs on two connections; vif101 primary both ways:
#                    outbound by an import policy's local preference,
#                    inbound by 7224:7300 on the primary, 7224:7100 on the
#                    backup. Connection 1 fails: all on vif102.
#   active_active    the same two VIFs, nothing set: ECMP out, and AWS's
#                    ECMP in. Connection 1 fails: all on vif102.
#   max_resiliency   four VIFs, two locations of two connections: location
#                    1 (vif101, vif102) active/active, location 2 (vif103,
#                    vif104) standby: outbound by local preference,
#                    inbound by prepending at location 2. One connection of
#                    location 1 fails: all on the other; both fail: location
#                    2 active/active.
#   no_transit       a route learned from one AWS VIF is not sent to
#                    another (AWS gives no transit between VIFs), until
#                    announce-aws-routes says so: the two VIFs' sessions
#                    are different AWS ASes (a Direct Connect gateway's
#                    and a virtual private gateway's).
#
# The AWS end is FRR 8.4 (bgpd + bfdd, BFD 300 ms x 3) over kernel 8021q.
# It applies AWS's documented rules for private VIFs as route-maps: the
# customer's 7224:7100/7200/7300 set its local preference low/medium/high
# (an untagged route counts as medium here), then AS_PATH length, and
# equal paths are ECMP (maximum-paths 4), as AWS load-balances across
# VIFs. IPv4: the recipes are the same for IPv6, whose sessions
# dcvifd_vif.sh and dcvifd_interop.sh test.
#
#  +------------ $CUST: dcvifd AS 65001 -------------+      +------- $AWS: FRR AS 64512 -------+
#  | vif10N (dcvif, VLAN 10N) 169.254.10N.1/30       |      | aN.10N (8021q) 169.254.10N.2/30   |
#  |   on pN (veth) ---------------------------------+------+-- aN (veth), N = 1..4            |
#  | lo 10.1.0.1/32, announced as 10.1.0.0/16        |      | lo 10.100.0.1-16, as 10.100.0.0/16|
#  +-------------------------------------------------+      +-----------------------------------+
#
# Traffic: 16 pings of 5 packets from 10.1.0.1 to 10.100.0.1..16 (16 flows
# for the hashes of both ends). Counted on the AWS side by tc (ICMP only,
# so BFD and BGP do not count): echo requests arriving on each aN.10N are
# our outbound path, echo replies leaving it AWS's inbound one.

source "$(dirname "$0")/dcvifd_lib.sh"

ALL_TESTS="
	active_passive
	active_active
	max_resiliency
	no_transit
"

P_AS=64512
CUST4=10.1.0.0/16
AWS4=10.100.0.0/16
FLOWS=16
PINGS=5
TOTAL=$((FLOWS * PINGS))

cc() { ip netns exec "$CUST" "$DCVIFCTL" -s "$WORK/dcvifd.sock" "$@"; }

# FRR as AWS: route-maps for the 7224:7x00 communities, ECMP
frr_conf() {
	cat <<-EOF
	frr defaults traditional
	hostname aws
	log file $FRR_DIR/bgpd.log
	!
	bgp community-list standard aws-low permit 7224:7100
	bgp community-list standard aws-medium permit 7224:7200
	bgp community-list standard aws-high permit 7224:7300
	route-map from-customer permit 10
	 match community aws-low
	 set local-preference 100
	route-map from-customer permit 20
	 match community aws-high
	 set local-preference 300
	route-map from-customer permit 30
	 set local-preference 200
	!
	router bgp $P_AS
	 bgp router-id 169.254.101.2
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 coalesce-time 100
	EOF
	for n in 1 2 3 4; do
		cat <<-EOF
		 neighbor 169.254.10$n.1 remote-as $D_AS
		 neighbor 169.254.10$n.1 password $KEY
		 neighbor 169.254.10$n.1 timers 30 90
		 neighbor 169.254.10$n.1 timers connect 1
		 neighbor 169.254.10$n.1 advertisement-interval 0
		 neighbor 169.254.10$n.1 bfd
		EOF
	done
	echo " address-family ipv4 unicast"
	echo "  network $AWS4"
	echo "  maximum-paths 4"
	for n in 1 2 3 4; do
		echo "  neighbor 169.254.10$n.1 route-map from-customer in"
	done
	echo " exit-address-family"
	echo "!"
}

# vif_block N EXTRA...: VIF 10N on pN, private, IPv4, BFD; AWS's AS
# VIF_AS[N] if set
declare -A VIF_AS=()
vif_block() { # n extra...
	local n=$1

	shift
	cat <<-EOF
	vif vif10$n {
		lower p$n
		vlan 10$n
		type private
		address 169.254.10$n.1/30
		aws-address 169.254.10$n.2
		remote-as ${VIF_AS[$n]:-$P_AS}
		password "$KEY"
		connect-retry 1
		bfd yes
	EOF
	printf '\t%s\n' "$@"
	echo "}"
}

dcvifd_conf() { # body...
	{
		cat <<-EOF
		router-id 10.1.0.1
		local-as $D_AS
		control-socket "$WORK/dcvifd.sock"
		bfd { interval 300; multiplier 3 }
		network $CUST4
		EOF
		printf '%s\n' "$@"
	} > "$WORK/dcvifd.conf"
}

setup() {
	dcvif_load || exit 1
	modprobe cls_flower && modprobe act_gact || exit 1
	require_cmd jq /usr/lib/frr/bgpd /usr/lib/frr/bfdd
	[[ -x $DCVIFD && -x $DCVIFCTL ]] ||
		{ echo "# $DCVIFD or $DCVIFCTL missing: make userspace"; exit 1; }
}

# topo: both namespaces, the four connections, FRR as AWS. Each recipe
# makes its own and its scope takes it away, AWS's state included.
topo() {
	local n k

	ns_create CUST AWS || return 1
	D=$CUST
	WORK=$(mktemp -d /tmp/dcvifd-recipes.XXXXXX)
	chmod 755 "$WORK"
	defer rm -rf "$WORK"
	[[ -n ${KEEP:-} ]] && defer eval 'mkdir -p "$KEEP" && cp -a "$WORK"/. "$FRR_DIR"/*.log "$KEEP"/'

	ip -n "$CUST" addr add 10.1.0.1/32 dev lo
	for k in $(seq 1 $FLOWS); do
		ip -n "$AWS" addr add "10.100.0.$k/32" dev lo
	done
	for n in 1 2 3 4; do
		ip -n "$CUST" link add "p$n" type veth peer name "a$n" netns "$AWS"
		ip -n "$CUST" link set "p$n" up
		ip -n "$AWS" link set "a$n" up
		ip -n "$AWS" link add link "a$n" name "a$n.10$n" type vlan id "10$n"
		ip -n "$AWS" addr add "169.254.10$n.2/30" dev "a$n.10$n"
		ip -n "$AWS" link set "a$n.10$n" up
		# counters before any traffic (dcvif_bfd.sh: clsact under
		# traffic has oopsed under TCG)
		tc -n "$AWS" qdisc add dev "a$n.10$n" clsact &&
		tc -n "$AWS" filter add dev "a$n.10$n" ingress pref 1 protocol ip \
			flower ip_proto icmp type 8 action pass &&
		tc -n "$AWS" filter add dev "a$n.10$n" egress pref 1 protocol ip \
			flower ip_proto icmp type 0 action pass || return 1
	done
	wait_oper_up "$AWS" a1.101 a2.102 a3.103 a4.104 || return 1

	frr_bfdd_start "$AWS" a1.101 300 169.254.101.2,169.254.101.1 || return 1
	for n in 2 3 4; do
		frr_bfd_peer "$AWS" "169.254.10$n.2" "169.254.10$n.1" "a$n.10$n" 300 > /dev/null
	done
	# zebra routes without kernel nexthop objects: FRR 8.4's zebra does
	# not see the kernel drop a member from its group when the member's
	# VLAN goes down (net/ipv4/nexthop.c, the flush dcvifd handles), and
	# keeps the shrunk group after the VLAN is back. The AWS end is not
	# what is tested here.
	frr_vtysh "$AWS" -c "configure terminal" -c "no zebra nexthop kernel enable" > /dev/null
	frr_conf > "$FRR_DIR/bgpd.conf"
	frr_bgpd_start "$AWS" "$FRR_DIR/bgpd.conf" || return 1
}

# --- observing -----------------------------------------------------------------

# tc's packet count of ICMP echo requests in (dir ingress) or replies out
# (egress) of aN.10N
icmp_count() { # n dir
	tc -n "$AWS" -s -j filter show dev "a$1.10$1" "$2" |
		jq '[.[] | select(.options.actions) | .options.actions[0].stats.packets] | add // 0'
}

# "a b c d": the counts of each VIF for dir
counts() { # dir
	local n out=()

	for n in 1 2 3 4; do out+=("$(icmp_count "$n" "$1")"); done
	echo "${out[*]}"
}

# traffic: the pings; sets OUT and IN to the per-VIF counts they added,
# LOST to the pings that got no answer
traffic() {
	local o0 i0 o1 i1 k ok=0 a b

	o0=($(counts ingress))
	i0=($(counts egress))
	# the flows at once: one netns, 16 pings
	ip netns exec "$CUST" bash -c "
		for k in \$(seq 1 $FLOWS); do
			ping -q -n -c $PINGS -i 0.02 -W 2 -I 10.1.0.1 10.100.0.\$k > $WORK/ping.\$k 2>&1 &
		done
		wait"
	for k in $(seq 1 $FLOWS); do
		a=$(sed -n 's/^.* \([0-9]*\) received.*$/\1/p' "$WORK/ping.$k")
		ok=$((ok + ${a:-0}))
	done
	o1=($(counts ingress))
	i1=($(counts egress))
	OUT= IN=
	for k in 0 1 2 3; do
		a=$((o1[k] - o0[k]))
		b=$((i1[k] - i0[k]))
		OUT+="${OUT:+ }$a"
		IN+="${IN:+ }$b"
	done
	LOST=$((TOTAL - ok))
}

# "vif101,vif102" etc.: the devices of the customer's route to AWS
out_devs() { route_of -4 "$AWS4" | awk '{ sub(/^single:/, "", $3); print $3 }'; }
out_devs_are() { [[ $(out_devs) == "$1" ]]; }

# the AWS end's route to the customer's prefix: its devices, sorted
in_devs() {
	ip -n "$AWS" -j route show "$CUST4" |
		jq -r '.[0] | if .nexthops then [.nexthops[].dev] else [.dev // empty] end | sort | join(",")'
}
in_devs_are() { [[ $(in_devs) == "$1" ]]; }

established() { # n...
	local n

	for n in "$@"; do
		[[ $(neighbor_state "169.254.10$n.2") == Established ]] || return 1
		[[ $(frr_bgp_state "$AWS" "169.254.10$n.1") == Established ]] || return 1
	done
}

# paths_ready OUT_DEVS IN_DEVS: both ends route as expected
paths_ready() { out_devs_are "$1" && in_devs_are "$2"; }

# start_recipe UP OUT IN: topology, dcvifd with the configuration
# dcvifd_conf wrote, sessions UP (VIF numbers) Established at both ends,
# routes over OUT (our devices) and IN (AWS's)
start_recipe() { # up out in
	chmod 600 "$WORK/dcvifd.conf"
	dcvifd_start || return 1
	# shellcheck disable=SC2086
	busywait 60000 established $1 > /dev/null ||
		{ echo "# sessions $1 not Established: $(cc -j show neighbors 2> /dev/null | jq -c '[.[] | [.remote_addr, .state]]')"; return 1; }
	busywait 20000 paths_ready "$2" "$3" > /dev/null || {
		echo "# paths: out $(out_devs) in $(in_devs)"
		return 1
	}
}

# fail N...: connections N lose their link at the AWS end
fail() { # n...
	local n

	for n in "$@"; do ip -n "$AWS" link set "a$n" down; done
}

stop_recipe() {
	dcvifd_stop
	check_err $? "dcvifd sanitizer report"
}

# --- the recipes ------------------------------------------------------------------

active_passive() {
	RET=0
	topo || { log_test "recipe: topology"; return; }
	dcvifd_conf "policy primary { match any set local-preference 200 }" \
		"$(vif_block 1 "import policy primary" "local-preference high")" \
		"$(vif_block 2 "local-preference low")"
	start_recipe "1 2" "vif101" "a1.101"
	check_err $? "recipe not up"
	check_eq "$(cc -j show routes $AWS4 | jq -c '[.[0].paths[] | [.from, .local_pref, .best]]')" \
		'[["169.254.101.2",200,true],["169.254.102.2",100,false]]' \
		"outbound: vif101's path preferred by local preference"
	check_eq "$(frr_vtysh "$AWS" -c "show bgp ipv4 unicast $CUST4 json" |
		jq -c '[.paths[] | [.peer.peerId, .locPrf, .community.string, (.bestpath.overall // false)]] | sort')" \
		'[["169.254.101.1",300,"7224:7300",true],["169.254.102.1",100,"7224:7100",false]]' \
		"inbound: AWS sees 7224:7300 on vif101, 7224:7100 on vif102"
	traffic
	check_eq "$OUT" "$TOTAL 0 0 0" "outbound before the failure: all on vif101"
	check_eq "$IN" "$TOTAL 0 0 0" "inbound before the failure: all on vif101"
	check_eq "$LOST" 0 "no ping lost before the failure"
	log_info "before: out $OUT, in $IN (vif101 vif102 vif103 vif104)"
	fail 1
	busywait 20000 paths_ready "vif102" "a2.102" > /dev/null
	check_err $? "not on vif102 after the failure: out $(out_devs) in $(in_devs)"
	traffic
	check_eq "$OUT" "0 $TOTAL 0 0" "outbound after the failure: all on vif102"
	check_eq "$IN" "0 $TOTAL 0 0" "inbound after the failure: all on vif102"
	check_eq "$LOST" 0 "no ping lost after the failure"
	log_info "after connection 1 failed: out $OUT, in $IN"
	stop_recipe
	log_test "recipe active/passive: vif101 both ways (local preference 200; 7224:7300 vs 7224:7100), vif102 after the failure"
}

# both VIFs carry some of the 16 flows, all of them together
spread2() { # "a b c d" -> ok when a > 0, b > 0, a + b = TOTAL, c = d = 0
	local a b c d

	read -r a b c d <<< "$1"
	((a > 0 && b > 0 && a + b == TOTAL && c == 0 && d == 0))
}

active_active() {
	RET=0
	topo || { log_test "recipe: topology"; return; }
	dcvifd_conf "$(vif_block 1)" "$(vif_block 2)"
	start_recipe "1 2" "vif101,vif102" "a1.101,a2.102"
	check_err $? "recipe not up"
	check_eq "$(cc -j show routes $AWS4 | jq -c '[.[0].paths[] | [.from, .local_pref, .multipath]]')" \
		'[["169.254.101.2",100,true],["169.254.102.2",100,true]]' \
		"outbound: both paths equal, multipath"
	traffic
	spread2 "$OUT"
	check_err $? "outbound not spread over vif101 and vif102: $OUT"
	spread2 "$IN"
	check_err $? "inbound not spread over vif101 and vif102: $IN"
	check_eq "$LOST" 0 "no ping lost before the failure"
	log_info "before: out $OUT, in $IN (vif101 vif102 vif103 vif104)"
	fail 1
	busywait 20000 paths_ready "vif102" "a2.102" > /dev/null
	check_err $? "not on vif102 after the failure: out $(out_devs) in $(in_devs)"
	traffic
	check_eq "$OUT" "0 $TOTAL 0 0" "outbound after the failure: all on vif102"
	check_eq "$IN" "0 $TOTAL 0 0" "inbound after the failure: all on vif102"
	check_eq "$LOST" 0 "no ping lost after the failure"
	log_info "after connection 1 failed: out $OUT, in $IN"
	stop_recipe
	log_test "recipe active/active: ECMP both ways over vif101 and vif102, vif102 alone after the failure"
}

# location 1's VIFs take it all, location 2 only when both have failed
max_resiliency() {
	local a b c d

	RET=0
	topo || { log_test "recipe: topology"; return; }
	dcvifd_conf "policy location-1 { match any set local-preference 200 }" \
		"$(vif_block 1 "import policy location-1")" \
		"$(vif_block 2 "import policy location-1")" \
		"$(vif_block 3 "prepend 2")" \
		"$(vif_block 4 "prepend 2")"
	start_recipe "1 2 3 4" "vif101,vif102" "a1.101,a2.102"
	check_err $? "recipe not up"
	check_eq "$(frr_vtysh "$AWS" -c "show bgp ipv4 unicast $CUST4 json" |
		jq -c '[.paths[] | [.peer.peerId, .aspath.string]] | sort')" \
		"[[\"169.254.101.1\",\"$D_AS\"],[\"169.254.102.1\",\"$D_AS\"],[\"169.254.103.1\",\"$D_AS $D_AS $D_AS\"],[\"169.254.104.1\",\"$D_AS $D_AS $D_AS\"]]" \
		"inbound: AWS sees location 2's paths prepended twice"
	traffic
	spread2 "$OUT"
	check_err $? "outbound not spread over location 1: $OUT"
	spread2 "$IN"
	check_err $? "inbound not spread over location 1: $IN"
	check_eq "$LOST" 0 "no ping lost before the failures"
	log_info "before: out $OUT, in $IN (vif101 vif102 vif103 vif104)"
	fail 1
	busywait 20000 paths_ready "vif102" "a2.102" > /dev/null
	check_err $? "not on vif102 after connection 1 failed: out $(out_devs) in $(in_devs)"
	traffic
	check_eq "$OUT" "0 $TOTAL 0 0" "outbound after connection 1 failed: all on vif102"
	check_eq "$IN" "0 $TOTAL 0 0" "inbound after connection 1 failed: all on vif102"
	log_info "after connection 1 failed: out $OUT, in $IN"
	fail 2
	busywait 20000 paths_ready "vif103,vif104" "a3.103,a4.104" > /dev/null
	check_err $? "not on location 2 after both failed: out $(out_devs) in $(in_devs)"
	traffic
	read -r a b c d <<< "$OUT"
	((a == 0 && b == 0 && c > 0 && d > 0 && c + d == TOTAL))
	check_err $? "outbound not spread over location 2: $OUT"
	read -r a b c d <<< "$IN"
	((a == 0 && b == 0 && c > 0 && d > 0 && c + d == TOTAL))
	check_err $? "inbound not spread over location 2: $IN"
	check_eq "$LOST" 0 "no ping lost on location 2"
	log_info "after location 1 failed: out $OUT, in $IN"
	stop_recipe
	log_test "recipe maximum resiliency: location 1 active/active both ways, then its other VIF, then location 2 active/active"
}

# prefixes FRR took from dcvifd on the session of ADDR
frr_rcvd() { # addr
	frr_vtysh "$AWS" -c "show bgp ipv4 unicast summary json" | jq ".peers.\"$1\".pfxRcd"
}
frr_rcvd_is() { [[ $(frr_rcvd "$1") == "$2" ]]; }

no_transit() {
	local est

	RET=0
	topo || { log_test "recipe: topology"; return; }
	# vif102's AWS end is AS 64513 (FRR's local-as), and takes back routes
	# with its own 64512 in them (allowas-in), so that what dcvifd would
	# send shows there
	frr_vtysh "$AWS" -c "configure terminal" -c "router bgp $P_AS" \
		-c "neighbor 169.254.102.1 local-as 64513 no-prepend replace-as" \
		-c "address-family ipv4 unicast" -c "neighbor 169.254.102.1 allowas-in" > /dev/null
	VIF_AS=([2]=64513)
	dcvifd_conf "$(vif_block 1)" "$(vif_block 2)"
	VIF_AS=()
	start_recipe "1 2" "vif101" "a1.101,a2.102"
	check_err $? "recipe not up"
	check_eq "$(cc -j show routes $AWS4 | jq -c '[.[0].paths[] | [.from, .as_path, .best]]')" \
		'[["169.254.101.2","64512",true],["169.254.102.2","64513",false]]' \
		"AWS's prefix from both ASes, best over vif101"
	busywait 5000 frr_rcvd_is 169.254.102.1 1 > /dev/null
	check_eq "$(cc -j show neighbor 169.254.102.2 | jq .prefixes_sent)" 1 \
		"dcvifd sends AS 64513 its own prefix only"
	check_eq "$(frr_rcvd 169.254.102.1)" 1 "AS 64513 (FRR) got one prefix from dcvifd"
	check_eq "$(frr_vtysh "$AWS" -c "show bgp ipv4 unicast $AWS4 json" |
		jq -c '[.paths[] | select(.peer.peerId == "169.254.102.1")] | length')" 0 \
		"no path to AWS's prefix back over vif102"
	est=$(cc -j show neighbor 169.254.102.2 | jq .established)
	sed -i 's/^vif vif102 {$/&\n\tannounce-aws-routes yes/' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 10000 frr_rcvd_is 169.254.102.1 2 > /dev/null
	check_eq "$(frr_rcvd 169.254.102.1)" 2 "announce-aws-routes yes: AS 64513 gets AWS's prefix too"
	check_eq "$(frr_vtysh "$AWS" -c "show bgp ipv4 unicast $AWS4 json" |
		jq -c '[.paths[] | select(.peer.peerId == "169.254.102.1") | .aspath.string]')" \
		"[\"$D_AS $P_AS\"]" "AS 64513 sees it through us"
	check_eq "$(cc -j show neighbor 169.254.102.2 | jq -c '[.state, .established]')" \
		"[\"Established\",$est]" "applied without a reset"
	stop_recipe
	log_test "no transit between AWS VIFs (64512's prefix not sent to 64513) until announce-aws-routes yes, applied live"
}

setup
tests_run
exit "$EXIT_STATUS"
