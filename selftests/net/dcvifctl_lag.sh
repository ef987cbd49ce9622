#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifctl lag show / show lag and the LAG events of dcvifctl monitor, end
# to end against the kernel's "dcvif" generic netlink family: a dclag LAG
# with "lacp off" (members count on carrier) and min-links 2, a member's
# peer taken down and up again.
#
#  +-------------- $NS1 --------------+   +---------- $NS2 ----------+
#  | lag0 (dclag, lacp off,           |   |                          |
#  |       min-links 2)               |   |                          |
#  |   a0 ----------------------------+---+--- b0 (veth)             |
#  |   a1 ----------------------------+---+--- b1 (veth; down, up)   |
#  +----------------------------------+   +--------------------------+
#
# Runs inside the VM: selftests/vm/vm.sh -k KVER -- selftests/net/dcvifctl_lag.sh

source "$(dirname "$0")/dcvif_lib.sh"

CTL=${DCVIFCTL:-$DCVIF_TOP/userspace/dcvifctl/dcvifctl}
DCVIFD=${DCVIFD:-$DCVIF_TOP/userspace/dcvifd/dcvifd}
require_cmd "$CTL" jq

ALL_TESTS="
	lag_show_json
	lag_show_text
	lag_show_errors
	lag_metrics
	monitor_lag_events
"

ctl() { # ns args...
	local ns=$1
	shift
	ip netns exec "$ns" "$CTL" "$@"
}

ifindex_of() { # ns dev
	ip -n "$1" -j link show dev "$2" | jq '.[0].ifindex'
}

# As dcvif_bfd_cli.sh: the monitor has joined its group.
monitor_ready() { # ns pid
	busywait 5000 ip netns exec "$1" awk -v pid="$2" \
		'$2 == 16 && $3 == pid && $4 != "00000000" { f = 1 } END { exit !f }' \
		/proc/net/netlink
}

monitor_start() { # ns args...
	local ns=$1
	shift
	MON=$(mktemp)
	defer rm -f "$MON"
	ip netns exec "$ns" "$CTL" "$@" monitor > "$MON" &
	MON_PID=$!
	defer kill -KILL "$MON_PID" 2> /dev/null
	monitor_ready "$ns" "$MON_PID"
}

exited() { # pid
	[[ ! -e /proc/$1 || $(awk '{ print $3 }' "/proc/$1/stat" 2> /dev/null) == Z ]]
}

monitor_stop() { # signal
	kill -"$1" "$MON_PID"
	if ! busywait 5000 exited "$MON_PID"; then
		kill -KILL "$MON_PID"
		wait "$MON_PID"
		return 124
	fi
	wait "$MON_PID"
}

lag_carrier_is() { # true|false
	[[ $(ctl "$NS1" -j lag show dev lag0 | jq -c '.[0].carrier') == "$1" ]]
}

setup() {
	local i

	dcvif_load || exit 1
	ns_create NS1 NS2
	ip -n "$NS1" link add lag0 type dclag lacp off min-links 2
	for i in 0 1; do
		ip -n "$NS1" link add "a$i" type veth peer name "b$i" netns "$NS2"
		ip -n "$NS1" link set "a$i" master lag0
		ip -n "$NS2" link set "b$i" up
	done
	ip -n "$NS1" link set lag0 up
	wait_oper_up "$NS1" lag0 a0 a1 || exit 1
}

lag_show_json() {
	local want
	RET=0
	want=$(printf '{"dev":"lag0","ifindex":%s,"carrier":true,"min_links":2,"active_members":2,"members":2,"lacp":"off","lacp_rate":"slow","micro_bfd":false,"member":[{"dev":"a0","ifindex":%s,"carrier":true,"active":true,"reason":"none"},{"dev":"a1","ifindex":%s,"carrier":true,"active":true,"reason":"none"}]}' \
		"$(ifindex_of "$NS1" lag0)" "$(ifindex_of "$NS1" a0)" "$(ifindex_of "$NS1" a1)")
	check_eq "$(ctl "$NS1" -j lag show dev lag0 | jq -c '.[0]')" "$want" "lag show dev lag0 -j"
	check_eq "$(ctl "$NS1" -j lag show | jq -c '.[]')" "$want" "lag show -j (dump)"
	check_eq "$(ctl "$NS1" -j show lag | jq -c '.[]')" "$want" "show lag -j"
	check_eq "$(ctl "$NS2" -j lag show)" "[]" "no LAG in the other namespace"
	log_test "lag show -j: every field of the LAG and of its members"
}

lag_show_text() {
	RET=0
	check_eq "$(ctl "$NS1" lag show)" \
"lag0 carrier on min-links 2 active 2/2 lacp off slow micro-bfd off
  MEMBER  CARRIER  ACTIVE  REASON  ACTOR  PARTNER  MICRO-BFD
  a0      on       on      none    -      -        -
  a1      on       on      none    -      -        -" "lag show"
	check_eq "$(ctl "$NS1" show lag dev lag0)" "$(ctl "$NS1" lag show)" "show lag dev lag0"
	log_test "lag show: the LAG's line and its members' table"
}

