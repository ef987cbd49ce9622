/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BFD protocol core (RFC 5880): packet codec, session state machine,
 * interval and timer arithmetic, authentication.
 *
 * The same sources build into dcvif.ko and into userspace (unit tests,
 * libFuzzer), so nothing here may include a kernel or libc header other
 * than the fixed-width types chosen below.  The core never allocates,
 * never reads a clock and never draws random numbers: time is the
 * caller's timers, randomness is a u32 the caller passes in.  It keeps no
 * global state and is not reentrant per session: the caller serialises
 * every call on one struct bfd_session (one lock per session).
 *
 * See Documentation/bfd-core.rst.
 */
#ifndef _DCVIF_BFD_PROTO_H
#define _DCVIF_BFD_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
/* The kernel's own definitions (asm-generic/int-ll64.h) */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
#endif

#define BFD_VERSION		1
#define BFD_UDP_PORT		3784	/* RFC 5881 single hop */
#define BFD_ECHO_UDP_PORT	3785	/* RFC 5881 section 4: Echo */
#define BFD_HDR_LEN		24	/* mandatory section */
#define BFD_AUTH_HDR_LEN	2	/* Auth Type + Auth Len */
#define BFD_SIMPLE_KEY_MAX	16
#define BFD_MD5_LEN		16
#define BFD_SHA1_LEN		20
#define BFD_AUTH_KEY_MAX	BFD_SHA1_LEN
#define BFD_AUTH_MD5_LEN	(8 + BFD_MD5_LEN)	/* Auth Len 24 */
#define BFD_AUTH_SHA1_LEN	(8 + BFD_SHA1_LEN)	/* Auth Len 28 */
#define BFD_PKT_MAX		(BFD_HDR_LEN + BFD_AUTH_SHA1_LEN)
/*
 * RFC 9764 (BFD in large packets): the IP packet a padded session sends
 * is at most this long (IPv4 Total Length, IPv6 Payload Length + 40 are
 * both bounded by 16 bits; a VIF's MTU is far below).
 */
#define BFD_PAD_MAX		65535U
/* RFC 5880 6.8.3: bfd.DesiredMinTxInterval while not Up */
#define BFD_SLOW_TX_US		1000000U
/*
 * RFC 5880 6.4: while our Echo function runs, liveness is Echo's job and
 * we ask the peer for Control packets at a sedate rate: Required Min RX
 * Interval at least this (a Poll Sequence announces it).
 */
#define BFD_ECHO_CTRL_RX_US	1000000U

/* Byte 1 of the header: Sta(2) P F C A D M */
#define BFD_FLAG_P		0x20
#define BFD_FLAG_F		0x10
#define BFD_FLAG_C		0x08
#define BFD_FLAG_A		0x04
#define BFD_FLAG_D		0x02
#define BFD_FLAG_M		0x01

enum bfd_state {
	BFD_STATE_ADMIN_DOWN	= 0,
	BFD_STATE_DOWN		= 1,
	BFD_STATE_INIT		= 2,
	BFD_STATE_UP		= 3,
};

/* RFC 5880 4.1 diagnostic codes */
enum bfd_diag {
	BFD_DIAG_NONE			= 0,
	BFD_DIAG_DETECT_EXPIRED		= 1,
	BFD_DIAG_ECHO_FAILED		= 2,
	BFD_DIAG_NEIGHBOR_DOWN		= 3,
	BFD_DIAG_FWD_RESET		= 4,
	BFD_DIAG_PATH_DOWN		= 5,
	BFD_DIAG_CONCAT_PATH_DOWN	= 6,
	BFD_DIAG_ADMIN_DOWN		= 7,
	BFD_DIAG_REV_CONCAT_PATH_DOWN	= 8,
	BFD_DIAG_MAX			= 31,	/* 5-bit field */
};

enum bfd_auth_type {
	BFD_AUTH_NONE		= 0,
	BFD_AUTH_SIMPLE		= 1,
	BFD_AUTH_KEYED_MD5	= 2,
	BFD_AUTH_MET_MD5	= 3,
	BFD_AUTH_KEYED_SHA1	= 4,
	BFD_AUTH_MET_SHA1	= 5,
};

/*
 * Why a received packet was dropped: one value per check of RFC 5880
 * 6.8.6 and 6.7, in the order the RFC applies them.  BFD_RX_OK means
 * accepted.  The kernel keeps one drop counter per value.
 */
