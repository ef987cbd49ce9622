// SPDX-License-Identifier: GPL-2.0
/*
 * Authentication (RFC 5880 6.7): section layout and digests checked
 * against OpenSSL, sessions coming Up with each type, wrong key ID /
 * key / password, the sequence number windows of the keyed and
 * meticulous variants (replay, old, too far ahead, wrap), TX sequence
 * rules, AuthSeqKnown reset, key validation and rotation.
 */
#include <openssl/evp.h>

#include "bfd_crypto_user.h"
#include "bfd_test.h"

#define SEC	1000000ULL

static const struct {
	u8 type, len;
	const char *name;
} types[] = {
	{ BFD_AUTH_SIMPLE, 8, "simple password" },
	{ BFD_AUTH_KEYED_MD5, 16, "keyed MD5" },
	{ BFD_AUTH_MET_MD5, 11, "meticulous keyed MD5" },
	{ BFD_AUTH_KEYED_SHA1, 20, "keyed SHA1" },
	{ BFD_AUTH_MET_SHA1, 13, "meticulous keyed SHA1" },
};

#define NTYPES ((int)ARRAY_SIZE(types))

static struct bfd_actions act;

static void key_for(int t, struct bfd_auth_key *k, u8 id)
{
	memset(k, 0, sizeof(*k));
	k->type = types[t].type;
	k->len = types[t].len;
	k->key_id = id;
	memcpy(k->key, "0123456789abcdefghij", k->len);
}

/* A Down packet from 0x99 to @your signed with @k and sequence @seq */
static u32 signed_pkt(const struct bfd_auth_key *k, u32 seq, u32 your,
		      u8 mult, u8 *b)
{
	u32 len = BFD_HDR_LEN + bfd_auth_len(k);
	struct bfd_pkt p = {
		.version = 1, .state = BFD_STATE_DOWN, .flags = BFD_FLAG_A,
		.detect_mult = mult, .length = len, .my_discr = 0x99,
		.your_discr = your, .desired_min_tx = 1000000,
		.required_min_rx = 1000000,
	};

	memset(b, 0, BFD_PKT_MAX);
	bfd_pkt_encode(&p, b, BFD_PKT_MAX);
	bfd_auth_sign(k, seq, b, len);
	return len;
}

static enum bfd_rx_reason rx(struct bfd_session *s, const u8 *b, u32 len)
{
	enum bfd_rx_reason r;
	struct bfd_pkt p;

	r = bfd_pkt_parse(b, len, &p);
	if (r == BFD_RX_OK)
		r = bfd_session_rx(s, &p, b, prng(), &act);
	return r;
}

static void session_with(struct bfd_session *s, const struct bfd_auth_key *k,
			 u32 seq)
{
	struct bfd_session_cfg c;

	sim_cfg(&c, 0x42, 300000, 300000, 3);
	c.auth = *k;
	c.xmit_auth_seq = seq;
	if (bfd_session_init(s, &c, 0, &act) != BFD_CFG_OK)
		exit(2);
}

/* Recompute the digest of @b with OpenSSL, key in place, and compare */
static int openssl_matches(const struct bfd_auth_key *k, const u8 *b,
			   u32 len)
{
	int sha1 = k->type == BFD_AUTH_KEYED_SHA1 ||
		   k->type == BFD_AUTH_MET_SHA1;
	u32 dlen = sha1 ? 20 : 16;
	u8 c[BFD_PKT_MAX], d[EVP_MAX_MD_SIZE];
	unsigned int olen;

	memcpy(c, b, len);
	memset(c + 32, 0, dlen);
	memcpy(c + 32, k->key, k->len);
	EVP_Digest(c, len, d, &olen, sha1 ? EVP_sha1() : EVP_md5(), NULL);
	return olen == dlen && !memcmp(d, b + 32, dlen);
}

