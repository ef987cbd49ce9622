// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif_genl: the dcvif generic netlink family over libmnl, for dcvifctl
 * and dcvifd.
 *
 * Errors follow iproute2: the socket asks for extended ACKs, and a request
 * the kernel refuses is reported with the kernel's own message,
 * "Error: <msg>", or with strerror() when the kernel gave none; the
 * sentence is left in g->errmsg for the program to print or log.
 */
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "dcvif_genl.h"
#include "nlsock.h"

/*
 * Every op and the monitor group need CAP_NET_ADMIN over the netns (the
 * module's choice, kmod/netlink.c): a refusal says so.
 */
#define EPERM_HINT	" (the dcvif family needs CAP_NET_ADMIN in the " \
			"network namespace: run as root)"

/* Dump replies are at most 32 KiB (netlink_dump's max_recvmsg_len cap). */
#define GENL_BUFSIZE	65536

struct talk {
	mnl_cb_t	 cb;
	void		*data;
	uint32_t	 seq;		/* of the request */
	int		 err;		/* errno of the failure, 0: none */
	int		 done;		/* ACK or end of dump seen */
	int		 stopped;	/* cb wants no more replies */
	int		 bad_reply;	/* cb refused a reply */
	uint32_t	 miss_type;	/* NLMSGERR_ATTR_MISS_TYPE, 0: none */
	char		 msg[240];	/* NLMSGERR_ATTR_MSG, "": none */
};

/* g->err = err, g->errmsg = the sentence; errno = err; -1. */
static int __attribute__((format(printf, 4, 5)))
genl_fail(struct genl *g, int err, int ext, const char *fmt, ...)
{
	va_list ap;

	g->err = err ? err : EPROTO;
	g->errmsg_ext = ext;
	va_start(ap, fmt);
	vsnprintf(g->errmsg, sizeof(g->errmsg), fmt, ap);
	va_end(ap);
	errno = g->err;
	return -1;
}

static void
genl_ok(struct genl *g)
{
	g->err = 0;
	g->errmsg[0] = '\0';
	g->errmsg_ext = 0;
	g->warnmsg[0] = '\0';
}

static int
extack_cb(const struct nlattr *a, void *data)
{
	struct talk *t = data;

	switch (mnl_attr_get_type(a)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			break;
		snprintf(t->msg, sizeof(t->msg), "%s", mnl_attr_get_str(a));
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			break;
		t->miss_type = mnl_attr_get_u32(a);
		break;
	}
	return MNL_CB_OK;
}

/* The TLVs after the first off bytes of an ERROR or DONE payload. */
static void
extack_parse(const struct nlmsghdr *nlh, size_t off, struct talk *t)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, off, extack_cb, t);
}

static int
error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	size_t off = sizeof(*e);

	if (nlh->nlmsg_seq != t->seq)
		return MNL_CB_OK;	/* of an earlier request */
	t->done = 1;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		t->err = EBADMSG;
		return MNL_CB_STOP;
	}
	/* An uncapped ACK echoes the request before its TLVs. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr)) {
			t->err = EBADMSG;
			return MNL_CB_STOP;
		}
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (!t->err)
		t->err = e->error < 0 ? -e->error : 0;
	extack_parse(nlh, off, t);
	return MNL_CB_STOP;
}

static int
done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	if (nlh->nlmsg_seq != t->seq)
		return MNL_CB_OK;	/* of an earlier request */
	t->done = 1;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0 && !t->err)
			t->err = -err;
		extack_parse(nlh, sizeof(err), t);
	}
	return MNL_CB_STOP;
}

static int
noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int
overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	(void)nlh;
	t->err = ENOBUFS;
	return MNL_CB_STOP;
}

static int
data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int ret;

	/*
	 * Only the replies to this request: not an event of a subscribed
	 * socket (seq 0), not what a callback that stopped left unread.
	 */
	if (t->cb == NULL || t->stopped || nlh->nlmsg_seq != t->seq)
		return MNL_CB_OK;
	errno = 0;
	ret = t->cb(nlh, t->data);
	if (ret == MNL_CB_ERROR) {
		t->bad_reply = 1;
		t->stopped = 1;
		if (!t->err)
			t->err = errno ? errno : EBADMSG;
	} else if (ret == MNL_CB_STOP) {
		t->stopped = 1;
	}
	/* Read on to the ACK or the end of the dump: nothing left behind. */
	return MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP]	= noop_cb,
	[NLMSG_ERROR]	= error_cb,
	[NLMSG_DONE]	= done_cb,
	[NLMSG_OVERRUN]	= overrun_cb,
};

