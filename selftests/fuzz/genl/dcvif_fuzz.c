// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif_fuzz: spec-driven fuzzer of dcvif's kernel interfaces, run in the
 * VM by selftests/net/dcvif_fuzz.sh.
 *
 *   nl       random and boundary generic netlink messages of the "dcvif"
 *            family, from the tables gen_spec.py writes from the YAML spec
 *            (every op, every attribute, nesting, wrong lengths, unknown
 *            attributes and commands, missing attributes, flags), mixed
 *            with rtnetlink RTM_NEWLINK/DELLINK/SETLINK of both link kinds
 *            with random IFLA_INFO_DATA (from the uapi header's enums).
 *            Every reply and notification is checked against the spec;
 *            every CHECK_EVERY messages a sweep dumps and deletes sessions
 *            and runs a valid new/get/set/del sequence, which must succeed.
 *   frames   random and mutated BFD (UDP 3784/4784 tagged, 6784 untagged),
 *            LACP and Marker frames from packet sockets at a given rate.
 *   cleanup  deletes every BFD session and every dcvif/dclag link of the
 *            netns one by one (each must succeed), then checks the dumps
 *            are empty.
 *
 * Seeded (the seed is printed): the same seed and options make the same
 * messages. Output lines start with "# " (TAP diagnostics).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "fuzz_spec.h"

#define MSG_MAX		8192
#define POOL_MAX	64
#define MAX_KEEP	8

/* ---- PRNG (splitmix64), seeded once ---- */

static uint64_t rng;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static bool pct(unsigned int p)
{
	return below(100) < p;
}

static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = rnd();
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static int failures;

static void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	if (failures > 20)
		return;
	fputs("# FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static const char *ename(int e)
{
	const char *n = e ? strerrorname_np(e) : "ok";

	return n ? n : "E?";
}

/* ---- counters: per op, by errno ---- */

#define ERRS 136
struct tally {
	const char *name;
	unsigned long sent, replies, timeouts, not_request;
	unsigned long err[ERRS];	/* err[0]: accepted */
};

static void tally(struct tally *t, int e)
{
	t->err[e >= 0 && e < ERRS ? e : ERRS - 1]++;
}

static void tally_print(const char *what, const struct tally *t)
{
	char line[1024];
	int n, e;

	if (!t->sent)
		return;
	n = snprintf(line, sizeof(line), "%s %-16s sent %lu accepted %lu", what, t->name,
		     t->sent, t->err[0]);
	if (t->replies)
		n += snprintf(line + n, sizeof(line) - n, " replies %lu", t->replies);
	for (e = 1; e < ERRS && n < (int)sizeof(line) - 40; e++)
		if (t->err[e])
			n += snprintf(line + n, sizeof(line) - n, " %s %lu", ename(e), t->err[e]);
	if (t->not_request)
		n += snprintf(line + n, sizeof(line) - n, " not-request %lu", t->not_request);
	if (t->timeouts)
		snprintf(line + n, sizeof(line) - n, " no-answer %lu", t->timeouts);
	say("%s", line);
}

/* ---- raw message building: lengths are ours to get wrong ---- */

struct msg {
	uint8_t b[MSG_MAX];
	size_t len;
};

static bool room(struct msg *m, size_t n)
{
	return m->len + NLA_ALIGN(n) <= sizeof(m->b);
}

static struct nlmsghdr *msg_init(struct msg *m, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *h = (void *)m->b;

	memset(m->b, 0, NLMSG_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	m->len = NLMSG_HDRLEN;
	return h;
}

static void *msg_put(struct msg *m, const void *data, size_t n)
{
	void *p = m->b + m->len;

	if (!room(m, n))
		return NULL;
	memset(p, 0, NLA_ALIGN(n));
	if (data)
		memcpy(p, data, n);
	m->len += NLA_ALIGN(n);
	return p;
}

/* An attribute whose header says @decl bytes of payload while @len follow. */
static void attr_raw(struct msg *m, uint16_t type, const void *data, size_t len, size_t decl)
{
	struct nlattr *a;

	if (!room(m, NLA_HDRLEN + len))
		return;
	a = msg_put(m, NULL, NLA_HDRLEN);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + decl;
	msg_put(m, data, len);
}

static void attr(struct msg *m, uint16_t type, const void *data, size_t len)
{
	attr_raw(m, type, data, len, len);
}

static void attr_u32(struct msg *m, uint16_t type, uint32_t v)
{
	attr(m, type, &v, 4);
}

static void attr_str(struct msg *m, uint16_t type, const char *s)
{
	attr(m, type, s, strlen(s) + 1);
}

static size_t nest_start(struct msg *m, uint16_t type)
{
	size_t off = m->len;

	attr(m, type | NLA_F_NESTED, NULL, 0);
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	struct nlattr *a = (void *)(m->b + off);

	if (off + NLA_HDRLEN <= m->len)
		a->nla_len = m->len - off;
}

/* ---- netlink sockets: one request, a barrier, every answer read ---- */

struct nl {
	struct mnl_socket *s;
	int fd;
	uint32_t seq;
};

struct answer {
	int err;		/* errno of the request, 0 if accepted */
	bool status;		/* an ack, an error or DONE was seen */
	unsigned int replies;
	bool timeout;
};

typedef void (*reply_cb)(const struct nlmsghdr *h, void *arg);

static int nl_open(struct nl *n, int proto)
{
	int one = 1, big = 1 << 20;
	struct timeval tv = { .tv_sec = 20 };

	n->s = mnl_socket_open(proto);
	if (!n->s || mnl_socket_bind(n->s, 0, MNL_SOCKET_AUTOPID) < 0) {
		say("netlink socket %d: %s", proto, strerror(errno));
		return -1;
	}
	n->fd = mnl_socket_get_fd(n->s);
	setsockopt(n->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(n->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(n->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n->seq = time(NULL);
	return 0;
}

static void nl_close(struct nl *n)
{
	if (n->s)
		mnl_socket_close(n->s);
	n->s = NULL;
}

static uint8_t rxbuf[1 << 16];

/*
 * Send @m (its length field as the caller left it, @send_len bytes on the
 * wire) and read every answer: until the ack (or DONE) of a well-formed
 * request with NLM_F_ACK; else also send a NOOP with NLM_F_ACK as a
 * barrier and read until its ack and the end of any dump started.
 */
static void nl_xfer(struct nl *n, struct msg *m, size_t send_len, reply_cb cb, void *arg,
		    struct answer *a)
{
	const uint16_t want = NLM_F_REQUEST | NLM_F_ACK;
	struct nlmsghdr *h = (void *)m->b, bar = {
		.nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	uint32_t seq = ++n->seq, bseq = ++n->seq;
	bool barrier = false, multi = false;
	ssize_t r;

	memset(a, 0, sizeof(*a));
	h->nlmsg_seq = seq;
	bar.nlmsg_seq = bseq;
	if (mnl_socket_sendto(n->s, m->b, send_len) < 0) {
		a->err = errno;
		a->status = true;
		return;
	}
	if ((h->nlmsg_flags & want) != want || h->nlmsg_len != send_len ||
	    send_len < NLMSG_HDRLEN + 4) {
		if (mnl_socket_sendto(n->s, &bar, bar.nlmsg_len) < 0) {
			a->err = errno;
			return;
		}
	} else {
		barrier = true;	/* none needed: the request's own ack ends it */
		multi = true;
	}
	while (!barrier || (multi && !a->status)) {
		const struct nlmsghdr *rh;
		int left;

		r = recv(n->fd, rxbuf, sizeof(rxbuf), 0);
		if (r < 0) {
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			a->timeout = true;
			return;
		}
		left = r;
		for (rh = (void *)rxbuf; mnl_nlmsg_ok(rh, left); rh = mnl_nlmsg_next(rh, &left)) {
			if (rh->nlmsg_seq == bseq) {
				barrier = true;
				continue;
			}
			if (rh->nlmsg_seq != seq)
				continue;
			if (rh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(rh);

				a->err = rh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*e) ? -e->error : EPROTO;
				a->status = true;
			} else if (rh->nlmsg_type == NLMSG_DONE) {
				const int *e = mnl_nlmsg_get_payload(rh);

				a->err = rh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) ? -*e : 0;
				a->status = true;
			} else {
				a->replies++;
				if (rh->nlmsg_flags & NLM_F_MULTI)
					multi = true;
				if (cb)
					cb(rh, arg);
			}
		}
	}
}

/* ---- the genl family ---- */

static uint16_t fam_id;
static uint32_t mcgrp_ids[8];

static int ctrl_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= CTRL_ATTR_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static void ctrl_reply(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = {}, *g, *ga;
	uint16_t *id = arg;

	mnl_attr_parse(h, GENL_HDRLEN, ctrl_attr_cb, tb);
	if (tb[CTRL_ATTR_FAMILY_ID])
		*id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return;
	mnl_attr_for_each_nested(g, tb[CTRL_ATTR_MCAST_GROUPS]) {
		const char *name = NULL;
		uint32_t gid = 0;
		int i;

		mnl_attr_for_each_nested(ga, g) {
			if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME)
				name = mnl_attr_get_str(ga);
			else if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID)
				gid = mnl_attr_get_u32(ga);
		}
		for (i = 0; name && fz_mcgrps[i] && i < 8; i++)
			if (!strcmp(name, fz_mcgrps[i]))
				mcgrp_ids[i] = gid;
	}
}

/* The family's id now (0 while the module is out), groups in mcgrp_ids. */
static uint16_t family_resolve(struct nl *n)
{
	struct genlmsghdr g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 };
	struct answer a;
	struct msg m;
	uint16_t id = 0;

	msg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK);
	msg_put(&m, &g, sizeof(g));
	attr(&m, CTRL_ATTR_FAMILY_NAME, fz_family_name, strlen(fz_family_name) + 1);
	((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
	nl_xfer(n, &m, m.len, ctrl_reply, &id, &a);
	return a.err ? 0 : id;
}

/* ---- targets: the links of the netns, refreshed now and then ---- */

enum { P_VIF, P_LAG, P_OTHER, P_FZ, NPOOLS };

struct pool {
	uint32_t idx[POOL_MAX];
	char name[POOL_MAX][IFNAMSIZ];
	int n;
};

static struct pool pools[NPOOLS];

static int link_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= IFLA_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static void pool_add(int p, uint32_t idx, const char *name)
{
	struct pool *pl = &pools[p];

	if (pl->n >= POOL_MAX)
		return;
	pl->idx[pl->n] = idx;
	snprintf(pl->name[pl->n], IFNAMSIZ, "%s", name);
	pl->n++;
}

static void link_reply(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {}, *li;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(h);
	const char *kind = "", *name;

	(void)arg;
	if (h->nlmsg_type != RTM_NEWLINK)
		return;
	mnl_attr_parse(h, sizeof(*ifi), link_attr_cb, tb);
	if (!tb[IFLA_IFNAME])
		return;
	name = mnl_attr_get_str(tb[IFLA_IFNAME]);
	if (tb[IFLA_LINKINFO])
		mnl_attr_for_each_nested(li, tb[IFLA_LINKINFO])
			if (mnl_attr_get_type(li) == IFLA_INFO_KIND)
				kind = mnl_attr_get_str(li);
	if (!strncmp(name, "fz", 2))
		pool_add(P_FZ, ifi->ifi_index, name);
	if (!strcmp(kind, "dcvif"))
		pool_add(P_VIF, ifi->ifi_index, name);
	else if (!strcmp(kind, "dclag"))
		pool_add(P_LAG, ifi->ifi_index, name);
	else
		pool_add(P_OTHER, ifi->ifi_index, name);
}

static int pools_refresh(struct nl *rt)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct answer a;
	struct msg m;

	memset(pools, 0, sizeof(pools));
	msg_init(&m, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
	msg_put(&m, &ifi, sizeof(ifi));
	((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
	nl_xfer(rt, &m, m.len, link_reply, NULL, &a);
	return a.timeout ? -1 : a.err;
}

static uint32_t pick(int p)
{
	if (pools[p].n && pct(95))
		return pools[p].idx[below(pools[p].n)];
	return below(4) ? 1 + below(64) : (uint32_t)rnd();
}

/* ---- value generation from the spec's types and checks ---- */

struct keep {
	char ifname[IFNAMSIZ];
	int family;
	uint8_t local[16], peer[16];
};

static struct keep keeps[MAX_KEEP];
static int n_keeps;

static void addr_v4(uint8_t *o)
{
	static const uint32_t pool[] = { 0, 0xffffffff, 0x7f000001, 0xe0000005, 0xa9fe0101,
					 0x0a010001, 0x0a010002, 0x0a000001, 0x0a000002 };
	uint32_t v;

	if (n_keeps && pct(40)) {
		const struct keep *k = &keeps[below(n_keeps)];

		if (k->family == AF_INET) {
			memcpy(o, pct(50) ? k->local : k->peer, 4);
			return;
		}
	}
	v = pct(60) ? pool[below(sizeof(pool) / 4)] :
	    pct(50) ? 0x0a000000 | below(1 << 16) : (uint32_t)rnd();
	v = htonl(v);
	memcpy(o, &v, 4);
}

static void addr_v6(uint8_t *o)
{
	static const uint8_t pool[][16] = {
		{ 0 },
		{ [15] = 1 },
		{ 0xff, 0x02, [15] = 1 },
		{ 0xfe, 0x80, [15] = 1 },
		{ 0xfe, 0x80, [15] = 2 },
		{ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
		{ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
		{ [10] = 0xff, [11] = 0xff, 10, 0, 0, 1 },
	};

	if (n_keeps && pct(40)) {
		const struct keep *k = &keeps[below(n_keeps)];

		if (k->family == AF_INET6) {
			memcpy(o, pct(50) ? k->local : k->peer, 16);
			return;
		}
	}
	if (pct(60))
		memcpy(o, pool[below(sizeof(pool) / 16)], 16);
	else
		rnd_bytes(o, 16);
}

static uint64_t boundary(uint64_t min, uint64_t max, uint64_t tmax)
{
	switch (below(12)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return min - 1;
	case 3: return min;
	case 4: return min + 1;
	case 5: return max - 1;
	case 6: return max;
	case 7: return max + 1;
	case 8: return tmax;
	case 9: return rnd() & tmax;
	case 10: return below(300);
	default: return max > min && max - min + 1 ? min + rnd() % (max - min + 1) : rnd();
	}
}

static int kind_size(int kind)
{
	switch (kind) {
	case FZ_U8: return 1;
	case FZ_U16: return 2;
	case FZ_U32: return 4;
	case FZ_U64: return 8;
	default: return -1;
	}
}

static int wrong_len(int right)
{
	static const int l[] = { 0, 1, 2, 3, 5, 7, 9, 17, 33 };
	int v;

	do
		v = below(3) ? right + (int)below(3) - 1 : l[below(9)];
	while (v == right || v < 0);
	return v;
}

static void gen_attrs(struct msg *m, int set, const unsigned short *list, int nlist, int depth);

/* This message's attributes in range, of the right length: deeper paths. */
static bool sane;

static bool is_ifindex(const char *name)
{
	size_t n = strlen(name);

	return n >= 7 && !strcmp(name + n - 7, "ifindex");
}

/* One attribute of @set, typed by the spec, with a value or length off now and then. */
static void gen_attr(struct msg *m, int set, const struct fz_attr *a, int depth)
{
	uint8_t v[1100];
	int sz = kind_size(a->kind), len;
	uint64_t x;

	if (a->kind == FZ_NEST) {
		size_t off;

		if (depth > 3 || pct(5)) {
			len = below(40);
			rnd_bytes(v, len);
			attr(m, a->type | (pct(50) ? NLA_F_NESTED : 0), v, len);
			return;
		}
		off = nest_start(m, a->type);
		if (pct(20))
			((struct nlattr *)(m->b + off))->nla_type &= ~NLA_F_NESTED;
		gen_attrs(m, a->nest, NULL, 0, depth + 1);
		nest_end(m, off);
		return;
	}
	if (sz > 0) {
		uint64_t tmax = sz == 8 ? ~0ULL : (1ULL << (sz * 8)) - 1;

		if (is_ifindex(a->name) && pct(80)) {
			x = pick(!strcmp(fz_sets[set].name, "lag") ? P_LAG : pct(85) ? P_VIF :
				 below(3));
		} else if (!strcmp(a->hint, "ipv4") && pct(85)) {
			addr_v4(v);
			memcpy(&x, v, 4);
		} else if (sane) {
			/* in range: small ranges whole, wide ones near the floor */
			uint64_t lo = a->has_min ? a->min : 0;
			uint64_t span = a->max - lo < 1000000 ? a->max - lo + 1 : 1000000;

			x = lo + rnd() % span;
		} else {
			x = boundary(a->has_min ? a->min : 0, a->max, tmax) & tmax;
		}
		memset(v, 0, 8);
		memcpy(v, &x, sz);
		len = !sane && pct(6) ? wrong_len(sz) : sz;
		if (len > sz)
			rnd_bytes(v + sz, len - sz);
		attr(m, a->type, v, len);
		return;
	}
	switch (a->kind) {
	case FZ_STRING:
		if (pools[P_VIF].n && pct(40)) {
			snprintf((char *)v, IFNAMSIZ, "%s", pools[P_VIF].name[below(pools[P_VIF].n)]);
			len = strlen((char *)v) + 1;
		} else {
			len = below(a->max_len > 0 ? a->max_len + 3 : 24);
			for (int i = 0; i < len; i++)
				v[i] = 'a' + below(26);
			if (pct(85))
				v[len++] = 0;
		}
		attr(m, a->type, v, len);
		return;
	case FZ_BINARY:
		if (a->exact_len > 0 && (sane || pct(80)))
			len = a->exact_len;
		else if (sane)
			len = 1 + below(a->max_len > 0 ? a->max_len : 20);
		else if (pct(5))
			len = 200 + below(900);
		else
			len = below(a->max_len > 0 ? a->max_len + 4 : 40);
		if (!strcmp(a->hint, "ipv6") && len == 16 && pct(85))
			addr_v6(v);
		else
			rnd_bytes(v, len);
		attr(m, a->type, v, len);
		return;
	case FZ_FLAG:
		memset(v, 0, 8);
		attr(m, a->type, v, pct(90) ? 0 : 1 + below(8));
		return;
	default:	/* pad */
		len = below(12);
		memset(v, 0, len);
		attr(m, a->type, v, len);
		return;
	}
}

static const struct fz_attr *attr_by_type(int set, int type)
{
	for (int i = 0; i < fz_sets[set].n; i++)
		if (fz_sets[set].attrs[i].type == type)
			return &fz_sets[set].attrs[i];
	return NULL;
}

/*
 * Attributes of @set: mostly those the request lists (each present or
 * missing at random), sometimes any of the set, unknown types, duplicates
 * and garbage.
 */
static void gen_attrs(struct msg *m, int set, const unsigned short *list, int nlist, int depth)
{
	const struct fz_set *s = &fz_sets[set];
	unsigned int mode = below(100);
	uint8_t junk[64];
	int i, n;

	sane = mode < 35 && nlist;
	if (sane) {
		/* addresses of one family (display-hint), as a request would have */
		const char *fam = pct(60) ? "ipv4" : "ipv6";

		for (i = 0; i < nlist; i++) {
			const struct fz_attr *a = attr_by_type(set, list[i]);
			bool addr = !strcmp(a->hint, "ipv4") || !strcmp(a->hint, "ipv6");

			if (addr ? !strcmp(a->hint, fam) && pct(95) : pct(80))
				gen_attr(m, set, a, depth);
		}
		sane = false;
		/* one attribute off, now and then */
		if (pct(30))
			gen_attr(m, set, attr_by_type(set, list[below(nlist)]), depth);
		return;
	} else if (mode < 65 && nlist) {
		for (i = 0; i < nlist; i++)
			if (pct(65))
				gen_attr(m, set, attr_by_type(set, list[i]), depth);
	} else if (mode < 90) {
		n = below(7);
		for (i = 0; i < n; i++)
			gen_attr(m, set, &s->attrs[below(s->n)], depth);
	} else if (mode < 96) {
		n = below(sizeof(junk));
		rnd_bytes(junk, n);
		msg_put(m, junk, n);
	}
	if (pct(8)) {
		static const uint16_t unk[] = { 0, 0xffff, 0x3fff };
		uint16_t t = pct(50) ? s->max_type + 1 + below(3) : unk[below(3)];

		n = below(20);
		rnd_bytes(junk, n);
		attr(m, t | (pct(20) ? NLA_F_NESTED : 0) | (pct(10) ? NLA_F_NET_BYTEORDER : 0),
		     junk, n);
	}
	if (pct(4))
		gen_attr(m, set, &s->attrs[below(s->n)], depth);
	if (pct(3)) {
		/* an attribute that claims more than the message holds */
		n = below(16);
		rnd_bytes(junk, n);
		attr_raw(m, s->attrs[below(s->n)].type, junk, n, n + 1 + below(200));
	}
}

/* ---- checking what the kernel says against the spec ---- */

static unsigned long violations;

static void violation(const char *what, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!violations++ || violations < 10)
		fail("%s does not follow the spec: %s", what, buf);
}

static bool listed(const unsigned short *l, int n, int type)
{
	for (int i = 0; i < n; i++)
		if (l[i] == type)
			return true;
	return false;
}

static void check_attrs(const char *what, int set, const unsigned short *allow, int nallow,
			const uint8_t *p, int len)
{
	uint64_t seen = 0;

	while (len >= NLA_HDRLEN) {
		const struct nlattr *na = (const void *)p;
		int type = na->nla_type & NLA_TYPE_MASK, plen = na->nla_len - NLA_HDRLEN;
		const struct fz_attr *a;
		uint64_t v = 0;

		if (na->nla_len < NLA_HDRLEN || na->nla_len > len) {
			violation(what, "attribute length %u with %d bytes left", na->nla_len, len);
			return;
		}
		a = attr_by_type(set, type);
		if (!a) {
			violation(what, "type %d not in set %s", type, fz_sets[set].name);
		} else if (a->kind != FZ_PAD && allow && !listed(allow, nallow, type)) {
			violation(what, "%s not in the reply's attributes", a->name);
		} else if (a->kind == FZ_PAD) {
			/* padding for the u64s that follow */
		} else if (!a->multi && type < 64 && (seen & (1ULL << type))) {
			violation(what, "%s twice", a->name);
		} else if (kind_size(a->kind) > 0) {
			if (plen != kind_size(a->kind)) {
				violation(what, "%s of %d bytes", a->name, plen);
			} else {
				memcpy(&v, na + 1, plen);
				if ((a->has_max && v > a->max) || (a->has_min && v < a->min))
					violation(what, "%s = %llu outside the spec's %llu-%llu", a->name,
						  (unsigned long long)v, a->min, a->max);
			}
		} else if (a->kind == FZ_STRING) {
			if (!plen || ((const char *)(na + 1))[plen - 1] ||
			    (a->max_len > 0 && (int)strlen((const char *)(na + 1)) > a->max_len))
				violation(what, "%s not a string of the spec", a->name);
		} else if (a->kind == FZ_BINARY) {
			if (a->exact_len > 0 && plen != a->exact_len)
				violation(what, "%s of %d bytes, not %d", a->name, plen, a->exact_len);
		} else if (a->kind == FZ_NEST) {
			check_attrs(what, a->nest, NULL, 0, (const uint8_t *)(na + 1), plen);
		}
		if (type < 64)
			seen |= 1ULL << type;
		p += NLA_ALIGN(na->nla_len);
		len -= NLA_ALIGN(na->nla_len);
	}
}

static const struct fz_op *op_by_cmd(int cmd, bool event)
{
	for (int i = 0; i < fz_n_ops; i++)
		if (fz_ops[i].cmd == cmd && !!fz_ops[i].event == event)
			return &fz_ops[i];
	return NULL;
}

struct reply_ctx {
	const struct fz_op *op;
	bool dump;
	void (*each)(const struct nlmsghdr *h, void *arg);
	void *arg;
};

static void genl_reply(const struct nlmsghdr *h, void *arg)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(h);
	struct reply_ctx *c = arg;
	const struct fz_op *op = c->op;

	if (h->nlmsg_type != fam_id) {
		violation(op->name, "reply of type %u", h->nlmsg_type);
		return;
	}
	if (g->cmd != op->cmd)
		violation(op->name, "reply with command %u", g->cmd);
	else if (c->dump ? !op->n_dump_rep : !op->n_do_rep)
		violation(op->name, "a reply the spec does not have");
	else
		check_attrs(op->name, op->set, c->dump ? op->dump_rep : op->do_rep,
			    c->dump ? op->n_dump_rep : op->n_do_rep,
			    (const uint8_t *)(g + 1), h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (c->each)
		c->each(h, c->arg);
}

static struct tally ntf_tally[32];

/* Drain the monitor socket: every notification is an event of the spec. */
static void monitor_drain(struct nl *mon)
{
	ssize_t r;

	while ((r = recv(mon->fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT)) > 0 || (r < 0 && errno == ENOBUFS)) {
		const struct nlmsghdr *h;
		int left = r;

		if (r < 0) {
			ntf_tally[0].timeouts++;	/* overrun: counted, not a fault */
			continue;
		}
		for (h = (void *)rxbuf; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			const struct genlmsghdr *g = mnl_nlmsg_get_payload(h);
			const struct fz_op *op;

			if (h->nlmsg_type != fam_id)
				continue;
			op = op_by_cmd(g->cmd, true);
			if (!op) {
				violation("monitor", "notification with command %u", g->cmd);
				continue;
			}
			ntf_tally[op - fz_ops].name = op->name;
			ntf_tally[op - fz_ops].sent++;
			check_attrs(op->name, op->set, op->ev, op->n_ev, (const uint8_t *)(g + 1),
				    h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
		}
	}
}

static void monitor_join(struct nl *mon)
{
	for (int i = 0; fz_mcgrps[i] && i < 8; i++)
		if (mcgrp_ids[i])
			mnl_socket_setsockopt(mon->s, NETLINK_ADD_MEMBERSHIP, &mcgrp_ids[i],
					      sizeof(mcgrp_ids[i]));
}

/* ---- genl: one fuzzed message ---- */

static struct tally op_tally[64];	/* by op index; the last: unknown commands */
#define T_UNKNOWN 63

static void genl_fuzz_one(struct nl *g)
{
	struct reply_ctx c = {};
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	struct genlmsghdr gh = { .version = 1 };
	const struct fz_op *op = NULL;
	struct nlmsghdr *h;
	struct tally *t;
	struct answer a;
	size_t send_len;
	struct msg m;
	bool dump;

	if (pct(93)) {
		op = &fz_ops[below(fz_n_ops)];
		gh.cmd = op->cmd;
		t = &op_tally[op - fz_ops];
		t->name = op->name;
	} else {
		static const uint8_t odd[] = { 0, 0xff, 0x80 };

		gh.cmd = pct(50) ? fz_ops[fz_n_ops - 1].cmd + 1 + below(4) : odd[below(3)];
		op = op_by_cmd(gh.cmd, false);
		t = &op_tally[T_UNKNOWN];
		t->name = "unknown-cmd";
	}
	dump = op && op->has_dump && (!op->has_do || pct(35));
	if (pct(3))
		dump = !dump;
	if (dump)
		flags |= NLM_F_DUMP;
	if (pct(3))
		flags |= 1 << below(12);
	if (pct(2))
		flags &= ~NLM_F_REQUEST;
	if (pct(3))
		gh.version = below(256);
	if (pct(2))
		gh.reserved = rnd();

	h = msg_init(&m, fam_id, flags);
	msg_put(&m, &gh, pct(2) ? below(GENL_HDRLEN) : GENL_HDRLEN);
	if (op) {
		if (dump)
			gen_attrs(&m, op->set, op->dump_req, op->n_dump_req, 0);
		else
			gen_attrs(&m, op->set, op->do_req, op->n_do_req, 0);
	} else {
		gen_attrs(&m, fz_ops[below(fz_n_ops)].set, NULL, 0, 0);
	}
	h->nlmsg_len = m.len;
	send_len = m.len;
	if (pct(2))
		h->nlmsg_len = pct(50) ? below(m.len) : m.len + below(64);

	c.op = op;
	c.dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	t->sent++;
	nl_xfer(g, &m, send_len, op ? genl_reply : NULL, &c, &a);
	t->replies += a.replies;
	if (a.timeout)
		t->timeouts++;
	else if (!(flags & NLM_F_REQUEST))
		t->not_request++;	/* acked unread by netlink itself */
	else if (a.status)
		tally(t, a.err);
	else
		t->timeouts++;	/* no REQUEST flag or a length lie: no answer due */
}

/* ---- rtnetlink: links of both kinds with random IFLA_INFO_DATA ---- */

enum { R_CREATE, R_CHANGE, R_MEMBER, R_UPDOWN, R_DEL, R_GET, NR };
static struct tally rt_tally[NR] = {
	{ .name = "newlink-create" }, { .name = "newlink-change" }, { .name = "setlink-master" },
	{ .name = "setlink-updown" }, { .name = "dellink" }, { .name = "getlink" },
};
static unsigned long rt_created;

static const struct fz_iset *iset_of(const char *kind, bool slave)
{
	for (int i = 0; i < fz_n_isets; i++)
		if (!strcmp(fz_isets[i].kind, kind) && fz_isets[i].slave == slave)
			return &fz_isets[i];
	return NULL;
}

static void gen_idata(struct msg *m, const struct fz_iset *s, uint16_t nest_type)
{
	size_t off = nest_start(m, nest_type);
	uint8_t v[64];
	int i, len, sz;

	for (i = 0; s && i < s->n; i++) {
		const struct fz_iattr *a = &s->attrs[i];
		uint64_t x;

		if (!pct(a->ro ? 8 : 50))
			continue;
		sz = kind_size(a->kind);
		if (sz > 0) {
			uint64_t tmax = sz == 8 ? ~0ULL : (1ULL << (sz * 8)) - 1;

			if (strstr(a->name, "_ID") && pct(70))
				x = 1 + below(4094);
			else if (strstr(a->name, "MIN_TX") || strstr(a->name, "MIN_RX"))
				x = pct(70) ? 300000 + below(700000) : boundary(1000, 1000000, tmax);
			else
				x = pct(60) ? below(6) : boundary(0, 16, tmax);
			memset(v, 0, sizeof(v));
			memcpy(v, &x, sz);
			len = pct(6) ? wrong_len(sz) : sz;
		} else {
			len = a->lens[0] && pct(85) ? a->lens[below(2)] : (int)below(24);
			if (!len)
				len = a->lens[0];
			if (len == 4)
				addr_v4(v);
			else if (len == 16)
				addr_v6(v);
			else
				rnd_bytes(v, len);
		}
		attr(m, a->type, v, len);
	}
	if (pct(5)) {
		len = below(12);
		rnd_bytes(v, len);
		attr(m, (s ? s->max_type : 0) + 1 + below(3), v, len);
	}
	nest_end(m, off);
}

static void linkinfo(struct msg *m, const char *kind, bool data, bool slave)
{
	size_t li = nest_start(m, IFLA_LINKINFO);

	if (pct(97))
		attr_str(m, slave ? IFLA_INFO_SLAVE_KIND : IFLA_INFO_KIND, kind);
	if (data)
		gen_idata(m, iset_of(kind, slave), slave ? IFLA_INFO_SLAVE_DATA : IFLA_INFO_DATA);
	nest_end(m, li);
}

static uint32_t fz_seq;

static void rtnl_fuzz_one(struct nl *rt)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	unsigned int r = below(100);
	const char *kind;
	struct nlmsghdr *h;
	struct answer a;
	struct msg m;
	int what, n_kinds;
	char name[32];

	if (pools[P_FZ].n >= 16 && r < 60)
		r = 85;	/* enough of them: delete one */
	for (n_kinds = 0; fz_kinds[n_kinds]; n_kinds++)
		;
	kind = fz_kinds[below(n_kinds)];
	if (r < 35) {
		what = R_CREATE;
		h = msg_init(&m, RTM_NEWLINK, flags | NLM_F_CREATE | (pct(90) ? NLM_F_EXCL : 0));
		msg_put(&m, &ifi, sizeof(ifi));
		snprintf(name, sizeof(name), "fz%u", fz_seq++ % 1000);
		if (pct(3))
			snprintf(name, sizeof(name), "fzz%llx", (unsigned long long)rnd());
		attr_str(&m, IFLA_IFNAME, name);
		if (!strcmp(kind, "dcvif") || pct(5))
			attr_u32(&m, IFLA_LINK, pick(pct(60) ? P_OTHER : pct(50) ? P_LAG : P_VIF));
		if (pct(20))
			attr_u32(&m, IFLA_MTU, boundary(68, 9001, 0xffffffff));
		if (pct(3))
			kind = "dcvifx";
		linkinfo(&m, kind, pct(90), false);
	} else if (r < 60) {
		int p = pct(50) ? P_VIF : P_LAG;

		what = R_CHANGE;
		kind = p == P_VIF ? "dcvif" : "dclag";
		ifi.ifi_index = pick(p);
		h = msg_init(&m, RTM_NEWLINK, flags);
		msg_put(&m, &ifi, sizeof(ifi));
		if (pct(15))
			attr_u32(&m, IFLA_MTU, boundary(68, 9001, 0xffffffff));
		linkinfo(&m, kind, pct(90), false);
	} else if (r < 70) {
		what = R_MEMBER;
		ifi.ifi_index = pick(pct(80) ? P_OTHER : P_VIF);
		h = msg_init(&m, RTM_NEWLINK, flags);
		msg_put(&m, &ifi, sizeof(ifi));
		if (pct(85))
			attr_u32(&m, IFLA_MASTER, pct(25) ? 0 : pick(P_LAG));
		if (pct(20))
			linkinfo(&m, "dclag", true, true);
	} else if (r < 80) {
		what = R_UPDOWN;
		ifi.ifi_index = pick(below(3));
		ifi.ifi_change = IFF_UP;
		ifi.ifi_flags = pct(70) ? IFF_UP : 0;
		h = msg_init(&m, RTM_NEWLINK, flags);
		msg_put(&m, &ifi, sizeof(ifi));
	} else if (r < 93) {
		what = R_DEL;
		h = msg_init(&m, RTM_DELLINK, flags);
		msg_put(&m, &ifi, sizeof(ifi));
		if (pools[P_FZ].n)
			attr_str(&m, IFLA_IFNAME, pools[P_FZ].name[below(pools[P_FZ].n)]);
		else
			attr_str(&m, IFLA_IFNAME, "fz-none");
	} else {
		uint32_t mask = RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS;

		what = R_GET;
		ifi.ifi_index = pick(pct(50) ? P_VIF : P_LAG);
		h = msg_init(&m, RTM_GETLINK, flags);
		msg_put(&m, &ifi, sizeof(ifi));
		attr_u32(&m, IFLA_EXT_MASK, mask);
	}
	h->nlmsg_len = m.len;
	rt_tally[what].sent++;
	nl_xfer(rt, &m, m.len, NULL, NULL, &a);
	rt_tally[what].replies += a.replies;
	if (a.timeout || !a.status)
		rt_tally[what].timeouts++;
	else
		tally(&rt_tally[what], a.err);
	if (what == R_CREATE && !a.err && a.status) {
		rt_created++;
		pool_add(P_FZ, 0, name);
	}
}

/* ---- valid requests: they must keep working whatever the fuzz did ---- */

struct sess {
	uint32_t ifindex;
	int family;
	uint8_t peer[16];
	uint32_t discr;
};

static struct sess sessions[512];
static int n_sessions;

static int sess_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) < 64)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static const struct fz_attr *attr_named(int set, const char *name)
{
	for (int i = 0; i < fz_sets[set].n; i++)
		if (!strcmp(fz_sets[set].attrs[i].name, name))
			return &fz_sets[set].attrs[i];
	fprintf(stderr, "the spec has no attribute %s in set %s\n", name, fz_sets[set].name);
	exit(2);
}

static const struct fz_op *op_named(const char *name)
{
	for (int i = 0; i < fz_n_ops; i++)
		if (!strcmp(fz_ops[i].name, name))
			return &fz_ops[i];
	fprintf(stderr, "the spec has no op %s\n", name);
	exit(2);
}

/* Attribute numbers of the bfd set, looked up by name in the spec. */
static int A_IFINDEX, A_PEER4, A_PEER6, A_LOCAL4, A_LOCAL6, A_DISCR, A_MINTX, BFD_SET, VIF_SET,
	V_IFINDEX, LAG_SET, L_IFINDEX;

static void spec_names(void)
{
	BFD_SET = op_named("bfd-new")->set;
	VIF_SET = op_named("vif-get")->set;
	LAG_SET = op_named("lag-get")->set;
	A_IFINDEX = attr_named(BFD_SET, "ifindex")->type;
	A_PEER4 = attr_named(BFD_SET, "peer-v4")->type;
	A_PEER6 = attr_named(BFD_SET, "peer-v6")->type;
	A_LOCAL4 = attr_named(BFD_SET, "local-v4")->type;
	A_LOCAL6 = attr_named(BFD_SET, "local-v6")->type;
	A_DISCR = attr_named(BFD_SET, "local-discr")->type;
	A_MINTX = attr_named(BFD_SET, "desired-min-tx")->type;
	V_IFINDEX = attr_named(VIF_SET, "ifindex")->type;
	L_IFINDEX = attr_named(LAG_SET, "ifindex")->type;
}

static void sess_each(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *tb[64] = {};
	struct sess *s;

	(void)arg;
	if (n_sessions >= (int)(sizeof(sessions) / sizeof(sessions[0])))
		return;
	mnl_attr_parse(h, GENL_HDRLEN, sess_attr_cb, tb);
	s = &sessions[n_sessions];
	memset(s, 0, sizeof(*s));
	if (!tb[A_IFINDEX])
		return;
	s->ifindex = mnl_attr_get_u32(tb[A_IFINDEX]);
	if (tb[A_PEER4]) {
		s->family = AF_INET;
		memcpy(s->peer, mnl_attr_get_payload(tb[A_PEER4]), 4);
	} else if (tb[A_PEER6]) {
		s->family = AF_INET6;
		memcpy(s->peer, mnl_attr_get_payload(tb[A_PEER6]), 16);
	} else {
		return;
	}
	if (tb[A_DISCR])
		s->discr = mnl_attr_get_u32(tb[A_DISCR]);
	n_sessions++;
}

static void genl_hdr(struct msg *m, const struct fz_op *op, uint16_t flags)
{
	struct genlmsghdr gh = { .cmd = op->cmd, .version = 1 };

	msg_init(m, fam_id, flags);
	msg_put(m, &gh, sizeof(gh));
}

/* A well-formed request of @op; its answer's errno (-1: none came). */
static int genl_valid(struct nl *g, struct msg *m, const char *opname, bool dump,
		      void (*each)(const struct nlmsghdr *, void *), void *arg, unsigned int *nrep)
{
	struct reply_ctx c = { .op = op_named(opname), .dump = dump, .each = each, .arg = arg };
	struct answer a;

	((struct nlmsghdr *)m->b)->nlmsg_len = m->len;
	nl_xfer(g, m, m->len, genl_reply, &c, &a);
	if (nrep)
		*nrep = a.replies;
	return a.timeout || !a.status ? -1 : a.err;
}

static int sessions_dump(struct nl *g)
{
	struct msg m;

	n_sessions = 0;
	genl_hdr(&m, op_named("bfd-get"), NLM_F_REQUEST | NLM_F_DUMP);
	return genl_valid(g, &m, "bfd-get", true, sess_each, NULL, NULL);
}

static void key_attrs(struct msg *m, uint32_t ifindex, int family, const void *peer)
{
	attr_u32(m, A_IFINDEX, ifindex);
	attr(m, family == AF_INET ? A_PEER4 : A_PEER6, peer, family == AF_INET ? 4 : 16);
}

static int session_del(struct nl *g, const struct sess *s)
{
	struct msg m;

	genl_hdr(&m, op_named("bfd-del"), NLM_F_REQUEST | NLM_F_ACK);
	key_attrs(&m, s->ifindex, s->family, s->peer);
	return genl_valid(g, &m, "bfd-del", false, NULL, NULL, NULL);
}

static int session_new(struct nl *g, uint32_t ifindex, int family, const void *local,
		       const void *peer, void (*each)(const struct nlmsghdr *, void *), void *arg)
{
	struct msg m;

	genl_hdr(&m, op_named("bfd-new"), NLM_F_REQUEST | NLM_F_ACK);
	key_attrs(&m, ifindex, family, peer);
	attr(&m, family == AF_INET ? A_LOCAL4 : A_LOCAL6, local, family == AF_INET ? 4 : 16);
	return genl_valid(g, &m, "bfd-new", false, each, arg, NULL);
}

static void discr_each(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *tb[64] = {};

	mnl_attr_parse(h, GENL_HDRLEN, sess_attr_cb, tb);
	if (tb[A_DISCR])
		*(uint32_t *)arg = mnl_attr_get_u32(tb[A_DISCR]);
}

static unsigned long checks_run, checks_skipped, sweep_deleted;
static const char *sentinel;
static int lock_fd = -1;
static int sweep_max = 6;

/*
 * Under the shared lock (the test takes it exclusively to reload the
 * module): the sessions dump must work, each session listed must delete,
 * the keep sessions come back, and new/get/set/del/get on the sentinel VIF
 * must do exactly what they say.
 */
static void valid_check(struct nl *g)
{
	uint32_t sidx, discr = 0, got = 0;
	unsigned int nrep;
	uint8_t peer[4];
	struct msg m;
	int e, i;

	if (lock_fd >= 0 && flock(lock_fd, LOCK_SH | LOCK_NB)) {
		checks_skipped++;
		return;
	}
	if (!fam_id || !sentinel || !(sidx = if_nametoindex(sentinel))) {
		checks_skipped++;
		goto out;
	}
	checks_run++;

	e = sessions_dump(g);
	if (e)
		fail("bfd-get dump: %s", e < 0 ? "no answer" : ename(e));
	if (n_sessions > sweep_max) {
		for (i = 0; i < n_sessions; i++) {
			if (!pct(70))
				continue;
			e = session_del(g, &sessions[i]);
			if (e)
				fail("bfd-del of a dumped session (ifindex %u): %s",
				     sessions[i].ifindex, e < 0 ? "no answer" : ename(e));
			else
				sweep_deleted++;
		}
	}
	for (i = 0; i < n_keeps; i++) {
		uint32_t idx = if_nametoindex(keeps[i].ifname);

		if (!idx)
			continue;
		e = session_new(g, idx, keeps[i].family, keeps[i].local, keeps[i].peer, NULL, NULL);
		if (e && e != EEXIST && e != ENOSPC)
			fail("bfd-new of keep session on %s: %s", keeps[i].ifname,
			     e < 0 ? "no answer" : ename(e));
	}

	/* the sentinel VIF */
	genl_hdr(&m, op_named("vif-get"), NLM_F_REQUEST | NLM_F_ACK);
	attr_u32(&m, V_IFINDEX, sidx);
	e = genl_valid(g, &m, "vif-get", false, NULL, NULL, &nrep);
	if (e || nrep != 1)
		fail("vif-get of %s: %s, %u replies", sentinel, e < 0 ? "no answer" : ename(e), nrep);

	/* a session of its own: 192.0.2.x, on the sentinel only */
	peer[0] = 192, peer[1] = 0, peer[2] = 2, peer[3] = 2 + below(250);
	e = session_new(g, sidx, AF_INET, (uint8_t[]){ 192, 0, 2, 1 }, peer, discr_each, &discr);
	if (e == ENOSPC) {
		checks_skipped++;
		goto out;
	}
	if (e || !discr) {
		fail("bfd-new on %s: %s, discriminator %u", sentinel, e < 0 ? "no answer" : ename(e),
		     discr);
		goto out;
	}
	genl_hdr(&m, op_named("bfd-get"), NLM_F_REQUEST | NLM_F_ACK);
	key_attrs(&m, sidx, AF_INET, peer);
	e = genl_valid(g, &m, "bfd-get", false, discr_each, &got, NULL);
	if (e || got != discr)
		fail("bfd-get of the new session: %s, discriminator %u not %u",
		     e < 0 ? "no answer" : ename(e), got, discr);
	genl_hdr(&m, op_named("bfd-set"), NLM_F_REQUEST | NLM_F_ACK);
	key_attrs(&m, sidx, AF_INET, peer);
	attr_u32(&m, A_MINTX, 500000);
	e = genl_valid(g, &m, "bfd-set", false, NULL, NULL, NULL);
	if (e)
		fail("bfd-set of the new session: %s", e < 0 ? "no answer" : ename(e));
	e = session_del(g, &(struct sess){ .ifindex = sidx, .family = AF_INET,
					   .peer = { peer[0], peer[1], peer[2], peer[3] } });
	if (e)
		fail("bfd-del of the new session: %s", e < 0 ? "no answer" : ename(e));
	genl_hdr(&m, op_named("bfd-get"), NLM_F_REQUEST | NLM_F_ACK);
	key_attrs(&m, sidx, AF_INET, peer);
	e = genl_valid(g, &m, "bfd-get", false, NULL, NULL, NULL);
	if (e != ENOENT)
		fail("bfd-get of the deleted session: %s, not ENOENT", e < 0 ? "no answer" : ename(e));
out:
	if (lock_fd >= 0)
		flock(lock_fd, LOCK_UN);
}

/* ---- mode nl ---- */

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int parse_keep(const char *arg)
{
	char buf[128], *l, *p;
	struct keep *k;

	if (n_keeps >= MAX_KEEP)
		return -1;
	k = &keeps[n_keeps];
	snprintf(buf, sizeof(buf), "%s", arg);
	l = strchr(buf, ',');
	if (!l)
		return -1;
	*l++ = 0;
	p = strchr(l, ',');
	if (!p)
		return -1;
	*p++ = 0;
	snprintf(k->ifname, sizeof(k->ifname), "%.15s", buf);
	k->family = strchr(l, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(k->family, l, k->local) != 1 || inet_pton(k->family, p, k->peer) != 1)
		return -1;
	n_keeps++;
	return 0;
}

static uint64_t seed_from(const char *s)
{
	if (s)
		return strtoull(s, NULL, 0);
	return (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

static int mode_nl(int argc, char **argv)
{
	unsigned long limit = 0, sent = 0, resolves = 0, fam_changes = 0, absent = 0;
	int c, rt_pct = 30, check_every = 200, e;
	struct nl g = {}, rt = {}, mon = {};
	double secs = 0, t0, el;
	const char *seed_s = NULL;
	uint64_t seed;

	while ((c = getopt(argc, argv, "s:t:n:r:k:S:L:c:m:")) != -1) {
		switch (c) {
		case 's': seed_s = optarg; break;
		case 't': secs = atof(optarg); break;
		case 'n': limit = strtoul(optarg, NULL, 0); break;
		case 'r': rt_pct = atoi(optarg); break;
		case 'k':
			if (parse_keep(optarg)) {
				fprintf(stderr, "-k IFNAME,LOCAL,PEER: %s\n", optarg);
				return 2;
			}
			break;
		case 'S': sentinel = optarg; break;
		case 'L':
			lock_fd = open(optarg, O_RDONLY | O_CREAT, 0644);
			break;
		case 'c': check_every = atoi(optarg); break;
		case 'm': sweep_max = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: dcvif_fuzz nl [-s SEED] [-t SECONDS] [-n MESSAGES] "
				"[-r RTNL_PERCENT] [-k IFNAME,LOCAL,PEER]... [-S SENTINEL_VIF] "
				"[-L LOCKFILE] [-c CHECK_EVERY] [-m SWEEP_ABOVE]\n");
			return 2;
		}
	}
	if (!secs && !limit)
		secs = 60;
	seed = seed_from(seed_s);
	rng = seed;
	say("nl: seed 0x%llx (rerun with -s 0x%llx), %s%g s, %lu messages, %d%% rtnetlink",
	    (unsigned long long)seed, (unsigned long long)seed, secs ? "" : "unlimited ", secs,
	    limit, rt_pct);
	say("spec: family %s, %d ops, %d attribute sets; link kinds %s, %d IFLA sets",
	    fz_family_name, fz_n_ops, fz_n_sets, fz_kinds[0], fz_n_isets);
	spec_names();
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (nl_open(&g, NETLINK_GENERIC) || nl_open(&rt, NETLINK_ROUTE) ||
	    nl_open(&mon, NETLINK_GENERIC))
		return 1;
	fam_id = family_resolve(&g);
	if (!fam_id) {
		say("family %s not registered", fz_family_name);
		return 1;
	}
	monitor_join(&mon);
	pools_refresh(&rt);

	t0 = now_s();
	while (!stop && (!limit || sent < limit) && (!secs || now_s() - t0 < secs)) {
		if (sent % 256 == 0) {
			uint16_t id = family_resolve(&g);

			resolves++;
			if (!id) {
				absent++;
			} else if (id != fam_id) {
				fam_changes++;
				fam_id = id;
			}
			if (id)
				monitor_join(&mon);	/* again after a reload */
		}
		if (sent % 128 == 0 && pools_refresh(&rt) < 0)
			fail("RTM_GETLINK dump: no answer");
		if (check_every > 0 && sent % check_every == (unsigned long)check_every - 1)
			valid_check(&g);
		/*
		 * rtnetlink only while the test is not putting its topology
		 * back after a reload (it holds the lock exclusively then): a
		 * port the fuzz enslaved meanwhile would make that fail.
		 */
		if (pct(rt_pct) && (lock_fd < 0 || !flock(lock_fd, LOCK_SH | LOCK_NB))) {
			rtnl_fuzz_one(&rt);
			if (lock_fd >= 0)
				flock(lock_fd, LOCK_UN);
		} else {
			genl_fuzz_one(&g);
		}
		sent++;
		if (sent % 16 == 0)
			monitor_drain(&mon);
	}
	el = now_s() - t0;
	monitor_drain(&mon);

	/*
	 * A last check, and the dump must still answer: once a reload in
	 * progress is done (it holds the lock), with the family's id now.
	 */
	if (check_every)
		valid_check(&g);
	if (lock_fd >= 0)
		flock(lock_fd, LOCK_SH);
	fam_id = family_resolve(&g);
	if (!fam_id)
		fail("family %s gone after the fuzz", fz_family_name);
	else if ((e = sessions_dump(&g)) != 0)
		fail("final bfd-get dump: %s", e < 0 ? "no answer" : ename(e));
	if (lock_fd >= 0)
		flock(lock_fd, LOCK_UN);

	say("nl: %lu messages in %.1f s (%.0f/s), seed 0x%llx", sent, el, sent / (el > 0 ? el : 1),
	    (unsigned long long)seed);
	for (int i = 0; i < 64; i++)
		tally_print("genl", &op_tally[i]);
	for (int i = 0; i < NR; i++)
		tally_print("rtnl", &rt_tally[i]);
	for (int i = 0; i < 32; i++)
		if (ntf_tally[i].sent)
			say("ntf  %-16s received %lu", ntf_tally[i].name, ntf_tally[i].sent);
	say("links created %lu; family lookups %lu (absent %lu, new id %lu); "
	    "valid checks %lu (skipped %lu), sessions swept %lu; spec violations %lu",
	    rt_created, resolves, absent, fam_changes, checks_run, checks_skipped, sweep_deleted,
	    violations);
	nl_close(&g);
	nl_close(&rt);
	nl_close(&mon);
	if (failures)
		say("nl: %d failures (seed 0x%llx)", failures, (unsigned long long)seed);
	return failures ? 1 : 0;
}

/* ---- mode cleanup ---- */

struct idx_list {
	uint32_t idx[256];
	int n;
};

static void idx_each(const struct nlmsghdr *h, void *arg)
{
	const struct nlattr *tb[64] = {};
	struct idx_list *l = arg;

	mnl_attr_parse(h, GENL_HDRLEN, sess_attr_cb, tb);
	/* ifindex of a vif or a lag reply: the caller's type is in idx[255] */
	if (tb[l->idx[255]] && l->n < 255)
		l->idx[l->n++] = mnl_attr_get_u32(tb[l->idx[255]]);
}

static int dump_ifindexes(struct nl *g, const char *op, int type, struct idx_list *l)
{
	struct msg m;

	memset(l, 0, sizeof(*l));
	l->idx[255] = type;
	genl_hdr(&m, op_named(op), NLM_F_REQUEST | NLM_F_DUMP);
	return genl_valid(g, &m, op, true, idx_each, l, NULL);
}

static int del_link(struct nl *rt, uint32_t idx)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = idx };
	struct answer a;
	struct msg m;

	msg_init(&m, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
	msg_put(&m, &ifi, sizeof(ifi));
	((struct nlmsghdr *)m.b)->nlmsg_len = m.len;
	nl_xfer(rt, &m, m.len, NULL, NULL, &a);
	return a.timeout || !a.status ? -1 : a.err;
}

static int mode_cleanup(void)
{
	struct nl g = {}, rt = {};
	struct idx_list vifs, lags;
	int e, i, n;

	spec_names();
	if (nl_open(&g, NETLINK_GENERIC) || nl_open(&rt, NETLINK_ROUTE))
		return 1;
	fam_id = family_resolve(&g);
	if (!fam_id) {
		say("cleanup: family %s not registered", fz_family_name);
		return 1;
	}
	if ((e = sessions_dump(&g)))
		fail("bfd-get dump: %s", ename(e < 0 ? ETIMEDOUT : e));
	n = n_sessions;
	for (i = 0; i < n; i++)
		if ((e = session_del(&g, &sessions[i])))
			fail("bfd-del (ifindex %u): %s", sessions[i].ifindex,
			     ename(e < 0 ? ETIMEDOUT : e));
	if ((e = sessions_dump(&g)) || n_sessions)
		fail("after deleting %d sessions the dump has %d (%s)", n, n_sessions, ename(e < 0 ? ETIMEDOUT : e));
	if ((e = dump_ifindexes(&g, "vif-get", V_IFINDEX, &vifs)))
		fail("vif-get dump: %s", ename(e < 0 ? ETIMEDOUT : e));
	if ((e = dump_ifindexes(&g, "lag-get", L_IFINDEX, &lags)))
		fail("lag-get dump: %s", ename(e < 0 ? ETIMEDOUT : e));
	say("cleanup: %d sessions, %d VIFs, %d LAGs deleted one by one", n, vifs.n, lags.n);
	for (i = 0; i < vifs.n; i++)
		if ((e = del_link(&rt, vifs.idx[i])) && e != ENODEV)
			fail("delete VIF %u: %s", vifs.idx[i], ename(e < 0 ? ETIMEDOUT : e));
	for (i = 0; i < lags.n; i++)
		if ((e = del_link(&rt, lags.idx[i])))
			fail("delete LAG %u: %s", lags.idx[i], ename(e < 0 ? ETIMEDOUT : e));
	dump_ifindexes(&g, "vif-get", V_IFINDEX, &vifs);
	dump_ifindexes(&g, "lag-get", L_IFINDEX, &lags);
	if (vifs.n || lags.n)
		fail("after deleting, %d VIFs and %d LAGs left", vifs.n, lags.n);
	nl_close(&g);
	nl_close(&rt);
	return failures ? 1 : 0;
}

/* ---- mode frames ---- */

struct port {
	int fd;
	int ifindex;
	char name[IFNAMSIZ];
	uint16_t vids[16];
	int n_vids;		/* 0: a LAG member (untagged micro-BFD, LACP, Marker) */
	uint8_t mac[6];
};

struct frame_tally {
	const char *name;
	unsigned long sent, mutated, err;
	int last_errno;
};

enum { F_BFD, F_BFD_MH, F_MBFD, F_LACP, F_MARKER, F_SLOW_OTHER, F_JUNK, NF };
static struct frame_tally ftally[NF] = {
	{ .name = "bfd-3784" }, { .name = "bfd-4784" }, { .name = "mbfd-6784" },
	{ .name = "lacpdu" }, { .name = "marker" }, { .name = "slow-other" }, { .name = "junk" },
};

struct addrpair {
	int family;
	uint8_t peer[16], local[16];	/* peer: the frames' source */
};

static struct addrpair apairs[16];
static int n_apairs;

static uint16_t csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static uint32_t csum_add(uint32_t s, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (; n > 1; n -= 2, b += 2)
		s += (b[0] << 8) | b[1];
	if (n)
		s += b[0] << 8;
	return s;
}

static size_t bfd_payload(uint8_t *p)
{
	size_t len = 24;
	static const uint8_t alen[] = { 0, 0, 24, 24, 28, 28 };

	p[0] = (pct(95) ? 1 : below(8)) << 5 | below(32);
	p[1] = below(4) << 6 | (pct(70) ? 0 : below(64));
	p[2] = pct(85) ? 3 : below(256);
	p[5] = rnd();
	rnd_bytes(p + 4, 4);
	if (pct(60))
		memset(p + 8, 0, 4);
	else
		rnd_bytes(p + 8, 4);
	for (int i = 12; i < 24; i += 4) {
		uint32_t v = htonl(pct(70) ? 300000 : boundary(0, 1000000, 0xffffffff));

		memcpy(p + i, &v, 4);
	}
	if (pct(25)) {
		uint8_t t = 1 + below(5);

		p[1] |= 0x04;
		p[24] = pct(90) ? t : below(256);
		p[25] = t == 1 ? 3 + below(17) : alen[t];
		p[26] = below(4);
		rnd_bytes(p + 27, 25);
		len += pct(90) ? p[25] : below(40);
	}
	p[3] = pct(85) ? len : below(256);
	return len;
}

static void mutate(uint8_t *f, size_t *len, size_t keep_hdr, size_t max)
{
	int n = 1 + below(4);

	while (n--) {
		switch (below(5)) {
		case 0: f[keep_hdr + below(*len - keep_hdr)] ^= 1 << below(8); break;
		case 1: f[keep_hdr + below(*len - keep_hdr)] = rnd(); break;
		case 2: *len = keep_hdr + below(*len - keep_hdr + 1); break;
		case 3: {
			size_t add = below(64);

			if (*len + add <= max) {
				rnd_bytes(f + *len, add);
				*len += add;
			}
			break;
		}
		default: f[keep_hdr + below(*len - keep_hdr)] = pct(50) ? 0 : 0xff; break;
		}
		if (*len <= keep_hdr)
			*len = keep_hdr + 1;
	}
}

/* An IPv4/IPv6 UDP frame to @port carrying BFD, tagged or not. */
static size_t frame_bfd(const struct port *pt, uint8_t *f, int *which)
{
	const struct addrpair *ap = n_apairs ? &apairs[below(n_apairs)] : NULL;
	int family = ap ? ap->family : (pct(70) ? AF_INET : AF_INET6);
	size_t l2 = 14, iphl, off, plen, total;
	uint16_t dport, sport = htons(49152 + below(16384));
	uint8_t payload[128] = {};
	bool mut = pct(50), fixsum = pct(70);
	uint32_t s;

	if (pt->n_vids) {
		dport = pct(85) ? 3784 : pct(50) ? 4784 : 6784;
		*which = dport == 4784 ? F_BFD_MH : F_BFD;
	} else {
		dport = pct(90) ? 6784 : 3784;
		*which = F_MBFD;
	}
	/* MAC: micro-BFD's dedicated address on members, else the port's own */
	if (!pt->n_vids && pct(80))
		memcpy(f, (uint8_t[]){ 0x01, 0x00, 0x5e, 0x90, 0x00, 0x01 }, 6);
	else
		memset(f, 0xff, 6);
	memcpy(f + 6, pt->mac, 6);
	if (pt->n_vids && pct(97)) {
		uint16_t tci = htons(pt->vids[below(pt->n_vids)] | (below(8) << 13));

		f[12] = 0x81, f[13] = 0x00;
		memcpy(f + 14, &tci, 2);
		l2 = 18;
	}
	f[l2 - 2] = family == AF_INET ? 0x08 : 0x86;
	f[l2 - 1] = family == AF_INET ? 0x00 : 0xdd;
	plen = bfd_payload(payload);
	iphl = family == AF_INET ? 20 : 40;
	if (family == AF_INET && pct(5))
		iphl += 4 * (1 + below(10));
	off = l2;
	total = iphl + 8 + plen;
	memset(f + off, 0, iphl);
	if (family == AF_INET) {
		uint16_t tl = htons(pct(95) ? total : below(2000));

		f[off] = 0x40 | (iphl / 4);
		memcpy(f + off + 2, &tl, 2);
		f[off + 6] = pct(97) ? 0x40 : rnd();	/* DF, or fragments */
		f[off + 8] = pct(90) ? 255 : rnd();
		f[off + 9] = pct(97) ? 17 : rnd();
		if (ap) {
			memcpy(f + off + 12, ap->peer, 4);
			memcpy(f + off + 16, ap->local, 4);
		} else {
			rnd_bytes(f + off + 12, 8);
		}
		if (iphl > 20)
			rnd_bytes(f + off + 20, iphl - 20);
		s = csum_fold(csum_add(0, f + off, iphl));
		f[off + 10] = s >> 8, f[off + 11] = s;
	} else {
		uint16_t pl = htons(pct(95) ? total - 40 : below(2000));

		f[off] = 0x60;
		memcpy(f + off + 4, &pl, 2);
		f[off + 6] = pct(97) ? 17 : rnd();
		f[off + 7] = pct(90) ? 255 : rnd();
		if (ap) {
			memcpy(f + off + 8, ap->peer, 16);
			memcpy(f + off + 24, ap->local, 16);
		} else {
			rnd_bytes(f + off + 8, 32);
		}
	}
	off += iphl;
	memcpy(f + off, &sport, 2);
	dport = htons(dport);
	memcpy(f + off + 2, &dport, 2);
	{
		uint16_t ul = htons(pct(95) ? 8 + plen : below(600));

		memcpy(f + off + 4, &ul, 2);
	}
	memcpy(f + off + 8, payload, plen);
	total = off + 8 + plen;
	if (mut) {
		mutate(f, &total, l2, 1400);
		ftally[*which].mutated++;
	}
	if (fixsum && total >= off + 8) {
		/* the UDP checksum over what is there now */
		size_t ulen = total - off;
		uint32_t ps = 0;

		f[off + 6] = f[off + 7] = 0;
		if (family == AF_INET)
			ps = csum_add(ps, f + l2 + 12, 8);
		else
			ps = csum_add(ps, f + l2 + 8, 32);
		ps += 17 + ulen;
		s = csum_fold(csum_add(ps, f + off, ulen));
		if (!s)
			s = 0xffff;
		f[off + 6] = s >> 8, f[off + 7] = s;
	}
	return total;
}

/* A Slow Protocols frame: LACPDU, Marker or another subtype. */
static size_t frame_slow(const struct port *pt, uint8_t *f, int *which)
{
	uint8_t *p = f + 14;
	size_t len = 14 + 110;

	memcpy(f, (uint8_t[]){ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 }, 6);
	memcpy(f + 6, pt->mac, 6);
	f[12] = 0x88, f[13] = 0x09;
	memset(p, 0, 110);
	if (pct(75)) {
		*which = F_LACP;
		p[0] = 1, p[1] = pct(95) ? 1 : rnd();
		p[2] = 1, p[3] = 20;				/* actor */
		p[4] = 0x80;
		memcpy(p + 6, (uint8_t[]){ 0x02, 0xfa, 0x00, 0x00, 0x00, 0x02 }, 6);
		p[12] = 0, p[13] = 1 + below(3);		/* key */
		p[14] = 0x80, p[16] = 0, p[17] = 1 + below(4);	/* port */
		p[18] = pct(60) ? 0x3d : rnd();			/* state: sync, coll, dist */
		p[22] = 2, p[23] = 20;				/* partner */
		if (pct(60)) {
			p[24] = 0x80;
			memcpy(p + 26, pt->mac, 6);
			p[37] = 1;
			p[38] = pct(60) ? 0x3d : rnd();
		} else {
			rnd_bytes(p + 24, 18);
		}
		p[42] = 3, p[43] = 16;				/* collector */
		p[45] = 0;
	} else if (pct(85)) {
		*which = F_MARKER;
		p[0] = 2, p[1] = 1;
		p[2] = pct(80) ? 1 : below(4), p[3] = 16;
		rnd_bytes(p + 4, 14);
	} else {
		*which = F_SLOW_OTHER;
		p[0] = pct(50) ? 3 + below(8) : 0;
		rnd_bytes(p + 1, 109);
	}
	if (pct(50)) {
		mutate(f, &len, 14, 1400);
		ftally[*which].mutated++;
	}
	return len;
}

static int port_open(struct port *pt)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct ifreq ifr = {};

	pt->ifindex = if_nametoindex(pt->name);
	if (!pt->ifindex)
		return -1;
	pt->fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (pt->fd < 0)
		return -1;
	sll.sll_ifindex = pt->ifindex;
	if (bind(pt->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", pt->name);
	if (!ioctl(pt->fd, SIOCGIFHWADDR, &ifr))
		memcpy(pt->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static int mode_frames(int argc, char **argv)
{
	unsigned long limit = 0, total = 0, errs = 0;
	struct port ports[16];
	int n_ports = 0, c, pps = 2000;
	double secs = 0, t0, el;
	const char *seed_s = NULL;
	uint8_t f[1600];
	uint64_t seed;

	while ((c = getopt(argc, argv, "s:t:n:p:T:M:A:")) != -1) {
		switch (c) {
		case 's': seed_s = optarg; break;
		case 't': secs = atof(optarg); break;
		case 'n': limit = strtoul(optarg, NULL, 0); break;
		case 'p': pps = atoi(optarg); break;
		case 'T':
		case 'M': {
			struct port *pt = &ports[n_ports];
			char *v;

			if (n_ports >= 16)
				return 2;
			memset(pt, 0, sizeof(*pt));
			snprintf(pt->name, IFNAMSIZ, "%s", optarg);
			v = strchr(pt->name, ':');
			if (c == 'T') {
				if (!v)
					return 2;
				*v++ = 0;
				for (char *t = strtok(v, ","); t && pt->n_vids < 16; t = strtok(NULL, ","))
					pt->vids[pt->n_vids++] = atoi(t);
			}
			n_ports++;
			break;
		}
		case 'A': {
			struct addrpair *ap = &apairs[n_apairs];
			char buf[128], *l;

			if (n_apairs >= 16)
				return 2;
			snprintf(buf, sizeof(buf), "%s", optarg);
			l = strchr(buf, '>');
			if (!l)
				return 2;
			*l++ = 0;
			ap->family = strchr(buf, ':') ? AF_INET6 : AF_INET;
			if (inet_pton(ap->family, buf, ap->peer) != 1 ||
			    inet_pton(ap->family, l, ap->local) != 1)
				return 2;
			n_apairs++;
			break;
		}
		default:
			fprintf(stderr, "usage: dcvif_fuzz frames [-s SEED] [-t SECONDS] [-n FRAMES] "
				"[-p PPS] [-T IF:VID,VID...]... [-M IF]... [-A PEER>LOCAL]...\n");
			return 2;
		}
	}
	if (!n_ports) {
		fprintf(stderr, "frames: no -T or -M port\n");
		return 2;
	}
	if (!secs && !limit)
		secs = 60;
	seed = seed_from(seed_s);
	rng = seed;
	for (int i = 0; i < n_ports; i++)
		if (port_open(&ports[i])) {
			say("frames: port %s: %s", ports[i].name, strerror(errno));
			return 1;
		}
	say("frames: seed 0x%llx (rerun with -s 0x%llx), %d ports, %d frames/s", (unsigned long long)seed,
	    (unsigned long long)seed, n_ports, pps);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	t0 = now_s();
	while (!stop && (!limit || total < limit) && (!secs || now_s() - t0 < secs)) {
		struct port *pt = &ports[below(n_ports)];
		int which;
		size_t len;

		if (!pt->n_vids && pct(45))
			len = frame_slow(pt, f, &which);
		else if (pct(95))
			len = frame_bfd(pt, f, &which);
		else {
			which = F_JUNK;
			len = 14 + below(200);
			rnd_bytes(f, len);
			memcpy(f + 6, pt->mac, 6);
		}
		if (send(pt->fd, f, len, 0) < 0) {
			errs++;
			ftally[which].err++;
			ftally[which].last_errno = errno;
			if (errno == ENXIO || errno == ENODEV || errno == ENETDOWN)
				usleep(1000);
		} else {
			ftally[which].sent++;
		}
		total++;
		/* pace: @pps frames a second, in bursts of 10 */
		if (pps > 0 && total % 10 == 0) {
			double ahead = total / (double)pps - (now_s() - t0);

			if (ahead > 0)
				usleep(ahead * 1e6);
		}
	}
	el = now_s() - t0;
	say("frames: %lu in %.1f s (%.0f/s), send errors %lu, seed 0x%llx", total, el,
	    total / (el > 0 ? el : 1), errs, (unsigned long long)seed);
	for (int i = 0; i < NF; i++)
		if (ftally[i].sent || ftally[i].err)
			say("frame %-10s sent %lu (mutated %lu) errors %lu%s%s", ftally[i].name,
			    ftally[i].sent, ftally[i].mutated, ftally[i].err,
			    ftally[i].err ? ", the last " : "",
			    ftally[i].err ? ename(ftally[i].last_errno) : "");
	return total > errs ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "nl"))
		return mode_nl(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "frames"))
		return mode_frames(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "cleanup"))
		return mode_cleanup();
	if (argc >= 2 && !strcmp(argv[1], "spec")) {
		for (int i = 0; i < fz_n_ops; i++)
			printf("op %s cmd %u set %s%s%s%s\n", fz_ops[i].name, fz_ops[i].cmd,
			       fz_sets[fz_ops[i].set].name, fz_ops[i].has_do ? " do" : "",
			       fz_ops[i].has_dump ? " dump" : "", fz_ops[i].event ? " event" : "");
		for (int i = 0; i < fz_n_isets; i++)
			printf("link %s%s: %d attributes\n", fz_isets[i].kind,
			       fz_isets[i].slave ? " member" : "", fz_isets[i].n);
		return 0;
	}
	fprintf(stderr, "usage: dcvif_fuzz nl|frames|cleanup|spec [options]\n");
	return 2;
}
