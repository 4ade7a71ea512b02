/* nm_util.c: small helpers shared by the handlers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nm_handlers.h"

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

/* Host part of an http(s)-like URL, lower-cased, without brackets/port. */
static char *nm_url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end;
	char *host;
	if (!p)
		return NULL;
	p += 3;
	end = p + strcspn(p, "/?#");
	{
		const char *at = memchr(p, '@', (size_t)(end - p));
		if (at)
			p = at + 1;
	}
	if (*p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (!close)
			return NULL;
		return nm_strdup_lower(p + 1, (size_t)(close - p - 1));
	}
	host = nm_strdup_lower(p, (size_t)(end - p));
	if (host && strchr(host, ':'))
		*strchr(host, ':') = '\0';
	return host;
}

/* Loosely, what WHATWG's URL parser (zod's z.url()) accepts. */
static int nm_url_valid(const char *u)
{
	size_t i = 0;
	static const char *const special[] = {"http", "https", "ws", "wss",
					       "ftp", "file", NULL};
	const char *const *sp;
	if (!isalpha((unsigned char)u[0]))
		return 0;
	while (u[i] && (isalnum((unsigned char)u[i]) || strchr("+.-", u[i])))
		i++;
	if (u[i] != ':' || strpbrk(u, " \t\n\r"))
		return 0;
	for (sp = special; *sp; sp++) {
		if (strlen(*sp) == i && !strncasecmp(u, *sp, i)) {
			const char *host = u + i + 1;
			while (*host == '/' || *host == '\\')
				host++;
			return !strcmp(*sp, "file") ||
			       (*host && !strchr("/?#", *host));
		}
	}
	return 1;
}

static int nm_host_private(const char *h)
{
	unsigned a, b, c, d;
	size_t n = strlen(h);
	if (!strcmp(h, "localhost") ||
	    (n > 10 && !strcmp(h + n - 10, ".localhost")) ||
	    !strcmp(h, "metadata.google.internal"))
		return 1;
	if (strchr(h, ':'))
		return !strcmp(h, "::1") || !strcmp(h, "::") ||
		       !strncmp(h, "fc", 2) || !strncmp(h, "fd", 2) ||
		       !strncmp(h, "fe80:", 5);
	if (sscanf(h, "%u.%u.%u.%u", &a, &b, &c, &d) == 4)
		return a == 0 || a == 10 || a == 127 ||
		       (a == 169 && b == 254) || (a == 172 && b >= 16 && b <= 31) ||
		       (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127);
	return 0;
}

int nm_check_webhook(nm_issues *iss, const nj_value *v, const char *p0,
		     char **out)
{
	const char *s, *e;
	char *trimmed, *host;
	int ok = 1;
	*out = NULL;
	if (!v)
		return 1;
	if (v->type != NJ_STRING) {
		nm_issue(iss, "invalid_union", "Invalid input", p0, NULL);
		return 0;
	}
	s = v->str;
	while (isspace((unsigned char)*s))
		s++;
	e = v->str + v->len;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (v->len == 0)
		return 1;
	trimmed = nm_strndup(s, (size_t)(e - s));
	if (!trimmed || !nm_url_valid(trimmed)) {
		nm_issue(iss, "invalid_union", "Invalid input", p0, NULL);
		free(trimmed);
		return 0;
	}
	host = nm_url_host(trimmed);
	if (host && (!strcmp(host, "nango.dev") ||
		     (strlen(host) > 10 &&
		      !strcmp(host + strlen(host) - 10, ".nango.dev")))) {
		nm_issue(iss, "custom",
			 "Webhook URLs cannot point to Nango's domain "
			 "(nango.dev).", p0, NULL);
		ok = 0;
	} else if (host && nm_host_private(host)) {
		nm_issue(iss, "custom", "This webhook URL is not allowed.", p0,
			 NULL);
		ok = 0;
	}
	free(host);
	if (ok)
		*out = trimmed;
	else
		free(trimmed);
	return ok;
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
