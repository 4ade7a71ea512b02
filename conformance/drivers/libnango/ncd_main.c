/* ncd_main.c: the libnango driver: one command a line, one answer a line. */
#include "ncd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ncd_str(const nj_value *cmd, const char *key)
{
	return nj_get_string(cmd, key);
}

static int ncd_flag(const nj_value *cmd, const char *key)
{
	return nj_truthy(nj_object_get(cmd, key));
}

static int ncd_int(const nj_value *cmd, const char *key)
{
	const nj_value *v = nj_object_get(cmd, key);
	return v && v->type == NJ_NUMBER ? (int)v->num : 0;
}

/* A member's JSON text (kept until the command ends), or NULL if absent. */
const char *ncd_text(ncd *d, const nj_value *cmd, const char *key)
{
	const nj_value *v = nj_object_get(cmd, key);
	nj_buf b = NJ_BUF_INIT;
	size_t i;
	if (!v)
		return NULL;
	for (i = 0; i < 4 && d->json[i]; i++)
		;
	if (i == 4)
		return NULL;
	nj_buf_value(&b, v);
	d->json[i] = nj_buf_take(&b, NULL);
	return d->json[i];
}

/* {"k":"v",...} as {"k","v",...,NULL} in out (up to 10 pairs). */
nango_tags ncd_tags(const nj_value *obj, const char **out)
{
	size_t i, n = 0;
	if (!obj || obj->type != NJ_OBJECT)
		return NULL;
	for (i = 0; i < obj->len && n < 20; i++) {
		const nj_member *m = obj->members[i];
		if (m->value->type != NJ_STRING)
			continue;
		out[n++] = m->key;
		out[n++] = m->value->str;
	}
	out[n] = NULL;
	return out;
}

void ncd_end_user(ncd *d, const nj_value *u, nango_end_user_params *p)
{
	p->id = ncd_str(u, "id");
	p->email = ncd_str(u, "email");
	p->display_name = ncd_str(u, "display_name");
	p->tags = ncd_tags(nj_object_get(u, "tags"), d->user_tags);
}

static void ncd_hello(ncd *d, const nj_value *cmd)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nj_writer w;
	int rc;
	o.base_url = ncd_str(cmd, "base_url");
	o.secret_key = ncd_str(cmd, "secret_key");
	o.max_retries = ncd_int(cmd, "retries");
	nango_client_free(d->client);
	d->client = NULL;
	rc = nango_client_new(&d->client, &o);
	if (rc != NANGO_OK) {
		ncd_answer_error(NULL, rc);
		return;
	}
	ncd_ok_begin(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "client");
	nj_w_str(&w, "libnango " NANGO_VERSION_STRING);
	nj_w_end_obj(&w);
	ncd_ok_end(&w);
}

static void ncd_list(ncd *d, const nj_value *cmd)
{
	nango_list_params p = NANGO_LIST_PARAMS_INIT;
	nango_connection_array *a = NULL;
	nj_writer w;
	size_t i;
	int rc;
	p.connection_id = ncd_str(cmd, "connection_id");
	p.search = ncd_str(cmd, "search");
	p.end_user_id = ncd_str(cmd, "end_user_id");
	p.end_user_organization_id = ncd_str(cmd, "end_user_organization_id");
	p.integration_id = ncd_str(cmd, "integration_id");
	p.tags = ncd_tags(nj_object_get(cmd, "tags"), d->tags);
	p.limit = ncd_int(cmd, "limit");
	p.page = ncd_int(cmd, "page");
	rc = nango_connection_list(&a, d->client, &p);
	if (rc != NANGO_OK) {
		ncd_answer_error(d->client, rc);
		return;
	}
	ncd_ok_begin(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "connections");
	nj_w_arr(&w);
	for (i = 0; i < a->count; i++)
		ncd_w_connection(&w, &a->items[i], 1);
	nj_w_end_arr(&w);
	nj_w_end_obj(&w);
	ncd_ok_end(&w);
	nango_connection_array_free(a);
}

/* Answers with the connection, or the error. */
void ncd_connection_answer(ncd *d, int rc, nango_connection *c)
{
	nj_writer w;
	if (rc != NANGO_OK) {
		ncd_answer_error(d->client, rc);
		return;
	}
	ncd_ok_begin(&w);
	ncd_w_connection(&w, c, 0);
	ncd_ok_end(&w);
	nango_connection_free(c);
}

static void ncd_get(ncd *d, const nj_value *cmd)
{
	nango_get_params p = NANGO_GET_PARAMS_INIT;
	nango_connection *c = NULL;
	int rc;
	p.refresh_token = ncd_flag(cmd, "refresh_token");
	p.force_refresh = ncd_flag(cmd, "force_refresh");
	p.refresh_github_app_jwt_token =
		ncd_flag(cmd, "refresh_github_app_jwt_token");
	rc = nango_connection_get(&c, d->client,
				  ncd_str(cmd, "provider_config_key"),
				  ncd_str(cmd, "connection_id"), &p);
	ncd_connection_answer(d, rc, c);
}

