/* nm_integ.c: the provider catalogue and /integrations (§8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

/* Reads a whole file and parses it as JSON. */
static int nm_load_json(nj_value **out, const char *path, char *err,
			size_t errlen)
{
	FILE *f = fopen(path, "rb");
	nj_buf b = NJ_BUF_INIT;
	char chunk[8192];
	size_t n;
	nj_error je;
	int rc;
	*out = NULL;
	if (!f) {
		snprintf(err, errlen, "cannot open %s", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(&b, chunk, n);
	fclose(f);
	rc = nj_parse(out, b.ptr ? b.ptr : "", b.len, &je);
	if (rc != NJ_OK)
		snprintf(err, errlen, "%s: %s", path,
			 rc == NJ_ESYNTAX ? je.message : "cannot parse");
	nj_buf_free(&b);
	return rc == NJ_OK ? 0 : -1;
}

int nm_providers_load(nm_server *s, const char *path, char *err, size_t errlen)
{
	nj_value *root;
	size_t i;
	if (nm_load_json(&root, path, err, errlen))
		return -1;
	if (root->type != NJ_OBJECT) {
		snprintf(err, errlen, "%s: expected an object of providers", path);
		nj_free(root);
		return -1;
	}
	s->cfg.providers = calloc(root->len ? root->len : 1,
				  sizeof(*s->cfg.providers));
	for (i = 0; s->cfg.providers && i < root->len; i++) {
		const nj_member *m = root->members[i];
		const char *mode = nj_get_string(m->value, "auth_mode");
		const char *name = nj_get_string(m->value, "display_name");
		nm_provider *p = &s->cfg.providers[s->cfg.n_providers];
		if (!mode)
			continue;
		p->name = nm_strndup(m->key, m->key_len);
		p->auth_mode = nm_strndup(mode, strlen(mode));
		p->display_name = nm_strndup(name ? name : m->key,
					     strlen(name ? name : m->key));
		s->cfg.n_providers++;
	}
	nj_free(root);
	return s->cfg.providers ? 0 : -1;
}

const nm_provider *nm_provider_find(const nm_server *s, const char *name)
{
	size_t i;
	for (i = 0; name && i < s->cfg.n_providers; i++)
		if (!strcmp(s->cfg.providers[i].name, name))
			return &s->cfg.providers[i];
	return NULL;
}

/* Adds an integration for a catalogue provider. */
static int nm_integration_add(nm_server *s, int env, const char *key,
			      const nm_provider *p, const char *display_name,
			      int forward_webhooks, int64_t now)
{
	nm_integration in;
	memset(&in, 0, sizeof(in));
	in.unique_key = (char *)key;
	in.provider = p->name;
	in.display_name = (char *)(display_name ? display_name : p->display_name);
	in.auth_mode = p->auth_mode;
	in.forward_webhooks = forward_webhooks;
	in.created_at = in.updated_at = now - now % 1000;
	return nm_store_integration_add(s->cfg.store, env, &in);
}

static const char *const nm_integ_keys[] = {
	"unique_key", "provider", "display_name", "forward_webhooks",
	"credentials", "integration_config", "custom", NULL};

static void nm_integration_reply(nm_req *r, const nm_integration *in)
{
	nj_writer w;
	char ts[40], logo[256];
	snprintf(logo, sizeof(logo), "%s/images/template-logos/%s.svg",
		 r->srv->cfg.base_url, in->provider);
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "data");
	nj_w_obj(&w);
	nj_w_key(&w, "unique_key");
	nj_w_str(&w, in->unique_key);
	nj_w_key(&w, "provider");
	nj_w_str(&w, in->provider);
	nj_w_key(&w, "display_name");
	nj_w_str(&w, in->display_name);
	nj_w_key(&w, "logo");
	nj_w_str(&w, logo);
	nj_w_key(&w, "forward_webhooks");
	nj_w_bool(&w, in->forward_webhooks);
	nj_w_key(&w, "created_at");
	nm_format_ts(ts, in->created_at, NM_TS_ISO);
	nj_w_str(&w, ts);
	nj_w_key(&w, "updated_at");
	nm_format_ts(ts, in->updated_at, NM_TS_ISO);
	nj_w_str(&w, ts);
	nj_w_end_obj(&w);
	nj_w_end_obj(&w);
	nm_send_json(r, 200, &w.buf);
}

/* Validates the POST /integrations body; returns the provider or NULL. */
static const nm_provider *nm_integ_validate(nm_req *r, nm_issues *iss,
					    const nj_value *body)
{
	const nm_provider *p = NULL;
	const nj_value *fw;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return NULL;
	}
	nm_check_string(iss, nj_object_get(body, "unique_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "unique_key", NULL);
	if (nm_check_string(iss, nj_object_get(body, "provider"), 0,
			    NM_RX_PROVIDER, 0, 255, "provider", NULL)) {
		p = nm_provider_find(r->srv,
				     nj_get_string(body, "provider"));
		if (!p)
			nm_issue(iss, "invalid_string", "Invalid provider",
				 "provider", NULL);
	}
	nm_check_string(iss, nj_object_get(body, "display_name"), 1,
			NM_RX_NONE, 1, 255, "display_name", NULL);
	fw = nj_object_get(body, "forward_webhooks");
	if (fw && fw->type != NJ_TRUE && fw->type != NJ_FALSE)
		nm_issue_type(iss, "boolean", fw, "forward_webhooks", NULL);
	nm_check_unknown_keys(iss, body, nm_integ_keys, NULL);
	return nm_issues_any(iss) ? NULL : p;
}

void nm_h_integration_create(nm_req *r, const char *pp, size_t pn)
{
	const nj_value *body = r->body_kind == NM_BODY_JSON ? r->body : NULL;
	const nm_provider *p;
	nm_issues iss = {NULL};
	nm_integration in;
	const nj_value *fw;
	const char *key;
	int rc;

	(void)pp;
	(void)pn;
	memset(&in, 0, sizeof(in));
	if (nm_issues_init(&iss)) {
		nm_send_generic_error(r);
		return;
	}
	p = nm_integ_validate(r, &iss, body);
	if (!p) {
		nm_reply_issues(r, "invalid_body", &iss);
		goto done;
	}
	if ((!strcmp(p->auth_mode, "OAUTH1") || !strcmp(p->auth_mode, "OAUTH2") ||
	     !strcmp(p->auth_mode, "APP") || !strcmp(p->auth_mode, "CUSTOM")) &&
	    !nj_object_get(body, "credentials")) {
		nm_reply_simple(r, 400, "invalid_body", "Missing credentials");
		goto done;
	}
	key = nj_get_string(body, "unique_key");
	fw = nj_object_get(body, "forward_webhooks");
	rc = nm_integration_add(r->srv, r->env, key, p,
				nj_get_string(body, "display_name"),
				!fw || fw->type == NJ_TRUE, nm_req_now(r));
	if (rc == NM_EEXISTS) {
		nm_issue(&iss, "invalid_string", "Unique key already exists",
			 "uniqueKey", NULL);
		nm_reply_issues(r, "invalid_body", &iss);
	} else if (rc != NM_OK ||
		   nm_store_integration_get(&in, r->srv->cfg.store, r->env, key)) {
		nm_send_generic_error(r);
	} else {
		nm_integration_reply(r, &in);
	}
done:
	nm_integration_clear(&in);
	nm_issues_free(&iss);
}

void nm_h_integration_delete(nm_req *r, const char *p, size_t pn)
{
	static const char ok[] = "{\"success\":true}";
	int bad;
	size_t len;
	char *key = nm_url_decode(p, pn, &len, &bad);
	if (!key) {
		nm_send_generic_error(r);
		return;
	}
	if (nm_store_integration_delete(r->srv->cfg.store, r->env, key))
		nm_reply_simple(r, 404, "not_found", "Integration does not exist");
	else
		nm_send(r, 200, "application/json; charset=utf-8", ok,
			sizeof(ok) - 1, NM_SEND_ETAG);
	free(key);
}
