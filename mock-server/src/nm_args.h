/*
 * nm_args: a table-driven command-line parser. Each option is one row
 * (name, kind, range, target, help); the parser takes `--name VALUE`,
 * `--name=VALUE`, one-letter aliases (`-h`), checks numbers and their range,
 * and reports a usage error that names the option and the reason. --help
 * text is generated from the same rows, so it cannot drift from the parser.
 */
#ifndef NM_ARGS_H
#define NM_ARGS_H

#include <stddef.h>
#include <stdio.h>

typedef enum {
	NM_ARG_FLAG,     /* no value; sets *(int *)target to 1 */
	NM_ARG_STRING,   /* *(const char **)target = the value (argv's) */
	NM_ARG_INT,      /* *(int *)target, decimal, within [min, max] */
	NM_ARG_LONG,     /* *(long *)target, decimal, within [min, max] */
	NM_ARG_SIZE,     /* *(size_t *)target: bytes, with B/KB/MB/GB units */
	NM_ARG_MILLIS,   /* *(long *)target: milliseconds, with ms/s/m units */
	NM_ARG_CALL,     /* fn(target, value, err, errlen) */
	NM_ARG_ACTION    /* no value; fn(target, NULL, ...) and stop parsing */
} nm_arg_kind;

typedef int (*nm_arg_fn)(void *target, const char *value, char *err,
			 size_t errlen);

typedef struct {
	const char *name;   /* long name without "--" */
	char alias;         /* one-letter alias (`-h`), or 0 */
	nm_arg_kind kind;
	const char *metavar;/* shown in --help after the name, or NULL */
	long long min, max; /* inclusive range for numbers */
	void *target;
	nm_arg_fn fn;       /* NM_ARG_CALL and NM_ARG_ACTION */
	const char *help;   /* one or more lines of help text */
} nm_arg;

enum {
	NM_ARGS_OK = 0,
	NM_ARGS_USAGE = -1, /* a usage error; the message is in err */
	NM_ARGS_STOP = 1    /* an NM_ARG_ACTION ran (--help, --version) */
};

/*
 * Parses argv[1..argc) against the n rows of table. Returns NM_ARGS_OK,
 * NM_ARGS_STOP after an action, or NM_ARGS_USAGE with "--name: reason" (or
 * "unknown option ...") in err. Values are not copied: string targets point
 * into argv.
 */
int nm_args_parse(const nm_arg *table, size_t n, int argc, char **argv,
		  char *err, size_t errlen);

/* Writes one help entry per row, in table order. */
void nm_args_help(FILE *out, const nm_arg *table, size_t n);

/*
 * Parses a byte count: digits, then an optional unit B, KB, MB or GB (any
 * case; multiples of 1024, as Express reads "75mb"). Returns 0, or -1 with
 * the reason in err.
 */
int nm_args_bytes(unsigned long long *out, const char *s, char *err,
		  size_t errlen);

#endif
