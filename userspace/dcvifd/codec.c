// SPDX-License-Identifier: GPL-2.0
/*
 * BGP-4 message codec (RFC 4271, 4760, 6793, 1997, 8092, 2918, 7606).
 *
 * Every read goes through the rd_*() getters, which fail instead of reading
 * past the end; each parser has one failure exit (bad_len) that turns a
 * short read into the NOTIFICATION the RFC names for that message.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp.h"

struct rd {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

static void
rd_init(struct rd *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

static size_t
rd_left(const struct rd *r)
{
	return r->len - r->off;
}

static int
rd_u8(struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[r->off++];
	return 0;
}

static int
rd_u16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint16_t)(r->p[r->off] << 8 | r->p[r->off + 1]);
	r->off += 2;
	return 0;
}

static int
rd_u32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[r->off] << 24 | (uint32_t)r->p[r->off + 1] << 16 |
	    (uint32_t)r->p[r->off + 2] << 8 | r->p[r->off + 3];
	r->off += 4;
	return 0;
}

static int
rd_ptr(struct rd *r, size_t n, const uint8_t **v)
{
	if (rd_left(r) < n)
		return -1;
	*v = r->p + r->off;
	r->off += n;
	return 0;
}

static int
rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	const uint8_t *p;

	if (rd_ptr(r, n, &p) == -1)
		return -1;
	rd_init(sub, p, n);
	return 0;
}

static void
err_set(struct bgp_err *e, uint8_t code, uint8_t subcode, const void *data,
    size_t len)
{
	e->code = code;
	e->subcode = subcode;
	if (len > sizeof(e->data))
		len = sizeof(e->data);
	e->datalen = (uint16_t)len;
	if (len)
		memcpy(e->data, data, len);
}

/* writer helpers: callers check room first */
static void
wr_u16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
wr_u32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint16_t
get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int
bgp_parse_header(const uint8_t *p, size_t len, uint8_t *type, uint16_t *mlen,
    struct bgp_err *e)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	struct rd r;
	const uint8_t *m;
	uint16_t l;
	uint8_t t;

	rd_init(&r, p, len);
	if (rd_ptr(&r, BGP_MARKER_LEN, &m) == -1 || rd_u16(&r, &l) == -1 ||
	    rd_u8(&r, &t) == -1)
		return 1;	/* need more data */
	if (memcmp(m, marker, sizeof(marker)) != 0) {
		err_set(e, ERR_HEADER, ERR_HDR_SYNC, NULL, 0);
		return -1;
	}
	if (l < BGP_HDR_LEN || l > BGP_MAX_LEN)
		goto bad_len;
	switch (t) {
	case BGP_OPEN:
		if (l < BGP_OPEN_MIN_LEN)
			goto bad_len;
		break;
	case BGP_UPDATE:
		if (l < BGP_UPDATE_MIN_LEN)
			goto bad_len;
		break;
	case BGP_NOTIFICATION:
		if (l < BGP_NOTIF_MIN_LEN)
			goto bad_len;
		break;
	case BGP_KEEPALIVE:
		if (l != BGP_HDR_LEN)
			goto bad_len;
		break;
	case BGP_RREFRESH:
		if (l != BGP_RREFRESH_LEN)
			goto bad_len;
		break;
	default:
		err_set(e, ERR_HEADER, ERR_HDR_TYPE, &t, 1);
		return -1;
	}
	*type = t;
	*mlen = l;
	return 0;

bad_len:
	err_set(e, ERR_HEADER, ERR_HDR_LEN, p + BGP_MARKER_LEN, 2);
	return -1;
}

static int
parse_capabilities(struct rd *r, struct bgp_open *o, struct bgp_err *e)
{
	struct rd c;
	uint8_t code, clen;
	uint16_t afi;
	uint8_t res, safi;
	uint32_t as;

	o->capa_any = 1;
	while (rd_left(r) > 0) {
		if (rd_u8(r, &code) == -1 || rd_u8(r, &clen) == -1 ||
		    rd_sub(r, clen, &c) == -1)
			goto bad_len;
		switch (code) {
		case CAPA_MP:
			if (clen != 4 || rd_u16(&c, &afi) == -1 ||
			    rd_u8(&c, &res) == -1 || rd_u8(&c, &safi) == -1)
				goto bad_len;
			if (safi != SAFI_UNICAST)
				break;
			if (afi == AFI_IPV4)
				o->capa_mp |= AID_BIT(AID_INET);
			else if (afi == AFI_IPV6)
				o->capa_mp |= AID_BIT(AID_INET6);
			break;
		case CAPA_REFRESH:
			if (clen != 0)
				goto bad_len;
			o->capa_refresh = 1;
			break;
		case CAPA_AS4BYTE:
			if (clen != 4 || rd_u32(&c, &as) == -1)
				goto bad_len;
			if (as == 0) {
				err_set(e, ERR_OPEN, ERR_OPEN_AS, NULL, 0);
				return -1;
			}
			o->capa_as4 = 1;
			o->as = as;
			break;
		default:
			/* unknown capabilities are ignored (RFC 5492 5) */
			break;
		}
	}
	return 0;

bad_len:
	err_set(e, ERR_OPEN, 0, NULL, 0);
	return -1;
}

int
bgp_parse_open(const uint8_t *p, size_t len, struct bgp_open *o,
    struct bgp_err *e)
{
	static const uint8_t version[2] = { 0, BGP_VERSION };
	struct rd r, opt, prm;
	const uint8_t *id;
	uint8_t optlen, ptype, plen;

