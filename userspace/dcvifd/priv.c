// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege separation, in the manner of OpenBGPD.
 *
 * dcvifd started as root splits in two once its control sockets exist:
 *
 *   the engine (the child): the BGP sessions (every byte from the network
 *   is parsed here), the RIB and the decision, BFD and VIF management, the
 *   control sockets, the metrics listener.  It runs as the unprivileged
 *   user (-u, default "dcvifd"), with no capabilities, no_new_privs, and
 *   chrooted to its state directory, which holds nothing but its own
 *   failover-test state.  What needs privilege it asks of the parent.
 *
 *   the parent: uid 0 with CAP_NET_ADMIN and CAP_NET_BIND_SERVICE only.  It
 *   hands the engine, on request over a SOCK_SEQPACKET socketpair:
 *     - netlink sockets (lib/nlsock.h): one end of a socketpair per socket,
 *       whose other end the parent forwards to a netlink socket of its own,
 *       request by request, after checking each one by the socket's kind:
 *         NLSOCK_ROUTE  routes (RTM_NEWROUTE, RTM_DELROUTE) of dcvifd's
 *                       protocol (243) in the configured table; nexthop
 *                       objects of that protocol (RTM_NEWNEXTHOP, and
 *                       RTM_DELNEXTHOP of an object the kernel says is
 *                       ours); dumps
 *         NLSOCK_LINK   links of kind dcvif: created (NLM_F_EXCL, kind
 *                       dcvif), changed or deleted (the kernel is asked the
 *                       existing link's kind); any other link only set up
 *                       (IFF_UP and nothing else: the port under a VIF);
 *                       addresses on dcvif links; dumps
 *         NLSOCK_GENL   the dcvif family, the controller's GETFAMILY and
 *                       GETPOLICY (to resolve it), its "monitor" group
 *       A refused request is answered as the kernel answers, an NLMSG_ERROR
 *       of EPERM with an extended ACK saying why, and logged.
 *     - the listening sockets on TCP port 179;
 *     - the configuration file, opened (at SIGHUP), which the engine parses
 *       (the file is root's, mode 0600: the engine cannot open it).
 *
 *   So what a BGP message can reach, even one that took over the engine, is
 *   what the engine may ask: dcvifd's own routes in its own table, dcvif
 *   links, the dcvif family.  Not other routes, other links, addresses
 *   elsewhere, files.
 *
 * One engine, not OpenBGPD's session engine and route engine: both parse
 * what the network sends (the RDE the path attributes), neither holds a
 * privilege the other lacks, and the RDE's FIB changes go through the
 * parent's checks either way; two processes would add a copy of every
 * UPDATE over a socket and buy no barrier.  Written down in dcvifd(8).
 *
 * Signals go to the parent (systemd's MAINPID): SIGTERM, SIGINT and SIGHUP
 * are passed on to the engine; the parent exits when the engine has, with
 * its status.  The engine dies with the parent (PR_SET_PDEATHSIG), as after
 * kill -9.  Started as another user than root, or with -P, dcvifd stays one
 * process and does all itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libmnl/libmnl.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dcvifd.h"
#include "nlsock.h"
#include "privcheck.h"

enum priv_req_type {
	PRIV_OPEN = 1,		/* a netlink socket: kind, rxsize */
	PRIV_OPEN_MON,		/* rtnetlink for events, 8 MiB to queue them */
	PRIV_LISTEN,		/* port 179: address family */
	PRIV_CONFIG,		/* the configuration file, opened */
};

struct priv_req {
	uint32_t	type;
	uint32_t	arg;
	uint32_t	arg2;
};

struct priv_rep {
	int32_t		err;	/* 0, or an errno: no descriptor */
	uint32_t	portid;
};

int			 privsep;	/* the engine of a separated dcvifd */
static struct evh	 esig_ev = { .fd = -1 };	/* engine: signals */
static int		 psig_fd = -1;	/* parent: to pass them on */
int			 state_in_cwd;	/* its state directory is "." */
static int		 priv_fd = -1;	/* engine: its end to the parent */

/* ---------------------------------------------------------------- engine */

static int
priv_send_req(uint32_t type, uint32_t arg, uint32_t arg2, uint32_t *portid)
{
	struct priv_req req = { .type = type, .arg = arg, .arg2 = arg2 };
	struct priv_rep rep;
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &rep, .iov_len = sizeof(rep) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	ssize_t n;
	int fd = -1;

	if (send(priv_fd, &req, sizeof(req), 0) != sizeof(req))
		fatal("privsep: request to the parent");
	do
		n = recvmsg(priv_fd, &msg, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n != sizeof(rep))
		fatalx("privsep: the parent is gone");
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	if (rep.err) {
		if (fd != -1)
			close(fd);
		errno = rep.err;
		return -1;
	}
	if (fd == -1) {
		errno = EPROTO;
		return -1;
	}
	if (portid)
		*portid = rep.portid;
	return fd;
}

static int
priv_nl_open(enum nlsock_kind kind, size_t rxsize, uint32_t *portid)
{
	return priv_send_req(PRIV_OPEN, kind, (uint32_t)rxsize, portid);
}

/*
 * kroute.c: an rtnetlink socket to listen to, with a receive buffer of
 * 8 MiB (beyond net.core.rmem_max takes CAP_NET_ADMIN).  The parent's
 * own: joining rtnetlink's groups and reading take no privilege, and
 * what is sent on it is checked against the engine's, which has none.
 */
struct mnl_socket *
priv_mon_open(void)
{
	struct mnl_socket *nl;
	int fd, rcvbuf = 8 << 20;

	if (!privsep) {
		nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK |
		    SOCK_CLOEXEC);
		if (nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1) {
			mnl_socket_close(nl);
			return NULL;
		}
		if (nl && setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET,
		    SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) == -1)
			setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET,
			    SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		return nl;
	}
	if ((fd = priv_send_req(PRIV_OPEN_MON, 0, 0, NULL)) == -1)
		return NULL;
	if ((nl = mnl_socket_fdopen(fd)) == NULL)
		close(fd);
	return nl;
}

static int	listen_open(int, int *);

/* session.c: a socket listening on port 179 for af (not yet polled) */
int
priv_listen(int af)
{
	int fd, e;

	if (privsep)
		return priv_send_req(PRIV_LISTEN, (uint32_t)af, 0, NULL);
	if ((e = listen_open(af, &fd)) != 0) {
		errno = e;
		return -1;
	}
	return fd;
}

/* parse.c: the configuration file, through the parent when separated */
FILE *
priv_config_open(const char *file)
{
	int fd;
	FILE *f;

	if (!privsep)
		return fopen(file, "re");
	if ((fd = priv_send_req(PRIV_CONFIG, 0, 0, NULL)) == -1)
		return NULL;
	if ((f = fdopen(fd, "r")) == NULL)
		close(fd);
	return f;
}

static void
priv_gone(void)
{
	fatalx("privsep: the parent is gone");
}

/* a signal the parent had (SIGTERM, SIGINT, SIGHUP) */
static void
esig_cb(struct evh *e, uint32_t events)
{
	int32_t signo;
	ssize_t n;

	(void)events;
	n = recv(e->fd, &signo, sizeof(signo), MSG_DONTWAIT);
	if (n == sizeof(signo))
		dcvifd_signal(signo);
	else if (n == 0)
		fatalx("privsep: the parent is gone");
}

/* ---------------------------------------------------------------- parent */

/* a netlink socket forwarded for the engine */
struct qent {
	struct qent	*next;
	size_t		 len;
	uint8_t		 data[];
};

struct chan {
	struct evh	 eev;		/* our end of the engine's socketpair */
	struct evh	 kev;		/* the netlink socket */
	struct mnl_socket *nl;
	enum nlsock_kind kind;
	uint32_t	 portid;
	size_t		 rxsize;
	struct qent	*qhead, **qtail;	/* for the engine, waiting */
	size_t		 qbytes;
	uint8_t		 lost;		/* an ENOBUFS to tell */
};

#define CHAN_MAX	8
#define CHAN_QMAX	(64 << 20)	/* queued for the engine, at most */
#define PRIV_MSG_MAX	(256 * 1024)	/* a request datagram, at most */

static struct chan	*chans[CHAN_MAX];
static struct evh	 ctl_ev = { .fd = -1 }, psig_ev = { .fd = -1 };
static pid_t		 engine_pid;
static int		 engine_status = -1;
static const char	*p_conffile;
static uint32_t		 p_table;	/* the fib table, from the config */
static uint8_t		*pbuf;		/* a request datagram */

static void
chan_queue(struct chan *c, const void *data, size_t len)
{
	struct qent *q;

	if (c->qbytes + len > CHAN_QMAX || (q = malloc(sizeof(*q) + len)) ==
	    NULL) {
		/* as a netlink socket whose reader falls behind */
		c->lost = 1;
		return;
	}
	q->next = NULL;
	q->len = len;
	memcpy(q->data, data, len);
	*c->qtail = q;
	c->qtail = &q->next;
	c->qbytes += len;
}

/* what waits for the engine, as far as its socket takes it */
static void
chan_push(struct chan *c)
{
	struct qent *q;
	int32_t e = ENOBUFS;

	while ((q = c->qhead) != NULL) {
		if (send(c->eev.fd, q->data, q->len, MSG_DONTWAIT) == -1) {
			if (errno == EAGAIN)
				break;
			if (errno != EMSGSIZE)
				return;		/* the engine is gone */
		}
		c->qhead = q->next;
		if (c->qhead == NULL)
			c->qtail = &c->qhead;
		c->qbytes -= q->len;
		free(q);
	}
	if (c->qhead == NULL && c->lost &&
	    send(c->eev.fd, &e, sizeof(e), MSG_DONTWAIT) == sizeof(e))
		c->lost = 0;
	ev_mod(&c->eev, EPOLLIN | (c->qhead || c->lost ? EPOLLOUT : 0));
}

/* everything the kernel has for the engine on this socket */
static void
chan_kernel_cb(struct evh *e, uint32_t events)
{
	struct chan *c = e->arg;
	uint8_t *buf = pbuf;
	ssize_t n;

	(void)events;
	for (;;) {
		n = recv(c->kev.fd, buf, c->rxsize, MSG_DONTWAIT);
		if (n == -1) {
			if (errno == ENOBUFS) {
				c->lost = 1;
				continue;
			}
			break;
		}
		chan_queue(c, buf, (size_t)n);
	}
	chan_push(c);
}

/* the answer the kernel gives a refused request: EPERM, and why */
static void
chan_refuse(struct chan *c, const struct nlmsghdr *req, const char *why)
{
	uint8_t buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *err;

	log_warnx("privsep: refused the engine's netlink message type %u "
	    "(seq %u): %s", req->nlmsg_type, req->nlmsg_seq, why);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = c->portid;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = -EPERM;
	err->msg = *req;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, why);
	chan_queue(c, nlh, nlh->nlmsg_len);
}

