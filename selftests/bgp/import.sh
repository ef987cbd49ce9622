#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifctl import-aws golden files: import/NAME.json is a document in the
# shape "aws directconnect describe-virtual-interfaces" prints, NAME.args
# the command's other words (the lower mapping); the output (stdout, then
# stderr, then the exit status) must equal NAME.out. A good document's
# blocks must also pass dcvifd -n under a router-id and local-as; a bad one
# (bad_*) must print nothing on stdout and exit 1. "import.sh -u" rewrites
# the .out files on purpose; review the diff before committing.

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# the sanitizer build when there is one: bad documents must not upset it
CTL=${DCVIFCTL:-$TOP/build/dcvifctl.san}
[[ -x $CTL ]] || CTL=$TOP/userspace/dcvifctl/dcvifctl
DCVIFD=${DCVIFD:-$TOP/userspace/dcvifd/dcvifd}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
update=0
[[ ${1:-} == -u ]] && update=1
n=0 fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

cd "$HERE/import" || exit 1
for doc in *.json; do
	name=${doc%.json}
	read -r -a args < "$name.args"
	"$CTL" import-aws "$doc" "${args[@]}" > "$tmp/stdout" 2> "$tmp/stderr"
	rc=$?
	out=$(cat "$tmp/stdout"; echo "--- stderr"; cat "$tmp/stderr"; echo "--- exit $rc")
	n=$((n + 1))
	if [[ $update -eq 1 ]]; then
		printf '%s\n' "$out" > "$name.out"
		echo "ok $n import-aws: $name (golden updated)"
		continue
	fi
	why=
	if [[ $name == bad_* ]]; then
		[[ $rc -eq 1 ]] || why="exit status $rc, expected 1"
		[[ -s $tmp/stdout ]] && why="printed something on stdout"
	else
		{ echo "router-id 10.0.0.1"; echo "local-as 65001"; cat "$tmp/stdout"; } > "$tmp/dcvifd.conf"
		chmod 600 "$tmp/dcvifd.conf"
		"$DCVIFD" -n -f "$tmp/dcvifd.conf" > "$tmp/n.out" 2>&1 ||
			why="dcvifd -n refuses the blocks: $(grep -v 'does not exist' "$tmp/n.out" | tail -n 1)"
		[[ $rc -eq 0 ]] || why="exit status $rc, expected 0"
	fi
	if grep -qE 'Sanitizer|runtime error' "$tmp/stderr"; then
		why="sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$tmp/stderr")"
	fi
	if [[ -z $why ]] && ! diff -u "$name.out" <(printf '%s\n' "$out") > "$tmp/diff" 2>&1; then
		why="differs from $name.out"
	fi
	if [[ -n $why ]]; then
		echo "not ok $n import-aws: $name # $why"
		sed 's/^/# /' "$tmp/diff" 2>/dev/null
		fail=1
	elif [[ $name == bad_* ]]; then
		echo "ok $n import-aws: $name -> $(grep -m1 -v 'nothing written' "$tmp/stderr")"
	else
		echo "ok $n import-aws: $name ($(grep -c '^vif ' "$tmp/stdout") vif blocks, dcvifd -n takes them)"
	fi
done
# from stdin too, the same as from the file
if [[ $update -eq 0 ]]; then
	n=$((n + 1))
	read -r -a args < vifs.args
	if cmp -s <("$CTL" import-aws - "${args[@]}" < vifs.json 2>/dev/null) \
	    <("$CTL" import-aws vifs.json "${args[@]}" 2>/dev/null); then
		echo "ok $n import-aws: - reads the document from stdin"
	else
		echo "not ok $n import-aws: - reads the document from stdin # output differs"
		fail=1
	fi
fi
exit $fail
