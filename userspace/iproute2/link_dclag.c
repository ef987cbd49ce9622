// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * link_dclag.so -- iproute2 plugin for the "dclag" link kind (a LAG) and
 * for the member information of its ports ("dclag_slave").
 *
 *   ip link add NAME type dclag [ min-links N ] [ max-members N ]
 *                               [ lacp { active | passive | off } ]
 *                               [ lacp-rate { slow | fast } ]
 *                               [ micro-bfd { on | off } ]
 *                               [ mbfd-local ADDR ] [ mbfd-peer ADDR ]
 *                               [ mbfd-min-tx MS ] [ mbfd-min-rx MS ]
 *                               [ mbfd-multiplier N ]
 *   ip link set NAME type dclag ...
 *   ip link set PORT master NAME
 *   ip -d [-j] link show NAME|PORT
 *
 * ip(8) dlopen()s <libdir>/ip/link_dclag.so and looks up dclag_link_util;
 * for a member it loads link_dclag_slave.so (the same file, installed
 * under both names) and looks up dclag_slave_link_util. Modelled on
 * ip/iplink_bond.c. The iproute2 declarations below are those of
 * link_dcvif.c, checked against iproute2 v6.1.0 (Debian 12's).
 */

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
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
_PRINT_FUNC(u64, uint64_t)
#undef _PRINT_FUNC

/* ---- from iproute2 v6.1.0 include/utils.h ---- */
void incomplete_command(void) __attribute__((noreturn));
#define NEXT_ARG() do { argv++; if (--argc <= 0) incomplete_command(); } while(0)
int get_u32(__u32 *val, const char *arg, int base);
void invarg(const char *, const char *) __attribute__((noreturn));
void duparg(const char *, const char *) __attribute__((noreturn));

/* ---- from iproute2 v6.1.0 include/libnetlink.h ---- */
int addattr8(struct nlmsghdr *n, int maxlen, int type, __u8 data);
int addattr32(struct nlmsghdr *n, int maxlen, int type, __u32 data);
int addattr_l(struct nlmsghdr *n, int maxlen, int type, const void *data,
	      int alen);

/* ------------------------------------------------------------------------ */

/* As link_dcvif.c: the room iplink_modify() leaves for IFLA_INFO_DATA. */
#define DCLAG_REQ_MAXLEN	1024
#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))

static const char * const dclag_lacp_names[] = {
	[DCLAG_LACP_OFF]	= "off",
	[DCLAG_LACP_PASSIVE]	= "passive",
	[DCLAG_LACP_ACTIVE]	= "active",
};

static const char * const dclag_rate_names[] = {
	[DCLAG_LACP_RATE_SLOW]	= "slow",
	[DCLAG_LACP_RATE_FAST]	= "fast",
};

static const char * const dclag_reason_names[] = {
	[DCLAG_MEMBER_REASON_NONE]	= "none",
	[DCLAG_MEMBER_REASON_CARRIER]	= "carrier",
	[DCLAG_MEMBER_REASON_LACP]	= "lacp",
	[DCLAG_MEMBER_REASON_BFD]	= "micro-bfd",
	[DCLAG_MEMBER_REASON_SPEED]	= "speed",
};

/* RFC 5880 section 4.1, as the kernel reports them. */
static const char * const dclag_bfd_state_names[] = {
	"admin-down", "down", "init", "up",
};

static const char * const dclag_bfd_diag_names[] = {
	"none", "detect-expired", "echo-failed", "neighbor-down", "fwd-reset",
	"path-down", "concat-path-down", "admin-down", "rev-concat-path-down",
};

static void print_explain(FILE *f)
{
	fprintf(f,
		"Usage: ... dclag [ min-links N ] [ max-members N ]\n"
		"                 [ lacp { active | passive | off } ]\n"
		"                 [ lacp-rate { slow | fast } ]\n"
		"                 [ micro-bfd { on | off } ]\n"
		"                 [ mbfd-local ADDR ] [ mbfd-peer ADDR ]\n"
		"                 [ mbfd-min-tx MS ] [ mbfd-min-rx MS ]\n"
		"                 [ mbfd-multiplier N ]\n"
		"\n"
		"min-links    carrier needs N active members, 0-%d (0 acts as 1; default 0)\n"
		"max-members  members accepted, 1-%d (default %d)\n"
		"lacp         802.1AX LACP mode (off: members count on carrier alone)\n"
		"lacp-rate    the LACPDU rate asked of the partner (default slow)\n"
		"micro-bfd    RFC 7130 BFD on each member: a member is active only while\n"
		"             its session is Up (needs mbfd-local and mbfd-peer)\n"
		"mbfd-local   our address, IPv4 or IPv6; mbfd-peer the peer LAG's\n"
		"mbfd-min-tx  desired min TX interval, ms (default %d)\n"
		"mbfd-min-rx  required min RX interval, ms (default %d)\n"
		"mbfd-multiplier  detect multiplier, 1-255 (default %d)\n"
		"\n"
		"Members: ip link set PORT master NAME; ip link set PORT nomaster.\n",
		DCLAG_MEMBERS_LIMIT, DCLAG_MEMBERS_LIMIT, DCLAG_MEMBERS_DEFAULT,
		DCLAG_MBFD_INTERVAL_DEFAULT / 1000, DCLAG_MBFD_INTERVAL_DEFAULT / 1000,
		DCLAG_MBFD_MULT_DEFAULT);
}

/* An IPv4 or IPv6 address into @buf; its length, or -1. */
static int dclag_parse_addr(const char *arg, unsigned char *buf)
{
	if (inet_pton(AF_INET, arg, buf) == 1)
		return 4;
	if (inet_pton(AF_INET6, arg, buf) == 1)
		return 16;
	return -1;
}

/* Milliseconds, "300" or "300ms", or microseconds "1500us", into us. */
static int dclag_parse_interval(const char *arg, __u32 *us)
{
	char num[16];
	size_t n = strspn(arg, "0123456789");
	__u32 v, scale;

	if (n == 0 || n >= sizeof(num))
		return -1;
	if (arg[n] == 0 || strcmp(arg + n, "ms") == 0)
		scale = 1000;
	else if (strcmp(arg + n, "us") == 0)
		scale = 1;
	else
		return -1;
	memcpy(num, arg, n);
	num[n] = 0;
	if (get_u32(&v, num, 10) || v > UINT32_MAX / scale)
		return -1;
	*us = v * scale;
	return 0;
}

static void explain(void)
{
	print_explain(stderr);
}

static int dclag_lookup(const char *arg, const char * const *names,
			unsigned int n, __u8 *val)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (names[i] && strcmp(arg, names[i]) == 0) {
			*val = i;
			return 0;
		}
	}
	return -1;
}

