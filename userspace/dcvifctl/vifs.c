// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl show vifs: one line per VIF with everything an operator asks of
 * it, from three places joined by interface name:
 * - rtnetlink: the dcvif links (VLAN, type, MTU, admin state);
 * - the dcvif genl family: lower, carrier and why it is off, BFD sessions;
 * - dcvifd, if it runs: the vif blocks (a VIF it could not make shows with
 *   why), and the BGP sessions over each VIF with their prefix counts.
 * dcvifd need not run: then the kernel's part is shown, and a note says so.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/dcvif.h>
#include <linux/dcvif_genl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kcmd.h"

static const char *const type_names[] = {
	[DCVIF_VIF_PRIVATE] = "private",
	[DCVIF_VIF_PUBLIC] = "public",
	[DCVIF_VIF_TRANSIT] = "transit",
};

static json_object *
get(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* the row of arr whose "vif" is name, made if absent */
static json_object *
row_of(json_object *arr, const char *name)
{
	json_object *o, *v;
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if ((v = get(o, "vif")) && strcmp(json_object_get_string(v),
		    name) == 0)
			return o;
	}
	o = json_object_new_object();
	jadd_str(o, "vif", name);
	json_object_array_add(arr, o);
	return o;
}

static int
link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	json_object *arr = data, *o;
	const struct nlattr *a, *b, *c;
	const char *name = NULL;
	unsigned int mtu = 0, type = 0, vid = 0;
	int dcvif = 0;

	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_IFNAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			break;
		case IFLA_MTU:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_LINKINFO:
			mnl_attr_for_each_nested(b, a) {
				if (mnl_attr_get_type(b) == IFLA_INFO_KIND &&
				    mnl_attr_get_payload_len(b) >= 5 &&
				    strncmp(mnl_attr_get_payload(b), "dcvif",
				    5) == 0 &&
				    (mnl_attr_get_payload_len(b) == 5 ||
				    ((const char *)mnl_attr_get_payload(b))[5]
				    == '\0'))
					dcvif = 1;
				if (mnl_attr_get_type(b) != IFLA_INFO_DATA)
					continue;
				mnl_attr_for_each_nested(c, b) {
					if (mnl_attr_get_type(c) ==
					    IFLA_DCVIF_TYPE &&
					    mnl_attr_validate(c,
					    MNL_TYPE_U8) == 0)
						type = mnl_attr_get_u8(c);
					if (mnl_attr_get_type(c) ==
					    IFLA_DCVIF_ID &&
					    mnl_attr_validate(c,
					    MNL_TYPE_U16) == 0)
						vid = mnl_attr_get_u16(c);
				}
			}
			break;
		}
	}
	if (!dcvif || name == NULL)
		return MNL_CB_OK;
	o = row_of(arr, name);
	jadd_u64(o, "ifindex", (uint64_t)ifm->ifi_index);
	jadd_u64(o, "vlan", vid);
	jadd_str(o, "type", type >= 1 && type <= DCVIF_VIF_TRANSIT ?
	    type_names[type] : "?");
	jadd_u64(o, "mtu", mtu);
	jadd_bool(o, "admin_up", (ifm->ifi_flags & IFF_UP) != 0);
	return MNL_CB_OK;
}

/* the dcvif links, into rows; -1 with errno on failure */
static int
links(json_object *rows)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	uint32_t seq = (uint32_t)time(NULL), portid;
	ssize_t n;
	int r = MNL_CB_OK;

	if ((nl = mnl_socket_open(NETLINK_ROUTE)) == NULL)
		return -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl);
		return -1;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		mnl_socket_close(nl);
		return -1;
	}
	while (r > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			break;
		r = mnl_cb_run(buf, (size_t)n, seq, portid, link_cb, rows);
	}
	mnl_socket_close(nl);
	return r == MNL_CB_ERROR || r > MNL_CB_STOP ? -1 : 0;
}

static void
copy(json_object *to, json_object *from, const char *key, const char *as)
{
	json_object *v = get(from, key);

	if (v)
		json_object_object_add(to, as ? as : key, json_object_get(v));
}

static void
append(json_object *row, const char *key, json_object *item)
{
	json_object *a = get(row, key);

	if (a == NULL) {
		a = json_object_new_array();
		json_object_object_add(row, key, a);
	}
	json_object_array_add(a, item);
}

