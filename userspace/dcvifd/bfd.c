// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbors' BFD sessions.  BFD runs in the kernel module, on the
 * neighbor's VIF, where a busy dcvifd cannot make it flap; dcvifd is a
 * client of the dcvif generic netlink family (userspace/lib): it creates
 * the session of each neighbor with "bfd" in its config, adopts one that
 * is already there (a restart does not flap it), changes it in place on
 * SIGHUP (Poll/Final: no flap), deletes it when the neighbor goes, and
 * listens to the "monitor" group.
 *
 * RFC 5882 4.3: when a session that was Up goes Down, the BGP session goes
 * down at once, with NOTIFICATION Cease/BFD Down (RFC 9384), and may not
 * come back before BFD is Up again.  Against a flapping path a hold-down
 * follows BFD Up before BGP starts: none after a first Down, then 1 s,
 * doubling with each further Down up to 120 s; Downs are forgotten once
 * BFD has stayed Up for 120 s.  In strict mode BGP starts only while BFD
 * is Up.  An AdminDown signalled by the neighbor is not a path failure
 * (RFC 5882 3.2) and takes nothing down.
 *
 * The sessions stay in the kernel when dcvifd exits (they keep the VIF's
 * carrier honest, and a peer would take an AdminDown for a shutdown);
 * `dcvifctl bfd del` removes one by hand.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <json-c/json.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "dcvif_genl.h"
#include "dcvifd.h"

#define BFD_RETRY_MS		2000	/* sessions not set up yet */
#define BFD_HOLDDOWN_MAX	120	/* s */
#define BFD_FORGET		120	/* s Up after which Downs are forgotten */

struct bfd_sess {
	struct bgp_addr	 remote;	/* the neighbor: the key */
	char		 ifname[IF_NAMESIZE];
	uint32_t	 ifindex;	/* of the kernel's session, 0: none */
	struct bfd_config applied;	/* what the kernel has */
	int		 state;		/* DCVIF_BFD_STATE_*, -1: unknown */
	uint8_t		 wanted;	/* bfd_sync(): still configured */
	uint8_t		 wait;		/* Down since Up: BGP held */
	uint32_t	 recent;	/* Downs not yet forgotten */
	unsigned int	 holddown;	/* s, after the next Up */
	time_t		 up_since;
	uint64_t	 downs;		/* Up -> Down, all of them */
	struct evh	 t_hold;
	char		 error[200];	/* why it is not in the kernel */
};

static struct bfd_sess	*sess[MAX_PEERS];
static struct genl	 cmd, mon;
static int		 have_cmd, have_mon;
static struct evh	 monev = { .fd = -1 };
static struct evh	 t_retry = { .fd = -1 };
static char		 open_error[256];

static const char *
bfd_state_name(int s)
{
	static const char *const names[] = { "admin-down", "down", "init",
	    "up" };

	return s >= 0 && s <= DCVIF_BFD_STATE_UP ? names[s] : "none";
}

static struct bfd_sess *
bfd_find(const struct bgp_addr *remote)
{
	size_t i;

	for (i = 0; i < MAX_PEERS; i++)
		if (sess[i] && memcmp(&sess[i]->remote, remote,
		    sizeof(*remote)) == 0)
			return sess[i];
	return NULL;
}

int
bfd_holds(const struct peer *p)
{
	const struct bfd_sess *s;

	if (!p->conf.bfd.enabled)
		return 0;
	s = bfd_find(&p->conf.remote);
	if (s && s->wait)
		return 1;
	return p->conf.bfd.strict && (s == NULL ||
	    s->state != DCVIF_BFD_STATE_UP);
}

/* BGP may run again (hold-down over, or no longer held) */
static void
bfd_release(struct bfd_sess *s)
{
	struct peer *p = session_peer_find(&s->remote);

	s->wait = 0;
	timer_set(&s->t_hold, 0);
	if (p && !bfd_holds(p)) {
		log_peer(p, "BFD Up: BGP may start");
		session_bfd_release(p);
	}
}