	memset(o, 0, sizeof(*o));
	rd_init(&r, p, len);
	if (rd_u8(&r, &o->version) == -1)
		goto bad_len;
	if (o->version != BGP_VERSION) {
		err_set(e, ERR_OPEN, ERR_OPEN_VERSION, version, sizeof(version));
		return -1;
	}
	if (rd_u16(&r, &o->short_as) == -1 || rd_u16(&r, &o->holdtime) == -1 ||
	    rd_ptr(&r, 4, &id) == -1)
		goto bad_len;
	memcpy(&o->bgpid, id, 4);
	o->as = o->short_as;
	if (rd_u8(&r, &optlen) == -1 || rd_sub(&r, optlen, &opt) == -1 ||
	    rd_left(&r) != 0)
		goto bad_len;
	/* hold 0 disables keepalives: refused, as AWS does; 1 and 2 never ok */
	if (o->holdtime < 3) {
		err_set(e, ERR_OPEN, ERR_OPEN_HOLDTIME, NULL, 0);
		return -1;
	}
	if (o->bgpid == 0 || o->bgpid == 0xffffffff) {
		err_set(e, ERR_OPEN, ERR_OPEN_BGPID, NULL, 0);
		return -1;
	}
	while (rd_left(&opt) > 0) {
		if (rd_u8(&opt, &ptype) == -1 || rd_u8(&opt, &plen) == -1 ||
		    rd_sub(&opt, plen, &prm) == -1)
			goto bad_len;
		if (ptype != 2) {
			err_set(e, ERR_OPEN, ERR_OPEN_OPT, NULL, 0);
			return -1;
		}
		if (parse_capabilities(&prm, o, e) == -1)
			return -1;
	}
	/* no MP capability at all means IPv4 unicast only (RFC 4760 8) */
	if (!o->capa_mp)
		o->capa_mp = AID_BIT(AID_INET);
	return 0;

bad_len:
	err_set(e, ERR_OPEN, 0, NULL, 0);
	return -1;
}

int
bgp_parse_notification(const uint8_t *p, size_t len, uint8_t *code,
    uint8_t *subcode, const uint8_t **data, size_t *datalen)
{
	struct rd r;

	rd_init(&r, p, len);
	if (rd_u8(&r, code) == -1 || rd_u8(&r, subcode) == -1)
		return -1;
	*data = p + r.off;
	*datalen = rd_left(&r);
	return 0;
}

int
bgp_parse_rrefresh(const uint8_t *p, size_t len, uint8_t *aid,
    struct bgp_err *e)
{
	struct rd r;
	uint16_t afi;
	uint8_t res, safi;

	rd_init(&r, p, len);
	if (rd_u16(&r, &afi) == -1 || rd_u8(&r, &res) == -1 ||
	    rd_u8(&r, &safi) == -1 || rd_left(&r) != 0) {
		err_set(e, ERR_RREFRESH, 1, p, len);
		return -1;
	}
	*aid = AID_UNSPEC;
	if (safi == SAFI_UNICAST && afi == AFI_IPV4)
		*aid = AID_INET;
	else if (safi == SAFI_UNICAST && afi == AFI_IPV6)
		*aid = AID_INET6;
	return 0;
}

/* validate a run of NLRI without keeping it */
static int
nlri_check(const uint8_t *p, size_t len, uint8_t aid)
{
	struct bgp_nlri n = { .p = p, .len = (uint16_t)len, .aid = aid };
	struct bgp_prefix pfx;
	int rv;

	while ((rv = bgp_nlri_next(&n, &pfx)) == 1)
		;
	return rv;
}

/* returns 1 and the next prefix, 0 at the end, -1 if malformed */
int
bgp_nlri_next(struct bgp_nlri *n, struct bgp_prefix *pfx)
{
	unsigned int max = n->aid == AID_INET6 ? 128 : 32;
	unsigned int bytes;
	uint8_t plen;

	if (n->len == 0)
		return 0;
	plen = n->p[0];
	if (plen > max)
		return -1;
	bytes = (plen + 7u) / 8;
	if (1u + bytes > n->len)
		return -1;
	memset(pfx, 0, sizeof(*pfx));
	pfx->aid = n->aid;
	pfx->len = plen;
	memcpy(pfx->addr, n->p + 1, bytes);
	/* host bits set on the wire are ignored, as every implementation does */
	prefix_mask(pfx);
	n->p += 1 + bytes;
	n->len -= (uint16_t)(1 + bytes);
	return 1;
}

/* AS path helpers, 4-octet wire form */
static int
aspath_verify(const uint8_t *p, size_t len, size_t asz, int ebgp)
{
	struct rd r;
	uint8_t type, cnt;
	const uint8_t *d;

	rd_init(&r, p, len);
	while (rd_left(&r) > 0) {
		if (rd_u8(&r, &type) == -1 || rd_u8(&r, &cnt) == -1)
			return -1;
		if (cnt == 0)
			return -1;
		if (type != AS_SET && type != AS_SEQUENCE) {
			/* confederation segments never come from outside */
			if (ebgp || (type != AS_CONFED_SEQUENCE &&
			    type != AS_CONFED_SET))
				return -1;
		}
		if (rd_ptr(&r, (size_t)cnt * asz, &d) == -1)
			return -1;
	}
	return 0;
}

int
bgp_aspath_count(const uint8_t *p, size_t len)
{
	size_t off = 0;
	int n = 0;

	while (off + 2 <= len) {
		uint8_t type = p[off], cnt = p[off + 1];

		if (type == AS_SEQUENCE)
			n += cnt;
		else if (type == AS_SET)
			n += 1;
		off += 2 + (size_t)cnt * 4;
	}
	return n;
}

uint32_t
bgp_aspath_first(const uint8_t *p, size_t len)
{
	if (len < 6 || p[0] != AS_SEQUENCE)
		return 0;
	return get_u32(p + 2);
}

