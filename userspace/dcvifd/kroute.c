// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel FIB through rtnetlink (libmnl): every route points at a nexthop
 * object (RTM_NEWNEXTHOP) or a nexthop group, so moving a prefix between
 * paths is one route update, and a path change shared by many prefixes is
 * one nexthop update.  Requests are batched and sent without NLM_F_ACK:
 * the kernel reports failures anyway, and each one is logged with the
 * request it belongs to.  Routes and nexthops carry rtm_protocol /
 * nh_protocol DCVIFD_RTPROT (243), which is how a restart finds the stale
 * ones of a previous run.
 *
 * The kernel removes nexthop objects behind our back: when a device loses
 * carrier or goes down (net/ipv4/nexthop.c, NETDEV_CHANGE without
 * IFF_RUNNING/IFF_LOWER_UP, NETDEV_DOWN, NETDEV_UNREGISTER) it deletes
 * every nexthop on it, shrinks the groups that used them (deleting a
 * group with its last member), and deletes the routes whose nexthop went,
 * all without a netlink notification.  So a second socket follows
 * RTNLGRP_LINK, and an object is in the kernel ("installed") only while
 * its device can carry traffic: a link event that takes a device's carrier
 * away marks what the kernel just flushed, and one that gives it back
 * re-creates the nexthops on it, replaces the groups they belong to with
 * the members that are up (same id, so the routes using a group are not
 * touched), and re-installs the routes of objects that had gone.
 * Somebody else deleting our nexthops or routes (RTNLGRP_NEXTHOP and the
 * route groups; our own notifications are filtered out in the kernel by a
 * socket filter) and a lost event (ENOBUFS) lead to a resync by dump.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/filter.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stddef.h>

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000		/* <linux/if.h>, not in <net/if.h> */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "dcvifd.h"
#include "nlsock.h"

struct kr_obj {
	struct kr_obj	*next;
	uint32_t	 id;
	uint32_t	 refcnt;
	size_t		 n;		/* 0: single nexthop, else group size */
	struct kr_nh	 nh;
	uint32_t	*members;	/* sorted ids, groups only */
	uint8_t		 installed;	/* in the kernel */
	uint8_t		 revived;	/* re-installed: routes to put back */
	uint32_t	 live;		/* group: bit i = members[i] in it */
	uint32_t	 failed;	/* the kernel refused it: 1, or the
					 * group's live set it refused */
	uint8_t		 fails;		/* group: refusals in a row */
	uint32_t	 seq;		/* of the last RTM_NEWNEXTHOP for it */
};

/* what RTNLGRP_LINK says of a device */
struct kr_link {
	int		 ifindex;
	unsigned int	 flags;		/* ifi_flags */
};

struct stale_route {
	struct bgp_prefix	 pfx;
	uint32_t		 nhid;
	uint8_t			 replaced;
};

static struct mnl_socket	*nl;
static struct evh		 nlev = { .fd = -1 };
static char			*batchbuf;
static struct mnl_nlmsg_batch	*batch;
static uint32_t			 seq;
static uint32_t			 next_id = 1;
static struct kr_obj		*objs;
static struct kr_stats		 stats;
static struct stale_route	*stale;
static size_t			 nstale;
static uint32_t			*stale_nh;
static size_t			 nstale_nh;
static struct evh		 t_stale = { .fd = -1 };
static int			 frozen;	/* keep-on-exit: touch nothing */
static struct mnl_socket	*mon;		/* RTNLGRP_LINK, NEXTHOP, routes */
static struct evh		 monev = { .fd = -1 };
static struct kr_link		*links;
static size_t			 nlinks;
static int			 resync_nh;	/* dump our nexthops again */
static int			 sync_pending;	/* a refusal changed what to send */
static int			 syncing;
static int			 resync_rt;	/* dump our routes again */
static struct bgp_prefix	*gone_pfx;		/* ours, deleted by others */
static size_t			 ngone;

#define GONE_MAX	1024	/* more deleted routes: dump them all */

#define BATCH_SIZE	(128 * 1024)	/* must fit the socket's sndbuf */

static struct kr_obj	*kr_find(uint32_t);
static void		 kr_sync(void);
static void		 kr_route_msg(const struct bgp_prefix *, uint32_t);

const struct kr_stats *
kr_get_stats(void)
{
	return &stats;
}

struct kr_err_ctx {
	char	*what;
	size_t	 len;
	uint16_t type;
	uint8_t	 family;
	uint8_t	 dst_len;
	uint32_t id;		/* RTM_*NEXTHOP */
	struct bgp_prefix pfx;	/* RTM_*ROUTE */
	int has_pfx;
};

static int
kr_err_attr(const struct nlattr *attr, void *arg)
{
	struct kr_err_ctx *c = arg;
	struct bgp_prefix p = { 0 };
	uint16_t len = mnl_attr_get_payload_len(attr);

	switch (c->type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (mnl_attr_get_type(attr) != RTA_DST || len > 16)
			break;
		p.aid = c->family == AF_INET6 ? AID_INET6 : AID_INET;
		p.len = c->dst_len;
		memcpy(p.addr, mnl_attr_get_payload(attr), len);
		prefix_str(&p, c->what, c->len);
		c->pfx = p;
		c->has_pfx = 1;
		break;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		if (mnl_attr_get_type(attr) == NHA_ID && len == 4) {
			c->id = mnl_attr_get_u32(attr);
			snprintf(c->what, c->len, "id %u", c->id);
		}
		break;
	}
	return MNL_CB_OK;
}

