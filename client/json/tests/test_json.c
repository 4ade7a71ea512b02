/* Unit tests of the shared JSON module: Node's parse/stringify semantics. */
#include <criterion/criterion.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nj.h"

/* Parses text and writes it back, as Node's echo does. */
static char *echo(const char *text)
{
	nj_value *v = NULL;
	nj_error err;
	nj_buf b = NJ_BUF_INIT;
	cr_assert_eq(nj_parse(&v, text, strlen(text), &err), NJ_OK,
		     "parse failed for %s", text);
	nj_buf_value(&b, v);
	nj_free(v);
	return nj_buf_take(&b, NULL);
}

static void expect_echo(const char *in, const char *out)
{
	char *got = echo(in);
	cr_expect_str_eq(got, out, "echo of %s", in);
	free(got);
}

static void expect_error(const char *in, const char *message)
{
	nj_value *v = NULL;
	nj_error err;
	cr_assert_eq(nj_parse(&v, in, strlen(in), &err), NJ_ESYNTAX, "%s", in);
	cr_expect_str_eq(err.message, message, "message for %s", in);
}

Test(json, echo_puts_array_index_keys_first_in_numeric_order)
{
	expect_echo("{\"b\":1,\"10\":2,\"a\":3,\"2\":4}",
		    "{\"2\":4,\"10\":2,\"b\":1,\"a\":3}");
	expect_echo("{\"01\":1,\"4294967295\":2,\"4294967294\":3,\"-1\":4}",
		    "{\"4294967294\":3,\"01\":1,\"4294967295\":2,\"-1\":4}");
}

Test(json, duplicate_key_keeps_first_position_with_last_value)
{
	expect_echo("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
}

Test(json, numbers_round_trip_like_ecmascript)
{
	expect_echo("[1.0,1.50,1E2,-0,1e21,0.0000001,0.000001]",
		    "[1,1.5,100,0,1e+21,1e-7,0.000001]");
	expect_echo("[123456789012345678901,12345678901234567890,1e400]",
		    "[123456789012345680000,12345678901234567000,null]");
	expect_echo("[5e-324,1.7976931348623157e308,123e-20]",
		    "[5e-324,1.7976931348623157e+308,1.23e-18]");
}

Test(json, strings_decode_escapes_and_write_only_what_json_stringify_escapes)
{
	expect_echo("[\"\\u00e9\\/<>&\"]", "[\"\xC3\xA9/<>&\"]");
	expect_echo("[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\\"]",
		    "[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\\"]");
	expect_echo("[\"\\ud83d\\ude00\"]", "[\"\xF0\x9F\x98\x80\"]");
}

Test(json, lone_surrogates_round_trip_as_lowercase_escapes)
{
	expect_echo("[\"\\uD800x\\udc00\"]", "[\"\\ud800x\\udc00\"]");
}

Test(json, parse_errors_carry_v8_messages)
{
	expect_error("{\"a\":", "Unexpected end of JSON input");
	expect_error("[1,", "Unexpected end of JSON input");
	expect_error("{bad", "Expected property name or '}' in JSON at "
			     "position 1 (line 1 column 2)");
	expect_error("{\"a\":1,}", "Expected double-quoted property name in "
				   "JSON at position 7 (line 1 column 8)");
	expect_error("[1 2]", "Expected ',' or ']' after array element in "
			      "JSON at position 3 (line 1 column 4)");
	expect_error("[\n1,\r\n2,\r3 x]",
		     "Expected ',' or ']' after array element in JSON at "
		     "position 11 (line 4 column 3)");
	expect_error("[tru]", "Unexpected token ']', \"[tru]\" is not valid JSON");
	expect_error("[1,2,3,4,5,6,7,8,9,10,x,11,12,13,14,15,16,17,18,19]",
		     "Unexpected token 'x', ...\",7,8,9,10,x,11,12,13\"... is "
		     "not valid JSON");
}

