/* nm_store.c: in-memory state behind one read-write lock (see nm_store.h). */
#include "nm_store.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_auth_modes.h"
#include "nm_pg.h"
#include "nm_store_int.h"

void nm_store_set_clock(nm_store *s, nm_store_clock_fn fn, void *ctx)
{
	s->clock = fn;
	s->clock_ctx = ctx;
}

int64_t nm_store_now(nm_store *s, int env)
{
	return s && s->clock ? s->clock(s->clock_ctx, env) : nm_now_us();
}

void nm_store_on_change(nm_store *s, void (*fn)(void *ctx), void *ctx)
{
	pthread_rwlock_wrlock(&s->lock);
	s->on_change = fn;
	s->change_ctx = ctx;
	pthread_rwlock_unlock(&s->lock);
}

uint64_t nm_store_generation(nm_store *s)
{
	return __atomic_load_n(&s->gen, __ATOMIC_RELAXED);
}

void nm_store_changed(nm_store *s)
{
	__atomic_fetch_add(&s->gen, 1, __ATOMIC_RELAXED);
	if (s->on_change)
		s->on_change(s->change_ctx);
}

/* --- end users ----------------------------------------------------------- */

void nm_end_user_free(nm_end_user *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->display_name);
	free(u->email);
	nj_free(u->tags);
	free(u->org_id);
	free(u->org_display_name);
	free(u);
}

nm_end_user *nm_end_user_copy(const nm_end_user *u)
{
	nm_end_user *c;
	if (!u)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->id = nm_dup(u->id);
	c->display_name = nm_dup(u->display_name);
	c->email = nm_dup(u->email);
	c->tags = nj_copy(u->tags);
	c->org_id = nm_dup(u->org_id);
	c->org_display_name = nm_dup(u->org_display_name);
	if (!c->id || (u->display_name && !c->display_name) ||
	    (u->email && !c->email) || (u->tags && !c->tags) ||
	    (u->org_id && !c->org_id) ||
	    (u->org_display_name && !c->org_display_name)) {
		nm_end_user_free(c);
		return NULL;
	}
	return c;
}

nm_end_user *nm_env_user(nm_env *e, const char *id)
{
	size_t i;
	if (!id)
		return NULL;
	for (i = 0; i < e->n_users; i++)
		if (strcmp(e->users[i]->id, id) == 0)
			return e->users[i];
	return NULL;
}

/* Inserts or overwrites (every field, as the upsert does) an end user. */
int nm_env_user_put(nm_env *e, const nm_end_user *u)
{
	nm_end_user *c = nm_end_user_copy(u);
	size_t i;
	if (!c)
		return NM_ENOMEM;
	for (i = 0; i < e->n_users; i++) {
		if (strcmp(e->users[i]->id, u->id) == 0) {
			nm_end_user_free(e->users[i]);
			e->users[i] = c;
			return NM_OK;
		}
	}
	if (nm_grow(&e->users, &e->cap_users, e->n_users + 1,
		    sizeof(*e->users))) {
		nm_end_user_free(c);
		return NM_ENOMEM;
	}
	e->users[e->n_users++] = c;
	return NM_OK;
}

/* --- connection records -------------------------------------------------- */

static size_t nm_hash2(const char *a, const char *b)
{
	size_t h = 5381;
	for (; *a; a++)
		h = h * 33 + (unsigned char)*a;
	h = h * 33 + 0x1f;
	for (; *b; b++)
		h = h * 33 + (unsigned char)*b;
	return h;
}

static nm_rec **nm_slot(nm_env *e, const char *key, const char *cid)
{
	nm_rec **p;
	if (!e->n_buckets)
		return NULL;
	p = &e->buckets[nm_hash2(key, cid) & (e->n_buckets - 1)];
	while (*p && (strcmp((*p)->c.provider_config_key, key) != 0 ||
		      strcmp((*p)->c.connection_id, cid) != 0))
		p = &(*p)->next;
	return p;
}

nm_rec *nm_find(nm_env *e, const char *key, const char *cid)
{
	nm_rec **p = nm_slot(e, key, cid);
	return p ? *p : NULL;
}

static int nm_rehash(nm_env *e)
{
	size_t n = e->n_buckets ? e->n_buckets * 2 : 64, i;
	nm_rec **b = calloc(n, sizeof(*b));
	if (!b)
		return NM_ENOMEM;
	for (i = 0; i < e->n_recs; i++) {
		nm_rec *r = e->recs[i];
		size_t h = nm_hash2(r->c.provider_config_key,
				    r->c.connection_id) & (n - 1);
		r->next = b[h];
		b[h] = r;
	}
	free(e->buckets);
	e->buckets = b;
	e->n_buckets = n;
	return NM_OK;
}

