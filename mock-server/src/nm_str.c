/* nm_str.c: copies of C strings (nm_handlers.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nm_handlers.h"

char *nm_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *nm_strdup_lower(const char *s, size_t n)
{
	char *d = nm_strndup(s, n);
	size_t i;
	for (i = 0; d && i < n; i++)
		if ((unsigned char)d[i] < 0x80)
			d[i] = (char)tolower((unsigned char)d[i]);
	return d;
}