/* Answers ok with a null value, or the error. */
void ncd_done(ncd *d, int rc)
{
	nj_writer w;
	if (rc != NANGO_OK) {
		ncd_answer_error(d->client, rc);
		return;
	}
	ncd_ok_begin(&w);
	nj_w_null(&w);
	ncd_ok_end(&w);
}

static void ncd_delete(ncd *d, const nj_value *cmd)
{
	ncd_done(d, nango_connection_delete(d->client,
		 ncd_str(cmd, "provider_config_key"),
		 ncd_str(cmd, "connection_id")));
}

/*
 * NANGO_DRIVER_BREAK=empty-metadata makes this a deliberately wrong driver
 * for the kit's self-check: the metadata sent is always {}, as the
 * Speakeasy SDK's createMetadata and update do.
 */
static int ncd_broken(void)
{
	const char *b = getenv("NANGO_DRIVER_BREAK");
	return b && !strcmp(b, "empty-metadata");
}

static void ncd_metadata(ncd *d, const nj_value *cmd, int update)
{
	const nj_value *ids = nj_object_get(cmd, "connection_id");
	const char *one[1], **list = one;
	const char *key = ncd_str(cmd, "provider_config_key");
	const char *meta = ncd_broken() ? "{}" : ncd_text(d, cmd, "metadata");
	size_t n = 1, i;
	if (ids && ids->type == NJ_ARRAY) {
		n = ids->len;
		list = calloc(n ? n : 1, sizeof(*list));
		for (i = 0; list && i < n; i++)
			list[i] = ids->items[i]->type == NJ_STRING ?
				ids->items[i]->str : NULL;
	} else {
		one[0] = ncd_str(cmd, "connection_id");
	}
	if (!list)
		ncd_answer_unsupported("out of memory");
	else if (update)
		ncd_done(d, nango_metadata_update(d->client, key, list, n,
						  meta));
	else
		ncd_done(d, nango_metadata_set(d->client, key, list, n, meta));
	if (list != one)
		free(list);
}

static void ncd_patch(ncd *d, const nj_value *cmd)
{
	nango_patch_params p = NANGO_PATCH_PARAMS_INIT;
	nango_end_user_params u = NANGO_END_USER_PARAMS_INIT;
	if (nj_object_get(cmd, "end_user")) {
		ncd_end_user(d, nj_object_get(cmd, "end_user"), &u);
		p.end_user = &u;
	}
	if (nj_object_get(cmd, "tags")) {
		p.set_tags = 1;
		p.tags = ncd_tags(nj_object_get(cmd, "tags"), d->tags);
	}
	p.webhook_url_override = ncd_str(cmd, "webhook_url_override");
	ncd_done(d, nango_connection_patch(d->client,
		 ncd_str(cmd, "provider_config_key"),
		 ncd_str(cmd, "connection_id"), &p));
}

static void ncd_dispatch(ncd *d, const nj_value *cmd)
{
	const char *op = ncd_str(cmd, "op");
	if (op && !strcmp(op, "hello"))
		ncd_hello(d, cmd);
	else if (!d->client)
		ncd_answer_error(NULL, NANGO_EARG);
	else if (op && !strcmp(op, "list"))
		ncd_list(d, cmd);
	else if (op && !strcmp(op, "get"))
		ncd_get(d, cmd);
	else if (op && !strcmp(op, "delete"))
		ncd_delete(d, cmd);
	else if (op && !strcmp(op, "create_legacy"))
		ncd_create_legacy(d, cmd);
	else if (op && !strcmp(op, "import"))
		ncd_import(d, cmd);
	else if (op && !strcmp(op, "set_metadata"))
		ncd_metadata(d, cmd, 0);
	else if (op && !strcmp(op, "update_metadata"))
		ncd_metadata(d, cmd, 1);
	else if (op && !strcmp(op, "patch"))
		ncd_patch(d, cmd);
	else
		ncd_answer_unsupported("unknown op");
}

int main(void)
{
	ncd d;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	memset(&d, 0, sizeof(d));
	if (nango_global_init() != NANGO_OK)
		return 1;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		nj_value *cmd = NULL;
		size_t i;
		if (nj_parse(&cmd, line, (size_t)n, NULL) != NJ_OK) {
			ncd_answer_unsupported("the line is not JSON");
			continue;
		}
		ncd_dispatch(&d, cmd);
		nj_free(cmd);
		for (i = 0; i < 4; i++) {
			free(d.json[i]);
			d.json[i] = NULL;
		}
	}
	free(line);
	nango_client_free(d.client);
	nango_global_cleanup();
	return 0;
}
