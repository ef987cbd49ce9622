// SPDX-License-Identifier: GPL-2.0
/*
 * Session state machine, timers and Poll Sequence, driven through the
 * two-session simulator in bfd_test.h (virtual time in microseconds) and,
 * where a precise packet is needed, with hand-made packets.
 */
#include "bfd_test.h"

#define MS	1000ULL
#define SEC	1000000ULL

static struct bfd_actions act;

/* Feed a hand-made packet to @s */
static enum bfd_rx_reason feed(struct bfd_session *s, u8 state, u8 flags,
			       u32 my, u32 your, u32 tx, u32 rx, u8 mult)
{
	struct bfd_pkt p = {
		.version = 1, .state = state, .flags = flags,
		.detect_mult = mult, .length = 24, .my_discr = my,
		.your_discr = your, .desired_min_tx = tx,
		.required_min_rx = rx,
	};
	u8 b[BFD_PKT_MAX];
	enum bfd_rx_reason r;

	bfd_pkt_encode(&p, b, sizeof(b));
	r = bfd_pkt_parse(b, 24, &p);
	if (r == BFD_RX_OK)
		r = bfd_session_rx(s, &p, b, prng(), &act);
	return r;
}

static void test_init(void)
{
	struct bfd_session_cfg c;
	struct bfd_session s;

	sim_cfg(&c, 1, 300000, 200000, 3);
	ok(bfd_session_init(&s, &c, 0xffffffff, &act) == BFD_CFG_OK,
	   "init accepts a valid configuration");
	ok(s.state == BFD_STATE_DOWN && s.remote_state == BFD_STATE_DOWN &&
	   s.local_diag == 0 && s.remote_discr == 0 &&
	   s.remote_min_rx == 1 && s.auth_seq_known == 0,
	   "6.8.1 initial values: Down, remote Down, diag 0, "
	   "RemoteDiscr 0, RemoteMinRxInterval 1");
	ok(s.desired_min_tx == SEC && s.required_min_rx == 200000 &&
	   bfd_session_tx_interval(&s) == SEC,
	   "not Up: DesiredMinTxInterval sent and used is 1 s");
	ok(act.flags == BFD_ACT_TX_ARM && act.tx_us <= SEC &&
	   act.tx_us >= 750 * MS, "init arms the TX timer, jittered (%u us)",
	   act.tx_us);

	c.local_discr = 0;
	ok(bfd_session_init(&s, &c, 0, &act) == BFD_CFG_DISCR,
	   "discriminator 0 refused");
	sim_cfg(&c, 1, 0, 1, 1);
	ok(bfd_session_init(&s, &c, 0, &act) == BFD_CFG_TX,
	   "desired min TX 0 refused");
	sim_cfg(&c, 1, 1, 0, 1);
	ok(bfd_session_init(&s, &c, 0, &act) == BFD_CFG_RX,
	   "required min RX 0 refused");
	sim_cfg(&c, 1, 1, 1, 0);
	ok(bfd_session_init(&s, &c, 0, &act) == BFD_CFG_MULT,
	   "detect mult 0 refused");
}

static void test_jitter(void)
{
	static const u32 iv[] = { 1000, 3333, 10000, 50000, 300000, 1000000,
				  4000000007u, 7, 100 };
	u32 i, k, lo1, hi1, lo3, hi3, mn1, mx1, mn3, mx3, bad = 0;

	for (k = 0; k < ARRAY_SIZE(iv); k++) {
		unsigned long long x = iv[k];

		/* integer bounds: ceil(0.75 x), x, floor(0.9 x) */
		lo3 = (u32)((3 * x + 3) / 4);
		hi3 = (u32)x;
		lo1 = lo3;
		hi1 = (u32)(9 * x / 10);
		mn1 = ~0u;
		mn3 = ~0u;
		mx1 = 0;
		mx3 = 0;
		for (i = 0; i < 200000; i++) {
			u32 r = i < 2 ? (i ? ~0u : 0) : prng();
			u32 j3 = bfd_jitter(iv[k], 3, r);
			u32 j1 = bfd_jitter(iv[k], 1, r);

			if (j3 < lo3 || j3 > hi3 || j1 < lo1 || j1 > hi1)
				bad++;
			mn3 = j3 < mn3 ? j3 : mn3;
			mx3 = j3 > mx3 ? j3 : mx3;
			mn1 = j1 < mn1 ? j1 : mn1;
			mx1 = j1 > mx1 ? j1 : mx1;
		}
		ok(!bad && mn3 == lo3 && mx3 == hi3 && mn1 == lo1 &&
		   mx1 == hi1,
		   "jitter of %u us over 200000 draws: mult 3 in [%u, %u] "
		   "(seen %u..%u), mult 1 in [%u, %u] (seen %u..%u)",
		   iv[k], lo3, hi3, mn3, mx3, lo1, hi1, mn1, mx1);
	}
}

