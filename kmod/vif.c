// SPDX-License-Identifier: GPL-2.0
/*
 * The VIF netdevice (link kind "dcvif"): an 802.1Q sub-interface of a port
 * or LAG with the AWS Direct Connect MTU policy of its VIF type.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/arp.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/neighbour.h>
#include <net/rtnetlink.h>

#include "bfd.h"
#include "dcvif.h"
#include "netlink.h"
#include "uapi/linux/dcvif_genl.h"

static const char *const dcvif_type_names[] = {
	[DCVIF_VIF_PRIVATE] = "private",
	[DCVIF_VIF_PUBLIC] = "public",
	[DCVIF_VIF_TRANSIT] = "transit",
};

/**
 * dcvif_policy_mtu() - the largest MTU a VIF type allows
 * @type: enum dcvif_vif_type
 *
 * Return: the AWS Direct Connect limit for @type.
 */
unsigned int dcvif_policy_mtu(u8 type)
{
	switch (type) {
	case DCVIF_VIF_PRIVATE:
		return DCVIF_MTU_PRIVATE_MAX;
	case DCVIF_VIF_TRANSIT:
		return DCVIF_MTU_TRANSIT_MAX;
	default:
		return DCVIF_MTU_PUBLIC_MAX;
	}
}

/**
 * dcvif_lower_mtu_limit() - the largest MTU a lower device carries for a VIF
 * @lower: the lower device
 *
 * The tag travels outside the MTU, as with 8021q, unless the lower
 * protects it as payload: macsec puts it between its SecTAG and ICV, and
 * checks the whole against its port's MTU, so the tag counts against the
 * macsec device's MTU.
 *
 * Return: the limit in bytes.
 */
unsigned int dcvif_lower_mtu_limit(const struct net_device *lower)
{
	unsigned int mtu = READ_ONCE(lower->mtu);

	if (netif_reduces_vlan_mtu((struct net_device *)lower))
		mtu -= VLAN_HLEN;
	return mtu;
}

/**
 * dcvif_update_max_mtu() - recompute a VIF's MTU ceiling
 * @vif: the VIF
 *
 * The core refuses MTUs above max_mtu, so the ceiling is the tighter of
 * the VIF type's policy and the lower's MTU.
 *
 * Context: RTNL held.
 */
void dcvif_update_max_mtu(struct dcvif *vif)
{
	vif->dev->max_mtu = min(dcvif_policy_mtu(vif->type),
				dcvif_lower_mtu_limit(vif->lower));
}

/**
 * dcvif_sync_carrier() - make a VIF's carrier follow its lower
 * @vif: the VIF
 *
 * Context: any but hard IRQ.
 */
void dcvif_sync_carrier(struct dcvif *vif)
{
	__dcvif_sync_carrier(vif, DCVIF_CARRIER_REASON_LOWER);
}

/**
 * __dcvif_sync_carrier() - make a VIF's carrier follow its lower and BFD
 * @vif: the VIF
 * @cause: enum dcvif_carrier_reason of the event that asks, reported when
 *	the carrier comes back
 *
 * Context: any but hard IRQ.
 */
void __dcvif_sync_carrier(struct dcvif *vif, u8 cause)
{
	struct net_device *lower = vif->lower;
	struct net_device *dev = vif->dev;
	u8 reason = cause;
	bool was, now;

	spin_lock_bh(&vif->carrier_lock);
	was = netif_carrier_ok(dev);
	/*
	 * This may run in softirq (BFD), without RTNL: the lower's up state
	 * as the core reads it locklessly (__LINK_STATE_START, set before
	 * IFF_UP on open, cleared before it on close).
	 */
	if (!netif_running(lower)) {
		netif_carrier_off(dev);
		reason = DCVIF_CARRIER_REASON_LOWER;
	} else if (vif->bfd_down && netif_carrier_ok(lower)) {
		netif_carrier_off(dev);
		reason = DCVIF_CARRIER_REASON_BFD;
	} else {
		netif_stacked_transfer_operstate(lower, dev);
		if (!netif_carrier_ok(dev))
			reason = DCVIF_CARRIER_REASON_LOWER;
	}
	now = netif_carrier_ok(dev);
	spin_unlock_bh(&vif->carrier_lock);

	if (was == now)
		return;
	dcvif_nl_carrier_ntf(vif, now, reason);
	/* BFD gave it back (not the deletion of the VIF): tell the peer. */
	if (now && cause == DCVIF_CARRIER_REASON_BFD && READ_ONCE(vif->port))
		dcvif_nd_carrier_back(vif);
}