/* Send nlh, wipe it, run the replies; the outcome is in *t. */
static void
talk(struct genl *g, struct nlmsghdr *nlh, struct talk *t)
{
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = t->seq = ++g->seq;
	n = nlsock_send(g->nl, nlh, nlh->nlmsg_len);
	if (n < 0)
		t->err = errno;
	/* Requests may carry a BFD key: none stays in memory once sent. */
	explicit_bzero(nlh, nlh->nlmsg_len);
	if (n < 0)
		return;
	while (!t->done) {
		n = nlsock_recv(g->nl, g->buf, g->bufsize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			t->err = errno;
			return;
		}
		/* seq is checked by the callbacks: events have none. */
		ret = mnl_cb_run2(g->buf, (size_t)n, 0, g->portid,
		    data_cb, t, ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR) {
			if (!t->err)
				t->err = errno ? errno : EPROTO;
			return;
		}
		if (ret == MNL_CB_STOP && !t->done)
			return;		/* overrun */
	}
}

int
genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
    const char *what)
{
	struct talk t = { .cb = cb, .data = data };

	genl_ok(g);
	talk(g, nlh, &t);
	if (t.bad_reply && t.err == EBADMSG)
		return genl_fail(g, t.err, 0, "%s: malformed reply from the "
		    "kernel", what);
	if (t.bad_reply)	/* the callback's own failure */
		return genl_fail(g, t.err, 0, "%s: %s", what, strerror(t.err));
	if (t.err == 0) {
		if (t.msg[0] != '\0')
			snprintf(g->warnmsg, sizeof(g->warnmsg), "Warning: %s",
			    t.msg);
		return 0;
	}
	if (t.msg[0] != '\0')
		return genl_fail(g, t.err, 1, "Error: %s", t.msg);
	if (t.miss_type != 0)
		return genl_fail(g, t.err, 1, "Error: missing attribute %u",
		    t.miss_type);
	return genl_fail(g, t.err, 0, "%s: %s%s", what, strerror(t.err),
	    t.err == EPERM ? EPERM_HINT : "");
}

struct parse_ctx {
	const struct genl_attr	 *spec;
	unsigned int		  max;
	const struct nlattr	**tb;
};

static int
parse_cb(const struct nlattr *a, void *data)
{
	const struct parse_ctx *p = data;
	unsigned int type = mnl_attr_get_type(a);
	const struct genl_attr *s;
	int ret;

	/* Padding (type 0) and a newer kernel's attributes are skipped. */
	if (type == 0 || type > p->max)
		return MNL_CB_OK;
	s = &p->spec[type];
	if (s->len)
		ret = mnl_attr_validate2(a, s->type, s->len);
	else
		ret = mnl_attr_validate(a, s->type);
	if (ret < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	p->tb[type] = a;
	return MNL_CB_OK;
}

int
genl_parse(const struct nlmsghdr *nlh, const struct nlattr *nest,
    const struct genl_attr *spec, unsigned int max, const struct nlattr **tb)
{
	struct parse_ctx p = { .spec = spec, .max = max, .tb = tb };
	int ret;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nest != NULL) {
		ret = mnl_attr_parse_nested(nest, parse_cb, &p);
	} else {
		if (mnl_nlmsg_get_payload_len(nlh) <
		    sizeof(struct genlmsghdr)) {
			errno = EBADMSG;
			return -1;
		}
		ret = mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb,
		    &p);
	}
	if (ret == MNL_CB_ERROR) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

uint8_t
genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *gh;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*gh))
		return 0;
	gh = mnl_nlmsg_get_payload(nlh);
	return gh->cmd;
}

struct nlmsghdr *
genl_msg(struct genl *g, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = DCVIF_FAMILY_VERSION;
	return nlh;
}

