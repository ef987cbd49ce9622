#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dcvifd -n golden files: config/NAME.conf is checked and printed
# normalised; the output (stdout for a good config, the error for a bad
# one) must equal config/NAME.out.  "config.sh -u" (make goldens)
# rewrites the .out files on purpose; review the diff before committing.

HERE=$(cd "$(dirname "$0")" && pwd)
DCVIFD=${DCVIFD:-$HERE/../../userspace/dcvifd/dcvifd}
update=0
[[ ${1:-} == -u ]] && update=1
n=0 fail=0

cd "$HERE/config" || exit 1
for conf in *.conf; do
	name=${conf%.conf}
	out=$("$DCVIFD" -n -f "$conf" 2>&1)
	rc=$?
	n=$((n + 1))
	if [[ $update -eq 1 ]]; then
		printf '%s\n' "$out" > "$name.out"
		echo "ok $n config: $name (golden updated)"
		continue
	fi
	want_rc=0
	[[ $name == bad_* ]] && want_rc=1
	if [[ $rc -ne $want_rc ]]; then
		echo "not ok $n config: $name # exit status $rc, expected $want_rc"
		fail=1
	elif ! diff -u "$name.out" <(printf '%s\n' "$out") > /tmp/dcvifd-cfg.$$ 2>&1; then
		echo "not ok $n config: $name # differs from $name.out"
		sed 's/^/# /' /tmp/dcvifd-cfg.$$
		fail=1
	else
		if [[ $want_rc -eq 1 ]]; then
			echo "ok $n config: $name -> $(head -1 "$name.out")"
		else
			echo "ok $n config: $name"
		fi
	fi
	rm -f /tmp/dcvifd-cfg.$$
done
# the normalised output is itself a config that normalises to itself
if [[ $update -eq 0 ]]; then
	n=$((n + 1))
	tmp=$(mktemp)
	"$DCVIFD" -n -f full.conf > "$tmp"
	if diff -u <("$DCVIFD" -n -f "$tmp" | sed 's/\*\*\*\*\*\*\*\*/x/') \
	    <(sed 's/\*\*\*\*\*\*\*\*/x/' full.out) > /dev/null; then
		echo "ok $n config: normalised output is stable"
	else
		echo "not ok $n config: normalised output is stable"
		fail=1
	fi
	rm -f "$tmp"
fi
# the example in dcvifd.conf(5) is the one tested here
if [[ $update -eq 0 ]]; then
	n=$((n + 1))
	man5=$HERE/../../Documentation/man/dcvifd.conf.5
	if diff -u manpage_example.conf \
	    <(sed -n '/^\.SH EXAMPLE/,/^\.fi/p' "$man5" | sed '1,2d;$d') > /dev/null; then
		echo "ok $n config: dcvifd.conf(5) example is config/manpage_example.conf"
	else
		echo "not ok $n config: dcvifd.conf(5) example is config/manpage_example.conf"
		fail=1
	fi
fi
echo "1..$n"
exit $fail
