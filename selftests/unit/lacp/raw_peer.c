// SPDX-License-Identifier: GPL-2.0
/*
 * A userspace LACP speaker around the protocol core, for interop tests
 * against Linux bonding (interop_bonding.sh): one LAG over the given
 * interfaces, AF_PACKET sockets for the Slow Protocols, the glue's
 * calling sequence of Documentation/lacp-core.rst, and one line on
 * stdout whenever a port's selection, Mux state or partner changes:
 *
 *   <ms> <ifname> sel=<selected> mux=<mux> rx=<rx> cd=<0|1>
 *	partner=<sys>/<key>/<port> pstate=<hex> astate=<hex>
 *
 * and "final ..." lines with the counters on SIGTERM/SIGINT or after -t.
 *
 * usage: raw_peer [-p] [-s] [-k KEY] [-t SECONDS] IFNAME...
 *	-p passive, -s slow (long timeout), -k actor key (default 7)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lacp_proto.h"

#define MAXP	8

static const u8 slow_addr[6] = LACP_SLOW_ADDR;

struct rport {
	const char *name;
	int fd, ifindex;
	u8 mac[6];
	struct lacp_port p;
	char last[256];
};

static struct rport rp[MAXP];
static int np;
static volatile sig_atomic_t stop;

static u64 now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void open_port(struct rport *r)
{
	struct packet_mreq mr = { 0 };
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };

	r->fd = socket(AF_PACKET, SOCK_RAW, htons(LACP_ETHERTYPE));
	if (r->fd < 0) {
		perror("socket");
		exit(1);
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", r->name);
	if (ioctl(r->fd, SIOCGIFINDEX, &ifr) < 0) {
		perror(r->name);
		exit(1);
	}
	r->ifindex = ifr.ifr_ifindex;
	if (ioctl(r->fd, SIOCGIFHWADDR, &ifr) < 0) {
		perror(r->name);
		exit(1);
	}
	memcpy(r->mac, ifr.ifr_hwaddr.sa_data, 6);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(LACP_ETHERTYPE);
	sll.sll_ifindex = r->ifindex;
	if (bind(r->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind");
		exit(1);
	}
	mr.mr_ifindex = r->ifindex;
	mr.mr_type = PACKET_MR_MULTICAST;
	mr.mr_alen = 6;
	memcpy(mr.mr_address, slow_addr, 6);
	if (setsockopt(r->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0) {
		perror("PACKET_ADD_MEMBERSHIP");
		exit(1);
	}
}

static int carrier(const struct rport *r)
{
	char path[128], c = '0';
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", r->name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fread(&c, 1, 1, f) != 1)
		c = '0';
	fclose(f);
	return c == '1';
}

static void send_frame(struct rport *r, const u8 *payload, size_t len)
{
	u8 frame[14 + LACP_PDU_LEN];

	memcpy(frame, slow_addr, 6);
	memcpy(frame + 6, r->mac, 6);
	frame[12] = LACP_ETHERTYPE >> 8;
	frame[13] = LACP_ETHERTYPE & 0xff;
	memcpy(frame + 14, payload, len);
	if (send(r->fd, frame, 14 + len, 0) < 0 && errno != ENETDOWN &&
	    errno != ENXIO)
		perror("send");
}

static void report(struct rport *r, const char *prefix)
{
	const struct lacp_port *p = &r->p;
	char line[256];

	snprintf(line, sizeof(line),
		 "%s sel=%s mux=%s rx=%s cd=%d "
		 "partner=%02x:%02x:%02x:%02x:%02x:%02x/%u/%u pstate=%02x "
		 "astate=%02x",
		 r->name, lacp_sel_name(p->selected),
		 lacp_mux_state_name(p->mux_state),
		 lacp_rx_state_name(p->rx_state), lacp_port_coll_dist(p),
		 p->partner.sys[0], p->partner.sys[1], p->partner.sys[2],
		 p->partner.sys[3], p->partner.sys[4], p->partner.sys[5],
		 p->partner.key, p->partner.port, p->partner.state,
		 p->actor.state);
	if (!prefix && !strcmp(line, r->last))
		return;
	snprintf(r->last, sizeof(r->last), "%s", line);
	if (prefix)
		printf("%s %s rx_pdus=%llu tx_pdus=%llu rx_err=%llu "
		       "expired=%llu defaulted=%llu\n", prefix, line,
		       p->stats.rx_pdus, p->stats.tx_pdus,
		       p->stats.rx_err[LACP_PDU_SHORT] +
		       p->stats.rx_err[LACP_PDU_SUBTYPE] +
		       p->stats.rx_err[LACP_PDU_VERSION] +
		       p->stats.rx_err[LACP_PDU_TLV],
		       p->stats.rx_expired, p->stats.rx_defaulted);
	else
		printf("%llu %s\n", now_ms(), line);
	fflush(stdout);
}

/* Steps 2-4 of the calling sequence */
static void after(u64 now)
{
	struct lacp_port *ports[MAXP];
	u8 buf[LACP_PDU_LEN];
	struct lacp_pdu pdu;
	unsigned int changed;
	int i;

	for (i = 0; i < np; i++)
		ports[i] = &rp[i].p;
	changed = lacp_select(ports, np);
	for (i = 0; i < np; i++)
		if (changed & (1U << i))
			lacp_port_tick(ports[i], now);
	for (i = 0; i < np; i++) {
		while (lacp_port_tx(&rp[i].p, now, &pdu)) {
			lacp_pdu_build(buf, &pdu);
			send_frame(&rp[i], buf, sizeof(buf));
		}
		report(&rp[i], NULL);
	}
}

