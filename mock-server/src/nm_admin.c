/*
 * nm_admin.c: the control API under /__admin/ (README, "Testing with the
 * mock"): routing, authentication with the secret keys (each key sees only
 * its environment), and the state, reset and clock endpoints.
 */
#include "nm_render.h"
#include "nm_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_fixtures.h"
#include "nm_url.h"

static const char nm_prefix[] = "/__admin";

int nm_admin_available(const nm_server *s)
{
	return s->cfg.journal && s->cfg.clock && s->cfg.faults;
}

int nm_admin_path(const char *path, size_t n)
{
	size_t k = sizeof(nm_prefix) - 1;
	return n >= k && strncasecmp(path, nm_prefix, k) == 0 &&
	       (n == k || path[k] == '/');
}

/* --- replies ---------------------------------------------------------------- */

void nm_admin_send(nm_req *r, int status, nj_writer *w)
{
	if (w->buf.oom) {
		nj_buf_free(&w->buf);
		nm_send_generic_error(r);
		return;
	}
	nm_send(r, status, "application/json; charset=utf-8",
		w->buf.ptr ? w->buf.ptr : "", w->buf.len, 0);
	nj_buf_free(&w->buf);
}

void nm_admin_error(nm_req *r, nm_err_id id, const char *field,
		    const char *message)
{
	const nm_err_def *e = nm_err(id);
	nj_writer w;
	nj_w_init(&w);
	nm_render_error_open(&w, e->code);
	nj_w_key(&w, "message");
	nj_w_str(&w, message ? message : e->text);
	if (field) {
		nj_w_key(&w, "field");
		nj_w_str(&w, field);
	}
	nm_render_error_close(&w);
	nm_admin_send(r, e->status, &w);
}

void nm_admin_bad_input(nm_req *r, const char *text)
{
	const char *colon = strstr(text, ": ");
	char field[128];
	size_t n = colon ? (size_t)(colon - text) : 0;
	if (n >= sizeof(field))
		n = sizeof(field) - 1;
	memcpy(field, text, n);
	field[n] = '\0';
	nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, colon ? field : NULL,
		       text);
}

static void nm_send_ok(nm_req *r, const char *key, const char *value)
{
	nj_writer w;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, key);
	nj_w_str(&w, value);
	nj_w_end_obj(&w);
	nm_admin_send(r, 200, &w);
}

void nm_admin_send_count(nm_req *r, const char *key, size_t n)
{
	nj_writer w;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, key);
	nj_w_int(&w, (long long)n);
	nj_w_end_obj(&w);
	nm_admin_send(r, 200, &w);
}

/* --- state and reset ---------------------------------------------------------- */

int nm_admin_capture_initial(nm_server *s)
{
	size_t i, n = 0;
	for (i = 0; i < s->cfg.n_keys; i++)
		if ((size_t)s->cfg.keys[i].env + 1 > n)
			n = (size_t)s->cfg.keys[i].env + 1;
	s->cfg.initial = calloc(n + 1, sizeof(nm_dump));
	if (!s->cfg.initial)
		return -1;
	s->cfg.n_initial = n;
	for (i = 0; i < n; i++)
		if (nm_store_export(&s->cfg.initial[i], s->cfg.store, (int)i))
			return -1;
	return 0;
}

void nm_admin_free(nm_server *s)
{
	size_t i;
	for (i = 0; i < s->cfg.n_initial; i++)
		nm_dump_clear(&s->cfg.initial[i]);
	free(s->cfg.initial);
	s->cfg.initial = NULL;
	s->cfg.n_initial = 0;
}

static void nm_h_state_get(nm_req *r, nm_admin_req *a)
{
	nm_dump d;
	nj_writer w;
	if (nm_store_export(&d, r->srv->cfg.store, a->env)) {
		nm_send_generic_error(r);
		return;
	}
	nj_w_init(&w);
	nm_fixtures_write(&w, &d, NULL, 1);
	nm_dump_clear(&d);
	nm_admin_send(r, 200, &w);
}

