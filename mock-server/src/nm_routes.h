/*
 * nm_routes: the Nango routes nango-mock answers, in one table (method and
 * path pattern to handler, nm_routes.c), and the handlers it names. The
 * pipeline (nm_server.c) finds a request's route here; the control API
 * under /__admin/ has its own table (nm_admin.c).
 *
 * A new route: its handler in an nm_route_<path>_<method>.c file,
 * declared below, and one row in the table.
 */
#ifndef NM_ROUTES_H
#define NM_ROUTES_H

#include <stddef.h>

#include "nm_http.h"

/* A route's handler gets the request and the raw :param segment (or NULL). */
typedef void (*nm_handler)(nm_req *r, const char *param, size_t param_len);

typedef struct {
	const char *method;
	const char *pattern; /* segments; ":" is a parameter */
	nm_handler fn;
} nm_route;

/*
 * The route for method and the raw path (n bytes), or NULL (Express's
 * 404 page). *param and *param_len get the ":" segment (NULL, 0: none).
 */
const nm_route *nm_route_find(const char *method, const char *path, size_t n,
			      const char **param, size_t *param_len);

/*
 * Does the raw path match pattern? Segments compare case-insensitively,
 * one trailing slash is allowed, ":" takes one non-empty segment (into
 * *param, *param_len).
 */
int nm_route_match(const char *pattern, const char *path, size_t n,
		   const char **param, size_t *param_len);

/* The handlers, by the file that holds them. */
/* nm_route_connection_list.c: GET /connection, GET /connections */
void nm_h_list(nm_req *r, const char *p, size_t n);
/* nm_route_connection_get.c: GET /connection(s)/:connectionId */
void nm_h_get(nm_req *r, const char *p, size_t n);
/* nm_route_connection_delete.c: DELETE /connection(s)/:connectionId */
void nm_h_delete(nm_req *r, const char *p, size_t n);
/* nm_route_connection_post.c: POST /connection (the legacy import) */
void nm_h_create_legacy(nm_req *r, const char *p, size_t n);
/* nm_route_connections_post.c: POST /connections */
void nm_h_create_modern(nm_req *r, const char *p, size_t n);
/* nm_route_connections_patch.c: PATCH /connections/:connectionId */
void nm_h_patch_connection(nm_req *r, const char *p, size_t n);
/* nm_route_connection_id_metadata.c: POST and PATCH
 * /connection/:connectionId/metadata */
void nm_h_metadata_set_legacy(nm_req *r, const char *p, size_t n);
void nm_h_metadata_update_legacy(nm_req *r, const char *p, size_t n);
/* nm_route_metadata.c: POST and PATCH /connection/metadata and
 * /connections/metadata */
void nm_h_metadata_set_body(nm_req *r, const char *p, size_t n);
void nm_h_metadata_update_body(nm_req *r, const char *p, size_t n);
/* nm_route_integrations.c: POST and GET /integrations, GET and DELETE
 * /integrations/:uniqueKey */
void nm_h_integration_create(nm_req *r, const char *p, size_t n);
void nm_h_integration_delete(nm_req *r, const char *p, size_t n);
void nm_h_integration_list(nm_req *r, const char *p, size_t n);
void nm_h_integration_get(nm_req *r, const char *p, size_t n);

#endif
