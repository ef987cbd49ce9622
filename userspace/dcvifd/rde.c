// SPDX-License-Identifier: GPL-2.0
/*
 * Route decision engine: adj-RIB-in (the paths hanging off each prefix),
 * the loc-RIB (the best path and its equals for ECMP, which go to the FIB)
 * and adj-RIB-out (a bit per peer: announced to it or not, plus a queue of
 * prefixes to (re)send).  Path attributes are interned and shared.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcvifd.h"

#define PEER_LOCAL	0xff		/* originated from the config */
#define OUTQ_HIWAT	(1024 * 1024)	/* stop queueing above this */
#define LPREF_DEFAULT	100		/* RFC 4271's usual; a policy sets it */

struct rde_aspath {
	struct rde_aspath	*next;
	uint32_t		 hash;
	uint32_t		 refcnt;
	uint32_t		 med;
	uint32_t		 lpref;		/* ours, by import policy */
	uint16_t		 aspath_len;
	uint16_t		 comm_len;
	uint16_t		 lcomm_len;
	uint16_t		 others_len;
	uint8_t			 origin;
	uint8_t			 has_med;
	uint8_t			 no_export;	/* NO_EXPORT & co.: send to no one */
	uint8_t			 data[];	/* aspath comm lcomm others */
};

struct rde_nh {
	struct rde_nh		*next;
	uint32_t		 refcnt;
	struct kr_nh		 k;
};

struct rde_path {
	struct rde_path		*next;
	struct rde_aspath	*asp;
	struct rde_nh		*nh;
	uint8_t			 peer;
};

struct rib_entry {
	struct rib_entry	*next;
	struct rde_path		*paths;		/* best first */
	uint64_t		 adv;		/* adj-RIB-out: announced to */
	uint64_t		 pend;		/* queued for these peers */
	uint64_t		 held;		/* wanted, held back: maxpfx_out */
	uint32_t		 fibid;		/* kernel nexthop (group) id */
	uint8_t			 aid;
	uint8_t			 len;
	uint8_t			 addr[];	/* 4 or 16 octets */
};

struct hashtab {
	void		**b;
	size_t		  size;
	size_t		  count;
};

static struct hashtab	 ribs, asps;
static struct pool	 pool_re[2];	/* rib entries: IPv4, IPv6 */
static struct pool	 pool_path;
static struct rde_nh	*nexthops;
static struct rde_stats	 stats;
static struct rde_aspath *local_asp;

const struct rde_stats *
rde_get_stats(void)
{
	return &stats;
}

static uint32_t
hash_bytes(uint32_t h, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len--) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

static size_t
addr_len(uint8_t aid)
{
	return aid == AID_INET6 ? 16 : 4;
}

static uint32_t
rib_hash(uint8_t aid, uint8_t len, const uint8_t *addr)
{
	uint32_t h = 2166136261u;

	h = hash_bytes(h, &aid, 1);
	h = hash_bytes(h, &len, 1);
	return hash_bytes(h, addr, addr_len(aid));
}

static int
hash_grow(struct hashtab *t, size_t (*hf)(const void *, size_t))
{
	size_t ns = t->size ? t->size * 2 : 1024, i;
	void **nb;

	if ((nb = calloc(ns, sizeof(*nb))) == NULL)
		return -1;
	for (i = 0; i < t->size; i++) {
		void *e = t->b[i];

		while (e) {
			void *next = *(void **)e;	/* next is first member */
			size_t h = hf(e, ns);

			*(void **)e = nb[h];
			nb[h] = e;
			e = next;
		}
	}
	free(t->b);
	t->b = nb;
	t->size = ns;
	return 0;
}

static size_t
rib_slot(const void *v, size_t size)
{
	const struct rib_entry *re = v;

	return rib_hash(re->aid, re->len, re->addr) & (size - 1);
}

static size_t
asp_slot(const void *v, size_t size)
{
	return ((const struct rde_aspath *)v)->hash & (size - 1);
}

static struct rib_entry *
rib_get(const struct bgp_prefix *p)
{
	struct rib_entry *re;

	if (ribs.size == 0)
		return NULL;
	re = ribs.b[rib_hash(p->aid, p->len, p->addr) & (ribs.size - 1)];
	for (; re; re = re->next)
		if (re->aid == p->aid && re->len == p->len &&
		    memcmp(re->addr, p->addr, addr_len(p->aid)) == 0)
			return re;
	return NULL;
}

static struct rib_entry *
rib_add(const struct bgp_prefix *p)
{
	struct rib_entry *re;
	size_t h;

	if (ribs.count >= ribs.size && hash_grow(&ribs, rib_slot) == -1)
		return NULL;
	if ((re = pool_get(&pool_re[p->aid == AID_INET6])) == NULL)
		return NULL;
	re->aid = p->aid;
	re->len = p->len;
	memcpy(re->addr, p->addr, addr_len(p->aid));
	h = rib_slot(re, ribs.size);
	re->next = ribs.b[h];
	ribs.b[h] = re;
	ribs.count++;
	stats.prefixes[p->aid]++;
	return re;
}

static void
rib_prefix(const struct rib_entry *re, struct bgp_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->aid = re->aid;
	p->len = re->len;
	memcpy(p->addr, re->addr, addr_len(re->aid));
}

/* free an entry nobody needs any more */
static void
rib_gc(struct rib_entry *re)
{
	struct rib_entry **pp;

	if (re->paths || re->adv || re->pend || re->held || re->fibid)
		return;
	pp = (struct rib_entry **)&ribs.b[rib_slot(re, ribs.size)];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == re) {
			*pp = re->next;
			ribs.count--;
			stats.prefixes[re->aid]--;
			pool_put(&pool_re[re->aid == AID_INET6], re);
			return;
		}
}

