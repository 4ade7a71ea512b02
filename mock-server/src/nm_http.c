/* nm_http.c: responses framed as Nango's Express server frames them. */
#include "nm_http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "nm_errors.h"
#include "nm_sha1.h"
#include "nm_url.h"

static const char nm_security_headers[] =
	"X-XSS-Protection: 0\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Download-Options: noopen\r\n"
	"X-Frame-Options: SAMEORIGIN\r\n"
	"X-DNS-Prefetch-Control: off\r\n"
	"Referrer-Policy: strict-origin\r\n"
	"Strict-Transport-Security: max-age=5184000; includeSubDomains\r\n"
	"Content-Security-Policy-Report-Only: default-src 'self' "
	"http://localhost:3000 http://localhost:3003 http://localhost:3009 "
	"http://localhost:3009/;child-src 'self';connect-src 'self' "
	"https://*.google-analytics.com https://*.sentry.io "
	"http://localhost:3000 http://localhost:3003 ws://localhost:3003/ "
	"http://localhost:3009 http://localhost:3009/ https://*.posthog.com "
	"https://*.stripe.com https://*.plain.com wss://*.plain.com "
	"https://raw.githubusercontent.com;font-src 'self' data: "
	"https://*.googleapis.com https://*.gstatic.com "
	"https://*.cdn-plain.com;frame-src 'self' https://accounts.google.com "
	"http://localhost:3000 http://localhost:3003 http://localhost:3009 "
	"http://localhost:3009/ https://www.youtube.com "
	"https://*.stripe.com;img-src 'self' data: blob: "
	"http://localhost:3000 http://localhost:3003 "
	"https://*.google-analytics.com https://*.googleapis.com "
	"https://*.posthog.com https://img.logo.dev https://*.ytimg.com "
	"https://*.plain.com;manifest-src 'self';media-src 'self';object-src "
	"'self';script-src 'self' 'unsafe-eval' 'unsafe-inline' "
	"http://localhost:3000 http://localhost:3003 https://*.stripe.com "
	"https://*.google-analytics.com https://*.googleapis.com "
	"https://apis.google.com https://*.posthog.com https://www.youtube.com "
	"https://*.cdn-plain.com;style-src blob: 'self' 'unsafe-inline' "
	"https://*.googleapis.com http://localhost:3000 "
	"http://localhost:3003;worker-src blob: 'self' http://localhost:3000 "
	"http://localhost:3003 https://*.googleapis.com "
	"https://*.posthog.com;base-uri 'self';form-action "
	"'self';frame-ancestors 'self';script-src-attr "
	"'none';upgrade-insecure-requests\r\n";

static const char nm_expose_headers[] =
	"Access-Control-Expose-Headers: Authorization, Etag, Content-Type, "
	"Content-Length, X-Nango-Signature, X-RateLimit-Limit, "
	"X-RateLimit-Remaining, X-RateLimit-Reset\r\n";

static const char *nm_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 424: return "Failed Dependency";
	case 429: return "Too Many Requests";
	default: return "Internal Server Error";
	}
}

const nj_value *nm_req_body_js(const nm_req *r, nj_value **owned)
{
	char idx[24];
	size_t i;
	*owned = NULL;
	if (r->body_kind == NM_BODY_JSON)
		return r->body;
	if (r->body_kind != NM_BODY_BUFFER)
		return NULL;
	*owned = nj_object();
	for (i = 0; *owned && i < r->raw_len; i++) {
		snprintf(idx, sizeof(idx), "%zu", i);
		if (nj_object_cset(*owned, idx,
				   nj_number((unsigned char)r->raw[i]))) {
			nj_free(*owned);
			*owned = NULL;
		}
	}
	return *owned;
}

const char *nm_req_header(const nm_req *r, const char *name)
{
	int i;
	for (i = 0; i < r->n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

void nm_http_date(char out[40])
{
	/* formatted once a second per thread */
	static _Thread_local time_t last = (time_t)-1;
	static _Thread_local char text[40];
	time_t t = time(NULL);
	if (t != last) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &tm);
		last = t;
	}
	memcpy(out, text, sizeof(text));
}

