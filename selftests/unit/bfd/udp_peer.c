// SPDX-License-Identifier: GPL-2.0
/*
 * A single-session userspace BFD speaker built on the protocol core, for
 * interop checks against real BFD implementations (RFC 5881 transport:
 * UDP 3784, source port 49152-65535, TTL 255 sent and required).
 * usage: udp_peer LOCAL PEER TX_MS RX_MS MULT AUTHTYPE KEYID KEY SECONDS
 *		  [NEW_MS]
 * With NEW_MS, TX and RX intervals change to NEW_MS half way through
 * (a Poll Sequence while Up).  Prints state changes, then a summary line;
 * exits 0 if the session ended Up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bfd_proto.h"

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static struct bfd_session s;
static int txfd;
static unsigned long long t0, tx_at = ~0ULL, det_at = ~0ULL;
static unsigned long drops[BFD_RX_REASON_MAX], rx_ok, sent, finals;
static unsigned long state_changes;

static void send_pkt(unsigned int flags)
{
	unsigned char b[BFD_PKT_MAX];
	unsigned int len = bfd_session_build(&s, b, sizeof(b), flags);

	if (send(txfd, b, len, 0) < 0)
		perror("send");
	if (flags)
		finals++;
	else
		sent++;
}

static void apply(const struct bfd_actions *a)
{
	unsigned long long n = now_us();

	if (a->flags & BFD_ACT_TX_ARM)
		tx_at = n + a->tx_us;
	if (a->flags & BFD_ACT_DETECT_ARM)
		det_at = n + a->detect_us;
	if (a->flags & BFD_ACT_DETECT_STOP)
		det_at = ~0ULL;
	if (a->flags & BFD_ACT_STATE)
		state_changes++;
	if (a->flags & BFD_ACT_STATE)
		printf("%8.3f state %s -> %s diag %u (%s)%s%s\n",
		       (n - t0) / 1e6, bfd_state_name(a->old_state),
		       bfd_state_name(a->new_state), a->diag,
		       bfd_diag_name(a->diag),
		       a->flags & BFD_ACT_CARRIER_DOWN ? " CARRIER_DOWN" : "",
		       a->flags & BFD_ACT_CARRIER_UP ? " CARRIER_UP" : "");
	if (a->flags & BFD_ACT_POLL_DONE)
		printf("%8.3f poll done: tx %u us detect %llu us\n",
		       (n - t0) / 1e6, bfd_session_tx_interval(&s),
		       (unsigned long long)bfd_session_detect_time(&s));
	if (a->flags & BFD_ACT_SEND_FINAL)
		send_pkt(BFD_BUILD_FINAL);
	if (a->flags & BFD_ACT_SEND)
		send_pkt(0);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sockaddr_in la = { .sin_family = AF_INET }, pa = la, sa = la;
	struct bfd_session_cfg c = { 0 };
	struct bfd_actions a;
	unsigned long long end, change_at;
	int rxfd, one = 1, ttl = 255, i;

	if (argc != 10 && argc != 11) {
		fprintf(stderr, "usage: see the source\n");
		return 2;
	}
	srandom(getpid() ^ time(NULL));
	inet_pton(AF_INET, argv[1], &la.sin_addr);
	inet_pton(AF_INET, argv[2], &pa.sin_addr);
	c.local_discr = random() | 1;
	c.desired_min_tx = atoi(argv[3]) * 1000;
	c.required_min_rx = atoi(argv[4]) * 1000;
	c.detect_mult = atoi(argv[5]);
	c.auth.type = atoi(argv[6]);
	c.auth.key_id = atoi(argv[7]);
	c.auth.len = c.auth.type ? strlen(argv[8]) : 0;
	memcpy(c.auth.key, argv[8], c.auth.len);
	c.xmit_auth_seq = random();

	rxfd = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(rxfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(rxfd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one));
	la.sin_port = htons(3784);
	if (bind(rxfd, (void *)&la, sizeof(la)) < 0) {
		perror("bind rx");
		return 1;
	}
	txfd = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(txfd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	sa = la;
	sa.sin_port = htons(49152 + random() % 16384);
	if (bind(txfd, (void *)&sa, sizeof(sa)) < 0) {
		perror("bind tx");
		return 1;
	}
	pa.sin_port = htons(3784);
	connect(txfd, (void *)&pa, sizeof(pa));

	t0 = now_us();
	end = t0 + atoi(argv[9]) * 1000000ULL;
	change_at = argc == 11 ? t0 + atoi(argv[9]) * 500000ULL : ~0ULL;
	if (bfd_session_init(&s, &c, random(), &a)) {
		fprintf(stderr, "bad config\n");
		return 2;
	}
	apply(&a);
	while (now_us() < end) {
		unsigned long long n = now_us(), next = tx_at < det_at ? tx_at : det_at;
		struct pollfd pfd = { .fd = rxfd, .events = POLLIN };
		int ms = next > n ? (int)((next - n + 999) / 1000) : 0;

		if (ms > 100)
			ms = 100;
		if (poll(&pfd, 1, ms) > 0) {
			unsigned char b[512], cbuf[64];
			struct iovec iov = { b, sizeof(b) };
			struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
					    .msg_control = cbuf,
					    .msg_controllen = sizeof(cbuf) };
			struct cmsghdr *cm;
			enum bfd_rx_reason r;
			struct bfd_pkt p;
			int len, rttl = -1;

			len = recvmsg(rxfd, &m, 0);
			for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
				if (cm->cmsg_level == IPPROTO_IP &&
				    cm->cmsg_type == IP_TTL)
					memcpy(&rttl, CMSG_DATA(cm), sizeof(int));
			if (len < 0 || rttl != 255)
				continue;
			r = bfd_pkt_parse(b, len, &p);
			if (r == BFD_RX_OK)
				r = bfd_session_rx(&s, &p, b, random(), &a);
			if (r != BFD_RX_OK) {
				drops[r]++;
				if (r == BFD_RX_ADMIN_DOWN)
					apply(&a);
				continue;
			}
			rx_ok++;
			apply(&a);
		}
		n = now_us();
		if (change_at <= n) {
			u32 iv = atoi(argv[10]) * 1000;

			change_at = ~0ULL;
			printf("%8.3f set TX/RX to %u us\n", (n - t0) / 1e6, iv);
			bfd_session_set_params(&s, iv, iv, c.detect_mult,
					       random(), &a);
			apply(&a);
		}
		if (det_at <= n) {
			det_at = ~0ULL;
			bfd_session_detect_timer(&s, random(), &a);
			apply(&a);
		}
		if (tx_at <= n) {
			tx_at = ~0ULL;
			bfd_session_tx_timer(&s, random(), &a);
			apply(&a);
		}
	}
	printf("final state %s remote %s changes %lu rx_ok %lu sent %lu finals %lu tx %u det %llu",
	       bfd_state_name(s.state), bfd_state_name(s.remote_state),
	       state_changes, rx_ok, sent, finals,
	       bfd_session_tx_interval(&s),
	       (unsigned long long)bfd_session_detect_time(&s));
	for (i = 1; i < BFD_RX_REASON_MAX; i++)
		if (drops[i])
			printf(" drop_%s %lu", bfd_rx_reason_name(i), drops[i]);
	printf("\n");
	return s.state == BFD_STATE_UP ? 0 : 1;
}
