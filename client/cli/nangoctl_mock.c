/*
 * nangoctl_mock.c: `nangoctl mock ...`, nango-mock's control API from the
 * shell (README, "Testing with the mock"), over libnango's nango/mock.h.
 * Answers go to stdout, errors to stderr, with nangoctl's exit codes.
 */
#include "nangoctl_mock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nango/mock.h"
#include "nango/nango.h"

enum { EXIT_USAGE = 2, EXIT_NOTFOUND = 3, EXIT_API = 4, EXIT_TRANSPORT = 5 };

#define MAX_HEADERS 16

typedef struct {
	const char *method, *path, *path_prefix, *status, *since, *limit;
	const char *preset, *retry_after, *latency, *times, *percent, *seed;
	const char *body, *json;
	const char *headers[MAX_HEADERS];
	int n_headers, drop, empty, merge, clear;
} mock_opts;

enum {
	M_METHOD = 1, M_PATH, M_PREFIX, M_STATUS, M_SINCE, M_LIMIT, M_PRESET,
	M_RETRY, M_LATENCY, M_TIMES, M_PERCENT, M_SEED, M_BODY, M_JSON,
	M_HEADER, M_DROP, M_EMPTY, M_MERGE, M_CLEAR, M_HELP
};

static const struct option mock_long[] = {
	{"method", 1, 0, M_METHOD}, {"path", 1, 0, M_PATH},
	{"path-prefix", 1, 0, M_PREFIX}, {"status", 1, 0, M_STATUS},
	{"since", 1, 0, M_SINCE}, {"limit", 1, 0, M_LIMIT},
	{"preset", 1, 0, M_PRESET}, {"retry-after", 1, 0, M_RETRY},
	{"latency-ms", 1, 0, M_LATENCY}, {"times", 1, 0, M_TIMES},
	{"percent", 1, 0, M_PERCENT}, {"seed", 1, 0, M_SEED},
	{"body", 1, 0, M_BODY}, {"json", 1, 0, M_JSON},
	{"header", 1, 0, M_HEADER}, {"drop", 0, 0, M_DROP},
	{"empty", 0, 0, M_EMPTY}, {"merge", 0, 0, M_MERGE},
	{"clear", 0, 0, M_CLEAR}, {"help", 0, 0, M_HELP}, {0, 0, 0, 0}};

static const char mock_help[] =
	"usage: nangoctl mock SUBCOMMAND [options]\n"
	"nango-mock's control API, for the secret key's environment.\n\n"
	"  reset [--empty]           back to the start-up fixtures (or "
	"nothing);\n"
	"                            clears the journal, faults and clock\n"
	"  export                    the state as a fixtures document\n"
	"  load FILE|- [--merge]     load a fixtures document (replace, or "
	"merge)\n"
	"  requests [FILTER] [--limit N] [--clear]\n"
	"                            the request journal (--clear empties it)\n"
	"  count [FILTER]            how many journaled requests match\n"
	"  fault add [MATCH] ACTION [--latency-ms N] [--times N]\n"
	"            [--percent P [--seed S]]   (or --json JSON)\n"
	"  fault list | fault clear [ID]\n"
	"  clock [show | freeze [ISO] | advance MS | release]\n\n"
	"FILTER: --method M --path GLOB --path-prefix P --status N "
	"--since ISO\n"
	"MATCH:  --method M --path GLOB --path-prefix P\n"
	"ACTION: --status N [--header NAME:VALUE]... [--body TEXT] | --preset "
	"rate_limit [--retry-after S] | --preset server_error | --drop | "
	"only --latency-ms\n";

