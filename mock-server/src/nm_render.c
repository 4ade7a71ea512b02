/* nm_render.c: connections and errors as Nango writes them. */
#include "nm_render.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nm_alloc.h"

void nm_render_ts(nj_writer *w, const char *key, int64_t us,
		  nm_ts_style style)
{
	char t[40];
	if (key)
		nj_w_key(w, key);
	nm_format_ts(t, us, style);
	nj_w_str(w, t);
}

void nm_render_ts_or_null(nj_writer *w, const char *key, int64_t us,
			  nm_ts_style style)
{
	if (us) {
		nm_render_ts(w, key, us, style);
		return;
	}
	if (key)
		nj_w_key(w, key);
	nj_w_null(w);
}

void nm_render_end_user_members(nj_writer *w, const nm_end_user *u)
{
	nj_w_key(w, "id");
	nj_w_str(w, u->id);
	nj_w_key(w, "display_name");
	nj_w_str(w, u->display_name);
	nj_w_key(w, "email");
	nj_w_str(w, u->email);
	nj_w_key(w, "tags");
	nj_w_value(w, u->tags);
	nj_w_key(w, "organization");
	if (u->org_id) {
		nj_w_obj(w);
		nj_w_key(w, "id");
		nj_w_str(w, u->org_id);
		nj_w_key(w, "display_name");
		nj_w_str(w, u->org_display_name);
		nj_w_end_obj(w);
	} else {
		nj_w_null(w);
	}
}

static void nm_render_end_user(nj_writer *w, const nm_end_user *u)
{
	if (!u) {
		nj_w_null(w);
		return;
	}
	nj_w_obj(w);
	nm_render_end_user_members(w, u);
	nj_w_end_obj(w);
}

/* Writes a connection's JSON value: its frozen form in a store view, else
 * its tree; skip as in nj_w_value_skip. */
static void nm_w_json(nj_writer *w, const nj_value *v, const nj_frozen *fz,
		      nj_key_filter skip)
{
	if (fz)
		nj_w_frozen(w, fz, skip);
	else
		nj_w_value_skip(w, v, skip);
}

void nm_render_conn_ids(nj_writer *w, const nm_connection *c)
{
	nj_w_key(w, "id");
	nj_w_int(w, c->id);
	nj_w_key(w, "connection_id");
	nj_w_str(w, c->connection_id);
	nj_w_key(w, "provider_config_key");
	nj_w_str(w, c->provider_config_key);
}

/* The keys every connection body starts with. */
static void nm_render_head(nj_writer *w, const nm_connection *c,
			   int show_end_user)
{
	nm_render_conn_ids(w, c);
	nj_w_key(w, "provider");
	nj_w_str(w, c->provider);
	nj_w_key(w, "errors");
	nj_w_arr(w);
	nj_w_end_arr(w);
	nj_w_key(w, "end_user");
	nm_render_end_user(w, show_end_user ? c->end_user : NULL);
	nj_w_key(w, "tags");
	nj_w_value(w, c->tags);
	nj_w_key(w, "metadata");
	nm_w_json(w, c->metadata, c->metadata_fz, NULL);
}

void nm_render_list_item(nj_writer *w, const nm_connection *c)
{
	nj_w_obj(w);
	nm_render_head(w, c, 1);
	nm_render_ts_or_null(w, "created", c->created_at, NM_TS_LIST);
	nj_w_end_obj(w);
}

/* A key Nango's refresh-token stripping removes: its ASCII letters, in
 * any case, spell "refreshtoken" (other characters do not count). */
static int nm_is_refresh_key(const char *k, size_t n)
{
	static const char want[] = "refreshtoken";
	size_t i, j = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];
		if (!isalpha(c) || c >= 0x80)
			continue;
		if (j >= sizeof(want) - 1 || tolower(c) != want[j])
			return 0;
		j++;
	}
	return j == sizeof(want) - 1;
}

