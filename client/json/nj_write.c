/* nj_write.c: writing JSON exactly as Node's JSON.stringify does. */
#include "nj.h"
#include "nj_stack.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nj_buf_put(nj_buf *b, const char *s, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *p;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		p = realloc(b->ptr, ncap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->ptr = p;
		b->cap = ncap;
	}
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void nj_buf_reserve(nj_buf *b, size_t n)
{
	char *p;
	if (b->oom || b->len + n + 1 <= b->cap)
		return;
	p = realloc(b->ptr, b->len + n + 1);
	if (!p) {
		b->oom = 1;
		return;
	}
	b->ptr = p;
	b->cap = b->len + n + 1;
}

void nj_buf_puts(nj_buf *b, const char *s)
{
	nj_buf_put(b, s, strlen(s));
}

void nj_buf_putc(nj_buf *b, char c)
{
	nj_buf_put(b, &c, 1);
}

void nj_buf_free(nj_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

char *nj_buf_take(nj_buf *b, size_t *len_out)
{
	char *p = b->oom ? NULL : b->ptr;
	if (!p && !b->oom) {
		p = calloc(1, 1);
	}
	if (b->oom)
		free(b->ptr);
	if (len_out)
		*len_out = p ? b->len : 0;
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
	return p;
}

/* Bytes nj_buf_string looks at twice: controls, '"', '\\', and 0xED (the
 * lead byte of a WTF-8 surrogate). The rest are copied in runs. */
static const unsigned char nj_special[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
	[0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0xED] = 1};

void nj_buf_string(nj_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	nj_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (!nj_special[c]) {
			run++;
			continue;
		}
		size_t elen = 0;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			elen = 2;
		} else if (c < 0x20) {
			esc[0] = '\\';
			elen = 2;
			switch (c) {
			case '\b': esc[1] = 'b'; break;
			case '\f': esc[1] = 'f'; break;
			case '\n': esc[1] = 'n'; break;
			case '\r': esc[1] = 'r'; break;
			case '\t': esc[1] = 't'; break;
			default:
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				elen = 6;
			}
		} else if (c == 0xED && i + 2 < n &&
			   ((unsigned char)s[i + 1] & 0xE0) == 0xA0) {
			/* WTF-8 lone surrogate: U+D800..U+DFFF */
			unsigned cp = 0xD000u |
				      (((unsigned char)s[i + 1] & 0x3Fu) << 6) |
				      ((unsigned char)s[i + 2] & 0x3Fu);
			snprintf(esc, sizeof(esc), "\\u%04x", cp);
			elen = 6;
		}
		if (elen) {
			nj_buf_put(b, s + i - run, run);
			run = 0;
			nj_buf_put(b, esc, elen);
			if (c == 0xED)
				i += 2;
		} else {
			run++;
		}
	}
	nj_buf_put(b, s + n - run, run);
	nj_buf_putc(b, '"');
}

/*
 * Shortest digits that round-trip, and the decimal exponent. snprintf and
 * strtod both follow the calling thread's LC_NUMERIC, so they agree on the
 * decimal point, and only the digits and exponent of tmp are read.
 */
static int nj_shortest(double d, char *digits, int *exp10)
{
	char tmp[40];
	int p, k = 0;
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	{
		char *e = strchr(tmp, 'e');
		char *c;
		*exp10 = atoi(e + 1);
		for (c = tmp; c < e; c++)
			if (*c >= '0' && *c <= '9')
				digits[k++] = *c;
	}
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	return k;
}

void nj_buf_uri_component(nj_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.!~*'()", c)) {
			nj_buf_putc(b, (char)c);
		} else {
			nj_buf_putc(b, '%');
			nj_buf_putc(b, hex[c >> 4]);
			nj_buf_putc(b, hex[c & 15]);
		}
	}
}

void nj_buf_number(nj_buf *b, double d)
{
	char digits[24], out[64];
	int k, e, n, i, o = 0;
	if (!isfinite(d)) {
		nj_buf_puts(b, "null");
		return;
	}
	if (d == 0) {
		nj_buf_putc(b, '0');
		return;
	}
	if (d < 0) {
		out[o++] = '-';
		d = -d;
	}
	k = nj_shortest(d, digits, &e);
	n = e + 1;
	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
		for (i = k; i < n; i++)
			out[o++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < n; i++)
			out[o++] = digits[i];
		out[o++] = '.';
		for (i = n; i < k; i++)
			out[o++] = digits[i];
	} else if (-6 < n && n <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -n; i++)
			out[o++] = '0';
		for (i = 0; i < k; i++)
			out[o++] = digits[i];
	} else {
		out[o++] = digits[0];
		if (k > 1) {
			out[o++] = '.';
			for (i = 1; i < k; i++)
				out[o++] = digits[i];
		}
		o += snprintf(out + o, sizeof(out) - (size_t)o, "e%c%d",
			      n - 1 >= 0 ? '+' : '-', abs(n - 1));
	}
	nj_buf_put(b, out, (size_t)o);
}

/* One open array or object of nj_buf_value_skip. */
typedef struct {
	const nj_value *v;
	size_t next;  /* index of the next child */
	int written;  /* children written so far (skipped ones are not) */
} nj_wframe;

