/*
 * test_fixtures.c: the fixtures loader on its own (no HTTP): every problem
 * it reports with its JSON path and reason, all-or-nothing loading, the
 * API's normalisation (tag keys, jsonb order), environments, and the
 * export -> import round trip that GET/POST /__admin/state and the state
 * file rely on.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nm_fixtures.h"
#include "nm_handlers.h"

static nm_server srv;
static int dev, prod;
static nm_problems probs;

/*
 * The providers these tests use, in the catalogue's format: a small file,
 * so that each test does not parse Nango's whole catalogue.
 */
static const char *catalogue(void)
{
	static char path[64];
	FILE *f;
	snprintf(path, sizeof(path), "/tmp/nm-fixtures-providers-%d.json",
		 (int)getpid());
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"github\":{\"auth_mode\":\"OAUTH2\",\"display_name\":"
	      "\"GitHub (User OAuth)\"},\"private-api-bearer\":{\"auth_mode\":"
	      "\"API_KEY\",\"display_name\":\"Private API (Bearer Auth)\"},"
	      "\"unauthenticated\":{\"auth_mode\":\"NONE\",\"display_name\":"
	      "\"Unauthenticated\"}}", f);
	fclose(f);
	return path;
}

static void setup(void)
{
	char err[256];
	memset(&srv, 0, sizeof(srv));
	memset(&probs, 0, sizeof(probs));
	srv.cfg.store = nm_store_new();
	cr_assert_not_null(srv.cfg.store);
	cr_assert_eq(nm_store_env(srv.cfg.store, "dev", &dev), NM_OK);
	cr_assert_eq(nm_store_env(srv.cfg.store, "prod", &prod), NM_OK);
	srv.cfg.keys = calloc(2, sizeof(nm_key));
	strcpy(srv.cfg.keys[0].secret, "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11");
	srv.cfg.keys[0].env = dev;
	strcpy(srv.cfg.keys[1].secret, "6c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b12");
	srv.cfg.keys[1].env = prod;
	srv.cfg.n_keys = 2;
	cr_assert_eq(nm_providers_load(&srv, catalogue(), err, sizeof(err)), 0,
		     "%s", err);
}

static void teardown(void)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/nm-fixtures-providers-%d.json",
		 (int)getpid());
	unlink(path);
	nm_problems_free(&probs);
	nm_providers_free(&srv);
	free(srv.cfg.keys);
	nm_store_free(srv.cfg.store);
}

TestSuite(fixtures, .init = setup, .fini = teardown);

/* Reads and applies text; returns 0 or -1 (problems in probs). */
static int load_opts(const char *text, int only_env, int merge)
{
	nm_fixtures_opts o = {only_env >= 0 ? only_env : dev, only_env, merge};
	nm_fixset set;
	nj_value *doc = NULL;
	int rc;
	cr_assert_eq(nj_parse(&doc, text, strlen(text), NULL), NJ_OK, "%s",
		     text);
	nm_problems_free(&probs);
	rc = nm_fixtures_read(&set, &probs, &srv, doc, &o);
	if (rc == 0)
		rc = nm_fixtures_apply(&srv, &set, &o, 0, &probs);
	nm_fixset_free(&set);
	nj_free(doc);
	return rc;
}

static int load(const char *text)
{
	return load_opts(text, -1, 0);
}

/* The loader must refuse text with exactly this problem among others. */
static void expect_problem(const char *text, const char *path,
			   const char *message)
{
	size_t i;
	cr_assert_eq(load(text), -1, "accepted: %s", text);
	for (i = 0; i < probs.n; i++)
		if (!strcmp(probs.paths[i], path) &&
		    !strcmp(probs.messages[i], message))
			return;
	for (i = 0; i < probs.n; i++)
		cr_log_error("got %s: %s", probs.paths[i], probs.messages[i]);
	cr_assert_fail("no problem \"%s: %s\"", path, message);
}

/* The environment's state as fixtures text (caller frees). */
static char *export_text(int env)
{
	nm_dump d;
	nj_writer w;
	cr_assert_eq(nm_store_export(&d, srv.cfg.store, env), NM_OK);
	nj_w_init(&w);
	nm_fixtures_write(&w, &d, NULL, 1);
	nm_dump_clear(&d);
	return nj_buf_take(&w.buf, NULL);
}