static int dclag_parse_opt(struct link_util *lu, int argc, char **argv,
			   struct nlmsghdr *n)
{
	bool have_min = false, have_max = false, have_lacp = false;
	bool have_rate = false, have_bfd = false;
	unsigned char addr[16];
	__u32 u32;
	__u8 u8;
	int len;

	(void)lu;

	while (argc > 0) {
		if (strcmp(*argv, "min-links") == 0) {
			NEXT_ARG();
			if (have_min)
				duparg("min-links", *argv);
			/* The range is the kernel's to state. */
			if (get_u32(&u32, *argv, 0))
				invarg("min-links is invalid", *argv);
			have_min = true;
			addattr32(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_MIN_LINKS, u32);
		} else if (strcmp(*argv, "max-members") == 0) {
			NEXT_ARG();
			if (have_max)
				duparg("max-members", *argv);
			if (get_u32(&u32, *argv, 0))
				invarg("max-members is invalid", *argv);
			have_max = true;
			addattr32(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_MAX_MEMBERS, u32);
		} else if (strcmp(*argv, "lacp") == 0) {
			NEXT_ARG();
			if (have_lacp)
				duparg("lacp", *argv);
			if (dclag_lookup(*argv, dclag_lacp_names,
					 ARRAY_LEN(dclag_lacp_names), &u8))
				invarg("lacp must be active, passive or off", *argv);
			have_lacp = true;
			addattr8(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_LACP, u8);
		} else if (strcmp(*argv, "lacp-rate") == 0) {
			NEXT_ARG();
			if (have_rate)
				duparg("lacp-rate", *argv);
			if (dclag_lookup(*argv, dclag_rate_names,
					 ARRAY_LEN(dclag_rate_names), &u8))
				invarg("lacp-rate must be slow or fast", *argv);
			have_rate = true;
			addattr8(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_LACP_RATE, u8);
		} else if (strcmp(*argv, "micro-bfd") == 0) {
			NEXT_ARG();
			if (have_bfd)
				duparg("micro-bfd", *argv);
			if (strcmp(*argv, "on") == 0)
				u8 = 1;
			else if (strcmp(*argv, "off") == 0)
				u8 = 0;
			else
				invarg("micro-bfd must be on or off", *argv);
			have_bfd = true;
			addattr8(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_MICRO_BFD, u8);
		} else if (strcmp(*argv, "mbfd-local") == 0 ||
			   strcmp(*argv, "mbfd-peer") == 0) {
			int type = strcmp(*argv, "mbfd-local") == 0 ?
				   IFLA_DCLAG_MBFD_LOCAL : IFLA_DCLAG_MBFD_PEER;

			NEXT_ARG();
			len = dclag_parse_addr(*argv, addr);
			if (len < 0)
				invarg("not an IPv4 or IPv6 address", *argv);
			addattr_l(n, DCLAG_REQ_MAXLEN, type, addr, len);
		} else if (strcmp(*argv, "mbfd-min-tx") == 0 ||
			   strcmp(*argv, "mbfd-min-rx") == 0) {
			int type = strcmp(*argv, "mbfd-min-tx") == 0 ?
				   IFLA_DCLAG_MBFD_MIN_TX : IFLA_DCLAG_MBFD_MIN_RX;

			NEXT_ARG();
			if (dclag_parse_interval(*argv, &u32))
				invarg("interval must be milliseconds (300, 300ms) or microseconds (1500us)",
				       *argv);
			addattr32(n, DCLAG_REQ_MAXLEN, type, u32);
		} else if (strcmp(*argv, "mbfd-multiplier") == 0) {
			NEXT_ARG();
			if (get_u32(&u32, *argv, 0) || u32 > 255)
				invarg("mbfd-multiplier must be 1-255", *argv);
			addattr8(n, DCLAG_REQ_MAXLEN, IFLA_DCLAG_MBFD_MULT, u32);
		} else if (strcmp(*argv, "help") == 0) {
			explain();
			return -1;
		} else {
			fprintf(stderr, "dclag: unknown command \"%s\"?\n", *argv);
			explain();
			return -1;
		}
		argc--, argv++;
	}
	return 0;
}

