/*
 * nm_store_list.c: listing connections with Nango's filters (§2.1), and
 * reading integrations (one, whether one exists, all).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nm_like.h"
#include "nm_store_int.h"

/* Does hay match the compiled search pattern? */
static int nm_search_match(const char *hay, const nm_like *pat)
{
	return nm_like_match(pat, hay, strlen(hay));
}

/* ILIKE '%needle%', compiled once per listing (outside the lock). */
static int nm_search_compile(nm_like **out, const char *needle)
{
	size_t n = strlen(needle);
	char *pat = malloc(n + 3);
	int rc;
	*out = NULL;
	if (!pat)
		return -1;
	pat[0] = '%';
	memcpy(pat + 1, needle, n);
	pat[n + 1] = '%';
	rc = nm_like_compile(out, pat, n + 2, 1);
	free(pat);
	return rc;
}

/* Every filter but the search (see nm_search_ids). */
static int nm_list_match(nm_env *e, const nm_rec *r, const nm_list_filter *f)
{
	const nm_end_user *u = nm_env_user(e, r->end_user_id);
	size_t i;
	if (f->connection_id && strcmp(r->c.connection_id, f->connection_id))
		return 0;
	if (f->end_user_id && (!u || strcmp(u->id, f->end_user_id)))
		return 0;
	if (f->end_user_org_id &&
	    (!u || !u->org_id || strcmp(u->org_id, f->end_user_org_id)))
		return 0;
	if (f->integration_ids) {
		for (i = 0; i < f->n_integration_ids; i++)
			if (!strcmp(r->c.provider_config_key,
				    f->integration_ids[i]))
				break;
		if (i == f->n_integration_ids)
			return 0;
	}
	if (f->tags) {
		for (i = 0; i < f->tags->len; i++) {
			const nj_member *m = f->tags->members[i];
			const nj_value *have =
				nj_object_getn(r->c.tags, m->key, m->key_len);
			if (!have || !nj_equal(have, m->value))
				return 0;
		}
	}
	return 1;
}

/* Ids of the connections the search matched, found outside the lock. */
typedef struct {
	long long *ids;
	size_t n;
} nm_id_set;

static int nm_id_cmp(const void *pa, const void *pb)
{
	long long a = *(const long long *)pa, b = *(const long long *)pb;
	return a < b ? -1 : a > b;
}

static int nm_id_set_has(const nm_id_set *set, long long id)
{
	return set->n > 0 &&
	       bsearch(&id, set->ids, set->n, sizeof(id), nm_id_cmp) != NULL;
}

/* Appends s (NULL: "") and its NUL to b; returns its offset. */
static size_t nm_put_text(nj_buf *b, const char *s)
{
	size_t at = b->len;
	nj_buf_put(b, s ? s : "", s ? strlen(s) + 1 : 1);
	return at;
}

/*
 * The search, matched outside the lock: under it, the searched texts
 * (connection id, end user's name and email) of the connections that pass
 * the other filters are copied; the pattern runs on the copies, unlocked,
 * so its cost never holds other requests up.
 */
static int nm_search_ids(nm_id_set *set, nm_store *s, int env,
			 const nm_list_filter *f, const nm_like *search)
{
	nj_buf text = NJ_BUF_INIT;
	long long *ids = NULL;
	size_t *at = NULL, n = 0, i, k;
	nm_env *e;
	int oom;

	set->ids = NULL;
	set->n = 0;
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	if (e && e->n_recs) {
		ids = malloc(e->n_recs * sizeof(*ids));
		at = malloc(e->n_recs * 3 * sizeof(*at));
	}
	for (i = 0; ids && at && i < e->n_recs; i++) {
		const nm_rec *r = e->recs[i];
		const nm_end_user *u = nm_env_user(e, r->end_user_id);
		if (!nm_list_match(e, r, f))
			continue;
		ids[n] = r->c.id;
		at[3 * n] = nm_put_text(&text, r->c.connection_id);
		at[3 * n + 1] = nm_put_text(&text, u ? u->display_name : NULL);
		at[3 * n + 2] = nm_put_text(&text, u ? u->email : NULL);
		n++;
	}
	oom = e && e->n_recs && (!ids || !at); /* read under the lock */
	pthread_rwlock_unlock(&s->lock);
	if (oom || text.oom) {
		free(ids);
		free(at);
		nj_buf_free(&text);
		return NM_ENOMEM;
	}
	for (i = 0, k = 0; i < n; i++)
		if (nm_search_match(text.ptr + at[3 * i], search) ||
		    nm_search_match(text.ptr + at[3 * i + 1], search) ||
		    nm_search_match(text.ptr + at[3 * i + 2], search))
			ids[k++] = ids[i];
	if (k > 1)
		qsort(ids, k, sizeof(*ids), nm_id_cmp);
	set->ids = ids;
	set->n = k;
	free(at);
	nj_buf_free(&text);
	return NM_OK;
}

