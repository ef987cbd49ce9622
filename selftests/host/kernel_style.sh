#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test: the module's sources pass checkpatch.pl --strict (from Debian's
# linux-source-6.12) and build without a warning with W=1 and sparse (C=1)
# for every kernel given.
#
# usage: selftests/host/kernel_style.sh KVER...

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib.sh
source "$TOP/selftests/lib.sh"

KVERS=("$@")
CPDIR=$TOP/build/checkpatch
ALL_TESTS="checkpatch_strict sparse_w1"

# checkpatch.pl and its data files, taken once out of the source tarball.
checkpatch() {
	local tarball
	if [[ ! -x $CPDIR/scripts/checkpatch.pl ]]; then
		tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null) ||
			{ echo "linux-source-6.12 is not installed"; return 1; }
		mkdir -p "$CPDIR"
		tar -xJf "$tarball" -C "$CPDIR" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch || return 1
	fi
	perl "$CPDIR/scripts/checkpatch.pl" "$@"
}

checkpatch_strict() {
	local out
	RET=0
	# netlink-gen.* and uapi/linux/dcvif_genl.h are the kernel generator's
	# output (selftests/host/genl_spec.sh), checked as the kernel checks its own.
	out=$(cd "$TOP" && checkpatch --no-tree --strict --terse --show-types -f \
		$(ls kmod/*.c kmod/*.h kmod/uapi/linux/*.h | grep -v -e '-gen\.' -e '_genl\.h$') 2>&1)
	check_err $? "checkpatch:
$out"
	log_test "checkpatch.pl --strict: kmod/ is clean"
}

sparse_w1() {
	local k out
	RET=0
	for k in "${KVERS[@]}"; do
		out=$(make -s -C "$TOP" sparse KVER="$k" 2>&1)
		check_err $? "make sparse KVER=$k failed:
$out"
		check_eq "$out" "" "W=1 C=1 output for $k"
	done
	log_test "W=1 and sparse (C=1) clean on ${KVERS[*]}"
}

tests_run
exit "$EXIT_STATUS"
