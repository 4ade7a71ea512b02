/*
 * admin_support.h: what the control API tests share: nango-mock processes
 * with two environments (dev, prod) and the seed, libnango clients for
 * them, raw HTTP through libcurl, and small readers of the answers.
 */
#ifndef ADMIN_SUPPORT_H
#define ADMIN_SUPPORT_H

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdint.h>
#include <sys/types.h>

#include "nango/mock.h"
#include "nj.h"

#define KEY_DEV "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"
#define KEY_PROD "7d9c1a5f-9b3e-4c7f-8e2b-4a2d8f0b1c22"

typedef struct {
	pid_t pid;
	char base[64];
	FILE *out;
} mock_proc;

typedef struct {
	long status;
	int curl_rc;
	char *body;
	char *headers;
	double seconds;
} reply;

/* The mock of the running test and clients for its two keys. */
extern mock_proc mock;
extern nango_client *dev, *prod;

/* Starts nango-mock with both keys, the seed, 8 threads and extra flags. */
mock_proc start_mock(const char *const *extra);
/* Stops it with sig; returns its exit status (or -signal). */
int stop_mock(mock_proc *m, int sig);
nango_client *client_for(const mock_proc *m, const char *key);
/* dev and prod for the running mock. */
void connect_clients(void);
/* A fresh mock and clients; teardown stops it (SIGKILL) and frees them. */
void setup(void);
void teardown(void);

/* One request to the mock; key NULL: no Authorization. */
reply http(const char *method, const char *path, const char *key,
	   const char *body, const char *extra_header);
void reply_free(reply *r);
/* The status of one request (http without an extra header). */
int status_of(const char *method, const char *path, const char *key,
	      const char *body);
/* A parsed JSON text (caller frees). */
nj_value *parse(const char *text);
/* The 200 body of GET path (caller frees). */
char *get_body(const char *path, const char *key);
/* nango_mock_count, asserted to succeed. */
long count(nango_client *c, const char *matcher);
/* nango_mock_fault_add, asserted to succeed. */
void add_fault(nango_client *c, const char *json);
/* POST /connection with body, asserted 201. */
void create(const char *key, const char *body);
/* The journal as a value (filter: a query string or NULL). */
nj_value *journal(nango_client *c, const char *filter);
/* requests[i] of a journal. */
const nj_value *entry(const nj_value *j, size_t i);

#define CREATE_GH(id) "{\"connection_id\":\"" id "\",\"provider_config_key\":" \
	"\"github\",\"access_token\":\"t\",\"expires_at\":" \
	"\"2099-01-01T00:00:00Z\"}"

#define IMPORT_M1 "{\"provider_config_key\":\"bearer\",\"connection_id\":\"m1\"," \
	"\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"k\"},\"end_user\":" \
	"{\"id\":\"u1\",\"email\":\"u@example.com\",\"display_name\":\"U\"}," \
	"\"tags\":{\"Team\":\"core\"},\"metadata\":{\"plan\":\"pro\",\"a\":1}}"

#endif
