/*
 * test_client.c: libnango without a remote server. Request building (URLs,
 * query strings, bodies) byte for byte, response parsing of every response
 * shape of the spec, including unusual but legal JSON, error mapping and
 * argument checks. The retry policy and transport: test_retry.c (same
 * binary).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nango_internal.h"

static char *built(nj_buf *b)
{
	return b->ptr ? b->ptr : "";
}

static nj_value *json(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	return v;
}

Test(request, connection_id_is_percent_encoded_like_encodeURIComponent)
{
	nj_buf b = NJ_BUF_INIT;
	nango__get_path(&b, "my key", "a/b c?#%é", NULL);
	cr_assert_str_eq(built(&b), "/connections/a%2Fb%20c%3F%23%25%C3%A9"
				    "?provider_config_key=my%20key");
	nj_buf_free(&b);
}

Test(request, get_sends_only_the_flags_that_are_set_on_the_legacy_route)
{
	nango_get_params p = NANGO_GET_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.legacy_route = 1;
	p.refresh_token = 1;
	p.refresh_github_app_jwt_token = 1;
	nango__get_path(&b, "gh", "x", &p);
	cr_assert_str_eq(built(&b), "/connection/x?provider_config_key=gh"
				    "&refresh_token=true"
				    "&refresh_github_app_jwt_token=true");
	nj_buf_free(&b);
}

Test(request, list_without_params_is_the_bare_modern_route)
{
	nj_buf b = NJ_BUF_INIT;
	nango__list_path(&b, NULL);
	cr_assert_str_eq(built(&b), "/connections");
	nj_buf_free(&b);
}

Test(request, list_sends_every_filter_in_order_with_encoded_tags)
{
	static const char *const tags[] = {"Team", "a b", "x", "1&2", NULL};
	nango_list_params p = NANGO_LIST_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.legacy_route = 1;
	p.connection_id = "c/1";
	p.search = "jo%";
	p.end_user_id = "u 1";
	p.end_user_organization_id = "org";
	p.integration_id = "gh,slack";
	p.tags = tags;
	p.limit = 20;
	p.page = 2;
	nango__list_path(&b, &p);
	cr_assert_str_eq(built(&b),
			 "/connection?connectionId=c%2F1&search=jo%25"
			 "&endUserId=u%201&endUserOrganizationId=org"
			 "&integrationId=gh%2Cslack&tags%5BTeam%5D=a%20b"
			 "&tags%5Bx%5D=1%262&limit=20&page=2");
	nj_buf_free(&b);
}

Test(request, legacy_create_body_has_only_given_fields_and_embeds_json)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.provider_config_key = "gh";
	p.connection_id = "c\"1";
	p.access_token = "t";
	p.expires_in = 3600;
	p.no_expiration = 1;
	p.metadata_json = " { \"z\" : 1, \"a\" : [true, null] } ";
	cr_assert_eq(nango__create_legacy_body(&b, &p), NANGO_OK);
	cr_assert_str_eq(built(&b),
			 "{\"connection_id\":\"c\\\"1\",\"provider_config_key\":"
			 "\"gh\",\"access_token\":\"t\",\"expires_in\":3600,"
			 "\"no_expiration\":true,\"metadata\":{\"z\":1,\"a\":"
			 "[true,null]}}");
	nj_buf_free(&b);
}

Test(request, create_rejects_metadata_that_is_not_a_json_object)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.provider_config_key = "gh";
	p.metadata_json = "[1]";
	cr_assert_eq(nango__create_legacy_body(&b, &p), NANGO_EARG);
	p.metadata_json = "{bad";
	cr_assert_eq(nango__create_legacy_body(&b, &p), NANGO_EARG);
	p.provider_config_key = NULL;
	p.metadata_json = NULL;
	cr_assert_eq(nango__create_legacy_body(&b, &p), NANGO_EARG);
	cr_assert_null(b.ptr);
}

Test(request, import_writes_the_oauth2_variant_end_user_and_tags)
{
	static const char *const tags[] = {"Env", "prod", NULL};
	static const char *const eu_tags[] = {"k", "v", NULL};
	nango_end_user_params u = NANGO_END_USER_PARAMS_INIT;
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	u.id = "u1";
	u.email = "a@b.co";
	u.display_name = "Ann";
	u.tags = eu_tags;
	p.provider_config_key = "gh";
	p.credentials_type = "OAUTH2";
	p.access_token = "at";
	p.refresh_token = "rt";
	p.expires_at = "2099-01-01T00:00:00Z";
	p.client_secret = "cs";
	p.api_key = "ignored by OAUTH2";
	p.end_user = &u;
	p.tags = tags;
	p.webhook_url_override = "";
	cr_assert_eq(nango__create_body(&b, &p), NANGO_OK);
	cr_assert_str_eq(built(&b),
			 "{\"provider_config_key\":\"gh\",\"credentials\":"
			 "{\"type\":\"OAUTH2\",\"access_token\":\"at\","
			 "\"refresh_token\":\"rt\",\"expires_at\":"
			 "\"2099-01-01T00:00:00Z\",\"config_override\":"
			 "{\"client_secret\":\"cs\"}},\"end_user\":{\"id\":"
			 "\"u1\",\"email\":\"a@b.co\",\"display_name\":\"Ann\","
			 "\"tags\":{\"k\":\"v\"}},\"tags\":{\"Env\":\"prod\"},"
			 "\"webhook_url_override\":\"\"}");
	nj_buf_free(&b);
}

Test(request, import_maps_each_credentials_type_to_its_fields)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.provider_config_key = "k";
	p.credentials_type = "OAUTH2_CC";
	p.access_token = "tok";
	p.client_id = "id";
	p.client_secret = "sec";
	cr_assert_eq(nango__create_body(&b, &p), NANGO_OK);
	cr_assert_str_eq(built(&b), "{\"provider_config_key\":\"k\","
				    "\"credentials\":{\"type\":\"OAUTH2_CC\","
				    "\"token\":\"tok\",\"client_id\":\"id\","
				    "\"client_secret\":\"sec\"}}");
	nj_buf_free(&b);
	p.credentials_type = NULL;
	p.credentials_json = "{\"type\":\"NONE\"}";
	cr_assert_eq(nango__create_body(&b, &p), NANGO_OK);
	cr_assert_str_eq(built(&b), "{\"provider_config_key\":\"k\","
				    "\"credentials\":{\"type\":\"NONE\"}}");
	nj_buf_free(&b);
	p.credentials_json = NULL;
	cr_assert_eq(nango__create_body(&b, &p), NANGO_EARG);
}

Test(request, patch_sends_empty_tags_and_empty_webhook_to_clear_them)
{
	nango_patch_params p = NANGO_PATCH_PARAMS_INIT;
	nj_buf b = NJ_BUF_INIT;
	p.set_tags = 1;
	p.webhook_url_override = "";
	cr_assert_eq(nango__patch_body(&b, &p), NANGO_OK);
	cr_assert_str_eq(built(&b),
			 "{\"tags\":{},\"webhook_url_override\":\"\"}");
	nj_buf_free(&b);
	cr_assert_eq(nango__patch_body(&b, NULL), NANGO_OK);
	cr_assert_str_eq(built(&b), "{}");
	nj_buf_free(&b);
}

Test(request, metadata_body_uses_a_string_for_one_id_and_an_array_for_more)
{
	const char *ids[] = {"a", "b"};
	nj_buf b = NJ_BUF_INIT;
	cr_assert_eq(nango__metadata_body(&b, "k", ids, 1, "{\"x\":1}"),
		     NANGO_OK);
	cr_assert_str_eq(built(&b), "{\"connection_id\":\"a\","
				    "\"provider_config_key\":\"k\","
				    "\"metadata\":{\"x\":1}}");
	nj_buf_free(&b);
	cr_assert_eq(nango__metadata_body(&b, "k", ids, 2, "{}"), NANGO_OK);
	cr_assert_str_eq(built(&b), "{\"connection_id\":[\"a\",\"b\"],"
				    "\"provider_config_key\":\"k\","
				    "\"metadata\":{}}");
	nj_buf_free(&b);
	cr_assert_eq(nango__metadata_body(&b, "k", ids, 2, "null"), NANGO_EARG);
	cr_assert_eq(nango__metadata_body(&b, "k", ids, 0, "{}"), NANGO_EARG);
}

/* The §2.3 GET example, with an end user and unusual-but-legal JSON. */
static const char full_connection[] =
	" {\"id\" : 1.2e1, \"connection_id\":\"c\\u00e9\\ud83d\\ude00\","
	"\"provider_config_key\":\"gh\",\"provider\":\"github\",\"errors\":[],"
	"\"end_user\":{\"id\":\"eu\",\"display_name\":null,\"email\":\"a@b.co\","
	"\"tags\":{\"t\":\"1\"},\"organization\":{\"id\":\"o1\","
	"\"display_name\":\"Org\"}},\"tags\":{\"a\":\"b\"},\"metadata\":null,"
	"\"connection_config\":{},\"webhook_url_override\":null,"
	"\"created_at\":\"2026-08-21T18:43:31.123+00:00\","
	"\"updated_at\":\"2026-08-21T18:43:31.120+00:00\","
	"\"last_fetched_at\":\"2026-08-21T18:50:02.456+00:00\","
	"\"credentials\":{\"type\":\"OAUTH2\",\"access_token\":\"t\","
	"\"expires_at\":\"2099-01-01T00:00:00.000Z\",\"n\":4,\"ok\":false}}\n";

