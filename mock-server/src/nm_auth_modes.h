/*
 * nm_auth_modes: Nango's auth modes (a provider's auth_mode, an
 * integration's, a credentials object's type) and what each implies, in
 * one table: every comparison of a mode goes through here.
 */
#ifndef NM_AUTH_MODES_H
#define NM_AUTH_MODES_H

typedef enum {
	NM_AUTH_OTHER = 0, /* a mode the mock only knows by name */
	NM_AUTH_OAUTH2,
	NM_AUTH_OAUTH2_CC,
	NM_AUTH_OAUTH1,
	NM_AUTH_API_KEY,
	NM_AUTH_BASIC,
	NM_AUTH_NONE,
	NM_AUTH_TBA,
	NM_AUTH_APP,
	NM_AUTH_CUSTOM,
	NM_AUTH_TWO_STEP
} nm_auth_mode;

/* What a mode implies (bits). */
enum {
	/* upserted as Nango's upsertConnection does for OAuth: updated_at
	 * kept, metadata kept when null */
	NM_AUTH_OAUTH_UPSERT = 1,
	/* connection_config.oauth_scopes_override given as "a,b" is split */
	NM_AUTH_SPLITS_SCOPES = 2,
	/* an integration of this mode holds credentials (POST /integrations'
	 * credentials union; GET ?include=credentials shows them) */
	NM_AUTH_INTEGRATION_CREDENTIALS = 4,
	/* creating an integration of this mode requires credentials */
	NM_AUTH_INTEGRATION_NEEDS_CREDENTIALS = 8
};

/* The mode named s; NM_AUTH_OTHER for NULL or a name not in the table. */
nm_auth_mode nm_auth_mode_of(const char *s);

/* Does the mode named s imply every bit of flags? 0 for NULL. */
int nm_auth_has(const char *s, unsigned flags);

#endif
