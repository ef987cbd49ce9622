// SPDX-License-Identifier: GPL-2.0
/*
 * Control sockets: unix stream sockets.  The control socket, mode 0660
 * (root, or the configured control-group), takes every command; the
 * restricted socket beside it, mode 0666, only those that show (show,
 * monitor, failover-test history): reading the state is not worth a
 * group, changing it is (dcvif_ctl.h).  A client writes one command line
 * and reads one JSON document back; dcvifctl formats it.  Each socket
 * takes DCVIF_CTL_CLIENTS clients at once, and one that has not sent its
 * line within DCVIF_CTL_IDLE_SEC is closed: a local user holding
 * connections open on the restricted socket cannot lock the operators
 * out of the other.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dcvifd.h"
#include "dcvif_ctl.h"

struct ctl_conn {
	struct evh	 ev;
	struct ctl_conn	*next;		/* every client, for the idle sweep */
	time_t		 opened;	/* monotonic seconds */
	uint8_t		 restricted;	/* came in on the restricted socket */
	char		 rbuf[512];
	size_t		 rlen;
	char		*out;
	size_t		 outlen;
	size_t		 outoff;
	uint8_t		 monitor;	/* "monitor": events until it closes */
};

/*
 * Monitor clients get every event as a JSON line.  A client that does not
 * read loses its connection once CTL_BACKLOG bytes are waiting for it;
 * dcvifd does not block on it nor grow without bound.
 */
#define CTL_MONITORS	16
#define CTL_BACKLOG	(1 << 20)

/* [0] the control socket, [1] the restricted one */
static struct evh	 ctl_ev[2] = { { .fd = -1 }, { .fd = -1 } };
static char		 ctl_path[2][108];
static unsigned int	 ctl_nclients[2];
static struct ctl_conn	*ctl_conns;
static struct evh	 ctl_sweep = { .fd = -1 };
static time_t		 ctl_full_logged[2];
static struct ctl_conn	*monitors[CTL_MONITORS];

/* the prefix limits and what they did */
/* the prefix lists and policies in use, by name (absent: none) */
static void
json_filters(const struct peer *p, json_object *o)
{
	static const char *const k[] = { "import_prefix_list",
	    "export_prefix_list", "import_policy", "export_policy" };
	const char *v[] = { p->conf.plist_in_name, p->conf.plist_out_name,
	    p->conf.pol_in_name, p->conf.pol_out_name };
	size_t i;

	for (i = 0; i < 4; i++)
		if (v[i][0])
			json_object_object_add(o, k[i],
			    json_object_new_string(v[i]));
}

static void
json_maxpfx(const struct peer *p, json_object *o)
{
	json_object *m = json_object_new_object(), *h;
	uint64_t held = 0;
	uint8_t aid;

	json_object_object_add(m, "out", json_object_new_int64(
	    p->conf.maxpfx_out));
	json_object_object_add(m, "out_source", json_object_new_string(
	    p->conf.maxpfx_out == 0 ? "none" : p->conf.maxpfx_out_set ?
	    "config" : "aws"));
	h = json_object_new_object();
	for (aid = AID_INET; aid < AID_MAX; aid++) {
		held += p->stats.held_aid[aid];
		json_object_object_add(h, aid_name(aid),
		    json_object_new_int64((int64_t)p->stats.held_aid[aid]));
	}
	json_object_object_add(m, "held", h);
	json_object_object_add(m, "held_now", json_object_new_int64(
	    (int64_t)held));
	json_object_object_add(m, "held_total", json_object_new_int64(
	    (int64_t)p->stats.held_total));
	json_object_object_add(m, "in", json_object_new_int64(
	    p->conf.maxpfx_in));
	if (p->conf.maxpfx_in) {
		json_object_object_add(m, "in_action", json_object_new_string(
		    p->conf.maxpfx_warn ? "warning-only" : "idle"));
		json_object_object_add(m, "in_restart", json_object_new_int(
		    p->conf.maxpfx_restart));
	}
	json_object_object_add(m, "in_exceeded", json_object_new_int64(
	    p->stats.maxpfx_in_hits));
	json_object_object_add(m, "idle", json_object_new_boolean(
	    p->maxpfx_idle));
	json_object_object_add(o, "prefix_limit", m);
}

