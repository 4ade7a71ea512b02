/*
 * fuzz_request: whole requests through nango-mock's pipeline in-process
 * (nm_server_handle, no socket). Input: "METHOD TARGET\n", header lines
 * "Name: value\n", an empty line, then the body. One server lives across
 * inputs (state builds up) and is renewed every FZ_RENEW inputs.
 *
 * Invariants: every request gets exactly one well-formed HTTP/1.1 response
 * whose Content-Length is its body's length; JSON bodies parse; a 500 is
 * one of Nango's error bodies; the store hands out unique connection ids in
 * each environment and every listed connection can be read back by its
 * key and id.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_admin.h"
#include "nm_clock.h"
#include "nm_faults.h"
#include "nm_journal.h"
#include "nm_server.h"

#define FZ_CHECK(c)         \
	do {                    \
		if (!(c))           \
			abort();        \
	} while (0)

#ifndef FZ_PROVIDERS
#define FZ_PROVIDERS "fixtures/providers.json"
#endif
#define FZ_RENEW 2000
#define FZ_MAX_HEADERS 32

static nm_server fz_srv;
static int fz_live, fz_count;

static void fz_add_key(const char *env, const char *secret)
{
	nm_key *k = realloc(fz_srv.cfg.keys,
			    (fz_srv.cfg.n_keys + 1) * sizeof(*k));
	FZ_CHECK(k);
	fz_srv.cfg.keys = k;
	k += fz_srv.cfg.n_keys++;
	memcpy(k->secret, secret, 37);
	FZ_CHECK(nm_store_env(fz_srv.cfg.store, env, &k->env) == NM_OK);
}

static void fz_stop(void)
{
	nm_providers_free(&fz_srv);
	free(fz_srv.cfg.keys);
	nm_admin_free(&fz_srv);
	nm_journal_free(fz_srv.cfg.journal);
	nm_faults_free(fz_srv.cfg.faults);
	nm_store_free(fz_srv.cfg.store);
	nm_clock_free(fz_srv.cfg.clock);
	fz_live = 0;
}

static void fz_start(void)
{
	char err[256];
	memset(&fz_srv, 0, sizeof(fz_srv));
	fz_srv.cfg.host = "127.0.0.1";
	fz_srv.cfg.threads = 1;
	fz_srv.cfg.max_body = 1 << 20;
	fz_srv.cfg.keep_alive_ms = 61000;
	fz_srv.cfg.headers_timeout_ms = 62000;
	fz_srv.cfg.rate_limit = 0;
	/* what nango-mock has, the test double's parts included */
	fz_srv.cfg.store = nm_store_new();
	fz_srv.cfg.clock = nm_clock_new();
	fz_srv.cfg.faults = nm_faults_new();
	fz_srv.cfg.journal = nm_journal_new(50);
	FZ_CHECK(fz_srv.cfg.store && fz_srv.cfg.clock && fz_srv.cfg.faults &&
		 fz_srv.cfg.journal);
	nm_store_set_clock(fz_srv.cfg.store, nm_clock_store_now,
			   fz_srv.cfg.clock);
	fz_add_key("dev", "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11");
	fz_add_key("prod", "22222222-2222-4222-8222-222222222222");
	FZ_CHECK(nm_providers_load(&fz_srv, FZ_PROVIDERS, err,
				   sizeof(err)) == 0);
	FZ_CHECK(nm_admin_capture_initial(&fz_srv) == 0);
	snprintf(fz_srv.cfg.base_url, sizeof(fz_srv.cfg.base_url),
		 "http://127.0.0.1:3003");
	fz_live = 1;
}

