/* nm_alloc.c: string copies and growable arrays (nm_alloc.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nm_alloc.h"
#include "nm_store.h"

char *nm_dup(const char *s)
{
	return s ? nm_strndup(s, strlen(s)) : NULL;
}

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

int nm_grow(void *array, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *old, *np;
	if (need <= *cap)
		return NM_OK;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap < need)
		ncap *= 2;
	memcpy(&old, array, sizeof(old));
	np = realloc(old, ncap * elem);
	if (!np)
		return NM_ENOMEM;
	memcpy(array, &np, sizeof(np));
	*cap = ncap;
	return NM_OK;
}
