/*
 * test_admin.c: the control API end to end. Each test starts its own
 * nango-mock (two environments, the seed fixtures) and drives it with
 * libnango's nango/mock.h and with raw libcurl requests: every endpoint,
 * the journal's masking and bounds, fault presets, counts and drops, the
 * clock's effect on timestamps and expiry, environment isolation, and the
 * state file (restart, bad file, kill -9 loss window).
 */
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nango/mock.h"
#include "nj.h"

#define KEY_DEV "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"
#define KEY_PROD "7d9c1a5f-9b3e-4c7f-8e2b-4a2d8f0b1c22"

typedef struct {
	pid_t pid;
	char base[64];
	FILE *out;
} mock_proc;

static mock_proc mock;
static nango_client *dev, *prod;

/* Starts nango-mock with the two keys, the seed and extra flags. */
static mock_proc start_mock(const char *const *extra)
{
	const char *argv[32] = {NM_TEST_MOCK, "--port", "0", "--providers",
				NM_TEST_PROVIDERS, "--fixtures", NM_TEST_SEED,
				"--secret-key", "dev=" KEY_DEV, "--secret-key",
				"prod=" KEY_PROD, "--threads", "8"};
	mock_proc m;
	char line[256];
	int fds[2], n = 13, port = 0;
	while (extra && *extra && n < 30)
		argv[n++] = *extra++;
	argv[n] = NULL;
	memset(&m, 0, sizeof(m));
	cr_assert_eq(pipe(fds), 0);
	m.pid = fork();
	cr_assert(m.pid >= 0);
	if (m.pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	m.out = fdopen(fds[0], "r");
	while (fgets(line, sizeof(line), m.out))
		if (sscanf(line, "port: %d", &port) == 1)
			break;
	cr_assert(port > 0, "nango-mock did not start");
	snprintf(m.base, sizeof(m.base), "http://127.0.0.1:%d", port);
	return m;
}

/* Stops it with sig; returns the exit status (or -signal). */
static int stop_mock(mock_proc *m, int sig)
{
	int st = 0;
	if (!m->pid)
		return 0;
	kill(m->pid, sig);
	waitpid(m->pid, &st, 0);
	fclose(m->out);
	m->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

static nango_client *client_for(const mock_proc *m, const char *key)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = NULL;
	o.base_url = m->base;
	o.secret_key = key;
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	return c;
}

static void connect_clients(void)
{
	dev = client_for(&mock, KEY_DEV);
	prod = client_for(&mock, KEY_PROD);
}

static void setup(void)
{
	nango_global_init();
	mock = start_mock(NULL);
	connect_clients();
}

static void teardown(void)
{
	nango_client_free(dev);
	nango_client_free(prod);
	dev = prod = NULL;
	stop_mock(&mock, SIGKILL); /* SIGTERM's clean stop: server.flags */
}

/* --- raw HTTP -------------------------------------------------------------- */

typedef struct {
	long status;
	int curl_rc;
	char *body;
	char *headers;
	double seconds;
} reply;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	nj_buf *b = ud;
	nj_buf_put(b, p, size * n);
	return size * n;
}

/* One request; key NULL: no Authorization. extra_header may be NULL. */
static reply http(const char *method, const char *path, const char *key,
		  const char *body, const char *extra_header)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hs = NULL;
	nj_buf b = NJ_BUF_INIT, hb = NJ_BUF_INIT;
	char url[512], auth[128];
	reply r;
	memset(&r, 0, sizeof(r));
	snprintf(url, sizeof(url), "%s%s", mock.base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (key) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
		hs = curl_slist_append(hs, auth);
	}
	if (extra_header)
		hs = curl_slist_append(hs, extra_header);
	if (body) {
		hs = curl_slist_append(hs, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	r.curl_rc = (int)curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r.seconds);
	nj_buf_putc(&b, '\0');
	nj_buf_putc(&hb, '\0');
	r.body = b.ptr;
	r.headers = hb.ptr;
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	return r;
}

static void reply_free(reply *r)
{
	free(r->body);
	free(r->headers);
}

/* A parsed JSON text (caller frees). */
static nj_value *parse(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	return v;
}

