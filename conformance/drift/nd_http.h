/* nd_http: one server under comparison (a "side") and its answers. */
#ifndef ND_HTTP_H
#define ND_HTTP_H

#include <stddef.h>

#include "nd.h"

/* What one side answered to one request. */
typedef struct {
	int ok;            /* 0: transport error, see err */
	long status;
	char reason[64];   /* the status line's reason phrase */
	char *headers;     /* raw header block of the final response */
	char *body;
	size_t body_len;
	double t0, t1;     /* sent / fully received, Unix seconds */
	char err[160];
} nd_answer;

typedef struct nd_side nd_side;

/*
 * Opens a side: base URL (no trailing slash needed) and secret key. The
 * server's own public URLs (those it writes into bodies) are the base URL
 * and its localhost/127.0.0.1 twin, plus `extra_public` if given.
 * Returns 0, or -1 (allocation or libcurl failure).
 */
int nd_side_new(nd_side **out, const char *name, const char *url,
		const char *key, const char *extra_public);
void nd_side_free(nd_side *s);
const char *nd_side_name(const nd_side *s);
const char *nd_side_url(const nd_side *s);
const char *nd_side_key(const nd_side *s);
/* The public URLs (NULL-terminated) the normaliser maps to <base>. */
const char *const *nd_side_public_urls(const nd_side *s);

/*
 * Sends template r to the side (expanded with its key, tag and episode) and
 * fills a. Never fails for HTTP reasons: a transport error leaves a->ok 0.
 * Returns -1 only when memory runs out.
 */
int nd_side_send(nd_side *s, const nd_req *r, const char *tag, long episode,
		 nd_answer *a);
void nd_answer_clear(nd_answer *a);
/* A response header's value (first, case-insensitive), malloc'd, or NULL. */
char *nd_answer_header(const nd_answer *a, const char *name);

/* Seconds since the epoch, with microseconds. */
double nd_now(void);

#endif
