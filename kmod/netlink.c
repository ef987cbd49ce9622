// SPDX-License-Identifier: GPL-2.0
/*
 * The "dcvif" generic netlink family (Documentation/netlink/specs/dcvif.yaml):
 * BFD sessions, VIF state and counters, and the "monitor" group of events.
 */
#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "bfd.h"
#include "dcvif.h"
#include "lag.h"
#include "netlink.h"
#include "netlink-gen.h"

#define DCVIF_BFD_DEFAULT_INTERVAL	300000	/* us: AWS Direct Connect's 300 ms */
#define DCVIF_BFD_DEFAULT_MULT		3

/*
 * Limits for whoever may make sessions. The root of any user namespace may
 * (GENL_UNS_ADMIN_PERM), and each session arms hrtimers in softirq: a
 * namespace gets at most bfd_max_sessions (4094 VIFs with IPv4 and IPv6
 * fit the default), and a caller without CAP_NET_ADMIN in the initial user
 * namespace no interval below bfd_userns_min_interval (10 ms: 3 x 10 ms
 * is still sub-second detection; the spec's floor of 1 ms is for the
 * host's own administrator).
 */
static unsigned int bfd_max_sessions = 8192;
module_param(bfd_max_sessions, uint, 0644);
MODULE_PARM_DESC(bfd_max_sessions,
		 "BFD sessions on the VIFs of one network namespace, at most (default 8192)");

static unsigned int bfd_userns_min_interval = 10000;
module_param(bfd_userns_min_interval, uint, 0644);
MODULE_PARM_DESC(bfd_userns_min_interval,
		 "smallest BFD interval (us) a caller without CAP_NET_ADMIN in the initial user namespace may ask (default 10000)");

/* The intervals of a request (0: not asked) for this caller. */
static int dcvif_nl_bfd_intervals_ok(struct sk_buff *skb, struct genl_info *info)
{
	static const int which[] = { DCVIF_A_BFD_DESIRED_MIN_TX,
				     DCVIF_A_BFD_REQUIRED_MIN_RX,
				     DCVIF_A_BFD_ECHO_TX_INTERVAL };
	unsigned int min = READ_ONCE(bfd_userns_min_interval);
	int i;

	if (netlink_ns_capable(skb, &init_user_ns, CAP_NET_ADMIN))
		return 0;
	for (i = 0; i < ARRAY_SIZE(which); i++) {
		struct nlattr *a = info->attrs[which[i]];

		/* An Echo interval of 0 is "off", not fast. */
		if (a && nla_get_u32(a) < min &&
		    (which[i] != DCVIF_A_BFD_ECHO_TX_INTERVAL || nla_get_u32(a))) {
			DCVIF_ERR_FMT(info->extack,
				      "interval below bfd_userns_min_interval, the floor in a user namespace",
				      "interval %u us below the userns floor %u (bfd_userns_min_interval)",
				      nla_get_u32(a), min);
			NL_SET_BAD_ATTR(info->extack, a);
			return -EPERM;
		}
	}
	return 0;
}

/*
 * Does @dev forward @family, so that it loops the peer's Echo packets?
 * IPv4 asks the device's own forwarding setting, IPv6 the netns's
 * (ip6_forward() reads net.ipv6.conf.all.forwarding).
 */
static bool dcvif_nl_forwards(struct net_device *dev, u8 family)
{
	if (family == AF_INET) {
		struct in_device *in_dev = __in_dev_get_rtnl(dev);

		return in_dev && IN_DEV_FORWARD(in_dev);
	}
#if IS_ENABLED(CONFIG_IPV6)
	return READ_ONCE(dev_net(dev)->ipv6.devconf_all->forwarding) > 0;
#else
	return false;
#endif
}

/*
 * The Echo settings of a request, checked before anything changes: @tx and
 * @rx keep what the caller passed in unless the request has them.
 */
static int dcvif_nl_bfd_echo(struct genl_info *info, struct net_device *dev,
			     u8 family, u32 *tx, u32 *rx)
{
	struct nlattr *atx = info->attrs[DCVIF_A_BFD_ECHO_TX_INTERVAL];
	struct nlattr *arx = info->attrs[DCVIF_A_BFD_ECHO_RX_INTERVAL];

	if (atx)
		*tx = nla_get_u32(atx);
	if (arx)
		*rx = nla_get_u32(arx);
	if (*tx && *tx < DCVIF_BFD_INTERVAL_MIN) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "echo-tx-interval must be 0 (off) or at least 1000 us");
		NL_SET_BAD_ATTR(info->extack, atx);
		return -EINVAL;
	}
	/*
	 * Advertising a Required Min Echo RX Interval promises that the
	 * peer's Echo packets come back: the VIF must forward them. Turning
	 * forwarding off later is what Echo is there to detect.
	 */
	if (arx && *rx && !dcvif_nl_forwards(dev, family)) {
		if (family == AF_INET)
			DCVIF_ERR_FMT(info->extack,
				      "echo-rx-interval: IPv4 forwarding is off on the VIF",
				      "echo-rx-interval: IPv4 forwarding is off on %s",
				      dev->name);
		else
			NL_SET_ERR_MSG_MOD(info->extack,
					   "echo-rx-interval: IPv6 forwarding is off in the netns");
		NL_SET_BAD_ATTR(info->extack, arx);
		return -EINVAL;
	}
	return 0;
}

