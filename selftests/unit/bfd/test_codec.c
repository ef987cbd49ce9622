// SPDX-License-Identifier: GPL-2.0
/*
 * Control packet codec: encode/parse round trips, packets built from
 * session state (with each authentication type), and one malformed
 * packet per drop reason, checking that RFC 5880 6.8.6 order decides
 * which reason is reported when a packet has several faults.  Parsing is
 * done from exactly sized heap copies so ASan catches any overread.
 */
#include "bfd_test.h"

static int seen[BFD_RX_REASON_MAX];

/* Parse a heap copy of exactly @len bytes */
static enum bfd_rx_reason parse_exact(const u8 *buf, u32 len,
				      struct bfd_pkt *pkt)
{
	u8 *copy = malloc(len ? len : 1);
	enum bfd_rx_reason r;

	memcpy(copy, buf, len);
	r = bfd_pkt_parse(copy, len, pkt);
	free(copy);
	return r;
}

/* Parse, then hand to @s like the kernel would */
static enum bfd_rx_reason rx_exact(struct bfd_session *s, const u8 *buf,
				   u32 len)
{
	u8 *copy = malloc(len ? len : 1);
	struct bfd_actions a;
	enum bfd_rx_reason r;
	struct bfd_pkt pkt;

	memcpy(copy, buf, len);
	r = bfd_pkt_parse(copy, len, &pkt);
	if (r == BFD_RX_OK)
		r = bfd_session_rx(s, &pkt, copy, prng(), &a);
	free(copy);
	return r;
}

static void expect(enum bfd_rx_reason got, enum bfd_rx_reason want,
		   const char *what)
{
	if (got == want)
		seen[want]++;
	ok(got == want, "%s -> %s (got %s)", what, bfd_rx_reason_name(want),
	   bfd_rx_reason_name(got));
}

/* A valid 24-byte Down packet from discriminator 0x11111111 */
static void base(u8 *b)
{
	struct bfd_pkt p = {
		.version = 1, .state = BFD_STATE_DOWN, .detect_mult = 3,
		.length = 24, .my_discr = 0x11111111,
		.desired_min_tx = 1000000, .required_min_rx = 300000,
	};

	memset(b, 0, BFD_PKT_MAX);
	bfd_pkt_encode(&p, b, BFD_PKT_MAX);
}

static int pkt_equal(const struct bfd_pkt *a, const struct bfd_pkt *b)
{
	return a->version == b->version && a->diag == b->diag &&
	       a->state == b->state && a->flags == b->flags &&
	       a->detect_mult == b->detect_mult && a->length == b->length &&
	       a->my_discr == b->my_discr && a->your_discr == b->your_discr &&
	       a->desired_min_tx == b->desired_min_tx &&
	       a->required_min_rx == b->required_min_rx &&
	       a->required_min_echo_rx == b->required_min_echo_rx;
}

static void test_round_trip(void)
{
	int i, bad = 0, checked = 0;
	u8 b[BFD_PKT_MAX];

	for (i = 0; i < 20000; i++) {
		struct bfd_pkt in = {
			.version = 1, .diag = prng() & 31, .state = prng() & 3,
			.flags = prng() & (BFD_FLAG_P | BFD_FLAG_F |
					   BFD_FLAG_C | BFD_FLAG_D),
			.detect_mult = prng() % 255 + 1, .length = 24,
			.my_discr = prng() | 1, .your_discr = prng() | 1,
			.desired_min_tx = prng(), .required_min_rx = prng(),
			.required_min_echo_rx = prng(),
		}, out;

		if (bfd_pkt_encode(&in, b, sizeof(b)) != BFD_HDR_LEN ||
		    parse_exact(b, BFD_HDR_LEN, &out) != BFD_RX_OK ||
		    !pkt_equal(&in, &out))
			bad++;
		checked++;
	}
	ok(!bad, "encode -> parse round trip of %d random packets (%d bad)",
	   checked, bad);
	ok(bfd_pkt_encode(&(struct bfd_pkt){ .version = 1 }, b, 23) == 0,
	   "encode refuses a buffer shorter than 24 bytes");
}

