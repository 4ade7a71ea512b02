/*
 * nango_http.c: the client handle, one libcurl easy handle reused across
 * calls, the retry policy (429 with Retry-After, 5xx on GET) and the error
 * detail of the last call. The only file of libnango that knows curl.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nango_internal.h"

_Static_assert(NANGO__ERRBUF_SIZE >= CURL_ERROR_SIZE,
	       "the client's error buffer must hold CURL_ERROR_SIZE bytes");

int nango_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK
		       ? NANGO_OK
		       : NANGO_ETRANSPORT;
}

void nango_global_cleanup(void)
{
	curl_global_cleanup();
}

int nango_client_new(nango_client **out, const nango_options *o)
{
	nango_client *c;
	nj_buf b = NJ_BUF_INIT;
	size_t n;
	if (!out)
		return NANGO_EARG;
	*out = NULL;
	if (!o || o->version != NANGO_OPTIONS_VERSION || !o->secret_key)
		return NANGO_EARG;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NANGO_ENOMEM;
	c->curl = curl_easy_init();
	c->base_url = nango__strdup(o->base_url ? o->base_url
					     : "https://api.nango.dev");
	c->user_agent = nango__strdup(o->user_agent ? o->user_agent
						 : "libnango/" NANGO_VERSION_STRING);
	nj_buf_puts(&b, "Authorization: Bearer ");
	nj_buf_puts(&b, o->secret_key);
	c->auth_header = nj_buf_take(&b, NULL);
	c->timeout_ms = o->timeout_ms;
	c->max_retries = o->max_retries;
	c->retry_base_ms = o->retry_base_ms;
	c->retry_max_ms = o->retry_max_ms;
	if (!c->curl || !c->base_url || !c->user_agent || !c->auth_header) {
		nango_client_free(c);
		return NANGO_ENOMEM;
	}
	n = strlen(c->base_url);
	while (n > 0 && c->base_url[n - 1] == '/')
		c->base_url[--n] = '\0';
	*out = c;
	return NANGO_OK;
}

/* Forgets the detail of the previous call. */
static void nango__reset(nango_client *c)
{
	size_t i;
	c->status = 0;
	free(c->code);
	free(c->message);
	c->code = c->message = NULL;
	nj_buf_free(&c->body);
	for (i = 0; c->paths && i < c->n_items; i++)
		free(c->paths[i]);
	free(c->paths);
	free(c->items);
	c->items = NULL;
	c->paths = NULL;
	c->n_items = 0;
	nj_free(c->error_doc);
	c->error_doc = NULL;
}

void nango_client_free(nango_client *c)
{
	if (!c)
		return;
	nango__reset(c);
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c->base_url);
	free(c->auth_header);
	free(c->user_agent);
	free(c);
}

int nango__fail(nango_client *c, int error, const char *message)
{
	nango__reset(c);
	c->message = nango__strdup(message ? message
					   : nango_error_string(error));
	return error;
}

int nango__note(nango_client *c, int error)
{
	if (!c->message)
		c->message = nango__strdup(nango_error_string(error));
	return error;
}

int nango_client_last_status(const nango_client *c)
{
	return c ? c->status : 0;
}

const char *nango_client_last_code(const nango_client *c)
{
	return c && c->code ? c->code : "";
}

const char *nango_client_last_message(const nango_client *c)
{
	return c && c->message ? c->message : "";
}

const char *nango_client_last_body(const nango_client *c)
{
	return c && c->body.ptr ? c->body.ptr : "";
}

size_t nango_client_last_item_count(const nango_client *c)
{
	return c ? c->n_items : 0;
}

const nango_error_item *nango_client_last_item(const nango_client *c, size_t i)
{
	return c && i < c->n_items ? &c->items[i] : NULL;
}

/* Reads error.code, error.message and error.errors[] of an error body. */
static void nango__error_detail(nango_client *c, nj_value *doc)
{
	const nj_value *err = nj_object_get(doc, "error");
	const nj_value *list = nj_object_get(err, "errors");
	size_t i;
	c->error_doc = doc;
	c->code = nango__strdup(nj_get_string(err, "code"));
	c->message = nango__strdup(nj_get_string(err, "message"));
	if (!list || list->type != NJ_ARRAY || !list->len)
		return;
	c->items = calloc(list->len, sizeof(*c->items));
	c->paths = calloc(list->len, sizeof(*c->paths));
	if (!c->items || !c->paths) {
		free(c->items);
		free(c->paths);
		c->items = NULL;
		c->paths = NULL;
		return;
	}
	for (i = 0; i < list->len; i++) {
		nj_value *it = list->items[i];
		nj_value *path = nj_object_get(it, "path");
		nj_buf b = NJ_BUF_INIT;
		c->items[i].code = nj_get_string(it, "code");
		c->items[i].message = nj_get_string(it, "message");
		nj_buf_value(&b, path);
		c->paths[i] = nj_buf_take(&b, NULL);
		c->items[i].path = c->paths[i];
		if (!c->items[i].code)
			c->items[i].code = "";
		if (!c->items[i].message)
			c->items[i].message = "";
		if (!c->items[i].path)
			c->items[i].path = "[]";
	}
	c->n_items = list->len;
}

