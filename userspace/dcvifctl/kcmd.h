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
/*
 * ifname_str: the name of ifindex, or "if<N>" when it has none here;
 * cache: the same ifindex as last time is not looked up again.
 */
const char *ifname_str(uint32_t ifindex, char *buf, int cache);

const char *bfd_state_str(unsigned int v, char *buf);
const char *bfd_diag_str(unsigned int v, char *buf);
const char *bfd_auth_str(unsigned int v, char *buf);
const char *carrier_reason_str(unsigned int v, char *buf);
#define KCMD_NAMEBUF	24	/* "unknown(255)" and every name fits */

/*
 * kcmd_genl_err: print why the last call of the genl library failed, as
 * "Error: <the kernel's message>" or "dcvifctl: <ours>".
 * kcmd_genl_report: that when ret < 0, else the kernel's warning if any.
 */
void	 kcmd_genl_err(const struct genl *g);
void	 kcmd_genl_report(const struct genl *g, int ret);

/* The session's (or notification's) addresses as JSON "local"/"peer". */
void	 bfd_json_addrs(json_object *o, const struct nlattr **tb);

/* Output helpers. */
void	 jadd_str(json_object *o, const char *key, const char *s);
void	 jadd_u64(json_object *o, const char *key, uint64_t v);
void	 jadd_bool(json_object *o, const char *key, int v);
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
/*
 * lag_json: a lag-get reply or LAG event as JSON ("member": its members);
 * lag_member_json: one member nest.  NULL when malformed.  cache: as
 * ifname_str's.
 */
json_object *lag_json(const struct nlmsghdr *nlh, int cache);
json_object *lag_member_json(const struct nlattr *nest, int cache);
const char *lag_reason_str(unsigned int v, char *buf);
int	 monitor_main(struct cli *c, int json);

/* dcvifd's control socket (dcvifctl -s), and talking to it */
extern const char *kcmd_socket;
int	 ctl_connect(char *err, size_t errlen);
json_object *ctl_query(const char *cmd, char *err, size_t errlen);

/* the kernel's VIFs and BFD sessions (dumps) as JSON arrays, into arr */
int	 vif_dump(struct genl *g, json_object *arr, const char *cmd);
int	 bfd_dump(struct genl *g, json_object *arr, const char *cmd);
int	 lag_dump(struct genl *g, json_object *arr, const char *cmd);
/* metrics.c: "metrics": Prometheus text of the module's and dcvifd's state */
int	 metrics_main(struct cli *c);
/* "show vifs": kernel, BFD and dcvifd in one table */
int	 vifs_show(struct cli *c, int json);

#endif