static const struct {
	u8 type, len;
	const char *name;
} auth_types[] = {
	{ BFD_AUTH_NONE, 0, "no auth" },
	{ BFD_AUTH_SIMPLE, 11, "simple password" },
	{ BFD_AUTH_KEYED_MD5, 16, "keyed MD5" },
	{ BFD_AUTH_MET_MD5, 5, "meticulous keyed MD5" },
	{ BFD_AUTH_KEYED_SHA1, 20, "keyed SHA1" },
	{ BFD_AUTH_MET_SHA1, 9, "meticulous keyed SHA1" },
};

static void test_build(void)
{
	static const u8 alen[] = { 0, 14, 24, 24, 28, 28 };
	struct bfd_session_cfg c;
	struct bfd_session s;
	struct bfd_actions a;
	struct bfd_pkt p;
	u8 b[BFD_PKT_MAX];
	size_t t;
	u32 len;

	for (t = 0; t < ARRAY_SIZE(auth_types); t++) {
		sim_cfg(&c, 0xabcd0001, 300000, 250000, 3);
		c.auth.type = auth_types[t].type;
		c.auth.key_id = 7;
		c.auth.len = auth_types[t].len;
		prng_bytes(c.auth.key, c.auth.len);
		bfd_session_init(&s, &c, 0, &a);
		len = bfd_session_build(&s, b, sizeof(b), 0);
		ok(len == 24u + alen[t] && parse_exact(b, len, &p) == BFD_RX_OK &&
		   p.length == len && p.version == 1 &&
		   p.state == BFD_STATE_DOWN && p.diag == 0 &&
		   p.detect_mult == 3 && p.my_discr == 0xabcd0001 &&
		   p.your_discr == 0 && p.desired_min_tx == 1000000 &&
		   p.required_min_rx == 250000 &&
		   p.required_min_echo_rx == 0 &&
		   (p.flags & ~BFD_FLAG_A) == 0 &&
		   !!(p.flags & BFD_FLAG_A) == (t != 0) &&
		   p.auth_type == auth_types[t].type &&
		   p.auth_len == alen[t],
		   "build+parse, %s: length %u, fields from session state "
		   "(TX floored to 1 s while Down)", auth_types[t].name, len);
		ok(bfd_session_build(&s, b, len - 1, 0) == 0,
		   "build refuses a short buffer, %s", auth_types[t].name);
	}
}

