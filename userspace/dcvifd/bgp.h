/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BGP-4 wire format: constants, parsed message representations and the
 * codec entry points (codec.c).  Nothing here touches sockets or the RIB,
 * so the codec builds on its own for unit tests and the fuzzer.
 */
#ifndef DCVIFD_BGP_H
#define DCVIFD_BGP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define BGP_PORT		179
#define BGP_VERSION		4
#define BGP_HDR_LEN		19
#define BGP_MARKER_LEN		16
#define BGP_MAX_LEN		4096
#define BGP_OPEN_MIN_LEN	29
#define BGP_UPDATE_MIN_LEN	23
#define BGP_NOTIF_MIN_LEN	21
#define BGP_RREFRESH_LEN	23

#define AS_TRANS		23456

enum bgp_msg_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_RREFRESH = 5,
};

/* NOTIFICATION error codes and subcodes (RFC 4271 6.x, RFC 4486). */
enum bgp_err_code {
	ERR_HEADER = 1,
	ERR_OPEN = 2,
	ERR_UPDATE = 3,
	ERR_HOLDTIMER = 4,
	ERR_FSM = 5,
	ERR_CEASE = 6,
	ERR_RREFRESH = 7,
};

enum {
	ERR_HDR_SYNC = 1,
	ERR_HDR_LEN = 2,
	ERR_HDR_TYPE = 3,
};

enum {
	ERR_OPEN_VERSION = 1,
	ERR_OPEN_AS = 2,
	ERR_OPEN_BGPID = 3,
	ERR_OPEN_OPT = 4,
	ERR_OPEN_HOLDTIME = 6,
	ERR_OPEN_CAPA = 7,
};

enum {
	ERR_UPD_ATTRLIST = 1,
	ERR_UPD_UNKNWN_WK_ATTR = 2,
	ERR_UPD_MISSING_WK_ATTR = 3,
	ERR_UPD_ATTRFLAGS = 4,
	ERR_UPD_ATTRLEN = 5,
	ERR_UPD_ORIGIN = 6,
	ERR_UPD_NEXTHOP = 8,
	ERR_UPD_OPTATTR = 9,
	ERR_UPD_NETWORK = 10,
	ERR_UPD_ASPATH = 11,
};

enum {
	ERR_FSM_UNEX_OPENSENT = 1,
	ERR_FSM_UNEX_OPENCONFIRM = 2,
	ERR_FSM_UNEX_ESTABLISHED = 3,
};

enum {
	ERR_CEASE_MAX_PREFIX = 1,
	ERR_CEASE_ADMIN_DOWN = 2,
	ERR_CEASE_PEER_UNCONF = 3,
	ERR_CEASE_ADMIN_RESET = 4,
	ERR_CEASE_CONN_REJECT = 5,
	ERR_CEASE_CONFIG_CHANGE = 6,
	ERR_CEASE_COLLISION = 7,
	ERR_CEASE_RSRC_EXHAUST = 8,
	ERR_CEASE_HARD_RESET = 9,	/* RFC 8538 */
	ERR_CEASE_BFD_DOWN = 10,	/* RFC 9384 */
};

/* path attribute flags and types */
#define ATTR_OPTIONAL		0x80
#define ATTR_TRANSITIVE		0x40
#define ATTR_PARTIAL		0x20
#define ATTR_EXTLEN		0x10
#define ATTR_DEFMASK		(ATTR_OPTIONAL | ATTR_TRANSITIVE)

enum bgp_attr_type {
	ATTR_ORIGIN = 1,
	ATTR_ASPATH = 2,
	ATTR_NEXTHOP = 3,
	ATTR_MED = 4,
	ATTR_LOCALPREF = 5,
	ATTR_ATOMIC_AGGREGATE = 6,
	ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8,
	ATTR_MP_REACH_NLRI = 14,
	ATTR_MP_UNREACH_NLRI = 15,
	ATTR_AS4_PATH = 17,
	ATTR_AS4_AGGREGATOR = 18,
	ATTR_LARGE_COMMUNITIES = 32,
};

