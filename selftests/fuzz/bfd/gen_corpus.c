// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_rx: for each authentication type, a
 * handshake made of valid packets signed with the fuzz key (Down, Init,
 * Up with Poll, Up with Final) interleaved with timer events, plus one
 * file per single packet.  Usage: gen_corpus DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bfd_proto.h"
#include "fuzz_common.h"

static const char * const names[] = {
	"none", "simple", "md5", "met_md5", "sha1", "met_sha1",
};

static void put(const char *dir, const char *name, const unsigned char *p,
		size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* A packet from a B-like session in @state, to A when @to_a */
static unsigned int pkt(struct bfd_session *b, unsigned char state, int to_a,
			unsigned int flags, int poll, unsigned char *out)
{
	b->state = state;
	b->remote_discr = to_a ? FUZZ_DISCR_A : 0;
	b->poll_active = poll;
	return bfd_session_build(b, out, BFD_PKT_MAX, flags);
}

int main(int argc, char **argv)
{
	unsigned char in[512], p[BFD_PKT_MAX];
	struct bfd_session_cfg c = { 0 };
	struct bfd_actions a;
	struct bfd_session b;
	char name[64];
	unsigned int t, n, len;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (t = 0; t < 6; t++) {
		c.local_discr = FUZZ_DISCR_B;
		c.desired_min_tx = 50000;
		c.required_min_rx = 50000;
		c.detect_mult = 3;
		c.xmit_auth_seq = 2000;
		c.auth.type = t;
		c.auth.len = fuzz_key_len[t];
		c.auth.key_id = FUZZ_KEY_ID;
		memcpy(c.auth.key, FUZZ_KEY, c.auth.len);
		if (bfd_session_init(&b, &c, 0, &a))
			return 1;

		n = 0;
		in[n++] = t;
		len = pkt(&b, BFD_STATE_DOWN, 0, 0, 0, p);
		snprintf(name, sizeof(name), "pkt_%s_down", names[t]);
		in[n++] = OP_RX;
		in[n++] = len;
		memcpy(in + n, p, len);
		n += len;
		put(argv[1], name, in, n);
		in[n++] = OP_TX;
		len = pkt(&b, BFD_STATE_INIT, 1, 0, 0, p);
		in[n++] = OP_RX;
		in[n++] = len;
		memcpy(in + n, p, len);
		n += len;
		in[n++] = OP_TX;
		b.desired_min_tx = 50000;
		len = pkt(&b, BFD_STATE_UP, 1, 0, 1, p);
		in[n++] = OP_RX;
		in[n++] = len;
		memcpy(in + n, p, len);
		n += len;
		len = pkt(&b, BFD_STATE_UP, 1, BFD_BUILD_FINAL, 0, p);
		in[n++] = OP_RX;
		in[n++] = len;
		memcpy(in + n, p, len);
		n += len;
		in[n++] = OP_TX;
		in[n++] = OP_PEER;
		in[n++] = OP_DET;
		in[n++] = OP_PDET;
		in[n++] = OP_PEER;
		snprintf(name, sizeof(name), "handshake_%s", names[t]);
		put(argv[1], name, in, n);

		/* a session brought Up by B alone, then parameter changes */
		n = 0;
		in[n++] = t;
		in[n++] = OP_PEER;
		in[n++] = OP_TX;
		in[n++] = OP_PEER;
		in[n++] = OP_TX;
		in[n++] = OP_PARAM;
		memcpy(in + n, "\x00\x01\x86\xa0\x00\x00\x27\x10\x05", 9);
		n += 9;
		in[n++] = OP_TX;
		in[n++] = OP_PEER;
		in[n++] = OP_ADMIN;
		in[n++] = 1;
		in[n++] = OP_TX;
		in[n++] = OP_ADMIN;
		in[n++] = 0;
		in[n++] = OP_PEER;
		in[n++] = OP_AUTH;
		in[n++] = (t + 1) % 6;
		in[n++] = OP_PEER;
		snprintf(name, sizeof(name), "peer_%s", names[t]);
		put(argv[1], name, in, n);
	}
	return 0;
}
