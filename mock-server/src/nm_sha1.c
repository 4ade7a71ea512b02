/* nm_sha1.c: a plain SHA-1 (FIPS 180-4) and base64 encoder. */
#include "nm_sha1.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

void nm_sha1(unsigned char out[20], const void *data, size_t len)
{
	uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
			 0xC3D2E1F0};
	const unsigned char *p = data;
	unsigned char tail[128];
	size_t rest = len % 64, tlen, i;
	uint64_t bits = (uint64_t)len * 8;

	for (i = 0; i + 64 <= len; i += 64)
		nm_sha1_block(h, p + i);
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, p + len - rest, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
	nm_sha1_block(h, tail);
	if (tlen == 128)
		nm_sha1_block(h, tail + 64);
	for (i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
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
