/*
 * fuzz_like: nm_like against a plain backtracking reference. The input is
 * a flags byte, then the pattern and the subject split at the first 0xFF,
 * each up to FZ_MAX bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nm_like.h"

#define FZ_MAX 256 /* longest pattern and subject tried */

#define FZ_CHECK(c)         \
	do {                    \
		if (!(c))           \
			abort();        \
	} while (0)

static unsigned char fz_fold(unsigned char c, int fold)
{
	return fold && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/*
 * LIKE by dynamic programming, the textbook way: ok[j] = the pattern read so
 * far matches the first j subject bytes. O(n * m), no cleverness.
 */
static int ref_like(const unsigned char *s, size_t n, const unsigned char *p,
		    size_t m, int fold)
{
	unsigned char ok[FZ_MAX + 1], next[FZ_MAX + 1];
	size_t i, j;
	memset(ok, 0, sizeof(ok));
	ok[0] = 1;
	for (i = 0; i < m; i++) {
		unsigned char pc = p[i];
		int any = 0, star = 0;
		if (pc == '%')
			star = 1;
		else if (pc == '_')
			any = 1;
		else if (pc == '\\' && i + 1 < m)
			pc = p[++i];
		memset(next, 0, sizeof(next));
		for (j = 0; j <= n; j++) {
			if (star)
				next[j] = ok[j] || (j > 0 && next[j - 1]);
			else if (j > 0)
				next[j] = ok[j - 1] &&
					  (any || fz_fold(pc, fold) ==
							  fz_fold(s[j - 1], fold));
		}
		memcpy(ok, next, sizeof(ok));
	}
	return ok[n];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *split;
	size_t m, n;
	nm_like *c;
	int fold;

	if (size < 1)
		return 0;
	fold = data[0] & 1;
	data++;
	size--;
	split = memchr(data, 0xFF, size);
	m = split ? (size_t)(split - data) : size;
	n = split ? size - m - 1 : 0;
	if (m > FZ_MAX || n > FZ_MAX)
		return 0;
	if (nm_like_compile(&c, (const char *)data, m, fold) != 0)
		return 0;
	FZ_CHECK(nm_like_match(c, (const char *)data + m + 1 - !split,
			       n) == ref_like(data + m + 1 - !split, n, data,
					      m, fold));
	nm_like_free(c);
	return 0;
}
