/* nm_args.c: the table-driven command-line parser (see nm_args.h). */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "nm_args.h"

typedef struct {
	const char *unit;
	unsigned long long factor;
} nm_unit;

static const nm_unit nm_byte_units[] = {
	{"", 1}, {"b", 1}, {"kb", 1ull << 10}, {"mb", 1ull << 20},
	{"gb", 1ull << 30}, {NULL, 0}};
static const nm_unit nm_time_units[] = {
	{"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60000}, {NULL, 0}};

/*
 * Reads leading decimal digits of s (at least one) into *out and points
 * *rest after them. Returns 0, -1 when there is no digit, or -2 when the
 * number does not fit.
 */
static int nm_digits(unsigned long long *out, const char *s, const char **rest)
{
	unsigned long long v = 0;
	const char *p = s;
	int big = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (ULLONG_MAX - d) / 10)
			big = 1;
		v = v * 10 + d;
	}
	*out = v;
	*rest = p;
	return p == s ? -1 : big ? -2 : 0;
}

/* A number with an optional unit from units; the reason goes to err. */
static int nm_number_unit(unsigned long long *out, const char *s,
			  const nm_unit *units, const char *unit_names,
			  char *err, size_t errlen)
{
	unsigned long long v;
	const char *rest;
	size_t i;
	int rc = nm_digits(&v, s, &rest);
	if (rc) {
		if (rc == -2)
			snprintf(err, errlen, "'%s' is too large", s);
		else
			snprintf(err, errlen, "'%s' is not a %snumber", s,
				 *s == '-' ? "non-negative " : "");
		return -1;
	}
	for (i = 0; units[i].unit; i++) {
		if (strcasecmp(rest, units[i].unit))
			continue;
		if (v > ULLONG_MAX / units[i].factor) {
			snprintf(err, errlen, "'%s' is too large", s);
			return -1;
		}
		*out = v * units[i].factor;
		return 0;
	}
	snprintf(err, errlen, "'%s' has an unknown unit '%s' (use %s)", s, rest,
		 unit_names);
	return -1;
}

int nm_args_bytes(unsigned long long *out, const char *s, char *err,
		  size_t errlen)
{
	return nm_number_unit(out, s, nm_byte_units, "B, KB, MB or GB", err,
			      errlen);
}

/* A signed decimal integer, nothing else. */
static int nm_integer(long long *out, const char *s, char *err, size_t errlen)
{
	unsigned long long v;
	const char *rest;
	int neg = *s == '-', rc = nm_digits(&v, s + neg, &rest);
	if (rc == -2 && !*rest) {
		snprintf(err, errlen, "'%s' is too large", s);
		return -1;
	}
	if (rc || *rest) {
		snprintf(err, errlen, "'%s' is not a whole number", s);
		return -1;
	}
	if (v > (unsigned long long)LLONG_MAX) {
		snprintf(err, errlen, "'%s' is too large", s);
		return -1;
	}
	*out = neg ? -(long long)v : (long long)v;
	return 0;
}