/* GET path's body with the dev key (caller frees). */
static char *get_body(const char *path, const char *key)
{
	reply r = http("GET", path, key, NULL, NULL);
	cr_assert_eq(r.status, 200, "%s: %ld %s", path, r.status, r.body);
	free(r.headers);
	return r.body;
}

static long count(nango_client *c, const char *matcher)
{
	long n = -1;
	cr_assert_eq(nango_mock_count(&n, c, matcher), NANGO_OK, "%s",
		     nango_client_last_body(c));
	return n;
}

static void add_fault(nango_client *c, const char *json)
{
	cr_assert_eq(nango_mock_fault_add(NULL, c, json), NANGO_OK, "%s",
		     nango_client_last_body(c));
}

#define CREATE_GH(id) "{\"connection_id\":\"" id "\",\"provider_config_key\":" \
	"\"github\",\"access_token\":\"t\",\"expires_at\":" \
	"\"2099-01-01T00:00:00Z\"}"

static void create(const char *key, const char *body)
{
	reply r = http("POST", "/connection", key, body, NULL);
	cr_assert_eq(r.status, 201, "%ld %s", r.status, r.body);
	reply_free(&r);
}

TestSuite(admin, .init = setup, .fini = teardown, .timeout = 60);

/* --- routes and auth ---------------------------------------------------------- */

Test(admin, control_api_without_a_key_returns_401)
{
	reply r = http("GET", "/__admin/state", NULL, NULL, NULL);
	cr_assert_eq(r.status, 401);
	cr_assert(strstr(r.body, "\"code\":\"missing_auth_header\""), "%s", r.body);
	reply_free(&r);
	r = http("GET", "/__admin/state", "00000000-0000-4000-8000-000000000000",
		 NULL, NULL);
	cr_assert_eq(r.status, 401);
	cr_assert(strstr(r.body, "\"code\":\"unknown_key\""), "%s", r.body);
	reply_free(&r);
}

Test(admin, unknown_route_returns_404_and_known_path_wrong_method_405)
{
	reply r = http("GET", "/__admin/nope", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 404);
	cr_assert(strstr(r.body, "\"code\":\"unknown_route\""), "%s", r.body);
	reply_free(&r);
	r = http("PUT", "/__admin/state", KEY_DEV, "{}", NULL);
	cr_assert_eq(r.status, 405, "%s", r.body);
	reply_free(&r);
}

Test(admin, bad_json_body_returns_400_invalid_json_with_v8_message)
{
	reply r = http("POST", "/__admin/faults", KEY_DEV, "{\"status\":", NULL);
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(r.body, "{\"error\":{\"code\":\"invalid_json\",\"message\":"
			 "\"Unexpected end of JSON input\"}}");
	reply_free(&r);
}

Test(admin, control_api_requests_are_not_journaled)
{
	char *text = NULL;
	cr_assert_eq(nango_mock_export(&text, dev), NANGO_OK);
	nango_mock_free(text);
	cr_assert_eq(nango_mock_faults(&text, dev), NANGO_OK);
	nango_mock_free(text);
	cr_assert_eq(count(dev, NULL), 0);
}

/* --- state --------------------------------------------------------------------- */

Test(admin, reset_returns_to_the_startup_fixtures_with_their_ids)
{
	char *before = get_body("/connection", KEY_DEV), *after;
	create(KEY_DEV, CREATE_GH("c1"));
	reply r = http("DELETE", "/connection/octocat?provider_config_key=github",
		       KEY_DEV, NULL, NULL);
	reply_free(&r);
	cr_assert_eq(nango_mock_reset(dev, 0), NANGO_OK);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
}

Test(admin, reset_to_empty_leaves_no_connection_and_no_integration)
{
	char *after;
	reply r;
	cr_assert_eq(nango_mock_reset(dev, 1), NANGO_OK);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, "{\"connections\":[]}");
	free(after);
	r = http("POST", "/connection", KEY_DEV, CREATE_GH("c1"), NULL);
	cr_assert_eq(r.status, 400, "the github integration is gone too");
	reply_free(&r);
}

