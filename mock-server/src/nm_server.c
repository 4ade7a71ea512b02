/*
 * nm_server.c: the request pipeline, in the order Nango's Express app runs
 * it (spec §1.1): health, JSON body, CORS and preflight, path decoding,
 * content type, routing, auth, rate limit, handler.
 */
#include "nm_server.h"

#include <civetweb.h>
#include <ctype.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

#include "nm_alloc.h"
#include "nm_body.h"
#include "nm_listen.h"
#include "nm_render.h"
#include "nm_reply.h"
#include "nm_routes.h"
#include "nm_sock.h"
#include "nm_url.h"

/* --- routing -------------------------------------------------------------- */

/* Is the path under /prefix (segment boundary, any case)? */
static int nm_under(const nm_req *r, const char *prefix)
{
	size_t n = strlen(prefix);
	return r->path_len >= n && strncasecmp(r->path, prefix, n) == 0 &&
	       (r->path_len == n || r->path[n] == '/');
}

/* --- auth and rate limiting ---------------------------------------------- */

static int nm_is_uuid4(const char *s, size_t n)
{
	static const char form[] = "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx";
	size_t i;
	if (n != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		char c = (char)tolower((unsigned char)s[i]);
		if (form[i] == '-' || form[i] == '4') {
			if (c != form[i])
				return 0;
		} else if (form[i] == 'Y') {
			if (!strchr("89ab", c) || !c)
				return 0;
		} else if (!isxdigit((unsigned char)c)) {
			return 0;
		}
	}
	return 1;
}

/*
 * The key Nango reads from an Authorization value: Node has trimmed the
 * value's blanks, then Nango keeps what follows the last "Bearer ".
 * Sets *key and *n (a slice of h).
 */
static void nm_bearer_key(const char *h, const char **key, size_t *n)
{
	size_t len = strlen(h);
	const char *p;
	while (len > 0 && (h[len - 1] == ' ' || h[len - 1] == '\t'))
		len--;
	*key = h;
	for (p = h; (p = memmem(p, (size_t)(h + len - p), "Bearer ", 7));
	     p++)
		*key = p + 7;
	*n = (size_t)(h + len - *key);
}

/*
 * Compares two 36-byte secrets in time that does not depend on where they
 * differ. Returns 1 when equal.
 */
