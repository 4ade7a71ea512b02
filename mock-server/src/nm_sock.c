/* nm_sock.c: see nm_sock.h. Walks /proc/self/fd (rare path, no lock). */
#include "nm_sock.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* Port and printable address of a socket address; port 0 if not IP. */
static int nm_sock_name(const struct sockaddr_storage *ss, char *addr,
			size_t len)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ss;
		inet_ntop(AF_INET, &a->sin_addr, addr, (socklen_t)len);
		return ntohs(a->sin_port);
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, addr, (socklen_t)len);
		return ntohs(a->sin6_port);
	}
	return 0;
}

/* 1 when fd is the TCP socket between peer and our local port. */
static int nm_sock_is(int fd, const char *peer_addr, int peer_port,
		      int local_port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char addr[64];
	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    nm_sock_name(&ss, addr, sizeof(addr)) != local_port)
		return 0;
	sl = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    nm_sock_name(&ss, addr, sizeof(addr)) != peer_port)
		return 0;
	return strcmp(addr, peer_addr) == 0;
}

int nm_sock_shut_read(const char *peer_addr, int peer_port, int local_port)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int rc = -1;
	if (!d)
		return -1;
	while (rc != 0 && (e = readdir(d)) != NULL) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || fd == dirfd(d))
			continue;
		if (nm_sock_is((int)fd, peer_addr, peer_port, local_port) &&
		    shutdown((int)fd, SHUT_RD) == 0)
			rc = 0;
	}
	closedir(d);
	return rc;
}
