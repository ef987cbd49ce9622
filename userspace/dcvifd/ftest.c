// SPDX-License-Identifier: GPL-2.0
/*
 * BGP failover tests, as AWS's StartBgpFailoverTest does them from its side:
 * the BGP sessions of one VIF (or one of its peers) go down administratively
 * (Cease/Administrative Shutdown with a shutdown communication, RFC 9003)
 * for a number of minutes (180 by default, at most 4320), then come back by
 * themselves, or on "failover-test stop". The tests, running and past, are
 * kept in STATE-DIRECTORY/failover-tests.json: a test survives a restart of
 * dcvifd (a test that ended while dcvifd was not running is closed when it
 * starts), and "failover-test history" lists them (the last FTEST_KEEP).
 *
 * A VIF is the interface of the neighbors: a vif block's name, or the
 * "interface" of neighbor blocks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dcvifd.h"

#define FTEST_FILE	"failover-tests.json"
#define FTEST_KEEP	100
#define FTEST_PEERS	2		/* a VIF: one peer per family */

struct ftest {
	uint32_t	 id;
	char		 vif[IF_NAMESIZE];
	struct bgp_addr	 peers[FTEST_PEERS];
	int		 npeers;
	unsigned int	 minutes;
	time_t		 start;
	time_t		 until;
	time_t		 end;		/* 0: running */
	char		 status[16];	/* running, completed, stopped */
};

static struct ftest	*tests;
static size_t		 ntests;
static uint32_t		 next_id = 1;
static struct evh	 t_end = { .fd = -1 };
static char		 save_error[160];

static void	ftest_arm(void);

static void
iso_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t
parse_iso(const char *s)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) ==
	    NULL || *end)
		return 0;
	return timegm(&tm);
}

static int
running(const struct ftest *t)
{
	return t->end == 0;
}

static json_object *
test_json(const struct ftest *t)
{
	json_object *o = json_object_new_object(), *a;
	char buf[INET6_ADDRSTRLEN];
	int i;

	json_object_object_add(o, "id", json_object_new_int64(t->id));
	json_object_object_add(o, "vif", json_object_new_string(t->vif));
	a = json_object_new_array();
	for (i = 0; i < t->npeers; i++) {
		addr_str(&t->peers[i], buf, sizeof(buf));
		json_object_array_add(a, json_object_new_string(buf));
	}
	json_object_object_add(o, "peers", a);
	json_object_object_add(o, "minutes", json_object_new_int(
	    (int)t->minutes));
	iso_time(t->start, buf, sizeof(buf));
	json_object_object_add(o, "start", json_object_new_string(buf));
	iso_time(t->until, buf, sizeof(buf));
	json_object_object_add(o, "until", json_object_new_string(buf));
	if (t->end) {
		iso_time(t->end, buf, sizeof(buf));
		json_object_object_add(o, "end", json_object_new_string(buf));
	}
	json_object_object_add(o, "status", json_object_new_string(
	    t->status));
	return o;
}

/*
 * The state file's path: in the state directory, which is the engine's
 * working directory (and root) when privileges are separated (priv.c).
 */
static void
ftest_path(char *path, size_t len)
{
	if (state_in_cwd)
		snprintf(path, len, "%s", FTEST_FILE);
	else
		snprintf(path, len, "%s/%s", conf->statedir, FTEST_FILE);
}

/* the state file, written to a temporary file and renamed into place */
static int
ftest_save(void)
{
	char path[sizeof(conf->statedir) + 32], tmp[sizeof(path) + 8];
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	size_t i;
	int rv = 0;

	for (i = 0; i < ntests; i++)
		json_object_array_add(a, test_json(&tests[i]));
	json_object_object_add(o, "tests", a);
	ftest_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	save_error[0] = '\0';
	if (!state_in_cwd && mkdir(conf->statedir, 0755) == -1 &&
	    errno != EEXIST) {
		snprintf(save_error, sizeof(save_error), "mkdir %s: %s",
		    conf->statedir, strerror(errno));
		rv = -1;
	} else if (json_object_to_file_ext(tmp, o, JSON_C_TO_STRING_PRETTY) ==
	    -1 || rename(tmp, path) == -1) {
		snprintf(save_error, sizeof(save_error), "write %s: %s", path,
		    strerror(errno));
		unlink(tmp);
		rv = -1;
	}
	if (rv == -1)
		log_warnx("failover tests not saved: %s", save_error);
	json_object_put(o);
	return rv;
}

static struct ftest *
test_add(void)
{
	struct ftest *nt;

	if (ntests == FTEST_KEEP) {
		/* forget the oldest that has ended */
		size_t i;

		for (i = 0; i < ntests && running(&tests[i]); i++)
			;
		if (i == ntests)
			return NULL;
		memmove(&tests[i], &tests[i + 1],
		    (ntests - i - 1) * sizeof(*tests));
		ntests--;
	}
	nt = reallocarray(tests, ntests + 1, sizeof(*tests));
	if (nt == NULL)
		return NULL;
	tests = nt;
	memset(&tests[ntests], 0, sizeof(*tests));
	return &tests[ntests++];
}

