/*
 * nm_req.c: what the route handlers read from a request besides its body:
 * the :connectionId parameter, the checks of an empty query, and the time
 * of the request's environment (nm_handlers.h).
 */
#include <stdlib.h>

#include "nm_handlers.h"

int64_t nm_req_now(const nm_req *r)
{
	return nm_store_now(r->srv->cfg.store, r->env);
}

/* The decoded :connectionId, checked against the id regex (§2.3 step 2). */
char *nm_param_id(const char *p, size_t pn, nm_issues *iss)
{
	size_t len;
	int bad;
	char *id = nm_url_decode(p, pn, &len, &bad);
	nj_value *v;
	if (!id)
		return NULL;
	v = nj_string(id, len);
	if (v)
		nm_check_string(iss, v, 0, NM_RX_CONNECTION_ID, 0, 255,
				"connectionId", NULL);
	nj_free(v);
	return id;
}

int nm_checked_id(char **id_out, nm_req *r, const char *p, size_t pn,
		  nm_issues *iss, const char *key)
{
	*id_out = nm_param_id(p, pn, iss);
	if (!*id_out) {
		nm_send_generic_error(r);
		return 0;
	}
	if (nm_issues_any(iss)) {
		nm_reply_issues(r, NM_E_INVALID_URI_PARAMS, iss);
	} else if (!nm_store_integration_exists(r->srv->cfg.store, r->env,
						key)) {
		nm_reply_error(r, NM_E_PROVIDER_NOT_FOUND);
	} else {
		return 1;
	}
	free(*id_out);
	*id_out = NULL;
	return 0;
}

int nm_require_empty_query(nm_req *r, const nj_value *q, nm_issues *iss)
{
	static const char *const none[] = {NULL};
	if (!q || nm_issues_init(iss)) {
		nm_send_generic_error(r);
		return 0;
	}
	nm_check_unknown_keys(iss, q, none, NULL);
	if (nm_issues_any(iss)) {
		nm_reply_issues(r, NM_E_INVALID_QUERY_PARAMS, iss);
		return 0;
	}
	return 1;
}
