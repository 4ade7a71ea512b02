/*
 * nm_clock: the time nango-mock's environments live in. Each environment
 * follows the real clock until a test freezes it at an instant, moves it
 * forward, or releases it (POST /__admin/clock). Safe from any thread.
 */
#ifndef NM_CLOCK_H
#define NM_CLOCK_H

#include <stdint.h>

typedef struct nm_clock nm_clock;

/* What one environment's clock reads like (nm_clock_state). */
typedef struct {
	int frozen;        /* 1: stands still at now_us */
	int64_t now_us;    /* the environment's current time */
	int64_t offset_us; /* how far it is from the real clock */
} nm_clock_info;

/* The real time in microseconds since the epoch (CLOCK_REALTIME). */
int64_t nm_now_us(void);

/* A clock where every environment follows the real time; NULL on OOM. */
nm_clock *nm_clock_new(void);
void nm_clock_free(nm_clock *c);

/* The time of environment env, in microseconds since the epoch. c may be
 * NULL (the real time). */
int64_t nm_clock_now(nm_clock *c, int env);

/* Stops env's clock at at_us. Returns 0, or -1 on OOM. */
int nm_clock_freeze(nm_clock *c, int env, int64_t at_us);
/* Moves env's clock forward by by_us (frozen or not). 0, or -1 on OOM. */
int nm_clock_advance(nm_clock *c, int env, int64_t by_us);
/* env follows the real time again. */
void nm_clock_release(nm_clock *c, int env);
/* env's clock as it reads now; c NULL: the real time. */
void nm_clock_state(nm_clock_info *out, nm_clock *c, int env);

/* The store's clock callback: ctx is an nm_clock. */
int64_t nm_clock_store_now(void *ctx, int env);

#endif