Test(json, strict_violation_messages_match_body_parser)
{
	nj_error err;
	nj_strict_violation("\"abc\"", 5, &err);
	cr_expect_str_eq(err.message,
			 "Unexpected token '\"', \"\"abc\"\" is not valid JSON");
	nj_strict_violation("123", 3, &err);
	cr_expect_str_eq(err.message,
			 "Unexpected token '1', \"123\" is not valid JSON");
	nj_strict_violation("null", 4, &err);
	cr_expect_str_eq(err.message,
			 "Unexpected token 'n', \"null\" is not valid JSON");
	nj_strict_violation("  ", 2, &err);
	cr_expect_str_eq(err.message, "Unexpected end of JSON input");
}

Test(json, invalid_utf8_becomes_replacement_characters)
{
	char *out;
	size_t n;
	cr_assert_eq(nj_utf8_sanitize(&out, &n, "\xEF\xBB\xBF" "a\xFF" "b\xE2\x82",
				      8), NJ_OK);
	cr_expect_str_eq(out, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	free(out);
}

Test(json, jsonb_order_sorts_by_length_then_bytes_after_index_keys)
{
	nj_value *v;
	nj_buf b = NJ_BUF_INIT;
	const char *in = "{\"bb\":1,\"a\":2,\"10\":3,\"ccc\":{\"zz\":1,\"y\":2}}";
	cr_assert_eq(nj_parse(&v, in, strlen(in), NULL), NJ_OK);
	nj_jsonb_order(v);
	nj_buf_value(&b, v);
	cr_expect_str_eq(b.ptr, "{\"10\":3,\"a\":2,\"bb\":1,\"ccc\":{\"y\":2,\"zz\":1}}");
	nj_buf_free(&b);
	nj_free(v);
}

Test(json, large_objects_keep_lookups_and_order)
{
	nj_value *o = nj_object();
	char key[16];
	int i;
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		cr_assert_eq(nj_object_cset(o, key, nj_number(i)), NJ_OK);
	}
	cr_assert_eq(nj_object_cset(o, "k5", nj_number(-1)), NJ_OK);
	cr_expect_eq(o->len, 1000);
	cr_expect_eq(nj_object_get(o, "k5")->num, -1);
	cr_expect_str_eq(o->members[5]->key, "k5");
	cr_expect_eq(nj_object_remove(o, "k7", 2), 1);
	cr_expect_null(nj_object_get(o, "k7"));
	cr_expect_eq(nj_object_get(o, "k999")->num, 999);
	nj_free(o);
}

Test(json, nesting_beyond_the_limit_is_refused_not_crashed)
{
	size_t n = NJ_MAX_DEPTH + 10, i;
	char *s = malloc(2 * n + 1);
	nj_value *v = NULL;
	for (i = 0; i < n; i++) {
		s[i] = '[';
		s[n + i] = ']';
	}
	s[2 * n] = '\0';
	cr_expect_eq(nj_parse(&v, s, 2 * n, NULL), NJ_EDEPTH);
	cr_expect_null(v);
	free(s);
}

/*
 * Text nested exactly NJ_MAX_DEPTH deep, objects and arrays in turn, with
 * a sibling before each inner one so that keys and commas are written:
 * {"a":1,"k":[true,{"a":1,"k":[true,..."leaf"...]}]}. It is already in
 * the form JSON.stringify writes, so an echo gives it back unchanged.
 */
static char *deepest_text(void)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i;
	for (i = 0; i < NJ_MAX_DEPTH; i++)
		nj_buf_puts(&b, i % 2 ? "[true," : "{\"a\":1,\"k\":");
	nj_buf_puts(&b, "\"leaf\"");
	for (i = NJ_MAX_DEPTH; i-- > 0;)
		nj_buf_putc(&b, i % 2 ? ']' : '}');
	return nj_buf_take(&b, NULL);
}

/* What the walk over the deepest value found, for the test thread. */
typedef struct {
	const char *text;
	int parsed, copy_equal, written_same, copy_written_same;
	int changed_copy_differs, ordered_same, frozen_written_same;
	int thawed_equal;
} deep_walk;

