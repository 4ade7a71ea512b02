/*
 * nm_webhook.c: webhook_url_override as Nango 0.71.4 checks it (§4.4):
 * z.union([z.url(), z.literal('')]) then two refinements, both always run:
 * not Nango's own domain, and allowed by the default outbound URL policy
 * (http or https only; not localhost or metadata.google.internal; no
 * loopback, private, link-local or unspecified IP literal, IPv4-mapped
 * and the IPv6 transition forms included). Hosts are read the way the
 * WHATWG URL parser reads them (IPv4 in any of its numeric forms, IPv6
 * compressed or with an embedded IPv4).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_handlers.h"

typedef struct {
	int special;    /* http, https, ws, wss, ftp, file */
	int web;        /* http or https */
	char host[256]; /* lower-cased, percent-decoded; "" if opaque */
	int v4;         /* host is an IPv4 address: ip4 */
	uint32_t ip4;
	int v6;         /* host is an IPv6 address: ip6 */
	uint16_t ip6[8];
} nm_wurl;

/* One WHATWG IPv4 part: decimal, 0x hex or 0 octal. -1 if not a number. */
static int64_t nm_v4_part(const char *s, size_t n)
{
	int base = 10;
	int64_t v = 0;
	size_t i;
	if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		base = 16;
		s += 2;
		n -= 2;
	} else if (n >= 2 && s[0] == '0') {
		base = 8;
		s++;
		n--;
	}
	for (i = 0; i < n; i++) {
		int d = isdigit((unsigned char)s[i]) ? s[i] - '0'
			: isxdigit((unsigned char)s[i]) ? (s[i] | 0x20) - 'a' + 10
							: 99;
		if (d >= base)
			return -1;
		v = v * base + d;
		if (v > 0xFFFFFFFFLL)
			v = 0x100000000LL; /* too big either way */
	}
	return v;
}

/* Host ends in a number: parse it as IPv4 (1 ok, -1 invalid URL, 0 no). */
static int nm_parse_v4(nm_wurl *u)
{
	char *h = u->host, *parts[5];
	size_t n = strlen(h), k = 0, i;
	int64_t v[4];
	uint64_t ip;
	char *last;
	if (n && h[n - 1] == '.')
		h[--n] = '\0';
	last = strrchr(h, '.');
	last = last ? last + 1 : h;
	if (!*last || (nm_v4_part(last, strlen(last)) < 0 &&
		       strspn(last, "0123456789") != strlen(last)))
		return 0;
	for (parts[k++] = h; k <= 4 && (parts[k] = strchr(parts[k - 1], '.'));)
		*parts[k]++ = '\0', k++;
	if (k > 4)
		return -1;
	for (i = 0; i < k; i++)
		if (!*parts[i] || (v[i] = nm_v4_part(parts[i], strlen(parts[i]))) < 0)
			return -1;
	for (ip = 0, i = 0; i + 1 < k; i++) {
		if (v[i] > 255)
			return -1;
		ip |= (uint64_t)v[i] << (8 * (3 - i));
	}
	if ((uint64_t)v[k - 1] >= (1ULL << (8 * (5 - k))))
		return -1;
	u->ip4 = (uint32_t)(ip + (uint64_t)v[k - 1]);
	u->v4 = 1;
	return 1;
}

/* The dotted tail of an IPv6 address: exactly four decimal parts. */
static int nm_v6_tail(const char *s, size_t n, uint16_t *hi, uint16_t *lo)
{
	unsigned parts[4], seen = 0;
	size_t i = 0;
	while (i < n) {
		unsigned v = 0, digits = 0;
		if (seen > 0) {
			if (s[i] != '.' || seen == 4)
				return -1;
			i++;
		}
		while (i < n && isdigit((unsigned char)s[i])) {
			if (digits && v == 0)
				return -1; /* no leading zeros */
			v = v * 10 + (unsigned)(s[i++] - '0');
			if (v > 255)
				return -1;
			digits++;
		}
		if (!digits)
			return -1;
		parts[seen++] = v;
	}
	if (seen != 4)
		return -1;
	*hi = (uint16_t)(parts[0] << 8 | parts[1]);
	*lo = (uint16_t)(parts[2] << 8 | parts[3]);
	return 0;
}

