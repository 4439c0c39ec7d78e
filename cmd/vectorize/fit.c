/* fit.c - vectorize --fit: the vocab fitted on the input, as vocab --docs
 * writes it, then the input's vectors with it, as vectorize -V gives
 * them; the input is read and analysed once.  The documents' term
 * numbers, ids and extra columns are held in memory until the end.
 *
 * The input engine's threads analyse and count: each thread's documents
 * go to a part of its own (its fit, their fields, where each was read).
 * At the end the parts' counts are merged into the vocab and their
 * documents put back in input order by where they were read. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectorize.h"
#include "vecfit.h"
/* The vocab tool's pruning and writing (cmd/vocab/write.c). */
#include "../vocab/vocab.h"

/* Documents of a part read one after another, on lines that follow
 * each other (no other part's document lies between two of them). */
struct run {
	uint64_t at;      /* where the first was read: file << LINE_BITS |
	                     line */
	size_t part;
	size_t doc;       /* the first's number in its part */
	size_t off;       /* where its fields start in the part's rows */
	size_t n;         /* documents */
	size_t first;     /* in input order, the first's place (set by
	                     put_in_order()) */
};

/* The documents one thread read at a time (a thread takes a part that
 * no other holds for each file it reads). */
struct part {
	txf_vecfit *fit;
	int rc;           /* of the work each_part() gave it */
	/* Each document's id and extra columns: a uint32 length and the
	 * bytes of each, the extra's length UINT32_MAX when it has none. */
	txf_buf rows;
	size_t n;         /* documents */
	struct run *runs;
	size_t nruns, capruns;
	uint64_t last;    /* where the last document was read */
	size_t no;        /* its place in parts */
	int busy;
};

#define LINE_BITS 40

static struct part **parts;
static size_t nparts;
static pthread_mutex_t parts_mu = PTHREAD_MUTEX_INITIALIZER;
/* Files read before the current one (set between files, when no thread
 * runs). */
static uint64_t file_no;

/* The runs of every part in input order. */
static struct run *order;
static size_t nruns, ndocs;

/* The rows are written in blocks of BLOCK documents, formatted by
 * threads. */
#define BLOCK 4096

static void
put_field(txf_buf *b, txf_str s, int none)
{
	uint32_t n = none ? UINT32_MAX : (uint32_t)s.n;

	if (!none && s.n >= UINT32_MAX)
		cli_die("a field of 4 GiB or more");
	cli_xmem(txf_buf_add(b, (const char *)&n, 4));
	if (!none && s.n > 0)
		cli_xmem(txf_buf_add(b, s.p, s.n));
}

/* A part no thread holds, now the caller's. */
static struct part *
part_take(void)
{
	struct part *pt = NULL;

	pthread_mutex_lock(&parts_mu);
	for (size_t i = 0; i < nparts && pt == NULL; i++)
		if (!parts[i]->busy)
			pt = parts[i];
	if (pt == NULL) {
		parts = cli_xrealloc(parts, nparts + 1, sizeof *parts);
		pt = parts[nparts] = cli_xcalloc(1, sizeof *pt);
		pt->no = nparts++;
		pt->fit = cli_xptr(txf_vecfit_new());
	}
	pt->busy = 1;
	pthread_mutex_unlock(&parts_mu);
	return pt;
}

void *
fit_make_state(void *arg)
{
	struct state *st = make_state(arg);

	st->fit = part_take();
	return st;
}

void
fit_free_state(void *p)
{
	struct state *st = p;

	pthread_mutex_lock(&parts_mu);
	((struct part *)st->fit)->busy = 0;
	pthread_mutex_unlock(&parts_mu);
	free_state(st);
}

void
fit_file_done(void *arg, const char *name, uint64_t hdr_lines, int failed)
{
	(void)arg;
	(void)name;
	(void)hdr_lines;
	(void)failed;
	file_no++;
}

