// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifctl import-aws: the vif blocks of dcvifd.conf(5) from what
 * "aws directconnect describe-virtual-interfaces" prints.
 *
 * AWS's document says everything about a virtual interface but which of the
 * customer's ports or LAGs its connection arrives on: that comes from
 * "lower" words on the command line, one for every connection or one for
 * all. What cannot be mapped is refused with the reason, and then nothing
 * is printed, so that "> file" never writes half a configuration.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcmd.h"

#define MAX_LOWERS	64

struct lower_map {
	const char	*conn;		/* dxcon-... or dxlag-..., NULL: any */
	const char	*ifname;
};

struct imp {
	struct lower_map lowers[MAX_LOWERS];
	int		 nlowers;
	const char	*prefix;	/* VIF names: PREFIX VLAN */
	char		*out;		/* the blocks, printed when all went well */
	size_t		 outlen;
	FILE		*o;
	int		 errors;
	int		 nvifs;
	long long	 local_as;	/* the customer's, of the first VIF */
	char		 local_as_vif[128];
};

static void
imp_err(struct imp *im, const char *vif, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
imp_err(struct imp *im, const char *vif, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "dcvifctl: import-aws: %s%s", vif ? vif : "",
		vif ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	im->errors++;
}

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* an integer field: 1, 0 when absent, -1 when not an integer */
static int
jint(json_object *o, const char *key, long long *val)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*val = json_object_get_int64(v);
	return 1;
}

/* "169.254.1.1/30" -> address and length, checked for the family */
static int
split_cidr(const char *s, int af, char *addr, size_t size, int *plen)
{
	const char *slash = strchr(s, '/');
	unsigned char buf[16];
	char *end;
	long l;

	if (slash == NULL || (size_t)(slash - s) >= size)
		return -1;
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	if (inet_pton(af, addr, buf) != 1)
		return -1;
	errno = 0;
	l = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1 || l < 0 ||
	    l > (af == AF_INET ? 32 : 128))
		return -1;
	*plen = (int)l;
	return 0;
}

static const char *
lower_of(const struct imp *im, const char *conn)
{
	int i;

	for (i = 0; i < im->nlowers; i++)
		if (im->lowers[i].conn && conn &&
		    strcmp(im->lowers[i].conn, conn) == 0)
			return im->lowers[i].ifname;
	for (i = 0; i < im->nlowers; i++)
		if (im->lowers[i].conn == NULL)
			return im->lowers[i].ifname;
	return NULL;
}

/* text from AWS in a comment line: no control character ends it early */
static void
print_comment_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

/* dcvifd.conf's string syntax: quotes and backslashes escaped */
static void
print_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
	}
	fputc('"', f);
}

struct peer_in {
	const char	*key;
	char		 cust[INET6_ADDRSTRLEN];
	char		 aws[INET6_ADDRSTRLEN];
	int		 plen;
	long long	 asn;
	int		 seen;
};

/* one of bgpPeers[]: fills p4 or p6; returns -1 when it cannot be used */
static int
import_peer(struct imp *im, const char *vif, json_object *bp,
	    struct peer_in *p4, struct peer_in *p6)
{
	const char *fam = jstr(bp, "addressFamily");
	const char *state = jstr(bp, "bgpPeerState");
	const char *ca = jstr(bp, "customerAddress");
	const char *aa = jstr(bp, "amazonAddress");
	struct peer_in *p;
	int af, aplen;
	long long asn = 0;

