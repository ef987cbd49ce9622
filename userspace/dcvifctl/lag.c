// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl lag show: the kernel's view of the dclag LAGs (carrier against
 * min-links, LACP, micro-BFD) and of each member (carrier, active or why
 * not, LACP actor and partner state, micro-BFD state), through the dcvif
 * generic netlink family (the replies as JSON: lib/dcvif_json.c).
 */
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "kcmd.h"

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
	ret = genl_talk(&g, nlh, lag_json_cb, arr, c->cmd);
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
