/*
 * nm_valid_conn.c: the schemas of the connection bodies that go beyond one
 * string: tags records, end users, credentials (the discriminated union of
 * POST /connections), coerced dates and e-mail addresses, with zod 4.0.5's
 * issue order and messages (spec §1.14, §2.1, §4.2); and the tags a
 * connection gets from its end user and the given tags.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

static int nm_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* zod 4's default email regex, without a regex engine. */
int nm_email_valid(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n), *label, *end = s + n, *p;
	size_t labels = 0;
	if (!at || at == s || s[0] == '.' || memchr(at + 1, '@', (size_t)(end - at - 1)))
		return 0;
	for (p = s; p + 1 < end; p++)
		if (p[0] == '.' && p[1] == '.')
			return 0;
	for (p = s; p < at; p++)
		if (!nm_alnum((unsigned char)*p) && (!*p || !strchr("_'+-.", *p)))
			return 0;
	if (at[-1] == '\'' || at[-1] == '.')
		return 0;
	/* ([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,} */
	for (label = at + 1;; labels++) {
		const char *dot = memchr(label, '.', (size_t)(end - label));
		if (!dot)
			break;
		if (dot == label || !nm_alnum((unsigned char)*label))
			return 0;
		for (p = label; p < dot; p++)
			if (!nm_alnum((unsigned char)*p) && *p != '-')
				return 0;
		label = dot + 1;
	}
	if (labels == 0 || end - label < 2)
		return 0;
	for (p = label; p < end; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return 1;
}

/* validateCaseInsensitiveTagKeys: the record-level custom issues. */
static void nm_tags_custom(nm_issues *iss, const nj_value *tags,
			   const char *field)
{
	char msg[160];
	size_t i, j;
	if (tags->len > 10) {
		nm_issue(iss, "custom", "Tags cannot contain more than 10 keys",
			 field, NULL);
		return;
	}
	for (i = 0; i < tags->len; i++) {
		const nj_member *m = tags->members[i];
		char *k = nm_strdup_lower(m->key, m->key_len);
		int seen = 0;
		if (!k)
			return;
		for (j = 0; j < i && !seen; j++) {
			char *o = nm_strdup_lower(tags->members[j]->key,
						  tags->members[j]->key_len);
			seen = o && !strcmp(o, k);
			free(o);
		}
		if (seen) {
			snprintf(msg, sizeof(msg),
				 "Duplicate tag key after case normalization: "
				 "\"%s\"", k);
			nm_issue(iss, "custom", msg, field, NULL);
		}
		if (!strcmp(k, "end_user_email") && m->value->type == NJ_STRING &&
		    (!nm_email_valid(m->value->str, m->value->len) ||
		     nm_js_length(m->value->str, m->value->len) < 5))
			nm_issue(iss, "custom",
				 "Tag \"end_user_email\" must be a valid email",
				 field, NULL);
		free(k);
	}
}

/* A copy of tags with lower-cased keys (the later of two equal keys wins). */
nj_value *nm_tags_lower(const nj_value *tags)
{
	nj_value *lower = nj_object();
	size_t i;
	for (i = 0; lower && tags && i < tags->len; i++) {
		const nj_member *m = tags->members[i];
		char *k = nm_strdup_lower(m->key, m->key_len);
		if (!k || nj_object_set(lower, k, m->key_len, nj_copy(m->value))) {
			free(k);
			nj_free(lower);
			return NULL;
		}
		free(k);
	}
	return lower;
}

int nm_check_tags(nm_issues *iss, const nj_value *tags, const char *field,
		  int end_user, nj_value **out)
{
	size_t i, before = iss->items->len;
	int aborted = 0;
	nj_value *kept;
	*out = NULL;
	if (!tags)
		return 1;
	if (!nm_check_record(iss, tags, field, NULL))
		return 0;
	for (i = 0; i < tags->len; i++) {
		const nj_member *m = tags->members[i];
		if (nm_is_proto_key(m))
			continue; /* zod's records skip it */
		if (!nm_regex_match(NM_RX_TAG_KEY, m->key, m->key_len) ||
		    nm_js_length(m->key, m->key_len) > 64) {
			nm_issue(iss, "invalid_key", "Invalid key in record",
				 field, m->key);
			aborted = 1;
			continue;
		}
		/* a value of the wrong type aborts the record's checks */
		aborted |= m->value->type != NJ_STRING;
		/* connection tags carry Nango's own message for long values */
		iss->max_message = end_user ? NULL
				   : "Tag values must be at most 255 characters";
		nm_check_string(iss, m->value, 0, NM_RX_NONE, end_user ? 0 : 1,
				255, field, m->key);
		iss->max_message = NULL;
	}
	kept = nm_record_copy(tags);
	if (!kept)
		return 0;
	if (!aborted)
		nm_tags_custom(iss, kept, field);
	if (iss->items->len > before) {
		nj_free(kept);
		return 0;
	}
	*out = end_user ? kept : nm_tags_lower(kept);
	if (!end_user)
		nj_free(kept);
	return *out != NULL;
}

int nm_check_metadata(nm_issues *iss, const nj_value *v, const char *field)
{
	return nm_check_record(iss, v, field, NULL);
}

