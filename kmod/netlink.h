/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "dcvif" generic netlink family (netlink.c): set up and torn down by
 * main.c, and the events the rest of the module sends on its "monitor"
 * group. The command handlers are declared by the generated netlink-gen.h.
 */
#ifndef _DCVIF_NETLINK_H
#define _DCVIF_NETLINK_H

#include <net/netlink.h>

#include "uapi/linux/dcvif_genl.h"

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

/*
 * The attribute policies, in netlink-gen.c: the kernel generator's output
 * for the spec (selftests/host/genl_spec.sh keeps it in step) up to its
 * split-ops table, which 6.1 cannot take; netlink.c's ops table, in the
 * form both kernels take, uses them. The generator declares nothing for
 * them (its ops table is their only user there): Kbuild force-includes
 * this header into netlink-gen.c, so declarations and definitions are
 * checked against each other.
 */
extern const struct nla_policy dcvif_bfd_new_nl_policy[DCVIF_A_BFD_PADDING + 1];
extern const struct nla_policy dcvif_bfd_set_nl_policy[DCVIF_A_BFD_PADDING + 1];
extern const struct nla_policy dcvif_bfd_del_nl_policy[DCVIF_A_BFD_PEER_V6 + 1];
extern const struct nla_policy dcvif_bfd_get_do_nl_policy[DCVIF_A_BFD_PEER_V6 + 1];
extern const struct nla_policy dcvif_bfd_get_dump_nl_policy[DCVIF_A_BFD_IFINDEX + 1];
extern const struct nla_policy dcvif_vif_get_nl_policy[DCVIF_A_VIF_IFINDEX + 1];
extern const struct nla_policy dcvif_lag_get_nl_policy[DCVIF_A_LAG_IFINDEX + 1];

#endif /* _DCVIF_NETLINK_H */
