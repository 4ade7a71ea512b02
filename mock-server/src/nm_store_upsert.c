/*
 * nm_store_upsert.c: creating and overriding connections (Nango's legacy
 * and modern create), apart from nm_store.c. The JSON values are checked
 * and frozen before the lock; the lock is held only to link them in.
 */
#include <stdlib.h>
#include <string.h>

#include "nm_pg.h"
#include "nm_store_int.h"

/* An upsert's JSON values frozen before the lock (O(size)); what a
 * record takes is set to NULL, the rest is freed by nm_upsert_fz_clear. */
typedef struct {
	nj_frozen *metadata;     /* u->metadata; NULL: null */
	nj_frozen *metadata_new; /* {} for a new row whose metadata is null */
	nj_frozen *config;       /* u->connection_config, or {} */
	nj_frozen *credentials;
	int creds_never;         /* read from the credentials' type */
} nm_upsert_fz;

static int nm_upsert_freeze(nm_upsert_fz *f, const nm_upsert *u)
{
	memset(f, 0, sizeof(*f));
	f->creds_never = nm_creds_never(u->credentials);
	if (nj_freeze(&f->metadata, u->metadata) != NJ_OK ||
	    (!u->metadata && u->new_row_empty_metadata &&
	     nm_freeze_or_empty(&f->metadata_new, NULL) != NM_OK) ||
	    nm_freeze_or_empty(&f->config, u->connection_config) != NM_OK ||
	    nm_freeze_or_empty(&f->credentials, u->credentials) != NM_OK)
		return NM_ENOMEM;
	return NM_OK;
}

static void nm_upsert_fz_clear(nm_upsert_fz *f)
{
	nj_frozen_free(f->metadata);
	nj_frozen_free(f->metadata_new);
	nj_frozen_free(f->config);
	nj_frozen_free(f->credentials);
	memset(f, 0, sizeof(*f));
}

/* Moves a frozen value out of its holder. */
static nj_frozen *nm_fz_take(nj_frozen **from)
{
	nj_frozen *v = *from;
	*from = NULL;
	return v;
}

/* Fills a new record from an upsert; takes u's tags and f's values. */
static nm_rec *nm_rec_new(nm_store *s, const nm_integration *integ,
			  nm_upsert *u, nm_upsert_fz *f)
{
	nm_rec *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->c.id = s->next_id++;
	r->c.connection_id = nm_dup(u->connection_id);
	r->c.provider_config_key = nm_dup(u->provider_config_key);
	r->c.provider = nm_dup(integ->provider);
	r->c.created_at = r->c.updated_at = u->now;
	r->fetched = u->last_fetched_on_create ? u->now : 0;
	r->metadata = f->metadata ? nm_fz_take(&f->metadata)
				  : nm_fz_take(&f->metadata_new);
	r->config = nm_fz_take(&f->config);
	r->credentials = nm_fz_take(&f->credentials);
	r->c.tags = u->tags ? u->tags : nj_object();
	u->tags = NULL;
	nm_rec_set_expiry(r, u->credentials_expire_at, f->creds_never, u->now);
	r->c.webhook_url_override = nm_dup(u->webhook_url_override);
	if (!r->c.connection_id || !r->c.provider_config_key ||
	    !r->c.provider || !r->c.tags ||
	    (u->webhook_url_override && !r->c.webhook_url_override)) {
		nm_rec_free(r);
		return NULL;
	}
	return r;
}

/* Applies an upsert to an existing record; takes u's tags and f's
 * values. */
static int nm_rec_override(nm_rec *r, nm_upsert *u, nm_upsert_fz *f)
{
	char *hook = nm_dup(u->webhook_url_override);
	if (u->webhook_url_override && !hook)
		return NM_ENOMEM;
	if (u->metadata || !u->keep_metadata_if_null) {
		nj_frozen_free(r->metadata);
		r->metadata = nm_fz_take(&f->metadata);
	}
	nj_frozen_free(r->config);
	r->config = nm_fz_take(&f->config);
	if (u->tags) {
		nj_free(r->c.tags);
		r->c.tags = u->tags;
		u->tags = NULL;
	}
	nj_frozen_free(r->credentials);
	r->credentials = nm_fz_take(&f->credentials);
	nm_rec_set_expiry(r, u->credentials_expire_at, f->creds_never, u->now);
	free(r->c.webhook_url_override);
	r->c.webhook_url_override = hook;
	if (u->touch_updated_at)
		r->c.updated_at = u->now;
	return NM_OK;
}

static void nm_upsert_release(nm_upsert *u)
{
	nj_free(u->metadata);
	nj_free(u->connection_config);
	nj_free(u->tags);
	nj_free(u->credentials);
	u->metadata = u->connection_config = u->tags = u->credentials = NULL;
}

/* Would Postgres take every column of this upsert? */
static int nm_upsert_storable(const nm_upsert *u)
{
	const nm_end_user *eu = u->end_user;
	/* credentials are stored encrypted, as text: anything goes */
	return nm_pg_text_ok(u->connection_id, strlen(u->connection_id), 255) &&
	       nm_pg_jsonb_ok(u->metadata) &&
	       nm_pg_jsonb_ok(u->connection_config) && nm_pg_jsonb_ok(u->tags) &&
	       (!eu || nm_pg_jsonb_ok(eu->tags));
}

/* The upsert itself, lock held (f frozen before it). */
static int nm_upsert_locked(nm_rec **out, int *created, nm_store *s,
			    nm_env *e, nm_upsert *u, nm_upsert_fz *f)
{
	nm_integration *integ = nm_env_integration(e, u->provider_config_key);
	nm_rec *r;
	if (!integ)
		return NM_ENOINTEGRATION;
	r = nm_find(e, u->provider_config_key, u->connection_id);
	if (r) {
		*out = r;
		return nm_rec_override(r, u, f);
	}
	r = nm_rec_new(s, integ, u, f);
	if (r && nm_rec_insert(e, r) != NM_OK) {
		nm_rec_free(r);
		r = NULL;
	}
	*out = r;
	*created = r != NULL;
	return r ? NM_OK : NM_ENOMEM;
}

int nm_store_upsert(nm_connection **out, int *created, nm_store *s, int env,
		    nm_upsert *u)
{
	nm_env *e;
	nm_rec *r = NULL;
	nm_upsert_fz f;
	int rc, locked = 0;

	memset(&f, 0, sizeof(f));
	if (out)
		*out = NULL;
	*created = 0;
	/* checked and frozen before the lock: O(size) */
	rc = !nm_upsert_storable(u) ? NM_EREFUSED : nm_upsert_freeze(&f, u);
	if (rc != NM_OK)
		goto done;
	pthread_rwlock_wrlock(&s->lock);
	locked = 1;
	e = nm_env_at(s, env);
	rc = e ? nm_upsert_locked(&r, created, s, e, u, &f)
	       : NM_ENOINTEGRATION;
	/* the given end user is upserted and linked, replacing an older link
	 * (live Nango 0.71.4 relinks; without one the link stays) */
	if (rc == NM_OK)
		rc = nm_link_user(e, r, u->end_user);
	if (rc == NM_OK && out) {
		*out = nm_snapshot(e, r, 0);
		rc = *out ? NM_OK : NM_ENOMEM;
	}
	if (rc == NM_OK)
		nm_store_changed(s);
done:
	if (locked)
		pthread_rwlock_unlock(&s->lock);
	nm_upsert_release(u);
	nm_upsert_fz_clear(&f);
	return rc;
}