lag_show_errors() {
	local out
	RET=0
	out=$(ctl "$NS1" lag show dev a0 2>&1)
	check_eq "$?" 1 "lag show dev a0: exit status"
	[[ $out == Error:* ]]
	check_err $? "lag show dev a0 (not a LAG): no kernel error: $out"
	out=$(ctl "$NS1" lag show dev nosuch0 2>&1)
	check_eq "$out" 'dcvifctl: lag show: cannot find device "nosuch0"' "missing device"
	log_test "lag show of a device that is no LAG is refused"
}

# dcvifd's metrics listener (dcvifd.conf "metrics listen") in $NS1 serves
# the module's samples that dcvifctl metrics printed (the same renderer);
# a dcvifd without vif blocks or neighbors leaves the LAG and VIF alone
lag_metrics_http() { # tmp
	local tmp=$1 pid

	if ! command -v curl > /dev/null || [[ ! -x $DCVIFD ]]; then
		log_info "no curl or $DCVIFD: the HTTP scrape is left out"
		return 0
	fi
	cat > "$tmp/dcvifd.conf" <<-EOF
	router-id 192.0.2.1
	local-as 65001
	control-socket "$tmp/dcvifd.sock"
	state-directory "$tmp/state"
	metrics listen 127.0.0.1 port 9101
	EOF
	chmod 600 "$tmp/dcvifd.conf"
	ip netns exec "$NS1" "$DCVIFD" -d -f "$tmp/dcvifd.conf" > "$tmp/dcvifd.log" 2>&1 &
	pid=$!
	defer kill -TERM "$pid"
	busywait 10000 test -S "$tmp/dcvifd.sock" > /dev/null
	check_err $? "dcvifd did not start: $(tail -n 3 "$tmp/dcvifd.log")"
	check_eq "$(ip netns exec "$NS1" curl -sS -m 5 -o "$tmp/h.prom" -w '%{http_code} %{content_type}' http://127.0.0.1:9101/metrics)" \
		"200 text/plain; version=0.0.4; charset=utf-8" "GET /metrics from dcvifd"
	if command -v promtool > /dev/null; then
		promtool check metrics < "$tmp/h.prom" > "$tmp/promtool.log" 2>&1
		check_err $? "promtool (HTTP): $(head -n 3 "$tmp/promtool.log")"
	fi
	check_eq "$(grep -E '^(dcvif_module_up|dcvifd_up|dclag_[a-z_]*\{lag="lag0"\}|dclag_member_(active|carrier)|dcvif_vif_(carrier|info))' "$tmp/h.prom" | paste -sd' ')" \
		'dcvif_module_up 1 dcvif_vif_info{vif="v300",lower="lag0",vlan="300",carrier_reason="none"} 1 dcvif_vif_carrier{vif="v300"} 1 dclag_carrier{lag="lag0"} 1 dclag_active_members{lag="lag0"} 2 dclag_min_links{lag="lag0"} 2 dclag_members{lag="lag0"} 2 dclag_member_active{lag="lag0",member="a0"} 1 dclag_member_carrier{lag="lag0",member="a0"} 1 dclag_member_active{lag="lag0",member="a1"} 1 dclag_member_carrier{lag="lag0",member="a1"} 1 dcvifd_up 1' \
		"the module's samples over HTTP (dcvifd_up 1: the daemon itself)"
	check_eq "$(grep '^# TYPE dcvif_\|^# TYPE dclag_' "$tmp/h.prom" | sort | md5sum)" \
		"$(grep '^# TYPE dcvif_\|^# TYPE dclag_' "$tmp/m.prom" | sort | md5sum)" "the module's families as dcvifctl metrics"
}