void
fit_add(cli_line_ctx *c, txf_str id, txf_str extra, const txf_str *tok,
        size_t n)
{
	struct part *pt = ((struct state *)c->state)->fit;
	int rc = txf_vecfit_add(pt->fit, tok, n);

	if (rc == TXF_ERANGE || c->lineno >> LINE_BITS != 0 ||
	    file_no >> (64 - LINE_BITS) != 0)
		cli_die("%s:%llu: too many documents, tokens or terms for "
		    "--fit", c->name, (unsigned long long)c->lineno);
	cli_xmem(rc);
	uint64_t at = file_no << LINE_BITS | c->lineno;
	if (pt->nruns == 0 || at != pt->last + 1) {
		if (pt->nruns == pt->capruns) {
			pt->capruns = pt->capruns ? 2 * pt->capruns : 64;
			pt->runs = cli_xrealloc(pt->runs, pt->capruns,
			    sizeof *pt->runs);
		}
		pt->runs[pt->nruns++] = (struct run){ .at = at,
		    .part = pt->no, .doc = pt->n,
		    .off = pt->rows.n };
	}
	pt->runs[pt->nruns - 1].n++;
	pt->last = at;
	pt->n++;
	put_field(&pt->rows, id, 0);
	put_field(&pt->rows, extra, extra.p == NULL);
}

static int
run_cmp(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* The parts' runs in input order (by where their first documents were
 * read), and the place of each one's first. */
static void
put_in_order(void)
{
	nruns = 0;
	for (size_t i = 0; i < nparts; i++)
		nruns += parts[i]->nruns;
	order = cli_xrealloc(order, nruns ? nruns : 1, sizeof *order);
	nruns = 0;
	for (size_t i = 0; i < nparts; i++) {
		if (parts[i]->nruns > 0)
			memcpy(order + nruns, parts[i]->runs,
			    parts[i]->nruns * sizeof *order);
		nruns += parts[i]->nruns;
	}
	qsort(order, nruns, sizeof *order, run_cmp);
	ndocs = 0;
	for (size_t r = 0; r < nruns; r++) {
		order[r].first = ndocs;
		ndocs += order[r].n;
	}
}

/* fn(part) for every part, each on a thread of its own (the first
 * here); exit on the first error. */
static void
each_part(void *(*fn)(void *))
{
	pthread_t *th = cli_xcalloc(nparts, sizeof *th);
	size_t made;

	for (made = 1; made < nparts; made++)
		if (txf_thread_start(&th[made], fn, parts[made]) != 0)
			break;
	fn(parts[0]);
	for (size_t i = 1; i < nparts; i++) {
		if (i < made)
			pthread_join(th[i], NULL);
		else
			fn(parts[i]);    /* no thread: here */
	}
	free(th);
	for (size_t i = 0; i < nparts; i++)
		if (parts[i]->rc < 0)
			die_code(parts[i]->rc, "counting");
}

static void *
sort_part(void *arg)
{
	struct part *pt = arg;

	pt->rc = txf_vecfit_sort(pt->fit);
	return NULL;
}

/* The vocab the parts are indexed by; set: they are already. */
static const txf_vocab *index_vocab;
static int indexed;

static void *
index_part(void *arg)
{
	struct part *pt = arg;

	pt->rc = txf_vecfit_index(pt->fit, index_vocab);
	return NULL;
}

/* After the input: the vocab of the parts' counts, pruned, as vocab
 * --docs makes it and vectorize -V reads it (without lookups by term:
 * the documents' terms are numbered by their rows). */
