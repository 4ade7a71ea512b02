/* nm_fixtures.c: reading and writing the fixtures format (nm_fixtures.h). */
#include "nm_fixtures.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nm_fixtures_int.h"
#include "nm_handlers.h"

/* --- problems ------------------------------------------------------------ */

void nm_problems_free(nm_problems *p)
{
	size_t i;
	for (i = 0; i < p->n; i++) {
		free(p->paths[i]);
		free(p->messages[i]);
	}
	free(p->paths);
	free(p->messages);
	memset(p, 0, sizeof(*p));
}

void nm_fx_prob(nm_problems *p, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		char **a = realloc(p->paths, cap * sizeof(*a));
		char **b = a ? realloc(p->messages, cap * sizeof(*b)) : NULL;
		if (a)
			p->paths = a;
		if (!b) {
			p->oom = 1;
			return;
		}
		p->messages = b;
		p->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->paths[p->n] = strdup(path);
	p->messages[p->n] = strdup(msg);
	if (!p->paths[p->n] || !p->messages[p->n]) {
		free(p->paths[p->n]);
		free(p->messages[p->n]);
		p->oom = 1;
		return;
	}
	p->n++;
}

/* path + "." + key (or "[i]" when key is NULL) into out. */
void nm_fx_path(char *out, size_t n, const char *base, const char *key,
		size_t i)
{
	if (key)
		snprintf(out, n, "%s%s%s", base, *base ? "." : "", key);
	else
		snprintf(out, n, "%s[%zu]", base, i);
}

/* zod issues (path arrays) as problems under base, skip leading elements. */
void nm_fx_take_issues(nm_problems *p, const nm_issues *iss,
		       const char *base, size_t skip)
{
	size_t i, k;
	for (i = 0; iss->items && i < iss->items->len; i++) {
		const nj_value *it = iss->items->items[i];
		const nj_value *path = nj_object_get(it, "path");
		char full[512];
		snprintf(full, sizeof(full), "%s", base);
		for (k = skip; path && k < path->len; k++) {
			const nj_value *e = path->items[k];
			char next[512];
			if (e->type == NJ_NUMBER)
				nm_fx_path(next, sizeof(next), full, NULL,
					(size_t)e->num);
			else
				nm_fx_path(next, sizeof(next), full,
					e->type == NJ_STRING ? e->str : "?", 0);
			snprintf(full, sizeof(full), "%s", next);
		}
		nm_fx_prob(p, full, "%s", nj_get_string(it, "message"));
	}
}

/* --- time ---------------------------------------------------------------- */

int nm_parse_iso_us(const char *s, int64_t *out_us)
{
	int64_t us;
	if (nj_date_parse(&us, s, 0) != NJ_OK || us <= 0)
		return -1;
	*out_us = us;
	return 0;
}

/* --- reading ------------------------------------------------------------- */

void nm_fixset_free(nm_fixset *f)
{
	size_t i;
	for (i = 0; i < f->n; i++) {
		nm_dump_clear(&f->dumps[i]);
		free(f->doc_index[i]);
	}
	free(f->envs);
	free(f->dumps);
	free(f->doc_index);
	memset(f, 0, sizeof(*f));
}

const char *nm_fx_type_name(const nj_value *v)
{
	static const char *const names[] = {"null", "false", "true", "a number",
					    "a string", "an array", "an object"};
	return v ? names[v->type] : "nothing";
}

/* The item's keys must all be in known. */
void nm_fx_known_keys(nm_reader *x, const nj_value *it, const char *path,
		      const char *const *known)
{
	size_t i, k;
	char p[512];
	for (i = 0; i < it->len; i++) {
		const char *key = it->members[i]->key;
		for (k = 0; known[k] && strcmp(known[k], key); k++)
			;
		if (!known[k]) {
			nm_fx_path(p, sizeof(p), path, key, 0);
			nm_fx_prob(x->p, p, "unknown key");
		}
	}
}

