#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In-kernel BFD on VIFs: between two dcvif VIFs, and against FRR's bfdd on
# the kernel's 8021q; BFD Down takes the VIF's carrier (routes linkdown),
# Up brings it back; spoofed packets are dropped and counted; only
# CAP_NET_ADMIN changes sessions. The genl client is the kernel's own YNL
# library driven by Documentation/netlink/specs/dcvif.yaml (dcvif_ynl.py).
#
#  +------------------- $CUST -------------------+    +-------------------- $AWS --------------------+
#  | v100: dcvif id 100                          |    | a100: dcvif id 100    (dcvif <-> dcvif)      |
#  |   10.100.0.1/30  2001:db8:100::1/64         |    | aws0.200: 8021q id 200 + FRR bfdd            |
#  | v200: dcvif id 200                          |    |   10.200.0.2/30  2001:db8:200::2/64          |
#  |   10.200.0.1/30  2001:db8:200::1/64         |    |                                              |
#  |        cust0 ------------------------------ veth ------------------------ aws0                 |
#  +---------------------------------------------+    +----------------------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	dcvif_pair_up
	peer_silent_takes_carrier
	never_up_keeps_carrier
	coupling_off
	spoofed_packets
	unprivileged_refused
	frr_bfdd_interop
	bird_interop_auth
	rmmod_with_1000_sessions
"

YNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dcvif_ynl.py")
cy() { ip netns exec "$CUST" "${YNL[@]}" "$@"; }
ay() { ip netns exec "$AWS" "${YNL[@]}" "$@"; }

setup() {
	dcvif_load || exit 1
	[[ -f $DCVIF_TOP/build/ynl/tools/net/ynl/lib/ynl.py ]] ||
		{ echo "# build/ynl missing: run selftests/host/genl_spec.sh first"; exit 1; }
	ns_create CUST AWS
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name v100 type dcvif id 100
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200
	ip -n "$AWS" link add link aws0 name a100 type dcvif id 100
	ip -n "$AWS" link add link aws0 name aws0.200 type vlan id 200
	ip -n "$CUST" addr add 10.100.0.1/30 dev v100
	ip -n "$CUST" addr add 2001:db8:100::1/64 dev v100
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$CUST" addr add 2001:db8:200::1/64 dev v200
	ip -n "$AWS" addr add 10.100.0.2/30 dev a100
	ip -n "$AWS" addr add 2001:db8:100::2/64 dev a100
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	ip -n "$AWS" addr add 2001:db8:200::2/64 dev aws0.200
	for d in v100 v200; do ip -n "$CUST" link set "$d" up; done
	for d in a100 aws0.200; do ip -n "$AWS" link set "$d" up; done
	wait_oper_up "$CUST" v100 v200
	# A route through v100, to watch it go linkdown.
	ip -n "$CUST" route add 192.0.2.0/24 via 10.100.0.2 dev v100
}

state() { cy get "$1" "$2" state; } # vif peer

wait_state() { # vif peer state timeout_ms
	busywait "$4" bash -c "[[ \$(ip netns exec $CUST ${YNL[*]} get $1 $2 state) == '\"$3\"' ]]"
}

dcvif_pair_up() {
	RET=0
	check_eq "$(cy new v100 10.100.0.1 10.100.0.2 desired-min-tx=300000 required-min-rx=300000 |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["local-discr"] > 0)')" \
		True "session created, discriminator chosen by the kernel"
	ay new a100 10.100.0.2 10.100.0.1 desired-min-tx=300000 required-min-rx=300000 >/dev/null
	check_err $? "peer session"
	cy new v100 2001:db8:100::1 2001:db8:100::2 desired-min-tx=300000 required-min-rx=300000 >/dev/null &&
		ay new a100 2001:db8:100::2 2001:db8:100::1 desired-min-tx=300000 required-min-rx=300000 >/dev/null
	check_err $? "IPv6 sessions"
	wait_state v100 10.100.0.2 up 10000
	check_eq "$(state v100 10.100.0.2)" '"up"' "IPv4 session Up"
	wait_state v100 2001:db8:100::2 up 10000
	check_eq "$(state v100 2001:db8:100::2)" '"up"' "IPv6 session Up"
	check_eq "$(cy get v100 10.100.0.2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["remote-state"], d["tx-interval"], d["detect-time"], d["stats"]["up-transitions"])')" \
		"up 300000 900000 1" "negotiated 300 ms x 3"
	check_eq "$(cy vif v100 carrier)" 1 "carrier on"
	log_test "dcvif <-> dcvif BFD, IPv4 and IPv6, comes Up at 300 ms x 3"
}

