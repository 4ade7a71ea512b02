/*
 * test_cases.c: runs every case file in fixtures/cases as one parameterised
 * Criterion test. A failure names the case file and its spec section.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nc_support.h"

#ifndef NC_CASES_DIR
#define NC_CASES_DIR "fixtures/cases"
#endif

/* The cases' folder: NANGO_TEST_CASES_DIR, else the one built in. */
static const char *nc_cases_dir(void)
{
	const char *d = getenv("NANGO_TEST_CASES_DIR");
	return d && *d ? d : NC_CASES_DIR;
}

/*
 * One case file, or (error 1) the reason the cases could not be listed:
 * then the single parameter fails, so a wrong or empty directory can
 * never pass as a run of zero cases.
 */
typedef struct {
	char file[256]; /* or, when error is 1, why there are no cases */
	int error;
} nc_case_param;

static int nc_cmp(const void *a, const void *b)
{
	return strcmp(((const nc_case_param *)a)->file,
		      ((const nc_case_param *)b)->file);
}

/* A one-parameter list that fails with the message given. */
static nc_case_param *nc_listing_error(size_t *n, const char *fmt,
				       const char *arg)
{
	nc_case_param *p = cr_calloc(1, sizeof(*p));
	snprintf(p->file, sizeof(p->file), fmt, nc_cases_dir(), arg);
	p->error = 1;
	*n = 1;
	return p;
}

/* 1 when name is a case file's name (*.json). */
static int nc_is_case(const char *name)
{
	size_t len = strlen(name);
	return len > 5 && !strcmp(name + len - 5, ".json");
}

/*
 * Every *.json of the cases' folder, sorted; or one error parameter. Two
 * passes (count, then fill) so the array is exactly as large as the folder:
 * nothing is dropped, whatever the number of cases.
 */
static nc_case_param *nc_list_cases(size_t *n)
{
	DIR *d = opendir(nc_cases_dir());
	struct dirent *e;
	nc_case_param *params;
	size_t count = 0;
	*n = 0;
	if (!d)
		return nc_listing_error(n, "cannot open %s: %s", strerror(errno));
	while ((e = readdir(d)) != NULL)
		count += (size_t)nc_is_case(e->d_name);
	if (count == 0) {
		closedir(d);
		return nc_listing_error(n, "no case files (*.json) in %s%s", "");
	}
	params = cr_calloc(count, sizeof(*params));
	rewinddir(d);
	while ((e = readdir(d)) != NULL && *n < count) {
		if (!nc_is_case(e->d_name))
			continue;
		if (strlen(e->d_name) >= sizeof(params->file)) {
			closedir(d);
			cr_free(params);
			return nc_listing_error(n, "%s: case file name too long: %s",
						e->d_name);
		}
		strcpy(params[(*n)++].file, e->d_name);
	}
	closedir(d);
	qsort(params, *n, sizeof(*params), nc_cmp);
	return params;
}

ParameterizedTestParameters(cases, fixture)
{
	size_t n;
	nc_case_param *params = nc_list_cases(&n);
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
	snprintf(path, sizeof(path), "%s/%s", nc_cases_dir(), file);
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
static void nc_run_case(const char *file)
{
	nj_value *c = nc_load(file);
	const nj_value *then = nj_object_get(c, "then");
	const char *provider = nj_get_string(c, "provider");
	const char *spec = nj_get_string(c, "spec");
	const char *only = nj_get_string(c, "only");
	char key[64], id[64];
	size_t i;

	if (only && !strcmp(only, "mock") && !nc_target_is_mock())
		NC_SKIP("%s: mock-only case (%s)", file,
			nj_get_string(c, "why"));
	nc_unique(key, sizeof(key), "ck-");
	nc_unique(id, sizeof(id), "cid-");
	if (provider)
		cr_assert_eq(nc_integration(key, provider), 0,
			     "%s: cannot create integration %s", file, key);
	nc_setup(nj_object_get(c, "setup"), file, key, id);
	nc_exchange(file, spec, nj_object_get(c, "request"),
		    nj_object_get(c, "expect"), key, id);
	for (i = 0; then && i < then->len; i++)
		nc_exchange(file, spec,
			    nj_object_get(then->items[i], "request"),
			    nj_object_get(then->items[i], "expect"), key, id);
	if (provider)
		nc_integration_delete(key);
	nj_free(c);
}

ParameterizedTest(nc_case_param *p, cases, fixture)
{
	if (p->error)
		cr_assert_fail("%s", p->file);
	nc_run_case(p->file);
}