Test(admin, reset_clears_the_journal_the_faults_and_the_clock)
{
	char *text = NULL;
	free(get_body("/connection", KEY_DEV));
	add_fault(dev, "{\"status\":500}");
	cr_assert_eq(nango_mock_clock_freeze(dev, "2030-01-01T00:00:00Z"),
		     NANGO_OK);
	cr_assert_eq(nango_mock_reset(dev, 0), NANGO_OK);
	cr_assert_eq(count(dev, NULL), 0);
	cr_assert_eq(nango_mock_faults(&text, dev), NANGO_OK);
	cr_assert_str_eq(text, "{\"faults\":[]}");
	nango_mock_free(text);
	cr_assert_eq(nango_mock_clock(&text, dev), NANGO_OK);
	cr_assert(strstr(text, "\"frozen\":false"), "%s", text);
	nango_mock_free(text);
}

Test(admin, reset_refuses_an_unknown_target_naming_the_field)
{
	reply r = http("POST", "/__admin/reset", KEY_DEV, "{\"to\":\"zero\"}", NULL);
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(r.body, "{\"error\":{\"code\":\"invalid_request\","
			 "\"message\":\"to: expected \\\"fixtures\\\" or "
			 "\\\"empty\\\"\",\"field\":\"to\"}}");
	reply_free(&r);
}

#define IMPORT_M1 "{\"provider_config_key\":\"bearer\",\"connection_id\":\"m1\"," \
	"\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"k\"},\"end_user\":" \
	"{\"id\":\"u1\",\"email\":\"u@example.com\",\"display_name\":\"U\"}," \
	"\"tags\":{\"Team\":\"core\"},\"metadata\":{\"plan\":\"pro\",\"a\":1}}"

static const char *const state_gets[] = {
	"/connection", "/connections", "/connections?endUserId=u1",
	"/connection/m1?provider_config_key=bearer&refresh_token=true",
	"/connections/octocat?provider_config_key=github",
	"/connection/acme?provider_config_key=bearer"};
#define N_GETS (sizeof(state_gets) / sizeof(*state_gets))

Test(admin, export_then_load_gives_the_same_answer_to_every_get)
{
	char *before[N_GETS], *after, *state = NULL;
	reply r;
	size_t i;
	cr_assert_eq(nango_mock_clock_freeze(dev, "2031-05-06T07:08:09.123Z"),
		     NANGO_OK);
	r = http("POST", "/connections", KEY_DEV, IMPORT_M1, NULL);
	cr_assert_eq(r.status, 201, "%s", r.body);
	reply_free(&r);
	for (i = 0; i < N_GETS; i++)
		before[i] = get_body(state_gets[i], KEY_DEV);
	cr_assert_eq(nango_mock_export(&state, dev), NANGO_OK);
	cr_assert_eq(nango_mock_load(dev, "{}", 0), NANGO_OK);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, "{\"connections\":[]}");
	free(after);
	cr_assert_eq(nango_mock_load(dev, state, 0), NANGO_OK, "%s",
		     nango_client_last_body(dev));
	for (i = 0; i < N_GETS; i++) {
		after = get_body(state_gets[i], KEY_DEV);
		cr_assert_str_eq(after, before[i], "GET %s", state_gets[i]);
		free(after);
		free(before[i]);
	}
	nango_mock_free(state);
}

Test(admin, load_merge_keeps_the_connections_it_does_not_name)
{
	char *list;
	cr_assert_eq(nango_mock_load(dev, "{\"connections\":[{\"connection_id\":"
				     "\"extra\",\"provider_config_key\":\"bearer\","
				     "\"credentials\":{\"type\":\"API_KEY\","
				     "\"apiKey\":\"x\"}}]}", 1), NANGO_OK, "%s",
		     nango_client_last_body(dev));
	list = get_body("/connection", KEY_DEV);
	cr_assert(strstr(list, "\"connection_id\":\"extra\"") &&
		  strstr(list, "\"connection_id\":\"octocat\"") &&
		  strstr(list, "\"connection_id\":\"acme\""), "%s", list);
	free(list);
}

Test(admin, load_with_problems_returns_every_path_and_changes_nothing)
{
	char *before = get_body("/connection", KEY_DEV), *after;
	reply r = http("POST", "/__admin/state", KEY_DEV,
		       "{\"integrations\":[{\"unique_key\":\"gh\",\"provider\":"
		       "\"githbu\"}],\"connections\":[{\"connection_id\":\"a\"}]}",
		       NULL);
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(r.body, "{\"error\":{\"code\":\"invalid_state\","
			 "\"message\":\"integrations[0].provider: unknown provider "
			 "\\\"githbu\\\"\",\"errors\":[{\"path\":"
			 "\"integrations[0].provider\",\"message\":\"unknown "
			 "provider \\\"githbu\\\"\"},{\"path\":"
			 "\"connections[0].provider_config_key\",\"message\":"
			 "\"required\"}]}}");
	reply_free(&r);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
}

