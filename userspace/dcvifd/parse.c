// SPDX-License-Identifier: GPL-2.0
/*
 * dcvifd.conf parser.  The grammar is in dcvifd.conf(5); in short:
 *
 *   config     := { statement }
 *   statement  := "router-id" IPV4 | "local-as" ASN | "network" PREFIX
 *               | "control-socket" STRING | "control-group" STRING
 *               | "restricted-socket" ( STRING | "none" )
 *               | "state-directory" STRING
 *               | "metrics" "listen" ADDRESS "port" NUMBER
 *               | "fib" "{" { fib-option } "}"
 *               | "bfd" "{" { bfd-option } "}"
 *               | "vif" NAME "{" { vif-option } "}"
 *               | "neighbor" ADDRESS "{" { neighbor-option } "}"
 *   neighbor-option := ... | "bfd" ( "yes" | "no" | "{" { bfd-option } "}" )
 *   statements end at a newline or ";", "#" starts a comment.
 *
 * Errors name file:line:column and what was expected there.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dcvifd.h"
#include "dcvif_ctl.h"

enum tok_type {
	T_EOF,
	T_WORD,
	T_STRING,
	T_LBRACE,
	T_RBRACE,
	T_EOS,		/* newline or ';' */
};

struct tok {
	enum tok_type	 type;
	char		 text[256];
	int		 line;
	int		 col;
};

struct parser {
	const char	*file;
	const char	*src;
	size_t		 len;
	size_t		 off;
	int		 line;
	int		 col;
	struct tok	 t;		/* current token */
	char		*err;
	size_t		 errlen;
	int		 failed;
};

