/*
 * nango_parse.c: Nango's response bodies into libnango's result structs,
 * and the JSON accessors. Pure: no I/O.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nango_internal.h"

char *nango__strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* --- nango_json ---------------------------------------------------------- */

nango_json *nango__json_new(const nj_value *v)
{
	nango_json *j = calloc(1, sizeof(*j));
	nj_buf b = NJ_BUF_INIT;
	if (!j)
		return NULL;
	j->value = nj_copy(v);
	nj_buf_value(&b, v);
	j->text = nj_buf_take(&b, NULL);
	if (!j->value || !j->text) {
		nango_json_free(j);
		return NULL;
	}
	return j;
}

void nango_json_free(nango_json *json)
{
	if (!json)
		return;
	nj_free(json->value);
	free(json->text);
	free(json);
}

const char *nango_json_text(const nango_json *json)
{
	return json ? json->text : "null";
}

/* Member key of json when it has the type wanted (NJ_TRUE: a boolean). */
static const nj_value *nango__member(const nango_json *json, const char *key,
				     nj_type type)
{
	const nj_value *v = json ? nj_object_get(json->value, key) : NULL;
	if (!v)
		return NULL;
	if (type == NJ_TRUE)
		return v->type == NJ_TRUE || v->type == NJ_FALSE ? v : NULL;
	return v->type == type ? v : NULL;
}

int nango_json_get_string(const char **out, const nango_json *json,
			  const char *key)
{
	const nj_value *v;
	if (!out || !key)
		return NANGO_EARG;
	*out = NULL;
	v = nango__member(json, key, NJ_STRING);
	if (!v)
		return NANGO_ENOTFOUND;
	*out = v->str;
	return NANGO_OK;
}

int nango_json_get_number(double *out, const nango_json *json,
			  const char *key)
{
	const nj_value *v;
	if (!out || !key)
		return NANGO_EARG;
	*out = 0;
	v = nango__member(json, key, NJ_NUMBER);
	if (!v)
		return NANGO_ENOTFOUND;
	*out = v->num;
	return NANGO_OK;
}

int nango_json_get_bool(int *out, const nango_json *json, const char *key)
{
	const nj_value *v;
	if (!out || !key)
		return NANGO_EARG;
	*out = 0;
	v = nango__member(json, key, NJ_TRUE);
	if (!v)
		return NANGO_ENOTFOUND;
	*out = v->type == NJ_TRUE;
	return NANGO_OK;
}

/* --- timestamps ------------------------------------------------------------ */

int nango__parse_time(nango_time *out, const char *text)
{
	int64_t us;
	memset(out, 0, sizeof(*out));
	if (!text)
		return NANGO_OK;
	if (nj_date_parse(&us, text, 0) != NJ_OK)
		return NANGO_EPARSE;
	out->text = nango__strdup(text);
	if (!out->text)
		return NANGO_ENOMEM;
	/* floor division: instants before 1970 keep 0 <= millis < 1000 */
	out->seconds = (time_t)(us / 1000000 - (us % 1000000 < 0));
	out->millis = (int)((us - (int64_t)out->seconds * 1000000) / 1000);
	return NANGO_OK;
}

/* --- connections ------------------------------------------------------------ */

/* A copy of obj[key] when it is a string; *ok cleared on a bad type. */
static char *nango__str(const nj_value *obj, const char *key, int *ok)
{
	const nj_value *v = nj_object_get(obj, key);
	char *s;
	if (!v || v->type == NJ_NULL)
		return NULL;
	s = v->type == NJ_STRING ? nango__strdup(v->str) : NULL;
	if (!s)
		*ok = 0;
	return s;
}

/* obj[key] wrapped, or NULL when absent or null. */
static nango_json *nango__json_at(const nj_value *obj, const char *key,
				  int *ok)
{
	const nj_value *v = nj_object_get(obj, key);
	nango_json *j;
	if (!v || v->type == NJ_NULL)
		return NULL;
	j = nango__json_new(v);
	if (!j)
		*ok = 0;
	return j;
}

static void nango__end_user_free(nango_end_user *u)
{
	if (!u)
		return;
	free(u->id);
	free(u->display_name);
	free(u->email);
	nango_json_free(u->tags);
	free(u->organization_id);
	free(u->organization_display_name);
	free(u);
}

static nango_end_user *nango__end_user(const nj_value *v, int *ok)
{
	const nj_value *org;
	nango_end_user *u;
	if (!v || v->type != NJ_OBJECT)
		return NULL;
	u = calloc(1, sizeof(*u));
	if (!u) {
		*ok = 0;
		return NULL;
	}
	u->id = nango__str(v, "id", ok);
	u->display_name = nango__str(v, "display_name", ok);
	u->email = nango__str(v, "email", ok);
	u->tags = nango__json_at(v, "tags", ok);
	org = nj_object_get(v, "organization");
	if (org && org->type == NJ_OBJECT) {
		u->organization_id = nango__str(org, "id", ok);
		u->organization_display_name =
			nango__str(org, "display_name", ok);
	}
	if (!u->id)
		*ok = 0;
	return u;
}

