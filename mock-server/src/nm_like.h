/*
 * nm_like: SQL LIKE / ILIKE pattern matching in time linear in the subject.
 *
 * A pattern is compiled once into a bit-parallel automaton (Shift-And with
 * '%' as a self-loop), then matched against any number of subjects in
 * O(n * ceil(m / 64)) word operations for a subject of n bytes and a pattern
 * of m atoms; nothing backtracks. '%' matches any run of bytes, '_' one
 * byte, and '\' makes the next byte literal (a trailing '\' is literal).
 * Case folding, when asked for, is ASCII only. No HTTP, no store.
 */
#ifndef NM_LIKE_H
#define NM_LIKE_H

#include <stddef.h>

typedef struct nm_like nm_like;

/* Compiles pattern[0..len). fold_case: ILIKE. 0, or -1 on OOM. */
int nm_like_compile(nm_like **out, const char *pattern, size_t len,
		    int fold_case);

/* 1 if s[0..n) matches the whole pattern, else 0. s may hold NULs. */
int nm_like_match(const nm_like *p, const char *s, size_t n);

/* Frees a compiled pattern; accepts NULL. */
void nm_like_free(nm_like *p);

#endif