Test(admin, load_mode_other_than_replace_or_merge_is_refused)
{
	reply r = http("POST", "/__admin/state?mode=append", KEY_DEV, "{}", NULL);
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "\"field\":\"mode\""), "%s", r.body);
	reply_free(&r);
}

/* --- journal ------------------------------------------------------------------ */

/* The journal (dev) as a value; filter may be NULL. */
static nj_value *journal(nango_client *c, const char *filter)
{
	char *text = NULL;
	nj_value *v;
	cr_assert_eq(nango_mock_requests(&text, c, filter), NANGO_OK, "%s",
		     nango_client_last_body(c));
	v = parse(text);
	nango_mock_free(text);
	return v;
}

static const nj_value *entry(const nj_value *j, size_t i)
{
	const nj_value *list = nj_object_get(j, "requests");
	cr_assert(list && i < list->len);
	return list->items[i];
}

Test(admin, journal_records_raw_path_headers_body_status_and_response)
{
	nj_value *j;
	const nj_value *e, *resp;
	create(KEY_DEV, CREATE_GH("c 1"));
	j = journal(dev, NULL);
	e = entry(j, 0);
	cr_assert_str_eq(nj_get_string(e, "method"), "POST");
	cr_assert_str_eq(nj_get_string(e, "path"), "/connection");
	cr_assert_str_eq(nj_get_string(e, "body"), CREATE_GH("c 1"));
	cr_assert_eq(nj_object_get(e, "status")->num, 201);
	cr_assert_str_eq(nj_get_string(nj_object_get(e, "headers"),
				       "Content-Type"), "application/json");
	resp = nj_object_get(e, "response");
	cr_assert(strstr(nj_get_string(resp, "body"), "\"connection_id\":"
			 "\"c 1\""));
	cr_assert_str_eq(nj_get_string(nj_object_get(resp, "headers"),
				       "Content-Type"),
			 "application/json; charset=utf-8");
	cr_assert(nj_object_get(e, "duration_ms")->type == NJ_NUMBER);
	cr_assert_eq(nj_object_get(e, "fault")->type, NJ_NULL);
	nj_free(j);
	free(get_body("/connection?limit=5&search=c%201", KEY_DEV));
	j = journal(dev, "method=GET");
	cr_assert_str_eq(nj_get_string(entry(j, 0), "path"),
			 "/connection?limit=5&search=c%201",
			 "the raw path and query, as sent");
	nj_free(j);
}

Test(admin, journal_masks_secret_keys_to_their_last_4_characters)
{
	reply r = http("GET", "/connection", KEY_DEV,
		       NULL, "X-Forwarded-Key: key=" KEY_DEV ";");
	char *text = NULL;
	nj_value *j;
	reply_free(&r);
	j = journal(dev, NULL);
	cr_assert_str_eq(nj_get_string(nj_object_get(entry(j, 0), "headers"),
				       "Authorization"), "Bearer ****0b11");
	cr_assert_str_eq(nj_get_string(nj_object_get(entry(j, 0), "headers"),
				       "X-Forwarded-Key"), "key=****0b11;");
	nj_free(j);
	cr_assert_eq(nango_mock_requests(&text, dev, NULL), NANGO_OK);
	cr_assert_null(strstr(text, KEY_DEV), "the key appears nowhere");
	cr_assert_null(strstr(text, "8a2f-4b6e"), "no part of it either");
	nango_mock_free(text);
}