/* the joined rows: kernel VIFs and dcvifd's vif blocks */
static int
collect(const struct cli *c, json_object *rows, char *note, size_t notelen)
{
	json_object *kv, *bfd, *dv = NULL, *dn = NULL, *o, *row, *v;
	char err[256];
	struct genl g;
	size_t i;
	int ret;

	if (links(rows) == -1) {
		fprintf(stderr, "dcvifctl: %s: rtnetlink: %s\n", c->cmd,
		    strerror(errno));
		return 1;
	}
	kv = json_object_new_array();
	bfd = json_object_new_array();
	if (genl_open(&g) < 0) {
		/* no module: rows only from dcvifd */
		snprintf(note, notelen, "kernel: %s", g.errmsg[0] ? g.errmsg :
		    "the dcvif module is not loaded");
	} else {
		ret = vif_dump(&g, kv, c->cmd);
		if (ret == 0)
			ret = bfd_dump(&g, bfd, c->cmd);
		kcmd_genl_report(&g, ret);
		genl_close(&g);
		if (ret < 0) {
			json_object_put(kv);
			json_object_put(bfd);
			return 1;
		}
	}
	for (i = 0; i < json_object_array_length(kv); i++) {
		o = json_object_array_get_idx(kv, i);
		if ((v = get(o, "dev")) == NULL)
			continue;
		row = row_of(rows, json_object_get_string(v));
		copy(row, o, "lower", NULL);
		copy(row, o, "carrier", NULL);
		copy(row, o, "carrier_reason", NULL);
	}
	for (i = 0; i < json_object_array_length(bfd); i++) {
		json_object *s = json_object_new_object();

		o = json_object_array_get_idx(bfd, i);
		if ((v = get(o, "dev")) == NULL)
			continue;
		copy(s, o, "peer", NULL);
		copy(s, o, "state", NULL);
		copy(s, o, "diag", NULL);
		copy(s, o, "detect_time_us", NULL);
		append(row_of(rows, json_object_get_string(v)), "bfd", s);
	}
	json_object_put(kv);
	json_object_put(bfd);

	/* dcvifd's side: its vif blocks, then its sessions per interface */
	if ((dv = ctl_query("show vifs\n", err, sizeof(err))) == NULL ||
	    !json_object_is_type(dv, json_type_array) ||
	    (dn = ctl_query("show neighbors\n", err, sizeof(err))) == NULL ||
	    !json_object_is_type(dn, json_type_array)) {
		if (dv && !json_object_is_type(dv, json_type_array) &&
		    (v = get(dv, "error")))
			snprintf(err, sizeof(err), "%s",
			    json_object_get_string(v));
		snprintf(note + strlen(note), notelen - strlen(note),
		    "%sdcvifd: %s (BGP not shown)", note[0] ? "; " : "", err);
		json_object_put(dv);
		json_object_put(dn);
		return 0;
	}
	for (i = 0; i < json_object_array_length(dv); i++) {
		o = json_object_array_get_idx(dv, i);
		if ((v = get(o, "vif")) == NULL)
			continue;
		row = row_of(rows, json_object_get_string(v));
		jadd_bool(row, "managed", 1);
		if (get(row, "ifindex") == NULL) {
			/* not in the kernel: what it should be */
			copy(row, o, "lower", NULL);
			copy(row, o, "vlan", NULL);
			copy(row, o, "type", NULL);
			copy(row, o, "mtu", NULL);
		}
		copy(row, o, "ready", NULL);
		copy(row, o, "error", NULL);
		copy(row, o, "address", NULL);
		copy(row, o, "address6", NULL);
	}
	for (i = 0; i < json_object_array_length(dn); i++) {
		json_object *s = json_object_new_object();
		const char *ifn;

		o = json_object_array_get_idx(dn, i);
		ifn = (v = get(o, "interface")) ? json_object_get_string(v) :
		    "";
		if (*ifn == '\0') {
			json_object_put(s);
			continue;
		}
		copy(s, o, "neighbor", NULL);
		copy(s, o, "remote_as", NULL);
		copy(s, o, "state", NULL);
		copy(s, o, "since", NULL);
		copy(s, o, "prefixes_received", NULL);
		copy(s, o, "prefixes_sent", NULL);
		append(row_of(rows, ifn), "bgp", s);
	}
	json_object_put(dv);
	json_object_put(dn);
	return 0;
}

static const struct table_col cols[] = {
	{ "VIF", 0 }, { "LOWER", 0 }, { "VLAN", 1 }, { "TYPE", 0 },
	{ "MTU", 1 }, { "CARRIER", 0 }, { "BFD", 0 }, { "BGP", 0 },
	{ "PFX-RCVD", 1 }, { "PFX-SENT", 1 },
};

