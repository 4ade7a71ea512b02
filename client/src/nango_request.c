/*
 * nango_request.c: URLs and JSON bodies of libnango's requests. Pure: no
 * I/O, so the unit tests check every byte.
 */
#include <string.h>

#include "nango_internal.h"

void nango__query(nj_buf *b, const char *k, const char *v)
{
	if (!v)
		return;
	nj_buf_putc(b, b->len && memchr(b->ptr, '?', b->len) ? '&' : '?');
	nj_buf_uri_component(b, k);
	nj_buf_putc(b, '=');
	nj_buf_uri_component(b, v);
}

static void nango__query_int(nj_buf *b, const char *k, long long v)
{
	nj_buf n = NJ_BUF_INIT;
	if (!v)
		return;
	nj_buf_number(&n, (double)v);
	nango__query(b, k, n.ptr);
	nj_buf_free(&n);
}

void nango__list_path(nj_buf *b, const nango_list_params *p)
{
	nango_list_params none;
	const char *const *t;
	memset(&none, 0, sizeof(none));
	if (!p)
		p = &none;
	nj_buf_puts(b, p->legacy_route ? "/connection" : "/connections");
	nango__query(b, "connectionId", p->connection_id);
	nango__query(b, "search", p->search);
	nango__query(b, "endUserId", p->end_user_id);
	nango__query(b, "endUserOrganizationId", p->end_user_organization_id);
	nango__query(b, "integrationId", p->integration_id);
	for (t = p->tags; t && t[0] && t[1]; t += 2) {
		nj_buf key = NJ_BUF_INIT;
		nj_buf_puts(&key, "tags[");
		nj_buf_puts(&key, t[0]);
		nj_buf_putc(&key, ']');
		if (!key.oom)
			nango__query(b, key.ptr, t[1]);
		else
			b->oom = 1;
		nj_buf_free(&key);
	}
	nango__query_int(b, "limit", p->limit);
	nango__query_int(b, "page", p->page);
}

void nango__get_path(nj_buf *b, const char *key, const char *id,
		     const nango_get_params *p)
{
	nj_buf_puts(b, p && p->legacy_route ? "/connection/" : "/connections/");
	nj_buf_uri_component(b, id);
	nango__query(b, "provider_config_key", key);
	if (p && p->force_refresh)
		nango__query(b, "force_refresh", "true");
	if (p && p->refresh_token)
		nango__query(b, "refresh_token", "true");
	if (p && p->refresh_github_app_jwt_token)
		nango__query(b, "refresh_github_app_jwt_token", "true");
}

/* Parses JSON text for a body field; objects only when want_object. */
static int nango__json_arg(nj_value **out, const char *text, int want_object)
{
	int rc;
	*out = NULL;
	if (!text)
		return NANGO_OK;
	rc = nj_parse(out, text, strlen(text), NULL);
	if (rc == NJ_ENOMEM)
		return NANGO_ENOMEM;
	if (rc != NJ_OK || (want_object && (*out)->type != NJ_OBJECT)) {
		nj_free(*out);
		*out = NULL;
		return NANGO_EARG;
	}
	return NANGO_OK;
}

/* Writes "key": <parsed text> when text is set. */
static int nango__w_json(nj_writer *w, const char *key, const char *text,
			 int want_object)
{
	nj_value *v;
	int rc = nango__json_arg(&v, text, want_object);
	if (rc == NANGO_OK && v) {
		nj_w_key(w, key);
		nj_w_value(w, v);
	}
	nj_free(v);
	return rc;
}

static void nango__w_str(nj_writer *w, const char *key, const char *v)
{
	if (!v)
		return;
	nj_w_key(w, key);
	nj_w_str(w, v);
}

static void nango__w_tags(nj_writer *w, const char *key, nango_tags tags)
{
	const char *const *t;
	nj_w_key(w, key);
	nj_w_obj(w);
	for (t = tags; t && t[0] && t[1]; t += 2) {
		nj_w_key(w, t[0]);
		nj_w_str(w, t[1]);
	}
	nj_w_end_obj(w);
}