static const struct genl_attr ctrl_spec[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]		= { MNL_TYPE_U16, 0 },
	[CTRL_ATTR_FAMILY_NAME]		= { MNL_TYPE_NUL_STRING, 0 },
	[CTRL_ATTR_VERSION]		= { MNL_TYPE_U32, 0 },
	[CTRL_ATTR_HDRSIZE]		= { MNL_TYPE_U32, 0 },
	[CTRL_ATTR_MAXATTR]		= { MNL_TYPE_U32, 0 },
	[CTRL_ATTR_OPS]			= { MNL_TYPE_NESTED, 0 },
	[CTRL_ATTR_MCAST_GROUPS]	= { MNL_TYPE_NESTED, 0 },
	[CTRL_ATTR_POLICY]		= { MNL_TYPE_NESTED, 0 },
	[CTRL_ATTR_OP_POLICY]		= { MNL_TYPE_NESTED, 0 },
	[CTRL_ATTR_OP]			= { MNL_TYPE_U32, 0 },
};

static const struct genl_attr grp_spec[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME]	= { MNL_TYPE_NUL_STRING, 0 },
	[CTRL_ATTR_MCAST_GRP_ID]	= { MNL_TYPE_U32, 0 },
};

static int
family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct genl *g = data;
	const struct nlattr *a;

	if (genl_parse(nlh, NULL, ctrl_spec, CTRL_ATTR_MAX, tb) < 0 ||
	    tb[CTRL_ATTR_FAMILY_ID] == NULL)
		goto bad;
	g->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		g->version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS] == NULL)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, tb[CTRL_ATTR_MCAST_GROUPS]) {
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0 ||
		    genl_parse(NULL, a, grp_spec, CTRL_ATTR_MCAST_GRP_MAX,
		    gtb) < 0)
			goto bad;
		if (gtb[CTRL_ATTR_MCAST_GRP_NAME] && gtb[CTRL_ATTR_MCAST_GRP_ID] &&
		    strcmp(mnl_attr_get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]),
		    DCVIF_MCGRP_MONITOR) == 0)
			g->grp_monitor =
			    mnl_attr_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return MNL_CB_OK;
bad:
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

/* Close and wipe, but keep why the last call failed. */
static void
genl_release(struct genl *g)
{
	if (g->nl != NULL)
		nlsock_close(g->nl);
	g->nl = NULL;
	if (g->buf != NULL) {
		/* Requests may have carried a BFD key. */
		explicit_bzero(g->buf, g->bufsize);
		free(g->buf);
	}
	g->buf = NULL;
	g->bufsize = 0;
	g->family = 0;
	g->grp_monitor = 0;
}

static int	genl_open_kind(struct genl *g, enum nlsock_kind kind);

int
genl_open(struct genl *g)
{
	return genl_open_kind(g, NLSOCK_GENL);
}

int
genl_open_monitor(struct genl *g)
{
	return genl_open_kind(g, NLSOCK_GENL_MON);
}

static int
genl_open_kind(struct genl *g, enum nlsock_kind kind)
{
	struct talk t = { .cb = family_cb, .data = g };
	struct genlmsghdr *gh;
	struct nlmsghdr *nlh;
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->bufsize = GENL_BUFSIZE;
	if ((g->buf = calloc(1, g->bufsize)) == NULL) {
		genl_fail(g, ENOMEM, 0, "out of memory");
		goto fail;
	}
	g->nl = nlsock_open(kind, 0, g->bufsize);
	if (g->nl == NULL) {
		genl_fail(g, errno, 0, "generic netlink socket: %s",
		    strerror(errno));
		goto fail;
	}
	g->portid = nlsock_portid(g->nl);
	/* Both are best effort: kernels without them still work. */
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = mnl_nlmsg_put_header(g->buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = CTRL_CMD_GETFAMILY;
	gh->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, DCVIF_FAMILY_NAME);
	talk(g, nlh, &t);
	if (t.err == ENOENT) {
		genl_fail(g, ENOENT, 0, "the " DCVIF_FAMILY_NAME " generic "
		    "netlink family is not available (is the module "
		    "loaded?)");
		goto fail;
	}
	if (t.err != 0 || g->family == 0) {
		genl_fail(g, t.err ? t.err : EPROTO, 0, "resolving the "
		    DCVIF_FAMILY_NAME " generic netlink family: %s",
		    t.msg[0] ? t.msg : strerror(t.err ? t.err : EPROTO));
		goto fail;
	}
	return 0;
fail:
	genl_release(g);
	return -1;
}

void
genl_close(struct genl *g)
{
	genl_release(g);
	memset(g, 0, sizeof(*g));
}

int
genl_fd(const struct genl *g)
{
	return mnl_socket_get_fd(g->nl);
}

