// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl vif show: the kernel's view of the VIFs (carrier and why, BFD
 * sessions, counters) through the dcvif generic netlink family.
 */
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "kcmd.h"

static const struct table_col vif_cols[] = {
	{ "DEV", 0 }, { "LOWER", 0 }, { "VID", 1 }, { "CARRIER", 0 },
	{ "SESSIONS", 1 }, { "NO-SESSION", 1 }, { "RX-PKTS", 1 },
	{ "TX-PKTS", 1 }, { "RX-BYTES", 1 }, { "TX-BYTES", 1 },
};

static void
vif_table(json_object *arr)
{
	json_object *rows = json_object_new_array(), *row, *o, *v;
	char buf[64], reason[32];
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		row = table_row(rows);
		table_cell(row, jfield(o, "dev", buf, sizeof(buf)));
		table_cell(row, jfield(o, "lower", buf, sizeof(buf)));
		table_cell(row, jfield(o, "vid", buf, sizeof(buf)));
		if (json_object_object_get_ex(o, "carrier", &v)) {
			/* "off (bfd)": why it is off is what one asks. */
			if (json_object_get_boolean(v))
				snprintf(buf, sizeof(buf), "on");
			else
				snprintf(buf, sizeof(buf), "off (%s)",
				    jfield(o, "carrier_reason", reason,
				    sizeof(reason)));
			table_cell(row, buf);
		} else {
			table_cell(row, "-");
		}
		table_cell(row, jfield(o, "bfd_sessions", buf, sizeof(buf)));
		table_cell(row, jfield(o, "bfd_drop_no_session", buf,
		    sizeof(buf)));
		table_cell(row, jfield(o, "rx_packets", buf, sizeof(buf)));
		table_cell(row, jfield(o, "tx_packets", buf, sizeof(buf)));
		table_cell(row, jfield(o, "rx_bytes", buf, sizeof(buf)));
		table_cell(row, jfield(o, "tx_bytes", buf, sizeof(buf)));
	}
	table_print(vif_cols, sizeof(vif_cols) / sizeof(vif_cols[0]), rows);
	json_object_put(rows);
}

static int
vif_show(struct cli *c, int json)
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
		nlh = genl_msg(&g, DCVIF_CMD_VIF_GET, NLM_F_ACK);
		mnl_attr_put_u32(nlh, DCVIF_A_VIF_IFINDEX, ifindex);
	} else {
		nlh = genl_msg(&g, DCVIF_CMD_VIF_GET, NLM_F_DUMP);
	}
	arr = json_object_new_array();
	ret = genl_talk(&g, nlh, vif_json_cb, arr, c->cmd);
	kcmd_genl_report(&g, ret);
	genl_close(&g);
	if (ret == 0) {
		if (json)
			jprint(arr);
		else if (json_object_array_length(arr) > 0)
			vif_table(arr);
	}
	json_object_put(arr);
	return ret < 0 ? 1 : 0;
}

int
vif_main(struct cli *c, int json)
{
	const char *w = cli_next(c);

	if (w == NULL)
		cli_fail(c, "command expected (show)");
	if (strcmp(w, "show") == 0) {
		c->cmd = "vif show";
		return vif_show(c, json);
	}
	cli_fail(c, "unknown command \"%s\" (expected show)", w);
}
