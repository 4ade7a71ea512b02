/*
 * test_drift.c: nango-drift's normaliser and comparer, on answer pairs
 * recorded from nango-mock (a) and a live Nango 0.71.4 (b) with
 * `nango-drift --record` (drift/pairs/), and on small made-up answers.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"
#include "nd_compare.h"
#include "nd_norm.h"

#ifndef ND_PAIRS_DIR
#define ND_PAIRS_DIR "conformance/drift/pairs"
#endif

/* --- recorded pairs ------------------------------------------------------ */

typedef struct {
	char file[256];
} nd_pair_param;

static int nd_cmp_param(const void *a, const void *b)
{
	return strcmp(((const nd_pair_param *)a)->file,
		      ((const nd_pair_param *)b)->file);
}

ParameterizedTestParameters(pairs, recorded)
{
	DIR *d = opendir(ND_PAIRS_DIR);
	struct dirent *e;
	nd_pair_param *p = cr_malloc(64 * sizeof(*p));
	size_t n = 0;
	while (d && (e = readdir(d)) != NULL && n < 64) {
		size_t l = strlen(e->d_name);
		if (l > 5 && !strcmp(e->d_name + l - 5, ".json"))
			snprintf(p[n++].file, sizeof(p[0].file), "%s", e->d_name);
	}
	if (d)
		closedir(d);
	qsort(p, n, sizeof(*p), nd_cmp_param);
	return cr_make_param_array(nd_pair_param, p, n);
}

static nj_value *nd_load(const char *file)
{
	char path[512], chunk[8192];
	nj_buf b = NJ_BUF_INIT;
	nj_value *v = NULL;
	size_t n;
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", ND_PAIRS_DIR, file);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(&b, chunk, n);
	fclose(f);
	cr_assert_eq(nj_parse(&v, b.ptr, b.len, NULL), NJ_OK, "bad JSON: %s",
		     path);
	nj_buf_free(&b);
	return v;
}

/* A side of a recorded pair: its normaliser and its answer. */
static void nd_side_of(const nj_value *s, nd_norm **norm, nd_answer *a)
{
	const nj_value *pub = nj_object_get(s, "public");
	const nj_value *win = nj_object_get(s, "windows");
	const nj_value *sent = nj_object_get(s, "sent");
	const nj_value *body = nj_object_get(s, "body");
	const char *urls[8];
	size_t i, n = 0;
	for (i = 0; pub && i < pub->len && n < 7; i++)
		urls[n++] = pub->items[i]->str;
	urls[n] = NULL;
	cr_assert_eq(nd_norm_new(norm, nj_get_string(s, "secret"), urls), 0);
	for (i = 0; win && i < win->len; i++)
		nd_norm_window(*norm, win->items[i]->items[0]->num,
			       win->items[i]->items[1]->num);
	nd_norm_sent(*norm, sent->str, sent->len);
	memset(a, 0, sizeof(*a));
	a->ok = 1;
	a->status = (long)nj_object_get(s, "status")->num;
	snprintf(a->reason, sizeof(a->reason), "%s", nj_get_string(s, "reason"));
	a->headers = strdup(nj_get_string(s, "headers"));
	a->body = malloc(body->len + 1);
	memcpy(a->body, body->str, body->len + 1);
	a->body_len = body->len;
}

ParameterizedTest(nd_pair_param *p, pairs, recorded)
{
	nj_value *v = nd_load(p->file);
	const nj_value *expect = nj_object_get(v, "expect");
	nd_norm *na, *nb;
	nd_answer a, b;
	nd_diff d;
	nd_side_of(nj_object_get(v, "a"), &na, &a);
	nd_side_of(nj_object_get(v, "b"), &nb, &b);
	cr_assert_eq(nd_compare(&d, nj_get_string(v, "method"), &a, &b, na, nb),
		     0);
	cr_expect_eq(d.differs, nj_object_get(expect, "differs")->type == NJ_TRUE,
		     "%s (%s): differs=%d, cause '%s'\n a: %.300s\n b: %.300s",
		     p->file, nj_get_string(v, "what"), d.differs, d.cause,
		     d.a_body + (d.a_at > 100 ? d.a_at - 100 : 0),
		     d.b_body + (d.b_at > 100 ? d.b_at - 100 : 0));
	if (d.differs)
		cr_expect_str_eq(d.cause, nj_get_string(expect, "cause"), "%s",
				 p->file);
	nd_diff_clear(&d);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
	nd_norm_free(na);
	nd_norm_free(nb);
	nj_free(v);
}