int
bgp_aspath_loop(const uint8_t *p, size_t len, uint32_t as)
{
	size_t off = 0, i;

	while (off + 2 <= len) {
		uint8_t cnt = p[off + 1];

		for (i = 0; i < cnt && off + 2 + i * 4 + 4 <= len; i++)
			if (get_u32(p + off + 2 + i * 4) == as)
				return 1;
		off += 2 + (size_t)cnt * 4;
	}
	return 0;
}

int
bgp_aspath_str(const uint8_t *p, size_t len, char *buf, size_t size)
{
	size_t off = 0, i, o = 0;
	int n;

	buf[0] = '\0';
	while (off + 2 <= len) {
		uint8_t type = p[off], cnt = p[off + 1];
		const char *open = "", *close = "";

		if (type == AS_SET) {
			open = "{ ";
			close = " }";
		} else if (type == AS_CONFED_SEQUENCE) {
			open = "( ";
			close = " )";
		} else if (type == AS_CONFED_SET) {
			open = "[ ";
			close = " ]";
		}
		n = snprintf(buf + o, size - o, "%s%s", o ? " " : "", open);
		if (n < 0 || (size_t)n >= size - o)
			return -1;
		o += (size_t)n;
		for (i = 0; i < cnt && off + 2 + i * 4 + 4 <= len; i++) {
			n = snprintf(buf + o, size - o, "%s%u", i ? " " : "",
			    get_u32(p + off + 2 + i * 4));
			if (n < 0 || (size_t)n >= size - o)
				return -1;
			o += (size_t)n;
		}
		n = snprintf(buf + o, size - o, "%s", close);
		if (n < 0 || (size_t)n >= size - o)
			return -1;
		o += (size_t)n;
		off += 2 + (size_t)cnt * 4;
	}
	return 0;
}

/* widen a verified 2-octet AS_PATH to the 4-octet form */
static uint8_t *
aspath_inflate(const uint8_t *p, size_t len, size_t *olen)
{
	size_t off = 0, o = 0, i, n = 0;
	uint8_t *out;

	/* the 2-octet form has at most len/2 ASes: size for that */
	out = malloc(len * 2 + 1);
	if (out == NULL)
		return NULL;
	while (off + 2 <= len) {
		uint8_t cnt = p[off + 1];

		out[o++] = p[off];
		out[o++] = cnt;
		for (i = 0; i < cnt; i++) {
			wr_u32(out + o, get_u16(p + off + 2 + i * 2));
			o += 4;
			n++;
		}
		off += 2 + (size_t)cnt * 2;
	}
	(void)n;
	*olen = o;
	return out;
}

/*
 * RFC 6793 4.2.3: keep the leading (n - m) ASes of AS_PATH, then AS4_PATH.
 * Both inputs are 4-octet form and verified.
 */
static uint8_t *
aspath_merge(const uint8_t *ap, size_t alen, const uint8_t *a4, size_t a4len,
    size_t *olen)
{
	int n = bgp_aspath_count(ap, alen), m = bgp_aspath_count(a4, a4len);
	int keep;
	size_t off = 0, o = 0;
	uint8_t *out;

	out = malloc(alen + a4len + 1);
	if (out == NULL)
		return NULL;
	if (m > n) {
		memcpy(out, ap, alen);
		*olen = alen;
		return out;
	}
	keep = n - m;
	while (keep > 0 && off + 2 <= alen) {
		uint8_t type = ap[off], cnt = ap[off + 1];

		if (type == AS_SET) {
			memcpy(out + o, ap + off, 2 + (size_t)cnt * 4);
			o += 2 + (size_t)cnt * 4;
			keep--;
		} else if (type == AS_SEQUENCE) {
			uint8_t take = cnt > keep ? (uint8_t)keep : cnt;

			out[o++] = type;
			out[o++] = take;
			memcpy(out + o, ap + off + 2, (size_t)take * 4);
			o += (size_t)take * 4;
			keep -= take;
		}
		off += 2 + (size_t)cnt * 4;
	}
	memcpy(out + o, a4, a4len);
	*olen = o + a4len;
	return out;
}

void
bgp_attrs_free(struct bgp_attrs *a)
{
	free(a->aspath);
	free(a->others);
	a->aspath = NULL;
	a->others = NULL;
}

static void
taw(struct bgp_update *u, const char *why, uint8_t type)
{
	if (!u->treat_as_withdraw)
		snprintf(u->why, sizeof(u->why), "%s (attr %u)", why, type);
	u->treat_as_withdraw = 1;
}

static int
others_add(struct bgp_attrs *a, uint8_t flags, uint8_t type,
    const uint8_t *d, uint16_t len)
{
	size_t hl = len > 255 ? 4 : 3, nl = a->others_len + hl + len;
	uint8_t *n;

	if (nl > UINT16_MAX)
		return 0;	/* cannot be: a message is at most 4096 */
	n = realloc(a->others, nl);
	if (n == NULL)
		return -1;
	a->others = n;
	n += a->others_len;
	/* an unknown transitive attribute is passed on marked partial */
	flags = (flags & ~ATTR_EXTLEN) | ATTR_PARTIAL;
	if (hl == 4)
		flags |= ATTR_EXTLEN;
	n[0] = flags;
	n[1] = type;
	if (hl == 4)
		wr_u16(n + 2, len);
	else
		n[2] = (uint8_t)len;
	memcpy(n + hl, d, len);
	a->others_len = (uint16_t)nl;
	return 0;
}

