// SPDX-License-Identifier: GPL-2.0
/* codec unit tests: golden byte vectors and malformed input */
#include <arpa/inet.h>
#include <stdlib.h>

#include "../bgp.h"
#include "tap.h"

#define MARKER "ffffffffffffffffffffffffffffffff"

static uint8_t buf[BGP_MAX_LEN];

static int
update(const char *hexs, int as4, uint32_t peer_as, struct bgp_update *u,
    struct bgp_err *e)
{
	struct bgp_peer_ctx ctx = { .as4 = (uint8_t)as4, .ebgp = 1,
	    .peer_as = peer_as };
	static uint8_t m[BGP_MAX_LEN];	/* parsed NLRI points into it */
	size_t n = hex(hexs, m, sizeof(m));

	memset(e, 0, sizeof(*e));
	return bgp_parse_update(m, n, &ctx, u, e);
}

static void
test_header(void)
{
	struct bgp_err e = { 0 };
	uint8_t t = 0;
	uint16_t l = 0;
	size_t n;

	n = hex(MARKER "0013 04", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == 0 && t == 4 && l == 19,
	    "header: keepalive");
	TAP_OK(bgp_parse_header(buf, 10, &t, &l, &e) == 1,
	    "header: short read asks for more");
	buf[3] = 0;
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.code == 1 &&
	    e.subcode == 1, "header: bad marker -> 1/1");
	n = hex(MARKER "0014 04", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.code == 1 &&
	    e.subcode == 2 && e.datalen == 2 && e.data[1] == 0x14,
	    "header: keepalive length 20 -> 1/2 with length");
	n = hex(MARKER "1001 02", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.code == 1 &&
	    e.subcode == 2, "header: length 4097 -> 1/2");
	n = hex(MARKER "0012 02", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.subcode == 2,
	    "header: length 18 -> 1/2");
	n = hex(MARKER "0013 09", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.code == 1 &&
	    e.subcode == 3 && e.datalen == 1 && e.data[0] == 9,
	    "header: type 9 -> 1/3 with type");
	n = hex(MARKER "0016 02", buf, sizeof(buf));
	TAP_OK(bgp_parse_header(buf, n, &t, &l, &e) == -1 && e.subcode == 2,
	    "header: update of 22 octets -> 1/2");
}

static void
test_open(void)
{
	struct bgp_open_params op = { .as = 4200000001u, .holdtime = 90,
	    .aids = AID_BIT(AID_INET) | AID_BIT(AID_INET6) };
	const char *golden = MARKER "0033 01"
	    "04 5ba0 005a c0000201 16 02 14"
	    "01 04 0001 00 01" "01 04 0002 00 01" "02 00" "41 04 fa56ea01";
	uint8_t g[128];
	struct bgp_open o;
	struct bgp_err e;
	size_t gl = hex(golden, g, sizeof(g));
	int n;

	op.bgpid = htonl(0xc0000201);
	n = bgp_build_open(buf, sizeof(buf), &op);
	TAP_OK(n == (int)gl && memcmp(buf, g, gl) == 0,
	    "open: build matches golden bytes (AS_TRANS, 4 capabilities)");
	TAP_OK(bgp_parse_open(buf + 19, (size_t)n - 19, &o, &e) == 0 &&
	    o.as == 4200000001u && o.short_as == AS_TRANS && o.holdtime == 90 &&
	    o.capa_as4 && o.capa_refresh &&
	    o.capa_mp == (AID_BIT(AID_INET) | AID_BIT(AID_INET6)),
	    "open: parse own output");

	n = (int)hex("04 fde9 0000 0a000001 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.code == 2 &&
	    e.subcode == 6, "open: hold time 0 refused -> 2/6");
	n = (int)hex("04 fde9 0002 0a000001 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.subcode == 6,
	    "open: hold time 2 -> 2/6");
	n = (int)hex("03 fde9 005a 0a000001 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.code == 2 &&
	    e.subcode == 1 && e.datalen == 2 && e.data[1] == 4,
	    "open: version 3 -> 2/1 with version 4");
	n = (int)hex("04 fde9 005a 00000000 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.subcode == 3,
	    "open: BGP id 0 -> 2/3");
	n = (int)hex("04 fde9 005a 0a000001 03 01 01 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.subcode == 4,
	    "open: unknown optional parameter -> 2/4");
	n = (int)hex("04 fde9 005a 0a000001 05 02 03 01 04 00", buf,
	    sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.code == 2,
	    "open: capability overruns parameter -> 2/0");
	n = (int)hex("04 fde9 005a 0a000001 0a 02 08 01 04 0001 00 01 fe 00",
	    buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == 0 && o.as == 65001 &&
	    !o.capa_as4 && o.capa_mp == AID_BIT(AID_INET),
	    "open: unknown capability ignored, 2-octet AS");
	n = (int)hex("04 fde9 005a 0a000001 00", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == 0 &&
	    o.capa_mp == AID_BIT(AID_INET) && !o.capa_any,
	    "open: no capabilities means IPv4 unicast");
	n = (int)hex("04 fde9 005a 0a000001 05", buf, sizeof(buf));
	TAP_OK(bgp_parse_open(buf, (size_t)n, &o, &e) == -1 && e.code == 2,
	    "open: optional parameters length past the end");
}

