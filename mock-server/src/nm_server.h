/* nm_server: the CivetWeb server, its configuration and request pipeline. */
#ifndef NM_SERVER_H
#define NM_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "nm_clock.h"
#include "nm_faults.h"
#include "nm_http.h"
#include "nm_journal.h"
#include "nm_store.h"
#include "nm_valid.h"

typedef struct {
	char *name;
	char *auth_mode;
	char *display_name;
	int webhook_routing;         /* has a webhook routing script */
	char *default_scopes;        /* "a,b", or NULL */
	nj_value *integration_config;/* field -> rules object, or NULL */
} nm_provider;

typedef struct {
	char secret[37];
	int env;
} nm_key;

typedef struct {
	int64_t window_start; /* microseconds; 0: no open window */
	long used;
} nm_bucket;

typedef struct {
	/* configuration */
	const char *host;
	int port;
	const char *public_url; /* announced base URL; NULL: from host, port */
	int threads;
	int access_log;
	long rate_limit;      /* per minute; 0: off */
	size_t max_body;
	int keep_alive_ms;    /* idle keep-alive connection closed after */
	int headers_timeout_ms; /* a request's headers must arrive within */
	/* state */
	nm_store *store;
	nm_key *keys;
	size_t n_keys;
	nm_provider *providers;
	size_t n_providers;
	pthread_mutex_t rl_lock;
	nm_bucket rl_main, rl_script;
	char base_url[128];
	struct mg_context *ctx;
	atomic_int started;   /* 1: base_url is set; requests may run */
	/* the test double: control API, journal, faults, clock (nm_admin.c) */
	long journal_size;     /* --journal-size */
	const char *state_file;
	nm_clock *clock;
	nm_journal *journal;
	nm_faults *faults;
	struct nm_persist *persist;
	nm_dump *initial;     /* per environment: what reset goes back to */
	size_t n_initial;
} nm_server_cfg;

struct nm_server {
	nm_server_cfg cfg;
};

/* Starts listening; the bound port is written to *port_out. */
int nm_server_start(nm_server *s, int *port_out);

/*
 * Runs one request through the whole pipeline in-process, without a socket
 * (tests and fuzzing): method, target (origin or absolute form), HTTP
 * version ("1.1"), headers and body. The response bytes are appended to
 * out. The server needs its store, keys and providers, not nm_server_start.
 */
void nm_server_handle(nm_server *s, const char *method, const char *target,
		      const char *version, const nm_header *headers,
		      int n_headers, const char *body, size_t body_len,
		      nj_buf *out);
/* Stops accepting, waits for in-flight requests, frees the context. */
void nm_server_stop(nm_server *s);

/*
 * Providers catalogue (fixtures/providers.json: name -> {auth_mode,
 * display_name, webhook_routing_script?, default_scopes?,
 * integration_config?}). The catalogue is sorted by name for lookups.
 */
int nm_providers_load(nm_server *s, const char *path, char *err, size_t errlen);
const nm_provider *nm_provider_find(const nm_server *s, const char *name);
/* Frees the catalogue; safe to call twice. */
void nm_providers_free(nm_server *s);
/*
 * Integrations, end users and connections from a fixtures file (see
 * nm_fixtures.h), all or nothing; err gets every problem found.
 */
int nm_fixtures_load(nm_server *s, const char *path, char *err, size_t errlen);

/* The control API and the journal hooks (nm_admin*.c). */
/* Is this raw path under /__admin/ (any case)? */
/* 1 when s has what the control API needs (journal, clock, faults), as
 * nango-mock always does; a server embedded without them (a test harness)
 * serves Nango's routes only, and /__admin/ paths fall through to them. */
int nm_admin_available(const nm_server *s);
int nm_admin_path(const char *path, size_t n);
/* Answers a /__admin/ request. */
void nm_admin_handle(nm_req *r);
/*
 * Applies the first fault that fires for this request (latency, then its
 * answer or a dropped connection). Returns 1 when the request is answered.
 */
int nm_admin_fault(nm_req *r);
/* Keeps the journal's copy of the request body (r->jbody), before the
 * pipeline lets r->raw go. No-op when nothing is journaled. */
void nm_admin_keep_body(nm_req *r);
/* Records the request and its response (r->out; none: dropped) in the
 * journal, before the response is written. Not /__admin/ requests. */
void nm_admin_journal(nm_req *r);
/* The environment whose secret key the Authorization header holds, or -1. */
int nm_key_env(const nm_server *s, const char *authorization);

#endif
