#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the test VM (pid 1 after switch_root; stage 1 has mounted
# everything and set the hostname and lo up): run the command vm.sh left in the run directory, report its status through
# the isa-debug-exit port and stop the machine.
#
# Usage (by stage 1 only): guest.sh REPO RUNDIR

repo=$1
run=$2

# Byte written to isa-debug-exit; qemu then exits with (byte << 1) | 1.
readonly EXIT_PASS=$((0x20))	# qemu status 65
readonly EXIT_FAIL=$((0x21))	# qemu status 67

vm_exit() {
	local byte=$1 word=$2

	sync
	echo "DCVIF_VM_RESULT=$word"
	# shellcheck disable=SC2059 # the format is the byte
	printf "\\x$(printf %02x "$byte")" |
		dd of=/dev/port bs=1 seek=$((0xf4)) count=1 status=none 2>/dev/null
	# Still here: the port did not work.  The marker above tells vm.sh.
	echo "dcvif-vm: isa-debug-exit write failed, powering off"
	echo o > /proc/sysrq-trigger
	sleep 10
	echo b > /proc/sysrq-trigger
	sleep infinity
}

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
umask 022

# Builtins only: every exec reads its binary and libraries over 9p.
uptime() { local up _; read -r up _ < /proc/uptime; echo "${up}s"; }
read -r kver < /proc/sys/kernel/osrelease
if [ ! -d "/lib/modules/$kver" ]; then
	echo "dcvif-vm: /lib/modules/$kver missing in the guest"
	vm_exit $EXIT_FAIL boot-failure
fi

cd "$repo" || vm_exit $EXIT_FAIL boot-failure
if [ ! -r "$run/cmd" ]; then
	echo "dcvif-vm: $run/cmd missing"
	vm_exit $EXIT_FAIL boot-failure
fi

# On a kernel with kmemleak (the debug kernel of make check-debug): forget
# what boot left unreferenced, so that the scan after the command reports
# only what the command's run leaked.
kmemleak=/sys/kernel/debug/kmemleak
if [ -w "$kmemleak" ]; then
	echo scan > "$kmemleak"
	echo clear > "$kmemleak"
fi

echo "DCVIF_VM_BEGIN $kver $(uptime)"
bash "$run/cmd" </dev/null
rc=$?
echo "DCVIF_VM_END status=$rc $(uptime)"
echo "$rc" > "$run/status"

# kmemleak reports an object unreferenced for 5 s or more, and RCU and
# workqueues free late: wait, then scan twice as its documentation advises.
# A report goes to the console as a kernel line, which vm.sh counts as a
# splat.
if [ -w "$kmemleak" ]; then
	sleep 6
	echo scan > "$kmemleak"
	echo scan > "$kmemleak"
	n=0
	while read -r line; do
		case $line in "unreferenced object"*) n=$((n + 1)) ;; esac
	done < "$kmemleak"
	if [ "$n" -gt 0 ]; then
		echo "dcvif-vm: kmemleak report:"
		while IFS= read -r line; do echo "$line"; done < "$kmemleak"
		echo "kmemleak: $n new suspected memory leaks (after the test command)" > /dev/kmsg
	else
		echo "dcvif-vm: kmemleak: no leak"
	fi
fi

if [ "$rc" = 0 ]; then
	vm_exit $EXIT_PASS pass
else
	vm_exit $EXIT_FAIL "fail status=$rc"
fi
