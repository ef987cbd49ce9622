#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Interop of the LACP protocol core with Linux bonding (mode 802.3ad), in
# the test VM: raw_peer runs the core in userspace over AF_PACKET on two
# veth ends, bonding is the partner.  Both sides must agree on the one
# aggregator (bonding's /proc/net/bonding view and raw_peer's), react to
# a partner that stops LACP with carrier up, and to a second partner
# system.  Needs build/raw_peer (`make -C selftests/unit/lacp interop`
# builds it and runs this on every kernel).
#
#  +------------- $NS1 -------------+   +------------- $NS2 --------------+
#  | raw_peer (lacp_proto.c)        |   | bond0 (802.3ad)  [bond1]        |
#  |   p0 p1 (veth) ----------------+---+-- b0 b1                         |
#  +--------------------------------+   +---------------------------------+

DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../lib.sh
source "$DIR/../../lib.sh"

ALL_TESTS="
	lacp_active_fast
	lacp_passive_slow
	lacp_partner_stops
	lacp_two_systems
"

PEER=$DIR/build/raw_peer
LOG=

# topo RATE [SECOND_BOND]: bond0 with b0 (and b1, or b1 in bond1)
topo() {
	local rate=$1 split=$2 i

	ns_create NS1 NS2
	ip -n "$NS2" link add bond0 type bond mode 802.3ad lacp_rate "$rate" \
		miimon 100
	[[ -n $split ]] && ip -n "$NS2" link add bond1 type bond \
		mode 802.3ad lacp_rate "$rate" miimon 100
	for i in 0 1; do
		ip -n "$NS1" link add "p$i" type veth peer name "b$i" netns "$NS2"
	done
	ip -n "$NS2" link set b0 master bond0
	ip -n "$NS2" link set b1 master "bond${split:-0}"
	for i in 0 1; do
		ip -n "$NS1" link set "p$i" up
	done
	ip -n "$NS2" link set bond0 up
	[[ -n $split ]] && ip -n "$NS2" link set bond1 up
	return 0
}

# peer ARGS...: start raw_peer on p0 p1 in $NS1, logging to $LOG
peer() {
	LOG=$(mktemp)
	defer rm -f "$LOG"
	ip netns exec "$NS1" "$PEER" "$@" p0 p1 > "$LOG" 2>&1 &
	PEER_PID=$!
	defer stop_peer "$PEER_PID"
}

# stop_peer PID: SIGTERM, unless a test stopped it already
stop_peer() {
	kill -0 "$1" 2>/dev/null && kill "$1"
	return 0
}

# last IF: raw_peer's last line about IF (one process: TCG forks are slow)
last() {
	awk -v i="$1" '$1 != "final" && $2 == i { l = $0 } END { print l }' \
		"$LOG"
}

# state IF KEY: KEY's value in raw_peer's last line about IF
state() {
	local w

	for w in $(last "$1"); do
		[[ $w == "$2="* ]] && echo "${w#*=}"
	done
}

# peer_is IF KEY=VALUE...: raw_peer's last word on IF says so
peer_is() {
	local line kv

	line=" $(last "$1") "
	shift
	for kv in "$@"; do
		[[ $line == *" $kv "* ]] || return 1
	done
}

# bond_field BOND SLAVE SECTION FIELD: e.g. bond0 b0 actor "port state"
bond_field() {
	ip netns exec "$NS2" cat "/proc/net/bonding/$1" | awk -v s="$2" \
		-v sec="details $3 lacp pdu:" -v f="$4" '
		/^Slave Interface:/ { cur = $3; insec = 0 }
		$0 == sec { insec = (cur == s) }
		insec && index($0, f ": ") { sub(".*" f ": ", ""); print; exit }'
}

bond_agg() { # BOND FIELD: from "Active Aggregator Info"
	ip netns exec "$NS2" cat "/proc/net/bonding/$1" |
		sed -n "/Active Aggregator Info/,/^\$/s/^\t$2: //p"
}

mac() {
	ip -n "$1" -j link show "$2" | jq -r '.[0].address'
}

# both_sides_up PSTATE_BOND ASTATE_BOND: the 4 views of the 2 links agree
both_sides_up() {
	local i

	for i in 0 1; do
		peer_is "p$i" cd=1 sel=selected || return 1
		[[ $(bond_field bond0 "b$i" actor "port state") == "$1" ]] ||
			return 1
		[[ $(bond_field bond0 "b$i" partner "port state") == "$2" ]] ||
			return 1
	done
}

