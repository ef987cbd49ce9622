// SPDX-License-Identifier: GPL-2.0
/*
 * The LAG netdevice (link kind "dclag"): up to a few Ethernet ports bonded
 * into one link, traffic spread by a flow hash over the active members, and
 * carrier only while at least min-links members are active.
 *
 * Modelled on drivers/net/bonding (802.3ad with a layer3+4 hash) and team.
 * Member state is decided under RTNL; the data path reads it under RCU.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>

#include "dcvif.h"
#include "lag.h"
#include "netlink.h"

/* What a VLAN device (a VIF) on the LAG may use, as bonding offers it. */
#define DCLAG_VLAN_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE | \
				 NETIF_F_HIGHDMA)

static rx_handler_result_t dclag_handle_frame(struct sk_buff **pskb);

/**
 * netif_is_dclag() - is this a LAG?
 * @dev: any net device
 *
 * Return: true for dclag LAGs.
 */
bool netif_is_dclag(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &dclag_link_ops;
}

/* The member behind a port, or NULL. RTNL held. */
static struct dclag_member *dclag_member_rtnl(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != dclag_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/* Mb/s, or 0 when the port does not know (dummy, some virtual devices). */
static u32 dclag_port_speed(struct net_device *port)
{
	struct ethtool_link_ksettings ks;

	if (__ethtool_get_link_ksettings(port, &ks))
		return 0;
	if (ks.base.speed == 0 || ks.base.speed == (u32)SPEED_UNKNOWN)
		return 0;
	return ks.base.speed;
}

static bool dclag_port_up(const struct net_device *port)
{
	return netif_running(port) && netif_carrier_ok(port);
}

static u8 dclag_member_reason(const struct dclag *lag,
			      const struct dclag_member *m, u32 ref_speed)
{
	if (!dclag_port_up(m->dev))
		return DCLAG_MEMBER_REASON_CARRIER;
	if (ref_speed && m->speed && m->speed != ref_speed)
		return DCLAG_MEMBER_REASON_SPEED;
	if (lag->lacp != DCLAG_LACP_OFF && !READ_ONCE(m->lacp_cd))
		return DCLAG_MEMBER_REASON_LACP;
	/* RFC 7130 section 3: not in the active set until micro-BFD is Up. */
	if (lag->mbfd.on && !READ_ONCE(m->mbfd_up))
		return DCLAG_MEMBER_REASON_BFD;
	return DCLAG_MEMBER_REASON_NONE;
}

static void dclag_lower_state(struct dclag_member *m)
{
	struct netdev_lag_lower_state_info info = {
		.link_up = dclag_port_up(m->dev),
		.tx_enabled = m->active,
	};

	netdev_lower_state_changed(m->dev, &info);
}

/*
 * Rendezvous: each bucket goes to the active member that scores highest,
 * with the runner-up as its backup. @act is in member list order, so
 * equal scores (one in 2^32) break the same way every time.
 */
static void dclag_fill_map(struct dclag *lag, struct dclag_member **act,
			   unsigned int n)
{
	struct dclag_member *best, *second;
	u32 score, top, next;
	unsigned int b, i;

	for (b = 0; b < DCLAG_BUCKETS; b++) {
		best = NULL;
		second = NULL;
		top = 0;
		next = 0;
		for (i = 0; i < n; i++) {
			score = jhash_2words(b, act[i]->seed, 0);
			if (!best || score > top) {
				second = best;
				next = top;
				best = act[i];
				top = score;
			} else if (!second || score > next) {
				second = act[i];
				next = score;
			}
		}
		/*
		 * A reader may mix old and new entries: at worst a frame
		 * goes out on a member that has just left, never on a
		 * freed one (members are freed a grace period after they
		 * leave the map).
		 */
		if (READ_ONCE(lag->map[b].backup) != second)
			WRITE_ONCE(lag->map[b].backup, second);
		if (READ_ONCE(lag->map[b].tx) != best)
			WRITE_ONCE(lag->map[b].tx, best);
	}
}

/*
 * Decide which members carry traffic, rebuild the TX map and set the
 * carrier: on exactly when active members >= min-links (0 acts as 1).
 * Called on every member event, LACP coll/dist change and option change.
 * RTNL held.
 */
void dclag_update(struct dclag *lag)
{
	struct dclag_member *act[DCLAG_MEMBERS_LIMIT];
	struct net_device *dev = lag->dev;
	unsigned int n = 0, need;
	struct dclag_member *m;
	u32 ref_speed = 0;
	bool active, was;
	u8 reason;

	ASSERT_RTNL();

	/* The first member up with a known speed sets the LAG's speed. */
	list_for_each_entry(m, &lag->members, list) {
		if (dclag_port_up(m->dev) && m->speed) {
			ref_speed = m->speed;
			break;
		}
	}

	list_for_each_entry(m, &lag->members, list) {
		reason = dclag_member_reason(lag, m, ref_speed);
		active = reason == DCLAG_MEMBER_REASON_NONE;
		if (active && n < ARRAY_SIZE(act))
			act[n++] = m;
		was = m->active;
		m->reason = reason;
		if (was == active)
			continue;
		WRITE_ONCE(m->active, active);
		dclag_lower_state(m);
		netdev_info(dev, "member %s %s\n", m->dev->name,
			    active ? "active" : "inactive");
		dcvif_nl_lag_member_ntf(lag, m);
	}
	lag->n_active = n;
	dclag_fill_map(lag, act, n);

	need = max(lag->min_links, 1U);
	if (n >= need && !netif_carrier_ok(dev)) {
		netif_carrier_on(dev);
		netdev_info(dev, "link up: %u of %u members active (min-links %u)\n",
			    n, lag->count, lag->min_links);
		dcvif_nl_lag_carrier_ntf(lag);
	} else if (n < need && netif_carrier_ok(dev)) {
		netif_carrier_off(dev);
		netdev_info(dev, "link down: %u of %u members active (min-links %u)\n",
			    n, lag->count, lag->min_links);
		dcvif_nl_lag_carrier_ntf(lag);
	}
}

static void dclag_compute_features(struct dclag *lag)
{
	netdev_features_t vlan_features = DCLAG_VLAN_FEATURES;
	unsigned short max_hard_header_len = ETH_HLEN;
	unsigned int tso_max_size = TSO_MAX_SIZE;
	struct net_device *dev = lag->dev;
	u16 tso_max_segs = TSO_MAX_SEGS;
	unsigned short headroom = 0;
	struct dclag_member *m;

	if (list_empty(&lag->members))
		goto done;
	vlan_features &= NETIF_F_ALL_FOR_ALL;
	list_for_each_entry(m, &lag->members, list) {
		vlan_features = netdev_increment_features(vlan_features,
							  m->dev->vlan_features,
							  DCLAG_VLAN_FEATURES);
		max_hard_header_len = max(max_hard_header_len,
					  m->dev->hard_header_len);
		headroom = max(headroom, m->dev->needed_headroom);
		tso_max_size = min(tso_max_size, m->dev->tso_max_size);
		tso_max_segs = min(tso_max_segs, m->dev->tso_max_segs);
	}
done:
	dev->vlan_features = vlan_features;
	dev->hard_header_len = max_hard_header_len;
	dev->needed_headroom = headroom;
	netif_set_tso_max_segs(dev, tso_max_segs);
	netif_set_tso_max_size(dev, tso_max_size);
	netdev_change_features(dev);
}

static netdev_features_t dclag_fix_features(struct net_device *dev,
					    netdev_features_t features)
{
	struct dclag *lag = netdev_priv(dev);
	netdev_features_t mask = features;
	struct dclag_member *m;

	features &= ~NETIF_F_ONE_FOR_ALL;
	features |= NETIF_F_ALL_FOR_ALL;
	list_for_each_entry(m, &lag->members, list)
		features = netdev_increment_features(features, m->dev->features,
						     mask);
	features = netdev_add_tso_features(features, mask);
	return features | DCVIF_F_LLTX;
}

/*
 * With LACP the Collector takes a member's frames as soon as its Mux is
 * COLLECTING_DISTRIBUTING (IEEE 802.1AX 6.4.15, coupled control), which our
 * LACPDUs announce at once: a partner may send before the work item that
 * runs dclag_update() has made the member active, and those frames would
 * be lost. Carrier and micro-BFD (RFC 7130: no data traffic until Up) still
 * apply.
 */
static bool dclag_member_can_rx(const struct dclag_member *m)
{
	const struct dclag *lag = m->lag;

	if (READ_ONCE(m->active))
		return true;
	return READ_ONCE(lag->lacp) != DCLAG_LACP_OFF && READ_ONCE(m->lacp_coll) &&
	       dclag_port_up(m->dev) &&
	       (!READ_ONCE(lag->mbfd.on) || READ_ONCE(m->mbfd_up));
}

static rx_handler_result_t dclag_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct dclag_member *m;
	struct net_device *dev;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	m = rcu_dereference(skb->dev->rx_handler_data);
	/* LACPDUs come in on members whatever their state. */
	if (unlikely(skb->protocol == htons(ETH_P_SLOW)) && dclag_lacp_rx(m, skb))
		return RX_HANDLER_CONSUMED;
	/*
	 * So does micro-BFD (untagged IPv4/IPv6, UDP 6784), which decides
	 * whether the member is active; it never reaches the LAG.
	 */
	if (unlikely(!list_empty(&m->mbfd.sessions)) && !skb_vlan_tag_present(skb) &&
	    (skb->protocol == htons(ETH_P_IP) || skb->protocol == htons(ETH_P_IPV6))) {
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (unlikely(!skb))
			return RX_HANDLER_CONSUMED;
		*pskb = skb;
		if (dcvif_bfd_rx(&m->mbfd, skb))
			return RX_HANDLER_CONSUMED;
	}
	/* Frames on a member that is not active go to nobody but taps. */
	if (!dclag_member_can_rx(m))
		return RX_HANDLER_EXACT;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;

	dev = m->lag->dev;
	skb->dev = dev;
	dev_sw_netstats_rx_add(dev, skb->len);
	return RX_HANDLER_ANOTHER;
}

