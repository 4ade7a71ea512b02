/*
 * nm_route_connection_get.c: GET /connection/:connectionId and
 * GET /connections/:connectionId (§2.3).
 */
#include <stdlib.h>

#include "nm_handlers.h"

static const char *const nm_get_keys[] = {
	"provider_config_key", "refresh_token", "force_refresh",
	"refresh_github_app_jwt_token", NULL};

typedef struct {
	nj_writer w;
	int strip_refresh;
} nm_get_render;

/* Renders the stored connection in place (store's read lock held). */
static void nm_get_visit(void *ctx, const nm_connection *c)
{
	nm_get_render *g = ctx;
	nm_render_connection(&g->w, c, NM_TS_GET, g->strip_refresh, 1);
}

void nm_h_get(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {0};
	char *id = NULL;
	const char *key;
	int refresh = 0;
	nm_get_render g;

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
	g.strip_refresh = refresh != 1;
	if (nm_store_visit(r->srv->cfg.store, r->env, key, id, nm_req_now(r),
			   nm_get_visit, &g) != NM_OK) {
		nj_buf_free(&g.w.buf);
		nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
		goto done;
	}
	nm_send_json(r, 200, &g.w.buf);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}
