/*
 * nm_admin_journal.c: the request journal and faults, seen from HTTP:
 * recording each finished Nango request (secret keys masked), applying
 * faults in the pipeline, and the /__admin/requests and /__admin/faults
 * endpoints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nm_admin.h"
#include "nm_reply.h"

/* --- recording ------------------------------------------------------------------ */

/* Is a secret key of this mock at p? Returns it, or NULL. */
static const char *nm_key_at(const nm_server *s, const char *p)
{
	size_t i;
	for (i = 0; i < s->cfg.n_keys; i++)
		if (!strncmp(p, s->cfg.keys[i].secret, 36))
			return s->cfg.keys[i].secret;
	return NULL;
}

/*
 * Appends a request header to a journal block with its secrets cut to
 * their last 4 characters: the token of an Authorization header (whatever
 * it is), and any secret key of this mock in other headers.
 */
static void nm_masked_put(nj_buf *blk, const nm_server *s, const char *name,
			  const char *value)
{
	nj_buf b = NJ_BUF_INIT;
	const char *p, *q, *key;
	if (!strcasecmp(name, "Authorization")) {
		p = value;
		for (q = strstr(value, "Bearer "); q; q = strstr(q + 1, "Bearer "))
			p = q + 7;
		nj_buf_put(&b, value, (size_t)(p - value));
		nj_buf_puts(&b, "****");
		if (strlen(p) > 4)
			nj_buf_puts(&b, p + strlen(p) - 4);
	} else {
		/* copied in runs; a key is 36 characters, so a shorter rest
		 * cannot hold one */
		const char *run = value;
		size_t left = strlen(value);
		for (p = value; left >= 36; p++, left--) {
			if (!(key = nm_key_at(s, p)))
				continue;
			nj_buf_put(&b, run, (size_t)(p - run));
			nj_buf_puts(&b, "****");
			nj_buf_puts(&b, key + 32);
			run = p + 36;
			p += 35;
			left -= 35;
		}
		nj_buf_puts(&b, run);
	}
	if (b.oom)
		blk->oom = 1;
	nm_jheaders_put(blk, name, strlen(name), b.ptr ? b.ptr : "", b.len);
	nj_buf_free(&b);
}

/* Appends the request's headers as a journal header block and its end. */
static void nm_request_headers_put(nj_buf *b, const nm_req *r)
{
	int i;
	for (i = 0; i < r->n_headers; i++)
		nm_masked_put(b, r->srv, r->headers[i].name,
			      r->headers[i].value);
	nj_buf_putc(b, '\0');
}

/* Are these n bytes UTF-8 that Node's decoder keeps as they are (no BOM
 * in front, no invalid sequence)? */
