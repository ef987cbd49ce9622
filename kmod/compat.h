/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels dcvif supports (Debian 12: 6.1 and 6.12),
 * chosen by feature, never by version number. Force-included from Kbuild so
 * the core files stay free of #ifdefs.
 */
#ifndef _DCVIF_COMPAT_H
#define _DCVIF_COMPAT_H

/* Force-included before anything else, so every file logs as "dcvif: ". */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/netlink.h>

/*
 * Lockless TX: a feature bit up to 6.11 (NETIF_F_LLTX), a netdev flag
 * (dev->lltx) from 6.12 on.
 */
#ifdef NETIF_F_LLTX
#define DCVIF_F_LLTX	NETIF_F_LLTX
static inline void dcvif_set_lltx(struct net_device *dev)
{
	dev->features |= NETIF_F_LLTX;
}
#else
#define DCVIF_F_LLTX	0
static inline void dcvif_set_lltx(struct net_device *dev)
{
	dev->lltx = true;
}
#endif

/*
 * Formatted extack messages appeared in 6.2; 6.1's extack carries static
 * strings only. There the message loses its variable parts (the VLAN ID,
 * device names, numbers) but keeps its meaning: @static_msg; the full one
 * goes to the kernel log (rate-limited), so that an operator on Debian's
 * default kernel still learns which VIF holds a VLAN ID.
 */
#ifdef NL_SET_ERR_MSG_FMT_MOD
#define DCVIF_ERR_FMT(extack, static_msg, fmt, args...)	\
	do {							\
		/* still compiled: both variants stay valid */	\
		(void)(static_msg);				\
		NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ##args);	\
	} while (0)
#else
#define DCVIF_ERR_FMT(extack, static_msg, fmt, args...)	\
	do {							\
		net_info_ratelimited(fmt "\n", ##args);	\
		NL_SET_ERR_MSG_MOD(extack, static_msg);		\
	} while (0)
#endif

/*
 * Room for the text of a formatted message after the "dcvif: " prefix, for
 * messages that pick a shorter wording when names make them too long.
 * 6.1 keeps only the static variant, so any size does there.
 */
#ifdef NETLINK_MAX_FMTMSG_LEN
#define DCVIF_ERR_FMT_LEN	(NETLINK_MAX_FMTMSG_LEN - sizeof(KBUILD_MODNAME ": ") + 1)
#else
#define DCVIF_ERR_FMT_LEN	80
#endif

#endif /* _DCVIF_COMPAT_H */
