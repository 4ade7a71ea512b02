/* nd_report.c: printing differences, the summary and the JUnit file. */
#include "nd_report.h"

#include <stdlib.h>
#include <string.h>

#define ND_TRIM_BEFORE 160
#define ND_TRIM_AFTER 360

typedef struct {
	char *name;
	char *cause;    /* NULL: no difference */
	char *text;
} nd_result;

typedef struct {
	char *key;
	size_t count;   /* episodes whose first difference is here */
	size_t total;   /* requests (routes) */
	char *example;  /* replay arguments of the first such episode */
} nd_tally;

typedef struct {
	nd_tally *items;
	size_t n, cap;
} nd_tallies;

struct nd_report {
	FILE *to;
	char *prefix;
	nd_result *res;
	size_t n_res, cap_res;
	nd_tallies routes, causes;
	size_t requests, differing;
	/* the episode under way */
	char *ep_name, *ep_replay;
	char *ep_cause;
	nj_buf ep_text;
};

int nd_report_new(nd_report **out, FILE *to, const char *replay_prefix)
{
	nd_report *r = calloc(1, sizeof(*r));
	*out = NULL;
	if (!r || !(r->prefix = strdup(replay_prefix))) {
		free(r);
		return -1;
	}
	r->to = to;
	*out = r;
	return 0;
}

static void nd_tallies_free(nd_tallies *t)
{
	size_t i;
	for (i = 0; i < t->n; i++) {
		free(t->items[i].key);
		free(t->items[i].example);
	}
	free(t->items);
}

void nd_report_free(nd_report *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->n_res; i++) {
		free(r->res[i].name);
		free(r->res[i].cause);
		free(r->res[i].text);
	}
	free(r->res);
	nd_tallies_free(&r->routes);
	nd_tallies_free(&r->causes);
	free(r->ep_name);
	free(r->ep_replay);
	free(r->ep_cause);
	nj_buf_free(&r->ep_text);
	free(r->prefix);
	free(r);
}

static nd_tally *nd_tally_get(nd_tallies *t, const char *key)
{
	size_t i;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->items[i].key, key))
			return &t->items[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		nd_tally *n = realloc(t->items, cap * sizeof(*n));
		if (!n)
			return NULL;
		t->items = n;
		t->cap = cap;
	}
	memset(&t->items[t->n], 0, sizeof(t->items[0]));
	if (!(t->items[t->n].key = strdup(key)))
		return NULL;
	return &t->items[t->n++];
}

void nd_report_begin(nd_report *r, const nd_episode *e)
{
	free(r->ep_name);
	free(r->ep_replay);
	free(r->ep_cause);
	r->ep_name = strdup(e->name ? e->name : "?");
	r->ep_replay = strdup(e->replay ? e->replay : "");
	r->ep_cause = NULL;
	nj_buf_free(&r->ep_text);
}

/* Appends s (n bytes) trimmed around offset at, marked there with [>>]
 * ((size_t)-1: no mark, the start), control bytes escaped. */
static void nd_put_trimmed(nj_buf *b, const char *s, size_t n, size_t at)
{
	size_t from, to, i;
	if (at == (size_t)-1) { /* no marker: the start */
		from = 0;
		to = n < ND_TRIM_BEFORE + ND_TRIM_AFTER ? n
			: ND_TRIM_BEFORE + ND_TRIM_AFTER;
	} else {
		from = at > ND_TRIM_BEFORE ? at - ND_TRIM_BEFORE : 0;
		to = at + ND_TRIM_AFTER < n ? at + ND_TRIM_AFTER : n;
	}
	if (from > 0)
		nj_buf_puts(b, "...");
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (i == at)
			nj_buf_puts(b, "[>>]");
		if (c == '\n') {
			nj_buf_puts(b, "\\n");
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			nj_buf_puts(b, esc);
		} else {
			nj_buf_putc(b, (char)c);
		}
	}
	if (to < n)
		nj_buf_puts(b, "...");
}

static void nd_put_request(nj_buf *b, const nd_req *q)
{
	size_t i;
	nj_buf_puts(b, "  request: ");
	nj_buf_puts(b, q->method);
	nj_buf_putc(b, ' ');
	nj_buf_puts(b, q->path);
	nj_buf_putc(b, '\n');
	for (i = 0; i < q->n_headers; i++) {
		nj_buf_puts(b, "    ");
		nd_put_trimmed(b, q->headers[i], strlen(q->headers[i]),
			       (size_t)-1);
		nj_buf_putc(b, '\n');
	}
	if (q->has_body) {
		nj_buf_puts(b, "    body: ");
		nd_put_trimmed(b, q->body, q->body_len, (size_t)-1);
		nj_buf_putc(b, '\n');
	} else {
		nj_buf_puts(b, "    (no body)\n");
	}
}

static void nd_put_answer(nj_buf *b, const char *side, const nd_answer *a,
			  const char *norm, size_t at)
{
	char line[256];
	if (!a->ok) {
		snprintf(line, sizeof(line), "  %s: transport error: %s\n", side,
			 a->err);
		nj_buf_puts(b, line);
		return;
	}
	snprintf(line, sizeof(line), "  %s: %ld %s  ", side, a->status,
		 a->reason);
	nj_buf_puts(b, line);
	nd_put_trimmed(b, norm, strlen(norm), at);
	nj_buf_putc(b, '\n');
}