static int
parse_mp_reach(struct rd *d, struct bgp_update *u)
{
	uint16_t afi;
	uint8_t safi, nhlen, res;
	const uint8_t *nh;
	uint8_t aid;

	if (rd_u16(d, &afi) == -1 || rd_u8(d, &safi) == -1 ||
	    rd_u8(d, &nhlen) == -1 || rd_ptr(d, nhlen, &nh) == -1 ||
	    rd_u8(d, &res) == -1)
		return -1;
	if (safi != SAFI_UNICAST || (afi != AFI_IPV4 && afi != AFI_IPV6)) {
		/* an AFI/SAFI we did not negotiate: ignore the attribute */
		return 1;
	}
	aid = afi == AFI_IPV6 ? AID_INET6 : AID_INET;
	if (aid == AID_INET6) {
		if (nhlen != 16 && nhlen != 32)
			return -1;
		memcpy(&u->attrs.nexthop6, nh, 16);
		if (nhlen == 32) {
			memcpy(&u->attrs.nexthop6_ll, nh + 16, 16);
			u->attrs.nexthop6_has_ll = 1;
		}
	} else {
		if (nhlen != 4)
			return -1;
		memcpy(&u->attrs.nexthop, nh, 4);
	}
	u->mp_reach.aid = aid;
	u->mp_reach.p = d->p + d->off;
	u->mp_reach.len = (uint16_t)rd_left(d);
	if (nlri_check(u->mp_reach.p, u->mp_reach.len, aid) == -1)
		return -1;
	return 0;
}

static int
parse_mp_unreach(struct rd *d, struct bgp_update *u)
{
	uint16_t afi;
	uint8_t safi;

	if (rd_u16(d, &afi) == -1 || rd_u8(d, &safi) == -1)
		return -1;
	if (safi != SAFI_UNICAST || (afi != AFI_IPV4 && afi != AFI_IPV6))
		return 1;
	u->mp_unreach.aid = afi == AFI_IPV6 ? AID_INET6 : AID_INET;
	u->mp_unreach.p = d->p + d->off;
	u->mp_unreach.len = (uint16_t)rd_left(d);
	if (nlri_check(u->mp_unreach.p, u->mp_unreach.len,
	    u->mp_unreach.aid) == -1)
		return -1;
	return 0;
}

/*
 * Attribute flags the RFCs fix for each known attribute; a mismatch is
 * handled like a malformed attribute of that type (RFC 7606 3.c).
 */
static int
attr_flags_ok(uint8_t type, uint8_t flags)
{
	uint8_t f = flags & ATTR_DEFMASK;

	switch (type) {
	case ATTR_ORIGIN:
	case ATTR_ASPATH:
	case ATTR_NEXTHOP:
	case ATTR_LOCALPREF:
	case ATTR_ATOMIC_AGGREGATE:
		return f == ATTR_TRANSITIVE;
	case ATTR_MED:
	case ATTR_MP_REACH_NLRI:
	case ATTR_MP_UNREACH_NLRI:
		return f == ATTR_OPTIONAL;
	case ATTR_AGGREGATOR:
	case ATTR_COMMUNITIES:
	case ATTR_AS4_PATH:
	case ATTR_AS4_AGGREGATOR:
	case ATTR_LARGE_COMMUNITIES:
		return f == (ATTR_OPTIONAL | ATTR_TRANSITIVE);
	}
	return 1;
}

static uint32_t
attr_bit(uint8_t type)
{
	if (type == ATTR_LARGE_COMMUNITIES)
		return F_LCOMMUNITIES;
	if (type < 31)
		return 1u << type;
	return 0;
}

int
bgp_parse_update(const uint8_t *p, size_t len, const struct bgp_peer_ctx *ctx,
    struct bgp_update *u, struct bgp_err *e)
{
	struct rd r, attrs, d;
	uint16_t wlen, alen, l16;
	uint8_t flags, type, l8;
	const uint8_t *as4 = NULL, *wd, *al;
	uint16_t as4_len = 0;
	uint32_t bit;
	size_t asz = ctx->as4 ? 4 : 2;
	int rv;

	memset(u, 0, sizeof(*u));
	u->withdrawn.aid = AID_INET;
	u->nlri.aid = AID_INET;
	rd_init(&r, p, len);
	if (rd_u16(&r, &wlen) == -1 || rd_ptr(&r, wlen, &wd) == -1)
		goto bad_list;
	u->withdrawn.p = wd;
	u->withdrawn.len = wlen;
	if (nlri_check(wd, wlen, AID_INET) == -1)
		goto bad_network;
	if (rd_u16(&r, &alen) == -1 || rd_ptr(&r, alen, &al) == -1)
		goto bad_list;
	rd_init(&attrs, al, alen);
	u->nlri.p = r.p + r.off;
	u->nlri.len = (uint16_t)rd_left(&r);
	if (nlri_check(u->nlri.p, u->nlri.len, AID_INET) == -1)
		goto bad_network;

