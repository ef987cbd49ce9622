// SPDX-License-Identifier: GPL-2.0
/*
 * The privileged parent's checks of what the engine asks of the kernel
 * (priv.c describes the split; the rules are in privcheck() below): a
 * file of its own, linked by tests/test_privcheck.c, which puts real
 * requests to it in a network namespace.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "linux/dcvif_genl.h"
#include "nlsock.h"
#include "privcheck.h"

static struct mnl_socket *qnl;		/* the parent's own questions */
static uint32_t		 qseq;
static uint16_t		 genl_family;	/* dcvif's, 0: not resolved */
static uint32_t		 genl_monitor;

int
privcheck_init(void)
{
	qnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (qnl == NULL)
		return -1;
	if (mnl_socket_bind(qnl, 0, MNL_SOCKET_AUTOPID) == -1) {
		mnl_socket_close(qnl);
		qnl = NULL;
		return -1;
	}
	return 0;
}

/* one answer to one question of our own, on qnl; -1: none */
static int
parent_ask(struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE * 4];
	uint32_t portid = mnl_socket_get_portid(qnl);
	ssize_t n;
	int r;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++qseq;
	if (mnl_socket_sendto(qnl, nlh, nlh->nlmsg_len) == -1)
		return -1;
	while ((n = mnl_socket_recvfrom(qnl, buf, sizeof(buf))) > 0) {
		r = mnl_cb_run(buf, (size_t)n, qseq, portid, cb, arg);
		if (r <= MNL_CB_STOP)
			return r == MNL_CB_ERROR ? -1 : 0;
	}
	return -1;
}

struct link_kind {
	char	 kind[16];
	int	 found;
};

static int
link_kind_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct link_kind *lk = arg;
	const struct nlattr *a, *b;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	lk->found = 1;
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(a) != IFLA_LINKINFO)
			continue;
		mnl_attr_for_each_nested(b, a)
			if (mnl_attr_get_type(b) == IFLA_INFO_KIND &&
			    mnl_attr_validate(b, MNL_TYPE_NUL_STRING) == 0)
				snprintf(lk->kind, sizeof(lk->kind), "%s",
				    mnl_attr_get_str(b));
	}
	return MNL_CB_OK;
}

/* 1: the link (by index, or by name when 0) is a dcvif link; 0: another */
static int
link_is_dcvif(int ifindex, const char *name)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct link_kind lk = { .found = 0 };

	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (ifindex == 0 && name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (parent_ask(nlh, link_kind_cb, &lk) == -1 || !lk.found)
		return 0;
	return strcmp(lk.kind, "dcvif") == 0;
}

static int
nh_proto_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWNEXTHOP &&
	    mnl_nlmsg_get_payload_len(nlh) >= sizeof(*nhm))
		*(int *)arg = nhm->nh_protocol;
	return MNL_CB_OK;
}

/* the protocol of nexthop object id, -1 if there is none */
static int
nexthop_proto(uint32_t id)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nhmsg *nhm;
	int proto = -1;

	nlh->nlmsg_type = RTM_GETNEXTHOP;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	if (parent_ask(nlh, nh_proto_cb, &proto) == -1)
		return -1;
	return proto;
}

static int
family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *g, *ga;

	(void)arg;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			genl_family = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			uint32_t id = 0;
			int mon = 0;

			mnl_attr_for_each_nested(ga, g) {
				if (mnl_attr_get_type(ga) ==
				    CTRL_ATTR_MCAST_GRP_ID &&
				    mnl_attr_validate(ga, MNL_TYPE_U32) == 0)
					id = mnl_attr_get_u32(ga);
				if (mnl_attr_get_type(ga) ==
				    CTRL_ATTR_MCAST_GRP_NAME &&
				    mnl_attr_validate(ga, MNL_TYPE_NUL_STRING)
				    == 0 && strcmp(mnl_attr_get_str(ga),
				    DCVIF_MCGRP_MONITOR) == 0)
					mon = 1;
			}
			if (mon)
				genl_monitor = id;
		}
	}
	return MNL_CB_OK;
}