/* --- the normaliser on made-up text --------------------------------------- */

#define T0 1795920000.0 /* 2026-11-29T02:40:00Z */

static char *nd_norm_of(nd_norm *n, const char *text)
{
	size_t len;
	char *x = nd_norm_text(n, text, strlen(text), &len);
	char *p = nd_norm_printable(x, len);
	free(x);
	return p;
}

static nd_norm *nd_norm_with_windows(void)
{
	static const char *const urls[] = {"http://127.0.0.1:3003",
					   "http://localhost:3003", NULL};
	nd_norm *n;
	cr_assert_eq(nd_norm_new(&n, "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11",
				 urls), 0);
	nd_norm_window(n, T0 + 0.100, T0 + 0.110); /* r0 */
	nd_norm_window(n, T0 + 0.200, T0 + 0.210); /* r1 */
	return n;
}

Test(normaliser, server_ids_become_counters_in_order_of_first_sight)
{
	nd_norm *n = nd_norm_with_windows();
	char *x = nd_norm_of(n, "{\"id\":17,\"x\":{\"id\":17},\"y\":[{\"id\":4}],"
				"\"id2\":5,\"id\":\"u1\"}");
	cr_expect_str_eq(x, "{\"id\":<<id:1>>,\"x\":{\"id\":<<id:1>>},\"y\":[{\"id\""
			    ":<<id:2>>}],\"id2\":5,\"id\":\"u1\"}");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, uuids_the_client_sent_stay_and_others_become_counters)
{
	nd_norm *n = nd_norm_with_windows();
	char *x;
	nd_norm_sent(n, "{\"connection_id\":\"0d3f1c55-1111-4222-8333-444455556666\"}",
		     55);
	x = nd_norm_of(n, "0d3f1c55-1111-4222-8333-444455556666 "
			  "9a8b7c6d-aaaa-4bbb-8ccc-ddddeeeeffff "
			  "9A8B7C6D-AAAA-4BBB-8CCC-DDDDEEEEFFFF "
			  "12345678-aaaa-4bbb-8ccc-ddddeeeeffff");
	cr_expect_str_eq(x, "0d3f1c55-1111-4222-8333-444455556666 <<uuid:1>> "
			    "<<uuid:1>> <<uuid:2>>");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, timestamps_are_classed_by_the_request_whose_time_they_are)
{
	nd_norm *n = nd_norm_with_windows();
	/* T0+0.1049 written to the ms, T0+0.2051 to the µs, one in Z form */
	char *x = nd_norm_of(n, "2026-11-29T02:40:00.104+00:00 "
				"2026-11-29T02:40:00.205123+00:00 "
				"2026-11-29T02:40:00.2Z "
				"2026-11-29T02:40:00.199Z");
	cr_expect_str_eq(x, "<<ts:r0:3:+00:00>> <<ts:r1:6:+00:00>> "
			    "<<ts:r1:1:Z>> <<ts:r1:3:Z>>");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, an_expiry_whole_seconds_after_a_request_keeps_its_offset)
{
	nd_norm *n = nd_norm_with_windows();
	char *x = nd_norm_of(n, "\"2026-11-29T03:40:00.105Z\"");
	cr_expect_str_eq(x, "\"<<ts:r0+3600s:3:Z>>\"");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, far_and_client_sent_timestamps_stay_as_written)
{
	nd_norm *n = nd_norm_with_windows();
	char *x;
	nd_norm_sent(n, "\"expires_at\":\"2026-11-29T02:40:00.105Z\"", 38);
	x = nd_norm_of(n, "2099-01-01T00:00:00.000Z 2026-11-29T02:40:00.105Z");
	cr_expect_str_eq(x, "2099-01-01T00:00:00.000Z 2026-11-29T02:40:00.105Z");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, own_base_url_and_key_become_placeholders)
{
	nd_norm *n = nd_norm_with_windows();
	char *x = nd_norm_of(n, "{\"logo\":\"http://localhost:3003/images/a.svg\","
				"\"k\":\"5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11\"}");
	cr_expect_str_eq(x, "{\"logo\":\"<<base>>/images/a.svg\",\"k\":\"<<secret>>\"}");
	free(x);
	nd_norm_free(n);
}

