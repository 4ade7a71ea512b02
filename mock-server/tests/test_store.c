/*
 * test_store.c: nm_store on its own (no HTTP): upsert rules, isolation of
 * environments, soft delete, listing filters and order, all-or-nothing
 * metadata, patches, and concurrent writers.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_store.h"

static nm_store *store;
static int env_a, env_b;

static nj_value *json(const char *text)
{
	nj_value *v = NULL;
	cr_assert_eq(nj_parse(&v, text, strlen(text), NULL), NJ_OK);
	return v;
}

static char *text(const nj_value *v)
{
	nj_buf b = NJ_BUF_INIT;
	nj_buf_value(&b, v);
	return nj_buf_take(&b, NULL);
}

static void setup(void)
{
	nm_integration in = {"gh", "github", "GitHub", "OAUTH2", 1, 1, 1,
			      NULL, NULL, NULL, NULL, NULL};
	store = nm_store_new();
	cr_assert_not_null(store);
	cr_assert_eq(nm_store_env(store, "dev", &env_a), NM_OK);
	cr_assert_eq(nm_store_env(store, "prod", &env_b), NM_OK);
	cr_assert_eq(nm_store_integration_add(store, env_a, &in), NM_OK);
	cr_assert_eq(nm_store_integration_add(store, env_b, &in), NM_OK);
}

static void teardown(void)
{
	nm_store_free(store);
}

/* Upserts connection id on "gh" in env with the given metadata text. */
static nm_connection *put(int env, const char *id, const char *metadata,
			  int *created)
{
	nm_upsert u;
	nm_connection *c = NULL;
	int dummy;
	memset(&u, 0, sizeof(u));
	u.connection_id = id;
	u.provider_config_key = "gh";
	u.now = nm_now_us();
	u.credentials = json("{\"type\":\"OAUTH2\"}");
	u.metadata = metadata ? json(metadata) : NULL;
	u.keep_metadata_if_null = 1;
	u.last_fetched_on_create = 1;
	cr_assert_eq(nm_store_upsert(&c, created ? created : &dummy, store,
				     env, &u), NM_OK);
	return c;
}

TestSuite(store, .init = setup, .fini = teardown);

Test(store, upsert_keeps_id_and_created_at_and_replaces_credentials)
{
	int created;
	nm_connection *a = put(env_a, "c1", "{\"x\":1}", &created);
	nm_connection *b;
	char *t;
	cr_assert_eq(created, 1);
	b = put(env_a, "c1", NULL, &created);
	cr_assert_eq(created, 0);
	cr_assert_eq(b->id, a->id);
	cr_assert_eq(b->created_at, a->created_at);
	t = text(b->metadata); /* kept: the override's metadata was null */
	cr_assert_str_eq(t, "{\"x\":1}");
	free(t);
	nm_connection_free(a);
	nm_connection_free(b);
}

Test(store, environments_are_isolated_and_ids_increase)
{
	nm_connection *a = put(env_a, "same", NULL, NULL);
	nm_connection *b = put(env_b, "same", NULL, NULL);
	nm_connection *got = NULL;
	cr_assert_gt(b->id, a->id);
	cr_assert_eq(nm_store_delete(store, env_b, "gh", "same"), NM_OK);
	cr_assert_eq(nm_store_get(&got, store, env_a, "gh", "same", 0), NM_OK);
	cr_assert_eq(got->id, a->id);
	nm_connection_free(got);
	cr_assert_eq(nm_store_get(&got, store, env_b, "gh", "same", 0),
		     NM_ENOTFOUND);
	nm_connection_free(a);
	nm_connection_free(b);
}

Test(store, delete_then_recreate_gives_a_new_id)
{
	nm_connection *a = put(env_a, "c", NULL, NULL), *b;
	cr_assert_eq(nm_store_delete(store, env_a, "gh", "c"), NM_OK);
	cr_assert_eq(nm_store_delete(store, env_a, "gh", "c"), NM_ENOTFOUND);
	b = put(env_a, "c", NULL, NULL);
	cr_assert_gt(b->id, a->id);
	nm_connection_free(a);
	nm_connection_free(b);
}

Test(store, unknown_integration_is_refused)
{
	nm_upsert u;
	nm_connection *c = NULL;
	int created;
	memset(&u, 0, sizeof(u));
	u.connection_id = "c";
	u.provider_config_key = "nope";
	u.credentials = json("{}");
	cr_assert_eq(nm_store_upsert(&c, &created, store, env_a, &u),
		     NM_ENOINTEGRATION);
	cr_assert_null(c);
}