static int
kr_err_tlv(const struct nlattr *attr, void *arg)
{
	char *msg = arg;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(msg, 128, "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* a after b, in sequence numbers that wrap */
static int
seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

static void
kr_route_refused(const struct bgp_prefix *p, uint32_t rseq)
{
	uint32_t id = rde_fib_lookup(p);
	struct kr_obj *o = id ? kr_find(id) : NULL;

	if (o == NULL || !o->installed || !seq_after(o->seq, rseq))
		return;
	log_debug("%s: nhid %u sent again after the route: the route again",
	    __func__, id);
	kr_route_msg(p, id);
	stats.reinstalled++;
	/* kr_flush() goes on until the batch is empty */
	sync_pending = 1;
}

/*
 * An NLMSG_ERROR for one of our requests.  The kernel echoes the request
 * after struct nlmsgerr (all of it, as NETLINK_CAP_ACK is off, or only
 * its header when NLM_F_CAPPED says so), then its extack TLVs; every walk
 * stays within what was received.
 */
static void
kr_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlmsghdr *req = &err->msg;
	size_t plen = mnl_nlmsg_get_payload_len(nlh), rlen = 0, hdr = 0;
	char what[128] = "", ext[128] = "";
	struct kr_err_ctx c = { .what = what, .len = sizeof(what),
	    .type = req->nlmsg_type };

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    req->nlmsg_len >= sizeof(*req) &&
	    req->nlmsg_len <= plen - offsetof(struct nlmsgerr, msg))
		rlen = req->nlmsg_len - sizeof(*req);
	if (c.type == RTM_NEWROUTE || c.type == RTM_DELROUTE)
		hdr = sizeof(struct rtmsg);
	else if (c.type == RTM_NEWNEXTHOP || c.type == RTM_DELNEXTHOP)
		hdr = sizeof(struct nhmsg);
	if (hdr && rlen >= MNL_ALIGN(hdr)) {
		const uint8_t *pl = mnl_nlmsg_get_payload(req);

		if (hdr == sizeof(struct rtmsg)) {
			c.family = ((const struct rtmsg *)pl)->rtm_family;
			c.dst_len = ((const struct rtmsg *)pl)->rtm_dst_len;
		}
		mnl_attr_parse_payload(pl + MNL_ALIGN(hdr),
		    rlen - MNL_ALIGN(hdr), kr_err_attr, &c);
	}
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    sizeof(*err) + MNL_ALIGN(rlen) <= plen)
		mnl_attr_parse(nlh, sizeof(*err) + MNL_ALIGN(rlen),
		    kr_err_tlv, ext);
	if (c.type == RTM_NEWNEXTHOP && c.id) {
		struct kr_obj *o = kr_find(c.id);

		/*
		 * Refused (a gateway the kernel cannot reach, say): it is not
		 * in, and a group of it is made again without it, so that one
		 * bad path does not take the others' route away.
		 *
		 * Only the refusal of the object's latest request says what
		 * it is now: errors come back after the batch is sent, and a
		 * group may have been sent again meanwhile, with other
		 * members (kr_sync() after its member's refusal), and been
		 * taken. An older one changes nothing.
		 */
		if (o && o->installed && o->seq != req->nlmsg_seq) {
			log_debug("%s: id %u: a refusal of an earlier request "
			    "(seq %u, now %u)", __func__, o->id,
			    req->nlmsg_seq, o->seq);
		} else if (o && o->installed) {
			/*
			 * A group is refused when a member went meanwhile
			 * (ip nexthop flush deletes one object after the
			 * other): it is made again at once, and given up
			 * only when refused twice with the same members.
			 */
			o->installed = 0;
			if (o->n == 0)
				o->failed = 1;
			else if (++o->fails >= 2)
				o->failed = o->live;
			sync_pending = 1;
		}
	}
	/*
	 * A route refused for a nexthop object that was not there when it
	 * arrived (a group being made again, above) is sent again once that
	 * object is in: when the object was (re)sent after the route.
	 */
	if (c.type == RTM_NEWROUTE && c.has_pfx)
		kr_route_refused(&c.pfx, req->nlmsg_seq);
	/*
	 * Deleting what is already gone is what was asked: the kernel flushed
	 * it with its device's carrier before dcvifd read the link event (a
	 * BFD Down is read first, and withdraws the routes over the VIF).
	 */
	if ((c.type == RTM_DELNEXTHOP && err->error == -ENOENT) ||
	    (c.type == RTM_DELROUTE && err->error == -ESRCH)) {
		log_debug("%s: %s %s: gone already", __func__,
		    c.type == RTM_DELROUTE ? "RTM_DELROUTE" : "RTM_DELNEXTHOP",
		    what);
		return;
	}
	stats.errors++;
	snprintf(stats.last_error, sizeof(stats.last_error), "%s%s%s: %s%s%s",
	    c.type == RTM_NEWROUTE ? "RTM_NEWROUTE" :
	    c.type == RTM_DELROUTE ? "RTM_DELROUTE" :
	    c.type == RTM_NEWNEXTHOP ? "RTM_NEWNEXTHOP" :
	    c.type == RTM_DELNEXTHOP ? "RTM_DELNEXTHOP" : "request",
	    what[0] ? " " : "", what, strerror(-err->error),
	    ext[0] ? ": " : "", ext);
	log_warnx("%s: %s", __func__, stats.last_error);
}

/*
 * NLMSG_ERROR is a control message: mnl_cb_run() would hand it to libmnl's
 * own handler, which stops at the first one and reports nothing, so
 * errors go through a control callback of ours, and every one is seen.
 */
static int
kr_err_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	(void)arg;
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(*err)) && err->error != 0)
		kr_error(nlh);
	return MNL_CB_OK;
}

static int
kr_noop_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_OK;
}

static mnl_cb_t kr_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP]	= kr_noop_cb,
	[NLMSG_ERROR]	= kr_err_cb,
	[NLMSG_DONE]	= kr_noop_cb,
	[NLMSG_OVERRUN]	= kr_noop_cb,
};