Test(parse, full_connection_fills_every_field)
{
	nj_value *v = json(full_connection);
	nango_connection c;
	const char *s;
	double d;
	int b;
	cr_assert_eq(nango__parse_connection(&c, v), NANGO_OK);
	cr_assert_eq(c.id, 12);
	cr_assert_str_eq(c.connection_id, "c\xc3\xa9\xf0\x9f\x98\x80");
	cr_assert_str_eq(c.provider, "github");
	cr_assert_str_eq(c.end_user->id, "eu");
	cr_assert_null(c.end_user->display_name);
	cr_assert_str_eq(c.end_user->organization_display_name, "Org");
	cr_assert_str_eq(nango_json_text(c.end_user->tags), "{\"t\":\"1\"}");
	cr_assert_null(c.metadata);
	cr_assert_null(c.webhook_url_override);
	cr_assert_str_eq(nango_json_text(c.errors), "[]");
	cr_assert_eq(c.created_at.seconds, 1787337811);
	cr_assert_eq(c.created_at.millis, 123);
	cr_assert_eq(c.updated_at.millis, 120);
	cr_assert_str_eq(c.last_fetched_at.text,
			 "2026-08-21T18:50:02.456+00:00");
	cr_assert_eq(nango_json_get_string(&s, c.credentials, "access_token"),
		     NANGO_OK);
	cr_assert_str_eq(s, "t");
	cr_assert_eq(nango_json_get_number(&d, c.credentials, "n"), NANGO_OK);
	cr_assert_float_eq(d, 4.0, 1e-9);
	cr_assert_eq(nango_json_get_bool(&b, c.credentials, "ok"), NANGO_OK);
	cr_assert_eq(b, 0);
	cr_assert_eq(nango_json_get_string(&s, c.credentials, "n"), NANGO_ENOTFOUND);
	cr_assert_eq(nango_json_get_string(&s, c.metadata, "x"), NANGO_ENOTFOUND);
	nango__connection_clear(&c);
	nj_free(v);
}