Test(normaliser, fraction_digits_compare_by_shape)
{
#define EQ(a, b) nd_norm_ts_equal(a, strlen(a), b, strlen(b))
	cr_expect(EQ("ts:r0:3:+00:00", "ts:r0:3z:+00:00"));
	cr_expect(EQ("ts:r0:6:+00:00", "ts:r0:5:+00:00"), "µs, zeros dropped");
	cr_expect(EQ("ts:r0:3:+00:00", "ts:r0:2:+00:00"), "ms, zeros dropped");
	cr_expect(EQ("ts:r0:6:+00:00", "ts:r0:3:+00:00"), ".123000 dropped");
	cr_expect(!EQ("ts:r0:3z:+00:00", "ts:r0:2:+00:00"), ".480 is not .48");
	cr_expect(!EQ("ts:r0:6:+00:00", "ts:r0:3z:+00:00"), "fixed ms vs µs");
	cr_expect(!EQ("ts:r0:3:Z", "ts:r0:3:+00:00"), "zone text");
	cr_expect(!EQ("ts:r0:3:Z", "ts:r1:3:Z"), "another request");
	cr_expect(EQ("ts:r0:0:Z", "ts:r0:3:Z"), ".000 with its zeros dropped");
	cr_expect(!EQ("ts:r0:0:Z", "ts:r0:3z:Z"), "fixed width vs none");
#undef EQ
}

/* --- the comparer on made-up answers ---------------------------------------- */

static void nd_fake(nd_answer *a, long status, const char *reason,
		    const char *headers, const char *body)
{
	memset(a, 0, sizeof(*a));
	a->ok = 1;
	a->status = status;
	snprintf(a->reason, sizeof(a->reason), "%s", reason);
	a->headers = strdup(headers);
	a->body = strdup(body);
	a->body_len = strlen(body);
}

/* Compares two answers with fresh normalisers; returns the verdict. */
static int nd_verdict(nd_diff *d, const char *method, const nd_answer *a,
		      const nd_answer *b)
{
	nd_norm *na = nd_norm_with_windows(), *nb = nd_norm_with_windows();
	int differs;
	cr_assert_eq(nd_compare(d, method, a, b, na, nb), 0);
	differs = d->differs;
	nd_norm_free(na);
	nd_norm_free(nb);
	return differs;
}

#define H_JSON "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"

Test(comparer, key_order_is_part_of_the_body)
{
	nd_answer a, b;
	nd_diff d;
	nd_fake(&a, 200, "OK", H_JSON "\r\n", "{\"m\":{\"a\":1,\"bb\":2}}");
	nd_fake(&b, 200, "OK", H_JSON "\r\n", "{\"m\":{\"bb\":2,\"a\":1}}");
	cr_expect(nd_verdict(&d, "GET", &a, &b));
	cr_expect_str_eq(d.cause, "body at .m.<key> (status 200)");
	nd_diff_clear(&d);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
}

Test(comparer, status_and_reason_are_named)
{
	nd_answer a, b;
	nd_diff d;
	nd_fake(&a, 400, "Bad Request", H_JSON "\r\n", "{}");
	nd_fake(&b, 404, "Not Found", H_JSON "\r\n", "{}");
	cr_expect(nd_verdict(&d, "GET", &a, &b));
	cr_expect_str_eq(d.cause, "status 400 vs 404");
	nd_diff_clear(&d);
	nd_answer_clear(&b);
	nd_fake(&b, 400, "Bad request", H_JSON "\r\n", "{}");
	cr_expect(nd_verdict(&d, "GET", &a, &b));
	cr_expect_str_eq(d.cause, "reason phrase");
	nd_diff_clear(&d);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
}

Test(comparer, headers_that_matter_are_compared_and_the_rest_by_presence)
{
	nd_answer a, b;
	nd_diff d;
	nd_fake(&a, 204, "No Content",
		"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Headers: A, B\r\n"
		"Content-Security-Policy-Report-Only: default-src x\r\n"
		"Date: Sun, 29 Nov 2026 02:33:01 GMT\r\n\r\n", "");
	nd_fake(&b, 204, "No Content",
		"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Headers: A,B\r\n"
		"Content-Security-Policy-Report-Only: default-src y\r\n"
		"Date: Sun, 29 Nov 2026 02:34:07 GMT\r\n\r\n", "");
	cr_expect(!nd_verdict(&d, "OPTIONS", &a, &b), "%s", d.cause);
	nd_diff_clear(&d);
	nd_answer_clear(&b);
	nd_fake(&b, 204, "No Content",
		"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Headers: A, C\r\n"
		"Content-Security-Policy-Report-Only: default-src y\r\n"
		"Date: Sun, 29 Nov 2026 02:34:07 GMT\r\n\r\n", "");
	cr_expect(nd_verdict(&d, "OPTIONS", &a, &b));
	cr_expect_str_eq(d.cause, "header Access-Control-Allow-Headers");
	nd_diff_clear(&d);
	nd_answer_clear(&b);
	nd_fake(&b, 204, "No Content",
		"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Headers: A, B\r\n"
		"Content-Security-Policy-Report-Only: default-src y\r\n"
		"Date: Sun, 29 Nov 2026 02:34:07 GMT\r\nVary: Origin\r\n\r\n", "");
	cr_expect(nd_verdict(&d, "OPTIONS", &a, &b));
	cr_expect_str_eq(d.cause, "header Vary");
	nd_diff_clear(&d);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
}