void nango__connection_clear(nango_connection *c)
{
	free(c->connection_id);
	free(c->provider_config_key);
	free(c->provider);
	nango__end_user_free(c->end_user);
	nango_json_free(c->errors);
	nango_json_free(c->tags);
	nango_json_free(c->metadata);
	nango_json_free(c->connection_config);
	nango_json_free(c->credentials);
	free(c->webhook_url_override);
	free(c->created_at.text);
	free(c->updated_at.text);
	free(c->last_fetched_at.text);
	memset(c, 0, sizeof(*c));
}

/* One timestamp member: absent or null is a null time. */
static int nango__time_at(nango_time *t, const nj_value *obj, const char *key)
{
	const nj_value *v = nj_object_get(obj, key);
	if (!v || v->type == NJ_NULL) {
		memset(t, 0, sizeof(*t));
		return NANGO_OK;
	}
	if (v->type != NJ_STRING)
		return NANGO_EPARSE;
	return nango__parse_time(t, v->str);
}

int nango__parse_connection(nango_connection *out, const nj_value *v)
{
	const nj_value *id = nj_object_get(v, "id");
	int ok = 1, rc;
	memset(out, 0, sizeof(*out));
	if (!v || v->type != NJ_OBJECT || !id || id->type != NJ_NUMBER)
		return NANGO_EPARSE;
	out->id = (long long)id->num;
	out->connection_id = nango__str(v, "connection_id", &ok);
	out->provider_config_key = nango__str(v, "provider_config_key", &ok);
	out->provider = nango__str(v, "provider", &ok);
	out->end_user = nango__end_user(nj_object_get(v, "end_user"), &ok);
	out->errors = nango__json_at(v, "errors", &ok);
	out->tags = nango__json_at(v, "tags", &ok);
	out->metadata = nango__json_at(v, "metadata", &ok);
	out->connection_config = nango__json_at(v, "connection_config", &ok);
	out->credentials = nango__json_at(v, "credentials", &ok);
	out->webhook_url_override = nango__str(v, "webhook_url_override", &ok);
	rc = nango__time_at(&out->created_at, v,
			    nj_object_get(v, "created") ? "created"
							: "created_at");
	if (rc == NANGO_OK)
		rc = nango__time_at(&out->updated_at, v, "updated_at");
	if (rc == NANGO_OK)
		rc = nango__time_at(&out->last_fetched_at, v, "last_fetched_at");
	if (rc == NANGO_OK && (!ok || !out->connection_id ||
			       !out->provider_config_key))
		rc = NANGO_EPARSE;
	if (rc != NANGO_OK)
		nango__connection_clear(out);
	return rc;
}

int nango__parse_list(nango_connection_array *out, const nj_value *v)
{
	const nj_value *arr = nj_object_get(v, "connections");
	size_t i;
	int rc = NANGO_OK;
	out->items = NULL;
	out->count = 0;
	if (!arr || arr->type != NJ_ARRAY)
		return NANGO_EPARSE;
	out->items = calloc(arr->len ? arr->len : 1, sizeof(*out->items));
	if (!out->items)
		return NANGO_ENOMEM;
	for (i = 0; i < arr->len && rc == NANGO_OK; i++) {
		rc = nango__parse_connection(&out->items[i], arr->items[i]);
		if (rc == NANGO_OK)
			out->count++;
	}
	return rc;
}

void nango_connection_free(nango_connection *connection)
{
	if (!connection)
		return;
	nango__connection_clear(connection);
	free(connection);
}

void nango_connection_array_free(nango_connection_array *list)
{
	size_t i;
	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		nango__connection_clear(&list->items[i]);
	free(list->items);
	free(list);
}

/* --- errors ---------------------------------------------------------------- */

int nango__map_error(int status, const char *code, int not_found)
{
	code = code ? code : "";
	if (status == 0)
		return NANGO_ETRANSPORT;
	if (status >= 200 && status < 300)
		return NANGO_OK;
	if (!strcmp(code, "unknown_connection"))
		return NANGO_ENOTFOUND;
	if (!strcmp(code, "unknown_provider_config"))
		return NANGO_EINTEGRATION;
	if (status == 404 && !strcmp(code, "not_found"))
		return not_found;
	if (status == 401 || status == 403)
		return NANGO_EAUTH;
	if (status == 429)
		return NANGO_ERATELIMIT;
	if (status >= 500)
		return NANGO_ESERVER;
	if (status == 400 || status == 415)
		return NANGO_EINVALID;
	return NANGO_EHTTP;
}

const char *nango_error_string(int error)
{
	switch (error) {
	case NANGO_OK: return "success";
	case NANGO_ENOTFOUND: return "connection not found";
	case NANGO_EINTEGRATION: return "unknown integration";
	case NANGO_EINVALID: return "invalid request";
	case NANGO_EAUTH: return "authentication failed";
	case NANGO_ERATELIMIT: return "rate limited";
	case NANGO_ESERVER: return "server error";
	case NANGO_ETRANSPORT: return "transport error";
	case NANGO_EPARSE: return "unexpected response";
	case NANGO_ENOMEM: return "out of memory";
	case NANGO_EARG: return "invalid argument";
	case NANGO_EHTTP: return "HTTP error";
	default: return "unknown error";
	}
}
