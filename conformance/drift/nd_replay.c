/*
 * nd_replay.c: episodes from files.
 *
 * A conformance case (a file in fixtures/cases) is one episode: its
 * integration ("provider", made as {{KEY}}), its setup steps (JSON bodies,
 * sent with the key and a JSON content type), its request (raw body and
 * headers as written) and its "then" follow-ups.
 *
 * A request-journal export is one episode of all its requests, in order:
 *   {"requests":[{"method":"POST","path":"/connection?x=1",
 *                 "headers":{"Authorization":"Bearer ****0b11",...},
 *                 "body":"{...}"}, ...]}
 * "headers" may also be a list of "Name: value" lines; "body" is the raw
 * text, absent (or null) for none; other members are ignored. An
 * Authorization value whose key was masked (it holds '*' or '\u2026') gets
 * each side's key; Host, Content-Length, Connection, Transfer-Encoding,
 * Expect and Accept-Encoding are dropped (libcurl writes its own), and so
 * are requests to the mock's own /__admin/ API.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "nd.h"

static char *nd_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	nj_buf b = NJ_BUF_INIT;
	char chunk[8192];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(&b, chunk, n);
	fclose(f);
	if (b.len == 0)
		nj_buf_put(&b, "", 0);
	return nj_buf_take(&b, len);
}

static nd_episode *nd_list_add(nd_episode_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		nd_episode *n = realloc(l->items, cap * sizeof(*n));
		if (!n)
			return NULL;
		l->items = n;
		l->cap = cap;
	}
	memset(&l->items[l->n], 0, sizeof(l->items[0]));
	return &l->items[l->n++];
}

void nd_episode_list_clear(nd_episode_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		nd_episode_clear(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* A case's setup step: JSON body value, standard headers. */
static int nd_case_setup(nd_episode *e, const nj_value *s)
{
	static const char *const hs[] = {"Authorization: Bearer {{SECRET}}",
					 "Content-Type: application/json", NULL};
	const nj_value *body = nj_object_get(s, "body");
	nj_buf b = NJ_BUF_INIT;
	nd_req *r;
	if (body)
		nj_buf_value(&b, body);
	r = nd_add(e, nj_get_string(s, "method") ? nj_get_string(s, "method")
						 : "GET",
		   nj_get_string(s, "path") ? nj_get_string(s, "path") : "/",
		   hs, body ? (b.ptr ? b.ptr : "") : NULL, b.len);
	nj_buf_free(&b);
	return r ? 0 : -1;
}

/* A case's request: headers as "Name: value" lines, raw body. */
static int nd_case_request(nd_episode *e, const nj_value *q)
{
	const nj_value *hs = nj_object_get(q, "headers");
	const nj_value *body = nj_object_get(q, "body");
	nd_req *r;
	size_t i;
	if (!q)
		return 0;
	r = nd_add(e, nj_get_string(q, "method") ? nj_get_string(q, "method")
						 : "GET",
		   nj_get_string(q, "path") ? nj_get_string(q, "path") : "/",
		   NULL, body && body->type == NJ_STRING ? body->str : NULL,
		   body && body->type == NJ_STRING ? body->len : 0);
	if (!r)
		return -1;
	for (i = 0; hs && hs->type == NJ_ARRAY && i < hs->len; i++)
		if (hs->items[i]->type == NJ_STRING &&
		    nd_req_header(r, hs->items[i]->str))
			return -1;
	return 0;
}

static int nd_load_case(nd_episode *e, const nj_value *c, const char *path)
{
	const nj_value *setup = nj_object_get(c, "setup");
	const nj_value *then = nj_object_get(c, "then");
	const char *slash = strrchr(path, '/');
	const char *provider = nj_get_string(c, "provider");
	char buf[1200];
	size_t i;
	snprintf(buf, sizeof(buf), "cases/%s", slash ? slash + 1 : path);
	e->name = strdup(buf);
	snprintf(buf, sizeof(buf), "replay %s", path);
	e->replay = strdup(buf);
	if (!e->name || !e->replay ||
	    (provider && !(e->provider = strdup(provider))))
		return -1;
	for (i = 0; setup && setup->type == NJ_ARRAY && i < setup->len; i++)
		if (nd_case_setup(e, setup->items[i]))
			return -1;
	if (nd_case_request(e, nj_object_get(c, "request")))
		return -1;
	for (i = 0; then && then->type == NJ_ARRAY && i < then->len; i++)
		if (nd_case_request(e, nj_object_get(then->items[i], "request")))
			return -1;
	return 0;
}

/* --- journals ------------------------------------------------------------ */

static int nd_dropped_header(const char *name, size_t n)
{
	static const char *const drop[] = {"Host", "Content-Length", "Connection",
					   "Transfer-Encoding", "Expect",
					   "Accept-Encoding", NULL};
	size_t i;
	for (i = 0; drop[i]; i++)
		if (strlen(drop[i]) == n && !strncasecmp(drop[i], name, n))
			return 1;
	return 0;
}

