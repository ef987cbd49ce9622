// SPDX-License-Identifier: GPL-2.0
/*
 * dump_attrs: the library's reply attribute tables, one line per entry,
 * "SET TYPE MNL_TYPE LEN", for selftests/host/genl_spec.sh to compare
 * with Documentation/netlink/specs/dcvif.yaml.  An entry left out of a
 * table shows as MNL_TYPE_UNSPEC.
 */
#include <stdio.h>

#include "dcvif_genl.h"

static const char *const mnl_types[MNL_TYPE_MAX] = {
	[MNL_TYPE_UNSPEC]	= "MNL_TYPE_UNSPEC",
	[MNL_TYPE_U8]		= "MNL_TYPE_U8",
	[MNL_TYPE_U16]		= "MNL_TYPE_U16",
	[MNL_TYPE_U32]		= "MNL_TYPE_U32",
	[MNL_TYPE_U64]		= "MNL_TYPE_U64",
	[MNL_TYPE_STRING]	= "MNL_TYPE_STRING",
	[MNL_TYPE_FLAG]		= "MNL_TYPE_FLAG",
	[MNL_TYPE_MSECS]	= "MNL_TYPE_MSECS",
	[MNL_TYPE_NESTED]	= "MNL_TYPE_NESTED",
	[MNL_TYPE_NESTED_COMPAT] = "MNL_TYPE_NESTED_COMPAT",
	[MNL_TYPE_NUL_STRING]	= "MNL_TYPE_NUL_STRING",
	[MNL_TYPE_BINARY]	= "MNL_TYPE_BINARY",
};

int
main(void)
{
	const struct genl_attrset *s;
	const struct genl_attr *a;
	unsigned int i;

	for (s = dcvif_attrsets; s->name != NULL; s++)
		for (i = 1; i <= s->max; i++) {
			a = &s->attrs[i];
			printf("%s %u %s %zu\n", s->name, i,
			    (unsigned int)a->type < MNL_TYPE_MAX &&
			    mnl_types[a->type] ? mnl_types[a->type] : "?",
			    a->len);
		}
	return 0;
}