Test(comparer, length_and_etag_must_fit_each_sides_own_body)
{
	nd_answer a, b;
	nd_diff d;
	nd_fake(&a, 200, "OK", H_JSON "Content-Length: 2\r\n"
		"ETag: W/\"2-l9Fw4VUO7kr8CvBlt4zaMCqXZ0w\"\r\n\r\n", "{}");
	nd_fake(&b, 200, "OK", H_JSON "Content-Length: 3\r\n"
		"ETag: W/\"2-l9Fw4VUO7kr8CvBlt4zaMCqXZ0w\"\r\n\r\n", "{}");
	cr_expect(nd_verdict(&d, "GET", &a, &b));
	cr_expect_str_eq(d.cause,
			 "header Content-Length on b is not its body's length");
	nd_diff_clear(&d);
	nd_answer_clear(&b);
	nd_fake(&b, 200, "OK", H_JSON "Content-Length: 2\r\n"
		"ETag: W/\"3-l9Fw4VUO7kr8CvBlt4zaMCqXZ0w\"\r\n\r\n", "{}");
	cr_expect(nd_verdict(&d, "GET", &a, &b));
	cr_expect_str_eq(d.cause, "header ETag on b does not fit its body");
	nd_diff_clear(&d);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
}

Test(comparer, json_path_names_where_bodies_part)
{
	char path[100];
	const char *t = "{\"error\":{\"errors\":[{\"a\":1},{\"message\":\"x\"}]}}";
	nd_json_path(t, (size_t)(strstr(t, "\"x\"") - t), path, sizeof(path));
	cr_expect_str_eq(path, ".error.errors[1].message");
	nd_json_path("<html>", 2, path, sizeof(path));
	cr_expect_str_eq(path, "");
}

Test(generator, the_same_seed_gives_the_same_requests)
{
	long i;
	for (i = 0; i < 200; i++) {
		nd_episode x, y;
		nj_buf bx = NJ_BUF_INIT, by = NJ_BUF_INIT;
		cr_assert_eq(nd_generate(&x, 42, i), 0);
		cr_assert_eq(nd_generate(&y, 42, i), 0);
		cr_assert(x.n >= 1 && x.n <= 6, "episode %ld has %zu requests",
			  i, x.n);
		nd_episode_print(&x, &bx);
		nd_episode_print(&y, &by);
		cr_assert(bx.len == by.len && !memcmp(bx.ptr, by.ptr, bx.len),
			  "episode %ld differs between two generations", i);
		nj_buf_free(&bx);
		nj_buf_free(&by);
		nd_episode_clear(&x);
		nd_episode_clear(&y);
	}
}

/* The requests of an episode without its name. */
static void nd_reqs_text(const nd_episode *e, nj_buf *b)
{
	size_t i;
	for (i = 0; i < e->n; i++) {
		nj_buf_puts(b, e->reqs[i].method);
		nj_buf_puts(b, e->reqs[i].path);
		if (e->reqs[i].has_body)
			nj_buf_put(b, e->reqs[i].body, e->reqs[i].body_len);
	}
}

Test(generator, another_seed_gives_other_requests)
{
	long i, same = 0;
	for (i = 0; i < 50; i++) {
		nd_episode x, y;
		nj_buf bx = NJ_BUF_INIT, by = NJ_BUF_INIT;
		cr_assert_eq(nd_generate(&x, 1, i), 0);
		cr_assert_eq(nd_generate(&y, 2, i), 0);
		nd_reqs_text(&x, &bx);
		nd_reqs_text(&y, &by);
		same += bx.len == by.len && !memcmp(bx.ptr, by.ptr, bx.len);
		nj_buf_free(&bx);
		nj_buf_free(&by);
		nd_episode_clear(&x);
		nd_episode_clear(&y);
	}
	cr_expect_lt(same, 5, "%ld of 50 episodes are the same", same);
}
