/*
 * nm_route_connection_post.c: the legacy import, POST /connection (§2.2):
 * every auth mode's branch, then the upsert and the echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_auth_modes.h"
#include "nm_handlers.h"
#include "nm_pg.h"

/* What one auth-mode branch produced: credentials, or a reply to send. */
typedef struct {
	nj_value *credentials;
	nm_err_id refused;    /* NM_E_NONE: ok */
	int generic;          /* 500 generic_error_support */
} nm_branch;

static int nm_set(nj_value *o, const char *k, const nj_value *v)
{
	return v ? nj_object_cset(o, k, nj_copy(v)) : 0;
}

/* Stored `raw`: body.raw if truthy, else the whole body. */
static int nm_set_raw(nj_value *cred, const nj_value *body)
{
	const nj_value *raw = nj_object_get(body, "raw");
	return nj_object_cset(cred, "raw", nj_copy(nj_truthy(raw) ? raw : body));
}

static void nm_iso(char out[40], int64_t us)
{
	nm_format_ts(out, us - us % 1000, NM_TS_ISO);
}

static void nm_branch_oauth2(nm_branch *b, const nj_value *body, int64_t now)
{
	const nj_value *at = nj_object_get(body, "access_token");
	const nj_value *exp_at = nj_object_get(body, "expires_at");
	const nj_value *exp_in = nj_object_get(body, "expires_in");
	const nj_value *no_exp = nj_object_get(body, "no_expiration");
	const nj_value *cid = nj_object_get(body, "oauth_client_id_override");
	const nj_value *csec = nj_object_get(body, "oauth_client_secret_override");
	int64_t expires = 0;
	int has_expiry = 0;
	char iso[40];
	nj_value *cred;

	if (!nj_truthy(at) || (nj_truthy(exp_at) && exp_at->type != NJ_STRING)) {
		b->generic = 1; /* the credential parser throws */
		return;
	}
	if (nj_truthy(exp_at)) {
		has_expiry = nm_parse_js_date(exp_at->str, &expires) == 0;
	} else if (nj_truthy(exp_in)) {
		double secs = exp_in->type == NJ_NUMBER ? exp_in->num
			      : exp_in->type == NJ_STRING ? strtod(exp_in->str, NULL)
							   : 0;
		char *end = NULL;
		if (exp_in->type == NJ_STRING)
			strtod(exp_in->str, &end);
		if (exp_in->type != NJ_NUMBER && (!end || *end || end == exp_in->str)) {
			b->refused = NM_E_INVALID_EXPIRES_AT;
			return;
		}
		expires = now - now % 1000 + (int64_t)(secs * 1000) * 1000;
		has_expiry = 1;
	}
	if (!has_expiry && !(no_exp && no_exp->type == NJ_TRUE)) {
		b->refused = NM_E_MISSING_EXPIRES_AT;
		return;
	}
	cred = nj_object();
	b->credentials = cred;
	nj_object_cset(cred, "type", nj_cstring("OAUTH2"));
	nm_set(cred, "access_token", at);
	if (nj_truthy(nj_object_get(body, "refresh_token")))
		nm_set(cred, "refresh_token", nj_object_get(body, "refresh_token"));
	if (has_expiry) {
		nm_iso(iso, expires);
		nj_object_cset(cred, "expires_at", nj_cstring(iso));
	}
	nm_set_raw(cred, body);
	if (cid || csec) {
		nj_value *o = nj_object();
		nm_set(o, "client_id", cid);
		nm_set(o, "client_secret", csec);
		nj_object_cset(cred, "config_override", o);
	}
}

static void nm_branch_oauth2_cc(nm_branch *b, const nj_value *body,
				int64_t now)
{
	const nj_value *at = nj_object_get(body, "access_token");
	const nj_value *exp_at = nj_object_get(body, "expires_at");
	int64_t expires = now + 55LL * 60 * 1000000;
	char iso[40];
	nj_value *cred;
	if (!nj_truthy(at)) {
		b->refused = NM_E_MISSING_ACCESS_TOKEN;
		return;
	}
	if (exp_at && exp_at->type == NJ_STRING)
		nm_parse_js_date(exp_at->str, &expires);
	cred = nj_object();
	b->credentials = cred;
	nj_object_cset(cred, "type", nj_cstring("OAUTH2_CC"));
	nm_set(cred, "token", at);
	nm_iso(iso, expires);
	nj_object_cset(cred, "expires_at", nj_cstring(iso));
	nm_set(cred, "client_id", nj_object_get(body, "oauth_client_id_override"));
	nm_set(cred, "client_secret",
	       nj_object_get(body, "oauth_client_secret_override"));
	nm_set_raw(cred, body);
}

