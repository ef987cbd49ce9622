// SPDX-License-Identifier: GPL-2.0
/*
 * BFD protocol core: control packet codec (RFC 5880 4.1, 6.8.6), session
 * state machine (6.2, 6.8.6), Poll Sequence (6.5, 6.8.3), transmit
 * interval and jitter (6.8.2, 6.8.7), Detection Time (6.8.4).
 *
 * Every entry point that changes a session fills a struct bfd_actions
 * telling the caller what to do (send, arm timers, report a state or
 * carrier change); the caller owns the timers, the sockets/skbs, the
 * clock and the random numbers.
 */
#include "bfd_proto.h"

static const char * const bfd_state_names[] = {
	[BFD_STATE_ADMIN_DOWN]	= "AdminDown",
	[BFD_STATE_DOWN]	= "Down",
	[BFD_STATE_INIT]	= "Init",
	[BFD_STATE_UP]		= "Up",
};

static const char * const bfd_diag_names[] = {
	[BFD_DIAG_NONE]			= "No Diagnostic",
	[BFD_DIAG_DETECT_EXPIRED]	= "Control Detection Time Expired",
	[BFD_DIAG_ECHO_FAILED]		= "Echo Function Failed",
	[BFD_DIAG_NEIGHBOR_DOWN]	= "Neighbor Signaled Session Down",
	[BFD_DIAG_FWD_RESET]		= "Forwarding Plane Reset",
	[BFD_DIAG_PATH_DOWN]		= "Path Down",
	[BFD_DIAG_CONCAT_PATH_DOWN]	= "Concatenated Path Down",
	[BFD_DIAG_ADMIN_DOWN]		= "Administratively Down",
	[BFD_DIAG_REV_CONCAT_PATH_DOWN]	= "Reverse Concatenated Path Down",
};

/* Also the names of the per-reason drop counters */
static const char * const bfd_rx_reason_names[] = {
	[BFD_RX_OK]		= "ok",
	[BFD_RX_TRUNCATED]	= "truncated",
	[BFD_RX_BAD_VERSION]	= "bad_version",
	[BFD_RX_BAD_LEN]	= "bad_length",
	[BFD_RX_LEN_PAYLOAD]	= "length_exceeds_payload",
	[BFD_RX_DETECT_MULT_ZERO] = "detect_mult_zero",
	[BFD_RX_MULTIPOINT]	= "multipoint",
	[BFD_RX_MY_DISCR_ZERO]	= "my_discr_zero",
	[BFD_RX_YOUR_DISCR_ZERO] = "your_discr_zero",
	[BFD_RX_NO_SESSION]	= "no_session",
	[BFD_RX_AUTH_UNEXPECTED] = "auth_unexpected",
	[BFD_RX_AUTH_MISSING]	= "auth_missing",
	[BFD_RX_AUTH_TYPE]	= "auth_type",
	[BFD_RX_AUTH_LEN]	= "auth_len",
	[BFD_RX_AUTH_KEY_ID]	= "auth_key_id",
	[BFD_RX_AUTH_SEQ]	= "auth_seq",
	[BFD_RX_AUTH_DIGEST]	= "auth_digest",
	[BFD_RX_ADMIN_DOWN]	= "admin_down",
};

static const char * const bfd_cfg_err_names[] = {
	[BFD_CFG_OK]		= "ok",
	[BFD_CFG_DISCR]		= "local discriminator must be nonzero",
	[BFD_CFG_TX]		= "desired min TX interval must be nonzero",
	[BFD_CFG_RX]		= "required min RX interval must be nonzero",
	[BFD_CFG_MULT]		= "detect multiplier must be nonzero",
	[BFD_CFG_AUTH_TYPE]	= "unknown authentication type",
	[BFD_CFG_AUTH_KEY]	= "authentication key length out of range",
	[BFD_CFG_ECHO]		= "echo interval must be 0 (off) or at least 1 ms",
};

/**
 * bfd_state_name() - name of a session state, as RFC 5880 spells it
 * @state: enum bfd_state value
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *bfd_state_name(u8 state)
{
	return state <= BFD_STATE_UP ? bfd_state_names[state] : "?";
}

/**
 * bfd_diag_name() - name of a diagnostic code (RFC 5880 4.1)
 * @diag: 5-bit diagnostic value
 *
 * Return: a static string, "Reserved" for unassigned codes.
 */
const char *bfd_diag_name(u8 diag)
{
	if (diag <= BFD_DIAG_REV_CONCAT_PATH_DOWN)
		return bfd_diag_names[diag];
	return "Reserved";
}

/**
 * bfd_rx_reason_name() - counter name for a receive verdict
 * @reason: verdict from bfd_pkt_parse() or bfd_session_rx()
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *bfd_rx_reason_name(enum bfd_rx_reason reason)
{
	if ((unsigned int)reason < BFD_RX_REASON_MAX)
		return bfd_rx_reason_names[reason];
	return "?";
}

/**
 * bfd_cfg_err_name() - human readable reason a configuration was refused
 * @err: value returned by bfd_session_init() and friends
 *
 * Return: a static string suitable for an extack message.
 */
