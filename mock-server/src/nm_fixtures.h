/*
 * nm_fixtures: the fixtures format (fixtures/README.md). One reader serves
 * --fixtures, --state-file and POST /__admin/state: it checks a whole
 * document first, reports every problem with its JSON path, normalises data
 * as the API would, and only then hands the store complete environments.
 * The writer gives the same format back (GET /__admin/state, state file).
 */
#ifndef NM_FIXTURES_H
#define NM_FIXTURES_H

#include <stddef.h>

#include "nj.h"
#include "nm_server.h"
#include "nm_store.h"

/* Problems found, in document order: "integrations[0].provider" + reason. */
typedef struct {
	char **paths;
	char **messages;
	size_t n, cap;
	int oom;
} nm_problems;

void nm_problems_free(nm_problems *p);

/* How a document is read. */
typedef struct {
	int default_env; /* items that name no environment go here */
	int only_env;    /* >= 0: items may only name this one (admin) */
	int merge;       /* connections may use integrations already stored */
} nm_fixtures_opts;

/* A document read: one dump per environment it fills. */
typedef struct {
	int *envs;
	nm_dump *dumps;
	size_t **doc_index; /* per dump, per connection: index in the file */
	size_t n;
} nm_fixset;

void nm_fixset_free(nm_fixset *f);

/*
 * Reads doc into *out. Returns 0, or -1 with every problem in *probs (and
 * nothing in *out); NM_ENOMEM-like failures are problems too.
 */
int nm_fixtures_read(nm_fixset *out, nm_problems *probs, nm_server *s,
		     const nj_value *doc, const nm_fixtures_opts *o);

/*
 * Puts every environment of f into the store (replace, or merge with
 * o->merge). A conflict the store finds (an id another environment holds)
 * is added to probs. Returns 0 or -1.
 */
int nm_fixtures_apply(nm_server *s, const nm_fixset *f,
		      const nm_fixtures_opts *o, unsigned extra_flags,
		      nm_problems *probs);

/*
 * Writes environments as one fixtures document. names[i] (when names is not
 * NULL) is written as each item's "environment".
 */
void nm_fixtures_write(nj_writer *w, const nm_dump *dumps,
		       const char *const *names, size_t n);

/* Reads a file and checks it; the message names the file (and problems). */
int nm_fixtures_load_file(nm_fixset *out, nm_server *s, const char *path,
			  const nm_fixtures_opts *o, char *err, size_t errlen);

/* An ISO 8601 instant in full form (nj_date_parse without flags) after
 * 1970, Z or +hh:mm; 0 if ok. */
int nm_parse_iso_us(const char *s, int64_t *out_us);

#endif
