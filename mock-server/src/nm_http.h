/*
 * nm_http: one request as nango-mock sees it, and responses written with
 * the headers, header order and framing of Nango's Express server.
 */
#ifndef NM_HTTP_H
#define NM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "nj.h"

struct mg_connection;
typedef struct nm_server nm_server;

/* What body-parser left in req.body. */
typedef enum {
	NM_BODY_UNDEFINED = 0, /* no body headers */
	NM_BODY_JSON,          /* parsed JSON (object or array) */
	NM_BODY_BUFFER         /* a body of another application/... type */
} nm_body_kind;

/* A request header as sent (name and value NUL-terminated). */
typedef struct {
	const char *name;
	const char *value;
} nm_header;

typedef struct {
	struct mg_connection *conn; /* NULL when run in-process */
	nm_server *srv;
	const char *method;
	const char *path;     /* raw, as sent, without the query */
	size_t path_len;
	const char *query;    /* raw query string, or NULL */
	int head;             /* HEAD: headers only */
	nm_body_kind body_kind;
	nj_value *body;       /* NM_BODY_JSON */
	int env;              /* authenticated environment */
	int cors;             /* past the CORS middleware */
	int counted;          /* rate limited: send X-RateLimit-* */
	long rl_limit, rl_remaining, retry_after;
	long long rl_reset;
	int status;           /* what was sent */
	int close;            /* answer with Connection: close */
	const nm_header *headers; /* the request's headers */
	int n_headers;
	const char *raw;      /* the body as received (NUL-terminated); a
			       * Buffer body (NM_BODY_BUFFER) is these bytes */
	size_t raw_len;
	char *raw_buf;        /* raw's buffer when owned; a JSON body's text
			       * is freed once its tree is built (raw: "") */
	int has_body;         /* Content-Length or Transfer-Encoding given */
	nj_buf out;           /* the response, written once the job is done */
	size_t out_head;      /* out's status line and headers, in bytes */
	const char *fail_cause; /* why a 500 is sent, for its log line */
	/* the test double (nm_admin*.c) */
	int admin;            /* a /__admin/ request: not journaled */
	int64_t start_us;     /* when it came (real time) */
	char fault[24];       /* the fault that answered, or "" */
	char *jbody;          /* the journal's copy of the body (text), or NULL */
	size_t jbody_len;
	int jbody_truncated;
} nm_req;

enum {
	NM_SEND_ETAG = 1,       /* add Express's weak ETag (and 304 logic) */
	NM_SEND_CSP_NONE = 2,   /* Content-Security-Policy: default-src 'none' */
	NM_SEND_PREFLIGHT = 4   /* the CORS preflight header set */
};

/*
 * The body as zod sees it: the parsed JSON, or for a Buffer body an object
 * whose keys are the byte indices ("0": 123, ...); NULL when undefined.
 * *owned gets what the caller must free with nj_free (or NULL).
 */
const nj_value *nm_req_body_js(const nm_req *r, nj_value **owned);

/* Header value of the request (case-insensitive name, first one), or NULL. */
const char *nm_req_header(const nm_req *r, const char *name);

/*
 * Makes a complete response into r->out (written in one write by the
 * caller, off the request thread): Nango's security headers, CORS
 * (if r->cors), rate-limit headers (if r->counted), then Content-Type,
 * Content-Length, ETag, Date and keep-alive. A GET/HEAD whose If-None-Match
 * matches the ETag gets 304. HEAD gets no body. Records r->status.
 */
void nm_send(nm_req *r, int status, const char *content_type,
	     const char *body, size_t len, unsigned flags);

/* nm_send with application/json and an ETag; frees body. */
void nm_send_json(nm_req *r, int status, nj_buf *body);

/* Express's final 404 page: `Cannot <METHOD> <path>`. */
void nm_send_not_found_page(nm_req *r);

/*
 * The 500 generic_error_support body with a fresh UUID, and one line on
 * stderr: `nango-mock: 500 <uuid> <METHOD> <path>: <cause>`. The cause is
 * the argument, else r->fail_cause, else the function and line that sent
 * the 500 (nm_send_generic_error passes them).
 */
void nm_send_500(nm_req *r, const char *cause, const char *func, int line);
#define nm_send_generic_error(r) nm_send_500((r), NULL, __func__, __LINE__)

/* The Keep-Alive header's timeout: the server's idle keep-alive limit. */
int nm_keep_alive_seconds(const nm_server *s);

/*
 * Makes CivetWeb close the connection once this request returns, whatever
 * the client asked for (a fault's dropped connection). No-op in-process.
 */
void nm_req_force_close(nm_req *r);

/* Writes a random lower-case UUID v4 (37 bytes with the NUL). */
void nm_uuid4(char out[37]);

/* HTTP date (RFC 7231) of the current time. */
void nm_http_date(char out[40]);

#endif
