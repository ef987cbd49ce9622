// SPDX-License-Identifier: GPL-2.0
/*
 * LACP on dclag members: the kernel side of the protocol core in
 * lacp_proto.c. Slow Protocols frames (ethertype 0x8809) come in through
 * the members' receive handler; LACPDUs go out on the member to
 * 01:80:c2:00:00:02; one timer per LAG runs the port machines; a change
 * of a member's collecting+distributing state reaches dclag_update()
 * through a work item, since carrier and lower-state changes need RTNL.
 *
 * Locking: lag->lacp_lock (BH) serialises every call into the core for
 * the LAG's ports, as lacp_proto.h requires, and guards the member list
 * against the timer and receivers (the list changes under RTNL and this
 * lock). Frames are built under the lock and sent after it is dropped.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <net/netlink.h>

#include "lag.h"

static const u8 dclag_lacp_addr[ETH_ALEN] = LACP_SLOW_ADDR;

/* Actor system priority and port priority, bonding's defaults. */
#define DCLAG_LACP_SYS_PRIO	65535
#define DCLAG_LACP_PORT_PRIO	255
/* At most this many LACPDUs per port per run: the core sends one. */
#define DCLAG_LACP_TX_BURST	4
/* Timer lateness tolerated before the LACP clock stops for it. */
#define DCLAG_LACP_SLACK_MS	200

/*
 * The LACP clock of a LAG, in ms: monotonic time less the time the LAG's
 * timer was held up beyond its deadline. A box too busy to run its timer
 * (or a stalled VM) then does not find every partner timed out the moment
 * it runs again, before the LACPDUs queued meanwhile are processed; bonding
 * gets the same effect by counting its state machine's ticks. Called with
 * lacp_lock held.
 */
static u64 dclag_now_ms(struct dclag *lag)
{
	return ktime_to_ms(ktime_get()) - lag->lacp_skew;
}

static bool dclag_lacp_on(const struct dclag *lag)
{
	return READ_ONCE(lag->lacp) != DCLAG_LACP_OFF;
}

static void dclag_lacp_port_init(struct dclag *lag, struct dclag_member *m,
				 u64 now)
{
	struct lacp_info actor = {
		.sys_prio = DCLAG_LACP_SYS_PRIO,
		/* One key per LAG: all its members may aggregate. */
		.key = lag->dev->ifindex & 0xffff,
		.port_prio = DCLAG_LACP_PORT_PRIO,
		.port = m->port_no,
	};

	ether_addr_copy(actor.sys, lag->dev->dev_addr);
	lacp_port_init(&m->lacp, &actor, lag->lacp == DCLAG_LACP_ACTIVE,
		       lag->lacp_rate == DCLAG_LACP_RATE_FAST, now);
	lacp_port_set_enabled(&m->lacp, netif_running(m->dev) &&
			      netif_carrier_ok(m->dev), now);
	m->lacp_cd = false;
	WRITE_ONCE(m->lacp_coll, false);
}

/*
 * The LAG's address changed: the actor system is that address, so every
 * port starts over with the new one (its partner selects again) and keeps
 * its counters. Called with lacp_lock held.
 */
static void dclag_lacp_new_system(struct dclag *lag, u64 now)
{
	struct lacp_stats stats;
	struct dclag_member *m;

	list_for_each_entry(m, &lag->members, list) {
		stats = m->lacp.stats;
		dclag_lacp_port_init(lag, m, now);
		m->lacp.stats = stats;
	}
}

/* A Slow Protocols frame from @m's own address with @len bytes of @data. */
static struct sk_buff *dclag_slow_skb(struct dclag_member *m, const u8 *data,
				      unsigned int len)
{
	struct net_device *port = m->dev;
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(port) + ETH_HLEN + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(port));
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dclag_lacp_addr);
	/* The port's own address, as bonding sends from its perm_hwaddr. */
	ether_addr_copy(eth->h_source, m->saved_addr);
	eth->h_proto = htons(ETH_P_SLOW);
	skb_set_network_header(skb, ETH_HLEN);
	skb_put_data(skb, data, len);
	skb->dev = port;
	skb->protocol = htons(ETH_P_SLOW);
	skb->priority = TC_PRIO_CONTROL;
	return skb;
}

/*
 * Selection, transmission, timer and coll/dist follow-up for every port of
 * the LAG (steps 2-4 of the calling sequence in lacp_proto.h). Frames to
 * send are queued on @txq. Called with lacp_lock held.
 */