/* The innermost array of a deepest_text value. */
static nj_value *innermost(nj_value *v)
{
	while (v->type == NJ_OBJECT || v->items[1]->type != NJ_STRING)
		v = v->type == NJ_OBJECT ? nj_object_get(v, "k") : v->items[1];
	return v;
}

static int writes_as(const nj_value *v, const char *text)
{
	nj_buf b = NJ_BUF_INIT;
	char *out;
	int same;
	nj_buf_value(&b, v);
	out = nj_buf_take(&b, NULL);
	same = out && strcmp(out, text) == 0;
	free(out);
	return same;
}

/* Freezes v, writes it frozen, thaws it back: w's frozen_* and thawed_*. */
static void freeze_deepest(deep_walk *w, const nj_value *v)
{
	nj_frozen *f = NULL;
	nj_value *thawed = NULL;
	nj_buf b = NJ_BUF_INIT;
	char *out;
	if (nj_freeze(&f, v) != NJ_OK)
		return;
	nj_buf_frozen(&b, f, NULL);
	out = nj_buf_take(&b, NULL);
	w->frozen_written_same = out && strcmp(out, w->text) == 0;
	free(out);
	w->thawed_equal = nj_thaw(&thawed, f) == NJ_OK && nj_equal(v, thawed);
	nj_free(thawed);
	nj_frozen_free(f);
}

/* Parses, copies, compares, writes, orders, freezes and frees the deepest
 * value. */
static void *walk_deepest(void *arg)
{
	deep_walk *w = arg;
	nj_value *v = NULL, *copy, *leaf;
	w->parsed = nj_parse(&v, w->text, strlen(w->text), NULL) == NJ_OK;
	if (!w->parsed)
		return NULL;
	copy = nj_copy(v);
	w->copy_equal = nj_equal(v, copy) && nj_equal(copy, v);
	w->written_same = writes_as(v, w->text);
	w->copy_written_same = writes_as(copy, w->text);
	nj_jsonb_order(copy); /* "a" and "k": the order stays */
	w->ordered_same = writes_as(copy, w->text);
	leaf = innermost(copy)->items[1];
	leaf->str[0] = 'L';
	w->changed_copy_differs = !nj_equal(v, copy);
	freeze_deepest(w, v);
	nj_free(copy);
	nj_free(v);
	return NULL;
}

Test(json, deepest_value_is_walked_on_a_small_thread_stack)
{
	/* a CivetWeb connection thread has 100 KB (Debian's build) */
	pthread_attr_t attr;
	pthread_t t;
	deep_walk w;
	char *text = deepest_text();
	cr_assert_not_null(text);
	memset(&w, 0, sizeof(w));
	w.text = text;
	cr_assert_eq(pthread_attr_init(&attr), 0);
	cr_assert_eq(pthread_attr_setstacksize(&attr, 64 * 1024), 0);
	cr_assert_eq(pthread_create(&t, &attr, walk_deepest, &w), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);
	cr_expect(w.parsed, "parsed");
	cr_expect(w.copy_equal, "the copy equals the original");
	cr_expect(w.written_same, "written back unchanged");
	cr_expect(w.copy_written_same, "the copy written unchanged");
	cr_expect(w.ordered_same, "jsonb order kept a and k in place");
	cr_expect(w.changed_copy_differs, "a change at the bottom is seen");
	cr_expect(w.frozen_written_same, "written frozen unchanged");
	cr_expect(w.thawed_equal, "thawed equal to the original");
	free(text);
}

Test(json, writer_places_commas_and_escapes_keys)
{
	nj_writer w;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "a\"b");
	nj_w_int(&w, 1);
	nj_w_key(&w, "list");
	nj_w_arr(&w);
	nj_w_str(&w, "x");
	nj_w_null(&w);
	nj_w_bool(&w, 1);
	nj_w_end_arr(&w);
	nj_w_key(&w, "n");
	nj_w_num(&w, 0.5);
	nj_w_end_obj(&w);
	cr_expect_str_eq(w.buf.ptr, "{\"a\\\"b\":1,\"list\":[\"x\",null,true],\"n\":0.5}");
	nj_buf_free(&w.buf);
}

