/*
 * test_server.c: nango-mock over real sockets, in-process, against the
 * ways one client could freeze, starve or fool it (issue: hardening):
 * pathological searches, idle connection pools, timeouts, oversized
 * bodies, absolute-form targets, the Connection header, %00 in ids.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_support.h"

static nm_server srv;
static int port;

static void start_default(void)
{
	port = hs_start(&srv, NULL);
}

static void stop(void)
{
	hs_stop(&srv);
}

/* Sends one request; asserts the status; returns the response. */
static char *expect(int status, const char *method, const char *path,
		    const char *key, const char *body)
{
	char *resp = hs_request(port, method, path, key, body);
	cr_assert_not_null(resp, "%s %s: no response", method, path);
	cr_assert_eq(hs_status(resp), status, "%s %s: %.300s", method, path,
		     resp);
	return resp;
}

static void make_connection(const char *key, const char *integ,
			    const char *id, const char *metadata)
{
	char body[70000];
	snprintf(body, sizeof(body),
		 "{\"provider_config_key\":\"%s\",\"connection_id\":\"%s\","
		 "\"api_key\":\"k\",\"metadata\":%s}",
		 integ, id, metadata ? metadata : "null");
	free(expect(201, "POST", "/connection", key, body));
}

static void make_integration(const char *key, const char *name)
{
	char body[200];
	snprintf(body, sizeof(body),
		 "{\"unique_key\":\"%s\",\"provider\":\"private-api-bearer\"}",
		 name);
	free(expect(200, "POST", "/integrations", key, body));
}

TestSuite(server, .init = start_default, .fini = stop, .timeout = 60);

Test(server, search_with_many_wildcards_on_a_long_id_answers_at_once)
{
	char id[201], *resp;
	double t0;
	memset(id, 'a', 200);
	id[200] = '\0';
	make_integration(HS_KEY, "k");
	make_connection(HS_KEY, "k", id, NULL);
	t0 = hs_now_ms();
	/* backtracking took 12 s with five '%', forever with eight */
	resp = expect(200, "GET",
		      "/connection?search=%25a%25a%25a%25a%25a%25a%25a%25a%20b",
		      HS_KEY, NULL);
	cr_assert_str_eq(hs_body(resp), "{\"connections\":[]}");
	free(resp);
	resp = expect(200, "GET", "/connection?search=%25a%25a%25a%25a%25a",
		      HS_KEY, NULL);
	cr_assert(strstr(hs_body(resp), id) != NULL);
	free(resp);
	cr_assert_lt(hs_now_ms() - t0, 10000.0);
}

Test(server, longest_search_of_wildcards_answers_at_once)
{
	char id[256], path[1200], *resp;
	size_t i;
	double t0;
	memset(id, 'a', 255);
	id[255] = '\0';
	make_integration(HS_KEY, "k");
	make_connection(HS_KEY, "k", id, NULL);
	make_connection(HS_KEY, "k", "other", NULL);
	/* 255 characters, the most validation lets through: %a%a...%_b */
	strcpy(path, "/connections?search=");
	for (i = 0; i < 126; i++)
		strcat(path, "%25a");
	strcat(path, "%25_b");
	t0 = hs_now_ms();
	resp = expect(200, "GET", path, HS_KEY, NULL);
	cr_assert_str_eq(hs_body(resp), "{\"connections\":[]}");
	free(resp);
	cr_assert_lt(hs_now_ms() - t0, 10000.0);
}

Test(server, nul_in_legacy_metadata_path_changes_no_other_connection)
{
	char *resp;
	make_integration(HS_KEY, "k");
	make_connection(HS_KEY, "k", "c1", "{\"keep\":1}");
	resp = expect(500, "POST",
		      "/connection/c1%00junk/metadata?provider_config_key=k",
		      HS_KEY, "{\"changed\":1}");
	cr_assert(strstr(hs_body(resp), "generic_error_support") != NULL);
	free(resp);
	resp = expect(200, "GET", "/connection/c1?provider_config_key=k",
		      HS_KEY, NULL);
	cr_assert(strstr(hs_body(resp), "\"metadata\":{\"keep\":1}") != NULL,
		  "%s", hs_body(resp));
	free(resp);
}

Test(server, nul_in_integration_key_is_refused_and_deletes_nothing)
{
	char *resp;
	make_integration(HS_KEY, "b");
	make_connection(HS_KEY, "b", "c1", NULL);
	resp = expect(400, "DELETE", "/integrations/b%00junk", HS_KEY, NULL);
	cr_assert_str_eq(
		hs_body(resp),
		"{\"error\":{\"code\":\"invalid_uri_params\",\"errors\":[{"
		"\"code\":\"invalid_format\",\"message\":\"Invalid string: "
		"must match pattern /^[a-zA-Z0-9~:.@ _-]+$/\",\"path\":["
		"\"uniqueKey\"]}]}}");
	free(resp);
	free(expect(200, "GET", "/connection/c1?provider_config_key=b",
		    HS_KEY, NULL));
}