/* Appends s as a JSON string literal. */
static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Appends s percent-encoded for a query value. */
static void put_query_value(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~*/", c))
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

static int mock_usage(const char *msg)
{
	fprintf(stderr, "nangoctl mock: %s (see nangoctl mock --help)\n", msg);
	return EXIT_USAGE;
}

/* Prints text (or the error) and maps rc to an exit code. */
static int mock_finish(nango_client *c, int rc, const char *text)
{
	if (rc == NANGO_OK) {
		if (text)
			printf("%s\n", text);
		return 0;
	}
	fprintf(stderr, "nangoctl mock: %s", nango_error_string(rc));
	if (nango_client_last_status(c))
		fprintf(stderr, " (HTTP %d)", nango_client_last_status(c));
	fprintf(stderr, "\n%s\n", nango_client_last_body(c)[0] ? nango_client_last_body(c)
		: nango_client_last_message(c));
	switch (rc) {
	case NANGO_ENOTFOUND: return EXIT_NOTFOUND;
	case NANGO_ETRANSPORT:
	case NANGO_EPARSE: return EXIT_TRANSPORT;
	case NANGO_EARG: return EXIT_USAGE;
	default: return EXIT_API;
	}
}

/* A numeric option as JSON: checked to be a plain decimal number. */
static int put_number(FILE *f, const char *name, const char *v)
{
	char *end;
	strtod(v, &end);
	if (!*v || *end || strspn(v, "0123456789.") != strlen(v)) {
		fprintf(stderr, "nangoctl mock: --%s takes a number\n", name);
		return -1;
	}
	fputs(v, f);
	return 0;
}

/* ,"key":"value" when v is set. */
static void put_str_field(FILE *f, int *first, const char *key,
			  const char *v)
{
	if (!v)
		return;
	fprintf(f, "%s\"%s\":", *first ? "" : ",", key);
	put_json_string(f, v);
	*first = 0;
}

static int put_num_field(FILE *f, int *first, const char *key,
			 const char *opt, const char *v)
{
	if (!v)
		return 0;
	fprintf(f, "%s\"%s\":", *first ? "" : ",", key);
	*first = 0;
	return put_number(f, opt, v);
}

/* The matcher fields of o; filter adds status and since. */
static int put_matcher(FILE *f, const mock_opts *o, int filter)
{
	int first = 1;
	fputc('{', f);
	put_str_field(f, &first, "method", o->method);
	put_str_field(f, &first, "path", o->path);
	put_str_field(f, &first, "path_prefix", o->path_prefix);
	if (filter) {
		if (put_num_field(f, &first, "status", "status", o->status))
			return -1;
		put_str_field(f, &first, "since", o->since);
	}
	fputc('}', f);
	return 0;
}

/* {"match":{...}, action, when} from the options. */
static int put_fault(FILE *f, const mock_opts *o)
{
	int first = 0, i;
	fputs("{\"match\":", f);
	if (put_matcher(f, o, 0))
		return -1;
	if (put_num_field(f, &first, "status", "status", o->status) ||
	    put_num_field(f, &first, "retry_after", "retry-after",
			  o->retry_after) ||
	    put_num_field(f, &first, "latency_ms", "latency-ms", o->latency) ||
	    put_num_field(f, &first, "times", "times", o->times) ||
	    put_num_field(f, &first, "percent", "percent", o->percent) ||
	    put_num_field(f, &first, "seed", "seed", o->seed))
		return -1;
	put_str_field(f, &first, "preset", o->preset);
	put_str_field(f, &first, "body", o->body);
	if (o->drop)
		fputs(",\"drop\":true", f);
	if (o->n_headers)
		fputs(",\"headers\":{", f);
	for (i = 0; i < o->n_headers; i++) {
		const char *colon = strchr(o->headers[i], ':');
		char name[128];
		size_t n = colon ? (size_t)(colon - o->headers[i]) : 0;
		if (!colon || !n || n >= sizeof(name)) {
			fprintf(stderr, "nangoctl mock: --header takes "
				"NAME:VALUE\n");
			return -1;
		}
		memcpy(name, o->headers[i], n);
		name[n] = '\0';
		fputs(i ? "," : "", f);
		put_json_string(f, name);
		fputc(':', f);
		put_json_string(f, colon + 1 + (colon[1] == ' '));
	}
	if (o->n_headers)
		fputc('}', f);
	fputc('}', f);
	return 0;
}

/* The journal filter as a query string. */
static void put_filter_query(FILE *f, const mock_opts *o)
{
	const char *keys[] = {"method", "path", "path_prefix", "status",
			      "since", "limit"};
	const char *vals[] = {o->method, o->path, o->path_prefix, o->status,
			      o->since, o->limit};
	int i, first = 1;
	for (i = 0; i < 6; i++) {
		if (!vals[i])
			continue;
		fprintf(f, "%s%s=", first ? "" : "&", keys[i]);
		put_query_value(f, vals[i]);
		first = 0;
	}
}

/* Text built by fn into a new string; NULL when fn refused. */
static char *build(int (*fn)(FILE *, const mock_opts *), const mock_opts *o)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	int rc;
	if (!f)
		return NULL;
	rc = fn(f, o);
	fclose(f);
	if (rc) {
		free(text);
		return NULL;
	}
	return text;
}

static int build_matcher(FILE *f, const mock_opts *o)
{
	return put_matcher(f, o, 1);
}

