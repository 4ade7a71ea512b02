/*
 * nm_integ_config.c: the include query of GET /integrations/:uniqueKey and
 * integration_config resolution (the POST body schema: nm_valid_integ.c).
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_integ.h"

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
