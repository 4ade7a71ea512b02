/*
 * nm_pg: what Nango's Postgres columns refuse, so that the store refuses it
 * too (the route then answers 500, and nothing is written). jsonb columns
 * (metadata, connection_config, tags; credentials are stored encrypted,
 * as text, with an encryption key set as on Nango Cloud) reject the escape
 * \u0000 and unpaired UTF-16 surrogates; text columns reject NUL; the
 * varchar(255) columns reject more than 255 characters (code points).
 */
#ifndef NM_PG_H
#define NM_PG_H

#include <stddef.h>

#include "nj.h"

/* 1 if a jsonb column would take v (NULL, SQL null, is fine). */
int nm_pg_jsonb_ok(const nj_value *v);

/* 1 if a text column would take the n bytes at s (NULL is fine); max_chars
 * 0 is unlimited (text), 255 for varchar(255). */
int nm_pg_text_ok(const char *s, size_t n, size_t max_chars);

/*
 * The text node-postgres sends for a JavaScript value bound to a text
 * column, as Postgres stores it: strings as they are (lone surrogates
 * become U+FFFD), numbers and booleans as String() gives them, arrays as
 * an array literal ({"a","b"}), objects as JSON. *out is NUL-terminated.
 * Returns 0, or -1 when Postgres refuses it (a NUL) or on allocation
 * failure; v must not be null.
 */
int nm_pg_text_from_js(char **out, const nj_value *v);

/*
 * What a jsonb column holds after node-postgres sent it v: objects and
 * numbers as they are, a string parsed as JSON text, [] as {}, any other
 * array refused. Returns 0 with *out, or -1 when Postgres refuses it or on
 * allocation failure.
 */
int nm_pg_jsonb_from_js(nj_value **out, const nj_value *v);

/*
 * JavaScript's {...v}: an object's own keys, an array's or a string's
 * indices (one per UTF-16 unit, so astral characters give lone
 * surrogates), nothing for other values. NULL on allocation failure.
 */
nj_value *nm_js_spread(const nj_value *v);

#endif