Test(store, metadata_is_all_or_nothing_and_merge_is_shallow)
{
	const char *ids[] = {"m1", "missing", "m2"};
	nj_value *v = json("{\"b\":{\"z\":1},\"a\":2}");
	nm_connection *c = NULL;
	size_t missing = 0;
	char *t;
	nm_connection_free(put(env_a, "m1", "{\"keep\":1}", NULL));
	nm_connection_free(put(env_a, "m2", "{\"keep\":2}", NULL));
	cr_assert_eq(nm_store_metadata(store, env_a, "gh", ids, 3, v, 0,
				       &missing), NM_ENOTFOUND);
	cr_assert_eq(missing, 1);
	cr_assert_eq(nm_store_get(&c, store, env_a, "gh", "m1", 0), NM_OK);
	t = text(c->metadata);
	cr_assert_str_eq(t, "{\"keep\":1}");
	free(t);
	nm_connection_free(c);
	ids[1] = "m2";
	cr_assert_eq(nm_store_metadata(store, env_a, "gh", ids, 2, v, 1, NULL),
		     NM_OK);
	cr_assert_eq(nm_store_get(&c, store, env_a, "gh", "m2", 0), NM_OK);
	t = text(c->metadata);
	cr_assert_str_eq(t, "{\"a\":2,\"b\":{\"z\":1},\"keep\":2}");
	free(t);
	nm_connection_free(c);
	nj_free(v);
}

