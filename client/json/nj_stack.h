/*
 * nj_stack: the explicit stack a walker over a value tree keeps instead of
 * recursing, so that a value nested NJ_MAX_DEPTH deep needs no more C stack
 * than a flat one (a CivetWeb connection thread has 100 KB). The first
 * frames live in the caller's own array; deeper ones move to the heap.
 * Internal to nj and to the mock's own walkers; not part of nj.h.
 */
#ifndef NJ_STACK_H
#define NJ_STACK_H

#include <stddef.h>

/* Frames a walker keeps in its own array before the stack moves to the
 * heap: deeper than the values a request usually carries. */
#define NJ_STACK_LOCAL 32

typedef struct {
	void *frames;  /* local, or on the heap once it outgrew it */
	void *local;   /* the caller's array of cap frames */
	size_t n;      /* frames in use */
	size_t cap;    /* frames there is room for */
	size_t elem;   /* bytes of a frame */
} nj_stack;

/* Starts an empty stack over the caller's array local of cap frames of
 * elem bytes each. */
void nj_stack_init(nj_stack *s, void *local, size_t cap, size_t elem);

/*
 * Pushes a frame and returns it (uninitialised), or NULL when there is no
 * memory for it (the stack is unchanged). A push may move the frames:
 * pointers from earlier pushes or tops are stale after it.
 */
void *nj_stack_push(nj_stack *s);

/* The top frame, or NULL when the stack is empty. */
void *nj_stack_top(const nj_stack *s);

/* Drops the top frame; the stack must not be empty. */
void nj_stack_pop(nj_stack *s);

/* Releases what the stack took from the heap; nj_stack_init starts it
 * again. */
void nj_stack_free(nj_stack *s);

#endif
