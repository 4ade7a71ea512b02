/*
 * test_valid.c: request validation alone: zod 4.0.5's messages, issue
 * order and paths, and the schema outputs the handlers store (§1.14, §4.2).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "nm_ts.h"
#include "nm_handlers.h"

static nm_issues iss;

static void setup(void)
{
	cr_assert_eq(nm_issues_init(&iss), 0);
}

static void teardown(void)
{
	nm_issues_free(&iss);
}

static nj_value *json(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	return v;
}

/* The issues rendered as Nango's error body. */
static void expect_issues(const char *code, const char *errors)
{
	nj_buf b = NJ_BUF_INIT;
	char want[4096];
	nm_render_issues(&b, code, &iss);
	snprintf(want, sizeof(want), "{\"error\":{\"code\":\"%s\",\"errors\":%s}}",
		 code, errors);
	cr_assert_str_eq(b.ptr, want);
	nj_buf_free(&b);
}

TestSuite(valid, .init = setup, .fini = teardown);

Test(valid, strings_report_type_then_pattern_then_bounds)
{
	nj_value *v = json("[5,\"\",\"a#\"]");
	nm_check_string(&iss, NULL, 0, NM_RX_NONE, 1, 0, "a", NULL);
	nm_check_string(&iss, v->items[0], 0, NM_RX_NONE, 1, 0, "b", NULL);
	nm_check_string(&iss, v->items[1], 0, NM_RX_PROVIDER_CONFIG_KEY, 1, 0,
			"c", NULL);
	nm_check_string(&iss, v->items[2], 1, NM_RX_CONNECTION_ID, 0, 1, "d",
			NULL);
	expect_issues("invalid_body",
		"[{\"code\":\"invalid_type\",\"message\":\"Invalid input: expected "
		"string, received undefined\",\"path\":[\"a\"]},"
		"{\"code\":\"invalid_type\",\"message\":\"Invalid input: expected "
		"string, received number\",\"path\":[\"b\"]},"
		"{\"code\":\"invalid_format\",\"message\":\"Invalid string: must "
		"match pattern /^[a-zA-Z0-9~:.@ _-]+$/\",\"path\":[\"c\"]},"
		"{\"code\":\"too_small\",\"message\":\"Too small: expected string to "
		"have >=1 characters\",\"path\":[\"c\"]},"
		"{\"code\":\"invalid_format\",\"message\":\"Invalid string: must "
		"match pattern /^[a-zA-Z0-9,.;:=+~[\\\\]|@${}\\\"'\\\\\\\\/_ -]+$/\","
		"\"path\":[\"d\"]},{\"code\":\"too_big\",\"message\":\"Too big: "
		"expected string to have <=1 characters\",\"path\":[\"d\"]}]");
	nj_free(v);
}

Test(valid, lengths_count_utf16_units_like_javascript)
{
	cr_assert_eq(nm_js_length("\xf0\x9f\x98\x80", 4), 2);
	cr_assert_eq(nm_js_length("\xc3\xa9", 2), 1);
}

Test(valid, stringbool_accepts_zods_words_and_lists_them_otherwise)
{
	nj_value *v = json("[\"YES\",\"off\",\"maybe\"]");
	cr_assert_eq(nm_check_stringbool(&iss, v->items[0], "f"), 1);
	cr_assert_eq(nm_check_stringbool(&iss, v->items[1], "f"), 0);
	cr_assert_eq(nm_check_stringbool(&iss, v->items[2], "f"), -1);
	expect_issues("invalid_query_params",
		"[{\"code\":\"invalid_value\",\"message\":\"Invalid option: expected "
		"one of \\\"true\\\"|\\\"1\\\"|\\\"yes\\\"|\\\"on\\\"|\\\"y\\\"|"
		"\\\"enabled\\\"|\\\"false\\\"|\\\"0\\\"|\\\"no\\\"|\\\"off\\\"|"
		"\\\"n\\\"|\\\"disabled\\\"\",\"path\":[\"f\"]}]");
	nj_free(v);
}