static int nm_utf8_as_is(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 0;
	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = nj_utf8_seq(u + i, n - i, NULL);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Appends a body as UTF-8 text cut at NM_JOURNAL_BODY_MAX bytes, and its
 * end; returns its length, *truncated set. */
static size_t nm_body_text_put(nj_buf *b, const char *raw, size_t n,
			       int *truncated)
{
	char *text = NULL;
	size_t len = 0;
	*truncated = n > NM_JOURNAL_BODY_MAX;
	if (*truncated)
		n = NM_JOURNAL_BODY_MAX;
	if (nm_utf8_as_is(raw, n)) { /* our own answers: copied as they are */
		nj_buf_put(b, raw, n);
		len = n;
	} else if (nj_utf8_sanitize(&text, &len, raw, n) == NJ_OK) {
		nj_buf_put(b, text, len);
	} else {
		b->oom = 1;
	}
	free(text);
	nj_buf_putc(b, '\0');
	return len;
}

void nm_admin_keep_body(nm_req *r)
{
	nj_buf b = NJ_BUF_INIT;
	int trunc;
	size_t len;
	if (r->admin || !r->srv->cfg.journal || !r->has_body || !r->raw)
		return;
	len = nm_body_text_put(&b, r->raw, r->raw_len, &trunc);
	if (b.oom) {
		nj_buf_free(&b);
		return;
	}
	r->jbody = b.ptr; /* NUL-terminated by nm_body_text_put */
	r->jbody_len = len;
	r->jbody_truncated = trunc;
}

/* Room for what nm_admin_journal packs, so that it is one allocation. */
static size_t nm_journal_room(const nm_req *r, size_t qlen)
{
	size_t n = strlen(r->method) + r->path_len + qlen + r->out.len + 16;
	int i;
	for (i = 0; i < r->n_headers; i++)
		n += strlen(r->headers[i].name) + strlen(r->headers[i].value) +
		     2;
	return n < NM_JOURNAL_BODY_MAX * 2 ? n : NM_JOURNAL_BODY_MAX * 2;
}

/* Packs the request's text and its answer into one block (see nm_jentry):
 * its pieces' offsets in off[], the block in *b. */
static void nm_journal_pack(nj_buf *b, size_t off[5], nm_jentry *e,
			    const nm_req *r, size_t qlen)
{
	int trunc;
	nj_buf_reserve(b, nm_journal_room(r, qlen));
	off[0] = b->len;
	nj_buf_puts(b, r->method);
	nj_buf_putc(b, '\0');
	off[1] = b->len;
	nj_buf_put(b, r->path, r->path_len);
	if (qlen) {
		nj_buf_putc(b, '?');
		nj_buf_puts(b, r->query);
	}
	nj_buf_putc(b, '\0');
	off[2] = b->len;
	nm_request_headers_put(b, r);
	e->headers_len = b->len - off[2] - 1;
	off[3] = off[4] = b->len;
	if (!e->status)
		return;
	nj_buf_put(b, r->out.ptr, r->out_head); /* parsed when read */
	nj_buf_putc(b, '\0');
	e->resp_headers_len = r->out_head;
	off[4] = b->len;
	e->resp_len = nm_body_text_put(b, r->out.ptr + r->out_head,
				       r->out.len - r->out_head, &trunc);
	e->resp_truncated = trunc;
}

void nm_admin_journal(nm_req *r)
{
	nm_server *s = r->srv;
	nm_clock_info ci;
	nm_jentry e;
	nj_buf b = NJ_BUF_INIT;
	size_t qlen = r->query ? strlen(r->query) + 1 : 0, off[5];

	if (r->admin || !s->cfg.journal)
		return;
	memset(&e, 0, sizeof(e));
	e.env = nm_key_env(s, nm_req_header(r, "Authorization"));
	e.duration_us = nm_now_us() - r->start_us;
	nm_clock_state(&ci, s->cfg.clock, e.env);
	/* when it came, on its environment's clock (a frozen one: its instant) */
	e.time_us = ci.frozen ? ci.now_us : ci.now_us - e.duration_us;
	if (r->out.len && r->out_head && r->out_head <= r->out.len)
		e.status = r->status; /* else dropped: no answer */
	nm_journal_pack(&b, off, &e, r, qlen);
	e.body = r->jbody; /* taken over */
	e.body_len = r->jbody_len;
	e.body_truncated = r->jbody_truncated;
	r->jbody = NULL;
	memcpy(e.fault, r->fault, sizeof(e.fault));
	if (b.oom) {
		fprintf(stderr, "nango-mock: out of memory: %s %s not "
			"journaled\n", r->method, r->path);
		nj_buf_free(&b);
		free(e.body);
		return;
	}
	e.block = b.ptr; /* taken over with what points into it */
	e.method = b.ptr + off[0];
	e.path = b.ptr + off[1];
	e.headers = b.ptr + off[2];
	e.resp_headers = e.status ? b.ptr + off[3] : NULL;
	e.resp_body = e.status ? b.ptr + off[4] : NULL;
	nm_journal_add(s->cfg.journal, &e);
}

/* --- faults in the pipeline ------------------------------------------------------ */

static const char *nm_reason_phrase(int status)
{
	static const struct {
		int status;
		const char *text;
	} t[] = {{200, "OK"}, {201, "Created"}, {202, "Accepted"},
		 {204, "No Content"}, {400, "Bad Request"},
		 {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
		 {408, "Request Timeout"}, {409, "Conflict"},
		 {422, "Unprocessable Entity"}, {424, "Failed Dependency"},
		 {429, "Too Many Requests"}, {500, "Internal Server Error"},
		 {502, "Bad Gateway"}, {503, "Service Unavailable"},
		 {504, "Gateway Timeout"}};
	size_t i;
	for (i = 0; i < sizeof(t) / sizeof(*t); i++)
		if (t[i].status == status)
			return t[i].text;
	return "Unknown";
}

/* A fault's own answer: its status, headers and body. */
static void nm_send_fault_status(nm_req *r, const nm_fault_action *a)
{
	nj_buf h = NJ_BUF_INIT;
	char line[160], date[40];
	size_t i;
	snprintf(line, sizeof(line), "HTTP/1.1 %d %s\r\n", a->status,
		 nm_reason_phrase(a->status));
	nj_buf_puts(&h, line);
	for (i = 0; a->headers && i < a->headers->len; i++) {
		const nj_member *m = a->headers->members[i];
		nj_buf_put(&h, m->key, m->key_len);
		nj_buf_puts(&h, ": ");
		nj_buf_put(&h, m->value->str, m->value->len);
		nj_buf_puts(&h, "\r\n");
	}
	if (!nj_object_get(a->headers, "Content-Type") &&
	    !nj_object_get(a->headers, "content-type") && a->body)
		nj_buf_puts(&h, "Content-Type: application/json; "
				"charset=utf-8\r\n");
	snprintf(line, sizeof(line), "Content-Length: %zu\r\n", a->body_len);
	nj_buf_puts(&h, line);
	nm_http_date(date);
	snprintf(line, sizeof(line), "Date: %s\r\n", date);
	nj_buf_puts(&h, line);
	if (r->close)
		snprintf(line, sizeof(line), "Connection: close\r\n\r\n");
	else
		snprintf(line, sizeof(line), "Connection: keep-alive\r\n"
			 "Keep-Alive: timeout=%d\r\n\r\n",
			 nm_keep_alive_seconds(r->srv));
	nj_buf_puts(&h, line);
	r->out_head = h.len;
	if (!r->head && a->body)
		nj_buf_put(&h, a->body, a->body_len);
	r->status = a->status;
	nj_buf_free(&r->out);
	if (h.oom)
		nj_buf_free(&h);
	else
		r->out = h; /* handed over, written by the server */
}

/* Nango's 429 as its limiter sends it, Retry-After from the fault. */
static void nm_send_fault_429(nm_req *r, const nm_fault_action *a)
{
	int64_t now = nm_now_us();
	r->counted = 1;
	r->rl_limit = r->srv->cfg.rate_limit > 0 ? r->srv->cfg.rate_limit : 200;
	r->rl_remaining = 0;
	r->retry_after = a->retry_after;
	r->rl_reset = (long long)(now / 1000000) + a->retry_after;
	nm_reply_rate_limited(r);
}

int nm_admin_fault(nm_req *r)
{
	nm_fault_action a;
	char *path;
	size_t qlen = r->query ? strlen(r->query) + 1 : 0;
	int env, fired;
	struct timespec ts;

	if (!r->srv->cfg.faults || !nm_faults_armed(r->srv->cfg.faults))
		return 0;
	env = nm_key_env(r->srv, nm_req_header(r, "Authorization"));
	if (env < 0)
		return 0;
	path = malloc(r->path_len + qlen + 1);
	if (!path)
		return 0;
	snprintf(path, r->path_len + qlen + 1, "%.*s%s%s", (int)r->path_len,
		 r->path, qlen ? "?" : "", qlen ? r->query : "");
	fired = nm_faults_pick(&a, r->srv->cfg.faults, env, r->method, path);
	free(path);
	if (!fired)
		return 0;
	memcpy(r->fault, a.id, sizeof(r->fault));
	if (a.latency_ms) {
		ts.tv_sec = a.latency_ms / 1000;
		ts.tv_nsec = (a.latency_ms % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) != 0)
			;
	}
	switch (a.kind) {
	case NM_FAULT_LATENCY:
		break;
	case NM_FAULT_STATUS:
		nm_send_fault_status(r, &a);
		break;
	case NM_FAULT_RATE_LIMIT:
		nm_send_fault_429(r, &a);
		break;
	case NM_FAULT_SERVER_ERROR:
		nm_send_500(r, "injected by a fault (preset server_error)", NULL,
			    0);
		break;
	case NM_FAULT_DROP:
		nm_req_force_close(r);
		break;
	}
	fired = a.kind != NM_FAULT_LATENCY;
	nm_fault_action_clear(&a);
	return fired;
}

/* --- /__admin/requests -------------------------------------------------------------- */

/* A matcher from obj; 0 once a 400 was sent. */
static int nm_admin_match(nm_req *r, nm_matcher *m, const nj_value *obj)
{
	char err[200];
	if (obj && obj->type != NJ_OBJECT) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, NULL,
			       "the body must be a JSON object");
		return 0;
	}
	if (nm_match_parse(m, obj, 1, err, sizeof(err))) {
		nm_admin_bad_input(r, err);
		return 0;
	}
	return 1;
}

