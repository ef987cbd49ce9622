/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "dcvif" generic netlink family (netlink.c): set up and torn down by
 * main.c, and the events the rest of the module sends on its "monitor"
 * group. The command handlers are declared by the generated netlink-gen.h.
 */
#ifndef _DCVIF_NETLINK_H
#define _DCVIF_NETLINK_H

#include <linux/types.h>

struct dclag;
struct dclag_member;
struct dcvif;
struct dcvif_bfd;

int dcvif_nl_init(void);
void dcvif_nl_exit(void);

/* Any context but hard IRQ (BFD state changes run in softirq) */
void dcvif_nl_bfd_state_ntf(struct dcvif_bfd *b, u8 old_state);
void dcvif_nl_carrier_ntf(struct dcvif *vif, bool carrier, u8 reason);

/* Process context, RTNL held */
void dcvif_nl_lag_member_ntf(struct dclag *lag, struct dclag_member *m);
void dcvif_nl_lag_carrier_ntf(struct dclag *lag);

#endif /* _DCVIF_NETLINK_H */
