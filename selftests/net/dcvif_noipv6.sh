#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BFD on a kernel booted with ipv6.disable=1: an IPv6 session (VIF) or
# micro-BFD over IPv6 (dclag) is refused with a clear message, nothing is
# created, and IPv4 BFD works. Without the refusal the first IPv6 TX
# dereferenced the missing neighbour table (oops).
#
#  +----------- $CUST -----------+        +----------- $AWS ------------+
#  | v200: dcvif id 200          |        | a200: dcvif id 200          |
#  |   10.200.0.1/30             |        |   10.200.0.2/30             |
#  |          cust0 ------------------ veth ------- aws0                |
#  +-----------------------------+        +-----------------------------+
#
# selftests/run.sh boots this one with the kernel parameter below.
# vm-append: ipv6.disable=1

source "$(dirname "$0")/dcvif_lib.sh"

CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
require_cmd "$CTL" jq

ALL_TESTS="
	ipv6_session_refused
	ipv6_micro_bfd_refused
	ipv4_session_up
"

setup() {
	if [[ -d /proc/sys/net/ipv6 ]]; then
		echo "IPv6 is enabled: boot with ipv6.disable=1 (selftests/run.sh does)"
		exit 1
	fi
	dcvif_load || exit 1
	ns_create CUST AWS
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200
	ip -n "$AWS" link add link aws0 name a200 type dcvif id 200
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$AWS" addr add 10.200.0.2/30 dev a200
	ip -n "$CUST" link set v200 up
	ip -n "$AWS" link set a200 up
	wait_oper_up "$CUST" v200
	wait_oper_up "$AWS" a200
}

cc() { ip netns exec "$CUST" "$CTL" "$@"; }
ac() { ip netns exec "$AWS" "$CTL" "$@"; }

ipv6_session_refused() {
	RET=0
	check_eq "$(refused cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2)" \
		"Error: dcvif: IPv6 is disabled on this system" \
		"bfd add with IPv6 addresses"
	check_eq "$(cc -j bfd show | jq -c .)" "[]" "no session created"
	check_eq "$(cc -j vif show dev v200 | jq -r '.[0].bfd_sessions')" 0 "the VIF counts none"
	log_test "IPv6 BFD session refused on a kernel without IPv6, nothing created"
}

ipv6_micro_bfd_refused() {
	local before
	RET=0
	ip -n "$CUST" link add lag0 type dclag
	check_err $? "dclag"
	defer ip -n "$CUST" link del lag0
	before=$(ip -n "$CUST" -d -j link show dev lag0 | jq -c '.[0].linkinfo.info_data')
	check_eq "$(refused ip -n "$CUST" link set lag0 type dclag micro-bfd on \
		mbfd-local 2001:db8::1 mbfd-peer 2001:db8::2)" \
		"Error: dcvif: IPv6 is disabled on this system." "micro-BFD over IPv6"
	check_eq "$(ip -n "$CUST" -d -j link show dev lag0 | jq -c '.[0].linkinfo.info_data')" \
		"$before" "the LAG's options unchanged"
	log_test "micro-BFD over IPv6 refused on a kernel without IPv6, LAG unchanged"
}

ipv4_session_up() {
	RET=0
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2
	check_err $? "bfd add v200"
	ac bfd add dev a200 local 10.200.0.2 peer 10.200.0.1
	check_err $? "bfd add a200"
	busywait 20000 bash -c "[[ \$(ip netns exec $CUST $CTL -j bfd show dev v200 | jq -r '.[0].state') == Up ]]"
	check_err $? "IPv4 session Up ($(cc -j bfd show dev v200 | jq -c '.[0] | {state, diag}'))"
	log_test "IPv4 BFD works on a kernel without IPv6"
}

setup
tests_run
exit "$EXIT_STATUS"
