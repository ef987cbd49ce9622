/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcvif_genl: the dcvif generic netlink family over libmnl, shared by
 * dcvifctl and dcvifd (libdcvifgenl.a).
 *
 * genl_open() resolves the family and its "monitor" group through nlctrl;
 * genl_talk() sends one request and runs its replies through a callback;
 * the dcvif_bfd_*() calls are the typed requests a daemon needs.  The
 * library prints nothing: a call that fails returns -1 and leaves errno's
 * value in g->err and the sentence to show in g->errmsg (the kernel's
 * extack message, "Error: ...", when it gave one).
 *
 * A socket subscribed to "monitor" (genl_subscribe) is read with
 * genl_read() only; requests go through a struct genl of their own.
 */
#ifndef DCVIF_GENL_H
#define DCVIF_GENL_H

#include <libmnl/libmnl.h>
#include <linux/dcvif_genl.h>
#include <linux/genetlink.h>
#include <stddef.h>
#include <stdint.h>

struct genl {
	struct mnl_socket	*nl;
	uint32_t		 portid;
	uint32_t		 seq;
	uint16_t		 family;	/* the dcvif family's id */
	uint32_t		 version;
	uint32_t		 grp_monitor;	/* 0 when the family has none */
	char			*buf;		/* requests and replies */
	size_t			 bufsize;
	int			 err;		/* errno of the last failure, 0: none */
	/*
	 * Why the last call failed, a whole sentence.  errmsg_ext: it is the
	 * kernel's answer ("Error: <extack>", "Error: missing attribute N"),
	 * to print as it is; otherwise it is ours ("bfd add: No such
	 * device"), which a program prefixes with its name.
	 */
	char			 errmsg[256];
	int			 errmsg_ext;
	/* "Warning: <extack>" of a request that succeeded, "": none. */
	char			 warnmsg[256];
};

/* What a reply attribute of one set must look like (see genl_parse). */
struct genl_attr {
	enum mnl_attr_data_type	 type;
	size_t			 len;	/* exact payload length, 0: the type's */
};

/*
 * genl_open: open a generic netlink socket and resolve the dcvif family.
 * Returns 0, or -1 with g->err and g->errmsg set (ENOENT: the family is
 * missing, the module is not loaded); g needs no genl_close() then, and
 * may be genl_open()ed again.
 */
int	 genl_open(struct genl *g);
/* the same, for a socket that will be subscribed (nlsock.h's GENL_MON) */
int	 genl_open_monitor(struct genl *g);
/* genl_close: close and wipe (requests may have carried a BFD key). */
void	 genl_close(struct genl *g);

/* genl_fd: the socket's file descriptor, to poll. */
int	 genl_fd(const struct genl *g);

/* genl_msg: start a request of the dcvif family in g->buf. */
struct nlmsghdr *genl_msg(struct genl *g, uint8_t cmd, uint16_t flags);

/*
 * genl_talk: send nlh (built by genl_msg, with NLM_F_ACK or NLM_F_DUMP)
 * and feed every reply message to cb (may be NULL) until the kernel's ACK
 * or the end of the dump.  cb returns MNL_CB_OK to go on, MNL_CB_STOP to
 * see no more replies, MNL_CB_ERROR (errno set) when a reply is malformed;
 * the rest of the replies is read and dropped either way.  what names the
 * request in errmsg ("bfd add").  The request is wiped once sent.
 * Returns 0, or -1 with g->err and g->errmsg set.
 */
int	 genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
	    void *data, const char *what);

/*
 * genl_parse: validate every attribute after the genetlink header of nlh,
 * or inside nest when it is not NULL, against spec[1..max] and fill
 * tb[0..max]; attributes above max (a newer kernel's) are skipped.
 * Returns 0, or -1 with errno EBADMSG when one is malformed.
 */
int	 genl_parse(const struct nlmsghdr *nlh, const struct nlattr *nest,
	    const struct genl_attr *spec, unsigned int max,
	    const struct nlattr **tb);

/* genl_cmd: the genetlink command of nlh, 0 when it has no header. */
uint8_t	 genl_cmd(const struct nlmsghdr *nlh);

/*
 * genl_subscribe: join the "monitor" multicast group, with a receive
 * buffer large enough for a burst of events.  Returns 0 or -1 (g->err,
 * g->errmsg).
 */
int	 genl_subscribe(struct genl *g);

/*
 * genl_read: for a subscribed socket the caller made O_NONBLOCK: read
 * every queued message and pass each of the family's messages to cb,
 * until EAGAIN.  cb returns MNL_CB_OK to go on; MNL_CB_STOP or
 * MNL_CB_ERROR end the read after the message (the rest stays queued),
 * the second with -1.  Returns 0, or -1 with errno and g->err (ENOBUFS:
 * events were lost, the caller must resync).
 */
int	 genl_read(struct genl *g, mnl_cb_t cb, void *data);

/* --- reply attribute sets, as Documentation/netlink/specs/dcvif.yaml -- */

