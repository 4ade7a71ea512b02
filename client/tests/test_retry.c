/*
 * test_retry.c: libnango's retry policy and transport, against a scripted
 * loopback server that logs every request it gets (part of test_client).
 */
/* Report curl writing to a dead stack frame (see transport_errors_...). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_stack_use_after_return=1";
}

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nango_internal.h"

/* --- the retry policy ------------------------------------------------ */

Test(retry, only_429_and_gateway_errors_on_get_are_retried)
{
	static const char *const writes[] = {"POST", "PATCH", "DELETE", "PUT"};
	static const int get_retried[] = {429, 500, 502, 503, 504};
	static const int never[] = {200, 201, 400, 401, 404, 409, 501, 505, 599};
	size_t i, j;
	for (i = 0; i < sizeof(get_retried) / sizeof(int); i++)
		cr_expect(nango__retryable("GET", get_retried[i]), "GET %d",
			  get_retried[i]);
	for (i = 0; i < sizeof(never) / sizeof(int); i++)
		cr_expect_not(nango__retryable("GET", never[i]), "GET %d",
			      never[i]);
	for (j = 0; j < sizeof(writes) / sizeof(writes[0]); j++) {
		cr_expect(nango__retryable(writes[j], 429), "%s 429", writes[j]);
		for (i = 1; i < sizeof(get_retried) / sizeof(int); i++)
			cr_expect_not(nango__retryable(writes[j], get_retried[i]),
				      "%s %d", writes[j], get_retried[i]);
	}
}

Test(retry, retry_after_reads_delay_seconds_and_http_dates)
{
	/* Wed, 21 Oct 2015 07:28:00 GMT */
	const time_t t = 1445412480;
	cr_assert_eq(nango__retry_after_ms("120", t), 120000);
	cr_assert_eq(nango__retry_after_ms("0", t), 0);
	cr_assert_eq(nango__retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT",
					   t - 3), 3000);
	cr_assert_eq(nango__retry_after_ms("Wednesday, 21-Oct-15 07:28:00 GMT",
					   t - 60), 60000);
	cr_assert_eq(nango__retry_after_ms("Wed Oct 21 07:28:00 2015", t - 1),
		     1000);
	cr_assert_eq(nango__retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT",
					   t + 10), 0, "a past date: no wait");
	cr_assert_eq(nango__retry_after_ms("99999999999999999999", t),
		     2000000000L, "capped");
	cr_assert_eq(nango__retry_after_ms("12s", t), -1);
	cr_assert_eq(nango__retry_after_ms("soon", t), -1);
	cr_assert_eq(nango__retry_after_ms(NULL, t), -1);
}

/* --- against a scripted one-connection-per-reply server ---------------- */

/*
 * A loopback server in a child process: the i-th connection reads one
 * whole request and gets replies[i]. Each request line goes down a pipe,
 * so the test sees exactly what was sent. The child ends by alarm(10)
 * whatever happens to the test, so it can never be left blocking.
 */
typedef struct {
	pid_t pid;
	int port;
	int log_fd;
} scripted;

/* Reads one request (headers and Content-Length body) into buf. */
static size_t read_request(int c, char *buf, size_t cap)
{
	size_t len = 0, want = 0;
	char *end = NULL;
	ssize_t n;
	while (len < cap - 1 && (!end || len < want)) {
		n = read(c, buf + len, cap - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (!end && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");
			want = (size_t)(end + 4 - buf);
			if (cl && cl < end)
				want += strtoul(cl + 17, NULL, 10);
		}
	}
	return len;
}

static void scripted_child(int fd, int log, const char *const *replies)
{
	char buf[8192];
	int c, i;
	alarm(10);
	for (i = 0; replies[i]; i++) {
		size_t len;
		c = accept(fd, NULL, NULL);
		if (c < 0)
			_exit(1);
		len = read_request(c, buf, sizeof(buf));
		(void)!write(log, buf, strcspn(buf, "\r") < len ? strcspn(buf, "\r")
								: len);
		(void)!write(log, "\n", 1);
		(void)!write(c, replies[i], strlen(replies[i]));
		close(c);
	}
	_exit(0);
}

static void scripted_start(scripted *s, const char *const *replies)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), p[2];
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(fd, 8), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	cr_assert_eq(pipe(p), 0);
	s->pid = fork();
	cr_assert_neq(s->pid, -1);
	if (s->pid == 0) {
		close(p[0]);
		scripted_child(fd, p[1], replies);
	}
	close(p[1]);
	close(fd);
	s->port = ntohs(a.sin_port);
	s->log_fd = p[0];
}

