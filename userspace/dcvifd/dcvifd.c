// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifd main: options, the epoll loop, timers (timerfd) and signals
 * (signalfd).  Everything else hangs off ev_add() callbacks.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "dcvifd.h"

struct dcvifd_config	*conf;
volatile int		 quit;
static int		 epfd = -1;
static const char	*conffile = DCVIFD_CONFIG;
static struct evh	 sigev;

int
ev_add(struct evh *e, int fd, uint32_t events,
    void (*cb)(struct evh *, uint32_t), void *arg)
{
	struct epoll_event ev = { .events = events, .data.ptr = e };

	e->fd = fd;
	e->cb = cb;
	e->arg = arg;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == -1) {
		log_warn("%s: epoll_ctl", __func__);
		return -1;
	}
	return 0;
}

int
ev_mod(struct evh *e, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = e };

	if (epoll_ctl(epfd, EPOLL_CTL_MOD, e->fd, &ev) == -1) {
		log_warn("%s: epoll_ctl", __func__);
		return -1;
	}
	return 0;
}

/* the events of one turn of the loop, at most n; 0 when interrupted */
int
ev_wait(struct epoll_event *evs, int n)
{
	int r = epoll_wait(epfd, evs, n, -1);

	if (r == -1 && errno != EINTR)
		fatal("epoll_wait");
	return r < 0 ? 0 : r;
}

/* a new, empty set: the parent's, whose child keeps the old one */
void
ev_reset(void)
{
	close(epfd);
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1");
}

void
ev_del(struct evh *e)
{
	if (e->fd == -1)
		return;
	epoll_ctl(epfd, EPOLL_CTL_DEL, e->fd, NULL);
	close(e->fd);
	e->fd = -1;
}

int
timer_init(struct evh *e, void (*cb)(struct evh *, uint32_t), void *arg)
{
	int fd;

	fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (fd == -1) {
		log_warn("%s: timerfd_create", __func__);
		e->fd = -1;
		return -1;
	}
	return ev_add(e, fd, EPOLLIN, cb, arg);
}

void
timer_set_ms(struct evh *e, unsigned int ms)
{
	struct itimerspec its = { 0 };

	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (long)(ms % 1000) * 1000000;
	if (e->fd != -1 && timerfd_settime(e->fd, 0, &its, NULL) == -1)
		log_warn("%s: timerfd_settime", __func__);
}

void
timer_set(struct evh *e, unsigned int secs)
{
	timer_set_ms(e, secs * 1000);
}

int
timer_running(struct evh *e)
{
	struct itimerspec its;

	if (e->fd == -1 || timerfd_gettime(e->fd, &its) == -1)
		return 0;
	return its.it_value.tv_sec || its.it_value.tv_nsec;
}

void
timer_free(struct evh *e)
{
	ev_del(e);
}

time_t
getmonotime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* SIGHUP: re-read the config and apply only what changed */
static void
reload(void)
{
	struct dcvifd_config *nc;
	uint64_t recheck = 0;	/* peers whose adj-RIB-out to look at again */
	char err[1024];
	size_t i, j;

	notify_reloading();
	nc = parse_config(conffile, err, sizeof(err));
	if (nc == NULL) {
		log_warnx("reload failed, keeping the old config: %s", err);
		notify_ready();
		return;
	}
	/* networks: withdraw the gone, announce the new */
	for (i = 0; i < conf->nnetworks; i++) {
		for (j = 0; j < nc->nnetworks; j++)
			if (prefix_cmp(&conf->networks[i], &nc->networks[j]) ==
			    0)
				break;
		if (j == nc->nnetworks)
			rde_network_del(&conf->networks[i]);
	}
	for (j = 0; j < nc->nnetworks; j++) {
		for (i = 0; i < conf->nnetworks; i++)
			if (prefix_cmp(&conf->networks[i], &nc->networks[j]) ==
			    0)
				break;
		if (i == conf->nnetworks)
			rde_network_add(&nc->networks[j]);
	}
	/* neighbors: removed, changed, added; unchanged ones stay up */
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL)
			continue;
		for (j = 0; j < nc->npeers; j++)
			if (memcmp(&nc->peers[j].remote, &p->conf.remote,
			    sizeof(p->conf.remote)) == 0)
				break;
		if (j == nc->npeers)
			session_peer_remove(p, ERR_CEASE_PEER_UNCONF);
		else if (!peer_config_equal(&p->conf, &nc->peers[j]) ||
		    !plist_equal(conf, p->conf.plist_in, nc,
		    nc->peers[j].plist_in) ||
		    !policy_equal(conf, p->conf.pol_in, nc,
		    nc->peers[j].pol_in))
			/* import decided what is already taken: again */
			session_peer_update(p, &nc->peers[j]);
		else {
			/*
			 * Description, connect-retry, the prefix limits, the
			 * AWS communities, the export list and policy apply in
			 * place: what the peer is sent is looked at again
			 * under the new configuration (no reset), a new
			 * inbound limit is enforced on what was received.
			 */
			struct peer_config old = p->conf;

			p->conf = nc->peers[j];
			if (old.maxpfx_out != p->conf.maxpfx_out ||
			    old.aws_lp != p->conf.aws_lp ||
			    old.aws_scope != p->conf.aws_scope ||
			    old.announce_aws != p->conf.announce_aws ||
			    !plist_equal(conf, old.plist_out, nc,
			    p->conf.plist_out) ||
			    !policy_equal(conf, old.pol_out, nc,
			    p->conf.pol_out))
				recheck |= 1ULL << p->idx;
			session_maxpfx_check(p);
		}
	}
	vif_reload(nc);
	metrics_reload(nc);
	for (j = 0; j < nc->npeers; j++)
		if (session_peer_find(&nc->peers[j].remote) == NULL)
			session_peer_new(&nc->peers[j]);
	if (conf->as != nc->as || conf->router_id != nc->router_id)
		log_warnx("reload: local-as and router-id changes need a "
		    "restart; kept %u", conf->as);
	nc->as = conf->as;
	nc->router_id = conf->router_id;
	if (privsep && strcmp(conf->statedir, nc->statedir) != 0) {
		/* the engine's root (priv.c) */
		log_warnx("reload: a state-directory change needs a restart; "
		    "kept %s", conf->statedir);
		strcpy(nc->statedir, conf->statedir);
	}
	config_free(conf);
	conf = nc;
	for (i = 0; i < MAX_PEERS; i++)
		if ((recheck & (1ULL << i)) && peers[i])
			rde_limit_changed(peers[i]);
	session_listen_update();
	bfd_sync();
	log_info("configuration reloaded");
	notify_ready();
}