/* RFC 5882 3.2: did the neighbor signal AdminDown (not a failure)? */
struct remote_q {
	const struct bfd_sess	*s;
	int			 admin_down;
};

static int
remote_cb(const struct dcvif_bfd *b, void *arg)
{
	struct remote_q *q = arg;

	if (b->family == aid_to_af(q->s->remote.aid) &&
	    memcmp(b->peer, q->s->remote.addr,
	    q->s->remote.aid == AID_INET6 ? 16 : 4) == 0)
		q->admin_down = b->remote_state == DCVIF_BFD_STATE_ADMIN_DOWN;
	return 0;
}

static int
bfd_remote_admin_down(const struct bfd_sess *s)
{
	struct remote_q q = { .s = s };

	if (!have_cmd || dcvif_bfd_dump(&cmd, s->ifindex, remote_cb, &q) ==
	    -1)
		return 0;
	return q.admin_down;
}

/* a state the kernel reported, by event or by dump */
static void
bfd_state(struct bfd_sess *s, int state, int diag)
{
	struct peer *p = session_peer_find(&s->remote);
	int old = s->state;
	time_t now = getmonotime();

	s->state = state;
	if (old == state)
		return;
	if (p)
		log_peer(p, "BFD %s -> %s", bfd_state_name(old),
		    bfd_state_name(state));
	if (old == DCVIF_BFD_STATE_UP) {
		if (state == DCVIF_BFD_STATE_ADMIN_DOWN)
			return;		/* ours: by configuration */
		if (diag == DCVIF_BFD_DIAG_NEIGHBOR_DOWN &&
		    bfd_remote_admin_down(s)) {
			if (p)
				log_peer(p, "BFD: the neighbor signalled "
				    "AdminDown, not a path failure");
			return;
		}
		if (s->up_since && now - s->up_since >= BFD_FORGET)
			s->recent = 0;
		s->recent++;
		s->holddown = s->recent <= 1 ? 0 : s->recent - 2 >= 7 ?
		    BFD_HOLDDOWN_MAX : 1U << (s->recent - 2);
		if (s->holddown > BFD_HOLDDOWN_MAX)
			s->holddown = BFD_HOLDDOWN_MAX;
		s->downs++;
		s->wait = 1;
		timer_set(&s->t_hold, 0);
		if (p)
			session_bfd_down(p);
	} else if (state == DCVIF_BFD_STATE_UP) {
		s->up_since = now;
		if (!s->wait) {
			if (p && p->conf.bfd.strict)
				bfd_release(s);
		} else if (s->holddown) {
			if (p)
				log_peer(p, "BFD Up: BGP held down %us",
				    s->holddown);
			timer_set(&s->t_hold, s->holddown);
		} else {
			bfd_release(s);
		}
	}
}

static void
bfd_hold_cb(struct evh *e, uint32_t events)
{
	struct bfd_sess *s = e->arg;
	uint64_t x;

	(void)events;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	if (s->state == DCVIF_BFD_STATE_UP)
		bfd_release(s);
}

static void
bfd_free(struct bfd_sess *s)
{
	size_t i;

	for (i = 0; i < MAX_PEERS; i++)
		if (sess[i] == s)
			sess[i] = NULL;
	timer_free(&s->t_hold);
	explicit_bzero(s, sizeof(*s));
	free(s);
}