static void nm_conn_fields_free(nm_connection *c)
{
	free(c->connection_id);
	free(c->provider_config_key);
	free(c->provider);
	nj_free(c->metadata);
	nj_free(c->connection_config);
	nj_free(c->tags);
	nj_free(c->credentials);
	nj_frozen_free(c->metadata_fz);
	nj_frozen_free(c->connection_config_fz);
	nj_frozen_free(c->credentials_fz);
	free(c->webhook_url_override);
	nm_end_user_free(c->end_user);
}

void nm_connection_free(nm_connection *c)
{
	if (!c)
		return;
	nm_conn_fields_free(c);
	free(c);
}

void nm_connection_list_free(nm_connection **list, size_t n)
{
	size_t i;
	if (!list)
		return;
	for (i = 0; i < n; i++)
		nm_connection_free(list[i]);
	free(list);
}

void nm_rec_free(nm_rec *r)
{
	if (!r)
		return;
	nm_conn_fields_free(&r->c);
	nj_frozen_free(r->metadata);
	nj_frozen_free(r->config);
	nj_frozen_free(r->credentials);
	free(r->end_user_id);
	free(r);
}

int nm_rec_insert(nm_env *e, nm_rec *r)
{
	nm_rec **slot;
	if (nm_grow(&e->recs, &e->cap_recs, e->n_recs + 1,
		    sizeof(*e->recs)))
		return NM_ENOMEM;
	if (e->n_recs + 1 > e->n_buckets && nm_rehash(e))
		return NM_ENOMEM;
	slot = nm_slot(e, r->c.provider_config_key, r->c.connection_id);
	r->next = NULL;
	*slot = r;
	r->pos = e->n_recs;
	e->recs[e->n_recs++] = r;
	return NM_OK;
}

void nm_rec_remove(nm_env *e, nm_rec *r)
{
	nm_rec **slot = nm_slot(e, r->c.provider_config_key, r->c.connection_id);
	nm_rec *last;
	if (slot && *slot == r)
		*slot = r->next;
	last = e->recs[--e->n_recs];
	e->recs[r->pos] = last;
	last->pos = r->pos;
	nm_rec_free(r);
}

/* The record as readers see it: its stamp and its end user filled in;
 * it points into r. */
static void nm_rec_view(nm_connection *v, nm_env *e, const nm_rec *r)
{
	*v = r->c;
	v->last_fetched_at = __atomic_load_n(&r->fetched, __ATOMIC_RELAXED);
	v->end_user = r->end_user_id ? nm_env_user(e, r->end_user_id) : NULL;
	v->metadata_fz = r->metadata;
	v->connection_config_fz = r->config;
	v->credentials_fz = r->credentials;
}

int nm_freeze_or_empty(nj_frozen **out, const nj_value *v)
{
	nj_value *empty = v ? NULL : nj_object();
	int rc;
	*out = NULL;
	rc = (v || empty) && nj_freeze(out, v ? v : empty) == NJ_OK
		? NM_OK : NM_ENOMEM;
	nj_free(empty);
	return rc;
}

/* How nm_view_copy copies a view's JSON values. */
enum {
	NM_COPY_TREES,  /* thawed: what callers that read them need */
	NM_COPY_LISTED, /* what a listing shows: metadata, frozen */
	NM_COPY_FROZEN  /* all of them, frozen (one memcpy each) */
};

/* Copies a view's frozen values into s as `how` says; 0, or -1 when one
 * could not be copied. */
static int nm_view_copy_json(nm_connection *s, const nm_connection *c,
			     int how)
{
	if (how == NM_COPY_TREES)
		return nj_thaw(&s->metadata, c->metadata_fz) != NJ_OK ||
		       nj_thaw(&s->connection_config,
			       c->connection_config_fz) != NJ_OK ||
		       nj_thaw(&s->credentials, c->credentials_fz) != NJ_OK ||
		       !s->connection_config || !s->credentials ? -1 : 0;
	s->metadata_fz = nj_frozen_copy(c->metadata_fz);
	if (c->metadata_fz && !s->metadata_fz)
		return -1;
	if (how == NM_COPY_LISTED)
		return 0;
	s->connection_config_fz = nj_frozen_copy(c->connection_config_fz);
	s->credentials_fz = nj_frozen_copy(c->credentials_fz);
	return !s->connection_config_fz || !s->credentials_fz ? -1 : 0;
}