/* The VIF and the peer address that name a session in a request. */
static int dcvif_nl_bfd_key(struct genl_info *info, struct dcvif **vif,
			    u8 *family, const void **peer)
{
	struct nlattr **attrs = info->attrs;

	if (GENL_REQ_ATTR_CHECK(info, DCVIF_A_BFD_IFINDEX))
		return -EINVAL;
	*vif = dcvif_from_ifindex(genl_info_net(info),
				  nla_get_u32(attrs[DCVIF_A_BFD_IFINDEX]),
				  info->extack);
	if (!*vif) {
		NL_SET_BAD_ATTR(info->extack, attrs[DCVIF_A_BFD_IFINDEX]);
		return -ENODEV;
	}
	if (!!attrs[DCVIF_A_BFD_PEER_V4] == !!attrs[DCVIF_A_BFD_PEER_V6]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "exactly one of peer-v4 and peer-v6 is required");
		return -EINVAL;
	}
	if (attrs[DCVIF_A_BFD_PEER_V4]) {
		*family = AF_INET;
		*peer = nla_data(attrs[DCVIF_A_BFD_PEER_V4]);
	} else {
		/* Booted with ipv6.disable=1: no neighbour table to send by. */
		if (!ipv6_mod_enabled()) {
			NL_SET_ERR_MSG_MOD(info->extack, "IPv6 is disabled on this system");
			NL_SET_BAD_ATTR(info->extack, attrs[DCVIF_A_BFD_PEER_V6]);
			return -EAFNOSUPPORT;
		}
		*family = AF_INET6;
		*peer = nla_data(attrs[DCVIF_A_BFD_PEER_V6]);
	}
	return 0;
}

static struct dcvif_bfd *dcvif_nl_bfd_lookup(struct genl_info *info)
{
	struct dcvif_bfd *b;
	struct dcvif *vif;
	const void *peer;
	u8 family;
	int err;

	err = dcvif_nl_bfd_key(info, &vif, &family, &peer);
	if (err)
		return ERR_PTR(err);
	b = dcvif_bfd_find(&vif->bfd, family, peer);
	if (!b) {
		NL_SET_ERR_MSG_MOD(info->extack, "no BFD session with this peer on the VIF");
		return ERR_PTR(-ENOENT);
	}
	return b;
}

/* Authentication from a request: 0 if none asked, 1 if set, or -errno. */
static int __dcvif_nl_auth(struct genl_info *info, struct bfd_auth_key *key)
{
	struct nlattr **attrs = info->attrs;
	struct nlattr *k = attrs[DCVIF_A_BFD_AUTH_KEY];

	memset(key, 0, sizeof(*key));
	if (!attrs[DCVIF_A_BFD_AUTH_TYPE])
		return 0;
	key->type = nla_get_u8(attrs[DCVIF_A_BFD_AUTH_TYPE]);
	if (key->type == BFD_AUTH_NONE)
		return 1;
	if (!k || !attrs[DCVIF_A_BFD_AUTH_KEY_ID]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "authentication needs auth-key-id and auth-key");
		return -EINVAL;
	}
	/* 1-16 bytes (simple, MD5) or 1-20 (SHA1): the core checks the type's. */
	if (!nla_len(k) || nla_len(k) > DCVIF_BFD_KEY_MAX_LEN) {
		NL_SET_ERR_MSG_ATTR(info->extack, k, "auth-key must be 1-20 bytes");
		return -EINVAL;
	}
	key->key_id = nla_get_u8(attrs[DCVIF_A_BFD_AUTH_KEY_ID]);
	key->len = nla_len(k);
	memcpy(key->key, nla_data(k), key->len);
	return 1;
}

/*
 * The key is wiped in the request too, whatever the outcome: an error ack
 * echoes the request (without NETLINK_CAP_ACK), and nlmon taps and the
 * freed skb's memory would keep it.
 */
static int dcvif_nl_auth(struct genl_info *info, struct bfd_auth_key *key)
{
	struct nlattr *k = info->attrs[DCVIF_A_BFD_AUTH_KEY];
	int ret = __dcvif_nl_auth(info, key);

	if (k)
		memzero_explicit(nla_data(k), nla_len(k));
	return ret;
}

/*
 * RFC 9764 padding from a request: 0 if not asked, 1 with *@padding set,
 * or -errno. A size counts the whole IP packet (the RFC 9764 YANG model's
 * padded-pdu-size): from the session's unpadded packet (headers plus
 * @bfd_len, the control packet with the authentication in force after the
 * request) up to @dev's MTU; DCVIF_BFD_PADDING_MTU follows the MTU.
 */
static int dcvif_nl_bfd_padding(struct genl_info *info, struct net_device *dev,
				u8 family, u32 bfd_len, u32 *padding)
{
	struct nlattr *a = info->attrs[DCVIF_A_BFD_PADDING];
	u32 p, min, mtu;

	if (!a)
		return 0;
	p = nla_get_u16(a);
	min = dcvif_bfd_hdr_len(family) + bfd_len;
	mtu = READ_ONCE(dev->mtu);
	if (p && p != DCVIF_BFD_PADDING_MTU && p < min) {
		DCVIF_ERR_FMT(info->extack,
			      "padding below the session's unpadded packet size",
			      "padding %u below the session's unpadded packet size %u",
			      p, min);
		NL_SET_BAD_ATTR(info->extack, a);
		return -EINVAL;
	}
	if (p > mtu) {
		DCVIF_ERR_FMT(info->extack, "padding above the VIF's MTU",
			      "padding %u above the VIF's MTU %u", p, mtu);
		NL_SET_BAD_ATTR(info->extack, a);
		return -EINVAL;
	}
	*padding = p;
	return 1;
}

