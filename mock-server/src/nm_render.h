/* nm_render: JSON bodies of connections and of Nango's error families. */
#ifndef NM_RENDER_H
#define NM_RENDER_H

#include <stdint.h>

#include "nj.h"
#include "nm_store.h"

typedef enum {
	NM_TS_LIST, /* row_to_json: 0-6 digits, trailing zeros cut, +00:00 */
	NM_TS_GET,  /* toISOString with +00:00: exactly 3 digits */
	NM_TS_ISO,  /* toISOString: 3 digits and Z */
	NM_TS_ISO_US /* 6 digits and Z (state exports, the journal) */
} nm_ts_style;

void nm_format_ts(char out[40], int64_t us, nm_ts_style style);

/* The list route's item (§2.1). */
void nm_render_list_item(nj_writer *w, const nm_connection *c);

/*
 * The full connection (§2.3 key order). With strip_refresh, every key that
 * normalises to "refreshtoken" is dropped from credentials and
 * connection_config. ts selects the timestamp format.
 */
void nm_render_connection(nj_writer *w, const nm_connection *c,
			  nm_ts_style ts, int strip_refresh,
			  int show_end_user);

/* An end user's members, id to organization, as connection bodies show
 * them (the caller opens and closes the object). */
void nm_render_end_user_members(nj_writer *w, const nm_end_user *u);

/* A deep copy of v without refresh-token keys, at any depth. */
nj_value *nm_strip_refresh_tokens(const nj_value *v);

/* JSON.stringify(v, null, 2); depth costs no C stack. */
void nm_render_pretty(nj_buf *b, const nj_value *v);

/* {"error":{"message":m,"code":c,"payload":payload or {}}} */
void nm_body_nango_error(nj_buf *b, const char *message, const char *code,
			 const nj_value *payload);
/* {"error":{"code":c,"message":m}}, or code only when m is NULL. */
void nm_body_simple_error(nj_buf *b, const char *code, const char *message);

#endif
