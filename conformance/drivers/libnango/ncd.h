/*
 * ncd: the kit's driver for libnango (conformance/drivers/README.md). It
 * reads one command per line on stdin and calls libnango through its
 * public header only (nango/nango.h); the project's JSON module (nj.h)
 * reads the commands and writes the answers, one per line on stdout.
 */
#ifndef NCD_H
#define NCD_H

#include <nango/nango.h>

#include "nj.h"

/* The driver's state: its client, and what one command borrowed. */
typedef struct {
	nango_client *client;
	const char *tags[2 * 10 + 1];      /* a command's tags */
	const char *user_tags[2 * 10 + 1]; /* its end user's tags */
	char *json[4];                     /* JSON texts the command made */
} ncd;

/* A command's string member, or NULL. */
const char *ncd_str(const nj_value *cmd, const char *key);
/* A member as JSON text (kept until the command ends), NULL if absent. */
const char *ncd_text(ncd *d, const nj_value *cmd, const char *key);
/* An object of strings as libnango's {"k","v",...,NULL} in out. */
nango_tags ncd_tags(const nj_value *obj, const char **out);
void ncd_end_user(ncd *d, const nj_value *u, nango_end_user_params *p);
/* Answers ok (null value) or the client's error. */
void ncd_done(ncd *d, int rc);
/* Answers with the connection (and frees it), or the client's error. */
void ncd_connection_answer(ncd *d, int rc, nango_connection *c);
/* The create routes (ncd_create.c). */
void ncd_create_legacy(ncd *d, const nj_value *cmd);
void ncd_import(ncd *d, const nj_value *cmd);

/* Writes a connection in Nango's field names (item: as a list shows it). */
void ncd_w_connection(nj_writer *w, const nango_connection *c, int item);

/* {"ok":true,"value":  ...the caller writes the value...  } */
void ncd_ok_begin(nj_writer *w);
void ncd_ok_end(nj_writer *w);
/* {"ok":false,"error":{"status","code","message"}} from the client. */
void ncd_answer_error(nango_client *c, int rc);
void ncd_answer_unsupported(const char *why);

#endif