static json_object *
json_neighbor(const struct peer *p)
{
	json_object *o = json_object_new_object(), *m;
	char a[64];
	static const char *mnames[] = { "", "open", "update", "notification",
	    "keepalive", "refresh" };
	int i;

	addr_str(&p->conf.remote, a, sizeof(a));
	json_object_object_add(o, "neighbor", json_object_new_string(a));
	json_object_object_add(o, "description",
	    json_object_new_string(p->conf.descr));
	json_object_object_add(o, "remote_as",
	    json_object_new_int64(p->conf.remote_as));
	json_object_object_add(o, "interface",
	    json_object_new_string(p->conf.ifname));
	json_object_object_add(o, "vif", json_object_new_boolean(
	    p->conf.from_vif));
	json_object_object_add(o, "state",
	    json_object_new_string(state_name(p->state)));
	json_object_object_add(o, "since",
	    json_object_new_int64(getmonotime() - p->since));
	if (p->state == STATE_ESTABLISHED) {
		struct bgp_addr rid = { .aid = AID_INET };

		memcpy(rid.addr, &p->remote_id, 4);
		addr_str(&rid, a, sizeof(a));
		json_object_object_add(o, "remote_id",
		    json_object_new_string(a));
		addr_str(&p->local_addr, a, sizeof(a));
		json_object_object_add(o, "local_address",
		    json_object_new_string(a));
		json_object_object_add(o, "hold_time",
		    json_object_new_int(p->holdtime));
		json_object_object_add(o, "keepalive",
		    json_object_new_int(p->keepalive));
		json_object_object_add(o, "as4", json_object_new_boolean(p->as4));
		json_object_object_add(o, "route_refresh",
		    json_object_new_boolean(p->refresh));
		m = json_object_new_array();
		if (p->aids & AID_BIT(AID_INET))
			json_object_array_add(m, json_object_new_string("ipv4"));
		if (p->aids & AID_BIT(AID_INET6))
			json_object_array_add(m, json_object_new_string("ipv6"));
		json_object_object_add(o, "families", m);
		json_object_object_add(o, "ifindex",
		    json_object_new_int(p->ifindex));
	}
	json_object_object_add(o, "md5", json_object_new_boolean(
	    p->conf.md5key[0] != '\0'));
	json_object_object_add(o, "prefixes_received",
	    json_object_new_int64((int64_t)p->stats.prefixes_rcvd));
	json_object_object_add(o, "prefixes_sent",
	    json_object_new_int64((int64_t)p->stats.prefixes_sent));
	json_object_object_add(o, "prefixes_filtered_in",
	    json_object_new_int64((int64_t)p->stats.filtered_in));
	json_maxpfx(p, o);
	json_filters(p, o);
	json_object_object_add(o, "established",
	    json_object_new_int64(p->stats.established));
	json_object_object_add(o, "flaps", json_object_new_int64(p->stats.flaps));
	json_object_object_add(o, "updates_treated_as_withdraw",
	    json_object_new_int64((int64_t)p->stats.updates_taw));
	json_object_object_add(o, "attributes_discarded",
	    json_object_new_int64((int64_t)p->stats.attrs_discarded));
	m = json_object_new_object();
	for (i = 1; i < 6; i++)
		json_object_object_add(m, mnames[i],
		    json_object_new_int64((int64_t)p->stats.msg_sent[i]));
	json_object_object_add(o, "messages_sent", m);
	m = json_object_new_object();
	for (i = 1; i < 6; i++)
		json_object_object_add(m, mnames[i],
		    json_object_new_int64((int64_t)p->stats.msg_rcvd[i]));
	json_object_object_add(o, "messages_received", m);
	if (p->stats.last_sent_code) {
		snprintf(a, sizeof(a), "%u/%u", p->stats.last_sent_code,
		    p->stats.last_sent_sub);
		json_object_object_add(o, "last_notification_sent",
		    json_object_new_string(a));
	}
	if (p->stats.last_rcvd_code) {
		snprintf(a, sizeof(a), "%u/%u", p->stats.last_rcvd_code,
		    p->stats.last_rcvd_sub);
		json_object_object_add(o, "last_notification_received",
		    json_object_new_string(a));
	}
	if (p->stats.last_error[0])
		json_object_object_add(o, "last_error",
		    json_object_new_string(p->stats.last_error));
	bfd_json(p, o);
	return o;
}