/*
 * Flow hash on L3+L4 of the frame itself, not a socket's random txhash:
 * IPv4 and IPv6 addresses, protocol and, unless the packet is a
 * fragment, the ports (TCP, UDP, SCTP, ...), mixed by jhash with a seed
 * random per LAG, as cheap as bonding's layer3+4. Anything else (ARP,
 * frames tagged in-band) through the generic flow dissector. A VLAN tag
 * from a VIF is out of band here (skb->vlan_tci), so VIF traffic hashes
 * on its IP headers.
 */
static u32 dclag_hash(const struct dclag *lag, struct sk_buff *skb)
{
	int nhoff = skb_network_offset(skb);
	const struct ipv6hdr *ip6;
	const struct iphdr *ip4;
	u32 ports = 0;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_network_may_pull(skb, sizeof(*ip4)))
			break;
		ip4 = ip_hdr(skb);
		if (ip4->ihl < 5)
			break;
		if (!ip_is_fragment(ip4))
			ports = (__force u32)skb_flow_get_ports(skb,
								nhoff + ip4->ihl * 4,
								ip4->protocol);
		return jhash_3words((__force u32)ip4->saddr,
				    (__force u32)ip4->daddr, ports,
				    lag->hash_seed ^ ip4->protocol);
	case htons(ETH_P_IPV6):
		if (!pskb_network_may_pull(skb, sizeof(*ip6)))
			break;
		ip6 = ipv6_hdr(skb);
		/* Ports when they follow the fixed header; 0 otherwise. */
		ports = (__force u32)skb_flow_get_ports(skb, nhoff + sizeof(*ip6),
							ip6->nexthdr);
		return jhash_3words(ipv6_addr_hash(&ip6->saddr),
				    ipv6_addr_hash(&ip6->daddr), ports,
				    lag->hash_seed ^ ip6->nexthdr);
	}
	return skb_get_hash_perturb(skb, &lag->hash_key);
}

