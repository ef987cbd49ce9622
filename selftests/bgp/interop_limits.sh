#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prefix limits against BIRD 2: the outbound guard (max-prefix-out, AWS's
# 100/1000 by VIF type) and the inbound max-prefix (Cease/Maximum Number of
# Prefixes Reached and Idle as AWS does, restart, warning-only, clear).
#
#   +------------------------------+         +--------------------------------+
#   | netns $D: dcvifd  AS 65001   |  veth   | netns $P: BIRD 2               |
#   |  vd 10.0.0.1/24 (to aws)     |---------|  vp 10.0.0.2 "aws"  AS 64512   |
#   |     10.0.0.5/24 (to feed)    |         |     10.0.0.3 "feed" AS 64600   |
#   |  network 192.0.2.0/24        |         |                                |
#   |                              |         |     feed announces 10 prefixes |
#   +------------------------------+         |     (7 in s_a, 3 in s_b)       |
#                                            +--------------------------------+
# dcvifd learns the 10 from "feed" and, announce all, would send 11 to "aws".
# t_metrics_http scrapes dcvifd's metrics listener with curl from $D
# (127.0.0.1) and from $P (2001:db8:ff::1, after a reload).

source "$(dirname "$0")/bgp_lib.sh"
# peer_stop, birdc_ (its own bird.conf is written here)
source "$BGP_DIR/peer_bird.sh"

ALL_TESTS="
	t_out_guard
	t_out_reload
	t_in_idle
	t_in_restart
	t_in_warning
	t_comm_out
	t_well_known
	t_metrics
	t_metrics_http
	t_prefix_lists
"

AWS_AS=64512
FEED_AS=64600

bird_conf()	# bird_conf: "aws" takes all, "feed" sends s_a (7) and s_b (3)
{
	local i

	{
		echo "router id 10.0.0.2;"
		echo "log \"$WORK/bird.log\" all;"
		echo "protocol device {}"
		echo "protocol static s_a { ipv4;"
		for i in 1 2 3 4 5 6 7; do
			# WELL_KNOWN=1: 203.0.1.0/24 NO_EXPORT, 203.0.2.0/24 NO_ADVERTISE
			if [[ ${WELL_KNOWN:-0} == 1 && $i -le 2 ]]; then
				echo "  route 203.0.$i.0/24 blackhole { bgp_community.add((65535,$((65280 + i)))); };"
			elif [[ ${WELL_KNOWN:-0} == 1 && $i -le 4 ]]; then
				# AWS's public VIF tags: this region, this continent
				echo "  route 203.0.$i.0/24 blackhole { bgp_community.add((7224,$((8100 + 100 * (i - 3))))); };"
			else
				echo "  route 203.0.$i.0/24 blackhole;"
			fi
		done
		echo "}"
		echo "protocol static s_b { ipv4;"
		for i in 8 9 10; do echo "  route 203.0.$i.0/24 blackhole;"; done
		echo "}"
		cat <<-EOF
		protocol bgp aws {
			local 10.0.0.2 as $AWS_AS;
			neighbor 10.0.0.1 as $D_AS;
			connect retry time 1;
			error wait time 1, 2;
			ipv4 { import all; export none; };
		}
		protocol bgp feed {
			local 10.0.0.3 as $FEED_AS;
			neighbor 10.0.0.5 as $D_AS;
			connect retry time 1;
			error wait time 1, 2;
			ipv4 { import none; export where proto = "s_a" || proto = "s_b"; };
		}
		EOF
	} > "$WORK/bird.conf"
}

conf()	# conf AWS_OPTIONS FEED_OPTIONS [GLOBAL_STATEMENTS]
{
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 10.0.0.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	network 192.0.2.0/24
	${3:-}
	neighbor 10.0.0.2 {
		description "aws"
		remote-as $AWS_AS
		connect-retry 1
		$1
	}
	neighbor 10.0.0.3 {
		description "feed"
		remote-as $FEED_AS
		local-address 10.0.0.5
		connect-retry 1
		announce none
		$2
	}
	EOF
}

start()	# start AWS_OPTIONS FEED_OPTIONS [GLOBAL_STATEMENTS]
{
	topo || return 1
	# BIRD tells its two sessions apart by our address
	ip -n "$P" addr add 10.0.0.3/24 dev vp
	ip -n "$D" addr add 10.0.0.5/24 dev vd
	conf "$1" "$2" "${3:-}"
	bird_conf
	dcvifd_start
	peer_start
}

