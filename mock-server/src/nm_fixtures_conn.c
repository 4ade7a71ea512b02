/*
 * nm_fixtures_conn.c: reading the connections[] of a fixtures document
 * (see nm_fixtures.h, fixtures/README.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_fixtures_int.h"
#include "nm_handlers.h"

/* --- connections ------------------------------------------------------------ */

static const char *const nm_conn_keys[] = {
	"environment", "id", "connection_id", "provider_config_key",
	"created_at", "updated_at", "last_fetched_at", "metadata",
	"connection_config", "tags", "credentials", "credentials_expires_at",
	"webhook_url_override", "end_user", "end_user_id", NULL};

/* Does the integration exist in the document (or the store, merging)? */
static int nm_has_integration(nm_reader *x, int slot, const char *key)
{
	nm_dump *d = &x->set->dumps[slot];
	nm_integration in;
	size_t i;
	for (i = 0; i < d->n_integrations; i++)
		if (!strcmp(d->integrations[i].unique_key, key))
			return 1;
	if (!x->o->merge || nm_store_integration_get(&in, x->s->cfg.store,
						     x->set->envs[slot], key))
		return 0;
	nm_integration_clear(&in);
	return 1;
}

/* id: a positive safe integer, or absent (0). */
static long long nm_f_id(nm_reader *x, const nj_value *it, const char *path,
			 int *ok)
{
	const nj_value *v = nj_object_get(it, "id");
	char p[512];
	if (!v)
		return 0;
	if (v->type == NJ_NUMBER && v->num >= 1 && v->num <= 9007199254740991.0 &&
	    v->num == (double)(long long)v->num)
		return (long long)v->num;
	nm_fx_path(p, sizeof(p), path, "id", 0);
	nm_fx_prob(x->p, p, "expected a positive integer, got %s",
		nm_fx_type_name(v));
	*ok = 0;
	return 0;
}

/* The connection's end user: an end_user object or an end_user_id. */
static int nm_conn_user(nm_reader *x, int slot, const nj_value *it,
			const char *path, nm_connection *c)
{
	const nj_value *v = nj_object_get(it, "end_user");
	const char *id;
	char p[512];
	int ok = 1;
	if (v && v->type != NJ_NULL) {
		nm_fx_path(p, sizeof(p), path, "end_user", 0);
		c->end_user = nm_fx_read_user(x, v, p, 0);
		return c->end_user != NULL;
	}
	id = nm_fx_string(x, it, "end_user_id", path, 0, 1, NM_RX_NONE, 255, &ok);
	if (!id || slot < 0)
		return ok;
	if (!nm_fx_dump_user(&x->set->dumps[slot], id)) {
		nm_fx_path(p, sizeof(p), path, "end_user_id", 0);
		nm_fx_prob(x->p, p, "no end user \"%s\" in end_users of this "
			"environment", id);
		return 0;
	}
	c->end_user = nm_end_user_copy(nm_fx_dump_user(&x->set->dumps[slot], id));
	if (!c->end_user)
		x->p->oom = 1;
	return c->end_user != NULL;
}

/* tags as the API stores them: checked, keys lower-cased. */
static int nm_conn_tags(nm_reader *x, const nj_value *it, const char *path,
			nm_connection *c)
{
	nm_issues iss = {0};
	int ok;
	if (nm_issues_init(&iss)) {
		x->p->oom = 1;
		return 0;
	}
	nm_check_tags(&iss, nj_object_get(it, "tags"), "tags", 0, &c->tags);
	nm_fx_take_issues(x->p, &iss, path, 0);
	ok = !nm_issues_any(&iss);
	nm_issues_free(&iss);
	nj_jsonb_order(c->tags);
	return ok;
}

/* Appends c (document index i) to a slot's dump. Both arrays grow by
 * doubling: their room is 16, then the power of two at or above the
 * count, so it is known from the count alone. */
static int nm_push_conn(nm_fixset *f, int slot, nm_connection *c, size_t i)
{
	nm_dump *d = &f->dumps[slot];
	size_t n = d->n_conns;
	if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
		size_t room = n ? n * 2 : 16;
		nm_connection **a = realloc(d->conns, room * sizeof(*a));
		size_t *ix;
		if (!a)
			return -1;
		d->conns = a;
		ix = realloc(f->doc_index[slot], room * sizeof(*ix));
		if (!ix)
			return -1;
		f->doc_index[slot] = ix;
	}
	f->doc_index[slot][n] = i;
	d->conns[d->n_conns++] = c;
	return 0;
}

void nm_fx_read_connection(nm_reader *x, const nj_value *it,
			   const char *path, size_t index)
{
	nm_connection *c = calloc(1, sizeof(*c));
	const char *cid, *key, *hook;
	int ok = 1, slot = nm_fx_item_env(x, it, path);
	char p[512];
	int64_t now;

	if (!c) {
		x->p->oom = 1;
		return;
	}
	c->id = nm_f_id(x, it, path, &ok);
	cid = nm_fx_string(x, it, "connection_id", path, 1, 0,
			  NM_RX_CONNECTION_ID, 255, &ok);
	key = nm_fx_string(x, it, "provider_config_key", path, 1, 0,
			  NM_RX_PROVIDER_CONFIG_KEY, 255, &ok);
	if (key && slot >= 0 && !nm_has_integration(x, slot, key)) {
		nm_fx_path(p, sizeof(p), path, "provider_config_key", 0);
		nm_fx_prob(x->p, p, "no integration \"%s\" in environment \"%s\"",
			key, nm_store_env_name(x->s->cfg.store,
					       x->set->envs[slot]));
		ok = 0;
	}
	hook = nm_fx_string(x, it, "webhook_url_override", path, 0, 1,
			   NM_RX_NONE, 2048, &ok);
	ok &= nm_fx_object(x, it, "metadata", path, 1, &c->metadata);
	ok &= nm_fx_object(x, it, "connection_config", path, 0,
			  &c->connection_config);
	ok &= nm_fx_object(x, it, "credentials", path, 0, &c->credentials);
	ok &= nm_conn_tags(x, it, path, c);
	ok &= nm_conn_user(x, slot, it, path, c);
	now = slot >= 0 ? nm_fx_default_now(x, slot) : 0;
	c->created_at = nm_fx_time(x, it, "created_at", path, 0, now, &ok);
	c->updated_at = nm_fx_time(x, it, "updated_at", path, 0, c->created_at,
				  &ok);
	c->last_fetched_at = nm_fx_time(x, it, "last_fetched_at", path, 1,
				       c->created_at, &ok);
	c->credentials_expires_at = nm_fx_time(x, it, "credentials_expires_at",
					      path, 1, 0, &ok);
	if (nj_object_get(it, "credentials_expires_at") &&
	    !c->credentials_expires_at)
		c->credentials_expires_at = INT64_MAX; /* null: never */
	c->credentials_expiry = nm_credentials_expiry(c->credentials);
	nm_fx_known_keys(x, it, path, nm_conn_keys);
	if (ok && slot >= 0) {
		c->connection_id = strdup(cid);
		c->provider_config_key = strdup(key);
		c->webhook_url_override = hook ? strdup(hook) : NULL;
		if (!c->connection_id || !c->provider_config_key ||
		    (hook && !c->webhook_url_override) ||
		    nm_push_conn(x->set, slot, c, index))
			x->p->oom = 1;
		else
			return;
	}
	nm_connection_free(c);
}
