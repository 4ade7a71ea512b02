/*
 * nj_int.h: what the JSON module's source files share and nothing else
 * sees (the library is built with hidden visibility).
 */
#ifndef NJ_INT_H
#define NJ_INT_H

/* qsort order of nj_member pointers as Postgres jsonb keeps keys:
 * array-index keys first in numeric order, then by byte length, then
 * bytewise. */
int nj_jsonb_member_cmp(const void *pa, const void *pb);

#endif
