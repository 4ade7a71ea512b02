/*
 * hs_support.h: an in-process nango-mock on a free loopback port and raw
 * HTTP over sockets, for the hardening tests (test_server.c, soak).
 */
#ifndef HS_SUPPORT_H
#define HS_SUPPORT_H

#include <stddef.h>

#include "nm_server.h"

#define HS_KEY "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"
#define HS_KEY2 "22222222-2222-4222-8222-222222222222"

typedef struct {
	int threads;
	int keep_alive_ms;
	int headers_timeout_ms;
	size_t max_body;
} hs_opts;

/* Starts a mock (keys HS_KEY for "dev", HS_KEY2 for "prod"); returns its
 * port. Aborts the test on failure. */
int hs_start(nm_server *s, const hs_opts *o);
void hs_stop(nm_server *s);

/* A connected TCP socket to 127.0.0.1:port, or -1. */
int hs_connect(int port);

/*
 * Sends raw bytes on fd and reads one response: headers and, by
 * Content-Length, the body. Returns a malloc'ed NUL-terminated response
 * (NULL on error or timeout after timeout_ms).
 */
char *hs_exchange(int fd, const char *raw, size_t len, int timeout_ms);

/* One request on a fresh connection (closed after). method, path, key
 * (NULL: no Authorization), JSON body (NULL: none). */
char *hs_request(int port, const char *method, const char *path,
		 const char *key, const char *body);

/* Status code of a response text, or 0. */
int hs_status(const char *resp);
/* The body of a response text (after the blank line), or "". */
const char *hs_body(const char *resp);
/* 1 when the peer closed fd within timeout_ms (EOF), 0 otherwise. */
int hs_closed_within(int fd, int timeout_ms);
/* Milliseconds on a monotonic clock. */
double hs_now_ms(void);

#endif
