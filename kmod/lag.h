/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DCVIF_LAG_H
#define _DCVIF_LAG_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "lacp_proto.h"
#include "uapi/linux/dcvif.h"

/*
 * TX buckets: a flow hash picks a bucket, a bucket names a member. Each
 * bucket goes to the active member with the highest rendezvous score, so
 * a member leaving moves its own buckets and no others.
 */
#define DCLAG_BUCKETS	256

/**
 * struct dclag_member - a port enslaved to a LAG
 * @list: entry in the LAG's member list (RTNL writers, RCU readers)
 * @dev: the port; its rx_handler_data points here
 * @lag: the LAG
 * @rcu: for kfree_rcu
 * @seed: rendezvous seed, from the port's ifindex
 * @speed: Mb/s, 0 if unknown; refreshed on every port event
 * @active: carries traffic (read locklessly on RX)
 * @reason: enum dclag_member_reason of the last decision
 * @saved_mtu: the port's MTU before it joined
 * @saved_addr: the port's MAC address before it joined
 * @port_no: LACP actor Port Number, 1..DCLAG_MEMBERS_LIMIT, unique in
 *	the LAG (RTNL)
 * @lacp: the port's LACP machines (lag->lacp_lock)
 * @lacp_cd: LACP collecting+distributing, as last seen (lag->lacp_lock
 *	writers, dclag_update() reader)
 * @released: off the member list (lag->lacp_lock)
 * @lacp_tx_nomem: LACPDUs not sent for want of memory (lag->lacp_lock)
 */
struct dclag_member {
	struct list_head list;
	struct net_device *dev;
	struct dclag *lag;
	struct rcu_head rcu;
	u32 seed;
	u32 speed;
	bool active;
	u8 reason;
	unsigned int saved_mtu;
	u8 saved_addr[ETH_ALEN];
	u16 port_no;
	struct lacp_port lacp;
	bool lacp_cd;
	bool released;
	u64 lacp_tx_nomem;
};

/**
 * struct dclag - private part of a LAG netdevice
 * @dev: the LAG itself
 * @members: struct dclag_member list (RTNL writers, RCU readers)
 * @count: members (RTNL)
 * @n_active: active members (RTNL)
 * @hash_key: flow hash key, random per LAG
 * @slot: TX map, member device by bucket, NULL when none is active;
 *	rewritten in place under RTNL, read under RCU-bh: a stale read
 *	sends one frame on a port that has just left, never a freed one
 * @min_links: carrier needs this many active members (0 acts as 1)
 * @max_members: members accepted
 * @lacp: enum dclag_lacp_mode
 * @lacp_rate: enum dclag_lacp_rate
 * @lacp_lock: serialises the LACP core for this LAG's ports; with RTNL,
 *	guards @members against the LACP timer and receivers
 * @lacp_timer: runs the port machines at their next deadline
 * @lacp_work: applies coll/dist changes under RTNL (dclag_update())
 * @lacp_dying: the LAG is going; nothing re-arms the timer
 * @lacp_due: LACP clock time the timer is armed for, 0 if none
 * @lacp_skew: ms the timer was held up, taken off the LACP clock
 */
struct dclag {
	struct net_device *dev;
	struct list_head members;
	unsigned int count;
	unsigned int n_active;
	siphash_key_t hash_key;
	struct net_device *slot[DCLAG_BUCKETS];
	u32 min_links;
	u32 max_members;
	u8 lacp;
	u8 lacp_rate;
	spinlock_t lacp_lock;	/* see above */
	struct timer_list lacp_timer;
	struct delayed_work lacp_work;
	bool lacp_dying;
	u64 lacp_due;
	u64 lacp_skew;
};

/**
 * struct dclag_lacp_snap - a member's LACP state at one moment
 * @actor: actor state bits (LACP_ST_*)
 * @partner: partner state bits
 * @partner_sys: partner System
 * @rx: valid LACPDUs received
 * @tx: LACPDUs sent
 * @bad: malformed LACPDUs ignored
 */
struct dclag_lacp_snap {
	u8 actor;
	u8 partner;
	u8 partner_sys[ETH_ALEN];
	u64 rx;
	u64 tx;
	u64 bad;
};

extern struct rtnl_link_ops dclag_link_ops;

/* lag.c */
bool netif_is_dclag(const struct net_device *dev);
void dclag_update(struct dclag *lag);
int dclag_init(void);
void dclag_exit(void);

/* lacp.c */
void dclag_lacp_init(struct dclag *lag);
void dclag_lacp_uninit(struct dclag *lag);
bool dclag_lacp_rx(struct dclag_member *m, struct sk_buff *skb);
void dclag_lacp_member_add(struct dclag *lag, struct dclag_member *m);
void dclag_lacp_member_del(struct dclag *lag, struct dclag_member *m);
void dclag_lacp_carrier(struct dclag *lag, struct dclag_member *m);
void dclag_lacp_set_mode(struct dclag *lag, u8 lacp, u8 rate);
void dclag_lacp_addr_changed(struct dclag *lag);
int dclag_lacp_fill_member(struct sk_buff *skb, struct dclag_member *m);
void dclag_lacp_snapshot(struct dclag_member *m, struct dclag_lacp_snap *snap);

/* netlink.c: events on the "monitor" group; process context, RTNL held */
void dcvif_nl_lag_member_ntf(struct dclag *lag, struct dclag_member *m);
void dcvif_nl_lag_carrier_ntf(struct dclag *lag);

#endif /* _DCVIF_LAG_H */
