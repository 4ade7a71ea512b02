/*
 * test_scenarios.c: stateful behaviour that a single request/response pair
 * cannot show. State is made through the public API only, with keys and
 * ids unique to the run, so it passes against a shared live Nango too.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nc_support.h"

static char key[64];

static void setup_github(void)
{
	nc_unique(key, sizeof(key), "sc-");
	cr_assert_eq(nc_integration(key, "github"), 0, "integration %s", key);
}

static void setup_bearer(void)
{
	nc_unique(key, sizeof(key), "sb-");
	cr_assert_eq(nc_integration(key, "private-api-bearer"), 0);
}

static void teardown(void)
{
	nc_integration_delete(key);
}

/* POSTs a legacy import of an OAUTH2 token "t" with these extra fields. */
static void legacy_import(const char *id, const char *fields)
{
	char body[1024];
	nc_response r;
	snprintf(body, sizeof(body),
		 "{\"connection_id\":\"%s\",\"provider_config_key\":\"%s\","
		 "\"access_token\":\"t\"%s}", id, key, fields);
	cr_assert_eq(nc_api(&r, "POST", "/connection", body), 0);
	cr_assert_eq(r.status, 201, "import: %ld %s", r.status, r.body);
	nc_response_free(&r);
}

/* The parsed GET /connection/:id of a connection on key. */
static nj_value *get_connection(const char *id)
{
	char path[256];
	nc_response r;
	nj_value *v = NULL;
	snprintf(path, sizeof(path), "/connection/%s?provider_config_key=%s",
		 id, key);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_assert_eq(r.status, 200, "get: %ld %s", r.status, r.body);
	cr_assert_eq(nj_parse(&v, r.body, r.body_len, NULL), NJ_OK);
	nc_response_free(&r);
	return v;
}

/* Imports a token that never expires (plus extra fields), then GETs it. */
static nj_value *import_and_get(const char *id, const char *extra)
{
	char fields[512];
	snprintf(fields, sizeof(fields), ",\"no_expiration\":true%s",
		 extra ? extra : "");
	legacy_import(id, fields);
	return get_connection(id);
}

static double num(const nj_value *o, const char *k)
{
	const nj_value *v = nj_object_get(o, k);
	cr_assert(v && v->type == NJ_NUMBER, "%s is not a number", k);
	return v->num;
}

Test(scenarios, legacy_create_twice_upserts_keeping_id_and_created_at,
     .init = setup_github, .fini = teardown)
{
	nj_value *a = import_and_get("same", NULL);
	nj_value *b = import_and_get("same", ",\"access_token\":\"t2\"");
	cr_expect_eq(num(a, "id"), num(b, "id"));
	cr_expect_str_eq(nj_get_string(a, "created_at"),
			 nj_get_string(b, "created_at"));
	cr_expect_str_eq(nj_get_string(nj_object_get(b, "credentials"),
				       "access_token"), "t2");
	cr_expect(nc_is_iso_tz(nj_get_string(b, "last_fetched_at")));
	nj_free(a);
	nj_free(b);
}

Test(scenarios, delete_then_recreate_gives_a_new_id,
     .init = setup_github, .fini = teardown)
{
	char path[256];
	nc_response r;
	nj_value *a = import_and_get("gone", NULL), *b;
	snprintf(path, sizeof(path), "/connection/gone?provider_config_key=%s",
		 key);
	cr_assert_eq(nc_api(&r, "DELETE", path, NULL), 0);
	cr_expect_eq(r.status, 200);
	cr_expect_str_eq(r.body, "{\"success\":true}");
	nc_response_free(&r);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_expect_eq(r.status, 404);
	cr_expect_str_eq(r.body, "{\"error\":{\"code\":\"not_found\",\"message\":"
				 "\"Failed to find connection\"}}");
	nc_response_free(&r);
	b = import_and_get("gone", NULL);
	cr_expect_gt(num(b, "id"), num(a, "id"));
	nj_free(a);
	nj_free(b);
}

static const char *metadata_after(const char *method, const char *body,
				  char *out, size_t n)
{
	char path[256];
	nc_response r;
	nj_value *v = NULL;
	nj_buf b = NJ_BUF_INIT;
	snprintf(path, sizeof(path), "/connection/md/metadata?"
		 "provider_config_key=%s", key);
	cr_assert_eq(nc_api(&r, method, path, body), 0);
	cr_expect_eq(r.status, strcmp(method, "POST") ? 200 : 201);
	cr_expect_str_eq(r.body, body, "the response echoes the body");
	nc_response_free(&r);
	snprintf(path, sizeof(path), "/connection/md?provider_config_key=%s",
		 key);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_assert_eq(nj_parse(&v, r.body, r.body_len, NULL), NJ_OK);
	nj_buf_value(&b, nj_object_get(v, "metadata"));
	snprintf(out, n, "%s", b.ptr);
	nj_buf_free(&b);
	nj_free(v);
	nc_response_free(&r);
	return out;
}

