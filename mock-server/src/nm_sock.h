/*
 * nm_sock: finding a connection's socket when CivetWeb does not say which
 * it is. Used only to refuse an oversized body without reading it.
 */
#ifndef NM_SOCK_H
#define NM_SOCK_H

/*
 * Shuts the read side of this process's TCP socket whose peer is
 * peer_addr:peer_port and whose local port is local_port, so the rest of
 * a body the server will not read ends at once. 0, or -1 if not found.
 */
int nm_sock_shut_read(const char *peer_addr, int peer_port, int local_port);

#endif
