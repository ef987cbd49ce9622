/* SPDX-License-Identifier: GPL-2.0 */
/*
 * LACP protocol core (IEEE 802.1AX-2014 clause 6.4): LACPDU codec, the
 * per-port Receive, Periodic Transmission, Mux (coupled control) and
 * Transmit machines, and Selection of the one aggregator of a dclag.
 *
 * The same sources build into dcvif.ko and into userspace (unit tests,
 * libFuzzer), so nothing here may include a kernel or libc header other
 * than the fixed-width types chosen below.  The core never allocates,
 * never reads a clock and never draws random numbers: the caller passes
 * the time (milliseconds, any monotonic origin) to every call that may
 * start or run a timer, and owns the one timer per port that fires at
 * lacp_port_next_ms().  It keeps no global state and is not reentrant:
 * the caller serialises every call on the ports of one LAG (one lock per
 * LAG, since lacp_select() looks at all of them).
 *
 * Calling sequence, all under the LAG's lock:
 *
 *  1. an event on port p: lacp_port_rx() (after lacp_pdu_parse() said
 *     LACP_PDU_OK; else lacp_port_rx_err()), lacp_port_set_enabled(),
 *     lacp_port_set_mode(), or lacp_port_tick() when p's timer fires;
 *  2. lacp_select() over all ports of the LAG; for every port whose bit
 *     is set in the result, lacp_port_tick() at the same time;
 *  3. for every port touched: while lacp_port_tx() returns true, send
 *     the LACPDU it filled in (at most one per call in practice);
 *  4. re-arm each touched port's timer at lacp_port_next_ms(), and
 *     recompute the LAG's carrier from lacp_port_distributing().
 *
 * See Documentation/lacp-core.rst.
 */
#ifndef _DCVIF_LACP_PROTO_H
#define _DCVIF_LACP_PROTO_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
/* The kernel's own definitions (asm-generic/int-ll64.h) */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
#endif

/* Slow Protocols (802.3 annex 57A): ethertype, subtypes, address */
#define LACP_ETHERTYPE		0x8809
#define LACP_SUBTYPE_LACP	0x01
#define LACP_SUBTYPE_MARKER	0x02
#define LACP_VERSION		1
/* 01:80:c2:00:00:02 */
#define LACP_SLOW_ADDR		{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 }

/* Payload after the Ethernet header, subtype included (figure 6-7) */
#define LACP_PDU_LEN		110

/* Marker protocol (6.5.3, figure 6-27): same length as an LACPDU */
#define LACP_MARKER_LEN		110
#define LACP_TLV_MARKER_INFO	0x01
#define LACP_TLV_MARKER_RESP	0x02
#define LACP_TLV_MARKER_LEN	16

/* TLV types and lengths of figure 6-7 */
#define LACP_TLV_TERMINATOR	0x00
#define LACP_TLV_ACTOR		0x01
#define LACP_TLV_PARTNER	0x02
#define LACP_TLV_COLLECTOR	0x03
#define LACP_TLV_INFO_LEN	20
#define LACP_TLV_COLLECTOR_LEN	16

/* Actor/partner state bits (6.4.2.3 items k and s) */
#define LACP_ST_ACTIVITY	0x01	/* active (set) or passive LACP */
#define LACP_ST_TIMEOUT		0x02	/* short (set: fast) or long timeout */
#define LACP_ST_AGGREGATION	0x04	/* aggregatable (set) or individual */
#define LACP_ST_SYNC		0x08	/* in sync with the right aggregator */
#define LACP_ST_COLLECTING	0x10
#define LACP_ST_DISTRIBUTING	0x20
#define LACP_ST_DEFAULTED	0x40	/* using administrative partner info */
#define LACP_ST_EXPIRED		0x80	/* Receive machine is in EXPIRED */

/* Timer constants of 6.4.4, milliseconds */
#define LACP_FAST_PERIODIC_MS	1000U
#define LACP_SLOW_PERIODIC_MS	30000U
#define LACP_SHORT_TIMEOUT_MS	3000U	/* 3 x fast periodic */
#define LACP_LONG_TIMEOUT_MS	90000U	/* 3 x slow periodic */
#define LACP_AGGREGATE_WAIT_MS	2000U
/* 6.4.16: no more than this many LACPDUs in any fast periodic interval */
#define LACP_TX_MAX_PER_FAST	3

/* "No timer due": lacp_port_next_ms() when nothing is running */
#define LACP_NEVER		(~0ULL)

/* lacp_select() returns a bitmask, so a LAG has at most this many ports */
#define LACP_MAX_PORTS		32

