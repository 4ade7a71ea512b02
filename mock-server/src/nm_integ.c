/* nm_integ.c: the provider catalogue and fixtures (routes: nm_integrations.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

/* Reads a whole file and parses it as JSON. JSON deeper than requests
 * may meet on a connection thread sends every request to the pool. */
static int nm_load_json(nm_server *s, nj_value **out, const char *path,
			char *err, size_t errlen)
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
	if (nm_json_depth(b.ptr ? b.ptr : "", b.len) > NM_INLINE_DEPTH)
		atomic_store(&s->cfg.deep_json, 1);
	rc = nj_parse(out, b.ptr ? b.ptr : "", b.len, &je);
	if (rc != NJ_OK)
		snprintf(err, errlen, "%s: %s", path,
			 rc == NJ_ESYNTAX ? je.message : "cannot parse");
	nj_buf_free(&b);
	return rc == NJ_OK ? 0 : -1;
}

static int nm_provider_cmp(const void *a, const void *b)
{
	return strcmp(((const nm_provider *)a)->name,
		      ((const nm_provider *)b)->name);
}

/* One catalogue entry from its JSON object; returns 0 or -1 (OOM). */
static int nm_provider_fill(nm_provider *p, const nj_member *m)
{
	const char *mode = nj_get_string(m->value, "auth_mode");
	const char *name = nj_get_string(m->value, "display_name");
	const char *scopes = nj_get_string(m->value, "default_scopes");
	const nj_value *wh = nj_object_get(m->value, "webhook_routing_script");
	const nj_value *ic = nj_object_get(m->value, "integration_config");
	memset(p, 0, sizeof(*p));
	p->name = nm_strndup(m->key, m->key_len);
	p->auth_mode = nm_strndup(mode, strlen(mode));
	p->display_name = nm_strndup(name ? name : m->key,
				     strlen(name ? name : m->key));
	p->webhook_routing = wh && wh->type == NJ_TRUE;
	p->default_scopes = scopes ? nm_strndup(scopes, strlen(scopes)) : NULL;
	p->integration_config = ic && ic->type == NJ_OBJECT ? nj_copy(ic) : NULL;
	if (!p->name || !p->auth_mode || !p->display_name ||
	    (scopes && !p->default_scopes) ||
	    (ic && ic->type == NJ_OBJECT && !p->integration_config))
		return -1;
	return 0;
}

int nm_providers_load(nm_server *s, const char *path, char *err, size_t errlen)
{
	nj_value *root;
	size_t i;
	int rc = -1;
	if (nm_load_json(s, &root, path, err, errlen))
		return -1;
	if (root->type != NJ_OBJECT) {
		snprintf(err, errlen, "%s: expected an object of providers", path);
		goto done;
	}
	s->cfg.providers = calloc(root->len ? root->len : 1,
				  sizeof(*s->cfg.providers));
	if (!s->cfg.providers)
		goto oom;
	for (i = 0; i < root->len; i++) {
		const nj_member *m = root->members[i];
		if (m->value->type != NJ_OBJECT ||
		    !nj_get_string(m->value, "auth_mode")) {
			snprintf(err, errlen, "%s: provider \"%.*s\" has no "
				 "auth_mode", path, (int)m->key_len, m->key);
			goto done;
		}
		s->cfg.n_providers++;
		if (nm_provider_fill(&s->cfg.providers[i], m))
			goto oom;
	}
	qsort(s->cfg.providers, s->cfg.n_providers, sizeof(nm_provider),
	      nm_provider_cmp);
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "%s: out of memory", path);
done:
	nj_free(root);
	return rc;
}

void nm_providers_free(nm_server *s)
{
	size_t i;
	for (i = 0; i < s->cfg.n_providers; i++) {
		free(s->cfg.providers[i].name);
		free(s->cfg.providers[i].auth_mode);
		free(s->cfg.providers[i].display_name);
		free(s->cfg.providers[i].default_scopes);
		nj_free(s->cfg.providers[i].integration_config);
	}
	free(s->cfg.providers);
	s->cfg.providers = NULL;
	s->cfg.n_providers = 0;
}

const nm_provider *nm_provider_find(const nm_server *s, const char *name)
{
	nm_provider key;
	if (!name || !s->cfg.providers)
		return NULL;
	key.name = (char *)name;
	return bsearch(&key, s->cfg.providers, s->cfg.n_providers,
		       sizeof(nm_provider), nm_provider_cmp);
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

/* One seed connection: credentials as GET would show them. */
static int nm_fixture_connection(nm_server *s, int env, const nj_value *c)
{
	nm_upsert u;
	nm_connection *out = NULL;
	int created, rc;
	const char *id = nj_get_string(c, "connection_id");
	const char *key = nj_get_string(c, "provider_config_key");
	const nj_value *md = nj_object_get(c, "metadata");
	const nj_value *tags = nj_object_get(c, "tags");
	const nj_value *creds = nj_object_get(c, "credentials");
	int64_t now = nm_now_us();
	if (!id || !key)
		return -1;
	memset(&u, 0, sizeof(u));
	u.connection_id = id;
	u.provider_config_key = key;
	u.now = now - now % 1000;
	u.credentials = creds ? nj_copy(creds) : nj_object();
	u.metadata = md && md->type != NJ_NULL ? nj_copy(md) : NULL;
	nj_jsonb_order(u.metadata);
	u.connection_config = nj_copy(nj_object_get(c, "connection_config"));
	nj_jsonb_order(u.connection_config);
	u.tags = tags ? nj_copy(tags) : NULL;
	nj_jsonb_order(u.tags);
	u.webhook_url_override = nj_get_string(c, "webhook_url_override");
	u.last_fetched_on_create = 1;
	rc = nm_store_upsert(&out, &created, s->cfg.store, env, &u);
	nm_connection_free(out);
	return rc;
}

int nm_fixtures_load(nm_server *s, const char *path, char *err, size_t errlen)
{
	nj_value *root;
	const nj_value *list;
	size_t i;
	int env, rc = 0;
	if (nm_load_json(s, &root, path, err, errlen))
		return -1;
	list = nj_object_get(root, "integrations");
	for (i = 0; list && list->type == NJ_ARRAY && i < list->len; i++) {
		const nj_value *it = list->items[i];
		const char *envname = nj_get_string(it, "environment");
		const char *key = nj_get_string(it, "unique_key");
		const nm_provider *p =
			nm_provider_find(s, nj_get_string(it, "provider"));
		if (!key || !p ||
		    nm_store_env(s->cfg.store, envname ? envname : "dev", &env) ||
		    nm_integration_add(s, env, key, p,
				       nj_get_string(it, "display_name"), 1,
				       nm_now_us())) {
			snprintf(err, errlen, "%s: bad integration #%zu", path, i);
			rc = -1;
			goto done;
		}
	}
	list = nj_object_get(root, "connections");
	for (i = 0; list && list->type == NJ_ARRAY && i < list->len; i++) {
		const nj_value *c = list->items[i];
		const char *envname = nj_get_string(c, "environment");
		if (nm_store_env(s->cfg.store, envname ? envname : "dev", &env) ||
		    nm_fixture_connection(s, env, c)) {
			snprintf(err, errlen, "%s: bad connection #%zu", path, i);
			rc = -1;
			goto done;
		}
	}
done:
	nj_free(root);
	return rc;
}
