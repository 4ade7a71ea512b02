/*
 * nango_ops.c: libnango's operations: check the arguments, build the
 * request, run it, parse the answer. Each has one exit path that frees
 * what it built. A 404 not_found means a connection (NANGO_ENOTFOUND)
 * everywhere but on POST /connections, where it means the integration.
 */
#include <stdlib.h>
#include <string.h>

#include "nango_internal.h"

/* Argument check shared by the operations that name one connection. */
static int nango__args(nango_client *c, const char *key, const char *id)
{
	if (!c)
		return NANGO_EARG;
	if (!key || !*key || !id || !*id)
		return nango__fail(c, NANGO_EARG,
				   "provider_config_key and connection_id are "
				   "required");
	return NANGO_OK;
}

/* NANGO_OK when a parameter struct's version is one this library knows. */
static int nango__known(nango_client *c, unsigned int version,
			unsigned int known, const char *what)
{
	if (version >= 1 && version <= known)
		return NANGO_OK;
	return nango__fail(c, NANGO_EARG, what);
}

/* The end user of create/patch params: NULL, or of a known version. */
static int nango__end_user_known(nango_client *c,
				 const nango_end_user_params *u)
{
	return u ? nango__known(c, u->version, NANGO_END_USER_PARAMS_VERSION,
				"unknown nango_end_user_params version")
		 : NANGO_OK;
}

/* The result of building a request: NANGO_OK, or recorded on the client. */
static int nango__built(nango_client *c, int rc, const nj_buf *b)
{
	if (rc == NANGO_OK && b->oom)
		rc = NANGO_ENOMEM;
	if (rc == NANGO_EARG)
		return nango__fail(c, rc,
				   "a required field is missing or a JSON field "
				   "is not a JSON object");
	return rc == NANGO_OK ? rc : nango__fail(c, rc, NULL);
}

int nango_connection_list(nango_connection_array **out, nango_client *c,
			  const nango_list_params *p)
{
	nj_buf path = NJ_BUF_INIT;
	nj_value *doc = NULL;
	nango_connection_array *list = NULL;
	int rc;

	if (!out || !c)
		return NANGO_EARG;
	*out = NULL;
	rc = p ? nango__known(c, p->version, NANGO_LIST_PARAMS_VERSION,
			      "unknown nango_list_params version")
	       : NANGO_OK;
	if (rc == NANGO_OK) {
		nango__list_path(&path, p);
		rc = nango__built(c, NANGO_OK, &path);
	}
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "GET", path.ptr, NULL,
				 NANGO_ENOTFOUND);
	if (rc == NANGO_OK) {
		list = calloc(1, sizeof(*list));
		rc = list ? nango__parse_list(list, doc) : NANGO_ENOMEM;
		if (rc == NANGO_OK) {
			*out = list;
			list = NULL;
		} else {
			nango__note(c, rc);
		}
	}
	nango_connection_array_free(list);
	nj_free(doc);
	nj_buf_free(&path);
	return rc;
}

/* Parses a connection body into a new nango_connection. */
static int nango__connection_out(nango_connection **out, nango_client *c,
				 const nj_value *doc)
{
	nango_connection *conn = calloc(1, sizeof(*conn));
	int rc = conn ? nango__parse_connection(conn, doc) : NANGO_ENOMEM;
	if (rc != NANGO_OK) {
		free(conn);
		return nango__note(c, rc);
	}
	*out = conn;
	return NANGO_OK;
}

int nango_connection_get(nango_connection **out, nango_client *c,
			 const char *key, const char *id,
			 const nango_get_params *p)
{
	nj_buf path = NJ_BUF_INIT;
	nj_value *doc = NULL;
	int rc;

	if (!out)
		return NANGO_EARG;
	*out = NULL;
	rc = nango__args(c, key, id);
	if (rc == NANGO_OK && p)
		rc = nango__known(c, p->version, NANGO_GET_PARAMS_VERSION,
				  "unknown nango_get_params version");
	if (rc != NANGO_OK)
		return rc;
	nango__get_path(&path, key, id, p);
	rc = nango__built(c, NANGO_OK, &path);
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "GET", path.ptr, NULL,
				 NANGO_ENOTFOUND);
	if (rc == NANGO_OK)
		rc = nango__connection_out(out, c, doc);
	nj_free(doc);
	nj_buf_free(&path);
	return rc;
}

/* Appends "/connections/:id?provider_config_key=key" (or /connection/). */
static void nango__id_path(nj_buf *b, const char *route, const char *key,
			   const char *id, const char *tail)
{
	nj_buf_puts(b, route);
	nj_buf_uri_component(b, id);
	if (tail)
		nj_buf_puts(b, tail);
	nango__query(b, "provider_config_key", key);
}

int nango_connection_delete(nango_client *c, const char *key, const char *id)
{
	nj_buf path = NJ_BUF_INIT;
	int rc = nango__args(c, key, id);
	if (rc != NANGO_OK)
		return rc;
	nango__id_path(&path, "/connections/", key, id, NULL);
	rc = nango__built(c, NANGO_OK, &path);
	if (rc == NANGO_OK)
		rc = nango__call(NULL, c, "DELETE", path.ptr, NULL,
				 NANGO_ENOTFOUND);
	nj_buf_free(&path);
	return rc;
}

