/*
 * nango_internal.h: what libnango's modules share. Not installed.
 *
 * Layers: nango_request.c builds URLs and bodies, nango_parse.c turns
 * response JSON into result structs, nango_http.c runs exchanges over
 * libcurl (retries, error detail), nango_ops.c glues them per operation.
 * Only nango_http.c knows curl; only this header and the .c files know nj.
 */
#ifndef NANGO_INTERNAL_H
#define NANGO_INTERNAL_H

#include "nango/nango.h"
#include "nj.h"

/* Immutable once made: the text is written when the value is wrapped. */
struct nango_json {
	nj_value *value;
	char *text; /* compact JSON of value */
};

/* Size of curl's error buffer (CURL_ERROR_SIZE, checked in nango_http.c). */
#define NANGO__ERRBUF_SIZE 256

struct nango_client {
	void *curl;           /* CURL *, reused for keep-alive */
	/* CURLOPT_ERRORBUFFER: lives as long as the handle that points at it */
	char errbuf[NANGO__ERRBUF_SIZE];
	char *base_url;       /* without a trailing slash */
	char *auth_header;
	char *user_agent;
	long timeout_ms;
	int max_retries;
	long retry_base_ms, retry_max_ms;
	/* detail of the last call */
	int status;
	char *code, *message;
	nj_buf body;
	nango_error_item *items;
	char **paths;         /* items[i].path, owned */
	size_t n_items;
	nj_value *error_doc;  /* owns the code/message strings of items[] */
};

/* --- nango_parse.c: strings ------------------------------------------ */

/* libnango's one string copy: NULL for NULL or when out of memory. */
char *nango__strdup(const char *s);

/* --- nango_request.c: pure builders --------------------------------- */

/* Appends "?k=v" or "&k=v" (both encoded); nothing when v is NULL. */
void nango__query(nj_buf *b, const char *k, const char *v);
/* The list URL (path and query) for p, appended to b. */
void nango__list_path(nj_buf *b, const nango_list_params *p);
/* GET /connections/:id?... */
void nango__get_path(nj_buf *b, const char *key, const char *id,
		     const nango_get_params *p);
/*
 * Bodies. Each returns NANGO_OK, NANGO_EARG (a required field missing or a
 * JSON-text field that is not valid JSON of the right kind) or NANGO_ENOMEM.
 */
int nango__create_legacy_body(nj_buf *out, const nango_create_legacy_params *p);
int nango__create_body(nj_buf *out, const nango_create_params *p);
int nango__patch_body(nj_buf *out, const nango_patch_params *p);
int nango__metadata_body(nj_buf *out, const char *key,
			 const char *const *ids, size_t count,
			 const char *metadata_json);

/* --- nango_parse.c: pure parsers -------------------------------------- */

/* Parses "2026-08-21T18:43:31.123+00:00" / "...Z"; NULL text is null. */
int nango__parse_time(nango_time *out, const char *text);
/* Fills *out from a connection object (full or list item). */
int nango__parse_connection(nango_connection *out, const nj_value *v);
/* Fills *out from {"connections":[...]}. */
int nango__parse_list(nango_connection_array *out, const nj_value *v);
/* Wraps a copy of v with its text; NULL on allocation failure. */
nango_json *nango__json_new(const nj_value *v);
void nango__connection_clear(nango_connection *c);
/*
 * The error code for a response, from its status and Nango's error.code
 * (NULL when none), never the message; status 0 is a transport failure.
 * not_found is what a 404 "not_found" means on the route called:
 * NANGO_ENOTFOUND (a connection) or NANGO_EINTEGRATION (an integration).
 */
int nango__map_error(int status, const char *code, int not_found);

/* --- nango_http.c ----------------------------------------------------- */

/*
 * Runs one request (path relative to the base URL; body NULL for none)
 * with the retry policy, records the detail on the client, and returns the
 * error code mapped by nango__map_error (not_found: see there). On
 * NANGO_OK, *json_out (optional) gets the parsed body (NULL when empty),
 * which the caller frees.
 */
int nango__call(nj_value **json_out, nango_client *c, const char *method,
		const char *path, const char *body, int not_found);
/*
 * The retry policy: 1 when a response with this status to this method may
 * be sent again. 429 always (Nango's rate limiter answers before any route
 * runs, so nothing was written); 500, 502, 503 and 504 only for GET, the
 * one method whose repetition cannot repeat a write. Never anything else.
 */
int nango__retryable(const char *method, int status);
/*
 * The wait a Retry-After header value asks for, in milliseconds: delay
 * seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT",
 * also RFC 850 and asctime forms) measured from now; 0 for a date in the
 * past; -1 when value is NULL or neither form.
 */
long nango__retry_after_ms(const char *value, time_t now);
/* Records a local failure (bad argument, no memory) on the client. */
int nango__fail(nango_client *c, int error, const char *message);
/* Gives the last call a message when it has none (keeps the status). */
int nango__note(nango_client *c, int error);

#endif