/* a signal, ours or passed on by the parent (priv.c) */
void
dcvifd_signal(int signo)
{
	switch (signo) {
	case SIGTERM:
	case SIGINT:
		quit = 1;
		break;
	case SIGHUP:
		reload();
		break;
	}
}

static void
sig_cb(struct evh *e, uint32_t events)
{
	struct signalfd_siginfo si;

	(void)events;
	while (read(e->fd, &si, sizeof(si)) == sizeof(si))
		dcvifd_signal((int)si.ssi_signo);
}

static void
usage(void)
{
	fprintf(stderr, "usage: dcvifd [-dnPv] [-f file] [-u user]\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	struct epoll_event evs[64];
	char err[1024];
	sigset_t mask;
	int ch, i, n, noaction = 0, debug = 0, verbose = 0, onep = 0;
	const char *user = DCVIFD_USER;
	size_t k;

	while ((ch = getopt(argc, argv, "df:nPu:v")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			conffile = optarg;
			break;
		case 'n':
			noaction = 1;
			break;
		case 'P':
			onep = 1;
			break;
		case 'u':
			user = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	conf = parse_config(conffile, err, sizeof(err));
	if (conf == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (noaction) {
		config_print(stdout, conf);
		fflush(stdout);
		vif_check(conf);
		config_free(conf);
		return 0;
	}
	log_init(1, verbose);
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");
	if (!debug)
		log_init(0, verbose);

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fatal("epoll_create1");
	notify_init();
	if ((n = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		fatal("signalfd");
	ev_add(&sigev, n, EPOLLIN, sig_cb, NULL);

	/* in /run, root's: before the engine is on its own */
	if (control_init(conf->csock, conf->rsock[0] ? conf->rsock : NULL,
	    conf->cgroup) == -1)
		fatalx("control socket %s failed", conf->csock);
	if (geteuid() == 0 && !onep)
		priv_init(conffile, user);
	if (kr_init() == -1)
		fatalx("kernel routing table setup failed");
	if (rde_init() == -1)
		fatalx("RDE setup failed");
	if (session_init() == -1)
		fatalx("session setup failed");
	for (k = 0; k < conf->nnetworks; k++)
		rde_network_add(&conf->networks[k]);
	if (bfd_init() == -1)
		fatalx("BFD setup failed");
	if (vif_init() == -1)
		fatal("VIF setup (rtnetlink)");
	vif_sync();
	/* before the sessions: a failover test may hold some down */
	if (ftest_init() == -1)
		fatalx("failover test setup failed");
	for (k = 0; k < conf->npeers; k++)
		session_peer_new(&conf->peers[k]);
	bfd_sync();
	/* last: a scrape sees the neighbors; a failure is logged, not fatal */
	metrics_init();
	log_info("dcvifd started, AS %u, %zu neighbors", conf->as,
	    conf->npeers);
	notify_ready();

	while (!quit) {
		rde_flush();
		session_flush_all();
		kr_flush();
		notify_status();
		n = ev_wait(evs, 64);
		for (i = 0; i < n; i++) {
			struct evh *e = evs[i].data.ptr;

			e->cb(e, evs[i].events);
		}
	}
	log_info("dcvifd shutting down");
	notify_stopping();
	metrics_shutdown();
	ftest_shutdown();
	kr_freeze();
	session_shutdown();
	bfd_shutdown();
	vif_shutdown();
	control_shutdown();
	rde_shutdown();
	kr_flush();
	kr_shutdown();
	ev_del(&sigev);
	close(epfd);
	config_free(conf);
	return 0;
}
