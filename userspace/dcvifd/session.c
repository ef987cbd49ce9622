// SPDX-License-Identifier: GPL-2.0
/*
 * BGP sessions: sockets (TCP MD5, TTL 1 or GTSM), the RFC 4271 FSM,
 * connection collision, timers and message framing.  Parsed UPDATEs go
 * straight to the RDE.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dcvifd.h"

struct peer		*peers[MAX_PEERS];
static struct evh	 listen4 = { .fd = -1 }, listen6 = { .fd = -1 };
/*
 * Connections and peers closed during this epoll batch: epoll may still
 * hand us their events, so they are freed once the batch is done
 * (session_flush_all).  Lists: however many close in one batch, none is
 * freed early.
 */
static struct conn	*deadconns;
static struct peer	*deadpeers;

/*
 * Closed connections that may still have a NOTIFICATION to deliver.  A
 * socket close()d with input pending, or receiving data after close(),
 * is reset by the kernel and drops what it had to send; so a connection
 * is shut down for writing (the NOTIFICATION, then FIN) and read to its
 * end, discarding, for up to LINGER_TIME: long enough for a VIF whose
 * carrier BFD held down to come back, and TCP to send what was queued.
 */
#define LINGER_MAX	(2 * MAX_PEERS)
#define LINGER_TIME	60	/* s */
struct lingerer {
	struct evh	 ev;
	time_t		 until;		/* 0: free */
};
static struct lingerer	 lingers[LINGER_MAX];
static struct evh	 t_linger = { .fd = -1 };

/* MD5 keys installed on the listeners, so they can be removed again */
struct md5ent {
	struct bgp_addr	 addr;
	char		 key[MD5_MAX_LEN + 1];
};
static struct md5ent	 md5keys[MAX_PEERS];
static size_t		 nmd5keys;

static void	session_fsm(struct peer *, enum session_events);
static void	session_conn_cb(struct evh *, uint32_t);
static void	session_notify(struct peer *, struct conn *, uint8_t, uint8_t,
		    const uint8_t *, size_t);

const char *
state_name(enum session_state s)
{
	static const char *names[] = { "None", "Idle", "Connect", "Active",
	    "OpenSent", "OpenConfirm", "Established" };

	return s <= STATE_ESTABLISHED ? names[s] : "?";
}

static const char *
event_name(enum session_events e)
{
	static const char *names[] = { "none", "Start", "Stop",
	    "Connection opened", "Connection closed",
	    "Connection open failed", "Fatal error",
	    "ConnectRetryTimer expired", "HoldTimer expired",
	    "KeepaliveTimer expired", "IdleHoldTimer expired", "OPEN received",
	    "KEEPALIVE received", "UPDATE received",
	    "NOTIFICATION received", "BFD Down", "Maximum prefixes" };

	return e <= EVNT_MAX_PREFIX ? names[e] : "?";
}

socklen_t
addr2sa(const struct bgp_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->aid == AID_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->addr, 16);
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a->addr, 4);
		return sizeof(*s4);
	}
}

static void
sa2addr(const struct sockaddr_storage *ss, struct bgp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		/* a v4-mapped peer on the v6 listener is an IPv4 peer */
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			a->aid = AID_INET;
			memcpy(a->addr, &s6->sin6_addr.s6_addr[12], 4);
		} else {
			a->aid = AID_INET6;
			memcpy(a->addr, &s6->sin6_addr, 16);
		}
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		a->aid = AID_INET;
		memcpy(a->addr, &s4->sin_addr, 4);
	}
}

static int
tcp_md5_set(int fd, const struct bgp_addr *a, const char *key)
{
	struct tcp_md5sig md5;
	struct sockaddr_storage ss;

	memset(&md5, 0, sizeof(md5));
	addr2sa(a, 0, &ss);
	memcpy(&md5.tcpm_addr, &ss, sizeof(ss));
	md5.tcpm_keylen = (uint16_t)strlen(key);
	memcpy(md5.tcpm_key, key, md5.tcpm_keylen);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5)) == -1) {
		/* deleting a key that is not there is not an error */
		if (md5.tcpm_keylen == 0 && errno == ENOENT)
			return 0;
		log_warn("%s: TCP_MD5SIG", __func__);
		return -1;
	}
	return 0;
}

/* TTL 1 for a directly connected eBGP peer, or GTSM (RFC 5082) */
static int
session_ttl(int fd, uint8_t aid, int ttlsec)
{
	int ttl = ttlsec ? 255 : 1, min = 255;

	if (aid == AID_INET6) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
		    sizeof(ttl)) == -1)
			goto fail;
		if (ttlsec && setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT,
		    &min, sizeof(min)) == -1)
			goto fail;
	} else {
		if (setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) == -1)
			goto fail;
		if (ttlsec && setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min,
		    sizeof(min)) == -1)
			goto fail;
	}
	return 0;
fail:
	log_warn("%s: setsockopt", __func__);
	return -1;
}

static int
session_sockopts(int fd, uint8_t aid)
{
	int one = 1, tos = 0xc0;	/* IPTOS_PREC_INTERNETCONTROL */

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (aid == AID_INET)
		setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
	return 0;
}

/* connections */
static struct conn *
conn_new(struct peer *p, int fd, int outgoing)
{
	struct conn *c;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("%s", __func__);
		close(fd);
		return NULL;
	}
	c->outgoing = (uint8_t)outgoing;
	if (ev_add(&c->ev, fd, EPOLLIN | (outgoing ? EPOLLOUT : 0),
	    session_conn_cb, p) == -1) {
		close(fd);
		free(c);
		return NULL;
	}
	return c;
}

static void
linger_end(struct lingerer *l)
{
	ev_del(&l->ev);
	l->until = 0;
}

