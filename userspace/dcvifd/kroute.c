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
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "dcvifd.h"

struct kr_obj {
	struct kr_obj	*next;
	uint32_t	 id;
	uint32_t	 refcnt;
	size_t		 n;		/* 0: single nexthop, else group size */
	struct kr_nh	 nh;
	uint32_t	*members;	/* sorted ids, groups only */
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

#define BATCH_SIZE	(128 * 1024)	/* must fit the socket's sndbuf */

const struct kr_stats *
kr_get_stats(void)
{
	return &stats;
}

static void
kr_error(const struct nlmsgerr *err)
{
	const struct nlmsghdr *req = &err->msg;
	char what[128] = "";

	if (req->nlmsg_type == RTM_NEWROUTE || req->nlmsg_type == RTM_DELROUTE) {
		const struct rtmsg *rtm = mnl_nlmsg_get_payload(req);
		const struct nlattr *attr;
		struct bgp_prefix p = { .aid = rtm->rtm_family == AF_INET6 ?
		    AID_INET6 : AID_INET, .len = rtm->rtm_dst_len };

		/* the echoed request may be cut short: walk it carefully */
		mnl_attr_for_each(attr, req, sizeof(*rtm)) {
			if (mnl_attr_get_type(attr) == RTA_DST &&
			    mnl_attr_get_payload_len(attr) <= 16)
				memcpy(p.addr, mnl_attr_get_payload(attr),
				    mnl_attr_get_payload_len(attr));
		}
		prefix_str(&p, what, sizeof(what));
	} else if (req->nlmsg_type == RTM_NEWNEXTHOP ||
	    req->nlmsg_type == RTM_DELNEXTHOP) {
		const struct nhmsg *nhm = mnl_nlmsg_get_payload(req);
		const struct nlattr *attr;

		mnl_attr_for_each(attr, req, sizeof(*nhm)) {
			if (mnl_attr_get_type(attr) == NHA_ID)
				snprintf(what, sizeof(what), "id %u",
				    mnl_attr_get_u32(attr));
		}
	}
	stats.errors++;
	snprintf(stats.last_error, sizeof(stats.last_error), "%s %s: %s",
	    req->nlmsg_type == RTM_NEWROUTE ? "RTM_NEWROUTE" :
	    req->nlmsg_type == RTM_DELROUTE ? "RTM_DELROUTE" :
	    req->nlmsg_type == RTM_NEWNEXTHOP ? "RTM_NEWNEXTHOP" :
	    req->nlmsg_type == RTM_DELNEXTHOP ? "RTM_DELNEXTHOP" : "request",
	    what, strerror(-err->error));
	log_warnx("%s: %s", __func__, stats.last_error);
}

static int
kr_msg_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)arg;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

		if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(*err)) &&
		    err->error != 0)
			kr_error(err);
	}
	return MNL_CB_OK;
}

static void
kr_read(struct evh *e, uint32_t events)
{
	char buf[MNL_SOCKET_BUFFER_SIZE * 4];
	ssize_t n;

	(void)events;
	(void)e;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
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
		/* errors of our requests: NLMSG_ERROR is handled in the cb */
		mnl_cb_run(buf, (size_t)n, 0, 0, kr_msg_cb, NULL);
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
	if (batch == NULL || mnl_nlmsg_batch_is_empty(batch))
		return;
	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(batch),
	    mnl_nlmsg_batch_size(batch)) == -1) {
		stats.errors++;
		log_warn("%s: netlink send", __func__);
	}
	mnl_nlmsg_batch_reset(batch);
	/* pick up errors early so the socket buffer does not fill */
	kr_read(&nlev, EPOLLIN);
}

static void
kr_nh_add(const struct kr_obj *o)
{
	struct nlmsghdr *nlh = kr_msg(RTM_NEWNEXTHOP, NLM_F_CREATE |
	    NLM_F_REPLACE);
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	size_t i;

	nhm->nh_protocol = DCVIFD_RTPROT;
	mnl_attr_put_u32(nlh, NHA_ID, o->id);
	if (o->n) {
		struct nexthop_grp grp[32];

		nhm->nh_family = AF_UNSPEC;
		memset(grp, 0, sizeof(grp));
		for (i = 0; i < o->n && i < 32; i++)
			grp[i].id = o->members[i];
		mnl_attr_put(nlh, NHA_GROUP, sizeof(grp[0]) * i, grp);
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
	kr_nh_add(o);
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
		kr_nh_add(o);
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

/* install (nhid != 0) or remove a route; old is what is there now */
void
kr_route(const struct bgp_prefix *p, uint32_t nhid, uint32_t old)
{
	int stale_there = 0;

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
	if (nhid == 0 && old == 0 && !stale_there)
		return;
	kr_route_msg(p, nhid);
	if (nhid && !old)
		stats.routes++;
	else if (!nhid && old)
		stats.routes--;
}

/* synchronous dumps at start */
static int
kr_dump(uint16_t type, uint8_t family, mnl_cb_t cb)
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
		rv = mnl_cb_run(buf, (size_t)n, dseq, portid, cb, NULL);
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
	uint32_t table;

	(void)arg;
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
	if ((n = reallocarray(stale, nstale + 1, sizeof(*n))) == NULL)
		return MNL_CB_ERROR;
	stale = n;
	stale[nstale++] = s;
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

int
kr_init(void)
{
	int rcvbuf = 8 * 1024 * 1024, sndbuf = 4 * BATCH_SIZE, one = 1;

	if ((nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) == NULL ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1) {
		log_warn("%s: netlink socket", __func__);
		return -1;
	}
	/* errors echo only the header of the request, not all of it */
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
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
	if (kr_dump(RTM_GETNEXTHOP, AF_UNSPEC, kr_dump_nh_cb) == -1 ||
	    kr_dump(RTM_GETROUTE, AF_INET, kr_dump_rt_cb) == -1 ||
	    kr_dump(RTM_GETROUTE, AF_INET6, kr_dump_rt_cb) == -1)
		return -1;
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
	if (nl) {
		/* closing the fd takes it out of the epoll set too */
		nlev.fd = -1;
		mnl_socket_close(nl);
		nl = NULL;
	}
}
