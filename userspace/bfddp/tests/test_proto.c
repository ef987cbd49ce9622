// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the bfdd data plane codec (proto.c), run under ASan/UBSan:
 * messages laid out byte by byte as FRR 8.4's bfdd writes them, framing
 * of a stream, every malformed input rejected with its reason.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "../proto.h"

/* A v1 DP_ADD_SESSION as bfdd 8.4 sends it: 10.0.0.1 -> 10.0.0.2 on vif0 */
static size_t golden_add(uint8_t *b, uint8_t version, size_t body)
{
	size_t len = 8 + body;

	memset(b, 0, len);
	b[0] = version;
	b[3] = 2;			/* DP_ADD_SESSION */
	b[6] = len >> 8;
	b[7] = len & 0xff;
	b[8 + 3] = 0x20 | 0x08;		/* passive, echo */
	memcpy(b + 8 + 4, "\x0a\x00\x00\x01", 4);
	memcpy(b + 8 + 20, "\x0a\x00\x00\x02", 4);
	memcpy(b + 8 + 36, "\xde\xad\xbe\xef", 4);	/* lid */
	memcpy(b + 8 + 40, "\x00\x04\x93\xe0", 4);	/* 300000 us */
	memcpy(b + 8 + 44, "\x00\x00\xc3\x50", 4);	/* 50000 us */
	memcpy(b + 8 + 48, "\x00\x00\xc3\x50", 4);
	b[8 + 60] = 255;
	b[8 + 61] = 3;
	memcpy(b + 8 + 64, "\x00\x00\x00\x07", 4);
	memcpy(b + 8 + 68, "vif0", 4);
	return len;
}

static void t_add_v1(void)
{
	uint8_t b[512];
	struct bfddp_msg m;
	const char *why = NULL;
	size_t len = golden_add(b, 1, 132);

	ok(bfddp_frame(b, len, &why) == 140, "v1 add session frames as 140 bytes");
	ok(bfddp_frame(b, len - 1, &why) == 0, "one byte short: need more");
	ok(bfddp_frame(b, 7, &why) == 0, "a partial header: need more");
	ok(bfddp_decode(b, len, &m, &why) == 0, "v1 add session decodes");
	ok(m.version == 1 && m.type == BFDDP_ADD_SESSION && m.id == 0,
	   "header: version 1, type 2, id 0");
	ok(m.u.session.flags == (BFDDP_F_PASSIVE | BFDDP_F_ECHO), "flags");
	ok(!memcmp(m.u.session.src, "\x0a\x00\x00\x01", 4) &&
	   !memcmp(m.u.session.dst, "\x0a\x00\x00\x02", 4), "addresses");
	ok(m.u.session.lid == 0xdeadbeef, "lid");
	ok(m.u.session.min_tx == 300000 && m.u.session.min_rx == 50000,
	   "intervals in microseconds");
	ok(m.u.session.min_echo_tx == 50000 && m.u.session.min_echo_rx == 0,
	   "echo intervals");
	ok(m.u.session.ttl == 255 && m.u.session.detect_mult == 3, "ttl, mult");
	ok(m.u.session.ifindex == 7 && !strcmp(m.u.session.ifname, "vif0"),
	   "ifindex and ifname");
}

static void t_add_v2(void)
{
	uint8_t b[512];
	struct bfddp_msg m;
	const char *why = NULL;
	size_t len = golden_add(b, 2, 348);

	b[8 + 132] = 1;		/* v2 bfd_mode: ignored */
	ok(bfddp_frame(b, len, &why) == 356, "v2 add session frames as 356 bytes");
	ok(bfddp_decode(b, len, &m, &why) == 0 && m.version == 2 &&
	   m.u.session.lid == 0xdeadbeef, "v2: the v1 fields at their offsets");
}

static void t_bad_frames(void)
{
	uint8_t b[512];
	const char *why = NULL;
	size_t len = golden_add(b, 1, 132);

	b[0] = 3;
	ok(bfddp_frame(b, len, &why) == -1 && !strcmp(why, "unsupported protocol version"),
	   "version 3 loses the frame: %s", why);
	b[0] = 0;
	ok(bfddp_frame(b, len, &why) == -1, "version 0 loses the frame");
	b[0] = 1;
	b[6] = 0;
	b[7] = 4;
	ok(bfddp_frame(b, len, &why) == -1 &&
	   !strcmp(why, "message length shorter than its header"),
	   "length 4 loses the frame: %s", why);
	b[6] = 0x10;
	ok(bfddp_frame(b, len, &why) == -1 && !strcmp(why, "message length above 1024"),
	   "length 4100 loses the frame: %s", why);
}

static void t_bad_bodies(void)
{
	uint8_t b[512];
	struct bfddp_msg m;
	const char *why = NULL;
	size_t len = golden_add(b, 1, 132);

	/* a 131-byte body: framed, refused by type */
	b[7] = 139;
	ok(bfddp_frame(b, 139, &why) == 139, "short add session still frames");
	ok(bfddp_decode(b, 139, &m, &why) == -1 &&
	   !strcmp(why, "session body shorter than 132 bytes"),
	   "short add session refused: %s", why);
	b[7] = 140;
	memset(b + 8 + 68, 'x', 64);
	ok(bfddp_decode(b, len, &m, &why) == -1 &&
	   !strcmp(why, "interface name without its terminating NUL"),
	   "unterminated ifname refused: %s", why);
	b[3] = 9;
	ok(bfddp_decode(b, len, &m, &why) == -1 && !strcmp(why, "unknown message type"),
	   "type 9 refused: %s", why);
	b[3] = BFDDP_REQUEST_COUNTERS;
	b[7] = 11;
	ok(bfddp_decode(b, 11, &m, &why) == -1 && !strcmp(why, "body shorter than its type's"),
	   "3-byte counters request refused: %s", why);
	b[7] = 12;
	ok(bfddp_decode(b, 12, &m, &why) == 0 && m.u.counters_lid == 0x28,
	   "4-byte counters request");
	ok(bfddp_decode(b, 13, &m, &why) == -1, "length field and buffer disagree");
}

