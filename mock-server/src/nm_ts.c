/* nm_ts.c: the one formatter of instants (nm_ts.h). */
#include "nm_ts.h"

#include <string.h>

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

/*
 * The proleptic Gregorian date of day z (days since 1970-01-01), by eras
 * of 400 years (146,097 days) counted from 0000-03-01, so that the leap
 * day ends each year. Pure arithmetic: gmtime_r takes glibc's time-zone
 * lock, which every request would queue on.
 */
static void nm_civil(int64_t z, long *year, int *month, int *day)
{
	int64_t era, doe, yoe, doy, mp;
	z += 719468; /* from 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153; /* March is 0 */
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (long)(yoe + era * 400 + (*month <= 2));
}

void nm_format_ts(char out[40], int64_t us, nm_ts_style style)
{
	int64_t secs = us / 1000000, days, sod;
	long frac = (long)(us % 1000000), year;
	int month, day;
	char *p = out;
	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	days = secs / 86400;
	sod = secs % 86400;
	if (sod < 0) {
		sod += 86400;
		days--;
	}
	nm_civil(days, &year, &month, &day);
	if (year >= 0 && year <= 9999) {
		p = nm_digits_put(p, year, 4);
	} else {
		*p++ = year < 0 ? '-' : '+';
		p = nm_digits_put(p, year < 0 ? -year : year, 6);
	}
	*p++ = '-';
	p = nm_digits_put(p, month, 2);
	*p++ = '-';
	p = nm_digits_put(p, day, 2);
	*p++ = 'T';
	p = nm_digits_put(p, (long)(sod / 3600), 2);
	*p++ = ':';
	p = nm_digits_put(p, (long)(sod / 60 % 60), 2);
	*p++ = ':';
	p = nm_digits_put(p, (long)(sod % 60), 2);
	p = nm_fraction_put(p, frac, style);
	strcpy(p, style == NM_TS_ISO || style == NM_TS_ISO_US ? "Z" : "+00:00");
}