static void
kr_read(struct evh *e, uint32_t events)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	ssize_t n;

	(void)events;
	(void)e;
	for (;;) {
		n = nlsock_recv(nl, buf, sizeof(buf));
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == ENOBUFS) {
				stats.errors++;
				log_warnx("%s: netlink receive buffer overrun, "
				    "errors lost", __func__);
				continue;
			}
			log_warn("%s: recv", __func__);
			return;
		}
		/* errors of our requests, the only thing that comes here */
		mnl_cb_run2(buf, (size_t)n, 0, 0, NULL, NULL, kr_ctl_cbs,
		    NLMSG_MIN_TYPE);
	}
}

static struct nlmsghdr *
kr_msg(uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	if (mnl_nlmsg_batch_size(batch) + 512 > BATCH_SIZE)
		kr_flush();
	nlh = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(batch));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	return nlh;
}

static void
kr_msg_done(void)
{
	stats.msgs++;
	if (!mnl_nlmsg_batch_next(batch))
		kr_flush();
}

/* at exit with keep-on-exit: sessions going down must not empty the FIB */
void
kr_freeze(void)
{
	if (conf->fib_keep)
		frozen = 1;
}

void
kr_flush(void)
{
	/*
	 * Also with nothing left to send while a refusal waits: one read by
	 * a flush nested in kr_sync() (syncing) is seen here, after it.
	 */
	while (batch && (!mnl_nlmsg_batch_is_empty(batch) ||
	    (sync_pending && !syncing))) {
		if (!mnl_nlmsg_batch_is_empty(batch)) {
			if (nlsock_send(nl, mnl_nlmsg_batch_head(batch),
			    mnl_nlmsg_batch_size(batch)) == -1) {
				stats.errors++;
				log_warn("%s: netlink send", __func__);
			}
			mnl_nlmsg_batch_reset(batch);
			/* errors early, so the socket buffer does not fill */
			kr_read(&nlev, EPOLLIN);
		}
		/* a refused nexthop: the groups without it, and their routes */
		if (!sync_pending || syncing)
			break;
		sync_pending = 0;
		syncing = 1;
		kr_sync();
		syncing = 0;
	}
}

static void
kr_nh_add(struct kr_obj *o)
{
	char a[INET6_ADDRSTRLEN] = "";

	if (o->n == 0)
		inet_ntop(aid_to_af(o->nh.aid), o->nh.addr, a, sizeof(a));
	log_debug("%s: id %u%s %s if%d, %zu members, live 0x%x", __func__,
	    o->id, o->n ? " group" : "", a, o->nh.ifindex, o->n, o->live);
	struct nlmsghdr *nlh = kr_msg(RTM_NEWNEXTHOP, NLM_F_CREATE |
	    NLM_F_REPLACE);
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	size_t i;

	/* a refusal counts only for the object's latest request (kr_error) */
	o->seq = nlh->nlmsg_seq;
	nhm->nh_protocol = DCVIFD_RTPROT;
	mnl_attr_put_u32(nlh, NHA_ID, o->id);
	if (o->n) {
		struct nexthop_grp grp[32];

		size_t k = 0;

		/* the members whose device can carry traffic */
		nhm->nh_family = AF_UNSPEC;
		memset(grp, 0, sizeof(grp));
		for (i = 0; i < o->n && i < 32; i++)
			if (o->live & (1U << i))
				grp[k++].id = o->members[i];
		mnl_attr_put(nlh, NHA_GROUP, sizeof(grp[0]) * k, grp);
	} else {
		nhm->nh_family = (uint8_t)aid_to_af(o->nh.aid);
		mnl_attr_put_u32(nlh, NHA_OIF, (uint32_t)o->nh.ifindex);
		mnl_attr_put(nlh, NHA_GATEWAY, o->nh.aid == AID_INET6 ? 16 : 4,
		    o->nh.addr);
	}
	kr_msg_done();
}

static void
kr_nh_del(uint32_t id)
{
	struct nlmsghdr *nlh;
	struct nhmsg *nhm;

	if (frozen)
		return;
	log_debug("%s: id %u", __func__, id);
	nlh = kr_msg(RTM_DELNEXTHOP, 0);
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));

	nhm->nh_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	kr_msg_done();
}

static uint32_t
kr_new_id(void)
{
	struct kr_obj *o;
	size_t i;

	for (;;) {
		uint32_t id = next_id++;
		int used = 0;

		if (next_id == 0)
			next_id = 1;
		for (o = objs; o && !used; o = o->next)
			used = o->id == id;
		for (i = 0; i < nstale_nh && !used; i++)
			used = stale_nh[i] == id;
		if (!used)
			return id;
	}
}

static struct kr_link *
kr_link_find(int ifindex)
{
	size_t i;

	for (i = 0; i < nlinks; i++)
		if (links[i].ifindex == ifindex)
			return &links[i];
	return NULL;
}

/*
 * Whether the kernel keeps nexthops on the device: the opposite of
 * nexthop.c's flush condition.  A device not seen yet (created since the
 * last event) is taken as usable; the kernel says otherwise if it is not.
 */
static int
kr_link_usable(int ifindex)
{
	const struct kr_link *l = kr_link_find(ifindex);

	if (l == NULL)
		return 1;
	return (l->flags & IFF_UP) && (l->flags & (IFF_RUNNING | IFF_LOWER_UP));
}

static struct kr_obj *
kr_find(uint32_t id)
{
	struct kr_obj *o;

	for (o = objs; o; o = o->next)
		if (o->id == id)
			return o;
	return NULL;
}

/* the bits of a group's members that are in the kernel */
static uint32_t
kr_group_live(const struct kr_obj *g)
{
	uint32_t live = 0;
	size_t i;

	for (i = 0; i < g->n && i < 32; i++) {
		const struct kr_obj *m = kr_find(g->members[i]);

		if (m && m->installed)
			live |= 1U << i;
	}
	return live;
}

