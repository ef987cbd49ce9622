// SPDX-License-Identifier: GPL-2.0
/*
 * The lower side of VIFs: the receive handler that demultiplexes tagged
 * frames to VIFs by VLAN ID, and the netdevice notifier that makes VIFs
 * follow their lower (carrier, MTU, address, features, deletion).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "bfd.h"
#include "dcvif.h"

static rx_handler_result_t dcvif_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct dcvif_port *port;
	struct net_device *dev;
	struct dcvif *vif;

	/*
	 * The core has already moved any 802.1Q header into the skb's tag
	 * (skb_vlan_untag), and 8021q has taken the VIDs it owns.
	 */
	if (!skb_vlan_tag_present(skb) ||
	    skb->vlan_proto != htons(ETH_P_8021Q))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	dev = rcu_dereference(port->vifs[skb_vlan_tag_get_id(skb)]);
	if (!dev)
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dev_core_stats_rx_dropped_inc(dev);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	/* BFD before the IP stack, and even while BFD holds carrier down. */
	vif = netdev_priv(dev);
	if (!list_empty(&vif->bfd.sessions) && dcvif_bfd_rx(&vif->bfd, skb))
		return RX_HANDLER_CONSUMED;

	if (unlikely(!netif_running(dev))) {
		dev_core_stats_rx_dropped_inc(dev);
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}

	skb->dev = dev;
	/* The lower classified the frame against its own address. */
	if (unlikely(skb->pkt_type == PACKET_OTHERHOST) &&
	    ether_addr_equal_64bits(eth_hdr(skb)->h_dest, dev->dev_addr))
		skb->pkt_type = PACKET_HOST;
	/* BFD holds the carrier down: answer ARP/NS the stack cannot (nd.c). */
	if (unlikely(READ_ONCE(vif->bfd_down)))
		dcvif_nd_rx(vif, skb);
	__vlan_hwaccel_clear_tag(skb);

	dev_sw_netstats_rx_add(dev, skb->len);
	return RX_HANDLER_ANOTHER;
}

/**
 * dcvif_port_rtnl() - dcvif state of a lower device
 * @dev: any net device
 *
 * Context: RTNL held.
 * Return: the port, or NULL if @dev carries no VIF.
 */
struct dcvif_port *dcvif_port_rtnl(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != dcvif_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

/**
 * dcvif_port_get() - take a VIF slot on a lower device
 * @lower: the lower device
 * @extack: for the reason of a failure
 *
 * Attaches dcvif's receive handler to @lower with the first VIF.
 *
 * Context: RTNL held.
 * Return: the port, or an ERR_PTR.
 */
struct dcvif_port *dcvif_port_get(struct net_device *lower,
				  struct netlink_ext_ack *extack)
{
	struct dcvif_port *port = dcvif_port_rtnl(lower);
	int err;

	if (port) {
		port->count++;
		return port;
	}

	/* 4096 pointers: too big for kmalloc on a fragmented box. */
	port = kvzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->dev = lower;
	INIT_LIST_HEAD(&port->vif_list);
	port->count = 1;

	err = netdev_rx_handler_register(lower, dcvif_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "lower device already has a receive handler (bridge, bond or macvlan port?)");
		kvfree(port);
		return ERR_PTR(err);
	}
	return port;
}

/**
 * dcvif_port_put() - release a VIF slot; the last one detaches the port
 * @port: the port
 *
 * Context: RTNL held.
 */
void dcvif_port_put(struct dcvif_port *port)
{
	if (--port->count)
		return;
	/* Waits for receivers in flight (synchronize_net), so no RCU free. */
	netdev_rx_handler_unregister(port->dev);
	kvfree(port);
}