/* Adds "name: value", with a masked key in Authorization made {{SECRET}}. */
static int nd_journal_header(nd_req *r, const char *name, size_t nl,
			     const char *value)
{
	nj_buf b = NJ_BUF_INIT;
	int rc;
	if (nd_dropped_header(name, nl))
		return 0;
	nj_buf_put(&b, name, nl);
	nj_buf_puts(&b, ": ");
	if (nl == 13 && !strncasecmp(name, "Authorization", 13) &&
	    (strchr(value, '*') || strstr(value, "\xe2\x80\xa6"))) {
		const char *p, *secret = value;
		for (p = strstr(value, "Bearer "); p; p = strstr(p + 1, "Bearer "))
			secret = p + 7;
		nj_buf_put(&b, value, (size_t)(secret - value));
		nj_buf_puts(&b, "{{SECRET}}");
	} else {
		nj_buf_puts(&b, value);
	}
	rc = b.ptr ? nd_req_header(r, b.ptr) : -1;
	nj_buf_free(&b);
	return rc;
}

static int nd_journal_request(nd_episode *e, const nj_value *q)
{
	const char *method = nj_get_string(q, "method");
	const char *path = nj_get_string(q, "path");
	const nj_value *hs = nj_object_get(q, "headers");
	const nj_value *body = nj_object_get(q, "body");
	nd_req *r;
	size_t i;
	if (!method || !path)
		return -1;
	if (!strncmp(path, "/__admin", 8))
		return 0;
	r = nd_add(e, method, path, NULL,
		   body && body->type == NJ_STRING ? body->str : NULL,
		   body && body->type == NJ_STRING ? body->len : 0);
	if (!r)
		return -1;
	for (i = 0; hs && hs->type == NJ_OBJECT && i < hs->len; i++) {
		const nj_member *m = hs->members[i];
		if (m->value->type == NJ_STRING &&
		    nd_journal_header(r, m->key, m->key_len, m->value->str))
			return -1;
	}
	for (i = 0; hs && hs->type == NJ_ARRAY && i < hs->len; i++) {
		const char *line = hs->items[i]->str;
		const char *colon = line ? strchr(line, ':') : NULL;
		if (!colon)
			continue;
		if (nd_journal_header(r, line, (size_t)(colon - line),
				      colon + 1 + strspn(colon + 1, " ")))
			return -1;
	}
	return 0;
}

static int nd_load_journal(nd_episode *e, const nj_value *reqs,
			   const char *path, char *err, size_t err_n)
{
	char buf[1200];
	size_t i;
	snprintf(buf, sizeof(buf), "journal %s", path);
	e->name = strdup(buf);
	snprintf(buf, sizeof(buf), "replay %s", path);
	e->replay = strdup(buf);
	if (!e->name || !e->replay)
		return -1;
	for (i = 0; i < reqs->len; i++) {
		if (nd_journal_request(e, reqs->items[i])) {
			snprintf(err, err_n, "%s: request %zu has no method or "
				 "path", path, i);
			return -1;
		}
	}
	return 0;
}

/* --- files and folders ----------------------------------------------------- */

static int nd_load_file(nd_episode_list *out, const char *path,
			int include_mock_only, char *err, size_t err_n)
{
	size_t len;
	char *text = nd_read_file(path, &len);
	nj_value *v = NULL;
	nj_error je;
	const nj_value *reqs;
	const char *only;
	nd_episode *e;
	int rc = -1;
	if (!text) {
		snprintf(err, err_n, "%s: cannot read", path);
		return -1;
	}
	if (nj_parse(&v, text, len, &je) != NJ_OK || v->type != NJ_OBJECT) {
		snprintf(err, err_n, "%s: not a JSON object", path);
		goto done;
	}
	reqs = nj_object_get(v, "requests");
	only = nj_get_string(v, "only");
	if (!reqs && only && !strcmp(only, "mock") && !include_mock_only) {
		out->skipped++;
		rc = 0;
		goto done;
	}
	/* a case that reads the whole environment (GET /integrations) can
	 * only be compared between servers whose environments hold the same
	 * things: not against a shared Nango. Same flag as mock-only. */
	only = nj_get_string(v, "scope");
	if (!reqs && only && !strcmp(only, "environment") &&
	    !include_mock_only) {
		out->skipped_env++;
		rc = 0;
		goto done;
	}
	if (!(e = nd_list_add(out)))
		goto done;
	if (reqs && reqs->type == NJ_ARRAY)
		rc = nd_load_journal(e, reqs, path, err, err_n);
	else if (nj_object_get(v, "request"))
		rc = nd_load_case(e, v, path);
	else
		snprintf(err, err_n, "%s: neither a case (\"request\") nor a "
			 "journal (\"requests\")", path);
	if (rc && !err[0])
		snprintf(err, err_n, "%s: out of memory", path);
done:
	nj_free(v);
	free(text);
	return rc;
}

static int nd_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int nd_replay_load(nd_episode_list *out, const char *path,
		   int include_mock_only, char *err, size_t err_n)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;
	err[0] = '\0';
	if (stat(path, &st)) {
		snprintf(err, err_n, "%s: no such file or folder", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return nd_load_file(out, path, include_mock_only, err, err_n);
	if (!(d = opendir(path))) {
		snprintf(err, err_n, "%s: cannot open", path);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char *full;
		if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap ? cap * 2 : 64) * sizeof(*nn));
			if (!nn)
				break;
			names = nn;
			cap = cap ? cap * 2 : 64;
		}
		full = malloc(strlen(path) + l + 2);
		if (!full)
			break;
		sprintf(full, "%s/%s", path, de->d_name);
		names[n++] = full;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), nd_cmp_str);
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = nd_load_file(out, names[i], include_mock_only, err,
					  err_n);
		free(names[i]);
	}
	free(names);
	return rc;
}
