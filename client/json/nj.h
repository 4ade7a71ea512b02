/*
 * nj: the project's one JSON module, shared by nango-mock and libnango.
 *
 * It decodes JSON into a small tree of values that behaves like a value that
 * went through Node's JSON.parse (object key order, duplicate keys, numbers
 * as doubles, strings decoded to UTF-8), and writes values back the way
 * JSON.stringify does. Parsing is checked first by a validator that reports
 * the exact error V8 would raise, then tokenised by jsmn (strict mode).
 *
 * Strings are held as WTF-8: UTF-8 that may also encode lone UTF-16
 * surrogates (from "\ud800"-style escapes), so that they round-trip.
 *
 * None of this is thread-safe on a shared value; distinct values may be used
 * from distinct threads freely.
 *
 * Nothing here recurses per nesting level: every walk over a tree keeps an
 * explicit stack (nj_stack.h) or a list through the tree itself, so the
 * deepest value takes as little C stack as a flat one.
 */
#ifndef NJ_H
#define NJ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Deepest nesting nj_parse accepts (objects plus arrays). */
#define NJ_MAX_DEPTH 2000

typedef enum {
	NJ_NULL = 0,
	NJ_FALSE,
	NJ_TRUE,
	NJ_NUMBER,
	NJ_STRING,
	NJ_ARRAY,
	NJ_OBJECT
} nj_type;

typedef struct nj_value nj_value;
typedef struct nj_member nj_member;
typedef struct nj_index nj_index;

struct nj_member {
	char *key;       /* WTF-8, NUL-terminated (may also hold NULs) */
	size_t key_len;
	nj_value *value;
};

struct nj_value {
	nj_type type;
	double num;            /* NJ_NUMBER */
	char *str;             /* NJ_STRING: WTF-8, NUL-terminated */
	size_t len;            /* NJ_STRING bytes; NJ_ARRAY/NJ_OBJECT count */
	size_t cap;
	nj_value **items;      /* NJ_ARRAY */
	nj_member **members;   /* NJ_OBJECT, in JS enumeration order */
	size_t n_index_keys;   /* leading members whose key is an array index */
	nj_index *index;       /* hash of keys, built for large objects */
};

/* Error codes of this module. */
enum {
	NJ_OK = 0,
	NJ_ENOMEM = -1,
	NJ_ESYNTAX = -2,  /* not JSON; nj_error holds V8's message */
	NJ_EDEPTH = -3    /* nested deeper than NJ_MAX_DEPTH */
};

/* What a failed parse reports: V8's message (Node 22 wording, WTF-8). */
typedef struct {
	char message[512];
	size_t position; /* byte offset of the error in the input */
} nj_error;

/* --- values ------------------------------------------------------------ */
nj_value *nj_null(void);
nj_value *nj_bool(int b);
nj_value *nj_number(double d);
nj_value *nj_string(const char *s, size_t len);
nj_value *nj_cstring(const char *s);
nj_value *nj_array(void);
nj_value *nj_object(void);

/* Frees a value and everything it holds. Accepts NULL. */
void nj_free(nj_value *v);

/* Deep copy; NULL on allocation failure (or when v is NULL). */
nj_value *nj_copy(const nj_value *v);

/* Appends v to an array, taking ownership. On failure v is freed and
 * NJ_ENOMEM is returned, so callers never leak. */
int nj_array_push(nj_value *arr, nj_value *v);

/*
 * Sets obj[key] = v with JavaScript semantics: an existing key keeps its
 * position and gets the new value; a new array-index key ("0", "42") goes
 * among the leading index keys in numeric order; any other new key is
 * appended. Takes ownership of v (freed on failure).
 */
int nj_object_set(nj_value *obj, const char *key, size_t key_len, nj_value *v);
int nj_object_cset(nj_value *obj, const char *key, nj_value *v);

/* The value at key, or NULL. obj may be NULL or not an object. */
nj_value *nj_object_get(const nj_value *obj, const char *key);
nj_value *nj_object_getn(const nj_value *obj, const char *key, size_t len);

/* Removes key if present (the value is freed). Returns 1 if removed. */
int nj_object_remove(nj_value *obj, const char *key, size_t key_len);

