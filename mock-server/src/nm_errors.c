/*
 * nm_errors.c: the error catalogue. Status, code and text are Nango
 * 0.71.4's, byte for byte (fixtures/cases hold each reply); rows marked
 * "mock" are nango-mock's own (what it cannot do, its control API).
 */
#include "nm_errors.h"

#include <string.h>

#define AUTH_FAILED "Authentication failed. "
#define UNHANDLED(t) "An unhandled error of type '" t "' with payload '{}' " \
		     "has occurred"
#define TBA_ACCOUNT_ID "Missing accountId in connection_config. This is " \
		       "required to create a TBA connection."

static const nm_err_def nm_errors[NM_E_COUNT] = {
	[NM_E_INVALID_JSON] = {400, NM_FAMILY_SIMPLE, "invalid_json",
		NM_MSG_CALLER, NULL},
	[NM_E_INVALID_CONTENT_TYPE] = {415, NM_FAMILY_SIMPLE,
		"invalid_content_type", NM_MSG_FIXED,
		"Content-Type header must be application/json"},
	[NM_E_MISSING_AUTH_HEADER] = {401, NM_FAMILY_NANGO,
		"missing_auth_header", NM_MSG_FIXED,
		AUTH_FAILED "The request is missing the Authorization header."},
	[NM_E_MALFORMED_AUTH_HEADER] = {401, NM_FAMILY_NANGO,
		"malformed_auth_header", NM_MSG_FIXED,
		AUTH_FAILED "The Authorization header is malformed."},
	[NM_E_INVALID_SECRET_KEY_FORMAT] = {401, NM_FAMILY_NANGO,
		"invalid_secret_key_format", NM_MSG_FIXED,
		AUTH_FAILED "The provided secret key is not a UUID v4."},
	[NM_E_UNKNOWN_ACCOUNT] = {401, NM_FAMILY_NANGO, "unknown_account",
		NM_MSG_FIXED, AUTH_FAILED "The provided authorization header "
		"does not match any account."},
	[NM_E_TOO_MANY_REQUESTS] = {429, NM_FAMILY_RATE, "too_many_request",
		NM_MSG_NONE, NULL},
	[NM_E_GENERIC] = {500, NM_FAMILY_GENERIC, "generic_error_support",
		NM_MSG_TEMPLATE, "An error occurred. Please contact support "
		"with this unique id: \"%s\""},

	[NM_E_INVALID_QUERY_PARAMS] = {400, NM_FAMILY_ZOD,
		"invalid_query_params", NM_MSG_NONE, NULL},
	[NM_E_INVALID_URI_PARAMS] = {400, NM_FAMILY_ZOD, "invalid_uri_params",
		NM_MSG_NONE, NULL},
	[NM_E_INVALID_BODY] = {400, NM_FAMILY_ZOD, "invalid_body",
		NM_MSG_NONE, NULL},

	[NM_E_PROVIDER_NOT_FOUND] = {400, NM_FAMILY_SIMPLE,
		"unknown_provider_config", NM_MSG_FIXED,
		"Provider does not exists"},
	[NM_E_CONNECTION_NOT_FOUND] = {404, NM_FAMILY_SIMPLE, "not_found",
		NM_MSG_FIXED, "Failed to find connection"},
	[NM_E_DELETE_UNKNOWN_CONNECTION] = {400, NM_FAMILY_SIMPLE,
		"unknown_connection", NM_MSG_NONE, NULL},
	[NM_E_METADATA_CONNECTION_NOT_FOUND] = {404, NM_FAMILY_SIMPLE,
		"unknown_connection", NM_MSG_TEMPLATE,
		"Connection with connection id %s and provider config key %s "
		"not found. Please make sure the connection exists in the "
		"Nango dashboard"},
	[NM_E_METADATA_CONNECTIONS_NOT_FOUND] = {404, NM_FAMILY_SIMPLE,
		"unknown_connection", NM_MSG_TEMPLATE,
		"Connection with connection id %s and provider config key %s "
		"not found. Please make sure the connection exists in the "
		"Nango dashboard. No actions were taken on any of the "
		"connections as a result of this failure."},
	[NM_E_LEGACY_UNKNOWN_CONNECTION] = {404, NM_FAMILY_NANGO,
		"unknown_connection", NM_MSG_PAYLOAD,
		"No connection matching the provided params of "
		"'connection_id' and 'provider_config_key'. Please make sure "
		"these values exist in the Nango dashboard "},
	[NM_E_AUTH_MODE_UNSUPPORTED] = {400, NM_FAMILY_SIMPLE, "invalid_body",
		NM_MSG_TEMPLATE, "Provider %s does not support %s auth"},
	[NM_E_TBA_ACCOUNT_ID_REQUIRED] = {400, NM_FAMILY_SIMPLE,
		"invalid_body", NM_MSG_FIXED, TBA_ACCOUNT_ID},
	/* mock: Nango would ask GitHub for an installation token */
	[NM_E_GITHUB_APP_UNSUPPORTED] = {500, NM_FAMILY_SIMPLE, "server_error",
		NM_MSG_FIXED, "nango-mock cannot create GitHub App "
		"credentials: import this connection on a live Nango"},

	[NM_E_MISSING_PROVIDER_CONFIG] = {400, NM_FAMILY_NANGO,
		"missing_provider_config", NM_MSG_FIXED,
		"Missing param 'provider_config_key'."},
	[NM_E_UNKNOWN_PROVIDER_CONFIG] = {400, NM_FAMILY_NANGO,
		"unknown_provider_config", NM_MSG_PAYLOAD,
		"There is no Provider Configuration matching this key. Please "
		"make sure this value exists in the Nango dashboard "},
	[NM_E_INVALID_EXPIRES_AT] = {400, NM_FAMILY_NANGO, "invalid_expires_at",
		NM_MSG_FIXED, "The provided 'expires_at' parameter is invalid. "
		"It should be a valid date"},
	[NM_E_MISSING_EXPIRES_AT] = {400, NM_FAMILY_NANGO, "missing_expires_at",
		NM_MSG_FIXED, "Importing an OAuth2 token requires the "
		"'expires_at' parameter. If the token doesn't expire pass in "
		"the 'no_expiration' parameter"},
	[NM_E_MISSING_ACCESS_TOKEN] = {400, NM_FAMILY_NANGO,
		"missing_access_token", NM_MSG_FIXED,
		"Missing param 'access_token'."},
	[NM_E_MISSING_OAUTH_TOKEN] = {500, NM_FAMILY_NANGO,
		"unhandled_missing_oauth_token", NM_MSG_FIXED,
		UNHANDLED("missing_oauth_token")},
	[NM_E_MISSING_OAUTH_TOKEN_SECRET] = {500, NM_FAMILY_NANGO,
		"unhandled_missing_oauth_token_secret", NM_MSG_FIXED,
		UNHANDLED("missing_oauth_token_secret")},
	[NM_E_MISSING_BASIC_USERNAME] = {400, NM_FAMILY_NANGO,
		"missing_basic_username", NM_MSG_FIXED,
		"Missing param username for basic api authentication."},
	[NM_E_MISSING_API_KEY] = {400, NM_FAMILY_NANGO, "missing_api_key",
		NM_MSG_FIXED, "Missing param 'api_key'."},
	[NM_E_MISSING_ACCOUNT_ID] = {400, NM_FAMILY_SIMPLE,
		"missing_account_id", NM_MSG_FIXED, TBA_ACCOUNT_ID},
	[NM_E_MISSING_APP_ID] = {400, NM_FAMILY_NANGO, "missing_app_id",
		NM_MSG_FIXED, "Missing param 'app_id'."},
	[NM_E_MISSING_INSTALLATION_ID] = {400, NM_FAMILY_NANGO,
		"missing_installation_id", NM_MSG_FIXED,
		"Missing param 'installation_id'."},
	[NM_E_UNKNOWN_OAUTH_TYPE] = {500, NM_FAMILY_NANGO,
		"unhandled_unknown_oauth_type", NM_MSG_FIXED,
		UNHANDLED("unknown_oauth_type")},

	[NM_E_INTEGRATION_NOT_FOUND] = {404, NM_FAMILY_SIMPLE, "not_found",
		NM_MSG_FIXED, "Integration does not exist"},
	[NM_E_INTEGRATION_KEY_NOT_FOUND] = {404, NM_FAMILY_SIMPLE, "not_found",
		NM_MSG_TEMPLATE, "Integration \"%s\" does not exist"},
	[NM_E_INCOMPATIBLE_CREDENTIALS] = {400, NM_FAMILY_SIMPLE,
		"invalid_body", NM_MSG_FIXED,
		"incompatible credentials auth type and provider auth"},
	[NM_E_MISSING_CREDENTIALS] = {400, NM_FAMILY_SIMPLE, "invalid_body",
		NM_MSG_FIXED, "Missing credentials"},
	[NM_E_INVALID_INTEGRATION_CONFIG] = {400, NM_FAMILY_SIMPLE,
		"invalid_body", NM_MSG_CALLER, NULL},
	/* mock: Nango merges both; the mock keeps one home for the values */
	[NM_E_CUSTOM_WITH_INTEGRATION_CONFIG] = {400, NM_FAMILY_SIMPLE,
		"invalid_body", NM_MSG_FIXED, "This provider uses "
		"integration_config; set its values there instead of custom"},

	/* mock: the control API */
	[NM_E_ADMIN_INVALID_REQUEST] = {400, NM_FAMILY_ADMIN,
		"invalid_request", NM_MSG_CALLER, NULL},
	[NM_E_ADMIN_INVALID_JSON] = {400, NM_FAMILY_ADMIN, "invalid_json",
		NM_MSG_CALLER, NULL},
	[NM_E_ADMIN_INVALID_STATE] = {400, NM_FAMILY_ADMIN, "invalid_state",
		NM_MSG_CALLER, NULL},
	[NM_E_ADMIN_MISSING_KEY] = {401, NM_FAMILY_ADMIN,
		"missing_auth_header", NM_MSG_FIXED,
		"send Authorization: Bearer <secret key>"},
	[NM_E_ADMIN_UNKNOWN_KEY] = {401, NM_FAMILY_ADMIN, "unknown_key",
		NM_MSG_FIXED,
		"the Authorization header holds no secret key of this mock"},
	[NM_E_ADMIN_UNKNOWN_ROUTE] = {404, NM_FAMILY_ADMIN, "unknown_route",
		NM_MSG_CALLER, NULL},
	[NM_E_ADMIN_WRONG_METHOD] = {405, NM_FAMILY_ADMIN, "unknown_route",
		NM_MSG_CALLER, NULL},
	[NM_E_ADMIN_UNKNOWN_FAULT] = {404, NM_FAMILY_ADMIN, "unknown_fault",
		NM_MSG_CALLER, NULL},
};

const nm_err_def *nm_err(nm_err_id id)
{
	return &nm_errors[id > NM_E_NONE && id < NM_E_COUNT ? id
							     : NM_E_GENERIC];
}

size_t nm_err_n_args(const nm_err_def *e)
{
	const char *p;
	size_t n = 0;
	if (e->msg == NM_MSG_CALLER)
		return 1;
	if (e->msg != NM_MSG_TEMPLATE)
		return 0;
	for (p = e->text; (p = strstr(p, "%s")); p += 2)
		n++;
	return n;
}

void nm_err_message(nj_buf *b, const nm_err_def *e, const char *const *args)
{
	const char *t = e->text, *p;
	switch (e->msg) {
	case NM_MSG_NONE:
		return;
	case NM_MSG_CALLER:
		nj_buf_puts(b, args[0]);
		return;
	case NM_MSG_TEMPLATE:
		for (; (p = strstr(t, "%s")); t = p + 2) {
			nj_buf_put(b, t, (size_t)(p - t));
			nj_buf_puts(b, *args++);
		}
		break;
	case NM_MSG_FIXED:
	case NM_MSG_PAYLOAD:
		break;
	}
	nj_buf_puts(b, t);
}
