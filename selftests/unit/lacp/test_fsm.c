// SPDX-License-Identifier: GPL-2.0
/*
 * Port state machines, driven through the two-system simulator of
 * lacp_test.h (virtual time in milliseconds): convergence in every
 * activity/timeout combination, periodic rates, partner silence, partner
 * out of sync, a partner with the wrong idea of us, carrier flaps,
 * malformed LACPDUs and the transmit rate limit.
 */
#include "lacp_test.h"

#define T0	1000ULL		/* sim_init()'s start time */
#define FAST	1
#define SLOW	0
#define ACTIVE	1
#define PASSIVE	0

static struct sim w;

static const char *mode(int active, int fast)
{
	static const char * const m[] = {
		"passive/slow", "passive/fast", "active/slow", "active/fast"
	};

	return m[active * 2 + fast];
}

/* Both ends attach after wait_while and go collecting/distributing */
static void test_converge(int aa, int af, int ba, int bf)
{
	char what[64];
	int n0, n1;

	snprintf(what, sizeof(what), "%s vs %s", mode(aa, af), mode(ba, bf));
	sim_init(&w, 1, aa, af, ba, bf);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	ok(sim_all_cd(&w) && w.side[0].port[0].cd_change_at == T0 + 2000 &&
	   w.side[1].port[0].cd_change_at == T0 + 2000 &&
	   w.side[0].port[0].cd_changes == 1 &&
	   w.side[1].port[0].cd_changes == 1,
	   "%s: both collecting/distributing at exactly 2000 ms (wait_while)",
	   what);
	ok(sim_p(&w, 0, 0)->actor.state ==
	   (LACP_ST_AGGREGATION | LACP_ST_SYNC | LACP_ST_COLLECTING |
	    LACP_ST_DISTRIBUTING | (aa ? LACP_ST_ACTIVITY : 0) |
	    (af ? LACP_ST_TIMEOUT : 0)) &&
	   sim_p(&w, 0, 0)->partner.state ==
	   (LACP_ST_AGGREGATION | LACP_ST_SYNC | LACP_ST_COLLECTING |
	    LACP_ST_DISTRIBUTING | (ba ? LACP_ST_ACTIVITY : 0) |
	    (bf ? LACP_ST_TIMEOUT : 0)),
	   "%s: A's actor state 0x%02x, partner state 0x%02x", what,
	   sim_p(&w, 0, 0)->actor.state, sim_p(&w, 0, 0)->partner.state);

	/* steady state: each side sends at the rate the other asked for */
	n0 = w.side[0].port[0].tx_n;
	n1 = w.side[1].port[0].tx_n;
	sim_run(&w, T0 + 10000 + 300000);
	ok(w.side[0].port[0].tx_n - n0 == (bf ? 300 : 10) &&
	   w.side[1].port[0].tx_n - n1 == (af ? 300 : 10),
	   "%s: in 300 s A sent %d (%s), B sent %d (%s)", what,
	   w.side[0].port[0].tx_n - n0, bf ? "fast" : "slow",
	   w.side[1].port[0].tx_n - n1, af ? "fast" : "slow");
	ok(sim_all_cd(&w) && w.side[0].port[0].cd_changes == 1 &&
	   w.side[1].port[0].cd_changes == 1 &&
	   sim_max_per_second(&w, 0, 0) <= 3 &&
	   sim_max_per_second(&w, 1, 0) <= 3,
	   "%s: no flap, at most 3 LACPDUs in any second", what);
}

static void test_passive_passive(void)
{
	sim_init(&w, 1, PASSIVE, FAST, PASSIVE, FAST);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 200000);
	ok(w.side[0].port[0].tx_n == 0 && w.side[1].port[0].tx_n == 0,
	   "passive vs passive: not one LACPDU in 200 s");
	ok(!sim_cd(&w, 0, 0) && !sim_cd(&w, 1, 0) &&
	   sim_p(&w, 0, 0)->ptx_state == LACP_PTX_NO_PERIODIC &&
	   sim_p(&w, 0, 0)->mux_state == LACP_MUX_DETACHED &&
	   sim_p(&w, 0, 0)->rx_state == LACP_RX_DEFAULTED &&
	   lacp_port_next_ms(sim_p(&w, 0, 0)) == LACP_NEVER,
	   "passive vs passive: never converges, DEFAULTED, no timer left");
}