static void dcvif_sync_address(struct dcvif *vif)
{
	struct net_device *lower = vif->lower;
	struct net_device *dev = vif->dev;

	if (ether_addr_equal(vif->lower_addr, lower->dev_addr))
		return;

	if (dev->addr_assign_type == NET_ADDR_STOLEN) {
		/* Still inheriting the lower's address: follow it. */
		eth_hw_addr_set(dev, lower->dev_addr);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	} else if (netif_running(dev)) {
		/* Own address: keep it in the lower's unicast filter only
		 * while it differs from the lower's.
		 */
		if (!ether_addr_equal(dev->dev_addr, vif->lower_addr) &&
		    ether_addr_equal(dev->dev_addr, lower->dev_addr))
			dev_uc_del(lower, dev->dev_addr);
		if (ether_addr_equal(dev->dev_addr, vif->lower_addr) &&
		    !ether_addr_equal(dev->dev_addr, lower->dev_addr))
			dev_uc_add(lower, dev->dev_addr);
	}
	ether_addr_copy(vif->lower_addr, lower->dev_addr);
}

static void dcvif_follow_mtu(struct dcvif *vif)
{
	dcvif_update_max_mtu(vif);
	if (vif->dev->mtu > vif->dev->max_mtu)
		dev_set_mtu(vif->dev, vif->dev->max_mtu);
}

static int dcvif_check_vlan_upper(struct dcvif_port *port,
				  struct netdev_notifier_changeupper_info *info)
{
	struct net_device *upper = info->upper_dev;
	struct net_device *holder;
	u16 vid;

	if (!info->linking || !is_vlan_dev(upper) ||
	    vlan_dev_vlan_proto(upper) != htons(ETH_P_8021Q))
		return 0;

	vid = vlan_dev_vlan_id(upper);
	holder = rtnl_dereference(port->vifs[vid]);
	if (!holder)
		return 0;

	DCVIF_ERR_FMT(info->info.extack,
		      "VLAN ID is already used by a dcvif VIF on this device",
		      "VLAN ID %u on %s is already used by VIF %s",
		      vid, port->dev->name, holder->name);
	return -EBUSY;
}

static int dcvif_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct dcvif_port *port = dcvif_port_rtnl(dev);
	struct dcvif *vif, *tmp;
	LIST_HEAD(list_kill);

	/* A VIF changing netns takes its BFD sessions' count along. */
	if ((event == NETDEV_REGISTER || event == NETDEV_UNREGISTER) &&
	    netif_is_dcvif(dev))
		dcvif_net_move(dev, event);
	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		list_for_each_entry(vif, &port->vif_list, list)
			dcvif_sync_carrier(vif);
		break;
	case NETDEV_CHANGEMTU:
		list_for_each_entry(vif, &port->vif_list, list)
			dcvif_follow_mtu(vif);
		break;
	case NETDEV_CHANGEADDR:
		list_for_each_entry(vif, &port->vif_list, list)
			dcvif_sync_address(vif);
		break;
	case NETDEV_FEAT_CHANGE:
		list_for_each_entry(vif, &port->vif_list, list) {
			netif_inherit_tso_max(vif->dev, dev);
			netdev_update_features(vif->dev);
		}
		break;
	case NETDEV_PRECHANGEUPPER:
		return notifier_from_errno(dcvif_check_vlan_upper(port, ptr));
	case NETDEV_PRE_TYPE_CHANGE:
		/* VIFs are Ethernet; so must their lower stay. */
		return NOTIFY_BAD;
	case NETDEV_UNREGISTER:
		/* A lower moving to another netns keeps its VIFs, as vlan does. */
		if (dev->reg_state != NETREG_UNREGISTERING)
			break;
		/* Hold the port so the last dellink cannot free it mid-walk. */
		port->count++;
		list_for_each_entry_safe(vif, tmp, &port->vif_list, list)
			dcvif_dellink(vif->dev, &list_kill);
		dcvif_port_put(port);
		unregister_netdevice_many(&list_kill);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block dcvif_notifier_block __read_mostly = {
	.notifier_call = dcvif_netdev_event,
};

/**
 * dcvif_port_init() - start following lower devices
 *
 * Return: 0 or a negative errno.
 */
int dcvif_port_init(void)
{
	return register_netdevice_notifier(&dcvif_notifier_block);
}

/**
 * dcvif_port_exit() - stop following lower devices
 */
void dcvif_port_exit(void)
{
	unregister_netdevice_notifier(&dcvif_notifier_block);
}