Test(parse, list_items_take_created_as_created_at)
{
	nj_value *v = json("{\"connections\":[{\"id\":12,\"connection_id\":"
			   "\"c1\",\"provider_config_key\":\"gh\",\"provider\":"
			   "\"github\",\"errors\":[],\"end_user\":null,"
			   "\"tags\":{},\"metadata\":{\"k\":[1]},\"created\":"
			   "\"2026-11-24T22:14:40.343203+00:00\"}]}");
	nango_connection_array l;
	cr_assert_eq(nango__parse_list(&l, v), NANGO_OK);
	cr_assert_eq(l.count, 1);
	cr_assert_null(l.items[0].end_user);
	cr_assert_null(l.items[0].credentials);
	cr_assert_eq(l.items[0].created_at.millis, 343);
	cr_assert_null(l.items[0].updated_at.text);
	cr_assert_str_eq(nango_json_text(l.items[0].metadata), "{\"k\":[1]}");
	nango__connection_clear(&l.items[0]);
	free(l.items);
	nj_free(v);
}

Test(parse, shapes_that_are_not_connections_are_parse_errors)
{
	const char *bad[] = {"[]", "{\"connection_id\":\"c\"}",
			     "{\"id\":\"1\",\"connection_id\":\"c\"}",
			     "{\"id\":1,\"connection_id\":2,"
			     "\"provider_config_key\":\"k\"}",
			     "{\"id\":1,\"connection_id\":\"c\","
			     "\"provider_config_key\":\"k\",\"created_at\":\"x\"}"};
	size_t i;
	nango_connection_array l;
	nj_value *v;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nango_connection c;
		v = json(bad[i]);
		cr_expect_eq(nango__parse_connection(&c, v), NANGO_EPARSE, "%s",
			     bad[i]);
		nj_free(v);
	}
	v = json("{\"connections\":{}}");
	cr_assert_eq(nango__parse_list(&l, v), NANGO_EPARSE);
	nj_free(v);
}