/* The slot of env in the set, made on first use; -1 on OOM. */
static int nm_slot(nm_reader *x, int env)
{
	nm_fixset *f = x->set;
	size_t i;
	for (i = 0; i < f->n; i++)
		if (f->envs[i] == env)
			return (int)i;
	{
		int *e = realloc(f->envs, (f->n + 1) * sizeof(*e));
		nm_dump *d = e ? realloc(f->dumps, (f->n + 1) * sizeof(*d)) : NULL;
		size_t **ix = d ? realloc(f->doc_index, (f->n + 1) * sizeof(*ix))
				: NULL;
		if (e)
			f->envs = e;
		if (d)
			f->dumps = d;
		if (!ix)
			return -1;
		f->doc_index = ix;
	}
	f->envs[f->n] = env;
	memset(&f->dumps[f->n], 0, sizeof(nm_dump));
	f->doc_index[f->n] = NULL;
	return (int)f->n++;
}

/* The environment an item goes to (a slot index), or -1 (a problem). */
int nm_fx_item_env(nm_reader *x, const nj_value *it, const char *path)
{
	const nj_value *v = nj_object_get(it, "environment");
	nm_server_cfg *c = &x->s->cfg;
	char p[512];
	int env = x->o->default_env, slot;
	size_t i;
	nm_fx_path(p, sizeof(p), path, "environment", 0);
	if (v && v->type != NJ_STRING) {
		nm_fx_prob(x->p, p, "expected a string, got %s", nm_fx_type_name(v));
		return -1;
	}
	if (v) {
		for (i = 0; i < c->n_keys; i++)
			if (!strcmp(nm_store_env_name(c->store, c->keys[i].env),
				    v->str))
				break;
		if (i == c->n_keys) {
			nm_fx_prob(x->p, p, "unknown environment \"%s\" (no "
				"secret key is configured for it)", v->str);
			return -1;
		}
		env = c->keys[i].env;
	}
	if (x->o->only_env >= 0 && env != x->o->only_env) {
		nm_fx_prob(x->p, p, "\"%s\" is not the environment of this "
			"secret key (\"%s\")", nm_store_env_name(c->store, env),
			nm_store_env_name(c->store, x->o->only_env));
		return -1;
	}
	slot = nm_slot(x, env);
	if (slot < 0)
		x->p->oom = 1;
	return slot;
}

/*
 * A string field: required or optional (absent and, with nullable, null
 * give NULL), checked against rx and 1..max UTF-16 units. *ok is cleared on
 * a problem.
 */
const char *nm_fx_string(nm_reader *x, const nj_value *it,
			 const char *key, const char *path, int required,
			 int nullable, nm_regex rx, size_t max, int *ok)
{
	const nj_value *v = nj_object_get(it, key);
	char p[512];
	nm_fx_path(p, sizeof(p), path, key, 0);
	if (!v || (nullable && v->type == NJ_NULL)) {
		if (required) {
			nm_fx_prob(x->p, p, "required");
			*ok = 0;
		}
		return NULL;
	}
	if (v->type != NJ_STRING) {
		nm_fx_prob(x->p, p, "expected a string, got %s", nm_fx_type_name(v));
	} else if (v->len == 0 || nm_js_length(v->str, v->len) > max) {
		nm_fx_prob(x->p, p, "must be 1 to %zu characters long", max);
	} else if (rx != NM_RX_NONE && !nm_regex_match(rx, v->str, v->len)) {
		nm_fx_prob(x->p, p, "%s", nm_regex_message(rx));
	} else {
		return v->str;
	}
	*ok = 0;
	return NULL;
}