/* Checks one response; returns its status. */
static int fz_check_response(const char *method, const char *resp,
			     size_t len)
{
	const char *end = memmem(resp, len, "\r\n\r\n", 4), *cl, *ct;
	size_t head, body_len;
	int status;
	nj_value *v = NULL;

	FZ_CHECK(len > 13 && !memcmp(resp, "HTTP/1.1 ", 9) && end);
	status = atoi(resp + 9);
	FZ_CHECK(status >= 200 && status <= 599);
	head = (size_t)(end - resp) + 4;
	body_len = len - head;
	cl = strcasestr(resp, "\r\nContent-Length: ");
	if (cl && cl < end && strcasecmp(method, "HEAD") != 0)
		FZ_CHECK(strtoul(cl + 18, NULL, 10) == body_len);
	ct = strcasestr(resp, "\r\nContent-Type: application/json");
	if (ct && ct < end && body_len > 0) {
		FZ_CHECK(nj_parse(&v, end + 4, body_len, NULL) == NJ_OK);
		FZ_CHECK(v->type == NJ_OBJECT);
		if (status == 500)
			FZ_CHECK(nj_object_get(v, "error") != NULL);
		nj_free(v);
	}
	return status;
}

/* Store invariants: unique ids, and each listed connection reads back. */
static void fz_check_store(void)
{
	size_t e;
	for (e = 0; e < fz_srv.cfg.n_keys; e++) {
		nm_list_filter f;
		nm_connection **list = NULL;
		size_t n = 0, i, j;
		int env = fz_srv.cfg.keys[e].env;
		memset(&f, 0, sizeof(f));
		f.limit = -1;
		FZ_CHECK(nm_store_list(&list, &n, fz_srv.cfg.store, env, &f) ==
			 NM_OK);
		for (i = 0; i < n; i++) {
			nm_connection *c = NULL;
			for (j = i + 1; j < n; j++)
				FZ_CHECK(list[i]->id != list[j]->id);
			FZ_CHECK(nm_store_get(&c, fz_srv.cfg.store, env,
					      list[i]->provider_config_key,
					      list[i]->connection_id, 0) == NM_OK);
			FZ_CHECK(c->id == list[i]->id);
			nm_connection_free(c);
		}
		nm_connection_list_free(list, n);
	}
}

/* Splits the input into request parts (in place, in a NUL-ended copy). */
static int fz_split(char *in, size_t size, char **method, char **target,
		    nm_header *h, int *nh, char **body, size_t *body_len)
{
	char *line = in, *nl, *sp, *end = in + size;
	*nh = 0;
	nl = memchr(line, '\n', size);
	if (!nl)
		return -1;
	*nl = '\0';
	sp = strchr(line, ' ');
	if (!sp || sp == line || !sp[1] || strlen(line) != (size_t)(nl - line))
		return -1;
	*sp = '\0';
	*method = line;
	*target = sp + 1;
	for (line = nl + 1; line < end; line = nl + 1) {
		char *colon;
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl || nl == line)
			break;
		*nl = '\0';
		colon = strchr(line, ':');
		if (!colon || *nh == FZ_MAX_HEADERS)
			continue;
		*colon = '\0';
		h[*nh].name = line;
		h[*nh].value = colon + 1 + (colon[1] == ' ');
		(*nh)++;
	}
	*body = nl ? nl + 1 : end;
	*body_len = (size_t)(end - *body);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *method, *target, *body;
	nm_header h[FZ_MAX_HEADERS];
	size_t body_len;
	int nh;
	nj_buf out = NJ_BUF_INIT;

	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (!fz_live)
		fz_start();
	if (fz_split(in, size, &method, &target, h, &nh, &body, &body_len) == 0 &&
	    strlen(target) > 0) {
		nm_server_handle(&fz_srv, method, target, "1.1", h, nh,
				 body_len ? body : NULL, body_len, &out);
		FZ_CHECK(!out.oom);
		fz_check_response(method, out.ptr, out.len);
		fz_check_store();
	}
	nj_buf_free(&out);
	free(in);
	if (++fz_count % FZ_RENEW == 0)
		fz_stop();
	return 0;
}
