/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcmd: the dcvifctl commands that talk to the kernel module over the
 * "dcvif" generic netlink family ("bfd", "vif", "lag", "show lag",
 * "monitor"), not to dcvifd.
 */
#ifndef DCVIFCTL_KCMD_H
#define DCVIFCTL_KCMD_H

#include <json-c/json.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>

#include "dcvif_genl.h"
#include "dcvif_json.h"

/*
 * kcmd_main: run "bfd ...", "vif ...", "lag ...", "show lag ..." or
 * "monitor" (argv[0] is the command
 * word).  Returns the exit status: 0, 1 for an error of the kernel or the
 * system, 2 for bad input; or -1 when argv[0] is none of these words.
 */
int	 kcmd_main(int argc, char *argv[], int json);

/* import_aws_main: "import-aws ..." (import.c); the exit status. */
int	 import_aws_main(int argc, char *argv[]);

/* kcmd_usage: the grammar of those commands, for dcvifctl's usage. */
void	 kcmd_usage(FILE *f);

/* --- shared by bfd.c, vif.c, monitor.c ------------------------------------ */

struct kaddr {
	int	family;		/* AF_INET, AF_INET6, 0: not given */
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	};
};

/* The words of a command line, with the command's name for messages. */
struct cli {
	const char	 *cmd;	/* "bfd add" */
	int		  argc;
	char		**argv;
	int		  i;	/* the next word */
};

/* cli_fail: print "dcvifctl: <cmd>: <message>" and exit 2. */
void	 cli_fail(const struct cli *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
const char *cli_next(struct cli *c);
/* cli_value: the word after keyword kw; what says what it must be. */
char	*cli_value(struct cli *c, const char *kw, const char *what);
unsigned long cli_uint(const struct cli *c, const char *kw, const char *s,
	    unsigned long min, unsigned long max, const char *unit);
int	 cli_onoff(const struct cli *c, const char *kw, const char *s);
void	 cli_addr(const struct cli *c, const char *kw, const char *s,
	    struct kaddr *a);
void	 cli_ifname(const struct cli *c, const char *kw, const char *s);
/* cli_unknown: fail naming word and the keywords that were expected. */
void	 cli_unknown(const struct cli *c, const char *word,
	    const char *expected) __attribute__((noreturn));
/* cli_ifindex: resolve a checked name; prints why and returns 0 if none. */
unsigned int cli_ifindex(const struct cli *c, const char *name);

const char *kaddr_str(const struct kaddr *a, char *buf, size_t len);
#define KCMD_NAMEBUF	DCVIF_NAMEBUF

/*
 * kcmd_genl_err: print why the last call of the genl library failed, as
 * "Error: <the kernel's message>" or "dcvifctl: <ours>".
 * kcmd_genl_report: that when ret < 0, else the kernel's warning if any.
 */
void	 kcmd_genl_err(const struct genl *g);
void	 kcmd_genl_report(const struct genl *g, int ret);

/*
 * The module's replies as JSON (dumps, names of the enums, jadd_*()) are
 * the library's, shared with dcvifd: dcvif_json.h.
 */

/* Output helpers. */
void	 jprint(json_object *o);
/* jfield: o[key] as text ("-" when absent), in a static-free buf. */
const char *jfield(json_object *o, const char *key, char *buf, size_t len);

/*
 * table_print: rows (a JSON array of arrays of strings) under the headers
 * of cols, each column as wide as its widest cell.
 */
struct table_col {
	const char	*hdr;
	int		 right;		/* right-aligned (numbers) */
};
void	 table_print(const struct table_col *cols, size_t ncol,
	    json_object *rows);
json_object *table_row(json_object *rows);
void	 table_cell(json_object *row, const char *s);

int	 bfd_main(struct cli *c, int json);
int	 vif_main(struct cli *c, int json);
int	 lag_main(struct cli *c, int json);
/* lag_show: "lag show [dev LAG]", also spelt "show lag [dev LAG]". */
int	 lag_show(struct cli *c, int json);
int	 monitor_main(struct cli *c, int json);

/* dcvifd's control socket (dcvifctl -s), and talking to it */
extern const char *kcmd_socket;
int	 ctl_connect(char *err, size_t errlen);
json_object *ctl_query(const char *cmd, char *err, size_t errlen);

/* metrics.c: "metrics": Prometheus text of the module's and dcvifd's state */
int	 metrics_main(struct cli *c);
/* "show vifs": kernel, BFD and dcvifd in one table */
int	 vifs_show(struct cli *c, int json);

#endif