/* A timestamp field; absent (or null with nullable) gives dflt. */
int64_t nm_fx_time(nm_reader *x, const nj_value *it, const char *key,
		   const char *path, int nullable, int64_t dflt, int *ok)
{
	const nj_value *v = nj_object_get(it, key);
	char p[512];
	int64_t us;
	if (!v)
		return dflt;
	if (nullable && v->type == NJ_NULL)
		return 0;
	nm_fx_path(p, sizeof(p), path, key, 0);
	if (v->type != NJ_STRING || nm_parse_iso_us(v->str, &us)) {
		nm_fx_prob(x->p, p, "expected an ISO 8601 instant such as "
			"\"2026-01-31T12:00:00.000Z\"%s", nullable ? " or null"
								  : "");
		*ok = 0;
		return dflt;
	}
	return us;
}

/* An object field (or null with nullable); *out gets a copy or NULL. */
int nm_fx_object(nm_reader *x, const nj_value *it, const char *key,
		 const char *path, int nullable, nj_value **out)
{
	const nj_value *v = nj_object_get(it, key);
	char p[512];
	*out = NULL;
	if (!v || (nullable && v->type == NJ_NULL))
		return 1;
	if (v->type != NJ_OBJECT) {
		nm_fx_path(p, sizeof(p), path, key, 0);
		nm_fx_prob(x->p, p, "expected an object%s, got %s",
			nullable ? " or null" : "", nm_fx_type_name(v));
		return 0;
	}
	*out = nj_copy(v);
	if (!*out)
		x->p->oom = 1;
	nj_jsonb_order(*out);
	return *out != NULL;
}

int64_t nm_fx_default_now(nm_reader *x, int slot)
{
	int64_t now = nm_store_now(x->s->cfg.store, x->set->envs[slot]);
	return now - now % 1000;
}

static const char *const nm_integration_keys[] = {
	"environment", "unique_key", "provider", "display_name",
	"forward_webhooks", "created_at", "updated_at", "client_id",
	"client_secret", "scopes", "app_link", "custom", NULL};

/* The stored credentials columns of an integration (strings or null). */
static int nm_integration_creds(nm_reader *x, const nj_value *it,
				const char *path, nm_integration *in)
{
	static const char *const keys[] = {"client_id", "client_secret",
					   "scopes", "app_link"};
	char **fields[] = {&in->client_id, &in->client_secret, &in->scopes,
			   &in->app_link};
	int ok = 1;
	size_t i;
	for (i = 0; i < 4; i++) {
		const char *v = nm_fx_string(x, it, keys[i], path, 0, 1,
					    NM_RX_NONE, 100000, &ok);
		if (v && !(*fields[i] = strdup(v)))
			x->p->oom = 1;
	}
	return nm_fx_object(x, it, "custom", path, 1, &in->custom) && ok;
}

static int nm_push_integration(nm_dump *d, const nm_integration *in)
{
	nm_integration *a = realloc(d->integrations,
				    (d->n_integrations + 1) * sizeof(*a));
	if (!a)
		return -1;
	d->integrations = a;
	a[d->n_integrations++] = *in;
	return 0;
}

