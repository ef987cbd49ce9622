// SPDX-License-Identifier: GPL-2.0
/*
 * Micro-BFD (RFC 7130) on dclag members: one asynchronous BFD session per
 * member, run by the BFD engine in bfd.c with the member as its owner.
 *
 * On the wire (RFC 7130 section 2.2): UDP destination port 6784, untagged,
 * sent on the member port itself (never through the LAG's flow hash), IP
 * TTL / hop limit 255 and source port 49152-65535 as for single hop
 * (RFC 5881). The destination MAC address is always the dedicated
 * 01-00-5E-90-00-01: RFC 7130 requires it until the session is Up and only
 * allows the peer's unicast address afterwards, and one address for the
 * whole life of a session keeps every frame of it identical on the wire
 * whatever the peer's MAC address does. We join that address on every
 * member (dev_mc_add) and take packets to our unicast address as well.
 *
 * A member carries traffic only while its session is Up (RFC 7130 section
 * 3); a session going Down takes it out of the LAG's active set with reason
 * "bfd", and dclag_update() recomputes the carrier (min-links).
 */
#include <linux/etherdevice.h>
#include <linux/in.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "dcvif.h"
#include "lag.h"

/* RFC 7130 section 2.3: the dedicated MAC address of micro-BFD. */
static const u8 dclag_mbfd_mac[ETH_ALEN] __aligned(2) = {
	0x01, 0x00, 0x5e, 0x90, 0x00, 0x01
};

static bool dclag_mbfd_peer_mac(struct dcvif_bfd *b, u8 *mac)
{
	ether_addr_copy(mac, dclag_mbfd_mac);
	return true;
}

/* Softirq or process context, the session's lock held: RTNL is for later. */
static void dclag_mbfd_state_changed(struct dcvif_bfd *b)
{
	struct dclag_member *m = container_of(b->owner, struct dclag_member, mbfd);

	WRITE_ONCE(m->mbfd_up, b->s.state == BFD_STATE_UP);
	mod_delayed_work(system_wq, &m->lag->mbfd_work, 0);
}

/* No carrier coupling: the member's activity is the LAG's decision. */
static const struct dcvif_bfd_owner_ops dclag_mbfd_ops = {
	.peer_mac	= dclag_mbfd_peer_mac,
	.state_changed	= dclag_mbfd_state_changed,
};

static void dclag_mbfd_work(struct work_struct *work)
{
	struct dclag *lag = container_of(to_delayed_work(work), struct dclag,
					 mbfd_work);

	/* dclag_mbfd_uninit() cancels this work under RTNL: never wait. */
	if (!rtnl_trylock()) {
		mod_delayed_work(system_wq, &lag->mbfd_work, 1);
		return;
	}
	dclag_update(lag);
	rtnl_unlock();
}

/**
 * dclag_mbfd_init() - a new LAG's micro-BFD defaults: off, 300 ms x 3
 * @lag: the LAG
 */
void dclag_mbfd_init(struct dclag *lag)
{
	memset(&lag->mbfd, 0, sizeof(lag->mbfd));
	lag->mbfd.min_tx = DCLAG_MBFD_INTERVAL_DEFAULT;
	lag->mbfd.min_rx = DCLAG_MBFD_INTERVAL_DEFAULT;
	lag->mbfd.mult = DCLAG_MBFD_MULT_DEFAULT;
	INIT_DELAYED_WORK(&lag->mbfd_work, dclag_mbfd_work);
}

/**
 * dclag_mbfd_uninit() - stop the LAG's micro-BFD work for good
 * @lag: the LAG, its members (and so their sessions) released
 *
 * Context: RTNL held.
 */
void dclag_mbfd_uninit(struct dclag *lag)
{
	cancel_delayed_work_sync(&lag->mbfd_work);
}

/**
 * dclag_mbfd_member_init() - make a new member an owner of BFD sessions
 * @m: the member, its port set
 */
