/*
 * nj_frozen.c: a JSON value frozen into one allocation, for values that are
 * kept long and read whole (the mock's stored connections).
 *
 * Layout: the value in preorder, each node a tag byte and its payload,
 * integers little-endian and unaligned:
 *   'n' 'f' 't'       null, false, true
 *   'd' f64           number
 *   's' u32 n bytes   string (WTF-8, as in nj_value)
 *   'a' u32 count u32 size, then count nodes               array
 *   'o' u32 count u32 size, then count × (u32 n key, node) object
 * where size is the byte length of what follows the container's header, so
 * a reader can step over a whole container. Members keep their order.
 * Every walk here is iterative: any depth, on any stack.
 */
#include "nj.h"
#include "nj_int.h"
#include "nj_stack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct nj_frozen {
	size_t size;
	unsigned char data[];
};

enum { NJ_FZ_HEAD = 9 }; /* tag, count, size */

static uint32_t nj_fz_u32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void nj_fz_put_u32(nj_buf *b, size_t v)
{
	uint32_t u = (uint32_t)v;
	nj_buf_put(b, (const char *)&u, sizeof(u));
}

/* --- freezing ------------------------------------------------------------ */

typedef struct {
	const nj_value *v;
	size_t next;  /* next child */
	size_t head;  /* offset of the container's header in the buffer */
	nj_member **sorted; /* an object's members in jsonb order, or NULL */
} nj_fz_frame;

/* Writes v's node; a container's header only, with its frame pushed
 * (jsonb: an object's members to be taken in jsonb order). */
static int nj_fz_node(nj_buf *b, const nj_value *v, nj_stack *st, int jsonb)
{
	nj_member **sorted = NULL;
	nj_fz_frame *f;
	static const char tags[] = {'n', 'f', 't', 'd', 's', 'a', 'o'};
	char tag = tags[v->type];
	nj_buf_putc(b, tag);
	if (tag == 'd')
		nj_buf_put(b, (const char *)&v->num, sizeof(v->num));
	if (tag == 's') {
		if (v->len > UINT32_MAX)
			return -1;
		nj_fz_put_u32(b, v->len);
		nj_buf_put(b, v->str, v->len);
	}
	if (tag != 'a' && tag != 'o')
		return 0;
	if (v->len > UINT32_MAX)
		return -1;
	if (jsonb && tag == 'o' && v->len > 1) {
		sorted = malloc(v->len * sizeof(*sorted));
		if (!sorted)
			return -1;
		memcpy(sorted, v->members, v->len * sizeof(*sorted));
		qsort(sorted, v->len, sizeof(*sorted), nj_jsonb_member_cmp);
	}
	f = nj_stack_push(st);
	if (!f) {
		free(sorted);
		return -1;
	}
	*f = (nj_fz_frame){v, 0, b->len - 1, sorted};
	nj_fz_put_u32(b, v->len);
	nj_fz_put_u32(b, 0); /* size: set when the container is done */
	return 0;
}

/* Sets a finished container's size in its header; -1 past 4 GiB. */
static int nj_fz_close(nj_buf *b, const nj_fz_frame *f)
{
	size_t size = b->len - f->head - NJ_FZ_HEAD;
	uint32_t u = (uint32_t)size;
	if (b->oom || size > UINT32_MAX)
		return -1;
	memcpy(b->ptr + f->head + 5, &u, sizeof(u));
	return 0;
}