static void dclag_lacp_run(struct dclag *lag, u64 now,
			   struct sk_buff_head *txq)
{
	struct dclag_member *ms[LACP_MAX_PORTS];
	struct lacp_port *ports[LACP_MAX_PORTS];
	unsigned int n = 0, i, burst, sel;
	u64 next = LACP_NEVER, t;
	struct dclag_member *m;
	bool changed = false;
	u8 buf[LACP_PDU_LEN];
	struct lacp_pdu pdu;
	struct sk_buff *skb;
	bool cd;

	if (!dclag_lacp_on(lag) || lag->lacp_dying)
		return;

	list_for_each_entry(m, &lag->members, list) {
		if (n == ARRAY_SIZE(ports))
			break;
		ms[n] = m;
		ports[n++] = &m->lacp;
	}
	sel = lacp_select(ports, n);
	for (i = 0; i < n; i++)
		if (sel & (1U << i))
			lacp_port_tick(ports[i], now);

	for (i = 0; i < n; i++) {
		m = ms[i];
		for (burst = 0; burst < DCLAG_LACP_TX_BURST; burst++) {
			if (!lacp_port_tx(&m->lacp, now, &pdu))
				break;
			lacp_pdu_build(buf, &pdu);
			skb = dclag_slow_skb(m, buf, sizeof(buf));
			if (skb)
				__skb_queue_tail(txq, skb);
			else
				m->lacp_tx_nomem++;
		}
		t = lacp_port_next_ms(&m->lacp);
		if (t < next)
			next = t;
		WRITE_ONCE(m->lacp_coll, lacp_port_coll_dist(&m->lacp));
		cd = lacp_port_distributing(&m->lacp);
		if (cd != m->lacp_cd) {
			WRITE_ONCE(m->lacp_cd, cd);
			changed = true;
		}
	}

	if (changed)
		mod_delayed_work(system_wq, &lag->lacp_work, 0);
	lag->lacp_due = next != LACP_NEVER ? max(next, now) : 0;
	if (next != LACP_NEVER)
		mod_timer(&lag->lacp_timer,
			  jiffies + max(1UL, msecs_to_jiffies(next > now ?
							      next - now : 0)));
}

static void dclag_lacp_xmit(struct sk_buff_head *txq)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(txq)))
		dev_queue_xmit(skb);
}

static void dclag_lacp_timer(struct timer_list *t)
{
	struct dclag *lag = from_timer(lag, t, lacp_timer);
	struct dclag_member *m;
	struct sk_buff_head txq;
	u64 now;

	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	/* Late beyond the slack: the LACP clock skips the delay. */
	if (lag->lacp_due && now > lag->lacp_due + DCLAG_LACP_SLACK_MS) {
		lag->lacp_skew += now - lag->lacp_due;
		now = lag->lacp_due;
	}
	if (dclag_lacp_on(lag) && !lag->lacp_dying) {
		list_for_each_entry(m, &lag->members, list)
			lacp_port_tick(&m->lacp, now);
		dclag_lacp_run(lag, now, &txq);
	}
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
}

static void dclag_lacp_work(struct work_struct *work)
{
	struct dclag *lag = container_of(to_delayed_work(work), struct dclag,
					 lacp_work);

	/* dclag_lacp_uninit() cancels this work under RTNL: never wait. */
	if (!rtnl_trylock()) {
		mod_delayed_work(system_wq, &lag->lacp_work, 1);
		return;
	}
	dclag_update(lag);
	rtnl_unlock();
}

/**
 * dclag_lacp_rx() - take a Slow Protocols frame from a member
 * @m: the member it came in on
 * @skb: the frame, data at the Slow Protocols subtype
 *
 * LACPDUs go to the member's port machines, malformed ones are counted
 * and dropped, Marker PDUs are answered. Context: softirq, RCU.
 *
 * Return: true if @skb was consumed.
 */
