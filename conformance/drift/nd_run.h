/* nd_run: sends episodes to both sides, paced, and reports what differs. */
#ifndef ND_RUN_H
#define ND_RUN_H

#include <signal.h>

#include "nd.h"
#include "nd_http.h"
#include "nd_report.h"

typedef struct {
	nd_side *a, *b;
	nd_report *report;
	char tag[24];          /* the run's random tag ({{TAG}}) */
	double rate;           /* request pairs per second; 0: no pacing */
	const volatile sig_atomic_t *stop; /* set by SIGINT/SIGTERM */
	const char *record_dir; /* --record: every answer pair written there */
	/* internal */
	double next_slot;
	double last_a, last_b; /* when each side's last answer ended */
	const char *episode_name;
} nd_run;

/*
 * Creates the run-wide integrations (one per provider of nd_providers) on
 * both sides. Returns 0, or -1 with a message on stderr (nothing is left
 * behind: what was created is deleted again).
 */
int nd_run_setup_shared(nd_run *run);
/* Deletes them again (errors are reported on stderr, not fatal). */
void nd_run_cleanup_shared(nd_run *run);

/* Runs one episode (number `index`, used by {{KEY}}/{{ID}}); its own
 * integration, if any, is created first and deleted after. Returns 0, or
 * -1 when memory runs out. */
int nd_run_episode(nd_run *run, const nd_episode *e, long index);

/* GET /health on both sides: 0 when both answer 200. */
int nd_run_check_health(nd_run *run);

#endif