static void test_handshake(void)
{
	struct bfd_session_cfg ca, cb;
	struct sim w;
	int i, b_init = 0;

	sim_cfg(&ca, 0x1001, 300000, 300000, 3);
	sim_cfg(&cb, 0x2002, 300000, 300000, 3);
	sim_init(&w, &ca, &cb);
	sim_run(&w, 5 * SEC);
	ok(sim_both_up(&w), "three-way handshake: both Up after 5 s");
	for (i = 0; i < 2; i++) {
		const struct sim_peer *q = &w.p[i];

		if (q->n_state == 2 && q->states[0] == BFD_STATE_INIT &&
		    q->states[1] == BFD_STATE_UP)
			b_init++;
		else if (!(q->n_state == 1 && q->states[0] == BFD_STATE_UP))
			b_init = -10;
	}
	ok(b_init >= 1, "transitions: Down -> Init -> Up on at least one "
	   "side, Down -> Up (peer in Init) or Down -> Init -> Up on the other");
	ok((w.p[0].states[0] == BFD_STATE_INIT ||
	    w.p[1].states[0] == BFD_STATE_INIT) &&
	   w.p[0].diags[w.p[0].n_state - 1] == 0,
	   "the first side to hear Down goes Init, Up carries diag 0");
	ok(w.p[0].s.remote_discr == 0x2002 && w.p[1].s.remote_discr == 0x1001,
	   "discriminators learned both ways");
	ok(!w.p[0].n_carrier_down && !w.p[0].n_carrier_up &&
	   !w.p[1].n_carrier_down && !w.p[1].n_carrier_up,
	   "coming Up the first time changes no carrier");
	ok(w.p[0].n_poll_done >= 1 && w.p[1].n_poll_done >= 1 &&
	   !w.p[0].s.poll_active && !w.p[1].s.poll_active,
	   "going Up, the 1 s -> 300 ms change completed a Poll Sequence");
	ok(w.p[0].s.desired_min_tx == 300000 &&
	   bfd_session_tx_interval(&w.p[0].s) == 300000 &&
	   bfd_session_detect_time(&w.p[0].s) == 900000,
	   "Up: TX interval 300 ms, detection time 3 x 300 ms");
	ok(w.p[0].n_rx_drop == 0 && w.p[1].n_rx_drop == 0,
	   "no packet dropped");

	/* detection: B's packets stop reaching A */
	w.p[1].link_up = 0;
	{
		unsigned long long t0 = w.now;
		int b0 = w.p[1].n_state;

		sim_run(&w, w.now + 2 * SEC);
		ok(w.p[0].s.state == BFD_STATE_DOWN &&
		   w.p[0].s.local_diag == BFD_DIAG_DETECT_EXPIRED,
		   "A times out: Down, diag 1 (Control Detection Time Expired)");
		i = w.p[0].n_state - 1;
		ok(w.p[0].state_at[i] - t0 <= 900000 &&
		   w.p[0].state_at[i] - t0 >= 900000 - 300000,
		   "detected within the detection time (%llu us after the "
		   "last chance to hear B)", w.p[0].state_at[i] - t0);
		ok(w.p[0].n_carrier_down == 1,
		   "A was Up and went Down: one CARRIER_DOWN");
		ok(w.p[1].s.state != BFD_STATE_UP &&
		   w.p[1].states[b0] == BFD_STATE_DOWN &&
		   w.p[1].diags[b0] == BFD_DIAG_NEIGHBOR_DOWN &&
		   w.p[1].n_carrier_down == 1,
		   "B hears A's Down: Down, diag 3, CARRIER_DOWN");
		ok(w.p[0].s.remote_discr == 0 && w.p[0].s.remote_min_rx == 1,
		   "after a Detection Time of silence RemoteDiscr is 0 and "
		   "RemoteMinRxInterval 1 (6.8.1, 6.8.18)");
		ok(bfd_session_tx_interval(&w.p[0].s) == SEC,
		   "Down again: back to 1 s TX");
	}
	w.p[1].link_up = 1;
	sim_run(&w, w.now + 6 * SEC);
	ok(sim_both_up(&w) && w.p[0].n_carrier_up == 1 &&
	   w.p[1].n_carrier_up == 1 && w.p[0].n_carrier_down == 1,
	   "link back: both Up, one CARRIER_UP each");
}