/* Switches LC_NUMERIC to a locale whose decimal point is ','; fails the
 * test when none is installed (CI installs de_DE.UTF-8). */
static void use_comma_locale(void)
{
	static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8",
					    "fr_FR.UTF-8", "fr_FR.utf8", NULL};
	size_t i;
	for (i = 0; names[i]; i++)
		if (setlocale(LC_NUMERIC, names[i]))
			break;
	cr_assert_not_null(names[i], "no comma locale installed: generate "
				     "de_DE.UTF-8 (Debian package locales)");
	cr_assert_str_eq(localeconv()->decimal_point, ",");
}

Test(json, numbers_parse_and_print_with_a_point_under_a_comma_locale)
{
	nj_value *v = NULL;
	nj_buf b = NJ_BUF_INIT;
	char *text;
	use_comma_locale();
	cr_assert_eq(nj_parse(&v, "[1.5,-0.25,2.5e3]", 17, NULL), NJ_OK);
	cr_expect_eq(v->items[0]->num, 1.5);
	cr_expect_eq(v->items[1]->num, -0.25);
	cr_expect_eq(v->items[2]->num, 2500.0);
	nj_buf_value(&b, v);
	text = nj_buf_take(&b, NULL);
	cr_expect_str_eq(text, "[1.5,-0.25,2500]");
	free(text);
	nj_free(v);
	setlocale(LC_NUMERIC, "C");
}

/* nj_date_parse of s with flags: the instant in microseconds, or -1. */
static long long date_us(const char *s, unsigned flags)
{
	int64_t us = -1;
	return nj_date_parse(&us, s, flags) == NJ_OK ? (long long)us : -1;
}

Test(json, full_iso_instants_parse_to_microseconds_with_their_offset)
{
	cr_expect_eq(date_us("1970-01-01T00:00:00Z", 0), 0);
	cr_expect_eq(date_us("2024-02-29T12:34:56.789012Z", 0),
		     1709210096789012LL);
	cr_expect_eq(date_us("2024-02-29T12:34:56.7890129Z", 0),
		     1709210096789012LL);
	cr_expect_eq(date_us("2024-02-29T14:34:56.5+02:00", 0),
		     1709210096500000LL);
	cr_expect_eq(date_us("1969-12-31T23:59:59.999Z", 0), -1000);
	cr_expect_eq(date_us("0001-01-01T00:00:00Z", 0), -62135596800000000LL);
}

Test(json, full_form_refuses_what_only_javascript_takes)
{
	const char *bad[] = {"2024-01-02", "2024-01-02T03:04Z",
			     "2024-01-02T03:04:05", "2024-01-02t03:04:05Z",
			     "2024-01-02T24:00:00Z", "2024-13-01T00:00:00Z",
			     "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05Zx",
			     "2024-01-02T03:04:60Z", "24-01-02T03:04:05Z", ""};
	size_t i;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(date_us(bad[i], 0), -1, "%s", bad[i]);
	cr_expect_eq(nj_date_parse(&(int64_t){0}, NULL, 0), NJ_ESYNTAX);
}

