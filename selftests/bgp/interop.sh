#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd against a real BGP speaker: interop.sh bird|frr|gobgp|exabgp
# Topology and addresses: see bgp_lib.sh.  Each test builds its own pair
# of namespaces and tears it down, also when it fails.

PEER=${1:?usage: interop.sh bird|frr|gobgp|exabgp}
source "$(dirname "$0")/bgp_lib.sh"
# shellcheck source=peer_bird.sh
source "$BGP_DIR/peer_$PEER.sh"

ALL_TESTS="
	t_established_md5
	t_routes
	t_aws_communities
	t_policy
	t_withdraw
	t_peer_restart
	t_wrong_md5
	t_hold_expiry
"

# up [HOLD]: topology, both daemons, both sessions Established
up()
{
	topo || return 1
	dcvifd_conf "${1:-90}"
	peer_conf "$KEY"
	dcvifd_start
	peer_start || return 1
	wait_established 10.0.0.2 && wait_established 2001:db8:ff::2
}

t_established_md5()
{
	RET=0
	up
	check_err $? "sessions did not come up: $(neighbor_state 10.0.0.2)/$(neighbor_state 2001:db8:ff::2)"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -c '[.state,.md5,.as4,.families]')" \
		'["Established",true,true,["ipv4"]]' "IPv4 session"
	check_eq "$(ctl -j show neighbor 2001:db8:ff::2 | jq -c '[.state,.md5,.as4,.families]')" \
		'["Established",true,true,["ipv6"]]' "IPv6 session"
	busywait 5000 peer_established -4
	check_err $? "$peer_name: IPv4 session not Established"
	busywait 5000 peer_established -6
	check_err $? "$peer_name: IPv6 session not Established"
	log_test "$peer_name: Established with MD5, 4-octet AS, over IPv4 and IPv6"
}

t_routes()
{
	RET=0
	up
	check_err $? "sessions did not come up"
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	check_eq "$(fib -4)" "$FIB4" "IPv4 route in dcvifd's FIB"
	busywait 10000 fib_is -6 "$FIB6" > /dev/null
	check_eq "$(fib -6)" "$FIB6" "IPv6 route in dcvifd's FIB"
	check_eq "$(nh_of -4 198.51.100.0/24)" \
		'{"gateway":"10.0.0.2","dev":"vd","scope":"link","protocol":"243","flags":[]}' \
		"IPv4 route uses a nexthop object of ours"
	busywait 10000 bash -c "[[ -n \$(peer_route -4) ]]" > /dev/null
	check_eq "$(peer_route -4)" "192.0.2.0/24 via 10.0.0.1 as_path $D_AS" \
		"$peer_name learned dcvifd's IPv4 prefix"
	busywait 10000 bash -c "[[ -n \$(peer_route -6) ]]" > /dev/null
	check_eq "$(peer_route -6)" "2001:db8:100::/48 via 2001:db8:ff::1 as_path $D_AS" \
		"$peer_name learned dcvifd's IPv6 prefix"
	log_test "$peer_name: prefixes both ways over IPv4 and IPv6, FIB via nexthop objects"
}

# AWS's communities on what dcvifd sends, as the peer (the AWS end) sees them
t_aws_communities()
{
	local pair lp sc c1 c2

	RET=0
	if [[ $(type -t peer_communities) != function ]]; then
		skip_test "$peer_name: no community reader here (BIRD and FRR have one)"
		return 0
	fi
	topo || { log_test "topology"; return; }
	dcvifd_conf
	sed -i 's|^\(\s*\)connect-retry 1$|&\n\1local-preference high\n\1scope global|' "$WORK/dcvifd.conf"
	peer_conf "$KEY"
	dcvifd_start
	peer_start || { log_test "peer"; return; }
	wait_established 10.0.0.2 && wait_established 2001:db8:ff::2
	check_err $? "sessions did not come up"
	busywait 10000 bash -c "[[ -n \$(peer_communities -4) ]]" > /dev/null
	check_eq "$(peer_communities -4)" "7224:7300 7224:9300" "IPv4 prefix at $peer_name"
	busywait 10000 bash -c "[[ -n \$(peer_communities -6) ]]" > /dev/null
	check_eq "$(peer_communities -6)" "7224:7300 7224:9300" "IPv6 prefix at $peer_name"
	log_info "$peer_name: local-preference high, scope global: 192.0.2.0/24 communities $(peer_communities -4)"
	# the other values, each by a reload (applied in place)
	for pair in "medium region 7224:7200 7224:9100" "low continent 7224:7100 7224:9200"; do
		read -r lp sc c1 c2 <<< "$pair"
		sed -i -e "s/local-preference [a-z]*$/local-preference $lp/" \
			-e "s/scope [a-z]*$/scope $sc/" "$WORK/dcvifd.conf"
		kill -HUP "$DCVIFD_PID"
		busywait 10000 bash -c "[[ \$(peer_communities -4) == '$c1 $c2' ]]" > /dev/null
		check_eq "$(peer_communities -4)" "$c1 $c2" "IPv4 prefix at $peer_name, local-preference $lp, scope $sc"
		log_info "$peer_name: local-preference $lp, scope $sc: 192.0.2.0/24 communities $(peer_communities -4)"
	done
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq .established)" 1 "no session reset by the reloads"
	log_test "$peer_name: local-preference high|medium|low and scope global|region|continent reach the peer as 7224:7300|7200|7100 and 7224:9300|9100|9200"
}

