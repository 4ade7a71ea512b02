/* nd_record.c: answer pairs as JSON fixtures (see nd_record.h). */
#include "nd_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes s (n bytes) as a JSON string with key replaced by stand_in. */
static void nd_masked(nj_writer *w, const char *s, size_t n, const char *key,
		      const char *stand_in)
{
	nj_buf b = NJ_BUF_INIT;
	size_t i = 0, kl = strlen(key);
	while (i < n) {
		if (kl && n - i >= kl && !memcmp(s + i, key, kl)) {
			nj_buf_puts(&b, stand_in);
			i += kl;
		} else {
			nj_buf_putc(&b, s[i++]);
		}
	}
	nj_w_strn(w, b.ptr ? b.ptr : "", b.len);
	nj_buf_free(&b);
}

static void nd_record_side(nj_writer *w, const nd_side *s, const nd_answer *a,
			   const nd_norm *n, const char *stand_in)
{
	const char *const *urls = nd_side_public_urls(s);
	const char *key = nd_side_key(s);
	const double *t0, *t1;
	size_t k, count, sent_len;
	const char *sent = nd_norm_sent_text(n, &sent_len);
	nj_w_obj(w);
	nj_w_key(w, "secret");
	nj_w_str(w, stand_in);
	nj_w_key(w, "public");
	nj_w_arr(w);
	for (k = 0; urls[k]; k++)
		nj_w_str(w, urls[k]);
	nj_w_end_arr(w);
	nj_w_key(w, "windows");
	nj_w_arr(w);
	nd_norm_windows(n, &t0, &t1, &count);
	for (k = 0; k < count; k++) {
		nj_w_arr(w);
		nj_w_num(w, t0[k]);
		nj_w_num(w, t1[k]);
		nj_w_end_arr(w);
	}
	nj_w_end_arr(w);
	nj_w_key(w, "sent");
	nd_masked(w, sent, sent_len, key, stand_in);
	nj_w_key(w, "status");
	nj_w_int(w, a->status);
	nj_w_key(w, "reason");
	nj_w_str(w, a->reason);
	nj_w_key(w, "headers");
	nd_masked(w, a->headers, strlen(a->headers), key, stand_in);
	nj_w_key(w, "body");
	nd_masked(w, a->body, a->body_len, key, stand_in);
	nj_w_end_obj(w);
}

int nd_record_pair(const char *dir, const char *episode, size_t i,
		   const char *method, const nd_side *sa, const nd_side *sb,
		   const nd_answer *a, const nd_answer *b, const nd_norm *na,
		   const nd_norm *nb, const nd_diff *d)
{
	char path[1024], name[200];
	size_t k;
	nj_writer w;
	FILE *f;
	int rc;
	snprintf(name, sizeof(name), "%s", episode);
	for (k = 0; name[k]; k++)
		if (!((name[k] >= 'a' && name[k] <= 'z') ||
		      (name[k] >= '0' && name[k] <= '9') || name[k] == '-'))
			name[k] = '_';
	snprintf(path, sizeof(path), "%s/%s-%zu.json", dir, name, i);
	nj_w_init(&w);
	nj_w_obj(&w);
	nj_w_key(&w, "what");
	nj_w_str(&w, "");
	nj_w_key(&w, "method");
	nj_w_str(&w, method);
	nj_w_key(&w, "a");
	nd_record_side(&w, sa, a, na, ND_RECORD_KEY_A);
	nj_w_key(&w, "b");
	nd_record_side(&w, sb, b, nb, ND_RECORD_KEY_B);
	nj_w_key(&w, "expect");
	nj_w_obj(&w);
	nj_w_key(&w, "differs");
	nj_w_bool(&w, d->differs);
	nj_w_key(&w, "cause");
	nj_w_str(&w, d->differs ? d->cause : "");
	nj_w_end_obj(&w);
	nj_w_end_obj(&w);
	f = fopen(path, "w");
	if (!f) {
		nj_buf_free(&w.buf);
		return -1;
	}
	fwrite(w.buf.ptr, 1, w.buf.len, f);
	fputc('\n', f);
	rc = fclose(f) ? -1 : 0;
	nj_buf_free(&w.buf);
	return rc;
}
