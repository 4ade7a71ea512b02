/*
 * nj_check.c: validates JSON text the way V8's JSON.parse (Node 22) does and
 * produces V8's exact error message for the first error.
 */
#include "nj.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* V8's error kinds. */
typedef enum {
	K_EOS,            /* Unexpected end of JSON input */
	K_TOKEN,          /* Unexpected token 'x', "..." is not valid JSON */
	K_NUMBER,         /* Unexpected number in JSON at position */
	K_STRING,         /* Unexpected string in JSON at position */
	K_PROP_OR_RBRACE,
	K_COMMA_RBRACK,
	K_COMMA_RBRACE,
	K_NON_WS,
	K_BAD_ESCAPE,
	K_BAD_CONTROL,
	K_BAD_UNICODE,
	K_NO_NUM_MINUS,
	K_EXP_MISSING,
	K_UNTERM_FRAC,
	K_COLON,
	K_DQ_PROP,
	K_UNTERM_STRING
} nj_kind;

static const char *const nj_templates[] = {
	[K_NUMBER] = "Unexpected number in JSON",
	[K_STRING] = "Unexpected string in JSON",
	[K_PROP_OR_RBRACE] = "Expected property name or '}' in JSON",
	[K_COMMA_RBRACK] = "Expected ',' or ']' after array element in JSON",
	[K_COMMA_RBRACE] = "Expected ',' or '}' after property value in JSON",
	[K_NON_WS] = "Unexpected non-whitespace character after JSON",
	[K_BAD_ESCAPE] = "Bad escaped character in JSON",
	[K_BAD_CONTROL] = "Bad control character in string literal in JSON",
	[K_BAD_UNICODE] = "Bad Unicode escape in JSON",
	[K_NO_NUM_MINUS] = "No number after minus sign in JSON",
	[K_EXP_MISSING] = "Exponent part is missing a number in JSON",
	[K_UNTERM_FRAC] = "Unterminated fractional number in JSON",
	[K_COLON] = "Expected ':' after property name in JSON",
	[K_DQ_PROP] = "Expected double-quoted property name in JSON",
	[K_UNTERM_STRING] = "Unterminated string in JSON",
};

typedef struct {
	const char *s;
	size_t len;
	size_t pos;
	int failed;
	nj_kind kind;
	size_t err_pos;
} nj_scan;

/* --- UTF-16 view of a UTF-8 text, for positions and context ------------- */

static size_t nj_u8_seq(unsigned char c)
{
	if (c < 0x80) return 1;
	if ((c & 0xE0) == 0xC0) return 2;
	if ((c & 0xF0) == 0xE0) return 3;
	if ((c & 0xF8) == 0xF0) return 4;
	return 1;
}

/* UTF-16 code units in s[0..n). */
static size_t nj_u16_len(const char *s, size_t n)
{
	size_t i = 0, units = 0;
	while (i < n) {
		size_t k = nj_u8_seq((unsigned char)s[i]);
		units += k == 4 ? 2 : 1;
		i += k;
	}
	return units;
}

/* Appends the WTF-8 of one UTF-16 unit (used for half a surrogate pair). */
static void nj_put_unit(nj_buf *b, unsigned u)
{
	char t[3];
	t[0] = (char)(0xE0 | (u >> 12));
	t[1] = (char)(0x80 | ((u >> 6) & 0x3F));
	t[2] = (char)(0x80 | (u & 0x3F));
	nj_buf_put(b, t, 3);
}

/* Appends UTF-16 units [from, to) of s as WTF-8. */
static void nj_u16_slice(nj_buf *b, const char *s, size_t n, size_t from,
			 size_t to)
{
	size_t i = 0, unit = 0;
	while (i < n && unit < to) {
		size_t k = nj_u8_seq((unsigned char)s[i]);
		if (k == 4 && i + 4 <= n) {
			unsigned cp = ((unsigned)(s[i] & 0x07) << 18) |
				      ((unsigned)(s[i + 1] & 0x3F) << 12) |
				      ((unsigned)(s[i + 2] & 0x3F) << 6) |
				      (unsigned)(s[i + 3] & 0x3F);
			unsigned hi = 0xD800 + ((cp - 0x10000) >> 10);
			unsigned lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			int want_hi = unit >= from && unit < to;
			int want_lo = unit + 1 >= from && unit + 1 < to;
			if (want_hi && want_lo)
				nj_buf_put(b, s + i, 4);
			else if (want_hi)
				nj_put_unit(b, hi);
			else if (want_lo)
				nj_put_unit(b, lo);
			unit += 2;
		} else {
			if (unit >= from)
				nj_buf_put(b, s + i, k);
			unit++;
		}
		i += k;
	}
}

