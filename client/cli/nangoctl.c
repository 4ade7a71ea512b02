/*
 * nangoctl: Nango's connections API from the shell, over libnango's public
 * header only. JSON answers go to stdout as Nango sent them; errors go to
 * stderr. Exit codes: 0 ok, 2 usage, 3 not found (connection or
 * integration), 4 other API error, 5 transport or parse error.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nango/nango.h"
#include "nangoctl_mock.h"

enum { EXIT_USAGE = 2, EXIT_NOTFOUND = 3, EXIT_API = 4, EXIT_TRANSPORT = 5 };

#define MAX_TAGS 32
#define MAX_IDS 256

/* Every option of every subcommand; each command says which it takes. */
typedef struct {
	const char *base_url, *secret_key;
	long timeout_ms;
	int retries, legacy;
	const char *connection_id, *search, *end_user_id, *end_user_org_id;
	const char *integration_id;
	int limit, page;
	int force_refresh, refresh_token, refresh_jwt;
	const char *type, *access_token, *refresh, *expires_at;
	long long expires_in;
	int no_expiration;
	const char *oauth_token, *oauth_token_secret, *username, *password;
	const char *api_key, *client_id, *client_secret, *token_id;
	const char *token_secret, *app_id, *installation_id;
	const char *credentials, *metadata, *config, *webhook;
	const char *eu_email, *eu_name;
	const char *tags[MAX_TAGS * 2 + 1];
	char *tag_copies[MAX_TAGS];
	int n_tags, clear_tags;
	const char *json;
} opts;

typedef struct {
	const char *name;
	const char *args;    /* positional arguments, for help */
	const char *allowed; /* option names this command accepts, ","-framed */
	const char *summary;
	int (*run)(nango_client *c, opts *o, int argc, char **argv);
} command;

enum {
	O_BASE = 1000, O_KEY, O_TIMEOUT, O_RETRIES, O_LEGACY, O_CID, O_SEARCH,
	O_EUID, O_EUORG, O_INTEG, O_LIMIT, O_PAGE, O_FORCE, O_RTOKEN, O_RJWT,
	O_TYPE, O_AT, O_RT, O_EXP, O_EXPIN, O_NOEXP, O_OT, O_OTS, O_USER,
	O_PASS, O_APIKEY, O_CLID, O_CLSEC, O_TID, O_TSEC, O_APPID, O_INST,
	O_CRED, O_META, O_CONF, O_HOOK, O_EUMAIL, O_EUNAME, O_TAG, O_CLEAR,
	O_JSON, O_HELP
};

static const struct option long_opts[] = {
	{"base-url", 1, 0, O_BASE}, {"secret-key", 1, 0, O_KEY},
	{"timeout", 1, 0, O_TIMEOUT}, {"retries", 1, 0, O_RETRIES},
	{"legacy", 0, 0, O_LEGACY}, {"connection-id", 1, 0, O_CID},
	{"search", 1, 0, O_SEARCH}, {"end-user-id", 1, 0, O_EUID},
	{"end-user-org-id", 1, 0, O_EUORG}, {"integration-id", 1, 0, O_INTEG},
	{"limit", 1, 0, O_LIMIT}, {"page", 1, 0, O_PAGE},
	{"force-refresh", 0, 0, O_FORCE}, {"refresh-token", 0, 0, O_RTOKEN},
	{"refresh-github-app-jwt-token", 0, 0, O_RJWT}, {"type", 1, 0, O_TYPE},
	{"access-token", 1, 0, O_AT}, {"refresh", 1, 0, O_RT},
	{"expires-at", 1, 0, O_EXP}, {"expires-in", 1, 0, O_EXPIN},
	{"no-expiration", 0, 0, O_NOEXP}, {"oauth-token", 1, 0, O_OT},
	{"oauth-token-secret", 1, 0, O_OTS}, {"username", 1, 0, O_USER},
	{"password", 1, 0, O_PASS}, {"api-key", 1, 0, O_APIKEY},
	{"client-id", 1, 0, O_CLID}, {"client-secret", 1, 0, O_CLSEC},
	{"token-id", 1, 0, O_TID}, {"token-secret", 1, 0, O_TSEC},
	{"app-id", 1, 0, O_APPID}, {"installation-id", 1, 0, O_INST},
	{"credentials", 1, 0, O_CRED}, {"metadata", 1, 0, O_META},
	{"connection-config", 1, 0, O_CONF}, {"webhook-url", 1, 0, O_HOOK},
	{"end-user-email", 1, 0, O_EUMAIL}, {"end-user-name", 1, 0, O_EUNAME},
	{"tag", 1, 0, O_TAG}, {"clear-tags", 0, 0, O_CLEAR},
	{"json", 1, 0, O_JSON}, {"help", 0, 0, O_HELP}, {0, 0, 0, 0}};