Test(parse, timestamps_in_every_format_nango_sends)
{
	nango_time t;
	cr_assert_eq(nango__parse_time(&t, "2026-11-24T22:14:06.197Z"), NANGO_OK);
	cr_assert_eq(t.seconds, 1795558446);
	cr_assert_eq(t.millis, 197);
	free(t.text);
	cr_assert_eq(nango__parse_time(&t, "2026-11-24T22:14:41.51+00:00"),
		     NANGO_OK);
	cr_assert_eq(t.millis, 510);
	free(t.text);
	cr_assert_eq(nango__parse_time(&t, "2026-11-24T23:14:41+01:00"),
		     NANGO_OK);
	cr_assert_eq(t.seconds, 1795558481);
	cr_assert_eq(t.millis, 0);
	free(t.text);
	cr_assert_eq(nango__parse_time(&t, NULL), NANGO_OK);
	cr_assert_null(t.text);
	cr_assert_eq(nango__parse_time(&t, "2026-11-24"), NANGO_EPARSE);
}

Test(errors, nangos_code_decides_never_its_message)
{
	const int nf = NANGO_ENOTFOUND, ni = NANGO_EINTEGRATION;
	cr_assert_eq(nango__map_error(0, NULL, nf), NANGO_ETRANSPORT);
	cr_assert_eq(nango__map_error(201, NULL, nf), NANGO_OK);
	cr_assert_eq(nango__map_error(404, "not_found", nf), NANGO_ENOTFOUND);
	cr_assert_eq(nango__map_error(404, "not_found", ni), NANGO_EINTEGRATION,
		     "on POST /connections a 404 not_found is the integration");
	cr_assert_eq(nango__map_error(400, "unknown_provider_config", nf),
		     NANGO_EINTEGRATION);
	cr_assert_eq(nango__map_error(404, "unknown_provider_config", nf),
		     NANGO_EINTEGRATION);
	cr_assert_eq(nango__map_error(400, "unknown_connection", ni),
		     NANGO_ENOTFOUND);
	cr_assert_eq(nango__map_error(404, "unknown_connection", nf),
		     NANGO_ENOTFOUND);
	cr_assert_eq(nango__map_error(400, "invalid_body", nf), NANGO_EINVALID);
	cr_assert_eq(nango__map_error(415, "invalid_content_type", nf),
		     NANGO_EINVALID);
	cr_assert_eq(nango__map_error(401, "unknown_account", nf), NANGO_EAUTH);
	cr_assert_eq(nango__map_error(403, NULL, nf), NANGO_EAUTH);
	cr_assert_eq(nango__map_error(429, "too_many_request", nf),
		     NANGO_ERATELIMIT);
	cr_assert_eq(nango__map_error(500, "generic_error_support", nf),
		     NANGO_ESERVER);
	cr_assert_eq(nango__map_error(404, NULL, nf), NANGO_EHTTP,
		     "Express's HTML 404 page is not a missing connection");
	cr_assert_eq(nango__map_error(409, "x", nf), NANGO_EHTTP);
	cr_assert_str_eq(nango_error_string(NANGO_ENOTFOUND),
			 "connection not found");
	cr_assert_str_eq(nango_error_string(12345), "unknown error");
}

Test(client, options_need_a_secret_key_and_the_current_version)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = (nango_client *)1;
	cr_assert_eq(nango_client_new(&c, &o), NANGO_EARG);
	cr_assert_null(c);
	o.secret_key = "k";
	o.version = 99;
	cr_assert_eq(nango_client_new(&c, &o), NANGO_EARG);
	o.version = NANGO_OPTIONS_VERSION;
	o.base_url = "http://h:1///";
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	cr_assert_str_eq(c->base_url, "http://h:1");
	cr_assert_eq(nango_client_last_status(c), 0);
	cr_assert_str_eq(nango_client_last_code(c), "");
	cr_assert_eq(nango_connection_get(&(nango_connection *){NULL}, c, NULL,
					  "x", NULL),
		     NANGO_EARG);
	cr_assert_neq(nango_client_last_message(c)[0], '\0');
	nango_client_free(c);
	nango_client_free(NULL);
	nango_connection_free(NULL);
	nango_connection_array_free(NULL);
	nango_json_free(NULL);
}

/* A client that nothing listens behind: every call must fail before I/O. */
static nango_client *offline_client(void)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = NULL;
	o.base_url = "http://127.0.0.1:1";
	o.secret_key = "k";
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	return c;
}

