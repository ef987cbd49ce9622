#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dclag's in-kernel LACP against teamd's lacp runner (libteam, userspace
# LACP over the kernel team driver): convergence with the exact actor and
# partner state seen from both ends, traffic both ways (the LAGs, and a
# dcvif VIF to an 8021q VLAN on the team device), and teamd hung (SIGSTOP)
# while every carrier stays up: the members leave after the short timeout
# with reason lacp, the LAG and its VIF go down, and all come back when
# teamd runs again.
#
#  +---------------- $NS1 ----------------+   +-------------- $NS2 ---------------+
#  | v100 (dcvif id 100) 10.1.0.1/24      |   |           team0.100 10.1.0.2/24   |
#  | lag0 (dclag, lacp active, fast,      |   |           team0 (teamd lacp       |
#  |       min-links 2) 10.0.0.1/24       |   |             active fast) 10.0.0.2 |
#  |   a0 a1 a2 (veth) -------------------+---+---------- b0 b1 b2                |
#  +--------------------------------------+   +-----------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

LAGYNL=("/usr/bin/python3" "$DCVIF_TOP/selftests/net/dclag_ynl.py")
FULL="activity,timeout,aggregation,sync,collecting,distributing"

ALL_TESTS="
	teamd_converge
	teamd_hung
"

require_cmd teamd teamdctl jq

setup() {
	local conf=/tmp/dclag-teamd.json

	dcvif_load || exit 1
	modprobe team || exit 1
	modprobe team_mode_loadbalance || exit 1
	ns_create NS1 NS2
	ns_no_dad "$NS1"
	ns_no_dad "$NS2"
	ip -n "$NS1" link add lag0 type dclag lacp active lacp-rate fast min-links 2
	for i in 0 1 2; do
		ip -n "$NS1" link add "a$i" type veth peer name "b$i" netns "$NS2"
		ip -n "$NS1" link set "a$i" master lag0
	done
	# teamd creates team0 and takes the (down) ports itself; control
	# over its UNIX socket only (no D-Bus in the VM).
	cat > "$conf" <<-EOF
	{
		"device": "team0",
		"runner": { "name": "lacp", "active": true, "fast_rate": true,
			    "tx_hash": ["eth", "ipv4", "ipv6", "l4"] },
		"link_watch": { "name": "ethtool" },
		"ports": { "b0": {}, "b1": {}, "b2": {} }
	}
	EOF
	ip netns exec "$NS2" teamd -d -U -f "$conf" 2> /tmp/dclag-teamd.log || {
		cat /tmp/dclag-teamd.log
		exit 1
	}
	defer teamd_stop
	busywait 10000 ip -n "$NS2" link show team0 > /dev/null || exit 1
	ip -n "$NS1" addr add 10.0.0.1/24 dev lag0
	ip -n "$NS2" addr add 10.0.0.2/24 dev team0
	ip -n "$NS1" link add link lag0 name v100 type dcvif id 100
	ip -n "$NS2" link add link team0 name team0.100 type vlan id 100
	ip -n "$NS1" addr add 10.1.0.1/24 dev v100
	ip -n "$NS2" addr add 10.1.0.2/24 dev team0.100
	for d in lag0 v100; do ip -n "$NS1" link set "$d" up; done
	for d in team0 team0.100; do ip -n "$NS2" link set "$d" up; done
}

teamd_pid() {
	cat /run/teamd/team0.pid
}

teamd_stop() {
	kill -CONT "$(teamd_pid)" 2> /dev/null
	ip netns exec "$NS2" teamd -t team0 -k
}

lag_data() { # field of info_data of lag0
	link_field "$NS1" lag0 "d['linkinfo']['info_data']$1"
}

member_data() { # member field
	link_field "$NS1" "$1" "d['linkinfo']['info_slave_data']$2"
}

active_members() { # wait until lag0 has exactly N active members
	busywait "${2:-15000}" bash -c "[[ \$(ip -n $NS1 -d -j link show lag0) == *'\"active_members\":$1}'* ]]" > /dev/null
}

wait_oper() { # ns dev state
	busywait 10000 bash -c "[[ \$(ip -n $1 -j link show dev $2) == *'\"operstate\":\"$3\"'* ]]" > /dev/null
}

# teamd's view of each port, one line per port in b0 b1 b2 order: its
# LACP state, selected, its actor state, and its partner (us): system,
# key, port, state.
teamd_ports() {
	ip netns exec "$NS2" teamdctl -U team0 state dump |
		jq -r '.ports | to_entries | sort_by(.key)[] | .value.runner |
			[.state, .selected, .actor_lacpdu_info.state,
			 .partner_lacpdu_info.system, .partner_lacpdu_info.key,
			 .partner_lacpdu_info.port, .partner_lacpdu_info.state] | @tsv'
}

