#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the VM environment, run inside the VM:
#	selftests/run.sh --vm selftests/vm/vm_test.sh
# Checks what every other test takes for granted.
#
# shellcheck disable=SC2317,SC2034
# shellcheck source-path=SCRIPTDIR

# shellcheck source=../lib.sh
source "$(dirname "$0")/../lib.sh"

ALL_TESTS="
	root_and_cwd
	fresh_mounts
	host_tools
	modprobe_vlan
	netns_veth
	repo_writable
"

root_and_cwd()
{
	RET=0
	check_eq "$(id -u)" 0 "uid"
	check_eq "$(hostname)" dcvif-vm "hostname"
	check_eq "$PWD" "$(git rev-parse --show-toplevel 2>/dev/null || echo "$PWD")" "cwd is the repo"
	check_eq "$HOME" /root "HOME"
	check_eq "$(ip -j link show lo | jq -r '.[0].operstate')" UNKNOWN "lo up"
	log_test "root, hostname, cwd = repo, HOME, lo up"
}

fresh_mounts()
{
	local fs

	RET=0
	for fs in /proc:proc /sys:sysfs /dev:devtmpfs /dev/pts:devpts /tmp:tmpfs /run:tmpfs /:overlay; do
		check_eq "$(findmnt -n -o FSTYPE "${fs%%:*}")" "${fs#*:}" "${fs%%:*} type"
	done
	check_eq "$(findmnt -n -o FSTYPE "$PWD")" 9p "repo is 9p"
	touch /usr/.vm-test-upper
	check_err $? "overlay root not writable"
	rm -f /usr/.vm-test-upper
	log_test "fresh proc/sys/dev/devpts/tmp/run, overlay root, 9p repo"
}

host_tools()
{
	RET=0
	require_cmd ip tc python3 || return 0
	python3 -c 'import sys; sys.exit(0)'
	check_err $? "python3 does not run"
	check_eq "$(uname -r)" "$(basename "$(readlink -f "/lib/modules/$(uname -r)")")" "modules dir"
	log_test "host tools and /lib/modules/\$(uname -r) present"
}

modprobe_vlan()
{
	RET=0
	modprobe dummy
	check_err $? "modprobe dummy"
	ip link add d0 type dummy
	check_err $? "add dummy"
	defer ip link del d0
	ip link add link d0 name d0.5 type vlan id 5
	check_err $? "add vlan"
	check_eq "$(ip -j -d link show d0.5 | jq -r '.[0].linkinfo.info_data.id')" 5 "vlan id"
	check_eq "$(lsmod | awk '$1 == "8021q" { print $1 }')" 8021q "8021q loaded"
	log_test "modprobe of in-tree modules (dummy, 8021q)"
}

netns_veth()
{
	local ns1 ns2

	RET=0
	ns_create ns1 ns2
	check_err $? "ns_create"
	ip -n "$ns1" link add v1 type veth peer name v2 netns "$ns2"
	check_err $? "veth"
	ip -n "$ns1" addr add 192.0.2.1/24 dev v1 && ip -n "$ns1" link set v1 up
	ip -n "$ns2" addr add 192.0.2.2/24 dev v2 && ip -n "$ns2" link set v2 up
	busywait 5000 ip netns exec "$ns1" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(("192.0.2.2", 9))
s.send(b"x")' > /dev/null
	check_err $? "send over veth"
	check_eq "$(ip netns list | grep -c "^$ns1")" 1 "netns listed"
	log_test "ns_create and veth between namespaces"
}

repo_writable()
{
	local f=build/vm/.vm-test.$$

	RET=0
	echo "written in $(uname -r)" > "$f"
	check_err $? "write into the repo"
	check_eq "$(cat "$f")" "written in $(uname -r)" "read back"
	rm -f "$f"
	log_test "repository writable"
}

tests_run
exit "$EXIT_STATUS"
