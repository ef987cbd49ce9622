#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every refusal of the dcvif link kind: its exact message, and that nothing
# else changed (all links and addresses of the netns compared before/after).
#
#  +----------------------------- $NS ------------------------------+
#  | v200: dcvif id 200       cust0.300: 8021q id 300               |
#  |        \                  /                                    |
#  |         cust0 (veth, mtu 1500) ---- peer0      br0 <- cust1    |
#  +----------------------------------------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	bad_vid
	duplicate_vid
	vid_held_by_8021q
	8021q_refused_on_vif_vid
	mtu_over_policy
	mtu_over_lower
	unknown_vif_type
	bad_lower
	raw_attributes
	changelink_refusals
	genl_needs_admin
	bfd_limits
	bfd_limits_netns_move
"

setup() {
	dcvif_load || exit 1
	ns_create NS
	ns_no_dad "$NS"
	ip -n "$NS" link add cust0 type veth peer name peer0
	ip -n "$NS" link add cust1 type veth peer name peer1
	ip -n "$NS" link add br0 type bridge
	ip -n "$NS" link set cust1 master br0
	ip -n "$NS" link add link cust0 name v200 type dcvif id 200
	ip -n "$NS" link add link cust0 name cust0.300 type vlan id 300
	ip -n "$NS" addr add 10.200.0.1/30 dev v200
	for d in cust0 peer0 v200 cust0.300; do ip -n "$NS" link set "$d" up; done
	wait_oper_up "$NS" v200 cust0.300
}

# refuse EXPECTED-MESSAGE CMD...: CMD fails saying exactly that, and the
# netns is as it was.
refuse() {
	local want=$1 before
	shift
	before=$(ns_snapshot "$NS")
	check_eq "$(refused "$@")" "$want" "$*"
	check_unchanged "$before" "$(ns_snapshot "$NS")" "nothing changed by: $*"
}

bad_vid() {
	RET=0
	refuse "Error: dcvif: VLAN ID must be 1-4094 (802.1Q reserves 0 and 4095)." \
		ip -n "$NS" link add link cust0 name v0 type dcvif id 0
	refuse "Error: dcvif: VLAN ID must be 1-4094 (802.1Q reserves 0 and 4095)." \
		ip -n "$NS" link add link cust0 name v4095 type dcvif id 4095
	refuse 'Error: argument "4096x" is wrong: id is invalid' \
		ip -n "$NS" link add link cust0 name vx type dcvif id 4096x
	refuse "Error: dcvif: VLAN ID is required (id 1-4094)." \
		ip -n "$NS" link add link cust0 name vx type dcvif vif-type private
	ip -n "$NS" link add link cust0 name v1 type dcvif id 1 && ip -n "$NS" link del v1
	check_err $? "VID 1 is fine"
	ip -n "$NS" link add link cust0 name v4094 type dcvif id 4094 && ip -n "$NS" link del v4094
	check_err $? "VID 4094 is fine"
	log_test "VID 0 and 4095 refused, 1 and 4094 accepted"
}

duplicate_vid() {
	RET=0
	refuse "$(kmsg "Error: dcvif: VLAN ID 200 on cust0 is already used by VIF v200." \
			"Error: dcvif: VLAN ID is already used by another VIF on this lower device.")" \
		ip -n "$NS" link add link cust0 name dup type dcvif id 200
	# the kernel log has the whole sentence on 6.1 (rate-limited), nothing
	# on 6.2+ where the extack carries it
	check_eq "$(dmesg | grep -c 'dcvif: VLAN ID 200 on cust0 is already used by VIF v200$')" \
		"$(kmsg 0 1)" "the refusal in the kernel log on 6.1 only"
	# EBUSY, seen raw.
	check_eq "$(ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" dup cust0 id=u16:200)" \
		"$(kmsg "Error: dcvif: VLAN ID 200 on cust0 is already used by VIF v200 (EBUSY)" \
			"Error: dcvif: VLAN ID is already used by another VIF on this lower device (EBUSY)")" "errno"
	ip -n "$NS" link add link peer0 name other200 type dcvif id 200 && ip -n "$NS" link del other200
	check_err $? "the same VID on another lower is fine"
	log_test "duplicate VID on one lower refused (EBUSY) naming the VIF that holds it"
}

vid_held_by_8021q() {
	RET=0
	refuse "$(kmsg "Error: dcvif: VLAN ID 300 on cust0 is already used by 8021q device cust0.300." \
			"Error: dcvif: VLAN ID is already used by an 8021q device on this lower device.")" \
		ip -n "$NS" link add link cust0 name v300 type dcvif id 300
	log_test "VID held by kernel 8021q on the lower refused"
}

