/*
 * nm_store_meta.c: the store's metadata writes (replace and shallow merge
 * over one or several connections, all or nothing), apart from nm_store.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_pg.h"
#include "nm_store_int.h"

/* New metadata for one record: a copy of value, or old merged with it. */
static nj_value *nm_metadata_next(const nj_value *old, const nj_value *value,
				  int merge)
{
	nj_value *next;
	size_t i;
	if (!merge || !old || old->type != NJ_OBJECT)
		next = merge ? nj_object() : nj_copy(value);
	else
		next = nj_copy(old);
	/* {...old, ...value}: an array spreads as its index keys */
	for (i = 0; merge && next && value && i < value->len; i++) {
		char idx[24];
		int rc = NJ_OK;
		if (value->type == NJ_OBJECT) {
			const nj_member *m = value->members[i];
			rc = nj_object_set(next, m->key, m->key_len,
					   nj_copy(m->value));
		} else if (value->type == NJ_ARRAY) {
			snprintf(idx, sizeof(idx), "%zu", i);
			rc = nj_object_cset(next, idx, nj_copy(value->items[i]));
		}
		if (rc != NJ_OK) {
			nj_free(next);
			return NULL;
		}
	}
	nj_jsonb_order(next);
	return next;
}

/* Frozen in jsonb order: old (thawed) merged with value, or value (not
 * copied: a replace may be large). */
static nj_frozen *nm_metadata_frozen(const nj_frozen *old_fz,
				     const nj_value *value, int merge)
{
	nj_value *old = NULL, *next = NULL;
	nj_frozen *out = NULL;
	if (!merge) {
		if (!value || nj_freeze_jsonb(&out, value) != NJ_OK)
			return NULL;
		return out;
	}
	if (nj_thaw(&old, old_fz) == NJ_OK)
		next = nm_metadata_next(old, value, merge);
	if (next && nj_freeze(&out, next) != NJ_OK)
		out = NULL;
	nj_free(old);
	nj_free(next);
	return out;
}

/* n frozen copies of value in jsonb order, for a replace (no lock). */
static int nm_metadata_copies(nj_frozen ***out, const nj_value *value,
			      size_t n)
{
	nj_frozen **v = calloc(n ? n : 1, sizeof(*v));
	size_t i;
	*out = v;
	for (i = 0; v && i < n; i++) {
		v[i] = i ? nj_frozen_copy(v[0])
			 : nm_metadata_frozen(NULL, value, 0);
		if (!v[i])
			return NM_ENOMEM; /* the caller frees what was made */
	}
	return v ? NM_OK : NM_ENOMEM;
}

int nm_store_metadata(nm_store *s, int env, const char *key,
		      const char *const *ids, size_t n, const nj_value *value,
		      int merge, size_t *missing)
{
	nm_env *e;
	nj_frozen **next = NULL;
	size_t i;
	int rc = NM_ENOTFOUND;
	/* O(size): before the lock. A replace sends the value to Postgres
	 * even for no connection (connection_id: []), which refuses it; a
	 * merge with no connection never sends it. */
	int storable = (merge && n == 0) || nm_pg_jsonb_ok(value);

	/* a replace needs nothing stored: its copies are made unlocked */
	if (!merge && storable &&
	    nm_metadata_copies(&next, value, n) != NM_OK) {
		for (i = 0; next && i < n; i++)
			nj_frozen_free(next[i]);
		free(next);
		return NM_ENOMEM;
	}
	pthread_rwlock_wrlock(&s->lock);
	e = nm_env_at(s, env);
	for (i = 0; i < n; i++) {
		if (!e || !nm_find(e, key, ids[i])) {
			if (missing)
				*missing = i;
			goto done;
		}
	}
	rc = NM_EREFUSED;
	if (!storable)
		goto done;
	rc = NM_ENOMEM;
	if (!next)
		next = calloc(n ? n : 1, sizeof(*next));
	if (!next)
		goto done;
	for (i = 0; merge && i < n; i++) {
		next[i] = nm_metadata_frozen(nm_find(e, key, ids[i])->metadata,
					     value, merge);
		if (!next[i])
			goto done;
	}
	/* all computed: commit in one step, like the transaction; the old
	 * values are freed after the lock */
	for (i = 0; i < n; i++) {
		nm_rec *r = nm_find(e, key, ids[i]);
		nj_frozen *old = r->metadata;
		r->metadata = next[i];
		next[i] = old;
	}
	rc = NM_OK;
done:
	if (rc == NM_OK)
		nm_store_changed(s);
	pthread_rwlock_unlock(&s->lock);
	for (i = 0; next && i < n; i++)
		nj_frozen_free(next[i]);
	free(next);
	return rc;
}