int
genl_subscribe(struct genl *g)
{
	int rcvbuf = 4 << 20;

	genl_ok(g);
	if (g->grp_monitor == 0)
		return genl_fail(g, ENOENT, 0, "the " DCVIF_FAMILY_NAME
		    " family has no \"" DCVIF_MCGRP_MONITOR "\" multicast "
		    "group");
	if (nlsock_join(g->nl, g->grp_monitor) < 0)
		return genl_fail(g, errno, 0, "joining the \""
		    DCVIF_MCGRP_MONITOR "\" group: %s%s", strerror(errno),
		    errno == EPERM ? EPERM_HINT : "");
	/*
	 * A burst of events (a LAG losing carrier under 1000 sessions):
	 * beyond net.core.rmem_max where we may (CAP_NET_ADMIN).
	 */
	if (setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_RCVBUF,
		    &rcvbuf, sizeof(rcvbuf));
	return 0;
}

struct read_ctx {
	struct genl	*g;
	mnl_cb_t	 cb;
	void		*data;
};

static int
read_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct read_ctx *r = data;

	/* Only the family's messages, with their genetlink header. */
	if (nlh->nlmsg_type != r->g->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return MNL_CB_OK;
	return r->cb(nlh, r->data);
}

int
genl_read(struct genl *g, mnl_cb_t cb, void *data)
{
	struct read_ctx r = { .g = g, .cb = cb, .data = data };
	ssize_t n;
	int ret;

	genl_ok(g);
	for (;;) {
		n = nlsock_recv(g->nl, g->buf, g->bufsize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS)
				return genl_fail(g, ENOBUFS, 0, "events lost "
				    "(receive buffer overrun)");
			return genl_fail(g, errno, 0, "%s", strerror(errno));
		}
		errno = 0;
		ret = mnl_cb_run(g->buf, (size_t)n, 0, 0, read_cb, &r);
		if (ret == MNL_CB_ERROR)
			return genl_fail(g, errno ? errno : EBADMSG, 0,
			    "%s", strerror(errno ? errno : EBADMSG));
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

/* --- reply attribute sets ------------------------------------------------- */

/*
 * As Documentation/netlink/specs/dcvif.yaml says; selftests/host/
 * genl_spec.sh checks every entry against it.  pad: never read.
 */
const struct genl_attr dcvif_bfd_attrs[DCVIF_A_BFD_MAX + 1] = {
	[DCVIF_A_BFD_IFINDEX]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_LOCAL_V4]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_PEER_V4]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_LOCAL_V6]		= { MNL_TYPE_BINARY, 16 },
	[DCVIF_A_BFD_PEER_V6]		= { MNL_TYPE_BINARY, 16 },
	[DCVIF_A_BFD_LOCAL_DISCR]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_REMOTE_DISCR]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_DESIRED_MIN_TX]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_REQUIRED_MIN_RX]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_DETECT_MULT]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_PASSIVE]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_ADMIN_DOWN]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_CARRIER_COUPLING]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_AUTH_TYPE]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_AUTH_KEY_ID]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_AUTH_KEY]		= { MNL_TYPE_BINARY, 0 },
	[DCVIF_A_BFD_STATE]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_REMOTE_STATE]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_DIAG]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_REMOTE_DIAG]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_LAST_DOWN_DIAG]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_OLD_STATE]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_TX_INTERVAL]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_DETECT_TIME]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_STATS]		= { MNL_TYPE_NESTED, 0 },
	[DCVIF_A_BFD_PADDING]		= { MNL_TYPE_U16, 0 },
	[DCVIF_A_BFD_PADDED_SIZE]	= { MNL_TYPE_U16, 0 },
	[DCVIF_A_BFD_ECHO_TX_INTERVAL]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_ECHO_RX_INTERVAL]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_ECHO_ACTIVE]	= { MNL_TYPE_U8, 0 },
	[DCVIF_A_BFD_REMOTE_ECHO_RX]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_BFD_ECHO_INTERVAL]	= { MNL_TYPE_U32, 0 },
};