/* A deep copy of a view (end user included), its values as `how` says. */
static nm_connection *nm_view_copy(const nm_connection *c, int how)
{
	nm_connection *s = calloc(1, sizeof(*s));
	int listed = how == NM_COPY_LISTED;
	if (!s)
		return NULL;
	*s = *c;
	s->metadata_fz = s->connection_config_fz = s->credentials_fz = NULL;
	s->metadata = s->connection_config = s->credentials = NULL;
	s->connection_id = nm_dup(c->connection_id);
	s->provider_config_key = nm_dup(c->provider_config_key);
	s->provider = nm_dup(c->provider);
	s->tags = nj_copy(c->tags);
	s->webhook_url_override =
		listed ? NULL : nm_dup(c->webhook_url_override);
	s->end_user = c->end_user ? nm_end_user_copy(c->end_user) : NULL;
	if (nm_view_copy_json(s, c, how) || !s->connection_id ||
	    !s->provider_config_key || !s->provider || !s->tags ||
	    (c->end_user && !s->end_user) ||
	    (!listed && c->webhook_url_override && !s->webhook_url_override)) {
		nm_connection_free(s);
		return NULL;
	}
	return s;
}

nm_connection *nm_store_view_copy(const nm_connection *view)
{
	return nm_view_copy(view, NM_COPY_FROZEN);
}

nm_connection *nm_snapshot(nm_env *e, const nm_rec *r, int listed)
{
	nm_connection v;
	nm_rec_view(&v, e, r);
	return nm_view_copy(&v, listed ? NM_COPY_LISTED : NM_COPY_TREES);
}

/* --- store --------------------------------------------------------------- */

/* A read-write lock that lets a waiting writer in before new readers, so
 * a stream of reads cannot starve writes. */
static int nm_store_lock_init(pthread_rwlock_t *lock)
{
	pthread_rwlockattr_t attr;
	int rc = pthread_rwlockattr_init(&attr);
	if (rc == 0) {
		pthread_rwlockattr_setkind_np(
			&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		rc = pthread_rwlock_init(lock, &attr);
		pthread_rwlockattr_destroy(&attr);
	}
	return rc;
}

nm_store *nm_store_new(void)
{
	nm_store *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	if (nm_store_lock_init(&s->lock) != 0) {
		free(s);
		return NULL;
	}
	s->next_id = 1;
	return s;
}

void nm_integration_clear(nm_integration *i)
{
	if (!i)
		return;
	free(i->unique_key);
	free(i->provider);
	free(i->display_name);
	free(i->auth_mode);
	free(i->client_id);
	free(i->client_secret);
	free(i->scopes);
	free(i->app_link);
	nj_free(i->custom);
	memset(i, 0, sizeof(*i));
}

void nm_env_clear(nm_env *e)
{
	size_t i;
	for (i = 0; i < e->n_integrations; i++)
		nm_integration_clear(&e->integrations[i]);
	free(e->integrations);
	for (i = 0; i < e->n_users; i++)
		nm_end_user_free(e->users[i]);
	free(e->users);
	for (i = 0; i < e->n_recs; i++)
		nm_rec_free(e->recs[i]);
	free(e->recs);
	free(e->buckets);
	free(e->name);
}

void nm_store_free(nm_store *s)
{
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n_envs; i++)
		nm_env_clear(&s->envs[i]);
	free(s->envs);
	pthread_rwlock_destroy(&s->lock);
	free(s);
}

