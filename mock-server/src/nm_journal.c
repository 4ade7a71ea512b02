/* nm_journal.c: the request journal and its matcher (see nm_journal.h). */
#include "nm_render.h"
#include "nm_journal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_fixtures.h"

/* --- the matcher ------------------------------------------------------------ */

void nm_match_clear(nm_matcher *m)
{
	free(m->method);
	free(m->path);
	free(m->path_prefix);
	memset(m, 0, sizeof(*m));
}

/* A string field of the matcher; -1 with err on a bad type. */
static int nm_mstr(char **out, const nj_value *obj, const char *key,
		   char *err, size_t errlen)
{
	const nj_value *v = nj_object_get(obj, key);
	if (!v || v->type == NJ_NULL)
		return 0;
	if (v->type != NJ_STRING || v->len == 0) {
		snprintf(err, errlen, "%s: expected a non-empty string", key);
		return -1;
	}
	*out = strdup(v->str);
	if (!*out) {
		snprintf(err, errlen, "%s: out of memory", key);
		return -1;
	}
	return 0;
}

static const char *const nm_match_keys[] = {"method", "path", "path_prefix",
					    "status", "since", "limit", NULL};

static int nm_match_status(nm_matcher *out, const nj_value *v, char *err,
			   size_t errlen)
{
	double d = -1;
	char *end = NULL;
	if (v->type == NJ_NUMBER)
		d = v->num;
	else if (v->type == NJ_STRING && v->len)
		d = strtod(v->str, &end);
	if ((end && *end) || d < 100 || d > 599 || d != (double)(int)d) {
		snprintf(err, errlen, "status: expected an HTTP status "
			 "(100-599)");
		return -1;
	}
	out->status = (int)d;
	return 0;
}

int nm_match_parse(nm_matcher *out, const nj_value *obj, int allow_response,
		   char *err, size_t errlen)
{
	const nj_value *v;
	size_t i, k;
	memset(out, 0, sizeof(*out));
	if (!obj || obj->type == NJ_NULL)
		return 0;
	if (obj->type != NJ_OBJECT) {
		snprintf(err, errlen, "match: expected an object");
		return -1;
	}
	for (i = 0; i < obj->len; i++) {
		const char *key = obj->members[i]->key;
		for (k = 0; nm_match_keys[k] && strcmp(nm_match_keys[k], key); k++)
			;
		if (!nm_match_keys[k] || (!allow_response && k >= 3)) {
			snprintf(err, errlen, "%s: unknown field (expected "
				 "method, path, path_prefix%s)", key,
				 allow_response ? ", status, since" : "");
			return -1;
		}
	}
	if (nm_mstr(&out->method, obj, "method", err, errlen) ||
	    nm_mstr(&out->path, obj, "path", err, errlen) ||
	    nm_mstr(&out->path_prefix, obj, "path_prefix", err, errlen))
		goto bad;
	if ((v = nj_object_get(obj, "status")) &&
	    nm_match_status(out, v, err, errlen))
		goto bad;
	v = nj_object_get(obj, "since");
	if (v && (v->type != NJ_STRING ||
		  nm_parse_iso_us(v->str, &out->since_us))) {
		snprintf(err, errlen, "since: expected an ISO 8601 instant "
			 "such as \"2026-01-31T12:00:00.000Z\"");
		goto bad;
	}
	return 0;
bad:
	nm_match_clear(out);
	return -1;
}