const struct genl_attr dcvif_bfd_stats_attrs[DCVIF_A_BFD_STATS_MAX + 1] = {
	[DCVIF_A_BFD_STATS_PAD]			= { MNL_TYPE_UNSPEC, 0 },
	[DCVIF_A_BFD_STATS_TX_PACKETS]		= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_RX_PACKETS]		= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_RX_DROPS]		= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_DROP_BAD_TTL]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_DROP_MALFORMED]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_DROP_AUTH]		= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_UP_TRANSITIONS]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_DOWN_TRANSITIONS]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_TX_NO_NEIGHBOUR]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_ECHO_TX_PACKETS]	= { MNL_TYPE_U64, 0 },
	[DCVIF_A_BFD_STATS_ECHO_RX_PACKETS]	= { MNL_TYPE_U64, 0 },
};

const struct genl_attr dcvif_vif_attrs[DCVIF_A_VIF_MAX + 1] = {
	[DCVIF_A_VIF_PAD]		  = { MNL_TYPE_UNSPEC, 0 },
	[DCVIF_A_VIF_IFINDEX]		  = { MNL_TYPE_U32, 0 },
	[DCVIF_A_VIF_IFNAME]		  = { MNL_TYPE_NUL_STRING, 0 },
	[DCVIF_A_VIF_LOWER_IFINDEX]	  = { MNL_TYPE_U32, 0 },
	[DCVIF_A_VIF_VID]		  = { MNL_TYPE_U16, 0 },
	[DCVIF_A_VIF_CARRIER]		  = { MNL_TYPE_U8, 0 },
	[DCVIF_A_VIF_CARRIER_REASON]	  = { MNL_TYPE_U8, 0 },
	[DCVIF_A_VIF_BFD_SESSIONS]	  = { MNL_TYPE_U32, 0 },
	[DCVIF_A_VIF_BFD_DROP_NO_SESSION] = { MNL_TYPE_U64, 0 },
	[DCVIF_A_VIF_RX_PACKETS]	  = { MNL_TYPE_U64, 0 },
	[DCVIF_A_VIF_TX_PACKETS]	  = { MNL_TYPE_U64, 0 },
	[DCVIF_A_VIF_RX_BYTES]		  = { MNL_TYPE_U64, 0 },
	[DCVIF_A_VIF_TX_BYTES]		  = { MNL_TYPE_U64, 0 },
};

const struct genl_attr dcvif_lag_member_attrs[DCVIF_A_LAG_MEMBER_MAX + 1] = {
	[DCVIF_A_LAG_MEMBER_PAD]		 = { MNL_TYPE_UNSPEC, 0 },
	[DCVIF_A_LAG_MEMBER_IFINDEX]		 = { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_MEMBER_CARRIER]		 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_ACTIVE]		 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_REASON]		 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_LACP_ACTOR_STATE]	 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_LACP_PARTNER_STATE]	 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_LACP_PARTNER_SYSTEM] = { MNL_TYPE_BINARY, 6 },
	[DCVIF_A_LAG_MEMBER_LACPDU_RX]		 = { MNL_TYPE_U64, 0 },
	[DCVIF_A_LAG_MEMBER_LACPDU_TX]		 = { MNL_TYPE_U64, 0 },
	[DCVIF_A_LAG_MEMBER_LACPDU_BAD]		 = { MNL_TYPE_U64, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_STATE]		 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_REMOTE_STATE]	 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_DIAG]		 = { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_LOCAL_DISCR]	 = { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_REMOTE_DISCR]	 = { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_RX_PACKETS]	 = { MNL_TYPE_U64, 0 },
	[DCVIF_A_LAG_MEMBER_MBFD_TX_PACKETS]	 = { MNL_TYPE_U64, 0 },
};

const struct genl_attr dcvif_lag_attrs[DCVIF_A_LAG_MAX + 1] = {
	[DCVIF_A_LAG_IFINDEX]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_IFNAME]		= { MNL_TYPE_NUL_STRING, 0 },
	[DCVIF_A_LAG_CARRIER]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MIN_LINKS]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_ACTIVE_MEMBERS]	= { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_MEMBERS]		= { MNL_TYPE_U32, 0 },
	[DCVIF_A_LAG_LACP]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_LACP_RATE]		= { MNL_TYPE_U8, 0 },
	[DCVIF_A_LAG_MEMBER]		= { MNL_TYPE_NESTED, 0 },
	[DCVIF_A_LAG_MICRO_BFD]		= { MNL_TYPE_U8, 0 },
};

