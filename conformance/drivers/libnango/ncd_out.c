/* ncd_out.c: the libnango driver's answers (libnango results as JSON). */
#include "ncd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON field of a result (NULL: null), as a value of the answer. */
static void ncd_w_json(nj_writer *w, const char *key, const nango_json *j)
{
	nj_value *v = NULL;
	const char *text = nango_json_text(j);
	nj_w_key(w, key);
	if (nj_parse(&v, text, strlen(text), NULL) == NJ_OK)
		nj_w_value(w, v);
	else
		nj_w_null(w);
	nj_free(v);
}

static void ncd_w_str(nj_writer *w, const char *key, const char *s)
{
	nj_w_key(w, key);
	nj_w_str(w, s);
}

static void ncd_w_end_user(nj_writer *w, const nango_end_user *u)
{
	nj_w_key(w, "end_user");
	if (!u) {
		nj_w_null(w);
		return;
	}
	nj_w_obj(w);
	ncd_w_str(w, "id", u->id);
	ncd_w_str(w, "display_name", u->display_name);
	ncd_w_str(w, "email", u->email);
	ncd_w_json(w, "tags", u->tags);
	nj_w_key(w, "organization");
	if (u->organization_id) {
		nj_w_obj(w);
		ncd_w_str(w, "id", u->organization_id);
		ncd_w_str(w, "display_name", u->organization_display_name);
		nj_w_end_obj(w);
	} else {
		nj_w_null(w);
	}
	nj_w_end_obj(w);
}

void ncd_w_connection(nj_writer *w, const nango_connection *c, int item)
{
	nj_w_obj(w);
	nj_w_key(w, "id");
	nj_w_int(w, c->id);
	ncd_w_str(w, "connection_id", c->connection_id);
	ncd_w_str(w, "provider_config_key", c->provider_config_key);
	ncd_w_str(w, "provider", c->provider);
	ncd_w_json(w, "errors", c->errors);
	ncd_w_end_user(w, c->end_user);
	ncd_w_json(w, "tags", c->tags);
	ncd_w_json(w, "metadata", c->metadata);
	if (item) {
		ncd_w_str(w, "created", c->created_at.text);
		nj_w_end_obj(w);
		return;
	}
	ncd_w_json(w, "connection_config", c->connection_config);
	ncd_w_str(w, "webhook_url_override", c->webhook_url_override);
	ncd_w_str(w, "created_at", c->created_at.text);
	ncd_w_str(w, "updated_at", c->updated_at.text);
	ncd_w_str(w, "last_fetched_at", c->last_fetched_at.text);
	ncd_w_json(w, "credentials", c->credentials);
	nj_w_end_obj(w);
}

/* Prints the writer's text as one line and resets it. */
static void ncd_emit(nj_writer *w)
{
	char *line = nj_buf_take(&w->buf, NULL);
	if (line)
		printf("%s\n", line);
	else
		fputs("{\"ok\":false,\"error\":{\"status\":0,\"code\":null,"
		      "\"message\":\"out of memory\"}}\n", stdout);
	fflush(stdout);
	free(line);
}

void ncd_ok_begin(nj_writer *w)
{
	nj_w_init(w);
	nj_w_obj(w);
	nj_w_key(w, "ok");
	nj_w_bool(w, 1);
	nj_w_key(w, "value");
}

void ncd_ok_end(nj_writer *w)
{
	nj_w_end_obj(w);
	ncd_emit(w);
}

void ncd_answer_error(nango_client *c, int rc)
{
	nj_writer w;
	const char *code = nango_client_last_code(c);
	const char *msg = nango_client_last_message(c);
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "ok");
	nj_w_bool(&w, 0);
	nj_w_key(&w, "error");
	nj_w_obj(&w);
	nj_w_key(&w, "status");
	nj_w_int(&w, nango_client_last_status(c));
	ncd_w_str(&w, "code", code && code[0] ? code : NULL);
	ncd_w_str(&w, "message", msg && msg[0] ? msg : nango_error_string(rc));
	ncd_w_str(&w, "libnango", nango_error_string(rc));
	nj_w_end_obj(&w);
	nj_w_end_obj(&w);
	ncd_emit(&w);
}

void ncd_answer_unsupported(const char *why)
{
	nj_writer w;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "unsupported");
	nj_w_bool(&w, 1);
	ncd_w_str(&w, "reason", why);
	nj_w_end_obj(&w);
	ncd_emit(&w);
}