/* Writes v when it is a scalar; otherwise opens it and pushes its frame. */
static void nj_w_enter(nj_buf *b, const nj_value *v, nj_stack *st)
{
	nj_wframe *f;
	if (!v || (v->type != NJ_ARRAY && v->type != NJ_OBJECT)) {
		switch (v ? v->type : NJ_NULL) {
		case NJ_NULL: nj_buf_puts(b, "null"); break;
		case NJ_FALSE: nj_buf_puts(b, "false"); break;
		case NJ_TRUE: nj_buf_puts(b, "true"); break;
		case NJ_NUMBER: nj_buf_number(b, v->num); break;
		default: nj_buf_string(b, v->str, v->len); break;
		}
		return;
	}
	f = nj_stack_push(st);
	if (!f) {
		b->oom = 1;
		return;
	}
	*f = (nj_wframe){v, 0, 0};
	nj_buf_putc(b, v->type == NJ_ARRAY ? '[' : '{');
}

void nj_buf_value_skip(nj_buf *b, const nj_value *v, nj_key_filter skip)
{
	nj_wframe local[NJ_STACK_LOCAL];
	nj_stack st;
	nj_wframe *f;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	nj_w_enter(b, v, &st);
	while ((f = nj_stack_top(&st)) && !b->oom) {
		const nj_value *child;
		if (f->v->type == NJ_OBJECT && skip)
			while (f->next < f->v->len &&
			       skip(f->v->members[f->next]->key,
				    f->v->members[f->next]->key_len))
				f->next++;
		if (f->next == f->v->len) {
			nj_buf_putc(b, f->v->type == NJ_ARRAY ? ']' : '}');
			nj_stack_pop(&st);
			continue;
		}
		if (f->written++)
			nj_buf_putc(b, ',');
		if (f->v->type == NJ_ARRAY) {
			child = f->v->items[f->next];
		} else {
			const nj_member *m = f->v->members[f->next];
			nj_buf_string(b, m->key, m->key_len);
			nj_buf_putc(b, ':');
			child = m->value;
		}
		f->next++;
		nj_w_enter(b, child, &st);
	}
	nj_stack_free(&st);
}

void nj_buf_value(nj_buf *b, const nj_value *v)
{
	nj_buf_value_skip(b, v, NULL);
}

/* --- structural writer ------------------------------------------------- */

void nj_w_init(nj_writer *w)
{
	memset(w, 0, sizeof(*w));
}

/* Emits the comma a new item needs, if any. */
static void nj_w_sep(nj_writer *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0 && w->depth <= NJ_W_MAX_NEST) {
		if (w->has_item[w->depth - 1])
			nj_buf_putc(&w->buf, ',');
		w->has_item[w->depth - 1] = 1;
	}
}

static void nj_w_open(nj_writer *w, char c)
{
	nj_w_sep(w);
	nj_buf_putc(&w->buf, c);
	if (w->depth < NJ_W_MAX_NEST)
		w->has_item[w->depth] = 0;
	w->depth++;
}

static void nj_w_close(nj_writer *w, char c)
{
	nj_buf_putc(&w->buf, c);
	if (w->depth > 0)
		w->depth--;
}

void nj_w_obj(nj_writer *w) { nj_w_open(w, '{'); }
void nj_w_end_obj(nj_writer *w) { nj_w_close(w, '}'); }
void nj_w_arr(nj_writer *w) { nj_w_open(w, '['); }
void nj_w_end_arr(nj_writer *w) { nj_w_close(w, ']'); }

void nj_w_keyn(nj_writer *w, const char *key, size_t len)
{
	nj_w_sep(w);
	nj_buf_string(&w->buf, key, len);
	nj_buf_putc(&w->buf, ':');
	w->after_key = 1;
}

void nj_w_key(nj_writer *w, const char *key)
{
	nj_w_keyn(w, key, strlen(key));
}

void nj_w_strn(nj_writer *w, const char *s, size_t n)
{
	nj_w_sep(w);
	nj_buf_string(&w->buf, s, n);
}

void nj_w_str(nj_writer *w, const char *s)
{
	if (!s)
		nj_w_null(w);
	else
		nj_w_strn(w, s, strlen(s));
}

void nj_w_int(nj_writer *w, long long i)
{
	char tmp[32];
	nj_w_sep(w);
	snprintf(tmp, sizeof(tmp), "%lld", i);
	nj_buf_puts(&w->buf, tmp);
}

void nj_w_num(nj_writer *w, double d)
{
	nj_w_sep(w);
	nj_buf_number(&w->buf, d);
}

void nj_w_bool(nj_writer *w, int b)
{
	nj_w_sep(w);
	nj_buf_puts(&w->buf, b ? "true" : "false");
}

void nj_w_null(nj_writer *w)
{
	nj_w_sep(w);
	nj_buf_puts(&w->buf, "null");
}

void nj_w_value(nj_writer *w, const nj_value *v)
{
	nj_w_sep(w);
	nj_buf_value(&w->buf, v);
}

void nj_w_begin_value(nj_writer *w)
{
	nj_w_sep(w);
}

void nj_w_value_skip(nj_writer *w, const nj_value *v, nj_key_filter skip)
{
	nj_w_sep(w);
	nj_buf_value_skip(&w->buf, v, skip);
}