peer_silent_takes_carrier() {
	local t0 t1
	RET=0
	ip netns exec "$CUST" "${YNL[@]}" monitor 40 > /tmp/bfd-monitor.json &
	local mpid=$!
	busywait 20000 grep -q ready /tmp/bfd-monitor.json
	t0=$(date +%s%N)
	# The peer goes silent on both families: the link itself stays up.
	ay del a100 10.100.0.1 && ay del a100 2001:db8:100::1
	check_err $? "peer sessions deleted"
	wait_state v100 10.100.0.2 down 5000
	t1=$(date +%s%N)
	log_info "Down seen $(( (t1 - t0) / 1000000 )) ms after the peer went silent (detect time 900 ms; includes two YNL calls and polling, ~1 s each under TCG)"
	check_eq "$(cy get v100 10.100.0.2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["state"], d["diag"], d["last-down-diag"], d["stats"]["down-transitions"])')" \
		"down detect-expired detect-expired 1" "Down, Control Detection Time Expired"
	check_eq "$(cy vif v100 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["carrier"], d["carrier-reason"])')" \
		"0 bfd" "carrier off because of BFD"
	# 6.1 calls any stacked device without carrier LOWERLAYERDOWN; 6.12
	# looks at the lower, which is up.
	check_eq "$(link_field "$CUST" v100 'd["operstate"], "NO-CARRIER" in d["flags"]')" \
		"$(kmsg "('DOWN', True)" "('LOWERLAYERDOWN', True)")" "VIF operstate, NO-CARRIER"
	check_eq "$(ip -n "$CUST" -j route show 192.0.2.0/24 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["flags"])')" \
		"['linkdown']" "route via the VIF is linkdown"
	kill $mpid 2>/dev/null; wait $mpid 2>/dev/null
	grep -q '"name": "bfd-state-ntf".*"old-state": "up".*"state": "down".*"diag": "detect-expired"' /tmp/bfd-monitor.json ||
		grep -q '"old-state": "up", .*"state": "down"' /tmp/bfd-monitor.json
	check_err $? "state change event on monitor: $(head -c 600 /tmp/bfd-monitor.json)"
	grep -q '"carrier": 0, "carrier-reason": "bfd"' /tmp/bfd-monitor.json
	check_err $? "carrier event on monitor"
	# The peer comes back: Up again, carrier back, route usable.
	ay new a100 10.100.0.2 10.100.0.1 desired-min-tx=300000 required-min-rx=300000 >/dev/null
	ay new a100 2001:db8:100::2 2001:db8:100::1 desired-min-tx=300000 required-min-rx=300000 >/dev/null
	wait_state v100 10.100.0.2 up 10000
	wait_state v100 2001:db8:100::2 up 10000
	busywait 3000 bash -c "[[ \$(ip -n $CUST -j link show v100) == *'\"operstate\":\"UP\"'* ]]"
	check_eq "$(cy vif v100 carrier)" 1 "carrier back"
	check_eq "$(ip -n "$CUST" -j route show 192.0.2.0/24 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["flags"])')" \
		"[]" "route usable again"
	ip netns exec "$CUST" ping -c 1 -W 2 10.100.0.2 >/dev/null
	check_err $? "traffic"
	log_test "peer silent: Down on detection, VIF carrier off, routes linkdown; back Up: carrier on"
}

never_up_keeps_carrier() {
	RET=0
	cy new v200 10.200.0.1 10.200.0.9 >/dev/null
	check_err $? "session to a peer that never answers"
	sleep 2
	check_eq "$(state v200 10.200.0.9)" '"down"' "stays Down"
	check_eq "$(cy vif v200 carrier)" 1 "a session never Up never takes carrier"
	cy del v200 10.200.0.9
	log_test "a session that has never been Up leaves the carrier alone"
}

