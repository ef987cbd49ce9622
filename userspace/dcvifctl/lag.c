// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl lag show: the kernel's view of the dclag LAGs (carrier against
 * min-links, LACP, micro-BFD) and of each member (carrier, active or why
 * not, LACP actor and partner state, micro-BFD state), through the dcvif
 * generic netlink family; and the JSON of LAG events for monitor.c.
 */
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "kcmd.h"

static const char *const lacp_modes[] = {
	[DCVIF_LAG_LACP_MODE_OFF]	= "off",
	[DCVIF_LAG_LACP_MODE_PASSIVE]	= "passive",
	[DCVIF_LAG_LACP_MODE_ACTIVE]	= "active",
};

static const char *const member_reasons[] = {
	[DCVIF_LAG_MEMBER_REASON_NONE]		= "none",
	[DCVIF_LAG_MEMBER_REASON_CARRIER]	= "carrier",
	[DCVIF_LAG_MEMBER_REASON_LACP]		= "lacp",
	[DCVIF_LAG_MEMBER_REASON_BFD]		= "bfd",
	[DCVIF_LAG_MEMBER_REASON_SPEED]		= "speed",
};

static const char *
name_or_num(const char *const *names, size_t n, unsigned int v, char *buf)
{
	if (v < n && names[v] != NULL)
		return names[v];
	snprintf(buf, KCMD_NAMEBUF, "unknown(%u)", v);
	return buf;
}

const char *
lag_reason_str(unsigned int v, char *buf)
{
	return name_or_num(member_reasons, sizeof(member_reasons) /
	    sizeof(member_reasons[0]), v, buf);
}

/* One member nest as JSON; NULL when it is malformed. */
json_object *
lag_member_json(const struct nlattr *nest, int cache)
{
	static const struct {
		unsigned int	 type;
		const char	*key;
	} u8s[] = {
		{ DCVIF_A_LAG_MEMBER_LACP_ACTOR_STATE,	 "lacp_actor_state" },
		{ DCVIF_A_LAG_MEMBER_LACP_PARTNER_STATE, "lacp_partner_state" },
	}, u64s[] = {
		{ DCVIF_A_LAG_MEMBER_LACPDU_RX,		"lacpdu_rx" },
		{ DCVIF_A_LAG_MEMBER_LACPDU_TX,		"lacpdu_tx" },
		{ DCVIF_A_LAG_MEMBER_LACPDU_BAD,	"lacpdu_bad" },
		{ DCVIF_A_LAG_MEMBER_MBFD_LOCAL_DISCR,	"mbfd_local_discr" },
		{ DCVIF_A_LAG_MEMBER_MBFD_REMOTE_DISCR,	"mbfd_remote_discr" },
		{ DCVIF_A_LAG_MEMBER_MBFD_RX_PACKETS,	"mbfd_rx_packets" },
		{ DCVIF_A_LAG_MEMBER_MBFD_TX_PACKETS,	"mbfd_tx_packets" },
	};
	const struct nlattr *tb[DCVIF_A_LAG_MEMBER_MAX + 1];
	char nb[IF_NAMESIZE + KCMD_NAMEBUF], mac[18];
	const uint8_t *p;
	json_object *o;
	size_t i;

	if (genl_parse(NULL, nest, dcvif_lag_member_attrs,
	    DCVIF_A_LAG_MEMBER_MAX, tb) < 0 ||
	    tb[DCVIF_A_LAG_MEMBER_IFINDEX] == NULL)
		return NULL;
	o = json_object_new_object();
	jadd_str(o, "dev", ifname_str(mnl_attr_get_u32(
	    tb[DCVIF_A_LAG_MEMBER_IFINDEX]), nb, cache));
	jadd_u64(o, "ifindex", mnl_attr_get_u32(tb[DCVIF_A_LAG_MEMBER_IFINDEX]));
	if (tb[DCVIF_A_LAG_MEMBER_CARRIER])
		jadd_bool(o, "carrier",
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MEMBER_CARRIER]) != 0);
	if (tb[DCVIF_A_LAG_MEMBER_ACTIVE])
		jadd_bool(o, "active",
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MEMBER_ACTIVE]) != 0);
	if (tb[DCVIF_A_LAG_MEMBER_REASON])
		jadd_str(o, "reason", lag_reason_str(
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MEMBER_REASON]), nb));
	for (i = 0; i < sizeof(u8s) / sizeof(u8s[0]); i++)
		if (tb[u8s[i].type])
			jadd_u64(o, u8s[i].key,
			    mnl_attr_get_u8(tb[u8s[i].type]));
	if (tb[DCVIF_A_LAG_MEMBER_LACP_PARTNER_SYSTEM]) {
		p = mnl_attr_get_payload(tb[DCVIF_A_LAG_MEMBER_LACP_PARTNER_SYSTEM]);
		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		    p[0], p[1], p[2], p[3], p[4], p[5]);
		jadd_str(o, "lacp_partner_system", mac);
	}
	if (tb[DCVIF_A_LAG_MEMBER_MBFD_STATE])
		jadd_str(o, "mbfd_state", bfd_state_str(
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MEMBER_MBFD_STATE]), nb));
	if (tb[DCVIF_A_LAG_MEMBER_MBFD_REMOTE_STATE])
		jadd_str(o, "mbfd_remote_state", bfd_state_str(mnl_attr_get_u8(
		    tb[DCVIF_A_LAG_MEMBER_MBFD_REMOTE_STATE]), nb));
	if (tb[DCVIF_A_LAG_MEMBER_MBFD_DIAG])
		jadd_str(o, "mbfd_diag", bfd_diag_str(
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MEMBER_MBFD_DIAG]), nb));
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++)
		if (tb[u64s[i].type])
			jadd_u64(o, u64s[i].key, u64s[i].type ==
			    DCVIF_A_LAG_MEMBER_MBFD_LOCAL_DISCR || u64s[i].type ==
			    DCVIF_A_LAG_MEMBER_MBFD_REMOTE_DISCR ?
			    mnl_attr_get_u32(tb[u64s[i].type]) :
			    mnl_attr_get_u64(tb[u64s[i].type]));
	return o;
}