const char *bfd_cfg_err_name(enum bfd_cfg_err err)
{
	if ((unsigned int)err < BFD_CFG_ERR_MAX)
		return bfd_cfg_err_names[err];
	return "?";
}

/**
 * bfd_pkt_parse() - decode and check a received control packet
 * @buf: UDP payload
 * @len: UDP payload length
 * @pkt: decoded fields, valid when BFD_RX_OK is returned
 *
 * Applies, in the RFC's order, the checks of RFC 5880 6.8.6 that depend
 * on the packet alone: version, Length against the minimum and against
 * the payload, Detect Mult, Multipoint, My Discriminator, and Your
 * Discriminator zero outside Down/AdminDown.  Session selection and the
 * authentication checks follow in bfd_session_rx().  Bytes after Length
 * are ignored: a peer's RFC 9764 padding is no error, and the digests of
 * authentication cover Length bytes only.  Reads nothing beyond @len.
 *
 * Return: BFD_RX_OK or the reason to drop the packet.
 */
enum bfd_rx_reason bfd_pkt_parse(const u8 *buf, u32 len, struct bfd_pkt *pkt)
{
	u8 min_len;

	*pkt = (struct bfd_pkt){ 0 };
	if (len < 1)
		return BFD_RX_TRUNCATED;
	pkt->version = buf[0] >> 5;
	if (pkt->version != BFD_VERSION)
		return BFD_RX_BAD_VERSION;
	if (len < 4)
		return BFD_RX_TRUNCATED;
	pkt->diag = buf[0] & 0x1f;
	pkt->state = buf[1] >> 6;
	pkt->flags = buf[1] & 0x3f;
	pkt->detect_mult = buf[2];
	pkt->length = buf[3];

	min_len = BFD_HDR_LEN;
	if (pkt->flags & BFD_FLAG_A)
		min_len += BFD_AUTH_HDR_LEN;
	if (pkt->length < min_len)
		return BFD_RX_BAD_LEN;
	if (pkt->length > len)
		return BFD_RX_LEN_PAYLOAD;

	/* From here on the whole mandatory section lies inside @len */
	pkt->my_discr = bfd_get_be32(buf + 4);
	pkt->your_discr = bfd_get_be32(buf + 8);
	pkt->desired_min_tx = bfd_get_be32(buf + 12);
	pkt->required_min_rx = bfd_get_be32(buf + 16);
	pkt->required_min_echo_rx = bfd_get_be32(buf + 20);
	if (pkt->flags & BFD_FLAG_A) {
		pkt->auth_type = buf[BFD_HDR_LEN];
		pkt->auth_len = buf[BFD_HDR_LEN + 1];
	}

	if (!pkt->detect_mult)
		return BFD_RX_DETECT_MULT_ZERO;
	if (pkt->flags & BFD_FLAG_M)
		return BFD_RX_MULTIPOINT;
	if (!pkt->my_discr)
		return BFD_RX_MY_DISCR_ZERO;
	if (!pkt->your_discr && pkt->state != BFD_STATE_DOWN &&
	    pkt->state != BFD_STATE_ADMIN_DOWN)
		return BFD_RX_YOUR_DISCR_ZERO;
	return BFD_RX_OK;
}

/**
 * bfd_pkt_encode() - write the mandatory section of a control packet
 * @pkt: fields to write; @pkt->length is written as given
 * @buf: output
 * @size: room in @buf
 *
 * The authentication section, if any, is written by bfd_auth_sign().
 *
 * Return: BFD_HDR_LEN, or 0 if @size is too small.
 */
u32 bfd_pkt_encode(const struct bfd_pkt *pkt, u8 *buf, u32 size)
{
	if (size < BFD_HDR_LEN)
		return 0;
	buf[0] = (pkt->version & 0x7) << 5 | (pkt->diag & 0x1f);
	buf[1] = (pkt->state & 0x3) << 6 | (pkt->flags & 0x3f);
	buf[2] = pkt->detect_mult;
	buf[3] = pkt->length;
	bfd_put_be32(buf + 4, pkt->my_discr);
	bfd_put_be32(buf + 8, pkt->your_discr);
	bfd_put_be32(buf + 12, pkt->desired_min_tx);
	bfd_put_be32(buf + 16, pkt->required_min_rx);
	bfd_put_be32(buf + 20, pkt->required_min_echo_rx);
	return BFD_HDR_LEN;
}

static u32 bfd_max(u32 a, u32 b)
{
	return a > b ? a : b;
}

static u32 bfd_min(u32 a, u32 b)
{
	return a < b ? a : b;
}

