/*
 * nc_http.h: the libcurl pieces the suite (nc_support.c) and nango-drift
 * (drift/nd_http.c) share: body and header collection, and reading one
 * header from a collected block.
 */
#ifndef NC_HTTP_H
#define NC_HTTP_H

#include <stddef.h>

/* CURLOPT_WRITEFUNCTION appending to the nj_buf in ud. */
size_t nc_http_collect(char *ptr, size_t size, size_t n, void *ud);

/* CURLOPT_HEADERFUNCTION appending to the nj_buf in ud; a new "HTTP/"
 * status line starts it over, so only the final response's block stays. */
size_t nc_http_collect_headers(char *ptr, size_t size, size_t n, void *ud);

/* A malloc'd copy of the first header `name` (any case) in a CRLF block,
 * leading blanks cut; NULL when absent or out of memory. */
char *nc_http_header(const char *headers, const char *name);

#endif
