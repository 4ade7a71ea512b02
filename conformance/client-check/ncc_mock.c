/* ncc_mock.c: the nango-mock the kit runs its scenarios on. */
#include "ncc.h"

#include <stdio.h>
#include <string.h>

int ncc_mock_start(ncc_mock *m, const char *mock_path, const char *base_url,
		   const char *secret_key, char *err, size_t errlen)
{
	nango_options o = NANGO_OPTIONS_INIT;
	memset(m, 0, sizeof(*m));
	if (base_url) {
		snprintf(m->proc.base_url, sizeof(m->proc.base_url), "%s",
			 base_url);
		snprintf(m->proc.secret_key, sizeof(m->proc.secret_key), "%s",
			 secret_key);
	} else if (nc_mockproc_start(&m->proc, mock_path, NULL, err, errlen)) {
		return -1;
	}
	o.base_url = m->proc.base_url;
	o.secret_key = m->proc.secret_key;
	if (nango_client_new(&m->admin, &o) != NANGO_OK) {
		snprintf(err, errlen, "cannot make a client for %s",
			 m->proc.base_url);
		ncc_mock_stop(m);
		return -1;
	}
	return 0;
}

void ncc_mock_stop(ncc_mock *m)
{
	nango_client_free(m->admin);
	m->admin = NULL;
	nc_mockproc_stop(&m->proc);
}