/* Parses value for a numeric row and checks its range. */
static int nm_numeric(long long *out, const nm_arg *a, const char *value,
		      char *err, size_t errlen)
{
	unsigned long long u;
	long long v;
	int rc;
	if (a->kind == NM_ARG_INT || a->kind == NM_ARG_LONG) {
		rc = nm_integer(&v, value, err, errlen);
	} else {
		rc = a->kind == NM_ARG_SIZE ?
		     nm_args_bytes(&u, value, err, errlen) :
		     nm_number_unit(&u, value, nm_time_units, "ms, s or m",
				    err, errlen);
		if (!rc && u > (unsigned long long)LLONG_MAX) {
			snprintf(err, errlen, "'%s' is too large", value);
			rc = -1;
		}
		v = (long long)u;
	}
	if (rc)
		return -1;
	if (v < a->min || v > a->max) {
		snprintf(err, errlen, "%s is out of range (%lld to %lld)", value,
			 a->min, a->max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Stores value into a's target; the reason of a failure goes to err. */
static int nm_store_value(const nm_arg *a, const char *value, char *err,
			  size_t errlen)
{
	long long v = 0;
	switch (a->kind) {
	case NM_ARG_FLAG:
		*(int *)a->target = 1;
		return 0;
	case NM_ARG_STRING:
		*(const char **)a->target = value;
		return 0;
	case NM_ARG_CALL:
	case NM_ARG_ACTION:
		return a->fn(a->target, value, err, errlen);
	default:
		break;
	}
	if (nm_numeric(&v, a, value, err, errlen))
		return -1;
	if (a->kind == NM_ARG_INT)
		*(int *)a->target = (int)v;
	else if (a->kind == NM_ARG_SIZE)
		*(size_t *)a->target = (size_t)v;
	else
		*(long *)a->target = (long)v;
	return 0;
}

/* The row for "--name" (name_len bytes) or "-c"; NULL when unknown. */
static const nm_arg *nm_find(const nm_arg *table, size_t n, const char *name,
			     size_t name_len, char alias)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (alias ? table[i].alias == alias :
		    strlen(table[i].name) == name_len &&
		    !strncmp(table[i].name, name, name_len))
			return &table[i];
	}
	return NULL;
}

static int nm_takes_value(const nm_arg *a)
{
	return a->kind != NM_ARG_FLAG && a->kind != NM_ARG_ACTION;
}

/* Parses one option at argv[*i] (and its value); see nm_args_parse. */
static int nm_parse_one(const nm_arg *table, size_t n, int argc, char **argv,
			int *i, char *err, size_t errlen)
{
	const char *arg = argv[*i], *eq = NULL, *value = NULL;
	const nm_arg *a = NULL;
	char why[256];
	if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
		eq = strchr(arg + 2, '=');
		a = nm_find(table, n, arg + 2,
			    eq ? (size_t)(eq - arg - 2) : strlen(arg + 2), 0);
	} else if (arg[0] == '-' && arg[1] && !arg[2]) {
		a = nm_find(table, n, NULL, 0, arg[1]);
	}
	if (!a) {
		snprintf(err, errlen, "unknown %s '%s'",
			 arg[0] == '-' ? "option" : "argument", arg);
		return NM_ARGS_USAGE;
	}
	if (!nm_takes_value(a) && eq) {
		snprintf(err, errlen, "--%s: takes no value", a->name);
		return NM_ARGS_USAGE;
	}
	if (nm_takes_value(a)) {
		if (eq)
			value = eq + 1;
		else if (*i + 1 < argc)
			value = argv[++*i];
		else {
			snprintf(err, errlen, "--%s: needs a value (%s)",
				 a->name, a->metavar ? a->metavar : "VALUE");
			return NM_ARGS_USAGE;
		}
	}
	why[0] = '\0';
	if (nm_store_value(a, value, why, sizeof(why))) {
		snprintf(err, errlen, "--%s: %s", a->name,
			 why[0] ? why : "bad value");
		return NM_ARGS_USAGE;
	}
	return a->kind == NM_ARG_ACTION ? NM_ARGS_STOP : NM_ARGS_OK;
}

int nm_args_parse(const nm_arg *table, size_t n, int argc, char **argv,
		  char *err, size_t errlen)
{
	int i, rc = NM_ARGS_OK;
	for (i = 1; i < argc && rc == NM_ARGS_OK; i++)
		rc = nm_parse_one(table, n, argc, argv, &i, err, errlen);
	return rc;
}

void nm_args_help(FILE *out, const nm_arg *table, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		const nm_arg *a = &table[i];
		char head[64];
		const char *h = a->help, *nl;
		int w;
		if (a->alias)
			w = snprintf(head, sizeof(head), "-%c, --%s%s%s", a->alias,
				     a->name, a->metavar ? " " : "",
				     a->metavar ? a->metavar : "");
		else
			w = snprintf(head, sizeof(head), "--%s%s%s", a->name,
				     a->metavar ? " " : "",
				     a->metavar ? a->metavar : "");
		if (w > 20)
			fprintf(out, "  %s\n  %-20s ", head, "");
		else
			fprintf(out, "  %-20s ", head);
		while ((nl = strchr(h, '\n')) != NULL) {
			fprintf(out, "%.*s\n  %-20s ", (int)(nl - h), h, "");
			h = nl + 1;
		}
		fprintf(out, "%s\n", h);
	}
}