/* send what the engine sent, the messages that pass; refuse the others */
static void
chan_engine_cb(struct evh *e, uint32_t events)
{
	struct chan *c = e->arg;
	const struct nlmsghdr *nlh;
	const char *why = NULL;
	int32_t reply;
	ssize_t n;
	int len, bad = 0;

	if (events & EPOLLOUT)
		chan_push(c);
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	for (;;) {
		n = recv(c->eev.fd, pbuf, PRIV_MSG_MAX, MSG_DONTWAIT |
		    MSG_TRUNC);
		if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
			/* the engine closed it */
			ev_del(&c->eev);
			return;
		}
		if (n == -1)
			break;
		if (n > PRIV_MSG_MAX) {
			log_warnx("privsep: a datagram of %zd bytes from the "
			    "engine, dropped", n);
			continue;
		}
		if (n == 8 && ((uint32_t *)pbuf)[0] == NLSOCK_JOIN) {
			uint32_t grp = ((uint32_t *)pbuf)[1];

			reply = 0;
			if (c->kind != NLSOCK_GENL || !privcheck_join(grp)) {
				log_warnx("privsep: refused joining group %u",
				    grp);
				reply = EPERM;
			} else if (mnl_socket_setsockopt(c->nl,
			    NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) == -1) {
				reply = errno;
			}
			chan_queue(c, &reply, sizeof(reply));
			continue;
		}
		/* all pass: one send, as the engine batched them */
		len = (int)n;
		for (nlh = (struct nlmsghdr *)pbuf; mnl_nlmsg_ok(nlh, len);
		    nlh = mnl_nlmsg_next(nlh, &len))
			if ((why = privcheck(c->kind, nlh, p_table)) != NULL)
				bad = 1;
		if (!bad && len == 0) {
			if (send(c->kev.fd, pbuf, (size_t)n, 0) == -1)
				log_warn("privsep: netlink send");
			chan_kernel_cb(&c->kev, EPOLLIN);
			continue;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)pbuf; mnl_nlmsg_ok(nlh, len);
		    nlh = mnl_nlmsg_next(nlh, &len)) {
			if ((why = privcheck(c->kind, nlh, p_table)) != NULL) {
				chan_refuse(c, nlh, why);
				continue;
			}
			if (send(c->kev.fd, nlh, nlh->nlmsg_len, 0) == -1)
				log_warn("privsep: netlink send");
			chan_kernel_cb(&c->kev, EPOLLIN);
		}
		bad = 0;
	}
	chan_push(c);
}

