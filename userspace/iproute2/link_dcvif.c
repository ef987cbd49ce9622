// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * link_dcvif.so -- iproute2 plugin for the "dcvif" link kind.
 *
 *   ip link add link LOWER name NAME type dcvif id VID [ vif-type TYPE ]
 *   ip link set NAME type dcvif [ vif-type TYPE ]
 *   ip -d [-j] link show NAME
 *   ip link help dcvif
 *
 * ip(8) dlopen()s <libdir>/ip/link_dcvif.so (or $IP_LIB_DIR/link_dcvif.so)
 * and looks up the symbol dcvif_link_util. Modelled on ip/iplink_vlan.c.
 *
 * iproute2 installs no headers for plugins, so the few declarations we need
 * are repeated below. They were checked against iproute2 v6.1.0 (the version
 * Debian 12 ships, 6.1.0-3), tag v6.1.0 = commit 83699d3d5077:
 *   - struct link_util:           ip/ip_common.h
 *   - enum output_type, the print_* inline wrappers over print_color_*:
 *                                 include/json_print.h
 *   - enum color_attr (COLOR_NONE): include/color.h
 *   - NEXT_ARG, get_u16, invarg, duparg, incomplete_command, matches:
 *                                 include/utils.h
 *   - addattr_l, addattr8:        include/libnetlink.h
 * Every function called here is exported by Debian's /usr/sbin/ip
 * (nm -D --defined-only); the print_* helpers are static inlines in
 * iproute2, so only their exported print_color_* backends are referenced.
 * All of them stay undefined in the .so and bind to the ip binary at dlopen.
 */

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <linux/dcvif.h>

/* ---- from iproute2 v6.1.0 ip/ip_common.h (layout must match exactly) ---- */
struct link_util {
	struct link_util	*next;
	const char		*id;
	int			maxattr;
	int			(*parse_opt)(struct link_util *, int, char **,
					     struct nlmsghdr *);
	void			(*print_opt)(struct link_util *, FILE *,
					     struct rtattr *[]);
	void			(*print_xstats)(struct link_util *, FILE *,
						struct rtattr *);
	void			(*print_help)(struct link_util *, int, char **,
					      FILE *);
	int			(*parse_ifla_xstats)(struct link_util *,
						     int, char **);
	int			(*print_ifla_xstats)(struct nlmsghdr *, void *);
};

/* ---- from iproute2 v6.1.0 include/color.h ---- */
enum color_attr {
	COLOR_IFNAME,
	COLOR_MAC,
	COLOR_INET,
	COLOR_INET6,
	COLOR_OPERSTATE_UP,
	COLOR_OPERSTATE_DOWN,
	COLOR_NONE
};

/* ---- from iproute2 v6.1.0 include/json_print.h ---- */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = 4,
};

bool is_json_context(void);

#define _PRINT_FUNC(type_name, type)					\
	int print_color_##type_name(enum output_type t,			\
				    enum color_attr color,		\
				    const char *key,			\
				    const char *fmt,			\
				    type value);			\
									\
	static inline int print_##type_name(enum output_type t,		\
					    const char *key,		\
					    const char *fmt,		\
					    type value)			\
	{								\
		return print_color_##type_name(t, COLOR_NONE, key, fmt,	\
					       value);			\
	}

_PRINT_FUNC(on_off, bool)
_PRINT_FUNC(string, const char*)
_PRINT_FUNC(uint, unsigned int)
#undef _PRINT_FUNC

/* ---- from iproute2 v6.1.0 include/utils.h ---- */
void incomplete_command(void) __attribute__((noreturn));
#define NEXT_ARG() do { argv++; if (--argc <= 0) incomplete_command(); } while(0)
int get_u16(__u16 *val, const char *arg, int base);
void invarg(const char *, const char *) __attribute__((noreturn));
void duparg(const char *, const char *) __attribute__((noreturn));

/* ---- from iproute2 v6.1.0 include/libnetlink.h ---- */
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr_l(struct nlmsghdr *n, int maxlen, int type,
	      const void *data, int alen);

/* ------------------------------------------------------------------------ */

/*
 * iplink_modify() hands us &req.n of a struct iplink_req, whose room after
 * the headers is 1024 bytes; iplink_vlan.c passes the same bound.
 */
#define DCVIF_REQ_MAXLEN	1024

static const char * const dcvif_type_names[] = {
	[DCVIF_VIF_PRIVATE]	= "private",
	[DCVIF_VIF_PUBLIC]	= "public",
	[DCVIF_VIF_TRANSIT]	= "transit",
};

static void print_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... dcvif id VID [ vif-type VIF_TYPE ]\n"
		"\n"
		"VID      := 1-4094 (802.1Q VLAN ID; cannot be changed later)\n"
		"VIF_TYPE := { private | public | transit } (default: private)\n"
		"\n"
		"The VIF type caps the MTU:\n"
		"  private  MTU <= %d\n"
		"  transit  MTU <= %d\n"
		"  public   MTU <= %d\n"
		"A new VIF's MTU is %d unless \"mtu\" is given.\n",
		DCVIF_MTU_PRIVATE_MAX, DCVIF_MTU_TRANSIT_MAX,
		DCVIF_MTU_PUBLIC_MAX, DCVIF_MTU_DEFAULT);
}