static void t_encode(void)
{
	struct bfddp_msg m = { .version = 1, .type = BFDDP_STATE_CHANGE };
	struct bfddp_msg d;
	uint8_t b[512];
	const char *why = NULL;
	int n;

	m.u.state.lid = 0x01020304;
	m.u.state.rid = 0x05060708;
	m.u.state.desired_tx = 300000;
	m.u.state.state = BFDDP_STATE_UP;
	m.u.state.diag = 3;
	m.u.state.detect_mult = 3;
	n = bfddp_encode(&m, b, sizeof(b));
	ok(n == 36 && b[0] == 1 && b[1] == 0 && b[2] == 0 && b[3] == 4 &&
	   b[6] == 0 && b[7] == 36, "state change: 36 bytes, type 4");
	ok(!memcmp(b + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) &&
	   b[8 + 24] == 3 && b[8 + 25] == 3 && b[8 + 26] == 3,
	   "state change body: lid, rid, state at 24, diag, mult");
	ok(bfddp_decode(b, (size_t)n, &d, &why) == 0 &&
	   d.u.state.desired_tx == 300000, "state change round trip");
	ok(bfddp_encode(&m, b, 35) == -1, "buffer too small refused");

	memset(&m, 0, sizeof(m));
	m.version = 2;
	m.type = BFDDP_SESSION_COUNTERS;
	m.id = 0x1234;
	m.u.counters.lid = 9;
	m.u.counters.ctl_in_packets = 0x0102030405060708ull;
	m.u.counters.ctl_out_packets = 77;
	n = bfddp_encode(&m, b, sizeof(b));
	ok(n == 80 && b[0] == 2 && b[4] == 0x12 && b[5] == 0x34,
	   "counters: 80 bytes, the request's id and version");
	ok(!memcmp(b + 8 + 16, "\x01\x02\x03\x04\x05\x06\x07\x08", 8) &&
	   b[8 + 39] == 77, "counters: input packets at 16, output at 32");
	ok(bfddp_decode(b, (size_t)n, &d, &why) == 0 &&
	   d.u.counters.ctl_out_packets == 77, "counters round trip");

	memset(&m, 0, sizeof(m));
	m.version = 1;
	m.type = BFDDP_ECHO_REPLY;
	m.u.echo.dp_time = 1;
	m.u.echo.bfdd_time = 2;
	n = bfddp_encode(&m, b, sizeof(b));
	ok(n == 24 && b[15] == 1 && b[23] == 2, "echo reply: 24 bytes");
	m.type = 42;
	ok(bfddp_encode(&m, b, sizeof(b)) == -1, "unknown type not encoded");

	memset(&m, 0, sizeof(m));
	m.version = 1;
	m.type = BFDDP_ADD_SESSION;
	m.u.session.lid = 5;
	strcpy(m.u.session.ifname, "vif-a");
	n = bfddp_encode(&m, b, sizeof(b));
	ok(n == 140 && bfddp_decode(b, (size_t)n, &d, &why) == 0 &&
	   d.u.session.lid == 5 && !strcmp(d.u.session.ifname, "vif-a"),
	   "add session round trip");
}

/* A stream of messages cut anywhere frames the same */
static void t_stream(void)
{
	uint8_t s[1024], b[512];
	size_t len = 0, off, i;
	const char *why = NULL;
	int n, count, ok_all = 1;

	for (i = 0; i < 4; i++)
		len += golden_add(s + len, 1, 132);
	for (i = 1; i <= len; i++) {
		off = 0;
		count = 0;
		/* feed i bytes, then the rest */
		memcpy(b, s, i < sizeof(b) ? i : sizeof(b));
		while ((n = bfddp_frame(s + off, i - off, &why)) > 0) {
			off += (size_t)n;
			count++;
		}
		while ((n = bfddp_frame(s + off, len - off, &why)) > 0) {
			off += (size_t)n;
			count++;
		}
		if (n < 0 || count != 4 || off != len)
			ok_all = 0;
	}
	ok(ok_all, "4 messages framed the same at every cut");
}

/* Random bytes: never a read out of bounds (ASan), always a verdict */
static void t_random(void)
{
	uint8_t b[BFDDP_MSG_MAX + 16];
	struct bfddp_msg m;
	const char *why;
	int i, n, frames = 0;

	srandom(1);
	for (i = 0; i < 200000; i++) {
		size_t len = (size_t)(random() % (int)sizeof(b)), j;

		for (j = 0; j < len; j++)
			b[j] = (uint8_t)random();
		if (len >= 8 && (i & 1)) {
			b[0] = 1 + (i & 2) / 2;
			b[6] = 0;
			b[7] = (uint8_t)(8 + random() % 248);
		}
		n = bfddp_frame(b, len, &why);
		if (n > 0) {
			frames++;
			(void)bfddp_decode(b, (size_t)n, &m, &why);
		}
	}
	ok(frames > 1000, "200000 random inputs, %d framed and decoded", frames);
}

int main(void)
{
	t_add_v1();
	t_add_v2();
	t_bad_frames();
	t_bad_bodies();
	t_encode();
	t_stream();
	t_random();
	return tap_done();
}