#define ORIGIN_IGP		0
#define ORIGIN_EGP		1
#define ORIGIN_INCOMPLETE	2

#define AS_SET			1
#define AS_SEQUENCE		2
#define AS_CONFED_SEQUENCE	3
#define AS_CONFED_SET		4

#define AFI_IPV4		1
#define AFI_IPV6		2
#define SAFI_UNICAST		1

/* address family identifiers used inside the daemon */
enum aid {
	AID_UNSPEC = 0,
	AID_INET = 1,
	AID_INET6 = 2,
	AID_MAX
};
#define AID_BIT(a)		(1u << (a))

#define CAPA_MP			1
#define CAPA_REFRESH		2
#define CAPA_AS4BYTE		65

struct bgp_prefix {
	uint8_t		aid;
	uint8_t		len;
	uint8_t		addr[16];
};

struct bgp_err {
	uint8_t		code;
	uint8_t		subcode;
	uint16_t	datalen;
	uint8_t		data[64];
};

struct bgp_open {
	uint8_t		version;
	uint16_t	short_as;
	uint16_t	holdtime;
	uint32_t	bgpid;		/* network byte order */
	uint32_t	as;		/* 4-octet AS if advertised, else short_as */
	uint8_t		capa_as4;
	uint8_t		capa_refresh;
	uint8_t		capa_mp;	/* AID_BIT() set of MP unicast AFs */
	uint8_t		capa_any;	/* a capabilities parameter was present */
};

/* a validated run of NLRI; walk it with bgp_nlri_next() */
struct bgp_nlri {
	const uint8_t	*p;
	uint16_t	len;
	uint8_t		aid;
};

#define F_ORIGIN	(1u << ATTR_ORIGIN)
#define F_ASPATH	(1u << ATTR_ASPATH)
#define F_NEXTHOP	(1u << ATTR_NEXTHOP)
#define F_MED		(1u << ATTR_MED)
#define F_LOCALPREF	(1u << ATTR_LOCALPREF)
#define F_ATOMIC	(1u << ATTR_ATOMIC_AGGREGATE)
#define F_AGGREGATOR	(1u << ATTR_AGGREGATOR)
#define F_COMMUNITIES	(1u << ATTR_COMMUNITIES)
#define F_MP_REACH	(1u << ATTR_MP_REACH_NLRI)
#define F_MP_UNREACH	(1u << ATTR_MP_UNREACH_NLRI)
#define F_AS4_PATH	(1u << ATTR_AS4_PATH)
#define F_AS4_AGGR	(1u << ATTR_AS4_AGGREGATOR)
#define F_LCOMMUNITIES	(1u << 31)	/* type 32 does not fit, flag stands in */

/*
 * Parsed path attributes.  aspath is always the 4-octet wire form
 * (AS_PATH merged with AS4_PATH for 2-octet peers) and owned (malloc);
 * the other byte runs point into the message buffer.
 */
struct bgp_attrs {
	uint32_t	present;
	uint8_t		origin;
	uint8_t		*aspath;
	uint16_t	aspath_len;
	struct in_addr	nexthop;
	struct in6_addr	nexthop6;
	struct in6_addr	nexthop6_ll;
	uint8_t		nexthop6_has_ll;
	uint32_t	med;
	uint32_t	localpref;
	uint32_t	aggr_as;
	struct in_addr	aggr_addr;
	const uint8_t	*comm;		/* n x 4 octets */
	uint16_t	comm_len;
	const uint8_t	*lcomm;		/* n x 12 octets */
	uint16_t	lcomm_len;
	uint8_t		*others;	/* unknown transitive attrs, wire form, owned */
	uint16_t	others_len;
	uint16_t	discarded;	/* attributes dropped under RFC 7606 */
};

struct bgp_update {
	struct bgp_nlri		withdrawn;	/* IPv4 withdrawn routes */
	struct bgp_nlri		nlri;		/* IPv4 NLRI */
	struct bgp_nlri		mp_reach;
	struct bgp_nlri		mp_unreach;
	struct bgp_attrs	attrs;
	uint8_t			treat_as_withdraw;
	char			why[64];	/* reason for treat_as_withdraw */
};