void dclag_mbfd_member_init(struct dclag_member *m)
{
	dcvif_bfd_owner_init(&m->mbfd, &dclag_mbfd_ops, m->dev, m->dev, 0,
			     BFD_MICRO_UDP_PORT);
}

/**
 * dclag_mbfd_member_start() - start a member's micro-BFD session
 * @lag: the LAG, micro-BFD on
 * @m: the member
 * @extack: for the reason of a failure
 *
 * Context: RTNL held.
 * Return: 0 or a negative errno (and nothing started).
 */
int dclag_mbfd_member_start(struct dclag *lag, struct dclag_member *m,
			    struct netlink_ext_ack *extack)
{
	const struct dclag_mbfd_cfg *c = &lag->mbfd;
	size_t alen = c->family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr);
	struct bfd_session_cfg cfg = {};
	struct dcvif_bfd *b;
	int err;

	err = dev_mc_add(m->dev, dclag_mbfd_mac);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "member refused the micro-BFD MAC address");
		return err;
	}
	m->mbfd_mc = true;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		err = -ENOMEM;
		goto leave;
	}
	b->family = c->family;
	memcpy(&b->local, &c->local, alen);
	memcpy(&b->peer, &c->peer, alen);
	cfg.desired_min_tx = c->min_tx;
	cfg.required_min_rx = c->min_rx;
	cfg.detect_mult = c->mult;
	WRITE_ONCE(m->mbfd_up, false);
	err = dcvif_bfd_new(&m->mbfd, b, &cfg, extack);
	if (err)
		goto leave;
	return 0;

leave:
	dev_mc_del(m->dev, dclag_mbfd_mac);
	m->mbfd_mc = false;
	return err;
}

/**
 * dclag_mbfd_member_stop() - delete a member's micro-BFD session
 * @m: the member
 * @now: the member is leaving: one AdminDown, then the session is gone;
 *	otherwise it tells the peer AdminDown for a Detection Time, as every
 *	deleted session does (dcvif_bfd_del())
 *
 * Context: RTNL held.
 */
void dclag_mbfd_member_stop(struct dclag_member *m, bool now)
{
	struct dcvif_bfd *b, *tmp;

	list_for_each_entry_safe(b, tmp, &m->mbfd.sessions, node)
		dcvif_bfd_del(b);
	if (now)
		dcvif_bfd_flush(&m->mbfd);
	if (m->mbfd_mc) {
		dev_mc_del(m->dev, dclag_mbfd_mac);
		m->mbfd_mc = false;
	}
	WRITE_ONCE(m->mbfd_up, false);
}

/* Zero, multicast, broadcast and loopback addresses name no peer. */
enum { DCLAG_MBFD_ADDR_OK, DCLAG_MBFD_ADDR_LEN, DCLAG_MBFD_ADDR_UNICAST };

static int dclag_mbfd_addr_fault(const struct nlattr *a)
{
	if (!a)
		return DCLAG_MBFD_ADDR_OK;
	if (nla_len(a) != sizeof(__be32) && nla_len(a) != sizeof(struct in6_addr))
		return DCLAG_MBFD_ADDR_LEN;
	return dcvif_bfd_addr_unicast(nla_len(a) == sizeof(__be32) ? AF_INET : AF_INET6,
				      nla_data(a)) ?
	       DCLAG_MBFD_ADDR_OK : DCLAG_MBFD_ADDR_UNICAST;
}

/**
 * dclag_mbfd_validate() - the micro-BFD options of a request, on their own
 * @data: IFLA_INFO_DATA, parsed
 * @extack: for the reason of a refusal
 *
 * Return: 0 or a negative errno.
 */