/* Run until both converged, then mute B: A leaves after 3 periods */
static void test_silence(int fast)
{
	unsigned long long last, leave, timeout;
	struct sim_port *a = &w.side[0].port[0];
	struct sim_port *b = &w.side[1].port[0];
	const char *r = fast ? "fast" : "slow";

	timeout = fast ? 3000 : 90000;
	sim_init(&w, 1, ACTIVE, fast, ACTIVE, fast);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 100000);
	b->mute = 1;
	last = b->tx_at[(b->tx_n - 1) % SIM_TXLOG];
	sim_run(&w, last + timeout - 1);
	ok(sim_cd(&w, 0, 0) && sim_p(&w, 0, 0)->rx_state == LACP_RX_CURRENT,
	   "%s: partner silent (carrier up): A still coll/dist at +%llu ms",
	   r, timeout - 1);
	sim_run(&w, last + timeout);
	leave = a->cd_change_at;
	ok(!sim_cd(&w, 0, 0) && a->cd_changes == 2 && leave == last + timeout &&
	   sim_p(&w, 0, 0)->rx_state == LACP_RX_EXPIRED &&
	   (sim_p(&w, 0, 0)->actor.state & LACP_ST_EXPIRED) &&
	   sim_p(&w, 0, 0)->mux_state == LACP_MUX_ATTACHED,
	   "%s: ... and leaves it at exactly last LACPDU + %llu ms: EXPIRED, "
	   "ATTACHED", r, timeout);
	sim_run(&w, last + timeout + 2999);
	ok(sim_p(&w, 0, 0)->rx_state == LACP_RX_EXPIRED,
	   "%s: still EXPIRED 2999 ms later", r);
	sim_run(&w, last + timeout + 3000);
	ok(sim_p(&w, 0, 0)->stats.rx_expired == 1 &&
	   sim_p(&w, 0, 0)->stats.rx_defaulted == 1 &&
	   sim_p(&w, 0, 0)->rx_state == LACP_RX_DEFAULTED &&
	   sim_p(&w, 0, 0)->selected == LACP_UNSELECTED &&
	   sim_p(&w, 0, 0)->mux_state == LACP_MUX_DETACHED &&
	   (sim_p(&w, 0, 0)->actor.state &
	    (LACP_ST_DEFAULTED | LACP_ST_EXPIRED | LACP_ST_SYNC)) ==
	   LACP_ST_DEFAULTED,
	   "%s: DEFAULTED at exactly 3000 ms more: unselected, detached", r);
	sim_run(&w, w.now + 65000);
	ok(sim_p(&w, 0, 0)->ptx_state == LACP_PTX_SLOW_PERIODIC,
	   "%s: A (active) keeps sending, slow, to the administrative partner",
	   r);

	b->mute = 0;
	sim_run(&w, w.now + 35000);
	ok(sim_all_cd(&w), "%s: partner speaks again: back to coll/dist", r);
}

static void clear_sync(struct lacp_pdu *pdu)
{
	pdu->actor.state &= ~LACP_ST_SYNC;
}

static void test_partner_unsync(void)
{
	struct sim_port *a = &w.side[0].port[0];
	struct sim_port *b = &w.side[1].port[0];
	int n;

	sim_init(&w, 1, ACTIVE, FAST, ACTIVE, FAST);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	b->tamper = clear_sync;
	n = b->tx_n;
	sim_run(&w, T0 + 20000);
	ok(!sim_cd(&w, 0, 0) && a->cd_changes == 2 &&
	   a->cd_change_at == b->tx_at[n],
	   "partner clears Synchronization: A leaves coll/dist on that LACPDU");
	ok(sim_p(&w, 0, 0)->mux_state == LACP_MUX_ATTACHED &&
	   sim_p(&w, 0, 0)->selected == LACP_SELECTED &&
	   sim_p(&w, 0, 0)->rx_state == LACP_RX_CURRENT &&
	   (sim_p(&w, 0, 0)->actor.state &
	    (LACP_ST_SYNC | LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING)) ==
	   LACP_ST_SYNC,
	   "A stays selected and ATTACHED: in sync, not collecting");
	b->tamper = NULL;
	sim_run(&w, T0 + 30000);
	ok(sim_all_cd(&w) && a->cd_changes == 3,
	   "partner in sync again: A back to coll/dist");
}

