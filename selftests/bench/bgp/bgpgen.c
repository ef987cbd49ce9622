// SPDX-License-Identifier: GPL-2.0
/*
 * bgpgen: the route generator of the BGP benchmark.  A minimal BGP speaker
 * that connects to the receiver under test, announces every prefix of a
 * file (one "a.b.c.d/len" per line) with one set of attributes, packed
 * into full 4096-octet UPDATEs as fast as TCP takes them, sends
 * End-of-RIB, then keeps the session up (KEEPALIVEs, drains what it is
 * sent) until it is killed or the peer closes.
 *
 *   bgpgen -l LOCAL -r REMOTE -a AS -f FILE [-w GO]
 *
 * LOCAL is the source address, the router id and the NEXT_HOP.  With -w,
 * it says "established" on stdout once the session is up and waits for
 * the file GO to exist before it sends anything, so that the benchmark
 * times the receiver rather than process start-up.  It writes one line
 * when End-of-RIB is out: "sent N prefixes in S s".
 * Why not BIRD as the generator: a BIRD 2 generator may hold its last
 * UPDATE until its 3 s poll timeout unless the receiver happens to send
 * it something, which measures BIRD rather than the receiver.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXLEN		4096
#define HDRLEN		19
#define T_OPEN		1
#define T_UPDATE	2
#define T_NOTIFICATION	3
#define T_KEEPALIVE	4
#define HOLD		90

static int	 fd = -1;
static uint8_t	 rbuf[2 * MAXLEN];
static size_t	 rlen;

static void
die(const char *what)
{
	fprintf(stderr, "bgpgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
put_hdr(uint8_t *m, size_t len, uint8_t type)
{
	memset(m, 0xff, 16);
	m[16] = len >> 8;
	m[17] = len & 0xff;
	m[18] = type;
}

/* read what there is; returns the type of the first whole message, or 0 */
static int
read_msgs(int wait)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int type = 0;
	size_t len;
	ssize_t n;

	if (poll(&pfd, 1, wait) <= 0)
		return 0;
	n = read(fd, rbuf + rlen, sizeof(rbuf) - rlen);
	if (n == 0) {
		fprintf(stderr, "bgpgen: connection closed by peer\n");
		exit(0);
	}
	if (n == -1) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		die("read");
	}
	rlen += (size_t)n;
	while (rlen >= HDRLEN) {
		len = (size_t)rbuf[16] << 8 | rbuf[17];
		if (len < HDRLEN || len > MAXLEN) {
			fprintf(stderr, "bgpgen: bad message length %zu\n", len);
			exit(1);
		}
		if (rlen < len)
			break;
		if (rbuf[18] == T_NOTIFICATION) {
			fprintf(stderr, "bgpgen: NOTIFICATION %u/%u received\n",
				len > HDRLEN ? rbuf[19] : 0,
				len > HDRLEN + 1 ? rbuf[20] : 0);
			exit(1);
		}
		if (!type)
			type = rbuf[18];
		memmove(rbuf, rbuf + len, rlen - len);
		rlen -= len;
	}
	return type;
}

/* the socket is non-blocking: drain what the peer sends while we wait */
static void
write_all(const uint8_t *b, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT };
	ssize_t n;

	while (len) {
		n = write(fd, b, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				die("write");
			if (poll(&pfd, 1, -1) == 1 && (pfd.revents & POLLIN))
				read_msgs(0);
			continue;
		}
		b += n;
		len -= (size_t)n;
	}
}

static void
keepalive(void)
{
	uint8_t m[HDRLEN];

	put_hdr(m, HDRLEN, T_KEEPALIVE);
	write_all(m, sizeof(m));
}

