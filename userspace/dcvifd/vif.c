// SPDX-License-Identifier: GPL-2.0
/*
 * vif.c: the VIFs of the configuration's vif blocks, made and kept in the
 * kernel over rtnetlink (link kind "dcvif"), with their addresses.
 *
 * What a vif block says is made true, and only the difference is applied:
 * - no link of that name: create it (lower, VLAN, type, MTU), up;
 * - a dcvif VIF of that name on the same lower and VLAN: adopt it, change
 *   the type and MTU in place if they differ (the order chosen so that the
 *   MTU always fits the type), bring it up; a running VIF is not touched,
 *   so a restart does not flap it;
 * - a dcvif VIF on another lower or VLAN (both fixed at creation): delete
 *   and create it again;
 * - a link of that name of another kind: leave it alone, and say so.
 * Addresses: the configured ones are added (IPv6 without DAD: the /125 has
 * two hosts and BGP should not wait a second for it), tagged with
 * IFA_PROTO 243, dcvifd's rtnetlink protocol; an address with that tag the
 * configuration no longer names is deleted; others' addresses are left.
 *
 * A lower device that does not exist yet, a VIF deleted by hand, a kernel
 * refusal: the VIF is made again when a link appears (kroute.c follows
 * RTNLGRP_LINK and calls vif_links_changed) and every VIF_RETRY seconds.
 * The kernel's refusal (its extack message) goes to the log once per
 * distinct error and to `dcvifctl show vifs`.
 *
 * SIGHUP: a vif block that is gone deletes its VIF (after its neighbors
 * have been removed, so their NOTIFICATION leaves first).  At exit the
 * VIFs, their addresses and their BFD sessions stay, for the next start
 * to adopt: a restart of dcvifd does not take the edge down.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <libmnl/libmnl.h>
#include <linux/dcvif.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dcvifd.h"
#include "nlsock.h"

#define VIF_RETRY	5	/* seconds between tries while one is not ready */
#define VIF_KIND	"dcvif"

_Static_assert(VIF_TYPE_PRIVATE == DCVIF_VIF_PRIVATE &&
    VIF_TYPE_PUBLIC == DCVIF_VIF_PUBLIC &&
    VIF_TYPE_TRANSIT == DCVIF_VIF_TRANSIT, "VIF types as linux/dcvif.h");

struct vif_state {
	char		 name[IF_NAMESIZE];
	int		 ifindex;
	uint8_t		 ready;		/* as configured, addresses set, up */
	uint8_t		 seen;		/* still in the configuration */
	uint32_t	 created;	/* by this process */
	uint32_t	 changed;
	char		 error[256];	/* why it is not ready */
};

/* what RTM_NEWLINK says of a link */
struct link_info {
	int		 ifindex;
	unsigned int	 flags;
	unsigned int	 mtu;
	int		 link;		/* IFLA_LINK: the lower */
	int		 dcvif;		/* of kind dcvif */
	char		 kind[32];
	unsigned int	 vid;
	unsigned int	 type;
};

struct addr_info {
	uint8_t		 family;
	uint8_t		 plen;
	uint8_t		 proto;
	uint8_t		 addr[16];
};

struct addr_list {
	int		 ifindex;
	struct addr_info a[32];
	size_t		 n;
};

static struct mnl_socket	*rt;
static uint32_t			 rseq;
static struct vif_state		*vst;
static size_t			 nvst;
static struct evh		 t_retry = { .fd = -1 };
static char			 kerr[200];	/* the last request's error */

static int	vif_socket(void);

static struct vif_state *
vif_state_get(const char *name, int create)
{
	struct vif_state *n;
	size_t i;

	for (i = 0; i < nvst; i++)
		if (strcmp(vst[i].name, name) == 0)
			return &vst[i];
	if (!create)
		return NULL;
	if ((n = reallocarray(vst, nvst + 1, sizeof(*vst))) == NULL)
		return NULL;
	vst = n;
	n = &vst[nvst++];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", name);
	return n;
}

