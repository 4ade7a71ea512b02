/* nm_auth_modes.c: the auth-mode table (nm_auth_modes.h). */
#include "nm_auth_modes.h"

#include <string.h>

static const struct {
	const char *name;
	nm_auth_mode mode;
	unsigned flags;
} nm_auth_table[] = {
	{"OAUTH2", NM_AUTH_OAUTH2,
	 NM_AUTH_OAUTH_UPSERT | NM_AUTH_SPLITS_SCOPES |
	 NM_AUTH_INTEGRATION_CREDENTIALS |
	 NM_AUTH_INTEGRATION_NEEDS_CREDENTIALS},
	{"OAUTH2_CC", NM_AUTH_OAUTH2_CC,
	 NM_AUTH_OAUTH_UPSERT | NM_AUTH_SPLITS_SCOPES},
	{"OAUTH1", NM_AUTH_OAUTH1,
	 NM_AUTH_OAUTH_UPSERT | NM_AUTH_INTEGRATION_CREDENTIALS |
	 NM_AUTH_INTEGRATION_NEEDS_CREDENTIALS},
	{"API_KEY", NM_AUTH_API_KEY, 0},
	{"BASIC", NM_AUTH_BASIC, 0},
	{"NONE", NM_AUTH_NONE, 0},
	{"TBA", NM_AUTH_TBA, NM_AUTH_INTEGRATION_CREDENTIALS},
	{"APP", NM_AUTH_APP,
	 NM_AUTH_OAUTH_UPSERT | NM_AUTH_INTEGRATION_CREDENTIALS |
	 NM_AUTH_INTEGRATION_NEEDS_CREDENTIALS},
	{"CUSTOM", NM_AUTH_CUSTOM,
	 NM_AUTH_INTEGRATION_CREDENTIALS |
	 NM_AUTH_INTEGRATION_NEEDS_CREDENTIALS},
	{"TWO_STEP", NM_AUTH_TWO_STEP, 0},
};

/* The table's row for s, or -1. */
static int nm_auth_row(const char *s)
{
	size_t i;
	for (i = 0; s && i < sizeof(nm_auth_table) / sizeof(*nm_auth_table);
	     i++)
		if (!strcmp(nm_auth_table[i].name, s))
			return (int)i;
	return -1;
}

nm_auth_mode nm_auth_mode_of(const char *s)
{
	int i = nm_auth_row(s);
	return i < 0 ? NM_AUTH_OTHER : nm_auth_table[i].mode;
}

int nm_auth_has(const char *s, unsigned flags)
{
	int i = nm_auth_row(s);
	return i >= 0 && (nm_auth_table[i].flags & flags) == flags;
}
