// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_rx: convergence in each activity and
 * timeout combination, partner silence, carrier flaps, mode changes, late
 * timers, LACPDUs as B would send them (plain, out of sync, wrong key,
 * later version, Linux bonding's), malformed ones, and corrupted ones.
 * Usage: gen_corpus DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lacp_proto.h"
#include "fuzz_common.h"

static unsigned char in[4096];
static size_t n;

static void put(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(in, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void start(unsigned char conf)
{
	n = 0;
	in[n++] = conf;
}

static void op_time(int op, unsigned int ms)
{
	in[n++] = op;
	in[n++] = ms >> 8;
	in[n++] = ms & 0xff;
}

static void op2(int op, unsigned char a, unsigned char b)
{
	in[n++] = op;
	in[n++] = a;
	in[n++] = b;
}

static void op_rx(unsigned char port, const unsigned char *p,
		  unsigned char len)
{
	in[n++] = OP_RX;
	in[n++] = port;
	in[n++] = len;
	memcpy(in + n, p, len);
	n += len;
}

/* What B's port @i says to A's port @i, as fuzz_rx sets them up */
static void b_pdu(int i, unsigned char state, unsigned char *buf)
{
	struct lacp_pdu pdu = { .version = LACP_VERSION };
	const struct lacp_info a = {
		.sys_prio = 0x8000, .sys = { 2, 0, 0, 0, 0, 0 }, .key = 10,
		.port_prio = 0x80, .port = i + 1,
		.state = LACP_ST_ACTIVITY | LACP_ST_TIMEOUT |
			 LACP_ST_AGGREGATION | LACP_ST_SYNC |
			 LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING,
	};

	pdu.actor = a;
	pdu.actor.sys[5] = 1;
	pdu.actor.state = state;
	pdu.partner = a;
	lacp_pdu_build(buf, &pdu);
}

int main(int argc, char **argv)
{
	static const unsigned char confs[] = {
		0x0f, 0x05, 0x03, 0x0c, 0x01, 0x00, 0x1f, 0x0d,
	};
	const unsigned char up = LACP_ST_ACTIVITY | LACP_ST_TIMEOUT |
				 LACP_ST_AGGREGATION | LACP_ST_SYNC |
				 LACP_ST_COLLECTING | LACP_ST_DISTRIBUTING;
	unsigned char p[LACP_PDU_LEN + 16];
	char name[64];
	unsigned int k;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (k = 0; k < sizeof(confs); k++) {
		start(confs[k]);
		op_time(OP_TIME, 5000);
		op_time(OP_TIME, 40000);
		snprintf(name, sizeof(name), "converge_%02x", confs[k]);
		put(argv[1], name);
	}

	start(0x0f);
	op_time(OP_TIME, 5000);
	op2(OP_MUTE, 0, 1);
	op_time(OP_TIME, 8000);
	op2(OP_MUTE, 0, 0);
	op_time(OP_TIME, 5000);
	put(argv[1], "silence_fast");

	start(0x05);
	op_time(OP_TIME, 5000);
	op2(OP_MUTE, 1, 1);
	op_time(OP_TIME, 65000);
	op_time(OP_TIME, 40000);
	put(argv[1], "silence_slow");

	start(0x0f);
	op_time(OP_TIME, 5000);
	op2(OP_LINK, 0, 0);
	op_time(OP_TIME, 1000);
	op2(OP_LINK, 0, 1);
	op_time(OP_TIME, 5000);
	op2(OP_LINK, 1, 0);
	op2(OP_LINK, 1, 1);
	op_time(OP_TIME, 3000);
	put(argv[1], "link_flap");

	start(0x07);
	op_time(OP_TIME, 5000);
	op2(OP_MODE, 0, 0);
	op_time(OP_TIME, 3000);
	op2(OP_MODE, 0, 1);
	op2(OP_MODE, 0, 3);
	op2(OP_MODE, 0, 2);
	op2(OP_MODE, 1, 0);
	op_time(OP_TIME, 40000);
	put(argv[1], "mode");

	start(0x0f);
	op_time(OP_LATE, 2500);
	op_time(OP_LATE, 10000);
	op_time(OP_TIME, 5000);
	op_time(OP_LATE, 0);
	put(argv[1], "late");

	/* LACPDUs as B's port 0 would send them, straight to A's port 0 */
	start(0x0f);
	op2(OP_MUTE, 0, 1);
	b_pdu(0, up & ~(LACP_ST_SYNC | LACP_ST_COLLECTING |
			LACP_ST_DISTRIBUTING), p);
	op_rx(0, p, LACP_PDU_LEN);
	op_time(OP_TIME, 2000);
	b_pdu(0, up, p);
	op_rx(0, p, LACP_PDU_LEN);
	op_time(OP_TIME, 1000);
	op_rx(0, p, LACP_PDU_LEN);
	b_pdu(0, up & ~LACP_ST_SYNC, p);
	op_rx(0, p, LACP_PDU_LEN);
	op_time(OP_TIME, 5000);
	put(argv[1], "rx_handshake");

	start(0x0f);
	b_pdu(0, up, p);
	op_rx(0, p, LACP_PDU_LEN);
	put(argv[1], "rx_one");

	b_pdu(1, up, p);
	p[33] ^= 1;	/* partner key: not us */
	start(0x0f);
	op_rx(1, p, LACP_PDU_LEN);
	op_time(OP_TIME, 3000);
	put(argv[1], "rx_wrong_key");

	b_pdu(1, up, p);
	p[1] = 2;
	p[58] = 4;
	p[59] = 6;
	memset(p + LACP_PDU_LEN, 0x5a, 16);
	start(0x0f);
	op_rx(1, p, LACP_PDU_LEN + 16);
	put(argv[1], "rx_version2");

	b_pdu(0, up, p);
	start(0x0f);
	op_rx(0, p, 60);
	p[0] = LACP_SUBTYPE_MARKER;
	op_rx(0, p, LACP_PDU_LEN);
	p[0] = LACP_SUBTYPE_LACP;
	p[1] = 0;
	op_rx(0, p, LACP_PDU_LEN);
	p[1] = 1;
	p[43] = 17;
	op_rx(0, p, LACP_PDU_LEN);
	put(argv[1], "rx_malformed");

	/* Linux 6.12 bonding's first LACPDU (test_codec.c) */
	memset(p, 0, sizeof(p));
	memcpy(p, "\x01\x01\x01\x14\xff\xff\x02\x00\x00\x00\x00\x01\x00\x0f"
	       "\x00\xff\x00\x01\xc7\x00\x00\x00\x02\x14\xff\xff\x00\x00"
	       "\x00\x00\x00\x00\x00\x01\x00\xff\x00\x01\x02\x00\x00\x00"
	       "\x03\x10", 44);
	start(0x0f);
	op_rx(0, p, LACP_PDU_LEN);
	op_time(OP_TIME, 4000);
	put(argv[1], "rx_bonding");

	start(0x0f);
	op_time(OP_TIME, 5000);
	for (k = 0; k < 8; k++) {
		in[n++] = OP_MUT;
		in[n++] = k & 1;
		in[n++] = 18 + 20 * (k & 1) + k;
		in[n++] = 1 << k;
		op_time(OP_TIME, 700);
	}
	put(argv[1], "corrupt");

	/* a Marker Information PDU, as bonding sends it */
	memset(p, 0, sizeof(p));
	memcpy(p, "\x02\x01\x01\x10\x00\x01\x02\x00\x00\x00\x00\x01"
	       "\x00\x00\x00\x07", 16);
	start(0x0f);
	op_rx(0, p, LACP_MARKER_LEN);
	put(argv[1], "rx_marker");
	return 0;
}
