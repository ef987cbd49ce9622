// SPDX-License-Identifier: GPL-2.0
/*
 * Address resolution for a VIF whose carrier BFD holds down.
 *
 * When a coupled BFD session that was Up goes Down, the VIF drops its
 * carrier so that routes through it go linkdown at once, and linkwatch
 * gives the VIF noop_qdisc (dev_deactivate): the VIF itself sends nothing
 * until the carrier returns. BFD keeps running underneath, straight on the
 * lower, to the MAC address it learnt. The peer, though, must still know
 * ours: a Linux peer (8021q + FRR bfdd) sends its BFD packets through its
 * neighbour table, and if its entry for us expired or was flushed during
 * the outage (its own link flap does that), it asks by ARP or Neighbour
 * Solicitation, which our stack answers into noop_qdisc. Its BFD packets
 * never reach us again, and the session stays Down after the path healed.
 *
 * So while BFD holds the carrier down, and only then, the VIF answers ARP
 * requests and Neighbour Solicitations for its own addresses (the IPv4
 * addresses on the VIF; IPv6 unicast and link-local addresses that are not
 * tentative) from the receive handler, and sends the answer tagged on the
 * lower, as BFD sends its packets. "Holds down" is read exactly: a session
 * holds the carrier and linkwatch has acted on the carrier loss, which the
 * VIF's operstate says (linkwatch_do_dev() sets it, then dev_deactivate()
 * gives the VIF noop_qdisc), so the stack's own answer cannot leave;
 * outside that window the stack answers and we stay silent: one answer on
 * the wire, not two (but for the microseconds between the operstate and
 * the qdisc changing, where both may go: a repeated answer is harmless).
 * The request still
 * goes up to the stack, which learns the peer's address from it as usual
 * (so our first packet after recovery needs no resolution); the stack's
 * own answer dies in noop_qdisc.
 *
 * Not answered: DAD (an NS from ::) and ARP probes (sender 0.0.0.0, RFC
 * 5227): duplicate detection is the stack's, and it resumes with the
 * carrier; requests for addresses that are not the VIF's (proxy ARP and
 * anycast are the stack's too). ARP requests are answered as the VIF's
 * arp_ignore says (arp.c's arp_ignore(), through inet_confirm_addr());
 * arp_filter is not applied: its route lookup is what the hold changed (a
 * linkdown route, or with ignore_routes_with_linkdown none through the
 * VIF), so it would refuse exactly the answers the hold exists for. The
 * answers are what the stack sends: arp_create() for ARP; for ND, a
 * Neighbour Advertisement from the target to the solicitor, Solicited,
 * Override (these are our own unicast addresses, RFC 4861 7.2.4), Router
 * per the VIF's forwarding sysctl, with our link-layer address, to the
 * solicitor's link-layer address option or else the frame's Ethernet
 * source. They pass netfilter's output hooks with the VIF as the output
 * device, as the stack's would: ARP's NF_ARP_OUT (arp_xmit()), IPv6's
 * LOCAL_OUT and POST_ROUTING (ndisc_send_skb(), ip6_output()); only the
 * last step differs, the VIF's queue being noop_qdisc: the frame goes
 * tagged onto the lower instead of through the VIF (so without a route:
 * the answer goes where the request came from).
 *
 * When BFD gives the carrier back, the VIF announces itself once: a
 * gratuitous ARP per IPv4 address and an unsolicited NA per IPv6 address
 * (what NETDEV_NOTIFY_PEERS makes the stack send; the kernel sends neither
 * on a carrier change), also on the lower, since linkwatch may not have
 * given the VIF its qdisc back yet. A peer that kept a stale entry for us
 * is refreshed without waiting for its neighbour probes.
 *
 * Our own entry for each BFD peer needs the same care. The carrier loss
 * flushed it (neigh_carrier_down), and whatever the stack sent meanwhile
 * (a BGP SYN, a SYN-ACK) queued on a new entry whose solicitations went
 * into noop_qdisc; the next one is up to a retransmit time (1 s) away, and
 * the packets wait for it. BFD has just heard the peer, from the MAC
 * address it keeps: an entry that is not valid gets that address as
 * STALE, as an ARP request or NS from the peer would give it, so the
 * queued packets leave now and the stack confirms the entry as usual.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <net/ndisc.h>
#include <net/pkt_sched.h>

#include "dcvif.h"

/* Our Target Link-Layer Address option: type, length 1 (8 octets), MAC. */
#define DCVIF_ND_OPT_LEN	8

/*
 * BFD holds the carrier and the VIF cannot send: the stack cannot answer.
 * Not operationally up means linkwatch has taken the carrier loss, and
 * with it the VIF's qdisc (see above).
 */