static void wrong_key(struct lacp_pdu *pdu)
{
	pdu->partner.key ^= 0x100;
}

static void test_partner_wrong_key(void)
{
	sim_init(&w, 1, ACTIVE, FAST, ACTIVE, FAST);
	w.side[1].port[0].tamper = wrong_key;
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 20000);
	ok(!sim_cd(&w, 0, 0) && w.side[0].port[0].cd_changes == 0 &&
	   sim_p(&w, 0, 0)->mux_state == LACP_MUX_ATTACHED &&
	   !(sim_p(&w, 0, 0)->partner.state & LACP_ST_SYNC),
	   "partner has our key wrong: A never collects (partner not in sync)");
	/* each side keeps correcting the other (update_NTT): rate limited */
	ok(sim_max_per_second(&w, 0, 0) == 3 &&
	   sim_max_per_second(&w, 1, 0) == 3,
	   "the two correct each other at the rate limit, 3 LACPDUs a second");
}

/* A hand-made LACPDU from a partner that knows us and says it is in sync */
static void feed_sync(struct lacp_port *p, u8 partner_state, u16 port_xor,
		      u64 now)
{
	struct lacp_pdu pdu = { .version = 1 };

	sim_port_info(&pdu.actor, 1, 0);
	pdu.actor.state = partner_state;
	pdu.partner = p->actor;
	pdu.partner.port ^= port_xor;
	lacp_port_rx(p, &pdu, now);
}

static void test_sync_rules(void)
{
	const u8 agg_sync = LACP_ST_AGGREGATION | LACP_ST_SYNC;
	struct lacp_info a;
	struct lacp_port p;

	sim_port_info(&a, 0, 0);
	lacp_port_init(&p, &a, PASSIVE, FAST, 0);
	lacp_port_set_enabled(&p, true, 0);
	feed_sync(&p, agg_sync, 0, 0);
	ok(!(p.partner.state & LACP_ST_SYNC) && p.rx_state == LACP_RX_CURRENT,
	   "recordPDU: both passive: partner not in sync, whatever it says");
	feed_sync(&p, agg_sync | LACP_ST_ACTIVITY, 0, 0);
	ok(p.partner.state & LACP_ST_SYNC,
	   "recordPDU: partner active and right about us: in sync");
	feed_sync(&p, agg_sync | LACP_ST_ACTIVITY, 1, 0);
	ok(!(p.partner.state & LACP_ST_SYNC),
	   "recordPDU: partner wrong about our port number: not in sync");
	feed_sync(&p, LACP_ST_SYNC | LACP_ST_ACTIVITY, 1, 0);
	ok(p.partner.state & LACP_ST_SYNC,
	   "recordPDU: an individual partner need not know us: in sync");
	feed_sync(&p, LACP_ST_AGGREGATION | LACP_ST_ACTIVITY, 0, 0);
	ok(!(p.partner.state & LACP_ST_SYNC),
	   "recordPDU: partner says it is not in sync: not in sync");
}

/*
 * Coupled control goes COLLECTING_DISTRIBUTING on the partner's Sync, but
 * a partner whose Mux runs on a tick (bonding: 100 ms) is in sync before
 * it collects: the member carries traffic once the partner says
 * Collecting, and stops when it no longer does.
 */
static void test_distributing(void)
{
	const u8 cd = LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING;
	const u8 st = LACP_ST_ACTIVITY | LACP_ST_AGGREGATION | LACP_ST_SYNC;
	struct lacp_port *ports[1];
	struct lacp_info a;
	struct lacp_port p;

	sim_port_info(&a, 0, 0);
	lacp_port_init(&p, &a, ACTIVE, FAST, 0);
	lacp_port_set_enabled(&p, true, 0);
	feed_sync(&p, st, 0, 0);
	ports[0] = &p;
	ok(lacp_select(ports, 1) == 1 && p.selected == LACP_SELECTED,
	   "distributing: partner heard, port selected");
	lacp_port_tick(&p, 0);
	lacp_port_tick(&p, 2000);
	ok(lacp_port_coll_dist(&p) && !lacp_port_distributing(&p) &&
	   (p.actor.state & cd) == cd,
	   "partner in sync, not collecting: COLL_DIST (we say so), no traffic");
	feed_sync(&p, st | LACP_ST_COLLECTING, 0, 2100);
	ok(lacp_port_distributing(&p), "partner collecting: traffic");
	feed_sync(&p, st | cd, 0, 2200);
	ok(lacp_port_distributing(&p), "partner collecting and distributing");
	feed_sync(&p, st, 0, 2300);
	ok(lacp_port_coll_dist(&p) && !lacp_port_distributing(&p),
	   "partner in sync but stops collecting: no traffic, still COLL_DIST");
	feed_sync(&p, LACP_ST_ACTIVITY | LACP_ST_AGGREGATION | cd, 0, 2400);
	ok(!lacp_port_coll_dist(&p) && !lacp_port_distributing(&p) &&
	   p.mux_state == LACP_MUX_ATTACHED,
	   "partner out of sync (Collecting set or not): ATTACHED, no traffic");
}

