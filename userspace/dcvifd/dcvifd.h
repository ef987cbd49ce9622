/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcvifd: shared structures of the session engine (session.c), the route
 * decision engine (rde.c), the kernel FIB (kroute.c), the configuration
 * parser (parse.c) and the control socket (control.c).  One process, one
 * epoll loop; the parts talk through plain function calls.
 */
#ifndef DCVIFD_H
#define DCVIFD_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#include "bgp.h"

#define DCVIFD_CONFIG		"/etc/dcvifd.conf"
#define DCVIFD_SOCKET		"/run/dcvifd.sock"
#define DCVIFD_STATEDIR		"/var/lib/dcvifd"
#define DCVIFD_USER		"dcvifd"	/* the engine's (priv.c) */
#define DCVIFD_RTPROT		243	/* rtm_protocol/nh_protocol of our routes */
#define MAX_PEERS		64	/* adj-RIB-out is a 64-bit mask per prefix */
#define MD5_MIN_LEN		6	/* AWS: BGP MD5 keys are 6..80 characters */
#define MD5_MAX_LEN		80

#define DEFAULT_HOLDTIME	90
#define DEFAULT_KEEPALIVE	30
#define MIN_HOLDTIME		3
#define DEFAULT_CONNECTRETRY	30
#define DEFAULT_ECMP		8
#define DEFAULT_STALE_TIME	60
#define IDLE_HOLD_INITIAL	1
#define IDLE_HOLD_MAX		120

/*
 * AWS Direct Connect's limit on the prefixes a customer advertises on one
 * BGP session (per address family): past it AWS puts the session in Idle.
 * Private and transit VIFs take 100, public VIFs 1000.
 */
#define AWS_MAXPFX_PRIVATE	100
#define AWS_MAXPFX_PUBLIC	1000
#define MAXPFX_MAX		10000000

/*
 * AWS's BGP communities. Sent by the customer: 7224:7100/7200/7300, local
 * preference low/medium/high on AWS's side (private and transit VIFs);
 * 7224:9100/9200/9300, how far AWS propagates a public VIF's prefixes
 * (region, continent, global). Sent by AWS on public VIFs: 7224:8100
 * (this region), 7224:8200 (this continent).
 */
#define AWS_AS			7224
#define AWS_LP_LOW		1	/* 7224:7100 */
#define AWS_LP_MEDIUM		2	/* 7224:7200 */
#define AWS_LP_HIGH		3	/* 7224:7300 */
#define AWS_SCOPE_REGION	1	/* 7224:9100 */
#define AWS_SCOPE_CONTINENT	2	/* 7224:9200 */
#define AWS_SCOPE_GLOBAL	3	/* 7224:9300 */
#define COMM_NO_EXPORT		0xffffff01u
#define COMM_NO_ADVERTISE	0xffffff02u
#define COMM_NO_EXPORT_SUBCONFED 0xffffff03u

/* configuration */
#define BFD_DEFAULT_INTERVAL	300	/* ms: AWS Direct Connect's */
#define BFD_DEFAULT_MULT	3
#define BFD_INTERVAL_MAX	60000	/* ms, as dcvifctl and FRR's bfdd */
#define BFD_KEY_MAX		20

/* BFD_SEEN_*: what a bfd block set; the rest comes from the global one */
#define BFD_SEEN_TX		0x01
#define BFD_SEEN_RX		0x02
#define BFD_SEEN_MULT		0x04
#define BFD_SEEN_AUTH		0x08
#define BFD_SEEN_STRICT		0x10
#define BFD_SEEN_PADDING	0x20
#define BFD_SEEN_ECHO_TX	0x40
#define BFD_SEEN_ECHO_RX	0x80

