/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcvif_json: the dcvif generic netlink family's replies as JSON, shared
 * by dcvifctl (its -j output, monitor, metrics) and dcvifd (its metrics
 * listener).  The keys are those of "dcvifctl -j vif show", "bfd show" and
 * "lag show".
 */
#ifndef DCVIF_JSON_H
#define DCVIF_JSON_H

#include <json-c/json.h>
#include <stdint.h>

#include "dcvif_genl.h"

/* a buffer every enum name fits in, "unknown(255)" too */
#define DCVIF_NAMEBUF	24

/* names of the protocol's enums; buf (DCVIF_NAMEBUF) for unknown values */
const char *bfd_state_str(unsigned int v, char *buf);
const char *bfd_diag_str(unsigned int v, char *buf);
const char *bfd_auth_str(unsigned int v, char *buf);
const char *carrier_reason_str(unsigned int v, char *buf);
const char *lag_reason_str(unsigned int v, char *buf);

/*
 * ifname_str: the name of ifindex, or "if<N>" when it has none here;
 * cache: the same ifindex as last time is not looked up again (within
 * one dump: every dump below forgets it first, ifname_cache_flush).
 * buf: IF_NAMESIZE at least.
 */
const char *ifname_str(uint32_t ifindex, char *buf, int cache);
void	 ifname_cache_flush(void);

void	 jadd_str(json_object *o, const char *key, const char *s);
void	 jadd_u64(json_object *o, const char *key, uint64_t v);
void	 jadd_bool(json_object *o, const char *key, int v);

/* The session's (or notification's) addresses as JSON "local"/"peer". */
void	 bfd_json_addrs(json_object *o, const struct nlattr **tb);
/* a bfd-get reply as JSON; NULL when its stats nest is malformed */
json_object *bfd_session_json(const struct nlattr **tb);
/*
 * lag_json: a lag-get reply or LAG event as JSON ("member": its members);
 * lag_member_json: one member nest.  NULL when malformed.  cache: as
 * ifname_str's.
 */
json_object *lag_json(const struct nlmsghdr *nlh, int cache);
json_object *lag_member_json(const struct nlattr *nest, int cache);

/*
 * The kernel's VIFs, BFD sessions and LAGs (dumps), one JSON object each,
 * appended to arr.  Returns genl_talk's: 0, or -1 with g->err and
 * g->errmsg set (cmd names the request there).
 */
int	 vif_dump(struct genl *g, json_object *arr, const char *cmd);
int	 bfd_dump(struct genl *g, json_object *arr, const char *cmd);
int	 lag_dump(struct genl *g, json_object *arr, const char *cmd);

/*
 * The dumps' callbacks (mnl_cb_t), for requests of one object: each
 * reply as above, appended to the JSON array data.
 */
int	 vif_json_cb(const struct nlmsghdr *nlh, void *data);
int	 bfd_json_cb(const struct nlmsghdr *nlh, void *data);
int	 lag_json_cb(const struct nlmsghdr *nlh, void *data);

#endif
