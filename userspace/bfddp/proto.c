// SPDX-License-Identifier: GPL-2.0
/*
 * The bfdd data plane protocol's codec: framing, decoding through
 * bounds-checked getters, encoding.  See proto.h.
 */
#include <string.h>

#include "proto.h"

/* Session body offsets (the v1 layout; v2 only appends) */
#define S_FLAGS		0
#define S_SRC		4
#define S_DST		20
#define S_LID		36
#define S_MIN_TX	40
#define S_MIN_RX	44
#define S_ECHO_TX	48
#define S_ECHO_RX	52
#define S_HOLD		56
#define S_TTL		60
#define S_MULT		61
#define S_IFINDEX	64
#define S_IFNAME	68
#define S_IFNAME_LEN	64

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v >> 32);
	put32(p + 4, v & 0xffffffffu);
}

int bfddp_frame(const uint8_t *buf, size_t len, const char **why)
{
	unsigned int mlen;

	if (len < BFDDP_HDR_LEN)
		return 0;
	if (buf[0] < BFDDP_VERSION_MIN || buf[0] > BFDDP_VERSION_MAX) {
		*why = "unsupported protocol version";
		return -1;
	}
	mlen = get16(buf + 6);
	if (mlen < BFDDP_HDR_LEN) {
		*why = "message length shorter than its header";
		return -1;
	}
	if (mlen > BFDDP_MSG_MAX) {
		*why = "message length above 1024";
		return -1;
	}
	return len < mlen ? 0 : (int)mlen;
}

static int decode_session(const uint8_t *b, size_t blen,
			  struct bfddp_session *s, const char **why)
{
	if (blen < BFDDP_SESSION_LEN)
		goto bad_len;
	s->flags = get32(b + S_FLAGS);
	memcpy(s->src, b + S_SRC, 16);
	memcpy(s->dst, b + S_DST, 16);
	s->lid = get32(b + S_LID);
	s->min_tx = get32(b + S_MIN_TX);
	s->min_rx = get32(b + S_MIN_RX);
	s->min_echo_tx = get32(b + S_ECHO_TX);
	s->min_echo_rx = get32(b + S_ECHO_RX);
	s->hold_time = get32(b + S_HOLD);
	s->ttl = b[S_TTL];
	s->detect_mult = b[S_MULT];
	s->ifindex = get32(b + S_IFINDEX);
	if (memchr(b + S_IFNAME, 0, S_IFNAME_LEN) == NULL) {
		*why = "interface name without its terminating NUL";
		return -1;
	}
	memcpy(s->ifname, b + S_IFNAME, S_IFNAME_LEN);
	s->ifname[S_IFNAME_LEN] = 0;
	return 0;
bad_len:
	*why = "session body shorter than 132 bytes";
	return -1;
}

int bfddp_decode(const uint8_t *buf, size_t len, struct bfddp_msg *m,
		 const char **why)
{
	const uint8_t *b = buf + BFDDP_HDR_LEN;
	size_t blen;

	memset(m, 0, sizeof(*m));
	if (len < BFDDP_HDR_LEN || get16(buf + 6) != len) {
		*why = "message not framed";
		return -1;
	}
	blen = len - BFDDP_HDR_LEN;
	m->version = buf[0];
	m->type = get16(buf + 2);
	m->id = get16(buf + 4);
	m->length = (uint16_t)len;
	switch (m->type) {
	case BFDDP_ADD_SESSION:
	case BFDDP_DELETE_SESSION:
		return decode_session(b, blen, &m->u.session, why);
	case BFDDP_REQUEST_COUNTERS:
		if (blen < BFDDP_COUNTERS_REQ_LEN)
			goto bad_len;
		m->u.counters_lid = get32(b);
		return 0;
	case BFDDP_ECHO_REQUEST:
	case BFDDP_ECHO_REPLY:
		if (blen < BFDDP_ECHO_LEN)
			goto bad_len;
		m->u.echo.dp_time = get64(b);
		m->u.echo.bfdd_time = get64(b + 8);
		return 0;
	case BFDDP_STATE_CHANGE:
		if (blen < BFDDP_STATE_LEN - 1)
			goto bad_len;
		m->u.state.lid = get32(b);
		m->u.state.rid = get32(b + 4);
		m->u.state.remote_flags = get32(b + 8);
		m->u.state.desired_tx = get32(b + 12);
		m->u.state.required_rx = get32(b + 16);
		m->u.state.required_echo_rx = get32(b + 20);
		m->u.state.state = b[24];
		m->u.state.diag = b[25];
		m->u.state.detect_mult = b[26];
		return 0;
	case BFDDP_SESSION_COUNTERS:
		if (blen < BFDDP_COUNTERS_LEN)
			goto bad_len;
		m->u.counters.lid = get32(b);
		m->u.counters.ctl_in_bytes = get64(b + 8);
		m->u.counters.ctl_in_packets = get64(b + 16);
		m->u.counters.ctl_out_bytes = get64(b + 24);
		m->u.counters.ctl_out_packets = get64(b + 32);
		m->u.counters.echo_in_bytes = get64(b + 40);
		m->u.counters.echo_in_packets = get64(b + 48);
		m->u.counters.echo_out_bytes = get64(b + 56);
		m->u.counters.echo_out_packets = get64(b + 64);
		return 0;
	default:
		*why = "unknown message type";
		return -1;
	}
bad_len:
	*why = "body shorter than its type's";
	return -1;
}

