/* nm_util.c: small helpers shared by the handlers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nm_handlers.h"

int nm_holds_nul(const nj_value *v)
{
	size_t i;
	if (!v)
		return 0;
	if (v->type == NJ_STRING)
		return memchr(v->str, '\0', v->len) != NULL;
	for (i = 0; v->type == NJ_ARRAY && i < v->len; i++)
		if (nm_holds_nul(v->items[i]))
			return 1;
	for (i = 0; v->type == NJ_OBJECT && i < v->len; i++)
		if (memchr(v->members[i]->key, '\0', v->members[i]->key_len) ||
		    nm_holds_nul(v->members[i]->value))
			return 1;
	return 0;
}

size_t nm_json_depth(const char *s, size_t n)
{
	size_t i, depth = 0, deepest = 0, openers = 0, most_openers = 0;
	int in_string = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			else if ((c == '[' || c == '{') && ++openers > most_openers)
				most_openers = openers;
		} else if (c == '"') {
			in_string = 1;
			openers = 0;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return deepest + most_openers;
}

char *nm_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *nm_strdup_lower(const char *s, size_t n)
{
	char *d = nm_strndup(s, n);
	size_t i;
	for (i = 0; d && i < n; i++)
		if ((unsigned char)d[i] < 0x80)
			d[i] = (char)tolower((unsigned char)d[i]);
	return d;
}

/* Reads exactly n digits. */
static int nm_digits(const char **p, int n, int *out)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int nm_parse_iso_date(const char *s, int64_t *out_us)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
	struct tm tm;
	const char *p = s;
	time_t t;

	if (nm_digits(&p, 4, &y))
		return -1;
	if (*p == '-' && (p++, nm_digits(&p, 2, &mo)))
		return -1;
	if (*p == '-' && (p++, nm_digits(&p, 2, &d)))
		return -1;
	if (*p == 'T' || *p == 't') {
		p++;
		if (nm_digits(&p, 2, &h) || *p++ != ':' || nm_digits(&p, 2, &mi))
			return -1;
		if (*p == ':' && (p++, nm_digits(&p, 2, &sec)))
			return -1;
		if (*p == '.') {
			int k = 0;
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			for (; isdigit((unsigned char)*p); p++, k++)
				if (k < 3)
					ms = ms * 10 + (*p - '0');
			for (; k < 3; k++)
				ms *= 10;
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;
			if (nm_digits(&p, 2, &oh) || *p++ != ':' ||
			    nm_digits(&p, 2, &om))
				return -1;
			off = sign * (oh * 60 + om);
		}
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 ||
	    sec > 59 || (h == 24 && (mi || sec || ms)))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	*out_us = ((int64_t)t - (int64_t)off * 60) * 1000000 + (int64_t)ms * 1000;
	return 0;
}

int64_t nm_req_now(const nm_req *r)
{
	return nm_store_now(r->srv->cfg.store, r->env);
}