	while (rd_left(&attrs) > 0) {
		if (rd_u8(&attrs, &flags) == -1 || rd_u8(&attrs, &type) == -1)
			goto attr_overrun;
		if (flags & ATTR_EXTLEN) {
			if (rd_u16(&attrs, &l16) == -1)
				goto attr_overrun;
		} else {
			if (rd_u8(&attrs, &l8) == -1)
				goto attr_overrun;
			l16 = l8;
		}
		if (rd_sub(&attrs, l16, &d) == -1)
			goto attr_overrun;

		bit = attr_bit(type);
		if (bit && (u->attrs.present & bit)) {
			/* RFC 7606 3.g: MP_(UN)REACH twice resets, others: first wins */
			if (type == ATTR_MP_REACH_NLRI ||
			    type == ATTR_MP_UNREACH_NLRI)
				goto bad_list;
			u->attrs.discarded++;
			continue;
		}
		if (!attr_flags_ok(type, flags)) {
			if (type == ATTR_MP_REACH_NLRI ||
			    type == ATTR_MP_UNREACH_NLRI)
				goto bad_list;
			if (type == ATTR_ATOMIC_AGGREGATE ||
			    type == ATTR_AGGREGATOR || type == ATTR_AS4_PATH ||
			    type == ATTR_AS4_AGGREGATOR) {
				u->attrs.discarded++;
				continue;
			}
			taw(u, "attribute flags", type);
			continue;
		}

		switch (type) {
		case ATTR_ORIGIN:
			if (l16 != 1 || rd_u8(&d, &u->attrs.origin) == -1 ||
			    u->attrs.origin > ORIGIN_INCOMPLETE) {
				taw(u, "bad ORIGIN", type);
				continue;
			}
			break;
		case ATTR_ASPATH:
			if (aspath_verify(d.p, d.len, asz, ctx->ebgp) == -1) {
				taw(u, "malformed AS_PATH", type);
				continue;
			}
			if (asz == 2) {
				size_t ol;

				u->attrs.aspath = aspath_inflate(d.p, d.len, &ol);
				if (u->attrs.aspath == NULL)
					goto nomem;
				u->attrs.aspath_len = (uint16_t)ol;
			} else {
				u->attrs.aspath = malloc(d.len ? d.len : 1);
				if (u->attrs.aspath == NULL)
					goto nomem;
				memcpy(u->attrs.aspath, d.p, d.len);
				u->attrs.aspath_len = (uint16_t)d.len;
			}
			break;
		case ATTR_NEXTHOP:
			if (l16 != 4) {
				taw(u, "bad NEXT_HOP length", type);
				continue;
			}
			memcpy(&u->attrs.nexthop, d.p, 4);
			if (u->attrs.nexthop.s_addr == INADDR_ANY ||
			    IN_MULTICAST(ntohl(u->attrs.nexthop.s_addr)) ||
			    u->attrs.nexthop.s_addr == INADDR_BROADCAST) {
				taw(u, "bad NEXT_HOP", type);
				continue;
			}
			break;
		case ATTR_MED:
			if (l16 != 4 || rd_u32(&d, &u->attrs.med) == -1) {
				taw(u, "bad MED length", type);
				continue;
			}
			break;
		case ATTR_LOCALPREF:
			if (ctx->ebgp) {
				/* RFC 7606 7.5: ignored from an external peer */
				u->attrs.discarded++;
				continue;
			}
			if (l16 != 4 || rd_u32(&d, &u->attrs.localpref) == -1) {
				taw(u, "bad LOCAL_PREF length", type);
				continue;
			}
			break;
		case ATTR_ATOMIC_AGGREGATE:
			if (l16 != 0) {
				u->attrs.discarded++;
				continue;
			}
			break;
		case ATTR_AGGREGATOR:
			if (l16 != asz + 4) {
				u->attrs.discarded++;
				continue;
			}
			if (asz == 4)
				u->attrs.aggr_as = get_u32(d.p);
			else
				u->attrs.aggr_as = get_u16(d.p);
			memcpy(&u->attrs.aggr_addr, d.p + asz, 4);
			break;
		case ATTR_COMMUNITIES:
			if (l16 % 4) {
				taw(u, "bad COMMUNITIES length", type);
				continue;
			}
			u->attrs.comm = d.p;
			u->attrs.comm_len = l16;
			break;
		case ATTR_LARGE_COMMUNITIES:
			if (l16 % 12) {
				taw(u, "bad LARGE_COMMUNITIES length", type);
				continue;
			}
			u->attrs.lcomm = d.p;
			u->attrs.lcomm_len = l16;
			break;
		case ATTR_MP_REACH_NLRI:
			rv = parse_mp_reach(&d, u);
			if (rv == -1)
				goto bad_optattr;
			if (rv == 1)
				continue;
			break;
		case ATTR_MP_UNREACH_NLRI:
			rv = parse_mp_unreach(&d, u);
			if (rv == -1)
				goto bad_optattr;
			if (rv == 1)
				continue;
			break;
		case ATTR_AS4_PATH:
			/* RFC 6793 6: malformed AS4_PATH is discarded */
			if (aspath_verify(d.p, d.len, 4, 1) == -1) {
				u->attrs.discarded++;
				continue;
			}
			as4 = d.p;
			as4_len = l16;
			break;
		case ATTR_AS4_AGGREGATOR:
			if (l16 != 8) {
				u->attrs.discarded++;
				continue;
			}
			break;
		default:
			if (!(flags & ATTR_OPTIONAL)) {
				err_set(e, ERR_UPDATE, ERR_UPD_UNKNWN_WK_ATTR,
				    d.p - (flags & ATTR_EXTLEN ? 4 : 3),
				    l16 + (flags & ATTR_EXTLEN ? 4u : 3u));
				goto fail;
			}
			if ((flags & ATTR_TRANSITIVE) &&
			    others_add(&u->attrs, flags, type, d.p, l16) == -1)
				goto nomem;
			continue;
		}
		u->attrs.present |= bit;
	}

	/* AS4_PATH means something only from a 2-octet speaker */
	if (!ctx->as4 && as4 != NULL && (u->attrs.present & F_ASPATH)) {
		size_t ol;
		uint8_t *m;

		m = aspath_merge(u->attrs.aspath, u->attrs.aspath_len, as4,
		    as4_len, &ol);
		if (m == NULL)
			goto nomem;
		free(u->attrs.aspath);
		u->attrs.aspath = m;
		u->attrs.aspath_len = (uint16_t)ol;
	}

