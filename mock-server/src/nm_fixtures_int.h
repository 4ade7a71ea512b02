/*
 * nm_fixtures_int.h: what the fixtures reader's files share (nm_fixtures.c:
 * problems, fields, integrations, end users, the document;
 * nm_fixtures_conn.c: connections). Internal to nango-mock.
 */
#ifndef NM_FIXTURES_INT_H
#define NM_FIXTURES_INT_H

#include <stddef.h>
#include <stdint.h>

#include "nm_fixtures.h"

/* One reading: the server (catalogue, keys), options, problems, result. */
typedef struct {
	nm_server *s;
	const nm_fixtures_opts *o;
	nm_problems *p;
	nm_fixset *set;
} nm_reader;

/* Adds "path: message" (printf-style) to p; OOM sets p->oom. */
void nm_fx_prob(nm_problems *p, const char *path, const char *fmt, ...);
/* base + "." + key, or base + "[i]" when key is NULL, into out. */
void nm_fx_path(char *out, size_t n, const char *base, const char *key,
		size_t i);
/* zod issues as problems under base, skipping leading path elements. */
void nm_fx_take_issues(nm_problems *p, const nm_issues *iss,
		       const char *base, size_t skip);
/* "a string", "an object", ... for messages. */
const char *nm_fx_type_name(const nj_value *v);
/* Every key of it must be one of known (NULL-terminated). */
void nm_fx_known_keys(nm_reader *x, const nj_value *it, const char *path,
		      const char *const *known);
/* The environment slot an item goes to, or -1 after a problem. */
int nm_fx_item_env(nm_reader *x, const nj_value *it, const char *path);
/*
 * A string field, required or optional (absent, and null with nullable,
 * give NULL), matching rx and 1..max UTF-16 units; *ok cleared on a
 * problem.
 */
const char *nm_fx_string(nm_reader *x, const nj_value *it, const char *key,
			 const char *path, int required, int nullable,
			 nm_regex rx, size_t max, int *ok);
/* A timestamp field; absent gives dflt, null (with nullable) 0. */
int64_t nm_fx_time(nm_reader *x, const nj_value *it, const char *key,
		   const char *path, int nullable, int64_t dflt, int *ok);
/* An object field (or null with nullable): *out a jsonb-ordered copy. */
int nm_fx_object(nm_reader *x, const nj_value *it, const char *key,
		 const char *path, int nullable, nj_value **out);
/* The load time of slot's environment, to the millisecond. */
int64_t nm_fx_default_now(nm_reader *x, int slot);
/* An end user object at path (with_env: it may name its environment). */
nm_end_user *nm_fx_read_user(nm_reader *x, const nj_value *v,
			     const char *path, int with_env);
/* The end user with that id in d, or NULL. */
nm_end_user *nm_fx_dump_user(nm_dump *d, const char *id);
/* connections[index] at path. */
void nm_fx_read_connection(nm_reader *x, const nj_value *it,
			   const char *path, size_t index);

#endif