static void
parse_error(struct parser *p, const struct tok *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
config_error(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
parse_error(struct parser *p, const struct tok *t, const char *fmt, ...)
{
	char what[400], got[300];
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	switch (t->type) {
	case T_EOF:
		snprintf(got, sizeof(got), "end of file");
		break;
	case T_EOS:
		snprintf(got, sizeof(got), "%s",
		    t->text[0] == ';' ? "';'" : "end of line");
		break;
	default:
		snprintf(got, sizeof(got), "'%.200s'", t->text);
		break;
	}
	snprintf(p->err, p->errlen, "%s:%d:%d: expected %s, got %s", p->file,
	    t->line, t->col, what, got);
}

static int
lex_getc(struct parser *p)
{
	int c;

	if (p->off >= p->len)
		return EOF;
	c = (unsigned char)p->src[p->off++];
	if (c == '\n') {
		p->line++;
		p->col = 1;
	} else {
		p->col++;
	}
	return c;
}

static int
lex_peek(struct parser *p)
{
	return p->off < p->len ? (unsigned char)p->src[p->off] : EOF;
}

static void
lex(struct parser *p)
{
	struct tok *t = &p->t;
	size_t n = 0;
	int c;

	for (;;) {
		c = lex_peek(p);
		if (c == ' ' || c == '\t' || c == '\r') {
			lex_getc(p);
		} else if (c == '#') {
			while ((c = lex_peek(p)) != EOF && c != '\n')
				lex_getc(p);
		} else if (c == '\\' && p->off + 1 < p->len &&
		    p->src[p->off + 1] == '\n') {
			lex_getc(p);
			lex_getc(p);
		} else {
			break;
		}
	}
	t->line = p->line;
	t->col = p->col;
	t->text[0] = '\0';
	c = lex_getc(p);
	switch (c) {
	case EOF:
		t->type = T_EOF;
		return;
	case '\n':
	case ';':
		t->type = T_EOS;
		t->text[0] = (char)c;
		t->text[1] = '\0';
		return;
	case '{':
		t->type = T_LBRACE;
		strcpy(t->text, "{");
		return;
	case '}':
		t->type = T_RBRACE;
		strcpy(t->text, "}");
		return;
	case '"':
		t->type = T_STRING;
		while ((c = lex_getc(p)) != '"') {
			if (c == EOF || c == '\n') {
				struct tok bad = *t;

				bad.type = c == EOF ? T_EOF : T_EOS;
				strcpy(bad.text, "\n");
				parse_error(p, &bad, "closing '\"'");
				t->type = T_EOF;
				return;
			}
			if (c == '\\' && (lex_peek(p) == '"' ||
			    lex_peek(p) == '\\'))
				c = lex_getc(p);
			if (n + 1 < sizeof(t->text))
				t->text[n++] = (char)c;
		}
		t->text[n] = '\0';
		return;
	}
	t->type = T_WORD;
	t->text[n++] = (char)c;
	while ((c = lex_peek(p)) != EOF && !isspace(c) && c != ';' &&
	    c != '{' && c != '}' && c != '#' && c != '"') {
		lex_getc(p);
		if (n + 1 < sizeof(t->text))
			t->text[n++] = (char)c;
	}
	t->text[n] = '\0';
}

/* the next token if it is a word (1); otherwise 0 and nothing read */
static int
lex_word(struct parser *p)
{
	struct tok keep = p->t;
	size_t off = p->off;
	int line = p->line, col = p->col;

	lex(p);
	if (p->t.type == T_WORD)
		return 1;
	p->t = keep;
	p->off = off;
	p->line = line;
	p->col = col;
	return 0;
}

/* the value of a statement: a word or a string */
static int
expect_value(struct parser *p, const char *what, char *buf, size_t size)
{
	lex(p);
	if (p->t.type != T_WORD && p->t.type != T_STRING) {
		parse_error(p, &p->t, "%s", what);
		return -1;
	}
	if (strlen(p->t.text) >= size) {
		parse_error(p, &p->t, "%s (at most %zu characters)", what,
		    size - 1);
		return -1;
	}
	strcpy(buf, p->t.text);
	return 0;
}

static int
expect_eos(struct parser *p)
{
	lex(p);
	if (p->t.type == T_EOS || p->t.type == T_EOF || p->t.type == T_RBRACE)
		return 0;
	parse_error(p, &p->t, "end of statement");
	return -1;
}

/*
 * The option loop of a block: block_next() reads on to the next option's
 * keyword (1), the block's '}' (0), or anything else (-1: the caller says
 * what it expected); block_end() ends an option: 0 more may follow, 1 the
 * block ended with it, -1 an error (said), -2 the file ended (the caller
 * says what it expected).
 */
static int
block_next(struct parser *p)
{
	do
		lex(p);
	while (p->t.type == T_EOS);
	if (p->t.type == T_RBRACE)
		return 0;
	return p->t.type == T_WORD ? 1 : -1;
}

static int
block_end(struct parser *p)
{
	if (expect_eos(p) == -1)
		return -1;
	if (p->t.type == T_RBRACE)
		return 1;
	return p->t.type == T_EOF ? -2 : 0;
}

/* append the element (size octets) to *arr, of *n: 0, or -1 (said) */
static int
parse_append(struct parser *p, void *arr, size_t *n, size_t size,
    const void *elem)
{
	void **a = arr;
	char *na;

	if ((na = reallocarray(*a, *n + 1, size)) == NULL) {
		parse_error(p, &p->t, "memory");
		return -1;
	}
	memcpy(na + *n * size, elem, size);
	*a = na;
	(*n)++;
	return 0;
}

static int
parse_number(struct parser *p, const char *what, unsigned long min,
    unsigned long max, unsigned long *v)
{
	char *end;

	lex(p);
	if (p->t.type != T_WORD || !isdigit((unsigned char)p->t.text[0]))
		goto bad;
	errno = 0;
	*v = strtoul(p->t.text, &end, 10);
	if (errno || *end != '\0' || *v < min || *v > max)
		goto bad;
	return 0;
bad:
	parse_error(p, &p->t, "%s (%lu..%lu)", what, min, max);
	return -1;
}

static int
parse_asn(struct parser *p, uint32_t *as)
{
	unsigned long hi, lo;
	char *dot, *end;

	lex(p);
	if (p->t.type != T_WORD || !isdigit((unsigned char)p->t.text[0]))
		goto bad;
	errno = 0;
	dot = strchr(p->t.text, '.');
	if (dot) {	/* asdot notation */
		hi = strtoul(p->t.text, &end, 10);
		if (end != dot || hi > 0xffff)
			goto bad;
		lo = strtoul(dot + 1, &end, 10);
		if (*end != '\0' || lo > 0xffff || dot[1] == '\0')
			goto bad;
		*as = (uint32_t)(hi << 16 | lo);
	} else {
		lo = strtoul(p->t.text, &end, 10);
		if (errno || *end != '\0' || lo > 0xffffffffUL)
			goto bad;
		*as = (uint32_t)lo;
	}
	if (*as == 0 || *as == AS_TRANS)
		goto bad;
	return 0;
bad:
	parse_error(p, &p->t, "AS number (1..4294967295, not 23456)");
	return -1;
}

static int
parse_bool(struct parser *p, uint8_t *v)
{
	lex(p);
	if (p->t.type == T_WORD && strcmp(p->t.text, "yes") == 0)
		*v = 1;
	else if (p->t.type == T_WORD && strcmp(p->t.text, "no") == 0)
		*v = 0;
	else {
		parse_error(p, &p->t, "'yes' or 'no'");
		return -1;
	}
	return 0;
}

static int
str_to_addr(const char *s, struct bgp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1)
		a->aid = AID_INET;
	else if (inet_pton(AF_INET6, s, a->addr) == 1)
		a->aid = AID_INET6;
	else
		return -1;
	return 0;
}

int
addr_str(const struct bgp_addr *a, char *buf, size_t size)
{
	if (a->aid == AID_UNSPEC) {
		snprintf(buf, size, "none");
		return 0;
	}
	return inet_ntop(aid_to_af(a->aid), a->addr, buf, (socklen_t)size) ?
	    0 : -1;
}

static int
parse_addr(struct parser *p, const char *what, struct bgp_addr *a)
{
	lex(p);
	if (p->t.type != T_WORD || str_to_addr(p->t.text, a) == -1) {
		parse_error(p, &p->t, "%s", what);
		return -1;
	}
	return 0;
}


static const char *const bfd_auth_names[] = {
	"none", "simple", "keyed-md5", "meticulous-keyed-md5", "keyed-sha1",
	"meticulous-keyed-sha1",
};

const char *
bfd_auth_name(unsigned int t)
{
	return t < sizeof(bfd_auth_names) / sizeof(bfd_auth_names[0]) ?
	    bfd_auth_names[t] : "unknown";
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* a BFD key: text, or hex after 0x; its length is checked later */
static int
parse_bfd_key(struct parser *p, struct bfd_config *b)
{
	const char *s;
	size_t len, i;

	lex(p);
	if (p->t.type != T_WORD && p->t.type != T_STRING)
		goto bad;
	s = p->t.text;
	if (p->t.type == T_WORD && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len = strlen(s);
		if (len == 0 || len % 2 || len / 2 > BFD_KEY_MAX)
			goto bad;
		for (i = 0; i < len / 2; i++) {
			int hi = hexval((unsigned char)s[2 * i]);
			int lo = hexval((unsigned char)s[2 * i + 1]);

			if (hi < 0 || lo < 0)
				goto bad;
			b->key[i] = (uint8_t)(hi << 4 | lo);
		}
		b->keylen = (uint8_t)(len / 2);
	} else {
		len = strlen(s);
		if (len == 0 || len > BFD_KEY_MAX)
			goto bad;
		memcpy(b->key, s, len);
		b->keylen = (uint8_t)len;
	}
	explicit_bzero(p->t.text, sizeof(p->t.text));
	return 0;
bad:
	explicit_bzero(p->t.text, sizeof(p->t.text));
	strcpy(p->t.text, "...");
	parse_error(p, &p->t, "BFD key: 1 to %d characters, or hex after 0x",
	    BFD_KEY_MAX);
	return -1;
}

/* BFD padding: "on" (1, the VIF's MTU), "off" (0), or 2..65535 bytes */
static int
parse_padding(struct parser *p, uint16_t *pad)
{
	unsigned long v;
	char *end;

	lex(p);
	if (p->t.type == T_WORD && strcmp(p->t.text, "on") == 0) {
		*pad = 1;
		return 0;
	}
	if (p->t.type == T_WORD && strcmp(p->t.text, "off") == 0) {
		*pad = 0;
		return 0;
	}
	if (p->t.type == T_WORD && isdigit((unsigned char)p->t.text[0])) {
		errno = 0;
		v = strtoul(p->t.text, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 2 && v <= 65535) {
			*pad = (uint16_t)v;
			return 0;
		}
	}
	parse_error(p, &p->t, "BFD padding: 'on', 'off' or bytes (2..65535)");
	return -1;
}

/* "{" { bfd-option } "}", after "bfd" */
static int
parse_bfd_block(struct parser *p, struct bfd_config *b)
{
	unsigned long v;
	unsigned int t;
	int r;

	for (;;) {
		if ((r = block_next(p)) == 0)
			return 0;
		if (r < 0)
			goto bad;
		if (strcmp(p->t.text, "interval") == 0 ||
		    strcmp(p->t.text, "tx-interval") == 0 ||
		    strcmp(p->t.text, "rx-interval") == 0) {
			int tx = p->t.text[0] != 'r', rx = p->t.text[0] != 't';

			if (parse_number(p, "milliseconds", 1, BFD_INTERVAL_MAX,
			    &v) == -1)
				return -1;
			if (tx) {
				b->tx_ms = (uint16_t)v;
				b->seen |= BFD_SEEN_TX;
			}
			if (rx) {
				b->rx_ms = (uint16_t)v;
				b->seen |= BFD_SEEN_RX;
			}
		} else if (strcmp(p->t.text, "multiplier") == 0) {
			if (parse_number(p, "detection multiplier", 1, 255,
			    &v) == -1)
				return -1;
			b->mult = (uint8_t)v;
			b->seen |= BFD_SEEN_MULT;
		} else if (strcmp(p->t.text, "auth") == 0) {
			lex(p);
			for (t = 0; t < sizeof(bfd_auth_names) /
			    sizeof(bfd_auth_names[0]); t++)
				if (p->t.type == T_WORD &&
				    strcmp(p->t.text, bfd_auth_names[t]) == 0)
					break;
			if (t == sizeof(bfd_auth_names) /
			    sizeof(bfd_auth_names[0])) {
				parse_error(p, &p->t, "BFD authentication (none, "
				    "simple, keyed-md5, meticulous-keyed-md5, "
				    "keyed-sha1, meticulous-keyed-sha1)");
				return -1;
			}
			b->auth_type = (uint8_t)t;
			b->seen |= BFD_SEEN_AUTH;
		} else if (strcmp(p->t.text, "key-id") == 0) {
			if (parse_number(p, "key id", 0, 255, &v) == -1)
				return -1;
			b->key_id = (uint8_t)v;
		} else if (strcmp(p->t.text, "key") == 0) {
			if (parse_bfd_key(p, b) == -1)
				return -1;
		} else if (strcmp(p->t.text, "strict") == 0) {
			if (parse_bool(p, &b->strict) == -1)
				return -1;
			b->seen |= BFD_SEEN_STRICT;
		} else if (strcmp(p->t.text, "padding") == 0) {
			/*
			 * RFC 9764: on (the VIF's MTU), off, or the IP
			 * packet size; the kernel checks a size against
			 * the session and the VIF, its refusal is logged
			 */
			if (parse_padding(p, &b->padding) == -1)
				return -1;
			b->seen |= BFD_SEEN_PADDING;
		} else if (strcmp(p->t.text, "echo-interval") == 0 ||
		    strcmp(p->t.text, "echo-rx-interval") == 0) {
			int echo_rx = p->t.text[5] == 'r';

			/*
			 * Echo (RFC 5880 6.4): we send at echo-interval;
			 * echo-rx-interval is advertised and the VIF's
			 * forwarding loops the peer's (the kernel refuses
			 * it while the VIF does not forward). 0: off.
			 */
			if (parse_number(p, "milliseconds (0: off)", 0,
			    BFD_INTERVAL_MAX, &v) == -1)
				return -1;
			if (echo_rx) {
				b->echo_rx_ms = (uint16_t)v;
				b->seen |= BFD_SEEN_ECHO_RX;
			} else {
				b->echo_tx_ms = (uint16_t)v;
				b->seen |= BFD_SEEN_ECHO_TX;
			}
		} else {
			goto bad;
		}
		if ((r = block_end(p)) == 1)
			return 0;
		if (r == -1)
			return -1;
		if (r < 0)
			goto bad;
	}
bad:
	parse_error(p, &p->t, "bfd option (interval, tx-interval, rx-interval, "
	    "multiplier, auth, key-id, key, strict, padding, echo-interval, "
	    "echo-rx-interval) or '}'");
	return -1;
}

/* a block's authentication: the key it needs, of the right length */
static int
bfd_check_auth(struct parser *p, const struct bfd_config *b, int line)
{
	size_t max = b->auth_type >= 4 ? 20 : 16;
	struct tok at = p->t;

	at.type = T_WORD;
	at.line = line;
	at.col = 1;
	strcpy(at.text, "bfd");
	if (b->auth_type == 0 && b->keylen) {
		parse_error(p, &at, "'auth TYPE' with the BFD key");
		return -1;
	}
	if (b->auth_type && b->keylen == 0) {
		parse_error(p, &at, "'key' for BFD auth %s",
		    bfd_auth_name(b->auth_type));
		return -1;
	}
	if (b->keylen > max) {
		parse_error(p, &at, "a BFD key of at most %zu bytes for %s",
		    max, bfd_auth_name(b->auth_type));
		return -1;
	}
	return 0;
}

static int
parse_fib(struct parser *p, struct dcvifd_config *c)
{
	unsigned long v;
	int r;

	lex(p);
	if (p->t.type != T_LBRACE) {
		parse_error(p, &p->t, "'{'");
		return -1;
	}
	for (;;) {
		if ((r = block_next(p)) == 0)
			return 0;
		if (r < 0)
			goto bad;
		if (strcmp(p->t.text, "table") == 0) {
			if (parse_number(p, "routing table id", 1, 0xfffffffe,
			    &v) == -1)
				return -1;
			c->fib_table = (uint32_t)v;
		} else if (strcmp(p->t.text, "update") == 0) {
			if (parse_bool(p, &c->fib_update) == -1)
				return -1;
		} else if (strcmp(p->t.text, "keep-on-exit") == 0) {
			if (parse_bool(p, &c->fib_keep) == -1)
				return -1;
		} else if (strcmp(p->t.text, "ecmp") == 0) {
			if (parse_number(p, "maximum paths", 1, 32, &v) == -1)
				return -1;
			c->ecmp = (uint8_t)v;
		} else if (strcmp(p->t.text, "stale-time") == 0) {
			if (parse_number(p, "seconds", 0, 3600, &v) == -1)
				return -1;
			c->stale_time = (uint16_t)v;
		} else {
			goto bad;
		}
		if ((r = block_end(p)) == 1)
			return 0;
		if (r == -1)
			return -1;
		if (r < 0)
			goto bad;
	}
bad:
	parse_error(p, &p->t, "fib option (table, update, keep-on-exit, "
	    "ecmp, stale-time) or '}'");
	return -1;
}

/* metrics listen ADDRESS port N: dcvifd's HTTP listener (metrics.c) */
static int
parse_metrics(struct parser *p, struct dcvifd_config *c)
{
	unsigned long v;
	int line = p->t.line;

	if (c->metrics_line) {
		parse_error(p, &p->t, "one metrics statement (the first is on "
		    "line %d)", c->metrics_line);
		return -1;
	}
	lex(p);
	if (p->t.type != T_WORD || strcmp(p->t.text, "listen") != 0) {
		parse_error(p, &p->t, "'listen'");
		return -1;
	}
	if (parse_addr(p, "listen address (IPv4 or IPv6, e.g. 127.0.0.1 "
	    "or ::1)", &c->metrics_addr) == -1)
		return -1;
	/* an IPv6 link-local address would need an interface: not taken */
	if ((c->metrics_addr.aid == AID_INET &&
	    (c->metrics_addr.addr[0] & 0xf0) == 0xe0) ||
	    (c->metrics_addr.aid == AID_INET6 &&
	    (c->metrics_addr.addr[0] == 0xff ||
	    (c->metrics_addr.addr[0] == 0xfe &&
	    (c->metrics_addr.addr[1] & 0xc0) == 0x80)))) {
		parse_error(p, &p->t, "a listen address neither multicast nor IPv6 "
		    "link-local");
		return -1;
	}
	lex(p);
	if (p->t.type != T_WORD || strcmp(p->t.text, "port") != 0) {
		parse_error(p, &p->t, "'port'");
		return -1;
	}
	if (parse_number(p, "TCP port", 1, 65535, &v) == -1)
		return -1;
	c->metrics_port = (uint16_t)v;
	c->metrics_line = line;
	return 0;
}

/* one of the words (a NULL-ended list): *v its number, from 1 */
static int
parse_choice(struct parser *p, const char *const *words, const char *what,
    uint8_t *v)
{
	uint8_t i;

	lex(p);
	for (i = 0; p->t.type == T_WORD && words[i]; i++)
		if (strcmp(p->t.text, words[i]) == 0) {
			*v = (uint8_t)(i + 1);
			return 0;
		}
	parse_error(p, &p->t, "%s", what);
	return -1;
}

/*
 * One BGP setting of a neighbor or vif block, the current token being its
 * keyword: 1 if it was one, 0 if the keyword is not a BGP setting, -1 on
 * an error.  The address settings (local-address, interface,
 * address-family) are the neighbor block's: a vif block derives them.
 */
static int
parse_peer_option(struct parser *p, struct peer_config *pc, int *seen_as)
{
	unsigned long v;

	if (strcmp(p->t.text, "remote-as") == 0) {
		if (parse_asn(p, &pc->remote_as) == -1)
			return -1;
		*seen_as = 1;
	} else if (strcmp(p->t.text, "description") == 0) {
		if (expect_value(p, "description", pc->descr,
		    sizeof(pc->descr)) == -1)
			return -1;
	} else if (strcmp(p->t.text, "password") == 0) {
		if (expect_value(p, "MD5 key", pc->md5key,
		    sizeof(pc->md5key)) == -1)
			return -1;
		if (strlen(pc->md5key) < MD5_MIN_LEN) {
			parse_error(p, &p->t, "MD5 key of %d to %d "
			    "characters", MD5_MIN_LEN, MD5_MAX_LEN);
			return -1;
		}
	} else if (strcmp(p->t.text, "hold-time") == 0) {
		if (parse_number(p, "hold time in seconds",
		    MIN_HOLDTIME, 65535, &v) == -1)
			return -1;
		pc->holdtime = (uint16_t)v;
	} else if (strcmp(p->t.text, "keepalive") == 0) {
		if (parse_number(p, "keepalive in seconds", 1, 21845,
		    &v) == -1)
			return -1;
		pc->keepalive = (uint16_t)v;
	} else if (strcmp(p->t.text, "connect-retry") == 0) {
		if (parse_number(p, "connect retry in seconds", 1,
		    65535, &v) == -1)
			return -1;
		pc->connectretry = (uint16_t)v;
	} else if (strcmp(p->t.text, "passive") == 0) {
		pc->passive = 1;
	} else if (strcmp(p->t.text, "ttl-security") == 0) {
		pc->ttlsec = 1;
	} else if (strcmp(p->t.text, "shutdown") == 0) {
		pc->shutdown = 1;
	} else if (strcmp(p->t.text, "bfd") == 0) {
		lex(p);
		if (p->t.type == T_LBRACE) {
			pc->bfd.enabled = 1;
			if (parse_bfd_block(p, &pc->bfd) == -1)
				return -1;
		} else if (p->t.type == T_WORD &&
		    (strcmp(p->t.text, "yes") == 0 ||
		    strcmp(p->t.text, "no") == 0)) {
			pc->bfd.enabled = p->t.text[0] == 'y';
		} else {
			parse_error(p, &p->t, "'yes', 'no' or '{'");
			return -1;
		}
	} else if (strcmp(p->t.text, "announce") == 0) {
		lex(p);
		if (p->t.type == T_WORD && strcmp(p->t.text, "all") == 0)
			pc->announce = ANNOUNCE_ALL;
		else if (p->t.type == T_WORD &&
		    strcmp(p->t.text, "self") == 0)
			pc->announce = ANNOUNCE_SELF;
		else if (p->t.type == T_WORD &&
		    strcmp(p->t.text, "none") == 0)
			pc->announce = ANNOUNCE_NONE;
		else {
			parse_error(p, &p->t, "'all', 'self' or 'none'");
			return -1;
		}
	} else if (strcmp(p->t.text, "prepend") == 0) {
		if (parse_number(p, "number of extra AS copies", 0, 10,
		    &v) == -1)
			return -1;
		pc->prepend = (uint8_t)v;
	} else if (strcmp(p->t.text, "local-preference") == 0) {
		static const char *const lp[] = { "low", "medium", "high", NULL };

		if (parse_choice(p, lp, "'low', 'medium' or 'high' (AWS's "
		    "7224:7100, 7200, 7300)", &pc->aws_lp) == -1)
			return -1;
	} else if (strcmp(p->t.text, "scope") == 0) {
		static const char *const sc[] = { "region", "continent",
		    "global", NULL };

		if (parse_choice(p, sc, "'region', 'continent' or 'global' "
		    "(AWS's 7224:9100, 9200, 9300)", &pc->aws_scope) == -1)
			return -1;
	} else if (strcmp(p->t.text, "import") == 0 ||
	    strcmp(p->t.text, "export") == 0) {
		int in = p->t.text[0] == 'i';
		char *name;

		lex(p);
		if (p->t.type == T_WORD &&
		    strcmp(p->t.text, "prefix-list") == 0) {
			name = in ? pc->plist_in_name : pc->plist_out_name;
			if (expect_value(p, "prefix list name", name,
			    PLIST_NAME_MAX) == -1)
				return -1;
		} else if (p->t.type == T_WORD &&
		    strcmp(p->t.text, "policy") == 0) {
			name = in ? pc->pol_in_name : pc->pol_out_name;
			if (expect_value(p, "policy name", name,
			    PLIST_NAME_MAX) == -1)
				return -1;
		} else {
			parse_error(p, &p->t, "'prefix-list' or 'policy'");
			return -1;
		}
	} else if (strcmp(p->t.text, "announce-aws-routes") == 0) {
		if (parse_bool(p, &pc->announce_aws) == -1)
			return -1;
	} else if (strcmp(p->t.text, "max-prefix-out") == 0) {
		if (parse_number(p, "prefix count (0: no limit)", 0,
		    MAXPFX_MAX, &v) == -1)
			return -1;
		pc->maxpfx_out = (uint32_t)v;
		pc->maxpfx_out_set = 1;
	} else if (strcmp(p->t.text, "max-prefix") == 0) {
		if (parse_number(p, "prefix count", 1, MAXPFX_MAX, &v) == -1)
			return -1;
		pc->maxpfx_in = (uint32_t)v;
		pc->maxpfx_warn = 0;
		pc->maxpfx_restart = 0;
		while (lex_word(p)) {
			if (strcmp(p->t.text, "restart") == 0) {
				if (parse_number(p, "restart time in seconds",
				    1, 65535, &v) == -1)
					return -1;
				pc->maxpfx_restart = (uint16_t)v;
			} else if (strcmp(p->t.text, "warning-only") == 0) {
				pc->maxpfx_warn = 1;
			} else {
				parse_error(p, &p->t, "'restart SECONDS', "
				    "'warning-only' or the end of the "
				    "statement");
				return -1;
			}
		}
		if (pc->maxpfx_warn && pc->maxpfx_restart) {
			parse_error(p, &p->t, "'restart' or 'warning-only', "
			    "not both (a warning ends nothing to restart)");
			return -1;
		}
	} else {
		return 0;
	}
	return 1;
}

/* after the block: what a neighbor and a vif both need */
static int
peer_check(struct parser *p, const struct peer_config *pc, int seen_as,
    const char *block, int line)
{
	if (!seen_as) {
		parse_error(p, &p->t, "'remote-as' in %s block started "
		    "at line %d", block, line);
		return -1;
	}
	if (pc->keepalive && pc->keepalive > pc->holdtime / 3) {
		parse_error(p, &p->t, "keepalive at most hold-time / 3 (%u) "
		    "in %s block started at line %d", pc->holdtime / 3,
		    block, line);
		return -1;
	}
	return 0;
}

static int
peer_add(struct parser *p, struct dcvifd_config *c,
    const struct peer_config *pc, const struct tok *at)
{
	size_t i;

	for (i = 0; i < c->npeers; i++)
		if (memcmp(&c->peers[i].remote, &pc->remote,
		    sizeof(pc->remote)) == 0) {
			parse_error(p, at, "a neighbor address not used "
			    "before (line %d)", c->peers[i].line);
			return -1;
		}
	return parse_append(p, &c->peers, &c->npeers, sizeof(*pc), pc);
}

static int
parse_neighbor(struct parser *p, struct dcvifd_config *c)
{
	struct peer_config pc;
	struct tok at;
	int seen_as = 0, r;

	memset(&pc, 0, sizeof(pc));
	pc.holdtime = DEFAULT_HOLDTIME;
	pc.connectretry = DEFAULT_CONNECTRETRY;
	if (parse_addr(p, "neighbor address", &pc.remote) == -1)
		return -1;
	at = p->t;
	pc.line = at.line;
	lex(p);
	if (p->t.type != T_LBRACE) {
		parse_error(p, &p->t, "'{'");
		return -1;
	}
	for (;;) {
		if ((r = block_next(p)) == 0)
			break;
		if (r < 0)
			goto bad;
		if (strcmp(p->t.text, "local-address") == 0) {
			if (parse_addr(p, "local IP address", &pc.local) == -1)
				return -1;
			if (pc.local.aid != pc.remote.aid) {
				parse_error(p, &p->t, "an address of the "
				    "neighbor's family (%s)",
				    aid_name(pc.remote.aid));
				return -1;
			}
		} else if (strcmp(p->t.text, "interface") == 0) {
			if (expect_value(p, "interface name", pc.ifname,
			    sizeof(pc.ifname)) == -1)
				return -1;
		} else if (strcmp(p->t.text, "address-family") == 0) {
			lex(p);
			if (p->t.type == T_WORD &&
			    strcmp(p->t.text, "ipv4") == 0)
				pc.aids |= AID_BIT(AID_INET);
			else if (p->t.type == T_WORD &&
			    strcmp(p->t.text, "ipv6") == 0)
				pc.aids |= AID_BIT(AID_INET6);
			else {
				parse_error(p, &p->t, "'ipv4' or 'ipv6'");
				return -1;
			}
		} else if ((r = parse_peer_option(p, &pc, &seen_as)) == -1) {
			return -1;
		} else if (r == 0) {
			goto bad;
		}
		if ((r = block_end(p)) == 1)
			break;
		if (r == -1)
			return -1;
		if (r < 0)
			goto bad;
	}
	if (peer_check(p, &pc, seen_as, "neighbor", at.line) == -1)
		return -1;
	if (pc.bfd.enabled && pc.ifname[0] == '\0') {
		parse_error(p, &p->t, "'interface' (the VIF BFD runs on) in "
		    "neighbor block started at line %d", at.line);
		return -1;
	}
	if (pc.aids == 0)
		pc.aids = AID_BIT(pc.remote.aid);
	return peer_add(p, c, &pc, &at);
bad:
	parse_error(p, &p->t, "neighbor option (remote-as, local-address, "
	    "interface, description, password, hold-time, keepalive, "
	    "connect-retry, passive, ttl-security, prepend, announce, "
	    "max-prefix, max-prefix-out, local-preference, scope, "
	    "announce-aws-routes, import, export, address-family, bfd, "
	    "shutdown) or '}'");
	return -1;
}

static const char *const vif_type_names[] = {
	[VIF_TYPE_PRIVATE] = "private",
	[VIF_TYPE_PUBLIC] = "public",
	[VIF_TYPE_TRANSIT] = "transit",
};

const char *
vif_type_name(unsigned int t)
{
	return t >= 1 && t <= VIF_TYPE_TRANSIT ? vif_type_names[t] : "?";
}

/* AWS Direct Connect's largest MTU of a VIF type, as the module's policy */
unsigned int
vif_type_mtu(unsigned int t)
{
	return t == VIF_TYPE_PRIVATE ? 9001 : t == VIF_TYPE_TRANSIT ? 8500 :
	    1500;
}

/* AWS's limit on what the customer advertises on a session of a VIF type */
unsigned int
vif_type_maxpfx(unsigned int t)
{
	return t == VIF_TYPE_PUBLIC ? AWS_MAXPFX_PUBLIC : AWS_MAXPFX_PRIVATE;
}

/* ADDRESS/LENGTH of the family aid with a length in min..max */
static int
parse_ifaddr(struct parser *p, uint8_t aid, unsigned int min,
    unsigned int max, struct bgp_addr *a, uint8_t *plen)
{
	char buf[INET6_ADDRSTRLEN + 4], *slash, *end;
	unsigned long l;

	lex(p);
	if (p->t.type != T_WORD || strlen(p->t.text) >= sizeof(buf))
		goto bad;
	strcpy(buf, p->t.text);
	if ((slash = strchr(buf, '/')) == NULL)
		goto bad;
	*slash = '\0';
	errno = 0;
	l = strtoul(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end != '\0' || errno || l < min || l > max)
		goto bad;
	if (str_to_addr(buf, a) == -1 || a->aid != aid)
		goto bad;
	*plen = (uint8_t)l;
	return 0;
bad:
	parse_error(p, &p->t, "%s address with its prefix length (/%u..%u)",
	    aid == AID_INET ? "IPv4" : "IPv6", min, max);
	return -1;
}

/* is b in the subnet a/plen, and a usable address pair with it? */
static const char *
vif_pair_check(const struct bgp_addr *a, const struct bgp_addr *b,
    unsigned int plen)
{
	unsigned int len = a->aid == AID_INET ? 4 : 16, i, host = 0, bits;
	uint8_t ma, mb, m;
	int all0a = 1, all1a = 1, all0b = 1, all1b = 1;

	if (memcmp(a->addr, b->addr, len) == 0)
		return "the same address at both ends";
	for (i = 0; i < len; i++) {
		bits = plen > i * 8 ? (plen - i * 8 >= 8 ? 8 : plen - i * 8) :
		    0;
		m = (uint8_t)(0xff00 >> bits);
		ma = a->addr[i];
		mb = b->addr[i];
		if ((ma & m) != (mb & m))
			return "not in our address's subnet";
		host = (uint8_t)~m;
		if ((ma & host) != 0)
			all0a = 0;
		if ((ma & host) != host)
			all1a = 0;
		if ((mb & host) != 0)
			all0b = 0;
		if ((mb & host) != host)
			all1b = 0;
	}
	/* a /30 (and an IPv6 /125..126) has a subnet and a broadcast address */
	if ((a->aid == AID_INET && plen == 30) &&
	    (all0a || all1a || all0b || all1b))
		return "the subnet's network or broadcast address";
	if (a->aid == AID_INET6 && plen < 127 && (all0a || all0b))
		return "the subnet-router anycast address";
	return NULL;
}

/*
 * "vif" NAME "{" ... "}": what AWS hands out for a virtual interface, made
 * into the VIF and its neighbors (one per address family).
 */
static int
parse_vif(struct parser *p, struct dcvifd_config *c)
{
	struct vif_config v;
	struct peer_config pc, pc6;
	struct tok at, aws4t, aws6t, mtut;
	unsigned long n;
	const char *why;
	size_t i;
	int seen_as = 0, r;

	memset(&v, 0, sizeof(v));
	memset(&pc, 0, sizeof(pc));
	pc.holdtime = DEFAULT_HOLDTIME;
	pc.connectretry = DEFAULT_CONNECTRETRY;
	v.type = VIF_TYPE_PRIVATE;
	v.mtu = 1500;
	if (expect_value(p, "VIF name", v.name, sizeof(v.name)) == -1)
		return -1;
	at = aws4t = aws6t = mtut = p->t;
	v.line = at.line;
	if (strcmp(v.name, ".") == 0 || strcmp(v.name, "..") == 0 ||
	    strpbrk(v.name, "/: \t") != NULL) {
		parse_error(p, &at, "VIF name (an interface name: no '/', ':' "
		    "or blank)");
		return -1;
	}
	for (i = 0; i < c->nvifs; i++)
		if (strcmp(c->vifs[i].name, v.name) == 0) {
			parse_error(p, &at, "a VIF name not used before "
			    "(line %d)", c->vifs[i].line);
			return -1;
		}
	lex(p);
	if (p->t.type != T_LBRACE) {
		parse_error(p, &p->t, "'{'");
		return -1;
	}
	for (;;) {
		if ((r = block_next(p)) == 0)
			break;
		if (r < 0)
			goto bad;
		if (strcmp(p->t.text, "lower") == 0) {
			if (expect_value(p, "lower device (a port or a dclag)",
			    v.lower, sizeof(v.lower)) == -1)
				return -1;
		} else if (strcmp(p->t.text, "vlan") == 0) {
			if (parse_number(p, "VLAN ID", 1, 4094, &n) == -1)
				return -1;
			v.vlan = (uint16_t)n;
		} else if (strcmp(p->t.text, "type") == 0) {
			lex(p);
			for (n = VIF_TYPE_PRIVATE; n <= VIF_TYPE_TRANSIT; n++)
				if (p->t.type == T_WORD &&
				    strcmp(p->t.text, vif_type_names[n]) == 0)
					break;
			if (n > VIF_TYPE_TRANSIT) {
				parse_error(p, &p->t, "'private', 'transit' or "
				    "'public'");
				return -1;
			}
			v.type = (uint8_t)n;
		} else if (strcmp(p->t.text, "mtu") == 0) {
			if (parse_number(p, "MTU", 1280, 9001, &n) == -1)
				return -1;
			v.mtu = (uint16_t)n;
			mtut = p->t;
		} else if (strcmp(p->t.text, "address") == 0) {
			if (parse_ifaddr(p, AID_INET, 30, 31, &v.addr4,
			    &v.plen4) == -1)
				return -1;
		} else if (strcmp(p->t.text, "aws-address") == 0) {
			if (parse_addr(p, "AWS's IPv4 address", &v.aws4) == -1)
				return -1;
			aws4t = p->t;
			if (v.aws4.aid != AID_INET) {
				parse_error(p, &p->t, "AWS's IPv4 address");
				return -1;
			}
		} else if (strcmp(p->t.text, "address6") == 0) {
			if (parse_ifaddr(p, AID_INET6, 125, 127, &v.addr6,
			    &v.plen6) == -1)
				return -1;
		} else if (strcmp(p->t.text, "aws-address6") == 0) {
			if (parse_addr(p, "AWS's IPv6 address", &v.aws6) == -1)
				return -1;
			aws6t = p->t;
			if (v.aws6.aid != AID_INET6) {
				parse_error(p, &p->t, "AWS's IPv6 address");
				return -1;
			}
		} else if (strcmp(p->t.text, "interface") == 0 ||
		    strcmp(p->t.text, "local-address") == 0 ||
		    strcmp(p->t.text, "address-family") == 0) {
			parse_error(p, &p->t, "a vif option (the vif sets "
			    "interface, local-address and address-family "
			    "itself)");
			return -1;
		} else if ((r = parse_peer_option(p, &pc, &seen_as)) == -1) {
			return -1;
		} else if (r == 0) {
			goto bad;
		}
		if ((r = block_end(p)) == 1)
			break;
		if (r == -1)
			return -1;
		if (r < 0)
			goto bad;
	}
	if (v.lower[0] == '\0' || v.vlan == 0) {
		parse_error(p, &p->t, "'%s' in vif block started at line %d",
		    v.lower[0] ? "vlan" : "lower", at.line);
		return -1;
	}
	if (v.mtu > vif_type_mtu(v.type)) {
		parse_error(p, &mtut, "MTU at most %u on a %s VIF (AWS Direct "
		    "Connect)", vif_type_mtu(v.type), vif_type_name(v.type));
		return -1;
	}
	if (!v.addr4.aid != !v.aws4.aid || !v.addr6.aid != !v.aws6.aid) {
		parse_error(p, &p->t, "'%s' with '%s' in vif block started at "
		    "line %d", !v.addr4.aid != !v.aws4.aid ?
		    (v.addr4.aid ? "aws-address" : "address") :
		    (v.addr6.aid ? "aws-address6" : "address6"),
		    !v.addr4.aid != !v.aws4.aid ?
		    (v.addr4.aid ? "address" : "aws-address") :
		    (v.addr6.aid ? "address6" : "aws-address6"), at.line);
		return -1;
	}
	if (!v.addr4.aid && !v.addr6.aid) {
		parse_error(p, &p->t, "'address' and 'aws-address' (or "
		    "address6 and aws-address6) in vif block started at "
		    "line %d", at.line);
		return -1;
	}
	if (v.addr4.aid && (why = vif_pair_check(&v.addr4, &v.aws4,
	    v.plen4)) != NULL) {
		parse_error(p, &aws4t, "AWS's address in our /%u (%s)",
		    v.plen4, why);
		return -1;
	}
	if (v.addr6.aid && (why = vif_pair_check(&v.addr6, &v.aws6,
	    v.plen6)) != NULL) {
		parse_error(p, &aws6t, "AWS's address in our /%u (%s)",
		    v.plen6, why);
		return -1;
	}
	if (peer_check(p, &pc, seen_as, "vif", at.line) == -1)
		return -1;
	for (i = 0; i < c->nvifs; i++)
		if (c->vifs[i].vlan == v.vlan &&
		    strcmp(c->vifs[i].lower, v.lower) == 0) {
			parse_error(p, &at, "a VLAN not used on %s before "
			    "(vif %s, line %d)", v.lower, c->vifs[i].name,
			    c->vifs[i].line);
			return -1;
		}
	if (pc.aws_scope && v.type != VIF_TYPE_PUBLIC) {
		config_error(p, at.line, "vif %s: 'scope' is for public VIFs "
		    "(AWS reads 7224:9x00 there), this one is %s", v.name,
		    vif_type_name(v.type));
		return -1;
	}
	if (pc.aws_lp && v.type == VIF_TYPE_PUBLIC) {
		config_error(p, at.line, "vif %s: 'local-preference' is for "
		    "private and transit VIFs (AWS reads 7224:7x00 there), "
		    "this one is public", v.name);
		return -1;
	}
	pc.line = at.line;
	pc.from_vif = 1;
	pc.vif_type = v.type;
	if (!pc.maxpfx_out_set)
		pc.maxpfx_out = vif_type_maxpfx(v.type);
	strcpy(pc.ifname, v.name);
	pc6 = pc;
	if (v.addr4.aid) {
		pc.remote = v.aws4;
		pc.local = v.addr4;
		pc.aids = AID_BIT(AID_INET);
		if (peer_add(p, c, &pc, &aws4t) == -1)
			return -1;
	}
	if (v.addr6.aid) {
		pc6.remote = v.aws6;
		pc6.local = v.addr6;
		pc6.aids = AID_BIT(AID_INET6);
		if (peer_add(p, c, &pc6, &aws6t) == -1)
			return -1;
	}
	return parse_append(p, &c->vifs, &c->nvifs, sizeof(v), &v);
bad:
	parse_error(p, &p->t, "vif option (lower, vlan, type, mtu, address, "
	    "aws-address, address6, aws-address6, remote-as, description, "
	    "password, hold-time, keepalive, connect-retry, passive, "
	    "ttl-security, prepend, announce, max-prefix, max-prefix-out, "
	    "local-preference, scope, announce-aws-routes, import, export, "
	    "bfd, shutdown) or '}'");
	return -1;
}

/*
 * "prefix-list" NAME "{" { PREFIX [ "ge" N ] [ "le" N ] } "}": a prefix
 * matches an entry inside it with a length from ge (default: the entry's)
 * to le (default: ge when given, else the entry's; with only ge, the
 * family's longest).
 */
static int
parse_plist(struct parser *p, struct dcvifd_config *c)
{
	struct plist pl;
	struct plist_entry e;
	unsigned long v;
	size_t i;
	int r;

	memset(&pl, 0, sizeof(pl));
	if (expect_value(p, "prefix list name", pl.name, sizeof(pl.name)) ==
	    -1)
		return -1;
	pl.line = p->t.line;
	for (i = 0; i < c->nplists; i++)
		if (strcmp(c->plists[i].name, pl.name) == 0) {
			parse_error(p, &p->t, "a prefix list name not used "
			    "before (line %d)", c->plists[i].line);
			return -1;
		}
	lex(p);
	if (p->t.type != T_LBRACE) {
		parse_error(p, &p->t, "'{'");
		return -1;
	}
	for (;;) {
		unsigned int max;
		int ge = 0, le = 0;

		if ((r = block_next(p)) == 0)
			break;
		if (r < 0 || strchr(p->t.text, '/') == NULL ||
		    prefix_parse(p->t.text, &e.pfx) == -1) {
			parse_error(p, &p->t, "prefix (ADDRESS/LENGTH) or '}'");
			goto fail;
		}
		max = e.pfx.aid == AID_INET ? 32 : 128;
		e.ge = e.le = e.pfx.len;
		while (lex_word(p)) {
			int isge = strcmp(p->t.text, "ge") == 0;

			if (!isge && strcmp(p->t.text, "le") != 0) {
				parse_error(p, &p->t, "'ge', 'le' or the end of "
				    "the entry");
				goto fail;
			}
			if (parse_number(p, "prefix length", e.pfx.len, max,
			    &v) == -1)
				goto fail;
			if (isge) {
				e.ge = (uint8_t)v;
				ge = 1;
			} else {
				e.le = (uint8_t)v;
				le = 1;
			}
		}
		if (ge && !le)
			e.le = (uint8_t)max;
		if (ge && le && e.ge > e.le) {
			parse_error(p, &p->t, "ge at most le");
			goto fail;
		}
		if (!ge && le)
			e.ge = e.pfx.len;
		if (parse_append(p, &pl.e, &pl.n, sizeof(e), &e) == -1)
			goto fail;
		if ((r = block_end(p)) == 1)
			break;
		if (r < 0) {
			if (r == -2)
				parse_error(p, &p->t, "'}'");
			goto fail;
		}
	}
	if (parse_append(p, &c->plists, &c->nplists, sizeof(pl), &pl) == 0)
		return 0;
fail:
	free(pl.e);
	return -1;
}

/* the same list (by content) in two configurations? */
int
plist_equal(const struct dcvifd_config *a, uint16_t ia,
    const struct dcvifd_config *b, uint16_t ib)
{
	const struct plist *x, *y;

	if (ia == 0 || ib == 0)
		return ia == ib;
	x = &a->plists[ia - 1];
	y = &b->plists[ib - 1];
	return strcmp(x->name, y->name) == 0 && x->n == y->n &&
	    memcmp(x->e, y->e, x->n * sizeof(*x->e)) == 0;
}

/* does prefix-list number idx (from 1) match pfx? No list: everything */
int
plist_match(const struct dcvifd_config *c, uint16_t idx,
    const struct bgp_prefix *pfx)
{
	const struct plist *pl;
	size_t i;

	if (idx == 0 || idx > c->nplists)
		return 1;
	pl = &c->plists[idx - 1];
	for (i = 0; i < pl->n; i++) {
		const struct plist_entry *e = &pl->e[i];
		struct bgp_prefix m = *pfx;

		if (e->pfx.aid != pfx->aid || pfx->len < e->ge ||
		    pfx->len > e->le)
			continue;
		m.len = e->pfx.len;
		prefix_mask(&m);
		if (memcmp(m.addr, e->pfx.addr, sizeof(m.addr)) == 0)
			return 1;
	}
	return 0;
}

/* "community" COMMUNITY in a rule; wild: ASN:* and *:N allowed */
static int
parse_comm(struct parser *p, struct comm_pat *m, int wild)
{
	lex(p);
	if (p->t.type != T_WORD || comm_parse(p->t.text, m, wild) == -1) {
		parse_error(p, &p->t, "community (ASN:VALUE, each 0..65535%s, "
		    "or no-export, no-advertise, no-export-subconfed)",
		    wild ? ", either may be *" : "");
		return -1;
	}
	return 0;
}

/*
 * One rule, after its "match": conditions, then "reject" or "set" and
 * its settings, up to the end of the statement.
 */
static int
parse_rule(struct parser *p, struct policy_rule *r)
{
	unsigned long v;
	int set = 0, conds = 0;

	r->line = p->t.line;
	while (lex_word(p)) {
		const char *w = p->t.text;

		if (r->reject) {
			parse_error(p, &p->t, "the end of the rule (nothing "
			    "follows 'reject')");
			return -1;
		}
		if (!set && (r->any || (conds && strcmp(w, "any") == 0)) &&
		    (strcmp(w, "any") == 0 || strcmp(w, "prefix-list") == 0 ||
		    strcmp(w, "community") == 0)) {
			parse_error(p, &p->t, "%s ('any' stands alone)",
			    r->any ? "'reject', 'set' or the end of the rule" :
			    "prefix-list, community, 'reject', 'set' or the end "
			    "of the rule");
			return -1;
		} else if (!set && strcmp(w, "any") == 0) {
			r->any = 1;
			conds++;
		} else if (!set && strcmp(w, "prefix-list") == 0) {
			if (r->plist_name[0]) {
				parse_error(p, &p->t, "one prefix-list per rule");
				return -1;
			}
			if (expect_value(p, "prefix list name", r->plist_name,
			    sizeof(r->plist_name)) == -1)
				return -1;
			conds++;
		} else if (!set && strcmp(w, "community") == 0) {
			if (r->nmatch == POLICY_COMM_MAX) {
				parse_error(p, &p->t, "at most %d communities "
				    "to match", POLICY_COMM_MAX);
				return -1;
			}
			if (parse_comm(p, &r->match[r->nmatch], 1) == -1)
				return -1;
			r->nmatch++;
			conds++;
		} else if (!set && conds && strcmp(w, "reject") == 0) {
			r->reject = 1;
		} else if (!set && conds && strcmp(w, "set") == 0) {
			set = 1;
		} else if (set && strcmp(w, "local-preference") == 0) {
			if (r->set_lpref) {
				parse_error(p, &p->t, "one local-preference "
				    "per rule");
				return -1;
			}
			if (parse_number(p, "local preference", 0, 0xffffffffu,
			    &v) == -1)
				return -1;
			r->set_lpref = 1;
			r->lpref = (uint32_t)v;
			set = 2;
		} else if (set && strcmp(w, "prepend") == 0) {
			if (r->prepend) {
				parse_error(p, &p->t, "one prepend per rule");
				return -1;
			}
			if (parse_number(p, "prepend count", 1, 10, &v) == -1)
				return -1;
			r->prepend = (uint8_t)v;
			set = 2;
		} else if (set && strcmp(w, "community") == 0) {
			struct comm_pat m;
			int del;

			if (!lex_word(p))
				lex(p);
			del = p->t.type == T_WORD &&
			    strcmp(p->t.text, "delete") == 0;
			if (!del && (p->t.type != T_WORD ||
			    comm_parse(p->t.text, &m, 0) == -1)) {
				parse_error(p, &p->t, "community to add "
				    "(ASN:VALUE, each 0..65535, or no-export, "
				    "no-advertise, no-export-subconfed) or "
				    "'delete'");
				return -1;
			}
			if (del && parse_comm(p, &m, 1) == -1)
				return -1;
			if ((del ? r->ndel : r->nadd) == POLICY_COMM_MAX) {
				parse_error(p, &p->t, "at most %d communities "
				    "to %s", POLICY_COMM_MAX,
				    del ? "delete" : "add");
				return -1;
			}
			if (del)
				r->del[r->ndel++] = m;
			else
				r->add[r->nadd++] = m.val;
			set = 2;
		} else if (set) {
			parse_error(p, &p->t, "setting (local-preference, "
			    "prepend, community)%s", set == 2 ?
			    " or the end of the rule" : "");
			return -1;
		} else {
			parse_error(p, &p->t, "condition (any, prefix-list, "
			    "community)%s", conds ? ", 'reject', 'set' or the "
			    "end of the rule" : "");
			return -1;
		}
	}
	if (conds == 0 || set == 1) {
		lex(p);
		parse_error(p, &p->t, conds ? "setting (local-preference, "
		    "prepend, community)" : "condition (any, prefix-list, "
		    "community)");
		return -1;
	}
	return 0;
}

/* "policy" NAME "{" { "match" rule } "}" */
static int
parse_policy(struct parser *p, struct dcvifd_config *c)
{
	struct policy pol;
	struct policy_rule r;
	size_t i;
	int e;

	memset(&pol, 0, sizeof(pol));
	if (expect_value(p, "policy name", pol.name, sizeof(pol.name)) == -1)
		return -1;
	pol.line = p->t.line;
	for (i = 0; i < c->npolicies; i++)
		if (strcmp(c->policies[i].name, pol.name) == 0) {
			parse_error(p, &p->t, "a policy name not used before "
			    "(line %d)", c->policies[i].line);
			return -1;
		}
	lex(p);
	if (p->t.type != T_LBRACE) {
		parse_error(p, &p->t, "'{'");
		return -1;
	}
	for (;;) {
		if ((e = block_next(p)) == 0)
			break;
		if (e < 0 || strcmp(p->t.text, "match") != 0) {
			parse_error(p, &p->t, "'match' or '}'");
			goto fail;
		}
		memset(&r, 0, sizeof(r));
		if (parse_rule(p, &r) == -1)
			goto fail;
		if (parse_append(p, &pol.r, &pol.n, sizeof(r), &r) == -1)
			goto fail;
		if ((e = block_end(p)) == 1)
			break;
		if (e < 0) {
			if (e == -2)
				parse_error(p, &p->t, "'}'");
			goto fail;
		}
	}
	if (parse_append(p, &c->policies, &c->npolicies, sizeof(pol), &pol) ==
	    0)
		return 0;
fail:
	free(pol.r);
	return -1;
}

static int
parse_statement(struct parser *p, struct dcvifd_config *c)
{
	struct bgp_prefix pfx;
	struct bgp_addr a;
	char buf[256];
	size_t i;

	if (strcmp(p->t.text, "router-id") == 0) {
		if (parse_addr(p, "router id (an IPv4 address)", &a) == -1)
			return -1;
		if (a.aid != AID_INET || memcmp(a.addr, "\0\0\0\0", 4) == 0) {
			parse_error(p, &p->t, "router id (a non-zero IPv4 "
			    "address)");
			return -1;
		}
		memcpy(&c->router_id, a.addr, 4);
	} else if (strcmp(p->t.text, "local-as") == 0) {
		if (parse_asn(p, &c->as) == -1)
			return -1;
	} else if (strcmp(p->t.text, "network") == 0) {
		lex(p);
		if (p->t.type != T_WORD || strchr(p->t.text, '/') == NULL ||
		    prefix_parse(p->t.text, &pfx) == -1) {
			parse_error(p, &p->t, "prefix (ADDRESS/LENGTH)");
			return -1;
		}
		for (i = 0; i < c->nnetworks; i++)
			if (prefix_cmp(&c->networks[i], &pfx) == 0) {
				parse_error(p, &p->t, "a prefix not listed "
				    "before");
				return -1;
			}
		if (parse_append(p, &c->networks, &c->nnetworks, sizeof(pfx),
		    &pfx) == -1)
			return -1;
	} else if (strcmp(p->t.text, "control-socket") == 0) {
		if (expect_value(p, "socket path", buf, sizeof(c->csock)) == -1)
			return -1;
		if (buf[0] != '/') {
			parse_error(p, &p->t, "absolute socket path");
			return -1;
		}
		strcpy(c->csock, buf);
		if (!c->rsock_set &&
		    dcvif_ctl_restricted_path(c->csock, c->rsock,
		    sizeof(c->rsock)) == -1) {
			parse_error(p, &p->t, "a socket path 5 characters "
			    "shorter (the restricted socket beside it)");
			return -1;
		}
	} else if (strcmp(p->t.text, "restricted-socket") == 0) {
		if (expect_value(p, "socket path or none", buf,
		    sizeof(c->rsock)) == -1)
			return -1;
		if (strcmp(buf, "none") == 0) {
			c->rsock[0] = '\0';
		} else if (buf[0] != '/') {
			parse_error(p, &p->t, "absolute socket path or none");
			return -1;
		} else {
			strcpy(c->rsock, buf);
		}
		c->rsock_set = 1;
	} else if (strcmp(p->t.text, "prefix-list") == 0) {
		return parse_plist(p, c);
	} else if (strcmp(p->t.text, "policy") == 0) {
		return parse_policy(p, c);
	} else if (strcmp(p->t.text, "state-directory") == 0) {
		if (expect_value(p, "directory", buf, sizeof(c->statedir)) ==
		    -1)
			return -1;
		if (buf[0] != '/') {
			parse_error(p, &p->t, "absolute directory path");
			return -1;
		}
		strcpy(c->statedir, buf);
	} else if (strcmp(p->t.text, "control-group") == 0) {
		if (expect_value(p, "group name", c->cgroup,
		    sizeof(c->cgroup)) == -1)
			return -1;
	} else if (strcmp(p->t.text, "metrics") == 0) {
		if (parse_metrics(p, c) == -1)
			return -1;
	} else if (strcmp(p->t.text, "fib") == 0) {
		return parse_fib(p, c);
	} else if (strcmp(p->t.text, "neighbor") == 0) {
		return parse_neighbor(p, c);
	} else if (strcmp(p->t.text, "vif") == 0) {
		return parse_vif(p, c);
	} else if (strcmp(p->t.text, "bfd") == 0) {
		lex(p);
		if (p->t.type != T_LBRACE) {
			parse_error(p, &p->t, "'{'");
			return -1;
		}
		c->bfd.line = p->t.line;
		return parse_bfd_block(p, &c->bfd);
	} else {
		parse_error(p, &p->t, "statement (router-id, local-as, "
		    "network, prefix-list, policy, control-socket, "
		    "restricted-socket, control-group, state-directory, "
		    "metrics, fib, bfd, vif, neighbor)");
		return -1;
	}
	if (expect_eos(p) == -1)
		return -1;
	if (p->t.type == T_RBRACE) {
		parse_error(p, &p->t, "end of statement");
		return -1;
	}
	return 0;
}

/*
 * What a neighbor's bfd block did not set comes from the global one (which
 * may follow it in the file), then from the defaults: 300 ms x 3.
 */
static void
bfd_resolve(struct parser *p, struct dcvifd_config *c)
{
	struct bfd_config *g = &c->bfd;
	size_t i;

	if (!(g->seen & BFD_SEEN_TX))
		g->tx_ms = BFD_DEFAULT_INTERVAL;
	if (!(g->seen & BFD_SEEN_RX))
		g->rx_ms = BFD_DEFAULT_INTERVAL;
	if (!(g->seen & BFD_SEEN_MULT))
		g->mult = BFD_DEFAULT_MULT;
	if (g->line && bfd_check_auth(p, g, g->line) == -1)
		return;
	for (i = 0; i < c->npeers; i++) {
		struct bfd_config *b = &c->peers[i].bfd;

		if (!b->enabled) {
			memset(b, 0, sizeof(*b));
			continue;
		}
		if (!(b->seen & BFD_SEEN_TX))
			b->tx_ms = g->tx_ms;
		if (!(b->seen & BFD_SEEN_RX))
			b->rx_ms = g->rx_ms;
		if (!(b->seen & BFD_SEEN_MULT))
			b->mult = g->mult;
		if (!(b->seen & BFD_SEEN_STRICT))
			b->strict = g->strict;
		if (!(b->seen & BFD_SEEN_PADDING))
			b->padding = g->padding;
		if (!(b->seen & BFD_SEEN_ECHO_TX))
			b->echo_tx_ms = g->echo_tx_ms;
		if (!(b->seen & BFD_SEEN_ECHO_RX))
			b->echo_rx_ms = g->echo_rx_ms;
		if (!(b->seen & BFD_SEEN_AUTH) && b->keylen == 0) {
			b->auth_type = g->auth_type;
			b->key_id = g->key_id;
			b->keylen = g->keylen;
			memcpy(b->key, g->key, sizeof(b->key));
		}
		if (bfd_check_auth(p, b, c->peers[i].line) == -1)
			return;
	}
}

/* an error that is not about one token: FILE:LINE: WHAT */
static void
config_error(struct parser *p, int line, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->file, line, what);
}

/* the neighbors' import and export lists, by name: they must exist */
static void
plist_resolve(struct parser *p, struct dcvifd_config *c)
{
	size_t i, j;
	int k;

	for (i = 0; i < c->npeers && !p->failed; i++) {
		struct peer_config *pc = &c->peers[i];

		for (k = 0; k < 2; k++) {
			const char *name = k ? pc->plist_out_name :
			    pc->plist_in_name;
			uint16_t *idx = k ? &pc->plist_out : &pc->plist_in;

			*idx = 0;
			if (name[0] == '\0')
				continue;
			for (j = 0; j < c->nplists; j++)
				if (strcmp(c->plists[j].name, name) == 0)
					*idx = (uint16_t)(j + 1);
			if (*idx == 0) {
				char a[INET6_ADDRSTRLEN];

				addr_str(&pc->remote, a, sizeof(a));
				config_error(p, pc->line, "neighbor %s: %s "
				    "prefix-list %s: no prefix-list of that name",
				    a, k ? "export" : "import", name);
				break;
			}
		}
	}
}

/*
 * The policies' prefix lists, and the neighbors' policies by name: they
 * must exist, and each setting must suit the direction it is used in.
 */
static void
policy_resolve(struct parser *p, struct dcvifd_config *c)
{
	char a[INET6_ADDRSTRLEN];
	size_t i, j, k;
	int in;

	for (i = 0; i < c->npolicies && !p->failed; i++) {
		struct policy *pol = &c->policies[i];

		for (j = 0; j < pol->n && !p->failed; j++) {
			struct policy_rule *r = &pol->r[j];

			r->plist = 0;
			if (r->plist_name[0] == '\0')
				continue;
			for (k = 0; k < c->nplists; k++)
				if (strcmp(c->plists[k].name, r->plist_name) ==
				    0)
					r->plist = (uint16_t)(k + 1);
			if (r->plist == 0)
				config_error(p, r->line, "policy %s: "
				    "prefix-list %s: no prefix-list of that "
				    "name", pol->name, r->plist_name);
		}
	}
	for (i = 0; i < c->npeers && !p->failed; i++) {
		struct peer_config *pc = &c->peers[i];

		for (in = 1; in >= 0 && !p->failed; in--) {
			const char *name = in ? pc->pol_in_name :
			    pc->pol_out_name;
			uint16_t *idx = in ? &pc->pol_in : &pc->pol_out;
			const struct policy *pol;

			*idx = 0;
			if (name[0] == '\0')
				continue;
			addr_str(&pc->remote, a, sizeof(a));
			for (j = 0; j < c->npolicies; j++)
				if (strcmp(c->policies[j].name, name) == 0)
					*idx = (uint16_t)(j + 1);
			if (*idx == 0) {
				config_error(p, pc->line, "neighbor %s: %s "
				    "policy %s: no policy of that name", a,
				    in ? "import" : "export", name);
				break;
			}
			pol = &c->policies[*idx - 1];
			for (j = 0; j < pol->n; j++) {
				const struct policy_rule *r = &pol->r[j];

				if (in && r->prepend)
					config_error(p, r->line, "policy %s: "
					    "prepend changes what is sent; "
					    "neighbor %s imports with it "
					    "(line %d)", pol->name, a,
					    pc->line);
				else if (!in && r->set_lpref)
					config_error(p, r->line, "policy %s: "
					    "local-preference chooses among "
					    "received routes and is not sent "
					    "to an external peer; neighbor %s "
					    "exports with it (line %d)",
					    pol->name, a, pc->line);
				else
					continue;
				break;
			}
		}
	}
}

/*
 * The network statements alone must fit every session's outbound limit:
 * past AWS's, AWS would put the session in Idle, and at run time dcvifd
 * would hold the excess back. A config that cannot work is refused.
 */
/* is a network statement sent to this neighbor: its lists and policy? */
static int
net_exported(const struct dcvifd_config *c, const struct peer_config *pc,
    const struct bgp_prefix *pfx)
{
	const struct policy_rule *r;

	if (!plist_match(c, pc->plist_out, pfx))
		return 0;
	r = policy_rule(c, pc->pol_out, policy_eval(c, pc->pol_out, pfx,
	    NULL, 0));
	return r == NULL || !r->reject;
}

static void
maxpfx_check(struct parser *p, const struct dcvifd_config *c)
{
	char a[INET6_ADDRSTRLEN], why[120];
	size_t i, j, n;
	uint8_t aid;

	for (i = 0; i < c->npeers && !p->failed; i++) {
		const struct peer_config *pc = &c->peers[i];

		if (pc->maxpfx_out == 0 || pc->announce == ANNOUNCE_NONE)
			continue;
		for (aid = AID_INET; aid < AID_MAX; aid++) {
			if (!(pc->aids & AID_BIT(aid)))
				continue;
			for (j = n = 0; j < c->nnetworks; j++)
				n += c->networks[j].aid == aid &&
				    net_exported(c, pc, &c->networks[j]);
			if (n <= pc->maxpfx_out)
				continue;
			addr_str(&pc->remote, a, sizeof(a));
			if (pc->from_vif && !pc->maxpfx_out_set)
				snprintf(why, sizeof(why), "AWS's limit on a "
				    "%s VIF's session, past which AWS puts it "
				    "in Idle", vif_type_name(pc->vif_type));
			else
				snprintf(why, sizeof(why), "its max-prefix-out");
			config_error(p, pc->line, "%zu %s network statements%s, "
			    "more than the %u prefixes neighbor %s may be sent "
			    "(%s)", n, aid_name(aid), pc->plist_out ||
			    pc->pol_out ? " pass its export filters" : "",
			    pc->maxpfx_out, a, why);
			break;
		}
	}
}

struct dcvifd_config *
parse_config(const char *file, char *err, size_t errlen)
{
	struct dcvifd_config *c;
	struct parser p;
	FILE *f;
	char *src = NULL;
	size_t cap = 0, n;
	struct tok eof = { .type = T_EOF, .line = 1, .col = 1 };
	struct stat st;

	memset(&p, 0, sizeof(p));
	p.file = file;
	p.err = err;
	p.errlen = errlen;
	p.line = 1;
	p.col = 1;
	if ((f = priv_config_open(file)) == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return NULL;
	}
	/*
	 * It holds the MD5 and BFD keys: as OpenBGPD, refuse it when anyone
	 * but its owner may read or change it.  Operators read the state
	 * through the control sockets, not the file.
	 */
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & (S_IRGRP | S_IWGRP |
	    S_IROTH | S_IWOTH))) {
		snprintf(err, errlen, "%s: mode %04o: other users may %s it, and "
		    "it holds the MD5 keys; chmod 600", file,
		    (unsigned int)(st.st_mode & 07777),
		    st.st_mode & (S_IRGRP | S_IROTH) ? "read" : "change");
		fclose(f);
		return NULL;
	}
	for (n = 0;;) {
		if (n + 4096 > cap) {
			char *ns = realloc(src, cap + 65536);

			if (ns == NULL) {
				free(src);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", file);
				return NULL;
			}
			src = ns;
			cap += 65536;
		}
		size_t r = fread(src + n, 1, cap - n, f);

		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	p.src = src;
	p.len = n;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		free(src);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	strcpy(c->csock, DCVIFD_SOCKET);
	dcvif_ctl_restricted_path(c->csock, c->rsock, sizeof(c->rsock));
	strcpy(c->statedir, DCVIFD_STATEDIR);
	c->fib_table = 254;
	c->fib_update = 1;
	c->ecmp = DEFAULT_ECMP;
	c->stale_time = DEFAULT_STALE_TIME;

	for (;;) {
		lex(&p);
		if (p.failed)
			break;
		if (p.t.type == T_EOF)
			break;
		if (p.t.type == T_EOS)
			continue;
		if (p.t.type != T_WORD) {
			parse_error(&p, &p.t, "statement");
			break;
		}
		if (parse_statement(&p, c) == -1)
			break;
	}
	if (!p.failed && c->as == 0) {
		eof.line = p.line;
		eof.col = p.col;
		parse_error(&p, &eof, "'local-as' somewhere in the file");
	}
	if (!p.failed && c->router_id == 0) {
		eof.line = p.line;
		eof.col = p.col;
		parse_error(&p, &eof, "'router-id' somewhere in the file");
	}
	if (!p.failed)
		bfd_resolve(&p, c);
	if (!p.failed)
		plist_resolve(&p, c);
	if (!p.failed)
		policy_resolve(&p, c);
	if (!p.failed)
		maxpfx_check(&p, c);
	if (!p.failed && c->npeers > MAX_PEERS) {
		eof.line = c->peers[MAX_PEERS].line;
		parse_error(&p, &eof, "at most %d neighbors", MAX_PEERS);
	}
	free(src);
	if (p.failed) {
		config_free(c);
		return NULL;
	}
	return c;
}