	if (state && (strcmp(state, "deleting") == 0 ||
		      strcmp(state, "deleted") == 0))
		return 0;
	if (fam == NULL || (strcmp(fam, "ipv4") && strcmp(fam, "ipv6"))) {
		imp_err(im, vif, "a BGP peer with addressFamily %s%s%s (ipv4 "
			"or ipv6 expected)", fam ? "'" : "", fam ? fam :
			"missing", fam ? "'" : "");
		return -1;
	}
	af = fam[3] == '4' ? AF_INET : AF_INET6;
	p = af == AF_INET ? p4 : p6;
	if (p->seen) {
		imp_err(im, vif, "two %s BGP peers: a vif block has one per "
			"address family", fam);
		return -1;
	}
	if (ca == NULL || aa == NULL) {
		imp_err(im, vif, "%s BGP peer without customerAddress and "
			"amazonAddress", fam);
		return -1;
	}
	if (split_cidr(ca, af, p->cust, sizeof(p->cust), &p->plen) == -1 ||
	    split_cidr(aa, af, p->aws, sizeof(p->aws), &aplen) == -1) {
		imp_err(im, vif, "%s BGP peer: addresses '%s' and '%s' are not "
			"%s ADDRESS/LENGTH", fam, ca, aa, fam);
		return -1;
	}
	if (aplen != p->plen) {
		imp_err(im, vif, "%s BGP peer: customerAddress /%d and "
			"amazonAddress /%d differ", fam, p->plen, aplen);
		return -1;
	}
	if (jint(bp, "asn", &asn) == -1) {
		imp_err(im, vif, "%s BGP peer: asn is not a number", fam);
		return -1;
	}
	p->asn = asn;
	p->key = jstr(bp, "authKey");
	p->seen = 1;
	return 0;
}