Test(json, javascript_iso_forms_parse_like_date_parse_to_milliseconds)
{
	cr_expect_eq(date_us("2024", NJ_DATE_JS), 1704067200000000LL);
	cr_expect_eq(date_us("2024-02", NJ_DATE_JS), 1706745600000000LL);
	cr_expect_eq(date_us("2024-02-29", NJ_DATE_JS), 1709164800000000LL);
	cr_expect_eq(date_us("2024-02-29t12:34z", NJ_DATE_JS),
		     1709210040000000LL);
	cr_expect_eq(date_us("2024-02-29T12:34:56.789999", NJ_DATE_JS),
		     1709210096789000LL);
	cr_expect_eq(date_us("2024-02-29T24:00", NJ_DATE_JS),
		     1709251200000000LL);
	cr_expect_eq(date_us("2024-02-29T24:00:01", NJ_DATE_JS), -1);
	cr_expect_eq(date_us("2024-02-29Z", NJ_DATE_JS), 1709164800000000LL);
	cr_expect_eq(date_us("2024Z", NJ_DATE_JS), 1704067200000000LL);
	cr_expect_eq(date_us("+002024-02-29", NJ_DATE_JS), 1709164800000000LL);
	cr_expect_eq(date_us("-000001-01-01", NJ_DATE_JS), -62198755200000000LL);
	cr_expect_eq(date_us("-000000-01-01", NJ_DATE_JS), -1);
	cr_expect_eq(date_us("2024-02-29T12:34+0100", NJ_DATE_JS),
		     1709206440000000LL);
	cr_expect_eq(date_us("2024-02-29T12:34+0100", 0), -1);
	cr_expect_eq(date_us("2024-02-29+01:00", NJ_DATE_JS), -1);
	/* TimeClip: +275760-09-13T00:00:00Z is the last instant */
	cr_expect_eq(date_us("+275760-09-13T00:00:00Z", NJ_DATE_JS),
		     8640000000000000000LL);
	cr_expect_eq(date_us("+275760-09-13T00:00:00.001Z", NJ_DATE_JS), -1);
	cr_expect_eq(date_us("-271821-04-20T00:00:00Z", NJ_DATE_JS),
		     -8640000000000000000LL);
	cr_expect_eq(date_us("+999999-12-31T23:59:59Z", NJ_DATE_JS), -1);
	cr_expect_eq(date_us("2024-02-29T12", NJ_DATE_JS), -1);
}

Test(json, uri_component_escapes_like_encodeuricomponent)
{
	nj_buf b = NJ_BUF_INIT;
	char *text;
	nj_buf_uri_component(&b, "a b/c?d=é&-_.!~*'()%");
	text = nj_buf_take(&b, NULL);
	cr_expect_str_eq(text, "a%20b%2Fc%3Fd%3D%C3%A9%26-_.!~*'()%25");
	free(text);
}

static int skip_secret(const char *key, size_t len)
{
	return len == 6 && memcmp(key, "secret", 6) == 0;
}

static char *written_skipping(const char *text)
{
	nj_value *v = NULL;
	nj_buf b = NJ_BUF_INIT;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK);
	nj_buf_value_skip(&b, v, skip_secret);
	nj_free(v);
	return nj_buf_take(&b, NULL);
}

Test(json, writing_with_a_key_filter_leaves_members_out_at_any_depth)
{
	char *got = written_skipping(
		"{\"secret\":1,\"a\":[{\"secret\":2},{\"b\":{\"secret\":3,"
		"\"c\":4,\"secret2\":5}}],\"d\":{\"secret\":6}}");
	cr_expect_str_eq(got, "{\"a\":[{},{\"b\":{\"c\":4,\"secret2\":5}}],"
			      "\"d\":{}}");
	free(got);
	got = written_skipping("[\"secret\",{\"x\":1,\"secret\":[1]}]");
	cr_expect_str_eq(got, "[\"secret\",{\"x\":1}]",
			 "only member keys are filtered, not string values");
	free(got);
}

Test(json, writing_a_value_nested_past_the_writer_stack_keeps_its_commas)
{
	nj_buf in = NJ_BUF_INIT;
	char *got;
	int i;
	for (i = 0; i < 500; i++)
		nj_buf_puts(&in, "[1,{\"secret\":0,\"k\":");
	nj_buf_puts(&in, "2");
	for (i = 0; i < 500; i++)
		nj_buf_puts(&in, "}]");
	nj_buf_putc(&in, '\0');
	got = written_skipping(in.ptr);
	nj_buf_free(&in);
	for (i = 0; i < 500; i++)
		nj_buf_puts(&in, "[1,{\"k\":");
	nj_buf_puts(&in, "2");
	for (i = 0; i < 500; i++)
		nj_buf_puts(&in, "}]");
	nj_buf_putc(&in, '\0');
	cr_expect_str_eq(got, in.ptr);
	nj_buf_free(&in);
	free(got);
}