void nm_uuid4(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Does If-None-Match name this ETag (the `fresh` module's rule)? */
static int nm_fresh(const nm_req *r, const char *etag)
{
	const char *inm = nm_req_header(r, "If-None-Match");
	const char *cc = nm_req_header(r, "Cache-Control");
	const char *p;
	size_t elen = strlen(etag);
	if (!inm || (cc && strstr(cc, "no-cache")))
		return 0;
	if (strcmp(inm, "*") == 0)
		return 1;
	for (p = inm; *p;) {
		size_t n;
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if ((n == elen && !memcmp(p, etag, n)) ||
		    (n + 2 == elen && !memcmp(p, etag + 2, n)) ||
		    (n == elen + 2 && !memcmp(p + 2, etag, elen)))
			return 1;
		p += strcspn(p, ",");
	}
	return 0;
}

/* Appends v in decimal. */
static void nm_put_dec(nj_buf *h, long long v)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--i] = '-';
	nj_buf_put(h, tmp + i, sizeof(tmp) - i);
}

/* Appends "name: v" (v in decimal) and CRLF. */
static void nm_put_header_num(nj_buf *h, const char *name, long long v)
{
	nj_buf_puts(h, name);
	nj_buf_put(h, ": ", 2);
	nm_put_dec(h, v);
	nj_buf_put(h, "\r\n", 2);
}

/* Appends "name: value" and CRLF. */
static void nm_put_header(nj_buf *h, const char *name, const char *value)
{
	nj_buf_puts(h, name);
	nj_buf_put(h, ": ", 2);
	nj_buf_puts(h, value);
	nj_buf_put(h, "\r\n", 2);
}

static void nm_put_rate_headers(nj_buf *h, const nm_req *r, int status)
{
	if (!r->counted)
		return;
	nm_put_header_num(h, "X-RateLimit-Limit", r->rl_limit);
	nm_put_header_num(h, "X-RateLimit-Remaining", r->rl_remaining);
	nm_put_header_num(h, "X-RateLimit-Reset", r->rl_reset);
	if (status == 429)
		nm_put_header_num(h, "Retry-After", r->retry_after);
}

/*
 * The status line and headers of a response into h; returns the status
 * sent (304 when fresh). *with_body says whether the body follows.
 */