json_object *
control_json_neighbors(void)
{
	json_object *arr = json_object_new_array();
	int i;

	for (i = 0; i < MAX_PEERS; i++)
		if (peers[i])
			json_object_array_add(arr, json_neighbor(peers[i]));
	return arr;
}

static json_object *
json_error(const char *fmt, const char *arg)
{
	json_object *o = json_object_new_object();
	char buf[256];

	snprintf(buf, sizeof(buf), fmt, arg);
	json_object_object_add(o, "error", json_object_new_string(buf));
	return o;
}

json_object *
control_json_summary(void)
{
	json_object *o = json_object_new_object();
	const struct rde_stats *rs = rde_get_stats();
	const struct kr_stats *ks = kr_get_stats();
	struct bgp_addr rid = { .aid = AID_INET };
	char a[64];

	memcpy(rid.addr, &conf->router_id, 4);
	addr_str(&rid, a, sizeof(a));
	json_object_object_add(o, "router_id", json_object_new_string(a));
	json_object_object_add(o, "local_as", json_object_new_int64(conf->as));
	json_object_object_add(o, "prefixes_ipv4",
	    json_object_new_int64((int64_t)rs->prefixes[AID_INET]));
	json_object_object_add(o, "prefixes_ipv6",
	    json_object_new_int64((int64_t)rs->prefixes[AID_INET6]));
	json_object_object_add(o, "paths",
	    json_object_new_int64((int64_t)rs->paths));
	json_object_object_add(o, "attribute_sets",
	    json_object_new_int64((int64_t)rs->aspaths));
	json_object_object_add(o, "rib_bytes",
	    json_object_new_int64((int64_t)rde_memory()));
	json_object_object_add(o, "fib_routes",
	    json_object_new_int64((int64_t)ks->routes));
	json_object_object_add(o, "fib_nexthops",
	    json_object_new_int64((int64_t)ks->nexthops));
	json_object_object_add(o, "fib_groups",
	    json_object_new_int64((int64_t)ks->groups));
	json_object_object_add(o, "fib_messages",
	    json_object_new_int64((int64_t)ks->msgs));
	json_object_object_add(o, "fib_errors",
	    json_object_new_int64((int64_t)ks->errors));
	json_object_object_add(o, "fib_stale_removed",
	    json_object_new_int64((int64_t)ks->stale_removed));
	json_object_object_add(o, "fib_resyncs",
	    json_object_new_int64((int64_t)ks->resyncs));
	json_object_object_add(o, "fib_nexthops_reinstalled",
	    json_object_new_int64((int64_t)ks->nh_reinstalled));
	json_object_object_add(o, "fib_routes_reinstalled",
	    json_object_new_int64((int64_t)ks->reinstalled));
	json_object_object_add(o, "fib_group_updates",
	    json_object_new_int64((int64_t)ks->group_updates));
	if (ks->last_error[0])
		json_object_object_add(o, "fib_last_error",
		    json_object_new_string(ks->last_error));
	return o;
}

static int
parse_addr_arg(const char *s, struct bgp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1)
		a->aid = AID_INET;
	else if (inet_pton(AF_INET6, s, a->addr) == 1)
		a->aid = AID_INET6;
	else
		return -1;
	return 0;
}

/* failover-test start VIF [peer ADDR] [minutes N] | stop VIF | history */
static json_object *
control_ftest(int argc, char *argv[])
{
	const char *peer = NULL;
	unsigned long minutes = FTEST_DEFAULT_MIN;
	char *end;
	int i;

	if (argc == 2 && strcmp(argv[1], "history") == 0)
		return ftest_history();
	if (argc == 3 && strcmp(argv[1], "stop") == 0)
		return ftest_stop(argv[2]);
	if (argc < 3 || strcmp(argv[1], "start") != 0)
		return json_error("expected failover-test start VIF [peer "
		    "ADDRESS] [minutes N], stop VIF or history%s", "");
	for (i = 3; i < argc; i += 2) {
		if (i + 1 == argc)
			return json_error("'%s' needs a value", argv[i]);
		if (strcmp(argv[i], "peer") == 0) {
			peer = argv[i + 1];
		} else if (strcmp(argv[i], "minutes") == 0) {
			errno = 0;
			minutes = strtoul(argv[i + 1], &end, 10);
			if (errno || *end || end == argv[i + 1] ||
			    minutes < 1 || minutes > FTEST_MAX_MIN)
				return json_error("minutes: 1 to 4320, got "
				    "'%s'", argv[i + 1]);
		} else {
			return json_error("expected 'peer' or 'minutes', got "
			    "'%s'", argv[i]);
		}
	}
	return ftest_start(argv[2], peer, (unsigned int)minutes);
}