static void
linger_read(struct evh *e, uint32_t events)
{
	char buf[4096];
	ssize_t n;

	(void)events;
	while ((n = recv(e->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
		;
	if (n == 0 || (errno != EAGAIN && errno != EINTR))
		linger_end(e->arg);
}

static void
linger_timer(struct evh *e, uint32_t events)
{
	time_t now = getmonotime();
	uint64_t x;
	size_t i;
	int left = 0;

	(void)events;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	for (i = 0; i < LINGER_MAX; i++) {
		if (lingers[i].until == 0)
			continue;
		if (lingers[i].until <= now)
			linger_end(&lingers[i]);
		else
			left = 1;
	}
	if (left)
		timer_set(&t_linger, 1);
}

/* take fd over from a connection being closed; -1: no room, close it */
static int
linger_start(int fd)
{
	size_t i;
	int nfd;

	for (i = 0; i < LINGER_MAX; i++)
		if (lingers[i].until == 0)
			break;
	if (i == LINGER_MAX || t_linger.fd == -1 || (nfd = dup(fd)) == -1)
		return -1;
	shutdown(nfd, SHUT_WR);
	if (ev_add(&lingers[i].ev, nfd, EPOLLIN | EPOLLRDHUP, linger_read,
	    &lingers[i]) == -1) {
		close(nfd);
		return -1;
	}
	lingers[i].until = getmonotime() + LINGER_TIME;
	if (!timer_running(&t_linger))
		timer_set(&t_linger, 1);
	return 0;
}

static void
conn_close(struct conn *c)
{
	if (c == NULL)
		return;
	if (c->ev.fd != -1 && !c->connecting && !c->dev_gone)
		linger_start(c->ev.fd);
	ev_del(&c->ev);
	free(c->w.buf);
	c->w.buf = NULL;
	/* epoll may still hand us this one in the current batch */
	c->dead_next = deadconns;
	deadconns = c;
}

static int
conn_flush(struct conn *c)
{
	ssize_t n;

	while (c->w.len > 0) {
		n = write(c->ev.fd, c->w.buf, c->w.len);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return -1;
		}
		memmove(c->w.buf, c->w.buf + n, c->w.len - (size_t)n);
		c->w.len -= (size_t)n;
	}
	ev_mod(&c->ev, EPOLLIN | (c->w.len ? EPOLLOUT : 0));
	return 0;
}

static int
conn_queue(struct conn *c, const uint8_t *m, size_t len)
{
	if (c->w.len + len > c->w.size) {
		size_t ns = c->w.size ? c->w.size * 2 : 16384;
		uint8_t *nb;

		while (ns < c->w.len + len)
			ns *= 2;
		if ((nb = realloc(c->w.buf, ns)) == NULL) {
			log_warn("%s", __func__);
			return -1;
		}
		c->w.buf = nb;
		c->w.size = ns;
	}
	memcpy(c->w.buf + c->w.len, m, len);
	c->w.len += len;
	if (!c->connecting)
		ev_mod(&c->ev, EPOLLIN | EPOLLOUT);
	return 0;
}

static int
session_send(struct peer *p, struct conn *c, const uint8_t *m, size_t len)
{
	if (c == NULL)
		return -1;
	if (m[18] < 6)
		p->stats.msg_sent[m[18]]++;
	return conn_queue(c, m, len);
}

int
session_send_raw(struct peer *p, const uint8_t *m, size_t len)
{
	if (p->state != STATE_ESTABLISHED)
		return -1;
	return session_send(p, p->c, m, len);
}

int
session_wbuf_len(const struct peer *p)
{
	return p->c ? (int)p->c->w.len : 0;
}

static void
session_notify(struct peer *p, struct conn *c, uint8_t code, uint8_t sub,
    const uint8_t *data, size_t dlen)
{
	uint8_t m[BGP_MAX_LEN];
	int n;

	if (c == NULL)
		return;
	n = bgp_build_notification(m, sizeof(m), code, sub, data,
	    dlen > BGP_MAX_LEN - 21 ? BGP_MAX_LEN - 21 : dlen);
	if (n == -1)
		return;
	log_peer(p, "sending NOTIFICATION: %s", bgp_err_name(code, sub));
	p->stats.last_sent_code = code;
	p->stats.last_sent_sub = sub;
	snprintf(p->stats.last_error, sizeof(p->stats.last_error),
	    "sent %s", bgp_err_name(code, sub));
	session_send(p, c, m, (size_t)n);
	c->connecting = 0;
	conn_flush(c);
}

static void
session_keepalive(struct peer *p)
{
	uint8_t m[BGP_HDR_LEN];

	bgp_build_keepalive(m, sizeof(m));
	session_send(p, p->c, m, sizeof(m));
	if (p->keepalive)
		timer_set(&p->t_keepalive, p->keepalive);
}

static void
session_open_send(struct peer *p, struct conn *c)
{
	struct bgp_open_params op;
	uint8_t m[BGP_MAX_LEN];
	int n;

	op.as = conf->as;
	op.holdtime = p->conf.holdtime;
	op.bgpid = conf->router_id;
	op.aids = p->conf.aids;
	n = bgp_build_open(m, sizeof(m), &op);
	if (n > 0)
		session_send(p, c, m, (size_t)n);
}

/* timers */
static void
t_connretry_cb(struct evh *e, uint32_t ev)
{
	uint64_t x;

	(void)ev;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	session_fsm(e->arg, EVNT_TIMER_CONNRETRY);
}

static void
t_hold_cb(struct evh *e, uint32_t ev)
{
	uint64_t x;

	(void)ev;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	session_fsm(e->arg, EVNT_TIMER_HOLDTIME);
}

static void
t_keepalive_cb(struct evh *e, uint32_t ev)
{
	uint64_t x;

	(void)ev;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	session_fsm(e->arg, EVNT_TIMER_KEEPALIVE);
}

static void
t_idlehold_cb(struct evh *e, uint32_t ev)
{
	uint64_t x;

	(void)ev;
	if (read(e->fd, &x, sizeof(x)) != sizeof(x))
		return;
	session_fsm(e->arg, EVNT_TIMER_IDLEHOLD);
}

static void
session_timers_stop(struct peer *p)
{
	timer_set(&p->t_connretry, 0);
	timer_set(&p->t_hold, 0);
	timer_set(&p->t_keepalive, 0);
}

static void
session_connretry_start(struct peer *p)
{
	unsigned int t = p->conf.connectretry * (p->retry_mult ? p->retry_mult : 1);

	timer_set(&p->t_connretry, t);
}

/*
 * Just after the path came back (BFD Up, carrier), the peer may not take
 * connections yet: its own session is still going down, or its BGP waits
 * for its BFD. A refusal then is retried after QUICK_RETRY_MS, up to
 * QUICK_TRIES times, rather than after ConnectRetryTime doubled: the
 * session is back as soon as the peer is.
 */
#define QUICK_TRIES		5
#define QUICK_RETRY_MS		200

static void
session_quick_start(struct peer *p)
{
	p->quick_tries = QUICK_TRIES;
	p->retry_mult = 1;
}

/* a connection refused or failed: when to try again (backoff: doubled) */
static void
session_connretry_failed(struct peer *p, int backoff)
{
	if (p->quick_tries > 0) {
		p->quick_tries--;
		timer_set_ms(&p->t_connretry, QUICK_RETRY_MS);
		return;
	}
	if (backoff && p->retry_mult < 8)
		p->retry_mult = p->retry_mult ? p->retry_mult * 2 : 2;
	session_connretry_start(p);
}

static int
session_connect(struct peer *p)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, af = aid_to_af(p->conf.remote.aid);
	struct conn *c;

	fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("%s: socket", __func__);
		return -1;
	}
	if (p->conf.md5key[0] &&
	    tcp_md5_set(fd, &p->conf.remote, p->conf.md5key) == -1)
		goto fail;
	if (session_ttl(fd, p->conf.remote.aid, p->conf.ttlsec) == -1)
		goto fail;
	session_sockopts(fd, p->conf.remote.aid);
	if (p->conf.ifname[0] && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
	    p->conf.ifname, (socklen_t)strlen(p->conf.ifname)) == -1) {
		log_warn("%s: SO_BINDTODEVICE %s", __func__, p->conf.ifname);
		goto fail;
	}
	if (p->conf.local.aid) {
		len = addr2sa(&p->conf.local, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, len) == -1) {
			log_warn("%s: bind", __func__);
			goto fail;
		}
	}
	len = addr2sa(&p->conf.remote, BGP_PORT, &ss);
	if (connect(fd, (struct sockaddr *)&ss, len) == -1 &&
	    errno != EINPROGRESS) {
		log_peer(p, "connect: %s", strerror(errno));
		goto fail;
	}
	if ((c = conn_new(p, fd, 1)) == NULL)
		return -1;
	c->connecting = 1;
	p->c = c;
	return 0;