static int nm_head(nj_buf *h, int *with_body, nm_req *r, int status,
		   const char *content_type, const char *body, size_t len,
		   unsigned flags)
{
	char etag[64], date[40];
	int bodyless;

	etag[0] = '\0';
	if (flags & NM_SEND_ETAG) {
		nm_etag(etag, body, len);
		if ((!strcmp(r->method, "GET") || r->head) && status >= 200 &&
		    status < 300 && nm_fresh(r, etag))
			status = 304;
	}
	bodyless = status == 204 || status == 304;
	nj_buf_puts(h, "HTTP/1.1 ");
	nm_put_dec(h, status);
	nj_buf_putc(h, ' ');
	nj_buf_puts(h, nm_reason(status));
	nj_buf_put(h, "\r\n", 2);
	nj_buf_puts(h, nm_security_headers);
	if (flags & NM_SEND_PREFLIGHT) {
		nj_buf_puts(h, "Access-Control-Allow-Origin: *\r\n"
				"Access-Control-Allow-Methods: "
				"GET,HEAD,PUT,PATCH,POST,DELETE\r\n");
		nj_buf_puts(h, nm_req_header(r, "Origin")
			? "Access-Control-Allow-Headers: Authorization,"
			  "Content-Type,Accept,Origin,X-Requested-With,"
			  "Nango-Activity-Log-Id,Nango-Is-Dry-Run,Nango-Is-Sync,"
			  "Provider-Config-Key,Connection-Id,Sentry-Trace,"
			  "Baggage\r\n"
			: "Access-Control-Allow-Headers: Authorization, "
			  "Content-Type, Accept, Origin, X-Requested-With, "
			  "Nango-Activity-Log-Id, Nango-Is-Dry-Run, "
			  "Nango-Is-Sync, Provider-Config-Key, Connection-Id, "
			  "Sentry-Trace, Baggage\r\n");
		nj_buf_puts(h, "Access-Control-Max-Age: 600\r\n");
		nj_buf_puts(h, nm_expose_headers);
		nj_buf_puts(h, "Content-Length: 0\r\n");
	} else {
		if (r->cors) {
			nj_buf_puts(h, "Access-Control-Allow-Origin: *\r\n");
			nj_buf_puts(h, nm_expose_headers);
		}
		nm_put_rate_headers(h, r, status);
		if (flags & NM_SEND_CSP_NONE)
			nj_buf_puts(h, "Content-Security-Policy: default-src "
					"'none'\r\n");
		if (!bodyless && content_type) {
			nm_put_header(h, "Content-Type", content_type);
			nm_put_header_num(h, "Content-Length", (long long)len);
		}
		if (etag[0])
			nm_put_header(h, "ETag", etag);
	}
	nm_http_date(date);
	nm_put_header(h, "Date", date);
	if (r->close) {
		nj_buf_puts(h, "Connection: close\r\n");
	} else {
		nj_buf_puts(h, "Connection: keep-alive\r\n"
				"Keep-Alive: timeout=");
		nm_put_dec(h, nm_keep_alive_seconds(r->srv));
		nj_buf_put(h, "\r\n", 2);
	}
	/* res.send(undefined): no type, and Node adds the length last */
	if (!bodyless && !content_type && !(flags & NM_SEND_PREFLIGHT))
		nm_put_header_num(h, "Content-Length", (long long)len);
	nj_buf_puts(h, "\r\n");
	*with_body = !bodyless && !r->head;
	return status;
}

/* --- response buffers ---------------------------------------------------- */

/* Each thread keeps up to two response buffers of at most NM_SPARE_MAX
 * bytes between its requests (a thread runs one request at a time), so a
 * typical response is built without allocating; the key frees them when
 * the thread ends. At most 32 KiB a thread: 35 MiB if all 1,100 default
 * threads have answered. */
#define NM_SPARE_MAX ((size_t)16 * 1024)
typedef struct {
	nj_buf b[2];
	int n;
} nm_spares;

static pthread_key_t nm_spares_key;
static pthread_once_t nm_spares_once = PTHREAD_ONCE_INIT;

static void nm_spares_free(void *p)
{
	nm_spares *sp = p;
	while (sp->n > 0)
		nj_buf_free(&sp->b[--sp->n]);
	free(sp);
}

static void nm_spares_init(void)
{
	pthread_key_create(&nm_spares_key, nm_spares_free);
}

void nm_resp_buf_init(nj_buf *b)
{
	nm_spares *sp;
	memset(b, 0, sizeof(*b));
	pthread_once(&nm_spares_once, nm_spares_init);
	sp = pthread_getspecific(nm_spares_key);
	if (sp && sp->n > 0)
		*b = sp->b[--sp->n];
}

void nm_resp_buf_release(nj_buf *b)
{
	nm_spares *sp;
	pthread_once(&nm_spares_once, nm_spares_init);
	sp = pthread_getspecific(nm_spares_key);
	if (!sp && (sp = calloc(1, sizeof(*sp))) &&
	    pthread_setspecific(nm_spares_key, sp) != 0)
		sp = (free(sp), NULL);
	if (sp && sp->n < 2 && b->ptr && !b->oom && b->cap <= NM_SPARE_MAX) {
		b->len = 0;
		sp->b[sp->n++] = *b;
	} else {
		nj_buf_free(b);
	}
	memset(b, 0, sizeof(*b));
}