coupling_off() {
	RET=0
	cy set v100 10.100.0.2 carrier-coupling=0 && cy set v100 2001:db8:100::2 carrier-coupling=0
	check_err $? "coupling off"
	ay set a100 10.100.0.1 admin-down=1 && ay set a100 2001:db8:100::1 admin-down=1
	check_err $? "peer AdminDown"
	wait_state v100 10.100.0.2 down 5000
	check_eq "$(cy get v100 10.100.0.2 diag)" '"neighbor-down"' "Neighbor Signaled Session Down"
	check_eq "$(cy vif v100 carrier)" 1 "uncoupled: carrier stays"
	ay set a100 10.100.0.1 admin-down=0 && ay set a100 2001:db8:100::1 admin-down=0
	wait_state v100 10.100.0.2 up 10000
	cy set v100 10.100.0.2 carrier-coupling=1 && cy set v100 2001:db8:100::2 carrier-coupling=1
	log_test "carrier coupling can be switched off per session"
}

# Control packets forged from the AWS side with scapy, into the VIF's VLAN.
spoof() { # ttl version your_discr
	ip netns exec "$AWS" /usr/bin/python3 - "$@" <<'PY'
import sys
from scapy.all import Ether, Dot1Q, IP, UDP, Raw, sendp, get_if_hwaddr
import struct
ttl, ver, yd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3], 0)
bfd = struct.pack("!BBBBIIIII", ver << 5, 3 << 6, 3, 24, 0x1234, yd, 100000, 100000, 0)
dst = open("/tmp/cust0.mac").read().strip()
p = Ether(src=get_if_hwaddr("aws0"), dst=dst) / Dot1Q(vlan=100) / \
    IP(src="10.100.0.2", dst="10.100.0.1", ttl=ttl) / UDP(sport=49999, dport=3784) / Raw(bfd)
sendp(p, iface="aws0", count=5, verbose=False)
PY
}

spoofed_packets() {
	local discr before after
	RET=0
	link_field "$CUST" cust0 'd["address"]' > /tmp/cust0.mac
	discr=$(cy get v100 10.100.0.2 local-discr)
	before=$(cy get v100 10.100.0.2 stats)
	spoof 254 1 "$discr"
	spoof 255 2 "$discr"
	spoof 255 1 0x7777
	sleep 0.5
	after=$(cy get v100 10.100.0.2 stats)
	check_eq "$(python3 -c "
import json
b, a = json.loads('$before'), json.loads('$after')
print({k: a[k] - b[k] for k in ('drop-bad-ttl', 'drop-malformed', 'down-transitions')})")" \
		"{'drop-bad-ttl': 5, 'drop-malformed': 5, 'down-transitions': 0}" \
		"TTL 254 and bad version dropped and counted, no flap"
	check_eq "$(cy vif v100 bfd-drop-no-session | tr -d '"')" 5 "unknown discriminator counted on the VIF"
	check_eq "$(state v100 10.100.0.2)" '"up"' "still Up"
	log_test "spoofed packets (TTL 254, version 2, unknown discriminator) dropped, counted"
}

unprivileged_refused() {
	RET=0
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" new v200 10.200.0.1 10.200.0.7)" "Error:  (EPERM)" "new as nobody"
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" del v100 10.100.0.2)" "Error:  (EPERM)" "del as nobody"
	check_eq "$(ip netns exec "$CUST" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"${YNL[@]}" get v100 10.100.0.2 state)" '"up"' "reading is allowed"
	check_eq "$(cy get v200 10.200.0.7 2>&1)" \
		"Error: dcvif: no BFD session with this peer on the VIF (ENOENT)" "nothing created"
	log_test "an unprivileged user cannot create or delete sessions"
}

