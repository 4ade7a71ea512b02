/* ncc_expect.c: expectations on what a client returned and on the state. */
#include "ncc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nj_stack.h"

/* The one place that reads nj_value's fields (nj.h has no accessors). */
nj_type ncc_type(const nj_value *v) { return v ? v->type : NJ_NULL; }

size_t ncc_len(const nj_value *v)
{
	return v && (v->type == NJ_ARRAY || v->type == NJ_OBJECT ||
		     v->type == NJ_STRING) ? v->len : 0;
}

nj_value *ncc_item(const nj_value *v, size_t i)
{
	return ncc_type(v) == NJ_ARRAY && i < v->len ? v->items[i] : NULL;
}

const nj_member *ncc_member(const nj_value *v, size_t i)
{
	return ncc_type(v) == NJ_OBJECT && i < v->len ? v->members[i] : NULL;
}

char *ncc_json_text(const nj_value *v, size_t max)
{
	nj_buf b = NJ_BUF_INIT;
	char *s;
	if (v)
		nj_buf_value(&b, v);
	else
		nj_buf_puts(&b, "(absent)");
	s = nj_buf_take(&b, NULL);
	if (s && strlen(s) > max && max > 3)
		strcpy(s + max - 3, "...");
	return s;
}

static void ncc_path_add(char *path, size_t n, size_t at, const char *key,
			 long index)
{
	if (at >= n)
		return;
	if (index >= 0)
		snprintf(path + at, n - at, "[%ld]", index);
	else
		snprintf(path + at, n - at, "%s%s", at ? "." : "", key);
}

/* Matches e against a short of their children: 0 no, 1 yes, 2 both are
 * objects, or arrays of one length, whose children are still to match. */
static int ncc_subset_head(const nj_value *e, const nj_value *a)
{
	if (ncc_type(e) == NJ_OBJECT)
		return ncc_type(a) == NJ_OBJECT ? 2 : 0;
	if (ncc_type(e) == NJ_ARRAY)
		return ncc_type(a) == NJ_ARRAY && ncc_len(a) == ncc_len(e) ? 2
									   : 0;
	return a && nj_equal(e, a);
}

/* An expected container being matched: the next child, and where its
 * path ends. */
typedef struct {
	const nj_value *e, *a;
	size_t next, at;
} ncc_subset_frame;

int ncc_subset(const nj_value *expected, const nj_value *actual,
	       char *path, size_t n)
{
	ncc_subset_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	int ok = ncc_subset_head(expected, actual);
	if (ok != 2)
		return ok;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (ncc_subset_frame){expected, actual, 0, strlen(path)};
	while (ok && (f = nj_stack_top(&st))) {
		const nj_value *e, *a;
		if (f->next == ncc_len(f->e)) {
			path[f->at] = 0;
			nj_stack_pop(&st);
			continue;
		}
		if (ncc_type(f->e) == NJ_OBJECT) {
			const nj_member *m = ncc_member(f->e, f->next);
			ncc_path_add(path, n, f->at, m->key, -1);
			e = m->value;
			a = nj_object_getn(f->a, m->key, m->key_len);
		} else {
			ncc_path_add(path, n, f->at, NULL, (long)f->next);
			e = ncc_item(f->e, f->next);
			a = ncc_item(f->a, f->next);
		}
		f->next++;
		ok = ncc_subset_head(e, a);
		if (ok == 2) {
			f = nj_stack_push(&st);
			if (f)
				*f = (ncc_subset_frame){e, a, 0, strlen(path)};
			else
				ok = 0; /* no memory to look deeper */
		}
	}
	nj_stack_free(&st);
	return ok != 0;
}

/* "value.<path>: expected X, got Y" for a failed subset match. */
static void ncc_subset_reason(const char *what, const nj_value *expected,
			      const nj_value *actual, char *reason, size_t n)
{
	char path[256] = "";
	const nj_value *e = expected, *a = actual;
	char *es, *as;
	ncc_subset(expected, actual, path, sizeof(path));
	/* walk to the place that differs, for a short message */
	{
		char copy[256], *tok, *save = NULL;
		snprintf(copy, sizeof(copy), "%s", path);
		for (tok = strtok_r(copy, ".", &save); tok && a;
		     tok = strtok_r(NULL, ".", &save)) {
			char *br = strchr(tok, '[');
			if (br != tok) {
				size_t kl = br ? (size_t)(br - tok) :
					strlen(tok);
				e = nj_object_getn(e, tok, kl);
				a = nj_object_getn(a, tok, kl);
			}
			while (br && a) {
				long idx = strtol(br + 1, NULL, 10);
				e = ncc_item(e, (size_t)idx);
				a = ncc_item(a, (size_t)idx);
				br = strchr(br + 1, '[');
			}
		}
	}
	es = ncc_json_text(e, 160);
	as = ncc_json_text(a, 160);
	snprintf(reason, n, "%s%s%s: expected %s, got %s", what,
		 path[0] && path[0] != '[' ? "." : "", path, es ? es : "?",
		 as ? as : "?");
	free(es);
	free(as);
}

/* The member at a dot path ("credentials.raw.refresh_token"), or NULL. */
static const nj_value *ncc_at(const nj_value *v, const char *path)
{
	const char *p = path;
	while (v && *p) {
		size_t k = strcspn(p, ".");
		v = nj_object_getn(v, p, k);
		p += k + (p[k] == '.');
	}
	return v;
}