enum bfd_rx_reason {
	BFD_RX_OK = 0,
	BFD_RX_TRUNCATED,	/* payload too short to hold Version/Length */
	BFD_RX_BAD_VERSION,	/* Version != 1 */
	BFD_RX_BAD_LEN,		/* Length < 24, or < 26 with the A bit */
	BFD_RX_LEN_PAYLOAD,	/* Length > payload of the UDP datagram */
	BFD_RX_DETECT_MULT_ZERO,
	BFD_RX_MULTIPOINT,	/* M bit set */
	BFD_RX_MY_DISCR_ZERO,
	BFD_RX_YOUR_DISCR_ZERO,	/* Your Discr 0, State not Down/AdminDown */
	BFD_RX_NO_SESSION,	/* Your Discr does not select this session */
	BFD_RX_AUTH_UNEXPECTED,	/* A bit set, no authentication configured */
	BFD_RX_AUTH_MISSING,	/* A bit clear, authentication configured */
	BFD_RX_AUTH_TYPE,	/* Auth Type differs from bfd.AuthType */
	BFD_RX_AUTH_LEN,	/* Auth Len wrong for the type or the packet */
	BFD_RX_AUTH_KEY_ID,	/* Auth Key ID is not a configured key */
	BFD_RX_AUTH_SEQ,	/* sequence number outside the window */
	BFD_RX_AUTH_DIGEST,	/* password or digest mismatch */
	BFD_RX_ADMIN_DOWN,	/* session is AdminDown: discarded */
	BFD_RX_REASON_MAX
};

/* Why a session configuration was refused */
enum bfd_cfg_err {
	BFD_CFG_OK = 0,
	BFD_CFG_DISCR,		/* local discriminator is zero */
	BFD_CFG_TX,		/* desired min TX interval is zero */
	BFD_CFG_RX,		/* required min RX interval is zero */
	BFD_CFG_MULT,		/* detect multiplier is zero */
	BFD_CFG_AUTH_TYPE,	/* unknown authentication type */
	BFD_CFG_AUTH_KEY,	/* key length out of range for the type */
	BFD_CFG_ECHO,		/* Echo interval below the smallest one */
	BFD_CFG_ERR_MAX
};

/* A decoded control packet (host byte order) */
struct bfd_pkt {
	u8 version;
	u8 diag;
	u8 state;
	u8 flags;		/* BFD_FLAG_* */
	u8 detect_mult;
	u8 length;
	u8 auth_type;		/* only with BFD_FLAG_A */
	u8 auth_len;		/* only with BFD_FLAG_A */
	u32 my_discr;
	u32 your_discr;
	u32 desired_min_tx;	/* microseconds */
	u32 required_min_rx;
	u32 required_min_echo_rx;
};

/*
 * One authentication key.  A session has exactly one; the caller wipes
 * it with bfd_wipe() (or memzero_explicit()) when the session is freed.
 */
struct bfd_auth_key {
	u8 type;		/* enum bfd_auth_type */
	u8 key_id;
	u8 len;			/* 1..16 (simple, MD5) or 1..20 (SHA1) */
	u8 key[BFD_AUTH_KEY_MAX];
};

struct bfd_session_cfg {
	u32 local_discr;	/* nonzero and unique: the caller allocates */
	u32 desired_min_tx;	/* microseconds */
	u32 required_min_rx;	/* microseconds */
	u8 detect_mult;
	u8 passive;		/* RFC 5880 6.1 Passive role */
	u8 admin_down;		/* start in AdminDown */
	/*
	 * Treat the peer signalling AdminDown as a failure (carrier loss).
	 * Off by default: RFC 5882 3.2 says an administrative shutdown of
	 * the peer is not a path failure.
	 */
	u8 remote_admin_is_failure;
	u32 xmit_auth_seq;	/* random (RFC 5880 6.8.1) */
	/*
	 * Echo (RFC 5880 6.4, 6.8.9): our Echo transmission interval (0:
	 * we send no Echo packets), and the Required Min Echo RX Interval
	 * we advertise (0: we do not loop the peer's back; the caller
	 * makes sure its forwarding path does if nonzero).  Microseconds.
	 */
	u32 echo_tx;
	u32 required_min_echo_rx;
	struct bfd_auth_key auth;	/* type BFD_AUTH_NONE: no auth */
};