static void
import_vif(struct imp *im, json_object *v, int idx)
{
	const char *name = jstr(v, "virtualInterfaceName");
	const char *id = jstr(v, "virtualInterfaceId");
	const char *type = jstr(v, "virtualInterfaceType");
	const char *state = jstr(v, "virtualInterfaceState");
	const char *conn = jstr(v, "connectionId");
	const char *lower, *key;
	struct peer_in p4 = { 0 }, p6 = { 0 };
	json_object *peers, *sl;
	long long vlan = 0, amz = 0, mtu = 1500, asn = 0;
	char label[128], ifname[IF_NAMESIZE];
	int errors = im->errors, maxmtu;
	size_t i;

	snprintf(label, sizeof(label), "virtualInterfaces[%d] (%s%s%s)", idx,
		 id ? id : "no virtualInterfaceId", name ? ", " : "",
		 name ? name : "");
	if (state && (strcmp(state, "deleting") == 0 ||
		      strcmp(state, "deleted") == 0 ||
		      strcmp(state, "rejected") == 0)) {
		fprintf(stderr, "dcvifctl: import-aws: %s: %s, skipped\n",
			label, state);
		return;
	}
	if (jint(v, "vlan", &vlan) != 1 || vlan < 1 || vlan > 4094) {
		imp_err(im, label, "vlan missing or not 1..4094");
		return;
	}
	if (type == NULL || (strcmp(type, "private") &&
			     strcmp(type, "public") && strcmp(type, "transit"))) {
		imp_err(im, label, "virtualInterfaceType %s (private, public or "
			"transit expected)", type ? type : "missing");
		return;
	}
	if (jint(v, "mtu", &mtu) == -1) {
		imp_err(im, label, "mtu is not a number");
		return;
	}
	maxmtu = strcmp(type, "private") == 0 ? 9001 :
		 strcmp(type, "transit") == 0 ? 8500 : 1500;
	if (mtu != 1500 && mtu != maxmtu) {
		imp_err(im, label, "mtu %lld on a %s VIF (1500%s expected)", mtu,
			type, maxmtu == 1500 ? "" : maxmtu == 9001 ?
			" or 9001" : " or 8500");
		return;
	}
	if (json_object_object_get_ex(v, "siteLinkEnabled", &sl) &&
	    json_object_get_boolean(sl))
		imp_err(im, label, "SiteLink is enabled: AWS carries traffic "
			"between Direct Connect locations over it, which the "
			"vif blocks do not model (no transit between VIFs); "
			"disable it or leave this VIF out");
	lower = lower_of(im, conn);
	if (lower == NULL)
		imp_err(im, label, "connection %s: no 'lower' given for it "
			"(lower %s=IFNAME, or lower IFNAME for all)",
			conn ? conn : "(none)", conn ? conn : "dxcon-ID");
	if (jint(v, "amazonSideAsn", &amz) == -1 ||
	    jint(v, "asn", &asn) == -1) {
		imp_err(im, label, "asn or amazonSideAsn is not a number");
		return;
	}
	if (strcmp(type, "public") == 0)
		amz = 7224;	/* AWS's public ASN */
	if (amz < 1 || amz > 4294967295LL) {
		imp_err(im, label, "amazonSideAsn missing: AWS's ASN is needed "
			"for remote-as");
		return;
	}
	if (!json_object_object_get_ex(v, "bgpPeers", &peers) ||
	    !json_object_is_type(peers, json_type_array)) {
		imp_err(im, label, "no bgpPeers array");
		return;
	}
	for (i = 0; i < json_object_array_length(peers); i++)
		if (import_peer(im, label, json_object_array_get_idx(peers, i),
				&p4, &p6) == -1)
			return;
	if (!p4.seen && !p6.seen) {
		imp_err(im, label, "no BGP peer that is not deleted");
		return;
	}
	if (p4.seen && (p4.plen < 30 || p4.plen > 31)) {
		imp_err(im, label, "IPv4 peer /%d: dcvifd takes AWS's /30 or "
			"/31", p4.plen);
		return;
	}
	if (p6.seen && (p6.plen < 125 || p6.plen > 127)) {
		imp_err(im, label, "IPv6 peer /%d: dcvifd takes /125../127",
			p6.plen);
		return;
	}
	key = p4.seen ? p4.key : p6.key;
	if (p4.seen && p6.seen && (!p4.key) != (!p6.key)) {
		imp_err(im, label, "one BGP peer has an authKey, the other "
			"not: a vif block has one password for both");
		return;
	}
	if (p4.seen && p6.seen && p4.key && strcmp(p4.key, p6.key) != 0) {
		imp_err(im, label, "the IPv4 and IPv6 BGP peers have different "
			"authKeys: a vif block has one password for both (set "
			"the same key on AWS, or import them as two VIFs by "
			"hand)");
		return;
	}
	if (key && (strlen(key) < 6 || strlen(key) > 80)) {
		imp_err(im, label, "authKey of %zu characters (AWS and dcvifd "
			"take 6 to 80)", strlen(key));
		return;
	}
	if (p4.seen && p6.seen && p4.asn && p6.asn && p4.asn != p6.asn) {
		imp_err(im, label, "the BGP peers have different customer ASNs "
			"(%lld, %lld): dcvifd has one local-as", p4.asn,
			p6.asn);
		return;
	}
	if (!asn)
		asn = p4.asn ? p4.asn : p6.asn;
	if (asn && im->local_as && asn != im->local_as) {
		imp_err(im, label, "customer ASN %lld, but %s has %lld: dcvifd "
			"speaks with one local-as", asn, im->local_as_vif,
			im->local_as);
		return;
	}
	if (asn && !im->local_as) {
		im->local_as = asn;
		snprintf(im->local_as_vif, sizeof(im->local_as_vif), "%s",
			 label);
	}
	if (snprintf(ifname, sizeof(ifname), "%s%lld", im->prefix, vlan) >=
	    (int)sizeof(ifname)) {
		imp_err(im, label, "name %s%lld is longer than an interface "
			"name (15 characters)", im->prefix, vlan);
		return;
	}
	if (im->errors != errors)
		return;

	fprintf(im->o, "\n# ");
	print_comment_text(im->o, id ? id : "");
	if (name) {
		fputc(' ', im->o);
		print_comment_text(im->o, name);
	}
	if (conn) {
		fprintf(im->o, " on ");
		print_comment_text(im->o, conn);
	}
	if (asn)
		fprintf(im->o, "; customer ASN %lld (local-as)", asn);
	fprintf(im->o, "\nvif %s {\n", ifname);
	if (name || id) {
		char d[200];

		snprintf(d, sizeof(d), "%s%s%s", id ? id : "",
			 id && name ? " " : "", name ? name : "");
		fprintf(im->o, "\tdescription ");
		print_str(im->o, d);
		fputc('\n', im->o);
	}
	fprintf(im->o, "\tlower %s\n\tvlan %lld\n\ttype %s\n\tmtu %lld\n",
		lower, vlan, type, mtu);
	if (p4.seen)
		fprintf(im->o, "\taddress %s/%d\n\taws-address %s\n", p4.cust,
			p4.plen, p4.aws);
	if (p6.seen)
		fprintf(im->o, "\taddress6 %s/%d\n\taws-address6 %s\n",
			p6.cust, p6.plen, p6.aws);
	fprintf(im->o, "\tremote-as %lld\n", amz);
	if (key) {
		fprintf(im->o, "\tpassword ");
		print_str(im->o, key);
		fputc('\n', im->o);
	}
	fprintf(im->o, "\tbfd yes\n}\n");
	im->nvifs++;
}

