/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/dcvif.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_DCVIF_GEN_H
#define _LINUX_DCVIF_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/dcvif_genl.h>

int dcvif_nl_bfd_new_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_bfd_set_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_bfd_del_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_bfd_get_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_bfd_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int dcvif_nl_vif_get_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_vif_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int dcvif_nl_lag_get_doit(struct sk_buff *skb, struct genl_info *info);
int dcvif_nl_lag_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);

enum {
	DCVIF_NLGRP_MONITOR,
};

extern struct genl_family dcvif_nl_family;

#endif /* _LINUX_DCVIF_GEN_H */
