/* nj_value.c: JSON value trees with JavaScript object semantics. */
#include "nj.h"
#include "nj_int.h"
#include "nj_stack.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Objects with more members than this get a hash index. */
#define NJ_INDEX_MIN 16

struct nj_index {
	nj_member **slots;
	size_t cap; /* power of two */
};

static nj_value *nj_alloc(nj_type t)
{
	nj_value *v = calloc(1, sizeof(*v));
	if (v)
		v->type = t;
	return v;
}

nj_value *nj_null(void) { return nj_alloc(NJ_NULL); }
nj_value *nj_bool(int b) { return nj_alloc(b ? NJ_TRUE : NJ_FALSE); }
nj_value *nj_array(void) { return nj_alloc(NJ_ARRAY); }
nj_value *nj_object(void) { return nj_alloc(NJ_OBJECT); }

nj_value *nj_number(double d)
{
	nj_value *v = nj_alloc(NJ_NUMBER);
	if (v)
		v->num = d;
	return v;
}

nj_value *nj_string(const char *s, size_t len)
{
	nj_value *v = nj_alloc(NJ_STRING);
	if (!v)
		return NULL;
	v->str = malloc(len + 1);
	if (!v->str) {
		free(v);
		return NULL;
	}
	if (len)
		memcpy(v->str, s, len);
	v->str[len] = '\0';
	v->len = len;
	return v;
}

nj_value *nj_cstring(const char *s)
{
	return nj_string(s, strlen(s));
}

static void nj_index_free(nj_index *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix);
}

static int nj_is_container(const nj_value *v)
{
	return v && (v->type == NJ_ARRAY || v->type == NJ_OBJECT);
}

/* Child i of a container. */
static nj_value *nj_child(const nj_value *v, size_t i)
{
	return v->type == NJ_ARRAY ? v->items[i] : v->members[i]->value;
}

/*
 * A walk that owns the tree it changes (nj_free, nj_jsonb_order) keeps the
 * containers it has still to visit in a list linked through their str,
 * which containers do not use otherwise: no memory, and no recursion.
 */
static void nj_todo_push(nj_value **todo, nj_value *c)
{
	c->str = (char *)*todo;
	*todo = c;
}

static nj_value *nj_todo_pop(nj_value **todo)
{
	nj_value *c = *todo;
	*todo = (nj_value *)(void *)c->str;
	c->str = NULL;
	return c;
}

/* Frees v itself, once its children are gone or handed on. */
static void nj_free_node(nj_value *v)
{
	if (v->type == NJ_STRING)
		free(v->str);
	free(v->items);
	free(v->members);
	nj_index_free(v->index);
	free(v);
}

void nj_free(nj_value *v)
{
	nj_value *todo = NULL;
	size_t i;
	if (!v)
		return;
	if (!nj_is_container(v)) {
		nj_free_node(v);
		return;
	}
	nj_todo_push(&todo, v);
	while (todo) {
		nj_value *c = nj_todo_pop(&todo);
		for (i = 0; i < c->len; i++) {
			nj_value *child = nj_child(c, i);
			if (c->type == NJ_OBJECT) {
				free(c->members[i]->key);
				free(c->members[i]);
			}
			if (nj_is_container(child))
				nj_todo_push(&todo, child);
			else if (child)
				nj_free_node(child);
		}
		nj_free_node(c);
	}
}

static int nj_grow(void **ptr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;
	if (need <= *cap)
		return NJ_OK;
	ncap = *cap ? *cap * 2 : 4;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*ptr, ncap * elem);
	if (!p)
		return NJ_ENOMEM;
	*ptr = p;
	*cap = ncap;
	return NJ_OK;
}

int nj_array_push(nj_value *arr, nj_value *v)
{
	if (!arr || !v || arr->type != NJ_ARRAY ||
	    nj_grow((void **)&arr->items, &arr->cap, arr->len + 1,
		    sizeof(*arr->items)) != NJ_OK) {
		nj_free(v);
		return NJ_ENOMEM;
	}
	arr->items[arr->len++] = v;
	return NJ_OK;
}