static void test_carrier(void)
{
	struct sim_port *a = &w.side[0].port[0];
	unsigned long long down;
	int n;

	sim_init(&w, 1, ACTIVE, FAST, ACTIVE, SLOW);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	down = w.now;
	sim_link(&w, 0, 0);
	n = a->tx_n;
	ok(!sim_cd(&w, 0, 0) && !sim_cd(&w, 1, 0) && a->cd_change_at == down &&
	   sim_p(&w, 0, 0)->rx_state == LACP_RX_PORT_DISABLED &&
	   sim_p(&w, 0, 0)->mux_state == LACP_MUX_DETACHED &&
	   sim_p(&w, 0, 0)->selected == LACP_UNSELECTED &&
	   sim_p(&w, 0, 0)->ptx_state == LACP_PTX_NO_PERIODIC,
	   "carrier down: at once not coll/dist, PORT_DISABLED, DETACHED");
	sim_run(&w, down + 60000);
	ok(a->tx_n == n && lacp_port_next_ms(sim_p(&w, 0, 0)) == LACP_NEVER,
	   "carrier down: nothing sent for 60 s, no timer");
	down = w.now;
	sim_link(&w, 0, 1);
	ok(a->tx_n == n + 1 && a->tx_at[n] == down &&
	   (a->tx_state[n] & LACP_ST_EXPIRED),
	   "carrier up: an LACPDU at once, EXPIRED set");
	sim_run(&w, down + 5000);
	ok(sim_all_cd(&w) && a->cd_change_at == down + 2000,
	   "carrier up: coll/dist again after exactly wait_while");
}

static void test_malformed(void)
{
	struct lacp_port before, *a = sim_p(&w, 0, 0);
	u8 junk[LACP_PDU_LEN];
	struct lacp_pdu pdu;

	sim_init(&w, 1, ACTIVE, FAST, ACTIVE, FAST);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	before = *a;
	lacp_pdu_build(junk, &(struct lacp_pdu){ .version = 1 });
	junk[3] = 0;
	sim_deliver(&w, 0, 0, junk, sizeof(junk));
	sim_deliver(&w, 0, 0, junk, 50);
	junk[0] = LACP_SUBTYPE_MARKER;
	sim_deliver(&w, 0, 0, junk, sizeof(junk));
	ok(a->stats.rx_err[LACP_PDU_TLV] == 1 &&
	   a->stats.rx_err[LACP_PDU_SHORT] == 1 &&
	   a->stats.rx_err[LACP_PDU_SUBTYPE] == 1 &&
	   a->stats.rx_err[LACP_PDU_VERSION] == 0 &&
	   a->stats.rx_pdus == before.stats.rx_pdus,
	   "malformed LACPDUs counted by reason, not as received");
	before.stats = a->stats;
	ok(!memcmp(&before, a, sizeof(before)),
	   "malformed LACPDUs change nothing else in the port");
	ok(!lacp_port_tx(a, w.now, &pdu), "and trigger no transmission");
}