/* NLMSG_ERROR: the error, with the kernel's extack text, into kerr */
static int
vif_err_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	const char *msg = NULL;
	const struct nlattr *tlvs;
	size_t off;

	(void)arg;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return MNL_CB_ERROR;
	if (e->error == 0)
		return MNL_CB_STOP;
	/* NETLINK_CAP_ACK is on: the request is not echoed */
	off = sizeof(*e);
	tlvs = (const void *)((const uint8_t *)e + off);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_for_each_payload(tlvs,
		    mnl_nlmsg_get_payload_len(nlh) - off) {
			if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				msg = mnl_attr_get_str(attr);
		}
	if (msg && *msg)
		snprintf(kerr, sizeof(kerr), "%s (%s)", msg,
		    strerror(-e->error));
	else
		snprintf(kerr, sizeof(kerr), "%s", strerror(-e->error));
	errno = -e->error;
	return MNL_CB_ERROR;
}

static int
vif_done_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_STOP;
}

static mnl_cb_t vif_ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = vif_err_cb,
	[NLMSG_DONE] = vif_done_cb,
};

/* one request, its answers through cb, to the ACK or DONE; -1: see kerr */
static int
vif_request(struct nlmsghdr *nlh, mnl_cb_t cb, void *arg)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = nlsock_portid(rt);
	ssize_t n;
	int r;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++rseq;
	kerr[0] = '\0';
	if (nlsock_send(rt, nlh, nlh->nlmsg_len) < 0) {
		snprintf(kerr, sizeof(kerr), "netlink: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		n = nlsock_recv(rt, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(kerr, sizeof(kerr), "netlink: %s",
			    strerror(errno));
			return -1;
		}
		r = mnl_cb_run2(buf, (size_t)n, rseq, portid, cb, arg,
		    vif_ctl_cbs, NLMSG_MIN_TYPE);
		if (r == MNL_CB_ERROR) {
			if (kerr[0] == '\0')
				snprintf(kerr, sizeof(kerr), "%s",
				    strerror(errno));
			return -1;
		}
		if (r == MNL_CB_STOP)
			return 0;
	}
}

static int
link_info_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct link_info *li = arg;
	const struct nlattr *a, *b, *c;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	memset(li, 0, sizeof(*li));
	li->ifindex = ifm->ifi_index;
	li->flags = ifm->ifi_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		switch (mnl_attr_get_type(a)) {
		case IFLA_MTU:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				li->mtu = mnl_attr_get_u32(a);
			break;
		case IFLA_LINK:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				li->link = (int)mnl_attr_get_u32(a);
			break;
		case IFLA_LINKINFO:
			mnl_attr_for_each_nested(b, a) {
				if (mnl_attr_get_type(b) == IFLA_INFO_KIND &&
				    mnl_attr_validate(b, MNL_TYPE_STRING) == 0)
					snprintf(li->kind, sizeof(li->kind),
					    "%.*s",
					    (int)mnl_attr_get_payload_len(b),
					    mnl_attr_get_str(b));
				if (mnl_attr_get_type(b) != IFLA_INFO_DATA)
					continue;
				mnl_attr_for_each_nested(c, b) {
					if (mnl_attr_get_type(c) ==
					    IFLA_DCVIF_ID &&
					    mnl_attr_validate(c,
					    MNL_TYPE_U16) == 0)
						li->vid = mnl_attr_get_u16(c);
					if (mnl_attr_get_type(c) ==
					    IFLA_DCVIF_TYPE &&
					    mnl_attr_validate(c,
					    MNL_TYPE_U8) == 0)
						li->type = mnl_attr_get_u8(c);
				}
			}
			break;
		}
	}
	li->dcvif = strcmp(li->kind, VIF_KIND) == 0;
	return MNL_CB_OK;
}

/* the link called name: 1 found, 0 none, -1 error */
static int
link_get(const char *name, struct link_info *li)
{
	uint8_t buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(li, 0, sizeof(*li));
	if (vif_request(nlh, link_info_cb, li) == -1)
		return errno == ENODEV ? 0 : -1;
	return li->ifindex != 0;
}