/* the dcvif family's id and monitor group, asked of the controller */
static void
genl_resolve(void)
{
	struct mnl_socket *s;
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE * 4];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *gh;
	ssize_t n;

	genl_family = 0;
	genl_monitor = 0;
	if ((s = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC)) == NULL)
		return;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) == -1)
		goto out;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = CTRL_CMD_GETFAMILY;
	gh->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DCVIF_FAMILY_NAME);
	if (mnl_socket_sendto(s, nlh, nlh->nlmsg_len) == -1)
		goto out;
	while ((n = mnl_socket_recvfrom(s, buf, sizeof(buf))) > 0)
		if (mnl_cb_run(buf, (size_t)n, 1, mnl_socket_get_portid(s),
		    family_cb, NULL) <= MNL_CB_STOP)
			break;
out:
	mnl_socket_close(s);
}

/*
 * The routes the engine was let add, by family, table and prefix: an add
 * of one of them needs no question to the kernel.  The others are asked:
 * a route of another protocol for the same prefix (an operator's static
 * route, say) must not be replaced by ours (NLM_F_REPLACE would).  Kept as
 * 64-bit hashes of the key in an open-addressed table (8 bytes a route;
 * two keys sharing a hash, one chance in 2^64 a pair, would only spare the
 * second its question).
 */
struct rkey {
	uint32_t	 table;
	uint8_t		 family;
	uint8_t		 len;
	uint8_t		 dst[16];
};

#define RK_EMPTY	0
#define RK_GONE		1
static uint64_t		*rk;		/* the table, rk_size slots */
static size_t		 rk_size, rk_used, rk_live;

static uint64_t
rkey_hash(const struct rkey *k)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	const uint8_t *b;
	size_t i;

	b = (const uint8_t *)&k->table;
	for (i = 0; i < sizeof(k->table); i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	h = (h ^ k->family) * 0x100000001b3ULL;
	h = (h ^ k->len) * 0x100000001b3ULL;
	for (i = 0; i < sizeof(k->dst); i++)
		h = (h ^ k->dst[i]) * 0x100000001b3ULL;
	return h < 2 ? h + 2 : h;
}

/* the slot of h, or the free one it would take; NULL: no table */
static uint64_t *
rk_slot(uint64_t h)
{
	uint64_t *gone = NULL;
	size_t i;

	if (rk_size == 0)
		return NULL;
	for (i = h & (rk_size - 1);; i = (i + 1) & (rk_size - 1)) {
		if (rk[i] == h)
			return &rk[i];
		if (rk[i] == RK_GONE && gone == NULL)
			gone = &rk[i];
		if (rk[i] == RK_EMPTY)
			return gone ? gone : &rk[i];
	}
}

static void
rk_add(uint64_t h)
{
	uint64_t *old = rk, *slot;
	size_t n = rk_size, i;

	if ((rk_used + 1) * 5 > rk_size * 4) {
		/* grown (or cleared of tombstones) at 4/5 full, to 2/5 */
		size_t size = rk_size ? rk_size : 1024;

		while ((rk_live + 1) * 5 > size * 2)
			size *= 2;
		if ((rk = calloc(size, sizeof(*rk))) == NULL) {
			rk = old;
			return;		/* asked again next time */
		}
		rk_size = size;
		rk_used = rk_live = 0;
		for (i = 0; i < n; i++)
			if (old[i] > RK_GONE) {
				*rk_slot(old[i]) = old[i];
				rk_used++;
				rk_live++;
			}
		free(old);
	}
	slot = rk_slot(h);
	if (*slot == h)
		return;
	if (*slot == RK_EMPTY)
		rk_used++;
	*slot = h;
	rk_live++;
}

static int
rk_has(uint64_t h)
{
	uint64_t *slot = rk_slot(h);

	return slot && *slot == h;
}

static void
rk_del(uint64_t h)
{
	uint64_t *slot = rk_slot(h);

	if (slot && *slot == h) {
		*slot = RK_GONE;
		rk_live--;
	}
}