Test(server, nul_in_list_filters_is_a_database_error)
{
	char *resp = expect(500, "GET", "/connection?search=a%00b", HS_KEY,
			    NULL);
	cr_assert(strstr(hs_body(resp), "generic_error_support") != NULL);
	free(resp);
	free(expect(500, "GET", "/connections?connectionId=a%00b", HS_KEY,
		    NULL));
}

Test(server, absolute_form_target_is_served)
{
	char req[256], *resp;
	int fd = hs_connect(port);
	snprintf(req, sizeof(req),
		 "GET http://127.0.0.1:%d/health HTTP/1.1\r\nHost: x\r\n\r\n",
		 port);
	resp = hs_exchange(fd, req, strlen(req), 5000);
	cr_assert_eq(hs_status(resp), 200, "%s", resp ? resp : "(none)");
	cr_assert_str_eq(hs_body(resp), "{\"result\":\"ok\"}");
	free(resp);
	snprintf(req, sizeof(req),
		 "GET http://localhost:%d/connection HTTP/1.1\r\nHost: x\r\n"
		 "Authorization: Bearer " HS_KEY "\r\n\r\n", port);
	resp = hs_exchange(fd, req, strlen(req), 5000);
	cr_assert_str_eq(hs_body(resp), "{\"connections\":[]}");
	free(resp);
	close(fd);
}

/* Sends a /health request with extra header lines; returns the response. */
static char *health_on(int fd, const char *version, const char *extra)
{
	char req[256];
	snprintf(req, sizeof(req), "GET /health HTTP/%s\r\nHost: x\r\n%s\r\n",
		 version, extra);
	return hs_exchange(fd, req, strlen(req), 5000);
}

/* GET /health over HTTP/version with extra headers: the answer says
 * Connection: close and the server closes the connection. */
static void check_closes(const char *version, const char *extra)
{
	int fd = hs_connect(port);
	char *resp = health_on(fd, version, extra);
	cr_assert(strstr(resp, "\r\nConnection: close\r\n") != NULL, "%s", resp);
	cr_assert(hs_closed_within(fd, 5000));
	free(resp);
	close(fd);
}

Test(server, connection_header_without_keep_alive_says_close_and_closes)
{
	check_closes("1.1", "Connection: foo\r\n");
}

Test(server, http10_keep_alive_says_keep_alive_and_stays_open)
{
	int fd = hs_connect(port);
	char *resp = health_on(fd, "1.0", "Connection: keep-alive\r\n");
	cr_assert(strstr(resp, "\r\nConnection: keep-alive\r\n") != NULL, "%s",
		  resp);
	free(resp);
	resp = health_on(fd, "1.0", "Connection: keep-alive\r\n");
	cr_assert_eq(hs_status(resp), 200, "second request on the connection");
	free(resp);
	close(fd);
}

Test(server, http10_without_connection_header_says_close_and_closes)
{
	check_closes("1.0", "");
}

Test(server, content_length_over_max_body_is_refused_without_reading)
{
	static const char req[] =
		"POST /connection/metadata HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\n"
		"Content-Length: 1000000000\r\n\r\n{\"a\"";
	int fd = hs_connect(port);
	double t0 = hs_now_ms();
	char *resp = hs_exchange(fd, req, sizeof(req) - 1, 10000);
	cr_assert_eq(hs_status(resp), 500, "%s", resp ? resp : "(none)");
	cr_assert(strstr(hs_body(resp), "generic_error_support") != NULL);
	cr_assert(strstr(resp, "\r\nConnection: close\r\n") != NULL);
	cr_assert(hs_closed_within(fd, 5000), "the connection is let go");
	cr_assert_lt(hs_now_ms() - t0, 5000.0);
	free(resp);
	close(fd);
}

Test(server, body_within_max_body_is_still_read_in_full)
{
	char body[4096];
	char *resp;
	memset(body, ' ', sizeof(body));
	memcpy(body, "{\"a\":1}", 7);
	body[sizeof(body) - 1] = '\0';
	make_integration(HS_KEY, "k");
	make_connection(HS_KEY, "k", "c1", NULL);
	resp = expect(200, "PATCH", "/connection/c1/metadata?provider_config_key=k",
		      HS_KEY, body);
	free(resp);
}

Test(server, repeated_query_key_after_bracket_key_is_answered)
{
	/* qs merges tags=<long> into the tags[a] object: the value used to
	 * leak on every request (caught by LeakSanitizer here) */
	char path[9000];
	int i;
	strcpy(path, "/connections?tags[a]=1&tags=");
	memset(path + strlen(path), 'v', 8000);
	path[28 + 8000] = '\0';
	for (i = 0; i < 20; i++) {
		char *resp = hs_request(port, "GET", path, HS_KEY, NULL);
		cr_assert_eq(hs_status(resp), 400, "%.200s", resp);
		free(resp);
	}
}

