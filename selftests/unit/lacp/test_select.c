// SPDX-License-Identifier: GPL-2.0
/*
 * Selection Logic: four ports facing two partner systems, ties, the
 * incumbent, individual partners, keys that do not match, and what the
 * Mux machines then do.  Partners are hand-made LACPDUs here; a second
 * part runs two LAGs against each other in the simulator.
 */
#include "lacp_test.h"

#define NP	4

static struct lacp_port port[NP];
static struct lacp_port *const ports[NP] = {
	&port[0], &port[1], &port[2], &port[3]
};

static unsigned long long now;

static void setup(void)
{
	int i;

	now = 1000;
	for (i = 0; i < NP; i++) {
		struct lacp_info a;

		sim_port_info(&a, 0, i);
		lacp_port_init(&port[i], &a, true, true, now);
		lacp_port_set_enabled(&port[i], true, now);
	}
}

/* An LACPDU on port @i from partner system @sys (last octet), key @key */
static void feed(int i, u8 sys, u16 key, u8 extra_state)
{
	struct lacp_pdu pdu = { .version = 1 };

	pdu.actor.sys_prio = 0x8000;
	pdu.actor.sys[0] = 0x0e;
	pdu.actor.sys[5] = sys;
	pdu.actor.key = key;
	pdu.actor.port_prio = 0x80;
	pdu.actor.port = 100 + i;
	pdu.actor.state = LACP_ST_ACTIVITY | LACP_ST_TIMEOUT | extra_state;
	pdu.partner = port[i].actor;
	lacp_port_rx(&port[i], &pdu, now);
}

static unsigned int sel_mask(u8 sel)
{
	unsigned int i, m = 0;

	for (i = 0; i < NP; i++)
		if (port[i].selected == sel)
			m |= 1U << i;
	return m;
}

/* Select, tick what changed, and run everyone to @t */
static unsigned int step(unsigned long long t)
{
	unsigned int changed, i;

	changed = lacp_select(ports, NP);
	for (i = 0; i < NP; i++)
		if (changed & (1U << i))
			lacp_port_tick(&port[i], now);
	now = t;
	for (i = 0; i < NP; i++)
		lacp_port_tick(&port[i], now);
	return changed;
}

#define AGG_SYNC	(LACP_ST_AGGREGATION | LACP_ST_SYNC)

static void test_two_systems(void)
{
	unsigned int changed, i, cd;

	setup();
	ok(lacp_select(ports, NP) == 0 && sel_mask(LACP_UNSELECTED) == 0xf,
	   "no partner anywhere: all unselected, nothing changed");

	/* system 1 on ports 1, 2, 3; system 2 on port 0 (lowest number) */
	feed(0, 2, 7, AGG_SYNC);
	feed(1, 1, 7, AGG_SYNC);
	feed(2, 1, 7, AGG_SYNC);
	feed(3, 1, 7, AGG_SYNC);
	changed = step(now);
	ok(changed == 0xf && sel_mask(LACP_SELECTED) == 0xe &&
	   sel_mask(LACP_STANDBY) == 0x1,
	   "3 ports to system 1, 1 to system 2: system 1 selected (0x%x), "
	   "port 0 standby; all 4 changed (0x%x)", sel_mask(LACP_SELECTED),
	   changed);
	ok(lacp_select(ports, NP) == 0, "selecting again changes nothing");
	ok(port[0].mux_state == LACP_MUX_WAITING &&
	   port[1].mux_state == LACP_MUX_WAITING,
	   "selected and standby ports wait (wait_while)");
	step(now + 1999);
	ok(port[1].mux_state == LACP_MUX_WAITING,
	   "still waiting at 1999 ms");
	step(now + 1);
	cd = 0;
	for (i = 0; i < NP; i++)
		cd |= lacp_port_coll_dist(&port[i]) << i;
	ok(cd == 0xe && port[0].mux_state == LACP_MUX_WAITING,
	   "at 2000 ms system 1's ports collect/distribute, standby waits");

	/* system 1 loses two ports: 1 vs 1, the incumbent stays */
	lacp_port_set_enabled(&port[1], false, now);
	lacp_port_set_enabled(&port[2], false, now);
	changed = step(now);
	ok(changed == 0 && sel_mask(LACP_SELECTED) == 0x8 &&
	   sel_mask(LACP_STANDBY) == 0x1 && sel_mask(LACP_UNSELECTED) == 0x6 &&
	   lacp_port_coll_dist(&port[3]),
	   "carrier down unselects at once; 1 vs 1: system 1 keeps the "
	   "aggregator (incumbent) over port 0");

	/* and the last one: system 2 takes over */
	lacp_port_set_enabled(&port[3], false, now);
	changed = step(now);
	ok(changed == 0x1 && sel_mask(LACP_SELECTED) == 0x1 &&
	   sel_mask(LACP_UNSELECTED) == 0xe,
	   "system 1 gone: port 0 (system 2) selected");
	ok(lacp_port_coll_dist(&port[0]),
	   "port 0 collects/distributes at once: its wait_while ran out in "
	   "standby");
}

