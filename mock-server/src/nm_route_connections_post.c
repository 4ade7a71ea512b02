/*
 * nm_route_connections_post.c: POST /connections (§4.2), the modern
 * create: a strict body, the integration's auth mode, then the upsert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_auth_modes.h"
#include "nm_handlers.h"

/* What a valid POST /connections body holds, ready for the store. */
typedef struct {
	const char *key;
	const char *connection_id; /* NULL: generate one */
	nj_value *credentials;
	nm_end_user *end_user;
	nj_value *tags;            /* lower-cased keys */
	char *hook;
} nm_post;

static void nm_post_clear(nm_post *p)
{
	nj_free(p->credentials);
	nm_end_user_free(p->end_user);
	nj_free(p->tags);
	free(p->hook);
	memset(p, 0, sizeof(*p));
}

/* connection_config: a loose object whose oauth_scopes_override is string[]. */
static void nm_check_config(nm_issues *iss, const nj_value *v)
{
	char idx[24];
	const nj_value *sc;
	size_t i;
	if (!v)
		return;
	if (v->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", v, "connection_config", NULL);
		return;
	}
	sc = nj_object_get(v, "oauth_scopes_override");
	if (!sc)
		return;
	iss->prefix = "connection_config";
	if (sc->type != NJ_ARRAY) {
		nm_issue_type(iss, "array", sc, "oauth_scopes_override", NULL);
	}
	for (i = 0; sc->type == NJ_ARRAY && i < sc->len; i++) {
		snprintf(idx, sizeof(idx), "%zu", i);
		nm_check_string(iss, sc->items[i], 0, NM_RX_NONE, 0, 0,
				"oauth_scopes_override", idx);
	}
	iss->prefix = NULL;
}

static const char *const nm_post_keys[] = {
	"provider_config_key", "metadata", "connection_config",
	"webhook_url_override", "connection_id", "credentials", "end_user",
	"tags", NULL};

/* The strict body of §4.2, fields in schema order, unknown keys last. */
static void nm_post_validate(nm_issues *iss, const nj_value *body,
			     nm_post *p)
{
	const nj_value *wh;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return;
	}
	nm_check_string(iss, nj_object_get(body, "provider_config_key"), 0,
			NM_RX_NONE, 0, 0, "provider_config_key", NULL);
	nm_check_metadata(iss, nj_object_get(body, "metadata"), "metadata");
	nm_check_config(iss, nj_object_get(body, "connection_config"));
	wh = nj_object_get(body, "webhook_url_override");
	nm_check_webhook(iss, wh, "webhook_url_override", &p->hook);
	if (wh && wh->type == NJ_STRING && wh->len == 0)
		p->hook = nm_strndup("", 0); /* stored as given, not null */
	nm_check_string(iss, nj_object_get(body, "connection_id"), 1,
			NM_RX_NONE, 0, 0, "connection_id", NULL);
	nm_check_credentials(iss, nj_object_get(body, "credentials"),
			     &p->credentials);
	nm_check_end_user(iss, nj_object_get(body, "end_user"), &p->end_user);
	nm_check_tags(iss, nj_object_get(body, "tags"), "tags", 0, &p->tags);
	nm_check_unknown_keys(iss, body, nm_post_keys, NULL);
	p->key = nj_get_string(body, "provider_config_key");
	p->connection_id = nj_get_string(body, "connection_id");
}

/* zod's output of body[key] when present (no "__proto__"), else {}; in
 * jsonb order. */
static nj_value *nm_jsonb_or_empty(const nj_value *body, const char *key)
{
	const nj_value *v = nj_object_get(body, key);
	nj_value *out = v ? nm_record_copy(v) : nj_object();
	nj_jsonb_order(out);
	return out;
}

/*
 * The checks after validation (§4.2 "Errors after validation"); returns 1
 * when a reply was sent.
 */
