/* nm_conn.c: list, get, delete and the legacy per-id metadata routes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"
#include "nm_pg.h"

static const char *const nm_list_keys[] = {
	"connectionId", "search", "endUserId", "integrationId",
	"endUserOrganizationId", "tags", "limit", "page", NULL};

static void nm_list_validate(nm_issues *iss, const nj_value *q,
			     double *limit, double *page, nj_value **tags)
{
	nm_check_string(iss, nj_object_get(q, "connectionId"), 1, NM_RX_NONE,
			1, 255, "connectionId", NULL);
	nm_check_string(iss, nj_object_get(q, "search"), 1, NM_RX_NONE, 1, 255,
			"search", NULL);
	iss->max_first = 1; /* end_user.id: z.string().max(255).min(1) */
	nm_check_string(iss, nj_object_get(q, "endUserId"), 1, NM_RX_NONE, 1,
			255, "endUserId", NULL);
	iss->max_first = 0;
	nm_check_string(iss, nj_object_get(q, "integrationId"), 1, NM_RX_NONE,
			1, 0, "integrationId", NULL);
	nm_check_string(iss, nj_object_get(q, "endUserOrganizationId"), 1,
			NM_RX_NONE, 1, 255, "endUserOrganizationId", NULL);
	nm_check_tags(iss, nj_object_get(q, "tags"), "tags", 0, tags);
	nm_check_coerced_number(iss, nj_object_get(q, "limit"), 1, 2000, 1,
				limit, "limit");
	nm_check_coerced_number(iss, nj_object_get(q, "page"), 0, 0, 0, page,
				"page");
	nm_check_unknown_keys(iss, q, nm_list_keys, NULL);
}

/* Splits "a, b,c" into trimmed parts (JS trim of ASCII blanks). */
static size_t nm_split_ids(char *s, const char **parts, size_t max)
{
	size_t n = 0;
	char *tok = s, *comma;
	while (tok && n < max) {
		char *end;
		comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		while (*tok == ' ' || *tok == '\t' || *tok == '\n' || *tok == '\r')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		parts[n++] = tok;
		tok = comma ? comma + 1 : NULL;
	}
	return n;
}

void nm_h_list(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query), *tags = NULL;
	nm_issues iss = {NULL};
	nm_list_filter f;
	nm_connection **list = NULL;
	size_t n = 0, i;
	double limit = 10000, page = 0;
	char *ids = NULL;
	const char *parts[256];
	nj_writer w;

	(void)p;
	(void)pn;
	if (!q || nm_issues_init(&iss)) {
		nm_send_generic_error(r);
		goto done;
	}
	nm_list_validate(&iss, q, &limit, &page, &tags);
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_QUERY_PARAMS, &iss);
		goto done;
	}
	if (nm_holds_nul(q)) { /* %00: the database query fails */
		nm_send_generic_error(r);
		goto done;
	}
	memset(&f, 0, sizeof(f));
	f.connection_id = nj_get_string(q, "connectionId");
	f.search = nj_get_string(q, "search");
	f.end_user_id = nj_get_string(q, "endUserId");
	f.end_user_org_id = nj_get_string(q, "endUserOrganizationId");
	if (nj_get_string(q, "integrationId")) {
		const char *s = nj_get_string(q, "integrationId");
		ids = nm_strndup(s, strlen(s));
		if (ids) {
			f.n_integration_ids = nm_split_ids(ids, parts, 256);
			f.integration_ids = parts;
		}
	}
	f.tags = tags;
	f.limit = (long long)floor(limit);
	f.offset = (long long)floor(page * limit);
	if (nm_store_list(&list, &n, r->srv->cfg.store, r->env, &f) != NM_OK) {
		nm_send_generic_error(r);
		goto done;
	}
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "connections");
	nj_w_arr(&w);
	for (i = 0; i < n; i++)
		nm_render_list_item(&w, list[i]);
	nj_w_end_arr(&w);
	nj_w_end_obj(&w);
	nm_send_json(r, 200, &w.buf);