# import and export policies, the peer as the AWS end: it tags its prefix
# 7224:8100 as AWS does on a public VIF; what dcvifd sends is prepended
# and tagged by one rule, refused by another
t_policy()
{
	local rib

	RET=0
	if [[ $(type -t peer_tag) != function ]]; then
		skip_test "$peer_name: no way to tag the peer's routes here (BIRD and FRR have one)"
		return 0
	fi
	topo || { log_test "topology"; return; }
	dcvifd_conf
	cat >> "$WORK/dcvifd.conf" <<-EOF
	network 203.0.113.0/24
	prefix-list ours { 192.0.2.0/24; 2001:db8:100::/48 }
	prefix-list theirs6 { 2001:db8:200::/48 }
	policy out {
		match prefix-list ours set prepend 2 community 7224:7100 community 65001:42
		match any reject
	}
	policy in {
		match prefix-list theirs6 reject
		match community 7224:8100 set local-preference 250 community 65001:7 community delete 7224:*
		match any set local-preference 50
	}
	EOF
	sed -i 's|^\(\s*\)connect-retry 1$|&\n\1import policy in\n\1export policy out|' "$WORK/dcvifd.conf"
	peer_conf "$KEY"
	peer_tag 7224:8100
	dcvifd_start
	peer_start || { log_test "peer"; return; }
	wait_established 10.0.0.2 && wait_established 2001:db8:ff::2
	check_err $? "sessions did not come up"
	busywait 10000 bash -c "[[ -n \$(peer_communities -4) ]]" > /dev/null
	check_eq "$(peer_route -4)" "192.0.2.0/24 via 10.0.0.1 as_path $D_AS $D_AS $D_AS" \
		"$peer_name: 192.0.2.0/24 prepended twice"
	check_eq "$(peer_communities -4)" "7224:7100 65001:42" "$peer_name: its communities"
	busywait 10000 bash -c "[[ -n \$(peer_communities -6) ]]" > /dev/null
	check_eq "$(peer_route -6 | sed 's/ via [^ ]*//')" "2001:db8:100::/48 as_path $D_AS $D_AS $D_AS" \
		"$peer_name: 2001:db8:100::/48 prepended twice"
	check_eq "$(peer_communities -6)" "7224:7100 65001:42" "$peer_name: its IPv6 communities"
	check_eq "$(peer_route -4 203.0.113.0/24)" "" "$peer_name: 203.0.113.0/24 (match any reject) not sent"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -c '[.prefixes_sent,.export_policy,.import_policy]')" \
		'[1,"out","in"]' "dcvifd: one IPv4 prefix sent, the policies named"
	# import: the tagged prefix taken with local preference 250, AWS's
	# community replaced by ours; the IPv6 one refused
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	check_eq "$(fib -4)" "$FIB4" "IPv4 route in the FIB"
	rib=$(ctl -j show routes 198.51.100.0/24 | jq -c '.[0].paths[0] | [.local_pref, .communities, .aws_origin]')
	check_eq "$rib" '[250,["65001:7"],null]' "198.51.100.0/24: local preference, communities"
	busywait 10000 bash -c "[[ \$(ctl -j show neighbor 2001:db8:ff::2 | jq .prefixes_filtered_in) == 1 ]]" > /dev/null
	check_eq "$(fib -6)" '[]' "2001:db8:200::/48 refused by the import policy"
	check_eq "$(ctl -j show neighbor 2001:db8:ff::2 | jq -c '[.prefixes_received,.prefixes_filtered_in]')" \
		'[0,1]' "dcvifd: the IPv6 prefix counted as filtered"
	log_info "$peer_name sees 192.0.2.0/24: $(peer_route -4) communities $(peer_communities -4)"
	log_info "dcvifd's path for 198.51.100.0/24: $rib"
	# an export policy changed by a reload applies in place: 203.0.113.0/24
	# now sent, tagged; no session reset
	sed -i 's|^\(\s*\)match any reject$|\1match prefix-list ours community 7224:7300 reject\n\1match any set community 65001:99|' \
		"$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 10000 bash -c "[[ -n \$(peer_communities -4 203.0.113.0/24) ]]" > /dev/null
	check_eq "$(peer_communities -4 203.0.113.0/24)" "65001:99" "$peer_name: 203.0.113.0/24 sent after the reload"
	check_eq "$(peer_communities -4)" "7224:7100 65001:42" "$peer_name: 192.0.2.0/24 unchanged"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -c '[.state,.established,.prefixes_sent]')" \
		'["Established",1,2]' "dcvifd: no reset, two IPv4 prefixes sent"
	log_test "$peer_name: import and export policies (prepend, communities, local preference, reject)"
}

