/* main.c: nango-mock's command line, start-up and shutdown. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "nm_admin.h"
#include "nm_args.h"
#include "nm_handlers.h"
#include "nm_listen.h"
#include "nm_persist.h"

#ifndef NM_VERSION
#define NM_VERSION "0.0.0"
#endif

#define NM_DEFAULT_KEY "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"

extern char **environ;

/* 1 if s looks like a UUID (8-4-4-4-12 hex digits), else 0. */
static int nm_is_uuid(const char *s)
{
	size_t i;
	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/*
 * Adds the key secret for environment env (env_len bytes, lower-cased as
 * Nango's environment names are). Returns 0, or -1 with why in err.
 */
static int nm_add_key(nm_server *s, const char *env, size_t env_len,
		      const char *secret, char *err, size_t errlen)
{
	char name[128];
	size_t i;
	nm_key *k;
	if (env_len == 0 || env_len >= sizeof(name)) {
		snprintf(err, errlen, "the environment name must have 1 to %zu "
			 "characters", sizeof(name) - 1);
		return -1;
	}
	for (i = 0; i < env_len; i++) {
		name[i] = (char)tolower((unsigned char)env[i]);
		if (!islower((unsigned char)name[i]) &&
		    !isdigit((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-') {
			snprintf(err, errlen, "environment '%.*s': only letters, "
				 "digits, '_' and '-'", (int)env_len, env);
			return -1;
		}
	}
	name[env_len] = '\0';
	if (!nm_is_uuid(secret)) {
		/* the value itself is not repeated: it may be a secret */
		snprintf(err, errlen, "the key is not a UUID (8-4-4-4-12 hex "
			 "digits)");
		return -1;
	}
	k = realloc(s->cfg.keys, (s->cfg.n_keys + 1) * sizeof(*k));
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cfg.keys = k;
	k = &s->cfg.keys[s->cfg.n_keys];
	memcpy(k->secret, secret, 37);
	if (nm_store_env(s->cfg.store, name, &k->env)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cfg.n_keys++;
	return 0;
}

/* NANGO_SECRET_KEY_<ENV>=<uuid>, as self-hosted Nango reads them. */
static int nm_env_keys(nm_server *s)
{
	static const char prefix[] = "NANGO_SECRET_KEY_";
	char **e, err[256];
	for (e = environ; *e; e++) {
		const char *eq;
		if (strncmp(*e, prefix, sizeof(prefix) - 1))
			continue;
		eq = strchr(*e, '=');
		if (!eq || nm_add_key(s, *e + sizeof(prefix) - 1,
				      (size_t)(eq - *e) - (sizeof(prefix) - 1),
				      eq + 1, err, sizeof(err))) {
			fprintf(stderr, "nango-mock: %.*s: %s\n",
				eq ? (int)(eq - *e) : (int)strlen(*e), *e,
				eq ? err : "no value");
			return -1;
		}
	}
	return 0;
}

typedef struct {
	nm_server *s;
	const char *fixtures;
	const char *providers;
	const nm_arg *table;
	size_t n;
} nm_cli;

static int nm_opt_secret_key(void *target, const char *v, char *err,
			     size_t errlen)
{
	nm_cli *cli = target;
	const char *eq = strchr(v, '=');
	if (!eq) {
		snprintf(err, errlen, "'%s' is not ENV=UUID", v);
		return -1;
	}
	return nm_add_key(cli->s, v, (size_t)(eq - v), eq + 1, err, errlen);
}

static int nm_opt_host(void *target, const char *v, char *err, size_t errlen)
{
	nm_cli *cli = target;
	if (nm_listen_check_host(v, err, errlen))
		return -1;
	cli->s->cfg.host = v;
	return 0;
}

static int nm_opt_public_url(void *target, const char *v, char *err,
			     size_t errlen)
{
	nm_cli *cli = target;
	size_t n = strlen(v);
	if ((strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) ||
	    n >= sizeof(cli->s->cfg.base_url) || v[n - 1] == '/') {
		snprintf(err, errlen, "'%s' is not an http(s) URL without a "
			 "trailing slash", v);
		return -1;
	}
	cli->s->cfg.public_url = v;
	return 0;
}

static int nm_opt_help(void *target, const char *v, char *err, size_t errlen)
{
	nm_cli *cli = target;
	(void)v;
	(void)err;
	(void)errlen;
	printf("Usage: nango-mock [options]\n"
	       "An in-memory mock of Nango's connections API (0.71.x).\n"
	       "Options take `--name VALUE` or `--name=VALUE`.\n\n");
	nm_args_help(stdout, cli->table, cli->n);
	printf("\nDefault secret key: dev=%s.\n"
	       "On start it prints `listening: URL`, `port: N` and one\n"
	       "`secret-key ENV: UUID` line per key. SIGINT/SIGTERM stop it.\n"
	       "Usage errors exit with 2, other start-up failures with 1.\n"
	       "A --host other than a loopback address needs a secret key\n"
	       "other than the default one; keys of your own are announced\n"
	       "masked and never logged.\n",
	       NM_DEFAULT_KEY);
	return 0;
}

static int nm_opt_version(void *target, const char *v, char *err,
			  size_t errlen)
{
	(void)target;
	(void)v;
	(void)err;
	(void)errlen;
	printf("nango-mock %s\n", NM_VERSION);
	return 0;
}

/*
 * The options, one row each (see nm_args.h): name, alias, kind, metavar,
 * range, target, callback, help. --help is generated from this table.
 */
static int nm_parse_args(nm_cli *cli, int argc, char **argv)
{
	nm_server_cfg *c = &cli->s->cfg;
	const nm_arg table[] = {
	{"host", 0, NM_ARG_CALL, "ADDR", 0, 0, cli, nm_opt_host,
	 "numeric address to listen on (default 127.0.0.1;\n"
	 "0.0.0.0: every interface; IPv6 if CivetWeb has it)"},
	{"port", 0, NM_ARG_INT, "N", 0, 65535, &c->port, NULL,
	 "port (default 3003; 0 picks a free one)"},
	{"public-url", 0, NM_ARG_CALL, "URL", 0, 0, cli, nm_opt_public_url,
	 "base URL to announce and to put in logo URLs\n"
	 "(default http://HOST:PORT, 127.0.0.1 for 0.0.0.0)"},
	{"secret-key", 0, NM_ARG_CALL, "ENV=UUID", 0, 0, cli,
	 nm_opt_secret_key,
	 "a secret key for environment ENV; repeatable,\n"
	 "each environment has its own state.\n"
	 "NANGO_SECRET_KEY_<ENV>=UUID works too"},
	{"fixtures", 0, NM_ARG_STRING, "FILE", 0, 0, &cli->fixtures, NULL,
	 "integrations and connections to start with"},
	{"providers", 0, NM_ARG_STRING, "FILE", 0, 0, &cli->providers, NULL,
	 "provider catalogue (default: share/nango-mock/\n"
	 "providers.json beside the program's bin/)"},
	{"threads", 0, NM_ARG_INT, "N", 1, 4096, &c->threads, NULL,
	 "connection threads, one per open client\n"
	 "connection (1 to 4096, default 1100)"},
	{"keep-alive-timeout", 0, NM_ARG_INT, "MS", 1000, 3600000,
	 &c->keep_alive_ms, NULL,
	 "close an idle keep-alive connection after MS\n"
	 "milliseconds (default 61000, Nango's)"},
	{"headers-timeout", 0, NM_ARG_INT, "MS", 1000, 3600000,
	 &c->headers_timeout_ms, NULL,
	 "a request's headers must arrive within MS\n"
	 "milliseconds (default 62000, Nango's)"},
	{"access-log", 0, NM_ARG_FLAG, NULL, 0, 0, &c->access_log, NULL,
	 "log each request to stderr"},
	{"rate-limit", 0, NM_ARG_LONG, "N", 0, 1000000000, &c->rate_limit,
	 NULL, "requests per minute per account, as Nango's\n"
	 "limiter (default 0: off)"},
	{"max-body", 0, NM_ARG_SIZE, "SIZE", 1, 1ll << 31, &c->max_body, NULL,
	 "largest request body, bytes or with a unit\n"
	 "B, KB, MB, GB (x1024; default 75MB, Nango's);\n"
	 "a larger Content-Length is refused unread"},
	{"journal-size", 0, NM_ARG_LONG, "N", 0, 100000000, &c->journal_size,
	 NULL, "requests the journal keeps (default 10000;\n"
	 "older ones are dropped and counted)"},
	{"state-file", 0, NM_ARG_STRING, "FILE", 0, 0, &c->state_file, NULL,
	 "load the state from FILE at start (if it exists)\n"
	 "and save every change to it, atomically"},
	{"help", 'h', NM_ARG_ACTION, NULL, 0, 0, cli, nm_opt_help,
	 "this help"},
	{"version", 'V', NM_ARG_ACTION, NULL, 0, 0, cli, nm_opt_version,
	 "the version"},
	};
	char err[512];
	int rc;
	cli->table = table;
	cli->n = sizeof(table) / sizeof(table[0]);
	rc = nm_args_parse(table, cli->n, argc, argv, err, sizeof(err));
	cli->table = NULL;
	if (rc == NM_ARGS_USAGE)
		fprintf(stderr, "nango-mock: %s (see --help)\n", err);
	return rc;
}

/* Loopback: 127.0.0.0/8, ::1, localhost. */
static int nm_host_is_loopback(const char *host)
{
	return !strncmp(host, "127.", 4) || !strcmp(host, "::1") ||
	       !strcasecmp(host, "localhost");
}

/* Is the documented default key one of the keys? */
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
	nm_providers_free(s);
	free(s->cfg.keys);
	nm_admin_free(s);
	nm_journal_free(s->cfg.journal);
	nm_faults_free(s->cfg.faults);
	nm_store_free(s->cfg.store);
	nm_clock_free(s->cfg.clock);
}

/*
 * The test double's parts: the journal, the state reset goes back to, and
 * the state file (loaded now, saved from here on). Reasons go to stderr.
 */
static int nm_start_double(nm_server *s)
{
	char err[4096];
	s->cfg.journal = nm_journal_new((size_t)s->cfg.journal_size);
	if (!s->cfg.journal || nm_admin_capture_initial(s)) {
		fprintf(stderr, "nango-mock: out of memory\n");
		return -1;
	}
	if (s->cfg.state_file &&
	    nm_persist_start(&s->cfg.persist, s, s->cfg.state_file, err,
			     sizeof(err))) {
		fprintf(stderr, "nango-mock: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * The catalogue installed beside the program: <bin>/../share/nango-mock/
 * providers.json (the build tree has the same layout). Returns 0, or -1
 * when the program's own path cannot be read.
 */
static int nm_default_providers(char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(out, outlen, "%s/../share/nango-mock/providers.json",
			     exe) >= outlen)
		return -1;
	return 0;
}

/* Loads the catalogue and the fixtures; reasons go to stderr. */
static int nm_load_files(nm_server *s, const nm_cli *cli)
{
	char err[4096], path[PATH_MAX + 64];
	const char *providers = cli->providers;
	if (!providers) {
		if (nm_default_providers(path, sizeof(path))) {
			fprintf(stderr, "nango-mock: cannot find the provider "
				"catalogue (give --providers FILE)\n");
			return -1;
		}
		providers = path;
	}
	if (nm_providers_load(s, providers, err, sizeof(err)) ||
	    (cli->fixtures &&
	     nm_fixtures_load(s, cli->fixtures, err, sizeof(err)))) {
		fprintf(stderr, "nango-mock: %s\n", err);
		return -1;
	}
	return 0;
}

/* Checks the address, then starts CivetWeb; reasons go to stderr. */
static int nm_start(nm_server *s, int *port)
{
	char err[512];
	if (nm_listen_probe(s->cfg.host, s->cfg.port, err, sizeof(err))) {
		fprintf(stderr, "nango-mock: %s\n", err);
		return -1;
	}
	if (nm_server_start(s, port)) {
		fprintf(stderr, "nango-mock: cannot start the server with %d "
			"worker threads on %s port %d: %s\n", s->cfg.threads,
			s->cfg.host, s->cfg.port,
			errno ? strerror(errno) : "CivetWeb refused to start");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	nm_server s;
	nm_cli cli;
	char err[256];
	sigset_t set;
	int sig, port, rc = 1;
	size_t i;

	memset(&s, 0, sizeof(s));
	memset(&cli, 0, sizeof(cli));
	cli.s = &s;
	s.cfg.host = "127.0.0.1";
	s.cfg.port = 3003;
	s.cfg.threads = 1100;
	s.cfg.keep_alive_ms = 61000;
	s.cfg.headers_timeout_ms = 62000;
	s.cfg.max_body = 75u * 1024 * 1024;
	s.cfg.journal_size = 10000;
	s.cfg.store = nm_store_new();
	s.cfg.clock = nm_clock_new();
	s.cfg.faults = nm_faults_new();
	if (!s.cfg.store || !s.cfg.clock || !s.cfg.faults)
		goto done;
	nm_store_set_clock(s.cfg.store, nm_clock_store_now, s.cfg.clock);
	rc = nm_parse_args(&cli, argc, argv);
	if (rc != NM_ARGS_OK) {
		rc = rc == NM_ARGS_STOP ? 0 : 2;
		goto done;
	}
	rc = 1;
	if (nm_env_keys(&s))
		goto done;
	if (s.cfg.n_keys == 0 &&
	    nm_add_key(&s, "dev", 3, NM_DEFAULT_KEY, err, sizeof(err)))
		goto done;
	if (!nm_host_is_loopback(s.cfg.host) && nm_has_default_key(&s)) {
		fprintf(stderr, "nango-mock: --host %s is reachable from other "
			"machines: give every environment a secret key of "
			"your own (--secret-key ENV=UUID)\n", s.cfg.host);
		goto done;
	}
	if (nm_load_files(&s, &cli) || nm_start_double(&s))
		goto done;
	/* worker threads inherit the mask; this thread waits for signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	if (nm_start(&s, &port))
		goto done;
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
	nm_persist_stop(s.cfg.persist); /* the last changes, then stop */
	s.cfg.persist = NULL;
	nm_free_all(&s);
	return rc;
}
