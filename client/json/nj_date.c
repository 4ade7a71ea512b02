/*
 * nj_date.c: instants as they appear in JSON text, ISO 8601 extended form
 * ("2024-01-02T03:04:05.678Z"), read into microseconds since the epoch.
 * Pure arithmetic: no time zone database, no locale, no timegm.
 */
#include <stdint.h>

#include "nj.h"

/* The farthest instant a JavaScript Date holds: 8.64e15 ms (in us), and
 * the days past which no instant is valid in any form. */
#define NJ_DATE_JS_MAX_US 8640000000000000000LL
#define NJ_DATE_MAX_DAYS 100000001LL

/* Reads exactly n decimal digits at *p into *out; -1 if one is missing. */
static int nj_date_digits(const char **p, int n, int *out)
{
	int i, v = 0;
	for (i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* The year at *p: four digits, or in JavaScript forms also a sign and six
 * digits ("+275760", not "-000000"). */
static int nj_date_year(const char **p, int js, int *y)
{
	int sign = **p == '-' ? -1 : 1;
	if (!js || (**p != '+' && **p != '-'))
		return nj_date_digits(p, 4, y);
	(*p)++;
	if (nj_date_digits(p, 6, y) || (sign < 0 && *y == 0))
		return -1;
	*y *= sign;
	return 0;
}

/* "<sep>NN" at *p into *out. When sep is not next: fine (*out kept) if the
 * part is optional, -1 if it is required. */
static int nj_date_part(const char **p, char sep, int *out, int optional)
{
	if (**p != sep)
		return optional ? 0 : -1;
	(*p)++;
	return nj_date_digits(p, 2, out);
}

/* Days from 1970-01-01 to the proleptic Gregorian y-m-d. */
static int64_t nj_date_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ".ddd…" at *p: the fraction in microseconds, digits past `keep` dropped. */
static int nj_date_fraction(const char **p, int keep, long *us)
{
	int k = 0;
	long v = 0;
	if (**p != '.')
		return 0;
	for ((*p)++; **p >= '0' && **p <= '9'; (*p)++, k++)
		if (k < keep)
			v = v * 10 + (**p - '0');
	if (k == 0)
		return -1;
	for (k = k < keep ? k : keep; k < 6; k++)
		v *= 10;
	*us = v;
	return 0;
}

/* "Z" or "+hh:mm"/"-hh:mm" at *p into *off_min; absent only when optional. */
static int nj_date_zone(const char **p, int js, int *off_min)
{
	int sign, oh, om;
	if (**p == 'Z' || (js && **p == 'z')) {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return js ? 0 : -1;
	sign = *(*p)++ == '-' ? -1 : 1;
	if (nj_date_digits(p, 2, &oh))
		return -1;
	if (**p == ':' || !js) /* JavaScript also takes +hhmm */
		if (*(*p)++ != ':')
			return -1;
	if (nj_date_digits(p, 2, &om))
		return -1;
	*off_min = sign * (oh * 60 + om);
	return 0;
}

int nj_date_parse(int64_t *out_us, const char *s, unsigned flags)
{
	int js = (flags & NJ_DATE_JS) != 0;
	int64_t us, days;
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
	long frac = 0;
	const char *p = s;
	if (!s || nj_date_year(&p, js, &y) || nj_date_part(&p, '-', &mo, js) ||
	    nj_date_part(&p, '-', &d, js))
		return NJ_ESYNTAX;
	if (*p == 'T' || (js && *p == 't')) {
		p++;
		if (nj_date_digits(&p, 2, &h) || nj_date_part(&p, ':', &mi, 0) ||
		    nj_date_part(&p, ':', &sec, js) ||
		    nj_date_fraction(&p, js ? 3 : 6, &frac) ||
		    nj_date_zone(&p, js, &off))
			return NJ_ESYNTAX;
	} else if (!js) {
		return NJ_ESYNTAX;
	} else if (*p == 'Z' || *p == 'z') { /* a date alone may say UTC */
		p++;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || mi > 59 || sec > 59 ||
	    h > (js ? 24 : 23) || (h == 24 && (mi || sec || frac)))
		return NJ_ESYNTAX;
	days = nj_date_days(y, mo, d);
	if (days > NJ_DATE_MAX_DAYS || days < -NJ_DATE_MAX_DAYS)
		return NJ_ESYNTAX; /* and the product below cannot overflow */
	us = ((days * 24 + h) * 3600 + mi * 60 + sec -
	      (int64_t)off * 60) * 1000000 + frac;
	/* ECMAScript's TimeClip: more than 8.64e15 ms from 1970 is NaN */
	if (js && (us > NJ_DATE_JS_MAX_US || us < -NJ_DATE_JS_MAX_US))
		return NJ_ESYNTAX;
	*out_us = us;
	return NJ_OK;
}
