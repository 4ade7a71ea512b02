/*
 * nm_fixtures_io.c: writing the fixtures format (GET /__admin/state, the
 * state file) and reading it from a file (--fixtures, --state-file).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nm_render.h"
#include "nm_fixtures.h"
#include "nm_handlers.h"

/* --- writing ------------------------------------------------------------------ */

static void nm_w_time(nj_writer *w, const char *key, int64_t us)
{
	nm_render_ts_or_null(w, key, us, NM_TS_ISO_US);
}

static void nm_w_env(nj_writer *w, const char *const *names, size_t i)
{
	if (!names)
		return;
	nj_w_key(w, "environment");
	nj_w_str(w, names[i]);
}

static void nm_write_user(nj_writer *w, const nm_end_user *u,
			  const char *const *names, size_t env)
{
	nj_w_obj(w);
	nm_w_env(w, names, env);
	nm_render_end_user_members(w, u);
	nj_w_end_obj(w);
}

static void nm_write_conn(nj_writer *w, const nm_connection *c,
			  const char *const *names, size_t env)
{
	nj_w_obj(w);
	nm_w_env(w, names, env);
	nm_render_conn_ids(w, c);
	nm_w_time(w, "created_at", c->created_at);
	nm_w_time(w, "updated_at", c->updated_at);
	nm_w_time(w, "last_fetched_at", c->last_fetched_at);
	nj_w_key(w, "metadata");
	nj_w_value(w, c->metadata);
	nj_w_key(w, "connection_config");
	nj_w_value(w, c->connection_config);
	nj_w_key(w, "tags");
	nj_w_value(w, c->tags);
	nj_w_key(w, "credentials");
	nj_w_value(w, c->credentials);
	nm_w_time(w, "credentials_expires_at",
		  c->credentials_expires_at == INT64_MAX
		  ? 0 : c->credentials_expires_at);
	nj_w_key(w, "webhook_url_override");
	nj_w_str(w, c->webhook_url_override);
	nj_w_key(w, "end_user_id");
	nj_w_str(w, c->end_user ? c->end_user->id : NULL);
	nj_w_end_obj(w);
}

static void nm_write_integ(nj_writer *w, const nm_integration *in,
			   const char *const *names, size_t env)
{
	nj_w_obj(w);
	nm_w_env(w, names, env);
	nj_w_key(w, "unique_key");
	nj_w_str(w, in->unique_key);
	nj_w_key(w, "provider");
	nj_w_str(w, in->provider);
	nj_w_key(w, "display_name");
	nj_w_str(w, in->display_name);
	nj_w_key(w, "forward_webhooks");
	nj_w_bool(w, in->forward_webhooks);
	nm_w_time(w, "created_at", in->created_at);
	nm_w_time(w, "updated_at", in->updated_at);
	nj_w_key(w, "client_id");
	nj_w_str(w, in->client_id);
	nj_w_key(w, "client_secret");
	nj_w_str(w, in->client_secret);
	nj_w_key(w, "scopes");
	nj_w_str(w, in->scopes);
	nj_w_key(w, "app_link");
	nj_w_str(w, in->app_link);
	nj_w_key(w, "custom");
	nj_w_value(w, in->custom);
	nj_w_end_obj(w);
}

void nm_fixtures_write(nj_writer *w, const nm_dump *dumps,
		       const char *const *names, size_t n)
{
	size_t e, i;
	nj_w_obj(w);
	nj_w_key(w, "integrations");
	nj_w_arr(w);
	for (e = 0; e < n; e++)
		for (i = 0; i < dumps[e].n_integrations; i++)
			nm_write_integ(w, &dumps[e].integrations[i], names, e);
	nj_w_end_arr(w);
	nj_w_key(w, "end_users");
	nj_w_arr(w);
	for (e = 0; e < n; e++)
		for (i = 0; i < dumps[e].n_users; i++)
			nm_write_user(w, dumps[e].users[i], names, e);
	nj_w_end_arr(w);
	nj_w_key(w, "connections");
	nj_w_arr(w);
	for (e = 0; e < n; e++)
		for (i = 0; i < dumps[e].n_conns; i++)
			nm_write_conn(w, dumps[e].conns[i], names, e);
	nj_w_end_arr(w);
	nj_w_end_obj(w);
}

/* --- files ----------------------------------------------------------------------- */

/* Reads a whole file; -1 with a message naming the file and errno. */
static int nm_read_file(nj_buf *b, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int bad;
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(b, chunk, n);
	bad = ferror(f);
	fclose(f);
	if (bad || b->oom) {
		snprintf(err, errlen, "cannot read %s", path);
		return -1;
	}
	return 0;
}

int nm_fixtures_load_file(nm_fixset *out, nm_server *s, const char *path,
			  const nm_fixtures_opts *o, char *err, size_t errlen)
{
	nj_buf b = NJ_BUF_INIT;
	nm_problems probs;
	nj_value *doc = NULL;
	nj_error je;
	size_t i, used;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&probs, 0, sizeof(probs));
	if (nm_read_file(&b, path, err, errlen))
		goto done;
	if (nj_parse(&doc, b.ptr ? b.ptr : "", b.len, &je) != NJ_OK) {
		snprintf(err, errlen, "%s: not JSON: %s", path,
			 b.len ? je.message : "the file is empty");
		goto done;
	}
	rc = nm_fixtures_read(out, &probs, s, doc, o);
	if (rc) {
		used = (size_t)snprintf(err, errlen, "%s: %zu problem%s:", path,
					probs.n, probs.n == 1 ? "" : "s");
		for (i = 0; i < probs.n && used < errlen; i++)
			used += (size_t)snprintf(err + used, errlen - used,
						 "\n  %s: %s", probs.paths[i],
						 probs.messages[i]);
	}
done:
	nm_problems_free(&probs);
	nj_free(doc);
	nj_buf_free(&b);
	return rc;
}

int nm_fixtures_load(nm_server *s, const char *path, char *err, size_t errlen)
{
	nm_fixtures_opts o = {0, -1, 0};
	nm_problems probs;
	nm_fixset set;
	int rc;
	if (s->cfg.n_keys == 0) {
		snprintf(err, errlen, "%s: no environment to load into", path);
		return -1;
	}
	o.default_env = s->cfg.keys[0].env;
	if (nm_fixtures_load_file(&set, s, path, &o, err, errlen))
		return -1;
	memset(&probs, 0, sizeof(probs));
	rc = nm_fixtures_apply(s, &set, &o, 0, &probs);
	if (rc)
		snprintf(err, errlen, "%s: %s: %s", path, probs.paths[0],
			 probs.messages[0]);
	nm_problems_free(&probs);
	nm_fixset_free(&set);
	return rc;
}
