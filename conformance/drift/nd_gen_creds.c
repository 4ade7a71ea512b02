/*
 * nd_gen_creds.c: credentials for legacy create (fields of the body) and
 * for POST /connections (the credentials object), every auth mode, valid
 * or with a field missing, extra or of the wrong type.
 *
 * Never generated, because a live Nango would call the outside world and
 * the mock documents that it cannot (README, Deviations): complete APP or
 * CUSTOM credentials on a GitHub App integration, complete TBA credentials
 * on POST /connections, and refresh tokens on credentials that expire
 * within Nango's refresh buffer (15 minutes).
 */
#include <stdio.h>
#include <string.h>

#include "nd_gen.h"

/* An OAuth2 expiry as legacy create reads it; sets *far when a refresh
 * token may go with it. */
static void nd_legacy_expiry(nd_gen *g, nd_jw *w, int valid, int *far)
{
	static const char *const ok_at[] = {
		"\"2099-01-01T00:00:00Z\"", "\"2099-06-01\"",
		"\"2099-01-01T02:00:00+02:00\"", "\"2099-01-01T00:00:00.123Z\"",
		NULL};
	static const char *const bad[][2] = {
		{"expires_in", "\"abc\""}, {"expires_in", "0"},
		{"expires_at", "\"not-a-date\""}, {"expires_at", "4102444800"},
		{"expires_at", "\"Tue, 01 Jan 2099 00:00:00 GMT\""},
		{"expires_at", "\"2020-01-01T00:00:00Z\""}, {"expires_in", "-5"},
		{"expires_at", "\"\""}};
	*far = 0;
	if (!valid && nd_chance(&g->rng, 60)) {
		unsigned i = nd_below(&g->rng, 8);
		nd_jw_key(w, bad[i][0]);
		nd_jw_raw(w, bad[i][1]);
		return;
	}
	switch (nd_below(&g->rng, 4)) {
	case 0:
		nd_jw_key(w, "expires_at");
		nd_jw_raw(w, nd_pick(&g->rng, ok_at));
		*far = 1;
		break;
	case 1:
		nd_jw_key(w, "expires_in");
		nd_jw_raw(w, nd_chance(&g->rng, 50) ? "3600" : "\"7200\"");
		*far = 1;
		break;
	case 2:
		nd_jw_key(w, "no_expiration");
		nd_jw_raw(w, "true");
		*far = 1;
		break;
	default:
		if (valid)
			break; /* no expiry: missing_expires_at */
		nd_jw_key(w, "no_expiration");
		nd_jw_raw(w, "false");
	}
}

static void nd_legacy_oauth2(nd_gen *g, nd_jw *w, int valid, nd_gconn *c)
{
	int far;
	unsigned drop = valid ? 0 : nd_below(&g->rng, 4);
	if (drop != 1) {
		nd_jw_key(w, "access_token");
		if (drop == 2)
			nd_gen_odd_value(g, w);
		else
			nd_jw_str(w, "at-token");
	}
	nd_legacy_expiry(g, w, valid, &far);
	if (far && nd_chance(&g->rng, 40)) {
		nd_jw_key(w, "refresh_token");
		nd_jw_str(w, "rt-token");
		c->refresh = 1;
	}
	if (nd_chance(&g->rng, 15)) {
		nd_jw_key(w, "oauth_client_id_override");
		nd_jw_str(w, "cid");
	}
	if (nd_chance(&g->rng, 10)) {
		nd_jw_key(w, "oauth_client_secret_override");
		nd_jw_str(w, "csec");
	}
	if (nd_chance(&g->rng, 15)) {
		nd_jw_key(w, "raw");
		nd_jw_raw(w, nd_chance(&g->rng, 80)
				     ? "{\"access_token\":\"raw-at\",\"x\":1}"
				     : "\"raw string\"");
	}
}

void nd_gen_legacy_creds(nd_gen *g, nd_jw *w, const char *mode, int valid,
			 nd_gconn *c)
{
	unsigned drop = valid ? 0 : 1 + nd_below(&g->rng, 3);
	if (!strcmp(mode, "OAUTH2")) {
		nd_legacy_oauth2(g, w, valid, c);
	} else if (!strcmp(mode, "OAUTH1")) {
		if (drop != 1) {
			nd_jw_key(w, "oauth_token");
			nd_jw_str(w, "ot");
		}
		if (drop != 2) {
			nd_jw_key(w, "oauth_token_secret");
			nd_jw_str(w, "ots");
		}
	} else if (!strcmp(mode, "API_KEY")) {
		nd_jw_key(w, drop == 1 ? "apiKey" : "api_key");
		if (drop == 2)
			nd_jw_str(w, "");
		else if (drop == 3)
			nd_jw_int(w, 5);
		else
			nd_jw_str(w, "ak-key");
	} else if (!strcmp(mode, "BASIC")) {
		if (drop != 1) {
			nd_jw_key(w, "username");
			nd_jw_str(w, drop == 2 ? "" : "user");
		}
		if (drop != 3 || nd_chance(&g->rng, 50)) {
			nd_jw_key(w, "password");
			nd_jw_str(w, "pw");
		}
	} else if (!strcmp(mode, "APP")) {
		/* never both fields: a complete body would call GitHub */
		nd_jw_key(w, nd_chance(&g->rng, 50) ? "app_id"
						      : "installation_id");
		nd_jw_str(w, "123");
	} else if (!strcmp(mode, "TBA")) {
		nd_jw_key(w, "token_id");
		nd_jw_str(w, "tid");
		nd_jw_key(w, "token_secret");
		nd_jw_str(w, "tsec");
	}
	if (!valid && nd_chance(&g->rng, 30)) {
		nd_jw_key(w, "unexpected_field");
		nd_gen_odd_value(g, w);
	}
}