static int nm_newest_first(const void *pa, const void *pb)
{
	const nm_rec *a = *(nm_rec *const *)pa, *b = *(nm_rec *const *)pb;
	if (a->c.created_at != b->c.created_at)
		return a->c.created_at > b->c.created_at ? -1 : 1;
	return a->c.id > b->c.id ? -1 : a->c.id < b->c.id;
}

int nm_store_list(nm_connection ***out, size_t *n_out, nm_store *s, int env,
		  const nm_list_filter *f)
{
	nm_env *e;
	nm_rec **hits = NULL;
	nm_connection **list = NULL;
	nm_like *search = NULL;
	nm_id_set found = {NULL, 0};
	size_t n = 0, i, take = 0;
	int rc = NM_OK;

	*out = NULL;
	*n_out = 0;
	if (f->search && (nm_search_compile(&search, f->search) != 0 ||
			  nm_search_ids(&found, s, env, f, search) != NM_OK)) {
		nm_like_free(search);
		return NM_ENOMEM;
	}
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	if (!e || e->n_recs == 0)
		goto done;
	hits = malloc(e->n_recs * sizeof(*hits));
	rc = NM_ENOMEM;
	if (!hits)
		goto done;
	for (i = 0; i < e->n_recs; i++)
		if (nm_list_match(e, e->recs[i], f) &&
		    (!search || nm_id_set_has(&found, e->recs[i]->c.id)))
			hits[n++] = e->recs[i];
	qsort(hits, n, sizeof(*hits), nm_newest_first);
	if ((unsigned long long)f->offset < n)
		take = n - (size_t)f->offset;
	if (f->limit >= 0 && (unsigned long long)f->limit < take)
		take = (size_t)f->limit;
	list = calloc(take ? take : 1, sizeof(*list));
	if (!list)
		goto done;
	for (i = 0; i < take; i++) {
		list[i] = nm_snapshot(e, hits[(size_t)f->offset + i], 1);
		if (!list[i]) {
			nm_connection_list_free(list, i);
			list = NULL;
			goto done;
		}
	}
	*out = list;
	*n_out = take;
	rc = NM_OK;
done:
	pthread_rwlock_unlock(&s->lock);
	free(hits);
	free(found.ids);
	nm_like_free(search);
	return rc;
}

int nm_store_integration_get(nm_integration *out, nm_store *s, int env,
			     const char *key)
{
	nm_env *e;
	nm_integration *i;
	int rc = NM_ENOINTEGRATION;
	memset(out, 0, sizeof(*out));
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	i = e ? nm_env_integration(e, key) : NULL;
	if (i)
		rc = nm_integration_copy(out, i);
	pthread_rwlock_unlock(&s->lock);
	return rc;
}

int nm_store_integration_exists(nm_store *s, int env, const char *key)
{
	nm_env *e;
	int found;
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	found = e && nm_env_integration(e, key);
	pthread_rwlock_unlock(&s->lock);
	return found;
}

int nm_store_integration_list(nm_integration **out, size_t *n_out,
			      nm_store *s, int env)
{
	nm_env *e;
	size_t i, n = 0;
	int rc = NM_ENOENV;
	*out = NULL;
	*n_out = 0;
	pthread_rwlock_rdlock(&s->lock);
	e = nm_env_at(s, env);
	if (!e)
		goto done;
	rc = NM_ENOMEM;
	*out = calloc(e->n_integrations ? e->n_integrations : 1, sizeof(**out));
	if (!*out)
		goto done;
	for (i = 0; i < e->n_integrations; i++, n++)
		if (nm_integration_copy(&(*out)[i], &e->integrations[i]))
			goto done;
	rc = NM_OK;
done:
	pthread_rwlock_unlock(&s->lock);
	if (rc != NM_OK && *out) {
		for (i = 0; i < n; i++)
			nm_integration_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		n = 0;
	}
	*n_out = n;
	return rc;
}