/* Only attributes of the size the kernel puts are read (link_dcvif.c). */
static bool dclag_attr_ok(struct rtattr *tb[], int type, size_t len)
{
	return tb[type] && RTA_PAYLOAD(tb[type]) == len;
}

static bool dclag_get_u8(struct rtattr *tb[], int type, __u8 *v)
{
	if (!dclag_attr_ok(tb, type, sizeof(*v)))
		return false;
	memcpy(v, RTA_DATA(tb[type]), sizeof(*v));
	return true;
}

static bool dclag_get_u32(struct rtattr *tb[], int type, __u32 *v)
{
	if (!dclag_attr_ok(tb, type, sizeof(*v)))
		return false;
	memcpy(v, RTA_DATA(tb[type]), sizeof(*v));
	return true;
}

static void dclag_print_name(const char *key, const char *fmt, __u8 v,
			     const char * const *names, unsigned int n)
{
	const char *name = v < n ? names[v] : NULL;
	char buf[32];

	if (!name) {
		snprintf(buf, sizeof(buf), "unknown(%u)", v);
		name = buf;
	}
	print_string(PRINT_ANY, key, fmt, name);
}

static void dclag_print_addr(struct rtattr *tb[], int type, const char *key,
			     const char *fmt)
{
	char buf[INET6_ADDRSTRLEN];
	size_t len;

	if (!tb[type])
		return;
	len = RTA_PAYLOAD(tb[type]);
	if ((len != 4 && len != 16) ||
	    !inet_ntop(len == 4 ? AF_INET : AF_INET6, RTA_DATA(tb[type]), buf,
		       sizeof(buf)))
		return;
	print_string(PRINT_ANY, key, fmt, buf);
}

