/*
 * test_cases.c: runs every case file in fixtures/cases as one parameterised
 * Criterion test. A failure names the case file and its spec section.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nc_support.h"

#ifndef NC_CASES_DIR
#define NC_CASES_DIR "fixtures/cases"
#endif

typedef struct {
	char file[256];
} nc_case_param;

static int nc_cmp(const void *a, const void *b)
{
	return strcmp(((const nc_case_param *)a)->file,
		      ((const nc_case_param *)b)->file);
}

ParameterizedTestParameters(cases, fixture)
{
	DIR *d = opendir(NC_CASES_DIR);
	struct dirent *e;
	nc_case_param *params;
	size_t n = 0, cap = 512;
	params = cr_malloc(cap * sizeof(*params));
	while (d && (e = readdir(d)) != NULL && n < cap) {
		size_t len = strlen(e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
			snprintf(params[n].file, sizeof(params[n].file), "%s",
				 e->d_name);
			n++;
		}
	}
	if (d)
		closedir(d);
	qsort(params, n, sizeof(*params), nc_cmp);
	return cr_make_param_array(nc_case_param, params, n);
}

static nj_value *nc_load(const char *file)
{
	char path[512];
	FILE *f;
	nj_buf b = NJ_BUF_INIT;
	char chunk[4096];
	size_t n;
	nj_value *v = NULL;
	snprintf(path, sizeof(path), "%s/%s", NC_CASES_DIR, file);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open case %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(&b, chunk, n);
	fclose(f);
	cr_assert_eq(nj_parse(&v, b.ptr, b.len, NULL), NJ_OK, "bad JSON in %s",
		     path);
	nj_buf_free(&b);
	return v;
}

/* Runs the setup requests; each must succeed (2xx). */
static void nc_setup(const nj_value *steps, const char *file, const char *key,
		     const char *id)
{
	size_t i;
	for (i = 0; steps && i < steps->len; i++) {
		const nj_value *s = steps->items[i];
		nj_buf body = NJ_BUF_INIT;
		char *path = nc_subst(nj_get_string(s, "path"), key, id);
		char *text;
		nc_response r;
		nj_buf_value(&body, nj_object_get(s, "body"));
		text = nc_subst(body.ptr, key, id);
		cr_assert_eq(nc_api(&r, nj_get_string(s, "method"), path,
				    nj_object_get(s, "body") ? text : NULL), 0);
		cr_assert(r.status >= 200 && r.status < 300,
			  "%s: setup step %zu (%s %s) got %ld: %s", file, i,
			  nj_get_string(s, "method"), path, r.status, r.body);
		nc_response_free(&r);
		free(path);
		free(text);
		nj_buf_free(&body);
	}
}

static int nc_regex(const char *s, const char *rx)
{
	regex_t re;
	int ok;
	if (regcomp(&re, rx, REG_EXTENDED | REG_NOSUB))
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static void nc_check(const nj_value *expect, const nc_response *r,
		     const char *file, const char *spec, const char *req,
		     const char *key, const char *id)
{
	const nj_value *st = nj_object_get(expect, "status");
	const char *body = nj_get_string(expect, "body");
	const char *rx = nj_get_string(expect, "body_regex");
	const nj_value *hs = nj_object_get(expect, "headers");
	size_t i;
	cr_expect_eq(r->status, (long)st->num,
		     "%s (%s)\n  request: %s\n  expected status %g, got %ld\n"
		     "  body: %.400s", file, spec, req, st->num, r->status,
		     r->body);
	if (body) {
		char *want = nc_subst(body, key, id);
		cr_expect_str_eq(r->body, want,
				 "%s (%s)\n  request: %s\n  expected body: %.600s"
				 "\n  actual body:   %.600s", file, spec, req,
				 want, r->body);
		free(want);
	}
	if (rx) {
		char *want = nc_subst(rx, key, id);
		cr_expect(nc_regex(r->body, want),
			  "%s (%s)\n  request: %s\n  body must match: %.600s\n"
			  "  actual body: %.600s", file, spec, req, want, r->body);
		free(want);
	}
	for (i = 0; hs && i < hs->len; i++) {
		const nj_member *m = hs->members[i];
		char *got = nc_header(r, m->key);
		if (m->value->type == NJ_NULL)
			cr_expect_null(got, "%s (%s): header %s must be absent",
				       file, spec, m->key);
		else
			cr_expect(got && !strcmp(got, m->value->str),
				  "%s (%s): header %s: expected '%s', got '%s'",
				  file, spec, m->key, m->value->str,
				  got ? got : "(absent)");
		free(got);
	}
}

/* Sends one request of a case and checks what came back against expect. */
static void nc_exchange(const char *file, const char *spec,
			const nj_value *req, const nj_value *expect,
			const char *key, const char *id)
{
	const nj_value *hs = nj_object_get(req, "headers");
	const char *raw = nj_get_string(req, "body");
	char *path, *body = NULL, reqline[600];
	const char *headers[32];
	char *owned[32];
	size_t i, nh = 0;
	nc_response r;

	path = nc_subst(nj_get_string(req, "path"), key, id);
	for (i = 0; hs && i < hs->len && nh < 31; i++)
		headers[nh] = owned[nh] = nc_subst(hs->items[i]->str, key, id),
		nh++;
	headers[nh] = NULL;
	if (raw)
		body = nc_subst(raw, key, id);
	snprintf(reqline, sizeof(reqline), "%s %s%s%.200s",
		 nj_get_string(req, "method"), path, body ? " body " : "",
		 body ? body : "");
	cr_assert_eq(nc_request(&r, nj_get_string(req, "method"), path, headers,
				body, body ? strlen(body) : 0), 0,
		     "%s: transport error for %s", file, reqline);
	nc_check(expect, &r, file, spec, reqline, key, id);
	nc_response_free(&r);
	for (i = 0; i < nh; i++)
		free(owned[i]);
	free(path);
	free(body);
}

/*
 * A case: optional integration (provider) and setup steps, the request and
 * its expectations, then optional follow-up exchanges ("then": [{request,
 * expect}]) that read back what the request changed.
 */
ParameterizedTest(nc_case_param *p, cases, fixture)
{
	nj_value *c = nc_load(p->file);
	const nj_value *then = nj_object_get(c, "then");
	const char *provider = nj_get_string(c, "provider");
	const char *spec = nj_get_string(c, "spec");
	const char *only = nj_get_string(c, "only");
	char key[64], id[64];
	size_t i;

	if (only && !strcmp(only, "mock") && !nc_target_is_mock())
		NC_SKIP("%s: mock-only case (%s)", p->file,
			nj_get_string(c, "why"));
	nc_unique(key, sizeof(key), "ck-");
	nc_unique(id, sizeof(id), "cid-");
	if (provider)
		cr_assert_eq(nc_integration(key, provider), 0,
			     "%s: cannot create integration %s", p->file, key);
	nc_setup(nj_object_get(c, "setup"), p->file, key, id);
	nc_exchange(p->file, spec, nj_object_get(c, "request"),
		    nj_object_get(c, "expect"), key, id);
	for (i = 0; then && i < then->len; i++)
		nc_exchange(p->file, spec,
			    nj_object_get(then->items[i], "request"),
			    nj_object_get(then->items[i], "expect"), key, id);
	if (provider)
		nc_integration_delete(key);
	nj_free(c);
}
