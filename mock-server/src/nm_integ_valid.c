/* nm_integ_valid.c: checks of POST /integrations and its query (§8). */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_integ.h"

/* zod's two checks of privateKeySchema, both reported. */
static void nm_check_private_key(nm_issues *iss, const nj_value *v)
{
	static const char head[] = "-----BEGIN RSA PRIVATE KEY----";
	static const char tail[] = "-----END RSA PRIVATE KEY-----";
	if (!nm_check_string(iss, v, 0, NM_RX_NONE, 0, 0, "private_key", NULL))
		return;
	if (v->len < sizeof(head) - 1 || memcmp(v->str, head, sizeof(head) - 1))
		nm_issue(iss, "invalid_format", "Invalid string: must start with "
			 "\"-----BEGIN RSA PRIVATE KEY----\"", "private_key", NULL);
	if (v->len < sizeof(tail) - 1 ||
	    memcmp(v->str + v->len - (sizeof(tail) - 1), tail, sizeof(tail) - 1))
		nm_issue(iss, "invalid_format", "Invalid string: must end with "
			 "\"-----END RSA PRIVATE KEY-----\"", "private_key", NULL);
}

/* ^[0-9a-zA-Z:/_.*-]+(,[0-9a-zA-Z:/_.*-]+)*$ */
static int nm_scopes_ok(const char *s, size_t n)
{
	size_t i, run = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == ',') {
			if (!run)
				return 0;
			run = 0;
		} else if (strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
				  "KLMNOPQRSTUVWXYZ:/_.*-", s[i]) && s[i]) {
			run++;
		} else {
			return 0;
		}
	}
	return run > 0;
}

/* The OAUTH1/OAUTH2/TBA branch of the credentials union. */
static void nm_check_oauth_creds(nm_issues *iss, const nj_value *c)
{
	static const char *const keys[] = {"type", "client_id", "client_secret",
					   "scopes", "webhook_secret", NULL};
	const nj_value *scopes = nj_object_get(c, "scopes");
	nm_check_string(iss, nj_object_get(c, "client_id"), 0, NM_RX_NONE, 1,
			255, "client_id", NULL);
	nm_check_string(iss, nj_object_get(c, "client_secret"), 0, NM_RX_NONE,
			1, 0, "client_secret", NULL);
	if (scopes && (scopes->type != NJ_STRING ||
		       (scopes->len && !nm_scopes_ok(scopes->str, scopes->len))))
		nm_issue(iss, "invalid_union", "Invalid input", "scopes", NULL);
	nm_check_string(iss, nj_object_get(c, "webhook_secret"), 1, NM_RX_NONE,
			0, 255, "webhook_secret", NULL);
	nm_check_unknown_keys(iss, c, keys, NULL);
}

/* The APP and CUSTOM branches. */
static void nm_check_app_creds(nm_issues *iss, const nj_value *c, int custom)
{
	static const char *const app_keys[] = {"type", "app_id", "app_link",
					       "private_key", NULL};
	static const char *const custom_keys[] = {
		"type", "client_id", "client_secret", "app_id", "app_link",
		"private_key", NULL};
	if (custom) {
		nm_check_string(iss, nj_object_get(c, "client_id"), 0,
				NM_RX_NONE, 1, 255, "client_id", NULL);
		nm_check_string(iss, nj_object_get(c, "client_secret"), 0,
				NM_RX_NONE, 1, 0, "client_secret", NULL);
	}
	nm_check_string(iss, nj_object_get(c, "app_id"), 0, NM_RX_NONE, 1, 255,
			"app_id", NULL);
	nm_check_string(iss, nj_object_get(c, "app_link"), 0, NM_RX_NONE, 1, 0,
			"app_link", NULL);
	nm_check_private_key(iss, nj_object_get(c, "private_key"));
	nm_check_unknown_keys(iss, c, custom ? custom_keys : app_keys, NULL);
}