static void test_admin(void)
{
	struct bfd_session_cfg ca, cb;
	u8 b[BFD_PKT_MAX];
	struct bfd_pkt p;
	struct sim w;
	int n;

	sim_cfg(&ca, 0x1001, 50000, 50000, 3);
	sim_cfg(&cb, 0x2002, 50000, 50000, 3);
	sim_init(&w, &ca, &cb);
	sim_run(&w, 5 * SEC);
	ok(sim_both_up(&w), "50 ms x 3 sessions come Up");

	bfd_session_set_admin(&w.p[1].s, true, prng(), &act);
	ok(act.flags & BFD_ACT_STATE && act.new_state == BFD_STATE_ADMIN_DOWN &&
	   act.diag == BFD_DIAG_ADMIN_DOWN &&
	   act.flags & BFD_ACT_DETECT_STOP &&
	   !(act.flags & BFD_ACT_CARRIER_DOWN),
	   "local AdminDown: diag 7, detection stopped, no carrier loss");
	ok(act.flags & BFD_ACT_SEND && act.flags & BFD_ACT_TX_ARM &&
	   act.tx_us >= 750 * MS,
	   "a state change sends one packet now, then 1 s periodic TX");
	sim_apply(&w, 1, &act);
	bfd_session_build(&w.p[1].s, b, sizeof(b), 0);
	bfd_pkt_parse(b, 24, &p);
	ok(p.state == BFD_STATE_ADMIN_DOWN && p.diag == 7,
	   "AdminDown packets carry state AdminDown, diag 7");
	sim_run(&w, w.now + 3 * SEC);
	ok(w.p[0].s.state == BFD_STATE_DOWN &&
	   w.p[0].s.local_diag == BFD_DIAG_NEIGHBOR_DOWN &&
	   w.p[0].s.remote_state == BFD_STATE_ADMIN_DOWN,
	   "peer of AdminDown: Down, diag 3 (Neighbor Signaled Session Down)");
	ok(w.p[0].n_carrier_down == 0,
	   "remote AdminDown is not a failure (RFC 5882 3.2): no carrier loss");
	ok(w.p[0].s.state == BFD_STATE_DOWN && w.p[0].n_state == 2,
	   "and it stays Down while the peer is AdminDown");
	n = w.p[1].n_rx_drop;
	ok(n > 0 && w.p[1].last_drop == BFD_RX_ADMIN_DOWN &&
	   w.p[1].s.state == BFD_STATE_ADMIN_DOWN,
	   "AdminDown session discards what it receives (%d packets)", n);

	bfd_session_set_admin(&w.p[1].s, false, prng(), &act);
	ok(act.flags & BFD_ACT_STATE && act.new_state == BFD_STATE_DOWN,
	   "leaving AdminDown goes Down");
	sim_apply(&w, 1, &act);
	sim_run(&w, w.now + 5 * SEC);
	ok(sim_both_up(&w) && !w.p[0].n_carrier_down &&
	   !w.p[1].n_carrier_down, "both Up again, no carrier event anywhere");

	/* the same with remote AdminDown configured as a failure */
	ca.remote_admin_is_failure = 1;
	sim_init(&w, &ca, &cb);
	sim_run(&w, 5 * SEC);
	bfd_session_set_admin(&w.p[1].s, true, prng(), &act);
	sim_apply(&w, 1, &act);
	sim_run(&w, w.now + SEC);
	ok(w.p[0].s.state == BFD_STATE_DOWN && w.p[0].n_carrier_down == 1,
	   "remote_admin_is_failure: remote AdminDown drops carrier");

	/* local AdminDown after a failure gives carrier back */
	w.p[1].link_up = 0;
	bfd_session_set_admin(&w.p[1].s, false, prng(), &act);
	sim_apply(&w, 1, &act);
	bfd_session_set_admin(&w.p[0].s, true, prng(), &act);
	ok(act.flags & BFD_ACT_CARRIER_UP,
	   "AdminDown on a failed session returns carrier");
	bfd_session_set_admin(&w.p[0].s, false, prng(), &act);
	ok(!(act.flags & (BFD_ACT_CARRIER_UP | BFD_ACT_CARRIER_DOWN)) &&
	   w.p[0].s.carrier_ok,
	   "leaving AdminDown starts a never-Up life: carrier stays");
}

