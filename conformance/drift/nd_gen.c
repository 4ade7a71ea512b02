/*
 * nd_gen.c: random episodes over every route the mock serves. An episode
 * makes 0-3 connections with its own fresh ids (on the run's integrations,
 * or on an integration of its own), then reads, lists, patches, sets
 * metadata on and deletes them, with odd inputs mixed in; 1-6 requests.
 *
 * Lists are always narrowed to the episode (its connection ids, a search
 * on its id prefix, its end user or tag values, or its own integration),
 * so what other episodes did never shows. GET is never sent to an
 * unrouted path (live Nango serves its dashboard there; README,
 * Deviations).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd_gen.h"

const nd_provider nd_providers[] = {
	{"github", "OAUTH2",
	 "{\"type\":\"OAUTH2\",\"client_id\":\"x\",\"client_secret\":\"y\"}"},
	{"twitter", "OAUTH1",
	 "{\"type\":\"OAUTH1\",\"client_id\":\"x\",\"client_secret\":\"y\"}"},
	{"private-api-bearer", "API_KEY", NULL},
	{"private-api-basic", "BASIC", NULL},
	{"unauthenticated", "NONE", NULL},
	{"github-app", "APP",
	 "{\"type\":\"APP\",\"app_id\":\"1\",\"app_link\":"
	 "\"https://github.com/apps/x\",\"private_key\":\"-----BEGIN RSA "
	 "PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----\"}"},
	{"netsuite-tba", "TBA", NULL},
};
const size_t nd_n_providers = sizeof(nd_providers) / sizeof(nd_providers[0]);

void nd_shared_key(char *out, size_t n, size_t i)
{
	snprintf(out, n, "drift-{{TAG}}-%s", nd_providers[i].provider);
}

/* --- randomness --------------------------------------------------------- */