extern const struct genl_attr dcvif_bfd_attrs[DCVIF_A_BFD_MAX + 1];
extern const struct genl_attr dcvif_bfd_stats_attrs[DCVIF_A_BFD_STATS_MAX + 1];
extern const struct genl_attr dcvif_vif_attrs[DCVIF_A_VIF_MAX + 1];
extern const struct genl_attr dcvif_lag_attrs[DCVIF_A_LAG_MAX + 1];
extern const struct genl_attr dcvif_lag_member_attrs[DCVIF_A_LAG_MEMBER_MAX + 1];

/* Every set by its spec name; ends with a NULL name. */
struct genl_attrset {
	const char		*name;		/* "bfd-stats" */
	const struct genl_attr	*attrs;
	unsigned int		 max;
};
extern const struct genl_attrset dcvif_attrsets[];

/* --- BFD sessions, typed --------------------------------------------- */

struct dcvif_bfd {
	uint32_t ifindex;
	int      family;                 /* AF_INET or AF_INET6 */
	uint8_t  local[16], peer[16];    /* 4 or 16 bytes used, network order */
	uint32_t desired_min_tx, required_min_rx;   /* microseconds */
	uint8_t  detect_mult, passive, admin_down, carrier_coupling;
	uint8_t  auth_type, auth_key_id, keylen, key[DCVIF_BFD_KEY_MAX_LEN];
	/* RFC 9764: 0 off, DCVIF_BFD_PADDING_MTU, or the IP packet size */
	uint16_t padding;
	uint16_t padded_size;            /* replies only: size sent now */
	uint32_t echo_tx, echo_rx;       /* microseconds, 0: off */
	/* filled from replies/notifications only */
	uint32_t local_discr, remote_discr, tx_interval, detect_time;
	uint8_t  state, remote_state, diag, remote_diag, last_down_diag, old_state;
	uint8_t  has_old_state;          /* old_state present (notification) */
	uint8_t  echo_active;
	uint32_t remote_echo_rx, echo_interval;
};

/* dcvif_bfd_set: which fields to change. */
#define DCVIF_BFD_F_TX      (1u << 0)
#define DCVIF_BFD_F_RX      (1u << 1)
#define DCVIF_BFD_F_MULT    (1u << 2)
#define DCVIF_BFD_F_ADMIN   (1u << 3)
#define DCVIF_BFD_F_COUPLING (1u << 4)
#define DCVIF_BFD_F_AUTH    (1u << 5)   /* type, key id and key together */
#define DCVIF_BFD_F_PADDING (1u << 6)
#define DCVIF_BFD_F_ECHO_TX (1u << 7)
#define DCVIF_BFD_F_ECHO_RX (1u << 8)

/*
 * dcvif_bfd_new: create a session with every parameter of b (auth only
 * when auth_type is not none, padding only when not 0).
 * dcvif_bfd_set: change the session ifindex + peer, the fields named
 * (DCVIF_BFD_F_*); F_AUTH with auth_type none sends the type alone.
 * dcvif_bfd_del: delete the session ifindex + peer.
 * Each returns 0, or -1 with g->err and g->errmsg set ("bfd add: ...",
 * "bfd set: ...", "bfd del: ...", or the kernel's "Error: ...").
 */
int	 dcvif_bfd_new(struct genl *g, const struct dcvif_bfd *b);
int	 dcvif_bfd_set(struct genl *g, const struct dcvif_bfd *b,
	    unsigned int fields);
int	 dcvif_bfd_del(struct genl *g, const struct dcvif_bfd *b);

/*
 * dcvif_bfd_dump: every session (of ifindex, 0: all), each passed to cb;
 * cb returns 0 to go on, -1 (errno set, or ECANCELED) to see no more.
 * Returns 0, or -1 with g->err and g->errmsg set.
 */
int	 dcvif_bfd_dump(struct genl *g, uint32_t ifindex,
	    int (*cb)(const struct dcvif_bfd *, void *), void *arg);

/*
 * dcvif_bfd_parse: a bfd-get reply or a bfd-state-ntf into b (zeroed
 * first).  Returns 0, or -1 with errno EBADMSG when an attribute is
 * malformed or the ifindex or the peer is missing.
 */
int	 dcvif_bfd_parse(const struct nlmsghdr *nlh, struct dcvif_bfd *b);

/* --- VIF carrier notifications -------------------------------------- */

struct dcvif_vif_ntf {
	uint32_t ifindex;
	char     ifname[16];
	uint8_t  carrier, has_reason, reason;
};

/*
 * dcvif_vif_ntf_parse: a vif-carrier-ntf (or a vif-get reply) into v.
 * Returns 0, or -1 with errno EBADMSG when an attribute is malformed or
 * the ifindex or the carrier is missing.
 */
int	 dcvif_vif_ntf_parse(const struct nlmsghdr *nlh,
	    struct dcvif_vif_ntf *v);

#endif