int dcvif_nl_bfd_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct bfd_session_cfg cfg = {};
	struct nlattr *local;
	struct dcvif_bfd *b;
	struct sk_buff *msg;
	struct dcvif *vif;
	const void *peer;
	u32 padding = 0;
	u32 discr = 0;
	void *hdr;
	u8 family;
	int auth, err;

	/* The key first: out of the request before anything can fail. */
	auth = dcvif_nl_auth(info, &cfg.auth);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		memzero_explicit(&cfg.auth, sizeof(cfg.auth));
		return -ENOMEM;
	}

	rtnl_lock();
	err = auth < 0 ? auth : dcvif_nl_bfd_key(info, &vif, &family, &peer);
	if (err)
		goto unlock;
	if (dcvif_bfd_find(&vif->bfd, family, peer)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a BFD session with this peer exists on the VIF");
		err = -EEXIST;
		goto unlock;
	}
	err = dcvif_nl_bfd_intervals_ok(skb, info);
	if (err)
		goto unlock;
	if (dcvif_net(dev_net(vif->dev))->bfd_sessions >= READ_ONCE(bfd_max_sessions)) {
		DCVIF_ERR_FMT(info->extack,
			      "the netns has bfd_max_sessions BFD sessions already",
			      "the netns has %u BFD sessions already (bfd_max_sessions)",
			      READ_ONCE(bfd_max_sessions));
		err = -ENOSPC;
		goto unlock;
	}
	local = attrs[family == AF_INET ? DCVIF_A_BFD_LOCAL_V4 : DCVIF_A_BFD_LOCAL_V6];
	if (!local || attrs[family == AF_INET ? DCVIF_A_BFD_LOCAL_V6 : DCVIF_A_BFD_LOCAL_V4]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a local address of the peer's family is required");
		err = -EINVAL;
		goto unlock;
	}
	/* Not a peer: BFD would go out broadcast or multicast on the VLAN. */
	if (!dcvif_bfd_addr_unicast(family, peer)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the peer must be a unicast address");
		NL_SET_BAD_ATTR(info->extack, attrs[family == AF_INET ?
				DCVIF_A_BFD_PEER_V4 : DCVIF_A_BFD_PEER_V6]);
		err = -EADDRNOTAVAIL;
		goto unlock;
	}
	if (!dcvif_bfd_addr_unicast(family, nla_data(local))) {
		NL_SET_ERR_MSG_MOD(info->extack, "the local address must be a unicast address");
		NL_SET_BAD_ATTR(info->extack, local);
		err = -EADDRNOTAVAIL;
		goto unlock;
	}
	if (!memcmp(peer, nla_data(local), family == AF_INET ? 4 : 16)) {
		NL_SET_ERR_MSG_MOD(info->extack, "the local and peer addresses must differ");
		NL_SET_BAD_ATTR(info->extack, local);
		err = -EINVAL;
		goto unlock;
	}
	err = dcvif_nl_bfd_padding(info, vif->dev, family,
				   BFD_HDR_LEN + bfd_auth_len(&cfg.auth), &padding);
	if (err < 0)
		goto unlock;

	cfg.desired_min_tx = attrs[DCVIF_A_BFD_DESIRED_MIN_TX] ?
		nla_get_u32(attrs[DCVIF_A_BFD_DESIRED_MIN_TX]) : DCVIF_BFD_DEFAULT_INTERVAL;
	cfg.required_min_rx = attrs[DCVIF_A_BFD_REQUIRED_MIN_RX] ?
		nla_get_u32(attrs[DCVIF_A_BFD_REQUIRED_MIN_RX]) : DCVIF_BFD_DEFAULT_INTERVAL;
	cfg.detect_mult = attrs[DCVIF_A_BFD_DETECT_MULT] ?
		nla_get_u8(attrs[DCVIF_A_BFD_DETECT_MULT]) : DCVIF_BFD_DEFAULT_MULT;
	cfg.passive = attrs[DCVIF_A_BFD_PASSIVE] &&
		      nla_get_u8(attrs[DCVIF_A_BFD_PASSIVE]);
	cfg.admin_down = attrs[DCVIF_A_BFD_ADMIN_DOWN] &&
			 nla_get_u8(attrs[DCVIF_A_BFD_ADMIN_DOWN]);
	err = dcvif_nl_bfd_echo(info, vif->dev, family, &cfg.echo_tx,
				&cfg.required_min_echo_rx);
	if (err)
		goto unlock;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		err = -ENOMEM;
		goto unlock;
	}
	b->family = family;
	memcpy(&b->peer, peer, family == AF_INET ? 4 : 16);
	memcpy(&b->local, nla_data(local), family == AF_INET ? 4 : 16);
	b->coupling = !attrs[DCVIF_A_BFD_CARRIER_COUPLING] ||
		      nla_get_u8(attrs[DCVIF_A_BFD_CARRIER_COUPLING]);
	b->padding = padding;
	err = dcvif_bfd_new(&vif->bfd, b, &cfg, info->extack);
	discr = cfg.local_discr;
unlock:
	rtnl_unlock();
	memzero_explicit(&cfg.auth, sizeof(cfg.auth));
	if (err)
		goto free;

	hdr = genlmsg_put_reply(msg, info, &dcvif_nl_family, 0, DCVIF_CMD_BFD_NEW);
	if (!hdr ||
	    nla_put_u32(msg, DCVIF_A_BFD_IFINDEX, nla_get_u32(attrs[DCVIF_A_BFD_IFINDEX])) ||
	    nla_put_u32(msg, DCVIF_A_BFD_LOCAL_DISCR, discr)) {
		err = -EMSGSIZE;
		goto free;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
free:
	nlmsg_free(msg);
	return err;
}