int dclag_mbfd_validate(struct nlattr *data[], struct netlink_ext_ack *extack)
{
	struct nlattr *a;

	/* extack wants literals: one branch per message. */
	a = data[IFLA_DCLAG_MBFD_LOCAL];
	switch (dclag_mbfd_addr_fault(a)) {
	case DCLAG_MBFD_ADDR_LEN:
		NL_SET_ERR_MSG_MOD(extack, "mbfd-local must be an IPv4 or IPv6 address");
		NL_SET_BAD_ATTR(extack, a);
		return -EINVAL;
	case DCLAG_MBFD_ADDR_UNICAST:
		NL_SET_ERR_MSG_MOD(extack, "mbfd-local must be a unicast address");
		NL_SET_BAD_ATTR(extack, a);
		return -EADDRNOTAVAIL;
	}
	a = data[IFLA_DCLAG_MBFD_PEER];
	switch (dclag_mbfd_addr_fault(a)) {
	case DCLAG_MBFD_ADDR_LEN:
		NL_SET_ERR_MSG_MOD(extack, "mbfd-peer must be an IPv4 or IPv6 address");
		NL_SET_BAD_ATTR(extack, a);
		return -EINVAL;
	case DCLAG_MBFD_ADDR_UNICAST:
		NL_SET_ERR_MSG_MOD(extack, "mbfd-peer must be a unicast address");
		NL_SET_BAD_ATTR(extack, a);
		return -EADDRNOTAVAIL;
	}
	a = data[IFLA_DCLAG_MBFD_MIN_TX];
	if (a && nla_get_u32(a) < DCLAG_MBFD_INTERVAL_MIN) {
		NL_SET_ERR_MSG_MOD(extack, "mbfd-min-tx must be at least 1000 us (1 ms)");
		NL_SET_BAD_ATTR(extack, a);
		return -ERANGE;
	}
	a = data[IFLA_DCLAG_MBFD_MIN_RX];
	if (a && nla_get_u32(a) < DCLAG_MBFD_INTERVAL_MIN) {
		NL_SET_ERR_MSG_MOD(extack, "mbfd-min-rx must be at least 1000 us (1 ms)");
		NL_SET_BAD_ATTR(extack, a);
		return -ERANGE;
	}
	a = data[IFLA_DCLAG_MBFD_MULT];
	if (a && !nla_get_u8(a)) {
		NL_SET_ERR_MSG_MOD(extack, "mbfd-multiplier must be 1-255");
		NL_SET_BAD_ATTR(extack, a);
		return -ERANGE;
	}
	return 0;
}

/* An address attribute into @addr; its family, from its length. */
static u8 dclag_mbfd_get_addr(const struct nlattr *a, struct in6_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	nla_memcpy(addr, a, sizeof(*addr));
	return nla_len(a) == sizeof(__be32) ? AF_INET : AF_INET6;
}

/**
 * dclag_mbfd_check() - the LAG's micro-BFD options after a request
 * @lag: the LAG
 * @data: IFLA_INFO_DATA, validated
 * @c: the options the request makes, filled in
 * @extack: for the reason of a refusal
 *
 * Nothing changes here; dclag_mbfd_commit() applies @c.
 *
 * Return: 0 or a negative errno.
 */
int dclag_mbfd_check(struct dclag *lag, struct nlattr *data[],
		     struct dclag_mbfd_cfg *c, struct netlink_ext_ack *extack)
{
	u8 lfam = 0, pfam = 0;

	*c = lag->mbfd;
	if (!data)
		return 0;
	if (data[IFLA_DCLAG_MICRO_BFD])
		c->on = nla_get_u8(data[IFLA_DCLAG_MICRO_BFD]);
	if (data[IFLA_DCLAG_MBFD_LOCAL])
		lfam = dclag_mbfd_get_addr(data[IFLA_DCLAG_MBFD_LOCAL], &c->local);
	if (data[IFLA_DCLAG_MBFD_PEER])
		pfam = dclag_mbfd_get_addr(data[IFLA_DCLAG_MBFD_PEER], &c->peer);
	if (data[IFLA_DCLAG_MBFD_MIN_TX])
		c->min_tx = nla_get_u32(data[IFLA_DCLAG_MBFD_MIN_TX]);
	if (data[IFLA_DCLAG_MBFD_MIN_RX])
		c->min_rx = nla_get_u32(data[IFLA_DCLAG_MBFD_MIN_RX]);
	if (data[IFLA_DCLAG_MBFD_MULT])
		c->mult = nla_get_u8(data[IFLA_DCLAG_MBFD_MULT]);