/**
 * struct lacp_info - one side of an LACPDU (Actor or Partner Information)
 * @sys_prio: System Priority
 * @sys: System (a MAC address)
 * @key: Key
 * @port_prio: Port Priority
 * @port: Port Number
 * @state: LACP_ST_* bits
 *
 * Host byte order.  In struct lacp_port the operational values.
 */
struct lacp_info {
	u16 sys_prio;
	u8 sys[6];
	u16 key;
	u16 port_prio;
	u16 port;
	u8 state;
};

/**
 * struct lacp_pdu - a decoded LACPDU, host byte order
 * @version: Version Number (1 sent; any nonzero accepted)
 * @actor: the sender about itself
 * @partner: the sender about us
 * @collector_max_delay: CollectorMaxDelay, tens of microseconds
 */
struct lacp_pdu {
	u8 version;
	struct lacp_info actor;
	struct lacp_info partner;
	u16 collector_max_delay;
};

/**
 * enum lacp_pdu_err - why lacp_pdu_parse() refused a frame
 * @LACP_PDU_OK: accepted
 * @LACP_PDU_SHORT: fewer than LACP_PDU_LEN bytes
 * @LACP_PDU_SUBTYPE: not subtype 1 (LACP), e.g. a Marker PDU
 * @LACP_PDU_VERSION: version 0
 * @LACP_PDU_TLV: an Actor, Partner, Collector (or in version 1
 *	Terminator) TLV with the wrong type or length
 * @LACP_PDU_ERR_MAX: number of values
 *
 * The port keeps one counter per value (&struct lacp_stats.rx_err).
 */
enum lacp_pdu_err {
	LACP_PDU_OK = 0,
	LACP_PDU_SHORT,
	LACP_PDU_SUBTYPE,
	LACP_PDU_VERSION,
	LACP_PDU_TLV,
	LACP_PDU_ERR_MAX
};

/**
 * enum lacp_rx_state - Receive machine states (6.4.12, figure 6-18)
 * @LACP_RX_INITIALIZE: only inside lacp_port_init()
 * @LACP_RX_PORT_DISABLED: carrier down
 * @LACP_RX_EXPIRED: partner silent for one timeout, or carrier just up
 * @LACP_RX_DEFAULTED: partner silent for longer: administrative partner
 * @LACP_RX_CURRENT: partner heard within the timeout
 * @LACP_RX_STATE_MAX: number of values
 *
 * LACP_DISABLED does not exist here: without LACP the core is not used.
 */
enum lacp_rx_state {
	LACP_RX_INITIALIZE = 0,
	LACP_RX_PORT_DISABLED,
	LACP_RX_EXPIRED,
	LACP_RX_DEFAULTED,
	LACP_RX_CURRENT,
	LACP_RX_STATE_MAX
};

/**
 * enum lacp_ptx_state - Periodic Transmission states (6.4.13, figure 6-19)
 * @LACP_PTX_NO_PERIODIC: carrier down, or both sides passive
 * @LACP_PTX_FAST_PERIODIC: every LACP_FAST_PERIODIC_MS
 * @LACP_PTX_SLOW_PERIODIC: every LACP_SLOW_PERIODIC_MS
 * @LACP_PTX_STATE_MAX: number of values
 *
 * PERIODIC_TX is transient (it sets NTT) and never seen.
 */
enum lacp_ptx_state {
	LACP_PTX_NO_PERIODIC = 0,
	LACP_PTX_FAST_PERIODIC,
	LACP_PTX_SLOW_PERIODIC,
	LACP_PTX_STATE_MAX
};

/**
 * enum lacp_mux_state - Mux machine states, coupled control (6.4.15)
 * @LACP_MUX_DETACHED: not in the aggregator
 * @LACP_MUX_WAITING: selected or standby, wait_while running or Ready
 * @LACP_MUX_ATTACHED: in the aggregator, in sync, not carrying
 * @LACP_MUX_COLL_DIST: COLLECTING_DISTRIBUTING: carrying traffic
 * @LACP_MUX_STATE_MAX: number of values
 */
enum lacp_mux_state {
	LACP_MUX_DETACHED = 0,
	LACP_MUX_WAITING,
	LACP_MUX_ATTACHED,
	LACP_MUX_COLL_DIST,
	LACP_MUX_STATE_MAX
};

/**
 * enum lacp_sel - the Selected variable (6.4.8)
 * @LACP_UNSELECTED: carrier down or no partner heard
 * @LACP_SELECTED: in the LAG's aggregator
 * @LACP_STANDBY: has a partner, but another group has the aggregator
 */
enum lacp_sel {
	LACP_UNSELECTED = 0,
	LACP_SELECTED,
	LACP_STANDBY,
};

