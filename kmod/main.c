// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif: AWS Direct Connect-style virtual interfaces for Linux routers.
 *
 * Init order only; each concern lives in its own file.
 */
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "dcvif.h"

static int __init dcvif_init(void)
{
	int err;

	/* The notifier first, so no VIF can exist without it watching its lower. */
	err = dcvif_port_init();
	if (err)
		return err;

	err = rtnl_link_register(&dcvif_link_ops);
	if (err)
		goto err_port;

	pr_info("version " DCVIF_VERSION " loaded\n");
	return 0;

err_port:
	dcvif_port_exit();
	return err;
}

static void __exit dcvif_exit(void)
{
	/* Deletes every VIF; the last one on a lower releases its port. */
	rtnl_link_unregister(&dcvif_link_ops);
	dcvif_port_exit();
	rcu_barrier();
}

module_init(dcvif_init);
module_exit(dcvif_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Direct Connect-style 802.1Q virtual interfaces with MTU policy");
MODULE_VERSION(DCVIF_VERSION);
MODULE_ALIAS_RTNL_LINK(DCVIF_KIND);
