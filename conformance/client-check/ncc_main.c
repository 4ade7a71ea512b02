/* nango-client-check: runs the client scenarios through a driver. */
#include "ncc.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NCC_CASES_DIR
#define NCC_CASES_DIR "fixtures/client-cases"
#endif

static const char ncc_usage[] =
"usage: nango-client-check --driver \"CMD ARGS\" [options]\n"
"\n"
"Checks a Nango client library against Nango's connections API: runs\n"
"every scenario (a JSON file) through the driver, a program that wraps\n"
"the client and answers one JSON object per line on stdin/stdout\n"
"(conformance/drivers/README.md), and checks what the client sent, from\n"
"nango-mock's request journal, and what it returned.\n"
"\n"
"  --driver CMD         the driver, run with /bin/sh -c (required)\n"
"  --cases DIR          the scenarios (default: share/nango-mock/client-cases\n"
"                       of the installation, else " NCC_CASES_DIR ")\n"
"  --filter TEXT        only the scenarios whose name contains TEXT\n"
"  --mock PATH          the nango-mock to start on a free port (default:\n"
"                       the one beside this program, or in ../mock-server)\n"
"  --base-url URL       use this running server instead of starting one;\n"
"  --secret-key KEY     with its secret key. It must be a nango-mock: the\n"
"                       kit resets its state and reads its request journal\n"
"                       (/__admin/), so never point it at a real Nango\n"
"  --timeout MS         how long one command may take (default 15000)\n"
"  --retries N          retries the driver is told to allow (default 3)\n"
"  --known-failures F   lines 'NAME REASON': those scenarios' failures are\n"
"                       reported as XFAIL, and their passing as a failure\n"
"  --junit FILE         also write a JUnit XML report\n"
"  -h, --help           this text\n"
"\n"
"Prints one line per scenario (PASS, FAIL, UNSUPPORTED or XFAIL, with the\n"
"expectation that failed), then a summary per operation. Exit status: 0\n"
"when nothing failed (unsupported operations do not fail), 1 when a\n"
"scenario failed or no scenario was found, 2 on bad usage, 3 when the\n"
"mock could not be started.\n";

typedef struct {
	const char *driver, *cases, *filter, *mock, *base_url, *key;
	const char *junit, *known;
	long timeout_ms;
	int retries;
} ncc_opts;

static int ncc_args(ncc_opts *o, int argc, char **argv)
{
	int i;
	memset(o, 0, sizeof(*o));
	o->timeout_ms = 15000;
	o->retries = 3;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(ncc_usage, stdout);
			exit(0);
		}
		if (!strcmp(a, "--driver")) slot = &o->driver;
		else if (!strcmp(a, "--cases")) slot = &o->cases;
		else if (!strcmp(a, "--filter")) slot = &o->filter;
		else if (!strcmp(a, "--mock")) slot = &o->mock;
		else if (!strcmp(a, "--base-url")) slot = &o->base_url;
		else if (!strcmp(a, "--secret-key")) slot = &o->key;
		else if (!strcmp(a, "--junit")) slot = &o->junit;
		else if (!strcmp(a, "--known-failures")) slot = &o->known;
		else if (strcmp(a, "--timeout") && strcmp(a, "--retries")) {
			fprintf(stderr, "nango-client-check: unknown option "
				"'%s' (see --help)\n", a);
			return -1;
		}
		if (!v) {
			fprintf(stderr, "nango-client-check: %s needs a value "
				"(see --help)\n", a);
			return -1;
		}
		if (slot)
			*slot = v;
		else if (!strcmp(a, "--timeout"))
			o->timeout_ms = atol(v);
		else
			o->retries = atoi(v);
		i++;
	}
	if (!o->driver || (!o->base_url != !o->key) || o->timeout_ms <= 0 ||
	    o->retries < 0) {
		fprintf(stderr, "nango-client-check: %s (see --help)\n",
			!o->driver ? "--driver is required" :
			o->timeout_ms <= 0 || o->retries < 0 ?
			"--timeout and --retries take positive numbers" :
			"--base-url and --secret-key go together");
		return -1;
	}
	return 0;
}

/* This program's folder into out; 0, or -1 if unknown. */
static int ncc_self_dir(char *out, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", out, n - 1);
	if (len <= 0)
		return -1;
	out[len] = 0;
	*strrchr(out, '/') = 0;
	return 0;
}

/* The mock beside this program, else in ../mock-server, else on PATH. */
static void ncc_find_mock(char *out, size_t n)
{
	char self[PATH_MAX];
	const char *tries[] = {"/nango-mock", "/../mock-server/nango-mock"};
	size_t i;
	for (i = 0; ncc_self_dir(self, sizeof(self)) == 0 && i < 2; i++) {
		snprintf(out, n, "%s%s", self, tries[i]);
		if (access(out, X_OK) == 0)
			return;
	}
	snprintf(out, n, "nango-mock");
}