# what BIRD's "aws" holds from dcvifd: the number of routes
aws_routes() { birdc_ show route protocol aws count | sed -n 's/^\([0-9]*\) of .*/\1/p'; }
aws_has() { [[ $(aws_routes) == "$1" ]]; }
# "Import updates: received" of BIRD's aws: every route dcvifd ever sent
aws_updates() { birdc_ show protocols all aws | awk '/Import updates:/ { print $3 }'; }
lim() { ctl -j show neighbor 10.0.0.2 | jq -c "$1"; }
feed() { ctl -j show neighbor 10.0.0.3 | jq -r "$1"; }

t_out_guard()
{
	RET=0
	start "max-prefix-out 5" "" || { log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	check_err $? "sessions not Established"
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq .prefixes_received) == 10 ]]" > /dev/null
	check_err $? "dcvifd did not learn the 10 prefixes of feed"
	busywait 5000 aws_has 5 > /dev/null
	check_err $? "BIRD's aws has $(aws_routes) routes, want 5 (the limit)"
	sleep 2
	check_eq "$(aws_routes)" 5 "routes at BIRD after 2 s more"
	check_eq "$(aws_updates)" 5 "updates BIRD received: the excess never sent"
	check_eq "$(lim '[.prefixes_sent, .prefix_limit.out, .prefix_limit.out_source, .prefix_limit.held.ipv4, .prefix_limit.held_total]')" \
		'[5,5,"config",6,6]' "sent, limit, source, held, held_total"
	check_eq "$(grep -c 'held back, not sent' "$WORK/dcvifd.log")" 1 "log lines about holding back"
	log_info "$(grep 'held back' "$WORK/dcvifd.log" | sed 's/^.*neighbor/neighbor/')"

	# 3 of feed's routes go: held ones take the room, still 5 in all
	birdc_ disable s_b > /dev/null
	busywait 5000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.2 | jq -c '[.prefixes_sent, .prefix_limit.held.ipv4]') == '[5,3]' ]]" > /dev/null
	check_err $? "after 3 withdrawals: sent/held $(lim '[.prefixes_sent, .prefix_limit.held.ipv4]'), want [5,3]"
	check_eq "$(aws_routes)" 5 "routes at BIRD after 3 withdrawals"
	# all of feed's go: only our own network is left, nothing held
	birdc_ disable s_a > /dev/null
	busywait 5000 aws_has 1 > /dev/null
	check_err $? "BIRD's aws has $(aws_routes) routes, want 1"
	check_eq "$(lim '[.prefixes_sent, .prefix_limit.held.ipv4, .prefix_limit.held_total]')" '[1,0,6]' \
		"sent, held, held_total with nothing to hold"
	check_eq "$(lim '.established')" 1 "aws session never reset"
	log_test "max-prefix-out 5, 11 wanted: BIRD gets exactly 5 (5 updates), 6 held, logged once; withdrawals let held ones through"
}

