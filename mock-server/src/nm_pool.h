/*
 * nm_pool: a fixed set of threads with large stacks that run jobs for the
 * caller and hand control back when done. nango-mock runs a request on it
 * once deep JSON is about: JSON values are parsed, validated, copied and
 * written recursively, one stack frame per nesting level, and CivetWeb's
 * own worker threads have stacks too small for the 2000 levels a body may
 * have (see nm_inline_enter in nm_server.c).
 */
#ifndef NM_POOL_H
#define NM_POOL_H

#include <stddef.h>

typedef struct nm_pool nm_pool;

/* Starts n threads with stack_size bytes of stack each. Jobs queue up
 * but none runs before nm_pool_open. */
int nm_pool_new(nm_pool **out, int n, size_t stack_size);
/* Lets the threads run jobs; what the caller wrote before is visible to
 * every job. */
void nm_pool_open(nm_pool *p);
/* Runs fn(arg) on a pool thread and waits for it. Returns 0, or -1 when
 * the pool is stopping (fn was not run). */
int nm_pool_run(nm_pool *p, void (*fn)(void *), void *arg);
/* Stops the threads once the queued jobs are done; accepts NULL. */
void nm_pool_free(nm_pool *p);

#endif