static void
test_small(void)
{
	uint8_t c, s, aid;
	const uint8_t *d;
	size_t dl;
	struct bgp_err e;
	int n;

	n = bgp_build_keepalive(buf, sizeof(buf));
	TAP_OK(n == 19 && buf[18] == 4 && buf[16] == 0 && buf[17] == 19,
	    "keepalive: build");
	n = bgp_build_notification(buf, sizeof(buf), 4, 0, NULL, 0);
	TAP_OK(n == 21 && buf[19] == 4 && buf[20] == 0,
	    "notification: build 4/0");
	TAP_OK(bgp_parse_notification(buf + 19, 2, &c, &s, &d, &dl) == 0 &&
	    c == 4 && s == 0 && dl == 0, "notification: parse");
	n = bgp_build_rrefresh(buf, sizeof(buf), AID_INET6);
	TAP_OK(n == 23 && buf[20] == 2 && buf[22] == 1 &&
	    bgp_parse_rrefresh(buf + 19, 4, &aid, &e) == 0 && aid == AID_INET6,
	    "route refresh: build and parse IPv6");
	TAP_OK(bgp_parse_rrefresh(buf + 19, 3, &aid, &e) == -1 && e.code == 7,
	    "route refresh: short -> 7/1");
	n = bgp_build_eor(buf, sizeof(buf), AID_INET);
	TAP_OK(n == 23, "end-of-rib: IPv4 is an empty UPDATE");
	n = bgp_build_eor(buf, sizeof(buf), AID_INET6);
	TAP_OK(n == 30 && buf[23] == 0x90 && buf[24] == 15,
	    "end-of-rib: IPv6 is an empty MP_UNREACH");
}

