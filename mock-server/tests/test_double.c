/*
 * test_double.c: the test-double modules on their own (no HTTP): the
 * per-environment clock, the request journal (bounds, dropped counts,
 * environments, filters) and faults (counts, seeded percentages, bad
 * descriptions named by field).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "nm_clock.h"
#include "nm_faults.h"
#include "nm_fixtures.h"
#include "nm_journal.h"

#define US(s) ((int64_t)(s) * 1000000)

/* --- clock --------------------------------------------------------------- */

Test(clock, unfrozen_clock_reads_the_real_time)
{
	nm_clock *c = nm_clock_new();
	int64_t before = nm_now_us(), t = nm_clock_now(c, 0);
	cr_assert(t >= before && t <= nm_now_us());
	nm_clock_free(c);
}

Test(clock, frozen_clock_stands_still)
{
	nm_clock *c = nm_clock_new();
	struct timespec ts = {0, 5000000};
	cr_assert_eq(nm_clock_freeze(c, 0, US(1893456000)), 0);
	nanosleep(&ts, NULL);
	cr_assert_eq(nm_clock_now(c, 0), US(1893456000));
	nm_clock_free(c);
}

Test(clock, advance_moves_a_frozen_clock_exactly)
{
	nm_clock *c = nm_clock_new();
	nm_clock_info ci;
	nm_clock_freeze(c, 0, US(1893456000));
	cr_assert_eq(nm_clock_advance(c, 0, 1500000), 0);
	cr_assert_eq(nm_clock_now(c, 0), US(1893456000) + 1500000);
	nm_clock_state(&ci, c, 0);
	cr_assert_eq(ci.frozen, 1);
	nm_clock_free(c);
}

Test(clock, advance_without_freeze_runs_ahead_of_the_real_time)
{
	nm_clock *c = nm_clock_new();
	int64_t before, t, after;
	nm_clock_advance(c, 0, US(3600));
	before = nm_now_us();
	t = nm_clock_now(c, 0);
	after = nm_now_us();
	cr_assert(t >= before + US(3600) && t <= after + US(3600));
	nm_clock_free(c);
}

Test(clock, release_follows_the_real_time_again)
{
	nm_clock *c = nm_clock_new();
	int64_t before, t, after;
	nm_clock_freeze(c, 0, US(1000));
	nm_clock_release(c, 0);
	before = nm_now_us();
	t = nm_clock_now(c, 0);
	after = nm_now_us();
	cr_assert(t >= before && t <= after);
	nm_clock_free(c);
}

Test(clock, each_environment_has_its_own_clock)
{
	nm_clock *c = nm_clock_new();
	nm_clock_freeze(c, 1, US(1000));
	cr_assert_eq(nm_clock_now(c, 1), US(1000));
	cr_assert(nm_clock_now(c, 0) > US(1000000000));
	cr_assert(nm_clock_now(c, 2) > US(1000000000));
	nm_clock_free(c);
}

/* --- journal ------------------------------------------------------------- */

static void add(nm_journal *j, int env, const char *method, const char *path,
		int status)
{
	nm_jentry e;
	memset(&e, 0, sizeof(e));
	e.env = env;
	e.time_us = US(1800000000) + status;
	e.method = strdup(method);
	e.path = strdup(path);
	e.headers = calloc(1, 1);
	e.status = status;
	nm_journal_add(j, &e);
}

static nm_matcher match(const char *json)
{
	nm_matcher m;
	nj_value *v = NULL;
	char err[200];
	cr_assert_eq(nj_parse(&v, json, strlen(json), NULL), NJ_OK);
	cr_assert_eq(nm_match_parse(&m, v, 1, err, sizeof(err)), 0, "%s", err);
	nj_free(v);
	return m;
}

static char *written(nm_journal *j, int env, size_t limit)
{
	nj_writer w;
	nj_w_init(&w);
	nm_journal_write(&w, j, env, NULL, limit);
	nj_buf_putc(&w.buf, '\0');
	return w.buf.ptr;
}

Test(journal, keeps_the_newest_entries_and_counts_the_dropped)
{
	nm_journal *j = nm_journal_new(3);
	char *text;
	int i;
	for (i = 0; i < 5; i++)
		add(j, 0, "GET", i % 2 ? "/odd" : "/even", 200 + i);
	text = written(j, 0, 0);
	cr_assert(strstr(text, "\"total\":3,\"dropped\":2") != NULL, "%s", text);
	cr_assert(strstr(text, "\"id\":3") && strstr(text, "\"id\":5") &&
		  !strstr(text, "\"id\":2,"), "%s", text);
	free(text);
	nm_journal_free(j);
}

