/*
 * test_args.c: nm_args, the table-driven command-line parser, on its own:
 * forms of options, numbers with units and ranges, and the messages.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "nm_args.h"

static int port, flag;
static long wait_ms;
static size_t body;
static const char *name;

static const nm_arg table[] = {
	{"port", 'p', NM_ARG_INT, "N", 0, 65535, &port, NULL, "port"},
	{"flag", 0, NM_ARG_FLAG, NULL, 0, 0, &flag, NULL, "a switch"},
	{"wait", 0, NM_ARG_MILLIS, "TIME", 1, 60000, &wait_ms, NULL, "a time"},
	{"body", 0, NM_ARG_SIZE, "SIZE", 1, 1ll << 31, &body, NULL, "a size"},
	{"name", 0, NM_ARG_STRING, "S", 0, 0, &name, NULL, "a name"},
};

/* Parses the NULL-terminated words after a program name. */
static int parse(char *err, char *w0, char *w1, char *w2)
{
	char *argv[5] = {"prog", w0, w1, w2, NULL};
	int argc = 1 + (w0 != NULL) + (w1 != NULL) + (w2 != NULL);
	err[0] = '\0';
	return nm_args_parse(table, sizeof(table) / sizeof(table[0]), argc,
			     argv, err, 256);
}

Test(args, space_equals_and_alias_forms_all_set_the_value)
{
	char err[256];
	cr_assert_eq(parse(err, "--port", "80", NULL), NM_ARGS_OK);
	cr_expect_eq(port, 80);
	cr_assert_eq(parse(err, "--port=81", NULL, NULL), NM_ARGS_OK);
	cr_expect_eq(port, 81);
	cr_assert_eq(parse(err, "-p", "82", NULL), NM_ARGS_OK);
	cr_expect_eq(port, 82);
	cr_assert_eq(parse(err, "--name=a=b", "--flag", NULL), NM_ARGS_OK);
	cr_expect_str_eq(name, "a=b");
	cr_expect_eq(flag, 1);
}

Test(args, sizes_take_units_of_1024_in_any_case)
{
	char err[256];
	cr_assert_eq(parse(err, "--body", "10MB", NULL), NM_ARGS_OK);
	cr_expect_eq(body, 10u << 20);
	cr_assert_eq(parse(err, "--body=75mb", NULL, NULL), NM_ARGS_OK);
	cr_expect_eq(body, 75u << 20);
	cr_assert_eq(parse(err, "--body", "2kB", NULL), NM_ARGS_OK);
	cr_expect_eq(body, 2048);
	cr_assert_eq(parse(err, "--body", "12", NULL), NM_ARGS_OK);
	cr_expect_eq(body, 12);
}

Test(args, times_take_ms_s_and_m)
{
	char err[256];
	cr_assert_eq(parse(err, "--wait", "2s", NULL), NM_ARGS_OK);
	cr_expect_eq(wait_ms, 2000);
	cr_assert_eq(parse(err, "--wait", "1m", NULL), NM_ARGS_OK);
	cr_expect_eq(wait_ms, 60000);
	cr_assert_eq(parse(err, "--wait", "250ms", NULL), NM_ARGS_OK);
	cr_expect_eq(wait_ms, 250);
}

Test(args, bad_values_name_the_option_and_the_reason)
{
	char err[256];
	cr_expect_eq(parse(err, "--port", "12x", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--port: '12x' is not a whole number");
	cr_expect_eq(parse(err, "--port", "65536", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--port: 65536 is out of range (0 to 65535)");
	cr_expect_eq(parse(err, "--body", "1TB", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--body: '1TB' has an unknown unit 'TB' (use B, "
			      "KB, MB or GB)");
	cr_expect_eq(parse(err, "--body", "99999999999999999999GB", NULL),
		     NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--body: '99999999999999999999GB' is too large");
	cr_expect_eq(parse(err, "--body", "-1", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--body: '-1' is not a non-negative number");
	cr_expect_eq(parse(err, "--wait", "2h", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--wait: '2h' has an unknown unit 'h' (use ms, s "
			      "or m)");
}

Test(args, misuse_of_options_is_a_usage_error)
{
	char err[256];
	cr_expect_eq(parse(err, "--port", NULL, NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--port: needs a value (N)");
	cr_expect_eq(parse(err, "--flag=1", NULL, NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "--flag: takes no value");
	cr_expect_eq(parse(err, "--prot", "1", NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "unknown option '--prot'");
	cr_expect_eq(parse(err, "stray", NULL, NULL), NM_ARGS_USAGE);
	cr_expect_str_eq(err, "unknown argument 'stray'");
}
