/*
 * test_client_level.c: the scenarios again, through libnango's public API,
 * checking the typed results. Same target as the rest of the suite (the
 * mock in ctest, a live Nango with NANGO_TEST_*), so the client is proven
 * against both.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "nango/nango.h"
#include "nc_support.h"

static char key[64];
static nango_client *client;

static void open_client(const char *provider, const char *prefix)
{
	nango_options o = NANGO_OPTIONS_INIT;
	o.base_url = nc_base_url();
	o.secret_key = nc_secret();
	cr_assert_eq(nango_client_new(&client, &o), NANGO_OK);
	nc_unique(key, sizeof(key), prefix);
	cr_assert_eq(nc_integration(key, provider), 0, "integration %s", key);
}

static void setup_github(void)
{
	open_client("github", "cl-");
}

static void setup_bearer(void)
{
	open_client("private-api-bearer", "cb-");
}

static void teardown(void)
{
	nc_integration_delete(key);
	nango_client_free(client);
	client = NULL;
}

/* Asserts rc, printing the client's detail when it differs. */
#define EXPECT_RC(expr, want)                                                \
	do {                                                                  \
		int rc_ = (expr);                                             \
		cr_assert_eq(rc_, (want), "%s: got %s (HTTP %d %s: %s)", #expr,  \
			     nango_error_string(rc_), nango_client_last_status(client),   \
			     nango_client_last_code(client),                   \
			     nango_client_last_message(client));               \
	} while (0)

TestSuite(client_level, .init = setup_github, .fini = teardown);

Test(client_level, legacy_import_then_get_returns_typed_oauth2_connection)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nango_connection *c = NULL;
	nango_get_params g = NANGO_GET_PARAMS_INIT;
	nango_json *echo = NULL;
	const char *s;
	char id[64];
	nc_unique(id, sizeof(id), "c/ ");
	g.refresh_token = 1;
	p.provider_config_key = key;
	p.connection_id = id;
	p.access_token = "tok";
	p.refresh_token = "rt";
	p.expires_at = "2099-01-01T00:00:00Z";
	p.metadata_json = "{\"b\":1,\"a\":{\"y\":true}}";
	EXPECT_RC(nango_connection_create_legacy(&echo, client, &p), NANGO_OK);
	cr_assert_eq(nango_client_last_status(client), 201);
	cr_assert_eq(nango_json_get_string(&s, echo, "connection_id"), NANGO_OK);
	cr_assert_str_eq(s, id);
	EXPECT_RC(nango_connection_get(&c, client, key, id, NULL), NANGO_OK);
	cr_assert_str_eq(c->connection_id, id);
	cr_assert_str_eq(c->provider, "github");
	cr_assert(c->id > 0);
	cr_assert_str_eq(nango_json_text(c->metadata),
			 "{\"a\":{\"y\":true},\"b\":1}");
	cr_assert_eq(nango_json_get_string(&s, c->credentials, "access_token"),
		     NANGO_OK);
	cr_assert_str_eq(s, "tok");
	cr_assert_eq(nango_json_get_string(&s, c->credentials, "refresh_token"),
		     NANGO_ENOTFOUND);
	cr_assert(nc_is_iso_tz(c->created_at.text));
	cr_assert(c->created_at.seconds > 1700000000);
	cr_assert_not_null(c->last_fetched_at.text);
	nango_connection_free(c);
	EXPECT_RC(nango_connection_get(&c, client, key, id, &g), NANGO_OK);
	cr_assert_eq(nango_json_get_string(&s, c->credentials, "refresh_token"),
		     NANGO_OK);
	cr_assert_str_eq(s, "rt");
	nango_connection_free(c);
	nango_json_free(echo);
}