/* Freezes text's value and checks the frozen form writes and thaws back
 * to exactly what the tree writes, with and without a key filter. */
static void expect_frozen_round_trip(const char *text)
{
	nj_value *v = NULL, *back = NULL;
	nj_frozen *f = NULL, *copy;
	nj_buf want = NJ_BUF_INIT, got = NJ_BUF_INIT;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	cr_assert_eq(nj_freeze(&f, v), NJ_OK);
	nj_buf_value(&want, v);
	nj_buf_frozen(&got, f, NULL);
	cr_expect_str_eq(got.ptr, want.ptr, "written frozen: %s", text);
	nj_buf_free(&want);
	nj_buf_free(&got);
	nj_buf_value_skip(&want, v, skip_secret);
	copy = nj_frozen_copy(f);
	nj_buf_frozen(&got, copy, skip_secret);
	cr_expect_str_eq(got.ptr, want.ptr, "filtered: %s", text);
	cr_assert_eq(nj_thaw(&back, f), NJ_OK);
	cr_expect(nj_equal(back, v), "thawed: %s", text);
	nj_buf_free(&got);
	nj_buf_value(&got, back);
	nj_buf_free(&want);
	nj_buf_value(&want, v);
	cr_expect_str_eq(got.ptr, want.ptr, "thawed keeps the order: %s", text);
	cr_expect_lt(nj_frozen_bytes(f), strlen(text) * 3 + 64,
		     "compact: %s", text);
	nj_frozen_free(copy);
	cr_assert_eq(nj_freeze_jsonb(&copy, v), NJ_OK);
	nj_jsonb_order(back);
	nj_buf_free(&want);
	nj_buf_value(&want, back);
	nj_buf_free(&got);
	nj_buf_frozen(&got, copy, NULL);
	cr_expect_str_eq(got.ptr, want.ptr, "frozen in jsonb order: %s", text);
	nj_buf_free(&want);
	nj_buf_free(&got);
	nj_free(v);
	nj_free(back);
	nj_frozen_free(f);
	nj_frozen_free(copy);
}

Test(json, frozen_values_write_and_thaw_exactly_as_their_trees)
{
	static const char *const texts[] = {
		"null", "true", "false", "0", "-0", "1e21", "5e-324",
		"\"\"", "\"a\\u0000b\\ud800\\n\\\"\"", "[]", "{}",
		"[1,[2,[3,[]]],{}]",
		"{\"b\":1,\"10\":2,\"a\":{\"secret\":[1,{\"secret\":2}],"
		"\"z\":null},\"2\":[true,false],\"secret\":\"x\"}",
		"{\"type\":\"OAUTH2\",\"access_token\":\"t\",\"raw\":{"
		"\"secret\":\"r\",\"expires_in\":3600}}",
	};
	size_t i;
	nj_buf deep = NJ_BUF_INIT;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++)
		expect_frozen_round_trip(texts[i]);
	for (i = 0; i < NJ_MAX_DEPTH / 2; i++)
		nj_buf_puts(&deep, "{\"secret\":1,\"a\":[");
	for (i = 0; i < NJ_MAX_DEPTH / 2; i++)
		nj_buf_puts(&deep, "]}");
	expect_frozen_round_trip(deep.ptr);
	nj_buf_free(&deep);
}

Test(json, frozen_null_is_an_absent_value)
{
	nj_frozen *f = (nj_frozen *)1;
	nj_value *v = (nj_value *)1;
	nj_buf b = NJ_BUF_INIT;
	cr_assert_eq(nj_freeze(&f, NULL), NJ_OK);
	cr_assert_null(f);
	cr_assert_eq(nj_thaw(&v, NULL), NJ_OK);
	cr_assert_null(v);
	nj_buf_frozen(&b, NULL, NULL);
	cr_expect_str_eq(b.ptr, "null");
	nj_buf_free(&b);
	nj_frozen_free(NULL);
}
