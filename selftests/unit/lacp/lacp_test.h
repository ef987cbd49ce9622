/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the LACP core unit tests: TAP output and a discrete-event
 * simulator of two systems (A and B), each with up to SIM_PORTS ports
 * forming one LAG, joined by point-to-point links.  Every LACPDU goes
 * through the codec (lacp_pdu_build() then lacp_pdu_parse()), and each
 * side drives the core exactly as the kernel glue does: event, then
 * lacp_select() and lacp_port_tick() on the ports it changed, then
 * lacp_port_tx() until it says no, then the timer at lacp_port_next_ms().
 */
#ifndef LACP_TEST_H
#define LACP_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lacp_proto.h"
#include "../tap.h"

static inline void die(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	exit(2);
}

/* ---- two-system simulator ---- */

#define SIM_PORTS	4
#define SIM_TXLOG	256

struct sim_port {
	struct lacp_port p;
	int peer;		/* index of the linked port on the other side */
	int link_up;		/* carrier (both ends) */
	int mute;		/* LACPDUs from this port are lost */
	int tx_n;
	unsigned long long tx_at[SIM_TXLOG];
	u8 tx_state[SIM_TXLOG];	/* actor state sent */
	unsigned long long cd_change_at;	/* last coll/dist flip */
	int cd_changes;
	int cd;
	/* tamper with what this port sends: applied to the decoded PDU */
	void (*tamper)(struct lacp_pdu *pdu);
};

struct sim_side {
	int n;
	struct sim_port port[SIM_PORTS];
};

struct sim {
	unsigned long long now;
	struct sim_side side[2];
	int steps;
};

static inline struct lacp_port *sim_p(struct sim *w, int s, int i)
{
	return &w->side[s].port[i].p;
}

static inline void sim_tx(struct sim *w, int s, int i);

static inline void sim_after(struct sim *w, int s)
{
	struct sim_side *sd = &w->side[s];
	struct lacp_port *ports[SIM_PORTS];
	unsigned int changed;
	int i;

	for (i = 0; i < sd->n; i++)
		ports[i] = &sd->port[i].p;
	changed = lacp_select(ports, sd->n);
	for (i = 0; i < sd->n; i++)
		if (changed & (1U << i))
			lacp_port_tick(ports[i], w->now);
	for (i = 0; i < sd->n; i++) {
		struct sim_port *sp = &sd->port[i];
		int cd = lacp_port_coll_dist(&sp->p);

		if (cd != sp->cd) {
			sp->cd = cd;
			sp->cd_changes++;
			sp->cd_change_at = w->now;
		}
	}
	for (i = 0; i < sd->n; i++)
		sim_tx(w, s, i);
}

/* Deliver raw bytes to port i of side s */
static inline void sim_deliver(struct sim *w, int s, int i, const u8 *buf,
			       unsigned int len)
{
	struct lacp_port *p = sim_p(w, s, i);
	struct lacp_pdu pdu;
	enum lacp_pdu_err e;

	if (++w->steps > 100000)
		die("simulator does not settle");
	e = lacp_pdu_parse(buf, len, &pdu);
	if (e == LACP_PDU_OK)
		lacp_port_rx(p, &pdu, w->now);
	else
		lacp_port_rx_err(p, e);
	sim_after(w, s);
}

static inline void sim_tx(struct sim *w, int s, int i)
{
	struct sim_port *sp = &w->side[s].port[i];
	u8 buf[LACP_PDU_LEN];
	struct lacp_pdu pdu;

	while (lacp_port_tx(&sp->p, w->now, &pdu)) {
		if (sp->tx_n < SIM_TXLOG) {
			sp->tx_at[sp->tx_n] = w->now;
			sp->tx_state[sp->tx_n] = pdu.actor.state;
		}
		sp->tx_n++;
		if (sp->tamper)
			sp->tamper(&pdu);
		lacp_pdu_build(buf, &pdu);
		if (sp->link_up && !sp->mute)
			sim_deliver(w, !s, sp->peer, buf, sizeof(buf));
	}
}

static inline void sim_port_info(struct lacp_info *a, int s, int i)
{
	memset(a, 0, sizeof(*a));
	a->sys_prio = 0x8000;
	a->sys[0] = 0x02;
	a->sys[5] = 0xa0 + s;
	a->key = 10 + s;
	a->port_prio = 0x80;
	a->port = i + 1;
}

/* n ports each side, port i linked to port i, carrier down */
static inline void sim_init(struct sim *w, int n, int a_active, int a_fast,
			    int b_active, int b_fast)
{
	int s, i;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	for (s = 0; s < 2; s++) {
		w->side[s].n = n;
		for (i = 0; i < n; i++) {
			struct lacp_info a;

			sim_port_info(&a, s, i);
			w->side[s].port[i].peer = i;
			lacp_port_init(sim_p(w, s, i), &a,
				       s ? b_active : a_active,
				       s ? b_fast : a_fast, w->now);
		}
	}
}

static inline void sim_link(struct sim *w, int i, int up)
{
	int s;

	for (s = 0; s < 2; s++) {
		struct sim_port *sp = &w->side[s].port[i];

		sp->link_up = up;
		lacp_port_set_enabled(&sp->p, up, w->now);
	}
	/* both ends see carrier at the same time, then act */
	sim_after(w, 0);
	sim_after(w, 1);
}

static inline void sim_all_links(struct sim *w, int up)
{
	int i;

	for (i = 0; i < w->side[0].n; i++)
		sim_link(w, i, up);
}

/* Run timers until virtual time @until (ms) */
static inline void sim_run(struct sim *w, unsigned long long until)
{
	for (;;) {
		unsigned long long t = LACP_NEVER;
		int s, i;

		for (s = 0; s < 2; s++)
			for (i = 0; i < w->side[s].n; i++) {
				u64 n = lacp_port_next_ms(sim_p(w, s, i));

				if (n < t)
					t = n;
			}
		if (t == LACP_NEVER || t > until)
			break;
		if (t < w->now)
			die("a timer is due in the past");
		w->now = t;
		for (s = 0; s < 2; s++) {
			for (i = 0; i < w->side[s].n; i++)
				if (lacp_port_next_ms(sim_p(w, s, i)) <= t)
					lacp_port_tick(sim_p(w, s, i), t);
			sim_after(w, s);
		}
		/* what was due is done: a timer at now would spin */
		for (s = 0; s < 2; s++)
			for (i = 0; i < w->side[s].n; i++)
				if (lacp_port_next_ms(sim_p(w, s, i)) <= t)
					die("a timer stays due after it ran");
		if (++w->steps > 1000000)
			die("simulator runs away");
	}
	w->now = until;
}

static inline int sim_cd(struct sim *w, int s, int i)
{
	return lacp_port_coll_dist(sim_p(w, s, i));
}

static inline int sim_all_cd(struct sim *w)
{
	int s, i;

	for (s = 0; s < 2; s++)
		for (i = 0; i < w->side[s].n; i++)
			if (!sim_cd(w, s, i))
				return 0;
	return 1;
}

/* Most LACPDUs port (s, i) sent in any window of 1000 ms */
static inline int sim_max_per_second(struct sim *w, int s, int i)
{
	struct sim_port *sp = &w->side[s].port[i];
	int a, b, n = sp->tx_n < SIM_TXLOG ? sp->tx_n : SIM_TXLOG, best = 0;

	for (a = 0; a < n; a++) {
		for (b = a; b < n && sp->tx_at[b] < sp->tx_at[a] + 1000; b++)
			;
		if (b - a > best)
			best = b - a;
	}
	return best;
}

#endif