struct bfd_config {
	uint8_t		 enabled;
	uint8_t		 strict;	/* BGP only while BFD is Up */
	uint8_t		 mult;
	uint8_t		 auth_type;	/* RFC 5880 4.1 Auth Type, 0: none */
	uint8_t		 key_id;
	uint8_t		 keylen;
	uint8_t		 seen;		/* BFD_SEEN_* */
	uint16_t	 tx_ms;		/* Desired Min TX Interval */
	uint16_t	 rx_ms;		/* Required Min RX Interval */
	uint16_t	 padding;	/* RFC 9764: 0 off, 1 the VIF's MTU, bytes */
	uint16_t	 echo_tx_ms;	/* Echo (RFC 5880 6.4) interval, 0: off */
	uint16_t	 echo_rx_ms;	/* Required Min Echo RX, 0: none */
	uint8_t		 key[BFD_KEY_MAX];
	int		 line;		/* global block: where it is, 0: none */
};

enum {
	ANNOUNCE_ALL,		/* best routes, ours and learned */
	ANNOUNCE_SELF,		/* only the networks we originate */
	ANNOUNCE_NONE,
};

struct bgp_addr {
	uint8_t		aid;
	uint8_t		addr[16];
};

/*
 * A prefix list: a prefix matches an entry when it lies inside the entry's
 * prefix and its length is in ge..le (without ge and le: the same length).
 */
#define PLIST_NAME_MAX		32
struct plist_entry {
	struct bgp_prefix	 pfx;
	uint8_t			 ge;
	uint8_t			 le;
};

struct plist {
	char			 name[PLIST_NAME_MAX];
	struct plist_entry	*e;
	size_t			 n;
	int			 line;
};

/*
 * A policy: rules tried in order, the first that matches decides (see
 * dcvifd.conf(5)). A rule matches when all its conditions hold: a prefix
 * list, communities the path carries (each a value under a mask: ASN:*
 * and *:N match a half), or "any". It then rejects the route, or accepts
 * it with its settings applied. A route no rule matches passes unchanged.
 */
#define POLICY_COMM_MAX		8
struct comm_pat {
	uint32_t		 val;
	uint32_t		 mask;		/* 0xffffffff: exact */
};

struct policy_rule {
	uint16_t		 plist;		/* index + 1, 0: none */
	char			 plist_name[PLIST_NAME_MAX];
	uint8_t			 any;
	uint8_t			 reject;
	uint8_t			 nmatch;
	uint8_t			 nadd;
	uint8_t			 ndel;
	uint8_t			 prepend;	/* export: more copies of our AS */
	uint8_t			 set_lpref;	/* import: lpref is set */
	uint32_t		 lpref;
	struct comm_pat		 match[POLICY_COMM_MAX];
	uint32_t		 add[POLICY_COMM_MAX];
	struct comm_pat		 del[POLICY_COMM_MAX];
	int			 line;
};

struct policy {
	char			 name[PLIST_NAME_MAX];
	struct policy_rule	*r;
	size_t			 n;
	int			 line;
};

struct peer_config {
	char		 descr[64];
	char		 ifname[IF_NAMESIZE];
	struct bgp_addr	 remote;
	struct bgp_addr	 local;		/* aid AID_UNSPEC: not set */
	uint32_t	 remote_as;
	char		 md5key[MD5_MAX_LEN + 1];
	uint16_t	 holdtime;
	uint16_t	 keepalive;	/* 0: holdtime / 3 */
	uint16_t	 connectretry;
	uint8_t		 passive;
	uint8_t		 ttlsec;	/* GTSM instead of TTL 1 */
	uint8_t		 aids;		/* AID_BIT() set of families */
	uint8_t		 prepend;	/* extra copies of our AS */
	uint8_t		 announce;	/* ANNOUNCE_* */
	uint8_t		 shutdown;
	uint8_t		 from_vif;	/* made by a vif block, not a neighbor */
	uint8_t		 vif_type;	/* of that vif block, VIF_TYPE_* */
	/* outbound guard: never more prefixes per family, 0: none */
	uint32_t	 maxpfx_out;
	uint8_t		 maxpfx_out_set; /* by the operator, not the VIF type */
	/* inbound: more than maxpfx_in per family ends the session (Cease 1) */
	uint8_t		 maxpfx_warn;	/* only log it (FRR's warning-only) */
	uint16_t	 maxpfx_restart; /* seconds until it starts again, 0: never */
	uint32_t	 maxpfx_in;	/* 0: none */
	/* AWS's communities on what we send (AWS_LP_*, AWS_SCOPE_*, 0: none) */
	uint8_t		 aws_lp;
	uint8_t		 aws_scope;
	uint8_t		 announce_aws;	/* AWS-learned routes to this AWS VIF */
	/* import/export prefix-list NAME: index + 1 in conf->plists, 0: none */
	uint16_t	 plist_in;
	uint16_t	 plist_out;
	char		 plist_in_name[PLIST_NAME_MAX];
	char		 plist_out_name[PLIST_NAME_MAX];
	/* import/export policy NAME: index + 1 in conf->policies, 0: none */
	uint16_t	 pol_in;
	uint16_t	 pol_out;
	char		 pol_in_name[PLIST_NAME_MAX];
	char		 pol_out_name[PLIST_NAME_MAX];
	struct bfd_config bfd;
	int		 line;		/* where it was defined, for errors */
};

