#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test: `dkms build` of this tree succeeds for each kernel given, and
# the module DKMS built loads and makes a working VIF in that kernel (VM).
# DKMS works in private trees under build/, so the host's own DKMS state
# (/var/lib/dkms, /usr/src) is left alone.
#
# usage: selftests/dkms_test.sh KVER...

TOP=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
source "$TOP/selftests/lib.sh"

KVERS=("$@")
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP/dkms.conf")
WORK=$TOP/build/dkms-test
ALL_TESTS="dkms_build dkms_module_in_vm"

# The module DKMS built for $1: compressed like the kernel's own (6.12: xz).
dkms_ko() {
	compgen -G "$WORK/tree/dcvif/$VERSION/$1/x86_64/module/dcvif.ko*" | head -n1 | grep .
}

dkms_build() {
	local k ko out
	RET=0
	rm -rf "$WORK" && mkdir -p "$WORK/src/dcvif-$VERSION" "$WORK/tree"
	cp -a "$TOP/dkms.conf" "$TOP/Kbuild" "$TOP/kmod" "$WORK/src/dcvif-$VERSION/"
	out=$(dkms add -m dcvif -v "$VERSION" --sourcetree "$WORK/src" --dkmstree "$WORK/tree" 2>&1)
	check_err $? "dkms add: $out"
	for k in "${KVERS[@]}"; do
		out=$(dkms build -m dcvif -v "$VERSION" -k "$k" \
			--sourcetree "$WORK/src" --dkmstree "$WORK/tree" 2>&1)
		check_err $? "dkms build -k $k: $out"
		ko=$(dkms_ko "$k")
		check_err $? "no dcvif.ko for $k"
		check_eq "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" "$k" "vermagic of the $k module"
	done
	log_test "dkms build succeeds for ${KVERS[*]}"
}

dkms_module_in_vm() {
	local k ko out
	RET=0
	for k in "${KVERS[@]}"; do
		ko=$(dkms_ko "$k")
		# shellcheck disable=SC2016 # expanded in the VM
		out=$("$TOP/selftests/vm/vm.sh" -q -k "$k" -n "dkms-$k" -- \
			"insmod $ko && cat /sys/module/dcvif/version &&
			 ip link add d0 type veth peer name d1 &&
			 IP_LIB_DIR=$TOP/userspace/iproute2 ip link add link d0 name v7 type dcvif id 7 &&
			 IP_LIB_DIR=$TOP/userspace/iproute2 ip -d -j link show v7 |
			 python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"linkinfo\"][\"info_data\"])'" 2>&1)
		check_err $? "VM on $k: $out"
		grep -qx "$VERSION" "$TOP/build/vm/logs/dkms-$k.log"
		check_err $? "module version $VERSION not reported on $k"
		grep -q "{'id': 7, 'vif_type': 'private', 'policy_mtu': 9001, 'lower_jumbo': True}" \
			"$TOP/build/vm/logs/dkms-$k.log"
		check_err $? "VIF not made by the DKMS module on $k"
	done
	log_test "the DKMS-built module loads and makes a VIF on ${KVERS[*]}"
}

if [[ $(id -u) != 0 ]] || ! command -v dkms >/dev/null; then
	echo "TAP version 13"
	echo "1..0 # SKIP needs root and dkms"
	exit 0
fi
tests_run
exit "$EXIT_STATUS"