static int
route_key(const struct nlmsghdr *nlh, uint32_t table, struct rkey *k)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t alen = rtm->rtm_family == AF_INET6 ? 16 : 4;

	memset(k, 0, sizeof(*k));
	k->table = table;
	k->family = rtm->rtm_family;
	k->len = rtm->rtm_dst_len;
	if ((k->family != AF_INET && k->family != AF_INET6) ||
	    k->len > alen * 8)
		return -1;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
		if (mnl_attr_get_type(a) == RTA_DST &&
		    mnl_attr_get_payload_len(a) == alen)
			memcpy(k->dst, mnl_attr_get_payload(a), alen);
	return 0;
}

struct fib_match {
	int	 found;
	uint8_t	 len;
	uint8_t	 proto;
	uint8_t	 dst[16];
};

static int
fib_match_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct fib_match *m = arg;
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return MNL_CB_OK;
	m->found = 1;
	m->len = rtm->rtm_dst_len;
	m->proto = rtm->rtm_protocol;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
		if (mnl_attr_get_type(a) == RTA_DST &&
		    mnl_attr_get_payload_len(a) <= sizeof(m->dst))
			memcpy(m->dst, mnl_attr_get_payload(a),
			    mnl_attr_get_payload_len(a));
	return MNL_CB_OK;
}

/*
 * 1 when the kernel's route for k's prefix in its table (the one a lookup
 * of the prefix's first address finds, RTM_F_FIB_MATCH) is that very
 * prefix and of another protocol than ours.
 */
static int
route_foreign(const struct rkey *k)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	struct fib_match m = { .found = 0 };

	nlh->nlmsg_type = RTM_GETROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = k->family;
	rtm->rtm_flags = RTM_F_FIB_MATCH | RTM_F_LOOKUP_TABLE;
	mnl_attr_put(nlh, RTA_DST, k->family == AF_INET6 ? 16 : 4, k->dst);
	mnl_attr_put_u32(nlh, RTA_TABLE, k->table);
	if (parent_ask(nlh, fib_match_cb, &m) == -1 || !m.found)
		return 0;	/* no route there */
	return m.len == k->len && memcmp(m.dst, k->dst, sizeof(m.dst)) ==
	    0 && m.proto != PRIVCHECK_RTPROT;
}

/* the table a route message names */
static uint32_t
route_table(const struct nlmsghdr *nlh)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	uint32_t table = rtm->rtm_table;

	mnl_attr_for_each(a, nlh, sizeof(*rtm))
		if (mnl_attr_get_type(a) == RTA_TABLE &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			table = mnl_attr_get_u32(a);
	return table;
}

