/*
 * fuzz_url: percent-decoding, qs parsing and the 404 page's path text.
 * Invariants: what nm_url_escapes_ok refuses nm_url_decode refuses; decoded
 * text is
 * never longer than its input and keeps every byte (a %00 stays in, with
 * its length); qs always gives an object that writes as valid JSON; the
 * 404 path text has no raw '<', '>', '"', '&' that is not an entity.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nm_url.h"

#define FZ_CHECK(c)         \
	do {                    \
		if (!(c))           \
			abort();        \
	} while (0)

/* 1 when s is well-formed UTF-8. */
static int fz_utf8(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k = nj_utf8_seq((const unsigned char *)s + i, n - i, NULL);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z = malloc(size + 1), *dec;
	size_t dlen = 0, i, nul_escapes = 0;
	int bad = 0;
	nj_value *q, *back = NULL;
	nj_buf b = NJ_BUF_INIT;

	if (!z)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	dec = nm_url_decode(s, size, &dlen, &bad);
	FZ_CHECK(dec || bad);
	/* raw non-UTF-8 bytes fail the decode only (CivetWeb refuses them
	 * in a request line anyway) */
	if (!nm_url_escapes_ok(s, size))
		FZ_CHECK(dec == NULL);
	if (dec) {
		size_t raw_nuls = 0, nuls = 0;
		FZ_CHECK(dlen <= size);
		for (i = 0; i < size; i++) {
			raw_nuls += s[i] == '\0';
			if (i + 2 < size && s[i] == '%' && s[i + 1] == '0' &&
			    s[i + 2] == '0')
				nul_escapes++;
		}
		/* a %00 is a NUL kept inside the length, never an end */
		for (i = 0; i < dlen; i++)
			nuls += dec[i] == '\0';
		FZ_CHECK(nuls <= nul_escapes + raw_nuls);
		FZ_CHECK(dec[dlen] == '\0');
	}
	free(dec);
	q = nm_qs_parse(z);
	FZ_CHECK(q && q->type == NJ_OBJECT);
	nj_buf_value(&b, q);
	FZ_CHECK(!b.oom && nj_parse(&back, b.ptr, b.len, NULL) == NJ_OK);
	if (fz_utf8(s, size)) /* raw invalid bytes are written as U+FFFD */
		FZ_CHECK(nj_equal(q, back));
	nj_buf_free(&b);
	nm_url_html_path(&b, s, size);
	for (i = 0; i < b.len; i++)
		FZ_CHECK(b.ptr[i] != '<' && b.ptr[i] != '>' && b.ptr[i] != '"' &&
			 (unsigned char)b.ptr[i] > 0x20 &&
			 (unsigned char)b.ptr[i] < 0x7F);
	nj_buf_free(&b);
	nj_free(q);
	nj_free(back);
	free(z);
	return 0;
}