void
config_free(struct dcvifd_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->networks);
	free(c->vifs);
	for (i = 0; i < c->nplists; i++)
		free(c->plists[i].e);
	free(c->plists);
	for (i = 0; i < c->npolicies; i++)
		free(c->policies[i].r);
	free(c->policies);
	if (c->peers)
		explicit_bzero(c->peers, c->npeers * sizeof(*c->peers));
	free(c->peers);
	explicit_bzero(c, sizeof(*c));
	free(c);
}

static void
print_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
bfd_print(FILE *f, const struct bfd_config *b, const char *in)
{
	fprintf(f, "%sbfd {\n%s\ttx-interval %u\n%s\trx-interval %u\n"
	    "%s\tmultiplier %u\n", in, in, b->tx_ms, in, b->rx_ms, in, b->mult);
	fprintf(f, "%s\tauth %s\n", in, bfd_auth_name(b->auth_type));
	if (b->auth_type)
		fprintf(f, "%s\tkey-id %u\n%s\tkey \"********\"\n", in,
		    b->key_id, in);
	/* only when set: configs without it print as they always did */
	if (b->padding == 1)
		fprintf(f, "%s\tpadding on\n", in);
	else if (b->padding)
		fprintf(f, "%s\tpadding %u\n", in, b->padding);
	if (b->echo_tx_ms)
		fprintf(f, "%s\techo-interval %u\n", in, b->echo_tx_ms);
	if (b->echo_rx_ms)
		fprintf(f, "%s\techo-rx-interval %u\n", in, b->echo_rx_ms);
	fprintf(f, "%s\tstrict %s\n%s}\n", in, b->strict ? "yes" : "no", in);
}