frr_bfdd_interop() {
	local dir=/tmp/frr-$AWS
	RET=0
	require_cmd /usr/lib/frr/bfdd
	mkdir -p "$dir" "/run/frr/$AWS"
	cat > "$dir/zebra.conf" <<-EOF
	hostname aws
	EOF
	cat > "$dir/bfdd.conf" <<-EOF
	log file $dir/bfdd.log debugging
	bfd
	 peer 10.200.0.1 local-address 10.200.0.2 interface aws0.200
	  receive-interval 300
	  transmit-interval 300
	  detect-multiplier 3
	 !
	 peer 2001:db8:200::1 local-address 2001:db8:200::2 interface aws0.200
	  receive-interval 300
	  transmit-interval 300
	  detect-multiplier 3
	 !
	!
	EOF
	chmod 755 "$dir"; chmod 644 "$dir"/*.conf
	chown -R frr:frr "/run/frr"
	ip netns exec "$AWS" /usr/lib/frr/zebra -d -N "$AWS" -f "$dir/zebra.conf" -u frr -g frr \
		-i "/run/frr/$AWS/zebra.pid"
	check_err $? "zebra"
	busywait 5000 test -S "/run/frr/$AWS/zserv.api"
	ip netns exec "$AWS" /usr/lib/frr/bfdd -d -N "$AWS" -f "$dir/bfdd.conf" -u frr -g frr \
		-i "/run/frr/$AWS/bfdd.pid"
	check_err $? "bfdd"
	defer pkill -F "/run/frr/$AWS/zebra.pid"
	cy new v200 10.200.0.1 10.200.0.2 >/dev/null && cy new v200 2001:db8:200::1 2001:db8:200::2 >/dev/null
	check_err $? "dcvif sessions at AWS's 300 ms x 3"
	wait_state v200 10.200.0.2 up 20000
	check_eq "$(state v200 10.200.0.2)" '"up"' "Up with FRR bfdd, IPv4"
	wait_state v200 2001:db8:200::2 up 20000
	check_eq "$(state v200 2001:db8:200::2)" '"up"' "Up with FRR bfdd, IPv6"
	pkill -KILL -F "/run/frr/$AWS/bfdd.pid"
	wait_state v200 10.200.0.2 down 5000
	check_eq "$(cy get v200 10.200.0.2 diag)" '"detect-expired"' "bfdd killed: Down, detection expired"
	check_eq "$(cy vif v200 carrier)" 0 "carrier off"
	# A killed bfdd leaves its sockets behind.
	rm -f "/run/frr/$AWS"/bfdd.*
	ip netns exec "$AWS" /usr/lib/frr/bfdd -d -N "$AWS" -f "$dir/bfdd.conf" -u frr -g frr \
		-i "/run/frr/$AWS/bfdd.pid"
	defer pkill -F "/run/frr/$AWS/bfdd.pid"
	# bfdd starts afresh (new discriminator, slow 1 s TX), under TCG.
	wait_state v200 10.200.0.2 up 60000
	check_eq "$(state v200 10.200.0.2)" '"up"' "bfdd back: Up
$(cy get v200 10.200.0.2; cy vif v200; pgrep -a bfdd; tail -n 30 "$dir/bfdd.log")"
	busywait 3000 bash -c "[[ \$(ip netns exec $CUST ${YNL[*]} vif v200 carrier) == 1 ]]"
	check_eq "$(cy vif v200 carrier)" 1 "carrier back"
	log_test "interop with FRR bfdd (IPv4, IPv6, 300 ms x 3): Up, killed -> Down, back -> Up"
}

# BIRD 2 on the AWS side's 8021q, once per authentication type: the session
# comes Up, then an interval change while Up (Poll/Final) causes no flap.
bird_run() { # clause
	local dir=/tmp/bird-$AWS
	mkdir -p "$dir"
	[[ -f $dir/pid ]] && kill "$(cat "$dir/pid")" && sleep 0.5
	cat > "$dir/bird.conf" <<-EOF
	router id 10.200.0.2;
	protocol device { }
	protocol bfd {
		interface "aws0.200" { interval 300 ms; multiplier 3; $1 };
		neighbor 10.200.0.1 dev "aws0.200" local 10.200.0.2;
	}
	EOF
	ip netns exec "$AWS" bird -c "$dir/bird.conf" -s "$dir/ctl" -P "$dir/pid"
}

bird_state() {
	ip netns exec "$AWS" birdc -s "/tmp/bird-$AWS/ctl" show bfd sessions |
		awk '$1 == "10.200.0.1" { print $3 }'
}

bird_interop_auth() {
	local i type clause key downs
	local -a clauses=(
		"authentication none;"
		'authentication simple; password "s3cret" { id 7; };'
		'authentication keyed md5; password "md5-s3cret" { id 7; };'
		'authentication meticulous keyed md5; password "md5-s3cret" { id 7; };'
		'authentication keyed sha1; password "sha1-s3cret-0123456" { id 7; };'
		'authentication meticulous keyed sha1; password "sha1-s3cret-0123456" { id 7; };'
	)
	local -a keys=(x s3cret md5-s3cret md5-s3cret sha1-s3cret-0123456 sha1-s3cret-0123456)
	RET=0
	require_cmd bird birdc
	cy del v200 10.200.0.2 2>/dev/null
	cy del v200 2001:db8:200::2 2>/dev/null
	for i in 0 1 2 3 4 5; do
		bird_run "${clauses[i]}"
		if ((i)); then
			cy new v200 10.200.0.1 10.200.0.2 auth-type=$i auth-key-id=7 "auth-key=${keys[i]}" >/dev/null
		else
			cy new v200 10.200.0.1 10.200.0.2 >/dev/null
		fi
		check_err $? "session, auth type $i"
		wait_state v200 10.200.0.2 up 20000
		check_eq "$(state v200 10.200.0.2)" '"up"' "dcvif Up with BIRD, auth type $i"
		check_eq "$(bird_state)" Up "BIRD's view, auth type $i"
		check_eq "$(cy get v200 10.200.0.2 auth-type)" \
			"$(python3 -c "print('\"' + ['none','simple','keyed-md5','meticulous-keyed-md5','keyed-sha1','meticulous-keyed-sha1'][$i] + '\"')")" \
			"auth type reported"
		# Poll/Final: 300 -> 200 ms while Up, no flap.
		downs=$(cy get v200 10.200.0.2 stats.down-transitions)
		cy set v200 10.200.0.2 desired-min-tx=200000 required-min-rx=200000
		busywait 5000 bash -c "[[ \$(ip netns exec $CUST ${YNL[*]} get v200 10.200.0.2 desired-min-tx) == 200000 ]]"
		sleep 1
		check_eq "$(cy get v200 10.200.0.2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["state"], d["tx-interval"], d["stats"]["down-transitions"], d["stats"]["drop-auth"])')" \
			"up 300000 $downs 0" "after Poll/Final (BIRD keeps 300 ms RX), auth type $i"
		cy del v200 10.200.0.2
	done
	# A wrong key never comes Up, and the drops are counted.
	bird_run "${clauses[4]}"
	cy new v200 10.200.0.1 10.200.0.2 auth-type=4 auth-key-id=7 auth-key=wrong-key >/dev/null
	sleep 4
	check_eq "$(cy get v200 10.200.0.2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["state"], d["stats"]["up-transitions"], d["stats"]["drop-auth"] > 0)')" \
		"down 0 True" "wrong SHA1 key: never Up, drops counted"
	cy del v200 10.200.0.2
	kill "$(cat "/tmp/bird-$AWS/pid")"
	log_test "interop with BIRD 2: no auth and each auth type Up, Poll/Final without a flap, wrong key refused"
}

rmmod_with_1000_sessions() {
	RET=0
	ip -n "$CUST" link add link cust0 name v300 type dcvif id 300
	ip -n "$CUST" addr add 10.30.0.1/16 dev v300
	ip -n "$CUST" link set v300 up
	check_eq "$(cy many v300 10.30.0.1 1000)" 1000 "1000 sessions"
	check_eq "$(cy vif v300 bfd-sessions)" 1000 "counted"
	sleep 2
	rmmod dcvif
	check_err $? "rmmod"
	check_eq "$(vif_count "$CUST")" 0 "VIFs gone"
	dcvif_load
	log_test "rmmod with 1000 live sessions"
}

setup
tests_run
exit "$EXIT_STATUS"
