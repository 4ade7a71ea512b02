/* nm_url.c: percent-decoding, qs parsing and the 404 page's path text. */
#include "nm_url.h"

#include <stdlib.h>
#include <string.h>

static int nm_hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *nm_url_decode(const char *s, size_t n, size_t *out_len, int *bad)
{
	char *out = malloc(n + 1);
	size_t i = 0, o = 0, check;
	*bad = 0;
	if (!out)
		return NULL;
	while (i < n) {
		if (s[i] == '%') {
			int h, l;
			if (i + 2 >= n)
				goto malformed;
			h = nm_hexval(s[i + 1]);
			l = nm_hexval(s[i + 2]);
			if (h < 0 || l < 0)
				goto malformed;
			out[o++] = (char)(h * 16 + l);
			i += 3;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
	/* decoded escapes must form UTF-8; raw bytes were already there */
	for (check = 0; check < o;) {
		size_t k = nj_utf8_seq((unsigned char *)out + check,
				       o - check, NULL);
		if (!k)
			goto malformed;
		check += k;
	}
	if (out_len)
		*out_len = o;
	return out;
malformed:
	free(out);
	*bad = 1;
	return NULL;
}

int nm_url_escapes_ok(const char *s, size_t n)
{
	int bad = 0;
	char *d;
	if (!memchr(s, '%', n))
		return 1;
	d = nm_url_decode(s, n, NULL, &bad);
	free(d);
	return !bad;
}

/* qs's decoder: '+' is a space, then decodeURIComponent or the raw text. */
static nj_value *nm_qs_decode(const char *s, size_t n)
{
	char *tmp = malloc(n + 1), *dec;
	size_t i, dlen;
	int bad;
	nj_value *v;
	if (!tmp)
		return NULL;
	for (i = 0; i < n; i++)
		tmp[i] = s[i] == '+' ? ' ' : s[i];
	tmp[n] = '\0';
	dec = nm_url_decode(tmp, n, &dlen, &bad);
	if (dec) {
		v = nj_string(dec, dlen);
		free(dec);
	} else {
		v = bad ? nj_string(tmp, n) : NULL;
	}
	free(tmp);
	return v;
}

/* Combines an existing value with a new one, as qs's merge does for
 * repeated keys: both end up in one array. */
static int nm_qs_combine(nj_value *parent, const char *key, size_t klen,
			 nj_value *v)
{
	nj_value *old = nj_object_getn(parent, key, klen);
	nj_value *arr;
	if (!old)
		return nj_object_set(parent, key, klen, v);
	if (old->type == NJ_ARRAY)
		return nj_array_push(old, v);
	/* qs 6.15's strictMerge: an object and a string make an array too */
	arr = nj_array();
	if (!arr) {
		nj_free(v);
		return NJ_ENOMEM;
	}
	if (nj_array_push(arr, nj_copy(old)) != NJ_OK ||
	    nj_array_push(arr, v) != NJ_OK) {
		nj_free(arr);
		return NJ_ENOMEM;
	}
	return nj_object_set(parent, key, klen, arr);
}

/* Is this the name of a property of Object.prototype? qs (without
 * allowPrototypes) drops every pair whose key has one as a segment. */
static int nm_qs_proto_name(const char *s, size_t n)
{
	static const char *const names[] = {
		"constructor", "__defineGetter__", "__defineSetter__",
		"hasOwnProperty", "__lookupGetter__", "__lookupSetter__",
		"isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf",
		"__proto__", "toLocaleString", NULL};
	size_t i;
	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return 1;
	return 0;
}

/* 1 if qs would drop the pair: its parent or one of its first five
 * bracket segments names an Object.prototype property. */
static int nm_qs_dropped(const char *key, size_t klen)
{
	const char *br = memchr(key, '[', klen), *p, *close;
	size_t plen = br ? (size_t)(br - key) : klen;
	int depth = 0;
	if (br && !memchr(br, ']', klen - plen))
		plen = klen; /* no segment: the whole key is the parent */
	if (plen && nm_qs_proto_name(key, plen))
		return 1;
	for (p = key + plen; p < key + klen && depth < 5; depth++) {
		const char *open = memchr(p, '[', (size_t)(key + klen - p));
		if (!open)
			break;
		close = memchr(open, ']', (size_t)(key + klen - open));
		if (!close)
			break;
		if (memchr(open + 1, '[', (size_t)(close - open - 1)))
			break; /* not a [segment] */
		if (nm_qs_proto_name(open + 1, (size_t)(close - open - 1)))
			return 1;
		p = close + 1;
	}
	return 0;
}

/* Places value at root[seg0][seg1]... following qs's bracket rules. */
static int nm_qs_assign(nj_value *root, const char *key, size_t klen,
			nj_value *v)
{
	const char *br = memchr(key, '[', klen);
	size_t plen = br && br != key ? (size_t)(br - key) : klen;
	const char *rest = key + plen;
	size_t rlen = klen - plen;
	nj_value *child;
	const char *close;
	size_t slen;
	int depth = 0;

	if (!br || br == key || !memchr(rest, ']', rlen))
		return nm_qs_combine(root, key, klen, v);
	/* walk segments "[a]", at most 5 deep; the remainder is one key */
	child = root;
	while (rlen > 0 && rest[0] == '[' && depth < 5 &&
	       (close = memchr(rest, ']', rlen)) != NULL) {
		const char *seg = rest + 1;
		nj_value *next;
		slen = (size_t)(close - seg);
		next = nj_object_getn(child, key, plen);
		if (slen == 0) {
			/* a[]: push onto an array */
			if (!next || next->type != NJ_ARRAY) {
				if (next) {
					return nm_qs_combine(child, key, plen, v);
				}
				next = nj_array();
				if (!next || nj_object_set(child, key, plen,
							   next) != NJ_OK) {
					nj_free(v);
					return NJ_ENOMEM;
				}
			}
			return nj_array_push(next, v);
		}
		if (!next || next->type != NJ_OBJECT) {
			if (next && next->type != NJ_OBJECT)
				return nm_qs_combine(child, key, plen, v);
			next = nj_object();
			if (!next ||
			    nj_object_set(child, key, plen, next) != NJ_OK) {
				nj_free(v);
				return NJ_ENOMEM;
			}
		}
		child = next;
		key = seg;
		plen = slen;
		rlen -= (size_t)(close + 1 - rest);
		rest = close + 1;
		depth++;
	}
	if (rlen > 0) {
		/* deeper than 5 or malformed: qs keeps the rest as a key */
		nj_value *next = nj_object_getn(child, key, plen);
		if (!next) {
			next = nj_object();
			if (!next ||
			    nj_object_set(child, key, plen, next) != NJ_OK) {
				nj_free(v);
				return NJ_ENOMEM;
			}
		}
		if (next->type == NJ_OBJECT)
			return nm_qs_combine(next, rest, rlen, v);
	}
	return nm_qs_combine(child, key, plen, v);
}

nj_value *nm_qs_parse(const char *query)
{
	nj_value *root = nj_object();
	const char *p = query;
	int count = 0;
	if (!root || !query)
		return root;
	while (*p && count < 1000) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		size_t klen = eq ? (size_t)(eq - p) : n;
		if (klen > 0) {
			nj_value *k = nm_qs_decode(p, klen);
			nj_value *v = eq ? nm_qs_decode(eq + 1, n - klen - 1)
					 : nj_string("", 0);
			int rc = NJ_ENOMEM;
			if (k && v && nm_qs_dropped(k->str, k->len)) {
				rc = NJ_OK;
			} else if (k && v) {
				rc = nm_qs_assign(root, k->str, k->len, v);
				v = NULL; /* consumed, even on failure */
			}
			nj_free(v);
			if (rc != NJ_OK) {
				nj_free(k);
				nj_free(root);
				return NULL;
			}
			nj_free(k);
			count++;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	return root;
}

void nm_url_html_path(nj_buf *b, const char *path, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c == '%' && i + 2 < n && nm_hexval(path[i + 1]) >= 0 &&
		    nm_hexval(path[i + 2]) >= 0) {
			nj_buf_put(b, path + i, 3);
			i += 2;
		} else if (c == '&') {
			nj_buf_puts(b, "&amp;");
		} else if (c == '\'') {
			nj_buf_puts(b, "&#39;");
		} else if (c == '"' || c == '<' || c == '>' || c == '{' ||
			   c == '}' || c == '`' || c == '%' || c <= 0x20 ||
			   c >= 0x7F) {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			nj_buf_put(b, esc, 3);
		} else {
			nj_buf_putc(b, (char)c);
		}
	}
}
