// SPDX-License-Identifier: GPL-2.0
/*
 * The privileged parent's checks (privcheck.c) against real requests, in a
 * network namespace of its own with real links and nexthop objects: what
 * the engine may ask passes, everything else is refused with a reason.
 * Needs root (unshare); prints "1..0 # SKIP" otherwise.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "../privcheck.h"
#include "tap.h"

static uint8_t buf[4096];

static struct nlmsghdr *
msg(uint16_t type, uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

static uint8_t route_dst[4] = { 198, 51, 100, 0 };

static struct nlmsghdr *
route(uint16_t type, uint8_t proto, uint8_t table, uint32_t rta_table)
{
	struct nlmsghdr *nlh = msg(type, NLM_F_CREATE | NLM_F_REPLACE,
	    sizeof(struct rtmsg));
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	uint8_t *dst = route_dst;

	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 24;
	rtm->rtm_protocol = proto;
	rtm->rtm_table = table;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, 4, dst);
	if (rta_table)
		mnl_attr_put_u32(nlh, RTA_TABLE, rta_table);
	return nlh;
}

static struct nlmsghdr *
nexthop(uint16_t type, uint8_t proto, uint32_t id)
{
	struct nlmsghdr *nlh = msg(type, 0, sizeof(struct nhmsg));
	struct nhmsg *nhm = mnl_nlmsg_get_payload(nlh);

	nhm->nh_protocol = proto;
	if (id)
		mnl_attr_put_u32(nlh, NHA_ID, id);
	return nlh;
}

static struct nlmsghdr *
link_msg(uint16_t type, uint16_t flags, int ifindex, const char *kind)
{
	struct nlmsghdr *nlh = msg(type, flags, sizeof(struct ifinfomsg));
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct nlattr *li;

	ifm->ifi_index = ifindex;
	if (kind) {
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "vif101");
		li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
		mnl_attr_nest_end(nlh, li);
	}
	return nlh;
}

static struct nlmsghdr *
genl(uint16_t family, uint8_t cmd)
{
	struct nlmsghdr *nlh = msg(family, 0, sizeof(struct genlmsghdr));
	struct genlmsghdr *gh = mnl_nlmsg_get_payload(nlh);

	gh->cmd = cmd;
	gh->version = 1;
	return nlh;
}

/* passes: NULL; refused: the reason contains want */
#define PASS(kind, nlh, what) do {					\
	const char *why_ = privcheck(kind, nlh, 254);			\
									\
	TAP_OK(why_ == NULL, "%s: passes%s%s", what,			\
	    why_ ? " # refused: " : "", why_ ? why_ : "");		\
} while (0)
#define REFUSED(kind, nlh, want, what) do {				\
	const char *why_ = privcheck(kind, nlh, 254);			\
									\
	TAP_OK(why_ && strstr(why_, want), "%s: refused (%s)", what,	\
	    why_ ? why_ : "passed");					\
} while (0)

