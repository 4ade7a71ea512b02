/*
 * nm_valid_integ.c: the body of POST /integrations as Nango 0.71.4's zod
 * schema checks it: provider, unique_key, display_name, forward_webhooks,
 * then the credentials union (discriminated on type, strict variants,
 * "invalid credentials object" for the union's own issues),
 * integration_config and custom records, unknown keys last.
 */
#include <string.h>

#include "nm_auth_modes.h"
#include "nm_handlers.h"

static const char *const nm_integ_keys[] = {
	"provider", "unique_key", "display_name", "forward_webhooks",
	"credentials", "integration_config", "custom", NULL};

static const char nm_rsa_head[] = "-----BEGIN RSA PRIVATE KEY----";
static const char nm_rsa_tail[] = "-----END RSA PRIVATE KEY-----";

/* scopes: "a,b" of [0-9a-zA-Z:/_.*-] tokens, or "" (a union of both). */
static void nm_check_scopes(nm_issues *iss, const nj_value *v)
{
	size_t i, run = 0;
	int ok = v->type == NJ_STRING;
	for (i = 0; ok && i < v->len; i++) {
		unsigned char c = (unsigned char)v->str[i];
		if (c == ',') {
			ok = run > 0;
			run = 0;
		} else {
			ok = (c < 0x80 && ((c >= '0' && c <= '9') ||
					   ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))) ||
			     strchr(":/_.*-", c);
			run++;
		}
	}
	if (ok && v->len && run == 0)
		ok = 0;
	if (!ok)
		nm_issue(iss, "invalid_union", "Invalid input", "scopes", NULL);
}

/* z.string().startsWith(...).endsWith(...) for an RSA private key. */
static void nm_check_private_key(nm_issues *iss, const nj_value *v)
{
	size_t h = sizeof(nm_rsa_head) - 1, t = sizeof(nm_rsa_tail) - 1;
	if (!nm_check_string(iss, v, 0, NM_RX_NONE, 0, 0, "private_key", NULL))
		return;
	if (v->len < h || memcmp(v->str, nm_rsa_head, h))
		nm_issue(iss, "invalid_format",
			 "Invalid string: must start with \"-----BEGIN RSA "
			 "PRIVATE KEY----\"", "private_key", NULL);
	if (v->len < t || memcmp(v->str + v->len - t, nm_rsa_tail, t))
		nm_issue(iss, "invalid_format",
			 "Invalid string: must end with \"-----END RSA PRIVATE "
			 "KEY-----\"", "private_key", NULL);
}

static const char *const nm_oauth_keys[] = {"type", "client_id",
					    "client_secret", "scopes",
					    "webhook_secret", NULL};
static const char *const nm_app_keys[] = {"type", "app_id", "app_link",
					  "private_key", NULL};
static const char *const nm_custom_keys[] = {"type", "client_id",
					     "client_secret", "app_id",
					     "app_link", "private_key", NULL};

/* One variant's fields in schema order, then its unknown keys. */
static void nm_check_variant(nm_issues *iss, const nj_value *c,
			     const char *type)
{
	nm_auth_mode mode = nm_auth_mode_of(type);
	int oauth = mode != NM_AUTH_APP && mode != NM_AUTH_CUSTOM;
	int custom = mode == NM_AUTH_CUSTOM;
	const nj_value *v;
	if (oauth || custom) {
		nm_check_string(iss, nj_object_get(c, "client_id"), 0,
				NM_RX_NONE, 1, 255, "client_id", NULL);
		nm_check_string(iss, nj_object_get(c, "client_secret"), 0,
				NM_RX_NONE, 1, 0, "client_secret", NULL);
	}
	if (oauth) {
		if ((v = nj_object_get(c, "scopes")) != NULL)
			nm_check_scopes(iss, v);
		nm_check_string(iss, nj_object_get(c, "webhook_secret"), 1,
				NM_RX_NONE, 0, 255, "webhook_secret", NULL);
		nm_check_unknown_keys(iss, c, nm_oauth_keys, NULL);
		return;
	}
	nm_check_string(iss, nj_object_get(c, "app_id"), 0, NM_RX_NONE, 1, 255,
			"app_id", NULL);
	nm_check_string(iss, nj_object_get(c, "app_link"), 0, NM_RX_NONE, 1, 0,
			"app_link", NULL);
	nm_check_private_key(iss, nj_object_get(c, "private_key"));
	nm_check_unknown_keys(iss, c, custom ? nm_custom_keys : nm_app_keys,
			      NULL);
}

static void nm_check_integ_credentials(nm_issues *iss, const nj_value *c)
{
	static const char msg[] = "invalid credentials object";
	const char *type = nj_get_string(c, "type");
	const char *saved = iss->prefix;
	if (!c)
		return;
	if (c->type != NJ_OBJECT) {
		nm_issue(iss, "invalid_type", msg, "credentials", NULL);
		return;
	}
	if (!nm_auth_has(type, NM_AUTH_INTEGRATION_CREDENTIALS)) {
		nm_issue(iss, "invalid_union", msg, "credentials", "type");
		return;
	}
	iss->prefix = "credentials";
	nm_check_variant(iss, c, type);
	iss->prefix = saved;
}

/* z.record(z.string(), z.string().max(max)) at field (max 0: none). */
static void nm_check_string_record(nm_issues *iss, const nj_value *v,
				   const char *field, size_t max)
{
	size_t i;
	if (!nm_check_record(iss, v, field, NULL) || !v)
		return;
	for (i = 0; i < v->len; i++) {
		const nj_member *m = v->members[i];
		if (nm_is_proto_key(m))
			continue;
		nm_check_string(iss, m->value, 0, NM_RX_NONE, 0, max, field,
				m->key);
	}
}

int nm_check_integration_body(nm_issues *iss, const nj_value *body)
{
	const nj_value *fw;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return 0;
	}
	nm_check_string(iss, nj_object_get(body, "provider"), 0, NM_RX_PROVIDER,
			0, 255, "provider", NULL);
	nm_check_string(iss, nj_object_get(body, "unique_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "unique_key", NULL);
	nm_check_string(iss, nj_object_get(body, "display_name"), 1,
			NM_RX_NONE, 1, 255, "display_name", NULL);
	fw = nj_object_get(body, "forward_webhooks");
	if (fw && fw->type != NJ_TRUE && fw->type != NJ_FALSE)
		nm_issue_type(iss, "boolean", fw, "forward_webhooks", NULL);
	nm_check_integ_credentials(iss, nj_object_get(body, "credentials"));
	nm_check_string_record(iss, nj_object_get(body, "integration_config"),
			       "integration_config", 8192);
	nm_check_string_record(iss, nj_object_get(body, "custom"), "custom", 0);
	nm_check_unknown_keys(iss, body, nm_integ_keys, NULL);
	return !nm_issues_any(iss);
}