static struct kr_obj *
kr_single(const struct kr_nh *nh)
{
	struct kr_obj *o;

	for (o = objs; o; o = o->next)
		if (o->n == 0 && o->nh.aid == nh->aid &&
		    o->nh.ifindex == nh->ifindex &&
		    memcmp(o->nh.addr, nh->addr, 16) == 0)
			return o;
	if ((o = calloc(1, sizeof(*o))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	o->nh = *nh;
	o->id = kr_new_id();
	o->next = objs;
	objs = o;
	stats.nexthops++;
	/* on a device without carrier the kernel would flush it anyway */
	if (kr_link_usable(o->nh.ifindex)) {
		o->installed = 1;
		kr_nh_add(o);
	}
	return o;
}

static int
id_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The kernel id of a nexthop (n == 1) or a group (n > 1), created when new;
 * the caller owns one reference.  0 if nothing can be installed.
 */
uint32_t
kr_nexthop_get(const struct kr_nh *nhs, size_t n)
{
	uint32_t ids[32];
	struct kr_obj *o, *m[32];
	size_t i, k = 0, j;

	if (!conf->fib_update)
		return 0;
	for (i = 0; i < n && k < 32; i++) {
		if (nhs[i].ifindex == 0)
			continue;	/* no interface known yet */
		if ((o = kr_single(&nhs[i])) == NULL)
			continue;
		for (j = 0; j < k; j++)
			if (ids[j] == o->id)
				break;
		if (j < k)
			continue;
		m[k] = o;
		ids[k++] = o->id;
	}
	if (k == 0)
		return 0;
	if (k == 1) {
		m[0]->refcnt++;
		return m[0]->id;
	}
	qsort(ids, k, sizeof(ids[0]), id_cmp);
	for (o = objs; o; o = o->next)
		if (o->n == k && memcmp(o->members, ids, k * sizeof(ids[0])) ==
		    0)
			break;
	if (o == NULL) {
		if ((o = calloc(1, sizeof(*o))) == NULL ||
		    (o->members = calloc(k, sizeof(ids[0]))) == NULL) {
			log_warn("%s", __func__);
			free(o);
			/* fall back to the first path alone */
			m[0]->refcnt++;
			return m[0]->id;
		}
		o->n = k;
		memcpy(o->members, ids, k * sizeof(ids[0]));
		for (i = 0; i < k; i++)
			m[i]->refcnt++;
		o->id = kr_new_id();
		o->next = objs;
		objs = o;
		stats.groups++;
		if ((o->live = kr_group_live(o)) != 0) {
			o->installed = 1;
			kr_nh_add(o);
		}
	}
	o->refcnt++;
	return o->id;
}

void
kr_nexthop_put(uint32_t id)
{
	struct kr_obj *o, **pp;
	size_t i;

	if (id == 0)
		return;
	for (pp = &objs; (o = *pp) != NULL; pp = &o->next)
		if (o->id == id)
			break;
	if (o == NULL || --o->refcnt > 0)
		return;
	*pp = o->next;
	if (o->installed)
		kr_nh_del(o->id);
	if (o->n) {
		stats.groups--;
		for (i = 0; i < o->n; i++)
			kr_nexthop_put(o->members[i]);
	} else {
		stats.nexthops--;
	}
	free(o->members);
	free(o);
}

static int
stale_cmp(const void *a, const void *b)
{
	return prefix_cmp(&((const struct stale_route *)a)->pfx,
	    &((const struct stale_route *)b)->pfx);
}

static void
kr_route_msg(const struct bgp_prefix *p, uint32_t nhid)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	char buf[64];

	prefix_str(p, buf, sizeof(buf));
	log_debug("%s: %s %s nhid %u", __func__, nhid ? "add" : "delete", buf,
	    nhid);
	nlh = kr_msg(nhid ? RTM_NEWROUTE : RTM_DELROUTE,
	    nhid ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)aid_to_af(p->aid);
	rtm->rtm_dst_len = p->len;
	rtm->rtm_table = conf->fib_table < 256 ? (uint8_t)conf->fib_table :
	    RT_TABLE_UNSPEC;
	rtm->rtm_protocol = DCVIFD_RTPROT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, p->aid == AID_INET6 ? 16 : 4, p->addr);
	mnl_attr_put_u32(nlh, RTA_TABLE, conf->fib_table);
	if (nhid)
		mnl_attr_put_u32(nlh, RTA_NH_ID, nhid);
	kr_msg_done();
}

/*
 * Install (nhid != 0) or remove a route; old is what the RDE had before.
 * The kernel has a route only while its nexthop object is installed.
 */
void
kr_route(const struct bgp_prefix *p, uint32_t nhid, uint32_t old)
{
	const struct kr_obj *n = nhid ? kr_find(nhid) : NULL;
	const struct kr_obj *o = old ? kr_find(old) : NULL;
	int stale_there = 0, want = n && n->installed, had = o && o->installed;

	if (!conf->fib_update || frozen)
		return;
	if (nstale) {
		struct stale_route key = { .pfx = *p }, *s;

		s = bsearch(&key, stale, nstale, sizeof(*stale), stale_cmp);
		if (s && !s->replaced) {
			s->replaced = 1;
			stale_there = 1;
		}
	}
	if (!want && !had && !stale_there) {
		log_debug("%s: nothing to do (nhid %u, old %u)", __func__, nhid,
		    old);
		return;
	}
	kr_route_msg(p, want ? nhid : 0);
	if (nhid && !old)
		stats.routes++;
	else if (!nhid && old)
		stats.routes--;
}