static bool dcvif_nd_held(const struct dcvif *vif)
{
	const struct net_device *dev = vif->dev;

	return READ_ONCE(vif->bfd_down) && !netif_carrier_ok(dev) &&
	       !netif_oper_up(dev) && !(READ_ONCE(dev->flags) & IFF_NOARP);
}

/*
 * The end of the output path, after netfilter: tagged on the lower, as BFD
 * sends, the VIF's own queue being noop_qdisc. skb->dev is the VIF.
 */
static int dcvif_nd_out(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	struct dcvif *vif = netdev_priv(skb->dev);
	atomic64_t *counter;

	if (skb->protocol == htons(ETH_P_ARP))
		counter = arp_hdr(skb)->ar_op == htons(ARPOP_REPLY) ?
			  &vif->nd_stats.arp_replies : &vif->nd_stats.garps;
	else
		counter = icmp6_hdr(skb)->icmp6_solicited ?
			  &vif->nd_stats.na_replies : &vif->nd_stats.unsol_nas;
	skb_reset_mac_header(skb);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vif->vid);
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = vif->lower;
	if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS)
		atomic64_inc(counter);
	else
		atomic64_inc(&vif->nd_stats.tx_errors);
	return 0;
}

static int dcvif_nd_ip6_post(struct net *net, struct sock *sk,
			     struct sk_buff *skb)
{
	return NF_HOOK(NFPROTO_IPV6, NF_INET_POST_ROUTING, net, sk, skb, NULL,
		       skb->dev, dcvif_nd_out);
}

/*
 * Send an answer or announcement built for the VIF (skb->dev) through
 * netfilter's output hooks, as arp_xmit() and ndisc_send_skb() do, with
 * the VIF as the output device. RCU read side.
 */
static void dcvif_nd_xmit(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);

	if (skb->protocol == htons(ETH_P_ARP))
		NF_HOOK(NFPROTO_ARP, NF_ARP_OUT, net, NULL, skb, NULL, skb->dev,
			dcvif_nd_out);
	else
		NF_HOOK(NFPROTO_IPV6, NF_INET_LOCAL_OUT, net, NULL, skb, NULL,
			skb->dev, dcvif_nd_ip6_post);
}

/* As arp.c's arp_ignore(): may we answer for @tip, asked by @sip? */
static bool dcvif_nd_arp_ignore(struct in_device *in_dev, __be32 sip,
				__be32 tip)
{
	struct net *net = dev_net(in_dev->dev);
	int scope;

	switch (IN_DEV_ARP_IGNORE(in_dev)) {
	case 1:	/* only for the addresses of this device: ours are */
		sip = 0;
		scope = RT_SCOPE_HOST;
		break;
	case 2:	/* and in the subnet of the sender */
		scope = RT_SCOPE_HOST;
		break;
	case 3:	/* not for scope host addresses */
		sip = 0;
		scope = RT_SCOPE_LINK;
		in_dev = NULL;
		break;
	case 8:	/* never */
		return true;
	default:	/* 0, and 4-7 reserved: answer */
		return false;
	}
	return !inet_confirm_addr(net, in_dev, sip, tip, scope);
}

static bool dcvif_nd_v4_own(struct net_device *dev, __be32 addr)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_local == addr)
			return true;
	return false;
}

static void dcvif_nd_arp(struct dcvif *vif, struct sk_buff *skb)
{
	struct net_device *dev = vif->dev;
	const struct arphdr *arp;
	struct in_device *in_dev;
	struct sk_buff *reply;
	u8 sha[ETH_ALEN];
	const u8 *ptr;
	__be32 sip, tip;

	if (!pskb_may_pull(skb, arp_hdr_len(dev)))
		return;
	arp = (const struct arphdr *)skb->data;
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) || arp->ar_hln != ETH_ALEN ||
	    arp->ar_pln != 4 || arp->ar_op != htons(ARPOP_REQUEST))
		return;
	ptr = (const u8 *)(arp + 1);
	memcpy(sha, ptr, ETH_ALEN);	/* no alignment promised */
	memcpy(&sip, ptr + ETH_ALEN, 4);
	memcpy(&tip, ptr + 2 * ETH_ALEN + 4, 4);

	/* Probes and announcements (RFC 5227) ask nothing of us. */
	if (!sip || sip == tip || ipv4_is_multicast(tip) ||
	    !is_valid_ether_addr(sha) || !dcvif_nd_v4_own(dev, tip))
		return;
	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev || dcvif_nd_arp_ignore(in_dev, sip, tip)) {
		atomic64_inc(&vif->nd_stats.arp_ignored);
		return;
	}

	reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, sha,
			   dev->dev_addr, sha);
	if (!reply) {
		atomic64_inc(&vif->nd_stats.tx_errors);
		return;
	}
	dcvif_nd_xmit(reply);
}

