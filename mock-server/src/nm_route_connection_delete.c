/*
 * nm_route_connection_delete.c: DELETE /connection/:connectionId and
 * DELETE /connections/:connectionId (§2.4).
 */
#include <stdlib.h>

#include "nm_handlers.h"

static const char *const nm_delete_keys[] = {"provider_config_key", NULL};

void nm_h_delete(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {NULL};
	char *id = NULL;
	static const char ok[] = "{\"success\":true}";

	if (!q || nm_issues_init(&iss))
		goto oom;
	id = nm_param_id(p, pn, &iss);
	if (!id)
		goto oom;
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_URI_PARAMS, &iss);
		goto done;
	}
	nm_check_string(&iss, nj_object_get(q, "provider_config_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "provider_config_key",
			NULL);
	nm_check_unknown_keys(&iss, q, nm_delete_keys, NULL);
	if (nm_issues_any(&iss)) {
		nm_reply_issues(r, NM_E_INVALID_QUERY_PARAMS, &iss);
		goto done;
	}
	if (nm_store_delete(r->srv->cfg.store, r->env,
			    nj_get_string(q, "provider_config_key"), id)) {
		nm_reply_error(r, NM_E_DELETE_UNKNOWN_CONNECTION);
		goto done;
	}
#ifdef NM_DELIBERATELY_BROKEN
	/* only in nango-mock-broken, which proves the suite can fail */
	nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
	goto done;
#endif
	nm_send(r, 200, "application/json; charset=utf-8", ok, sizeof(ok) - 1,
		NM_SEND_ETAG);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}