void nm_send(nm_req *r, int status, const char *content_type,
	     const char *body, size_t len, unsigned flags)
{
	nj_buf h;
	int with_body;
	nm_resp_buf_init(&h);
	status = nm_head(&h, &with_body, r, status, content_type, body, len,
			 flags);
	r->out_head = h.len;
	if (with_body)
		nj_buf_put(&h, body, len);
	nm_resp_buf_release(&r->out);
	if (!h.oom)
		r->out = h; /* handed over */
	else
		nj_buf_free(&h);
	r->status = status;
}

/*
 * nm_send for a JSON body in a buffer we own: the headers are put in front
 * of it in place, so a large body is never copied whole (a large buffer
 * grows by remapping).
 */
static void nm_send_json_owned(nm_req *r, int status, nj_buf *body)
{
	nj_buf h;
	size_t len = body->len;
	int with_body;
	nm_resp_buf_init(&h);
	status = nm_head(&h, &with_body, r, status,
			 "application/json; charset=utf-8",
			 body->ptr ? body->ptr : "", len, NM_SEND_ETAG);
	if (!with_body)
		body->len = 0;
	nj_buf_put(body, h.ptr, h.len); /* room for the headers */
	if (!h.oom && !body->oom) {
		memmove(body->ptr + h.len, body->ptr, body->len - h.len);
		memcpy(body->ptr, h.ptr, h.len);
		nm_resp_buf_release(&r->out);
		r->out = *body;
		r->out_head = h.len;
		memset(body, 0, sizeof(*body));
	}
	nm_resp_buf_release(&h);
	nj_buf_free(body);
	r->status = status;
}

void nm_send_json(nm_req *r, int status, nj_buf *body)
{
	if (body->oom) {
		nj_buf_free(body);
		nm_send_500(r, "out of memory while writing the answer", NULL, 0);
		return;
	}
	nm_send_json_owned(r, status, body);
}

void nm_send_not_found_page(nm_req *r)
{
	nj_buf b = NJ_BUF_INIT;
	nj_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n<title>Error</title>\n"
			"</head>\n<body>\n<pre>Cannot ");
	nj_buf_puts(&b, r->method);
	nj_buf_putc(&b, ' ');
	nm_url_html_path(&b, r->path, r->path_len);
	nj_buf_puts(&b, "</pre>\n</body>\n</html>\n");
	nm_send(r, 404, "text/html; charset=utf-8", b.ptr ? b.ptr : "", b.len,
		NM_SEND_CSP_NONE);
	nj_buf_free(&b);
}

/* One line per 500: the id the client got and why, for whoever runs us. */
static void nm_log_500(const nm_req *r, const char *id, const char *cause,
		       const char *func, int line)
{
	int plen = r->path_len > 200 ? 200 : (int)r->path_len;
	if (!cause)
		cause = r->fail_cause;
	if (cause)
		fprintf(stderr, "nango-mock: 500 %s %s %.*s: %s\n", id,
			r->method ? r->method : "-", (int)r->path_len,
			r->path ? r->path : "", cause);
	else
		fprintf(stderr, "nango-mock: 500 %s %s %.*s: internal error in "
			"%s (line %d)\n", id, r->method ? r->method : "-",
			plen, r->path ? r->path : "", func, line);
}

void nm_send_500(nm_req *r, const char *cause, const char *func, int line)
{
	const nm_err_def *e = nm_err(NM_E_GENERIC);
	const char *args[1];
	char id[37];
	nj_buf msg = NJ_BUF_INIT;
	nj_writer w;
	nm_uuid4(id);
	nm_log_500(r, id, cause, func, line);
	args[0] = id;
	nm_err_message(&msg, e, args);
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "error");
	nj_w_obj(&w);
	nj_w_key(&w, "message");
	nj_w_strn(&w, msg.ptr ? msg.ptr : "", msg.len);
	nj_w_key(&w, "code");
	nj_w_str(&w, e->code);
	nj_w_key(&w, "payload");
	nj_w_str(&w, id);
	nj_w_end_obj(&w);
	nj_w_end_obj(&w);
	nj_buf_free(&msg);
	nm_send_json(r, e->status, &w.buf);
}
