/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DCVIF_H
#define _DCVIF_H

#include <linux/if_vlan.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/netns/generic.h>

#include "bfd.h"
#include "uapi/linux/dcvif.h"

#define DCVIF_VERSION	"0.1.0"

/**
 * struct dcvif_port - dcvif state attached to a lower device
 * @dev: the lower device; its rx_handler_data points back here
 * @vifs: VIF netdevice by VLAN ID, for O(1) receive demux under RCU
 * @vif_list: the VIFs on this port (RTNL), for notifier walks
 * @count: number of VIFs (RTNL); the port goes away with the last one
 */
struct dcvif_port {
	struct net_device *dev;
	struct list_head vif_list;
	unsigned int count;
	struct net_device __rcu *vifs[VLAN_N_VID];
};

/**
 * struct dcvif_nd_stats - address resolution while BFD holds the carrier
 *	down (kmod/nd.c), shown by ethtool -S
 * @arp_replies: ARP replies sent for the VIF's addresses while held down
 * @na_replies: solicited Neighbour Advertisements sent while held down
 * @garps: gratuitous ARPs sent when BFD gave the carrier back
 * @unsol_nas: unsolicited Neighbour Advertisements sent then
 * @tx_errors: answers or announcements not built or not sent
 * @arp_ignored: ARP requests for the VIF's addresses not answered while
 *	held down because the VIF's arp_ignore says so
 */
struct dcvif_nd_stats {
	atomic64_t arp_replies;
	atomic64_t na_replies;
	atomic64_t garps;
	atomic64_t unsol_nas;
	atomic64_t tx_errors;
	atomic64_t arp_ignored;
};

/**
 * struct dcvif - private part of a VIF netdevice
 * @dev: the VIF itself
 * @lower: the port or LAG below; fixed for the VIF's lifetime
 * @port: dcvif state of @lower; NULL once the VIF is unlinked
 * @list: entry in @port's vif_list
 * @lower_tracker: reference on @lower
 * @vid: 802.1Q VLAN ID
 * @type: enum dcvif_vif_type
 * @lower_addr: @lower's MAC address as last seen, to follow its changes
 * @bfd: the VIF as the owner of BFD sessions (list, count, counter)
 * @carrier_lock: serialises carrier decisions (lower events, BFD)
 * @bfd_down: coupled sessions that hold the carrier down (@carrier_lock)
 * @nd_announce: announces the VIF's addresses when BFD gives the carrier
 *	back (kmod/nd.c)
 * @nd_stats: address resolution counters (kmod/nd.c)
 */
struct dcvif {
	struct net_device *dev;
	struct net_device *lower;
	struct dcvif_port *port;
	struct list_head list;
	netdevice_tracker lower_tracker;
	u16 vid;
	u8 type;
	u8 lower_addr[ETH_ALEN];
	struct dcvif_bfd_owner bfd;
	spinlock_t carrier_lock;	/* see above */
	unsigned int bfd_down;
	struct work_struct nd_announce;
	struct dcvif_nd_stats nd_stats;
};

extern struct rtnl_link_ops dcvif_link_ops;

/**
 * struct dcvif_net - the module's per-netns data
 * @bfd_sessions: BFD sessions on the VIFs of the netns (RTNL), what
 *	bfd_max_sessions limits; a VIF moving to another netns takes its
 *	sessions along
 */
struct dcvif_net {
	unsigned int bfd_sessions;
};

extern unsigned int dcvif_net_id;
extern struct pernet_operations dcvif_net_ops;

static inline struct dcvif_net *dcvif_net(const struct net *net)
{
	return net_generic(net, dcvif_net_id);
}

/* vif.c */
bool netif_is_dcvif(const struct net_device *dev);
unsigned int dcvif_policy_mtu(u8 type);
unsigned int dcvif_lower_mtu_limit(const struct net_device *lower);
void dcvif_update_max_mtu(struct dcvif *vif);
void dcvif_sync_carrier(struct dcvif *vif);
void __dcvif_sync_carrier(struct dcvif *vif, u8 cause);
struct dcvif *dcvif_from_ifindex(struct net *net, u32 ifindex,
				 struct netlink_ext_ack *extack);
void dcvif_dellink(struct net_device *dev, struct list_head *head);
void dcvif_net_move(struct net_device *dev, unsigned long event);

/* port.c */
struct dcvif_port *dcvif_port_get(struct net_device *lower,
				  struct netlink_ext_ack *extack);
void dcvif_port_put(struct dcvif_port *port);
struct dcvif_port *dcvif_port_rtnl(const struct net_device *dev);
int dcvif_port_init(void);
void dcvif_port_exit(void);

/* nd.c */
void dcvif_nd_rx(struct dcvif *vif, struct sk_buff *skb);
void dcvif_nd_carrier_back(struct dcvif *vif);
void dcvif_nd_init(struct dcvif *vif);
void dcvif_nd_uninit(struct dcvif *vif);

#endif /* _DCVIF_H */
