// SPDX-License-Identifier: GPL-2.0
/*
 * MD5 (RFC 1321), SHA1 (FIPS 180-4), a constant-time comparison and
 * wiping for the userspace builds of the BFD core (see
 * bfd_crypto_user.h).  Small and self-contained: BFD hashes a few dozen
 * bytes per packet, and the fuzzer runs without OpenSSL.
 */
#include "bfd_crypto_user.h"

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

/*
 * The barrier tells the compiler the zeroed bytes may be read, so the
 * stores cannot be dropped as dead (the kernel's memzero_explicit()).
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

int bfd_digest_fail;

int bfd_digest(bool sha1, const struct bfd_iov *iov, unsigned int n, u8 *out)
{
	struct bfd_hash c;
	unsigned int i;

	if (bfd_digest_fail)
		return -1;

	if (sha1)
		bfd_sha1_init(&c);
	else
		bfd_md5_init(&c);
	for (i = 0; i < n; i++)
		bfd_hash_update(&c, iov[i].base, iov[i].len);
	bfd_hash_final(&c, out);
	return 0;
}

/* Constant time, as the kernel's crypto_memneq() */
int bfd_memneq(const void *a, const void *b, u32 len)
{
	const volatile u8 *x = a, *y = b;
	u8 diff = 0;
	u32 i;

	for (i = 0; i < len; i++)
		diff |= x[i] ^ y[i];
	return diff != 0;
}
