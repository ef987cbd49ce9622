/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire format of FRR bfdd's distributed data plane protocol
 * (bfdd --dplaneaddr; FRR's bfdd/bfddp_packet.h, MIT): an 8-byte header
 * (version, zero, type, id, length of the whole message; network byte
 * order) and a body per type.  Version 1 is FRR 8.4's; version 2 (FRR 10+)
 * appends fields to the session body and keeps every offset, so both are
 * read and the answer carries the version bfdd spoke.
 *
 * Pure code: no sockets, no kernel; tests/test_proto.c runs it under
 * ASan/UBSan.  The structures below are decoded, host byte order; the wire
 * layout is in proto.c as offsets, so the compiler's padding never leaks.
 */
#ifndef BFDDP_PROTO_H
#define BFDDP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define BFDDP_VERSION_MIN	1
#define BFDDP_VERSION_MAX	2
#define BFDDP_HDR_LEN		8
/* v1 session body: flags .. ifname[64]; v2 is longer (348) */
#define BFDDP_SESSION_LEN	132
#define BFDDP_STATE_LEN		28	/* 27 bytes used, padded as bfdd's struct */
#define BFDDP_ECHO_LEN		16
#define BFDDP_COUNTERS_REQ_LEN	4
#define BFDDP_COUNTERS_LEN	72	/* lid, 4 bytes of padding, 8 x u64 */
/* Longer than any message of v1 or v2; a longer length is a lost frame. */
#define BFDDP_MSG_MAX		1024

enum bfddp_type {
	BFDDP_ECHO_REQUEST		= 0,
	BFDDP_ECHO_REPLY		= 1,
	BFDDP_ADD_SESSION		= 2,
	BFDDP_DELETE_SESSION		= 3,
	BFDDP_STATE_CHANGE		= 4,
	BFDDP_REQUEST_COUNTERS		= 5,
	BFDDP_SESSION_COUNTERS		= 6,
};

/* DP_ADD_SESSION flags */
#define BFDDP_F_MULTIHOP	(1u << 0)
#define BFDDP_F_DEMAND		(1u << 1)
#define BFDDP_F_CBIT		(1u << 2)
#define BFDDP_F_ECHO		(1u << 3)
#define BFDDP_F_IPV6		(1u << 4)
#define BFDDP_F_PASSIVE		(1u << 5)
#define BFDDP_F_SHUTDOWN	(1u << 6)
#define BFDDP_F_KNOWN		0x7fu

/* RFC 5880 states, as the protocol numbers them */
enum {
	BFDDP_STATE_ADMIN_DOWN	= 0,
	BFDDP_STATE_DOWN	= 1,
	BFDDP_STATE_INIT	= 2,
	BFDDP_STATE_UP		= 3,
};

struct bfddp_session {
	uint32_t flags;
	uint8_t  src[16], dst[16];	/* IPv4 in the first 4 bytes */
	uint32_t lid;
	uint32_t min_tx, min_rx;	/* microseconds */
	uint32_t min_echo_tx, min_echo_rx;
	uint32_t hold_time;		/* milliseconds */
	uint8_t  ttl, detect_mult;
	uint32_t ifindex;		/* bfdd's; 0: none */
	char     ifname[65];		/* NUL-terminated here, not on the wire */
};

struct bfddp_state {
	uint32_t lid, rid, remote_flags;
	uint32_t desired_tx, required_rx, required_echo_rx;
	uint8_t  state, diag, detect_mult;
};

struct bfddp_counters {
	uint32_t lid;
	uint64_t ctl_in_bytes, ctl_in_packets, ctl_out_bytes, ctl_out_packets;
	uint64_t echo_in_bytes, echo_in_packets, echo_out_bytes,
		 echo_out_packets;
};

struct bfddp_echo {
	uint64_t dp_time, bfdd_time;
};

struct bfddp_msg {
	uint8_t  version;
	uint16_t type, id, length;
	union {
		struct bfddp_session	session;	/* ADD, DELETE */
		struct bfddp_state	state;
		struct bfddp_counters	counters;
		uint32_t		counters_lid;	/* REQUEST_COUNTERS */
		struct bfddp_echo	echo;
	} u;
};

/*
 * bfddp_frame: is a whole message at the start of buf[0..len)?
 * Returns its length (> 0), 0 when more bytes are needed, or -1 when the
 * stream cannot be framed any more (bad version or length): *why says it.
 */
int	 bfddp_frame(const uint8_t *buf, size_t len, const char **why);

/*
 * bfddp_decode: one framed message (len from bfddp_frame) into m.  Returns
 * 0, or -1 when its body does not fit its type (too short, an unknown
 * type, ifname without NUL...): *why says it; the stream stays framed.
 */
int	 bfddp_decode(const uint8_t *buf, size_t len, struct bfddp_msg *m,
	    const char **why);

/*
 * bfddp_encode: m (version, type, id; length is computed) into
 * buf[0..size).  Types: STATE_CHANGE, SESSION_COUNTERS, ECHO_REQUEST,
 * ECHO_REPLY, REQUEST_COUNTERS, ADD_SESSION, DELETE_SESSION (the last
 * three for tests, as bfdd sends them, v1 layout).  Returns the length
 * written, or -1 when size is too small or the type unknown.
 */
int	 bfddp_encode(const struct bfddp_msg *m, uint8_t *buf, size_t size);

const char *bfddp_type_str(unsigned int type);
const char *bfddp_state_str(unsigned int state);

#endif