t_out_reload()
{
	RET=0
	start "max-prefix-out 5" "" || { log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 aws_has 5 > /dev/null
	check_err $? "BIRD's aws has $(aws_routes), want 5"
	conf "max-prefix-out 20" ""
	kill -HUP "$DCVIFD_PID"
	busywait 5000 aws_has 11 > /dev/null
	check_err $? "after raising to 20: BIRD has $(aws_routes), want 11"
	check_eq "$(lim '[.prefixes_sent, .prefix_limit.held.ipv4, .established]')" '[11,0,1]' "raised: sent, held, established"
	conf "max-prefix-out 2" ""
	kill -HUP "$DCVIFD_PID"
	busywait 5000 aws_has 2 > /dev/null
	check_err $? "after lowering to 2: BIRD has $(aws_routes), want 2"
	check_eq "$(lim '[.prefixes_sent, .prefix_limit.held.ipv4, .established]')" '[2,9,1]' "lowered: sent, held, established"
	# a config whose networks alone do not fit is refused, the old one kept
	conf "max-prefix-out 2
		}
		neighbor 10.0.0.9 {
		remote-as 65099
		max-prefix-out 0" ""
	sed -i 's|^network 192.0.2.0/24$|network 192.0.2.0/24\nnetwork 192.0.3.0/24\nnetwork 192.0.4.0/24|' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 grep -q 'more than the 2 prefixes neighbor 10.0.0.2 may be sent' "$WORK/dcvifd.log"
	check_err $? "reload with 3 networks past a limit of 2 not refused in the log"
	sleep 1
	check_eq "$(aws_routes)" 2 "routes at BIRD after the refused reload"
	check_eq "$(ctl -j show neighbors | jq length)" 2 "neighbors after the refused reload"
	log_test "reload: max-prefix-out raised (all sent) and lowered (excess withdrawn) without a reset; networks past it refused, old config kept"
}

t_in_idle()
{
	RET=0
	start "" "max-prefix 8" || { log_test "setup"; return; }
	capture_start
	wait_established 10.0.0.2
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq -r .prefix_limit.idle) == true ]]" > /dev/null
	check_err $? "feed not Idle after max-prefix"
	check_eq "$(feed '[.state, .last_notification_sent, .prefixes_received, .prefix_limit.in_exceeded] | @csv')" \
		'"Idle","6/1",0,1' "state, notification, prefixes kept, count"
	sleep 4
	check_eq "$(feed .state)" Idle "state 4 s later (BIRD retries every second)"
	check_eq "$(feed .established)" 1 "sessions established in all"
	capture_stop
	check_eq "$(wire | grep -c '10.0.0.5>10.0.0.3 NOTIFICATION 6/1')" 1 "Cease/1 on the wire"
	check_eq "$(grep -c 'feed: Received: Maximum number of prefixes reached' "$WORK/bird.log")" 1 "BIRD's log"
	log_info "BIRD: $(grep -m1 'feed: Received' "$WORK/bird.log" | cut -d' ' -f3-)"
	check_eq "$(grep -c 'connection refused: Idle after max-prefix' "$WORK/dcvifd.log" | awk '{ print ($1 > 0) }')" 1 \
		"BIRD's connections refused while Idle"
	ctl clear neighbor 10.0.0.3 > /dev/null
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq .prefix_limit.in_exceeded) == 2 ]]" > /dev/null
	check_err $? "clear did not start it again (exceeded count $(feed .prefix_limit.in_exceeded), want 2)"
	log_test "max-prefix 8, 10 received: Cease/Maximum Number of Prefixes Reached on the wire, Idle and stays (BIRD sees it); clear starts it again"
}

t_in_restart()
{
	RET=0
	start "" "max-prefix 8 restart 2" || { log_test "setup"; return; }
	busywait 15000 bash -c "(( \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq .prefix_limit.in_exceeded) >= 2 ))" > /dev/null
	check_err $? "not exceeded twice within 15 s with restart 2 (count $(feed .prefix_limit.in_exceeded))"
	check_eq "$(feed .established)" 2 "established twice: the restart"
	log_test "max-prefix 8 restart 2: the session comes back by itself after 2 s (and ends again)"
}

t_in_warning()
{
	RET=0
	start "" "max-prefix 8 warning-only" || { log_test "setup"; return; }
	wait_established 10.0.0.3
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq .prefixes_received) == 10 ]]" > /dev/null
	check_err $? "feed: $(feed .prefixes_received) received, want 10"
	sleep 2
	check_eq "$(feed '[.state, .established, .prefix_limit.in_exceeded, .prefix_limit.in_action] | @csv')" \
		'"Established",1,1,"warning-only"' "state, established, exceeded, action"
	check_eq "$(grep -c 'more than max-prefix 8 (warning-only' "$WORK/dcvifd.log")" 1 "warning logged once"
	log_test "max-prefix 8 warning-only: 10 received and kept, session up, one warning"
}

# BGP.community of a route at BIRD's aws, e.g. "(7224,7300)"
aws_comm() { birdc_ show route "$1" protocol aws all | sed -n 's/^.*BGP.community: *//p'; }