static int build_query(FILE *f, const mock_opts *o)
{
	put_filter_query(f, o);
	return 0;
}

/* Reads a whole file ("-": stdin); NULL with a message on failure. */
static char *read_all(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *text = NULL, chunk[8192];
	size_t n = 0, got;
	FILE *out;
	if (!f) {
		perror(path);
		return NULL;
	}
	out = open_memstream(&text, &n);
	while (out && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, got, out);
	if (out)
		fclose(out);
	if (f != stdin)
		fclose(f);
	return text;
}

typedef struct {
	const char *name;
	const char *allowed; /* option names, ","-framed */
	int min_args, max_args;
} mock_cmd;

static const mock_cmd mock_cmds[] = {
	{"reset", ",empty,", 0, 0},
	{"export", ",", 0, 0},
	{"load", ",merge,", 1, 1},
	{"requests", ",method,path,path-prefix,status,since,limit,clear,", 0, 0},
	{"count", ",method,path,path-prefix,status,since,", 0, 0},
	{"fault", ",method,path,path-prefix,status,header,body,preset,"
		  "retry-after,drop,latency-ms,times,percent,seed,json,", 1, 2},
	{"clock", ",", 0, 2},
};

static int set_mock_option(mock_opts *o, int id, const char *a)
{
	switch (id) {
	case M_METHOD: o->method = a; break;
	case M_PATH: o->path = a; break;
	case M_PREFIX: o->path_prefix = a; break;
	case M_STATUS: o->status = a; break;
	case M_SINCE: o->since = a; break;
	case M_LIMIT: o->limit = a; break;
	case M_PRESET: o->preset = a; break;
	case M_RETRY: o->retry_after = a; break;
	case M_LATENCY: o->latency = a; break;
	case M_TIMES: o->times = a; break;
	case M_PERCENT: o->percent = a; break;
	case M_SEED: o->seed = a; break;
	case M_BODY: o->body = a; break;
	case M_JSON: o->json = a; break;
	case M_HEADER:
		if (o->n_headers == MAX_HEADERS)
			return mock_usage("at most 16 --header");
		o->headers[o->n_headers++] = a;
		break;
	case M_DROP: o->drop = 1; break;
	case M_EMPTY: o->empty = 1; break;
	case M_MERGE: o->merge = 1; break;
	case M_CLEAR: o->clear = 1; break;
	default: return EXIT_USAGE;
	}
	return 0;
}

/* Options of cmd from argv; *first gets the first positional argument. */
static int parse_mock(mock_opts *o, const mock_cmd *cmd, int argc,
		      char **argv, int *first)
{
	int ch, idx = 0, rc;
	char framed[64];
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", mock_long, &idx)) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == M_HELP) {
			fputs(mock_help, stdout);
			return -1;
		}
		snprintf(framed, sizeof(framed), ",%s,", mock_long[idx].name);
		if (!strstr(cmd->allowed, framed)) {
			fprintf(stderr, "nangoctl mock %s: --%s is not an "
				"option here\n", cmd->name, mock_long[idx].name);
			return EXIT_USAGE;
		}
		rc = set_mock_option(o, ch, optarg);
		if (rc)
			return rc;
	}
	*first = optind;
	if (argc - optind < cmd->min_args || argc - optind > cmd->max_args)
		return mock_usage("wrong number of arguments");
	return 0;
}

static int run_requests(nango_client *c, const mock_opts *o)
{
	char *query, *text = NULL;
	int rc;
	if (o->clear) {
		if (o->method || o->path || o->path_prefix || o->status ||
		    o->since || o->limit)
			return mock_usage("--clear empties the whole journal; "
					  "it takes no filter");
		rc = nango_mock_clear_requests(c);
		return mock_finish(c, rc, nango_client_last_body(c));
	}
	query = build(build_query, o);
	if (!query)
		return EXIT_TRANSPORT;
	rc = nango_mock_requests(&text, c, query);
	rc = mock_finish(c, rc, text);
	nango_mock_free(text);
	free(query);
	return rc;
}

static int run_count(nango_client *c, const mock_opts *o)
{
	char *matcher = build(build_matcher, o), line[32];
	long n = 0;
	int rc;
	if (!matcher)
		return EXIT_USAGE;
	rc = nango_mock_count(&n, c, matcher);
	snprintf(line, sizeof(line), "%ld", n);
	free(matcher);
	return mock_finish(c, rc, line);
}