/* Smallest Echo interval the core takes (bfd_session_set_echo()) */
#define BFD_ECHO_MIN_US		1000U

struct bfd_session {
	/* RFC 5880 6.8.1 state variables */
	u8 state;			/* bfd.SessionState */
	u8 remote_state;		/* bfd.RemoteSessionState */
	u8 local_diag;			/* bfd.LocalDiag */
	u8 remote_diag;			/* last Diag received */
	u8 detect_mult;			/* bfd.DetectMult, as sent */
	u8 remote_detect_mult;		/* last Detect Mult received */
	u8 remote_demand;		/* bfd.RemoteDemandMode */
	u8 auth_seq_known;		/* bfd.AuthSeqKnown */
	u32 local_discr;		/* bfd.LocalDiscr */
	u32 remote_discr;		/* bfd.RemoteDiscr */
	u32 desired_min_tx;		/* bfd.DesiredMinTxInterval, as sent */
	u32 required_min_rx;		/* bfd.RequiredMinRxInterval, as sent */
	u32 remote_min_rx;		/* bfd.RemoteMinRxInterval */
	u32 remote_desired_min_tx;	/* last Desired Min TX received */
	u32 rcv_auth_seq;		/* bfd.RcvAuthSeq */
	u32 xmit_auth_seq;		/* bfd.XmitAuthSeq */

	/* What the operator asked for; sent once a Poll allows it */
	u32 cfg_desired_min_tx;
	u32 cfg_required_min_rx;
	u8 cfg_detect_mult;

	/* Poll Sequence (6.5) and the 6.8.3 hold rules */
	u8 poll_active;			/* sending P, waiting for F */
	u8 poll_pending;		/* another change waits for a Poll */
	u8 poll_need_nonfinal;		/* 6.8.3 option 3 before next Poll */
	u32 used_desired_min_tx;	/* in force for the TX interval */
	u32 used_required_min_rx;	/* in force for the Detection Time */

	u8 passive;
	u8 remote_admin_is_failure;
	u8 ever_up;			/* Up since created/AdminDown */
	u8 carrier_ok;			/* BFD allows carrier (see docs) */
	u8 idle_expiries;		/* detection expiries without RX */
	u8 tx_last_valid;
	u8 tx_last[BFD_HDR_LEN];	/* keyed (non-meticulous) seq bumps */

	/* Echo function (6.4, 6.8.9) */
	u8 echo_active;			/* we send Echo packets now */
	u8 echo_suspect;		/* Echo failed, none back since */
	u32 cfg_echo_tx;		/* our Echo interval, 0: off */
	u32 cfg_required_min_echo_rx;	/* advertised, 0: we do not loop */
	u32 remote_min_echo_rx;		/* last Required Min Echo RX received */
	u32 echo_interval;		/* in force while echo_active */
	struct bfd_auth_key auth;
};

/* What the caller has to do after a call into the core */
#define BFD_ACT_SEND		0x0001	/* send a periodic packet now */
#define BFD_ACT_SEND_FINAL	0x0002	/* send a packet with F now */
#define BFD_ACT_TX_ARM		0x0004	/* (re)arm TX timer: tx_us */
#define BFD_ACT_DETECT_ARM	0x0008	/* (re)arm detection: detect_us */
#define BFD_ACT_DETECT_STOP	0x0010	/* cancel the detection timer */
#define BFD_ACT_STATE		0x0020	/* old_state -> new_state, diag */
#define BFD_ACT_CARRIER_DOWN	0x0040	/* was Up, now failed: drop carrier */
#define BFD_ACT_CARRIER_UP	0x0080	/* carrier may return */
#define BFD_ACT_POLL_DONE	0x0100	/* a Poll Sequence completed */
#define BFD_ACT_ECHO		0x0200	/* Echo starts, stops or changes */

struct bfd_actions {
	u32 flags;		/* BFD_ACT_* */
	u32 tx_us;		/* BFD_ACT_TX_ARM: from now, jitter applied */
	u64 detect_us;		/* BFD_ACT_DETECT_ARM: from now */
	u8 old_state;		/* BFD_ACT_STATE */
	u8 new_state;
	u8 diag;		/* bfd.LocalDiag after the change */
	/*
	 * BFD_ACT_ECHO: send Echo packets every echo_us (0: stop sending
	 * and stop Echo detection), and (re)arm the Echo detection timer
	 * to echo_detect_us from now.
	 */
	u32 echo_us;
	u64 echo_detect_us;
};