/* 400 invalid_state with every problem: {path, message}. */
static void nm_reply_problems(nm_req *r, const nm_problems *p)
{
	nj_writer w;
	size_t i;
	char msg[600];
	snprintf(msg, sizeof(msg), "%s: %s", p->n ? p->paths[0] : "",
		 p->n ? p->messages[0] : "out of memory");
	nj_w_init(&w);
	nm_render_error_open(&w, nm_err(NM_E_ADMIN_INVALID_STATE)->code);
	nj_w_key(&w, "message");
	nj_w_str(&w, msg);
	nj_w_key(&w, "errors");
	nj_w_arr(&w);
	for (i = 0; i < p->n; i++) {
		nj_w_obj(&w);
		nj_w_key(&w, "path");
		nj_w_str(&w, p->paths[i]);
		nj_w_key(&w, "message");
		nj_w_str(&w, p->messages[i]);
		nj_w_end_obj(&w);
	}
	nj_w_end_arr(&w);
	nm_render_error_close(&w);
	nm_admin_send(r, nm_err(NM_E_ADMIN_INVALID_STATE)->status, &w);
}

static void nm_h_state_post(nm_req *r, nm_admin_req *a)
{
	const char *mode = nj_get_string(a->query, "mode");
	nm_fixtures_opts o = {a->env, a->env, 0};
	nm_problems probs;
	nm_fixset set;
	size_t i;
	for (i = 0; i < a->query->len; i++)
		if (strcmp(a->query->members[i]->key, "mode")) {
			nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST,
				       a->query->members[i]->key,
				       "unknown query parameter (expected mode)");
			return;
		}
	if (mode && strcmp(mode, "replace") && strcmp(mode, "merge")) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "mode",
			       "mode: expected replace or merge");
		return;
	}
	o.merge = mode && !strcmp(mode, "merge");
	memset(&probs, 0, sizeof(probs));
	if (!nm_fixtures_read(&set, &probs, r->srv, a->body, &o) &&
	    !nm_fixtures_apply(r->srv, &set, &o, 0, &probs))
		nm_send_ok(r, "loaded", o.merge ? "merge" : "replace");
	else
		nm_reply_problems(r, &probs);
	nm_fixset_free(&set);
	nm_problems_free(&probs);
}

/* Checks that body is absent or an object with only the known fields. */
static int nm_body_fields(nm_req *r, const nj_value *body,
			  const char *const *known)
{
	size_t i, k;
	char msg[200];
	if (!body)
		return 1;
	if (body->type != NJ_OBJECT) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, NULL,
			       "the body must be a JSON object");
		return 0;
	}
	for (i = 0; i < body->len; i++) {
		const char *key = body->members[i]->key;
		for (k = 0; known[k] && strcmp(known[k], key); k++)
			;
		if (!known[k]) {
			snprintf(msg, sizeof(msg), "%s: unknown field", key);
			nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, key,
				       msg);
			return 0;
		}
	}
	return 1;
}

static void nm_h_reset(nm_req *r, nm_admin_req *a)
{
	static const char *const keys[] = {"to", NULL};
	const nj_value *to = nj_object_get(a->body, "to");
	nm_server_cfg *c = &r->srv->cfg;
	nm_dump empty;
	const nm_dump *target = &empty;
	int fixtures = 1;
	if (!nm_body_fields(r, a->body, keys))
		return;
	if (to && (to->type != NJ_STRING || (strcmp(to->str, "fixtures") &&
					      strcmp(to->str, "empty")))) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "to",
			       "to: expected \"fixtures\" or \"empty\"");
		return;
	}
	fixtures = !to || !strcmp(to->str, "fixtures");
	memset(&empty, 0, sizeof(empty));
	if (fixtures && (size_t)a->env < c->n_initial)
		target = &c->initial[a->env];
	if (nm_store_import(c->store, a->env, target,
			    NM_IMPORT_FRESH_ON_CONFLICT, NULL) != NM_OK) {
		nm_send_generic_error(r);
		return;
	}
	nm_journal_clear(c->journal, a->env);
	nm_faults_remove(c->faults, a->env, NULL);
	nm_clock_release(c->clock, a->env);
	nm_send_ok(r, "reset", fixtures ? "fixtures" : "empty");
}