static size_t count_connections(int env)
{
	nm_connection **list = NULL;
	nm_list_filter f;
	size_t n = 0;
	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	cr_assert_eq(nm_store_list(&list, &n, srv.cfg.store, env, &f), NM_OK);
	nm_connection_list_free(list, n);
	return n;
}

#define GH "{\"unique_key\":\"gh\",\"provider\":\"github\"}"

Test(fixtures, top_level_array_is_refused_with_its_type)
{
	expect_problem("[]", "(top level)",
		       "expected an object with integrations, end_users and "
		       "connections, got an array");
}

Test(fixtures, integrations_given_as_an_object_is_refused)
{
	expect_problem("{\"integrations\":{}}", "integrations",
		       "expected an array, got an object");
}

Test(fixtures, misspelled_top_level_key_is_reported)
{
	expect_problem("{\"intgrations\":[]}", "intgrations", "unknown key");
}

Test(fixtures, unknown_provider_is_reported_with_its_json_path)
{
	expect_problem("{\"integrations\":[{\"unique_key\":\"gh\","
		       "\"provider\":\"githbu\"}]}",
		       "integrations[0].provider", "unknown provider \"githbu\"");
}

Test(fixtures, missing_unique_key_is_required)
{
	expect_problem("{\"integrations\":[{\"provider\":\"github\"}]}",
		       "integrations[0].unique_key", "required");
}

Test(fixtures, unique_key_outside_the_api_pattern_is_refused)
{
	expect_problem("{\"integrations\":[{\"unique_key\":\"a b!\","
		       "\"provider\":\"github\"}]}",
		       "integrations[0].unique_key",
		       "Invalid string: must match pattern "
		       "/^[a-zA-Z0-9~:.@ _-]+$/");
}

Test(fixtures, unique_key_used_twice_in_one_environment_is_refused)
{
	expect_problem("{\"integrations\":[" GH "," GH "]}",
		       "integrations[1].unique_key",
		       "\"gh\" is already used by another integration of "
		       "environment \"dev\"");
}

Test(fixtures, same_unique_key_in_two_environments_is_fine)
{
	cr_assert_eq(load("{\"integrations\":[" GH ",{\"environment\":\"prod\","
			  "\"unique_key\":\"gh\",\"provider\":\"github\"}]}"), 0);
}

Test(fixtures, non_boolean_forward_webhooks_is_refused)
{
	expect_problem("{\"integrations\":[{\"unique_key\":\"gh\",\"provider\":"
		       "\"github\",\"forward_webhooks\":\"yes\"}]}",
		       "integrations[0].forward_webhooks",
		       "expected true or false, got a string");
}

Test(fixtures, environment_without_a_key_is_refused)
{
	expect_problem("{\"integrations\":[{\"environment\":\"staging\","
		       "\"unique_key\":\"gh\",\"provider\":\"github\"}]}",
		       "integrations[0].environment",
		       "unknown environment \"staging\" (no secret key is "
		       "configured for it)");
}

Test(fixtures, item_of_another_environment_is_refused_by_an_admin_load)
{
	cr_assert_eq(load_opts("{\"integrations\":[{\"environment\":\"prod\","
			       "\"unique_key\":\"gh\",\"provider\":\"github\"}]}",
			       dev, 0), -1);
	cr_assert_str_eq(probs.paths[0], "integrations[0].environment");
	cr_assert_str_eq(probs.messages[0], "\"prod\" is not the environment "
			 "of this secret key (\"dev\")");
}

Test(fixtures, item_that_is_not_an_object_is_refused)
{
	expect_problem("{\"connections\":[\"x\"]}", "connections[0]",
		       "expected an object, got a string");
}

Test(fixtures, connection_on_unknown_integration_is_refused)
{
	expect_problem("{\"connections\":[{\"connection_id\":\"a\","
		       "\"provider_config_key\":\"nope\"}]}",
		       "connections[0].provider_config_key",
		       "no integration \"nope\" in environment \"dev\"");
}

Test(fixtures, connection_id_outside_the_api_pattern_is_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a#b\",\"provider_config_key\":\"gh\"}]}",
		       "connections[0].connection_id",
		       "Invalid string: must match pattern "
		       "/^[a-zA-Z0-9,.;:=+~[\\]|@${}\"'\\\\/_ -]+$/");
}

