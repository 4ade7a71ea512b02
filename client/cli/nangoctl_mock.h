/* nangoctl_mock.h: `nangoctl mock ...`, nango-mock's control API. */
#ifndef NANGOCTL_MOCK_H
#define NANGOCTL_MOCK_H

/*
 * Runs `mock SUBCOMMAND ...` (argv[0] is "mock") against base_url with
 * secret_key; returns nangoctl's exit code.
 */
int nangoctl_mock(const char *base_url, const char *secret_key,
		  long timeout_ms, int argc, char **argv);

#endif
