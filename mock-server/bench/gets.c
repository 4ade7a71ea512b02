/*
 * gets.c: libnango doing N sequential nango_connection_get calls on one
 * client (one reused libcurl handle), as an application would.
 *
 *   nm-bench-gets BASE_URL SECRET_KEY PROVIDER_CONFIG_KEY CONNECTION_ID N
 *
 * Prints "gets: N seconds: S per_second: R"; exits 1 on the first error.
 */
#include <nango/nango.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double gets_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	nango_options opts = NANGO_OPTIONS_INIT;
	nango_client *client = NULL;
	long i, n;
	double t0, secs;
	int rc = 1;

	if (argc != 6 || (n = strtol(argv[5], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: nm-bench-gets BASE_URL SECRET_KEY "
			"PROVIDER_CONFIG_KEY CONNECTION_ID N\n");
		return 2;
	}
	opts.base_url = argv[1];
	opts.secret_key = argv[2];
	if (nango_global_init() != NANGO_OK ||
	    nango_client_new(&client, &opts) != NANGO_OK)
		goto done;
	t0 = gets_now();
	for (i = 0; i < n; i++) {
		nango_connection *c = NULL;
		int err = nango_connection_get(&c, client, argv[3], argv[4],
					       NULL);
		nango_connection_free(c);
		if (err != NANGO_OK) {
			fprintf(stderr, "get %ld: %s\n", i,
				nango_error_string(err));
			goto done;
		}
	}
	secs = gets_now() - t0;
	printf("gets: %ld seconds: %.3f per_second: %.0f\n", n, secs,
	       (double)n / secs);
	rc = 0;
done:
	nango_client_free(client);
	nango_global_cleanup();
	return rc;
}