/* Prints the answer (or Nango's error) and maps rc to an exit code. */
static int finish(nango_client *c, int rc)
{
	size_t i;
	if (rc == NANGO_OK) {
		const char *body = nango_client_last_body(c);
		printf("%s\n", body[0] ? body : "{}");
		return 0;
	}
	fprintf(stderr, "nangoctl: %s", nango_error_string(rc));
	if (nango_client_last_status(c))
		fprintf(stderr, " (HTTP %d)", nango_client_last_status(c));
	fprintf(stderr, "\n");
	if (nango_client_last_body(c)[0])
		fprintf(stderr, "%s\n", nango_client_last_body(c));
	else if (nango_client_last_message(c)[0])
		fprintf(stderr, "%s\n", nango_client_last_message(c));
	for (i = 0; i < nango_client_last_item_count(c); i++) {
		const nango_error_item *it = nango_client_last_item(c, i);
		fprintf(stderr, "  %s at %s: %s\n", it->code, it->path,
			it->message);
	}
	switch (rc) {
	case NANGO_ENOTFOUND:
	case NANGO_EINTEGRATION: return EXIT_NOTFOUND;
	case NANGO_ETRANSPORT:
	case NANGO_EPARSE: return EXIT_TRANSPORT;
	case NANGO_EARG: return EXIT_USAGE;
	default: return EXIT_API;
	}
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "nangoctl: %s (see nangoctl --help)\n", msg);
	return EXIT_USAGE;
}

static int run_list(nango_client *c, opts *o, int argc, char **argv)
{
	nango_list_params p = NANGO_LIST_PARAMS_INIT;
	nango_connection_array *list = NULL;
	int rc;
	(void)argv;
	if (argc != 0)
		return usage_error("list takes no arguments");
	p.legacy_route = o->legacy;
	p.connection_id = o->connection_id;
	p.search = o->search;
	p.end_user_id = o->end_user_id;
	p.end_user_organization_id = o->end_user_org_id;
	p.integration_id = o->integration_id;
	p.tags = o->n_tags ? o->tags : NULL;
	p.limit = o->limit;
	p.page = o->page;
	rc = nango_connection_list(&list, c, &p);
	nango_connection_array_free(list);
	return finish(c, rc);
}

static int run_get(nango_client *c, opts *o, int argc, char **argv)
{
	nango_get_params p = NANGO_GET_PARAMS_INIT;
	nango_connection *conn = NULL;
	int rc;
	if (argc != 2)
		return usage_error("get needs KEY and ID");
	p.legacy_route = o->legacy;
	p.force_refresh = o->force_refresh;
	p.refresh_token = o->refresh_token;
	p.refresh_github_app_jwt_token = o->refresh_jwt;
	rc = nango_connection_get(&conn, c, argv[0], argv[1], &p);
	nango_connection_free(conn);
	return finish(c, rc);
}