	/* RFC 4271 6.3: an external peer's AS comes first */
	if ((u->attrs.present & F_ASPATH) && ctx->ebgp && ctx->peer_as &&
	    bgp_aspath_first(u->attrs.aspath, u->attrs.aspath_len) !=
	    ctx->peer_as)
		taw(u, "AS_PATH does not start with peer AS", ATTR_ASPATH);

	/* RFC 7606 3.d: missing mandatory attributes -> treat-as-withdraw */
	if (u->nlri.len > 0 || (u->attrs.present & F_MP_REACH)) {
		if (!(u->attrs.present & F_ORIGIN))
			taw(u, "missing ORIGIN", ATTR_ORIGIN);
		if (!(u->attrs.present & F_ASPATH))
			taw(u, "missing AS_PATH", ATTR_ASPATH);
		if (u->nlri.len > 0 && !(u->attrs.present & F_NEXTHOP))
			taw(u, "missing NEXT_HOP", ATTR_NEXTHOP);
	}
	return 0;

attr_overrun:
	/*
	 * RFC 7606 4: an attribute running past the attribute list is
	 * treat-as-withdraw, unless MP NLRI may have been lost with it.
	 */
	if (u->attrs.present & (F_MP_REACH | F_MP_UNREACH) || u->nlri.len ||
	    u->withdrawn.len) {
		taw(u, "attribute list overrun", 0);
		return 0;
	}
	goto bad_list;
bad_optattr:
	err_set(e, ERR_UPDATE, ERR_UPD_OPTATTR, NULL, 0);
	goto fail;
bad_network:
	err_set(e, ERR_UPDATE, ERR_UPD_NETWORK, NULL, 0);
	goto fail;
nomem:
	err_set(e, ERR_CEASE, ERR_CEASE_RSRC_EXHAUST, NULL, 0);
	goto fail;
bad_list:
	err_set(e, ERR_UPDATE, ERR_UPD_ATTRLIST, NULL, 0);
fail:
	bgp_attrs_free(&u->attrs);
	return -1;
}

/* builders */
static int
hdr_fill(uint8_t *buf, size_t len, uint8_t type)
{
	if (len < BGP_HDR_LEN || len > BGP_MAX_LEN)
		return -1;
	memset(buf, 0xff, BGP_MARKER_LEN);
	wr_u16(buf + BGP_MARKER_LEN, (uint16_t)len);
	buf[18] = type;
	return (int)len;
}

int
bgp_build_open(uint8_t *buf, size_t size, const struct bgp_open_params *o)
{
	uint8_t *p = buf + BGP_HDR_LEN, *caps;
	uint8_t aid;

	if (size < BGP_HDR_LEN + 10 + 2 + 6 + 2 + 8 * (AID_MAX - 1) + 6)
		return -1;
	*p++ = BGP_VERSION;
	wr_u16(p, o->as > 0xffff ? AS_TRANS : (uint16_t)o->as);
	p += 2;
	wr_u16(p, o->holdtime);
	p += 2;
	memcpy(p, &o->bgpid, 4);
	p += 4;
	caps = p;
	p += 3;		/* optlen, param type, param len */
	for (aid = AID_INET; aid < AID_MAX; aid++) {
		if (!(o->aids & AID_BIT(aid)))
			continue;
		*p++ = CAPA_MP;
		*p++ = 4;
		wr_u16(p, aid == AID_INET ? AFI_IPV4 : AFI_IPV6);
		p[2] = 0;
		p[3] = SAFI_UNICAST;
		p += 4;
	}
	*p++ = CAPA_REFRESH;
	*p++ = 0;
	*p++ = CAPA_AS4BYTE;
	*p++ = 4;
	wr_u32(p, o->as);
	p += 4;
	caps[0] = (uint8_t)(p - caps - 1);
	caps[1] = 2;
	caps[2] = (uint8_t)(p - caps - 3);
	return hdr_fill(buf, (size_t)(p - buf), BGP_OPEN);
}

int
bgp_build_keepalive(uint8_t *buf, size_t size)
{
	if (size < BGP_HDR_LEN)
		return -1;
	return hdr_fill(buf, BGP_HDR_LEN, BGP_KEEPALIVE);
}

int
bgp_build_notification(uint8_t *buf, size_t size, uint8_t code,
    uint8_t subcode, const uint8_t *data, size_t dlen)
{
	size_t len = BGP_HDR_LEN + 2 + dlen;

	if (len > BGP_MAX_LEN || size < len)
		return -1;
	buf[BGP_HDR_LEN] = code;
	buf[BGP_HDR_LEN + 1] = subcode;
	if (dlen)
		memcpy(buf + BGP_HDR_LEN + 2, data, dlen);
	return hdr_fill(buf, len, BGP_NOTIFICATION);
}

int
bgp_build_rrefresh(uint8_t *buf, size_t size, uint8_t aid)
{
	if (size < BGP_RREFRESH_LEN)
		return -1;
	wr_u16(buf + BGP_HDR_LEN, aid == AID_INET6 ? AFI_IPV6 : AFI_IPV4);
	buf[BGP_HDR_LEN + 2] = 0;
	buf[BGP_HDR_LEN + 3] = SAFI_UNICAST;
	return hdr_fill(buf, BGP_RREFRESH_LEN, BGP_RREFRESH);
}

int
bgp_build_eor(uint8_t *buf, size_t size, uint8_t aid)
{
	struct bgp_wbuf w;

	if (bgp_withdraw_begin(&w, buf, size, aid) == -1)
		return -1;
	return bgp_update_finish(&w);
}

static int
w_room(struct bgp_wbuf *w, size_t n)
{
	return w->len + n <= w->size;
}

