#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd test runner: C unit tests (ASan/UBSan), the codec fuzzer for a
# fixed time, then the netns interop tests with real BGP peers.
# One TAP line per test; closes with "N passed, N failed".
#
# Run from anywhere after "make -C userspace/dcvifd all tests/test_codec
# fuzz_codec dcvifd.san" (make -C userspace/dcvifd check does both).

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
D=$TOP/userspace/dcvifd
FUZZ_TIME=${FUZZ_TIME:-30}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

n=0 passed=0 failed=0

tap() {	# tap STATUS DESCRIPTION [REASON]
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
		passed=$((passed + 1))
	else
		echo "not ok $n $2${3:+ # $3}"
		failed=$((failed + 1))
	fi
}

# re-number the TAP lines a C test binary prints
unit() {
	local bin=$1 name=$2 out rc line
	out=$("$bin" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*)
			tap 0 "$name: ${line#ok * }" ;;
		"not ok "*)
			line=${line#not ok }
			tap 1 "$name: ${line#* }" ;;
		esac
	done <<<"$out"
	# a sanitizer report or a crash after the last line fails too
	if [ $rc -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
		tap 1 "$name: exit status" "rc=$rc: $(grep -m1 -E 'ERROR|runtime error' <<<"$out")"
	fi
}

unit "$D/tests/test_codec" codec
unit "$D/tests/test_pool" pool
unit "$D/tests/test_privcheck" privcheck
[ -x "$D/tests/test_parse" ] && unit "$D/tests/test_parse" parse
[ -x "$D/tests/test_rde" ] && unit "$D/tests/test_rde" rde

# relay SCRIPT: its TAP lines renumbered into ours
relay() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok "*) tap 0 "${line#ok * }" ;;
		"not ok "*) line=${line#not ok }; tap 1 "${line#* }" ;;
		esac
	done < <("$1" 2>&1)
}

# config parser golden files
relay "$HERE/config.sh"
# dcvifctl import-aws: documents of AWS's shape into vif blocks
relay "$HERE/import.sh"
# privilege separation: processes, capabilities, mutated UPDATEs
relay "$HERE/privsep.sh"

# fuzzer: a fixed time from the committed seeds, in a scratch corpus
fuzz() {
	local work log rc
	work=$(mktemp -d)
	log=$work/log
	cp "$TOP"/selftests/fuzz/bgp/corpus/* "$work/" 2>/dev/null
	mkdir -p "$work/artifacts"
	"$D/fuzz_codec" -max_total_time="$FUZZ_TIME" -max_len=4200 \
		-artifact_prefix="$work/artifacts/" -print_final_stats=1 \
		"$work" >"$log" 2>&1
	rc=$?
	local runs
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc -eq 0 ]; then
		tap 0 "fuzz: codec ${FUZZ_TIME}s, ${runs:-?} inputs, no crash"
	else
		tap 1 "fuzz: codec" "rc=$rc $(grep -m1 -E 'ERROR|runtime error' "$log"); artifacts kept in $work/artifacts"
		return
	fi
	rm -rf "$work"
}
fuzz

# interop tests with real peers, each prints TAP lines of its own; they
# need root for network namespaces
if [ "$(id -u)" != 0 ]; then
	n=$((n + 1))
	echo "ok $n interop # SKIP needs root (network namespaces)"
	echo "1..$n"
	echo "$passed passed, $failed failed, 1 skipped"
	[ $failed -eq 0 ]
	exit
fi
for t in "$HERE"/interop_*.sh; do
	[ -x "$t" ] || continue
	while IFS= read -r line; do
		case $line in
		"ok "*) tap 0 "${line#ok * }" ;;
		"not ok "*) line=${line#not ok }; tap 1 "${line#* }" ;;
		"#"*) echo "$line" ;;
		esac
	done < <("$t" 2>&1)
done

echo "1..$n"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
