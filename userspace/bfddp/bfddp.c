// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif-bfddp: FRR bfdd's distributed data plane, in the dcvif module.
 *
 * bfdd --dplaneaddr unix:PATH listens; this program connects and runs every
 * BFD session bfdd hands it (DP_ADD_SESSION) as a kernel session of the
 * dcvif genl family, on the VIF bfdd names, and tells bfdd every state
 * change the kernel reports on its "monitor" group (BFD_STATE_CHANGE), so
 * that bfdd, and bgpd through zebra, see the kernel's sessions.
 *
 * The kernel sessions outlive the connection: when bfdd goes away they keep
 * running (and keep driving the VIF's carrier); when it comes back and adds
 * a session with the same interface and peer, the running session is
 * adopted, its parameters changed in place, and its state told to bfdd at
 * once, so a restart of bfdd or of this program flaps nothing.  A session
 * bfdd does not add back within the grace time after it reconnected is
 * deleted, as is one it deletes (after a short delay: bfdd 8.4 on SIGTERM
 * deletes its sessions and closes; a delete followed by a close is a
 * shutdown, not a delete).  Which kernel sessions are this program's is kept
 * in a state file, so that it can itself restart.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dcvif_genl.h"
#include "proto.h"

#define DEFAULT_SOCK	"/run/frr/bfdd-dplane.sock"
#define DEFAULT_STATE	"/run/dcvif-bfddp/sessions"
#define DELETE_DELAY_MS	500
#define WBUF_SIZE	(256 * 1024)
#define RBUF_SIZE	(4 * BFDDP_MSG_MAX)

/* RFC 5880 diag 5, Path Down: what bfdd is told of a session refused */
#define DIAG_PATH_DOWN	5

struct sess {
	struct sess	*next;
	uint32_t	 lid;		/* bfdd's discriminator, 0: not (yet) added */
	int		 kernel;	/* a kernel session runs for it */
	int		 owned;		/* ours to delete: in the state file */
	int		 refused;	/* bfdd's session, not run in the kernel */
	int64_t		 del_at;	/* ms: delete then, 0: not deleted */
	struct dcvif_bfd k;		/* key, parameters, last known state */
	/* Echo as bfdd asked (k has what the kernel took), retried then */
	uint32_t	 want_echo_tx, want_echo_rx;
	int64_t		 echo_retry_at;	/* ms, 0: k has what bfdd asked */
	char		 ifname[IF_NAMESIZE];
	char		 peer_s[INET6_ADDRSTRLEN];
};

static struct {
	const char	*sock_path;
	const char	*state_path;
	int		 grace_s;
	int		 retry_ms;
	int		 coupling;
	int		 debug;
} opt = {
	.sock_path = DEFAULT_SOCK, .state_path = DEFAULT_STATE,
	.grace_s = 30, .retry_ms = 1000, .coupling = 1,
};

static struct genl	 g;		/* requests */
static struct genl	 mon;		/* the monitor group */
static struct sess	*sessions;
static int		 fd = -1;	/* to bfdd */
static uint8_t		 version = 1;	/* bfdd's, echoed in what we send */
static uint8_t		 rbuf[RBUF_SIZE];
static size_t		 rlen;
static uint8_t		*wbuf;
static size_t		 wlen;
static int64_t		 retry_at;	/* ms, while not connected */
static int64_t		 grace_at;	/* ms, 0: no grace period running */
static int		 down_logged;
static volatile sig_atomic_t quit;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void __attribute__((format(printf, 2, 3)))
logm(const char *level, const char *fmt, ...)
{
	struct timespec ts;
	struct tm tm;
	va_list ap;

	if (!strcmp(level, "debug") && !opt.debug)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%02d:%02d:%02d.%03ld %s: ", tm.tm_hour, tm.tm_min,
		tm.tm_sec, ts.tv_nsec / 1000000, level);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#define log_info(...)	logm("info", __VA_ARGS__)
#define log_warn(...)	logm("warning", __VA_ARGS__)
#define log_err(...)	logm("error", __VA_ARGS__)
#define log_debug(...)	logm("debug", __VA_ARGS__)

static int alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

static void sess_names(struct sess *s)
{
	if (if_indextoname(s->k.ifindex, s->ifname) == NULL)
		snprintf(s->ifname, sizeof(s->ifname), "if%u", s->k.ifindex);
	inet_ntop(s->k.family, s->k.peer, s->peer_s, sizeof(s->peer_s));
}

static struct sess *sess_by_lid(uint32_t lid)
{
	struct sess *s;

	for (s = sessions; s != NULL; s = s->next)
		if (lid != 0 && s->lid == lid)
			return s;
	return NULL;
}

static struct sess *sess_by_key(uint32_t ifindex, int family,
				const uint8_t *peer)
{
	struct sess *s;

	for (s = sessions; s != NULL; s = s->next)
		if (s->kernel && s->k.ifindex == ifindex &&
		    s->k.family == family &&
		    !memcmp(s->k.peer, peer, (size_t)alen(family)))
			return s;
	return NULL;
}

static void sess_free(struct sess *x)
{
	struct sess **p;

	for (p = &sessions; *p != NULL; p = &(*p)->next)
		if (*p == x) {
			*p = x->next;
			free(x);
			return;
		}
}

/* --- the state file: the kernel sessions that are ours ------------------ */

static void state_save(void)
{
	char tmp[4096], local[INET6_ADDRSTRLEN];
	struct sess *s;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", opt.state_path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		log_err("state file %s: %s", tmp, strerror(errno));
		return;
	}
	fprintf(f, "# dcvif-bfddp: kernel BFD sessions it runs for bfdd\n"
		"# ifindex family peer local\n");
	for (s = sessions; s != NULL; s = s->next)
		if (s->kernel && s->owned)
			fprintf(f, "%u %s %s %s\n", s->k.ifindex,
				s->k.family == AF_INET ? "inet" : "inet6",
				s->peer_s, inet_ntop(s->k.family, s->k.local,
						     local, sizeof(local)));
	if (fclose(f) != 0 || rename(tmp, opt.state_path) != 0)
		log_err("state file %s: %s", opt.state_path, strerror(errno));
}

