/*
 * nm_jsdate.c: Date.parse as V8 reads the strings a client sends Nango for
 * a date: ISO 8601 first, then the legacy forms (RFC 1123 / 2822 such as
 * "Tue, 01 Jan 2099 00:00:00 GMT", "Jan 1 2099 10:00", "2099/01/31",
 * "1/31/2099"). A string without a zone is local time in V8; Nango runs in
 * UTC, so it is UTC here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nm_handlers.h"

typedef struct {
	int year, month, day;     /* -1: not seen */
	int hour, min, sec, ms;
	int offset_min, has_zone; /* minutes east of UTC */
	int pm;                   /* 0 none, 1 am, 2 pm */
	int nums[3], n_nums;      /* bare numbers, in order */
} nm_jsd;

/* strtol, held within +-999,999,999: a longer number cannot be a valid
 * date part, and the range checks then refuse it without overflow. */
static int nm_jsd_num(const char *s, char **end)
{
	long v = strtol(s, end, 10);
	if (v > 999999999L)
		return 999999999;
	if (v < -999999999L)
		return -999999999;
	return (int)v;
}

static int nm_month_of(const char *w, size_t n)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int i;
	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (!strncasecmp(w, months + 3 * i, 3))
			return i + 1;
	return 0;
}

static int nm_is_weekday(const char *w, size_t n)
{
	static const char days[] = "sunmontuewedthufrisat";
	int i;
	for (i = 0; n >= 3 && i < 7; i++)
		if (!strncasecmp(w, days + 3 * i, 3))
			return 1;
	return 0;
}

/* A word: month, weekday, zone name, AM/PM. -1 if V8 would not know it. */
static int nm_jsd_word(nm_jsd *d, const char *w, size_t n)
{
	int m = nm_month_of(w, n);
	if (m && d->month < 0) {
		d->month = m;
		return 0;
	}
	if (nm_is_weekday(w, n))
		return 0;
	if ((n == 3 && (!strncasecmp(w, "gmt", 3) || !strncasecmp(w, "utc", 3))) ||
	    (n == 2 && !strncasecmp(w, "ut", 2)) || (n == 1 && (*w | 0x20) == 'z')) {
		d->has_zone = 1;
		return 0;
	}
	if (n == 2 && ((*w | 0x20) == 'a' || (*w | 0x20) == 'p') &&
	    (w[1] | 0x20) == 'm') {
		d->pm = (*w | 0x20) == 'p' ? 2 : 1;
		return 0;
	}
	return -1;
}

/* hh:mm[:ss[.mmm]] */
static int nm_jsd_time(nm_jsd *d, const char *s, size_t n)
{
	char buf[32], *p, *end;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	d->hour = nm_jsd_num(buf, &p);
	if (*p != ':')
		return -1;
	d->min = nm_jsd_num(p + 1, &end);
	if (end == p + 1)
		return -1;
	if (*end == ':') {
		p = end + 1;
		d->sec = nm_jsd_num(p, &end);
		if (end == p)
			return -1;
		if (*end == '.') {
			p = end + 1;
			d->ms = nm_jsd_num(p, &end);
		}
	}
	return *end ? -1 : 0;
}

/* a/b/c: y/m/d when a has four digits, else m/d/y. */
static int nm_jsd_slashes(nm_jsd *d, const char *s, size_t n)
{
	int v[3];
	char buf[32], *p = buf, *end;
	int i;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < 3; i++) {
		v[i] = nm_jsd_num(p, &end);
		if (end == p || (i < 2 && *end != '/') || (i == 2 && *end))
			return -1;
		if (i == 0 && end - p >= 3) {
			d->year = v[0];
		}
		p = end + 1;
	}
	if (d->year >= 0) {
		d->month = v[1];
		d->day = v[2];
	} else {
		d->month = v[0];
		d->day = v[1];
		d->year = v[2];
	}
	return 0;
}

static int nm_jsd_token(nm_jsd *d, const char *t, size_t n)
{
	if (isalpha((unsigned char)*t))
		return nm_jsd_word(d, t, n);
	if ((*t == '+' || *t == '-') && n == 5 && d->n_nums + (d->hour >= 0) > 0) {
		int v = nm_jsd_num(t + 1, NULL);
		d->offset_min = (*t == '-' ? -1 : 1) * (v / 100 * 60 + v % 100);
		d->has_zone = 1;
		return 0;
	}
	if (memchr(t, ':', n))
		return nm_jsd_time(d, t, n);
	if (memchr(t, '/', n))
		return nm_jsd_slashes(d, t, n);
	if (strspn(t, "0123456789") == n && d->n_nums < 3) {
		d->nums[d->n_nums++] = nm_jsd_num(t, NULL);
		return 0;
	}
	return -1;
}

