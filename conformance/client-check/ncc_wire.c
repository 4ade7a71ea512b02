/* ncc_wire.c: what a client sent, read from nango-mock's request journal. */
#include "ncc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nm_url.h"

/* A journal time ("2026-11-29T02:41:34.240529Z") in ms; -1 if unreadable. */
static double ncc_time_ms(const char *iso)
{
	struct tm tm;
	double frac = 0;
	const char *dot;
	memset(&tm, 0, sizeof(tm));
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
			   &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			   &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((dot = strchr(iso, '.')))
		frac = strtod(dot, NULL);
	return ((double)timegm(&tm) + frac) * 1000.0;
}

/* The journal entry's header (case-insensitive name), or NULL. */
static const char *ncc_header(const nj_value *headers, const char *name)
{
	size_t i;
	for (i = 0; i < ncc_len(headers); i++) {
		const nj_member *m = ncc_member(headers, i);
		if (!strcasecmp(m->key, name) &&
		    ncc_type(m->value) == NJ_STRING)
			return m->value->str;
	}
	return NULL;
}

/*
 * 1 if the raw path (no query) matches the template: literal segments
 * equal, {connection_id} a segment that decodes to the command's id.
 */
static int ncc_route_match(const char *tpl, const char *path, size_t path_n,
			   const char *id)
{
	const char *t = tpl, *p = path, *pend = path + path_n;
	for (;;) {
		const char *te = strchr(t, '/'), *pe = memchr(p, '/',
			(size_t)(pend - p));
		size_t tn = te ? (size_t)(te - t) : strlen(t);
		size_t pn = pe ? (size_t)(pe - p) : (size_t)(pend - p);
		if (tn == 15 && !strncmp(t, "{connection_id}", 15)) {
			size_t dn;
			int bad;
			char *d = nm_url_decode(p, pn, &dn, &bad);
			int same = d && id && dn == strlen(id) &&
				!memcmp(d, id, dn);
			free(d);
			if (!same)
				return 0;
		} else if (tn != pn || strncmp(t, p, tn)) {
			return 0;
		}
		if (!te || !pe)
			return !te && !pe;
		t = te + 1;
		p = pe + 1;
	}
}

/* Checks the query (qs-parsed, as Nango reads it) against query + flags. */
static int ncc_query_check(const nj_value *alt, const nj_value *req,
			   const char *raw_query, char *reason, size_t n)
{
	const nj_value *want = nj_object_get(alt, "query");
	const nj_value *flags = nj_object_get(alt, "flags");
	nj_value *q = nm_qs_parse(raw_query ? raw_query : "");
	const char *hk = ncc_header(nj_object_get(req, "headers"),
				    "Provider-Config-Key");
	size_t i;
	int ok = 0;
	if (!q)
		return 0;
	if (hk && nj_truthy(nj_object_get(alt, "key_header_ok")) &&
	    !nj_object_get(q, "provider_config_key"))
		nj_object_cset(q, "provider_config_key", nj_cstring(hk));
	for (i = 0; i < ncc_len(flags); i++) {
		const nj_member *f = ncc_member(flags, i);
		const char *got = nj_get_string(q, f->key);
		int on = nj_truthy(f->value);
		if (nj_object_get(q, f->key) && !got)
			got = "(not a string)";
		if (on ? !got || strcmp(got, "true") :
		    got && strcmp(got, "false")) {
			snprintf(reason, n, "query: %s=%s, expected %s", f->key,
				 got ? got : "(absent)", on ? "true" :
				 "false or absent");
			goto done;
		}
		nj_object_remove(q, f->key, f->key_len);
	}
	if (!nj_equal(want ? want : q, q) || (!want && ncc_len(q))) {
		char *gs = ncc_json_text(q, 200), *ws = ncc_json_text(want, 200);
		snprintf(reason, n, "query: sent %s, expected %s", gs ? gs : "?",
			 want ? (ws ? ws : "?") : "no parameters");
		free(gs);
		free(ws);
		goto done;
	}
	ok = 1;
done:
	nj_free(q);
	return ok;
}