/* what the restricted socket takes: looking, not acting */
static int
ctl_readonly(int argc, char *argv[])
{
	return strcmp(argv[0], "show") == 0 || (argc == 2 &&
	    strcmp(argv[0], "failover-test") == 0 &&
	    strcmp(argv[1], "history") == 0);
}

static json_object *
control_command(char *line, int restricted)
{
	char *argv[8], *save = NULL, *t;
	int argc = 0;
	struct bgp_addr a;
	struct peer *p;

	for (t = strtok_r(line, " \t\r\n", &save); t && argc < 8;
	    t = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = t;
	if (argc == 0)
		return json_error("empty command%s", "");
	if (restricted && !ctl_readonly(argc, argv))
		return json_error("'%s' changes state: the restricted socket "
		    "only shows; use the control socket (mode 0660, root "
		    "and the control-group)", argv[0]);
	if (argc == 2 && strcmp(argv[0], "show") == 0 &&
	    strcmp(argv[1], "neighbors") == 0)
		return control_json_neighbors();
	if (argc == 3 && strcmp(argv[0], "show") == 0 &&
	    strcmp(argv[1], "neighbor") == 0) {
		if (parse_addr_arg(argv[2], &a) == -1)
			return json_error("bad address '%s'", argv[2]);
		if ((p = session_peer_find(&a)) == NULL)
			return json_error("no such neighbor %s", argv[2]);
		return json_neighbor(p);
	}
	if ((argc == 2 || argc == 3) && strcmp(argv[0], "show") == 0 &&
	    strcmp(argv[1], "routes") == 0) {
		struct bgp_prefix pfx;

		if (argc == 3) {
			if (prefix_parse(argv[2], &pfx) == -1)
				return json_error("bad prefix '%s'", argv[2]);
			return rde_json_routes(&pfx, 0);
		}
		return rde_json_routes(NULL, 0);
	}
	if (argc == 2 && strcmp(argv[0], "show") == 0 &&
	    strcmp(argv[1], "summary") == 0)
		return control_json_summary();
	if (argc == 2 && strcmp(argv[0], "show") == 0 &&
	    strcmp(argv[1], "vifs") == 0)
		return vif_json();
	if ((argc == 3 || argc == 4) && strcmp(argv[0], "clear") == 0 &&
	    strcmp(argv[1], "neighbor") == 0) {
		json_object *o;

		if (argc == 4 && strcmp(argv[3], "soft") != 0)
			return json_error("expected 'soft', got '%s'",
			    argv[3]);
		if (parse_addr_arg(argv[2], &a) == -1)
			return json_error("bad address '%s'", argv[2]);
		if ((p = session_peer_find(&a)) == NULL)
			return json_error("no such neighbor %s", argv[2]);
		session_clear(p, argc == 4);
		o = json_object_new_object();
		json_object_object_add(o, "result",
		    json_object_new_string(argc == 4 ? "soft reset" :
		    "reset"));
		return o;
	}
	if (argc >= 2 && strcmp(argv[0], "failover-test") == 0)
		return control_ftest(argc, argv);
	return json_error("unknown command '%s'", argv[0]);
}

static void
ctl_close(struct ctl_conn *c)
{
	size_t i;

	struct ctl_conn **pp;

	for (i = 0; i < CTL_MONITORS; i++)
		if (monitors[i] == c)
			monitors[i] = NULL;
	for (pp = &ctl_conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	ctl_nclients[c->restricted]--;
	ev_del(&c->ev);
	free(c->out);
	free(c);
}

static int	ctl_monitor_start(struct ctl_conn *);

static void
ctl_cb(struct evh *e, uint32_t events)
{
	struct ctl_conn *c = (struct ctl_conn *)e;
	ssize_t n;

	if (c->monitor && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
		/* a monitor says nothing more: anything is ignored, EOF ends */
		n = read(e->fd, c->rbuf, sizeof(c->rbuf));
		if (n == 0 || (n == -1 && errno != EAGAIN)) {
			ctl_close(c);
			return;
		}
		if (!(events & EPOLLOUT))
			return;
	}
	if (!c->monitor && c->out == NULL &&
	    (events & (EPOLLIN | EPOLLHUP))) {
		n = read(e->fd, c->rbuf + c->rlen, sizeof(c->rbuf) - 1 -
		    c->rlen);
		if (n <= 0) {
			if (n == -1 && errno == EAGAIN)
				return;
			ctl_close(c);
			return;
		}
		c->rlen += (size_t)n;
		c->rbuf[c->rlen] = '\0';
		if (strchr(c->rbuf, '\n') == NULL &&
		    c->rlen < sizeof(c->rbuf) - 1)
			return;
		json_object *o = ctl_monitor_start(c) ? NULL :
		    control_command(c->rbuf, c->restricted);

		if (o == NULL)
			o = json_object_new_object();
		if (c->monitor)
			json_object_object_add(o, "monitor",
			    json_object_new_boolean(1));
		const char *s = json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN);

		c->outlen = strlen(s) + 1;
		c->out = malloc(c->outlen);
		if (c->out == NULL) {
			json_object_put(o);
			ctl_close(c);
			return;
		}
		memcpy(c->out, s, c->outlen - 1);
		c->out[c->outlen - 1] = '\n';
		json_object_put(o);
		ev_mod(e, EPOLLOUT);
		/* the command may have run a lot: write when writable */
		return;
	}
	if (c->out && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
		n = write(e->fd, c->out + c->outoff, c->outlen - c->outoff);
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			ctl_close(c);
			return;
		}
		c->outoff += (size_t)n;
		if (c->outoff < c->outlen)
			return;
		if (!c->monitor) {
			ctl_close(c);
			return;
		}
		free(c->out);
		c->out = NULL;
		c->outlen = c->outoff = 0;
		ev_mod(e, EPOLLIN);
	}
}