int dcvif_nl_bfd_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct bfd_auth_key key;
	u32 echo_tx, echo_rx;
	struct dcvif_bfd *b;
	int err, auth, pad;
	u32 padding = 0;
	int admin = -1;
	u32 bfd_len;

	/* The key first: out of the request before anything can fail. */
	auth = dcvif_nl_auth(info, &key);
	rtnl_lock();
	if (auth < 0) {
		err = auth;
		goto unlock;
	}
	b = dcvif_nl_bfd_lookup(info);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		goto unlock;
	}
	err = dcvif_nl_bfd_intervals_ok(skb, info);
	if (err)
		goto unlock;
	/* Checked first: a refused padding leaves the session as it was. */
	spin_lock_bh(&b->lock);
	bfd_len = BFD_HDR_LEN + bfd_auth_len(auth ? &key : &b->s.auth);
	spin_unlock_bh(&b->lock);
	pad = dcvif_nl_bfd_padding(info, b->owner->dev, b->family, bfd_len, &padding);
	if (pad < 0) {
		err = pad;
		goto unlock;
	}
	/* Configuration changes under RTNL only: no lock to read it. */
	echo_tx = b->s.cfg_echo_tx;
	echo_rx = b->s.cfg_required_min_echo_rx;
	err = dcvif_nl_bfd_echo(info, b->owner->dev, b->family, &echo_tx, &echo_rx);
	if (err)
		goto unlock;
	if (attrs[DCVIF_A_BFD_ADMIN_DOWN])
		admin = nla_get_u8(attrs[DCVIF_A_BFD_ADMIN_DOWN]);
	err = dcvif_bfd_set(b,
			    attrs[DCVIF_A_BFD_DESIRED_MIN_TX] ?
			    nla_get_u32(attrs[DCVIF_A_BFD_DESIRED_MIN_TX]) : 0,
			    attrs[DCVIF_A_BFD_REQUIRED_MIN_RX] ?
			    nla_get_u32(attrs[DCVIF_A_BFD_REQUIRED_MIN_RX]) : 0,
			    attrs[DCVIF_A_BFD_DETECT_MULT] ?
			    nla_get_u8(attrs[DCVIF_A_BFD_DETECT_MULT]) : 0,
			    admin, auth ? &key : NULL, info->extack);
	if (!err && (attrs[DCVIF_A_BFD_ECHO_TX_INTERVAL] ||
		     attrs[DCVIF_A_BFD_ECHO_RX_INTERVAL]))
		err = dcvif_bfd_set_echo(b, echo_tx, echo_rx, info->extack);
	if (!err && attrs[DCVIF_A_BFD_CARRIER_COUPLING])
		dcvif_bfd_set_coupling(b, nla_get_u8(attrs[DCVIF_A_BFD_CARRIER_COUPLING]));
	/* In place: the next packet has the new size, the session runs on. */
	if (!err && pad)
		WRITE_ONCE(b->padding, padding);
unlock:
	rtnl_unlock();
	memzero_explicit(&key, sizeof(key));
	return err;
}

int dcvif_nl_bfd_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dcvif_bfd *b;
	int err = 0;

	rtnl_lock();
	b = dcvif_nl_bfd_lookup(info);
	if (IS_ERR(b))
		err = PTR_ERR(b);
	else
		dcvif_bfd_del(b);
	rtnl_unlock();
	return err;
}

static int dcvif_nl_put_addrs(struct sk_buff *msg, const struct dcvif_bfd *b)
{
	if (b->family == AF_INET)
		return nla_put_in_addr(msg, DCVIF_A_BFD_LOCAL_V4, b->local.v4) ||
		       nla_put_in_addr(msg, DCVIF_A_BFD_PEER_V4, b->peer.v4);
	return nla_put_in6_addr(msg, DCVIF_A_BFD_LOCAL_V6, &b->local.v6) ||
	       nla_put_in6_addr(msg, DCVIF_A_BFD_PEER_V6, &b->peer.v6);
}

