// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the LACP protocol core: arbitrary bytes go into
 * lacp_marker_respond(), lacp_pdu_parse() and, when they parse as an
 * LACPDU, into the Receive machine of system A's ports, interleaved with
 * timers (on time and late), carrier flaps, mode changes, a lossy or
 * corrupting peer, and traffic from a well-behaved peer B.  Both systems
 * are driven as the kernel glue drives them (event, lacp_select(),
 * lacp_port_tick() on the changed ports, lacp_port_tx() until it says
 * no) and the invariants of the machines are checked after every step.
 * Input format: fuzz_common.h.
 */
#include <stdlib.h>
#include <string.h>

#include "lacp_proto.h"
#include "fuzz_common.h"

#define CHECK(x)	do { if (!(x)) __builtin_trap(); } while (0)

#define SYNC_COLL_DIST	(LACP_ST_SYNC | LACP_ST_COLLECTING | \
			 LACP_ST_DISTRIBUTING)

struct fport {
	struct lacp_port p;
	int link_up;
	int mute;
	u64 tx_at[LACP_TX_MAX_PER_FAST + 1];	/* last sends, newest first */
};

struct world {
	u64 now;
	int depth;
	struct fport port[2][FUZZ_PORTS];
};

static void after(struct world *w, int s);

static int info_eq(const struct lacp_info *a, const struct lacp_info *b)
{
	return a->sys_prio == b->sys_prio && !memcmp(a->sys, b->sys, 6) &&
	       a->key == b->key && a->port_prio == b->port_prio &&
	       a->port == b->port && a->state == b->state;
}

static void check_port(const struct world *w, const struct lacp_port *p)
{
	u8 st = p->actor.state;

	CHECK(p->rx_state < LACP_RX_STATE_MAX &&
	      p->rx_state != LACP_RX_INITIALIZE);
	CHECK(p->ptx_state < LACP_PTX_STATE_MAX);
	CHECK(p->mux_state < LACP_MUX_STATE_MAX);
	CHECK(p->selected <= LACP_STANDBY);
	CHECK(st & LACP_ST_AGGREGATION);
	CHECK(p->coll_dist == lacp_port_coll_dist(p));

	switch (p->mux_state) {
	case LACP_MUX_DETACHED:
	case LACP_MUX_WAITING:
		CHECK(!(st & SYNC_COLL_DIST));
		break;
	case LACP_MUX_ATTACHED:
		CHECK((st & SYNC_COLL_DIST) == LACP_ST_SYNC);
		CHECK(p->selected == LACP_SELECTED);
		break;
	case LACP_MUX_COLL_DIST:
		CHECK((st & SYNC_COLL_DIST) == SYNC_COLL_DIST);
		CHECK(p->selected == LACP_SELECTED);
		CHECK(p->partner.state & LACP_ST_SYNC);
		CHECK(p->port_enabled);
		break;
	}
	if (p->mux_state != LACP_MUX_WAITING)
		CHECK(p->wait_while == LACP_NEVER);

	switch (p->rx_state) {
	case LACP_RX_PORT_DISABLED:
		CHECK(!p->port_enabled);
		CHECK(p->current_while == LACP_NEVER);
		break;
	case LACP_RX_EXPIRED:
		CHECK(p->port_enabled && (st & LACP_ST_EXPIRED));
		CHECK(p->current_while != LACP_NEVER);
		CHECK(!(p->partner.state & LACP_ST_SYNC));
		break;
	case LACP_RX_DEFAULTED:
		CHECK(p->port_enabled && (st & LACP_ST_DEFAULTED));
		CHECK(!(st & LACP_ST_EXPIRED));
		CHECK(p->current_while == LACP_NEVER);
		break;
	case LACP_RX_CURRENT:
		CHECK(p->port_enabled);
		CHECK(!(st & (LACP_ST_EXPIRED | LACP_ST_DEFAULTED)));
		CHECK(p->current_while != LACP_NEVER &&
		      p->current_while > w->now);
		break;
	}
	if (!p->port_enabled) {
		CHECK(p->ptx_state == LACP_PTX_NO_PERIODIC);
		CHECK(p->mux_state == LACP_MUX_DETACHED);
		CHECK(p->selected == LACP_UNSELECTED);
	}
	if (p->ptx_state == LACP_PTX_NO_PERIODIC) {
		CHECK(!p->ntt && p->periodic_at == LACP_NEVER);
		CHECK(!((st | p->partner.state) & LACP_ST_ACTIVITY) ||
		      !p->port_enabled);
	} else {
		CHECK(p->periodic_at != LACP_NEVER);
	}
	/* whatever was due has been done */
	CHECK(lacp_port_next_ms(p) > w->now);
}

