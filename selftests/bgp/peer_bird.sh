# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# BIRD 2 as the peer

peer_name=bird
peer_export="birdc_"
peer_cmds="bird birdc"

peer_conf()	# peer_conf KEY
{
	cat > "$WORK/bird.conf" <<-EOF
	router id 10.0.0.2;
	protocol device {}
	protocol static s4 { ipv4; route 198.51.100.0/24 blackhole; }
	protocol static s6 { ipv6; route 2001:db8:200::/48 blackhole; }
	protocol bgp d4 {
		local 10.0.0.2 as $P_AS;
		neighbor 10.0.0.1 as $D_AS;
		password "$1";
		connect retry time 1;
		error wait time 1, 2;
		ipv4 { import all; export all; };
	}
	protocol bgp d6 {
		local 2001:db8:ff::2 as $P_AS;
		neighbor 2001:db8:ff::1 as $D_AS;
		password "$1";
		connect retry time 1;
		error wait time 1, 2;
		ipv6 { import all; export all; };
	}
	EOF
}

peer_start()
{
	ip netns exec "$P" bird -c "$WORK/bird.conf" -s "$WORK/bird.ctl" \
		-P "$WORK/bird.pid" || return 1
	defer peer_stop
}

peer_stop()
{
	local pid

	[[ -f $WORK/bird.pid ]] || return 0
	pid=$(cat "$WORK/bird.pid")
	kill "$pid" 2>/dev/null
	# bird removes its pid file itself on the way out
	busywait 5000 bash -c "! kill -0 $pid 2>/dev/null" > /dev/null
	rm -f "$WORK/bird.pid"
}

peer_pid()
{
	cat "$WORK/bird.pid"
}

birdc_()
{
	birdc -s "$WORK/bird.ctl" "$@"
}

# peer_established AF: the session of that family is up on the peer
peer_established()
{
	local proto=d4

	[[ $1 == -6 ]] && proto=d6
	birdc_ show protocols "$proto" | grep -q Established
}

# peer_communities AF [PREFIX]: the communities of dcvifd's prefix, "A:B C:D"
peer_communities()
{
	local pfx=192.0.2.0/24

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48
	pfx=${2:-$pfx}
	birdc_ show route "$pfx" all | sed -n 's/^.*BGP.community: *//p' |
		sed -E 's/\(([0-9]+),([0-9]+)\)/\1:\2/g'
}

# peer_route AF: what the peer learned from dcvifd, normalised to
# "PREFIX via NEXTHOP as_path ASPATH"
peer_route()
{
	local pfx=192.0.2.0/24

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48
	pfx=${2:-$pfx}
	birdc_ show route "$pfx" all | awk -v pfx="$pfx" '
		/via/ { nh = $2 }
		/BGP.as_path:/ { sub(/.*BGP.as_path: /, ""); path = $0 }
		END { if (nh != "") printf "%s via %s as_path %s\n", pfx, nh, path }'
}

# peer_tag COMMUNITY: the peer's IPv4 prefix carries it (after peer_conf)
peer_tag()
{
	local c=${1/:/,}

	sed -i "s|route 198.51.100.0/24 blackhole;|route 198.51.100.0/24 blackhole { bgp_community.add(($c)); };|" \
		"$WORK/bird.conf"
}

peer_withdraw()	# AF
{
	local s=s4

	[[ $1 == -6 ]] && s=s6
	birdc_ disable "$s" > /dev/null
}

peer_announce()	# AF
{
	local s=s4

	[[ $1 == -6 ]] && s=s6
	birdc_ enable "$s" > /dev/null
}

# the NOTIFICATION the peer last received, as "CODE/SUBCODE" text it logs
peer_last_error()	# AF
{
	local proto=d4

	[[ $1 == -6 ]] && proto=d6
	birdc_ show protocols all "$proto" | sed -n 's/^ *Last error: *//p'
}