static struct bfd_sess *
bfd_new(const struct peer *p)
{
	struct bfd_sess *s;
	size_t i;

	for (i = 0; i < MAX_PEERS; i++)
		if (sess[i] == NULL)
			break;
	if (i == MAX_PEERS || (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->remote = p->conf.remote;
	s->state = -1;
	if (timer_init(&s->t_hold, bfd_hold_cb, s) == -1) {
		free(s);
		return NULL;
	}
	sess[i] = s;
	return s;
}

/* the neighbor's kernel session as a request */
static void
bfd_req(const struct bfd_sess *s, const struct bfd_config *c,
    struct dcvif_bfd *b)
{
	memset(b, 0, sizeof(*b));
	b->ifindex = s->ifindex;
	b->family = aid_to_af(s->remote.aid);
	memcpy(b->peer, s->remote.addr, sizeof(b->peer));
	b->desired_min_tx = (uint32_t)c->tx_ms * 1000;
	b->required_min_rx = (uint32_t)c->rx_ms * 1000;
	b->detect_mult = c->mult;
	b->carrier_coupling = 1;
	b->auth_type = c->auth_type;
	b->auth_key_id = c->key_id;
	b->keylen = c->keylen;
	memcpy(b->key, c->key, sizeof(b->key));
	b->padding = c->padding;
	b->echo_tx = (uint32_t)c->echo_tx_ms * 1000;
	b->echo_rx = (uint32_t)c->echo_rx_ms * 1000;
}

/* the local address: the configured one, or ours on the VIF's subnet */
static int
bfd_local(const struct peer *p, uint8_t *local)
{
	struct ifaddrs *ifa, *i;
	size_t len = p->conf.remote.aid == AID_INET6 ? 16 : 4, k;
	int af = aid_to_af(p->conf.remote.aid), found = 0;

	if (p->conf.local.aid) {
		memcpy(local, p->conf.local.addr, len);
		return 0;
	}
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i && !found; i = i->ifa_next) {
		const uint8_t *a, *m;

		if (i->ifa_addr == NULL || i->ifa_netmask == NULL ||
		    i->ifa_addr->sa_family != af ||
		    strcmp(i->ifa_name, p->conf.ifname) != 0)
			continue;
		if (af == AF_INET) {
			a = (const uint8_t *)&((struct sockaddr_in *)
			    (void *)i->ifa_addr)->sin_addr;
			m = (const uint8_t *)&((struct sockaddr_in *)
			    (void *)i->ifa_netmask)->sin_addr;
		} else {
			a = ((struct sockaddr_in6 *)
			    (void *)i->ifa_addr)->sin6_addr.s6_addr;
			m = ((struct sockaddr_in6 *)
			    (void *)i->ifa_netmask)->sin6_addr.s6_addr;
		}
		for (k = 0; k < len; k++)
			if ((a[k] & m[k]) != (p->conf.remote.addr[k] & m[k]))
				break;
		if (k == len && memcmp(a, p->conf.remote.addr, len) != 0) {
			memcpy(local, a, len);
			found = 1;
		}
	}
	freeifaddrs(ifa);
	return found ? 0 : -1;
}

static void
bfd_mon_cb_state(const struct nlmsghdr *nlh)
{
	struct dcvif_bfd b;
	size_t i;

	if (dcvif_bfd_parse(nlh, &b) == -1) {
		log_warnx("%s: malformed bfd-state-ntf", __func__);
		return;
	}
	for (i = 0; i < MAX_PEERS; i++) {
		struct bfd_sess *s = sess[i];

		if (s && s->ifindex == b.ifindex &&
		    aid_to_af(s->remote.aid) == b.family &&
		    memcmp(s->remote.addr, b.peer, s->remote.aid == AID_INET6 ?
		    16 : 4) == 0)
			bfd_state(s, b.state, b.diag);
	}
	explicit_bzero(&b, sizeof(b));
}

static int
bfd_mon_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)arg;
	if (genl_cmd(nlh) == DCVIF_CMD_BFD_STATE_NTF)
		bfd_mon_cb_state(nlh);
	return MNL_CB_OK;
}

static void
bfd_mon_read(struct evh *e, uint32_t events)
{
	(void)e;
	(void)events;
	if (genl_read(&mon, bfd_mon_cb, NULL) == -1) {
		if (mon.err == ENOBUFS) {
			/* events lost: ask the kernel */
			log_warnx("%s: BFD events lost, resync", __func__);
			bfd_sync();
		} else {
			log_warnx("%s: %s", __func__, mon.errmsg);
		}
	}
}

