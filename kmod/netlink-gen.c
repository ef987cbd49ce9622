// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/dcvif.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/dcvif_genl.h>

/* DCVIF_CMD_BFD_NEW - do */
const struct nla_policy dcvif_bfd_new_nl_policy[DCVIF_A_BFD_ECHO_RX_INTERVAL + 1] = {
	[DCVIF_A_BFD_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[DCVIF_A_BFD_LOCAL_V4] = { .type = NLA_U32, },
	[DCVIF_A_BFD_PEER_V4] = { .type = NLA_U32, },
	[DCVIF_A_BFD_LOCAL_V6] = NLA_POLICY_EXACT_LEN(16),
	[DCVIF_A_BFD_PEER_V6] = NLA_POLICY_EXACT_LEN(16),
	[DCVIF_A_BFD_DESIRED_MIN_TX] = NLA_POLICY_MIN(NLA_U32, DCVIF_BFD_INTERVAL_MIN),
	[DCVIF_A_BFD_REQUIRED_MIN_RX] = NLA_POLICY_MIN(NLA_U32, DCVIF_BFD_INTERVAL_MIN),
	[DCVIF_A_BFD_DETECT_MULT] = NLA_POLICY_MIN(NLA_U8, 1),
	[DCVIF_A_BFD_PASSIVE] = NLA_POLICY_MAX(NLA_U8, 1),
	[DCVIF_A_BFD_ADMIN_DOWN] = NLA_POLICY_MAX(NLA_U8, 1),
	[DCVIF_A_BFD_CARRIER_COUPLING] = NLA_POLICY_MAX(NLA_U8, 1),
	[DCVIF_A_BFD_AUTH_TYPE] = NLA_POLICY_MAX(NLA_U8, 5),
	[DCVIF_A_BFD_AUTH_KEY_ID] = { .type = NLA_U8, },
	[DCVIF_A_BFD_AUTH_KEY] = { .type = NLA_BINARY, },
	[DCVIF_A_BFD_PADDING] = { .type = NLA_U16, },
	[DCVIF_A_BFD_ECHO_TX_INTERVAL] = { .type = NLA_U32, },
	[DCVIF_A_BFD_ECHO_RX_INTERVAL] = { .type = NLA_U32, },
};

/* DCVIF_CMD_BFD_SET - do */
const struct nla_policy dcvif_bfd_set_nl_policy[DCVIF_A_BFD_ECHO_RX_INTERVAL + 1] = {
	[DCVIF_A_BFD_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[DCVIF_A_BFD_PEER_V4] = { .type = NLA_U32, },
	[DCVIF_A_BFD_PEER_V6] = NLA_POLICY_EXACT_LEN(16),
	[DCVIF_A_BFD_DESIRED_MIN_TX] = NLA_POLICY_MIN(NLA_U32, DCVIF_BFD_INTERVAL_MIN),
	[DCVIF_A_BFD_REQUIRED_MIN_RX] = NLA_POLICY_MIN(NLA_U32, DCVIF_BFD_INTERVAL_MIN),
	[DCVIF_A_BFD_DETECT_MULT] = NLA_POLICY_MIN(NLA_U8, 1),
	[DCVIF_A_BFD_ADMIN_DOWN] = NLA_POLICY_MAX(NLA_U8, 1),
	[DCVIF_A_BFD_CARRIER_COUPLING] = NLA_POLICY_MAX(NLA_U8, 1),
	[DCVIF_A_BFD_AUTH_TYPE] = NLA_POLICY_MAX(NLA_U8, 5),
	[DCVIF_A_BFD_AUTH_KEY_ID] = { .type = NLA_U8, },
	[DCVIF_A_BFD_AUTH_KEY] = { .type = NLA_BINARY, },
	[DCVIF_A_BFD_PADDING] = { .type = NLA_U16, },
	[DCVIF_A_BFD_ECHO_TX_INTERVAL] = { .type = NLA_U32, },
	[DCVIF_A_BFD_ECHO_RX_INTERVAL] = { .type = NLA_U32, },
};

/* DCVIF_CMD_BFD_DEL - do */
const struct nla_policy dcvif_bfd_del_nl_policy[DCVIF_A_BFD_PEER_V6 + 1] = {
	[DCVIF_A_BFD_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[DCVIF_A_BFD_PEER_V4] = { .type = NLA_U32, },
	[DCVIF_A_BFD_PEER_V6] = NLA_POLICY_EXACT_LEN(16),
};

/* DCVIF_CMD_BFD_GET - do */
const struct nla_policy dcvif_bfd_get_do_nl_policy[DCVIF_A_BFD_PEER_V6 + 1] = {
	[DCVIF_A_BFD_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[DCVIF_A_BFD_PEER_V4] = { .type = NLA_U32, },
	[DCVIF_A_BFD_PEER_V6] = NLA_POLICY_EXACT_LEN(16),
};

/* DCVIF_CMD_BFD_GET - dump */
const struct nla_policy dcvif_bfd_get_dump_nl_policy[DCVIF_A_BFD_IFINDEX + 1] = {
	[DCVIF_A_BFD_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* DCVIF_CMD_VIF_GET - do */
const struct nla_policy dcvif_vif_get_nl_policy[DCVIF_A_VIF_IFINDEX + 1] = {
	[DCVIF_A_VIF_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* DCVIF_CMD_LAG_GET - do */
const struct nla_policy dcvif_lag_get_nl_policy[DCVIF_A_LAG_IFINDEX + 1] = {
	[DCVIF_A_LAG_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

