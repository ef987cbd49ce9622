# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# GoBGP (gobgpd + the gobgp CLI over gRPC on the namespace's loopback)

peer_name=gobgp
peer_export="gobgp_ peer_nbr"

peer_conf()	# peer_conf KEY
{
	cat > "$WORK/gobgp.toml" <<-EOF
	[global.config]
	  as = $P_AS
	  router-id = "10.0.0.2"
	[[neighbors]]
	  [neighbors.config]
	    neighbor-address = "10.0.0.1"
	    peer-as = $D_AS
	    auth-password = "$1"
	  [neighbors.timers.config]
	    connect-retry = 1
	  [[neighbors.afi-safis]]
	    [neighbors.afi-safis.config]
	      afi-safi-name = "ipv4-unicast"
	[[neighbors]]
	  [neighbors.config]
	    neighbor-address = "2001:db8:ff::1"
	    peer-as = $D_AS
	    auth-password = "$1"
	  [neighbors.timers.config]
	    connect-retry = 1
	  [[neighbors.afi-safis]]
	    [neighbors.afi-safis.config]
	      afi-safi-name = "ipv6-unicast"
	EOF
}

gobgp_()
{
	ip netns exec "$P" gobgp "$@"
}

peer_start()
{
	ip netns exec "$P" gobgpd -f "$WORK/gobgp.toml" --log-level=info \
		>> "$WORK/gobgp.log" 2>&1 &
	GOBGP_PID=$!
	defer peer_stop
	busywait 10000 gobgp_ global > /dev/null || return 1
	peer_announce -4
	peer_announce -6
}

peer_stop()
{
	[[ -n ${GOBGP_PID:-} ]] || return 0
	kill -CONT "$GOBGP_PID" 2>/dev/null
	kill "$GOBGP_PID" 2>/dev/null
	wait "$GOBGP_PID" 2>/dev/null
	GOBGP_PID=
}

peer_pid()
{
	echo "$GOBGP_PID"
}

peer_nbr()
{
	if [[ $1 == -6 ]]; then echo 2001:db8:ff::1; else echo 10.0.0.1; fi
}

peer_established()
{
	[[ $(gobgp_ neighbor "$(peer_nbr "$1")" -j | jq -r .state.session_state) == 6 ]]
}

peer_route()
{
	local pfx=192.0.2.0/24 af=ipv4

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48 af=ipv6
	gobgp_ global rib -a "$af" "$pfx" -j | jq -r --arg p "$pfx" '
		.[$p][0] // empty | .attrs |
		"\($p) via \(map(select(.type == 3 or .type == 14)) | .[0].nexthop) as_path \(map(select(.type == 2)) | .[0].as_paths | map(.asns | join(" ")) | join(" "))"'
}

peer_withdraw()
{
	if [[ $1 == -6 ]]; then
		gobgp_ global rib del -a ipv6 2001:db8:200::/48
	else
		gobgp_ global rib del -a ipv4 198.51.100.0/24
	fi
}

peer_announce()
{
	if [[ $1 == -6 ]]; then
		gobgp_ global rib add -a ipv6 2001:db8:200::/48 \
			nexthop 2001:db8:ff::2 > /dev/null
	else
		gobgp_ global rib add -a ipv4 198.51.100.0/24 \
			nexthop 10.0.0.2 > /dev/null
	fi
}

# gobgpd logs JSON: {"Code":4,"Subcode":0,"Key":"10.0.0.1",...}
peer_last_error()
{
	grep '"received notification"' "$WORK/gobgp.log" |
		jq -r --arg k "$(peer_nbr "$1")" 'select(.Key == $k) |
			"received \(.Code)/\(.Subcode)" +
			if .Code == 4 then " (hold timer expired)" else "" end' |
		tail -1
}
