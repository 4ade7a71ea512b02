/*
 * nm_journal: the request journal of nango-mock (GET /__admin/requests).
 * Every request to a Nango route is recorded with the secret key masked;
 * the journal keeps the newest --journal-size entries and counts what it
 * dropped, per environment. The matcher (nm_matcher) is shared with faults
 * and with POST /__admin/requests/count. No HTTP here.
 */
#ifndef NM_JOURNAL_H
#define NM_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "nj.h"

/* Which requests a filter, count or fault applies to; NULL/0: any. */
typedef struct {
	char *method;      /* compared case-insensitively */
	char *path;        /* glob (* matches any run); without '?' it is
			      matched against the path without the query */
	char *path_prefix; /* the raw path starts with it */
	int status;        /* the response status */
	int64_t since_us;  /* recorded at or after */
} nm_matcher;

/*
 * Reads a matcher from obj (absent or an object; numbers may be given as
 * strings, as in a query string). allow_response: status and since are
 * allowed (journal filters; a fault sees no response yet). Returns 0, or -1
 * with the field at fault and the reason in err ("path: ...").
 */
int nm_match_parse(nm_matcher *out, const nj_value *obj, int allow_response,
		   char *err, size_t errlen);
void nm_match_clear(nm_matcher *m);
/* Does a request match (status 0 / t 0: not known yet, not compared)? */
int nm_match_test(const nm_matcher *m, const char *method, const char *path,
		  int status, int64_t t_us);
/* m as a JSON object (only the fields set). */
void nm_match_write(nj_writer *w, const nm_matcher *m);

/* One recorded exchange. Filled by the server, then owned by the journal. */
typedef struct {
	long long id;          /* set by nm_journal_add */
	int env;               /* -1: no known secret key */
	int64_t time_us;       /* when it came, on the environment's clock */
	int64_t duration_us;
	char *method;
	char *path;            /* raw, with ?query */
	char *headers;         /* name\0value\0 pairs in arrival order, keys
				  masked (see nm_jheaders_put) */
	size_t headers_len;
	char *body;            /* NULL: no body; text (UTF-8) */
	size_t body_len;
	int body_truncated;    /* longer than NM_JOURNAL_BODY_MAX */
	int status;            /* 0: the connection was dropped */
	char *resp_headers;    /* the status line and header lines as sent
				  (each ending in CRLF); parsed when read */
	size_t resp_headers_len;
	char *resp_body;
	size_t resp_len;
	int resp_truncated;
	char fault[24];        /* the fault that answered, or "" */
	char *block;           /* when set: method, path, headers,
				  resp_headers and resp_body point into it
				  and are freed with it (body is its own) */
} nm_jentry;

/* Appends one header to a block of nm_jentry (name\0value\0). */
void nm_jheaders_put(nj_buf *b, const char *name, size_t name_len,
		     const char *value, size_t value_len);

/* Bodies kept per entry (request and response each). */
#define NM_JOURNAL_BODY_MAX ((size_t)256 * 1024)

typedef struct nm_journal nm_journal;

/* A journal keeping cap entries (cap 0: keeps nothing, counts drops). */
nm_journal *nm_journal_new(size_t cap);
void nm_journal_free(nm_journal *j);

/* Takes e over (freed even on failure). */
void nm_journal_add(nm_journal *j, nm_jentry *e);

/*
 * {"requests":[...oldest first...],"total":N,"dropped":D} for env: entries
 * of env and those with no known key, matching m; limit 0: all (else the
 * newest limit ones).
 */
void nm_journal_write(nj_writer *w, nm_journal *j, int env, const nm_matcher *m,
		      size_t limit);
size_t nm_journal_count(nm_journal *j, int env, const nm_matcher *m);
/* Removes env's entries (and the keyless ones); returns how many. */
size_t nm_journal_clear(nm_journal *j, int env);

/* One entry as the journal writes it (also for the replay format). */
void nm_jentry_write(nj_writer *w, const nm_jentry *e);

#endif
