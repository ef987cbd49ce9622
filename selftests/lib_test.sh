#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of selftests/lib.sh.  Runs on the host, no root needed: each test
# runs a small script that uses the library in a child bash and checks its
# exact TAP output and exit status.
#
# Test functions are called through ALL_TESTS and the child scripts are
# single-quoted on purpose:
# shellcheck disable=SC2317,SC2016,SC2034
# shellcheck source-path=SCRIPTDIR

LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh
# shellcheck source=lib.sh
source "$LIB"

ALL_TESTS="
	plan_and_pass
	check_err_fails
	check_fail_negative
	check_eq_mismatch
	reasons_all_listed
	no_log_test
	missing_function
	defer_lifo_on_failure
	defer_scopes
	defer_at_exit
	busywait_succeeds
	busywait_times_out
	skip_and_require
	require_cmd_top_level
	tests_subset
	newest_only
	timing_todo
"

TMPD=$(mktemp -d) || exit 1
defer rm -rf "$TMPD"

# inner BODY: run a script made of lib.sh + BODY; sets OUT and STATUS.
inner()
{
	printf 'source %q\n%s\n' "$LIB" "$1" > "$TMPD/inner.sh"
	OUT=$(cd "$TMPD" && env -u TESTS bash "$TMPD/inner.sh" 2>&1)
	STATUS=$?
}

