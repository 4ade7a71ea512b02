/* nm_listen.c: listening address checks and the announced URL. */
#include <arpa/inet.h>
#include <civetweb.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nm_listen.h"

int nm_listen_check_host(const char *host, char *err, size_t errlen)
{
	struct in6_addr a6;
	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return 0;
	if (inet_pton(AF_INET6, host, &a6) == 1) {
		if (mg_check_feature(8)) /* 8: IPv6 */
			return 0;
		snprintf(err, errlen, "'%s' is IPv6, and this CivetWeb was "
			 "built without IPv6 (use 127.0.0.1 or 0.0.0.0)", host);
		return -1;
	}
	snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address (e.g. "
		 "127.0.0.1, 0.0.0.0, ::1)", host);
	return -1;
}

int nm_listen_probe(const char *host, int port, char *err, size_t errlen)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	struct sockaddr *sa;
	socklen_t len;
	int fd, one = 1, rc = -1, family;

	memset(&s4, 0, sizeof(s4));
	memset(&s6, 0, sizeof(s6));
	if (inet_pton(AF_INET, host, &s4.sin_addr) == 1) {
		family = AF_INET;
		s4.sin_family = AF_INET;
		s4.sin_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&s4;
		len = sizeof(s4);
	} else if (inet_pton(AF_INET6, host, &s6.sin6_addr) == 1) {
		family = AF_INET6;
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons((unsigned short)port);
		sa = (struct sockaddr *)&s6;
		len = sizeof(s6);
	} else {
		return nm_listen_check_host(host, err, errlen);
	}
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* CivetWeb sets SO_REUSEADDR too: only a live listener conflicts */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, sa, len) == 0)
		rc = 0;
fail:
	if (rc)
		snprintf(err, errlen, "cannot listen on %s port %d: %s", host,
			 port, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

void nm_listen_url(char *out, size_t outlen, const char *host, int port)
{
	struct in6_addr a6;
	struct in_addr a4;
	int v6 = strchr(host, ':') != NULL;
	if (!v6 && inet_pton(AF_INET, host, &a4) == 1 &&
	    a4.s_addr == htonl(INADDR_ANY))
		host = "127.0.0.1";
	else if (v6 && inet_pton(AF_INET6, host, &a6) == 1 &&
		 IN6_IS_ADDR_UNSPECIFIED(&a6))
		host = "::1";
	snprintf(out, outlen, v6 ? "http://[%s]:%d" : "http://%s:%d", host,
		 port);
}