static void test_never_up(void)
{
	struct bfd_session_cfg c;
	struct bfd_session s;
	int i, down = 0;

	sim_cfg(&c, 7, 300000, 300000, 3);
	bfd_session_init(&s, &c, 0, &act);
	ok(feed(&s, BFD_STATE_DOWN, 0, 99, 0, SEC, SEC, 3) == BFD_RX_OK &&
	   s.state == BFD_STATE_INIT && act.flags & BFD_ACT_DETECT_ARM &&
	   act.detect_us == 3 * SEC,
	   "Down + peer Down -> Init, detection armed at 3 x 1 s");
	bfd_session_detect_timer(&s, 0, &act);
	ok(s.state == BFD_STATE_DOWN && act.new_state == BFD_STATE_DOWN &&
	   act.diag == BFD_DIAG_DETECT_EXPIRED &&
	   !(act.flags & BFD_ACT_CARRIER_DOWN),
	   "Init times out to Down, diag 1, but never Up: no carrier loss");
	ok(s.remote_discr == 0 && act.flags & BFD_ACT_DETECT_ARM,
	   "RemoteDiscr forgotten, detection rearmed once more");
	for (i = 0; i < 20; i++) {
		feed(&s, BFD_STATE_DOWN, 0, 99, 0, SEC, SEC, 3);
		down += s.state == BFD_STATE_INIT;
		bfd_session_detect_timer(&s, 0, &act);
		if (act.flags & BFD_ACT_CARRIER_DOWN)
			down = -100;
	}
	ok(down == 20 && s.carrier_ok,
	   "20 Init/timeout cycles never signal carrier loss");
	bfd_session_detect_timer(&s, 0, &act);
	ok(act.flags & BFD_ACT_DETECT_STOP && !(act.flags & BFD_ACT_STATE),
	   "second expiry without packets stops the detection timer");
}