/*
 * dcvif_bfd_hold_carrier() - a BFD session takes or releases the carrier
 * @vif: the VIF
 * @down: true when a session that was Up failed, false when it recovered
 *	or went away
 *
 * The VIF has carrier only while no coupled session holds it down.
 *
 * Context: any but hard IRQ.
 */
static void dcvif_bfd_hold_carrier(struct dcvif *vif, bool down)
{
	spin_lock_bh(&vif->carrier_lock);
	/* Read without the lock on receive (port.c, nd.c). */
	WRITE_ONCE(vif->bfd_down, vif->bfd_down + (down ? 1 : -1));
	spin_unlock_bh(&vif->carrier_lock);
	__dcvif_sync_carrier(vif, DCVIF_CARRIER_REASON_BFD);
}

/* A VIF's peer's link-layer address: learnt from its packets, otherwise
 * asked of the neighbour table through the VIF (and resolution started
 * there).
 */
static bool dcvif_bfd_vif_peer_mac(struct dcvif_bfd *b, u8 *mac)
{
	struct net_device *dev = b->owner->dev;
	struct neigh_table *tbl;
	struct neighbour *n;
	bool ok = false;

	spin_lock_bh(&b->lock);
	if (b->peer_mac_valid) {
		ether_addr_copy(mac, b->peer_mac);
		ok = true;
	}
	spin_unlock_bh(&b->lock);
	if (ok || !netif_carrier_ok(dev))
		return ok;

	tbl = b->family == AF_INET ? &arp_tbl : ipv6_stub->nd_tbl;
	if (unlikely(!tbl))	/* IPv6 disabled: bfd-new refuses such sessions */
		return false;
	n = neigh_lookup(tbl, &b->peer, dev);
	if (!n) {
		n = neigh_create(tbl, &b->peer, dev);
		if (IS_ERR(n))
			return false;
	}
	if (n->nud_state & NUD_VALID) {
		neigh_ha_snapshot(mac, n, dev);
		ok = true;
	} else {
		neigh_event_send(n, NULL);
	}
	neigh_release(n);
	return ok;
}

static void dcvif_bfd_vif_hold_carrier(struct dcvif_bfd *b, bool down)
{
	dcvif_bfd_hold_carrier(container_of(b->owner, struct dcvif, bfd), down);
}

/* The VIF as the owner of BFD sessions (micro-BFD's are in mbfd.c). */
static const struct dcvif_bfd_owner_ops dcvif_bfd_vif_ops = {
	.peer_mac	= dcvif_bfd_vif_peer_mac,
	.hold_carrier	= dcvif_bfd_vif_hold_carrier,
	.netns_counted	= true,
};

/**
 * dcvif_from_ifindex() - the VIF with this ifindex
 * @net: network namespace of the request
 * @ifindex: interface index
 * @extack: for the reason of a failure
 *
 * Context: RTNL held.
 * Return: the VIF, or NULL if there is none (the reason is in @extack).
 */
struct dcvif *dcvif_from_ifindex(struct net *net, u32 ifindex,
				 struct netlink_ext_ack *extack)
{
	struct net_device *dev = __dev_get_by_index(net, ifindex);

	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack, "no such device");
		return NULL;
	}
	if (!netif_is_dcvif(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "device is not a dcvif VIF");
		return NULL;
	}
	return netdev_priv(dev);
}

/**
 * netif_is_dcvif() - is this a VIF?
 * @dev: any net device
 *
 * Return: true for dcvif VIFs.
 */
bool netif_is_dcvif(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &dcvif_link_ops;
}

unsigned int dcvif_net_id __read_mostly;

/* Devices go before pernet subsystems: every VIF and its sessions are gone. */
static void __net_exit dcvif_net_exit(struct net *net)
{
	WARN_ON_ONCE(dcvif_net(net)->bfd_sessions);
}