/* One aggregator: every SELECTED port of a side may share it */
static void check_side(struct world *w, int s)
{
	const struct lacp_port *first = NULL;
	int i;

	for (i = 0; i < FUZZ_PORTS; i++) {
		const struct lacp_port *p = &w->port[s][i].p;

		check_port(w, p);
		if (p->selected == LACP_UNSELECTED)
			continue;
		CHECK(p->port_enabled && !(p->actor.state & LACP_ST_DEFAULTED));
		if (p->selected != LACP_SELECTED)
			continue;
		if (!first) {
			first = p;
			continue;
		}
		CHECK(first->actor.state & first->partner.state &
		      p->actor.state & p->partner.state & LACP_ST_AGGREGATION);
		CHECK(first->actor.key == p->actor.key &&
		      first->partner.key == p->partner.key &&
		      first->partner.sys_prio == p->partner.sys_prio &&
		      !memcmp(first->partner.sys, p->partner.sys, 6));
	}
}

/* Parse @len bytes (an exact heap copy) and hand them to side s, port i */
static void deliver(struct world *w, int s, int i, const u8 *buf,
		    unsigned int len)
{
	struct lacp_port *p = &w->port[s][i].p;
	struct lacp_port before = *p;
	u8 *copy = malloc(len ? len : 1);
	struct lacp_pdu pdu, again;
	enum lacp_pdu_err e;
	u8 re[LACP_PDU_LEN];

	memcpy(copy, buf, len);
	/* a Marker Information PDU is answered by flipping one octet */
	if (lacp_marker_respond(copy, len)) {
		CHECK(copy[0] == LACP_SUBTYPE_MARKER &&
		      buf[2] == LACP_TLV_MARKER_INFO &&
		      copy[2] == LACP_TLV_MARKER_RESP &&
		      !memcmp(copy + 3, buf + 3, len - 3));
		CHECK(!lacp_marker_respond(copy, len));
		memcpy(copy, buf, len);
	} else {
		CHECK(!memcmp(copy, buf, len));
	}
	e = lacp_pdu_parse(copy, len, &pdu);
	free(copy);
	CHECK((unsigned int)e < LACP_PDU_ERR_MAX);
	if (e != LACP_PDU_OK) {
		lacp_port_rx_err(p, e);
		CHECK(p->stats.rx_err[e] == before.stats.rx_err[e] + 1);
		/* an invalid frame leaves no other trace */
		before.stats = p->stats;
		CHECK(!memcmp(&before, p, sizeof(before)));
		return;
	}
	CHECK(pdu.version >= 1 && len >= LACP_PDU_LEN);
	lacp_pdu_build(re, &pdu);
	CHECK(lacp_pdu_parse(re, sizeof(re), &again) == LACP_PDU_OK);
	CHECK(again.version == pdu.version &&
	      info_eq(&again.actor, &pdu.actor) &&
	      info_eq(&again.partner, &pdu.partner) &&
	      again.collector_max_delay == pdu.collector_max_delay);
	lacp_port_rx(p, &pdu, w->now);
	CHECK(p->stats.rx_pdus == before.stats.rx_pdus + 1);
	after(w, s);
}

static void send_all(struct world *w, int s, int i)
{
	struct fport *fp = &w->port[s][i];
	u8 buf[LACP_PDU_LEN];
	struct lacp_pdu pdu;
	int k;

	while (lacp_port_tx(&fp->p, w->now, &pdu)) {
		CHECK(fp->p.port_enabled);
		/* the rate limit: 3 in any second, the 4th a second later */
		for (k = LACP_TX_MAX_PER_FAST; k > 0; k--)
			fp->tx_at[k] = fp->tx_at[k - 1];
		fp->tx_at[0] = w->now;
		CHECK(fp->tx_at[LACP_TX_MAX_PER_FAST] == LACP_NEVER ||
		      fp->tx_at[LACP_TX_MAX_PER_FAST] + LACP_FAST_PERIODIC_MS <=
		      w->now);
		CHECK(pdu.version == LACP_VERSION);
		CHECK(info_eq(&pdu.actor, &fp->p.actor));
		CHECK(info_eq(&pdu.partner, &fp->p.partner));
		lacp_pdu_build(buf, &pdu);
		if (fp->link_up && !fp->mute)
			deliver(w, !s, i, buf, sizeof(buf));
	}
}

/* What the glue does after any event on side @s */
static void after(struct world *w, int s)
{
	struct lacp_port *ports[FUZZ_PORTS];
	unsigned int changed;
	int i;

	/* a conversation must settle: each hop changes something */
	CHECK(++w->depth < 64);
	for (i = 0; i < FUZZ_PORTS; i++)
		ports[i] = &w->port[s][i].p;
	changed = lacp_select(ports, FUZZ_PORTS);
	CHECK(!(changed >> FUZZ_PORTS));
	for (i = 0; i < FUZZ_PORTS; i++)
		if (changed & (1U << i))
			lacp_port_tick(ports[i], w->now);
	CHECK(lacp_select(ports, FUZZ_PORTS) == 0);
	for (i = 0; i < FUZZ_PORTS; i++)
		send_all(w, s, i);
	check_side(w, s);
	w->depth--;
}

