/* nm_url: URL pieces as Express 5 sees them (no HTTP, no I/O). */
#ifndef NM_URL_H
#define NM_URL_H

#include <stddef.h>

#include "nj.h"

/*
 * decodeURIComponent: decodes %XX escapes of s[0..n) into a new string.
 * Returns NULL (and *bad = 1) when an escape is malformed or the decoded
 * bytes are not UTF-8, as JavaScript's URIError; NULL with *bad = 0 on OOM.
 */
char *nm_url_decode(const char *s, size_t n, size_t *out_len, int *bad);

/* 1 if every %-escape in s[0..n) decodes (see nm_url_decode). */
int nm_url_escapes_ok(const char *s, size_t n);

/*
 * Parses a query string as qs.parse(str, {arrayLimit: 100}) does: values
 * are strings, repeated keys and `a[]` give arrays, `a[k]` gives objects.
 * Always returns an object (NULL only on OOM).
 */
nj_value *nm_qs_parse(const char *query);

/* The `<pre>` text of Express's 404 page for a raw path: encodeurl, then
 * escapeHtml. Appends to b. */
void nm_url_html_path(nj_buf *b, const char *path, size_t n);

#endif