/* "monitor": 1 if the connection became a monitor (or was refused one) */
static int
ctl_monitor_start(struct ctl_conn *c)
{
	size_t i;

	if (strncmp(c->rbuf, "monitor", 7) != 0 ||
	    (c->rbuf[7] != '\n' && c->rbuf[7] != '\r' && c->rbuf[7] != '\0'))
		return 0;
	for (i = 0; i < CTL_MONITORS; i++)
		if (monitors[i] == NULL) {
			monitors[i] = c;
			c->monitor = 1;
			return 1;
		}
	return 0;	/* control_command says "unknown": no slot */
}

static void
ctl_stamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ldZ", ts.tv_nsec / 1000);
}

/* one event to every monitor client; takes o */
static void
control_event(json_object *o)
{
	const char *s;
	size_t i, len;
	char *n;

	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(s);
	for (i = 0; i < CTL_MONITORS; i++) {
		struct ctl_conn *c = monitors[i];

		if (c == NULL)
			continue;
		if (c->outlen - c->outoff + len + 1 > CTL_BACKLOG) {
			log_warnx("control: a monitor client does not read; "
			    "closed");
			ctl_close(c);
			continue;
		}
		if ((n = realloc(c->out, c->outlen + len + 1)) == NULL) {
			ctl_close(c);
			continue;
		}
		memcpy(n + c->outlen, s, len);
		n[c->outlen + len] = '\n';
		if (c->out == NULL)
			ev_mod(&c->ev, EPOLLIN | EPOLLOUT);
		c->out = n;
		c->outlen += len + 1;
	}
	json_object_put(o);
}

/* session.c: a BGP session changed state */
void
control_peer_event(const struct peer *p, const char *reason)
{
	json_object *o;
	char a[64];
	size_t i;

	for (i = 0; i < CTL_MONITORS && monitors[i] == NULL; i++)
		;
	if (i == CTL_MONITORS)
		return;
	o = json_object_new_object();
	ctl_stamp(a, sizeof(a));
	json_object_object_add(o, "time", json_object_new_string(a));
	json_object_object_add(o, "event", json_object_new_string("bgp"));
	json_object_object_add(o, "dev", json_object_new_string(
	    p->conf.ifname[0] ? p->conf.ifname : "-"));
	addr_str(&p->conf.remote, a, sizeof(a));
	json_object_object_add(o, "neighbor", json_object_new_string(a));
	json_object_object_add(o, "remote_as",
	    json_object_new_int64(p->conf.remote_as));
	json_object_object_add(o, "old_state",
	    json_object_new_string(state_name(p->prev_state)));
	json_object_object_add(o, "state",
	    json_object_new_string(state_name(p->state)));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	if (p->state == STATE_IDLE && p->stats.last_error[0])
		json_object_object_add(o, "last_error",
		    json_object_new_string(p->stats.last_error));
	json_object_object_add(o, "prefixes_received",
	    json_object_new_int64((int64_t)p->stats.prefixes_rcvd));
	control_event(o);
}