fail:
	close(fd);
	return -1;
}

static void
session_ifindex(struct peer *p)
{
	struct ifaddrs *ifa, *i;
	struct bgp_addr a;

	p->ifindex = 0;
	if (p->conf.ifname[0]) {
		p->ifindex = (int)if_nametoindex(p->conf.ifname);
		return;
	}
	if (getifaddrs(&ifa) == -1) {
		log_warn("%s: getifaddrs", __func__);
		return;
	}
	for (i = ifa; i; i = i->ifa_next) {
		if (i->ifa_addr == NULL || (i->ifa_addr->sa_family != AF_INET &&
		    i->ifa_addr->sa_family != AF_INET6))
			continue;
		sa2addr((struct sockaddr_storage *)(void *)i->ifa_addr, &a);
		if (memcmp(&a, &p->local_addr, sizeof(a)) == 0) {
			p->ifindex = (int)if_nametoindex(i->ifa_name);
			break;
		}
	}
	freeifaddrs(ifa);
}

static void
session_tcp_established(struct peer *p)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(p->c->ev.fd, (struct sockaddr *)&ss, &len) == 0)
		sa2addr(&ss, &p->local_addr);
	session_ifindex(p);
}

static void
change_state(struct peer *p, enum session_state state,
    enum session_events event)
{
	if (p->state == state)
		return;
	log_peer(p, "state change %s -> %s, reason: %s", state_name(p->state),
	    state_name(state), event_name(event));
	p->prev_state = p->state;
	p->state = state;
	p->since = getmonotime();
	control_peer_event(p, event_name(event));
	/* after the state change, so the RDE queues nothing more for it */
	if (p->prev_state == STATE_ESTABLISHED) {
		p->stats.flaps++;
		rde_peer_down(p);
	}
	switch (state) {
	case STATE_IDLE:
		session_timers_stop(p);
		conn_close(p->c);
		p->c = NULL;
		conn_close(p->c2);
		p->c2 = NULL;
		p->aids = 0;
		p->eor_rcvd = 0;
		if (p->conf.shutdown || p->removed || event == EVNT_STOP)
			break;
		if (event == EVNT_MAX_PREFIX) {
			/* as AWS does: Idle, until restart or clear */
			p->maxpfx_idle = 1;
			if (p->conf.maxpfx_restart)
				timer_set(&p->t_idlehold,
				    p->conf.maxpfx_restart);
			break;
		}
		/* automatic restart, damped by doubling IdleHoldTime */
		timer_set(&p->t_idlehold, p->idle_hold);
		if (p->prev_state >= STATE_OPENSENT)
			p->idle_hold = p->idle_hold * 2 > IDLE_HOLD_MAX ?
			    IDLE_HOLD_MAX : p->idle_hold * 2;
		break;
	case STATE_ESTABLISHED:
		p->stats.established++;
		p->idle_hold = IDLE_HOLD_INITIAL;
		p->retry_mult = 1;
		p->quick_tries = 0;
		rde_peer_up(p);
		break;
	default:
		break;
	}
}

