// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl bfd add|set|del|show: the kernel's BFD sessions on VIFs, through
 * the dcvif generic netlink family.
 *
 * Intervals are milliseconds on the command line and microseconds on the
 * wire; a new session gets Direct Connect's 300 ms x 3 unless told
 * otherwise.  Keys are wiped once sent.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcmd.h"

#define BFD_DEFAULT_INTERVAL_MS	300	/* AWS Direct Connect's */
#define BFD_DEFAULT_MULT	3
#define BFD_MS_MIN		(DCVIF_BFD_INTERVAL_MIN / 1000)
#define BFD_MS_MAX		60000	/* as FRR's bfdd; the kernel has none */


/* --- the command line ----------------------------------------------------- */

enum {
	KW_DEV		= 1 << 0,
	KW_LOCAL	= 1 << 1,
	KW_PEER		= 1 << 2,
	KW_TX		= 1 << 3,
	KW_RX		= 1 << 4,
	KW_MULT		= 1 << 5,
	KW_PASSIVE	= 1 << 6,
	KW_ADMIN_DOWN	= 1 << 7,	/* add: a flag; set: on|off */
	KW_NO_COUPLING	= 1 << 8,
	KW_COUPLING	= 1 << 9,
	KW_AUTH		= 1 << 10,
	KW_KEY_ID	= 1 << 11,
	KW_KEY		= 1 << 12,
	KW_PADDING	= 1 << 13,
	KW_ECHO_TX	= 1 << 14,
	KW_ECHO_RX	= 1 << 15,
};

static const struct {
	const char	*word;
	unsigned int	 kw;
	const char	*arg;	/* its value, in messages */
} bfd_words[] = {
	{ "dev",		 KW_DEV,	 " VIF" },
	{ "local",		 KW_LOCAL,	 " ADDR" },
	{ "peer",		 KW_PEER,	 " ADDR" },
	{ "tx-interval",	 KW_TX,		 " MS" },
	{ "rx-interval",	 KW_RX,		 " MS" },
	{ "multiplier",		 KW_MULT,	 " N" },
	{ "passive",		 KW_PASSIVE,	 "" },
	{ "admin-down",		 KW_ADMIN_DOWN,	 "" },
	{ "no-carrier-coupling", KW_NO_COUPLING, "" },
	{ "carrier-coupling",	 KW_COUPLING,	 " on|off" },
	{ "auth",		 KW_AUTH,	 " TYPE" },
	{ "key-id",		 KW_KEY_ID,	 " N" },
	{ "key",		 KW_KEY,	 " KEY" },
	{ "padding",		 KW_PADDING,	 " on|off|SIZE" },
	{ "echo-interval",	 KW_ECHO_TX,	 " MS" },
	{ "echo-rx-interval",	 KW_ECHO_RX,	 " MS" },
};

#define NWORDS	(sizeof(bfd_words) / sizeof(bfd_words[0]))

struct bfd_args {
	unsigned int	 seen;		/* KW_* given */
	const char	*dev;
	unsigned int	 ifindex;
	struct kaddr	 local;
	struct kaddr	 peer;
	uint32_t	 tx_us;
	uint32_t	 rx_us;
	uint32_t	 echo_tx_us;	/* 0: off */
	uint32_t	 echo_rx_us;	/* 0: we do not loop the peer's */
	uint8_t		 mult;
	uint8_t		 admin_down;
	uint8_t		 coupling;
	uint8_t		 auth_type;
	uint8_t		 key_id;
	uint8_t		 key[DCVIF_BFD_KEY_MAX_LEN];
	size_t		 keylen;
	char		*key_word;	/* the KEY word, wiped once read */
	uint16_t	 padding;	/* 0, DCVIF_BFD_PADDING_MTU or bytes */
};

static const char auth_types[] = "simple, keyed-md5, meticulous-keyed-md5, "
	"keyed-sha1 or meticulous-keyed-sha1";

/* "dev, local or peer": the words of the keywords in allowed. */
static void
expected_words(unsigned int allowed, char *buf, size_t len)
{
	size_t i, n = 0, k = 0;

	for (i = 0; i < NWORDS; i++)
		n += (allowed & bfd_words[i].kw) != 0;
	buf[0] = '\0';
	for (i = 0; i < NWORDS; i++) {
		if (!(allowed & bfd_words[i].kw))
			continue;
		k++;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
		    k == 1 ? "" : k == n ? " or " : ", ", bfd_words[i].word);
	}
}

