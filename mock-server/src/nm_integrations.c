/*
 * nm_integrations.c: the /integrations routes (§8): create, delete, list
 * and get, rendered as Nango's integrationToPublicApi does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_integ.h"
#include "nm_sha1.h"

/*
 * The environment's id in webhook URLs. Nango's is a random UUID stored
 * with the environment; the mock derives a stable one from the name.
 */
static void nm_env_uuid(char out[37], const char *env_name)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[20];
	char buf[160];
	size_t i, o = 0;
	snprintf(buf, sizeof(buf), "nango-mock environment %s", env_name);
	nm_sha1(d, buf, strlen(buf));
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50); /* version 5 */
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[d[i] >> 4];
		out[o++] = hex[d[i] & 15];
	}
	out[o] = '\0';
}

/* custom[key] when it is a non-empty string (JS `custom?.[key] || null`). */
static const char *nm_custom(const nm_integration *in, const char *key)
{
	const char *v = nj_get_string(in->custom, key);
	return v && *v ? v : NULL;
}

/* integrationCredentialsToPublicApi(getIntegrationCredentials(...)). */
static void nm_w_credentials(nj_writer *w, const nm_integration *in,
			     const nm_provider *p)
{
	const char *m = p->auth_mode;
	int app = !strcmp(m, "APP"), custom = !strcmp(m, "CUSTOM");
	if (!app && !custom && strcmp(m, "OAUTH1") && strcmp(m, "OAUTH2") &&
	    strcmp(m, "TBA")) {
		nj_w_null(w);
		return;
	}
	nj_w_obj(w);
	nj_w_key(w, "type");
	nj_w_str(w, m);
	if (app) {
		nj_w_key(w, "app_id");
		nj_w_str(w, in->client_id);
		nj_w_key(w, "private_key");
		nj_w_str(w, in->client_secret);
		nj_w_key(w, "app_link");
		nj_w_str(w, in->app_link && *in->app_link ? in->app_link : NULL);
	} else {
		nj_w_key(w, "client_id");
		nj_w_str(w, in->client_id);
		nj_w_key(w, "client_secret");
		nj_w_str(w, in->client_secret);
	}
	if (custom) {
		nj_w_key(w, "app_id");
		nj_w_str(w, nm_custom(in, "app_id"));
		nj_w_key(w, "app_link");
		nj_w_str(w, in->app_link && *in->app_link ? in->app_link : NULL);
		nj_w_key(w, "private_key");
		nj_w_str(w, nj_get_string(in->custom, "private_key"));
	} else if (!app) {
		nj_w_key(w, "scopes");
		nj_w_str(w, in->scopes && *in->scopes ? in->scopes : NULL);
		nj_w_key(w, "webhook_secret");
		nj_w_str(w, nm_custom(in, "webhookSecret"));
	}
	nj_w_end_obj(w);
}

/* credentials_label and preconfigured_credentials, when they apply. */
static void nm_w_config_extras(nj_writer *w, const nm_integration *in,
			       const nm_provider *p)
{
	const nj_value *schema = p->integration_config;
	size_t i, n = 0;
	if (schema && nm_custom(in, "keyLabel")) {
		nj_w_key(w, "credentials_label");
		nj_w_obj(w);
		nj_w_key(w, "apiKey");
		nj_w_str(w, nm_custom(in, "keyLabel"));
		nj_w_end_obj(w);
	}
	if (!schema || !in->custom || strcmp(p->auth_mode, "TWO_STEP"))
		return;
	for (i = 0; i < schema->len; i++) {
		char key[256];
		snprintf(key, sizeof(key), "%.*s", (int)schema->members[i]->key_len,
			 schema->members[i]->key);
		if (!nm_custom(in, key))
			continue;
		if (!n++) {
			nj_w_key(w, "preconfigured_credentials");
			nj_w_arr(w);
		}
		nj_w_str(w, key);
	}
	if (n)
		nj_w_end_arr(w);
}

