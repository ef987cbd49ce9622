/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genl: the dcvif generic netlink family over libmnl, for dcvifctl.
 *
 * genl_open() resolves the family and its "monitor" group through nlctrl;
 * genl_talk() sends one request and runs its replies through a callback,
 * printing the kernel's extack message ("Error: ...") when it fails.
 */
#ifndef DCVIFCTL_GENL_H
#define DCVIFCTL_GENL_H

#include <libmnl/libmnl.h>
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
};

/* What a reply attribute of one set must look like (see genl_parse). */
struct genl_attr {
	enum mnl_attr_data_type	 type;
	size_t			 len;	/* exact payload length, 0: the type's */
};

/*
 * genl_open: open a generic netlink socket and resolve the dcvif family.
 * Prints why and returns -1 on failure (the family missing means the
 * module is not loaded).
 */
int	 genl_open(struct genl *g);
void	 genl_close(struct genl *g);

/* genl_msg: start a request of the dcvif family in g->buf. */
struct nlmsghdr *genl_msg(struct genl *g, uint8_t cmd, uint16_t flags);

/*
 * genl_talk: send nlh and feed every reply message to cb (may be NULL)
 * until the kernel's ACK or the end of a dump.  what names the request in
 * messages.  Returns 0, or -1 after printing the kernel's error (its extack
 * message when there is one).
 */
int	 genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb,
	    void *data, const char *what);

/*
 * genl_parse: validate every attribute after offset of nlh, or inside
 * nest when it is not NULL, against spec[1..max] and fill tb[0..max];
 * attributes above max (a newer kernel's) are skipped.  Returns 0, or -1
 * with errno EBADMSG when one is malformed.
 */
int	 genl_parse(const struct nlmsghdr *nlh, const struct nlattr *nest,
	    const struct genl_attr *spec, unsigned int max,
	    const struct nlattr **tb);

/*
 * genl_subscribe: join the "monitor" multicast group.
 */
int	 genl_subscribe(struct genl *g);

#endif
