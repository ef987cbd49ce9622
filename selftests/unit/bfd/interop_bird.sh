#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host smoke test: the BFD protocol core (in udp_peer, a one-session
# userspace speaker over UDP, RFC 5881 transport) against BIRD 2's BFD,
# with no authentication and each authentication type, including a
# timing change by Poll/Final while Up.  Needs root, bird and birdc.
# Run by `make -C selftests/unit/bfd interop`, not by `make check`:
# a userspace speaker on a loaded host may miss its timers, which is
# exactly why dcvif runs BFD in the kernel.
#
#   +---------------- ns a ----------------+   +------------ ns b ------------+
#   | udp_peer (BFD core) 10.77.0.1/24 va  |---| vb 10.77.0.2/24  bird (BFD)  |
#   +---------------------------------------+   +------------------------------+

# shellcheck source-path=SCRIPTDIR
# shellcheck source=../../lib.sh
source "$(dirname "$0")/../../lib.sh"

ALL_TESTS="bird_none bird_simple bird_keyed_md5 bird_met_md5 bird_keyed_sha1
	   bird_met_sha1 bird_wrong_key"

PEER=${PEER:-$(dirname "$0")/build/udp_peer}
SECS=${SECS:-8}
IV=300

require_cmd bird birdc

# run_pair AUTHTYPE BIRD_AUTH_CLAUSE OUR_KEY: runs both speakers for SECS
# seconds; udp_peer's output and BIRD's view go to $OUT, udp_peer's status
# (0: the session ended Up) to $RC.  Not for a subshell: it defers cleanup.
run_pair()
{
	local type=$1 clause=$2 key=$3
	local a b dir

	ns_create a b || return 1
	dir=$(mktemp -d)
	defer rm -rf "$dir"
	ip link add va netns "$a" type veth peer name vb netns "$b"
	ip -n "$a" addr add 10.77.0.1/24 dev va
	ip -n "$a" link set va up
	ip -n "$b" addr add 10.77.0.2/24 dev vb
	ip -n "$b" link set vb up
	cat > "$dir/bird.conf" <<EOC
router id 10.77.0.2;
protocol device { }
protocol bfd {
	interface "vb" { interval $IV ms; multiplier 3; $clause };
	neighbor 10.77.0.1 dev "vb" local 10.77.0.2;
}
EOC
	ip netns exec "$b" bird -c "$dir/bird.conf" -s "$dir/ctl" -P "$dir/pid"
	defer kill_bird "$dir/pid"
	ip netns exec "$a" "$PEER" 10.77.0.1 10.77.0.2 $IV $IV 3 "$type" 7 \
		"$key" "$SECS" 100 > "$dir/peer.log" 2>&1
	RC=$?
	OUT=$(ip netns exec "$b" birdc -s "$dir/ctl" show bfd sessions |
	      awk '$1 == "10.77.0.1" { print "bird:", $3 }'
	      cat "$dir/peer.log")
}

kill_bird()
{
	[[ -f $1 ]] && kill "$(cat "$1")"
}

# check_up TYPE CLAUSE KEY DESC
check_up()
{
	local final

	run_pair "$1" "$2" "$3"
	check_err $RC "session did not end Up"
	final=$(grep '^final' <<< "$OUT")
	log_info "$(grep -E 'state|poll|set TX' <<< "$OUT" | tr -s ' ' | paste -sd';')"
	log_info "$final"
	check_eq "$(grep '^bird:' <<< "$OUT")" "bird: Up" "BIRD's view"
	[[ $final == "final state Up remote Up "* ]]
	check_err $? "not Up at the end: $final"
	! grep -q ' drop_' <<< "$final"
	check_err $? "packets dropped: $final"
	grep -q 'poll done: tx 300000 us detect 900000 us' <<< "$OUT"
	check_err $? "Poll/Final to 100 ms did not complete with 300 ms x 3 in force"
	log_test "$4"
}

bird_none()
{
	check_up 0 "authentication none;" x "BIRD, no auth: Up, Poll/Final change"
}

bird_simple()
{
	check_up 1 'authentication simple; password "s3cret" { id 7; };' \
		s3cret "BIRD, simple password: Up, Poll/Final change"
}

bird_keyed_md5()
{
	check_up 2 'authentication keyed md5; password "md5-s3cret" { id 7; };' \
		md5-s3cret "BIRD, keyed MD5: Up, Poll/Final change"
}

bird_met_md5()
{
	check_up 3 'authentication meticulous keyed md5; password "md5-s3cret" { id 7; };' \
		md5-s3cret "BIRD, meticulous keyed MD5: Up, Poll/Final change"
}

bird_keyed_sha1()
{
	check_up 4 'authentication keyed sha1; password "sha1-s3cret-0123456" { id 7; };' \
		sha1-s3cret-0123456 "BIRD, keyed SHA1: Up, Poll/Final change"
}

bird_met_sha1()
{
	check_up 5 'authentication meticulous keyed sha1; password "sha1-s3cret-0123456" { id 7; };' \
		sha1-s3cret-0123456 "BIRD, meticulous keyed SHA1: Up, Poll/Final change"
}

bird_wrong_key()
{
	run_pair 5 'authentication meticulous keyed sha1; password "other" { id 7; };' \
		sha1-s3cret-0123456
	check_fail $RC "came Up with the wrong key"
	grep -q 'final state Down .* drop_auth_digest [1-9]' <<< "$OUT"
	check_err $? "no auth_digest drops: $(grep '^final' <<< "$OUT")"
	log_test "BIRD, wrong SHA1 key: stays Down, drops counted as auth_digest"
}

tests_run
exit $EXIT_STATUS
