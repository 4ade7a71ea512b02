/*
 * nd_gen_body.c: the generator's request bodies: metadata, tags, end users,
 * webhook URLs, connection config and credentials of every auth mode,
 * mostly valid, sometimes with fields missing, extra or of the wrong type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd_gen.h"

/* --- the emitter ---------------------------------------------------------- */

void nd_jw_init(nd_jw *w)
{
	memset(w, 0, sizeof(*w));
}

static void nd_jw_sep(nd_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0 && w->depth < 64) {
		if (!w->first[w->depth])
			nj_buf_puts(&w->b, w->spaced ? ", " : ",");
		w->first[w->depth] = 0;
	}
}

static void nd_jw_open(nd_jw *w, char c)
{
	nd_jw_sep(w);
	nj_buf_putc(&w->b, c);
	w->depth++;
	if (w->depth < 64)
		w->first[w->depth] = 1;
}

void nd_jw_obj(nd_jw *w) { nd_jw_open(w, '{'); }
void nd_jw_arr(nd_jw *w) { nd_jw_open(w, '['); }

void nd_jw_end_obj(nd_jw *w)
{
	nj_buf_putc(&w->b, '}');
	w->depth--;
}

void nd_jw_end_arr(nd_jw *w)
{
	nj_buf_putc(&w->b, ']');
	w->depth--;
}

void nd_jw_key(nd_jw *w, const char *k)
{
	nd_jw_sep(w);
	nj_buf_string(&w->b, k, strlen(k));
	nj_buf_puts(&w->b, w->spaced ? ": " : ":");
	w->after_key = 1;
}

void nd_jw_str(nd_jw *w, const char *s)
{
	nd_jw_sep(w);
	nj_buf_string(&w->b, s, strlen(s));
}

void nd_jw_raw(nd_jw *w, const char *literal)
{
	nd_jw_sep(w);
	nj_buf_puts(&w->b, literal);
}

void nd_jw_int(nd_jw *w, long long v)
{
	char num[32];
	snprintf(num, sizeof(num), "%lld", v);
	nd_jw_raw(w, num);
}

char *nd_jw_take(nd_jw *w, size_t *len)
{
	if (w->b.len == 0)
		nj_buf_put(&w->b, "", 0);
	return nj_buf_take(&w->b, len);
}

/* --- values ----------------------------------------------------------------- */

/* Literals a client may send that Node reads in its own way. */
static const char *const nd_odd_numbers[] = {
	"1.0", "1.50", "1E2", "-0", "1e21", "0.0000001", "0.000001",
	"123456789012345678901", "12345678901234567890", "1e400", "-1e-7",
	"9007199254740993", "4294967295", "0.1", "-12", "3.14159", NULL};

static const char *const nd_odd_strings[] = {
	"\"caf\\u00e9\"", "\"a\\/b\"", "\"line\\nbreak\\ttab\"",
	"\"\\ud83d\\ude00\"", "\"quote \\\" and \\\\ back\"", "\"<b>&amp;</b>\"",
	"\"\\u2028 sep\"", "\"\\u001f ctl\"", "\"\"", "\"plain\"",
	"\"\xc3\xa9t\xc3\xa9 raw\"", NULL};

/* Rare literals that live Nango's Postgres refuses (\u0000, lone
 * surrogates): kept rare so they do not hide everything else. */
static const char *const nd_rare_strings[] = {"\"nul\\u0000here\"",
					      "\"lone \\ud800\"", NULL};

void nd_gen_odd_value(nd_gen *g, nd_jw *w)
{
	switch (nd_below(&g->rng, 9)) {
	case 0: nd_jw_raw(w, nd_pick(&g->rng, nd_odd_numbers)); break;
	case 1: nd_jw_raw(w, nd_pick(&g->rng, nd_odd_strings)); break;
	case 2: nd_jw_raw(w, nd_chance(&g->rng, 50) ? "true" : "false"); break;
	case 3: nd_jw_raw(w, "null"); break;
	case 4: nd_jw_arr(w); nd_jw_int(w, 1); nd_jw_str(w, "two");
		nd_jw_end_arr(w); break;
	case 5: nd_jw_raw(w, "[]"); break;
	case 6: nd_jw_raw(w, "{}"); break;
	case 7: nd_jw_int(w, (long long)nd_below(&g->rng, 100000)); break;
	default: nd_jw_str(w, "text value"); break;
	}
}

