/*
 * fuzz_seed: writes the seed corpora from the JSON files in fixtures/cases:
 *   fuzz_seed CASES_DIR OUT_DIR
 * OUT_DIR/json: request bodies; OUT_DIR/url: paths and query strings;
 * OUT_DIR/request: whole requests in fuzz_request's format (secret filled
 * in); OUT_DIR/like: search values as patterns over the case's path.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nj.h"

#define SEED_KEY "5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void write_seed(const char *dir, const char *kind, int n,
		       const char *data, size_t len)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s/seed-%04d", dir, kind, n);
	f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(data, 1, len, f);
	fclose(f);
}

/* Appends s with every {{SECRET}} replaced by the seed key. */
static void put_filled(nj_buf *b, const char *s)
{
	const char *p;
	while ((p = strstr(s, "{{SECRET}}")) != NULL) {
		nj_buf_put(b, s, (size_t)(p - s));
		nj_buf_puts(b, SEED_KEY);
		s = p + 10;
	}
	nj_buf_puts(b, s);
}

static void seed_case(const char *out, int n, const nj_value *c)
{
	const nj_value *req = nj_object_get(c, "request");
	const nj_value *hdrs = nj_object_get(req, "headers");
	const char *method = nj_get_string(req, "method");
	const char *path = nj_get_string(req, "path");
	const char *body = nj_get_string(req, "body");
	const char *q;
	nj_buf b = NJ_BUF_INIT;
	size_t i;

	if (!method || !path)
		return;
	if (body)
		write_seed(out, "json", n, body, strlen(body));
	q = strchr(path, '?');
	write_seed(out, "url", 2 * n, path, q ? (size_t)(q - path) : strlen(path));
	if (q)
		write_seed(out, "url", 2 * n + 1, q + 1, strlen(q + 1));
	/* like: flags byte, a pattern from the path, 0xFF, the path */
	nj_buf_putc(&b, (char)(n & 1));
	nj_buf_put(&b, path, strlen(path) < 20 ? strlen(path) : 20);
	nj_buf_putc(&b, (char)0xFF);
	nj_buf_puts(&b, path);
	write_seed(out, "like", n, b.ptr, b.len);
	nj_buf_free(&b);
	nj_buf_puts(&b, method);
	nj_buf_putc(&b, ' ');
	nj_buf_puts(&b, path);
	nj_buf_putc(&b, '\n');
	for (i = 0; hdrs && hdrs->type == NJ_ARRAY && i < hdrs->len; i++) {
		if (hdrs->items[i]->type != NJ_STRING)
			continue;
		put_filled(&b, hdrs->items[i]->str);
		nj_buf_putc(&b, '\n');
	}
	if (body) {
		char cl[48];
		snprintf(cl, sizeof(cl), "Content-Length: %zu\n", strlen(body));
		nj_buf_puts(&b, cl);
	}
	nj_buf_putc(&b, '\n');
	if (body)
		put_filled(&b, body);
	if (!b.oom)
		write_seed(out, "request", n, b.ptr, b.len);
	nj_buf_free(&b);
}

int main(int argc, char **argv)
{
	static const char *const kinds[] = {"json", "url", "request", "like"};
	DIR *d;
	struct dirent *e;
	int n = 0;
	size_t k;
	char path[4096];

	if (argc != 3 || !(d = opendir(argv[1]))) {
		fprintf(stderr, "usage: fuzz_seed CASES_DIR OUT_DIR\n");
		return 2;
	}
	mkdir(argv[2], 0755);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], kinds[k]);
		mkdir(path, 0755);
	}
	while ((e = readdir(d)) != NULL) {
		size_t len;
		char *text;
		nj_value *c = NULL;
		if (!strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		text = read_all(path, &len);
		if (text && nj_parse(&c, text, len, NULL) == NJ_OK)
			seed_case(argv[2], n++, c);
		nj_free(c);
		free(text);
	}
	closedir(d);
	printf("seeded %d cases into %s\n", n, argv[2]);
	return n > 0 ? 0 : 1;
}
