// SPDX-License-Identifier: GPL-2.0
/*
 * Helper for golden.py: "emit" prints packets built by the core, with the
 * values they must decode to; "parse HEX" decodes a packet built by scapy.
 */
#include "bfd_test.h"

static void hexdump(const u8 *p, u32 n)
{
	while (n--)
		printf("%02x", *p++);
}

static void emit(void)
{
	static const u8 types[] = { 0, 1, 2, 3, 4, 5 };
	static const u8 lens[] = { 0, 12, 16, 7, 20, 3 };
	struct bfd_session_cfg c;
	struct bfd_actions a;
	struct bfd_session s;
	u8 b[BFD_PKT_MAX], pb[BFD_PKT_MAX];
	struct bfd_pkt p;
	unsigned int t, k, step;
	u32 len, seq;

	for (t = 0; t < sizeof(types); t++) {
		for (step = 0; step < 3; step++) {
			sim_cfg(&c, prng() | 1, 50000 + prng() % 1000000,
				10000 + prng() % 1000000, 1 + prng() % 10);
			c.auth.type = types[t];
			c.auth.len = lens[t];
			c.auth.key_id = prng();
			prng_bytes(c.auth.key, lens[t]);
			bfd_session_init(&s, &c, 0, &a);
			if (step) {	/* peer Down -> we go Init */
				struct bfd_session peer;

				c.local_discr = prng() | 1;
				bfd_session_init(&peer, &c, 0, &a);
				len = bfd_session_build(&peer, pb, sizeof(pb), 0);
				bfd_pkt_parse(pb, len, &p);
				bfd_session_rx(&s, &p, pb, 0, &a);
			}
			if (step == 2)	/* AdminDown, diag 7 */
				bfd_session_set_admin(&s, true, 0, &a);
			seq = s.xmit_auth_seq;
			len = bfd_session_build(&s, b, sizeof(b),
						step == 1 ? BFD_BUILD_FINAL : 0);
			printf("pkt=");
			hexdump(b, len);
			printf(" key=");
			for (k = 0; k < s.auth.len; k++)
				printf("%02x", s.auth.key[k]);
			printf(" auth=%u keyid=%u seq=%u state=%u diag=%u "
			       "flags=%u mult=%u len=%u my=%u your=%u tx=%u "
			       "rx=%u\n", s.auth.type, s.auth.key_id, seq,
			       s.state, s.local_diag,
			       (step == 1 ? BFD_FLAG_F : 0) |
			       (t ? BFD_FLAG_A : 0), s.detect_mult, len,
			       s.local_discr, s.remote_discr, s.desired_min_tx,
			       s.required_min_rx);
		}
	}
}

static int parse(const char *hex)
{
	u8 b[256];
	struct bfd_pkt p;
	enum bfd_rx_reason r;
	u32 n = 0;
	unsigned int v;

	while (n < sizeof(b) && sscanf(hex + 2 * n, "%2x", &v) == 1)
		b[n++] = v;
	r = bfd_pkt_parse(b, n, &p);
	printf("reason=%s version=%u diag=%u state=%u flags=%u mult=%u "
	       "len=%u my=%u your=%u tx=%u rx=%u echo=%u\n",
	       bfd_rx_reason_name(r), p.version, p.diag, p.state, p.flags,
	       p.detect_mult, p.length, p.my_discr, p.your_discr,
	       p.desired_min_tx, p.required_min_rx, p.required_min_echo_rx);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "emit")) {
		emit();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "parse"))
		return parse(argv[2]);
	fprintf(stderr, "usage: golden emit | golden parse HEX\n");
	return 2;
}
