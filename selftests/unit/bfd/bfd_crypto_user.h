/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace side of what the BFD core asks of its environment
 * (bfd_digest(), bfd_memneq(), bfd_wipe() in kmod/bfd_proto.h), for the
 * unit tests, the fuzzer and the BIRD smoke test: MD5 and SHA1 of our own,
 * with an incremental interface test_hash.c checks against the RFC 1321
 * and FIPS 180 vectors and OpenSSL.  dcvif.ko uses the kernel's crypto
 * instead (kmod/bfd_crypto.c).
 */
#ifndef BFD_CRYPTO_USER_H
#define BFD_CRYPTO_USER_H

#include "bfd_proto.h"

struct bfd_hash {
	u32 h[5];
	u64 bytes;
	u8 buf[64];
	u8 sha1;
};

void bfd_md5_init(struct bfd_hash *c);
void bfd_sha1_init(struct bfd_hash *c);
void bfd_hash_update(struct bfd_hash *c, const void *data, u32 len);
void bfd_hash_final(struct bfd_hash *c, u8 *out);
void bfd_md5(const void *data, u32 len, u8 out[BFD_MD5_LEN]);
void bfd_sha1(const void *data, u32 len, u8 out[BFD_SHA1_LEN]);

/* Nonzero: bfd_digest() fails, as the kernel's may (no md5 with fips=1) */
extern int bfd_digest_fail;

#endif /* BFD_CRYPTO_USER_H */
