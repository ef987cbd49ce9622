// SPDX-License-Identifier: GPL-2.0
/*
 * LACP protocol core: LACPDU codec (IEEE 802.1AX-2014 6.4.2), Receive
 * machine (6.4.12), Periodic Transmission machine (6.4.13), Selection
 * Logic for a single aggregator (6.4.14), Mux machine with coupled
 * control (6.4.15) and Transmit machine (6.4.16).
 *
 * Timers are absolute deadlines in milliseconds.  Every entry point first
 * brings the port's machines up to the time it is given, so a caller that
 * runs late (or ticks early) gets the same result as one with a perfect
 * timer; lacp_port_next_ms() says when the next deadline is.
 */
#include "lacp_proto.h"

/* Offsets into the LACPDU, counted from the subtype (figure 6-7) */
#define OFF_SUBTYPE		0
#define OFF_VERSION		1
#define OFF_ACTOR_TLV		2
#define OFF_PARTNER_TLV		22
#define OFF_COLLECTOR_TLV	42
#define OFF_TERMINATOR_TLV	58

/*
 * What the Partner_Admin_* variables hold: nobody, passive, long timeout,
 * individual (as Linux bonding: an expired port sends partner state 0x02)
 */
static const struct lacp_info lacp_partner_admin = { 0 };

/* Fields of state that update_NTT compares (6.4.9) */
#define LACP_ST_NTT_MASK	(LACP_ST_ACTIVITY | LACP_ST_TIMEOUT | \
				 LACP_ST_AGGREGATION | LACP_ST_SYNC)

static const char * const lacp_pdu_err_names[] = {
	[LACP_PDU_OK]		= "ok",
	[LACP_PDU_SHORT]	= "short",
	[LACP_PDU_SUBTYPE]	= "subtype",
	[LACP_PDU_VERSION]	= "version",
	[LACP_PDU_TLV]		= "tlv",
};

static const char * const lacp_rx_state_names[] = {
	[LACP_RX_INITIALIZE]	= "initialize",
	[LACP_RX_PORT_DISABLED]	= "port_disabled",
	[LACP_RX_EXPIRED]	= "expired",
	[LACP_RX_DEFAULTED]	= "defaulted",
	[LACP_RX_CURRENT]	= "current",
};

static const char * const lacp_ptx_state_names[] = {
	[LACP_PTX_NO_PERIODIC]	 = "no_periodic",
	[LACP_PTX_FAST_PERIODIC] = "fast_periodic",
	[LACP_PTX_SLOW_PERIODIC] = "slow_periodic",
};

static const char * const lacp_mux_state_names[] = {
	[LACP_MUX_DETACHED]	= "detached",
	[LACP_MUX_WAITING]	= "waiting",
	[LACP_MUX_ATTACHED]	= "attached",
	[LACP_MUX_COLL_DIST]	= "collecting_distributing",
};

static const char * const lacp_sel_names[] = {
	[LACP_UNSELECTED]	= "unselected",
	[LACP_SELECTED]		= "selected",
	[LACP_STANDBY]		= "standby",
};

/**
 * lacp_pdu_err_name() - counter name for a receive verdict
 * @err: value returned by lacp_pdu_parse()
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *lacp_pdu_err_name(enum lacp_pdu_err err)
{
	if ((unsigned int)err < LACP_PDU_ERR_MAX)
		return lacp_pdu_err_names[err];
	return "?";
}

/**
 * lacp_rx_state_name() - name of a Receive machine state
 * @state: enum lacp_rx_state value
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *lacp_rx_state_name(u8 state)
{
	return state < LACP_RX_STATE_MAX ? lacp_rx_state_names[state] : "?";
}

/**
 * lacp_ptx_state_name() - name of a Periodic Transmission machine state
 * @state: enum lacp_ptx_state value
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *lacp_ptx_state_name(u8 state)
{
	return state < LACP_PTX_STATE_MAX ? lacp_ptx_state_names[state] : "?";
}

/**
 * lacp_mux_state_name() - name of a Mux machine state
 * @state: enum lacp_mux_state value
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *lacp_mux_state_name(u8 state)
{
	return state < LACP_MUX_STATE_MAX ? lacp_mux_state_names[state] : "?";
}

/**
 * lacp_sel_name() - name of a value of the Selected variable
 * @sel: enum lacp_sel value
 *
 * Return: a static string, "?" for values outside the enum.
 */