8021q_refused_on_vif_vid() {
	RET=0
	refuse "$(kmsg "Error: dcvif: VLAN ID 200 on cust0 is already used by VIF v200." \
			"Error: dcvif: VLAN ID is already used by a dcvif VIF on this device.")" \
		ip -n "$NS" link add link cust0 name cust0.200 type vlan id 200
	log_test "kernel 8021q refused a VID a VIF holds"
}

mtu_over_policy() {
	RET=0
	ip -n "$NS" link set cust0 mtu 9500
	defer ip -n "$NS" link set cust0 mtu 1500
	refuse "$(kmsg "Error: dcvif: MTU 9002 exceeds the private VIF limit of 9001 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		ip -n "$NS" link add link cust0 name vx mtu 9002 type dcvif id 5
	refuse "$(kmsg "Error: dcvif: MTU 8501 exceeds the transit VIF limit of 8500 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		ip -n "$NS" link add link cust0 name vx mtu 8501 type dcvif id 5 vif-type transit
	refuse "$(kmsg "Error: dcvif: MTU 1501 exceeds the public VIF limit of 1500 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		ip -n "$NS" link add link cust0 name vx mtu 1501 type dcvif id 5 vif-type public
	refuse "Error: mtu greater than device maximum." ip -n "$NS" link set v200 mtu 9002
	log_test "MTU over the VIF type's policy refused"
}

mtu_over_lower() {
	RET=0
	refuse "$(kmsg "Error: dcvif: MTU 9001 exceeds the MTU 1500 of lower device cust0." \
			"Error: dcvif: MTU exceeds the MTU of the lower device.")" \
		ip -n "$NS" link add link cust0 name vx mtu 9001 type dcvif id 5
	refuse "Error: mtu greater than device maximum." ip -n "$NS" link set v200 mtu 1501
	log_test "MTU over the lower's MTU refused"
}

unknown_vif_type() {
	RET=0
	refuse 'Error: argument "gold" is wrong: vif-type must be private, public or transit' \
		ip -n "$NS" link add link cust0 name vx type dcvif id 5 vif-type gold
	# Past the plugin, the kernel checks too.
	refuse "Error: dcvif: unknown VIF type (private, public or transit) (EINVAL)" \
		ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" vx cust0 id=u16:5 type=u8:4
	refuse "Error: dcvif: unknown VIF type (private, public or transit) (EINVAL)" \
		ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" vx cust0 id=u16:5 type=u8:0
	log_test "unknown vif-type refused by ip and by the kernel"
}

bad_lower() {
	RET=0
	refuse "Error: dcvif: a lower device is required (ip link add link DEV ...)." \
		ip -n "$NS" link add name vx type dcvif id 5
	refuse 'Cannot find device "nosuch"' \
		ip -n "$NS" link add link nosuch name vx type dcvif id 5
	refuse "Error: dcvif: lower device must be an Ethernet device." \
		ip -n "$NS" link add link lo name vx type dcvif id 5
	refuse "Error: dcvif: a VIF cannot be the lower of another VIF." \
		ip -n "$NS" link add link v200 name vx type dcvif id 5
	refuse "Error: dcvif: lower device already has a receive handler (bridge, bond or macvlan port?)." \
		ip -n "$NS" link add link cust1 name vx type dcvif id 5
	log_test "missing, unknown, non-Ethernet, VIF and bridged lowers refused"
}

raw_attributes() {
	RET=0
	refuse "Error: policy MTU is read-only (EINVAL)" \
		ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" vx cust0 id=u16:5 policy_mtu=u32:9001
	refuse "Error: lower-jumbo is read-only (EINVAL)" \
		ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" vx cust0 id=u16:5 lower_jumbo=u8:1
	# A u8 where a u16 belongs.
	check_eq "$(refused ip netns exec "$NS" python3 "$DCVIF_TOP/selftests/net/dcvif_nl.py" vx cust0 id=u8:5 | sed 's/ (.*//')" \
		"Error: Attribute failed policy validation" "short id"
	check_eq "$(ip -n "$NS" -j link show vx 2>&1)" 'Device "vx" does not exist.' "no vx"
	log_test "read-only and malformed attributes refused"
}

