/*
 * nm_store: the mock's in-memory state. Environments, integrations, end
 * users and connections, behind one read-write lock (reads run side by
 * side, writes alone); safe to call from any number of
 * threads. It knows nothing of HTTP or of rendering: values come in and go
 * out as plain structs and nj_value trees, and every read hands out a deep
 * copy that the caller frees.
 */
#ifndef NM_STORE_H
#define NM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "nj.h"
#include "nm_clock.h"

enum {
	NM_OK = 0,
	NM_ENOMEM = -1,
	NM_ENOTFOUND = -2,     /* no such connection */
	NM_ENOINTEGRATION = -3,/* no such integration */
	NM_EEXISTS = -4,       /* integration key taken */
	NM_ENOENV = -5,
	NM_EREFUSED = -6       /* a value Nango's Postgres columns refuse */
};

typedef struct nm_store nm_store;

typedef struct {
	char *id;
	char *display_name;  /* NULL: null */
	char *email;         /* NULL: null */
	nj_value *tags;      /* object, or NULL: null */
	char *org_id;        /* NULL: no organization */
	char *org_display_name;
} nm_end_user;

typedef struct {
	char *unique_key;
	char *provider;
	char *display_name;
	char *auth_mode;
	int forward_webhooks;
	int64_t created_at; /* microseconds since the epoch, UTC */
	int64_t updated_at;
	/* Nango's stored credentials columns (NULL: SQL null) */
	char *client_id;     /* oauth_client_id (app_id for APP) */
	char *client_secret; /* oauth_client_secret (private key for APP) */
	char *scopes;        /* oauth_scopes */
	char *app_link;
	nj_value *custom;    /* the custom object, or NULL */
} nm_integration;

typedef struct {
	long long id;
	char *connection_id;
	char *provider_config_key;
	char *provider;
	int64_t created_at;      /* microseconds since the epoch, UTC */
	int64_t updated_at;
	int64_t last_fetched_at; /* 0: null */
	nj_value *metadata;      /* NULL: null */
	nj_value *connection_config;
	nj_value *tags;
	nj_value *credentials;
	char *webhook_url_override; /* NULL: null */
	nm_end_user *end_user;      /* NULL: null */
	/* Only in dumps (export/import): Nango's credentials_expires_at
	 * (INT64_MAX: never; 0 on import: computed as a create would) and the
	 * credentials' own expires_at (0: none). */
	int64_t credentials_expires_at;
	int64_t credentials_expiry;
	/* The frozen forms of metadata, connection_config and credentials,
	 * whose tree fields are NULL where one is set: in a view handed to
	 * an nm_store_visit callback (pointing into the store), and for
	 * metadata in a listing's copies (owned). Elsewhere NULL. */
	nj_frozen *metadata_fz;
	nj_frozen *connection_config_fz;
	nj_frozen *credentials_fz;
} nm_connection;

/* How an upsert treats an existing row (legacy and modern create). */
typedef struct {
	const char *connection_id;
	const char *provider_config_key;
	int64_t now;
	nj_value *credentials;       /* taken over by the store */
	nj_value *metadata;          /* taken over; NULL means null */
	int keep_metadata_if_null;   /* override keeps old metadata if NULL */
	int new_row_empty_metadata;  /* a new row gets {} when metadata is NULL */
	nj_value *connection_config; /* taken over; NULL means {} */
	const char *webhook_url_override; /* copied; NULL clears */
	nj_value *tags;              /* taken over; NULL: {} new, kept on override */
	const nm_end_user *end_user; /* upserted and linked when not NULL */
	int64_t credentials_expire_at; /* the credentials' expires_at (us);
					  0: none, Nango's default applies */
	int touch_updated_at;        /* override sets updated_at = now */
	int last_fetched_on_create;  /* new row: last_fetched_at = now */
} nm_upsert;

/* A modern PATCH. */
typedef struct {
	const nm_end_user *end_user; /* NULL: unchanged */
	nj_value *tags;              /* taken over; NULL: unchanged */
	int set_webhook;
	const char *webhook_url_override; /* with set_webhook; NULL clears */
} nm_patch;

/* List filters; NULL/0 fields are not applied. */
typedef struct {
	const char *connection_id;
	const char *search;
	const char *end_user_id;
	const char *end_user_org_id;
	const char *const *integration_ids;
	size_t n_integration_ids;
	const nj_value *tags;   /* object of lower-cased key -> string */
	long long limit;        /* rows */
	long long offset;
} nm_list_filter;

/*
 * An environment as plain data: what export gives and import takes.
 * Connections carry their id (0 on import: a fresh one) and, in end_user, the
 * end user they are linked to; provider is filled from the integration.
 */
typedef struct {
	nm_integration *integrations;
	size_t n_integrations;
	nm_end_user **users;
	size_t n_users;
	nm_connection **conns;
	size_t n_conns;
} nm_dump;

void nm_dump_clear(nm_dump *d);

enum {
	NM_IMPORT_MERGE = 1,           /* keep what the dump does not name */
	NM_IMPORT_FRESH_ON_CONFLICT = 2 /* an id taken elsewhere: a new one */
};

/* Copies environment env; connections in id order. */
int nm_store_export(nm_dump *out, nm_store *s, int env);
/*
 * Puts d into env, all or nothing. Replace empties the environment first;
 * merge overwrites integrations by unique key, end users by id, connections
 * by integration and connection id, and keeps the rest. Errors:
 * NM_ENOINTEGRATION (connection *bad names no integration), NM_EEXISTS
 * (connection *bad has an id another connection holds), NM_ENOMEM.
 */
