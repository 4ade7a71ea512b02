/* nm_util.c: small helpers shared by the handlers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nm_handlers.h"

int nm_holds_nul(const nj_value *v)
{
	size_t i;
	if (!v)
		return 0;
	if (v->type == NJ_STRING)
		return memchr(v->str, '\0', v->len) != NULL;
	for (i = 0; v->type == NJ_ARRAY && i < v->len; i++)
		if (nm_holds_nul(v->items[i]))
			return 1;
	for (i = 0; v->type == NJ_OBJECT && i < v->len; i++)
		if (memchr(v->members[i]->key, '\0', v->members[i]->key_len) ||
		    nm_holds_nul(v->members[i]->value))
			return 1;
	return 0;
}

size_t nm_json_depth(const char *s, size_t n)
{
	size_t i, depth = 0, deepest = 0, openers = 0, most_openers = 0;
	int in_string = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			else if ((c == '[' || c == '{') && ++openers > most_openers)
				most_openers = openers;
		} else if (c == '"') {
			in_string = 1;
			openers = 0;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return deepest + most_openers;
}

char *nm_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *nm_strdup_lower(const char *s, size_t n)
{
	char *d = nm_strndup(s, n);
	size_t i;
	for (i = 0; d && i < n; i++)
		if ((unsigned char)d[i] < 0x80)
			d[i] = (char)tolower((unsigned char)d[i]);
	return d;
}

int64_t nm_req_now(const nm_req *r)
{
	return nm_store_now(r->srv->cfg.store, r->env);
}
