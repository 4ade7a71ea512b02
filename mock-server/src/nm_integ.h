/*
 * nm_integ.h: what the /integrations routes share inside nango-mock
 * (nm_route_integrations.c: handlers and rendering; nm_integ_config.c: the include
 * query and integration_config; nm_valid_integ.c: the POST body schema).
 */
#ifndef NM_INTEG_H
#define NM_INTEG_H

#include "nm_handlers.h"

/*
 * Nango's resolveIntegrationConfig for a new integration: submitted values
 * checked against the provider's integration_config rules (unknown fields,
 * visibility, defaults, required, enums, patterns, http(s) URLs). Returns 0
 * with *out the resolved values (an object the caller frees), or -1 with
 * *message_out the joined reasons (malloc'd; NULL on allocation failure).
 */
int nm_integ_resolve_config(nj_value **out, char **message_out,
			    const nm_provider *p, const nj_value *submitted);

/* The `include` query of GET /integrations/:uniqueKey; bit flags. */
enum { NM_INCLUDE_WEBHOOK = 1, NM_INCLUDE_CREDENTIALS = 2 };

/* zod's check of the include param (absent: 0); issues go to iss. */
unsigned nm_integ_check_include(nm_issues *iss, const nj_value *v);

#endif
