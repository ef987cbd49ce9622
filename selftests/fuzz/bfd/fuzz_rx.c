// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the BFD protocol core: bytes go into the receive
 * path of session A (parse, session checks, authentication with a
 * configured key, state machine) interleaved with timer expiries,
 * parameter and admin changes, and traffic from a well-behaved peer B.
 * Everything A sends is parsed back and must be valid; the actions the
 * core returns are checked for consistency.  Input format: fuzz_common.h.
 */
#include <stdlib.h>
#include <string.h>

#include "bfd_proto.h"
#include "fuzz_common.h"

#define CHECK(x)	do { if (!(x)) __builtin_trap(); } while (0)

struct world {
	struct bfd_session a, b;
	u32 rnd;
};

static u32 next_rnd(struct world *w)
{
	w->rnd = w->rnd * 1664525u + 1013904223u;
	return w->rnd;
}

static void check_act(const struct bfd_session *s, const struct bfd_actions *a)
{
	CHECK(s->state <= BFD_STATE_UP);
	CHECK(!((a->flags & BFD_ACT_CARRIER_DOWN) &&
		(a->flags & BFD_ACT_CARRIER_UP)));
	CHECK(!((a->flags & BFD_ACT_DETECT_ARM) &&
		(a->flags & BFD_ACT_DETECT_STOP)));
	if (a->flags & BFD_ACT_STATE) {
		CHECK(a->old_state != a->new_state);
		CHECK(a->new_state == s->state);
	}
	if (a->flags & BFD_ACT_TX_ARM)
		CHECK(a->tx_us > 0);
	if (a->flags & BFD_ACT_DETECT_ARM)
		CHECK(a->detect_us > 0);
	/* never Up since the last AdminDown: carrier is never taken */
	if (!s->ever_up)
		CHECK(s->carrier_ok);
	if (s->state != BFD_STATE_UP)
		CHECK(s->desired_min_tx >= BFD_SLOW_TX_US);
	CHECK(!(s->poll_active && s->state != BFD_STATE_UP));
}

static void deliver(struct world *w, struct bfd_session *to, const u8 *p,
		    u32 len, int depth);

/* Build what @from must send and hand it to the other session */
static void send_pkt(struct world *w, struct bfd_session *from, u32 flags,
		     int depth)
{
	struct bfd_session *to = from == &w->a ? &w->b : &w->a;
	u8 buf[BFD_PKT_MAX];
	struct bfd_pkt pkt;
	u32 len;

	len = bfd_session_build(from, buf, sizeof(buf), flags);
	CHECK(len >= BFD_HDR_LEN);
	CHECK(bfd_pkt_parse(buf, len, &pkt) == BFD_RX_OK);
	CHECK(!((pkt.flags & BFD_FLAG_P) && (pkt.flags & BFD_FLAG_F)));
	CHECK(pkt.my_discr == from->local_discr);
	CHECK(pkt.required_min_echo_rx == 0);
	deliver(w, to, buf, len, depth + 1);
}

static void act_on(struct world *w, struct bfd_session *s,
		   const struct bfd_actions *a, int depth)
{
	check_act(s, a);
	/* each hop is a state change or a Final: a chain must end */
	if (depth > 16)
		__builtin_trap();
	if (a->flags & BFD_ACT_SEND_FINAL)
		send_pkt(w, s, BFD_BUILD_FINAL, depth);
	if (a->flags & BFD_ACT_SEND)
		send_pkt(w, s, 0, depth);
}

static void deliver(struct world *w, struct bfd_session *to, const u8 *p,
		    u32 len, int depth)
{
	struct bfd_session before = *to;
	struct bfd_actions a;
	enum bfd_rx_reason r;
	struct bfd_pkt pkt;

	r = bfd_pkt_parse(p, len, &pkt);
	CHECK((unsigned int)r < BFD_RX_REASON_MAX);
	if (r != BFD_RX_OK)
		return;
	CHECK(pkt.length <= len && pkt.version == 1);
	r = bfd_session_rx(to, &pkt, p, next_rnd(w), &a);
	CHECK((unsigned int)r < BFD_RX_REASON_MAX);
	if (r != BFD_RX_OK && r != BFD_RX_ADMIN_DOWN) {
		/* a dropped packet leaves no trace */
		CHECK(!memcmp(&before, to, sizeof(before)));
		return;
	}
	act_on(w, to, &a, depth);
}