static const char *const nd_meta_keys[] = {
	"plan", "team", "a", "bb", "10", "2", "ccc", "Zeta", "\xc3\xa9",
	"key with space", "refresh_token", "nested", "list", "01", "-1",
	"4294967295", "x.y", "", "UPPER", NULL};

static void nd_gen_meta_value(nd_gen *g, nd_jw *w, int depth)
{
	unsigned k = nd_below(&g->rng, 10);
	size_t i, n;
	if (depth < 3 && k == 0) {
		nd_jw_obj(w);
		n = nd_below(&g->rng, 4);
		for (i = 0; i < n; i++) {
			nd_jw_key(w, nd_pick(&g->rng, nd_meta_keys));
			nd_gen_meta_value(g, w, depth + 1);
		}
		nd_jw_end_obj(w);
	} else if (depth < 3 && k == 1) {
		nd_jw_arr(w);
		n = nd_below(&g->rng, 4);
		for (i = 0; i < n; i++)
			nd_gen_meta_value(g, w, depth + 1);
		nd_jw_end_arr(w);
	} else if (k <= 4) {
		nd_gen_odd_value(g, w);
	} else if (k == 5 && nd_chance(&g->rng, 4)) {
		nd_jw_raw(w, nd_pick(&g->rng, nd_rare_strings));
	} else if (k == 6 && nd_chance(&g->rng, 3)) {
		nj_buf deep = NJ_BUF_INIT; /* deep, well within both limits */
		int level;
		for (level = 0; level < 60; level++)
			nj_buf_puts(&deep, level % 2 ? "{\"d\":" : "[");
		nj_buf_putc(&deep, '0');
		for (level = 60; level-- > 0;)
			nj_buf_putc(&deep, level % 2 ? '}' : ']');
		nd_jw_raw(w, deep.ptr ? deep.ptr : "0");
		nj_buf_free(&deep);
	} else {
		nd_jw_str(w, nd_chance(&g->rng, 50) ? "pro" : "v");
	}
}

void nd_gen_metadata(nd_gen *g, nd_jw *w)
{
	size_t i, n = 1 + nd_below(&g->rng, 5);
	nd_jw_obj(w);
	for (i = 0; i < n; i++) {
		if (nd_chance(&g->rng, 2))
			nd_jw_key(w, nd_chance(&g->rng, 50) ? "constructor"
							      : "__proto__");
		else
			nd_jw_key(w, nd_pick(&g->rng, nd_meta_keys));
		nd_gen_meta_value(g, w, 1);
	}
	nd_jw_end_obj(w);
}

/* --- tags, end users, webhooks, config -------------------------------------- */

static const char *const nd_tag_keys[] = {
	"team", "Env", "a.b/c", "x-y_z", "Team", "k", "region", "Mixed_Case",
	NULL};
static const char *const nd_bad_tag_keys[] = {
	"1abc", "has space", "", "a!", "_lead", "end_user_email",
	"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk",
	NULL};

void nd_gen_tags(nd_gen *g, nd_jw *w, nd_gconn *c)
{
	size_t i, n = nd_below(&g->rng, 4);
	char v[48], big[300];
	nd_jw_obj(w);
	if (nd_chance(&g->rng, 6))
		n = 11;
	for (i = 0; i < n; i++) {
		const char *k = nd_pick(&g->rng, nd_tag_keys);
		char kk[32];
		if (n == 11) {
			snprintf(kk, sizeof(kk), "k%zu", i);
			k = kk;
		}
		if (nd_chance(&g->rng, 8))
			k = nd_pick(&g->rng, nd_bad_tag_keys);
		nd_jw_key(w, k);
		switch (nd_below(&g->rng, 12)) {
		case 0:
			memset(big, 'v', 256);
			big[256] = '\0';
			nd_jw_str(w, big);
			break;
		case 1: nd_gen_odd_value(g, w); break;
		case 2: nd_jw_str(w, "a:b,c d"); break;
		default:
			nd_fresh(g, v, sizeof(v), "t");
			nd_jw_str(w, v);
			if (c && !c->tag_k[0] && strlen(k) < sizeof(c->tag_k)) {
				snprintf(c->tag_k, sizeof(c->tag_k), "%s", k);
				snprintf(c->tag_v, sizeof(c->tag_v), "%s", v);
			}
		}
	}
	nd_jw_end_obj(w);
}