static void explain(void)
{
	print_explain(stderr);
}

static int dcvif_parse_type(const char *arg, __u8 *type)
{
	unsigned int i;

	for (i = 1; i < sizeof(dcvif_type_names) / sizeof(dcvif_type_names[0]); i++) {
		if (dcvif_type_names[i] && strcmp(arg, dcvif_type_names[i]) == 0) {
			*type = i;
			return 0;
		}
	}
	return -1;
}

static int dcvif_parse_opt(struct link_util *lu, int argc, char **argv,
			   struct nlmsghdr *n)
{
	bool have_id = false, have_type = false;
	__u16 id;
	__u8 type;

	(void)lu;

	while (argc > 0) {
		if (strcmp(*argv, "id") == 0) {
			NEXT_ARG();
			if (have_id)
				duparg("id", *argv);
			/* 0 and 4095 go through: the kernel says why not. */
			if (get_u16(&id, *argv, 0))
				invarg("id is invalid", *argv);
			have_id = true;
			addattr_l(n, DCVIF_REQ_MAXLEN, IFLA_DCVIF_ID, &id, sizeof(id));
		} else if (strcmp(*argv, "vif-type") == 0) {
			NEXT_ARG();
			if (have_type)
				duparg("vif-type", *argv);
			if (dcvif_parse_type(*argv, &type))
				invarg("vif-type must be private, public or transit",
				       *argv);
			have_type = true;
			addattr8(n, DCVIF_REQ_MAXLEN, IFLA_DCVIF_TYPE, type);
		} else if (strcmp(*argv, "help") == 0) {
			explain();
			return -1;
		} else {
			fprintf(stderr, "dcvif: unknown command \"%s\"?\n", *argv);
			explain();
			return -1;
		}
		argc--, argv++;
	}

	return 0;
}

/*
 * The kernel puts each attribute with nla_put_u{8,16,32}; anything else is
 * not ours to interpret, so an attribute whose payload has another size is
 * left out rather than read past or misread.
 */
static bool dcvif_attr_ok(struct rtattr *tb[], int type, size_t len)
{
	return tb[type] && RTA_PAYLOAD(tb[type]) == len;
}

static void dcvif_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	char buf[32];
	__u32 u32;
	__u16 u16;
	__u8 u8;

	(void)lu;
	(void)f;	/* print_* write to stdout or the JSON writer */

	if (!tb)
		return;

	if (dcvif_attr_ok(tb, IFLA_DCVIF_ID, sizeof(u16))) {
		memcpy(&u16, RTA_DATA(tb[IFLA_DCVIF_ID]), sizeof(u16));
		print_uint(PRINT_ANY, "id", "id %u ", u16);
	}

	if (dcvif_attr_ok(tb, IFLA_DCVIF_TYPE, sizeof(u8))) {
		const char *name = NULL;

		memcpy(&u8, RTA_DATA(tb[IFLA_DCVIF_TYPE]), sizeof(u8));
		if (u8 < sizeof(dcvif_type_names) / sizeof(dcvif_type_names[0]))
			name = dcvif_type_names[u8];
		if (!name) {
			snprintf(buf, sizeof(buf), "unknown(%u)", u8);
			name = buf;
		}
		print_string(PRINT_ANY, "vif_type", "vif-type %s ", name);
	}

	if (dcvif_attr_ok(tb, IFLA_DCVIF_POLICY_MTU, sizeof(u32))) {
		memcpy(&u32, RTA_DATA(tb[IFLA_DCVIF_POLICY_MTU]), sizeof(u32));
		print_uint(PRINT_ANY, "policy_mtu", "policy-mtu %u ", u32);
	}

	if (dcvif_attr_ok(tb, IFLA_DCVIF_LOWER_JUMBO, sizeof(u8))) {
		memcpy(&u8, RTA_DATA(tb[IFLA_DCVIF_LOWER_JUMBO]), sizeof(u8));
		print_on_off(PRINT_ANY, "lower_jumbo", "lower-jumbo %s ", u8);
	}
}

static void dcvif_print_help(struct link_util *lu, int argc, char **argv,
			     FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;

	print_explain(f);
}

/*
 * The host selftest builds this file a second time with
 * -DDCVIF_PLUGIN_KIND=bridge, a kind the host kernel has, to run print_opt
 * through the real ip binary where the dcvif module cannot be loaded.
 */
#ifndef DCVIF_PLUGIN_KIND
#define DCVIF_PLUGIN_KIND	dcvif	/* DCVIF_KIND, as a token */
#endif
#define DCVIF_CAT(a, b)		a##b
#define DCVIF_LINK_UTIL(kind)	DCVIF_CAT(kind, _link_util)
#define DCVIF_STR_(x)		#x
#define DCVIF_STR(x)		DCVIF_STR_(x)

/* Looked up by name, "<kind>_link_util"; the only symbol this .so exports. */
__attribute__((visibility("default")))
struct link_util DCVIF_LINK_UTIL(DCVIF_PLUGIN_KIND) = {
	.id		= DCVIF_STR(DCVIF_PLUGIN_KIND),
	.maxattr	= IFLA_DCVIF_MAX,
	.parse_opt	= dcvif_parse_opt,
	.print_opt	= dcvif_print_opt,
	.print_help	= dcvif_print_help,
};
