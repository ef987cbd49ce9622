// SPDX-License-Identifier: GPL-2.0
/*
 * BFD authentication (RFC 5880 4.2-4.4, 6.7): Simple Password, Keyed and
 * Meticulous Keyed MD5 and SHA1, with the MD5 (RFC 1321) and SHA1
 * (FIPS 180-4) digests they need.
 *
 * The digests are small and self-contained on purpose: the same code runs
 * in the module and in the userspace tests and fuzzer, where it is
 * checked against the RFC/FIPS vectors and against OpenSSL.  BFD hashes
 * at most a few dozen bytes per packet, so speed is not a concern.
 */
#include "bfd_proto.h"

static u32 bfd_rol(u32 x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

static u32 bfd_get_le32(const u8 *p)
{
	return (u32)p[3] << 24 | (u32)p[2] << 16 | (u32)p[1] << 8 | p[0];
}

static void bfd_put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/**
 * bfd_wipe() - clear memory that held a secret
 * @p: memory
 * @len: bytes
 *
 * The barrier tells the compiler the zeroed bytes may be read, so the
 * stores cannot be dropped as dead (the memzero_explicit() pattern).  The
 * kernel may use memzero_explicit() on keys instead; both are fine.
 */
void bfd_wipe(void *p, u32 len)
{
	__builtin_memset(p, 0, len);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* RFC 1321 3.4: T[i] = floor(2^32 * abs(sin(i))), i = 1..64 */
static const u32 bfd_md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Per-round rotation amounts, four per round */
static const u8 bfd_md5_s[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};

static void bfd_md5_block(u32 *h, const u8 *p)
{
	u32 a = h[0], b = h[1], c = h[2], d = h[3];
	unsigned int i, g;
	u32 x[16], f, t;

	for (i = 0; i < 16; i++)
		x[i] = bfd_get_le32(p + 4 * i);
	for (i = 0; i < 64; i++) {
		switch (i >> 4) {
		case 0:
			f = (b & c) | (~b & d);
			g = i;
			break;
		case 1:
			f = (b & d) | (c & ~d);
			g = (5 * i + 1) & 15;
			break;
		case 2:
			f = b ^ c ^ d;
			g = (3 * i + 5) & 15;
			break;
		default:
			f = c ^ (b | ~d);
			g = (7 * i) & 15;
			break;
		}
		t = d;
		d = c;
		c = b;
		b += bfd_rol(a + f + bfd_md5_t[i] + x[g],
			     bfd_md5_s[(i >> 4) * 4 + (i & 3)]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	bfd_wipe(x, sizeof(x));
}

static void bfd_sha1_block(u32 *h, const u8 *p)
{
	u32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	u32 w[16], f, k, t;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = bfd_get_be32(p + 4 * i);
	for (i = 0; i < 80; i++) {
		/* W[t] for t >= 16, kept in a 16-word ring */
		if (i >= 16)
			w[i & 15] = bfd_rol(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^
					    w[(i + 2) & 15] ^ w[i & 15], 1);
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = bfd_rol(a, 5) + f + e + k + w[i & 15];
		e = d;
		d = c;
		c = bfd_rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	bfd_wipe(w, sizeof(w));
}

/**
 * bfd_md5_init() - start an MD5 digest (RFC 1321)
 * @c: context
 */
void bfd_md5_init(struct bfd_hash *c)
{
	*c = (struct bfd_hash){ 0 };
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
}

/**
 * bfd_sha1_init() - start a SHA1 digest (FIPS 180-4)
 * @c: context
 */
void bfd_sha1_init(struct bfd_hash *c)
{
	bfd_md5_init(c);	/* SHA1 shares the first four words */
	c->h[4] = 0xc3d2e1f0;
	c->sha1 = 1;
}

/**
 * bfd_hash_update() - add bytes to an MD5 or SHA1 digest
 * @c: context from bfd_md5_init() or bfd_sha1_init()
 * @data: bytes
 * @len: number of bytes
 */
void bfd_hash_update(struct bfd_hash *c, const void *data, u32 len)
{
	u32 used = c->bytes & 63;
	const u8 *p = data;

	c->bytes += len;
	while (len--) {
		c->buf[used++] = *p++;
		if (used == 64) {
			if (c->sha1)
				bfd_sha1_block(c->h, c->buf);
			else
				bfd_md5_block(c->h, c->buf);
			used = 0;
		}
	}
}

/**
 * bfd_hash_final() - finish a digest and wipe the context
 * @c: context
 * @out: BFD_MD5_LEN or BFD_SHA1_LEN bytes
 */
void bfd_hash_final(struct bfd_hash *c, u8 *out)
{
	u64 bits = c->bytes << 3;
	static const u8 pad = 0x80;
	static const u8 zero;
	u8 len[8];
	int i;

	bfd_hash_update(c, &pad, 1);
	while ((c->bytes & 63) != 56)
		bfd_hash_update(c, &zero, 1);
	/* MD5 appends the bit count little endian, SHA1 big endian */
	for (i = 0; i < 8; i++)
		len[c->sha1 ? 7 - i : i] = bits >> (8 * i);
	bfd_hash_update(c, len, 8);

	if (c->sha1) {
		for (i = 0; i < 5; i++)
			bfd_put_be32(out + 4 * i, c->h[i]);
	} else {
		for (i = 0; i < 4; i++)
			bfd_put_le32(out + 4 * i, c->h[i]);
	}
	bfd_wipe(c, sizeof(*c));
}

/**
 * bfd_md5() - one-shot MD5
 * @data: bytes
 * @len: number of bytes
 * @out: 16-byte digest
 */
void bfd_md5(const void *data, u32 len, u8 out[BFD_MD5_LEN])
{
	struct bfd_hash c;

	bfd_md5_init(&c);
	bfd_hash_update(&c, data, len);
	bfd_hash_final(&c, out);
}

/**
 * bfd_sha1() - one-shot SHA1
 * @data: bytes
 * @len: number of bytes
 * @out: 20-byte digest
 */
void bfd_sha1(const void *data, u32 len, u8 out[BFD_SHA1_LEN])
{
	struct bfd_hash c;

	bfd_sha1_init(&c);
	bfd_hash_update(&c, data, len);
	bfd_hash_final(&c, out);
}

static u8 bfd_auth_max_key(u8 type)
{
	switch (type) {
	case BFD_AUTH_SIMPLE:
		return BFD_SIMPLE_KEY_MAX;
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_MET_MD5:
		return BFD_MD5_LEN;
	case BFD_AUTH_KEYED_SHA1:
	case BFD_AUTH_MET_SHA1:
		return BFD_SHA1_LEN;
	default:
		return 0;
	}
}

static bool bfd_auth_is_sha1(u8 type)
{
	return type == BFD_AUTH_KEYED_SHA1 || type == BFD_AUTH_MET_SHA1;
}

static bool bfd_auth_is_meticulous(u8 type)
{
	return type == BFD_AUTH_MET_MD5 || type == BFD_AUTH_MET_SHA1;
}

/**
 * bfd_auth_key_check() - validate an authentication key
 * @key: key; type BFD_AUTH_NONE is always valid
 *
 * Passwords are 1-16 bytes (4.2), MD5 keys 1-16 (4.3), SHA1 keys 1-20
 * (4.4); shorter keys are zero padded in the digest field.
 *
 * Return: BFD_CFG_OK, BFD_CFG_AUTH_TYPE or BFD_CFG_AUTH_KEY.
 */
enum bfd_cfg_err bfd_auth_key_check(const struct bfd_auth_key *key)
{
	u8 max;

	if (key->type == BFD_AUTH_NONE)
		return BFD_CFG_OK;
	max = bfd_auth_max_key(key->type);
	if (!max)
		return BFD_CFG_AUTH_TYPE;
	if (!key->len || key->len > max)
		return BFD_CFG_AUTH_KEY;
	return BFD_CFG_OK;
}

/**
 * bfd_auth_len() - Auth Len of the section this key produces
 * @key: a key accepted by bfd_auth_key_check()
 *
 * Return: 0 without authentication, else 3 + password length (simple),
 * 24 (MD5) or 28 (SHA1).
 */
u8 bfd_auth_len(const struct bfd_auth_key *key)
{
	switch (key->type) {
	case BFD_AUTH_SIMPLE:
		return 3 + key->len;
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_MET_MD5:
		return BFD_AUTH_MD5_LEN;
	case BFD_AUTH_KEYED_SHA1:
	case BFD_AUTH_MET_SHA1:
		return BFD_AUTH_SHA1_LEN;
	default:
		return 0;
	}
}

/**
 * bfd_auth_sign() - write the authentication section and digest
 * @key: session key, not BFD_AUTH_NONE
 * @seq: Sequence Number (ignored for Simple Password)
 * @buf: packet whose mandatory section is already written, with room for
 *	 the section at offset BFD_HDR_LEN
 * @len: total packet length (the Length field)
 *
 * For MD5/SHA1 the key, zero padded, is put where the digest goes, the
 * digest is computed over the whole packet and then replaces the key
 * (6.7.3, 6.7.4).
 */
void bfd_auth_sign(const struct bfd_auth_key *key, u32 seq, u8 *buf,
		   u32 len)
{
	u8 *a = buf + BFD_HDR_LEN;
	u8 dlen, digest[BFD_SHA1_LEN];
	u32 i;

	a[0] = key->type;
	a[1] = bfd_auth_len(key);
	a[2] = key->key_id;
	if (key->type == BFD_AUTH_SIMPLE) {
		for (i = 0; i < key->len; i++)
			a[3 + i] = key->key[i];
		return;
	}
	a[3] = 0;	/* Reserved */
	bfd_put_be32(a + 4, seq);
	dlen = bfd_auth_is_sha1(key->type) ? BFD_SHA1_LEN : BFD_MD5_LEN;
	for (i = 0; i < dlen; i++)
		a[8 + i] = i < key->len ? key->key[i] : 0;
	if (dlen == BFD_SHA1_LEN)
		bfd_sha1(buf, len, digest);
	else
		bfd_md5(buf, len, digest);
	for (i = 0; i < dlen; i++)
		a[8 + i] = digest[i];
}

/* Constant time, so a wrong password or digest leaks nothing by timing */
static bool bfd_auth_equal(const u8 *a, const u8 *b, u32 n)
{
	u8 diff = 0;
	u32 i;

	for (i = 0; i < n; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/**
 * bfd_auth_verify() - authenticate a received packet (RFC 5880 6.7)
 * @s: session holding the key and bfd.RcvAuthSeq/bfd.AuthSeqKnown
 * @pkt: decoded packet with the A bit set
 * @buf: the packet bytes, @pkt->length of them
 *
 * Checks, in order: Auth Type, that the section fits in Length, Auth Key
 * ID, Auth Len for the type, then the password, or the sequence number
 * window and the digest.  The window is bfd.RcvAuthSeq to
 * bfd.RcvAuthSeq + 3 * Detect Mult (from +1 for the meticulous types),
 * in 32-bit circular space, with the Detect Mult of the packet.
 * bfd.RcvAuthSeq and bfd.AuthSeqKnown are updated only once the digest
 * matched, so a forged packet cannot move the window.
 *
 * Return: BFD_RX_OK or the drop reason.
 */
enum bfd_rx_reason bfd_auth_verify(struct bfd_session *s,
				   const struct bfd_pkt *pkt, const u8 *buf)
{
	static const u8 zero[BFD_AUTH_KEY_MAX];
	const struct bfd_auth_key *key = &s->auth;
	const u8 *a = buf + BFD_HDR_LEN;
	u8 dlen, digest[BFD_SHA1_LEN];
	struct bfd_hash h;
	u32 seq, off;
	bool ok;

	if (pkt->auth_type != key->type)
		return BFD_RX_AUTH_TYPE;
	if (pkt->auth_len < 3 || pkt->auth_len > pkt->length - BFD_HDR_LEN)
		return BFD_RX_AUTH_LEN;
	if (a[2] != key->key_id)
		return BFD_RX_AUTH_KEY_ID;
	if (pkt->auth_len != bfd_auth_len(key))
		return BFD_RX_AUTH_LEN;

	if (key->type == BFD_AUTH_SIMPLE) {
		if (!bfd_auth_equal(a + 3, key->key, key->len))
			return BFD_RX_AUTH_DIGEST;
		return BFD_RX_OK;
	}

	seq = bfd_get_be32(a + 4);
	if (s->auth_seq_known) {
		u32 dist = seq - s->rcv_auth_seq;

		if (dist > 3U * pkt->detect_mult ||
		    (dist == 0 && bfd_auth_is_meticulous(key->type)))
			return BFD_RX_AUTH_SEQ;
	}

	/* The digest of the packet with the key in place of the digest */
	if (bfd_auth_is_sha1(key->type)) {
		dlen = BFD_SHA1_LEN;
		bfd_sha1_init(&h);
	} else {
		dlen = BFD_MD5_LEN;
		bfd_md5_init(&h);
	}
	off = BFD_HDR_LEN + 8;
	bfd_hash_update(&h, buf, off);
	bfd_hash_update(&h, key->key, key->len);
	bfd_hash_update(&h, zero, dlen - key->len);
	bfd_hash_update(&h, buf + off + dlen, pkt->length - off - dlen);
	bfd_hash_final(&h, digest);

	ok = bfd_auth_equal(digest, a + 8, dlen);
	if (!ok)
		return BFD_RX_AUTH_DIGEST;
	s->rcv_auth_seq = seq;
	s->auth_seq_known = 1;
	return BFD_RX_OK;
}
