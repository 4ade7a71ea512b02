/* nd_run.c: the loop that sends each request to a, then b, and compares. */
#include "nd_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nd_compare.h"
#include "nd_norm.h"
#include "nd_record.h"

/* Least time between two requests to one side, so that the timestamps of
 * consecutive requests (written to the millisecond) can be told apart. */
#define ND_MIN_GAP 0.0025

static void nd_sleep_until(double t)
{
	double now = nd_now();
	struct timespec ts;
	if (t <= now)
		return;
	ts.tv_sec = (time_t)(t - now);
	ts.tv_nsec = (long)((t - now - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* Sends r to one side, after the minimum gap, and tells its normaliser. */
static int nd_send_side(nd_run *run, nd_side *s, double *last,
			const nd_req *r, long index, nd_norm *norm,
			nd_answer *ans)
{
	size_t i;
	char *x;
	nd_sleep_until(*last + ND_MIN_GAP);
	if (nd_side_send(s, r, run->tag, index, ans))
		return -1;
	*last = ans->t1;
	if (!norm)
		return 0;
	if (nd_norm_window(norm, ans->t0, ans->t1))
		return -1;
	x = nd_expand(r->path, strlen(r->path), NULL, nd_side_key(s), run->tag,
		      index);
	if (x)
		nd_norm_sent(norm, x, strlen(x));
	free(x);
	for (i = 0; i < r->n_headers; i++) {
		x = nd_expand(r->headers[i], strlen(r->headers[i]), NULL,
			      nd_side_key(s), run->tag, index);
		if (x)
			nd_norm_sent(norm, x, strlen(x));
		free(x);
	}
	if (r->has_body) {
		size_t n = 0;
		x = nd_expand(r->body, r->body_len, &n, nd_side_key(s), run->tag,
			      index);
		if (x)
			nd_norm_sent(norm, x, n);
		free(x);
	}
	return 0;
}

/* One request to both sides, paced by --rate. */
static int nd_pair(nd_run *run, const nd_req *r, long index, nd_norm *na,
		   nd_norm *nb, nd_answer *a, nd_answer *b)
{
	if (run->rate > 0) {
		nd_sleep_until(run->next_slot);
		run->next_slot = nd_now() + 1.0 / run->rate;
	}
	if (nd_send_side(run, run->a, &run->last_a, r, index, na, a))
		return -1;
	if (nd_send_side(run, run->b, &run->last_b, r, index, nb, b)) {
		nd_answer_clear(a);
		return -1;
	}
	return 0;
}

/* A scaffolding request built from JSON text: POST or DELETE with auth. */
static int nd_scaffold(nd_episode *tmp, const char *method, const char *path,
		       const char *body)
{
	static const char *const hs[] = {"Authorization: Bearer {{SECRET}}",
					 "Content-Type: application/json", NULL};
	return nd_add(tmp, method, path, hs, body, body ? strlen(body) : 0)
		       ? 0 : -1;
}

/* The credentials of a POST /integrations for provider (JSON), or NULL:
 * the run's table first, else fake OAuth credentials as the suite uses. */
static const char *nd_integration_creds(const char *provider)
{
	size_t i;
	for (i = 0; i < nd_n_providers; i++)
		if (!strcmp(nd_providers[i].provider, provider))
			return nd_providers[i].integration_body;
	if (strstr(provider, "private-api") || !strcmp(provider, "algolia") ||
	    !strcmp(provider, "unauthenticated") ||
	    !strcmp(provider, "netsuite-tba"))
		return NULL;
	if (!strcmp(provider, "twitter"))
		return "{\"type\":\"OAUTH1\",\"client_id\":\"x\","
		       "\"client_secret\":\"y\"}";
	return "{\"type\":\"OAUTH2\",\"client_id\":\"x\","
	       "\"client_secret\":\"y\"}";
}

/* The POST /integrations body for provider and key template key. */
static char *nd_integration_body(const char *provider, const char *key)
{
	nj_writer w;
	const char *creds = nd_integration_creds(provider);
	nj_value *cv = NULL;
	if (creds && nj_parse(&cv, creds, strlen(creds), NULL) != NJ_OK)
		return NULL;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "unique_key");
	nj_w_str(&w, key);
	nj_w_key(&w, "provider");
	nj_w_str(&w, provider);
	if (cv) {
		nj_w_key(&w, "credentials");
		nj_w_value(&w, cv);
	}
	nj_w_end_obj(&w);
	nj_free(cv);
	return nj_buf_take(&w.buf, NULL);
}

/* Sends a scaffolding request to both sides; 0 if both answered 2xx. */
static int nd_scaffold_pair(nd_run *run, const nd_req *r, long index,
			    nd_norm *na, nd_norm *nb, char *why, size_t why_n)
{
	nd_answer a, b;
	int ok;
	if (nd_pair(run, r, index, na, nb, &a, &b))
		return -1;
	ok = a.ok && b.ok && a.status / 100 == 2 && b.status / 100 == 2;
	if (!ok)
		snprintf(why, why_n, "%s %s: a answered %ld %.200s; b answered "
			 "%ld %.200s", r->method, r->path, a.status,
			 a.ok ? a.body : a.err, b.status, b.ok ? b.body : b.err);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
	return ok ? 0 : 1;
}

int nd_run_check_health(nd_run *run)
{
	nd_episode e;
	nd_answer a, b;
	int ok;
	memset(&e, 0, sizeof(e));
	if (!nd_add(&e, "GET", "/health", NULL, NULL, 0))
		return -1;
	if (nd_pair(run, &e.reqs[0], 0, NULL, NULL, &a, &b)) {
		nd_episode_clear(&e);
		return -1;
	}
	ok = a.ok && b.ok && a.status == 200 && b.status == 200;
	if (!ok)
		fprintf(stderr, "nango-drift: /health: a (%s): %s %ld; b (%s): "
			"%s %ld\n", nd_side_url(run->a), a.ok ? "" : a.err,
			a.status, nd_side_url(run->b), b.ok ? "" : b.err,
			b.status);
	nd_answer_clear(&a);
	nd_answer_clear(&b);
	nd_episode_clear(&e);
	return ok ? 0 : -1;
}

static void nd_shared_delete(nd_run *run, size_t upto)
{
	size_t i;
	for (i = 0; i < upto; i++) {
		nd_episode e;
		char key[96], path[160], why[600];
		memset(&e, 0, sizeof(e));
		nd_shared_key(key, sizeof(key), i);
		snprintf(path, sizeof(path), "/integrations/%s", key);
		if (nd_scaffold(&e, "DELETE", path, NULL) == 0 &&
		    nd_scaffold_pair(run, &e.reqs[0], 0, NULL, NULL, why,
				     sizeof(why)) > 0)
			fprintf(stderr, "nango-drift: cleanup: %s\n", why);
		nd_episode_clear(&e);
	}
}

int nd_run_setup_shared(nd_run *run)
{
	size_t i;
	for (i = 0; i < nd_n_providers; i++) {
		nd_episode e;
		char key[96], why[600];
		char *body;
		int rc;
		memset(&e, 0, sizeof(e));
		nd_shared_key(key, sizeof(key), i);
		body = nd_integration_body(nd_providers[i].provider, key);
		rc = body ? nd_scaffold(&e, "POST", "/integrations", body) : -1;
		if (rc == 0)
			rc = nd_scaffold_pair(run, &e.reqs[0], 0, NULL, NULL, why,
					      sizeof(why));
		free(body);
		nd_episode_clear(&e);
		if (rc != 0) {
			fprintf(stderr, "nango-drift: cannot create the %s "
				"integration: %s\n", nd_providers[i].provider,
				rc > 0 ? why : "out of memory");
			nd_shared_delete(run, rc > 0 ? i + 1 : i);
			return -1;
		}
	}
	return 0;
}

void nd_run_cleanup_shared(nd_run *run)
{
	nd_shared_delete(run, nd_n_providers);
}

/* The request as it went to side a, with the key masked, for reports. */
static void nd_shown(nd_req *out, const nd_req *r, const char *tag, long i)
{
	size_t k;
	memset(out, 0, sizeof(*out));
	out->method = r->method;
	out->path = nd_expand(r->path, strlen(r->path), NULL, "<key>", tag, i);
	out->headers = calloc(r->n_headers + 1, sizeof(char *));
	for (k = 0; out->headers && k < r->n_headers; k++)
		out->headers[out->n_headers++] =
			nd_expand(r->headers[k], strlen(r->headers[k]), NULL,
				  "<key>", tag, i);
	out->has_body = r->has_body;
	if (r->has_body)
		out->body = nd_expand(r->body, r->body_len, &out->body_len,
				      "<key>", tag, i);
}

static void nd_shown_clear(nd_req *s)
{
	s->method = NULL;
	nd_req_clear(s);
}

static int nd_compare_one(nd_run *run, const nd_req *r, size_t i, long index,
			  nd_norm *na, nd_norm *nb)
{
	nd_answer a, b;
	nd_diff d;
	nd_req shown;
	char route[96];
	int rc = -1;
	if (nd_pair(run, r, index, na, nb, &a, &b))
		return -1;
	if (nd_compare(&d, r->method, &a, &b, na, nb) == 0) {
		nd_route_label(route, sizeof(route), r->method, r->path);
		nd_shown(&shown, r, run->tag, index);
		nd_report_pair(run->report, i, &shown, route, &d, &a, &b);
		if (run->record_dir &&
		    nd_record_pair(run->record_dir, run->episode_name, i,
				   r->method, run->a, run->b, &a, &b, na, nb, &d))
			fprintf(stderr, "nango-drift: cannot record in %s\n",
				run->record_dir);
		nd_shown_clear(&shown);
		nd_diff_clear(&d);
		rc = 0;
	}
	nd_answer_clear(&a);
	nd_answer_clear(&b);
	return rc;
}

int nd_run_episode(nd_run *run, const nd_episode *e, long index)
{
	nd_norm *na = NULL, *nb = NULL;
	nd_episode scaf;
	char why[600];
	size_t i;
	int rc = -1, made = 0;

	memset(&scaf, 0, sizeof(scaf));
	run->episode_name = e->name;
	nd_report_begin(run->report, e);
	if (nd_norm_new(&na, nd_side_key(run->a), nd_side_public_urls(run->a)) ||
	    nd_norm_new(&nb, nd_side_key(run->b), nd_side_public_urls(run->b)))
		goto done;
	if (e->provider) {
		char *body = nd_integration_body(e->provider, "{{KEY}}");
		int s = body ? nd_scaffold(&scaf, "POST", "/integrations", body)
			     : -1;
		free(body);
		if (s || nd_scaffold(&scaf, "DELETE", "/integrations/{{KEY}}",
				     NULL))
			goto done;
		s = nd_scaffold_pair(run, &scaf.reqs[0], index, na, nb, why,
				     sizeof(why));
		if (s < 0)
			goto done;
		made = 1;
		if (s > 0)
			nd_report_problem(run->report, "POST /integrations",
					  "the episode's integration could not "
					  "be made on both sides", why);
	}
	for (i = 0; i < e->n && !(run->stop && *run->stop); i++)
		if (nd_compare_one(run, &e->reqs[i], i, index, na, nb))
			goto done;
	rc = 0;
done:
	if (made)
		nd_scaffold_pair(run, &scaf.reqs[1], index, NULL, NULL, why,
				 sizeof(why));
	if (e->cleanup_key) {
		char path[200];
		snprintf(path, sizeof(path), "/integrations/%s", e->cleanup_key);
		if (nd_scaffold(&scaf, "DELETE", path, NULL) == 0)
			nd_scaffold_pair(run, &scaf.reqs[scaf.n - 1], index, NULL,
					 NULL, why, sizeof(why));
	}
	nd_report_end(run->report);
	nd_episode_clear(&scaf);
	nd_norm_free(na);
	nd_norm_free(nb);
	return rc;
}
