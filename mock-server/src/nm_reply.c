/* nm_reply.c: the catalogue's errors as response bodies. */
#include "nm_reply.h"

#include <stdarg.h>

#include "nm_render.h"

/* Renders and sends e with its message's args and payload (or NULL). */
static void nm_reply_def(nm_req *r, const nm_err_def *e,
			 const char *const *args, const nj_value *payload)
{
	nj_buf msg = NJ_BUF_INIT, b = NJ_BUF_INIT;
	nm_err_message(&msg, e, args);
	if (e->msg == NM_MSG_PAYLOAD)
		nm_render_pretty(&msg, payload);
	nj_buf_putc(&msg, '\0');
	if (msg.oom) {
		nj_buf_free(&msg);
		nm_send_generic_error(r);
		return;
	}
	if (e->family == NM_FAMILY_NANGO)
		nm_body_nango_error(&b, msg.ptr, e->code, payload);
	else
		nm_body_simple_error(&b, e->code,
				     e->msg == NM_MSG_NONE ? NULL : msg.ptr);
	nj_buf_free(&msg);
	nm_send_json(r, e->status, &b);
}

void nm_reply_error(nm_req *r, nm_err_id id, ...)
{
	const nm_err_def *e = nm_err(id);
	const char *args[4] = {NULL, NULL, NULL, NULL};
	size_t i, n = nm_err_n_args(e);
	va_list ap;
	va_start(ap, id);
	for (i = 0; i < n && i < 4; i++)
		args[i] = va_arg(ap, const char *);
	va_end(ap);
	nm_reply_def(r, e, args, NULL);
}

void nm_reply_error_payload(nm_req *r, nm_err_id id, const nj_value *payload)
{
	nm_reply_def(r, nm_err(id), NULL, payload);
}

void nm_reply_error_fields(nm_req *r, nm_err_id id, const char *const *kv)
{
	nj_value *payload = nj_object();
	const char *const *p;
	for (p = kv; payload && p[0]; p += 2)
		if (nj_object_cset(payload, p[0], nj_cstring(p[1]))) {
			nj_free(payload);
			payload = NULL;
		}
	if (!payload)
		nm_send_generic_error(r);
	else
		nm_reply_error_payload(r, id, payload);
	nj_free(payload);
}

void nm_reply_issues(nm_req *r, nm_err_id id, const nm_issues *iss)
{
	const nm_err_def *e = nm_err(id);
	nj_buf b = NJ_BUF_INIT;
	if (iss->thrown) { /* the schema threw a TypeError in Nango */
		nm_send_generic_error(r);
		return;
	}
	nm_render_issues(&b, e->code, iss);
	nm_send_json(r, e->status, &b);
}

int nm_reply_any_issues(nm_req *r, nm_err_id id, const nm_issues *iss)
{
	if (!nm_issues_any(iss))
		return 0;
	nm_reply_issues(r, id, iss);
	return 1;
}

void nm_reply_success(nm_req *r)
{
	static const char ok[] = "{\"success\":true}";
	nm_send(r, 200, "application/json; charset=utf-8", ok, sizeof(ok) - 1,
		NM_SEND_ETAG);
}

void nm_reply_rate_limited(nm_req *r)
{
	const nm_err_def *e = nm_err(NM_E_TOO_MANY_REQUESTS);
	nj_writer w;
	nj_w_init(&w);
	nm_render_error_open(&w, e->code);
	nj_w_key(&w, "method");
	nj_w_str(&w, r->method);
	nj_w_key(&w, "path");
	nj_w_strn(&w, r->path, r->path_len);
	nm_render_error_close(&w);
	nm_send_json(r, e->status, &w.buf);
}