/* Hands the writer's bytes to out (or fails with ENOMEM). */
static int nango__finish(nj_buf *out, nj_writer *w, int rc)
{
	if (rc == NANGO_OK && w->buf.oom)
		rc = NANGO_ENOMEM;
	if (rc == NANGO_OK)
		*out = w->buf;
	else
		nj_buf_free(&w->buf);
	return rc;
}

int nango__create_legacy_body(nj_buf *out, const nango_create_legacy_params *p)
{
	nj_writer w;
	int rc;
	if (!p || !p->provider_config_key)
		return NANGO_EARG;
	nj_w_init(&w);
	nj_w_obj(&w);
	nango__w_str(&w, "connection_id", p->connection_id);
	nango__w_str(&w, "provider_config_key", p->provider_config_key);
	nango__w_str(&w, "access_token", p->access_token);
	nango__w_str(&w, "refresh_token", p->refresh_token);
	nango__w_str(&w, "expires_at", p->expires_at);
	if (p->expires_in) {
		nj_w_key(&w, "expires_in");
		nj_w_int(&w, p->expires_in);
	}
	if (p->no_expiration) {
		nj_w_key(&w, "no_expiration");
		nj_w_bool(&w, 1);
	}
	nango__w_str(&w, "oauth_token", p->oauth_token);
	nango__w_str(&w, "oauth_token_secret", p->oauth_token_secret);
	nango__w_str(&w, "username", p->username);
	nango__w_str(&w, "password", p->password);
	nango__w_str(&w, "api_key", p->api_key);
	nango__w_str(&w, "app_id", p->app_id);
	nango__w_str(&w, "installation_id", p->installation_id);
	nango__w_str(&w, "token_id", p->token_id);
	nango__w_str(&w, "token_secret", p->token_secret);
	nango__w_str(&w, "oauth_client_id_override", p->oauth_client_id_override);
	nango__w_str(&w, "oauth_client_secret_override",
		     p->oauth_client_secret_override);
	rc = nango__w_json(&w, "metadata", p->metadata_json, 1);
	if (rc == NANGO_OK)
		rc = nango__w_json(&w, "connection_config",
				   p->connection_config_json, 1);
	if (rc == NANGO_OK)
		rc = nango__w_json(&w, "raw", p->raw_json, 1);
	nango__w_str(&w, "webhook_url_override", p->webhook_url_override);
	nj_w_end_obj(&w);
	return nango__finish(out, &w, rc);
}

static void nango__w_override(nj_writer *w, const char *id, const char *secret)
{
	if (!id && !secret)
		return;
	nj_w_key(w, "config_override");
	nj_w_obj(w);
	nango__w_str(w, "client_id", id);
	nango__w_str(w, "client_secret", secret);
	nj_w_end_obj(w);
}

/* The credentials object of one variant (§4.2). */
static int nango__w_credentials(nj_writer *w, const nango_create_params *p)
{
	const char *t = p->credentials_type;
	if (p->credentials_json)
		return nango__w_json(w, "credentials", p->credentials_json, 1);
	if (!t)
		return NANGO_EARG;
	nj_w_key(w, "credentials");
	nj_w_obj(w);
	nango__w_str(w, "type", t);
	if (!strcmp(t, "OAUTH2")) {
		nango__w_str(w, "access_token", p->access_token);
		nango__w_str(w, "refresh_token", p->refresh_token);
		nango__w_str(w, "expires_at", p->expires_at);
		nango__w_override(w, p->client_id, p->client_secret);
	} else if (!strcmp(t, "OAUTH2_CC")) {
		nango__w_str(w, "token", p->access_token);
		nango__w_str(w, "client_id", p->client_id);
		nango__w_str(w, "client_secret", p->client_secret);
		nango__w_str(w, "expires_at", p->expires_at);
	} else if (!strcmp(t, "OAUTH1")) {
		nango__w_str(w, "oauth_token", p->oauth_token);
		nango__w_str(w, "oauth_token_secret", p->oauth_token_secret);
	} else if (!strcmp(t, "API_KEY")) {
		nango__w_str(w, "apiKey", p->api_key);
	} else if (!strcmp(t, "BASIC")) {
		nango__w_str(w, "username", p->username);
		nango__w_str(w, "password", p->password);
	} else if (!strcmp(t, "TBA")) {
		nango__w_str(w, "token_id", p->token_id);
		nango__w_str(w, "token_secret", p->token_secret);
		nango__w_override(w, p->client_id, p->client_secret);
	} else if (!strcmp(t, "APP") || !strcmp(t, "CUSTOM")) {
		nango__w_str(w, "app_id", p->app_id);
		nango__w_str(w, "installation_id", p->installation_id);
	}
	nj_w_end_obj(w);
	return NANGO_OK;
}

