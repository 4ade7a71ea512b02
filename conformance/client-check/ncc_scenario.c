/* ncc_scenario.c: one scenario file, set up on the mock and run. */
#include "ncc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nango/mock.h>

/* The file's text, parsed; NULL with the reason in err. */
static nj_value *ncc_read_json(const char *path, char *err, size_t n)
{
	FILE *f = fopen(path, "rb");
	nj_buf b = NJ_BUF_INIT;
	char chunk[8192];
	size_t got;
	nj_value *v = NULL;
	nj_error je;
	if (!f) {
		snprintf(err, n, "scenario: cannot open %s", path);
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		nj_buf_put(&b, chunk, got);
	fclose(f);
	if (b.oom || nj_parse(&v, b.ptr ? b.ptr : "", b.len, &je) != NJ_OK) {
		snprintf(err, n, "scenario: %s is not JSON: %s", path,
			 b.oom ? "out of memory" : je.message);
		v = NULL;
	}
	nj_buf_free(&b);
	return v;
}

/* Checks the file's shape; fills name and op. 0 or -1 (reason). */
static int ncc_shape(const nj_value *s, const char *path, char *name,
		     size_t name_n, char *op, size_t op_n, char *reason,
		     size_t n)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *nm = nj_get_string(s, "name");
	const char *o = nj_get_string(s, "operation");
	const nj_value *steps = nj_object_get(s, "steps");
	size_t i;
	snprintf(name, name_n, "%.*s", (int)strcspn(base, "."), base);
	snprintf(op, op_n, "%s", o ? o : "?");
	if (!nm || strcmp(nm, name) || !o || !nj_get_string(s, "why") ||
	    !ncc_len(steps) || ncc_type(steps) != NJ_ARRAY) {
		snprintf(reason, n, "scenario: %s needs \"name\" (the file's "
			 "name), \"why\", \"operation\" and \"steps\"", base);
		return -1;
	}
	for (i = 0; i < ncc_len(steps); i++) {
		const nj_value *st = ncc_item(steps, i);
		if (!nj_get_string(nj_object_get(st, "command"), "op") ||
		    ncc_type(nj_object_get(st, "wire")) != NJ_OBJECT ||
		    !nj_object_get(st, "result")) {
			snprintf(reason, n, "scenario: steps[%zu] needs a "
				 "\"command\" with an \"op\", \"wire\" and "
				 "\"result\"", i);
			return -1;
		}
	}
	return 0;
}

/* Loads a fixtures document (replacing, or merged into what is there). */
static int ncc_load(nango_client *a, const nj_value *doc, int merge)
{
	char *text = ncc_json_text(doc, (size_t)-1);
	int rc = text ? nango_mock_load(a, text, merge) : NANGO_ENOMEM;
	free(text);
	return rc;
}

/*
 * Empties the mock's environment, loads the scenario's state (its "base",
 * a document of <cases>/states/, then its own "state" merged over it) and
 * adds its faults.
 */
static int ncc_setup(ncc_run *run, const nj_value *setup, char *reason,
		     size_t n)
{
	nango_client *a = run->mock->admin;
	const char *base = nj_get_string(setup, "base");
	const nj_value *state = nj_object_get(setup, "state");
	const nj_value *faults = nj_object_get(setup, "faults");
	nj_value *doc = NULL;
	size_t i;
	int rc = nango_mock_reset(a, 1);
	if (rc == NANGO_OK && base) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/states/%s.json",
			 run->cases_dir, base);
		if (!(doc = ncc_read_json(path, reason, n)))
			return -1;
		rc = ncc_load(a, doc, 0);
		nj_free(doc);
	}
	if (rc == NANGO_OK && state)
		rc = ncc_load(a, state, base != NULL);
	for (i = 0; rc == NANGO_OK && i < ncc_len(faults); i++) {
		char *text = ncc_json_text(ncc_item(faults, i), (size_t)-1);
		rc = text ? nango_mock_fault_add(NULL, a, text) : NANGO_ENOMEM;
		free(text);
	}
	if (rc != NANGO_OK)
		snprintf(reason, n, "setup: the mock refused it: %s %s",
			 nango_error_string(rc), nango_client_last_message(a));
	return rc == NANGO_OK ? 0 : -1;
}

/* Starts the driver if needed and says hello with the scenario's key. */
static int ncc_hello(ncc_run *run, const char *key, char *reason, size_t n)
{
	nj_writer w;
	nj_value *ans = NULL;
	char *line;
	int rc;
	if (!run->driver &&
	    ncc_driver_start(&run->driver, run->driver_cmd, reason, n))
		return -1;
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "op");
	nj_w_str(&w, "hello");
	nj_w_key(&w, "base_url");
	nj_w_str(&w, run->mock->proc.base_url);
	nj_w_key(&w, "secret_key");
	nj_w_str(&w, key);
	nj_w_key(&w, "retries");
	nj_w_int(&w, run->retries);
	nj_w_end_obj(&w);
	line = nj_buf_take(&w.buf, NULL);
	rc = line ? ncc_driver_call(&ans, run->driver, line, run->timeout_ms,
				    reason, n) : -1;
	free(line);
	if (rc == 0 && !nj_truthy(nj_object_get(ans, "ok"))) {
		char *t = ncc_json_text(ans, 200);
		snprintf(reason, n, "driver: hello answered %s", t ? t : "?");
		free(t);
		rc = -1;
	}
	if (rc) {
		ncc_driver_stop(run->driver);
		run->driver = NULL;
	}
	if (rc == 0 && !run->client[0]) {
		const nj_value *v = nj_object_get(ans, "value");
		const char *c = nj_get_string(v, "client");
		snprintf(run->client, sizeof(run->client), "%s",
			 c ? c : "the driver's client");
	}
	nj_free(ans);
	return rc;
}