static int run_delete(nango_client *c, opts *o, int argc, char **argv)
{
	(void)o;
	if (argc != 2)
		return usage_error("delete needs KEY and ID");
	return finish(c, nango_connection_delete(c, argv[0], argv[1]));
}

static int run_create(nango_client *c, opts *o, int argc, char **argv)
{
	nango_create_legacy_params p = NANGO_CREATE_LEGACY_PARAMS_INIT;
	if (argc < 1 || argc > 2)
		return usage_error("create needs KEY and optionally ID");
	p.provider_config_key = argv[0];
	p.connection_id = argc > 1 ? argv[1] : NULL;
	p.access_token = o->access_token;
	p.refresh_token = o->refresh;
	p.expires_at = o->expires_at;
	p.expires_in = o->expires_in;
	p.no_expiration = o->no_expiration;
	p.oauth_token = o->oauth_token;
	p.oauth_token_secret = o->oauth_token_secret;
	p.username = o->username;
	p.password = o->password;
	p.api_key = o->api_key;
	p.app_id = o->app_id;
	p.installation_id = o->installation_id;
	p.token_id = o->token_id;
	p.token_secret = o->token_secret;
	p.oauth_client_id_override = o->client_id;
	p.oauth_client_secret_override = o->client_secret;
	p.metadata_json = o->metadata;
	p.connection_config_json = o->config;
	p.webhook_url_override = o->webhook;
	return finish(c, nango_connection_create_legacy(NULL, c, &p));
}

/* The end user given by --end-user-*, or NULL. */
static const nango_end_user_params *end_user(const opts *o,
					     nango_end_user_params *u)
{
	static const nango_end_user_params init = NANGO_END_USER_PARAMS_INIT;
	if (!o->end_user_id)
		return NULL;
	*u = init;
	u->id = o->end_user_id;
	u->email = o->eu_email;
	u->display_name = o->eu_name;
	return u;
}

static int run_import(nango_client *c, opts *o, int argc, char **argv)
{
	nango_create_params p = NANGO_CREATE_PARAMS_INIT;
	nango_end_user_params u;
	nango_connection *conn = NULL;
	int rc;
	if (argc < 1 || argc > 2)
		return usage_error("import needs KEY and optionally ID");
	if (!o->type && !o->credentials)
		return usage_error("import needs --type or --credentials");
	p.provider_config_key = argv[0];
	p.connection_id = argc > 1 ? argv[1] : NULL;
	p.credentials_type = o->type;
	p.access_token = o->access_token;
	p.refresh_token = o->refresh;
	p.expires_at = o->expires_at;
	p.client_id = o->client_id;
	p.client_secret = o->client_secret;
	p.oauth_token = o->oauth_token;
	p.oauth_token_secret = o->oauth_token_secret;
	p.api_key = o->api_key;
	p.username = o->username;
	p.password = o->password;
	p.token_id = o->token_id;
	p.token_secret = o->token_secret;
	p.app_id = o->app_id;
	p.installation_id = o->installation_id;
	p.credentials_json = o->credentials;
	p.metadata_json = o->metadata;
	p.connection_config_json = o->config;
	p.end_user = end_user(o, &u);
	p.tags = o->n_tags ? o->tags : NULL;
	p.webhook_url_override = o->webhook;
	rc = nango_connection_create(&conn, c, &p);
	nango_connection_free(conn);
	return finish(c, rc);
}

static int run_patch(nango_client *c, opts *o, int argc, char **argv)
{
	nango_patch_params p = NANGO_PATCH_PARAMS_INIT;
	nango_end_user_params u;
	if (argc != 2)
		return usage_error("patch needs KEY and ID");
	p.end_user = end_user(o, &u);
	p.set_tags = o->n_tags > 0 || o->clear_tags;
	p.tags = o->tags;
	p.webhook_url_override = o->webhook;
	return finish(c, nango_connection_patch(c, argv[0], argv[1], &p));
}