/* Glob: '*' matches any run of bytes, everything else itself. */
static int nm_glob(const char *pat, const char *s, size_t n)
{
	const char *star = NULL, *mark = NULL, *end = s + n;
	while (s < end) {
		if (*pat == '*') {
			star = pat++;
			mark = s;
		} else if (*pat && *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++mark;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

int nm_match_test(const nm_matcher *m, const char *method, const char *path,
		  int status, int64_t t_us)
{
	size_t n = strlen(path);
	if (m->method && strcasecmp(m->method, method) != 0)
		return 0;
	if (m->path_prefix && strncmp(path, m->path_prefix,
				      strlen(m->path_prefix)) != 0)
		return 0;
	if (m->path) {
		size_t plain = strchr(m->path, '?') ? n : strcspn(path, "?");
		if (!nm_glob(m->path, path, plain))
			return 0;
	}
	if (m->status && status && m->status != status)
		return 0;
	if (m->since_us && t_us && t_us < m->since_us)
		return 0;
	return 1;
}

void nm_match_write(nj_writer *w, const nm_matcher *m)
{
	nj_w_obj(w);
	if (m->method) {
		nj_w_key(w, "method");
		nj_w_str(w, m->method);
	}
	if (m->path) {
		nj_w_key(w, "path");
		nj_w_str(w, m->path);
	}
	if (m->path_prefix) {
		nj_w_key(w, "path_prefix");
		nj_w_str(w, m->path_prefix);
	}
	if (m->status) {
		nj_w_key(w, "status");
		nj_w_int(w, m->status);
	}
	if (m->since_us)
		nm_render_ts(w, "since", m->since_us, NM_TS_ISO_US);
	nj_w_end_obj(w);
}

/* --- the journal -------------------------------------------------------------- */

typedef struct {
	nm_jentry e;
	atomic_int refs;
} nm_jrec;

struct nm_journal {
	pthread_mutex_t lock;
	nm_jrec **ring; /* cap slots; the oldest at head */
	size_t cap, head, n;
	long long next_id;
	size_t *dropped; /* per environment + 1 (slot 0: no key) */
	size_t n_dropped;
};

static void nm_jentry_clear(nm_jentry *e)
{
	if (e->block) {
		free(e->block);
	} else {
		free(e->method);
		free(e->path);
		free(e->headers);
		free(e->resp_headers);
		free(e->resp_body);
	}
	free(e->body);
	memset(e, 0, sizeof(*e));
}

static void nm_jrec_unref(nm_jrec *r)
{
	if (r && atomic_fetch_sub(&r->refs, 1) == 1) {
		nm_jentry_clear(&r->e);
		free(r);
	}
}

nm_journal *nm_journal_new(size_t cap)
{
	nm_journal *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	j->ring = calloc(cap ? cap : 1, sizeof(*j->ring));
	if (!j->ring) {
		free(j);
		return NULL;
	}
	pthread_mutex_init(&j->lock, NULL);
	j->cap = cap;
	j->next_id = 1;
	return j;
}

void nm_journal_free(nm_journal *j)
{
	size_t i;
	if (!j)
		return;
	for (i = 0; i < j->n; i++)
		nm_jrec_unref(j->ring[(j->head + i) % j->cap]);
	free(j->ring);
	free(j->dropped);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* Counts a dropped entry of env (locked). */
static void nm_count_drop(nm_journal *j, int env)
{
	size_t slot = (size_t)(env + 1);
	if (slot >= j->n_dropped) {
		size_t *d = realloc(j->dropped, (slot + 1) * sizeof(*d));
		if (!d)
			return;
		memset(d + j->n_dropped, 0,
		       (slot + 1 - j->n_dropped) * sizeof(*d));
		j->dropped = d;
		j->n_dropped = slot + 1;
	}
	j->dropped[slot]++;
}

void nm_journal_add(nm_journal *j, nm_jentry *e)
{
	nm_jrec *r = calloc(1, sizeof(*r)), *old = NULL;
	pthread_mutex_lock(&j->lock);
	e->id = j->next_id++;
	if (!r || j->cap == 0) {
		nm_count_drop(j, e->env);
	} else {
		r->e = *e;
		memset(e, 0, sizeof(*e));
		atomic_init(&r->refs, 1);
		if (j->n == j->cap) {
			old = j->ring[j->head];
			j->ring[j->head] = r;
			j->head = (j->head + 1) % j->cap;
			nm_count_drop(j, old->e.env);
		} else {
			j->ring[(j->head + j->n++) % j->cap] = r;
		}
		r = NULL;
	}
	pthread_mutex_unlock(&j->lock);
	free(r);
	nm_jentry_clear(e);
	nm_jrec_unref(old);
}

static int nm_visible(const nm_jentry *e, int env)
{
	return e->env == env || e->env < 0;
}

/* The matching entries, referenced (the newest limit when limit > 0). */
static nm_jrec **nm_collect(nm_journal *j, int env, const nm_matcher *m,
			    size_t limit, size_t *n_out, size_t *dropped)
{
	nm_jrec **out;
	size_t i, n = 0, first = 0;
	pthread_mutex_lock(&j->lock);
	out = calloc(j->n + 1, sizeof(*out));
	for (i = 0; out && i < j->n; i++) {
		nm_jrec *r = j->ring[(j->head + i) % j->cap];
		if (nm_visible(&r->e, env) &&
		    (!m || nm_match_test(m, r->e.method, r->e.path,
					 r->e.status ? r->e.status : -1,
					 r->e.time_us)))
			out[n++] = r;
	}
	if (limit && n > limit)
		first = n - limit;
	for (i = first; i < n; i++)
		atomic_fetch_add(&out[i]->refs, 1);
	*dropped = 0;
	if ((size_t)(env + 1) < j->n_dropped)
		*dropped += j->dropped[env + 1];
	if (j->n_dropped)
		*dropped += j->dropped[0];
	pthread_mutex_unlock(&j->lock);
	if (out && first)
		memmove(out, out + first, (n - first) * sizeof(*out));
	*n_out = out ? n - first : 0;
	return out;
}

void nm_journal_write(nj_writer *w, nm_journal *j, int env, const nm_matcher *m,
		      size_t limit)
{
	size_t n, i, dropped;
	nm_jrec **list = nm_collect(j, env, m, limit, &n, &dropped);
	nj_w_obj(w);
	nj_w_key(w, "requests");
	nj_w_arr(w);
	for (i = 0; i < n; i++) {
		nm_jentry_write(w, &list[i]->e);
		nm_jrec_unref(list[i]);
	}
	nj_w_end_arr(w);
	nj_w_key(w, "total");
	nj_w_int(w, (long long)n);
	nj_w_key(w, "dropped");
	nj_w_int(w, (long long)dropped);
	nj_w_end_obj(w);
	free(list);
	if (!list)
		w->buf.oom = 1;
}

size_t nm_journal_count(nm_journal *j, int env, const nm_matcher *m)
{
	size_t i, n = 0;
	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n; i++) {
		const nm_jentry *e = &j->ring[(j->head + i) % j->cap]->e;
		if (nm_visible(e, env) &&
		    nm_match_test(m, e->method, e->path,
				  e->status ? e->status : -1, e->time_us))
			n++;
	}
	pthread_mutex_unlock(&j->lock);
	return n;
}

size_t nm_journal_clear(nm_journal *j, int env)
{
	size_t i, kept = 0, removed = 0;
	nm_jrec **gone = NULL;
	pthread_mutex_lock(&j->lock);
	gone = calloc(j->n + 1, sizeof(*gone));
	for (i = 0; gone && i < j->n; i++) {
		nm_jrec *r = j->ring[(j->head + i) % j->cap];
		if (nm_visible(&r->e, env))
			gone[removed++] = r;
		else
			j->ring[(j->head + kept++) % j->cap] = r;
	}
	if (gone)
		j->n = kept;
	if ((size_t)(env + 1) < j->n_dropped)
		j->dropped[env + 1] = 0;
	pthread_mutex_unlock(&j->lock);
	for (i = 0; i < removed; i++)
		nm_jrec_unref(gone[i]);
	free(gone);
	return removed;
}

void nm_jheaders_put(nj_buf *b, const char *name, size_t name_len,
		     const char *value, size_t value_len)
{
	nj_buf_put(b, name, name_len);
	nj_buf_putc(b, '\0');
	nj_buf_put(b, value, value_len);
	nj_buf_putc(b, '\0');
}

/* Adds name: value to an object; a repeated name joins with ", " (as
 * Node's req.headers does). */
static int nm_header_put(nj_value *obj, const char *name, size_t n,
			 const char *val, size_t vn)
{
	nj_value *old = nj_object_getn(obj, name, n), *v;
	nj_buf b = NJ_BUF_INIT;
	if (old) {
		nj_buf_put(&b, old->str, old->len);
		nj_buf_puts(&b, ", ");
	}
	nj_buf_put(&b, val, vn);
	v = b.oom ? NULL : nj_string(b.ptr ? b.ptr : "", b.len);
	nj_buf_free(&b);
	return v ? nj_object_set(obj, name, n, v) : -1;
}

/* A header block (name\0value\0 pairs) as an object of name -> value;
 * NULL on OOM. */
static nj_value *nm_pairs_object(const char *blk, size_t len)
{
	nj_value *obj = nj_object();
	const char *p = blk, *end = blk ? blk + len : NULL;
	while (obj && p < end) {
		size_t n = strlen(p);
		const char *val = p + n + 1;
		size_t vn = strlen(val);
		if (nm_header_put(obj, p, n, val, vn))
			obj = (nj_free(obj), NULL);
		p = val + vn + 1;
	}
	return obj;
}

/* A response's status line and header lines as an object of name ->
 * value (the status line skipped); NULL on OOM. */
static nj_value *nm_head_object(const char *head, size_t n)
{
	const char *p = head ? memchr(head, '\n', n) : NULL;
	const char *end = head ? head + n : NULL;
	nj_value *obj = nj_object();
	while (obj && p && ++p < end) {
		const char *eol = memchr(p, '\r', (size_t)(end - p));
		const char *colon = eol ? memchr(p, ':', (size_t)(eol - p)) : NULL;
		const char *val;
		if (!colon)
			break;
		val = colon + 1 + (colon[1] == ' ');
		if (nm_header_put(obj, p, (size_t)(colon - p), val,
				  (size_t)(eol - val)))
			obj = (nj_free(obj), NULL);
		p = memchr(eol, '\n', (size_t)(end - eol));
	}
	return obj;
}

/* Writes a headers object made by one of the two above, and frees it. */
static void nm_w_headers(nj_writer *w, nj_value *obj)
{
	if (!obj)
		w->buf.oom = 1;
	nj_w_value(w, obj);
	nj_free(obj);
}

void nm_jentry_write(nj_writer *w, const nm_jentry *e)
{
	nj_w_obj(w);
	nj_w_key(w, "id");
	nj_w_int(w, e->id);
	nm_render_ts(w, "time", e->time_us, NM_TS_ISO_US);
	nj_w_key(w, "method");
	nj_w_str(w, e->method);
	nj_w_key(w, "path");
	nj_w_str(w, e->path);
	nj_w_key(w, "headers");
	nm_w_headers(w, nm_pairs_object(e->headers, e->headers_len));
	nj_w_key(w, "body");
	if (e->body)
		nj_w_strn(w, e->body, e->body_len);
	else
		nj_w_null(w);
	if (e->body_truncated) {
		nj_w_key(w, "body_truncated");
		nj_w_bool(w, 1);
	}
	nj_w_key(w, "status");
	nj_w_int(w, e->status);
	nj_w_key(w, "response");
	if (e->status) {
		nj_w_obj(w);
		nj_w_key(w, "headers");
		nm_w_headers(w, nm_head_object(e->resp_headers,
						e->resp_headers_len));
		nj_w_key(w, "body");
		nj_w_strn(w, e->resp_body ? e->resp_body : "", e->resp_len);
		if (e->resp_truncated) {
			nj_w_key(w, "body_truncated");
			nj_w_bool(w, 1);
		}
		nj_w_end_obj(w);
	} else {
		nj_w_null(w); /* dropped: no response at all */
	}
	nj_w_key(w, "duration_ms");
	nj_w_num(w, (double)(e->duration_us / 10) / 100.0);
	nj_w_key(w, "fault");
	nj_w_str(w, e->fault[0] ? e->fault : NULL);
	nj_w_end_obj(w);
}