/* An NA from @src to @dst (@dst_mac) with our link-layer address. */
static struct sk_buff *dcvif_nd_na(struct net_device *dev,
				   const struct in6_addr *src,
				   const struct in6_addr *dst, const u8 *dst_mac,
				   bool router, bool solicited)
{
	unsigned int len = sizeof(struct nd_msg) + DCVIF_ND_OPT_LEN;
	unsigned int hlen = LL_RESERVED_SPACE(dev);
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct nd_msg *na;

	skb = alloc_skb(hlen + sizeof(*ip6h) + len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, hlen + sizeof(*ip6h));

	na = skb_put_zero(skb, len);
	skb_reset_transport_header(skb);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_router = router;
	na->icmph.icmp6_solicited = solicited;
	na->icmph.icmp6_override = 1;
	na->target = *src;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = DCVIF_ND_OPT_LEN >> 3;
	ether_addr_copy(&na->opt[2], dev->dev_addr);
	na->icmph.icmp6_cksum = csum_ipv6_magic(src, dst, len, IPPROTO_ICMPV6,
						csum_partial(na, len, 0));

	ip6h = skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(len);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 255;	/* RFC 4861 7.1.2 */
	ip6h->saddr = *src;
	ip6h->daddr = *dst;

	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	eth_header(skb, dev, ETH_P_IPV6, dst_mac, dev->dev_addr, skb->len);
	return skb;
}

/* RFC 4861 7.1.1, for what we use: the options are well formed; the
 * source link-layer address, if any, in *@lladdr.
 */
static bool dcvif_nd_ns_opts(const u8 *opt, unsigned int len,
			     const u8 **lladdr)
{
	unsigned int l;

	while (len) {
		if (len < 2)
			return false;
		l = opt[1] << 3;
		if (!l || l > len)
			return false;
		if (opt[0] == ND_OPT_SOURCE_LL_ADDR) {
			if (l < 2 + ETH_ALEN)
				return false;
			*lladdr = opt + 2;
		}
		opt += l;
		len -= l;
	}
	return true;
}

static void dcvif_nd_ns(struct dcvif *vif, struct sk_buff *skb)
{
	struct net_device *dev = vif->dev;
	struct in6_addr saddr, target;
	const struct ipv6hdr *ip6h;
	struct inet6_dev *idev;
	const u8 *lladdr = NULL;
	const struct nd_msg *ns;
	struct sk_buff *reply;
	u8 mac[ETH_ALEN];
	unsigned int len;
	bool router;

	if (!pskb_may_pull(skb, sizeof(*ip6h) + sizeof(*ns)))
		return;
	ip6h = (const struct ipv6hdr *)skb->data;
	ns = (const struct nd_msg *)(ip6h + 1);
	len = ntohs(ip6h->payload_len);
	/* No extension headers: the stack's ndisc accepts none either. */
	if (ip6h->version != 6 || ip6h->nexthdr != IPPROTO_ICMPV6 ||
	    ip6h->hop_limit != 255 || len < sizeof(*ns) ||
	    ns->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmph.icmp6_code ||
	    !pskb_may_pull(skb, sizeof(*ip6h) + len))
		return;
	ip6h = (const struct ipv6hdr *)skb->data;
	ns = (const struct nd_msg *)(ip6h + 1);
	if (skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    skb->ip_summed != CHECKSUM_PARTIAL &&
	    csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
			    csum_partial(ns, len, 0)))
		return;
	saddr = ip6h->saddr;
	target = ns->target;

	/* DAD (from ::) is not ours to answer; nor is a multicast target. */
	if (ipv6_addr_any(&saddr) || ipv6_addr_is_multicast(&saddr) ||
	    ipv6_addr_is_multicast(&target) ||
	    !dcvif_nd_ns_opts(ns->opt, len - sizeof(*ns), &lladdr))
		return;
	memcpy(mac, lladdr ?: eth_hdr(skb)->h_source, ETH_ALEN);
	if (!is_valid_ether_addr(mac))
		return;

	/* Ours, on this VIF; optimistic addresses are tentative too: the
	 * stack's business.
	 */
	if (!ipv6_chk_addr_and_flags(dev_net(dev), &target, dev, false, 1,
				     IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return;
	idev = __in6_dev_get(dev);
	router = idev && READ_ONCE(idev->cnf.forwarding) > 0;

	reply = dcvif_nd_na(dev, &target, &saddr, mac, router, true);
	if (!reply) {
		atomic64_inc(&vif->nd_stats.tx_errors);
		return;
	}
	dcvif_nd_xmit(reply);
}

/**
 * dcvif_nd_rx() - answer ARP and NS while BFD holds the carrier down
 * @vif: the VIF the frame is for
 * @skb: the frame, untagged, data at the network header, not shared
 *
 * The frame is only read (the headers may be pulled); the caller hands it
 * on to the stack.
 *
 * Context: receive softirq, RCU read side.
 */
void dcvif_nd_rx(struct dcvif *vif, struct sk_buff *skb)
{
	if (!dcvif_nd_held(vif) || skb->pkt_type == PACKET_OTHERHOST)
		return;
	if (skb->protocol == htons(ETH_P_ARP))
		dcvif_nd_arp(vif, skb);
	else if (skb->protocol == htons(ETH_P_IPV6))
		dcvif_nd_ns(vif, skb);
}

static void dcvif_nd_announce_v4(struct dcvif *vif)
{
	struct net_device *dev = vif->dev;
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	struct sk_buff *skb;

	in_dev = __in_dev_get_rcu(dev);
	if (!in_dev)
		return;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, ifa->ifa_local, dev,
				 ifa->ifa_local, NULL, dev->dev_addr, NULL);
		if (!skb) {
			atomic64_inc(&vif->nd_stats.tx_errors);
			continue;
		}
		dcvif_nd_xmit(skb);
	}
}

