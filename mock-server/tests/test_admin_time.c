/*
 * test_admin_time.c: the control API end to end (see admin_support.h): the
 * clock's effect on timestamps and expiry, environment isolation of every
 * operation, and the state file (restart, a bad file kept, the kill -9
 * loss window).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "admin_support.h"

TestSuite(clock_env, .init = setup, .fini = teardown, .timeout = 60);

/* --- clock ---------------------------------------------------------------------- */

#define CREATE_IN(id) "{\"connection_id\":\"" id "\",\"provider_config_key\":" \
	"\"github\",\"access_token\":\"t\",\"expires_in\":3600}"
#define IMPORT_KEY(id, k) "{\"provider_config_key\":\"bearer\",\"connection_id\":" \
	"\"" id "\",\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"" k "\"}}"

Test(clock_env, frozen_clock_stamps_writes_and_expiry_with_its_instant)
{
	char *body;
	cr_assert_eq(nango_mock_clock_freeze(dev, "2030-01-01T00:00:00Z"),
		     NANGO_OK);
	create(KEY_DEV, CREATE_IN("c1"));
	body = get_body("/connection/c1?provider_config_key=github", KEY_DEV);
	cr_assert(strstr(body, "\"created_at\":\"2030-01-01T00:00:00.000+00:00\","
			 "\"updated_at\":\"2030-01-01T00:00:00.000+00:00\","
			 "\"last_fetched_at\":\"2030-01-01T00:00:00.000+00:00\""),
		  "%s", body);
	cr_assert(strstr(body, "\"expires_at\":\"2030-01-01T01:00:00.000Z\""),
		  "expires_in counts from the frozen instant: %s", body);
	free(body);
}

Test(clock_env, advanced_clock_moves_created_and_updated_at)
{
	char *body;
	reply r;
	cr_assert_eq(nango_mock_clock_freeze(dev, "2030-01-01T00:00:00Z"),
		     NANGO_OK);
	r = http("POST", "/connections", KEY_DEV, IMPORT_KEY("k1", "a"), NULL);
	reply_free(&r);
	cr_assert_eq(nango_mock_clock_advance(dev, 90500), NANGO_OK);
	r = http("POST", "/connections", KEY_DEV, IMPORT_KEY("k1", "b"), NULL);
	reply_free(&r);
	r = http("POST", "/connections", KEY_DEV, IMPORT_KEY("k2", "c"), NULL);
	reply_free(&r);
	body = get_body("/connection/k1?provider_config_key=bearer", KEY_DEV);
	cr_assert(strstr(body, "\"created_at\":\"2030-01-01T00:00:00.000+00:00\","
			 "\"updated_at\":\"2030-01-01T00:01:30.500+00:00\""),
		  "%s", body);
	free(body);
	body = get_body("/connections?connectionId=k2", KEY_DEV);
	cr_assert(strstr(body, "\"created\":\"2030-01-01T00:01:30.5+00:00\""),
		  "%s", body);
	free(body);
}

Test(clock_env, journal_times_follow_a_frozen_clock)
{
	nj_value *j;
	cr_assert_eq(nango_mock_clock_freeze(dev, "2030-01-01T00:00:00.25Z"),
		     NANGO_OK);
	free(get_body("/connection", KEY_DEV));
	j = journal(dev, NULL);
	cr_assert_str_eq(nj_get_string(entry(j, 0), "time"),
			 "2030-01-01T00:00:00.250000Z");
	nj_free(j);
	j = journal(dev, "since=2030-01-01T00:00:00.250001Z");
	cr_assert_eq(nj_object_get(j, "total")->num, 0);
	nj_free(j);
}

Test(clock_env, released_clock_follows_the_real_time_again)
{
	char *text = NULL, *body;
	time_t now = time(NULL);
	struct tm tm;
	char year[16];
	cr_assert_eq(nango_mock_clock_freeze(dev, "2030-01-01T00:00:00Z"),
		     NANGO_OK);
	cr_assert_eq(nango_mock_clock_release(dev), NANGO_OK);
	cr_assert_eq(nango_mock_clock(&text, dev), NANGO_OK);
	cr_assert(strstr(text, "\"frozen\":false"), "%s", text);
	nango_mock_free(text);
	create(KEY_DEV, CREATE_GH("c1"));
	gmtime_r(&now, &tm);
	strftime(year, sizeof(year), "\"created_at\":\"%Y-", &tm);
	body = get_body("/connection/c1?provider_config_key=github", KEY_DEV);
	cr_assert(strstr(body, year), "%s", body);
	free(body);
}

