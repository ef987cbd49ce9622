// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the library's parsers with crafted messages: genl_parse()
 * with the reply attribute sets (every attribute of a kernel reply is
 * checked for type and length before it is used), dcvif_bfd_parse(),
 * dcvif_vif_ntf_parse() and genl_cmd().  Built under ASan/UBSan and run
 * by "make -C userspace/lib check"; TAP.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <stdio.h>
#include <string.h>

#include "dcvif_genl.h"
#include "tap.h"

static char buf[4096];

static struct nlmsghdr *
msg_cmd(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x23;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	return nlh;
}

static struct nlmsghdr *
msg(void)
{
	return msg_cmd(DCVIF_CMD_BFD_GET);
}

static void
expect(int cond, const char *what)
{
	ok(cond, "%s", what);
}

static int
parse_bfd(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	return genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb);
}

static void test_typed(void);

int
main(void)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	const struct nlattr *vtb[DCVIF_A_VIF_MAX + 1];
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint64_t u64 = 7;
	uint32_t u32 = 1;
	uint16_t u16 = 1;

	/* A good reply, with padding (type 0) and a newer kernel's type. */
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 3);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V6, sizeof(v6), v6);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_STATE, DCVIF_BFD_STATE_UP);
	nest = mnl_attr_nest_start(nlh, DCVIF_A_BFD_STATS);
	mnl_attr_put(nlh, 0, 0, NULL);
	mnl_attr_put_u64(nlh, DCVIF_A_BFD_STATS_TX_PACKETS, 42);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_MAX + 5, 9);
	expect(parse_bfd(nlh, tb) == 0, "good reply accepted");
	expect(tb[DCVIF_A_BFD_IFINDEX] &&
	    mnl_attr_get_u32(tb[DCVIF_A_BFD_IFINDEX]) == 3, "ifindex read");
	expect(tb[DCVIF_A_BFD_PEER_V6] != NULL, "peer-v6 read");
	expect(tb[DCVIF_A_BFD_LOCAL_V4] == NULL, "absent attribute is NULL");

	/* Each attribute with the wrong length is refused. */
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_IFINDEX, sizeof(u16), &u16);
	expect(parse_bfd(nlh, tb) < 0, "u32 of 2 bytes refused");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_LOCAL_V4, 8, &u64);
	expect(parse_bfd(nlh, tb) < 0, "u32 of 8 bytes refused");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V6, 15, v6);
	expect(parse_bfd(nlh, tb) < 0, "IPv6 address of 15 bytes refused");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_STATE, sizeof(u32), &u32);
	expect(parse_bfd(nlh, tb) < 0, "u8 of 4 bytes refused");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_DIAG, 0, NULL);
	expect(parse_bfd(nlh, tb) < 0, "empty u8 refused");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_STATS, 2, &u16);
	expect(parse_bfd(nlh, tb) < 0, "nest of 2 bytes refused");

	/* Inside the stats nest too. */
	nlh = msg();
	nest = mnl_attr_nest_start(nlh, DCVIF_A_BFD_STATS);
	mnl_attr_put(nlh, DCVIF_A_BFD_STATS_RX_DROPS, sizeof(u32), &u32);
	mnl_attr_nest_end(nlh, nest);
	expect(parse_bfd(nlh, tb) == 0, "outer reply with a nest accepted");
	{
		const struct nlattr *stb[DCVIF_A_BFD_STATS_MAX + 1];
		static const struct genl_attr u64s[DCVIF_A_BFD_STATS_MAX + 1] = {
			[DCVIF_A_BFD_STATS_RX_DROPS] = { MNL_TYPE_U64, 0 },
		};

		expect(genl_parse(NULL, tb[DCVIF_A_BFD_STATS], u64s,
		    DCVIF_A_BFD_STATS_MAX, stb) < 0, "u64 of 4 bytes refused");
	}

	/* VIF replies: a name must be NUL-terminated, a VID two bytes. */
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_VIF_IFNAME, 4, "a200");
	expect(genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, vtb) < 0,
	    "ifname without NUL refused");
	nlh = msg();
	mnl_attr_put_strz(nlh, DCVIF_A_VIF_IFNAME, "a200");
	mnl_attr_put_u16(nlh, DCVIF_A_VIF_VID, 200);
	mnl_attr_put_u64(nlh, DCVIF_A_VIF_RX_BYTES, 1);
	expect(genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, vtb) == 0,
	    "good VIF reply accepted");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_VIF_VID, sizeof(u32), &u32);
	expect(genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, vtb) < 0,
	    "u16 of 4 bytes refused");

	/* A message too short for its genetlink header. */
	nlh = mnl_nlmsg_put_header(buf);
	expect(genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) < 0,
	    "message without genetlink header refused");

	/* The stats nest with the library's own set. */
	nlh = msg();
	nest = mnl_attr_nest_start(nlh, DCVIF_A_BFD_STATS);
	mnl_attr_put_u64(nlh, DCVIF_A_BFD_STATS_DROP_AUTH, 5);
	mnl_attr_nest_end(nlh, nest);
	expect(parse_bfd(nlh, tb) == 0, "reply with stats accepted");
	{
		const struct nlattr *stb[DCVIF_A_BFD_STATS_MAX + 1];

		expect(genl_parse(NULL, tb[DCVIF_A_BFD_STATS],
		    dcvif_bfd_stats_attrs, DCVIF_A_BFD_STATS_MAX, stb) == 0 &&
		    stb[DCVIF_A_BFD_STATS_DROP_AUTH] &&
		    mnl_attr_get_u64(stb[DCVIF_A_BFD_STATS_DROP_AUTH]) == 5,
		    "stats nest read with dcvif_bfd_stats_attrs");
	}

	/* LAG replies: members are nests, the partner system six bytes. */
	{
		const struct nlattr *ltb[DCVIF_A_LAG_MAX + 1];
		const struct nlattr *mtb[DCVIF_A_LAG_MEMBER_MAX + 1];
		static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };

		nlh = msg_cmd(DCVIF_CMD_LAG_GET);
		mnl_attr_put_u32(nlh, DCVIF_A_LAG_IFINDEX, 4);
		mnl_attr_put_strz(nlh, DCVIF_A_LAG_IFNAME, "lag0");
		nest = mnl_attr_nest_start(nlh, DCVIF_A_LAG_MEMBER);
		mnl_attr_put_u32(nlh, DCVIF_A_LAG_MEMBER_IFINDEX, 5);
		mnl_attr_put(nlh, DCVIF_A_LAG_MEMBER_LACP_PARTNER_SYSTEM, 5, mac);
		mnl_attr_nest_end(nlh, nest);
		expect(genl_parse(nlh, NULL, dcvif_lag_attrs, DCVIF_A_LAG_MAX,
		    ltb) == 0, "LAG reply accepted");
		expect(ltb[DCVIF_A_LAG_MEMBER] && genl_parse(NULL,
		    ltb[DCVIF_A_LAG_MEMBER], dcvif_lag_member_attrs,
		    DCVIF_A_LAG_MEMBER_MAX, mtb) < 0,
		    "partner system of 5 bytes refused");
		nlh = msg_cmd(DCVIF_CMD_LAG_GET);
		mnl_attr_put_u16(nlh, DCVIF_A_LAG_MIN_LINKS, 2);
		expect(genl_parse(nlh, NULL, dcvif_lag_attrs, DCVIF_A_LAG_MAX,
		    ltb) < 0, "min-links of 2 bytes refused");
	}

	test_typed();
	return tap_done();
}

