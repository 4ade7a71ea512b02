/*
 * nc_mock.c: with no target named (NANGO_TEST_BASE_URL unset or empty), the
 * suite starts its own nango-mock on a free port before any test runs and
 * stops it after the last, so `nango-conformance` alone tests the mock.
 *
 * The mock is NANGO_TEST_MOCK if set, else the one built beside the suite
 * (NC_MOCK_PATH), else `nango-mock` next to this binary (an installed
 * tree). Tests run in forked workers and inherit the environment set here.
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nc_mockproc.h"

static nc_mockproc nc_mock;

/* The nango-mock to start, or NULL when none is found. */
static const char *nc_mock_path(char *buf, size_t size)
{
	const char *m = getenv("NANGO_TEST_MOCK");
	ssize_t n;
	char *slash;
	if (m && *m)
		return m;
#ifdef NC_MOCK_PATH
	if (access(NC_MOCK_PATH, X_OK) == 0)
		return NC_MOCK_PATH;
#endif
	n = readlink("/proc/self/exe", buf, size - sizeof("nango-mock"));
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	strcpy(slash + 1, "nango-mock");
	return access(buf, X_OK) == 0 ? buf : NULL;
}

ReportHook(PRE_ALL)(struct criterion_test_set *tests)
{
	char exe[PATH_MAX], err[600];
	const char *u = getenv("NANGO_TEST_BASE_URL"), *path;
#ifdef NC_PROVIDERS
	const char *extra[] = {"--providers", NC_PROVIDERS, NULL};
	const char *const *args = access(NC_PROVIDERS, R_OK) == 0 ? extra : NULL;
#else
	const char *const *args = NULL;
#endif
	(void)tests;
	if (u && *u)
		return;
	path = nc_mock_path(exe, sizeof(exe));
	snprintf(err, sizeof(err), "no nango-mock found");
	if (!path || nc_mockproc_start(&nc_mock, path, args, err, sizeof(err))) {
		fprintf(stderr, "nango-conformance: no NANGO_TEST_BASE_URL and "
				"no nango-mock could be started (%s; set "
				"NANGO_TEST_MOCK)\n", err);
		exit(2);
	}
	setenv("NANGO_TEST_BASE_URL", nc_mock.base_url, 1);
	setenv("NANGO_TEST_SECRET_KEY", nc_mock.secret_key, 1);
	setenv("NANGO_TEST_TARGET_IS_MOCK", "1", 1);
	fprintf(stderr, "nango-conformance: testing its own nango-mock at %s "
			"(set NANGO_TEST_BASE_URL to test another server)\n",
		nc_mock.base_url);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	nc_mockproc_stop(&nc_mock);
}
