// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl monitor: the kernel's events (BFD state changes, VIF carrier
 * changes, LAG member and LAG carrier changes) from the dcvif family's
 * "monitor" multicast group, and dcvifd's (BGP session state changes) from
 * its control socket, one line each, until SIGINT or SIGTERM.
 *
 * Netlink carries no timestamp, so an event is stamped when it is read;
 * lost events (receive buffer overrun) are reported on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "kcmd.h"

struct monitor {
	struct genl	*g;
	int		 json;
	char		 time[40];	/* when the event was read */
	int		 ctl;		/* dcvifd's control socket, or -1 */
	int		 ctl_said;	/* its absence was reported */
	int		 ctl_first;	/* its answer to "monitor" is next */
	char		 cbuf[16384];	/* a partial line from dcvifd */
	size_t		 clen;
};

static void
stamp(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%06ldZ", ts.tv_nsec / 1000);
}

static void
emit(const struct monitor *m, json_object *o, const char *text)
{
	if (m->json)
		printf("%s\n", json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		printf("%s %s\n", m->time, text);
	fflush(stdout);
}

static int
bfd_event(const struct monitor *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	char nb[IF_NAMESIZE + KCMD_NAMEBUF], text[256];
	char ob[KCMD_NAMEBUF], sb[KCMD_NAMEBUF], db[KCMD_NAMEBUF];
	const char *dev = "-", *old = "-", *new = "-", *diag = "-";
	const char *peer = "-";
	json_object *o, *v;

	if (genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) < 0)
		return -1;
	o = json_object_new_object();
	jadd_str(o, "time", m->time);
	jadd_str(o, "event", "bfd");
	if (tb[DCVIF_A_BFD_IFINDEX]) {
		uint32_t ifindex = mnl_attr_get_u32(tb[DCVIF_A_BFD_IFINDEX]);

		dev = ifname_str(ifindex, nb, 0);
		jadd_str(o, "dev", dev);
		jadd_u64(o, "ifindex", ifindex);
	}
	bfd_json_addrs(o, tb);
	if (json_object_object_get_ex(o, "peer", &v))
		peer = json_object_get_string(v);
	if (tb[DCVIF_A_BFD_LOCAL_DISCR])
		jadd_u64(o, "local_discr",
		    mnl_attr_get_u32(tb[DCVIF_A_BFD_LOCAL_DISCR]));
	if (tb[DCVIF_A_BFD_OLD_STATE]) {
		old = bfd_state_str(mnl_attr_get_u8(tb[DCVIF_A_BFD_OLD_STATE]),
		    ob);
		jadd_str(o, "old_state", old);
	}
	if (tb[DCVIF_A_BFD_STATE]) {
		new = bfd_state_str(mnl_attr_get_u8(tb[DCVIF_A_BFD_STATE]), sb);
		jadd_str(o, "state", new);
	}
	if (tb[DCVIF_A_BFD_DIAG]) {
		diag = bfd_diag_str(mnl_attr_get_u8(tb[DCVIF_A_BFD_DIAG]), db);
		jadd_str(o, "diag", diag);
	}
	snprintf(text, sizeof(text), "%s bfd peer %s %s -> %s diag %s", dev,
	    peer, old, new, diag);
	emit(m, o, text);
	json_object_put(o);
	return 0;
}

static int
carrier_event(const struct monitor *m, const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[DCVIF_A_VIF_MAX + 1];
	char nb[IF_NAMESIZE + KCMD_NAMEBUF], text[128], reason[40] = "";
	const char *dev = "-", *r;
	json_object *o;
	int carrier = -1;

	if (genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, tb) < 0)
		return -1;
	o = json_object_new_object();
	jadd_str(o, "time", m->time);
	jadd_str(o, "event", "carrier");
	/* The name sent with the event: the VIF may be gone by now. */
	if (tb[DCVIF_A_VIF_IFNAME])
		dev = mnl_attr_get_str(tb[DCVIF_A_VIF_IFNAME]);
	else if (tb[DCVIF_A_VIF_IFINDEX])
		dev = ifname_str(mnl_attr_get_u32(tb[DCVIF_A_VIF_IFINDEX]),
		    nb, 0);
	jadd_str(o, "dev", dev);
	if (tb[DCVIF_A_VIF_IFINDEX])
		jadd_u64(o, "ifindex",
		    mnl_attr_get_u32(tb[DCVIF_A_VIF_IFINDEX]));
	if (tb[DCVIF_A_VIF_CARRIER]) {
		carrier = mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER]) != 0;
		jadd_bool(o, "carrier", carrier);
	}
	if (tb[DCVIF_A_VIF_CARRIER_REASON]) {
		char rb[KCMD_NAMEBUF];

		r = carrier_reason_str(
		    mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER_REASON]), rb);
		jadd_str(o, "carrier_reason", r);
		snprintf(reason, sizeof(reason), " (%s)", r);
	}
	snprintf(text, sizeof(text), "%s carrier %s%s", dev,
	    carrier < 0 ? "-" : carrier ? "on" : "off", reason);
	emit(m, o, text);
	json_object_put(o);
	return 0;
}

