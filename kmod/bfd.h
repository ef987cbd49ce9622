/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DCVIF_BFD_H
#define _DCVIF_BFD_H

#include <linux/hrtimer.h>
#include <linux/in6.h>
#include <linux/spinlock.h>

#include "bfd_proto.h"

struct dcvif;
struct sk_buff;
struct genl_info;

/**
 * struct dcvif_bfd_stats - per-session counters (under the session lock)
 */
struct dcvif_bfd_stats {
	u64 tx_packets;
	u64 rx_packets;
	u64 rx_drops;
	u64 drop_bad_ttl;
	u64 drop_malformed;
	u64 drop_auth;
	u64 up_transitions;
	u64 down_transitions;
	u64 tx_no_neighbour;
};

/**
 * struct dcvif_bfd - a BFD session on a VIF
 * @node: entry in the VIF's bfd_list (RTNL writers, RCU readers)
 * @rcu: freed after a grace period: receivers find sessions under RCU
 * @vif: the VIF; the session dies before it
 * @lock: serialises the protocol core, the timers and the fields below
 * @s: RFC 5880 state (protocol core)
 * @tx_timer: periodic transmission
 * @detect_timer: detection time
 * @family: AF_INET or AF_INET6
 * @local: source address of our packets, destination of the peer's
 * @peer: the neighbour
 * @sport: our UDP source port (49152-65535, RFC 5881 section 4)
 * @peer_mac: link-layer address of the peer, learnt from its packets or
 *	the neighbour table, kept while the VIF has no carrier
 * @peer_mac_valid: @peer_mac is known
 * @coupling: an Up -> Down transition takes the VIF's carrier
 * @holding_down: this session holds the VIF's carrier down
 * @dying: being deleted: timers and receivers leave it alone
 * @stall_grace: the detection timer fired late and was given one more
 *	receive interval (see dcvif_bfd_detect_timer())
 * @drain_node: entry in the list of deleted sessions still telling their
 *	peer AdminDown (RTNL)
 * @drain_end: when the peer has had a Detection Time of AdminDown (jiffies)
 * @last_down_diag: diagnostic of the last transition out of Up
 * @stats: counters
 */
struct dcvif_bfd {
	struct list_head node;
	struct rcu_head rcu;
	struct dcvif *vif;
	spinlock_t lock;	/* see above */
	struct bfd_session s;
	struct hrtimer tx_timer;
	struct hrtimer detect_timer;
	u8 family;
	union {
		__be32 v4;
		struct in6_addr v6;
	} local, peer;
	__be16 sport;
	u8 peer_mac[ETH_ALEN];
	bool peer_mac_valid;
	bool coupling;
	bool holding_down;
	bool dying;
	bool stall_grace;
	u8 last_down_diag;
	struct list_head drain_node;
	unsigned long drain_end;
	struct dcvif_bfd_stats stats;
};

struct netlink_ext_ack;

bool dcvif_bfd_rx(struct dcvif *vif, struct sk_buff *skb);
int dcvif_bfd_new(struct dcvif *vif, struct dcvif_bfd *b,
		  struct bfd_session_cfg *cfg, struct netlink_ext_ack *extack);
int dcvif_bfd_set(struct dcvif_bfd *b, u32 tx, u32 rx, u8 mult, int admin,
		  const struct bfd_auth_key *key, struct netlink_ext_ack *extack);
void dcvif_bfd_set_coupling(struct dcvif_bfd *b, bool on);
struct dcvif_bfd *dcvif_bfd_find(struct dcvif *vif, u8 family, const void *peer);
void dcvif_bfd_del(struct dcvif_bfd *b);
void dcvif_bfd_flush(struct dcvif *vif);
void dcvif_bfd_exit(void);

/* netlink.c */
int dcvif_nl_init(void);
void dcvif_nl_exit(void);
void dcvif_nl_bfd_state_ntf(struct dcvif_bfd *b, u8 old_state);
void dcvif_nl_carrier_ntf(struct dcvif *vif, bool carrier, u8 reason);

#endif /* _DCVIF_BFD_H */