const char *lacp_sel_name(u8 sel)
{
	return sel <= LACP_STANDBY ? lacp_sel_names[sel] : "?";
}

static u16 lacp_get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static void lacp_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* @b points at the TLV header of an Actor or Partner Information TLV */
static void lacp_info_get(const u8 *b, struct lacp_info *info)
{
	unsigned int i;

	info->sys_prio = lacp_get_be16(b + 2);
	for (i = 0; i < sizeof(info->sys); i++)
		info->sys[i] = b[4 + i];
	info->key = lacp_get_be16(b + 10);
	info->port_prio = lacp_get_be16(b + 12);
	info->port = lacp_get_be16(b + 14);
	info->state = b[16];
}

static void lacp_info_put(u8 *b, u8 type, const struct lacp_info *info)
{
	unsigned int i;

	b[0] = type;
	b[1] = LACP_TLV_INFO_LEN;
	lacp_put_be16(b + 2, info->sys_prio);
	for (i = 0; i < sizeof(info->sys); i++)
		b[4 + i] = info->sys[i];
	lacp_put_be16(b + 10, info->key);
	lacp_put_be16(b + 12, info->port_prio);
	lacp_put_be16(b + 14, info->port);
	b[16] = info->state;
}

/**
 * lacp_pdu_parse() - decode and check a received LACPDU
 * @buf: Slow Protocols payload, from the subtype octet on
 * @len: bytes available at @buf (padding included)
 * @pdu: decoded fields, valid when LACP_PDU_OK is returned
 *
 * A version 1 LACPDU must carry the Actor, Partner, Collector and
 * Terminator TLVs at the offsets of figure 6-7 with their fixed lengths.
 * Reserved octets are ignored (6.4.2.3).  Per 6.4.2.4 a higher version is
 * accepted and read as version 1: its first three TLVs are at the same
 * places, and whatever follows the Collector TLV is not looked at.
 * Reads nothing beyond @len.
 *
 * Return: LACP_PDU_OK or the reason to ignore the frame.
 */
enum lacp_pdu_err lacp_pdu_parse(const u8 *buf, unsigned int len,
				 struct lacp_pdu *pdu)
{
	*pdu = (struct lacp_pdu){ 0 };
	if (len < 1)
		return LACP_PDU_SHORT;
	if (buf[OFF_SUBTYPE] != LACP_SUBTYPE_LACP)
		return LACP_PDU_SUBTYPE;
	if (len < LACP_PDU_LEN)
		return LACP_PDU_SHORT;
	pdu->version = buf[OFF_VERSION];
	if (!pdu->version)
		return LACP_PDU_VERSION;
	if (buf[OFF_ACTOR_TLV] != LACP_TLV_ACTOR ||
	    buf[OFF_ACTOR_TLV + 1] != LACP_TLV_INFO_LEN ||
	    buf[OFF_PARTNER_TLV] != LACP_TLV_PARTNER ||
	    buf[OFF_PARTNER_TLV + 1] != LACP_TLV_INFO_LEN ||
	    buf[OFF_COLLECTOR_TLV] != LACP_TLV_COLLECTOR ||
	    buf[OFF_COLLECTOR_TLV + 1] != LACP_TLV_COLLECTOR_LEN)
		return LACP_PDU_TLV;
	if (pdu->version == LACP_VERSION &&
	    (buf[OFF_TERMINATOR_TLV] != LACP_TLV_TERMINATOR ||
	     buf[OFF_TERMINATOR_TLV + 1] != 0))
		return LACP_PDU_TLV;
	lacp_info_get(buf + OFF_ACTOR_TLV, &pdu->actor);
	lacp_info_get(buf + OFF_PARTNER_TLV, &pdu->partner);
	pdu->collector_max_delay = lacp_get_be16(buf + OFF_COLLECTOR_TLV + 2);
	return LACP_PDU_OK;
}

/**
 * lacp_pdu_build() - encode an LACPDU
 * @buf: output, LACP_PDU_LEN bytes, from the subtype octet on
 * @pdu: fields to write; @pdu->version is written as given
 *
 * Writes the layout of figure 6-7 with all reserved octets zero.  The
 * caller prepends the Ethernet header (destination LACP_SLOW_ADDR, the
 * port's own source address, ethertype LACP_ETHERTYPE).
 */
