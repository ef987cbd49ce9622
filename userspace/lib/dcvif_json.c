// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif_json: the dcvif family's replies as JSON objects, in the keys that
 * "dcvifctl -j" prints and that the metrics renderer (dcvif_metrics.c)
 * reads; shared by dcvifctl and dcvifd so that both say the same.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "dcvif_json.h"

/*
 * A dump lists a VIF's sessions together: one lookup for them all.
 * Not for monitor, which runs while VIFs come, go and are renamed, and
 * forgotten at the start of every dump (a daemon dumps again and again).
 */
static char last_name[IF_NAMESIZE];
static uint32_t last_ifindex;

void
ifname_cache_flush(void)
{
	last_ifindex = 0;
}

const char *
ifname_str(uint32_t ifindex, char *buf, int cache)
{
	if (cache && ifindex != 0 && ifindex == last_ifindex) {
		memcpy(buf, last_name, IF_NAMESIZE);
		return buf;
	}
	if (if_indextoname(ifindex, buf) == NULL) {
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
		return buf;
	}
	if (cache) {
		memcpy(last_name, buf, IF_NAMESIZE);
		last_ifindex = ifindex;
	}
	return buf;
}

static const char *
name_of(const char *const *names, size_t n, unsigned int v, char *buf)
{
	if (v < n && names[v] != NULL)
		return names[v];
	snprintf(buf, DCVIF_NAMEBUF, "unknown(%u)", v);
	return buf;
}

#define NAME_OF(names, v, buf)	\
	name_of(names, sizeof(names) / sizeof(names[0]), v, buf)

/* RFC 5880 section 4.1 spellings (bfd.SessionState in 6.8.1). */
static const char *const bfd_states[] = {
	[DCVIF_BFD_STATE_ADMIN_DOWN]	= "AdminDown",
	[DCVIF_BFD_STATE_DOWN]		= "Down",
	[DCVIF_BFD_STATE_INIT]		= "Init",
	[DCVIF_BFD_STATE_UP]		= "Up",
};

static const char *const bfd_diags[] = {
	[DCVIF_BFD_DIAG_NONE]			= "No Diagnostic",
	[DCVIF_BFD_DIAG_DETECT_EXPIRED]		= "Control Detection Time Expired",
	[DCVIF_BFD_DIAG_ECHO_FAILED]		= "Echo Function Failed",
	[DCVIF_BFD_DIAG_NEIGHBOR_DOWN]		= "Neighbor Signaled Session Down",
	[DCVIF_BFD_DIAG_FWD_RESET]		= "Forwarding Plane Reset",
	[DCVIF_BFD_DIAG_PATH_DOWN]		= "Path Down",
	[DCVIF_BFD_DIAG_CONCAT_PATH_DOWN]	= "Concatenated Path Down",
	[DCVIF_BFD_DIAG_ADMIN_DOWN]		= "Administratively Down",
	[DCVIF_BFD_DIAG_REV_CONCAT_PATH_DOWN]	= "Reverse Concatenated Path Down",
};

/* The CLI's words for the auth types (the spec's enum names). */
static const char *const bfd_auths[] = {
	[DCVIF_BFD_AUTH_TYPE_NONE]			= "none",
	[DCVIF_BFD_AUTH_TYPE_SIMPLE]			= "simple",
	[DCVIF_BFD_AUTH_TYPE_KEYED_MD5]			= "keyed-md5",
	[DCVIF_BFD_AUTH_TYPE_METICULOUS_KEYED_MD5]	= "meticulous-keyed-md5",
	[DCVIF_BFD_AUTH_TYPE_KEYED_SHA1]		= "keyed-sha1",
	[DCVIF_BFD_AUTH_TYPE_METICULOUS_KEYED_SHA1]	= "meticulous-keyed-sha1",
};

static const char *const carrier_reasons[] = {
	[DCVIF_CARRIER_REASON_LOWER]	= "lower",
	[DCVIF_CARRIER_REASON_BFD]	= "bfd",
};

const char *
bfd_state_str(unsigned int v, char *buf)
{
	return NAME_OF(bfd_states, v, buf);
}

const char *
bfd_diag_str(unsigned int v, char *buf)
{
	return NAME_OF(bfd_diags, v, buf);
}