static void nm_read_integration(nm_reader *x, const nj_value *it,
				const char *path)
{
	const nm_provider *prov = NULL;
	const nj_value *fw = nj_object_get(it, "forward_webhooks");
	const char *key, *provider, *name;
	nm_integration in;
	char p[512];
	int ok = 1, slot = nm_fx_item_env(x, it, path);
	size_t i;

	key = nm_fx_string(x, it, "unique_key", path, 1, 0,
			  NM_RX_PROVIDER_CONFIG_KEY, 255, &ok);
	provider = nm_fx_string(x, it, "provider", path, 1, 0, NM_RX_NONE, 255,
			       &ok);
	if (provider && !(prov = nm_provider_find(x->s, provider))) {
		nm_fx_path(p, sizeof(p), path, "provider", 0);
		nm_fx_prob(x->p, p, "unknown provider \"%s\"", provider);
		ok = 0;
	}
	name = nm_fx_string(x, it, "display_name", path, 0, 1, NM_RX_NONE, 255,
			   &ok);
	if (fw && fw->type != NJ_TRUE && fw->type != NJ_FALSE) {
		nm_fx_path(p, sizeof(p), path, "forward_webhooks", 0);
		nm_fx_prob(x->p, p, "expected true or false, got %s",
			nm_fx_type_name(fw));
		ok = 0;
	}
	nm_fx_known_keys(x, it, path, nm_integration_keys);
	if (slot < 0 || !ok)
		return;
	memset(&in, 0, sizeof(in));
	in.created_at = nm_fx_time(x, it, "created_at", path, 0,
				  nm_fx_default_now(x, slot), &ok);
	in.updated_at = nm_fx_time(x, it, "updated_at", path, 0, in.created_at,
				  &ok);
	for (i = 0; ok && i < x->set->dumps[slot].n_integrations; i++) {
		if (!strcmp(x->set->dumps[slot].integrations[i].unique_key,
			    key)) {
			nm_fx_path(p, sizeof(p), path, "unique_key", 0);
			nm_fx_prob(x->p, p, "\"%s\" is already used by another "
				"integration of environment \"%s\"", key,
				nm_store_env_name(x->s->cfg.store,
						  x->set->envs[slot]));
			ok = 0;
		}
	}
	if (!ok || !nm_integration_creds(x, it, path, &in)) {
		nm_integration_clear(&in);
		return;
	}
	in.unique_key = strdup(key);
	in.provider = strdup(prov->name);
	in.display_name = strdup(name ? name : prov->display_name);
	in.auth_mode = strdup(prov->auth_mode);
	in.forward_webhooks = !fw || fw->type == NJ_TRUE;
	if (!in.unique_key || !in.provider || !in.display_name ||
	    !in.auth_mode || nm_push_integration(&x->set->dumps[slot], &in)) {
		nm_integration_clear(&in);
		x->p->oom = 1;
	}
}

/* --- end users ------------------------------------------------------------ */

static const char *const nm_user_keys[] = {
	"environment", "id", "display_name", "email", "tags", "organization",
	NULL};

/*
 * An end user object at path (as on POST /connections, plus organization
 * {id, display_name}); with_env: it may name its environment. NULL on a
 * problem.
 */
nm_end_user *nm_fx_read_user(nm_reader *x, const nj_value *v,
			     const char *path, int with_env)
{
	nm_issues iss = {NULL};
	nm_end_user *u = NULL;
	nj_value *plain = NULL;
	const nj_value *org;
	const char *org_id = NULL, *org_name = NULL;
	static const char *const nullable[] = {"display_name", "email", "tags"};
	int ok = 1;
	size_t k;
	char p[512];

	if (!v || v->type != NJ_OBJECT) {
		nm_fx_prob(x->p, path, "expected an object, got %s",
			nm_fx_type_name(v));
		return NULL;
	}
	if (nm_issues_init(&iss) || !(plain = nj_copy(v))) {
		x->p->oom = 1;
		goto done;
	}
	nj_object_remove(plain, "organization", 12);
	for (k = 0; k < 3; k++) { /* null is "not given" (as export writes) */
		const nj_value *f = nj_object_get(plain, nullable[k]);
		if (f && f->type == NJ_NULL)
			nj_object_remove(plain, nullable[k], strlen(nullable[k]));
	}
	if (with_env)
		nj_object_remove(plain, "environment", 11);
	org = nj_object_get(v, "organization");
	if (org && org->type != NJ_NULL) {
		nm_fx_path(p, sizeof(p), path, "organization", 0);
		if (org->type != NJ_OBJECT) {
			nm_fx_prob(x->p, p, "expected an object, got %s",
				nm_fx_type_name(org));
			ok = 0;
		} else {
			org_id = nm_fx_string(x, org, "id", p, 1, 0, NM_RX_NONE,
					     255, &ok);
			org_name = nm_fx_string(x, org, "display_name", p, 0, 1,
					       NM_RX_NONE, 255, &ok);
		}
	}
	nm_check_end_user(&iss, plain, &u);
	nm_fx_take_issues(x->p, &iss, path, 1);
	if (u && ok && org_id) {
		u->org_id = strdup(org_id);
		u->org_display_name = org_name ? strdup(org_name) : NULL;
		if (!u->org_id || (org_name && !u->org_display_name))
			x->p->oom = 1;
	}
	if (!ok || x->p->oom) {
		nm_end_user_free(u);
		u = NULL;
	}
done:
	nj_free(plain);
	nm_issues_free(&iss);
	return u;
}