Test(journal, limit_gives_the_newest_ones_oldest_first)
{
	nm_journal *j = nm_journal_new(10);
	char *text;
	int i;
	for (i = 0; i < 4; i++)
		add(j, 0, "GET", "/connection", 200);
	text = written(j, 0, 2);
	cr_assert(strstr(text, "{\"requests\":[{\"id\":3,") != NULL, "%s", text);
	cr_assert(strstr(text, "\"total\":2") != NULL, "%s", text);
	free(text);
	nm_journal_free(j);
}

Test(journal, another_environment_sees_none_of_the_entries)
{
	nm_journal *j = nm_journal_new(10);
	nm_matcher all = match("{}");
	add(j, 0, "GET", "/connection", 200);
	add(j, 1, "GET", "/connection", 200);
	add(j, 1, "GET", "/connection", 200);
	cr_assert_eq(nm_journal_count(j, 0, &all), 1);
	cr_assert_eq(nm_journal_count(j, 1, &all), 2);
	cr_assert_eq(nm_journal_clear(j, 1), 2);
	cr_assert_eq(nm_journal_count(j, 0, &all), 1);
	nm_match_clear(&all);
	nm_journal_free(j);
}

Test(journal, requests_without_a_known_key_are_seen_by_every_environment)
{
	nm_journal *j = nm_journal_new(10);
	nm_matcher all = match("{}");
	add(j, -1, "GET", "/connection", 401);
	cr_assert_eq(nm_journal_count(j, 0, &all), 1);
	cr_assert_eq(nm_journal_count(j, 1, &all), 1);
	nm_match_clear(&all);
	nm_journal_free(j);
}

Test(journal, size_zero_keeps_nothing_and_counts_everything_dropped)
{
	nm_journal *j = nm_journal_new(0);
	char *text;
	add(j, 0, "GET", "/connection", 200);
	text = written(j, 0, 0);
	cr_assert(strstr(text, "\"total\":0,\"dropped\":1") != NULL, "%s", text);
	free(text);
	nm_journal_free(j);
}

Test(journal, path_glob_ignores_the_query_unless_it_names_one)
{
	nm_matcher plain = match("{\"path\":\"/connection/*\"}");
	nm_matcher q = match("{\"path\":\"/connection/*?provider_config_key=gh\"}");
	cr_assert(nm_match_test(&plain, "GET", "/connection/a?x=1", 200, 0));
	cr_assert(!nm_match_test(&plain, "GET", "/connections", 200, 0));
	cr_assert(nm_match_test(&q, "GET", "/connection/a?provider_config_key=gh",
				200, 0));
	cr_assert(!nm_match_test(&q, "GET", "/connection/a?provider_config_key=x",
				 200, 0));
	nm_match_clear(&plain);
	nm_match_clear(&q);
}

Test(journal, count_matches_method_status_prefix_and_since)
{
	nm_journal *j = nm_journal_new(10);
	nm_matcher m = match("{\"method\":\"get\",\"status\":\"429\","
			     "\"path_prefix\":\"/connections\"}");
	nm_matcher since = match("{\"since\":\"2027-01-15T08:00:00.000400Z\"}");
	add(j, 0, "GET", "/connections", 429);
	add(j, 0, "GET", "/connections?limit=1", 429);
	add(j, 0, "GET", "/connection", 429);
	add(j, 0, "POST", "/connections", 429);
	add(j, 0, "GET", "/connections", 200);
	cr_assert_eq(nm_journal_count(j, 0, &m), 2);
	cr_assert_eq(nm_journal_count(j, 0, &since), 4, "times are 1800000000 s"
		     " + status us; since 400 us in keeps the 429s only");
	nm_match_clear(&m);
	nm_match_clear(&since);
	nm_journal_free(j);
}

Test(journal, bad_matcher_fields_are_named)
{
	nm_matcher m;
	nj_value *v = NULL;
	char err[200];
	const char *cases[][2] = {
		{"{\"status\":99}", "status: expected an HTTP status (100-599)"},
		{"{\"method\":5}", "method: expected a non-empty string"},
		{"{\"since\":\"now\"}", "since: expected an ISO 8601 instant such "
		 "as \"2026-01-31T12:00:00.000Z\""},
		{"{\"pth\":\"/\"}", "pth: unknown field (expected method, path, "
		 "path_prefix, status, since)"}};
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cr_assert_eq(nj_parse(&v, cases[i][0], strlen(cases[i][0]),
				      NULL), NJ_OK);
		cr_assert_eq(nm_match_parse(&m, v, 1, err, sizeof(err)), -1);
		cr_assert_str_eq(err, cases[i][1]);
		nj_free(v);
	}
}

