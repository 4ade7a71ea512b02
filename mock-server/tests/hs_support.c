/* hs_support.c: see hs_support.h. */
#include "hs_support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef HS_PROVIDERS
#define HS_PROVIDERS "fixtures/providers.json"
#endif

double hs_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int hs_add_key(nm_server *s, const char *env, const char *secret)
{
	nm_key *k = realloc(s->cfg.keys, (s->cfg.n_keys + 1) * sizeof(*k));
	if (!k)
		return -1;
	s->cfg.keys = k;
	k = &s->cfg.keys[s->cfg.n_keys];
	memcpy(k->secret, secret, 37);
	if (nm_store_env(s->cfg.store, env, &k->env))
		return -1;
	s->cfg.n_keys++;
	return 0;
}

int hs_start(nm_server *s, const hs_opts *o)
{
	char err[256];
	int port = 0;
	memset(s, 0, sizeof(*s));
	s->cfg.host = "127.0.0.1";
	s->cfg.threads = o && o->threads ? o->threads : 16;
	s->cfg.keep_alive_ms = o && o->keep_alive_ms ? o->keep_alive_ms : 61000;
	s->cfg.headers_timeout_ms =
		o && o->headers_timeout_ms ? o->headers_timeout_ms : 62000;
	s->cfg.max_body = o && o->max_body ? o->max_body : 75u << 20;
	s->cfg.store = nm_store_new();
	if (!s->cfg.store || hs_add_key(s, "dev", HS_KEY) ||
	    hs_add_key(s, "prod", HS_KEY2) ||
	    nm_providers_load(s, HS_PROVIDERS, err, sizeof(err)) ||
	    nm_server_start(s, &port)) {
		fprintf(stderr, "hs_start failed\n");
		abort();
	}
	return port;
}

void hs_stop(nm_server *s)
{
	nm_server_stop(s);
	nm_providers_free(s);
	free(s->cfg.keys);
	nm_store_free(s->cfg.store);
}

int hs_connect(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Waits until fd is readable; 1 readable, 0 timed out. */
static int hs_wait(int fd, double deadline)
{
	struct pollfd p = {fd, POLLIN, 0};
	double left = deadline - hs_now_ms();
	if (left < 0)
		return 0;
	return poll(&p, 1, (int)left + 1) == 1;
}

/* Length the response needs in total, or 0 while headers are incomplete. */
static size_t hs_needed(const char *buf, size_t n)
{
	const char *end = memmem(buf, n, "\r\n\r\n", 4), *cl;
	size_t head;
	if (!end)
		return 0;
	head = (size_t)(end - buf) + 4;
	cl = strcasestr(buf, "\r\nContent-Length:");
	if (!cl || cl > end || !strncmp(buf, "HEAD", 4))
		return head;
	return head + strtoul(cl + 17, NULL, 10);
}

char *hs_exchange(int fd, const char *raw, size_t len, int timeout_ms)
{
	double deadline = hs_now_ms() + timeout_ms;
	size_t cap = 65536, n = 0, need = 0;
	char *buf = malloc(cap);
	size_t sent = 0;
	while (buf && sent < len) {
		ssize_t k = send(fd, raw + sent, len - sent, MSG_NOSIGNAL);
		if (k <= 0)
			break;
		sent += (size_t)k;
	}
	while (buf && (!need || n < need) && hs_wait(fd, deadline)) {
		ssize_t k;
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		k = recv(fd, buf + n, cap - n - 1, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		buf[n] = '\0';
		need = hs_needed(buf, n);
	}
	if (!buf || !need || n < need) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

char *hs_request(int port, const char *method, const char *path,
		 const char *key, const char *body)
{
	char *req = NULL, *resp;
	int fd = hs_connect(port);
	int len;
	if (fd < 0)
		return NULL;
	if (body)
		len = asprintf(&req,
			       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
			       "Content-Type: application/json\r\n"
			       "Content-Length: %zu\r\n\r\n%s",
			       method, path, key ? "Authorization: Bearer " : "",
			       key ? key : "", key ? "\r\n" : "", strlen(body),
			       body);
	else
		len = asprintf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s\r\n",
			       method, path, key ? "Authorization: Bearer " : "",
			       key ? key : "", key ? "\r\n" : "");
	if (len < 0) {
		close(fd);
		return NULL;
	}
	resp = hs_exchange(fd, req, strlen(req), 30000);
	free(req);
	close(fd);
	return resp;
}

int hs_status(const char *resp)
{
	return resp && !strncmp(resp, "HTTP/1.1 ", 9) ? atoi(resp + 9) : 0;
}

const char *hs_body(const char *resp)
{
	const char *b = resp ? strstr(resp, "\r\n\r\n") : NULL;
	return b ? b + 4 : "";
}

int hs_closed_within(int fd, int timeout_ms)
{
	double deadline = hs_now_ms() + timeout_ms;
	char c[4096];
	while (hs_wait(fd, deadline)) {
		ssize_t k = recv(fd, c, sizeof(c), 0);
		if (k == 0 || (k < 0 && errno == ECONNRESET))
			return 1;
		if (k < 0)
			return 0;
	}
	return 0;
}