/* every second while clients are connected: close the idle ones */
static void
ctl_sweep_cb(struct evh *e, uint32_t events)
{
	struct ctl_conn *c, *next;
	uint64_t n;
	time_t now = getmonotime();

	(void)events;
	if (read(e->fd, &n, sizeof(n)) == -1 && errno != EAGAIN)
		log_warn("%s: read", __func__);
	for (c = ctl_conns; c; c = next) {
		next = c->next;
		if (!c->monitor && c->out == NULL &&
		    now - c->opened >= DCVIF_CTL_IDLE_SEC)
			ctl_close(c);
	}
	if (ctl_conns)
		timer_set(&ctl_sweep, 1);
}

static void
ctl_accept(struct evh *e, uint32_t events)
{
	static const char full[] = "{\"error\":\"too many control "
	    "clients\"}\n";
	int restricted = e == &ctl_ev[1];
	struct ctl_conn *c;
	time_t now;
	int fd;

	(void)events;
	fd = accept4(e->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1)
		return;
	now = getmonotime();
	if (ctl_nclients[restricted] >= DCVIF_CTL_CLIENTS) {
		/* told, not queued: nothing waits on a client */
		(void)!write(fd, full, sizeof(full) - 1);
		close(fd);
		if (now - ctl_full_logged[restricted] >= 60) {
			ctl_full_logged[restricted] = now;
			log_warnx("control: %u clients on %s, refusing more "
			    "(logged once a minute)", DCVIF_CTL_CLIENTS,
			    ctl_path[restricted]);
		}
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		close(fd);
		return;
	}
	if (ev_add(&c->ev, fd, EPOLLIN, ctl_cb, c) == -1) {
		close(fd);
		free(c);
		return;
	}
	c->restricted = (uint8_t)restricted;
	c->opened = now;
	c->next = ctl_conns;
	if (ctl_conns == NULL)
		timer_set(&ctl_sweep, 1);
	ctl_conns = c;
	ctl_nclients[restricted]++;
}

/* a listening socket at path, mode 0660 root:group or 0666 */
static int
ctl_listen(int which, const char *path, const char *group)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct group *gr;
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("%s: socket", __func__);
		return -1;
	}
	unlink(path);
	old = umask(which ? 0111 : 0117);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		umask(old);
		log_warn("%s: bind %s", __func__, path);
		close(fd);
		return -1;
	}
	umask(old);
	if (!which && group && group[0]) {
		if ((gr = getgrnam(group)) == NULL) {
			log_warnx("%s: no group %s", __func__, group);
		} else if (chown(path, 0, gr->gr_gid) == -1) {
			log_warn("%s: chown %s", __func__, path);
		}
	}
	if (listen(fd, 16) == -1) {
		log_warn("%s: listen", __func__);
		close(fd);
		return -1;
	}
	strcpy(ctl_path[which], path);
	return ev_add(&ctl_ev[which], fd, EPOLLIN, ctl_accept, NULL);
}

/* the control socket at path; the restricted one at rpath unless NULL */
int
control_init(const char *path, const char *rpath, const char *group)
{
	if (ctl_listen(0, path, group) == -1)
		return -1;
	if (rpath && ctl_listen(1, rpath, NULL) == -1) {
		log_warnx("restricted control socket %s failed", rpath);
		return -1;
	}
	return timer_init(&ctl_sweep, ctl_sweep_cb, NULL);
}

/* the sockets' files, by the parent when the engine could not (priv.c) */
void
control_unlink(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (ctl_path[i][0])
			unlink(ctl_path[i]);
}

void
control_shutdown(void)
{
	int i;

	while (ctl_conns)
		ctl_close(ctl_conns);
	timer_free(&ctl_sweep);
	for (i = 0; i < 2; i++) {
		ev_del(&ctl_ev[i]);
		if (ctl_path[i][0])
			unlink(ctl_path[i]);
	}
}