/*
 * The driver's own view of the port, which moves before linkwatch tells
 * the notifier (at once for veth, up to a second later for a NIC), and
 * LACP's and micro-BFD's, which move before the work item runs
 * dclag_update().
 */
static bool dclag_member_can_tx(const struct dclag *lag,
				const struct dclag_member *m)
{
	return m && dclag_port_up(m->dev) &&
	       (READ_ONCE(lag->lacp) == DCLAG_LACP_OFF || READ_ONCE(m->lacp_cd)) &&
	       (!READ_ONCE(lag->mbfd.on) || READ_ONCE(m->mbfd_up));
}

static netdev_tx_t dclag_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct dclag *lag = netdev_priv(dev);
	const struct dclag_bucket *b;
	struct dclag_member *m;
	unsigned int len;
	int ret;

	b = &lag->map[dclag_hash(lag, skb) % DCLAG_BUCKETS];
	m = READ_ONCE(b->tx);
	/*
	 * A member that cannot transmit any more is still in the map until
	 * dclag_update() runs: its flows go where they will go then.
	 */
	if (unlikely(!dclag_member_can_tx(lag, m))) {
		m = READ_ONCE(b->backup);
		if (!dclag_member_can_tx(lag, m)) {
			dev_core_stats_tx_dropped_inc(dev);
			kfree_skb(skb);
			return NETDEV_TX_OK;
		}
	}

	skb->dev = m->dev;
	len = skb->len;
	ret = dev_queue_xmit(skb);
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(dev);
	return NETDEV_TX_OK;
}