teamd_converge() {
	local i mac key want="" members="" teammac

	RET=0
	active_members 3 30000
	check_err $? "LACP did not converge on 3 members: $(lag_data "")"
	wait_oper "$NS1" lag0 UP
	check_err $? "LAG not up"
	mac=$(link_field "$NS1" lag0 "d['address']")
	key=$(link_field "$NS1" lag0 "d['ifindex']")
	teammac=$(link_field "$NS2" team0 "d['address']")
	for i in 0 1 2; do
		busywait 10000 bash -c "[[ \$(ip -n $NS1 -d -j link show a$i) == *'\"active\":true,\"reason\":\"none\"'* ]]" > /dev/null
		check_err $? "a$i not active: $(member_data "a$i" "")"
		check_eq "$(member_data "a$i" "['lacp_actor_state'], d['linkinfo']['info_slave_data']['lacp_partner_state']")" \
			"('$FULL', '$FULL')" "a$i actor and partner state (ip -d -j)"
		members+="[$(link_field "$NS1" "a$i" "d['ifindex']"), 1, 1, 'none', 63, 63, '$teammac', 0], "
		# Key: the LAG's ifindex; port numbers 1-3 in joining order.
		want+="current	true	63	$mac	$key	$((i + 1))	63
"
	done
	# Our side through genl: state bits 63 both ways, the partner system
	# is team0's address.
	check_eq "$(ip netns exec "$NS1" "${LAGYNL[@]}" get lag0 \
		"[d['carrier'], d['active-members'], [[m['ifindex'], m['carrier'], m['active'], m['reason'], m['lacp-actor-state'], m['lacp-partner-state'], m['lacp-partner-system'], m['lacpdu-bad']] for m in d['member']]]" | tr '"' "'")" \
		"[1, 3, [${members%, }]]" "lag-get lag0"
	# teamd's side: all three selected and current, in sync with us.
	busywait 10000 bash -c "[[ \"\$(ip netns exec $NS2 teamdctl -U team0 state dump | jq -c '[.ports[].runner.actor_lacpdu_info.state]')\" == '[63,63,63]' ]]" > /dev/null
	check_eq "$(teamd_ports)" "${want%$'\n'}" "teamd's ports: state, selected, actor, partner"
	check_eq "$(ip netns exec "$NS2" teamdctl -U team0 state dump | jq -c '.runner | [.active, .fast_rate]')" \
		"[true,true]" "teamd runner active, fast"

	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.0.0.2 > /dev/null
	check_err $? "no ping from the LAG to team0"
	ip netns exec "$NS2" ping -q -c 3 -i 0.2 -W 2 10.0.0.1 > /dev/null
	check_err $? "no ping from team0 to the LAG"
	wait_oper "$NS1" v100 UP
	check_err $? "VIF not up"
	ip netns exec "$NS1" ping -q -c 3 -i 0.2 -W 2 10.1.0.2 > /dev/null
	check_err $? "no ping from the VIF to 8021q on team0"
	ip netns exec "$NS2" ping -q -c 3 -i 0.2 -W 2 10.1.0.1 > /dev/null
	check_err $? "no ping from 8021q on team0 to the VIF"
	log_test "dclag LACP with teamd: converges (both views exact), traffic both ways, VIF to 8021q"
}

teamd_hung() {
	local i

	RET=0
	active_members 3 30000
	check_err $? "not converged"
	# teamd stops; the team driver and every carrier stay up.
	kill -STOP "$(teamd_pid)"
	check_err $? "cannot stop teamd"
	active_members 0
	check_err $? "members did not leave after the LACP timeout: $(lag_data "")"
	for i in 0 1 2; do
		check_eq "$(link_field "$NS1" "a$i" "d['operstate'], d['linkinfo']['info_slave_data']['active'], d['linkinfo']['info_slave_data']['reason']")" \
			"('UP', False, 'lacp')" "a$i carrier up, inactive for LACP"
	done
	wait_oper "$NS1" lag0 DOWN
	check_err $? "LAG up without LACP partner"
	wait_oper "$NS1" v100 LOWERLAYERDOWN
	check_err $? "VIF not down with its LAG"

	kill -CONT "$(teamd_pid)"
	active_members 3 30000
	check_err $? "members did not come back with teamd: $(lag_data "")"
	wait_oper "$NS1" lag0 UP
	check_err $? "LAG not back up"
	wait_oper "$NS1" v100 UP
	check_err $? "VIF not back up"
	busywait 10000 ip netns exec "$NS1" ping -q -c 1 -W 1 10.1.0.2 > /dev/null
	check_err $? "no traffic after teamd came back"
	log_test "dclag LACP with teamd: teamd hung, carrier up: members leave (lacp), LAG down, back"
}

setup
tests_run
exit "$EXIT_STATUS"
