/*
 * test_admin.c: the control API end to end (see admin_support.h): routes
 * and auth, state (reset, export, load), the journal (records, masking,
 * filters, counts, bounds) and faults (presets, custom answers, latency,
 * drops, counts, seeded percentages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_support.h"

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
	cr_assert_eq(status_of("PUT", "/__admin/state", KEY_DEV, "{}"), 405);
}

Test(admin, inspector_page_is_served_without_a_key_and_without_external_assets)
{
	reply r = http("GET", "/__admin/ui", NULL, NULL, NULL);
	cr_assert_eq(r.status, 200);
	cr_assert(strstr(r.headers, "Content-Type: text/html; charset=utf-8"));
	cr_assert(strstr(r.body, "<title>nango-mock inspector</title>"));
	cr_assert(strstr(r.body, "fetch(\"/__admin\" + path"), "it uses the "
		  "control API");
	cr_assert_null(strstr(r.body, "http://"));
	cr_assert_null(strstr(r.body, "https://"));
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
	cr_assert_eq(nango_mock_reset(dev, 1), NANGO_OK);
	after = get_body("/connection", KEY_DEV);
	cr_assert_str_eq(after, "{\"connections\":[]}");
	free(after);
	cr_assert_eq(status_of("POST", "/connection", KEY_DEV, CREATE_GH("c1")),
		     400, "the github integration is gone too");
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

static const char *const state_gets[] = {
	"/connection", "/connections", "/connections?endUserId=u1",
	"/connection/m1?provider_config_key=bearer&refresh_token=true",
	"/connections/octocat?provider_config_key=github",
	"/connection/acme?provider_config_key=bearer"};
#define N_GETS (sizeof(state_gets) / sizeof(*state_gets))

Test(admin, export_then_load_gives_the_same_answer_to_every_get)
{
	char *before[N_GETS], *after, *state = NULL;
	size_t i;
	cr_assert_eq(nango_mock_clock_freeze(dev, "2031-05-06T07:08:09.123Z"),
		     NANGO_OK);
	cr_assert_eq(status_of("POST", "/connections", KEY_DEV, IMPORT_M1),
		     201);
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

Test(admin, journal_joins_a_repeated_header_as_node_does)
{
	reply r = http("GET", "/connection", KEY_DEV, NULL,
		       "X-Dup: one\r\nX-Dup: two");
	nj_value *j;
	const nj_value *h;
	reply_free(&r);
	j = journal(dev, NULL);
	h = nj_object_get(entry(j, 0), "headers");
	cr_assert_str_eq(nj_get_string(h, "X-Dup"), "one, two");
	cr_assert_str_eq(nj_get_string(h, "Authorization"), "Bearer ****0b11");
	h = nj_object_get(nj_object_get(entry(j, 0), "response"), "headers");
	cr_assert_str_eq(nj_get_string(h, "Content-Type"),
			 "application/json; charset=utf-8");
	cr_assert(nj_get_string(h, "ETag"), "every header the answer had");
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
	cr_assert_eq(status_of("GET", "/connection", KEY_DEV, NULL), 200,
		     "times 1: the next request is real");
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
	cr_assert_eq(status_of("GET", "/connection/acme?provider_config_key=bearer",
			       KEY_DEV, NULL),
		     500, "without times, every request");
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
	cr_assert_eq(status_of("GET", "/connection", KEY_DEV, NULL), 200,
		     "another path is not matched");
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

Test(admin, fault_header_name_with_a_nul_is_refused)
{
	reply r = http("POST", "/__admin/faults", KEY_DEV,
		       "{\"status\":418,\"headers\":{\"X-A\\u0000B\":\"v\"}}",
		       NULL);
	cr_assert_eq(r.status, 400, "%s", r.body);
	cr_assert(strstr(r.body, "not a header name"), "%s", r.body);
	reply_free(&r);
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
