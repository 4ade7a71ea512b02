/* nd_episode.c: request templates, their expansion and route labels. */
#include "nd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void nd_req_clear(nd_req *r)
{
	size_t i;
	for (i = 0; i < r->n_headers; i++)
		free(r->headers[i]);
	free(r->headers);
	free(r->method);
	free(r->path);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

int nd_req_header(nd_req *r, const char *line)
{
	char **h = realloc(r->headers, (r->n_headers + 1) * sizeof(*h));
	if (!h)
		return -1;
	r->headers = h;
	if (!(h[r->n_headers] = strdup(line)))
		return -1;
	r->n_headers++;
	return 0;
}

/* Does "Name: value" name this header? */
static int nd_line_is(const char *line, const char *name)
{
	size_t n = strlen(name);
	return !strncasecmp(line, name, n) && line[n] == ':';
}

void nd_req_drop_header(nd_req *r, const char *name)
{
	size_t i, j = 0;
	for (i = 0; i < r->n_headers; i++) {
		if (nd_line_is(r->headers[i], name))
			free(r->headers[i]);
		else
			r->headers[j++] = r->headers[i];
	}
	r->n_headers = j;
}

const char *nd_req_get_header(const nd_req *r, const char *name)
{
	size_t i;
	for (i = 0; i < r->n_headers; i++) {
		if (nd_line_is(r->headers[i], name)) {
			const char *v = r->headers[i] + strlen(name) + 1;
			return v + strspn(v, " ");
		}
	}
	return NULL;
}

nd_req *nd_add(nd_episode *e, const char *method, const char *path,
	       const char *const *headers, const char *body, size_t body_len)
{
	nd_req *r;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		nd_req *n = realloc(e->reqs, cap * sizeof(*n));
		if (!n)
			return NULL;
		e->reqs = n;
		e->cap = cap;
	}
	r = &e->reqs[e->n];
	memset(r, 0, sizeof(*r));
	r->method = strdup(method);
	r->path = strdup(path);
	if (body) {
		r->body = malloc(body_len + 1);
		if (r->body) {
			memcpy(r->body, body, body_len);
			r->body[body_len] = '\0';
		}
		r->body_len = body_len;
		r->has_body = 1;
	}
	for (; headers && *headers; headers++)
		if (nd_req_header(r, *headers))
			break;
	if (!r->method || !r->path || (body && !r->body) ||
	    (headers && *headers)) {
		nd_req_clear(r);
		return NULL;
	}
	e->n++;
	return r;
}

void nd_episode_clear(nd_episode *e)
{
	size_t i;
	for (i = 0; i < e->n; i++)
		nd_req_clear(&e->reqs[i]);
	free(e->reqs);
	free(e->name);
	free(e->replay);
	free(e->provider);
	free(e->cleanup_key);
	memset(e, 0, sizeof(*e));
}

char *nd_expand(const char *text, size_t len, size_t *out_len,
		const char *secret, const char *tag, long episode)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i = 0;
	char num[32];
	snprintf(num, sizeof(num), "%ld", episode);
	while (i < len) {
		const char *p = text + i;
		size_t rest = len - i;
		if (rest >= 10 && !memcmp(p, "{{SECRET}}", 10)) {
			nj_buf_puts(&b, secret);
			i += 10;
		} else if (rest >= 7 && !memcmp(p, "{{TAG}}", 7)) {
			nj_buf_puts(&b, tag);
			i += 7;
		} else if (rest >= 7 && !memcmp(p, "{{KEY}}", 7)) {
			nj_buf_puts(&b, "ck-");
			nj_buf_puts(&b, tag);
			nj_buf_putc(&b, '-');
			nj_buf_puts(&b, num);
			i += 7;
		} else if (rest >= 6 && !memcmp(p, "{{ID}}", 6)) {
			nj_buf_puts(&b, "cid-");
			nj_buf_puts(&b, tag);
			nj_buf_putc(&b, '-');
			nj_buf_puts(&b, num);
			i += 6;
		} else {
			nj_buf_putc(&b, *p);
			i++;
		}
	}
	if (b.len == 0)
		nj_buf_put(&b, "", 0);
	return nj_buf_take(&b, out_len);
}

void nd_episode_print(const nd_episode *e, nj_buf *out)
{
	size_t i, j;
	for (i = 0; i < e->n; i++) {
		const nd_req *r = &e->reqs[i];
		nj_writer w;
		nj_w_init(&w);
		nj_w_obj(&w);
		nj_w_key(&w, "episode");
		nj_w_str(&w, e->name);
		nj_w_key(&w, "method");
		nj_w_str(&w, r->method);
		nj_w_key(&w, "path");
		nj_w_str(&w, r->path);
		nj_w_key(&w, "headers");
		nj_w_arr(&w);
		for (j = 0; j < r->n_headers; j++)
			nj_w_str(&w, r->headers[j]);
		nj_w_end_arr(&w);
		if (r->has_body) {
			nj_w_key(&w, "body");
			nj_w_strn(&w, r->body, r->body_len);
		}
		nj_w_end_obj(&w);
		nj_buf_put(out, w.buf.ptr, w.buf.len);
		nj_buf_putc(out, '\n');
		nj_buf_free(&w.buf);
	}
}

/* The mock's routes (mock-server/src/nm_server.c), ":" = one segment. */
static const char *const nd_patterns[][2] = {
	{"GET", "/health"},
	{"GET", "/connection"},
	{"GET", "/connections"},
	{"POST", "/connection"},
	{"POST", "/connections"},
	{"POST", "/connection/metadata"},
	{"PATCH", "/connection/metadata"},
	{"POST", "/connections/metadata"},
	{"PATCH", "/connections/metadata"},
	{"GET", "/connection/:id"},
	{"GET", "/connections/:id"},
	{"DELETE", "/connection/:id"},
	{"DELETE", "/connections/:id"},
	{"PATCH", "/connections/:id"},
	{"POST", "/connection/:id/metadata"},
	{"PATCH", "/connection/:id/metadata"},
	{"GET", "/integrations"},
	{"POST", "/integrations"},
	{"DELETE", "/integrations/:key"},
};

/* Matches a path (no query) against a pattern, any case, one trailing
 * slash allowed. */
static int nd_match(const char *pat, const char *path, size_t n)
{
	if (n > 1 && path[n - 1] == '/')
		n--;
	while (*pat) {
		size_t pl, sl;
		const char *q;
		if (*pat != '/' || n == 0 || *path != '/')
			return 0;
		pat++;
		path++;
		n--;
		pl = strcspn(pat, "/");
		q = memchr(path, '/', n);
		sl = q ? (size_t)(q - path) : n;
		if (*pat == ':') {
			if (sl == 0)
				return 0;
		} else if (pl != sl || strncasecmp(pat, path, pl)) {
			return 0;
		}
		pat += pl;
		path += sl;
		n -= sl;
	}
	return n == 0;
}

void nd_route_label(char *out, size_t n, const char *method, const char *path)
{
	size_t len = strcspn(path, "?"), i;
	const char *m = !strcmp(method, "HEAD") ? "GET" : method;
	if (!strcmp(method, "OPTIONS")) {
		snprintf(out, n, "OPTIONS (preflight)");
		return;
	}
	for (i = 0; i < sizeof(nd_patterns) / sizeof(nd_patterns[0]); i++) {
		if (!strcmp(nd_patterns[i][0], m) &&
		    nd_match(nd_patterns[i][1], path, len)) {
			snprintf(out, n, "%s %s", method, nd_patterns[i][1]);
			return;
		}
	}
	snprintf(out, n, "%s (unrouted)", method);
}