static void test_poll(void)
{
	struct bfd_session_cfg ca, cb;
	u64 det_b;
	struct sim w;
	int st0, st1, pd;

	sim_cfg(&ca, 0x1001, 300000, 300000, 3);
	sim_cfg(&cb, 0x2002, 300000, 300000, 3);
	sim_init(&w, &ca, &cb);
	sim_run(&w, 5 * SEC);
	st0 = w.p[0].n_state;
	st1 = w.p[1].n_state;
	pd = w.p[0].n_poll_done;

	/* faster: takes effect at once for TX, Poll announces it */
	bfd_session_set_params(&w.p[0].s, 100000, 100000, 3, prng(), &act);
	ok(w.p[0].s.poll_active && w.p[0].s.desired_min_tx == 100000,
	   "Up, lower TX/RX: Poll Sequence starts, new values sent");
	ok(bfd_session_detect_time(&w.p[0].s) == 900000,
	   "lower RX: old RequiredMinRx kept for detection until Final "
	   "(6.8.3)");
	sim_apply(&w, 0, &act);
	sim_run(&w, w.now + 2 * SEC);
	ok(!w.p[0].s.poll_active && w.p[0].n_poll_done == pd + 1,
	   "Final received: Poll Sequence terminated");
	ok(bfd_session_detect_time(&w.p[0].s) == 900000 &&
	   bfd_session_tx_interval(&w.p[1].s) == 300000,
	   "B still sends every 300 ms (its own desired TX)");
	bfd_session_set_params(&w.p[1].s, 100000, 100000, 3, prng(), &act);
	sim_apply(&w, 1, &act);
	sim_run(&w, w.now + 2 * SEC);
	ok(bfd_session_tx_interval(&w.p[0].s) == 100000 &&
	   bfd_session_detect_time(&w.p[0].s) == 300000 &&
	   bfd_session_detect_time(&w.p[1].s) == 300000,
	   "both at 100 ms: TX 100 ms, detection 300 ms");

	/* slower: actual TX interval holds until the Poll terminates */
	bfd_session_set_params(&w.p[0].s, 1000000, 100000, 3, prng(), &act);
	ok(w.p[0].s.poll_active && w.p[0].s.desired_min_tx == SEC &&
	   bfd_session_tx_interval(&w.p[0].s) == 100000,
	   "Up, higher TX: sent at once, TX interval held at 100 ms during Poll");
	sim_apply(&w, 0, &act);
	sim_run(&w, w.now + 500 * MS);
	det_b = bfd_session_detect_time(&w.p[1].s);
	ok(!w.p[0].s.poll_active && bfd_session_tx_interval(&w.p[0].s) == SEC &&
	   det_b == 3 * SEC,
	   "after Final: A sends every 1 s, B's detection time %llu us",
	   (unsigned long long)det_b);
	ok(bfd_session_tx_interval(&w.p[1].s) == 100000,
	   "negotiated TX = max(local desired, remote required): B stays at 100 ms");
	sim_run(&w, w.now + 10 * SEC);
	ok(sim_both_up(&w) && w.p[0].n_state == st0 && w.p[1].n_state == st1,
	   "no state change during any of the Poll/Final changes");

	/* detect mult change and back-to-back changes */
	bfd_session_set_params(&w.p[0].s, 300000, 300000, 5, prng(), &act);
	sim_apply(&w, 0, &act);
	bfd_session_set_params(&w.p[0].s, 200000, 200000, 4, prng(), &act);
	sim_apply(&w, 0, &act);
	ok(w.p[0].s.poll_pending && w.p[0].s.detect_mult == 5,
	   "a change during a Poll waits for it (6.8.3)");
	sim_run(&w, w.now + 10 * SEC);
	ok(!w.p[0].s.poll_pending && !w.p[0].s.poll_active &&
	   w.p[0].s.detect_mult == 4 && w.p[0].s.desired_min_tx == 200000 &&
	   w.p[1].s.remote_detect_mult == 4 &&
	   bfd_session_detect_time(&w.p[1].s) == 4 * 200000,
	   "then goes out in its own Poll: B sees mult 4 x 200 ms");
	ok(sim_both_up(&w) && w.p[0].n_state == st0 && w.p[1].n_state == st1,
	   "still no state change");
	ok(bfd_session_set_params(&w.p[0].s, 0, 1, 1, 0, &act) == BFD_CFG_TX &&
	   w.p[0].s.cfg_desired_min_tx == 200000,
	   "invalid parameters refused, nothing changed");
}

