/*
 * nm_store_dump.c: an environment copied out as plain data, and put back
 * all or nothing (fixtures, POST /__admin/state, the state file, reset).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nm_store_int.h"

void nm_dump_clear(nm_dump *d)
{
	size_t i;
	if (!d)
		return;
	for (i = 0; i < d->n_integrations; i++)
		nm_integration_clear(&d->integrations[i]);
	free(d->integrations);
	for (i = 0; i < d->n_users; i++)
		nm_end_user_free(d->users[i]);
	free(d->users);
	nm_connection_list_free(d->conns, d->n_conns);
	memset(d, 0, sizeof(*d));
}

static int nm_by_id(const void *pa, const void *pb)
{
	const nm_connection *a = *(nm_connection *const *)pa;
	const nm_connection *b = *(nm_connection *const *)pb;
	return (a->id > b->id) - (a->id < b->id);
}

/* Fills out from e (locked). */
static int nm_export_env(nm_dump *out, nm_env *e)
{
	size_t i;
	out->integrations = calloc(e->n_integrations + 1, sizeof(nm_integration));
	out->users = calloc(e->n_users + 1, sizeof(nm_end_user *));
	out->conns = calloc(e->n_recs + 1, sizeof(nm_connection *));
	if (!out->integrations || !out->users || !out->conns)
		return NM_ENOMEM;
	for (i = 0; i < e->n_integrations; i++, out->n_integrations++)
		if (nm_integration_copy(&out->integrations[i],
					&e->integrations[i]))
			return NM_ENOMEM;
	for (i = 0; i < e->n_users; i++, out->n_users++)
		if (!(out->users[i] = nm_end_user_copy(e->users[i])))
			return NM_ENOMEM;
	for (i = 0; i < e->n_recs; i++, out->n_conns++) {
		if (!(out->conns[i] = nm_snapshot(e, e->recs[i], 0)))
			return NM_ENOMEM;
		out->conns[i]->credentials_expires_at = e->recs[i]->creds_expire_at;
		out->conns[i]->credentials_expiry = e->recs[i]->creds_explicit;
	}
	qsort(out->conns, out->n_conns, sizeof(*out->conns), nm_by_id);
	return NM_OK;
}

int nm_store_export(nm_dump *out, nm_store *s, int env)
{
	nm_env *e;
	int rc = NM_ENOENV;
	memset(out, 0, sizeof(*out));
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	if (e)
		rc = nm_export_env(out, e);
	pthread_rwlock_unlock(&s->lock);
	if (rc != NM_OK)
		nm_dump_clear(out);
	return rc;
}

/* --- import ------------------------------------------------------------ */

/* A record holding a copy of c (id, timestamps and all); NULL on OOM. */
static nm_rec *nm_rec_copy(const nm_connection *c, const char *provider,
			   long long id)
{
	nm_rec *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->c = *c;
	r->c.id = id;
	r->c.connection_id = nm_dup(c->connection_id);
	r->c.provider_config_key = nm_dup(c->provider_config_key);
	r->c.provider = nm_dup(provider);
	r->c.metadata = r->c.connection_config = r->c.credentials = NULL;
	r->c.metadata_fz = r->c.connection_config_fz = NULL;
	r->c.credentials_fz = NULL;
	r->c.tags = c->tags ? nj_copy(c->tags) : nj_object();
	/* out of memory leaves one of them NULL, refused below */
	nj_freeze(&r->metadata, c->metadata);
	nm_freeze_or_empty(&r->config, c->connection_config);
	nm_freeze_or_empty(&r->credentials, c->credentials);
	r->c.webhook_url_override = nm_dup(c->webhook_url_override);
	r->c.end_user = NULL;
	r->end_user_id = c->end_user ? nm_dup(c->end_user->id) : NULL;
	nm_rec_set_expiry(r, c->credentials_expiry,
			  nm_creds_never(c->credentials), c->created_at);
	if (c->credentials_expires_at) /* exported: kept as it was */
		r->creds_expire_at = c->credentials_expires_at;
	r->c.credentials_expires_at = r->c.credentials_expiry = 0;
	r->fetched = c->last_fetched_at;
	r->c.last_fetched_at = 0;
	if (!r->c.connection_id || !r->c.provider_config_key ||
	    !r->c.provider || (c->metadata && !r->metadata) ||
	    !r->config || !r->c.tags || !r->credentials ||
	    (c->webhook_url_override && !r->c.webhook_url_override) ||
	    (c->end_user && !r->end_user_id)) {
		nm_rec_free(r);
		return NULL;
	}
	return r;
}