static void
test_update_v4(void)
{
	struct bgp_update u;
	struct bgp_err e;
	struct bgp_prefix p;
	char s[64];
	int n;

	/*
	 * withdrawn 10.9.0.0/16; attrs ORIGIN IGP, AS_PATH 64512 7224,
	 * NEXT_HOP 169.254.0.1, MED 5, COMMUNITIES 7224:9100,
	 * LARGE_COMMUNITIES 7224:1:2; NLRI 10.1.0.0/16 10.2.3.0/24
	 */
	n = update("0003 10 0a09"
	    "0035"
	    "40 01 01 00"
	    "40 02 0a 02 02 0000fc00 00001c38"
	    "40 03 04 a9fe0001"
	    "80 04 04 00000005"
	    "c0 08 04 1c38238c"
	    "c0 20 0c 00001c38 00000001 00000002"
	    "10 0a01 18 0a0203", 1, 64512, &u, &e);
	TAP_OK(n == 0 && !u.treat_as_withdraw, "update v4: parses");
	TAP_OK(u.attrs.origin == 0 && u.attrs.med == 5 &&
	    u.attrs.nexthop.s_addr == htonl(0xa9fe0001) &&
	    u.attrs.comm_len == 4 && u.attrs.lcomm_len == 12,
	    "update v4: attributes");
	bgp_aspath_str(u.attrs.aspath, u.attrs.aspath_len, s, sizeof(s));
	TAP_OK(strcmp(s, "64512 7224") == 0, "update v4: AS path '%s'", s);
	TAP_OK(bgp_nlri_next(&u.nlri, &p) == 1 && prefix_str(&p, s, 64) == 0 &&
	    strcmp(s, "10.1.0.0/16") == 0 && bgp_nlri_next(&u.nlri, &p) == 1 &&
	    prefix_str(&p, s, 64) == 0 && strcmp(s, "10.2.3.0/24") == 0 &&
	    bgp_nlri_next(&u.nlri, &p) == 0, "update v4: NLRI");
	TAP_OK(bgp_nlri_next(&u.withdrawn, &p) == 1 &&
	    prefix_str(&p, s, 64) == 0 && strcmp(s, "10.9.0.0/16") == 0,
	    "update v4: withdrawn");
	bgp_attrs_free(&u.attrs);

	/* 2-octet peer: AS_PATH 23456 64512, AS4_PATH 4200000001 64512 */
	n = update("0000 0021 40 01 01 00 40 02 06 02 02 5ba0 fc00"
	    "40 03 04 a9fe0001 c0 11 0a 02 02 fa56ea01 0000fc00 08 0a",
	    0, 23456, &u, &e);
	bgp_aspath_str(u.attrs.aspath, u.attrs.aspath_len, s, sizeof(s));
	TAP_OK(n == 0 && strcmp(s, "4200000001 64512") == 0,
	    "update: AS4_PATH merged for 2-octet peer: '%s'", s);
	bgp_attrs_free(&u.attrs);

	/* AS4_PATH longer than AS_PATH is ignored */
	n = update("0000 0021 40 01 01 00 40 02 06 02 02 5ba0 fc00"
	    "40 03 04 a9fe0001 c0 11 0a 02 02 fa56ea01 0000fc00 08 0a",
	    0, 23456, &u, &e);
	bgp_attrs_free(&u.attrs);

	n = update("0000 0000", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.nlri.len == 0 && u.attrs.present == 0,
	    "update: empty is IPv4 End-of-RIB");
}

static void
test_update_v6(void)
{
	struct bgp_update u;
	struct bgp_err e;
	struct bgp_prefix p;
	char s[64];
	int n;

	n = update("0000 004a 40 01 01 02 40 02 06 02 01 0000fc00"
	    "90 0e 002c 0002 01 20 20010db8000000000000000000000001"
	    "fe800000000000000000000000000001 00 30 20010db80001"
	    "80 0f 0a 0002 01 30 20010db80009", 1, 64512, &u, &e);
	TAP_OK(n == 0 && !u.treat_as_withdraw && u.mp_reach.aid == AID_INET6 &&
	    u.attrs.nexthop6_has_ll && u.attrs.origin == 2,
	    "update v6: MP_REACH with global + link-local next hop");
	TAP_OK(bgp_nlri_next(&u.mp_reach, &p) == 1 &&
	    prefix_str(&p, s, 64) == 0 && strcmp(s, "2001:db8:1::/48") == 0,
	    "update v6: MP_REACH NLRI %s", s);
	TAP_OK(bgp_nlri_next(&u.mp_unreach, &p) == 1 &&
	    prefix_str(&p, s, 64) == 0 && strcmp(s, "2001:db8:9::/48") == 0,
	    "update v6: MP_UNREACH NLRI %s", s);
	bgp_attrs_free(&u.attrs);

	/* truncated MP_REACH: NLRI length runs past the attribute */
	n = update("0000 0026 40 01 01 02 40 02 06 02 01 0000fc00"
	    "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 40", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 9,
	    "update v6: truncated MP_REACH -> 3/9 session reset");
	n = update("0000 0005 80 0f 02 0002", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 9,
	    "update v6: MP_UNREACH too short -> 3/9");
	n = update("0000 000c 80 0f 03 0002 01 80 0f 03 0002 01", 1, 64512, &u,
	    &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 1,
	    "update: MP_UNREACH twice -> 3/1");
}

