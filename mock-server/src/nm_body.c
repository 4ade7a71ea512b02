/*
 * nm_body.c: body-parser's json and raw middlewares: the body is checked
 * as V8 would parse it before auth, and built into a tree after.
 */
#include "nm_body.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_reply.h"
#include "nm_server.h"

/* type-is: is the media type (before ';', trimmed) exactly this, any case? */
static int nm_media_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, type, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* Charsets body-parser's json accepts: utf-8 family only. */
static int nm_charset_ok(const char *ct)
{
	const char *cs = strcasestr(ct, "charset=");
	if (!cs)
		return 1;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0 || strncasecmp(cs, "utf8", 4) == 0;
}

/* 1 when s is well-formed UTF-8 without a BOM: Node would decode it as is. */
static int nm_utf8_clean(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		return 0;
	while (i < n) {
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = nj_utf8_seq((const unsigned char *)s + i, n - i, NULL);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* See nm_body.h. */
int nm_body_check(nm_req *r, char **text, size_t *text_len)
{
	const char *ct = nm_req_header(r, "Content-Type");
	const char *t;
	size_t i, depth = 0;
	nj_error err;
	int rc;

	*text = NULL;
	*text_len = 0;
	if (!r->has_body || !ct)
		return 1;
	if (!nm_media_type_is(ct, "application/json")) {
		if (strncasecmp(ct, "application/", 12) == 0 ||
		    nm_media_type_is(ct, "text/xml"))
			r->body_kind = NM_BODY_BUFFER; /* r->raw, a Buffer */
		return 1;
	}
	if (!nm_charset_ok(ct)) {
		nm_send_500(r, "request body charset is not UTF-8 (Nango: "
			    "unsupported charset)", NULL, 0);
		return 0;
	}
	if (!nm_utf8_clean(r->raw, r->raw_len) &&
	    nj_utf8_sanitize(text, text_len, r->raw, r->raw_len) != NJ_OK) {
		nm_send_generic_error(r);
		return 0;
	}
	t = *text ? *text : r->raw;
	if (!*text)
		*text_len = r->raw_len;
	r->body_kind = NM_BODY_JSON;
	if (*text_len == 0)
		return 1;
	i = strspn(t, " \t\r\n");
	if (i == *text_len || (t[i] != '{' && t[i] != '['))
		rc = nj_strict_violation(t, *text_len, &err);
	else
		rc = nj_check(t, *text_len, &err, &depth);
	if (rc == NJ_OK && depth > NJ_MAX_DEPTH)
		rc = NJ_EDEPTH;
	if (rc == NJ_ESYNTAX)
		nm_reply_error(r, NM_E_INVALID_JSON, err.message);
	else if (rc != NJ_OK)
		nm_send_generic_error(r);
	return rc == NJ_OK;
}

int nm_body_build(nm_req *r, const char *text, size_t len)
{
	int rc;
	if (r->body_kind != NM_BODY_JSON)
		return 1;
	if (len == 0) {
		r->body = nj_object();
		rc = r->body ? NJ_OK : NJ_ENOMEM;
	} else {
		rc = nj_parse(&r->body, text, len, NULL);
	}
	if (rc != NJ_OK)
		nm_send_generic_error(r);
	return rc == NJ_OK;
}