/*
 * A vif block: one Direct Connect virtual interface as AWS describes it,
 * made by dcvifd (vif.c) with its addresses; its neighbors (one per address
 * family) are in dcvifd_config.peers with from_vif set.
 */
#define VIF_TYPE_PRIVATE	1	/* enum dcvif_vif_type of linux/dcvif.h */
#define VIF_TYPE_PUBLIC		2
#define VIF_TYPE_TRANSIT	3

struct vif_config {
	char		 name[IF_NAMESIZE];
	char		 lower[IF_NAMESIZE];	/* a port or a dclag */
	uint16_t	 vlan;
	uint16_t	 mtu;
	uint8_t		 type;		/* VIF_TYPE_* */
	uint8_t		 plen4;
	uint8_t		 plen6;
	struct bgp_addr	 addr4;		/* ours; aid AID_UNSPEC: no IPv4 */
	struct bgp_addr	 aws4;		/* AWS's: the IPv4 neighbor */
	struct bgp_addr	 addr6;
	struct bgp_addr	 aws6;
	int		 line;
};

struct dcvifd_config {
	uint32_t		 as;
	uint32_t		 router_id;	/* network byte order */
	char			 csock[108];
	char			 rsock[108];	/* "": none */
	uint8_t			 rsock_set;	/* restricted-socket given */
	char			 statedir[108];	/* failover tests' state */
	char			 cgroup[32];
	uint32_t		 fib_table;
	uint8_t			 fib_update;
	uint8_t			 fib_keep;
	uint8_t			 ecmp;
	uint16_t		 stale_time;
	struct bfd_config	 bfd;		/* defaults of the neighbors' */
	struct bgp_prefix	*networks;
	size_t			 nnetworks;
	struct peer_config	*peers;
	size_t			 npeers;
	struct vif_config	*vifs;
	size_t			 nvifs;
	struct plist		*plists;
	size_t			 nplists;
	struct policy		*policies;
	size_t			 npolicies;
	/* metrics listen ADDRESS port N: the HTTP listener, port 0: none */
	struct bgp_addr		 metrics_addr;
	uint16_t		 metrics_port;
	int			 metrics_line;
};

/* parse.c */
struct dcvifd_config	*parse_config(const char *, char *, size_t);
void			 config_free(struct dcvifd_config *);
void			 config_print(FILE *, const struct dcvifd_config *);
int			 peer_config_equal(const struct peer_config *,
			    const struct peer_config *);
const char		*bfd_auth_name(unsigned int);
const char		*vif_type_name(unsigned int);
unsigned int		 vif_type_mtu(unsigned int);
unsigned int		 vif_type_maxpfx(unsigned int);
int			 plist_match(const struct dcvifd_config *, uint16_t,
			    const struct bgp_prefix *);
int			 plist_equal(const struct dcvifd_config *, uint16_t,
			    const struct dcvifd_config *, uint16_t);
int			 addr_str(const struct bgp_addr *, char *, size_t);

/* policy.c */
uint32_t		 comm_get(const uint8_t *);
int			 comm_has(const uint8_t *, size_t, uint32_t);
#define POLICY_NONE		(-1)	/* no rule matched: unchanged */
int			 policy_eval(const struct dcvifd_config *, uint16_t,
			    const struct bgp_prefix *, const uint8_t *, size_t);