static void
test_update_7606(void)
{
	struct bgp_update u;
	struct bgp_err e;
	int n;

	n = update("0000 000e 40 01 02 0000 40 02 06 02 01 0000fc00 08 0a",
	    1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: ORIGIN length 2 -> treat-as-withdraw (%s)", u.why);
	bgp_attrs_free(&u.attrs);
	n = update("0000 0014 c0 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: ORIGIN with optional flag -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0014 40 01 01 00 40 02 06 02 00 0000fc00"
	    "40 03 04 a9fe0001 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: AS_PATH zero segment length -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0014 40 01 01 00 40 02 06 05 01 0000fc00"
	    "40 03 04 a9fe0001 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: AS_PATH segment type 5 -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0014 40 01 01 00 40 02 06 02 01 0000fc01"
	    "40 03 04 a9fe0001 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: first AS not the peer's -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 000d 40 01 01 00 40 02 06 02 01 0000fc00 08 0a",
	    1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: missing NEXT_HOP -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 001a 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 c0 08 03 1c3823 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: COMMUNITIES length 3 -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 001b 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 40 05 04 00000064 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && !u.treat_as_withdraw && u.attrs.discarded == 1 &&
	    !(u.attrs.present & F_LOCALPREF),
	    "7606: LOCAL_PREF from eBGP peer discarded");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0018 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 40 06 01 00 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && !u.treat_as_withdraw && u.attrs.discarded == 1,
	    "7606: ATOMIC_AGGREGATE length 1 -> attribute discard");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0019 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 c0 63 02 abcd 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && !u.treat_as_withdraw && u.attrs.others_len == 5 &&
	    u.attrs.others[0] == 0xe0,
	    "unknown optional transitive kept, marked partial");
	bgp_attrs_free(&u.attrs);
	n = update("0000 0019 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 04 a9fe0001 40 63 02 abcd 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 2 && e.datalen == 5,
	    "unknown well-known attribute -> 3/2 with the attribute");
	n = update("0000 0014 40 01 01 00 40 02 06 02 01 0000fc00"
	    "40 03 08 a9fe0001 08 0a", 1, 64512, &u, &e);
	TAP_OK(n == 0 && u.treat_as_withdraw,
	    "7606: attribute overruns the list -> treat-as-withdraw");
	bgp_attrs_free(&u.attrs);
	n = update("0000 00ff 40 01 01 00", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 1,
	    "total attribute length past the message -> 3/1");
	n = update("0005 18 0a01", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 1,
	    "withdrawn length past the message -> 3/1");
	n = update("0000 0000 21 0a000000 00", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 10,
	    "NLRI prefix length 33 -> 3/10");
	n = update("0000 0000 18 0a00", 1, 64512, &u, &e);
	TAP_OK(n == -1 && e.code == 3 && e.subcode == 10,
	    "truncated NLRI -> 3/10");
}

