/*
 * nd_report: what a run found. Each episode's first difference is printed
 * in full (the request, both answers trimmed, the command that replays just
 * that episode); later differences of the same episode, which usually
 * follow from the first, get one line each. The summary counts episodes by
 * route and by cause of their first difference.
 */
#ifndef ND_REPORT_H
#define ND_REPORT_H

#include <stdio.h>

#include "nd.h"
#include "nd_compare.h"
#include "nd_http.h"

typedef struct nd_report nd_report;

/* out: where differences are printed; replay_prefix: the command line
 * that precedes an episode's own arguments in replay commands. */
int nd_report_new(nd_report **out, FILE *to, const char *replay_prefix);
void nd_report_free(nd_report *r);

/* Starts an episode (its name and replay arguments are kept). */
void nd_report_begin(nd_report *r, const nd_episode *e);
/* One compared request: i is its index in the episode; shown is the
 * request as sent to side a, with the key masked. */
void nd_report_pair(nd_report *r, size_t i, const nd_req *shown,
		    const char *route, const nd_diff *d, const nd_answer *a,
		    const nd_answer *b);
/* A failure that is not an answer pair (an episode's setup). */
void nd_report_problem(nd_report *r, const char *route, const char *cause,
		       const char *detail);
void nd_report_end(nd_report *r);

/* Totals so far. */
size_t nd_report_differing(const nd_report *r);
size_t nd_report_requests(const nd_report *r);

/* Prints the summary by route and by cause. */
void nd_report_summary(const nd_report *r, FILE *to);
/* Writes a JUnit XML file, one test case per episode; 0 or -1. */
int nd_report_junit(const nd_report *r, const char *path);
/* Writes s as XML attribute or text content (also used by the client
 * kit's JUnit file). */
void nd_xml_escape(FILE *f, const char *s);

#endif
