// SPDX-License-Identifier: GPL-2.0
/*
 * nlsock: netlink sockets that may be a privileged parent's (nlsock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nlsock.h"

int (*nlsock_opener)(enum nlsock_kind kind, size_t rxsize,
    uint32_t *portid);
void (*nlsock_gone)(void);

/* the port ids of the sockets the hook gave, by descriptor */
#define NLSOCK_MAX	16
static struct {
	int		 fd;
	uint32_t	 portid;
	enum nlsock_kind kind;
} hooked[NLSOCK_MAX];
static int nhooked;

static int
nlsock_bus(enum nlsock_kind kind)
{
	return kind == NLSOCK_GENL || kind == NLSOCK_GENL_MON ?
	    NETLINK_GENERIC : NETLINK_ROUTE;
}

struct mnl_socket *
nlsock_open(enum nlsock_kind kind, int flags, size_t rxsize)
{
	struct mnl_socket *nl;
	uint32_t portid;
	int fd, i, e;

	if (nlsock_opener == NULL) {
		nl = mnl_socket_open2(nlsock_bus(kind), SOCK_CLOEXEC | flags);
		if (nl && mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == -1) {
			e = errno;
			mnl_socket_close(nl);
			errno = e;
			return NULL;
		}
		return nl;
	}
	if ((fd = nlsock_opener(kind, rxsize, &portid)) == -1)
		return NULL;
	if ((flags & SOCK_NONBLOCK) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
		goto fail;
	for (i = 0; i < nhooked && hooked[i].fd != -1; i++)
		;
	if (i == NLSOCK_MAX) {
		errno = EMFILE;
		goto fail;
	}
	if ((nl = mnl_socket_fdopen(fd)) == NULL)
		goto fail;
	hooked[i].fd = fd;
	hooked[i].portid = portid;
	hooked[i].kind = kind;
	if (i == nhooked)
		nhooked++;
	return nl;
fail:
	e = errno;
	close(fd);
	errno = e;
	return NULL;
}

static int
nlsock_slot(const struct mnl_socket *nl)
{
	int fd = mnl_socket_get_fd(nl), i;

	for (i = 0; i < nhooked; i++)
		if (hooked[i].fd == fd)
			return i;
	return -1;
}

uint32_t
nlsock_portid(const struct mnl_socket *nl)
{
	int i = nlsock_slot(nl);

	return i == -1 ? mnl_socket_get_portid(nl) : hooked[i].portid;
}

void
nlsock_close(struct mnl_socket *nl)
{
	int i;

	if (nl == NULL)
		return;
	if ((i = nlsock_slot(nl)) != -1)
		hooked[i].fd = -1;
	mnl_socket_close(nl);
}

ssize_t
nlsock_send(struct mnl_socket *nl, const void *buf, size_t len)
{
	struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLOUT };
	ssize_t n;

	/*
	 * To the kernel (port 0) on a netlink socket, which takes a request
	 * at once; to the parent on ours, whose queue (net.unix.
	 * max_dgram_qlen datagrams) may be full: a non-blocking caller waits
	 * for room rather than lose the request, as the kernel would never
	 * refuse it.  The parent never blocks on us, so this ends.
	 */
	for (;;) {
		n = send(pfd.fd, buf, len, 0);
		if (n != -1 || nlsock_slot(nl) == -1 ||
		    (errno != EAGAIN && errno != EINTR))
			return n;
		if (errno == EAGAIN && poll(&pfd, 1, -1) == -1 &&
		    errno != EINTR)
			return -1;
	}
}

ssize_t
nlsock_recv(struct mnl_socket *nl, void *buf, size_t len)
{
	ssize_t n;
	int32_t e;

	n = recv(mnl_socket_get_fd(nl), buf, len, MSG_TRUNC);
	if (n == -1)
		return -1;
	if (n == 0) {
		/* the parent closed its end: it is gone */
		if (nlsock_gone)
			nlsock_gone();
		errno = ECONNRESET;
		return -1;
	}
	if ((size_t)n > len) {
		errno = ENOSPC;		/* as libmnl: truncated */
		return -1;
	}
	if (n == sizeof(e)) {
		memcpy(&e, buf, sizeof(e));
		errno = e > 0 ? e : EPROTO;
		return -1;
	}
	return n;
}

int
nlsock_join(struct mnl_socket *nl, unsigned int group)
{
	uint32_t req[2] = { NLSOCK_JOIN, group };
	int i = nlsock_slot(nl);
	int32_t e;
	ssize_t n;

	if (i == -1)
		return mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP,
		    &group, sizeof(group));
	if (hooked[i].kind == NLSOCK_GENL_MON)
		return 0;	/* joined by the parent */
	if (send(mnl_socket_get_fd(nl), req, sizeof(req), 0) == -1)
		return -1;
	/* the answer comes before anything the group sends */
	for (;;) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl),
		    .events = POLLIN };

		n = recv(pfd.fd, &e, sizeof(e), 0);
		if (n != -1 || (errno != EINTR && errno != EAGAIN))
			break;
		if (errno == EAGAIN && poll(&pfd, 1, 5000) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	if (n != sizeof(e)) {
		errno = EPROTO;
		return -1;
	}
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}
