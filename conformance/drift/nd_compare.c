/* nd_compare.c: the verdict on one answer pair (rules in nd_compare.h). */
#include "nd_compare.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Headers compared by value ("*" = spaces ignored). */
static const char *const nd_by_value[] = {
	"Content-Type", "Access-Control-Allow-Origin",
	"Access-Control-Allow-Methods", "*Access-Control-Allow-Headers",
	"Access-Control-Expose-Headers", "Access-Control-Max-Age",
	"Content-Security-Policy", "X-XSS-Protection",
	"X-Content-Type-Options", "X-Download-Options", "X-Frame-Options",
	"X-DNS-Prefetch-Control", "Referrer-Policy",
	"Strict-Transport-Security", "Cache-Control", "Connection",
	"Keep-Alive", "Location", "Allow", "Vary", "Transfer-Encoding",
	NULL};

void nd_diff_clear(nd_diff *d)
{
	free(d->a_body);
	free(d->b_body);
	memset(d, 0, sizeof(*d));
}

/* --- JSON path ------------------------------------------------------------ */

typedef struct {
	char kind;       /* '{' or '[' */
	char key[48];
	int want_key;
	long index;
} nd_frame;

static size_t nd_skip_string(const char *t, size_t i, size_t end, char *key,
			     size_t kn)
{
	size_t k = 0;
	for (i++; i < end && t[i] != '"'; i++) {
		if (t[i] == '\\' && i + 1 < end)
			i++;
		if (key && k + 1 < kn)
			key[k++] = t[i];
	}
	if (key)
		key[k] = '\0';
	return i;
}

void nd_json_path(const char *text, size_t at, char *out, size_t n)
{
	nd_frame st[32];
	int depth = 0, d;
	size_t i, len = 0;
	out[0] = '\0';
	if (!text || (text[0] != '{' && text[0] != '['))
		return;
	for (i = 0; i < at && text[i]; i++) {
		char c = text[i];
		nd_frame *top = depth > 0 && depth <= 32 ? &st[depth - 1] : NULL;
		if (c == ND_PH_OPEN) {
			while (i < at && text[i] && text[i] != ND_PH_CLOSE)
				i++;
		} else if (c == '"') {
			int is_key = top && top->kind == '{' && top->want_key;
			size_t e = nd_skip_string(text, i, at, is_key ? top->key : NULL,
						  sizeof(top->key));
			i = e;
		} else if (c == '{' || c == '[') {
			if (depth < 32) {
				memset(&st[depth], 0, sizeof(st[depth]));
				st[depth].kind = c;
				st[depth].want_key = c == '{';
			}
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ':' && top) {
			top->want_key = 0;
		} else if (c == ',' && top) {
			if (top->kind == '{')
				top->want_key = 1;
			else
				top->index++;
		}
	}
	for (d = 0; d < depth && d < 32 && len + 1 < n; d++) {
		if (st[d].kind == '{')
			len += (size_t)snprintf(out + len, n - len, ".%s",
						st[d].want_key ? "<key>" : st[d].key);
		else
			len += (size_t)snprintf(out + len, n - len, "[%ld]",
						st[d].index);
		if (len >= n)
			break;
	}
	if (!out[0])
		snprintf(out, n, "(top)");
}

/* --- bodies ------------------------------------------------------------- */

/* Compares two normalised texts; returns 1 if equal, else 0 with the
 * offsets of the first difference. */
static int nd_same_text(const char *a, size_t an, const char *b, size_t bn,
			size_t *ai, size_t *bi)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		if (a[i] == ND_PH_OPEN && b[j] == ND_PH_OPEN) {
			const char *ea = memchr(a + i, ND_PH_CLOSE, an - i);
			const char *eb = memchr(b + j, ND_PH_CLOSE, bn - j);
			size_t la, lb;
			if (!ea || !eb)
				break;
			la = (size_t)(ea - (a + i)) - 1;
			lb = (size_t)(eb - (b + j)) - 1;
			if (!nd_norm_ts_equal(a + i + 1, la, b + j + 1, lb))
				break;
			i += la + 2;
			j += lb + 2;
		} else if (a[i] == b[j]) {
			i++;
			j++;
		} else {
			break;
		}
	}
	*ai = i;
	*bi = j;
	return i == an && j == bn;
}

/* Offset in the printable text of raw normalised offset at. */
static size_t nd_printable_at(const char *norm, size_t at)
{
	size_t i, extra = 0;
	for (i = 0; i < at; i++)
		if (norm[i] == ND_PH_OPEN || norm[i] == ND_PH_CLOSE)
			extra++;
	return at + extra;
}

/* --- headers ------------------------------------------------------------ */

/* Collapses spaces out of a copy of v. */
static void nd_nospace(char *v)
{
	char *w = v;
	for (; *v; v++)
		if (*v != ' ')
			*w++ = *v;
	*w = '\0';
}

