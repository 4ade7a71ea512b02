/*
 * nm_listen: checks of the listening address made before CivetWeb starts
 * (CivetWeb only says that it failed), and the URL the server announces.
 */
#ifndef NM_LISTEN_H
#define NM_LISTEN_H

#include <stddef.h>

/* 0 if host is a numeric IPv4 or IPv6 address; else -1 and why in err. */
int nm_listen_check_host(const char *host, char *err, size_t errlen);

/*
 * Binds (and releases) host:port the way the server will, so that a port in
 * use or an address not on this machine is reported with strerror before
 * start-up. 0 on success; else -1 and "cannot listen on ...: reason" in err.
 */
int nm_listen_probe(const char *host, int port, char *err, size_t errlen);

/*
 * The base URL clients reach a server on host:port at: a wildcard address
 * (0.0.0.0, ::) becomes the loopback address, IPv6 goes in brackets.
 */
void nm_listen_url(char *out, size_t outlen, const char *host, int port);

#endif
