/*
 * test_soak.c: a bounded concurrency soak (label soak; run it under
 * ThreadSanitizer with scripts/tsan-soak.sh). K client threads, each on
 * its own keep-alive connection, do random creates, metadata sets and
 * merges, deletes, gets and searches on a few shared ids in two
 * environments, and
 * log every operation between two ticks of one global counter (a tick
 * order that agrees with real time). At the end the state read over HTTP
 * must be one the logs allow:
 *  - a connection exists iff an operation that may have come last says
 *    so (a create, a 201 set or 200 merge: yes; a delete or a 404: no);
 *  - its metadata "base" token names a create or set that may have been
 *    the last replace, and each thread's merge key holds that thread's
 *    latest merge when that merge began after the replace ended;
 *  - every GET during the run saw a base written by a create or set on
 *    that connection and environment, begun before the GET ended;
 *  - listings hold each id once, no answer is a 5xx, every status is one
 *    the operation may give.
 * NANGO_SOAK_SECONDS (default 15) and NANGO_SOAK_THREADS (default 8).
 * A plain program (Criterion's arena does not start under ThreadSanitizer):
 * exit status 0 when every check holds.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hs_support.h"

/* A failed check: reported, and the run fails at the end. */
#define SOAK_CHECK(c, ...)                                                   \
	do {                                                                 \
		if (!(c)) {                                                  \
			fprintf(stderr, "soak: check failed: %s: ", #c);     \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			soak_failures++;                                     \
		}                                                            \
	} while (0)

static int soak_failures;

#define SOAK_IDS 6
#define SOAK_ENVS 2
#define SOAK_MAX_OPS 200000

typedef enum { OP_CREATE, OP_SET, OP_MERGE, OP_DELETE, OP_GET, OP_SEARCH } op_kind;

typedef struct {
	op_kind kind;
	int thread, env, id, status;
	long token;        /* value written (create, set, merge) */
	long start, end;   /* ticks */
} op_log;

static nm_server srv;
static int port;
static _Atomic long tick, next_token;
static op_log *ops;
static _Atomic long n_ops;
static double deadline;
static _Atomic int bad_status;

static const char *const soak_keys[SOAK_ENVS] = {HS_KEY, HS_KEY2};

/* One request on the thread's connection (reconnecting if needed). */
static char *soak_call(int *fd, const char *method, const char *path,
		       const char *key, const char *body)
{
	char req[1024], *resp;
	int attempt;
	snprintf(req, sizeof(req),
		 "%s %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		 method, path, key, body ? strlen(body) : 0, body ? body : "");
	for (attempt = 0; attempt < 3; attempt++) {
		if (*fd < 0)
			*fd = hs_connect(port);
		resp = *fd >= 0 ? hs_exchange(*fd, req, strlen(req), 30000) : NULL;
		if (resp)
			return resp;
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
	}
	return NULL;
}

static int soak_status_ok(op_kind k, int st)
{
	switch (k) {
	case OP_CREATE: return st == 201 || st == 200;
	case OP_SET: return st == 201 || st == 404;
	case OP_MERGE: return st == 200 || st == 404;
	case OP_DELETE: return st == 200 || st == 400 || st == 404;
	case OP_SEARCH: return st == 200;
	default: return st == 200 || st == 400 || st == 404;
	}
}

/* The metadata "base" token a GET saw, or -1 (none, or not a 200). */
static long soak_seen_base(const char *resp)
{
	nj_value *v = NULL;
	const nj_value *b;
	long token = -1;
	if (hs_status(resp) != 200 ||
	    nj_parse(&v, hs_body(resp), strlen(hs_body(resp)), NULL) != NJ_OK)
		return -1;
	b = nj_object_get(nj_object_get(v, "metadata"), "base");
	if (b && b->type == NJ_NUMBER)
		token = (long)b->num;
	nj_free(v);
	return token;
}

static void soak_one(int t, int *fd, unsigned *seed)
{
	op_log o;
	char path[160], body[300], *resp;
	const char *method = "GET";
	long slot;

	/* the log slot is taken before the request is sent: an operation
	 * the log has no room for is never sent, so every change the server
	 * saw is in the log */
	slot = atomic_fetch_add(&n_ops, 1);
	if (slot >= SOAK_MAX_OPS)
		return;
	memset(&o, 0, sizeof(o));
	o.kind = (op_kind)(rand_r(seed) % 6);
	o.thread = t;
	o.env = rand_r(seed) % SOAK_ENVS;
	o.id = rand_r(seed) % SOAK_IDS;
	o.token = atomic_fetch_add(&next_token, 1);
	body[0] = '\0';
	snprintf(path, sizeof(path), "/connection/c%d?provider_config_key=k",
		 o.id);
	switch (o.kind) {
	case OP_CREATE:
		method = "POST";
		strcpy(path, "/connection");
		snprintf(body, sizeof(body),
			 "{\"provider_config_key\":\"k\",\"connection_id\":\"c%d\","
			 "\"api_key\":\"a\",\"metadata\":{\"base\":%ld}}",
			 o.id, o.token);
		break;
	case OP_SET:
	case OP_MERGE:
		method = o.kind == OP_SET ? "POST" : "PATCH";
		strcpy(path, "/connection/metadata");
		if (o.kind == OP_SET)
			snprintf(body, sizeof(body),
				 "{\"connection_id\":\"c%d\",\"provider_config_key\":"
				 "\"k\",\"metadata\":{\"base\":%ld}}", o.id, o.token);
		else
			snprintf(body, sizeof(body),
				 "{\"connection_id\":\"c%d\",\"provider_config_key\":"
				 "\"k\",\"metadata\":{\"m%d\":%ld}}", o.id, t, o.token);
		break;
	case OP_DELETE:
		method = "DELETE";
		break;
	case OP_GET:
		break;
	case OP_SEARCH: /* matched outside the store lock */
		snprintf(path, sizeof(path), "/connection?search=%%25c%d", o.id);
		break;
	}
	o.start = atomic_fetch_add(&tick, 1);
	resp = soak_call(fd, method, path, soak_keys[o.env],
			 body[0] ? body : NULL);
	o.end = atomic_fetch_add(&tick, 1);
	o.status = hs_status(resp);
	if (o.kind == OP_GET)
		o.token = soak_seen_base(resp);
	if (!soak_status_ok(o.kind, o.status)) {
		fprintf(stderr, "unexpected: %s %s %s -> %.300s\n", method,
			path, body, resp ? resp : "(no answer)");
		atomic_store(&bad_status, 1);
	}
	free(resp);
	ops[slot] = o;
}

static void *soak_thread(void *arg)
{
	int t = (int)(long)arg, fd = -1;
	unsigned seed = (unsigned)t * 7919u + 1;
	while (hs_now_ms() < deadline && atomic_load(&n_ops) < SOAK_MAX_OPS)
		soak_one(t, &fd, &seed);
	if (fd >= 0)
		close(fd);
	return NULL;
}

static int changes_existence(const op_log *o)
{
	if (o->kind == OP_SEARCH)
		return 0;
	return o->kind != OP_GET || o->status == 200 || o->status == 404 ||
	       o->status == 400;
}

/* Does o say the connection exists right after it? */
static int says_exists(const op_log *o)
{
	if (o->kind == OP_DELETE)
		return 0;
	return o->status == 200 || o->status == 201;
}

/* The final state of (env, id) read over HTTP; checks it against the log. */
static void soak_check_key(int env, int id, int threads)
{
	char path[96], *resp;
	nj_value *v = NULL, *md;
	long i, n = atomic_load(&n_ops), base = -1, maxstart = -1;
	int exists, explained = 0, t;
	const op_log *w = NULL;

	snprintf(path, sizeof(path), "/connection/c%d?provider_config_key=k", id);
	resp = hs_request(port, "GET", path, soak_keys[env], NULL);
	exists = hs_status(resp) == 200;
	SOAK_CHECK(exists || hs_status(resp) == 400 || hs_status(resp) == 404,
		   "%.300s", resp ? resp : "(none)");
	if (n > SOAK_MAX_OPS)
		n = SOAK_MAX_OPS;
	/* existence: some op that may be last agrees */
	for (i = 0; i < n; i++)
		if (ops[i].env == env && ops[i].id == id && ops[i].start > maxstart &&
		    changes_existence(&ops[i]))
			maxstart = ops[i].start;
	for (i = 0; i < n; i++) {
		const op_log *o = &ops[i];
		if (o->env != env || o->id != id || !changes_existence(o) ||
		    o->end < maxstart)
			continue; /* something began after it ended */
		explained |= says_exists(o) == exists;
	}
	SOAK_CHECK(explained || maxstart < 0, "env %d c%d: existence %d unexplained",
		  env, id, exists);
	if (!exists) {
		free(resp);
		return;
	}
	if (nj_parse(&v, hs_body(resp), strlen(hs_body(resp)), NULL) != NJ_OK) {
		SOAK_CHECK(0, "c%d: unreadable %s", id, hs_body(resp));
		free(resp);
		return;
	}
	md = nj_object_get(v, "metadata");
	if (!md || !nj_object_get(md, "base")) {
		SOAK_CHECK(0, "c%d: no base in %s", id, hs_body(resp));
		goto done;
	}
	base = (long)nj_object_get(md, "base")->num;
	for (i = 0; i < n; i++)
		if (ops[i].token == base && (ops[i].kind == OP_CREATE ||
					     ops[i].kind == OP_SET))
			w = &ops[i];
	if (!w || !says_exists(w)) {
		SOAK_CHECK(0, "c%d: base %ld from no successful write", id, base);
		goto done;
	}
	/* nothing that replaces or deletes began after w ended */
	for (i = 0; i < n; i++) {
		const op_log *o = &ops[i];
		if (o->env == env && o->id == id && o->start > w->end &&
		    says_exists(o) != 0 && (o->kind == OP_CREATE || o->kind == OP_SET))
			SOAK_CHECK(0, "c%d: base %ld but token %ld replaced it later",
				       id, base, o->token);
		if (o->env == env && o->id == id && o->start > w->end &&
		    o->kind == OP_DELETE && o->status == 200)
			SOAK_CHECK(0, "c%d: base %ld survived a later delete", id, base);
	}
	/* each thread's merge key holds its latest merge begun after w */
	for (t = 0; t < threads; t++) {
		char key[16];
		const op_log *last = NULL;
		const nj_value *got;
		snprintf(key, sizeof(key), "m%d", t);
		got = nj_object_get(md, key);
		for (i = 0; i < n; i++)
			if (ops[i].env == env && ops[i].id == id &&
			    ops[i].thread == t && ops[i].kind == OP_MERGE &&
			    ops[i].status == 200 && ops[i].start > w->end)
				last = &ops[i]; /* a thread logs in order */
		if (last)
			SOAK_CHECK(got && (long)got->num == last->token,
				  "c%d %s: want %ld", id, key, last->token);
	}
done:
	nj_free(v);
	free(resp);
}

/* Every connection a GET saw had a base written by a create or set on the
 * same connection that began before the GET ended. */
static void soak_check_reads(void)
{
	long i, j, n = atomic_load(&n_ops);
	if (n > SOAK_MAX_OPS)
		n = SOAK_MAX_OPS;
	for (i = 0; i < n; i++) {
		const op_log *g = &ops[i];
		int found = 0;
		if (g->kind != OP_GET || g->status != 200)
			continue;
		SOAK_CHECK(g->token >= 0, "a GET of c%d saw no base", g->id);
		for (j = 0; j < n && !found; j++)
			found = ops[j].token == g->token &&
				(ops[j].kind == OP_CREATE || ops[j].kind == OP_SET) &&
				ops[j].env == g->env && ops[j].id == g->id &&
				ops[j].start < g->end;
		SOAK_CHECK(found, "a GET of c%d saw base %ld nobody wrote first",
			  g->id, g->token);
	}
}

/* Every listed id is unique, and every listed id exists. */
static void soak_check_list(int env)
{
	char *resp = hs_request(port, "GET", "/connection", soak_keys[env], NULL);
	nj_value *v = NULL;
	const nj_value *list;
	size_t i, j;
	if (hs_status(resp) != 200 ||
	    nj_parse(&v, hs_body(resp), strlen(hs_body(resp)), NULL) != NJ_OK) {
		SOAK_CHECK(0, "listing: %.300s", resp ? resp : "(none)");
		free(resp);
		return;
	}
	list = nj_object_get(v, "connections");
	SOAK_CHECK(list && list->type == NJ_ARRAY, "%s", "no list");
	for (i = 0; list && list->type == NJ_ARRAY && i < list->len; i++)
		for (j = i + 1; j < list->len; j++) {
			const nj_value *a = list->items[i], *b = list->items[j];
			SOAK_CHECK(nj_object_get(a, "id")->num !=
					   nj_object_get(b, "id")->num,
				   "%s", "duplicate id");
			SOAK_CHECK(strcmp(nj_get_string(a, "connection_id"),
					  nj_get_string(b, "connection_id")) != 0,
				   "%s", "duplicate connection id");
		}
	nj_free(v);
	free(resp);
}

int main(void)
{
	const char *sec = getenv("NANGO_SOAK_SECONDS");
	const char *thr = getenv("NANGO_SOAK_THREADS");
	int threads = thr ? atoi(thr) : 8, t, env, id;
	pthread_t th[64];
	char *resp;

	if (threads < 1 || threads > 64)
		threads = 8;
	ops = calloc(SOAK_MAX_OPS, sizeof(*ops));
	port = hs_start(&srv, &(hs_opts){threads + 8, 0, 0, 0});
	for (env = 0; env < SOAK_ENVS; env++) {
		resp = hs_request(port, "POST", "/integrations", soak_keys[env],
				  "{\"unique_key\":\"k\",\"provider\":"
				  "\"private-api-bearer\"}");
		if (hs_status(resp) != 200) {
			fprintf(stderr, "soak: setup failed: %s\n", resp);
			return 1;
		}
		free(resp);
	}
	deadline = hs_now_ms() + 1000.0 * (sec ? atof(sec) : 15.0);
	for (t = 0; t < threads; t++)
		pthread_create(&th[t], NULL, soak_thread, (void *)(long)t);
	for (t = 0; t < threads; t++)
		pthread_join(th[t], NULL);
	printf("soak: %ld operations by %d threads\n",
		    (long)atomic_load(&n_ops), threads);
	SOAK_CHECK(atomic_load(&bad_status) == 0, "%s", "unexpected statuses");
	SOAK_CHECK(atomic_load(&n_ops) > 100, "only %ld operations",
		   (long)atomic_load(&n_ops));
	soak_check_reads();
	for (env = 0; env < SOAK_ENVS; env++) {
		for (id = 0; id < SOAK_IDS; id++)
			soak_check_key(env, id, threads);
		soak_check_list(env);
	}
	hs_stop(&srv);
	free(ops);
	printf("soak: %s\n", soak_failures ? "FAILED" : "all checks hold");
	return soak_failures ? 1 : 0;
}