static int run_metadata(nango_client *c, opts *o, int argc, char **argv,
			int update)
{
	if (argc < 2 || argc > MAX_IDS + 1)
		return usage_error("metadata commands need KEY and ID...");
	if (!o->json)
		return usage_error("metadata commands need --json OBJECT");
	if (o->legacy) {
		if (argc != 2)
			return usage_error("--legacy takes exactly one ID");
		return finish(c, update ? nango_metadata_update_legacy(
						  c, argv[0], argv[1], o->json)
					: nango_metadata_set_legacy(
						  c, argv[0], argv[1], o->json));
	}
	return finish(c, update ? nango_metadata_update(
					  c, argv[0], (const char *const *)argv + 1,
					  (size_t)argc - 1, o->json)
				: nango_metadata_set(
					  c, argv[0], (const char *const *)argv + 1,
					  (size_t)argc - 1, o->json));
}

static int run_set_metadata(nango_client *c, opts *o, int argc, char **argv)
{
	return run_metadata(c, o, argc, argv, 0);
}

static int run_update_metadata(nango_client *c, opts *o, int argc,
			       char **argv)
{
	return run_metadata(c, o, argc, argv, 1);
}

#define CRED_OPTS ",access-token,refresh,expires-at,client-id,client-secret," \
		  "oauth-token,oauth-token-secret,username,password,api-key," \
		  "token-id,token-secret,app-id,installation-id,"