const struct genl_attrset dcvif_attrsets[] = {
	{ "bfd-stats",	dcvif_bfd_stats_attrs,	DCVIF_A_BFD_STATS_MAX },
	{ "bfd",	dcvif_bfd_attrs,	DCVIF_A_BFD_MAX },
	{ "vif",	dcvif_vif_attrs,	DCVIF_A_VIF_MAX },
	{ "lag-member",	dcvif_lag_member_attrs,	DCVIF_A_LAG_MEMBER_MAX },
	{ "lag",	dcvif_lag_attrs,	DCVIF_A_LAG_MAX },
	{ NULL,		NULL,			0 },
};

/* --- BFD sessions, typed -------------------------------------------------- */

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static int
bfd_check(struct genl *g, const struct dcvif_bfd *b, const char *what)
{
	genl_ok(g);
	if (b->family != AF_INET && b->family != AF_INET6)
		return genl_fail(g, EAFNOSUPPORT, 0, "%s: %s", what,
		    strerror(EAFNOSUPPORT));
	if (b->keylen > sizeof(b->key))
		return genl_fail(g, EINVAL, 0, "%s: %s", what,
		    strerror(EINVAL));
	return 0;
}

/* ifindex and peer: the key of a session. */
static void
put_session(struct nlmsghdr *nlh, const struct dcvif_bfd *b)
{
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, b->ifindex);
	mnl_attr_put(nlh, b->family == AF_INET ? DCVIF_A_BFD_PEER_V4 :
	    DCVIF_A_BFD_PEER_V6, addr_len(b->family), b->peer);
}

static void
put_auth(struct nlmsghdr *nlh, const struct dcvif_bfd *b)
{
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_AUTH_TYPE, b->auth_type);
	if (b->auth_type == DCVIF_BFD_AUTH_TYPE_NONE)
		return;
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_AUTH_KEY_ID, b->auth_key_id);
	mnl_attr_put(nlh, DCVIF_A_BFD_AUTH_KEY, b->keylen, b->key);
}

int
dcvif_bfd_new(struct genl *g, const struct dcvif_bfd *b)
{
	struct nlmsghdr *nlh;

	if (bfd_check(g, b, "bfd add") < 0)
		return -1;
	nlh = genl_msg(g, DCVIF_CMD_BFD_NEW, NLM_F_ACK);
	put_session(nlh, b);
	mnl_attr_put(nlh, b->family == AF_INET ? DCVIF_A_BFD_LOCAL_V4 :
	    DCVIF_A_BFD_LOCAL_V6, addr_len(b->family), b->local);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_DESIRED_MIN_TX, b->desired_min_tx);
	mnl_attr_put_u32(nlh, DCVIF_A_BFD_REQUIRED_MIN_RX, b->required_min_rx);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_DETECT_MULT, b->detect_mult);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_PASSIVE, b->passive);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_ADMIN_DOWN, b->admin_down);
	mnl_attr_put_u8(nlh, DCVIF_A_BFD_CARRIER_COUPLING, b->carrier_coupling);
	if (b->auth_type != DCVIF_BFD_AUTH_TYPE_NONE)
		put_auth(nlh, b);
	if (b->padding != 0)
		mnl_attr_put_u16(nlh, DCVIF_A_BFD_PADDING, b->padding);
	if (b->echo_tx)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_ECHO_TX_INTERVAL, b->echo_tx);
	if (b->echo_rx)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_ECHO_RX_INTERVAL, b->echo_rx);
	return genl_talk(g, nlh, NULL, NULL, "bfd add");
}

int
dcvif_bfd_set(struct genl *g, const struct dcvif_bfd *b, unsigned int fields)
{
	struct nlmsghdr *nlh;

	if (bfd_check(g, b, "bfd set") < 0)
		return -1;
	nlh = genl_msg(g, DCVIF_CMD_BFD_SET, NLM_F_ACK);
	put_session(nlh, b);
	if (fields & DCVIF_BFD_F_TX)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_DESIRED_MIN_TX,
		    b->desired_min_tx);
	if (fields & DCVIF_BFD_F_RX)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_REQUIRED_MIN_RX,
		    b->required_min_rx);
	if (fields & DCVIF_BFD_F_MULT)
		mnl_attr_put_u8(nlh, DCVIF_A_BFD_DETECT_MULT, b->detect_mult);
	if (fields & DCVIF_BFD_F_ADMIN)
		mnl_attr_put_u8(nlh, DCVIF_A_BFD_ADMIN_DOWN, b->admin_down);
	if (fields & DCVIF_BFD_F_COUPLING)
		mnl_attr_put_u8(nlh, DCVIF_A_BFD_CARRIER_COUPLING,
		    b->carrier_coupling);
	if (fields & DCVIF_BFD_F_AUTH)
		put_auth(nlh, b);
	if (fields & DCVIF_BFD_F_PADDING)
		mnl_attr_put_u16(nlh, DCVIF_A_BFD_PADDING, b->padding);
	if (fields & DCVIF_BFD_F_ECHO_TX)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_ECHO_TX_INTERVAL, b->echo_tx);
	if (fields & DCVIF_BFD_F_ECHO_RX)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_ECHO_RX_INTERVAL, b->echo_rx);
	return genl_talk(g, nlh, NULL, NULL, "bfd set");
}

