/*
 * nm_server.c: the request pipeline, in the order Nango's Express app runs
 * it (spec §1.1): health, JSON body, CORS and preflight, path decoding,
 * content type, routing, auth, rate limit, handler.
 */
#include "nm_server.h"

#include <civetweb.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_pool.h"
#include "nm_render.h"
#include "nm_url.h"

typedef struct {
	const char *method;
	const char *pattern; /* segments; ":" is a parameter */
	nm_handler fn;
} nm_route;

static const nm_route nm_routes[] = {
	{"GET", "/connection", nm_h_list},
	{"GET", "/connections", nm_h_list},
	{"POST", "/connection", nm_h_create_legacy},
	{"POST", "/connections", nm_h_create_modern},
	{"POST", "/connection/metadata", nm_h_metadata_set_body},
	{"PATCH", "/connection/metadata", nm_h_metadata_update_body},
	{"POST", "/connections/metadata", nm_h_metadata_set_body},
	{"PATCH", "/connections/metadata", nm_h_metadata_update_body},
	{"GET", "/connection/:", nm_h_get},
	{"GET", "/connections/:", nm_h_get},
	{"DELETE", "/connection/:", nm_h_delete},
	{"DELETE", "/connections/:", nm_h_delete},
	{"PATCH", "/connections/:", nm_h_patch_connection},
	{"POST", "/connection/:/metadata", nm_h_metadata_set_legacy},
	{"PATCH", "/connection/:/metadata", nm_h_metadata_update_legacy},
	{"POST", "/integrations", nm_h_integration_create},
	{"DELETE", "/integrations/:", nm_h_integration_delete},
};

/* --- replies shared by handlers ----------------------------------------- */

void nm_reply_simple(nm_req *r, int status, const char *code, const char *msg)
{
	nj_buf b = NJ_BUF_INIT;
	nm_body_simple_error(&b, code, msg);
	nm_send_json(r, status, &b);
}

void nm_reply_nango(nm_req *r, int status, const char *message,
		    const char *code, const nj_value *payload)
{
	nj_buf b = NJ_BUF_INIT;
	nm_body_nango_error(&b, message, code, payload);
	nm_send_json(r, status, &b);
}

void nm_reply_issues(nm_req *r, const char *code, const nm_issues *iss)
{
	nj_buf b = NJ_BUF_INIT;
	nm_render_issues(&b, code, iss);
	nm_send_json(r, 400, &b);
}

/* --- routing -------------------------------------------------------------- */

/*
 * Matches a raw path against a pattern: segments compare case-insensitively,
 * one trailing slash is allowed, ":" takes one non-empty segment.
 */