t_comm_out()
{
	RET=0
	start "local-preference high" "" || { log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 aws_has 11 > /dev/null
	check_err $? "BIRD's aws has $(aws_routes), want 11"
	check_eq "$(aws_comm 192.0.2.0/24)" "(7224,7300)" "our network at BIRD"
	check_eq "$(aws_comm 203.0.5.0/24)" "(7224,7300)" "a learned route at BIRD"
	log_info "BIRD: 192.0.2.0/24 BGP.community: $(aws_comm 192.0.2.0/24)"
	conf "local-preference low
		scope global" ""
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \"\$(birdc -s $WORK/bird.ctl show route 192.0.2.0/24 protocol aws all | sed -n 's/^.*BGP.community: *//p')\" == '(7224,7100) (7224,9300)' ]]" > /dev/null
	check_err $? "after reload: $(aws_comm 192.0.2.0/24), want (7224,7100) (7224,9300)"
	check_eq "$(aws_comm 203.0.5.0/24)" "(7224,7100) (7224,9300)" "a learned route after reload"
	check_eq "$(lim .established)" 1 "aws session not reset by the reload"
	log_test "local-preference high: BIRD sees 7224:7300 on every route; reloaded to low + scope global: 7224:7100 7224:9300, no reset"
}

t_well_known()
{
	RET=0
	WELL_KNOWN=1 start "" "" || { log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq .prefixes_received) == 10 ]]" > /dev/null
	check_err $? "dcvifd did not learn the 10 prefixes of feed"
	busywait 5000 aws_has 9 > /dev/null
	check_err $? "BIRD's aws has $(aws_routes), want 9 (11 less NO_EXPORT and NO_ADVERTISE)"
	check_eq "$(birdc_ show route 203.0.1.0/24 protocol aws | grep -c 203.0.1.0)" 0 "NO_EXPORT route at BIRD"
	check_eq "$(birdc_ show route 203.0.2.0/24 protocol aws | grep -c 203.0.2.0)" 0 "NO_ADVERTISE route at BIRD"
	check_eq "$(ip -n "$D" -4 route show 203.0.1.0/24 proto 243 | wc -l)" 1 "NO_EXPORT route in dcvifd's FIB"
	check_eq "$(for i in 3 4 5; do ctl -j show routes 203.0.$i.0/24 | jq -c '.[0].paths[0] | [.communities, .aws_origin]'; done | paste -sd' ')" \
		'[["7224:8100"],"region"] [["7224:8200"],"continent"] [[],null]' "AWS's 7224:8100/8200 shown as aws_origin"
	log_test "NO_EXPORT and NO_ADVERTISE (RFC 1997): used, never sent on (BIRD gets 9 of 11); 7224:8100/8200 shown as aws_origin region/continent"
}

t_metrics()
{
	RET=0
	start "max-prefix-out 5" "" || { log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 aws_has 5 > /dev/null
	ctl metrics file "$WORK/dcvif.prom"
	check_err $? "dcvifctl metrics failed"
	check_eq "$(ls "$WORK" | grep -c 'dcvif.prom.tmp')" 0 "temporary file left"
	promtool check metrics < "$WORK/dcvif.prom" > "$WORK/promtool.log" 2>&1
	check_err $? "promtool check metrics: $(head -n 3 "$WORK/promtool.log")"
	check_eq "$(grep -E '^(dcvifd_up|dcvifd_bgp_(session_established|prefixes_sent|prefixes_held|prefix_limit_out|prefixes_received)\{neighbor="10.0.0.[23]"|dcvifd_rib_prefixes)' "$WORK/dcvif.prom" | sort | paste -sd' ')" \
		'dcvifd_bgp_prefix_limit_out{neighbor="10.0.0.2"} 5 dcvifd_bgp_prefix_limit_out{neighbor="10.0.0.3"} 0 dcvifd_bgp_prefixes_held{neighbor="10.0.0.2",afi="ipv4"} 6 dcvifd_bgp_prefixes_held{neighbor="10.0.0.2",afi="ipv6"} 0 dcvifd_bgp_prefixes_held{neighbor="10.0.0.3",afi="ipv4"} 0 dcvifd_bgp_prefixes_held{neighbor="10.0.0.3",afi="ipv6"} 0 dcvifd_bgp_prefixes_received{neighbor="10.0.0.2"} 0 dcvifd_bgp_prefixes_received{neighbor="10.0.0.3"} 10 dcvifd_bgp_prefixes_sent{neighbor="10.0.0.2"} 5 dcvifd_bgp_prefixes_sent{neighbor="10.0.0.3"} 0 dcvifd_bgp_session_established{neighbor="10.0.0.2",remote_as="64512",interface=""} 1 dcvifd_bgp_session_established{neighbor="10.0.0.3",remote_as="64600",interface=""} 1 dcvifd_rib_prefixes{afi="ipv4"} 11 dcvifd_rib_prefixes{afi="ipv6"} 0 dcvifd_up 1' \
		"the BGP samples"
	check_eq "$(grep -c '^dcvif_module_up 0$' "$WORK/dcvif.prom")" 1 "no module on the host: dcvif_module_up 0"
	# every message counter of show neighbor, ROUTE-REFRESH included
	check_eq "$(grep -E '^dcvifd_bgp_messages_(sent|received)_total\{neighbor="10.0.0.2",type=' "$WORK/dcvif.prom" |
		sed 's/^.*type="\([a-z_]*\)"} .*$/\1/' | sort | uniq -c | awk '{ print $2 "=" $1 }' | paste -sd' ')" \
		"keepalive=2 notification=2 open=2 route_refresh=2 update=2" "message counters, sent and received, by type"
	# without a metrics statement dcvifd listens on BGP's port only
	check_eq "$(tcp_listeners)" "0.0.0.0:179 [::]:179" "dcvifd's TCP listeners without a metrics statement"
	log_test "dcvifctl metrics file: Prometheus text promtool accepts; sessions, prefixes sent/received/held, the limit, the RIB"
}

