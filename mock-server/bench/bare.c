/*
 * bare.c: the framework's limit. A CivetWeb program, linked with the same
 * libcivetweb and options as nango-mock, that answers every request with
 * one fixed response (the file given, headers and body) in one write.
 *
 *   nm-bench-bare RESPONSE_FILE   prints "port: N", stops on SIGINT/SIGTERM
 */
#include <civetweb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

static char *bare_resp;
static size_t bare_len;

static int bare_begin_request(struct mg_connection *conn)
{
	mg_write(conn, bare_resp, bare_len);
	return 200;
}

/* Reads the whole file into bare_resp. Returns 0, or -1. */
static int bare_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;
	int rc = -1;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (bare_resp = malloc((size_t)n)) &&
	    fread(bare_resp, 1, (size_t)n, f) == (size_t)n) {
		bare_len = (size_t)n;
		rc = 0;
	}
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	const char *opts[] = {"listening_ports", "127.0.0.1:0",
			      "num_threads", "1100", "listen_backlog", "1024",
			      "enable_keep_alive", "yes",
			      "keep_alive_timeout_ms", "61000",
			      "tcp_nodelay", "1", "decode_url", "no", NULL};
	struct mg_callbacks cb;
	struct mg_server_port port;
	struct mg_context *ctx;
	sigset_t set;
	int sig;

	if (argc != 2 || bare_load(argv[1]) != 0) {
		fprintf(stderr, "usage: nm-bench-bare RESPONSE_FILE\n");
		return 2;
	}
	memset(&cb, 0, sizeof(cb));
	cb.begin_request = bare_begin_request;
	/* worker threads inherit the mask; this thread waits for signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	ctx = mg_start(&cb, NULL, opts);
	if (!ctx)
		return 1;
	memset(&port, 0, sizeof(port));
	mg_get_server_ports(ctx, 1, &port);
	printf("port: %d\n", port.port);
	fflush(stdout);
	sigwait(&set, &sig);
	mg_stop(ctx);
	free(bare_resp);
	return 0;
}