static int nm_match(const char *pattern, const char *path, size_t n,
		    const char **param, size_t *param_len)
{
	const char *p = pattern, *s = path, *end = path + n;
	if (n > 1 && path[n - 1] == '/')
		end--;
	while (*p) {
		size_t plen, slen;
		if (*p != '/' || s >= end || *s != '/')
			return 0;
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = (size_t)(end - s);
		{
			const char *q = memchr(s, '/', slen);
			if (q)
				slen = (size_t)(q - s);
		}
		if (plen == 1 && *p == ':') {
			if (slen == 0)
				return 0;
			*param = s;
			*param_len = slen;
		} else if (plen != slen || strncasecmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	return s == end;
}

static const nm_route *nm_route_find(const nm_req *r, const char **param,
				     size_t *param_len)
{
	size_t i;
	const char *method = r->head ? "GET" : r->method;
	for (i = 0; i < sizeof(nm_routes) / sizeof(nm_routes[0]); i++) {
		if (strcmp(nm_routes[i].method, method) != 0)
			continue;
		*param = NULL;
		*param_len = 0;
		if (nm_match(nm_routes[i].pattern, r->path, r->path_len, param,
			     param_len))
			return &nm_routes[i];
	}
	return NULL;
}

/* Is the path under /prefix (segment boundary, any case)? */
static int nm_under(const nm_req *r, const char *prefix)
{
	size_t n = strlen(prefix);
	return r->path_len >= n && strncasecmp(r->path, prefix, n) == 0 &&
	       (r->path_len == n || r->path[n] == '/');
}

/* --- auth and rate limiting ---------------------------------------------- */

static int nm_is_uuid4(const char *s)
{
	static const char form[] = "xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx";
	size_t i;
	if (strlen(s) != 36)
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

/* Returns 1 if the request may go on (r->env set), 0 if a 401 was sent. */
static int nm_authenticate(nm_req *r)
{
	const char *h = nm_req_header(r, "Authorization");
	const char *secret, *p;
	size_t i;
	static const char prefix[] = "Authentication failed. ";
	char msg[160];
	const char *code, *why;

	if (!h || !*h) {
		code = "missing_auth_header";
		why = "The request is missing the Authorization header.";
		goto reject;
	}
	secret = h;
	for (p = strstr(h, "Bearer "); p; p = strstr(p + 1, "Bearer "))
		secret = p + 7;
	if (!*secret) {
		code = "malformed_auth_header";
		why = "The Authorization header is malformed.";
		goto reject;
	}
	if (!nm_is_uuid4(secret)) {
		code = "invalid_secret_key_format";
		why = "The provided secret key is not a UUID v4.";
		goto reject;
	}
	for (i = 0; i < r->srv->cfg.n_keys; i++) {
		if (strcmp(r->srv->cfg.keys[i].secret, secret) == 0) {
			r->env = r->srv->cfg.keys[i].env;
			return 1;
		}
	}
	code = "unknown_account";
	why = "The provided authorization header does not match any account.";
reject:
	snprintf(msg, sizeof(msg), "%s%s", prefix, why);
	nm_reply_nango(r, 401, msg, code, NULL);
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

void nm_reply_rate_limited(nm_req *r)
{
	nj_writer w;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "error");
	nj_w_obj(&w);
	nj_w_key(&w, "code");
	nj_w_str(&w, "too_many_request");
	nj_w_key(&w, "method");
	nj_w_str(&w, r->method);
	nj_w_key(&w, "path");
	nj_w_strn(&w, r->path, r->path_len);
	nj_w_end_obj(&w);
	nj_w_end_obj(&w);
	nm_send_json(r, 429, &w.buf);
}

/* --- the body ------------------------------------------------------------ */

/* type-is: is the media type (before ';', trimmed) exactly this, any case? */
static int nm_media_type_is(const char *ct, const char *type)
{
	size_t n = strlen(type);
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, type, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

static int nm_has_body(const nm_req *r)
{
	return nm_req_header(r, "Content-Length") ||
	       nm_req_header(r, "Transfer-Encoding");
}

/* Reads the whole body, up to max_body. 1: read; 0: too large; -1: OOM. */
static int nm_read_body(nm_req *r, char **out, size_t *len)
{
	size_t cap = 4096, n = 0, max = r->srv->cfg.max_body;
	const struct mg_request_info *ri = mg_get_request_info(r->conn);
	char *buf, sink[8192];
	int got;

	*out = NULL;
	*len = 0;
	if (ri->content_length > 0 && (size_t)ri->content_length > max) {
		while (mg_read(r->conn, sink, sizeof(sink)) > 0)
			;
		return 0;
	}
	if (ri->content_length > 0)
		cap = (size_t)ri->content_length + 1;
	buf = malloc(cap);
	if (!buf)
		return -1;
	while ((got = mg_read(r->conn, buf + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (n > max) {
			free(buf);
			while (mg_read(r->conn, sink, sizeof(sink)) > 0)
				;
			return 0;
		}
		if (n + 1 == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -1;
			}
			buf = nb;
			cap *= 2;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 1;
}

/* Charsets body-parser's json accepts: utf-8 family only. */
static int nm_charset_ok(const char *ct)
{
	const char *cs = strcasestr(ct, "charset=");
	if (!cs)
		return 1;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0 || strncasecmp(cs, "utf8", 4) == 0;
}

/*
 * body-parser's json, then raw: fills r->body. Returns 1 to go on, 0 when a
 * response (400 invalid_json or 500) was sent.
 */
static int nm_parse_body(nm_req *r)
{
	const char *ct = nm_req_header(r, "Content-Type");
	char *raw = NULL, *text = NULL;
	size_t raw_len, text_len, i;
	nj_error err;
	int rc, go_on = 0;

	if (!nm_has_body(r))
		return 1;
	rc = nm_read_body(r, &raw, &raw_len);
	r->raw_body = raw; /* the journal's copy; freed with the request */
	r->raw_len = raw_len;
	if (rc <= 0 || !ct) {
		if (rc <= 0)
			nm_send_generic_error(r);
		return rc > 0;
	}
	if (!nm_media_type_is(ct, "application/json")) {
		if (strncasecmp(ct, "application/", 12) == 0 ||
		    nm_media_type_is(ct, "text/xml"))
			r->body_kind = NM_BODY_BUFFER;
		return 1;
	}
	if (!nm_charset_ok(ct) || nj_utf8_sanitize(&text, &text_len, raw,
						   raw_len) != NJ_OK) {
		nm_send_generic_error(r);
		goto done;
	}
	r->body_kind = NM_BODY_JSON;
	if (text_len == 0) {
		r->body = nj_object();
		rc = r->body ? NJ_OK : NJ_ENOMEM;
	} else {
		i = strspn(text, " \t\r\n");
		if (i == text_len || (text[i] != '{' && text[i] != '['))
			rc = nj_strict_violation(text, text_len, &err);
		else
			rc = nj_parse(&r->body, text, text_len, &err);
	}
	if (rc == NJ_ESYNTAX)
		nm_reply_simple(r, 400, "invalid_json", err.message);
	else if (rc != NJ_OK)
		nm_send_generic_error(r);
	go_on = rc == NJ_OK;
done:
	free(text);
	return go_on;
}

/* --- the pipeline -------------------------------------------------------- */

static void nm_health(nm_req *r)
{
	static const char body[] = "{\"result\":\"ok\"}";
	nm_send(r, 200, "application/json; charset=utf-8", body,
		sizeof(body) - 1, NM_SEND_ETAG);
}

/* Nango's middlewares in order (§1.1), then the route. */
static void nm_pipeline(nm_req *r)
{
	const nm_route *route;
	const char *param, *ct;
	size_t param_len;

	if (r->admin) {
		nm_admin_handle(r);
		return;
	}
	if ((r->head || !strcmp(r->method, "GET")) &&
	    nm_match("/health", r->path, r->path_len, &param, &param_len)) {
		nm_health(r);
		return;
	}
	if (!nm_parse_body(r))
		return;
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
		nm_reply_simple(r, 415, "invalid_content_type",
				"Content-Type header must be application/json");
		return;
	}
	if (!nm_url_escapes_ok(r->path, r->path_len)) {
		nm_send_generic_error(r);
		return;
	}
	route = nm_route_find(r, &param, &param_len);
	if (!route) {
		nm_send_not_found_page(r);
		return;
	}
	if (!nm_authenticate(r) || !nm_rate_limit(r))
		return;
	route->fn(r, param, param_len);
}

/*
 * One request, on a thread of the pool (see nm_pool.h): parsing, handling,
 * and freeing the body tree all recurse once per nesting level.
 */
static void nm_pipeline_job(void *arg)
{
	nm_req *r = arg;
	nm_pipeline(r);
	nj_free(r->body);
	r->body = NULL;
}

/* Stack of a request thread: 2000 nesting levels with room to spare,
 * sanitizers included. Reserved, not committed, until used. */
#define NM_REQUEST_STACK ((size_t)64 << 20)

/* CivetWeb's begin_request: every request is answered here. */
static int nm_begin_request(struct mg_connection *conn)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	nm_server *s = ri->user_data;
	nm_req r;
	const char *uri = ri->local_uri_raw ? ri->local_uri_raw : ri->request_uri;
	const char *conn_hdr = mg_get_header(conn, "Connection");

	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.srv = s;
	r.method = ri->request_method;
	r.path = uri ? uri : "/";
	r.path_len = strlen(r.path);
	r.query = ri->query_string;
	r.head = strcmp(r.method, "HEAD") == 0;
	r.env = -1;
	r.close = (conn_hdr && strcasecmp(conn_hdr, "close") == 0) ||
		  strcmp(ri->http_version, "1.0") == 0;
	r.admin = nm_admin_path(r.path, r.path_len);
	r.start_us = nm_now_us();
	if (!r.admin && s->cfg.journal)
		r.journal = nm_admin_journal;
	if (nm_pool_run(s->cfg.pool, nm_pipeline_job, &r) != 0)
		nm_send_generic_error(&r);
	if (r.journal)
		nm_admin_journal(&r); /* no response was sent (dropped) */
	if (s->cfg.access_log)
		fprintf(stderr, "%s %s%s%s %d\n", r.method, r.path,
			r.query ? "?" : "", r.query ? r.query : "", r.status);
	free(r.raw_body);
	free(r.sent);
	if (r.fault[0] && !r.status)
		return 499; /* dropped: nothing was written */
	return r.status ? r.status : 500;
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

int nm_server_start(nm_server *s, int *port_out)
{
	struct mg_callbacks cb;
	struct mg_server_port ports[4];
	char listen[160], threads[16];
	const char *opts[32];
	int i = 0, n;

	snprintf(listen, sizeof(listen), "%s:%d", s->cfg.host, s->cfg.port);
	if (strchr(s->cfg.host, ':'))
		snprintf(listen, sizeof(listen), "[%s]:%d", s->cfg.host,
			 s->cfg.port);
	snprintf(threads, sizeof(threads), "%d", s->cfg.threads);
	opts[i++] = "listening_ports";
	opts[i++] = listen;
	opts[i++] = "num_threads";
	opts[i++] = threads;
	opts[i++] = "enable_keep_alive";
	opts[i++] = "yes";
	opts[i++] = "keep_alive_timeout_ms";
	opts[i++] = "61000";
	opts[i++] = "tcp_nodelay";
	opts[i++] = "1";
	opts[i++] = "decode_url";
	opts[i++] = "no";
	opts[i++] = "request_timeout_ms";
	opts[i++] = "120000";
	opts[i] = NULL;
	memset(&cb, 0, sizeof(cb));
	cb.begin_request = nm_begin_request;
	cb.http_error = nm_http_error;
	pthread_mutex_init(&s->cfg.rl_lock, NULL);
	/* every CivetWeb worker hands its request to one pool thread */
	if (nm_pool_new(&s->cfg.pool, s->cfg.threads, NM_REQUEST_STACK) != 0)
		return -1;
	s->cfg.ctx = mg_start(&cb, s, opts);
	if (!s->cfg.ctx) {
		nm_pool_free(s->cfg.pool);
		s->cfg.pool = NULL;
		return -1;
	}
	memset(ports, 0, sizeof(ports));
	n = mg_get_server_ports(s->cfg.ctx, 4, ports);
	*port_out = n > 0 ? ports[0].port : s->cfg.port;
	snprintf(s->cfg.base_url, sizeof(s->cfg.base_url), "http://%s:%d",
		 strchr(s->cfg.host, ':') ? "localhost" : s->cfg.host,
		 *port_out);
	return 0;
}

void nm_server_stop(nm_server *s)
{
	if (s->cfg.ctx)
		mg_stop(s->cfg.ctx); /* returns once in-flight requests are done */
	s->cfg.ctx = NULL;
	nm_pool_free(s->cfg.pool);
	s->cfg.pool = NULL;
	pthread_mutex_destroy(&s->cfg.rl_lock);
}