static void dcvif_nd_announce_v6(struct dcvif *vif)
{
	static const u8 allnodes_mac[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct net_device *dev = vif->dev;
	const struct inet6_ifaddr *ifa;
	struct inet6_dev *idev;
	struct sk_buff *skb;
	bool router;

	idev = __in6_dev_get(dev);
	if (!idev)
		return;
	router = READ_ONCE(idev->cnf.forwarding) > 0;
	read_lock_bh(&idev->lock);
	list_for_each_entry(ifa, &idev->addr_list, if_list) {
		if (ifa->flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
			continue;
		skb = dcvif_nd_na(dev, &ifa->addr, &in6addr_linklocal_allnodes,
				  allnodes_mac, router, false);
		if (!skb) {
			atomic64_inc(&vif->nd_stats.tx_errors);
			continue;
		}
		dcvif_nd_xmit(skb);
	}
	read_unlock_bh(&idev->lock);
}

/* Our entries for the BFD peers, from the addresses BFD learnt. */
static void dcvif_nd_peers(struct dcvif *vif)
{
	struct net_device *dev = vif->dev;
	struct neigh_table *tbl;
	struct dcvif_bfd *b;
	struct neighbour *n;
	u8 mac[ETH_ALEN];
	bool valid;

	list_for_each_entry_rcu(b, &vif->bfd.sessions, node) {
		spin_lock_bh(&b->lock);
		valid = b->peer_mac_valid;
		ether_addr_copy(mac, b->peer_mac);
		spin_unlock_bh(&b->lock);
		tbl = b->family == AF_INET ? &arp_tbl : ipv6_stub->nd_tbl;
		if (!valid || !tbl)
			continue;
		n = __neigh_lookup(tbl, &b->peer, dev, true);
		if (!n)
			continue;
		if (!(READ_ONCE(n->nud_state) & NUD_VALID))
			neigh_update(n, mac, NUD_STALE, NEIGH_UPDATE_F_OVERRIDE, 0);
		neigh_release(n);
	}
}

static void dcvif_nd_announce_work(struct work_struct *work)
{
	struct dcvif *vif = container_of(work, struct dcvif, nd_announce);
	struct net_device *dev = vif->dev;

	/* Gone again, or going away: nothing to announce. */
	if (!netif_running(dev) || !netif_carrier_ok(dev) ||
	    (READ_ONCE(dev->flags) & IFF_NOARP))
		return;
	rcu_read_lock();
	dcvif_nd_peers(vif);
	dcvif_nd_announce_v4(vif);
	dcvif_nd_announce_v6(vif);
	rcu_read_unlock();
}

/**
 * dcvif_nd_carrier_back() - BFD gave the carrier back: announce the VIF
 * @vif: the VIF
 *
 * Context: any but hard IRQ.
 */
void dcvif_nd_carrier_back(struct dcvif *vif)
{
	schedule_work(&vif->nd_announce);
}

/**
 * dcvif_nd_init() - set up a VIF's address resolution part
 * @vif: the VIF
 */
void dcvif_nd_init(struct dcvif *vif)
{
	INIT_WORK(&vif->nd_announce, dcvif_nd_announce_work);
}

/**
 * dcvif_nd_uninit() - wait for a VIF's announcement in flight
 * @vif: the VIF, unregistering
 *
 * Context: process, may sleep (the work takes no lock the caller holds).
 */
void dcvif_nd_uninit(struct dcvif *vif)
{
	cancel_work_sync(&vif->nd_announce);
}
