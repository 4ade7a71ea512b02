/*
 * nm_faults: failures injected on purpose (POST /__admin/faults). A fault
 * belongs to one environment, matches requests by method and path, and
 * answers them with a status of its own, Nango's 429 or 500, a dropped
 * connection, or only added latency; for the next N matching requests, a
 * seeded percentage of them, or all. No HTTP here: the server asks
 * nm_faults_pick what to do and does it.
 */
#ifndef NM_FAULTS_H
#define NM_FAULTS_H

#include <stddef.h>

#include "nj.h"
#include "nm_journal.h"

typedef enum {
	NM_FAULT_LATENCY = 0,   /* only the delay, then the real answer */
	NM_FAULT_STATUS,        /* status, headers and body as given */
	NM_FAULT_RATE_LIMIT,    /* Nango's 429 with its rate-limit headers */
	NM_FAULT_SERVER_ERROR,  /* Nango's 500 generic_error_support */
	NM_FAULT_DROP           /* the connection closed, no response */
} nm_fault_kind;

/* What to do with one request (a copy, owned by the caller). */
typedef struct {
	char id[24];
	nm_fault_kind kind;
	int status;
	nj_value *headers; /* object of strings, or NULL */
	char *body;        /* NM_FAULT_STATUS; NULL: empty */
	size_t body_len;
	long retry_after;  /* NM_FAULT_RATE_LIMIT, seconds */
	long latency_ms;
} nm_fault_action;

void nm_fault_action_clear(nm_fault_action *a);

typedef struct nm_faults nm_faults;

nm_faults *nm_faults_new(void);
void nm_faults_free(nm_faults *f);

/*
 * Adds a fault for env from its JSON description (README, "Faults"). On
 * success the fault is written to w (as GET lists it) and 0 returned; on
 * bad input -1 with "field: reason" in err.
 */
int nm_faults_add(nm_faults *f, int env, const nj_value *spec, nj_writer *w,
		  char *err, size_t errlen);
/* {"faults":[...]} of env, in the order they are tried. */
void nm_faults_write(nj_writer *w, nm_faults *f, int env);
/* Removes env's fault id (NULL: all of env's); returns how many. */
size_t nm_faults_remove(nm_faults *f, int env, const char *id);

/* 1 when any fault is set (any environment); no lock taken, so every
 * request can ask first. */
int nm_faults_armed(nm_faults *f);

/*
 * The first of env's faults that matches and fires (its count or seeded
 * draw) fills *out and returns 1; 0 when none does.
 */
int nm_faults_pick(nm_fault_action *out, nm_faults *f, int env,
		   const char *method, const char *path);

#endif