int
main(int argc, char **argv)
{
	struct sockaddr_in la = { .sin_family = AF_INET };
	struct sockaddr_in ra = { .sin_family = AF_INET, .sin_port = htons(179) };
	uint8_t *nlri = NULL, *out, open[64], attrs[32];
	size_t nlen = 0, nsize = 0, alen, off, olen, npfx = 0, i;
	const char *file = NULL, *go = NULL;
	uint32_t as = 0, a32;
	char line[64];
	double t0, tlast;
	FILE *f;
	int o, type;

	while ((o = getopt(argc, argv, "l:r:a:f:w:")) != -1) {
		switch (o) {
		case 'l':
			if (inet_pton(AF_INET, optarg, &la.sin_addr) != 1)
				goto usage;
			break;
		case 'r':
			if (inet_pton(AF_INET, optarg, &ra.sin_addr) != 1)
				goto usage;
			break;
		case 'a':
			as = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'f':
			file = optarg;
			break;
		case 'w':
			go = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!file || !as || !la.sin_addr.s_addr || !ra.sin_addr.s_addr)
		goto usage;

	/* the NLRI of every prefix, packed once */
	if (!(f = fopen(file, "r")))
		die(file);
	while (fgets(line, sizeof(line), f)) {
		unsigned int b[4], plen;
		uint8_t p[5];

		if (sscanf(line, "%u.%u.%u.%u/%u", &b[0], &b[1], &b[2], &b[3],
			   &plen) != 5 || plen > 32) {
			fprintf(stderr, "bgpgen: %s: bad line: %s", file, line);
			return 1;
		}
		p[0] = (uint8_t)plen;
		for (i = 0; i < 4; i++)
			p[1 + i] = (uint8_t)b[i];
		if (nlen + 5 > nsize) {
			nsize = nsize ? 2 * nsize : 1 << 20;
			if (!(nlri = realloc(nlri, nsize)))
				die("realloc");
		}
		memcpy(nlri + nlen, p, 1 + (plen + 7) / 8);
		nlen += 1 + (plen + 7) / 8;
		npfx++;
	}
	fclose(f);

	/* connect, retrying while the receiver starts */
	for (i = 0;; i++) {
		int one = 1;

		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			die("socket");
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&la, sizeof(la)) == -1)
			die("bind");
		if (connect(fd, (struct sockaddr *)&ra, sizeof(ra)) == 0) {
			fcntl(fd, F_SETFL, O_NONBLOCK);
			break;
		}
		if (i == 300)
			die("connect");
		close(fd);
		usleep(100000);
	}

	/* OPEN: multiprotocol IPv4 unicast, four-octet AS */
	olen = HDRLEN;
	open[olen++] = 4;
	open[olen++] = as > 65535 ? 23456 >> 8 : as >> 8;
	open[olen++] = as > 65535 ? 23456 & 0xff : as & 0xff;
	open[olen++] = 0;
	open[olen++] = HOLD;
	memcpy(open + olen, &la.sin_addr, 4);
	olen += 4;
	open[olen++] = 14;			/* optional parameters length */
	open[olen++] = 2;			/* capabilities */
	open[olen++] = 12;
	open[olen++] = 1;			/* multiprotocol */
	open[olen++] = 4;
	open[olen++] = 0;
	open[olen++] = 1;			/* AFI IPv4 */
	open[olen++] = 0;
	open[olen++] = 1;			/* SAFI unicast */
	open[olen++] = 65;			/* four-octet AS */
	open[olen++] = 4;
	a32 = htonl(as);
	memcpy(open + olen, &a32, 4);
	olen += 4;
	put_hdr(open, olen, T_OPEN);
	write_all(open, olen);
	for (;;) {
		type = read_msgs(HOLD * 1000);
		if (type == T_OPEN)
			keepalive();
		else if (type == T_KEEPALIVE || type == T_UPDATE)
			break;
		else if (type)
			break;
	}

	if (go) {
		printf("established\n");
		fflush(stdout);
		while (access(go, F_OK) == -1)
			read_msgs(5);
	}

	/* ORIGIN IGP, AS_PATH one AS_SEQUENCE of us, NEXT_HOP us */
	alen = 0;
	attrs[alen++] = 0x40;
	attrs[alen++] = 1;
	attrs[alen++] = 1;
	attrs[alen++] = 0;
	attrs[alen++] = 0x40;
	attrs[alen++] = 2;
	attrs[alen++] = 6;
	attrs[alen++] = 2;
	attrs[alen++] = 1;
	memcpy(attrs + alen, &a32, 4);
	alen += 4;
	attrs[alen++] = 0x40;
	attrs[alen++] = 3;
	attrs[alen++] = 4;
	memcpy(attrs + alen, &la.sin_addr, 4);
	alen += 4;

	/* every UPDATE up front, so sending is nothing but write() */
	if (!(out = malloc(nlen + (nlen / (MAXLEN - HDRLEN - 4 - alen - 5) + 2) *
			   (HDRLEN + 4 + alen + 5))))
		die("malloc");
	t0 = now();
	for (off = 0, olen = 0; off < nlen;) {
		size_t start = off, mlen;
		uint8_t *m = out + olen;

		while (off < nlen &&
		       HDRLEN + 4 + alen + (off - start) + 1 + (nlri[off] + 7) / 8 <= MAXLEN)
			off += 1 + (nlri[off] + 7) / 8;
		mlen = HDRLEN + 4 + alen + (off - start);
		put_hdr(m, mlen, T_UPDATE);
		m[19] = 0;
		m[20] = 0;
		m[21] = alen >> 8;
		m[22] = alen & 0xff;
		memcpy(m + 23, attrs, alen);
		memcpy(m + 23 + alen, nlri + start, off - start);
		olen += mlen;
	}
	/* End-of-RIB: an empty UPDATE */
	put_hdr(out + olen, HDRLEN + 4, T_UPDATE);
	memset(out + olen + HDRLEN, 0, 4);
	olen += HDRLEN + 4;
	write_all(out, olen);
	printf("sent %zu prefixes in %.3f s\n", npfx, now() - t0);
	fflush(stdout);
	free(out);
	free(nlri);

	tlast = now();
	for (;;) {
		read_msgs(1000);
		if (now() - tlast >= HOLD / 3) {
			keepalive();
			tlast = now();
		}
	}
usage:
	fprintf(stderr, "usage: bgpgen -l LOCAL -r REMOTE -a AS -f FILE [-w GO]\n");
	return 2;
}