static int nango__w_end_user(nj_writer *w, const nango_end_user_params *u)
{
	if (!u)
		return NANGO_OK;
	if (!u->id)
		return NANGO_EARG;
	nj_w_key(w, "end_user");
	nj_w_obj(w);
	nango__w_str(w, "id", u->id);
	nango__w_str(w, "email", u->email);
	nango__w_str(w, "display_name", u->display_name);
	if (u->tags)
		nango__w_tags(w, "tags", u->tags);
	nj_w_end_obj(w);
	return NANGO_OK;
}

int nango__create_body(nj_buf *out, const nango_create_params *p)
{
	nj_writer w;
	int rc;
	if (!p || !p->provider_config_key)
		return NANGO_EARG;
	nj_w_init(&w);
	nj_w_obj(&w);
	nango__w_str(&w, "provider_config_key", p->provider_config_key);
	nango__w_str(&w, "connection_id", p->connection_id);
	rc = nango__w_credentials(&w, p);
	if (rc == NANGO_OK)
		rc = nango__w_json(&w, "metadata", p->metadata_json, 1);
	if (rc == NANGO_OK)
		rc = nango__w_json(&w, "connection_config",
				   p->connection_config_json, 1);
	if (rc == NANGO_OK)
		rc = nango__w_end_user(&w, p->end_user);
	if (p->tags)
		nango__w_tags(&w, "tags", p->tags);
	nango__w_str(&w, "webhook_url_override", p->webhook_url_override);
	nj_w_end_obj(&w);
	return nango__finish(out, &w, rc);
}

int nango__patch_body(nj_buf *out, const nango_patch_params *p)
{
	nj_writer w;
	int rc;
	nj_w_init(&w);
	nj_w_obj(&w);
	rc = nango__w_end_user(&w, p ? p->end_user : NULL);
	if (p && p->set_tags)
		nango__w_tags(&w, "tags", p->tags);
	if (p)
		nango__w_str(&w, "webhook_url_override", p->webhook_url_override);
	nj_w_end_obj(&w);
	return nango__finish(out, &w, rc);
}

int nango__metadata_body(nj_buf *out, const char *key,
			 const char *const *ids, size_t count,
			 const char *metadata_json)
{
	nj_writer w;
	size_t i;
	int rc;
	if (!key || !ids || !count || !metadata_json)
		return NANGO_EARG;
	for (i = 0; i < count; i++)
		if (!ids[i])
			return NANGO_EARG;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "connection_id");
	if (count == 1) {
		nj_w_str(&w, ids[0]);
	} else {
		nj_w_arr(&w);
		for (i = 0; i < count; i++)
			nj_w_str(&w, ids[i]);
		nj_w_end_arr(&w);
	}
	nango__w_str(&w, "provider_config_key", key);
	rc = nango__w_json(&w, "metadata", metadata_json, 1);
	nj_w_end_obj(&w);
	return nango__finish(out, &w, rc);
}
