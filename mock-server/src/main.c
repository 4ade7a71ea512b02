/* main.c: nango-mock's command line, start-up and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_admin.h"
#include "nm_handlers.h"
#include "nm_persist.h"

#ifndef NM_VERSION
#define NM_VERSION "0.0.0"
#endif
#ifndef NM_DEFAULT_PROVIDERS
#define NM_DEFAULT_PROVIDERS "fixtures/providers.json"
#endif

#define NM_DEFAULT_KEY "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"

extern char **environ;

static void nm_usage(FILE *out)
{
	fprintf(out,
		"Usage: nango-mock [options]\n"
		"An in-memory mock of Nango's connections API (0.71.x).\n\n"
		"  --host ADDR          address to listen on (default 127.0.0.1)\n"
		"  --port N             port (default 3003; 0 picks a free one)\n"
		"  --secret-key ENV=UUID\n"
		"                       a secret key (UUID v4) for environment ENV;\n"
		"                       repeatable, each environment has its own\n"
		"                       state. NANGO_SECRET_KEY_<ENV>=UUID in the\n"
		"                       environment works too. Default: dev=%s\n"
		"  --fixtures FILE      integrations and connections to start with\n"
		"  --providers FILE     provider catalogue (default %s)\n"
		"  --threads N          worker threads, one per keep-alive client\n"
		"                       (default 128)\n"
		"  --access-log         log each request to stderr\n"
		"  --rate-limit N       requests per minute per account, as Nango's\n"
		"                       limiter (default 0: off)\n"
		"  --max-body BYTES     largest request body (default 78643200)\n"
		"  --journal-size N     requests the journal keeps (default 10000;\n"
		"                       older ones are dropped and counted)\n"
		"  --state-file FILE    load the state from FILE at start (if it\n"
		"                       exists) and save every change to it\n"
		"  --help, --version\n\n"
		"On start it prints `listening: URL`, `port: N` and one\n"
		"`secret-key ENV: UUID` line per key. SIGINT/SIGTERM stop it.\n",
		NM_DEFAULT_KEY, NM_DEFAULT_PROVIDERS);
}

static int nm_add_key(nm_server *s, const char *env, size_t env_len,
		      const char *secret)
{
	char name[128];
	size_t i;
	nm_key *k;
	if (env_len == 0 || env_len >= sizeof(name) || strlen(secret) != 36)
		return -1;
	for (i = 0; i < env_len; i++)
		name[i] = (char)(env[i] >= 'A' && env[i] <= 'Z' ? env[i] + 32 : env[i]);
	name[env_len] = '\0';
	k = realloc(s->cfg.keys, (s->cfg.n_keys + 1) * sizeof(*k));
	if (!k)
		return -1;
	s->cfg.keys = k;
	k = &s->cfg.keys[s->cfg.n_keys];
	memcpy(k->secret, secret, 37);
	if (nm_store_env(s->cfg.store, name, &k->env))
		return -1;
	s->cfg.n_keys++;
	return 0;
}

/* NANGO_SECRET_KEY_<ENV>=<uuid>, as self-hosted Nango reads them. */
static int nm_env_keys(nm_server *s)
{
	static const char prefix[] = "NANGO_SECRET_KEY_";
	char **e;
	for (e = environ; *e; e++) {
		const char *eq;
		if (strncmp(*e, prefix, sizeof(prefix) - 1))
			continue;
		eq = strchr(*e, '=');
		if (!eq || nm_add_key(s, *e + sizeof(prefix) - 1,
				      (size_t)(eq - *e) - (sizeof(prefix) - 1),
				      eq + 1)) {
			fprintf(stderr, "nango-mock: bad %s\n", *e);
			return -1;
		}
	}
	return 0;
}

typedef struct {
	const char *fixtures;
	const char *providers;
} nm_files;