static unsigned int
parse_auth_type(const struct cli *c, const char *s, int allow_none)
{
	unsigned int t;
	char nb[KCMD_NAMEBUF];

	for (t = allow_none ? DCVIF_BFD_AUTH_TYPE_NONE :
	    DCVIF_BFD_AUTH_TYPE_SIMPLE;
	    t <= DCVIF_BFD_AUTH_TYPE_METICULOUS_KEYED_SHA1; t++)
		if (strcmp(s, bfd_auth_str(t, nb)) == 0)
			return t;
	cli_fail(c, "auth \"%s\": expected %s%s", s, allow_none ? "none, " : "",
	    auth_types);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* The key, as text or 0x-prefixed hex, checked against the auth type. */
static void
parse_key(const struct cli *c, struct bfd_args *a)
{
	const char *s = a->key_word;
	size_t max, len, i;
	char nb[KCMD_NAMEBUF];

	max = a->auth_type >= DCVIF_BFD_AUTH_TYPE_KEYED_SHA1 ? 20 : 16;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len = strlen(s);
		for (i = 0; i < len; i++)
			if (hexval((unsigned char)s[i]) < 0)
				break;
		if (len == 0 || len % 2 || i < len)
			cli_fail(c, "key: expected text, or an even number of "
			    "hex digits after 0x");
		len /= 2;
		if (len > max)
			cli_fail(c, "key: expected 1 to %zu bytes for %s, got "
			    "%zu", max, bfd_auth_str(a->auth_type, nb), len);
		for (i = 0; i < len; i++)
			a->key[i] = (uint8_t)(hexval((unsigned char)s[2 * i]) << 4 |
			    hexval((unsigned char)s[2 * i + 1]));
	} else {
		len = strlen(s);
		if (len == 0 || len > max)
			cli_fail(c, "key: expected 1 to %zu bytes for %s, got "
			    "%zu", max, bfd_auth_str(a->auth_type, nb), len);
		memcpy(a->key, s, len);
	}
	a->keylen = len;
	/* Out of /proc/PID/cmdline as soon as it is read. */
	explicit_bzero(a->key_word, strlen(a->key_word));
}

/*
 * RFC 9764 padding: on (to the VIF's MTU, following it), off, or the IP
 * packet size in bytes; the kernel checks the size against the session
 * (its unpadded size) and the VIF's MTU, and says why it refuses one.
 */
static uint16_t
parse_padding(struct cli *c, const char *w)
{
	const char *v = cli_value(c, w, "on, off or a size in bytes");

	if (strcmp(v, "on") == 0)
		return DCVIF_BFD_PADDING_MTU;
	if (strcmp(v, "off") == 0)
		return 0;
	if (!isdigit((unsigned char)v[0]))
		cli_fail(c, "padding \"%s\": expected on, off or a size in "
		    "bytes", v);
	return (uint16_t)cli_uint(c, w, v, 2, 65535, "a size in bytes");
}

/*
 * The words after "bfd CMD": allowed keywords, required ones; add's
 * admin-down is a flag, set's takes on|off.
 */