static void
table(json_object *rows)
{
	json_object *out = json_object_new_array(), *o, *r, *v, *b, *s;
	char buf[128], tmp[64], bfdtxt[128];
	size_t i, j, nb;

	for (i = 0; i < json_object_array_length(rows); i++) {
		o = json_object_array_get_idx(rows, i);
		r = table_row(out);
		table_cell(r, jfield(o, "vif", buf, sizeof(buf)));
		table_cell(r, jfield(o, "lower", buf, sizeof(buf)));
		table_cell(r, jfield(o, "vlan", buf, sizeof(buf)));
		table_cell(r, jfield(o, "type", buf, sizeof(buf)));
		table_cell(r, jfield(o, "mtu", buf, sizeof(buf)));
		if (get(o, "ifindex") == NULL)
			snprintf(buf, sizeof(buf), "absent");
		else if ((v = get(o, "admin_up")) &&
		    !json_object_get_boolean(v))
			snprintf(buf, sizeof(buf), "admin down");
		else if ((v = get(o, "carrier")) == NULL)
			snprintf(buf, sizeof(buf), "-");
		else if (json_object_get_boolean(v))
			snprintf(buf, sizeof(buf), "on");
		else
			snprintf(buf, sizeof(buf), "off (%s)", jfield(o,
			    "carrier_reason", tmp, sizeof(tmp)));
		table_cell(r, buf);
		/* BFD: the sessions' states, "up" or "down (diag)" */
		bfdtxt[0] = '\0';
		b = get(o, "bfd");
		for (j = 0; b && j < json_object_array_length(b); j++) {
			s = json_object_array_get_idx(b, j);
			jfield(s, "state", tmp, sizeof(tmp));
			snprintf(bfdtxt + strlen(bfdtxt), sizeof(bfdtxt) -
			    strlen(bfdtxt), "%s%s", j ? "," : "", tmp);
			if (strcmp(tmp, "Up") != 0 && (v = get(s, "diag")) &&
			    strcmp(json_object_get_string(v),
			    "No Diagnostic") != 0)
				snprintf(bfdtxt + strlen(bfdtxt),
				    sizeof(bfdtxt) - strlen(bfdtxt), " (%s)",
				    json_object_get_string(v));
		}
		table_cell(r, bfdtxt[0] ? bfdtxt : "-");
		/* BGP: a session per line, the first on the VIF's */
		b = get(o, "bgp");
		nb = b ? json_object_array_length(b) : 0;
		for (j = 0; j < (nb ? nb : 1); j++) {
			if (j > 0) {
				size_t k;

				r = table_row(out);
				for (k = 0; k < 7; k++)
					table_cell(r, "");
			}
			if (nb == 0) {
				table_cell(r, "-");
				table_cell(r, "");
				table_cell(r, "");
				continue;
			}
			s = json_object_array_get_idx(b, j);
			snprintf(buf, sizeof(buf), "%s %s",
			    jfield(s, "neighbor", tmp, sizeof(tmp)),
			    json_object_get_string(get(s, "state")));
			table_cell(r, buf);
			table_cell(r, jfield(s, "prefixes_received", buf,
			    sizeof(buf)));
			table_cell(r, jfield(s, "prefixes_sent", buf,
			    sizeof(buf)));
		}
	}
	table_print(cols, sizeof(cols) / sizeof(cols[0]), out);
	json_object_put(out);
	/* why dcvifd could not make a VIF: under the table, in full */
	for (i = 0; i < json_object_array_length(rows); i++) {
		o = json_object_array_get_idx(rows, i);
		if ((v = get(o, "error")) != NULL)
			printf("%s: %s\n", jfield(o, "vif", buf, sizeof(buf)),
			    json_object_get_string(v));
	}
}

int
vifs_show(struct cli *c, int json)
{
	json_object *rows = json_object_new_array();
	char note[512] = "";
	const char *w;
	int ret;

	if ((w = cli_next(c)) != NULL)
		cli_unknown(c, w, "nothing");
	ret = collect(c, rows, note, sizeof(note));
	if (ret == 0) {
		if (json)
			jprint(rows);
		else if (json_object_array_length(rows) > 0)
			table(rows);
		else
			printf("no VIFs\n");
		if (note[0])
			fprintf(stderr, "dcvifctl: %s\n", note);
	}
	json_object_put(rows);
	return ret;
}