# the TCP ports listened on in $D, sorted, on one line
tcp_listeners() { ip netns exec "$D" ss -Hltn | awk '{ print $4 }' | sort | paste -sd' '; }

# scrape NS URL: the body into $WORK/http.prom, prints "CODE CONTENT-TYPE"
scrape() { ip netns exec "$1" curl -sS -m 5 -o "$WORK/http.prom" -w '%{http_code} %{content_type}' "$2"; }

# the samples that do not move while the sessions are idle, sorted
steady() { grep -E '^(dcvif_module_up|dcvifd_up|dcvifd_bgp_(session_established|session_state|prefixes_sent|prefixes_held|prefix_limit_out|prefixes_received)\{|dcvifd_(rib_prefixes|fib_routes)[ {])' "$1" | sort; }

t_metrics_http()
{
	local i s

	RET=0
	start "max-prefix-out 5" "" "metrics listen 127.0.0.1 port 9101" ||
		{ log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 aws_has 5 > /dev/null
	check_err $? "aws has $(aws_routes), want 5"
	check_eq "$(grep -c 'metrics: listening on 127.0.0.1 port 9101' "$WORK/dcvifd.log")" 1 "the log says where it listens"
	check_eq "$(scrape "$D" http://127.0.0.1:9101/metrics)" "200 text/plain; version=0.0.4; charset=utf-8" "GET /metrics"
	ctl metrics > "$WORK/ctl.prom"
	check_err $? "dcvifctl metrics failed"
	promtool check metrics < "$WORK/http.prom" > "$WORK/promtool.log" 2>&1
	check_err $? "promtool check metrics on the HTTP body: $(head -n 3 "$WORK/promtool.log")"
	check_eq "$(grep '^# TYPE' "$WORK/http.prom" | sort | md5sum)" "$(grep '^# TYPE' "$WORK/ctl.prom" | sort | md5sum)" "the same families as dcvifctl metrics"
	check_eq "$(grep -c '^# TYPE' "$WORK/http.prom")" 14 "families (no module on the host)"
	check_eq "$(steady "$WORK/http.prom" | md5sum)" "$(steady "$WORK/ctl.prom" | md5sum)" "the same session and prefix samples as dcvifctl metrics"
	check_eq "$(grep -E '^(dcvifd_up|dcvif_module_up|dcvifd_bgp_(session_established|prefixes_(received|sent))\{neighbor="10.0.0.[23]"|dcvifd_rib_prefixes)' "$WORK/http.prom" | sort | paste -sd' ')" \
		'dcvif_module_up 0 dcvifd_bgp_prefixes_received{neighbor="10.0.0.2"} 0 dcvifd_bgp_prefixes_received{neighbor="10.0.0.3"} 10 dcvifd_bgp_prefixes_sent{neighbor="10.0.0.2"} 5 dcvifd_bgp_prefixes_sent{neighbor="10.0.0.3"} 0 dcvifd_bgp_session_established{neighbor="10.0.0.2",remote_as="64512",interface=""} 1 dcvifd_bgp_session_established{neighbor="10.0.0.3",remote_as="64600",interface=""} 1 dcvifd_rib_prefixes{afi="ipv4"} 11 dcvifd_rib_prefixes{afi="ipv6"} 0 dcvifd_up 1' \
		"the BGP samples over HTTP"
	# HEAD: the headers of GET, no body
	check_eq "$(ip netns exec "$D" curl -sS -m 5 -I -o /dev/null -w '%{http_code} %{content_type} %{size_download}' http://127.0.0.1:9101/metrics)" \
		"200 text/plain; version=0.0.4; charset=utf-8 0" "HEAD /metrics"
	# two scrapes on one connection (keep-alive)
	check_eq "$(ip netns exec "$D" curl -sS -m 5 -o /dev/null -o /dev/null -w '%{http_code} %{num_connects}\n' http://127.0.0.1:9101/metrics http://127.0.0.1:9101/metrics | paste -sd' ')" \
		"200 1 200 0" "a second GET on the same connection"
	for s in / /metrics/ /metrics.txt /favicon.ico; do
		check_eq "$(scrape "$D" "http://127.0.0.1:9101$s")" "404 text/plain; charset=utf-8" "GET $s"
	done
	for s in POST PUT DELETE OPTIONS; do
		check_eq "$(ip netns exec "$D" curl -sS -m 5 -X "$s" -o /dev/null -D - -w '%{http_code}' http://127.0.0.1:9101/metrics | grep -i -e '^Allow:' -e '^[0-9]' | tr -d '\r' | paste -sd' ')" \
			"Allow: GET, HEAD 405" "$s /metrics"
	done
	# 4 idle connections from one address: a fifth is turned away; the 4
	# are closed after 10 s idle, then a scrape gets through again
	ip netns exec "$D" python3 -c '
import socket, sys, time
ss = [socket.create_connection(("127.0.0.1", 9101)) for _ in range(4)]
print("open", flush=True)
t = time.monotonic()
for s in ss:
	s.settimeout(20)
	n = len(s.recv(1))
print("closed", len(ss), "by the server after", "%.0f" % (time.monotonic() - t), "s")
' > "$WORK/idle.out" 2>&1 &
	busywait 5000 bash -c "[[ \$(ip netns exec $D ss -Htn state established '( sport = :9101 )' | wc -l) == 4 ]]" > /dev/null
	check_err $? "the 4 idle connections were not accepted"
	ip netns exec "$D" curl -s -m 5 -o /dev/null http://127.0.0.1:9101/metrics
	i=$?
	[[ $i == 52 || $i == 56 ]]
	check_err $? "a fifth connection from the same address: curl exit $i, want 52 or 56 (closed at once)"
	busywait 15000 bash -c "[[ \$(ip netns exec $D curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9101/metrics) == 200 ]]" > /dev/null
	check_err $? "no scrape got through after the idle connections' timeout"
	wait $!
	# 10 s, and a second's slack either way for a loaded machine
	check_eq "$(head -n 1 "$WORK/idle.out")" open "the 4 idle connections opened"
	[[ $(sed -n 2p "$WORK/idle.out") =~ ^closed\ 4\ by\ the\ server\ after\ (9|10|11)\ s$ ]]
	check_err $? "idle connections not closed after 10 s: $(cat "$WORK/idle.out")"
	# a reload moves it: IPv6, scraped from the peer's namespace
	sed -i 's|^metrics listen .*|metrics listen 2001:db8:ff::1 port 9102|' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$(ip netns exec $P curl -s -o /dev/null -w '%{http_code}' 'http://[2001:db8:ff::1]:9102/metrics') == 200 ]]" > /dev/null
	check_err $? "no answer on [2001:db8:ff::1]:9102 after the reload"
	check_eq "$(scrape "$P" 'http://[2001:db8:ff::1]:9102/metrics')" "200 text/plain; version=0.0.4; charset=utf-8" "GET over IPv6 from the peer"
	promtool check metrics < "$WORK/http.prom" > "$WORK/promtool.log" 2>&1
	check_err $? "promtool check metrics (IPv6): $(head -n 3 "$WORK/promtool.log")"
	ip netns exec "$D" curl -s -m 5 -o /dev/null http://127.0.0.1:9101/metrics
	check_eq "$?" 7 "the old address refuses connections after the reload (curl: 7)"
	check_eq "$(tcp_listeners)" "0.0.0.0:179 [2001:db8:ff::1]:9102 [::]:179" "dcvifd's TCP listeners"
	# an address not on the box: logged, no listener, the daemon goes on
	sed -i 's|^metrics listen .*|metrics listen 10.0.0.99 port 9101|' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 grep -q 'metrics: cannot listen on 10.0.0.99 port 9101, no metrics over HTTP: Cannot assign requested address' "$WORK/dcvifd.log"
	check_err $? "no log of the bind failure: $(grep metrics: "$WORK/dcvifd.log" | tail -n 2)"
	check_eq "$(tcp_listeners)" "0.0.0.0:179 [::]:179" "no metrics listener after the failed bind"
	check_eq "$(lim .state)" '"Established"' "sessions stay up through the failed bind"
	# the statement gone: no listener
	sed -i '/^metrics listen/d' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 bash -c "[[ \$(grep -c 'configuration reloaded' $WORK/dcvifd.log) == 3 ]]" > /dev/null
	ip netns exec "$P" curl -s -m 5 -o /dev/null 'http://[2001:db8:ff::1]:9102/metrics'
	check_eq "$?" 7 "no statement, no listener (curl: 7, connection refused)"
	check_eq "$(tcp_listeners)" "0.0.0.0:179 [::]:179" "dcvifd's TCP listeners without the statement"
	log_test "metrics listen: GET /metrics 200 with the text of dcvifctl metrics (promtool, same families and BGP samples), HEAD, keep-alive, 404, 405, 4 connections from one address, 10 s idle timeout; moved to IPv6 by reload, a bind failure logged, gone when the statement is"
}

