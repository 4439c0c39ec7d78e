/* fit.c - vectorize --fit: the vocab fitted on the input, as vocab --docs
 * writes it, then the input's vectors with it, as vectorize -V gives
 * them; the input is read and analysed once.  The documents' term
 * numbers, ids and extra columns are held in memory until the end. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vectorize.h"
#include "vecfit.h"
/* The vocab tool's pruning and writing (cmd/vocab/write.c). */
#include "../vocab/vocab.h"

static txf_vecfit *fit;
/* Each document's id and extra columns: a uint32 length and the bytes
 * of each, the extra's length UINT32_MAX when it has none. */
static txf_buf rows;

/* The rows are written in blocks of BLOCK documents, formatted by
 * threads: bstart[k] is where block k's fields start in rows. */
#define BLOCK 4096
static size_t *bstart;
static size_t nblocks, capblocks;

static void
put_field(txf_str s, int none)
{
	uint32_t n = none ? UINT32_MAX : (uint32_t)s.n;

	if (!none && s.n >= UINT32_MAX)
		cli_die("a field of 4 GiB or more");
	cli_xmem(txf_buf_add(&rows, (const char *)&n, 4));
	if (!none && s.n > 0)
		cli_xmem(txf_buf_add(&rows, s.p, s.n));
}

void
fit_add(cli_line_ctx *c, txf_str id, txf_str extra, const txf_str *tok,
        size_t n)
{
	if (fit == NULL)
		fit = cli_xptr(txf_vecfit_new());
	int rc = txf_vecfit_add(fit, tok, n);
	if (rc == TXF_ERANGE)
		cli_die("%s:%llu: too many documents, tokens or terms for "
		    "--fit", c->name, (unsigned long long)c->lineno);
	cli_xmem(rc);
	if ((txf_vecfit_docs(fit) - 1) % BLOCK == 0) {
		if (nblocks == capblocks) {
			capblocks = capblocks ? 2 * capblocks : 64;
			bstart = cli_xrealloc(bstart, capblocks,
			    sizeof *bstart);
		}
		bstart[nblocks++] = rows.n;
	}
	put_field(id, 0);
	put_field(extra, extra.p == NULL);
}

/* The vocab's text, as the vocab tool writes it, into b. */
static void
vocab_text(const struct vopts *op, txf_buf *b)
{
	struct opts vk = { .prune = op->prune, .memory = (size_t)256 << 20 };
	txf_buf pruning = { 0 };
	int err = 0;

	if (op->idf_kind != NULL)
		vk.idf = (enum txf_idf)txf_idf_parse(op->idf_kind);
	else if (op->vo.idf)
		vk.idf = TXF_IDF_SMOOTH;
	if (fit == NULL)
		fit = cli_xptr(txf_vecfit_new());
	txf_merge *m = txf_vecfit_merge(fit, &err);
	if (m == NULL)
		die_code(err, "counting");
	if (txf_prune_describe(&op->prune, &pruning) < 0 ||
	    txf_buf_add(&pruning, "", 1) < 0)
		cli_nomem();
	char *an = cli_spell(txf_analyzer_analysis(op->z));
	txf_vocab_header h = {
		.analysis = an,
		.pruning = pruning.p,
		.idf = vk.idf,
		.docs = txf_vecfit_docs(fit),
		.tokens = txf_vecfit_tokens(fit),
	};
	/* The writer writes to the output: collect it instead, the
	 * output's buffer (nothing in it yet) set aside meanwhile. */
	char *obuf = cli_obuf;
	size_t on = cli_on, ocap = cli_ocap;
	cli_out_capture(b);
	write_vocab(&vk, m, &h, NULL, 0, NULL);
	cli_out_uncapture(b);
	cli_obuf = obuf;
	cli_on = on;
	cli_ocap = ocap;
	free(an);
	txf_buf_free(&pruning);
}