static void
bfd_parse(struct cli *c, struct bfd_args *a, unsigned int allowed,
    unsigned int required)
{
	const char *w, *v;
	char exp[256];
	unsigned int kw;
	size_t i;
	int is_set = (allowed & KW_COUPLING) != 0;

	memset(a, 0, sizeof(*a));
	expected_words(allowed, exp, sizeof(exp));
	while ((w = cli_next(c)) != NULL) {
		kw = 0;
		for (i = 0; i < NWORDS; i++)
			if (strcmp(w, bfd_words[i].word) == 0)
				kw = bfd_words[i].kw;
		if (!(kw & allowed))
			cli_unknown(c, w, exp);
		if (a->seen & kw)
			cli_fail(c, "%s given twice", w);
		a->seen |= kw;
		switch (kw) {
		case KW_DEV:
			a->dev = cli_value(c, w, "an interface name");
			cli_ifname(c, w, a->dev);
			break;
		case KW_LOCAL:
			v = cli_value(c, w, "an IPv4 or IPv6 address");
			cli_addr(c, w, v, &a->local);
			break;
		case KW_PEER:
			v = cli_value(c, w, "an IPv4 or IPv6 address");
			cli_addr(c, w, v, &a->peer);
			break;
		case KW_TX:
		case KW_RX:
			v = cli_value(c, w, "milliseconds");
			*(kw == KW_TX ? &a->tx_us : &a->rx_us) = 1000 *
			    (uint32_t)cli_uint(c, w, v, BFD_MS_MIN, BFD_MS_MAX,
			    "milliseconds");
			break;
		case KW_ECHO_TX:
		case KW_ECHO_RX:
			/* 0 turns it off */
			v = cli_value(c, w, "milliseconds, 0 for off");
			*(kw == KW_ECHO_TX ? &a->echo_tx_us : &a->echo_rx_us) =
			    1000 * (uint32_t)cli_uint(c, w, v, 0, BFD_MS_MAX,
			    "milliseconds");
			break;
		case KW_MULT:
			v = cli_value(c, w, "a number");
			a->mult = (uint8_t)cli_uint(c, w, v, 1, 255, "a number");
			break;
		case KW_ADMIN_DOWN:
			a->admin_down = 1;
			if (is_set) {
				v = cli_value(c, w, "on or off");
				a->admin_down = (uint8_t)cli_onoff(c, w, v);
			}
			break;
		case KW_COUPLING:
			v = cli_value(c, w, "on or off");
			a->coupling = (uint8_t)cli_onoff(c, w, v);
			break;
		case KW_AUTH:
			v = cli_value(c, w, auth_types);
			a->auth_type = (uint8_t)parse_auth_type(c, v, is_set);
			break;
		case KW_KEY_ID:
			v = cli_value(c, w, "a number");
			a->key_id = (uint8_t)cli_uint(c, w, v, 0, 255,
			    "a number");
			break;
		case KW_KEY:
			a->key_word = cli_value(c, w, "text, or hex after 0x");
			break;
		case KW_PADDING:
			a->padding = parse_padding(c, w);
			break;
		}
	}
	for (i = 0; i < NWORDS; i++) {
		kw = bfd_words[i].kw;
		if ((required & kw) && !(a->seen & kw))
			cli_fail(c, "%s%s is required", bfd_words[i].word,
			    bfd_words[i].arg);
	}
	if (a->local.family && a->peer.family &&
	    a->local.family != a->peer.family) {
		char l[INET6_ADDRSTRLEN], p[INET6_ADDRSTRLEN];

		cli_fail(c, "local %s and peer %s are not of the same address "
		    "family", kaddr_str(&a->local, l, sizeof(l)),
		    kaddr_str(&a->peer, p, sizeof(p)));
	}
	if ((a->seen & KW_AUTH) && a->auth_type == DCVIF_BFD_AUTH_TYPE_NONE) {
		if (a->seen & (KW_KEY_ID | KW_KEY))
			cli_fail(c, "auth none takes no key-id or key");
	} else if (a->seen & KW_AUTH) {
		if ((a->seen & (KW_KEY_ID | KW_KEY)) != (KW_KEY_ID | KW_KEY))
			cli_fail(c, "auth %s needs key-id N and key KEY",
			    bfd_auth_str(a->auth_type, exp));
		parse_key(c, a);
	} else if (a->seen & (KW_KEY_ID | KW_KEY)) {
		cli_fail(c, "%s needs auth TYPE",
		    a->seen & KW_KEY_ID ? "key-id" : "key");
	}
}

static void
put_addr(struct nlmsghdr *nlh, int v4type, int v6type, const struct kaddr *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, v4type, sizeof(a->v4), &a->v4);
	else
		mnl_attr_put(nlh, v6type, sizeof(a->v6), &a->v6);
}

/* ifindex and peer: the key of a session. */
static void
put_key(struct nlmsghdr *nlh, const struct bfd_args *a)
{
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, a->ifindex);
	put_addr(nlh, DCVIF_A_BFD_PEER_V4, DCVIF_A_BFD_PEER_V6, &a->peer);
}