uint64_t nd_rng_next(nd_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned nd_below(nd_rng *r, unsigned n)
{
	return n ? (unsigned)(nd_rng_next(r) % n) : 0;
}

int nd_chance(nd_rng *r, unsigned percent)
{
	return nd_below(r, 100) < percent;
}

const char *nd_pick(nd_rng *r, const char *const *list)
{
	unsigned n = 0;
	while (list[n])
		n++;
	return list[nd_below(r, n)];
}

/* --- ids, keys, paths --------------------------------------------------- */

void nd_fresh(nd_gen *g, char *out, size_t n, const char *suffix)
{
	snprintf(out, n, "d{{TAG}}-%ld-%d%s", g->index, g->fresh++, suffix);
}

void nd_pct(nd_gen *g, char *out, size_t n, const char *s)
{
	nd_pct_as(g, out, n, s, 0);
}

void nd_pct_as(nd_gen *g, char *out, size_t n, const char *s, int query)
{
	static const char hexu[] = "0123456789ABCDEF", hexl[] = "0123456789abcdef";
	const char *hex = nd_chance(&g->rng, 20) ? hexl : hexu;
	size_t k = 0;
	/* in a query a space may be '+', as forms write it (in a path '+'
	 * is a plus sign) */
	int plus = query && nd_chance(&g->rng, 30);
	for (; *s && k + 4 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' && plus) {
			out[k++] = '+';
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~{}", c)) {
			out[k++] = (char)c; /* {{TAG}} stays a template */
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
}

void nd_key_of(nd_gen *g, char *out, size_t n, size_t prov)
{
	if (g->own_key[0] && prov == g->own_prov)
		snprintf(out, n, "%s", g->own_key);
	else
		nd_shared_key(out, n, prov);
}

/* --- request helpers ---------------------------------------------------- */

static const char *const nd_auth_std = "Authorization: Bearer {{SECRET}}";
static const char *const nd_json_ct = "Content-Type: application/json";

/* Adds a request with the usual auth (and JSON content type with a body). */
nd_req *nd_req_std(nd_gen *g, const char *method, const char *path,
			  char *body, size_t len)
{
	const char *hs[3] = {nd_auth_std, body ? nd_json_ct : NULL, NULL};
	nd_req *r = nd_add(g->e, method, path, hs, body, len);
	free(body);
	return r;
}

/* Auth header variants a client may send. */
static const char *const nd_auth_variants[] = {
	NULL, "Authorization: {{SECRET}}", "Authorization: Bearer Bearer {{SECRET}}",
	"Authorization: bearer {{SECRET}}", "Authorization:",
	"Authorization: Bearer", "Authorization: Basic abc",
	"Authorization: Bearer 00000000-0000-4000-8000-000000000000",
	"Authorization: Bearer {{SECRET}} ", "Authorization: Bearer not-a-uuid",
	"authorization: Bearer {{SECRET}}", NULL};
static const char *const nd_ct_variants[] = {
	"Content-Type: application/json; charset=utf-8",
	"Content-Type: application/json;charset=UTF-8",
	"Content-Type: Application/JSON", "Content-Type: text/plain",
	"Content-Type: application/jsonfoo", "Content-Type:",
	"Content-Type: application/x-www-form-urlencoded",
	"Content-Type: application/octet-stream", "Content-Type: text/xml",
	"Content-Type: multipart/form-data; boundary=x", NULL};

/* Sometimes swaps the auth or content type of the last request. */
void nd_mutate_headers(nd_gen *g, nd_req *r)
{
	if (!r)
		return;
	if (nd_chance(&g->rng, 6)) {
		const char *v = nd_auth_variants[1 + nd_below(&g->rng, 10)];
		nd_req_drop_header(r, "Authorization");
		if (nd_chance(&g->rng, 15))
			return; /* no header at all */
		nd_req_header(r, v);
	}
	if (nd_chance(&g->rng, r->has_body ? 7 : 2)) {
		nd_req_drop_header(r, "Content-Type");
		if (nd_chance(&g->rng, 20))
			return;
		nd_req_header(r, nd_pick(&g->rng, nd_ct_variants));
	}
}

/* Sometimes breaks the body of the last request. */
void nd_mutate_body(nd_gen *g, nd_req *r)
{
	static const char *const broken[] = {
		"{\"a\":", "[1,", "{bad", "{\"a\":1,}", "\"abc\"", "123", "null",
		"{\"a\":1}x", "", "[]", "{\"a\":01}", "{'a':1}", "\xef\xbb\xbf{}",
		"{\"a\":\"\xff\xfe\"}", NULL};
	const char *b;
	if (!r || !nd_chance(&g->rng, 4))
		return;
	if (nd_chance(&g->rng, 15)) { /* no body at all: no Content-Length */
		free(r->body);
		r->body = NULL;
		r->body_len = 0;
		r->has_body = 0;
		return;
	}
	b = nd_pick(&g->rng, broken);
	free(r->body);
	r->body = strdup(b);
	r->body_len = strlen(b);
	r->has_body = r->body != NULL;
	if (!nd_req_get_header(r, "Content-Type"))
		nd_req_header(r, nd_json_ct);
}

/* A connection path: /connection or /connections, odd spellings too. */
void nd_conn_path(nd_gen *g, char *out, size_t n, const char *pid,
			 int modern_ok)
{
	static const char *const roots[] = {"/connection", "/connections",
					    "/CONNECTION", "/Connections", NULL};
	const char *root = modern_ok && nd_chance(&g->rng, 50) ? roots[1]
								: roots[0];
	if (nd_chance(&g->rng, 4))
		root = nd_pick(&g->rng, roots);
	snprintf(out, n, "%s/%s%s", root, pid,
		 nd_chance(&g->rng, 4) ? "/" : "");
}

/* ?provider_config_key=KEY (sometimes missing, empty, extra or odd). */
void nd_key_query(nd_gen *g, char *out, size_t n, const char *key)
{
	switch (nd_chance(&g->rng, 12) ? nd_below(&g->rng, 6) : 9) {
	case 0: snprintf(out, n, "%s", ""); break;
	case 1: snprintf(out, n, "?provider_config_key="); break;
	case 2: snprintf(out, n, "?provider_config_key=%s&extra=1", key); break;
	case 3: snprintf(out, n, "?provider_config_key=unknown-{{TAG}}"); break;
	case 4: snprintf(out, n, "?provider_config_key=%s&provider_config_key=%s",
			 key, key); break;
	case 5: snprintf(out, n, "?provider_config_key=a%%2Fb"); break;
	default: snprintf(out, n, "?provider_config_key=%s", key);
	}
}

nd_gconn *nd_some_conn(nd_gen *g)
{
	return g->n_conns ? &g->conns[nd_below(&g->rng, (unsigned)g->n_conns)]
			  : NULL;
}