struct pernet_operations dcvif_net_ops = {
	.exit	= dcvif_net_exit,
	.id	= &dcvif_net_id,
	.size	= sizeof(struct dcvif_net),
};

/**
 * dcvif_net_move() - a VIF leaves or enters a netns: its sessions' count too
 * @dev: the VIF
 * @event: NETDEV_UNREGISTER (leaving: only when it moves, not when it is
 *	deleted, its sessions flushed in dcvif_dellink()) or NETDEV_REGISTER
 *	(entering; a new VIF has no sessions)
 *
 * dev_change_net_namespace() sends these around the move. The move is not
 * refused: a netns may go past bfd_max_sessions by VIFs moved in, and
 * refuses new sessions until it is below again.
 *
 * Context: RTNL held.
 */
void dcvif_net_move(struct net_device *dev, unsigned long event)
{
	struct dcvif *vif = netdev_priv(dev);
	struct dcvif_net *dn = dcvif_net(dev_net(dev));

	ASSERT_RTNL();
	if (event == NETDEV_REGISTER)
		dn->bfd_sessions += vif->bfd.count;
	else if (event == NETDEV_UNREGISTER && dev->reg_state == NETREG_REGISTERED)
		dn->bfd_sessions -= vif->bfd.count;
}

static netdev_tx_t dcvif_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);
	unsigned int len;
	int ret;

	/* A tag from above (QinQ) goes inside ours. */
	if (unlikely(skb_vlan_tag_present(skb))) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (unlikely(!skb)) {
			dev_core_stats_tx_dropped_inc(dev);
			return NETDEV_TX_OK;
		}
	}
	/* Inserted in hardware if the lower offers it; otherwise the core
	 * inserts it in software (validate_xmit_vlan) on the lower's way out.
	 */
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vif->vid);
	skb->dev = vif->lower;
	len = skb->len;

	ret = dev_queue_xmit(skb);
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(dev);
	return NETDEV_TX_OK;
}

static int dcvif_dev_init(struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);
	struct net_device *lower = vif->lower;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;

	netif_carrier_off(dev);
	dev->hw_features = NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_FRAGLIST |
			   NETIF_F_GSO_SOFTWARE | NETIF_F_HIGHDMA |
			   NETIF_F_SCTP_CRC;
	dev->features |= dev->hw_features;
	dcvif_set_lltx(dev);
	dev->vlan_features = lower->vlan_features;
	dev->mpls_features = lower->mpls_features;
	netif_inherit_tso_max(dev, lower);
	dev->hard_header_len = lower->hard_header_len;
	dev->needed_headroom = lower->needed_headroom + VLAN_HLEN;
	dev->needed_tailroom = lower->needed_tailroom;

	dcvif_nd_init(vif);
	netdev_hold(lower, &vif->lower_tracker, GFP_KERNEL);
	return 0;
}

static void dcvif_dev_uninit(struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);

	dcvif_nd_uninit(vif);
	netdev_put(vif->lower, &vif->lower_tracker);
	free_percpu(dev->tstats);
}

static int dcvif_open(struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);
	struct net_device *lower = vif->lower;
	int err;

	if (!ether_addr_equal(dev->dev_addr, lower->dev_addr)) {
		err = dev_uc_add(lower, dev->dev_addr);
		if (err < 0)
			return err;
	}
	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(lower, 1);
		if (err < 0)
			goto del_unicast;
	}
	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(lower, 1);
		if (err < 0)
			goto clear_allmulti;
	}
	ether_addr_copy(vif->lower_addr, lower->dev_addr);
	dcvif_sync_carrier(vif);
	return 0;

clear_allmulti:
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(lower, -1);
del_unicast:
	if (!ether_addr_equal(dev->dev_addr, lower->dev_addr))
		dev_uc_del(lower, dev->dev_addr);
	return err;
}

static int dcvif_stop(struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);
	struct net_device *lower = vif->lower;

	dev_mc_unsync(lower, dev);
	dev_uc_unsync(lower, dev);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(lower, -1);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(lower, -1);
	if (!ether_addr_equal(dev->dev_addr, lower->dev_addr))
		dev_uc_del(lower, dev->dev_addr);
	netif_carrier_off(dev);
	return 0;
}

