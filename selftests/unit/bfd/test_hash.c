// SPDX-License-Identifier: GPL-2.0
/*
 * MD5 and SHA1 of the userspace builds (bfd_crypto_user.c; dcvif.ko uses
 * the kernel's crypto API): the RFC 1321 test suite, the FIPS
 * 180 SHA1 examples, and random inputs (random lengths, fed in random
 * pieces) compared with OpenSSL's EVP digests.
 */
#include <openssl/evp.h>

#include "bfd_crypto_user.h"
#include "bfd_test.h"

static void hex(const u8 *d, int n, char *out)
{
	int i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static const struct {
	const char *in, *md5;
} md5_vec[] = {	/* RFC 1321 A.5 */
	{ "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
};

static const struct {
	const char *in, *sha1;
} sha1_vec[] = {	/* FIPS 180 examples */
	{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
};

/* Feed @len bytes in random pieces, to exercise block boundaries */
static void chunked(struct bfd_hash *c, const u8 *p, u32 len)
{
	while (len) {
		u32 n = prng() % 130;

		if (n > len)
			n = len;
		bfd_hash_update(c, p, n);
		p += n;
		len -= n;
	}
}

static int openssl_digest(const EVP_MD *md, const u8 *p, size_t n, u8 *out)
{
	unsigned int olen;

	return EVP_Digest(p, n, out, &olen, md, NULL) == 1 ? (int)olen : -1;
}

int main(void)
{
	static u8 big[1000000];
	u8 d[BFD_SHA1_LEN], ref[EVP_MAX_MD_SIZE], buf[1200];
	char h[2 * BFD_SHA1_LEN + 1];
	struct bfd_hash c;
	int i, bad_md5 = 0, bad_sha1 = 0, zero;
	size_t k;

	printf("TAP version 13\n");
	for (k = 0; k < ARRAY_SIZE(md5_vec); k++) {
		bfd_md5(md5_vec[k].in, strlen(md5_vec[k].in), d);
		hex(d, BFD_MD5_LEN, h);
		ok(!strcmp(h, md5_vec[k].md5), "md5 RFC 1321 vector \"%.20s\"",
		   md5_vec[k].in);
	}
	for (k = 0; k < ARRAY_SIZE(sha1_vec); k++) {
		bfd_sha1(sha1_vec[k].in, strlen(sha1_vec[k].in), d);
		hex(d, BFD_SHA1_LEN, h);
		ok(!strcmp(h, sha1_vec[k].sha1), "sha1 FIPS 180 vector \"%.20s\"",
		   sha1_vec[k].in);
	}
	memset(big, 'a', sizeof(big));
	bfd_sha1_init(&c);
	chunked(&c, big, sizeof(big));
	bfd_hash_final(&c, d);
	hex(d, BFD_SHA1_LEN, h);
	ok(!strcmp(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
	   "sha1 FIPS 180 vector: one million 'a', fed in pieces");

	for (i = 0; i < 3000; i++) {
		u32 len = prng() % sizeof(buf);

		prng_bytes(buf, len);
		bfd_md5_init(&c);
		chunked(&c, buf, len);
		bfd_hash_final(&c, d);
		if (openssl_digest(EVP_md5(), buf, len, ref) != BFD_MD5_LEN ||
		    memcmp(d, ref, BFD_MD5_LEN))
			bad_md5++;
		bfd_sha1_init(&c);
		chunked(&c, buf, len);
		bfd_hash_final(&c, d);
		if (openssl_digest(EVP_sha1(), buf, len, ref) != BFD_SHA1_LEN ||
		    memcmp(d, ref, BFD_SHA1_LEN))
			bad_sha1++;
	}
	ok(!bad_md5, "md5 equals OpenSSL on 3000 random inputs (%d differ)",
	   bad_md5);
	ok(!bad_sha1, "sha1 equals OpenSSL on 3000 random inputs (%d differ)",
	   bad_sha1);

	/* every length around the 55/56/64 padding boundaries */
	bad_md5 = 0;
	bad_sha1 = 0;
	for (i = 0; i < 200; i++) {
		prng_bytes(buf, i);
		bfd_md5(buf, i, d);
		openssl_digest(EVP_md5(), buf, i, ref);
		bad_md5 += !!memcmp(d, ref, BFD_MD5_LEN);
		bfd_sha1(buf, i, d);
		openssl_digest(EVP_sha1(), buf, i, ref);
		bad_sha1 += !!memcmp(d, ref, BFD_SHA1_LEN);
	}
	ok(!bad_md5 && !bad_sha1, "md5/sha1 equal OpenSSL for lengths 0..199");

	bfd_md5_init(&c);
	bfd_hash_update(&c, "secret", 6);
	bfd_hash_final(&c, d);
	zero = 1;
	for (k = 0; k < sizeof(c); k++)
		zero &= ((u8 *)&c)[k] == 0;
	ok(zero, "bfd_hash_final() wipes the context");

	memcpy(buf, "key material", 12);
	bfd_wipe(buf, 12);
	zero = 1;
	for (k = 0; k < 12; k++)
		zero &= buf[k] == 0;
	ok(zero, "bfd_wipe() clears the bytes");

	return tap_done();
}
