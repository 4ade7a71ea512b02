/*
 * list_connections: prints the connections of an environment, one line
 * each. Usage: NANGO_HOST=http://127.0.0.1:3003 NANGO_SECRET_KEY=<key>
 *              ./example_list_connections [INTEGRATION]
 */
#include <stdio.h>
#include <stdlib.h>

#include <nango/nango.h>

int main(int argc, char **argv)
{
	nango_options opts = NANGO_OPTIONS_INIT;
	nango_list_params params = NANGO_LIST_PARAMS_INIT;
	nango_connection_array *list = NULL;
	nango_client *client = NULL;
	int rc;
	size_t i;

	opts.base_url = getenv("NANGO_HOST");
	opts.secret_key = getenv("NANGO_SECRET_KEY");
	opts.max_retries = 3; /* 429 and 5xx are retried with backoff */
	params.integration_id = argc > 1 ? argv[1] : NULL;
	nango_global_init();
	rc = nango_client_new(&client, &opts);
	if (rc == NANGO_OK)
		rc = nango_connection_list(&list, client, &params);
	if (rc != NANGO_OK) {
		fprintf(stderr, "list failed: %s: %s\n", nango_error_string(rc),
			nango_client_last_message(client));
	} else {
		for (i = 0; i < list->count; i++)
			printf("%lld %s %s (%s) created %s\n", list->items[i].id,
			       list->items[i].provider_config_key,
			       list->items[i].connection_id,
			       list->items[i].provider,
			       list->items[i].created_at.text);
	}
	nango_connection_array_free(list);
	nango_client_free(client);
	nango_global_cleanup();
	return rc == NANGO_OK ? 0 : 1;
}