bool dclag_lacp_rx(struct dclag_member *m, struct sk_buff *skb)
{
	struct dclag *lag = m->lag;
	u8 buf[LACP_PDU_LEN] = {};
	struct sk_buff_head txq;
	enum lacp_pdu_err err;
	struct sk_buff *resp;
	struct lacp_pdu pdu;
	unsigned int len;
	u64 now;

	if (!dclag_lacp_on(lag))
		return false;

	len = min_t(unsigned int, skb->len, LACP_PDU_LEN);
	if (len < 1 || skb_copy_bits(skb, 0, buf, len))
		return false;

	if (buf[0] == LACP_SUBTYPE_MARKER) {
		/* Nothing in flight to flush: answer at once (6.5.4.2). */
		if (lacp_marker_respond(buf, len)) {
			resp = dclag_slow_skb(m, buf, LACP_MARKER_LEN);
			if (resp)
				dev_queue_xmit(resp);
		}
		consume_skb(skb);
		return true;
	}
	if (buf[0] != LACP_SUBTYPE_LACP)
		return false;

	err = lacp_pdu_parse(buf, len, &pdu);
	__skb_queue_head_init(&txq);
	spin_lock(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	/* Released under this lock: a member off the list is not ours. */
	if (!m->released && !lag->lacp_dying) {
		if (err == LACP_PDU_OK)
			lacp_port_rx(&m->lacp, &pdu, now);
		else
			lacp_port_rx_err(&m->lacp, err);
		dclag_lacp_run(lag, now, &txq);
	}
	spin_unlock(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
	consume_skb(skb);
	return true;
}

/**
 * dclag_lacp_member_add() - put a new member on the LAG's list
 * @lag: the LAG
 * @m: the member, fully set up
 *
 * Context: RTNL held.
 */
void dclag_lacp_member_add(struct dclag *lag, struct dclag_member *m)
{
	unsigned long used = 0;
	struct dclag_member *o;
	struct sk_buff_head txq;
	u64 now;

	/*
	 * Port Number: 802.1AX wants it nonzero and unique in the system;
	 * the lowest one free in the LAG, kept while the port is a member.
	 */
	list_for_each_entry(o, &lag->members, list)
		__set_bit(o->port_no, &used);
	m->port_no = find_next_zero_bit(&used, BITS_PER_LONG, 1);

	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	if (dclag_lacp_on(lag))
		dclag_lacp_port_init(lag, m, now);
	list_add_tail_rcu(&m->list, &lag->members);
	dclag_lacp_run(lag, now, &txq);
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
	if (dclag_lacp_on(lag))
		dev_mc_add(m->dev, dclag_lacp_addr);
}

/**
 * dclag_lacp_member_del() - take a member off the LAG's list
 * @lag: the LAG
 * @m: the member
 *
 * The other ports are selected again without it. Context: RTNL held.
 */
void dclag_lacp_member_del(struct dclag *lag, struct dclag_member *m)
{
	struct sk_buff_head txq;

	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	list_del_rcu(&m->list);
	/* For dclag_lacp_rx(): receivers may still hold @m (RCU). */
	m->released = true;
	dclag_lacp_run(lag, dclag_now_ms(lag), &txq);
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
	if (dclag_lacp_on(lag))
		dev_mc_del(m->dev, dclag_lacp_addr);
}

/**
 * dclag_lacp_carrier() - a member's carrier or admin state changed
 * @lag: the LAG
 * @m: the member
 *
 * Context: RTNL held.
 */
void dclag_lacp_carrier(struct dclag *lag, struct dclag_member *m)
{
	struct sk_buff_head txq;
	u64 now;

	if (!dclag_lacp_on(lag))
		return;
	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	lacp_port_set_enabled(&m->lacp, netif_running(m->dev) &&
			      netif_carrier_ok(m->dev), now);
	dclag_lacp_run(lag, now, &txq);
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
}

/**
 * dclag_lacp_set_mode() - apply a new lacp / lacp-rate
 * @lag: the LAG
 * @lacp: enum dclag_lacp_mode
 * @rate: enum dclag_lacp_rate
 *
 * Context: RTNL held.
 */
void dclag_lacp_set_mode(struct dclag *lag, u8 lacp, u8 rate)
{
	bool was_on = dclag_lacp_on(lag);
	struct dclag_member *m;
	struct sk_buff_head txq;
	u64 now;

	if (lacp == lag->lacp && rate == lag->lacp_rate)
		return;
	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	WRITE_ONCE(lag->lacp, lacp);
	lag->lacp_rate = rate;
	list_for_each_entry(m, &lag->members, list) {
		if (!was_on)
			dclag_lacp_port_init(lag, m, now);
		else
			lacp_port_set_mode(&m->lacp, lacp == DCLAG_LACP_ACTIVE,
					   rate == DCLAG_LACP_RATE_FAST, now);
	}
	dclag_lacp_run(lag, now, &txq);
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);

	if (was_on == dclag_lacp_on(lag))
		return;
	list_for_each_entry(m, &lag->members, list) {
		if (was_on)
			dev_mc_del(m->dev, dclag_lacp_addr);
		else
			dev_mc_add(m->dev, dclag_lacp_addr);
	}
	if (was_on)
		del_timer_sync(&lag->lacp_timer);
}

/**
 * dclag_lacp_addr_changed() - the LAG's MAC address changed
 * @lag: the LAG
 *
 * LACPDUs carry the new actor system from now on. Context: RTNL held.
 */
void dclag_lacp_addr_changed(struct dclag *lag)
{
	struct sk_buff_head txq;
	u64 now;

	if (!dclag_lacp_on(lag))
		return;
	__skb_queue_head_init(&txq);
	spin_lock_bh(&lag->lacp_lock);
	now = dclag_now_ms(lag);
	dclag_lacp_new_system(lag, now);
	dclag_lacp_run(lag, now, &txq);
	spin_unlock_bh(&lag->lacp_lock);
	dclag_lacp_xmit(&txq);
	dclag_update(lag);
}

/**
 * dclag_lacp_snapshot() - a member's LACP state and counters, consistent
 * @m: the member
 * @snap: filled in
 *
 * Context: process or softirq; takes lacp_lock.
 */
void dclag_lacp_snapshot(struct dclag_member *m, struct dclag_lacp_snap *snap)
{
	struct dclag *lag = m->lag;
	unsigned int i;

	spin_lock_bh(&lag->lacp_lock);
	snap->actor = m->lacp.actor.state;
	snap->partner = m->lacp.partner.state;
	ether_addr_copy(snap->partner_sys, m->lacp.partner.sys);
	snap->rx = m->lacp.stats.rx_pdus;
	snap->tx = m->lacp.stats.tx_pdus;
	snap->bad = 0;
	for (i = 1; i < LACP_PDU_ERR_MAX; i++)
		snap->bad += m->lacp.stats.rx_err[i];
	spin_unlock_bh(&lag->lacp_lock);
}

/**
 * dclag_lacp_fill_member() - a member's LACP state for IFLA_INFO_SLAVE_DATA
 * @skb: the message
 * @m: the member
 *
 * Context: RTNL held.
 * Return: 0 or -EMSGSIZE.
 */
int dclag_lacp_fill_member(struct sk_buff *skb, struct dclag_member *m)
{
	struct dclag_lacp_snap snap;

	dclag_lacp_snapshot(m, &snap);
	if (nla_put_u8(skb, IFLA_DCLAG_MEMBER_LACP_ACTOR_STATE, snap.actor) ||
	    nla_put_u8(skb, IFLA_DCLAG_MEMBER_LACP_PARTNER_STATE, snap.partner) ||
	    nla_put_u64_64bit(skb, IFLA_DCLAG_MEMBER_LACPDU_RX, snap.rx,
			      IFLA_DCLAG_MEMBER_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_DCLAG_MEMBER_LACPDU_TX, snap.tx,
			      IFLA_DCLAG_MEMBER_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_DCLAG_MEMBER_LACPDU_BAD, snap.bad,
			      IFLA_DCLAG_MEMBER_PAD))
		return -EMSGSIZE;
	return 0;
}

/**
 * dclag_lacp_init() - LACP state of a new LAG
 * @lag: the LAG
 */
void dclag_lacp_init(struct dclag *lag)
{
	/*
	 * lacp_select() takes at most LACP_MAX_PORTS ports (a bitmask) and
	 * port numbers come from one long: max-members must stay below both.
	 */
	BUILD_BUG_ON(DCLAG_MEMBERS_LIMIT > LACP_MAX_PORTS);
	BUILD_BUG_ON(DCLAG_MEMBERS_LIMIT >= BITS_PER_LONG);
	spin_lock_init(&lag->lacp_lock);
	timer_setup(&lag->lacp_timer, dclag_lacp_timer, 0);
	INIT_DELAYED_WORK(&lag->lacp_work, dclag_lacp_work);
}

/**
 * dclag_lacp_uninit() - stop the LAG's timer and work for good
 * @lag: the LAG
 *
 * Context: RTNL held; the members are released.
 */
void dclag_lacp_uninit(struct dclag *lag)
{
	spin_lock_bh(&lag->lacp_lock);
	lag->lacp_dying = true;
	spin_unlock_bh(&lag->lacp_lock);
	del_timer_sync(&lag->lacp_timer);
	cancel_delayed_work_sync(&lag->lacp_work);
}