Test(fixtures, connection_listed_twice_names_the_first)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":["
		       "{\"connection_id\":\"a\",\"provider_config_key\":\"gh\"},"
		       "{\"connection_id\":\"a\",\"provider_config_key\":\"gh\"}]}",
		       "connections[1]",
		       "connection \"a\" of integration \"gh\" is listed twice "
		       "(first: connections[0])");
}

Test(fixtures, id_given_twice_is_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":["
		       "{\"id\":7,\"connection_id\":\"a\",\"provider_config_key\":\"gh\"},"
		       "{\"id\":7,\"connection_id\":\"b\",\"provider_config_key\":\"gh\"}]}",
		       "connections[1].id", "id 7 is already used by connections[0]");
}

Test(fixtures, id_that_is_not_a_positive_integer_is_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":["
		       "{\"id\":1.5,\"connection_id\":\"a\",\"provider_config_key\":\"gh\"}]}",
		       "connections[0].id", "expected a positive integer, got a number");
}

Test(fixtures, timestamp_that_is_not_iso_8601_is_refused)
{
	expect_problem("{\"integrations\":[{\"unique_key\":\"gh\",\"provider\":"
		       "\"github\",\"created_at\":\"yesterday\"}]}",
		       "integrations[0].created_at",
		       "expected an ISO 8601 instant such as "
		       "\"2026-01-31T12:00:00.000Z\"");
}

Test(fixtures, metadata_that_is_an_array_is_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"metadata\":[1]}]}",
		       "connections[0].metadata",
		       "expected an object or null, got an array");
}

Test(fixtures, credentials_that_are_a_string_are_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"credentials\":\"t\"}]}",
		       "connections[0].credentials",
		       "expected an object, got a string");
}

Test(fixtures, tag_key_outside_the_api_pattern_is_refused_at_its_path)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"tags\":{\"bad key\":\"x\"}}]}",
		       "connections[0].tags.bad key", "Invalid key in record");
}

Test(fixtures, end_user_with_a_bad_email_is_refused_at_its_path)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"end_user\":{\"id\":\"u1\",\"email\":\"not-an-email\"}}]}",
		       "connections[0].end_user.email", "Invalid email address");
}

Test(fixtures, end_user_id_with_no_such_end_user_is_refused)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"end_user_id\":\"ghost\"}]}",
		       "connections[0].end_user_id",
		       "no end user \"ghost\" in end_users of this environment");
}

Test(fixtures, end_user_listed_twice_is_refused)
{
	expect_problem("{\"end_users\":[{\"id\":\"u\"},{\"id\":\"u\"}]}",
		       "end_users[1].id", "end user \"u\" is listed twice");
}

Test(fixtures, end_user_organization_without_id_is_refused)
{
	expect_problem("{\"end_users\":[{\"id\":\"u\",\"organization\":{}}]}",
		       "end_users[0].organization.id", "required");
}

Test(fixtures, unknown_connection_field_is_reported)
{
	expect_problem("{\"integrations\":[" GH "],\"connections\":[{"
		       "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
		       "\"metdata\":{}}]}",
		       "connections[0].metdata", "unknown key");
}

Test(fixtures, every_problem_is_reported_not_only_the_first)
{
	cr_assert_eq(load("{\"integrations\":[{\"unique_key\":\"gh\",\"provider\":"
			  "\"githbu\"},{\"provider\":\"github\"}],\"connections\":"
			  "[5,{\"provider_config_key\":\"gh\"}]}"), -1);
	cr_assert_eq(probs.n, 5);
	cr_assert_str_eq(probs.paths[0], "integrations[0].provider");
	cr_assert_str_eq(probs.paths[1], "integrations[1].unique_key");
	cr_assert_str_eq(probs.paths[2], "connections[0]");
	cr_assert_str_eq(probs.paths[3], "connections[1].connection_id");
	cr_assert_str_eq(probs.paths[4], "connections[1].provider_config_key");
}

Test(fixtures, a_refused_document_loads_nothing)
{
	cr_assert_eq(load("{\"integrations\":[" GH "],\"connections\":["
			  "{\"connection_id\":\"a\",\"provider_config_key\":\"gh\"},"
			  "{\"connection_id\":\"b\",\"provider_config_key\":\"x\"}]}"),
		     -1);
	cr_assert_eq(count_connections(dev), 0);
}

