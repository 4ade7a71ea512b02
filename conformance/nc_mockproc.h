/*
 * nc_mockproc.h: a nango-mock child process on a free port, for the tools
 * under conformance/ that start their own (the suite run without a target,
 * nango-client-check). It dies with its parent.
 */
#ifndef NC_MOCKPROC_H
#define NC_MOCKPROC_H

#include <stddef.h>

typedef struct {
	int pid;             /* 0: not running */
	char base_url[256];  /* http://127.0.0.1:<port> */
	char secret_key[80]; /* the first key it announces */
	char log_path[64];   /* its stdout and stderr */
} nc_mockproc;

/*
 * Starts `mock_path --port 0 [extra...]` (extra NULL-terminated, may be
 * NULL) and waits up to 15 s for its port and key. Returns 0 with m filled,
 * or -1 with the reason (the log's last line) in err and nothing running.
 */
int nc_mockproc_start(nc_mockproc *m, const char *mock_path,
		      const char *const *extra, char *err, size_t errlen);
/*
 * The last non-empty line of a log file into out ("" if none); with
 * prefer_error, the first line that names an error, if one does.
 */
void nc_log_line(const char *path, int prefer_error, char *out, size_t n);
/* Stops it (SIGTERM, then waits) and removes its log. Accepts a stopped m. */
void nc_mockproc_stop(nc_mockproc *m);

#endif