lag_metrics() {
	local tmp
	RET=0
	tmp=$(mktemp -d) && defer rm -rf "$tmp"
	# a VIF on the LAG, for the VIF's samples
	ip -n "$NS1" link add link lag0 name v300 type dcvif id 300
	ip -n "$NS1" link set v300 up
	wait_oper_up "$NS1" v300 || { log_test "v300 not up"; return; }
	ctl "$NS1" metrics > "$tmp/m.prom" 2> "$tmp/m.err"
	check_err $? "dcvifctl metrics: $(cat "$tmp/m.err")"
	if command -v promtool > /dev/null; then
		promtool check metrics < "$tmp/m.prom" > "$tmp/promtool.log" 2>&1
		check_err $? "promtool: $(head -n 3 "$tmp/promtool.log")"
	fi
	check_eq "$(grep -E '^(dcvif_module_up|dcvifd_up|dclag_[a-z_]*\{lag="lag0"\}|dclag_member_(active|carrier)|dcvif_vif_(carrier|info))' "$tmp/m.prom" | paste -sd' ')" \
		'dcvif_module_up 1 dcvif_vif_info{vif="v300",lower="lag0",vlan="300",carrier_reason="none"} 1 dcvif_vif_carrier{vif="v300"} 1 dclag_carrier{lag="lag0"} 1 dclag_active_members{lag="lag0"} 2 dclag_min_links{lag="lag0"} 2 dclag_members{lag="lag0"} 2 dclag_member_active{lag="lag0",member="a0"} 1 dclag_member_carrier{lag="lag0",member="a0"} 1 dclag_member_active{lag="lag0",member="a1"} 1 dclag_member_carrier{lag="lag0",member="a1"} 1 dcvifd_up 0' \
		"the module's samples"
	lag_metrics_http "$tmp"
	# a member cut: the LAG below min-links
	ip -n "$NS2" link set b1 down
	busywait 5000 bash -c "ip netns exec $NS1 $CTL metrics | grep -q '^dclag_carrier{lag=\"lag0\"} 0'" > /dev/null
	check_err $? "dclag_carrier not 0 below min-links"
	busywait 5000 bash -c "ip netns exec $NS1 $CTL metrics | grep -q '^dcvif_vif_carrier{vif=\"v300\"} 0'" > /dev/null
	check_err $? "dcvif_vif_carrier not 0 on a LAG below min-links: $(ip -n "$NS1" -j link show v300 | jq -c '.[0] | [.flags, .operstate]')"
	check_eq "$(ctl "$NS1" metrics | grep -E '^(dclag_active_members|dclag_member_active\{lag="lag0",member="a1"\}|dcvif_vif_carrier)' | paste -sd' ')" \
		'dcvif_vif_carrier{vif="v300"} 0 dclag_active_members{lag="lag0"} 1 dclag_member_active{lag="lag0",member="a1"} 0' \
		"after the cut"
	ip -n "$NS2" link set b1 up
	ip -n "$NS1" link del v300
	wait_oper_up "$NS1" lag0 || true
	log_test "dcvifctl metrics: LAG, members and VIF as Prometheus text (promtool), following a member cut below min-links"
}

monitor_lag_events() {
	local mon ev lx a1x
	RET=0
	monitor_start "$NS1" -j
	mon=$MON
	ip -n "$NS2" link set b1 down
	busywait 5000 lag_carrier_is false
	check_err $? "lag0 kept carrier with one member of min-links 2"
	check_eq "$(ctl "$NS1" -j lag show dev lag0 | jq -c '.[0] | [.active_members, (.member[1] | .carrier, .active, .reason)]')" \
		'[1,false,false,"carrier"]' "a1 inactive for want of carrier"
	ip -n "$NS2" link set b1 up
	busywait 5000 lag_carrier_is true
	check_err $? "lag0 carrier not back"
	busywait 5000 bash -c "[[ \$(jq -c 'select(.event == \"lag_carrier\") | .carrier' $mon | paste -sd,) == false,true ]]"
	check_err $? "lag_carrier events"
	monitor_stop INT
	check_err $? "monitor did not exit 0 on SIGINT"

	lx=$(ifindex_of "$NS1" lag0)
	a1x=$(ifindex_of "$NS1" a1)
	ev=$(jq -c 'select(.event | startswith("lag")) | del(.time)' "$mon")
	check_eq "$ev" \
"{\"event\":\"lag_member\",\"dev\":\"lag0\",\"ifindex\":$lx,\"member\":\"a1\",\"member_ifindex\":$a1x,\"carrier\":false,\"active\":false,\"reason\":\"carrier\"}
{\"event\":\"lag_carrier\",\"dev\":\"lag0\",\"ifindex\":$lx,\"carrier\":false,\"min_links\":2,\"active_members\":1}
{\"event\":\"lag_member\",\"dev\":\"lag0\",\"ifindex\":$lx,\"member\":\"a1\",\"member_ifindex\":$a1x,\"carrier\":true,\"active\":true,\"reason\":\"none\"}
{\"event\":\"lag_carrier\",\"dev\":\"lag0\",\"ifindex\":$lx,\"carrier\":true,\"min_links\":2,\"active_members\":2}" \
		"monitor -j: member off, carrier off, member on, carrier on"

	# the same in text
	monitor_start "$NS1"
	mon=$MON
	ip -n "$NS2" link set b1 down
	busywait 5000 lag_carrier_is false
	busywait 5000 bash -c "grep -q 'lag0 carrier off' $mon"
	monitor_stop TERM
	check_err $? "text monitor did not exit 0 on SIGTERM"
	ip -n "$NS2" link set b1 up
	check_eq "$(sed -E 's/^[^ ]+ //' "$mon" | grep '^lag0 ')" \
"lag0 member a1 active off (carrier)
lag0 carrier off (active 1, min-links 2)" "monitor text lines"
	busywait 5000 lag_carrier_is true
	log_test "monitor: lag_member and lag_carrier events, -j and text"
}

setup
tests_run
exit "$EXIT_STATUS"
