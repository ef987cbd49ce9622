// SPDX-License-Identifier: GPL-2.0
/*
 * BFD authentication (RFC 5880 4.2-4.4, 6.7): Simple Password, Keyed and
 * Meticulous Keyed MD5 and SHA1.
 *
 * The digests, the constant-time comparison and the wiping of secrets are
 * the environment's (bfd_digest(), bfd_memneq(), bfd_wipe() in
 * bfd_proto.h): in dcvif.ko the kernel's crypto API, crypto_memneq() and
 * memzero_explicit() (bfd_crypto.c); in the userspace tests and fuzzer
 * implementations of their own, checked against the RFC 1321 and FIPS 180
 * vectors and OpenSSL (selftests/unit/bfd/bfd_crypto_user.c).
 */
#include "bfd_proto.h"

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

/*
 * The digest of a packet with the key, zero padded, in place of the digest
 * field (6.7.3, 6.7.4); the field itself is not read, so the key never has
 * to be written into the packet.
 */
static bool bfd_auth_digest(const struct bfd_auth_key *key, const u8 *buf,
			    u32 len, u8 *out)
{
	static const u8 zero[BFD_AUTH_KEY_MAX];
	bool sha1 = bfd_auth_is_sha1(key->type);
	u32 dlen = sha1 ? BFD_SHA1_LEN : BFD_MD5_LEN;
	u32 off = BFD_HDR_LEN + 8;
	const struct bfd_iov iov[4] = {
		{ buf, off },
		{ key->key, key->len },
		{ zero, dlen - key->len },
		{ buf + off + dlen, len - off - dlen },
	};

	return !bfd_digest(sha1, iov, 4, out);
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
 * For MD5/SHA1 the digest is that of the whole packet with the key, zero
 * padded, where the digest goes (6.7.3, 6.7.4).
 *
 * Return: true, or false if the digest could not be computed (the digest
 * field is then zero: the packet must not be sent).
 */
bool bfd_auth_sign(const struct bfd_auth_key *key, u32 seq, u8 *buf,
		   u32 len)
{
	u8 *a = buf + BFD_HDR_LEN;
	u32 i, dlen;

	a[0] = key->type;
	a[1] = bfd_auth_len(key);
	a[2] = key->key_id;
	if (key->type == BFD_AUTH_SIMPLE) {
		for (i = 0; i < key->len; i++)
			a[3 + i] = key->key[i];
		return true;
	}
	a[3] = 0;	/* Reserved */
	bfd_put_be32(a + 4, seq);
	if (bfd_auth_digest(key, buf, len, a + 8))
		return true;
	dlen = bfd_auth_is_sha1(key->type) ? BFD_SHA1_LEN : BFD_MD5_LEN;
	for (i = 0; i < dlen; i++)
		a[8 + i] = 0;
	return false;
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
	const struct bfd_auth_key *key = &s->auth;
	const u8 *a = buf + BFD_HDR_LEN;
	u8 digest[BFD_SHA1_LEN];
	u32 seq, dlen;

	if (pkt->auth_type != key->type)
		return BFD_RX_AUTH_TYPE;
	if (pkt->auth_len < 3 || pkt->auth_len > pkt->length - BFD_HDR_LEN)
		return BFD_RX_AUTH_LEN;
	if (a[2] != key->key_id)
		return BFD_RX_AUTH_KEY_ID;
	if (pkt->auth_len != bfd_auth_len(key))
		return BFD_RX_AUTH_LEN;

	if (key->type == BFD_AUTH_SIMPLE) {
		/* Constant time: a wrong password leaks nothing by timing. */
		if (bfd_memneq(a + 3, key->key, key->len))
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

	dlen = bfd_auth_is_sha1(key->type) ? BFD_SHA1_LEN : BFD_MD5_LEN;
	if (!bfd_auth_digest(key, buf, pkt->length, digest) ||
	    bfd_memneq(digest, a + 8, dlen))
		return BFD_RX_AUTH_DIGEST;
	s->rcv_auth_seq = seq;
	s->auth_seq_known = 1;
	return BFD_RX_OK;
}