static void
test_build_update(void)
{
	struct bgp_out_attrs a = { 0 };
	struct bgp_wbuf w;
	struct bgp_update u;
	struct bgp_prefix p;
	struct bgp_peer_ctx ctx = { .as4 = 0, .ebgp = 1, .peer_as = 23456 };
	struct bgp_err e;
	uint8_t path[] = { 2, 1, 0, 0, 0x1c, 0x38 };
	uint8_t t;
	uint16_t l;
	char s[64];
	int n, i;
	const char *golden = MARKER "003f 02 0000 0021"
	    "40 01 01 00" "40 02 06 02 02 5ba0 1c38" "40 03 04 a9fe0002"
	    "c0 11 0a 02 02 fa56ea01 00001c38" "18 c00002 10 0a01";

	a.aid = AID_INET;
	a.aspath = path;
	a.aspath_len = sizeof(path);
	a.prepend_as = 4200000001u;
	a.prepend_count = 1;
	a.as4 = 0;
	a.nexthop.s_addr = htonl(0xa9fe0002);
	/* the builder must not rely on a clean buffer */
	memset(buf, 0xaa, sizeof(buf));
	TAP_OK(bgp_update_begin(&w, buf, sizeof(buf), &a) == 0,
	    "build update: begin");
	prefix_parse("192.0.2.0/24", &p);
	bgp_update_add(&w, &p);
	prefix_parse("10.1.0.0/16", &p);
	bgp_update_add(&w, &p);
	n = bgp_update_finish(&w);
	if (getenv("DUMP"))
		for (i = 0; i < n; i++)
			printf("%02x%s", buf[i], i + 1 == n ? "\n" : "");
	{
		uint8_t g[128];
		size_t gl = hex(golden, g, sizeof(g));

		TAP_OK(n == (int)gl && memcmp(buf, g, gl) == 0,
		    "build update: 2-octet peer gets AS_TRANS + AS4_PATH");
	}
	TAP_OK(bgp_parse_header(buf, (size_t)n, &t, &l, &e) == 0 &&
	    bgp_parse_update(buf + 19, (size_t)n - 19, &ctx, &u, &e) == 0 &&
	    u.treat_as_withdraw,
	    "build update: first AS is checked after the AS4_PATH merge");
	bgp_attrs_free(&u.attrs);
	ctx.peer_as = 4200000001u;
	n = bgp_parse_update(buf + 19, (size_t)bgp_update_finish(&w) - 19, &ctx,
	    &u, &e);
	bgp_aspath_str(u.attrs.aspath, u.attrs.aspath_len, s, sizeof(s));
	TAP_OK(n == 0 && !u.treat_as_withdraw &&
	    strcmp(s, "4200000001 7224") == 0,
	    "build update: round trip AS path '%s'", s);
	bgp_attrs_free(&u.attrs);

	/* IPv6: fill one message to the brim */
	a.aid = AID_INET6;
	a.as4 = 1;
	inet_pton(AF_INET6, "2001:db8::2", &a.nexthop6);
	TAP_OK(bgp_update_begin(&w, buf, sizeof(buf), &a) == 0,
	    "build update v6: begin");
	for (i = 0; i < 2000; i++) {
		snprintf(s, sizeof(s), "2001:db8:%x::/48", i);
		prefix_parse(s, &p);
		if (bgp_update_add(&w, &p) == -1)
			break;
	}
	n = bgp_update_finish(&w);
	ctx.as4 = 1;
	ctx.peer_as = 4200000001u;
	TAP_OK(n > 4000 && n <= 4096 && i == w.count,
	    "build update v6: %d prefixes in %d octets", i, n);
	TAP_OK(bgp_parse_update(buf + 19, (size_t)n - 19, &ctx, &u, &e) == 0 &&
	    !u.treat_as_withdraw && u.mp_reach.aid == AID_INET6,
	    "build update v6: parses back");
	for (n = 0; bgp_nlri_next(&u.mp_reach, &p) == 1; n++)
		;
	TAP_OK(n == i, "build update v6: %d NLRI back", n);
	bgp_attrs_free(&u.attrs);

	memset(buf, 0xaa, sizeof(buf));
	bgp_withdraw_begin(&w, buf, sizeof(buf), AID_INET);
	prefix_parse("10.1.0.0/16", &p);
	bgp_update_add(&w, &p);
	n = bgp_update_finish(&w);
	TAP_OK(n == 19 + 2 + 3 + 2 && buf[20] == 3 && buf[24] == 0,
	    "build withdraw v4");
	memset(buf, 0xaa, sizeof(buf));
	bgp_withdraw_begin(&w, buf, sizeof(buf), AID_INET6);
	prefix_parse("2001:db8::/32", &p);
	bgp_update_add(&w, &p);
	n = bgp_update_finish(&w);
	TAP_OK(bgp_parse_update(buf + 19, (size_t)n - 19, &ctx, &u, &e) == 0 &&
	    bgp_nlri_next(&u.mp_unreach, &p) == 1 && p.len == 32,
	    "build withdraw v6 parses back");
	bgp_attrs_free(&u.attrs);
}

static void
test_prefix(void)
{
	struct bgp_prefix p;
	char s[64];

	TAP_OK(prefix_parse("10.1.2.3/8", &p) == 0 &&
	    prefix_str(&p, s, sizeof(s)) == 0 && strcmp(s, "10.0.0.0/8") == 0,
	    "prefix: host bits masked");
	TAP_OK(prefix_parse("10.0.0.0/33", &p) == -1, "prefix: /33 rejected");
	TAP_OK(prefix_parse("2001:db8::/129", &p) == -1,
	    "prefix: /129 rejected");
	TAP_OK(prefix_parse("10.0.0.0/", &p) == -1, "prefix: empty length");
	TAP_OK(prefix_parse("2001:db8::1", &p) == 0 && p.len == 128,
	    "prefix: host route");
}

int
main(void)
{
	test_header();
	test_open();
	test_small();
	test_update_v4();
	test_update_v6();
	test_update_7606();
	test_build_update();
	test_prefix();
	return tap_done();
}
