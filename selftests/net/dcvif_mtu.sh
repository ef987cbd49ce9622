#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The AWS Direct Connect MTU policy: private <= 9001, transit <= 8500,
# public <= 1500, default 1500, never above the lower; jumbo frames end to
# end against kernel 8021q.
#
#  +------------- $CUST --------------+        +-------------- $AWS ---------------+
#  | priv: dcvif 100 private 9001     |        | aws0.100: 8021q 100  mtu 9001     |
#  | tran: dcvif 200 transit 8500     |        | aws0.200: 8021q 200  mtu 8500     |
#  |        cust0 (mtu 9001) -------- veth -------- aws0 (mtu 9001)                  |
#  +----------------------------------+        +-----------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	jumbo_private
	jumbo_transit
	public_refuses_jumbo
	default_and_ceiling
	lower_mtu_clamps
	type_change_respects_mtu
"

setup() {
	dcvif_load || exit 1
	ns_create CUST AWS
	ns_no_dad "$CUST"
	ip -n "$CUST" link add cust0 mtu 9001 type veth peer name aws0 mtu 9001 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name priv mtu 9001 type dcvif id 100 vif-type private
	ip -n "$CUST" link add link cust0 name tran mtu 8500 type dcvif id 200 vif-type transit
	ip -n "$AWS" link add link aws0 name aws0.100 mtu 9001 type vlan id 100
	ip -n "$AWS" link add link aws0 name aws0.200 mtu 8500 type vlan id 200
	ip -n "$CUST" addr add 10.100.0.1/30 dev priv
	ip -n "$AWS" addr add 10.100.0.2/30 dev aws0.100
	ip -n "$CUST" addr add 10.200.0.1/30 dev tran
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	for d in priv tran; do ip -n "$CUST" link set "$d" up; done
	for d in aws0.100 aws0.200; do ip -n "$AWS" link set "$d" up; done
	wait_oper_up "$CUST" priv tran
}

# ping with DF: the largest payload fits, one byte more is refused locally.
df_ping_limit() { # dst mtu
	local dst=$1 mtu=$2 out
	ip netns exec "$CUST" ping -M do -c 1 -W 2 -s $((mtu - 28)) "$dst" >/dev/null
	check_err $? "ping -M do -s $((mtu - 28)) $dst"
	out=$(ip netns exec "$CUST" ping -M do -c 1 -W 2 -s $((mtu - 27)) "$dst" 2>&1)
	check_fail $? "ping -M do -s $((mtu - 27)) $dst must fail"
	echo "$out" | grep -q "message too long, mtu=$mtu"
	check_err $? "refusal says 'message too long, mtu=$mtu'; said: $out"
}

jumbo_private() {
	RET=0
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" "(9001, 9001)" "mtu, max_mtu"
	df_ping_limit 10.100.0.2 9001
	log_test "private VIF at 9001: ping -M do -s 8973 passes, -s 8974 is too long"
}

jumbo_transit() {
	RET=0
	check_eq "$(link_field "$CUST" tran 'd["mtu"], d["max_mtu"]')" "(8500, 8500)" "mtu, max_mtu"
	df_ping_limit 10.200.0.2 8500
	log_test "transit VIF at 8500: ping -M do -s 8472 passes, -s 8473 is too long"
}

public_refuses_jumbo() {
	local before
	RET=0
	before=$(ns_snapshot "$CUST")
	check_eq "$(refused ip -n "$CUST" link add link cust0 name pub mtu 9001 type dcvif id 300 vif-type public)" \
		"$(kmsg "Error: dcvif: MTU 9001 exceeds the public VIF limit of 1500 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		"public VIF at 9001"
	check_unchanged "$before" "$(ns_snapshot "$CUST")" "nothing else changed"
	ip -n "$CUST" link add link cust0 name pub type dcvif id 300 vif-type public
	check_err $? "public VIF at the default MTU"
	check_eq "$(link_field "$CUST" pub 'd["mtu"], d["max_mtu"], d["linkinfo"]["info_data"]')" \
		"(1500, 1500, {'id': 300, 'vif_type': 'public', 'policy_mtu': 1500, 'lower_jumbo': True})" \
		"public VIF attributes"
	check_eq "$(refused ip -n "$CUST" link set pub mtu 1501)" \
		"Error: mtu greater than device maximum." "public VIF raised to 1501"
	check_eq "$(link_field "$CUST" pub 'd["mtu"]')" 1500 "MTU unchanged"
	ip -n "$CUST" link del pub
	log_test "public VIF refuses 9001 with the policy's reason; 1501 refused later too"
}

