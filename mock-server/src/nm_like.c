/*
 * nm_like.c: see nm_like.h.
 *
 * The pattern becomes m atoms (a literal byte or '_'), each with a flag
 * saying whether a '%' stood right before it. State bit i means "atoms
 * 0..i match a text that ends at the current byte". A '%' after atom i makes
 * bit i sticky: once reached, atom i+1 may start at any later byte.
 */
#include "nm_like.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NM_W 64

struct nm_like {
	size_t m;           /* atoms */
	size_t words;       /* ceil(m / 64), at least 1 */
	int fold;
	int lead_star;      /* pattern starts with '%' */
	int trail_star;     /* pattern ends with '%' */
	uint64_t *sticky;   /* atoms followed by '%' */
	uint64_t *any;      /* '_' atoms */
	uint64_t *table;    /* 256 rows of `words`: literal atoms per byte */
};

static void nm_bit_set(uint64_t *v, size_t i)
{
	v[i / NM_W] |= (uint64_t)1 << (i % NM_W);
}

static int nm_bit_get(const uint64_t *v, size_t i)
{
	return (int)((v[i / NM_W] >> (i % NM_W)) & 1);
}

/* Records atom i: any byte ('_') or the literal c (both cases if folding). */
static void nm_like_atom(nm_like *p, size_t i, int any, unsigned char c)
{
	if (any) {
		nm_bit_set(p->any, i);
		return;
	}
	nm_bit_set(p->table + (size_t)c * p->words, i);
	if (p->fold && c >= 'a' && c <= 'z')
		nm_bit_set(p->table + (size_t)(c - 32) * p->words, i);
	else if (p->fold && c >= 'A' && c <= 'Z')
		nm_bit_set(p->table + (size_t)(c + 32) * p->words, i);
}

int nm_like_compile(nm_like **out, const char *pattern, size_t len,
		    int fold_case)
{
	nm_like *p = calloc(1, sizeof(*p));
	size_t i, m = 0;

	*out = NULL;
	if (!p)
		return -1;
	p->fold = fold_case;
	p->words = len / NM_W + 1; /* atoms never outnumber pattern bytes */
	p->sticky = calloc(p->words, sizeof(uint64_t));
	p->any = calloc(p->words, sizeof(uint64_t));
	p->table = calloc(p->words * 256, sizeof(uint64_t));
	if (!p->sticky || !p->any || !p->table) {
		nm_like_free(p);
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pattern[i];
		if (c == '%') {
			if (m == 0)
				p->lead_star = 1;
			else
				nm_bit_set(p->sticky, m - 1);
			continue;
		}
		if (c == '\\' && i + 1 < len)
			c = (unsigned char)pattern[++i];
		else if (c == '_') {
			nm_like_atom(p, m++, 1, 0);
			continue;
		}
		nm_like_atom(p, m++, 0, c);
	}
	p->m = m;
	if (m > 0)
		p->trail_star = nm_bit_get(p->sticky, m - 1);
	else
		p->trail_star = p->lead_star;
	*out = p;
	return 0;
}

int nm_like_match(const nm_like *p, const char *s, size_t n)
{
	uint64_t stack[2 * 8], *d, *live;
	size_t i, w, words = p->words;
	int hit;

	if (p->m == 0)
		return p->lead_star || n == 0;
	d = words <= 8 ? stack : calloc(2 * words, sizeof(uint64_t));
	if (!d)
		return 0;
	memset(d, 0, 2 * words * sizeof(uint64_t));
	live = d + words; /* d | sticky-and-reached: what may be extended */
	for (i = 0; i < n; i++) {
		const uint64_t *row = p->table +
			(size_t)(unsigned char)s[i] * words;
		uint64_t carry = i == 0 || p->lead_star; /* atom 0 may start */
		for (w = 0; w < words; w++) {
			uint64_t next = (live[w] << 1) | carry;
			carry = live[w] >> (NM_W - 1);
			d[w] = next & (row[w] | p->any[w]);
		}
		for (w = 0; w < words; w++)
			live[w] = d[w] | (live[w] & p->sticky[w]);
	}
	hit = nm_bit_get(p->trail_star ? live : d, p->m - 1);
	if (d != stack)
		free(d);
	return hit;
}

void nm_like_free(nm_like *p)
{
	if (!p)
		return;
	free(p->sticky);
	free(p->any);
	free(p->table);
	free(p);
}
