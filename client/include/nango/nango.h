/*
 * nango.h: libnango, a C client for Nango's connections API.
 *
 * The only public header (with the generated nango/version.h). Names are
 * nango_<module>_<verb>: nango_client_*, nango_connection_*,
 * nango_metadata_*, nango_json_*, nango_error_*. Routes: the plain names use
 * Nango's current routes (/connections...); the _legacy names and the
 * legacy_route flags use the older singular routes (/connection...).
 *
 * Conventions, for every function below that returns an int code (the
 * getters return their value, the _free functions nothing):
 * - it returns NANGO_OK (0) or a negative nango_error, and takes its
 *   out-parameters first; a pointer *out is set to NULL on entry and holds
 *   something only on NANGO_OK;
 * - what it gives through **out belongs to the caller, who frees it with
 *   the matching _free function; every _free accepts NULL;
 * - a NULL client or NULL out returns NANGO_EARG;
 * - after a call, the client holds the detail of it (nango_client_last_*):
 *   the HTTP status, Nango's error code and message, the raw body;
 * - the parameter structs carry a version: start them from their _INIT
 *   macro and set fields by name. New fields are only appended, with a new
 *   version; an unknown version is NANGO_EARG.
 * A client is one libcurl handle reused across calls (keep-alive): use one
 * client per thread. Results and JSON values are immutable and may be read
 * from any number of threads.
 */
#ifndef NANGO_H
#define NANGO_H

#include <stddef.h>
#include <time.h>

#include <nango/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes. Frozen: values never change, new ones are only appended. */
typedef enum {
	NANGO_OK = 0,
	NANGO_ENOTFOUND = -1,      /* no such connection */
	NANGO_EINTEGRATION = -2,   /* no such integration */
	NANGO_EINVALID = -3,       /* Nango refused the request (400, 415) */
	NANGO_EAUTH = -4,          /* 401 or 403: secret key missing or wrong */
	NANGO_ERATELIMIT = -5,     /* 429, after the retries allowed */
	NANGO_ESERVER = -6,        /* 5xx */
	NANGO_ETRANSPORT = -7,     /* no HTTP exchange: DNS, connect, timeout */
	NANGO_EPARSE = -8,         /* the response is not the JSON expected */
	NANGO_ENOMEM = -9,         /* out of memory */
	NANGO_EARG = -10,          /* bad argument (NULL, invalid JSON text) */
	NANGO_EHTTP = -11          /* another HTTP error status */
} nango_error;

/*
 * How an error response becomes a code: by Nango's error.code, never its
 * message. unknown_connection → NANGO_ENOTFOUND; unknown_provider_config →
 * NANGO_EINTEGRATION; not_found (404) → NANGO_ENOTFOUND, except on
 * nango_connection_create, where the only thing that can be missing is
 * the integration → NANGO_EINTEGRATION. Without a known code, the status:
 * 401/403 EAUTH, 429 ERATELIMIT, 5xx ESERVER, 400/415 EINVALID, else EHTTP.
 */

/* A static English description of an error code; never NULL. */
const char *nango_error_string(int error);

/*
 * Process-wide setup (libcurl's global init). Call once before creating
 * clients, from one thread; nango_global_cleanup once at the end.
 * @return NANGO_OK or NANGO_ETRANSPORT (curl could not initialise).
 */
int nango_global_init(void);
void nango_global_cleanup(void);

/* --- the client ------------------------------------------------------- */

typedef struct nango_client nango_client;

#define NANGO_OPTIONS_VERSION 1

typedef struct {
	unsigned int version;   /* NANGO_OPTIONS_VERSION */
	const char *base_url;   /* NULL: https://api.nango.dev */
	const char *secret_key; /* required */
	long timeout_ms;        /* whole request; 0: none */
	const char *user_agent; /* NULL: "libnango/<version>" */
	int max_retries;        /* resends allowed (see below); 0: none */
	long retry_base_ms;     /* first backoff, doubled each time */
	long retry_max_ms;      /* cap of one backoff (and of Retry-After) */
} nango_options;

#define NANGO_OPTIONS_INIT \
	{NANGO_OPTIONS_VERSION, NULL, NULL, 30000, NULL, 0, 250, 30000}

/*
 * Retries. A request is sent again, at most max_retries times, only when
 * it cannot repeat a write: on 429 for every method (Nango's rate limiter
 * answers before any route runs), and on 500, 502, 503 and 504 for GET
 * only. POST, PATCH and DELETE answered 5xx are never sent again, nor is
 * any request that failed in transport. The wait is Retry-After when the
 * response has one (delay seconds or an HTTP date), else the backoff;
 * either is capped by retry_max_ms.
 */

