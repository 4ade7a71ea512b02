/*
 * nm_req.c: what the route handlers read from a request besides its body:
 * path parameters, the query checks routes share, and the time of the
 * request's environment (nm_handlers.h).
 */
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

void nm_input_read(nm_input *in, const nm_req *r)
{
	memset(in, 0, sizeof(*in));
	in->body = nm_req_body_js(r, &in->body_owned);
	in->q = nm_qs_parse(r->query);
}

void nm_input_free(nm_input *in)
{
	nj_free(in->body_owned);
	nj_free(in->q);
	nm_issues_free(&in->iss);
}

int64_t nm_req_now(const nm_req *r)
{
	return nm_store_now(r->srv->cfg.store, r->env);
}

char *nm_param_checked(const char *p, size_t pn, nm_issues *iss, nm_regex rx,
		       const char *field)
{
	size_t len;
	int bad;
	char *s = nm_url_decode(p, pn, &len, &bad);
	nj_value *v = s ? nj_string(s, len) : NULL;
	if (!v) {
		free(s);
		return NULL;
	}
	nm_check_string(iss, v, 0, rx, 0, 255, field, NULL);
	nj_free(v);
	return s;
}

int nm_checked_id(char **id_out, nm_req *r, const char *p, size_t pn,
		  nm_issues *iss, const char *key)
{
	*id_out = nm_param_checked(p, pn, iss, NM_RX_CONNECTION_ID,
				   "connectionId");
	if (!*id_out) {
		nm_send_generic_error(r);
		return 0;
	}
	if (nm_reply_any_issues(r, NM_E_INVALID_URI_PARAMS, iss)) {
		/* replied */
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

void nm_check_key_query(nm_issues *iss, const nj_value *q)
{
	nm_check_string(iss, nj_object_get(q, "provider_config_key"), 0,
			NM_RX_PROVIDER_CONFIG_KEY, 0, 255, "provider_config_key",
			NULL);
}

int nm_query_checked(nm_req *r, const nj_value *q, nm_issues *iss,
		     const char *const *allowed)
{
	nm_check_unknown_keys(iss, q, allowed, NULL);
	return !nm_reply_any_issues(r, NM_E_INVALID_QUERY_PARAMS, iss);
}

int nm_require_empty_query(nm_req *r, const nj_value *q, nm_issues *iss)
{
	static const char *const none[] = {NULL};
	if (!q || nm_issues_init(iss)) {
		nm_send_generic_error(r);
		return 0;
	}
	return nm_query_checked(r, q, iss, none);
}

int nm_require_key_query(nm_req *r, const nj_value *q, nm_issues *iss)
{
	static const char *const key_only[] = {"provider_config_key", NULL};
	nm_check_key_query(iss, q);
	return nm_query_checked(r, q, iss, key_only);
}