static void nm_branch_oauth1(nm_branch *b, const nj_value *body)
{
	const nj_value *tok = nj_object_get(body, "oauth_token");
	const nj_value *sec = nj_object_get(body, "oauth_token_secret");
	nj_value *cred;
	if (!nj_truthy(tok) || !nj_truthy(sec)) {
		b->refused = !nj_truthy(tok) ? NM_E_MISSING_OAUTH_TOKEN
					     : NM_E_MISSING_OAUTH_TOKEN_SECRET;
		return;
	}
	cred = nj_object();
	b->credentials = cred;
	nj_object_cset(cred, "type", nj_cstring("OAUTH1"));
	nm_set(cred, "oauth_token", tok);
	nm_set(cred, "oauth_token_secret", sec);
	nm_set_raw(cred, body);
}

static void nm_branch_basic(nm_branch *b, const nj_value *body)
{
	if (!nj_truthy(nj_object_get(body, "username"))) {
		b->refused = NM_E_MISSING_BASIC_USERNAME;
		return;
	}
	b->credentials = nj_object();
	nj_object_cset(b->credentials, "type", nj_cstring("BASIC"));
	nm_set(b->credentials, "username", nj_object_get(body, "username"));
	nm_set(b->credentials, "password", nj_object_get(body, "password"));
}

static void nm_branch_api_key(nm_branch *b, const nj_value *body)
{
	if (!nj_truthy(nj_object_get(body, "api_key"))) {
		b->refused = NM_E_MISSING_API_KEY;
		return;
	}
	b->credentials = nj_object();
	nj_object_cset(b->credentials, "type", nj_cstring("API_KEY"));
	nm_set(b->credentials, "apiKey", nj_object_get(body, "api_key"));
}

/* TBA: only its documented validation is reproduced. */
static void nm_branch_tba(nm_branch *b, const nj_value *body)
{
	const nj_value *cc = nj_object_get(body, "connection_config");
	nj_value *o;
	if (!cc || cc->type == NJ_NULL) {
		b->generic = 1; /* connection_config['accountId'] throws */
		return;
	}
	if (!nj_truthy(nj_object_get(cc, "accountId"))) {
		b->refused = NM_E_MISSING_ACCOUNT_ID;
		return;
	}
	o = nj_object();
	b->credentials = nj_object();
	nj_object_cset(b->credentials, "type", nj_cstring("TBA"));
	nm_set(b->credentials, "token_id", nj_object_get(body, "token_id"));
	nm_set(b->credentials, "token_secret",
	       nj_object_get(body, "token_secret"));
	/* 'oauth_client_id_override' in req.body: presence */
	nm_set(o, "client_id", nj_object_get(body, "oauth_client_id_override"));
	nm_set(o, "client_secret",
	       nj_object_get(body, "oauth_client_secret_override"));
	nj_object_cset(b->credentials, "config_override", o);
}

/* APP: only its documented validation is reproduced. */
static void nm_branch_app(nm_branch *b, const nj_value *body)
{
	if (!nj_truthy(nj_object_get(body, "app_id")))
		b->refused = NM_E_MISSING_APP_ID;
	else if (!nj_truthy(nj_object_get(body, "installation_id")))
		b->refused = NM_E_MISSING_INSTALLATION_ID;
	else
		b->generic = 1; /* would call GitHub, which the mock cannot */
}