const struct policy_rule *policy_rule(const struct dcvifd_config *, uint16_t,
			    int);
int			 policy_equal(const struct dcvifd_config *, uint16_t,
			    const struct dcvifd_config *, uint16_t);
size_t			 policy_comms(const struct policy_rule *,
			    const uint8_t *, size_t, uint8_t *, size_t);
int			 comm_pat_match(const struct comm_pat *, uint32_t);
int			 comm_parse(const char *, struct comm_pat *, int);
void			 comm_pat_str(const struct comm_pat *, char *, size_t);

/* event loop (dcvifd.c) */
struct evh {
	int	  fd;
	void	(*cb)(struct evh *, uint32_t);
	void	 *arg;
};
int	ev_add(struct evh *, int, uint32_t, void (*)(struct evh *, uint32_t),
	    void *);
int	ev_mod(struct evh *, uint32_t);
int	ev_wait(struct epoll_event *, int);
void	ev_reset(void);
void	ev_del(struct evh *);
int	timer_init(struct evh *, void (*)(struct evh *, uint32_t), void *);
void	timer_set(struct evh *, unsigned int);	/* seconds, 0 stops */
void	timer_set_ms(struct evh *, unsigned int);
int	timer_running(struct evh *);
void	timer_free(struct evh *);
time_t	getmonotime(void);

extern struct dcvifd_config	*conf;
extern volatile int		 quit;

/* session.c */
enum session_state {
	STATE_NONE,
	STATE_IDLE,
	STATE_CONNECT,
	STATE_ACTIVE,
	STATE_OPENSENT,
	STATE_OPENCONFIRM,
	STATE_ESTABLISHED,
};

enum session_events {
	EVNT_NONE,
	EVNT_START,
	EVNT_STOP,
	EVNT_CON_OPEN,
	EVNT_CON_CLOSED,
	EVNT_CON_OPENFAIL,
	EVNT_CON_FATAL,
	EVNT_TIMER_CONNRETRY,
	EVNT_TIMER_HOLDTIME,
	EVNT_TIMER_KEEPALIVE,
	EVNT_TIMER_IDLEHOLD,
	EVNT_RCVD_OPEN,
	EVNT_RCVD_KEEPALIVE,
	EVNT_RCVD_UPDATE,
	EVNT_RCVD_NOTIFICATION,
	EVNT_BFD_DOWN,
	EVNT_MAX_PREFIX,
};

struct wbuf {
	uint8_t		*buf;
	size_t		 len;
	size_t		 size;
};

struct conn {
	struct evh	 ev;
	uint8_t		 rbuf[2 * BGP_MAX_LEN];
	size_t		 rlen;
	struct wbuf	 w;
	uint8_t		 outgoing;	/* we initiated it */
	uint8_t		 connecting;	/* non-blocking connect pending */
	uint8_t		 open_rcvd;
	uint8_t		 dev_gone;	/* its device was deleted */
	struct bgp_open	 ropen;
	struct conn	*dead_next;	/* closed, freed after the batch */
};

struct peer_stats {
	uint64_t	 msg_sent[6];
	uint64_t	 msg_rcvd[6];
	uint64_t	 updates_taw;		/* treat-as-withdraw */
	uint64_t	 attrs_discarded;
	uint64_t	 prefixes_rcvd;		/* currently in adj-RIB-in */
	uint64_t	 prefixes_sent;		/* currently in adj-RIB-out */
	uint64_t	 rcvd_aid[AID_MAX];	/* prefixes_rcvd per family */
	uint64_t	 sent_aid[AID_MAX];	/* prefixes_sent per family */
	uint64_t	 held_aid[AID_MAX];	/* held back by maxpfx_out now */
	uint64_t	 held_total;		/* times a prefix was held back */
	uint64_t	 filtered_in;		/* prefixes import refused */
	uint32_t	 maxpfx_in_hits;	/* times maxpfx_in was exceeded */
	uint8_t		 held_logged;		/* AID_BIT()s, this session */
	uint8_t		 maxpfx_warned;		/* AID_BIT()s, this session */
	uint32_t	 flaps;
	uint32_t	 established;
	uint8_t		 last_sent_code, last_sent_sub;
	uint8_t		 last_rcvd_code, last_rcvd_sub;
	char		 last_error[128];
};