/* --- faults --------------------------------------------------------------- */

static int add_fault(nm_faults *f, int env, const char *json, char *err,
		     size_t errlen)
{
	nj_value *v = NULL;
	nj_writer w;
	int rc;
	cr_assert_eq(nj_parse(&v, json, strlen(json), NULL), NJ_OK, "%s", json);
	nj_w_init(&w);
	rc = nm_faults_add(f, env, v, &w, err, errlen);
	nj_buf_free(&w.buf);
	nj_free(v);
	return rc;
}

static int fires(nm_faults *f, int env, const char *method, const char *path)
{
	nm_fault_action a;
	int hit = nm_faults_pick(&a, f, env, method, path);
	nm_fault_action_clear(&a);
	return hit;
}

Test(faults, fires_for_the_next_n_matching_requests_then_goes)
{
	nm_faults *f = nm_faults_new();
	char err[200];
	nj_writer w;
	cr_assert_eq(add_fault(f, 0, "{\"match\":{\"method\":\"GET\",\"path\":"
			       "\"/connection\"},\"status\":503,\"times\":2}",
			       err, sizeof(err)), 0, "%s", err);
	cr_assert(!fires(f, 0, "POST", "/connection"));
	cr_assert(!fires(f, 0, "GET", "/connections"));
	cr_assert(fires(f, 0, "GET", "/connection"));
	cr_assert(fires(f, 0, "GET", "/connection?x=1"));
	cr_assert(!fires(f, 0, "GET", "/connection"));
	nj_w_init(&w);
	nm_faults_write(&w, f, 0);
	nj_buf_putc(&w.buf, '\0');
	cr_assert_str_eq(w.buf.ptr, "{\"faults\":[]}");
	nj_buf_free(&w.buf);
	nm_faults_free(f);
}