plan_and_pass()
{
	RET=0
	inner '
ALL_TESTS="a b"
a() { RET=0; true; check_err $? "true failed"; log_test "first"; }
b() { RET=0; check_eq "x" "x" "same"; log_test "second"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..2\nok 1 first\nok 2 second' "output"
	check_eq "$STATUS" 0 "exit status"
	log_test "passing tests: header, plan, ok lines, status 0"
}

check_err_fails()
{
	RET=0
	inner '
ALL_TESTS="a b"
a() { RET=0; false; check_err $? "false failed"; log_test "desc a"; }
b() { RET=0; log_test "desc b"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..2\nnot ok 1 desc a # false failed\n# false failed\nok 2 desc b' "output"
	check_eq "$STATUS" 1 "exit status"
	log_test "check_err: non-zero status makes not ok, later tests unaffected"
}

check_fail_negative()
{
	RET=0
	inner '
ALL_TESTS="a b"
a() { RET=0; true; check_fail $? "true succeeded"; log_test "a"; }
b() { RET=0; false; check_fail $? "unused"; log_test "b"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..2\nnot ok 1 a # true succeeded\n# true succeeded\nok 2 b' "output"
	check_eq "$STATUS" 1 "exit status"
	log_test "check_fail: zero status fails, non-zero passes"
}

check_eq_mismatch()
{
	RET=0
	inner '
ALL_TESTS="a"
a() { RET=0; check_eq "got this" "want that" "value"; log_test "a"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..1\nnot ok 1 a # value\n# value\n#   expected: \'want that\'\n#   actual:   \'got this\'' "output"
	check_eq "$STATUS" 1 "exit status"
	log_test "check_eq: mismatch prints expected and actual"
}

reasons_all_listed()
{
	RET=0
	inner '
ALL_TESTS="a"
a() { RET=0; false; check_err $? "one"; check_eq 1 1 "fine"; true; check_fail $? "two"; log_test "a"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..1\nnot ok 1 a # one\n# one\n# two' "output"
	log_test "first reason on the not ok line, all reasons after it"
}

no_log_test()
{
	RET=0
	inner '
ALL_TESTS="a"
a() { RET=0; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..1\nnot ok 1 a # test did not call log_test\n# test did not call log_test' "output"
	check_eq "$STATUS" 1 "exit status"
	log_test "a test without log_test is a failure"
}

missing_function()
{
	RET=0
	inner '
ALL_TESTS="nope"
tests_run
exit $EXIT_STATUS'
	check_eq "$(sed -n 3p <<< "$OUT")" "not ok 1 nope # no such test function: nope" "output"
	check_eq "$STATUS" 1 "exit status"
	log_test "a test listed but not defined is a failure"
}

defer_lifo_on_failure()
{
	RET=0
	inner '
ALL_TESTS="a b"
a() { RET=0; defer echo "undo 1"; defer echo "undo 2"; false; check_err $? "x"; log_test "a"; return 1; }
b() { RET=0; echo "b starts"; log_test "b"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..2\nnot ok 1 a # x\n# x\nundo 2\nundo 1\nb starts\nok 2 b' "output"
	log_test "defer: LIFO, runs when a failing test returns, before the next test"
}

defer_scopes()
{
	RET=0
	inner '
ALL_TESTS="a"
a() {
	RET=0
	defer echo "outer"
	defer_scope_push
	defer echo "inner 1"
	defer echo "inner 2"
	defer_scope_pop
	echo "after pop"
	defer echo "quoted \"arg\" \$HOME"
	log_test "a"
}
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..1\ninner 2\ninner 1\nafter pop\nok 1 a\nquoted "arg" $HOME\nouter' "output"
	log_test "defer_scope_push/pop: nested scope runs at pop, arguments kept verbatim"
}

defer_at_exit()
{
	RET=0
	inner '
defer echo "top level"
ALL_TESTS="a"
a() { RET=0; log_test "a"; exit 3; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..1\nok 1 a\ntop level' "output"
	check_eq "$STATUS" 3 "exit status kept"
	log_test "defer: outstanding defers run at exit, exit status kept"
}

busywait_succeeds()
{
	RET=0
	inner '
n=0
third() { n=$(($(cat count 2>/dev/null || echo 0) + 1)); echo $n > count; echo "try $n"; [ $n -ge 3 ]; }
out=$(busywait 5000 third)
echo "status $? out $out count $(cat count)"'
	check_eq "$OUT" "status 0 out try 3 count 3" "output"
	log_test "busywait: retries until the command succeeds, prints its output"
}

busywait_times_out()
{
	local start end

	RET=0
	start=$(date +%s%N)
	inner '
never() { echo "not yet"; return 7; }
out=$(busywait 300 never)
echo "status $? out $out"'
	end=$(date +%s%N)
	check_eq "$OUT" "status 7 out not yet" "output"
	[[ $(((end - start) / 1000000)) -ge 300 ]]
	check_err $? "returned before the timeout"
	[[ $(((end - start) / 1000000)) -lt 3000 ]]
	check_err $? "took far longer than the timeout"
	log_test "busywait: gives up after the timeout with the last status"
}

skip_and_require()
{
	RET=0
	inner '
ALL_TESTS="a b c"
a() { RET=0; skip_test "no hardware"; log_test "a"; }
b() { RET=0; require_cmd bash no-such-cmd-xyz || return 0; log_test "b"; }
c() { RET=0; require_cmd bash || return 0; log_test "c"; }
tests_run
exit $EXIT_STATUS'
	check_eq "$OUT" $'TAP version 13\n1..3\nok 1 a # SKIP no hardware\nok 2 b # SKIP missing command: no-such-cmd-xyz\nok 3 c' "output"
	check_eq "$STATUS" 0 "exit status"
	log_test "skip_test and require_cmd in a test: ok with SKIP, status 0"
}

require_cmd_top_level()
{
	RET=0
	inner '
ALL_TESTS="a b"
require_cmd no-such-cmd-xyz
echo "not reached"'
	check_eq "$OUT" $'TAP version 13\n1..2\nok 1 a # SKIP missing command: no-such-cmd-xyz\nok 2 b # SKIP missing command: no-such-cmd-xyz' "output"
	check_eq "$STATUS" 0 "exit status"
	log_test "require_cmd at top level skips every test and exits 0"
}

tests_subset()
{
	RET=0
	printf 'source %q\n%s\n' "$LIB" '
ALL_TESTS="a b"
a() { RET=0; log_test "a"; }
b() { RET=0; log_test "b"; }
tests_run' > "$TMPD/subset.sh"
	check_eq "$(TESTS=b bash "$TMPD/subset.sh")" $'TAP version 13\n1..1\nok 1 b' "output"
	log_test "TESTS= runs a subset"
}

newest_only()
{
	RET=0
	printf 'source %q\n%s\n' "$LIB" '
ALL_TESTS="a bb b"
NEWEST_ONLY="bb"
a() { RET=0; log_test "a"; }
b() { RET=0; log_test "b"; }
bb() { RET=0; log_test "bb"; }
tests_run' > "$TMPD/newest.sh"
	check_eq "$(env -u TESTS DCVIF_OLDER_KERNEL=1 bash "$TMPD/newest.sh")" \
		$'TAP version 13\n1..3\nok 1 a\nok 2 bb # SKIP newest kernel only in the quick lane (CHECK_FULL=1 runs it here)\nok 3 b' \
		"older kernel"
	check_eq "$(env -u TESTS -u DCVIF_OLDER_KERNEL bash "$TMPD/newest.sh")" \
		$'TAP version 13\n1..3\nok 1 a\nok 2 bb\nok 3 b' "newest kernel"
	log_test "NEWEST_ONLY cases are skipped with DCVIF_OLDER_KERNEL=1, by exact name"
}

timing_todo()
{
	RET=0
	printf 'source %q\n%s\n' "$LIB" '
ALL_TESTS="a b"
TIMING_CASES="a"
a() { RET=0; check_err 1 "late by 50 ms"; log_test "a"; }
b() { RET=0; check_err 1 "wrong"; log_test "b"; }
tests_run
exit $EXIT_STATUS' > "$TMPD/timing.sh"
	check_eq "$(env -u TESTS DCVIF_KERNEL_RELEASE=6.12.118-dcvif-debug bash "$TMPD/timing.sh"; echo "rc=$?")" \
		$'TAP version 13\n1..2\nnot ok 1 a # TODO timing bound on the debug kernel: late by 50 ms\n# late by 50 ms\nnot ok 2 b # wrong\n# wrong\nrc=1' \
		"debug kernel: a is TODO, b fails"
	check_eq "$(env -u TESTS DCVIF_KERNEL_RELEASE=6.12.118+deb12-amd64 bash "$TMPD/timing.sh" | grep -c TODO)" 0 \
		"stock kernel: no TODO"
	log_test "TIMING_CASES: failures are TAP TODO on the debug kernel only, other failures still fail"
}

tests_run
exit "$EXIT_STATUS"
