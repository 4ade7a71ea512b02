/*
 * nm_json_scan.c: what the handlers learn from a JSON value without
 * walking it twice: whether it holds a NUL byte (nm_json_scan.h).
 */
#include <string.h>

#include "nj_stack.h"
#include "nm_json_scan.h"

/* Does v itself (a string, or a member key of an object) hold a NUL? */
static int nm_nul_here(const nj_value *v)
{
	size_t i;
	if (v->type == NJ_STRING)
		return memchr(v->str, '\0', v->len) != NULL;
	for (i = 0; v->type == NJ_OBJECT && i < v->len; i++)
		if (memchr(v->members[i]->key, '\0', v->members[i]->key_len))
			return 1;
	return 0;
}

/* A container being searched, and its next child to look at. */
typedef struct {
	const nj_value *v;
	size_t next;
} nm_nul_frame;

int nm_holds_nul(const nj_value *v)
{
	nm_nul_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	int found;
	if (!v)
		return 0;
	found = nm_nul_here(v);
	if (found || (v->type != NJ_ARRAY && v->type != NJ_OBJECT))
		return found;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (nm_nul_frame){v, 0};
	while (!found && (f = nj_stack_top(&st))) {
		const nj_value *c;
		if (f->next == f->v->len) {
			nj_stack_pop(&st);
			continue;
		}
		c = f->v->type == NJ_ARRAY ? f->v->items[f->next]
					   : f->v->members[f->next]->value;
		f->next++;
		if (!c)
			continue;
		found = nm_nul_here(c);
		if (!found && (c->type == NJ_ARRAY || c->type == NJ_OBJECT)) {
			f = nj_stack_push(&st);
			if (f)
				*f = (nm_nul_frame){c, 0};
			else
				found = 1; /* no memory: refused as Postgres would */
		}
	}
	nj_stack_free(&st);
	return found;
}
