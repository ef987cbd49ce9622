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

#include "bfd.h"
#include "lacp_proto.h"
#include "uapi/linux/dcvif.h"

/*
 * TX buckets: a flow hash picks a bucket, a bucket names a member. Each
 * bucket goes to the active member with the highest rendezvous score, so
 * a member leaving moves its own buckets and no others.
 */
#define DCLAG_BUCKETS	256

/**
 * struct dclag_bucket - where one bucket's flows go
 * @tx: the active member with the highest rendezvous score
 * @backup: the one with the second highest (NULL with one active member):
 *	exactly where @tx's flows go when @tx leaves, so the data path
 *	sends there as soon as @tx cannot transmit, before the map is
 *	rebuilt
 *
 * Rewritten in place under RTNL, read under RCU-bh; a reader may see
 * @tx and @backup of different generations, both members of this LAG
 * until a grace period after they leave the map (kfree_rcu).
 */
struct dclag_bucket {
	struct dclag_member *tx;
	struct dclag_member *backup;
};

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
 * @lacp_cd: LACP lets the member carry traffic (lacp_port_distributing():
 *	collecting+distributing, and the partner collecting), as last seen
 *	(lag->lacp_lock writers; dclag_update() and the xmit path read it)
 * @lacp_coll: our Mux is COLLECTING_DISTRIBUTING, so our LACPDUs tell the
 *	partner we collect on this port (lag->lacp_lock writers; RX reads it)
 * @released: off the member list (lag->lacp_lock)
 * @lacp_tx_nomem: LACPDUs not sent for want of memory (lag->lacp_lock)
 * @mbfd: the member as the owner of its micro-BFD session (RFC 7130)
 * @mbfd_up: its micro-BFD session is Up (written under the session's
 *	lock, read by dclag_update())
 * @mbfd_mc: joined the micro-BFD MAC address (RTNL)
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
	bool lacp_coll;
	bool released;
	u64 lacp_tx_nomem;
	struct dcvif_bfd_owner mbfd;
	bool mbfd_up;
	bool mbfd_mc;
};

/**
 * struct dclag_mbfd_cfg - a LAG's micro-BFD options
 * @on: a session runs on every member (RFC 7130), and a member is active
 *	only while it is Up
 * @family: AF_INET or AF_INET6 once addresses are set, else 0
 * @local: our address (IPv4 in the first 4 bytes)
 * @peer: the peer LAG's address
 * @min_tx: desired min TX interval, us
 * @min_rx: required min RX interval, us
 * @mult: detect multiplier
 */
struct dclag_mbfd_cfg {
	u8 on;
	u8 family;
	struct in6_addr local;
	struct in6_addr peer;
	u32 min_tx;
	u32 min_rx;
	u8 mult;
};

/**
 * struct dclag - private part of a LAG netdevice
 * @dev: the LAG itself
 * @members: struct dclag_member list (RTNL writers, RCU readers)
 * @count: members (RTNL)
 * @n_active: active members (RTNL)
 * @hash_key: flow hash key for frames other than IPv4/IPv6, random
 * @hash_seed: flow hash seed for IPv4/IPv6, random per LAG
 * @map: TX map, by bucket; NULLs when no member is active
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
 * @mbfd: micro-BFD options (RTNL)
 * @mbfd_work: applies micro-BFD state changes under RTNL (dclag_update())
 */
struct dclag {
	struct net_device *dev;
	struct list_head members;
	unsigned int count;
	unsigned int n_active;
	siphash_key_t hash_key;
	u32 hash_seed;
	struct dclag_bucket map[DCLAG_BUCKETS];
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
	struct dclag_mbfd_cfg mbfd;
	struct delayed_work mbfd_work;
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

/**
 * struct dclag_mbfd_snap - a member's micro-BFD session at one moment
 * @state: RFC 5880 state (enum bfd_state)
 * @remote_state: the peer's state as last heard
 * @diag: our diagnostic
 * @local_discr: our discriminator
 * @remote_discr: the peer's, 0 until heard
 * @rx: valid control packets received
 * @tx: control packets sent
 */
struct dclag_mbfd_snap {
	u8 state;
	u8 remote_state;
	u8 diag;
	u32 local_discr;
	u32 remote_discr;
	u64 rx;
	u64 tx;
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

/* mbfd.c */
void dclag_mbfd_init(struct dclag *lag);
void dclag_mbfd_uninit(struct dclag *lag);
void dclag_mbfd_member_init(struct dclag_member *m);
int dclag_mbfd_member_start(struct dclag *lag, struct dclag_member *m,
			    struct netlink_ext_ack *extack);
void dclag_mbfd_member_stop(struct dclag_member *m, bool now);
bool dclag_mbfd_snapshot(struct dclag_member *m, struct dclag_mbfd_snap *snap);
int dclag_mbfd_validate(struct nlattr *data[], struct netlink_ext_ack *extack);
int dclag_mbfd_check(struct dclag *lag, struct nlattr *data[],
		     struct dclag_mbfd_cfg *c, struct netlink_ext_ack *extack);
int dclag_mbfd_commit(struct dclag *lag, const struct dclag_mbfd_cfg *c,
		      struct netlink_ext_ack *extack);
size_t dclag_mbfd_info_size(void);
int dclag_mbfd_fill_info(struct sk_buff *skb, const struct dclag *lag);
size_t dclag_mbfd_member_size(void);
int dclag_mbfd_fill_member(struct sk_buff *skb, struct dclag_member *m);

#endif /* _DCVIF_LAG_H */