static void test_rules(void)
{
	struct bfd_session_cfg c;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX];
	struct bfd_pkt p;

	/* Passive role */
	sim_cfg(&c, 5, 300000, 300000, 3);
	c.passive = 1;
	bfd_session_init(&s, &c, 0, &act);
	bfd_session_tx_timer(&s, 0, &act);
	ok(act.flags == BFD_ACT_TX_ARM,
	   "passive: silent before the peer's discriminator is known");
	feed(&s, BFD_STATE_DOWN, 0, 77, 0, SEC, SEC, 3);
	bfd_session_tx_timer(&s, 0, &act);
	ok(act.flags & BFD_ACT_SEND, "passive: sends once it heard the peer");

	/* Poll -> Final, never both bits */
	sim_cfg(&c, 5, 300000, 300000, 3);
	bfd_session_init(&s, &c, 0, &act);
	feed(&s, BFD_STATE_DOWN, BFD_FLAG_P, 77, 0, SEC, SEC, 3);
	ok(act.flags & BFD_ACT_SEND_FINAL, "Poll received: send Final now");
	feed(&s, BFD_STATE_UP, 0, 77, 5, SEC, SEC, 3);
	ok(s.state == BFD_STATE_UP && s.poll_active,
	   "Init + peer Up -> Up, our Poll starts (1 s -> 300 ms)");
	bfd_session_build(&s, b, sizeof(b), BFD_BUILD_FINAL);
	bfd_pkt_parse(b, 24, &p);
	ok(p.flags & BFD_FLAG_F && !(p.flags & BFD_FLAG_P),
	   "a Final sent during our own Poll has F and not P");
	bfd_session_build(&s, b, sizeof(b), 0);
	bfd_pkt_parse(b, 24, &p);
	ok(p.flags & BFD_FLAG_P && !(p.flags & BFD_FLAG_F) &&
	   p.your_discr == 77 && p.state == BFD_STATE_UP,
	   "periodic packets carry P during the Poll");

	/* remote asks for slower / zero packets, remote demand */
	feed(&s, BFD_STATE_UP, BFD_FLAG_F, 77, 5, SEC, 500000, 3);
	ok(act.flags & BFD_ACT_TX_ARM && bfd_session_tx_interval(&s) == 500000,
	   "remote Required Min RX 500 ms: TX interval 500 ms, timer rearmed");
	feed(&s, BFD_STATE_UP, 0, 77, 5, SEC, 0, 3);
	bfd_session_tx_timer(&s, 0, &act);
	ok(!(act.flags & BFD_ACT_SEND),
	   "remote Required Min RX 0: no periodic packets (6.8.7)");
	feed(&s, BFD_STATE_UP, BFD_FLAG_D, 77, 5, SEC, 300000, 3);
	bfd_session_tx_timer(&s, 0, &act);
	ok(!(act.flags & BFD_ACT_SEND),
	   "remote Demand mode while both Up: periodic TX ceases (6.8.6)");
	feed(&s, BFD_STATE_UP, 0, 77, 5, SEC, 300000, 3);
	bfd_session_tx_timer(&s, 0, &act);
	ok(act.flags & BFD_ACT_SEND, "remote leaves Demand: TX resumes");
	ok(bfd_session_detect_time(&s) == 3 * SEC,
	   "detection = remote mult x max(local RX 300 ms, remote TX 1 s)");
	feed(&s, BFD_STATE_DOWN, 0, 77, 5, SEC, 300000, 3);
	ok(s.state == BFD_STATE_DOWN && s.local_diag == BFD_DIAG_NEIGHBOR_DOWN &&
	   act.flags & BFD_ACT_CARRIER_DOWN,
	   "Up + peer Down -> Down, diag 3, CARRIER_DOWN");
}