/* nj_freeze, objects' members in jsonb order when jsonb is set. */
static int nj_freeze_as(nj_frozen **out, const nj_value *v, int jsonb)
{
	nj_buf b = NJ_BUF_INIT;
	nj_fz_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	int bad;

	*out = NULL;
	if (!v)
		return NJ_OK;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	nj_buf_put(&b, (const char *)&b.len, sizeof(size_t)); /* room: size */
	bad = nj_fz_node(&b, v, &st, jsonb);
	while (!bad && (f = nj_stack_top(&st))) {
		const nj_value *child;
		if (f->next == f->v->len) {
			bad = nj_fz_close(&b, f);
			free(f->sorted);
			nj_stack_pop(&st);
			continue;
		}
		if (f->v->type == NJ_ARRAY) {
			child = f->v->items[f->next];
		} else {
			const nj_member *m = f->sorted ? f->sorted[f->next]
						       : f->v->members[f->next];
			if (m->key_len > UINT32_MAX)
				bad = -1;
			nj_fz_put_u32(&b, m->key_len);
			nj_buf_put(&b, m->key, m->key_len);
			child = m->value;
		}
		f->next++;
		bad = bad || nj_fz_node(&b, child, &st, jsonb);
	}
	for (; (f = nj_stack_top(&st)); nj_stack_pop(&st))
		free(f->sorted);
	nj_stack_free(&st);
	if (bad || b.oom) {
		nj_buf_free(&b);
		return NJ_ENOMEM;
	}
	/* exactly its size: a frozen value is kept long */
	*out = realloc(b.ptr, b.len);
	if (!*out)
		*out = (nj_frozen *)(void *)b.ptr;
	(*out)->size = b.len - sizeof(size_t);
	return NJ_OK;
}

int nj_freeze(nj_frozen **out, const nj_value *v)
{
	return nj_freeze_as(out, v, 0);
}

int nj_freeze_jsonb(nj_frozen **out, const nj_value *v)
{
	return nj_freeze_as(out, v, 1);
}

void nj_frozen_free(nj_frozen *f)
{
	free(f);
}

size_t nj_frozen_bytes(const nj_frozen *f)
{
	return f ? sizeof(*f) + f->size : 0;
}

nj_frozen *nj_frozen_copy(const nj_frozen *f)
{
	nj_frozen *c;
	if (!f)
		return NULL;
	c = malloc(sizeof(*f) + f->size);
	if (c)
		memcpy(c, f, sizeof(*f) + f->size);
	return c;
}

/* --- reading ------------------------------------------------------------- */

/* Bytes of the node at p (a container's header and contents). */
static size_t nj_fz_node_size(const unsigned char *p)
{
	switch (*p) {
	case 'd': return 1 + sizeof(double);
	case 's': return 5 + nj_fz_u32(p + 1);
	case 'a':
	case 'o': return NJ_FZ_HEAD + nj_fz_u32(p + 5);
	default: return 1;
	}
}

typedef struct {
	int object;
	uint32_t left;   /* children still to read */
	int written;     /* children written (skipped ones are not) */
	nj_value *v;     /* nj_thaw: the container being filled */
} nj_rd_frame;

/* Pushes the frame of the container whose header is at q (v: the value
 * nj_thaw fills, else NULL); -1 when out of memory. */
static int nj_rd_push(nj_stack *st, const unsigned char *q, nj_value *v)
{
	nj_rd_frame *f = nj_stack_push(st);
	if (!f)
		return -1;
	*f = (nj_rd_frame){*q == 'o', nj_fz_u32(q + 1), 0, v};
	return 0;
}

/* Writes the scalar at *p, or opens the container (pushing its frame). */
static int nj_fz_write_node(nj_buf *b, const unsigned char **p, nj_stack *st)
{
	const unsigned char *q = *p;
	double d;
	*p += *q == 'a' || *q == 'o' ? NJ_FZ_HEAD : nj_fz_node_size(q);
	switch (*q) {
	case 'n': nj_buf_puts(b, "null"); return 0;
	case 'f': nj_buf_puts(b, "false"); return 0;
	case 't': nj_buf_puts(b, "true"); return 0;
	case 'd':
		memcpy(&d, q + 1, sizeof(d));
		nj_buf_number(b, d);
		return 0;
	case 's':
		nj_buf_string(b, (const char *)q + 5, nj_fz_u32(q + 1));
		return 0;
	}
	if (nj_rd_push(st, q, NULL))
		return -1;
	nj_buf_putc(b, *q == 'o' ? '{' : '[');
	return 0;
}

