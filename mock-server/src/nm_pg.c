/* nm_pg.c: the column rules of nm_pg.h. */
#include "nm_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nj_stack.h"
#include "nm_alloc.h"

/* A WTF-8 string holds a lone surrogate as ED A0..BF xx. */
static int nm_pg_jsonb_string_ok(const char *s, size_t n)
{
	size_t i;
	if (memchr(s, '\0', n))
		return 0;
	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)s[i] == 0xED &&
		    (unsigned char)s[i + 1] >= 0xA0 &&
		    (unsigned char)s[i + 1] <= 0xBF)
			return 0;
	return 1;
}

/* Walks the tree with an explicit stack, so depth costs no C stack. */
int nm_pg_jsonb_ok(const nj_value *v)
{
	const nj_value **stack = NULL;
	size_t n = 0, cap = 0, i;
	int ok = 1;
	if (!v)
		return 1;
	if (nm_grow(&stack, &cap, 64, sizeof(*stack)))
		return 0;
	stack[n++] = v;
	while (ok && n > 0) {
		const nj_value *x = stack[--n];
		size_t kids = x->type == NJ_ARRAY || x->type == NJ_OBJECT ? x->len : 0;
		if (x->type == NJ_STRING)
			ok = nm_pg_jsonb_string_ok(x->str, x->len);
		if (nm_grow(&stack, &cap, n + kids, sizeof(*stack))) {
			ok = 0;
			break;
		}
		for (i = 0; ok && i < kids; i++) {
			if (x->type == NJ_ARRAY) {
				stack[n++] = x->items[i];
				continue;
			}
			ok = nm_pg_jsonb_string_ok(x->members[i]->key,
						   x->members[i]->key_len);
			stack[n++] = x->members[i]->value;
		}
	}
	free(stack);
	return ok;
}

int nm_pg_text_ok(const char *s, size_t n, size_t max_chars)
{
	size_t i, chars = 0;
	if (!s)
		return 1;
	if (memchr(s, '\0', n))
		return 0;
	if (!max_chars)
		return 1;
	for (i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	return chars <= max_chars;
}

/* WTF-8 → UTF-8: each lone surrogate (ED A0..BF xx) becomes U+FFFD. */
static char *nm_pg_utf8(const char *s, size_t n)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i;
	for (i = 0; i < n; i++) {
		if (i + 2 < n && (unsigned char)s[i] == 0xED &&
		    (unsigned char)s[i + 1] >= 0xA0) {
			nj_buf_puts(&b, "\xEF\xBF\xBD");
			i += 2;
			continue;
		}
		nj_buf_putc(&b, s[i]);
	}
	nj_buf_putc(&b, '\0');
	if (b.oom) {
		nj_buf_free(&b);
		return NULL;
	}
	return b.ptr;
}

/* node-postgres's prepareValue for an array element that is not an array,
 * then its quoting. */
static void nm_pg_array_element(nj_buf *b, const nj_value *e)
{
	nj_buf elem = NJ_BUF_INIT;
	size_t j;
	if (e->type == NJ_NULL) {
		nj_buf_puts(b, "NULL");
		return;
	}
	if (e->type == NJ_STRING)
		nj_buf_put(&elem, e->str, e->len);
	else
		nj_buf_value(&elem, e); /* String(n), booleans, JSON */
	nj_buf_putc(b, '"');
	for (j = 0; j < elem.len; j++) {
		if (elem.ptr[j] == '\\' || elem.ptr[j] == '"')
			nj_buf_putc(b, '\\');
		nj_buf_putc(b, elem.ptr[j]);
	}
	nj_buf_putc(b, '"');
	nj_buf_free(&elem);
}

/* An array being written, and its next element. */
typedef struct {
	const nj_value *arr;
	size_t next;
} nm_pg_frame;