txf_vocab *
fit_vocab(struct vopts *op, FILE *mf)
{
	struct opts vk = { .prune = op->prune, .memory = (size_t)256 << 20,
	    .keep_only = 1 };
	txf_buf pruning = { 0 };
	int err = 0;

	if (op->idf_kind != NULL)
		vk.idf = (enum txf_idf)txf_idf_parse(op->idf_kind);
	else if (op->vo.idf)
		vk.idf = TXF_IDF_SMOOTH;
	if (nparts == 0)
		part_take()->busy = 0;   /* no input: one empty part */
	each_part(sort_part);
	txf_vecfit **fits = cli_xcalloc(nparts, sizeof *fits);
	uint64_t docs = 0, tokens = 0;
	for (size_t i = 0; i < nparts; i++) {
		fits[i] = parts[i]->fit;
		docs += txf_vecfit_docs(fits[i]);
		tokens += txf_vecfit_tokens(fits[i]);
	}
	if (txf_prune_describe(&op->prune, &pruning) < 0 ||
	    txf_buf_add(&pruning, "", 1) < 0)
		cli_nomem();
	char *an = cli_spell(txf_analyzer_analysis(op->z));
	txf_vocab_header h = {
		.analysis = an,
		.pruning = pruning.p,
		.idf = vk.idf,
		.docs = docs,
		.tokens = tokens,
	};
	txf_vocab *v = cli_xptr(txf_vocab_new_rows(&h));
	/* Without pruning, every term is a row: the fits' terms are merged
	 * into the rows and numbered by them at once. */
	indexed = txf_prune_none(&op->prune);
	if (indexed) {
		/* The vocab's text made as the rows come. */
		fit_text_start(v, &h, mf, 1);
		if ((err = txf_vecfit_rows(fits, nparts, v, vk.idf, docs,
		    fit_text_rows, NULL)) < 0)
			die_code(err, "counting");
		/* It fills the vocab's columns as it goes. */
		fit_text_caught_up();
	} else {
		txf_merge *m = txf_vecfit_merge(fits, nparts, &err);
		if (m == NULL)
			die_code(err, "counting");
		vk.keep = v;
		write_vocab(&vk, m, &h, NULL, 0, NULL);
		fit_text_start(v, &h, mf, 0);
		fit_text_rows(NULL, txf_vocab_size(v), 1);
	}
	free(fits);
	cli_xmem(txf_vocab_end_rows(v, 0));
	free(an);
	txf_buf_free(&pruning);
	return v;
}

void
fit_drop_terms(void)
{
	for (size_t i = 0; i < nparts; i++)
		txf_vecfit_drop_terms(parts[i]->fit);
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

/* Write documents [i, e) (in input order) with st. */
static void
rows_block(struct state *st, size_t i, size_t e)
{
	const struct vopts *op = st->op;
	int labels = op->lc.label_col > 0 || op->lc.qid_col > 0;
	txf_error err;
	/* The run of document i (the last that starts at i or before), and
	 * its fields: after those of the run's documents before it. */
	size_t lo = 0, hi = nruns;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (order[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	const struct run *ru = &order[lo];
	const char *p = parts[ru->part]->rows.p + ru->off;
	size_t k = i - ru->first;
	for (size_t s = 0; s < k; s++) {
		(void)get_field(&p);
		(void)get_field(&p);
	}
	for (; i < e; i++, k++) {
		if (k == ru->n) {
			ru++;
			p = parts[ru->part]->rows.p + ru->off;
			k = 0;
		}
		const struct part *pt = parts[ru->part];
		txf_vecrow row = { 0 };
		txf_vec vec;
		row.id = get_field(&p);
		txf_str extra = get_field(&p);
		/* Checked when the line was read. */
		if (labels && txf_row_labels(&op->lc, extra, &row, &st->lab,
		    &err) < 0)
			cli_die("%s", txf_error_text(&err));
		cli_xmem(txf_vecfit_vector(pt->fit, st->vz, ru->doc + k,
		    &vec));
		emit(st, &row, &vec);
	}
}

void
fit_rows(struct vopts *op, const txf_vocab *v, int threads)
{
	index_vocab = v;
	if (!indexed)
		each_part(index_part);
	put_in_order();
	/* In row order on one thread: the --ids file, and labels that
	 * build the map. */
	if (threads > 64)
		threads = 64;
	if (threads > 1 && ids_file == NULL && !op->lc.build &&
	    ndocs > BLOCK) {
		rows_in_order(op, ndocs, BLOCK, threads, rows_block);
	} else if (ndocs > 0) {
		struct state *st = make_state(op);
		rows_block(st, 0, ndocs);
		free_state(st);
	}
	fit_text_wait();    /* it may release the parts' tables */
	fit_free();
}

void
fit_free(void)
{
	/* The first part's fit holds the merge, which reads the others'
	 * tables: it goes first. */
	for (size_t i = 0; i < nparts; i++) {
		txf_vecfit_free(parts[i]->fit);
		txf_buf_free(&parts[i]->rows);
		free(parts[i]->runs);
		free(parts[i]);
	}
	free(parts);
	parts = NULL;
	nparts = 0;
	free(order);
	order = NULL;
	nruns = ndocs = 0;
}