/* NULL: the engine may send nlh on a socket of kind; else why not */
const char *
privcheck(enum nlsock_kind kind, const struct nlmsghdr *nlh, uint32_t table)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);
	const struct nlattr *a, *b;
	struct rkey k;
	uint64_t h;

	if (kind == NLSOCK_GENL) {
		const struct genlmsghdr *gh = mnl_nlmsg_get_payload(nlh);

		if (plen < sizeof(*gh))
			return "no genetlink header";
		if (nlh->nlmsg_type == GENL_ID_CTRL)
			return gh->cmd == CTRL_CMD_GETFAMILY ||
			    gh->cmd == CTRL_CMD_GETPOLICY ? NULL :
			    "a controller command other than GETFAMILY and "
			    "GETPOLICY";
		if (genl_family == 0 || nlh->nlmsg_type != genl_family)
			genl_resolve();
		return genl_family && nlh->nlmsg_type == genl_family ? NULL :
		    "a generic netlink family other than dcvif";
	}
	switch (nlh->nlmsg_type) {
	case RTM_GETROUTE:
	case RTM_GETNEXTHOP:
	case RTM_GETLINK:
	case RTM_GETADDR:
		return NULL;		/* reading: nothing to guard */
	}
	if (kind == NLSOCK_ROUTE) {
		switch (nlh->nlmsg_type) {
		case RTM_NEWROUTE:
		case RTM_DELROUTE: {
			const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

			if (plen < sizeof(*rtm))
				return "a short route message";
			if (rtm->rtm_protocol != PRIVCHECK_RTPROT)
				return "a route of another protocol than "
				    "dcvifd's (243)";
			if (route_table(nlh) != table)
				return "a route in another table than the "
				    "configured one";
			if (route_key(nlh, table, &k) == -1)
				return "a route of an unknown family";
			h = rkey_hash(&k);
			if (nlh->nlmsg_type == RTM_DELROUTE) {
				rk_del(h);
				return NULL;	/* the kernel matches proto */
			}
			if (rk_has(h))
				return NULL;
			if (route_foreign(&k))
				return "a route of another protocol for that "
				    "prefix exists, ours would replace it";
			rk_add(h);
			return NULL;
		}
		case RTM_NEWNEXTHOP: {
			const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);

			if (plen < sizeof(*nhm))
				return "a short nexthop message";
			if (nhm->nh_protocol != PRIVCHECK_RTPROT)
				return "a nexthop of another protocol than "
				    "dcvifd's (243)";
			/* NLM_F_REPLACE of an id: of ours only */
			mnl_attr_for_each(a, nlh, sizeof(*nhm))
				if (mnl_attr_get_type(a) == NHA_ID &&
				    mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
					int proto = nexthop_proto(
					    mnl_attr_get_u32(a));

					if (proto != -1 &&
					    proto != PRIVCHECK_RTPROT)
						return "the nexthop id is of "
						    "another protocol, ours "
						    "would replace it";
				}
			return NULL;
		}
		case RTM_DELNEXTHOP:
			if (plen < sizeof(struct nhmsg))
				return "a short nexthop message";
			mnl_attr_for_each(a, nlh, sizeof(struct nhmsg))
				if (mnl_attr_get_type(a) == NHA_ID &&
				    mnl_attr_validate(a, MNL_TYPE_U32) == 0) {
					int proto = nexthop_proto(
					    mnl_attr_get_u32(a));

					/* none: the kernel says ENOENT */
					return proto == -1 ||
					    proto == PRIVCHECK_RTPROT ? NULL :
					    "deleting a nexthop of another "
					    "protocol";
				}
			return "deleting nexthops by other than their id";
		}
		return "not a route or nexthop message";
	}
	/* NLSOCK_LINK */
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_SETLINK:
	case RTM_DELLINK: {
		const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
		const char *name = NULL, *kind_s = NULL;

		if (plen < sizeof(*ifm))
			return "a short link message";
		mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
			if (mnl_attr_get_type(a) == IFLA_IFNAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				name = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) != IFLA_LINKINFO)
				continue;
			mnl_attr_for_each_nested(b, a)
				if (mnl_attr_get_type(b) == IFLA_INFO_KIND &&
				    mnl_attr_validate(b, MNL_TYPE_NUL_STRING) ==
				    0)
					kind_s = mnl_attr_get_str(b);
		}
		if (nlh->nlmsg_type == RTM_NEWLINK && ifm->ifi_index == 0 &&
		    (nlh->nlmsg_flags & NLM_F_CREATE))
			return (nlh->nlmsg_flags & NLM_F_EXCL) && kind_s &&
			    strcmp(kind_s, "dcvif") == 0 ? NULL :
			    "creating a link other than a new dcvif link";
		if (ifm->ifi_index == 0 && name == NULL)
			return "a link message naming no link";
		if (link_is_dcvif(ifm->ifi_index, name))
			return NULL;
		/* the port under a VIF: up, and nothing else */
		if (nlh->nlmsg_type != RTM_DELLINK &&
		    plen == sizeof(*ifm) && ifm->ifi_index &&
		    ifm->ifi_change == IFF_UP && ifm->ifi_flags == IFF_UP)
			return NULL;
		return "changing a link other than a dcvif link (only "
		    "setting it up is allowed)";
	}
	case RTM_NEWADDR:
	case RTM_DELADDR: {
		const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

		if (plen < sizeof(*ifa))
			return "a short address message";
		return link_is_dcvif((int)ifa->ifa_index, NULL) ? NULL :
		    "an address on a link other than a dcvif link";
	}
	}
	return "not a link or address message";
}

/* the dcvif family's monitor group, asked again; 0: no module */
uint32_t
privcheck_monitor_group(void)
{
	genl_resolve();
	return genl_monitor;
}

/* 1: the engine may join group (the dcvif family's monitor group) */
int
privcheck_join(uint32_t group)
{
	if (genl_monitor == 0 || group != genl_monitor)
		genl_resolve();
	return group != 0 && group == genl_monitor;
}