/* node-postgres's arrayString: arrays in arrays become nested braces. */
static void nm_pg_array_literal(nj_buf *b, const nj_value *arr)
{
	nm_pg_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (nm_pg_frame){arr, 0};
	nj_buf_putc(b, '{');
	while ((f = nj_stack_top(&st))) {
		const nj_value *e;
		if (f->next == f->arr->len) {
			nj_buf_putc(b, '}');
			nj_stack_pop(&st);
			continue;
		}
		if (f->next)
			nj_buf_putc(b, ',');
		e = f->arr->items[f->next++];
		if (e->type != NJ_ARRAY) {
			nm_pg_array_element(b, e);
			continue;
		}
		f = nj_stack_push(&st);
		if (!f) {
			b->oom = 1;
			break;
		}
		*f = (nm_pg_frame){e, 0};
		nj_buf_putc(b, '{');
	}
	nj_stack_free(&st);
}

int nm_pg_text_from_js(char **out, const nj_value *v)
{
	nj_buf b = NJ_BUF_INIT;
	*out = NULL;
	if (v->type == NJ_STRING)
		nj_buf_put(&b, v->str, v->len);
	else if (v->type == NJ_ARRAY)
		nm_pg_array_literal(&b, v);
	else
		nj_buf_value(&b, v); /* numbers, booleans, objects as JSON */
	if (!b.oom && !memchr(b.ptr ? b.ptr : "", '\0', b.len))
		*out = nm_pg_utf8(b.ptr ? b.ptr : "", b.len);
	nj_buf_free(&b);
	return *out ? 0 : -1;
}

int nm_pg_jsonb_from_js(nj_value **out, const nj_value *v)
{
	*out = NULL;
	if (v->type == NJ_ARRAY && v->len > 0)
		return -1; /* an array literal is not JSON */
	if (v->type == NJ_ARRAY)
		*out = nj_object(); /* '{}' */
	else if (v->type == NJ_STRING)
		return nj_parse(out, v->str, v->len, NULL) == NJ_OK ? 0 : -1;
	else
		*out = nj_copy(v);
	return *out ? 0 : -1;
}

nj_value *nm_js_spread(const nj_value *v)
{
	nj_value *out;
	char idx[24];
	size_t i, k = 0;
	if (v && v->type == NJ_OBJECT)
		return nj_copy(v);
	out = nj_object();
	for (i = 0; out && v && v->type == NJ_ARRAY && i < v->len; i++) {
		snprintf(idx, sizeof(idx), "%zu", i);
		if (nj_object_cset(out, idx, nj_copy(v->items[i])))
			goto fail;
	}
	for (i = 0; out && v && v->type == NJ_STRING && i < v->len; k++) {
		const unsigned char *c = (const unsigned char *)v->str + i;
		size_t n = *c < 0x80 ? 1 : *c < 0xE0 ? 2 : *c < 0xF0 ? 3 : 4;
		char unit[2][4];
		size_t units = 1;
		if (n > v->len - i)
			n = v->len - i;
		memcpy(unit[0], c, n);
		if (n == 4) { /* a surrogate pair, one key each */
			unsigned cp = ((c[0] & 7u) << 18) | ((c[1] & 63u) << 12) |
				      ((c[2] & 63u) << 6) | (c[3] & 63u);
			unsigned hi = 0xD800 + ((cp - 0x10000) >> 10);
			unsigned lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			unit[0][0] = (char)0xED;
			unit[0][1] = (char)(0x80 | ((hi >> 6) & 0x3F));
			unit[0][2] = (char)(0x80 | (hi & 0x3F));
			unit[1][0] = (char)0xED;
			unit[1][1] = (char)(0x80 | ((lo >> 6) & 0x3F));
			unit[1][2] = (char)(0x80 | (lo & 0x3F));
			units = 2;
			n = 3;
		}
		for (size_t u = 0; u < units; u++) {
			snprintf(idx, sizeof(idx), "%zu", k + u);
			if (nj_object_cset(out, idx, nj_string(unit[u], n)))
				goto fail;
		}
		k += units - 1;
		i += units == 2 ? 4 : n;
	}
	return out;
fail:
	nj_free(out);
	return NULL;
}