/* --- the kernel --------------------------------------------------------- */

struct kget {
	struct dcvif_bfd b;
	uint64_t tx_packets, rx_packets, echo_tx_packets, echo_rx_packets;
	int found;
};

static int kget_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	const struct nlattr *st[DCVIF_A_BFD_STATS_MAX + 1];
	struct kget *r = data;

	if (dcvif_bfd_parse(nlh, &r->b) < 0)
		return MNL_CB_ERROR;
	r->found = 1;
	if (genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) == 0 &&
	    tb[DCVIF_A_BFD_STATS] != NULL &&
	    genl_parse(nlh, tb[DCVIF_A_BFD_STATS], dcvif_bfd_stats_attrs,
		       DCVIF_A_BFD_STATS_MAX, st) == 0) {
		if (st[DCVIF_A_BFD_STATS_TX_PACKETS] != NULL)
			r->tx_packets = mnl_attr_get_u64(st[DCVIF_A_BFD_STATS_TX_PACKETS]);
		if (st[DCVIF_A_BFD_STATS_RX_PACKETS] != NULL)
			r->rx_packets = mnl_attr_get_u64(st[DCVIF_A_BFD_STATS_RX_PACKETS]);
		if (st[DCVIF_A_BFD_STATS_ECHO_TX_PACKETS] != NULL)
			r->echo_tx_packets =
				mnl_attr_get_u64(st[DCVIF_A_BFD_STATS_ECHO_TX_PACKETS]);
		if (st[DCVIF_A_BFD_STATS_ECHO_RX_PACKETS] != NULL)
			r->echo_rx_packets =
				mnl_attr_get_u64(st[DCVIF_A_BFD_STATS_ECHO_RX_PACKETS]);
	}
	return MNL_CB_OK;
}

/* The kernel session ifindex + peer: 1 found, 0 none, -1 error (logged). */
static int kget(uint32_t ifindex, int family, const uint8_t *peer,
		struct kget *r)
{
	struct nlmsghdr *nlh;

	memset(r, 0, sizeof(*r));
	nlh = genl_msg(&g, DCVIF_CMD_BFD_GET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, ifindex);
	mnl_attr_put(nlh, family == AF_INET ? DCVIF_A_BFD_PEER_V4 :
		     DCVIF_A_BFD_PEER_V6, (size_t)alen(family), peer);
	if (genl_talk(&g, nlh, kget_cb, r, "bfd get") < 0) {
		if (g.err == ENOENT || g.err == ENODEV)
			return 0;
		log_err("kernel: %s", g.errmsg);
		return -1;
	}
	return r->found;
}

/* --- bfdd --------------------------------------------------------------- */

static void bfdd_close(const char *why);

static void bfdd_flush(void)
{
	ssize_t n;

	while (wlen > 0) {
		n = write(fd, wbuf, wlen);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			bfdd_close(strerror(errno));
			return;
		}
		memmove(wbuf, wbuf + n, wlen - (size_t)n);
		wlen -= (size_t)n;
	}
}

static void bfdd_send(struct bfddp_msg *m)
{
	int n;

	if (fd < 0)
		return;
	m->version = version;
	if (WBUF_SIZE - wlen < BFDDP_MSG_MAX) {
		bfdd_close("bfdd reads nothing: output buffer full");
		return;
	}
	n = bfddp_encode(m, wbuf + wlen, WBUF_SIZE - wlen);
	if (n < 0)
		return;
	wlen += (size_t)n;
	bfdd_flush();
}

static void report_state(struct sess *s, uint8_t state, uint8_t diag)
{
	struct bfddp_msg m = { .type = BFDDP_STATE_CHANGE };

	if (s->lid == 0)
		return;
	m.u.state.lid = s->lid;
	m.u.state.rid = s->k.remote_discr;
	m.u.state.required_echo_rx = s->k.remote_echo_rx;
	m.u.state.state = state;
	m.u.state.diag = diag;
	log_debug("bfdd: state of lid %u (%s %s): %s", s->lid, s->ifname,
		  s->peer_s, bfddp_state_str(state));
	bfdd_send(&m);
}