/* The IPv6 parser of the URL standard. Returns 0, or -1 if invalid. */
static int nm_parse_v6(nm_wurl *u, const char *s, size_t n)
{
	size_t i = 0, piece = 0;
	long compress = -1;
	memset(u->ip6, 0, sizeof(u->ip6));
	if (n && s[0] == ':') {
		if (n < 2 || s[1] != ':')
			return -1;
		i = 2;
		compress = (long)++piece;
	}
	while (i < n) {
		unsigned v = 0, len = 0;
		if (piece == 8)
			return -1;
		if (s[i] == ':') {
			if (compress >= 0)
				return -1;
			i++;
			compress = (long)++piece;
			continue;
		}
		for (; len < 4 && i < n && isxdigit((unsigned char)s[i]); i++, len++)
			v = v * 16 + (unsigned)(isdigit((unsigned char)s[i])
					? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
		if (i < n && s[i] == '.') {
			if (len == 0 || piece > 6 ||
			    nm_v6_tail(s + i - len, n - (i - len), &u->ip6[piece],
				       &u->ip6[piece + 1]))
				return -1;
			piece += 2;
			break;
		}
		if (i < n && s[i] == ':') {
			if (++i == n)
				return -1;
		} else if (i < n) {
			return -1;
		}
		u->ip6[piece++] = (uint16_t)v;
	}
	if (compress >= 0) {
		size_t swaps = piece - (size_t)compress, at = 7;
		while (at != 0 && swaps > 0) {
			uint16_t t = u->ip6[at];
			u->ip6[at] = u->ip6[(size_t)compress + swaps - 1];
			u->ip6[(size_t)compress + swaps - 1] = t;
			at--;
			swaps--;
		}
	} else if (piece != 8) {
		return -1;
	}
	u->v6 = 1;
	return 0;
}

/* Percent-decodes and lower-cases a host into u->host; -1 if invalid. */
static int nm_host_text(nm_wurl *u, const char *s, size_t n)
{
	size_t i, o = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n + 0 && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			c = (unsigned char)strtol(hex, NULL, 16);
			i += 2;
		}
		if (o + 1 >= sizeof(u->host) || c <= 0x20 || c == 0x7F ||
		    strchr("#%/:<>?@[\\]^|", c))
			return -1; /* forbidden domain code points */
		u->host[o++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	u->host[o] = '\0';
	return o ? 0 : -1;
}

/* Parses a URL enough to know its scheme and host. -1: z.url() fails. */
static int nm_wurl_parse(nm_wurl *u, const char *url)
{
	static const char *const special[] = {"http", "https", "ws", "wss",
					       "ftp", "file", NULL};
	const char *p = url, *auth, *end, *at, *colon;
	size_t slen, i;
	memset(u, 0, sizeof(*u));
	if (!isalpha((unsigned char)*p))
		return -1;
	while (isalnum((unsigned char)*p) || (*p && strchr("+.-", *p)))
		p++;
	if (*p != ':' || !*p)
		return -1;
	slen = (size_t)(p - url);
	for (i = 0; special[i]; i++)
		if (strlen(special[i]) == slen && !strncasecmp(url, special[i], slen))
			u->special = 1;
	u->web = (slen == 4 && !strncasecmp(url, "http", 4)) ||
		 (slen == 5 && !strncasecmp(url, "https", 5));
	if (!u->special)
		return 0; /* opaque or non-special: no host that matters here */
	if (slen == 4 && !strncasecmp(url, "file", 4))
		return 0;
	for (auth = p + 1; *auth == '/' || *auth == '\\'; auth++)
		;
	end = auth + strcspn(auth, "/\\?#");
	for (at = auth; (colon = memchr(at, '@', (size_t)(end - at))); )
		at = colon + 1; /* the host follows the last '@' */
	if (*at == '[') {
		const char *close = memchr(at, ']', (size_t)(end - at));
		if (!close || nm_parse_v6(u, at + 1, (size_t)(close - at - 1)))
			return -1;
		colon = close + 1 < end ? close + 1 : NULL;
		if (colon && *colon != ':')
			return -1;
	} else {
		colon = memchr(at, ':', (size_t)(end - at));
		if (nm_host_text(u, at, (size_t)((colon ? colon : end) - at)) ||
		    nm_parse_v4(u) < 0)
			return -1;
	}
	if (colon) { /* a port: digits up to 65535 */
		long port = 0;
		for (p = colon + 1; p < end; p++) {
			if (!isdigit((unsigned char)*p) || (port = port * 10 + (*p - '0')) > 65535)
				return -1;
		}
	}
	return 0;
}

/* Nango's classifyBlockedIpv4: loopback, private, link-local, 0/8, CGNAT. */
static int nm_v4_blocked(uint32_t ip)
{
	unsigned a = ip >> 24, b = (ip >> 16) & 0xFF;
	return a == 127 || a == 10 || (a == 172 && b >= 16 && b <= 31) ||
	       (a == 192 && b == 168) || (a == 169 && b == 254) || a == 0 ||
	       (a == 100 && b >= 64 && b <= 127);
}

/* Nango's classifyBlockedIpv6, transition forms included. */
static int nm_v6_blocked(const uint16_t *h)
{
	int zero5 = !h[0] && !h[1] && !h[2] && !h[3] && !h[4];
	uint32_t tail = (uint32_t)h[6] << 16 | h[7];
	size_t i;
	int all = 1;
	for (i = 0; i < 8; i++)
		all &= h[i] == 0;
	if (all || (zero5 && !h[5] && !h[6] && h[7] == 1))
		return 1;
	if (zero5 && (h[5] == 0xFFFF || h[5] == 0) && nm_v4_blocked(tail))
		return 1;
	if (h[0] == 0x64 && h[1] == 0xFF9B &&
	    (h[2] == 1 || (!h[2] && !h[3] && !h[4] && !h[5] && nm_v4_blocked(tail))))
		return 1;
	if (h[0] == 0x2002 && nm_v4_blocked((uint32_t)h[1] << 16 | h[2]))
		return 1;
	return (h[0] == 0x2001 && h[1] == 0) || (h[0] & 0xFFC0) == 0xFE80 ||
	       (h[0] & 0xFE00) == 0xFC00;
}

/* The default outbound URL policy of Nango's server. */
static int nm_wurl_allowed(nm_wurl *u)
{
	size_t n = strlen(u->host);
	if (!u->web)
		return 0;
	while (n && u->host[n - 1] == '.')
		u->host[--n] = '\0';
	if (!strcmp(u->host, "localhost") ||
	    !strcmp(u->host, "metadata.google.internal"))
		return 0;
	if (u->v4)
		return !nm_v4_blocked(u->ip4);
	return !(u->v6 && nm_v6_blocked(u->ip6));
}

static int nm_is_nango_domain(const char *host)
{
	char h[256];
	size_t n = strlen(host);
	if (n >= sizeof(h))
		return 0;
	memcpy(h, host, n + 1);
	while (n && h[n - 1] == '.')
		h[--n] = '\0';
	return !strcmp(h, "nango.dev") ||
	       (n > 10 && !strcmp(h + n - 10, ".nango.dev"));
}

int nm_check_webhook(nm_issues *iss, const nj_value *v, const char *p0,
		     char **out)
{
	const char *s, *e;
	char *trimmed;
	nm_wurl u;
	int ok = 1;
	*out = NULL;
	if (!v)
		return 1;
	if (v->type != NJ_STRING) {
		nm_issue(iss, "invalid_union", "Invalid input", p0, NULL);
		return 0;
	}
	if (v->len == 0)
		return 1;
	for (s = v->str; isspace((unsigned char)*s); s++)
		;
	for (e = v->str + v->len; e > s && isspace((unsigned char)e[-1]); e--)
		;
	trimmed = nm_strndup(s, (size_t)(e - s));
	if (!trimmed || memchr(v->str, '\0', v->len) ||
	    nm_wurl_parse(&u, trimmed)) {
		nm_issue(iss, "invalid_union", "Invalid input", p0, NULL);
		free(trimmed);
		return 0;
	}
	if (nm_is_nango_domain(u.host)) {
		nm_issue(iss, "custom",
			 "Webhook URLs cannot point to Nango's domain "
			 "(nango.dev).", p0, NULL);
		ok = 0;
	}
	if (!nm_wurl_allowed(&u)) {
		nm_issue(iss, "custom", "This webhook URL is not allowed.", p0,
			 NULL);
		ok = 0;
	}
	if (ok)
		*out = trimmed;
	else
		free(trimmed);
	return ok;
}