static int
chan_open(enum nlsock_kind kind, size_t rxsize, int *efd, uint32_t *portid)
{
	int sv[2], one = 1, big = 8 << 20, i;
	struct chan *c;

	for (i = 0; i < CHAN_MAX && chans[i]; i++)
		;
	if (i == CHAN_MAX || kind < NLSOCK_ROUTE || kind >= NLSOCK_KIND_MAX)
		return EINVAL;
	if (rxsize < 4096 || rxsize > PRIV_MSG_MAX)
		rxsize = PRIV_MSG_MAX;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return ENOMEM;
	c->kind = kind;
	c->rxsize = rxsize;
	c->qtail = &c->qhead;
	c->eev.fd = c->kev.fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		free(c);
		return errno;
	}
	/* a batch of routes is one datagram; replies may pile up */
	for (i = 0; i < 2; i++)
		if (setsockopt(sv[i], SOL_SOCKET, SO_SNDBUFFORCE, &big,
		    sizeof(big)) == -1)
			setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &big,
			    sizeof(big));
	c->nl = mnl_socket_open2(kind == NLSOCK_GENL ? NETLINK_GENERIC :
	    NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (c->nl == NULL || mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID)
	    == -1) {
		int e = errno;

		if (c->nl)
			mnl_socket_close(c->nl);
		close(sv[0]);
		close(sv[1]);
		free(c);
		return e;
	}
	c->portid = mnl_socket_get_portid(c->nl);
	mnl_socket_setsockopt(c->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (kind != NLSOCK_ROUTE)
		mnl_socket_setsockopt(c->nl, NETLINK_CAP_ACK, &one,
		    sizeof(one));
	if (setsockopt(mnl_socket_get_fd(c->nl), SOL_SOCKET, SO_RCVBUFFORCE,
	    &big, sizeof(big)) == -1)
		log_warn("privsep: SO_RCVBUFFORCE");
	ev_add(&c->eev, sv[0], EPOLLIN, chan_engine_cb, c);
	ev_add(&c->kev, mnl_socket_get_fd(c->nl), EPOLLIN, chan_kernel_cb,
	    c);
	for (i = 0; chans[i]; i++)
		;
	chans[i] = c;
	*efd = sv[1];
	*portid = c->portid;
	return 0;
}