/* interned attributes */
static struct rde_aspath *
asp_get(const struct bgp_attrs *a, int local, uint32_t lpref)
{
	struct rde_aspath key = { 0 }, *asp;
	size_t dlen, h;
	uint32_t hv = 2166136261u;

	key.origin = a->origin;
	key.has_med = (a->present & F_MED) ? 1 : 0;
	key.med = key.has_med ? a->med : 0;
	key.lpref = lpref;
	key.aspath_len = a->aspath_len;
	key.comm_len = a->comm_len;
	key.lcomm_len = a->lcomm_len;
	key.others_len = a->others_len;
	dlen = (size_t)a->aspath_len + a->comm_len + a->lcomm_len +
	    a->others_len;
	hv = hash_bytes(hv, &key.origin, 2);
	hv = hash_bytes(hv, &key.med, 4);
	hv = hash_bytes(hv, &key.lpref, 4);
	hv = hash_bytes(hv, &key.aspath_len, 8);
	if (a->aspath_len)
		hv = hash_bytes(hv, a->aspath, a->aspath_len);
	if (a->comm_len)
		hv = hash_bytes(hv, a->comm, a->comm_len);
	if (a->lcomm_len)
		hv = hash_bytes(hv, a->lcomm, a->lcomm_len);
	if (a->others_len)
		hv = hash_bytes(hv, a->others, a->others_len);
	hv = hash_bytes(hv, &local, sizeof(local));

	if (asps.size) {
		for (asp = asps.b[hv & (asps.size - 1)]; asp; asp = asp->next) {
			uint8_t *d = asp->data;

			if (asp->hash != hv || asp->origin != key.origin ||
			    asp->has_med != key.has_med ||
			    asp->med != key.med || asp->lpref != key.lpref ||
			    asp->aspath_len != key.aspath_len ||
			    asp->comm_len != key.comm_len ||
			    asp->lcomm_len != key.lcomm_len ||
			    asp->others_len != key.others_len)
				continue;
			if ((a->aspath_len &&
			    memcmp(d, a->aspath, a->aspath_len)) ||
			    (a->comm_len && memcmp(d + a->aspath_len, a->comm,
			    a->comm_len)) ||
			    (a->lcomm_len && memcmp(d + a->aspath_len +
			    a->comm_len, a->lcomm, a->lcomm_len)) ||
			    (a->others_len && memcmp(d + a->aspath_len +
			    a->comm_len + a->lcomm_len, a->others,
			    a->others_len)))
				continue;
			asp->refcnt++;
			return asp;
		}
	}
	if (asps.count >= asps.size && hash_grow(&asps, asp_slot) == -1)
		return NULL;
	if ((asp = malloc(sizeof(*asp) + dlen)) == NULL)
		return NULL;
	*asp = key;
	asp->hash = hv;
	asp->refcnt = 1;
	if (a->aspath_len)
		memcpy(asp->data, a->aspath, a->aspath_len);
	if (a->comm_len)
		memcpy(asp->data + a->aspath_len, a->comm, a->comm_len);
	/* RFC 1997, decided once per attribute set: every peer is external */
	asp->no_export = comm_has(a->comm, a->comm_len, COMM_NO_EXPORT) ||
	    comm_has(a->comm, a->comm_len, COMM_NO_ADVERTISE) ||
	    comm_has(a->comm, a->comm_len, COMM_NO_EXPORT_SUBCONFED);
	if (a->lcomm_len)
		memcpy(asp->data + a->aspath_len + a->comm_len, a->lcomm,
		    a->lcomm_len);
	if (a->others_len)
		memcpy(asp->data + a->aspath_len + a->comm_len + a->lcomm_len,
		    a->others, a->others_len);
	h = asp_slot(asp, asps.size);
	asp->next = asps.b[h];
	asps.b[h] = asp;
	asps.count++;
	stats.aspaths++;
	return asp;
}

static void
asp_put(struct rde_aspath *asp)
{
	struct rde_aspath **pp;

	if (asp == NULL || --asp->refcnt > 0)
		return;
	for (pp = (struct rde_aspath **)&asps.b[asp_slot(asp, asps.size)];
	    *pp; pp = &(*pp)->next)
		if (*pp == asp) {
			*pp = asp->next;
			break;
		}
	asps.count--;
	stats.aspaths--;
	free(asp);
}

static struct rde_nh *
nh_get(uint8_t aid, const void *addr, int ifindex)
{
	struct rde_nh *nh;

	for (nh = nexthops; nh; nh = nh->next)
		if (nh->k.aid == aid && nh->k.ifindex == ifindex &&
		    memcmp(nh->k.addr, addr, addr_len(aid)) == 0) {
			nh->refcnt++;
			return nh;
		}
	if ((nh = calloc(1, sizeof(*nh))) == NULL)
		return NULL;
	nh->k.aid = aid;
	nh->k.ifindex = ifindex;
	memcpy(nh->k.addr, addr, addr_len(aid));
	nh->refcnt = 1;
	nh->next = nexthops;
	nexthops = nh;
	stats.nexthops++;
	return nh;
}

static void
nh_put(struct rde_nh *nh)
{
	struct rde_nh **pp;

	if (nh == NULL || --nh->refcnt > 0)
		return;
	for (pp = &nexthops; *pp; pp = &(*pp)->next)
		if (*pp == nh) {
			*pp = nh->next;
			break;
		}
	stats.nexthops--;
	free(nh);
}

/* decision process */
static uint32_t
peer_bgpid(uint8_t idx)
{
	if (idx == PEER_LOCAL || peers[idx] == NULL)
		return 0;
	return ntohl(peers[idx]->remote_id);
}

static uint32_t
asp_neighbor_as(const struct rde_aspath *asp)
{
	return bgp_aspath_first(asp->data, asp->aspath_len);
}

/*
 * < 0: a better than b.  Stops before the tie breakers when multipath
 * is set, so 0 means "equal enough for ECMP".
 */
static int
path_cmp(const struct rde_path *a, const struct rde_path *b, int multipath)
{
	int la, lb;
	uint32_t ia, ib;

	/* originated routes first */
	if ((a->peer == PEER_LOCAL) != (b->peer == PEER_LOCAL))
		return a->peer == PEER_LOCAL ? -1 : 1;
	/* LOCAL_PREF: ours, 100 unless an import policy set it */
	if (a->asp->lpref != b->asp->lpref)
		return a->asp->lpref > b->asp->lpref ? -1 : 1;
	la = bgp_aspath_count(a->asp->data, a->asp->aspath_len);
	lb = bgp_aspath_count(b->asp->data, b->asp->aspath_len);
	if (la != lb)
		return la < lb ? -1 : 1;
	if (a->asp->origin != b->asp->origin)
		return a->asp->origin < b->asp->origin ? -1 : 1;
	/* MED only between paths from the same neighbouring AS */
	if (asp_neighbor_as(a->asp) == asp_neighbor_as(b->asp)) {
		uint32_t ma = a->asp->has_med ? a->asp->med : 0;
		uint32_t mb = b->asp->has_med ? b->asp->med : 0;

		if (ma != mb)
			return ma < mb ? -1 : 1;
	} else if (multipath) {
		return 1;	/* ECMP only across the same neighbour AS */
	}
	/* all eBGP, IGP cost to a connected next hop is the same */
	if (multipath)
		return 0;
	ia = peer_bgpid(a->peer);
	ib = peer_bgpid(b->peer);
	if (ia != ib)
		return ia < ib ? -1 : 1;
	if (a->peer != PEER_LOCAL && b->peer != PEER_LOCAL &&
	    peers[a->peer] && peers[b->peer])
		return memcmp(peers[a->peer]->conf.remote.addr,
		    peers[b->peer]->conf.remote.addr, 16);
	return 0;
}