static int dclag_check_port(struct dclag *lag, struct net_device *port,
			    u32 speed, struct netlink_ext_ack *extack)
{
	struct net_device *dev = lag->dev;
	struct dclag_member *m;

	if (port->type != ARPHRD_ETHER || port->addr_len != ETH_ALEN ||
	    (port->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG_MOD(extack, "a LAG member must be an Ethernet device");
		return -EINVAL;
	}
	if (netif_is_dclag(port)) {
		NL_SET_ERR_MSG_MOD(extack, "a LAG cannot be a member of another LAG");
		return -EINVAL;
	}
	if (netif_is_dcvif(port)) {
		NL_SET_ERR_MSG_MOD(extack, "a dcvif VIF cannot be a LAG member");
		return -EINVAL;
	}
	if (netdev_master_upper_dev_get(port)) {
		NL_SET_ERR_MSG_MOD(extack, "device already has a master");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(port)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "device already has a receive handler (bridge, bond, macvlan port or dcvif VIFs?)");
		return -EBUSY;
	}
	if (lag->count >= lag->max_members) {
		DCVIF_ERR_FMT(extack, "LAG already has its maximum number of members",
			      "LAG %s already has its maximum of %u members",
			      dev->name, lag->max_members);
		return -ENOSPC;
	}
	if (!speed)
		return 0;
	list_for_each_entry(m, &lag->members, list) {
		if (m->speed && m->speed != speed) {
			DCVIF_ERR_FMT(extack,
				      "member speed differs from the speed of the LAG's members",
				      "%s runs at %u Mb/s but member %s of %s at %u Mb/s",
				      port->name, speed, m->dev->name, dev->name,
				      m->speed);
			return -EINVAL;
		}
	}
	return 0;
}

static int dclag_set_port_addr(struct net_device *port, const u8 *addr,
			       struct netlink_ext_ack *extack)
{
	struct sockaddr sa;

	sa.sa_family = port->type;
	memcpy(sa.sa_data, addr, ETH_ALEN);
	return dev_set_mac_address(port, &sa, extack);
}

static int dclag_add_member(struct net_device *dev, struct net_device *port,
			    struct netlink_ext_ack *extack)
{
	struct netdev_lag_upper_info lag_info = {
		.tx_type = NETDEV_LAG_TX_TYPE_HASH,
		.hash_type = NETDEV_LAG_HASH_L34,
	};
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;
	u32 speed;
	int err;

	speed = dclag_port_speed(port);
	err = dclag_check_port(lag, port, speed, extack);
	if (err)
		return err;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->dev = port;
	m->lag = lag;
	m->seed = port->ifindex;
	m->speed = speed;
	m->reason = DCLAG_MEMBER_REASON_CARRIER;
	m->saved_mtu = port->mtu;
	ether_addr_copy(m->saved_addr, port->dev_addr);
	dclag_mbfd_member_init(m);

	if (port->mtu != dev->mtu) {
		err = dev_set_mtu(port, dev->mtu);
		if (err) {
			DCVIF_ERR_FMT(extack, "member refused the LAG's MTU",
				      "%s refused the MTU %u of LAG %s",
				      port->name, dev->mtu, dev->name);
			goto free;
		}
	}

	/* A LAG with a random address takes its first member's (bonding). */
	if (!lag->count && dev->addr_assign_type == NET_ADDR_RANDOM) {
		eth_hw_addr_set(dev, port->dev_addr);
		dev->addr_assign_type = NET_ADDR_STOLEN;
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	} else if (!ether_addr_equal(port->dev_addr, dev->dev_addr)) {
		err = dclag_set_port_addr(port, dev->dev_addr, extack);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack,
					   "member refused the LAG's MAC address");
			goto restore_mtu;
		}
	}

	err = dev_open(port, extack);
	if (err)
		goto restore_addr;

	err = vlan_vids_add_by_dev(port, dev);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "member refused the VLAN IDs of the LAG");
		goto close;
	}

	if (lag->mbfd.on) {
		err = dclag_mbfd_member_start(lag, m, extack);
		if (err)
			goto del_vids;
	}

	err = netdev_rx_handler_register(port, dclag_handle_frame, m);
	if (err)
		goto mbfd_stop;

	port->flags |= IFF_SLAVE;
	err = netdev_master_upper_dev_link(port, dev, m, &lag_info, extack);
	if (err)
		goto unregister_handler;

	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(port, 1);
		if (err)
			goto unlink;
	}
	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(port, 1);
		if (err)
			goto promisc;
	}
	netif_addr_lock_bh(dev);
	dev_uc_sync_multiple(port, dev);
	dev_mc_sync_multiple(port, dev);
	netif_addr_unlock_bh(dev);

	dclag_lacp_member_add(lag, m);
	lag->count++;
	dclag_compute_features(lag);
	dclag_lower_state(m);
	dclag_update(lag);
	return 0;

promisc:
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(port, -1);
unlink:
	netdev_upper_dev_unlink(port, dev);
unregister_handler:
	port->flags &= ~IFF_SLAVE;
	netdev_rx_handler_unregister(port);
mbfd_stop:
	dclag_mbfd_member_stop(m, true);
del_vids:
	vlan_vids_del_by_dev(port, dev);
close:
	dev_close(port);
restore_addr:
	if (!ether_addr_equal(port->dev_addr, m->saved_addr))
		dclag_set_port_addr(port, m->saved_addr, NULL);
restore_mtu:
	if (port->mtu != m->saved_mtu)
		dev_set_mtu(port, m->saved_mtu);