/**
 * bfd_jitter() - jittered transmit interval (RFC 5880 6.8.7)
 * @interval: negotiated transmit interval, microseconds
 * @detect_mult: bfd.DetectMult
 * @rnd: uniformly random u32 from the caller
 *
 * The interval is reduced by 0-25%, i.e. the result lies in 75-100% of
 * @interval; with a Detect Mult of 1 it lies in 75-90%.  Only 32-bit
 * division by constants and a 64-bit multiply/shift are used, so the
 * kernel build needs no libgcc helpers.
 *
 * Return: the time to the next transmission, microseconds.
 */
u32 bfd_jitter(u32 interval, u8 detect_mult, u32 rnd)
{
	u32 lo = interval - interval / 4;	/* ceil(0.75 * interval) */
	u32 hi = interval;

	if (detect_mult == 1)	/* floor(0.9 * interval) */
		hi = interval - interval / 10 - (interval % 10 != 0);
	if (hi < lo)		/* only for intervals of a few microseconds */
		return lo;
	return lo + (u32)(((u64)(hi - lo + 1) * rnd) >> 32);
}

/**
 * bfd_pad_payload() - UDP payload length of a padded control packet
 * @len: the control packet (its Length field: 24, or more with
 *	authentication)
 * @hdr_len: the IP and UDP headers in front of it (IPv4 28, IPv6 48)
 * @padded_size: the IP packet size to pad to (RFC 9764), 0 for none
 *
 * RFC 9764 section 3: padding follows the control packet inside the UDP
 * payload, and the control packet's Length field does not count it; a
 * receiver applies RFC 5880 6.8.6 (Length no larger than the payload) and
 * ignores what follows Length, as bfd_pkt_parse() does.  A size below what
 * the packet needs unpadded sends it unpadded (the RFC 9764 YANG model's
 * rule for padded-pdu-size), and nothing grows past BFD_PAD_MAX.
 *
 * Return: the UDP payload length: @len, or more with padding.
 */
u32 bfd_pad_payload(u32 len, u32 hdr_len, u32 padded_size)
{
	if (padded_size > BFD_PAD_MAX)
		padded_size = BFD_PAD_MAX;
	if (padded_size <= hdr_len || padded_size - hdr_len <= len)
		return len;
	return padded_size - hdr_len;
}

/**
 * bfd_session_tx_interval() - negotiated transmit interval (6.8.2, 6.8.7)
 * @s: session
 *
 * The larger of bfd.DesiredMinTxInterval (the value in force, which a
 * Poll Sequence may still hold back, 6.8.3) and bfd.RemoteMinRxInterval.
 *
 * Return: microseconds, before jitter.
 */
u32 bfd_session_tx_interval(const struct bfd_session *s)
{
	return bfd_max(s->used_desired_min_tx, s->remote_min_rx);
}

/**
 * bfd_session_detect_time() - Detection Time, asynchronous mode (6.8.4)
 * @s: session
 *
 * The remote Detect Mult times the larger of bfd.RequiredMinRxInterval
 * (the value in force, 6.8.3) and the last received Desired Min TX.
 *
 * Return: microseconds, or 0 if nothing has been received yet.
 */
u64 bfd_session_detect_time(const struct bfd_session *s)
{
	return (u64)s->remote_detect_mult *
	       bfd_max(s->used_required_min_rx, s->remote_desired_min_tx);
}

static void bfd_act_clear(struct bfd_actions *act)
{
	*act = (struct bfd_actions){ 0 };
}

static void bfd_act_tx(const struct bfd_session *s, u32 rnd,
		       struct bfd_actions *act)
{
	act->flags |= BFD_ACT_TX_ARM;
	act->tx_us = bfd_jitter(bfd_session_tx_interval(s), s->detect_mult, rnd);
}

static void bfd_act_detect(const struct bfd_session *s,
			   struct bfd_actions *act)
{
	act->flags &= ~BFD_ACT_DETECT_STOP;
	act->flags |= BFD_ACT_DETECT_ARM;
	act->detect_us = bfd_session_detect_time(s);
}

static void bfd_act_detect_stop(struct bfd_actions *act)
{
	act->flags &= ~BFD_ACT_DETECT_ARM;
	act->flags |= BFD_ACT_DETECT_STOP;
	act->detect_us = 0;
}

/* RFC 5880 6.8.7: when this system must not send periodic packets */
static bool bfd_may_send(const struct bfd_session *s)
{
	if (s->passive && !s->remote_discr)
		return false;
	if (!s->remote_min_rx)
		return false;
	if (s->remote_demand && s->state == BFD_STATE_UP &&
	    s->remote_state == BFD_STATE_UP && !s->poll_active)
		return false;
	return true;
}

/*
 * Common tail of the entry points.  After a local state change one
 * packet goes out at once and the periodic timer restarts from now, so
 * the peer hears of the change before its Detection Time runs out even
 * though the interval just grew to 1 s (FRR bfdd does the same); this
 * is the only packet sent outside the periodic schedule besides Finals.
 * Otherwise the TX timer is restarted only if the interval changed.
 */