/* Open the family, send through the library's typed calls, close. */
static int
bfd_send(struct bfd_args *a, uint8_t cmd)
{
	static const struct {
		unsigned int	kw;
		unsigned int	field;
	} fields[] = {
		{ KW_TX,		DCVIF_BFD_F_TX },
		{ KW_RX,		DCVIF_BFD_F_RX },
		{ KW_MULT,		DCVIF_BFD_F_MULT },
		{ KW_ADMIN_DOWN,	DCVIF_BFD_F_ADMIN },
		{ KW_COUPLING,		DCVIF_BFD_F_COUPLING },
		{ KW_AUTH,		DCVIF_BFD_F_AUTH },
		{ KW_PADDING,		DCVIF_BFD_F_PADDING },
		{ KW_ECHO_TX,		DCVIF_BFD_F_ECHO_TX },
		{ KW_ECHO_RX,		DCVIF_BFD_F_ECHO_RX },
	};
	struct dcvif_bfd b = {
		.ifindex		= a->ifindex,
		.family			= a->peer.family,
		.desired_min_tx		= a->tx_us,
		.required_min_rx	= a->rx_us,
		.detect_mult		= a->mult,
		.passive		= (a->seen & KW_PASSIVE) != 0,
		.admin_down		= a->admin_down,
		.carrier_coupling	= a->coupling,
		.auth_type		= a->auth_type,
		.auth_key_id		= a->key_id,
		.keylen			= (uint8_t)a->keylen,
		.padding		= a->padding,
		.echo_tx		= a->echo_tx_us,
		.echo_rx		= a->echo_rx_us,
	};
	unsigned int set = 0;
	struct genl g;
	size_t i;
	int ret;

	memcpy(b.peer, &a->peer.v6, sizeof(b.peer));
	memcpy(b.local, &a->local.v6, sizeof(b.local));
	memcpy(b.key, a->key, sizeof(b.key));
	explicit_bzero(a->key, sizeof(a->key));
	if (genl_open(&g) < 0) {
		explicit_bzero(&b, sizeof(b));
		kcmd_genl_err(&g);
		return 1;
	}
	switch (cmd) {
	case DCVIF_CMD_BFD_NEW:
		ret = dcvif_bfd_new(&g, &b);
		break;
	case DCVIF_CMD_BFD_SET:
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (a->seen & fields[i].kw)
				set |= fields[i].field;
		ret = dcvif_bfd_set(&g, &b, set);
		break;
	default:
		ret = dcvif_bfd_del(&g, &b);
		break;
	}
	explicit_bzero(&b, sizeof(b));
	kcmd_genl_report(&g, ret);
	genl_close(&g);
	return ret < 0 ? 1 : 0;
}

static int
bfd_add(struct cli *c)
{
	struct bfd_args a;

	bfd_parse(c, &a, KW_DEV | KW_LOCAL | KW_PEER | KW_TX | KW_RX | KW_MULT |
	    KW_PASSIVE | KW_ADMIN_DOWN | KW_NO_COUPLING | KW_AUTH | KW_KEY_ID |
	    KW_KEY | KW_PADDING | KW_ECHO_TX | KW_ECHO_RX,
	    KW_DEV | KW_LOCAL | KW_PEER);
	/* The CLI's defaults are Direct Connect's, whatever the kernel's. */
	if (!(a.seen & KW_TX))
		a.tx_us = BFD_DEFAULT_INTERVAL_MS * 1000;
	if (!(a.seen & KW_RX))
		a.rx_us = BFD_DEFAULT_INTERVAL_MS * 1000;
	if (!(a.seen & KW_MULT))
		a.mult = BFD_DEFAULT_MULT;
	a.seen |= KW_TX | KW_RX | KW_MULT;
	a.coupling = !(a.seen & KW_NO_COUPLING);
	if ((a.ifindex = cli_ifindex(c, a.dev)) == 0) {
		explicit_bzero(a.key, sizeof(a.key));
		return 1;
	}
	return bfd_send(&a, DCVIF_CMD_BFD_NEW);
}

static int
bfd_set(struct cli *c)
{
	const unsigned int changes = KW_TX | KW_RX | KW_MULT | KW_ADMIN_DOWN |
	    KW_COUPLING | KW_AUTH | KW_PADDING | KW_ECHO_TX | KW_ECHO_RX;
	struct bfd_args a;

	bfd_parse(c, &a, KW_DEV | KW_PEER | changes | KW_KEY_ID | KW_KEY,
	    KW_DEV | KW_PEER);
	if (!(a.seen & changes))
		cli_fail(c, "nothing to change (expected tx-interval, "
		    "rx-interval, multiplier, admin-down, carrier-coupling, "
		    "auth, padding, echo-interval or echo-rx-interval)");
	if ((a.ifindex = cli_ifindex(c, a.dev)) == 0) {
		explicit_bzero(a.key, sizeof(a.key));
		return 1;
	}
	return bfd_send(&a, DCVIF_CMD_BFD_SET);
}