Test(admin, journal_filters_by_method_path_status_and_since)
{
	nj_value *j;
	char q[160];
	const char *t;
	free(get_body("/connection", KEY_DEV));
	create(KEY_DEV, CREATE_GH("c1"));
	free(get_body("/connection/c1?provider_config_key=github", KEY_DEV));
	reply r = http("GET", "/connection/zz?provider_config_key=github",
		       KEY_DEV, NULL, NULL);
	reply_free(&r);
	j = journal(dev, "method=GET&path=/connection/*");
	cr_assert_eq(nj_object_get(j, "total")->num, 2);
	nj_free(j);
	j = journal(dev, "status=404");
	cr_assert_eq(nj_object_get(j, "total")->num, 1);
	cr_assert_str_eq(nj_get_string(entry(j, 0), "path"),
			 "/connection/zz?provider_config_key=github");
	t = nj_get_string(entry(j, 0), "time");
	snprintf(q, sizeof(q), "since=%s", t);
	nj_free(j);
	j = journal(dev, q);
	cr_assert_eq(nj_object_get(j, "total")->num, 1);
	nj_free(j);
	j = journal(dev, "path_prefix=/connection/c1&limit=1");
	cr_assert_eq(nj_object_get(j, "total")->num, 1);
	nj_free(j);
	r = http("GET", "/__admin/requests?status=abc", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 400);
	cr_assert(strstr(r.body, "\"field\":\"status\""), "%s", r.body);
	reply_free(&r);
}

Test(admin, delete_requests_empties_the_journal)
{
	free(get_body("/connection", KEY_DEV));
	cr_assert_eq(count(dev, NULL), 1);
	cr_assert_eq(nango_mock_clear_requests(dev), NANGO_OK);
	cr_assert_str_eq(nango_client_last_body(dev), "{\"deleted\":1}");
	cr_assert_eq(count(dev, NULL), 0);
}

Test(admin, count_gives_the_number_of_matching_requests)
{
	int i;
	for (i = 0; i < 3; i++)
		free(get_body("/connection", KEY_DEV));
	free(get_body("/connections", KEY_DEV));
	cr_assert_eq(count(dev, "{\"method\":\"GET\",\"path\":\"/connection\"}"),
		     3);
	cr_assert_eq(count(dev, "{\"path\":\"/connection*\"}"), 4);
	cr_assert_eq(count(dev, "{\"method\":\"POST\"}"), 0);
	cr_assert_eq(nango_mock_count(NULL, dev, "{}"), NANGO_EARG);
	cr_assert_eq(nango_mock_count((long[1]){0}, dev, "{\"limit\":1}"),
		     NANGO_EINVALID);
}

Test(admin, journal_size_keeps_the_newest_and_counts_the_dropped)
{
	const char *const extra[] = {"--journal-size", "3", NULL};
	nj_value *j;
	int i;
	teardown();
	nango_global_init();
	mock = start_mock(extra);
	connect_clients();
	for (i = 0; i < 5; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/connection?limit=%d", i + 1);
		free(get_body(path, KEY_DEV));
	}
	j = journal(dev, NULL);
	cr_assert_eq(nj_object_get(j, "total")->num, 3);
	cr_assert_eq(nj_object_get(j, "dropped")->num, 2);
	cr_assert_str_eq(nj_get_string(entry(j, 0), "path"),
			 "/connection?limit=3");
	nj_free(j);
}

/* The replay format: the fields a replay tool reads are all there. */
Test(admin, journal_export_has_what_a_replay_needs)
{
	nj_value *j;
	const nj_value *e;
	const char *fields[] = {"method", "path", "headers", "body", "status",
				"response", "time", "id"};
	size_t i;
	create(KEY_DEV, CREATE_GH("r1"));
	j = journal(dev, NULL);
	e = entry(j, 0);
	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		cr_assert_not_null(nj_object_get(e, fields[i]), "%s", fields[i]);
	cr_assert_not_null(nj_object_get(nj_object_get(e, "response"), "body"));
	cr_assert_not_null(nj_object_get(nj_object_get(e, "response"),
					 "headers"));
	nj_free(j);
}

/* --- faults --------------------------------------------------------------------- */

static int has_header(const reply *r, const char *line)
{
	return strstr(r->headers, line) != NULL;
}

