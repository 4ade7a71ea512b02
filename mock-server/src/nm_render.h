/* nm_render: JSON bodies of connections and of Nango's error families. */
#ifndef NM_RENDER_H
#define NM_RENDER_H

#include <stdint.h>

#include "nj.h"
#include "nm_store.h"
#include "nm_ts.h"

/* key (unless NULL), then the time us (microseconds) in style. */
void nm_render_ts(nj_writer *w, const char *key, int64_t us,
		  nm_ts_style style);
/* The same, but null when us is 0 (no time). */
void nm_render_ts_or_null(nj_writer *w, const char *key, int64_t us,
			  nm_ts_style style);

/* A connection's id, connection_id and provider_config_key members, the
 * first of every body and of the fixtures format. */
void nm_render_conn_ids(nj_writer *w, const nm_connection *c);

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

/* JSON.stringify(v, null, 2); depth costs no C stack. */
void nm_render_pretty(nj_buf *b, const nj_value *v);

/* Opens {"error":{"code":code, for the members that follow it. */
void nm_render_error_open(nj_writer *w, const char *code);
/* Closes what nm_render_error_open opened. */
void nm_render_error_close(nj_writer *w);

/* {"error":{"message":m,"code":c,"payload":payload or {}}} */
void nm_body_nango_error(nj_buf *b, const char *message, const char *code,
			 const nj_value *payload);
/* {"error":{"code":c,"message":m}}, or code only when m is NULL. */
void nm_body_simple_error(nj_buf *b, const char *code, const char *message);

#endif