static int
bfd_del(struct cli *c)
{
	struct bfd_args a;

	bfd_parse(c, &a, KW_DEV | KW_PEER, KW_DEV | KW_PEER);
	if ((a.ifindex = cli_ifindex(c, a.dev)) == 0)
		return 1;
	return bfd_send(&a, DCVIF_CMD_BFD_DEL);
}

/* --- show ----------------------------------------------------------------- */

struct show {
	json_object	*arr;
	const char	*peer;	/* filter, or NULL */
};

static int
show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	struct show *sh = data;
	json_object *o, *p;

	if (genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) < 0 ||
	    (o = bfd_session_json(tb)) == NULL) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (sh->peer != NULL && (!json_object_object_get_ex(o, "peer", &p) ||
	    strcmp(json_object_get_string(p), sh->peer) != 0)) {
		json_object_put(o);
		return MNL_CB_OK;
	}
	json_object_array_add(sh->arr, o);
	return MNL_CB_OK;
}

/* "300", "1.5": microseconds as milliseconds, exactly. */
static const char *
us_as_ms(json_object *o, const char *key, char *buf, size_t len)
{
	json_object *v;
	uint64_t us;

	if (!json_object_object_get_ex(o, key, &v))
		return "-";
	us = json_object_get_uint64(v);
	if (us % 1000 == 0)
		snprintf(buf, len, "%llu", (unsigned long long)(us / 1000));
	else if (us % 100 == 0)
		snprintf(buf, len, "%llu.%01llu", (unsigned long long)(us / 1000),
		    (unsigned long long)(us % 1000 / 100));
	else if (us % 10 == 0)
		snprintf(buf, len, "%llu.%02llu", (unsigned long long)(us / 1000),
		    (unsigned long long)(us % 1000 / 10));
	else
		snprintf(buf, len, "%llu.%03llu", (unsigned long long)(us / 1000),
		    (unsigned long long)(us % 1000));
	return buf;
}

static const struct table_col bfd_cols[] = {
	{ "DEV", 0 }, { "LOCAL", 0 }, { "PEER", 0 }, { "STATE", 0 },
	{ "REMOTE", 0 }, { "TX-MS", 1 }, { "DETECT-MS", 1 }, { "TX-PKTS", 1 },
	{ "RX-PKTS", 1 }, { "DROPS", 1 }, { "UPS", 1 }, { "DOWNS", 1 },
	{ "DIAG", 0 },
};

static void
bfd_table(json_object *arr)
{
	json_object *rows = json_object_new_array(), *row, *o, *s;
	char buf[64];
	size_t i;

	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(o, "stats", &s))
			s = NULL;
		row = table_row(rows);
		table_cell(row, jfield(o, "dev", buf, sizeof(buf)));
		table_cell(row, jfield(o, "local", buf, sizeof(buf)));
		table_cell(row, jfield(o, "peer", buf, sizeof(buf)));
		table_cell(row, jfield(o, "state", buf, sizeof(buf)));
		table_cell(row, jfield(o, "remote_state", buf, sizeof(buf)));
		table_cell(row, us_as_ms(o, "tx_interval_us", buf, sizeof(buf)));
		table_cell(row, us_as_ms(o, "detect_time_us", buf, sizeof(buf)));
		table_cell(row, jfield(s, "tx_packets", buf, sizeof(buf)));
		table_cell(row, jfield(s, "rx_packets", buf, sizeof(buf)));
		table_cell(row, jfield(s, "rx_drops", buf, sizeof(buf)));
		table_cell(row, jfield(s, "up_transitions", buf, sizeof(buf)));
		table_cell(row, jfield(s, "down_transitions", buf, sizeof(buf)));
		table_cell(row, jfield(o, "diag", buf, sizeof(buf)));
	}
	table_print(bfd_cols, sizeof(bfd_cols) / sizeof(bfd_cols[0]), rows);
	json_object_put(rows);
}