/* integrationCredentialsSchema: a discriminated union on type. */
static void nm_check_integ_credentials(nm_issues *iss, const nj_value *c)
{
	const char *type = nj_get_string(c, "type");
	const char *saved = iss->prefix;
	if (!c)
		return;
	if (c->type != NJ_OBJECT) {
		nm_issue(iss, "invalid_type", "invalid credentials object",
			 "credentials", NULL);
		return;
	}
	if (!type || (strcmp(type, "OAUTH1") && strcmp(type, "OAUTH2") &&
		      strcmp(type, "TBA") && strcmp(type, "APP") &&
		      strcmp(type, "CUSTOM"))) {
		nm_issue(iss, "invalid_union", "invalid credentials object",
			 "credentials", "type");
		return;
	}
	iss->prefix = "credentials";
	if (!strcmp(type, "APP") || !strcmp(type, "CUSTOM"))
		nm_check_app_creds(iss, c, !strcmp(type, "CUSTOM"));
	else
		nm_check_oauth_creds(iss, c);
	iss->prefix = saved;
}

/* z.record(z.string(), z.string().max(max)) at path field. */
static void nm_check_string_record(nm_issues *iss, const nj_value *v,
				   const char *field, size_t max)
{
	size_t i;
	if (!nm_check_record(iss, v, field, NULL) || !v)
		return;
	for (i = 0; i < v->len; i++) {
		const nj_member *m = v->members[i];
		if (m->key_len == 9 && !memcmp(m->key, "__proto__", 9))
			continue; /* zod's records skip it */
		nm_check_string(iss, m->value, 0, NM_RX_NONE, 0, max, field,
				m->key);
	}
}

int nm_integ_check_body(nm_issues *iss, const nj_value *body)
{
	static const char *const keys[] = {
		"provider", "unique_key", "display_name", "forward_webhooks",
		"credentials", "integration_config", "custom", NULL};
	const nj_value *fw;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return 0;
	}
	nm_check_string(iss, nj_object_get(body, "provider"), 0,
			NM_RX_PROVIDER, 0, 255, "provider", NULL);
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
	nm_check_unknown_keys(iss, body, keys, NULL);
	return !nm_issues_any(iss);
}

unsigned nm_integ_check_include(nm_issues *iss, const nj_value *v)
{
	unsigned flags = 0;
	size_t i, n;
	if (!v)
		return 0;
	n = v->type == NJ_ARRAY ? v->len : 1;
	for (i = 0; i < n; i++) {
		const nj_value *it = v->type == NJ_ARRAY ? v->items[i] : v;
		if (it->type == NJ_STRING && !strcmp(it->str, "webhook"))
			flags |= NM_INCLUDE_WEBHOOK;
		else if (it->type == NJ_STRING && !strcmp(it->str, "credentials"))
			flags |= NM_INCLUDE_CREDENTIALS;
		else {
			nm_issue(iss, "invalid_union", "Invalid input", "include",
				 NULL);
			return 0;
		}
	}
	return flags;
}

/* JS truthiness of a submitted config value: a non-empty string. */
static const char *nm_has_value(const nj_value *v)
{
	return v && v->type == NJ_STRING && v->len ? v->str : NULL;
}

/*
 * isIntegrationConfigFieldVisible: a field with visible_when {field,
 * equals} shows when its controller (itself visible) has that value. The
 * chain is followed at most once per field of the schema.
 */
static int nm_config_visible(const nj_value *schema, const char *field,
			     const nj_value *values)
{
	size_t hops;
	for (hops = 0; hops <= schema->len; hops++) {
		const nj_value *vw = nj_object_get(nj_object_get(schema, field),
						   "visible_when");
		const char *ctl = nj_get_string(vw, "field");
		const char *eq = nj_get_string(vw, "equals");
		const char *got;
		if (!vw || !ctl)
			return 1;
		got = nj_get_string(values, ctl);
		if (!eq || !got || strcmp(eq, got))
			return 0;
		if (!nj_object_get(schema, ctl))
			return 1;
		field = ctl;
	}
	return 1; /* a cycle: Nango's `seen` set stops there as visible */
}

/* 1 if value looks like a URL the WHATWG parser accepts; *http set when
 * its scheme is http or https. An approximation: scheme, then a host. */
