/*
 * nd_record: writes an answer pair as a test fixture (--record DIR), with
 * everything the normalisers knew (request windows, bytes sent, the
 * servers' public URLs), so the unit tests can judge it again offline.
 * Each side's key is replaced by a fixed stand-in in everything written.
 */
#ifndef ND_RECORD_H
#define ND_RECORD_H

#include "nd_compare.h"
#include "nd_http.h"
#include "nd_norm.h"

/* The stand-ins for the keys of sides a and b in recorded pairs. */
#define ND_RECORD_KEY_A "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
#define ND_RECORD_KEY_B "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"

/* Writes DIR/<episode>-<i>.json; 0 or -1. */
int nd_record_pair(const char *dir, const char *episode, size_t i,
		   const char *method, const nd_side *sa, const nd_side *sb,
		   const nd_answer *a, const nd_answer *b, const nd_norm *na,
		   const nd_norm *nb, const nd_diff *d);

#endif