void lacp_pdu_build(u8 *buf, const struct lacp_pdu *pdu)
{
	unsigned int i;

	for (i = 0; i < LACP_PDU_LEN; i++)
		buf[i] = 0;
	buf[OFF_SUBTYPE] = LACP_SUBTYPE_LACP;
	buf[OFF_VERSION] = pdu->version;
	lacp_info_put(buf + OFF_ACTOR_TLV, LACP_TLV_ACTOR, &pdu->actor);
	lacp_info_put(buf + OFF_PARTNER_TLV, LACP_TLV_PARTNER, &pdu->partner);
	buf[OFF_COLLECTOR_TLV] = LACP_TLV_COLLECTOR;
	buf[OFF_COLLECTOR_TLV + 1] = LACP_TLV_COLLECTOR_LEN;
	lacp_put_be16(buf + OFF_COLLECTOR_TLV + 2, pdu->collector_max_delay);
	/* Terminator TLV (type 0, length 0) and reserved octets stay zero */
}

static bool lacp_sys_eq(const u8 *a, const u8 *b)
{
	unsigned int i;

	for (i = 0; i < 6; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Port, system and key of @a and @b are the same (state not compared) */
static bool lacp_info_id_eq(const struct lacp_info *a,
			    const struct lacp_info *b)
{
	return a->port == b->port && a->port_prio == b->port_prio &&
	       a->sys_prio == b->sys_prio && lacp_sys_eq(a->sys, b->sys) &&
	       a->key == b->key;
}

static bool lacp_due(u64 deadline, u64 now)
{
	return deadline != LACP_NEVER && deadline <= now;
}

/* recordDefault (6.4.9) */
static void lacp_record_default(struct lacp_port *p)
{
	p->partner = lacp_partner_admin;
	p->actor.state |= LACP_ST_DEFAULTED;
}

/*
 * update_Selected / update_Default_Selected (6.4.9): a different partner,
 * or a change between aggregatable and individual, means the port must
 * be selected again.
 */
static void lacp_update_selected(struct lacp_port *p,
				 const struct lacp_info *partner)
{
	if (!lacp_info_id_eq(partner, &p->partner) ||
	    ((partner->state ^ p->partner.state) & LACP_ST_AGGREGATION))
		p->selected = LACP_UNSELECTED;
}

/* update_NTT (6.4.9): the partner's view of us is out of date */
static void lacp_update_ntt(struct lacp_port *p, const struct lacp_pdu *pdu)
{
	if (!lacp_info_id_eq(&pdu->partner, &p->actor) ||
	    ((pdu->partner.state ^ p->actor.state) & LACP_ST_NTT_MASK))
		p->ntt = true;
}

/*
 * recordPDU (6.4.9): take the partner's view of itself, and decide
 * whether it is in sync with us.  It is if it says so, if at least one
 * side is active, and if either it is individual or its idea of us
 * (port, system, key, aggregatable) is what we are.
 */
static void lacp_record_pdu(struct lacp_port *p, const struct lacp_pdu *pdu)
{
	const struct lacp_info *a = &pdu->actor, *ours = &pdu->partner;
	bool matches, sync;

	p->partner = *a;
	p->actor.state &= ~LACP_ST_DEFAULTED;

	matches = lacp_info_id_eq(ours, &p->actor) &&
		  !((ours->state ^ p->actor.state) & LACP_ST_AGGREGATION);
	sync = (a->state & LACP_ST_SYNC) &&
	       ((a->state | p->actor.state) & LACP_ST_ACTIVITY) &&
	       (matches || !(a->state & LACP_ST_AGGREGATION));
	if (sync)
		p->partner.state |= LACP_ST_SYNC;
	else
		p->partner.state &= ~LACP_ST_SYNC;
}

static u64 lacp_max(u64 a, u64 b)
{
	return a > b ? a : b;
}

static u64 lacp_current_while(const struct lacp_port *p, u64 now)
{
	return now + (p->actor.state & LACP_ST_TIMEOUT ?
		      LACP_SHORT_TIMEOUT_MS : LACP_LONG_TIMEOUT_MS);
}

/* Entry actions of the Receive machine states the timers lead to */
static void lacp_rx_enter(struct lacp_port *p, u8 state, u64 now)
{
	p->rx_state = state;
	switch (state) {
	case LACP_RX_PORT_DISABLED:
		p->partner.state &= ~LACP_ST_SYNC;
		p->current_while = LACP_NEVER;
		break;
	case LACP_RX_EXPIRED:
		/* ask the partner to speak fast while we wait for it */
		p->partner.state &= ~LACP_ST_SYNC;
		p->partner.state |= LACP_ST_TIMEOUT;
		p->current_while = now + LACP_SHORT_TIMEOUT_MS;
		p->actor.state |= LACP_ST_EXPIRED;
		break;
	case LACP_RX_DEFAULTED:
		lacp_update_selected(p, &lacp_partner_admin);
		lacp_record_default(p);
		p->actor.state &= ~LACP_ST_EXPIRED;
		p->current_while = LACP_NEVER;
		break;
	}
}

/* Receive machine: the current_while transitions. Return: changed */
static bool lacp_rx_run(struct lacp_port *p, u64 now)
{
	if (!lacp_due(p->current_while, now))
		return false;
	if (p->rx_state == LACP_RX_CURRENT) {
		p->stats.rx_expired++;
		lacp_rx_enter(p, LACP_RX_EXPIRED, now);
		return true;
	}
	if (p->rx_state == LACP_RX_EXPIRED) {
		p->stats.rx_defaulted++;
		lacp_rx_enter(p, LACP_RX_DEFAULTED, now);
		return true;
	}
	p->current_while = LACP_NEVER;
	return false;
}

/* Periodic Transmission machine. Return: changed */
static bool lacp_ptx_run(struct lacp_port *p, u64 now)
{
	bool fast = p->partner.state & LACP_ST_TIMEOUT;
	u8 old = p->ptx_state;

	if (!p->port_enabled ||
	    !((p->actor.state | p->partner.state) & LACP_ST_ACTIVITY)) {
		p->ptx_state = LACP_PTX_NO_PERIODIC;
		p->periodic_at = LACP_NEVER;
		return old != p->ptx_state;
	}
	switch (p->ptx_state) {
	case LACP_PTX_NO_PERIODIC:
		p->ptx_state = LACP_PTX_FAST_PERIODIC;
		p->periodic_at = now + LACP_FAST_PERIODIC_MS;
		break;
	case LACP_PTX_FAST_PERIODIC:
		if (lacp_due(p->periodic_at, now))
			goto periodic_tx;
		if (!fast) {
			p->ptx_state = LACP_PTX_SLOW_PERIODIC;
			p->periodic_at = now + LACP_SLOW_PERIODIC_MS;
		}
		break;
	case LACP_PTX_SLOW_PERIODIC:
		if (fast || lacp_due(p->periodic_at, now))
			goto periodic_tx;
		break;
	}
	return old != p->ptx_state;

periodic_tx:
	/* PERIODIC_TX, then on to the rate the partner asks for */
	p->ntt = true;
	p->ptx_state = fast ? LACP_PTX_FAST_PERIODIC : LACP_PTX_SLOW_PERIODIC;
	p->periodic_at = now + (fast ? LACP_FAST_PERIODIC_MS :
				LACP_SLOW_PERIODIC_MS);
	return true;
}

/* Entry actions of the Mux machine states, coupled control */
static void lacp_mux_enter(struct lacp_port *p, u8 state, u64 now)
{
	p->mux_state = state;
	p->stats.mux_changes++;
	p->wait_while = LACP_NEVER;
	switch (state) {
	case LACP_MUX_DETACHED:
		p->actor.state &= ~(LACP_ST_SYNC | LACP_ST_COLLECTING |
				    LACP_ST_DISTRIBUTING);
		p->ntt = true;
		break;
	case LACP_MUX_WAITING:
		p->wait_while = now + LACP_AGGREGATE_WAIT_MS;
		break;
	case LACP_MUX_ATTACHED:
		p->actor.state |= LACP_ST_SYNC;
		p->actor.state &= ~(LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING);
		p->ntt = true;
		break;
	case LACP_MUX_COLL_DIST:
		p->actor.state |= LACP_ST_SYNC | LACP_ST_COLLECTING |
				  LACP_ST_DISTRIBUTING;
		p->ntt = true;
		break;
	}
}

/*
 * Mux machine, one transition.  Ready is per port: its own wait_while
 * has run out (see Documentation/lacp-core.rst); a STANDBY port stays
 * Ready in WAITING, so it attaches at once when it is SELECTED.
 * Return: changed
 */
static bool lacp_mux_run(struct lacp_port *p, u64 now)
{
	bool partner_sync = p->partner.state & LACP_ST_SYNC;
	u8 sel = p->selected;

	switch (p->mux_state) {
	case LACP_MUX_DETACHED:
		if (sel == LACP_SELECTED || sel == LACP_STANDBY) {
			lacp_mux_enter(p, LACP_MUX_WAITING, now);
			return true;
		}
		break;
	case LACP_MUX_WAITING:
		if (sel == LACP_UNSELECTED) {
			lacp_mux_enter(p, LACP_MUX_DETACHED, now);
			return true;
		}
		/* Ready: wait_while has run out (LACP_NEVER from then on) */
		if (lacp_due(p->wait_while, now))
			p->wait_while = LACP_NEVER;
		if (sel == LACP_SELECTED && p->wait_while == LACP_NEVER) {
			lacp_mux_enter(p, LACP_MUX_ATTACHED, now);
			return true;
		}
		break;
	case LACP_MUX_ATTACHED:
		if (sel != LACP_SELECTED) {
			lacp_mux_enter(p, LACP_MUX_DETACHED, now);
			return true;
		}
		if (partner_sync) {
			lacp_mux_enter(p, LACP_MUX_COLL_DIST, now);
			return true;
		}
		break;
	case LACP_MUX_COLL_DIST:
		if (sel != LACP_SELECTED || !partner_sync) {
			lacp_mux_enter(p, LACP_MUX_ATTACHED, now);
			return true;
		}
		break;
	}
	return false;
}

/* Bring every machine of @p up to @now */
static void lacp_run(struct lacp_port *p, u64 now)
{
	bool changed, coll_dist;
	int guard;

	for (guard = 0; guard < 16; guard++) {
		changed = lacp_rx_run(p, now);
		changed |= lacp_ptx_run(p, now);
		changed |= lacp_mux_run(p, now);
		if (!changed)
			break;
	}
	/* 6.4.16: no periodic transmission, no LACPDUs and no NTT */
	if (p->ptx_state == LACP_PTX_NO_PERIODIC) {
		p->ntt = false;
		p->tx_held = false;
	}
	coll_dist = p->mux_state == LACP_MUX_COLL_DIST;
	if (p->coll_dist != coll_dist) {
		p->coll_dist = coll_dist;
		p->stats.coll_dist_changes++;
	}
}

/* The caller's clock never goes back, but a late caller must not hurt */
static u64 lacp_now(struct lacp_port *p, u64 now)
{
	if (now < p->now_ms)
		return p->now_ms;
	p->now_ms = now;
	return now;
}

static u8 lacp_mode_bits(bool active, bool fast)
{
	return (active ? LACP_ST_ACTIVITY : 0) | (fast ? LACP_ST_TIMEOUT : 0);
}

/**
 * lacp_port_init() - initialise a port (BEGIN)
 * @p: port, any contents
 * @actor: this port's identity: system priority and address, key, port
 *	priority and number.  @actor->state is ignored.
 * @active: LACP_Activity: transmit even towards a passive partner
 * @fast: ask the partner for fast periodic transmission (short timeout)
 * @now_ms: current time
 *
 * The port starts with carrier down (Receive machine PORT_DISABLED, Mux
 * DETACHED, no periodic transmission) and the administrative partner
 * (nobody); it is aggregatable.  Call lacp_port_set_enabled() next.
 */
void lacp_port_init(struct lacp_port *p, const struct lacp_info *actor,
		    bool active, bool fast, u64 now_ms)
{
	unsigned int i;

	*p = (struct lacp_port){ 0 };
	p->actor = *actor;
	p->actor.state = LACP_ST_AGGREGATION | lacp_mode_bits(active, fast);
	p->now_ms = now_ms;
	p->current_while = LACP_NEVER;
	p->periodic_at = LACP_NEVER;
	p->wait_while = LACP_NEVER;
	for (i = 0; i < LACP_TX_MAX_PER_FAST; i++)
		p->tx_times[i] = LACP_NEVER;

	/* INITIALIZE, then PORT_DISABLED since port_enabled is false */
	p->rx_state = LACP_RX_INITIALIZE;
	p->selected = LACP_UNSELECTED;
	lacp_record_default(p);
	lacp_rx_enter(p, LACP_RX_PORT_DISABLED, now_ms);
	p->ptx_state = LACP_PTX_NO_PERIODIC;
	p->mux_state = LACP_MUX_DETACHED;
	lacp_run(p, now_ms);
}

/**
 * lacp_port_set_enabled() - carrier of the member changed
 * @p: port
 * @carrier_up: the member's carrier (port_enabled, 6.4.7)
 * @now_ms: current time
 *
 * Up: the Receive machine goes to EXPIRED (partner out of sync, asked to
 * be fast, current_while short) and an LACPDU is due at once.  Down:
 * PORT_DISABLED, the port is unselected, the Mux detaches and nothing is
 * sent.  The partner information survives a carrier flap, so a partner
 * that answers within the short timeout keeps the port selected.
 */
void lacp_port_set_enabled(struct lacp_port *p, bool carrier_up, u64 now_ms)
{
	u64 now = lacp_now(p, now_ms);

	lacp_run(p, now);
	if (carrier_up == p->port_enabled)
		return;
	p->port_enabled = carrier_up;
	if (carrier_up) {
		lacp_rx_enter(p, LACP_RX_EXPIRED, now);
		p->ntt = true;
	} else {
		p->actor.state &= ~LACP_ST_EXPIRED;
		lacp_rx_enter(p, LACP_RX_PORT_DISABLED, now);
		p->selected = LACP_UNSELECTED;
	}
	lacp_run(p, now);
}

/**
 * lacp_port_set_mode() - change LACP_Activity and LACP_Timeout
 * @p: port
 * @active: LACP_Activity
 * @fast: short timeout: ask the partner for one LACPDU a second
 * @now_ms: current time
 *
 * A change is sent to the partner at once (NTT).  In CURRENT,
 * current_while is extended to the new timeout if that is longer; it is
 * never shortened (the partner's next LACPDU restarts it).
 */
void lacp_port_set_mode(struct lacp_port *p, bool active, bool fast,
			u64 now_ms)
{
	u64 now = lacp_now(p, now_ms);
	u8 bits = lacp_mode_bits(active, fast);

	lacp_run(p, now);
	if ((p->actor.state & (LACP_ST_ACTIVITY | LACP_ST_TIMEOUT)) == bits)
		return;
	p->actor.state &= ~(LACP_ST_ACTIVITY | LACP_ST_TIMEOUT);
	p->actor.state |= bits;
	p->ntt = true;
	/*
	 * From short to long timeout the partner slows down to one LACPDU
	 * in 30 s as soon as it hears of it: a current_while of 3 s still
	 * running would expire in between.
	 */
	if (p->rx_state == LACP_RX_CURRENT)
		p->current_while = lacp_max(p->current_while,
					    lacp_current_while(p, now));
	lacp_run(p, now);
}

/**
 * lacp_port_rx() - an LACPDU arrived on the port
 * @p: port
 * @pdu: decoded by lacp_pdu_parse(), which returned LACP_PDU_OK
 * @now_ms: current time
 *
 * Receive machine CURRENT: update_Selected, update_NTT, recordPDU, and
 * current_while restarted with our own timeout (short: 3 s, long: 90 s).
 * Ignored (but counted) while the port's carrier is down.
 */
void lacp_port_rx(struct lacp_port *p, const struct lacp_pdu *pdu,
		  u64 now_ms)
{
	u64 now = lacp_now(p, now_ms);

	p->stats.rx_pdus++;
	lacp_run(p, now);
	if (!p->port_enabled)
		return;
	lacp_update_selected(p, &pdu->actor);
	lacp_update_ntt(p, pdu);
	lacp_record_pdu(p, pdu);
	p->rx_state = LACP_RX_CURRENT;
	p->current_while = lacp_current_while(p, now);
	p->actor.state &= ~LACP_ST_EXPIRED;
	lacp_run(p, now);
}

/**
 * lacp_port_rx_err() - count a frame lacp_pdu_parse() refused
 * @p: port it arrived on
 * @err: the verdict
 *
 * The frame has no other effect (6.4.2.3: invalid LACPDUs are ignored).
 */
void lacp_port_rx_err(struct lacp_port *p, enum lacp_pdu_err err)
{
	if (err > LACP_PDU_OK && err < LACP_PDU_ERR_MAX)
		p->stats.rx_err[err]++;
}

/**
 * lacp_port_tick() - run the timers due at @now_ms
 * @p: port
 * @now_ms: current time
 *
 * Also applies a Selected value lacp_select() changed.  Harmless when
 * nothing is due.
 */
void lacp_port_tick(struct lacp_port *p, u64 now_ms)
{
	lacp_run(p, lacp_now(p, now_ms));
}

/* When the rate limit lets the next LACPDU out */
static u64 lacp_tx_free_at(const struct lacp_port *p)
{
	u64 oldest = p->tx_times[p->tx_next];

	return oldest == LACP_NEVER ? 0 : oldest + LACP_FAST_PERIODIC_MS;
}

static u64 lacp_min(u64 a, u64 b)
{
	return a < b ? a : b;
}

/**
 * lacp_port_next_ms() - when lacp_port_tick() must run next
 * @p: port
 *
 * Return: the earliest deadline of current_while, periodic_timer,
 * wait_while and a held-back transmission, or LACP_NEVER.  A time not
 * after the last call means "now".
 */
u64 lacp_port_next_ms(const struct lacp_port *p)
{
	u64 t = lacp_min(p->current_while, p->periodic_at);

	t = lacp_min(t, p->wait_while);
	if (p->ntt && p->ptx_state != LACP_PTX_NO_PERIODIC)
		t = lacp_min(t, lacp_tx_free_at(p));
	return t;
}

/**
 * lacp_port_tx() - Transmit machine: is an LACPDU due?
 * @p: port
 * @now_ms: current time
 * @out: filled with the LACPDU to send when true is returned
 *
 * Sends when NTT is set and periodic transmission is on, at most
 * LACP_TX_MAX_PER_FAST LACPDUs in any LACP_FAST_PERIODIC_MS; a held-back
 * NTT shows in lacp_port_next_ms().  Encode @out with lacp_pdu_build().
 *
 * Return: true if @out must be sent now.
 */
bool lacp_port_tx(struct lacp_port *p, u64 now_ms, struct lacp_pdu *out)
{
	u64 now = lacp_now(p, now_ms);

	lacp_run(p, now);
	if (!p->ntt)
		return false;
	if (now < lacp_tx_free_at(p)) {
		if (!p->tx_held)
			p->stats.tx_limited++;
		p->tx_held = true;
		return false;
	}
	*out = (struct lacp_pdu){
		.version = LACP_VERSION,
		.actor = p->actor,
		.partner = p->partner,
		.collector_max_delay = p->collector_max_delay,
	};
	p->tx_times[p->tx_next] = now;
	p->tx_next = (p->tx_next + 1) % LACP_TX_MAX_PER_FAST;
	p->ntt = false;
	p->tx_held = false;
	p->stats.tx_pdus++;
	return true;
}

/**
 * lacp_port_coll_dist() - may the member carry traffic?
 * @p: port
 *
 * Return: true in the Mux state COLLECTING_DISTRIBUTING.
 */
bool lacp_port_coll_dist(const struct lacp_port *p)
{
	return p->mux_state == LACP_MUX_COLL_DIST;
}

/**
 * lacp_port_distributing() - may the member carry our traffic now?
 * @p: port
 *
 * Coupled control (6.4.15) enters COLLECTING_DISTRIBUTING on the
 * partner's Synchronization, but a partner in sync is not yet collecting
 * when its own Mux runs on a tick (Linux bonding's runs every 100 ms):
 * frames sent to it meanwhile are dropped at its end. So traffic waits
 * for the partner's Collecting bit too, as the DISTRIBUTING state of
 * independent control does.  Our own state bits are not affected: the
 * partner sees Collecting and Distributing set as coupled control has
 * them.
 *
 * Return: true in COLLECTING_DISTRIBUTING with the partner collecting.
 */
bool lacp_port_distributing(const struct lacp_port *p)
{
	return p->mux_state == LACP_MUX_COLL_DIST &&
	       (p->partner.state & LACP_ST_COLLECTING);
}

/*
 * A port that can be selected: carrier up, and a partner heard from
 * (CURRENT, or EXPIRED with the partner's information still recorded;
 * EXPIRED straight after carrier up has only the defaults).
 */
static bool lacp_sel_eligible(const struct lacp_port *p)
{
	return p->port_enabled && !(p->actor.state & LACP_ST_DEFAULTED) &&
	       (p->rx_state == LACP_RX_CURRENT ||
		p->rx_state == LACP_RX_EXPIRED);
}

static bool lacp_sel_aggregatable(const struct lacp_port *p)
{
	return p->actor.state & p->partner.state & LACP_ST_AGGREGATION;
}

/* Both ports can share one aggregator (6.4.14.1 b) */
static bool lacp_sel_same(const struct lacp_port *a,
			  const struct lacp_port *b)
{
	if (a == b)
		return true;
	if (!lacp_sel_aggregatable(a) || !lacp_sel_aggregatable(b))
		return false;
	return a->actor.key == b->actor.key &&
	       a->partner.key == b->partner.key &&
	       a->partner.sys_prio == b->partner.sys_prio &&
	       lacp_sys_eq(a->partner.sys, b->partner.sys);
}

static u32 lacp_port_id(const struct lacp_port *p)
{
	return (u32)p->actor.port_prio << 16 | p->actor.port;
}

struct lacp_sel_group {
	unsigned int count;	/* eligible ports */
	bool holds;		/* some port is attached to the aggregator */
	u32 best_id;		/* lowest Port Identifier in the group */
};

static void lacp_sel_group(struct lacp_port *const ports[], unsigned int n,
			   unsigned int i, struct lacp_sel_group *g)
{
	unsigned int j;

	*g = (struct lacp_sel_group){ .best_id = ~0U };
	for (j = 0; j < n; j++) {
		const struct lacp_port *q = ports[j];

		if (!lacp_sel_eligible(q) || !lacp_sel_same(ports[i], q))
			continue;
		g->count++;
		if (q->selected == LACP_SELECTED &&
		    q->mux_state >= LACP_MUX_ATTACHED)
			g->holds = true;
		if (lacp_port_id(q) < g->best_id)
			g->best_id = lacp_port_id(q);
	}
}

/* @a beats @b */
static bool lacp_sel_better(const struct lacp_sel_group *a,
			    const struct lacp_sel_group *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->holds != b->holds)
		return a->holds;
	return a->best_id < b->best_id;
}

/**
 * lacp_select() - Selection Logic for the LAG's one aggregator
 * @ports: the LAG's ports
 * @n: number of ports, at most LACP_MAX_PORTS (the rest are ignored)
 *
 * Ports with carrier and a partner (Receive machine CURRENT or EXPIRED)
 * form groups that may share an aggregator: same actor key and same
 * partner system priority, system and key, both sides aggregatable; an
 * individual port is a group of its own.  The group with the most ports
 * wins; on a tie the group already attached to the aggregator stays, then
 * the group holding the lowest Port Identifier (priority, number) wins.
 * Its ports become SELECTED, other eligible ports STANDBY, the rest
 * UNSELECTED.  Nothing else changes: the Mux machines act on the new
 * values at the next call on each port.
 *
 * Return: bitmask of the ports (bit i: @ports[i]) whose Selected value
 * changed; the caller runs lacp_port_tick() on them.
 */
unsigned int lacp_select(struct lacp_port *const ports[], unsigned int n)
{
	struct lacp_sel_group best = { 0 }, g;
	unsigned int i, win, changed = 0;

	if (n > LACP_MAX_PORTS)
		n = LACP_MAX_PORTS;
	win = n;
	for (i = 0; i < n; i++) {
		if (!lacp_sel_eligible(ports[i]))
			continue;
		lacp_sel_group(ports, n, i, &g);
		if (win == n || lacp_sel_better(&g, &best)) {
			best = g;
			win = i;
		}
	}
	for (i = 0; i < n; i++) {
		struct lacp_port *p = ports[i];
		u8 sel;

		if (!lacp_sel_eligible(p))
			sel = LACP_UNSELECTED;
		else if (lacp_sel_same(p, ports[win]))
			sel = LACP_SELECTED;
		else
			sel = LACP_STANDBY;
		if (sel != p->selected) {
			p->selected = sel;
			changed |= 1U << i;
		}
	}
	return changed;
}

/**
 * lacp_marker_respond() - Marker Responder (6.5.4.2)
 * @buf: Slow Protocols payload, from the subtype octet on
 * @len: bytes available at @buf (padding included)
 *
 * If @buf holds a Marker Information PDU (subtype 2, a Marker Information
 * TLV of length 16), turns it into the Marker Response PDU in place: the
 * TLV type becomes Marker Response, everything else is sent back as
 * received (requester port, system and transaction).  The aggregator
 * has nothing in flight to flush, so the answer may go out at once.
 *
 * Return: true if the first LACP_MARKER_LEN bytes of @buf are now the
 * response to send (from the port the request came in on).
 */
bool lacp_marker_respond(u8 *buf, unsigned int len)
{
	if (len < LACP_MARKER_LEN || buf[OFF_SUBTYPE] != LACP_SUBTYPE_MARKER ||
	    !buf[OFF_VERSION] || buf[2] != LACP_TLV_MARKER_INFO ||
	    buf[3] != LACP_TLV_MARKER_LEN)
		return false;
	buf[2] = LACP_TLV_MARKER_RESP;
	return true;
}