/* How many of 1000 requests a fault of percent fires for. */
static int fired_of_1000(const char *json, char *pattern, size_t n)
{
	nm_faults *f = nm_faults_new();
	char err[200];
	int i, hits = 0;
	cr_assert_eq(add_fault(f, 0, json, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < 1000; i++) {
		int hit = fires(f, 0, "GET", "/connection");
		hits += hit;
		if ((size_t)i < n)
			pattern[i] = hit ? 'x' : '.';
	}
	nm_faults_free(f);
	return hits;
}

Test(faults, a_seeded_percentage_repeats_and_comes_near_its_rate)
{
	char a[65] = {0}, b[65] = {0}, c[65] = {0};
	int ha = fired_of_1000("{\"status\":500,\"percent\":30,\"seed\":7}", a, 64);
	int hb = fired_of_1000("{\"status\":500,\"percent\":30,\"seed\":7}", b, 64);
	int hc = fired_of_1000("{\"status\":500,\"percent\":30,\"seed\":8}", c, 64);
	cr_assert_eq(ha, hb);
	cr_assert_str_eq(a, b, "the same seed gives the same sequence");
	cr_assert_str_neq(a, c, "another seed gives another sequence");
	cr_assert(ha > 250 && ha < 350, "30%% of 1000 fired %d times", ha);
	cr_assert(hc > 250 && hc < 350, "30%% of 1000 fired %d times", hc);
}

Test(faults, percentage_and_times_together_stop_after_n)
{
	char p[8];
	cr_assert_eq(fired_of_1000("{\"status\":500,\"percent\":50,\"times\":3}",
				   p, 0), 3);
}

Test(faults, a_fault_of_another_environment_never_fires)
{
	nm_faults *f = nm_faults_new();
	char err[200];
	cr_assert_eq(add_fault(f, 1, "{\"drop\":true}", err, sizeof(err)), 0);
	cr_assert(!fires(f, 0, "GET", "/connection"));
	cr_assert(!fires(f, -1, "GET", "/connection"));
	cr_assert(fires(f, 1, "GET", "/connection"));
	cr_assert_eq(nm_faults_remove(f, 0, NULL), 0);
	cr_assert_eq(nm_faults_remove(f, 1, "f1"), 1);
	nm_faults_free(f);
}

Test(faults, first_matching_fault_in_order_wins)
{
	nm_faults *f = nm_faults_new();
	nm_fault_action a;
	char err[200];
	add_fault(f, 0, "{\"match\":{\"path\":\"/x\"},\"status\":418}", err,
		  sizeof(err));
	add_fault(f, 0, "{\"preset\":\"rate_limit\",\"retry_after\":5}", err,
		  sizeof(err));
	cr_assert(nm_faults_pick(&a, f, 0, "GET", "/connection"));
	cr_assert_eq(a.kind, NM_FAULT_RATE_LIMIT);
	cr_assert_eq(a.retry_after, 5);
	cr_assert_str_eq(a.id, "f2");
	nm_fault_action_clear(&a);
	nm_faults_free(f);
}

Test(faults, bad_descriptions_are_refused_with_the_field_at_fault)
{
	const char *cases[][2] = {
		{"[]", "(body): expected a JSON object"},
		{"{}", "status: one of status, preset, drop or latency_ms is "
		 "needed"},
		{"{\"status\":700}", "status: expected an integer from 100 to 599"},
		{"{\"preset\":\"slow\"}", "preset: expected \"rate_limit\" or "
		 "\"server_error\""},
		{"{\"status\":500,\"drop\":true}", "status: status, preset and drop "
		 "exclude each other"},
		{"{\"drop\":false}", "drop: expected true"},
		{"{\"drop\":true,\"body\":\"x\"}", "body: only with status"},
		{"{\"status\":500,\"percent\":0}", "percent: expected a number "
		 "above 0, at most 100"},
		{"{\"status\":500,\"seed\":3}", "seed: only with percent"},
		{"{\"status\":500,\"times\":0}", "times: expected an integer from 1 "
		 "to 1000000000"},
		{"{\"status\":500,\"retry_after\":3}", "retry_after: only with "
		 "preset \"rate_limit\""},
		{"{\"latency_ms\":600000}", "latency_ms: expected an integer from 0 "
		 "to 60000"},
		{"{\"status\":500,\"headers\":{\"X\":\"a\\nb\"}}", "headers.X: "
		 "expected a string on one line"},
		{"{\"status\":500,\"headers\":{\"a b\":\"x\"}}", "headers.a b: not a "
		 "header name"},
		{"{\"match\":{\"status\":500},\"drop\":true}", "match.status: unknown "
		 "field (expected method, path, path_prefix)"},
		{"{\"stauts\":500}", "stauts: unknown field"}};
	nm_faults *f = nm_faults_new();
	char err[200];
	size_t i;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cr_assert_eq(add_fault(f, 0, cases[i][0], err, sizeof(err)), -1,
			     "accepted %s", cases[i][0]);
		cr_assert_str_eq(err, cases[i][1], "for %s", cases[i][0]);
	}
	nm_faults_free(f);
}

/* --- concurrency ------------------------------------------------------------ */

typedef struct {
	nm_journal *j;
	nm_faults *f;
	int env;
	int fired;
} hammer_arg;

/* Records, counts, lists and clears while faults are drawn. */
static void *hammer(void *p)
{
	hammer_arg *a = p;
	nm_matcher all;
	int i;
	memset(&all, 0, sizeof(all));
	for (i = 0; i < 2000; i++) {
		add(a->j, a->env, "GET", "/connection", 200);
		if (i % 50 == 0) {
			char *text = written(a->j, a->env, 10);
			free(text);
			nm_journal_count(a->j, a->env, &all);
		}
		if (i % 500 == 499)
			nm_journal_clear(a->j, a->env);
		a->fired += fires(a->f, a->env, "GET", "/connection");
	}
	return NULL;
}

Test(concurrency, journal_and_faults_hold_under_parallel_writers)
{
	nm_journal *j = nm_journal_new(100);
	nm_faults *f = nm_faults_new();
	hammer_arg args[4];
	pthread_t t[4];
	char err[200];
	int i, fired = 0;
	cr_assert_eq(add_fault(f, 0, "{\"status\":500,\"times\":300}", err,
			       sizeof(err)), 0);
	for (i = 0; i < 4; i++) {
		args[i].j = j;
		args[i].f = f;
		args[i].env = i % 2;
		args[i].fired = 0;
		pthread_create(&t[i], NULL, hammer, &args[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		fired += args[i].env == 0 ? args[i].fired : 0;
		cr_assert(args[i].env == 0 || args[i].fired == 0);
	}
	cr_assert_eq(fired, 300, "a fault of times 300 fired %d times", fired);
	nm_faults_free(f);
	nm_journal_free(j);
}