/* synchronous dumps at start */
static int
kr_dump(uint16_t type, uint8_t family, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct mnl_socket *s;
	uint32_t portid, dseq = 1;
	ssize_t n;
	int rv;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = dseq;
	if (type == RTM_GETNEXTHOP) {
		struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh,
		    sizeof(*nhm));

		nhm->nh_family = family;
	} else if (type == RTM_GETLINK) {
		struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh,
		    sizeof(*ifm));

		ifm->ifi_family = family;
	} else {
		struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh,
		    sizeof(*rtm));

		rtm->rtm_family = family;
	}
	if ((s = mnl_socket_open(NETLINK_ROUTE)) == NULL ||
	    mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) == -1) {
		log_warn("%s: netlink socket", __func__);
		if (s)
			mnl_socket_close(s);
		return -1;
	}
	portid = mnl_socket_get_portid(s);
	if (mnl_socket_sendto(s, nlh, nlh->nlmsg_len) == -1) {
		log_warn("%s: send", __func__);
		mnl_socket_close(s);
		return -1;
	}
	while ((n = mnl_socket_recvfrom(s, buf, sizeof(buf))) > 0) {
		rv = mnl_cb_run(buf, (size_t)n, dseq, portid, cb, data);
		if (rv <= MNL_CB_STOP)
			break;
	}
	rv = n == -1 ? -1 : 0;
	if (rv == -1)
		log_warn("%s: dump", __func__);
	mnl_socket_close(s);
	return rv;
}

static int
kr_dump_nh_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, NHA_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int
kr_dump_nh_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NHA_MAX + 1] = { 0 };
	uint32_t *n, id;

	(void)arg;
	if (nhm->nh_protocol != DCVIFD_RTPROT)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*nhm), kr_dump_nh_attr, tb);
	if (tb[NHA_ID] == NULL)
		return MNL_CB_OK;
	id = mnl_attr_get_u32(tb[NHA_ID]);
	if ((n = reallocarray(stale_nh, nstale_nh + 1, sizeof(*n))) == NULL)
		return MNL_CB_ERROR;
	stale_nh = n;
	stale_nh[nstale_nh++] = id;
	if (id >= next_id)
		next_id = id + 1;
	return MNL_CB_OK;
}

/* our routes in our table, from a dump */
struct rt_list {
	struct stale_route	*v;
	size_t			 n, size;
};

static int
kr_dump_rt_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, RTA_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int
kr_dump_rt_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = { 0 };
	struct stale_route *n, s = { 0 };
	struct rt_list *l = arg;
	uint32_t table;

	if (rtm->rtm_protocol != DCVIFD_RTPROT ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*rtm), kr_dump_rt_attr, tb);
	table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) :
	    rtm->rtm_table;
	if (table != conf->fib_table)
		return MNL_CB_OK;
	s.pfx.aid = rtm->rtm_family == AF_INET6 ? AID_INET6 : AID_INET;
	s.pfx.len = rtm->rtm_dst_len;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) <= 16)
		memcpy(s.pfx.addr, mnl_attr_get_payload(tb[RTA_DST]),
		    mnl_attr_get_payload_len(tb[RTA_DST]));
	if (tb[RTA_NH_ID])
		s.nhid = mnl_attr_get_u32(tb[RTA_NH_ID]);
	if (l->n == l->size) {
		size_t ns = l->size ? 2 * l->size : 256;

		if ((n = reallocarray(l->v, ns, sizeof(*n))) == NULL)
			return MNL_CB_ERROR;
		l->v = n;
		l->size = ns;
	}
	l->v[l->n++] = s;
	return MNL_CB_OK;
}

/* the stale routes of a previous run that nobody re-announced go now */
void
kr_stale_expire(void)
{
	size_t i, gone = 0;

	for (i = 0; i < nstale; i++) {
		if (stale[i].replaced)
			continue;
		gone++;
		/* a route without a nexthop object goes by itself */
		if (stale[i].nhid == 0)
			kr_route_msg(&stale[i].pfx, 0);
	}
	/* removing a nexthop object removes the routes still using it */
	for (i = 0; i < nstale_nh; i++)
		kr_nh_del(stale_nh[i]);
	kr_flush();
	stats.stale_removed += gone;
	if (nstale || nstale_nh)
		log_info("%s: removed %zu stale routes, %zu stale nexthops",
		    __func__, gone, nstale_nh);
	free(stale);
	stale = NULL;
	nstale = 0;
	free(stale_nh);
	stale_nh = NULL;
	nstale_nh = 0;
	timer_set(&t_stale, 0);
}

static void
kr_stale_cb(struct evh *e, uint32_t events)
{
	uint64_t x;

	(void)events;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	kr_stale_expire();
}

/* --- following the kernel ------------------------------------------------ */

/*
 * The device lost what nexthops need: the kernel has just deleted every
 * nexthop on it, shrunk the groups using them (deleting those left empty)
 * and deleted the routes over what it deleted.  Say so, without a word to
 * the kernel.
 */
static void
kr_link_down(int ifindex)
{
	struct kr_obj *o;

	for (o = objs; o; o = o->next)
		if (o->n == 0 && o->installed && o->nh.ifindex == ifindex)
			o->installed = 0;
	for (o = objs; o; o = o->next) {
		if (o->n == 0 || !o->installed)
			continue;
		o->live &= kr_group_live(o);
		if (o->live == 0)
			o->installed = 0;
	}
}

