/* nm_faults.c: injected failures (see nm_faults.h). */
#include "nm_faults.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nm_fault {
	nm_fault_action a;
	int env;
	nm_matcher match;
	long times;       /* remaining; -1: unlimited */
	double percent;   /* 0: always */
	uint64_t seed, rng;
	long hits;
	struct nm_fault *next;
} nm_fault;

struct nm_faults {
	pthread_mutex_t lock;
	nm_fault *head;
	long next_id;
	atomic_int armed; /* head != NULL, readable without the lock */
};

void nm_fault_action_clear(nm_fault_action *a)
{
	nj_free(a->headers);
	free(a->body);
	memset(a, 0, sizeof(*a));
}

static void nm_fault_free(nm_fault *f)
{
	if (!f)
		return;
	nm_fault_action_clear(&f->a);
	nm_match_clear(&f->match);
	free(f);
}

nm_faults *nm_faults_new(void)
{
	nm_faults *f = calloc(1, sizeof(*f));
	if (f) {
		pthread_mutex_init(&f->lock, NULL);
		atomic_init(&f->armed, 0);
		f->next_id = 1;
	}
	return f;
}

void nm_faults_free(nm_faults *f)
{
	nm_fault *x, *next;
	if (!f)
		return;
	for (x = f->head; x; x = next) {
		next = x->next;
		nm_fault_free(x);
	}
	pthread_mutex_destroy(&f->lock);
	free(f);
}

/* splitmix64: a seeded sequence, the same on every run. */
static uint64_t nm_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* --- reading a fault ----------------------------------------------------------- */

static const char *const nm_fault_keys[] = {
	"match", "status", "headers", "body", "preset", "drop", "latency_ms",
	"times", "percent", "seed", "retry_after", NULL};

/* An integer field in [lo, hi]; absent leaves *out. -1 with err if bad. */
static int nm_fint(long *out, const nj_value *spec, const char *key, long lo,
		   long hi, char *err, size_t errlen)
{
	const nj_value *v = nj_object_get(spec, key);
	if (!v)
		return 0;
	if (v->type != NJ_NUMBER || v->num < (double)lo || v->num > (double)hi ||
	    v->num != (double)(long)v->num) {
		snprintf(err, errlen, "%s: expected an integer from %ld to %ld",
			 key, lo, hi);
		return -1;
	}
	*out = (long)v->num;
	return 0;
}

/* headers: an object of header names to single-line string values. */
static int nm_fheaders(nm_fault *f, const nj_value *v, char *err,
		       size_t errlen)
{
	size_t i;
	if (!v)
		return 0;
	if (v->type != NJ_OBJECT) {
		snprintf(err, errlen, "headers: expected an object of strings");
		return -1;
	}
	for (i = 0; i < v->len; i++) {
		const nj_member *m = v->members[i];
		/* a token: no other byte, a NUL (from \u0000) included */
		if (!m->key_len || strspn(m->key, "abcdefghijklmnopqrstuv"
			"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~") !=
				   m->key_len) {
			snprintf(err, errlen, "headers.%s: not a header name",
				 m->key);
			return -1;
		}
		if (m->value->type != NJ_STRING ||
		    strpbrk(m->value->str, "\r\n") ||
		    strlen(m->value->str) != m->value->len) {
			snprintf(err, errlen, "headers.%s: expected a string on "
				 "one line", m->key);
			return -1;
		}
	}
	f->a.headers = nj_copy(v);
	return f->a.headers ? 0 : -1;
}

/* body: a string as is, any other JSON value as its JSON text. */
static int nm_fbody(nm_fault *f, const nj_value *v)
{
	nj_buf b = NJ_BUF_INIT;
	if (!v)
		return 0;
	if (v->type == NJ_STRING)
		nj_buf_put(&b, v->str, v->len);
	else
		nj_buf_value(&b, v);
	nj_buf_putc(&b, '\0');
	f->a.body_len = b.len - 1;
	f->a.body = nj_buf_take(&b, NULL);
	return f->a.body ? 0 : -1;
}