/* 1 if the answer has one of the protocol's shapes. */
static int ncc_answer_shape(const nj_value *a)
{
	const nj_value *ok = nj_object_get(a, "ok");
	if (nj_truthy(nj_object_get(a, "unsupported")))
		return 1;
	if (ncc_type(ok) == NJ_TRUE)
		return 1;
	return ncc_type(ok) == NJ_FALSE &&
		ncc_type(nj_object_get(a, "error")) == NJ_OBJECT;
}

/* Sends one step's command; checks the wire and the result. */
static ncc_verdict ncc_step(ncc_run *run, const nj_value *step,
			    const char *key, char *reason, size_t n)
{
	const nj_value *cmd = nj_object_get(step, "command");
	nango_client *a = run->mock->admin;
	nj_value *ans = NULL, *journal = NULL;
	char *line = ncc_json_text(cmd, (size_t)-1), *jtext = NULL;
	char r[NCC_REASON_MAX];
	ncc_verdict v = NCC_FAIL;
	if (!line || nango_mock_clear_requests(a) != NANGO_OK) {
		snprintf(reason, n, "setup: cannot clear the journal");
		goto done;
	}
	if (ncc_driver_call(&ans, run->driver, line, run->timeout_ms, reason,
			    n)) {
		ncc_driver_stop(run->driver);
		run->driver = NULL;
		goto done;
	}
	if (!ncc_answer_shape(ans)) {
		char *t = ncc_json_text(ans, 200);
		snprintf(reason, n, "driver: the answer is not {\"ok\":true,"
			 "...}, {\"ok\":false,\"error\":{...}} or "
			 "{\"unsupported\":true}: %s", t ? t : "?");
		free(t);
		ncc_driver_stop(run->driver); /* out of step: start afresh */
		run->driver = NULL;
		goto done;
	}
	if (nj_truthy(nj_object_get(ans, "unsupported"))) {
		const char *why = nj_get_string(ans, "reason");
		snprintf(reason, n, "the client cannot do this%s%s",
			 why ? ": " : "", why ? why : "");
		v = NCC_UNSUPPORTED;
		goto done;
	}
	if (nango_mock_requests(&jtext, a, NULL) != NANGO_OK ||
	    nj_parse(&journal, jtext, strlen(jtext), NULL) != NJ_OK) {
		snprintf(reason, n, "setup: cannot read the mock's journal");
		goto done;
	}
	/* what was sent, then what came back: every failure is named */
	v = NCC_PASS;
	if (!ncc_wire_check(nj_object_get(step, "wire"), journal, cmd, key,
			    reason, n))
		v = NCC_FAIL;
	if (!ncc_result_check(nj_object_get(step, "result"), ans, r,
			      sizeof(r))) {
		if (v == NCC_PASS)
			reason[0] = 0;
		ncc_append(reason, n, r);
		v = NCC_FAIL;
	}
done:
	free(line);
	nango_mock_free(jtext);
	nj_free(journal);
	nj_free(ans);
	return v;
}

/* Checks the mock's state after the steps ("state"). */
static int ncc_after(ncc_run *run, const nj_value *expect, char *reason,
		     size_t n)
{
	char *text = NULL;
	nj_value *state = NULL;
	int ok = 0;
	if (!expect)
		return 1;
	if (nango_mock_export(&text, run->mock->admin) != NANGO_OK ||
	    nj_parse(&state, text, strlen(text), NULL) != NJ_OK)
		snprintf(reason, n, "state: cannot read the mock's state");
	else
		ok = ncc_state_check(expect, state, reason, n);
	nango_mock_free(text);
	nj_free(state);
	return ok;
}

void ncc_scenario_run(ncc_run *run, const char *path, ncc_verdict *verdict,
		      char *name, size_t name_n, char *op, size_t op_n,
		      char *reason, size_t reason_n)
{
	nj_value *s = ncc_read_json(path, reason, reason_n);
	const nj_value *steps;
	const char *key;
	size_t i;
	*verdict = NCC_FAIL;
	snprintf(op, op_n, "?");
	if (!s || ncc_shape(s, path, name, name_n, op, op_n, reason,
			    reason_n)) {
		if (!s)
			snprintf(name, name_n, "%s", path);
		nj_free(s);
		return;
	}
	key = nj_get_string(s, "secret_key");
	key = key ? key : run->mock->proc.secret_key;
	steps = nj_object_get(s, "steps");
	if (ncc_setup(run, nj_object_get(s, "setup"), reason, reason_n) ||
	    ncc_hello(run, key, reason, reason_n)) {
		nj_free(s);
		return;
	}
	for (i = 0; i < ncc_len(steps); i++) {
		char r[NCC_REASON_MAX];
		const nj_value *st = ncc_item(steps, i);
		*verdict = ncc_step(run, st, key, r, sizeof(r));
		if (*verdict != NCC_PASS) {
			snprintf(reason, reason_n, "step %zu (%s): %s", i + 1,
				 nj_get_string(nj_object_get(st, "command"),
					       "op"), r);
			break;
		}
	}
	/* the state after the steps, also when the last step failed (a
	 * client that sent {} as metadata has wiped it: say so too) */
	if (i + 1 >= ncc_len(steps) && *verdict != NCC_UNSUPPORTED &&
	    run->driver) {
		char r[NCC_REASON_MAX];
		if (!ncc_after(run, nj_object_get(s, "state"), r, sizeof(r))) {
			if (*verdict == NCC_PASS)
				reason[0] = 0;
			ncc_append(reason, reason_n, r);
			*verdict = NCC_FAIL;
		}
	}
	nj_free(s);
}
