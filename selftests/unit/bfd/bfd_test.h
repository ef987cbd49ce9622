/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the BFD core unit tests: TAP output, a deterministic PRNG and
 * a discrete-event simulator that runs two sessions against each other
 * over a virtual wire, acting on struct bfd_actions exactly as the kernel
 * glue does (TX timer, detection timer, Final replies).
 */
#ifndef BFD_TEST_H
#define BFD_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bfd_proto.h"
#include "../tap.h"

/* xorshift64*: deterministic, so every failure reproduces */
static unsigned long long prng_state = 0x9e3779b97f4a7c15ULL;

static inline u32 prng(void)
{
	prng_state ^= prng_state >> 12;
	prng_state ^= prng_state << 25;
	prng_state ^= prng_state >> 27;
	return (u32)((prng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

static inline void prng_bytes(u8 *p, size_t n)
{
	while (n--)
		*p++ = (u8)prng();
}

/* ---- two-session simulator ---- */

#define SIM_NEVER	(~0ULL)
#define SIM_LOG		64

struct sim_peer {
	const char *name;
	struct bfd_session s;
	unsigned long long tx_at;	/* virtual us, SIM_NEVER if disarmed */
	unsigned long long det_at;
	unsigned long long echo_at;	/* next Echo packet */
	unsigned long long echo_det_at;	/* Echo detection */
	int link_up;			/* packets from this peer arrive */
	int fwd_up;			/* it loops the other's Echo packets */
	int n_echo_sent, n_echo_back;
	/* what happened, for the assertions */
	int n_state, n_carrier_down, n_carrier_up, n_poll_done;
	int n_sent, n_final, n_rx_ok, n_rx_drop;
	int last_drop;
	u8 states[SIM_LOG];		/* new_state of each change */
	u8 diags[SIM_LOG];
	unsigned long long state_at[SIM_LOG];
};

struct sim {
	unsigned long long now;
	struct sim_peer p[2];
};

static inline void sim_apply(struct sim *w, int i, const struct bfd_actions *a);

static inline void sim_deliver(struct sim *w, int from, const u8 *buf, u32 len)
{
	struct sim_peer *dst = &w->p[!from];
	struct bfd_actions a;
	enum bfd_rx_reason r;
	struct bfd_pkt pkt;

	if (!w->p[from].link_up)
		return;
	r = bfd_pkt_parse(buf, len, &pkt);
	if (r == BFD_RX_OK)
		r = bfd_session_rx(&dst->s, &pkt, buf, prng(), &a);
	if (r != BFD_RX_OK) {
		dst->n_rx_drop++;
		dst->last_drop = r;
		/* AdminDown discards after recording: timers may still move */
		if (r == BFD_RX_ADMIN_DOWN)
			sim_apply(w, !from, &a);
		return;
	}
	dst->n_rx_ok++;
	sim_apply(w, !from, &a);
}

static inline void sim_send(struct sim *w, int i, u32 flags)
{
	u8 buf[BFD_PKT_MAX];
	u32 len;

	len = bfd_session_build(&w->p[i].s, buf, sizeof(buf), flags);
	if (!len) {
		fprintf(stderr, "build failed\n");
		exit(2);
	}
	if (flags & BFD_BUILD_FINAL)
		w->p[i].n_final++;
	else
		w->p[i].n_sent++;
	sim_deliver(w, i, buf, len);
}

static inline void sim_apply(struct sim *w, int i, const struct bfd_actions *a)
{
	struct sim_peer *p = &w->p[i];

	if (a->flags & BFD_ACT_TX_ARM)
		p->tx_at = w->now + a->tx_us;
	if (a->flags & BFD_ACT_DETECT_ARM)
		p->det_at = w->now + a->detect_us;
	if (a->flags & BFD_ACT_DETECT_STOP)
		p->det_at = SIM_NEVER;
	if (a->flags & BFD_ACT_ECHO) {
		p->echo_at = a->echo_us ? w->now + a->echo_us : SIM_NEVER;
		p->echo_det_at = a->echo_us ? w->now + a->echo_detect_us :
			SIM_NEVER;
	}
	if (a->flags & BFD_ACT_STATE) {
		if (p->n_state < SIM_LOG) {
			p->states[p->n_state] = a->new_state;
			p->diags[p->n_state] = a->diag;
			p->state_at[p->n_state] = w->now;
		}
		p->n_state++;
		if (a->old_state == a->new_state) {
			fprintf(stderr, "state change to the same state\n");
			exit(2);
		}
	}
	if (a->flags & BFD_ACT_CARRIER_DOWN)
		p->n_carrier_down++;
	if (a->flags & BFD_ACT_CARRIER_UP)
		p->n_carrier_up++;
	if (a->flags & BFD_ACT_POLL_DONE)
		p->n_poll_done++;
	/* The glue sends before it looks at anything else */
	if (a->flags & BFD_ACT_SEND_FINAL)
		sim_send(w, i, BFD_BUILD_FINAL);
	if (a->flags & BFD_ACT_SEND)
		sim_send(w, i, 0);
}

static inline void sim_cfg(struct bfd_session_cfg *c, u32 discr, u32 tx,
			   u32 rx, u8 mult)
{
	memset(c, 0, sizeof(*c));
	c->local_discr = discr;
	c->desired_min_tx = tx;
	c->required_min_rx = rx;
	c->detect_mult = mult;
	c->xmit_auth_seq = prng();
}

static inline void sim_init(struct sim *w,
			    const struct bfd_session_cfg *ca,
			    const struct bfd_session_cfg *cb)
{
	const struct bfd_session_cfg *c[2] = { ca, cb };
	struct bfd_actions a;
	int i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < 2; i++) {
		w->p[i].name = i ? "B" : "A";
		w->p[i].tx_at = SIM_NEVER;
		w->p[i].det_at = SIM_NEVER;
		w->p[i].echo_at = SIM_NEVER;
		w->p[i].echo_det_at = SIM_NEVER;
		w->p[i].link_up = 1;
		w->p[i].fwd_up = 1;
		if (bfd_session_init(&w->p[i].s, c[i], prng(), &a) != BFD_CFG_OK) {
			fprintf(stderr, "session init failed\n");
			exit(2);
		}
		sim_apply(w, i, &a);
	}
}

/* Run until virtual time @until (microseconds) */
static inline void sim_run(struct sim *w, unsigned long long until)
{
	struct bfd_actions a;

	for (;;) {
		unsigned long long t = SIM_NEVER;
		int i, which = -1, det = 0;

		/* det: 0 TX, 1 detection, 2 Echo TX, 3 Echo detection */
		for (i = 0; i < 2; i++) {
			if (w->p[i].det_at < t) {
				t = w->p[i].det_at;
				which = i;
				det = 1;
			}
			if (w->p[i].tx_at < t) {
				t = w->p[i].tx_at;
				which = i;
				det = 0;
			}
			if (w->p[i].echo_det_at < t) {
				t = w->p[i].echo_det_at;
				which = i;
				det = 3;
			}
			if (w->p[i].echo_at < t) {
				t = w->p[i].echo_at;
				which = i;
				det = 2;
			}
		}
		if (which < 0 || t > until)
			break;
		w->now = t;
		if (det == 2) {
			struct sim_peer *p = &w->p[which];

			/* Looped at once: what the kernel does on its return */
			p->n_echo_sent++;
			p->echo_at = w->now + bfd_jitter(p->s.echo_interval,
							 p->s.detect_mult, prng());
			if (p->link_up && w->p[!which].link_up &&
			    w->p[!which].fwd_up && p->s.echo_active) {
				p->n_echo_back++;
				p->echo_det_at = w->now +
					bfd_session_echo_detect_time(&p->s);
				bfd_session_echo_rx(&p->s, &a);
				sim_apply(w, which, &a);
			}
			continue;
		}
		if (det == 3) {
			w->p[which].echo_det_at = SIM_NEVER;
			bfd_session_echo_timer(&w->p[which].s, prng(), &a);
		} else if (det) {
			w->p[which].det_at = SIM_NEVER;
			bfd_session_detect_timer(&w->p[which].s, prng(), &a);
		} else {
			w->p[which].tx_at = SIM_NEVER;
			bfd_session_tx_timer(&w->p[which].s, prng(), &a);
		}
		sim_apply(w, which, &a);
	}
	w->now = until;
}

static inline int sim_both_up(const struct sim *w)
{
	return w->p[0].s.state == BFD_STATE_UP &&
	       w->p[1].s.state == BFD_STATE_UP;
}

#endif
