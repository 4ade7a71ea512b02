/* nm_handlers.h: what the route handlers share (internal to nango-mock). */
#ifndef NM_HANDLERS_H
#define NM_HANDLERS_H

#include <stddef.h>

#include "nm_alloc.h"
#include "nm_json_scan.h"
#include "nm_render.h"
#include "nm_reply.h"
#include "nm_routes.h"
#include "nm_server.h"
#include "nm_url.h"
#include "nm_valid.h"

/* The time of the request's environment (its clock may be frozen). */
int64_t nm_req_now(const nm_req *r);

/*
 * A tags record (§2.1, §4.2) at path field. Connection tags (end_user 0):
 * values 1-255 chars, *out gets them with lower-cased keys. End-user tags
 * (end_user 1): values up to 255 chars, *out gets a plain copy. Then the
 * record checks: at most 10 keys, no keys equal after lower-casing, a valid
 * end_user_email. Absent tags are valid (*out NULL).
 */
int nm_check_tags(nm_issues *iss, const nj_value *tags, const char *field,
		  int end_user, nj_value **out);
/* A copy of tags with lower-cased keys; NULL on allocation failure. */
nj_value *nm_tags_lower(const nj_value *tags);
/*
 * The connection's tags, as live Nango 0.71.4 builds them from the end
 * user (eu, or NULL) and the given tags (or NULL); NULL on allocation
 * failure (nm_valid_conn.c).
 */
nj_value *nm_merge_tags(const nm_end_user *eu, const nj_value *tags);
/* z.record(): absent or an object is valid. */
int nm_check_metadata(nm_issues *iss, const nj_value *v, const char *field);
/* zod 4's email regex. */
int nm_email_valid(const char *s, size_t n);
/* The strict end_user object of §4.2 (path end_user); *out gets it. */
int nm_check_end_user(nm_issues *iss, const nj_value *v, nm_end_user **out);
/* z.coerce.date() at path p0, p1; *ms gets the time in milliseconds. */
int nm_check_date(nm_issues *iss, const nj_value *v, const char *p0,
		  const char *p1, double *ms);
/* The POST /integrations body (nm_valid_integ.c); 1 if valid. */
int nm_check_integration_body(nm_issues *iss, const nj_value *body);
/* The credentials union of §4.2; *out gets zod's output object. */
int nm_check_credentials(nm_issues *iss, const nj_value *v, nj_value **out);
/* --- nm_req.c: path parameters and query checks --- */
/*
 * What a body route reads first: the body as zod sees it
 * (nm_req_body_js), the parsed query (NULL when out of memory, which the
 * query checks answer with a 500) and the issues its checks fill (not yet
 * initialised).
 */
typedef struct {
	const nj_value *body;
	nj_value *body_owned;
	nj_value *q;
	nm_issues iss;
} nm_input;
/* Reads r's body and query into in. */
void nm_input_read(nm_input *in, const nm_req *r);
/* Frees what in holds. */
void nm_input_free(nm_input *in);
/*
 * Nango's requireEmptyQuery: initialises iss, and answers 400
 * invalid_query_params when the query q has any key. Returns 1 to go on,
 * 0 once a reply was sent.
 */
int nm_require_empty_query(nm_req *r, const nj_value *q, nm_issues *iss);
/* A query of provider_config_key alone (iss initialised): the key's
 * checks, no other key, else 400 invalid_query_params. Returns 1 to go
 * on, 0 once a reply was sent. */
int nm_require_key_query(nm_req *r, const nj_value *q, nm_issues *iss);
/* The required provider_config_key of a query: the key pattern, max 255. */
void nm_check_key_query(nm_issues *iss, const nj_value *q);
/* Adds the issue for any key of q not in allowed (NULL-terminated), then
 * answers 400 invalid_query_params if iss holds any. 1: go on. */
int nm_query_checked(nm_req *r, const nj_value *q, nm_issues *iss,
		     const char *const *allowed);
/*
 * A path parameter (p, pn as routed), URL-decoded into a copy the caller
 * frees and checked as a string of at most 255 characters matching rx
 * (issues at path field). NULL on allocation failure.
 */
char *nm_param_checked(const char *p, size_t pn, nm_issues *iss,
		       nm_regex rx, const char *field);
/*
 * What get and patch check after their query and body: the :connectionId
 * parameter (400 invalid_uri_params), then the integration key (400
 * unknown_provider_config). Returns 1 with *id_out set, or 0 once a reply
 * was sent.
 */
int nm_checked_id(char **id_out, nm_req *r, const char *p, size_t pn,
		  nm_issues *iss, const char *key);

/*
 * webhook_url_override (§4.4): absent or "" is fine (*out NULL); otherwise a
 * URL, trimmed into *out. Issues are added at path p0 (NULL: []).
 */
int nm_check_webhook(nm_issues *iss, const nj_value *v, const char *p0,
		     char **out);

/* The credentials' expires_at as a time (us), 0 when absent or invalid. */
int64_t nm_credentials_expiry(const nj_value *credentials);
/* Date.parse of any string V8 reads (ISO, then RFC 1123 and the other
 * legacy forms; nm_jsdate.c). Returns 0 on success, -1 for NaN. */
int nm_parse_js_date(const char *s, int64_t *out_us);

#endif