static int
w_attr(struct bgp_wbuf *w, uint8_t flags, uint8_t type, const void *d,
    size_t len)
{
	int ext = len > 255;

	if (!w_room(w, 3 + (size_t)ext + len))
		return -1;
	w->buf[w->len++] = flags | (ext ? ATTR_EXTLEN : 0);
	w->buf[w->len++] = type;
	if (ext) {
		wr_u16(w->buf + w->len, (uint16_t)len);
		w->len += 2;
	} else {
		w->buf[w->len++] = (uint8_t)len;
	}
	if (len)
		memcpy(w->buf + w->len, d, len);
	w->len += len;
	return 0;
}

/* AS path as sent, 4-octet form: our AS prepended */
static int
aspath_out(const struct bgp_out_attrs *a, uint8_t *tmp, size_t size,
    size_t *tlp)
{
	size_t tl = 0, i, skip = 0;

	if (a->prepend_count) {
		tmp[0] = AS_SEQUENCE;
		tmp[1] = a->prepend_count;
		/* merge into a leading sequence when it has room */
		if (a->aspath_len >= 2 && a->aspath[0] == AS_SEQUENCE &&
		    a->aspath[1] + a->prepend_count <= 255) {
			tmp[1] = (uint8_t)(a->aspath[1] + a->prepend_count);
			skip = 2;
		}
		tl = 2;
		for (i = 0; i < a->prepend_count; i++, tl += 4)
			wr_u32(tmp + tl, a->prepend_as);
	}
	if ((size_t)a->aspath_len - skip > size - tl)
		return -1;
	memcpy(tmp + tl, a->aspath + skip, a->aspath_len - skip);
	*tlp = tl + a->aspath_len - skip;
	return 0;
}

/* AS_PATH in the peer's form; *need_as4 if AS4_PATH must follow */
static int
w_aspath(struct bgp_wbuf *w, const struct bgp_out_attrs *a,
    const uint8_t *tmp, size_t tl, int *need_as4)
{
	uint8_t nar[BGP_MAX_LEN];
	size_t nl = 0, off = 0, i;

	*need_as4 = 0;
	if (a->as4)
		return w_attr(w, ATTR_TRANSITIVE, ATTR_ASPATH, tmp, tl);
	while (off + 2 <= tl) {
		uint8_t cnt = tmp[off + 1];

		nar[nl++] = tmp[off];
		nar[nl++] = cnt;
		for (i = 0; i < cnt; i++) {
			uint32_t as = get_u32(tmp + off + 2 + i * 4);

			if (as > 0xffff) {
				*need_as4 = 1;
				as = AS_TRANS;
			}
			wr_u16(nar + nl, (uint16_t)as);
			nl += 2;
		}
		off += 2 + (size_t)cnt * 4;
	}
	return w_attr(w, ATTR_TRANSITIVE, ATTR_ASPATH, nar, nl);
}

int
bgp_update_begin(struct bgp_wbuf *w, uint8_t *buf, size_t size,
    const struct bgp_out_attrs *a)
{
	uint8_t v[4], mp[5 + 32 + 1], path[BGP_MAX_LEN];
	size_t mpl = 0, pl;
	int need_as4;

	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->size = size > BGP_MAX_LEN ? BGP_MAX_LEN : size;
	w->aid = a->aid;
	if (w->size < BGP_HDR_LEN + 4)
		return -1;
	wr_u16(w->buf + BGP_HDR_LEN, 0);	/* no withdrawn routes */
	w->len = BGP_HDR_LEN + 2;
	w->attr_len_off = w->len;
	w->len += 2;
	v[0] = a->origin;
	if (aspath_out(a, path, sizeof(path), &pl) == -1 ||
	    w_attr(w, ATTR_TRANSITIVE, ATTR_ORIGIN, v, 1) == -1 ||
	    w_aspath(w, a, path, pl, &need_as4) == -1)
		return -1;
	if (a->aid == AID_INET &&
	    w_attr(w, ATTR_TRANSITIVE, ATTR_NEXTHOP, &a->nexthop, 4) == -1)
		return -1;
	if (a->has_med) {
		wr_u32(v, a->med);
		if (w_attr(w, ATTR_OPTIONAL, ATTR_MED, v, 4) == -1)
			return -1;
	}
	if (a->comm_len && w_attr(w, ATTR_OPTIONAL | ATTR_TRANSITIVE,
	    ATTR_COMMUNITIES, a->comm, a->comm_len) == -1)
		return -1;
	if (need_as4 && w_attr(w, ATTR_OPTIONAL | ATTR_TRANSITIVE,
	    ATTR_AS4_PATH, path, pl) == -1)
		return -1;
	if (a->lcomm_len && w_attr(w, ATTR_OPTIONAL | ATTR_TRANSITIVE,
	    ATTR_LARGE_COMMUNITIES, a->lcomm, a->lcomm_len) == -1)
		return -1;
	if (a->others_len) {
		if (!w_room(w, a->others_len))
			return -1;
		memcpy(w->buf + w->len, a->others, a->others_len);
		w->len += a->others_len;
	}
	if (a->aid == AID_INET6) {
		wr_u16(mp, AFI_IPV6);
		mp[2] = SAFI_UNICAST;
		mp[3] = a->nexthop6_has_ll ? 32 : 16;
		memcpy(mp + 4, &a->nexthop6, 16);
		mpl = 20;
		if (a->nexthop6_has_ll) {
			memcpy(mp + 20, &a->nexthop6_ll, 16);
			mpl = 36;
		}
		mp[mpl++] = 0;
		/* always extended length: it grows as prefixes are added */
		if (!w_room(w, 4 + mpl))
			return -1;
		w->buf[w->len++] = ATTR_OPTIONAL | ATTR_EXTLEN;
		w->buf[w->len++] = ATTR_MP_REACH_NLRI;
		w->mp_len_off = w->len;
		wr_u16(w->buf + w->len, (uint16_t)mpl);
		w->len += 2;
		memcpy(w->buf + w->len, mp, mpl);
		w->len += mpl;
	}
	wr_u16(w->buf + w->attr_len_off,
	    (uint16_t)(w->len - w->attr_len_off - 2));
	return 0;
}