/* Stops the server and returns the request lines it saw, one a line. */
static char *scripted_stop(scripted *s)
{
	nj_buf b = NJ_BUF_INIT;
	char chunk[512];
	ssize_t n;
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	while ((n = read(s->log_fd, chunk, sizeof(chunk))) > 0)
		nj_buf_put(&b, chunk, (size_t)n);
	close(s->log_fd);
	nj_buf_putc(&b, '\0');
	return nj_buf_take(&b, NULL);
}

/* A client of the scripted server. */
static nango_client *scripted_client(const scripted *s, int retries)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = NULL;
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", s->port);
	o.base_url = url;
	o.secret_key = "k";
	o.max_retries = retries;
	o.retry_base_ms = 10;
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	return c;
}

#define REPLY(status, extra, body)                                           \
	"HTTP/1.1 " status "\r\nContent-Type: application/json\r\n" extra     \
	"Connection: close\r\nContent-Length: " #body "\r\n\r\n"

/* One operation against the scripted server; asserts on its own results. */
typedef int (*scripted_call)(nango_client *c);

/*
 * Runs call on a client allowed retries resends against a server that
 * answers replies in turn; call must return want_rc with want_status as
 * the last status, and the server must have seen exactly want_log.
 */
static void expect_exchange(const char *const *replies, int retries,
			    scripted_call call, int want_rc, int want_status,
			    const char *want_log)
{
	nango_client *c;
	scripted s;
	char *log;
	int rc;
	scripted_start(&s, replies);
	c = scripted_client(&s, retries);
	rc = call(c);
	cr_assert_eq(rc, want_rc, "got %s: %s", nango_error_string(rc),
		     nango_client_last_message(c));
	cr_assert_eq(nango_client_last_status(c), want_status);
	nango_client_free(c);
	log = scripted_stop(&s);
	cr_assert_str_eq(log, want_log);
	free(log);
}

/* GET /connections, which answers an empty list when it succeeds. */
static int list_empty(nango_client *c)
{
	nango_connection_array *l = NULL;
	int rc = nango_connection_list(&l, c, NULL);
	if (rc == NANGO_OK)
		cr_assert_eq(l->count, 0);
	else
		cr_assert_null(l);
	nango_connection_array_free(l);
	return rc;
}

/* list_empty, then Nango's code of the rate limit must be on the client. */
static int list_rate_limited(nango_client *c)
{
	int rc = list_empty(c);
	cr_assert_str_eq(nango_client_last_code(c), "too_many_request");
	return rc;
}

/* The modern import of a NONE connection, as a write to send once. */
static int import_none(nango_client *c)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_connection *conn = NULL;
	int rc;
	p.provider_config_key = "k";
	p.credentials_type = "NONE";
	rc = nango_connection_create(&conn, c, &p);
	nango_connection_free(conn);
	return rc;
}

/* A legacy metadata merge, the PATCH to send once. */
static int patch_metadata(nango_client *c)
{
	return nango_metadata_update_legacy(c, "k", "id", "{}");
}

#define GET_LINE "GET /connections HTTP/1.1\n"
#define POST_LINE "POST /connections HTTP/1.1\n"

Test(client, retries_429_with_retry_after_and_5xx_then_succeeds)
{
	static const char *const replies[] = {
		REPLY("429 Too Many Requests", "Retry-After: 0\r\n", 2) "{}",
		REPLY("503 Service Unavailable", "", 2) "{}",
		REPLY("200 OK", "", 18) "{\"connections\":[]}",
		NULL};
	expect_exchange(replies, 2, list_empty, NANGO_OK, 200,
			GET_LINE GET_LINE GET_LINE);
}

