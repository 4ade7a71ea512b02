/*
 * startup.c: the time from starting a server to its first "200" answer to
 * GET /health, polled every 200 us over fresh connections.
 *
 *   nm-bench-startup PORT PROGRAM [ARGS...]
 *
 * Prints "startup_ms: X" and stops the server with SIGTERM; exits 1 when
 * it has not answered within 60 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double su_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* 1 when GET /health on 127.0.0.1:port answers 200. */
static int su_healthy(int port)
{
	static const char req[] = "GET /health HTTP/1.1\r\nHost: x\r\n"
				  "Connection: close\r\n\r\n";
	struct sockaddr_in a;
	char buf[64];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok = 0;

	if (fd < 0)
		return 0;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    write(fd, req, sizeof(req) - 1) == (ssize_t)(sizeof(req) - 1) &&
	    (n = read(fd, buf, sizeof(buf) - 1)) > 12) {
		buf[n] = '\0';
		ok = strncmp(buf + 9, "200", 3) == 0;
	}
	close(fd);
	return ok;
}

int main(int argc, char **argv)
{
	int port, status, up = 0;
	double t0, ms = 0;
	pid_t pid;

	if (argc < 3 || (port = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: nm-bench-startup PORT PROGRAM [ARGS...]\n");
		return 2;
	}
	t0 = su_now();
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[2], argv + 2);
		_exit(127);
	}
	while (su_now() - t0 < 60000) {
		if (su_healthy(port)) {
			ms = su_now() - t0;
			up = 1;
			break;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			return 1;
		usleep(200);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (!up)
		return 1;
	printf("startup_ms: %.2f\n", ms);
	return 0;
}