static int dcvif_nl_put_stats(struct sk_buff *msg, const struct dcvif_bfd_stats *st)
{
	const struct {
		int type;
		u64 val;
	} counters[] = {
		{ DCVIF_A_BFD_STATS_TX_PACKETS, st->tx_packets },
		{ DCVIF_A_BFD_STATS_RX_PACKETS, st->rx_packets },
		{ DCVIF_A_BFD_STATS_RX_DROPS, st->rx_drops },
		{ DCVIF_A_BFD_STATS_DROP_BAD_TTL, st->drop_bad_ttl },
		{ DCVIF_A_BFD_STATS_DROP_MALFORMED, st->drop_malformed },
		{ DCVIF_A_BFD_STATS_DROP_AUTH, st->drop_auth },
		{ DCVIF_A_BFD_STATS_UP_TRANSITIONS, st->up_transitions },
		{ DCVIF_A_BFD_STATS_DOWN_TRANSITIONS, st->down_transitions },
		{ DCVIF_A_BFD_STATS_TX_NO_NEIGHBOUR, st->tx_no_neighbour },
		{ DCVIF_A_BFD_STATS_ECHO_TX_PACKETS, st->echo_tx_packets },
		{ DCVIF_A_BFD_STATS_ECHO_RX_PACKETS, st->echo_rx_packets },
	};
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, DCVIF_A_BFD_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(counters); i++)
		if (nla_put_u64_64bit(msg, counters[i].type, counters[i].val,
				      DCVIF_A_BFD_STATS_PAD))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int dcvif_nl_bfd_fill(struct sk_buff *msg, struct dcvif_bfd *b,
			     u32 portid, u32 seq, int flags)
{
	struct dcvif_bfd_stats st;
	struct bfd_session s;
	u32 tx_int, padding, padded;
	u8 last_down_diag;
	u64 detect_time;
	bool coupling;
	void *hdr;

	/* A consistent snapshot; the key stays where it is. */
	spin_lock_bh(&b->lock);
	memcpy(&s, &b->s, offsetof(struct bfd_session, auth));
	s.auth.type = b->s.auth.type;
	s.auth.key_id = b->s.auth.key_id;
	st = b->stats;
	coupling = b->coupling;
	last_down_diag = b->last_down_diag;
	tx_int = bfd_session_tx_interval(&b->s);
	detect_time = bfd_session_detect_time(&b->s);
	padding = b->padding;
	padded = dcvif_bfd_padded_size(b, padding, BFD_HDR_LEN + bfd_auth_len(&b->s.auth));
	spin_unlock_bh(&b->lock);

	hdr = genlmsg_put(msg, portid, seq, &dcvif_nl_family, flags, DCVIF_CMD_BFD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, DCVIF_A_BFD_IFINDEX, b->owner->dev->ifindex) ||
	    dcvif_nl_put_addrs(msg, b) ||
	    nla_put_u32(msg, DCVIF_A_BFD_LOCAL_DISCR, s.local_discr) ||
	    nla_put_u32(msg, DCVIF_A_BFD_REMOTE_DISCR, s.remote_discr) ||
	    nla_put_u32(msg, DCVIF_A_BFD_DESIRED_MIN_TX, s.cfg_desired_min_tx) ||
	    nla_put_u32(msg, DCVIF_A_BFD_REQUIRED_MIN_RX, s.cfg_required_min_rx) ||
	    nla_put_u8(msg, DCVIF_A_BFD_DETECT_MULT, s.cfg_detect_mult) ||
	    nla_put_u8(msg, DCVIF_A_BFD_PASSIVE, s.passive) ||
	    nla_put_u8(msg, DCVIF_A_BFD_ADMIN_DOWN, s.state == BFD_STATE_ADMIN_DOWN) ||
	    nla_put_u8(msg, DCVIF_A_BFD_CARRIER_COUPLING, coupling) ||
	    nla_put_u8(msg, DCVIF_A_BFD_AUTH_TYPE, s.auth.type) ||
	    nla_put_u8(msg, DCVIF_A_BFD_AUTH_KEY_ID, s.auth.key_id) ||
	    nla_put_u8(msg, DCVIF_A_BFD_STATE, s.state) ||
	    nla_put_u8(msg, DCVIF_A_BFD_REMOTE_STATE, s.remote_state) ||
	    nla_put_u8(msg, DCVIF_A_BFD_DIAG, s.local_diag) ||
	    nla_put_u8(msg, DCVIF_A_BFD_REMOTE_DIAG, s.remote_diag) ||
	    nla_put_u8(msg, DCVIF_A_BFD_LAST_DOWN_DIAG, last_down_diag) ||
	    nla_put_u32(msg, DCVIF_A_BFD_TX_INTERVAL, tx_int) ||
	    nla_put_u32(msg, DCVIF_A_BFD_DETECT_TIME, min_t(u64, detect_time, U32_MAX)) ||
	    nla_put_u16(msg, DCVIF_A_BFD_PADDING, padding) ||
	    nla_put_u16(msg, DCVIF_A_BFD_PADDED_SIZE, padded) ||
	    nla_put_u32(msg, DCVIF_A_BFD_ECHO_TX_INTERVAL, s.cfg_echo_tx) ||
	    nla_put_u32(msg, DCVIF_A_BFD_ECHO_RX_INTERVAL, s.cfg_required_min_echo_rx) ||
	    nla_put_u8(msg, DCVIF_A_BFD_ECHO_ACTIVE, s.echo_active) ||
	    nla_put_u32(msg, DCVIF_A_BFD_REMOTE_ECHO_RX, s.remote_min_echo_rx) ||
	    nla_put_u32(msg, DCVIF_A_BFD_ECHO_INTERVAL, s.echo_interval))
		goto cancel;

	if (dcvif_nl_put_stats(msg, &st))
		goto cancel;
	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int dcvif_nl_bfd_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dcvif_bfd *b;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	b = dcvif_nl_bfd_lookup(info);
	err = IS_ERR(b) ? PTR_ERR(b) :
	      dcvif_nl_bfd_fill(msg, b, info->snd_portid, info->snd_seq, 0);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Dumps resume after the cb->args[0] first sessions of the netns. */