/* 1 if key is the canonical decimal form of an integer 0..4294967294. */
int nj_is_array_index(const char *key, size_t len);

/*
 * Reorders every object inside v, recursively, the way a value stored in a
 * Postgres jsonb column and read back by Node comes out: array-index keys
 * first in numeric order, then the rest by byte length, then bytewise.
 */
void nj_jsonb_order(nj_value *v);

/* Structural equality (same types, same numbers, same keys in any order).
 * 0 also when there is no memory to compare values nested deeper than
 * NJ_STACK_LOCAL (nj_stack.h) levels. */
int nj_equal(const nj_value *a, const nj_value *b);

/* Convenience readers: NULL / 0 when absent or of another type. */
const char *nj_get_string(const nj_value *obj, const char *key);

/* JS truthiness of a value (absent is falsy). */
int nj_truthy(const nj_value *v);

/* --- parsing ------------------------------------------------------------ */

/*
 * Parses text (any JSON value at top level). On NJ_ESYNTAX, err (if given)
 * holds the message V8's JSON.parse would raise for the same text. The
 * input must be UTF-8; see nj_utf8_sanitize.
 */
int nj_parse(nj_value **out, const char *text, size_t len, nj_error *err);

/*
 * Checks text the way V8's JSON.parse does, without building anything.
 * Returns NJ_OK or NJ_ESYNTAX with err filled. max_depth_out (optional)
 * receives the deepest nesting seen.
 */
int nj_check(const char *text, size_t len, nj_error *err, size_t *max_depth_out);

/*
 * The message body-parser (strict mode) gives for a body whose first
 * non-blank character is not '{' or '['. Fills err; always NJ_ESYNTAX.
 */
int nj_strict_violation(const char *text, size_t len, nj_error *err);

/*
 * Decodes bytes as Node's UTF-8 decoder does: a leading BOM is dropped and
 * each maximal invalid subpart becomes U+FFFD. Returns a new NUL-terminated
 * buffer in *out (length in *out_len), or NJ_ENOMEM.
 */
int nj_utf8_sanitize(char **out, size_t *out_len, const char *in, size_t len);

/*
 * Length of the well-formed UTF-8 sequence at s (n bytes available), or 0
 * when it is not one; then *bad_len (optional) gets the length of its
 * maximal invalid subpart, the bytes one U+FFFD stands for.
 */
size_t nj_utf8_seq(const unsigned char *s, size_t n, size_t *bad_len);

/* --- dates ------------------------------------------------------------- */

/* nj_date_parse flags. */
enum { NJ_DATE_JS = 1 };

/*
 * Reads an ISO 8601 instant into microseconds since the epoch (UTC), days
 * proleptic Gregorian. Without flags only the full form is taken, as Nango
 * and Postgres write it: "YYYY-MM-DDTHH:MM:SS[.f…](Z|±hh:mm)", the fraction
 * kept to microseconds. NJ_DATE_JS takes what JavaScript's Date.parse takes
 * as ISO: also "YYYY", "YYYY-MM", "YYYY-MM-DD" (each may end in Z), years
 * as "+YYYYYY"/"-YYYYYY", no seconds, no zone (read as UTC), "+hhmm",
 * lower-case t and z, 24:00; the fraction kept to milliseconds; beyond
 * JavaScript's range (8.64e15 ms either side of 1970) it is NJ_ESYNTAX.
 * Returns NJ_OK, or NJ_ESYNTAX (*out_us untouched).
 */
int nj_date_parse(int64_t *out_us, const char *s, unsigned flags);

/* --- writing ------------------------------------------------------------ */

/* A growable byte buffer. Zero-initialise it, or use NJ_BUF_INIT. */
typedef struct {
	char *ptr;
	size_t len;
	size_t cap;
	int oom; /* set once an append failed; later appends are ignored */
} nj_buf;

#define NJ_BUF_INIT {NULL, 0, 0, 0}

/* Makes room for n more bytes in one allocation (for a buffer whose size
 * is known ahead); later appends grow it as usual. */
void nj_buf_reserve(nj_buf *b, size_t n);