void nm_render_connection(nj_writer *w, const nm_connection *c,
			  nm_ts_style ts, int strip_refresh, int show_end_user)
{
	nj_w_obj(w);
	nm_render_head(w, c, show_end_user);
	nj_w_key(w, "connection_config");
	nm_w_json(w, c->connection_config, c->connection_config_fz,
		  strip_refresh ? nm_is_refresh_key : NULL);
	nj_w_key(w, "webhook_url_override");
	nj_w_str(w, c->webhook_url_override);
	nm_render_ts_or_null(w, "created_at", c->created_at, ts);
	nm_render_ts_or_null(w, "updated_at", c->updated_at, ts);
	nm_render_ts_or_null(w, "last_fetched_at", c->last_fetched_at, ts);
	nj_w_key(w, "credentials");
	nm_w_json(w, c->credentials, c->credentials_fz,
		  strip_refresh ? nm_is_refresh_key : NULL);
	nj_w_end_obj(w);
}

typedef struct {
	const nj_value *v;
	size_t next; /* index of the next child to write */
} nm_pretty_frame;

static void nm_pretty_indent(nj_buf *b, size_t depth)
{
	nj_buf_putc(b, '\n');
	while (depth--)
		nj_buf_puts(b, "  ");
}

/* Writes v, or opens it (pushing a frame) when it has children. */
static int nm_pretty_open(nj_buf *b, const nj_value *v, nm_pretty_frame **st,
			  size_t *n, size_t *cap)
{
	int arr = v->type == NJ_ARRAY;
	if ((!arr && v->type != NJ_OBJECT) || v->len == 0) {
		nj_buf_value(b, v);
		return 0;
	}
	if (nm_grow(st, cap, *n + 1, sizeof(**st)))
		return -1;
	(*st)[*n].v = v;
	(*st)[(*n)++].next = 0;
	nj_buf_putc(b, arr ? '[' : '{');
	return 0;
}

void nm_render_pretty(nj_buf *b, const nj_value *v)
{
	nm_pretty_frame *st = NULL;
	size_t n = 0, cap = 0;
	if (nm_pretty_open(b, v, &st, &n, &cap))
		b->oom = 1;
	while (n > 0 && !b->oom) {
		nm_pretty_frame *f = &st[n - 1];
		const nj_value *child;
		if (f->next == f->v->len) {
			nm_pretty_indent(b, n - 1);
			nj_buf_putc(b, f->v->type == NJ_ARRAY ? ']' : '}');
			n--;
			continue;
		}
		if (f->next)
			nj_buf_putc(b, ',');
		nm_pretty_indent(b, n);
		if (f->v->type == NJ_ARRAY) {
			child = f->v->items[f->next];
		} else {
			const nj_member *m = f->v->members[f->next];
			nj_buf_string(b, m->key, m->key_len);
			nj_buf_puts(b, ": ");
			child = m->value;
		}
		f->next++;
		if (nm_pretty_open(b, child, &st, &n, &cap))
			b->oom = 1;
	}
	free(st);
}

void nm_render_error_open(nj_writer *w, const char *code)
{
	nj_w_obj(w);
	nj_w_key(w, "error");
	nj_w_obj(w);
	nj_w_key(w, "code");
	nj_w_str(w, code);
}

void nm_render_error_close(nj_writer *w)
{
	nj_w_end_obj(w);
	nj_w_end_obj(w);
}

void nm_body_nango_error(nj_buf *b, const char *message, const char *code,
			 const nj_value *payload)
{
	nj_buf_puts(b, "{\"error\":{\"message\":");
	nj_buf_string(b, message, strlen(message));
	nj_buf_puts(b, ",\"code\":");
	nj_buf_string(b, code, strlen(code));
	nj_buf_puts(b, ",\"payload\":");
	if (payload)
		nj_buf_value(b, payload);
	else
		nj_buf_puts(b, "{}");
	nj_buf_puts(b, "}}");
}

void nm_body_simple_error(nj_buf *b, const char *code, const char *message)
{
	nj_buf_puts(b, "{\"error\":{\"code\":");
	nj_buf_string(b, code, strlen(code));
	if (message) {
		nj_buf_puts(b, ",\"message\":");
		nj_buf_string(b, message, strlen(message));
	}
	nj_buf_puts(b, "}}");
}