/* create (ifindex 0) or change a VIF; type 0 or mtu 0: leave it */
static int
link_set(const struct vif_config *v, int ifindex, int lower, unsigned int type,
    unsigned int mtu, int up)
{
	uint8_t buf[1024];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;
	struct nlattr *li, *data;

	nlh->nlmsg_type = RTM_NEWLINK;
	if (ifindex == 0)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (up) {
		ifm->ifi_flags = IFF_UP;
		ifm->ifi_change = IFF_UP;
	}
	if (ifindex == 0) {
		mnl_attr_put_strz(nlh, IFLA_IFNAME, v->name);
		mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)lower);
	}
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (ifindex == 0 || type) {
		li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, VIF_KIND);
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (ifindex == 0)
			mnl_attr_put_u16(nlh, IFLA_DCVIF_ID, v->vlan);
		if (type)
			mnl_attr_put_u8(nlh, IFLA_DCVIF_TYPE, (uint8_t)type);
		mnl_attr_nest_end(nlh, data);
		mnl_attr_nest_end(nlh, li);
	}
	return vif_request(nlh, NULL, NULL);
}

static int
link_del(int ifindex)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_DELLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return vif_request(nlh, NULL, NULL);
}

static int
addr_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_list *l = arg;
	struct addr_info ai;
	const struct nlattr *a;
	size_t alen = 0;
	int have = 0;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    (int)ifa->ifa_index != l->ifindex ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return MNL_CB_OK;
	memset(&ai, 0, sizeof(ai));
	ai.family = ifa->ifa_family;
	ai.plen = ifa->ifa_prefixlen;
	alen = ai.family == AF_INET ? 4 : 16;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		unsigned int t = mnl_attr_get_type(a);

		if ((t == IFA_LOCAL || (t == IFA_ADDRESS && !have)) &&
		    mnl_attr_get_payload_len(a) == alen) {
			memcpy(ai.addr, mnl_attr_get_payload(a), alen);
			have = 1;
		}
		if (t == IFA_PROTO && mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			ai.proto = mnl_attr_get_u8(a);
	}
	if (have && l->n < sizeof(l->a) / sizeof(l->a[0]))
		l->a[l->n++] = ai;
	return MNL_CB_OK;
}

static int
addr_dump(int ifindex, struct addr_list *l)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_UNSPEC;
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	return vif_request(nlh, addr_cb, l);
}

static int
addr_set(int ifindex, int add, uint8_t family, const uint8_t *addr,
    uint8_t plen)
{
	uint8_t buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	size_t alen = family == AF_INET ? 4 : 16;

	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	if (add)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, alen, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, addr);
	if (add) {
		if (family == AF_INET6)
			mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
		mnl_attr_put_u8(nlh, IFA_PROTO, DCVIFD_RTPROT);
	}
	return vif_request(nlh, NULL, NULL);
}