/*
 * The LAG's own attributes of a lag-get reply or a LAG event as JSON, with
 * its members under "member"; NULL when malformed.
 */
json_object *
lag_json(const struct nlmsghdr *nlh, int cache)
{
	const struct nlattr *tb[DCVIF_A_LAG_MAX + 1], *a;
	char nb[IF_NAMESIZE + KCMD_NAMEBUF];
	json_object *o, *arr = NULL, *m;
	unsigned int v;

	if (genl_parse(nlh, NULL, dcvif_lag_attrs, DCVIF_A_LAG_MAX, tb) < 0)
		return NULL;
	o = json_object_new_object();
	if (tb[DCVIF_A_LAG_IFNAME])
		jadd_str(o, "dev", mnl_attr_get_str(tb[DCVIF_A_LAG_IFNAME]));
	else if (tb[DCVIF_A_LAG_IFINDEX])
		jadd_str(o, "dev", ifname_str(mnl_attr_get_u32(
		    tb[DCVIF_A_LAG_IFINDEX]), nb, cache));
	if (tb[DCVIF_A_LAG_IFINDEX])
		jadd_u64(o, "ifindex", mnl_attr_get_u32(tb[DCVIF_A_LAG_IFINDEX]));
	if (tb[DCVIF_A_LAG_CARRIER])
		jadd_bool(o, "carrier",
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_CARRIER]) != 0);
	if (tb[DCVIF_A_LAG_MIN_LINKS])
		jadd_u64(o, "min_links", mnl_attr_get_u32(tb[DCVIF_A_LAG_MIN_LINKS]));
	if (tb[DCVIF_A_LAG_ACTIVE_MEMBERS])
		jadd_u64(o, "active_members",
		    mnl_attr_get_u32(tb[DCVIF_A_LAG_ACTIVE_MEMBERS]));
	if (tb[DCVIF_A_LAG_MEMBERS])
		jadd_u64(o, "members", mnl_attr_get_u32(tb[DCVIF_A_LAG_MEMBERS]));
	if (tb[DCVIF_A_LAG_LACP]) {
		v = mnl_attr_get_u8(tb[DCVIF_A_LAG_LACP]);
		jadd_str(o, "lacp", name_or_num(lacp_modes,
		    sizeof(lacp_modes) / sizeof(lacp_modes[0]), v, nb));
	}
	if (tb[DCVIF_A_LAG_LACP_RATE])
		jadd_str(o, "lacp_rate",
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_LACP_RATE]) ? "fast" : "slow");
	if (tb[DCVIF_A_LAG_MICRO_BFD])
		jadd_bool(o, "micro_bfd",
		    mnl_attr_get_u8(tb[DCVIF_A_LAG_MICRO_BFD]) != 0);
	/* member is multi-attr: every one, in the kernel's order. */
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != DCVIF_A_LAG_MEMBER)
			continue;
		if ((m = lag_member_json(a, cache)) == NULL) {
			json_object_put(o);
			json_object_put(arr);
			return NULL;
		}
		if (arr == NULL)
			arr = json_object_new_array();
		json_object_array_add(arr, m);
	}
	if (arr != NULL)
		json_object_object_add(o, "member", arr);
	return o;
}

static int
lag_cb(const struct nlmsghdr *nlh, void *data)
{
	json_object *arr = data, *o;

	if ((o = lag_json(nlh, 1)) == NULL) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	json_object_array_add(arr, o);
	return MNL_CB_OK;
}