/* one RTM_NEWLINK or RTM_DELLINK; 1 if a device became usable */
static int
kr_link_msg(const struct nlmsghdr *nlh)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct kr_link *l, *nl2;
	int was, now;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return 0;
	was = kr_link_usable(ifm->ifi_index);
	if ((l = kr_link_find(ifm->ifi_index)) == NULL &&
	    nlh->nlmsg_type == RTM_NEWLINK) {
		if ((nl2 = reallocarray(links, nlinks + 1, sizeof(*links))) ==
		    NULL) {
			log_warn("%s", __func__);
			resync_nh = 1;	/* cannot follow it: ask the kernel */
			return 0;
		}
		links = nl2;
		l = &links[nlinks++];
		l->ifindex = ifm->ifi_index;
		bfd_links_changed();
		vif_links_changed();
	}
	if (nlh->nlmsg_type == RTM_DELLINK) {
		if (l)
			*l = links[--nlinks];
		now = 0;
		bfd_links_changed();
		session_link_gone(ifm->ifi_index);
		vif_link_gone(ifm->ifi_index);
	} else {
		l->flags = ifm->ifi_flags;
		now = kr_link_usable(ifm->ifi_index);
	}
	if (was != now) {
		struct kr_obj *o;

		log_debug("%s: if%d %s", __func__, ifm->ifi_index,
		    now ? "usable" : "not usable");
		/* what the kernel refused on it may take now */
		for (o = objs; o; o = o->next)
			if (o->n == 0 && o->nh.ifindex == ifm->ifi_index)
				o->failed = 0;
	}
	if (was && !now)
		kr_link_down(ifm->ifi_index);
	if (!was && now)
		session_link_up(ifm->ifi_index);
	return !was && now;
}

static int
kr_dump_link_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)arg;
	if (nlh->nlmsg_type == RTM_NEWLINK)
		kr_link_msg(nlh);
	return MNL_CB_OK;
}

static int
id_in(const uint32_t *ids, size_t n, uint32_t id)
{
	return bsearch(&id, ids, n, sizeof(*ids), id_cmp) != NULL;
}

struct revive {
	uint32_t	*ids;		/* sorted */
	size_t		 n;
	size_t		 routes;
};

static void
kr_revive_cb(const struct bgp_prefix *p, uint32_t id, void *arg)
{
	struct revive *r = arg;

	if (id_in(r->ids, r->n, id)) {
		kr_route_msg(p, id);
		r->routes++;
	}
}

/*
 * Bring the kernel to what we want of our objects: every nexthop whose
 * device can carry traffic, every group with the members that are in,
 * replaced in place (same id: the routes using it stay as they are) when
 * that set changed; and the routes of every object that had gone.
 */
static void
kr_sync(void)
{
	struct revive r = { 0 };
	struct kr_obj *o;
	uint32_t live;
	size_t n = 0;

	if (frozen || !conf->fib_update)
		return;
	for (o = objs; o; o = o->next) {
		if (o->n)
			continue;
		if (!kr_link_usable(o->nh.ifindex)) {
			o->installed = 0;
		} else if (!o->installed && !o->failed) {
			o->installed = o->revived = 1;
			kr_nh_add(o);
		}
	}
	for (o = objs; o; o = o->next) {
		if (o->n == 0)
			continue;
		live = kr_group_live(o);
		if (o->failed && o->failed != live)
			o->failed = o->fails = 0;	/* other members: a try */
		if (live == 0) {
			o->installed = 0;
		} else if (!o->installed && !o->failed) {
			o->live = live;
			o->installed = o->revived = 1;
			kr_nh_add(o);
		} else if (live != o->live) {
			o->live = live;
			kr_nh_add(o);
			stats.group_updates++;
		}
	}
	for (o = objs; o; o = o->next)
		n += o->revived;
	if (n == 0)
		return;
	if ((r.ids = calloc(n, sizeof(*r.ids))) == NULL) {
		log_warn("%s", __func__);
		resync_nh = 1;
		return;
	}
	for (o = objs; o; o = o->next)
		if (o->revived) {
			r.ids[r.n++] = o->id;
			o->revived = 0;
		}
	qsort(r.ids, r.n, sizeof(*r.ids), id_cmp);
	rde_fib_walk(kr_revive_cb, &r);
	stats.reinstalled += r.routes;
	stats.nh_reinstalled += r.n;
	log_info("%s: %zu nexthops and %zu routes the kernel had removed "
	    "are back", __func__, r.n, r.routes);
	free(r.ids);
}

/* what a dump of our nexthops says is in the kernel */
struct nh_seen {
	uint32_t	 id;
	size_t		 n;
	uint32_t	 members[32];
};

struct nh_dump {
	struct nh_seen	*v;
	size_t		 n, size;
};

static int
kr_resync_nh_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NHA_MAX + 1] = { 0 };
	struct nh_dump *d = arg;
	struct nh_seen *s;

	if (nhm->nh_protocol != DCVIFD_RTPROT)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*nhm), kr_dump_nh_attr, tb);
	if (tb[NHA_ID] == NULL)
		return MNL_CB_OK;
	if (d->n == d->size) {
		size_t ns = d->size ? 2 * d->size : 64;

		if ((s = reallocarray(d->v, ns, sizeof(*s))) == NULL)
			return MNL_CB_ERROR;
		d->v = s;
		d->size = ns;
	}
	s = &d->v[d->n++];
	memset(s, 0, sizeof(*s));
	s->id = mnl_attr_get_u32(tb[NHA_ID]);
	if (tb[NHA_GROUP]) {
		const struct nexthop_grp *g = mnl_attr_get_payload(tb[NHA_GROUP]);
		size_t i, k = mnl_attr_get_payload_len(tb[NHA_GROUP]) /
		    sizeof(*g);

		for (i = 0; i < k && i < 32; i++)
			s->members[s->n++] = g[i].id;
	}
	return MNL_CB_OK;
}

static int
seen_cmp(const void *a, const void *b)
{
	return id_cmp(&((const struct nh_seen *)a)->id,
	    &((const struct nh_seen *)b)->id);
}

/* the routes we want that the kernel lacks, or has over something else */
static void
kr_resync_rt_cb(const struct bgp_prefix *p, uint32_t id, void *arg)
{
	const struct rt_list *l = arg;
	const struct kr_obj *o = kr_find(id);
	struct stale_route key = { .pfx = *p }, *k;

	if (o == NULL || !o->installed)
		return;
	k = l->n ? bsearch(&key, l->v, l->n, sizeof(*l->v), stale_cmp) : NULL;
	if (k && k->nhid == id)
		return;
	kr_route_msg(p, id);
	stats.reinstalled++;
}

