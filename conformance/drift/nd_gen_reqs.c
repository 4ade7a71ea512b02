/*
 * nd_gen_reqs.c: one builder per route (create legacy/modern, get, list,
 * delete, patch, per-id and body metadata, integrations, and requests no
 * route takes), and the episode plan that strings them together.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd_gen.h"

#define ND_PATH 2400

/* A new connection slot with a fresh id, sometimes an odd one. */
static nd_gconn *nd_new_conn(nd_gen *g, size_t prov, int odd_ok)
{
	static const char *const odd[] = {
		"\xc3\xa9-", "a/b c-", "x{y}$\"'|@;=+~[z]-", "#?", "UP per-",
		"tab\t-", NULL};
	nd_gconn *c;
	char fresh[64];
	if (g->n_conns == sizeof(g->conns) / sizeof(g->conns[0]))
		return NULL;
	c = &g->conns[g->n_conns++];
	memset(c, 0, sizeof(*c));
	c->prov = prov;
	nd_fresh(g, fresh, sizeof(fresh), "");
	if (odd_ok && nd_chance(&g->rng, 10)) {
		if (nd_chance(&g->rng, 20)) {
			char pad[270];
			memset(pad, 'x', 250);
			pad[250] = '\0';
			snprintf(c->id, sizeof(c->id), "%s%s", fresh, pad);
		} else {
			snprintf(c->id, sizeof(c->id), "%s%s",
				 nd_pick(&g->rng, odd), fresh);
		}
	} else {
		snprintf(c->id, sizeof(c->id), "%s", fresh);
	}
	nd_pct(g, c->path_id, sizeof(c->path_id), c->id);
	return c;
}

static void nd_key_member(nd_gen *g, nd_jw *w, const char *key, int valid)
{
	if (valid || nd_chance(&g->rng, 50)) {
		nd_jw_key(w, "provider_config_key");
		nd_jw_str(w, key);
		return;
	}
	switch (nd_below(&g->rng, 5)) {
	case 0: return; /* missing */
	case 1: nd_jw_key(w, "provider_config_key"); nd_jw_str(w, ""); return;
	case 2: nd_jw_key(w, "provider_config_key"); nd_jw_int(w, 1); return;
	case 3: nd_jw_key(w, "provider_config_key");
		nd_jw_raw(w, "[\"k\"]"); return;
	default: nd_jw_key(w, "provider_config_key");
		nd_jw_str(w, "unknown-{{TAG}}");
	}
}

/* The connection_id member of a create body (odd types when !valid). */
static void nd_id_member(nd_gen *g, nd_jw *w, const nd_gconn *c, int valid)
{
	char num[32];
	if (valid || nd_chance(&g->rng, 60)) {
		nd_jw_key(w, "connection_id");
		nd_jw_str(w, c->id);
		return;
	}
	nd_jw_key(w, "connection_id");
	switch (nd_below(&g->rng, 5)) {
	case 0:
		snprintf(num, sizeof(num), "%ld%d", 900000 + g->index, g->fresh++);
		nd_jw_raw(w, num);
		break;
	case 1: nd_jw_arr(w); nd_jw_str(w, c->id); nd_jw_end_arr(w); break;
	case 2: nd_jw_str(w, ""); break;
	case 3: nd_jw_raw(w, "null"); break;
	default: nd_jw_raw(w, "true");
	}
}

/* With `percent` chance a "metadata" member: a metadata object, or (when
 * the draw over `valid_percent` fails) an odd value of another type. */
static void nd_maybe_metadata(nd_gen *g, nd_jw *w, int percent,
			      int valid_percent)
{
	if (!nd_chance(&g->rng, percent))
		return;
	nd_jw_key(w, "metadata");
	if (valid_percent >= 100 || nd_chance(&g->rng, valid_percent))
		nd_gen_metadata(g, w);
	else
		nd_gen_odd_value(g, w);
}

