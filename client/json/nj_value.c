/* nj_value.c: JSON value trees with JavaScript object semantics. */
#include "nj.h"
#include "nj_int.h"

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

void nj_free(nj_value *v)
{
	size_t i;
	if (!v)
		return;
	switch (v->type) {
	case NJ_STRING:
		free(v->str);
		break;
	case NJ_ARRAY:
		for (i = 0; i < v->len; i++)
			nj_free(v->items[i]);
		free(v->items);
		break;
	case NJ_OBJECT:
		for (i = 0; i < v->len; i++) {
			free(v->members[i]->key);
			nj_free(v->members[i]->value);
			free(v->members[i]);
		}
		free(v->members);
		nj_index_free(v->index);
		break;
	default:
		break;
	}
	free(v);
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

nj_value *nj_copy(const nj_value *v)
{
	nj_value *c;
	size_t i;
	if (!v)
		return NULL;
	switch (v->type) {
	case NJ_NUMBER:
		return nj_number(v->num);
	case NJ_STRING:
		return nj_string(v->str, v->len);
	case NJ_ARRAY:
		c = nj_array();
		for (i = 0; c && i < v->len; i++) {
			nj_value *item = nj_copy(v->items[i]);
			if (!item || nj_array_push(c, item) != NJ_OK) {
				nj_free(c);
				return NULL;
			}
		}
		return c;
	case NJ_OBJECT:
		c = nj_object();
		for (i = 0; c && i < v->len; i++) {
			const nj_member *m = v->members[i];
			nj_value *item = nj_copy(m->value);
			if (!item || nj_object_set(c, m->key, m->key_len, item)) {
				nj_free(c);
				return NULL;
			}
		}
		return c;
	default:
		return nj_alloc(v->type);
	}
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
	size_t i;
	if (!v)
		return;
	if (v->type == NJ_ARRAY) {
		for (i = 0; i < v->len; i++)
			nj_jsonb_order(v->items[i]);
	} else if (v->type == NJ_OBJECT) {
		for (i = 0; i < v->len; i++)
			nj_jsonb_order(v->members[i]->value);
		if (v->len > 1)
			qsort(v->members, v->len, sizeof(*v->members),
			      nj_jsonb_member_cmp);
	}
}

int nj_equal(const nj_value *a, const nj_value *b)
{
	size_t i;
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
		if (a->len != b->len)
			return 0;
		for (i = 0; i < a->len; i++)
			if (!nj_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case NJ_OBJECT:
		if (a->len != b->len)
			return 0;
		for (i = 0; i < a->len; i++) {
			const nj_member *m = a->members[i];
			if (!nj_equal(m->value,
				      nj_object_getn(b, m->key, m->key_len)))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
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