/* "lag0 member a0 active off (carrier)" */
static int
lag_member_event(const struct monitor *m, const struct nlmsghdr *nlh)
{
	json_object *lag, *o, *arr, *mem, *v;
	char text[160], reason[40], b1[32], b2[32], b3[32];
	size_t i;

	if ((lag = lag_json(nlh, 0)) == NULL)
		return -1;
	if (!json_object_object_get_ex(lag, "member", &arr) ||
	    json_object_array_length(arr) == 0) {
		json_object_put(lag);
		return -1;
	}
	for (i = 0; i < json_object_array_length(arr); i++) {
		mem = json_object_array_get_idx(arr, i);
		o = json_object_new_object();
		jadd_str(o, "time", m->time);
		jadd_str(o, "event", "lag_member");
		jadd_str(o, "dev", jfield(lag, "dev", b1, sizeof(b1)));
		if (json_object_object_get_ex(lag, "ifindex", &v))
			json_object_object_add(o, "ifindex", json_object_get(v));
		jadd_str(o, "member", jfield(mem, "dev", b2, sizeof(b2)));
		json_object_object_foreach(mem, key, val) {
			if (strcmp(key, "dev") == 0)
				continue;
			json_object_object_add(o, strcmp(key, "ifindex") == 0 ?
			    "member_ifindex" : key, json_object_get(val));
		}
		reason[0] = '\0';
		if (json_object_object_get_ex(mem, "reason", &v) &&
		    strcmp(json_object_get_string(v), "none") != 0)
			snprintf(reason, sizeof(reason), " (%s)",
			    json_object_get_string(v));
		snprintf(text, sizeof(text), "%s member %s active %s%s", b1, b2,
		    strcmp(jfield(mem, "active", b3, sizeof(b3)), "true") ? "off" :
		    "on", reason);
		emit(m, o, text);
		json_object_put(o);
	}
	json_object_put(lag);
	return 0;
}

/* "lag0 carrier off (active 1, min-links 2)" */
static int
lag_carrier_event(const struct monitor *m, const struct nlmsghdr *nlh)
{
	char text[160], b1[32], b2[32], b3[32];
	json_object *lag, *o, *v;
	int carrier = -1;

	if ((lag = lag_json(nlh, 0)) == NULL)
		return -1;
	o = json_object_new_object();
	jadd_str(o, "time", m->time);
	jadd_str(o, "event", "lag_carrier");
	json_object_object_foreach(lag, key, val)
		json_object_object_add(o, key, json_object_get(val));
	if (json_object_object_get_ex(lag, "carrier", &v))
		carrier = json_object_get_boolean(v);
	snprintf(text, sizeof(text), "%s carrier %s (active %s, min-links %s)",
	    jfield(lag, "dev", b1, sizeof(b1)),
	    carrier < 0 ? "-" : carrier ? "on" : "off",
	    jfield(lag, "active_members", b2, sizeof(b2)),
	    jfield(lag, "min_links", b3, sizeof(b3)));
	emit(m, o, text);
	json_object_put(o);
	json_object_put(lag);
	return 0;
}

static int
event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor *m = data;
	uint8_t cmd = genl_cmd(nlh);
	int ret = 0;

	/* Stamped as it is read: netlink carries no time. */
	stamp(m->time, sizeof(m->time));
	switch (cmd) {
	case DCVIF_CMD_BFD_STATE_NTF:
		ret = bfd_event(m, nlh);
		break;
	case DCVIF_CMD_VIF_CARRIER_NTF:
		ret = carrier_event(m, nlh);
		break;
	case DCVIF_CMD_LAG_MEMBER_NTF:
		ret = lag_member_event(m, nlh);
		break;
	case DCVIF_CMD_LAG_CARRIER_NTF:
		ret = lag_carrier_event(m, nlh);
		break;
	}
	/* One bad event is reported and skipped, not fatal. */
	if (ret < 0)
		fprintf(stderr, "dcvifctl: monitor: malformed event (command "
		    "%u) skipped\n", cmd);
	return MNL_CB_OK;
}

/*
 * dcvifd's events (BGP session state changes) come over its control
 * socket, stamped by dcvifd when they happened.  dcvifd need not run: the
 * monitor connects when it can (once a second), and says once on stderr
 * when it cannot or when dcvifd goes.
 */
static void
ctl_open(struct monitor *m)
{
	char err[256];

	if ((m->ctl = ctl_connect(err, sizeof(err))) == -1) {
		if (!m->ctl_said)
			fprintf(stderr, "dcvifctl: monitor: dcvifd: %s; kernel "
			    "events only until it runs\n", err);
		m->ctl_said = 1;
		return;
	}
	if (write(m->ctl, "monitor\n", 8) != 8) {
		close(m->ctl);
		m->ctl = -1;
		return;
	}
	if (m->ctl_said)
		fprintf(stderr, "dcvifctl: monitor: dcvifd is back\n");
	m->ctl_said = 0;
	m->ctl_first = 1;
	m->clen = 0;
}

