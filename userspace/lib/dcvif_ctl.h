/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dcvif_ctl: what dcvifd and dcvifctl agree on about dcvifd's control
 * sockets.  The control socket (mode 0660, root and the control-group)
 * takes every command; the restricted one beside it (mode 0666) only
 * those that show, as OpenBGPD's bgpd.rsock: an operator need not be in
 * the group to look, only to act.
 */
#ifndef DCVIF_CTL_H
#define DCVIF_CTL_H

#include <stdio.h>
#include <string.h>

/*
 * The restricted socket of a control socket: ".sock" becomes ".ro.sock"
 * (/run/dcvifd.sock: /run/dcvifd.ro.sock), any other path gets ".ro".
 * 0, or -1 when it does not fit in len.
 */
static inline int
dcvif_ctl_restricted_path(const char *csock, char *buf, size_t len)
{
	size_t n = strlen(csock);
	int r;

	if (n > 5 && strcmp(csock + n - 5, ".sock") == 0)
		r = snprintf(buf, len, "%.*s.ro.sock", (int)(n - 5), csock);
	else
		r = snprintf(buf, len, "%s.ro", csock);
	return r < 0 || (size_t)r >= len ? -1 : 0;
}

/* control clients at once on each socket; more are told so and closed */
#define DCVIF_CTL_CLIENTS	32
/* a client that has not sent its command line by then is closed */
#define DCVIF_CTL_IDLE_SEC	10

#endif
