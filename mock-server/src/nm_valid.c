/* nm_valid.c: zod-compatible checks and messages. */
#include "nm_valid.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int nm_issues_init(nm_issues *iss)
{
	iss->items = nj_array();
	return iss->items ? 0 : -1;
}

void nm_issues_free(nm_issues *iss)
{
	nj_free(iss->items);
	iss->items = NULL;
}

int nm_issues_any(const nm_issues *iss)
{
	return iss->thrown || (iss->items && iss->items->len > 0);
}

int nm_record_plain(const nj_value *obj)
{
	const nj_value *ctor = nj_object_get(obj, "constructor"), *proto;
	if (!ctor)
		return 1; /* Object, inherited */
	if (ctor->type == NJ_NULL)
		return -1; /* null.prototype throws */
	proto = nj_object_get(ctor, "prototype");
	if (!proto || (proto->type != NJ_OBJECT && proto->type != NJ_ARRAY))
		return 0;
	return nj_object_get(proto, "isPrototypeOf") != NULL;
}

int nm_is_proto_key(const nj_member *m)
{
	return m->key_len == 9 && !memcmp(m->key, "__proto__", 9);
}

nj_value *nm_record_copy(const nj_value *obj)
{
	nj_value *out = nj_copy(obj);
	if (out && out->type == NJ_OBJECT)
		nj_object_remove(out, "__proto__", 9);
	return out;
}

int nm_check_record(nm_issues *iss, const nj_value *v, const char *p0,
		    const char *p1)
{
	int plain;
	if (!v)
		return 1;
	plain = v->type == NJ_OBJECT ? nm_record_plain(v) : 0;
	if (plain < 0)
		iss->thrown = 1;
	if (plain <= 0)
		nm_issue_type(iss, "record", v, p0, p1);
	return plain > 0;
}

void nm_issue(nm_issues *iss, const char *code, const char *message,
	      const char *p0, const char *p1)
{
	nj_value *item = nj_object(), *path = nj_array();
	if (!item || !path) {
		nj_free(item);
		nj_free(path);
		return;
	}
	if (iss->prefix)
		nj_array_push(path, nj_cstring(iss->prefix));
	if (p0)
		nj_array_push(path, nj_cstring(p0));
	if (p0 && p1)
		nj_array_push(path, nj_cstring(p1));
	nj_object_cset(item, "code", nj_cstring(code));
	nj_object_cset(item, "message", nj_cstring(message));
	nj_object_cset(item, "path", path);
	nj_array_push(iss->items, item);
}

void nm_issue_type(nm_issues *iss, const char *expected, const nj_value *v,
		   const char *p0, const char *p1)
{
	char msg[96];
	snprintf(msg, sizeof(msg), "Invalid input: expected %s, received %s",
		 expected, nm_received(v));
	nm_issue(iss, "invalid_type", msg, p0, p1);
}

const char *nm_received(const nj_value *v)
{
	if (!v)
		return "undefined";
	switch (v->type) {
	case NJ_NULL: return "null";
	case NJ_TRUE:
	case NJ_FALSE: return "boolean";
	case NJ_NUMBER: return isnan(v->num) ? "NaN" : "number";
	case NJ_STRING: return "string";
	case NJ_ARRAY: return "array";
	default: return "object";
	}
}

static int nm_in_set(unsigned char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

int nm_regex_match(nm_regex rx, const char *s, size_t n)
{
	size_t i;
	if (rx == NM_RX_NONE)
		return 1;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int ok = isalnum(c) && c < 0x80;
		switch (rx) {
		case NM_RX_PROVIDER_CONFIG_KEY:
			ok = ok || nm_in_set(c, "~:.@ _-");
			break;
		case NM_RX_CONNECTION_ID:
			ok = ok || nm_in_set(c, ",.;:=+~[]|@${}\"'\\/_ -");
			break;
		case NM_RX_TAG_KEY:
			ok = i == 0 ? (isalpha(c) && c < 0x80)
				    : ok || nm_in_set(c, "_-./");
			break;
		default:
			ok = ok || nm_in_set(c, "_-");
			break;
		}
		if (!ok)
			return 0;
	}
	return 1;
}