static void
ctl_gone(struct monitor *m, const char *why)
{
	fprintf(stderr, "dcvifctl: monitor: dcvifd: %s\n", why);
	close(m->ctl);
	m->ctl = -1;
	m->ctl_said = 1;
}

static void
ctl_line(struct monitor *m, const char *line)
{
	json_object *o = json_tokener_parse(line), *v;
	char text[512];
	const char *f[8];
	static const char *const keys[] = { "time", "dev", "neighbor",
	    "old_state", "state", "reason" };
	size_t i;

	if (o == NULL) {
		fprintf(stderr, "dcvifctl: monitor: dcvifd: bad event skipped\n");
		return;
	}
	if (m->ctl_first) {
		m->ctl_first = 0;
		if (json_object_object_get_ex(o, "error", &v))
			ctl_gone(m, json_object_get_string(v));
		json_object_put(o);
		return;
	}
	if (m->json) {
		printf("%s\n", line);
	} else {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			f[i] = json_object_object_get_ex(o, keys[i], &v) ?
			    json_object_get_string(v) : "-";
		snprintf(text, sizeof(text), "%s %s bgp neighbor %s %s -> %s "
		    "(%s)", f[0], f[1], f[2], f[3], f[4], f[5]);
		printf("%s\n", text);
	}
	fflush(stdout);
	json_object_put(o);
}

static void
ctl_read(struct monitor *m)
{
	ssize_t n;
	char *nl, *p;

	n = read(m->ctl, m->cbuf + m->clen, sizeof(m->cbuf) - 1 - m->clen);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		ctl_gone(m, "went away; kernel events only until it is back");
		return;
	}
	m->clen += (size_t)n;
	m->cbuf[m->clen] = '\0';
	for (p = m->cbuf; (nl = strchr(p, '\n')) != NULL && m->ctl >= 0;
	    p = nl + 1) {
		*nl = '\0';
		ctl_line(m, p);
	}
	if (m->ctl < 0)
		return;
	m->clen -= (size_t)(p - m->cbuf);
	memmove(m->cbuf, p, m->clen);
	if (m->clen == sizeof(m->cbuf) - 1)
		ctl_gone(m, "event too long");
}

int
monitor_main(struct cli *c, int json)
{
	struct monitor m = { .json = json, .ctl = -1 };
	struct pollfd pfd[3];
	const char *w;
	struct genl g;
	sigset_t mask;
	int sfd, fl, ret = 1;

	if ((w = cli_next(c)) != NULL)
		cli_fail(c, "unexpected word \"%s\" (monitor takes no "
		    "arguments)", w);
	/*
	 * Signals as a file descriptor: no window between check and wait.
	 * A shell without job control starts "dcvifctl monitor &" with
	 * SIGINT ignored, and an ignored signal never reaches signalfd.
	 */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    signal(SIGINT, SIG_DFL) == SIG_ERR ||
	    signal(SIGTERM, SIG_DFL) == SIG_ERR ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, "dcvifctl: monitor: signalfd: %s\n",
		    strerror(errno));
		return 1;
	}
	if (genl_open(&g) < 0) {
		kcmd_genl_err(&g);
		goto out;
	}
	m.g = &g;
	if (genl_subscribe(&g) < 0) {
		kcmd_genl_err(&g);
		goto out_genl;
	}
	fl = fcntl(genl_fd(&g), F_GETFL);
	if (fl < 0 || fcntl(genl_fd(&g), F_SETFL, fl | O_NONBLOCK) < 0) {
		fprintf(stderr, "dcvifctl: monitor: %s\n", strerror(errno));
		goto out_genl;
	}
	pfd[0] = (struct pollfd){ .fd = genl_fd(&g), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	ctl_open(&m);
	for (;;) {
		pfd[2] = (struct pollfd){ .fd = m.ctl, .events = POLLIN };
		if (poll(pfd, 3, m.ctl < 0 ? 1000 : -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "dcvifctl: monitor: poll: %s\n",
			    strerror(errno));
			goto out_genl;
		}
		if (pfd[1].revents) {
			ret = 0;
			goto out_genl;
		}
		if (m.ctl < 0)
			ctl_open(&m);
		else if (pfd[2].revents)
			ctl_read(&m);
		if (!pfd[0].revents)
			continue;
		if (genl_read(&g, event_cb, &m) == 0)
			continue;
		/* Lost events are reported; the monitor goes on. */
		fprintf(stderr, "dcvifctl: monitor: %s\n", g.errmsg);
		if (g.err != ENOBUFS && g.err != EBADMSG)
			goto out_genl;
	}
out_genl:
	genl_close(&g);
	if (m.ctl >= 0)
		close(m.ctl);
out:
	close(sfd);
	return ret;
}
