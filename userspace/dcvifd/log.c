// SPDX-License-Identifier: GPL-2.0
/* logging: stderr when in the foreground, syslog otherwise */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dcvifd.h"

static int log_foreground = 1;
static int log_verbose;
static int log_journal;	/* stderr is journald's: "<PRIORITY>" prefixes */

/*
 * stderr is a stream to journald when $JOURNAL_STREAM names its device and
 * inode (systemd.exec(5)): then each line starts with its syslog priority,
 * which journald takes as the entry's, and the journal stamps the time.
 */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) == -1)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_init(int foreground, int verbose)
{
	log_foreground = foreground;
	log_verbose = verbose;
	log_journal = foreground && stderr_is_journal();
	if (!foreground)
		openlog("dcvifd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
vlog(int pri, const char *fmt, va_list ap)
{
	struct timespec ts;

	if (log_foreground) {
		if (log_journal) {
			fprintf(stderr, "<%d>", pri);
		} else {
			clock_gettime(CLOCK_REALTIME, &ts);
			fprintf(stderr, "%lld.%03ld ", (long long)ts.tv_sec,
			    ts.tv_nsec / 1000000);
		}
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		fflush(stderr);
	} else {
		vsyslog(pri, fmt, ap);
	}
}

static void
vlog_err(int pri, const char *fmt, va_list ap)
{
	char buf[1024];
	int saved = errno;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_journal)
		fprintf(stderr, "<%d>%s: %s\n", pri, buf, strerror(saved));
	else if (log_foreground)
		fprintf(stderr, "%s: %s\n", buf, strerror(saved));
	else
		syslog(pri, "%s: %s", buf, strerror(saved));
	errno = saved;
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_err(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_err(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

void
log_peer(const struct peer *p, const char *fmt, ...)
{
	char buf[1024], a[64];
	va_list ap;

	addr_str(&p->conf.remote, a, sizeof(a));
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_info("neighbor %s%s%s%s: %s", a, p->conf.descr[0] ? " (" : "",
	    p->conf.descr, p->conf.descr[0] ? ")" : "", buf);
}