int nm_store_env(nm_store *s, const char *name, int *env_out)
{
	size_t i;
	nm_env *ne;
	int rc = NM_OK;
	pthread_rwlock_wrlock(&s->lock);
	for (i = 0; i < s->n_envs; i++)
		if (strcmp(s->envs[i].name, name) == 0)
			goto done;
	ne = realloc(s->envs, (s->n_envs + 1) * sizeof(*s->envs));
	if (!ne) {
		rc = NM_ENOMEM;
		goto done;
	}
	s->envs = ne;
	memset(&ne[i], 0, sizeof(ne[i]));
	ne[i].name = nm_dup(name);
	if (!ne[i].name) {
		rc = NM_ENOMEM;
		goto done;
	}
	s->n_envs++;
done:
	if (rc == NM_OK && env_out)
		*env_out = (int)i;
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

/* Environments are never removed, so the name may be read unlocked. */
const char *nm_store_env_name(const nm_store *s, int env)
{
	return env >= 0 && (size_t)env < s->n_envs ? s->envs[env].name : NULL;
}

nm_env *nm_env_at(nm_store *s, int env)
{
	return env >= 0 && (size_t)env < s->n_envs ? &s->envs[env] : NULL;
}

nm_integration *nm_env_integration(nm_env *e, const char *key)
{
	size_t i;
	for (i = 0; i < e->n_integrations; i++)
		if (strcmp(e->integrations[i].unique_key, key) == 0)
			return &e->integrations[i];
	return NULL;
}

int nm_integration_copy(nm_integration *out, const nm_integration *in)
{
	*out = *in;
	out->unique_key = nm_dup(in->unique_key);
	out->provider = nm_dup(in->provider);
	out->display_name = nm_dup(in->display_name);
	out->auth_mode = nm_dup(in->auth_mode);
	out->client_id = in->client_id ? nm_dup(in->client_id) : NULL;
	out->client_secret = in->client_secret ? nm_dup(in->client_secret) : NULL;
	out->scopes = in->scopes ? nm_dup(in->scopes) : NULL;
	out->app_link = in->app_link ? nm_dup(in->app_link) : NULL;
	out->custom = in->custom ? nj_copy(in->custom) : NULL;
	if (!out->unique_key || !out->provider || !out->display_name ||
	    !out->auth_mode || (in->client_id && !out->client_id) ||
	    (in->client_secret && !out->client_secret) ||
	    (in->scopes && !out->scopes) || (in->app_link && !out->app_link) ||
	    (in->custom && !out->custom)) {
		nm_integration_clear(out);
		return NM_ENOMEM;
	}
	return NM_OK;
}

int nm_store_integration_add(nm_store *s, int env, const nm_integration *in)
{
	nm_env *e;
	int rc = NM_ENOENV;
	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	if (!e)
		goto done;
	rc = NM_EEXISTS;
	if (nm_env_integration(e, in->unique_key))
		goto done;
	rc = nm_grow(&e->integrations, &e->cap_integrations,
		     e->n_integrations + 1, sizeof(*e->integrations));
	if (rc)
		goto done;
	rc = nm_integration_copy(&e->integrations[e->n_integrations], in);
	if (rc == NM_OK)
		e->n_integrations++;
done:
	if (rc == NM_OK)
		nm_store_changed(s);
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

int nm_store_integration_delete(nm_store *s, int env, const char *key)
{
	nm_env *e;
	nm_integration *i;
	size_t k;
	int rc = NM_ENOINTEGRATION;
	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	i = e ? nm_env_integration(e, key) : NULL;
	if (!i)
		goto done;
	for (k = e->n_recs; k > 0; k--)
		if (strcmp(e->recs[k - 1]->c.provider_config_key, key) == 0)
			nm_rec_remove(e, e->recs[k - 1]);
	nm_integration_clear(i);
	/* keep creation order: listings show it */
	k = (size_t)(i - e->integrations);
	memmove(i, i + 1, (e->n_integrations - k - 1) * sizeof(*i));
	e->n_integrations--;
	rc = NM_OK;
done:
	if (rc == NM_OK)
		nm_store_changed(s);
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

/* --- connections --------------------------------------------------------- */

int nm_creds_never(const nj_value *credentials)
{
	const char *type = nj_get_string(credentials, "type");
	return !type || nm_auth_mode_of(type) == NM_AUTH_OAUTH1;
}

/* getExpiresAtFromCredentials for a write at now: the credentials' own
 * expiry, else never (OAUTH1, no type), else a day on. */
void nm_rec_set_expiry(nm_rec *r, int64_t explicit, int never, int64_t now)
{
	r->creds_explicit = explicit;
	r->creds_never = never;
	if (explicit)
		r->creds_expire_at = explicit;
	else if (never)
		r->creds_expire_at = INT64_MAX; /* 99 years */
	else
		r->creds_expire_at = now + 86400LL * 1000000; /* a day */
}

int nm_link_user(nm_env *e, nm_rec *r, const nm_end_user *u)
{
	char *id;
	if (!u)
		return NM_OK;
	id = nm_dup(u->id);
	if (!id || nm_env_user_put(e, u)) {
		free(id);
		return NM_ENOMEM;
	}
	free(r->end_user_id);
	r->end_user_id = id;
	return NM_OK;
}

int nm_store_exists(nm_store *s, int env, const char *key,
		    const char *connection_id)
{
	nm_env *e;
	int found;
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	found = e && nm_find(e, key, connection_id);
	pthread_rwlock_unlock(&s->lock);
	return found;
}

/* nm_store_visit's work, lock held (writing: alone). NM_EBUSY: a read
 * found the credentials expired, which only a writer may record. */
#define NM_EBUSY 1
static int nm_visit_locked(nm_store *s, int env, const char *key,
			   const char *connection_id, int64_t stamp,
			   int writing, nm_store_visit_fn fn, void *ctx)
{
	nm_env *e = nm_env_at(s, env);
	nm_rec *r = e ? nm_find(e, key, connection_id) : NULL;
	nm_connection view;
	if (!r)
		return NM_ENOTFOUND;
	if (stamp && r->creds_expire_at < stamp) {
		if (!writing)
			return NM_EBUSY;
		/* Nango's backfill after the refresh check */
		r->c.updated_at = stamp;
		nm_rec_set_expiry(r, r->creds_explicit, r->creds_never, stamp);
	}
	if (stamp) { /* the only write a reader makes: one atomic stamp */
		__atomic_store_n(&r->fetched, stamp, __ATOMIC_RELAXED);
		nm_store_changed(s);
	}
	nm_rec_view(&view, e, r);
	if (stamp) /* this read's own stamp, whatever others wrote since */
		view.last_fetched_at = stamp;
	fn(ctx, &view);
	return NM_OK;
}

int nm_store_visit(nm_store *s, int env, const char *key,
		   const char *connection_id, int64_t stamp_fetched,
		   nm_store_visit_fn fn, void *ctx)
{
	int rc;
	pthread_rwlock_rdlock(&s->lock);
	rc = nm_visit_locked(s, env, key, connection_id, stamp_fetched, 0, fn,
			     ctx);
	pthread_rwlock_unlock(&s->lock);
	if (rc != NM_EBUSY)
		return rc;
	pthread_rwlock_wrlock(&s->lock);
	rc = nm_visit_locked(s, env, key, connection_id, stamp_fetched, 1, fn,
			     ctx);
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

typedef struct {
	nm_connection *copy;
	int oom;
} nm_get_ctx;

/* nm_store_get's visitor: a deep copy of the view. */
static void nm_get_copy(void *ctx, const nm_connection *c)
{
	nm_get_ctx *g = ctx;
	g->copy = nm_view_copy(c, NM_COPY_TREES);
	g->oom = !g->copy;
}

int nm_store_get(nm_connection **out, nm_store *s, int env, const char *key,
		 const char *connection_id, int64_t stamp_fetched)
{
	nm_get_ctx g = {NULL, 0};
	int rc = nm_store_visit(s, env, key, connection_id, stamp_fetched,
				nm_get_copy, &g);
	if (rc == NM_OK && g.oom)
		rc = NM_ENOMEM;
	*out = g.copy;
	return rc;
}

int nm_store_delete(nm_store *s, int env, const char *key,
		    const char *connection_id)
{
	nm_env *e;
	nm_rec *r;
	int rc = NM_ENOTFOUND;
	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	r = e ? nm_find(e, key, connection_id) : NULL;
	if (r) {
		nm_rec_remove(e, r);
		nm_store_changed(s);
		rc = NM_OK;
	}
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

int nm_store_patch(nm_store *s, int env, const char *key,
		   const char *connection_id, nm_patch *p)
{
	nm_env *e;
	nm_rec *r;
	char *hook = NULL;
	int rc = NM_ENOTFOUND;
	int storable = nm_pg_jsonb_ok(p->tags) &&
		       (!p->end_user || nm_pg_jsonb_ok(p->end_user->tags));

	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	r = e ? nm_find(e, key, connection_id) : NULL;
	if (!r)
		goto done;
	rc = NM_EREFUSED;
	if (!storable)
		goto done;
	rc = NM_ENOMEM;
	if (p->set_webhook && p->webhook_url_override) {
		hook = nm_dup(p->webhook_url_override);
		if (!hook)
			goto done;
	}
	if (nm_link_user(e, r, p->end_user) != NM_OK)
		goto done;
	if (p->tags) {
		nj_free(r->c.tags);
		r->c.tags = p->tags;
		p->tags = NULL;
	}
	if (p->set_webhook) {
		free(r->c.webhook_url_override);
		r->c.webhook_url_override = hook;
		hook = NULL;
	}
	rc = NM_OK;
done:
	if (rc == NM_OK)
		nm_store_changed(s);
	pthread_rwlock_unlock(&s->lock);
	free(hook);
	nj_free(p->tags);
	p->tags = NULL;
	return rc;
}
