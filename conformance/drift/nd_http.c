/* nd_http.c: a side is a base URL, a key and one reused libcurl handle. */
#include "nc_http.h"
#include "nd_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

struct nd_side {
	char *name;
	char *url;
	char *key;
	char *public_urls[4];
	CURL *curl;
};

double nd_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The URL with 127.0.0.1 and localhost swapped, or NULL if neither. */
static char *nd_twin_url(const char *url)
{
	static const char *const pairs[][2] = {
		{"://127.0.0.1", "://localhost"}, {"://localhost", "://127.0.0.1"}};
	size_t i;
	for (i = 0; i < 2; i++) {
		const char *p = strstr(url, pairs[i][0]);
		nj_buf b = NJ_BUF_INIT;
		if (!p)
			continue;
		nj_buf_put(&b, url, (size_t)(p - url));
		nj_buf_puts(&b, pairs[i][1]);
		nj_buf_puts(&b, p + strlen(pairs[i][0]));
		return nj_buf_take(&b, NULL);
	}
	return NULL;
}

int nd_side_new(nd_side **out, const char *name, const char *url,
		const char *key, const char *extra_public)
{
	nd_side *s = calloc(1, sizeof(*s));
	size_t n = 0, len;
	*out = NULL;
	if (!s)
		return -1;
	s->name = strdup(name);
	s->url = strdup(url);
	s->key = strdup(key);
	len = s->url ? strlen(s->url) : 0;
	while (len > 0 && s->url[len - 1] == '/')
		s->url[--len] = '\0';
	s->curl = curl_easy_init();
	if (!s->name || !s->url || !s->key || !s->curl) {
		nd_side_free(s);
		return -1;
	}
	s->public_urls[n++] = strdup(s->url);
	if ((s->public_urls[n] = nd_twin_url(s->url)) != NULL)
		n++;
	if (extra_public && *extra_public)
		s->public_urls[n++] = strdup(extra_public);
	*out = s;
	return 0;
}

void nd_side_free(nd_side *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < 4; i++)
		free(s->public_urls[i]);
	if (s->curl)
		curl_easy_cleanup(s->curl);
	free(s->name);
	free(s->url);
	free(s->key);
	free(s);
}

const char *nd_side_name(const nd_side *s) { return s->name; }
const char *nd_side_url(const nd_side *s) { return s->url; }
const char *nd_side_key(const nd_side *s) { return s->key; }

const char *const *nd_side_public_urls(const nd_side *s)
{
	return (const char *const *)s->public_urls;
}

/* The reason phrase from "HTTP/1.1 404 Not Found\r\n". */
static void nd_reason(nd_answer *a)
{
	const char *p = a->headers ? strchr(a->headers, ' ') : NULL;
	size_t n;
	a->reason[0] = '\0';
	if (!p || !(p = strchr(p + 1, ' ')))
		return;
	p++;
	n = strcspn(p, "\r\n");
	if (n >= sizeof(a->reason))
		n = sizeof(a->reason) - 1;
	memcpy(a->reason, p, n);
	a->reason[n] = '\0';
}

/* Header lines for curl: "Name:" with an empty value must be "Name;", and
 * curl's own Content-Type and Expect are suppressed unless given. */
static struct curl_slist *nd_curl_headers(const nd_req *r, const char *key,
					  const char *tag, long episode)
{
	struct curl_slist *hl = NULL;
	size_t i;
	for (i = 0; i < r->n_headers; i++) {
		char *line = nd_expand(r->headers[i], strlen(r->headers[i]),
				       NULL, key, tag, episode);
		char *colon;
		if (!line)
			continue;
		colon = strchr(line, ':');
		if (colon && colon[1 + strspn(colon + 1, " ")] == '\0') {
			colon[0] = ';'; /* an empty value */
			colon[1] = '\0';
		}
		hl = curl_slist_append(hl, line);
		free(line);
	}
	if (!nd_req_get_header(r, "Content-Type"))
		hl = curl_slist_append(hl, "Content-Type:");
	hl = curl_slist_append(hl, "Expect:");
	hl = curl_slist_append(hl, "Accept:");
	return hl;
}

int nd_side_send(nd_side *s, const nd_req *r, const char *tag, long episode,
		 nd_answer *a)
{
	nj_buf url = NJ_BUF_INIT, body = NJ_BUF_INIT, head = NJ_BUF_INIT;
	char *path = NULL, *payload = NULL;
	size_t payload_len = 0;
	struct curl_slist *hl = NULL;
	CURLcode rc;
	CURL *c = s->curl;
	int ret = -1;

	memset(a, 0, sizeof(*a));
	path = nd_expand(r->path, strlen(r->path), NULL, s->key, tag, episode);
	if (r->has_body)
		payload = nd_expand(r->body ? r->body : "", r->body_len,
				    &payload_len, s->key, tag, episode);
	if (!path || (r->has_body && !payload))
		goto done;
	nj_buf_puts(&url, s->url);
	nj_buf_puts(&url, path);
	hl = nd_curl_headers(r, s->key, tag, episode);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url.ptr);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
	if (!strcmp(r->method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (r->has_body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)payload_len);
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, nc_http_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, nc_http_collect_headers);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	a->t0 = nd_now();
	rc = curl_easy_perform(c);
	a->t1 = nd_now();
	a->ok = rc == CURLE_OK;
	if (a->ok)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	else
		snprintf(a->err, sizeof(a->err), "%s", curl_easy_strerror(rc));
	a->body = nj_buf_take(&body, &a->body_len);
	a->headers = nj_buf_take(&head, NULL);
	if (!a->body)
		a->body = strdup("");
	if (!a->headers)
		a->headers = strdup("");
	nd_reason(a);
	ret = a->body && a->headers ? 0 : -1;
done:
	curl_slist_free_all(hl);
	nj_buf_free(&url);
	nj_buf_free(&body);
	nj_buf_free(&head);
	free(path);
	free(payload);
	return ret;
}

void nd_answer_clear(nd_answer *a)
{
	free(a->headers);
	free(a->body);
	memset(a, 0, sizeof(*a));
}

char *nd_answer_header(const nd_answer *a, const char *name)
{
	return nc_http_header(a->headers, name);
}
