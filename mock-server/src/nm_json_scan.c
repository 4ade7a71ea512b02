/*
 * nm_json_scan.c: what the pipeline and the handlers learn from JSON
 * without building or walking it twice: how deep text nests, and whether
 * a value holds a NUL byte (nm_json_scan.h).
 */
#include <string.h>

#include "nm_json_scan.h"

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
