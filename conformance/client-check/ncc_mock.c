/* ncc_mock.c: the nango-mock the kit runs its scenarios on. */
#include "ncc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Reads "port: N" and the first "secret-key ENV: KEY" from the log. */
static int ncc_mock_announced(ncc_mock *m)
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

static int ncc_mock_spawn(ncc_mock *m, const char *mock_path, char *err,
			  size_t errlen)
{
	int fd = mkstemp(m->log_path);
	pid_t pid;
	if (fd < 0) {
		snprintf(err, errlen, "cannot make a log file: %s",
			 strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(fd);
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(mock_path, mock_path, "--port", "0", (char *)NULL);
		fprintf(stderr, "cannot run %s: %s\n", mock_path,
			strerror(errno));
		_exit(127);
	}
	close(fd);
	m->pid = (int)pid;
	return 0;
}

/* Waits up to 15 s for the announcement; -1 if the mock exited. */
static int ncc_mock_wait(ncc_mock *m, char *err, size_t errlen)
{
	struct timespec tick = {0, 50 * 1000 * 1000};
	char last[400];
	int i, status;
	for (i = 0; i < 300; i++) {
		if (ncc_mock_announced(m))
			return 0;
		if (waitpid(m->pid, &status, WNOHANG) == m->pid) {
			m->pid = 0;
			break;
		}
		nanosleep(&tick, NULL);
	}
	ncc_file_line(m->log_path, 0, last, sizeof(last));
	snprintf(err, errlen, "nango-mock did not start: %s", last[0] ? last :
		 "(no output)");
	return -1;
}

int ncc_mock_start(ncc_mock *m, const char *mock_path, const char *base_url,
		   const char *secret_key, char *err, size_t errlen)
{
	nango_options o = NANGO_OPTIONS_INIT;
	memset(m, 0, sizeof(*m));
	snprintf(m->log_path, sizeof(m->log_path), "/tmp/ncc-mock-XXXXXX");
	if (base_url) {
		snprintf(m->base_url, sizeof(m->base_url), "%s", base_url);
		snprintf(m->secret_key, sizeof(m->secret_key), "%s",
			 secret_key);
		m->log_path[0] = 0;
	} else if (ncc_mock_spawn(m, mock_path, err, errlen) ||
		   ncc_mock_wait(m, err, errlen)) {
		ncc_mock_stop(m);
		return -1;
	}
	o.base_url = m->base_url;
	o.secret_key = m->secret_key;
	if (nango_client_new(&m->admin, &o) != NANGO_OK) {
		snprintf(err, errlen, "cannot make a client for %s",
			 m->base_url);
		ncc_mock_stop(m);
		return -1;
	}
	return 0;
}

void ncc_mock_stop(ncc_mock *m)
{
	int status;
	nango_client_free(m->admin);
	m->admin = NULL;
	if (m->pid > 0) {
		kill(m->pid, SIGTERM);
		waitpid(m->pid, &status, 0);
		m->pid = 0;
	}
	if (m->log_path[0])
		unlink(m->log_path);
	m->log_path[0] = 0;
}
