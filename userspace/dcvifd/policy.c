// SPDX-License-Identifier: GPL-2.0
/*
 * Policies: what a neighbor's import or export does to a route beyond its
 * prefix lists.  The rules of a policy are tried in order and the first
 * that matches decides: reject, or accept with its settings (communities
 * added and deleted, local preference on import, prepends on export).
 * A route that no rule matches passes unchanged, so a policy that only
 * tags does not have to end with a catch-all; one that should refuse the
 * rest ends with "match any reject".
 *
 * The rules are evaluated where the route is decided: on import, once per
 * prefix of an UPDATE before its attributes are interned (rde.c derives the
 * interned set the rule's settings make); on export, once per prefix and
 * peer when the adj-RIB-out is filled, and prefixes that matched the same
 * rule share an UPDATE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcvifd.h"

/* a community of a COMMUNITIES attribute's 4-octet values */
uint32_t
comm_get(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3];
}

int
comm_has(const uint8_t *d, size_t len, uint32_t c)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4)
		if (comm_get(d + i) == c)
			return 1;
	return 0;
}

int
comm_pat_match(const struct comm_pat *m, uint32_t c)
{
	return (c & m->mask) == m->val;
}

static const struct {
	const char	*name;
	uint32_t	 val;
} comm_names[] = {
	{ "no-export", COMM_NO_EXPORT },
	{ "no-advertise", COMM_NO_ADVERTISE },
	{ "no-export-subconfed", COMM_NO_EXPORT_SUBCONFED },
};