/* Legacy create of a new connection, or of `again` once more (upsert). */
static void nd_r_create_legacy(nd_gen *g, size_t prov, int valid,
			       nd_gconn *again)
{
	nd_gconn *c = again ? again : nd_new_conn(g, prov, 1);
	nd_jw w;
	char key[96];
	int id_first = nd_chance(&g->rng, 60), id_none = nd_chance(&g->rng, 5);
	nd_req *r;
	if (!c)
		return;
	prov = c->prov;
	nd_key_of(g, key, sizeof(key), prov);
	nd_jw_init(&w);
	w.spaced = nd_chance(&g->rng, 5);
	nd_jw_obj(&w);
	if (id_first && !id_none)
		nd_id_member(g, &w, c, valid);
	nd_key_member(g, &w, key, valid);
	nd_gen_legacy_creds(g, &w, nd_providers[prov].auth_mode, valid, c);
	nd_maybe_metadata(g, &w, 30, valid ? 100 : 70);
	if (nd_chance(&g->rng, !strcmp(nd_providers[prov].auth_mode, "TBA")
					 ? 80 : 20)) {
		nd_jw_key(&w, "connection_config");
		if (!strcmp(nd_providers[prov].auth_mode, "TBA") &&
		    nd_chance(&g->rng, 50))
			nd_jw_raw(&w, "{\"accountId\":\"acc1\"}");
		else if (valid || nd_chance(&g->rng, 70))
			nd_gen_config(g, &w, prov == 0);
		else
			nd_gen_odd_value(g, &w);
	}
	if (nd_chance(&g->rng, 15)) {
		nd_jw_key(&w, "webhook_url_override");
		nd_gen_webhook(g, &w);
	}
	if (!id_first && !id_none)
		nd_id_member(g, &w, c, valid);
	nd_jw_end_obj(&w);
	{
		size_t len;
		char *body = nd_jw_take(&w, &len);
		r = nd_req_std(g, "POST", nd_chance(&g->rng, 3) ? "/Connection/"
								: "/connection",
			       body, len);
	}
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

static void nd_r_create_modern(nd_gen *g, size_t prov, int valid,
			       nd_gconn *again)
{
	nd_gconn *c = again ? again : nd_new_conn(g, prov, 1);
	nd_jw w;
	char key[96];
	size_t len;
	char *body;
	nd_req *r;
	if (!c)
		return;
	prov = c->prov;
	nd_key_of(g, key, sizeof(key), prov);
	nd_jw_init(&w);
	nd_jw_obj(&w);
	nd_key_member(g, &w, key, valid);
	if (!nd_chance(&g->rng, 5)) {
		nd_jw_key(&w, "connection_id");
		if (valid || nd_chance(&g->rng, 70))
			nd_jw_str(&w, c->id);
		else
			nd_gen_odd_value(g, &w);
	}
	nd_jw_key(&w, "credentials");
	nd_gen_modern_creds(g, &w, nd_providers[prov].auth_mode, valid, c);
	nd_maybe_metadata(g, &w, 35, valid ? 100 : 60);
	if (nd_chance(&g->rng, 25)) {
		nd_jw_key(&w, "connection_config");
		nd_gen_config(g, &w, prov == 0);
	}
	if (nd_chance(&g->rng, 15)) {
		nd_jw_key(&w, "webhook_url_override");
		nd_gen_webhook(g, &w);
	}
	if (nd_chance(&g->rng, 40)) {
		nd_jw_key(&w, "end_user");
		nd_gen_end_user(g, &w, c);
	}
	if (nd_chance(&g->rng, 45)) {
		nd_jw_key(&w, "tags");
		nd_gen_tags(g, &w, c);
	}
	if (!valid && nd_chance(&g->rng, 15)) {
		nd_jw_key(&w, "unknown_key");
		nd_jw_int(&w, 1);
	}
	nd_jw_end_obj(&w);
	body = nd_jw_take(&w, &len);
	r = nd_req_std(g, "POST", nd_chance(&g->rng, 4) ? "/connections?x=1"
							: "/connections",
		       body, len);
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

/* A connection to address: one of ours, or an id nobody made. */
static void nd_target(nd_gen *g, nd_gconn **c, char *pid, size_t n,
		      char *key, size_t kn)
{
	*c = nd_chance(&g->rng, 85) ? nd_some_conn(g) : NULL;
	if (*c) {
		snprintf(pid, n, "%s", (*c)->path_id);
		nd_key_of(g, key, kn, (*c)->prov);
	} else {
		nd_fresh(g, pid, n, "-none");
		nd_key_of(g, key, kn, nd_below(&g->rng, 5));
	}
}

static void nd_r_get(nd_gen *g)
{
	static const char *const flags[] = {
		"&refresh_token=true", "&refresh_token=false", "&refresh_token=1",
		"&refresh_token=YES", "&refresh_token=maybe", "&refresh_token=",
		"&force_refresh=false", "&refresh_github_app_jwt_token=false",
		"&force_refresh=false&refresh_token=true&refresh_github_app_jwt_token=false",
		NULL};
	nd_gconn *c;
	char pid[1400], key[96], q[300], path[ND_PATH], pth[1500];
	nd_target(g, &c, pid, sizeof(pid), key, sizeof(key));
	nd_conn_path(g, pth, sizeof(pth), pid, 1);
	nd_key_query(g, q, sizeof(q), key);
	snprintf(path, sizeof(path), "%s%s%s", pth, q,
		 q[0] && nd_chance(&g->rng, 35) ? nd_pick(&g->rng, flags) : "");
	if (c && !c->refresh && q[0] && nd_chance(&g->rng, 8))
		strncat(path, "&force_refresh=true", sizeof(path) - strlen(path) - 1);
	nd_mutate_headers(g, nd_req_std(g, nd_chance(&g->rng, 10) ? "HEAD" : "GET",
					path, NULL, 0));
}

/* Appends "&name=value" (value percent-encoded) to q. */
static void nd_q(nd_gen *g, char *q, size_t n, const char *name,
		 const char *value)
{
	char enc[1400];
	size_t len = strlen(q);
	nd_pct_as(g, enc, sizeof(enc), value, 1);
	snprintf(q + len, n - len, "%s%s=%s", len ? "&" : "", name, enc);
}

static void nd_r_list(nd_gen *g)
{
	static const char *const extra[] = {
		"limit=1", "limit=2", "limit=1.5", "limit=0", "limit=2001",
		"limit=abc", "page=0", "page=1", "limit=1&page=1", "page=-1",
		"page=", "foo=1", "connection_id=x", "tags=abc", "tags[1bad]=x",
		"tags[toString]=x", "tags%5Bteam%5D=x", "search=", "endUserOrganizationId=o",
		"connectionId=", "tags[a]=1&tags=x", "limit=2000",
		"connectionId=x&connectionId=y", "search=%25", "search=_",
		"endUserId=", "limit=1&page=0", "page=1.9&limit=1",
		"integrationId=%20x%20,%20y", "tags[Team]=x&tags[team]=y",
		"endUserOrganizationId=", "zzz=1&yyy=2", "tags[a][b]=c", NULL};
	nd_gconn *c = nd_some_conn(g);
	char q[2000] = "", pfx[64], path[ND_PATH], key[96];
	unsigned scope = nd_below(&g->rng, 5);
	if (!c || scope == 0) {
		snprintf(pfx, sizeof(pfx), "d{{TAG}}-%ld-", g->index);
		nd_q(g, q, sizeof(q), "search", pfx);
	} else if (scope == 1 || (scope == 2 && !c->eu[0]) ||
		   (scope == 3 && !c->tag_k[0])) {
		nd_q(g, q, sizeof(q), "connectionId", c->id);
	} else if (scope == 2) {
		nd_q(g, q, sizeof(q), "endUserId", c->eu);
	} else if (scope == 3) {
		char name[64];
		snprintf(name, sizeof(name), "tags[%s]", c->tag_k);
		nd_q(g, q, sizeof(q), name, c->tag_v);
	} else {
		nd_q(g, q, sizeof(q), "connectionId", c->id);
	}
	if (c && nd_chance(&g->rng, 40)) {
		nd_key_of(g, key, sizeof(key), c->prov);
		nd_q(g, q, sizeof(q), "integrationId", key);
	}
	if (g->own_key[0] && nd_chance(&g->rng, 50))
		nd_q(g, q, sizeof(q), "integrationId", g->own_key);
	if (nd_chance(&g->rng, 30)) {
		size_t len = strlen(q);
		snprintf(q + len, sizeof(q) - len, "&%s", nd_pick(&g->rng, extra));
	}
	snprintf(path, sizeof(path), "%s%s?%s",
		 nd_chance(&g->rng, 50) ? "/connections" : "/connection",
		 nd_chance(&g->rng, 5) ? "/" : "", q);
	nd_mutate_headers(g, nd_req_std(g, nd_chance(&g->rng, 8) ? "HEAD" : "GET",
					path, NULL, 0));
}

static void nd_r_delete(nd_gen *g)
{
	nd_gconn *c;
	char pid[1400], key[96], q[300], path[ND_PATH], pth[1500];
	nd_req *r;
	nd_target(g, &c, pid, sizeof(pid), key, sizeof(key));
	nd_conn_path(g, pth, sizeof(pth), pid, 1);
	nd_key_query(g, q, sizeof(q), key);
	snprintf(path, sizeof(path), "%s%s", pth, q);
	r = nd_req_std(g, "DELETE", path,
		       nd_chance(&g->rng, 8) ? strdup("{\"connection_id\":\"x\"}")
					     : NULL, 21);
	nd_mutate_headers(g, r);
}

static void nd_r_patch(nd_gen *g)
{
	nd_gconn *c;
	char pid[1400], key[96], q[300], path[ND_PATH];
	nd_jw w;
	size_t len;
	char *body;
	nd_req *r;
	nd_target(g, &c, pid, sizeof(pid), key, sizeof(key));
	nd_key_query(g, q, sizeof(q), key);
	snprintf(path, sizeof(path), "/connections/%s%s", pid, q);
	nd_jw_init(&w);
	nd_jw_obj(&w);
	if (nd_chance(&g->rng, 55)) {
		nd_jw_key(&w, "tags");
		nd_gen_tags(g, &w, c);
	}
	if (nd_chance(&g->rng, 35)) {
		nd_jw_key(&w, "end_user");
		nd_gen_end_user(g, &w, c);
	}
	if (nd_chance(&g->rng, 30)) {
		nd_jw_key(&w, "webhook_url_override");
		nd_gen_webhook(g, &w);
	}
	if (nd_chance(&g->rng, 6)) {
		nd_jw_key(&w, "metadata");
		nd_jw_raw(&w, "{}");
	}
	nd_jw_end_obj(&w);
	body = nd_jw_take(&w, &len);
	r = nd_req_std(g, "PATCH", path, body, len);
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

static void nd_r_meta_legacy(nd_gen *g)
{
	nd_gconn *c;
	char pid[1400], key[96], path[ND_PATH], hdr[160];
	const char *method = nd_chance(&g->rng, 50) ? "POST" : "PATCH";
	unsigned how = nd_below(&g->rng, 10), body_kind = nd_below(&g->rng, 12);
	nd_jw w;
	char *body = NULL;
	size_t len = 0;
	nd_req *r;
	nd_target(g, &c, pid, sizeof(pid), key, sizeof(key));
	snprintf(path, sizeof(path), "/connection/%s/metadata%s%s", pid,
		 how < 7 ? "?provider_config_key=" : "", how < 7 ? key : "");
	nd_jw_init(&w);
	if (body_kind < 8)
		nd_gen_metadata(g, &w);
	else if (body_kind == 8)
		nd_jw_raw(&w, "[]");
	else if (body_kind == 9)
		nd_jw_raw(&w, "[1,2]");
	else if (body_kind == 10)
		nd_jw_raw(&w, "{}");
	if (body_kind != 11)
		body = nd_jw_take(&w, &len);
	else
		nj_buf_free(&w.b);
	r = nd_req_std(g, method, path, body, len);
	if (r && how >= 6 && how < 9) {
		snprintf(hdr, sizeof(hdr), "Provider-Config-Key: %s", key);
		nd_req_header(r, hdr);
	}
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

static void nd_ids_member(nd_gen *g, nd_jw *w)
{
	nd_gconn *c = nd_some_conn(g);
	char none[64];
	size_t i;
	nd_fresh(g, none, sizeof(none), "-none");
	nd_jw_key(w, "connection_id");
	switch (nd_chance(&g->rng, 15) ? nd_below(&g->rng, 5) : 9) {
	case 0: nd_jw_str(w, ""); return;
	case 1: nd_jw_int(w, 123); return;
	case 2: nd_jw_raw(w, "[]"); return;
	case 3: nd_jw_arr(w); nd_jw_str(w, c ? c->id : none); nd_jw_str(w, "");
		nd_jw_end_arr(w); return;
	case 4: nd_jw_str(w, none); return;
	}
	if (!c || nd_chance(&g->rng, 40)) {
		nd_jw_arr(w);
		for (i = 0; i < g->n_conns; i++)
			nd_jw_str(w, g->conns[i].id);
		if (!g->n_conns || nd_chance(&g->rng, 20))
			nd_jw_str(w, none);
		nd_jw_end_arr(w);
	} else {
		nd_jw_str(w, c->id);
	}
}

static void nd_r_meta_body(nd_gen *g)
{
	nd_gconn *c = nd_some_conn(g);
	char key[96], path[128];
	const char *method = nd_chance(&g->rng, 50) ? "POST" : "PATCH";
	nd_jw w;
	size_t len;
	char *body;
	nd_req *r;
	nd_key_of(g, key, sizeof(key), c ? c->prov : 0);
	snprintf(path, sizeof(path), "%s%s",
		 nd_chance(&g->rng, 50) ? "/connections/metadata"
					: "/connection/metadata",
		 nd_chance(&g->rng, 4) ? "?x=1" : "");
	nd_jw_init(&w);
	nd_jw_obj(&w);
	nd_ids_member(g, &w);
	nd_key_member(g, &w, key, nd_chance(&g->rng, 85));
	nd_jw_key(&w, "metadata");
	if (nd_chance(&g->rng, 85))
		nd_gen_metadata(g, &w);
	else
		nd_gen_odd_value(g, &w);
	if (nd_chance(&g->rng, 5)) {
		nd_jw_key(&w, "extra");
		nd_jw_int(&w, 1);
	}
	nd_jw_end_obj(&w);
	body = nd_jw_take(&w, &len);
	r = nd_req_std(g, method, path, body, len);
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

/* POST /integrations for the episode's own integration (or a bad one). */
static void nd_r_integ_create(nd_gen *g, size_t prov, int valid)
{
	nd_jw w;
	size_t len;
	char *body;
	nd_jw_init(&w);
	nd_jw_obj(&w);
	if (valid || nd_below(&g->rng, 5) != 0) {
		nd_jw_key(&w, "unique_key");
		if (valid || nd_chance(&g->rng, 60))
			nd_jw_str(&w, g->own_key);
		else
			nd_jw_str(&w, nd_chance(&g->rng, 50) ? "a/b" : "");
	}
	if (valid || nd_below(&g->rng, 4) != 0) {
		nd_jw_key(&w, "provider");
		if (valid || nd_chance(&g->rng, 50))
			nd_jw_str(&w, nd_providers[prov].provider);
		else
			nd_jw_str(&w, nd_chance(&g->rng, 50) ? "no-such-provider"
							      : "bad provider!");
	}
	if (nd_providers[prov].integration_body &&
	    (valid || nd_chance(&g->rng, 60))) {
		nd_jw_key(&w, "credentials");
		nd_jw_raw(&w, nd_providers[prov].integration_body);
	}
	if (nd_chance(&g->rng, valid ? 10 : 20)) {
		nd_jw_key(&w, "display_name");
		nd_jw_str(&w, "Mine");
	}
	if (nd_chance(&g->rng, 10)) {
		nd_jw_key(&w, "forward_webhooks");
		nd_jw_raw(&w, nd_chance(&g->rng, 80) ? "false" : "\"no\"");
	}
	if (!valid && nd_chance(&g->rng, 15)) {
		nd_jw_key(&w, nd_chance(&g->rng, 50) ? "integration_config"
						      : "unknown");
		nd_jw_raw(&w, "{}");
	}
	nd_jw_end_obj(&w);
	body = nd_jw_take(&w, &len);
	nd_mutate_headers(g, nd_req_std(g, "POST", "/integrations", body, len));
}

/* Requests no route takes, and the ones every route shares. */
static void nd_r_junk(nd_gen *g)
{
	static const char *const paths[] = {
		"/nope", "/connection/x/y", "/connection/", "/a'b%22c%3Cd%3E&e%20f",
		"/connection/a%ZZ?provider_config_key=k", "/connections/metadata",
		"/connection?x=%ZZ", "/integrations", "/health", "/CONNECTION/",
		"/connection/metadata?provider_config_key=k",
		"/connections/metadata/", "/connection/%E9", NULL};
	static const char *const methods[] = {"PUT", "POST", "DELETE", "PATCH",
					      "OPTIONS", "GET", "HEAD", NULL};
	const char *path = nd_pick(&g->rng, paths);
	const char *m = nd_pick(&g->rng, methods);
	nd_req *r;
	/* GET and HEAD only where a route answers: health, lists, errors */
	if ((!strcmp(m, "GET") || !strcmp(m, "HEAD")) &&
	    (!strcmp(path, "/nope") || !strcmp(path, "/connection/x/y") ||
	     !strncmp(path, "/a'", 3) || !strcmp(path, "/integrations")))
		path = "/health";
	if ((!strcmp(m, "GET") || !strcmp(m, "HEAD")) &&
	    (!strcmp(path, "/connection/") || !strcmp(path, "/CONNECTION/")))
		path = "/connection?connectionId=";
	r = nd_req_std(g, m, path,
		       nd_chance(&g->rng, 30) ? strdup("{\"a\":1}") : NULL, 7);
	if (r && !strcmp(m, "OPTIONS") && nd_chance(&g->rng, 50))
		nd_req_header(r, "Origin: https://app.example.com");
	nd_mutate_headers(g, r);
	nd_mutate_body(g, r);
}

static void nd_r_integ_delete(nd_gen *g, int own)
{
	char path[160];
	if (own)
		snprintf(path, sizeof(path), "/integrations/%s", g->own_key);
	else
		snprintf(path, sizeof(path), "/integrations/d{{TAG}}-%ld-nope",
			 g->index);
	nd_mutate_headers(g, nd_req_std(g, "DELETE", path, NULL, 0));
}

/* One follow-up request, weighted towards the common routes. */
static void nd_step(nd_gen *g)
{
	unsigned k = nd_below(&g->rng, 100);
	size_t prov = nd_below(&g->rng, (unsigned)nd_n_providers);
	if (g->own_key[0] && nd_chance(&g->rng, 50))
		prov = g->own_prov;
	if (k < 24)
		nd_r_get(g);
	else if (k < 38)
		nd_r_list(g);
	else if (k < 49)
		nd_r_meta_legacy(g);
	else if (k < 60)
		nd_r_meta_body(g);
	else if (k < 70)
		nd_r_patch(g);
	else if (k < 78)
		nd_r_delete(g);
	else if (k < 84)
		nd_r_create_legacy(g, prov, nd_chance(&g->rng, 75), NULL);
	else if (k < 90)
		nd_r_create_modern(g, prov, nd_chance(&g->rng, 70), NULL);
	else if (k < 94 && g->n_conns) { /* the same id again: an upsert */
		if (nd_chance(&g->rng, 50))
			nd_r_create_legacy(g, 0, 1, nd_some_conn(g));
		else
			nd_r_create_modern(g, 0, 1, nd_some_conn(g));
	} else {
		nd_r_junk(g);
	}
}

int nd_generate(nd_episode *e, uint64_t seed, long index)
{
	nd_gen g;
	char buf[128];
	size_t want, prov;
	unsigned kind;
	memset(&g, 0, sizeof(g));
	memset(e, 0, sizeof(*e));
	g.e = e;
	g.index = index;
	g.rng.s = seed ^ ((uint64_t)index * 0xd1b54a32d192ed03ULL);
	nd_rng_next(&g.rng);
	snprintf(buf, sizeof(buf), "seed %llu episode %ld",
		 (unsigned long long)seed, index);
	e->name = strdup(buf);
	snprintf(buf, sizeof(buf), "generate --seed %llu --episode %ld",
		 (unsigned long long)seed, index);
	e->replay = strdup(buf);
	if (!e->name || !e->replay)
		return -1;
	want = 1 + nd_below(&g.rng, 6);
	kind = nd_below(&g.rng, 100);
	prov = nd_below(&g.rng, (unsigned)nd_n_providers);
	if (kind < 6) {
		while (e->n < want)
			nd_r_junk(&g);
		return 0;
	}
	if (kind < 20 && want >= 2) {
		snprintf(g.own_key, sizeof(g.own_key), "d{{TAG}}-%ld-int", index);
		g.own_prov = prov;
		if (!(e->cleanup_key = strdup(g.own_key)))
			return -1;
		nd_r_integ_create(&g, prov, nd_chance(&g.rng, 85));
		if (e->n + 1 < want && nd_chance(&g.rng, 15))
			nd_r_integ_create(&g, prov, 1); /* the key again */
		while (e->n + 1 < want)
			nd_step(&g);
		nd_r_integ_delete(&g, nd_chance(&g.rng, 90));
		return 0;
	}
	if (nd_chance(&g.rng, 50))
		nd_r_create_legacy(&g, prov, nd_chance(&g.rng, 80), NULL);
	else
		nd_r_create_modern(&g, prov, nd_chance(&g.rng, 75), NULL);
	while (e->n < want)
		nd_step(&g);
	return 0;
}
