/* nm_sha1: SHA-1 and base64, for Express's weak ETag. */
#ifndef NM_SHA1_H
#define NM_SHA1_H

#include <stddef.h>

/* Writes the 20-byte SHA-1 digest of data into out. Cannot fail. Uses
 * the CPU's SHA extensions when it has them. */
void nm_sha1(unsigned char out[20], const void *data, size_t len);
/* The same; portable != 0 forces the plain C rounds (for tests). */
void nm_sha1_portable(unsigned char out[20], const void *data, size_t len,
		      int portable);

/* Base64 of in (with padding) into out, which must hold 4*ceil(n/3)+1. */
void nm_base64(char *out, const unsigned char *in, size_t n);

/* Express's default ETag for a body: W/"<len hex>-<27 chars of b64 sha1>". */
void nm_etag(char out[64], const void *body, size_t len);

#endif