static void test_layout(void)
{
	struct bfd_auth_key k;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	u32 len;
	int t;

	for (t = 0; t < NTYPES; t++) {
		key_for(t, &k, 9);
		session_with(&s, &k, 0x01020304);
		len = bfd_session_build(&s, b, sizeof(b), 0);
		if (k.type == BFD_AUTH_SIMPLE) {
			ok(len == 24u + 3 + k.len && b[24] == 1 &&
			   b[25] == 3 + k.len && b[26] == 9 &&
			   !memcmp(b + 27, k.key, k.len) && b[3] == len,
			   "%s: Type 1, Len 3+%u, Key ID, password in clear",
			   types[t].name, k.len);
			continue;
		}
		ok(b[24] == k.type && b[25] == (k.type >= 4 ? 28 : 24) &&
		   b[26] == 9 && b[27] == 0 && bfd_get_be32(b + 28) == 0x01020304 &&
		   b[3] == len && (b[1] & BFD_FLAG_A),
		   "%s: Type %u, Len %u, Key ID, Reserved 0, Sequence = "
		   "initial bfd.XmitAuthSeq", types[t].name, k.type, b[25]);
		ok(openssl_matches(&k, b, len),
		   "%s: digest equals OpenSSL over the packet with the key "
		   "(zero padded) in the digest field", types[t].name);
	}
}

/*
 * RFC 9764: the digest covers Length bytes, not a peer's padding: a signed
 * packet in a 8973-byte padded payload is accepted, and so is one whose
 * padding is not zeros; a flipped byte inside Length still fails.
 */
static void test_padded(void)
{
	struct bfd_auth_key k;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX], *p;
	u32 len;
	int t;

	for (t = 0; t < NTYPES; t++) {
		key_for(t, &k, 9);
		session_with(&s, &k, 0);
		len = signed_pkt(&k, 100, 0, 3, b);
		p = calloc(1, 8973);
		memcpy(p, b, len);
		p[8972] = 0x5a;
		ok(rx(&s, p, 8973) == BFD_RX_OK,
		   "%s: signed packet padded to 8973 bytes accepted", types[t].name);
		len = signed_pkt(&k, 101, 0, 3, b);
		memcpy(p, b, len);
		p[len - 1] ^= 1;
		ok(rx(&s, p, 8973) != BFD_RX_OK,
		   "%s: a changed byte inside Length still refused", types[t].name);
		free(p);
	}
}

static void test_sessions(void)
{
	struct bfd_session_cfg ca, cb;
	struct sim w;
	int t, nst;

	for (t = 0; t < NTYPES; t++) {
		sim_cfg(&ca, 0x1001, 50000, 50000, 3);
		sim_cfg(&cb, 0x2002, 50000, 50000, 3);
		key_for(t, &ca.auth, 3);
		key_for(t, &cb.auth, 3);
		sim_init(&w, &ca, &cb);
		sim_run(&w, 5 * SEC);
		ok(sim_both_up(&w) && !w.p[0].n_rx_drop && !w.p[1].n_rx_drop &&
		   w.p[0].s.auth_seq_known == (t != 0),
		   "%s: sessions come Up, nothing dropped", types[t].name);
		nst = w.p[0].n_state + w.p[1].n_state;
		sim_run(&w, w.now + 20 * SEC);
		ok(sim_both_up(&w) && !w.p[0].n_rx_drop && !w.p[1].n_rx_drop &&
		   w.p[0].n_state + w.p[1].n_state == nst,
		   "%s: 20 s at 50 ms x 3 (about %d packets each way, Poll/"
		   "Final included) without a drop or flap", types[t].name,
		   w.p[0].n_sent);

		/* peer restarts: new random sequence far from the old one */
		w.p[1].link_up = 0;
		sim_run(&w, w.now + 5 * SEC);
		ok(w.p[0].s.state == BFD_STATE_DOWN &&
		   !w.p[0].s.auth_seq_known,
		   "%s: peer silent for > 2 detection times: Down, "
		   "AuthSeqKnown cleared", types[t].name);
		w.p[1].s.xmit_auth_seq += 0x80000000u;
		w.p[1].link_up = 1;
		sim_run(&w, w.now + 5 * SEC);
		ok(sim_both_up(&w) && !w.p[0].n_rx_drop,
		   "%s: restarted peer with a new sequence space is accepted",
		   types[t].name);

		cb.auth.key_id = 4;
		sim_init(&w, &ca, &cb);
		sim_run(&w, 5 * SEC);
		ok(w.p[0].s.state == BFD_STATE_DOWN && w.p[0].n_rx_drop > 0 &&
		   w.p[0].last_drop == BFD_RX_AUTH_KEY_ID,
		   "%s: peer with another Key ID never comes Up (auth_key_id)",
		   types[t].name);

		key_for(t, &cb.auth, 3);
		cb.auth.key[0] ^= 0x20;
		sim_init(&w, &ca, &cb);
		sim_run(&w, 5 * SEC);
		ok(w.p[0].s.state == BFD_STATE_DOWN && w.p[0].n_rx_drop > 0 &&
		   w.p[0].last_drop == BFD_RX_AUTH_DIGEST &&
		   !w.p[0].s.auth_seq_known,
		   "%s: peer with another key never comes Up (auth_digest), "
		   "and cannot seed the sequence", types[t].name);
	}
}

