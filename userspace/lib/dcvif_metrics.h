/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcvif_metrics: Prometheus text (exposition format 0.0.4) of the dcvif
 * module and of dcvifd, written by dcvifctl ("metrics") and by dcvifd's
 * HTTP listener from the same code.
 */
#ifndef DCVIF_METRICS_H
#define DCVIF_METRICS_H

#include <json-c/json.h>
#include <stdio.h>

/* seconds a kernel dump may take before the module counts as silent */
#define DCVIF_METRICS_GENL_TIMEOUT	1

/* where the text goes; every family's HELP/TYPE once, where first used */
struct dcvif_metrics {
	FILE		*f;
	const char	*done[128];
	int		 ndone;
};

/*
 * dcvif_metrics_kernel: dcvif_module_up and the VIF, BFD and LAG families
 * from dumps over a generic netlink socket of its own (opened and closed
 * here).
 */
void	dcvif_metrics_kernel(struct dcvif_metrics *o);

/*
 * dcvif_metrics_dcvifd: dcvifd_up and the BGP, RIB and FIB families from
 * the JSON of dcvifd's "show neighbors" (n, an array) and "show summary"
 * (s); either NULL: dcvifd_up 0 and nothing else.  Takes no reference.
 */
void	dcvif_metrics_dcvifd(struct dcvif_metrics *o, json_object *n,
	    json_object *s);

#endif