int bfddp_encode(const struct bfddp_msg *m, uint8_t *buf, size_t size)
{
	const struct bfddp_session *s = &m->u.session;
	uint8_t *b = buf + BFDDP_HDR_LEN;
	size_t blen;

	switch (m->type) {
	case BFDDP_STATE_CHANGE:
		blen = BFDDP_STATE_LEN;
		break;
	case BFDDP_SESSION_COUNTERS:
		blen = BFDDP_COUNTERS_LEN;
		break;
	case BFDDP_ECHO_REQUEST:
	case BFDDP_ECHO_REPLY:
		blen = BFDDP_ECHO_LEN;
		break;
	case BFDDP_REQUEST_COUNTERS:
		blen = BFDDP_COUNTERS_REQ_LEN;
		break;
	case BFDDP_ADD_SESSION:
	case BFDDP_DELETE_SESSION:
		blen = BFDDP_SESSION_LEN;
		break;
	default:
		return -1;
	}
	if (size < BFDDP_HDR_LEN + blen)
		return -1;
	memset(buf, 0, BFDDP_HDR_LEN + blen);
	buf[0] = m->version;
	put16(buf + 2, m->type);
	put16(buf + 4, m->id);
	put16(buf + 6, (uint16_t)(BFDDP_HDR_LEN + blen));
	switch (m->type) {
	case BFDDP_STATE_CHANGE:
		put32(b, m->u.state.lid);
		put32(b + 4, m->u.state.rid);
		put32(b + 8, m->u.state.remote_flags);
		put32(b + 12, m->u.state.desired_tx);
		put32(b + 16, m->u.state.required_rx);
		put32(b + 20, m->u.state.required_echo_rx);
		b[24] = m->u.state.state;
		b[25] = m->u.state.diag;
		b[26] = m->u.state.detect_mult;
		break;
	case BFDDP_SESSION_COUNTERS:
		put32(b, m->u.counters.lid);
		put64(b + 8, m->u.counters.ctl_in_bytes);
		put64(b + 16, m->u.counters.ctl_in_packets);
		put64(b + 24, m->u.counters.ctl_out_bytes);
		put64(b + 32, m->u.counters.ctl_out_packets);
		put64(b + 40, m->u.counters.echo_in_bytes);
		put64(b + 48, m->u.counters.echo_in_packets);
		put64(b + 56, m->u.counters.echo_out_bytes);
		put64(b + 64, m->u.counters.echo_out_packets);
		break;
	case BFDDP_ECHO_REQUEST:
	case BFDDP_ECHO_REPLY:
		put64(b, m->u.echo.dp_time);
		put64(b + 8, m->u.echo.bfdd_time);
		break;
	case BFDDP_REQUEST_COUNTERS:
		put32(b, m->u.counters_lid);
		break;
	default:	/* ADD_SESSION, DELETE_SESSION */
		put32(b + S_FLAGS, s->flags);
		memcpy(b + S_SRC, s->src, 16);
		memcpy(b + S_DST, s->dst, 16);
		put32(b + S_LID, s->lid);
		put32(b + S_MIN_TX, s->min_tx);
		put32(b + S_MIN_RX, s->min_rx);
		put32(b + S_ECHO_TX, s->min_echo_tx);
		put32(b + S_ECHO_RX, s->min_echo_rx);
		put32(b + S_HOLD, s->hold_time);
		b[S_TTL] = s->ttl;
		b[S_MULT] = s->detect_mult;
		put32(b + S_IFINDEX, s->ifindex);
		memcpy(b + S_IFNAME, s->ifname,
		       strnlen(s->ifname, S_IFNAME_LEN - 1));
		break;
	}
	return (int)(BFDDP_HDR_LEN + blen);
}

const char *bfddp_type_str(unsigned int type)
{
	static const char *const names[] = {
		"ECHO_REQUEST", "ECHO_REPLY", "DP_ADD_SESSION",
		"DP_DELETE_SESSION", "BFD_STATE_CHANGE",
		"DP_REQUEST_SESSION_COUNTERS", "BFD_SESSION_COUNTERS",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] :
	       "unknown";
}

const char *bfddp_state_str(unsigned int state)
{
	static const char *const names[] = {
		"AdminDown", "Down", "Init", "Up",
	};

	return state < 4 ? names[state] : "unknown";
}
