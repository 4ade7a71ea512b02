/* nd_main.c: nango-drift's command line. */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "nd.h"
#include "nd_http.h"
#include "nd_report.h"
#include "nd_run.h"

static volatile sig_atomic_t nd_stop;

static void nd_on_signal(int sig)
{
	(void)sig;
	nd_stop = 1;
}

static void nd_usage(FILE *out)
{
	fprintf(out,
"Usage: nango-drift --a URL --a-key KEY --b URL --b-key KEY [options] COMMAND\n"
"Sends the same requests to two Nango servers (say nango-mock and a real\n"
"Nango) and reports every answer that differs once their own ids,\n"
"timestamps, UUIDs and base URLs are accounted for.\n\n"
"Commands:\n"
"  generate [--seed S] [--count N] [--from F] [--episode I] [--print]\n"
"        N random episodes (default 100) of 1-6 requests over every route;\n"
"        the same seed gives the same requests. --from F starts at episode\n"
"        F (of the same N), --episode runs episode I only; --print writes\n"
"        the requests (templates) and sends nothing.\n"
"  replay PATH... [--include-mock-only]\n"
"        conformance case files or folders of them (fixtures/cases), and\n"
"        request-journal exports ({\"requests\":[...]}). Cases marked\n"
"        \"only\":\"mock\", and cases that read the whole environment\n"
"        (\"scope\":\"environment\"), are skipped unless\n"
"        --include-mock-only.\n\n"
"Options:\n"
"  --a URL, --b URL     the two servers' base URLs\n"
"  --a-key K, --b-key K their secret keys (or NANGO_DRIFT_A_KEY and\n"
"                       NANGO_DRIFT_B_KEY in the environment)\n"
"  --a-public URL       the URL server a writes into bodies, if not its\n"
"  --b-public URL       base URL (localhost and 127.0.0.1 count as one)\n"
"  --rate R             at most R requests per second to each server\n"
"  --junit FILE         a JUnit XML report, one test case per episode\n"
"  --tag T              the run's tag in keys and ids (default: random)\n"
"  --quiet              only the summary\n"
"  --record DIR         write every answer pair to DIR as a test fixture\n"
"                       (keys replaced by stand-ins)\n\n"
"Exit status: 0 no difference, 1 differences, 2 usage, 3 a server could\n"
"not be used (unreachable, or integrations could not be made).\n");
}

typedef struct {
	const char *a, *a_key, *a_pub, *b, *b_key, *b_pub, *junit, *tag;
	const char *record;
	const char *cmd;
	const char *paths[64];
	size_t n_paths;
	unsigned long long seed;
	long count, episode, from;
	double rate;
	int print, quiet, mock_only;
} nd_args;

static int nd_parse_args(nd_args *o, int argc, char **argv)
{
	int i;
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->count = 100;
	o->episode = -1;
	o->a_key = getenv("NANGO_DRIFT_A_KEY");
	o->b_key = getenv("NANGO_DRIFT_B_KEY");
	for (i = 1; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int val = 1;
		if (!strcmp(s, "--a")) o->a = v;
		else if (!strcmp(s, "--b")) o->b = v;
		else if (!strcmp(s, "--a-key")) o->a_key = v;
		else if (!strcmp(s, "--b-key")) o->b_key = v;
		else if (!strcmp(s, "--a-public")) o->a_pub = v;
		else if (!strcmp(s, "--b-public")) o->b_pub = v;
		else if (!strcmp(s, "--junit")) o->junit = v;
		else if (!strcmp(s, "--tag")) o->tag = v;
		else if (!strcmp(s, "--record")) o->record = v;
		else if (!strcmp(s, "--rate")) o->rate = v ? atof(v) : -1;
		else if (!strcmp(s, "--seed")) o->seed = v ? strtoull(v, NULL, 10) : 0;
		else if (!strcmp(s, "--count")) o->count = v ? atol(v) : -1;
		else if (!strcmp(s, "--episode")) o->episode = v ? atol(v) : -1;
		else if (!strcmp(s, "--from")) o->from = v ? atol(v) : -1;
		else {
			val = 0;
			if (!strcmp(s, "--print")) o->print = 1;
			else if (!strcmp(s, "--quiet")) o->quiet = 1;
			else if (!strcmp(s, "--include-mock-only")) o->mock_only = 1;
			else if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
				nd_usage(stdout);
				exit(0);
			} else if (s[0] == '-') {
				fprintf(stderr, "nango-drift: unknown option %s\n", s);
				return -1;
			} else if (!o->cmd) {
				o->cmd = s;
			} else if (o->n_paths < 64) {
				o->paths[o->n_paths++] = s;
			}
		}
		if (val && !v) {
			fprintf(stderr, "nango-drift: %s needs a value\n", s);
			return -1;
		}
		i += val;
	}
	if (!o->cmd || (strcmp(o->cmd, "generate") && strcmp(o->cmd, "replay"))) {
		fprintf(stderr, "nango-drift: say generate or replay\n");
		return -1;
	}
	if (!strcmp(o->cmd, "replay") && o->n_paths == 0) {
		fprintf(stderr, "nango-drift: replay needs a file or folder\n");
		return -1;
	}
	if (o->count < 0 || o->rate < 0 || o->from < 0) {
		fprintf(stderr, "nango-drift: bad --count, --from or --rate\n");
		return -1;
	}
	if (!o->print && (!o->a || !o->b || !o->a_key || !o->b_key)) {
		fprintf(stderr, "nango-drift: --a, --a-key, --b and --b-key are "
			"needed\n");
		return -1;
	}
	return 0;
}

