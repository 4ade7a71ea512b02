/* ncc_driver.c: the driver process and its one-JSON-object-per-line pipes. */
#include "ncc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NCC_LINE_MAX (16 * 1024 * 1024)

struct ncc_driver {
	pid_t pid;
	pid_t pgid;         /* its process group (= its first pid) */
	int in;             /* its stdin */
	int out;            /* its stdout */
	char err_path[64];  /* its stderr */
	nj_buf pending;     /* bytes read past the last line */
};

static long long ncc_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void ncc_child(int in[2], int out[2], int err_fd, const char *cmd)
{
	setpgid(0, 0); /* its own group, so a stop reaches what sh started */
	dup2(in[0], 0);
	dup2(out[1], 1);
	dup2(err_fd, 2);
	close(in[0]);
	close(in[1]);
	close(out[0]);
	close(out[1]);
	close(err_fd);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

int ncc_driver_start(ncc_driver **out, const char *cmd, char *err,
		     size_t errlen)
{
	ncc_driver *d = calloc(1, sizeof(*d));
	int in[2] = {-1, -1}, o[2] = {-1, -1}, efd = -1;
	*out = NULL;
	if (!d)
		return -1;
	snprintf(d->err_path, sizeof(d->err_path), "/tmp/ncc-driver-XXXXXX");
	if (pipe(in) || pipe(o) || (efd = mkstemp(d->err_path)) < 0) {
		snprintf(err, errlen, "cannot start the driver: %s",
			 strerror(errno));
		goto fail;
	}
	d->pid = fork();
	if (d->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto fail;
	}
	if (d->pid == 0)
		ncc_child(in, o, efd, cmd);
	setpgid(d->pid, d->pid); /* also here: no race with the child's */
	d->pgid = d->pid;
	close(in[0]);
	close(o[1]);
	close(efd);
	d->in = in[1];
	d->out = o[0];
	fcntl(d->in, F_SETFD, FD_CLOEXEC);
	fcntl(d->out, F_SETFD, FD_CLOEXEC);
	*out = d;
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (o[i] >= 0)
			close(o[i]);
	}
	if (efd >= 0) {
		close(efd);
		unlink(d->err_path);
	}
	free(d);
	return -1;
}

/* Says why the driver stopped answering: its exit status if it ended. */
static void ncc_driver_gone(ncc_driver *d, const char *what, char *err,
			    size_t errlen)
{
	char last[400];
	struct timespec tick = {0, 20 * 1000 * 1000};
	int status, i, ended = 0;
	/* a driver that closed its output is usually exiting: give it 3 s */
	for (i = 0; d->pid > 0 && i < 150 && !ended; i++) {
		ended = waitpid(d->pid, &status, WNOHANG) == d->pid;
		if (!ended && strstr(what, "closed"))
			nanosleep(&tick, NULL);
		else
			break;
	}
	nc_log_line(d->err_path, 1, last, sizeof(last));
	if (ended) {
		d->pid = 0;
		if (WIFEXITED(status))
			snprintf(err, errlen, "driver %s: exited with status "
				 "%d%s%s", what, WEXITSTATUS(status),
				 last[0] ? "; stderr: " : "", last);
		else
			snprintf(err, errlen, "driver %s: killed by signal "
				 "%d%s%s", what, WTERMSIG(status),
				 last[0] ? "; stderr: " : "", last);
		return;
	}
	snprintf(err, errlen, "driver %s%s%s", what,
		 last[0] ? "; stderr: " : "", last);
}

static int ncc_write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Reads until a newline is pending or the deadline passes. Returns the
 * line length (without the newline), -1 on end of file or error, -2 on
 * timeout, -3 when the line is too long.
 */
static long ncc_read_line(ncc_driver *d, long long deadline)
{
	char chunk[65536];
	for (;;) {
		char *nl = d->pending.len ?
			memchr(d->pending.ptr, '\n', d->pending.len) : NULL;
		struct pollfd p = {d->out, POLLIN, 0};
		long long left = deadline - ncc_now_ms();
		ssize_t r;
		if (nl)
			return (long)(nl - d->pending.ptr);
		if (d->pending.len > NCC_LINE_MAX)
			return -3;
		if (left <= 0)
			return -2;
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
			return -1;
		if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		r = read(d->out, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		nj_buf_put(&d->pending, chunk, (size_t)r);
		if (d->pending.oom)
			return -1;
	}
}

/* Takes the first line off the pending bytes and parses it. */
static int ncc_take_answer(nj_value **answer, ncc_driver *d, size_t len,
			   char *err, size_t errlen)
{
	nj_error je;
	nj_value *v = NULL;
	int rc = nj_parse(&v, d->pending.ptr, len, &je);
	if (rc != NJ_OK || ncc_type(v) != NJ_OBJECT) {
		char shown[120];
		snprintf(shown, sizeof(shown), "%.*s",
			 (int)(len < 100 ? len : 100), d->pending.ptr);
		snprintf(err, errlen, "driver printed a line that is not a "
			 "JSON object: '%s'%s", shown, len > 100 ? "..." : "");
		nj_free(v);
		v = NULL;
	}
	memmove(d->pending.ptr, d->pending.ptr + len + 1,
		d->pending.len - len - 1);
	d->pending.len -= len + 1;
	*answer = v;
	return v ? 0 : -1;
}

int ncc_driver_call(nj_value **answer, ncc_driver *d, const char *line,
		    long timeout_ms, char *err, size_t errlen)
{
	long n;
	*answer = NULL;
	if (!d || d->pid <= 0) {
		snprintf(err, errlen, "driver is not running");
		return -1;
	}
	if (ncc_write_all(d->in, line, strlen(line)) ||
	    ncc_write_all(d->in, "\n", 1)) {
		ncc_driver_gone(d, "stopped reading its input", err, errlen);
		return -1;
	}
	n = ncc_read_line(d, ncc_now_ms() + timeout_ms);
	if (n == -2) {
		char what[80];
		snprintf(what, sizeof(what), "did not answer within %ld ms",
			 timeout_ms);
		ncc_driver_gone(d, what, err, errlen);
		return -1;
	}
	if (n < 0) {
		ncc_driver_gone(d, n == -3 ? "printed a line over 16 MB" :
				"closed its output", err, errlen);
		return -1;
	}
	return ncc_take_answer(answer, d, (size_t)n, err, errlen);
}

void ncc_driver_stop(ncc_driver *d)
{
	int status, i;
	struct timespec tick = {0, 20 * 1000 * 1000};
	if (!d)
		return;
	close(d->in);
	close(d->out);
	for (i = 0; d->pid > 0 && i < 100; i++) {
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			break;
		}
		nanosleep(&tick, NULL);
	}
	if (d->pgid > 0)
		kill(-d->pgid, SIGKILL); /* it, or what its shell left behind */
	if (d->pid > 0)
		waitpid(d->pid, &status, 0);
	unlink(d->err_path);
	nj_buf_free(&d->pending);
	free(d);
}