/* Header names present in one block but not in the other. */
static int nd_presence(nd_diff *d, const nd_answer *x, const nd_answer *y,
		       const char *xn)
{
	const char *p = x->headers ? strstr(x->headers, "\r\n") : NULL;
	while (p && p[2] && p[2] != '\r') {
		const char *line = p + 2, *colon = strchr(line, ':');
		const char *eol = strstr(line, "\r\n");
		char name[80];
		size_t nl;
		char *other;
		if (!colon || (eol && colon > eol))
			break;
		nl = (size_t)(colon - line);
		if (nl >= sizeof(name))
			nl = sizeof(name) - 1;
		memcpy(name, line, nl);
		name[nl] = '\0';
		other = nd_answer_header(y, name);
		if (!other) {
			snprintf(d->cause, sizeof(d->cause), "header %s only on %s",
				 name, xn);
			return 1;
		}
		free(other);
		p = eol;
	}
	return 0;
}

/* A side's own headers against its own body. */
static int nd_self_check(nd_diff *d, const char *method, const nd_answer *x,
			 const char *xn)
{
	char *cl = nd_answer_header(x, "Content-Length");
	char *et = nd_answer_header(x, "ETag");
	int bad = 0, head = !strcasecmp(method, "HEAD");
	if (cl && !head && x->status != 304 &&
	    strtoul(cl, NULL, 10) != x->body_len) {
		snprintf(d->cause, sizeof(d->cause),
			 "header Content-Length on %s is not its body's length",
			 xn);
		bad = 1;
	} else if (et) {
		unsigned long len = 0;
		const char *dash = strchr(et, '-');
		int ok = !strncmp(et, "W/\"", 3) && dash &&
			 strlen(dash + 1) == 28 && dash[28] == '"';
		if (ok)
			len = strtoul(et + 3, NULL, 16);
		if (ok && cl && len != strtoul(cl, NULL, 10))
			ok = 0;
		if (ok && !head && x->status != 304 && len != x->body_len)
			ok = 0;
		if (!ok) {
			snprintf(d->cause, sizeof(d->cause),
				 "header ETag on %s does not fit its body", xn);
			snprintf(d->detail, sizeof(d->detail), "%s: %s", xn, et);
			bad = 1;
		}
	}
	free(cl);
	free(et);
	return bad;
}

static int nd_headers(nd_diff *d, const char *method, const nd_answer *a,
		      const nd_answer *b, nd_norm *na, nd_norm *nb)
{
	size_t i;
	for (i = 0; nd_by_value[i]; i++) {
		const char *name = nd_by_value[i] + (nd_by_value[i][0] == '*');
		char *va = nd_answer_header(a, name), *vb = nd_answer_header(b, name);
		char *xa = va ? nd_norm_text(na, va, strlen(va), NULL) : NULL;
		char *xb = vb ? nd_norm_text(nb, vb, strlen(vb), NULL) : NULL;
		int same;
		if (nd_by_value[i][0] == '*' && xa && xb) {
			nd_nospace(xa);
			nd_nospace(xb);
		}
		same = (!xa && !xb) || (xa && xb && !strcmp(xa, xb));
		if (!same) {
			snprintf(d->cause, sizeof(d->cause), "header %s", name);
			snprintf(d->detail, sizeof(d->detail), "a: %s\nb: %s",
				 va ? va : "(absent)", vb ? vb : "(absent)");
		}
		free(va);
		free(vb);
		free(xa);
		free(xb);
		if (!same)
			return 1;
	}
	return nd_presence(d, a, b, "a") || nd_presence(d, b, a, "b") ||
	       nd_self_check(d, method, a, "a") ||
	       nd_self_check(d, method, b, "b");
}

/* --- the verdict -------------------------------------------------------- */

int nd_compare(nd_diff *d, const char *method, const nd_answer *a,
	       const nd_answer *b, nd_norm *na, nd_norm *nb)
{
	size_t al = 0, bl = 0, ai, bi;
	char *xa, *xb, path[160];
	int same_body;
	memset(d, 0, sizeof(*d));
	xa = nd_norm_text(na, a->body ? a->body : "", a->body_len, &al);
	xb = nd_norm_text(nb, b->body ? b->body : "", b->body_len, &bl);
	if (!xa || !xb) {
		free(xa);
		free(xb);
		return -1;
	}
	same_body = nd_same_text(xa, al, xb, bl, &ai, &bi);
	d->a_body = nd_norm_printable(xa, al);
	d->b_body = nd_norm_printable(xb, bl);
	d->a_at = nd_printable_at(xa, ai);
	d->b_at = nd_printable_at(xb, bi);
	d->differs = 1;
	if (!a->ok || !b->ok) {
		if (!a->ok && !b->ok && !strcmp(a->err, b->err))
			d->differs = 0;
		snprintf(d->cause, sizeof(d->cause), "transport error");
		snprintf(d->detail, sizeof(d->detail), "a: %s\nb: %s",
			 a->ok ? "answered" : a->err, b->ok ? "answered" : b->err);
	} else if (a->status != b->status) {
		snprintf(d->cause, sizeof(d->cause), "status %ld vs %ld",
			 a->status, b->status);
	} else if (strcmp(a->reason, b->reason)) {
		snprintf(d->cause, sizeof(d->cause), "reason phrase");
		snprintf(d->detail, sizeof(d->detail), "a: %s\nb: %s",
			 a->reason, b->reason);
	} else if (!same_body) {
		nd_json_path(xa, ai, path, sizeof(path));
		snprintf(d->cause, sizeof(d->cause), "body%s%s (status %ld)",
			 path[0] ? " at " : "", path, a->status);
	} else {
		d->differs = nd_headers(d, method, a, b, na, nb);
	}
	free(xa);
	free(xb);
	return 0;
}