Test(clock_env, bad_clock_input_returns_400_naming_the_field)
{
	const char *cases[][2] = {
		{"{\"action\":\"stop\"}", "action"},
		{"{\"action\":\"freeze\",\"at\":\"noon\"}", "at"},
		{"{\"action\":\"advance\"}", "by_ms"},
		{"{\"action\":\"advance\",\"by_ms\":-5}", "by_ms"},
		{"{\"action\":\"release\",\"by_ms\":5}", "by_ms"},
		{"{\"action\":\"release\",\"when\":1}", "when"}};
	size_t i;
	char field[64];
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		reply r = http("POST", "/__admin/clock", KEY_DEV, cases[i][0],
			       NULL);
		snprintf(field, sizeof(field), "\"field\":\"%s\"", cases[i][1]);
		cr_assert_eq(r.status, 400, "%s", cases[i][0]);
		cr_assert(strstr(r.body, field), "%s -> %s", cases[i][0], r.body);
		reply_free(&r);
	}
}

/* --- environments ------------------------------------------------------------------ */

Test(clock_env, every_admin_operation_stays_in_the_keys_environment)
{
	char *dev_before = get_body("/connection", KEY_DEV), *text = NULL, *b;
	reply r;
	/* journal: prod sees none of dev's requests, and its clear keeps them */
	cr_assert_eq(count(dev, NULL), 1);
	cr_assert_eq(count(prod, NULL), 0);
	cr_assert_eq(nango_mock_clear_requests(prod), NANGO_OK);
	cr_assert_eq(count(dev, NULL), 1);
	/* faults: prod's fault never fires for dev, and prod cannot clear dev's */
	add_fault(prod, "{\"status\":500}");
	add_fault(dev, "{\"status\":418,\"match\":{\"path\":\"/nothing\"}}");
	free(get_body("/connection", KEY_DEV));
	cr_assert_eq(nango_mock_fault_clear(prod, "f2"), NANGO_ENOTFOUND);
	cr_assert_eq(nango_mock_faults(&text, prod), NANGO_OK);
	cr_assert(!strstr(text, "\"f2\""), "%s", text);
	nango_mock_free(text);
	cr_assert_eq(status_of("GET", "/connection", KEY_PROD, NULL), 500);
	cr_assert_eq(nango_mock_fault_clear(prod, NULL), NANGO_OK);
	/* clock: prod's frozen clock leaves dev's writes on the real time */
	cr_assert_eq(nango_mock_clock_freeze(prod, "2040-01-01T00:00:00Z"),
		     NANGO_OK);
	create(KEY_DEV, CREATE_GH("c1"));
	b = get_body("/connection/c1?provider_config_key=github", KEY_DEV);
	cr_assert_null(strstr(b, "2040-01-01"), "%s", b);
	free(b);
	/* state: prod's export holds none of dev's; its reset and load keep them */
	cr_assert_eq(nango_mock_export(&text, prod), NANGO_OK);
	cr_assert_null(strstr(text, "octocat"), "%s", text);
	nango_mock_free(text);
	cr_assert_eq(nango_mock_load(prod, "{\"integrations\":[{\"unique_key\":"
				     "\"gh\",\"provider\":\"github\"}]}", 0),
		     NANGO_OK);
	cr_assert_eq(nango_mock_reset(prod, 1), NANGO_OK);
	r = http("DELETE", "/connection/c1?provider_config_key=github", KEY_DEV,
		 NULL, NULL);
	reply_free(&r);
	b = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(b, dev_before);
	free(b);
	free(dev_before);
	/* and dev's journal still holds its own requests only */
	cr_assert_eq(count(dev, "{\"status\":500}"), 0);
}

/* --- the state file ------------------------------------------------------------------ */

static char state_path[64];

static void state_setup(void)
{
	const char *const extra[] = {"--state-file", state_path, NULL};
	snprintf(state_path, sizeof(state_path), "/tmp/nm-state-%d.json",
		 (int)getpid());
	unlink(state_path);
	nango_global_init();
	mock = start_mock(extra);
	connect_clients();
}

static void state_teardown(void)
{
	teardown();
	unlink(state_path);
}

static void restart(int sig)
{
	const char *const extra[] = {"--state-file", state_path, NULL};
	nango_client_free(dev);
	nango_client_free(prod);
	stop_mock(&mock, sig);
	mock = start_mock(extra);
	connect_clients();
}

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

TestSuite(state_file, .init = state_setup, .fini = state_teardown,
	  .timeout = 120);

