/* nm_render.c: connections and errors as Nango writes them. */
#include "nm_render.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* nm_format_ts for any year, through strftime and snprintf. */
static void nm_format_ts_slow(char out[40], const struct tm *tm, long frac,
			      nm_ts_style style)
{
	char base[24], digits[8];
	int n;
	frac %= 1000000; /* as it is: lets the compiler see the bound */
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", tm);
	if (style == NM_TS_LIST) {
		snprintf(digits, sizeof(digits), "%06ld", frac);
		n = 6;
		while (n > 0 && digits[n - 1] == '0')
			n--;
		digits[n] = '\0';
		snprintf(out, 40, "%s%s%s+00:00", base, n ? "." : "", digits);
	} else if (style == NM_TS_ISO_US) {
		snprintf(out, 40, "%s.%06ldZ", base, frac);
	} else {
		snprintf(out, 40, "%s.%03ld%s", base, frac / 1000,
			 style == NM_TS_ISO ? "Z" : "+00:00");
	}
}

/* Writes v as exactly n decimal digits at p; returns the end. */
static char *nm_digits_put(char *p, long v, int n)
{
	int i;
	for (i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

void nm_format_ts(char out[40], int64_t us, nm_ts_style style)
{
	time_t secs = (time_t)(us / 1000000);
	long frac = (long)(us % 1000000);
	struct tm tm;
	char *p = out;
	int n;
	gmtime_r(&secs, &tm);
	if (us < 0 || tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999) {
		nm_format_ts_slow(out, &tm, frac, style);
		return;
	}
	/* strftime's "%Y-%m-%dT%H:%M:%S" for four-digit years, unrolled */
	p = nm_digits_put(p, tm.tm_year + 1900L, 4);
	*p++ = '-';
	p = nm_digits_put(p, tm.tm_mon + 1L, 2);
	*p++ = '-';
	p = nm_digits_put(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = nm_digits_put(p, tm.tm_hour, 2);
	*p++ = ':';
	p = nm_digits_put(p, tm.tm_min, 2);
	*p++ = ':';
	p = nm_digits_put(p, tm.tm_sec, 2);
	if (style == NM_TS_LIST) {
		for (n = 6; n > 0 && frac % 10 == 0; n--)
			frac /= 10;
		if (n) {
			*p++ = '.';
			p = nm_digits_put(p, frac, n);
		}
	} else if (style == NM_TS_ISO_US) {
		*p++ = '.';
		p = nm_digits_put(p, frac, 6);
	} else {
		*p++ = '.';
		p = nm_digits_put(p, frac / 1000, 3);
	}
	strcpy(p, style == NM_TS_ISO || style == NM_TS_ISO_US ? "Z" : "+00:00");
}

static void nm_w_ts(nj_writer *w, int64_t us, nm_ts_style style)
{
	char t[40];
	if (!us) {
		nj_w_null(w);
		return;
	}
	nm_format_ts(t, us, style);
	nj_w_str(w, t);
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

/* The keys every connection body starts with. */
static void nm_render_head(nj_writer *w, const nm_connection *c,
			   int show_end_user)
{
	nj_w_key(w, "id");
	nj_w_int(w, c->id);
	nj_w_key(w, "connection_id");
	nj_w_str(w, c->connection_id);
	nj_w_key(w, "provider_config_key");
	nj_w_str(w, c->provider_config_key);
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
	nj_w_value(w, c->metadata);
}

void nm_render_list_item(nj_writer *w, const nm_connection *c)
{
	nj_w_obj(w);
	nm_render_head(w, c, 1);
	nj_w_key(w, "created");
	nm_w_ts(w, c->created_at, NM_TS_LIST);
	nj_w_end_obj(w);
}

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

nj_value *nm_strip_refresh_tokens(const nj_value *v)
{
	nj_value *c;
	size_t i;
	if (!v)
		return NULL;
	if (v->type == NJ_ARRAY) {
		c = nj_array();
		for (i = 0; c && i < v->len; i++)
			if (nj_array_push(c, nm_strip_refresh_tokens(v->items[i])))
				c = (nj_free(c), NULL);
		return c;
	}
	if (v->type != NJ_OBJECT)
		return nj_copy(v);
	c = nj_object();
	for (i = 0; c && i < v->len; i++) {
		const nj_member *m = v->members[i];
		if (nm_is_refresh_key(m->key, m->key_len))
			continue;
		if (nj_object_set(c, m->key, m->key_len,
				  nm_strip_refresh_tokens(m->value)))
			c = (nj_free(c), NULL);
	}
	return c;
}

static void nm_w_stripped(nj_writer *w, const nj_value *v, int strip)
{
	nj_value *s;
	if (!strip) {
		nj_w_value(w, v);
		return;
	}
	s = nm_strip_refresh_tokens(v);
	if (!s)
		w->buf.oom = 1;
	nj_w_value(w, s);
	nj_free(s);
}

void nm_render_connection(nj_writer *w, const nm_connection *c,
			  nm_ts_style ts, int strip_refresh, int show_end_user)
{
	nj_w_obj(w);
	nm_render_head(w, c, show_end_user);
	nj_w_key(w, "connection_config");
	nm_w_stripped(w, c->connection_config, strip_refresh);
	nj_w_key(w, "webhook_url_override");
	nj_w_str(w, c->webhook_url_override);
	nj_w_key(w, "created_at");
	nm_w_ts(w, c->created_at, ts);
	nj_w_key(w, "updated_at");
	nm_w_ts(w, c->updated_at, ts);
	nj_w_key(w, "last_fetched_at");
	nm_w_ts(w, c->last_fetched_at, ts);
	nj_w_key(w, "credentials");
	nm_w_stripped(w, c->credentials, strip_refresh);
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
	if (*n == *cap) {
		nm_pretty_frame *bigger = realloc(*st, (*cap * 2 + 8) * sizeof(**st));
		if (!bigger)
			return -1;
		*st = bigger;
		*cap = *cap * 2 + 8;
	}
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
