/*
 * nm_sha1.c: SHA-1 (FIPS 180-4) and a base64 encoder. The blocks go through
 * the CPU's SHA extensions where it has them (x86-64 SHA-NI: several times
 * faster on the large bodies Express's ETag hashes), else plain C; both
 * give the same digest (unit test against the FIPS vectors and each other).
 */
#include "nm_sha1.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define NM_SHA1_NI 1
#endif

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

/* One round: e gets the sum, b turns; the caller rotates the names. */
#define R(a, b, c, d, e, f, k, w) \
	do { \
		e += ROL(a, 5) + (f) + (k) + (w); \
		b = ROL(b, 30); \
	} while (0)
#define F1(b, c, d) (d ^ (b & (c ^ d)))
#define F2(b, c, d) (b ^ c ^ d)
#define F3(b, c, d) ((b & c) | (d & (b | c)))

/* The message schedule, 16 words kept: word i of 80 from its predecessors. */
#define W(i) \
	(w[(i) & 15] = ROL(w[((i) - 3) & 15] ^ w[((i) - 8) & 15] ^ \
			   w[((i) - 14) & 15] ^ w[(i) & 15], 1))

/* Five rounds with the names rotated, so no value is moved. */
#define R5(f, k, x0, x1, x2, x3, x4) \
	do { \
		R(a, b, c, d, e, f(b, c, d), k, x0); \
		R(e, a, b, c, d, f(a, b, c), k, x1); \
		R(d, e, a, b, c, f(e, a, b), k, x2); \
		R(c, d, e, a, b, f(d, e, a), k, x3); \
		R(b, c, d, e, a, f(c, d, e), k, x4); \
	} while (0)

static void nm_sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	int i;
	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 0; i < 15; i += 5)
		R5(F1, 0x5A827999, w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4]);
	R5(F1, 0x5A827999, w[15], W(16), W(17), W(18), W(19));
	for (i = 20; i < 40; i += 5)
		R5(F2, 0x6ED9EBA1, W(i), W(i + 1), W(i + 2), W(i + 3), W(i + 4));
	for (i = 40; i < 60; i += 5)
		R5(F3, 0x8F1BBCDC, W(i), W(i + 1), W(i + 2), W(i + 3), W(i + 4));
	for (i = 60; i < 80; i += 5)
		R5(F2, 0xCA62C1D6, W(i), W(i + 1), W(i + 2), W(i + 3), W(i + 4));
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

/* n blocks of 64 bytes, in plain C. */
static void nm_sha1_blocks_c(uint32_t h[5], const unsigned char *p, size_t n)
{
	for (; n > 0; n--, p += 64)
		nm_sha1_block(h, p);
}

#ifdef NM_SHA1_NI
/* Four rounds with function f (0-3 by round group); the message's next
 * four words are m; prev is the state four rounds back. */
#define NI4(f, m) \
	do { \
		e = _mm_sha1nexte_epu32(prev, m); \
		prev = abcd; \
		abcd = _mm_sha1rnds4_epu32(abcd, e, f); \
	} while (0)
/* The next four schedule words into m[g & 3] (words 4g..4g+3, g >= 4). */
#define NIW(g) \
	(m[(g) & 3] = _mm_sha1msg2_epu32( \
		 _mm_xor_si128(_mm_sha1msg1_epu32(m[(g) & 3], m[((g) + 1) & 3]), \
			       m[((g) + 2) & 3]), \
		 m[((g) + 3) & 3]))

/* n blocks of 64 bytes with the SHA extensions. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
nm_sha1_blocks_ni(uint32_t h[5], const unsigned char *p, size_t n)
{
	const __m128i rev = _mm_set_epi64x(0x0001020304050607LL,
					   0x08090a0b0c0d0e0fLL);
	__m128i abcd = _mm_shuffle_epi32(
		_mm_loadu_si128((const __m128i *)(const void *)h), 0x1B);
	__m128i e0 = _mm_set_epi32((int)h[4], 0, 0, 0);
	for (; n > 0; n--, p += 64) {
		__m128i m[4], e, prev, abcd0 = abcd, e00 = e0;
		int g;
		for (g = 0; g < 4; g++)
			m[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				(const __m128i *)(const void *)(p + 16 * g)), rev);
		e = _mm_add_epi32(e0, m[0]);
		prev = abcd;
		abcd = _mm_sha1rnds4_epu32(abcd, e, 0);
		NI4(0, m[1]);
		NI4(0, m[2]);
		NI4(0, m[3]);
		NI4(0, NIW(4));
		for (g = 5; g < 10; g++)
			NI4(1, NIW(g));
		for (g = 10; g < 15; g++)
			NI4(2, NIW(g));
		for (g = 15; g < 20; g++)
			NI4(3, NIW(g));
		e0 = _mm_sha1nexte_epu32(prev, e00);
		abcd = _mm_add_epi32(abcd, abcd0);
	}
	_mm_storeu_si128((__m128i *)(void *)h, _mm_shuffle_epi32(abcd, 0x1B));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}
#endif

/* The block function this CPU runs, chosen once. */
static void (*nm_sha1_blocks)(uint32_t h[5], const unsigned char *p,
			      size_t n) = nm_sha1_blocks_c;
static pthread_once_t nm_sha1_once = PTHREAD_ONCE_INIT;

static void nm_sha1_pick(void)
{
#ifdef NM_SHA1_NI
	unsigned a, b, c, d;
	/* leaf 7 EBX bit 29: SHA; leaf 1 ECX bits 9, 19: SSSE3, SSE4.1 */
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1) &&
	    __get_cpuid(1, &a, &b, &c, &d) && (c >> 9 & 1) && (c >> 19 & 1))
		nm_sha1_blocks = nm_sha1_blocks_ni;
#endif
}

void nm_sha1_portable(unsigned char out[20], const void *data, size_t len,
		      int portable)
{
	uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
			 0xC3D2E1F0};
	const unsigned char *p = data;
	unsigned char tail[128];
	size_t rest = len % 64, tlen, i;
	uint64_t bits = (uint64_t)len * 8;
	void (*blocks)(uint32_t *, const unsigned char *, size_t);

	pthread_once(&nm_sha1_once, nm_sha1_pick);
	blocks = portable ? nm_sha1_blocks_c : nm_sha1_blocks;
	blocks(h, p, len / 64);
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, p + len - rest, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
	blocks(h, tail, tlen / 64);
	for (i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

void nm_sha1(unsigned char out[20], const void *data, size_t len)
{
	nm_sha1_portable(out, data, len, 0);
}

void nm_base64(char *out, const unsigned char *in, size_t n)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = tbl[v >> 18];
		out[o++] = tbl[(v >> 12) & 63];
		out[o++] = tbl[(v >> 6) & 63];
		out[o++] = tbl[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		out[o++] = tbl[v >> 18];
		out[o++] = tbl[(v >> 12) & 63];
		out[o++] = '=';
		out[o++] = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		out[o++] = tbl[v >> 18];
		out[o++] = tbl[(v >> 12) & 63];
		out[o++] = tbl[(v >> 6) & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

void nm_etag(char out[64], const void *body, size_t len)
{
	unsigned char digest[20];
	char b64[32];
	nm_sha1(digest, body, len);
	nm_base64(b64, digest, sizeof(digest));
	b64[27] = '\0';
	snprintf(out, 64, "W/\"%zx-%s\"", len, b64);
}
