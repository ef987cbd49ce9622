#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, run inside the VM: a customer router with a private jumbo VIF
# (dcvif) facing an "AWS" side made of plain kernel 8021q.
#
#  +---------------- cust ----------------+      +----------------- aws -----------------+
#  | vif100: dcvif id 100, private, 9001  |      | aws0.100: 8021q id 100, mtu 9001      |
#  |   169.254.100.2/30                   |      |   169.254.100.1/30                    |
#  |            cust0 (9001) -------------- veth --------------- aws0 (9001)             |
#  +--------------------------------------+      +---------------------------------------+

set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
export IP_LIB_DIR=$TOP/userspace/iproute2

say() { printf '\n\033[1m### %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

insmod "$TOP/build/$(uname -r)/dcvif.ko"
modprobe 8021q
ip netns add cust
ip netns add aws
ip -n cust link add cust0 mtu 9001 type veth peer name aws0 mtu 9001 netns aws
ip -n cust link set cust0 up
ip -n aws link set aws0 up

say "cust: a private VIF, VLAN 100, jumbo MTU"
run ip -n cust link add link cust0 name vif100 mtu 9001 type dcvif id 100 vif-type private
ip -n cust addr add 169.254.100.2/30 dev vif100
ip -n cust link set vif100 up
run ip -n cust -d link show vif100

say "aws: the kernel's own 8021q on the other end"
ip -n aws link add link aws0 name aws0.100 mtu 9001 type vlan id 100
ip -n aws addr add 169.254.100.1/30 dev aws0.100
ip -n aws link set aws0.100 up
run ip -n aws -d link show aws0.100

say "the MTU policy: a public VIF may not go above 1500"
run ip -n cust link add link cust0 name pub mtu 9001 type dcvif id 200 vif-type public || true

say "a jumbo ping across, don't fragment: 8973 bytes of payload = 9001 bytes of IP"
run ip netns exec cust ping -M do -c 3 -i 0.3 -s 8973 169.254.100.1

say "one byte more does not fit"
run ip netns exec cust ping -M do -c 1 -s 8974 169.254.100.1 || true

say "on the wire (tcpdump on aws0): 802.1Q tag, VID 100"
ip netns exec aws timeout 10 tcpdump -i aws0 -e -nn -c 2 -l vlan 100 and icmp 2>/dev/null &
sleep 1
ip netns exec cust ping -c 1 -W 2 169.254.100.1 >/dev/null
wait