void nm_admin_requests_get(nm_req *r, nm_admin_req *a)
{
	const char *limit = nj_get_string(a->query, "limit");
	char *end = NULL;
	long n = 0;
	nm_matcher m;
	nj_writer w;
	if (limit) {
		n = strtol(limit, &end, 10);
		if (!*limit || *end || n < 1) {
			nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "limit",
				       "limit: expected a whole number, 1 or "
				       "more");
			return;
		}
	}
	if (!nm_admin_match(r, &m, a->query))
		return;
	nj_w_init(&w);
	nm_journal_write(&w, r->srv->cfg.journal, a->env, &m, (size_t)n);
	nm_match_clear(&m);
	nm_admin_send(r, 200, &w);
}

void nm_admin_requests_delete(nm_req *r, nm_admin_req *a)
{
	nm_admin_send_count(r, "deleted",
			    nm_journal_clear(r->srv->cfg.journal, a->env));
}

void nm_admin_requests_count(nm_req *r, nm_admin_req *a)
{
	nm_matcher m;
	if (nj_object_get(a->body, "limit")) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "limit",
			       "limit: not a field of a count");
		return;
	}
	if (!nm_admin_match(r, &m, a->body))
		return;
	nm_admin_send_count(r, "count",
			    nm_journal_count(r->srv->cfg.journal, a->env, &m));
	nm_match_clear(&m);
}

