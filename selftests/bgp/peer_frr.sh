# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# FRR bgpd (with zebra) as the peer

peer_name=frr
peer_export="vtysh_ peer_nbr"
FRR=/usr/lib/frr

peer_conf()	# peer_conf KEY
{
	cat > "$WORK/frr.conf" <<-EOF
	frr defaults traditional
	hostname peer
	log file $WORK/frr.log
	!
	router bgp $P_AS
	 bgp router-id 10.0.0.2
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 neighbor 10.0.0.1 remote-as $D_AS
	 neighbor 10.0.0.1 password $1
	 neighbor 10.0.0.1 timers connect 1
	 neighbor 2001:db8:ff::1 remote-as $D_AS
	 neighbor 2001:db8:ff::1 password $1
	 neighbor 2001:db8:ff::1 timers connect 1
	 address-family ipv4 unicast
	  network 198.51.100.0/24
	  no neighbor 2001:db8:ff::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  network 2001:db8:200::/48
	  neighbor 2001:db8:ff::1 activate
	 exit-address-family
	!
	EOF
	chmod 644 "$WORK/frr.conf"
	touch "$WORK/frr.log"
	chown frr:frr "$WORK/frr.log"
}

peer_start()
{
	mkdir -p "/run/frr/$P"
	chown -R frr:frr /run/frr
	ip netns exec "$P" "$FRR/zebra" -d -N "$P" -f "$WORK/frr.conf" \
		-u frr -g frr -i "/run/frr/$P/zebra.pid" \
		>> "$WORK/frr.out" 2>&1 || return 1
	ip netns exec "$P" "$FRR/bgpd" -d -N "$P" -f "$WORK/frr.conf" \
		-u frr -g frr -i "/run/frr/$P/bgpd.pid" \
		>> "$WORK/frr.out" 2>&1 || return 1
	defer peer_stop
	busywait 5000 test -s "/run/frr/$P/bgpd.pid" > /dev/null
}

peer_stop()
{
	local d pid

	for d in bgpd zebra; do
		[[ -s /run/frr/$P/$d.pid ]] || continue
		pid=$(cat "/run/frr/$P/$d.pid")
		kill -CONT "$pid" 2>/dev/null
		kill "$pid" 2>/dev/null
		busywait 5000 bash -c "! kill -0 $pid 2>/dev/null" > /dev/null
		rm -f "/run/frr/$P/$d.pid"
	done
	rm -rf "/run/frr/$P"
}

peer_pid()
{
	cat "/run/frr/$P/bgpd.pid"
}

vtysh_()
{
	vtysh -N "$P" "$@" 2>/dev/null
}

peer_nbr()	# AF -> dcvifd's address
{
	if [[ $1 == -6 ]]; then echo 2001:db8:ff::1; else echo 10.0.0.1; fi
}

peer_established()
{
	local n

	n=$(peer_nbr "$1")
	[[ $(vtysh_ -c "show bgp neighbors $n json" | jq -r ".\"$n\".bgpState") == Established ]]
}

peer_route()
{
	local pfx=192.0.2.0/24 af=ipv4

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48 af=ipv6
	pfx=${2:-$pfx}
	vtysh_ -c "show bgp $af unicast $pfx json" | jq -r --arg p "$pfx" '
		.paths[0] // empty |
		"\($p) via \(.nexthops | map(select(.scope != "link-local")) | .[0].ip) as_path \(.aspath.string)"'
}

# peer_communities AF [PREFIX]: the communities of dcvifd's prefix, "A:B C:D"
peer_communities()
{
	local pfx=192.0.2.0/24 af=ipv4

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48 af=ipv6
	pfx=${2:-$pfx}
	vtysh_ -c "show bgp $af unicast $pfx json" | jq -r '.paths[0].community.string // empty'
}

# peer_tag COMMUNITY: the peer's IPv4 prefix carries it (after peer_conf)
peer_tag()
{
	sed -i -e "s|^router bgp|route-map TAG permit 10\n set community $1\n!\n&|" \
		-e 's|^\( *network 198.51.100.0/24\)$|\1 route-map TAG|' "$WORK/frr.conf"
}

peer_network()	# no|"" AF
{
	local pfx=198.51.100.0/24 af=ipv4

	[[ $2 == -6 ]] && pfx=2001:db8:200::/48 af=ipv6
	vtysh_ -c "configure terminal" -c "router bgp $P_AS" \
		-c "address-family $af unicast" -c "$1 network $pfx" > /dev/null
}

peer_withdraw()
{
	peer_network no "$1"
}

peer_announce()
{
	peer_network "" "$1"
}

peer_last_error()
{
	local n

	n=$(peer_nbr "$1")
	vtysh_ -c "show bgp neighbors $n json" | jq -r ".\"$n\".lastNotificationReason // empty"
}