/* kernel route for the entry: best path plus its ECMP equals */
static void
rib_fib(struct rib_entry *re)
{
	struct kr_nh nhs[32];
	struct rde_path *p;
	struct bgp_prefix pfx;
	size_t n = 0;
	uint32_t id = 0, old = re->fibid;

	p = re->paths;
	if (p && p->peer != PEER_LOCAL && p->nh) {
		nhs[n++] = p->nh->k;
		for (p = p->next; p && n < conf->ecmp && n < 32; p = p->next) {
			if (p->nh == NULL || path_cmp(re->paths, p, 1) != 0)
				break;
			nhs[n++] = p->nh->k;
		}
		id = kr_nexthop_get(nhs, n);
	}
	if (id == old) {
		kr_nexthop_put(id);	/* the entry holds one already */
		return;
	}
	rib_prefix(re, &pfx);
	kr_route(&pfx, id, old);
	kr_nexthop_put(old);
	re->fibid = id;
}

static void
peer_enqueue(struct peer *p, struct rib_entry *re)
{
	uint64_t bit = 1ULL << p->idx;

	if (re->pend & bit)
		return;
	if (p->noutq == p->soutq) {
		size_t ns = p->soutq ? p->soutq * 2 : 1024;
		struct rib_entry **nq = reallocarray(p->outq, ns,
		    sizeof(*nq));

		if (nq == NULL) {
			log_warn("%s", __func__);
			return;
		}
		p->outq = nq;
		p->soutq = ns;
	}
	p->outq[p->noutq++] = re;
	re->pend |= bit;
}

static int
asp_has_comm(const struct rde_aspath *asp, uint32_t c)
{
	return comm_has(asp->data + asp->aspath_len, asp->comm_len, c);
}

/*
 * adj-RIB-out policy: does p get this path?  With rule, also which rule
 * of its export policy decided (POLICY_NONE: none did).
 */
static int
peer_wants(const struct peer *p, const struct rib_entry *re, int *rule)
{
	const struct rde_path *best = re->paths;
	const struct policy_rule *r;
	struct bgp_prefix pfx;
	int n;

	if (rule)
		*rule = POLICY_NONE;
	if (best == NULL || best->peer == p->idx)
		return 0;
	if (p->conf.plist_out || p->conf.pol_out)
		rib_prefix(re, &pfx);
	if (p->conf.plist_out && !plist_match(conf, p->conf.plist_out, &pfx))
		return 0;
	switch (p->conf.announce) {
	case ANNOUNCE_NONE:
		return 0;
	case ANNOUNCE_SELF:
		if (best->peer != PEER_LOCAL)
			return 0;
		break;
	}
	if (best->peer != PEER_LOCAL) {
		const struct peer *from = peers[best->peer];

		/* AWS provides no transit between VIFs; nor do we */
		if (from && from->conf.from_vif && p->conf.from_vif &&
		    !p->conf.announce_aws)
			return 0;
		if (best->asp->no_export)
			return 0;
	}
	/* it would drop a path with its own AS anyway (RFC 4271 9.1.2) */
	if (bgp_aspath_loop(best->asp->data, best->asp->aspath_len,
	    p->conf.remote_as))
		return 0;
	if (p->conf.pol_out == 0)
		return 1;
	n = policy_eval(conf, p->conf.pol_out, &pfx,
	    best->asp->data + best->asp->aspath_len, best->asp->comm_len);
	r = policy_rule(conf, p->conf.pol_out, n);
	if (r && r->reject)
		return 0;
	if (rule)
		*rule = n;
	return 1;
}

/* the best path changed: tell every established peer that cares */
static void
rib_best_changed(struct rib_entry *re)
{
	uint64_t bit;
	int i;

	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || p->state != STATE_ESTABLISHED ||
		    !(p->aids & AID_BIT(re->aid)))
			continue;
		bit = 1ULL << p->idx;
		if (!((re->adv | re->held) & bit) && !peer_wants(p, re, NULL))
			continue;
		peer_enqueue(p, re);
	}
}

static void
rib_changed(struct rib_entry *re, struct rde_path *oldbest,
    struct rde_aspath *oldasp)
{
	if (re->paths != oldbest || (re->paths && re->paths->asp != oldasp))
		rib_best_changed(re);
	rib_fib(re);
	rib_gc(re);
}

static void
path_unlink_sorted(struct rib_entry *re, struct rde_path *np)
{
	struct rde_path **pp;

	for (pp = &re->paths; *pp && path_cmp(*pp, np, 0) <= 0;
	    pp = &(*pp)->next)
		;
	np->next = *pp;
	*pp = np;
}

static void
rib_path_update(const struct bgp_prefix *pfx, uint8_t peer,
    struct rde_aspath *asp, struct rde_nh *nh)
{
	struct rib_entry *re;
	struct rde_path **pp, *p, *oldbest;
	struct rde_aspath *oldasp;

	if ((re = rib_get(pfx)) == NULL && (re = rib_add(pfx)) == NULL) {
		log_warn("%s", __func__);
		return;
	}
	oldbest = re->paths;
	oldasp = oldbest ? oldbest->asp : NULL;
	for (pp = &re->paths; (p = *pp) != NULL; pp = &p->next)
		if (p->peer == peer)
			break;
	if (p) {
		if (p->asp == asp && p->nh == nh) {
			/* nothing new: drop the extra references */
			asp_put(asp);
			nh_put(nh);
			return;
		}
		*pp = p->next;
		asp_put(p->asp);
		nh_put(p->nh);
	} else {
		if ((p = pool_get(&pool_path)) == NULL) {
			log_warn("%s", __func__);
			asp_put(asp);
			nh_put(nh);
			return;
		}
		stats.paths++;
		if (peer != PEER_LOCAL && peers[peer]) {
			peers[peer]->stats.prefixes_rcvd++;
			peers[peer]->stats.rcvd_aid[re->aid]++;
		}
	}
	p->peer = peer;
	p->asp = asp;
	p->nh = nh;
	path_unlink_sorted(re, p);
	rib_changed(re, oldbest, oldasp);
}