/* --- /__admin/faults ------------------------------------------------------------------ */

void nm_admin_faults_get(nm_req *r, nm_admin_req *a)
{
	nj_writer w;
	nj_w_init(&w);
	nm_faults_write(&w, r->srv->cfg.faults, a->env);
	nm_admin_send(r, 200, &w);
}

void nm_admin_faults_post(nm_req *r, nm_admin_req *a)
{
	nj_writer w;
	char err[300];
	nj_w_init(&w);
	if (nm_faults_add(r->srv->cfg.faults, a->env, a->body, &w, err,
			  sizeof(err))) {
		nj_buf_free(&w.buf);
		nm_admin_bad_input(r, err);
		return;
	}
	nm_admin_send(r, 201, &w);
}

void nm_admin_faults_delete(nm_req *r, nm_admin_req *a)
{
	char id[32];
	size_t n = a->param ? strcspn(a->param, "/") : 0;
	if (a->param && n >= sizeof(id)) {
		nm_admin_error(r, NM_E_ADMIN_UNKNOWN_FAULT, "id",
			       "no such fault");
		return;
	}
	if (a->param) {
		memcpy(id, a->param, n);
		id[n] = '\0';
	}
	n = nm_faults_remove(r->srv->cfg.faults, a->env, a->param ? id : NULL);
	if (a->param && !n) {
		nm_admin_error(r, NM_E_ADMIN_UNKNOWN_FAULT, "id",
			       "no such fault in this environment");
		return;
	}
	nm_admin_send_count(r, "deleted", n);
}