/* Writes V8's message for an error of kind at byte offset pos of s. */
static void nj_format(nj_error *err, const char *s, size_t n, nj_kind kind,
		      size_t pos)
{
	nj_buf b = NJ_BUF_INIT;
	size_t upos = nj_u16_len(s, pos < n ? pos : n);
	size_t total = nj_u16_len(s, n);

	if (kind == K_EOS) {
		nj_buf_puts(&b, "Unexpected end of JSON input");
	} else if (kind == K_TOKEN) {
		nj_buf_puts(&b, "Unexpected token '");
		nj_u16_slice(&b, s, n, upos, upos + 1);
		nj_buf_puts(&b, "', ");
		if (total < 21) {
			nj_buf_putc(&b, '"');
			nj_buf_put(&b, s, n);
			nj_buf_putc(&b, '"');
		} else if (upos < 10) {
			nj_buf_putc(&b, '"');
			nj_u16_slice(&b, s, n, 0, upos + 10);
			nj_buf_puts(&b, "\"...");
		} else if (upos < total - 10) {
			nj_buf_puts(&b, "...\"");
			nj_u16_slice(&b, s, n, upos - 10, upos + 10);
			nj_buf_puts(&b, "\"...");
		} else {
			nj_buf_puts(&b, "...\"");
			nj_u16_slice(&b, s, n, upos - 10, total);
			nj_buf_putc(&b, '"');
		}
		nj_buf_puts(&b, " is not valid JSON");
	} else {
		size_t i, line = 1, line_start = 0;
		char tail[96];
		size_t lim = pos < n ? pos : n;
		for (i = 0; i < lim; i++) {
			if (s[i] == '\r' && i + 1 < lim && s[i + 1] == '\n')
				i++;
			if (s[i] == '\r' || s[i] == '\n') {
				line++;
				line_start = i + 1;
			}
		}
		nj_buf_puts(&b, nj_templates[kind]);
		snprintf(tail, sizeof(tail),
			 " at position %zu (line %zu column %zu)", upos, line,
			 1 + nj_u16_len(s + line_start, lim - line_start));
		nj_buf_puts(&b, tail);
	}
	if (b.oom || b.len >= sizeof(err->message)) {
		/* Truncate at a character boundary. */
		size_t cut = b.oom ? 0 : sizeof(err->message) - 1;
		while (cut > 0 && ((unsigned char)b.ptr[cut] & 0xC0) == 0x80)
			cut--;
		if (cut)
			memcpy(err->message, b.ptr, cut);
		err->message[cut] = '\0';
	} else {
		memcpy(err->message, b.ptr ? b.ptr : "", b.len + 1);
	}
	err->position = pos;
	nj_buf_free(&b);
}

/* --- the scanner --------------------------------------------------------- */

static void nj_fail(nj_scan *sc, nj_kind kind, size_t pos)
{
	if (sc->failed)
		return;
	sc->failed = 1;
	sc->kind = kind;
	sc->err_pos = pos;
}

/* The kind V8 reports for an unexpected character at pos. */
static nj_kind nj_kind_for_char(const nj_scan *sc, size_t pos)
{
	char c;
	if (pos >= sc->len)
		return K_EOS;
	c = sc->s[pos];
	if (c == '"')
		return K_STRING;
	if (c == '-' || (c >= '0' && c <= '9'))
		return K_NUMBER;
	return K_TOKEN;
}

static void nj_unexpected(nj_scan *sc, size_t pos)
{
	nj_fail(sc, nj_kind_for_char(sc, pos), pos);
}

