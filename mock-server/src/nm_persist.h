/*
 * nm_persist: --state-file. The state is read from the file at start (if
 * it exists) and written back after every change, at most NM_PERSIST_
 * DEBOUNCE_MS behind, and at shutdown. Each save writes a temporary file
 * beside it, fsyncs it, renames it over the old one and fsyncs the folder,
 * so the file is always a whole state: after kill -9 only the changes of
 * the last debounce window (plus one save) are lost.
 */
#ifndef NM_PERSIST_H
#define NM_PERSIST_H

#include <stddef.h>

#include "nm_server.h"

#define NM_PERSIST_DEBOUNCE_MS 50

typedef struct nm_persist nm_persist;

/*
 * Loads path into the store when it exists (every configured environment
 * is replaced: one the file does not name becomes empty), then starts the
 * saving thread. A file that cannot be read or is not a valid state stops
 * here with the reason in err; it is never written over.
 */
int nm_persist_start(nm_persist **out, nm_server *s, const char *path,
		     char *err, size_t errlen);
/* Saves what is not saved yet and stops the thread; accepts NULL. */
void nm_persist_stop(nm_persist *p);

/* Writes the whole state to path atomically; 0 or -1 (errno kept). */
int nm_persist_save(nm_server *s, const char *path);

#endif