void nj_buf_frozen(nj_buf *b, const nj_frozen *f, nj_key_filter skip)
{
	const unsigned char *p;
	nj_rd_frame local[NJ_STACK_LOCAL], *fr;
	nj_stack st;
	int bad;
	if (!f) {
		nj_buf_puts(b, "null");
		return;
	}
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	p = f->data;
	bad = nj_fz_write_node(b, &p, &st);
	while (!bad && (fr = nj_stack_top(&st)) && !b->oom) {
		if (fr->left == 0) {
			nj_buf_putc(b, fr->object ? '}' : ']');
			nj_stack_pop(&st);
			continue;
		}
		fr->left--;
		if (fr->object) {
			uint32_t kn = nj_fz_u32(p);
			const char *key = (const char *)p + 4;
			p += 4 + kn;
			if (skip && skip(key, kn)) {
				p += nj_fz_node_size(p);
				continue;
			}
			if (fr->written++)
				nj_buf_putc(b, ',');
			nj_buf_string(b, key, kn);
			nj_buf_putc(b, ':');
		} else if (fr->written++) {
			nj_buf_putc(b, ',');
		}
		bad = nj_fz_write_node(b, &p, &st);
	}
	if (bad)
		b->oom = 1;
	nj_stack_free(&st);
}

void nj_w_frozen(nj_writer *w, const nj_frozen *f, nj_key_filter skip)
{
	nj_w_begin_value(w);
	nj_buf_frozen(&w->buf, f, skip);
}

/* --- thawing ------------------------------------------------------------- */

/* A new value for the node at *p (containers empty, frame pushed). */
static nj_value *nj_fz_thaw_node(const unsigned char **p, nj_stack *st)
{
	const unsigned char *q = *p;
	nj_value *v = NULL;
	double d;
	*p += *q == 'a' || *q == 'o' ? NJ_FZ_HEAD : nj_fz_node_size(q);
	switch (*q) {
	case 'n': return nj_null();
	case 'f': return nj_bool(0);
	case 't': return nj_bool(1);
	case 'd':
		memcpy(&d, q + 1, sizeof(d));
		return nj_number(d);
	case 's': return nj_string((const char *)q + 5, nj_fz_u32(q + 1));
	}
	v = *q == 'o' ? nj_object() : nj_array();
	if (v && nj_rd_push(st, q, v))
		v = (nj_free(v), NULL);
	return v;
}

int nj_thaw(nj_value **out, const nj_frozen *f)
{
	const unsigned char *p;
	nj_rd_frame local[NJ_STACK_LOCAL], *fr;
	nj_stack st;
	nj_value *root;
	int rc = NJ_OK;

	*out = NULL;
	if (!f)
		return NJ_OK;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	p = f->data;
	root = nj_fz_thaw_node(&p, &st);
	if (!root)
		rc = NJ_ENOMEM;
	while (rc == NJ_OK && (fr = nj_stack_top(&st))) {
		nj_value *parent = fr->v, *child;
		const char *key = NULL;
		uint32_t kn = 0;
		if (fr->left == 0) {
			nj_stack_pop(&st);
			continue;
		}
		fr->left--;
		if (fr->object) {
			kn = nj_fz_u32(p);
			key = (const char *)p + 4;
			p += 4 + kn;
		}
		/* the child is attached before its own children are read */
		child = nj_fz_thaw_node(&p, &st);
		if (!child || (key ? nj_object_set(parent, key, kn, child)
				   : nj_array_push(parent, child)))
			rc = NJ_ENOMEM;
	}
	nj_stack_free(&st);
	if (rc != NJ_OK) {
		nj_free(root);
		return rc;
	}
	*out = root;
	return NJ_OK;
}