t_prefix_lists()
{
	RET=0
	# feed's 203.0.1-7 (s_a) pass 203.0.0.0/21 le 24, 203.0.8-10 (s_b) not;
	# aws is sent our network and 203.0.1.0/24 only
	start "export prefix-list to-aws" "import prefix-list from-feed" \
		"prefix-list from-feed { 203.0.0.0/21 le 24 }; prefix-list to-aws { 192.0.2.0/24; 203.0.1.0/24 }" ||
		{ log_test "setup"; return; }
	wait_established 10.0.0.2 && wait_established 10.0.0.3
	busywait 10000 bash -c "[[ \$($DCVIFCTL -s $WORK/dcvifd.sock -j show neighbor 10.0.0.3 | jq -c '[.prefixes_received, .prefixes_filtered_in]') == '[7,3]' ]]" > /dev/null
	check_err $? "feed: received, filtered $(feed -c '[.prefixes_received, .prefixes_filtered_in]'), want [7,3]"
	check_eq "$(ip -n "$D" -4 route show proto 243 | awk '{ print $1 }' | sort -V | paste -sd' ')" \
		"203.0.1.0/24 203.0.2.0/24 203.0.3.0/24 203.0.4.0/24 203.0.5.0/24 203.0.6.0/24 203.0.7.0/24" "FIB: only what the import list passed"
	busywait 5000 aws_has 2 > /dev/null
	check_err $? "aws has $(aws_routes), want 2"
	check_eq "$(birdc_ show route protocol aws | awk '/^[0-9]/ { print $1 }' | sort -V | paste -sd' ')" \
		"192.0.2.0/24 203.0.1.0/24" "what BIRD's aws has"
	# the export list grows by reload: sent without a reset
	sed -i 's|203.0.1.0/24 }|203.0.1.0/24; 203.0.2.0/24 }|' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 aws_has 3 > /dev/null
	check_err $? "after the reload aws has $(aws_routes), want 3"
	check_eq "$(lim .established)" 1 "aws session not reset"
	log_test "import prefix-list (7 of 10 taken, 3 counted as filtered) and export prefix-list (2, then 3 after a reload, no reset), BIRD both ends"
}

require_cmd bird birdc jq tcpdump curl promtool ss
tests_run
exit "$EXIT_STATUS"
