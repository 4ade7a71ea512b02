/*
 * nm_valid_cred.c: the `credentials` union of POST /connections (§4.2):
 * discriminated on `type`, each variant a strict object. The output is what
 * zod hands the controller: the variant's keys in schema order, dates as
 * ISO strings, absent optional keys left out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nm_ts.h"
#include "nm_auth_modes.h"
#include "nm_handlers.h"

typedef enum { NM_F_STR, NM_F_DATE, NM_F_OVERRIDE } nm_field_kind;

typedef struct {
	const char *name;
	nm_field_kind kind;
	int optional;
	size_t min, max; /* string length bounds, 0 = unchecked */
} nm_field;


#define NM_END {NULL, NM_F_STR, 0, 0, 0}

static const nm_field nm_oauth2[] = {
	{"access_token", NM_F_STR, 0, 1, 16384},
	{"refresh_token", NM_F_STR, 1, 1, 16384},
	{"expires_at", NM_F_DATE, 1, 0, 0},
	{"config_override", NM_F_OVERRIDE, 1, 0, 0},
	NM_END};
static const nm_field nm_oauth2_cc[] = {
	{"token", NM_F_STR, 0, 1, 4096},
	{"client_id", NM_F_STR, 0, 1, 255},
	{"client_secret", NM_F_STR, 0, 1, 2048},
	{"client_certificate", NM_F_STR, 1, 1, 10000},
	{"client_private_key", NM_F_STR, 1, 1, 10000},
	{"expires_at", NM_F_DATE, 1, 0, 0},
	NM_END};
static const nm_field nm_oauth1[] = {
	{"oauth_token", NM_F_STR, 0, 1, 2048},
	{"oauth_token_secret", NM_F_STR, 0, 1, 2048},
	NM_END};
static const nm_field nm_api_key[] = {{"apiKey", NM_F_STR, 0, 1, 1024},
				      NM_END};
static const nm_field nm_basic[] = {{"username", NM_F_STR, 0, 0, 1024},
				    {"password", NM_F_STR, 0, 0, 1024},
				    NM_END};
static const nm_field nm_none[] = {NM_END};
static const nm_field nm_tba[] = {{"token_id", NM_F_STR, 0, 1, 0},
				  {"token_secret", NM_F_STR, 0, 1, 0},
				  {"config_override", NM_F_OVERRIDE, 1, 0, 0},
				  NM_END};
static const nm_field nm_app[] = {{"app_id", NM_F_STR, 0, 1, 255},
				  {"installation_id", NM_F_STR, 0, 1, 255},
				  NM_END};

/* The union's variants by credentials type (each ends with a NULL name);
 * NULL: not a type of the union. */
static const nm_field *const nm_variants[NM_AUTH_TWO_STEP + 1] = {
	[NM_AUTH_OAUTH2] = nm_oauth2, [NM_AUTH_OAUTH2_CC] = nm_oauth2_cc,
	[NM_AUTH_OAUTH1] = nm_oauth1, [NM_AUTH_API_KEY] = nm_api_key,
	[NM_AUTH_BASIC] = nm_basic,   [NM_AUTH_NONE] = nm_none,
	[NM_AUTH_TBA] = nm_tba,       [NM_AUTH_APP] = nm_app,
	[NM_AUTH_CUSTOM] = nm_app};

static const char *const nm_override_keys[] = {"client_id", "client_secret",
					       NULL};

/* config_override: strict {client_id? 1-255, client_secret? 1-2048}. */
static nj_value *nm_check_override(nm_issues *iss, const nj_value *v)
{
	size_t before = iss->items->len;
	nj_value *out;
	if (v->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", v, "config_override", NULL);
		return NULL;
	}
	nm_check_string(iss, nj_object_get(v, "client_id"), 1, NM_RX_NONE, 1,
			255, "config_override", "client_id");
	nm_check_string(iss, nj_object_get(v, "client_secret"), 1, NM_RX_NONE,
			1, 2048, "config_override", "client_secret");
	nm_check_unknown_keys(iss, v, nm_override_keys, "config_override");
	if (iss->items->len > before)
		return NULL;
	out = nj_object();
	if (nj_object_get(v, "client_id"))
		nj_object_cset(out, "client_id",
			       nj_copy(nj_object_get(v, "client_id")));
	if (nj_object_get(v, "client_secret"))
		nj_object_cset(out, "client_secret",
			       nj_copy(nj_object_get(v, "client_secret")));
	return out;
}

/* Checks one field into out; returns 0 when an issue was added. */
static int nm_check_field(nm_issues *iss, const nm_field *f,
			  const nj_value *v, nj_value *out)
{
	char iso[40];
	double ms;
	nj_value *o;
	if (!v && f->optional)
		return 1;
	switch (f->kind) {
	case NM_F_DATE:
		if (!nm_check_date(iss, v, f->name, NULL, &ms))
			return 0;
		nm_format_ts(iso, (int64_t)ms * 1000, NM_TS_ISO);
		return nj_object_cset(out, f->name, nj_cstring(iso)) == 0;
	case NM_F_OVERRIDE:
		/* the issue paths inside are credentials.config_override.* */
		o = nm_check_override(iss, v);
		return o && nj_object_cset(out, f->name, o) == 0;
	default:
		if (!nm_check_string(iss, v, 0, NM_RX_NONE, f->min, f->max,
				     f->name, NULL))
			return 0;
		return nj_object_cset(out, f->name, nj_copy(v)) == 0;
	}
}

int nm_check_credentials(nm_issues *iss, const nj_value *v, nj_value **out)
{
	const char *known[8];
	const nm_field *fields = NULL;
	const nj_value *type;
	const char *saved = iss->prefix;
	size_t n, before = iss->items->len;
	nj_value *cred;

	*out = NULL;
	if (!v || v->type != NJ_OBJECT) {
		nm_issue_type(iss, "object", v, "credentials", NULL);
		return 0;
	}
	type = nj_object_get(v, "type");
	if (type && type->type == NJ_STRING && strlen(type->str) == type->len)
		fields = nm_variants[nm_auth_mode_of(type->str)];
	if (!fields) {
		nm_issue(iss, "invalid_union", "Invalid input", "credentials",
			 "type");
		return 0;
	}
	cred = nj_object();
	if (!cred || nj_object_cset(cred, "type", nj_string(type->str, type->len))) {
		nj_free(cred);
		return 0;
	}
	known[0] = "type";
	iss->prefix = "credentials";
	for (n = 0; fields[n].name; n++) {
		known[n + 1] = fields[n].name;
		nm_check_field(iss, &fields[n],
			       nj_object_get(v, fields[n].name), cred);
	}
	known[n + 1] = NULL;
	nm_check_unknown_keys(iss, v, known, NULL);
	iss->prefix = saved;
	if (iss->items->len > before) {
		nj_free(cred);
		return 0;
	}
	*out = cred;
	return 1;
}