int dcvif_nl_bfd_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr *tb[DCVIF_A_BFD_IFINDEX + 1];
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct net_device *dev;
	struct dcvif_bfd *b;
	u32 ifindex = 0;
	int err;

	err = nlmsg_parse(cb->nlh, GENL_HDRLEN, tb, DCVIF_A_BFD_IFINDEX,
			  dcvif_bfd_get_dump_nl_policy, cb->extack);
	if (err)
		return err;
	if (tb[DCVIF_A_BFD_IFINDEX])
		ifindex = nla_get_u32(tb[DCVIF_A_BFD_IFINDEX]);

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!netif_is_dcvif(dev) || (ifindex && dev->ifindex != ifindex))
			continue;
		list_for_each_entry(b, &((struct dcvif *)netdev_priv(dev))->bfd.sessions,
				    node) {
			if (idx++ < skip)
				continue;
			if (dcvif_nl_bfd_fill(skb, b, NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
				idx--;
				goto out;
			}
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len;
}

static int dcvif_nl_vif_fill(struct sk_buff *msg, struct net_device *dev,
			     u32 portid, u32 seq, int flags)
{
	struct dcvif *vif = netdev_priv(dev);
	struct rtnl_link_stats64 st;
	bool carrier = netif_carrier_ok(dev);
	void *hdr;
	u8 reason;

	dev_get_stats(dev, &st);
	spin_lock_bh(&vif->carrier_lock);
	reason = vif->bfd_down && netif_carrier_ok(vif->lower) ?
		 DCVIF_CARRIER_REASON_BFD : DCVIF_CARRIER_REASON_LOWER;
	spin_unlock_bh(&vif->carrier_lock);

	hdr = genlmsg_put(msg, portid, seq, &dcvif_nl_family, flags, DCVIF_CMD_VIF_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, DCVIF_A_VIF_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, DCVIF_A_VIF_IFNAME, dev->name) ||
	    nla_put_u32(msg, DCVIF_A_VIF_LOWER_IFINDEX, vif->lower->ifindex) ||
	    nla_put_u16(msg, DCVIF_A_VIF_VID, vif->vid) ||
	    nla_put_u8(msg, DCVIF_A_VIF_CARRIER, carrier) ||
	    (!carrier && nla_put_u8(msg, DCVIF_A_VIF_CARRIER_REASON, reason)) ||
	    nla_put_u32(msg, DCVIF_A_VIF_BFD_SESSIONS, vif->bfd.count) ||
	    nla_put_u64_64bit(msg, DCVIF_A_VIF_BFD_DROP_NO_SESSION,
			      atomic64_read(&vif->bfd.drop_no_session), DCVIF_A_VIF_PAD) ||
	    nla_put_u64_64bit(msg, DCVIF_A_VIF_RX_PACKETS, st.rx_packets, DCVIF_A_VIF_PAD) ||
	    nla_put_u64_64bit(msg, DCVIF_A_VIF_TX_PACKETS, st.tx_packets, DCVIF_A_VIF_PAD) ||
	    nla_put_u64_64bit(msg, DCVIF_A_VIF_RX_BYTES, st.rx_bytes, DCVIF_A_VIF_PAD) ||
	    nla_put_u64_64bit(msg, DCVIF_A_VIF_TX_BYTES, st.tx_bytes, DCVIF_A_VIF_PAD)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int dcvif_nl_vif_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct dcvif *vif;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DCVIF_A_VIF_IFINDEX))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	vif = dcvif_from_ifindex(genl_info_net(info),
				 nla_get_u32(info->attrs[DCVIF_A_VIF_IFINDEX]),
				 info->extack);
	err = vif ? dcvif_nl_vif_fill(msg, vif->dev, info->snd_portid, info->snd_seq, 0) :
	      -ENODEV;
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * One message per device of the dump's netns that @is_kind() accepts,
 * resuming after the devices earlier parts of the dump filled.
 */
static int dcvif_nl_dump_devs(struct sk_buff *skb, struct netlink_callback *cb,
			      bool (*is_kind)(const struct net_device *dev),
			      int (*fill)(struct sk_buff *msg, struct net_device *dev,
					  u32 portid, u32 seq, int flags))
{
	struct net *net = sock_net(skb->sk);
	long skip = cb->args[0], idx = 0;
	struct net_device *dev;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!is_kind(dev))
			continue;
		if (idx++ < skip)
			continue;
		if (fill(skb, dev, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			 NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return skb->len;
}

int dcvif_nl_vif_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dcvif_nl_dump_devs(skb, cb, netif_is_dcvif, dcvif_nl_vif_fill);
}

/**
 * dcvif_nl_bfd_state_ntf() - tell "monitor" that a session changed state
 * @b: the session, its lock held
 * @old_state: the state it left
 *
 * Context: any but hard IRQ.
 */
void dcvif_nl_bfd_state_ntf(struct dcvif_bfd *b, u8 old_state)
{
	struct net *net = dev_net(b->owner->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&dcvif_nl_family, net, DCVIF_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &dcvif_nl_family, 0, DCVIF_CMD_BFD_STATE_NTF);
	if (!hdr ||
	    nla_put_u32(msg, DCVIF_A_BFD_IFINDEX, b->owner->dev->ifindex) ||
	    dcvif_nl_put_addrs(msg, b) ||
	    nla_put_u32(msg, DCVIF_A_BFD_LOCAL_DISCR, b->s.local_discr) ||
	    nla_put_u8(msg, DCVIF_A_BFD_OLD_STATE, old_state) ||
	    nla_put_u8(msg, DCVIF_A_BFD_STATE, b->s.state) ||
	    nla_put_u8(msg, DCVIF_A_BFD_DIAG, b->s.local_diag) ||
	    nla_put_u16(msg, DCVIF_A_BFD_PADDING, b->padding) ||
	    nla_put_u16(msg, DCVIF_A_BFD_PADDED_SIZE,
			dcvif_bfd_padded_size(b, b->padding,
					      BFD_HDR_LEN + bfd_auth_len(&b->s.auth)))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&dcvif_nl_family, net, msg, 0, DCVIF_NLGRP_MONITOR,
				GFP_ATOMIC);
}

/**
 * dcvif_nl_carrier_ntf() - tell "monitor" that a VIF's carrier changed
 * @vif: the VIF
 * @carrier: its carrier now
 * @reason: enum dcvif_carrier_reason
 *
 * Context: any but hard IRQ.
 */
void dcvif_nl_carrier_ntf(struct dcvif *vif, bool carrier, u8 reason)
{
	struct net *net = dev_net(vif->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&dcvif_nl_family, net, DCVIF_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &dcvif_nl_family, 0, DCVIF_CMD_VIF_CARRIER_NTF);
	if (!hdr ||
	    nla_put_u32(msg, DCVIF_A_VIF_IFINDEX, vif->dev->ifindex) ||
	    nla_put_string(msg, DCVIF_A_VIF_IFNAME, vif->dev->name) ||
	    nla_put_u8(msg, DCVIF_A_VIF_CARRIER, carrier) ||
	    nla_put_u8(msg, DCVIF_A_VIF_CARRIER_REASON, reason)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&dcvif_nl_family, net, msg, 0, DCVIF_NLGRP_MONITOR,
				GFP_ATOMIC);
}

/* One member in a DCVIF_A_LAG_MEMBER nest; @full adds its LACP and
 * micro-BFD state.
 */