void nj_buf_put(nj_buf *b, const char *s, size_t n);
void nj_buf_puts(nj_buf *b, const char *s);
void nj_buf_putc(nj_buf *b, char c);
/* Releases the buffer and resets it to empty. */
void nj_buf_free(nj_buf *b);
/* Hands the NUL-terminated bytes to the caller (NULL if oom); resets b. */
char *nj_buf_take(nj_buf *b, size_t *len_out);

/* Writes a JSON string literal the way JSON.stringify does. */
void nj_buf_string(nj_buf *b, const char *s, size_t n);
/* Writes the NUL-terminated s as JavaScript's encodeURIComponent does
 * (every byte outside A-Z a-z 0-9 -_.!~*'() as %XX, upper-case hex). */
void nj_buf_uri_component(nj_buf *b, const char *s);
/* Writes a number as ECMAScript Number::toString; non-finite as null. */
void nj_buf_number(nj_buf *b, double d);
/* Writes a whole value compactly (iteratively: any depth). */
void nj_buf_value(nj_buf *b, const nj_value *v);
/* Says whether an object member with this key is left out. */
typedef int (*nj_key_filter)(const char *key, size_t len);
/* nj_buf_value, leaving out every object member (at any depth) whose key
 * skip accepts; skip NULL leaves out nothing. */
void nj_buf_value_skip(nj_buf *b, const nj_value *v, nj_key_filter skip);

/*
 * A structural writer over nj_buf that places commas itself.
 * Usage: nj_w_obj(w); nj_w_key(w,"a"); nj_w_int(w,1); nj_w_end_obj(w);
 */
#define NJ_W_MAX_NEST 64
typedef struct {
	nj_buf buf;
	int depth;
	unsigned char has_item[NJ_W_MAX_NEST];
	int after_key;
} nj_writer;

void nj_w_init(nj_writer *w);
void nj_w_obj(nj_writer *w);
void nj_w_end_obj(nj_writer *w);
void nj_w_arr(nj_writer *w);
void nj_w_end_arr(nj_writer *w);
void nj_w_key(nj_writer *w, const char *key);
void nj_w_keyn(nj_writer *w, const char *key, size_t len);
void nj_w_str(nj_writer *w, const char *s);          /* NULL writes null */
void nj_w_strn(nj_writer *w, const char *s, size_t n);
void nj_w_int(nj_writer *w, long long i);
void nj_w_num(nj_writer *w, double d);
void nj_w_bool(nj_writer *w, int b);
void nj_w_null(nj_writer *w);
void nj_w_value(nj_writer *w, const nj_value *v);    /* NULL writes null */
void nj_w_value_skip(nj_writer *w, const nj_value *v, nj_key_filter skip);
/* Places what precedes a value (a comma, or nothing after a key) for a
 * value the caller then writes into w->buf itself. */
void nj_w_begin_value(nj_writer *w);

/* --- frozen values ------------------------------------------------------ */

/*
 * A value frozen into one allocation: compact (no node per value), read
 * whole without parsing, never changed. For values kept long; thaw one
 * to change it. NULL stands for an absent value (written as null).
 */
typedef struct nj_frozen nj_frozen;

/* Freezes v (NULL: *out NULL). NJ_OK, or NJ_ENOMEM (also past 4 GiB). */
int nj_freeze(nj_frozen **out, const nj_value *v);
/* nj_freeze of v as nj_jsonb_order would reorder it, without changing or
 * copying v. */
int nj_freeze_jsonb(nj_frozen **out, const nj_value *v);
/* A tree equal to what was frozen, members in their order (NULL: NULL).
 * NJ_OK or NJ_ENOMEM. */
int nj_thaw(nj_value **out, const nj_frozen *f);
void nj_frozen_free(nj_frozen *f);                  /* accepts NULL */
nj_frozen *nj_frozen_copy(const nj_frozen *f);      /* NULL: NULL or OOM */
size_t nj_frozen_bytes(const nj_frozen *f);         /* its allocation */
/* Writes f as nj_buf_value_skip writes the value it was frozen from. */
void nj_buf_frozen(nj_buf *b, const nj_frozen *f, nj_key_filter skip);
void nj_w_frozen(nj_writer *w, const nj_frozen *f, nj_key_filter skip);

#ifdef __cplusplus
}
#endif

#endif