/*
 * Creates a client; the options are copied.
 * @return NANGO_OK (*out: the caller's, free with nango_client_free),
 *         NANGO_EARG (out or options NULL, no secret key, unknown version),
 *         NANGO_ENOMEM.
 */
int nango_client_new(nango_client **out, const nango_options *options);
void nango_client_free(nango_client *client);

/* --- detail of the last call on a client ------------------------------- */

/*
 * These read what the last call left; the strings belong to the client
 * and stay valid until its next call. A NULL client reads as no call.
 */

/* One validation issue of a 400 body's errors[] array. */
typedef struct {
	const char *code;    /* e.g. "invalid_type" */
	const char *message; /* zod's message */
	const char *path;    /* the path as JSON text, e.g. ["credentials","type"] */
} nango_error_item;

/* HTTP status of the last response; 0 when there was none. */
int nango_client_last_status(const nango_client *client);
/* Nango's error.code, or "" when the last call succeeded or had none. */
const char *nango_client_last_code(const nango_client *client);
/* Nango's error.message, or a transport/parse/argument description, or "". */
const char *nango_client_last_message(const nango_client *client);
/* The raw body of the last response ("" when none). */
const char *nango_client_last_body(const nango_client *client);
/* How many errors[] items the last response had. */
size_t nango_client_last_item_count(const nango_client *client);
/* Item i (< nango_client_last_item_count) or NULL. */
const nango_error_item *nango_client_last_item(const nango_client *client,
					       size_t i);

/* --- JSON-valued fields ------------------------------------------------ */

/* An immutable JSON value (metadata, credentials, tags...). */
typedef struct nango_json nango_json;

/*
 * The value as compact JSON text, in Nango's key order; "null" for a NULL
 * json. Never NULL; belongs to json.
 */
const char *nango_json_text(const nango_json *json);
/*
 * Read member key of an object value; *out belongs to json.
 * @return NANGO_OK, or NANGO_ENOTFOUND (json NULL or not an object, key
 *         absent or of another type; *out is then NULL, 0 or 0), or
 *         NANGO_EARG (out or key NULL).
 */
int nango_json_get_string(const char **out, const nango_json *json,
			  const char *key);
int nango_json_get_number(double *out, const nango_json *json,
			  const char *key);
int nango_json_get_bool(int *out, const nango_json *json, const char *key);
/* Frees a value given by nango_connection_create_legacy. */
void nango_json_free(nango_json *json);

/* --- results ------------------------------------------------------------ */

/*
 * Results own every string and JSON value they point to; all of it is
 * freed with the result.
 */

/* A timestamp as Nango sent it, and parsed. text is NULL for null. */
typedef struct {
	char *text;     /* e.g. "2026-08-21T18:43:31.123+00:00" */
	time_t seconds; /* UTC */
	int millis;
} nango_time;

typedef struct {
	char *id;
	char *display_name;       /* NULL: null */
	char *email;              /* NULL: null */
	nango_json *tags;         /* NULL: null */
	char *organization_id;    /* NULL: no organization */
	char *organization_display_name;
} nango_end_user;

typedef struct {
	long long id;
	char *connection_id;
	char *provider_config_key;
	char *provider;
	nango_end_user *end_user;       /* NULL: none */
	nango_json *errors;             /* active log errors (array) */
	nango_json *tags;
	nango_json *metadata;           /* NULL: null */
	nango_json *connection_config;  /* NULL in list items */
	nango_json *credentials;        /* NULL in list items */
	char *webhook_url_override;     /* NULL: null */
	nango_time created_at;          /* list items: their "created" */
	nango_time updated_at;          /* zero in list items */
	nango_time last_fetched_at;     /* text NULL: null */
} nango_connection;

/* The connections of a list call; items[0..count) belong to it. */
typedef struct {
	nango_connection *items;
	size_t count;
} nango_connection_array;

void nango_connection_free(nango_connection *connection);
void nango_connection_array_free(nango_connection_array *array);

/* --- connections ---------------------------------------------------------- */

/* Key/value pairs for tags: {"k1", "v1", "k2", "v2", NULL}. */
typedef const char *const *nango_tags;

#define NANGO_LIST_PARAMS_VERSION 1

typedef struct {
	unsigned int version;           /* NANGO_LIST_PARAMS_VERSION */
	int legacy_route;               /* 1: GET /connection, else /connections */
	const char *connection_id;
	const char *search;
	const char *end_user_id;
	const char *end_user_organization_id;
	const char *integration_id;     /* one key, or several joined by ',' */
	nango_tags tags;                /* NULL: none */
	int limit;                      /* 0: not sent */
	int page;                       /* 0: not sent */
} nango_list_params;