static int nm_post_refuse(nm_req *r, const nj_value *body, const nm_post *p,
			  const nm_integration *integ)
{
	const char *type = nj_get_string(p->credentials, "type");
	const nj_value *cc = nj_object_get(body, "connection_config");
	nm_auth_mode mode = nm_auth_mode_of(type);
	if (strcmp(integ->auth_mode, type) != 0) {
		nm_reply_error(r, NM_E_AUTH_MODE_UNSUPPORTED, integ->auth_mode,
			       type);
		return 1;
	}
	if (mode == NM_AUTH_TBA && !nj_truthy(nj_object_get(cc, "accountId"))) {
		nm_reply_error(r, NM_E_TBA_ACCOUNT_ID_REQUIRED);
		return 1;
	}
	if (mode == NM_AUTH_APP || mode == NM_AUTH_CUSTOM) {
		nm_reply_error(r, NM_E_GITHUB_APP_UNSUPPORTED);
		return 1;
	}
	return 0;
}

/* Stores the connection and sends the 201 full connection. */
static void nm_post_store(nm_req *r, const nj_value *body, nm_post *p,
			  const char *id)
{
	const char *type = nj_get_string(p->credentials, "type");
	/* APP and CUSTOM were refused (nm_post_refuse) */
	int oauth = nm_auth_has(type, NM_AUTH_OAUTH_UPSERT);
	int none = nm_auth_mode_of(type) == NM_AUTH_NONE;
	int64_t now = nm_req_now(r);
	nm_connection *c = NULL;
	nm_upsert u;
	int created;
	nj_value *cred, *raw;
	nj_writer w;

	memset(&u, 0, sizeof(u));
	u.connection_id = id;
	u.provider_config_key = p->key;
	u.now = none ? now : now - now % 1000;
	cred = p->credentials;
	p->credentials = NULL;
	if (oauth) { /* {...credentials, raw: credentials} */
		raw = nj_copy(cred);
		if (!raw || nj_object_cset(cred, "raw", raw)) {
			nj_free(cred);
			cred = NULL;
		}
	} else if (none) {
		nj_free(cred);
		cred = nj_object();
	}
	u.credentials = cred;
	u.credentials_expire_at = nm_credentials_expiry(cred);
	u.metadata = nm_jsonb_or_empty(body, "metadata");
	u.connection_config = nm_jsonb_or_empty(body, "connection_config");
	u.webhook_url_override = p->hook;
	u.tags = nm_merge_tags(p->end_user, p->tags);
	u.end_user = p->end_user;
	u.touch_updated_at = !oauth;
	u.last_fetched_on_create = !none;
	if (!u.credentials || !u.metadata || !u.connection_config || !u.tags ||
	    nm_store_upsert(&c, &created, r->srv->cfg.store, r->env, &u)) {
		/* the store has released (and cleared) what it was given */
		nj_free(u.credentials);
		nj_free(u.metadata);
		nj_free(u.connection_config);
		nj_free(u.tags);
		nm_send_generic_error(r);
		return;
	}
	/* the reply shows the end user of this request, linked or not */
	nm_end_user_free(c->end_user);
	c->end_user = p->end_user ? nm_end_user_copy(p->end_user) : NULL;
	nj_w_init(&w);
	nm_render_connection(&w, c, NM_TS_ISO, 0, 1);
	nm_send_json(r, 201, &w.buf);
	nm_connection_free(c);
}

void nm_h_create_modern(nm_req *r, const char *param, size_t param_len)
{
	nm_input rq;
	nm_integration integ;
	nm_post p;
	char uuid[37];

	nm_input_read(&rq, r);
	(void)param;
	(void)param_len;
	memset(&p, 0, sizeof(p));
	memset(&integ, 0, sizeof(integ));
	if (!nm_require_empty_query(r, rq.q, &rq.iss))
		goto done;
	nm_post_validate(&rq.iss, rq.body, &p);
	if (nm_reply_any_issues(r, NM_E_INVALID_BODY, &rq.iss))
		goto done;
	if (nm_store_integration_get(&integ, r->srv->cfg.store, r->env, p.key)) {
		nm_reply_error(r, NM_E_INTEGRATION_NOT_FOUND);
		goto done;
	}
	if (nm_post_refuse(r, rq.body, &p, &integ))
		goto done;
	if (!p.connection_id)
		nm_uuid4(uuid);
	nm_post_store(r, rq.body, &p, p.connection_id ? p.connection_id : uuid);
done:
	nm_post_clear(&p);
	nm_integration_clear(&integ);
	nm_input_free(&rq);
}