/*
 * What the kernel has, by dump: the devices, our nexthops (which of them
 * are in, and each group's members), and our routes when the events that
 * tell of them were lost or too many; then kr_sync() and the routes.
 */
static void
kr_resync(void)
{
	struct nh_dump d = { 0 };
	struct rt_list rl = { 0 };
	struct kr_obj *o;
	size_t i, j;
	int full = resync_rt;

	log_info("%s: %s%s%s", __func__, resync_nh ? "nexthops deleted by "
	    "others or events lost; " : "", full ? "routes: all; " : "",
	    ngone ? "routes deleted by others" : "");
	kr_flush();
	resync_nh = resync_rt = 0;
	stats.resyncs++;
	if (kr_dump(RTM_GETLINK, AF_UNSPEC, kr_dump_link_cb, NULL) == -1 ||
	    kr_dump(RTM_GETNEXTHOP, AF_UNSPEC, kr_resync_nh_cb, &d) == -1)
		goto fail;
	if (d.n)
		qsort(d.v, d.n, sizeof(*d.v), seen_cmp);
	for (o = objs; o; o = o->next) {
		struct nh_seen key = { .id = o->id }, *s = NULL;

		if (d.n)
			s = bsearch(&key, d.v, d.n, sizeof(*d.v), seen_cmp);
		o->installed = s != NULL;
		if (o->n)
			o->failed = o->fails = 0;	/* a fresh look */
		if (s == NULL || o->n == 0)
			continue;
		o->live = 0;
		for (i = 0; i < o->n && i < 32; i++)
			for (j = 0; j < s->n; j++)
				if (s->members[j] == o->members[i])
					o->live |= 1U << i;
	}
	free(d.v);
	kr_sync();
	if (full) {
		if (kr_dump(RTM_GETROUTE, AF_INET, kr_dump_rt_cb, &rl) == -1 ||
		    kr_dump(RTM_GETROUTE, AF_INET6, kr_dump_rt_cb, &rl) == -1) {
			free(rl.v);
			goto fail;
		}
		if (rl.n)
			qsort(rl.v, rl.n, sizeof(*rl.v), stale_cmp);
		rde_fib_walk(kr_resync_rt_cb, &rl);
		free(rl.v);
	}
	for (i = 0; i < ngone && !full; i++) {
		uint32_t id = rde_fib_lookup(&gone_pfx[i]);

		if ((o = kr_find(id)) != NULL && o->installed) {
			kr_route_msg(&gone_pfx[i], id);
			stats.reinstalled++;
		}
	}
	ngone = 0;
	log_info("%s: done (%s)", __func__, full ? "nexthops and routes" :
	    "nexthops");
	return;
fail:
	/* try again with the next event; the kernel may be short of memory */
	resync_nh = 1;
	resync_rt = full;
}

/* somebody else deleted one of our routes */
static void
kr_route_gone(const struct nlmsghdr *nlh)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = { 0 };
	struct bgp_prefix p = { 0 };
	uint32_t table;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    mnl_attr_parse(nlh, sizeof(*rtm), kr_dump_rt_attr, tb) !=
	    MNL_CB_OK)
		return;
	table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) :
	    rtm->rtm_table;
	if (table != conf->fib_table)
		return;
	if (ngone == GONE_MAX) {
		resync_rt = 1;
		return;
	}
	if (gone_pfx == NULL &&
	    (gone_pfx = calloc(GONE_MAX, sizeof(*gone_pfx))) == NULL) {
		resync_rt = 1;
		return;
	}
	p.aid = rtm->rtm_family == AF_INET6 ? AID_INET6 : AID_INET;
	p.len = rtm->rtm_dst_len;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) <= 16)
		memcpy(p.addr, mnl_attr_get_payload(tb[RTA_DST]),
		    mnl_attr_get_payload_len(tb[RTA_DST]));
	gone_pfx[ngone++] = p;
}

static int
kr_mon_cb(const struct nlmsghdr *nlh, void *arg)
{
	int *up = arg;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		*up |= kr_link_msg(nlh);
		break;
	case RTM_DELNEXTHOP:
		/* the kernel removed the routes over it, and shrank groups */
		resync_nh = 1;
		break;
	case RTM_DELROUTE:
		kr_route_gone(nlh);
		break;
	}
	return MNL_CB_OK;
}

static void
kr_mon_read(struct evh *e, uint32_t events)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	ssize_t n;
	int up = 0;

	(void)e;
	(void)events;
	for (;;) {
		n = mnl_socket_recvfrom(mon, buf, sizeof(buf));
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			if (errno == ENOBUFS) {
				/* events lost: what the kernel has is unknown */
				log_warnx("%s: netlink receive buffer overrun, "
				    "resync", __func__);
				resync_nh = resync_rt = 1;
				continue;
			}
			log_warn("%s: recv", __func__);
			break;
		}
		mnl_cb_run(buf, (size_t)n, 0, 0, kr_mon_cb, &up);
	}
	if (!conf->fib_update || frozen)
		return;
	if (resync_nh || resync_rt || ngone)
		kr_resync();
	else if (up)
		kr_sync();
}

/*
 * In-kernel filter of the monitor socket: links (every event), and
 * deletions of our own protocol's nexthops and routes by somebody else.
 * What we install ourselves would otherwise come back once per route.
 * Classic BPF loads halfwords and words in network byte order.
 */