static void test_corners(void)
{
	struct bfd_session_cfg c;
	struct bfd_session s;
	struct sim w;

	sim_cfg(&c, 9, 300000, 300000, 3);
	c.admin_down = 1;
	bfd_session_init(&s, &c, 0, &act);
	ok(s.state == BFD_STATE_ADMIN_DOWN && s.local_diag == 7 &&
	   s.carrier_ok && act.flags == BFD_ACT_TX_ARM,
	   "created AdminDown: diag 7, carrier allowed, TX armed");
	bfd_session_set_admin(&s, true, 0, &act);
	ok(act.flags == 0, "AdminDown again: nothing to do");
	bfd_session_detect_timer(&s, 0, &act);
	ok(act.flags == BFD_ACT_DETECT_STOP && s.state == BFD_STATE_ADMIN_DOWN,
	   "stray detection expiry while AdminDown: timer stopped, no change");
	ok(feed(&s, BFD_STATE_DOWN, BFD_FLAG_P, 5, 0, SEC, 2 * SEC, 3) ==
	   BFD_RX_ADMIN_DOWN && !(act.flags & BFD_ACT_SEND_FINAL) &&
	   act.flags & BFD_ACT_TX_ARM && bfd_session_tx_interval(&s) == 2 * SEC,
	   "AdminDown: Poll not answered, but the peer's slower RX is honoured");
	bfd_session_set_admin(&s, false, 0, &act);
	bfd_session_set_admin(&s, false, 0, &act);
	ok(act.flags == 0 && s.state == BFD_STATE_DOWN,
	   "leaving AdminDown twice: the second call does nothing");

	sim_cfg(&c, 0x1001, 300000, 300000, 3);
	sim_init(&w, &c, &c);
	w.p[1].s.local_discr = 0x2002;
	sim_run(&w, 5 * SEC);
	bfd_session_set_params(&w.p[0].s, 300000, 300000, 3, 0, &act);
	ok(sim_both_up(&w) && act.flags == 0 && !w.p[0].s.poll_active,
	   "setting the values in force again starts no Poll");
	ok(bfd_jitter(1, 1, 0) == 1 && bfd_jitter(0, 3, ~0u) == 0,
	   "jitter of 0-1 us intervals does not wrap");
	ok(!strcmp(bfd_cfg_err_name(BFD_CFG_ERR_MAX), "?"),
	   "out of range config error has a name");
}

