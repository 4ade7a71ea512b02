/*
 * nango.h: libnango, a C client for Nango's connections API.
 *
 * The only public header. Every function returns an int error code
 * (NANGO_OK, or a negative nango_error) and takes its out-parameters
 * first. After a failed call, the handle holds the detail: the HTTP status,
 * Nango's error code and message, and the validation errors[] items. A
 * client is one libcurl handle reused across calls (keep-alive): use one
 * client per thread. Every _free function accepts NULL.
 */
#ifndef NANGO_H
#define NANGO_H

#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NANGO_VERSION_MAJOR 0
#define NANGO_VERSION_MINOR 1
#define NANGO_VERSION_PATCH 0
#define NANGO_VERSION_STRING "0.1.0"

/* Error codes. Frozen: values never change, new ones are only appended. */
typedef enum {
	NANGO_OK = 0,
	NANGO_ENOTFOUND = -1,      /* no such connection (404, unknown_connection) */
	NANGO_EINTEGRATION = -2,   /* unknown integration (provider config key) */
	NANGO_EINVALID = -3,       /* Nango refused the request (400, 415) */
	NANGO_EAUTH = -4,          /* 401 or 403: secret key missing or wrong */
	NANGO_ERATELIMIT = -5,     /* 429, after the retries allowed */
	NANGO_ESERVER = -6,        /* 5xx */
	NANGO_ETRANSPORT = -7,     /* no HTTP exchange: DNS, connect, timeout */
	NANGO_EPARSE = -8,         /* the response is not the JSON expected */
	NANGO_ENOMEM = -9,         /* out of memory */
	NANGO_EARG = -10,          /* bad argument (NULL key, invalid JSON text) */
	NANGO_EHTTP = -11          /* another HTTP error status */
} nango_error;

/* A static English description of an error code; never NULL. */
const char *nango_strerror(int error);

/*
 * Process-wide setup (libcurl's global init). Call once before creating
 * clients, from one thread. Returns NANGO_OK or NANGO_ETRANSPORT.
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

/*
 * Retries. A request is sent again, at most max_retries times, only when
 * it cannot repeat a write: on 429 for every method (Nango's rate limiter
 * answers before any route runs), and on 500, 502, 503 and 504 for GET
 * only. POST, PATCH and DELETE answered 5xx are never sent again, nor is
 * any request that failed in transport. The wait is Retry-After when the
 * response has one (delay seconds or an HTTP date), else the backoff;
 * either is capped by retry_max_ms.
 */

#define NANGO_OPTIONS_INIT \
	{NANGO_OPTIONS_VERSION, NULL, NULL, 30000, NULL, 0, 250, 30000}

/*
 * Creates a client. The options are copied. Returns NANGO_OK, NANGO_EARG
 * (no secret key, unknown options version) or NANGO_ENOMEM.
 */
int nango_client_new(nango_client **out, const nango_options *options);
void nango_client_free(nango_client *client);

/* --- error detail of the last call on a client ------------------------- */

/* One validation issue of a 400 body's errors[] array. */
typedef struct {
	const char *code;    /* e.g. "invalid_type" */
	const char *message; /* zod's message */
	const char *path;    /* the path as JSON text, e.g. ["credentials","type"] */
} nango_error_item;

/* HTTP status of the last response; 0 when there was none. */
int nango_last_status(const nango_client *client);
/* Nango's error.code, or "" when the last call succeeded or had none. */
const char *nango_last_error_code(const nango_client *client);
/* Nango's error.message, or a transport/parse description, or "". */
const char *nango_last_error_message(const nango_client *client);
/* The raw body of the last response ("" when none). */
const char *nango_last_body(const nango_client *client);
size_t nango_last_error_count(const nango_client *client);
/* Item i (< nango_last_error_count) or NULL; valid until the next call. */
const nango_error_item *nango_last_error_item(const nango_client *client,
					      size_t i);

/* --- JSON-valued fields ------------------------------------------------ */

/* A JSON value owned by a result (metadata, credentials, tags...). */
typedef struct nango_json nango_json;

/*
 * The value as compact JSON text (Nango's key order). Never NULL. The text
 * is made on first call and kept by json, so do not call this on the same
 * result from two threads at once.
 */
const char *nango_json_text(const nango_json *json);
/*
 * Reads member key of an object value. Return NANGO_OK, or NANGO_ENOTFOUND
 * when json is not an object, the key is absent or of another type. The
 * string belongs to json.
 */