Test(scenarios, set_metadata_replaces_and_update_merges_shallowly,
     .init = setup_github, .fini = teardown)
{
	char got[512];
	nj_free(import_and_get("md", ",\"metadata\":{\"old\":1}"));
	cr_expect_str_eq(metadata_after("POST", "{\"name\":\"test\",\"host\":"
					"{\"a\":1}}", got, sizeof(got)),
			 "{\"host\":{\"a\":1},\"name\":\"test\"}");
	cr_expect_str_eq(metadata_after("PATCH", "{\"host\":{\"b\":2},\"n\":"
					"null}", got, sizeof(got)),
			 "{\"n\":null,\"host\":{\"b\":2},\"name\":\"test\"}");
	cr_expect_str_eq(metadata_after("POST", "{\"additionalName\":"
					"\"test23\"}", got, sizeof(got)),
			 "{\"additionalName\":\"test23\"}");
}

Test(scenarios, list_is_newest_first_and_paginates,
     .init = setup_bearer, .fini = teardown)
{
	char body[256], path[256];
	const char *ids[] = {"p1", "p2", "p3"};
	nc_response r;
	size_t i;
	for (i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), "{\"connection_id\":\"%s\","
			 "\"provider_config_key\":\"%s\",\"api_key\":\"k\"}",
			 ids[i], key);
		cr_assert_eq(nc_api(&r, "POST", "/connection", body), 0);
		cr_assert_eq(r.status, 201);
		nc_response_free(&r);
	}
	snprintf(path, sizeof(path), "/connection?integrationId=%s&limit=2", key);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_expect_eq(r.status, 200);
	cr_expect(strstr(r.body, "\"p3\"") && strstr(r.body, "\"p2\"") &&
		  !strstr(r.body, "\"p1\"") &&
		  strstr(r.body, "\"p3\"") < strstr(r.body, "\"p2\""),
		  "newest first: %s", r.body);
	nc_response_free(&r);
	snprintf(path, sizeof(path), "/connection?integrationId=%s&limit=2&page=1",
		 key);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_expect(strstr(r.body, "\"p1\"") && !strstr(r.body, "\"p2\""),
		  "second page: %s", r.body);
	nc_response_free(&r);
}

Test(scenarios, api_key_reimport_without_metadata_wipes_it,
     .init = setup_bearer, .fini = teardown)
{
	char body[256], path[256];
	nc_response r;
	snprintf(body, sizeof(body), "{\"connection_id\":\"w\",\"provider_config_key"
		 "\":\"%s\",\"api_key\":\"k\",\"metadata\":{\"m\":1}}", key);
	cr_assert_eq(nc_api(&r, "POST", "/connection", body), 0);
	nc_response_free(&r);
	snprintf(body, sizeof(body), "{\"connection_id\":\"w\",\"provider_config_key"
		 "\":\"%s\",\"api_key\":\"k2\"}", key);
	cr_assert_eq(nc_api(&r, "POST", "/connection", body), 0);
	cr_expect_eq(r.status, 201);
	nc_response_free(&r);
	snprintf(path, sizeof(path), "/connection/w?provider_config_key=%s", key);
	cr_assert_eq(nc_api(&r, "GET", path, NULL), 0);
	cr_expect(strstr(r.body, "\"metadata\":null,") != NULL, "%s", r.body);
	cr_expect(strstr(r.body, "\"credentials\":{\"type\":\"API_KEY\","
				 "\"apiKey\":\"k2\"}}") != NULL, "%s", r.body);
	nc_response_free(&r);
}

/* Imports an OAUTH2 token with this expires_at, waits a little, GETs it. */
static nj_value *import_expiring_and_get(const char *id, const char *expires)
{
	char fields[256];
	snprintf(fields, sizeof(fields), ",\"expires_at\":\"%s\"", expires);
	legacy_import(id, fields);
	usleep(20000); /* so that a later time differs from created_at */
	return get_connection(id);
}

/*
 * Live Nango 0.71.4: reading credentials that have expired (and cannot be
 * refreshed: no refresh token) rewrites the row, so updated_at becomes the
 * GET's time, like last_fetched_at. Fresh credentials leave it alone.
 */
Test(scenarios, get_of_expired_credentials_sets_updated_at_to_the_read_time,
     .init = setup_github, .fini = teardown)
{
	nj_value *old = import_expiring_and_get("expired",
						"2000-01-01T00:00:00Z");
	nj_value *fresh = import_expiring_and_get("fresh",
						  "2099-01-01T00:00:00Z");
	cr_expect_str_eq(nj_get_string(old, "updated_at"),
			 nj_get_string(old, "last_fetched_at"));
	cr_expect_str_neq(nj_get_string(old, "updated_at"),
			  nj_get_string(old, "created_at"));
	cr_expect_str_eq(nj_get_string(fresh, "updated_at"),
			 nj_get_string(fresh, "created_at"));
	cr_expect_str_neq(nj_get_string(fresh, "updated_at"),
			  nj_get_string(fresh, "last_fetched_at"));
	nj_free(old);
	nj_free(fresh);
}