/* Echo function: RFC 5880 6.4, 6.8.3, 6.8.9 */
static void test_echo(void)
{
	struct bfd_session_cfg ca, cb;
	u8 buf[BFD_PKT_MAX];
	unsigned long long t0;
	struct bfd_pkt pkt;
	int n, st1, back, up;
	struct sim w;

	/* A sends Echo every 50 ms; B loops them, at most every 100 ms. */
	sim_cfg(&ca, 0x1001, 300000, 300000, 3);
	sim_cfg(&cb, 0x2002, 300000, 300000, 3);
	ca.echo_tx = 50000;
	cb.required_min_echo_rx = 100000;
	sim_init(&w, &ca, &cb);
	ok(!w.p[0].s.echo_active && w.p[0].echo_at == SIM_NEVER,
	   "no Echo before the session is Up");
	sim_run(&w, 5 * SEC);
	ok(sim_both_up(&w) && w.p[0].s.echo_active && !w.p[1].s.echo_active &&
	   w.p[0].s.echo_interval == 100000,
	   "Up: A's Echo runs at the peer's Required Min Echo RX (100 ms, "
	   "not its own 50 ms); B has no Echo interval, sends none");
	ok(w.p[0].s.required_min_rx == SEC && w.p[0].s.cfg_required_min_rx == 300000 &&
	   !w.p[0].s.poll_active && bfd_session_tx_interval(&w.p[1].s) == SEC &&
	   bfd_session_tx_interval(&w.p[0].s) == 300000,
	   "6.4: with Echo running A asks for Control packets every 1 s (Poll "
	   "done: B sends every %u us), A itself still sends every 300 ms",
	   bfd_session_tx_interval(&w.p[1].s));
	ok(bfd_session_echo_detect_time(&w.p[0].s) == 300000 &&
	   w.p[0].n_echo_back > 40 && w.p[0].n_echo_back == w.p[0].n_echo_sent,
	   "Echo detection 3 x 100 ms; %d of %d Echo packets back",
	   w.p[0].n_echo_back, w.p[0].n_echo_sent);
	bfd_session_build(&w.p[1].s, buf, sizeof(buf), 0);
	bfd_pkt_parse(buf, 24, &pkt);
	ok(pkt.required_min_echo_rx == 100000, "B advertises Required Min Echo RX 100000");
	bfd_session_build(&w.p[0].s, buf, sizeof(buf), 0);
	bfd_pkt_parse(buf, 24, &pkt);
	ok(pkt.required_min_echo_rx == 0, "A, which loops nothing, advertises 0");

	/* B's forwarding breaks; its Control packets still come. */
	n = w.p[0].n_state;
	st1 = w.p[1].n_state;
	t0 = w.now;
	w.p[1].fwd_up = 0;
	sim_run(&w, w.now + 400 * MS);
	ok(w.p[0].n_state > n && w.p[0].states[n] == BFD_STATE_DOWN &&
	   w.p[0].diags[n] == BFD_DIAG_ECHO_FAILED &&
	   w.p[0].state_at[n] - t0 <= 300000 && w.p[0].n_carrier_down == 1,
	   "forwarding broken: A Down with diag 2 (Echo Function Failed) "
	   "%llu us later, carrier dropped", w.p[0].state_at[n] - t0);
	ok(w.p[1].n_state > st1 && w.p[1].states[st1] == BFD_STATE_DOWN &&
	   w.p[1].diags[st1] == BFD_DIAG_NEIGHBOR_DOWN,
	   "B follows: Down, Neighbor Signaled Session Down");

	/* Still broken: Up again by Control, Echo fails again, carrier held */
	up = w.p[0].n_carrier_up;
	sim_run(&w, w.now + 5 * SEC);
	ok(w.p[0].n_state > n + 3 && w.p[0].n_carrier_up == up &&
	   w.p[0].n_carrier_down == 1 && !w.p[0].s.carrier_ok,
	   "still broken: Control brings the session Up, Echo takes it Down "
	   "(%d changes in 5 s); the carrier stays off throughout",
	   w.p[0].n_state - n);
	w.p[1].fwd_up = 1;
	sim_run(&w, w.now + 5 * SEC);
	ok(sim_both_up(&w) && w.p[0].s.carrier_ok && w.p[0].n_carrier_up == up + 1,
	   "repaired: Up, carrier back with the first Echo packet that returns");
	n = w.p[0].n_state;
	back = w.p[0].n_echo_back;
	sim_run(&w, w.now + 10 * SEC);
	ok(sim_both_up(&w) && w.p[0].n_state == n && w.p[0].s.echo_active &&
	   w.p[0].n_echo_back - back >= 95,
	   "repaired: Up for 10 s without a change, %d Echo packets back",
	   w.p[0].n_echo_back - back);

	/* B stops looping: A's Echo stops without a state change. */
	ok(bfd_session_set_echo(&w.p[1].s, 0, 0, prng(), &act) == BFD_CFG_OK,
	   "B: echo-rx-interval 0");
	sim_apply(&w, 1, &act);
	sim_run(&w, w.now + 5 * SEC);
	ok(sim_both_up(&w) && w.p[0].n_state == n && !w.p[0].s.echo_active &&
	   w.p[0].echo_det_at == SIM_NEVER && w.p[0].s.required_min_rx == 300000 &&
	   bfd_session_tx_interval(&w.p[1].s) == 300000,
	   "A's Echo stops, its Required Min RX returns to 300 ms by Poll, "
	   "no state change");

	/* Refusals, and an expiry after Echo stopped */
	ok(bfd_session_set_echo(&w.p[0].s, 999, 0, prng(), &act) == BFD_CFG_ECHO &&
	   w.p[0].s.cfg_echo_tx == 50000,
	   "Echo interval 999 us refused (%s), nothing changed",
	   bfd_cfg_err_name(BFD_CFG_ECHO));
	ca.echo_tx = 1;
	ok(bfd_session_init(&w.p[0].s, &ca, prng(), &act) == BFD_CFG_ECHO &&
	   w.p[0].s.state == BFD_STATE_UP,
	   "init with a 1 us Echo interval refused, session untouched");
	bfd_session_echo_timer(&w.p[0].s, prng(), &act);
	ok(act.flags == 0 && w.p[0].s.state == BFD_STATE_UP,
	   "a late Echo expiry after Echo stopped changes nothing");
}

int main(void)
{
	printf("TAP version 13\n");
	test_init();
	test_jitter();
	test_handshake();
	test_admin();
	test_never_up();
	test_poll();
	test_rules();
	test_corners();
	test_echo();
	return tap_done();
}