static size_t nango__on_body(char *p, size_t size, size_t n, void *ud)
{
	nj_buf *b = ud;
	nj_buf_put(b, p, size * n);
	return b->oom ? 0 : size * n;
}

/* Longest wait a Retry-After can ask for (fits a 32-bit long in ms). */
#define NANGO__RETRY_AFTER_MAX_S 2000000LL

long nango__retry_after_ms(const char *value, time_t now)
{
	const char *p = value;
	long long secs = 0;
	time_t when;
	if (!value)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p >= '0' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++)
			if (secs <= NANGO__RETRY_AFTER_MAX_S)
				secs = secs * 10 + (*p - '0');
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			return -1;
	} else {
		when = curl_getdate(value, NULL);
		if (when == (time_t)-1)
			return -1;
		secs = when > now ? (long long)(when - now) : 0;
	}
	if (secs > NANGO__RETRY_AFTER_MAX_S)
		secs = NANGO__RETRY_AFTER_MAX_S;
	return (long)(secs * 1000);
}

/* The wait Retry-After asks for (ms), from the response; -1 when none. */
static long nango__retry_after(CURL *h)
{
	struct curl_header *hd;
	if (curl_easy_header(h, "Retry-After", 0, CURLH_HEADER, -1, &hd) !=
	    CURLHE_OK)
		return -1;
	return nango__retry_after_ms(hd->value, time(NULL));
}

int nango__retryable(const char *method, int status)
{
	if (status == 429)
		return 1;
	if (strcmp(method, "GET") != 0)
		return 0;
	return status == 500 || status == 502 || status == 503 || status == 504;
}

/* One HTTP exchange; fills c->status and c->body. */
static int nango__perform(nango_client *c, const char *method,
			  const char *url, const char *body, long *retry_after)
{
	CURL *h = c->curl;
	struct curl_slist *hs = NULL;
	CURLcode rc;
	long status = 0;
	curl_easy_reset(h);
	hs = curl_slist_append(hs, c->auth_header);
	hs = curl_slist_append(hs, "Content-Type: application/json");
	hs = curl_slist_append(hs, "Accept: application/json");
	hs = curl_slist_append(hs, "Expect:");
	if (!hs)
		return nango__fail(c, NANGO_ENOMEM, NULL);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, nango__on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &c->body);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	} else if (!strcmp(method, "GET")) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	rc = curl_easy_perform(h);
	curl_slist_free_all(hs);
	if (rc != CURLE_OK) {
		if (c->body.oom)
			return nango__fail(c, NANGO_ENOMEM, NULL);
		return nango__fail(c, NANGO_ETRANSPORT,
				   c->errbuf[0] ? c->errbuf
						: curl_easy_strerror(rc));
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	c->status = (int)status;
	*retry_after = nango__retry_after(h);
	return NANGO_OK;
}

static void nango__sleep_ms(long ms)
{
	struct timespec ts;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

int nango__call(nj_value **json_out, nango_client *c, const char *method,
		const char *path, const char *body, int not_found)
{
	nj_buf url = NJ_BUF_INIT;
	nj_value *doc = NULL;
	long backoff = c->retry_base_ms, wait, retry_after = -1;
	int attempt, rc;

	if (json_out)
		*json_out = NULL;
	nj_buf_puts(&url, c->base_url);
	nj_buf_puts(&url, path);
	if (url.oom)
		return nango__fail(c, NANGO_ENOMEM, NULL);
	for (attempt = 0;; attempt++) {
		nango__reset(c);
		rc = nango__perform(c, method, url.ptr, body, &retry_after);
		if (rc != NANGO_OK || attempt >= c->max_retries ||
		    !nango__retryable(method, c->status))
			break;
		wait = retry_after >= 0 ? retry_after : backoff;
		nango__sleep_ms(wait < c->retry_max_ms ? wait : c->retry_max_ms);
		backoff *= 2;
	}
	nj_buf_free(&url);
	if (rc != NANGO_OK)
		return rc;
	if (c->body.len && nj_parse(&doc, c->body.ptr, c->body.len, NULL) != NJ_OK)
		doc = NULL;
	if (c->status < 200 || c->status >= 300) {
		if (doc)
			nango__error_detail(c, doc);
		rc = nango__map_error(c->status, c->code, not_found);
		return doc ? rc : nango__note(c, rc);
	}
	if (c->body.len && !doc) {
		c->message = nango__strdup("response is not JSON");
		return NANGO_EPARSE;
	}
	if (json_out)
		*json_out = doc;
	else
		nj_free(doc);
	return NANGO_OK;
}
