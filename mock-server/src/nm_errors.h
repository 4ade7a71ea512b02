/*
 * nm_errors: the catalogue of every error reply nango-mock gives, as data:
 * HTTP status, body family, Nango's `code` and the message (fixed text, a
 * template, or the caller's). No HTTP here: nm_reply.c sends them.
 *
 * A new error: one enum value here, one row in nm_errors.c, then
 * nm_reply_error(r, NM_E_...) where it is refused.
 */
#ifndef NM_ERRORS_H
#define NM_ERRORS_H

#include "nj.h"

/* The body's shape. */
typedef enum {
	NM_FAMILY_SIMPLE,  /* {"error":{"code":c,"message":m}} (no m: code
			    * only) */
	NM_FAMILY_NANGO,   /* NangoError: {"error":{"message":m,"code":c,
			    * "payload":p or {}}} */
	NM_FAMILY_ZOD,     /* {"error":{"code":c,"errors":[zod issues]}} */
	NM_FAMILY_GENERIC, /* 500 {"error":{"message":m,"code":c,
			    * "payload":id}} */
	NM_FAMILY_RATE,    /* 429 {"error":{"code":c,"method":..,"path":..}} */
	NM_FAMILY_ADMIN    /* the control API (not Nango's): {"error":{"code":c,
			    * "message":m,"field"?:f}} */
} nm_err_family;

/* How the message is made. */
typedef enum {
	NM_MSG_NONE,     /* no message */
	NM_MSG_FIXED,    /* the text as is */
	NM_MSG_TEMPLATE, /* the text, each %s replaced by the next argument */
	NM_MSG_PAYLOAD,  /* the text, then JSON.stringify(payload, null, 2) */
	NM_MSG_CALLER    /* the caller's text (V8's, a validator's, help) */
} nm_msg_kind;

typedef enum {
	NM_E_NONE = 0, /* no error (never sent) */
	/* the pipeline (§1) */
	NM_E_INVALID_JSON,
	NM_E_INVALID_CONTENT_TYPE,
	NM_E_MISSING_AUTH_HEADER,
	NM_E_MALFORMED_AUTH_HEADER,
	NM_E_INVALID_SECRET_KEY_FORMAT,
	NM_E_UNKNOWN_ACCOUNT,
	NM_E_TOO_MANY_REQUESTS,
	NM_E_GENERIC,
	/* zod's refusals, by what was refused */
	NM_E_INVALID_QUERY_PARAMS,
	NM_E_INVALID_URI_PARAMS,
	NM_E_INVALID_BODY,
	/* connections */
	NM_E_PROVIDER_NOT_FOUND,
	NM_E_CONNECTION_NOT_FOUND,
	NM_E_DELETE_UNKNOWN_CONNECTION,
	NM_E_METADATA_CONNECTION_NOT_FOUND,
	NM_E_METADATA_CONNECTIONS_NOT_FOUND,
	NM_E_LEGACY_UNKNOWN_CONNECTION,
	NM_E_AUTH_MODE_UNSUPPORTED,
	NM_E_TBA_ACCOUNT_ID_REQUIRED,
	NM_E_GITHUB_APP_UNSUPPORTED,
	/* legacy POST /connection (§2.2) */
	NM_E_MISSING_PROVIDER_CONFIG,
	NM_E_UNKNOWN_PROVIDER_CONFIG,
	NM_E_INVALID_EXPIRES_AT,
	NM_E_MISSING_EXPIRES_AT,
	NM_E_MISSING_ACCESS_TOKEN,
	NM_E_MISSING_OAUTH_TOKEN,
	NM_E_MISSING_OAUTH_TOKEN_SECRET,
	NM_E_MISSING_BASIC_USERNAME,
	NM_E_MISSING_API_KEY,
	NM_E_MISSING_ACCOUNT_ID,
	NM_E_MISSING_APP_ID,
	NM_E_MISSING_INSTALLATION_ID,
	NM_E_UNKNOWN_OAUTH_TYPE,
	/* integrations (§8) */
	NM_E_INTEGRATION_NOT_FOUND,
	NM_E_INTEGRATION_KEY_NOT_FOUND,
	NM_E_INCOMPATIBLE_CREDENTIALS,
	NM_E_MISSING_CREDENTIALS,
	NM_E_INVALID_INTEGRATION_CONFIG,
	NM_E_CUSTOM_WITH_INTEGRATION_CONFIG,
	/* the control API under /__admin/ */
	NM_E_ADMIN_INVALID_REQUEST,
	NM_E_ADMIN_INVALID_JSON,
	NM_E_ADMIN_INVALID_STATE,
	NM_E_ADMIN_MISSING_KEY,
	NM_E_ADMIN_UNKNOWN_KEY,
	NM_E_ADMIN_UNKNOWN_ROUTE,
	NM_E_ADMIN_WRONG_METHOD,
	NM_E_ADMIN_UNKNOWN_FAULT,
	NM_E_COUNT
} nm_err_id;

typedef struct {
	int status;
	nm_err_family family;
	const char *code;
	nm_msg_kind msg;
	const char *text; /* NULL for NM_MSG_NONE and NM_MSG_CALLER */
} nm_err_def;

/* The catalogue's row for id (NM_E_NONE < id < NM_E_COUNT). */
const nm_err_def *nm_err(nm_err_id id);

/* How many arguments the message of e takes: one per %s of a template,
 * one for the caller's text, else none. */
size_t nm_err_n_args(const nm_err_def *e);

/*
 * Appends the message of e to b: the fixed text, the template filled
 * with args (one per %s, in order), or args[0] for the caller's text.
 * Nothing for NM_MSG_NONE; the payload's part is the caller's.
 */
void nm_err_message(nj_buf *b, const nm_err_def *e, const char *const *args);

#endif