static void bfd_act_finish(const struct bfd_session *s, u32 tx_before,
			   u32 rnd, struct bfd_actions *act)
{
	if (act->flags & BFD_ACT_STATE) {
		if (bfd_may_send(s))
			act->flags |= BFD_ACT_SEND;
		bfd_act_tx(s, rnd, act);
	} else if (tx_before != bfd_session_tx_interval(s)) {
		bfd_act_tx(s, rnd, act);
	}
}

/*
 * Bring the advertised timing parameters in line with the configuration.
 * While not Up nothing depends on them, so they change at once; while Up
 * a change needs a Poll Sequence, and a larger TX or a smaller RX
 * interval only comes into force when it has terminated (6.8.3).  A
 * change made while a Poll is outstanding, or before a packet without F
 * has followed the last Final, waits (6.8.3, option 3), so the Final
 * always acknowledges exactly the values carried by the Poll.
 */
static void bfd_params_sync(struct bfd_session *s)
{
	u32 des = s->cfg_desired_min_tx;
	u32 req = s->cfg_required_min_rx;
	u8 mult = s->cfg_detect_mult;

	/* 6.4: Echo detects failures; Control packets may come slowly. */
	if (s->echo_active)
		req = bfd_max(req, BFD_ECHO_CTRL_RX_US);

	if (s->state != BFD_STATE_UP) {
		des = bfd_max(des, BFD_SLOW_TX_US);
		s->desired_min_tx = des;
		s->required_min_rx = req;
		s->detect_mult = mult;
		s->used_desired_min_tx = des;
		s->used_required_min_rx = req;
		s->poll_active = 0;
		s->poll_pending = 0;
		s->poll_need_nonfinal = 0;
		return;
	}
	if (des == s->desired_min_tx && req == s->required_min_rx &&
	    mult == s->detect_mult) {
		s->poll_pending = 0;
		return;
	}
	if (s->poll_active || s->poll_need_nonfinal) {
		s->poll_pending = 1;
		return;
	}
	s->used_desired_min_tx = bfd_min(s->used_desired_min_tx, des);
	s->used_required_min_rx = bfd_max(s->used_required_min_rx, req);
	s->desired_min_tx = des;
	s->required_min_rx = req;
	s->detect_mult = mult;
	s->poll_active = 1;
	s->poll_pending = 0;
}

/*
 * Carrier: BFD holds the VIF's carrier down only while a session that
 * has been Up is not Up, and, after an Echo failure, until an Echo packet
 * comes back: the Control packets bring the session Up again over a path
 * that does not forward (RFC 5880 6.8.9 lets them), but the routes over
 * it must not return.  AdminDown (local, or remote unless configured as
 * a failure) starts a new life: ever_up is cleared.
 */
static void bfd_carrier_update(struct bfd_session *s, struct bfd_actions *act)
{
	u8 ok = !s->ever_up || (s->state == BFD_STATE_UP && !s->echo_suspect);

	if (ok != s->carrier_ok) {
		s->carrier_ok = ok;
		act->flags &= ~(BFD_ACT_CARRIER_UP | BFD_ACT_CARRIER_DOWN);
		act->flags |= ok ? BFD_ACT_CARRIER_UP : BFD_ACT_CARRIER_DOWN;
	}
}

/**
 * bfd_session_echo_detect_time() - how long Echo may stay silent (6.8.9)
 * @s: session
 *
 * RFC 5880 leaves the Echo detection time to the implementation: ours is
 * bfd.DetectMult times the Echo interval in force, the rule the Control
 * Detection Time follows.
 *
 * Return: microseconds, 0 while the Echo function does not run.
 */
u64 bfd_session_echo_detect_time(const struct bfd_session *s)
{
	return s->echo_active ? (u64)s->detect_mult * s->echo_interval : 0;
}

/*
 * Run the Echo function exactly while the session is Up, we have an Echo
 * interval and the peer advertises a nonzero Required Min Echo RX
 * Interval (6.8.9: not faster than that).  Starting or stopping it
 * changes the Required Min RX Interval we ask for (6.4), which a Poll
 * Sequence announces.
 */
static void bfd_echo_update(struct bfd_session *s, struct bfd_actions *act)
{
	bool on = s->state == BFD_STATE_UP && s->cfg_echo_tx &&
		  s->remote_min_echo_rx;
	u32 iv = on ? bfd_max(s->cfg_echo_tx, s->remote_min_echo_rx) : 0;
	bool was = s->echo_active;

	if (on == was && iv == s->echo_interval)
		return;
	s->echo_active = on;
	s->echo_interval = iv;
	act->flags |= BFD_ACT_ECHO;
	act->echo_us = iv;
	act->echo_detect_us = bfd_session_echo_detect_time(s);
	if (on != was)
		bfd_params_sync(s);
	/* Nothing left to prove once Echo is off by configuration. */
	if (s->echo_suspect && (!s->cfg_echo_tx ||
				(s->state == BFD_STATE_UP && !s->remote_min_echo_rx))) {
		s->echo_suspect = 0;
		bfd_carrier_update(s, act);
	}
}