/* Checks the body's meaning: "body" (null: none) or any of "bodies". */
static int ncc_body_check(const nj_value *alt, const nj_value *req,
			  char *reason, size_t n)
{
	const nj_value *want = nj_object_get(alt, "body");
	const nj_value *bodies = nj_object_get(alt, "bodies");
	const char *raw = nj_get_string(req, "body");
	nj_value *got = NULL;
	size_t i;
	int ok = 0;
	if (!want && !bodies)
		return 1;
	if (want && ncc_type(want) == NJ_NULL)
		ok = !raw || !raw[0];
	else if (raw && raw[0] &&
		 nj_parse(&got, raw, strlen(raw), NULL) == NJ_OK) {
		ok = want && nj_equal(want, got);
		for (i = 0; !ok && i < ncc_len(bodies); i++)
			ok = nj_equal(ncc_item(bodies, i), got);
	}
	if (!ok) {
		char *ws = ncc_json_text(want ? want : ncc_item(bodies, 0),
					 200);
		snprintf(reason, n, "body: sent %.200s%s, expected %s%s",
			 raw && raw[0] ? raw : "no body",
			 raw && got == NULL && raw[0] ? " (not JSON)" : "",
			 want && ncc_type(want) == NJ_NULL ? "no body" :
			 "the same JSON as ", want && ncc_type(want) ==
			 NJ_NULL ? "" : (ws ? ws : "?"));
		free(ws);
	}
	nj_free(got);
	return ok;
}

/* The alternatives a request may match: "one_of" items, else the wire. */
static const nj_value *ncc_alt(const nj_value *wire, size_t i)
{
	const nj_value *alts = nj_object_get(wire, "one_of");
	return alts ? ncc_item(alts, i) : (i == 0 ? wire : NULL);
}

/* The member of alt, else of the wire around it. */
static const nj_value *ncc_field(const nj_value *wire, const nj_value *alt,
				 const char *key)
{
	const nj_value *v = nj_object_get(alt, key);
	return v ? v : nj_object_get(wire, key);
}

/* Does the request's method and route match alt? */
static int ncc_alt_routes(const nj_value *wire, const nj_value *alt,
			  const nj_value *req, const char *id)
{
	const nj_value *m = ncc_field(wire, alt, "method");
	const nj_value *r = ncc_field(wire, alt, "route");
	const char *path = nj_get_string(req, "path");
	const char *method = nj_get_string(req, "method");
	size_t pn, i;
	if (!path || !method || ncc_type(m) != NJ_STRING ||
	    strcmp(m->str, method))
		return 0;
	pn = strcspn(path, "?");
	if (ncc_type(r) == NJ_STRING)
		return ncc_route_match(r->str, path, pn, id);
	for (i = 0; i < ncc_len(r); i++)
		if (ncc_type(ncc_item(r, i)) == NJ_STRING &&
		    ncc_route_match(ncc_item(r, i)->str, path, pn, id))
			return 1;
	return 0;
}

void ncc_append(char *reason, size_t n, const char *more)
{
	size_t at = strlen(reason);
	if (at + 1 < n)
		snprintf(reason + at, n - at, "%s%s", at ? "; " : "", more);
}

/* "route: sent GET /x, expected GET [...]" for a request no route took. */
static void ncc_route_reason(const nj_value *wire, const nj_value *req,
			     const char *id, char *reason, size_t n)
{
	const char *path = nj_get_string(req, "path");
	const char *m = nj_get_string(req, "method");
	const char *wm = nj_get_string(wire, "method");
	char *ws = ncc_json_text(nj_object_get(wire, "one_of") ?
				 nj_object_get(wire, "one_of") :
				 nj_object_get(wire, "route"), 200);
	snprintf(reason, n, "route: sent %s %s, expected %s %s%s%s%s",
		 m ? m : "?", path ? path : "?", wm ? wm : "", ws ? ws : "?",
		 id ? " with connection_id '" : "", id ? id : "",
		 id ? "' as one path segment" : "");
	free(ws);
}

/* The wire expectation with the alternative's own members over it. */
static nj_value *ncc_merged(const nj_value *wire, const nj_value *alt)
{
	nj_value *merged = nj_copy(wire);
	size_t i;
	for (i = 0; merged && alt != wire && i < ncc_len(alt); i++) {
		const nj_member *m = ncc_member(alt, i);
		nj_object_set(merged, m->key, m->key_len, nj_copy(m->value));
	}
	return merged;
}

/*
 * Checks one journaled request against the wire expectation: its route,
 * then, independently, its Authorization header, query and body. Every
 * failed expectation goes into reason, joined with "; ".
 */
