#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A VIF whose carrier BFD holds down still answers ARP and Neighbour
# Solicitations for its own addresses (kmod/nd.c), so a peer that lost its
# neighbour entry for us during an outage can send its BFD packets again and
# the session recovers; while it is held down, nothing else is answered
# (other addresses, DAD probes); in the normal state the kernel answers, once.
# Real peer: the kernel's 8021q with FRR bfdd at 100 ms x 3; the probes are
# scapy frames sent on the AWS side's lower, the answers read from tcpdump's
# capture there (the tag as on the wire).
#
#  +---------------- $CUST ----------------+    +----------------- $AWS ------------------+
#  | v200: dcvif id 200, BFD 100 ms x 3    |    | aws0.200: 8021q id 200, FRR bfdd        |
#  |   10.200.0.1/30  2001:db8:200::1/64   |    |   10.200.0.2/30  2001:db8:200::2/64     |
#  |   (MAC of cust0)                      |    | aws0: tc drop (path cut), scapy, tcpdump|
#  |        cust0 ------------------------------ veth ------------------ aws0             |
#  +---------------------------------------+    +-----------------------------------------+

source "$(dirname "$0")/dcvif_lib.sh"

ALL_TESTS="
	recovers_after_peer_neigh_flush
	held_answers_own_addresses
	held_answers_nothing_else
	held_arp_ignore_and_netfilter
	normal_state_kernel_answers_once
"

CTL=$DCVIF_TOP/userspace/dcvifctl/dcvifctl
cc() { ip netns exec "$CUST" "$CTL" "$@"; }
PY=/usr/bin/python3
ND=/tmp/dcvif_nd.py

