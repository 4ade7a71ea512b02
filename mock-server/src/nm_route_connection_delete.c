/*
 * nm_route_connection_delete.c: DELETE /connection/:connectionId and
 * DELETE /connections/:connectionId (§2.4).
 */
#include <stdlib.h>

#include "nm_handlers.h"

void nm_h_delete(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query);
	nm_issues iss = {0};
	char *id = NULL;

	if (!q || nm_issues_init(&iss))
		goto oom;
	id = nm_param_checked(p, pn, &iss, NM_RX_CONNECTION_ID, "connectionId");
	if (!id)
		goto oom;
	if (nm_reply_any_issues(r, NM_E_INVALID_URI_PARAMS, &iss) ||
	    !nm_require_key_query(r, q, &iss))
		goto done;
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
	nm_reply_success(r);
	goto done;
oom:
	nm_send_generic_error(r);
done:
	free(id);
	nj_free(q);
	nm_issues_free(&iss);
}