const char *
bfd_auth_str(unsigned int v, char *buf)
{
	return NAME_OF(bfd_auths, v, buf);
}

const char *
carrier_reason_str(unsigned int v, char *buf)
{
	return NAME_OF(carrier_reasons, v, buf);
}

void
jadd_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

void
jadd_u64(json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

void
jadd_bool(json_object *o, const char *key, int v)
{
	json_object_object_add(o, key, json_object_new_boolean(v));
}

/* JSON key of each counter, in the order shown. */
static const char *const bfd_stats_keys[DCVIF_A_BFD_STATS_MAX + 1] = {
	[DCVIF_A_BFD_STATS_TX_PACKETS]		= "tx_packets",
	[DCVIF_A_BFD_STATS_RX_PACKETS]		= "rx_packets",
	[DCVIF_A_BFD_STATS_RX_DROPS]		= "rx_drops",
	[DCVIF_A_BFD_STATS_DROP_BAD_TTL]	= "drop_bad_ttl",
	[DCVIF_A_BFD_STATS_DROP_MALFORMED]	= "drop_malformed",
	[DCVIF_A_BFD_STATS_DROP_AUTH]		= "drop_auth",
	[DCVIF_A_BFD_STATS_UP_TRANSITIONS]	= "up_transitions",
	[DCVIF_A_BFD_STATS_DOWN_TRANSITIONS]	= "down_transitions",
	[DCVIF_A_BFD_STATS_TX_NO_NEIGHBOUR]	= "tx_no_neighbour",
	[DCVIF_A_BFD_STATS_ECHO_TX_PACKETS]	= "echo_tx_packets",
	[DCVIF_A_BFD_STATS_ECHO_RX_PACKETS]	= "echo_rx_packets",
};
void
bfd_json_addrs(json_object *o, const struct nlattr **tb)
{
	char buf[INET6_ADDRSTRLEN];
	int i;

	for (i = 0; i < 2; i++) {
		const struct nlattr *v4 = tb[i ? DCVIF_A_BFD_PEER_V4 :
		    DCVIF_A_BFD_LOCAL_V4];
		const struct nlattr *v6 = tb[i ? DCVIF_A_BFD_PEER_V6 :
		    DCVIF_A_BFD_LOCAL_V6];
		const struct nlattr *a = v4 ? v4 : v6;

		if (a == NULL)
			continue;
		if (inet_ntop(v4 ? AF_INET : AF_INET6, mnl_attr_get_payload(a),
		    buf, sizeof(buf)) == NULL)
			snprintf(buf, sizeof(buf), "?");
		jadd_str(o, i ? "peer" : "local", buf);
	}
}

json_object *
bfd_session_json(const struct nlattr **tb)
{
	static const struct {
		unsigned int	 type;
		const char	*key;
		const char	*(*name)(unsigned int, char *);
	} enums[] = {
		{ DCVIF_A_BFD_STATE,		"state",	  bfd_state_str },
		{ DCVIF_A_BFD_REMOTE_STATE,	"remote_state",	  bfd_state_str },
		{ DCVIF_A_BFD_DIAG,		"diag",		  bfd_diag_str },
		{ DCVIF_A_BFD_REMOTE_DIAG,	"remote_diag",	  bfd_diag_str },
		{ DCVIF_A_BFD_LAST_DOWN_DIAG,	"last_down_diag", bfd_diag_str },
	}, u32s[] = {
		{ DCVIF_A_BFD_LOCAL_DISCR,	"local_discr",	      NULL },
		{ DCVIF_A_BFD_REMOTE_DISCR,	"remote_discr",	      NULL },
		{ DCVIF_A_BFD_DESIRED_MIN_TX,	"desired_min_tx_us",  NULL },
		{ DCVIF_A_BFD_REQUIRED_MIN_RX,	"required_min_rx_us", NULL },
		{ DCVIF_A_BFD_TX_INTERVAL,	"tx_interval_us",     NULL },
		{ DCVIF_A_BFD_DETECT_TIME,	"detect_time_us",     NULL },
		{ DCVIF_A_BFD_ECHO_TX_INTERVAL,	"echo_tx_interval_us", NULL },
		{ DCVIF_A_BFD_ECHO_RX_INTERVAL,	"echo_rx_interval_us", NULL },
		{ DCVIF_A_BFD_REMOTE_ECHO_RX,	"remote_echo_rx_us",  NULL },
		{ DCVIF_A_BFD_ECHO_INTERVAL,	"echo_interval_us",   NULL },
	}, flags[] = {
		{ DCVIF_A_BFD_PASSIVE,		"passive",	    NULL },
		{ DCVIF_A_BFD_ADMIN_DOWN,	"admin_down",	    NULL },
		{ DCVIF_A_BFD_CARRIER_COUPLING,	"carrier_coupling", NULL },
		{ DCVIF_A_BFD_ECHO_ACTIVE,	"echo_active",	    NULL },
	};
	const struct nlattr *stb[DCVIF_A_BFD_STATS_MAX + 1];
	json_object *o = json_object_new_object(), *s;
	char nb[IF_NAMESIZE + DCVIF_NAMEBUF];
	unsigned int i, auth = DCVIF_BFD_AUTH_TYPE_NONE;

	if (tb[DCVIF_A_BFD_IFINDEX]) {
		uint32_t ifindex = mnl_attr_get_u32(tb[DCVIF_A_BFD_IFINDEX]);

		jadd_str(o, "dev", ifname_str(ifindex, nb, 1));
		jadd_u64(o, "ifindex", ifindex);
	}
	bfd_json_addrs(o, tb);
	for (i = 0; i < sizeof(enums) / sizeof(enums[0]); i++)
		if (tb[enums[i].type])
			jadd_str(o, enums[i].key, enums[i].name(
			    mnl_attr_get_u8(tb[enums[i].type]), nb));
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (tb[u32s[i].type])
			jadd_u64(o, u32s[i].key,
			    mnl_attr_get_u32(tb[u32s[i].type]));
	if (tb[DCVIF_A_BFD_DETECT_MULT])
		jadd_u64(o, "detect_mult",
		    mnl_attr_get_u8(tb[DCVIF_A_BFD_DETECT_MULT]));
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (tb[flags[i].type])
			jadd_bool(o, flags[i].key,
			    mnl_attr_get_u8(tb[flags[i].type]) != 0);
	if (tb[DCVIF_A_BFD_AUTH_TYPE]) {
		auth = mnl_attr_get_u8(tb[DCVIF_A_BFD_AUTH_TYPE]);
		jadd_str(o, "auth_type", bfd_auth_str(auth, nb));
	}
	if (auth != DCVIF_BFD_AUTH_TYPE_NONE && tb[DCVIF_A_BFD_AUTH_KEY_ID])
		jadd_u64(o, "auth_key_id",
		    mnl_attr_get_u8(tb[DCVIF_A_BFD_AUTH_KEY_ID]));
	/* RFC 9764: "off", "on" (the VIF's MTU) or the size, as typed */
	if (tb[DCVIF_A_BFD_PADDING]) {
		uint16_t pad = mnl_attr_get_u16(tb[DCVIF_A_BFD_PADDING]);

		snprintf(nb, sizeof(nb), "%u", pad);
		jadd_str(o, "padding", pad == 0 ? "off" :
		    pad == DCVIF_BFD_PADDING_MTU ? "on" : nb);
	}
	if (tb[DCVIF_A_BFD_PADDED_SIZE])
		jadd_u64(o, "padded_size",
		    mnl_attr_get_u16(tb[DCVIF_A_BFD_PADDED_SIZE]));
	if (tb[DCVIF_A_BFD_STATS]) {
		if (genl_parse(NULL, tb[DCVIF_A_BFD_STATS], dcvif_bfd_stats_attrs,
		    DCVIF_A_BFD_STATS_MAX, stb) < 0) {
			json_object_put(o);
			return NULL;
		}
		s = json_object_new_object();
		for (i = 1; i <= DCVIF_A_BFD_STATS_MAX; i++)
			if (stb[i] && bfd_stats_keys[i])
				jadd_u64(s, bfd_stats_keys[i],
				    mnl_attr_get_u64(stb[i]));
		json_object_object_add(o, "stats", s);
	}
	return o;
}

static json_object *
vif_reply_json(const struct nlattr **tb)
{
	static const struct {
		unsigned int	 type;
		const char	*key;
	} u64s[] = {
		{ DCVIF_A_VIF_BFD_DROP_NO_SESSION,	"bfd_drop_no_session" },
		{ DCVIF_A_VIF_RX_PACKETS,		"rx_packets" },
		{ DCVIF_A_VIF_TX_PACKETS,		"tx_packets" },
		{ DCVIF_A_VIF_RX_BYTES,			"rx_bytes" },
		{ DCVIF_A_VIF_TX_BYTES,			"tx_bytes" },
	};
	json_object *o = json_object_new_object();
	char nb[IF_NAMESIZE + DCVIF_NAMEBUF];
	uint32_t ifindex;
	size_t i;

	if (tb[DCVIF_A_VIF_IFNAME])
		jadd_str(o, "dev", mnl_attr_get_str(tb[DCVIF_A_VIF_IFNAME]));
	else if (tb[DCVIF_A_VIF_IFINDEX])
		jadd_str(o, "dev", ifname_str(mnl_attr_get_u32(
		    tb[DCVIF_A_VIF_IFINDEX]), nb, 1));
	if (tb[DCVIF_A_VIF_IFINDEX])
		jadd_u64(o, "ifindex",
		    mnl_attr_get_u32(tb[DCVIF_A_VIF_IFINDEX]));
	if (tb[DCVIF_A_VIF_LOWER_IFINDEX]) {
		ifindex = mnl_attr_get_u32(tb[DCVIF_A_VIF_LOWER_IFINDEX]);
		jadd_str(o, "lower", ifname_str(ifindex, nb, 1));
		jadd_u64(o, "lower_ifindex", ifindex);
	}
	if (tb[DCVIF_A_VIF_VID])
		jadd_u64(o, "vid", mnl_attr_get_u16(tb[DCVIF_A_VIF_VID]));
	if (tb[DCVIF_A_VIF_CARRIER])
		jadd_bool(o, "carrier",
		    mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER]) != 0);
	if (tb[DCVIF_A_VIF_CARRIER_REASON])
		jadd_str(o, "carrier_reason", carrier_reason_str(
		    mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER_REASON]), nb));
	if (tb[DCVIF_A_VIF_BFD_SESSIONS])
		jadd_u64(o, "bfd_sessions",
		    mnl_attr_get_u32(tb[DCVIF_A_VIF_BFD_SESSIONS]));
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++)
		if (tb[u64s[i].type])
			jadd_u64(o, u64s[i].key,
			    mnl_attr_get_u64(tb[u64s[i].type]));
	return o;
}