setup() {
	dcvif_load || exit 1
	modprobe cls_matchall && modprobe act_gact || exit 1
	require_cmd /usr/lib/frr/bfdd tcpdump ethtool nft
	[[ -x $CTL ]] || { echo "# $CTL missing: make userspace"; exit 1; }
	ns_create CUST AWS
	ns_no_dad "$CUST"
	ns_no_dad "$AWS"
	ip -n "$CUST" link add cust0 type veth peer name aws0 netns "$AWS"
	ip -n "$CUST" link set cust0 up
	ip -n "$AWS" link set aws0 up
	# From the start: adding clsact flips static keys, which has oopsed
	# under TCG with packets in flight (see dcvif_bfd.sh).
	tc -n "$AWS" qdisc add dev aws0 clsact
	ip -n "$CUST" link add link cust0 name v200 type dcvif id 200
	ip -n "$AWS" link add link aws0 name aws0.200 type vlan id 200
	ip -n "$CUST" addr add 10.200.0.1/30 dev v200
	ip -n "$CUST" addr add 2001:db8:200::1/64 dev v200
	ip -n "$AWS" addr add 10.200.0.2/30 dev aws0.200
	ip -n "$AWS" addr add 2001:db8:200::2/64 dev aws0.200
	ip -n "$CUST" link set v200 up
	ip -n "$AWS" link set aws0.200 up
	wait_oper_up "$CUST" v200
	CMAC=$(link_field "$CUST" v200 'd["address"]')
	AMAC=$(link_field "$AWS" aws0.200 'd["address"]')
	# addrconf gives the link-local once linkwatch says the VIF is up.
	CLL=$(busywait 5000 bash -c "ip -n $CUST -j -6 addr show dev v200 |
		jq -re '[.[0].addr_info[] | select(.scope == \"link\") | .local][0]'")
	[[ $CLL == fe80::* ]] || { echo "# v200 has no link-local address"; exit 1; }
	write_nd_py
}

# scapy, used twice: "probe" sends frames on aws0 (tagged) while tcpdump
# captures there, "parse" reads a capture. Both print one line per ARP or
# ND frame from $CUST's MAC, with every field the tests look at.
write_nd_py() {
	cat > "$ND" <<-'EOF'
	import ipaddress, subprocess, sys, time
	from scapy.all import (ARP, Dot1Q, Ether, ICMPv6ND_NA, ICMPv6ND_NS,
			       ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr, IPv6,
			       rdpcap, sendp)

	def csum_ok(p):
	    ip6 = p[IPv6]
	    want = p[ICMPv6ND_NA].cksum
	    q = IPv6(bytes(ip6))
	    del q[ICMPv6ND_NA].cksum
	    return IPv6(bytes(q))[ICMPv6ND_NA].cksum == want

	def summary(p, mac):
	    if Ether not in p or p[Ether].src != mac:
	        return None
	    vlan = p[Dot1Q].vlan if Dot1Q in p else "none"
	    eth = f"vlan={vlan} eth={p[Ether].src}>{p[Ether].dst}"
	    if ARP in p:
	        a = p[ARP]
	        op = {1: "arp-request", 2: "arp-reply"}.get(a.op, f"arp-op{a.op}")
	        return f"{op} {eth} sender={a.hwsrc},{a.psrc} target={a.hwdst},{a.pdst}"
	    if ICMPv6ND_NA in p:
	        n, ip6 = p[ICMPv6ND_NA], p[IPv6]
	        tlla = p[ICMPv6NDOptDstLLAddr].lladdr if ICMPv6NDOptDstLLAddr in p else "none"
	        return (f"na {eth} ip={ip6.src}>{ip6.dst} hlim={ip6.hlim} "
	                f"R={n.R} S={n.S} O={n.O} target={n.tgt} tlla={tlla} "
	                f"csum={'ok' if csum_ok(p) else 'bad'}")
	    if ICMPv6ND_NS in p:
	        return f"ns {eth} ip={p[IPv6].src}>{p[IPv6].dst} target={p[ICMPv6ND_NS].tgt}"
	    return None

	def parse(pcap, mac):
	    for p in rdpcap(pcap):
	        s = summary(p, mac)
	        if s:
	            print(s)

	def probe(pcap, mac, amac, specs):
	    tcpd = subprocess.Popen(["tcpdump", "-i", "aws0", "-U", "-nn", "-w", pcap,
	                             "vlan 200 and (arp or icmp6)"],
	                            stderr=subprocess.PIPE, text=True)
	    while "listening on" not in tcpd.stderr.readline():
	        pass
	    tag = Ether(src=amac, dst="ff:ff:ff:ff:ff:ff") / Dot1Q(vlan=200)
	    for s in specs:
	        kind, args = s.split(":", 1)
	        a = args.split(",")
	        if kind == "sh":	# sh:command, between two probes
	            subprocess.run(args, shell=True, check=True)
	            continue
	        if kind == "arp":	# arp:target-ip
	            f = tag / ARP(op=1, hwsrc=amac, psrc="10.200.0.2", pdst=a[0])
	        else:			# ns:src-ip,target,sllao|-,eth-dst|mcast
	            tgt = a[1]
	            low3 = ipaddress.IPv6Address(tgt).packed[-3:]
	            sn = str(ipaddress.IPv6Address(bytes.fromhex("ff02" + "00" * 9 + "01ff") + low3))
	            snmac = "33:33:ff:" + ":".join(f"{b:02x}" for b in low3)
	            # DAD goes to the solicited-node group; "mcast" too
	            mcast = a[0] == "::" or a[3] == "mcast"
	            dst, edst = (sn, snmac) if mcast else (tgt, a[3])
	            f = Ether(src=amac, dst=edst) / Dot1Q(vlan=200) / \
	                IPv6(src=a[0], dst=dst, hlim=255) / ICMPv6ND_NS(tgt=tgt)
	            if a[2] != "-":
	                f = f / ICMPv6NDOptSrcLLAddr(lladdr=a[2])
	        sendp(f, iface="aws0", verbose=False)
	        time.sleep(0.2)
	    # Answers leave in the receiving softirq; a second is plenty.
	    time.sleep(1)
	    tcpd.terminate()
	    tcpd.wait()
	    parse(pcap, mac)

	if sys.argv[1] == "parse":
	    parse(sys.argv[2], sys.argv[3])
	else:
	    probe(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
	EOF
}

# nd_probe SPEC...: send the probes from aws0, print the answers from us.
nd_probe() {
	local pcap
	pcap=$(mktemp /tmp/dcvif-nd.XXXXXX.pcap)
	ip netns exec "$AWS" "$PY" "$ND" probe "$pcap" "$CMAC" "$AMAC" "$@"
	rm -f "$pcap"
}

# The whole wire on aws0 while a test reads its counters: every answer
# dcvif counts is on the wire, and no other.
wire_start() {
	WIRE=$(mktemp /tmp/dcvif-wire.XXXXXX.pcap)
	defer rm -f "$WIRE"
	ip netns exec "$AWS" tcpdump -i aws0 -U -nn -w "$WIRE" "vlan 200 and (arp or icmp6)" 2> /dev/null &
	WIRE_PID=$!
	defer kill "$WIRE_PID"
	busywait 5000 bash -c "ip -n $AWS -d -j link show dev aws0 | grep -q '\"promiscuity\":[1-9]'"
}
# "ARP-replies solicited-NAs" from us on the wire since wire_start
wire_answers() {
	local from="vlan 200 and ether src $CMAC and"
	sleep 0.5	# tcpdump -U has written what it saw
	kill "$WIRE_PID"
	wait "$WIRE_PID" 2> /dev/null
	echo "$(tcpdump -r "$WIRE" -nn "$from arp and arp[6:2] = 2" 2> /dev/null | wc -l)" \
		"$(tcpdump -r "$WIRE" -nn "$from icmp6 and ip6[40] = 136 and ip6[44] & 0x40 != 0" 2> /dev/null | wc -l)"
}

# A field of one of $CUST's sessions, or of v200, as dcvifctl -j shows it.
sget() { cc -j bfd show dev v200 peer "$1" | jq -r ".[0] | $2"; } # peer jq
vget() { cc -j vif show dev v200 | jq -r ".[0] | $1"; } # jq
state_is() { [[ $(sget "$1" .state) == "$2" ]]; }
carrier_is() { [[ $(vget '[.carrier, .carrier_reason // "-"] | join(" ")') == "$1" ]]; }
# ethtool -S counter of v200
nd_stat() {
	ip netns exec "$CUST" ethtool -S v200 | sed -n "s/^ *$1: //p"
}

aws_cut() {
	tc -n "$AWS" filter add dev aws0 ingress pref 1 matchall action drop &&
		tc -n "$AWS" filter add dev aws0 egress pref 1 matchall action drop
}
aws_restore() {
	tc -n "$AWS" filter del dev aws0 ingress pref 1 2> /dev/null
	tc -n "$AWS" filter del dev aws0 egress pref 1 2> /dev/null
	return 0
}

bfdd_start() {
	frr_bfdd_start "$AWS" aws0.200 100 10.200.0.2,10.200.0.1 2001:db8:200::2,2001:db8:200::1
}
bfdd_stop() { pkill -KILL -F "/run/frr/$AWS/bfdd.pid"; }

# Down transitions of both sessions of v200, summed.
down_transitions() {
	echo $(( $(sget 10.200.0.2 .stats.down_transitions) + $(sget 2001:db8:200::2 .stats.down_transitions) ))
}

both_up() { # timeout_ms
	busywait "$1" state_is 10.200.0.2 Up && busywait "$1" state_is 2001:db8:200::2 Up
}

# The peer's neighbour entry for ADDR: "lladdr state".
aws_neigh() {
	ip -n "$AWS" -j neigh show dev aws0.200 to "$1" |
		jq -r '.[0] | "\(.lladdr // "-") \(.state[0] // "-")"'
}

recovers_after_peer_neigh_flush() {
	local pcap out arp0 na0 n
	RET=0
	bfdd_start
	check_err $? "zebra and bfdd"
	cc bfd add dev v200 local 10.200.0.1 peer 10.200.0.2 tx-interval 100 rx-interval 100 &&
		cc bfd add dev v200 local 2001:db8:200::1 peer 2001:db8:200::2 tx-interval 100 rx-interval 100
	check_err $? "dcvif sessions at 100 ms x 3"
	# bfdd starts slow (1 s TX) and TCG is slow.
	both_up 60000
	check_err $? "Up with FRR bfdd, IPv4 and IPv6"
	busywait 5000 carrier_is "true -"
	check_err $? "carrier on"
	arp0=$(nd_stat held_arp_replies)
	na0=$(nd_stat held_na_replies)

	pcap=$(mktemp /tmp/dcvif-nd.XXXXXX.pcap)
	defer rm -f "$pcap"
	ip netns exec "$AWS" tcpdump -i aws0 -U -nn -w "$pcap" vlan 200 2> /dev/null &
	local tpid=$!
	defer kill "$tpid"
	busywait 5000 bash -c "ip -n $AWS -d -j link show dev aws0 | grep -q '\"promiscuity\":[1-9]'"

	aws_cut
	check_err $? "path cut (tc drop both ways on aws0)"
	defer aws_restore
	busywait 5000 state_is 10.200.0.2 Down && busywait 5000 state_is 2001:db8:200::2 Down
	check_err $? "our sessions Down"
	busywait 5000 carrier_is "false bfd"
	check_err $? "carrier held down by BFD: $(vget .)"
	# The peer forgets us, as after its own link flap.
	ip -n "$AWS" -4 neigh flush dev aws0.200 && ip -n "$AWS" -6 neigh flush dev aws0.200
	check_err $? "ip neigh flush on the peer"
	# (bfdd keeps sending: an INCOMPLETE entry may be back at once)
	check_eq "$(aws_neigh 10.200.0.1 | cut -d' ' -f1) $(aws_neigh 2001:db8:200::1 | cut -d' ' -f1)" \
		"- -" "the peer has no MAC address for us"
	aws_restore

	# The peer resolves us again (ARP, NS) and its BFD packets reach us.
	both_up 20000
	check_err $? "sessions Up again: $(cc -j bfd show dev v200)
peer: $(ip -n "$AWS" neigh show dev aws0.200)"
	busywait 5000 carrier_is "true -"
	check_err $? "carrier back: $(vget .)"
	# Our own entry for the peer went with the carrier; the stack learnt it
	# again from the peer's request while held (held_answers_own_addresses
	# checks that), or resolves it now: the first packet gets through.
	ip netns exec "$CUST" ping -c 1 -W 2 10.200.0.2 > /dev/null
	check_err $? "first ping after recovery"
	ip netns exec "$CUST" ping -6 -c 1 -W 2 2001:db8:200::2 > /dev/null
	check_err $? "first ping -6 after recovery"
	for a in 10.200.0.1 2001:db8:200::1; do
		out=$(aws_neigh "$a")
		[[ $out =~ ^$CMAC\ (REACHABLE|STALE|DELAY)$ ]]
		check_err $? "the peer's entry for $a: $out"
	done
	n=$(nd_stat held_arp_replies)
	(( n > arp0 ))
	check_err $? "ethtool -S held_arp_replies $arp0 -> $n"
	n=$(nd_stat held_na_replies)
	(( n > na0 ))
	check_err $? "ethtool -S held_na_replies $na0 -> $n"

	kill "$tpid"
	wait "$tpid" 2> /dev/null
	out=$(ip netns exec "$AWS" "$PY" "$ND" parse "$pcap" "$CMAC")
	grep -qFx "arp-reply vlan=200 eth=$CMAC>$AMAC sender=$CMAC,10.200.0.1 target=$AMAC,10.200.0.2" <<< "$out"
	check_err $? "our ARP reply on the wire, tagged, exact fields; saw:
$out"
	grep -qFx "na vlan=200 eth=$CMAC>$AMAC ip=2001:db8:200::1>2001:db8:200::2 hlim=255 R=0 S=1 O=1 target=2001:db8:200::1 tlla=$CMAC csum=ok" <<< "$out"
	check_err $? "our NA on the wire, tagged, exact fields; saw:
$out"
	# Carrier back: one gratuitous ARP and one unsolicited NA per address.
	grep -qFx "arp-request vlan=200 eth=$CMAC>ff:ff:ff:ff:ff:ff sender=$CMAC,10.200.0.1 target=00:00:00:00:00:00,10.200.0.1" <<< "$out"
	check_err $? "gratuitous ARP when the carrier came back; saw:
$out"
	for a in 2001:db8:200::1 "$CLL"; do
		grep -qFx "na vlan=200 eth=$CMAC>33:33:00:00:00:01 ip=$a>ff02::1 hlim=255 R=0 S=0 O=1 target=$a tlla=$CMAC csum=ok" <<< "$out"
		check_err $? "unsolicited NA for $a when the carrier came back; saw:
$out"
	done
	# (a flap under TCG announces again: at least one each)
	check_eq "$(( $(nd_stat back_garps) >= 1 )) $(( $(nd_stat back_unsol_nas) >= 2 ))" "1 1" \
		"ethtool -S back_garps, back_unsol_nas"
	log_test "BFD Down, peer flushed its neighbour entries: ARP/NS answered while held down, session and carrier recover"
}

# Held down by BFD: bfdd killed (the session stays Down, carrier held).
# The peer's entries for us are made permanent meanwhile, so that its own
# probes (for the ICMP errors it sends us) do not mix with the tests'.
hold_down() {
	bfdd_stop
	ip -n "$AWS" neigh replace 10.200.0.1 lladdr "$CMAC" dev aws0.200 nud permanent &&
		ip -n "$AWS" neigh replace 2001:db8:200::1 lladdr "$CMAC" dev aws0.200 nud permanent &&
		busywait 5000 carrier_is "false bfd"
}

held_answers_own_addresses() {
	local out arp0 na0 arp1 na1
	RET=0
	hold_down
	check_err $? "carrier held down by BFD: $(vget .)"
	wire_start
	arp0=$(nd_stat held_arp_replies)
	na0=$(nd_stat held_na_replies)
	# ARP; NS to the solicited-node group with SLLAO (which wins over the
	# Ethernet source); NS to our MAC without SLLAO (a NUD probe) for the
	# link-local address; then the same with forwarding on: Router flag.
	# The stack learns the requester, as ever, though its answer cannot
	# leave: our entry for the peer is back before the carrier.
	ip -n "$CUST" neigh flush dev v200
	out=$(nd_probe arp:10.200.0.1 \
		ns:2001:db8:200::2,2001:db8:200::1,02:00:00:00:00:aa,mcast \
		"ns:fe80::2,$CLL,-,$CMAC" \
		"sh:ip netns exec $CUST sysctl -qw net.ipv6.conf.v200.forwarding=1" \
		ns:2001:db8:200::2,2001:db8:200::1,-,mcast \
		"sh:ip netns exec $CUST sysctl -qw net.ipv6.conf.v200.forwarding=0")
	check_eq "$out" "arp-reply vlan=200 eth=$CMAC>$AMAC sender=$CMAC,10.200.0.1 target=$AMAC,10.200.0.2
na vlan=200 eth=$CMAC>02:00:00:00:00:aa ip=2001:db8:200::1>2001:db8:200::2 hlim=255 R=0 S=1 O=1 target=2001:db8:200::1 tlla=$CMAC csum=ok
na vlan=200 eth=$CMAC>$AMAC ip=$CLL>fe80::2 hlim=255 R=0 S=1 O=1 target=$CLL tlla=$CMAC csum=ok
na vlan=200 eth=$CMAC>$AMAC ip=2001:db8:200::1>2001:db8:200::2 hlim=255 R=1 S=1 O=1 target=2001:db8:200::1 tlla=$CMAC csum=ok" \
		"exactly one answer to each, tagged, exact fields (the last with forwarding on: Router; no SLLAO: to the Ethernet source)"
	check_eq "$(ip -n "$CUST" -j neigh show dev v200 to 10.200.0.2 | jq -r '.[0] | "\(.lladdr) \(.state[0])"')" \
		"$AMAC STALE" "the stack learnt the peer from its ARP request"
	arp1=$(nd_stat held_arp_replies)
	na1=$(nd_stat held_na_replies)
	check_eq "$((arp1 - arp0)) $((na1 - na0))" "$(wire_answers)" \
		"ethtool -S counts every answer on the wire"
	check_eq "$(vget '[.carrier, .carrier_reason] | join(" ")')" "false bfd" "still held down"
	log_test "held down by BFD: ARP and NS (with, without SLLAO; global, link-local) for our addresses answered"
}

held_answers_nothing_else() {
	local out arp0 na0 err0 arp1 na1
	RET=0
	check_eq "$(vget '[.carrier, .carrier_reason] | join(" ")')" "false bfd" "held down"
	wire_start
	arp0=$(nd_stat held_arp_replies)
	na0=$(nd_stat held_na_replies)
	err0=$(nd_stat held_tx_errors)
	# Not our address; DAD (source ::); not our address (v6); a target
	# that is another host's on the link.
	out=$(nd_probe arp:10.200.0.3 ns:::,2001:db8:200::1,-,mcast \
		ns:2001:db8:200::2,2001:db8:200::9,-,mcast arp:10.200.0.2)
	check_eq "$out" "" "no answer on the wire"
	arp1=$(nd_stat held_arp_replies)
	na1=$(nd_stat held_na_replies)
	check_eq "$((arp1 - arp0)) $((na1 - na0)) $(wire_answers)" "0 0 0 0" \
		"ethtool -S counts no answer; none on the wire (ARP replies, solicited NAs)"
	check_eq "$(nd_stat held_tx_errors)" "$err0" "no errors"
	log_test "held down by BFD: ARP for another address, DAD NS, NS for another address not answered"
}

# Held down, the answers follow the stack's rules: arp_ignore, and
# netfilter's output hooks with v200 as the output device (nft arp output,
# ip6 output), as arp_xmit() and ndisc_send_skb() send the stack's own.
held_arp_ignore_and_netfilter() {
	local out ign0 arp0 na0
	RET=0
	check_eq "$(vget '[.carrier, .carrier_reason] | join(" ")')" "false bfd" "held down"
	ign0=$(nd_stat held_arp_ignored)
	arp0=$(nd_stat held_arp_replies)
	out=$(nd_probe "sh:ip netns exec $CUST sysctl -qw net.ipv4.conf.v200.arp_ignore=8" \
		arp:10.200.0.1 \
		"sh:ip netns exec $CUST sysctl -qw net.ipv4.conf.v200.arp_ignore=2" \
		arp:10.200.0.1 \
		"sh:ip netns exec $CUST sysctl -qw net.ipv4.conf.v200.arp_ignore=0")
	check_eq "$out" "arp-reply vlan=200 eth=$CMAC>$AMAC sender=$CMAC,10.200.0.1 target=$AMAC,10.200.0.2" \
		"arp_ignore 8: no answer; 2 (the sender in the subnet): answered"
	check_eq "$(( $(nd_stat held_arp_ignored) - ign0 )) $(( $(nd_stat held_arp_replies) - arp0 ))" "1 1" \
		"ethtool -S held_arp_ignored, held_arp_replies"

	ip netns exec "$CUST" nft -f - <<-'EOF'
	table arp dcvif_nd {
		chain out {
			type filter hook output priority 0;
			oifname "v200" arp operation reply counter drop
		}
	}
	table ip6 dcvif_nd {
		chain out {
			type filter hook output priority 0;
			oifname "v200" icmpv6 type nd-neighbor-advert counter drop
		}
	}
	EOF
	check_err $? "nft: drop ARP and NA out of v200"
	defer eval "ip netns exec $CUST nft delete table arp dcvif_nd 2> /dev/null"
	defer eval "ip netns exec $CUST nft delete table ip6 dcvif_nd 2> /dev/null"
	arp0=$(nd_stat held_arp_replies)
	na0=$(nd_stat held_na_replies)
	out=$(nd_probe arp:10.200.0.1 ns:2001:db8:200::2,2001:db8:200::1,-,mcast)
	check_eq "$out" "" "dropped by nft: no answer on the wire"
	# (the stack's own answers, which die in noop_qdisc, pass there too)
	check_eq "$(ip netns exec "$CUST" nft -j list ruleset |
		jq -c '[.nftables[] | select(.rule) | .rule.expr[] | select(.counter) | .counter.packets > 0]')" \
		"[true,true]" "nft's rules on v200's output saw the ARP reply and the NA"
	check_eq "$(( $(nd_stat held_arp_replies) - arp0 )) $(( $(nd_stat held_na_replies) - na0 ))" "0 0" \
		"ethtool -S counts none sent"
	ip netns exec "$CUST" nft delete table arp dcvif_nd &&
		ip netns exec "$CUST" nft delete table ip6 dcvif_nd
	check_err $? "nft tables deleted"
	out=$(nd_probe arp:10.200.0.1 ns:2001:db8:200::2,2001:db8:200::1,-,mcast)
	check_eq "$out" "arp-reply vlan=200 eth=$CMAC>$AMAC sender=$CMAC,10.200.0.1 target=$AMAC,10.200.0.2
na vlan=200 eth=$CMAC>$AMAC ip=2001:db8:200::1>2001:db8:200::2 hlim=255 R=0 S=1 O=1 target=2001:db8:200::1 tlla=$CMAC csum=ok" \
		"answered again without the rules"
	log_test "held down by BFD: answers honour arp_ignore and pass netfilter's output hooks (nft arp, ip6)"
}

normal_state_kernel_answers_once() {
	local out arp0 na0
	RET=0
	ip -n "$AWS" neigh del 10.200.0.1 dev aws0.200 &&
		ip -n "$AWS" neigh del 2001:db8:200::1 dev aws0.200
	check_err $? "the peer's permanent entries removed"
	bfdd_start
	check_err $? "bfdd back"
	both_up 60000
	check_err $? "Up again"
	busywait 5000 carrier_is "true -"
	check_err $? "carrier on"
	# linkwatch has given the VIF its qdisc back once operstate is UP.
	# A BFD flap during the probe (100 ms x 3 under TCG beside another
	# VM) takes the qdisc away until linkwatch gives it back, and the
	# stack's answer with it (the likely cause of a failure seen once in
	# CI, whose log was lost): that is not what this case is about, so a
	# probe that saw a flap is made again, up to 3 times.
	local try flaps0
	for try in 1 2 3; do
		busywait 5000 carrier_is "true -"
		wait_oper_up "$CUST" v200
		flaps0=$(down_transitions)
		arp0=$(nd_stat held_arp_replies)
		na0=$(nd_stat held_na_replies)
		# Answers only: the stack may solicit the peer itself (NUD of
		# its link-local address, seen once in CI): requests and
		# solicitations are not answers.
		out=$(nd_probe arp:10.200.0.1 ns:2001:db8:200::2,2001:db8:200::1,$AMAC,mcast |
			grep -v -e '^arp-request ' -e '^ns ' -e ' S=0 ')
		[[ $(down_transitions) == "$flaps0" ]] && break
		echo "# probe $try: a BFD session went Down meanwhile; again" >&2
	done
	check_eq "$out" "arp-reply vlan=200 eth=$CMAC>$AMAC sender=$CMAC,10.200.0.1 target=$AMAC,10.200.0.2
na vlan=200 eth=$CMAC>$AMAC ip=2001:db8:200::1>2001:db8:200::2 hlim=255 R=0 S=1 O=1 target=2001:db8:200::1 tlla=$CMAC csum=ok" \
		"one answer each on the wire"
	check_eq "$(nd_stat held_arp_replies) $(nd_stat held_na_replies)" "$arp0 $na0" \
		"all from the kernel's stack, none from dcvif"
	cc bfd del dev v200 peer 10.200.0.2 && cc bfd del dev v200 peer 2001:db8:200::2
	check_err $? "sessions deleted"
	log_test "normal state: the kernel answers ARP and NS, exactly once"
}

setup
tests_run
exit "$EXIT_STATUS"
