/*
 * nm_route_connection_id_metadata.c: the legacy per-id metadata routes,
 * POST /connection/:connectionId/metadata (replace) and
 * PATCH /connection/:connectionId/metadata (merge) (§2.5, §2.6).
 */
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"
#include "nm_pg.h"

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