static int ncc_request_check(const nj_value *wire, const nj_value *req,
			     const char *id, const char *auth, char *reason,
			     size_t n)
{
	const nj_value *alt = NULL, *a;
	const char *path = nj_get_string(req, "path");
	const char *query = path && strchr(path, '?') ? strchr(path, '?') + 1 :
		"";
	const char *got = ncc_header(nj_object_get(req, "headers"),
				     "Authorization");
	nj_value *merged;
	char r[NCC_REASON_MAX];
	size_t i;
	int ok = 1;
	for (i = 0; !alt && (a = ncc_alt(wire, i)); i++)
		if (ncc_alt_routes(wire, a, req, id))
			alt = a;
	if (!alt) {
		ncc_route_reason(wire, req, id, reason, n);
		return 0;
	}
	reason[0] = 0;
	if (!got || strcmp(got, auth)) {
		snprintf(r, sizeof(r), "auth: Authorization header %s%s%s, "
			 "expected '%s' (the secret key, masked as the journal "
			 "shows it)", got ? "'" : "missing", got ? got : "",
			 got ? "'" : "", auth);
		ncc_append(reason, n, r);
		ok = 0;
	}
	if (!(merged = ncc_merged(wire, alt))) {
		ncc_append(reason, n, "out of memory");
		return 0;
	}
	if (!ncc_query_check(merged, req, query, r, sizeof(r))) {
		ncc_append(reason, n, r);
		ok = 0;
	}
	if (!ncc_body_check(merged, req, r, sizeof(r))) {
		ncc_append(reason, n, r);
		ok = 0;
	}
	nj_free(merged);
	return ok;
}

/* Retried requests must wait the Retry-After of the 429 before them. */
static int ncc_retry_after_check(const nj_value *reqs, char *reason,
				 size_t n)
{
	size_t i;
	for (i = 0; i + 1 < ncc_len(reqs); i++) {
		const nj_value *r = ncc_item(reqs, i);
		const nj_value *st = nj_object_get(r, "status");
		const char *ra = ncc_header(nj_object_get(nj_object_get(r,
				"response"), "headers"), "Retry-After");
		double gap;
		if (ncc_type(st) != NJ_NUMBER || st->num != 429 || !ra)
			continue;
		gap = ncc_time_ms(nj_get_string(ncc_item(reqs, i + 1),
				   "time")) - ncc_time_ms(nj_get_string(r,
				   "time"));
		if (gap < atof(ra) * 1000.0 - 20.0) {
			snprintf(reason, n, "retry: request %zu was sent %.0f "
				 "ms after a 429 with Retry-After: %s", i + 2,
				 gap, ra);
			return 0;
		}
	}
	return 1;
}

/* "GET /a, POST /b" for the requests of a journal, cut to fit n. */
static void ncc_request_list(const nj_value *reqs, char *out, size_t n)
{
	size_t i, at = 0;
	out[0] = 0;
	for (i = 0; i < ncc_len(reqs) && at + 1 < n; i++) {
		const nj_value *r = ncc_item(reqs, i);
		int w = snprintf(out + at, n - at, "%s%s %s", i ? ", " : "",
				 nj_get_string(r, "method"),
				 nj_get_string(r, "path"));
		if (w < 0)
			break;
		at += (size_t)w;
	}
}

/* The count of requests allowed: "count": N or {"min":A,"max":B}. */
static void ncc_count_range(const nj_value *wire, long *lo, long *hi)
{
	const nj_value *c = nj_object_get(wire, "count");
	*lo = *hi = 1;
	if (ncc_type(c) == NJ_NUMBER) {
		*lo = *hi = (long)c->num;
	} else if (ncc_type(c) == NJ_OBJECT) {
		const nj_value *a = nj_object_get(c, "min");
		const nj_value *b = nj_object_get(c, "max");
		*lo = ncc_type(a) == NJ_NUMBER ? (long)a->num : 0;
		*hi = ncc_type(b) == NJ_NUMBER ? (long)b->num : 1000000;
	}
}

int ncc_wire_check(const nj_value *wire, const nj_value *journal,
		   const nj_value *command, const char *key, char *reason,
		   size_t n)
{
	const nj_value *reqs = nj_object_get(journal, "requests");
	const char *id = nj_get_string(command, "connection_id");
	char auth[64];
	long lo, hi;
	size_t i, count = ncc_len(reqs);
	ncc_count_range(wire, &lo, &hi);
	snprintf(auth, sizeof(auth), "Bearer ****%s",
		 strlen(key) > 4 ? key + strlen(key) - 4 : "");
	if ((long)count < lo || (long)count > hi) {
		char sent[300];
		ncc_request_list(reqs, sent, sizeof(sent));
		if (lo == hi)
			snprintf(reason, n, "wire: %zu requests sent, expected "
				 "%ld%s%s", count, lo, count ? ": " : "", sent);
		else
			snprintf(reason, n, "wire: %zu requests sent, expected "
				 "%ld to %ld%s%s", count, lo, hi,
				 count ? ": " : "", sent);
		return 0;
	}
	for (i = 0; i < count; i++) {
		char r[NCC_REASON_MAX];
		if (!ncc_request_check(wire, ncc_item(reqs, i), id, auth, r,
				       sizeof(r))) {
			if (count > 1)
				snprintf(reason, n, "request %zu: %s", i + 1, r);
			else
				snprintf(reason, n, "%s", r);
			return 0;
		}
	}
	return ncc_retry_after_check(reqs, reason, n);
}
