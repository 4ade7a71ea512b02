/* nm_routes.c: the route table and the path matcher (§1.1 routing). */
#include "nm_routes.h"

#include <string.h>
#include <strings.h>

static const nm_route nm_routes[] = {
	{"GET", "/connection", nm_h_list},
	{"GET", "/connections", nm_h_list},
	{"POST", "/connection", nm_h_create_legacy},
	{"POST", "/connections", nm_h_create_modern},
	{"POST", "/connection/metadata", nm_h_metadata_set_body},
	{"PATCH", "/connection/metadata", nm_h_metadata_update_body},
	{"POST", "/connections/metadata", nm_h_metadata_set_body},
	{"PATCH", "/connections/metadata", nm_h_metadata_update_body},
	{"GET", "/connection/:", nm_h_get},
	{"GET", "/connections/:", nm_h_get},
	{"DELETE", "/connection/:", nm_h_delete},
	{"DELETE", "/connections/:", nm_h_delete},
	{"PATCH", "/connections/:", nm_h_patch_connection},
	{"POST", "/connection/:/metadata", nm_h_metadata_set_legacy},
	{"PATCH", "/connection/:/metadata", nm_h_metadata_update_legacy},
	{"GET", "/integrations", nm_h_integration_list},
	{"POST", "/integrations", nm_h_integration_create},
	{"GET", "/integrations/:", nm_h_integration_get},
	{"DELETE", "/integrations/:", nm_h_integration_delete},
};

int nm_route_match(const char *pattern, const char *path, size_t n,
		   const char **param, size_t *param_len)
{
	const char *p = pattern, *s = path, *end = path + n;
	if (n > 1 && path[n - 1] == '/')
		end--;
	while (*p) {
		size_t plen, slen;
		const char *q;
		if (*p != '/' || s >= end || *s != '/')
			return 0;
		p++;
		s++;
		plen = strcspn(p, "/");
		slen = (size_t)(end - s);
		q = memchr(s, '/', slen);
		if (q)
			slen = (size_t)(q - s);
		if (plen == 1 && *p == ':') {
			if (slen == 0)
				return 0;
			*param = s;
			*param_len = slen;
		} else if (plen != slen || strncasecmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	return s == end;
}

const nm_route *nm_route_find(const char *method, const char *path, size_t n,
			      const char **param, size_t *param_len)
{
	size_t i;
	for (i = 0; i < sizeof(nm_routes) / sizeof(nm_routes[0]); i++) {
		if (strcmp(nm_routes[i].method, method) != 0)
			continue;
		*param = NULL;
		*param_len = 0;
		if (nm_route_match(nm_routes[i].pattern, path, n, param,
				   param_len))
			return &nm_routes[i];
	}
	return NULL;
}