/* "absent": dot paths the value must not have. */
static int ncc_absent_check(const nj_value *paths, const nj_value *value,
			    char *reason, size_t n)
{
	size_t i;
	for (i = 0; i < ncc_len(paths); i++) {
		const nj_value *p = ncc_item(paths, i);
		const nj_value *got = ncc_type(p) == NJ_STRING ?
			ncc_at(value, p->str) : NULL;
		if (got) {
			char *t = ncc_json_text(got, 120);
			snprintf(reason, n, "result: value.%s: expected absent, "
				 "got %s", p->str, t ? t : "?");
			free(t);
			return 0;
		}
	}
	return 1;
}

/* One alternative of "result": {"ok":true,"value":...} or {"error":...}. */
static int ncc_result_one(const nj_value *expect, const nj_value *answer,
			  char *reason, size_t n)
{
	const nj_value *want_err = nj_object_get(expect, "error");
	const nj_value *err = nj_object_get(answer, "error");
	int ok = nj_truthy(nj_object_get(answer, "ok"));
	if (want_err) {
		if (ok) {
			char *v = ncc_json_text(nj_object_get(answer, "value"),
						120);
			snprintf(reason, n, "result: expected an error %s, "
				 "but the client returned ok %s",
				 nj_get_string(want_err, "code") ?
				 nj_get_string(want_err, "code") : "",
				 v ? v : "");
			free(v);
			return 0;
		}
		if (!ncc_subset(want_err, err, (char[2]){0}, 2)) {
			ncc_subset_reason("result: error", want_err, err,
					  reason, n);
			return 0;
		}
		return 1;
	}
	if (!ok) {
		char *e = ncc_json_text(err, 200);
		snprintf(reason, n, "result: expected success, but the client "
			 "returned the error %s", e ? e : "?");
		free(e);
		return 0;
	}
	if (!ncc_absent_check(nj_object_get(expect, "absent"),
			      nj_object_get(answer, "value"), reason, n))
		return 0;
	if (nj_object_get(expect, "value") &&
	    !ncc_subset(nj_object_get(expect, "value"),
			nj_object_get(answer, "value"), (char[2]){0}, 2)) {
		ncc_subset_reason("result: value", nj_object_get(expect,
				  "value"), nj_object_get(answer, "value"),
				  reason, n);
		return 0;
	}
	return 1;
}

int ncc_result_check(const nj_value *expect, const nj_value *answer,
		     char *reason, size_t n)
{
	size_t i;
	char first[NCC_REASON_MAX] = "";
	if (ncc_type(expect) != NJ_ARRAY)
		return ncc_result_one(expect, answer, reason, n);
	for (i = 0; i < ncc_len(expect); i++) {
		char r[NCC_REASON_MAX];
		if (ncc_result_one(ncc_item(expect, i), answer, r, sizeof(r)))
			return 1;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", r);
	}
	snprintf(reason, n, "%s (and no other allowed outcome)", first);
	return 0;
}

/* The state's connection (connection_id, provider_config_key), or NULL. */
static const nj_value *ncc_state_conn(const nj_value *state, const char *id,
				      const char *key)
{
	const nj_value *list = nj_object_get(state, "connections");
	size_t i;
	for (i = 0; i < ncc_len(list); i++) {
		const nj_value *c = ncc_item(list, i);
		const char *ci = nj_get_string(c, "connection_id");
		const char *ck = nj_get_string(c, "provider_config_key");
		if (ci && ck && !strcmp(ci, id) && !strcmp(ck, key))
			return c;
	}
	return NULL;
}

int ncc_state_check(const nj_value *expect, const nj_value *state,
		    char *reason, size_t n)
{
	size_t i, j;
	for (i = 0; i < ncc_len(expect); i++) {
		const nj_value *e = ncc_item(expect, i);
		const char *id = nj_get_string(e, "connection_id");
		const char *key = nj_get_string(e, "provider_config_key");
		const nj_value *c;
		char what[400];
		if (!id || !key) {
			snprintf(reason, n, "scenario: state[%zu] needs "
				 "connection_id and provider_config_key", i);
			return 0;
		}
		c = ncc_state_conn(state, id, key);
		snprintf(what, sizeof(what), "state: connection '%s' (%s)",
			 id, key);
		if (nj_truthy(nj_object_get(e, "absent"))) {
			if (c) {
				snprintf(reason, n, "%s: expected it deleted, "
					 "but the mock still has it", what);
				return 0;
			}
			continue;
		}
		if (!c) {
			snprintf(reason, n, "%s: the mock does not have it",
				 what);
			return 0;
		}
		for (j = 0; j < ncc_len(e); j++) {
			const nj_member *m = ncc_member(e, j);
			const nj_value *got = nj_object_getn(c, m->key,
							     m->key_len);
			char *ws, *gs;
			if (got && nj_equal(m->value, got))
				continue;
			ws = ncc_json_text(m->value, 160);
			gs = ncc_json_text(got, 160);
			snprintf(reason, n, "%s: %s is %s, expected %s", what,
				 m->key, gs ? gs : "?", ws ? ws : "?");
			free(ws);
			free(gs);
			return 0;
		}
	}
	return 1;
}
