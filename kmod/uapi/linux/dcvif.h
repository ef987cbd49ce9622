/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dcvif: AWS Direct Connect-style virtual interfaces (802.1Q VIFs with a
 * per-VIF-type MTU policy) and LAGs of ports with LACP and min-links --
 * rtnetlink attributes shared with userspace.
 */
#ifndef _UAPI_LINUX_DCVIF_H
#define _UAPI_LINUX_DCVIF_H

/* IFLA_INFO_KIND of a VIF */
#define DCVIF_KIND	"dcvif"

/* The AWS Direct Connect MTU limits, by VIF type. */
#define DCVIF_MTU_DEFAULT	1500
#define DCVIF_MTU_PRIVATE_MAX	9001
#define DCVIF_MTU_TRANSIT_MAX	8500
#define DCVIF_MTU_PUBLIC_MAX	1500

/* Lower devices whose max_mtu reaches this are reported as jumbo-capable. */
#define DCVIF_MTU_JUMBO		9001

enum dcvif_vif_type {
	DCVIF_VIF_UNSPEC,
	DCVIF_VIF_PRIVATE,	/* default when IFLA_DCVIF_TYPE is absent */
	DCVIF_VIF_PUBLIC,
	DCVIF_VIF_TRANSIT,
	__DCVIF_VIF_MAX,
};

#define DCVIF_VIF_MAX (__DCVIF_VIF_MAX - 1)

/* Nested in IFLA_INFO_DATA for kind "dcvif". */
enum {
	IFLA_DCVIF_UNSPEC,
	IFLA_DCVIF_ID,		/* u16: 802.1Q VLAN ID, 1-4094, fixed at creation */
	IFLA_DCVIF_TYPE,	/* u8: enum dcvif_vif_type */
	IFLA_DCVIF_POLICY_MTU,	/* u32, read-only: the VIF type's MTU limit */
	IFLA_DCVIF_LOWER_JUMBO,	/* u8, read-only: 1 if the lower's max MTU >= DCVIF_MTU_JUMBO */
	__IFLA_DCVIF_MAX,
};

#define IFLA_DCVIF_MAX (__IFLA_DCVIF_MAX - 1)

/* IFLA_INFO_KIND of a LAG */
#define DCLAG_KIND	"dclag"

/*
 * Micro-BFD defaults: those of a VIF's BFD session, AWS Direct Connect's
 * 300 ms x 3; the smallest interval is the VIF sessions' too.
 */
#define DCLAG_MBFD_INTERVAL_DEFAULT	300000
#define DCLAG_MBFD_MULT_DEFAULT		3
#define DCLAG_MBFD_INTERVAL_MIN		1000

/* Members a LAG accepts unless IFLA_DCLAG_MAX_MEMBERS says otherwise. */
#define DCLAG_MEMBERS_DEFAULT	4
/* The largest IFLA_DCLAG_MAX_MEMBERS. */
#define DCLAG_MEMBERS_LIMIT	16

enum dclag_lacp_mode {
	DCLAG_LACP_OFF,		/* members count on carrier alone */
	DCLAG_LACP_PASSIVE,	/* LACP, speaks only when spoken to */
	DCLAG_LACP_ACTIVE,	/* LACP, sends periodic LACPDUs */
};

enum dclag_lacp_rate {
	DCLAG_LACP_RATE_SLOW,	/* partner asked for a LACPDU every 30 s */
	DCLAG_LACP_RATE_FAST,	/* every 1 s */
};

/* Why a member does not carry traffic (IFLA_DCLAG_MEMBER_REASON). */
enum dclag_member_reason {
	DCLAG_MEMBER_REASON_NONE,	/* it does: active */
	DCLAG_MEMBER_REASON_CARRIER,	/* member down or without carrier */
	DCLAG_MEMBER_REASON_LACP,	/* LACP not collecting+distributing */
	DCLAG_MEMBER_REASON_BFD,	/* micro-BFD not Up */
	DCLAG_MEMBER_REASON_SPEED,	/* speed differs from the other members' */
	__DCLAG_MEMBER_REASON_MAX,
};

/* Nested in IFLA_INFO_DATA for kind "dclag". */
enum {
	IFLA_DCLAG_UNSPEC,
	IFLA_DCLAG_MIN_LINKS,		/* u32: active members for carrier (0 acts as 1) */
	IFLA_DCLAG_LACP,		/* u8: enum dclag_lacp_mode */
	IFLA_DCLAG_LACP_RATE,		/* u8: enum dclag_lacp_rate, asked of the partner */
	IFLA_DCLAG_MICRO_BFD,		/* u8: 1 runs micro-BFD (RFC 7130) per member */
	IFLA_DCLAG_MAX_MEMBERS,		/* u32: 1-DCLAG_MEMBERS_LIMIT */
	IFLA_DCLAG_MEMBERS,		/* u32, read-only: members */
	IFLA_DCLAG_ACTIVE_MEMBERS,	/* u32, read-only: members carrying traffic */
	IFLA_DCLAG_MBFD_LOCAL,		/* binary, 4 or 16 bytes: our micro-BFD address */
	IFLA_DCLAG_MBFD_PEER,		/* binary, 4 or 16 bytes: the peer's address */
	IFLA_DCLAG_MBFD_MIN_TX,		/* u32: desired min TX interval, us */
	IFLA_DCLAG_MBFD_MIN_RX,		/* u32: required min RX interval, us */
	IFLA_DCLAG_MBFD_MULT,		/* u8: detect multiplier, 1-255 */
	__IFLA_DCLAG_MAX,
};

#define IFLA_DCLAG_MAX (__IFLA_DCLAG_MAX - 1)

/* Nested in IFLA_INFO_SLAVE_DATA of a member of a "dclag": all read-only. */
enum {
	IFLA_DCLAG_MEMBER_UNSPEC,
	IFLA_DCLAG_MEMBER_ACTIVE,		/* u8: 1 if it carries traffic */
	IFLA_DCLAG_MEMBER_REASON,		/* u8: enum dclag_member_reason */
	IFLA_DCLAG_MEMBER_SPEED,		/* u32: Mb/s, 0 if unknown */
	IFLA_DCLAG_MEMBER_LACP_ACTOR_STATE,	/* u8: 802.1AX actor state bits */
	IFLA_DCLAG_MEMBER_LACP_PARTNER_STATE,	/* u8: partner state bits */
	IFLA_DCLAG_MEMBER_LACPDU_RX,		/* u64: valid LACPDUs received */
	IFLA_DCLAG_MEMBER_LACPDU_TX,		/* u64: LACPDUs sent */
	IFLA_DCLAG_MEMBER_LACPDU_BAD,		/* u64: malformed slow-protocol frames ignored */
	IFLA_DCLAG_MEMBER_PAD,
	IFLA_DCLAG_MEMBER_MBFD_STATE,		/* u8: micro-BFD state, RFC 5880 (0 AdminDown,
						 * 1 Down, 2 Init, 3 Up); absent with micro-bfd off
						 */
	IFLA_DCLAG_MEMBER_MBFD_DIAG,		/* u8: its RFC 5880 diagnostic */
	IFLA_DCLAG_MEMBER_MBFD_LOCAL_DISCR,	/* u32: its local discriminator */
	IFLA_DCLAG_MEMBER_MBFD_REMOTE_DISCR,	/* u32: the peer's, 0 until heard */
	__IFLA_DCLAG_MEMBER_MAX,
};

#define IFLA_DCLAG_MEMBER_MAX (__IFLA_DCLAG_MEMBER_MAX - 1)

#endif /* _UAPI_LINUX_DCVIF_H */
