/* nm_pool.c: see nm_pool.h. One mutex, one queue, one condition per job. */
#include "nm_pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct nm_job {
	void (*fn)(void *);
	void *arg;
	int done;
	pthread_cond_t done_cv;
	struct nm_job *next;
} nm_job;

struct nm_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	nm_job *head, *tail;
	int stop;
	int open;
	pthread_t *threads;
	int n;
};

static void *nm_pool_main(void *arg)
{
	nm_pool *p = arg;
	nm_job *j;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while ((!p->head || !p->open) && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->head)
			break;
		j = p->head;
		p->head = j->next;
		if (!p->head)
			p->tail = NULL;
		pthread_mutex_unlock(&p->mu);
		j->fn(j->arg);
		pthread_mutex_lock(&p->mu);
		j->done = 1;
		pthread_cond_signal(&j->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int nm_pool_new(nm_pool **out, int n, size_t stack_size)
{
	nm_pool *p = calloc(1, sizeof(*p));
	pthread_attr_t attr;
	int ok = p && pthread_attr_init(&attr) == 0;
	*out = NULL;
	if (!ok) {
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->threads = calloc((size_t)n, sizeof(*p->threads));
	ok = p->threads && pthread_attr_setstacksize(&attr, stack_size) == 0;
	for (; ok && p->n < n; p->n++)
		ok = pthread_create(&p->threads[p->n], &attr, nm_pool_main, p) == 0;
	if (!ok && p->n > 0)
		p->n--; /* the last create failed */
	pthread_attr_destroy(&attr);
	if (!ok) {
		nm_pool_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

void nm_pool_open(nm_pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->open = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

int nm_pool_run(nm_pool *p, void (*fn)(void *), void *arg)
{
	nm_job j = {fn, arg, 0, PTHREAD_COND_INITIALIZER, NULL};
	pthread_mutex_lock(&p->mu);
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		return -1;
	}
	if (p->tail)
		p->tail->next = &j;
	else
		p->head = &j;
	p->tail = &j;
	pthread_cond_signal(&p->cv);
	while (!j.done)
		pthread_cond_wait(&j.done_cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	pthread_cond_destroy(&j.done_cv);
	return 0;
}

void nm_pool_free(nm_pool *p)
{
	int i;
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
