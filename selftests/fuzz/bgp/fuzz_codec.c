// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the dcvifd message decoder.  Input: one flags octet
 * (bit 0: peer speaks 4-octet AS, bit 1: external peer) then a stream of
 * BGP messages, decoded as the session would, with every parsed UPDATE
 * re-encoded through the builder to exercise it too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"

static void
reencode(const struct bgp_update *u, const struct bgp_peer_ctx *ctx)
{
	static uint8_t out[BGP_MAX_LEN];
	struct bgp_out_attrs a = { 0 };
	struct bgp_nlri n = u->mp_reach.len ? u->mp_reach : u->nlri;
	struct bgp_prefix p;
	struct bgp_wbuf w;

	if (u->treat_as_withdraw || !(u->attrs.present & F_ASPATH))
		return;
	a.aid = n.aid ? n.aid : AID_INET;
	a.origin = u->attrs.origin;
	a.aspath = u->attrs.aspath;
	a.aspath_len = u->attrs.aspath_len;
	a.prepend_as = 4200000001u;
	a.prepend_count = 3;
	a.as4 = ctx->as4;
	a.comm = u->attrs.comm;
	a.comm_len = u->attrs.comm_len;
	a.lcomm = u->attrs.lcomm;
	a.lcomm_len = u->attrs.lcomm_len;
	a.others = u->attrs.others;
	a.others_len = u->attrs.others_len;
	a.nexthop = u->attrs.nexthop;
	a.nexthop6 = u->attrs.nexthop6;
	if (bgp_update_begin(&w, out, sizeof(out), &a) == -1)
		return;
	while (bgp_nlri_next(&n, &p) == 1)
		if (bgp_update_add(&w, &p) == -1)
			break;
	(void)bgp_update_finish(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_peer_ctx ctx;
	struct bgp_err e;
	struct bgp_open o;
	struct bgp_update u;
	struct bgp_prefix p;
	const uint8_t *d;
	size_t dl;
	uint16_t len;
	uint8_t type, c, s, aid;

	if (size < 1)
		return 0;
	ctx.as4 = data[0] & 1;
	ctx.ebgp = (data[0] >> 1) & 1;
	ctx.peer_as = ctx.as4 ? 64512 : 0;
	data++;
	size--;
	while (size > 0) {
		if (bgp_parse_header(data, size, &type, &len, &e) != 0)
			break;
		if (len > size)
			break;
		d = data + BGP_HDR_LEN;
		dl = len - BGP_HDR_LEN;
		switch (type) {
		case BGP_OPEN:
			(void)bgp_parse_open(d, dl, &o, &e);
			break;
		case BGP_UPDATE:
			if (bgp_parse_update(d, dl, &ctx, &u, &e) == 0) {
				while (bgp_nlri_next(&u.withdrawn, &p) == 1)
					;
				while (bgp_nlri_next(&u.mp_unreach, &p) == 1)
					;
				reencode(&u, &ctx);
				bgp_attrs_free(&u.attrs);
			}
			break;
		case BGP_NOTIFICATION:
			(void)bgp_parse_notification(d, dl, &c, &s, &d, &dl);
			break;
		case BGP_RREFRESH:
			(void)bgp_parse_rrefresh(d, dl, &aid, &e);
			break;
		}
		data += len;
		size -= len;
	}
	return 0;
}
