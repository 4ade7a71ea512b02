/* nm_providers.c: the provider catalogue, fixtures/providers.json (fixtures:
 * nm_fixtures.c; routes: nm_route_integrations.c). */
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
	p->auth_mode = nm_dup(mode);
	p->display_name = nm_dup(name ? name : m->key);
	p->webhook_routing = wh && wh->type == NJ_TRUE;
	p->default_scopes = nm_dup(scopes);
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
	if (nm_load_json(&root, path, err, errlen))
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

/* bsearch's comparison of a name with a catalogue entry. */
static int nm_provider_name_cmp(const void *name, const void *p)
{
	return strcmp(name, ((const nm_provider *)p)->name);
}

const nm_provider *nm_provider_find(const nm_server *s, const char *name)
{
	if (!name || !s->cfg.providers)
		return NULL;
	return bsearch(name, s->cfg.providers, s->cfg.n_providers,
		       sizeof(nm_provider), nm_provider_name_cmp);
}
