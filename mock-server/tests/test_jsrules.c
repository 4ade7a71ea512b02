/*
 * test_jsrules.c: the mock's models of what Node.js, zod and Postgres do
 * underneath Nango: webhook URL checks (WHATWG URL + Nango's outbound
 * policy), V8's Date.parse, node-postgres' text and jsonb conversions,
 * JavaScript's spread, and zod's plain-record check. Expected values were
 * taken from Node 20/22 and from live Nango 0.71.4.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "nm_ts.h"
#include "nm_handlers.h"
#include "nm_pg.h"
#include "nm_sha1.h"

static nj_value *json(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	return v;
}

static char *compact(const nj_value *v)
{
	nj_buf b = NJ_BUF_INIT;
	nj_buf_value(&b, v);
	return nj_buf_take(&b, NULL);
}

/* The issue messages webhook_url_override gets, joined by '|'; "" if ok. */
static void expect_webhook(const char *url, const char *want)
{
	nm_issues iss = {0};
	nj_value *v = nj_cstring(url);
	nj_buf got = NJ_BUF_INIT;
	char *out = NULL;
	size_t i;
	cr_assert_eq(nm_issues_init(&iss), 0);
	nm_check_webhook(&iss, v, NULL, &out);
	for (i = 0; i < iss.items->len; i++) {
		if (i)
			nj_buf_putc(&got, '|');
		nj_buf_puts(&got, nj_get_string(iss.items->items[i], "message"));
	}
	nj_buf_putc(&got, '\0');
	cr_expect_str_eq(got.ptr, want, "webhook %s", url);
	cr_expect(!!out == !*want, "webhook %s: output only when valid", url);
	nj_buf_free(&got);
	free(out);
	nj_free(v);
	nm_issues_free(&iss);
}

#define NOT_ALLOWED "This webhook URL is not allowed."
#define NANGO "Webhook URLs cannot point to Nango's domain (nango.dev)."

Test(jsrules, webhook_urls_pass_or_fail_as_on_live_nango)
{
	expect_webhook("https://example.com/hook", "");
	expect_webhook("  https://example.com/a  ", "");
	expect_webhook("https://x.localhost/h", "");
	expect_webhook("http://[2001:db8::1]/", "");
	expect_webhook("not-a-url", "Invalid input");
	expect_webhook("http:///x", ""); /* WHATWG: host "x" */
	expect_webhook("http://", "Invalid input");
	expect_webhook("http://[::1", "Invalid input");
	expect_webhook("http://1.2.3.4.5/", "Invalid input");
	expect_webhook("http://08.1.1.1/", "Invalid input");
	expect_webhook("http://example.com:99999/", "Invalid input");
	expect_webhook("mailto:a@example.com", NOT_ALLOWED);
	expect_webhook("javascript:alert(1)", NOT_ALLOWED);
	expect_webhook("http://localhost/x", NOT_ALLOWED);
	expect_webhook("http://LOCALHOST./", NOT_ALLOWED);
	expect_webhook("http://%6c%6fcalhost/", NOT_ALLOWED);
	expect_webhook("http://metadata.google.internal/", NOT_ALLOWED);
	expect_webhook("http://127.1/", NOT_ALLOWED);
	expect_webhook("http://0x7f000001/", NOT_ALLOWED);
	expect_webhook("http://2130706433/", NOT_ALLOWED);
	expect_webhook("http://10.0.0.1/", NOT_ALLOWED);
	expect_webhook("http://100.64.0.1/", NOT_ALLOWED);
	expect_webhook("http://[::ffff:127.0.0.1]/", NOT_ALLOWED);
	expect_webhook("http://[64:ff9b::a00:1]/", NOT_ALLOWED);
	expect_webhook("http://[fe80::1]/", NOT_ALLOWED);
	expect_webhook("http://[::]/", NOT_ALLOWED);
	expect_webhook("https://nango.dev./x", NANGO);
	expect_webhook("https://api.nango.dev/x", NANGO);
	expect_webhook("ftp://nango.dev/", NANGO "|" NOT_ALLOWED);
}

static void expect_date(const char *text, const char *iso)
{
	int64_t us = 0;
	char got[40];
	int rc = nm_parse_js_date(text, &us);
	if (!iso) {
		cr_expect_neq(rc, 0, "%s must be NaN", text);
		return;
	}
	cr_assert_eq(rc, 0, "%s must parse", text);
	nm_format_ts(got, us / 1000 * 1000, NM_TS_ISO);
	cr_expect_str_eq(got, iso, "Date.parse(%s)", text);
}