changelink_refusals() {
	RET=0
	refuse "Error: dcvif: VLAN ID cannot be changed; delete and re-create the VIF." \
		ip -n "$NS" link set v200 type dcvif id 201
	refuse 'Error: argument "silver" is wrong: vif-type must be private, public or transit' \
		ip -n "$NS" link set v200 type dcvif vif-type silver
	ip -n "$NS" link set v200 type dcvif id 200 vif-type transit
	check_err $? "same id, new type"
	check_eq "$(link_field "$NS" v200 'd["linkinfo"]["info_data"]["vif_type"], d["max_mtu"]')" \
		"('transit', 1500)" "type changed"
	# Found by dcvif_fuzz.sh: the core sets IFLA_MTU after changelink, so
	# an MTU it refuses left the new type (and an MTU over its limit).
	ip -n "$NS" link set cust0 mtu 9000
	defer ip -n "$NS" link set cust0 mtu 1500
	ip -n "$NS" link set v200 mtu 8500
	defer ip -n "$NS" link set v200 mtu 1500
	refuse "Error: dcvif: MTU is below the minimum of 68." \
		ip -n "$NS" link set v200 mtu 10 type dcvif vif-type public
	# refused by the core after changelink (a multicast address): a type
	# change may stay, as the core warns, but never over the type's limit
	! ip -n "$NS" link set v200 address 01:00:5e:00:00:01 type dcvif vif-type public \
		2> /dev/null
	check_err $? "multicast address accepted"
	check_eq "$(link_field "$NS" v200 'd["mtu"] <= d["max_mtu"] <= d["linkinfo"]["info_data"]["policy_mtu"]')" \
		True "MTU within the type's limit after a refused request"
	ip -n "$NS" link set v200 type dcvif vif-type transit
	check_err $? "back to transit"
	log_test "changelink: id fixed, type checked, MTU and type refused together"
}