Test(client_level, import_with_end_user_and_tags_then_patch_and_list)
{
	static const char *const tags[] = {"Team", "core", NULL};
	static const char *const new_tags[] = {"only", "t", NULL};
	nango_end_user_params u = NANGO_END_USER_PARAMS_INIT;
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_patch_params patch = NANGO_PATCH_PARAMS_INIT;
	nango_list_params lp = NANGO_LIST_PARAMS_INIT;
	nango_connection *c = NULL, *g = NULL;
	nango_connection_array *l = NULL;
	const char *s;
	char id[64], eu[64];
	nc_unique(id, sizeof(id), "imp-");
	nc_unique(eu, sizeof(eu), "eu-");
	u.id = eu;
	u.email = "jane@example.com";
	u.display_name = "Jane";
	patch.set_tags = 1;
	patch.tags = new_tags;
	patch.webhook_url_override = "https://example.com/h";
	p.provider_config_key = key;
	p.connection_id = id;
	p.credentials_type = "OAUTH2";
	p.access_token = "a1";
	p.end_user = &u;
	p.tags = tags;
	EXPECT_RC(nango_connection_create(&c, client, &p), NANGO_OK);
	cr_assert_eq(nango_client_last_status(client), 201);
	cr_assert_str_eq(c->end_user->id, eu);
	cr_assert_str_eq(c->end_user->email, "jane@example.com");
	cr_assert_eq(nango_json_get_string(&s, c->tags, "team"), NANGO_OK);
	cr_assert_str_eq(s, "core");
	cr_assert_eq(nango_json_get_string(&s, c->tags, "end_user_id"), NANGO_OK);
	cr_assert_str_eq(s, eu);
	cr_assert(nc_is_iso_z(c->created_at.text));
	EXPECT_RC(nango_connection_patch(client, key, id, &patch), NANGO_OK);
	EXPECT_RC(nango_connection_get(&g, client, key, id, NULL), NANGO_OK);
	cr_assert_str_eq(nango_json_text(g->tags), "{\"only\":\"t\"}");
	cr_assert_str_eq(g->webhook_url_override, "https://example.com/h");
	cr_assert_str_eq(g->end_user->id, eu);
	lp.end_user_id = eu;
	EXPECT_RC(nango_connection_list(&l, client, &lp), NANGO_OK);
	cr_assert_eq(l->count, 1);
	cr_assert_str_eq(l->items[0].connection_id, id);
	cr_assert_eq(l->items[0].id, c->id);
	cr_assert(nc_is_iso_tz(l->items[0].created_at.text));
	nango_connection_array_free(l);
	nango_connection_free(c);
	nango_connection_free(g);
}

Test(client_level, metadata_set_replaces_and_update_merges_on_both_routes)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nango_connection *c = NULL;
	const char *ids[2];
	char a[64], b[64];
	nc_unique(a, sizeof(a), "ma-");
	nc_unique(b, sizeof(b), "mb-");
	ids[0] = a;
	ids[1] = b;
	p.provider_config_key = key;
	p.access_token = "t";
	p.no_expiration = 1;
	p.connection_id = a;
	EXPECT_RC(nango_connection_create_legacy(NULL, client, &p), NANGO_OK);
	p.connection_id = b;
	EXPECT_RC(nango_connection_create_legacy(NULL, client, &p), NANGO_OK);
	EXPECT_RC(nango_metadata_set(client, key, ids, 2, "{\"x\":1,\"y\":2}"),
		  NANGO_OK);
	cr_assert_eq(nango_client_last_status(client), 201);
	EXPECT_RC(nango_metadata_update(client, key, ids, 1, "{\"z\":3}"),
		  NANGO_OK);
	cr_assert_eq(nango_client_last_status(client), 200);
	EXPECT_RC(nango_metadata_set_legacy(client, key, b, "{\"only\":1}"),
		  NANGO_OK);
	EXPECT_RC(nango_metadata_update_legacy(client, key, b, "{\"more\":2}"),
		  NANGO_OK);
	EXPECT_RC(nango_connection_get(&c, client, key, a, NULL), NANGO_OK);
	cr_assert_str_eq(nango_json_text(c->metadata),
			 "{\"x\":1,\"y\":2,\"z\":3}");
	nango_connection_free(c);
	EXPECT_RC(nango_connection_get(&c, client, key, b, NULL), NANGO_OK);
	cr_assert_str_eq(nango_json_text(c->metadata),
			 "{\"more\":2,\"only\":1}");
	nango_connection_free(c);
}

