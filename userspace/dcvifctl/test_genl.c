// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of genl_parse() with dcvifctl's reply specs: every attribute
 * of a kernel reply is checked for type and length before it is used.
 * Built and run by selftests/host/dcvifctl_bfd.sh (under ASan/UBSan);
 * prints one line per failed case on stderr, exits 0 when all pass.
 */
#include <linux/dcvif_genl.h>
#include <stdio.h>
#include <string.h>

#include "kcmd.h"

static char buf[4096];
static int failed;

static struct nlmsghdr *
msg(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = 0x23;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = DCVIF_CMD_BFD_GET;
	return nlh;
}

static void
expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "FAIL: %s\n", what);
		failed = 1;
	}
}

static int
parse_bfd(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	return genl_parse(nlh, NULL, bfd_attrs, bfd_attrs_max, tb);
}

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
	expect(genl_parse(nlh, NULL, vif_attrs, vif_attrs_max, vtb) < 0,
	    "ifname without NUL refused");
	nlh = msg();
	mnl_attr_put_strz(nlh, DCVIF_A_VIF_IFNAME, "a200");
	mnl_attr_put_u16(nlh, DCVIF_A_VIF_VID, 200);
	mnl_attr_put_u64(nlh, DCVIF_A_VIF_RX_BYTES, 1);
	expect(genl_parse(nlh, NULL, vif_attrs, vif_attrs_max, vtb) == 0,
	    "good VIF reply accepted");
	nlh = msg();
	mnl_attr_put(nlh, DCVIF_A_VIF_VID, sizeof(u32), &u32);
	expect(genl_parse(nlh, NULL, vif_attrs, vif_attrs_max, vtb) < 0,
	    "u16 of 4 bytes refused");

	/* A message too short for its genetlink header. */
	nlh = mnl_nlmsg_put_header(buf);
	expect(genl_parse(nlh, NULL, bfd_attrs, bfd_attrs_max, tb) < 0,
	    "message without genetlink header refused");
	return failed;
}