int
dcvif_bfd_del(struct genl *g, const struct dcvif_bfd *b)
{
	struct nlmsghdr *nlh;

	if (bfd_check(g, b, "bfd del") < 0)
		return -1;
	nlh = genl_msg(g, DCVIF_CMD_BFD_DEL, NLM_F_ACK);
	put_session(nlh, b);
	return genl_talk(g, nlh, NULL, NULL, "bfd del");
}

/* Get an address attribute pair: v4 (u32, network order) or v6. */
static int
get_addr(const struct nlattr *v4, const struct nlattr *v6, int *family,
    uint8_t *addr)
{
	int f;

	if (v4 != NULL && v6 != NULL)
		return -1;
	if (v4 == NULL && v6 == NULL)
		return 0;
	f = v4 != NULL ? AF_INET : AF_INET6;
	if (*family != 0 && *family != f)
		return -1;
	*family = f;
	memcpy(addr, mnl_attr_get_payload(v4 != NULL ? v4 : v6),
	    addr_len(f));
	return 1;
}

static uint32_t
get_u32(const struct nlattr *a)
{
	return a != NULL ? mnl_attr_get_u32(a) : 0;
}

static uint8_t
get_u8(const struct nlattr *a)
{
	return a != NULL ? mnl_attr_get_u8(a) : 0;
}

int
dcvif_bfd_parse(const struct nlmsghdr *nlh, struct dcvif_bfd *b)
{
	const struct nlattr *tb[DCVIF_A_BFD_MAX + 1];
	int ret;

	memset(b, 0, sizeof(*b));
	if (genl_parse(nlh, NULL, dcvif_bfd_attrs, DCVIF_A_BFD_MAX, tb) < 0 ||
	    tb[DCVIF_A_BFD_IFINDEX] == NULL)
		goto bad;
	b->ifindex = mnl_attr_get_u32(tb[DCVIF_A_BFD_IFINDEX]);
	ret = get_addr(tb[DCVIF_A_BFD_PEER_V4], tb[DCVIF_A_BFD_PEER_V6],
	    &b->family, b->peer);
	if (ret <= 0)
		goto bad;
	if (get_addr(tb[DCVIF_A_BFD_LOCAL_V4], tb[DCVIF_A_BFD_LOCAL_V6],
	    &b->family, b->local) < 0)
		goto bad;
	b->desired_min_tx = get_u32(tb[DCVIF_A_BFD_DESIRED_MIN_TX]);
	b->required_min_rx = get_u32(tb[DCVIF_A_BFD_REQUIRED_MIN_RX]);
	b->detect_mult = get_u8(tb[DCVIF_A_BFD_DETECT_MULT]);
	b->passive = get_u8(tb[DCVIF_A_BFD_PASSIVE]);
	b->admin_down = get_u8(tb[DCVIF_A_BFD_ADMIN_DOWN]);
	b->carrier_coupling = get_u8(tb[DCVIF_A_BFD_CARRIER_COUPLING]);
	b->auth_type = get_u8(tb[DCVIF_A_BFD_AUTH_TYPE]);
	b->auth_key_id = get_u8(tb[DCVIF_A_BFD_AUTH_KEY_ID]);
	if (tb[DCVIF_A_BFD_PADDING] != NULL)
		b->padding = mnl_attr_get_u16(tb[DCVIF_A_BFD_PADDING]);
	if (tb[DCVIF_A_BFD_PADDED_SIZE] != NULL)
		b->padded_size = mnl_attr_get_u16(tb[DCVIF_A_BFD_PADDED_SIZE]);
	/* The key is write-only: never in a reply. */
	b->local_discr = get_u32(tb[DCVIF_A_BFD_LOCAL_DISCR]);
	b->remote_discr = get_u32(tb[DCVIF_A_BFD_REMOTE_DISCR]);
	b->tx_interval = get_u32(tb[DCVIF_A_BFD_TX_INTERVAL]);
	b->detect_time = get_u32(tb[DCVIF_A_BFD_DETECT_TIME]);
	b->state = get_u8(tb[DCVIF_A_BFD_STATE]);
	b->remote_state = get_u8(tb[DCVIF_A_BFD_REMOTE_STATE]);
	b->diag = get_u8(tb[DCVIF_A_BFD_DIAG]);
	b->remote_diag = get_u8(tb[DCVIF_A_BFD_REMOTE_DIAG]);
	b->last_down_diag = get_u8(tb[DCVIF_A_BFD_LAST_DOWN_DIAG]);
	b->echo_tx = get_u32(tb[DCVIF_A_BFD_ECHO_TX_INTERVAL]);
	b->echo_rx = get_u32(tb[DCVIF_A_BFD_ECHO_RX_INTERVAL]);
	b->echo_active = get_u8(tb[DCVIF_A_BFD_ECHO_ACTIVE]);
	b->remote_echo_rx = get_u32(tb[DCVIF_A_BFD_REMOTE_ECHO_RX]);
	b->echo_interval = get_u32(tb[DCVIF_A_BFD_ECHO_INTERVAL]);
	if (tb[DCVIF_A_BFD_OLD_STATE] != NULL) {
		b->old_state = mnl_attr_get_u8(tb[DCVIF_A_BFD_OLD_STATE]);
		b->has_old_state = 1;
	}
	return 0;
bad:
	memset(b, 0, sizeof(*b));
	errno = EBADMSG;
	return -1;
}