/* the BGP settings of a neighbor or vif block */
static void
peer_print(FILE *f, const struct peer_config *pc)
{
	if (pc->descr[0]) {
		fprintf(f, "\tdescription ");
		print_string(f, pc->descr);
		fputc('\n', f);
	}
	fprintf(f, "\tremote-as %u\n", pc->remote_as);
	if (!pc->from_vif) {
		char a[INET6_ADDRSTRLEN];

		if (pc->local.aid) {
			addr_str(&pc->local, a, sizeof(a));
			fprintf(f, "\tlocal-address %s\n", a);
		}
		if (pc->ifname[0]) {
			fprintf(f, "\tinterface ");
			print_string(f, pc->ifname);
			fputc('\n', f);
		}
		if (pc->aids & AID_BIT(AID_INET))
			fprintf(f, "\taddress-family ipv4\n");
		if (pc->aids & AID_BIT(AID_INET6))
			fprintf(f, "\taddress-family ipv6\n");
	}
	if (pc->md5key[0])
		fprintf(f, "\tpassword \"********\"\n");
	fprintf(f, "\thold-time %u\n\tkeepalive %u\n"
	    "\tconnect-retry %u\n", pc->holdtime,
	    pc->keepalive ? pc->keepalive : pc->holdtime / 3,
	    pc->connectretry);
	if (pc->prepend)
		fprintf(f, "\tprepend %u\n", pc->prepend);
	fprintf(f, "\tannounce %s\n", pc->announce == ANNOUNCE_SELF ?
	    "self" : pc->announce == ANNOUNCE_NONE ? "none" : "all");
	fprintf(f, "\tmax-prefix-out %u\n", pc->maxpfx_out);
	if (pc->aws_lp)
		fprintf(f, "\tlocal-preference %s\n", pc->aws_lp == AWS_LP_LOW ?
		    "low" : pc->aws_lp == AWS_LP_MEDIUM ? "medium" : "high");
	if (pc->aws_scope)
		fprintf(f, "\tscope %s\n", pc->aws_scope == AWS_SCOPE_REGION ?
		    "region" : pc->aws_scope == AWS_SCOPE_CONTINENT ?
		    "continent" : "global");
	if (pc->from_vif)
		fprintf(f, "\tannounce-aws-routes %s\n", pc->announce_aws ?
		    "yes" : "no");
	if (pc->plist_in_name[0]) {
		fprintf(f, "\timport prefix-list ");
		print_string(f, pc->plist_in_name);
		fputc('\n', f);
	}
	if (pc->plist_out_name[0]) {
		fprintf(f, "\texport prefix-list ");
		print_string(f, pc->plist_out_name);
		fputc('\n', f);
	}
	if (pc->pol_in_name[0]) {
		fprintf(f, "\timport policy ");
		print_string(f, pc->pol_in_name);
		fputc('\n', f);
	}
	if (pc->pol_out_name[0]) {
		fprintf(f, "\texport policy ");
		print_string(f, pc->pol_out_name);
		fputc('\n', f);
	}
	if (pc->maxpfx_in) {
		fprintf(f, "\tmax-prefix %u", pc->maxpfx_in);
		if (pc->maxpfx_restart)
			fprintf(f, " restart %u", pc->maxpfx_restart);
		if (pc->maxpfx_warn)
			fprintf(f, " warning-only");
		fputc('\n', f);
	}
	if (pc->passive)
		fprintf(f, "\tpassive\n");
	if (pc->ttlsec)
		fprintf(f, "\tttl-security\n");
	if (pc->shutdown)
		fprintf(f, "\tshutdown\n");
	if (pc->bfd.enabled)
		bfd_print(f, &pc->bfd, "\t");
}