int nj_is_array_index(const char *key, size_t len)
{
	unsigned long long n = 0;
	size_t i;
	if (len == 0 || len > 10)
		return 0;
	if (len > 1 && key[0] == '0')
		return 0;
	for (i = 0; i < len; i++) {
		if (key[i] < '0' || key[i] > '9')
			return 0;
		n = n * 10 + (unsigned)(key[i] - '0');
	}
	return n <= 4294967294ULL;
}

static unsigned long long nj_index_value(const char *key, size_t len)
{
	unsigned long long n = 0;
	size_t i;
	for (i = 0; i < len; i++)
		n = n * 10 + (unsigned)(key[i] - '0');
	return n;
}

static uint64_t nj_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void nj_index_insert(nj_index *ix, nj_member *m)
{
	size_t i = (size_t)nj_hash(m->key, m->key_len) & (ix->cap - 1);
	while (ix->slots[i])
		i = (i + 1) & (ix->cap - 1);
	ix->slots[i] = m;
}

/* (Re)builds the index so that it has room for `need` members. */
static int nj_index_build(nj_value *obj, size_t need)
{
	nj_index *ix = obj->index;
	size_t cap = 64, i;
	while (cap < need * 2)
		cap *= 2;
	if (ix && ix->cap >= need * 2)
		return NJ_OK;
	nj_index_free(ix);
	obj->index = NULL;
	ix = calloc(1, sizeof(*ix));
	if (!ix)
		return NJ_ENOMEM;
	ix->slots = calloc(cap, sizeof(*ix->slots));
	if (!ix->slots) {
		free(ix);
		return NJ_ENOMEM;
	}
	ix->cap = cap;
	for (i = 0; i < obj->len; i++)
		nj_index_insert(ix, obj->members[i]);
	obj->index = ix;
	return NJ_OK;
}

static nj_member **nj_find(const nj_value *obj, const char *key, size_t len)
{
	size_t i;
	if (!obj || obj->type != NJ_OBJECT)
		return NULL;
	if (obj->index) {
		nj_index *ix = obj->index;
		i = (size_t)nj_hash(key, len) & (ix->cap - 1);
		while (ix->slots[i]) {
			nj_member *m = ix->slots[i];
			if (m->key_len == len && memcmp(m->key, key, len) == 0) {
				size_t j;
				for (j = 0; j < obj->len; j++)
					if (obj->members[j] == m)
						return &obj->members[j];
			}
			i = (i + 1) & (ix->cap - 1);
		}
		return NULL;
	}
	for (i = 0; i < obj->len; i++) {
		nj_member *m = obj->members[i];
		if (m->key_len == len && memcmp(m->key, key, len) == 0)
			return &obj->members[i];
	}
	return NULL;
}

/* Looks a key up through the index without the positional scan. */
static nj_member *nj_find_member(const nj_value *obj, const char *key,
				 size_t len)
{
	size_t i;
	if (!obj || obj->type != NJ_OBJECT)
		return NULL;
	if (!obj->index) {
		nj_member **slot = nj_find(obj, key, len);
		return slot ? *slot : NULL;
	}
	i = (size_t)nj_hash(key, len) & (obj->index->cap - 1);
	while (obj->index->slots[i]) {
		nj_member *m = obj->index->slots[i];
		if (m->key_len == len && memcmp(m->key, key, len) == 0)
			return m;
		i = (i + 1) & (obj->index->cap - 1);
	}
	return NULL;
}