static int nm_url_like(const char *v, int *http)
{
	size_t n = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789+.-");
	const char *host;
	*http = 0;
	if (!n || !((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') || v[n] != ':')
		return 0;
	*http = (n == 4 && !strncasecmp(v, "http", 4)) ||
		(n == 5 && !strncasecmp(v, "https", 5));
	if (!*http)
		return 1;
	host = v + n + 1 + strspn(v + n + 1, "/\\");
	return *host && strcspn(host, "/?#") > 0 && !strpbrk(host, " \t\n");
}

/* One field's value after defaults; its failure appended to errs. */
static const char *nm_config_field(nj_buf *errs, const nj_value *def,
				   const nj_value *given)
{
	const char *title = nj_get_string(def, "title");
	const char *v = nm_has_value(given);
	const nj_value *en = nj_object_get(def, "enum");
	const char *rx = nj_get_string(def, "pattern");
	const char *fmt = nj_get_string(def, "format");
	char why[64] = "";
	size_t i;
	int http;
	if (!v)
		v = nm_has_value(nj_object_get(def, "default_value"));
	if (!v) {
		if (!nj_truthy(nj_object_get(def, "optional")))
			snprintf(why, sizeof(why), " is required");
	} else if (en && en->type == NJ_ARRAY && en->len) {
		for (i = 0; i < en->len; i++)
			if (en->items[i]->type == NJ_STRING &&
			    !strcmp(en->items[i]->str, v))
				break;
		if (i == en->len) {
			nj_buf_puts(errs, errs->len ? ", " : "");
			nj_buf_puts(errs, title ? title : "");
			nj_buf_puts(errs, " must be one of: ");
			for (i = 0; i < en->len; i++) {
				nj_buf_puts(errs, i ? ", " : "");
				nj_buf_puts(errs, en->items[i]->type == NJ_STRING
						  ? en->items[i]->str : "");
			}
			return NULL;
		}
	}
	if (v && !why[0] && rx) {
		regex_t re;
		if (!regcomp(&re, rx, REG_EXTENDED | REG_NOSUB)) {
			if (regexec(&re, v, 0, NULL, 0))
				snprintf(why, sizeof(why), " has an invalid format");
			regfree(&re);
		} /* an invalid pattern is ignored, as Nango does */
	}
	if (v && !why[0] && fmt && !strcmp(fmt, "uri")) {
		if (!nm_url_like(v, &http))
			snprintf(why, sizeof(why), " must be a valid URL");
		else if (!http)
			snprintf(why, sizeof(why), " must be an http(s) URL");
	}
	if (why[0]) {
		nj_buf_puts(errs, errs->len ? ", " : "");
		nj_buf_puts(errs, title ? title : "");
		nj_buf_puts(errs, why);
		return NULL;
	}
	return v;
}

int nm_integ_resolve_config(nj_value **out, char **message_out,
			    const nm_provider *p, const nj_value *submitted)
{
	const nj_value *schema = p->integration_config;
	nj_buf errs = NJ_BUF_INIT;
	size_t i;
	*out = NULL;
	*message_out = NULL;
	if (!schema) {
		nj_buf_puts(&errs, "This provider does not accept integration "
			    "configuration");
		goto fail;
	}
	for (i = 0; i < submitted->len; i++)
		if (!nj_object_getn(schema, submitted->members[i]->key,
				    submitted->members[i]->key_len)) {
			nj_buf_puts(&errs, errs.len ? ", Unknown field " :
				    "Unknown field ");
			nj_buf_put(&errs, submitted->members[i]->key,
				   submitted->members[i]->key_len);
		}
	*out = nj_object();
	for (i = 0; *out && i < schema->len; i++) {
		const nj_member *m = schema->members[i];
		const char *v;
		if (!nm_config_visible(schema, m->key, submitted))
			continue;
		v = nm_config_field(&errs, m->value, nj_object_getn(
					    submitted, m->key, m->key_len));
		if (v && nj_object_set(*out, m->key, m->key_len, nj_cstring(v)))
			errs.oom = 1;
	}
	if (*out && !errs.len && !errs.oom)
		return 0;
fail:
	nj_free(*out);
	*out = NULL;
	if (!errs.oom)
		*message_out = nm_strndup(errs.ptr, errs.len);
	nj_buf_free(&errs);
	return -1;
}
