#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test runner: every --vm script in its own VM boot on every kernel, every
# --host command on the host; TAP results counted; last line
# "N passed, N failed[, N skipped]".

set -u
shopt -s lastpipe

readonly ME=run.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 2
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null) || repo=$(cd "$here/.." && pwd)
vm_sh=$here/vm/vm.sh

usage() {
	cat <<EOF
Usage: $ME [--kernels "KVER..."] [--timeout S] [--jobs N] [--verbose]
          [--full] [--vm SCRIPT]... [--host COMMAND]... [--side COMMAND]...

  --vm SCRIPT      run SCRIPT (repo-relative path, plus arguments if quoted
                   together) as root in a fresh VM, once per kernel; a
                   line "# vm-append: PARAMS" in SCRIPT adds kernel
                   parameters (vm.sh's VM_APPEND)
  --vm-newest SCRIPT  the same, on the newest kernel of the list only
  --full           on the older kernels too, run the cases a script lists
                   in NEWEST_ONLY (by default they are reported as skipped
                   there: see selftests/lib.sh)
  --host COMMAND   run COMMAND with bash on the host, from the repo root
  --side COMMAND   the same, but in a lane of its own beside the --jobs
                   ones, from the start: for a long host suite that mostly
                   waits on protocol timers (a third of a CPU), which would
                   otherwise hold one of the VMs' lanes
  --kernels LIST   kernel releases for --vm (default: the newest installed
                   6.1.*-amd64 and 6.12.*-amd64 that have /boot/vmlinuz-KVER
                   and /lib/modules/KVER/build: $(default_kernels | paste -sd' '))
  --timeout S      per VM run (vm.sh -t), default 300
  --jobs N         N runs at a time (default 1), taken in the order given
                   or, with --order, longest first; output lines interleave
                   but each carries its prefix; VMs then get one vCPU each
                   unless VM_SMP says otherwise
  --order FILE     take the runs longest first, by the seconds FILE gives
                   ("SECONDS SERIES WHAT" lines, SERIES 6.1, 6.12, debug or
                   host; WHAT a run's script or command, with its arguments
                   or without them; a run FILE does not know comes first);
                   a line near the end says where it wrote this run's
                   own times in that form (build/run-times)
  --verbose        also show the boot messages before the command starts
                   (they are always in build/vm/logs/)

Results are the TAP lines of each script ("ok N", "not ok N", "# SKIP").
A run with no TAP line counts as one test.  A run adds at most one failure
of its own, the first of: kernel splat, timeout or failed boot, fewer
results than the "1..N" plan, non-zero exit without a "not ok" line.
Every output line is prefixed with [KVER SCRIPT] or [host COMMAND].  The
last line is "N passed, N failed" (", N skipped" if any); exit status 0 iff
none failed.
EOF
}

# Newest 6.1.* and 6.12.* generic amd64 kernels installed with headers.
default_kernels() {
	local series k best

	for series in 6.1 6.12; do
		best=$(for k in /lib/modules/"$series".*-amd64; do
			k=${k##*/}
			case $k in *-rt-amd64 | *-cloud-amd64) continue ;; esac
			[ -d "/lib/modules/$k/build" ] && [ -r "/boot/vmlinuz-$k" ] && echo "$k"
		done | sort -V | tail -n1)
		[ -n "$best" ] && echo "$best"
	done
}

kernels=
timeout_s=300
verbose=0
full=0
njobs=1
order_file=
specs=()	# "vm:SCRIPT" or "host:COMMAND", in the order given
side_specs=()	# --side COMMANDs, in their own lane
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=${2?--kernels needs a list}; shift ;;
	--timeout) timeout_s=${2?--timeout needs seconds}; shift ;;
	--jobs) njobs=${2?--jobs needs a number}; shift ;;
	--order) order_file=${2?--order needs a file}; shift ;;
	--vm) specs+=("vm:${2?--vm needs a script}"); shift ;;
	--vm-newest) specs+=("vm1:${2?--vm-newest needs a script}"); shift ;;
	--host) specs+=("host:${2?--host needs a command}"); shift ;;
	--side) side_specs+=("${2?--side needs a command}"); shift ;;
	--verbose) verbose=1 ;;
	--full) full=1 ;;
	-h | --help) usage; exit 0 ;;
	*) echo "$ME: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
