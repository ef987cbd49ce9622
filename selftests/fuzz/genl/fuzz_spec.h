/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of the tables gen_spec.py writes from the genl spec
 * (Documentation/netlink/specs/dcvif.yaml) and the link kinds' uapi
 * (kmod/uapi/linux/dcvif.h).
 */
#ifndef FUZZ_SPEC_H
#define FUZZ_SPEC_H

#include <stddef.h>

enum fz_kind { FZ_U8, FZ_U16, FZ_U32, FZ_U64, FZ_STRING, FZ_BINARY, FZ_NEST, FZ_FLAG, FZ_PAD };

/* A genl attribute: its checks as the spec states them (-1: none). */
struct fz_attr {
	const char *name;
	unsigned short type;
	unsigned char kind;
	unsigned char multi;
	short nest;		/* index in fz_sets, or -1 */
	unsigned char has_min, has_max;
	unsigned long long min, max;	/* max: the check, else the enum's or type's */
	int exact_len, min_len, max_len;
	const char *hint;	/* display-hint: ipv4, ipv6, mac, ... */
};

struct fz_set {
	const char *name;
	const struct fz_attr *attrs;
	int n;
	int max_type;
};

struct fz_op {
	const char *name;
	unsigned char cmd;
	short set;
	unsigned char has_do, has_dump, event, admin;
	const unsigned short *do_req; int n_do_req;
	const unsigned short *do_rep; int n_do_rep;
	const unsigned short *dump_req; int n_dump_req;
	const unsigned short *dump_rep; int n_dump_rep;
	const unsigned short *ev; int n_ev;
};

/* An IFLA_INFO_DATA (or SLAVE_DATA) attribute of a link kind. */
struct fz_iattr {
	const char *name;
	unsigned short type;
	unsigned char kind;
	unsigned char ro;	/* read-only: the kernel must refuse it */
	unsigned char lens[2];	/* a binary's lengths, 0: unknown */
};

struct fz_iset {
	const char *kind;
	unsigned char slave;
	const struct fz_iattr *attrs;
	int n;
	int max_type;
};

extern const char fz_family_name[];
extern const char *const fz_mcgrps[];
extern const struct fz_set fz_sets[];
extern const int fz_n_sets;
extern const struct fz_op fz_ops[];
extern const int fz_n_ops;
extern const struct fz_iset fz_isets[];
extern const int fz_n_isets;
extern const char *const fz_kinds[];

#endif
