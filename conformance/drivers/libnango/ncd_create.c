/* ncd_create.c: the libnango driver's create_legacy and import commands. */
#include "ncd.h"

#include <stdlib.h>
#include <string.h>

void ncd_create_legacy(ncd *d, const nj_value *cmd)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	const nj_value *ei = nj_object_get(cmd, "expires_in");
	nango_json *echo = NULL;
	nj_value *v = NULL;
	nj_writer w;
	int rc;
	p.provider_config_key = ncd_str(cmd, "provider_config_key");
	p.connection_id = ncd_str(cmd, "connection_id");
	p.access_token = ncd_str(cmd, "access_token");
	p.refresh_token = ncd_str(cmd, "refresh_token");
	p.expires_at = ncd_str(cmd, "expires_at");
	p.expires_in = ei && ei->type == NJ_NUMBER ? (long long)ei->num : 0;
	p.no_expiration = nj_truthy(nj_object_get(cmd, "no_expiration"));
	p.oauth_token = ncd_str(cmd, "oauth_token");
	p.oauth_token_secret = ncd_str(cmd, "oauth_token_secret");
	p.username = ncd_str(cmd, "username");
	p.password = ncd_str(cmd, "password");
	p.api_key = ncd_str(cmd, "api_key");
	p.app_id = ncd_str(cmd, "app_id");
	p.installation_id = ncd_str(cmd, "installation_id");
	p.token_id = ncd_str(cmd, "token_id");
	p.token_secret = ncd_str(cmd, "token_secret");
	p.oauth_client_id_override = ncd_str(cmd, "oauth_client_id_override");
	p.oauth_client_secret_override =
		ncd_str(cmd, "oauth_client_secret_override");
	p.metadata_json = ncd_text(d, cmd, "metadata");
	p.connection_config_json = ncd_text(d, cmd, "connection_config");
	p.raw_json = ncd_text(d, cmd, "raw");
	p.webhook_url_override = ncd_str(cmd, "webhook_url_override");
	rc = nango_connection_create_legacy(&echo, d->client, &p);
	if (rc != NANGO_OK) {
		ncd_answer_error(d->client, rc);
		return;
	}
	nj_parse(&v, nango_json_text(echo), strlen(nango_json_text(echo)),
		 NULL);
	ncd_ok_begin(&w);
	nj_w_value(&w, v);
	ncd_ok_end(&w);
	nj_free(v);
	nango_json_free(echo);
}

/* The credentials members libnango's typed fields carry. */
static const char *const ncd_cred_keys[] = {
	"type", "access_token", "refresh_token", "expires_at", "token",
	"client_id", "client_secret", "oauth_token", "oauth_token_secret",
	"apiKey", "username", "password", "token_id", "token_secret",
	"app_id", "installation_id", NULL};

/* 1 when every member of creds has a typed field in libnango. */
static int ncd_typed(const nj_value *creds)
{
	size_t i, k;
	for (i = 0; i < creds->len; i++) {
		for (k = 0; ncd_cred_keys[k]; k++)
			if (!strcmp(creds->members[i]->key, ncd_cred_keys[k]))
				break;
		if (!ncd_cred_keys[k] ||
		    creds->members[i]->value->type != NJ_STRING)
			return 0;
	}
	return 1;
}

/* Fills p's credentials: the typed fields, else the JSON as is. */
static void ncd_credentials(ncd *d, const nj_value *cmd,
			    nango_create_params *p)
{
	const nj_value *c = nj_object_get(cmd, "credentials");
	if (!c || c->type != NJ_OBJECT || !ncd_typed(c)) {
		p->credentials_json = ncd_text(d, cmd, "credentials");
		return;
	}
	p->credentials_type = ncd_str(c, "type");
	p->access_token = ncd_str(c, "access_token");
	if (!p->access_token)
		p->access_token = ncd_str(c, "token"); /* OAUTH2_CC */
	p->refresh_token = ncd_str(c, "refresh_token");
	p->expires_at = ncd_str(c, "expires_at");
	p->client_id = ncd_str(c, "client_id");
	p->client_secret = ncd_str(c, "client_secret");
	p->oauth_token = ncd_str(c, "oauth_token");
	p->oauth_token_secret = ncd_str(c, "oauth_token_secret");
	p->api_key = ncd_str(c, "apiKey");
	p->username = ncd_str(c, "username");
	p->password = ncd_str(c, "password");
	p->token_id = ncd_str(c, "token_id");
	p->token_secret = ncd_str(c, "token_secret");
	p->app_id = ncd_str(c, "app_id");
	p->installation_id = ncd_str(c, "installation_id");
}

void ncd_import(ncd *d, const nj_value *cmd)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_end_user_params u = NANGO_END_USER_PARAMS_INIT;
	nango_connection *c = NULL;
	int rc;
	p.provider_config_key = ncd_str(cmd, "provider_config_key");
	p.connection_id = ncd_str(cmd, "connection_id");
	ncd_credentials(d, cmd, &p);
	p.metadata_json = ncd_text(d, cmd, "metadata");
	p.connection_config_json = ncd_text(d, cmd, "connection_config");
	if (nj_object_get(cmd, "end_user")) {
		ncd_end_user(d, nj_object_get(cmd, "end_user"), &u);
		p.end_user = &u;
	}
	p.tags = ncd_tags(nj_object_get(cmd, "tags"), d->tags);
	p.webhook_url_override = ncd_str(cmd, "webhook_url_override");
	rc = nango_connection_create(&c, d->client, &p);
	ncd_connection_answer(d, rc, c);
}