/* the FSM: switch on the state, then on the event (RFC 4271 8.2.2) */
static void
session_fsm(struct peer *p, enum session_events event)
{
	/*
	 * RFC 5882 4.3: BFD Down takes the session down at once, whatever its
	 * state, with Cease/BFD Down (RFC 9384) where an OPEN was sent.
	 */
	if (event == EVNT_BFD_DOWN) {
		if (p->state >= STATE_OPENSENT)
			session_notify(p, p->c, ERR_CEASE, ERR_CEASE_BFD_DOWN,
			    NULL, 0);
		if (p->state > STATE_IDLE)
			change_state(p, STATE_IDLE, event);
		return;
	}
	switch (p->state) {
	case STATE_NONE:
		break;
	case STATE_IDLE:
		switch (event) {
		case EVNT_START:
		case EVNT_TIMER_IDLEHOLD:
			if (event == EVNT_TIMER_IDLEHOLD)
				p->maxpfx_idle = 0;
			if (p->conf.shutdown || p->removed || bfd_holds(p) ||
			    p->maxpfx_idle || ftest_holds(p))
				break;
			timer_set(&p->t_idlehold, 0);
			session_connretry_start(p);
			if (p->conf.passive) {
				change_state(p, STATE_ACTIVE, event);
				break;
			}
			change_state(p, STATE_CONNECT, event);
			if (session_connect(p) == -1)
				session_fsm(p, EVNT_CON_OPENFAIL);
			break;
		default:
			break;
		}
		break;
	case STATE_CONNECT:
		switch (event) {
		case EVNT_START:
			break;
		case EVNT_CON_OPEN:
			session_tcp_established(p);
			session_open_send(p, p->c);
			timer_set(&p->t_connretry, 0);
			timer_set(&p->t_hold, 240);	/* RFC 4271 8: large */
			change_state(p, STATE_OPENSENT, event);
			break;
		case EVNT_CON_OPENFAIL:
			conn_close(p->c);
			p->c = NULL;
			session_connretry_failed(p, 1);
			change_state(p, STATE_ACTIVE, event);
			break;
		case EVNT_TIMER_CONNRETRY:
			conn_close(p->c);
			p->c = NULL;
			session_connretry_start(p);
			if (session_connect(p) == -1)
				session_fsm(p, EVNT_CON_OPENFAIL);
			break;
		default:
			change_state(p, STATE_IDLE, event);
			break;
		}
		break;
	case STATE_ACTIVE:
		switch (event) {
		case EVNT_START:
			break;
		case EVNT_CON_OPEN:
			session_tcp_established(p);
			session_open_send(p, p->c);
			timer_set(&p->t_connretry, 0);
			timer_set(&p->t_hold, 240);
			change_state(p, STATE_OPENSENT, event);
			break;
		case EVNT_CON_OPENFAIL:
			conn_close(p->c);
			p->c = NULL;
			session_connretry_failed(p, 0);
			break;
		case EVNT_TIMER_CONNRETRY:
			session_connretry_start(p);
			if (p->conf.passive)
				break;
			change_state(p, STATE_CONNECT, event);
			if (session_connect(p) == -1)
				session_fsm(p, EVNT_CON_OPENFAIL);
			break;
		default:
			change_state(p, STATE_IDLE, event);
			break;
		}
		break;
	case STATE_OPENSENT:
		switch (event) {
		case EVNT_START:
			break;
		case EVNT_STOP:
			session_notify(p, p->c, ERR_CEASE,
			    ERR_CEASE_ADMIN_DOWN, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_CON_CLOSED:
			conn_close(p->c);
			p->c = NULL;
			session_connretry_start(p);
			change_state(p, STATE_ACTIVE, event);
			break;
		case EVNT_CON_FATAL:
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_TIMER_HOLDTIME:
			session_notify(p, p->c, ERR_HOLDTIMER, 0, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_RCVD_OPEN:
			/* validated by session_recv_open() already */
			session_keepalive(p);
			timer_set(&p->t_hold, p->holdtime);
			change_state(p, STATE_OPENCONFIRM, event);
			break;
		case EVNT_RCVD_NOTIFICATION:
			change_state(p, STATE_IDLE, event);
			break;
		default:
			session_notify(p, p->c, ERR_FSM,
			    ERR_FSM_UNEX_OPENSENT, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		}
		break;
	case STATE_OPENCONFIRM:
		switch (event) {
		case EVNT_START:
			break;
		case EVNT_STOP:
			session_notify(p, p->c, ERR_CEASE,
			    ERR_CEASE_ADMIN_DOWN, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_CON_CLOSED:
		case EVNT_CON_FATAL:
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_TIMER_HOLDTIME:
			session_notify(p, p->c, ERR_HOLDTIMER, 0, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_TIMER_KEEPALIVE:
			session_keepalive(p);
			break;
		case EVNT_RCVD_KEEPALIVE:
			timer_set(&p->t_hold, p->holdtime);
			change_state(p, STATE_ESTABLISHED, event);
			break;
		case EVNT_RCVD_NOTIFICATION:
			change_state(p, STATE_IDLE, event);
			break;
		default:
			session_notify(p, p->c, ERR_FSM,
			    ERR_FSM_UNEX_OPENCONFIRM, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		}
		break;
	case STATE_ESTABLISHED:
		switch (event) {
		case EVNT_START:
			break;
		case EVNT_STOP:
			session_notify(p, p->c, ERR_CEASE,
			    ERR_CEASE_ADMIN_DOWN, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_CON_CLOSED:
		case EVNT_CON_FATAL:
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_TIMER_HOLDTIME:
			session_notify(p, p->c, ERR_HOLDTIMER, 0, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		case EVNT_TIMER_KEEPALIVE:
			session_keepalive(p);
			break;
		case EVNT_RCVD_KEEPALIVE:
		case EVNT_RCVD_UPDATE:
			timer_set(&p->t_hold, p->holdtime);
			break;
		case EVNT_RCVD_NOTIFICATION:
			change_state(p, STATE_IDLE, event);
			break;
		default:
			session_notify(p, p->c, ERR_FSM,
			    ERR_FSM_UNEX_ESTABLISHED, NULL, 0);
			change_state(p, STATE_IDLE, event);
			break;
		}
		break;
	}
}

/* negotiate from a parsed OPEN; 0 ok, -1 NOTIFICATION sent */
static int
session_check_open(struct peer *p, struct conn *c, const struct bgp_open *o)
{
	uint16_t ht;

	if (o->as != p->conf.remote_as) {
		uint8_t d[2] = { o->short_as >> 8, o->short_as & 0xff };

		log_peer(p, "OPEN: peer AS %u, expected %u", o->as,
		    p->conf.remote_as);
		session_notify(p, c, ERR_OPEN, ERR_OPEN_AS, d, sizeof(d));
		return -1;
	}
	if ((o->capa_mp & p->conf.aids) == 0) {
		log_peer(p, "OPEN: no address family in common");
		session_notify(p, c, ERR_OPEN, ERR_OPEN_CAPA, NULL, 0);
		return -1;
	}
	p->remote_id = o->bgpid;
	p->as4 = o->capa_as4;
	p->refresh = o->capa_refresh;
	p->aids = o->capa_mp & p->conf.aids;
	ht = o->holdtime < p->conf.holdtime ? o->holdtime : p->conf.holdtime;
	p->holdtime = ht;
	p->keepalive = p->conf.keepalive && p->conf.keepalive <= ht / 3 ?
	    p->conf.keepalive : ht / 3;
	if (p->keepalive == 0)
		p->keepalive = 1;
	return 0;
}

/*
 * Connection collision (RFC 4271 6.8): the connection opened by the
 * speaker with the higher BGP identifier survives.
 */
static void
session_collision(struct peer *p, struct conn *winner_in)
{
	/* winner_in: the incoming connection c2 wins */
	if (winner_in) {
		log_peer(p, "connection collision: keeping the peer's "
		    "connection");
		session_notify(p, p->c, ERR_CEASE, ERR_CEASE_COLLISION, NULL,
		    0);
		conn_close(p->c);
		p->c = p->c2;
		p->c2 = NULL;
		p->state = STATE_OPENSENT;	/* as if opened here */
		/*
		 * As EVNT_CON_OPEN does: our connection may have closed
		 * meanwhile (Active, ConnectRetryTimer running), and that
		 * timer must not fire in OpenConfirm or Established.
		 */
		timer_set(&p->t_connretry, 0);
		timer_set(&p->t_hold, 240);
		session_open_send(p, p->c);
	} else {
		log_peer(p, "connection collision: keeping our connection");
		session_notify(p, p->c2, ERR_CEASE, ERR_CEASE_COLLISION, NULL,
		    0);
		conn_close(p->c2);
		p->c2 = NULL;
	}
}

static void
session_recv_open(struct peer *p, struct conn *c, const uint8_t *m,
    size_t len)
{
	struct bgp_open o;
	struct bgp_err e;

	if (bgp_parse_open(m + BGP_HDR_LEN, len - BGP_HDR_LEN, &o, &e) == -1) {
		log_peer(p, "bad OPEN: %s", bgp_err_name(e.code, e.subcode));
		session_notify(p, c, e.code, e.subcode, e.data, e.datalen);
		if (c == p->c2) {
			conn_close(c);
			p->c2 = NULL;
		} else {
			session_fsm(p, EVNT_CON_FATAL);
		}
		return;
	}
	if (c == p->c2) {
		/* OPEN on the colliding connection decides */
		if (p->state == STATE_ESTABLISHED) {
			session_notify(p, c, ERR_CEASE, ERR_CEASE_COLLISION,
			    NULL, 0);
			conn_close(c);
			p->c2 = NULL;
			return;
		}
		if (ntohl(conf->router_id) > ntohl(o.bgpid) && p->c &&
		    p->c->outgoing) {
			session_collision(p, NULL);
			return;
		}
		session_collision(p, c);
		c = p->c;
	}
	if (p->state != STATE_OPENSENT) {
		session_fsm(p, EVNT_RCVD_OPEN);	/* FSM error there */
		return;
	}
	if (session_check_open(p, c, &o) == -1) {
		session_fsm(p, EVNT_CON_FATAL);
		return;
	}
	c->open_rcvd = 1;
	session_fsm(p, EVNT_RCVD_OPEN);
}

static void
session_recv_notification(struct peer *p, const uint8_t *m, size_t len)
{
	const uint8_t *d;
	size_t dl;
	uint8_t code, sub;
	char reason[256] = "";

	if (bgp_parse_notification(m + BGP_HDR_LEN, len - BGP_HDR_LEN, &code,
	    &sub, &d, &dl) == -1)
		return;
	/* RFC 9003 shutdown communication */
	if (code == ERR_CEASE && (sub == ERR_CEASE_ADMIN_DOWN ||
	    sub == ERR_CEASE_ADMIN_RESET) && dl >= 1 && d[0] <= dl - 1 &&
	    d[0] > 0) {
		size_t i, o = 0;

		for (i = 0; i < d[0] && o + 2 < sizeof(reason); i++)
			reason[o++] = d[1 + i] >= 0x20 && d[1 + i] < 0x7f ?
			    (char)d[1 + i] : '?';
		reason[o] = '\0';
	}
	log_peer(p, "received NOTIFICATION: %s%s%s%s", bgp_err_name(code, sub),
	    reason[0] ? ", \"" : "", reason, reason[0] ? "\"" : "");
	p->stats.last_rcvd_code = code;
	p->stats.last_rcvd_sub = sub;
	snprintf(p->stats.last_error, sizeof(p->stats.last_error),
	    "received %s", bgp_err_name(code, sub));
	session_fsm(p, EVNT_RCVD_NOTIFICATION);
}

static void
session_recv_update(struct peer *p, const uint8_t *m, size_t len)
{
	struct bgp_peer_ctx ctx = { .as4 = p->as4, .ebgp = 1,
	    .peer_as = p->conf.remote_as };
	struct bgp_update u;
	struct bgp_err e;

	if (p->state != STATE_ESTABLISHED) {
		session_fsm(p, EVNT_RCVD_UPDATE);
		return;
	}
	if (bgp_parse_update(m + BGP_HDR_LEN, len - BGP_HDR_LEN, &ctx, &u,
	    &e) == -1) {
		log_peer(p, "bad UPDATE: %s", bgp_err_name(e.code, e.subcode));
		session_notify(p, p->c, e.code, e.subcode, e.data, e.datalen);
		session_fsm(p, EVNT_CON_FATAL);
		return;
	}
	if (u.treat_as_withdraw) {
		p->stats.updates_taw++;
		log_peer(p, "UPDATE treated as withdraw: %s", u.why);
	}
	p->stats.attrs_discarded += u.attrs.discarded;
	session_fsm(p, EVNT_RCVD_UPDATE);
	rde_update(p, &u);
	bgp_attrs_free(&u.attrs);
	session_maxpfx_check(p);
}

/*
 * Inbound max-prefix: more than maxpfx_in prefixes of one family from the
 * peer. As AWS does with ours: Cease/Maximum Number of Prefixes Reached
 * (RFC 4486, data: AFI, SAFI, the limit) and Idle, until "restart" seconds
 * or a clear; or, with warning-only, a log line once per session.
 */
void
session_maxpfx_check(struct peer *p)
{
	uint8_t aid, data[7];
	uint16_t afi;
	uint32_t lim = p->conf.maxpfx_in;

	if (lim == 0 || p->state != STATE_ESTABLISHED)
		return;
	for (aid = AID_INET; aid < AID_MAX; aid++) {
		if (p->stats.rcvd_aid[aid] <= lim)
			continue;
		if (p->conf.maxpfx_warn) {
			if (p->stats.maxpfx_warned & AID_BIT(aid))
				continue;
			p->stats.maxpfx_warned |= AID_BIT(aid);
			p->stats.maxpfx_in_hits++;
			log_peer(p, "%s: %llu prefixes received, more than "
			    "max-prefix %u (warning-only: session kept)",
			    aid_name(aid),
			    (unsigned long long)p->stats.rcvd_aid[aid], lim);
			continue;
		}
		p->stats.maxpfx_in_hits++;
		log_peer(p, "%s: %llu prefixes received, more than max-prefix "
		    "%u: session ends, %s", aid_name(aid),
		    (unsigned long long)p->stats.rcvd_aid[aid], lim,
		    p->conf.maxpfx_restart ? "restarts later" :
		    "Idle until cleared");
		afi = aid == AID_INET6 ? 2 : 1;
		data[0] = (uint8_t)(afi >> 8);
		data[1] = (uint8_t)afi;
		data[2] = 1;	/* SAFI unicast */
		data[3] = (uint8_t)(lim >> 24);
		data[4] = (uint8_t)(lim >> 16);
		data[5] = (uint8_t)(lim >> 8);
		data[6] = (uint8_t)lim;
		session_notify(p, p->c, ERR_CEASE, ERR_CEASE_MAX_PREFIX, data,
		    sizeof(data));
		change_state(p, STATE_IDLE, EVNT_MAX_PREFIX);
		return;
	}
}

static void
session_recv_rrefresh(struct peer *p, const uint8_t *m, size_t len)
{
	struct bgp_err e;
	uint8_t aid;

	if (p->state != STATE_ESTABLISHED) {
		session_fsm(p, EVNT_NONE);
		return;
	}
	if (bgp_parse_rrefresh(m + BGP_HDR_LEN, len - BGP_HDR_LEN, &aid,
	    &e) == -1) {
		session_notify(p, p->c, e.code, e.subcode, e.data, e.datalen);
		session_fsm(p, EVNT_CON_FATAL);
		return;
	}
	/* RFC 2918 4: unknown AFI/SAFI is ignored */
	if (aid != AID_UNSPEC && (p->aids & AID_BIT(aid)))
		rde_refresh(p, aid);
}

/* returns -1 when the connection is gone */
static int
session_dispatch(struct peer *p, struct conn *c)
{
	struct bgp_err e;
	uint16_t len;
	uint8_t type;
	size_t off = 0;
	int rv;

	while (c->rlen - off >= BGP_HDR_LEN) {
		rv = bgp_parse_header(c->rbuf + off, c->rlen - off, &type, &len,
		    &e);
		if (rv == 1)
			break;
		if (rv == -1) {
			log_peer(p, "bad message header: %s",
			    bgp_err_name(e.code, e.subcode));
			session_notify(p, c, e.code, e.subcode, e.data,
			    e.datalen);
			if (c == p->c2) {
				conn_close(c);
				p->c2 = NULL;
			} else {
				session_fsm(p, EVNT_CON_FATAL);
			}
			return -1;
		}
		if (len > c->rlen - off)
			break;
		p->stats.msg_rcvd[type]++;
		if (c == p->c2 && type != BGP_OPEN) {
			session_notify(p, c, ERR_FSM, ERR_FSM_UNEX_OPENSENT,
			    NULL, 0);
			conn_close(c);
			p->c2 = NULL;
			return -1;
		}
		switch (type) {
		case BGP_OPEN:
			session_recv_open(p, c, c->rbuf + off, len);
			break;
		case BGP_UPDATE:
			session_recv_update(p, c->rbuf + off, len);
			break;
		case BGP_NOTIFICATION:
			session_recv_notification(p, c->rbuf + off, len);
			break;
		case BGP_KEEPALIVE:
			session_fsm(p, EVNT_RCVD_KEEPALIVE);
			break;
		case BGP_RREFRESH:
			session_recv_rrefresh(p, c->rbuf + off, len);
			break;
		}
		off += len;
		/* the message may have closed or replaced this connection */
		if (c != p->c && c != p->c2)
			return -1;
	}
	if (off) {
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
	}
	return 0;
}

static void
session_conn_cb(struct evh *e, uint32_t events)
{
	struct peer *p = e->arg;
	struct conn *c = (struct conn *)e;	/* ev is the first member */
	ssize_t n;
	int err = 0;
	socklen_t len = sizeof(err);

	if (e->fd == -1 || (c != p->c && c != p->c2))
		return;
	if (c->connecting) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		if (getsockopt(e->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
		    err) {
			log_peer(p, "connect: %s", strerror(err ? err : errno));
			session_fsm(p, EVNT_CON_OPENFAIL);
			return;
		}
		c->connecting = 0;
		ev_mod(e, EPOLLIN);
		session_fsm(p, EVNT_CON_OPEN);
		return;
	}
	if (events & EPOLLOUT) {
		if (conn_flush(c) == -1) {
			log_peer(p, "write: %s", strerror(errno));
			goto closed;
		}
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		for (;;) {
			n = read(e->fd, c->rbuf + c->rlen,
			    sizeof(c->rbuf) - c->rlen);
			if (n == -1) {
				if (errno == EAGAIN || errno == EINTR)
					break;
				log_peer(p, "read: %s", strerror(errno));
				goto closed;
			}
			if (n == 0) {
				log_peer(p, "connection closed by peer");
				goto closed;
			}
			c->rlen += (size_t)n;
			if (session_dispatch(p, c) == -1)
				return;
			if (c->rlen == sizeof(c->rbuf))
				break;	/* cannot happen: a message is <= 4096 */
		}
	}
	return;
closed:
	if (c == p->c2) {
		conn_close(c);
		p->c2 = NULL;
		return;
	}
	session_fsm(p, EVNT_CON_CLOSED);
}

/* passive side */
static void
session_accept(struct evh *e, uint32_t events)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct bgp_addr a;
	struct peer *p;
	struct conn *c;
	char buf[64];
	int fd;

	(void)events;
	fd = accept4(e->fd, (struct sockaddr *)&ss, &len,
	    SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != ECONNABORTED)
			log_warn("%s: accept", __func__);
		return;
	}
	sa2addr(&ss, &a);
	p = session_peer_find(&a);
	if (p == NULL || p->conf.shutdown || p->removed) {
		addr_str(&a, buf, sizeof(buf));
		log_info("connection from unconfigured or shut down %s "
		    "refused", buf);
		close(fd);
		return;
	}
	if (bfd_holds(p)) {
		log_peer(p, "connection refused: BFD holds the session down");
		close(fd);
		return;
	}
	if (p->maxpfx_idle) {
		log_peer(p, "connection refused: Idle after max-prefix");
		close(fd);
		return;
	}
	if (ftest_holds(p)) {
		log_peer(p, "connection refused: failover test");
		close(fd);
		return;
	}
	session_ttl(fd, a.aid, p->conf.ttlsec);
	session_sockopts(fd, a.aid);
	switch (p->state) {
	case STATE_IDLE:
		/* automatic start on an incoming connection */
		timer_set(&p->t_idlehold, 0);
		change_state(p, STATE_ACTIVE, EVNT_START);
		/* FALLTHROUGH */
	case STATE_CONNECT:
	case STATE_ACTIVE:
		/* an incoming connection replaces our attempt */
		conn_close(p->c);
		p->c = NULL;
		if ((c = conn_new(p, fd, 0)) == NULL)
			return;
		p->c = c;
		ev_mod(&c->ev, EPOLLIN);
		session_fsm(p, EVNT_CON_OPEN);
		break;
	case STATE_OPENSENT:
	case STATE_OPENCONFIRM:
	case STATE_ESTABLISHED:
		if (p->c2) {
			close(fd);
			return;
		}
		if ((c = conn_new(p, fd, 0)) == NULL)
			return;
		ev_mod(&c->ev, EPOLLIN);
		p->c2 = c;
		break;
	default:
		close(fd);
		break;
	}
}

static int
session_listen(struct evh *e, int af)
{
	int fd, ttl = 255;

	/* port 179 takes CAP_NET_BIND_SERVICE: the parent's (priv.c) */
	if ((fd = priv_listen(af)) == -1) {
		log_warn("%s: bind/listen port %d", __func__, BGP_PORT);
		return -1;
	}
	if (af == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
		    sizeof(ttl));
	else
		setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	return ev_add(e, fd, EPOLLIN, session_accept, NULL);
}

/* keep the listeners' MD5 keys in step with the configured peers */
int
session_listen_update(void)
{
	size_t i, j;
	struct evh *l;
	int rv = 0;

	for (i = 0; i < nmd5keys; i++) {
		struct peer *p = session_peer_find(&md5keys[i].addr);

		if (p && !p->removed &&
		    strcmp(p->conf.md5key, md5keys[i].key) == 0)
			continue;
		l = md5keys[i].addr.aid == AID_INET6 ? &listen6 : &listen4;
		if (l->fd != -1)
			tcp_md5_set(l->fd, &md5keys[i].addr, "");
		md5keys[i--] = md5keys[--nmd5keys];
	}
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || p->removed || p->conf.md5key[0] == '\0')
			continue;
		for (j = 0; j < nmd5keys; j++)
			if (memcmp(&md5keys[j].addr, &p->conf.remote,
			    sizeof(p->conf.remote)) == 0)
				break;
		if (j < nmd5keys)
			continue;
		l = p->conf.remote.aid == AID_INET6 ? &listen6 : &listen4;
		if (l->fd == -1 ||
		    tcp_md5_set(l->fd, &p->conf.remote, p->conf.md5key) == -1) {
			rv = -1;
			continue;
		}
		md5keys[nmd5keys].addr = p->conf.remote;
		strcpy(md5keys[nmd5keys].key, p->conf.md5key);
		nmd5keys++;
	}
	return rv;
}

int
session_init(void)
{
	int r4, r6;

	if (timer_init(&t_linger, linger_timer, NULL) == -1)
		return -1;
	r4 = session_listen(&listen4, AF_INET);
	r6 = session_listen(&listen6, AF_INET6);
	if (r4 == -1 && r6 == -1)
		return -1;
	return 0;
}

struct peer *
session_peer_find(const struct bgp_addr *a)
{
	int i;

	for (i = 0; i < MAX_PEERS; i++)
		if (peers[i] && memcmp(&peers[i]->conf.remote, a,
		    sizeof(*a)) == 0)
			return peers[i];
	return NULL;
}

struct peer *
session_peer_new(const struct peer_config *pc)
{
	struct peer *p;
	int i;

	for (i = 0; i < MAX_PEERS; i++)
		if (peers[i] == NULL)
			break;
	if (i == MAX_PEERS) {
		log_warnx("%s: too many neighbors", __func__);
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		log_warn("%s", __func__);
		return NULL;
	}
	p->conf = *pc;
	p->idx = i;
	p->idle_hold = IDLE_HOLD_INITIAL;
	p->retry_mult = 1;
	if (timer_init(&p->t_connretry, t_connretry_cb, p) == -1 ||
	    timer_init(&p->t_hold, t_hold_cb, p) == -1 ||
	    timer_init(&p->t_keepalive, t_keepalive_cb, p) == -1 ||
	    timer_init(&p->t_idlehold, t_idlehold_cb, p) == -1) {
		timer_free(&p->t_connretry);
		timer_free(&p->t_hold);
		timer_free(&p->t_keepalive);
		timer_free(&p->t_idlehold);
		free(p);
		return NULL;
	}
	peers[i] = p;
	p->state = STATE_IDLE;
	p->since = getmonotime();
	session_listen_update();
	session_fsm(p, EVNT_START);
	return p;
}

void
session_peer_remove(struct peer *p, uint8_t subcode)
{
	if (p->c && p->state >= STATE_OPENSENT)
		session_notify(p, p->c, ERR_CEASE, subcode, NULL, 0);
	p->removed = 1;
	change_state(p, STATE_IDLE, EVNT_STOP);
	timer_free(&p->t_connretry);
	timer_free(&p->t_hold);
	timer_free(&p->t_keepalive);
	timer_free(&p->t_idlehold);
	peers[p->idx] = NULL;
	session_listen_update();
	free(p->outq);
	p->dead_next = deadpeers;
	deadpeers = p;
}

/* a changed neighbor: reset it with Cease/6 and start over */
void
session_peer_update(struct peer *p, const struct peer_config *pc)
{
	log_peer(p, "configuration changed, resetting");
	if (p->c && p->state >= STATE_OPENSENT)
		session_notify(p, p->c, ERR_CEASE, ERR_CEASE_CONFIG_CHANGE,
		    NULL, 0);
	change_state(p, STATE_IDLE, EVNT_STOP);
	p->conf = *pc;
	session_listen_update();
	p->idle_hold = IDLE_HOLD_INITIAL;
	p->maxpfx_idle = 0;
	session_fsm(p, EVNT_START);
}

void
session_clear(struct peer *p, int soft)
{
	uint8_t m[BGP_MAX_LEN], aid;
	int n;

	if (soft) {
		if (p->state != STATE_ESTABLISHED)
			return;
		for (aid = AID_INET; aid < AID_MAX; aid++) {
			if (!(p->aids & AID_BIT(aid)))
				continue;
			if (p->refresh) {
				n = bgp_build_rrefresh(m, sizeof(m), aid);
				session_send(p, p->c, m, (size_t)n);
			}
			rde_refresh(p, aid);
		}
		log_peer(p, "soft reset");
		return;
	}
	if (p->c && p->state >= STATE_OPENSENT)
		session_notify(p, p->c, ERR_CEASE, ERR_CEASE_ADMIN_RESET, NULL,
		    0);
	change_state(p, STATE_IDLE, EVNT_STOP);
	p->idle_hold = IDLE_HOLD_INITIAL;
	p->maxpfx_idle = 0;
	timer_set(&p->t_idlehold, 0);
	session_fsm(p, EVNT_START);
}

/*
 * kroute.c: a device can carry traffic again (carrier back, set up).
 * Sessions bound to it that wait to connect try now rather than after
 * ConnectRetryTime (30 s by default, doubling): a VIF whose carrier BFD
 * held down has its BGP back as soon as it is usable.
 */
void
session_link_up(int ifindex)
{
	char name[IF_NAMESIZE];
	int i;

	if (if_indextoname((unsigned int)ifindex, name) == NULL)
		return;
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || p->conf.passive || p->conf.ifname[0] == '\0' ||
		    strcmp(p->conf.ifname, name) != 0 ||
		    (p->state != STATE_ACTIVE && p->state != STATE_CONNECT))
			continue;
		log_peer(p, "%s is up: connecting now", name);
		session_quick_start(p);
		session_fsm(p, EVNT_TIMER_CONNRETRY);
	}
}

/*
 * kroute.c: a device went away.  A session over it is bound to an ifindex
 * that is gone (SO_BINDTODEVICE, the nexthops of its paths): it cannot
 * send again, so it ends now rather than at the hold timer, and starts
 * over on the device that may take the name (a VIF re-created).
 */
void
session_link_gone(int ifindex)
{
	int i;

	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || p->ifindex != ifindex ||
		    p->state < STATE_OPENSENT)
			continue;
		log_peer(p, "its interface is gone: session reset");
		/* nothing can leave: no lingering close */
		if (p->c)
			p->c->dev_gone = 1;
		if (p->c2)
			p->c2->dev_gone = 1;
		change_state(p, STATE_IDLE, EVNT_CON_FATAL);
	}
}