static int nm_parse_args(nm_server *s, nm_files *f, int argc, char **argv)
{
	int i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			nm_usage(stdout);
			exit(0);
		} else if (!strcmp(a, "--version")) {
			printf("nango-mock %s\n", NM_VERSION);
			exit(0);
		} else if (!strcmp(a, "--access-log")) {
			s->cfg.access_log = 1;
			continue;
		}
		if (!v)
			goto bad;
		if (!strcmp(a, "--host"))
			s->cfg.host = v;
		else if (!strcmp(a, "--port"))
			s->cfg.port = atoi(v);
		else if (!strcmp(a, "--threads"))
			s->cfg.threads = atoi(v);
		else if (!strcmp(a, "--rate-limit"))
			s->cfg.rate_limit = atol(v);
		else if (!strcmp(a, "--max-body"))
			s->cfg.max_body = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(a, "--fixtures"))
			f->fixtures = v;
		else if (!strcmp(a, "--providers"))
			f->providers = v;
		else if (!strcmp(a, "--journal-size"))
			s->cfg.journal_size = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(a, "--state-file"))
			s->cfg.state_file = v;
		else if (!strcmp(a, "--secret-key")) {
			const char *eq = strchr(v, '=');
			if (!eq || nm_add_key(s, v, (size_t)(eq - v), eq + 1))
				goto bad;
		} else
			goto bad;
		i++;
	}
	if (s->cfg.port < 0 || s->cfg.port > 65535 || s->cfg.threads < 1 ||
	    s->cfg.rate_limit < 0 || s->cfg.max_body == 0)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "nango-mock: bad argument near '%s' (see --help)\n",
		argv[i]);
	return -1;
}

static void nm_free_all(nm_server *s)
{
	size_t i;
	for (i = 0; i < s->cfg.n_providers; i++) {
		free(s->cfg.providers[i].name);
		free(s->cfg.providers[i].auth_mode);
		free(s->cfg.providers[i].display_name);
	}
	free(s->cfg.providers);
	free(s->cfg.keys);
	nm_admin_free(s);
	nm_journal_free(s->cfg.journal);
	nm_faults_free(s->cfg.faults);
	nm_store_free(s->cfg.store);
	nm_clock_free(s->cfg.clock);
}

int main(int argc, char **argv)
{
	nm_server s;
	nm_files f = {NULL, NM_DEFAULT_PROVIDERS};
	char err[4096];
	sigset_t set;
	int sig, port, rc = 1;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.cfg.host = "127.0.0.1";
	s.cfg.port = 3003;
	s.cfg.threads = 128;
	s.cfg.max_body = 75u * 1024 * 1024;
	s.cfg.journal_size = 10000;
	s.cfg.store = nm_store_new();
	s.cfg.clock = nm_clock_new();
	s.cfg.faults = nm_faults_new();
	if (!s.cfg.store || !s.cfg.clock || !s.cfg.faults ||
	    nm_parse_args(&s, &f, argc, argv) || nm_env_keys(&s))
		goto done;
	nm_store_set_clock(s.cfg.store, nm_clock_store_now, s.cfg.clock);
	s.cfg.journal = nm_journal_new(s.cfg.journal_size);
	if (!s.cfg.journal)
		goto done;
	if (s.cfg.n_keys == 0 && nm_add_key(&s, "dev", 3, NM_DEFAULT_KEY))
		goto done;
	if (nm_providers_load(&s, f.providers, err, sizeof(err)) ||
	    (f.fixtures && nm_fixtures_load(&s, f.fixtures, err, sizeof(err)))) {
		fprintf(stderr, "nango-mock: %s\n", err);
		goto done;
	}
	if (nm_admin_capture_initial(&s)) {
		fprintf(stderr, "nango-mock: out of memory\n");
		goto done;
	}
	if (s.cfg.state_file && nm_persist_start(&s.cfg.persist, &s,
						 s.cfg.state_file, err,
						 sizeof(err))) {
		fprintf(stderr, "nango-mock: %s\n", err);
		goto done;
	}
	/* worker threads inherit the mask; this thread waits for signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (nm_server_start(&s, &port)) {
		fprintf(stderr, "nango-mock: cannot listen on %s:%d\n",
			s.cfg.host, s.cfg.port);
		goto done;
	}
	printf("listening: %s\nport: %d\n", s.cfg.base_url, port);
	for (i = 0; i < s.cfg.n_keys; i++)
		printf("secret-key %s: %s\n",
		       nm_store_env_name(s.cfg.store, s.cfg.keys[i].env),
		       s.cfg.keys[i].secret);
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	nm_server_stop(&s);
	rc = 0;
done:
	nm_persist_stop(s.cfg.persist); /* the last changes, then stop */
	s.cfg.persist = NULL;
	nm_free_all(&s);
	return rc;
}