Test(jsrules, date_parse_reads_what_v8_reads)
{
	expect_date("2099-01-01T00:00:00Z", "2099-01-01T00:00:00.000Z");
	expect_date("2099-01-01T10:20:30.5+02:00", "2099-01-01T08:20:30.500Z");
	expect_date("2099-01-01 10:00:00", "2099-01-01T10:00:00.000Z");
	expect_date("Tue, 01 Jan 2099 00:00:00 GMT", "2099-01-01T00:00:00.000Z");
	expect_date("01 Jan 2099 10:20:30 +0200", "2099-01-01T08:20:30.000Z");
	expect_date("Jan 1, 2099 10:00 PM", "2099-01-01T22:00:00.000Z");
	expect_date("Thursday, January 1, 2099", "2099-01-01T00:00:00.000Z");
	/* TimeClip, and numbers too long for any part (found by fuzzing) */
	expect_date("feb 6 275760", "+275760-02-06T00:00:00.000Z");
	expect_date("feb 6 275761", NULL);
	expect_date("feb 6 33333333333", NULL);
	expect_date("febba6z33333333333,,,,", NULL);
	expect_date("feb 6 2024 99999:00", NULL);
	expect_date("2099/01/31", "2099-01-31T00:00:00.000Z");
	expect_date("1/31/2099", "2099-01-31T00:00:00.000Z");
	expect_date("1 January 99", "1999-01-01T00:00:00.000Z");
	expect_date("Tue Jan 01 2099 00:00:00 GMT+0100 (Central European "
		    "Standard Time)", "2098-12-31T23:00:00.000Z");
	expect_date("garbage", NULL);
	expect_date("2099-13-01", NULL);
}

static void expect_pg_text(const char *js, const char *want)
{
	nj_value *v = json(js);
	char *out = NULL;
	int rc = nm_pg_text_from_js(&out, v);
	if (!want)
		cr_expect_neq(rc, 0, "%s must be refused", js);
	else
		cr_expect_str_eq(out, want, "text of %s", js);
	free(out);
	nj_free(v);
}

Test(jsrules, node_postgres_sends_values_to_text_columns_as_it_does)
{
	expect_pg_text("\"abc\"", "abc");
	expect_pg_text("12345678901", "12345678901");
	expect_pg_text("1.5e300", "1.5e+300");
	expect_pg_text("true", "true");
	expect_pg_text("[\"a\",\"b\\\"c\"]", "{\"a\",\"b\\\"c\"}");
	expect_pg_text("[1,null,[2]]", "{\"1\",NULL,{\"2\"}}");
	expect_pg_text("{\"k\":1}", "{\"k\":1}");
	expect_pg_text("\"a\\u0000b\"", NULL);
	expect_pg_text("\"\\ud800\"", "\xEF\xBF\xBD");
}

static void expect_jsonb(const char *js, const char *want)
{
	nj_value *v = json(js), *out = NULL;
	int rc = nm_pg_jsonb_from_js(&out, v);
	char *text;
	if (!want) {
		cr_expect_neq(rc, 0, "%s must be refused", js);
	} else {
		cr_assert_eq(rc, 0, "%s", js);
		text = compact(out);
		cr_expect_str_eq(text, want, "jsonb of %s", js);
		free(text);
	}
	nj_free(out);
	nj_free(v);
}

Test(jsrules, jsonb_columns_read_back_what_node_postgres_sent)
{
	expect_jsonb("{\"a\":1}", "{\"a\":1}");
	expect_jsonb("[]", "{}");
	expect_jsonb("[1,2]", NULL);
	expect_jsonb("\"str\"", NULL);
	expect_jsonb("\"{\\\"a\\\":[1]}\"", "{\"a\":[1]}");
	expect_jsonb("5", "5");
}

