/* nm_ts: instants (microseconds since the epoch, UTC) as Nango writes them. */
#ifndef NM_TS_H
#define NM_TS_H

#include <stdint.h>

typedef enum {
	NM_TS_LIST,  /* row_to_json: 0-6 digits, trailing zeros cut, +00:00 */
	NM_TS_GET,   /* toISOString with +00:00: exactly 3 digits */
	NM_TS_ISO,   /* Date.prototype.toISOString: 3 digits and Z */
	NM_TS_ISO_US /* 6 digits and Z (state exports, the journal) */
} nm_ts_style;

/*
 * Writes the instant us in style into out, NUL-terminated. Years 0-9999
 * take four digits; others JavaScript's expanded form, a sign and six
 * digits ("+275760-09-13T00:00:00.000Z"). Instants before 1970 count
 * down correctly (the fraction is never negative).
 */
void nm_format_ts(char out[40], int64_t us, nm_ts_style style);

#endif