/* One integration as integrationToPublicApi writes it. */
static void nm_w_integration(nj_writer *w, nm_req *r, const nm_integration *in,
			     const nm_provider *p, unsigned include)
{
	const char *base = r->srv->cfg.base_url;
	nj_buf url = NJ_BUF_INIT;
	char ts[40], env[37];
	nj_w_obj(w);
	nj_w_key(w, "unique_key");
	nj_w_str(w, in->unique_key);
	nj_w_key(w, "provider");
	nj_w_str(w, in->provider);
	nj_w_key(w, "display_name");
	nj_w_str(w, in->display_name && *in->display_name ? in->display_name
							  : p->display_name);
	nj_buf_puts(&url, base);
	nj_buf_puts(&url, "/images/template-logos/");
	nj_buf_puts(&url, in->provider);
	nj_buf_puts(&url, ".svg");
	nj_w_key(w, "logo");
	nj_w_strn(w, url.ptr ? url.ptr : "", url.len);
	nm_w_config_extras(w, in, p);
	if (include & NM_INCLUDE_WEBHOOK) {
		nj_w_key(w, "webhook_url");
		url.len = 0;
		nm_env_uuid(env, nm_store_env_name(r->srv->cfg.store, r->env));
		nj_buf_puts(&url, base);
		nj_buf_puts(&url, "/webhook/");
		nj_buf_puts(&url, env);
		nj_buf_putc(&url, '/');
		nj_buf_uri_component(&url, in->unique_key);
		if (p->webhook_routing)
			nj_w_strn(w, url.ptr ? url.ptr : "", url.len);
		else
			nj_w_null(w);
	}
	if (include & NM_INCLUDE_CREDENTIALS) {
		nj_w_key(w, "credentials");
		nm_w_credentials(w, in, p);
	}
	nj_w_key(w, "forward_webhooks");
	nj_w_bool(w, in->forward_webhooks);
	nj_w_key(w, "created_at");
	nm_format_ts(ts, in->created_at, NM_TS_ISO);
	nj_w_str(w, ts);
	nj_w_key(w, "updated_at");
	nm_format_ts(ts, in->updated_at, NM_TS_ISO);
	nj_w_str(w, ts);
	nj_w_end_obj(w);
	if (url.oom)
		w->buf.oom = 1;
	nj_buf_free(&url);
}

/* {"data": integration} with 200. */
static void nm_integration_reply(nm_req *r, const nm_integration *in,
				 unsigned include)
{
	const nm_provider *p = nm_provider_find(r->srv, in->provider);
	nj_writer w;
	if (!p) {
		nm_send_500(r, "integration of a provider missing from the "
			    "catalogue", NULL, 0);
		return;
	}
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "data");
	nm_w_integration(&w, r, in, p, include);
	nj_w_end_obj(&w);
	nm_send_json(r, 200, &w.buf);
}

/* A copy of s, or NULL for NULL; *oom set when the copy fails. */
static char *nm_opt_dup(const char *s, int *oom)
{
	char *d;
	if (!s)
		return NULL;
	d = nm_strndup(s, strlen(s));
	if (!d)
		*oom = 1;
	return d;
}

/* Sets custom[key] = a copy of v (a string) and returns 0, or -1. */
static int nm_custom_set(nj_value *custom, const char *key, size_t key_len,
			 const char *v)
{
	return nj_object_set(custom, key, key_len, nj_cstring(v)) ? -1 : 0;
}

/*
 * The stored columns from a checked body: credentials (applyCredentials),
 * default scopes, then integration_config values and custom merged into
 * custom, as Nango's IntegrationService.create does. Returns 0 or -1 (OOM).
 */