	/* Addresses come in pairs: one without the other keeps the family. */
	if (lfam && pfam && lfam != pfam) {
		NL_SET_ERR_MSG_MOD(extack,
				   "mbfd-local and mbfd-peer must be of one address family");
		return -EINVAL;
	}
	if ((lfam || pfam) && c->family && (lfam ? : pfam) != c->family &&
	    !(lfam && pfam)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "mbfd-local and mbfd-peer must be of one address family (give both to change it)");
		return -EINVAL;
	}
	if (lfam || pfam)
		c->family = lfam ? : pfam;
	if (c->on && c->family == AF_INET6 && !ipv6_mod_enabled()) {
		NL_SET_ERR_MSG_MOD(extack, "IPv6 is disabled on this system");
		return -EAFNOSUPPORT;
	}
	if (c->on && (!c->family || ipv6_addr_any(&c->local) ||
		      ipv6_addr_any(&c->peer))) {
		NL_SET_ERR_MSG_MOD(extack, "micro-bfd on needs mbfd-local and mbfd-peer");
		return -EINVAL;
	}
	if (c->family && ipv6_addr_equal(&c->local, &c->peer)) {
		NL_SET_ERR_MSG_MOD(extack, "mbfd-local and mbfd-peer must differ");
		return -EINVAL;
	}
	return 0;
}

/**
 * dclag_mbfd_commit() - apply a LAG's new micro-BFD options
 * @lag: the LAG
 * @c: the options, from dclag_mbfd_check()
 * @extack: for the reason of a failure
 *
 * Switching on starts a session on every member; switching off deletes
 * them (the peer hears AdminDown). New addresses restart the sessions; new
 * intervals or multiplier go to the running sessions, through a Poll
 * Sequence when Up (RFC 5880 section 6.8.3), without a flap.
 *
 * Context: RTNL held.
 * Return: 0, or a negative errno and the old options back in force.
 */
int dclag_mbfd_commit(struct dclag *lag, const struct dclag_mbfd_cfg *c,
		      struct netlink_ext_ack *extack)
{
	struct dclag_mbfd_cfg old = lag->mbfd;
	struct dclag_member *m;
	struct dcvif_bfd *b;
	bool restart, retime;
	int err;

	restart = old.on && c->on &&
		  (old.family != c->family || !ipv6_addr_equal(&old.local, &c->local) ||
		   !ipv6_addr_equal(&old.peer, &c->peer));
	retime = old.on && c->on && !restart &&
		 (old.min_tx != c->min_tx || old.min_rx != c->min_rx ||
		  old.mult != c->mult);

	if (old.on && (!c->on || restart))
		list_for_each_entry(m, &lag->members, list)
			dclag_mbfd_member_stop(m, false);
	lag->mbfd = *c;
	if (c->on && (!old.on || restart)) {
		list_for_each_entry(m, &lag->members, list) {
			err = dclag_mbfd_member_start(lag, m, extack);
			if (err)
				goto unwind;
		}
	}
	if (retime) {
		list_for_each_entry(m, &lag->members, list) {
			list_for_each_entry(b, &m->mbfd.sessions, node) {
				/* Checked by dclag_mbfd_validate(): cannot fail. */
				err = dcvif_bfd_set(b, c->min_tx, c->min_rx, c->mult,
						    -1, NULL, extack);
				if (err)
					return err;
			}
		}
	}
	return 0;

unwind:
	list_for_each_entry_continue_reverse(m, &lag->members, list)
		dclag_mbfd_member_stop(m, true);
	lag->mbfd = old;
	/* Best effort: the old sessions of a restart come back. */
	if (restart)
		list_for_each_entry(m, &lag->members, list)
			dclag_mbfd_member_start(lag, m, NULL);
	return err;
}