/* Copies every part of src into an empty ne (merge's starting point). */
static int nm_env_copy(nm_env *ne, nm_env *src)
{
	size_t i;
	for (i = 0; i < src->n_integrations; i++) {
		if (nm_grow(&ne->integrations, &ne->cap_integrations,
			    ne->n_integrations + 1, sizeof(nm_integration)) ||
		    nm_integration_copy(&ne->integrations[ne->n_integrations],
					&src->integrations[i]))
			return NM_ENOMEM;
		ne->n_integrations++;
	}
	for (i = 0; i < src->n_users; i++)
		if (nm_env_user_put(ne, src->users[i]))
			return NM_ENOMEM;
	for (i = 0; i < src->n_recs; i++) {
		const nm_rec *o = src->recs[i];
		nm_connection c = o->c;
		nm_end_user link = {0};
		nm_rec *r;
		link.id = o->end_user_id;
		c.end_user = o->end_user_id ? &link : NULL;
		c.credentials_expires_at = o->creds_expire_at;
		c.credentials_expiry = o->creds_explicit;
		r = nm_rec_copy(&c, o->c.provider, o->c.id);
		if (!r || nm_rec_insert(ne, r)) {
			nm_rec_free(r);
			return NM_ENOMEM;
		}
	}
	return NM_OK;
}

static int nm_put_integration(nm_env *ne, const nm_integration *in)
{
	nm_integration *old = nm_env_integration(ne, in->unique_key);
	nm_integration copy;
	if (nm_integration_copy(&copy, in))
		return NM_ENOMEM;
	if (old) {
		nm_integration_clear(old);
		*old = copy;
		return NM_OK;
	}
	if (nm_grow(&ne->integrations, &ne->cap_integrations,
		    ne->n_integrations + 1, sizeof(nm_integration))) {
		nm_integration_clear(&copy);
		return NM_ENOMEM;
	}
	ne->integrations[ne->n_integrations++] = copy;
	return NM_OK;
}

/* A set of connection ids (open addressing; ids are > 0). */
typedef struct {
	long long *slots;
	size_t cap, n;
} nm_idset;

static size_t nm_id_hash(long long id, size_t cap)
{
	return (size_t)((unsigned long long)id * 0x9E3779B97F4A7C15ull) &
	       (cap - 1);
}

static int nm_idset_has(const nm_idset *set, long long id)
{
	size_t h;
	if (!set->cap)
		return 0;
	for (h = nm_id_hash(id, set->cap); set->slots[h];
	     h = (h + 1) & (set->cap - 1))
		if (set->slots[h] == id)
			return 1;
	return 0;
}

static int nm_idset_add(nm_idset *set, long long id)
{
	size_t h, i;
	if (2 * (set->n + 1) > set->cap) {
		nm_idset big = {NULL, set->cap ? set->cap * 2 : 64, 0};
		big.slots = calloc(big.cap, sizeof(long long));
		if (!big.slots)
			return NM_ENOMEM;
		for (i = 0; i < set->cap; i++)
			if (set->slots[i])
				nm_idset_add(&big, set->slots[i]);
		free(set->slots);
		*set = big;
	}
	for (h = nm_id_hash(id, set->cap); set->slots[h];
	     h = (h + 1) & (set->cap - 1))
		if (set->slots[h] == id)
			return NM_OK;
	set->slots[h] = id;
	set->n++;
	return NM_OK;
}

typedef struct {
	nm_store *s;
	size_t env;
	unsigned flags;
	long long next_id;
	nm_idset taken; /* ids of other environments and of ne so far */
} nm_import_ctx;

/* Every id held outside environment x->env, and in ne. */
static int nm_taken_ids(nm_import_ctx *x, const nm_env *ne)
{
	size_t i, k;
	for (i = 0; i < x->s->n_envs; i++)
		for (k = 0; i != x->env && k < x->s->envs[i].n_recs; k++)
			if (nm_idset_add(&x->taken, x->s->envs[i].recs[k]->c.id))
				return NM_ENOMEM;
	for (k = 0; k < ne->n_recs; k++)
		if (nm_idset_add(&x->taken, ne->recs[k]->c.id))
			return NM_ENOMEM;
	return NM_OK;
}