static void bfd_poll_done(struct bfd_session *s, struct bfd_actions *act)
{
	s->poll_active = 0;
	s->poll_need_nonfinal = 1;
	s->used_desired_min_tx = s->desired_min_tx;
	s->used_required_min_rx = s->required_min_rx;
	act->flags |= BFD_ACT_POLL_DONE;
}

/* Carrier: see bfd_carrier_update(). */
static void bfd_set_state(struct bfd_session *s, u8 state, u8 diag,
			  struct bfd_actions *act)
{
	act->flags |= BFD_ACT_STATE;
	act->old_state = s->state;
	act->new_state = state;
	act->diag = diag;
	s->state = state;
	s->local_diag = diag;
	if (state == BFD_STATE_UP) {
		s->ever_up = 1;
	} else if (state == BFD_STATE_ADMIN_DOWN) {
		s->ever_up = 0;
		s->echo_suspect = 0;
	}
	bfd_carrier_update(s, act);
	bfd_params_sync(s);
	bfd_echo_update(s, act);
}

static enum bfd_cfg_err bfd_params_check(u32 desired_min_tx,
					 u32 required_min_rx, u8 detect_mult)
{
	if (!desired_min_tx)
		return BFD_CFG_TX;
	/*
	 * RFC 5880 allows 0 ("send me nothing"), but a session whose
	 * state drives carrier has to hear from its peer.
	 */
	if (!required_min_rx)
		return BFD_CFG_RX;
	if (!detect_mult)
		return BFD_CFG_MULT;
	return BFD_CFG_OK;
}

/**
 * bfd_session_init() - set up a session (RFC 5880 6.8.1 initial values)
 * @s: session to initialise; any previous contents are overwritten
 * @cfg: configuration; the key is copied
 * @rnd: random u32 for the first TX jitter
 * @act: what to do now: always BFD_ACT_TX_ARM
 *
 * Return: BFD_CFG_OK, or why @cfg was refused (@s is then untouched).
 */
enum bfd_cfg_err bfd_session_init(struct bfd_session *s,
				  const struct bfd_session_cfg *cfg, u32 rnd,
				  struct bfd_actions *act)
{
	enum bfd_cfg_err err;

	bfd_act_clear(act);
	if (!cfg->local_discr)
		return BFD_CFG_DISCR;
	err = bfd_params_check(cfg->desired_min_tx, cfg->required_min_rx,
			       cfg->detect_mult);
	if (err)
		return err;
	err = bfd_auth_key_check(&cfg->auth);
	if (err)
		return err;
	if (cfg->echo_tx && cfg->echo_tx < BFD_ECHO_MIN_US)
		return BFD_CFG_ECHO;

	*s = (struct bfd_session){ 0 };
	s->state = BFD_STATE_DOWN;
	s->remote_state = BFD_STATE_DOWN;
	s->local_diag = BFD_DIAG_NONE;
	if (cfg->admin_down) {
		s->state = BFD_STATE_ADMIN_DOWN;
		s->local_diag = BFD_DIAG_ADMIN_DOWN;
	}
	s->local_discr = cfg->local_discr;
	s->remote_min_rx = 1;
	s->cfg_desired_min_tx = cfg->desired_min_tx;
	s->cfg_required_min_rx = cfg->required_min_rx;
	s->cfg_detect_mult = cfg->detect_mult;
	s->passive = !!cfg->passive;
	s->remote_admin_is_failure = !!cfg->remote_admin_is_failure;
	s->carrier_ok = 1;
	s->xmit_auth_seq = cfg->xmit_auth_seq;
	s->auth = cfg->auth;
	s->cfg_echo_tx = cfg->echo_tx;
	s->cfg_required_min_echo_rx = cfg->required_min_echo_rx;
	bfd_params_sync(s);
	bfd_act_tx(s, rnd, act);
	return BFD_CFG_OK;
}

/**
 * bfd_session_rx() - process a received control packet (RFC 5880 6.8.6)
 * @s: the session the packet was demultiplexed to
 * @pkt: the packet as decoded by bfd_pkt_parse(), which returned OK
 * @buf: the buffer given to bfd_pkt_parse(); its first @pkt->length
 *	 bytes are read when the packet is authenticated
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * Continues 6.8.6 where bfd_pkt_parse() stopped: Your Discriminator must
 * select @s, the A bit must match the configuration, the packet must
 * authenticate (6.7); then the remote variables are recorded, a Final
 * ends our Poll Sequence, timers are updated and the state machine runs.
 * A Poll is answered with BFD_ACT_SEND_FINAL.
 *
 * Return: BFD_RX_OK if accepted, else the drop reason; on a drop the
 * session is unchanged except for BFD_RX_ADMIN_DOWN, where the RFC
 * records the remote variables before discarding.
 */
