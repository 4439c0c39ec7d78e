/* fittext.c - vectorize --fit: the text of the fitted vocab, made from
 * its rows on a thread of its own, then written to --fit's file (as
 * vocab --docs writes the same vocab).  Without pruning the thread
 * starts with the merge and follows it, making the text of the rows
 * added so far while the merge adds more (the merge's one thread would
 * leave the other core idle); otherwise it starts once the vocab is
 * complete, while the vectors are formatted. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vectorize.h"
#include "vecfit.h"

static struct {
	pthread_t th;
	int started;
	const txf_vocab *v;
	txf_vocab_header h;      /* its strings this file's copies */
	txf_buf text;
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t ready;            /* rows made */
	int end;                 /* no more to come */
} vt = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static void *
vocab_text(void *arg)
{
	const txf_vocab *v = vt.v;
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
			vt.rc = txf_vocab_format_rows(v, i, n, vt.h.idf,
			    &vt.text);
		i = n;
	} while (!end && vt.rc == 0);
	return NULL;
}

void
fit_text_rows(void *arg, size_t rows, int end)
{
	(void)arg;
	pthread_mutex_lock(&vt.mu);
	vt.ready = rows;
	vt.end = end;
	pthread_cond_signal(&vt.cv);
	pthread_mutex_unlock(&vt.mu);
}

void
fit_text_start(const txf_vocab *v, const txf_vocab_header *h)
{
	vt.v = v;
	vt.h = *h;
	vt.ready = 0;
	vt.end = 0;
	if (h->analysis != NULL)
		vt.h.analysis = cli_xptr(strdup(h->analysis));
	if (h->pruning != NULL)
		vt.h.pruning = cli_xptr(strdup(h->pruning));
	vt.started = txf_thread_start(&vt.th, vocab_text, NULL) == 0;
}

void
fit_vocab_write(struct vopts *op, FILE *mf)
{
	if (vt.started)
		pthread_join(vt.th, NULL);
	else
		vocab_text(NULL);    /* no thread: here */
	vt.started = 0;
	cli_xmem(vt.rc);
	if (vt.text.n > 0)
		fwrite(vt.text.p, 1, vt.text.n, mf);
	cli_side_close(mf, op->fit);
	txf_buf_free(&vt.text);
	free(vt.h.analysis);
	free(vt.h.pruning);
	vt.h.analysis = vt.h.pruning = NULL;
}
