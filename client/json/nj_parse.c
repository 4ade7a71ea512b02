/*
 * nj_parse.c: decoding JSON text into nj_value trees. The text is checked
 * by nj_check (V8's rules and messages), then tokenised by jsmn in strict
 * mode; this is the only file that sees jsmn.
 */
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#define JSMN_STATIC
#include <jsmn.h>

#include "nj.h"
#include "nj_stack.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *js;
	jsmntok_t *toks;
	int ntoks;
	int next;
} nj_builder;

static void nj_put_cp(nj_buf *b, unsigned cp)
{
	char t[4];
	if (cp < 0x80) {
		t[0] = (char)cp;
		nj_buf_put(b, t, 1);
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		nj_buf_put(b, t, 2);
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		nj_buf_put(b, t, 3);
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		nj_buf_put(b, t, 4);
	}
}

static unsigned nj_hex4(const char *p)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Decodes the raw body of a string token (escapes included) into b. */
static void nj_unescape(nj_buf *b, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned cp;
		if (s[i] != '\\') {
			run++;
			i++;
			continue;
		}
		nj_buf_put(b, s + i - run, run);
		run = 0;
		switch (s[i + 1]) {
		case 'b': nj_buf_putc(b, '\b'); break;
		case 'f': nj_buf_putc(b, '\f'); break;
		case 'n': nj_buf_putc(b, '\n'); break;
		case 'r': nj_buf_putc(b, '\r'); break;
		case 't': nj_buf_putc(b, '\t'); break;
		case 'u':
			cp = nj_hex4(s + i + 2);
			if (cp >= 0xD800 && cp < 0xDC00 && i + 11 < n &&
			    s[i + 6] == '\\' && s[i + 7] == 'u') {
				unsigned lo = nj_hex4(s + i + 8);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					i += 6;
				}
			}
			nj_put_cp(b, cp); /* lone surrogates become WTF-8 */
			i += 4;
			break;
		default: nj_buf_putc(b, s[i + 1]); break;
		}
		i += 2;
	}
	nj_buf_put(b, s + n - run, run);
}

static nj_value *nj_build_string(const char *s, size_t n)
{
	nj_buf b = NJ_BUF_INIT;
	nj_value *v;
	if (!memchr(s, '\\', n))
		return nj_string(s, n);
	nj_unescape(&b, s, n);
	if (b.oom) {
		nj_buf_free(&b);
		return NULL;
	}
	v = nj_string(b.ptr ? b.ptr : "", b.len);
	nj_buf_free(&b);
	return v;
}

/* The "C" locale, made once: JSON's decimal point is '.' whatever the
 * process's LC_NUMERIC says (an application may call setlocale). */
static locale_t nj_c_numeric;
static pthread_once_t nj_c_numeric_once = PTHREAD_ONCE_INIT;

static void nj_c_numeric_init(void)
{
	nj_c_numeric = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* strtod of a JSON number (checked already), independent of the locale. */
static double nj_number_value(const char *s)
{
	pthread_once(&nj_c_numeric_once, nj_c_numeric_init);
	if (nj_c_numeric)
		return strtod_l(s, NULL, nj_c_numeric);
	return strtod(s, NULL); /* newlocale failed: no memory for it */
}

static nj_value *nj_build_primitive(const char *s, size_t n)
{
	switch (s[0]) {
	case 't': return nj_bool(1);
	case 'f': return nj_bool(0);
	case 'n': return nj_null();
	default: {
		char tmp[64];
		char *heap = NULL;
		const char *p = tmp;
		nj_value *v;
		if (n < sizeof(tmp)) {
			memcpy(tmp, s, n);
			tmp[n] = '\0';
		} else {
			heap = malloc(n + 1);
			if (!heap)
				return NULL;
			memcpy(heap, s, n);
			heap[n] = '\0';
			p = heap;
		}
		v = nj_number(nj_number_value(p));
		free(heap);
		return v;
	}
	}
}

/* The value of token t, without its children: a container comes empty. */
static nj_value *nj_build_token(const nj_builder *b, const jsmntok_t *t)
{
	const char *s = b->js + t->start;
	size_t n = (size_t)(t->end - t->start);
	switch (t->type) {
	case JSMN_STRING:
		return nj_build_string(s, n);
	case JSMN_PRIMITIVE:
		return nj_build_primitive(s, n);
	case JSMN_ARRAY:
		return nj_array();
	case JSMN_OBJECT:
		return nj_object();
	default:
		return NULL;
	}
}

/* A container being filled, and how many of its children are to come. */
typedef struct {
	nj_value *v;
	int left;
} nj_build_frame;

/*
 * Builds the value at token b->next and puts it in f's container (with the
 * key token before it when that is an object). *v_out gets the value.
 * Returns NJ_OK or NJ_ENOMEM.
 */
static int nj_build_child(nj_builder *b, nj_build_frame *f, nj_value **v_out)
{
	nj_value *key = NULL;
	int rc;
	*v_out = NULL;
	if (f->v->type == NJ_OBJECT) {
		const jsmntok_t *k = &b->toks[b->next++];
		key = nj_build_string(b->js + k->start,
				      (size_t)(k->end - k->start));
		if (!key)
			return NJ_ENOMEM;
	}
	*v_out = nj_build_token(b, &b->toks[b->next++]);
	if (key)
		rc = nj_object_set(f->v, key->str, key->len, *v_out);
	else
		rc = nj_array_push(f->v, *v_out);
	nj_free(key);
	f->left--;
	return rc;
}

/*
 * Builds the tree of the tokens from b->next on, the first a container,
 * in one pass with an explicit stack of the containers being filled.
 */
static nj_value *nj_build(nj_builder *b)
{
	nj_build_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	const jsmntok_t *t = &b->toks[b->next];
	nj_value *root = nj_build_token(b, t), *v;

	b->next++;
	if (!root || t->size == 0)
		return root;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (nj_build_frame){root, t->size};
	while ((f = nj_stack_top(&st))) {
		if (f->left == 0) {
			nj_stack_pop(&st);
			continue;
		}
		t = &b->toks[b->next + (f->v->type == NJ_OBJECT)];
		if (nj_build_child(b, f, &v) != NJ_OK)
			goto fail;
		if ((t->type == JSMN_ARRAY || t->type == JSMN_OBJECT) &&
		    t->size > 0) {
			f = nj_stack_push(&st);
			if (!f)
				goto fail;
			*f = (nj_build_frame){v, t->size};
		}
	}
	nj_stack_free(&st);
	return root;
fail:
	nj_stack_free(&st);
	nj_free(root);
	return NULL;
}

static int nj_first_is_container(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
			   text[i] == '\n' || text[i] == '\r'))
		i++;
	return i < len && (text[i] == '{' || text[i] == '[');
}