static void setup(struct world *w, u8 conf)
{
	struct bfd_session_cfg c = { 0 };
	struct bfd_actions a;
	u8 t = conf & 7;

	memset(w, 0, sizeof(*w));
	w->rnd = 5880;
	c.desired_min_tx = 50000;
	c.required_min_rx = 50000;
	c.detect_mult = 3;
	if (t < 6) {
		c.auth.type = t;
		c.auth.len = fuzz_key_len[t];
		c.auth.key_id = FUZZ_KEY_ID;
		memcpy(c.auth.key, FUZZ_KEY, c.auth.len);
	}
	c.local_discr = FUZZ_DISCR_B;
	c.xmit_auth_seq = 1000;
	CHECK(bfd_session_init(&w->b, &c, 1, &a) == BFD_CFG_OK);
	c.local_discr = FUZZ_DISCR_A;
	c.passive = !!(conf & 8);
	c.remote_admin_is_failure = !!(conf & 16);
	c.xmit_auth_seq = 0xfffffff0u;
	CHECK(bfd_session_init(&w->a, &c, 2, &a) == BFD_CFG_OK);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const u8 *end = data + size;
	struct bfd_actions a;
	struct world w;

	if (!size)
		return 0;
	setup(&w, *data++);
	while (data < end) {
		u8 op = *data++ % OP_MAX;

		switch (op) {
		case OP_RX: {
			u8 len;

			if (data >= end)
				return 0;
			len = *data++;
			if (len > end - data)
				len = end - data;
			/* an exact copy, so ASan sees any overread */
			{
				u8 *copy = malloc(len ? len : 1);

				memcpy(copy, data, len);
				deliver(&w, &w.a, copy, len, 0);
				free(copy);
			}
			data += len;
			break;
		}
		case OP_TX:
			bfd_session_tx_timer(&w.a, next_rnd(&w), &a);
			CHECK(a.flags & BFD_ACT_TX_ARM);
			act_on(&w, &w.a, &a, 0);
			break;
		case OP_DET:
			bfd_session_detect_timer(&w.a, next_rnd(&w), &a);
			act_on(&w, &w.a, &a, 0);
			break;
		case OP_PEER:
			bfd_session_tx_timer(&w.b, next_rnd(&w), &a);
			act_on(&w, &w.b, &a, 0);
			break;
		case OP_PARAM: {
			u32 tx, rx;

			if (end - data < 9)
				return 0;
			tx = bfd_get_be32(data);
			rx = bfd_get_be32(data + 4);
			if (bfd_session_set_params(&w.a, tx, rx, data[8],
						   next_rnd(&w), &a) ==
			    BFD_CFG_OK)
				act_on(&w, &w.a, &a, 0);
			else
				CHECK(!tx || !rx || !data[8]);
			data += 9;
			break;
		}
		case OP_ADMIN:
			if (data >= end)
				return 0;
			bfd_session_set_admin(&w.a, *data++ & 1, next_rnd(&w),
					      &a);
			act_on(&w, &w.a, &a, 0);
			break;
		case OP_PDET:
			bfd_session_detect_timer(&w.b, next_rnd(&w), &a);
			act_on(&w, &w.b, &a, 0);
			break;
		case OP_AUTH: {
			struct bfd_auth_key k = { 0 };

			if (data >= end)
				return 0;
			k.type = *data++ % 6;
			k.len = fuzz_key_len[k.type];
			k.key_id = FUZZ_KEY_ID;
			memcpy(k.key, FUZZ_KEY, k.len);
			CHECK(bfd_session_set_auth(&w.a, &k, next_rnd(&w)) ==
			      BFD_CFG_OK);
			break;
		}
		}
	}
	bfd_wipe(&w.a.auth, sizeof(w.a.auth));
	return 0;
}