Test(valid, coerced_numbers_follow_javascript_number)
{
	nj_value *v = json("[\" 0x10 \",\"1e3\",\"abc\",\"0\"]");
	double d;
	cr_assert(nm_check_coerced_number(&iss, v->items[0], 1, 2000, 1, &d,
					  "limit"));
	cr_assert_float_eq(d, 16, 1e-9);
	cr_assert(nm_check_coerced_number(&iss, v->items[1], 1, 2000, 1, &d,
					  "limit"));
	cr_assert(!nm_check_coerced_number(&iss, v->items[2], 1, 2000, 1, &d,
					   "limit"));
	cr_assert(!nm_check_coerced_number(&iss, v->items[3], 1, 2000, 1, &d,
					   "limit"));
	expect_issues("invalid_query_params",
		"[{\"code\":\"invalid_type\",\"message\":\"Invalid input: expected "
		"number, received NaN\",\"path\":[\"limit\"]},{\"code\":"
		"\"too_small\",\"message\":\"Too small: expected number to be >=1\","
		"\"path\":[\"limit\"]}]");
	nj_free(v);
}

Test(valid, unknown_keys_are_one_issue_with_json_quoted_names)
{
	static const char *const known[] = {"a", NULL};
	nj_value *v = json("{\"a\":1,\"z\":2,\"q\\\"x\":3}");
	nm_check_unknown_keys(&iss, v, known, NULL);
	expect_issues("invalid_body",
		"[{\"code\":\"unrecognized_keys\",\"message\":\"Unrecognized keys: "
		"\\\"z\\\", \\\"q\\\\\\\"x\\\"\",\"path\":[]}]");
	nj_free(v);
}