nm_end_user *nm_fx_dump_user(nm_dump *d, const char *id)
{
	size_t i;
	for (i = 0; i < d->n_users; i++)
		if (!strcmp(d->users[i]->id, id))
			return d->users[i];
	return NULL;
}

static void nm_read_end_user(nm_reader *x, const nj_value *it,
			     const char *path)
{
	int slot = nm_fx_item_env(x, it, path);
	nm_end_user *u = nm_fx_read_user(x, it, path, 1), **a;
	char p[512];
	nm_dump *d;
	if (it && it->type == NJ_OBJECT)
		nm_fx_known_keys(x, it, path, nm_user_keys);
	if (slot < 0 || !u) {
		nm_end_user_free(u);
		return;
	}
	d = &x->set->dumps[slot];
	if (nm_fx_dump_user(d, u->id)) {
		nm_fx_path(p, sizeof(p), path, "id", 0);
		nm_fx_prob(x->p, p, "end user \"%s\" is listed twice", u->id);
		nm_end_user_free(u);
		return;
	}
	a = realloc(d->users, (d->n_users + 1) * sizeof(*a));
	if (!a) {
		nm_end_user_free(u);
		x->p->oom = 1;
		return;
	}
	d->users = a;
	a[d->n_users++] = u;
}

/* --- the document ------------------------------------------------------------ */

typedef struct {
	const nm_connection *c;
	int env;
	size_t index;
} nm_conn_ref;

static int nm_by_key(const void *pa, const void *pb)
{
	const nm_conn_ref *a = pa, *b = pb;
	int d;
	if (a->env != b->env)
		return a->env < b->env ? -1 : 1;
	d = strcmp(a->c->provider_config_key, b->c->provider_config_key);
	if (!d)
		d = strcmp(a->c->connection_id, b->c->connection_id);
	return d ? d : (a->index > b->index) - (a->index < b->index);
}