Test(client_level, missing_connections_are_enotfound_with_nangos_detail)
{
	const char *ids[] = {"nope-1", "nope-2"};
	nango_connection *c = NULL;
	EXPECT_RC(nango_connection_get(&c, client, key, "nope", NULL),
		  NANGO_ENOTFOUND);
	cr_assert_null(c);
	cr_assert_eq(nango_client_last_status(client), 404);
	cr_assert_str_eq(nango_client_last_code(client), "not_found");
	cr_assert_str_eq(nango_client_last_message(client),
			 "Failed to find connection");
	EXPECT_RC(nango_connection_delete(client, key, "nope"), NANGO_ENOTFOUND);
	cr_assert_eq(nango_client_last_status(client), 400);
	cr_assert_str_eq(nango_client_last_code(client), "unknown_connection");
	EXPECT_RC(nango_metadata_set(client, key, ids, 2, "{}"), NANGO_ENOTFOUND);
	cr_assert(strstr(nango_client_last_message(client),
			 "No actions were taken") != NULL);
}

Test(client_level, unknown_integration_and_invalid_body_are_typed)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_connection *c = NULL;
	const nango_error_item *it;
	char other[80];
	snprintf(other, sizeof(other), "%s-missing", key);
	EXPECT_RC(nango_connection_get(&c, client, other, "x", NULL),
		  NANGO_EINTEGRATION);
	cr_assert_str_eq(nango_client_last_code(client), "unknown_provider_config");
	p.provider_config_key = other;
	p.credentials_type = "OAUTH2";
	p.access_token = "t";
	EXPECT_RC(nango_connection_create(&c, client, &p), NANGO_EINTEGRATION);
	cr_assert_eq(nango_client_last_status(client), 404);
	p.provider_config_key = key;
	p.access_token = NULL;
	EXPECT_RC(nango_connection_create(&c, client, &p), NANGO_EINVALID);
	cr_assert_str_eq(nango_client_last_code(client), "invalid_body");
	cr_assert_eq(nango_client_last_item_count(client), 1);
	it = nango_client_last_item(client, 0);
	cr_assert_str_eq(it->code, "invalid_type");
	cr_assert_str_eq(it->path, "[\"credentials\",\"access_token\"]");
	cr_assert_null(nango_client_last_item(client, 1));
}

Test(client_level, delete_then_get_is_not_found)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nango_connection *c = NULL;
	char id[64];
	nc_unique(id, sizeof(id), "del-");
	p.provider_config_key = key;
	p.connection_id = id;
	p.access_token = "t";
	p.no_expiration = 1;
	EXPECT_RC(nango_connection_create_legacy(NULL, client, &p), NANGO_OK);
	EXPECT_RC(nango_connection_delete(client, key, id), NANGO_OK);
	EXPECT_RC(nango_connection_get(&c, client, key, id, NULL),
		  NANGO_ENOTFOUND);
}

Test(client_level_keys, a_wrong_secret_key_is_eauth_with_unknown_account)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_connection_array *l = NULL;
	o.base_url = nc_base_url();
	o.secret_key = "00000000-0000-4000-8000-000000000000";
	cr_assert_eq(nango_client_new(&client, &o), NANGO_OK);
	EXPECT_RC(nango_connection_list(&l, client, NULL), NANGO_EAUTH);
	cr_assert_eq(nango_client_last_status(client), 401);
	cr_assert_str_eq(nango_client_last_code(client), "unknown_account");
	cr_assert_null(l);
	nango_client_free(client);
	client = NULL;
}

Test(client_level_api_key, api_key_import_exposes_the_key_by_accessor,
     .init = setup_bearer, .fini = teardown)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_connection *c = NULL;
	const char *s;
	p.provider_config_key = key;
	p.credentials_type = "API_KEY";
	p.api_key = "secret-key";
	EXPECT_RC(nango_connection_create(&c, client, &p), NANGO_OK);
	cr_assert_eq(strlen(c->connection_id), 36); /* a generated UUID */
	cr_assert_eq(nango_json_get_string(&s, c->credentials, "apiKey"), NANGO_OK);
	cr_assert_str_eq(s, "secret-key");
	cr_assert_str_eq(nango_json_text(c->metadata), "{}");
	nango_connection_free(c);
}
