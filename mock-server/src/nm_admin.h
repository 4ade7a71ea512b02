/*
 * nm_admin.h: what the control API's source files share (internal).
 * nm_admin.c routes /__admin/ requests, authenticates them and answers the
 * state, reset and clock endpoints; nm_admin_journal.c records requests and
 * answers the journal and fault endpoints.
 */
#ifndef NM_ADMIN_H
#define NM_ADMIN_H

#include <stddef.h>

#include "nj.h"
#include "nm_errors.h"
#include "nm_server.h"

/* One admin request, authenticated. */
typedef struct {
	int env;              /* the secret key's environment */
	nj_value *body;       /* parsed JSON body, or NULL when none */
	nj_value *query;      /* the query string as an object */
	const char *param;    /* the :id segment, or NULL */
} nm_admin_req;

/* Sends a JSON body (w's buffer, freed) with status. */
void nm_admin_send(nm_req *r, int status, nj_writer *w);
/*
 * The catalogue's control-API error id: {"error":{"code":..,"message":..
 * [,"field":field]}}; message NULL: the catalogue's fixed text.
 */
void nm_admin_error(nm_req *r, nm_err_id id, const char *field,
		    const char *message);
/* 200 {key: n}. */
void nm_admin_send_count(nm_req *r, const char *key, size_t n);
/* A 400 for "field: reason" text as the validators write it. */
void nm_admin_bad_input(nm_req *r, const char *field_and_reason);

void nm_admin_requests_get(nm_req *r, nm_admin_req *a);
void nm_admin_requests_delete(nm_req *r, nm_admin_req *a);
void nm_admin_requests_count(nm_req *r, nm_admin_req *a);
void nm_admin_faults_get(nm_req *r, nm_admin_req *a);
void nm_admin_faults_post(nm_req *r, nm_admin_req *a);
void nm_admin_faults_delete(nm_req *r, nm_admin_req *a);
/* The inspector page (nm_admin_ui.c); served without a key. */
void nm_admin_ui(nm_req *r, nm_admin_req *a);

/* Start-up: the state reset goes back to, copied from the store now. */
int nm_admin_capture_initial(nm_server *s);
void nm_admin_free(nm_server *s);

#endif
