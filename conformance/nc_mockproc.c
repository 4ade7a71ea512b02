/* nc_mockproc.c: a nango-mock child process (nc_mockproc.h). */
#include "nc_mockproc.h"

#include <errno.h>
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

/* Reads "port: N" and the first "secret-key ENV: KEY" from the log. */
static int nc_mockproc_announced(nc_mockproc *m)
{
	FILE *f = fopen(m->log_path, "r");
	char line[512];
	long port = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char env[64], key[80];
		if (!port && sscanf(line, "port: %ld", &port) == 1)
			continue;
		if (!m->secret_key[0] &&
		    sscanf(line, "secret-key %63[^:]: %79s", env, key) == 2)
			snprintf(m->secret_key, sizeof(m->secret_key), "%s",
				 key);
	}
	if (f)
		fclose(f);
	if (port > 0 && m->secret_key[0]) {
		snprintf(m->base_url, sizeof(m->base_url),
			 "http://127.0.0.1:%ld", port);
		return 1;
	}
	return 0;
}

/* The child: stdin from /dev/null, output to fd, exec; never returns. */
static void nc_mockproc_exec(int fd, const char *mock_path,
			     const char *const *extra)
{
	char *argv[32];
	int n = 0, null = open("/dev/null", O_RDONLY);
	prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlives its parent */
	dup2(null, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	argv[n++] = strdup(mock_path);
	argv[n++] = strdup("--port");
	argv[n++] = strdup("0");
	while (extra && *extra && n < 31)
		argv[n++] = strdup(*extra++);
	argv[n] = NULL;
	execv(argv[0], argv);
	fprintf(stderr, "cannot run %s: %s\n", mock_path, strerror(errno));
	_exit(127);
}

void nc_log_line(const char *path, int prefer_error, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int found = 0;
	out[0] = 0;
	while (f && !found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		found = prefer_error && strstr(line, "rror") != NULL;
		if (line[0])
			snprintf(out, n, "%s", line);
	}
	if (f)
		fclose(f);
}

int nc_mockproc_start(nc_mockproc *m, const char *mock_path,
		      const char *const *extra, char *err, size_t errlen)
{
	struct timespec tick = {0, 50 * 1000 * 1000};
	char last[400];
	int fd, i, status;
	memset(m, 0, sizeof(*m));
	snprintf(m->log_path, sizeof(m->log_path), "/tmp/nc-mock-XXXXXX");
	fd = mkstemp(m->log_path);
	if (fd < 0) {
		snprintf(err, errlen, "cannot make a log file: %s",
			 strerror(errno));
		m->log_path[0] = '\0';
		return -1;
	}
	m->pid = (int)fork();
	if (m->pid == 0)
		nc_mockproc_exec(fd, mock_path, extra);
	close(fd);
	for (i = 0; m->pid > 0 && i < 300; i++) {
		if (nc_mockproc_announced(m))
			return 0;
		if (waitpid(m->pid, &status, WNOHANG) == m->pid)
			m->pid = 0;
		else
			nanosleep(&tick, NULL);
	}
	nc_log_line(m->log_path, 0, last, sizeof(last));
	snprintf(err, errlen, "nango-mock did not start: %s",
		 last[0] ? last : m->pid < 0 ? strerror(errno) : "(no output)");
	nc_mockproc_stop(m);
	return -1;
}

void nc_mockproc_stop(nc_mockproc *m)
{
	int status;
	if (m->pid > 0) {
		kill(m->pid, SIGTERM);
		waitpid(m->pid, &status, 0);
	}
	m->pid = 0;
	if (m->log_path[0])
		unlink(m->log_path);
	m->log_path[0] = '\0';
}