static void test_tie(void)
{
	setup();
	/* ports 0, 3 to system 5; ports 1, 2 to system 4: tie 2-2 */
	feed(0, 5, 7, AGG_SYNC);
	feed(3, 5, 7, AGG_SYNC);
	feed(1, 4, 7, AGG_SYNC);
	feed(2, 4, 7, AGG_SYNC);
	step(now);
	ok(sel_mask(LACP_SELECTED) == 0x9 && sel_mask(LACP_STANDBY) == 0x6,
	   "2 vs 2, no incumbent: the group with the lowest port id (port 0)");

	setup();
	port[0].actor.port_prio = 0x90;
	port[1].actor.port_prio = 0x90;
	feed(0, 5, 7, AGG_SYNC);
	feed(1, 5, 7, AGG_SYNC);
	feed(2, 4, 7, AGG_SYNC);
	feed(3, 4, 7, AGG_SYNC);
	step(now);
	ok(sel_mask(LACP_SELECTED) == 0xc,
	   "port priority counts before port number");
}

static void test_key(void)
{
	setup();
	/* same system, but port 2 is in another of its LAGs (key 8) */
	feed(0, 1, 7, AGG_SYNC);
	feed(1, 1, 7, AGG_SYNC);
	feed(2, 1, 8, AGG_SYNC);
	step(now);
	step(now + 5000);
	ok(sel_mask(LACP_SELECTED) == 0x3 && sel_mask(LACP_STANDBY) == 0x4 &&
	   !lacp_port_coll_dist(&port[2]) &&
	   port[2].mux_state == LACP_MUX_WAITING &&
	   !(port[2].actor.state & LACP_ST_SYNC),
	   "partner key differs on port 2: not selected, not in sync");

	/* our own ports with different keys never share the aggregator */
	setup();
	port[1].actor.key = 99;
	feed(0, 1, 7, AGG_SYNC);
	feed(1, 1, 7, AGG_SYNC);
	step(now);
	ok(sel_mask(LACP_SELECTED) == 0x1 && sel_mask(LACP_STANDBY) == 0x2,
	   "actor keys differ: only one of the two ports selected");

	/* the partner changes key: the port leaves at once */
	setup();
	feed(0, 1, 7, AGG_SYNC);
	feed(1, 1, 7, AGG_SYNC);
	step(now);
	step(now + 2000);
	feed(1, 1, 8, AGG_SYNC);
	ok(port[1].selected == LACP_UNSELECTED && !lacp_port_coll_dist(&port[1]),
	   "partner changes its key: update_Selected unselects the port");
	step(now);
	ok(port[1].selected == LACP_STANDBY && port[0].selected == LACP_SELECTED,
	   "and selection puts it in standby, apart from port 0");
}