enum bfd_rx_reason bfd_session_rx(struct bfd_session *s,
				  const struct bfd_pkt *pkt, const u8 *buf,
				  u32 rnd, struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);
	u8 rstate = pkt->state;
	enum bfd_rx_reason r;

	bfd_act_clear(act);
	if (pkt->your_discr && pkt->your_discr != s->local_discr)
		return BFD_RX_NO_SESSION;
	if (!pkt->your_discr && rstate != BFD_STATE_DOWN &&
	    rstate != BFD_STATE_ADMIN_DOWN)
		return BFD_RX_YOUR_DISCR_ZERO;
	if ((pkt->flags & BFD_FLAG_A) && s->auth.type == BFD_AUTH_NONE)
		return BFD_RX_AUTH_UNEXPECTED;
	if (!(pkt->flags & BFD_FLAG_A) && s->auth.type != BFD_AUTH_NONE)
		return BFD_RX_AUTH_MISSING;
	if (pkt->flags & BFD_FLAG_A) {
		r = bfd_auth_verify(s, pkt, buf);
		if (r != BFD_RX_OK)
			return r;
	}

	s->remote_discr = pkt->my_discr;
	s->remote_state = rstate;
	s->remote_diag = pkt->diag;
	s->remote_demand = !!(pkt->flags & BFD_FLAG_D);
	s->remote_min_rx = pkt->required_min_rx;
	s->remote_desired_min_tx = pkt->desired_min_tx;
	s->remote_detect_mult = pkt->detect_mult;
	s->idle_expiries = 0;
	s->remote_min_echo_rx = pkt->required_min_echo_rx;

	if ((pkt->flags & BFD_FLAG_F) && s->poll_active)
		bfd_poll_done(s, act);

	if (s->state == BFD_STATE_ADMIN_DOWN) {
		if (tx_before != bfd_session_tx_interval(s))
			bfd_act_tx(s, rnd, act);
		return BFD_RX_ADMIN_DOWN;
	}

	if (rstate == BFD_STATE_ADMIN_DOWN) {
		if (s->state != BFD_STATE_DOWN) {
			if (!s->remote_admin_is_failure)
				s->ever_up = 0;
			bfd_set_state(s, BFD_STATE_DOWN,
				      BFD_DIAG_NEIGHBOR_DOWN, act);
		}
	} else if (s->state == BFD_STATE_DOWN) {
		if (rstate == BFD_STATE_DOWN)
			bfd_set_state(s, BFD_STATE_INIT, BFD_DIAG_NONE, act);
		else if (rstate == BFD_STATE_INIT)
			bfd_set_state(s, BFD_STATE_UP, BFD_DIAG_NONE, act);
	} else if (s->state == BFD_STATE_INIT) {
		if (rstate == BFD_STATE_INIT || rstate == BFD_STATE_UP)
			bfd_set_state(s, BFD_STATE_UP, BFD_DIAG_NONE, act);
	} else if (rstate == BFD_STATE_DOWN) {	/* we are Up */
		bfd_set_state(s, BFD_STATE_DOWN, BFD_DIAG_NEIGHBOR_DOWN, act);
	}

	if (!(pkt->flags & BFD_FLAG_F)) {
		s->poll_need_nonfinal = 0;
		if (s->poll_pending)
			bfd_params_sync(s);
	}

	/* The peer may have started or stopped looping our Echo packets. */
	bfd_echo_update(s, act);
	if (pkt->flags & BFD_FLAG_P)
		act->flags |= BFD_ACT_SEND_FINAL;
	bfd_act_finish(s, tx_before, rnd, act);
	bfd_act_detect(s, act);
	return BFD_RX_OK;
}

/**
 * bfd_session_tx_timer() - the transmit timer expired (RFC 5880 6.8.7)
 * @s: session
 * @rnd: random u32 for the jitter of the next interval
 * @act: BFD_ACT_TX_ARM always; BFD_ACT_SEND unless this system must not
 *	 transmit now (Passive role before the peer is known, the peer's
 *	 Required Min RX Interval is zero, or the peer is in Demand mode
 *	 and no Poll Sequence is running)
 *
 * The caller sends (bfd_session_build() with no flags) after rearming.
 */
void bfd_session_tx_timer(struct bfd_session *s, u32 rnd,
			  struct bfd_actions *act)
{
	bfd_act_clear(act);
	bfd_act_tx(s, rnd, act);
	if (bfd_may_send(s))
		act->flags |= BFD_ACT_SEND;
}

/**
 * bfd_session_detect_timer() - the detection timer expired (6.8.4)
 * @s: session
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * Init or Up goes Down with diagnostic 1.  In any state the remote
 * discriminator is forgotten (6.8.1) and bfd.RemoteMinRxInterval is
 * reset to 1 (6.8.18).  The timer is rearmed once more; a second expiry
 * without a packet in between (twice the Detection Time) clears
 * bfd.AuthSeqKnown (6.8.1) and stops the timer.
 */