/*
 * A generic netlink socket in the dcvif family's monitor group, ours:
 * joining takes CAP_NET_ADMIN, reading it not (events reach the engine
 * without a copy through us).
 */
static int
genl_mon_open(int *fd, uint32_t *portid)
{
	struct mnl_socket *m;
	int big = 4 << 20, e;
	uint32_t grp = privcheck_monitor_group();

	if (grp == 0)
		return ENOENT;	/* the module is not loaded */
	m = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (m == NULL)
		return errno;
	if (mnl_socket_bind(m, 0, MNL_SOCKET_AUTOPID) == -1 ||
	    mnl_socket_setsockopt(m, NETLINK_ADD_MEMBERSHIP, &grp,
	    sizeof(grp)) == -1) {
		e = errno;
		mnl_socket_close(m);
		return e;
	}
	if (setsockopt(mnl_socket_get_fd(m), SOL_SOCKET, SO_RCVBUFFORCE, &big,
	    sizeof(big)) == -1)
		log_warn("privsep: SO_RCVBUFFORCE");
	*portid = mnl_socket_get_portid(m);
	*fd = dup(mnl_socket_get_fd(m));
	e = *fd == -1 ? errno : 0;
	mnl_socket_close(m);
	return e;
}

/* *fd: a socket listening on port 179 for af; 0, or an errno */
static int
listen_open(int af, int *fd)
{
	struct sockaddr_storage ss;
	struct bgp_addr any = { .aid = af == AF_INET6 ? AID_INET6 : AID_INET };
	socklen_t len;
	int one = 1, e;

	if (af != AF_INET && af != AF_INET6)
		return EINVAL;
	*fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (*fd == -1)
		return errno;
	setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (af == AF_INET6)
		setsockopt(*fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	len = addr2sa(&any, BGP_PORT, &ss);
	if (bind(*fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(*fd, 64) == -1) {
		e = errno;
		close(*fd);
		*fd = -1;
		return e;
	}
	return 0;
}

/* the engine's table, read again at SIGHUP as the engine will */
static void
parent_conf_read(void)
{
	struct dcvifd_config *c;
	char err[1024];

	if ((c = parse_config(p_conffile, err, sizeof(err))) == NULL)
		return;		/* the engine keeps the old one too */
	p_table = c->fib_table;
	config_free(c);
}

static void
ctl_cb(struct evh *e, uint32_t events)
{
	struct priv_req req;
	struct priv_rep rep = { 0 };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &rep, .iov_len = sizeof(rep) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t n;
	int fd = -1;

	(void)events;
	n = recv(e->fd, &req, sizeof(req), MSG_DONTWAIT);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n != sizeof(req)) {
		ev_del(e);	/* the engine is gone; SIGCHLD follows */
		return;
	}
	switch (req.type) {
	case PRIV_OPEN:
		if (req.arg == NLSOCK_GENL_MON) {
			rep.err = genl_mon_open(&fd, &rep.portid);
			break;
		}
		rep.err = chan_open((enum nlsock_kind)req.arg, req.arg2, &fd,
		    &rep.portid);
		break;
	case PRIV_OPEN_MON: {
		struct mnl_socket *m;
		int big = 8 << 20;

		m = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK |
		    SOCK_CLOEXEC);
		if (m == NULL || mnl_socket_bind(m, 0, MNL_SOCKET_AUTOPID) ==
		    -1 || setsockopt(mnl_socket_get_fd(m), SOL_SOCKET,
		    SO_RCVBUFFORCE, &big, sizeof(big)) == -1) {
			rep.err = errno ? errno : EIO;
			if (m)
				mnl_socket_close(m);
			break;
		}
		fd = dup(mnl_socket_get_fd(m));
		mnl_socket_close(m);
		if (fd == -1)
			rep.err = errno;
		break;
	}
	case PRIV_LISTEN:
		rep.err = listen_open((int)req.arg, &fd);
		break;
	case PRIV_CONFIG:
		fd = open(p_conffile, O_RDONLY | O_CLOEXEC);
		rep.err = fd == -1 ? errno : 0;
		if (fd != -1)
			parent_conf_read();
		break;
	default:
		rep.err = EINVAL;
		break;
	}
	if (rep.err && fd != -1) {
		close(fd);	/* an answer is a descriptor or an error */
		fd = -1;
	}
	if (fd != -1) {
		memset(cbuf, 0, sizeof(cbuf));
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	}
	if (sendmsg(e->fd, &msg, 0) == -1) {
		/* the engine waits for an answer: at least the error */
		log_warn("privsep: answer to the engine");
		rep.err = errno ? errno : EIO;
		if (send(e->fd, &rep, sizeof(rep), 0) == -1)
			log_warn("privsep: answer to the engine");
	}
	if (fd != -1)
		close(fd);
}