/* The installed scenarios (<prefix>/share/nango-mock/client-cases), else
 * those of the source tree this program was built from. */
static const char *ncc_default_cases(char *buf, size_t n)
{
	char self[PATH_MAX];
	if (ncc_self_dir(self, sizeof(self)) == 0) {
		snprintf(buf, n, "%s/../share/nango-mock/client-cases", self);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return NCC_CASES_DIR;
}

static int ncc_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of dir, sorted; count in *n. NULL when none. */
static char **ncc_list(const char *dir, const char *filter, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **files = NULL;
	size_t cap = 0;
	*n = 0;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char **p;
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") ||
		    (filter && !strstr(e->d_name, filter)))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(p = realloc(files, cap * sizeof(*p))))
				break;
			files = p;
		}
		if (asprintf(&files[*n], "%s/%s", dir, e->d_name) < 0)
			break;
		(*n)++;
	}
	if (d)
		closedir(d);
	if (*n)
		qsort(files, *n, sizeof(*files), ncc_cmp);
	return files;
}

/* The reason the known-failures file gives for name, or NULL. */
static char *ncc_known(const char *file, const char *name)
{
	FILE *f = file ? fopen(file, "r") : NULL;
	char line[1024], *found = NULL;
	size_t nl = strlen(name);
	while (f && !found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!strncmp(line, name, nl) && (line[nl] == ' ' ||
		    line[nl] == '\t' || !line[nl]))
			found = strdup(line[nl] ? line + nl + 1 : "listed");
	}
	if (f)
		fclose(f);
	return found;
}

/* Runs one file and records its line. */
static void ncc_one(ncc_run *run, ncc_report *rep, const ncc_opts *o,
		    const char *path)
{
	char name[256], op[64], reason[NCC_REASON_MAX] = "", r2[2 * NCC_REASON_MAX];
	ncc_verdict v;
	char *known;
	ncc_scenario_run(run, path, &v, name, sizeof(name), op, sizeof(op),
			 reason, sizeof(reason));
	known = ncc_known(o->known, name);
	if (known && v == NCC_FAIL) {
		snprintf(r2, sizeof(r2), "%s (known: %s)", reason, known);
		v = NCC_XFAIL;
	} else if (known && v == NCC_PASS) {
		snprintf(r2, sizeof(r2), "passes, but %s lists it as a known "
			 "failure (%s): take it off the list", o->known, known);
		v = NCC_FAIL;
	} else {
		snprintf(r2, sizeof(r2), "%s", reason);
	}
	free(known);
	ncc_report_add(rep, name, op, v, r2);
}

int main(int argc, char **argv)
{
	ncc_opts o;
	ncc_mock mock;
	ncc_run run;
	ncc_report *rep = NULL;
	char mock_path[PATH_MAX], cases[PATH_MAX], err[512];
	char **files;
	size_t n = 0, i, failed;
	int rc = 1;
	if (ncc_args(&o, argc, argv))
		return 2;
	if (!o.cases)
		o.cases = ncc_default_cases(cases, sizeof(cases));
	signal(SIGPIPE, SIG_IGN);
	files = ncc_list(o.cases, o.filter, &n);
	if (!n) {
		fprintf(stderr, "nango-client-check: no scenarios (*.json%s%s) "
			"in %s\n", o.filter ? " matching " : "",
			o.filter ? o.filter : "", o.cases);
		free(files);
		return 1;
	}
	ncc_find_mock(mock_path, sizeof(mock_path));
	if (nango_global_init() != NANGO_OK || ncc_report_new(&rep) ||
	    ncc_mock_start(&mock, o.mock ? o.mock : mock_path, o.base_url,
			   o.key, err, sizeof(err))) {
		fprintf(stderr, "nango-client-check: %s\n",
			rep ? err : "cannot start");
		rc = 3;
		goto out;
	}
	memset(&run, 0, sizeof(run));
	run.mock = &mock;
	run.cases_dir = o.cases;
	run.driver_cmd = o.driver;
	run.timeout_ms = o.timeout_ms;
	run.retries = o.retries;
	printf("nango-client-check: %zu scenarios from %s, driver: %s, "
	       "server: %s\n", n, o.cases, o.driver, mock.proc.base_url);
	for (i = 0; i < n; i++)
		ncc_one(&run, rep, &o, files[i]);
	ncc_driver_stop(run.driver);
	ncc_mock_stop(&mock);
	failed = ncc_report_summary(rep, run.client[0] ? run.client :
				    o.driver);
	if (o.junit && ncc_report_junit(rep, o.junit, run.client)) {
		fprintf(stderr, "nango-client-check: cannot write %s\n",
			o.junit);
		failed++;
	}
	rc = failed ? 1 : 0;
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	ncc_report_free(rep);
	nango_global_cleanup();
	return rc;
}
