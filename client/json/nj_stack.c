/* nj_stack.c: see nj_stack.h. */
#include "nj_stack.h"

#include <stdlib.h>
#include <string.h>

void nj_stack_init(nj_stack *s, void *local, size_t cap, size_t elem)
{
	s->frames = local;
	s->local = local;
	s->n = 0;
	s->cap = cap;
	s->elem = elem;
}

/* Doubles the room, moving the frames to the heap the first time.
 * Returns 0, or -1 when there is no memory (nothing changed). */
static int nj_stack_grow(nj_stack *s)
{
	size_t ncap = s->cap ? s->cap * 2 : NJ_STACK_LOCAL;
	void *p;
	if (ncap > (size_t)-1 / s->elem)
		return -1;
	if (s->frames == s->local) {
		p = malloc(ncap * s->elem);
		if (p && s->n)
			memcpy(p, s->local, s->n * s->elem);
	} else {
		p = realloc(s->frames, ncap * s->elem);
	}
	if (!p)
		return -1;
	s->frames = p;
	s->cap = ncap;
	return 0;
}

void *nj_stack_push(nj_stack *s)
{
	if (s->n == s->cap && nj_stack_grow(s) != 0)
		return NULL;
	return (char *)s->frames + s->n++ * s->elem;
}

void *nj_stack_top(const nj_stack *s)
{
	return s->n ? (char *)s->frames + (s->n - 1) * s->elem : NULL;
}

void nj_stack_pop(nj_stack *s)
{
	s->n--;
}

void nj_stack_free(nj_stack *s)
{
	if (s->frames != s->local)
		free(s->frames);
	s->frames = NULL;
	s->n = 0;
	s->cap = 0;
}