static int nm_by_conn_id(const void *pa, const void *pb)
{
	const nm_conn_ref *a = pa, *b = pb;
	if (a->c->id != b->c->id)
		return a->c->id < b->c->id ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

/* Connections named twice, and ids given twice (sorted, not quadratic). */
static void nm_check_duplicates(nm_reader *x)
{
	nm_fixset *f = x->set;
	nm_conn_ref *refs;
	size_t n = 0, i, k;
	char p[64];
	for (i = 0; i < f->n; i++)
		n += f->dumps[i].n_conns;
	refs = calloc(n + 1, sizeof(*refs));
	if (!refs) {
		x->p->oom = 1;
		return;
	}
	for (n = 0, i = 0; i < f->n; i++)
		for (k = 0; k < f->dumps[i].n_conns; k++, n++) {
			refs[n].c = f->dumps[i].conns[k];
			refs[n].env = f->envs[i];
			refs[n].index = f->doc_index[i][k];
		}
	qsort(refs, n, sizeof(*refs), nm_by_key);
	for (i = 1; i < n; i++)
		if (!nm_by_key(&(nm_conn_ref){refs[i - 1].c, refs[i - 1].env, 0},
			       &(nm_conn_ref){refs[i].c, refs[i].env, 0})) {
			snprintf(p, sizeof(p), "connections[%zu]", refs[i].index);
			nm_fx_prob(x->p, p, "connection \"%s\" of integration \"%s\" "
				"is listed twice (first: connections[%zu])",
				refs[i].c->connection_id,
				refs[i].c->provider_config_key,
				refs[i - 1].index);
		}
	qsort(refs, n, sizeof(*refs), nm_by_conn_id);
	for (i = 1; i < n; i++)
		if (refs[i].c->id && refs[i].c->id == refs[i - 1].c->id) {
			snprintf(p, sizeof(p), "connections[%zu].id",
				 refs[i].index);
			nm_fx_prob(x->p, p, "id %lld is already used by "
				"connections[%zu]", refs[i].c->id,
				refs[i - 1].index);
		}
	free(refs);
}

/* One top-level list: absent is empty, anything but an array a problem. */
static const nj_value *nm_list(nm_reader *x, const nj_value *doc,
			       const char *key)
{
	const nj_value *v = nj_object_get(doc, key);
	if (v && v->type != NJ_ARRAY) {
		nm_fx_prob(x->p, key, "expected an array, got %s", nm_fx_type_name(v));
		return NULL;
	}
	return v;
}

static void nm_read_list(nm_reader *x, const nj_value *doc, const char *key)
{
	const nj_value *list = nm_list(x, doc, key);
	char path[64];
	size_t i;
	for (i = 0; list && i < list->len && !x->p->oom; i++) {
		const nj_value *it = list->items[i];
		nm_fx_path(path, sizeof(path), key, NULL, i);
		if (it->type != NJ_OBJECT)
			nm_fx_prob(x->p, path, "expected an object, got %s",
				nm_fx_type_name(it));
		else if (key[0] == 'i')
			nm_read_integration(x, it, path);
		else if (key[0] == 'e')
			nm_read_end_user(x, it, path);
		else
			nm_fx_read_connection(x, it, path, i);
	}
}

static const char *const nm_top_keys[] = {"integrations", "end_users",
					  "connections", NULL};

int nm_fixtures_read(nm_fixset *out, nm_problems *probs, nm_server *s,
		     const nj_value *doc, const nm_fixtures_opts *o)
{
	nm_reader x;
	memset(out, 0, sizeof(*out));
	x.s = s;
	x.o = o;
	x.p = probs;
	x.set = out;
	if (!doc || doc->type != NJ_OBJECT) {
		nm_fx_prob(probs, "(top level)", "expected an object with "
			"integrations, end_users and connections, got %s",
			nm_fx_type_name(doc));
		return -1;
	}
	if (o->only_env >= 0 && nm_slot(&x, o->only_env) < 0)
		probs->oom = 1;
	nm_fx_known_keys(&x, doc, "", nm_top_keys);
	nm_read_list(&x, doc, "integrations");
	nm_read_list(&x, doc, "end_users");
	nm_read_list(&x, doc, "connections");
	if (!probs->oom && !probs->n)
		nm_check_duplicates(&x);
	if (probs->oom)
		nm_fx_prob(probs, "(top level)", "out of memory");
	if (probs->n || probs->oom) {
		nm_fixset_free(out);
		return -1;
	}
	return 0;
}

int nm_fixtures_apply(nm_server *s, const nm_fixset *f,
		      const nm_fixtures_opts *o, unsigned extra_flags,
		      nm_problems *probs)
{
	size_t i, bad = 0;
	char p[64];
	unsigned flags = (o->merge ? NM_IMPORT_MERGE : 0) | extra_flags;
	for (i = 0; i < f->n; i++) {
		int rc = nm_store_import(s->cfg.store, f->envs[i], &f->dumps[i],
					 flags, &bad);
		if (rc == NM_OK)
			continue;
		if (rc == NM_EEXISTS) {
			snprintf(p, sizeof(p), "connections[%zu].id",
				 f->doc_index[i][bad]);
			nm_fx_prob(probs, p, "id %lld is held by another "
				"connection", f->dumps[i].conns[bad]->id);
		} else if (rc == NM_ENOINTEGRATION) {
			snprintf(p, sizeof(p),
				 "connections[%zu].provider_config_key",
				 f->doc_index[i][bad]);
			nm_fx_prob(probs, p, "no such integration");
		} else {
			nm_fx_prob(probs, "(top level)", "out of memory");
		}
		return -1;
	}
	return 0;
}