int nm_store_import(nm_store *s, int env, const nm_dump *d, unsigned flags,
		    size_t *bad);

nm_store *nm_store_new(void);
void nm_store_free(nm_store *s);

/* Adds an environment (no-op if it exists); *env_out gets its index. */
int nm_store_env(nm_store *s, const char *name, int *env_out);
const char *nm_store_env_name(const nm_store *s, int env);

/* Integrations. */
int nm_store_integration_add(nm_store *s, int env, const nm_integration *in);
int nm_store_integration_get(nm_integration *out, nm_store *s, int env,
			     const char *key);
/* 1 if the integration exists (a moment's answer: it may go right after). */
int nm_store_integration_exists(nm_store *s, int env, const char *key);
/*
 * Copies of the environment's integrations (*n_out of them, in creation
 * order) into *out; free each with nm_integration_clear, then the array.
 */
int nm_store_integration_list(nm_integration **out, size_t *n_out,
			      nm_store *s, int env);
/* Removes the integration and every connection made on it. */
int nm_store_integration_delete(nm_store *s, int env, const char *key);
void nm_integration_clear(nm_integration *i);

/*
 * Connections. Snapshots handed out are freed with nm_connection_free.
 * Writes refuse, with NM_EREFUSED and no change, what Postgres would (see
 * nm_pg.h): a connection id over 255 characters, \u0000 or a lone
 * surrogate in stored JSON (credentials excepted: Nango encrypts them).
 * The upsert's result is a snapshot in *out, or none with out NULL.
 */
int nm_store_upsert(nm_connection **out, int *created, nm_store *s, int env,
		    nm_upsert *u);
/* What nm_store_visit calls: c is the stored connection itself. */
typedef void (*nm_store_visit_fn)(void *ctx, const nm_connection *c);
/*
 * Reads one connection in place, without copying it: fn runs once with
 * the stored record (end user resolved; metadata, config and credentials
 * in their frozen forms) under the store's lock (the read lock; the write
 * lock for a credentials read that finds them expired), so it must only
 * read c, keep no pointer into it, not call the store, and do little: a
 * large record is copied out with nm_store_view_copy and used after.
 * stamp_fetched as in nm_store_get. NM_OK once fn ran, or NM_ENOTFOUND.
 */
int nm_store_visit(nm_store *s, int env, const char *key,
		   const char *connection_id, int64_t stamp_fetched,
		   nm_store_visit_fn fn, void *ctx);
/* A copy of a view (for nm_store_visit callbacks) that owns everything,
 * its JSON values still frozen (one memcpy each); NULL on OOM. */
nm_connection *nm_store_view_copy(const nm_connection *view);
/*
 * A snapshot of one connection. With stamp_fetched (a time in us) this is
 * Nango's credentials read: last_fetched_at becomes that time, and so does
 * updated_at when the credentials' expiry (Nango's credentials_expires_at:
 * theirs, else a day after the last write, never for OAUTH1 or none) has
 * passed.
 */
int nm_store_get(nm_connection **out, nm_store *s, int env, const char *key,
		 const char *connection_id, int64_t stamp_fetched);
/* 1 if the connection exists (a moment's answer: it may go right after). */
int nm_store_exists(nm_store *s, int env, const char *key,
		    const char *connection_id);
int nm_store_delete(nm_store *s, int env, const char *key,
		    const char *connection_id);
/* The connections f selects, newest first, as a listing shows them: their
 * credentials, connection_config and webhook_url_override are NULL (not
 * copied). Free with nm_connection_list_free. */
int nm_store_list(nm_connection ***out, size_t *n_out, nm_store *s, int env,
		  const nm_list_filter *f);
/*
 * Replaces (merge = 0) or shallow-merges (merge = 1) the metadata of every
 * listed connection. All are checked first: if one is missing nothing
 * changes, NM_ENOTFOUND is returned and *missing gets its index.
 */
int nm_store_metadata(nm_store *s, int env, const char *key,
		      const char *const *ids, size_t n, const nj_value *value,
		      int merge, size_t *missing);
int nm_store_patch(nm_store *s, int env, const char *key,
		   const char *connection_id, nm_patch *p);

void nm_connection_free(nm_connection *c);
void nm_connection_list_free(nm_connection **list, size_t n);
nm_end_user *nm_end_user_copy(const nm_end_user *u);
void nm_end_user_free(nm_end_user *u);

/*
 * The store's clock: the time of an environment, in microseconds since the
 * epoch. Handlers stamp writes with it (nm_store_now), so a frozen clock
 * gives stable timestamps. Without one set, the real time.
 */
typedef int64_t (*nm_store_clock_fn)(void *ctx, int env);
void nm_store_set_clock(nm_store *s, nm_store_clock_fn fn, void *ctx);
int64_t nm_store_now(nm_store *s, int env);

/*
 * Changes: every successful write bumps a generation number and calls
 * on_change (with the lock held, the read lock for a credentials read's
 * stamp, so from several threads at once: it must be thread-safe, quick
 * and must not call the store), e.g. to wake a thread that saves the
 * state.
 */
void nm_store_on_change(nm_store *s, void (*fn)(void *ctx), void *ctx);
uint64_t nm_store_generation(nm_store *s);

#endif