static void report_kernel_state(struct sess *s)
{
	report_state(s, s->k.state, s->k.remote_diag);
}

/* --- sessions ----------------------------------------------------------- */

static int addr_zero(const uint8_t *a, int len)
{
	int i;

	for (i = 0; i < len; i++)
		if (a[i] != 0)
			return 0;
	return 1;
}

/* Does a (len bytes) lie in the prefix of b / plen? */
static int in_prefix(const uint8_t *a, const uint8_t *b, int plen)
{
	int i;

	for (i = 0; plen > 0; i++, plen -= 8) {
		uint8_t mask = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));

		if ((a[i] & mask) != (b[i] & mask))
			return 0;
	}
	return 1;
}

static int prefix_len(const struct sockaddr *nm, int family)
{
	const uint8_t *m = family == AF_INET ?
		(const uint8_t *)&((const struct sockaddr_in *)nm)->sin_addr :
		(const uint8_t *)&((const struct sockaddr_in6 *)nm)->sin6_addr;
	int i, n = 0;

	for (i = 0; i < alen(family); i++)
		n += __builtin_popcount(m[i]);
	return n;
}

/*
 * Fill what bfdd left out: the interface (the one with the peer on a
 * connected prefix) and the local address (the interface's address on the
 * peer's prefix).  Returns NULL or why not.
 */