/* What the fault does: one of status, preset, drop, or latency only. */
static int nm_fkind(nm_fault *f, const nj_value *spec, char *err,
		    size_t errlen)
{
	const nj_value *preset = nj_object_get(spec, "preset");
	const nj_value *drop = nj_object_get(spec, "drop");
	long status = 0;
	int kinds = 0;
	if (nm_fint(&status, spec, "status", 100, 599, err, errlen))
		return -1;
	if (preset && (preset->type != NJ_STRING ||
		       (strcmp(preset->str, "rate_limit") &&
			strcmp(preset->str, "server_error")))) {
		snprintf(err, errlen, "preset: expected \"rate_limit\" or "
			 "\"server_error\"");
		return -1;
	}
	if (drop && drop->type != NJ_TRUE) {
		snprintf(err, errlen, "drop: expected true");
		return -1;
	}
	kinds = (status != 0) + (preset != NULL) + (drop != NULL);
	if (kinds > 1) {
		snprintf(err, errlen, "status: status, preset and drop exclude "
			 "each other");
		return -1;
	}
	f->a.status = (int)status;
	f->a.kind = status ? NM_FAULT_STATUS
		    : drop ? NM_FAULT_DROP
		    : !preset ? NM_FAULT_LATENCY
		    : !strcmp(preset->str, "rate_limit") ? NM_FAULT_RATE_LIMIT
							 : NM_FAULT_SERVER_ERROR;
	if (f->a.kind != NM_FAULT_STATUS && (nj_object_get(spec, "headers") ||
					     nj_object_get(spec, "body"))) {
		snprintf(err, errlen, "%s: only with status",
			 nj_object_get(spec, "headers") ? "headers" : "body");
		return -1;
	}
	return 0;
}

/* When it fires: times, percent and seed. */
static int nm_fwhen(nm_fault *f, const nj_value *spec, char *err,
		    size_t errlen)
{
	const nj_value *pct = nj_object_get(spec, "percent");
	long seed = 1;
	f->times = -1;
	if (nm_fint(&f->times, spec, "times", 1, 1000000000L, err, errlen))
		return -1;
	if (pct && (pct->type != NJ_NUMBER || !(pct->num > 0) ||
		    pct->num > 100)) {
		snprintf(err, errlen, "percent: expected a number above 0, at "
			 "most 100");
		return -1;
	}
	if (!pct && nj_object_get(spec, "seed")) {
		snprintf(err, errlen, "seed: only with percent");
		return -1;
	}
	if (nm_fint(&seed, spec, "seed", 0, 2147483647L, err, errlen))
		return -1;
	f->percent = pct ? pct->num : 0;
	f->seed = f->rng = (uint64_t)seed;
	return 0;
}

static int nm_fault_read(nm_fault *f, const nj_value *spec, char *err,
			 size_t errlen)
{
	size_t i, k;
	char merr[200];
	if (!spec || spec->type != NJ_OBJECT) {
		snprintf(err, errlen, "(body): expected a JSON object");
		return -1;
	}
	for (i = 0; i < spec->len; i++) {
		for (k = 0; nm_fault_keys[k] &&
			    strcmp(nm_fault_keys[k], spec->members[i]->key); k++)
			;
		if (!nm_fault_keys[k]) {
			snprintf(err, errlen, "%s: unknown field",
				 spec->members[i]->key);
			return -1;
		}
	}
	if (nm_match_parse(&f->match, nj_object_get(spec, "match"), 0, merr,
			   sizeof(merr))) {
		snprintf(err, errlen, "match.%s", merr);
		return -1;
	}
	if (nm_fkind(f, spec, err, errlen) || nm_fwhen(f, spec, err, errlen) ||
	    nm_fint(&f->a.latency_ms, spec, "latency_ms", 0, 60000, err,
		    errlen))
		return -1;
	f->a.retry_after = 1;
	if (nj_object_get(spec, "retry_after") &&
	    f->a.kind != NM_FAULT_RATE_LIMIT) {
		snprintf(err, errlen, "retry_after: only with preset "
			 "\"rate_limit\"");
		return -1;
	}
	if (nm_fint(&f->a.retry_after, spec, "retry_after", 0, 3600, err,
		    errlen))
		return -1;
	if (f->a.kind == NM_FAULT_LATENCY && !f->a.latency_ms) {
		snprintf(err, errlen, "status: one of status, preset, drop or "
			 "latency_ms is needed");
		return -1;
	}
	if (nm_fheaders(f, nj_object_get(spec, "headers"), err, errlen) ||
	    nm_fbody(f, nj_object_get(spec, "body"))) {
		if (!err[0])
			snprintf(err, errlen, "(body): out of memory");
		return -1;
	}
	return 0;
}

static const char *const nm_kind_names[] = {"latency", "status",
					    "rate_limit", "server_error",
					    "drop"};

