/*
 * nango_mock.c: nango-mock's control API over a libnango client (see
 * nango/mock.h). Requests go through nango__call like every operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nango/mock.h"
#include "nango_internal.h"

void nango_mock_free(char *text)
{
	free(text);
}

/* Runs a call; on success *text_out (optional) gets the response text. */
static int nango__mock_call(char **text_out, nango_client *c,
			    const char *method, const char *path,
			    const char *body)
{
	nj_value *doc = NULL;
	int rc;
	if (text_out)
		*text_out = NULL;
	rc = nango__call(&doc, c, method, path, body, NANGO_ENOTFOUND);
	nj_free(doc);
	if (rc == NANGO_OK && text_out) {
		*text_out = strdup(nango_client_last_body(c));
		if (!*text_out)
			return nango__fail(c, NANGO_ENOMEM, NULL);
	}
	return rc;
}

/* Is text a JSON object (or NULL when allow_null)? */
static int nango__mock_object(nango_client *c, const char *text,
			      int allow_null)
{
	nj_value *v = NULL;
	int ok;
	if (!text)
		return allow_null ? NANGO_OK
				  : nango__fail(c, NANGO_EARG, "no JSON given");
	ok = nj_parse(&v, text, strlen(text), NULL) == NJ_OK &&
	     v->type == NJ_OBJECT;
	nj_free(v);
	return ok ? NANGO_OK
		  : nango__fail(c, NANGO_EARG, "expected a JSON object");
}

int nango_mock_reset(nango_client *c, int empty)
{
	if (!c)
		return NANGO_EARG;
	return nango__mock_call(NULL, c, "POST", "/__admin/reset",
				empty ? "{\"to\":\"empty\"}"
				      : "{\"to\":\"fixtures\"}");
}

int nango_mock_export(char **json_out, nango_client *c)
{
	if (!json_out || !c)
		return NANGO_EARG;
	return nango__mock_call(json_out, c, "GET", "/__admin/state", NULL);
}

int nango_mock_load(nango_client *c, const char *state_json, int merge)
{
	int rc;
	if (!c)
		return NANGO_EARG;
	rc = nango__mock_object(c, state_json, 0);
	if (rc != NANGO_OK)
		return rc;
	return nango__mock_call(NULL, c, "POST",
				merge ? "/__admin/state?mode=merge"
				      : "/__admin/state?mode=replace",
				state_json);
}

int nango_mock_requests(char **json_out, nango_client *c,
			const char *filter_query)
{
	nj_buf path = NJ_BUF_INIT;
	int rc;
	if (!json_out || !c)
		return NANGO_EARG;
	nj_buf_puts(&path, "/__admin/requests");
	if (filter_query && *filter_query == '?')
		filter_query++;
	if (filter_query && *filter_query) {
		nj_buf_putc(&path, '?');
		nj_buf_puts(&path, filter_query);
	}
	nj_buf_putc(&path, '\0');
	if (path.oom)
		return nango__fail(c, NANGO_ENOMEM, NULL);
	rc = nango__mock_call(json_out, c, "GET", path.ptr, NULL);
	nj_buf_free(&path);
	return rc;
}

int nango_mock_clear_requests(nango_client *c)
{
	if (!c)
		return NANGO_EARG;
	return nango__mock_call(NULL, c, "DELETE", "/__admin/requests", NULL);
}

int nango_mock_count(long *count_out, nango_client *c,
		     const char *matcher_json)
{
	nj_value *doc = NULL;
	const nj_value *n;
	int rc;
	if (!count_out || !c)
		return NANGO_EARG;
	*count_out = 0;
	rc = nango__mock_object(c, matcher_json, 1);
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "POST", "/__admin/requests/count",
				 matcher_json ? matcher_json : "{}",
				 NANGO_ENOTFOUND);
	n = nj_object_get(doc, "count");
	if (rc == NANGO_OK && (!n || n->type != NJ_NUMBER))
		rc = nango__fail(c, NANGO_EPARSE, "no count in the answer");
	else if (rc == NANGO_OK)
		*count_out = (long)n->num;
	nj_free(doc);
	return rc;
}

int nango_mock_fault_add(char **id_out, nango_client *c,
			 const char *fault_json)
{
	nj_value *doc = NULL;
	const char *id;
	int rc;
	if (id_out)
		*id_out = NULL;
	if (!c)
		return NANGO_EARG;
	rc = nango__mock_object(c, fault_json, 0);
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "POST", "/__admin/faults",
				 fault_json, NANGO_ENOTFOUND);
	id = nj_get_string(doc, "id");
	if (rc == NANGO_OK && !id)
		rc = nango__fail(c, NANGO_EPARSE, "no id in the answer");
	else if (rc == NANGO_OK && id_out && !(*id_out = strdup(id)))
		rc = nango__fail(c, NANGO_ENOMEM, NULL);
	nj_free(doc);
	return rc;
}

int nango_mock_faults(char **json_out, nango_client *c)
{
	if (!json_out || !c)
		return NANGO_EARG;
	return nango__mock_call(json_out, c, "GET", "/__admin/faults", NULL);
}

int nango_mock_fault_clear(nango_client *c, const char *id)
{
	nj_buf path = NJ_BUF_INIT;
	int rc;
	if (!c)
		return NANGO_EARG;
	nj_buf_puts(&path, "/__admin/faults");
	if (id) {
		nj_buf_putc(&path, '/');
		nj_buf_uri_component(&path, id);
	}
	nj_buf_putc(&path, '\0');
	if (path.oom)
		return nango__fail(c, NANGO_ENOMEM, NULL);
	rc = nango__mock_call(NULL, c, "DELETE", path.ptr, NULL);
	nj_buf_free(&path);
	return rc == NANGO_EHTTP && c->status == 404 ? NANGO_ENOTFOUND : rc;
}

/* POST /__admin/clock with {"action":action[,key:value]}. */
static int nango__clock(nango_client *c, const char *action, const char *key,
			const char *str, long long num)
{
	nj_writer w;
	int rc;
	if (!c)
		return NANGO_EARG;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "action");
	nj_w_str(&w, action);
	if (key) {
		nj_w_key(&w, key);
		if (str)
			nj_w_str(&w, str);
		else
			nj_w_int(&w, num);
	}
	nj_w_end_obj(&w);
	nj_buf_putc(&w.buf, '\0');
	rc = w.buf.oom ? nango__fail(c, NANGO_ENOMEM, NULL)
		       : nango__mock_call(NULL, c, "POST", "/__admin/clock",
					  w.buf.ptr);
	nj_buf_free(&w.buf);
	return rc;
}

int nango_mock_clock(char **json_out, nango_client *c)
{
	if (!json_out || !c)
		return NANGO_EARG;
	return nango__mock_call(json_out, c, "GET", "/__admin/clock", NULL);
}

int nango_mock_clock_freeze(nango_client *c, const char *iso_instant)
{
	return nango__clock(c, "freeze", iso_instant ? "at" : NULL,
			    iso_instant, 0);
}

int nango_mock_clock_advance(nango_client *c, long long ms)
{
	if (ms < 0)
		return c ? nango__fail(c, NANGO_EARG, "ms must be 0 or more")
			 : NANGO_EARG;
	return nango__clock(c, "advance", "by_ms", NULL, ms);
}

int nango_mock_clock_release(nango_client *c)
{
	return nango__clock(c, "release", NULL, NULL, 0);
}
