/*
 * nm_route_metadata.c: the body-based metadata routes (§4.4):
 * POST (replace) and PATCH (merge) on /connection/metadata and
 * /connections/metadata, for one connection id or many, all or nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

static const char *const nm_meta_keys[] = {"connection_id",
					   "provider_config_key", "metadata",
					   NULL};

/* connection_id: a regex-valid string or an array of them. */
static void nm_check_ids(nm_issues *iss, const nj_value *v)
{
	size_t i;
	int ok = v && (v->type == NJ_STRING || v->type == NJ_ARRAY);
	if (ok && v->type == NJ_STRING)
		ok = nm_regex_match(NM_RX_CONNECTION_ID, v->str, v->len) &&
		     nm_js_length(v->str, v->len) <= 255;
	for (i = 0; ok && v->type == NJ_ARRAY && i < v->len; i++) {
		const nj_value *it = v->items[i];
		ok = it->type == NJ_STRING &&
		     nm_regex_match(NM_RX_CONNECTION_ID, it->str, it->len) &&
		     nm_js_length(it->str, it->len) <= 255;
	}
	if (!ok)
		nm_issue(iss, "invalid_union", "Invalid input", "connection_id",
			 NULL);
}

/* The strict body of §4.4, fields in schema order, unknown keys last. */
static void nm_metadata_validate(nm_issues *iss, const nj_value *body)
{
	const nj_value *md;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return;
	}
	nm_check_ids(iss, nj_object_get(body, "connection_id"));
	nm_check_string(iss, nj_object_get(body, "provider_config_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "provider_config_key",
			NULL);
	md = nj_object_get(body, "metadata");
	if (!md)
		nm_issue_type(iss, "record", md, "metadata", NULL);
	nm_check_record(iss, md, "metadata", NULL);
	nm_check_unknown_keys(iss, body, nm_meta_keys, NULL);
}

static void nm_metadata_body(nm_req *r, int merge)
{
	nm_input rq;
	const nj_value *ids, *md;
	nj_value *md_owned;
	const char **list = NULL;
	size_t n, i, missing = 0;
	int rc;
	nj_buf echo = NJ_BUF_INIT;

	nm_input_read(&rq, r);
	if (!nm_require_empty_query(r, rq.q, &rq.iss))
		goto done;
	nm_metadata_validate(&rq.iss, rq.body);
	if (nm_reply_any_issues(r, NM_E_INVALID_BODY, &rq.iss))
		goto done;
	ids = nj_object_get(rq.body, "connection_id");
	n = ids->type == NJ_ARRAY ? ids->len : 1;
	list = calloc(n ? n : 1, sizeof(*list));
	if (!list) {
		nm_send_generic_error(r);
		goto done;
	}
	for (i = 0; i < n; i++)
		list[i] = ids->type == NJ_ARRAY ? ids->items[i]->str : ids->str;
	/* zod's record output drops "__proto__": copy only when there is one */
	md = nj_object_get(rq.body, "metadata");
	md_owned = nj_object_getn(md, "__proto__", 9) ? nm_record_copy(md)
						       : NULL;
	rc = md_owned || !nj_object_getn(md, "__proto__", 9)
		     ? nm_store_metadata(r->srv->cfg.store, r->env,
				 nj_get_string(rq.body, "provider_config_key"),
				 list, n, md_owned ? md_owned : md, merge,
				 &missing)
		     : NM_ENOMEM;
	nj_free(md_owned);
	if (rc == NM_ENOTFOUND) {
		nm_reply_error(r, ids->type == NJ_ARRAY && ids->len > 1
					  ? NM_E_METADATA_CONNECTIONS_NOT_FOUND
					  : NM_E_METADATA_CONNECTION_NOT_FOUND,
			       list[missing],
			       nj_get_string(rq.body, "provider_config_key"));
		goto done;
	}
	if (rc != NM_OK) {
		nm_send_generic_error(r);
		goto done;
	}
	nj_buf_value(&echo, rq.body);
	nm_send_json(r, merge ? 200 : 201, &echo);
done:
	free(list);
	nm_input_free(&rq);
}

void nm_h_metadata_set_body(nm_req *r, const char *p, size_t n)
{
	(void)p;
	(void)n;
	nm_metadata_body(r, 0);
}

void nm_h_metadata_update_body(nm_req *r, const char *p, size_t n)
{
	(void)p;
	(void)n;
	nm_metadata_body(r, 1);
}