#define NANGO_LIST_PARAMS_INIT \
	{NANGO_LIST_PARAMS_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0}

/*
 * Lists connections, newest first (GET /connections, or GET /connection
 * with legacy_route). params may be NULL: no filter.
 * @return NANGO_OK (*out: free with nango_connection_array_free),
 *         NANGO_EAUTH, NANGO_EINVALID, NANGO_ERATELIMIT, NANGO_ESERVER,
 *         NANGO_EHTTP, NANGO_ETRANSPORT, NANGO_EPARSE, NANGO_ENOMEM,
 *         NANGO_EARG.
 */
int nango_connection_list(nango_connection_array **out, nango_client *client,
			  const nango_list_params *params);

#define NANGO_GET_PARAMS_VERSION 1

typedef struct {
	unsigned int version; /* NANGO_GET_PARAMS_VERSION */
	int legacy_route;     /* 1: GET /connection/:id, else /connections/:id */
	int force_refresh;
	int refresh_token;    /* 1: keep refresh tokens in credentials */
	int refresh_github_app_jwt_token;
} nango_get_params;

#define NANGO_GET_PARAMS_INIT {NANGO_GET_PARAMS_VERSION, 0, 0, 0, 0}

/*
 * Gets one connection with its credentials (GET /connections/:id).
 * params may be NULL: the defaults.
 * @return NANGO_OK (*out: free with nango_connection_free),
 *         NANGO_ENOTFOUND, NANGO_EINTEGRATION, and the codes of
 *         nango_connection_list.
 */
int nango_connection_get(nango_connection **out, nango_client *client,
			 const char *provider_config_key,
			 const char *connection_id,
			 const nango_get_params *params);

/*
 * Deletes a connection (DELETE /connections/:id).
 * @return NANGO_OK, NANGO_ENOTFOUND (Nango answers 400
 *         unknown_connection), NANGO_EINTEGRATION, and the codes of
 *         nango_connection_list.
 */
int nango_connection_delete(nango_client *client,
			    const char *provider_config_key,
			    const char *connection_id);

/* An end user, for nango_connection_create and nango_connection_patch. */
#define NANGO_END_USER_PARAMS_VERSION 1

typedef struct {
	unsigned int version;      /* NANGO_END_USER_PARAMS_VERSION */
	const char *id;            /* required */
	const char *email;
	const char *display_name;
	nango_tags tags;
} nango_end_user_params;

#define NANGO_END_USER_PARAMS_INIT \
	{NANGO_END_USER_PARAMS_VERSION, NULL, NULL, NULL, NULL}

/*
 * The body of POST /connections (§4.2). credentials_type picks the
 * credentials variant (OAUTH2, OAUTH2_CC, OAUTH1, API_KEY, BASIC, NONE,
 * TBA, APP); only the fields that variant knows are sent. credentials_json,
 * when set, is sent as is instead. *_json fields are JSON objects' text.
 */
#define NANGO_CREATE_PARAMS_VERSION 1

typedef struct {
	unsigned int version;              /* NANGO_CREATE_PARAMS_VERSION */
	const char *provider_config_key;   /* required */
	const char *connection_id;         /* NULL: Nango makes a UUID */
	const char *credentials_type;
	const char *access_token;          /* OAUTH2; OAUTH2_CC: token */
	const char *refresh_token;
	const char *expires_at;            /* ISO 8601 */
	const char *client_id;             /* OAUTH2_CC, or OAUTH2/TBA override */
	const char *client_secret;
	const char *oauth_token;           /* OAUTH1 */
	const char *oauth_token_secret;
	const char *api_key;               /* API_KEY */
	const char *username;              /* BASIC */
	const char *password;
	const char *token_id;              /* TBA */
	const char *token_secret;
	const char *app_id;                /* APP */
	const char *installation_id;
	const char *credentials_json;
	const char *metadata_json;
	const char *connection_config_json;
	const nango_end_user_params *end_user;
	nango_tags tags;
	const char *webhook_url_override;
} nango_create_params;

#define NANGO_CREATE_PARAMS_INIT                                             \
	{NANGO_CREATE_PARAMS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL,     \
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,    \
	 NULL, NULL, NULL, NULL, NULL, NULL}

/*
 * Creates (imports) a connection with POST /connections.
 * @return NANGO_OK (*out: the 201 connection, free with
 *         nango_connection_free), NANGO_EINTEGRATION (404 not_found),
 *         NANGO_EINVALID (the body's errors[] items are on the client),
 *         NANGO_EARG (no provider_config_key, no credentials, a *_json
 *         field that is not a JSON object, an end user without id), and
 *         the codes of nango_connection_list. Never retried on 5xx.
 */