Test(client, gives_up_after_the_retries_allowed_with_eratelimit)
{
	static const char *const replies[] = {
		REPLY("429 Too Many Requests", "Retry-After: 0\r\n", 2) "{}",
		REPLY("429 Too Many Requests", "Retry-After: 0\r\n", 64)
		"{\"error\":{\"code\":\"too_many_request\",\"method\":\"GET\","
		"\"path\":\"/x\"}}",
		REPLY("200 OK", "", 18) "{\"connections\":[]}",
		NULL};
	expect_exchange(replies, 1, list_rate_limited, NANGO_ERATELIMIT, 429,
			GET_LINE GET_LINE);
}

Test(client, a_post_answered_500_is_not_sent_again)
{
	static const char *const replies[] = {
		REPLY("500 Internal Server Error", "", 2) "{}",
		REPLY("500 Internal Server Error", "", 2) "{}",
		NULL};
	expect_exchange(replies, 3, import_none, NANGO_ESERVER, 500, POST_LINE);
}

Test(client, a_patch_answered_503_is_not_sent_again)
{
	static const char *const replies[] = {
		REPLY("503 Service Unavailable", "", 2) "{}",
		REPLY("200 OK", "", 16) "{\"success\":true}",
		NULL};
	expect_exchange(replies, 3, patch_metadata, NANGO_ESERVER, 503,
			"PATCH /connection/id/metadata?provider_config_key=k "
			"HTTP/1.1\n");
}

Test(client, a_post_answered_429_is_sent_again)
{
	static const char *const replies[] = {
		REPLY("429 Too Many Requests", "Retry-After: 0\r\n", 2) "{}",
		REPLY("201 Created", "", 105)
		"{\"id\":1,\"connection_id\":\"c\",\"provider_config_key\":"
		"\"k\",\"provider\":\"p\",\"created_at\":\"2026-01-01T00:00:00Z\"}",
		NULL};
	expect_exchange(replies, 1, import_none, NANGO_OK, 201,
			POST_LINE POST_LINE);
}

Test(client, retry_after_as_an_http_date_is_waited_for)
{
	char reply[256], date[64], *log;
	const char *replies[] = {reply,
				 REPLY("200 OK", "", 18) "{\"connections\":[]}",
				 NULL};
	nango_connection_array *l = NULL;
	struct timespec t0, t1;
	time_t when = time(NULL) + 2;
	struct tm tm;
	nango_client *c;
	scripted s;
	long ms;
	gmtime_r(&when, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	snprintf(reply, sizeof(reply),
		 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: %s\r\n"
		 "Connection: close\r\nContent-Length: 2\r\n\r\n{}", date);
	scripted_start(&s, replies);
	c = scripted_client(&s, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(nango_connection_list(&l, c, NULL), NANGO_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	cr_assert_geq(ms, 900, "waited %ld ms for Retry-After: %s", ms, date);
	nango_connection_array_free(l);
	nango_client_free(c);
	log = scripted_stop(&s);
	free(log);
}

Test(client, transport_errors_keep_curls_detail_in_the_client)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_connection_array *l = NULL;
	nango_client *c = NULL;
	o.base_url = "http://127.0.0.1:1";
	o.secret_key = "k";
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	cr_assert_eq(nango_connection_list(&l, c, NULL), NANGO_ETRANSPORT);
	cr_assert_eq(nango_client_last_status(c), 0);
	cr_assert(strstr(nango_client_last_message(c), "127.0.0.1"),
		  "curl's own text, not curl_easy_strerror's: %s",
		  nango_client_last_message(c));
	/*
	 * curl writes to its error buffer during any later transfer of the
	 * handle: it must still be memory the client owns (a stack buffer
	 * of an earlier call is reported by ASan here).
	 */
	cr_assert_neq(curl_easy_perform(c->curl), CURLE_OK);
	cr_assert(strstr(c->errbuf, "127.0.0.1"), "%s", c->errbuf);
	nango_client_free(c);
}