/* The fields of one modern credentials type, complete unless drop > 0. */
static void nd_modern_fields(nd_gen *g, nd_jw *w, const char *type,
			     unsigned drop, nd_gconn *c)
{
	if (!strcmp(type, "OAUTH2")) {
		if (drop != 1) {
			nd_jw_key(w, "access_token");
			if (drop == 2)
				nd_jw_int(w, 7);
			else
				nd_jw_str(w, "at-token");
		}
		if (nd_chance(&g->rng, 50)) {
			static const char *const at[] = {
				"\"2099-01-01T00:00:00Z\"", "4102444800000",
				"\"2099-01-01\"", "\"bad date\"", NULL};
			const char *v = nd_pick(&g->rng, at);
			nd_jw_key(w, "expires_at");
			nd_jw_raw(w, v);
			if (strcmp(v, "\"bad date\"") && nd_chance(&g->rng, 40)) {
				nd_jw_key(w, "refresh_token");
				nd_jw_str(w, "rt-token");
				if (c)
					c->refresh = 1;
			}
		}
		if (nd_chance(&g->rng, 20)) {
			nd_jw_key(w, "config_override");
			nd_jw_raw(w, nd_chance(&g->rng, 80)
					     ? "{\"client_secret\":\"cs\",\"client_id\":\"ci\"}"
					     : "{\"client_id\":\"\"}");
		}
	} else if (!strcmp(type, "OAUTH2_CC")) {
		nd_jw_key(w, "token");
		nd_jw_str(w, "tok");
		if (drop != 1) {
			nd_jw_key(w, "client_id");
			nd_jw_str(w, "ci");
		}
		nd_jw_key(w, "client_secret");
		nd_jw_str(w, "cs");
	} else if (!strcmp(type, "OAUTH1")) {
		if (drop != 1) {
			nd_jw_key(w, "oauth_token_secret");
			nd_jw_str(w, "ots");
		}
		nd_jw_key(w, "oauth_token");
		nd_jw_str(w, drop == 2 ? "" : "ot");
	} else if (!strcmp(type, "API_KEY")) {
		if (drop != 1) {
			nd_jw_key(w, "apiKey");
			if (drop == 2)
				nd_jw_str(w, "");
			else
				nd_jw_str(w, "ak-key");
		}
	} else if (!strcmp(type, "BASIC")) {
		if (drop != 1) {
			nd_jw_key(w, "password");
			nd_jw_str(w, nd_chance(&g->rng, 20) ? "" : "pw");
		}
		nd_jw_key(w, "username");
		if (drop == 2)
			nd_jw_raw(w, "null");
		else
			nd_jw_str(w, "user");
	} else if (!strcmp(type, "TBA")) {
		nd_jw_key(w, "token_id");
		nd_jw_str(w, "tid");
		if (drop != 1) {
			nd_jw_key(w, "token_secret");
			nd_jw_str(w, "ts");
		}
	} else if (!strcmp(type, "APP") || !strcmp(type, "CUSTOM")) {
		nd_jw_key(w, "app_id");
		nd_jw_str(w, "1");
		if (drop != 1) {
			nd_jw_key(w, "installation_id");
			nd_jw_str(w, "2");
		}
	}
}

void nd_gen_modern_creds(nd_gen *g, nd_jw *w, const char *mode, int valid,
			 nd_gconn *c)
{
	static const char *const types[] = {
		"OAUTH2", "OAUTH2_CC", "OAUTH1", "API_KEY", "BASIC", "NONE",
		"TBA", "APP", "CUSTOM", "JWT", "oauth2", NULL};
	const char *type = mode;
	unsigned drop = 0;
	if (!valid) {
		if (nd_chance(&g->rng, 50))
			type = nd_pick(&g->rng, types);
		else
			drop = 1 + nd_below(&g->rng, 2);
	}
	/* a complete APP/CUSTOM on an APP integration, or a complete TBA,
	 * would make live Nango call GitHub or NetSuite */
	if (((!strcmp(type, "APP") || !strcmp(type, "CUSTOM")) &&
	     !strcmp(mode, "APP")) || !strcmp(type, "TBA"))
		drop = 1; /* the field that makes them complete stays out */
	nd_jw_obj(w);
	if (!valid && nd_chance(&g->rng, 10)) {
		nd_jw_end_obj(w); /* no type at all */
		return;
	}
	if (nd_chance(&g->rng, 70)) {
		nd_jw_key(w, "type");
		nd_jw_str(w, type);
		nd_modern_fields(g, w, type, drop, c);
	} else {
		nd_modern_fields(g, w, type, drop, c);
		nd_jw_key(w, "type");
		nd_jw_str(w, type);
	}
	if (!valid && nd_chance(&g->rng, 25)) {
		nd_jw_key(w, "extra");
		nd_gen_odd_value(g, w);
	}
	nd_jw_end_obj(w);
}