/* One fault as listed (locked). */
static void nm_fault_write(nj_writer *w, const nm_fault *f)
{
	nj_w_obj(w);
	nj_w_key(w, "id");
	nj_w_str(w, f->a.id);
	nj_w_key(w, "match");
	nm_match_write(w, &f->match);
	nj_w_key(w, "action");
	nj_w_str(w, nm_kind_names[f->a.kind]);
	if (f->a.kind == NM_FAULT_STATUS) {
		nj_w_key(w, "status");
		nj_w_int(w, f->a.status);
		nj_w_key(w, "headers");
		nj_w_value(w, f->a.headers);
		nj_w_key(w, "body");
		if (f->a.body)
			nj_w_strn(w, f->a.body, f->a.body_len);
		else
			nj_w_null(w);
	}
	if (f->a.kind == NM_FAULT_RATE_LIMIT) {
		nj_w_key(w, "retry_after");
		nj_w_int(w, f->a.retry_after);
	}
	nj_w_key(w, "latency_ms");
	nj_w_int(w, f->a.latency_ms);
	nj_w_key(w, "times");
	if (f->times < 0)
		nj_w_null(w);
	else
		nj_w_int(w, f->times);
	nj_w_key(w, "percent");
	if (f->percent > 0)
		nj_w_num(w, f->percent);
	else
		nj_w_null(w);
	if (f->percent > 0) {
		nj_w_key(w, "seed");
		nj_w_int(w, (long long)f->seed);
	}
	nj_w_key(w, "hits");
	nj_w_int(w, f->hits);
	nj_w_end_obj(w);
}

int nm_faults_add(nm_faults *fs, int env, const nj_value *spec, nj_writer *w,
		  char *err, size_t errlen)
{
	nm_fault *f = calloc(1, sizeof(*f)), **tail;
	err[0] = '\0';
	if (!f || nm_fault_read(f, spec, err, errlen)) {
		if (!err[0])
			snprintf(err, errlen, "(body): out of memory");
		nm_fault_free(f);
		return -1;
	}
	f->env = env;
	pthread_mutex_lock(&fs->lock);
	snprintf(f->a.id, sizeof(f->a.id), "f%ld", fs->next_id++);
	for (tail = &fs->head; *tail; tail = &(*tail)->next)
		;
	*tail = f;
	atomic_store(&fs->armed, 1);
	nm_fault_write(w, f);
	pthread_mutex_unlock(&fs->lock);
	return 0;
}

void nm_faults_write(nj_writer *w, nm_faults *fs, int env)
{
	const nm_fault *f;
	nj_w_obj(w);
	nj_w_key(w, "faults");
	nj_w_arr(w);
	pthread_mutex_lock(&fs->lock);
	for (f = fs->head; f; f = f->next)
		if (f->env == env)
			nm_fault_write(w, f);
	pthread_mutex_unlock(&fs->lock);
	nj_w_end_arr(w);
	nj_w_end_obj(w);
}

size_t nm_faults_remove(nm_faults *fs, int env, const char *id)
{
	nm_fault **p, *gone = NULL, *f;
	size_t n = 0;
	pthread_mutex_lock(&fs->lock);
	for (p = &fs->head; *p;) {
		f = *p;
		if (f->env == env && (!id || !strcmp(f->a.id, id))) {
			*p = f->next;
			f->next = gone;
			gone = f;
			n++;
		} else {
			p = &f->next;
		}
	}
	atomic_store(&fs->armed, fs->head != NULL);
	pthread_mutex_unlock(&fs->lock);
	while (gone) {
		f = gone->next;
		nm_fault_free(gone);
		gone = f;
	}
	return n;
}

/* A copy of the action; -1 on OOM. */
static int nm_action_copy(nm_fault_action *out, const nm_fault_action *a)
{
	*out = *a;
	out->headers = nj_copy(a->headers);
	out->body = NULL;
	if (a->body && (out->body = malloc(a->body_len + 1)))
		memcpy(out->body, a->body, a->body_len + 1);
	if ((a->headers && !out->headers) || (a->body && !out->body)) {
		nm_fault_action_clear(out);
		return -1;
	}
	return 0;
}

int nm_faults_armed(nm_faults *fs)
{
	return atomic_load(&fs->armed);
}

int nm_faults_pick(nm_fault_action *out, nm_faults *fs, int env,
		   const char *method, const char *path)
{
	nm_fault **p, *f, *spent = NULL;
	int fired = 0;
	memset(out, 0, sizeof(*out));
	if (env < 0 || !nm_faults_armed(fs))
		return 0;
	pthread_mutex_lock(&fs->lock);
	for (p = &fs->head; (f = *p) && !fired; p = &f->next) {
		if (f->env != env || !nm_match_test(&f->match, method, path, 0, 0))
			continue;
		if (f->percent > 0 &&
		    (double)(nm_rand(&f->rng) % 1000000) / 10000.0 >= f->percent)
			continue;
		if (nm_action_copy(out, &f->a))
			break;
		fired = 1;
		f->hits++;
		if (f->times > 0 && --f->times == 0) {
			*p = f->next;
			spent = f;
			atomic_store(&fs->armed, fs->head != NULL);
			break;
		}
	}
	pthread_mutex_unlock(&fs->lock);
	nm_fault_free(spent);
	return fired;
}
