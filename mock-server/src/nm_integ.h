/*
 * nm_integ.h: what the /integrations routes share inside nango-mock
 * (nm_integrations.c: handlers and rendering; nm_integ_valid.c: checks).
 */
#ifndef NM_INTEG_H
#define NM_INTEG_H

#include "nm_handlers.h"

/*
 * The POST /integrations body as zod checks it (postIntegration.ts):
 * provider, unique_key, display_name, forward_webhooks, the credentials
 * union, integration_config and custom records, then unknown keys. Issues
 * go to iss; returns 1 when there are none.
 */
int nm_integ_check_body(nm_issues *iss, const nj_value *body);

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