Test(jsrules, jsonb_refuses_nul_and_lone_surrogates_anywhere)
{
	nj_value *ok = json("{\"a\":[\"\\ud83d\\ude00\",{\"b\":\"x\"}]}");
	nj_value *nul = json("{\"a\":[{\"b\":\"x\\u0000\"}]}");
	nj_value *key = json("{\"a\":{\"\\udc00\":1}}");
	cr_expect(nm_pg_jsonb_ok(ok));
	cr_expect(!nm_pg_jsonb_ok(nul));
	cr_expect(!nm_pg_jsonb_ok(key));
	cr_expect(nm_pg_text_ok("abc", 3, 255));
	cr_expect(!nm_pg_text_ok("a\0c", 3, 255));
	nj_free(ok);
	nj_free(nul);
	nj_free(key);
}

Test(jsrules, spread_copies_objects_and_indexes_arrays_and_strings)
{
	const char *in[] = {"{\"a\":1}", "[\"x\",2]", "\"ab\"", "5", "null",
			    "\"\\ud83d\\ude00\""};
	const char *want[] = {"{\"a\":1}", "{\"0\":\"x\",\"1\":2}",
			      "{\"0\":\"a\",\"1\":\"b\"}", "{}", "{}",
			      "{\"0\":\"\\ud83d\",\"1\":\"\\ude00\"}"};
	size_t i;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		nj_value *v = json(in[i]), *out = nm_js_spread(v);
		char *text = compact(out);
		cr_expect_str_eq(text, want[i], "{...%s}", in[i]);
		free(text);
		nj_free(out);
		nj_free(v);
	}
}

Test(jsrules, zod_records_check_an_own_constructor)
{
	const char *in[] = {"{}", "{\"constructor\":1}", "{\"constructor\":null}",
			    "{\"constructor\":{\"prototype\":{\"isPrototypeOf\":1}}}",
			    "{\"constructor\":{\"prototype\":{}}}"};
	int want[] = {1, 0, -1, 1, 0};
	size_t i;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		nj_value *v = json(in[i]);
		cr_expect_eq(nm_record_plain(v), want[i], "%s", in[i]);
		nj_free(v);
	}
}

/* The digest of data as lower-case hex, through both implementations. */
static void expect_sha1(const void *data, size_t len, const char *hex)
{
	unsigned char d[2][20];
	char got[41];
	int k, i;
	for (k = 0; k < 2; k++) {
		nm_sha1_portable(d[k], data, len, k);
		for (i = 0; i < 20; i++)
			snprintf(got + 2 * i, 3, "%02x", d[k][i]);
		cr_expect_str_eq(got, hex, "%s rounds, %zu bytes",
				 k ? "plain C" : "the CPU's", len);
	}
}

Test(jsrules, sha1_gives_the_fips_digests_on_every_path)
{
	static unsigned char big[200003];
	unsigned char a[20], b[20];
	size_t i, n;
	expect_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	expect_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	expect_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 2654435761u >> 13);
	/* every tail length, and a body the size of a large listing */
	for (n = 0; n < 300; n++) {
		nm_sha1_portable(a, big, n, 0);
		nm_sha1_portable(b, big, n, 1);
		cr_assert(!memcmp(a, b, 20), "the two differ at %zu bytes", n);
	}
	nm_sha1_portable(a, big, sizeof(big), 0);
	nm_sha1_portable(b, big, sizeof(big), 1);
	cr_assert(!memcmp(a, b, 20));
}

Test(jsrules, etag_is_express_weak_etag_of_the_body)
{
	char tag[64];
	nm_etag(tag, "{\"a\":1}", 7);
	cr_expect_str_eq(tag, "W/\"7-n4nHQM60bXQYySSnisV5QdXpZSA\"");
}

Test(jsrules, instants_format_as_the_c_library_dates_them_across_the_calendar)
{
	/* from year 1 to 9999, leap days and century years included */
	const int64_t first = -62135596800LL, last = 253402300799LL;
	uint64_t x = 88172645463325252ULL;
	int i;
	for (i = 0; i < 200000; i++) {
		int64_t secs;
		time_t t;
		struct tm tm;
		char want[64], got[40];
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		secs = first + (int64_t)(x % (uint64_t)(last - first));
		if (i < 4) /* the edges, and the epoch */
			secs = i == 0 ? first : i == 1 ? last : i == 2 ? 0 : -1;
		t = (time_t)secs;
		gmtime_r(&t, &tm);
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.123Z",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec);
		nm_format_ts(got, secs * 1000000 + 123000, NM_TS_ISO);
		cr_assert_str_eq(got, want, "at %lld s", (long long)secs);
	}
}