/* Puts connection c into ne; NM_EEXISTS when its id is taken. */
static int nm_put_conn(nm_import_ctx *x, nm_env *ne, const nm_connection *c)
{
	nm_integration *in = nm_env_integration(ne, c->provider_config_key);
	nm_rec *old, *r;
	long long id = c->id;
	if (!in)
		return NM_ENOINTEGRATION;
	old = nm_find(ne, c->provider_config_key, c->connection_id);
	if (!id)
		id = old ? old->c.id : x->next_id++;
	if ((!old || old->c.id != id) && nm_idset_has(&x->taken, id)) {
		if (!(x->flags & NM_IMPORT_FRESH_ON_CONFLICT))
			return NM_EEXISTS;
		id = x->next_id++;
	}
	if (id >= x->next_id)
		x->next_id = id + 1;
	if (nm_idset_add(&x->taken, id))
		return NM_ENOMEM;
	if (c->end_user && nm_env_user_put(ne, c->end_user))
		return NM_ENOMEM;
	r = nm_rec_copy(c, in->provider, id);
	if (!r)
		return NM_ENOMEM;
	if (old)
		nm_rec_remove(ne, old);
	if (nm_rec_insert(ne, r)) {
		nm_rec_free(r);
		return NM_ENOMEM;
	}
	return NM_OK;
}

/* Builds the new content of environment x->env into ne (locked). */
static int nm_import_build(nm_import_ctx *x, nm_env *ne, const nm_dump *d,
			   size_t *bad)
{
	nm_env *e = &x->s->envs[x->env];
	size_t i;
	int rc;
	if ((x->flags & NM_IMPORT_MERGE) && nm_env_copy(ne, e))
		return NM_ENOMEM;
	if (nm_taken_ids(x, ne))
		return NM_ENOMEM;
	for (i = 0; i < d->n_integrations; i++)
		if (nm_put_integration(ne, &d->integrations[i]))
			return NM_ENOMEM;
	for (i = 0; i < d->n_users; i++)
		if (nm_env_user_put(ne, d->users[i]))
			return NM_ENOMEM;
	for (i = 0; i < d->n_conns; i++) {
		rc = nm_put_conn(x, ne, d->conns[i]);
		if (rc != NM_OK) {
			*bad = i;
			return rc;
		}
	}
	return NM_OK;
}

/*
 * Exchanges everything but the name between e and ne. The name is never
 * written: nm_store_env_name reads it without the lock.
 */
static void nm_env_swap_content(nm_env *e, nm_env *ne)
{
	const size_t off = offsetof(nm_env, integrations);
	nm_env old;
	memcpy((char *)&old + off, (char *)e + off, sizeof(nm_env) - off);
	memcpy((char *)e + off, (char *)ne + off, sizeof(nm_env) - off);
	memcpy((char *)ne + off, (char *)&old + off, sizeof(nm_env) - off);
}

int nm_store_import(nm_store *s, int env, const nm_dump *d, unsigned flags,
		    size_t *bad)
{
	nm_import_ctx x;
	nm_env ne, *e;
	size_t unused, i;
	int rc = NM_ENOENV;

	memset(&ne, 0, sizeof(ne));
	if (!bad)
		bad = &unused;
	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	if (!e)
		goto done;
	x.s = s;
	x.env = (size_t)env;
	x.flags = flags;
	x.next_id = s->next_id;
	for (i = 0; i < d->n_conns; i++) /* fresh ids above every given one */
		if (d->conns[i]->id >= x.next_id)
			x.next_id = d->conns[i]->id + 1;
	memset(&x.taken, 0, sizeof(x.taken));
	rc = nm_import_build(&x, &ne, d, bad);
	free(x.taken.slots);
	if (rc != NM_OK)
		goto done;
	nm_env_swap_content(e, &ne); /* ne: the old content, freed below */
	s->next_id = x.next_id;
	nm_store_changed(s);
done:
	pthread_rwlock_unlock(&s->lock);
	nm_env_clear(&ne);
	return rc;
}