/* A top-level primitive; jsmn's strict mode does not take those. */
static int nj_parse_scalar(nj_value **out, const char *text, size_t len)
{
	size_t i = 0, end = len;
	while (i < len && strchr(" \t\r\n", text[i]) && text[i])
		i++;
	while (end > i && strchr(" \t\r\n", text[end - 1]) && text[end - 1])
		end--;
	if (text[i] == '"')
		*out = nj_build_string(text + i + 1, end - i - 2);
	else
		*out = nj_build_primitive(text + i, end - i);
	return *out ? NJ_OK : NJ_ENOMEM;
}

int nj_parse(nj_value **out, const char *text, size_t len, nj_error *err)
{
	jsmn_parser p;
	nj_builder b = {text, NULL, 0, 0};
	size_t depth = 0;
	int rc;

	*out = NULL;
	rc = nj_check(text, len, err, &depth);
	if (rc != NJ_OK)
		return rc;
	if (depth > NJ_MAX_DEPTH)
		return NJ_EDEPTH;
	if (!nj_first_is_container(text, len))
		return nj_parse_scalar(out, text, len);
	jsmn_init(&p);
	rc = jsmn_parse(&p, text, len, NULL, 0);
	if (rc <= 0)
		return rc == JSMN_ERROR_NOMEM ? NJ_ENOMEM : NJ_ESYNTAX;
	b.ntoks = rc;
	b.toks = malloc((size_t)rc * sizeof(*b.toks));
	if (!b.toks)
		return NJ_ENOMEM;
	jsmn_init(&p);
	rc = jsmn_parse(&p, text, len, b.toks, (unsigned)b.ntoks);
	if (rc == b.ntoks)
		*out = nj_build(&b);
	free(b.toks);
	if (rc != b.ntoks)
		return NJ_ESYNTAX;
	return *out ? NJ_OK : NJ_ENOMEM;
}

/* --- UTF-8 decoding as Node (WHATWG) does it ---------------------------- */

size_t nj_utf8_seq(const unsigned char *s, size_t n, size_t *bad_len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, k;
	if (bad_len)
		*bad_len = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F;
	} else {
		return 0;
	}
	for (k = 1; k <= need; k++) {
		if (k >= n || s[k] < lo || s[k] > hi) {
			if (bad_len)
				*bad_len = k;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

int nj_utf8_sanitize(char **out, size_t *out_len, const char *in, size_t len)
{
	static const char repl[] = "\xEF\xBF\xBD";
	const unsigned char *s = (const unsigned char *)in;
	nj_buf b = NJ_BUF_INIT;
	size_t i = 0;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	while (i < len) {
		size_t bad, k;
		if (s[i] < 0x80) {
			size_t start = i;
			while (i < len && s[i] < 0x80)
				i++;
			nj_buf_put(&b, in + start, i - start);
			continue;
		}
		k = nj_utf8_seq(s + i, len - i, &bad);
		if (k) {
			nj_buf_put(&b, in + i, k);
			i += k;
		} else {
			nj_buf_put(&b, repl, 3);
			i += bad;
		}
	}
	*out = nj_buf_take(&b, out_len);
	return *out ? NJ_OK : NJ_ENOMEM;
}