static void
rib_path_remove(const struct bgp_prefix *pfx, uint8_t peer)
{
	struct rib_entry *re;
	struct rde_path **pp, *p, *oldbest;
	struct rde_aspath *oldasp;

	if ((re = rib_get(pfx)) == NULL)
		return;
	oldbest = re->paths;
	oldasp = oldbest ? oldbest->asp : NULL;
	for (pp = &re->paths; (p = *pp) != NULL; pp = &p->next)
		if (p->peer == peer)
			break;
	if (p == NULL)
		return;
	*pp = p->next;
	asp_put(p->asp);
	nh_put(p->nh);
	pool_put(&pool_path, p);
	stats.paths--;
	if (peer != PEER_LOCAL && peers[peer]) {
		peers[peer]->stats.prefixes_rcvd--;
		peers[peer]->stats.rcvd_aid[re->aid]--;
	}
	rib_changed(re, oldbest, oldasp);
}

static void
rde_eor(struct peer *p, uint8_t aid)
{
	if (!(p->eor_rcvd & AID_BIT(aid)))
		log_peer(p, "End-of-RIB %s received", aid_name(aid));
	p->eor_rcvd |= AID_BIT(aid);
}

/* the attributes an import policy rule makes of the received ones */
static struct rde_aspath *
asp_derive(const struct bgp_attrs *a, const struct policy_rule *r)
{
	struct bgp_attrs d = *a;
	struct rde_aspath *asp;
	uint8_t *cbuf = NULL;

	if (r->nadd || r->ndel) {
		/* COMMUNITIES' length is 16 bits: adds past it are dropped */
		size_t size = (size_t)a->comm_len + 4 * r->nadd;

		if (size > 0xfffc)
			size = 0xfffc;
		if ((cbuf = malloc(size ? size : 1)) == NULL)
			return NULL;
		d.comm_len = (uint16_t)policy_comms(r, a->comm, a->comm_len,
		    cbuf, size);
		d.comm = cbuf;
	}
	asp = asp_get(&d, 0, r->set_lpref ? r->lpref : LPREF_DEFAULT);
	free(cbuf);
	return asp;
}

static void
rde_reach(struct peer *p, struct bgp_nlri *n, struct bgp_update *u,
    struct rde_aspath *asp, const void *nhaddr)
{
	struct rde_aspath *pasp = NULL;	/* what rule prule makes of asp */
	struct bgp_prefix pfx;
	int prule = POLICY_NONE;

	while (bgp_nlri_next(n, &pfx) == 1) {
		struct rde_aspath *use = asp;
		struct rde_nh *nh;

		if (!(p->aids & AID_BIT(pfx.aid)))
			continue;
		if (!plist_match(conf, p->conf.plist_in, &pfx)) {
			/* import prefix-list: as if withdrawn */
			p->stats.filtered_in++;
			rib_path_remove(&pfx, (uint8_t)p->idx);
			continue;
		}
		if (p->conf.pol_in) {
			int rule = policy_eval(conf, p->conf.pol_in, &pfx,
			    u->attrs.comm, u->attrs.comm_len);
			const struct policy_rule *r = policy_rule(conf,
			    p->conf.pol_in, rule);

			if (r && r->reject) {
				p->stats.filtered_in++;
				rib_path_remove(&pfx, (uint8_t)p->idx);
				continue;
			}
			if (r && (r->set_lpref || r->nadd || r->ndel)) {
				if (pasp == NULL || prule != rule) {
					asp_put(pasp);
					pasp = asp_derive(&u->attrs, r);
					prule = rule;
				}
				if (pasp == NULL) {
					log_warn("%s", __func__);
					continue;
				}
				use = pasp;
			}
		}
		use->refcnt++;
		nh = nh_get(pfx.aid, nhaddr, p->ifindex);
		if (nh == NULL) {
			asp_put(use);
			continue;
		}
		rib_path_update(&pfx, (uint8_t)p->idx, use, nh);
	}
	asp_put(pasp);
}

static void
rde_unreach(struct peer *p, struct bgp_nlri *n)
{
	struct bgp_prefix pfx;

	while (bgp_nlri_next(n, &pfx) == 1)
		rib_path_remove(&pfx, (uint8_t)p->idx);
}

int
rde_update(struct peer *p, struct bgp_update *u)
{
	struct rde_aspath *asp;
	int withdraw = u->treat_as_withdraw;

	/* End-of-RIB: an empty UPDATE, or an empty MP_UNREACH alone */
	if (u->withdrawn.len == 0 && u->nlri.len == 0 &&
	    u->attrs.present == 0 && u->mp_reach.len == 0 &&
	    !u->treat_as_withdraw) {
		rde_eor(p, AID_INET);
		return 0;
	}
	if (u->attrs.present == F_MP_UNREACH && u->mp_unreach.len == 0 &&
	    u->nlri.len == 0 && u->withdrawn.len == 0) {
		rde_eor(p, u->mp_unreach.aid);
		return 0;
	}
	rde_unreach(p, &u->withdrawn);
	rde_unreach(p, &u->mp_unreach);

	/* our own AS in the path: a loop, not a route (RFC 4271 9.1.2) */
	if (!withdraw && (u->attrs.present & F_ASPATH) &&
	    bgp_aspath_loop(u->attrs.aspath, u->attrs.aspath_len, conf->as))
		withdraw = 1;
	if (withdraw) {
		rde_unreach(p, &u->nlri);
		if (u->attrs.present & F_MP_REACH)
			rde_unreach(p, &u->mp_reach);
		return 0;
	}
	if (u->nlri.len == 0 && !(u->attrs.present & F_MP_REACH))
		return 0;
	if ((asp = asp_get(&u->attrs, 0, LPREF_DEFAULT)) == NULL) {
		log_warn("%s", __func__);
		return -1;
	}
	if (u->nlri.len)
		rde_reach(p, &u->nlri, u, asp, &u->attrs.nexthop);
	if (u->attrs.present & F_MP_REACH)
		rde_reach(p, &u->mp_reach, u, asp,
		    u->mp_reach.aid == AID_INET6 ?
		    (const void *)&u->attrs.nexthop6 :
		    (const void *)&u->attrs.nexthop);
	asp_put(asp);
	return 0;
}