/* every LAG, as lag_json() objects, into arr; 0 or genl_talk's error */
int
lag_dump(struct genl *g, json_object *arr, const char *cmd)
{
	return genl_talk(g, genl_msg(g, DCVIF_CMD_LAG_GET, NLM_F_DUMP), lag_cb,
	    arr, cmd);
}

static const struct table_col member_cols[] = {
	{ "  MEMBER", 0 }, { "CARRIER", 0 }, { "ACTIVE", 0 }, { "REASON", 0 },
	{ "ACTOR", 0 }, { "PARTNER", 0 }, { "MICRO-BFD", 0 },
};

static const char *
onoff(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "-";
	return json_object_get_boolean(v) ? "on" : "off";
}

static const char *
hexfield(json_object *o, const char *key, char *buf, size_t len)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "-";
	snprintf(buf, len, "0x%02x", (unsigned int)json_object_get_int(v));
	return buf;
}

/*
 *   lag0 carrier on min-links 2 active 2/3 lacp active fast micro-bfd off
 *     MEMBER  CARRIER  ACTIVE  REASON   ACTOR  PARTNER  MICRO-BFD
 *     a0      on       on      none     0x3d   0x3d     -
 */
static void
lag_text(json_object *arr)
{
	char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64];
	json_object *o, *members, *m, *rows, *row;
	size_t i, j;

	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		printf("%s%s carrier %s min-links %s active %s/%s lacp %s %s "
		    "micro-bfd %s\n", i ? "\n" : "",
		    jfield(o, "dev", b1, sizeof(b1)), onoff(o, "carrier"),
		    jfield(o, "min_links", b2, sizeof(b2)),
		    jfield(o, "active_members", b3, sizeof(b3)),
		    jfield(o, "members", b4, sizeof(b4)),
		    jfield(o, "lacp", b5, sizeof(b5)),
		    jfield(o, "lacp_rate", b6, sizeof(b6)),
		    onoff(o, "micro_bfd"));
		if (!json_object_object_get_ex(o, "member", &members))
			continue;
		rows = json_object_new_array();
		for (j = 0; j < json_object_array_length(members); j++) {
			m = json_object_array_get_idx(members, j);
			row = table_row(rows);
			snprintf(b1, sizeof(b1), "  %s",
			    jfield(m, "dev", b2, sizeof(b2)));
			table_cell(row, b1);
			table_cell(row, onoff(m, "carrier"));
			table_cell(row, onoff(m, "active"));
			table_cell(row, jfield(m, "reason", b1, sizeof(b1)));
			table_cell(row, hexfield(m, "lacp_actor_state", b1,
			    sizeof(b1)));
			table_cell(row, hexfield(m, "lacp_partner_state", b1,
			    sizeof(b1)));
			table_cell(row, jfield(m, "mbfd_state", b1, sizeof(b1)));
		}
		table_print(member_cols, sizeof(member_cols) /
		    sizeof(member_cols[0]), rows);
		json_object_put(rows);
	}
}

int
lag_show(struct cli *c, int json)
{
	const char *w, *dev = NULL;
	unsigned int ifindex = 0;
	struct nlmsghdr *nlh;
	json_object *arr;
	struct genl g;
	int ret;

	while ((w = cli_next(c)) != NULL) {
		if (strcmp(w, "dev") != 0)
			cli_unknown(c, w, "dev");
		if (dev != NULL)
			cli_fail(c, "dev given twice");
		dev = cli_value(c, w, "an interface name");
		cli_ifname(c, w, dev);
	}
	if (dev != NULL && (ifindex = cli_ifindex(c, dev)) == 0)
		return 1;
	if (genl_open(&g) < 0) {
		kcmd_genl_err(&g);
		return 1;
	}
	if (dev != NULL) {
		nlh = genl_msg(&g, DCVIF_CMD_LAG_GET, NLM_F_ACK);
		mnl_attr_put_u32(nlh, DCVIF_A_LAG_IFINDEX, ifindex);
	} else {
		nlh = genl_msg(&g, DCVIF_CMD_LAG_GET, NLM_F_DUMP);
	}
	arr = json_object_new_array();
	ret = genl_talk(&g, nlh, lag_cb, arr, c->cmd);
	kcmd_genl_report(&g, ret);
	genl_close(&g);
	if (ret == 0) {
		if (json)
			jprint(arr);
		else
			lag_text(arr);
	}
	json_object_put(arr);
	return ret < 0 ? 1 : 0;
}

int
lag_main(struct cli *c, int json)
{
	const char *w = cli_next(c);

	if (w == NULL)
		cli_fail(c, "command expected (show)");
	if (strcmp(w, "show") == 0) {
		c->cmd = "lag show";
		return lag_show(c, json);
	}
	cli_fail(c, "unknown command \"%s\" (expected show)", w);
}