static void
policy_print(FILE *f, const struct policy *pol)
{
	char buf[32];
	size_t i, j;

	fprintf(f, "policy ");
	print_string(f, pol->name);
	fprintf(f, " {\n");
	for (i = 0; i < pol->n; i++) {
		const struct policy_rule *r = &pol->r[i];

		fprintf(f, "\tmatch");
		if (r->any)
			fprintf(f, " any");
		if (r->plist_name[0]) {
			fprintf(f, " prefix-list ");
			print_string(f, r->plist_name);
		}
		for (j = 0; j < r->nmatch; j++) {
			comm_pat_str(&r->match[j], buf, sizeof(buf));
			fprintf(f, " community %s", buf);
		}
		if (r->reject)
			fprintf(f, " reject");
		if (r->set_lpref || r->prepend || r->nadd || r->ndel)
			fprintf(f, " set");
		if (r->set_lpref)
			fprintf(f, " local-preference %u", r->lpref);
		if (r->prepend)
			fprintf(f, " prepend %u", r->prepend);
		for (j = 0; j < r->nadd; j++) {
			struct comm_pat m = { r->add[j], 0xffffffffu };

			comm_pat_str(&m, buf, sizeof(buf));
			fprintf(f, " community %s", buf);
		}
		for (j = 0; j < r->ndel; j++) {
			comm_pat_str(&r->del[j], buf, sizeof(buf));
			fprintf(f, " community delete %s", buf);
		}
		fputc('\n', f);
	}
	fprintf(f, "}\n");
}