static void nj_ws(nj_scan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

static int nj_hex(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Scans a string starting at the opening quote. */
static void nj_string_scan(nj_scan *sc)
{
	sc->pos++;
	for (;;) {
		unsigned char c;
		if (sc->pos >= sc->len) {
			nj_fail(sc, K_UNTERM_STRING, sc->len);
			return;
		}
		c = (unsigned char)sc->s[sc->pos];
		if (c == '"') {
			sc->pos++;
			return;
		}
		if (c < 0x20) {
			nj_fail(sc, K_BAD_CONTROL, sc->pos);
			return;
		}
		if (c != '\\') {
			sc->pos++;
			continue;
		}
		sc->pos++;
		if (sc->pos >= sc->len) {
			nj_fail(sc, K_EOS, sc->len);
			return;
		}
		c = (unsigned char)sc->s[sc->pos];
		if (c == 'u') {
			int i;
			for (i = 0; i < 4; i++) {
				sc->pos++;
				if (sc->pos >= sc->len ||
				    nj_hex(sc->s[sc->pos]) < 0) {
					nj_fail(sc, K_BAD_UNICODE, sc->pos);
					return;
				}
			}
			sc->pos++;
		} else if (c && strchr("\"\\/bfnrt", (char)c)) {
			sc->pos++;
		} else if (c >= 0xC4) {
			/* beyond Latin-1: V8 reports the character itself */
			nj_fail(sc, K_TOKEN, sc->pos);
			return;
		} else {
			nj_fail(sc, K_BAD_ESCAPE, sc->pos);
			return;
		}
	}
}

static int nj_digit_at(const nj_scan *sc, size_t pos)
{
	return pos < sc->len && sc->s[pos] >= '0' && sc->s[pos] <= '9';
}

static void nj_number_scan(nj_scan *sc)
{
	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0') {
		sc->pos++;
		if (nj_digit_at(sc, sc->pos)) {
			nj_fail(sc, K_NUMBER, sc->pos);
			return;
		}
	} else {
		if (!nj_digit_at(sc, sc->pos)) {
			nj_fail(sc, K_NO_NUM_MINUS, sc->pos);
			return;
		}
		while (nj_digit_at(sc, sc->pos))
			sc->pos++;
	}
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (!nj_digit_at(sc, sc->pos)) {
			nj_fail(sc, K_UNTERM_FRAC, sc->pos);
			return;
		}
		while (nj_digit_at(sc, sc->pos))
			sc->pos++;
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] | 0x20) == 'e') {
		sc->pos++;
		if (sc->pos < sc->len &&
		    (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
			sc->pos++;
		if (!nj_digit_at(sc, sc->pos)) {
			nj_fail(sc, K_EXP_MISSING, sc->pos);
			return;
		}
		while (nj_digit_at(sc, sc->pos))
			sc->pos++;
	}
}

static void nj_literal_scan(nj_scan *sc, const char *lit)
{
	size_t i, n = strlen(lit);
	for (i = 1; i < n; i++) {
		size_t p = sc->pos + i;
		if (p >= sc->len || sc->s[p] != lit[i]) {
			nj_unexpected(sc, p);
			return;
		}
	}
	sc->pos += n;
}

/*
 * Scans one value; containers push onto stack. Returns 1 when a container
 * was opened (the caller continues inside it), 0 otherwise.
 */
static int nj_value_scan(nj_scan *sc, char *stack, size_t *depth)
{
	char c;
	nj_ws(sc);
	if (sc->pos >= sc->len) {
		nj_fail(sc, K_EOS, sc->len);
		return 0;
	}
	c = sc->s[sc->pos];
	switch (c) {
	case '"': nj_string_scan(sc); return 0;
	case 't': nj_literal_scan(sc, "true"); return 0;
	case 'f': nj_literal_scan(sc, "false"); return 0;
	case 'n': nj_literal_scan(sc, "null"); return 0;
	case '{':
	case '[':
		stack[(*depth)++] = c;
		sc->pos++;
		return 1;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			nj_number_scan(sc);
		else
			nj_fail(sc, K_TOKEN, sc->pos);
		return 0;
	}
}

/* Expects a property name then ':'; kind is the error for a missing name. */
static void nj_property_head(nj_scan *sc, nj_kind kind)
{
	nj_ws(sc);
	if (sc->pos >= sc->len || sc->s[sc->pos] != '"') {
		nj_fail(sc, kind, sc->pos);
		return;
	}
	nj_string_scan(sc);
	if (sc->failed)
		return;
	nj_ws(sc);
	if (sc->pos >= sc->len || sc->s[sc->pos] != ':') {
		nj_fail(sc, K_COLON, sc->pos);
		return;
	}
	sc->pos++;
}

/* Handles what follows a complete value inside the innermost container. */
static int nj_after_value(nj_scan *sc, char *stack, size_t *depth)
{
	char top = stack[*depth - 1];
	nj_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == ',') {
		sc->pos++;
		if (top == '{')
			nj_property_head(sc, K_DQ_PROP);
		return 0; /* next value */
	}
	if (sc->pos < sc->len && sc->s[sc->pos] == (top == '{' ? '}' : ']')) {
		sc->pos++;
		(*depth)--;
		return 1; /* container closed */
	}
	nj_fail(sc, top == '{' ? K_COMMA_RBRACE : K_COMMA_RBRACK, sc->pos);
	return 0;
}

