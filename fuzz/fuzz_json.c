/*
 * fuzz_json: the JSON module. Whatever the bytes: nj_check and nj_parse
 * agree on validity; a parsed value written by nj_buf_value parses again
 * to an equal value (but for numbers too large for a double, written as
 * null as JSON.stringify does) and is written the same way (a fixed
 * point); frozen, it writes the same bytes (and, with a key filter, the
 * same bytes as the tree with that filter) and thaws back to an equal
 * value in the same order; the sanitizer output is valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nj.h"

#define FZ_CHECK(c)         \
	do {                    \
		if (!(c))           \
			abort();        \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A filter that leaves out keys starting with 'a' (any depth). */
static int fz_skip_a(const char *key, size_t len)
{
	return len > 0 && key[0] == 'a';
}

/* The frozen form of v against its tree (see the top comment). */
static void fz_check_frozen(const nj_value *v, const nj_buf *written)
{
	nj_frozen *f = NULL, *j = NULL;
	nj_value *back = NULL;
	nj_buf a = NJ_BUF_INIT, b = NJ_BUF_INIT;
	if (nj_freeze(&f, v) != NJ_OK || nj_freeze_jsonb(&j, v) != NJ_OK)
		goto done; /* out of memory only */
	nj_buf_frozen(&a, f, NULL);
	FZ_CHECK(a.len == written->len && !memcmp(a.ptr, written->ptr, a.len));
	nj_buf_free(&a);
	nj_buf_frozen(&a, f, fz_skip_a);
	nj_buf_value_skip(&b, v, fz_skip_a);
	FZ_CHECK(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len));
	if (nj_thaw(&back, f) == NJ_OK) {
		FZ_CHECK(nj_equal(v, back));
		nj_buf_free(&a);
		nj_buf_value(&a, back);
		FZ_CHECK(a.len == written->len &&
			 !memcmp(a.ptr, written->ptr, a.len));
		nj_jsonb_order(back); /* the jsonb form writes as the reordered tree */
		nj_buf_free(&a);
		nj_buf_free(&b);
		nj_buf_value(&a, back);
		nj_buf_frozen(&b, j, NULL);
		FZ_CHECK(a.len == b.len && !memcmp(a.ptr, b.ptr, a.len));
	}
done:
	nj_free(back);
	nj_frozen_free(f);
	nj_frozen_free(j);
	nj_buf_free(&a);
	nj_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = NULL;
	size_t len = 0, depth = 0, i;
	nj_value *v = NULL, *again = NULL;
	nj_buf out = NJ_BUF_INIT, out2 = NJ_BUF_INIT;
	nj_error err;
	int checked, parsed;

	if (nj_utf8_sanitize(&text, &len, (const char *)data, size) != NJ_OK)
		return 0;
	for (i = 0; i < len;) { /* sanitized text is UTF-8 */
		size_t k = nj_utf8_seq((const unsigned char *)text + i, len - i,
				       NULL);
		FZ_CHECK(k > 0);
		i += k;
	}
	checked = nj_check(text, len, &err, &depth);
	parsed = nj_parse(&v, text, len, &err);
	if (checked == NJ_OK)
		FZ_CHECK(parsed == NJ_OK || parsed == NJ_EDEPTH ||
			 parsed == NJ_ENOMEM);
	else
		FZ_CHECK(parsed == checked && v == NULL);
	if (parsed == NJ_OK) {
		nj_buf_value(&out, v);
		FZ_CHECK(!out.oom);
		FZ_CHECK(nj_parse(&again, out.ptr, out.len, NULL) == NJ_OK);
		/* equal unless a number was not finite (1e999 writes null) */
		FZ_CHECK(nj_equal(v, again) || strstr(out.ptr, "null"));
		nj_buf_value(&out2, again);
		FZ_CHECK(out2.len == out.len && !memcmp(out.ptr, out2.ptr, out.len));
		fz_check_frozen(v, &out);
	}
	nj_free(v);
	nj_free(again);
	nj_buf_free(&out);
	nj_buf_free(&out2);
	free(text);
	return 0;
}