/* generate --print: the requests, one JSON object per line. */
static int nd_print(const nd_args *o)
{
	long i, from = o->episode >= 0 ? o->episode : o->from;
	long to = o->episode >= 0 ? o->episode + 1 : o->count;
	for (i = from; i < to; i++) {
		nd_episode e;
		nj_buf out = NJ_BUF_INIT;
		if (nd_generate(&e, o->seed, i))
			return 3;
		nd_episode_print(&e, &out);
		fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
		nj_buf_free(&out);
		nd_episode_clear(&e);
	}
	return 0;
}

static void nd_progress(const nd_report *rep, long done, long total)
{
	if (done % 250 == 0 && done)
		fprintf(stderr, "nango-drift: %ld/%ld episodes, %zu requests, "
			"%zu differ\n", done, total, nd_report_requests(rep),
			nd_report_differing(rep));
}

static int nd_do_generate(nd_run *run, const nd_args *o)
{
	long i, from = o->episode >= 0 ? o->episode : o->from;
	long to = o->episode >= 0 ? o->episode + 1 : o->count;
	int rc = 0;
	if (nd_run_setup_shared(run))
		return 3;
	for (i = from; i < to && !nd_stop && !rc; i++) {
		nd_episode e;
		rc = nd_generate(&e, o->seed, i) || nd_run_episode(run, &e, i);
		nd_episode_clear(&e);
		nd_progress(run->report, i + 1 - from, to - from);
	}
	nd_run_cleanup_shared(run);
	return rc ? 3 : 0;
}

static int nd_do_replay(nd_run *run, const nd_args *o)
{
	nd_episode_list l;
	char err[600];
	size_t i;
	int rc = 0;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < o->n_paths && !rc; i++)
		rc = nd_replay_load(&l, o->paths[i], o->mock_only, err,
				    sizeof(err));
	if (rc) {
		fprintf(stderr, "nango-drift: %s\n", err);
		nd_episode_list_clear(&l);
		return 2;
	}
	if (l.skipped)
		fprintf(stderr, "nango-drift: %zu mock-only cases skipped\n",
			l.skipped);
	if (l.skipped_env)
		fprintf(stderr, "nango-drift: %zu environment-wide cases skipped"
			" (--include-mock-only compares them too)\n",
			l.skipped_env);
	for (i = 0; i < l.n && !nd_stop && !rc; i++) {
		rc = nd_run_episode(run, &l.items[i], (long)i);
		nd_progress(run->report, (long)i + 1, (long)l.n);
	}
	nd_episode_list_clear(&l);
	return rc ? 3 : 0;
}

/* The command line that replays one episode, keys left to the shell. */
static void nd_prefix(char *out, size_t n, const nd_args *o)
{
	snprintf(out, n, "nango-drift --a %s --a-key \"$NANGO_DRIFT_A_KEY\" "
		 "--b %s --b-key \"$NANGO_DRIFT_B_KEY\"%s%s%s%s", o->a, o->b,
		 o->a_pub ? " --a-public " : "", o->a_pub ? o->a_pub : "",
		 o->b_pub ? " --b-public " : "", o->b_pub ? o->b_pub : "");
}

int main(int argc, char **argv)
{
	nd_args o;
	nd_run run;
	char prefix[1024];
	FILE *devnull = NULL;
	int rc;
	unsigned char r[4];
	if (nd_parse_args(&o, argc, argv)) {
		nd_usage(stderr);
		return 2;
	}
	if (o.print)
		return nd_print(&o);
	memset(&run, 0, sizeof(run));
	if (o.tag)
		snprintf(run.tag, sizeof(run.tag), "%.20s", o.tag);
	else if (getrandom(r, sizeof(r), 0) == (ssize_t)sizeof(r))
		snprintf(run.tag, sizeof(run.tag), "%02x%02x%02x%02x", r[0], r[1],
			 r[2], r[3]);
	run.rate = o.rate;
	run.record_dir = o.record;
	run.stop = &nd_stop;
	signal(SIGINT, nd_on_signal);
	signal(SIGTERM, nd_on_signal);
	curl_global_init(CURL_GLOBAL_ALL);
	nd_prefix(prefix, sizeof(prefix), &o);
	rc = 3;
	if (o.quiet && !(devnull = fopen("/dev/null", "w")))
		goto done;
	if (nd_side_new(&run.a, "a", o.a, o.a_key, o.a_pub) ||
	    nd_side_new(&run.b, "b", o.b, o.b_key, o.b_pub) ||
	    nd_report_new(&run.report, o.quiet ? devnull : stdout, prefix))
		goto done;
	if (nd_run_check_health(&run))
		goto done;
	rc = !strcmp(o.cmd, "generate") ? nd_do_generate(&run, &o)
					: nd_do_replay(&run, &o);
	nd_report_summary(run.report, stdout);
	if (o.junit && nd_report_junit(run.report, o.junit))
		fprintf(stderr, "nango-drift: cannot write %s\n", o.junit);
	if (rc == 0 && nd_report_differing(run.report))
		rc = 1;
	if (nd_stop)
		fprintf(stderr, "nango-drift: interrupted; integrations cleaned up\n");
done:
	nd_report_free(run.report);
	if (devnull)
		fclose(devnull);
	nd_side_free(run.a);
	nd_side_free(run.b);
	curl_global_cleanup();
	return rc;
}