static void test_malformed(void)
{
	u8 b[BFD_PKT_MAX], m[BFD_PKT_MAX];
	struct bfd_session_cfg c;
	struct bfd_session s, sa;
	struct bfd_actions a;
	struct bfd_pkt p;
	u32 len, i;

	base(b);
	expect(parse_exact(b, 24, &p), BFD_RX_OK, "valid Down packet");
	ok(p.state == BFD_STATE_DOWN && p.my_discr == 0x11111111,
	   "valid packet fields decoded");

	expect(parse_exact(b, 0, &p), BFD_RX_TRUNCATED, "empty payload");
	expect(parse_exact(b, 3, &p), BFD_RX_TRUNCATED, "3-byte payload");
	for (i = 0; i < 24; i++)
		if (parse_exact(b, i, &p) == BFD_RX_OK)
			break;
	ok(i == 24, "no prefix shorter than 24 bytes parses");

	memcpy(m, b, 24);
	m[0] = (0 << 5);
	expect(parse_exact(m, 24, &p), BFD_RX_BAD_VERSION, "version 0");
	m[0] = (2 << 5);
	expect(parse_exact(m, 24, &p), BFD_RX_BAD_VERSION, "version 2");
	m[3] = 0;
	expect(parse_exact(m, 24, &p), BFD_RX_BAD_VERSION,
	       "version 2 and length 0: version is checked first");

	memcpy(m, b, 24);
	m[3] = 23;
	expect(parse_exact(m, 24, &p), BFD_RX_BAD_LEN, "Length 23");
	m[1] |= BFD_FLAG_A;
	m[3] = 25;
	expect(parse_exact(m, 30, &p), BFD_RX_BAD_LEN, "A bit, Length 25");
	m[3] = 26;
	expect(parse_exact(m, 30, &p), BFD_RX_OK,
	       "A bit, Length 26 passes the codec");

	memcpy(m, b, 24);
	m[3] = 25;
	expect(parse_exact(m, 24, &p), BFD_RX_LEN_PAYLOAD,
	       "Length 25 > 24-byte payload");
	m[3] = 24;
	m[2] = 0;
	expect(parse_exact(m, 23, &p), BFD_RX_LEN_PAYLOAD,
	       "Length > payload is checked before Detect Mult");
	expect(parse_exact(m, 24, &p), BFD_RX_DETECT_MULT_ZERO,
	       "Detect Mult 0");
	m[1] |= BFD_FLAG_M;
	expect(parse_exact(m, 24, &p), BFD_RX_DETECT_MULT_ZERO,
	       "Detect Mult 0 and M: Detect Mult first");
	m[2] = 3;
	expect(parse_exact(m, 24, &p), BFD_RX_MULTIPOINT, "Multipoint bit");
	memset(m + 4, 0, 4);
	expect(parse_exact(m, 24, &p), BFD_RX_MULTIPOINT,
	       "M and My Discr 0: M first");
	m[1] &= ~BFD_FLAG_M;
	expect(parse_exact(m, 24, &p), BFD_RX_MY_DISCR_ZERO,
	       "My Discriminator 0");

	memcpy(m, b, 24);
	m[1] = BFD_STATE_INIT << 6;
	expect(parse_exact(m, 24, &p), BFD_RX_YOUR_DISCR_ZERO,
	       "Your Discr 0 with State Init");
	m[1] = BFD_STATE_UP << 6;
	expect(parse_exact(m, 24, &p), BFD_RX_YOUR_DISCR_ZERO,
	       "Your Discr 0 with State Up");
	m[1] = BFD_STATE_ADMIN_DOWN << 6;
	expect(parse_exact(m, 24, &p), BFD_RX_OK,
	       "Your Discr 0 with State AdminDown is fine");
	memcpy(m, b, 24);
	memcpy(m + 24, "trailing", 8);
	expect(parse_exact(m, 32, &p), BFD_RX_OK,
	       "bytes after Length are ignored");

	/* session level: discriminator and A bit */
	sim_cfg(&c, 0x22222222, 300000, 300000, 3);
	bfd_session_init(&s, &c, 0, &a);
	memcpy(m, b, 24);
	bfd_put_be32(m + 8, 0x33333333);
	expect(rx_exact(&s, m, 24), BFD_RX_NO_SESSION,
	       "Your Discr names another session");
	bfd_put_be32(m + 8, 0x22222222);
	expect(rx_exact(&s, m, 24), BFD_RX_OK, "Your Discr names this one");

	memcpy(m, b, 24);
	m[1] |= BFD_FLAG_A;
	m[3] = 24 + 24;
	m[24] = BFD_AUTH_KEYED_MD5;
	m[25] = 24;
	expect(rx_exact(&s, m, 48), BFD_RX_AUTH_UNEXPECTED,
	       "A bit set, no auth configured");

	sim_cfg(&c, 0x44444444, 300000, 300000, 3);
	c.auth.type = BFD_AUTH_MET_SHA1;
	c.auth.key_id = 1;
	c.auth.len = 20;
	prng_bytes(c.auth.key, 20);
	bfd_session_init(&sa, &c, 0, &a);
	expect(rx_exact(&sa, b, 24), BFD_RX_AUTH_MISSING,
	       "A bit clear, auth configured");
	expect(rx_exact(&sa, m, 48), BFD_RX_AUTH_TYPE,
	       "Auth Type MD5 where SHA1 is configured");

	/* A packet signed by a twin session with the same key */
	{
		struct bfd_session tw;

		c.local_discr = 0x55555555;
		bfd_session_init(&tw, &c, 0, &a);
		len = bfd_session_build(&tw, m, sizeof(m), 0);
	}
	memcpy(b, m, len);
	expect(rx_exact(&sa, m, len), BFD_RX_OK, "correctly signed SHA1");
	m[25] = 27;
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_LEN, "Auth Len 27 for SHA1");
	m[25] = 2;
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_LEN, "Auth Len 2");
	memcpy(m, b, len);
	m[3] = 40;
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_LEN,
	       "Auth Len 28 does not fit in Length 40");
	memcpy(m, b, len);
	m[26] = 2;
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_KEY_ID, "wrong Key ID");
	memcpy(m, b, len);
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_SEQ,
	       "meticulous replay of the same sequence number");
	memcpy(m, b, len);
	m[len - 1] ^= 1;
	bfd_put_be32(m + 28, bfd_get_be32(m + 28) + 1);
	expect(rx_exact(&sa, m, len), BFD_RX_AUTH_DIGEST,
	       "digest with one bit flipped");

	bfd_session_set_admin(&s, true, 0, &a);
	memcpy(m, b, 24);
	m[1] &= ~BFD_FLAG_A;
	m[3] = 24;
	expect(rx_exact(&s, m, 24), BFD_RX_ADMIN_DOWN,
	       "packet for an AdminDown session is discarded");

	for (i = 1; i < BFD_RX_REASON_MAX; i++)
		if (!seen[i])
			break;
	ok(i == BFD_RX_REASON_MAX,
	   "every drop reason was produced by some test (first missing: %s)",
	   i < BFD_RX_REASON_MAX ? bfd_rx_reason_name(i) : "none");
}