Test(valid, emails_follow_zods_regex)
{
	const char *good[] = {"a@b.co", "first.last+tag@sub.example.org",
			      "o'neil@x-y.io"};
	const char *bad[] = {"a@b", ".a@b.co", "a..b@c.de", "a.@b.co",
			     "a@-b.co", "a@b.c", "a@b.c0", "ab.co", "a@@b.co"};
	size_t i;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_expect(nm_email_valid(good[i], strlen(good[i])), "%s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect(!nm_email_valid(bad[i], strlen(bad[i])), "%s", bad[i]);
}

Test(valid, tags_lowercase_keys_and_report_record_level_rules)
{
	nj_value *ok = json("{\"Team\":\"Core\",\"b\":\"x\"}");
	nj_value *dup = json("{\"a\":\"\",\"A\":\"x\",\"end_user_email\":\"no\"}");
	nj_value *out = NULL;
	nj_buf b = NJ_BUF_INIT;
	cr_assert(nm_check_tags(&iss, ok, "tags", 0, &out));
	nj_buf_value(&b, out);
	cr_assert_str_eq(b.ptr, "{\"team\":\"Core\",\"b\":\"x\"}");
	nj_buf_free(&b);
	nj_free(out);
	cr_assert(!nm_check_tags(&iss, dup, "tags", 0, &out));
	cr_assert_null(out);
	expect_issues("invalid_body",
		"[{\"code\":\"too_small\",\"message\":\"Too small: expected string "
		"to have >=1 characters\",\"path\":[\"tags\",\"a\"]},"
		"{\"code\":\"custom\",\"message\":\"Duplicate tag key after case "
		"normalization: \\\"a\\\"\",\"path\":[\"tags\"]},"
		"{\"code\":\"custom\",\"message\":\"Tag \\\"end_user_email\\\" must "
		"be a valid email\",\"path\":[\"tags\"]}]");
	nj_free(ok);
	nj_free(dup);
}

Test(valid, credentials_come_out_in_schema_order_with_iso_dates)
{
	nj_value *v = json("{\"config_override\":{\"client_secret\":\"s\"},"
			   "\"expires_at\":4102444800000,\"access_token\":\"t\","
			   "\"type\":\"OAUTH2\"}");
	nj_value *out = NULL;
	nj_buf b = NJ_BUF_INIT;
	cr_assert(nm_check_credentials(&iss, v, &out));
	nj_buf_value(&b, out);
	cr_assert_str_eq(b.ptr, "{\"type\":\"OAUTH2\",\"access_token\":\"t\","
				"\"expires_at\":\"2100-01-01T00:00:00.000Z\","
				"\"config_override\":{\"client_secret\":\"s\"}}");
	nj_buf_free(&b);
	nj_free(out);
	nj_free(v);
}

Test(valid, credentials_without_a_known_type_fail_at_the_discriminator)
{
	nj_value *v = json("[{\"type\":\"MAGIC\"},{\"type\":\"BASIC\","
			   "\"username\":\"\",\"password\":1,\"x\":0}]");
	nj_value *out = NULL;
	cr_assert(!nm_check_credentials(&iss, v->items[0], &out));
	cr_assert(!nm_check_credentials(&iss, v->items[1], &out));
	cr_assert(!nm_check_credentials(&iss, NULL, &out));
	expect_issues("invalid_body",
		"[{\"code\":\"invalid_union\",\"message\":\"Invalid input\","
		"\"path\":[\"credentials\",\"type\"]},{\"code\":\"invalid_type\","
		"\"message\":\"Invalid input: expected string, received number\","
		"\"path\":[\"credentials\",\"password\"]},{\"code\":"
		"\"unrecognized_keys\",\"message\":\"Unrecognized key: \\\"x\\\"\","
		"\"path\":[\"credentials\"]},{\"code\":\"invalid_type\",\"message\":"
		"\"Invalid input: expected object, received undefined\",\"path\":"
		"[\"credentials\"]}]");
	nj_free(v);
}

Test(valid, coerced_dates_read_null_booleans_numbers_and_iso_text)
{
	nj_value *v = json("[null,true,\"2099-01-01\",[\"2099\"],\"soon\",{}]");
	double ms;
	char iso[40];
	cr_assert(nm_check_date(&iss, v->items[0], "d", NULL, &ms));
	cr_assert_float_eq(ms, 0, 1e-9);
	cr_assert(nm_check_date(&iss, v->items[1], "d", NULL, &ms));
	cr_assert_float_eq(ms, 1, 1e-9);
	cr_assert(nm_check_date(&iss, v->items[2], "d", NULL, &ms));
	nm_format_ts(iso, (int64_t)ms * 1000, NM_TS_ISO);
	cr_assert_str_eq(iso, "2099-01-01T00:00:00.000Z");
	cr_assert(nm_check_date(&iss, v->items[3], "d", NULL, &ms));
	cr_assert(!nm_check_date(&iss, v->items[4], "d", NULL, &ms));
	cr_assert(!nm_check_date(&iss, v->items[5], "d", NULL, &ms));
	cr_assert_eq(iss.items->len, 2);
	nm_format_ts(iso, -1000, NM_TS_ISO);
	cr_assert_str_eq(iso, "1969-12-31T23:59:59.999Z");
	nm_format_ts(iso, 253402300800000000LL, NM_TS_ISO);
	cr_assert_str_eq(iso, "+010000-01-01T00:00:00.000Z");
	nj_free(v);
}

Test(valid, end_user_is_strict_and_comes_out_as_given)
{
	nj_value *v = json("{\"id\":\"u\",\"display_name\":\"N\",\"tags\":"
			   "{\"B\":\"1\",\"a\":\"\"}}");
	nm_end_user *u = NULL;
	nj_buf b = NJ_BUF_INIT;
	cr_assert(nm_check_end_user(&iss, v, &u));
	cr_assert_str_eq(u->id, "u");
	cr_assert_null(u->email);
	nj_buf_value(&b, u->tags);
	cr_assert_str_eq(b.ptr, "{\"B\":\"1\",\"a\":\"\"}");
	nj_buf_free(&b);
	nm_end_user_free(u);
	nj_free(v);
}

/* nm_format_ts(us, style) as a string, for comparisons. */
static const char *ts(int64_t us, nm_ts_style style)
{
	static char out[40];
	nm_format_ts(out, us, style);
	return out;
}

Test(valid, timestamps_format_in_each_style_for_any_year)
{
	cr_expect_str_eq(ts(1709210096789012LL, NM_TS_LIST),
			 "2024-02-29T12:34:56.789012+00:00");
	cr_expect_str_eq(ts(1709210096780000LL, NM_TS_LIST),
			 "2024-02-29T12:34:56.78+00:00");
	cr_expect_str_eq(ts(1709210096000000LL, NM_TS_LIST),
			 "2024-02-29T12:34:56+00:00");
	cr_expect_str_eq(ts(1709210096789012LL, NM_TS_GET),
			 "2024-02-29T12:34:56.789+00:00");
	cr_expect_str_eq(ts(1709210096789012LL, NM_TS_ISO_US),
			 "2024-02-29T12:34:56.789012Z");
	cr_expect_str_eq(ts(-1, NM_TS_ISO_US), "1969-12-31T23:59:59.999999Z");
	cr_expect_str_eq(ts(-1500000, NM_TS_LIST),
			 "1969-12-31T23:59:58.5+00:00");
	cr_expect_str_eq(ts(-30610310400000000LL, NM_TS_ISO),
			 "0999-12-31T00:00:00.000Z");
	cr_expect_str_eq(ts(-62198755200000000LL, NM_TS_ISO),
			 "-000001-01-01T00:00:00.000Z");
}