static void receive(struct rport *r, u64 now)
{
	struct sockaddr_ll from;
	socklen_t fl = sizeof(from);
	u8 frame[2048];
	struct lacp_pdu pdu;
	enum lacp_pdu_err e;
	ssize_t n;

	n = recvfrom(r->fd, frame, sizeof(frame), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &fl);
	/* our own frames come back on a packet socket: skip them */
	if (n < 14 || from.sll_pkttype == PACKET_OUTGOING)
		return;
	if (lacp_marker_respond(frame + 14, n - 14)) {
		send_frame(r, frame + 14, LACP_MARKER_LEN);
		return;
	}
	e = lacp_pdu_parse(frame + 14, n - 14, &pdu);
	if (e == LACP_PDU_OK)
		lacp_port_rx(&r->p, &pdu, now);
	else
		lacp_port_rx_err(&r->p, e);
}

int main(int argc, char **argv)
{
	int active = 1, fast = 1, opt, i, key = 7, secs = 0;
	struct pollfd pfd[MAXP];
	u64 now, end;

	while ((opt = getopt(argc, argv, "pk:st:")) != -1) {
		switch (opt) {
		case 'p':
			active = 0;
			break;
		case 's':
			fast = 0;
			break;
		case 'k':
			key = atoi(optarg);
			break;
		case 't':
			secs = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-p] [-s] [-k KEY] "
				"[-t SECONDS] IFNAME...\n", argv[0]);
			return 2;
		}
	}
	if (optind >= argc || argc - optind > MAXP) {
		fprintf(stderr, "1 to %d interfaces\n", MAXP);
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	now = now_ms();
	end = secs ? now + secs * 1000ULL : LACP_NEVER;
	for (i = optind; i < argc; i++) {
		struct rport *r = &rp[np];
		struct lacp_info a = {
			.sys_prio = 0x8000, .key = key, .port_prio = 0x80,
			.port = np + 1,
		};

		r->name = argv[i];
		open_port(r);
		memcpy(a.sys, rp[0].mac, 6);
		lacp_port_init(&r->p, &a, active, fast, now);
		pfd[np].fd = r->fd;
		pfd[np].events = POLLIN;
		np++;
	}
	while (!stop && now < end) {
		u64 next = end;
		int timeout;

		now = now_ms();
		for (i = 0; i < np; i++) {
			lacp_port_set_enabled(&rp[i].p, carrier(&rp[i]), now);
			lacp_port_tick(&rp[i].p, now);
		}
		after(now);
		for (i = 0; i < np; i++) {
			u64 t = lacp_port_next_ms(&rp[i].p);

			if (t < next)
				next = t;
		}
		/* carrier is polled: at least every 100 ms */
		timeout = next > now + 100 ? 100 : (int)(next - now);
		if (poll(pfd, np, timeout) < 0 && errno != EINTR) {
			perror("poll");
			return 1;
		}
		now = now_ms();
		for (i = 0; i < np; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			receive(&rp[i], now);
			after(now);
		}
	}
	for (i = 0; i < np; i++)
		report(&rp[i], "final");
	return 0;
}