Test(admin, rate_limit_preset_answers_as_nangos_limiter)
{
	reply r;
	add_fault(dev, "{\"match\":{\"method\":\"GET\",\"path\":\"/connection\"},"
		  "\"preset\":\"rate_limit\",\"retry_after\":7,\"times\":1}");
	r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 429);
	cr_assert_str_eq(r.body, "{\"error\":{\"code\":\"too_many_request\","
			 "\"method\":\"GET\",\"path\":\"/connection\"}}");
	cr_assert(has_header(&r, "X-RateLimit-Limit: 200\r\n"), "%s", r.headers);
	cr_assert(has_header(&r, "X-RateLimit-Remaining: 0\r\n"));
	cr_assert(has_header(&r, "X-RateLimit-Reset: "));
	cr_assert(has_header(&r, "Retry-After: 7\r\n"));
	cr_assert(has_header(&r, "Access-Control-Allow-Origin: *\r\n"));
	reply_free(&r);
	r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 200, "times 1: the next request is real");
	reply_free(&r);
}

Test(admin, server_error_preset_answers_generic_error_support)
{
	reply r;
	nj_value *v;
	char expect[200];
	add_fault(dev, "{\"preset\":\"server_error\"}");
	r = http("DELETE", "/connection/acme?provider_config_key=bearer", KEY_DEV,
		 NULL, NULL);
	cr_assert_eq(r.status, 500);
	v = parse(r.body);
	snprintf(expect, sizeof(expect), "An error occurred. Please contact "
		 "support with this unique id: \"%s\"",
		 nj_get_string(nj_object_get(v, "error"), "payload"));
	cr_assert_str_eq(nj_get_string(nj_object_get(v, "error"), "code"),
			 "generic_error_support");
	cr_assert_str_eq(nj_get_string(nj_object_get(v, "error"), "message"),
			 expect);
	nj_free(v);
	reply_free(&r);
	r = http("GET", "/connection/acme?provider_config_key=bearer", KEY_DEV,
		 NULL, NULL);
	cr_assert_eq(r.status, 500, "without times, every request");
	reply_free(&r);
	cr_assert_eq(nango_mock_fault_clear(dev, NULL), NANGO_OK);
	free(get_body("/connection/acme?provider_config_key=bearer", KEY_DEV));
}

Test(admin, custom_fault_sends_its_status_headers_and_body)
{
	reply r;
	add_fault(dev, "{\"match\":{\"path\":\"/connections*\"},\"status\":503,"
		  "\"headers\":{\"X-Why\":\"maintenance\"},\"body\":{\"down\":true}}");
	r = http("GET", "/connections?limit=1", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 503);
	cr_assert_str_eq(r.body, "{\"down\":true}");
	cr_assert(has_header(&r, "X-Why: maintenance\r\n"), "%s", r.headers);
	reply_free(&r);
	r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 200, "another path is not matched");
	reply_free(&r);
}

Test(admin, latency_fault_delays_the_real_answer)
{
	reply r;
	add_fault(dev, "{\"latency_ms\":400,\"times\":1}");
	r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.status, 200);
	cr_assert(r.seconds >= 0.4, "took %f s", r.seconds);
	cr_assert(strstr(r.body, "\"connection_id\":\"octocat\""));
	reply_free(&r);
}

Test(admin, drop_fault_closes_the_connection_without_a_response)
{
	reply r;
	nj_value *j;
	add_fault(dev, "{\"drop\":true,\"times\":1}");
	r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	cr_assert_eq(r.curl_rc, CURLE_GOT_NOTHING, "curl %d, status %ld",
		     r.curl_rc, r.status);
	reply_free(&r);
	j = journal(dev, NULL);
	cr_assert_eq(nj_object_get(entry(j, 0), "status")->num, 0);
	cr_assert_eq(nj_object_get(entry(j, 0), "response")->type, NJ_NULL);
	cr_assert_str_eq(nj_get_string(entry(j, 0), "fault"), "f1");
	nj_free(j);
	free(get_body("/connection", KEY_DEV));
}

Test(admin, faulted_requests_are_journaled_with_the_fault_id)
{
	nj_value *j;
	char *id = NULL;
	cr_assert_eq(nango_mock_fault_add(&id, dev, "{\"status\":418,\"times\":1}"),
		     NANGO_OK);
	reply r = http("GET", "/connection", KEY_DEV, NULL, NULL);
	reply_free(&r);
	j = journal(dev, NULL);
	cr_assert_str_eq(nj_get_string(entry(j, 0), "fault"), id);
	cr_assert_eq(nj_object_get(entry(j, 0), "status")->num, 418);
	nj_free(j);
	nango_mock_free(id);
}

