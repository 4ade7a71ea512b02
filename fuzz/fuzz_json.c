/*
 * fuzz_json: the JSON module. Whatever the bytes: nj_check and nj_parse
 * agree on validity; a parsed value written by nj_buf_value parses again
 * to an equal value (but for numbers too large for a double, written as
 * null as JSON.stringify does) and is written the same way (a fixed
 * point); the sanitizer output is valid UTF-8.
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
	}
	nj_free(v);
	nj_free(again);
	nj_buf_free(&out);
	nj_buf_free(&out2);
	free(text);
	return 0;
}
