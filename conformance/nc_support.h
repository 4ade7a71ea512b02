/* nc_support: HTTP and fixtures for the conformance suite (mock or live). */
#ifndef NC_SUPPORT_H
#define NC_SUPPORT_H

#include <stddef.h>

#include "nj.h"

typedef struct {
	long status;
	char *headers; /* raw header block of the final response */
	char *body;
	size_t body_len;
} nc_response;

/* Target from NANGO_TEST_BASE_URL / NANGO_TEST_SECRET_KEY. */
const char *nc_base_url(void);
const char *nc_secret(void);
/* 1 when the target is a nango-mock (it answers with its own build). */
int nc_target_is_mock(void);

/*
 * Sends one request. headers is a NULL-terminated list of "Name: value"
 * lines; body may be NULL (no body). Returns 0, or -1 on transport error.
 */
int nc_request(nc_response *out, const char *method, const char *path,
	       const char *const *headers, const char *body, size_t body_len);
/* The same with the secret key and JSON content type set. */
int nc_api(nc_response *out, const char *method, const char *path,
	   const char *json_body);
void nc_response_free(nc_response *r);
/* A response header's value (case-insensitive), malloc'd, or NULL. */
char *nc_header(const nc_response *r, const char *name);

/* A random suffix like "k3f9a2c1" for keys and ids unique to one run. */
void nc_unique(char *out, size_t n, const char *prefix);

/* Creates integration `key` for provider; 0 on success. */
int nc_integration(const char *key, const char *provider);
void nc_integration_delete(const char *key);

/* Compares a timestamp to the spec's regexes (§1.15). */
int nc_is_iso_tz(const char *s);  /* ...+00:00 with 0-6 fraction digits */
int nc_is_iso_z(const char *s);   /* ...Z */

/* Substitutes {{KEY}}, {{ID}}, {{SECRET}}; returns malloc'd text. */
char *nc_subst(const char *tpl, const char *key, const char *id);

/* Skips a test, or fails it when NANGO_TEST_SKIPS_AS_FAILS=1. */
int nc_skips_fail(void);
#define NC_SKIP(...)                                                         \
	do {                                                                  \
		if (nc_skips_fail())                                          \
			cr_assert_fail(__VA_ARGS__);                          \
		else                                                          \
			cr_skip_test(__VA_ARGS__);                            \
	} while (0)

#endif
