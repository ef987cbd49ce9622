/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlsock: the netlink sockets that need CAP_NET_ADMIN, opened through a
 * hook.  Programs get plain netlink sockets; dcvifd's unprivileged engine
 * sets the hook and gets, instead, one end of a SOCK_SEQPACKET socketpair
 * whose other end its privileged parent forwards to a netlink socket of
 * its own, checking each request (dcvifd/priv.c).  Both carry whole
 * netlink datagrams, so a caller cannot tell them apart, as long as it
 * sends and receives through these functions:
 *
 *   - a 4-byte datagram is not netlink (a message has 16 bytes at least):
 *     it carries an errno, the error a receive on the netlink socket would
 *     have returned (ENOBUFS: the parent's queue overran), or the answer
 *     to an in-band join;
 *   - joining a multicast group on a socketpair is an 8-byte datagram
 *     (NLSOCK_JOIN, group) the parent answers with a 4-byte errno;
 *   - an NLSOCK_GENL_MON socket from the hook is a netlink socket the
 *     parent joined to the group already: nlsock_join() does nothing.
 */
#ifndef NLSOCK_H
#define NLSOCK_H

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* what a socket is for: the parent checks each request by its kind */
enum nlsock_kind {
	NLSOCK_ROUTE = 1,	/* rtnetlink: routes and nexthops */
	NLSOCK_LINK,		/* rtnetlink: dcvif links and their addresses */
	NLSOCK_GENL,		/* generic netlink: the dcvif family */
	/*
	 * Generic netlink with the dcvif family's "monitor" group joined:
	 * through the hook, the parent's own netlink socket, joined (which
	 * takes CAP_NET_ADMIN) and handed over; reading needs nothing more,
	 * and what is sent on it is checked against the engine's privileges.
	 */
	NLSOCK_GENL_MON,
	NLSOCK_KIND_MAX,
};

#define NLSOCK_JOIN	0x4a4f494eU	/* "JOIN" */

/*
 * The hook: a connected descriptor for kind, its netlink port id in
 * *portid; -1 with errno set.  NULL (the default): a netlink socket.
 */
extern int (*nlsock_opener)(enum nlsock_kind kind, size_t rxsize,
    uint32_t *portid);

/* called when the hook's sockets' other end is closed (it may not return) */
extern void (*nlsock_gone)(void);

/*
 * A socket of kind (SOCK_NONBLOCK in flags for a non-blocking one);
 * rxsize: the buffer the caller receives into, which the kernel sizes its
 * dump datagrams by (the parent reads its socket with as much).
 */
struct mnl_socket *nlsock_open(enum nlsock_kind kind, int flags,
    size_t rxsize);
uint32_t nlsock_portid(const struct mnl_socket *nl);
void	 nlsock_close(struct mnl_socket *nl);
ssize_t	 nlsock_send(struct mnl_socket *nl, const void *buf, size_t len);
ssize_t	 nlsock_recv(struct mnl_socket *nl, void *buf, size_t len);
int	 nlsock_join(struct mnl_socket *nl, unsigned int group);

#endif
