/* nm_body: the request body as Express's body parsers see it (no I/O). */
#ifndef NM_BODY_H
#define NM_BODY_H

#include <stddef.h>

#include "nm_http.h"

/*
 * body-parser's json, then raw, checked but not yet built: V8's verdict on
 * the text without a tree, so a request that is then refused (404, 401,
 * 429) never pays for one. Sets r->body_kind. *text (freed by the caller)
 * gets the decoded text when it is not r->raw itself. Returns 1 to go on,
 * 0 when a response (400 invalid_json or 500) was sent.
 */
int nm_body_check(nm_req *r, char **text, size_t *text_len);

/* Builds r->body from the checked text (a JSON body only). 0 when a 500
 * was sent. */
int nm_body_build(nm_req *r, const char *text, size_t len);

#endif