void bfd_session_detect_timer(struct bfd_session *s, u32 rnd,
			      struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);

	bfd_act_clear(act);
	if (s->state == BFD_STATE_ADMIN_DOWN || !s->remote_detect_mult) {
		bfd_act_detect_stop(act);
		return;
	}
	if (s->state == BFD_STATE_INIT || s->state == BFD_STATE_UP)
		bfd_set_state(s, BFD_STATE_DOWN, BFD_DIAG_DETECT_EXPIRED, act);
	s->remote_discr = 0;
	s->remote_state = BFD_STATE_DOWN;
	s->remote_demand = 0;
	s->remote_min_rx = 1;
	s->remote_min_echo_rx = 0;
	bfd_act_finish(s, tx_before, rnd, act);
	if (s->idle_expiries < 2)
		s->idle_expiries++;
	if (s->idle_expiries >= 2) {
		s->auth_seq_known = 0;
		bfd_act_detect_stop(act);
	} else {
		bfd_act_detect(s, act);
	}
}

/**
 * bfd_session_set_params() - change the timing parameters (6.8.3)
 * @s: session
 * @desired_min_tx: microseconds, nonzero
 * @required_min_rx: microseconds, nonzero
 * @detect_mult: nonzero
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * While Up the new values are announced with a Poll Sequence and come
 * into force as 6.8.3 requires; otherwise at once.
 *
 * Return: BFD_CFG_OK, or why the values were refused (nothing changed).
 */
enum bfd_cfg_err bfd_session_set_params(struct bfd_session *s,
					u32 desired_min_tx, u32 required_min_rx,
					u8 detect_mult, u32 rnd,
					struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);
	u64 det_before = bfd_session_detect_time(s);
	enum bfd_cfg_err err;

	bfd_act_clear(act);
	err = bfd_params_check(desired_min_tx, required_min_rx, detect_mult);
	if (err)
		return err;
	s->cfg_desired_min_tx = desired_min_tx;
	s->cfg_required_min_rx = required_min_rx;
	s->cfg_detect_mult = detect_mult;
	bfd_params_sync(s);
	if (tx_before != bfd_session_tx_interval(s))
		bfd_act_tx(s, rnd, act);
	/* A longer Detection Time must not be cut short by the old timer */
	if (det_before != bfd_session_detect_time(s) &&
	    s->state != BFD_STATE_ADMIN_DOWN && s->remote_detect_mult &&
	    s->idle_expiries < 2)
		bfd_act_detect(s, act);
	return BFD_CFG_OK;
}

/**
 * bfd_session_set_admin() - enter or leave AdminDown (6.8.16)
 * @s: session
 * @down: true to enter AdminDown
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * Entering AdminDown sets diagnostic 7 and stops detection; packets keep
 * being sent (at the slow rate) so the peer learns of it.  Leaving it
 * goes to Down.  Neither counts as a failure for carrier purposes.
 */
void bfd_session_set_admin(struct bfd_session *s, bool down, u32 rnd,
			   struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);

	bfd_act_clear(act);
	if (down) {
		if (s->state == BFD_STATE_ADMIN_DOWN)
			return;
		bfd_set_state(s, BFD_STATE_ADMIN_DOWN, BFD_DIAG_ADMIN_DOWN,
			      act);
		bfd_act_detect_stop(act);
	} else {
		if (s->state != BFD_STATE_ADMIN_DOWN)
			return;
		bfd_set_state(s, BFD_STATE_DOWN, BFD_DIAG_NONE, act);
		s->auth_seq_known = 0;
	}
	bfd_act_finish(s, tx_before, rnd, act);
}

/**
 * bfd_session_set_echo() - configure the Echo function (6.4, 6.8.9)
 * @s: session
 * @echo_tx: our Echo interval, microseconds; 0 stops our Echo packets
 * @required_min_echo_rx: Required Min Echo RX Interval to advertise; 0
 *	says we do not loop the peer's Echo packets
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * Applies at once: the advertised value goes out with the next packet
 * (it needs no Poll Sequence, 6.8.3 names only the Control intervals);
 * our Echo starts, stops or changes pace as bfd_echo_update() decides.
 *
 * Return: BFD_CFG_OK, or why the values were refused (nothing changed).
 */
enum bfd_cfg_err bfd_session_set_echo(struct bfd_session *s, u32 echo_tx,
				      u32 required_min_echo_rx, u32 rnd,
				      struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);

	bfd_act_clear(act);
	if (echo_tx && echo_tx < BFD_ECHO_MIN_US)
		return BFD_CFG_ECHO;
	s->cfg_echo_tx = echo_tx;
	s->cfg_required_min_echo_rx = required_min_echo_rx;
	bfd_echo_update(s, act);
	bfd_act_finish(s, tx_before, rnd, act);
	return BFD_CFG_OK;
}