/* Text in ms ("300ms", "1.5ms"), JSON in us. */
static void dclag_print_interval(struct rtattr *tb[], int type,
				 const char *key, const char *fmt)
{
	char buf[32];
	__u32 us;

	if (!dclag_get_u32(tb, type, &us))
		return;
	if (is_json_context()) {
		print_uint(PRINT_JSON, key, NULL, us);
		return;
	}
	if (us % 1000)
		snprintf(buf, sizeof(buf), "%u.%03ums", us / 1000, us % 1000);
	else
		snprintf(buf, sizeof(buf), "%ums", us / 1000);
	print_string(PRINT_FP, NULL, fmt, buf);
}

static void dclag_print_opt(struct link_util *lu, FILE *f, struct rtattr *tb[])
{
	__u32 u32;
	__u8 u8;

	(void)lu;
	(void)f;	/* print_* write to stdout or the JSON writer */

	if (!tb)
		return;
	if (dclag_get_u32(tb, IFLA_DCLAG_MIN_LINKS, &u32))
		print_uint(PRINT_ANY, "min_links", "min-links %u ", u32);
	if (dclag_get_u32(tb, IFLA_DCLAG_MAX_MEMBERS, &u32))
		print_uint(PRINT_ANY, "max_members", "max-members %u ", u32);
	if (dclag_get_u8(tb, IFLA_DCLAG_LACP, &u8))
		dclag_print_name("lacp", "lacp %s ", u8, dclag_lacp_names,
				 ARRAY_LEN(dclag_lacp_names));
	if (dclag_get_u8(tb, IFLA_DCLAG_LACP_RATE, &u8))
		dclag_print_name("lacp_rate", "lacp-rate %s ", u8,
				 dclag_rate_names, ARRAY_LEN(dclag_rate_names));
	if (dclag_get_u8(tb, IFLA_DCLAG_MICRO_BFD, &u8))
		print_on_off(PRINT_ANY, "micro_bfd", "micro-bfd %s ", u8);
	dclag_print_addr(tb, IFLA_DCLAG_MBFD_LOCAL, "mbfd_local", "mbfd-local %s ");
	dclag_print_addr(tb, IFLA_DCLAG_MBFD_PEER, "mbfd_peer", "mbfd-peer %s ");
	dclag_print_interval(tb, IFLA_DCLAG_MBFD_MIN_TX, "mbfd_min_tx_us", "mbfd-min-tx %s ");
	dclag_print_interval(tb, IFLA_DCLAG_MBFD_MIN_RX, "mbfd_min_rx_us", "mbfd-min-rx %s ");
	if (dclag_get_u8(tb, IFLA_DCLAG_MBFD_MULT, &u8))
		print_uint(PRINT_ANY, "mbfd_multiplier", "mbfd-multiplier %u ", u8);
	if (dclag_get_u32(tb, IFLA_DCLAG_MEMBERS, &u32))
		print_uint(PRINT_ANY, "members", "members %u ", u32);
	if (dclag_get_u32(tb, IFLA_DCLAG_ACTIVE_MEMBERS, &u32))
		print_uint(PRINT_ANY, "active_members", "active-members %u ", u32);
}