struct dump_ctx {
	int	(*cb)(const struct dcvif_bfd *, void *);
	void	*arg;
};

static int
bfd_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct dump_ctx *d = data;
	struct dcvif_bfd b;

	if (dcvif_bfd_parse(nlh, &b) < 0)
		return MNL_CB_ERROR;
	errno = 0;
	if (d->cb(&b, d->arg) < 0) {
		if (errno == 0)
			errno = ECANCELED;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int
dcvif_bfd_dump(struct genl *g, uint32_t ifindex,
    int (*cb)(const struct dcvif_bfd *, void *), void *arg)
{
	struct dump_ctx d = { .cb = cb, .arg = arg };
	struct nlmsghdr *nlh;

	nlh = genl_msg(g, DCVIF_CMD_BFD_GET, NLM_F_DUMP);
	if (ifindex != 0)
		mnl_attr_put_u32(nlh, DCVIF_A_BFD_IFINDEX, ifindex);
	return genl_talk(g, nlh, bfd_dump_cb, &d, "bfd show");
}

/* --- VIF carrier notifications -------------------------------------------- */

int
dcvif_vif_ntf_parse(const struct nlmsghdr *nlh, struct dcvif_vif_ntf *v)
{
	const struct nlattr *tb[DCVIF_A_VIF_MAX + 1];

	memset(v, 0, sizeof(*v));
	if (genl_parse(nlh, NULL, dcvif_vif_attrs, DCVIF_A_VIF_MAX, tb) < 0 ||
	    tb[DCVIF_A_VIF_IFINDEX] == NULL || tb[DCVIF_A_VIF_CARRIER] == NULL)
		goto bad;
	v->ifindex = mnl_attr_get_u32(tb[DCVIF_A_VIF_IFINDEX]);
	v->carrier = mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER]);
	if (tb[DCVIF_A_VIF_IFNAME] != NULL) {
		const char *name = mnl_attr_get_str(tb[DCVIF_A_VIF_IFNAME]);

		if (strlen(name) >= sizeof(v->ifname))
			goto bad;
		memcpy(v->ifname, name, strlen(name) + 1);
	}
	if (tb[DCVIF_A_VIF_CARRIER_REASON] != NULL) {
		v->reason = mnl_attr_get_u8(tb[DCVIF_A_VIF_CARRIER_REASON]);
		v->has_reason = 1;
	}
	return 0;
bad:
	memset(v, 0, sizeof(*v));
	errno = EBADMSG;
	return -1;
}