default_and_ceiling() {
	RET=0
	ip -n "$CUST" link add link cust0 name dflt type dcvif id 400
	check_err $? "VIF without mtu or vif-type"
	defer ip -n "$CUST" link del dflt
	check_eq "$(link_field "$CUST" dflt 'd["mtu"], d["max_mtu"], d["linkinfo"]["info_data"]')" \
		"(1500, 9001, {'id': 400, 'vif_type': 'private', 'policy_mtu': 9001, 'lower_jumbo': True})" \
		"default: private, 1500, ceiling 9001 on a 9001 lower"
	check_eq "$(ip -n "$CUST" -d link show dflt | grep -o 'dcvif .*lower-jumbo [a-z]*')" \
		"dcvif id 400 vif-type private policy-mtu 9001 lower-jumbo on" "ip -d text"
	ip -n "$CUST" link set dflt mtu 9001
	check_err $? "raise to 9001"
	check_eq "$(refused ip -n "$CUST" link set dflt mtu 9002)" \
		"Error: mtu greater than device maximum." "9002 refused"
	check_eq "$(refused ip -n "$CUST" link add link cust0 name big mtu 9002 type dcvif id 401)" \
		"$(kmsg "Error: dcvif: MTU 9002 exceeds the private VIF limit of 9001 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		"private VIF created at 9002"
	check_eq "$(refused ip -n "$CUST" link add link cust0 name big mtu 8501 type dcvif id 401 vif-type transit)" \
		"$(kmsg "Error: dcvif: MTU 8501 exceeds the transit VIF limit of 8500 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		"transit VIF created at 8501"
	# A dummy lower has no MTU ceiling at all (max_mtu 0): jumbo-capable.
	ip -n "$CUST" link add dum0 type dummy
	ip -n "$CUST" link add link dum0 name dumv type dcvif id 7
	check_eq "$(link_field "$CUST" dumv 'd["linkinfo"]["info_data"]["lower_jumbo"]')" True \
		"dummy lower (max_mtu 0) is jumbo-capable"
	ip -n "$CUST" link del dum0
	log_test "default MTU 1500 and vif-type private; ceilings 9001 and 8500"
}

lower_mtu_clamps() {
	RET=0
	ip -n "$CUST" link set cust0 mtu 1500
	check_err $? "lower down to 1500"
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" "(1500, 1500)" "private VIF clamped"
	check_eq "$(link_field "$CUST" tran 'd["mtu"], d["max_mtu"]')" "(1500, 1500)" "transit VIF clamped"
	check_eq "$(refused ip -n "$CUST" link add link cust0 name big mtu 9001 type dcvif id 500)" \
		"$(kmsg "Error: dcvif: MTU 9001 exceeds the MTU 1500 of lower device cust0." \
			"Error: dcvif: MTU exceeds the MTU of the lower device.")" \
		"VIF above its lower"
	ip -n "$CUST" link set cust0 mtu 9001
	# Like 8021q: the ceiling comes back, the MTU is the operator's to raise.
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"]')" "(1500, 9001)" "ceiling restored"
	ip -n "$CUST" link set priv mtu 9001 && ip -n "$CUST" link set tran mtu 8500
	check_err $? "raise again"
	df_ping_limit 10.100.0.2 9001
	log_test "lower MTU drop clamps its VIFs; raising it restores the ceiling"
}

type_change_respects_mtu() {
	local before
	RET=0
	before=$(ns_snapshot "$CUST")
	check_eq "$(refused ip -n "$CUST" link set priv type dcvif vif-type public)" \
		"$(kmsg "Error: dcvif: MTU 9001 exceeds the public VIF limit of 1500 (AWS Direct Connect)." \
			"Error: dcvif: MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500).")" \
		"private at 9001 -> public"
	check_unchanged "$before" "$(ns_snapshot "$CUST")" "nothing changed"
	ip -n "$CUST" link set priv mtu 1500 type dcvif vif-type public
	check_err $? "lower the MTU and change type in one request"
	check_eq "$(link_field "$CUST" priv 'd["mtu"], d["max_mtu"], d["linkinfo"]["info_data"]["vif_type"]')" \
		"(1500, 1500, 'public')" "now public"
	ip -n "$CUST" link set priv type dcvif vif-type private
	ip -n "$CUST" link set priv mtu 9001
	check_err $? "back to private 9001"
	check_eq "$(refused ip -n "$CUST" link set priv type dcvif id 101)" \
		"Error: dcvif: VLAN ID cannot be changed; delete and re-create the VIF." "id change"
	log_test "vif-type change refused while the MTU exceeds the new type's limit"
}

setup
tests_run
exit "$EXIT_STATUS"