done:
	nm_connection_list_free(list, n);
	free(ids);
	nj_free(tags);
	nj_free(q);
	nm_issues_free(&iss);
}

/* The decoded :connectionId, checked against the id regex (§2.3 step 2). */
char *nm_param_id(const char *p, size_t pn, nm_issues *iss)
{
	size_t len;
	int bad;
	char *id = nm_url_decode(p, pn, &len, &bad);
	nj_value *v;
	if (!id)
		return NULL;
	v = nj_string(id, len);
	if (v)
		nm_check_string(iss, v, 0, NM_RX_CONNECTION_ID, 0, 255,
				"connectionId", NULL);
	nj_free(v);
	return id;
}

int nm_checked_id(char **id_out, nm_req *r, const char *p, size_t pn,
		  nm_issues *iss, const char *key)
{
	*id_out = nm_param_id(p, pn, iss);
	if (!*id_out) {
		nm_send_generic_error(r);
		return 0;
	}
	if (nm_issues_any(iss)) {
		nm_reply_issues(r, NM_E_INVALID_URI_PARAMS, iss);
	} else if (!nm_store_integration_exists(r->srv->cfg.store, r->env,
						key)) {
		nm_reply_error(r, NM_E_PROVIDER_NOT_FOUND);
	} else {
		return 1;
	}
	free(*id_out);
	*id_out = NULL;
	return 0;
}

static const char *const nm_get_keys[] = {
	"provider_config_key", "refresh_token", "force_refresh",
	"refresh_github_app_jwt_token", NULL};

void nm_h_get(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {NULL};
	char *id = NULL;
	const char *key;
	int refresh = 0;
	nm_connection *c = NULL;
	nj_writer w;

	if (!q || nm_issues_init(&iss))
		goto oom;
	nm_check_string(&iss, nj_object_get(q, "provider_config_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "provider_config_key",
			NULL);
	refresh = nm_check_stringbool(&iss, nj_object_get(q, "refresh_token"),
				      "refresh_token");
	nm_check_stringbool(&iss, nj_object_get(q, "force_refresh"),
			    "force_refresh");
	nm_check_stringbool(&iss,
			    nj_object_get(q, "refresh_github_app_jwt_token"),
			    "refresh_github_app_jwt_token");
	nm_check_unknown_keys(&iss, q, nm_get_keys, NULL);
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_QUERY_PARAMS, &iss);
		goto done;
	}
	key = nj_get_string(q, "provider_config_key");
	if (!nm_checked_id(&id, r, p, pn, &iss, key))
		goto done;
	if (nm_store_get(&c, r->srv->cfg.store, r->env, key, id,
			 nm_req_now(r)) != NM_OK) {
		nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
		goto done;
	}
	nj_w_init(&w);
	nm_render_connection(&w, c, NM_TS_GET, refresh != 1, 1);
	nm_send_json(r, 200, &w.buf);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	nm_connection_free(c);
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}

static const char *const nm_delete_keys[] = {"provider_config_key", NULL};

void nm_h_delete(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {NULL};
	char *id = NULL;
	static const char ok[] = "{\"success\":true}";

	if (!q || nm_issues_init(&iss))
		goto oom;
	id = nm_param_id(p, pn, &iss);
	if (!id)
		goto oom;
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_URI_PARAMS, &iss);
		goto done;
	}
	nm_check_string(&iss, nj_object_get(q, "provider_config_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "provider_config_key",
			NULL);
	nm_check_unknown_keys(&iss, q, nm_delete_keys, NULL);
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_QUERY_PARAMS, &iss);
		goto done;
	}
	if (nm_store_delete(r->srv->cfg.store, r->env,
			    nj_get_string(q, "provider_config_key"), id)) {
		nm_reply_error(r, NM_E_DELETE_UNKNOWN_CONNECTION);
		goto done;
	}
#ifdef NM_DELIBERATELY_BROKEN
	/* only in nango-mock-broken, which proves the suite can fail */
	nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
	goto done;