int nango_connection_create_legacy(nango_json **echo_out, nango_client *c,
				   const nango_create_legacy_params *p)
{
	nj_buf body = NJ_BUF_INIT;
	nj_value *doc = NULL;
	int rc;

	if (echo_out)
		*echo_out = NULL;
	if (!c)
		return NANGO_EARG;
	rc = p ? nango__known(c, p->version, NANGO_CREATE_LEGACY_PARAMS_VERSION,
			      "unknown nango_create_legacy_params version")
	       : NANGO_OK;
	if (rc == NANGO_OK)
		rc = nango__built(c, nango__create_legacy_body(&body, p),
				  &body);
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "POST", "/connection", body.ptr,
				 NANGO_ENOTFOUND);
	if (rc == NANGO_OK && echo_out && doc) {
		*echo_out = nango__json_new(doc);
		if (!*echo_out)
			rc = nango__fail(c, NANGO_ENOMEM, NULL);
	}
	nj_free(doc);
	nj_buf_free(&body);
	return rc;
}

int nango_connection_create(nango_connection **out, nango_client *c,
			    const nango_create_params *p)
{
	nj_buf body = NJ_BUF_INIT;
	nj_value *doc = NULL;
	int rc;

	if (!out || !c)
		return NANGO_EARG;
	*out = NULL;
	rc = p ? nango__known(c, p->version, NANGO_CREATE_PARAMS_VERSION,
			      "unknown nango_create_params version")
	       : NANGO_OK;
	if (rc == NANGO_OK && p)
		rc = nango__end_user_known(c, p->end_user);
	if (rc == NANGO_OK)
		rc = nango__built(c, nango__create_body(&body, p), &body);
	if (rc == NANGO_OK)
		rc = nango__call(&doc, c, "POST", "/connections", body.ptr,
				 NANGO_EINTEGRATION);
	if (rc == NANGO_OK)
		rc = nango__connection_out(out, c, doc);
	nj_free(doc);
	nj_buf_free(&body);
	return rc;
}

int nango_connection_patch(nango_client *c, const char *key, const char *id,
			   const nango_patch_params *p)
{
	nj_buf path = NJ_BUF_INIT, body = NJ_BUF_INIT;
	int rc = nango__args(c, key, id);
	if (rc == NANGO_OK && p)
		rc = nango__known(c, p->version, NANGO_PATCH_PARAMS_VERSION,
				  "unknown nango_patch_params version");
	if (rc == NANGO_OK && p)
		rc = nango__end_user_known(c, p->end_user);
	if (rc != NANGO_OK)
		return rc;
	nango__id_path(&path, "/connections/", key, id, NULL);
	rc = nango__built(c, nango__patch_body(&body, p), &body);
	if (rc == NANGO_OK)
		rc = nango__built(c, NANGO_OK, &path);
	if (rc == NANGO_OK)
		rc = nango__call(NULL, c, "PATCH", path.ptr, body.ptr,
				 NANGO_ENOTFOUND);
	nj_buf_free(&path);
	nj_buf_free(&body);
	return rc;
}

/* Body metadata routes: POST (set) or PATCH (update). */
static int nango__metadata(nango_client *c, const char *method,
			   const char *key, const char *const *ids,
			   size_t count, const char *json)
{
	nj_buf body = NJ_BUF_INIT;
	int rc;
	if (!c)
		return NANGO_EARG;
	rc = nango__built(c, nango__metadata_body(&body, key, ids, count, json),
			  &body);
	if (rc == NANGO_OK)
		rc = nango__call(NULL, c, method, "/connections/metadata",
				 body.ptr, NANGO_ENOTFOUND);
	nj_buf_free(&body);
	return rc;
}

int nango_metadata_set(nango_client *c, const char *key,
		       const char *const *ids, size_t count, const char *json)
{
	return nango__metadata(c, "POST", key, ids, count, json);
}

int nango_metadata_update(nango_client *c, const char *key,
			  const char *const *ids, size_t count,
			  const char *json)
{
	return nango__metadata(c, "PATCH", key, ids, count, json);
}

/* Per-id legacy routes, key in the query (as every SDK also sends it). */
static int nango__metadata_legacy(nango_client *c, const char *method,
				  const char *key, const char *id,
				  const char *json)
{
	nj_buf path = NJ_BUF_INIT, body = NJ_BUF_INIT;
	nj_value *v = NULL;
	int rc = nango__args(c, key, id);
	if (rc != NANGO_OK)
		return rc;
	if (!json || nj_parse(&v, json, strlen(json), NULL) != NJ_OK ||
	    v->type != NJ_OBJECT) {
		nj_free(v);
		return nango__fail(c, NANGO_EARG,
				   "metadata must be a JSON object");
	}
	nj_buf_value(&body, v);
	nango__id_path(&path, "/connection/", key, id, "/metadata");
	rc = nango__built(c, NANGO_OK, &path);
	if (rc == NANGO_OK)
		rc = nango__built(c, NANGO_OK, &body);
	if (rc == NANGO_OK)
		rc = nango__call(NULL, c, method, path.ptr, body.ptr,
				 NANGO_ENOTFOUND);
	nj_free(v);
	nj_buf_free(&path);
	nj_buf_free(&body);
	return rc;
}

int nango_metadata_set_legacy(nango_client *c, const char *key,
			      const char *id, const char *json)
{
	return nango__metadata_legacy(c, "POST", key, id, json);
}

int nango_metadata_update_legacy(nango_client *c, const char *key,
				 const char *id, const char *json)
{
	return nango__metadata_legacy(c, "PATCH", key, id, json);
}
