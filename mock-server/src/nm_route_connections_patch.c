/*
 * nm_route_connections_patch.c: PATCH /connections/:connectionId (§4.3):
 * end user, tags and webhook_url_override of one connection.
 */
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

static const char *const nm_patch_keys[] = {"end_user", "tags",
					    "webhook_url_override", NULL};

/* Validates a PATCH body into pa (§4.3). */
static void nm_patch_validate(nm_issues *iss, const nj_value *body,
			      nm_patch *pa, nm_end_user **eu, char **hook)
{
	nj_value *tags = NULL;
	const nj_value *wh;
	if (!body || body->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", body, NULL, NULL);
		return;
	}
	nm_check_end_user(iss, nj_object_get(body, "end_user"), eu);
	nm_check_tags(iss, nj_object_get(body, "tags"), "tags", 0, &tags);
	wh = nj_object_get(body, "webhook_url_override");
	nm_check_webhook(iss, wh, "webhook_url_override", hook);
	nm_check_unknown_keys(iss, body, nm_patch_keys, NULL);
	pa->end_user = *eu;
	pa->set_webhook = wh != NULL;
	pa->webhook_url_override = *hook;
	if (*eu || tags)
		pa->tags = nm_merge_tags(*eu, tags);
	nj_free(tags);
}

void nm_h_patch_connection(nm_req *r, const char *p, size_t pn)
{
	nm_input rq;
	nm_end_user *eu = NULL;
	nm_patch pa;
	char *hook = NULL, *id = NULL;
	const char *key;

	nm_input_read(&rq, r);
	memset(&pa, 0, sizeof(pa));
	if (!rq.q || nm_issues_init(&rq.iss))
		goto oom;
	if (!nm_require_key_query(r, rq.q, &rq.iss))
		goto done;
	nm_patch_validate(&rq.iss, rq.body, &pa, &eu, &hook);
	if (nm_reply_any_issues(r, NM_E_INVALID_BODY, &rq.iss))
		goto done;
	if ((eu || nj_object_get(rq.body, "tags")) && !pa.tags)
		goto oom;
	key = nj_get_string(rq.q, "provider_config_key");
	if (!nm_checked_id(&id, r, p, pn, &rq.iss, key))
		goto done;
	switch (nm_store_patch(r->srv->cfg.store, r->env, key, id, &pa)) {
	case NM_OK:
		nm_reply_success(r);
		goto done;
	case NM_ENOTFOUND:
		nm_reply_error(r, NM_E_CONNECTION_NOT_FOUND);
		goto done;
	default:
		goto oom;
	}
oom:
	nm_send_generic_error(r);
done:
	nj_free(pa.tags);
	nm_end_user_free(eu);
	free(hook);
	free(id);
	nm_input_free(&rq);
}