int
bgp_withdraw_begin(struct bgp_wbuf *w, uint8_t *buf, size_t size, uint8_t aid)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->size = size > BGP_MAX_LEN ? BGP_MAX_LEN : size;
	w->aid = aid;
	w->withdraw = 1;
	if (!w_room(w, BGP_HDR_LEN + 4 + 7))
		return -1;
	w->len = BGP_HDR_LEN;
	if (aid == AID_INET) {
		w->attr_len_off = w->len;	/* withdrawn routes length */
		w->len += 2;
		wr_u16(w->buf + w->attr_len_off, 0);
		return 0;
	}
	wr_u16(w->buf + w->len, 0);
	w->len += 2;
	w->attr_len_off = w->len;
	w->len += 2;
	w->buf[w->len++] = ATTR_OPTIONAL | ATTR_EXTLEN;
	w->buf[w->len++] = ATTR_MP_UNREACH_NLRI;
	w->mp_len_off = w->len;
	w->len += 2;
	wr_u16(w->buf + w->len, AFI_IPV6);
	w->buf[w->len + 2] = SAFI_UNICAST;
	w->len += 3;
	wr_u16(w->buf + w->mp_len_off, 3);
	wr_u16(w->buf + w->attr_len_off, 7);
	return 0;
}

int
bgp_update_add(struct bgp_wbuf *w, const struct bgp_prefix *pfx)
{
	size_t bytes = (pfx->len + 7u) / 8;

	if (pfx->aid != w->aid || !w_room(w, 1 + bytes))
		return -1;
	w->buf[w->len] = pfx->len;
	memcpy(w->buf + w->len + 1, pfx->addr, bytes);
	w->len += 1 + bytes;
	w->count++;
	if (w->mp_len_off) {
		wr_u16(w->buf + w->mp_len_off,
		    (uint16_t)(get_u16(w->buf + w->mp_len_off) + 1 + bytes));
		wr_u16(w->buf + w->attr_len_off,
		    (uint16_t)(get_u16(w->buf + w->attr_len_off) + 1 + bytes));
	} else if (w->withdraw) {
		wr_u16(w->buf + w->attr_len_off,
		    (uint16_t)(get_u16(w->buf + w->attr_len_off) + 1 + bytes));
	}
	return 0;
}

int
bgp_update_finish(struct bgp_wbuf *w)
{
	if (w->withdraw && w->aid == AID_INET) {
		/* total path attribute length follows the withdrawn routes */
		if (!w_room(w, 2))
			return -1;
		wr_u16(w->buf + w->len, 0);
		w->len += 2;
	}
	return hdr_fill(w->buf, w->len, BGP_UPDATE);
}

const char *
bgp_msg_name(uint8_t type)
{
	static const char *names[] = { "NONE", "OPEN", "UPDATE",
	    "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH" };

	return type < 6 ? names[type] : "UNKNOWN";
}

const char *
bgp_err_name(uint8_t code, uint8_t subcode)
{
	static char buf[48];
	static const char *codes[] = { "", "header error", "OPEN error",
	    "UPDATE error", "hold timer expired", "FSM error", "cease",
	    "route refresh error" };

	snprintf(buf, sizeof(buf), "%s %u/%u",
	    code < 8 ? codes[code] : "unknown", code, subcode);
	return buf;
}

const char *
aid_name(uint8_t aid)
{
	switch (aid) {
	case AID_INET:
		return "ipv4";
	case AID_INET6:
		return "ipv6";
	}
	return "unspec";
}

int
aid_to_af(uint8_t aid)
{
	return aid == AID_INET6 ? AF_INET6 : AF_INET;
}

void
prefix_mask(struct bgp_prefix *p)
{
	unsigned int i, max = p->aid == AID_INET6 ? 16 : 4;

	for (i = 0; i < 16; i++) {
		if (i >= max || i * 8 >= p->len)
			p->addr[i] = 0;
		else if (i * 8 + 8 > p->len)
			p->addr[i] &= (uint8_t)(0xff << (8 - (p->len - i * 8)));
	}
}

int
prefix_str(const struct bgp_prefix *p, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(aid_to_af(p->aid), p->addr, a, sizeof(a)) == NULL)
		return -1;
	return snprintf(buf, size, "%s/%u", a, p->len) >= (int)size ? -1 : 0;
}

int
prefix_parse(const char *s, struct bgp_prefix *p)
{
	char a[INET6_ADDRSTRLEN + 5], *slash, *end;
	unsigned long len;

	memset(p, 0, sizeof(*p));
	if (strlen(s) >= sizeof(a))
		return -1;
	strcpy(a, s);
	slash = strchr(a, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, a, p->addr) == 1) {
		p->aid = AID_INET;
		len = 32;
	} else if (inet_pton(AF_INET6, a, p->addr) == 1) {
		p->aid = AID_INET6;
		len = 128;
	} else {
		return -1;
	}
	if (slash) {
		unsigned long max = len;

		if (*slash < '0' || *slash > '9')
			return -1;
		len = strtoul(slash, &end, 10);
		if (*end != '\0' || len > max)
			return -1;
	}
	p->len = (uint8_t)len;
	prefix_mask(p);
	return 0;
}

int
prefix_cmp(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	int c;

	if (a->aid != b->aid)
		return a->aid < b->aid ? -1 : 1;
	c = memcmp(a->addr, b->addr, a->aid == AID_INET6 ? 16 : 4);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}
