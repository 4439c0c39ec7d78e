/* fittext.c - vectorize --fit: the text of the fitted vocab, made from
 * its rows on a thread of its own while the vectors are formatted, then
 * written to --fit's file (as vocab --docs writes the same vocab). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vectorize.h"

static struct {
	pthread_t th;
	int started;
	const txf_vocab *v;
	txf_vocab_header h;      /* its strings this file's copies */
	txf_buf text;
	int rc;
} vt;

static void *
vocab_text(void *arg)
{
	const txf_vocab *v = vt.v;
	size_t n = txf_vocab_size(v);

	(void)arg;
	vt.rc = txf_vocab_format_header(&vt.h, &vt.text);
	for (size_t i = 0; i < n && vt.rc == 0; i++) {
		txf_str t = txf_vocab_term(v, i);
		vt.rc = txf_vocab_format_row(t.p, t.n, txf_vocab_df(v, i),
		    txf_vocab_cf(v, i), vt.h.idf, txf_vocab_idf(v, i),
		    &vt.text);
	}
	return NULL;
}

void
fit_text_start(const txf_vocab *v, const txf_vocab_header *h)
{
	vt.v = v;
	vt.h = *h;
	if (h->analysis != NULL)
		vt.h.analysis = cli_xptr(strdup(h->analysis));
	if (h->pruning != NULL)
		vt.h.pruning = cli_xptr(strdup(h->pruning));
	vt.started = txf_thread_start(&vt.th, vocab_text, NULL) == 0;
	if (!vt.started)
		vocab_text(NULL);    /* no thread: here */
}

void
fit_vocab_write(struct vopts *op, FILE *mf)
{
	if (vt.started)
		pthread_join(vt.th, NULL);
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