static void
ftest_load(void)
{
	char path[sizeof(conf->statedir) + 32];
	json_object *o, *a, *v;
	size_t i, j;
	time_t now = time(NULL);
	int changed = 0;

	ftest_path(path, sizeof(path));
	if ((o = json_object_from_file(path)) == NULL) {
		if (errno != ENOENT)
			log_warnx("failover tests: cannot read %s: %s", path,
			    json_util_get_last_err());
		return;
	}
	if (!json_object_object_get_ex(o, "tests", &a) ||
	    !json_object_is_type(a, json_type_array)) {
		log_warnx("failover tests: %s has no tests array, ignored",
		    path);
		json_object_put(o);
		return;
	}
	for (i = 0; i < json_object_array_length(a); i++) {
		json_object *e = json_object_array_get_idx(a, i), *pa;
		struct ftest *t;
		const char *vif;

		if (!json_object_object_get_ex(e, "vif", &v) ||
		    (vif = json_object_get_string(v)) == NULL ||
		    strlen(vif) >= IF_NAMESIZE ||
		    !json_object_object_get_ex(e, "peers", &pa) ||
		    !json_object_is_type(pa, json_type_array) ||
		    (t = test_add()) == NULL)
			continue;
		strcpy(t->vif, vif);
		if (json_object_object_get_ex(e, "id", &v))
			t->id = (uint32_t)json_object_get_int64(v);
		if (json_object_object_get_ex(e, "minutes", &v))
			t->minutes = (unsigned int)json_object_get_int(v);
		for (j = 0; j < json_object_array_length(pa) &&
		    t->npeers < FTEST_PEERS; j++) {
			const char *s = json_object_get_string(
			    json_object_array_get_idx(pa, j));
			struct bgp_addr *b = &t->peers[t->npeers];

			if (s && inet_pton(AF_INET, s, b->addr) == 1)
				b->aid = AID_INET;
			else if (s && inet_pton(AF_INET6, s, b->addr) == 1)
				b->aid = AID_INET6;
			else
				continue;
			t->npeers++;
		}
		t->start = json_object_object_get_ex(e, "start", &v) ?
		    parse_iso(json_object_get_string(v)) : 0;
		t->until = json_object_object_get_ex(e, "until", &v) ?
		    parse_iso(json_object_get_string(v)) : 0;
		t->end = json_object_object_get_ex(e, "end", &v) ?
		    parse_iso(json_object_get_string(v)) : 0;
		snprintf(t->status, sizeof(t->status), "%s",
		    json_object_object_get_ex(e, "status", &v) ?
		    json_object_get_string(v) : "completed");
		if (t->start == 0 || t->until == 0 || t->npeers == 0) {
			ntests--;
			continue;
		}
		if (t->id >= next_id)
			next_id = t->id + 1;
		if (running(t) && t->until <= now) {
			/* ended while dcvifd was not running */
			t->end = t->until;
			strcpy(t->status, "completed");
			changed = 1;
		} else if (running(t)) {
			strcpy(t->status, "running");
			log_info("failover test %u on %s resumed, until %lld "
			    "s from now", t->id, t->vif,
			    (long long)(t->until - now));
		}
	}
	json_object_put(o);
	if (changed)
		ftest_save();
}

static int
covers(const struct ftest *t, const struct bgp_addr *a)
{
	int i;

	for (i = 0; i < t->npeers; i++)
		if (memcmp(&t->peers[i], a, sizeof(*a)) == 0)
			return 1;
	return 0;
}

int
ftest_holds(const struct peer *p)
{
	size_t i;

	for (i = 0; i < ntests; i++)
		if (running(&tests[i]) && covers(&tests[i], &p->conf.remote))
			return 1;
	return 0;
}

/* the test ends: its peers come back */
static void
test_end(struct ftest *t, const char *status)
{
	int i;

	t->end = time(NULL);
	snprintf(t->status, sizeof(t->status), "%s", status);
	log_info("failover test %u on %s %s", t->id, t->vif, status);
	for (i = 0; i < t->npeers; i++) {
		struct peer *p = session_peer_find(&t->peers[i]);

		if (p && !ftest_holds(p))
			session_admin_up(p);
	}
}

static void
t_end_cb(struct evh *e, uint32_t ev)
{
	time_t now = time(NULL);
	size_t i;
	int changed = 0;

	(void)e;
	(void)ev;
	for (i = 0; i < ntests; i++)
		if (running(&tests[i]) && tests[i].until <= now) {
			test_end(&tests[i], "completed");
			changed = 1;
		}
	if (changed)
		ftest_save();
	ftest_arm();
}