static void test_simple(void)
{
	struct bfd_auth_key k, o;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	u32 len;

	key_for(0, &k, 1);
	session_with(&s, &k, 0);
	len = signed_pkt(&k, 0, 0, 3, b);
	ok(rx(&s, b, len) == BFD_RX_OK, "simple: right password accepted");
	ok(rx(&s, b, len) == BFD_RX_OK,
	   "simple: no sequence number, the same packet is accepted again");
	o = k;
	o.key[7] ^= 1;
	len = signed_pkt(&o, 0, 0, 3, b);
	ok(rx(&s, b, len) == BFD_RX_AUTH_DIGEST, "simple: wrong password");
	o = k;
	o.len = 9;
	len = signed_pkt(&o, 0, 0, 3, b);
	ok(rx(&s, b, len) == BFD_RX_AUTH_LEN,
	   "simple: password one byte longer -> Auth Len mismatch");
	o.len = 16;
	ok(bfd_auth_key_check(&o) == BFD_CFG_OK, "simple: 16-byte password ok");
	o.len = 17;
	ok(bfd_auth_key_check(&o) == BFD_CFG_AUTH_KEY,
	   "simple: 17-byte password refused");
}

static void test_windows(void)
{
	struct bfd_auth_key k, bad;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	u32 len, base = 1000;
	int t;

	for (t = 1; t < NTYPES; t++) {
		int met = types[t].type == BFD_AUTH_MET_MD5 ||
			  types[t].type == BFD_AUTH_MET_SHA1;
		const char *n = types[t].name;

		key_for(t, &k, 5);
		session_with(&s, &k, 0);
		len = signed_pkt(&k, base, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_OK && s.auth_seq_known &&
		   s.rcv_auth_seq == base,
		   "%s: first packet seeds bfd.RcvAuthSeq (AuthSeqKnown 0)", n);
		ok(rx(&s, b, len) == (met ? BFD_RX_AUTH_SEQ : BFD_RX_OK),
		   "%s: same sequence number again is %s", n,
		   met ? "a replay, dropped" : "in the window, accepted");
		len = signed_pkt(&k, base - 1, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_AUTH_SEQ,
		   "%s: older sequence number dropped", n);
		len = signed_pkt(&k, base + 10, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_AUTH_SEQ,
		   "%s: RcvAuthSeq + 3*3 + 1 is outside the window", n);
		len = signed_pkt(&k, base + 10, 0, 4, b);
		ok(rx(&s, b, len) == BFD_RX_OK && s.rcv_auth_seq == base + 10,
		   "%s: with Detect Mult 4 in the packet, +10 is inside", n);

		/* forged: in the window, digest wrong -> window unchanged */
		bad = k;
		bad.key[0] ^= 1;
		len = signed_pkt(&bad, base + 15, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_AUTH_DIGEST &&
		   s.rcv_auth_seq == base + 10,
		   "%s: bad digest does not move bfd.RcvAuthSeq", n);
		len = signed_pkt(&k, base + 19, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_OK,
		   "%s: RcvAuthSeq + 3*3 accepted", n);

		s.rcv_auth_seq = 0xfffffffe;
		len = signed_pkt(&k, 3, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_OK && s.rcv_auth_seq == 3,
		   "%s: window wraps: 0xfffffffe -> 3 accepted", n);
		len = signed_pkt(&k, 0xffffffff, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_AUTH_SEQ,
		   "%s: 3 -> 0xffffffff is behind, dropped", n);

		len = signed_pkt(&k, 8, 0, 3, b);
		b[26] = 6;
		ok(rx(&s, b, len) == BFD_RX_AUTH_KEY_ID, "%s: wrong Key ID", n);
		len = signed_pkt(&k, 8, 0, 3, b);
		b[20] ^= 0x80;	/* Required Min Echo RX: covered by digest */
		ok(rx(&s, b, len) == BFD_RX_AUTH_DIGEST,
		   "%s: header bit flipped after signing", n);

		/* two silent detection times forget the sequence */
		bfd_session_detect_timer(&s, 0, &act);
		ok(s.auth_seq_known, "%s: one detection time: still known", n);
		bfd_session_detect_timer(&s, 0, &act);
		ok(!s.auth_seq_known,
		   "%s: twice the detection time: AuthSeqKnown = 0 (6.8.1)", n);
		len = signed_pkt(&k, 0x7777, 0, 3, b);
		ok(rx(&s, b, len) == BFD_RX_OK && s.rcv_auth_seq == 0x7777,
		   "%s: then any sequence number is accepted and learned", n);
	}
}

