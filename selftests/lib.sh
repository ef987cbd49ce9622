# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Small test library for dcvif selftests, after the kernel's
# tools/testing/selftests/net/lib.sh.  Sourced by test scripts, which run
# as root inside the test VM (selftests/vm/vm.sh).
#
#	source "$(dirname "$0")/../lib.sh"
#
#	ALL_TESTS="vif_add vif_del"
#
#	vif_add()
#	{
#		RET=0
#		ns_create ns1
#		ip -n "$ns1" link add d0 type dummy
#		check_err $? "cannot add dummy"
#		check_eq "$(ip -n "$ns1" -j link show d0 | jq -r '.[0].mtu')" 1500 "mtu"
#		log_test "vif add"
#	}
#	...
#	tests_run
#	exit $EXIT_STATUS
#
# Output is TAP version 13: a plan line from ALL_TESTS, then one
# "ok N desc", "not ok N desc # why" or "ok N desc # SKIP why" per test.
# EXIT_STATUS is 0 when nothing failed (skips do not fail), else 1.
# TESTS="a b" in the environment runs that subset instead of ALL_TESTS.
#
# NEWEST_ONLY="c d" names cases whose subject is the same on every kernel
# (interop with a userspace peer, our own protocol core, scale): with
# DCVIF_OLDER_KERNEL=1 in the environment, which selftests/run.sh sets on
# every kernel but the newest unless given --full (make check CHECK_FULL=1),
# they are reported as skipped. make check thereby runs every case on the
# newest kernel and the version-dependent ones on the older.
#
# Do not use "set -e" (check_* record failures, they do not abort) and do not
# replace the EXIT trap (it runs outstanding defers); use defer instead.

EXIT_STATUS=0
RET=0

__TAP_NUM=0		# number of the last TAP result line
__TEST_NAME=		# function being run by tests_run, empty outside
__TEST_LOGGED=0		# result lines printed for the current test
__TEST_SKIPPED=0
__RETMSGS=()		# failure reasons of the current step group
__DEFER_CMDS=()		# quoted commands, run last in, first out
__DEFER_SCOPES=()	# stack of indices into __DEFER_CMDS

# --- results ----------------------------------------------------------------

# TIMING_CASES="c d": cases that assert a time bound (a Down within the
# detection time + 100 ms, routes back within 1 s...). On the debug kernel of
# make check-debug (release *-dcvif-debug: KASAN, lockdep, kmemleak under
# TCG run 3-4 times slower) their failures are TAP TODO lines: reported, not
# failures; what that lane is for (splats, leaks) still fails the run.
__timing_todo()
{
	local rel=${DCVIF_KERNEL_RELEASE:-}

	[[ -n $rel ]] || read -r rel < /proc/sys/kernel/osrelease 2> /dev/null
	[[ $rel == *-dcvif-debug && " ${TIMING_CASES:-} " =~ [[:space:]]${__TEST_NAME:-none}[[:space:]] ]]
}

__fail()
{
	RET=${1:-1}
	__RETMSGS+=("$2")
}

# check_err STATUS WHY: the step failed unless STATUS is 0.
check_err()
{
	local err=$1
	local msg=$2

	if [[ $err -ne 0 ]]; then
		__fail "$err" "$msg"
	fi
	return 0
}

# check_fail STATUS WHY: the step failed if STATUS is 0 (a negative case).
check_fail()
{
	local err=$1
	local msg=$2

	if [[ $err -eq 0 ]]; then
		__fail 1 "$msg"
	fi
	return 0
}

# check_eq ACTUAL EXPECTED WHY: string comparison.
check_eq()
{
	local actual=$1
	local expected=$2
	local msg=$3

	if [[ "$actual" != "$expected" ]]; then
		__fail 1 "$msg"$'\n'"  expected: '$expected'"$'\n'"  actual:   '$actual'"
	fi
	return 0
}

# Print every line of $1 as a TAP diagnostic.
__tap_diag()
{
	local line

	while IFS= read -r line; do
		printf '# %s\n' "$line"
	done <<< "$1"
}

log_info()
{
	__tap_diag "$*"
}