/* --- the clock ------------------------------------------------------------------ */

static void nm_send_clock(nm_req *r, int env)
{
	nm_clock_info ci;
	nj_writer w;
	nm_clock_state(&ci, r->srv->cfg.clock, env);
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "frozen");
	nj_w_bool(&w, ci.frozen);
	nm_render_ts(&w, "now", ci.now_us, NM_TS_ISO_US);
	nj_w_key(&w, "offset_ms");
	nj_w_int(&w, (long long)(ci.offset_us / 1000));
	nj_w_end_obj(&w);
	nm_admin_send(r, 200, &w);
}

static void nm_h_clock_get(nm_req *r, nm_admin_req *a)
{
	nm_send_clock(r, a->env);
}

/* {"action":"freeze","at":ISO?} | {"action":"advance","by_ms":N} |
 * {"action":"release"} */
static void nm_h_clock_post(nm_req *r, nm_admin_req *a)
{
	static const char *const keys[] = {"action", "at", "by_ms", NULL};
	const char *action = nj_get_string(a->body, "action");
	const nj_value *at = nj_object_get(a->body, "at");
	const nj_value *by = nj_object_get(a->body, "by_ms");
	nm_clock *c = r->srv->cfg.clock;
	int64_t t = 0;
	int rc = 0;
	if (!nm_body_fields(r, a->body, keys))
		return;
	if (!action || (strcmp(action, "freeze") && strcmp(action, "advance") &&
			strcmp(action, "release"))) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "action",
			       "action: expected \"freeze\", \"advance\" or "
			       "\"release\"");
		return;
	}
	if (at && (strcmp(action, "freeze") || at->type != NJ_STRING ||
		   nm_parse_iso_us(at->str, &t))) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "at",
			       "at: with freeze, an ISO 8601 instant such as "
			       "\"2030-01-01T00:00:00.000Z\"");
		return;
	}
	if (!strcmp(action, "advance") != (by != NULL) ||
	    (by && (by->type != NJ_NUMBER || by->num < 0 || by->num > 3.15e12 ||
		    by->num != (double)(long long)by->num))) {
		nm_admin_error(r, NM_E_ADMIN_INVALID_REQUEST, "by_ms",
			       "by_ms: with advance (and only then), a whole "
			       "number of milliseconds, 0 or more");
		return;
	}
	if (!strcmp(action, "freeze"))
		rc = nm_clock_freeze(c, a->env,
				     at ? t : nm_clock_now(c, a->env));
	else if (!strcmp(action, "advance"))
		rc = nm_clock_advance(c, a->env, (int64_t)by->num * 1000);
	else
		nm_clock_release(c, a->env);
	if (rc)
		nm_send_generic_error(r);
	else
		nm_send_clock(r, a->env);
}

/* --- routing ------------------------------------------------------------------------ */

typedef void (*nm_admin_fn)(nm_req *r, nm_admin_req *a);

typedef struct {
	const char *method;
	const char *path;  /* after /__admin; a trailing "/:" takes an id */
	nm_admin_fn fn;
	int open;          /* served without a key */
} nm_admin_route;