static int nm_integ_columns(nm_integration *in, const nj_value *body,
			    const nm_provider *p, const nj_value *config)
{
	const nj_value *c = nj_object_get(body, "credentials");
	const nj_value *custom = nj_object_get(body, "custom");
	const char *type = nj_get_string(c, "type");
	const char *hook = nj_get_string(c, "webhook_secret");
	int app = type && !strcmp(type, "APP"), oom = 0, rc = 0;
	size_t i;
	in->custom = nj_object();
	if (!in->custom)
		return -1;
	in->client_id = nm_opt_dup(nj_get_string(c, app ? "app_id" : "client_id"),
				   &oom);
	in->client_secret = nm_opt_dup(nj_get_string(c, app ? "private_key" :
						     "client_secret"), &oom);
	in->app_link = nm_opt_dup(nj_get_string(c, "app_link"), &oom);
	in->scopes = nm_opt_dup(nj_get_string(c, "scopes"), &oom);
	if ((!in->scopes || !*in->scopes) && p->default_scopes) {
		free(in->scopes);
		in->scopes = nm_opt_dup(p->default_scopes, &oom);
	}
	if (hook && *hook)
		rc |= nm_custom_set(in->custom, "webhookSecret", 13, hook);
	if (type && !strcmp(type, "CUSTOM")) {
		rc |= nm_custom_set(in->custom, "app_id", 6,
				    nj_get_string(c, "app_id"));
		rc |= nm_custom_set(in->custom, "private_key", 11,
				    nj_get_string(c, "private_key"));
	}
	for (i = 0; config && i < config->len; i++)
		rc |= nm_custom_set(in->custom, config->members[i]->key,
				    config->members[i]->key_len,
				    config->members[i]->value->str);
	for (i = 0; custom && i < custom->len; i++)
		rc |= nm_custom_set(in->custom, custom->members[i]->key,
				    custom->members[i]->key_len,
				    custom->members[i]->value->str);
	return oom || rc ? -1 : 0;
}

/*
 * IntegrationService.create's checks after zod, in its order: provider,
 * credentials type, missing credentials, key taken, integration_config,
 * custom. Returns the provider, or NULL once a reply was sent.
 */
static const nm_provider *nm_integ_service_checks(nm_req *r, nm_issues *iss,
						  const nj_value *body)
{
	const nm_provider *p = nm_provider_find(r->srv,
						nj_get_string(body, "provider"));
	const char *type = nj_get_string(nj_object_get(body, "credentials"),
					 "type");
	nm_integration old;
	const char *m;
	if (!p) {
		nm_issue(iss, "invalid_string", "Invalid provider", "provider",
			 NULL);
		nm_reply_issues(r, "invalid_body", iss);
		return NULL;
	}
	m = p->auth_mode;
	if (type && strcmp(type, m)) {
		nm_reply_simple(r, 400, "invalid_body", "incompatible credentials "
				"auth type and provider auth");
		return NULL;
	}
	if (!type && (!strcmp(m, "OAUTH1") || !strcmp(m, "OAUTH2") ||
		      !strcmp(m, "APP") || !strcmp(m, "CUSTOM"))) {
		nm_reply_simple(r, 400, "invalid_body", "Missing credentials");
		return NULL;
	}
	if (nm_store_integration_get(&old, r->srv->cfg.store, r->env,
				     nj_get_string(body, "unique_key")) == NM_OK) {
		nm_integration_clear(&old);
		nm_issue(iss, "invalid_string", "Unique key already exists",
			 "uniqueKey", NULL);
		nm_reply_issues(r, "invalid_body", iss);
		return NULL;
	}
	return p;
}

/* Resolves integration_config and checks custom; NULL config is fine. */
static int nm_integ_config(nm_req *r, const nm_provider *p,
			   const nj_value *body, nj_value **config)
{
	const nj_value *ic = nj_object_get(body, "integration_config");
	const nj_value *custom = nj_object_get(body, "custom");
	char *msg = NULL;
	*config = NULL;
	if (ic && ic->len && nm_integ_resolve_config(config, &msg, p, ic)) {
		if (msg)
			nm_reply_simple(r, 400, "invalid_body", msg);
		else
			nm_send_500(r, "out of memory resolving integration_config",
				    NULL, 0);
		free(msg);
		return 0;
	}
	if (custom && custom->len && p->integration_config) {
		nm_reply_simple(r, 400, "invalid_body", "This provider uses "
				"integration_config; set its values there "
				"instead of custom");
		nj_free(*config);
		*config = NULL;
		return 0;
	}
	return 1;
}

