/*
 * nm_route_connection_list.c: GET /connection and GET /connections (§2.1):
 * the query's filters, then the store's listing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

static const char *const nm_list_keys[] = {
	"connectionId", "search", "endUserId", "integrationId",
	"endUserOrganizationId", "tags", "limit", "page", NULL};

static void nm_list_validate(nm_issues *iss, const nj_value *q,
			     double *limit, double *page, nj_value **tags)
{
	nm_check_string(iss, nj_object_get(q, "connectionId"), 1, NM_RX_NONE,
			1, 255, "connectionId", NULL);
	nm_check_string(iss, nj_object_get(q, "search"), 1, NM_RX_NONE, 1, 255,
			"search", NULL);
	iss->max_first = 1; /* end_user.id: z.string().max(255).min(1) */
	nm_check_string(iss, nj_object_get(q, "endUserId"), 1, NM_RX_NONE, 1,
			255, "endUserId", NULL);
	iss->max_first = 0;
	nm_check_string(iss, nj_object_get(q, "integrationId"), 1, NM_RX_NONE,
			1, 0, "integrationId", NULL);
	nm_check_string(iss, nj_object_get(q, "endUserOrganizationId"), 1,
			NM_RX_NONE, 1, 255, "endUserOrganizationId", NULL);
	nm_check_tags(iss, nj_object_get(q, "tags"), "tags", 0, tags);
	nm_check_coerced_number(iss, nj_object_get(q, "limit"), 1, 2000, 1,
				limit, "limit");
	nm_check_coerced_number(iss, nj_object_get(q, "page"), 0, 0, 0, page,
				"page");
	nm_check_unknown_keys(iss, q, nm_list_keys, NULL);
}

/* Splits "a, b,c" into trimmed parts (JS trim of ASCII blanks). */
static size_t nm_split_ids(char *s, const char **parts, size_t max)
{
	size_t n = 0;
	char *tok = s, *comma;
	while (tok && n < max) {
		char *end;
		comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		while (*tok == ' ' || *tok == '\t' || *tok == '\n' || *tok == '\r')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && strchr(" \t\r\n", end[-1]))
			*--end = '\0';
		parts[n++] = tok;
		tok = comma ? comma + 1 : NULL;
	}
	return n;
}

void nm_h_list(nm_req *r, const char *p, size_t pn)
{
	nj_value *q = nm_qs_parse(r->query), *tags = NULL;
	nm_issues iss = {0};
	nm_list_filter f;
	nm_connection **list = NULL;
	size_t n = 0, i;
	double limit = 10000, page = 0;
	char *ids = NULL;
	const char *parts[256];
	nj_writer w;

	(void)p;
	(void)pn;
	if (!q || nm_issues_init(&iss)) {
		nm_send_generic_error(r);
		goto done;
	}
	nm_list_validate(&iss, q, &limit, &page, &tags);
	if (nm_reply_any_issues(r, NM_E_INVALID_QUERY_PARAMS, &iss))
		goto done;
	if (nm_holds_nul(q)) { /* %00: the database query fails */
		nm_send_generic_error(r);
		goto done;
	}
	memset(&f, 0, sizeof(f));
	f.connection_id = nj_get_string(q, "connectionId");
	f.search = nj_get_string(q, "search");
	f.end_user_id = nj_get_string(q, "endUserId");
	f.end_user_org_id = nj_get_string(q, "endUserOrganizationId");
	if (nj_get_string(q, "integrationId")) {
		const char *s = nj_get_string(q, "integrationId");
		ids = nm_dup(s);
		if (ids) {
			f.n_integration_ids = nm_split_ids(ids, parts, 256);
			f.integration_ids = parts;
		}
	}
	f.tags = tags;
	f.limit = (long long)floor(limit);
	f.offset = (long long)floor(page * limit);
	if (nm_store_list(&list, &n, r->srv->cfg.store, r->env, &f) != NM_OK) {
		nm_send_generic_error(r);
		goto done;
	}
	nj_w_init(&w);
	nm_resp_buf_init(&w.buf);
	nj_w_obj(&w);
	nj_w_key(&w, "connections");
	nj_w_arr(&w);
	for (i = 0; i < n; i++)
		nm_render_list_item(&w, list[i]);
	nj_w_end_arr(&w);
	nj_w_end_obj(&w);
	nm_send_json(r, 200, &w.buf);
done:
	nm_connection_list_free(list, n);
	free(ids);
	nj_free(tags);
	nj_free(q);
	nm_issues_free(&iss);
}
