// SPDX-License-Identifier: GPL-2.0
/*
 * BFD (RFC 5880, single hop RFC 5881) on VIFs, and micro-BFD (RFC 7130) on
 * LAG members: the kernel side of the protocol core in bfd_proto.c. Control
 * packets are taken off the receive path before the IP stack, timers are
 * hrtimers, and packets go out on the owner's transmit device (a VIF's
 * lower with the VIF's tag; a member port itself, untagged), so a session
 * keeps running while BFD holds its owner down.
 *
 * A session belongs to an owner (struct dcvif_bfd_owner): what differs
 * between a VIF and a member (the destination MAC address, what a state
 * change does) is in the owner's ops; the engine is the same.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <linux/xarray.h>
#include <net/arp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/neighbour.h>
#include <net/pkt_sched.h>

#include "bfd.h"
#include "dcvif.h"
#include "netlink.h"

/* Sessions by local discriminator: what a peer's Your Discriminator selects. */
static DEFINE_XARRAY(dcvif_bfd_discrs);

/* Deleted sessions still sending AdminDown (RTNL), and what frees them. */
static LIST_HEAD(dcvif_bfd_draining);
/* How long at most: the peer's Detection Time, up to a minute. */
#define DCVIF_BFD_DRAIN_MAX_US	(60ULL * USEC_PER_SEC)
static void dcvif_bfd_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(dcvif_bfd_reaper, dcvif_bfd_reap);
/*
 * When the reaper is due while it is pending (RTNL). The workqueue API
 * tells whether a delayed work is pending, not when it runs; its timer is
 * the workqueue's own.
 */
static unsigned long dcvif_bfd_reap_due;

static u32 dcvif_bfd_rnd(void)
{
	return get_random_u32();
}

/**
 * dcvif_bfd_addr_unicast() - may a session use this address?
 * @family: AF_INET or AF_INET6
 * @addr: the address (4 or 16 bytes)
 *
 * Single hop BFD runs between two unicast addresses: not zero/unspecified,
 * multicast, limited broadcast, loopback or IPv4-mapped. IPv6 link-local
 * addresses are fine (RFC 5881 section 5).
 *
 * Return: true if it may.
 */
bool dcvif_bfd_addr_unicast(u8 family, const void *addr)
{
	int t;

	if (family == AF_INET) {
		__be32 v4 = *(const __be32 *)addr;

		return !ipv4_is_zeronet(v4) && !ipv4_is_multicast(v4) &&
		       !ipv4_is_lbcast(v4) && !ipv4_is_loopback(v4);
	}
	t = ipv6_addr_type(addr);
	return t != IPV6_ADDR_ANY &&
	       !(t & (IPV6_ADDR_MULTICAST | IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED));
}

/**
 * dcvif_bfd_owner_init() - set up an owner of sessions
 * @o: the owner, embedded in a VIF or a LAG member
 * @ops: its side of the engine
 * @dev: the device that names its sessions
 * @tx_dev: where its frames go
 * @vid: 802.1Q tag of its frames, 0 for none
 * @udp_port: UDP destination port of its sessions
 */
void dcvif_bfd_owner_init(struct dcvif_bfd_owner *o,
			  const struct dcvif_bfd_owner_ops *ops,
			  struct net_device *dev, struct net_device *tx_dev,
			  u16 vid, u16 udp_port)
{
	o->ops = ops;
	o->dev = dev;
	o->tx_dev = tx_dev;
	o->vid = vid;
	o->udp_port = udp_port;
	INIT_LIST_HEAD(&o->sessions);
	o->count = 0;
	atomic64_set(&o->drop_no_session, 0);
}

/* An owner gains (1) or loses (-1) a session; RTNL held. */
static void dcvif_bfd_count(struct dcvif_bfd_owner *o, int n)
{
	ASSERT_RTNL();
	o->count += n;
	if (o->ops->netns_counted)
		dcvif_net(dev_net(o->dev))->bfd_sessions += n;
}

/**
 * dcvif_bfd_hdr_len() - IP and UDP headers in front of a control packet
 * @family: AF_INET or AF_INET6
 *
 * Return: 28 or 48 bytes.
 */
u32 dcvif_bfd_hdr_len(u8 family)
{
	return (family == AF_INET ? sizeof(struct iphdr) : sizeof(struct ipv6hdr)) +
	       sizeof(struct udphdr);
}

/*
 * RFC 9764: the IP packet size to pad to now, 0 for none. A fixed size
 * above the owner's MTU (the VIF's MTU lowered after the padding was set)
 * is clamped to it: the VIF does not carry larger packets, so a larger
 * probe would test a path nothing uses, and the frame must fit the lower,
 * whose MTU bounds the VIF's.
 */
static u32 dcvif_bfd_pad_target(const struct dcvif_bfd *b, u32 padding)
{
	u32 mtu = READ_ONCE(b->owner->dev->mtu);

	if (!padding)
		return 0;
	return padding == DCVIF_BFD_PADDING_MTU || padding > mtu ? mtu : padding;
}

/**
 * dcvif_bfd_padded_size() - the IP packet size a session sends
 * @b: the session
 * @padding: its padding setting (b->padding, or one about to be set)
 * @bfd_len: its control packets' length (24, or more with authentication)
 *
 * Return: the size in bytes, 0 when @padding is 0 (unpadded).
 */
u32 dcvif_bfd_padded_size(const struct dcvif_bfd *b, u32 padding, u32 bfd_len)
{
	u32 hdr = dcvif_bfd_hdr_len(b->family);

	if (!padding)
		return 0;
	return hdr + bfd_pad_payload(bfd_len, hdr, dcvif_bfd_pad_target(b, padding));
}

