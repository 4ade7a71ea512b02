/*
 * ncc: nango-client-check, the client conformance kit. It runs scenarios
 * (fixtures/client-cases/NAME.json) through a *driver*, a small program that
 * wraps one Nango client library and speaks a line protocol on its stdin
 * and stdout (conformance/drivers/README.md), against nango-mock, and
 * checks from the mock's request journal what the client sent and from the
 * driver's answers what it returned.
 *
 * Parts: ncc_mock (the mock process and its control API), ncc_driver (the
 * driver process), ncc_wire (expectations on the journal), ncc_expect
 * (expectations on results and on the mock's state), ncc_scenario (one
 * scenario file, run), ncc_report (lines, summary, JUnit), ncc_main.
 */
#ifndef NCC_H
#define NCC_H

#include <stddef.h>

#include "nj.h"
#include <nango/nango.h>

#include "nc_mockproc.h"

/* Longest failure reason kept (one line). */
#define NCC_REASON_MAX 1200

/* --- the mock -------------------------------------------------------- */

typedef struct {
	nc_mockproc proc;        /* pid 0: not ours (--base-url) */
	nango_client *admin;     /* control API client (nango/mock.h) */
} ncc_mock;

/*
 * Starts `mock_path --port 0` and waits (up to 15 s) for its port and key,
 * or, with base_url set, uses that server and key. Fills m.
 * Returns 0, or -1 with the reason in err.
 */
int ncc_mock_start(ncc_mock *m, const char *mock_path, const char *base_url,
		   const char *secret_key, char *err, size_t errlen);
/* Stops the mock if it is ours; frees the admin client. */
void ncc_mock_stop(ncc_mock *m);

/* --- the driver ------------------------------------------------------ */

typedef struct ncc_driver ncc_driver;

/* Starts `/bin/sh -c cmd` with pipes. Returns 0 or -1 (err). */
int ncc_driver_start(ncc_driver **out, const char *cmd, char *err,
		     size_t errlen);
/*
 * Writes one line (line has no newline) and reads one answer line within
 * timeout_ms. *answer gets the parsed JSON object. Returns 0, or -1 with
 * the reason in err: the driver died (with its status and last stderr
 * line), timed out, or printed something that is not a JSON object.
 */
int ncc_driver_call(nj_value **answer, ncc_driver *d, const char *line,
		    long timeout_ms, char *err, size_t errlen);
/* Closes its stdin, waits up to 2 s, then kills it. Accepts NULL. */
void ncc_driver_stop(ncc_driver *d);

/* --- expectations ------------------------------------------------------ */

/*
 * Checks what one command sent, as the journal shows it, against the
 * step's "wire" object. command: the command sent (its connection_id
 * fills {connection_id} in routes); key: the secret key the driver was
 * given. Returns 1 if it holds, else 0 with the failed expectation named
 * in reason.
 */
int ncc_wire_check(const nj_value *wire, const nj_value *journal,
		   const nj_value *command, const char *key, char *reason,
		   size_t n);

/*
 * Checks a driver's answer against the step's "result": an object, or an
 * array of objects any one of which may hold. Returns 1, or 0 (reason).
 */
int ncc_result_check(const nj_value *expect, const nj_value *answer,
		     char *reason, size_t n);

/*
 * Checks the mock's state (a fixtures document) against "state": a list
 * of {"connection_id","provider_config_key", "absent"?, members...}; each
 * member given must equal the stored one.
 */
int ncc_state_check(const nj_value *expect, const nj_value *state,
		    char *reason, size_t n);

/*
 * 1 if actual holds every member of expected (recursively; arrays must
 * have the same length, item by item; other values equal). On a
 * mismatch, path gets where ("connections[1].metadata.plan").
 */
int ncc_subset(const nj_value *expected, const nj_value *actual,
	       char *path, size_t n);

/* Appends more to reason, after "; " when reason is not empty. */
void ncc_append(char *reason, size_t n, const char *more);

/* Compact JSON text of v cut to at most max bytes (malloc'd). */
char *ncc_json_text(const nj_value *v, size_t max);

/* The type, length and items of a value (NULL reads as absent). */
nj_type ncc_type(const nj_value *v);
size_t ncc_len(const nj_value *v);
nj_value *ncc_item(const nj_value *v, size_t i);
const nj_member *ncc_member(const nj_value *v, size_t i);

/* --- report ------------------------------------------------------------ */

typedef enum { NCC_PASS, NCC_FAIL, NCC_UNSUPPORTED, NCC_XFAIL } ncc_verdict;

typedef struct ncc_report ncc_report;

int ncc_report_new(ncc_report **out);
void ncc_report_free(ncc_report *r);
/* Records and prints one scenario's line. */
int ncc_report_add(ncc_report *r, const char *name, const char *op,
		   ncc_verdict v, const char *reason);
/* Prints the summary per operation; returns the number of failures. */
size_t ncc_report_summary(const ncc_report *r, const char *client);
size_t ncc_report_count(const ncc_report *r);
int ncc_report_junit(const ncc_report *r, const char *path,
		     const char *client);

/* --- scenarios ----------------------------------------------------------- */

typedef struct {
	ncc_mock *mock;
	const char *cases_dir;  /* its states/ hold the scenarios' bases */
	const char *driver_cmd;
	ncc_driver *driver;     /* restarted after a failure */
	char client[160];       /* what the driver's hello answer named */
	long timeout_ms;
	int retries;            /* told to the driver in its hello */
} ncc_run;

/*
 * Runs the scenario in file path. *verdict and reason get the outcome;
 * name/op get the scenario's name and operation (or the file name when
 * the file is not a valid scenario, which fails).
 */
void ncc_scenario_run(ncc_run *run, const char *path, ncc_verdict *verdict,
		      char *name, size_t name_n, char *op, size_t op_n,
		      char *reason, size_t reason_n);

#endif
