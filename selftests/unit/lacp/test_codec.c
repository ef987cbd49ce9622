// SPDX-License-Identifier: GPL-2.0
/*
 * LACPDU codec: golden bytes captured from Linux bonding, round trips,
 * every rejection, tolerance of later versions, and no read past @len.
 */
#include "lacp_test.h"

/*
 * What Linux 6.12 bonding (mode 802.3ad, lacp_rate fast, port v0 with
 * address 02:00:00:00:00:01, no partner yet) sent, captured in the test
 * VM (`ip link add bond0 type bond mode 802.3ad lacp_rate fast`, a
 * veth end enslaved, `tcpdump -xx` on the other end), from the
 * subtype on: actor 65535/02:00:00:00:00:01 key 15 port 255/1 state
 * 0xc7; partner 65535/00:00:00:00:00:00 key 1 port 255/1 state 0x02.
 */
static const u8 bonding_pdu[LACP_PDU_LEN] = {
	0x01, 0x01,
	0x01, 0x14, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x0f, 0x00, 0xff, 0x00, 0x01, 0xc7, 0x00, 0x00, 0x00,
	0x02, 0x14, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0xff, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00,
	0x03, 0x10, 0x00, 0x00,
	/* 12 reserved, terminator, 50 reserved: zero */
};

static const struct lacp_pdu bonding_fields = {
	.version = 1,
	.actor = {
		.sys_prio = 0xffff, .sys = { 2, 0, 0, 0, 0, 1 }, .key = 15,
		.port_prio = 0xff, .port = 1, .state = 0xc7,
	},
	.partner = {
		.sys_prio = 0xffff, .key = 1, .port_prio = 0xff, .port = 1,
		.state = LACP_ST_TIMEOUT,
	},
};

static int info_eq(const struct lacp_info *a, const struct lacp_info *b)
{
	return a->sys_prio == b->sys_prio && !memcmp(a->sys, b->sys, 6) &&
	       a->key == b->key && a->port_prio == b->port_prio &&
	       a->port == b->port && a->state == b->state;
}

static int pdu_eq(const struct lacp_pdu *a, const struct lacp_pdu *b)
{
	return a->version == b->version && info_eq(&a->actor, &b->actor) &&
	       info_eq(&a->partner, &b->partner) &&
	       a->collector_max_delay == b->collector_max_delay;
}

/* Parse @len bytes from an exactly sized heap copy (ASan sees overreads) */
static enum lacp_pdu_err parse_exact(const u8 *b, unsigned int len,
				     struct lacp_pdu *pdu)
{
	u8 *copy = malloc(len ? len : 1);
	enum lacp_pdu_err e;

	memcpy(copy, b, len);
	e = lacp_pdu_parse(copy, len, pdu);
	free(copy);
	return e;
}

static void test_golden(void)
{
	u8 buf[LACP_PDU_LEN];
	struct lacp_pdu pdu;

	memset(buf, 0xa5, sizeof(buf));
	lacp_pdu_build(buf, &bonding_fields);
	ok(!memcmp(buf, bonding_pdu, LACP_PDU_LEN),
	   "build: the 110 bytes Linux bonding sends for the same fields");
	ok(parse_exact(bonding_pdu, LACP_PDU_LEN, &pdu) == LACP_PDU_OK,
	   "parse: bonding's LACPDU is accepted");
	ok(pdu_eq(&pdu, &bonding_fields),
	   "parse: every field of bonding's LACPDU decoded");
}

static void test_port_golden(void)
{
	struct lacp_info a = bonding_fields.actor;
	struct lacp_port p;
	struct lacp_pdu pdu;
	u8 buf[LACP_PDU_LEN];

	/* the same port set up like bonding's v0: active, fast */
	lacp_port_init(&p, &a, true, true, 5000);
	lacp_port_set_enabled(&p, true, 5000);
	ok(lacp_port_tx(&p, 5000, &pdu), "carrier up: an LACPDU is due at once");
	lacp_pdu_build(buf, &pdu);
	ok(!memcmp(buf, bonding_pdu, 22),
	   "first LACPDU: subtype, version and actor TLV equal bonding's "
	   "(state 0x%02x)", pdu.actor.state);
	ok(buf[22] == 2 && buf[23] == 20 && buf[38] == LACP_ST_TIMEOUT,
	   "partner TLV: administrative partner, state 0x02 as bonding's");
	ok(!memcmp(buf + 42, bonding_pdu + 42, LACP_PDU_LEN - 42),
	   "collector, terminator and reserved octets equal bonding's");
}