static int dcvif_set_mac_address(struct net_device *dev, void *p)
{
	struct dcvif *vif = netdev_priv(dev);
	struct net_device *lower = vif->lower;
	struct sockaddr *addr = p;
	int err;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;

	if (netif_running(dev)) {
		if (!ether_addr_equal(addr->sa_data, lower->dev_addr)) {
			err = dev_uc_add(lower, addr->sa_data);
			if (err < 0)
				return err;
		}
		if (!ether_addr_equal(dev->dev_addr, lower->dev_addr))
			dev_uc_del(lower, dev->dev_addr);
	}
	eth_hw_addr_set(dev, addr->sa_data);
	return 0;
}

static void dcvif_change_rx_flags(struct net_device *dev, int change)
{
	struct dcvif *vif = netdev_priv(dev);

	if (!(dev->flags & IFF_UP))
		return;
	if (change & IFF_ALLMULTI)
		dev_set_allmulti(vif->lower, dev->flags & IFF_ALLMULTI ? 1 : -1);
	if (change & IFF_PROMISC)
		dev_set_promiscuity(vif->lower, dev->flags & IFF_PROMISC ? 1 : -1);
}

static void dcvif_set_rx_mode(struct net_device *dev)
{
	struct dcvif *vif = netdev_priv(dev);

	dev_mc_sync(vif->lower, dev);
	dev_uc_sync(vif->lower, dev);
}

static int dcvif_change_mtu(struct net_device *dev, int new_mtu)
{
	/* The core has checked new_mtu against max_mtu: policy and lower. */
	WRITE_ONCE(dev->mtu, new_mtu);
	return 0;
}

static netdev_features_t dcvif_fix_features(struct net_device *dev,
					    netdev_features_t features)
{
	struct dcvif *vif = netdev_priv(dev);
	netdev_features_t lower_features;
	netdev_features_t old = features;

	/* What the lower can do for tagged frames, as 8021q computes it. */
	lower_features = netdev_intersect_features(vif->lower->vlan_features |
						   NETIF_F_RXCSUM,
						   vif->lower->features);
	if (lower_features & (NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM))
		lower_features |= NETIF_F_HW_CSUM;
	features = netdev_intersect_features(features, lower_features);
	/* Segment late, on the lower, if it cannot do it in hardware. */
	features |= old & (NETIF_F_SOFT_FEATURES | NETIF_F_GSO_SOFTWARE);
	features |= DCVIF_F_LLTX;
	return features;
}

static int dcvif_get_iflink(const struct net_device *dev)
{
	const struct dcvif *vif = netdev_priv(dev);

	return READ_ONCE(vif->lower->ifindex);
}

static const struct net_device_ops dcvif_netdev_ops = {
	.ndo_init		= dcvif_dev_init,
	.ndo_uninit		= dcvif_dev_uninit,
	.ndo_open		= dcvif_open,
	.ndo_stop		= dcvif_stop,
	.ndo_start_xmit		= dcvif_xmit,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_mac_address	= dcvif_set_mac_address,
	.ndo_set_rx_mode	= dcvif_set_rx_mode,
	.ndo_change_rx_flags	= dcvif_change_rx_flags,
	.ndo_change_mtu		= dcvif_change_mtu,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_fix_features	= dcvif_fix_features,
	.ndo_features_check	= passthru_features_check,
	.ndo_get_iflink		= dcvif_get_iflink,
};

static void dcvif_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, DCVIF_VERSION, sizeof(info->version));
	strscpy(info->fw_version, "N/A", sizeof(info->fw_version));
}

static int dcvif_get_link_ksettings(struct net_device *dev,
				    struct ethtool_link_ksettings *cmd)
{
	const struct dcvif *vif = netdev_priv(dev);

	return __ethtool_get_link_ksettings(vif->lower, cmd);
}

/* ethtool -S: what the VIF answered and announced for BFD (kmod/nd.c). */
static const char dcvif_stat_names[][ETH_GSTRING_LEN] = {
	"held_arp_replies",
	"held_na_replies",
	"back_garps",
	"back_unsol_nas",
	"held_tx_errors",
	"held_arp_ignored",
};