Test(store, list_is_newest_first_with_limit_offset_and_filters)
{
	nm_list_filter f;
	nm_connection **list = NULL;
	size_t n = 0;
	nm_end_user u = {"u1", "Ann Lee", "ann@example.com", NULL, NULL, NULL};
	nm_patch p = {&u, NULL, 0, NULL};
	nm_connection_free(put(env_a, "first", NULL, NULL));
	nm_connection_free(put(env_a, "second", NULL, NULL));
	nm_connection_free(put(env_a, "third", NULL, NULL));
	cr_assert_eq(nm_store_patch(store, env_a, "gh", "second", &p), NM_OK);
	memset(&f, 0, sizeof(f));
	f.limit = 2;
	f.offset = 1;
	cr_assert_eq(nm_store_list(&list, &n, store, env_a, &f), NM_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(list[0]->connection_id, "second");
	cr_assert_str_eq(list[1]->connection_id, "first");
	nm_connection_list_free(list, n);
	memset(&f, 0, sizeof(f));
	f.limit = 100;
	f.search = "ann_l%"; /* ILIKE on the end user's display name */
	cr_assert_eq(nm_store_list(&list, &n, store, env_a, &f), NM_OK);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(list[0]->end_user->email, "ann@example.com");
	nm_connection_list_free(list, n);
	memset(&f, 0, sizeof(f));
	f.limit = 100;
	f.end_user_id = "u2";
	cr_assert_eq(nm_store_list(&list, &n, store, env_a, &f), NM_OK);
	cr_assert_eq(n, 0);
	nm_connection_list_free(list, n);
}

Test(store, patch_replaces_tags_and_clears_the_webhook)
{
	nm_patch p;
	nm_connection *c = NULL;
	char *t;
	nm_connection_free(put(env_a, "p", NULL, NULL));
	memset(&p, 0, sizeof(p));
	p.tags = json("{\"a\":\"1\"}");
	p.set_webhook = 1;
	p.webhook_url_override = "https://example.com/h";
	cr_assert_eq(nm_store_patch(store, env_a, "gh", "p", &p), NM_OK);
	cr_assert_null(p.tags); /* taken over */
	memset(&p, 0, sizeof(p));
	p.set_webhook = 1;
	cr_assert_eq(nm_store_patch(store, env_a, "gh", "p", &p), NM_OK);
	cr_assert_eq(nm_store_get(&c, store, env_a, "gh", "p", 0), NM_OK);
	t = text(c->tags);
	cr_assert_str_eq(t, "{\"a\":\"1\"}");
	cr_assert_null(c->webhook_url_override);
	free(t);
	nm_connection_free(c);
	cr_assert_eq(nm_store_patch(store, env_a, "gh", "none", &p),
		     NM_ENOTFOUND);
}

Test(store, deleting_an_integration_removes_its_connections)
{
	nm_connection *c = NULL;
	nm_connection_free(put(env_a, "x", NULL, NULL));
	cr_assert_eq(nm_store_integration_delete(store, env_a, "gh"), NM_OK);
	cr_assert_eq(nm_store_get(&c, store, env_a, "gh", "x", 0),
		     NM_ENOTFOUND);
	cr_assert_eq(nm_store_integration_delete(store, env_a, "gh"),
		     NM_ENOINTEGRATION);
}

/* The concurrency test: WRITERS threads, each ROUNDS rounds over IDS ids. */
#define WRITERS 8
#define ROUNDS 200
#define IDS 20

/*
 * What one writer thread did wrong. Workers never call cr_assert (its
 * failure handling belongs to the test's main thread): they count.
 */
typedef struct {
	size_t index;
	int failures;
} writer_job;

/* put() without asserts, for worker threads: NM_OK or a failure. */
static int put_quietly(int env, const char *id)
{
	nm_upsert u;
	nm_connection *c = NULL;
	int created, rc;
	memset(&u, 0, sizeof(u));
	u.connection_id = id;
	u.provider_config_key = "gh";
	u.now = nm_now_us();
	u.keep_metadata_if_null = 1;
	u.last_fetched_on_create = 1;
	if (nj_parse(&u.credentials, "{\"type\":\"OAUTH2\"}", 17, NULL) != NJ_OK ||
	    nj_parse(&u.metadata, "{\"n\":1}", 7, NULL) != NJ_OK) {
		nj_free(u.credentials);
		nj_free(u.metadata);
		return -1;
	}
	rc = nm_store_upsert(&c, &created, store, env, &u);
	nm_connection_free(c);
	return rc;
}

/* Round i upserts id t<index>-<i % IDS>, then deletes it when i % 3 == 0. */
static void *writer(void *arg)
{
	writer_job *job = arg;
	char id[32];
	int i;
	for (i = 0; i < ROUNDS; i++) {
		snprintf(id, sizeof(id), "t%zu-%d", job->index, i % IDS);
		if (put_quietly(env_a, id) != NM_OK)
			job->failures++;
		if (i % 3 == 0 && nm_store_delete(store, env_a, "gh", id) != NM_OK)
			job->failures++;
	}
	return NULL;
}

Test(store, concurrent_writers_leave_exactly_the_surviving_connections)
{
	/*
	 * Id j was last written in round 180 + j, and deleted then when
	 * (180 + j) % 3 == 0, i.e. j in {0, 3, ..., 18}: 7 of 20. So each
	 * writer leaves 13 connections, and 8 writers 104.
	 */
	const size_t expected = WRITERS * 13;
	pthread_t t[WRITERS];
	writer_job jobs[WRITERS];
	nm_list_filter f;
	nm_connection **list = NULL;
	size_t n = 0, i;
	for (i = 0; i < WRITERS; i++) {
		jobs[i].index = i;
		jobs[i].failures = 0;
		cr_assert_eq(pthread_create(&t[i], NULL, writer, &jobs[i]), 0);
	}
	for (i = 0; i < WRITERS; i++)
		cr_assert_eq(pthread_join(t[i], NULL), 0);
	for (i = 0; i < WRITERS; i++)
		cr_expect_eq(jobs[i].failures, 0, "writer %zu: %d failed calls",
			     i, jobs[i].failures);
	memset(&f, 0, sizeof(f));
	f.limit = 1000;
	cr_assert_eq(nm_store_list(&list, &n, store, env_a, &f), NM_OK);
	cr_assert_eq(n, expected, "%zu connections survive, not %zu", n,
		     expected);
	for (i = 1; i < n; i++)
		cr_assert(list[i - 1]->created_at >= list[i]->created_at);
	for (i = 0; i < n; i++) {
		int j = atoi(strchr(list[i]->connection_id, '-') + 1);
		cr_assert_neq(j % 3, 0, "%s was deleted last", list[i]->connection_id);
	}
	nm_connection_list_free(list, n);
}

Test(store, integration_list_keeps_creation_order_after_a_delete)
{
	nm_integration a = {"a", "zendesk", "Zendesk", "OAUTH2", 1, 2, 2,
			    "id", "secret", "s1,s2", NULL, NULL};
	nm_integration b = {"b", "algolia", "Algolia", "API_KEY", 0, 3, 3,
			    NULL, NULL, NULL, NULL, NULL};
	nm_integration *list = NULL;
	size_t i, n = 0;
	cr_assert_eq(nm_store_integration_add(store, env_a, &a), NM_OK);
	cr_assert_eq(nm_store_integration_add(store, env_a, &b), NM_OK);
	cr_assert_eq(nm_store_integration_delete(store, env_a, "gh"), NM_OK);
	cr_assert_eq(nm_store_integration_list(&list, &n, store, env_a), NM_OK);
	cr_assert_eq(n, 2);
	cr_expect_str_eq(list[0].unique_key, "a");
	cr_expect_str_eq(list[0].client_secret, "secret");
	cr_expect_str_eq(list[0].scopes, "s1,s2");
	cr_expect_null(list[0].app_link);
	cr_expect_str_eq(list[1].unique_key, "b");
	cr_expect_null(list[1].client_id);
	for (i = 0; i < n; i++)
		nm_integration_clear(&list[i]);
	free(list);
	cr_assert_eq(nm_store_integration_list(&list, &n, store, env_b), NM_OK);
	cr_expect_eq(n, 1, "the other environment keeps its own");
	nm_integration_clear(&list[0]);
	free(list);
}
