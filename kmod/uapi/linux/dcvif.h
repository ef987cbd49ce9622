/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dcvif: AWS Direct Connect-style virtual interfaces (802.1Q VIFs with a
 * per-VIF-type MTU policy) -- rtnetlink attributes shared with userspace.
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

#endif /* _UAPI_LINUX_DCVIF_H */