void nd_report_pair(nd_report *r, size_t i, const nd_req *shown,
		    const char *route, const nd_diff *d, const nd_answer *a,
		    const nd_answer *b)
{
	nd_tally *t = nd_tally_get(&r->routes, route);
	char line[512];
	r->requests++;
	if (t)
		t->total++;
	if (!d->differs)
		return;
	if (r->ep_cause) {
		snprintf(line, sizeof(line), "  also request %zu, %s: %s\n", i,
			 route, d->cause);
		nj_buf_puts(&r->ep_text, line);
		return;
	}
	snprintf(line, sizeof(line), "%s: %s", route, d->cause);
	r->ep_cause = strdup(line);
	snprintf(line, sizeof(line), "DIFFERENCE in %s, request %zu (%s): %s\n",
		 r->ep_name, i, route, d->cause);
	nj_buf_puts(&r->ep_text, line);
	nd_put_request(&r->ep_text, shown);
	nd_put_answer(&r->ep_text, "a", a, d->a_body ? d->a_body : "", d->a_at);
	nd_put_answer(&r->ep_text, "b", b, d->b_body ? d->b_body : "", d->b_at);
	if (d->detail[0]) {
		const char *p;
		nj_buf_puts(&r->ep_text, "  ");
		for (p = d->detail; *p; p++) {
			nj_buf_putc(&r->ep_text, *p);
			if (*p == '\n')
				nj_buf_puts(&r->ep_text, "  ");
		}
		nj_buf_putc(&r->ep_text, '\n');
	}
	if (t)
		t->count++;
}

void nd_report_problem(nd_report *r, const char *route, const char *cause,
		       const char *detail)
{
	char line[512];
	if (r->ep_cause) {
		snprintf(line, sizeof(line), "  also %s: %s\n", route, cause);
		nj_buf_puts(&r->ep_text, line);
		return;
	}
	snprintf(line, sizeof(line), "%s: %s", route, cause);
	r->ep_cause = strdup(line);
	snprintf(line, sizeof(line), "DIFFERENCE in %s (%s): %s\n  ", r->ep_name,
		 route, cause);
	nj_buf_puts(&r->ep_text, line);
	nj_buf_puts(&r->ep_text, detail);
	nj_buf_putc(&r->ep_text, '\n');
}

void nd_report_end(nd_report *r)
{
	nd_result *res;
	if (r->n_res == r->cap_res) {
		size_t cap = r->cap_res ? r->cap_res * 2 : 64;
		nd_result *n = realloc(r->res, cap * sizeof(*n));
		if (!n)
			return;
		r->res = n;
		r->cap_res = cap;
	}
	res = &r->res[r->n_res++];
	memset(res, 0, sizeof(*res));
	res->name = r->ep_name;
	r->ep_name = NULL;
	if (r->ep_cause) {
		nd_tally *t = nd_tally_get(&r->causes, r->ep_cause);
		if (t && t->count++ == 0)
			t->example = strdup(r->ep_replay);
		r->differing++;
		nj_buf_puts(&r->ep_text, "  replay: ");
		nj_buf_puts(&r->ep_text, r->prefix);
		nj_buf_putc(&r->ep_text, ' ');
		nj_buf_puts(&r->ep_text, r->ep_replay);
		nj_buf_putc(&r->ep_text, '\n');
		fprintf(r->to, "%s\n", r->ep_text.ptr);
		fflush(r->to);
		res->cause = r->ep_cause;
		r->ep_cause = NULL;
		res->text = nj_buf_take(&r->ep_text, NULL);
	}
	nj_buf_free(&r->ep_text);
}

size_t nd_report_differing(const nd_report *r) { return r->differing; }
size_t nd_report_requests(const nd_report *r) { return r->requests; }

static int nd_by_count(const void *x, const void *y)
{
	const nd_tally *a = x, *b = y;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return strcmp(a->key, b->key);
}

void nd_report_summary(const nd_report *r, FILE *to)
{
	size_t i;
	if (r->routes.n)
		qsort(r->routes.items, r->routes.n, sizeof(nd_tally), nd_by_count);
	if (r->causes.n)
		qsort(r->causes.items, r->causes.n, sizeof(nd_tally), nd_by_count);
	fprintf(to, "== summary: %zu episodes, %zu requests, %zu episodes "
		    "differ\n", r->n_res, r->requests, r->differing);
	fprintf(to, "-- by route (episodes whose first difference is there / "
		    "requests sent):\n");
	for (i = 0; i < r->routes.n; i++)
		fprintf(to, "  %6zu / %-6zu %s\n", r->routes.items[i].count,
			r->routes.items[i].total, r->routes.items[i].key);
	if (r->causes.n)
		fprintf(to, "-- by cause (episodes; one example):\n");
	for (i = 0; i < r->causes.n; i++)
		fprintf(to, "  %6zu  %s\n          e.g. %s %s\n",
			r->causes.items[i].count, r->causes.items[i].key,
			r->prefix, r->causes.items[i].example);
}

void nd_xml_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 && c != '\n' && c != '\t')
			fputs("?", f);
		else
			fputc(c, f);
	}
}

int nd_report_junit(const nd_report *r, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;
	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites><testsuite name=\"nango-drift\" tests=\"%zu\" "
		   "failures=\"%zu\">\n", r->n_res, r->differing);
	for (i = 0; i < r->n_res; i++) {
		fputs("<testcase classname=\"nango-drift\" name=\"", f);
		nd_xml_escape(f, r->res[i].name);
		if (!r->res[i].cause) {
			fputs("\"/>\n", f);
			continue;
		}
		fputs("\"><failure message=\"", f);
		nd_xml_escape(f, r->res[i].cause);
		fputs("\">", f);
		nd_xml_escape(f, r->res[i].text);
		fputs("</failure></testcase>\n", f);
	}
	fputs("</testsuite></testsuites>\n", f);
	return fclose(f) ? -1 : 0;
}