Test(admin, fault_with_times_fires_exactly_that_often)
{
	int i, statuses[4];
	add_fault(dev, "{\"match\":{\"method\":\"GET\"},\"preset\":\"rate_limit\","
		  "\"times\":2}");
	for (i = 0; i < 4; i++) {
		reply r = http("GET", "/connection", KEY_DEV, NULL, NULL);
		statuses[i] = (int)r.status;
		reply_free(&r);
	}
	cr_assert(statuses[0] == 429 && statuses[1] == 429 &&
		  statuses[2] == 200 && statuses[3] == 200);
	cr_assert_eq(count(dev, "{\"status\":429}"), 2);
}

Test(admin, seeded_percentage_gives_the_same_sequence_on_every_run)
{
	char seq[2][41];
	int run, i;
	for (run = 0; run < 2; run++) {
		cr_assert_eq(nango_mock_reset(dev, 0), NANGO_OK);
		add_fault(dev, "{\"status\":500,\"percent\":50,\"seed\":42}");
		for (i = 0; i < 40; i++) {
			reply r = http("GET", "/connection", KEY_DEV, NULL, NULL);
			seq[run][i] = r.status == 500 ? 'x' : '.';
			reply_free(&r);
		}
		seq[run][40] = '\0';
	}
	cr_assert_str_eq(seq[0], seq[1]);
	cr_assert(strchr(seq[0], 'x') && strchr(seq[0], '.'), "%s", seq[0]);
}

Test(admin, fault_list_and_clear_by_id)
{
	char *list = NULL;
	add_fault(dev, "{\"status\":500,\"times\":3}");
	add_fault(dev, "{\"drop\":true,\"match\":{\"method\":\"DELETE\"}}");
	cr_assert_eq(nango_mock_faults(&list, dev), NANGO_OK);
	cr_assert(strstr(list, "{\"id\":\"f1\",\"match\":{},\"action\":\"status\","
			 "\"status\":500,\"headers\":null,\"body\":null,"
			 "\"latency_ms\":0,\"times\":3,\"percent\":null,\"hits\":0}"),
		  "%s", list);
	nango_mock_free(list);
	cr_assert_eq(nango_mock_fault_clear(dev, "f1"), NANGO_OK);
	cr_assert_eq(nango_mock_fault_clear(dev, "f1"), NANGO_ENOTFOUND);
	cr_assert_eq(nango_mock_faults(&list, dev), NANGO_OK);
	cr_assert(!strstr(list, "\"f1\"") && strstr(list, "\"f2\""), "%s", list);
	nango_mock_free(list);
}

Test(admin, bad_fault_input_returns_400_naming_the_field)
{
	reply r = http("POST", "/__admin/faults", KEY_DEV,
		       "{\"preset\":\"rate_limit\",\"times\":-1}", NULL);
	cr_assert_eq(r.status, 400);
	cr_assert_str_eq(r.body, "{\"error\":{\"code\":\"invalid_request\","
			 "\"message\":\"times: expected an integer from 1 to "
			 "1000000000\",\"field\":\"times\"}}");
	reply_free(&r);
}

/* --- clock ---------------------------------------------------------------------- */

#define CREATE_IN(id) "{\"connection_id\":\"" id "\",\"provider_config_key\":" \
	"\"github\",\"access_token\":\"t\",\"expires_in\":3600}"
#define IMPORT_KEY(id, k) "{\"provider_config_key\":\"bearer\",\"connection_id\":" \
	"\"" id "\",\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"" k "\"}}"

Test(admin, frozen_clock_stamps_writes_and_expiry_with_its_instant)
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

Test(admin, advanced_clock_moves_created_and_updated_at)
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

Test(admin, released_clock_follows_the_real_time_again)
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

Test(admin, bad_clock_input_returns_400_naming_the_field)
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

Test(admin, every_admin_operation_stays_in_the_keys_environment)
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
	r = http("GET", "/connection", KEY_PROD, NULL, NULL);
	cr_assert_eq(r.status, 500);
	reply_free(&r);
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
	r = http("POST", "/connections", KEY_DEV, IMPORT_M1, NULL);
	cr_assert_eq(r.status, 201, "%s", r.body);
	reply_free(&r);
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
	enum { MAX = 4000 };
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