free:
	kfree(m);
	return err;
}

static void dclag_release(struct dclag *lag, struct dclag_member *m)
{
	struct net_device *port = m->dev;
	struct net_device *dev = lag->dev;

	dclag_lacp_member_del(lag, m);
	/* One AdminDown to the peer, then the session is gone with the port. */
	dclag_mbfd_member_stop(m, true);
	lag->count--;
	WRITE_ONCE(m->active, false);
	/* Out of the TX map before the port stops being ours. */
	dclag_update(lag);

	netdev_upper_dev_unlink(port, dev);
	port->flags &= ~IFF_SLAVE;
	/* Waits for receivers in flight (synchronize_net). */
	netdev_rx_handler_unregister(port);

	/* Takes both address locks itself. */
	dev_uc_unsync(port, dev);
	dev_mc_unsync(port, dev);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(port, -1);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(port, -1);
	vlan_vids_del_by_dev(port, dev);

	/* A port on its way out keeps what it has. */
	if (port->reg_state == NETREG_REGISTERED) {
		dev_close(port);
		if (!ether_addr_equal(port->dev_addr, m->saved_addr))
			dclag_set_port_addr(port, m->saved_addr, NULL);
		if (port->mtu != m->saved_mtu)
			dev_set_mtu(port, m->saved_mtu);
	}
	netdev_info(dev, "released member %s\n", port->name);
	kfree_rcu(m, rcu);
	dclag_compute_features(lag);
}

static int dclag_del_member(struct net_device *dev, struct net_device *port)
{
	struct dclag_member *m = dclag_member_rtnl(port);

	if (!m || m->lag != netdev_priv(dev))
		return -EINVAL;
	dclag_release(m->lag, m);
	return 0;
}

static int dclag_dev_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	netif_carrier_off(dev);
	return 0;
}

static void dclag_dev_uninit(struct net_device *dev)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m, *tmp;

	list_for_each_entry_safe(m, tmp, &lag->members, list)
		dclag_release(lag, m);
	dclag_lacp_uninit(lag);
	dclag_mbfd_uninit(lag);
	free_percpu(dev->tstats);
}

static int dclag_open(struct net_device *dev)
{
	return 0;
}

static int dclag_stop(struct net_device *dev)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;

	list_for_each_entry(m, &lag->members, list) {
		dev_uc_unsync(m->dev, dev);
		dev_mc_unsync(m->dev, dev);
	}
	return 0;
}

static void dclag_set_rx_mode(struct net_device *dev)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;

	rcu_read_lock();
	list_for_each_entry_rcu(m, &lag->members, list) {
		dev_uc_sync_multiple(m->dev, dev);
		dev_mc_sync_multiple(m->dev, dev);
	}
	rcu_read_unlock();
}

static void dclag_change_rx_flags(struct net_device *dev, int change)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;

	list_for_each_entry(m, &lag->members, list) {
		if (change & IFF_PROMISC)
			dev_set_promiscuity(m->dev,
					    dev->flags & IFF_PROMISC ? 1 : -1);
		if (change & IFF_ALLMULTI)
			dev_set_allmulti(m->dev,
					 dev->flags & IFF_ALLMULTI ? 1 : -1);
	}
}

static int dclag_change_mtu(struct net_device *dev, int new_mtu)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;
	int err;

	list_for_each_entry(m, &lag->members, list) {
		err = dev_set_mtu(m->dev, new_mtu);
		if (err) {
			netdev_err(dev, "member %s refused MTU %d\n",
				   m->dev->name, new_mtu);
			goto unwind;
		}
	}
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;

unwind:
	list_for_each_entry_continue_reverse(m, &lag->members, list)
		dev_set_mtu(m->dev, dev->mtu);
	return err;
}

static int dclag_set_mac_address(struct net_device *dev, void *p)
{
	struct dclag *lag = netdev_priv(dev);
	struct sockaddr *sa = p;
	struct dclag_member *m;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;

	list_for_each_entry(m, &lag->members, list) {
		err = dclag_set_port_addr(m->dev, sa->sa_data, NULL);
		if (err)
			goto unwind;
	}
	eth_hw_addr_set(dev, sa->sa_data);
	dclag_lacp_addr_changed(lag);
	return 0;

unwind:
	list_for_each_entry_continue_reverse(m, &lag->members, list)
		dclag_set_port_addr(m->dev, dev->dev_addr, NULL);
	return err;
}

static int dclag_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;
	int err;

	list_for_each_entry(m, &lag->members, list) {
		err = vlan_vid_add(m->dev, proto, vid);
		if (err)
			goto unwind;
	}
	return 0;

unwind:
	list_for_each_entry_continue_reverse(m, &lag->members, list)
		vlan_vid_del(m->dev, proto, vid);
	return err;
}

