// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's side of BFD authentication (bfd_auth.c): the digests, the
 * constant-time comparison and the wiping of keys, from the kernel's own
 * crypto (the userspace tests and fuzzer bring their own, see
 * bfd_proto.h).
 *
 * Neither kernel has an MD5 library call (lib/crypto has none up to 6.12;
 * 6.1 and 6.12 offer SHA1 only as sha1_transform(), a bare block function),
 * so both digests come from the crypto API, as TCP-MD5 and SCTP take
 * theirs: one synchronous hash transform per algorithm, allocated at module
 * load, shared by every session (an unkeyed shash holds no per-request
 * state), and the request state on the stack of the caller
 * (SHASH_DESC_ON_STACK, as crypto_shash_tfm_digest() does). That keeps the
 * hot path, the TX hrtimer (softirq) and the receive softirq, free of
 * allocation and sleeping, and of any per-CPU state a softirq could find
 * half used by the process context it interrupted. An shash may run in
 * any context but NMI; x86's SIMD SHA1 falls back to the generic code
 * where the FPU is not usable.
 *
 * Debian's 6.1 and 6.12 build md5 and sha1 in (CONFIG_CRYPTO_MD5=y,
 * CONFIG_CRYPTO_SHA1=y); a kernel with them as modules has them loaded
 * by crypto_alloc_shash() (request_module), and the soft dependency lets
 * modprobe load them first. A kernel booted with fips=1 refuses MD5: the
 * module loads, and sessions asking for Keyed MD5 are refused with the
 * reason.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/string.h>

#include "bfd.h"

MODULE_SOFTDEP("pre: md5 sha1");

/* Set at module load, never changed until unload: no session outlives it. */
static struct crypto_shash *dcvif_bfd_md5 __read_mostly;
static struct crypto_shash *dcvif_bfd_sha1 __read_mostly;

int bfd_digest(bool sha1, const struct bfd_iov *iov, unsigned int n, u8 *out)
{
	struct crypto_shash *tfm = sha1 ? dcvif_bfd_sha1 : dcvif_bfd_md5;
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int i;
	int err;

	if (unlikely(!tfm))
		return -ENOENT;
	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	for (i = 0; !err && i < n; i++)
		err = crypto_shash_update(desc, iov[i].base, iov[i].len);
	if (!err)
		err = crypto_shash_final(desc, out);
	/* The state has hashed the key. */
	shash_desc_zero(desc);
	return err;
}

int bfd_memneq(const void *a, const void *b, u32 len)
{
	return crypto_memneq(a, b, len);
}

void bfd_wipe(void *p, u32 len)
{
	memzero_explicit(p, len);
}

/**
 * dcvif_bfd_crypto_check() - can sessions use this authentication type?
 * @auth_type: enum bfd_auth_type
 * @extack: for the reason if not
 *
 * Return: 0, or -EOPNOTSUPP if the kernel has no digest for the type.
 */
int dcvif_bfd_crypto_check(u8 auth_type, struct netlink_ext_ack *extack)
{
	switch (auth_type) {
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_MET_MD5:
		if (dcvif_bfd_md5)
			return 0;
		NL_SET_ERR_MSG_MOD(extack,
				   "the kernel's crypto API has no md5 (booted with fips=1?)");
		return -EOPNOTSUPP;
	case BFD_AUTH_KEYED_SHA1:
	case BFD_AUTH_MET_SHA1:
		if (dcvif_bfd_sha1)
			return 0;
		NL_SET_ERR_MSG_MOD(extack, "the kernel's crypto API has no sha1");
		return -EOPNOTSUPP;
	default:
		return 0;
	}
}

static struct crypto_shash *dcvif_bfd_crypto_alloc(const char *name)
{
	struct crypto_shash *tfm = crypto_alloc_shash(name, 0, 0);

	if (!IS_ERR(tfm))
		return tfm;
	pr_info("no %s in the crypto API (%ld): BFD authentication with it is refused\n",
		name, PTR_ERR(tfm));
	return NULL;
}

/**
 * dcvif_bfd_crypto_init() - take the digests BFD authentication uses
 *
 * A digest the kernel lacks is not an error: only the authentication
 * types that need it are refused (dcvif_bfd_crypto_check()).
 *
 * Context: module load, may sleep.
 */
void dcvif_bfd_crypto_init(void)
{
	dcvif_bfd_md5 = dcvif_bfd_crypto_alloc("md5");
	dcvif_bfd_sha1 = dcvif_bfd_crypto_alloc("sha1");
}

/**
 * dcvif_bfd_crypto_exit() - module unload: every session is gone
 */
void dcvif_bfd_crypto_exit(void)
{
	crypto_free_shash(dcvif_bfd_sha1);
	crypto_free_shash(dcvif_bfd_md5);
}