void nd_gen_end_user(nd_gen *g, nd_jw *w, nd_gconn *c)
{
	char id[64];
	unsigned bad = nd_chance(&g->rng, 15) ? 1 + nd_below(&g->rng, 5) : 0;
	nd_fresh(g, id, sizeof(id), "eu");
	nd_jw_obj(w);
	if (bad != 1) {
		nd_jw_key(w, "id");
		if (bad == 2)
			nd_jw_str(w, "");
		else
			nd_jw_str(w, id);
		if (c && bad != 2)
			snprintf(c->eu, sizeof(c->eu), "%s", id);
	}
	if (nd_chance(&g->rng, 60)) {
		nd_jw_key(w, "email");
		nd_jw_str(w, bad == 3 ? "not-an-email" : "jane@example.com");
	}
	if (nd_chance(&g->rng, 50)) {
		nd_jw_key(w, "display_name");
		nd_jw_str(w, nd_chance(&g->rng, 15) ? "" : "Jane D");
	}
	if (nd_chance(&g->rng, 40)) {
		nd_jw_key(w, "tags");
		nd_jw_obj(w);
		nd_jw_key(w, nd_chance(&g->rng, 50) ? "Zed" : "end_user_id");
		nd_jw_str(w, "1");
		nd_jw_key(w, "abc");
		nd_jw_str(w, "2");
		nd_jw_end_obj(w);
	}
	if (bad == 4) {
		nd_jw_key(w, "organization");
		nd_jw_raw(w, "{\"id\":\"o1\"}");
	}
	if (bad == 5) {
		nd_jw_key(w, "extra");
		nd_jw_int(w, 1);
	}
	nd_jw_end_obj(w);
}

static const char *const nd_webhooks[] = {
	"\"https://example.com/hook\"", "\" https://example.com/h2 \"", "\"\"",
	"\"ftp://example.com/x\"", "\"mailto:a@example.com\"", "\"not a url\"",
	"\"https://api.nango.dev/x\"", "\"https://nango.dev./x\"",
	"\"http://localhost:9/x\"", "\"http://169.254.169.254/x\"", "123",
	"null", "\"https://example.com/a?b=c#d\"", NULL};

void nd_gen_webhook(nd_gen *g, nd_jw *w)
{
	if (nd_chance(&g->rng, 50))
		nd_jw_str(w, "https://example.com/hook");
	else
		nd_jw_raw(w, nd_pick(&g->rng, nd_webhooks));
}

void nd_gen_config(nd_gen *g, nd_jw *w, int oauth2)
{
	nd_jw_obj(w);
	if (nd_chance(&g->rng, 60)) {
		nd_jw_key(w, nd_chance(&g->rng, 50) ? "subdomain" : "Zz");
		nd_gen_meta_value(g, w, 2);
	}
	if (nd_chance(&g->rng, oauth2 ? 40 : 15)) {
		nd_jw_key(w, "oauth_scopes_override");
		switch (nd_below(&g->rng, 4)) {
		case 0: nd_jw_str(w, "repo,user"); break;
		case 1: nd_jw_raw(w, "[\"repo\",\"user\"]"); break;
		case 2: nd_jw_raw(w, "[1]"); break;
		default: nd_jw_raw(w, "[]"); break;
		}
	}
	if (nd_chance(&g->rng, 15)) {
		nd_jw_key(w, "refresh_token");
		nd_jw_str(w, "cc-rt");
	}
	nd_jw_end_obj(w);
}