static const char *resolve(struct dcvif_bfd *k, int need_ifindex,
			   int need_local)
{
	struct ifaddrs *ifa0, *ifa;
	const char *why = NULL;
	int found_if = !need_ifindex, found_local = !need_local;

	if (getifaddrs(&ifa0) < 0)
		return strerror(errno);
	for (ifa = ifa0; ifa != NULL; ifa = ifa->ifa_next) {
		const uint8_t *a;
		unsigned int idx;
		int plen;

		if (ifa->ifa_addr == NULL || ifa->ifa_netmask == NULL ||
		    ifa->ifa_addr->sa_family != k->family)
			continue;
		idx = if_nametoindex(ifa->ifa_name);
		a = k->family == AF_INET ?
			(const uint8_t *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr :
			(const uint8_t *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		plen = prefix_len(ifa->ifa_netmask, k->family);
		if (!in_prefix(k->peer, a, plen) || !memcmp(a, k->peer, (size_t)alen(k->family)))
			continue;
		if (!found_if) {
			k->ifindex = idx;
			found_if = 1;
		}
		if (!found_local && idx == k->ifindex) {
			memcpy(k->local, a, (size_t)alen(k->family));
			found_local = 1;
		}
	}
	freeifaddrs(ifa0);
	if (!found_if)
		why = "bfdd named no interface and none has the peer on a connected prefix";
	else if (!found_local)
		why = "bfdd gave no source address and the interface has none on the peer's prefix";
	return why;
}

/*
 * bfdd's session as kernel parameters in k.  Returns NULL, or why the
 * kernel cannot run it (the refusal bfdd and the log are told).
 */
static const char *translate(const struct bfddp_session *d, struct dcvif_bfd *k,
			     char *why, size_t whylen)
{
	const char *r;

	memset(k, 0, sizeof(*k));
	if (d->flags & BFDDP_F_MULTIHOP)
		return "multihop: the kernel runs single-hop BFD (RFC 5881) on a VIF only";
	k->family = d->flags & BFDDP_F_IPV6 ? AF_INET6 : AF_INET;
	memcpy(k->peer, d->dst, (size_t)alen(k->family));
	memcpy(k->local, d->src, (size_t)alen(k->family));
	if (addr_zero(k->peer, alen(k->family)))
		return "no peer address";
	if (d->ifname[0] != 0) {
		k->ifindex = if_nametoindex(d->ifname);
		if (k->ifindex == 0) {
			snprintf(why, whylen, "interface %s: %s", d->ifname,
				 strerror(errno));
			return why;
		}
	}
	if (d->min_tx < DCVIF_BFD_INTERVAL_MIN || d->min_rx < DCVIF_BFD_INTERVAL_MIN) {
		snprintf(why, whylen, "interval %u/%u us below the kernel's floor of %u us",
			 d->min_tx, d->min_rx, DCVIF_BFD_INTERVAL_MIN);
		return why;
	}
	if (d->detect_mult == 0)
		return "detection multiplier 0";
	if (k->ifindex == 0 || addr_zero(k->local, alen(k->family))) {
		r = resolve(k, k->ifindex == 0, addr_zero(k->local, alen(k->family)));
		if (r != NULL)
			return r;
	}
	k->desired_min_tx = d->min_tx;
	k->required_min_rx = d->min_rx;
	k->detect_mult = d->detect_mult;
	k->passive = !!(d->flags & BFDDP_F_PASSIVE);
	k->admin_down = !!(d->flags & BFDDP_F_SHUTDOWN);
	k->carrier_coupling = (uint8_t)opt.coupling;
	/*
	 * bfdd's echo-mode: the kernel sends Echo packets at bfdd's
	 * echo-transmit-interval and, with echo-receive-interval not
	 * disabled, advertises it and loops the peer's Echo packets by
	 * forwarding. Without echo-mode, neither. What the kernel refuses
	 * (forwarding off on the VIF) is dropped in kcreate()/kset(), with
	 * the session kept: Echo is an addition, not a condition of the
	 * session.
	 */
	if (d->flags & BFDDP_F_ECHO) {
		k->echo_tx = d->min_echo_tx;
		k->echo_rx = d->min_echo_rx;
		if (k->echo_tx != 0 && k->echo_tx < DCVIF_BFD_INTERVAL_MIN)
			k->echo_tx = DCVIF_BFD_INTERVAL_MIN;
		if (k->echo_rx != 0 && k->echo_rx < DCVIF_BFD_INTERVAL_MIN)
			k->echo_rx = DCVIF_BFD_INTERVAL_MIN;
	}
	return NULL;
}

/* Would changing a into b need a new kernel session? */
static int same_key(const struct dcvif_bfd *a, const struct dcvif_bfd *b)
{
	return a->ifindex == b->ifindex && a->family == b->family &&
	       !memcmp(a->peer, b->peer, (size_t)alen(a->family)) &&
	       !memcmp(a->local, b->local, (size_t)alen(a->family)) &&
	       a->passive == b->passive;
}

static unsigned int diff_fields(const struct dcvif_bfd *a, const struct dcvif_bfd *b)
{
	unsigned int f = 0;

	if (a->desired_min_tx != b->desired_min_tx)
		f |= DCVIF_BFD_F_TX;
	if (a->required_min_rx != b->required_min_rx)
		f |= DCVIF_BFD_F_RX;
	if (a->detect_mult != b->detect_mult)
		f |= DCVIF_BFD_F_MULT;
	if (a->admin_down != b->admin_down)
		f |= DCVIF_BFD_F_ADMIN;
	if (a->carrier_coupling != b->carrier_coupling)
		f |= DCVIF_BFD_F_COUPLING;
	if (a->echo_tx != b->echo_tx)
		f |= DCVIF_BFD_F_ECHO_TX;
	if (a->echo_rx != b->echo_rx)
		f |= DCVIF_BFD_F_ECHO_RX;
	return f;
}

static void kdel(struct sess *s, const char *why)
{
	if (!s->kernel)
		return;
	if (dcvif_bfd_del(&g, &s->k) < 0 && g.err != ENOENT)
		log_err("%s %s: kernel session not deleted: %s", s->ifname,
			s->peer_s, g.errmsg);
	else
		log_info("%s %s: kernel session deleted (%s)", s->ifname,
			 s->peer_s, why);
	s->kernel = 0;
	s->owned = 0;
}

static void refuse(struct sess *s, uint32_t lid, const struct bfddp_session *d,
		   const char *why)
{
	char peer[INET6_ADDRSTRLEN];

	inet_ntop(d->flags & BFDDP_F_IPV6 ? AF_INET6 : AF_INET, d->dst, peer,
		  sizeof(peer));
	log_warn("bfdd session lid %u (%s %s) refused: %s; told bfdd Down, "
		 "diagnostic Path Down", lid, d->ifname[0] ? d->ifname : "-",
		 peer, why);
	if (s->kernel)
		kdel(s, "bfdd changed it to what the kernel cannot run");
	s->refused = 1;
	s->lid = lid;
	s->del_at = 0;
	report_state(s, BFDDP_STATE_DOWN, DIAG_PATH_DOWN);
}

/*
 * The kernel refused Echo for s: logged with the kernel's reason, and k
 * stepped down to what it may still take. Receiving Echo is what the
 * kernel refuses while the VIF does not forward; sending it needs nothing
 * of the VIF. So first without echo-rx, then without Echo at all; 0 when
 * there is a step left, -1 when k has no Echo to drop.
 */
static int echo_step_down(struct sess *s, struct dcvif_bfd *k)
{
	/* the kernel names the attribute it refuses ("echo-rx-interval: ...") */
	if (strstr(g.errmsg, "echo-") == NULL)
		return -1;
	if (k->echo_rx != 0) {
		log_warn("%s %s: echo-rx-interval %u us refused by the kernel: %s; "
			 "the peer's Echo packets are not looped", s->ifname,
			 s->peer_s, k->echo_rx, g.errmsg);
		k->echo_rx = 0;
		return 0;
	}
	if (k->echo_tx != 0) {
		log_warn("%s %s: echo-tx-interval %u us refused by the kernel: %s; "
			 "the session runs control packets only", s->ifname,
			 s->peer_s, k->echo_tx, g.errmsg);
		k->echo_tx = 0;
		return 0;
	}
	return -1;
}

#define ECHO_RETRY_MS	5000

static void echo_retry_arm(struct sess *s)
{
	if (s->k.echo_tx != s->want_echo_tx || s->k.echo_rx != s->want_echo_rx)
		s->echo_retry_at = now_ms() + ECHO_RETRY_MS;
	else
		s->echo_retry_at = 0;
}

/*
 * Changes the kernel session s to k; 0, or -1 with the kernel's reason.
 * Echo is an addition bfdd asks for, not a condition of the session: what
 * of it the kernel refuses is dropped (echo_step_down()) and the rest is
 * applied.
 */
static int kset(struct sess *s, const struct dcvif_bfd *k)
{
	struct dcvif_bfd n = s->k;
	unsigned int f;

	n.desired_min_tx = k->desired_min_tx;
	n.required_min_rx = k->required_min_rx;
	n.detect_mult = k->detect_mult;
	n.admin_down = k->admin_down;
	n.carrier_coupling = k->carrier_coupling;
	n.echo_tx = k->echo_tx;
	n.echo_rx = k->echo_rx;
	s->want_echo_tx = k->echo_tx;
	s->want_echo_rx = k->echo_rx;
	s->echo_retry_at = 0;
	for (;;) {
		f = diff_fields(&s->k, &n);
		if (f == 0)
			break;
		if (dcvif_bfd_set(&g, &n, f) == 0)
			break;
		if (!(f & (DCVIF_BFD_F_ECHO_TX | DCVIF_BFD_F_ECHO_RX)) ||
		    echo_step_down(s, &n) < 0)
			return -1;
	}
	if (f == 0) {
		s->k = n;
		echo_retry_arm(s);
		return 0;
	}
	log_info("%s %s: changed in place: tx %u rx %u us, mult %u%s, echo tx %u rx %u us",
		 s->ifname, s->peer_s, n.desired_min_tx, n.required_min_rx,
		 n.detect_mult, n.admin_down ? ", admin down" : "", n.echo_tx,
		 n.echo_rx);
	s->k = n;
	echo_retry_arm(s);
	return 0;
}

/* Creates the kernel session k for s; 0, or -1 with the kernel's reason. */
static int kcreate(struct sess *s, struct dcvif_bfd *k)
{
	s->want_echo_tx = k->echo_tx;
	s->want_echo_rx = k->echo_rx;
	s->echo_retry_at = 0;
	while (dcvif_bfd_new(&g, k) < 0)
		if (echo_step_down(s, k) < 0)
			return -1;
	s->k.echo_tx = k->echo_tx;
	s->k.echo_rx = k->echo_rx;
	echo_retry_arm(s);
	return 0;
}

/*
 * The Echo bfdd asked for and the kernel refused (forwarding was off),
 * asked again every ECHO_RETRY_MS, so that turning forwarding on is
 * enough; quiet until it is taken.
 */
static void echo_retry(struct sess *s)
{
	struct dcvif_bfd n = s->k;
	unsigned int f;

	s->echo_retry_at = 0;
	if (!s->kernel)
		return;
	n.echo_tx = s->want_echo_tx;
	n.echo_rx = s->want_echo_rx;
	f = diff_fields(&s->k, &n);
	if (f == 0)
		return;
	if (dcvif_bfd_set(&g, &n, f) < 0) {
		log_debug("%s %s: echo still refused: %s", s->ifname, s->peer_s,
			  g.errmsg);
		echo_retry_arm(s);
		return;
	}
	log_info("%s %s: echo as bfdd asked now taken by the kernel: tx %u rx %u us",
		 s->ifname, s->peer_s, n.echo_tx, n.echo_rx);
	s->k = n;
}

static void on_add(const struct bfddp_msg *m)
{
	const struct bfddp_session *d = &m->u.session;
	struct sess *s, *o;
	struct dcvif_bfd k;
	struct kget r;
	const char *r_why;
	char why[160];
	int ret;

	s = sess_by_lid(d->lid);
	if (s != NULL)
		s->del_at = 0;
	r_why = translate(d, &k, why, sizeof(why));
	if (r_why != NULL) {
		if (s == NULL) {
			s = calloc(1, sizeof(*s));
			if (s == NULL)
				return;
			s->next = sessions;
			sessions = s;
		}
		refuse(s, d->lid, d, r_why);
		state_save();
		return;
	}
	if (d->flags & BFDDP_F_DEMAND)
		log_warn("bfdd session lid %u: demand mode asked; the kernel "
			 "runs asynchronous mode only", d->lid);

	if (s != NULL && s->kernel && same_key(&s->k, &k)) {
		if (kset(s, &k) < 0)
			log_err("%s %s: change refused by the kernel: %s",
				s->ifname, s->peer_s, g.errmsg);
		return;
	}
	if (s != NULL && s->kernel)
		kdel(s, "bfdd moved it to another interface or address");

	/* A running kernel session with this interface and peer: adopt it. */
	o = sess_by_key(k.ifindex, k.family, k.peer);
	if (o != NULL && o != s) {
		/* bfdd re-keys a session by deleting it and adding it again */
		if (o->lid != 0 && o->del_at != 0)
			log_info("%s %s: bfdd replaced lid %u by lid %u: kept running",
				 o->ifname, o->peer_s, o->lid, d->lid);
		else if (o->lid != 0)
			log_warn("%s %s: bfdd added lid %u for the session of lid %u",
				 o->ifname, o->peer_s, d->lid, o->lid);
		if (s != NULL)
			sess_free(s);
		s = o;
	}
	if (s == NULL) {
		s = calloc(1, sizeof(*s));
		if (s == NULL)
			return;
		s->next = sessions;
		sessions = s;
	}
	s->lid = d->lid;
	s->refused = 0;
	s->del_at = 0;
	if (!s->kernel) {
		ret = kget(k.ifindex, k.family, k.peer, &r);
		if (ret > 0) {
			s->k = r.b;
			s->kernel = 1;
		}
	}
	if (s->kernel && same_key(&s->k, &k)) {
		sess_names(s);
		s->owned = 1;
		if (kset(s, &k) < 0)
			log_err("%s %s: change refused by the kernel: %s",
				s->ifname, s->peer_s, g.errmsg);
		log_info("%s %s: adopted the running kernel session for bfdd "
			 "lid %u, %s", s->ifname, s->peer_s, s->lid,
			 bfddp_state_str(s->k.state));
		report_kernel_state(s);
		state_save();
		return;
	}
	if (s->kernel) {
		sess_names(s);
		s->owned = 1;
		kdel(s, "its local address or passive mode differs from bfdd's");
	}
	s->k = k;
	sess_names(s);
	if (kcreate(s, &k) < 0) {
		refuse(s, d->lid, d, g.errmsg);
		state_save();
		return;
	}
	s->kernel = 1;
	s->owned = 1;
	s->k.state = DCVIF_BFD_STATE_DOWN;
	log_info("%s %s: kernel session created for bfdd lid %u: tx %u rx %u us, mult %u%s%s%s",
		 s->ifname, s->peer_s, s->lid, k.desired_min_tx, k.required_min_rx,
		 k.detect_mult, k.passive ? ", passive" : "",
		 k.admin_down ? ", admin down" : "",
		 k.echo_tx || k.echo_rx ? ", echo" : "");
	state_save();
}

static void on_delete(const struct bfddp_msg *m)
{
	struct sess *s = sess_by_lid(m->u.session.lid);

	if (s == NULL) {
		log_warn("bfdd deleted lid %u, which it never added",
			 m->u.session.lid);
		return;
	}
	if (!s->kernel) {
		sess_free(s);
		return;
	}
	s->del_at = now_ms() + DELETE_DELAY_MS;
}

static void on_counters(const struct bfddp_msg *m)
{
	struct bfddp_msg a = { .type = BFDDP_SESSION_COUNTERS, .id = m->id };
	struct sess *s = sess_by_lid(m->u.counters_lid);
	struct kget r;

	/* bfdd 8.4 spins until the answer comes: always answer. */
	a.u.counters.lid = m->u.counters_lid;
	if (s != NULL && s->kernel &&
	    kget(s->k.ifindex, s->k.family, s->k.peer, &r) > 0) {
		a.u.counters.ctl_in_packets = r.rx_packets;
		a.u.counters.ctl_out_packets = r.tx_packets;
		/* our Echo packets go out and come back to us */
		a.u.counters.echo_out_packets = r.echo_tx_packets;
		a.u.counters.echo_in_packets = r.echo_rx_packets;
	}
	bfdd_send(&a);
}

static void on_message(const uint8_t *buf, size_t len)
{
	struct bfddp_msg m, a;
	struct timespec ts;
	const char *why;

	if (bfddp_decode(buf, len, &m, &why) < 0) {
		log_err("bfdd sent a bad message (version %u type %u length %zu): %s; skipped",
			buf[0], (buf[2] << 8) | buf[3], len, why);
		return;
	}
	if (m.version != version) {
		log_info("bfdd speaks protocol version %u", m.version);
		version = m.version;
	}
	log_debug("bfdd: %s id %u length %u", bfddp_type_str(m.type), m.id, m.length);
	switch (m.type) {
	case BFDDP_ADD_SESSION:
		on_add(&m);
		break;
	case BFDDP_DELETE_SESSION:
		on_delete(&m);
		break;
	case BFDDP_REQUEST_COUNTERS:
		on_counters(&m);
		break;
	case BFDDP_ECHO_REQUEST:
		memset(&a, 0, sizeof(a));
		a.type = BFDDP_ECHO_REPLY;
		a.id = m.id;
		a.u.echo.dp_time = m.u.echo.dp_time;
		clock_gettime(CLOCK_REALTIME, &ts);
		a.u.echo.bfdd_time = (uint64_t)ts.tv_sec * 1000000 +
				     (uint64_t)ts.tv_nsec / 1000;
		bfdd_send(&a);
		break;
	case BFDDP_ECHO_REPLY:
		break;
	default:
		log_err("bfdd sent %s, which only a data plane sends; skipped",
			bfddp_type_str(m.type));
	}
}

static void bfdd_read(void)
{
	const char *why;
	size_t off = 0;
	ssize_t n;
	int mlen;

	n = read(fd, rbuf + rlen, sizeof(rbuf) - rlen);
	if (n == 0) {
		bfdd_close("bfdd closed the connection");
		return;
	}
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			bfdd_close(strerror(errno));
		return;
	}
	rlen += (size_t)n;
	while (fd >= 0 && (mlen = bfddp_frame(rbuf + off, rlen - off, &why)) > 0) {
		on_message(rbuf + off, (size_t)mlen);
		off += (size_t)mlen;
	}
	if (fd >= 0 && mlen < 0) {
		char hex[3 * BFDDP_HDR_LEN + 1] = "";
		size_t i;

		for (i = 0; i < BFDDP_HDR_LEN && off + i < rlen; i++)
			snprintf(hex + 3 * i, 4, "%02x ", rbuf[off + i]);
		log_err("bfdd's stream cannot be framed at header %s: %s; "
			"reconnecting (bfdd sends every session again, the "
			"kernel sessions keep running)", hex, why);
		bfdd_close("unframed input");
		return;
	}
	memmove(rbuf, rbuf + off, rlen - off);
	rlen -= off;
}

static void bfdd_close(const char *why)
{
	struct sess *s, *next;
	int kept = 0;

	if (fd < 0)
		return;
	close(fd);
	fd = -1;
	rlen = wlen = 0;
	grace_at = 0;
	for (s = sessions; s != NULL; s = next) {
		next = s->next;
		if (!s->kernel) {
			sess_free(s);
			continue;
		}
		/* deleted just before the close: bfdd shutting down */
		s->del_at = 0;
		s->lid = 0;
		kept++;
	}
	log_warn("bfdd connection lost: %s; %d kernel session(s) keep running "
		 "until bfdd adds them back", why, kept);
	retry_at = now_ms() + opt.retry_ms;
	down_logged = 0;
}

static void bfdd_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s;

	retry_at = now_ms() + opt.retry_ms;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		log_err("socket: %s", strerror(errno));
		return;
	}
	strncpy(sun.sun_path, opt.sock_path, sizeof(sun.sun_path) - 1);
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		if (!down_logged)
			log_warn("bfdd not reachable at %s: %s; trying every %d ms",
				 opt.sock_path, strerror(errno), opt.retry_ms);
		down_logged = 1;
		close(s);
		return;
	}
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	fd = s;
	retry_at = 0;
	grace_at = now_ms() + (int64_t)opt.grace_s * 1000;
	log_info("connected to bfdd at %s", opt.sock_path);
}