Test(server, key_differing_only_in_its_last_character_is_unknown)
{
	char *resp = expect(401, "GET", "/connection",
			    "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b12", NULL);
	cr_assert(strstr(hs_body(resp), "unknown_account") != NULL);
	free(resp);
	free(expect(200, "GET", "/connection", HS_KEY2, NULL));
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
/* Resident memory of this process, in bytes. */
static long long rss_bytes(void)
{
	long long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f && fscanf(f, "%lld %lld", &pages, &resident) != 2)
		resident = 0;
	if (f)
		fclose(f);
	return resident * sysconf(_SC_PAGESIZE);
}
#endif

Test(server, memory_of_a_large_request_goes_back_to_the_system)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	cr_skip_test("sanitizer allocators keep freed memory (quarantine)");
#else
	size_t n = 24u << 20, i;
	char *body, *resp;
	long long before, after;
	free(expect(200, "GET", "/health", NULL, NULL));
	before = rss_bytes();
	body = malloc(n + 1);
	/* [{"a":1},...]: a large tree, built after auth, then freed */
	body[0] = '[';
	for (i = 1; i + 8 < n; i += 8)
		memcpy(body + i, "{\"a\":1},", 8);
	body[i - 1] = ']';
	body[i] = '\0';
	resp = expect(400, "POST", "/connection/metadata", HS_KEY, body);
	free(resp);
	free(body);
	usleep(200000);
	after = rss_bytes();
	cr_log_info("RSS before %lld MB, after %lld MB\n", before >> 20,
		    after >> 20);
	cr_assert_lt(after - before, 48ll << 20,
		     "kept %lld MB after a 24 MB request", (after - before) >> 20);
#endif
}

/* --- connection limits, each with its own server ------------------------ */

static void nothing(void)
{
}

TestSuite(limits, .init = nothing, .fini = nothing, .timeout = 120);

Test(limits, idle_keep_alive_connection_is_closed_after_the_timeout)
{
	hs_opts o = {8, 1000, 62000, 0};
	int fd;
	char *resp;
	port = hs_start(&srv, &o);
	fd = hs_connect(port);
	resp = health_on(fd, "1.1", "");
	cr_assert(strstr(resp, "\r\nKeep-Alive: timeout=1\r\n") != NULL, "%s",
		  resp);
	free(resp);
	cr_assert(hs_closed_within(fd, 4000), "closed after about 1 s idle");
	close(fd);
	hs_stop(&srv);
}

Test(limits, connection_that_never_sends_headers_is_closed_after_the_timeout)
{
	hs_opts o = {8, 61000, 1000, 0};
	int fd;
	port = hs_start(&srv, &o);
	fd = hs_connect(port);
	cr_assert(hs_closed_within(fd, 5000), "closed after about 1 s");
	close(fd);
	hs_stop(&srv);
}

Test(limits, thousand_idle_connections_do_not_starve_health)
{
	static int fds[1000];
	double best = 1e9;
	int i, attempt;
	port = hs_start(&srv, &(hs_opts){1100, 0, 0, 0});
	for (i = 0; i < 1000; i++) {
		fds[i] = hs_connect(port);
		cr_assert_geq(fds[i], 0, "connection %d", i);
	}
	usleep(500000); /* let the server take them all */
	for (attempt = 0; attempt < 3; attempt++) {
		double t0 = hs_now_ms(), took;
		char *resp = hs_request(port, "GET", "/health", NULL, NULL);
		took = hs_now_ms() - t0;
		cr_assert_eq(hs_status(resp), 200);
		free(resp);
		if (took < best)
			best = took;
	}
	cr_assert_lt(best, 100.0, "/health took %.1f ms", best);
	for (i = 0; i < 1000; i++)
		close(fds[i]);
	hs_stop(&srv);
}

/*
 * Found by fuzz_request: a server embedded without the test double's parts
 * (this harness has no journal, clock or faults) crashed on GET
 * /__admin/faults. The control API is off there: every /__admin/ path gets
 * Nango's answer for an unknown route.
 */
Test(server, control_api_is_off_without_the_double_parts_and_never_crashes)
{
	static const char *const paths[][2] = {
		{"GET", "/__admin/faults"}, {"POST", "/__admin/faults"},
		{"DELETE", "/__admin/faults/f1"}, {"GET", "/__admin/requests"},
		{"POST", "/__admin/requests/count"}, {"POST", "/__admin/clock"},
		{"GET", "/__admin/clock"}, {"POST", "/__admin/reset"},
		{"GET", "/__admin/state"}, {"GET", "/__admin/ui"}};
	size_t i;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char *resp = expect(404, paths[i][0], paths[i][1], HS_KEY,
				    strcmp(paths[i][0], "GET") ? "{}" : NULL);
		cr_assert(strstr(resp, "Cannot ") != NULL, "%s %s: %s",
			  paths[i][0], paths[i][1], resp);
		free(resp);
	}
	free(expect(200, "GET", "/health", NULL, NULL));
}