/*
 * Our Echo packets' payload. RFC 5880 section 6.4 leaves it to the sender,
 * which alone reads it when the peer's forwarding path has looped it back.
 */
struct dcvif_bfd_echo {
	__be32 magic;		/* DCVIF_BFD_ECHO_MAGIC */
	__be32 discr;		/* the session's local discriminator */
	__be64 cookie;		/* the session's echo_cookie */
	__be32 seq;
} __packed;

#define DCVIF_BFD_ECHO_MAGIC	0x64637665	/* "dcve" */

/*
 * Send a control packet (@echo false) to the peer, or an Echo packet: UDP
 * port 3785 from our address to our address, which the peer forwards back
 * (RFC 5881 section 4). Both go to the peer's link-layer address.
 */
static void dcvif_bfd_xmit(struct dcvif_bfd *b, const void *payload, u32 len,
			   bool echo)
{
	struct dcvif_bfd_owner *o = b->owner;
	struct net_device *lower = o->tx_dev;
	unsigned int iplen, hlen, ulen;
	struct sk_buff *skb;
	struct udphdr *uh;
	u8 mac[ETH_ALEN];
	__wsum csum;

	if (!o->ops->peer_mac(b, mac)) {
		spin_lock_bh(&b->lock);
		b->stats.tx_no_neighbour++;
		spin_unlock_bh(&b->lock);
		return;
	}

	iplen = b->family == AF_INET ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	/*
	 * RFC 9764: zeros after the control packet in the UDP payload, its
	 * Length field unchanged, on every packet the session sends (Final
	 * and AdminDown included: the peer's detection timer runs on all of
	 * them, so one unpadded packet would hide a path that drops large
	 * ones). Echo packets too: the peer forwards them at that size.
	 */
	ulen = bfd_pad_payload(len, iplen + sizeof(*uh),
			       dcvif_bfd_pad_target(b, READ_ONCE(b->padding)));
	hlen = LL_RESERVED_SPACE(lower) + VLAN_HLEN;
	skb = alloc_skb(hlen + iplen + sizeof(*uh) + ulen, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, hlen + iplen + sizeof(*uh));
	skb_put_data(skb, payload, len);
	if (ulen > len)
		skb_put_zero(skb, ulen - len);

	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = b->sport;
	uh->dest = htons(echo ? BFD_ECHO_UDP_PORT : o->udp_port);
	uh->len = htons(sizeof(*uh) + ulen);
	uh->check = 0;
	/* Zero padding adds nothing to the one's complement sum. */
	csum = csum_partial(uh, sizeof(*uh) + len, 0);

	if (b->family == AF_INET) {
		struct iphdr *iph = skb_push(skb, sizeof(*iph));

		skb_reset_network_header(skb);
		iph->version = 4;
		iph->ihl = 5;
		iph->tos = IPTOS_PREC_INTERNETCONTROL;
		iph->tot_len = htons(skb->len);
		iph->id = 0;
		/* Padded or not: RFC 9764 requires DF on padded packets. */
		iph->frag_off = htons(IP_DF);
		iph->ttl = 255;		/* RFC 5881 section 5 */
		iph->protocol = IPPROTO_UDP;
		iph->saddr = b->local.v4;
		iph->daddr = echo ? b->local.v4 : b->peer.v4;
		ip_send_check(iph);
		uh->check = csum_tcpudp_magic(iph->saddr, iph->daddr,
					      ntohs(uh->len), IPPROTO_UDP, csum);
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct ipv6hdr *ip6h = skb_push(skb, sizeof(*ip6h));

		skb_reset_network_header(skb);
		ip6_flow_hdr(ip6h, IPTOS_PREC_INTERNETCONTROL, 0);
		ip6h->payload_len = uh->len;
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->hop_limit = 255;
		ip6h->saddr = b->local.v6;
		ip6h->daddr = echo ? b->local.v6 : b->peer.v6;
		uh->check = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr,
					    ntohs(uh->len), IPPROTO_UDP, csum);
		skb->protocol = htons(ETH_P_IPV6);
	}
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;

	eth_header(skb, o->dev, ntohs(skb->protocol), mac, o->dev->dev_addr,
		   skb->len);
	skb_reset_mac_header(skb);
	/* RFC 7130 section 2.2: micro-BFD packets are not tagged. */
	if (o->vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), o->vid);
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = lower;
	/*
	 * Never fragmented: the frame goes straight to the lower device (no
	 * IP output path), so IPv6 has no fragment header either; a path
	 * that cannot carry it drops it, which is what RFC 9764 detects.
	 */

	if (dev_queue_xmit(skb) == NET_XMIT_SUCCESS) {
		spin_lock_bh(&b->lock);
		if (echo)
			b->stats.echo_tx_packets++;
		else
			b->stats.tx_packets++;
		spin_unlock_bh(&b->lock);
	}
}

/* Packets the core asked for, built under the session lock (the core
 * numbers them), sent after it is dropped.
 */
struct dcvif_bfd_out {
	u8 buf[2][BFD_PKT_MAX];
	u32 len[2];
	int n;
};

/* Carry out what the protocol core asked for; b->lock held. A timer's own
 * rearming is left to its callback (hrtimer_forward_now()).
 */
