/* consumer.c: links against an installed libnango and calls it. */
#include <stdio.h>

#include <nango/nango.h>

int main(void)
{
	nango_options o = NANGO_OPTIONS_INIT;
	nango_client *c = NULL;
	int rc;
	o.secret_key = "k";
	rc = nango_client_new(&c, &o);
	printf("%s %s\n", NANGO_VERSION_STRING, nango_error_string(rc));
	nango_client_free(c);
	return rc == NANGO_OK ? 0 : 1;
}