static void nm_branch_run(nm_branch *b, const nj_value *body,
			  const char *mode, int64_t now)
{
	memset(b, 0, sizeof(*b));
	switch (nm_auth_mode_of(mode)) {
	case NM_AUTH_OAUTH2:
		nm_branch_oauth2(b, body, now);
		break;
	case NM_AUTH_OAUTH2_CC:
		nm_branch_oauth2_cc(b, body, now);
		break;
	case NM_AUTH_OAUTH1:
		nm_branch_oauth1(b, body);
		break;
	case NM_AUTH_BASIC:
		nm_branch_basic(b, body);
		break;
	case NM_AUTH_API_KEY:
		nm_branch_api_key(b, body);
		break;
	case NM_AUTH_TBA:
		nm_branch_tba(b, body);
		break;
	case NM_AUTH_APP:
		nm_branch_app(b, body);
		break;
	case NM_AUTH_NONE:
		b->credentials = nj_object();
		break;
	default:
		b->refused = NM_E_UNKNOWN_OAUTH_TYPE;
	}
	if (!b->refused && !b->generic && !b->credentials)
		b->generic = 1;
}

/* "a,b" split on ',' as String.prototype.split does. */
static nj_value *nm_split_commas(const nj_value *s)
{
	nj_value *arr = nj_array();
	const char *p = s->str, *end = s->str + s->len, *c;
	while (arr) {
		c = memchr(p, ',', (size_t)(end - p));
		if (nj_array_push(arr, nj_string(p, c ? (size_t)(c - p)
						      : (size_t)(end - p)))) {
			nj_free(arr);
			return NULL;
		}
		if (!c)
			break;
		p = c + 1;
	}
	return arr;
}

/*
 * {...body.connection_config}; for OAuth 2 modes (split) a truthy
 * oauth_scopes_override that is not an array is split on ',' (a
 * non-string throws in Nango). Returns 0 with *out, or -1 (a 500).
 */
static int nm_spread_config(nj_value **out, const nj_value *cc, int split)
{
	nj_value *scopes, *arr;
	*out = nm_js_spread(cc);
	if (!*out)
		return -1;
	scopes = nj_object_get(*out, "oauth_scopes_override");
	if (split && nj_truthy(scopes) && scopes->type != NJ_ARRAY) {
		arr = scopes->type == NJ_STRING ? nm_split_commas(scopes) : NULL;
		if (!arr || nj_object_cset(*out, "oauth_scopes_override", arr)) {
			nj_free(*out);
			*out = NULL;
			return -1;
		}
	}
	nj_jsonb_order(*out);
	return 0;
}

/* TBA's connection config also gets the integration's client id and
 * secret (null when it has none). Returns 0, or -1 out of memory. */
static int nm_tba_config(nj_value *cc, const nm_integration *integ)
{
	nj_value *id = integ->client_id ? nj_cstring(integ->client_id)
					: nj_null();
	nj_value *secret = integ->client_secret
				   ? nj_cstring(integ->client_secret)
				   : nj_null();
	int rc = nj_object_cset(cc, "oauth_client_id", id);
	rc |= nj_object_cset(cc, "oauth_client_secret", secret);
	nj_jsonb_order(cc);
	return rc ? -1 : 0;
}

/* The 400 for an unknown integration; the key is shown as it was sent. */
static void nm_reply_unknown_config(nm_req *r, const nj_value *key)
{
	nj_value *payload = nj_object();
	const char *env = nm_store_env_name(r->srv->cfg.store, r->env);
	if (!payload ||
	    nj_object_cset(payload, "providerConfigKey", nj_copy(key)) ||
	    nj_object_cset(payload, "environmentName", nj_cstring(env))) {
		nm_send_generic_error(r);
	} else {
		nm_reply_error_payload(r, NM_E_UNKNOWN_PROVIDER_CONFIG,
				       payload);
	}
	nj_free(payload);
}

static void nm_create_store(nm_req *r, const nj_value *body, const char *id,
			    const char *key, const nm_integration *integ,
			    char *hook, nm_branch *b, int64_t now);

/*
 * Legacy POST /connection, in createConnection's order: the key's
 * presence, the webhook, the integration (looked up with the key as
 * node-postgres sends it), the auth mode's branch, then the upsert, where
 * an id Postgres refuses fails.
 */
