/* nm_persist.c: the state file (see nm_persist.h). */
#include "nm_persist.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nm_fixtures.h"

struct nm_persist {
	nm_server *s;
	char *path;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int dirty, stop, failing;
};

/* The distinct environments that have a key, in key order. */
static size_t nm_envs(const nm_server *s, int *envs)
{
	size_t i, k, n = 0;
	for (i = 0; i < s->cfg.n_keys; i++) {
		for (k = 0; k < n && envs[k] != s->cfg.keys[i].env; k++)
			;
		if (k == n)
			envs[n++] = s->cfg.keys[i].env;
	}
	return n;
}

/* Writes all of buf to fd; 0 or -1. */
static int nm_write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync of the folder that holds path, so the rename itself is durable. */
static void nm_sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd;
	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* The state of every configured environment as one document. */
static int nm_state_text(nm_server *s, nj_buf *out)
{
	int *envs = calloc(s->cfg.n_keys + 1, sizeof(int));
	nm_dump *dumps = calloc(s->cfg.n_keys + 1, sizeof(nm_dump));
	const char **names = calloc(s->cfg.n_keys + 1, sizeof(char *));
	size_t n = 0, i;
	int rc = -1;
	nj_writer w;
	if (!envs || !dumps || !names)
		goto done;
	n = nm_envs(s, envs);
	for (i = 0; i < n; i++) {
		names[i] = nm_store_env_name(s->cfg.store, envs[i]);
		if (nm_store_export(&dumps[i], s->cfg.store, envs[i]))
			goto done;
	}
	nj_w_init(&w);
	nm_fixtures_write(&w, dumps, names, n);
	nj_buf_putc(&w.buf, '\n');
	*out = w.buf;
	rc = out->oom ? -1 : 0;
done:
	for (i = 0; dumps && i < n; i++)
		nm_dump_clear(&dumps[i]);
	free(dumps);
	free(envs);
	free(names);
	return rc;
}

int nm_persist_save(nm_server *s, const char *path)
{
	nj_buf text = NJ_BUF_INIT;
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	int fd = -1, rc = -1, saved;
	if (!tmp || nm_state_text(s, &text))
		goto done;
	snprintf(tmp, n, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || nm_write_all(fd, text.ptr, text.len) || fsync(fd))
		goto done;
	if (close(fd)) {
		fd = -1;
		goto done;
	}
	fd = -1;
	if (rename(tmp, path))
		goto done;
	nm_sync_dir(path);
	rc = 0;
done:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (rc && tmp)
		unlink(tmp);
	free(tmp);
	nj_buf_free(&text);
	errno = saved;
	return rc;
}

/* The store's change hook (store lock held): wake the saving thread. */
static void nm_persist_changed(void *ctx)
{
	nm_persist *p = ctx;
	pthread_mutex_lock(&p->lock);
	p->dirty = 1;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

static void nm_persist_once(nm_persist *p)
{
	if (nm_persist_save(p->s, p->path) == 0) {
		if (p->failing)
			fprintf(stderr, "nango-mock: %s saved again\n", p->path);
		p->failing = 0;
	} else if (!p->failing) {
		p->failing = 1;
		fprintf(stderr, "nango-mock: cannot save %s: %s\n", p->path,
			strerror(errno));
	}
}

/* Waits for a change, lets the debounce window pass, saves; until stop. */
static void *nm_persist_main(void *arg)
{
	nm_persist *p = arg;
	struct timespec ts = {0, NM_PERSIST_DEBOUNCE_MS * 1000000L};
	int stop;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->dirty && !p->stop)
			pthread_cond_wait(&p->cond, &p->lock);
		stop = p->stop;
		pthread_mutex_unlock(&p->lock);
		if (!stop)
			nanosleep(&ts, NULL);
		pthread_mutex_lock(&p->lock);
		stop = p->stop && !p->dirty;
		p->dirty = 0;
		pthread_mutex_unlock(&p->lock);
		if (stop)
			break;
		nm_persist_once(p);
	}
	return NULL;
}

/* Reads the file into the store: every configured environment replaced. */
static int nm_persist_load(nm_server *s, const char *path, char *err,
			   size_t errlen)
{
	nm_fixtures_opts o = {0, -1, 0};
	nm_problems probs;
	nm_fixset set;
	nm_dump empty;
	size_t i, k;
	int rc;
	o.default_env = s->cfg.keys[0].env;
	if (nm_fixtures_load_file(&set, s, path, &o, err, errlen))
		return -1;
	memset(&probs, 0, sizeof(probs));
	memset(&empty, 0, sizeof(empty));
	rc = nm_fixtures_apply(s, &set, &o, 0, &probs);
	for (i = 0; rc == 0 && i < s->cfg.n_keys; i++) {
		for (k = 0; k < set.n && set.envs[k] != s->cfg.keys[i].env; k++)
			;
		if (k == set.n && nm_store_import(s->cfg.store,
						  s->cfg.keys[i].env, &empty, 0,
						  NULL))
			rc = -1;
	}
	if (rc)
		snprintf(err, errlen, "%s: %s: %s", path,
			 probs.n ? probs.paths[0] : "(top level)",
			 probs.n ? probs.messages[0] : "out of memory");
	nm_problems_free(&probs);
	nm_fixset_free(&set);
	return rc;
}

int nm_persist_start(nm_persist **out, nm_server *s, const char *path,
		     char *err, size_t errlen)
{
	nm_persist *p;
	*out = NULL;
	if (access(path, F_OK) == 0) {
		if (nm_persist_load(s, path, err, errlen))
			return -1;
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "cannot use %s: %s", path,
			 strerror(errno));
		return -1;
	} else if (nm_persist_save(s, path)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	p = calloc(1, sizeof(*p));
	if (!p || !(p->path = strdup(path))) {
		free(p);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->s = s;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, nm_persist_main, p)) {
		snprintf(err, errlen, "cannot start the saving thread");
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->cond);
		free(p->path);
		free(p);
		return -1;
	}
	nm_store_on_change(s->cfg.store, nm_persist_changed, p);
	*out = p;
	return 0;
}

void nm_persist_stop(nm_persist *p)
{
	if (!p)
		return;
	nm_store_on_change(p->s->cfg.store, NULL, NULL);
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->path);
	free(p);
}
