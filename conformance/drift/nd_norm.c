/* nd_norm.c: the per-side normaliser (see nd_norm.h for the placeholders). */
#include "nd_norm.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nj.h"

/* Slack around a request's window: clocks and Postgres' now() (taken at
 * the start of the transaction) stay within it. */
#define ND_SLACK 0.003

struct nd_norm {
	char *secret;
	char **urls;
	size_t n_urls;
	nj_buf sent;
	double *t0, *t1;
	size_t n_win, cap_win;
	long long *ids;
	size_t n_ids, cap_ids;
	char (*uuids)[37];
	size_t n_uuids, cap_uuids;
};

int nd_norm_new(nd_norm **out, const char *secret,
		const char *const *public_urls)
{
	nd_norm *n = calloc(1, sizeof(*n));
	size_t i, k = 0;
	*out = NULL;
	if (!n)
		return -1;
	while (public_urls && public_urls[k])
		k++;
	n->secret = strdup(secret ? secret : "");
	n->urls = calloc(k + 1, sizeof(*n->urls));
	if (!n->secret || !n->urls) {
		nd_norm_free(n);
		return -1;
	}
	for (i = 0; i < k; i++)
		if ((n->urls[n->n_urls] = strdup(public_urls[i])) != NULL)
			n->n_urls++;
	*out = n;
	return 0;
}

void nd_norm_free(nd_norm *n)
{
	size_t i;
	if (!n)
		return;
	for (i = 0; i < n->n_urls; i++)
		free(n->urls[i]);
	free(n->urls);
	free(n->secret);
	nj_buf_free(&n->sent);
	free(n->t0);
	free(n->t1);
	free(n->ids);
	free(n->uuids);
	free(n);
}

void nd_norm_sent(nd_norm *n, const char *text, size_t len)
{
	nj_buf_put(&n->sent, text, len);
	nj_buf_putc(&n->sent, '\n');
}

int nd_norm_window(nd_norm *n, double t0, double t1)
{
	if (n->n_win == n->cap_win) {
		size_t cap = n->cap_win ? n->cap_win * 2 : 8;
		double *a = realloc(n->t0, cap * sizeof(*a));
		double *b;
		if (!a)
			return -1;
		n->t0 = a;
		b = realloc(n->t1, cap * sizeof(*b));
		if (!b)
			return -1;
		n->t1 = b;
		n->cap_win = cap;
	}
	n->t0[n->n_win] = t0;
	n->t1[n->n_win] = t1;
	n->n_win++;
	return 0;
}

void nd_norm_windows(const nd_norm *n, const double **t0, const double **t1,
		     size_t *count)
{
	*t0 = n->t0;
	*t1 = n->t1;
	*count = n->n_win;
}

const char *nd_norm_sent_text(const nd_norm *n, size_t *len)
{
	*len = n->sent.len;
	return n->sent.ptr ? n->sent.ptr : "";
}

static int nd_was_sent(const nd_norm *n, const char *s, size_t len)
{
	return n->sent.len >= len && memmem(n->sent.ptr, n->sent.len, s, len);
}

/* --- recognisers -------------------------------------------------------- */