/* bfd.c: the neighbor's BFD session went Down (from Up) */
void
session_bfd_down(struct peer *p)
{
	session_fsm(p, EVNT_BFD_DOWN);
}

/* bfd.c: BFD no longer holds the session: start it now if it is idle */
void
session_bfd_release(struct peer *p)
{
	if (p->state == STATE_IDLE) {
		p->idle_hold = IDLE_HOLD_INITIAL;
		session_quick_start(p);
		session_fsm(p, EVNT_START);
	}
}

/*
 * A failover test takes the session down: Cease/Administrative Shutdown
 * with a shutdown communication (RFC 9003: a length octet and UTF-8), then
 * Idle, held there by ftest_holds() until session_admin_up().
 */
void
session_admin_down(struct peer *p, const char *msg)
{
	uint8_t data[256];
	size_t len = strlen(msg);

	if (len > 255)
		len = 255;
	data[0] = (uint8_t)len;
	memcpy(data + 1, msg, len);
	if (p->c && p->state >= STATE_OPENSENT)
		session_notify(p, p->c, ERR_CEASE, ERR_CEASE_ADMIN_DOWN, data,
		    len + 1);
	if (p->state > STATE_IDLE)
		change_state(p, STATE_IDLE, EVNT_STOP);
	timer_set(&p->t_idlehold, 0);
}

void
session_admin_up(struct peer *p)
{
	if (p->state == STATE_IDLE) {
		p->idle_hold = IDLE_HOLD_INITIAL;
		session_fsm(p, EVNT_START);
	}
}

void
session_flush_all(void)
{
	size_t i;

	while (deadconns) {
		struct conn *c = deadconns;

		deadconns = c->dead_next;
		free(c);
	}
	while (deadpeers) {
		struct peer *p = deadpeers;

		deadpeers = p->dead_next;
		free(p);
	}
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p && p->c && p->c->w.len && !p->c->connecting &&
		    conn_flush(p->c) == -1) {
			log_peer(p, "write: %s", strerror(errno));
			session_fsm(p, EVNT_CON_CLOSED);
		}
	}
}

void
session_shutdown(void)
{
	int i;

	for (i = 0; i < MAX_PEERS; i++)
		if (peers[i])
			session_peer_remove(peers[i], ERR_CEASE_ADMIN_DOWN);
	session_flush_all();
	ev_del(&listen4);
	ev_del(&listen6);
}