static void
test_typed(void)
{
	static const uint8_t v6l[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t v6p[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct dcvif_vif_ntf v;
	struct dcvif_bfd b;
	struct nlmsghdr *nlh;
	uint32_t l4 = htonl(0x0a000001), p4 = htonl(0x0a000002);
	uint16_t u16 = 1;

	/* A state notification, IPv4. */
	nlh = msg_cmd(DCVIF_CMD_BFD_STATE_NTF);
	expect(genl_cmd(nlh) == DCVIF_CMD_BFD_STATE_NTF, "genl_cmd");
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	mnl_attr_put(nlh, DCVIF_A_BFD_LOCAL_V4, 4, &l4);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V4, 4, &p4);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_LOCAL_DISCR, 0x1234);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_OLD_STATE, DCVIF_BFD_STATE_UP);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_STATE, DCVIF_BFD_STATE_DOWN);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_DIAG, DCVIF_BFD_DIAG_DETECT_EXPIRED);
	expect(dcvif_bfd_parse(nlh, &b) == 0, "bfd-state-ntf parsed");
	expect(b.ifindex == 7 && b.family == AF_INET &&
	    memcmp(b.local, &l4, 4) == 0 && memcmp(b.peer, &p4, 4) == 0,
	    "ntf: ifindex, family and addresses");
	expect(b.local_discr == 0x1234 && b.has_old_state &&
	    b.old_state == DCVIF_BFD_STATE_UP &&
	    b.state == DCVIF_BFD_STATE_DOWN &&
	    b.diag == DCVIF_BFD_DIAG_DETECT_EXPIRED,
	    "ntf: discriminator, old state, state, diag");

	/* A bfd-get reply, IPv6, with every parameter. */
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 8);
	mnl_attr_put(nlh, DCVIF_A_BFD_LOCAL_V6, 16, v6l);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V6, 16, v6p);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_REMOTE_DISCR, 99);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_DESIRED_MIN_TX, 300000);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_REQUIRED_MIN_RX, 100000);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_DETECT_MULT, 5);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_PASSIVE, 1);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_ADMIN_DOWN, 1);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_CARRIER_COUPLING, 1);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_AUTH_TYPE,
	    DCVIF_BFD_AUTH_TYPE_KEYED_SHA1);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_AUTH_KEY_ID, 9);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_REMOTE_STATE, DCVIF_BFD_STATE_INIT);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_REMOTE_DIAG, 3);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_LAST_DOWN_DIAG, 1);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_TX_INTERVAL, 300000);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_DETECT_TIME, 900000);
	expect(dcvif_bfd_parse(nlh, &b) == 0, "bfd-get reply parsed");
	expect(b.family == AF_INET6 && memcmp(b.local, v6l, 16) == 0 &&
	    memcmp(b.peer, v6p, 16) == 0, "reply: IPv6 addresses");
	expect(b.remote_discr == 99 && b.desired_min_tx == 300000 &&
	    b.required_min_rx == 100000 && b.detect_mult == 5 &&
	    b.passive == 1 && b.admin_down == 1 && b.carrier_coupling == 1 &&
	    b.auth_type == DCVIF_BFD_AUTH_TYPE_KEYED_SHA1 &&
	    b.auth_key_id == 9 && b.keylen == 0,
	    "reply: parameters, no key");
	expect(b.remote_state == DCVIF_BFD_STATE_INIT && b.remote_diag == 3 &&
	    b.last_down_diag == 1 && b.tx_interval == 300000 &&
	    b.detect_time == 900000 && !b.has_old_state,
	    "reply: timers and states, no old state");

	/* Refused: no ifindex, no peer, mixed families, bad lengths. */
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V4, 4, &p4);
	errno = 0;
	expect(dcvif_bfd_parse(nlh, &b) < 0 && errno == EBADMSG,
	    "bfd without ifindex: EBADMSG");
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	expect(dcvif_bfd_parse(nlh, &b) < 0, "bfd without peer refused");
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	mnl_attr_put(nlh, DCVIF_A_BFD_LOCAL_V6, 16, v6l);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V4, 4, &p4);
	expect(dcvif_bfd_parse(nlh, &b) < 0, "v6 local with v4 peer refused");
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V4, 4, &p4);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V6, 16, v6p);
	expect(dcvif_bfd_parse(nlh, &b) < 0, "two peers refused");
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V6, 4, &p4);
	expect(dcvif_bfd_parse(nlh, &b) < 0 && b.ifindex == 0,
	    "peer-v6 of 4 bytes refused, b left zeroed");
	nlh = msg();
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, 7);
	mnl_attr_put(nlh, DCVIF_A_BFD_PEER_V4, 4, &p4);
	mnl_attr_put(nlh, DCVIF_A_BFD_OLD_STATE, 2, &u16);
	expect(dcvif_bfd_parse(nlh, &b) < 0, "old-state of 2 bytes refused");
	nlh = mnl_nlmsg_put_header(buf);
	expect(dcvif_bfd_parse(nlh, &b) < 0 && genl_cmd(nlh) == 0,
	    "no genetlink header: refused, command 0");

	/* VIF carrier notifications. */
	nlh = msg_cmd(DCVIF_CMD_VIF_CARRIER_NTF);
	mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, 12);
	mnl_attr_put_strz(nlh, DCVIF_A_VIF_IFNAME, "vif-prod");
	mnl_attr_put_u8(nlh, DCVIF_A_VIF_CARRIER, 0);
	mnl_attr_put_u8(nlh, DCVIF_A_VIF_CARRIER_REASON,
	    DCVIF_CARRIER_REASON_BFD);
	expect(dcvif_vif_ntf_parse(nlh, &v) == 0 && v.ifindex == 12 &&
	    strcmp(v.ifname, "vif-prod") == 0 && v.carrier == 0 &&
	    v.has_reason && v.reason == DCVIF_CARRIER_REASON_BFD,
	    "vif-carrier-ntf parsed");
	nlh = msg_cmd(DCVIF_CMD_VIF_CARRIER_NTF);
	mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, 12);
	mnl_attr_put_u8(nlh, DCVIF_A_VIF_CARRIER, 1);
	expect(dcvif_vif_ntf_parse(nlh, &v) == 0 && v.carrier == 1 &&
	    !v.has_reason && v.ifname[0] == '\0',
	    "vif-carrier-ntf without name and reason parsed");
	nlh = msg_cmd(DCVIF_CMD_VIF_CARRIER_NTF);
	mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, 12);
	mnl_attr_put_strz(nlh, DCVIF_A_VIF_IFNAME, "0123456789abcdef");
	mnl_attr_put_u8(nlh, DCVIF_A_VIF_CARRIER, 1);
	expect(dcvif_vif_ntf_parse(nlh, &v) < 0 && errno == EBADMSG,
	    "ifname of 16 characters refused");
	nlh = msg_cmd(DCVIF_CMD_VIF_CARRIER_NTF);
	mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, 12);
	expect(dcvif_vif_ntf_parse(nlh, &v) < 0, "without carrier refused");
	nlh = msg_cmd(DCVIF_CMD_VIF_CARRIER_NTF);
	mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, 12);
	mnl_attr_put(nlh, DCVIF_A_VIF_CARRIER, 2, &u16);
	expect(dcvif_vif_ntf_parse(nlh, &v) < 0, "carrier of 2 bytes refused");
}