static void test_round_trip(void)
{
	int k, bad = 0;

	for (k = 0; k < 2000; k++) {
		struct lacp_pdu in, out;
		u8 buf[LACP_PDU_LEN];
		unsigned int i;

		in.version = 1 + (k & 1) * (rand() % 255);
		in.actor.sys_prio = rand();
		in.partner.sys_prio = rand();
		for (i = 0; i < 6; i++) {
			in.actor.sys[i] = rand();
			in.partner.sys[i] = rand();
		}
		in.actor.key = rand();
		in.actor.port_prio = rand();
		in.actor.port = rand();
		in.actor.state = rand();
		in.partner.key = rand();
		in.partner.port_prio = rand();
		in.partner.port = rand();
		in.partner.state = rand();
		in.collector_max_delay = rand();
		lacp_pdu_build(buf, &in);
		if (parse_exact(buf, sizeof(buf), &out) != LACP_PDU_OK ||
		    !pdu_eq(&in, &out))
			bad++;
	}
	ok(!bad, "2000 random PDUs (versions 1..255) survive build + parse");
}

static void test_reject(void)
{
	struct lacp_pdu pdu;
	u8 b[LACP_PDU_LEN + 20];
	unsigned int len, bad = 0;
	struct {
		int off;
		u8 val;
		enum lacp_pdu_err want;
		const char *what;
	} cases[] = {
		{ 0, 0x02, LACP_PDU_SUBTYPE, "subtype 2 (Marker)" },
		{ 0, 0x00, LACP_PDU_SUBTYPE, "subtype 0" },
		{ 1, 0x00, LACP_PDU_VERSION, "version 0" },
		{ 2, 0x02, LACP_PDU_TLV, "actor TLV type 2" },
		{ 3, 0x13, LACP_PDU_TLV, "actor TLV length 19" },
		{ 22, 0x01, LACP_PDU_TLV, "partner TLV type 1" },
		{ 23, 0x15, LACP_PDU_TLV, "partner TLV length 21" },
		{ 42, 0x00, LACP_PDU_TLV, "collector TLV type 0" },
		{ 43, 0x14, LACP_PDU_TLV, "collector TLV length 20" },
		{ 58, 0x04, LACP_PDU_TLV, "terminator type 4 in version 1" },
		{ 59, 0x02, LACP_PDU_TLV, "terminator length 2 in version 1" },
	};
	unsigned int i;

	for (len = 0; len < LACP_PDU_LEN; len++) {
		enum lacp_pdu_err e = parse_exact(bonding_pdu, len, &pdu);

		if (e != LACP_PDU_SHORT)
			bad++;
	}
	ok(!bad, "every length 0..109 is short, nothing read beyond it");

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		enum lacp_pdu_err e;

		memcpy(b, bonding_pdu, LACP_PDU_LEN);
		b[cases[i].off] = cases[i].val;
		e = parse_exact(b, LACP_PDU_LEN, &pdu);
		ok(e == cases[i].want, "%s: %s", cases[i].what,
		   lacp_pdu_err_name(e));
	}
	memcpy(b, bonding_pdu, LACP_PDU_LEN);
	b[0] = 0x02;
	ok(parse_exact(b, 10, &pdu) == LACP_PDU_SUBTYPE,
	   "a short Marker PDU counts as subtype, not short");
}

static void test_tolerate(void)
{
	struct lacp_pdu pdu;
	u8 b[LACP_PDU_LEN + 20];
	unsigned int i;

	memcpy(b, bonding_pdu, LACP_PDU_LEN);
	for (i = 19; i < 22; i++)
		b[i] = 0xee;
	for (i = 39; i < 42; i++)
		b[i] = 0xee;
	for (i = 46; i < 58; i++)
		b[i] = 0xee;
	for (i = 60; i < LACP_PDU_LEN; i++)
		b[i] = 0xee;
	ok(parse_exact(b, LACP_PDU_LEN, &pdu) == LACP_PDU_OK &&
	   pdu_eq(&pdu, &bonding_fields),
	   "reserved octets are ignored (6.4.2.3)");

	memcpy(b, bonding_pdu, LACP_PDU_LEN);
	memset(b + LACP_PDU_LEN, 0x55, 20);
	ok(parse_exact(b, sizeof(b), &pdu) == LACP_PDU_OK,
	   "trailing padding beyond 110 bytes is accepted");

	/* version 2: a Port Algorithm TLV where version 1 has its terminator */
	memcpy(b, bonding_pdu, LACP_PDU_LEN);
	b[1] = 2;
	b[58] = 0x04;
	b[59] = 0x06;
	ok(parse_exact(b, LACP_PDU_LEN, &pdu) == LACP_PDU_OK &&
	   pdu.version == 2 && info_eq(&pdu.actor, &bonding_fields.actor) &&
	   info_eq(&pdu.partner, &bonding_fields.partner),
	   "version 2 with extra TLVs after the collector: read as version 1");
}

