/* nm_handlers.h: what the route handlers share (internal to nango-mock). */
#ifndef NM_HANDLERS_H
#define NM_HANDLERS_H

#include <stddef.h>

#include "nm_render.h"
#include "nm_server.h"
#include "nm_url.h"
#include "nm_valid.h"

char *nm_strndup(const char *s, size_t n);
/* A copy with ASCII letters lower-cased. */
char *nm_strdup_lower(const char *s, size_t n);

/* Validates a tags record (§2.1); *out gets the tags with lower-cased keys. */
int nm_check_tags(nm_issues *iss, const nj_value *tags, const char *field,
		  nj_value **out);

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

/* A JavaScript Date.parse of an ISO-8601 string, in microseconds (ms
 * precision). Returns 0 on success. */
int nm_parse_iso_date(const char *s, int64_t *out_us);

#endif