Test(state_file, survives_a_restart_with_ids_and_timestamps)
{
	char *before, *after, *state = NULL, *state2 = NULL;
	reply r = http("POST", "/connections", KEY_PROD, "{}", NULL);
	reply_free(&r);
	cr_assert_eq(status_of("POST", "/connections", KEY_DEV, IMPORT_M1),
		     201);
	r = http("DELETE", "/connection/acme?provider_config_key=bearer", KEY_DEV,
		 NULL, NULL);
	reply_free(&r);
	before = get_body("/connection", KEY_DEV);
	cr_assert_eq(nango_mock_export(&state, dev), NANGO_OK);
	restart(SIGTERM);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, before);
	cr_assert_eq(nango_mock_export(&state2, dev), NANGO_OK);
	cr_assert_str_eq(state2, state);
	free(before);
	free(after);
	nango_mock_free(state);
	nango_mock_free(state2);
}

Test(state_file, a_change_reaches_the_file_within_the_debounce_window)
{
	FILE *f;
	char buf[8192];
	size_t n = 0;
	int64_t start;
	create(KEY_DEV, CREATE_GH("fresh"));
	start = mono_us();
	do {
		struct timespec ts = {0, 5000000};
		nanosleep(&ts, NULL);
		f = fopen(state_path, "r");
		n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
		if (f)
			fclose(f);
		buf[n] = '\0';
	} while (!strstr(buf, "\"fresh\"") && mono_us() - start < 2000000);
	cr_assert(strstr(buf, "\"fresh\""), "never saved");
	cr_log_info("saved %lld ms after the change",
		    (long long)(mono_us() - start) / 1000);
	cr_assert(mono_us() - start < 1000000);
}

Test(state_file, an_unreadable_file_stops_the_start_and_is_kept)
{
	const char *const extra[] = {"--state-file", state_path, NULL};
	const char *argv[] = {NM_TEST_MOCK, "--port", "0", "--providers",
			      NM_TEST_PROVIDERS, "--state-file", state_path, NULL};
	char cmd[512], out[1024] = "", kept[64] = "";
	FILE *f, *p;
	size_t n;
	(void)extra;
	teardown();
	f = fopen(state_path, "w");
	fputs("{\"integrations\":{}}", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s %s %s %s %s %s %s 2>&1; echo rc=$?",
		 argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6]);
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	cr_assert(strstr(out, "integrations: expected an array, got an object"),
		  "%s", out);
	cr_assert(strstr(out, "rc=1"), "%s", out);
	f = fopen(state_path, "r");
	n = fread(kept, 1, sizeof(kept) - 1, f);
	fclose(f);
	kept[n] = '\0';
	cr_assert_str_eq(kept, "{\"integrations\":{}}", "never overwritten");
	nango_global_init();
	mock = start_mock(NULL);
	connect_clients();
}

/*
 * kill -9 while a client writes as fast as it can: every write the mock
 * acknowledged more than the loss bound before the kill must be in the
 * file. NM_TEST_LOSS_MS is the bound the README documents plus room for a
 * loaded machine; the measured window is logged.
 */
Test(state_file, kill_9_loses_at_most_the_last_debounce_window)
{
	enum { MAX = 2000 }; /* one listing (limit=2000) must show them all */
	static int64_t acked[MAX];
	int n = 0, i, lost = 0;
	int64_t start = mono_us(), killed, oldest_lost = 0;
	char *list;
	while (n < MAX && mono_us() - start < 1500000) {
		char body[160];
		reply r;
		snprintf(body, sizeof(body), "{\"connection_id\":\"w%d\","
			 "\"provider_config_key\":\"bearer\",\"api_key\":\"k\"}", n);
		r = http("POST", "/connection", KEY_DEV, body, NULL);
		cr_assert_eq(r.status, 201, "%s", r.body);
		reply_free(&r);
		acked[n++] = mono_us();
	}
	killed = mono_us();
	restart(SIGKILL);
	list = get_body("/connection?limit=2000", KEY_DEV);
	for (i = 0; i < n; i++) {
		char needle[32];
		snprintf(needle, sizeof(needle), "\"connection_id\":\"w%d\"", i);
		if (!strstr(list, needle)) {
			if (!lost)
				oldest_lost = acked[i];
			lost++;
		}
	}
	free(list);
	cr_log_info("%d writes in %lld ms, %d lost; loss window %lld ms",
		    n, (long long)(killed - start) / 1000, lost,
		    lost ? (long long)(killed - oldest_lost) / 1000 : 0LL);
	cr_assert(n > 20, "too few writes to measure (%d)", n);
	cr_assert(!lost || killed - oldest_lost <= NM_TEST_LOSS_MS * 1000,
		  "a write acknowledged %lld ms before kill -9 was lost",
		  (long long)(killed - oldest_lost) / 1000);
}
