#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tap_run.sh OUTDIR NAME=COMMAND...: runs each COMMAND, keeps its TAP in
# OUTDIR/NAME.tap and prints it; a COMMAND that exits nonzero (a crash, a
# sanitizer report) is one more failure. Last line "N passed, N failed";
# exits 1 if anything failed.
out=$1
shift
pass=0
fail=0
for spec; do
	name=${spec%%=*}
	echo "# $name"
	sh -c "${spec#*=}" > "$out/$name.tap" 2>&1
	rc=$?
	cat "$out/$name.tap"
	p=$(grep -c '^ok ' "$out/$name.tap")
	f=$(grep -c '^not ok ' "$out/$name.tap")
	[ $rc -eq 0 ] || { echo "not ok - $name exited $rc"; f=$((f + 1)); }
	pass=$((pass + p))
	fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