static void test_tx_seq(void)
{
	struct bfd_auth_key k;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	u32 seq[6];
	int t, i;

	for (t = 1; t < NTYPES; t++) {
		int met = types[t].type == BFD_AUTH_MET_MD5 ||
			  types[t].type == BFD_AUTH_MET_SHA1;

		key_for(t, &k, 5);
		session_with(&s, &k, 0xfffffffe);
		for (i = 0; i < 3; i++) {
			bfd_session_build(&s, b, sizeof(b), 0);
			seq[i] = bfd_get_be32(b + 28);
		}
		bfd_session_build(&s, b, sizeof(b), BFD_BUILD_FINAL);
		seq[3] = bfd_get_be32(b + 28);
		bfd_session_build(&s, b, sizeof(b), 0);
		seq[4] = bfd_get_be32(b + 28);
		/* a state change: peer Down -> Init */
		{
			struct bfd_auth_key pk = k;
			u8 pb[BFD_PKT_MAX];
			u32 plen = signed_pkt(&pk, 1, 0, 3, pb);

			rx(&s, pb, plen);
		}
		bfd_session_build(&s, b, sizeof(b), 0);
		seq[5] = bfd_get_be32(b + 28);
		if (met)
			ok(seq[0] == 0xfffffffe && seq[1] == 0xffffffff &&
			   seq[2] == 0 && seq[3] == 1 && seq[4] == 2 &&
			   seq[5] == 3,
			   "%s: sequence advances on every packet, Final "
			   "included, wrapping at 2^32", types[t].name);
		else
			ok(seq[0] == 0xfffffffe && seq[1] == seq[0] &&
			   seq[2] == seq[0] && seq[3] == 0xffffffff &&
			   seq[4] == 0 && seq[5] == 1,
			   "%s: sequence advances only when the packet changes "
			   "(Final, back, state change): %08x %08x %08x %08x "
			   "%08x %08x", types[t].name, seq[0], seq[1], seq[2],
			   seq[3], seq[4], seq[5]);
	}
}