static int dcvif_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(dcvif_stat_names) : -EOPNOTSUPP;
}

static void dcvif_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	if (sset == ETH_SS_STATS)
		memcpy(data, dcvif_stat_names, sizeof(dcvif_stat_names));
}

static void dcvif_get_ethtool_stats(struct net_device *dev,
				    struct ethtool_stats *stats, u64 *data)
{
	const struct dcvif_nd_stats *s = &((struct dcvif *)netdev_priv(dev))->nd_stats;

	data[0] = atomic64_read(&s->arp_replies);
	data[1] = atomic64_read(&s->na_replies);
	data[2] = atomic64_read(&s->garps);
	data[3] = atomic64_read(&s->unsol_nas);
	data[4] = atomic64_read(&s->tx_errors);
	data[5] = atomic64_read(&s->arp_ignored);
}

static const struct ethtool_ops dcvif_ethtool_ops = {
	.get_drvinfo		= dcvif_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= dcvif_get_link_ksettings,
	.get_sset_count		= dcvif_get_sset_count,
	.get_strings		= dcvif_get_strings,
	.get_ethtool_stats	= dcvif_get_ethtool_stats,
};

static void dcvif_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->priv_flags |= IFF_NO_QUEUE | IFF_UNICAST_FLT;
	/* xmit rewrites skb->dev and the tag: no shared skbs (pktgen). */
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	netif_keep_dst(dev);
	dev->netdev_ops = &dcvif_netdev_ops;
	dev->ethtool_ops = &dcvif_ethtool_ops;
	dev->needs_free_netdev = true;
	/* The real ceiling (policy, lower) is set in newlink, where the
	 * refusal can say why.
	 */
	dev->max_mtu = ETH_MAX_MTU;
}

static const struct nla_policy dcvif_policy[IFLA_DCVIF_MAX + 1] = {
	[IFLA_DCVIF_ID]		= { .type = NLA_U16 },
	[IFLA_DCVIF_TYPE]	= { .type = NLA_U8 },
	[IFLA_DCVIF_POLICY_MTU]	= { .type = NLA_REJECT,
				    .reject_message = "policy MTU is read-only" },
	[IFLA_DCVIF_LOWER_JUMBO] = { .type = NLA_REJECT,
				     .reject_message = "lower-jumbo is read-only" },
};

static int dcvif_validate(struct nlattr *tb[], struct nlattr *data[],
			  struct netlink_ext_ack *extack)
{
	u16 vid;
	u8 type;

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