/* --- kernel events ------------------------------------------------------ */

static int mon_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dcvif_bfd b;
	struct sess *s;

	(void)data;
	if (genl_cmd(nlh) != DCVIF_CMD_BFD_STATE_NTF)
		return MNL_CB_OK;
	if (dcvif_bfd_parse(nlh, &b) < 0) {
		log_err("kernel: malformed bfd-state-ntf skipped");
		return MNL_CB_OK;
	}
	s = sess_by_key(b.ifindex, b.family, b.peer);
	if (s == NULL)
		return MNL_CB_OK;
	s->k.state = b.state;
	s->k.remote_state = b.remote_state;
	s->k.remote_diag = b.remote_diag;
	s->k.remote_echo_rx = b.remote_echo_rx;
	s->k.echo_active = b.echo_active;
	s->k.diag = b.diag;
	if (b.remote_discr != 0)
		s->k.remote_discr = b.remote_discr;
	log_info("%s %s: kernel session %s%s", s->ifname, s->peer_s,
		 bfddp_state_str(b.state), s->lid ? "" : " (bfdd not told: not connected)");
	report_kernel_state(s);
	return MNL_CB_OK;
}

/* Events were lost: ask the kernel for the state of every session. */
static void resync(void)
{
	struct sess *s, *next;
	struct kget r;

	log_warn("kernel events lost (ENOBUFS): reading every session again");
	for (s = sessions; s != NULL; s = next) {
		next = s->next;
		if (!s->kernel)
			continue;
		if (kget(s->k.ifindex, s->k.family, s->k.peer, &r) == 0) {
			log_warn("%s %s: kernel session gone", s->ifname, s->peer_s);
			s->kernel = 0;
			report_state(s, BFDDP_STATE_DOWN, DIAG_PATH_DOWN);
			continue;
		}
		if (r.b.state != s->k.state) {
			s->k.state = r.b.state;
			s->k.remote_discr = r.b.remote_discr;
			s->k.remote_diag = r.b.remote_diag;
			report_kernel_state(s);
		}
	}
	state_save();
}