/* Right after '{' or '[': handles the empty case and the first key. */
static int nj_container_start(nj_scan *sc, char *stack, size_t *depth)
{
	char top = stack[*depth - 1];
	nj_ws(sc);
	if (sc->pos < sc->len && sc->s[sc->pos] == (top == '{' ? '}' : ']')) {
		sc->pos++;
		(*depth)--;
		return 1;
	}
	if (top == '{')
		nj_property_head(sc, K_PROP_OR_RBRACE);
	return 0;
}

int nj_check(const char *text, size_t len, nj_error *err, size_t *max_depth)
{
	nj_scan sc = {text, len, 0, 0, K_EOS, 0};
	size_t depth = 0, deepest = 0;
	char *stack = malloc(len + 1);
	int closed;

	if (!stack)
		return NJ_ENOMEM;
	/* Value, then loop over container continuations. */
	closed = !nj_value_scan(&sc, stack, &depth);
	while (!sc.failed && depth > 0) {
		if (depth > deepest)
			deepest = depth;
		if (!closed) {
			/* a container was just opened */
			if (nj_container_start(&sc, stack, &depth)) {
				closed = 1;
				continue;
			}
		} else if (nj_after_value(&sc, stack, &depth)) {
			continue;
		}
		if (sc.failed)
			break;
		closed = !nj_value_scan(&sc, stack, &depth);
	}
	free(stack);
	if (!sc.failed) {
		nj_ws(&sc);
		if (sc.pos < len)
			nj_fail(&sc, K_NON_WS, sc.pos);
	}
	if (max_depth)
		*max_depth = deepest;
	if (!sc.failed)
		return NJ_OK;
	if (err)
		nj_format(err, text, len, sc.kind, sc.err_pos);
	return NJ_ESYNTAX;
}

int nj_strict_violation(const char *text, size_t len, nj_error *err)
{
	size_t i = 0, first;
	nj_buf partial = NJ_BUF_INIT, out = NJ_BUF_INIT;
	nj_error inner;
	const char *m;

	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
			   text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i == len) {
		/* body-parser's indexOf(undefined) finds nothing: parse("") */
		nj_format(err, "", 0, K_EOS, 0);
		return NJ_ESYNTAX;
	}
	first = i;
	/* leading blanks, then one '#' per UTF-16 unit of the rest */
	nj_buf_put(&partial, text, first);
	for (i = nj_u16_len(text + first, len - first); i > 0; i--)
		nj_buf_putc(&partial, '#');
	nj_format(&inner, partial.ptr ? partial.ptr : "", partial.len,
		  K_TOKEN, first);
	/* each run of '#' becomes the same number of units of the body */
	for (m = inner.message; *m;) {
		if (*m == '#') {
			size_t run = strspn(m, "#");
			size_t ufirst = nj_u16_len(text, first);
			nj_u16_slice(&out, text, len, ufirst, ufirst + run);
			m += run;
		} else {
			nj_buf_putc(&out, *m++);
		}
	}
	if (out.oom || !out.ptr) {
		err->message[0] = '\0';
	} else {
		size_t cut = out.len < sizeof(err->message) ? out.len
							 : sizeof(err->message) - 1;
		while (cut < out.len && cut > 0 &&
		       ((unsigned char)out.ptr[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(err->message, out.ptr, cut);
		err->message[cut] = '\0';
	}
	err->position = first;
	nj_buf_free(&partial);
	nj_buf_free(&out);
	return NJ_ESYNTAX;
}
