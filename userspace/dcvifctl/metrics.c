// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl metrics: the state of the edge as Prometheus text (exposition
 * format 0.0.4), for node_exporter's textfile collector or any scraper
 * that runs a command: the dcvif module's VIFs, BFD sessions and LAGs over
 * generic netlink, and dcvifd's BGP sessions, prefixes and FIB over its
 * control socket. Either may be missing: dcvif_module_up and dcvifd_up say
 * which answered, and the other's metrics are still printed.
 *
 * "metrics [file PATH]" writes PATH.tmp and renames it, as the textfile
 * collector wants (it must never read half a file).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dcvif_metrics.h"
#include "kcmd.h"

int
metrics_main(struct cli *c)
{
	struct dcvif_metrics o = { .f = stdout };
	json_object *n, *s = NULL;
	char err[256];
	const char *w, *file = NULL;
	char tmp[4096];

	while ((w = cli_next(c)) != NULL) {
		if (strcmp(w, "file") != 0 || file != NULL)
			cli_unknown(c, w, "file");
		file = cli_value(c, "file", "a path (node_exporter's textfile "
				 "directory/NAME.prom)");
	}
	if (file) {
		if (snprintf(tmp, sizeof(tmp), "%s.tmp", file) >=
		    (int)sizeof(tmp))
			cli_fail(c, "file: path too long");
		if ((o.f = fopen(tmp, "w")) == NULL) {
			fprintf(stderr, "dcvifctl: metrics: %s: %s\n", tmp,
				strerror(errno));
			return 1;
		}
	}
	dcvif_metrics_kernel(&o);
	n = ctl_query("show neighbors\n", err, sizeof(err));
	if (n)
		s = ctl_query("show summary\n", err, sizeof(err));
	dcvif_metrics_dcvifd(&o, n, s);
	json_object_put(n);
	json_object_put(s);
	if (file) {
		if (fclose(o.f) != 0 || rename(tmp, file) == -1) {
			fprintf(stderr, "dcvifctl: metrics: %s: %s\n", file,
				strerror(errno));
			unlink(tmp);
			return 1;
		}
	}
	return 0;
}