static void dclag_print_state(const char *key, const char *fmt, __u8 st)
{
	static const char * const bits[] = {
		"activity", "timeout", "aggregation", "sync",
		"collecting", "distributing", "defaulted", "expired",
	};
	char buf[96] = "";
	unsigned int i;

	for (i = 0; i < ARRAY_LEN(bits); i++) {
		if (!(st & (1U << i)))
			continue;
		if (buf[0])
			strncat(buf, ",", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, bits[i], sizeof(buf) - strlen(buf) - 1);
	}
	print_string(PRINT_ANY, key, fmt, buf[0] ? buf : "none");
}

static void dclag_print_u64(struct rtattr *tb[], int type, const char *key,
			    const char *fmt)
{
	uint64_t v;

	if (!dclag_attr_ok(tb, type, sizeof(v)))
		return;
	memcpy(&v, RTA_DATA(tb[type]), sizeof(v));
	print_u64(PRINT_ANY, key, fmt, v);
}

static void dclag_slave_print_opt(struct link_util *lu, FILE *f,
				  struct rtattr *tb[])
{
	__u32 u32;
	__u8 u8;

	(void)lu;
	(void)f;

	if (!tb)
		return;
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_ACTIVE, &u8))
		print_on_off(PRINT_ANY, "active", "active %s ", u8);
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_REASON, &u8))
		dclag_print_name("reason", "reason %s ", u8, dclag_reason_names,
				 ARRAY_LEN(dclag_reason_names));
	if (dclag_get_u32(tb, IFLA_DCLAG_MEMBER_SPEED, &u32))
		print_uint(PRINT_ANY, "speed", "speed %u ", u32);
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_LACP_ACTOR_STATE, &u8))
		dclag_print_state("lacp_actor_state", "lacp-actor %s ", u8);
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_LACP_PARTNER_STATE, &u8))
		dclag_print_state("lacp_partner_state", "lacp-partner %s ", u8);
	dclag_print_u64(tb, IFLA_DCLAG_MEMBER_LACPDU_RX, "lacpdu_rx", "lacpdu-rx %llu ");
	dclag_print_u64(tb, IFLA_DCLAG_MEMBER_LACPDU_TX, "lacpdu_tx", "lacpdu-tx %llu ");
	dclag_print_u64(tb, IFLA_DCLAG_MEMBER_LACPDU_BAD, "lacpdu_bad", "lacpdu-bad %llu ");
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_MBFD_STATE, &u8))
		dclag_print_name("mbfd_state", "mbfd-state %s ", u8,
				 dclag_bfd_state_names, ARRAY_LEN(dclag_bfd_state_names));
	if (dclag_get_u8(tb, IFLA_DCLAG_MEMBER_MBFD_DIAG, &u8))
		dclag_print_name("mbfd_diag", "mbfd-diag %s ", u8,
				 dclag_bfd_diag_names, ARRAY_LEN(dclag_bfd_diag_names));
	if (dclag_get_u32(tb, IFLA_DCLAG_MEMBER_MBFD_LOCAL_DISCR, &u32))
		print_uint(PRINT_ANY, "mbfd_local_discr", "mbfd-local-discr %u ", u32);
	if (dclag_get_u32(tb, IFLA_DCLAG_MEMBER_MBFD_REMOTE_DISCR, &u32))
		print_uint(PRINT_ANY, "mbfd_remote_discr", "mbfd-remote-discr %u ", u32);
}

static void dclag_print_help(struct link_util *lu, int argc, char **argv,
			     FILE *f)
{
	(void)lu;
	(void)argc;
	(void)argv;

	print_explain(f);
}

/* Looked up by name, "<kind>_link_util" and "<kind>_slave_link_util". */
__attribute__((visibility("default")))
struct link_util dclag_link_util = {
	.id		= "dclag",
	.maxattr	= IFLA_DCLAG_MAX,
	.parse_opt	= dclag_parse_opt,
	.print_opt	= dclag_print_opt,
	.print_help	= dclag_print_help,
};

__attribute__((visibility("default")))
struct link_util dclag_slave_link_util = {
	.id		= "dclag_slave",
	.maxattr	= IFLA_DCLAG_MEMBER_MAX,
	.print_opt	= dclag_slave_print_opt,
};
