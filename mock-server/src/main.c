/* main.c: nango-mock's command line, start-up and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nm_handlers.h"

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
		"  --threads N          connection threads, one per open client\n"
		"                       connection (default 1100)\n"
		"  --keep-alive-timeout MS\n"
		"                       close an idle keep-alive connection after MS\n"
		"                       (default 61000, Nango's)\n"
		"  --headers-timeout MS a request's headers must arrive within MS\n"
		"                       (default 62000, Nango's)\n"
		"  --access-log         log each request to stderr\n"
		"  --rate-limit N       requests per minute per account, as Nango's\n"
		"                       limiter (default 0: off)\n"
		"  --max-body BYTES     largest request body (default 78643200); a\n"
		"                       larger Content-Length is refused unread\n"
		"  --help, --version\n\n"
		"On start it prints `listening: URL`, `port: N` and one\n"
		"`secret-key ENV: UUID` line per key. SIGINT/SIGTERM stop it.\n"
		"A --host other than a loopback address needs a secret key other\n"
		"than the default one.\n",
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
			/* the name only: the value may be a secret */
			fprintf(stderr, "nango-mock: bad %.*s\n",
				eq ? (int)(eq - *e) : (int)strlen(*e), *e);
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
		else if (!strcmp(a, "--keep-alive-timeout"))
			s->cfg.keep_alive_ms = atoi(v);
		else if (!strcmp(a, "--headers-timeout"))
			s->cfg.headers_timeout_ms = atoi(v);
		else if (!strcmp(a, "--rate-limit"))
			s->cfg.rate_limit = atol(v);
		else if (!strcmp(a, "--max-body"))
			s->cfg.max_body = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(a, "--fixtures"))
			f->fixtures = v;
		else if (!strcmp(a, "--providers"))
			f->providers = v;
		else if (!strcmp(a, "--secret-key")) {
			const char *eq = strchr(v, '=');
			if (!eq || nm_add_key(s, v, (size_t)(eq - v), eq + 1))
				goto bad;
		} else
			goto bad;
		i++;
	}
	if (s->cfg.port < 0 || s->cfg.port > 65535 || s->cfg.threads < 1 ||
	    s->cfg.rate_limit < 0 || s->cfg.max_body == 0 ||
	    s->cfg.keep_alive_ms < 1000 || s->cfg.headers_timeout_ms < 1000)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "nango-mock: bad argument near '%s' (see --help)\n",
		argv[i]);
	return -1;
}

/* Loopback: 127.0.0.0/8, ::1, localhost. */
static int nm_host_is_loopback(const char *host)
{
	return !strncmp(host, "127.", 4) || !strcmp(host, "::1") ||
	       !strcasecmp(host, "localhost");
}

/* Is the documented default key one of the keys? (constant data) */
static int nm_has_default_key(const nm_server *s)
{
	size_t i;
	for (i = 0; i < s->cfg.n_keys; i++)
		if (!strcasecmp(s->cfg.keys[i].secret, NM_DEFAULT_KEY))
			return 1;
	return 0;
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
	nm_store_free(s->cfg.store);
}

int main(int argc, char **argv)
{
	nm_server s;
	nm_files f = {NULL, NM_DEFAULT_PROVIDERS};
	char err[512];
	sigset_t set;
	int sig, port, rc = 1;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.cfg.host = "127.0.0.1";
	s.cfg.port = 3003;
	s.cfg.threads = 1100;
	s.cfg.max_body = 75u * 1024 * 1024;
	s.cfg.keep_alive_ms = 61000;
	s.cfg.headers_timeout_ms = 62000;
	s.cfg.store = nm_store_new();
	if (!s.cfg.store || nm_parse_args(&s, &f, argc, argv) ||
	    nm_env_keys(&s))
		goto done;
	if (s.cfg.n_keys == 0 && nm_add_key(&s, "dev", 3, NM_DEFAULT_KEY))
		goto done;
	if (!nm_host_is_loopback(s.cfg.host) && nm_has_default_key(&s)) {
		fprintf(stderr, "nango-mock: --host %s is reachable from other "
			"machines: give every environment a secret key of "
			"your own (--secret-key ENV=UUID)\n", s.cfg.host);
		goto done;
	}
	if (nm_providers_load(&s, f.providers, err, sizeof(err)) ||
	    (f.fixtures && nm_fixtures_load(&s, f.fixtures, err, sizeof(err)))) {
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
	/* the documented default key in full; keys of your own are not
	 * printed, so they never end up in logs */
	for (i = 0; i < s.cfg.n_keys; i++)
		printf(strcasecmp(s.cfg.keys[i].secret, NM_DEFAULT_KEY)
		       ? "secret-key %s: %.8s-... (given)\n"
		       : "secret-key %s: %s\n",
		       nm_store_env_name(s.cfg.store, s.cfg.keys[i].env),
		       s.cfg.keys[i].secret);
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	nm_server_stop(&s);
	rc = 0;
done:
	nm_free_all(&s);
	return rc;
}