static char *
read_all(const char *file, size_t *len)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	char *buf = NULL, *nb;
	size_t size = 0, n;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*len + 4096 + 1 > size) {
			size = size ? size * 2 : 65536;
			if (size > 64 << 20 || (nb = realloc(buf, size)) == NULL) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			buf = nb;
		}
		n = fread(buf + *len, 1, size - *len - 1, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (buf && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

int
import_aws_main(int argc, char *argv[])
{
	struct cli c = { .cmd = "import-aws", .argc = argc, .argv = argv,
			 .i = 1 };
	struct imp im = { .prefix = "vif" };
	struct json_tokener *tok;
	enum json_tokener_error jerr;
	json_object *doc, *vifs;
	const char *file = NULL, *w;
	char *buf;
	size_t len, i;

	while ((w = cli_next(&c)) != NULL) {
		if (strcmp(w, "lower") == 0) {
			char *v = cli_value(&c, "lower", "IFNAME or "
					    "CONNECTION-ID=IFNAME");
			char *eq = strchr(v, '=');

			if (im.nlowers == MAX_LOWERS)
				cli_fail(&c, "at most %d 'lower' words",
					 MAX_LOWERS);
			if (eq) {
				*eq = '\0';
				im.lowers[im.nlowers].conn = v;
				v = eq + 1;
			}
			cli_ifname(&c, "lower", v);
			im.lowers[im.nlowers++].ifname = v;
		} else if (strcmp(w, "name-prefix") == 0) {
			im.prefix = cli_value(&c, "name-prefix", "a prefix of "
					      "VIF names");
			if (strlen(im.prefix) > 11 ||
			    strpbrk(im.prefix, "/: \t\"") != NULL)
				cli_fail(&c, "name-prefix: at most 11 "
					 "characters, no '/', ':', blank or "
					 "quote");
		} else if (file == NULL) {
			file = w;
		} else {
			cli_unknown(&c, w, "lower, name-prefix");
		}
	}
	if (file == NULL)
		cli_fail(&c, "FILE (the JSON of aws directconnect "
			 "describe-virtual-interfaces) or - for stdin");
	if ((buf = read_all(file, &len)) == NULL) {
		fprintf(stderr, "dcvifctl: import-aws: %s: %s\n", file,
			strerror(errno));
		return 1;
	}
	tok = json_tokener_new();
	doc = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (doc == NULL || jerr != json_tokener_success) {
		fprintf(stderr, "dcvifctl: import-aws: %s: not JSON: %s near "
			"offset %zu\n", file, jerr == json_tokener_continue ?
			"unexpected end" : json_tokener_error_desc(jerr),
			json_tokener_get_parse_end(tok));
		json_tokener_free(tok);
		json_object_put(doc);
		free(buf);
		return 1;
	}
	json_tokener_free(tok);
	free(buf);
	if (!json_object_object_get_ex(doc, "virtualInterfaces", &vifs) ||
	    !json_object_is_type(vifs, json_type_array)) {
		fprintf(stderr, "dcvifctl: import-aws: %s: no "
			"virtualInterfaces array (the output of aws "
			"directconnect describe-virtual-interfaces)\n", file);
		json_object_put(doc);
		return 1;
	}
	im.o = open_memstream(&im.out, &im.outlen);
	if (im.o == NULL) {
		json_object_put(doc);
		return 1;
	}
	for (i = 0; i < json_object_array_length(vifs); i++)
		import_vif(&im, json_object_array_get_idx(vifs, i), (int)i);
	fclose(im.o);
	json_object_put(doc);
	if (im.errors) {
		fprintf(stderr, "dcvifctl: import-aws: %d problem%s, nothing "
			"written\n", im.errors, im.errors == 1 ? "" : "s");
		free(im.out);
		return 1;
	}
	if (im.nvifs == 0) {
		fprintf(stderr, "dcvifctl: import-aws: %s: no virtual "
			"interface to import\n", file);
		free(im.out);
		return 1;
	}
	printf("# dcvifd.conf(5) vif blocks from aws directconnect "
	       "describe-virtual-interfaces (dcvifctl import-aws)\n%s",
	       im.out);
	free(im.out);
	return 0;
}