static int dclag_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
				  u16 vid)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;

	list_for_each_entry(m, &lag->members, list)
		vlan_vid_del(m->dev, proto, vid);
	return 0;
}

static const struct net_device_ops dclag_netdev_ops = {
	.ndo_init		= dclag_dev_init,
	.ndo_uninit		= dclag_dev_uninit,
	.ndo_open		= dclag_open,
	.ndo_stop		= dclag_stop,
	.ndo_start_xmit		= dclag_xmit,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= dclag_set_mac_address,
	.ndo_set_rx_mode	= dclag_set_rx_mode,
	.ndo_change_rx_flags	= dclag_change_rx_flags,
	.ndo_change_mtu		= dclag_change_mtu,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_fix_features	= dclag_fix_features,
	.ndo_features_check	= passthru_features_check,
	.ndo_add_slave		= dclag_add_member,
	.ndo_del_slave		= dclag_del_member,
	.ndo_vlan_rx_add_vid	= dclag_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= dclag_vlan_rx_kill_vid,
};

static void dclag_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, DCLAG_KIND, sizeof(info->driver));
	strscpy(info->version, DCVIF_VERSION, sizeof(info->version));
	strscpy(info->fw_version, "N/A", sizeof(info->fw_version));
}

/* As bonding reports it: the sum of the active members' speeds. */
static int dclag_get_link_ksettings(struct net_device *dev,
				    struct ethtool_link_ksettings *cmd)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;
	u32 speed = 0;

	list_for_each_entry(m, &lag->members, list)
		if (m->active)
			speed += m->speed;
	cmd->base.speed = speed ? speed : SPEED_UNKNOWN;
	cmd->base.duplex = lag->n_active ? DUPLEX_FULL : DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static const struct ethtool_ops dclag_ethtool_ops = {
	.get_drvinfo		= dclag_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= dclag_get_link_ksettings,
};

static void dclag_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->flags |= IFF_MASTER;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_UNICAST_FLT;
	/* xmit rewrites skb->dev: no shared skbs (pktgen). */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	netif_keep_dst(dev);
	dev->netdev_ops = &dclag_netdev_ops;
	dev->ethtool_ops = &dclag_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->max_mtu = ETH_MAX_MTU;
	dev->hw_features = DCLAG_VLAN_FEATURES | NETIF_F_HW_VLAN_CTAG_TX |
			   NETIF_F_HW_VLAN_CTAG_RX | NETIF_F_HW_VLAN_CTAG_FILTER;
	dev->features |= dev->hw_features;
	dev->vlan_features = DCLAG_VLAN_FEATURES;
	dcvif_set_lltx(dev);
	/* Replaced by IFLA_ADDRESS if given, or by the first member's. */
	eth_hw_addr_random(dev);
}

static const struct nla_policy dclag_policy[IFLA_DCLAG_MAX + 1] = {
	[IFLA_DCLAG_MIN_LINKS]		= { .type = NLA_U32 },
	[IFLA_DCLAG_LACP]		= { .type = NLA_U8 },
	[IFLA_DCLAG_LACP_RATE]		= { .type = NLA_U8 },
	[IFLA_DCLAG_MICRO_BFD]		= { .type = NLA_U8 },
	[IFLA_DCLAG_MAX_MEMBERS]	= { .type = NLA_U32 },
	[IFLA_DCLAG_MEMBERS]		= { .type = NLA_REJECT,
					    .reject_message = "members is read-only" },
	[IFLA_DCLAG_ACTIVE_MEMBERS]	= { .type = NLA_REJECT,
					    .reject_message = "active-members is read-only" },
	[IFLA_DCLAG_MBFD_LOCAL]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[IFLA_DCLAG_MBFD_PEER]		= { .type = NLA_BINARY,
					    .len = sizeof(struct in6_addr) },
	[IFLA_DCLAG_MBFD_MIN_TX]	= { .type = NLA_U32 },
	[IFLA_DCLAG_MBFD_MIN_RX]	= { .type = NLA_U32 },
	[IFLA_DCLAG_MBFD_MULT]		= { .type = NLA_U8 },
};