const char *nm_regex_message(nm_regex rx)
{
	switch (rx) {
	case NM_RX_PROVIDER_CONFIG_KEY:
		return "Invalid string: must match pattern /^[a-zA-Z0-9~:.@ _-]+$/";
	case NM_RX_CONNECTION_ID:
		return "Invalid string: must match pattern "
		       "/^[a-zA-Z0-9,.;:=+~[\\]|@${}\"'\\\\/_ -]+$/";
	case NM_RX_TAG_KEY:
		return "Invalid string: must match pattern "
		       "/^[a-zA-Z][a-zA-Z0-9_\\-./]*$/";
	default:
		return "Invalid string: must match pattern /^[a-zA-Z0-9_-]+$/";
	}
}

size_t nm_js_length(const char *s, size_t n)
{
	size_t i, units = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		units += c >= 0xF0 ? 2 : 1;
	}
	return units;
}

static double nm_js_number(const char *s);

static void nm_length_max(nm_issues *iss, int arr, double len, size_t max,
			  const char *p0, const char *p1)
{
	char msg[96];
	if (!max || len <= (double)max)
		return;
	snprintf(msg, sizeof(msg), arr ? "Too big: expected array to have "
		 "<=%zu items" : "Too big: expected unknown to be <=%zu", max);
	nm_issue(iss, "too_big", iss->max_message ? iss->max_message : msg, p0,
		 p1);
}

/*
 * zod 4 runs a length check whenever the input has a length, even after
 * the type check failed: an array (or an object with a numeric "length")
 * given where a string with .min/.max was expected gets those issues too.
 */
static void nm_check_length_anyway(nm_issues *iss, const nj_value *v,
				   size_t min, size_t max, const char *p0,
				   const char *p1)
{
	const nj_value *lv = v && v->type == NJ_OBJECT
				     ? nj_object_get(v, "length") : NULL;
	int arr = v && v->type == NJ_ARRAY;
	double len;
	char msg[96];
	if (!arr && !lv)
		return;
	if (arr)
		len = (double)v->len;
	else if (lv->type == NJ_NUMBER)
		len = lv->num;
	else if (lv->type == NJ_STRING) /* JavaScript compares "0" >= 1 */
		len = nm_js_number(lv->str);
	else
		len = NAN; /* no comparison holds: both checks fail */
	if (iss->max_first)
		nm_length_max(iss, arr, len, max, p0, p1);
	if (min && !(len >= (double)min)) {
		snprintf(msg, sizeof(msg), arr ? "Too small: expected array to "
			 "have >=%zu items" : "Too small: expected unknown to "
			 "be >=%zu", min);
		nm_issue(iss, "too_small", msg, p0, p1);
	}
	if (!iss->max_first)
		nm_length_max(iss, arr, len, max, p0, p1);
}

int nm_check_string(nm_issues *iss, const nj_value *v, int optional,
		    nm_regex rx, size_t min, size_t max, const char *p0,
		    const char *p1)
{
	char msg[96];
	size_t len;
	int ok = 1;
	if (!v && optional)
		return 1;
	if (!v || v->type != NJ_STRING) {
		nm_issue_type(iss, "string", v, p0, p1);
		nm_check_length_anyway(iss, v, min, max, p0, p1);
		return 0;
	}
	if (rx && !nm_regex_match(rx, v->str, v->len)) {
		nm_issue(iss, "invalid_format", nm_regex_message(rx), p0, p1);
		ok = 0;
	}
	len = nm_js_length(v->str, v->len);
	if (min && len < min) {
		snprintf(msg, sizeof(msg),
			 "Too small: expected string to have >=%zu characters",
			 min);
		nm_issue(iss, "too_small", msg, p0, p1);
		ok = 0;
	}
	if (max && len > max) {
		snprintf(msg, sizeof(msg),
			 "Too big: expected string to have <=%zu characters",
			 max);
		nm_issue(iss, "too_big", iss->max_message ? iss->max_message : msg,
			 p0, p1);
		ok = 0;
	}
	return ok;
}

int nm_check_stringbool(nm_issues *iss, const nj_value *v, const char *p0)
{
	static const char *const truthy[] = {"true", "1", "yes", "on", "y",
					     "enabled"};
	static const char *const falsy[] = {"false", "0", "no", "off", "n",
					    "disabled"};
	size_t i;
	if (!v)
		return 0;
	if (v->type != NJ_STRING) {
		nm_issue_type(iss, "string", v, p0, NULL);
		return -1;
	}
	for (i = 0; i < 6; i++) {
		if (!strcasecmp(v->str, truthy[i]))
			return 1;
		if (!strcasecmp(v->str, falsy[i]))
			return 0;
	}
	nm_issue(iss, "invalid_value",
		 "Invalid option: expected one of \"true\"|\"1\"|\"yes\"|\"on\"|"
		 "\"y\"|\"enabled\"|\"false\"|\"0\"|\"no\"|\"off\"|\"n\"|"
		 "\"disabled\"",
		 p0, NULL);
	return -1;
}