/* the family's sockets; -1 while the module is not there */
static int
bfd_open(void)
{
	int fl;

	if (!have_cmd) {
		if (genl_open(&cmd) == -1)
			goto fail;
		have_cmd = 1;
	}
	if (!have_mon) {
		if (genl_open_monitor(&mon) == -1)
			goto fail;
		if (genl_subscribe(&mon) == -1 ||
		    (fl = fcntl(genl_fd(&mon), F_GETFL)) == -1 ||
		    fcntl(genl_fd(&mon), F_SETFL, fl | O_NONBLOCK) == -1 ||
		    ev_add(&monev, genl_fd(&mon), EPOLLIN, bfd_mon_read, NULL) ==
		    -1) {
			snprintf(open_error, sizeof(open_error), "%s",
			    mon.errmsg[0] ? mon.errmsg : "monitor group");
			genl_close(&mon);
			monev.fd = -1;
			return -1;
		}
		have_mon = 1;
		log_info("BFD: the dcvif generic netlink family is there");
	}
	open_error[0] = '\0';
	return 0;
fail:
	if (strcmp(open_error, have_cmd ? mon.errmsg : cmd.errmsg) != 0) {
		snprintf(open_error, sizeof(open_error), "%s",
		    have_cmd ? mon.errmsg : cmd.errmsg);
		log_warnx("BFD: %s; retrying", open_error);
	}
	return -1;
}

/* the kernel's sessions, by dump */
struct kdump {
	struct dcvif_bfd	*v;
	size_t			 n, size;
};

static int
kdump_cb(const struct dcvif_bfd *b, void *arg)
{
	struct kdump *d = arg;

	if (d->n == d->size) {
		size_t ns = d->size ? 2 * d->size : 64;
		struct dcvif_bfd *v = reallocarray(d->v, ns, sizeof(*v));

		if (v == NULL)
			return -1;
		d->v = v;
		d->size = ns;
	}
	d->v[d->n++] = *b;
	return 0;
}

static struct dcvif_bfd *
kdump_find(const struct kdump *d, uint32_t ifindex, const struct bgp_addr *a)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].ifindex == ifindex &&
		    d->v[i].family == aid_to_af(a->aid) &&
		    memcmp(d->v[i].peer, a->addr, a->aid == AID_INET6 ? 16 : 4) ==
		    0)
			return &d->v[i];
	return NULL;
}

static void
bfd_error(struct bfd_sess *s, const struct peer *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
bfd_error(struct bfd_sess *s, const struct peer *p, const char *fmt, ...)
{
	char buf[sizeof(s->error)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, s->error) != 0)
		log_peer(p, "BFD: %s", buf);
	memcpy(s->error, buf, sizeof(buf));
}