/**
 * dclag_mbfd_info_size() - room for dclag_mbfd_fill_info()
 *
 * Return: bytes.
 */
size_t dclag_mbfd_info_size(void)
{
	return 2 * nla_total_size(sizeof(struct in6_addr)) + /* ..._MBFD_LOCAL/PEER */
	       2 * nla_total_size(sizeof(u32)) +	/* ..._MBFD_MIN_TX/RX */
	       nla_total_size(sizeof(u8));		/* ..._MBFD_MULT */
}

/**
 * dclag_mbfd_fill_info() - a LAG's micro-BFD options, in IFLA_INFO_DATA
 * @skb: the message
 * @lag: the LAG
 *
 * Return: 0 or -EMSGSIZE.
 */
int dclag_mbfd_fill_info(struct sk_buff *skb, const struct dclag *lag)
{
	const struct dclag_mbfd_cfg *c = &lag->mbfd;
	int alen = c->family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr);

	if (c->family &&
	    (nla_put(skb, IFLA_DCLAG_MBFD_LOCAL, alen, &c->local) ||
	     nla_put(skb, IFLA_DCLAG_MBFD_PEER, alen, &c->peer)))
		return -EMSGSIZE;
	if (nla_put_u32(skb, IFLA_DCLAG_MBFD_MIN_TX, c->min_tx) ||
	    nla_put_u32(skb, IFLA_DCLAG_MBFD_MIN_RX, c->min_rx) ||
	    nla_put_u8(skb, IFLA_DCLAG_MBFD_MULT, c->mult))
		return -EMSGSIZE;
	return 0;
}

/**
 * dclag_mbfd_snapshot() - a member's micro-BFD session at one moment
 * @m: the member
 * @snap: filled in
 *
 * Context: RTNL held.
 * Return: false if the member runs no session.
 */
bool dclag_mbfd_snapshot(struct dclag_member *m, struct dclag_mbfd_snap *snap)
{
	struct dcvif_bfd *b;

	b = list_first_entry_or_null(&m->mbfd.sessions, struct dcvif_bfd, node);
	if (!b)
		return false;
	spin_lock_bh(&b->lock);
	snap->state = b->s.state;
	snap->remote_state = b->s.remote_state;
	snap->diag = b->s.local_diag;
	snap->local_discr = b->s.local_discr;
	snap->remote_discr = b->s.remote_discr;
	snap->rx = b->stats.rx_packets;
	snap->tx = b->stats.tx_packets;
	spin_unlock_bh(&b->lock);
	return true;
}

/**
 * dclag_mbfd_member_size() - room for dclag_mbfd_fill_member()
 *
 * Return: bytes.
 */
size_t dclag_mbfd_member_size(void)
{
	return 2 * nla_total_size(sizeof(u8)) +	/* ..._MBFD_STATE/DIAG */
	       2 * nla_total_size(sizeof(u32));	/* ..._MBFD_LOCAL/REMOTE_DISCR */
}

/**
 * dclag_mbfd_fill_member() - a member's session in IFLA_INFO_SLAVE_DATA
 * @skb: the message
 * @m: the member
 *
 * Context: RTNL held.
 * Return: 0 or -EMSGSIZE.
 */
int dclag_mbfd_fill_member(struct sk_buff *skb, struct dclag_member *m)
{
	struct dclag_mbfd_snap snap;

	if (!dclag_mbfd_snapshot(m, &snap))
		return 0;
	if (nla_put_u8(skb, IFLA_DCLAG_MEMBER_MBFD_STATE, snap.state) ||
	    nla_put_u8(skb, IFLA_DCLAG_MEMBER_MBFD_DIAG, snap.diag) ||
	    nla_put_u32(skb, IFLA_DCLAG_MEMBER_MBFD_LOCAL_DISCR, snap.local_discr) ||
	    nla_put_u32(skb, IFLA_DCLAG_MEMBER_MBFD_REMOTE_DISCR, snap.remote_discr))
		return -EMSGSIZE;
	return 0;
}
