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

# git keeps the files 0644, and dcvifd refuses a config other users may
# read: the checks run on copies of mode 0600, under the same names
cfg=$(mktemp -d) || exit 1
trap 'rm -rf "$cfg"' EXIT
cp "$HERE"/config/*.conf "$cfg/" && chmod 600 "$cfg"/*.conf || exit 1
cd "$cfg" || exit 1
for conf in *.conf; do
	name=${conf%.conf}
	out=$("$DCVIFD" -n -f "$conf" 2>&1)
	rc=$?
	n=$((n + 1))
	if [[ $update -eq 1 ]]; then
		printf '%s\n' "$out" > "$HERE/config/$name.out"
		echo "ok $n config: $name (golden updated)"
		continue
	fi
	want_rc=0
	[[ $name == bad_* ]] && want_rc=1
	if [[ $rc -ne $want_rc ]]; then
		echo "not ok $n config: $name # exit status $rc, expected $want_rc"
		fail=1
	elif ! diff -u "$HERE/config/$name.out" <(printf '%s\n' "$out") > /tmp/dcvifd-cfg.$$ 2>&1; then
		echo "not ok $n config: $name # differs from $name.out"
		sed 's/^/# /' /tmp/dcvifd-cfg.$$
		fail=1
	else
		if [[ $want_rc -eq 1 ]]; then
			echo "ok $n config: $name -> $(head -1 "$HERE/config/$name.out")"
		else
			echo "ok $n config: $name"
		fi
	fi
	rm -f /tmp/dcvifd-cfg.$$
done
# the normalised output is itself a config that normalises to itself
for base in full policy; do
	[[ $update -eq 0 ]] || break
	n=$((n + 1))
	tmp=$(mktemp)
	chmod 600 "$tmp"
	"$DCVIFD" -n -f $base.conf > "$tmp" 2> /dev/null
	if diff -u <("$DCVIFD" -n -f "$tmp" 2> /dev/null | sed 's/\*\*\*\*\*\*\*\*/x/') \
	    <(sed 's/\*\*\*\*\*\*\*\*/x/' "$HERE/config/$base.out" | grep -v '^dcvifd: ') > /dev/null; then
		echo "ok $n config: normalised output of $base.conf is stable"
	else
		echo "not ok $n config: normalised output of $base.conf is stable"
		fail=1
	fi
	rm -f "$tmp"
done
# the file's mode: refused when anyone but its owner may read or change it
# (it holds the MD5 keys), the group included
if [[ $update -eq 0 ]]; then
	for mode in 644:1:read 604:1:read 640:1:read 620:1:change 602:1:change 400:0: 600:0:; do
		n=$((n + 1))
		IFS=: read -r m want verb <<< "$mode"
		cp full.conf "mode$m.conf" && chmod "$m" "mode$m.conf"
		out=$("$DCVIFD" -n -f "mode$m.conf" 2>&1)
		rc=$?
		out=${out%%$'\n'*}
		[[ $want == 0 ]] && expect="router-id 192.0.2.1" ||
			expect="mode$m.conf: mode 0$m: other users may $verb it, and it holds the MD5 keys; chmod 600"
		if [[ $rc -eq $want && $out == "$expect" ]]; then
			echo "ok $n config: a file of mode $m is $([[ $want == 0 ]] && echo taken || echo "refused: $out")"
		else
			echo "not ok $n config: mode $m # exit status $rc, first line: $out"
			fail=1
		fi
	done
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