/* make the kernel's session of one neighbor what its config says */
static int
bfd_apply(struct bfd_sess *s, const struct peer *p, const struct kdump *d)
{
	const struct bfd_config *c = &p->conf.bfd;
	struct dcvif_bfd req, *k;
	unsigned int fields = 0;
	uint32_t ifindex = if_nametoindex(p->conf.ifname);
	int rv = 0;

	if (ifindex == 0) {
		bfd_error(s, p, "no interface %s", p->conf.ifname);
		goto gone;
	}
	if ((k = kdump_find(d, ifindex, &s->remote)) == NULL)
		goto create;
	/* there already (ours from before, or adopted at start) */
	s->ifindex = ifindex;
	if (k->desired_min_tx != (uint32_t)c->tx_ms * 1000)
		fields |= DCVIF_BFD_F_TX;
	if (k->required_min_rx != (uint32_t)c->rx_ms * 1000)
		fields |= DCVIF_BFD_F_RX;
	if (k->detect_mult != c->mult)
		fields |= DCVIF_BFD_F_MULT;
	/* the kernel never tells the key: what we sent, or a new key id */
	if (k->auth_type != c->auth_type || (c->auth_type &&
	    (k->auth_key_id != c->key_id || (s->applied.keylen &&
	    (s->applied.keylen != c->keylen ||
	    memcmp(s->applied.key, c->key, c->keylen) != 0)))))
		fields |= DCVIF_BFD_F_AUTH;
	if (k->admin_down)
		fields |= DCVIF_BFD_F_ADMIN;
	if (!k->carrier_coupling)
		fields |= DCVIF_BFD_F_COUPLING;
	if (k->padding != c->padding)
		fields |= DCVIF_BFD_F_PADDING;
	if (k->echo_tx != (uint32_t)c->echo_tx_ms * 1000)
		fields |= DCVIF_BFD_F_ECHO_TX;
	if (k->echo_rx != (uint32_t)c->echo_rx_ms * 1000)
		fields |= DCVIF_BFD_F_ECHO_RX;
	if (fields) {
		bfd_req(s, c, &req);
		rv = dcvif_bfd_set(&cmd, &req, fields);
		explicit_bzero(&req, sizeof(req));
		if (rv == -1) {
			bfd_error(s, p, "%s", cmd.errmsg);
			return -1;
		}
		log_peer(p, "BFD on %s changed in place", p->conf.ifname);
	} else if (s->applied.mult == 0) {
		log_peer(p, "BFD on %s adopted (%s)", p->conf.ifname,
		    bfd_state_name(k->state));
	}
	s->applied = *c;
	s->error[0] = '\0';
	bfd_state(s, k->state, k->diag);
	return 0;
create:
	if (s->ifindex && s->state == DCVIF_BFD_STATE_UP)
		/* it went with its VIF, Up: that is a failure too */
		bfd_state(s, DCVIF_BFD_STATE_DOWN, DCVIF_BFD_DIAG_PATH_DOWN);
	s->ifindex = ifindex;
	bfd_req(s, c, &req);
	if (bfd_local(p, req.local) == -1) {
		explicit_bzero(&req, sizeof(req));
		bfd_error(s, p, "no local address on %s in the neighbor's "
		    "subnet", p->conf.ifname);
		goto gone;
	}
	rv = dcvif_bfd_new(&cmd, &req);
	explicit_bzero(&req, sizeof(req));
	if (rv == -1) {
		bfd_error(s, p, "on %s: %s", p->conf.ifname, cmd.errmsg);
		goto gone;
	}
	log_peer(p, "BFD on %s created, %u ms x %u", p->conf.ifname, c->tx_ms,
	    c->mult);
	s->applied = *c;
	s->error[0] = '\0';
	s->state = -1;
	bfd_state(s, DCVIF_BFD_STATE_DOWN, 0);
	return 0;
gone:
	if (s->ifindex && s->state == DCVIF_BFD_STATE_UP)
		bfd_state(s, DCVIF_BFD_STATE_DOWN, DCVIF_BFD_DIAG_PATH_DOWN);
	s->ifindex = 0;
	s->state = -1;
	memset(&s->applied, 0, sizeof(s->applied));
	return -1;
}

/*
 * Bring the kernel's sessions to what the neighbors' configs say: at
 * start, after a reload, when links come and go, after lost events, and
 * every BFD_RETRY_MS while one could not be set up.
 */
