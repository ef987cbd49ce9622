// SPDX-License-Identifier: GPL-2.0
/*
 * genl: the dcvif generic netlink family over libmnl, for dcvifctl.
 *
 * Errors follow iproute2: the socket asks for extended ACKs, and a request
 * the kernel refuses is reported with the kernel's own message,
 * "Error: <msg>", or with strerror() when the kernel gave none.
 */
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "genl.h"

/* Dump replies are at most 32 KiB (netlink_dump's max_recvmsg_len cap). */
#define GENL_BUFSIZE	65536

struct talk {
	mnl_cb_t	 cb;
	void		*data;
	int		 err;		/* errno of the failure, 0: none */
	int		 done;		/* ACK or end of dump seen */
	int		 bad_reply;	/* cb refused a reply */
	uint32_t	 miss_type;	/* NLMSGERR_ATTR_MISS_TYPE, 0: none */
	char		 msg[256];	/* NLMSGERR_ATTR_MSG, "": none */
};

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
	t->err = e->error < 0 ? -e->error : 0;
	extack_parse(nlh, off, t);
	return MNL_CB_STOP;
}

static int
done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	t->done = 1;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0)
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

	if (t->cb == NULL)
		return MNL_CB_OK;
	ret = t->cb(nlh, t->data);
	if (ret == MNL_CB_ERROR) {
		t->bad_reply = 1;
		t->err = errno ? errno : EBADMSG;
	}
	return ret;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP]	= noop_cb,
	[NLMSG_ERROR]	= error_cb,
	[NLMSG_DONE]	= done_cb,
	[NLMSG_OVERRUN]	= overrun_cb,
};

/* Send nlh, run the replies; the outcome is in *t. */
static void
talk(struct genl *g, struct nlmsghdr *nlh, struct talk *t)
{
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = ++g->seq;
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0) {
		t->err = errno;
		return;
	}
	while (!t->done) {
		n = mnl_socket_recvfrom(g->nl, g->buf, g->bufsize);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			t->err = errno;
			return;
		}
		ret = mnl_cb_run2(g->buf, (size_t)n, nlh->nlmsg_seq, g->portid,
		    data_cb, t, ctl_cbs, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_ERROR) {
			if (!t->err)
				t->err = errno ? errno : EPROTO;
			return;
		}
		if (ret == MNL_CB_STOP && !t->done)
			return;		/* the callback has seen enough */
	}
}

int
genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
    const char *what)
{
	struct talk t = { .cb = cb, .data = data };

	talk(g, nlh, &t);
	if (t.bad_reply) {
		fprintf(stderr, "dcvifctl: %s: malformed reply from the "
		    "kernel\n", what);
		return -1;
	}
	if (t.err == 0) {
		if (t.msg[0] != '\0')
			fprintf(stderr, "Warning: %s\n", t.msg);
		return 0;
	}
	if (t.msg[0] != '\0')
		fprintf(stderr, "Error: %s\n", t.msg);
	else if (t.miss_type != 0)
		fprintf(stderr, "Error: missing attribute %u\n", t.miss_type);
	else
		fprintf(stderr, "dcvifctl: %s: %s\n", what, strerror(t.err));
	return -1;
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

int
genl_open(struct genl *g)
{
	struct talk t = { .cb = family_cb, .data = g };
	struct genlmsghdr *gh;
	struct nlmsghdr *nlh;
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->bufsize = GENL_BUFSIZE;
	if ((g->buf = calloc(1, g->bufsize)) == NULL) {
		fprintf(stderr, "dcvifctl: out of memory\n");
		return -1;
	}
	g->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (g->nl == NULL || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "dcvifctl: generic netlink socket: %s\n",
		    strerror(errno));
		goto fail;
	}
	g->portid = mnl_socket_get_portid(g->nl);
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
		fprintf(stderr, "dcvifctl: the " DCVIF_FAMILY_NAME " generic "
		    "netlink family is not available (is the module "
		    "loaded?)\n");
		goto fail;
	}
	if (t.err != 0 || g->family == 0) {
		fprintf(stderr, "dcvifctl: resolving the " DCVIF_FAMILY_NAME
		    " generic netlink family: %s\n",
		    t.msg[0] ? t.msg : strerror(t.err ? t.err : EPROTO));
		goto fail;
	}
	return 0;
fail:
	genl_close(g);
	return -1;
}

void
genl_close(struct genl *g)
{
	if (g->nl != NULL)
		mnl_socket_close(g->nl);
	if (g->buf != NULL) {
		/* Requests may have carried a BFD key. */
		explicit_bzero(g->buf, g->bufsize);
		free(g->buf);
	}
	memset(g, 0, sizeof(*g));
}

int
genl_subscribe(struct genl *g)
{
	int rcvbuf = 4 << 20;

	if (g->grp_monitor == 0) {
		fprintf(stderr, "dcvifctl: the " DCVIF_FAMILY_NAME " family "
		    "has no \"" DCVIF_MCGRP_MONITOR "\" multicast group\n");
		return -1;
	}
	if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP,
	    &g->grp_monitor, sizeof(g->grp_monitor)) < 0) {
		fprintf(stderr, "dcvifctl: joining the \"" DCVIF_MCGRP_MONITOR
		    "\" group: %s\n", strerror(errno));
		return -1;
	}
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