static int nm_secret_equal(const char *a, const char *b)
{
	volatile unsigned char diff = 0;
	size_t i;
	for (i = 0; i < 36; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

int nm_key_env(const nm_server *s, const char *h)
{
	const char *secret;
	size_t i, n;
	int env = -1;
	if (!h)
		return -1;
	nm_bearer_key(h, &secret, &n);
	if (n != 36)
		return -1;
	for (i = 0; i < s->cfg.n_keys; i++)
		if (nm_secret_equal(s->cfg.keys[i].secret, secret))
			env = s->cfg.keys[i].env;
	return env;
}

/* Returns 1 if the request may go on (r->env set), 0 if a 401 was sent. */
static int nm_authenticate(nm_req *r)
{
	const char *h = nm_req_header(r, "Authorization");
	const char *secret;
	size_t i, n;
	int env = -1;
	nm_err_id refused;

	if (!h || !*h) {
		refused = NM_E_MISSING_AUTH_HEADER;
		goto reject;
	}
	nm_bearer_key(h, &secret, &n);
	if (n == 0) {
		refused = NM_E_MALFORMED_AUTH_HEADER;
		goto reject;
	}
	if (!nm_is_uuid4(secret, n)) {
		refused = NM_E_INVALID_SECRET_KEY_FORMAT;
		goto reject;
	}
	/* every key is compared in full, found or not */
	for (i = 0; i < r->srv->cfg.n_keys; i++)
		if (nm_secret_equal(r->srv->cfg.keys[i].secret, secret))
			env = r->srv->cfg.keys[i].env;
	if (env >= 0) {
		r->env = env;
		return 1;
	}
	refused = NM_E_UNKNOWN_ACCOUNT;
reject:
	nm_reply_error(r, refused);
	return 0;
}

/* Fixed 60 s windows per bucket (§1.10). Returns 0 if a 429 was sent. */
static int nm_rate_limit(nm_req *r)
{
	nm_server_cfg *c = &r->srv->cfg;
	const char *script = nm_req_header(r, "Nango-Is-Script");
	nm_bucket *b;
	int64_t now = nm_now_us(), end;
	int allowed;

	if (c->rate_limit <= 0)
		return 1;
	b = script && strcmp(script, "true") == 0 ? &c->rl_script : &c->rl_main;
	pthread_mutex_lock(&c->rl_lock);
	if (!b->window_start || now >= b->window_start + 60000000) {
		b->window_start = now;
		b->used = 0;
	}
	allowed = b->used < c->rate_limit;
	if (allowed)
		b->used++;
	end = b->window_start + 60000000;
	r->counted = 1;
	r->rl_limit = c->rate_limit;
	r->rl_remaining = c->rate_limit - b->used;
	r->rl_reset = (long long)(end / 1000000);
	r->retry_after = (long)((end - now) / 1000000);
	pthread_mutex_unlock(&c->rl_lock);
	if (allowed)
		return 1;
	nm_reply_rate_limited(r);
	return 0;
}

/* --- the pipeline -------------------------------------------------------- */

static void nm_health(nm_req *r)
{
	static const char body[] = "{\"result\":\"ok\"}";
	nm_send(r, 200, "application/json; charset=utf-8", body,
		sizeof(body) - 1, NM_SEND_ETAG);
}

static int nm_is_health(const nm_req *r)
{
	const char *param;
	size_t param_len;
	return (r->head || !strcmp(r->method, "GET")) &&
	       nm_route_match("/health", r->path, r->path_len, &param,
			      &param_len);
}

/* The middlewares after the body parser, the route, auth, rate limit and
 * the handler (§1.1). The body text was checked; the tree is built last. */
static void nm_route_request(nm_req *r, char **text_owned, size_t text_len)
{
	const char *text = *text_owned ? *text_owned : r->raw;
	const nm_route *route;
	const char *param, *ct;
	size_t param_len;

	r->cors = 1;
	if (!strcmp(r->method, "OPTIONS")) {
		nm_send(r, 204, NULL, "", 0, NM_SEND_PREFLIGHT);
		return;
	}
	if (nm_admin_fault(r))
		return;
	ct = nm_req_header(r, "Content-Type");
	if (ct && *ct && strncmp(ct, "application/json", 16) != 0 &&
	    (nm_under(r, "/connection") || nm_under(r, "/connections") ||
	     nm_under(r, "/integrations"))) {
		nm_reply_error(r, NM_E_INVALID_CONTENT_TYPE);
		return;
	}
	if (!nm_url_escapes_ok(r->path, r->path_len)) {
		nm_send_500(r, "malformed percent-escape in the path (Express: "
			    "URIError)", NULL, 0);
		return;
	}
	route = nm_route_find(r->head ? "GET" : r->method, r->path,
			      r->path_len, &param, &param_len);
	if (!route) {
		nm_send_not_found_page(r);
		return;
	}
	if (!nm_authenticate(r) || !nm_rate_limit(r) ||
	    !nm_body_build(r, text, text_len))
		return;
	if (r->body_kind == NM_BODY_JSON) {
		/* the tree is all handlers read: the text goes now */
		free(*text_owned);
		*text_owned = NULL;
		free(r->raw_buf);
		r->raw_buf = NULL;
		r->raw = "";
		r->raw_len = 0;
	}
	route->fn(r, param, param_len);
}

/* Nango's middlewares in order (§1.1), then the route. */
static void nm_pipeline(nm_req *r)
{
	char *text = NULL;
	size_t text_len = 0;

	if (r->admin) {
		nm_admin_handle(r);
		return;
	}
	if (nm_is_health(r)) {
		nm_health(r);
		return;
	}
	if (nm_body_check(r, &text, &text_len))
		nm_route_request(r, &text, text_len);
	free(text);
}

/* Bodies from this size on give their memory back to the system after. */
#define NM_TRIM_FROM ((size_t)1 << 20)

int nm_keep_alive_seconds(const nm_server *s)
{
	return s ? s->cfg.keep_alive_ms / 1000 : 0;
}

/* Does the comma-separated header value hold token (any case)? */
static int nm_has_token(const char *v, const char *token)
{
	size_t n = strlen(token);
	while (*v) {
		size_t len;
		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		len = strcspn(v, ",");
		while (len > 0 && (v[len - 1] == ' ' || v[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(v, token, n) == 0)
			return 1;
		v += strcspn(v, ",");
	}
	return 0;
}

/*
 * Will the connection stay open after this request? CivetWeb's rule, so
 * that the Connection header we send is what happens: a Connection header
 * keeps it open only if it names keep-alive; without one, HTTP/1.1 does.
 */
static int nm_wants_close(const nm_req *r, const char *version)
{
	const char *c = nm_req_header(r, "Connection");
	if (c)
		return !nm_has_token(c, "keep-alive");
	return strcmp(version, "1.1") != 0;
}

/* Fills r from a parsed request line and headers (no I/O). */
static void nm_req_init(nm_req *r, nm_server *s, const char *method,
			const char *uri, const char *query,
			const char *version, const nm_header *h, int nh)
{
	memset(r, 0, sizeof(*r));
	r->srv = s;
	r->method = method;
	r->path = uri ? uri : "/";
	r->path_len = strlen(r->path);
	r->query = query;
	r->head = strcmp(method, "HEAD") == 0;
	r->env = -1;
	r->headers = h;
	r->n_headers = nh;
	r->close = nm_wants_close(r, version);
	r->has_body = nm_req_header(r, "Content-Length") ||
		      nm_req_header(r, "Transfer-Encoding");
	r->admin = nm_admin_available(r->srv) &&
		   nm_admin_path(r->path, r->path_len);
	r->start_us = nm_now_us();
}

/* Runs the pipeline, here on the caller's thread (CivetWeb's, whose stack
 * is small: nothing on the way recurses per JSON nesting level), and frees
 * the body tree and, after a large body, the heap pages left free. */
static void nm_run(nm_req *r)
{
	size_t body_len = r->raw_len;
	nm_pipeline(r);
	nj_free(r->body);
	r->body = NULL;
	free(r->raw_buf);
	r->raw_buf = NULL;
	r->raw = "";
	r->raw_len = 0;
	if (body_len >= NM_TRIM_FROM)
		malloc_trim(0);
}

void nm_server_handle(nm_server *s, const char *method, const char *target,
		      const char *version, const nm_header *headers,
		      int n_headers, const char *body, size_t body_len,
		      nj_buf *out)
{
	nm_req r;
	char *path = NULL, *body_copy = NULL;
	const char *q, *cl, *t = target;

	if (strncasecmp(t, "http://", 7) == 0 || strncasecmp(t, "https://", 8) == 0) {
		t = strchr(strchr(t, ':') + 3, '/');
		if (!t)
			t = "/";
	}
	q = strchr(t, '?');
	path = q ? nm_strndup(t, (size_t)(q - t)) : nm_dup(t);
	body_copy = body ? nm_strndup(body, body_len) : NULL;
	if (!path || (body && !body_copy))
		goto done;
	nm_req_init(&r, s, method, path, q ? q + 1 : NULL, version, headers,
		    n_headers);
	r.raw_buf = body_copy;
	body_copy = NULL; /* r owns it now */
	r.raw = r.raw_buf ? r.raw_buf : "";
	r.raw_len = r.raw_buf ? body_len : 0;
	cl = nm_req_header(&r, "Content-Length");
	if (r.has_body && (r.raw_len > s->cfg.max_body ||
			   (cl && strtoull(cl, NULL, 10) > s->cfg.max_body))) {
		r.close = 1;
		nm_send_500(&r, "request body larger than --max-body", NULL, 0);
	} else {
		nm_run(&r);
	}
	free(r.raw_buf);
	if (!out->ptr) { /* handed over, as a socket write would take it */
		*out = r.out;
	} else {
		nj_buf_put(out, r.out.ptr ? r.out.ptr : "", r.out.len);
		nj_buf_free(&r.out);
	}
done:
	free(path);
	free(body_copy);
}

/* --- CivetWeb ------------------------------------------------------------ */

/*
 * Reads the body on the connection's thread, up to max bytes. 1: read (or
 * none sent); 0: over the cap, and what is left is not read; -1: OOM.
 */
static int nm_read_raw(struct mg_connection *conn, size_t max, char **out,
		       size_t *len)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	size_t cap = 4096, n = 0;
	char *buf;
	int got;

	*out = NULL;
	*len = 0;
	if (ri->content_length > 0 &&
	    (unsigned long long)ri->content_length > max)
		return 0;
	if (ri->content_length >= 0)
		cap = (size_t)ri->content_length + 1;
	buf = malloc(cap);
	if (!buf)
		return -1;
	while (n + 1 < cap && (got = mg_read(conn, buf + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (n > max) {
			free(buf);
			return 0;
		}
		if (n + 1 == cap && ri->content_length < 0) {
			size_t ncap = cap * 2 < max + 2 ? cap * 2 : max + 2;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				free(buf);
				return -1;
			}
			buf = nb;
			cap = ncap;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 1;
}

/* Reads the body and runs the request; refuses an oversized one at once. */
static void nm_serve(nm_server *s, nm_req *r)
{
	const struct mg_request_info *ri = mg_get_request_info(r->conn);
	char *raw = NULL;
	int rc = 1;

	if (r->has_body && !nm_is_health(r))
		rc = nm_read_raw(r->conn, s->cfg.max_body, &raw, &r->raw_len);
	r->raw_buf = raw; /* r owns it now */
	r->raw = raw ? raw : "";
	nm_admin_keep_body(r); /* the journal's copy: r->raw goes early */
	if (rc > 0) {
		nm_run(r);
	} else {
		/* body-parser's answer (it would drain the body first) */
		r->close = rc == 0;
		nm_send_500(r, rc == 0 ? "request body larger than --max-body"
			    : "out of memory reading the request body", NULL, 0);
	}
	nm_admin_journal(r); /* before the client can see the answer */
	if (r->out.len)
		mg_write(r->conn, r->out.ptr, r->out.len);
	free(r->jbody);
	r->jbody = NULL;
	if (rc == 0)
		nm_sock_shut_read(ri->remote_addr, ri->remote_port,
				  ri->server_port);
	free(r->raw_buf);
	r->raw_buf = NULL;
}

/* Waits until nm_server_start has published what handlers read (the base
 * URL): only a request that arrives within its first moments waits. */
static void nm_wait_started(nm_server *s)
{
	struct timespec nap = {0, 100000};
	while (!atomic_load(&s->cfg.started))
		nanosleep(&nap, NULL);
}

/* CivetWeb's begin_request: every request is answered here, on the
 * connection's thread. */
static int nm_begin_request(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	nm_server *s = ri->user_data;
	nm_header h[64];
	nm_req r;
	int i, n = ri->num_headers < 64 ? ri->num_headers : 64;

	nm_wait_started(s);
	for (i = 0; i < n; i++) {
		h[i].name = ri->http_headers[i].name;
		h[i].value = ri->http_headers[i].value;
	}
	/* absolute-form targets arrive with local_uri_raw set to their path */
	nm_req_init(&r, s, ri->request_method,
		    ri->local_uri_raw ? ri->local_uri_raw : ri->request_uri,
		    ri->query_string, ri->http_version, h, n);
	r.conn = conn;
	nm_serve(s, &r);
	if (s->cfg.access_log)
		fprintf(stderr, "%s %s%s%s %d\n", r.method, r.path,
			r.query ? "?" : "", r.query ? r.query : "", r.status);
	nm_resp_buf_release(&r.out);
	return r.status ? r.status : 500;
}

void nm_req_force_close(nm_req *r)
{
	/* CivetWeb decides keep-alive from the request's Connection header,
	 * in the request info it hands out as const (no public API closes a
	 * connection): that header is changed in place. */
	struct mg_request_info *ri;
	int i;
	if (!r->conn)
		return;
	ri = (struct mg_request_info *)(uintptr_t)mg_get_request_info(r->conn);
	for (i = 0; i < ri->num_headers; i++) {
		if (!strcasecmp(ri->http_headers[i].name, "Connection")) {
			ri->http_headers[i].value = "close";
			return;
		}
	}
	if (ri->num_headers < MG_MAX_HEADERS) {
		ri->http_headers[ri->num_headers].name = "Connection";
		ri->http_headers[ri->num_headers++].value = "close";
	}
}

/* Node's parser refuses what it cannot read with exactly these bytes. */
static int nm_http_error(struct mg_connection *conn, int status,
			 const char *msg)
{
	static const char bad[] = "HTTP/1.1 400 Bad Request\r\n"
				  "Connection: close\r\n\r\n";
	(void)status;
	(void)msg;
	mg_write(conn, bad, sizeof(bad) - 1);
	return 0;
}

/* Lets the process hold as many sockets as it may: a client pool of a
 * thousand connections needs two thousand descriptors here. */
static void nm_raise_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int nm_server_start(nm_server *s, int *port_out)
{
	struct mg_callbacks cb;
	struct mg_server_port ports[4];
	char listen[160], threads[16], keep_alive[16], headers[16];
	const char *opts[32];
	int i = 0, n;

	snprintf(listen, sizeof(listen), "%s:%d", s->cfg.host, s->cfg.port);
	if (strchr(s->cfg.host, ':'))
		snprintf(listen, sizeof(listen), "[%s]:%d", s->cfg.host,
			 s->cfg.port);
	snprintf(threads, sizeof(threads), "%d", s->cfg.threads);
	snprintf(keep_alive, sizeof(keep_alive), "%d", s->cfg.keep_alive_ms);
	snprintf(headers, sizeof(headers), "%d", s->cfg.headers_timeout_ms);
	opts[i++] = "listening_ports";
	opts[i++] = listen;
	opts[i++] = "num_threads";
	opts[i++] = threads;
	opts[i++] = "listen_backlog";
	opts[i++] = "1024";
	opts[i++] = "enable_keep_alive";
	opts[i++] = "yes";
	opts[i++] = "keep_alive_timeout_ms";
	opts[i++] = keep_alive;
	opts[i++] = "request_timeout_ms";
	opts[i++] = headers;
	opts[i++] = "tcp_nodelay";
	opts[i++] = "1";
	opts[i++] = "decode_url";
	opts[i++] = "no";
	/* absolute-form targets (http://host:port/path) are served */
	opts[i++] = "enable_auth_domain_check";
	opts[i++] = "no";
	opts[i] = NULL;
	memset(&cb, 0, sizeof(cb));
	cb.begin_request = nm_begin_request;
	cb.http_error = nm_http_error;
	pthread_mutex_init(&s->cfg.rl_lock, NULL);
	nm_raise_fd_limit();
	/* requests wait in nm_begin_request until base_url is set (below) */
	atomic_store(&s->cfg.started, 0);
	s->cfg.ctx = mg_start(&cb, s, opts);
	if (!s->cfg.ctx)
		return -1;
	memset(ports, 0, sizeof(ports));
	n = mg_get_server_ports(s->cfg.ctx, 4, ports);
	*port_out = n > 0 ? ports[0].port : s->cfg.port;
	if (s->cfg.public_url)
		snprintf(s->cfg.base_url, sizeof(s->cfg.base_url), "%s",
			 s->cfg.public_url);
	else
		nm_listen_url(s->cfg.base_url, sizeof(s->cfg.base_url),
			      s->cfg.host, *port_out);
	atomic_store(&s->cfg.started, 1); /* publishes base_url to handlers */
	return 0;
}

void nm_server_stop(nm_server *s)
{
	if (s->cfg.ctx)
		mg_stop(s->cfg.ctx); /* returns once in-flight requests are done */
	s->cfg.ctx = NULL;
	pthread_mutex_destroy(&s->cfg.rl_lock);
}
