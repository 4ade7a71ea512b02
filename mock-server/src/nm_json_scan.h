/* nm_json_scan: what the mock learns from a JSON value in one walk
 * (nm_json_scan.c). */
#ifndef NM_JSON_SCAN_H
#define NM_JSON_SCAN_H

#include <stddef.h>

#include "nj.h"

/*
 * 1 when v (a string, or an object or array of them, any depth) holds a NUL
 * byte: Postgres refuses such text, so Nango answers 500 where the value
 * would reach the database. A C string of it would end early and name
 * another record. Also 1 when there is no memory to look through a value
 * nested deeper than NJ_STACK_LOCAL levels (the same 500 is the answer).
 */
int nm_holds_nul(const nj_value *v);

#endif