static void dcvif_bfd_apply(struct dcvif_bfd *b, const struct bfd_actions *act,
			    struct dcvif_bfd_out *out, bool in_tx_timer,
			    bool in_detect_timer)
{
	if ((act->flags & BFD_ACT_SEND_FINAL) && out->n < ARRAY_SIZE(out->len)) {
		out->len[out->n] = bfd_session_build(&b->s, out->buf[out->n],
						     BFD_PKT_MAX, BFD_BUILD_FINAL);
		out->n++;
	}
	if ((act->flags & BFD_ACT_SEND) && out->n < ARRAY_SIZE(out->len)) {
		out->len[out->n] = bfd_session_build(&b->s, out->buf[out->n],
						     BFD_PKT_MAX, 0);
		out->n++;
	}

	if ((act->flags & BFD_ACT_TX_ARM) && !in_tx_timer)
		hrtimer_start(&b->tx_timer, ns_to_ktime((u64)act->tx_us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL_SOFT);
	if ((act->flags & BFD_ACT_DETECT_ARM) && !in_detect_timer) {
		hrtimer_start(&b->detect_timer,
			      ns_to_ktime(act->detect_us * NSEC_PER_USEC),
			      HRTIMER_MODE_REL_SOFT);
		b->stall_grace = false;
	}
	if ((act->flags & BFD_ACT_DETECT_STOP) && !in_detect_timer)
		hrtimer_try_to_cancel(&b->detect_timer);
	/*
	 * Echo starts, changes pace or stops. A callback that runs meanwhile
	 * finds the new schedule (hrtimer_is_queued()) or Echo stopped.
	 */
	if (act->flags & BFD_ACT_ECHO) {
		if (act->echo_us) {
			u32 first = bfd_jitter(act->echo_us, b->s.detect_mult,
					       dcvif_bfd_rnd());

			hrtimer_start(&b->echo_timer,
				      ns_to_ktime((u64)first * NSEC_PER_USEC),
				      HRTIMER_MODE_REL_SOFT);
			hrtimer_start(&b->echo_detect_timer,
				      ns_to_ktime(act->echo_detect_us * NSEC_PER_USEC),
				      HRTIMER_MODE_REL_SOFT);
			b->echo_stall_grace = false;
		} else {
			hrtimer_try_to_cancel(&b->echo_timer);
			hrtimer_try_to_cancel(&b->echo_detect_timer);
		}
	}

	if (act->flags & BFD_ACT_STATE) {
		if (act->new_state == BFD_STATE_UP)
			b->stats.up_transitions++;
		if (act->old_state == BFD_STATE_UP) {
			b->stats.down_transitions++;
			b->last_down_diag = act->diag;
		}
		dcvif_nl_bfd_state_ntf(b, act->old_state);
		if (b->owner->ops->state_changed)
			b->owner->ops->state_changed(b);
	}
	if ((act->flags & BFD_ACT_CARRIER_DOWN) && b->coupling && !b->holding_down) {
		b->holding_down = true;
		b->owner->ops->hold_carrier(b, true);
	}
	if ((act->flags & BFD_ACT_CARRIER_UP) && b->holding_down) {
		b->holding_down = false;
		b->owner->ops->hold_carrier(b, false);
	}
}

/*
 * Packets are sent after the session lock is dropped, so one built by the TX
 * timer on one CPU can reach the wire after the packet announcing a state
 * change built later on another (seen after a vCPU stall: Down, then a stale
 * Up). A peer in Init takes a stale Up for a three-way handshake and comes
 * Up against a session that is Down. A packet whose state is no longer the
 * session's is not sent: the change sent its own packet (bfd_act_finish()).
 */
static void dcvif_bfd_send(struct dcvif_bfd *b, struct dcvif_bfd_out *out)
{
	int i;

	for (i = 0; i < out->n; i++) {
		if (!out->len[i])
			continue;
		if (out->buf[i][1] >> 6 != READ_ONCE(b->s.state))
			continue;
		dcvif_bfd_xmit(b, out->buf[i], out->len[i], false);
	}
}

static enum hrtimer_restart dcvif_bfd_tx_timer(struct hrtimer *t)
{
	struct dcvif_bfd *b = container_of(t, struct dcvif_bfd, tx_timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	struct dcvif_bfd_out out = {};
	struct bfd_actions act;

	spin_lock_bh(&b->lock);
	/*
	 * Not when the receive path or a parameter change re-armed it while
	 * we waited for the lock: that schedule stands (and forwarding an
	 * enqueued timer is a bug).
	 */
	if (!b->dying && !hrtimer_is_queued(t)) {
		bfd_session_tx_timer(&b->s, dcvif_bfd_rnd(), &act);
		dcvif_bfd_apply(b, &act, &out, true, false);
		if (act.flags & BFD_ACT_TX_ARM) {
			hrtimer_forward_now(t, ns_to_ktime((u64)act.tx_us * NSEC_PER_USEC));
			ret = HRTIMER_RESTART;
		}
	}
	spin_unlock_bh(&b->lock);
	dcvif_bfd_send(b, &out);
	return ret;
}

/*
 * The detection timer ran more than one receive interval late: this CPU did
 * not run for that long (a stalled guest vCPU, an interrupt storm), and the
 * peer's packets that arrived meanwhile may still wait in the receive
 * backlog, which runs after this softirq. Such an expiry is no evidence of
 * the peer's silence yet: it gets one more receive interval, once; a packet
 * in it proves the peer alive (and re-arms the timer), its absence confirms
 * the detection. Where the CPU is not stalled this never triggers, and it
 * costs a real failure at most one interval. b->lock held.
 */
static bool dcvif_bfd_grace(struct hrtimer *t, u64 interval, bool *grace)
{
	u64 late;

	late = ktime_to_us(ktime_sub(ktime_get(), hrtimer_get_expires(t)));
	if (*grace || !interval || late <= interval) {
		*grace = false;
		return false;
	}
	*grace = true;
	/*
	 * From now, not along the old schedule (hrtimer_forward_now()): a
	 * timer late by 1.99 intervals would get a hundredth of one.
	 */
	hrtimer_set_expires(t, ktime_add_us(ktime_get(), interval));
	return true;
}

static bool dcvif_bfd_stall_grace(struct dcvif_bfd *b, struct hrtimer *t)
{
	u64 interval = bfd_session_detect_time(&b->s);

	if (b->s.remote_detect_mult)
		interval = div_u64(interval, b->s.remote_detect_mult);
	return dcvif_bfd_grace(t, interval, &b->stall_grace);
}

static enum hrtimer_restart dcvif_bfd_detect_timer(struct hrtimer *t)
{
	struct dcvif_bfd *b = container_of(t, struct dcvif_bfd, detect_timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	struct dcvif_bfd_out out = {};
	struct bfd_actions act;

	spin_lock_bh(&b->lock);
	/* Not when a packet re-armed it while we waited for the lock. */
	if (!b->dying && !hrtimer_is_queued(t)) {
		if (dcvif_bfd_stall_grace(b, t)) {
			ret = HRTIMER_RESTART;
		} else {
			bfd_session_detect_timer(&b->s, dcvif_bfd_rnd(), &act);
			dcvif_bfd_apply(b, &act, &out, false, true);
			if (act.flags & BFD_ACT_DETECT_ARM) {
				hrtimer_forward_now(t, ns_to_ktime(act.detect_us * NSEC_PER_USEC));
				ret = HRTIMER_RESTART;
			}
		}
	}
	spin_unlock_bh(&b->lock);
	dcvif_bfd_send(b, &out);
	return ret;
}

/* Send the next Echo packet while the Echo function runs. */
static enum hrtimer_restart dcvif_bfd_echo_tx_timer(struct hrtimer *t)
{
	struct dcvif_bfd *b = container_of(t, struct dcvif_bfd, echo_timer);
	struct dcvif_bfd_echo e;
	u32 next = 0;

	spin_lock_bh(&b->lock);
	/* Not when Echo stopped, or restarted at another pace meanwhile. */
	if (!b->dying && b->s.echo_active && !hrtimer_is_queued(t)) {
		e.magic = htonl(DCVIF_BFD_ECHO_MAGIC);
		e.discr = htonl(b->s.local_discr);
		e.cookie = cpu_to_be64(b->echo_cookie);
		e.seq = htonl(b->echo_seq++);
		/* RFC 5880 6.8.9 allows the jitter of Control packets. */
		next = bfd_jitter(b->s.echo_interval, b->s.detect_mult, dcvif_bfd_rnd());
	}
	spin_unlock_bh(&b->lock);
	if (!next)
		return HRTIMER_NORESTART;
	dcvif_bfd_xmit(b, &e, sizeof(e), true);
	hrtimer_forward_now(t, ns_to_ktime((u64)next * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

/* No Echo packet came back for the Echo detection time (RFC 5880 6.8.9). */
static enum hrtimer_restart dcvif_bfd_echo_detect_timer(struct hrtimer *t)
{
	struct dcvif_bfd *b = container_of(t, struct dcvif_bfd, echo_detect_timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	struct dcvif_bfd_out out = {};
	struct bfd_actions act;

	spin_lock_bh(&b->lock);
	if (!b->dying && !hrtimer_is_queued(t)) {
		/* A stalled CPU is no lost Echo packet: see dcvif_bfd_stall_grace(). */
		if (dcvif_bfd_grace(t, b->s.echo_interval, &b->echo_stall_grace)) {
			ret = HRTIMER_RESTART;
		} else {
			bfd_session_echo_timer(&b->s, dcvif_bfd_rnd(), &act);
			dcvif_bfd_apply(b, &act, &out, false, false);
		}
	}
	spin_unlock_bh(&b->lock);
	dcvif_bfd_send(b, &out);
	return ret;
}

/*
 * One of our Echo packets back from the peer? The peer's own Echo packets
 * (to its address) are not ours: the IP stack forwards them back to it.
 * Context: softirq, RCU read side; @skb data at the network header, the
 * UDP header pulled at @nhlen.
 */
static bool dcvif_bfd_echo_rx(struct dcvif_bfd_owner *o, struct sk_buff *skb,
			      u8 family, unsigned int nhlen)
{
	struct dcvif_bfd_out out = {};
	const struct dcvif_bfd_echo *e;
	const void *saddr, *daddr;
	struct bfd_actions act;
	struct dcvif_bfd *b;
	bool ours;

	if (!pskb_may_pull(skb, nhlen + sizeof(struct udphdr) + sizeof(*e)))
		return false;
	e = (const void *)(skb->data + nhlen + sizeof(struct udphdr));
	if (e->magic != htonl(DCVIF_BFD_ECHO_MAGIC))
		return false;
	b = xa_load(&dcvif_bfd_discrs, ntohl(e->discr));
	if (!b || b->owner != o || b->family != family ||
	    e->cookie != cpu_to_be64(b->echo_cookie))
		return false;
	if (family == AF_INET) {
		saddr = &((const struct iphdr *)skb->data)->saddr;
		daddr = &((const struct iphdr *)skb->data)->daddr;
		ours = b->local.v4 == *(const __be32 *)saddr &&
		       b->local.v4 == *(const __be32 *)daddr;
	} else {
		saddr = &((const struct ipv6hdr *)skb->data)->saddr;
		daddr = &((const struct ipv6hdr *)skb->data)->daddr;
		ours = ipv6_addr_equal(&b->local.v6, saddr) &&
		       ipv6_addr_equal(&b->local.v6, daddr);
	}
	if (!ours)
		return false;

	spin_lock(&b->lock);
	if (!b->dying && b->s.echo_active) {
		b->stats.echo_rx_packets++;
		hrtimer_start(&b->echo_detect_timer,
			      ns_to_ktime(bfd_session_echo_detect_time(&b->s) * NSEC_PER_USEC),
			      HRTIMER_MODE_REL_SOFT);
		b->echo_stall_grace = false;
		/* The first one back after an Echo failure returns the carrier. */
		bfd_session_echo_rx(&b->s, &act);
		dcvif_bfd_apply(b, &act, &out, false, false);
	}
	spin_unlock(&b->lock);
	consume_skb(skb);
	return true;
}

/* Which session does this packet belong to? Your Discriminator, or for a
 * packet that carries none yet, the peer's address on this owner.
 */
static struct dcvif_bfd *dcvif_bfd_lookup_rx(struct dcvif_bfd_owner *o,
					     u32 your_discr, u8 family,
					     const void *saddr)
{
	struct dcvif_bfd *b;

	if (your_discr) {
		b = xa_load(&dcvif_bfd_discrs, your_discr);
		return b && b->owner == o ? b : NULL;
	}
	list_for_each_entry_rcu(b, &o->sessions, node) {
		if (b->family != family)
			continue;
		if (family == AF_INET ? b->peer.v4 == *(const __be32 *)saddr :
		    ipv6_addr_equal(&b->peer.v6, saddr))
			return b;
	}
	return NULL;
}

static void dcvif_bfd_count_drop(struct dcvif_bfd *b, enum bfd_rx_reason r)
{
	b->stats.rx_drops++;
	switch (r) {
	case BFD_RX_AUTH_UNEXPECTED:
	case BFD_RX_AUTH_MISSING:
	case BFD_RX_AUTH_TYPE:
	case BFD_RX_AUTH_LEN:
	case BFD_RX_AUTH_KEY_ID:
	case BFD_RX_AUTH_SEQ:
	case BFD_RX_AUTH_DIGEST:
		b->stats.drop_auth++;
		break;
	case BFD_RX_ADMIN_DOWN:
		break;
	default:
		b->stats.drop_malformed++;
	}
}

/**
 * dcvif_bfd_rx() - take a BFD control packet off an owner's receive path
 * @o: the VIF the frame's VLAN ID selects, or the member it came in on
 * @skb: the frame, untagged, not shared, data at the network header
 *
 * Context: softirq, RCU read side.
 * Return: true if @skb was a BFD control packet (UDP to the owner's port)
 * and is consumed; false to hand it on.
 */
bool dcvif_bfd_rx(struct dcvif_bfd_owner *o, struct sk_buff *skb)
{
	struct dcvif_bfd_out out = {};
	unsigned int nhlen, ulen;
	struct bfd_actions act;
	const void *saddr, *daddr;
	enum bfd_rx_reason r;
	struct dcvif_bfd *b;
	struct bfd_pkt pkt;
	struct udphdr *uh;
	bool bad_ttl, bad;
	u8 family, *data;
	__wsum csum;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)skb->data;
		nhlen = iph->ihl * 4;
		if (iph->version != 4 || nhlen < sizeof(*iph) ||
		    iph->protocol != IPPROTO_UDP || ip_is_fragment(iph) ||
		    !pskb_may_pull(skb, nhlen + sizeof(*uh)))
			return false;
		iph = (const struct iphdr *)skb->data;
		uh = (struct udphdr *)(skb->data + nhlen);
		if (uh->dest == htons(BFD_ECHO_UDP_PORT) && o->udp_port == BFD_UDP_PORT)
			return dcvif_bfd_echo_rx(o, skb, AF_INET, nhlen);
		if (uh->dest != htons(o->udp_port))
			return false;
		family = AF_INET;
		saddr = &iph->saddr;
		daddr = &iph->daddr;
		bad_ttl = iph->ttl != 255;
		bad = ip_fast_csum(iph, iph->ihl) ||
		      ntohs(iph->tot_len) < nhlen + sizeof(*uh) ||
		      ntohs(iph->tot_len) > skb->len;
		ulen = ntohs(uh->len);
		bad |= ulen < sizeof(*uh) || nhlen + ulen > ntohs(iph->tot_len);
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;

		nhlen = sizeof(*ip6h);
		if (!pskb_may_pull(skb, nhlen + sizeof(*uh)))
			return false;
		ip6h = (const struct ipv6hdr *)skb->data;
		/* Single hop: no extension headers to walk. */
		if (ip6h->version != 6 || ip6h->nexthdr != IPPROTO_UDP)
			return false;
		uh = (struct udphdr *)(skb->data + nhlen);
		if (uh->dest == htons(BFD_ECHO_UDP_PORT) && o->udp_port == BFD_UDP_PORT)
			return dcvif_bfd_echo_rx(o, skb, AF_INET6, nhlen);
		if (uh->dest != htons(o->udp_port))
			return false;
		family = AF_INET6;
		saddr = &ip6h->saddr;
		daddr = &ip6h->daddr;
		bad_ttl = ip6h->hop_limit != 255;
		ulen = ntohs(uh->len);
		bad = ulen < sizeof(*uh) || ulen > ntohs(ip6h->payload_len) ||
		      nhlen + ntohs(ip6h->payload_len) > skb->len;
	} else {
		return false;
	}

	/* From here on the packet is ours: counted and consumed. */
	if (bad || !pskb_may_pull(skb, nhlen + ulen))
		goto no_session;
	/* pskb_may_pull() may have moved the data. */
	uh = (struct udphdr *)(skb->data + nhlen);
	if (family == AF_INET) {
		saddr = &((const struct iphdr *)skb->data)->saddr;
		daddr = &((const struct iphdr *)skb->data)->daddr;
	} else {
		saddr = &((const struct ipv6hdr *)skb->data)->saddr;
		daddr = &((const struct ipv6hdr *)skb->data)->daddr;
	}
	data = (u8 *)(uh + 1);
	ulen -= sizeof(*uh);

	b = dcvif_bfd_lookup_rx(o, ulen >= 12 ? bfd_get_be32(data + 8) : 0,
				family, saddr);
	if (!b)
		goto no_session;

	spin_lock(&b->lock);
	if (b->dying) {
		spin_unlock(&b->lock);
		goto consume;
	}
	if (bad_ttl) {
		b->stats.rx_drops++;
		b->stats.drop_bad_ttl++;
		goto unlock;
	}
	/* The addresses must be the session's, and the UDP checksum right. */
	if (family == AF_INET ?
	    b->peer.v4 != *(const __be32 *)saddr || b->local.v4 != *(const __be32 *)daddr :
	    !ipv6_addr_equal(&b->peer.v6, saddr) || !ipv6_addr_equal(&b->local.v6, daddr)) {
		dcvif_bfd_count_drop(b, BFD_RX_NO_SESSION);
		goto unlock;
	}
	if (skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    skb->ip_summed != CHECKSUM_PARTIAL &&
	    (uh->check || family == AF_INET6)) {
		csum = csum_partial(uh, ulen + sizeof(*uh), 0);
		if (family == AF_INET ?
		    csum_tcpudp_magic(*(const __be32 *)saddr, *(const __be32 *)daddr,
				      ulen + sizeof(*uh), IPPROTO_UDP, csum) :
		    csum_ipv6_magic(saddr, daddr, ulen + sizeof(*uh),
				    IPPROTO_UDP, csum)) {
			dcvif_bfd_count_drop(b, BFD_RX_LEN_PAYLOAD);
			goto unlock;
		}
	}

	/*
	 * The whole UDP payload: a peer's RFC 9764 padding after Length is
	 * accepted and ignored (not malformed), and digests cover Length.
	 */
	r = bfd_pkt_parse(data, ulen, &pkt);
	if (r == BFD_RX_OK)
		r = bfd_session_rx(&b->s, &pkt, data, dcvif_bfd_rnd(), &act);
	if (r != BFD_RX_OK) {
		dcvif_bfd_count_drop(b, r);
		/* Discarded, but the peer's new timing is taken (RFC 5880 6.8.6). */
		if (r == BFD_RX_ADMIN_DOWN)
			dcvif_bfd_apply(b, &act, &out, false, false);
		goto unlock;
	}
	b->stats.rx_packets++;
	/* Where to send even when the neighbour table has forgotten it. */
	ether_addr_copy(b->peer_mac, eth_hdr(skb)->h_source);
	b->peer_mac_valid = true;
	dcvif_bfd_apply(b, &act, &out, false, false);
unlock:
	spin_unlock(&b->lock);
	dcvif_bfd_send(b, &out);
consume:
	consume_skb(skb);
	return true;

no_session:
	atomic64_inc(&o->drop_no_session);
	kfree_skb(skb);
	return true;
}

/* The core's reasons, as extack wants them: literals. */
static void dcvif_bfd_cfg_err(struct netlink_ext_ack *extack, enum bfd_cfg_err e)
{
	switch (e) {
	case BFD_CFG_AUTH_KEY:
		NL_SET_ERR_MSG_MOD(extack,
				   "authentication key length out of range (1-16, SHA1 1-20)");
		break;
	case BFD_CFG_AUTH_TYPE:
		NL_SET_ERR_MSG_MOD(extack, "unknown authentication type");
		break;
	case BFD_CFG_ECHO:
		NL_SET_ERR_MSG_MOD(extack,
				   "echo-tx-interval must be 0 (off) or at least 1000 us");
		break;
	default:
		/* Intervals and multiplier: the policy refuses zeros first. */
		NL_SET_ERR_MSG_MOD(extack, "invalid BFD session parameters");
	}
}

/**
 * dcvif_bfd_new() - create a session on a VIF or a LAG member
 * @o: the owner
 * @b: the session, filled in by the caller (addresses, family, coupling)
 * @cfg: protocol parameters; local discriminator chosen here
 * @extack: for the reason of a failure
 *
 * Context: RTNL held.
 * Return: 0, or a negative errno (and @b freed).
 */
int dcvif_bfd_new(struct dcvif_bfd_owner *o, struct dcvif_bfd *b,
		  struct bfd_session_cfg *cfg, struct netlink_ext_ack *extack)
{
	struct dcvif_bfd_out out = {};
	struct bfd_actions act;
	enum bfd_cfg_err cerr;
	int err;

	err = dcvif_bfd_crypto_check(cfg->auth.type, extack);
	if (err) {
		kfree(b);
		return err;
	}
	b->owner = o;
	spin_lock_init(&b->lock);
	hrtimer_init(&b->tx_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	b->tx_timer.function = dcvif_bfd_tx_timer;
	hrtimer_init(&b->detect_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	b->detect_timer.function = dcvif_bfd_detect_timer;
	hrtimer_init(&b->echo_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	b->echo_timer.function = dcvif_bfd_echo_tx_timer;
	hrtimer_init(&b->echo_detect_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	b->echo_detect_timer.function = dcvif_bfd_echo_detect_timer;
	b->echo_cookie = get_random_u64();
	b->sport = htons(49152 + get_random_u32_below(16384));
	cfg->xmit_auth_seq = get_random_u32();
	/* Receivers find it by discriminator at once: not before it is set up. */
	b->dying = true;

	/* Random, nonzero and unique (RFC 5880 section 6.8.1). */
	do {
		cfg->local_discr = get_random_u32();
		err = cfg->local_discr ?
		      xa_insert(&dcvif_bfd_discrs, cfg->local_discr, b, GFP_KERNEL) :
		      -EBUSY;
	} while (err == -EBUSY);
	if (err)
		goto free;

	spin_lock_bh(&b->lock);
	cerr = bfd_session_init(&b->s, cfg, dcvif_bfd_rnd(), &act);
	if (cerr == BFD_CFG_OK) {
		b->dying = false;
		dcvif_bfd_apply(b, &act, &out, false, false);
	}
	spin_unlock_bh(&b->lock);
	if (cerr != BFD_CFG_OK) {
		dcvif_bfd_cfg_err(extack, cerr);
		err = -EINVAL;
		goto erase;
	}

	list_add_tail_rcu(&b->node, &o->sessions);
	dcvif_bfd_count(o, 1);
	dcvif_bfd_send(b, &out);
	return 0;

erase:
	/*
	 * A receiver may have loaded it from the xarray (it found it dying and
	 * left it alone): freed after a grace period, keys wiped now.
	 */
	xa_erase(&dcvif_bfd_discrs, cfg->local_discr);
	spin_lock_bh(&b->lock);
	memzero_explicit(&b->s.auth, sizeof(b->s.auth));
	spin_unlock_bh(&b->lock);
	kfree_rcu(b, rcu);
	return err;
free:
	memzero_explicit(&b->s.auth, sizeof(b->s.auth));
	kfree(b);
	return err;
}

/* Stop a session for good and free it after a grace period; it is already
 * off its owner's list.  RTNL held.
 */
static void dcvif_bfd_destroy(struct dcvif_bfd *b)
{
	bool holding;

	spin_lock_bh(&b->lock);
	b->dying = true;
	holding = b->holding_down;
	b->holding_down = false;
	spin_unlock_bh(&b->lock);
	/* No callback can rearm them now that the session is dying. */
	hrtimer_cancel(&b->tx_timer);
	hrtimer_cancel(&b->detect_timer);
	hrtimer_cancel(&b->echo_timer);
	hrtimer_cancel(&b->echo_detect_timer);

	xa_erase(&dcvif_bfd_discrs, b->s.local_discr);
	if (holding)
		b->owner->ops->hold_carrier(b, false);
	/* Keys do not outlive the session (receivers may still see it). */
	spin_lock_bh(&b->lock);
	memzero_explicit(&b->s.auth, sizeof(b->s.auth));
	spin_unlock_bh(&b->lock);
	kfree_rcu(b, rcu);
}

static void dcvif_bfd_unlink(struct dcvif_bfd *b)
{
	list_del_rcu(&b->node);
	dcvif_bfd_count(b->owner, -1);
}

/* Have the reaper run at @when at the latest; RTNL held. */
static void dcvif_bfd_reap_at(unsigned long when)
{
	/*
	 * Not pending includes running: the reaper has not taken RTNL yet,
	 * so a second run is queued, which finds nothing or what is due.
	 */
	if (delayed_work_pending(&dcvif_bfd_reaper) &&
	    !time_before(when, dcvif_bfd_reap_due))
		return;
	dcvif_bfd_reap_due = when;
	mod_delayed_work(system_wq, &dcvif_bfd_reaper,
			 time_after(when, jiffies) ? when - jiffies : 0);
}

static void dcvif_bfd_reap(struct work_struct *work)
{
	struct dcvif_bfd *b, *tmp;
	unsigned long next = 0;

	rtnl_lock();
	list_for_each_entry_safe(b, tmp, &dcvif_bfd_draining, drain_node) {
		if (time_after_eq(jiffies, b->drain_end)) {
			list_del(&b->drain_node);
			dcvif_bfd_destroy(b);
		} else if (!next || time_before(b->drain_end, next)) {
			next = b->drain_end;
		}
	}
	if (next)
		dcvif_bfd_reap_at(next);
	rtnl_unlock();
}

/**
 * dcvif_bfd_del() - delete a session
 * @b: the session
 *
 * The session leaves its owner at once (a new one with the same peer may
 * be created).  One that is Up or Init first tells its peer AdminDown, for the
 * Detection Time the peer applies to it (RFC 5880 section 6.8.16), so the
 * peer sees an administrative stop rather than a failure (RFC 5882 section
 * 3.2).  An owner held down by the session gets its carrier back now.
 *
 * Context: RTNL held.
 */
void dcvif_bfd_del(struct dcvif_bfd *b)
{
	struct dcvif_bfd_out out = {};
	struct bfd_actions act;
	u64 detect_us = 0;

	dcvif_bfd_unlink(b);
	spin_lock_bh(&b->lock);
	if (b->s.state == BFD_STATE_UP || b->s.state == BFD_STATE_INIT) {
		/* What the peer waits for before calling us dead. */
		detect_us = (u64)b->s.detect_mult * bfd_session_tx_interval(&b->s);
		bfd_session_set_admin(&b->s, true, dcvif_bfd_rnd(), &act);
		/* AdminDown is no failure: a held carrier is released. */
		dcvif_bfd_apply(b, &act, &out, false, false);
	}
	spin_unlock_bh(&b->lock);
	if (!detect_us) {
		dcvif_bfd_destroy(b);
		return;
	}
	dcvif_bfd_send(b, &out);
	/*
	 * The peer sets the interval (up to 2^32 - 1 us, times up to 255):
	 * AdminDown goes on for at most DCVIF_BFD_DRAIN_MAX_US. A peer that
	 * heard one is Down already; this only covers lost packets.
	 */
	detect_us = min_t(u64, detect_us, DCVIF_BFD_DRAIN_MAX_US);
	b->drain_end = jiffies + usecs_to_jiffies(detect_us) + 1;
	list_add_tail(&b->drain_node, &dcvif_bfd_draining);
	/* The reaper runs at the earliest end and rearms for the next. */
	dcvif_bfd_reap_at(b->drain_end);
}

/**
 * dcvif_bfd_flush() - delete every session of an owner, at once
 * @o: the VIF or member, about to go away
 *
 * Sessions still telling their peer AdminDown stop too: they use the owner.
 *
 * Context: RTNL held.
 */
void dcvif_bfd_flush(struct dcvif_bfd_owner *o)
{
	struct dcvif_bfd *b, *tmp;

	list_for_each_entry_safe(b, tmp, &o->sessions, node) {
		dcvif_bfd_unlink(b);
		dcvif_bfd_destroy(b);
	}
	list_for_each_entry_safe(b, tmp, &dcvif_bfd_draining, drain_node) {
		if (b->owner != o)
			continue;
		list_del(&b->drain_node);
		dcvif_bfd_destroy(b);
	}
}

/**
 * dcvif_bfd_set() - change a session's parameters, admin state or key
 * @b: the session
 * @tx: desired min TX interval (us), 0 to keep
 * @rx: required min RX interval (us), 0 to keep
 * @mult: detect multiplier, 0 to keep
 * @admin: 0 up, 1 down, -1 to keep
 * @key: new authentication, or NULL to keep
 * @extack: for the reason of a failure
 *
 * Interval changes while Up run a Poll Sequence (RFC 5880 section 6.5).
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno.
 */
int dcvif_bfd_set(struct dcvif_bfd *b, u32 tx, u32 rx, u8 mult, int admin,
		  const struct bfd_auth_key *key, struct netlink_ext_ack *extack)
{
	struct dcvif_bfd_out out = {};
	enum bfd_cfg_err cerr = BFD_CFG_OK;
	struct bfd_actions act;
	int err;

	if (key) {
		err = dcvif_bfd_crypto_check(key->type, extack);
		if (err)
			return err;
	}
	spin_lock_bh(&b->lock);
	if (key) {
		cerr = bfd_session_set_auth(&b->s, key, get_random_u32());
		if (cerr != BFD_CFG_OK)
			goto unlock;
	}
	if (tx || rx || mult) {
		cerr = bfd_session_set_params(&b->s, tx ? : b->s.cfg_desired_min_tx,
					      rx ? : b->s.cfg_required_min_rx,
					      mult ? : b->s.cfg_detect_mult,
					      dcvif_bfd_rnd(), &act);
		if (cerr != BFD_CFG_OK)
			goto unlock;
		dcvif_bfd_apply(b, &act, &out, false, false);
	}
	if (admin >= 0) {
		bfd_session_set_admin(&b->s, admin, dcvif_bfd_rnd(), &act);
		dcvif_bfd_apply(b, &act, &out, false, false);
	}
unlock:
	spin_unlock_bh(&b->lock);
	if (cerr != BFD_CFG_OK) {
		dcvif_bfd_cfg_err(extack, cerr);
		return -EINVAL;
	}
	dcvif_bfd_send(b, &out);
	return 0;
}

/**
 * dcvif_bfd_set_echo() - configure a session's Echo function
 * @b: the session
 * @echo_tx: our Echo interval (us), 0 for none
 * @echo_rx: Required Min Echo RX Interval to advertise (us), 0 for none
 * @extack: for the reason of a failure
 *
 * Context: RTNL held; the caller checked that the owner loops Echo
 * packets if @echo_rx is nonzero.
 * Return: 0 or a negative errno.
 */
int dcvif_bfd_set_echo(struct dcvif_bfd *b, u32 echo_tx, u32 echo_rx,
		       struct netlink_ext_ack *extack)
{
	struct dcvif_bfd_out out = {};
	enum bfd_cfg_err cerr;
	struct bfd_actions act;

	spin_lock_bh(&b->lock);
	cerr = bfd_session_set_echo(&b->s, echo_tx, echo_rx, dcvif_bfd_rnd(), &act);
	if (cerr == BFD_CFG_OK)
		dcvif_bfd_apply(b, &act, &out, false, false);
	spin_unlock_bh(&b->lock);
	if (cerr != BFD_CFG_OK) {
		dcvif_bfd_cfg_err(extack, cerr);
		return -EINVAL;
	}
	dcvif_bfd_send(b, &out);
	return 0;
}

/**
 * dcvif_bfd_set_coupling() - switch the carrier coupling of a session
 * @b: the session
 * @on: couple
 *
 * Context: RTNL held.
 */
void dcvif_bfd_set_coupling(struct dcvif_bfd *b, bool on)
{
	bool release;

	spin_lock_bh(&b->lock);
	b->coupling = on;
	release = !on && b->holding_down;
	if (release)
		b->holding_down = false;
	spin_unlock_bh(&b->lock);
	if (release)
		b->owner->ops->hold_carrier(b, false);
}

/**
 * dcvif_bfd_find() - the session of an owner with a peer address
 * @o: the VIF or member
 * @family: AF_INET or AF_INET6
 * @peer: the peer's address
 *
 * Context: RTNL held.
 * Return: the session or NULL.
 */
struct dcvif_bfd *dcvif_bfd_find(struct dcvif_bfd_owner *o, u8 family,
				 const void *peer)
{
	struct dcvif_bfd *b;

	list_for_each_entry(b, &o->sessions, node) {
		if (b->family != family)
			continue;
		if (family == AF_INET ? b->peer.v4 == *(const __be32 *)peer :
		    ipv6_addr_equal(&b->peer.v6, peer))
			return b;
	}
	return NULL;
}

/**
 * dcvif_bfd_exit() - module exit: every session is gone by now
 */
void dcvif_bfd_exit(void)
{
	cancel_delayed_work_sync(&dcvif_bfd_reaper);
	WARN_ON(!xa_empty(&dcvif_bfd_discrs));
	xa_destroy(&dcvif_bfd_discrs);
}