static void
vif_print(FILE *f, const struct dcvifd_config *c, const struct vif_config *v)
{
	char a[INET6_ADDRSTRLEN];
	size_t i;

	fprintf(f, "vif ");
	print_string(f, v->name);
	fprintf(f, " {\n\tlower ");
	print_string(f, v->lower);
	fprintf(f, "\n\tvlan %u\n\ttype %s\n\tmtu %u\n", v->vlan,
	    vif_type_name(v->type), v->mtu);
	if (v->addr4.aid) {
		addr_str(&v->addr4, a, sizeof(a));
		fprintf(f, "\taddress %s/%u\n", a, v->plen4);
		addr_str(&v->aws4, a, sizeof(a));
		fprintf(f, "\taws-address %s\n", a);
	}
	if (v->addr6.aid) {
		addr_str(&v->addr6, a, sizeof(a));
		fprintf(f, "\taddress6 %s/%u\n", a, v->plen6);
		addr_str(&v->aws6, a, sizeof(a));
		fprintf(f, "\taws-address6 %s\n", a);
	}
	/* both of its neighbors have the same BGP settings */
	for (i = 0; i < c->npeers; i++)
		if (c->peers[i].from_vif &&
		    strcmp(c->peers[i].ifname, v->name) == 0) {
			peer_print(f, &c->peers[i]);
			break;
		}
	fprintf(f, "}\n");
}