/* Position at which a new array-index key goes (binary search). */
static size_t nj_index_position(const nj_value *obj, unsigned long long n)
{
	size_t lo = 0, hi = obj->n_index_keys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const nj_member *m = obj->members[mid];
		if (nj_index_value(m->key, m->key_len) < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int nj_object_set(nj_value *obj, const char *key, size_t key_len, nj_value *v)
{
	nj_member *m = NULL;
	size_t pos;
	int is_index;

	if (!obj || !v || obj->type != NJ_OBJECT)
		goto fail;
	m = nj_find_member(obj, key, key_len);
	if (m) {
		nj_free(m->value);
		m->value = v;
		return NJ_OK;
	}
	if (nj_grow((void **)&obj->members, &obj->cap, obj->len + 1,
		    sizeof(*obj->members)) != NJ_OK)
		goto fail;
	if (obj->len + 1 > NJ_INDEX_MIN &&
	    nj_index_build(obj, obj->len + 1) != NJ_OK)
		goto fail;
	m = calloc(1, sizeof(*m));
	if (!m)
		goto fail;
	m->key = malloc(key_len + 1);
	if (!m->key)
		goto fail;
	memcpy(m->key, key, key_len);
	m->key[key_len] = '\0';
	m->key_len = key_len;
	m->value = v;
	is_index = nj_is_array_index(key, key_len);
	pos = is_index ? nj_index_position(obj, nj_index_value(key, key_len))
		       : obj->len;
	memmove(&obj->members[pos + 1], &obj->members[pos],
		(obj->len - pos) * sizeof(*obj->members));
	obj->members[pos] = m;
	obj->len++;
	if (is_index)
		obj->n_index_keys++;
	if (obj->index)
		nj_index_insert(obj->index, m);
	return NJ_OK;
fail:
	if (m)
		free(m->key);
	free(m);
	nj_free(v);
	return NJ_ENOMEM;
}

int nj_object_cset(nj_value *obj, const char *key, nj_value *v)
{
	return nj_object_set(obj, key, strlen(key), v);
}

nj_value *nj_object_getn(const nj_value *obj, const char *key, size_t len)
{
	nj_member *m = nj_find_member(obj, key, len);
	return m ? m->value : NULL;
}

nj_value *nj_object_get(const nj_value *obj, const char *key)
{
	return key ? nj_object_getn(obj, key, strlen(key)) : NULL;
}

int nj_object_remove(nj_value *obj, const char *key, size_t key_len)
{
	nj_member **slot = nj_find(obj, key, key_len);
	nj_member *m;
	size_t pos;
	if (!slot)
		return 0;
	m = *slot;
	pos = (size_t)(slot - obj->members);
	memmove(&obj->members[pos], &obj->members[pos + 1],
		(obj->len - pos - 1) * sizeof(*obj->members));
	obj->len--;
	if (pos < obj->n_index_keys)
		obj->n_index_keys--;
	nj_index_free(obj->index);
	obj->index = NULL;
	if (obj->len > NJ_INDEX_MIN)
		(void)nj_index_build(obj, obj->len); /* lookups fall back */
	free(m->key);
	nj_free(m->value);
	free(m);
	return 1;
}

/* v without its children: a scalar whole, a container empty. */
static nj_value *nj_copy_shallow(const nj_value *v)
{
	switch (v->type) {
	case NJ_NUMBER:
		return nj_number(v->num);
	case NJ_STRING:
		return nj_string(v->str, v->len);
	default:
		return nj_alloc(v->type);
	}
}

/* A container being copied: its copy, and the next child to copy. */
typedef struct {
	const nj_value *src;
	nj_value *dst;
	size_t next;
} nj_copy_frame;

/* Copies child f->next of f->src into f->dst, empty if it is a container;
 * *copy_out gets the copy. Returns NJ_OK or NJ_ENOMEM. */
static int nj_copy_child(nj_copy_frame *f, nj_value **copy_out)
{
	const nj_value *child = nj_child(f->src, f->next);
	const nj_member *m;
	nj_value *copy = child ? nj_copy_shallow(child) : NULL;
	*copy_out = copy;
	if (!copy)
		return NJ_ENOMEM;
	if (f->dst->type == NJ_ARRAY)
		return nj_array_push(f->dst, copy);
	m = f->src->members[f->next];
	return nj_object_set(f->dst, m->key, m->key_len, copy);
}

nj_value *nj_copy(const nj_value *v)
{
	nj_copy_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	nj_value *root;
	if (!v)
		return NULL;
	root = nj_copy_shallow(v);
	if (!root || !nj_is_container(v) || v->len == 0)
		return root;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (nj_copy_frame){v, root, 0};
	while ((f = nj_stack_top(&st))) {
		const nj_value *child;
		nj_value *copy;
		if (f->next == f->src->len) {
			nj_stack_pop(&st);
			continue;
		}
		child = nj_child(f->src, f->next);
		if (nj_copy_child(f, &copy) != NJ_OK)
			goto fail;
		f->next++;
		if (nj_is_container(child) && child->len > 0) {
			f = nj_stack_push(&st);
			if (!f)
				goto fail;
			*f = (nj_copy_frame){child, copy, 0};
		}
	}
	nj_stack_free(&st);
	return root;
fail:
	nj_stack_free(&st);
	nj_free(root);
	return NULL;
}

int nj_jsonb_member_cmp(const void *pa, const void *pb)
{
	const nj_member *a = *(nj_member *const *)pa;
	const nj_member *b = *(nj_member *const *)pb;
	int ia = nj_is_array_index(a->key, a->key_len);
	int ib = nj_is_array_index(b->key, b->key_len);
	size_t n;
	int c;
	if (ia != ib)
		return ia ? -1 : 1;
	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	n = a->key_len;
	c = memcmp(a->key, b->key, n);
	return c;
}

void nj_jsonb_order(nj_value *v)
{
	nj_value *todo = NULL;
	size_t i;
	if (!nj_is_container(v))
		return;
	nj_todo_push(&todo, v);
	while (todo) {
		nj_value *c = nj_todo_pop(&todo);
		for (i = 0; i < c->len; i++)
			if (nj_is_container(nj_child(c, i)))
				nj_todo_push(&todo, nj_child(c, i));
		if (c->type == NJ_OBJECT && c->len > 1)
			qsort(c->members, c->len, sizeof(*c->members),
			      nj_jsonb_member_cmp);
	}
}

/* Compares a and b short of their children: 0 when they differ, 1 when
 * they are equal, 2 when they are containers of one type and length whose
 * children are still to compare. */
static int nj_equal_head(const nj_value *a, const nj_value *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case NJ_NUMBER:
		return a->num == b->num;
	case NJ_STRING:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case NJ_ARRAY:
	case NJ_OBJECT:
		if (a->len != b->len)
			return 0;
		return a->len ? 2 : 1;
	default:
		return 1;
	}
}

/* Two containers being compared, and the next child of a to compare. */
typedef struct {
	const nj_value *a, *b;
	size_t next;
} nj_equal_frame;

int nj_equal(const nj_value *a, const nj_value *b)
{
	nj_equal_frame local[NJ_STACK_LOCAL], *f;
	nj_stack st;
	int same = nj_equal_head(a, b);
	if (same != 2)
		return same;
	nj_stack_init(&st, local, NJ_STACK_LOCAL, sizeof(*local));
	f = nj_stack_push(&st);
	*f = (nj_equal_frame){a, b, 0};
	while (same && (f = nj_stack_top(&st))) {
		const nj_value *ca, *cb;
		if (f->next == f->a->len) {
			nj_stack_pop(&st);
			continue;
		}
		ca = nj_child(f->a, f->next);
		if (f->a->type == NJ_ARRAY) {
			cb = f->b->items[f->next];
		} else {
			const nj_member *m = f->a->members[f->next];
			cb = nj_object_getn(f->b, m->key, m->key_len);
		}
		f->next++;
		same = nj_equal_head(ca, cb);
		if (same == 2) {
			f = nj_stack_push(&st);
			if (f)
				*f = (nj_equal_frame){ca, cb, 0};
			else
				same = 0; /* no memory to look further */
		}
	}
	nj_stack_free(&st);
	return same != 0;
}

const char *nj_get_string(const nj_value *obj, const char *key)
{
	const nj_value *v = nj_object_get(obj, key);
	return v && v->type == NJ_STRING ? v->str : NULL;
}

int nj_truthy(const nj_value *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case NJ_NULL:
	case NJ_FALSE:
		return 0;
	case NJ_NUMBER:
		return v->num == v->num && v->num != 0;
	case NJ_STRING:
		return v->len > 0;
	default:
		return 1;
	}
}