static const char *const nm_end_user_keys[] = {"id", "email", "display_name",
						"tags", NULL};

int nm_check_end_user(nm_issues *iss, const nj_value *v, nm_end_user **out)
{
	size_t before = iss->items->len;
	const char *saved = iss->prefix;
	const nj_value *email, *name;
	nj_value *tags = NULL;
	nm_end_user *u;

	*out = NULL;
	if (!v)
		return 1;
	if (v->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", v, "end_user", NULL);
		return 0;
	}
	iss->prefix = "end_user";
	iss->max_first = 1; /* z.string().max(255).min(1) */
	nm_check_string(iss, nj_object_get(v, "id"), 0, NM_RX_NONE, 1, 255,
			"id", NULL);
	iss->max_first = 0;
	email = nj_object_get(v, "email");
	if (email && email->type == NJ_STRING &&
	    !nm_email_valid(email->str, email->len))
		nm_issue(iss, "invalid_format", "Invalid email address", "email",
			 NULL);
	nm_check_string(iss, email, 1, NM_RX_NONE, 5, 0, "email", NULL);
	name = nj_object_get(v, "display_name");
	nm_check_string(iss, name, 1, NM_RX_NONE, 0, 255, "display_name", NULL);
	nm_check_tags(iss, nj_object_get(v, "tags"), "tags", 1, &tags);
	nm_check_unknown_keys(iss, v, nm_end_user_keys, NULL);
	iss->prefix = saved;
	if (iss->items->len > before) {
		nj_free(tags);
		return 0;
	}
	u = calloc(1, sizeof(*u));
	if (!u) {
		nj_free(tags);
		return 0;
	}
	u->id = nm_strndup(nj_get_string(v, "id"), strlen(nj_get_string(v, "id")));
	u->email = email ? nm_strndup(email->str, email->len) : NULL;
	/* Nango stores `display_name || null`: "" is null */
	u->display_name = name && name->len ? nm_strndup(name->str, name->len)
					    : NULL;
	u->tags = tags;
	if (!u->id || (email && !u->email) ||
	    (name && name->len && !u->display_name)) {
		nm_end_user_free(u);
		return 0;
	}
	*out = u;
	return 1;
}

/*
 * z.coerce.date(): new Date(v). *ms gets the time; an invalid date is
 * zod's "expected date, received Date". Non-ISO strings, which V8's legacy
 * parser would also read, are treated as invalid.
 */
int nm_check_date(nm_issues *iss, const nj_value *v, const char *p0,
		  const char *p1, double *ms)
{
	int64_t us = 0;
	double t = NAN;
	nj_buf text = NJ_BUF_INIT;
	const nj_value *s = v;
	if (v->type == NJ_ARRAY && v->len == 1)
		s = v->items[0]; /* String([x]) is String(x): parsed as text */
	if (v->type == NJ_NULL || v->type == NJ_FALSE)
		t = 0;
	else if (v->type == NJ_TRUE)
		t = 1;
	else if (v->type == NJ_NUMBER)
		t = trunc(v->num);
	else if (s->type == NJ_STRING)
		nj_buf_put(&text, s->str, s->len);
	else if (s->type == NJ_NUMBER)
		nj_buf_number(&text, s->num);
	if (text.len && !text.oom && nm_parse_js_date(text.ptr, &us) == 0)
		t = (double)(us / 1000);
	nj_buf_free(&text);
	if (isnan(t) || fabs(t) > 8.64e15) {
		nm_issue(iss, "invalid_type",
			 "Invalid input: expected date, received Date", p0, p1);
		return 0;
	}
	*ms = t;
	return 1;
}

/* Sets every member of src on dst (later keys win). */
static int nm_tags_put_all(nj_value *dst, const nj_value *src)
{
	size_t i;
	int rc = 0;
	for (i = 0; !rc && src && i < src->len; i++)
		rc = nj_object_set(dst, src->members[i]->key,
				   src->members[i]->key_len,
				   nj_copy(src->members[i]->value));
	return rc;
}

/*
 * The connection's tags, as live Nango 0.71.4 builds them: the end user's
 * id, e-mail and display name, then the end user's own tags lower-cased
 * (which win over those three), then the given tags, which win over all;
 * in jsonb order.
 */
nj_value *nm_merge_tags(const nm_end_user *eu, const nj_value *tags)
{
	nj_value *out = nj_object(), *lower = NULL;
	int rc = out ? 0 : -1;
	if (eu && !rc) {
		rc = nj_object_cset(out, "end_user_id", nj_cstring(eu->id));
		if (!rc && eu->email)
			rc = nj_object_cset(out, "end_user_email",
					    nj_cstring(eu->email));
		if (!rc && eu->display_name)
			rc = nj_object_cset(out, "end_user_display_name",
					    nj_cstring(eu->display_name));
		lower = rc ? NULL : nm_tags_lower(eu->tags);
		rc = rc || !lower || nm_tags_put_all(out, lower);
	}
	if (!rc)
		rc = nm_tags_put_all(out, tags);
	nj_free(lower);
	if (rc) {
		nj_free(out);
		return NULL;
	}
	nj_jsonb_order(out);
	return out;
}