struct peer {
	struct peer_config	 conf;
	int			 idx;
	enum session_state	 state;
	enum session_state	 prev_state;
	struct conn		*c;		/* the session's connection */
	struct peer		*dead_next;	/* removed, freed after the batch */
	struct conn		*c2;		/* a colliding incoming one */
	struct evh		 t_connretry;
	struct evh		 t_hold;
	struct evh		 t_keepalive;
	struct evh		 t_idlehold;
	unsigned int		 idle_hold;	/* backoff, seconds */
	unsigned int		 retry_mult;	/* ConnectRetry backoff */
	unsigned int		 quick_tries;	/* refusals retried soon */
	uint16_t		 holdtime;	/* negotiated */
	uint16_t		 keepalive;
	uint8_t			 aids;		/* negotiated families */
	uint8_t			 as4;
	uint8_t			 refresh;
	uint32_t		 remote_id;	/* network byte order */
	struct bgp_addr		 local_addr;	/* of the established session */
	int			 ifindex;
	time_t			 since;		/* last state change */
	struct peer_stats	 stats;
	uint8_t			 eor_rcvd;	/* AID_BIT() set */
	uint8_t			 removed;	/* going away after a reload */
	uint8_t			 maxpfx_idle;	/* Idle after max-prefix */
	/* adj-RIB-out work queue (rde.c) */
	struct rib_entry	**outq;
	size_t			 noutq, soutq;
	uint8_t			 dump_pending;	/* AID_BIT() set */
};

extern struct peer	*peers[MAX_PEERS];

int		 session_init(void);
socklen_t	 addr2sa(const struct bgp_addr *, uint16_t,
		    struct sockaddr_storage *);
void		 session_shutdown(void);
struct peer	*session_peer_new(const struct peer_config *);
void		 session_peer_remove(struct peer *, uint8_t);
void		 session_peer_update(struct peer *, const struct peer_config *);
void		 session_clear(struct peer *, int);
struct peer	*session_peer_find(const struct bgp_addr *);
int		 session_send_raw(struct peer *, const uint8_t *, size_t);
void		 session_flush_all(void);
int		 session_wbuf_len(const struct peer *);
const char	*state_name(enum session_state);
int		 session_listen_update(void);
void		 session_bfd_down(struct peer *);
void		 session_link_up(int);
void		 session_link_gone(int);
void		 session_bfd_release(struct peer *);
void		 session_maxpfx_check(struct peer *);
void		 session_admin_down(struct peer *, const char *);
void		 session_admin_up(struct peer *);

/* bfd.c: the neighbors' BFD sessions in the kernel (dcvif genl family) */
int		 bfd_init(void);
void		 bfd_shutdown(void);
void		 bfd_sync(void);
void		 bfd_links_changed(void);
int		 bfd_holds(const struct peer *);
struct json_object;
void		 bfd_json(const struct peer *, struct json_object *);

/* vif.c: the VIFs of the vif blocks, in the kernel (rtnetlink) */
int		 vif_init(void);
void		 vif_shutdown(void);
void		 vif_sync(void);
void		 vif_check(const struct dcvifd_config *);
void		 vif_reload(const struct dcvifd_config *);
void		 vif_links_changed(void);
void		 vif_link_gone(int);
struct json_object *vif_json(void);

/* rde.c */
struct rde_aspath;
struct rib_entry;

struct rde_stats {
	uint64_t	 prefixes[AID_MAX];
	uint64_t	 paths;
	uint64_t	 aspaths;
	uint64_t	 nexthops;
};

int	rde_init(void);
void	rde_shutdown(void);
int	rde_update(struct peer *, struct bgp_update *);
void	rde_peer_up(struct peer *);
void	rde_peer_down(struct peer *);
void	rde_refresh(struct peer *, uint8_t);
void	rde_limit_changed(struct peer *);
void	rde_network_add(const struct bgp_prefix *);
void	rde_network_del(const struct bgp_prefix *);
void	rde_flush(void);
void	rde_fib_walk(void (*)(const struct bgp_prefix *, uint32_t, void *),
	    void *);