void
bfd_sync(void)
{
	uint8_t held[MAX_PEERS] = { 0 };
	struct kdump d = { 0 };
	struct bfd_sess *s;
	struct dcvif_bfd req;
	size_t i;
	int want = 0, retry = 0;

	for (i = 0; i < MAX_PEERS; i++) {
		if (sess[i])
			sess[i]->wanted = 0;
		if (peers[i] == NULL)
			continue;
		held[i] = (uint8_t)bfd_holds(peers[i]);
		want |= peers[i]->conf.bfd.enabled;
	}
	if (want && bfd_open() == -1) {
		timer_set_ms(&t_retry, BFD_RETRY_MS);
		return;
	}
	if (have_cmd && dcvif_bfd_dump(&cmd, 0, kdump_cb, &d) == -1) {
		log_warnx("%s: %s", __func__, cmd.errmsg);
		free(d.v);
		timer_set_ms(&t_retry, BFD_RETRY_MS);
		return;
	}
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || !p->conf.bfd.enabled)
			continue;
		if ((s = bfd_find(&p->conf.remote)) == NULL &&
		    (s = bfd_new(p)) == NULL) {
			log_warn("%s", __func__);
			continue;
		}
		s->wanted = 1;
		memcpy(s->ifname, p->conf.ifname, sizeof(s->ifname));
		if (bfd_apply(s, p, &d) == -1)
			retry = 1;
	}
	/* the neighbor or its bfd setting went: AdminDown, then gone */
	for (i = 0; i < MAX_PEERS; i++) {
		if ((s = sess[i]) == NULL || s->wanted)
			continue;
		if (s->ifindex && kdump_find(&d, s->ifindex, &s->remote)) {
			memset(&req, 0, sizeof(req));
			req.ifindex = s->ifindex;
			req.family = aid_to_af(s->remote.aid);
			memcpy(req.peer, s->remote.addr, sizeof(req.peer));
			if (dcvif_bfd_del(&cmd, &req) == -1)
				log_warnx("BFD on %s: %s", s->ifname,
				    cmd.errmsg);
			else
				log_info("BFD on %s deleted", s->ifname);
		}
		bfd_free(s);
	}
	for (i = 0; i < d.n; i++)
		explicit_bzero(&d.v[i], sizeof(d.v[i]));
	free(d.v);
	/* no longer held by a change of config (strict off, bfd no) */
	for (i = 0; i < MAX_PEERS; i++)
		if (peers[i] && held[i] && !bfd_holds(peers[i]))
			session_bfd_release(peers[i]);
	timer_set_ms(&t_retry, retry ? BFD_RETRY_MS : 0);
}

static void
bfd_retry_cb(struct evh *e, uint32_t events)
{
	uint64_t x;

	(void)events;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	bfd_sync();
}

/* kroute.c: a link came or went; a VIF may be back under a new ifindex */
void
bfd_links_changed(void)
{
	size_t i;

	for (i = 0; i < MAX_PEERS; i++)
		if (sess[i]) {
			timer_set_ms(&t_retry, 50);
			return;
		}
}

int
bfd_init(void)
{
	return timer_init(&t_retry, bfd_retry_cb, NULL);
}

void
bfd_shutdown(void)
{
	size_t i;

	/* the kernel keeps the sessions: see the top of this file */
	for (i = 0; i < MAX_PEERS; i++)
		if (sess[i])
			bfd_free(sess[i]);
	timer_free(&t_retry);
	if (have_mon) {
		/* closing the socket takes it out of the epoll set */
		monev.fd = -1;
		genl_close(&mon);
	}
	if (have_cmd)
		genl_close(&cmd);
	have_cmd = have_mon = 0;
}

void
bfd_json(const struct peer *p, struct json_object *o)
{
	const struct bfd_config *c = &p->conf.bfd;
	const struct bfd_sess *s = bfd_find(&p->conf.remote);
	struct json_object *b;

	if (!c->enabled)
		return;
	b = json_object_new_object();
	json_object_object_add(b, "state", json_object_new_string(
	    bfd_state_name(s ? s->state : -1)));
	json_object_object_add(b, "interface",
	    json_object_new_string(p->conf.ifname));
	json_object_object_add(b, "tx_interval", json_object_new_int(c->tx_ms));
	json_object_object_add(b, "rx_interval", json_object_new_int(c->rx_ms));
	json_object_object_add(b, "multiplier", json_object_new_int(c->mult));
	json_object_object_add(b, "auth",
	    json_object_new_string(bfd_auth_name(c->auth_type)));
	json_object_object_add(b, "strict", json_object_new_boolean(c->strict));
	json_object_object_add(b, "holds_bgp",
	    json_object_new_boolean(bfd_holds(p)));
	json_object_object_add(b, "hold_down",
	    json_object_new_int(s ? (int)s->holddown : 0));
	json_object_object_add(b, "downs",
	    json_object_new_int64(s ? (int64_t)s->downs : 0));
	if (s && s->error[0])
		json_object_object_add(b, "error",
		    json_object_new_string(s->error));
	else if (open_error[0])
		json_object_object_add(b, "error",
		    json_object_new_string(open_error));
	json_object_object_add(o, "bfd", b);
}
