/*
 * nango/mock.h: drive nango-mock's control API (/__admin/) from C tests:
 * reset the state, export and load it, read and count the requests the
 * mock received, inject faults, and freeze or move its clock.
 *
 * These calls use an ordinary nango_client (nango.h) made with the mock's
 * base URL and one of its secret keys; everything they do concerns that
 * key's environment only. They return NANGO_OK or a nango_error; on a
 * refused request (400) the client holds the mock's message, which names
 * the field at fault (nango_client_last_message). Strings handed out are
 * JSON text owned by the caller, freed with nango_mock_free. The formats
 * are described in README.md ("Testing with the mock").
 */
#ifndef NANGO_MOCK_H
#define NANGO_MOCK_H

#include "nango/nango.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Frees a string returned by these functions; accepts NULL. */
void nango_mock_free(char *text);

/*
 * Puts the environment back to the start-up fixtures (empty 0) or to
 * nothing (empty 1), and clears its journal, faults and clock.
 */
int nango_mock_reset(nango_client *client, int empty);

/* The environment as a fixtures document (GET /__admin/state). */
int nango_mock_export(char **json_out, nango_client *client);

/*
 * Loads a fixtures document: replaces the environment, or with merge
 * overwrites what the document names and keeps the rest. All or nothing:
 * NANGO_EINVALID lists every problem in the client's error items.
 */
int nango_mock_load(nango_client *client, const char *state_json, int merge);

/*
 * The journal, {"requests":[...],"total":N,"dropped":D}, oldest first.
 * filter_query (NULL: everything) is a query string such as
 * "method=GET&path=/connections*&status=429".
 */
int nango_mock_requests(char **json_out, nango_client *client,
			const char *filter_query);
/* Empties the environment's journal. */
int nango_mock_clear_requests(nango_client *client);
/* How many journaled requests match matcher_json (NULL: all), e.g.
 * {"method":"GET","path":"/connection"}. */
int nango_mock_count(long *count_out, nango_client *client,
		     const char *matcher_json);

/*
 * Adds a fault from its JSON description, e.g.
 * {"match":{"method":"GET","path":"/connection"},"preset":"rate_limit",
 * "times":1}; *id_out (optional) gets its id ("f1").
 */
int nango_mock_fault_add(char **id_out, nango_client *client,
			 const char *fault_json);
/* The environment's faults, {"faults":[...]}. */
int nango_mock_faults(char **json_out, nango_client *client);
/* Removes one fault (NULL: all of them). NANGO_ENOTFOUND if unknown. */
int nango_mock_fault_clear(nango_client *client, const char *id);

/* The clock: {"frozen":bool,"now":ISO,"offset_ms":N}. */
int nango_mock_clock(char **json_out, nango_client *client);
/* Stops the environment's clock at an ISO 8601 instant (NULL: now). */
int nango_mock_clock_freeze(nango_client *client, const char *iso_instant);
/* Moves the clock forward by ms milliseconds. */
int nango_mock_clock_advance(nango_client *client, long long ms);
/* The clock follows the real time again. */
int nango_mock_clock_release(nango_client *client);

#ifdef __cplusplus
}
#endif

#endif