static void test_rate_limit(void)
{
	struct sim_port *a = &w.side[0].port[0];
	struct lacp_port *p = sim_p(&w, 0, 0);
	unsigned long long t;
	int i, n;

	sim_init(&w, 1, ACTIVE, SLOW, ACTIVE, SLOW);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 40000);
	n = a->tx_n;
	t = w.now;
	/* five changes within one millisecond */
	for (i = 0; i < 5; i++) {
		lacp_port_set_mode(p, ACTIVE, !(i & 1), t);
		sim_after(&w, 0);
	}
	ok(a->tx_n == n + 3 && p->ntt && p->stats.tx_limited == 1,
	   "5 changes at once: 3 LACPDUs, NTT held back (counted once)");
	ok(lacp_port_next_ms(p) == a->tx_at[n] + 1000,
	   "the held LACPDU is due when the oldest of the 3 is 1 s old");
	sim_run(&w, t + 5000);
	ok(a->tx_n >= n + 4 && a->tx_at[n + 3] == t + 1000 &&
	   sim_max_per_second(&w, 0, 0) <= 3,
	   "it goes out at exactly +1000 ms; never more than 3 a second");
	ok(sim_all_cd(&w), "no flap from mode changes");
}

static void test_mode_change(void)
{
	struct sim_port *b = &w.side[1].port[0];
	unsigned long long t;
	int n;

	sim_init(&w, 1, ACTIVE, SLOW, ACTIVE, SLOW);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 40000);
	t = w.now;
	lacp_port_set_mode(sim_p(&w, 0, 0), ACTIVE, FAST, t);
	sim_after(&w, 0);
	n = b->tx_n;
	sim_run(&w, t + 10000);
	ok(b->tx_n - n == 10 && b->tx_at[n] == t + 1000 &&
	   sim_p(&w, 1, 0)->ptx_state == LACP_PTX_FAST_PERIODIC,
	   "A asks for fast: B sends every second from then on (%d in 10 s)",
	   b->tx_n - n);
	ok(sim_all_cd(&w) && w.side[0].port[0].cd_changes == 1,
	   "timeout change does not disturb the aggregation");

	lacp_port_set_mode(sim_p(&w, 0, 0), PASSIVE, FAST, w.now);
	sim_after(&w, 0);
	sim_run(&w, w.now + 100000);
	ok(sim_all_cd(&w) && sim_p(&w, 0, 0)->ptx_state ==
	   LACP_PTX_SLOW_PERIODIC,
	   "A turns passive: still aggregated, answers the active B");
}

static void test_partner_slows(void)
{
	struct sim_port *a = &w.side[0].port[0];
	unsigned long long t;
	int n;

	sim_init(&w, 1, ACTIVE, FAST, ACTIVE, FAST);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	t = w.now;
	lacp_port_set_mode(sim_p(&w, 1, 0), ACTIVE, SLOW, t);
	sim_after(&w, 1);
	n = a->tx_n;
	sim_run(&w, t + 29999);
	ok(a->tx_n == n && sim_p(&w, 0, 0)->ptx_state == LACP_PTX_SLOW_PERIODIC,
	   "B asks for slow: A goes SLOW_PERIODIC at once, nothing for 29999 ms");
	sim_run(&w, t + 30000);
	ok(a->tx_n == n + 1 && a->tx_at[n] == t + 30000 && sim_all_cd(&w),
	   "and sends its next LACPDU at exactly +30000 ms");
	ok(w.side[1].port[0].cd_changes == 1 &&
	   sim_p(&w, 1, 0)->stats.rx_expired == 0,
	   "B's 3 s current_while was extended: no expiry, no flap");
}

static void test_passive_defaults(void)
{
	struct lacp_port *a = sim_p(&w, 0, 0);

	sim_init(&w, 1, PASSIVE, FAST, ACTIVE, FAST);
	sim_all_links(&w, 1);
	sim_run(&w, T0 + 10000);
	w.side[1].port[0].mute = 1;
	sim_run(&w, T0 + 20000);
	ok(a->rx_state == LACP_RX_DEFAULTED &&
	   a->ptx_state == LACP_PTX_NO_PERIODIC &&
	   !(a->partner.state & LACP_ST_ACTIVITY),
	   "passive port whose active partner went silent falls silent too");
}

int main(void)
{
	int aa, af, ba, bf;

	for (aa = 0; aa < 2; aa++)
		for (af = 0; af < 2; af++)
			for (ba = 0; ba < 2; ba++)
				for (bf = 0; bf < 2; bf++)
					if (aa || ba)
						test_converge(aa, af, ba, bf);
	test_passive_passive();
	test_silence(FAST);
	test_silence(SLOW);
	test_partner_unsync();
	test_partner_wrong_key();
	test_sync_rules();
	test_distributing();
	test_carrier();
	test_malformed();
	test_rate_limit();
	test_mode_change();
	test_partner_slows();
	test_passive_defaults();
	return tap_done();
}
