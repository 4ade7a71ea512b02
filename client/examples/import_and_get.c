/*
 * import_and_get: imports an API-key connection with POST /connections,
 * reads it back and prints its key and tags. Usage:
 *   NANGO_HOST=… NANGO_SECRET_KEY=… ./example_import_and_get KEY ID APIKEY
 * (KEY: an integration whose provider uses API_KEY auth.)
 */
#include <stdio.h>
#include <stdlib.h>

#include <nango/nango.h>

int main(int argc, char **argv)
{
	nango_options opts = NANGO_OPTIONS_INIT;
	nango_create_params imp = NANGO_CREATE_PARAMS_INIT;
	nango_end_user_params user = NANGO_END_USER_PARAMS_INIT;
	static const char *const tags[] = {"team", "billing", NULL};
	nango_connection *made = NULL, *got = NULL;
	nango_client *client = NULL;
	const char *key = NULL;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: %s KEY ID APIKEY\n", argv[0]);
		return 2;
	}
	opts.base_url = getenv("NANGO_HOST");
	opts.secret_key = getenv("NANGO_SECRET_KEY");
	imp.provider_config_key = argv[1];
	imp.connection_id = argv[2];
	imp.credentials_type = "API_KEY";
	imp.api_key = argv[3];
	user.id = "example-user";
	user.email = "user@example.com";
	imp.end_user = &user;
	imp.tags = tags;
	nango_global_init();
	rc = nango_client_new(&client, &opts);
	if (rc == NANGO_OK)
		rc = nango_connection_create(&made, client, &imp);
	if (rc == NANGO_OK)
		rc = nango_connection_get(&got, client, argv[1], argv[2], NULL);
	if (rc == NANGO_OK &&
	    nango_json_get_string(&key, got->credentials, "apiKey") == NANGO_OK)
		printf("id %lld, apiKey %s, tags %s\n", got->id, key,
		       nango_json_text(got->tags));
	else
		fprintf(stderr, "failed: %s (HTTP %d %s: %s)\n",
			nango_error_string(rc), nango_client_last_status(client),
			nango_client_last_code(client),
			nango_client_last_message(client));
	nango_connection_free(made);
	nango_connection_free(got);
	nango_client_free(client);
	nango_global_cleanup();
	return rc == NANGO_OK ? 0 : 1;
}
