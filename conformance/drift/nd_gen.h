/* nd_gen.h: internals shared by the generator's files. */
#ifndef ND_GEN_H
#define ND_GEN_H

#include <stdint.h>

#include "nd.h"

/* splitmix64: our own PRNG, so a seed means the same on every libc. */
typedef struct {
	uint64_t s;
} nd_rng;

uint64_t nd_rng_next(nd_rng *r);
unsigned nd_below(nd_rng *r, unsigned n);   /* 0 .. n-1 */
int nd_chance(nd_rng *r, unsigned percent);
const char *nd_pick(nd_rng *r, const char *const *list); /* NULL-ended */

/*
 * A small JSON emitter for request bodies: strings go through nj's escaping
 * writer; nd_jw_raw writes a literal the generator chose on purpose (odd
 * numbers, escapes, broken JSON), and places commas like every other call.
 */
typedef struct {
	nj_buf b;
	int depth;
	unsigned char first[64];
	int after_key;
	int spaced;  /* write ", " and ": " (a client that pretty-prints) */
} nd_jw;

void nd_jw_init(nd_jw *w);
void nd_jw_obj(nd_jw *w);
void nd_jw_end_obj(nd_jw *w);
void nd_jw_arr(nd_jw *w);
void nd_jw_end_arr(nd_jw *w);
void nd_jw_key(nd_jw *w, const char *k);
void nd_jw_str(nd_jw *w, const char *s);
void nd_jw_raw(nd_jw *w, const char *literal);
void nd_jw_int(nd_jw *w, long long v);
/* Takes the text (malloc'd) and its length. */
char *nd_jw_take(nd_jw *w, size_t *len);

/* A connection an episode made (or tried to). */
typedef struct {
	char id[400];      /* its id as JSON text would hold it, unescaped */
	char path_id[1300];/* percent-encoded, for paths */
	size_t prov;       /* index in nd_providers */
	int refresh;       /* has a refresh token: never force a refresh */
	char eu[64];       /* end user id, or "" */
	char tag_k[40], tag_v[48]; /* one tag it was given, or "" */
} nd_gconn;

typedef struct {
	nd_rng rng;
	nd_episode *e;
	long index;
	int fresh;          /* counter for fresh ids */
	nd_gconn conns[6];
	size_t n_conns;
	char own_key[64];   /* the episode's own integration, or "" */
	size_t own_prov;
} nd_gen;

/* A fresh id of this episode: "d{{TAG}}-<episode>-<n>" plus suffix. */
void nd_fresh(nd_gen *g, char *out, size_t n, const char *suffix);
/* Percent-encodes s for a path segment, or (nd_pct_as, query 1) for a
 * query value, where a space is sometimes written '+'. */
void nd_pct(nd_gen *g, char *out, size_t n, const char *s);
void nd_pct_as(nd_gen *g, char *out, size_t n, const char *s, int query);
/* The key of provider p: the run's shared one or the episode's own. */
void nd_key_of(nd_gen *g, char *out, size_t n, size_t prov);

/* Adds a request with the usual auth (and a JSON content type when body
 * is given; body is malloc'd and taken). NULL on allocation failure. */
nd_req *nd_req_std(nd_gen *g, const char *method, const char *path,
		   char *body, size_t len);
/* Sometimes swaps the auth or content-type header / breaks the body. */
void nd_mutate_headers(nd_gen *g, nd_req *r);
void nd_mutate_body(nd_gen *g, nd_req *r);
/* "/connection(s)/<pid>" in one of its spellings. */
void nd_conn_path(nd_gen *g, char *out, size_t n, const char *pid,
		  int modern_ok);
/* "?provider_config_key=<key>", sometimes missing, empty or odd. */
void nd_key_query(nd_gen *g, char *out, size_t n, const char *key);
/* One of the episode's connections, or NULL. */
nd_gconn *nd_some_conn(nd_gen *g);

/* Bodies (nd_gen_body.c). Each writes one value at the emitter. */
void nd_gen_metadata(nd_gen *g, nd_jw *w);
void nd_gen_odd_value(nd_gen *g, nd_jw *w);
void nd_gen_tags(nd_gen *g, nd_jw *w, nd_gconn *c);
void nd_gen_end_user(nd_gen *g, nd_jw *w, nd_gconn *c);
void nd_gen_webhook(nd_gen *g, nd_jw *w);
void nd_gen_config(nd_gen *g, nd_jw *w, int oauth2);
/* Members of a legacy create body for an auth mode (inside the object). */
void nd_gen_legacy_creds(nd_gen *g, nd_jw *w, const char *mode, int valid,
			 nd_gconn *c);
/* A modern credentials object for an auth mode. */
void nd_gen_modern_creds(nd_gen *g, nd_jw *w, const char *mode, int valid,
			 nd_gconn *c);

#endif