static void test_individual(void)
{
	setup();
	/* port 3's partner is individual (Aggregation clear) */
	feed(3, 1, 7, LACP_ST_SYNC);
	step(now);
	step(now + 2000);
	ok(sel_mask(LACP_SELECTED) == 0x8 && lacp_port_coll_dist(&port[3]),
	   "a lone individual partner gets the aggregator");
	feed(0, 1, 7, AGG_SYNC);
	feed(1, 1, 7, AGG_SYNC);
	step(now);
	ok(sel_mask(LACP_SELECTED) == 0x3 && sel_mask(LACP_STANDBY) == 0x8 &&
	   !lacp_port_coll_dist(&port[3]),
	   "two aggregatable ports beat it; it never joins them");
}

static void test_limits(void)
{
	static struct lacp_port big[LACP_MAX_PORTS + 4];
	struct lacp_port *many[LACP_MAX_PORTS + 4];
	unsigned int i, changed, unsel = 0;

	for (i = 0; i < ARRAY_SIZE(big); i++) {
		struct lacp_pdu pdu = { .version = 1 };
		struct lacp_info a;

		sim_port_info(&a, 0, i);
		lacp_port_init(&big[i], &a, true, true, now);
		lacp_port_set_enabled(&big[i], true, now);
		pdu.actor.sys[5] = 1;
		pdu.actor.port = i + 1;
		pdu.actor.state = LACP_ST_ACTIVITY | AGG_SYNC;
		pdu.partner = big[i].actor;
		lacp_port_rx(&big[i], &pdu, now);
		many[i] = &big[i];
	}
	changed = lacp_select(many, ARRAY_SIZE(many));
	for (i = LACP_MAX_PORTS; i < ARRAY_SIZE(big); i++)
		unsel += big[i].selected == LACP_UNSELECTED;
	ok(changed == 0xffffffffU && big[31].selected == LACP_SELECTED &&
	   unsel == 4,
	   "36 ports: the first 32 selected (0x%x), the rest left alone",
	   changed);
	ok(lacp_select(ports, 0) == 0, "no ports: nothing");
}

/* ---- two LAGs of 4 in the simulator ---- */

static void test_sim_lag(void)
{
	static struct sim w;
	struct lacp_info a;

	sim_init(&w, 4, 1, 1, 1, 0);
	/* B's port 3 belongs to another LAG of B (key 99) */
	sim_port_info(&a, 1, 3);
	a.key = 99;
	lacp_port_init(sim_p(&w, 1, 3), &a, true, false, w.now);
	sim_all_links(&w, 1);
	sim_run(&w, w.now + 10000);
	ok(sim_cd(&w, 0, 0) && sim_cd(&w, 0, 1) && sim_cd(&w, 0, 2) &&
	   !sim_cd(&w, 0, 3) && sim_p(&w, 0, 3)->selected == LACP_STANDBY,
	   "LAG of 4, partner's port 3 in another LAG: 3 active, 1 standby");
	ok(sim_cd(&w, 1, 0) && sim_cd(&w, 1, 1) && sim_cd(&w, 1, 2) &&
	   !sim_cd(&w, 1, 3), "the partner agrees");

	sim_link(&w, 1, 0);
	sim_run(&w, w.now + 10000);
	ok(sim_cd(&w, 0, 0) && !sim_cd(&w, 0, 1) && sim_cd(&w, 0, 2) &&
	   !sim_cd(&w, 0, 3), "a link down: the other two stay");
	sim_link(&w, 1, 1);
	sim_run(&w, w.now + 10000);
	ok(sim_cd(&w, 0, 0) && sim_cd(&w, 0, 1) && sim_cd(&w, 0, 2) &&
	   sim_max_per_second(&w, 0, 1) <= 3,
	   "it comes back and rejoins");
}

int main(void)
{
	test_two_systems();
	test_tie();
	test_key();
	test_individual();
	test_limits();
	test_sim_lag();
	return tap_done();
}
