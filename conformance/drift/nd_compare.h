/*
 * nd_compare: is one answer pair the same once normalised? Checked in
 * order: transport, status, reason phrase, body bytes (key order
 * included), then the headers that matter:
 *   - compared by value: Content-Type, the CORS headers (Allow-Headers
 *     without its spaces: Nango's tracing library writes it either way),
 *     helmet's security headers, Content-Security-Policy, Cache-Control,
 *     Connection, Keep-Alive, Location, Allow, Vary, Transfer-Encoding;
 *   - compared by presence: every other header (Date, ETag,
 *     Content-Length, X-RateLimit-*, Retry-After, and the
 *     deployment-specific Content-Security-Policy-Report-Only);
 *   - checked on each side against its own body: Content-Length, and the
 *     length inside a weak ETag (W/"<hex length>-<27 base64 chars>").
 */
#ifndef ND_COMPARE_H
#define ND_COMPARE_H

#include <stddef.h>

#include "nd_http.h"
#include "nd_norm.h"

typedef struct {
	int differs;
	char cause[200];    /* "status 201 vs 500", "body at .error.message" */
	char detail[400];   /* e.g. both header values */
	char *a_body;       /* normalised bodies, placeholders as <<...>> */
	char *b_body;
	size_t a_at, b_at;  /* first differing byte in a_body / b_body */
} nd_diff;

/*
 * Compares the answers of sides a and b to one request (method: the
 * request's method), normalising each with its side's normaliser.
 * Returns 0 (d filled; d->differs says the verdict) or -1 (memory).
 */
int nd_compare(nd_diff *d, const char *method, const nd_answer *a,
	       const nd_answer *b, nd_norm *na, nd_norm *nb);
void nd_diff_clear(nd_diff *d);

/* The JSON path (".error.errors[0].message") at byte `at` of text. */
void nd_json_path(const char *text, size_t at, char *out, size_t n);

#endif
