/* fittext.c - vectorize --fit: the text of the fitted vocab, made from
 * its rows on a thread of its own and written to --fit's file (as vocab
 * --docs writes the same vocab).  Without pruning the thread starts
 * with the merge and follows it, making the text of the rows added so
 * far while the merge adds more (the merge's one thread would leave the
 * other core idle); otherwise it starts once the vocab is complete,
 * while the vectors are formatted. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vectorize.h"
#include "vecfit.h"

/* Text written to a regular file once it holds this much. */
#define TEXT_FLUSH ((size_t)1 << 20)

static struct {
	pthread_t th;
	int started;
	txf_vocab *v;
	txf_vocab_header h;      /* its strings this file's copies */
	txf_buf text;            /* made, not written yet */
	FILE *mf;                /* written as made (a regular file), or NULL */
	int drop;                /* then fit_drop_terms() */
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;            /* rows made */
	int end;                 /* no more to come */
	int left;                /* the thread is done with the rows */
} vt = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static void *
vocab_text(void *arg)
{
	txf_vocab *v = vt.v;
	size_t i = 0, n;
	int end;

	(void)arg;
	vt.rc = txf_vocab_format_header(&vt.h, &vt.text);
	do {
		pthread_mutex_lock(&vt.mu);
		while (vt.ready == i && !vt.end)
			pthread_cond_wait(&vt.cv, &vt.mu);
		n = vt.ready;
		end = vt.end;
		pthread_mutex_unlock(&vt.mu);
		if (vt.rc == 0)
			vt.rc = txf_vocab_rows_text(v, i, n, vt.h.idf,
			    &vt.text);
		i = n;
		if (end || vt.rc != 0) {
			pthread_mutex_lock(&vt.mu);
			vt.left = 1;
			pthread_cond_broadcast(&vt.cv);
			pthread_mutex_unlock(&vt.mu);
		}
		if (vt.mf != NULL && (vt.text.n >= TEXT_FLUSH || end)) {
			fwrite(vt.text.p, 1, vt.text.n, vt.mf);
			vt.text.n = 0;
		}
	} while (!end && vt.rc == 0);
	if (vt.drop)
		fit_drop_terms();
	return NULL;
}

void
fit_text_rows(void *arg, size_t rows, int end)
{
	(void)arg;
	pthread_mutex_lock(&vt.mu);
	vt.ready = rows;
	vt.end = end;
	pthread_cond_broadcast(&vt.cv);
	pthread_mutex_unlock(&vt.mu);
}

void
fit_text_caught_up(void)
{
	pthread_mutex_lock(&vt.mu);
	while (vt.started && !vt.left)
		pthread_cond_wait(&vt.cv, &vt.mu);
	pthread_mutex_unlock(&vt.mu);
}

void
fit_text_start(txf_vocab *v, const txf_vocab_header *h, FILE *mf,
               int drop)
{
	struct stat st;

	vt.v = v;
	vt.h = *h;
	vt.ready = 0;
	vt.end = vt.left = 0;
	vt.drop = drop;
	vt.mf = fstat(fileno(mf), &st) == 0 && S_ISREG(st.st_mode) ? mf :
	    NULL;
	if (h->analysis != NULL)
		vt.h.analysis = cli_xptr(strdup(h->analysis));
	if (h->pruning != NULL)
		vt.h.pruning = cli_xptr(strdup(h->pruning));
	/* Without a thread, vocab_text() runs in fit_text_wait(). */
	vt.started = txf_thread_start(&vt.th, vocab_text, NULL) == 0;
}

void
fit_text_wait(void)
{
	if (vt.started)
		pthread_join(vt.th, NULL);
	else if (vt.v != NULL)
		vocab_text(NULL);    /* no thread: here */
	vt.started = 0;
	vt.v = NULL;
}

void
fit_vocab_write(struct vopts *op, FILE *mf)
{
	fit_text_wait();
	cli_xmem(vt.rc);
	if (vt.text.n > 0)
		fwrite(vt.text.p, 1, vt.text.n, mf);
	cli_side_close(mf, op->fit);
	txf_buf_free(&vt.text);
	free(vt.h.analysis);
	free(vt.h.pruning);
	vt.h.analysis = vt.h.pruning = NULL;
}