static int run_fault(nango_client *c, const mock_opts *o, int argc,
		     char **argv)
{
	char *text = NULL, *spec;
	int rc;
	if (!strcmp(argv[0], "list") && argc == 1) {
		rc = nango_mock_faults(&text, c);
	} else if (!strcmp(argv[0], "clear") && argc <= 2) {
		rc = nango_mock_fault_clear(c, argc == 2 ? argv[1] : NULL);
		if (rc == NANGO_OK)
			text = strdup(nango_client_last_body(c));
	} else if (!strcmp(argv[0], "add") && argc == 1) {
		spec = o->json ? strdup(o->json) : build(put_fault, o);
		if (!spec)
			return EXIT_USAGE;
		rc = nango_mock_fault_add(NULL, c, spec);
		if (rc == NANGO_OK)
			text = strdup(nango_client_last_body(c));
		free(spec);
	} else {
		return mock_usage("fault takes add, list or clear [ID]");
	}
	rc = mock_finish(c, rc, text ? text : (rc ? NULL : "{}"));
	free(text);
	return rc;
}

static int run_clock(nango_client *c, int argc, char **argv)
{
	const char *what = argc ? argv[0] : "show";
	char *end = NULL;
	long long ms;
	int rc;
	if (!strcmp(what, "freeze") && argc <= 2) {
		rc = nango_mock_clock_freeze(c, argc == 2 ? argv[1] : NULL);
	} else if (!strcmp(what, "advance") && argc == 2) {
		ms = strtoll(argv[1], &end, 10);
		if (!*argv[1] || *end || ms < 0)
			return mock_usage("advance takes milliseconds");
		rc = nango_mock_clock_advance(c, ms);
	} else if (!strcmp(what, "release") && argc == 1) {
		rc = nango_mock_clock_release(c);
	} else if (!strcmp(what, "show") && argc <= 1) {
		char *text = NULL;
		rc = nango_mock_clock(&text, c);
		rc = mock_finish(c, rc, text);
		nango_mock_free(text);
		return rc;
	} else {
		return mock_usage("clock takes show, freeze [ISO], advance MS "
				  "or release");
	}
	return mock_finish(c, rc, nango_client_last_body(c));
}

/* Runs one subcommand with a client; returns the exit code. */
static int run_mock(nango_client *c, const mock_cmd *cmd, const mock_opts *o,
		    int argc, char **argv)
{
	char *text = NULL;
	int rc;
	if (!strcmp(cmd->name, "reset")) {
		rc = nango_mock_reset(c, o->empty);
		return mock_finish(c, rc, nango_client_last_body(c));
	}
	if (!strcmp(cmd->name, "export")) {
		rc = nango_mock_export(&text, c);
		rc = mock_finish(c, rc, text);
		nango_mock_free(text);
		return rc;
	}
	if (!strcmp(cmd->name, "load")) {
		text = read_all(argv[0]);
		if (!text)
			return EXIT_USAGE;
		rc = nango_mock_load(c, text, o->merge);
		free(text);
		return mock_finish(c, rc, nango_client_last_body(c));
	}
	if (!strcmp(cmd->name, "requests"))
		return run_requests(c, o);
	if (!strcmp(cmd->name, "count"))
		return run_count(c, o);
	if (!strcmp(cmd->name, "fault"))
		return run_fault(c, o, argc, argv);
	return run_clock(c, argc, argv);
}

int nangoctl_mock(const char *base_url, const char *secret_key,
		  long timeout_ms, int argc, char **argv)
{
	nango_options no = NANGO_OPTIONS_INIT;
	nango_client *client = NULL;
	const mock_cmd *cmd = NULL;
	mock_opts o;
	size_t i;
	int rc, first;

	memset(&o, 0, sizeof(o));
	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fputs(mock_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (i = 0; i < sizeof(mock_cmds) / sizeof(*mock_cmds); i++)
		if (!strcmp(mock_cmds[i].name, argv[1]))
			cmd = &mock_cmds[i];
	if (!cmd)
		return mock_usage("unknown subcommand");
	rc = parse_mock(&o, cmd, argc - 1, argv + 1, &first);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!secret_key)
		return mock_usage("no secret key: give --secret-key or set "
				  "NANGO_SECRET_KEY");
	no.base_url = base_url;
	no.secret_key = secret_key;
	no.timeout_ms = timeout_ms;
	if (nango_client_new(&client, &no) != NANGO_OK)
		return mock_usage("cannot create a client");
	rc = run_mock(client, cmd, &o, argc - 1 - first, argv + 1 + first);
	nango_client_free(client);
	return rc;
}