static int dcvif_nl_lag_member_put(struct sk_buff *msg, struct dclag_member *m,
				   bool full)
{
	struct dclag_mbfd_snap mbfd;
	struct dclag_lacp_snap lacp;
	struct nlattr *nest;

	nest = nla_nest_start(msg, DCVIF_A_LAG_MEMBER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, DCVIF_A_LAG_MEMBER_IFINDEX, m->dev->ifindex) ||
	    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_CARRIER,
		       netif_running(m->dev) && netif_carrier_ok(m->dev)) ||
	    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_ACTIVE, m->active) ||
	    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_REASON, m->reason))
		goto cancel;
	if (full && m->lag->lacp != DCLAG_LACP_OFF) {
		dclag_lacp_snapshot(m, &lacp);
		if (nla_put_u8(msg, DCVIF_A_LAG_MEMBER_LACP_ACTOR_STATE, lacp.actor) ||
		    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_LACP_PARTNER_STATE, lacp.partner) ||
		    nla_put(msg, DCVIF_A_LAG_MEMBER_LACP_PARTNER_SYSTEM, ETH_ALEN,
			    lacp.partner_sys) ||
		    nla_put_u64_64bit(msg, DCVIF_A_LAG_MEMBER_LACPDU_RX, lacp.rx,
				      DCVIF_A_LAG_MEMBER_PAD) ||
		    nla_put_u64_64bit(msg, DCVIF_A_LAG_MEMBER_LACPDU_TX, lacp.tx,
				      DCVIF_A_LAG_MEMBER_PAD) ||
		    nla_put_u64_64bit(msg, DCVIF_A_LAG_MEMBER_LACPDU_BAD, lacp.bad,
				      DCVIF_A_LAG_MEMBER_PAD))
			goto cancel;
	}
	if (full && dclag_mbfd_snapshot(m, &mbfd)) {
		if (nla_put_u8(msg, DCVIF_A_LAG_MEMBER_MBFD_STATE, mbfd.state) ||
		    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_MBFD_REMOTE_STATE, mbfd.remote_state) ||
		    nla_put_u8(msg, DCVIF_A_LAG_MEMBER_MBFD_DIAG, mbfd.diag) ||
		    nla_put_u32(msg, DCVIF_A_LAG_MEMBER_MBFD_LOCAL_DISCR, mbfd.local_discr) ||
		    nla_put_u32(msg, DCVIF_A_LAG_MEMBER_MBFD_REMOTE_DISCR, mbfd.remote_discr) ||
		    nla_put_u64_64bit(msg, DCVIF_A_LAG_MEMBER_MBFD_RX_PACKETS, mbfd.rx,
				      DCVIF_A_LAG_MEMBER_PAD) ||
		    nla_put_u64_64bit(msg, DCVIF_A_LAG_MEMBER_MBFD_TX_PACKETS, mbfd.tx,
				      DCVIF_A_LAG_MEMBER_PAD))
			goto cancel;
	}
	nla_nest_end(msg, nest);
	return 0;

cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* RTNL held. */
static int dcvif_nl_lag_fill(struct sk_buff *msg, struct net_device *dev,
			     u32 portid, u32 seq, int flags)
{
	struct dclag *lag = netdev_priv(dev);
	struct dclag_member *m;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &dcvif_nl_family, flags, DCVIF_CMD_LAG_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, DCVIF_A_LAG_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, DCVIF_A_LAG_IFNAME, dev->name) ||
	    nla_put_u8(msg, DCVIF_A_LAG_CARRIER, netif_carrier_ok(dev)) ||
	    nla_put_u32(msg, DCVIF_A_LAG_MIN_LINKS, lag->min_links) ||
	    nla_put_u32(msg, DCVIF_A_LAG_ACTIVE_MEMBERS, lag->n_active) ||
	    nla_put_u32(msg, DCVIF_A_LAG_MEMBERS, lag->count) ||
	    nla_put_u8(msg, DCVIF_A_LAG_LACP, lag->lacp) ||
	    nla_put_u8(msg, DCVIF_A_LAG_LACP_RATE, lag->lacp_rate) ||
	    nla_put_u8(msg, DCVIF_A_LAG_MICRO_BFD, lag->mbfd.on))
		goto cancel;
	list_for_each_entry(m, &lag->members, list)
		if (dcvif_nl_lag_member_put(msg, m, true))
			goto cancel;
	genlmsg_end(msg, hdr);
	return 0;

cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int dcvif_nl_lag_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DCVIF_A_LAG_IFINDEX))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(info->attrs[DCVIF_A_LAG_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DCVIF_A_LAG_IFINDEX],
				    "no such device");
		err = -ENODEV;
	} else if (!netif_is_dclag(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[DCVIF_A_LAG_IFINDEX],
				    "device is not a dclag LAG");
		err = -ENODEV;
	} else {
		err = dcvif_nl_lag_fill(msg, dev, info->snd_portid,
					info->snd_seq, 0);
	}
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int dcvif_nl_lag_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dcvif_nl_dump_devs(skb, cb, netif_is_dclag, dcvif_nl_lag_fill);
}

/**
 * dcvif_nl_lag_member_ntf() - tell "monitor" a member became (in)active
 * @lag: the LAG
 * @m: the member; its active and reason are the news
 *
 * Context: process, RTNL held.
 */