int nango_connection_create(nango_connection **out, nango_client *client,
			    const nango_create_params *params);

/*
 * The body of the legacy POST /connection (§2.2): every field is optional
 * and only the set ones are sent; the integration's auth mode decides
 * which matter. *_json fields are JSON objects' text.
 */
#define NANGO_CREATE_LEGACY_PARAMS_VERSION 1

typedef struct {
	unsigned int version;       /* NANGO_CREATE_LEGACY_PARAMS_VERSION */
	const char *provider_config_key;  /* required */
	const char *connection_id;        /* NULL: Nango makes a UUID */
	const char *access_token;         /* OAUTH2, OAUTH2_CC */
	const char *refresh_token;
	const char *expires_at;           /* ISO 8601 */
	long long expires_in;             /* seconds; 0: not sent */
	int no_expiration;
	const char *oauth_token;          /* OAUTH1 */
	const char *oauth_token_secret;
	const char *username;             /* BASIC */
	const char *password;
	const char *api_key;              /* API_KEY */
	const char *app_id;               /* APP */
	const char *installation_id;
	const char *token_id;             /* TBA */
	const char *token_secret;
	const char *oauth_client_id_override;
	const char *oauth_client_secret_override;
	const char *metadata_json;
	const char *connection_config_json;
	const char *raw_json;
	const char *webhook_url_override;
} nango_create_legacy_params;

#define NANGO_CREATE_LEGACY_PARAMS_INIT                                      \
	{NANGO_CREATE_LEGACY_PARAMS_VERSION, NULL, NULL, NULL, NULL, NULL, 0, \
	 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
	 NULL, NULL, NULL, NULL}

/*
 * Creates (imports) a connection with the legacy POST /connection.
 * echo_out may be NULL; else it gets Nango's echo of the body, with the
 * connection_id (free with nango_json_free).
 * @return NANGO_OK, NANGO_EINTEGRATION, NANGO_EINVALID, NANGO_EARG (no
 *         provider_config_key, a *_json field that is not a JSON object),
 *         and the codes of nango_connection_list. Never retried on 5xx.
 */
int nango_connection_create_legacy(nango_json **echo_out,
				   nango_client *client,
				   const nango_create_legacy_params *params);

/*
 * What PATCH /connections/:id (§4.3) changes: the end user when set; every
 * tag when set_tags is 1 (an empty list clears them); webhook_url_override
 * is left alone when NULL and cleared by "".
 */
#define NANGO_PATCH_PARAMS_VERSION 1

typedef struct {
	unsigned int version;  /* NANGO_PATCH_PARAMS_VERSION */
	const nango_end_user_params *end_user;
	int set_tags;
	nango_tags tags;
	const char *webhook_url_override;
} nango_patch_params;

#define NANGO_PATCH_PARAMS_INIT \
	{NANGO_PATCH_PARAMS_VERSION, NULL, 0, NULL, NULL}

/*
 * Changes a connection with PATCH /connections/:id. params may be NULL
 * (an empty change).
 * @return NANGO_OK, NANGO_ENOTFOUND, NANGO_EINVALID, NANGO_EARG, and the
 *         codes of nango_connection_list. Never retried on 5xx.
 */
int nango_connection_patch(nango_client *client,
			   const char *provider_config_key,
			   const char *connection_id,
			   const nango_patch_params *params);

/* --- metadata ------------------------------------------------------------ */

/*
 * Metadata, through the body routes (POST/PATCH /connections/metadata):
 * set replaces, update merges shallowly, on every connection of
 * connection_ids[0..count). metadata_json is a JSON object's text.
 * @return NANGO_OK, NANGO_ENOTFOUND (one is missing: nothing changed),
 *         NANGO_EINVALID, NANGO_EARG (count 0, a NULL id, metadata not a
 *         JSON object), and the codes of nango_connection_list. Never
 *         retried on 5xx.
 */
int nango_metadata_set(nango_client *client, const char *provider_config_key,
		       const char *const *connection_ids, size_t count,
		       const char *metadata_json);
int nango_metadata_update(nango_client *client,
			  const char *provider_config_key,
			  const char *const *connection_ids, size_t count,
			  const char *metadata_json);

/*
 * The same through the per-id legacy routes (POST/PATCH
 * /connection/:id/metadata).
 * @return as nango_metadata_set.
 */
int nango_metadata_set_legacy(nango_client *client,
			      const char *provider_config_key,
			      const char *connection_id,
			      const char *metadata_json);
int nango_metadata_update_legacy(nango_client *client,
				 const char *provider_config_key,
				 const char *connection_id,
				 const char *metadata_json);

#ifdef __cplusplus
}
#endif

#endif
