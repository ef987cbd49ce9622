/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DCVIF_BFD_H
#define _DCVIF_BFD_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#include "bfd_proto.h"

struct dcvif;
struct dcvif_bfd;
struct sk_buff;
struct genl_info;
struct net_device;

/* RFC 7130 section 2.2: micro-BFD on LAG members. */
#define BFD_MICRO_UDP_PORT	6784

/**
 * struct dcvif_bfd_owner_ops - what differs between the owners of sessions
 * @peer_mac: the destination MAC address of our packets; false if not
 *	known yet (the packet is not sent). Process or softirq context.
 * @hold_carrier: a coupled session that was Up failed (@down) or no longer
 *	holds its owner down; may be NULL (no carrier coupling)
 * @state_changed: the session's state changed; b->lock held, any context
 *	but hard IRQ; may be NULL
 * @netns_counted: the sessions count in their netns's struct dcvif_net
 *	(what bfd_max_sessions limits: a VIF's, not a LAG member's)
 */
struct dcvif_bfd_owner_ops {
	bool (*peer_mac)(struct dcvif_bfd *b, u8 *mac);
	void (*hold_carrier)(struct dcvif_bfd *b, bool down);
	void (*state_changed)(struct dcvif_bfd *b);
	bool netns_counted;
};

/**
 * struct dcvif_bfd_owner - what sessions run on: a VIF, or a LAG member
 * @ops: the owner's side of the engine
 * @dev: the device that names the sessions (genl ifindex, netns of the
 *	notifications) and whose MAC address is our source address
 * @tx_dev: where frames go: the VIF's lower, or the member port itself
 * @vid: 802.1Q tag of our frames, 0 for untagged
 * @udp_port: UDP destination port, host order: BFD_UDP_PORT (3784, single
 *	hop) or BFD_MICRO_UDP_PORT (6784, micro-BFD)
 * @sessions: struct dcvif_bfd list (RTNL writers, RCU readers)
 * @count: sessions (RTNL)
 * @drop_no_session: BFD control packets that matched no session
 */
struct dcvif_bfd_owner {
	const struct dcvif_bfd_owner_ops *ops;
	struct net_device *dev;
	struct net_device *tx_dev;
	u16 vid;
	u16 udp_port;
	struct list_head sessions;
	unsigned int count;
	atomic64_t drop_no_session;
};

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
	u64 echo_tx_packets;
	u64 echo_rx_packets;
};

/**
 * struct dcvif_bfd - a BFD session on a VIF or a LAG member
 * @node: entry in the owner's sessions (RTNL writers, RCU readers)
 * @rcu: freed after a grace period: receivers find sessions under RCU
 * @owner: the VIF or member; the session dies before it
 * @lock: serialises the protocol core, the timers and the fields below
 * @s: RFC 5880 state (protocol core)
 * @tx_timer: periodic transmission
 * @detect_timer: detection time
 * @family: AF_INET or AF_INET6
 * @local: source address of our packets, destination of the peer's
 * @peer: the neighbour
 * @sport: our UDP source port (49152-65535, RFC 5881 section 4)
 * @peer_mac: link-layer address of the peer, learnt from its packets or
 *	the neighbour table, kept while the VIF has no carrier (VIF owners)
 * @peer_mac_valid: @peer_mac is known
 * @coupling: an Up -> Down transition takes the owner's carrier
 * @holding_down: this session holds the owner's carrier down
 * @dying: being deleted: timers and receivers leave it alone
 * @stall_grace: the detection timer fired late and was given one more
 *	receive interval (see dcvif_bfd_detect_timer())
 * @echo_timer: Echo transmission (RFC 5880 section 6.4)
 * @echo_detect_timer: Echo detection: runs out when none came back
 * @echo_stall_grace: @stall_grace, for the Echo detection timer
 * @echo_cookie: random, in our Echo packets: those that come back are ours
 * @echo_seq: sequence number of our next Echo packet
 * @drain_node: entry in the list of deleted sessions still telling their
 *	peer AdminDown (RTNL)
 * @drain_end: when the peer has had a Detection Time of AdminDown (jiffies)
 * @last_down_diag: diagnostic of the last transition out of Up
 * @padding: RFC 9764 large packets: 0 none, DCVIF_BFD_PADDING_MTU to the
 *	owner's MTU, else the IP packet size (see dcvif_bfd_pad_target());
 *	written under RTNL, read locklessly by the transmit path
 * @stats: counters
 */
struct dcvif_bfd {
	struct list_head node;
	struct rcu_head rcu;
	struct dcvif_bfd_owner *owner;
	spinlock_t lock;	/* see above */
	struct bfd_session s;
	struct hrtimer tx_timer;
	struct hrtimer detect_timer;
	struct hrtimer echo_timer;
	struct hrtimer echo_detect_timer;
	u64 echo_cookie;
	u32 echo_seq;
	bool echo_stall_grace;
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
	u32 padding;
	struct list_head drain_node;
	unsigned long drain_end;
	struct dcvif_bfd_stats stats;
};

struct netlink_ext_ack;

void dcvif_bfd_owner_init(struct dcvif_bfd_owner *o,
			  const struct dcvif_bfd_owner_ops *ops,
			  struct net_device *dev, struct net_device *tx_dev,
			  u16 vid, u16 udp_port);
bool dcvif_bfd_rx(struct dcvif_bfd_owner *o, struct sk_buff *skb);
bool dcvif_bfd_addr_unicast(u8 family, const void *addr);
int dcvif_bfd_new(struct dcvif_bfd_owner *o, struct dcvif_bfd *b,
		  struct bfd_session_cfg *cfg, struct netlink_ext_ack *extack);
int dcvif_bfd_set(struct dcvif_bfd *b, u32 tx, u32 rx, u8 mult, int admin,
		  const struct bfd_auth_key *key, struct netlink_ext_ack *extack);
void dcvif_bfd_set_coupling(struct dcvif_bfd *b, bool on);
u32 dcvif_bfd_hdr_len(u8 family);
u32 dcvif_bfd_padded_size(const struct dcvif_bfd *b, u32 padding, u32 bfd_len);
int dcvif_bfd_set_echo(struct dcvif_bfd *b, u32 echo_tx, u32 echo_rx,
		       struct netlink_ext_ack *extack);
struct dcvif_bfd *dcvif_bfd_find(struct dcvif_bfd_owner *o, u8 family,
				 const void *peer);
void dcvif_bfd_del(struct dcvif_bfd *b);
void dcvif_bfd_flush(struct dcvif_bfd_owner *o);
void dcvif_bfd_exit(void);

/* bfd_crypto.c */
void dcvif_bfd_crypto_init(void);
void dcvif_bfd_crypto_exit(void);
int dcvif_bfd_crypto_check(u8 auth_type, struct netlink_ext_ack *extack);

#endif /* _DCVIF_BFD_H */