Test(fixtures, an_id_held_in_another_environment_loads_nothing)
{
	cr_assert_eq(load("{\"integrations\":[{\"environment\":\"prod\","
			  "\"unique_key\":\"gh\",\"provider\":\"github\"}],"
			  "\"connections\":[{\"environment\":\"prod\",\"id\":3,"
			  "\"connection_id\":\"p\",\"provider_config_key\":\"gh\"}]}"),
		     0);
	cr_assert_eq(load_opts("{\"integrations\":[" GH "],\"connections\":["
			       "{\"id\":3,\"connection_id\":\"a\","
			       "\"provider_config_key\":\"gh\"}]}", dev, 0), -1);
	cr_assert_str_eq(probs.paths[0], "connections[0].id");
	cr_assert_str_eq(probs.messages[0], "id 3 is held by another connection");
	cr_assert_eq(count_connections(dev), 0);
	cr_assert_eq(count_connections(prod), 1);
}

Test(fixtures, tag_keys_are_lower_cased_as_the_api_stores_them)
{
	nm_connection *c = NULL;
	cr_assert_eq(load("{\"integrations\":[" GH "],\"connections\":[{"
			  "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
			  "\"tags\":{\"Team\":\"Core\"}}]}"), 0);
	cr_assert_eq(nm_store_get(&c, srv.cfg.store, dev, "gh", "a", 0), NM_OK);
	cr_assert_str_eq(nj_get_string(c->tags, "team"), "Core");
	cr_assert_null(nj_object_get(c->tags, "Team"));
	nm_connection_free(c);
}

Test(fixtures, metadata_comes_back_in_jsonb_order)
{
	nm_connection *c = NULL;
	nj_buf b = NJ_BUF_INIT;
	cr_assert_eq(load("{\"integrations\":[" GH "],\"connections\":[{"
			  "\"connection_id\":\"a\",\"provider_config_key\":\"gh\","
			  "\"metadata\":{\"zz\":1,\"a\":2}}]}"), 0);
	cr_assert_eq(nm_store_get(&c, srv.cfg.store, dev, "gh", "a", 0), NM_OK);
	nj_buf_value(&b, c->metadata);
	nj_buf_putc(&b, '\0');
	cr_assert_str_eq(b.ptr, "{\"a\":2,\"zz\":1}");
	nj_buf_free(&b);
	nm_connection_free(c);
}

Test(fixtures, items_without_environment_go_to_the_first_configured_one)
{
	cr_assert_eq(load("{\"integrations\":[" GH "],\"connections\":[{"
			  "\"connection_id\":\"a\",\"provider_config_key\":\"gh\"}]}"),
		     0);
	cr_assert_eq(count_connections(dev), 1);
	cr_assert_eq(count_connections(prod), 0);
}

Test(fixtures, items_naming_an_environment_go_there)
{
	cr_assert_eq(load("{\"integrations\":[{\"environment\":\"prod\","
			  "\"unique_key\":\"gh\",\"provider\":\"github\"}],"
			  "\"connections\":[{\"environment\":\"prod\","
			  "\"connection_id\":\"a\",\"provider_config_key\":\"gh\"}]}"),
		     0);
	cr_assert_eq(count_connections(dev), 0);
	cr_assert_eq(count_connections(prod), 1);
}

Test(fixtures, seed_file_loads)
{
	nm_fixtures_opts o = {0, -1, 0};
	char err[512];
	nm_fixset set;
	o.default_env = dev;
	cr_assert_eq(nm_fixtures_load_file(&set, &srv, NM_TEST_SEED, &o, err,
					   sizeof(err)), 0, "%s", err);
	cr_assert_eq(nm_fixtures_apply(&srv, &set, &o, 0, &probs), 0);
	nm_fixset_free(&set);
	cr_assert_eq(count_connections(dev), 2);
}

Test(fixtures, file_that_is_not_json_names_the_file_and_v8_message)
{
	nm_fixtures_opts o = {0, -1, 0};
	char err[512], path[] = "/tmp/nm-fixtures-XXXXXX";
	nm_fixset set;
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "{\"a\":", 5), 5);
	close(fd);
	cr_assert_eq(nm_fixtures_load_file(&set, &srv, path, &o, err,
					   sizeof(err)), -1);
	unlink(path);
	cr_assert(strstr(err, path) != NULL, "%s", err);
	cr_assert(strstr(err, "not JSON: Unexpected end of JSON input") != NULL,
		  "%s", err);
}