/*
 * RFC 9764: a peer's padding after the control packet (UDP payload longer
 * than Length) is accepted, Length and every field as without it, up to
 * the largest payload a 9001-byte IPv4 packet carries; a Length beyond
 * the payload is still refused.
 */
static void test_padded_rx(void)
{
	static const u32 sizes[] = { 25, 64, 1472, 8973, 65507 };
	struct bfd_pkt want, got;
	enum bfd_rx_reason r;
	u8 b[BFD_PKT_MAX];
	unsigned int i;
	u8 *pad;

	base(b);
	bfd_pkt_parse(b, 24, &want);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		pad = calloc(1, sizes[i]);
		memcpy(pad, b, 24);
		/* what follows Length is not ours to judge: not even zeros */
		if (sizes[i] > 24)
			pad[sizes[i] - 1] = 0xa5;
		r = parse_exact(pad, sizes[i], &got);
		ok(r == BFD_RX_OK && pkt_equal(&got, &want) && got.length == 24,
		   "24-byte packet in a %u-byte payload accepted, Length 24 (got %s)",
		   sizes[i], bfd_rx_reason_name(r));
		free(pad);
	}
	b[3] = 40;
	pad = calloc(1, 39);
	memcpy(pad, b, 24);
	expect(parse_exact(pad, 39, &got), BFD_RX_LEN_PAYLOAD,
	       "Length 40 in a 39-byte padded payload");
	free(pad);
}

/*
 * bfd_pad_payload(): the UDP payload for an IP packet of the padded size,
 * never below the control packet, never past 65535 bytes of IP packet.
 */
static void test_pad_payload(void)
{
	ok(bfd_pad_payload(24, 28, 0) == 24, "padding 0: unpadded");
	ok(bfd_pad_payload(24, 28, 9001) == 8973, "IPv4 9001: 8973-byte payload");
	ok(bfd_pad_payload(24, 48, 9001) == 8953, "IPv6 9001: 8953-byte payload");
	ok(bfd_pad_payload(24, 28, 1500) == 1472, "IPv4 1500: 1472-byte payload");
	ok(bfd_pad_payload(24, 28, 52) == 24, "IPv4 52: exactly unpadded");
	ok(bfd_pad_payload(24, 28, 53) == 25, "IPv4 53: one byte of padding");
	ok(bfd_pad_payload(52, 28, 60) == 52,
	   "below the unpadded size (SHA1, 80 bytes): sent unpadded");
	ok(bfd_pad_payload(24, 28, 20) == 24, "below the headers: unpadded");
	ok(bfd_pad_payload(24, 28, 70000) == 65507,
	   "above 65535: the largest IPv4 packet");
}

static void test_names(void)
{
	int i, bad = 0;

	for (i = 0; i < BFD_RX_REASON_MAX; i++)
		bad += !strcmp(bfd_rx_reason_name(i), "?");
	ok(!bad && !strcmp(bfd_rx_reason_name(BFD_RX_REASON_MAX), "?"),
	   "every drop reason has a counter name");
	for (i = 0; i < BFD_CFG_ERR_MAX; i++)
		bad += !strcmp(bfd_cfg_err_name(i), "?");
	ok(!bad, "every config error has a message");
	ok(!strcmp(bfd_state_name(BFD_STATE_UP), "Up") &&
	   !strcmp(bfd_state_name(BFD_STATE_ADMIN_DOWN), "AdminDown") &&
	   !strcmp(bfd_state_name(4), "?"), "state names");
	ok(!strcmp(bfd_diag_name(3), "Neighbor Signaled Session Down") &&
	   !strcmp(bfd_diag_name(9), "Reserved"), "diagnostic names");
}

int main(void)
{
	printf("TAP version 13\n");
	test_round_trip();
	test_build();
	test_malformed();
	test_padded_rx();
	test_pad_payload();
	test_names();
	return tap_done();
}
