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

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t nc_mock_pid;
static char nc_mock_log[] = "/tmp/nango-conformance-mock-XXXXXX";

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

/* Starts the mock with its output in nc_mock_log; 0 or -1. */
static int nc_mock_spawn(const char *path)
{
	char exe[PATH_MAX], a_port[] = "--port", a_zero[] = "0";
	char *argv[6] = {exe, a_port, a_zero, NULL, NULL, NULL};
#ifdef NC_PROVIDERS
	char a_prov[] = "--providers", a_file[] = NC_PROVIDERS;
#endif
	int fd = mkstemp(nc_mock_log);
	if (fd < 0)
		return -1;
	snprintf(exe, sizeof(exe), "%s", path);
#ifdef NC_PROVIDERS
	if (access(NC_PROVIDERS, R_OK) == 0) {
		argv[3] = a_prov;
		argv[4] = a_file;
	}
#endif
	nc_mock_pid = fork();
	if (nc_mock_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlives the suite */
		dup2(fd, 1);
		dup2(fd, 2);
		execv(exe, argv);
		_exit(127);
	}
	close(fd);
	return nc_mock_pid > 0 ? 0 : -1;
}

/* Reads "port: N" and "secret-key dev: K" from the log, for up to 10 s. */
static int nc_mock_wait(char *port, size_t psize, char *key, size_t ksize)
{
	struct timespec tick = {0, 50 * 1000 * 1000};
	int i;
	for (i = 0; i < 200; i++) {
		char line[512];
		FILE *f = fopen(nc_mock_log, "r");
		port[0] = key[0] = '\0';
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\r\n")] = '\0';
			if (!strncmp(line, "port: ", 6))
				snprintf(port, psize, "%s", line + 6);
			else if (!strncmp(line, "secret-key dev: ", 16))
				snprintf(key, ksize, "%s", line + 16);
		}
		if (f)
			fclose(f);
		if (port[0] && key[0])
			return 0;
		if (waitpid(nc_mock_pid, NULL, WNOHANG) == nc_mock_pid)
			break;
		nanosleep(&tick, NULL);
	}
	return -1;
}

ReportHook(PRE_ALL)(struct criterion_test_set *tests)
{
	char exe[PATH_MAX], port[16], key[128], url[64];
	const char *u = getenv("NANGO_TEST_BASE_URL"), *path;
	(void)tests;
	if (u && *u)
		return;
	path = nc_mock_path(exe, sizeof(exe));
	if (!path || nc_mock_spawn(path) != 0 ||
	    nc_mock_wait(port, sizeof(port), key, sizeof(key)) != 0) {
		fprintf(stderr, "nango-conformance: no NANGO_TEST_BASE_URL and "
				"no nango-mock could be started (%s; set "
				"NANGO_TEST_MOCK); see %s\n",
			path ? path : "not found", nc_mock_log);
		exit(2);
	}
	snprintf(url, sizeof(url), "http://127.0.0.1:%s", port);
	setenv("NANGO_TEST_BASE_URL", url, 1);
	setenv("NANGO_TEST_SECRET_KEY", key, 1);
	setenv("NANGO_TEST_TARGET_IS_MOCK", "1", 1);
	fprintf(stderr, "nango-conformance: testing its own nango-mock at %s "
			"(set NANGO_TEST_BASE_URL to test another server)\n", url);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
	(void)stats;
	if (nc_mock_pid <= 0)
		return;
	kill(nc_mock_pid, SIGTERM);
	waitpid(nc_mock_pid, NULL, 0);
	unlink(nc_mock_log);
	nc_mock_pid = 0;
}
