/* nm_handlers.h: what the route handlers share (internal to nango-mock). */
#ifndef NM_HANDLERS_H
#define NM_HANDLERS_H

#include <stddef.h>

#include "nm_render.h"
#include "nm_server.h"
#include "nm_url.h"
#include "nm_valid.h"

char *nm_strndup(const char *s, size_t n);
/* The time of the request's environment (its clock may be frozen). */
int64_t nm_req_now(const nm_req *r);
/*
 * An upper bound on how deep the JSON code may recurse over s and over
 * what it stores, JSON or not: the deepest nesting of [ and { outside
 * strings, plus the most [ and { inside one string (a string value may be
 * JSON text that is parsed in turn, as metadata is). Linear, no recursion.
 */
size_t nm_json_depth(const char *s, size_t n);
/*
 * 1 when v (a string, or an object or array of them, any depth) holds a NUL
 * byte: Postgres refuses such text, so Nango answers 500 where the value
 * would reach the database. A C string of it would end early and name
 * another record.
 */
int nm_holds_nul(const nj_value *v);
/* A copy with ASCII letters lower-cased. */
char *nm_strdup_lower(const char *s, size_t n);

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
/* Date.prototype.toISOString() of a time in milliseconds. */
void nm_js_iso(char out[40], double ms);
/*
 * Nango's requireEmptyQuery: initialises iss, and answers 400
 * invalid_query_params when the query q has any key. Returns 1 to go on,
 * 0 once a reply was sent.
 */
int nm_require_empty_query(nm_req *r, const nj_value *q, nm_issues *iss);
/* The :connectionId parameter, decoded and checked (invalid_uri_params). */
char *nm_param_id(const char *p, size_t n, nm_issues *iss);
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

/*
 * A NangoError reply whose payload is the flat object kv (NULL-terminated
 * key/value pairs) and whose message is prefix followed by that payload
 * pretty-printed as JSON.stringify(payload, null, 2) does.
 */
void nm_reply_nango_payload(nm_req *r, int status, const char *prefix,
			    const char *code, const char *const *kv);
/* The same with any payload value. */
void nm_reply_nango_with(nm_req *r, int status, const char *prefix,
			 const char *code, const nj_value *payload);

/* The credentials' expires_at as a time (us), 0 when absent or invalid. */
int64_t nm_credentials_expiry(const nj_value *credentials);
/* Date.parse of any string V8 reads (ISO, then RFC 1123 and the other
 * legacy forms; nm_jsdate.c). Returns 0 on success, -1 for NaN. */
int nm_parse_js_date(const char *s, int64_t *out_us);

#endif