/**
 * bfd_session_echo_timer() - no Echo packet came back in time (6.8.9)
 * @s: session
 * @rnd: random u32, for the TX jitter if the interval changes
 * @act: what to do now
 *
 * While the Echo function runs, the session goes Down with diagnostic 2
 * (Echo Function Failed); that also stops the Echo function, and the
 * carrier stays held until an Echo packet comes back (bfd_session_echo_rx())
 * even when the session comes Up again.  A late expiry after Echo stopped
 * changes nothing.
 */
void bfd_session_echo_timer(struct bfd_session *s, u32 rnd,
			    struct bfd_actions *act)
{
	u32 tx_before = bfd_session_tx_interval(s);

	bfd_act_clear(act);
	if (!s->echo_active || s->state != BFD_STATE_UP)
		return;
	s->echo_suspect = 1;
	bfd_set_state(s, BFD_STATE_DOWN, BFD_DIAG_ECHO_FAILED, act);
	bfd_act_finish(s, tx_before, rnd, act);
}

/**
 * bfd_session_echo_rx() - one of our Echo packets came back
 * @s: session
 * @act: what to do now: BFD_ACT_CARRIER_UP if the Up session held its
 *	 carrier down since an Echo failure (bfd_carrier_update())
 *
 * The caller re-arms the Echo detection timer itself.
 */
void bfd_session_echo_rx(struct bfd_session *s, struct bfd_actions *act)
{
	bfd_act_clear(act);
	if (!s->echo_suspect)
		return;
	s->echo_suspect = 0;
	bfd_carrier_update(s, act);
}

/**
 * bfd_session_set_auth() - replace the session's authentication key
 * @s: session
 * @key: new key (type BFD_AUTH_NONE turns authentication off)
 * @xmit_auth_seq: random initial bfd.XmitAuthSeq
 *
 * The old key is wiped.  The receive sequence is forgotten.
 *
 * Return: BFD_CFG_OK, or why @key was refused (nothing changed).
 */
enum bfd_cfg_err bfd_session_set_auth(struct bfd_session *s,
				      const struct bfd_auth_key *key,
				      u32 xmit_auth_seq)
{
	enum bfd_cfg_err err = bfd_auth_key_check(key);

	if (err)
		return err;
	bfd_wipe(&s->auth, sizeof(s->auth));
	s->auth = *key;
	s->xmit_auth_seq = xmit_auth_seq;
	s->auth_seq_known = 0;
	s->tx_last_valid = 0;
	return BFD_CFG_OK;
}

static bool bfd_bytes_equal(const u8 *a, const u8 *b, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/**
 * bfd_session_build() - encode the next control packet (RFC 5880 6.8.7)
 * @s: session
 * @buf: output, at least BFD_PKT_MAX bytes is always enough
 * @size: room in @buf
 * @flags: BFD_BUILD_FINAL for the reply to a Poll
 *
 * P is set while our Poll Sequence runs, except on a Final (P and F are
 * never both set).  With keyed MD5/SHA1 bfd.XmitAuthSeq advances when
 * the packet differs from the previous one; with the meticulous variants
 * it advances on every packet (6.7.3, 6.7.4).
 *
 * Return: packet length, or 0 if @size is too small or the digest could
 * not be computed (nothing to send).
 */
u32 bfd_session_build(struct bfd_session *s, u8 *buf, u32 size, u32 flags)
{
	u32 len = BFD_HDR_LEN + bfd_auth_len(&s->auth);
	struct bfd_pkt p = { 0 };
	u32 seq = 0, i;

	if (size < len)
		return 0;
	p.version = BFD_VERSION;
	p.diag = s->local_diag;
	p.state = s->state;
	if (flags & BFD_BUILD_FINAL)
		p.flags |= BFD_FLAG_F;
	else if (s->poll_active)
		p.flags |= BFD_FLAG_P;
	if (s->auth.type != BFD_AUTH_NONE)
		p.flags |= BFD_FLAG_A;
	p.detect_mult = s->detect_mult;
	p.length = len;
	p.my_discr = s->local_discr;
	p.your_discr = s->remote_discr;
	p.desired_min_tx = s->desired_min_tx;
	p.required_min_rx = s->required_min_rx;
	p.required_min_echo_rx = s->cfg_required_min_echo_rx;
	bfd_pkt_encode(&p, buf, size);

	switch (s->auth.type) {
	case BFD_AUTH_NONE:
		return len;
	case BFD_AUTH_MET_MD5:
	case BFD_AUTH_MET_SHA1:
		seq = s->xmit_auth_seq++;
		break;
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_KEYED_SHA1:
		if (s->tx_last_valid &&
		    !bfd_bytes_equal(s->tx_last, buf, BFD_HDR_LEN))
			s->xmit_auth_seq++;
		for (i = 0; i < BFD_HDR_LEN; i++)
			s->tx_last[i] = buf[i];
		s->tx_last_valid = 1;
		seq = s->xmit_auth_seq;
		break;
	default:
		break;
	}
	/* No digest, no packet: the peer would drop it anyway. */
	if (!bfd_auth_sign(&s->auth, seq, buf, len))
		return 0;
	return len;
}