void nm_h_integration_create(nm_req *r, const char *pp, size_t pn)
{
	nj_value *body_owned = NULL;
	const nj_value *body = nm_req_body_js(r, &body_owned);
	nj_value *q = nm_qs_parse(r->query), *config = NULL;
	const nm_provider *p;
	nm_issues iss = {NULL};
	nm_integration in, out;
	const nj_value *fw;
	int64_t now = nm_req_now(r);
	int rc;

	(void)pp;
	(void)pn;
	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	if (!nm_require_empty_query(r, q, &iss))
		goto done;
	if (!nm_check_integration_body(&iss, body)) {
		nm_reply_issues(r, "invalid_body", &iss);
		goto done;
	}
	p = nm_integ_service_checks(r, &iss, body);
	if (!p || !nm_integ_config(r, p, body, &config))
		goto done;
	fw = nj_object_get(body, "forward_webhooks");
	in.unique_key = (char *)nj_get_string(body, "unique_key");
	in.provider = p->name;
	in.display_name = (char *)nj_get_string(body, "display_name");
	if (!in.display_name)
		in.display_name = p->display_name;
	in.auth_mode = p->auth_mode;
	in.forward_webhooks = !fw || fw->type == NJ_TRUE;
	in.created_at = in.updated_at = now - now % 1000;
	if (nm_integ_columns(&in, body, p, config)) {
		nm_send_500(r, "out of memory storing an integration", NULL, 0);
		goto done;
	}
	rc = nm_store_integration_add(r->srv->cfg.store, r->env, &in);
	if (rc == NM_EEXISTS) {
		nm_issue(&iss, "invalid_string", "Unique key already exists",
			 "uniqueKey", NULL);
		nm_reply_issues(r, "invalid_body", &iss);
	} else if (rc != NM_OK || nm_store_integration_get(
			   &out, r->srv->cfg.store, r->env, in.unique_key)) {
		nm_send_500(r, "the store could not add the integration", NULL, 0);
	} else {
		nm_integration_reply(r, &out, 0);
	}
done:
	/* in borrows its strings from body and p, and owns the columns */
	in.unique_key = in.provider = in.display_name = in.auth_mode = NULL;
	nm_integration_clear(&in);
	nm_integration_clear(&out);
	nj_free(config);
	nj_free(q);
	nj_free(body_owned);
	nm_issues_free(&iss);
}

void nm_h_integration_delete(nm_req *r, const char *p, size_t pn)
{
	static const char ok[] = "{\"success\":true}";
	int bad;
	size_t len;
	char *key = nm_url_decode(p, pn, &len, &bad);
	nm_issues iss = {NULL};
	nj_value *v = key ? nj_string(key, len) : NULL;
	if (!v || nm_issues_init(&iss)) {
		nm_send_generic_error(r);
		goto done;
	}
	/* providerConfigKeySchema: a %00 in the key fails here, as in Nango */
	nm_check_string(&iss, v, 0, NM_RX_PROVIDER_CONFIG_KEY, 0, 255,
			"uniqueKey", NULL);
	if (nm_issues_any(&iss))
		nm_reply_issues(r, "invalid_uri_params", &iss);
	else if (nm_store_integration_delete(r->srv->cfg.store, r->env, key))
		nm_reply_simple(r, 404, "not_found", "Integration does not exist");
	else
		nm_send(r, 200, "application/json; charset=utf-8", ok,
			sizeof(ok) - 1, NM_SEND_ETAG);
done:
	nm_issues_free(&iss);
	nj_free(v);
	free(key);
}

/* Listing order: provider, then creation time (then creation order). */
typedef struct {
	const nm_integration *in;
	size_t seq;
} nm_listed;

