// SPDX-License-Identifier: GPL-2.0
/*
 * The service manager's notification protocol (sd_notify(3)), spoken
 * directly: a datagram of NAME=VALUE lines to the AF_UNIX socket in
 * $NOTIFY_SOCKET ("@" for the abstract namespace). READY=1 once the
 * sessions are configured, STATUS= with the sessions' summary when it
 * changes, RELOADING=1/READY=1 around a reload, STOPPING=1, and WATCHDOG=1
 * at half of $WATCHDOG_USEC from the event loop, so that a loop that hangs
 * is restarted. Without $NOTIFY_SOCKET all of it does nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dcvifd.h"

static int		 nfd = -1;
static struct sockaddr_un nsa;
static socklen_t	 nsalen;
static int		 nconnected;	/* to nsa, named no more */
static struct evh	 t_wd = { .fd = -1 };
static unsigned int	 wd_ms;
static char		 last_status[200];

static void
notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
notify(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	if (nfd == -1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return;
	if ((nconnected ? send(nfd, buf, (size_t)n, MSG_NOSIGNAL) :
	    sendto(nfd, buf, (size_t)n, MSG_NOSIGNAL, (struct sockaddr *)&nsa,
	    nsalen)) == -1)
		log_debug("notify: sendto %s: %s", getenv("NOTIFY_SOCKET"),
		    strerror(errno));
}

static void
t_wd_cb(struct evh *e, uint32_t ev)
{
	(void)ev;
	notify("WATCHDOG=1");
	timer_set_ms(e, wd_ms);
}

void
notify_init(void)
{
	const char *s = getenv("NOTIFY_SOCKET"), *w, *pid;
	unsigned long long usec;
	size_t len;
	char *end;

	if (s == NULL || (s[0] != '/' && s[0] != '@') ||
	    (len = strlen(s)) >= sizeof(nsa.sun_path))
		return;
	memset(&nsa, 0, sizeof(nsa));
	nsa.sun_family = AF_UNIX;
	memcpy(nsa.sun_path, s, len);
	if (s[0] == '@')
		nsa.sun_path[0] = '\0';
	nsalen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
	    (s[0] == '/'));
	nfd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (nfd == -1) {
		log_warn("notify: socket");
		return;
	}
	/*
	 * Connected now, as root: the engine that speaks later (priv.c)
	 * may not reach the path, nor see it from its chroot.
	 */
	if (connect(nfd, (struct sockaddr *)&nsa, nsalen) == 0)
		nconnected = 1;
	/* our children (none) must not speak for us */
	unsetenv("NOTIFY_SOCKET");
	w = getenv("WATCHDOG_USEC");
	pid = getenv("WATCHDOG_PID");
	if (w == NULL || (pid && strtol(pid, NULL, 10) != getpid()))
		return;
	errno = 0;
	usec = strtoull(w, &end, 10);
	if (errno || *end || usec < 2000)
		return;
	wd_ms = (unsigned int)(usec / 2000 > 3600000 ? 3600000 : usec / 2000);
	if (timer_init(&t_wd, t_wd_cb, NULL) == 0) {
		timer_set_ms(&t_wd, wd_ms);
		log_info("watchdog: every %u ms", wd_ms);
	}
}

/* "2/3 sessions Established, 12 prefixes (IPv4 10, IPv6 2)" */
static void
status_text(char *buf, size_t size)
{
	const struct rde_stats *rs = rde_get_stats();
	int i, n = 0, up = 0;

	for (i = 0; i < MAX_PEERS; i++) {
		if (peers[i] == NULL)
			continue;
		n++;
		up += peers[i]->state == STATE_ESTABLISHED;
	}
	snprintf(buf, size, "%d/%d sessions Established, %llu prefixes "
	    "(IPv4 %llu, IPv6 %llu)", up, n,
	    (unsigned long long)(rs->prefixes[AID_INET] +
	    rs->prefixes[AID_INET6]),
	    (unsigned long long)rs->prefixes[AID_INET],
	    (unsigned long long)rs->prefixes[AID_INET6]);
}

/* STATUS= when the summary changed (called from the event loop) */
void
notify_status(void)
{
	char buf[sizeof(last_status)];

	if (nfd == -1)
		return;
	status_text(buf, sizeof(buf));
	if (strcmp(buf, last_status) == 0)
		return;
	strcpy(last_status, buf);
	notify("STATUS=%s", buf);
}

void
notify_ready(void)
{
	char buf[sizeof(last_status)];

	if (nfd == -1)
		return;
	status_text(buf, sizeof(buf));
	strcpy(last_status, buf);
	notify("READY=1\nSTATUS=%s\nMAINPID=%d", buf,
	    (int)(privsep ? getppid() : getpid()));
}

void
notify_reloading(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	notify("RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)ts.tv_sec * 1000000ULL +
	    (unsigned long long)ts.tv_nsec / 1000);
}

void
notify_stopping(void)
{
	notify("STOPPING=1\nSTATUS=stopping");
	timer_free(&t_wd);
	if (nfd != -1)
		close(nfd);
	nfd = -1;
}