int
main(void)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct ifaddrmsg *ifa;
	int vt0;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) == -1) {
		printf("1..0 # SKIP needs root (a network namespace)\n");
		return 0;
	}
	if (system("ip link add vt0 type veth peer name vt1 && "
	    "ip link set lo up && "
	    "ip nexthop add id 77 blackhole proto static && "
	    "ip nexthop add id 78 blackhole proto 243 && "
	    "ip link set vt0 up && "
	    "ip route add 203.0.113.0/24 dev vt0 proto static") != 0 ||
	    (vt0 = (int)if_nametoindex("vt0")) == 0 || privcheck_init() == -1) {
		printf("Bail out! namespace setup\n");
		return 1;
	}

	/* routes and nexthops: dcvifd's protocol, its table */
	PASS(NLSOCK_ROUTE, route(RTM_NEWROUTE, 243, 254, 0),
	    "route proto 243 table main");
	PASS(NLSOCK_ROUTE, route(RTM_DELROUTE, 243, 254, 0),
	    "route delete proto 243");
	REFUSED(NLSOCK_ROUTE, route(RTM_NEWROUTE, RTPROT_STATIC, 254, 0),
	    "another protocol", "route proto static");
	REFUSED(NLSOCK_ROUTE, route(RTM_DELROUTE, 0, 254, 0),
	    "another protocol", "route delete of any protocol");
	REFUSED(NLSOCK_ROUTE, route(RTM_NEWROUTE, 243, 100, 0),
	    "another table", "route proto 243 in table 100");
	REFUSED(NLSOCK_ROUTE, route(RTM_NEWROUTE, 243, RT_TABLE_UNSPEC,
	    1000), "another table", "route proto 243 in RTA_TABLE 1000");
	route_dst[0] = 203;
	route_dst[1] = 0;
	route_dst[2] = 113;
	REFUSED(NLSOCK_ROUTE, route(RTM_NEWROUTE, 243, 254, 0),
	    "another protocol for that prefix exists",
	    "route proto 243 replacing the static 203.0.113.0/24");
	route_dst[3] = 128;
	((struct rtmsg *)mnl_nlmsg_get_payload(route(RTM_NEWROUTE, 243, 254,
	    0)))->rtm_dst_len = 25;
	PASS(NLSOCK_ROUTE, (struct nlmsghdr *)buf,
	    "route proto 243 203.0.113.128/25 beside the static /24");
	PASS(NLSOCK_ROUTE, nexthop(RTM_NEWNEXTHOP, 243, 9),
	    "nexthop proto 243, a new id");
	PASS(NLSOCK_ROUTE, nexthop(RTM_NEWNEXTHOP, 243, 78),
	    "nexthop proto 243 replacing id 78 (ours)");
	REFUSED(NLSOCK_ROUTE, nexthop(RTM_NEWNEXTHOP, 243, 77),
	    "another protocol, ours would replace it",
	    "nexthop proto 243 replacing id 77 (static)");
	REFUSED(NLSOCK_ROUTE, nexthop(RTM_NEWNEXTHOP, RTPROT_BOOT, 9),
	    "another protocol", "nexthop proto boot");
	PASS(NLSOCK_ROUTE, nexthop(RTM_DELNEXTHOP, 0, 78),
	    "deleting nexthop 78 (proto 243, the kernel says)");
	REFUSED(NLSOCK_ROUTE, nexthop(RTM_DELNEXTHOP, 0, 77),
	    "another protocol", "deleting nexthop 77 (proto static)");
	REFUSED(NLSOCK_ROUTE, nexthop(RTM_DELNEXTHOP, 0, 0),
	    "by other than their id", "deleting nexthops without an id");
	PASS(NLSOCK_ROUTE, msg(RTM_GETROUTE, NLM_F_DUMP, sizeof(struct rtmsg)),
	    "route dump");
	REFUSED(NLSOCK_ROUTE, link_msg(RTM_NEWLINK, 0, vt0, NULL),
	    "not a route or nexthop", "a link message on the route socket");
	nlh = route(RTM_NEWROUTE, 243, 254, 0);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	REFUSED(NLSOCK_ROUTE, nlh, "short", "a route message cut short");

	/* links: dcvif ones; others only set up */
	PASS(NLSOCK_LINK, link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0,
	    "dcvif"), "creating a dcvif link");
	REFUSED(NLSOCK_LINK, link_msg(RTM_NEWLINK, NLM_F_CREATE, 0, "dcvif"),
	    "other than a new dcvif", "creating a dcvif link without EXCL");
	REFUSED(NLSOCK_LINK, link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
	    0, "veth"), "other than a new dcvif", "creating a veth");
	nlh = link_msg(RTM_NEWLINK, 0, vt0, NULL);
	ifm = mnl_nlmsg_get_payload(nlh);
	ifm->ifi_flags = ifm->ifi_change = IFF_UP;
	PASS(NLSOCK_LINK, nlh, "setting veth vt0 up");
	mnl_attr_put_u32(nlh, IFLA_MTU, 9000);
	REFUSED(NLSOCK_LINK, nlh, "other than a dcvif link",
	    "setting vt0 up with an MTU");
	nlh = link_msg(RTM_NEWLINK, 0, vt0, NULL);
	ifm = mnl_nlmsg_get_payload(nlh);
	ifm->ifi_change = IFF_UP;
	REFUSED(NLSOCK_LINK, nlh, "other than a dcvif link",
	    "setting vt0 down");
	REFUSED(NLSOCK_LINK, link_msg(RTM_DELLINK, 0, vt0, NULL),
	    "other than a dcvif link", "deleting vt0");
	nlh = link_msg(RTM_SETLINK, 0, 0, NULL);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "vt1");
	mnl_attr_put_u32(nlh, IFLA_MTU, 1280);
	REFUSED(NLSOCK_LINK, nlh, "other than a dcvif link",
	    "an MTU on vt1, by name");
	REFUSED(NLSOCK_LINK, link_msg(RTM_DELLINK, 0, 0, NULL),
	    "naming no link", "deleting no link in particular");
	nlh = msg(RTM_NEWADDR, NLM_F_CREATE, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = (uint32_t)vt0;
	REFUSED(NLSOCK_LINK, nlh, "other than a dcvif link",
	    "an address on vt0");
	PASS(NLSOCK_LINK, msg(RTM_GETLINK, NLM_F_DUMP,
	    sizeof(struct ifinfomsg)), "link dump");
	REFUSED(NLSOCK_LINK, route(RTM_NEWROUTE, 243, 254, 0),
	    "not a link or address", "a route on the link socket");

	/* generic netlink: resolving the family, the family (absent here) */
	PASS(NLSOCK_GENL, genl(GENL_ID_CTRL, CTRL_CMD_GETFAMILY),
	    "controller GETFAMILY");
	REFUSED(NLSOCK_GENL, genl(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY),
	    "other than GETFAMILY", "controller NEWFAMILY");
	REFUSED(NLSOCK_GENL, genl(0x20, 1), "other than dcvif",
	    "a family other than dcvif (none loaded here)");
	nlh = genl(GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
	nlh->nlmsg_len = NLMSG_HDRLEN + 2;
	REFUSED(NLSOCK_GENL, nlh, "no genetlink header", "a genl message "
	    "cut short");
	TAP_OK(!privcheck_join(1), "joining group 1: refused");
	TAP_OK(!privcheck_join(0), "joining group 0: refused");
	return tap_done();
}