Test(fixtures, missing_file_is_reported_with_the_reason)
{
	nm_fixtures_opts o = {0, -1, 0};
	char err[512];
	nm_fixset set;
	cr_assert_eq(nm_fixtures_load_file(&set, &srv, "/nonexistent/f.json",
					   &o, err, sizeof(err)), -1);
	cr_assert_str_eq(err, "cannot open /nonexistent/f.json: No such file "
			 "or directory");
}

static const char rich[] =
	"{\"integrations\":[{\"unique_key\":\"gh\",\"provider\":\"github\","
	"\"display_name\":\"Mine\",\"forward_webhooks\":false,"
	"\"created_at\":\"2026-01-02T03:04:05.123456Z\","
	"\"updated_at\":\"2026-01-03T03:04:05.000001Z\"}],"
	"\"end_users\":[{\"id\":\"u1\",\"display_name\":\"U\",\"email\":"
	"\"u@example.com\",\"tags\":{\"K\":\"v\"},\"organization\":{\"id\":\"o1\","
	"\"display_name\":\"Org\"}},{\"id\":\"lonely\"}],"
	"\"connections\":[{\"id\":41,\"connection_id\":\"a\","
	"\"provider_config_key\":\"gh\",\"created_at\":\"2026-02-01T00:00:00.5Z\","
	"\"updated_at\":\"2026-02-02T00:00:00Z\",\"last_fetched_at\":null,"
	"\"metadata\":{\"b\":1},\"connection_config\":{\"x\":\"y\"},"
	"\"tags\":{\"team\":\"core\"},\"credentials\":{\"type\":\"API_KEY\","
	"\"apiKey\":\"k\"},\"webhook_url_override\":\"https://h.example/x\","
	"\"end_user_id\":\"u1\"},{\"connection_id\":\"b\","
	"\"provider_config_key\":\"gh\",\"end_user\":{\"id\":\"u2\"}}]}";

Test(fixtures, export_then_import_gives_the_same_state_ids_and_times_included)
{
	char *first, *second;
	cr_assert_eq(load(rich), 0);
	first = export_text(dev);
	cr_assert(strstr(first, "\"id\":41") != NULL, "%s", first);
	cr_assert(strstr(first, "\"created_at\":\"2026-01-02T03:04:05.123456Z\"")
		  != NULL, "%s", first);
	cr_assert(strstr(first, "\"id\":42,\"connection_id\":\"b\"") != NULL,
		  "a fresh id comes after every given one: %s", first);
	cr_assert_eq(load_opts(first, prod, 0), -1, "ids held in dev");
	cr_assert_str_eq(probs.messages[0], "id 41 is held by another connection");
	cr_assert_eq(load_opts("{}", dev, 0), 0);
	cr_assert_eq(count_connections(dev), 0);
	cr_assert_eq(load_opts(first, prod, 0), 0, "%s",
		     probs.n ? probs.messages[0] : "");
	second = export_text(prod);
	cr_assert_str_eq(second, first);
	free(first);
	free(second);
}

Test(fixtures, replace_empties_the_environment_first)
{
	cr_assert_eq(load(rich), 0);
	cr_assert_eq(load_opts("{\"integrations\":[" GH "]}", dev, 0), 0);
	cr_assert_eq(count_connections(dev), 0);
}

Test(fixtures, merge_keeps_what_the_document_does_not_name)
{
	nm_connection *c = NULL;
	cr_assert_eq(load(rich), 0);
	cr_assert_eq(load_opts("{\"connections\":[{\"connection_id\":\"c\","
			       "\"provider_config_key\":\"gh\"},{\"connection_id\":"
			       "\"a\",\"provider_config_key\":\"gh\","
			       "\"metadata\":{\"new\":true}}]}", dev, 1), 0,
		     "%s", probs.n ? probs.messages[0] : "");
	cr_assert_eq(count_connections(dev), 3);
	cr_assert_eq(nm_store_get(&c, srv.cfg.store, dev, "gh", "a", 0), NM_OK);
	cr_assert_eq(c->id, 41, "a merged connection keeps its id");
	cr_assert(nj_object_get(c->metadata, "new") != NULL);
	nm_connection_free(c);
}