/* every entry, in hash order; fn may free the entry */
static void
rib_walk(void (*fn)(struct rib_entry *, void *), void *arg)
{
	size_t i;

	for (i = 0; i < ribs.size; i++) {
		struct rib_entry *re = ribs.b[i], *next;

		for (; re; re = next) {
			next = re->next;
			fn(re, arg);
		}
	}
}

/* kroute.c's resync: the FIB id of every entry that has one */
struct fib_walk {
	void	(*fn)(const struct bgp_prefix *, uint32_t, void *);
	void	 *arg;
};

static void
fib_walk_cb(struct rib_entry *re, void *arg)
{
	struct fib_walk *w = arg;
	struct bgp_prefix pfx;

	if (re->fibid == 0)
		return;
	rib_prefix(re, &pfx);
	w->fn(&pfx, re->fibid, w->arg);
}

void
rde_fib_walk(void (*fn)(const struct bgp_prefix *, uint32_t, void *),
    void *arg)
{
	struct fib_walk w = { .fn = fn, .arg = arg };

	rib_walk(fib_walk_cb, &w);
}

/* the kernel nexthop (group) id the prefix should be routed by, 0: none */
uint32_t
rde_fib_lookup(const struct bgp_prefix *pfx)
{
	const struct rib_entry *re = rib_get(pfx);

	return re ? re->fibid : 0;
}

static void
dump_cb(struct rib_entry *re, void *arg)
{
	struct peer *p = arg;

	if ((p->dump_pending & AID_BIT(re->aid)) && peer_wants(p, re, NULL))
		peer_enqueue(p, re);
}

void
rde_peer_up(struct peer *p)
{
	p->stats.prefixes_rcvd = 0;
	p->stats.prefixes_sent = 0;
	memset(p->stats.rcvd_aid, 0, sizeof(p->stats.rcvd_aid));
	memset(p->stats.sent_aid, 0, sizeof(p->stats.sent_aid));
	memset(p->stats.held_aid, 0, sizeof(p->stats.held_aid));
	p->stats.held_logged = 0;
	p->stats.maxpfx_warned = 0;
	p->dump_pending = p->aids;
	rib_walk(dump_cb, p);
	/* End-of-RIB follows the dump; flush sends it when the queue drains */
}

struct down_arg {
	struct peer	*p;
	struct bgp_prefix *pfx;
	size_t		 n, size;
};

static void
down_cb(struct rib_entry *re, void *arg)
{
	struct down_arg *d = arg;
	uint64_t bit = 1ULL << d->p->idx;
	struct rde_path *path;

	re->adv &= ~bit;
	re->pend &= ~bit;
	re->held &= ~bit;
	for (path = re->paths; path; path = path->next)
		if (path->peer == d->p->idx)
			break;
	if (path) {
		if (d->n == d->size) {
			size_t ns = d->size ? d->size * 2 : 1024;
			struct bgp_prefix *np = reallocarray(d->pfx, ns,
			    sizeof(*np));

			if (np == NULL)
				return;
			d->pfx = np;
			d->size = ns;
		}
		rib_prefix(re, &d->pfx[d->n++]);
	} else {
		rib_gc(re);
	}
}

void
rde_peer_down(struct peer *p)
{
	struct down_arg d = { .p = p };
	size_t i;

	rib_walk(down_cb, &d);
	for (i = 0; i < d.n; i++)
		rib_path_remove(&d.pfx[i], (uint8_t)p->idx);
	free(d.pfx);
	free(p->outq);
	p->outq = NULL;
	p->noutq = p->soutq = 0;
	p->dump_pending = 0;
	p->stats.prefixes_sent = 0;
	memset(p->stats.sent_aid, 0, sizeof(p->stats.sent_aid));
	memset(p->stats.held_aid, 0, sizeof(p->stats.held_aid));
}

struct limit_arg {
	struct peer	*p;
	uint8_t		 aids;		/* AID_BIT()s to look at */
	uint8_t		 held_only;	/* only what is held back */
};

static void
limit_cb(struct rib_entry *re, void *arg)
{
	struct limit_arg *l = arg;
	uint64_t bit = 1ULL << l->p->idx;

	if (!(l->aids & AID_BIT(re->aid)))
		return;
	if ((re->held & bit) || (!l->held_only && ((re->adv & bit) ||
	    peer_wants(l->p, re, NULL))))
		peer_enqueue(l->p, re);
}

/*
 * What the peer is sent changed (reload: max-prefix-out, the AWS
 * communities, announce-aws-routes): every prefix it has or wants is looked
 * at again by peer_flush, which sends, withdraws, or holds back past the
 * limit. No session reset.
 */
void
rde_limit_changed(struct peer *p)
{
	struct limit_arg l = { .p = p, .aids = p->aids };

	if (p->state != STATE_ESTABLISHED)
		return;
	rib_walk(limit_cb, &l);
}

/* ROUTE-REFRESH from the peer, or "clear neighbor soft": send it all again */
void
rde_refresh(struct peer *p, uint8_t aid)
{
	uint8_t keep = p->dump_pending;

	p->dump_pending = AID_BIT(aid);
	rib_walk(dump_cb, p);
	p->dump_pending = keep | AID_BIT(aid);
}

void
rde_network_add(const struct bgp_prefix *pfx)
{
	struct bgp_attrs a = { .origin = ORIGIN_IGP };

	if (local_asp == NULL)
		local_asp = asp_get(&a, 1, LPREF_DEFAULT);
	if (local_asp == NULL)
		return;
	local_asp->refcnt++;
	rib_path_update(pfx, PEER_LOCAL, local_asp, NULL);
}

void
rde_network_del(const struct bgp_prefix *pfx)
{
	rib_path_remove(pfx, PEER_LOCAL);
}

/* adj-RIB-out: turn the queues into UPDATEs */
struct outq_sort {
	uint8_t			 aid;
	uint8_t			 announce;
	int			 rule;		/* of the export policy */
	struct rde_aspath	*asp;
	struct rib_entry	*re;
};

