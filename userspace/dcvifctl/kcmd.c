// SPDX-License-Identifier: GPL-2.0
/*
 * kcmd: dcvifctl's commands for the kernel module ("bfd", "vif",
 * "monitor"), and what they share: command-line words, JSON and table
 * output (the replies as JSON and the enums' names are the library's,
 * dcvif_json.c).
 *
 * Bad input is refused before anything is sent: one message naming the
 * word and what was expected, exit status 2.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/dcvif_genl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcmd.h"

void
kcmd_usage(FILE *f)
{
	fprintf(f,
	    "kernel commands (the dcvif module; dcvifd need not run):\n"
	    "  bfd add dev VIF local ADDR peer ADDR [tx-interval MS]\n"
	    "      [rx-interval MS] [multiplier N] [passive] [admin-down]\n"
	    "      [no-carrier-coupling] [auth TYPE key-id N key KEY]\n"
	    "      [padding on|off|SIZE] [echo-interval MS]\n"
	    "      [echo-rx-interval MS]\n"
	    "  bfd set dev VIF peer ADDR [tx-interval MS] [rx-interval MS]\n"
	    "      [multiplier N] [admin-down on|off] [carrier-coupling on|off]\n"
	    "      [auth TYPE key-id N key KEY | auth none]\n"
	    "      [padding on|off|SIZE] [echo-interval MS]\n"
	    "      [echo-rx-interval MS]\n"
	    "  bfd del dev VIF peer ADDR\n"
	    "  bfd show [dev VIF] [peer ADDR]\n"
	    "  vif show [dev VIF]\n"
	    "  lag show [dev LAG]  (or: show lag [dev LAG])\n"
	    "  monitor\n"
	    "  MS: milliseconds, 1-60000 (default 300); multiplier N: 1-255"
	    " (default 3);\n"
	    "  key-id N: 0-255\n"
	    "  TYPE := simple | keyed-md5 | meticulous-keyed-md5 | keyed-sha1 |\n"
	    "          meticulous-keyed-sha1\n"
	    "  KEY: text, or hex digits after 0x; up to 16 bytes (20 for"
	    " SHA1)\n"
	    "  padding (RFC 9764): on pads to the VIF's MTU; SIZE: the IP"
	    " packet's bytes\n"
	    "  echo-interval, echo-rx-interval: MS, or 0 for off (default)\n");
}

int
kcmd_main(int argc, char *argv[], int json)
{
	struct cli c = { .argc = argc, .argv = argv, .i = 1 };

	if (argc < 1)
		return -1;
	if (strcmp(argv[0], "bfd") == 0) {
		c.cmd = "bfd";
		return bfd_main(&c, json);
	}
	if (strcmp(argv[0], "vif") == 0) {
		c.cmd = "vif";
		return vif_main(&c, json);
	}
	if (strcmp(argv[0], "lag") == 0) {
		c.cmd = "lag";
		return lag_main(&c, json);
	}
	/* "show lag": the kernel's; "show vifs" both; every other "show" is dcvifd's. */
	if (strcmp(argv[0], "show") == 0 && argc >= 2 &&
	    strcmp(argv[1], "lag") == 0) {
		c.cmd = "show lag";
		c.i = 2;
		return lag_show(&c, json);
	}
	if (strcmp(argv[0], "show") == 0 && argc >= 2 &&
	    strcmp(argv[1], "vifs") == 0) {
		c.cmd = "show vifs";
		c.i = 2;
		return vifs_show(&c, json);
	}
	if (strcmp(argv[0], "monitor") == 0) {
		c.cmd = "monitor";
		return monitor_main(&c, json);
	}
	if (strcmp(argv[0], "metrics") == 0) {
		c.cmd = "metrics";
		return metrics_main(&c);
	}
	return -1;
}

/* --- command-line words --------------------------------------------------- */

void
cli_fail(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dcvifctl: %s: ", c->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void
cli_unknown(const struct cli *c, const char *word, const char *expected)
{
	cli_fail(c, "unknown keyword \"%s\" (expected %s)", word, expected);
}

const char *
cli_next(struct cli *c)
{
	return c->i < c->argc ? c->argv[c->i++] : NULL;
}

char *
cli_value(struct cli *c, const char *kw, const char *what)
{
	if (c->i >= c->argc)
		cli_fail(c, "%s needs a value (%s)", kw, what);
	return c->argv[c->i++];
}

unsigned long
cli_uint(const struct cli *c, const char *kw, const char *s,
    unsigned long min, unsigned long max, const char *unit)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = isdigit((unsigned char)s[0]) ? strtoul(s, &end, 10) : 0;
	if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno != 0 ||
	    v < min || v > max)
		cli_fail(c, "%s \"%s\": expected %s from %lu to %lu", kw, s,
		    unit, min, max);
	return v;
}

