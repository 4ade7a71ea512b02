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

typedef struct nm_req {
	struct mg_connection *conn;
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
	/* for the request journal (nm_admin_journal.c) */
	int admin;            /* a /__admin/ request: not journaled */
	char *raw_body;       /* the body as read, or NULL */
	size_t raw_len;
	int64_t start_us;     /* when it came (real time) */
	/* called with sent filled, just before the response is written, so the
	 * journal holds an exchange by the time its client sees the answer */
	void (*journal)(struct nm_req *r);
	int journaled;
	char *sent;           /* headers then body, as written */
	size_t sent_head, sent_len;
	char fault[24];       /* the fault that answered, or "" */
} nm_req;

enum {
	NM_SEND_ETAG = 1,       /* add Express's weak ETag (and 304 logic) */
	NM_SEND_CSP_NONE = 2,   /* Content-Security-Policy: default-src 'none' */
	NM_SEND_PREFLIGHT = 4   /* the CORS preflight header set */
};

/* Header value of the request (case-insensitive name), or NULL. */
const char *nm_req_header(const nm_req *r, const char *name);

/*
 * Writes a complete response in one write: Nango's security headers, CORS
 * (if r->cors), rate-limit headers (if r->counted), then Content-Type,
 * Content-Length, ETag, Date and keep-alive. A GET/HEAD whose If-None-Match
 * matches the ETag gets 304. HEAD gets no body. Records r->status.
 */
void nm_send(nm_req *r, int status, const char *content_type,
	     const char *body, size_t len, unsigned flags);

/*
 * Writes a whole response (head_len bytes of headers, then the body) and
 * frees h; with r->journal set, records the exchange first (r->sent).
 */
void nm_req_write(nm_req *r, nj_buf *h, size_t head_len);

/* nm_send with application/json and an ETag; frees body. */
void nm_send_json(nm_req *r, int status, nj_buf *body);

/* Express's final 404 page: `Cannot <METHOD> <path>`. */
void nm_send_not_found_page(nm_req *r);

/* The 500 generic_error_support body with a fresh UUID. */
void nm_send_generic_error(nm_req *r);

/*
 * Makes CivetWeb close the connection once this request returns, whatever
 * the client asked for (a fault's dropped connection).
 */
void nm_req_force_close(nm_req *r);

/* Writes a random lower-case UUID v4 (37 bytes with the NUL). */
void nm_uuid4(char out[37]);

/* HTTP date (RFC 7231) of the current time. */
void nm_http_date(char out[40]);

#endif
