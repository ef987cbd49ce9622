# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# ExaBGP as the peer: routes from its config, withdraw/announce through
# its API (a helper process reading commands from a fifo), received
# updates logged as JSON by the same helper.

peer_name=exabgp
peer_export="peer_nbr"

peer_conf()	# peer_conf KEY
{
	cat > "$WORK/exa-api.sh" <<-'EOF'
	#!/bin/bash
	# ExaBGP API process: JSON from exabgp to a file, commands from a fifo
	dir=$(dirname "$0")
	# a background job reads /dev/null unless told otherwise
	exec 4<&0
	cat <&4 > "$dir/exa-rx.json" &
	exec 3<> "$dir/exa-cmd.fifo"
	while IFS= read -r line <&3; do
		printf '%s\n' "$line"
	done
	EOF
	chmod 755 "$WORK/exa-api.sh"
	rm -f "$WORK/exa-cmd.fifo"
	mkfifo "$WORK/exa-cmd.fifo"
	cat > "$WORK/exabgp.conf" <<-EOF
	process api {
		run $WORK/exa-api.sh;
		encoder json;
	}
	template {
		neighbor dcvifd {
			router-id 10.0.0.2;
			local-as $P_AS;
			peer-as $D_AS;
			md5-password "$1";
			hold-time 90;
			api {
				processes [ api ];
				neighbor-changes;
				receive { parsed; update; notification; }
			}
		}
	}
	neighbor 10.0.0.1 {
		inherit dcvifd;
		local-address 10.0.0.2;
		family { ipv4 unicast; }
		static { route 198.51.100.0/24 next-hop self; }
	}
	neighbor 2001:db8:ff::1 {
		inherit dcvifd;
		local-address 2001:db8:ff::2;
		family { ipv6 unicast; }
		static { route 2001:db8:200::/48 next-hop self; }
	}
	EOF
}

peer_start()
{
	: > "$WORK/exa-rx.json"
	env exabgp.daemon.user=root exabgp.log.destination="$WORK/exabgp.log" \
		exabgp.log.level=INFO exabgp.tcp.delay=0 \
		exabgp.api.ack=false exabgp.api.pipename="exa-$P" \
		exabgp.tcp.bind="" \
		ip netns exec "$P" exabgp "$WORK/exabgp.conf" \
		>> "$WORK/exabgp.out" 2>&1 &
	EXA_PID=$!
	defer peer_stop
}

peer_stop()
{
	[[ -n ${EXA_PID:-} ]] || return 0
	kill -CONT "$EXA_PID" 2>/dev/null
	kill "$EXA_PID" 2>/dev/null
	wait "$EXA_PID" 2>/dev/null
	EXA_PID=
}

peer_pid()
{
	echo "$EXA_PID"
}

peer_nbr()
{
	if [[ $1 == -6 ]]; then echo 2001:db8:ff::1; else echo 10.0.0.1; fi
}

peer_established()
{
	# the last state message ExaBGP sent its API for this neighbor
	[[ $(jq -r --arg n "$(peer_nbr "$1")" \
		'select(.type == "state" and .neighbor.address.peer == $n) | .neighbor.state' \
		"$WORK/exa-rx.json" 2>/dev/null | tail -1) == up ]]
}

peer_route()
{
	local pfx=192.0.2.0/24 fam="ipv4 unicast"

	[[ $1 == -6 ]] && pfx=2001:db8:100::/48 fam="ipv6 unicast"
	jq -r --arg p "$pfx" --arg f "$fam" '
		select(.type == "update") | .neighbor.message.update |
		select(.announce[$f] != null) |
		.attribute["as-path"] as $path |
		.announce[$f] | to_entries[] |
		select(.value | map(.nlri) | index($p)) |
		"\($p) via \(.key) as_path \($path | map(tostring) | join(" "))"' \
		"$WORK/exa-rx.json" 2>/dev/null | tail -1
}

exa_cmd()
{
	printf '%s\n' "$1" > "$WORK/exa-cmd.fifo"
}

peer_withdraw()
{
	if [[ $1 == -6 ]]; then
		exa_cmd "neighbor 2001:db8:ff::1 withdraw route 2001:db8:200::/48 next-hop self"
	else
		exa_cmd "neighbor 10.0.0.1 withdraw route 198.51.100.0/24 next-hop self"
	fi
}

peer_announce()
{
	if [[ $1 == -6 ]]; then
		exa_cmd "neighbor 2001:db8:ff::1 announce route 2001:db8:200::/48 next-hop self"
	else
		exa_cmd "neighbor 10.0.0.1 announce route 198.51.100.0/24 next-hop self"
	fi
}

peer_last_error()
{
	jq -r --arg n "$(peer_nbr "$1")" \
		'select(.type == "notification" and .neighbor.address.peer == $n) |
		 "received \(.neighbor.notification.code)/\(.neighbor.notification.subcode)"' \
		"$WORK/exa-rx.json" 2>/dev/null | tail -1
}