uint32_t rde_fib_lookup(const struct bgp_prefix *);
size_t	rde_memory(void);
const struct rde_stats *rde_get_stats(void);
struct json_object *rde_json_routes(const struct bgp_prefix *, int);

/* pool.c: fixed-size objects without malloc's per-object overhead */
struct pool_chunk;
struct pool {
	size_t			 size;		/* of an object */
	size_t			 per_chunk;	/* objects per chunk */
	void			*free;		/* free list */
	struct pool_chunk	*chunks;
	size_t			 nchunks;
	size_t			 used;		/* objects handed out */
};

void	 pool_init(struct pool *, size_t);
void	*pool_get(struct pool *);
void	 pool_put(struct pool *, void *);
size_t	 pool_bytes(const struct pool *);
void	 pool_destroy(struct pool *);

/* kroute.c */
struct kr_stats {
	uint64_t	 routes;
	uint64_t	 nexthops;
	uint64_t	 groups;
	uint64_t	 msgs;
	uint64_t	 errors;
	uint64_t	 stale_removed;
	uint64_t	 resyncs;	/* by dump: lost events, others' deletions */
	uint64_t	 nh_reinstalled; /* nexthops the kernel had flushed */
	uint64_t	 reinstalled;	/* routes put back */
	uint64_t	 group_updates;	/* groups shrunk or grown in place */
	char		 last_error[128];
};

struct kr_nh {
	uint8_t		 aid;
	uint8_t		 addr[16];
	int		 ifindex;
};

int	kr_init(void);
void	kr_shutdown(void);
void	kr_freeze(void);
uint32_t kr_nexthop_get(const struct kr_nh *, size_t);
void	kr_nexthop_put(uint32_t);
void	kr_route(const struct bgp_prefix *, uint32_t, uint32_t);
void	kr_flush(void);
void	kr_stale_expire(void);
const struct kr_stats *kr_get_stats(void);

/* ftest.c: BGP failover tests, as AWS's StartBgpFailoverTest */
#define FTEST_DEFAULT_MIN	180
#define FTEST_MAX_MIN		4320
struct json_object;
int		 ftest_init(void);
void		 ftest_shutdown(void);
int		 ftest_holds(const struct peer *);
struct json_object *ftest_start(const char *, const char *, unsigned int);
struct json_object *ftest_stop(const char *);
struct json_object *ftest_history(void);

/* priv.c: privilege separation (the parent's checks are described there) */
extern int	 privsep;	/* this is the engine of a separated dcvifd */
extern int	 state_in_cwd;	/* the state directory is "." */
void		 priv_init(const char *, const char *);
void		 dcvifd_signal(int);
int		 priv_listen(int);
FILE		*priv_config_open(const char *);
struct mnl_socket *priv_mon_open(void);

/* notify.c: sd_notify(3)'s protocol, for a Type=notify service */
void		 notify_init(void);
void		 notify_ready(void);
void		 notify_status(void);
void		 notify_reloading(void);
void		 notify_stopping(void);

/* control.c */
int	control_init(const char *, const char *, const char *);
void	control_shutdown(void);
void	control_unlink(void);
void	control_peer_event(const struct peer *, const char *);
struct json_object *control_json_neighbors(void);	/* "show neighbors" */
struct json_object *control_json_summary(void);		/* "show summary" */

/* metrics.c: the HTTP listener of "metrics listen" (libmicrohttpd) */
#define METRICS_CONN_LIMIT	16	/* connections at once, all clients */
#define METRICS_CONN_PER_IP	4	/* from one address */
#define METRICS_CONN_TIMEOUT	10	/* seconds a connection may be idle */
void	metrics_init(void);
void	metrics_reload(const struct dcvifd_config *);
void	metrics_shutdown(void);

/* log.c */
void	log_init(int, int);
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2),
	    noreturn));
void	log_peer(const struct peer *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