/* parsing context: what the session negotiated */
struct bgp_peer_ctx {
	uint8_t		as4;		/* both sides speak 4-octet AS */
	uint8_t		ebgp;
	uint32_t	peer_as;
};

int	bgp_parse_header(const uint8_t *, size_t, uint8_t *, uint16_t *,
	    struct bgp_err *);
int	bgp_parse_open(const uint8_t *, size_t, struct bgp_open *,
	    struct bgp_err *);
int	bgp_parse_update(const uint8_t *, size_t, const struct bgp_peer_ctx *,
	    struct bgp_update *, struct bgp_err *);
void	bgp_attrs_free(struct bgp_attrs *);
int	bgp_parse_notification(const uint8_t *, size_t, uint8_t *, uint8_t *,
	    const uint8_t **, size_t *);
int	bgp_parse_rrefresh(const uint8_t *, size_t, uint8_t *, struct bgp_err *);
int	bgp_nlri_next(struct bgp_nlri *, struct bgp_prefix *);

int	bgp_aspath_count(const uint8_t *, size_t);
uint32_t bgp_aspath_first(const uint8_t *, size_t);
int	bgp_aspath_loop(const uint8_t *, size_t, uint32_t);
int	bgp_aspath_str(const uint8_t *, size_t, char *, size_t);

/* builders: write a complete message into buf, return its length or -1 */
struct bgp_open_params {
	uint32_t	as;
	uint16_t	holdtime;
	uint32_t	bgpid;		/* network byte order */
	uint8_t		aids;		/* AID_BIT() set */
};
int	bgp_build_open(uint8_t *, size_t, const struct bgp_open_params *);
int	bgp_build_keepalive(uint8_t *, size_t);
int	bgp_build_notification(uint8_t *, size_t, uint8_t, uint8_t,
	    const uint8_t *, size_t);
int	bgp_build_rrefresh(uint8_t *, size_t, uint8_t);
int	bgp_build_eor(uint8_t *, size_t, uint8_t);

/*
 * UPDATE builder: attributes first, then as many prefixes as fit.
 * begin() returns -1 if the attributes alone do not fit.
 */
struct bgp_out_attrs {
	uint8_t		origin;
	const uint8_t	*aspath;	/* 4-octet wire form, without our AS */
	uint16_t	aspath_len;
	uint32_t	prepend_as;	/* 0: none */
	uint8_t		prepend_count;
	uint8_t		as4;		/* peer speaks 4-octet AS */
	uint8_t		has_med;
	uint32_t	med;
	const uint8_t	*comm;
	uint16_t	comm_len;
	const uint8_t	*lcomm;
	uint16_t	lcomm_len;
	const uint8_t	*others;
	uint16_t	others_len;
	uint8_t		aid;
	struct in_addr	nexthop;
	struct in6_addr	nexthop6;
	struct in6_addr	nexthop6_ll;
	uint8_t		nexthop6_has_ll;
};

struct bgp_wbuf {
	uint8_t		*buf;
	size_t		size;
	size_t		len;
	size_t		mp_len_off;	/* where MP_REACH's length lives, 0 if none */
	size_t		attr_len_off;
	uint8_t		aid;
	uint8_t		withdraw;
	uint16_t	count;
};

int	bgp_update_begin(struct bgp_wbuf *, uint8_t *, size_t,
	    const struct bgp_out_attrs *);
int	bgp_withdraw_begin(struct bgp_wbuf *, uint8_t *, size_t, uint8_t);
int	bgp_update_add(struct bgp_wbuf *, const struct bgp_prefix *);
int	bgp_update_finish(struct bgp_wbuf *);

const char	*bgp_msg_name(uint8_t);
const char	*bgp_err_name(uint8_t, uint8_t);
const char	*aid_name(uint8_t);
int		 aid_to_af(uint8_t);
int		 prefix_str(const struct bgp_prefix *, char *, size_t);
int		 prefix_parse(const char *, struct bgp_prefix *);
int		 prefix_cmp(const struct bgp_prefix *, const struct bgp_prefix *);
void		 prefix_mask(struct bgp_prefix *);

#endif