static void test_names(void)
{
	struct lacp_port p;
	struct lacp_info a = { .port = 1 };

	ok(!strcmp(lacp_pdu_err_name(LACP_PDU_OK), "ok") &&
	   !strcmp(lacp_pdu_err_name(LACP_PDU_SHORT), "short") &&
	   !strcmp(lacp_pdu_err_name(LACP_PDU_SUBTYPE), "subtype") &&
	   !strcmp(lacp_pdu_err_name(LACP_PDU_VERSION), "version") &&
	   !strcmp(lacp_pdu_err_name(LACP_PDU_TLV), "tlv") &&
	   !strcmp(lacp_pdu_err_name(LACP_PDU_ERR_MAX), "?"),
	   "lacp_pdu_err_name() names every verdict, ? beyond");
	ok(!strcmp(lacp_rx_state_name(LACP_RX_CURRENT), "current") &&
	   !strcmp(lacp_mux_state_name(LACP_MUX_COLL_DIST),
		   "collecting_distributing") &&
	   !strcmp(lacp_ptx_state_name(LACP_PTX_SLOW_PERIODIC),
		   "slow_periodic") &&
	   !strcmp(lacp_sel_name(LACP_STANDBY), "standby") &&
	   !strcmp(lacp_rx_state_name(200), "?") &&
	   !strcmp(lacp_mux_state_name(4), "?") &&
	   !strcmp(lacp_ptx_state_name(3), "?") &&
	   !strcmp(lacp_sel_name(3), "?"),
	   "state names, ? beyond");

	lacp_port_init(&p, &a, true, false, 0);
	lacp_port_rx_err(&p, LACP_PDU_TLV);
	lacp_port_rx_err(&p, LACP_PDU_TLV);
	lacp_port_rx_err(&p, LACP_PDU_SHORT);
	lacp_port_rx_err(&p, LACP_PDU_OK);
	lacp_port_rx_err(&p, LACP_PDU_ERR_MAX);
	ok(p.stats.rx_err[LACP_PDU_TLV] == 2 &&
	   p.stats.rx_err[LACP_PDU_SHORT] == 1 &&
	   p.stats.rx_err[LACP_PDU_OK] == 0 &&
	   p.stats.rx_err[LACP_PDU_SUBTYPE] == 0 &&
	   p.stats.rx_err[LACP_PDU_VERSION] == 0 && p.stats.rx_pdus == 0,
	   "lacp_port_rx_err() counts by verdict, ignores OK and out of range");
}

static void test_marker(void)
{
	u8 m[LACP_MARKER_LEN], orig[LACP_MARKER_LEN], b[LACP_MARKER_LEN];
	unsigned int i;

	/* Marker Information: port 3, system 02:00:00:00:00:09, xid 0x1234 */
	memset(m, 0, sizeof(m));
	memcpy(m, "\x02\x01\x01\x10\x00\x03\x02\x00\x00\x00\x00\x09"
	       "\x00\x00\x12\x34", 16);
	memcpy(orig, m, sizeof(m));
	ok(lacp_marker_respond(m, sizeof(m)) && m[2] == LACP_TLV_MARKER_RESP &&
	   !memcmp(m, orig, 2) && !memcmp(m + 3, orig + 3, sizeof(m) - 3),
	   "Marker Information becomes the Marker Response, rest as received");
	memcpy(b, m, sizeof(m));
	ok(!lacp_marker_respond(b, sizeof(b)) && !memcmp(b, m, sizeof(b)),
	   "a Marker Response is not answered, nor changed");
	for (i = 0; i < LACP_MARKER_LEN; i++) {
		memcpy(b, orig, sizeof(b));
		if (lacp_marker_respond(b, i))
			break;
	}
	ok(i == LACP_MARKER_LEN, "nothing shorter than 110 bytes is answered");
	memcpy(b, orig, sizeof(b));
	b[3] = 20;
	memcpy(m, b, sizeof(m));
	ok(!lacp_marker_respond(b, sizeof(b)) && !memcmp(b, m, sizeof(b)),
	   "Marker TLV length 20: not answered");
	memcpy(b, orig, sizeof(b));
	b[1] = 0;
	memcpy(m, b, sizeof(m));
	ok(!lacp_marker_respond(b, sizeof(b)) && !memcmp(b, m, sizeof(b)),
	   "Marker version 0: not answered");
	memcpy(b, bonding_pdu, sizeof(b));
	ok(!lacp_marker_respond(b, sizeof(b)) &&
	   !memcmp(b, bonding_pdu, sizeof(b)), "an LACPDU is not a Marker");
}

int main(void)
{
	srand(1);
	test_golden();
	test_port_golden();
	test_round_trip();
	test_reject();
	test_tolerate();
	test_names();
	test_marker();
	return tap_done();
}
