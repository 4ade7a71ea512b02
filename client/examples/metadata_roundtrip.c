/*
 * metadata_roundtrip: replaces then merges a connection's metadata and
 * prints what Nango stored after each step. Usage:
 *   NANGO_HOST=… NANGO_SECRET_KEY=… ./example_metadata_roundtrip KEY ID
 */
#include <stdio.h>
#include <stdlib.h>

#include <nango/nango.h>

/* Prints the stored metadata of one connection. */
static int show(nango_client *client, const char *key, const char *id)
{
	nango_connection *c = NULL;
	int rc = nango_connection_get(&c, client, key, id, NULL);
	if (rc == NANGO_OK)
		printf("metadata: %s\n", nango_json_text(c->metadata));
	nango_connection_free(c);
	return rc;
}

int main(int argc, char **argv)
{
	nango_options opts = NANGO_OPTIONS_INIT;
	nango_client *client = NULL;
	const char *ids[1];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s KEY ID\n", argv[0]);
		return 2;
	}
	ids[0] = argv[2];
	opts.base_url = getenv("NANGO_HOST");
	opts.secret_key = getenv("NANGO_SECRET_KEY");
	nango_global_init();
	rc = nango_client_new(&client, &opts);
	if (rc == NANGO_OK)
		rc = nango_metadata_set(client, argv[1], ids, 1,
					"{\"plan\":\"free\",\"seats\":3}");
	if (rc == NANGO_OK)
		rc = show(client, argv[1], argv[2]);
	if (rc == NANGO_OK)
		rc = nango_metadata_update(client, argv[1], ids, 1,
					   "{\"seats\":5}");
	if (rc == NANGO_OK)
		rc = show(client, argv[1], argv[2]);
	if (rc != NANGO_OK)
		fprintf(stderr, "failed: %s: %s\n", nango_error_string(rc),
			nango_client_last_message(client));
	nango_client_free(client);
	nango_global_cleanup();
	return rc == NANGO_OK ? 0 : 1;
}