txf_vocab *
fit_vocab(struct vopts *op, FILE *mf)
{
	txf_buf b = { 0 };
	txf_error err;

	vocab_text(op, &b);
	if (b.n > 0)
		fwrite(b.p, 1, b.n, mf);
	cli_side_close(mf, op->fit);
	/* Read back as vectorize -V reads the file: the same rows and idf
	 * to the last bit. */
	int fd = txf_tmpfile(NULL);
	if (fd < 0)
		cli_die("--fit: cannot make a temporary file: %s",
		    strerror(errno));
	for (size_t k = 0; k < b.n;) {
		ssize_t w = write(fd, b.p + k, b.n - k);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			cli_die("--fit: writing a temporary file: %s",
			    strerror(errno));
		k += (size_t)w;
	}
	txf_buf_free(&b);
	if (lseek(fd, 0, SEEK_SET) != 0)
		cli_die("--fit: %s", strerror(errno));
	txf_vocab *v = txf_vocab_load_fd(fd, &err);
	close(fd);
	if (v == NULL)
		cli_die_err(op->fit, &err);
	return v;
}

/* The next stored field at *p. */
static txf_str
get_field(const char **p)
{
	uint32_t n;
	txf_str s = { NULL, 0 };

	memcpy(&n, *p, 4);
	*p += 4;
	if (n == UINT32_MAX)
		return s;
	s.p = *p;
	s.n = n;
	*p += n;
	return s;
}

/* Write documents [i, e) with st, their fields from *p on. */
static void
rows_block(struct state *st, size_t i, size_t e, const char *p)
{
	const struct vopts *op = st->op;
	int labels = op->lc.label_col > 0 || op->lc.qid_col > 0;
	txf_error err;

	for (; i < e; i++) {
		txf_vecrow row = { 0 };
		txf_vec vec;
		row.id = get_field(&p);
		txf_str extra = get_field(&p);
		/* Checked when the line was read. */
		if (labels && txf_row_labels(&op->lc, extra, &row, &st->lab,
		    &err) < 0)
			cli_die("%s", txf_error_text(&err));
		cli_xmem(txf_vecfit_vector(fit, st->vz, i, &vec));
		emit(st, &row, &vec);
	}
}

/* Threads formatting blocks into a ring of slots, block k into slot
 * k % nslot once the caller has written what was there. */
struct ring {
	struct vopts *op;
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
		if (k >= nblocks)
			break;
		r->next++;
		/* The slot is free once block k - nslot is written. */
		while (k >= r->written + r->nslot)
			pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
		txf_buf *b = &r->buf[k % r->nslot];
		size_t e = (k + 1) * BLOCK < r->ndocs ? (k + 1) * BLOCK :
		    r->ndocs;
		cli_out_capture(b);
		rows_block(st, k * BLOCK, e, rows.p + bstart[k]);
		cli_out_uncapture(b);
		pthread_mutex_lock(&r->mu);
		r->ready[k % r->nslot] = k + 1;
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	free_state(st);
	return NULL;
}

/* The blocks on threads, written here in order. */
static void
rows_threads(struct vopts *op, size_t ndocs, int threads)
{
	struct ring r = { .op = op, .ndocs = ndocs,
	    .nslot = 2 * (size_t)threads };
	pthread_t th[64];
	sigset_t all, old;
	int made;

	r.buf = cli_xcalloc(r.nslot, sizeof *r.buf);
	r.ready = cli_xcalloc(r.nslot, sizeof *r.ready);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.cv, NULL);
	/* Signals are the main thread's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (made = 0; made < threads; made++)
		if (pthread_create(&th[made], NULL, ring_worker, &r) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (made == 0)
		cli_die("cannot start a thread");
	for (size_t k = 0; k < nblocks; k++) {
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

void
fit_rows(struct vopts *op, const txf_vocab *v, int threads)
{
	size_t n = fit ? (size_t)txf_vecfit_docs(fit) : 0;

	if (fit != NULL)
		cli_xmem(txf_vecfit_index(fit, v));
	/* In row order on one thread: the --ids file, and labels that
	 * build the map. */
	if (threads > 64)
		threads = 64;
	if (threads > 1 && ids_file == NULL && !op->lc.build && nblocks > 1) {
		rows_threads(op, n, threads);
	} else if (n > 0) {
		struct state *st = make_state(op);
		rows_block(st, 0, n, rows.p);
		free_state(st);
	}
	fit_free();
}

void
fit_free(void)
{
	txf_vecfit_free(fit);
	fit = NULL;
	txf_buf_free(&rows);
	free(bstart);
	bstart = NULL;
	nblocks = capblocks = 0;
}