static int
outq_cmp(const void *a, const void *b)
{
	const struct outq_sort *x = a, *y = b;

	if (x->aid != y->aid)
		return x->aid < y->aid ? -1 : 1;
	if (x->announce != y->announce)
		return x->announce < y->announce ? -1 : 1;
	if (x->asp != y->asp)
		return x->asp < y->asp ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

/* what we send as next hop: our end of the session, or an interface addr */
static int
peer_nexthop(struct peer *p, uint8_t aid, struct bgp_out_attrs *oa)
{
	struct ifaddrs *ifa, *i;
	int found = 0;

	if (p->local_addr.aid == aid) {
		if (aid == AID_INET)
			memcpy(&oa->nexthop, p->local_addr.addr, 4);
		else
			memcpy(&oa->nexthop6, p->local_addr.addr, 16);
		return 0;
	}
	if (getifaddrs(&ifa) == -1)
		return -1;
	for (i = ifa; i && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL ||
		    if_nametoindex(i->ifa_name) != (unsigned int)p->ifindex)
			continue;
		if (aid == AID_INET && i->ifa_addr->sa_family == AF_INET) {
			oa->nexthop = ((struct sockaddr_in *)(void *)
			    i->ifa_addr)->sin_addr;
			found = 1;
		} else if (aid == AID_INET6 &&
		    i->ifa_addr->sa_family == AF_INET6) {
			struct in6_addr *a = &((struct sockaddr_in6 *)(void *)
			    i->ifa_addr)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(a))
				continue;
			oa->nexthop6 = *a;
			found = 1;
		}
	}
	freeifaddrs(ifa);
	return found ? 0 : -1;
}

/* append community c to buf (n octets so far, size max) unless there */
static size_t
comm_add(uint8_t *buf, size_t n, size_t size, uint32_t c)
{
	if (comm_has(buf, n, c) || n + 4 > size)
		return n;
	buf[n] = (uint8_t)(c >> 24);
	buf[n + 1] = (uint8_t)(c >> 16);
	buf[n + 2] = (uint8_t)(c >> 8);
	buf[n + 3] = (uint8_t)c;
	return n + 4;
}

#define COMM_OUT_MAX	1024	/* octets: 256 communities */

/* the attributes p is sent for asp, its export policy rule r applied */
static void
out_attrs(struct peer *p, const struct rde_aspath *asp,
    const struct policy_rule *r, struct bgp_out_attrs *oa, uint8_t *cbuf)
{
	oa->origin = asp->origin;
	oa->aspath = asp->data;
	oa->aspath_len = asp->aspath_len;
	oa->prepend_as = conf->as;
	oa->prepend_count = (uint8_t)(1 + p->conf.prepend +
	    (r ? r->prepend : 0));
	oa->as4 = p->as4;
	/* MED is not passed on to other ASes (RFC 4271 5.1.4) */
	oa->has_med = 0;
	oa->comm = asp->data + asp->aspath_len;
	oa->comm_len = asp->comm_len;
	if (r && (r->nadd || r->ndel)) {
		/* room left for the two AWS communities below */
		oa->comm_len = (uint16_t)policy_comms(r, oa->comm,
		    asp->comm_len, cbuf, COMM_OUT_MAX - 8);
		oa->comm = cbuf;
	}
	if (p->conf.aws_lp || p->conf.aws_scope) {
		/* the path's own, then the ones AWS reads */
		size_t n = oa->comm_len > COMM_OUT_MAX - 8 ?
		    (COMM_OUT_MAX - 8) & ~(size_t)3 : oa->comm_len;

		if (oa->comm != cbuf)
			memcpy(cbuf, oa->comm, n);
		if (p->conf.aws_lp)
			n = comm_add(cbuf, n, COMM_OUT_MAX, (uint32_t)AWS_AS <<
			    16 | (uint32_t)(7000 + 100 * p->conf.aws_lp));
		if (p->conf.aws_scope)
			n = comm_add(cbuf, n, COMM_OUT_MAX, (uint32_t)AWS_AS <<
			    16 | (uint32_t)(9000 + 100 * p->conf.aws_scope));
		oa->comm = cbuf;
		oa->comm_len = (uint16_t)n;
	}
	oa->lcomm = asp->data + asp->aspath_len + asp->comm_len;
	oa->lcomm_len = asp->lcomm_len;
	oa->others = asp->data + asp->aspath_len + asp->comm_len +
	    asp->lcomm_len;
	oa->others_len = asp->others_len;
}

static int
send_msg(struct peer *p, struct bgp_wbuf *w)
{
	int n;

	if (w->count == 0)
		return 0;
	n = bgp_update_finish(w);
	if (n == -1)
		return -1;
	return session_send_raw(p, w->buf, (size_t)n);
}

/* held back for the first time this session: say so, once per family */
static void
maxpfx_out_report(struct peer *p, uint8_t held_new)
{
	uint8_t aid;

	for (aid = AID_INET; aid < AID_MAX; aid++) {
		if (!(held_new & AID_BIT(aid)) ||
		    (p->stats.held_logged & AID_BIT(aid)))
			continue;
		p->stats.held_logged |= AID_BIT(aid);
		if (p->conf.from_vif && !p->conf.maxpfx_out_set)
			log_peer(p, "%s: %u prefixes sent, AWS's limit on a %s "
			    "VIF; %llu more held back, not sent", aid_name(aid),
			    p->conf.maxpfx_out, vif_type_name(p->conf.vif_type),
			    (unsigned long long)p->stats.held_aid[aid]);
		else
			log_peer(p, "%s: %u prefixes sent, its max-prefix-out; "
			    "%llu more held back, not sent", aid_name(aid),
			    p->conf.maxpfx_out,
			    (unsigned long long)p->stats.held_aid[aid]);
	}
}