static void test_keys(void)
{
	struct bfd_auth_key k = { 0 };
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	int zero = 1;
	size_t i;

	k.type = 6;
	k.len = 4;
	ok(bfd_auth_key_check(&k) == BFD_CFG_AUTH_TYPE, "auth type 6 refused");
	k.type = BFD_AUTH_KEYED_MD5;
	k.len = 0;
	ok(bfd_auth_key_check(&k) == BFD_CFG_AUTH_KEY, "empty key refused");
	k.len = 17;
	ok(bfd_auth_key_check(&k) == BFD_CFG_AUTH_KEY, "17-byte MD5 key refused");
	k.type = BFD_AUTH_MET_SHA1;
	k.len = 20;
	ok(bfd_auth_key_check(&k) == BFD_CFG_OK, "20-byte SHA1 key ok");
	k.len = 21;
	ok(bfd_auth_key_check(&k) == BFD_CFG_AUTH_KEY, "21-byte SHA1 key refused");
	{
		struct bfd_session_cfg c;

		sim_cfg(&c, 1, 1, 1, 1);
		c.auth = k;
		ok(bfd_session_init(&s, &c, 0, &act) == BFD_CFG_AUTH_KEY,
		   "session init refuses a bad key");
	}

	key_for(4, &k, 1);
	session_with(&s, &k, 0);
	key_for(2, &k, 2);
	ok(bfd_session_set_auth(&s, &k, 77) == BFD_CFG_OK &&
	   s.auth.type == BFD_AUTH_MET_MD5 && s.xmit_auth_seq == 77 &&
	   !memcmp(s.auth.key + 11, "\0\0\0\0\0\0\0\0\0", 9),
	   "key rotation: old (longer) key wiped, new key and sequence in place");
	ok(bfd_session_build(&s, b, sizeof(b), 0) == 48 && b[24] == 3 &&
	   bfd_get_be32(b + 28) == 77, "rotated key used for the next packet");
	k.len = 0;
	ok(bfd_session_set_auth(&s, &k, 1) == BFD_CFG_AUTH_KEY &&
	   s.auth.len == 11, "bad key refused, old one kept");
	k.type = BFD_AUTH_NONE;
	ok(bfd_session_set_auth(&s, &k, 1) == BFD_CFG_OK &&
	   bfd_session_build(&s, b, sizeof(b), 0) == 24 &&
	   !(b[1] & BFD_FLAG_A), "authentication switched off");
	bfd_wipe(&s.auth, sizeof(s.auth));
	for (i = 0; i < sizeof(s.auth); i++)
		zero &= ((u8 *)&s.auth)[i] == 0;
	ok(zero, "bfd_wipe() on the key as the glue does on free");
}

/*
 * A digest the environment cannot compute (the kernel's crypto API without
 * md5, say): no packet to send, and the key is never in the buffer; a
 * received packet is not accepted.
 */
static void test_digest_failure(void)
{
	struct bfd_auth_key k;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX], pb[BFD_PKT_MAX];
	u32 plen, i, j;
	int t, leak;

	for (t = 1; t < NTYPES; t++) {
		key_for(t, &k, 4);
		session_with(&s, &k, 10);
		plen = signed_pkt(&k, 1, 0x42, 3, pb);
		memset(b, 0, sizeof(b));
		bfd_digest_fail = 1;
		leak = 0;
		ok(!bfd_session_build(&s, b, sizeof(b), 0),
		   "%s: digest failed: nothing to send", types[t].name);
		for (i = 0; i + k.len <= sizeof(b); i++) {
			for (j = 0; j < k.len && b[i + j] == k.key[j]; j++)
				;
			leak |= j == k.len;
		}
		ok(!leak, "%s: the key is nowhere in the buffer", types[t].name);
		ok(rx(&s, pb, plen) == BFD_RX_AUTH_DIGEST && !s.auth_seq_known,
		   "%s: a received packet is dropped (auth_digest)", types[t].name);
		bfd_digest_fail = 0;
		ok(rx(&s, pb, plen) == BFD_RX_OK,
		   "%s: and taken once the digest works", types[t].name);
	}
}

int main(void)
{
	printf("TAP version 13\n");
	test_layout();
	test_simple();
	test_windows();
	test_tx_seq();
	test_sessions();
	test_keys();
	test_digest_failure();
	test_padded();
	return tap_done();
}