/* --- start-up: the sessions the state file says are ours ---------------- */

static void state_load(void)
{
	char line[256], fam[8], peer[64], local[64];
	unsigned int ifindex;
	struct sess *s;
	struct kget r;
	int family, n = 0;
	uint8_t pa[16];
	FILE *f;

	f = fopen(opt.state_path, "r");
	if (f == NULL) {
		if (errno != ENOENT)
			log_err("state file %s: %s", opt.state_path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%u %7s %63s %63s", &ifindex, fam, peer, local) != 4)
			continue;
		family = !strcmp(fam, "inet6") ? AF_INET6 : AF_INET;
		if (inet_pton(family, peer, pa) != 1)
			continue;
		if (kget(ifindex, family, pa, &r) <= 0)
			continue;
		s = calloc(1, sizeof(*s));
		if (s == NULL)
			break;
		s->k = r.b;
		s->kernel = 1;
		s->owned = 1;
		sess_names(s);
		s->next = sessions;
		sessions = s;
		n++;
	}
	fclose(f);
	log_info("state file: %d kernel session(s) of ours running, waiting for bfdd to add them", n);
	state_save();
}

/* --- main loop ---------------------------------------------------------- */

static void timers(void)
{
	int64_t now = now_ms();
	struct sess *s, *next;
	int changed = 0;

	for (s = sessions; s != NULL; s = next) {
		next = s->next;
		if (s->echo_retry_at != 0 && now >= s->echo_retry_at)
			echo_retry(s);
		if (s->del_at != 0 && now >= s->del_at) {
			kdel(s, "bfdd deleted it");
			sess_free(s);
			changed = 1;
		}
	}
	if (fd >= 0 && grace_at != 0 && now >= grace_at) {
		grace_at = 0;
		for (s = sessions; s != NULL; s = next) {
			next = s->next;
			if (s->lid != 0)
				continue;
			if (s->owned)
				kdel(s, "bfdd did not add it back within the grace time");
			sess_free(s);
			changed = 1;
		}
	}
	if (changed)
		state_save();
	if (fd < 0 && now >= retry_at)
		bfdd_connect();
}

static int next_timeout(void)
{
	int64_t now = now_ms(), t = now + 1000;
	struct sess *s;

	if (fd < 0 && retry_at < t)
		t = retry_at;
	if (fd >= 0 && grace_at != 0 && grace_at < t)
		t = grace_at;
	for (s = sessions; s != NULL; s = s->next) {
		if (s->del_at != 0 && s->del_at < t)
			t = s->del_at;
		if (s->echo_retry_at != 0 && s->echo_retry_at < t)
			t = s->echo_retry_at;
	}
	return t <= now ? 0 : (int)(t - now);
}

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dcvif-bfddp [-dC] [-a unix:PATH] [-s STATEFILE] [-g SECONDS] [-r MS]\n"
		"  -a  bfdd's --dplaneaddr (default unix:%s)\n"
		"  -s  state file of the kernel sessions it runs (default %s)\n"
		"  -g  grace time after (re)connecting for bfdd to add back its sessions (default 30)\n"
		"  -r  reconnect interval in ms (default 1000)\n"
		"  -C  kernel sessions without carrier coupling\n"
		"  -d  debug messages\n", DEFAULT_SOCK, DEFAULT_STATE);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd p[2];
	int c;

	while ((c = getopt(argc, argv, "a:s:g:r:Cdh")) != -1) {
		switch (c) {
		case 'a':
			if (!strncmp(optarg, "unix:", 5))
				optarg += 5;
			else if (strchr(optarg, ':') != NULL) {
				fprintf(stderr, "dcvif-bfddp: -a %s: only unix:PATH is supported\n",
					optarg);
				return 2;
			}
			opt.sock_path = optarg;
			break;
		case 's':
			opt.state_path = optarg;
			break;
		case 'g':
			opt.grace_s = atoi(optarg);
			break;
		case 'r':
			opt.retry_ms = atoi(optarg);
			if (opt.retry_ms < 10)
				opt.retry_ms = 10;
			break;
		case 'C':
			opt.coupling = 0;
			break;
		case 'd':
			opt.debug = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	wbuf = malloc(WBUF_SIZE);
	if (wbuf == NULL)
		return 1;
	if (genl_open(&g) < 0 || genl_open(&mon) < 0 || genl_subscribe(&mon) < 0) {
		fprintf(stderr, "dcvif-bfddp: %s\n", g.err ? g.errmsg : mon.errmsg);
		return 1;
	}
	fcntl(genl_fd(&mon), F_SETFL, fcntl(genl_fd(&mon), F_GETFL) | O_NONBLOCK);
	state_load();
	log_info("dcvif-bfddp started: bfdd at %s, grace %d s", opt.sock_path, opt.grace_s);
	bfdd_connect();
	while (!quit) {
		p[0].fd = genl_fd(&mon);
		p[0].events = POLLIN;
		p[1].fd = fd;
		p[1].events = POLLIN | (wlen > 0 ? POLLOUT : 0);
		if (poll(p, 2, next_timeout()) < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			break;
		}
		if (p[0].revents & POLLIN) {
			if (genl_read(&mon, mon_cb, NULL) < 0 && errno == ENOBUFS)
				resync();
		}
		if (fd >= 0 && (p[1].revents & POLLOUT))
			bfdd_flush();
		if (fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			bfdd_read();
		timers();
	}
	log_info("exiting; the kernel sessions keep running");
	state_save();
	if (fd >= 0)
		close(fd);
	genl_close(&mon);
	genl_close(&g);
	free(wbuf);
	return 0;
}
