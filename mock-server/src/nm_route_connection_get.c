/*
 * nm_route_connection_get.c: GET /connection/:connectionId and
 * GET /connections/:connectionId (§2.3).
 */
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

static const char *const nm_get_keys[] = {
	"provider_config_key", "refresh_token", "force_refresh",
	"refresh_github_app_jwt_token", NULL};

/* Stored JSON a GET renders under the store's lock, in bytes: a bigger
 * record is copied out (its frozen values one memcpy each) and rendered
 * after the lock, so that a large one never holds writers, and the
 * readers queued behind them, for long. */
#define NM_GET_IN_PLACE_MAX ((size_t)8 * 1024)

typedef struct {
	nj_writer w;
	int strip_refresh;
	nm_connection *copy; /* a large record, to render after the lock */
	int oom;
} nm_get_render;

/* Renders the stored connection in place (store's lock held), or copies
 * it out when it is large. */
static void nm_get_visit(void *ctx, const nm_connection *c)
{
	nm_get_render *g = ctx;
	size_t bytes = nj_frozen_bytes(c->metadata_fz) +
		       nj_frozen_bytes(c->connection_config_fz) +
		       nj_frozen_bytes(c->credentials_fz);
	if (bytes <= NM_GET_IN_PLACE_MAX) {
		nm_render_connection(&g->w, c, NM_TS_GET, g->strip_refresh, 1);
		return;
	}
	g->copy = nm_store_view_copy(c);
	g->oom = !g->copy;
}

void nm_h_get(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {0};
	char *id = NULL;
	const char *key;
	int refresh = 0;
	nm_get_render g;

	memset(&g, 0, sizeof(g));
	if (!q || nm_issues_init(&iss))
		goto oom;
	nm_check_key_query(&iss, q);
	refresh = nm_check_stringbool(&iss, nj_object_get(q, "refresh_token"),
				      "refresh_token");
	nm_check_stringbool(&iss, nj_object_get(q, "force_refresh"),
			    "force_refresh");
	nm_check_stringbool(&iss,
			    nj_object_get(q, "refresh_github_app_jwt_token"),
			    "refresh_github_app_jwt_token");
	if (!nm_query_checked(r, q, &iss, nm_get_keys))
		goto done;
	key = nj_get_string(q, "provider_config_key");
	if (!nm_checked_id(&id, r, p, pn, &iss, key))
		goto done;
	nj_w_init(&g.w);
	nm_resp_buf_init(&g.w.buf);
	g.strip_refresh = refresh != 1;
	if (nm_store_visit(r->srv->cfg.store, r->env, key, id, nm_req_now(r),
			   nm_get_visit, &g) != NM_OK) {
		nm_resp_buf_release(&g.w.buf);
		nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
		goto done;
	}
	if (g.oom) {
		nm_resp_buf_release(&g.w.buf);
		goto oom;
	}
	if (g.copy)
		nm_render_connection(&g.w, g.copy, NM_TS_GET, g.strip_refresh,
				     1);
	nm_send_json(r, 200, &g.w.buf);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	nm_connection_free(g.copy);
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}