static const command commands[] = {
	{"list", "",
	 ",legacy,connection-id,search,end-user-id,end-user-org-id,"
	 "integration-id,tag,limit,page,",
	 "list connections, newest first", run_list},
	{"get", "KEY ID",
	 ",legacy,force-refresh,refresh-token,refresh-github-app-jwt-token,",
	 "get one connection with its credentials", run_get},
	{"delete", "KEY ID", ",", "delete a connection", run_delete},
	{"create", "KEY [ID]",
	 CRED_OPTS "expires-in,no-expiration,metadata,connection-config,"
		   "webhook-url,",
	 "import a connection with legacy POST /connection", run_create},
	{"import", "KEY [ID]",
	 CRED_OPTS "type,credentials,metadata,connection-config,webhook-url,"
		   "end-user-id,end-user-email,end-user-name,tag,",
	 "import a connection with POST /connections", run_import},
	{"patch", "KEY ID",
	 ",end-user-id,end-user-email,end-user-name,tag,clear-tags,webhook-url,",
	 "change end user, tags or webhook URL of a connection", run_patch},
	{"set-metadata", "KEY ID...", ",json,legacy,",
	 "replace the metadata of connections", run_set_metadata},
	{"update-metadata", "KEY ID...", ",json,legacy,",
	 "merge into the metadata of connections", run_update_metadata},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void help(const command *cmd)
{
	size_t i;
	const struct option *lo;
	if (!cmd) {
		printf("usage: nangoctl [--base-url URL] [--secret-key KEY] "
		       "[--timeout MS] [--retries N] COMMAND [options] [args]\n\n"
		       "Nango's connections API from the shell. JSON answers go "
		       "to stdout, errors to stderr.\n"
		       "--base-url defaults to $NANGO_HOST, then "
		       "https://api.nango.dev; --secret-key to $NANGO_SECRET_KEY.\n"
		       "Exit codes: 0 ok, 2 usage, 3 not found, 4 API error, "
		       "5 transport error.\n\ncommands:\n");
		for (i = 0; i < N_COMMANDS; i++)
			printf("  %-16s %s\n", commands[i].name,
			       commands[i].summary);
		printf("  %-16s %s\n", "mock",
		       "nango-mock's control API (nangoctl mock --help)");
		printf("\n'nangoctl COMMAND --help' lists a command's options.\n");
		return;
	}
	printf("usage: nangoctl %s [options] %s\n%s.\n\noptions:\n", cmd->name,
	       cmd->args, cmd->summary);
	for (lo = long_opts; lo->name; lo++) {
		char framed[64];
		snprintf(framed, sizeof(framed), ",%s,", lo->name);
		if (strstr(cmd->allowed, framed))
			printf("  --%s%s\n", lo->name,
			       !lo->has_arg ? ""
			       : !strcmp(lo->name, "tag") ? " KEY=VALUE (repeatable)"
							  : " VALUE");
	}
}

/* Stores one option; returns 0, or an exit code. */
static int set_option(opts *o, int id, const char *arg);

/*
 * Reads options from argv: before the command (cmd NULL: global options
 * only, stopping at the command) or after it (that command's options, in
 * any position). Returns 0, -1 after --help, or an exit code.
 */
static int parse(opts *o, const command *cmd, int argc, char **argv,
		 int *first_arg)
{
	int ch, idx = 0, rc;
	optind = 0; /* full reinitialisation of GNU getopt */
	while ((ch = getopt_long(argc, argv, cmd ? "h" : "+h", long_opts,
				 &idx)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == O_HELP || ch == 'h') {
			help(cmd);
			return -1;
		}
		if (ch >= O_LEGACY) { /* a command's own option */
			char framed[64];
			snprintf(framed, sizeof(framed), ",%s,", long_opts[idx].name);
			if (!cmd || !strstr(cmd->allowed, framed)) {
				fprintf(stderr, "nangoctl%s%s: --%s is not an "
					"option here\n", cmd ? " " : "",
					cmd ? cmd->name : "", long_opts[idx].name);
				return EXIT_USAGE;
			}
		}
		rc = set_option(o, ch, optarg);
		if (rc)
			return rc;
	}
	*first_arg = optind;
	return 0;
}

/* The long name of option id (for messages). */
static const char *option_name(int id)
{
	const struct option *lo;
	for (lo = long_opts; lo->name; lo++)
		if (lo->val == id)
			return lo->name;
	return "?";
}

/*
 * A decimal option value within [0, max] into *out. Returns 0, or prints
 * a message naming the option and the reason and returns EXIT_USAGE.
 */
static int number(long long *out, int id, const char *s, long long max)
{
	char msg[160];
	const char *p = s;
	long long v = 0;
	for (; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (p == s || (*p && (*p < '0' || *p > '9')))
		snprintf(msg, sizeof(msg), "--%s: '%s' is not a whole number "
			 "from 0 to %lld", option_name(id), s, max);
	else if (*p || v > max)
		snprintf(msg, sizeof(msg), "--%s: %s is out of range (0 to "
			 "%lld)", option_name(id), s, max);
	else {
		*out = v;
		return 0;
	}
	return usage_error(msg);
}

static int add_tag(opts *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *k;
	if (!eq || eq == arg || o->n_tags == MAX_TAGS)
		return usage_error("--tag takes KEY=VALUE (at most 32)");
	k = strndup(arg, (size_t)(eq - arg));
	if (!k)
		return EXIT_TRANSPORT;
	o->tag_copies[o->n_tags] = k;
	o->tags[o->n_tags * 2] = k;
	o->tags[o->n_tags * 2 + 1] = eq + 1;
	o->n_tags++;
	return 0;
}

static int set_option(opts *o, int id, const char *a)
{
	long long n = 0;
	int rc = 0;
	switch (id) {
	case O_TIMEOUT: rc = number(&n, id, a, 86400000); break;
	case O_RETRIES: rc = number(&n, id, a, 100); break;
	case O_LIMIT:
	case O_PAGE: rc = number(&n, id, a, INT_MAX); break;
	case O_EXPIN: rc = number(&n, id, a, 100000000000LL); break;
	default: break;
	}
	if (rc)
		return rc;
	switch (id) {
	case O_BASE: o->base_url = a; break;
	case O_KEY: o->secret_key = a; break;
	case O_TIMEOUT: o->timeout_ms = (long)n; break;
	case O_RETRIES: o->retries = (int)n; break;
	case O_LEGACY: o->legacy = 1; break;
	case O_CID: o->connection_id = a; break;
	case O_SEARCH: o->search = a; break;
	case O_EUID: o->end_user_id = a; break;
	case O_EUORG: o->end_user_org_id = a; break;
	case O_INTEG: o->integration_id = a; break;
	case O_LIMIT: o->limit = (int)n; break;
	case O_PAGE: o->page = (int)n; break;
	case O_FORCE: o->force_refresh = 1; break;
	case O_RTOKEN: o->refresh_token = 1; break;
	case O_RJWT: o->refresh_jwt = 1; break;
	case O_TYPE: o->type = a; break;
	case O_AT: o->access_token = a; break;
	case O_RT: o->refresh = a; break;
	case O_EXP: o->expires_at = a; break;
	case O_EXPIN: o->expires_in = n; break;
	case O_NOEXP: o->no_expiration = 1; break;
	case O_OT: o->oauth_token = a; break;
	case O_OTS: o->oauth_token_secret = a; break;
	case O_USER: o->username = a; break;
	case O_PASS: o->password = a; break;
	case O_APIKEY: o->api_key = a; break;
	case O_CLID: o->client_id = a; break;
	case O_CLSEC: o->client_secret = a; break;
	case O_TID: o->token_id = a; break;
	case O_TSEC: o->token_secret = a; break;
	case O_APPID: o->app_id = a; break;
	case O_INST: o->installation_id = a; break;
	case O_CRED: o->credentials = a; break;
	case O_META: o->metadata = a; break;
	case O_CONF: o->config = a; break;
	case O_HOOK: o->webhook = a; break;
	case O_EUMAIL: o->eu_email = a; break;
	case O_EUNAME: o->eu_name = a; break;
	case O_TAG: return add_tag(o, a);
	case O_CLEAR: o->clear_tags = 1; break;
	case O_JSON: o->json = a; break;
	default: return EXIT_USAGE;
	}
	return 0;
}

/* Runs the command named by argv[0] with the options that follow. */
static int dispatch(opts *o, int argc, char **argv)
{
	nango_options no = NANGO_OPTIONS_INIT;
	nango_client *client = NULL;
	const command *cmd = NULL;
	int rc, first;
	size_t i;

	if (!strcmp(argv[0], "mock"))
		return nangoctl_mock(o->base_url, o->secret_key, o->timeout_ms,
				     argc, argv);
	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, argv[0]))
			cmd = &commands[i];
	if (!cmd)
		return usage_error("unknown command");
	rc = parse(o, cmd, argc, argv, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!o->secret_key)
		return usage_error("no secret key: give --secret-key or set "
				   "NANGO_SECRET_KEY");
	no.base_url = o->base_url;
	no.secret_key = o->secret_key;
	no.timeout_ms = o->timeout_ms;
	no.max_retries = o->retries;
	if (nango_client_new(&client, &no) != NANGO_OK)
		return usage_error("cannot create a client");
	rc = cmd->run(client, o, argc - first, argv + first);
	nango_client_free(client);
	return rc;
}

int main(int argc, char **argv)
{
	opts o;
	int rc, first = 1, i;

	memset(&o, 0, sizeof(o));
	o.base_url = getenv("NANGO_HOST");
	o.secret_key = getenv("NANGO_SECRET_KEY");
	o.timeout_ms = 30000;
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("nangoctl %s\n", NANGO_VERSION_STRING);
		return 0;
	}
	rc = parse(&o, NULL, argc, argv, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (first >= argc) {
		help(NULL);
		return EXIT_USAGE;
	}
	if (nango_global_init() != NANGO_OK)
		return EXIT_TRANSPORT;
	rc = dispatch(&o, argc - first, argv + first);
	nango_global_cleanup();
	for (i = 0; i < o.n_tags; i++)
		free(o.tag_copies[i]);
	return rc;
}
