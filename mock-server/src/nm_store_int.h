/*
 * nm_store_int.h: the store's inside, shared by its source files only
 * (nm_store.c: records, upserts, patches; nm_store_meta.c: metadata;
 * nm_store_list.c: listing; nm_store_dump.c: export and import).
 * Every function here expects the store's lock to be held (for reading
 * at least; for writing by those that change anything).
 */
#ifndef NM_STORE_INT_H
#define NM_STORE_INT_H

#include <pthread.h>
#include <stdint.h>

#include "nm_alloc.h"
#include "nm_store.h"

typedef struct nm_rec {
	nm_connection c;     /* c.end_user unused: see end_user_id;
			      * c.last_fetched_at unused: see fetched;
			      * c.metadata, c.connection_config and
			      * c.credentials unused (NULL): see below */
	nj_frozen *metadata; /* NULL: null */
	nj_frozen *config;
	nj_frozen *credentials;
	int64_t fetched;     /* last_fetched_at (0: null); read and written
			      * atomically, a credentials read stamps it
			      * under the read lock */
	char *end_user_id;   /* link into the environment's end users */
	int64_t creds_expire_at; /* Nango's credentials_expires_at, us */
	int64_t creds_explicit;  /* the credentials' own expires_at, or 0 */
	int creds_never;         /* Nango's default expiry is never (OAUTH1,
				    no type), else a day after a write */
	struct nm_rec *next; /* hash chain */
	size_t pos;          /* index in env->recs */
} nm_rec;

typedef struct {
	char *name;          /* first: nm_store_import swaps what follows it */
	nm_integration *integrations;
	size_t n_integrations, cap_integrations;
	nm_end_user **users;
	size_t n_users, cap_users;
	nm_rec **buckets;
	size_t n_buckets;
	nm_rec **recs; /* live connections, any order */
	size_t n_recs, cap_recs;
} nm_env;

struct nm_store {
	pthread_rwlock_t lock; /* reads share it, writes hold it alone */
	nm_env *envs;
	size_t n_envs;
	long long next_id;
	nm_store_clock_fn clock;
	void *clock_ctx;
	void (*on_change)(void *ctx);
	void *change_ctx;
	uint64_t gen;
};

/* Records a successful write (generation, on_change). */
void nm_store_changed(nm_store *s);

/* The environment at index env, or NULL. */
nm_env *nm_env_at(nm_store *s, int env);
/* The end user with that id in e, or NULL (id may be NULL). */
nm_end_user *nm_env_user(nm_env *e, const char *id);
/* Helpers of nm_store.c shared with nm_store_dump.c. */
int nm_env_user_put(nm_env *e, const nm_end_user *u);
void nm_rec_free(nm_rec *r);
int nm_rec_insert(nm_env *e, nm_rec *r);
void nm_rec_remove(nm_env *e, nm_rec *r);
nm_rec *nm_find(nm_env *e, const char *key, const char *cid);
/* Frees everything e holds, its name included. */
void nm_env_clear(nm_env *e);
int nm_integration_copy(nm_integration *out, const nm_integration *in);
nm_integration *nm_env_integration(nm_env *e, const char *key);
/* Does Nango's default expiry never come for these credentials? */
int nm_creds_never(const nj_value *credentials);
/* Sets r's credentials expiry facts and Nango's credentials_expires_at
 * for a write at now. */
void nm_rec_set_expiry(nm_rec *r, int64_t explicit, int never, int64_t now);
/* Links r to end user u (upserted into e); u NULL: leaves the link. */
int nm_link_user(nm_env *e, nm_rec *r, const nm_end_user *u);
/* Freezes v, or {} when v is NULL (stored values are frozen; nm_snapshot
 * thaws them). NM_OK or NM_ENOMEM. */
int nm_freeze_or_empty(nj_frozen **out, const nj_value *v);
/* A deep copy of a record as handed out, end user included. */
nm_connection *nm_snapshot(nm_env *e, const nm_rec *r, int listed);
/* A deep copy of in into out; NM_OK, or NM_ENOMEM with out cleared. */
int nm_integration_copy(nm_integration *out, const nm_integration *in);
/* The integration with that key in e, or NULL. */
nm_integration *nm_env_integration(nm_env *e, const char *key);

#endif