static void
psig_cb(struct evh *e, uint32_t events)
{
	struct signalfd_siginfo si;
	int status;
	pid_t pid;

	(void)events;
	while (read(e->fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
		case SIGHUP: {
			/* not kill(2): another user's, that needs CAP_KILL */
			int32_t signo = (int32_t)si.ssi_signo;

			if (send(psig_fd, &signo, sizeof(signo), 0) == -1)
				log_warn("privsep: passing signal %d on",
				    signo);
			break;
		}
		case SIGCHLD:
			while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
				if (pid == engine_pid)
					engine_status = status;
			break;
		}
	}
}

/* keep CAP_NET_ADMIN and CAP_NET_BIND_SERVICE, nothing else, for good */
static void
parent_caps(void)
{
	struct __user_cap_header_struct h = {
	    .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { { 0 } };
	unsigned long cap;

	d[0].effective = d[0].permitted = (1U << CAP_NET_ADMIN) |
	    (1U << CAP_NET_BIND_SERVICE);
	for (cap = 0; cap <= 63; cap++)
		if (cap != CAP_NET_ADMIN && cap != CAP_NET_BIND_SERVICE &&
		    prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
	if (syscall(SYS_capset, &h, d) == -1)
		fatal("privsep: capset");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("privsep: no_new_privs");
}

static void __attribute__((noreturn))
parent_main(int fd)
{
	struct epoll_event evs[32];
	sigset_t mask;
	int n, i, sfd;

	parent_caps();
	if ((pbuf = malloc(PRIV_MSG_MAX)) == NULL)
		fatal("privsep");
	if (privcheck_init() == -1)
		fatal("privsep: netlink socket");
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if ((sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		fatal("privsep: signalfd");
	ev_add(&psig_ev, sfd, EPOLLIN, psig_cb, NULL);
	ev_add(&ctl_ev, fd, EPOLLIN, ctl_cb, NULL);
	/* a SIGCHLD before the signalfd existed */
	if (waitpid(engine_pid, &i, WNOHANG) == engine_pid)
		engine_status = i;
	while (engine_status == -1) {
		n = ev_wait(evs, 32);
		for (i = 0; i < n && engine_status == -1; i++) {
			struct evh *e = evs[i].data.ptr;

			e->cb(e, evs[i].events);
		}
	}
	/* the engine could not remove them: not its directory */
	control_unlink();
	if (WIFEXITED(engine_status))
		_exit(WEXITSTATUS(engine_status));
	log_warnx("privsep: the engine was killed by signal %d",
	    WTERMSIG(engine_status));
	_exit(128 + WTERMSIG(engine_status));
}

/*
 * Split: returns in the engine, as user; the parent never returns.  The
 * state directory is made and given to user first; the engine is
 * chrooted there (not under the sanitizers: LeakSanitizer reads /proc at
 * exit).
 */
void
priv_init(const char *conffile, const char *user)
{
	struct passwd *pw;
	int sv[2], sg[2];
	unsigned long cap;
	pid_t ppid = getpid();

	if ((pw = getpwnam(user)) == NULL)
		fatalx("privsep: no user %s (dcvifd runs its engine as that "
		    "user: systemd-sysusers creates it from dcvifd's sysusers.d "
		    "file; or -u USER, or -P for one process)", user);
	if (pw->pw_uid == 0)
		fatalx("privsep: user %s is root", user);
	if (mkdir(conf->statedir, 0700) == -1 && errno != EEXIST)
		fatal("privsep: mkdir %s", conf->statedir);
	if (chown(conf->statedir, pw->pw_uid, pw->pw_gid) == -1 ||
	    chmod(conf->statedir, 0700) == -1)
		fatal("privsep: state directory %s", conf->statedir);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sg) == -1)
		fatal("privsep: socketpair");
	p_conffile = conffile;
	p_table = conf->fib_table;
	switch ((engine_pid = fork())) {
	case -1:
		fatal("privsep: fork");
	case 0:
		break;
	default:
		close(sv[1]);
		close(sg[1]);
		psig_fd = sg[0];
		ev_reset();
		parent_main(sv[0]);
	}
	close(sv[0]);
	close(sg[0]);
	priv_fd = sv[1];
	if (ev_add(&esig_ev, sg[1], EPOLLIN, esig_cb, NULL) == -1)
		fatalx("privsep: signals");
	/* its files are named from there (ftest.c), chrooted or not */
	if (chdir(conf->statedir) == -1)
		fatal("privsep: chdir %s", conf->statedir);
#if !defined(__SANITIZE_ADDRESS__)
	if (chroot(".") == -1)
		fatal("privsep: chroot %s", conf->statedir);
#endif
	state_in_cwd = 1;
	/* none to gain back, whatever runs here */
	for (cap = 0; cap <= 63; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatal("privsep: becoming %s", user);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		fatal("privsep: no_new_privs");
	/* cleared by the change of user: set after it */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) == -1 ||
	    getppid() != ppid)
		fatalx("privsep: the parent is gone");
#if defined(__SANITIZE_ADDRESS__)
	/* LeakSanitizer stops the threads with ptrace at exit */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
	prctl(PR_SET_NAME, "dcvifd-engine", 0, 0, 0);
	nlsock_opener = priv_nl_open;
	nlsock_gone = priv_gone;
	privsep = 1;
	log_info("privsep: engine %d as %s, parent %d", getpid(), user, ppid);
}
