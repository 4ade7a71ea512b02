/* admin_support.c: see admin_support.h. */
#include "admin_support.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

mock_proc mock;
nango_client *dev, *prod;

/* Starts nango-mock with the two keys, the seed and extra flags. */
mock_proc start_mock(const char *const *extra)
{
	const char *argv[32] = {NM_TEST_MOCK, "--port", "0", "--providers",
				NM_TEST_PROVIDERS, "--fixtures", NM_TEST_SEED,
				"--secret-key", "dev=" KEY_DEV, "--secret-key",
				"prod=" KEY_PROD, "--threads", "8"};
	mock_proc m;
	char line[256];
	int fds[2], n = 13, port = 0;
	while (extra && *extra && n < 30)
		argv[n++] = *extra++;
	argv[n] = NULL;
	memset(&m, 0, sizeof(m));
	cr_assert_eq(pipe(fds), 0);
	m.pid = fork();
	cr_assert(m.pid >= 0);
	if (m.pid == 0) {
		char *args[32]; /* execv's own copies, in the child */
		int i;
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		for (i = 0; i < n; i++)
			args[i] = strdup(argv[i]);
		args[n] = NULL;
		execv(args[0], args);
		_exit(127);
	}
	close(fds[1]);
	m.out = fdopen(fds[0], "r");
	while (fgets(line, sizeof(line), m.out))
		if (sscanf(line, "port: %d", &port) == 1)
			break;
	cr_assert(port > 0, "nango-mock did not start");
	snprintf(m.base, sizeof(m.base), "http://127.0.0.1:%d", port);
	return m;
}

/* Stops it with sig; returns the exit status (or -signal). */
int stop_mock(mock_proc *m, int sig)
{
	int st = 0;
	if (!m->pid)
		return 0;
	kill(m->pid, sig);
	waitpid(m->pid, &st, 0);
	fclose(m->out);
	m->pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

nango_client *client_for(const mock_proc *m, const char *key)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = NULL;
	o.base_url = m->base;
	o.secret_key = key;
	cr_assert_eq(nango_client_new(&c, &o), NANGO_OK);
	return c;
}

void connect_clients(void)
{
	dev = client_for(&mock, KEY_DEV);
	prod = client_for(&mock, KEY_PROD);
}

void setup(void)
{
	nango_global_init();
	mock = start_mock(NULL);
	connect_clients();
}

void teardown(void)
{
	nango_client_free(dev);
	nango_client_free(prod);
	dev = prod = NULL;
	stop_mock(&mock, SIGKILL); /* SIGTERM's clean stop: server.flags */
}

/* --- raw HTTP -------------------------------------------------------------- */

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	nj_buf *b = ud;
	nj_buf_put(b, p, size * n);
	return size * n;
}

/* One request; key NULL: no Authorization. extra_header may be NULL. */
reply http(const char *method, const char *path, const char *key,
		  const char *body, const char *extra_header)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hs = NULL;
	nj_buf b = NJ_BUF_INIT, hb = NJ_BUF_INIT;
	char url[512], auth[128];
	reply r;
	memset(&r, 0, sizeof(r));
	snprintf(url, sizeof(url), "%s%s", mock.base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (key) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
		hs = curl_slist_append(hs, auth);
	}
	if (extra_header)
		hs = curl_slist_append(hs, extra_header);
	if (body) {
		hs = curl_slist_append(hs, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	r.curl_rc = (int)curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r.seconds);
	nj_buf_putc(&b, '\0');
	nj_buf_putc(&hb, '\0');
	r.body = b.ptr;
	r.headers = hb.ptr;
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	return r;
}

int status_of(const char *method, const char *path, const char *key,
	      const char *body)
{
	reply r = http(method, path, key, body, NULL);
	int status = r.status;
	reply_free(&r);
	return status;
}

void reply_free(reply *r)
{
	free(r->body);
	free(r->headers);
}

/* A parsed JSON text (caller frees). */
nj_value *parse(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK, "%s", text);
	return v;
}

/* GET path's body with the dev key (caller frees). */
char *get_body(const char *path, const char *key)
{
	reply r = http("GET", path, key, NULL, NULL);
	cr_assert_eq(r.status, 200, "%s: %ld %s", path, r.status, r.body);
	free(r.headers);
	return r.body;
}

long count(nango_client *c, const char *matcher)
{
	long n = -1;
	cr_assert_eq(nango_mock_count(&n, c, matcher), NANGO_OK, "%s",
		     nango_client_last_body(c));
	return n;
}

void add_fault(nango_client *c, const char *json)
{
	cr_assert_eq(nango_mock_fault_add(NULL, c, json), NANGO_OK, "%s",
		     nango_client_last_body(c));
}

void create(const char *key, const char *body)
{
	reply r = http("POST", "/connection", key, body, NULL);
	cr_assert_eq(r.status, 201, "%ld %s", r.status, r.body);
	reply_free(&r);
}

/* The journal (dev) as a value; filter may be NULL. */
nj_value *journal(nango_client *c, const char *filter)
{
	char *text = NULL;
	nj_value *v;
	cr_assert_eq(nango_mock_requests(&text, c, filter), NANGO_OK, "%s",
		     nango_client_last_body(c));
	v = parse(text);
	nango_mock_free(text);
	return v;
}

const nj_value *entry(const nj_value *j, size_t i)
{
	const nj_value *list = nj_object_get(j, "requests");
	cr_assert(list && i < list->len);
	return list->items[i];
}