static u64 next_event(struct world *w)
{
	u64 t = LACP_NEVER, n;
	int s, i;

	for (s = 0; s < 2; s++)
		for (i = 0; i < FUZZ_PORTS; i++) {
			n = lacp_port_next_ms(&w->port[s][i].p);
			if (n < t)
				t = n;
		}
	return t;
}

static void run_timers(struct world *w, u64 t)
{
	int s, i;

	w->now = t;
	for (s = 0; s < 2; s++) {
		for (i = 0; i < FUZZ_PORTS; i++)
			if (lacp_port_next_ms(&w->port[s][i].p) <= t)
				lacp_port_tick(&w->port[s][i].p, t);
		after(w, s);
	}
	check_side(w, 0);
	check_side(w, 1);
}

static void run_until(struct world *w, u64 until)
{
	u64 t;

	while ((t = next_event(w)) <= until) {
		CHECK(t > w->now);
		run_timers(w, t);
	}
	w->now = until;
}

static void setup(struct world *w, u8 conf)
{
	int s, i, k;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	for (s = 0; s < 2; s++)
		for (i = 0; i < FUZZ_PORTS; i++) {
			struct lacp_info a = {
				.sys_prio = 0x8000, .sys = { 2, 0, 0, 0, 0, s },
				.key = 10, .port_prio = 0x80, .port = i + 1,
			};
			int sh = s ? 2 : 0;

			if (s && i == 1 && (conf & 16))
				a.key = 11;
			lacp_port_init(&w->port[s][i].p, &a, conf >> sh & 1,
				       conf >> (sh + 1) & 1, w->now);
			for (k = 0; k <= LACP_TX_MAX_PER_FAST; k++)
				w->port[s][i].tx_at[k] = LACP_NEVER;
		}
}

static void link(struct world *w, int i, int up)
{
	int s;

	for (s = 0; s < 2; s++) {
		w->port[s][i].link_up = up;
		lacp_port_set_enabled(&w->port[s][i].p, up, w->now);
	}
	after(w, 0);
	after(w, 1);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const u8 *end = data + size;
	static struct world w;
	int s, i;

	if (!size)
		return 0;
	setup(&w, *data++);
	for (i = 0; i < FUZZ_PORTS; i++)
		link(&w, i, 1);
	while (data < end) {
		u8 op = *data++ % OP_MAX;

		switch (op) {
		case OP_RX: {
			u8 port, len;

			if (end - data < 2)
				return 0;
			port = *data++ % FUZZ_PORTS;
			len = *data++;
			if (len > end - data)
				len = end - data;
			deliver(&w, 0, port, data, len);
			data += len;
			break;
		}
		case OP_TIME:
		case OP_LATE: {
			u64 dt;

			if (end - data < 2)
				return 0;
			dt = (u64)data[0] << 8 | data[1];
			data += 2;
			if (op == OP_TIME) {
				run_until(&w, w.now + dt);
				break;
			}
			/* late timers: everything due runs at once */
			run_timers(&w, w.now + dt);
			break;
		}
		case OP_LINK:
			if (end - data < 2)
				return 0;
			link(&w, data[0] % FUZZ_PORTS, data[1] & 1);
			data += 2;
			break;
		case OP_MODE:
			if (end - data < 2)
				return 0;
			lacp_port_set_mode(&w.port[0][data[0] % FUZZ_PORTS].p,
					   data[1] & 1, data[1] & 2, w.now);
			after(&w, 0);
			data += 2;
			break;
		case OP_MUTE:
			if (end - data < 2)
				return 0;
			w.port[1][data[0] % FUZZ_PORTS].mute = data[1] & 1;
			data += 2;
			break;
		case OP_MUT: {
			struct lacp_port *b;
			struct lacp_pdu pdu;
			u8 buf[LACP_PDU_LEN];

			if (end - data < 3)
				return 0;
			i = data[0] % FUZZ_PORTS;
			b = &w.port[1][i].p;
			pdu = (struct lacp_pdu){
				.version = LACP_VERSION,
				.actor = b->actor, .partner = b->partner,
			};
			lacp_pdu_build(buf, &pdu);
			buf[data[1] % LACP_PDU_LEN] ^= data[2];
			if (w.port[1][i].link_up)
				deliver(&w, 0, i, buf, sizeof(buf));
			data += 3;
			break;
		}
		}
		for (s = 0; s < 2; s++)
			check_side(&w, s);
	}
	return 0;
}