static const nm_admin_route nm_admin_routes[] = {
	{"POST", "/reset", nm_h_reset, 0},
	{"GET", "/state", nm_h_state_get, 0},
	{"POST", "/state", nm_h_state_post, 0},
	{"GET", "/requests", nm_admin_requests_get, 0},
	{"DELETE", "/requests", nm_admin_requests_delete, 0},
	{"POST", "/requests/count", nm_admin_requests_count, 0},
	{"GET", "/faults", nm_admin_faults_get, 0},
	{"POST", "/faults", nm_admin_faults_post, 0},
	{"DELETE", "/faults", nm_admin_faults_delete, 0},
	{"DELETE", "/faults/:", nm_admin_faults_delete, 0},
	{"GET", "/clock", nm_h_clock_get, 0},
	{"POST", "/clock", nm_h_clock_post, 0},
	{"GET", "/ui", nm_admin_ui, 1},
};

/* The route for path (after the prefix); *param gets a ":" segment. */
static const nm_admin_route *nm_admin_find(const char *method,
					   const char *path, size_t n,
					   const char **param, int *known)
{
	size_t i, plen;
	*known = 0;
	if (n > 1 && path[n - 1] == '/')
		n--;
	for (i = 0; i < sizeof(nm_admin_routes) / sizeof(*nm_admin_routes);
	     i++) {
		const nm_admin_route *rt = &nm_admin_routes[i];
		plen = strlen(rt->path);
		*param = NULL;
		if (plen > 2 && !strcmp(rt->path + plen - 2, "/:")) {
			plen--;
			if (n <= plen || strncmp(path, rt->path, plen) ||
			    memchr(path + plen, '/', n - plen))
				continue;
			*param = path + plen;
		} else if (n != plen || strncmp(path, rt->path, n)) {
			continue;
		}
		*known = 1;
		if (!strcmp(rt->method, method))
			return rt;
	}
	return NULL;
}

/* Parses the body (read by the server, if any). 1: go on; 0: replied. */
static int nm_admin_body(nm_req *r, nm_admin_req *a)
{
	nj_error je;
	int rc;
	if (!r->has_body || r->raw_len == 0)
		return 1;
	rc = nj_parse(&a->body, r->raw, r->raw_len, &je);
	if (rc == NJ_ESYNTAX)
		nm_admin_error(r, NM_E_ADMIN_INVALID_JSON, NULL, je.message);
	else if (rc != NJ_OK)
		nm_send_generic_error(r);
	return rc == NJ_OK;
}

/* The key's environment, or -1 once a 401 was sent. */
static int nm_admin_auth(nm_req *r)
{
	const char *h = nm_req_header(r, "Authorization");
	int env = nm_key_env(r->srv, h);
	if (env < 0)
		nm_admin_error(r, h ? NM_E_ADMIN_UNKNOWN_KEY
				    : NM_E_ADMIN_MISSING_KEY, NULL, NULL);
	return env;
}

void nm_admin_handle(nm_req *r)
{
	const size_t k = sizeof(nm_prefix) - 1;
	const nm_admin_route *rt;
	nm_admin_req a;
	char msg[300];
	int known;

	memset(&a, 0, sizeof(a));
	rt = nm_admin_find(r->head ? "GET" : r->method, r->path + k,
			   r->path_len - k, &a.param, &known);
	if (!rt) {
		snprintf(msg, sizeof(msg), "%s %.*s is not a control API "
			 "route%s", r->method, (int)(r->path_len > 200 ? 200
					 : r->path_len), r->path,
			 known ? " (the path exists with another method)" : "");
		nm_admin_error(r, known ? NM_E_ADMIN_WRONG_METHOD
				     : NM_E_ADMIN_UNKNOWN_ROUTE, NULL, msg);
		return;
	}
	if (rt->open) {
		rt->fn(r, &a);
		return;
	}
	a.env = nm_admin_auth(r);
	if (a.env < 0)
		return;
	a.query = nm_qs_parse(r->query);
	if (!a.query) {
		nm_send_generic_error(r);
		return;
	}
	if (nm_admin_body(r, &a))
		rt->fn(r, &a);
	nj_free(a.body);
	nj_free(a.query);
}
