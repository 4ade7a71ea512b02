/* nm_clock.c: per-environment clocks (see nm_clock.h). */
#include "nm_clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
	int frozen;
	int64_t frozen_at; /* with frozen */
	int64_t offset;    /* without frozen: added to the real time */
} nm_env_clock;

struct nm_clock {
	pthread_mutex_t lock;
	nm_env_clock *envs;
	size_t n_envs;
	atomic_int moved; /* set once any clock is frozen or moved: until
			     then every clock reads the real time, unlocked */
};

int64_t nm_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

nm_clock *nm_clock_new(void)
{
	nm_clock *c = calloc(1, sizeof(*c));
	if (c) {
		pthread_mutex_init(&c->lock, NULL);
		atomic_init(&c->moved, 0);
	}
	return c;
}

void nm_clock_free(nm_clock *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c->envs);
	free(c);
}

/* The slot of env, grown on demand; NULL on OOM or a bad env. Locked. */
static nm_env_clock *nm_slot_of(nm_clock *c, int env)
{
	nm_env_clock *n;
	if (env < 0)
		return NULL;
	if ((size_t)env < c->n_envs)
		return &c->envs[env];
	n = realloc(c->envs, ((size_t)env + 1) * sizeof(*n));
	if (!n)
		return NULL;
	memset(n + c->n_envs, 0, ((size_t)env + 1 - c->n_envs) * sizeof(*n));
	c->envs = n;
	c->n_envs = (size_t)env + 1;
	return &c->envs[env];
}

static int64_t nm_read(const nm_env_clock *e, int64_t real)
{
	if (!e)
		return real;
	return e->frozen ? e->frozen_at : real + e->offset;
}

int64_t nm_clock_now(nm_clock *c, int env)
{
	int64_t real = nm_now_us(), t;
	if (!c || env < 0 || !atomic_load(&c->moved))
		return real;
	pthread_mutex_lock(&c->lock);
	t = nm_read((size_t)env < c->n_envs ? &c->envs[env] : NULL, real);
	pthread_mutex_unlock(&c->lock);
	return t;
}

int64_t nm_clock_store_now(void *ctx, int env)
{
	return nm_clock_now(ctx, env);
}

int nm_clock_freeze(nm_clock *c, int env, int64_t at_us)
{
	nm_env_clock *e;
	pthread_mutex_lock(&c->lock);
	e = nm_slot_of(c, env);
	if (e) {
		e->frozen = 1;
		e->frozen_at = at_us;
		e->offset = at_us - nm_now_us();
		atomic_store(&c->moved, 1);
	}
	pthread_mutex_unlock(&c->lock);
	return e ? 0 : -1;
}

int nm_clock_advance(nm_clock *c, int env, int64_t by_us)
{
	nm_env_clock *e;
	pthread_mutex_lock(&c->lock);
	e = nm_slot_of(c, env);
	if (e) {
		e->frozen_at += by_us;
		e->offset += by_us;
		atomic_store(&c->moved, 1);
	}
	pthread_mutex_unlock(&c->lock);
	return e ? 0 : -1;
}

void nm_clock_release(nm_clock *c, int env)
{
	pthread_mutex_lock(&c->lock);
	if (env >= 0 && (size_t)env < c->n_envs)
		memset(&c->envs[env], 0, sizeof(c->envs[env]));
	pthread_mutex_unlock(&c->lock);
}

void nm_clock_state(nm_clock_info *out, nm_clock *c, int env)
{
	int64_t real = nm_now_us();
	const nm_env_clock *e;
	if (!c || !atomic_load(&c->moved)) {
		out->frozen = 0;
		out->now_us = real;
		out->offset_us = 0;
		return;
	}
	pthread_mutex_lock(&c->lock);
	e = env >= 0 && (size_t)env < c->n_envs ? &c->envs[env] : NULL;
	out->frozen = e ? e->frozen : 0;
	out->now_us = nm_read(e, real);
	out->offset_us = out->now_us - real;
	pthread_mutex_unlock(&c->lock);
}