/* JavaScript's Number(string). */
static double nm_js_number(const char *s)
{
	const char *p = s, *end;
	char *stop;
	double d;
	size_t n;
	while (isspace((unsigned char)*p))
		p++;
	n = strlen(p);
	while (n > 0 && isspace((unsigned char)p[n - 1]))
		n--;
	end = p + n;
	if (n == 0)
		return 0;
	if (n > 2 && p[0] == '0' && strchr("xXoObB", p[1])) {
		int base = (p[1] | 0x20) == 'x' ? 16 : (p[1] | 0x20) == 'o' ? 8 : 2;
		d = (double)strtoull(p + 2, &stop, base);
		return stop == end ? d : NAN;
	}
	if ((n == 8 && !strncmp(p, "Infinity", 8)) ||
	    (n == 9 && !strncmp(p, "+Infinity", 9)))
		return INFINITY;
	if (n == 9 && !strncmp(p, "-Infinity", 9))
		return -INFINITY;
	if (strpbrk(p, "xXnNiI"))   /* strtod's hex, nan, inf spellings */
		return NAN;
	d = strtod(p, &stop);
	return stop == end ? d : NAN;
}

int nm_check_coerced_number(nm_issues *iss, const nj_value *v, double min,
			    double max, int has_max, double *out,
			    const char *p0)
{
	char msg[96];
	double d;
	if (!v)
		return 1;
	if (v->type == NJ_STRING)
		d = nm_js_number(v->str);
	else if (v->type == NJ_ARRAY && v->len == 0)
		d = 0;
	else if (v->type == NJ_ARRAY && v->len == 1 &&
		 v->items[0]->type == NJ_STRING)
		d = nm_js_number(v->items[0]->str);
	else
		d = NAN;
	*out = d;
	if (isnan(d) || isinf(d)) {
		nm_issue(iss, "invalid_type",
			 isnan(d) ? "Invalid input: expected number, received NaN"
				  : "Invalid input: expected number, received number",
			 p0, NULL);
		return 0;
	}
	if (d < min) {
		snprintf(msg, sizeof(msg), "Too small: expected number to be >=%g",
			 min);
		nm_issue(iss, "too_small", msg, p0, NULL);
		return 0;
	}
	if (has_max && d > max) {
		snprintf(msg, sizeof(msg), "Too big: expected number to be <=%g",
			 max);
		nm_issue(iss, "too_big", msg, p0, NULL);
		return 0;
	}
	return 1;
}

void nm_check_unknown_keys(nm_issues *iss, const nj_value *obj,
			   const char *const *known, const char *p0)
{
	nj_buf msg = NJ_BUF_INIT;
	size_t i, count = 0;
	if (!obj || obj->type != NJ_OBJECT)
		return;
	for (i = 0; i < obj->len; i++) {
		const nj_member *m = obj->members[i];
		const char *const *k;
		for (k = known; *k; k++)
			if (strlen(*k) == m->key_len && !strcmp(*k, m->key))
				break;
		if (*k)
			continue;
		/* zod quotes each key with JSON.stringify */
		nj_buf_puts(&msg, count ? ", " : "");
		nj_buf_string(&msg, m->key, m->key_len);
		count++;
	}
	if (count) {
		nj_buf text = NJ_BUF_INIT;
		nj_buf_puts(&text, count == 1 ? "Unrecognized key: "
					      : "Unrecognized keys: ");
		nj_buf_put(&text, msg.ptr, msg.len);
		if (!text.oom)
			nm_issue(iss, "unrecognized_keys", text.ptr, p0, NULL);
		nj_buf_free(&text);
	}
	nj_buf_free(&msg);
}

void nm_render_issues(nj_buf *out, const char *code, const nm_issues *iss)
{
	nj_buf_puts(out, "{\"error\":{\"code\":");
	nj_buf_string(out, code, strlen(code));
	nj_buf_puts(out, ",\"errors\":");
	nj_buf_value(out, iss->items);
	nj_buf_puts(out, "}}");
}
