#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd's privilege separation (userspace/dcvifd/priv.c): two processes,
# a parent with CAP_NET_ADMIN and CAP_NET_BIND_SERVICE only and an engine
# as user dcvifd with none, chrooted to its state directory; signals
# passed on; mutated UPDATEs into the engine change nothing in the kernel
# but dcvifd's own routes. What the parent lets through is
# tests/test_privcheck.c's.

source "$(dirname "$0")/bgp_lib.sh"
source "$BGP_DIR/peer_bird.sh"

ALL_TESTS="
	t_processes
	t_port_taken
	t_fuzz_updates
"

status_of() # PID FIELD...: "Field:value" of /proc/PID/status, space separated
{
	local pid=$1 f out=

	shift
	for f in "$@"; do
		out+="$f:$(awk -v f="$f:" '$1 == f { print $2 }' "/proc/$pid/status") "
	done
	echo "${out% }"
}

engine_of() { pgrep -P "$1" -x dcvifd-engine; }

t_processes()
{
	local engine uid

	RET=0
	topo || { log_test "privsep: setup"; return; }
	dcvifd_conf
	sed -i "s|^control-socket.*|&\nstate-directory \"$WORK/state\"|" "$WORK/dcvifd.conf"
	peer_conf "$KEY"
	# the build without sanitizers: it is the one chrooted
	DCVIFD=$TOP/userspace/dcvifd/dcvifd dcvifd_start
	peer_start || { log_test "privsep: BIRD"; return; }
	wait_established 10.0.0.2 && wait_established 2001:db8:ff::2
	check_err $? "sessions not Established"
	uid=$(id -u dcvifd)
	engine=$(engine_of "$DCVIFD_PID")
	check_eq "$(pgrep -P "$DCVIFD_PID" | wc -l)" 1 "one child"
	check_eq "$(status_of "$DCVIFD_PID" Uid CapEff CapPrm CapBnd NoNewPrivs)" \
		"Uid:0 CapEff:0000000000001400 CapPrm:0000000000001400 CapBnd:0000000000001400 NoNewPrivs:1" \
		"the parent: root with CAP_NET_ADMIN and CAP_NET_BIND_SERVICE only"
	check_eq "$(status_of "$engine" Uid Gid CapEff CapPrm CapBnd NoNewPrivs)" \
		"Uid:$uid Gid:$(id -g dcvifd) CapEff:0000000000000000 CapPrm:0000000000000000 CapBnd:0000000000000000 NoNewPrivs:1" \
		"the engine: user dcvifd, no capabilities"
	check_eq "$(readlink "/proc/$engine/root") $(stat -c '%U %a' "$WORK/state")" \
		"$WORK/state dcvifd 700" "the engine's root: its state directory, its own"
	log_info "parent $DCVIFD_PID: $(status_of "$DCVIFD_PID" Uid CapEff); engine $engine: $(status_of "$engine" Uid CapEff), root $(readlink "/proc/$engine/root")"
	check_eq "$(fib -4)" "$FIB4" "BIRD's routes in the FIB (through the parent)"
	check_eq "$(ip -n "$D" -j route show proto "$RTPROT" | jq -r '.[].dst' | sort | tr '\n' ' ')" \
		"$(jq -r '.[].dst' <<< "$FIB4" | sort | tr '\n' ' ')" "every one of protocol $RTPROT"
	# SIGHUP to the parent: the engine reloads, through the parent's file
	sed -i 's|^network 192.0.2.0/24|&\nnetwork 203.0.113.0/24|' "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 grep -q "configuration reloaded" "$WORK/dcvifd.log"
	check_err $? "SIGHUP: not reloaded"
	busywait 5000 bash -c "birdc -s $WORK/bird.ctl show route 203.0.113.0/24 | grep -q 203.0.113.0/24"
	check_err $? "the network added by reload did not reach BIRD"
	# a file others may read: refused at reload as at start
	chmod 644 "$WORK/dcvifd.conf"
	kill -HUP "$DCVIFD_PID"
	busywait 5000 grep -q "reload failed, keeping the old config: .*mode 0644" "$WORK/dcvifd.log"
	check_err $? "a reload of a mode 0644 file was not refused"
	chmod 600 "$WORK/dcvifd.conf"
	check_eq "$(grep -c 'privsep: refused' "$WORK/dcvifd.log")" 0 "nothing the engine asked was refused"
	# SIGTERM to the parent: both go, the sockets' files too
	dcvifd_stop
	check_eq "$DCVIFD_RC $(pgrep -x dcvifd-engine | grep -cx "$engine")" "0 0" "SIGTERM: exit 0, the engine gone"
	check_eq "$(ls "$WORK" | grep -c 'sock$')" 0 "the control sockets removed"
	# kill -9 of the parent: the engine follows
	dcvifd_start
	engine=$(engine_of "$DCVIFD_PID")
	kill -9 "$DCVIFD_PID"
	wait "$DCVIFD_PID" 2> /dev/null
	DCVIFD_PID=
	busywait 5000 bash -c "! kill -0 $engine 2> /dev/null"
	check_err $? "the engine outlived its parent's kill -9"
	log_test "privsep: parent root with CAP_NET_ADMIN+CAP_NET_BIND_SERVICE, engine as dcvifd without capabilities chrooted to its state; routes, reload and stop through the parent"
}