/**
 * struct lacp_stats - per-port counters, read under the LAG's lock
 * @rx_pdus: LACPDUs given to lacp_port_rx()
 * @tx_pdus: LACPDUs lacp_port_tx() asked to send
 * @rx_err: frames lacp_pdu_parse() refused, by &enum lacp_pdu_err
 *	(counted by lacp_port_rx_err(); [LACP_PDU_OK] stays 0)
 * @rx_expired: current_while ran out in CURRENT (partner silent)
 * @rx_defaulted: current_while ran out in EXPIRED (partner gone)
 * @mux_changes: Mux machine transitions
 * @coll_dist_changes: times lacp_port_coll_dist() changed
 * @tx_limited: times an NTT was held back by the rate limit
 */
struct lacp_stats {
	u64 rx_pdus;
	u64 tx_pdus;
	u64 rx_err[LACP_PDU_ERR_MAX];
	u64 rx_expired;
	u64 rx_defaulted;
	u64 mux_changes;
	u64 coll_dist_changes;
	u64 tx_limited;
};

/**
 * struct lacp_port - one aggregation port (a dclag member)
 * @actor: Actor_Oper_* of this port (6.4.7); @actor.state is
 *	Actor_Oper_Port_State
 * @partner: Partner_Oper_* as last recorded, or the administrative
 *	defaults (all zero)
 * @collector_max_delay: CollectorMaxDelay sent in our LACPDUs (0)
 * @rx_state: &enum lacp_rx_state
 * @ptx_state: &enum lacp_ptx_state
 * @mux_state: &enum lacp_mux_state
 * @selected: &enum lacp_sel
 * @port_enabled: carrier up (6.4.7 port_enabled)
 * @ntt: Need To Transmit
 * @coll_dist: last value of lacp_port_coll_dist(), for the counter
 * @current_while: deadline of current_while (ms), LACP_NEVER if stopped
 * @periodic_at: deadline of periodic_timer
 * @wait_while: deadline of wait_while; LACP_NEVER in WAITING means Ready
 * @tx_times: when the last LACP_TX_MAX_PER_FAST LACPDUs went out
 * @tx_next: oldest slot of @tx_times
 * @tx_held: NTT is waiting for the rate limit
 * @now_ms: time of the last call (the clock never goes back for the core)
 * @stats: counters
 *
 * The caller embeds it in its per-member data and changes it only through
 * the functions below; the fields are public so that it can report them.
 */
struct lacp_port {
	struct lacp_info actor;
	struct lacp_info partner;
	u16 collector_max_delay;

	u8 rx_state;
	u8 ptx_state;
	u8 mux_state;
	u8 selected;
	bool port_enabled;
	bool ntt;
	bool coll_dist;

	u64 current_while;
	u64 periodic_at;
	u64 wait_while;

	u64 tx_times[LACP_TX_MAX_PER_FAST];
	u8 tx_next;
	bool tx_held;
	u64 now_ms;

	struct lacp_stats stats;
};

/* lacp_proto.c */
const char *lacp_pdu_err_name(enum lacp_pdu_err err);
const char *lacp_rx_state_name(u8 state);
const char *lacp_mux_state_name(u8 state);
const char *lacp_ptx_state_name(u8 state);
const char *lacp_sel_name(u8 sel);

enum lacp_pdu_err lacp_pdu_parse(const u8 *buf, unsigned int len,
				 struct lacp_pdu *pdu);
void lacp_pdu_build(u8 *buf, const struct lacp_pdu *pdu);

void lacp_port_init(struct lacp_port *p, const struct lacp_info *actor,
		    bool active, bool fast, u64 now_ms);
void lacp_port_set_enabled(struct lacp_port *p, bool carrier_up, u64 now_ms);
void lacp_port_set_mode(struct lacp_port *p, bool active, bool fast,
			u64 now_ms);
void lacp_port_rx(struct lacp_port *p, const struct lacp_pdu *pdu,
		  u64 now_ms);
void lacp_port_rx_err(struct lacp_port *p, enum lacp_pdu_err err);
void lacp_port_tick(struct lacp_port *p, u64 now_ms);
u64 lacp_port_next_ms(const struct lacp_port *p);
bool lacp_port_tx(struct lacp_port *p, u64 now_ms, struct lacp_pdu *out);
bool lacp_port_coll_dist(const struct lacp_port *p);
bool lacp_port_distributing(const struct lacp_port *p);
unsigned int lacp_select(struct lacp_port *const ports[], unsigned int n);
bool lacp_marker_respond(u8 *buf, unsigned int len);

#endif /* _DCVIF_LACP_PROTO_H */