static int
kr_mon_filter(int fd, uint32_t portid)
{
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_type)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWLINK),
		    10, 0),
		/* 2 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELLINK),
		    9, 0),
		/* 3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE),
		    2, 0),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    htons(RTM_DELNEXTHOP), 3, 0),
		/* 5 */ BPF_STMT(BPF_RET | BPF_K, 0),
		/* 6 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, NLMSG_HDRLEN +
		    offsetof(struct rtmsg, rtm_protocol)),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
		/* 8 */ BPF_STMT(BPF_LD | BPF_B | BPF_ABS, NLMSG_HDRLEN +
		    offsetof(struct nhmsg, nh_protocol)),
		/* 9 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, DCVIFD_RTPROT, 1, 0),
		/* 10 */ BPF_STMT(BPF_RET | BPF_K, 0),
		/* 11 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_pid)),
		/* 12 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htonl(portid),
		    0, 1),
		/* 13 */ BPF_STMT(BPF_RET | BPF_K, 0),
		/* 14 */ BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
	    .filter = f };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

static int
kr_mon_init(void)
{
	unsigned int grps[] = { RTNLGRP_LINK, RTNLGRP_NEXTHOP,
	    RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
	size_t i;

	if ((mon = priv_mon_open()) == NULL) {
		log_warn("%s: netlink socket", __func__);
		return -1;
	}
	if (kr_mon_filter(mnl_socket_get_fd(mon),
	    nlsock_portid(nl)) == -1) {
		log_warn("%s: SO_ATTACH_FILTER", __func__);
		return -1;
	}
	for (i = 0; i < sizeof(grps) / sizeof(grps[0]); i++)
		if (mnl_socket_setsockopt(mon, NETLINK_ADD_MEMBERSHIP,
		    &grps[i], sizeof(grps[i])) == -1) {
			log_warn("%s: group %u", __func__, grps[i]);
			return -1;
		}
	if (ev_add(&monev, mnl_socket_get_fd(mon), EPOLLIN, kr_mon_read,
	    NULL) == -1)
		return -1;
	/* subscribed first, so that no change falls between dump and events */
	return kr_dump(RTM_GETLINK, AF_UNSPEC, kr_dump_link_cb, NULL);
}

int
kr_init(void)
{
	int rcvbuf = 8 * 1024 * 1024, sndbuf = 4 * BATCH_SIZE, one = 1;
	struct rt_list rl = { 0 };

	/* changes need CAP_NET_ADMIN: the parent's socket (priv.c) */
	if ((nl = nlsock_open(NLSOCK_ROUTE, SOCK_NONBLOCK,
	    MNL_SOCKET_BUFFER_SIZE * 4)) == NULL) {
		log_warn("%s: netlink socket", __func__);
		return -1;
	}
	/*
	 * Errors echo the whole request (no NETLINK_CAP_ACK), so that the log
	 * names the prefix or nexthop; extended ACKs add the kernel's reason.
	 */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcvbuf, sizeof(rcvbuf)) == -1)
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF,
		    &rcvbuf, sizeof(rcvbuf));
	/* a batch goes out in one sendmsg: it must fit the send buffer */
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUFFORCE,
	    &sndbuf, sizeof(sndbuf)) == -1 &&
	    setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUF,
	    &sndbuf, sizeof(sndbuf)) == -1)
		log_warn("%s: SO_SNDBUF", __func__);
	if ((batchbuf = malloc(BATCH_SIZE)) == NULL ||
	    (batch = mnl_nlmsg_batch_start(batchbuf, BATCH_SIZE - 8192)) ==
	    NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	if (ev_add(&nlev, mnl_socket_get_fd(nl), EPOLLIN, kr_read, NULL) == -1)
		return -1;
	if (!conf->fib_update)
		return 0;
	if (kr_mon_init() == -1)
		return -1;
	if (kr_dump(RTM_GETNEXTHOP, AF_UNSPEC, kr_dump_nh_cb, NULL) == -1 ||
	    kr_dump(RTM_GETROUTE, AF_INET, kr_dump_rt_cb, &rl) == -1 ||
	    kr_dump(RTM_GETROUTE, AF_INET6, kr_dump_rt_cb, &rl) == -1) {
		free(rl.v);
		return -1;
	}
	stale = rl.v;
	nstale = rl.n;
	if (nstale)
		qsort(stale, nstale, sizeof(*stale), stale_cmp);
	if (nstale || nstale_nh)
		log_info("%s: %zu routes and %zu nexthops of a previous run, "
		    "kept for %us", __func__, nstale, nstale_nh,
		    conf->stale_time);
	if (timer_init(&t_stale, kr_stale_cb, NULL) == -1)
		return -1;
	if (nstale || nstale_nh) {
		if (conf->stale_time)
			timer_set(&t_stale, conf->stale_time);
		else
			kr_stale_expire();
	}
	return 0;
}

void
kr_shutdown(void)
{
	struct kr_obj *o, *n;
	int pass;

	/* groups first, then the nexthops they use */
	for (pass = 0; pass < 2; pass++)
		for (o = objs; o; o = o->next)
			if ((pass == 0) == (o->n != 0) && !conf->fib_keep &&
			    conf->fib_update)
				kr_nh_del(o->id);
	if (!conf->fib_keep && conf->fib_update) {
		size_t i;

		for (i = 0; i < nstale_nh; i++)
			kr_nh_del(stale_nh[i]);
	}
	kr_flush();
	for (o = objs; o; o = n) {
		n = o->next;
		free(o->members);
		free(o);
	}
	objs = NULL;
	free(stale);
	free(stale_nh);
	timer_free(&t_stale);
	if (batch)
		mnl_nlmsg_batch_stop(batch);
	free(batchbuf);
	if (mon) {
		monev.fd = -1;
		mnl_socket_close(mon);
		mon = NULL;
	}
	free(links);
	links = NULL;
	nlinks = 0;
	free(gone_pfx);
	gone_pfx = NULL;
	ngone = 0;
	if (nl) {
		/* closing the fd takes it out of the epoll set too */
		nlev.fd = -1;
		nlsock_close(nl);
		nl = NULL;
	}
}