Test(client, unknown_params_versions_are_earg_and_out_is_null)
{
	nango_client *c = offline_client();
	nango_connection *conn = (nango_connection *)1;
	nango_connection_array *arr = (nango_connection_array *)1;
	nango_json *echo = (nango_json *)1;
	nango_list_params lp = NANGO_LIST_PARAMS_INIT;
	nango_get_params gp = NANGO_GET_PARAMS_INIT;
	nango_create_params cp = NANGO_CREATE_PARAMS_INIT;
	nango_create_legacy_params lcp = NANGO_CREATE_LEGACY_PARAMS_INIT;
	nango_patch_params pp = NANGO_PATCH_PARAMS_INIT;
	nango_end_user_params u = NANGO_END_USER_PARAMS_INIT;
	lp.version = gp.version = cp.version = lcp.version = pp.version = 0;
	cr_assert_eq(nango_connection_list(&arr, c, &lp), NANGO_EARG);
	cr_assert_null(arr);
	cr_assert_str_eq(nango_client_last_message(c),
			 "unknown nango_list_params version");
	cr_assert_eq(nango_connection_get(&conn, c, "k", "i", &gp), NANGO_EARG);
	cr_assert_null(conn);
	cr_assert_eq(nango_connection_create_legacy(&echo, c, &lcp), NANGO_EARG);
	cr_assert_null(echo);
	conn = (nango_connection *)1;
	cr_assert_eq(nango_connection_create(&conn, c, &cp), NANGO_EARG);
	cr_assert_null(conn);
	cr_assert_eq(nango_connection_patch(c, "k", "i", &pp), NANGO_EARG);
	pp.version = NANGO_PATCH_PARAMS_VERSION;
	u.version = 2;
	u.id = "u";
	pp.end_user = &u;
	cr_assert_eq(nango_connection_patch(c, "k", "i", &pp), NANGO_EARG);
	cr_assert_str_eq(nango_client_last_message(c),
			 "unknown nango_end_user_params version");
	cr_assert_eq(nango_connection_list(NULL, c, NULL), NANGO_EARG);
	cr_assert_eq(nango_connection_get(NULL, c, "k", "i", NULL), NANGO_EARG);
	cr_assert_eq(nango_connection_create(NULL, c, &cp), NANGO_EARG);
	cr_assert_eq(nango_client_new(NULL, NULL), NANGO_EARG);
	cr_assert_eq(nango_connection_list(&arr, NULL, NULL), NANGO_EARG);
	cr_assert_null(arr);
	nango_client_free(c);
}

Test(client, a_failed_operation_leaves_out_null)
{
	nango_client *c = offline_client();
	nango_connection *conn = (nango_connection *)1;
	nango_connection_array *arr = (nango_connection_array *)1;
	cr_assert_eq(nango_connection_list(&arr, c, NULL), NANGO_ETRANSPORT);
	cr_assert_null(arr);
	cr_assert_eq(nango_connection_get(&conn, c, "k", "i", NULL),
		     NANGO_ETRANSPORT);
	cr_assert_null(conn);
	nango_client_free(c);
}

Test(json, values_are_immutable_with_their_text_made_with_them)
{
	nj_value *v = json("{\"s\":\"x\",\"n\":2.5,\"b\":true}");
	nango_json *j = nango__json_new(v);
	const char *s = "not null";
	double d = 1;
	int b = 1;
	cr_assert_not_null(j);
	cr_assert_str_eq(j->text, "{\"s\":\"x\",\"n\":2.5,\"b\":true}",
			 "the text is there before anyone asks for it");
	cr_assert_eq(nango_json_text(j), j->text);
	cr_assert_str_eq(nango_json_text(NULL), "null");
	cr_assert_eq(nango_json_get_string(&s, j, "n"), NANGO_ENOTFOUND);
	cr_assert_null(s);
	cr_assert_eq(nango_json_get_number(&d, j, "s"), NANGO_ENOTFOUND);
	cr_assert_eq(d, 0);
	cr_assert_eq(nango_json_get_bool(&b, j, "missing"), NANGO_ENOTFOUND);
	cr_assert_eq(b, 0);
	cr_assert_eq(nango_json_get_number(&d, j, "n"), NANGO_OK);
	cr_assert_eq(d, 2.5);
	cr_assert_eq(nango_json_get_string(NULL, j, "s"), NANGO_EARG);
	cr_assert_eq(nango_json_get_string(&s, j, NULL), NANGO_EARG);
	nango_json_free(j);
	nj_free(v);
}
