/*
 * nm_reply: error replies from the catalogue (nm_errors.h), rendered in
 * their family's body and sent with nm_send_json. Every error a route,
 * the pipeline or the validators give goes out through here.
 */
#ifndef NM_REPLY_H
#define NM_REPLY_H

#include "nm_errors.h"
#include "nm_http.h"
#include "nm_valid.h"

/*
 * Sends the catalogue's error id (a simple or NangoError family). The
 * arguments are the message's: one const char * per %s of a template, or
 * the text for a caller's message; none for a fixed one.
 */
void nm_reply_error(nm_req *r, nm_err_id id, ...);

/* A NangoError whose message ends with payload as JSON.stringify(payload,
 * null, 2) writes it, and whose payload is payload. */
void nm_reply_error_payload(nm_req *r, nm_err_id id, const nj_value *payload);

/* The same with a flat payload object from kv: NULL-terminated key/value
 * string pairs, in order. */
void nm_reply_error_fields(nm_req *r, nm_err_id id, const char *const *kv);

/* zod's issues under the catalogue's code for id (400); the generic 500
 * when the schema threw in Nango (iss->thrown). */
void nm_reply_issues(nm_req *r, nm_err_id id, const nm_issues *iss);

/* Sends iss under id (as nm_reply_issues) when it holds any issue.
 * Returns 1 when it did. */
int nm_reply_any_issues(nm_req *r, nm_err_id id, const nm_issues *iss);

/* 200 {"success":true}, as Nango's delete and patch routes answer. */
void nm_reply_success(nm_req *r);

/* Nango's 429 of the rate limiter (§1.10), headers from r->rl_*. */
void nm_reply_rate_limited(nm_req *r);

#endif
