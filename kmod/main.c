// SPDX-License-Identifier: GPL-2.0
/*
 * dcvif: AWS Direct Connect-style virtual interfaces for Linux routers.
 *
 * Init order only; each concern lives in its own file.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "bfd.h"
#include "dcvif.h"
#include "lag.h"
#include "netlink.h"

static int __init dcvif_init(void)
{
	int err;

	/* BFD's digests; one the kernel lacks only refuses its auth types. */
	dcvif_bfd_crypto_init();

	/* Per-netns data (BFD session counts) before anything counts there. */
	err = register_pernet_subsys(&dcvif_net_ops);
	if (err)
		goto err_crypto;

	/* Events can be sent as soon as a VIF exists. */
	err = dcvif_nl_init();
	if (err)
		goto err_net;

	/* The notifier before the link kind: no VIF without it watching its lower. */
	err = dcvif_port_init();
	if (err)
		goto err_nl;

	err = rtnl_link_register(&dcvif_link_ops);
	if (err)
		goto err_port;

	err = dclag_init();
	if (err)
		goto err_vif;

	pr_info("version " DCVIF_VERSION " loaded\n");
	return 0;

err_vif:
	rtnl_link_unregister(&dcvif_link_ops);
err_port:
	dcvif_port_exit();
err_nl:
	dcvif_nl_exit();
err_net:
	unregister_pernet_subsys(&dcvif_net_ops);
err_crypto:
	dcvif_bfd_crypto_exit();
	return err;
}

static void __exit dcvif_exit(void)
{
	/* Deletes every VIF with its BFD sessions; the last VIF on a lower
	 * releases its port.
	 */
	rtnl_link_unregister(&dcvif_link_ops);
	/* Deletes every LAG, which releases its members. */
	dclag_exit();
	dcvif_port_exit();
	dcvif_nl_exit();
	unregister_pernet_subsys(&dcvif_net_ops);
	/* Sessions are freed after a grace period. */
	rcu_barrier();
	dcvif_bfd_exit();
	dcvif_bfd_crypto_exit();
}

module_init(dcvif_init);
module_exit(dcvif_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Direct Connect-style 802.1Q virtual interfaces with MTU policy, and LAGs");
MODULE_VERSION(DCVIF_VERSION);
MODULE_ALIAS_RTNL_LINK(DCVIF_KIND);
MODULE_ALIAS_RTNL_LINK(DCLAG_KIND);
MODULE_ALIAS_GENL_FAMILY("dcvif");
