/*
 * headertest_mock.c: nango/mock.h on its own, first and alone, compiled as
 * C11 with -pedantic-errors -Wall -Wextra -Werror (as headertest.c does
 * for nango.h): it must bring in what it needs.
 */
#include <nango/mock.h>

int nango_headertest_mock(nango_client *client);

int nango_headertest_mock(nango_client *client)
{
	long n = 0;
	char *text = NULL;
	int rc = nango_mock_count(&n, client, NULL);
	nango_mock_free(text);
	return rc == NANGO_OK && n >= 0;
}
