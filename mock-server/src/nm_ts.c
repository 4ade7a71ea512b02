/* nm_ts.c: the one formatter of instants (nm_ts.h). */
#include "nm_ts.h"

#include <string.h>
#include <time.h>

/* Writes v as exactly n decimal digits at p; returns the end. */
static char *nm_digits_put(char *p, long v, int n)
{
	int i;
	for (i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

/* The fraction (0..999999 us) in style at p; returns the end. */
static char *nm_fraction_put(char *p, long frac, nm_ts_style style)
{
	int n;
	if (style == NM_TS_LIST) {
		for (n = 6; n > 0 && frac % 10 == 0; n--)
			frac /= 10;
		if (!n)
			return p;
		*p++ = '.';
		return nm_digits_put(p, frac, n);
	}
	*p++ = '.';
	if (style == NM_TS_ISO_US)
		return nm_digits_put(p, frac, 6);
	return nm_digits_put(p, frac / 1000, 3);
}

void nm_format_ts(char out[40], int64_t us, nm_ts_style style)
{
	int64_t secs = us / 1000000;
	long frac = (long)(us % 1000000), year;
	time_t t;
	struct tm tm;
	char *p = out;
	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	t = (time_t)secs;
	gmtime_r(&t, &tm);
	year = tm.tm_year + 1900L;
	if (year >= 0 && year <= 9999) {
		p = nm_digits_put(p, year, 4);
	} else {
		*p++ = year < 0 ? '-' : '+';
		p = nm_digits_put(p, year < 0 ? -year : year, 6);
	}
	*p++ = '-';
	p = nm_digits_put(p, tm.tm_mon + 1L, 2);
	*p++ = '-';
	p = nm_digits_put(p, tm.tm_mday, 2);
	*p++ = 'T';
	p = nm_digits_put(p, tm.tm_hour, 2);
	*p++ = ':';
	p = nm_digits_put(p, tm.tm_min, 2);
	*p++ = ':';
	p = nm_digits_put(p, tm.tm_sec, 2);
	p = nm_fraction_put(p, frac, style);
	strcpy(p, style == NM_TS_ISO || style == NM_TS_ISO_US ? "Z" : "+00:00");
}