# port 179 already taken (another BGP daemon): the parent's bind fails,
# the engine is told so, logs it and goes on (it used to wait forever for
# an answer the parent could not send)
t_port_taken()
{
	local holder

	RET=0
	topo || { log_test "privsep: setup"; return; }
	ip netns exec "$D" python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
s.bind(("0.0.0.0", 179))
s.listen(1)
print("bound", flush=True)
sys.stdin.read()' > "$WORK/holder.out" 2>&1 < <(sleep 60) &
	holder=$!
	defer kill "$holder"
	busywait 5000 grep -q bound "$WORK/holder.out"
	check_err $? "port 179 not taken: $(cat "$WORK/holder.out")"
	dcvifd_conf
	sed -i "s|^control-socket.*|&\nstate-directory \"$WORK/state\"|" "$WORK/dcvifd.conf"
	dcvifd_start
	check_err $? "dcvifd did not start"
	busywait 5000 grep -q "session_listen: bind/listen port 179: Address already in use" "$WORK/dcvifd.log"
	check_err $? "the bind failure not logged: $(tail -n 3 "$WORK/dcvifd.log" | tr '\n' ' ')"
	check_eq "$(timeout 10 "$DCVIFCTL" -s "$WORK/dcvifd.sock" -j show neighbor 10.0.0.2 | jq -r .neighbor)" 10.0.0.2 \
		"the engine answers its control socket"
	log_test "privsep: port 179 taken: the bind failure reaches the engine and is logged, dcvifd goes on"
}

t_fuzz_updates()
{
	local before after out seed=${FUZZ_SEED:-$RANDOM}

	RET=0
	topo || { log_test "privsep: setup"; return; }
	cat > "$WORK/dcvifd.conf" <<-EOF
	router-id 10.0.0.1
	local-as $D_AS
	control-socket "$WORK/dcvifd.sock"
	state-directory "$WORK/state"
	neighbor 10.0.0.2 {
		remote-as $P_AS
		passive
	}
	EOF
	ip -n "$D" route add 203.0.113.0/24 via 10.0.0.2 proto static
	ip -n "$D" nexthop add id 4242 via 10.0.0.2 dev vd proto static
	dcvifd_start || { log_test "privsep: dcvifd"; return; }
	# everything in the kernel that is not dcvifd's own routes (the
	# link-local address and its route come when they come)
	state() {
		ip -n "$D" -j -4 route show table all | jq -c "[.[] | select(.protocol != \"$RTPROT\")]"
		ip -n "$D" -j -6 route show table all | jq -c "[.[] | select(.protocol != \"$RTPROT\" and (.dst | startswith(\"fe80\") | not))]"
		ip -n "$D" -j nexthop show | jq -c "[.[] | select(.protocol != \"$RTPROT\")]"
		ip -n "$D" -j addr show | jq -c '[.[] | {ifname, addr_info: [.addr_info[] | select(.scope != "link") | {local, prefixlen}]}]'
		ip -n "$D" -j link show | jq -c '[.[] | {ifname, mtu, flags}]'
	}
	before=$(state)
	coproc FUZZ { ip netns exec "$P" timeout 300 "$BGP_DIR/privsep_fuzz.py" \
		10.0.0.2 10.0.0.1 "$P_AS" "${FUZZ_ROUNDS:-12}" "$seed" 2>&1; }
	defer kill "$FUZZ_PID"
	read -r -t 120 out <&"${FUZZ[0]}"
	[[ $out == rounds* ]]
	check_err $? "the fuzzer failed: $out"
	log_info "fuzzer: $out"
	busywait 5000 bash -c "ip -n $D route show 198.51.100.0/24 proto $RTPROT | grep -q ."
	after=$(state)
	check_eq "$after" "$before" "routes of other protocols, nexthops, addresses, links unchanged"
	check_eq "$(ip -n "$D" -j route show table all proto "$RTPROT" | jq -c '[.[] | select(.table != null and .table != "main")] | length')" 0 \
		"dcvifd's routes only in its table"
	# the peer's 203.0.113.0/24 would have replaced the static route
	check_eq "$(grep 'privsep: refused' "$WORK/dcvifd.log" | grep -vc 'a route of another protocol for that prefix exists')" 0 \
		"refused: only routes over the static one"
	check_eq "$(ip -n "$D" -j route show 203.0.113.0/24 | jq -c '[.[] | .protocol]')" '["static"]' \
		"the operator's static 203.0.113.0/24 kept, though the peer announced it"
	check_eq "$(ip -n "$D" -j route show 198.51.100.0/24 proto "$RTPROT" | jq -c '[.[] | .dst]')" '["198.51.100.0/24"]' \
		"the peer's 198.51.100.0/24 installed"
	kill -0 "$DCVIFD_PID" && kill -0 "$(engine_of "$DCVIFD_PID")"
	check_err $? "dcvifd or its engine died (seed $seed)"
	log_test "privsep: mutated UPDATEs into the session engine (seed $seed): nothing in the kernel changed but dcvifd's own routes"
}

tests_run