/* Splits s into words, numbers (with : / .), and signed zone offsets. */
static int nm_jsd_scan(nm_jsd *d, const char *s)
{
	const char *p = s;
	while (*p) {
		const char *t = p;
		if (*p == ' ' || *p == ',' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == '(') { /* a comment, as in "(UTC)" */
			const char *close = strchr(p, ')');
			if (!close)
				return -1;
			p = close + 1;
			continue;
		}
		if (isalpha((unsigned char)*p))
			while (isalpha((unsigned char)*p) || *p == '.')
				p++;
		else if (*p == '+' || *p == '-')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		else if (isdigit((unsigned char)*p))
			while (isdigit((unsigned char)*p) || *p == ':' || *p == '/' ||
			       *p == '.')
				p++;
		else
			return -1;
		if (t[(size_t)(p - t) - 1] == '.' && isalpha((unsigned char)*t))
			continue; /* "Tue." and the like */
		if (nm_jsd_token(d, t, (size_t)(p - t)))
			return -1;
	}
	return 0;
}

#define NM_JS_MAX_US 8640000000000000000LL

/* V8's legacy Date.parse; 0 with *out_us, or -1 (an invalid date). */
static int nm_parse_legacy_date(const char *s, int64_t *out_us)
{
	nm_jsd d = {-1, -1, -1, -1, 0, 0, 0, 0, 0, 0, {0, 0, 0}, 0};
	struct tm tm;
	if (nm_jsd_scan(&d, s))
		return -1;
	if (d.month > 0 && d.day < 0 && d.n_nums == 2) {
		int first_is_year = d.nums[0] > 31;
		d.year = d.nums[first_is_year ? 0 : 1];
		d.day = d.nums[first_is_year ? 1 : 0];
	} else if (d.month > 0 && d.day < 0 && d.n_nums == 1 && d.year >= 0) {
		d.day = d.nums[0];
	} else if (d.n_nums) {
		return -1;
	}
	if (d.year < 0 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
		return -1;
	if (d.year < 50)
		d.year += 2000;
	else if (d.year < 100)
		d.year += 1900;
	if (d.hour < 0)
		d.hour = 0;
	if (d.pm && (d.hour < 1 || d.hour > 12))
		return -1;
	if (d.pm)
		d.hour = d.hour % 12 + (d.pm == 2 ? 12 : 0);
	if (d.hour > 24 || d.min > 59 || d.sec > 59)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day;
	tm.tm_hour = d.hour;
	tm.tm_min = d.min;
	tm.tm_sec = d.sec;
	/* ECMAScript's TimeClip: beyond 8.64e15 ms of 1970 is NaN */
	if (d.year > 275760)
		return -1;
	*out_us = ((int64_t)timegm(&tm) - (int64_t)d.offset_min * 60) * 1000000 +
		  (int64_t)d.ms * 1000;
	return *out_us > NM_JS_MAX_US || *out_us < -NM_JS_MAX_US ? -1 : 0;
}

int nm_parse_js_date(const char *s, int64_t *out_us)
{
	if (nj_date_parse(out_us, s, NJ_DATE_JS) == NJ_OK)
		return 0;
	/* "2099-01-01 10:00": V8 reads the ISO date with a space */
	if (strlen(s) > 11 && strlen(s) < 64 && s[4] == '-' && s[10] == ' ') {
		char t[64];
		strcpy(t, s);
		t[10] = 'T';
		return nj_date_parse(out_us, t, NJ_DATE_JS) == NJ_OK ? 0 : -1;
	}
	/* another string that starts like ISO but is not ISO is invalid */
	if (strlen(s) >= 5 && isdigit((unsigned char)s[0]) && s[4] == '-')
		return -1;
	return nm_parse_legacy_date(s, out_us);
}

int64_t nm_credentials_expiry(const nj_value *credentials)
{
	const nj_value *v = nj_object_get(credentials, "expires_at");
	int64_t us = 0;
	if (!v || v->type != NJ_STRING || nm_parse_js_date(v->str, &us))
		return 0;
	return us ? us : 1; /* the epoch itself is a time too */
}