static void
peer_flush(struct peer *p)
{
	struct outq_sort *s;
	struct bgp_out_attrs oa;
	struct bgp_wbuf w;
	struct bgp_prefix pfx;
	uint8_t buf[BGP_MAX_LEN], aid, nh_ok[AID_MAX] = { 0 };
	struct bgp_out_attrs nhs[AID_MAX];
	uint64_t bit = 1ULL << p->idx;
	size_t i, n = p->noutq;
	int open = 0, cur_announce = -1, cur_rule = POLICY_NONE;
	struct rde_aspath *cur_asp = NULL;
	uint8_t cur_aid = 0, held_new = 0, freed = 0, cbuf[COMM_OUT_MAX];
	uint64_t limit = p->conf.maxpfx_out;

	if (n == 0)
		goto eor;
	if ((s = calloc(n, sizeof(*s))) == NULL) {
		log_warn("%s", __func__);
		return;
	}
	memset(nhs, 0, sizeof(nhs));
	for (aid = AID_INET; aid < AID_MAX; aid++)
		if (p->aids & AID_BIT(aid))
			nh_ok[aid] = peer_nexthop(p, aid, &nhs[aid]) == 0;
	for (i = 0; i < n; i++) {
		struct rib_entry *re = p->outq[i];
		struct rde_path *best = re->paths;

		s[i].re = re;
		s[i].aid = re->aid;
		s[i].rule = POLICY_NONE;
		re->pend &= ~bit;
		if (nh_ok[re->aid] && (p->aids & AID_BIT(re->aid)) &&
		    peer_wants(p, re, &s[i].rule)) {
			s[i].announce = 1;
			s[i].asp = best->asp;
		}
	}
	qsort(s, n, sizeof(*s), outq_cmp);
	p->noutq = 0;
	for (i = 0; i < n; i++) {
		struct rib_entry *re = s[i].re;
		uint8_t a = s[i].aid;

		if (!s[i].announce && (re->held & bit)) {
			/* no longer wanted: nothing to hold back */
			re->held &= ~bit;
			p->stats.held_aid[a]--;
		}
		if (s[i].announce && limit &&
		    (re->adv & bit) == 0 && p->stats.sent_aid[a] >= limit) {
			/* AWS's limit, or the operator's: never sent */
			if (!(re->held & bit)) {
				re->held |= bit;
				p->stats.held_aid[a]++;
				p->stats.held_total++;
				held_new |= AID_BIT(a);
			}
			continue;
		}
		if (s[i].announce && limit && (re->adv & bit) &&
		    p->stats.sent_aid[a] > limit) {
			/* a lower limit (reload): withdraw the excess */
			s[i].announce = 0;
			s[i].asp = NULL;
			s[i].rule = POLICY_NONE;
			re->held |= bit;
			p->stats.held_aid[a]++;
			p->stats.held_total++;
			held_new |= AID_BIT(a);
		}
		if (!s[i].announce && !(re->adv & bit)) {
			rib_gc(re);
			continue;
		}
		if (s[i].announce && (re->held & bit)) {
			re->held &= ~bit;
			p->stats.held_aid[a]--;
		}
		rib_prefix(re, &pfx);
		if (!open || cur_aid != s[i].aid ||
		    cur_announce != s[i].announce || cur_asp != s[i].asp ||
		    cur_rule != s[i].rule) {
			if (open && send_msg(p, &w) == -1)
				break;
			cur_aid = s[i].aid;
			cur_announce = s[i].announce;
			cur_asp = s[i].asp;
			cur_rule = s[i].rule;
			if (s[i].announce) {
				oa = nhs[cur_aid];
				oa.aid = cur_aid;
				out_attrs(p, cur_asp, policy_rule(conf,
				    p->conf.pol_out, cur_rule), &oa, cbuf);
				if (bgp_update_begin(&w, buf, sizeof(buf),
				    &oa) == -1) {
					log_peer(p, "attributes too large, "
					    "not announced");
					open = 0;
					continue;
				}
			} else {
				bgp_withdraw_begin(&w, buf, sizeof(buf),
				    cur_aid);
			}
			open = 1;
		}
		if (bgp_update_add(&w, &pfx) == -1) {
			/* full: send and start again with the same attrs */
			send_msg(p, &w);
			if (s[i].announce)
				bgp_update_begin(&w, buf, sizeof(buf), &oa);
			else
				bgp_withdraw_begin(&w, buf, sizeof(buf),
				    cur_aid);
			bgp_update_add(&w, &pfx);
		}
		if (s[i].announce) {
			if (!(re->adv & bit)) {
				p->stats.prefixes_sent++;
				p->stats.sent_aid[a]++;
			}
			re->adv |= bit;
		} else {
			re->adv &= ~bit;
			p->stats.prefixes_sent--;
			p->stats.sent_aid[a]--;
			freed |= AID_BIT(a);
			rib_gc(re);
		}
	}
	if (open)
		send_msg(p, &w);
	free(s);
	maxpfx_out_report(p, held_new);
	/* room made by withdrawals: what waits goes in the next flush */
	for (aid = AID_INET; aid < AID_MAX; aid++)
		if (!(freed & AID_BIT(aid)) || p->stats.held_aid[aid] == 0 ||
		    p->stats.sent_aid[aid] >= limit)
			freed &= (uint8_t)~AID_BIT(aid);
	if (freed) {
		struct limit_arg l = { .p = p, .aids = freed, .held_only = 1 };

		rib_walk(limit_cb, &l);
	}
eor:
	for (aid = AID_INET; aid < AID_MAX; aid++) {
		int len;

		if (!(p->dump_pending & AID_BIT(aid)))
			continue;
		len = bgp_build_eor(buf, sizeof(buf), aid);
		if (len > 0)
			session_send_raw(p, buf, (size_t)len);
	}
	p->dump_pending = 0;
}

void
rde_flush(void)
{
	int i;

	for (i = 0; i < MAX_PEERS; i++) {
		struct peer *p = peers[i];

		if (p == NULL || p->state != STATE_ESTABLISHED)
			continue;
		if (p->noutq == 0 && p->dump_pending == 0)
			continue;
		if (session_wbuf_len(p) > OUTQ_HIWAT)
			continue;
		peer_flush(p);
	}
}

size_t
rde_memory(void)
{
	return pool_bytes(&pool_re[0]) + pool_bytes(&pool_re[1]) +
	    pool_bytes(&pool_path) +
	    ribs.size * sizeof(void *) + asps.size * sizeof(void *);
}

int
rde_init(void)
{
	pool_init(&pool_re[0], sizeof(struct rib_entry) + 4);
	pool_init(&pool_re[1], sizeof(struct rib_entry) + 16);
	pool_init(&pool_path, sizeof(struct rde_path));
	if (hash_grow(&ribs, rib_slot) == -1 ||
	    hash_grow(&asps, asp_slot) == -1)
		return -1;
	return 0;
}