/* the timer for the next end: wall clock, so checked again each minute */
static void
ftest_arm(void)
{
	time_t now = time(NULL), next = 0;
	size_t i;

	for (i = 0; i < ntests; i++)
		if (running(&tests[i]) && (next == 0 || tests[i].until < next))
			next = tests[i].until;
	if (next == 0) {
		timer_set(&t_end, 0);
		return;
	}
	next -= now;
	timer_set(&t_end, next < 1 ? 1 : next > 60 ? 60 : (unsigned int)next);
}

int
ftest_init(void)
{
	if (timer_init(&t_end, t_end_cb, NULL) == -1)
		return -1;
	ftest_load();
	ftest_arm();
	return 0;
}

void
ftest_shutdown(void)
{
	timer_free(&t_end);
	free(tests);
	tests = NULL;
	ntests = 0;
}

static json_object *
err_json(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_object *
err_json(const char *fmt, ...)
{
	json_object *o = json_object_new_object();
	char buf[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_object_add(o, "error", json_object_new_string(buf));
	return o;
}

/* a test started or ended: saved, the timer set, the test as the answer */
static json_object *
changed_reply(const struct ftest *t)
{
	json_object *o = test_json(t);

	if (ftest_save() == -1)
		json_object_object_add(o, "not_saved",
		    json_object_new_string(save_error));
	ftest_arm();
	return o;
}

json_object *
ftest_start(const char *vif, const char *peer, unsigned int minutes)
{
	struct bgp_addr want = { 0 }, found[FTEST_PEERS];
	char msg[200], until[32];
	struct ftest *t;
	int i, n = 0;
	size_t k;

	if (minutes < 1 || minutes > FTEST_MAX_MIN)
		return err_json("minutes: 1 to %d (AWS's limit)",
		    FTEST_MAX_MIN);
	if (peer) {
		if (inet_pton(AF_INET, peer, want.addr) == 1)
			want.aid = AID_INET;
		else if (inet_pton(AF_INET6, peer, want.addr) == 1)
			want.aid = AID_INET6;
		else
			return err_json("bad address '%s'", peer);
	}
	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || strcmp(p->conf.ifname, vif) != 0)
			continue;
		if (peer && memcmp(&p->conf.remote, &want, sizeof(want)) != 0)
			continue;
		if (n == FTEST_PEERS)
			return err_json("%s has more than %d neighbors: name "
			    "one with 'peer ADDRESS'", vif, FTEST_PEERS);
		found[n++] = p->conf.remote;
	}
	if (n == 0)
		return peer ? err_json("no neighbor %s on %s", peer, vif) :
		    err_json("no neighbor on %s (a vif block's name, or the "
		    "interface of neighbor blocks)", vif);
	for (k = 0; k < ntests; k++)
		for (i = 0; i < n; i++)
			if (running(&tests[k]) && covers(&tests[k], &found[i])) {
				iso_time(tests[k].until, until, sizeof(until));
				return err_json("failover test %u on %s runs "
				    "until %s: stop it first", tests[k].id,
				    tests[k].vif, until);
			}
	if ((t = test_add()) == NULL)
		return err_json("%d tests running: stop one first",
		    FTEST_KEEP);
	t->id = next_id++;
	snprintf(t->vif, sizeof(t->vif), "%s", vif);
	memcpy(t->peers, found, sizeof(found[0]) * (size_t)n);
	t->npeers = n;
	t->minutes = minutes;
	t->start = time(NULL);
	t->until = t->start + (time_t)minutes * 60;
	strcpy(t->status, "running");
	iso_time(t->until, until, sizeof(until));
	snprintf(msg, sizeof(msg), "BGP failover test %u on %s until %s "
	    "(dcvifd)", t->id, vif, until);
	log_info("failover test %u on %s started for %u minutes", t->id, vif,
	    minutes);
	for (i = 0; i < n; i++) {
		struct peer *p = session_peer_find(&found[i]);

		if (p)
			session_admin_down(p, msg);
	}
	return changed_reply(t);
}

json_object *
ftest_stop(const char *vif)
{
	size_t k;

	for (k = 0; k < ntests; k++)
		if (running(&tests[k]) && strcmp(tests[k].vif, vif) == 0)
			break;
	if (k == ntests)
		return err_json("no failover test runs on %s", vif);
	test_end(&tests[k], "stopped");
	return changed_reply(&tests[k]);
}

/* newest first, as AWS's ListVirtualInterfaceTestHistory */
json_object *
ftest_history(void)
{
	json_object *a = json_object_new_array();
	size_t k;

	for (k = ntests; k > 0; k--)
		json_object_array_add(a, test_json(&tests[k - 1]));
	return a;
}
