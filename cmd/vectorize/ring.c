/* ring.c - vectorize --fit: the rows formatted in blocks on threads,
 * written in order as each block and those before it are done. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include "vectorize.h"

/* Threads formatting blocks into a ring of slots, block k into slot
 * k % nslot once the caller has written what was there. */
struct ring {
	struct vopts *op;
	size_t block;           /* documents a block */
	void (*fmt)(struct state *st, size_t i, size_t e);
	size_t ndocs, next;     /* the next block to take */
	size_t nslot;
	txf_buf *buf;
	size_t *ready;          /* slot s holds block ready[s] - 1; 0: none */
	size_t written;         /* blocks written */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
ring_worker(void *arg)
{
	struct ring *r = arg;
	struct state *st = make_state(r->op);

	pthread_mutex_lock(&r->mu);
	for (;;) {
		size_t k = r->next;
		if (k * r->block >= r->ndocs)
			break;
		r->next++;
		/* The slot is free once block k - nslot is written. */
		while (k >= r->written + r->nslot)
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
		txf_buf *b = &r->buf[k % r->nslot];
		size_t e = (k + 1) * r->block < r->ndocs ?
		    (k + 1) * r->block : r->ndocs;
		cli_out_capture(b);
		r->fmt(st, k * r->block, e);
		cli_out_uncapture(b);
		pthread_mutex_lock(&r->mu);
		r->ready[k % r->nslot] = k + 1;
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	free_state(st);
	return NULL;
}

void
rows_in_order(struct vopts *op, size_t ndocs, size_t block, int threads,
              void (*fmt)(struct state *st, size_t i, size_t e))
{
	struct ring r = { .op = op, .block = block, .fmt = fmt,
	    .ndocs = ndocs, .nslot = 2 * (size_t)threads };
	pthread_t th[64];
	int made;

	r.buf = cli_xcalloc(r.nslot, sizeof *r.buf);
	r.ready = cli_xcalloc(r.nslot, sizeof *r.ready);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	for (made = 0; made < threads; made++)
		if (txf_thread_start(&th[made], ring_worker, &r) != 0)
			break;
	if (made == 0)
		cli_die("cannot start a thread");
	for (size_t k = 0; k * block < ndocs; k++) {
		size_t s = k % r.nslot;
		pthread_mutex_lock(&r.mu);
		while (r.ready[s] != k + 1)
			pthread_cond_wait(&r.cv, &r.mu);
		pthread_mutex_unlock(&r.mu);
		cli_out_direct(r.buf[s].p, r.buf[s].n);
		pthread_mutex_lock(&r.mu);
		r.written++;
		pthread_cond_broadcast(&r.cv);
		pthread_mutex_unlock(&r.mu);
	}
	for (int i = 0; i < made; i++)
		pthread_join(th[i], NULL);
	for (size_t s = 0; s < r.nslot; s++)
		txf_buf_free(&r.buf[s]);
	free(r.buf);
	free(r.ready);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
}
