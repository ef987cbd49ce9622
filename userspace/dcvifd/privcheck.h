/* SPDX-License-Identifier: GPL-2.0 */
/* privcheck.c: what the engine may ask of the kernel through the parent */
#ifndef PRIVCHECK_H
#define PRIVCHECK_H

#include <linux/netlink.h>
#include <stdint.h>

#include "nlsock.h"

/* the protocol number of dcvifd's routes and nexthops (rtm_protocol) */
#define PRIVCHECK_RTPROT	243

int		 privcheck_init(void);
/* NULL: nlh may go to the kernel on a socket of kind; else why not */
const char	*privcheck(enum nlsock_kind kind, const struct nlmsghdr *nlh,
		    uint32_t table);
int		 privcheck_join(uint32_t group);
uint32_t	 privcheck_monitor_group(void);

#endif
