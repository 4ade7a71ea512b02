/*
 * nm_valid: request validation with zod 4.0.5's issue codes and messages
 * (spec §1.14). Issues collect in order; the caller renders them.
 */
#ifndef NM_VALID_H
#define NM_VALID_H

#include <stddef.h>

#include "nj.h"

typedef struct {
	nj_value *items;    /* array of {code, message, path} */
	const char *prefix; /* when set, the first element of every path */
	const char *max_message; /* when set, replaces zod's too_big message */
	int thrown;         /* validation threw: the route answers 500 */
	int max_first;      /* the schema lists .max() before .min() */
} nm_issues;

/* Character rules of the regexes used by these routes. */
typedef enum {
	NM_RX_NONE = 0,
	NM_RX_PROVIDER_CONFIG_KEY, /* ^[a-zA-Z0-9~:.@ _-]+$ */
	NM_RX_CONNECTION_ID,       /* ^[a-zA-Z0-9,.;:=+~[\]|@${}"'\\/_ -]+$ */
	NM_RX_TAG_KEY,             /* ^[a-zA-Z][a-zA-Z0-9_\-./]*$ */
	NM_RX_PROVIDER             /* ^[a-zA-Z0-9_-]+$ */
} nm_regex;

int nm_issues_init(nm_issues *iss);
/* 1 if there are issues, or validation threw. */
void nm_issues_free(nm_issues *iss);
int nm_issues_any(const nm_issues *iss);

/* Adds an issue; path [prefix,] p0, p1 (NULL ends the path). */
void nm_issue(nm_issues *iss, const char *code, const char *message,
	      const char *p0, const char *p1);

/* zod's invalid_type issue: "Invalid input: expected <expected>, received
 * <what v is>" (v NULL is undefined). */
void nm_issue_type(nm_issues *iss, const char *expected, const nj_value *v,
		   const char *p0, const char *p1);

/*
 * zod 4's record input check on an object (its isPlainObject): 1 if obj
 * is plain; 0 if an own "constructor" key makes it not plain (zod says
 * "expected record, received object"); -1 when that check throws in
 * JavaScript (a null constructor), which Nango answers with a 500.
 */
int nm_record_plain(const nj_value *obj);

/* 1 if a member's key is "__proto__", which zod's records skip. */
int nm_is_proto_key(const nj_member *m);

/* A copy of a record or loose object as zod outputs it: a top-level
 * "__proto__" key is skipped. NULL on allocation failure. */
nj_value *nm_record_copy(const nj_value *obj);

/*
 * z.record() input: absent is fine (1); not an object, or not plain, adds
 * zod's invalid_type issue at p0 (0); a throwing check sets iss->thrown.
 */
int nm_check_record(nm_issues *iss, const nj_value *v, const char *p0,
		    const char *p1);

/* zod's name for what it received: undefined, string, number, ... */
const char *nm_received(const nj_value *v);

/* 1 if s matches the regex. */
int nm_regex_match(nm_regex rx, const char *s, size_t n);

/* The message zod prints for a failed regex. */
const char *nm_regex_message(nm_regex rx);

/* Length in UTF-16 units, as JavaScript counts it. */
size_t nm_js_length(const char *s, size_t n);

/*
 * z.string() with optional .regex, .min and .max (0 = unchecked), in that
 * order. v NULL is undefined: an issue unless optional. Returns 1 if valid.
 */
int nm_check_string(nm_issues *iss, const nj_value *v, int optional,
		    nm_regex rx, size_t min, size_t max, const char *p0,
		    const char *p1);

/* z.stringbool(): returns -1 (issue added), 0 or 1. v NULL gives 0. */
int nm_check_stringbool(nm_issues *iss, const nj_value *v, const char *p0);

/* z.coerce.number() with .min and optional .max. *out gets the value. */
int nm_check_coerced_number(nm_issues *iss, const nj_value *v, double min,
			    double max, int has_max, double *out,
			    const char *p0);

/* The strict object's one unrecognized_keys issue (path p0 or []). */
void nm_check_unknown_keys(nm_issues *iss, const nj_value *obj,
			   const char *const *known, const char *p0);

/* Writes {"error":{"code":code,"errors":[...]}} into w's buffer (the
 * caller answers 500 instead when iss->thrown). */
void nm_render_issues(nj_buf *out, const char *code, const nm_issues *iss);

#endif
