// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics listener: "metrics listen ADDRESS port N" serves the text of
 * "dcvifctl metrics" (the one renderer, userspace/lib/dcvif_metrics.c) to
 * a Prometheus scraper over HTTP, through libmicrohttpd.
 *
 * No thread of its own: the daemon is started without
 * MHD_USE_INTERNAL_POLLING_THREAD, with MHD_USE_EPOLL, so that its
 * listening socket and connections are behind one epoll descriptor.  That
 * descriptor sits in dcvifd's loop; when it is readable MHD_run() does
 * what is ready, without blocking, in the loop's thread; a timerfd wakes
 * the loop when MHD_get_timeout() says an idle connection is to be closed.
 * The request handler so runs between two events, as control.c's commands
 * do, and reads the peers, the RIB and the FIB without locks.
 *
 * What one scrape costs the loop: the JSON of "show neighbors" and "show
 * summary" (as a dcvifctl would) and three dumps of the module (VIFs, BFD
 * sessions, LAGs) on a generic netlink socket of its own, which the kernel
 * answers from its own state; the renderer bounds each dump's wait at
 * DCVIF_METRICS_GENL_TIMEOUT.  Connections are limited (METRICS_CONN_*):
 * a scraper or anyone else who can reach the address cannot hold more.
 *
 * Only GET and HEAD of /metrics: 404 for any other path, 405 (Allow: GET,
 * HEAD) for another method.  No authentication and no TLS: bind it to
 * loopback or a management address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dcvifd.h"
#include "dcvif_metrics.h"

#define METRICS_PATH		"/metrics"
#define METRICS_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

static struct MHD_Daemon	*mhd;
static struct evh		 metrics_ev = { .fd = -1 };
static struct evh		 metrics_timer = { .fd = -1 };
static struct bgp_addr		 cur_addr;	/* what mhd listens on */
static uint16_t			 cur_port;

/* libmicrohttpd's complaints, in the daemon's log */
static void
metrics_log(void *cls, const char *fmt, va_list ap)
{
	char buf[256];
	size_t n;

	(void)cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	log_warnx("metrics: %s", buf);
}

