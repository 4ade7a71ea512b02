/*
 * nd: nango-drift, which sends the same requests to two servers (say the
 * mock and a live Nango) and reports every answer that differs once the
 * noise both servers are allowed to differ in (their generated ids,
 * timestamps and UUIDs, their own base URL) is cancelled.
 *
 * Requests are held as templates: {{SECRET}} becomes each side's key,
 * {{TAG}} the run's random tag, {{KEY}} and {{ID}} an episode's integration
 * key and connection id (as in the conformance case files).
 */
#ifndef ND_H
#define ND_H

#include <stddef.h>
#include <stdint.h>

#include "nj.h"

/* One request, as a template. */
typedef struct {
	char *method;
	char *path;        /* raw path and query, sent as is */
	char **headers;    /* "Name: value" lines */
	size_t n_headers;
	char *body;        /* raw bytes; NULL with has_body 0: no body at all */
	size_t body_len;
	int has_body;
} nd_req;

/* A run of requests whose state is its own (fresh ids). */
typedef struct {
	char *name;        /* "seed 7 episode 42", "cases/x.json", ... */
	char *replay;      /* arguments that replay just this episode */
	char *provider;    /* integration {{KEY}} to create first, or NULL */
	char *cleanup_key; /* an integration the episode makes: deleted after
			      it (not compared), in case it did not */
	nd_req *reqs;
	size_t n, cap;
} nd_episode;

/* --- episodes (nd_episode.c) ------------------------------------------- */

void nd_req_clear(nd_req *r);
/* Appends a request; headers is NULL-terminated, body NULL for none.
 * Returns the new request (owned by e) or NULL on allocation failure. */
nd_req *nd_add(nd_episode *e, const char *method, const char *path,
	       const char *const *headers, const char *body, size_t body_len);
/* Adds one "Name: value" header line to r; 0 or -1. */
int nd_req_header(nd_req *r, const char *line);
/* Removes every header called name (case-insensitive). */
void nd_req_drop_header(nd_req *r, const char *name);
/* The value of header name in r, or NULL. */
const char *nd_req_get_header(const nd_req *r, const char *name);
void nd_episode_clear(nd_episode *e);
/* Writes the episode's requests as JSON lines (for `--print`). */
void nd_episode_print(const nd_episode *e, nj_buf *out);
/* A route label such as "GET /connection/:id" for a method and raw path. */
void nd_route_label(char *out, size_t n, const char *method, const char *path);

/* Replaces {{SECRET}}, {{TAG}}, {{KEY}}, {{ID}} in text (len bytes). */
char *nd_expand(const char *text, size_t len, size_t *out_len,
		const char *secret, const char *tag, long episode);

/* --- the generator (nd_gen.c) ------------------------------------------- */

/* Providers of the integrations a generate run creates, one per auth mode. */
typedef struct {
	const char *provider;
	const char *auth_mode;
	const char *integration_body; /* credentials part of POST /integrations */
} nd_provider;
extern const nd_provider nd_providers[];
extern const size_t nd_n_providers;
/* The run-wide integration key of provider i (a template with {{TAG}}). */
void nd_shared_key(char *out, size_t n, size_t i);

/* Fills e with episode `index` of `seed`; the same pair always gives the
 * same requests. Returns 0 or -1 (allocation). */
int nd_generate(nd_episode *e, uint64_t seed, long index);

/* --- replay sources (nd_replay.c) --------------------------------------- */

typedef struct {
	nd_episode *items;
	size_t n, cap;
	size_t skipped;    /* case files marked mock-only */
	size_t skipped_env; /* cases that read the whole environment */
} nd_episode_list;

/*
 * Loads a conformance case file, a directory of them, or a request-journal
 * export ({"requests":[...]}) into episodes. include_mock_only keeps cases
 * marked "only":"mock". Returns 0, or -1 with a message in err.
 */
int nd_replay_load(nd_episode_list *out, const char *path,
		   int include_mock_only, char *err, size_t err_n);
void nd_episode_list_clear(nd_episode_list *l);

#endif