void nm_h_create_legacy(nm_req *r, const char *p, size_t pn)
{
	const nj_value *body = r->body_kind == NM_BODY_JSON ? r->body : NULL;
	const nj_value *v, *kv;
	char *id = NULL, *key = NULL, *hook = NULL;
	char uuid[37];
	nm_issues iss = {0};
	nm_integration integ;
	nm_branch b;
	int64_t now = nm_req_now(r);

	(void)p;
	(void)pn;
	memset(&integ, 0, sizeof(integ));
	memset(&b, 0, sizeof(b));
	if (r->body_kind == NM_BODY_UNDEFINED || nm_issues_init(&iss))
		goto generic;
	kv = nj_object_get(body, "provider_config_key");
	if (!nj_truthy(kv)) {
		nm_reply_error(r, NM_E_MISSING_PROVIDER_CONFIG);
		goto done;
	}
	if (!nm_check_webhook(&iss, nj_object_get(body, "webhook_url_override"),
			      NULL, &hook)) {
		nm_reply_issues(r, NM_E_INVALID_BODY, &iss);
		goto done;
	}
	if (nm_pg_text_from_js(&key, kv))
		goto generic;
	if (nm_store_integration_get(&integ, r->srv->cfg.store, r->env, key)) {
		nm_reply_unknown_config(r, kv);
		goto done;
	}
	nm_branch_run(&b, body, integ.auth_mode, now);
	if (b.generic)
		goto generic;
	if (b.refused) {
		nm_reply_error(r, b.refused);
		goto done;
	}
	v = nj_object_get(body, "connection_id");
	if (!nj_truthy(v))
		nm_uuid4(uuid);
	if (nj_truthy(v) ? nm_pg_text_from_js(&id, v) : !(id = nm_strndup(uuid, 36)))
		goto generic;
	nm_create_store(r, body, id, key, &integ, hook, &b, now);
	goto done;
generic:
	nm_send_generic_error(r);
done:
	nj_free(b.credentials);
	nm_integration_clear(&integ);
	nm_issues_free(&iss);
	free(id);
	free(key);
	free(hook);
}

/* Upserts with the per-mode override rules, then sends the 201 echo. */
static void nm_create_store(nm_req *r, const nj_value *body, const char *id,
			    const char *key, const nm_integration *integ,
			    char *hook, nm_branch *b, int64_t now)
{
	const char *mode = integ->auth_mode;
	/* the modes Nango upserts with upsertConnection; TBA goes through
	 * upsertAuthConnection, which replaces metadata and updated_at */
	int oauth = nm_auth_has(mode, NM_AUTH_OAUTH_UPSERT);
	int none = nm_auth_mode_of(mode) == NM_AUTH_NONE;
	const nj_value *md = nj_object_get(body, "metadata"), *idv;
	nm_upsert u;
	int created;
	nj_value *echo;
	nj_buf out = NJ_BUF_INIT;

	memset(&u, 0, sizeof(u));
	u.connection_id = id;
	u.provider_config_key = key;
	u.now = none ? now : now - now % 1000;
	u.credentials = b->credentials;
	u.credentials_expire_at = nm_credentials_expiry(b->credentials);
	b->credentials = NULL;
	if ((nj_truthy(md) && nm_pg_jsonb_from_js(&u.metadata, md)) ||
	    nm_spread_config(&u.connection_config,
			     nj_object_get(body, "connection_config"),
			     nm_auth_has(mode, NM_AUTH_SPLITS_SCOPES)) ||
	    (nm_auth_mode_of(mode) == NM_AUTH_TBA &&
	     nm_tba_config(u.connection_config, integ))) {
		nj_free(u.credentials);
		nj_free(u.metadata);
		nj_free(u.connection_config);
		nm_send_generic_error(r);
		return;
	}
	nj_jsonb_order(u.metadata);
	u.keep_metadata_if_null = !(!oauth && !none);
	u.webhook_url_override = hook;
	u.touch_updated_at = !oauth;
	u.last_fetched_on_create = !none;
	u.new_row_empty_metadata = none;
	/* the answer echoes the body: no snapshot needed */
	if (nm_store_upsert(NULL, &created, r->srv->cfg.store, r->env, &u)) {
		nm_send_generic_error(r);
		return;
	}
	/* {...req.body, connection_id}: the id as it was sent */
	idv = nj_object_get(body, "connection_id");
	echo = nj_copy(body);
	if (!echo || nj_object_cset(echo, "connection_id",
				    nj_truthy(idv) ? nj_copy(idv)
						   : nj_cstring(id))) {
		nj_free(echo);
		nm_send_generic_error(r);
		return;
	}
	nj_buf_value(&out, echo);
	nj_free(echo);
	nm_send_json(r, 201, &out);
}