static int dclag_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_MOD(extack, "invalid link address (not Ethernet)");
			NL_SET_BAD_ATTR(extack, tb[IFLA_ADDRESS]);
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_MOD(extack, "invalid Ethernet address");
			NL_SET_BAD_ATTR(extack, tb[IFLA_ADDRESS]);
			return -EADDRNOTAVAIL;
		}
	}
	if (!data)
		return 0;

	a = data[IFLA_DCLAG_MIN_LINKS];
	if (a && nla_get_u32(a) > DCLAG_MEMBERS_LIMIT) {
		NL_SET_ERR_MSG_MOD(extack, "min-links must be 0-16");
		NL_SET_BAD_ATTR(extack, a);
		return -ERANGE;
	}
	a = data[IFLA_DCLAG_MAX_MEMBERS];
	if (a && (nla_get_u32(a) < 1 || nla_get_u32(a) > DCLAG_MEMBERS_LIMIT)) {
		NL_SET_ERR_MSG_MOD(extack, "max-members must be 1-16");
		NL_SET_BAD_ATTR(extack, a);
		return -ERANGE;
	}
	a = data[IFLA_DCLAG_LACP];
	if (a && nla_get_u8(a) > DCLAG_LACP_ACTIVE) {
		NL_SET_ERR_MSG_MOD(extack, "unknown LACP mode (off, passive or active)");
		NL_SET_BAD_ATTR(extack, a);
		return -EINVAL;
	}
	a = data[IFLA_DCLAG_LACP_RATE];
	if (a && nla_get_u8(a) > DCLAG_LACP_RATE_FAST) {
		NL_SET_ERR_MSG_MOD(extack, "unknown LACP rate (slow or fast)");
		NL_SET_BAD_ATTR(extack, a);
		return -EINVAL;
	}
	a = data[IFLA_DCLAG_MICRO_BFD];
	if (a && nla_get_u8(a) > 1) {
		NL_SET_ERR_MSG_MOD(extack, "micro-bfd must be 0 (off) or 1 (on)");
		NL_SET_BAD_ATTR(extack, a);
		return -EINVAL;
	}
	return dclag_mbfd_validate(data, extack);
}

/* Checks against the LAG's state, then applies; nothing changes on error. */
static int dclag_apply(struct dclag *lag, struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	u32 max_members = lag->max_members;
	u32 min_links = lag->min_links;
	struct dclag_mbfd_cfg mbfd;
	int err;

	if (!data)
		return 0;
	if (data[IFLA_DCLAG_MAX_MEMBERS])
		max_members = nla_get_u32(data[IFLA_DCLAG_MAX_MEMBERS]);
	if (data[IFLA_DCLAG_MIN_LINKS])
		min_links = nla_get_u32(data[IFLA_DCLAG_MIN_LINKS]);

	if (max_members < lag->count) {
		DCVIF_ERR_FMT(extack, "max-members is below the LAG's number of members",
			      "max-members %u is below the %u members of %s",
			      max_members, lag->count, lag->dev->name);
		NL_SET_BAD_ATTR(extack, data[IFLA_DCLAG_MAX_MEMBERS]);
		return -EBUSY;
	}
	if (min_links > max_members) {
		DCVIF_ERR_FMT(extack, "min-links exceeds max-members",
			      "min-links %u exceeds max-members %u",
			      min_links, max_members);
		return -EINVAL;
	}
	err = dclag_mbfd_check(lag, data, &mbfd, extack);
	if (err)
		return err;
	/* The one step that can fail after the checks; it undoes itself. */
	err = dclag_mbfd_commit(lag, &mbfd, extack);
	if (err)
		return err;

	lag->max_members = max_members;
	lag->min_links = min_links;
	dclag_lacp_set_mode(lag, data[IFLA_DCLAG_LACP] ?
			    nla_get_u8(data[IFLA_DCLAG_LACP]) : lag->lacp,
			    data[IFLA_DCLAG_LACP_RATE] ?
			    nla_get_u8(data[IFLA_DCLAG_LACP_RATE]) :
			    lag->lacp_rate);
	return 0;
}

static int dclag_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct dclag *lag = netdev_priv(dev);
	int err;

	if (tb[IFLA_LINK]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a LAG has no lower device; add members with ip link set PORT master LAG");
		return -EINVAL;
	}
	lag->dev = dev;
	INIT_LIST_HEAD(&lag->members);
	dclag_lacp_init(lag);
	dclag_mbfd_init(lag);
	get_random_bytes(&lag->hash_key, sizeof(lag->hash_key));
	lag->hash_seed = get_random_u32();
	lag->max_members = DCLAG_MEMBERS_DEFAULT;
	lag->lacp = DCLAG_LACP_ACTIVE;
	lag->lacp_rate = DCLAG_LACP_RATE_SLOW;
	err = dclag_apply(lag, data, extack);
	if (err)
		return err;

	err = register_netdevice(dev);
	if (err)
		return err;
	dclag_update(lag);
	return 0;
}

static int dclag_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct dclag *lag = netdev_priv(dev);
	int err;

	err = dclag_apply(lag, data, extack);
	if (err)
		return err;
	dclag_update(lag);
	return 0;
}