int
vif_json_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[DCVIF_A_VIF_MAX + 1];
	json_object *arr = data;

	if (genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, tb) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	json_object_array_add(arr, vif_reply_json(tb));
	return MNL_CB_OK;
}

int
vif_dump(struct genl *g, json_object *arr, const char *cmd)
{
	ifname_cache_flush();
	return genl_talk(g, genl_msg(g, DCVIF_CMD_VIF_GET, NLM_F_DUMP),
	    vif_json_cb, arr, cmd);
}

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

const char *
lag_reason_str(unsigned int v, char *buf)
{
	return NAME_OF(member_reasons, v, buf);
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
	char nb[IF_NAMESIZE + DCVIF_NAMEBUF], mac[18];
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
	char nb[IF_NAMESIZE + DCVIF_NAMEBUF];
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
		jadd_str(o, "lacp", NAME_OF(lacp_modes, v, nb));
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

int
lag_json_cb(const struct nlmsghdr *nlh, void *data)
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
	ifname_cache_flush();
	return genl_talk(g, genl_msg(g, DCVIF_CMD_LAG_GET, NLM_F_DUMP),
	    lag_json_cb, arr, cmd);
}

int
bfd_json_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	json_object *arr = data, *o;

	if (genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) < 0 ||
	    (o = bfd_session_json(tb)) == NULL) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	json_object_array_add(arr, o);
	return MNL_CB_OK;
}

int
bfd_dump(struct genl *g, json_object *arr, const char *cmd)
{
	ifname_cache_flush();
	return genl_talk(g, genl_msg(g, DCVIF_CMD_BFD_GET, NLM_F_DUMP),
	    bfd_json_cb, arr, cmd);
}