# log_test DESC: one TAP line for the steps since RET=0.
log_test()
{
	local desc=$1
	local msg first

	if [[ $__TEST_SKIPPED -ne 0 ]]; then
		return 0
	fi
	__TAP_NUM=$((__TAP_NUM + 1))
	__TEST_LOGGED=$((__TEST_LOGGED + 1))
	if [[ $RET -eq 0 && ${#__RETMSGS[@]} -eq 0 ]]; then
		printf 'ok %d %s\n' "$__TAP_NUM" "$desc"
	else
		first=${__RETMSGS[0]:-failed (RET=$RET)}
		if __timing_todo; then
			# TAP's TODO: reported, not a failure of the run
			printf 'not ok %d %s # TODO timing bound on the debug kernel: %s\n' \
				"$__TAP_NUM" "$desc" "${first%%$'\n'*}"
		else
			printf 'not ok %d %s # %s\n' "$__TAP_NUM" "$desc" "${first%%$'\n'*}"
			EXIT_STATUS=1
		fi
		for msg in "${__RETMSGS[@]}"; do
			__tap_diag "$msg"
		done
	fi
	__RETMSGS=()
	return 0
}

# skip_test WHY [DESC]: report the current test as skipped; return from the
# test next.  DESC defaults to the test function's name.
skip_test()
{
	local why=$1
	local desc=${2:-${__TEST_NAME:-test}}

	if [[ $__TEST_SKIPPED -ne 0 ]]; then
		return 0
	fi
	__TAP_NUM=$((__TAP_NUM + 1))
	__TEST_LOGGED=$((__TEST_LOGGED + 1))
	__TEST_SKIPPED=1
	printf 'ok %d %s # SKIP %s\n' "$__TAP_NUM" "$desc" "$why"
	__RETMSGS=()
	return 0
}

# require_cmd CMD...: inside a test, skip it and return 1 when one is
# missing ("require_cmd tcpdump || return 0"); at the top of a script, report
# every test as skipped and exit 0.
require_cmd()
{
	local cmd
	local missing=()

	for cmd in "$@"; do
		command -v "$cmd" > /dev/null || missing+=("$cmd")
	done
	if [[ ${#missing[@]} -eq 0 ]]; then
		return 0
	fi
	if [[ -n $__TEST_NAME ]]; then
		skip_test "missing command: ${missing[*]}"
		return 1
	fi
	__skip_all "missing command: ${missing[*]}"
	exit "$EXIT_STATUS"
}

__tests()
{
	echo "${TESTS:-${ALL_TESTS:-}}"
}

__skip_all()
{
	local why=$1
	local t n=0

	echo "TAP version 13"
	for t in $(__tests); do
		n=$((n + 1))
	done
	if [[ $n -eq 0 ]]; then
		echo "1..0 # SKIP $why"
		return
	fi
	echo "1..$n"
	for t in $(__tests); do
		__TAP_NUM=$((__TAP_NUM + 1))
		printf 'ok %d %s # SKIP %s\n' "$__TAP_NUM" "$t" "$why"
	done
}

# tests_run: run every test of ALL_TESTS (or TESTS) in its own defer scope.
tests_run()
{
	local t
	local tests=()

	for t in $(__tests); do
		tests+=("$t")
	done
	echo "TAP version 13"
	echo "1..${#tests[@]}"
	for t in "${tests[@]}"; do
		__TEST_NAME=$t
		__TEST_LOGGED=0
		__TEST_SKIPPED=0
		__RETMSGS=()
		RET=0
		if [[ $(type -t "$t") != function ]]; then
			__fail 1 "no such test function: $t"
			log_test "$t"
		elif [[ ${DCVIF_OLDER_KERNEL:-0} == 1 && " ${NEWEST_ONLY:-} " =~ [[:space:]]$t[[:space:]] ]]; then
			skip_test "newest kernel only in the quick lane (CHECK_FULL=1 runs it here)" "$t"
		else
			defer_scope_push
			"$t"
			defer_scope_pop
			if [[ $__TEST_LOGGED -eq 0 ]]; then
				__fail 1 "test did not call log_test"
				log_test "$t"
			fi
		fi
		__TEST_NAME=
	done
	if [[ $__TAP_NUM -ne ${#tests[@]} ]]; then
		log_info "warning: ${#tests[@]} tests planned, $__TAP_NUM results"
	fi
}

# --- cleanup ----------------------------------------------------------------

# defer CMD ARGS...: run CMD when the current scope ends (the test function
# returns, defer_scope_pop, or the script exits), last registered first.
defer()
{
	local cmd

	printf -v cmd '%q ' "$@"
	__DEFER_CMDS+=("$cmd")
}

defer_scope_push()
{
	__DEFER_SCOPES+=("${#__DEFER_CMDS[@]}")
}

__defer_run_to()
{
	local start=$1
	local last cmd

	# A deferred command may defer more; those run here too.
	while [[ ${#__DEFER_CMDS[@]} -gt $start ]]; do
		last=$((${#__DEFER_CMDS[@]} - 1))
		cmd=${__DEFER_CMDS[last]}
		unset '__DEFER_CMDS[last]'
		eval "$cmd"
	done
}

defer_scope_pop()
{
	local start=0

	if [[ ${#__DEFER_SCOPES[@]} -gt 0 ]]; then
		start=${__DEFER_SCOPES[-1]}
		unset '__DEFER_SCOPES[-1]'
	fi
	__defer_run_to "$start"
	return 0
}

__lib_exit()
{
	local status=$?

	__defer_run_to 0
	__DEFER_SCOPES=()
	exit "$status"
}
trap __lib_exit EXIT

# --- helpers ----------------------------------------------------------------

__now_ms()
{
	local us=${EPOCHREALTIME//[.,]/}

	__NOW_MS=$((us / 1000))
}

# busywait TIMEOUT_MS CMD ARGS...: retry CMD until it succeeds or TIMEOUT_MS
# has passed.  Prints CMD's last output and returns its last status.
busywait()
{
	local timeout_ms=$1
	shift
	local start out ret

	__now_ms
	start=$__NOW_MS
	while :; do
		out=$("$@")
		ret=$?
		__now_ms
		if [[ $ret -eq 0 || $((__NOW_MS - start)) -ge $timeout_ms ]]; then
			if [[ -n $out ]]; then
				printf '%s\n' "$out"
			fi
			return "$ret"
		fi
		sleep 0.1
	done
}

# ns_create VAR...: one new network namespace per VAR, with a random suffix
# and lo up; the name goes into VAR and its deletion is deferred.
ns_create()
{
	local __var __ns

	for __var in "$@"; do
		__ns="$__var-$(mktemp -u XXXXXX)"
		if ! ip netns add "$__ns"; then
			echo "ns_create: cannot create netns $__ns" >&2
			return 1
		fi
		defer ip netns del "$__ns"
		printf -v "$__var" '%s' "$__ns"
		if ! ip -n "$__ns" link set lo up; then
			echo "ns_create: cannot set lo up in $__ns" >&2
			return 1
		fi
	done
}