static int
comm_half(const char *s, const char *end, int wild, uint32_t *v, int *any)
{
	unsigned long n;
	char *e;

	*any = 0;
	if (wild && end - s == 1 && *s == '*') {
		*any = 1;
		*v = 0;
		return 0;
	}
	if (s == end || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoul(s, &e, 10);
	if (errno || e != end || n > 0xffff)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/*
 * "ASN:VALUE" (each 0..65535) or a well-known name; with wild, either
 * half may be "*".  0, or -1 when s is none of these.
 */
int
comm_parse(const char *s, struct comm_pat *m, int wild)
{
	const char *colon = strchr(s, ':');
	uint32_t hi, lo;
	int ahi, alo;
	size_t i;

	for (i = 0; i < sizeof(comm_names) / sizeof(comm_names[0]); i++)
		if (strcmp(s, comm_names[i].name) == 0) {
			m->val = comm_names[i].val;
			m->mask = 0xffffffffu;
			return 0;
		}
	if (colon == NULL ||
	    comm_half(s, colon, wild, &hi, &ahi) == -1 ||
	    comm_half(colon + 1, colon + strlen(colon), wild, &lo, &alo) == -1 ||
	    (ahi && alo))
		return -1;
	m->mask = (ahi ? 0 : 0xffff0000u) | (alo ? 0 : 0xffffu);
	m->val = (hi << 16 | lo) & m->mask;
	return 0;
}

void
comm_pat_str(const struct comm_pat *m, char *buf, size_t len)
{
	size_t i;

	if (m->mask == 0xffffffffu)
		for (i = 0; i < sizeof(comm_names) / sizeof(comm_names[0]); i++)
			if (m->val == comm_names[i].val) {
				snprintf(buf, len, "%s", comm_names[i].name);
				return;
			}
	if (m->mask & 0xffff0000u)
		snprintf(buf, len, "%u:", m->val >> 16);
	else
		snprintf(buf, len, "*:");
	if (m->mask & 0xffffu)
		snprintf(buf + strlen(buf), len - strlen(buf), "%u",
		    m->val & 0xffff);
	else
		snprintf(buf + strlen(buf), len - strlen(buf), "*");
}

static int
comm_any(const struct comm_pat *m, const uint8_t *comm, size_t len)
{
	size_t i;

	for (i = 0; i + 4 <= len; i += 4)
		if (comm_pat_match(m, comm_get(comm + i)))
			return 1;
	return 0;
}

static int
rule_matches(const struct dcvifd_config *c, const struct policy_rule *r,
    const struct bgp_prefix *pfx, const uint8_t *comm, size_t comm_len)
{
	size_t i;

	if (r->any)
		return 1;
	if (r->plist && !plist_match(c, r->plist, pfx))
		return 0;
	for (i = 0; i < r->nmatch; i++)
		if (!comm_any(&r->match[i], comm, comm_len))
			return 0;
	return 1;
}

/*
 * The rule of policy number idx (from 1) that decides for this prefix and
 * these communities: its index, or POLICY_NONE (no policy, no match).
 */
int
policy_eval(const struct dcvifd_config *c, uint16_t idx,
    const struct bgp_prefix *pfx, const uint8_t *comm, size_t comm_len)
{
	const struct policy *pol;
	size_t i;

	if (idx == 0 || idx > c->npolicies)
		return POLICY_NONE;
	pol = &c->policies[idx - 1];
	for (i = 0; i < pol->n; i++)
		if (rule_matches(c, &pol->r[i], pfx, comm, comm_len))
			return (int)i;
	return POLICY_NONE;
}

const struct policy_rule *
policy_rule(const struct dcvifd_config *c, uint16_t idx, int rule)
{
	if (idx == 0 || idx > c->npolicies || rule < 0 ||
	    (size_t)rule >= c->policies[idx - 1].n)
		return NULL;
	return &c->policies[idx - 1].r[rule];
}

/*
 * The communities a rule makes of comm: those it deletes left out, those
 * it adds appended (once).  Written to out (size octets at most, whole
 * communities); returns the length.
 */
size_t
policy_comms(const struct policy_rule *r, const uint8_t *comm, size_t len,
    uint8_t *out, size_t size)
{
	size_t i, j, n = 0;

	for (i = 0; i + 4 <= len && n + 4 <= size; i += 4) {
		uint32_t v = comm_get(comm + i);

		for (j = 0; j < r->ndel; j++)
			if (comm_pat_match(&r->del[j], v))
				break;
		if (j < r->ndel)
			continue;
		memcpy(out + n, comm + i, 4);
		n += 4;
	}
	for (j = 0; j < r->nadd && n + 4 <= size; j++) {
		if (comm_has(out, n, r->add[j]))
			continue;
		out[n] = (uint8_t)(r->add[j] >> 24);
		out[n + 1] = (uint8_t)(r->add[j] >> 16);
		out[n + 2] = (uint8_t)(r->add[j] >> 8);
		out[n + 3] = (uint8_t)r->add[j];
		n += 4;
	}
	return n;
}

static int
rule_equal(const struct dcvifd_config *a, const struct policy_rule *x,
    const struct dcvifd_config *b, const struct policy_rule *y)
{
	return x->any == y->any && x->reject == y->reject &&
	    x->nmatch == y->nmatch && x->nadd == y->nadd &&
	    x->ndel == y->ndel && x->prepend == y->prepend &&
	    x->set_lpref == y->set_lpref && x->lpref == y->lpref &&
	    memcmp(x->match, y->match, x->nmatch * sizeof(x->match[0])) == 0 &&
	    memcmp(x->add, y->add, x->nadd * sizeof(x->add[0])) == 0 &&
	    memcmp(x->del, y->del, x->ndel * sizeof(x->del[0])) == 0 &&
	    plist_equal(a, x->plist, b, y->plist);
}

/* the same policy (by content, prefix lists included) in two configs? */
int
policy_equal(const struct dcvifd_config *a, uint16_t ia,
    const struct dcvifd_config *b, uint16_t ib)
{
	const struct policy *x, *y;
	size_t i;

	if (ia == 0 || ib == 0)
		return ia == ib;
	x = &a->policies[ia - 1];
	y = &b->policies[ib - 1];
	if (strcmp(x->name, y->name) != 0 || x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++)
		if (!rule_equal(a, &x->r[i], b, &y->r[i]))
			return 0;
	return 1;
}