#endif
	nm_send(r, 200, "application/json; charset=utf-8", ok, sizeof(ok) - 1,
		NM_SEND_ETAG);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}

/*
 * The new metadata a legacy per-id route writes, from a body Nango has not
 * validated. Replace (merge 0): an object as is, [] as {} (node-postgres
 * sends arrays as array literals), anything else refused. Merge: the body
 * spread over the old metadata, a Buffer body byte by byte; no body
 * spreads nothing (so null becomes {}). Returns 0, or -1 for a 500.
 */
static int nm_legacy_metadata_value(nj_value **value, const nm_req *r,
				    int merge)
{
	nj_value *owned = NULL;
	const nj_value *body = nm_req_body_js(r, &owned);
	*value = NULL;
	if (!merge) {
		nj_free(owned);
		if (!body || r->body_kind != NM_BODY_JSON)
			return -1;
		return nm_pg_jsonb_from_js(value, body);
	}
	if (!body) { /* {...old, ...undefined}: null metadata becomes {} */
		if (r->body_kind != NM_BODY_UNDEFINED)
			return -1;
		*value = nj_object();
		return *value ? 0 : -1;
	}
	*value = owned ? owned : nj_copy(body);
	return *value ? 0 : -1;
}

/* The 201/200 echo: res.send(req.body), a Buffer as its bytes. */
static void nm_legacy_metadata_echo(nm_req *r, int merge)
{
	nj_buf echo = NJ_BUF_INIT;
	if (r->body_kind == NM_BODY_BUFFER) {
		nm_send(r, merge ? 200 : 201, "application/octet-stream", r->raw,
			r->raw_len, NM_SEND_ETAG);
	} else if (r->body_kind == NM_BODY_UNDEFINED) {
		nm_send(r, merge ? 200 : 201, NULL, "", 0, 0);
	} else {
		nj_buf_value(&echo, r->body);
		nm_send_json(r, merge ? 200 : 201, &echo);
	}
}

/*
 * POST (merge 0) and PATCH (merge 1) /connection/:id/metadata, in Nango's
 * order: the connection is looked up first (404), then the body is used.
 */
static void nm_metadata_legacy(nm_req *r, const char *p, size_t pn, int merge)
{
	nj_value *q = nm_qs_parse(r->query), *value = NULL;
	const nj_value *qk;
	const char *key = NULL;
	char *id = NULL;
	size_t len;
	int bad, rc;

	qk = nj_object_get(q, "provider_config_key");
	if (nj_truthy(qk))
		key = qk->type == NJ_STRING ? qk->str : NULL;
	else
		key = nm_req_header(r, "Provider-Config-Key");
	id = nm_url_decode(p, pn, &len, &bad);
	/* no key, or an id or key Postgres cannot compare (a NUL, from
	 * %00): a database error */
	if (!q || !id || !key || memchr(id, '\0', len) || nm_holds_nul(qk)) {
		nm_send_generic_error(r);
		goto done;
	}
	if (!nm_store_exists(r->srv->cfg.store, r->env, key, id)) {
		const char *kv[] = {"connectionId", id, "providerConfigKey",
				    key, NULL};
		nm_reply_error_fields(r, NM_E_LEGACY_UNKNOWN_CONNECTION, kv);
		goto done;
	}
	rc = nm_legacy_metadata_value(&value, r, merge);
	if (rc == 0 && value)
		rc = nm_store_metadata(r->srv->cfg.store, r->env, key,
				       (const char *const *)&id, 1, value, merge,
				       NULL);
	if (rc != NM_OK)
		nm_send_generic_error(r);
	else
		nm_legacy_metadata_echo(r, merge);
done:
	nj_free(value);
	free(id);
	nj_free(q);
}

void nm_h_metadata_set_legacy(nm_req *r, const char *p, size_t n)
{
	nm_metadata_legacy(r, p, n, 0);
}

void nm_h_metadata_update_legacy(nm_req *r, const char *p, size_t n)
{
	nm_metadata_legacy(r, p, n, 1);
}
