/* nc_http.c: libcurl collection callbacks and header lookup (nc_http.h). */
#include "nc_http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nj.h"

size_t nc_http_collect(char *ptr, size_t size, size_t n, void *ud)
{
	nj_buf_put(ud, ptr, size * n);
	return size * n;
}

size_t nc_http_collect_headers(char *ptr, size_t size, size_t n, void *ud)
{
	nj_buf *b = ud;
	if (size * n >= 5 && !strncmp(ptr, "HTTP/", 5))
		b->len = 0;
	nj_buf_put(b, ptr, size * n);
	return size * n;
}

char *nc_http_header(const char *headers, const char *name)
{
	const char *p = headers;
	size_t n = strlen(name);
	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > n && !strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			return strndup(v, len - (size_t)(v - p));
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}