static int nm_listed_cmp(const void *a, const void *b)
{
	const nm_listed *x = a, *y = b;
	int c = strcmp(x->in->provider, y->in->provider);
	if (c)
		return c;
	if (x->in->created_at != y->in->created_at)
		return x->in->created_at < y->in->created_at ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Writes {"data":[...]} for the n integrations in list. */
static int nm_w_list(nj_writer *w, nm_req *r, const nm_integration *list,
		     size_t n)
{
	nm_listed *order = calloc(n ? n : 1, sizeof(*order));
	size_t i;
	if (!order)
		return -1;
	for (i = 0; i < n; i++) {
		order[i].in = &list[i];
		order[i].seq = i;
	}
	qsort(order, n, sizeof(*order), nm_listed_cmp);
	nj_w_obj(w);
	nj_w_key(w, "data");
	nj_w_arr(w);
	for (i = 0; i < n; i++) {
		const nm_provider *p = nm_provider_find(r->srv,
							order[i].in->provider);
		if (!p)
			break;
		nm_w_integration(w, r, order[i].in, p, 0);
	}
	nj_w_end_arr(w);
	nj_w_end_obj(w);
	free(order);
	return i == n ? 0 : -1;
}

void nm_h_integration_list(nm_req *r, const char *pp, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_integration *list = NULL;
	nm_issues iss = {NULL};
	size_t i, n = 0;
	nj_writer w;

	(void)pp;
	(void)pn;
	if (!nm_require_empty_query(r, q, &iss))
		goto done;
	if (nm_store_integration_list(&list, &n, r->srv->cfg.store, r->env)) {
		nm_send_500(r, "out of memory listing integrations", NULL, 0);
		goto done;
	}
	nj_w_init(&w);
	if (nm_w_list(&w, r, list, n)) {
		nj_buf_free(&w.buf);
		nm_send_500(r, "an integration's provider is missing from the "
			    "catalogue (or out of memory)", NULL, 0);
		goto done;
	}
	nm_send_json(r, 200, &w.buf);
done:
	for (i = 0; i < n; i++)
		nm_integration_clear(&list[i]);
	free(list);
	nj_free(q);
	nm_issues_free(&iss);
}

/* The :uniqueKey param, decoded and checked (providerConfigKeySchema). */
static char *nm_unique_key_param(const char *p, size_t pn, nm_issues *iss)
{
	size_t len;
	int bad;
	char *key = nm_url_decode(p, pn, &len, &bad);
	nj_value *v;
	if (!key)
		return NULL;
	v = nj_string(key, len);
	if (!v) {
		free(key);
		return NULL;
	}
	nm_check_string(iss, v, 0, NM_RX_PROVIDER_CONFIG_KEY, 0, 255,
			"uniqueKey", NULL);
	nj_free(v);
	return key;
}

void nm_h_integration_get(nm_req *r, const char *pp, size_t pn)
{
	static const char *const keys[] = {"include", NULL};
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {NULL};
	nm_integration in;
	unsigned include;
	char *key = NULL, msg[400];

	memset(&in, 0, sizeof(in));
	if (!q || nm_issues_init(&iss)) {
		nm_send_500(r, "out of memory reading the query", NULL, 0);
		goto done;
	}
	include = nm_integ_check_include(&iss, nj_object_get(q, "include"));
	nm_check_unknown_keys(&iss, q, keys, NULL);
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, "invalid_query_params", &iss);
		goto done;
	}
	key = nm_unique_key_param(pp, pn, &iss);
	if (!key) {
		nm_send_500(r, "out of memory reading the path", NULL, 0);
	} else if (nm_issues_any(&iss)) {
		nm_reply_issues(r, "invalid_uri_params", &iss);
	} else if (nm_store_integration_get(&in, r->srv->cfg.store, r->env,
					    key)) {
		/* the key passed the pattern: no quote to escape */
		snprintf(msg, sizeof(msg), "Integration \"%s\" does not exist",
			 key);
		nm_reply_simple(r, 404, "not_found", msg);
	} else {
		nm_integration_reply(r, &in, include);
	}
done:
	nm_integration_clear(&in);
	free(key);
	nj_free(q);
	nm_issues_free(&iss);
}