	if (data[IFLA_DCVIF_ID]) {
		vid = nla_get_u16(data[IFLA_DCVIF_ID]);
		if (vid < 1 || vid >= VLAN_VID_MASK) {
			NL_SET_ERR_MSG_MOD(extack,
					   "VLAN ID must be 1-4094 (802.1Q reserves 0 and 4095)");
			NL_SET_BAD_ATTR(extack, data[IFLA_DCVIF_ID]);
			return -ERANGE;
		}
	}
	if (data[IFLA_DCVIF_TYPE]) {
		type = nla_get_u8(data[IFLA_DCVIF_TYPE]);
		if (type < DCVIF_VIF_PRIVATE || type > DCVIF_VIF_MAX) {
			NL_SET_ERR_MSG_MOD(extack, "unknown VIF type (private, public or transit)");
			NL_SET_BAD_ATTR(extack, data[IFLA_DCVIF_TYPE]);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * What MACsec takes of its port's MTU: its SecTAG with an SCI (16 octets,
 * which Linux's macsec reserves even when it sends none) and the longest
 * ICV it accepts (16).
 */
#define DCVIF_MACSEC_MAX_OVERHEAD	32

/* The port under a macsec device: its one lower. */
static struct net_device *dcvif_macsec_port(struct net_device *macsec)
{
	struct net_device *port;
	struct list_head *iter;

	netdev_for_each_lower_dev(macsec, port, iter)
		return port;
	return NULL;
}

/*
 * @mtu does not fit @macsec: say what the macsec device and its port must
 * carry. The overhead is the gap between the two MTUs, as macsec set it
 * from its SecTAG and ICV; a wider gap (macsec's MTU lowered by hand, or
 * not raised after its port) is at most DCVIF_MACSEC_MAX_OVERHEAD of
 * MACsec. Names make the message longer than extack's buffer can take
 * (80 octets): then it says "its macsec lower" and "the port".
 */
static void dcvif_macsec_mtu_err(unsigned int mtu, struct net_device *macsec,
				 struct net_device *port,
				 struct netlink_ext_ack *extack)
{
	unsigned int need = mtu + VLAN_HLEN, has = READ_ONCE(macsec->mtu);
	unsigned int overhead = DCVIF_MACSEC_MAX_OVERHEAD;
	unsigned int pmtu = READ_ONCE(port->mtu);
	char msg[DCVIF_ERR_FMT_LEN];
	int len;

	if (pmtu > has)
		overhead = min(pmtu - has, overhead);
	if (pmtu >= need + overhead) {
		/* The port carries it already: only macsec's MTU is short. */
		len = snprintf(msg, sizeof(msg),
			       "MTU %u needs %u on %s (has %u), which %s's %u carries",
			       mtu, need, macsec->name, has, port->name, pmtu);
		if (len >= sizeof(msg))
			snprintf(msg, sizeof(msg),
				 "MTU %u needs %u on its macsec lower (has %u); the port carries it",
				 mtu, need, has);
	} else {
		len = snprintf(msg, sizeof(msg),
			       "MTU %u needs %u on %s (has %u), %u on %s (MACsec +%u)",
			       mtu, need, macsec->name, has, need + overhead,
			       port->name, overhead);
		if (len >= sizeof(msg))
			snprintf(msg, sizeof(msg),
				 "MTU %u needs %u on its macsec lower (has %u), %u on the port",
				 mtu, need, has, need + overhead);
	}
	DCVIF_ERR_FMT(extack,
		      "MTU exceeds what the macsec lower carries: its port's MTU must also hold MACsec's SecTAG and ICV (up to 32 octets) and the 802.1Q tag",
		      "%s", msg);
}

/* Is @mtu allowed for a VIF of @type on @lower? Says why not. */
static int dcvif_check_mtu(unsigned int mtu, u8 type,
			   struct net_device *lower,
			   struct netlink_ext_ack *extack)
{
	unsigned int limit = dcvif_policy_mtu(type);
	struct net_device *port;

	if (mtu > limit) {
		DCVIF_ERR_FMT(extack,
			      "MTU exceeds the VIF type's limit (private 9001, transit 8500, public 1500)",
			      "MTU %u exceeds the %s VIF limit of %u (AWS Direct Connect)",
			      mtu, dcvif_type_names[type], limit);
		return -EINVAL;
	}
	limit = dcvif_lower_mtu_limit(lower);
	if (mtu <= limit)
		return 0;
	port = netif_is_macsec(lower) ? dcvif_macsec_port(lower) : NULL;
	if (port) {
		dcvif_macsec_mtu_err(mtu, lower, port, extack);
	} else {
		DCVIF_ERR_FMT(extack, "MTU exceeds the MTU of the lower device",
			      "MTU %u exceeds the MTU %u of lower device %s",
			      mtu, limit, lower->name);
	}
	return -EINVAL;
}

/* Is @vid free on @lower, for us and for 8021q? Says who holds it. */
static int dcvif_check_vid(struct net_device *lower, u16 vid,
			   struct netlink_ext_ack *extack)
{
	struct dcvif_port *port = dcvif_port_rtnl(lower);
	struct net_device *holder;

	holder = port ? rtnl_dereference(port->vifs[vid]) : NULL;
	if (holder) {
		DCVIF_ERR_FMT(extack,
			      "VLAN ID is already used by another VIF on this lower device",
			      "VLAN ID %u on %s is already used by VIF %s",
			      vid, lower->name, holder->name);
		return -EBUSY;
	}

	rcu_read_lock();
	holder = __vlan_find_dev_deep_rcu(lower, htons(ETH_P_8021Q), vid);
	if (holder) {
		DCVIF_ERR_FMT(extack,
			      "VLAN ID is already used by an 8021q device on this lower device",
			      "VLAN ID %u on %s is already used by 8021q device %s",
			      vid, lower->name, holder->name);
	}
	rcu_read_unlock();
	return holder ? -EBUSY : 0;
}

static int dcvif_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct dcvif *vif = netdev_priv(dev);
	struct dcvif_port *port;
	struct net_device *lower;
	unsigned int mtu;
	int err;

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a lower device is required (ip link add link DEV ...)");
		return -EINVAL;
	}
	lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		NL_SET_ERR_MSG_MOD(extack, "lower device not found");
		return -ENODEV;
	}
	if (lower->type != ARPHRD_ETHER || lower->addr_len != ETH_ALEN ||
	    (lower->flags & IFF_LOOPBACK)) {
		NL_SET_ERR_MSG_MOD(extack, "lower device must be an Ethernet device");
		return -EINVAL;
	}
	if (netif_is_dcvif(lower)) {
		NL_SET_ERR_MSG_MOD(extack, "a VIF cannot be the lower of another VIF");
		return -EINVAL;
	}
	if (!data || !data[IFLA_DCVIF_ID]) {
		NL_SET_ERR_MSG_MOD(extack, "VLAN ID is required (id 1-4094)");
		return -EINVAL;
	}