lacp_active_fast() {
	RET=0
	topo fast
	peer -k 7
	busywait 60000 both_sides_up 63 63
	check_err $? "no agreement: $(tail -n4 "$LOG")"
	check_eq "$(bond_agg bond0 'Number of ports')" 2 "bond aggregator ports"
	check_eq "$(bond_agg bond0 'Partner Key')" 7 "bond sees our key"
	check_eq "$(bond_agg bond0 'Partner Mac Address')" "$(mac "$NS1" p0)" \
		"bond sees our system (p0's address)"
	check_eq "$(state p0 partner)" "$(mac "$NS2" bond0)/15/1" \
		"we see bond0's system, key 15 (10G), port 1"
	check_eq "$(state p1 partner)" "$(mac "$NS2" bond0)/15/2" \
		"we see bond0's port 2"
	check_eq "$(state p0 pstate)" 3f "bond0: active, fast, aggregating"
	log_test "active/fast vs bonding lacp_rate fast: one aggregator of 2"
}

lacp_passive_slow() {
	RET=0
	topo slow
	peer -p -s -k 9
	# bonding: active, slow, in sync, collecting, distributing = 0x3d
	# us: passive, slow, ... = 0x3c
	busywait 60000 both_sides_up 61 60
	check_err $? "no agreement: $(tail -n4 "$LOG")"
	check_eq "$(state p0 pstate)" 3d "bond0: active, slow"
	check_eq "$(state p0 astate)" 3c "us: passive, slow"
	check_eq "$(bond_agg bond0 'Partner Key')" 9 "bond sees our key"
	log_test "passive/slow vs bonding lacp_rate slow: one aggregator of 2"
}

lacp_partner_stops() {
	RET=0
	topo fast
	peer
	busywait 60000 both_sides_up 63 63
	check_err $? "no agreement: $(tail -n4 "$LOG")"
	# bonding keeps carrier but its LACPDUs on b0 no longer arrive
	tc -n "$NS2" qdisc add dev b0 clsact
	tc -n "$NS2" filter add dev b0 egress protocol 0x8809 pref 1 \
		matchall action drop
	busywait 30000 peer_is p0 cd=0 rx=defaulted sel=unselected \
		mux=detached
	check_err $? "p0 still $(state p0 rx)/$(state p0 mux)"
	check_eq "$(ip -n "$NS1" -j link show p0 | jq -r '.[0].operstate')" UP \
		"p0's carrier stayed up"
	peer_is p1 cd=1 sel=selected
	check_err $? "p1 left too: $(state p1 mux)"
	grep -q '^[0-9]* p0 .* mux=attached rx=expired cd=0' "$LOG"
	check_err $? "p0 did not go through EXPIRED/ATTACHED"
	tc -n "$NS2" filter del dev b0 egress pref 1
	busywait 60000 both_sides_up 63 63
	check_err $? "p0 did not come back: $(tail -n2 "$LOG")"
	kill "$PEER_PID"
	busywait 10000 grep -q '^final p1 ' "$LOG"
	grep -q '^final p0 .* expired=[1-9][0-9]* defaulted=1$' "$LOG"
	check_err $? "p0's counters: $(grep '^final p0' "$LOG")"
	log_test "bonding stops LACP on one link, carrier up: it leaves, returns"
}

lacp_two_systems() {
	RET=0
	topo fast 1
	peer
	# one partner system per link: a tie, the lowest port (p0) wins
	busywait 60000 peer_is p0 cd=1 sel=selected
	check_err $? "p0: $(state p0 sel)/$(state p0 mux)"
	busywait 30000 peer_is p1 cd=0 sel=standby mux=waiting
	check_err $? "p1: $(state p1 sel)/$(state p1 mux)"
	check_eq "$(state p1 partner)" "$(mac "$NS2" bond1)/15/1" \
		"p1's partner is bond1"
	check_eq "$(bond_field bond0 b0 actor 'port state')" 63 \
		"bond0 aggregates with us"
	busywait 30000 bash -c "! ip netns exec $NS2 grep -q 'port state: 63' \
		/proc/net/bonding/bond1"
	check_err $? "bond1 must not collect/distribute with our standby port"
	log_test "two partner systems: one aggregator, the other link standby"
}

if [[ ! -x $PEER ]]; then
	echo "1..0 # SKIP $PEER not built (make -C selftests/unit/lacp interop)"
	exit 0
fi
modprobe bonding max_bonds=0 || exit 1
tests_run
exit "$EXIT_STATUS"