t_withdraw()
{
	RET=0
	up
	check_err $? "sessions did not come up"
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	busywait 10000 fib_is -6 "$FIB6" > /dev/null
	peer_withdraw -4
	peer_withdraw -6
	busywait 10000 fib_is -4 '[]' > /dev/null
	check_eq "$(fib -4)" '[]' "IPv4 route withdrawn"
	busywait 10000 fib_is -6 '[]' > /dev/null
	check_eq "$(fib -6)" '[]' "IPv6 route withdrawn"
	check_eq "$(ip -n "$D" -j nexthop show protocol $RTPROT)" '[]' \
		"unused nexthop objects removed"
	peer_announce -4
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	check_eq "$(fib -4)" "$FIB4" "IPv4 route back after re-announce"
	log_test "$peer_name: withdraw removes the routes from the FIB"
}

t_peer_restart()
{
	RET=0
	up
	check_err $? "sessions did not come up"
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	peer_stop
	busywait 10000 bash -c "! neighbor_is 10.0.0.2 Established" > /dev/null
	check_err $? "session still Established after the peer stopped"
	busywait 5000 fib_is -4 '[]' > /dev/null
	check_eq "$(fib -4)" '[]' "routes of the stopped peer left the FIB"
	peer_start
	wait_established 10.0.0.2 30000
	check_err $? "IPv4 session not re-established: $(neighbor_state 10.0.0.2)"
	wait_established 2001:db8:ff::2 30000
	check_err $? "IPv6 session not re-established"
	busywait 10000 fib_is -4 "$FIB4" > /dev/null
	check_eq "$(fib -4)" "$FIB4" "routes back after the restart"
	log_test "$peer_name: peer restart re-establishes"
}

t_wrong_md5()
{
	RET=0
	topo
	dcvifd_conf 90 "$KEY"
	peer_conf "wrong-$KEY"
	dcvifd_start
	peer_start
	# both sides keep trying (connect-retry 1): give them several rounds
	busywait 6000 neighbor_is 10.0.0.2 Established > /dev/null
	check_fail $? "Established with a wrong MD5 key"
	check_fail "$(peer_established -4; echo $?)" "$peer_name Established with a wrong key"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq .messages_received.open)" 0 \
		"no OPEN got through"
	log_test "$peer_name: a wrong MD5 key never establishes"
}

t_hold_expiry()
{
	RET=0
	up 3
	check_err $? "sessions did not come up"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -c '[.hold_time,.keepalive]')" \
		'[3,1]' "hold 3 negotiated, keepalive 1"
	capture_start
	kill -STOP "$(peer_pid)"
	busywait 10000 bash -c "! neighbor_is 10.0.0.2 Established" > /dev/null
	check_err $? "silent peer not dropped"
	check_eq "$(ctl -j show neighbor 10.0.0.2 | jq -r .last_notification_sent)" \
		4/0 "dcvifd counted NOTIFICATION Hold Timer Expired sent"
	capture_stop
	check_eq "$(wire | grep NOTIFICATION | grep '^10.0.0.1>')" \
		"10.0.0.1>10.0.0.2 NOTIFICATION 4/0" "NOTIFICATION 4/0 on the wire: $(wire | tr "\n" ",")"
	kill -CONT "$(peer_pid)"
	# the peer's own view, for the log: it may time out first itself
	log_info "$peer_name last error: $(peer_last_error -4)"
	log_test "$peer_name: silent peer dropped at hold expiry with NOTIFICATION 4/0"
}

# shellcheck disable=SC2086
export -f neighbor_is neighbor_state ctl fib fib_is peer_route peer_established \
	peer_last_error $peer_export
[[ $(type -t peer_communities) == function ]] && export -f peer_communities
export WORK D P DCVIFCTL RTPROT
tests_run
dcvifd_stop
exit "$EXIT_STATUS"
