// SPDX-License-Identifier: GPL-2.0
/*
 * foprobe: the probe stream of the failover benchmark (failover.sh).
 *
 *   foprobe send ADDR [-p PORT] [-r RATE] [-o FILE]
 *	UDP datagrams to ADDR:PORT (default 9000), RATE a second (default
 *	1000), each carrying a sequence number and the CLOCK_REALTIME instant
 *	it was sent; with -o, a line "seq sent_ns errno" per datagram (so that
 *	the send time of one that was lost is known too).  The socket is not connected: every datagram is routed
 *	afresh, so it follows the route to ADDR as the routing daemon changes
 *	it, and a datagram that finds no route (sendto fails) is lost with its
 *	sequence number.  The sender sleeps to absolute deadlines; a deadline
 *	it wakes up too late for is skipped, not made up for in a burst, so a
 *	vCPU stall shows as fewer datagrams sent, not as loss.
 *
 * Output files are flushed every 100 ms, so a reader is at most that far
 * behind.
 *
 *   foprobe recv [-p PORT] -o FILE
 *	Writes one line per datagram received: "seq sent_ns rcvd_ns ifindex",
 *	rcvd_ns the kernel's receive time stamp (CLOCK_REALTIME), ifindex the
 *	interface it came in on (which router carried it).
 *
 * Both stop on SIGTERM or SIGINT and print a summary line on stdout.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC_PER_SEC 1000000000LL
#define PROBE_MAGIC 0x666f7072u	/* "fopr" */

struct probe_msg {
	uint32_t magic;
	uint32_t pad;
	uint64_t seq;
	uint64_t sent_ns;
};

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return (int64_t)t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr, "usage: foprobe send ADDR [-p PORT] [-r RATE] [-o FILE]\n"
		"       foprobe recv [-p PORT] -o FILE\n");
	exit(2);
}

static int probe_send(const char *addr, int port, long rate, const char *out)
{
	int64_t last_flush;
	FILE *f = NULL;
	uint64_t sent = 0, errors = 0, skipped = 0;
	int64_t period = NSEC_PER_SEC / rate, next, start;
	double secs;
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};
	struct probe_msg m = { .magic = htonl(PROBE_MAGIC) };
	struct timespec ts;
	int fd, err;

	if (inet_pton(AF_INET, addr, &dst.sin_addr) != 1) {
		fprintf(stderr, "foprobe: bad address %s\n", addr);
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("foprobe: socket");
		return 1;
	}
	if (out) {
		f = fopen(out, "w");
		if (!f) {
			perror("foprobe: output");
			return 1;
		}
	}
	start = now_ns(CLOCK_MONOTONIC);
	last_flush = start;
	next = start + period;
	while (!stop) {
		ts.tv_sec = next / NSEC_PER_SEC;
		ts.tv_nsec = next % NSEC_PER_SEC;
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
			continue;	/* EINTR: stop is set */
		m.seq = sent;
		m.sent_ns = (uint64_t)now_ns(CLOCK_REALTIME);
		err = 0;
		if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0) {
			err = errno;
			errors++;
		}
		if (f)
			fprintf(f, "%llu %llu %d\n", (unsigned long long)sent,
				(unsigned long long)m.sent_ns, err);
		sent++;
		next += period;
		if (f && next - last_flush > NSEC_PER_SEC / 10) {
			fflush(f);
			last_flush = next;
		}
		/* woken up after the next deadline too: skip what was missed */
		for (int64_t now = now_ns(CLOCK_MONOTONIC); next <= now;
		     next += period)
			skipped++;
	}
	secs = (double)(now_ns(CLOCK_MONOTONIC) - start) / NSEC_PER_SEC;
	printf("foprobe send: %llu sent in %.0f s (%.0f/s), %llu refused by the stack, %llu deadlines skipped\n",
	       (unsigned long long)sent, secs, sent / secs,
	       (unsigned long long)errors, (unsigned long long)skipped);
	if (f)
		fclose(f);
	close(fd);
	return 0;
}

static int probe_recv(int port, const char *out)
{
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		  CMSG_SPACE(sizeof(struct timespec))];
	struct sockaddr_in local = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int64_t last_flush = now_ns(CLOCK_MONOTONIC);
	uint64_t rcvd = 0, bad = 0;
	struct pollfd pfd;
	int one = 1, fd;
	FILE *f;

	f = fopen(out, "w");
	if (!f) {
		perror("foprobe: output");
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&local, sizeof(local))) {
		perror("foprobe: socket");
		return 1;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!stop) {
		struct probe_msg m;
		struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
		struct msghdr mh = {
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf,
			.msg_controllen = sizeof(cbuf),
		};
		int64_t rcvd_ns = 0, now;
		struct cmsghdr *c;
		int ifindex = 0;
		ssize_t n;

		now = now_ns(CLOCK_MONOTONIC);
		if (now - last_flush > NSEC_PER_SEC / 10) {
			fflush(f);
			last_flush = now;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			continue;
		if (n != sizeof(m) || m.magic != htonl(PROBE_MAGIC)) {
			bad++;
			continue;
		}
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == IPPROTO_IP &&
			    c->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				ifindex = pi.ipi_ifindex;
			} else if (c->cmsg_level == SOL_SOCKET &&
				   c->cmsg_type == SO_TIMESTAMPNS) {
				struct timespec t;

				memcpy(&t, CMSG_DATA(c), sizeof(t));
				rcvd_ns = (int64_t)t.tv_sec * NSEC_PER_SEC +
					  t.tv_nsec;
			}
		}
		if (!rcvd_ns)
			rcvd_ns = now_ns(CLOCK_REALTIME);
		fprintf(f, "%llu %llu %lld %d\n", (unsigned long long)m.seq,
			(unsigned long long)m.sent_ns, (long long)rcvd_ns,
			ifindex);
		rcvd++;
	}
	fclose(f);
	printf("foprobe recv: %llu received, %llu malformed\n",
	       (unsigned long long)rcvd, (unsigned long long)bad);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *addr = NULL, *mode;
	struct sigaction sa = { .sa_handler = on_stop };
	int port = 9000, opt;
	long rate = 1000;

	if (argc < 2)
		usage();
	mode = argv[1];
	argv++;
	argc--;
	if (!strcmp(mode, "send")) {
		if (argc < 2)
			usage();
		addr = argv[1];
		argv++;
		argc--;
	} else if (strcmp(mode, "recv")) {
		usage();
	}
	while ((opt = getopt(argc, argv, "p:r:o:")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'r':
			rate = atol(optarg);
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	if (port <= 0 || port > 65535 || rate <= 0 || rate > 1000000)
		usage();
	/* no SA_RESTART: a signal ends the sleep or the poll */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (addr)
		return probe_send(addr, port, rate, out);
	if (!out)
		usage();
	return probe_recv(port, out);
}
