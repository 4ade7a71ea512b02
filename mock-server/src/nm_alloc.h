/* nm_alloc: string copies and growable arrays, for every part of the mock. */
#ifndef NM_ALLOC_H
#define NM_ALLOC_H

#include <stddef.h>

/* A copy of s, or NULL for NULL or on allocation failure. */
char *nm_dup(const char *s);
/* A NUL-terminated copy of n bytes of s (NULs inside kept); NULL on
 * allocation failure. */
char *nm_strndup(const char *s, size_t n);
/* nm_strndup with ASCII letters lower-cased. */
char *nm_strdup_lower(const char *s, size_t n);
/*
 * Makes the array *array (a pointer to any T *, elem == sizeof(T)) hold at
 * least need elements, doubling its capacity *cap from 8. Returns 0, or
 * NM_ENOMEM (-2 in nm_store.h) with the array unchanged.
 */
int nm_grow(void *array, size_t *cap, size_t need, size_t elem);

#endif