static void
vif_fail(struct vif_state *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* not ready, and why: logged when the reason changes */
static void
vif_fail(struct vif_state *s, const char *fmt, ...)
{
	char buf[sizeof(s->error)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->ready = 0;
	if (strcmp(buf, s->error) != 0) {
		log_warnx("vif %s: %s", s->name, buf);
		snprintf(s->error, sizeof(s->error), "%s", buf);
	}
}

static int
addr_want(const struct vif_config *v, const struct addr_info *ai)
{
	if (ai->family == AF_INET && v->addr4.aid)
		return ai->plen == v->plen4 &&
		    memcmp(ai->addr, v->addr4.addr, 4) == 0;
	if (ai->family == AF_INET6 && v->addr6.aid)
		return ai->plen == v->plen6 &&
		    memcmp(ai->addr, v->addr6.addr, 16) == 0;
	return 0;
}

static int
vif_addrs(const struct vif_config *v, struct vif_state *s)
{
	struct addr_list l;
	char a[INET6_ADDRSTRLEN];
	int have4 = 0, have6 = 0;
	size_t i;

	if (addr_dump(s->ifindex, &l) == -1) {
		vif_fail(s, "reading its addresses: %s", kerr);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		const struct addr_info *ai = &l.a[i];

		if (addr_want(v, ai)) {
			if (ai->family == AF_INET)
				have4 = 1;
			else
				have6 = 1;
			continue;
		}
		if (ai->proto != DCVIFD_RTPROT)
			continue;	/* not ours */
		inet_ntop(ai->family, ai->addr, a, sizeof(a));
		if (addr_set(s->ifindex, 0, ai->family, ai->addr,
		    ai->plen) == -1) {
			vif_fail(s, "deleting address %s/%u: %s", a, ai->plen,
			    kerr);
			return -1;
		}
		log_info("vif %s: address %s/%u deleted", v->name, a,
		    ai->plen);
	}
	if (v->addr4.aid && !have4) {
		inet_ntop(AF_INET, v->addr4.addr, a, sizeof(a));
		if (addr_set(s->ifindex, 1, AF_INET, v->addr4.addr,
		    v->plen4) == -1) {
			vif_fail(s, "adding address %s/%u: %s", a, v->plen4,
			    kerr);
			return -1;
		}
		log_info("vif %s: address %s/%u added", v->name, a, v->plen4);
	}
	if (v->addr6.aid && !have6) {
		inet_ntop(AF_INET6, v->addr6.addr, a, sizeof(a));
		if (addr_set(s->ifindex, 1, AF_INET6, v->addr6.addr,
		    v->plen6) == -1) {
			vif_fail(s, "adding address %s/%u: %s", a, v->plen6,
			    kerr);
			return -1;
		}
		log_info("vif %s: address %s/%u added", v->name, a, v->plen6);
	}
	return 0;
}

/* make one VIF as its block says */
static void
vif_apply(const struct vif_config *v, struct vif_state *s)
{
	struct link_info li, lo;
	int r, lower;

	if ((r = link_get(v->lower, &lo)) <= 0) {
		s->ifindex = 0;
		if (r == 0)
			vif_fail(s, "lower device %s does not exist; the VIF "
			    "is made when it appears", v->lower);
		else
			vif_fail(s, "lower device %s: %s", v->lower, kerr);
		return;
	}
	lower = lo.ifindex;
	if ((r = link_get(v->name, &li)) == -1) {
		vif_fail(s, "%s", kerr);
		return;
	}
	if (r == 1 && !li.dcvif) {
		s->ifindex = 0;
		vif_fail(s, "a %s link of that name exists; left alone",
		    li.kind[0] ? li.kind : "non-dcvif");
		return;
	}
	if (r == 1 && (li.link != lower || li.vid != v->vlan)) {
		/* lower and VLAN are fixed at creation */
		log_info("vif %s: on %s VLAN %u, configured %s VLAN %u: "
		    "re-created", v->name, if_indextoname((unsigned int)li.link,
		    (char[IF_NAMESIZE]){ 0 }) ?: "?", li.vid, v->lower,
		    v->vlan);
		if (link_del(li.ifindex) == -1) {
			vif_fail(s, "deleting it to re-create it: %s", kerr);
			return;
		}
		r = 0;
	}
	if (r == 0) {
		if (link_set(v, 0, lower, v->type, v->mtu, 1) == -1) {
			s->ifindex = 0;
			vif_fail(s, "the kernel refused to create it: %s",
			    kerr);
			return;
		}
		if (link_get(v->name, &li) != 1) {
			vif_fail(s, "created but not found: %s", kerr);
			return;
		}
		s->created++;
		log_info("vif %s: created on %s, VLAN %u, %s, MTU %u",
		    v->name, v->lower, v->vlan, vif_type_name(v->type),
		    v->mtu);
	} else if (li.type != v->type || li.mtu != v->mtu) {
		/*
		 * The kernel checks the MTU against the type: going down in
		 * MTU, the MTU first; going up, the type first.
		 */
		int mtu_first = v->mtu < li.mtu;

		if ((r = link_set(v, li.ifindex, 0, mtu_first ? 0 : v->type,
		    mtu_first ? v->mtu : 0, 0)) == 0)
			r = link_set(v, li.ifindex, 0, mtu_first ? v->type : 0,
			    mtu_first ? 0 : v->mtu, 0);
		if (r == -1) {
			s->ifindex = li.ifindex;
			vif_fail(s, "the kernel refused the change to %s, MTU "
			    "%u: %s", vif_type_name(v->type), v->mtu, kerr);
			return;
		}
		s->changed++;
		log_info("vif %s: %s MTU %u -> %s MTU %u", v->name,
		    vif_type_name(li.type), li.mtu, vif_type_name(v->type),
		    v->mtu);
	} else if (s->ifindex != li.ifindex) {
		log_info("vif %s: adopted (if%d, on %s, VLAN %u)", v->name,
		    li.ifindex, v->lower, v->vlan);
	}
	s->ifindex = li.ifindex;
	if (!(li.flags & IFF_UP) && link_set(v, li.ifindex, 0, 0, 0, 1) == -1) {
		vif_fail(s, "setting it up: %s", kerr);
		return;
	}
	if (vif_addrs(v, s) == -1)
		return;
	if (!s->ready || s->error[0])
		log_debug("vif %s: ready", v->name);
	s->ready = 1;
	s->error[0] = '\0';
}

static void
vif_retry_cb(struct evh *e, uint32_t events)
{
	uint64_t x;

	(void)events;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	vif_sync();
}

/* make every VIF of c; again later for those not ready */
static void
vif_sync_conf(const struct dcvifd_config *c)
{
	struct vif_state *s;
	size_t i;
	int pending = 0;

	if (rt == NULL)
		return;
	for (i = 0; i < c->nvifs; i++) {
		if ((s = vif_state_get(c->vifs[i].name, 1)) == NULL) {
			log_warn("%s", __func__);
			continue;
		}
		vif_apply(&c->vifs[i], s);
		if (!s->ready)
			pending = 1;
	}
	timer_set(&t_retry, pending ? VIF_RETRY : 0);
}

void
vif_sync(void)
{
	vif_sync_conf(conf);
}

/* a link appeared, changed or went: one that was missing may be here */
void
vif_links_changed(void)
{
	size_t i;

	for (i = 0; i < nvst; i++)
		if (!vst[i].ready) {
			timer_set_ms(&t_retry, 20);
			return;
		}
}

/* a link was deleted: a VIF of ours needs making again */
void
vif_link_gone(int ifindex)
{
	size_t i;

	for (i = 0; i < nvst; i++)
		if (vst[i].ifindex == ifindex) {
			vst[i].ifindex = 0;
			vst[i].ready = 0;
			snprintf(vst[i].error, sizeof(vst[i].error),
			    "deleted; making it again");
			log_warnx("vif %s: deleted from outside dcvifd; making "
			    "it again", vst[i].name);
			timer_set_ms(&t_retry, 20);
		}
}

/*
 * SIGHUP, after the neighbors that went and before those that came: delete
 * the VIFs whose block is gone from the new configuration nc, then make
 * nc's (conf is still the old one).
 */
void
vif_reload(const struct dcvifd_config *nc)
{
	struct link_info li;
	size_t i, j;

	for (i = 0; i < nvst; i++) {
		for (j = 0; j < nc->nvifs; j++)
			if (strcmp(nc->vifs[j].name, vst[i].name) == 0)
				break;
		vst[i].seen = j < nc->nvifs;
	}
	for (i = 0; i < nvst;) {
		if (vst[i].seen) {
			i++;
			continue;
		}
		if (vst[i].ifindex && link_get(vst[i].name, &li) == 1 &&
		    li.dcvif && li.ifindex == vst[i].ifindex) {
			if (link_del(li.ifindex) == -1)
				log_warnx("vif %s: deleting it: %s",
				    vst[i].name, kerr);
			else
				log_info("vif %s: deleted (no longer "
				    "configured)", vst[i].name);
		}
		vst[i] = vst[--nvst];
	}
	vif_sync_conf(nc);
}

/*
 * dcvifd -n: what the kernel would say that can be known without making
 * anything: a missing lower, a lower whose MTU is below the VIF's (the
 * module's refusal, in its words), a name taken by another kind of link.
 * Warnings only, on stderr: the lower may come later.
 */
void
vif_check(const struct dcvifd_config *c)
{
	struct link_info li;
	size_t i;
	int r;

	if (c->nvifs == 0 || vif_socket() == -1)
		return;
	for (i = 0; i < c->nvifs; i++) {
		const struct vif_config *v = &c->vifs[i];

		if ((r = link_get(v->lower, &li)) == 0)
			fprintf(stderr, "dcvifd: vif %s: lower device %s does "
			    "not exist (yet); the VIF is made when it "
			    "appears\n", v->name, v->lower);
		else if (r == 1 && li.mtu < v->mtu)
			fprintf(stderr, "dcvifd: vif %s: the kernel will refuse "
			    "it: MTU %u exceeds the MTU %u of lower device "
			    "%s\n", v->name, v->mtu, li.mtu, v->lower);
		if (link_get(v->name, &li) == 1 && !li.dcvif)
			fprintf(stderr, "dcvifd: vif %s: a %s link of that name "
			    "exists; dcvifd will leave it alone\n", v->name,
			    li.kind[0] ? li.kind : "non-dcvif");
	}
	nlsock_close(rt);
	rt = NULL;
}

int
vif_init(void)
{
	if (timer_init(&t_retry, vif_retry_cb, NULL) == -1)
		return -1;
	return vif_socket();
}

static int
vif_socket(void)
{
	int one = 1;

	/* changes need CAP_NET_ADMIN: the parent's socket (priv.c) */
	if ((rt = nlsock_open(NLSOCK_LINK, 0, MNL_SOCKET_BUFFER_SIZE)) == NULL)
		return -1;
	mnl_socket_setsockopt(rt, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(rt, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

void
vif_shutdown(void)
{
	/* the VIFs stay: see the top of this file */
	timer_free(&t_retry);
	nlsock_close(rt);
	rt = NULL;
	free(vst);
	vst = NULL;
	nvst = 0;
}

/* `dcvifctl show vifs`: what dcvifd made of each vif block */
struct json_object *
vif_json(void)
{
	json_object *arr = json_object_new_array(), *o;
	const struct vif_config *v;
	const struct vif_state *s;
	char a[INET6_ADDRSTRLEN + 4];
	size_t i;

	for (i = 0; i < conf->nvifs; i++) {
		v = &conf->vifs[i];
		s = vif_state_get(v->name, 0);
		o = json_object_new_object();
		json_object_object_add(o, "vif", json_object_new_string(v->name));
		json_object_object_add(o, "lower",
		    json_object_new_string(v->lower));
		json_object_object_add(o, "vlan", json_object_new_int(v->vlan));
		json_object_object_add(o, "type",
		    json_object_new_string(vif_type_name(v->type)));
		json_object_object_add(o, "mtu", json_object_new_int(v->mtu));
		if (v->addr4.aid) {
			addr_str(&v->addr4, a, sizeof(a));
			snprintf(a + strlen(a), sizeof(a) - strlen(a), "/%u",
			    v->plen4);
			json_object_object_add(o, "address",
			    json_object_new_string(a));
		}
		if (v->addr6.aid) {
			addr_str(&v->addr6, a, sizeof(a));
			snprintf(a + strlen(a), sizeof(a) - strlen(a), "/%u",
			    v->plen6);
			json_object_object_add(o, "address6",
			    json_object_new_string(a));
		}
		json_object_object_add(o, "ifindex",
		    json_object_new_int(s ? s->ifindex : 0));
		json_object_object_add(o, "ready",
		    json_object_new_boolean(s && s->ready));
		if (s && s->error[0])
			json_object_object_add(o, "error",
			    json_object_new_string(s->error));
		json_object_object_add(o, "created",
		    json_object_new_int64(s ? s->created : 0));
		json_object_object_add(o, "changed",
		    json_object_new_int64(s ? s->changed : 0));
		json_object_array_add(arr, o);
	}
	return arr;
}