static size_t dclag_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_DCLAG_MIN_LINKS */
	       nla_total_size(sizeof(u8)) +	/* IFLA_DCLAG_LACP */
	       nla_total_size(sizeof(u8)) +	/* IFLA_DCLAG_LACP_RATE */
	       nla_total_size(sizeof(u8)) +	/* IFLA_DCLAG_MICRO_BFD */
	       nla_total_size(sizeof(u32)) +	/* IFLA_DCLAG_MAX_MEMBERS */
	       nla_total_size(sizeof(u32)) +	/* IFLA_DCLAG_MEMBERS */
	       nla_total_size(sizeof(u32)) +	/* IFLA_DCLAG_ACTIVE_MEMBERS */
	       dclag_mbfd_info_size();
}

static int dclag_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct dclag *lag = netdev_priv(dev);

	if (nla_put_u32(skb, IFLA_DCLAG_MIN_LINKS, lag->min_links) ||
	    nla_put_u8(skb, IFLA_DCLAG_LACP, lag->lacp) ||
	    nla_put_u8(skb, IFLA_DCLAG_LACP_RATE, lag->lacp_rate) ||
	    nla_put_u8(skb, IFLA_DCLAG_MICRO_BFD, lag->mbfd.on) ||
	    nla_put_u32(skb, IFLA_DCLAG_MAX_MEMBERS, lag->max_members) ||
	    nla_put_u32(skb, IFLA_DCLAG_MEMBERS, lag->count) ||
	    nla_put_u32(skb, IFLA_DCLAG_ACTIVE_MEMBERS, lag->n_active) ||
	    dclag_mbfd_fill_info(skb, lag))
		return -EMSGSIZE;
	return 0;
}

static size_t dclag_get_slave_size(const struct net_device *dev,
				   const struct net_device *port)
{
	return nla_total_size(sizeof(u8)) +	/* IFLA_DCLAG_MEMBER_ACTIVE */
	       nla_total_size(sizeof(u8)) +	/* IFLA_DCLAG_MEMBER_REASON */
	       nla_total_size(sizeof(u32)) +	/* IFLA_DCLAG_MEMBER_SPEED */
	       nla_total_size(sizeof(u8)) +	/* ..._LACP_ACTOR_STATE */
	       nla_total_size(sizeof(u8)) +	/* ..._LACP_PARTNER_STATE */
	       3 * nla_total_size_64bit(sizeof(u64)) + /* ..._LACPDU_RX/TX/BAD */
	       dclag_mbfd_member_size();
}

static int dclag_fill_slave_info(struct sk_buff *skb,
				 const struct net_device *dev,
				 const struct net_device *port)
{
	struct dclag_member *m = dclag_member_rtnl(port);

	if (!m)
		return 0;
	if (nla_put_u8(skb, IFLA_DCLAG_MEMBER_ACTIVE, m->active) ||
	    nla_put_u8(skb, IFLA_DCLAG_MEMBER_REASON, m->reason) ||
	    nla_put_u32(skb, IFLA_DCLAG_MEMBER_SPEED, m->speed) ||
	    dclag_mbfd_fill_member(skb, m))
		return -EMSGSIZE;
	if (m->lag->lacp == DCLAG_LACP_OFF)
		return 0;
	return dclag_lacp_fill_member(skb, m);
}

struct rtnl_link_ops dclag_link_ops __read_mostly = {
	.kind		= DCLAG_KIND,
	.priv_size	= sizeof(struct dclag),
	.setup		= dclag_setup,
	.maxtype	= IFLA_DCLAG_MAX,
	.policy		= dclag_policy,
	.validate	= dclag_validate,
	.newlink	= dclag_newlink,
	.changelink	= dclag_changelink,
	.get_size	= dclag_get_size,
	.fill_info	= dclag_fill_info,
	.get_slave_size	= dclag_get_slave_size,
	.fill_slave_info = dclag_fill_slave_info,
};

static int dclag_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct dclag_member *m = dclag_member_rtnl(dev);

	if (!m)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		/* A carrier event may come with a new speed. */
		m->speed = dclag_port_speed(dev);
		dclag_lacp_carrier(m->lag, m);
		dclag_update(m->lag);
		break;
	case NETDEV_FEAT_CHANGE:
		dclag_compute_features(m->lag);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* Members are Ethernet; so must they stay. */
		return NOTIFY_BAD;
	case NETDEV_UNREGISTER:
		dclag_release(m->lag, m);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block dclag_notifier_block __read_mostly = {
	.notifier_call = dclag_netdev_event,
};

/**
 * dclag_init() - register the "dclag" link kind
 *
 * Return: 0 or a negative errno.
 */
int dclag_init(void)
{
	int err;

	err = register_netdevice_notifier(&dclag_notifier_block);
	if (err)
		return err;
	err = rtnl_link_register(&dclag_link_ops);
	if (err)
		unregister_netdevice_notifier(&dclag_notifier_block);
	return err;
}

/**
 * dclag_exit() - delete every LAG and unregister the link kind
 */
void dclag_exit(void)
{
	rtnl_link_unregister(&dclag_link_ops);
	unregister_netdevice_notifier(&dclag_notifier_block);
}