static enum MHD_Result
metrics_reply(struct MHD_Connection *c, unsigned int status, char *body,
    size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (r == NULL) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    status == MHD_HTTP_OK ? METRICS_CONTENT_TYPE :
	    "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
metrics_error(struct MHD_Connection *c, unsigned int status, const char *s)
{
	return metrics_reply(c, status, (char *)s, strlen(s),
	    MHD_RESPMEM_PERSISTENT);
}

/* the text of "dcvifctl metrics", in memory; NULL when out of memory */
static char *
metrics_render(size_t *len)
{
	struct dcvif_metrics o = { 0 };
	json_object *n, *s;
	char *buf = NULL;

	if ((o.f = open_memstream(&buf, len)) == NULL)
		return NULL;
	dcvif_metrics_kernel(&o);
	n = control_json_neighbors();
	s = control_json_summary();
	dcvif_metrics_dcvifd(&o, n, s);
	json_object_put(n);
	json_object_put(s);
	if (ferror(o.f)) {
		fclose(o.f);
		free(buf);
		return NULL;
	}
	if (fclose(o.f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static enum MHD_Result
metrics_answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **req)
{
	static int seen;	/* any non-NULL pointer: the headers seen */
	size_t len;
	char *body;

	(void)cls;
	(void)version;
	(void)upload;
	/*
	 * An error is answered on the headers alone (MHD reads no body
	 * then, and closes the connection after it).
	 */
	if (strcmp(url, METRICS_PATH) != 0)
		return metrics_error(c, MHD_HTTP_NOT_FOUND,
		    "Not Found: the metrics are at " METRICS_PATH "\n");
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return metrics_error(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "Method Not Allowed: GET or HEAD\n");
	/*
	 * A GET is answered in the second call, once MHD has the whole
	 * request, so that the connection may stay open for the next scrape.
	 */
	if (*req == NULL) {
		*req = &seen;
		return MHD_YES;
	}
	if (*upload_len != 0) {	/* a GET with a body: ignored */
		*upload_len = 0;
		return MHD_YES;
	}
	if ((body = metrics_render(&len)) == NULL)
		return metrics_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "Internal Server Error: out of memory\n");
	/* HEAD: MHD sends the headers of the same reply, without the body */
	return metrics_reply(c, MHD_HTTP_OK, body, len,
	    MHD_RESPMEM_MUST_FREE);
}

/* arm the timer for MHD's next timeout, or stop it when there is none */
static void
metrics_schedule(void)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (mhd == NULL)
		return;
	if (MHD_get_timeout(mhd, &ms) != MHD_YES)
		timer_set_ms(&metrics_timer, 0);
	else	/* 0: work is pending now; the timer's 0 would stop it */
		timer_set_ms(&metrics_timer, ms == 0 ? 1 : ms > UINT_MAX ?
		    UINT_MAX : (unsigned int)ms);
}

static void
metrics_run(struct evh *e, uint32_t events)
{
	uint64_t expired;

	(void)events;
	if (e == &metrics_timer &&
	    read(e->fd, &expired, sizeof(expired)) == -1 && errno != EAGAIN)
		log_warn("%s: timerfd", __func__);
	if (mhd == NULL)
		return;
	MHD_run(mhd);
	metrics_schedule();
}

static void
metrics_stop(void)
{
	if (mhd == NULL)
		return;
	ev_del(&metrics_ev);
	timer_free(&metrics_timer);
	MHD_stop_daemon(mhd);	/* closes the listening socket */
	mhd = NULL;
	memset(&cur_addr, 0, sizeof(cur_addr));
	cur_port = 0;
}

/*
 * Listen on a, port.  The socket is ours, not MHD's, so that a failure
 * says what failed; IPv6 only on an IPv6 address (:: is not 0.0.0.0 too).
 * Returns 0, or -1 after saying why in the log.
 */
static int
metrics_start(const struct bgp_addr *a, uint16_t port)
{
	const union MHD_DaemonInfo *info;
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	char as[INET6_ADDRSTRLEN];
	int fd, efd, one = 1;
	socklen_t sl;

	addr_str(a, as, sizeof(as));
	if (a->aid == AID_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->addr, 4);
		sl = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->addr, 16);
		sl = sizeof(*sin6);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1) {
		log_warn("metrics: socket");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) == -1 ||
	    listen(fd, METRICS_CONN_LIMIT) == -1) {
		log_warn("metrics: cannot listen on %s port %u, no metrics "
		    "over HTTP", as, port);
		close(fd);
		return -1;
	}
	mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
	    (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0), port, NULL, NULL,
	    metrics_answer, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, metrics_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)METRICS_CONN_LIMIT,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)METRICS_CONN_PER_IP,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)METRICS_CONN_TIMEOUT,
	    MHD_OPTION_END);
	if (mhd == NULL) {
		log_warnx("metrics: libmicrohttpd did not start on %s port %u, "
		    "no metrics over HTTP", as, port);
		close(fd);
		return -1;
	}
	/*
	 * The epoll descriptor is MHD's, closed by MHD_stop_daemon; the
	 * loop gets a duplicate, which ev_del() closes.
	 */
	info = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_EPOLL_FD);
	efd = info ? fcntl(info->epoll_fd, F_DUPFD_CLOEXEC, 0) : -1;
	if (efd == -1 ||
	    ev_add(&metrics_ev, efd, EPOLLIN, metrics_run, NULL) == -1 ||
	    timer_init(&metrics_timer, metrics_run, NULL) == -1) {
		log_warnx("metrics: cannot poll libmicrohttpd's descriptor, "
		    "no metrics over HTTP");
		ev_del(&metrics_ev);	/* ev_add kept efd there */
		timer_free(&metrics_timer);
		MHD_stop_daemon(mhd);
		mhd = NULL;
		return -1;
	}
	cur_addr = *a;
	cur_port = port;
	metrics_schedule();
	log_info("metrics: listening on %s port %u", as, port);
	return 0;
}

void
metrics_init(void)
{
	if (conf->metrics_port)
		metrics_start(&conf->metrics_addr, conf->metrics_port);
}

/*
 * A reload applies a new address or port at once: the old listener stops
 * (its connections with it), the new one starts.  The same statement
 * leaves a running listener alone, and tries again one that could not
 * start (its address was taken, or not yet configured).
 */
void
metrics_reload(const struct dcvifd_config *nc)
{
	if (mhd != NULL && nc->metrics_port == cur_port &&
	    memcmp(&nc->metrics_addr, &cur_addr, sizeof(cur_addr)) == 0)
		return;
	if (mhd != NULL)
		log_info("metrics: listener stopped (reload)");
	metrics_stop();
	if (nc->metrics_port)
		metrics_start(&nc->metrics_addr, nc->metrics_port);
}

void
metrics_shutdown(void)
{
	metrics_stop();
}