/* bfd_session_build() flags */
#define BFD_BUILD_FINAL		0x1	/* the reply to a Poll: F set, P clear */

static inline u32 bfd_get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline void bfd_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* bfd_proto.c */
const char *bfd_state_name(u8 state);
const char *bfd_diag_name(u8 diag);
const char *bfd_rx_reason_name(enum bfd_rx_reason reason);
const char *bfd_cfg_err_name(enum bfd_cfg_err err);

enum bfd_rx_reason bfd_pkt_parse(const u8 *buf, u32 len, struct bfd_pkt *pkt);
u32 bfd_pkt_encode(const struct bfd_pkt *pkt, u8 *buf, u32 size);

u32 bfd_jitter(u32 interval, u8 detect_mult, u32 rnd);
u32 bfd_pad_payload(u32 len, u32 hdr_len, u32 padded_size);

enum bfd_cfg_err bfd_session_init(struct bfd_session *s,
				  const struct bfd_session_cfg *cfg, u32 rnd,
				  struct bfd_actions *act);
enum bfd_rx_reason bfd_session_rx(struct bfd_session *s,
				  const struct bfd_pkt *pkt, const u8 *buf,
				  u32 rnd, struct bfd_actions *act);
void bfd_session_tx_timer(struct bfd_session *s, u32 rnd,
			  struct bfd_actions *act);
void bfd_session_detect_timer(struct bfd_session *s, u32 rnd,
			      struct bfd_actions *act);
enum bfd_cfg_err bfd_session_set_params(struct bfd_session *s,
					u32 desired_min_tx, u32 required_min_rx,
					u8 detect_mult, u32 rnd,
					struct bfd_actions *act);
void bfd_session_set_admin(struct bfd_session *s, bool down, u32 rnd,
			   struct bfd_actions *act);
enum bfd_cfg_err bfd_session_set_echo(struct bfd_session *s, u32 echo_tx,
				      u32 required_min_echo_rx, u32 rnd,
				      struct bfd_actions *act);
void bfd_session_echo_timer(struct bfd_session *s, u32 rnd,
			    struct bfd_actions *act);
void bfd_session_echo_rx(struct bfd_session *s, struct bfd_actions *act);
u64 bfd_session_echo_detect_time(const struct bfd_session *s);
enum bfd_cfg_err bfd_session_set_auth(struct bfd_session *s,
				      const struct bfd_auth_key *key,
				      u32 xmit_auth_seq);
u32 bfd_session_build(struct bfd_session *s, u8 *buf, u32 size, u32 flags);
u32 bfd_session_tx_interval(const struct bfd_session *s);
u64 bfd_session_detect_time(const struct bfd_session *s);

/*
 * What the environment gives the core: the MD5 (RFC 1321) and SHA1 (FIPS
 * 180-4) digests, a constant-time comparison and the wiping of secrets.
 * dcvif.ko uses the kernel's (kmod/bfd_crypto.c: the crypto API's "md5"
 * and "sha1", crypto_memneq(), memzero_explicit()); the userspace tests
 * and fuzzer their own (selftests/unit/bfd/bfd_crypto_user.c).
 */
struct bfd_iov {
	const void *base;
	u32 len;
};

/*
 * bfd_digest(): the digest (SHA1 if @sha1, else MD5) of the bytes of @iov
 * in order, into @out (BFD_SHA1_LEN or BFD_MD5_LEN bytes); any context,
 * without sleeping or allocating.  Return: 0, or nonzero on failure.
 */
int bfd_digest(bool sha1, const struct bfd_iov *iov, unsigned int n, u8 *out);
/* bfd_memneq(): nonzero if @a and @b differ, in time independent of both */
int bfd_memneq(const void *a, const void *b, u32 len);
/* bfd_wipe(): clear memory that held a secret; never optimised away */
void bfd_wipe(void *p, u32 len);

/* bfd_auth.c */
enum bfd_cfg_err bfd_auth_key_check(const struct bfd_auth_key *key);
u8 bfd_auth_len(const struct bfd_auth_key *key);
bool bfd_auth_sign(const struct bfd_auth_key *key, u32 seq, u8 *buf,
		   u32 len);
enum bfd_rx_reason bfd_auth_verify(struct bfd_session *s,
				   const struct bfd_pkt *pkt, const u8 *buf);

#endif /* _DCVIF_BFD_PROTO_H */