/* normalised: every setting explicit, fixed order, one per line */
void
config_print(FILE *f, const struct dcvifd_config *c)
{
	char rs[sizeof(c->rsock)];
	char a[INET6_ADDRSTRLEN + 8];
	struct bgp_addr rid = { .aid = AID_INET };
	size_t i;

	memcpy(rid.addr, &c->router_id, 4);
	addr_str(&rid, a, sizeof(a));
	fprintf(f, "router-id %s\n", a);
	fprintf(f, "local-as %u\n", c->as);
	fprintf(f, "control-socket ");
	print_string(f, c->csock);
	fputc('\n', f);
	/* only when not the one beside the control socket */
	if (dcvif_ctl_restricted_path(c->csock, rs, sizeof(rs)) == -1 ||
	    strcmp(rs, c->rsock) != 0) {
		fprintf(f, "restricted-socket ");
		if (c->rsock[0])
			print_string(f, c->rsock);
		else
			fputs("none", f);
		fputc('\n', f);
	}
	fprintf(f, "state-directory ");
	print_string(f, c->statedir);
	fputc('\n', f);
	if (c->cgroup[0]) {
		fprintf(f, "control-group ");
		print_string(f, c->cgroup);
		fputc('\n', f);
	}
	if (c->metrics_port) {
		addr_str(&c->metrics_addr, a, sizeof(a));
		fprintf(f, "metrics listen %s port %u\n", a, c->metrics_port);
	}
	fprintf(f, "fib {\n\ttable %u\n\tupdate %s\n\tkeep-on-exit %s\n"
	    "\tecmp %u\n\tstale-time %u\n}\n", c->fib_table,
	    c->fib_update ? "yes" : "no", c->fib_keep ? "yes" : "no", c->ecmp,
	    c->stale_time);
	if (c->bfd.line)
		bfd_print(f, &c->bfd, "");
	for (i = 0; i < c->nnetworks; i++) {
		prefix_str(&c->networks[i], a, sizeof(a));
		fprintf(f, "network %s\n", a);
	}
	for (i = 0; i < c->nplists; i++) {
		const struct plist *pl = &c->plists[i];
		size_t j;

		fprintf(f, "prefix-list ");
		print_string(f, pl->name);
		fprintf(f, " {\n");
		for (j = 0; j < pl->n; j++) {
			prefix_str(&pl->e[j].pfx, a, sizeof(a));
			fprintf(f, "\t%s", a);
			if (pl->e[j].ge != pl->e[j].pfx.len ||
			    pl->e[j].le != pl->e[j].pfx.len)
				fprintf(f, " ge %u le %u", pl->e[j].ge,
				    pl->e[j].le);
			fputc('\n', f);
		}
		fprintf(f, "}\n");
	}
	for (i = 0; i < c->npolicies; i++)
		policy_print(f, &c->policies[i]);
	for (i = 0; i < c->nvifs; i++)
		vif_print(f, c, &c->vifs[i]);
	for (i = 0; i < c->npeers; i++) {
		const struct peer_config *pc = &c->peers[i];

		if (pc->from_vif)
			continue;
		addr_str(&pc->remote, a, sizeof(a));
		fprintf(f, "neighbor %s {\n", a);
		peer_print(f, pc);
		fprintf(f, "}\n");
	}
}

/* does a change between a and b need the session reset? */
int
peer_config_equal(const struct peer_config *a, const struct peer_config *b)
{
	return memcmp(&a->remote, &b->remote, sizeof(a->remote)) == 0 &&
	    memcmp(&a->local, &b->local, sizeof(a->local)) == 0 &&
	    strcmp(a->ifname, b->ifname) == 0 &&
	    a->remote_as == b->remote_as &&
	    strcmp(a->md5key, b->md5key) == 0 &&
	    a->holdtime == b->holdtime && a->keepalive == b->keepalive &&
	    a->passive == b->passive && a->ttlsec == b->ttlsec &&
	    a->aids == b->aids && a->prepend == b->prepend &&
	    a->announce == b->announce &&
	    strcmp(a->plist_in_name, b->plist_in_name) == 0 &&
	    strcmp(a->pol_in_name, b->pol_in_name) == 0 &&
	    a->shutdown == b->shutdown;
}