if [ ${#specs[@]} -eq 0 ] && [ ${#side_specs[@]} -eq 0 ]; then
	echo "$ME: nothing to run: give --vm and/or --host" >&2
	usage >&2
	exit 2
fi

passed=0
failed=0
skipped=0
failures=()

fail_extra() {
	failed=$((failed + 1))
	failures+=("$1")
	echo "$ME: FAIL: $1"
}

# run_one TAG KIND COMMAND...: stream the output with a prefix and count it.
# KIND vm: only lines between the VM's BEGIN/END markers are results.
run_one() {
	local tag=$1 kind=$2
	shift 2
	local line rc in_cmd status='' planned=-1 results=0 p=0 f=0 s=0

	if [ "$kind" = vm ]; then in_cmd=0; else in_cmd=1; fi
	"$@" 2>&1 | while IFS= read -r line; do
		case $line in
		DCVIF_VM_BEGIN*) in_cmd=1 ;;
		DCVIF_VM_END*)
			in_cmd=0
			status=${line#*status=}
			status=${status%% *}
			;;
		esac
		if [ "$in_cmd" = 1 ]; then
			if [[ $line =~ ^(not\ )?ok\ [0-9]+ ]]; then
				results=$((results + 1))
				# A directive follows the first "#".
				if [[ $line =~ ^[^#]*#[[:space:]]*([Ss][Kk][Ii][Pp]|[Tt][Oo][Dd][Oo]) ]]; then
					# TAP: a skip, or a TODO failure (expected)
					s=$((s + 1))
				elif [[ $line == not* ]]; then
					f=$((f + 1))
					failures+=("$tag: $line")
				else
					p=$((p + 1))
				fi
			elif [[ $line =~ ^1\.\.([0-9]+) ]]; then
				planned=${BASH_REMATCH[1]}
			fi
		fi
		if [ "$in_cmd" = 1 ] || [ "$verbose" = 1 ] || [[ $line == vm.sh:* ]]; then
			printf '[%s] %s\n' "$tag" "$line"
		fi
	done
	rc=${PIPESTATUS[0]}

	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$results" -eq 0 ] && [ "$rc" = 0 ] && [ "$planned" -le 0 ]; then
		# Not a TAP producer (e.g. "make check"): one test.
		passed=$((passed + 1))
	fi
	# At most one failure of the run itself, the most telling one.
	if [ "$kind" = vm ] && [ "$rc" = 2 ]; then
		fail_extra "$tag: kernel splat (see the vm.sh lines above)"
	elif [ "$kind" = vm ] && [ "$rc" = 3 ]; then
		fail_extra "$tag: timeout or boot failure (see the vm.sh lines above)"
	elif [ "$kind" = vm ] && [ "$rc" = 4 ]; then
		fail_extra "$tag: vm.sh could not start the VM"
	elif [ "$planned" -gt 0 ] && [ "$results" -lt "$planned" ]; then
		fail_extra "$tag: planned $planned tests, got $results results"
	elif [ "$rc" != 0 ] && [ "$f" -eq 0 ]; then
		fail_extra "$tag: exited with status ${status:-$rc} without a 'not ok' line"
	fi
}

slug() {
	printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '-' | tr -s '-' | sed 's/^-//; s/-$//' | cut -c1-60
}

if [ -z "$kernels" ]; then
	for spec in "${specs[@]}"; do
		if [[ $spec == vm:* || $spec == vm1:* ]]; then
			kernels=$(default_kernels | tr '\n' ' ')
			if [ -z "$kernels" ]; then
				echo "$ME: no 6.1/6.12 amd64 kernel with /boot/vmlinuz and /lib/modules/*/build found; use --kernels" >&2
				exit 2
			fi
			break
		fi
	done
fi

cd "$repo" || exit 2
start=$SECONDS
newest=$(awk '{ print $NF }' <<< "$kernels")

# The job list: one line per run, "host<TAB>COMMAND" or "vm<TAB>KVER<TAB>WHAT".
jobs_list=()
for spec in "${specs[@]}"; do
	kind=${spec%%:*}
	what=${spec#*:}
	if [ "$kind" = host ]; then
		jobs_list+=("host"$'\t'"$what")
		continue
	fi
	run_kernels=$kernels
	# Userspace exercised through the kernel: the newest kernel is enough.
	[ "$kind" = vm1 ] && run_kernels=$(awk '{ print $NF }' <<< "$kernels")
	for k in $run_kernels; do
		jobs_list+=("vm"$'\t'"$k"$'\t'"$what")
	done
done

# The series a run's time is kept under: host, debug, or MAJOR.MINOR.
series() { # kver|""
	case $1 in
	'') echo host ;;
	*debug*) echo debug ;;
	*) awk -F. '{ print $1 "." $2 }' <<< "$1" ;;
	esac
}

# Longest first, by the times of --order (a stable sort: ties, and runs
# the file does not know, which count as 100000 s, keep the given order).
# The longest runs first keep the lanes busy to the end: two lanes given
# a long run last finish one of them alone.
if [ -n "$order_file" ]; then
	if [ ! -r "$order_file" ]; then
		echo "$ME: --order: cannot read $order_file" >&2
		exit 2
	fi
	mapfile -t jobs_list < <(
		for i in "${!jobs_list[@]}"; do
			IFS=$'\t' read -r kind k what <<< "${jobs_list[$i]}"
			[ "$kind" = host ] && { what=$k; k=; }
			printf '%s\t%s\t%s\t%s\n' "$(series "$k")" "$what" "$i" "${jobs_list[$i]}"
		done | awk -F'\t' -v OFS='\t' '
			FNR == NR {
				if ($0 !~ /^[[:space:]]*(#|$)/) {
					split($0, f, " ")
					w = $0
					sub(/^[[:space:]]*[^ ]+ +[^ ]+ +/, "", w)
					t[f[2] SUBSEP w] = f[1]
				}
				next
			}
			{
				k = $1 SUBSEP $2
				split($2, w1, " ")
				if (k in t)
					sec = t[k]
				else if (($1 SUBSEP w1[1]) in t)
					sec = t[$1 SUBSEP w1[1]]	# its arguments differ
				else
					sec = 100000
				line = $4
				for (j = 5; j <= NF; j++)
					line = line OFS $j
				print sec, $3, line
			}' "$order_file" - | sort -t$'\t' -k1,1nr -k2,2n | cut -f3-)
fi

# run_job LINE: one entry of jobs_list, counted into this shell's totals;
# its time goes to $resdir/times.
run_job() {
	local kind what k script cmd append t0

	IFS=$'\t' read -r kind k what <<< "$1"
	t0=$SECONDS
	if [ "$kind" = host ]; then
		what=$k
		echo "$ME: === host: $what"
		run_one "host $what" host bash -c "$what"
		echo "$ME: --- host: $what: $((SECONDS - t0)) s"
		echo "$((SECONDS - t0)) host $what" >> "$resdir/times"
		return
	fi
	script=${what%% *}
	if [ ! -e "$script" ]; then
		fail_extra "vm $what: $script not found (paths are relative to $repo)"
		return
	fi
	cmd=$what
	[ -x "$script" ] || cmd="bash $what"
	# The quick lane: on a kernel older than the newest, a script's
	# NEWEST_ONLY cases are skipped (selftests/lib.sh).
	if [ "$full" = 0 ] && [ "$k" != "$newest" ]; then
		cmd="DCVIF_OLDER_KERNEL=1 $cmd"
	fi
	# A script that needs kernel parameters says so in a comment line
	# "# vm-append: PARAMS" (e.g. ipv6.disable=1); they go to vm.sh.
	append=$(sed -n 's/^# vm-append: *//p' "$script" | head -n 1)
	append=${VM_APPEND:+$VM_APPEND }$append
	echo "$ME: === vm $k: $what${append:+ [$append]} (log: build/vm/logs/$(slug "$what")-$k.log)"
	run_one "$k $what" vm env VM_APPEND="$append" "$vm_sh" -k "$k" -t "$timeout_s" \
		-n "$(slug "$what")-$k" -- "$cmd"
	echo "$((SECONDS - t0)) $(series "$k") $what" >> "$resdir/times"
}

# Workers take the next job from a shared counter under flock(1); each
# writes its totals and failures to its own file when the queue is empty.
resdir=$(mktemp -d) || exit 2
trap 'rm -rf "$resdir"' EXIT
echo 0 > "$resdir/next"
next_job() {
	local i

	{
		flock 9
		read -r i < "$resdir/next"
		echo $((i + 1)) > "$resdir/next"
	} 9> "$resdir/lock"
	echo "$i"
}
worker() {
	local n=$1 i

	while i=$(next_job) && [ "$i" -lt ${#jobs_list[@]} ]; do
		run_job "${jobs_list[$i]}"
	done
	{
		echo "$passed $failed $skipped"
		[ ${#failures[@]} -gt 0 ] && printf '%s\n' "${failures[@]}"
	} > "$resdir/worker-$n"
}

# The side lane: its commands one after the other, beside the workers.
side_worker() {
	local c

	for c in "${side_specs[@]}"; do
		run_job "host"$'\t'"$c"
	done
	{
		echo "$passed $failed $skipped"
		[ ${#failures[@]} -gt 0 ] && printf '%s\n' "${failures[@]}"
	} > "$resdir/worker-side"
}

[[ $njobs =~ ^[1-9][0-9]*$ ]] || { echo "$ME: --jobs wants a positive number, got '$njobs'" >&2; exit 2; }
[ "$njobs" -gt ${#jobs_list[@]} ] && njobs=${#jobs_list[@]}
[ "$njobs" -lt 1 ] && njobs=1
if [ ${#side_specs[@]} -gt 0 ]; then
	echo "$ME: beside them: ${#side_specs[@]} host run(s) in a lane of their own"
	side_worker &
fi
if [ "$njobs" -le 1 ]; then
	worker 0
else
	# One vCPU per VM (one TCG thread), so that N runs at a time do not
	# oversubscribe the host's CPUs: a VM whose vCPU is not scheduled
	# sees its timers fire late, which time-driven tests (BFD, LACP)
	# cannot tell from a failure.
	export VM_SMP=${VM_SMP:-1}
	echo "$ME: ${#jobs_list[@]} runs, $njobs at a time, $VM_SMP vCPU per VM"
	for ((w = 0; w < njobs; w++)); do
		worker "$w" &
	done
fi
wait
passed=0 failed=0 skipped=0 failures=()
lanes=()
for ((w = 0; w < njobs || w == 0; w++)); do lanes+=("$w"); done
[ ${#side_specs[@]} -gt 0 ] && lanes+=(side)
for w in "${lanes[@]}"; do
	f=$resdir/worker-$w
	if [ ! -r "$f" ]; then
		fail_extra "worker $w left no result"
		continue
	fi
	{
		read -r p fl s
		passed=$((passed + p)) failed=$((failed + fl)) skipped=$((skipped + s))
		while IFS= read -r line; do failures+=("$line"); done
	} < "$f"
done

echo "$ME: finished in $((SECONDS - start)) s"
# This run's times, in --order's form, longest first (the side lane's too).
if [ -s "$resdir/times" ] && mkdir -p "$repo/build" 2> /dev/null; then
	{
		echo "# selftests/run.sh times of $(date -u +%Y-%m-%dT%H:%MZ), $njobs at a time: SECONDS SERIES WHAT"
		sort -k1,1nr "$resdir/times"
	} > "$repo/build/run-times" && echo "$ME: times of each run: build/run-times"
fi
if [ ${#failures[@]} -gt 0 ]; then
	echo "$ME: failures:"
	printf '  %s\n' "${failures[@]}"
fi
summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
	summary+=", $skipped skipped"
fi
echo "$summary"
[ "$failed" -eq 0 ]