void dcvif_nl_lag_member_ntf(struct dclag *lag, struct dclag_member *m)
{
	struct net *net = dev_net(lag->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&dcvif_nl_family, net, DCVIF_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &dcvif_nl_family, 0, DCVIF_CMD_LAG_MEMBER_NTF);
	if (!hdr ||
	    nla_put_u32(msg, DCVIF_A_LAG_IFINDEX, lag->dev->ifindex) ||
	    nla_put_string(msg, DCVIF_A_LAG_IFNAME, lag->dev->name) ||
	    dcvif_nl_lag_member_put(msg, m, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&dcvif_nl_family, net, msg, 0, DCVIF_NLGRP_MONITOR,
				GFP_KERNEL);
}

/**
 * dcvif_nl_lag_carrier_ntf() - tell "monitor" a LAG's carrier changed
 * @lag: the LAG, its carrier already set
 *
 * Context: process, RTNL held.
 */
void dcvif_nl_lag_carrier_ntf(struct dclag *lag)
{
	struct net *net = dev_net(lag->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&dcvif_nl_family, net, DCVIF_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &dcvif_nl_family, 0, DCVIF_CMD_LAG_CARRIER_NTF);
	if (!hdr ||
	    nla_put_u32(msg, DCVIF_A_LAG_IFINDEX, lag->dev->ifindex) ||
	    nla_put_string(msg, DCVIF_A_LAG_IFNAME, lag->dev->name) ||
	    nla_put_u8(msg, DCVIF_A_LAG_CARRIER, netif_carrier_ok(lag->dev)) ||
	    nla_put_u32(msg, DCVIF_A_LAG_MIN_LINKS, lag->min_links) ||
	    nla_put_u32(msg, DCVIF_A_LAG_ACTIVE_MEMBERS, lag->n_active)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&dcvif_nl_family, net, msg, 0, DCVIF_NLGRP_MONITOR,
				GFP_KERNEL);
}

/*
 * genl_ops rather than the generator's genl_split_ops: 6.1 has only these.
 *
 * Every op, GET included, and the monitor group need CAP_NET_ADMIN over
 * the netns (its user namespace's), as WireGuard's and ovpn's do: a
 * session's discriminators and timers are what a forger on the link needs
 * to take it down (RFC 5880 section 9), and its state and counters are the
 * operator's. Links and their VLANs stay visible to all over rtnetlink.
 */
static const struct genl_ops dcvif_nl_ops[] = {
	{
		.cmd		= DCVIF_CMD_BFD_NEW,
		.doit		= dcvif_nl_bfd_new_doit,
		.policy		= dcvif_bfd_new_nl_policy,
		.maxattr	= DCVIF_A_BFD_ECHO_RX_INTERVAL,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= DCVIF_CMD_BFD_SET,
		.doit		= dcvif_nl_bfd_set_doit,
		.policy		= dcvif_bfd_set_nl_policy,
		.maxattr	= DCVIF_A_BFD_ECHO_RX_INTERVAL,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= DCVIF_CMD_BFD_DEL,
		.doit		= dcvif_nl_bfd_del_doit,
		.policy		= dcvif_bfd_del_nl_policy,
		.maxattr	= DCVIF_A_BFD_PEER_V6,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= DCVIF_CMD_BFD_GET,
		.doit		= dcvif_nl_bfd_get_doit,
		.dumpit		= dcvif_nl_bfd_get_dumpit,
		.policy		= dcvif_bfd_get_do_nl_policy,
		.maxattr	= DCVIF_A_BFD_PEER_V6,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= DCVIF_CMD_VIF_GET,
		.doit		= dcvif_nl_vif_get_doit,
		.dumpit		= dcvif_nl_vif_get_dumpit,
		.policy		= dcvif_vif_get_nl_policy,
		.maxattr	= DCVIF_A_VIF_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= DCVIF_CMD_LAG_GET,
		.doit		= dcvif_nl_lag_get_doit,
		.dumpit		= dcvif_nl_lag_get_dumpit,
		.policy		= dcvif_lag_get_nl_policy,
		.maxattr	= DCVIF_A_LAG_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group dcvif_nl_mcgrps[] = {
	[DCVIF_NLGRP_MONITOR] = {
		.name	= DCVIF_MCGRP_MONITOR,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family dcvif_nl_family __ro_after_init = {
	.name		= DCVIF_FAMILY_NAME,
	.version	= DCVIF_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= dcvif_nl_ops,
	.n_ops		= ARRAY_SIZE(dcvif_nl_ops),
	.mcgrps		= dcvif_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(dcvif_nl_mcgrps),
};

/**
 * dcvif_nl_init() - register the genl family
 *
 * Return: 0 or a negative errno.
 */
int dcvif_nl_init(void)
{
	/* The spec's enums are the LAG's own (kmod/uapi/linux/dcvif.h). */
	BUILD_BUG_ON((int)DCVIF_LAG_MEMBER_REASON_SPEED != DCLAG_MEMBER_REASON_SPEED);
	BUILD_BUG_ON((int)DCVIF_LAG_MEMBER_REASON_BFD != DCLAG_MEMBER_REASON_BFD);
	BUILD_BUG_ON((int)DCVIF_LAG_MEMBER_REASON_LACP != DCLAG_MEMBER_REASON_LACP);
	BUILD_BUG_ON((int)DCVIF_LAG_MEMBER_REASON_CARRIER != DCLAG_MEMBER_REASON_CARRIER);
	BUILD_BUG_ON((int)DCVIF_LAG_LACP_MODE_ACTIVE != DCLAG_LACP_ACTIVE);
	BUILD_BUG_ON((int)DCVIF_LAG_LACP_MODE_PASSIVE != DCLAG_LACP_PASSIVE);
	BUILD_BUG_ON((int)DCVIF_BFD_STATE_UP != BFD_STATE_UP);
	BUILD_BUG_ON((int)DCVIF_BFD_STATE_ADMIN_DOWN != BFD_STATE_ADMIN_DOWN);
	return genl_register_family(&dcvif_nl_family);
}

/**
 * dcvif_nl_exit() - unregister the genl family
 */
void dcvif_nl_exit(void)
{
	genl_unregister_family(&dcvif_nl_family);
}