static int nd_hexrun(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A UUID (any version) at p, not inside a longer hex or word run. */
static int nd_is_uuid(const char *text, size_t len, size_t i)
{
	const char *p = text + i;
	if (len - i < 36 || (i > 0 && isalnum((unsigned char)p[-1])))
		return 0;
	if (!nd_hexrun(p, 8) || p[8] != '-' || !nd_hexrun(p + 9, 4) ||
	    p[13] != '-' || !nd_hexrun(p + 14, 4) || p[18] != '-' ||
	    !nd_hexrun(p + 19, 4) || p[23] != '-' || !nd_hexrun(p + 24, 12))
		return 0;
	return len - i == 36 || !isalnum((unsigned char)p[36]);
}

static int nd_digits(const char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

typedef struct {
	size_t len;      /* bytes of the timestamp */
	double t;        /* Unix seconds */
	int digits;      /* fraction digits */
	int last_zero;   /* the fraction ends in 0 */
	size_t zone_at;  /* offset of the zone text */
} nd_ts;

/* An ISO 8601 date-time at text+i: YYYY-MM-DDTHH:MM:SS[.f+](Z|±HH:MM). */
static int nd_is_ts(const char *text, size_t len, size_t i, nd_ts *ts)
{
	const char *p = text + i;
	size_t n = len - i, k = 19;
	struct tm tm;
	double frac = 0, scale = 0.1;
	int off = 0;
	if (n < 20 || (i > 0 && isalnum((unsigned char)p[-1])) ||
	    !nd_digits(p, 4) || p[4] != '-' || !nd_digits(p + 5, 2) ||
	    p[7] != '-' || !nd_digits(p + 8, 2) || p[10] != 'T' ||
	    !nd_digits(p + 11, 2) || p[13] != ':' || !nd_digits(p + 14, 2) ||
	    p[16] != ':' || !nd_digits(p + 17, 2))
		return 0;
	memset(ts, 0, sizeof(*ts));
	if (p[k] == '.') {
		k++;
		while (k < n && isdigit((unsigned char)p[k])) {
			frac += (p[k] - '0') * scale;
			scale /= 10;
			ts->last_zero = p[k] == '0';
			ts->digits++;
			k++;
		}
		if (ts->digits == 0)
			return 0;
	}
	ts->zone_at = k;
	if (k < n && p[k] == 'Z') {
		k++;
	} else if (k + 6 <= n && (p[k] == '+' || p[k] == '-') &&
		   nd_digits(p + k + 1, 2) && p[k + 3] == ':' &&
		   nd_digits(p + k + 4, 2)) {
		off = ((p[k + 1] - '0') * 10 + (p[k + 2] - '0')) * 3600 +
		      ((p[k + 4] - '0') * 10 + (p[k + 5] - '0')) * 60;
		if (p[k] == '-')
			off = -off;
		k += 6;
	} else {
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(p) - 1900;
	tm.tm_mon = atoi(p + 5) - 1;
	tm.tm_mday = atoi(p + 8);
	tm.tm_hour = atoi(p + 11);
	tm.tm_min = atoi(p + 14);
	tm.tm_sec = atoi(p + 17);
	ts->t = (double)timegm(&tm) + frac - off;
	ts->len = k;
	return 1;
}

/* --- mapping ------------------------------------------------------------ */

static size_t nd_map_id(nd_norm *n, long long v)
{
	size_t i;
	for (i = 0; i < n->n_ids; i++)
		if (n->ids[i] == v)
			return i + 1;
	if (n->n_ids == n->cap_ids) {
		size_t cap = n->cap_ids ? n->cap_ids * 2 : 8;
		long long *a = realloc(n->ids, cap * sizeof(*a));
		if (!a)
			return 0;
		n->ids = a;
		n->cap_ids = cap;
	}
	n->ids[n->n_ids++] = v;
	return n->n_ids;
}

static size_t nd_map_uuid(nd_norm *n, const char *u)
{
	size_t i;
	for (i = 0; i < n->n_uuids; i++)
		if (!strncasecmp(n->uuids[i], u, 36))
			return i + 1;
	if (n->n_uuids == n->cap_uuids) {
		size_t cap = n->cap_uuids ? n->cap_uuids * 2 : 8;
		char(*a)[37] = realloc(n->uuids, cap * sizeof(*a));
		if (!a)
			return 0;
		n->uuids = a;
		n->cap_uuids = cap;
	}
	memcpy(n->uuids[n->n_uuids], u, 36);
	n->uuids[n->n_uuids][36] = '\0';
	return ++n->n_uuids;
}

/*
 * Which request's time is t? trunc is how much earlier than the instant
 * the written value may be (its precision). Returns 0 and fills cls, or
 * -1 when t is far from this episode (then it is kept as written).
 */
static int nd_classify(const nd_norm *n, double t, double trunc, char *cls,
		       size_t cls_n)
{
	size_t i, best = 0;
	long long best_k = 0;
	double best_d = 1e300, first, last;
	if (n->n_win == 0)
		return -1;
	first = n->t0[0];
	last = n->t1[n->n_win - 1];
	if (t < first - 2 * 86400.0 || t > last + 400 * 86400.0)
		return -1;
	/* the nearest window, t itself first, then t less whole seconds */
	for (i = 0; i < 2 * n->n_win; i++) {
		size_t w = i % n->n_win;
		long long k = i < n->n_win ? 0
				: llround(t - (n->t0[w] + n->t1[w]) / 2);
		double u = t - (double)k;
		double d = u < n->t0[w] - trunc ? n->t0[w] - trunc - u
			   : u > n->t1[w] ? u - n->t1[w] : 0;
		if (i == n->n_win && best_d <= ND_SLACK)
			break;
		if (d < best_d) {
			best_d = d;
			best = w;
			best_k = k;
		}
	}
	if (best_d > ND_SLACK)
		snprintf(cls, cls_n, "r?%+llds", llround(t - last));
	else if (best_k)
		snprintf(cls, cls_n, "r%zu%+llds", best, best_k);
	else
		snprintf(cls, cls_n, "r%zu", best);
	return 0;
}

static void nd_ph(nj_buf *b, const char *content)
{
	nj_buf_putc(b, ND_PH_OPEN);
	nj_buf_puts(b, content);
	nj_buf_putc(b, ND_PH_CLOSE);
}

/* Writes a timestamp placeholder, or the text itself; returns its length. */
static size_t nd_put_ts(nd_norm *n, nj_buf *b, const char *p, const nd_ts *ts)
{
	char cls[40], ph[96];
	/* a fixed-width fraction may cut the instant short; a shorter one
	 * comes from a writer that drops trailing zeros, and is exact */
	double trunc = ts->digits > 3 ? 1e-6 : 1e-3;
	if (nd_was_sent(n, p, ts->len) ||
	    nd_classify(n, ts->t, trunc, cls, sizeof(cls))) {
		nj_buf_put(b, p, ts->len);
		return ts->len;
	}
	snprintf(ph, sizeof(ph), "ts:%s:%d%s:%.*s", cls, ts->digits,
		 ts->last_zero ? "z" : "", (int)(ts->len - ts->zone_at),
		 p + ts->zone_at);
	nd_ph(b, ph);
	return ts->len;
}

/* "id": followed by an integer at text+i: returns the digits' length. */
static size_t nd_is_id_field(const char *text, size_t len, size_t i)
{
	size_t k;
	if (len - i < 6 || memcmp(text + i, "\"id\":", 5))
		return 0;
	for (k = i + 5; k < len && isdigit((unsigned char)text[k]); k++)
		;
	if (k == i + 5 || k - (i + 5) > 18)
		return 0;
	if (k < len && (text[k] == '.' || text[k] == 'e' || text[k] == 'E'))
		return 0;
	return k - (i + 5);
}

char *nd_norm_text(nd_norm *n, const char *text, size_t len, size_t *out_len)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i = 0, j, slen = strlen(n->secret);
	char ph[48];
	nd_ts ts;
	while (i < len) {
		size_t step = 0;
		for (j = 0; j < n->n_urls && !step; j++) {
			size_t ul = strlen(n->urls[j]);
			if (ul && len - i >= ul && !memcmp(text + i, n->urls[j], ul)) {
				nd_ph(&b, "base");
				step = ul;
			}
		}
		if (step) {
		} else if (slen && len - i >= slen &&
			   !memcmp(text + i, n->secret, slen)) {
			nd_ph(&b, "secret");
			step = slen;
		} else if (nd_is_uuid(text, len, i)) {
			step = 36;
			if (nd_was_sent(n, text + i, 36)) {
				nj_buf_put(&b, text + i, 36);
			} else {
				snprintf(ph, sizeof(ph), "uuid:%zu",
					 nd_map_uuid(n, text + i));
				nd_ph(&b, ph);
			}
		} else if (nd_is_ts(text, len, i, &ts)) {
			step = nd_put_ts(n, &b, text + i, &ts);
		} else if ((step = nd_is_id_field(text, len, i)) != 0) {
			char num[24];
			memcpy(num, text + i + 5, step);
			num[step] = '\0';
			nj_buf_puts(&b, "\"id\":");
			snprintf(ph, sizeof(ph), "id:%zu",
				 nd_map_id(n, strtoll(num, NULL, 10)));
			nd_ph(&b, ph);
			step += 5;
		} else {
			nj_buf_putc(&b, text[i]);
			step = 1;
		}
		i += step;
	}
	if (b.len == 0)
		nj_buf_put(&b, "", 0);
	return nj_buf_take(&b, out_len);
}

char *nd_norm_printable(const char *norm, size_t len)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i;
	for (i = 0; i < len; i++) {
		if (norm[i] == ND_PH_OPEN)
			nj_buf_puts(&b, "<<");
		else if (norm[i] == ND_PH_CLOSE)
			nj_buf_puts(&b, ">>");
		else
			nj_buf_putc(&b, norm[i]);
	}
	if (b.len == 0)
		nj_buf_put(&b, "", 0);
	return nj_buf_take(&b, NULL);
}

/* Splits "ts:C:D:Z" into the part before D, D itself, and Z. */
static int nd_ts_parts(const char *s, size_t n, size_t *head, int *digits,
		       int *zero, const char **zone)
{
	size_t colons = 0, i;
	for (i = 0; i < n && colons < 2; i++)
		if (s[i] == ':')
			colons++;
	if (colons < 2 || n < 3 || memcmp(s, "ts:", 3))
		return -1;
	*head = i;
	*digits = atoi(s + i);
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	*zero = i < n && s[i] == 'z';
	*zone = memchr(s + i, ':', n - i);
	return *zone ? 0 : -1;
}

int nd_norm_ts_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t ha, hb;
	int da, db, za, zb;
	const char *zna, *znb;
	if (an == bn && !memcmp(a, b, an))
		return 1;
	if (nd_ts_parts(a, an, &ha, &da, &za, &zna) ||
	    nd_ts_parts(b, bn, &hb, &db, &zb, &znb))
		return 0;
	if (ha != hb || memcmp(a, b, ha) ||
	    (size_t)(a + an - zna) != (size_t)(b + bn - znb) ||
	    memcmp(zna, znb, (size_t)(a + an - zna)))
		return 0;
	if (da == db)
		return 1;
	/* a fraction ending in 0 is fixed-width; two fractions that do not
	 * may both come from writers that drop trailing zeros, whatever
	 * their lengths (.123 is .123000 with its zeros dropped, no fraction
	 * is .000) */
	return !za && !zb;
}