int nango_json_string(const char **out, const nango_json *json,
		      const char *key);
int nango_json_number(double *out, const nango_json *json, const char *key);
int nango_json_bool(int *out, const nango_json *json, const char *key);

/* --- results ------------------------------------------------------------ */

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

typedef struct {
	nango_connection *items;
	size_t count;
} nango_connection_list;

void nango_connection_free(nango_connection *connection);
void nango_connection_list_free(nango_connection_list *list);

/* --- operations ----------------------------------------------------------- */

/* Key/value pairs for tags: {"k1", "v1", "k2", "v2", NULL}. */
typedef const char *const *nango_tags;

typedef struct {
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

/*
 * Lists connections, newest first. *out is the caller's, freed with
 * nango_connection_list_free. p may be NULL (no filter).
 */
int nango_list_connections(nango_connection_list **out, nango_client *client,
			   const nango_list_params *p);

typedef struct {
	int legacy_route;     /* 1: GET /connection/:id, else /connections/:id */
	int force_refresh;
	int refresh_token;    /* 1: keep refresh tokens in credentials */
	int refresh_github_app_jwt_token;
} nango_get_params;

/* Gets one connection with its credentials. p may be NULL. */
int nango_get_connection(nango_connection **out, nango_client *client,
			 const char *provider_config_key,
			 const char *connection_id, const nango_get_params *p);

/*
 * Deletes a connection (DELETE /connections/:id). NANGO_ENOTFOUND when it
 * does not exist (Nango answers 400 unknown_connection).
 */
int nango_delete_connection(nango_client *client,
			    const char *provider_config_key,
			    const char *connection_id);

/*
 * Legacy import, POST /connection (§2.2): every field is optional and only
 * the non-NULL ones are sent; the integration's auth mode decides which
 * matter. JSON-valued fields are JSON text.
 */
typedef struct {
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
} nango_create_params;

/*
 * POST /connection. On success *echo_out (optional) gets Nango's echo of
 * the body, with connection_id; free with nango_json_free.
 */
int nango_create_connection(nango_json **echo_out, nango_client *client,
			    const nango_create_params *p);
void nango_json_free(nango_json *json);

typedef struct {
	const char *id;            /* required */
	const char *email;
	const char *display_name;
	nango_tags tags;
} nango_end_user_params;

/*
 * Modern import, POST /connections (§4.2). credentials_type picks the
 * credentials variant (OAUTH2, OAUTH2_CC, OAUTH1, API_KEY, BASIC, NONE,
 * TBA, APP); only the fields that variant knows are sent. credentials_json,
 * when set, is sent as is instead.
 */
typedef struct {
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
} nango_import_params;

/* POST /connections; *out gets the 201 connection. */
int nango_import_connection(nango_connection **out, nango_client *client,
			    const nango_import_params *p);

/*
 * PATCH /connections/:id (§4.3). tags replaces every tag when set_tags is
 * 1 (an empty list clears them); webhook_url_override is left alone when
 * NULL and cleared by "".
 */
typedef struct {
	const nango_end_user_params *end_user;
	int set_tags;
	nango_tags tags;
	const char *webhook_url_override;
} nango_patch_params;

int nango_patch_connection(nango_client *client,
			   const char *provider_config_key,
			   const char *connection_id,
			   const nango_patch_params *p);

/*
 * Metadata, through the body routes (POST/PATCH /connections/metadata):
 * set replaces, update merges shallowly, on every connection listed; if
 * one is missing nothing changes and NANGO_ENOTFOUND is returned.
 * metadata_json is a JSON object's text.
 */
int nango_set_metadata(nango_client *client, const char *provider_config_key,
		       const char *const *connection_ids, size_t count,
		       const char *metadata_json);
int nango_update_metadata(nango_client *client,
			  const char *provider_config_key,
			  const char *const *connection_ids, size_t count,
			  const char *metadata_json);

/* The same through the per-id legacy routes (/connection/:id/metadata). */
int nango_set_metadata_legacy(nango_client *client,
			      const char *provider_config_key,
			      const char *connection_id,
			      const char *metadata_json);
int nango_update_metadata_legacy(nango_client *client,
				 const char *provider_config_key,
				 const char *connection_id,
				 const char *metadata_json);

#ifdef __cplusplus
}
#endif

#endif