/* One session, every field: "label: value" lines. */
static void
bfd_detail(json_object *o)
{
	static const struct {
		const char	*label;
		const char	*key;
		int		 ms;	/* microseconds shown as ms */
	} f[] = {
		{ "dev",		"dev",			0 },
		{ "local",		"local",		0 },
		{ "peer",		"peer",			0 },
		{ "state",		"state",		0 },
		{ "remote state",	"remote_state",		0 },
		{ "diag",		"diag",			0 },
		{ "remote diag",	"remote_diag",		0 },
		{ "last down diag",	"last_down_diag",	0 },
		{ "local discr",	"local_discr",		0 },
		{ "remote discr",	"remote_discr",		0 },
		{ "desired min tx",	"desired_min_tx_us",	1 },
		{ "required min rx",	"required_min_rx_us",	1 },
		{ "multiplier",		"detect_mult",		0 },
		{ "tx interval",	"tx_interval_us",	1 },
		{ "detect time",	"detect_time_us",	1 },
		{ "passive",		"passive",		0 },
		{ "admin down",		"admin_down",		0 },
		{ "carrier coupling",	"carrier_coupling",	0 },
		{ "auth",		"auth_type",		0 },
		{ "auth key id",	"auth_key_id",		0 },
		{ "padding",		"padding",		0 },
		{ "padded size",	"padded_size",		0 },
		{ "echo interval",	"echo_tx_interval_us",	1 },
		{ "echo rx interval",	"echo_rx_interval_us",	1 },
		{ "echo active",	"echo_active",		0 },
		{ "remote echo rx",	"remote_echo_rx_us",	1 },
		{ "echo in force",	"echo_interval_us",	1 },
	};
	json_object *s, *v;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!json_object_object_get_ex(o, f[i].key, &v))
			continue;
		if (f[i].ms)
			printf("%-18s %s ms\n", f[i].label,
			    us_as_ms(o, f[i].key, buf, sizeof(buf)));
		else if (json_object_is_type(v, json_type_boolean))
			printf("%-18s %s\n", f[i].label,
			    json_object_get_boolean(v) ? "yes" : "no");
		else
			printf("%-18s %s\n", f[i].label,
			    json_object_get_string(v));
	}
	if (!json_object_object_get_ex(o, "stats", &s))
		return;
	json_object_object_foreach(s, key, val) {
		snprintf(buf, sizeof(buf), "%s", key);
		for (i = 0; buf[i]; i++)
			if (buf[i] == '_')
				buf[i] = ' ';
		printf("%-18s %s\n", buf, json_object_get_string(val));
	}
}

static int
bfd_show(struct cli *c, int json)
{
	char peer[INET6_ADDRSTRLEN];
	struct show sh = { 0 };
	struct nlmsghdr *nlh;
	struct bfd_args a;
	struct genl g;
	int ret, one;

	bfd_parse(c, &a, KW_DEV | KW_PEER, 0);
	if ((a.seen & KW_DEV) && (a.ifindex = cli_ifindex(c, a.dev)) == 0)
		return 1;
	if (genl_open(&g) < 0) {
		kcmd_genl_err(&g);
		return 1;
	}
	one = (a.seen & KW_DEV) && (a.seen & KW_PEER);
	if (one) {
		nlh = genl_msg(&g, DCVIF_CMD_BFD_GET, NLM_F_ACK);
		put_key(nlh, &a);
	} else {
		nlh = genl_msg(&g, DCVIF_CMD_BFD_GET, NLM_F_DUMP);
		if (a.seen & KW_DEV)
			mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, a.ifindex);
		/* Compare as the kernel's replies are printed. */
		if (a.seen & KW_PEER)
			sh.peer = kaddr_str(&a.peer, peer, sizeof(peer));
	}
	sh.arr = json_object_new_array();
	ret = genl_talk(&g, nlh, show_cb, &sh, c->cmd);
	kcmd_genl_report(&g, ret);
	genl_close(&g);
	if (ret == 0) {
		if (json)
			jprint(sh.arr);
		else if (one && json_object_array_length(sh.arr) == 1)
			bfd_detail(json_object_array_get_idx(sh.arr, 0));
		else if (json_object_array_length(sh.arr) > 0)
			bfd_table(sh.arr);
	}
	json_object_put(sh.arr);
	return ret < 0 ? 1 : 0;
}

int
bfd_main(struct cli *c, int json)
{
	const char *w = cli_next(c);

	if (w == NULL)
		cli_fail(c, "command expected (add, set, del or show)");
	if (strcmp(w, "add") == 0) {
		c->cmd = "bfd add";
		return bfd_add(c);
	}
	if (strcmp(w, "set") == 0) {
		c->cmd = "bfd set";
		return bfd_set(c);
	}
	if (strcmp(w, "del") == 0) {
		c->cmd = "bfd del";
		return bfd_del(c);
	}
	if (strcmp(w, "show") == 0) {
		c->cmd = "bfd show";
		return bfd_show(c, json);
	}
	cli_fail(c, "unknown command \"%s\" (expected add, set, del or show)",
	    w);
}