	vif->dev = dev;
	vif->lower = lower;
	spin_lock_init(&vif->carrier_lock);
	vif->vid = nla_get_u16(data[IFLA_DCVIF_ID]);
	dcvif_bfd_owner_init(&vif->bfd, &dcvif_bfd_vif_ops, dev, lower, vif->vid,
			     BFD_UDP_PORT);
	vif->type = data[IFLA_DCVIF_TYPE] ? nla_get_u8(data[IFLA_DCVIF_TYPE]) :
					    DCVIF_VIF_PRIVATE;

	err = dcvif_check_vid(lower, vif->vid, extack);
	if (err)
		return err;

	/* AWS's default is 1500 whatever the lower could carry. */
	mtu = tb[IFLA_MTU] ? dev->mtu :
	      min(DCVIF_MTU_DEFAULT, dcvif_lower_mtu_limit(lower));
	err = dcvif_check_mtu(mtu, vif->type, lower, extack);
	if (err)
		return err;
	dev->mtu = mtu;
	dcvif_update_max_mtu(vif);

	if (!tb[IFLA_ADDRESS]) {
		eth_hw_addr_set(dev, lower->dev_addr);
		dev->addr_assign_type = NET_ADDR_STOLEN;
	}
	ether_addr_copy(vif->lower_addr, lower->dev_addr);

	port = dcvif_port_get(lower, extack);
	if (IS_ERR(port))
		return PTR_ERR(port);

	/* Lets a lower with a VLAN filter accept the VID. */
	err = vlan_vid_add(lower, htons(ETH_P_8021Q), vif->vid);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "lower device refused the VLAN ID");
		goto put_port;
	}

	err = register_netdevice(dev);
	if (err)
		goto del_vid;

	err = netdev_upper_dev_link(lower, dev, extack);
	if (err)
		goto unregister;

	vif->port = port;
	list_add_tail(&vif->list, &port->vif_list);
	rcu_assign_pointer(port->vifs[vif->vid], dev);
	dcvif_sync_carrier(vif);
	return 0;

unregister:
	unregister_netdevice(dev);
del_vid:
	vlan_vid_del(lower, htons(ETH_P_8021Q), vif->vid);
put_port:
	dcvif_port_put(port);
	return err;
}