# The dcvif family's GETs and its monitor group need CAP_NET_ADMIN over the
# netns (kmod/netlink.c): refused to an unprivileged user with the reason,
# allowed to the root of a user namespace in its own netns.
genl_needs_admin() {
	local out rc ctl=${DCVIFCTL:-$DCVIF_TOP/userspace/dcvifctl/dcvifctl}

	RET=0
	ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 \
		> /dev/null
	check_err $? "bfd add as root"
	defer ip netns exec "$NS" "$ctl" bfd del dev v200 peer 10.200.0.2
	for cmd in "bfd show" "vif show" "lag show"; do
		# shellcheck disable=SC2086
		out=$(ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$ctl" $cmd 2>&1)
		rc=$?
		check_eq "$rc $(grep -c 'Operation not permitted (the dcvif family needs CAP_NET_ADMIN in the network namespace: run as root)' <<< "$out")" \
			"1 1" "dcvifctl $cmd as nobody refused with the reason: $out"
	done
	out=$(ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		timeout 5 "$ctl" monitor 2>&1)
	rc=$?
	check_eq "$rc $(grep -c 'joining the "monitor" group: Operation not permitted (the dcvif family' <<< "$out")" \
		"1 1" "dcvifctl monitor as nobody refused with the reason: $out"
	# root sees the session; so does a user namespace's root, in its netns
	check_eq "$(ip netns exec "$NS" "$ctl" -j bfd show | jq -r '.[0].peer')" 10.200.0.2 \
		"root reads the session"
	out=$(unshare --user --map-root-user --net "$ctl" -j bfd show 2>&1)
	check_eq "$? $out" "0 []" "the root of a new user namespace reads its own netns's sessions (none)"
	log_test "genl: GETs and the monitor group need CAP_NET_ADMIN over the netns (nobody refused, userns root allowed)"
}


# Session limits (kmod/netlink.c): at most bfd_max_sessions per netns, and
# no interval below bfd_userns_min_interval for a caller that is root only
# in a user namespace; refused with the reason, nothing else changed.
bfd_limits() {
	local ctl=${DCVIFCTL:-$DCVIF_TOP/userspace/dcvifctl/dcvifctl}
	local p=/sys/module/dcvif/parameters out before

	RET=0
	check_eq "$(cat $p/bfd_max_sessions) $(cat $p/bfd_userns_min_interval)" "8192 10000" \
		"module parameters' defaults"
	echo 1 > $p/bfd_max_sessions
	defer eval "echo 8192 > $p/bfd_max_sessions"
	ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 > /dev/null
	check_err $? "the first session"
	defer ip netns exec "$NS" "$ctl" bfd del dev v200 peer 10.200.0.2
	before=$(ip netns exec "$NS" "$ctl" -j bfd show | jq -c 'map(.peer)')
	out=$(ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.3 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: the netns has 1 BFD sessions already (bfd_max_sessions)" \
		"Error: dcvif: the netns has bfd_max_sessions BFD sessions already")" "past bfd_max_sessions"
	check_eq "$(ip netns exec "$NS" "$ctl" -j bfd show | jq -c 'map(.peer)')" "$before" \
		"the netns's sessions unchanged"
	# another netns has its own count
	out=$(unshare --net sh -c "ip link add c0 type veth peer name c1 &&
		ip link add link c0 name v9 type dcvif id 9 && ip addr add 10.9.0.1/30 dev v9 &&
		$ctl bfd add dev v9 local 10.9.0.1 peer 10.9.0.2 > /dev/null && $ctl -j bfd show | jq length" 2>&1)
	check_eq "$out" 1 "a session in another netns"
	echo 8192 > $p/bfd_max_sessions
	# the root of a user namespace: 10 ms at least, asked on add and set
	out=$(unshare --user --map-root-user --net sh -c "ip link add c0 type veth peer name c1 &&
		ip link add link c0 name v9 type dcvif id 9 && ip addr add 10.9.0.1/30 dev v9 &&
		{ $ctl bfd add dev v9 local 10.9.0.1 peer 10.9.0.2 tx-interval 5 2>&1; echo rc=\$?;
		  $ctl -j bfd show | jq length;
		  $ctl bfd add dev v9 local 10.9.0.1 peer 10.9.0.2 tx-interval 10 rx-interval 10 2>&1; echo rc=\$?;
		  $ctl bfd set dev v9 peer 10.9.0.2 rx-interval 9 2>&1; echo rc=\$?;
		  $ctl -j bfd show | jq -c 'map([.desired_min_tx_us, .required_min_rx_us])'; }" 2>&1 | tr '\n' '|')
	check_eq "$out" "$(kmsg "Error: dcvif: interval 5000 us below the userns floor 10000 (bfd_userns_min_interval)" \
		"Error: dcvif: interval below bfd_userns_min_interval, the floor in a user namespace")|rc=1|0|rc=0|$(kmsg \
		"Error: dcvif: interval 9000 us below the userns floor 10000 (bfd_userns_min_interval)" \
		"Error: dcvif: interval below bfd_userns_min_interval, the floor in a user namespace")|rc=1|[[10000,10000]]|" \
		"userns root: 5 ms refused, 10 ms taken, set to 9 ms refused"
	# the host's root: 5 ms is fine
	ip netns exec "$NS" "$ctl" bfd set dev v200 peer 10.200.0.2 tx-interval 5 rx-interval 5
	check_eq "$?:$(ip netns exec "$NS" "$ctl" -j bfd show | jq -c 'map([.desired_min_tx_us, .required_min_rx_us])')" \
		"0:[[5000,5000]]" "initial user namespace's root: 5 ms"
	log_test "BFD session limits: bfd_max_sessions per netns, bfd_userns_min_interval for a user namespace's root"
}

# The count is the netns's, kept as sessions come and go: a VIF moved to
# another netns takes its sessions' count with it.
bfd_limits_netns_move() {
	local ctl=${DCVIFCTL:-$DCVIF_TOP/userspace/dcvifctl/dcvifctl}
	local p=/sys/module/dcvif/parameters NS2 out

	RET=0
	ns_create NS2
	ip -n "$NS" link add m0 type veth peer name m1
	defer ip -n "$NS" link del m0
	ip -n "$NS" link add link m0 name v77 type dcvif id 77
	ip netns exec "$NS" "$ctl" bfd add dev v77 local 10.77.0.1 peer 10.77.0.2 > /dev/null
	check_err $? "a session on v77"
	echo 1 > $p/bfd_max_sessions
	defer eval "echo 8192 > $p/bfd_max_sessions"
	out=$(ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: the netns has 1 BFD sessions already (bfd_max_sessions)" \
		"Error: dcvif: the netns has bfd_max_sessions BFD sessions already")" "v77's session counts in $NS"
	ip -n "$NS" link set v77 netns "$NS2"
	check_err $? "v77 moved with its session"
	check_eq "$(ip netns exec "$NS2" "$ctl" -j bfd show | jq -c 'map(.peer)')" '["10.77.0.2"]' \
		"the session went along"
	out=$(ip netns exec "$NS2" "$ctl" bfd add dev v77 local 10.77.0.1 peer 10.77.0.3 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: the netns has 1 BFD sessions already (bfd_max_sessions)" \
		"Error: dcvif: the netns has bfd_max_sessions BFD sessions already")" "counted in the new netns"
	ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 > /dev/null
	check_err $? "no longer counted in the old one"
	ip netns exec "$NS" "$ctl" bfd del dev v200 peer 10.200.0.2
	ip -n "$NS2" link set v77 netns "$NS"
	check_err $? "v77 moved back"
	out=$(ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 2>&1)
	check_eq "$?:$out" "1:$(kmsg "Error: dcvif: the netns has 1 BFD sessions already (bfd_max_sessions)" \
		"Error: dcvif: the netns has bfd_max_sessions BFD sessions already")" "counted again where it came back"
	# deleting the VIF gives the count back
	ip -n "$NS" link del v77
	ip netns exec "$NS" "$ctl" bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 > /dev/null
	check_err $? "v77 deleted: its session no longer counts"
	ip netns exec "$NS" "$ctl" bfd del dev v200 peer 10.200.0.2
	log_test "bfd_max_sessions counts per netns: a VIF moved takes its sessions' count along"
}

setup
tests_run
exit "$EXIT_STATUS"
