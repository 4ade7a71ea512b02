/* ncc_report.c: one line per scenario, the summary per operation, JUnit. */
#include "ncc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nd_report.h"

typedef struct {
	char *name, *op, *reason;
	ncc_verdict verdict;
} ncc_line;

struct ncc_report {
	ncc_line *lines;
	size_t n, cap;
};

static const char *const ncc_words[] = {"PASS", "FAIL", "UNSUPPORTED",
					"XFAIL"};

int ncc_report_new(ncc_report **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -1;
}

void ncc_report_free(ncc_report *r)
{
	size_t i;
	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->lines[i].name);
		free(r->lines[i].op);
		free(r->lines[i].reason);
	}
	free(r->lines);
	free(r);
}

int ncc_report_add(ncc_report *r, const char *name, const char *op,
		   ncc_verdict v, const char *reason)
{
	ncc_line *l;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		ncc_line *p = realloc(r->lines, cap * sizeof(*p));
		if (!p)
			return -1;
		r->lines = p;
		r->cap = cap;
	}
	l = &r->lines[r->n];
	l->name = strdup(name);
	l->op = strdup(op);
	l->reason = strdup(reason ? reason : "");
	l->verdict = v;
	if (!l->name || !l->op || !l->reason) {
		free(l->name);
		free(l->op);
		free(l->reason);
		return -1;
	}
	r->n++;
	printf("%-11s %s%s%s\n", ncc_words[v], name, l->reason[0] ? ": " : "",
	       l->reason);
	fflush(stdout);
	return 0;
}

size_t ncc_report_count(const ncc_report *r) { return r->n; }

/* Counts of one operation's scenarios by verdict. */
static void ncc_tally(const ncc_report *r, const char *op, size_t c[4])
{
	size_t i;
	memset(c, 0, 4 * sizeof(*c));
	for (i = 0; i < r->n; i++)
		if (!op || !strcmp(r->lines[i].op, op))
			c[r->lines[i].verdict]++;
}

size_t ncc_report_summary(const ncc_report *r, const char *client)
{
	size_t i, j, c[4];
	printf("\nsummary for %s, by operation:\n", client);
	for (i = 0; i < r->n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(r->lines[j].op, r->lines[i].op))
				break;
		if (j < i)
			continue;
		ncc_tally(r, r->lines[i].op, c);
		printf("  %-16s %zu passed, %zu failed, %zu unsupported",
		       r->lines[i].op, c[NCC_PASS], c[NCC_FAIL],
		       c[NCC_UNSUPPORTED]);
		if (c[NCC_XFAIL])
			printf(", %zu known failures", c[NCC_XFAIL]);
		putchar('\n');
	}
	ncc_tally(r, NULL, c);
	printf("total: %zu scenarios, %zu passed, %zu failed, %zu unsupported,"
	       " %zu known failures\n", r->n, c[NCC_PASS], c[NCC_FAIL],
	       c[NCC_UNSUPPORTED], c[NCC_XFAIL]);
	return c[NCC_FAIL];
}

int ncc_report_junit(const ncc_report *r, const char *path,
		     const char *client)
{
	FILE *f = fopen(path, "w");
	size_t i, c[4];
	if (!f)
		return -1;
	ncc_tally(r, NULL, c);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>"
	      "<testsuite name=\"nango-client-check ", f);
	nd_xml_escape(f, client);
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
		r->n, c[NCC_FAIL], c[NCC_UNSUPPORTED] + c[NCC_XFAIL]);
	for (i = 0; i < r->n; i++) {
		const ncc_line *l = &r->lines[i];
		fputs("<testcase classname=\"", f);
		nd_xml_escape(f, l->op);
		fputs("\" name=\"", f);
		nd_xml_escape(f, l->name);
		fputs("\"", f);
		if (l->verdict == NCC_PASS) {
			fputs("/>\n", f);
			continue;
		}
		fputs(l->verdict == NCC_FAIL ? "><failure message=\"" :
		      "><skipped message=\"", f);
		if (l->verdict == NCC_UNSUPPORTED)
			fputs("unsupported: ", f);
		else if (l->verdict == NCC_XFAIL)
			fputs("known failure: ", f);
		nd_xml_escape(f, l->reason);
		fputs(l->verdict == NCC_FAIL ? "\"/></testcase>\n" :
		      "\"/></testcase>\n", f);
	}
	fputs("</testsuite></testsuites>\n", f);
	return fclose(f) ? -1 : 0;
}