static int dcvif_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct dcvif *vif = netdev_priv(dev);
	u8 type;
	int err;

	if (!data)
		return 0;

	if (data[IFLA_DCVIF_ID] && nla_get_u16(data[IFLA_DCVIF_ID]) != vif->vid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "VLAN ID cannot be changed; delete and re-create the VIF");
		NL_SET_BAD_ATTR(extack, data[IFLA_DCVIF_ID]);
		return -EOPNOTSUPP;
	}
	/*
	 * The core sets IFLA_MTU only after changelink: an MTU it would
	 * refuse must be refused here, before the type changes.
	 */
	if (tb[IFLA_MTU] && nla_get_u32(tb[IFLA_MTU]) < dev->min_mtu) {
		NL_SET_ERR_MSG_MOD(extack, "MTU is below the minimum of 68");
		NL_SET_BAD_ATTR(extack, tb[IFLA_MTU]);
		return -EINVAL;
	}
	/*
	 * The MTU the VIF will have once this request is done. Checked here
	 * also without a type change: the core would refuse it against
	 * max_mtu without saying which limit (policy, lower, MACsec) it is.
	 */
	if (data[IFLA_DCVIF_TYPE] || tb[IFLA_MTU]) {
		type = data[IFLA_DCVIF_TYPE] ? nla_get_u8(data[IFLA_DCVIF_TYPE]) :
					       vif->type;
		err = dcvif_check_mtu(tb[IFLA_MTU] ? nla_get_u32(tb[IFLA_MTU]) :
					dev->mtu, type, vif->lower, extack);
		if (err)
			return err;
		vif->type = type;
		dcvif_update_max_mtu(vif);
		/*
		 * The rest of the request (name, address, MTU) may still fail
		 * in the core, which keeps what changelink did: never leave
		 * the VIF over its new type's limit meanwhile.
		 */
		if (dev->mtu > dev->max_mtu)
			dev_set_mtu(dev, dev->max_mtu);
	}
	return 0;
}

/**
 * dcvif_dellink() - unlink a VIF and queue it for unregistration
 * @dev: the VIF
 * @head: unregistration batch, or NULL for now
 *
 * Context: RTNL held.
 */
void dcvif_dellink(struct net_device *dev, struct list_head *head)
{
	struct dcvif *vif = netdev_priv(dev);
	struct dcvif_port *port = vif->port;

	/* Unlinked first: a carrier the flush gives back is not announced. */
	WRITE_ONCE(vif->port, NULL);
	dcvif_bfd_flush(&vif->bfd);
	RCU_INIT_POINTER(port->vifs[vif->vid], NULL);
	list_del(&vif->list);
	netdev_upper_dev_unlink(vif->lower, dev);
	unregister_netdevice_queue(dev, head);
	vlan_vid_del(vif->lower, htons(ETH_P_8021Q), vif->vid);
	dcvif_port_put(port);
}

static size_t dcvif_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u16)) +	/* IFLA_DCVIF_ID */
	       nla_total_size(sizeof(u8)) +	/* IFLA_DCVIF_TYPE */
	       nla_total_size(sizeof(u32)) +	/* IFLA_DCVIF_POLICY_MTU */
	       nla_total_size(sizeof(u8));	/* IFLA_DCVIF_LOWER_JUMBO */
}

/* Can the lower be set to a jumbo MTU? A max_mtu of 0 means no limit. */
static bool dcvif_lower_jumbo(const struct net_device *lower)
{
	unsigned int max_mtu = READ_ONCE(lower->max_mtu);

	return !max_mtu || max_mtu >= DCVIF_MTU_JUMBO;
}

static int dcvif_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct dcvif *vif = netdev_priv(dev);

	if (nla_put_u16(skb, IFLA_DCVIF_ID, vif->vid) ||
	    nla_put_u8(skb, IFLA_DCVIF_TYPE, vif->type) ||
	    nla_put_u32(skb, IFLA_DCVIF_POLICY_MTU,
			dcvif_policy_mtu(vif->type)) ||
	    nla_put_u8(skb, IFLA_DCVIF_LOWER_JUMBO, dcvif_lower_jumbo(vif->lower)))
		return -EMSGSIZE;
	return 0;
}

static struct net *dcvif_get_link_net(const struct net_device *dev)
{
	const struct dcvif *vif = netdev_priv(dev);

	return dev_net(vif->lower);
}

struct rtnl_link_ops dcvif_link_ops __read_mostly = {
	.kind		= DCVIF_KIND,
	.priv_size	= sizeof(struct dcvif),
	.setup		= dcvif_setup,
	.maxtype	= IFLA_DCVIF_MAX,
	.policy		= dcvif_policy,
	.validate	= dcvif_validate,
	.newlink	= dcvif_newlink,
	.changelink	= dcvif_changelink,
	.dellink	= dcvif_dellink,
	.get_size	= dcvif_get_size,
	.fill_info	= dcvif_fill_info,
	.get_link_net	= dcvif_get_link_net,
};