int
cli_onoff(const struct cli *c, const char *kw, const char *s)
{
	if (strcmp(s, "on") == 0)
		return 1;
	if (strcmp(s, "off") == 0)
		return 0;
	cli_fail(c, "%s \"%s\": expected on or off", kw, s);
}

void
cli_addr(const struct cli *c, const char *kw, const char *s, struct kaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->v4) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, &a->v6) == 1)
		a->family = AF_INET6;
	else
		cli_fail(c, "%s \"%s\": expected an IPv4 or IPv6 address", kw,
		    s);
}

void
cli_ifname(const struct cli *c, const char *kw, const char *s)
{
	if (s[0] == '\0' || strlen(s) >= IF_NAMESIZE || strchr(s, '/') ||
	    strpbrk(s, " \t\n:"))
		cli_fail(c, "%s \"%s\": expected an interface name", kw, s);
}

unsigned int
cli_ifindex(const struct cli *c, const char *name)
{
	unsigned int ifindex = if_nametoindex(name);

	if (ifindex == 0)
		fprintf(stderr, "dcvifctl: %s: cannot find device \"%s\"\n",
		    c->cmd, name);
	return ifindex;
}

void
kcmd_genl_err(const struct genl *g)
{
	fprintf(stderr, "%s%s\n", g->errmsg_ext ? "" : "dcvifctl: ",
	    g->errmsg);
}

void
kcmd_genl_report(const struct genl *g, int ret)
{
	if (ret < 0)
		kcmd_genl_err(g);
	else if (g->warnmsg[0] != '\0')
		fprintf(stderr, "%s\n", g->warnmsg);
}

/* --- names ---------------------------------------------------------------- */

const char *
kaddr_str(const struct kaddr *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, &a->v6, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}


/* --- output --------------------------------------------------------------- */


void
jprint(json_object *o)
{
	/* json-c prints an empty array over two lines */
	if (json_object_is_type(o, json_type_array) &&
	    json_object_array_length(o) == 0) {
		printf("[]\n");
		return;
	}
	printf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
}

const char *
jfield(json_object *o, const char *key, char *buf, size_t len)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return "-";
	snprintf(buf, len, "%s", json_object_get_string(v));
	return buf;
}

json_object *
table_row(json_object *rows)
{
	json_object *row = json_object_new_array();

	json_object_array_add(rows, row);
	return row;
}

void
table_cell(json_object *row, const char *s)
{
	json_object_array_add(row, json_object_new_string(s));
}

void
table_print(const struct table_col *cols, size_t ncol, json_object *rows)
{
	size_t i, j, nrows = json_object_array_length(rows);
	int w[16] = { 0 }, len;

	if (ncol > sizeof(w) / sizeof(w[0]))
		ncol = sizeof(w) / sizeof(w[0]);
	for (j = 0; j < ncol; j++)
		w[j] = (int)strlen(cols[j].hdr);
	for (i = 0; i < nrows; i++) {
		json_object *row = json_object_array_get_idx(rows, i);

		for (j = 0; j < ncol && j < json_object_array_length(row); j++) {
			len = json_object_get_string_len(
			    json_object_array_get_idx(row, j));
			if (len > w[j])
				w[j] = len;
		}
	}
	/* No padding after the last column: no trailing blanks. */
	if (ncol > 0 && !cols[ncol - 1].right)
		w[ncol - 1] = 0;
	for (j = 0; j < ncol; j++)
		printf("%s%*s", j ? "  " : "", cols[j].right ? w[j] : -w[j],
		    cols[j].hdr);
	printf("\n");
	for (i = 0; i < nrows; i++) {
		json_object *row = json_object_array_get_idx(rows, i);

		for (j = 0; j < ncol; j++) {
			json_object *cell = NULL;

			if (j < json_object_array_length(row))
				cell = json_object_array_get_idx(row, j);
			printf("%s%*s", j ? "  " : "",
			    cols[j].right ? w[j] : -w[j],
			    cell ? json_object_get_string(cell) : "");
		}
		printf("\n");
	}
}
