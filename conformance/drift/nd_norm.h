/*
 * nd_norm: cancels the noise in one side's answers, as Twitter's Diffy
 * does: what a server is free to choose is replaced by a placeholder that
 * still says how the value relates to the others, so the placeholders of
 * two servers compare equal exactly when the servers behaved alike.
 *
 * One normaliser per side and episode. Its placeholders, written between
 * ND_PH_OPEN and ND_PH_CLOSE in the normalised text:
 *   id:N        the Nth distinct number in an "id" field (a Postgres serial)
 *   uuid:N      the Nth distinct UUID the client did not send
 *   ts:C:D:Z    a timestamp: C the request of this episode whose time it is
 *               ("r2"; "r2+3600s" when it is that time plus whole seconds,
 *               as an expiry computed from expires_in), so two timestamps
 *               are in the same class when they were made by the same
 *               request; D its fraction digits ("z" added when the
 *               fraction ends in 0); Z its zone text ("Z", "+00:00")
 *   base        the server's own public URL
 *   secret      the side's secret key
 * Timestamps and UUIDs whose text the client sent stay as they are, and so
 * do timestamps more than two days before the episode or a year after it.
 */
#ifndef ND_NORM_H
#define ND_NORM_H

#include <stddef.h>

#define ND_PH_OPEN '\x01'
#define ND_PH_CLOSE '\x02'

typedef struct nd_norm nd_norm;

/* secret: the side's key; public_urls: NULL-terminated (may be NULL). */
int nd_norm_new(nd_norm **out, const char *secret,
		const char *const *public_urls);
void nd_norm_free(nd_norm *n);

/* Remembers bytes the client sent on this side (path, headers, body). */
void nd_norm_sent(nd_norm *n, const char *text, size_t len);
/* Records the time window of this side's next request: sent at t0, its
 * answer complete at t1 (Unix seconds). Requests are numbered from 0. */
int nd_norm_window(nd_norm *n, double t0, double t1);

/* What the normaliser was told (for recording answer pairs): the
 * windows so far (count in *n) and the bytes sent so far. */
void nd_norm_windows(const nd_norm *n, const double **t0, const double **t1,
		     size_t *count);
const char *nd_norm_sent_text(const nd_norm *n, size_t *len);

/* The normalised copy of text (malloc'd, NUL-terminated), or NULL. */
char *nd_norm_text(nd_norm *n, const char *text, size_t len, size_t *out_len);

/* The copy with placeholders made printable as <<...>> (malloc'd). */
char *nd_norm_printable(const char *norm, size_t len);

/*
 * Are two timestamp placeholders (their contents, between the markers)
 * the same? Class and zone must be equal; the fraction digits too, unless
 * neither fraction ends in 0: a server that drops trailing zeros writes
 * .48 for .480, .123 for .123000 and nothing for .000, so two such
 * fractions of different lengths may be the same shape. A fixed-width
 * fraction (one ending in 0) only matches its own length. (So a writer
 * that drops zeros at millisecond precision is not told from one that
 * drops them at microseconds: one sample cannot tell them apart.)
 */
int nd_norm_ts_equal(const char *a, size_t an, const char *b, size_t bn);

#endif