static void
free_cb(struct rib_entry *re, void *arg)
{
	struct rde_path *p, *n;

	(void)arg;
	for (p = re->paths; p; p = n) {
		n = p->next;
		asp_put(p->asp);
		nh_put(p->nh);
		pool_put(&pool_path, p);
	}
	pool_put(&pool_re[re->aid == AID_INET6], re);
}

void
rde_shutdown(void)
{
	rib_walk(free_cb, NULL);
	pool_destroy(&pool_re[0]);
	pool_destroy(&pool_re[1]);
	pool_destroy(&pool_path);
	free(ribs.b);
	memset(&ribs, 0, sizeof(ribs));
	asp_put(local_asp);
	local_asp = NULL;
	free(asps.b);
	memset(&asps, 0, sizeof(asps));
}

/* JSON for dcvifctl show routes */
static json_object *
json_peer_name(uint8_t idx)
{
	char a[64];

	if (idx == PEER_LOCAL || peers[idx] == NULL)
		return json_object_new_string("local");
	addr_str(&peers[idx]->conf.remote, a, sizeof(a));
	return json_object_new_string(a);
}

static json_object *
json_route(const struct rib_entry *re)
{
	json_object *o = json_object_new_object(), *paths;
	struct bgp_prefix pfx;
	const struct rde_path *p;
	char buf[1024];
	int nmp = 0;

	rib_prefix(re, &pfx);
	prefix_str(&pfx, buf, sizeof(buf));
	json_object_object_add(o, "prefix", json_object_new_string(buf));
	json_object_object_add(o, "fib", json_object_new_boolean(re->fibid));
	paths = json_object_new_array();
	for (p = re->paths; p; p = p->next) {
		json_object *po = json_object_new_object(), *c;
		size_t i;

		json_object_object_add(po, "from", json_peer_name(p->peer));
		if (p->nh) {
			inet_ntop(aid_to_af(p->nh->k.aid), p->nh->k.addr, buf,
			    sizeof(buf));
			json_object_object_add(po, "nexthop",
			    json_object_new_string(buf));
		}
		bgp_aspath_str(p->asp->data, p->asp->aspath_len, buf,
		    sizeof(buf));
		json_object_object_add(po, "as_path",
		    json_object_new_string(buf));
		json_object_object_add(po, "origin", json_object_new_string(
		    p->asp->origin == ORIGIN_IGP ? "igp" :
		    p->asp->origin == ORIGIN_EGP ? "egp" : "incomplete"));
		if (p->asp->has_med)
			json_object_object_add(po, "med",
			    json_object_new_int64(p->asp->med));
		json_object_object_add(po, "local_pref",
		    json_object_new_int64(p->asp->lpref));
		c = json_object_new_array();
		for (i = 0; i + 4 <= p->asp->comm_len; i += 4) {
			const uint8_t *d = p->asp->data + p->asp->aspath_len +
			    i;

			snprintf(buf, sizeof(buf), "%u:%u", d[0] << 8 | d[1],
			    d[2] << 8 | d[3]);
			json_object_array_add(c, json_object_new_string(buf));
		}
		json_object_object_add(po, "communities", c);
		/* on a public VIF, AWS says where its prefixes are from */
		if (asp_has_comm(p->asp, (uint32_t)AWS_AS << 16 | 8100))
			json_object_object_add(po, "aws_origin",
			    json_object_new_string("region"));
		else if (asp_has_comm(p->asp, (uint32_t)AWS_AS << 16 | 8200))
			json_object_object_add(po, "aws_origin",
			    json_object_new_string("continent"));
		c = json_object_new_array();
		for (i = 0; i + 12 <= p->asp->lcomm_len; i += 12) {
			const uint8_t *d = p->asp->data + p->asp->aspath_len +
			    p->asp->comm_len + i;
			uint32_t v[3];

			memcpy(v, d, 12);
			snprintf(buf, sizeof(buf), "%u:%u:%u", ntohl(v[0]),
			    ntohl(v[1]), ntohl(v[2]));
			json_object_array_add(c, json_object_new_string(buf));
		}
		json_object_object_add(po, "large_communities", c);
		json_object_object_add(po, "best",
		    json_object_new_boolean(p == re->paths));
		if (p == re->paths ||
		    (nmp < conf->ecmp && path_cmp(re->paths, p, 1) == 0 &&
		    p->peer != PEER_LOCAL && re->fibid)) {
			json_object_object_add(po, "multipath",
			    json_object_new_boolean(re->fibid &&
			    p->peer != PEER_LOCAL));
			nmp++;
		} else {
			json_object_object_add(po, "multipath",
			    json_object_new_boolean(0));
		}
		json_object_array_add(paths, po);
	}
	json_object_object_add(o, "paths", paths);
	return o;
}

struct route_list {
	const struct rib_entry	**e;
	size_t			  n;
	size_t			  size;
	const struct bgp_prefix	 *match;
};

static void
list_cb(struct rib_entry *re, void *arg)
{
	struct route_list *l = arg;
	struct bgp_prefix pfx;

	if (re->paths == NULL)
		return;
	if (l->match) {
		rib_prefix(re, &pfx);
		if (prefix_cmp(&pfx, l->match) != 0)
			return;
	}
	if (l->n == l->size) {
		size_t ns = l->size ? l->size * 2 : 256;
		const struct rib_entry **ne = reallocarray(l->e, ns,
		    sizeof(*ne));

		if (ne == NULL)
			return;
		l->e = ne;
		l->size = ns;
	}
	l->e[l->n++] = re;
}

static int
entry_cmp(const void *a, const void *b)
{
	struct bgp_prefix x, y;

	rib_prefix(*(const struct rib_entry * const *)a, &x);
	rib_prefix(*(const struct rib_entry * const *)b, &y);
	return prefix_cmp(&x, &y);
}

json_object *
rde_json_routes(const struct bgp_prefix *match, int limit)
{
	struct route_list l = { .match = match };
	json_object *arr = json_object_new_array();
	size_t i;

	rib_walk(list_cb, &l);
	qsort(l.e, l.n, sizeof(*l.e), entry_cmp);
	for (i = 0; i < l.n && (limit <= 0 || i < (size_t)limit); i++)
		json_object_array_add(arr, json_route(l.e[i]));
	free(l.e);
	return arr;
}
