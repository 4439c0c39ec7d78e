/*
 * dfcount.c - document and collection frequencies of terms in bounded
 * memory: a counting table that is written as a sorted run whenever it
 * reaches its limit, optionally fed by worker threads that each count a
 * share of the documents; at the end, a merge of the tables and runs.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "spill.h"

/* ------------------------------------------------------------------ */
/* Document and collection frequencies, in bounded memory              */

/* The counters of an entry. */
enum { V_DF, V_CF, V_LAST, NVALS };

/* Tokens looked up at once. */
#define ADD_BATCH 256

/* Bytes per entry that sorting the table takes besides the table. */
#define SORT_BYTES sizeof(struct txf_srec)

/*
 * With workers, the caller's thread only queues documents, in batches of
 * records: a tag byte, then for 'F' (a tokens field), 'T' (one token) and
 * 'D' (a text the worker analyses) a uint32 length and the bytes; 'E'
 * ends a document.  Each worker counts
 * the batches it takes into a counter of its own (a table, runs), as if
 * it had a shard of the input; at the end the merge sums them.
 */
#define QBATCH (256 * 1024)

struct qbatch {
	txf_buf b;
	struct qbatch *next;
};

struct worker {
	txf_dfcount *parent;
	txf_dfcount *sub;         /* its own counter, without workers */
	pthread_t th;
};

struct txf_dfcount {
	/* Counting (a counter without workers, or a worker's own). */
	txf_count *t;
	size_t limit;
	char *dir;
	txf_runs *runs;           /* NULL until the first spill */
	uint64_t docs, tokens;    /* in all */
	uint64_t tdocs, ttokens;  /* in the table */
	uint64_t dtokens;         /* in the current document */
	uint64_t doc;             /* the current document's number, from 1 */
	size_t idx[ADD_BATCH];    /* record offsets of a batch of tokens */
	txf_str tok[ADD_BATCH];   /* a batch of tokens */
	uint64_t tokdoc[ADD_BATCH];  /* the document of each (batches of a
	                                worker span documents) */
	size_t ntok;
	txf_toklist tl;           /* a field with escapes */
	txf_analyzer *z;          /* txf_dfcount_add_text()'s analysis */
	struct txf_srec *sorted;      /* the table, sorted, at the end */
	size_t nsorted;
	txf_merge *m;
	int finished;

	/* Workers (nworkers > 0). */
	int nworkers, started;
	struct worker *w;
	pthread_mutex_t mu;
	pthread_cond_t work;      /* a batch is queued, or closing */
	pthread_cond_t room;      /* a batch is spare again */
	struct qbatch *head, *tail, *spare, *cur;
	struct qbatch *all;       /* every batch, for freeing */
	size_t nall;
	int closing;
	int err, err_errno;       /* the first error of a worker */

	struct txf_ngc *ng;       /* a counter of word n-grams by token
	                             numbers does the work (ngcount.c) */
	txf_dfcount *slow;        /* with it, the texts it leaves (of too
	                             many tokens), counted as text */
	int slow_doc;             /* the current document went there */
};

static txf_dfcount *
counter_new(size_t limit, const char *dir)
{
	txf_dfcount *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->limit = limit;
	c->doc = 1;
	if ((dir != NULL && (c->dir = strdup(dir)) == NULL) ||
	    (c->t = txf_count_new(NVALS)) == NULL) {
		TXF_FREE_ALL(c->dir, c);
		return NULL;
	}
	return c;
}

txf_dfcount *
txf_dfcount_new(size_t limit, const char *dir)
{
	return counter_new(limit, dir);
}

static void workers_stop(txf_dfcount *c);

TXF_DEFINE_FREE(txf_dfcount_free, txf_dfcount, c)
{
	txf_ngc_free(c->ng);
	txf_dfcount_free(c->slow);
	if (c->nworkers > 0) {
		workers_stop(c);
		for (int i = 0; i < c->nworkers; i++)
			txf_dfcount_free(c->w[i].sub);
		free(c->w);
		for (size_t i = 0; i < c->nall; i++)
			txf_buf_free(&c->all[i].b);
		free(c->all);
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->work);
		pthread_cond_destroy(&c->room);
	}
	txf_merge_free(c->m);
	txf_toklist_free(&c->tl);
	txf_analyzer_free(c->z);
	txf_count_free(c->t);
	txf_runs_free(c->runs);
	TXF_FREE_ALL(c->sorted, c->dir, c);
}

/* Count tok[0..n) in the current document (a counter without workers). */
static int
count_tokens(txf_dfcount *c, const txf_str *tok, size_t n)
{
	txf_count *t = c->t;
	uint64_t doc = c->doc;

	/* In batches: txf_count_add_many() overlaps the lookups' memory
	 * reads, which is most of the time of a large table. */
	while (n > 0) {
		size_t m = n < ADD_BATCH ? n : ADD_BATCH;
		int rc = txf_count_add_many_rec(t, tok, m, c->idx);
		if (rc < 0)
			return rc;
		char *arena = txf_count_arena(t);
		for (size_t k = 0; k < m; k++) {
			uint64_t *v = (uint64_t *)(void *)(arena + c->idx[k]);
			v[V_CF]++;
			if (v[V_LAST] != doc) {
				v[V_LAST] = doc;
				v[V_DF]++;
			}
		}
		c->dtokens += m;
		tok += m;
		n -= m;
	}
	return 0;
}

/* Append a record to the batch being filled. */
static int
queue_put(txf_dfcount *c, char tag, const char *p, size_t n)
{
	txf_buf *b = &c->cur->b;
	uint32_t len = (uint32_t)n;

	if (n > UINT32_MAX - 8)
		return TXF_ERANGE;
	if (txf_buf_grow(b, n + 5) < 0)
		return TXF_ENOMEM;
	b->p[b->n++] = tag;
	if (tag != 'E') {
		memcpy(b->p + b->n, &len, 4);
		memcpy(b->p + b->n + 4, p, n);
		b->n += 4 + n;
	}
	return 0;
}

int
txf_dfcount_add(txf_dfcount *c, const txf_str *tok, size_t n)
{
	if (c->finished || c->ng != NULL)
		return TXF_EINVAL;
	if (c->nworkers == 0)
		return count_tokens(c, tok, n);
	for (size_t k = 0; k < n; k++) {
		int rc = queue_put(c, 'T', tok[k].p, tok[k].n);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
txf_dfcount_add_field(txf_dfcount *c, const char *p, size_t n)
{
	if (c->finished || c->ng != NULL)
		return TXF_EINVAL;
	if (c->nworkers > 0)
		return queue_put(c, 'F', p, n);
	if (txf_toklist_split(&c->tl, p, n) < 0)
		return TXF_ENOMEM;
	return count_tokens(c, c->tl.v, c->tl.n);
}


/* Analyse a text with c's own analyzer and count its tokens. */
static int
count_text(txf_dfcount *c, const char *p, size_t n)
{
	txf_tokens toks;
	int rc = txf_analyze(c->z, p, n, &toks);

	return rc < 0 ? rc : count_tokens(c, toks.v, toks.n);
}

int
txf_dfcount_add_text(txf_dfcount *c, const char *p, size_t n)
{
	if (c->ng != NULL) {
		int rc = txf_ngc_add_text(c->ng, p, n);
		if (rc <= 0)
			return rc;
		/* A text of more tokens than it takes: as text, apart. */
		if (c->slow == NULL &&
		    ((c->slow = counter_new(c->limit, c->dir)) == NULL ||
		    (c->slow->z = txf_analyzer_dup(c->z)) == NULL))
			return TXF_ENOMEM;
		c->slow_doc = 1;
		return count_text(c->slow, p, n);
	}
	if (c->finished || c->z == NULL)
		return TXF_EINVAL;
	if (c->nworkers > 0)
		return queue_put(c, 'D', p, n);
	return count_text(c, p, n);
}

/* Write the table as a run and empty it.  The table keeps its memory
 * (no page is cleared again, no index grown again); what it reports
 * against the limit is what it holds, so the next run gets as far. */
static int
spill(txf_dfcount *c)
{
	int rc;

	if (c->runs == NULL && (c->runs = txf_runs_new(c->dir)) == NULL)
		return TXF_ENOMEM;
	rc = txf_runs_write(c->runs, c->t, V_DF, V_CF, c->tdocs, c->ttokens);
	if (rc < 0)
		return rc;
	txf_count_clear(c->t);
	c->tdocs = c->ttokens = 0;
	return 0;
}

/* Spill when the table has reached the limit.  A quarter of the limit is
 * left for the table's growth within a document: its index doubles at
 * once, the old one still held.  Runs hold whole documents, so that df
 * stays exact: call this between documents only. */
static int
maybe_spill(txf_dfcount *c)
{
	if (txf_count_size(c->t) > 0 &&
	    txf_count_memory(c->t) + txf_count_size(c->t) * SORT_BYTES >=
	    c->limit - c->limit / 4)
		return spill(c);
	return 0;
}

/* Put the batch being filled at the end of the queue (the caller holds
 * the mutex). */
static void
queue_append(txf_dfcount *c)
{
	c->cur->next = NULL;
	if (c->tail != NULL)
		c->tail->next = c->cur;
	else
		c->head = c->cur;
	c->tail = c->cur;
	c->cur = NULL;
}

/* Hand the batch being filled to the workers and take a spare one. */
static int
queue_submit(txf_dfcount *c)
{
	int rc;

	pthread_mutex_lock(&c->mu);
	queue_append(c);
	pthread_cond_signal(&c->work);
	while (c->spare == NULL && c->err == 0)
		pthread_cond_wait(&c->room, &c->mu);
	if ((rc = c->err) == 0) {
		c->cur = c->spare;
		c->spare = c->spare->next;
	} else {
		errno = c->err_errno;
	}
	pthread_mutex_unlock(&c->mu);
	return rc;
}

int
txf_dfcount_end_doc(txf_dfcount *c)
{
	int rc;

	if (c->ng != NULL) {
		if (c->slow_doc) {
			c->slow_doc = 0;
			if ((rc = txf_dfcount_end_doc(c->slow)) < 0)
				return rc;
		}
		return txf_ngc_end_doc(c->ng);
	}
	if (c->finished)
		return TXF_EINVAL;
	if (c->nworkers > 0) {
		if (c->docs == UINT64_MAX)
			return TXF_ERANGE;
		if ((rc = queue_put(c, 'E', NULL, 0)) < 0)
			return rc;
		c->docs++;
		return c->cur->b.n >= QBATCH ? queue_submit(c) : 0;
	}
	if (c->docs == UINT64_MAX || c->dtokens > UINT64_MAX - c->tokens)
		return TXF_ERANGE;
	c->docs++;
	c->tdocs++;
	c->tokens += c->dtokens;
	c->ttokens += c->dtokens;
	c->dtokens = 0;
	c->doc++;
	return maybe_spill(c);
}

/* ------------------------------------------------------------------ */
/* The workers                                                         */

/* Count the pending tokens of a worker's counter, each in its document. */
static int
flush_tokens(txf_dfcount *c)
{
	txf_count *t = c->t;
	size_t n = c->ntok;
	int rc;

	if (n == 0)
		return 0;
	c->ntok = 0;
	if ((rc = txf_count_add_many_rec(t, c->tok, n, c->idx)) < 0)
		return rc;
	char *arena = txf_count_arena(t);
	for (size_t k = 0; k < n; k++) {
		uint64_t *v = (uint64_t *)(void *)(arena + c->idx[k]);
		v[V_CF]++;
		if (v[V_LAST] != c->tokdoc[k]) {
			v[V_LAST] = c->tokdoc[k];
			v[V_DF]++;
		}
	}
	c->tokens += n;
	c->ttokens += n;
	return 0;
}

static inline int
push_token(txf_dfcount *c, const char *p, size_t n)
{
	c->tok[c->ntok].p = p;
	c->tok[c->ntok].n = n;
	c->tokdoc[c->ntok] = c->doc;
	return ++c->ntok == ADD_BATCH ? flush_tokens(c) : 0;
}

/* Count a batch of queued documents.  Tokens of consecutive documents
 * are looked up together, ADD_BATCH at a time; the table is checked
 * against its limit whenever a lookup ends with a document. */
static int
count_batch(txf_dfcount *c, const char *p, size_t n)
{
	const char *e = p + n;
	uint32_t len;
	int rc;

	while (p < e) {
		char tag = *p++;
		if (tag == 'E') {
			c->docs++;
			c->tdocs++;
			c->doc++;
			if (c->ntok >= ADD_BATCH / 2 || c->ntok == 0) {
				if ((rc = flush_tokens(c)) < 0 ||
				    (rc = maybe_spill(c)) < 0)
					return rc;
			}
			continue;
		}
		memcpy(&len, p, 4);
		const char *s = p + 4, *f = s + len;
		p = f;
		if (tag == 'D') {
			/* The analyzer's tokens last until its next text:
			 * the pending ones first, then these at once. */
			if ((rc = flush_tokens(c)) < 0 ||
			    (rc = count_text(c, s, len)) < 0)
				return rc;
			c->tokens += c->dtokens;
			c->ttokens += c->dtokens;
			c->dtokens = 0;
			continue;
		}
		if (tag == 'T') {
			if ((rc = push_token(c, s, len)) < 0)
				return rc;
			continue;
		}
		if (txf_toklist_split(&c->tl, s, len) < 0)
			return TXF_ENOMEM;
		for (size_t k = 0; k < c->tl.n; k++)
			if ((rc = push_token(c, c->tl.v[k].p,
			    c->tl.v[k].n)) < 0)
				return rc;
		/* Unescaped copies live in c->tl until its next split:
		 * count them now. */
		if (c->tl.esc.n > 0 && (rc = flush_tokens(c)) < 0)
			return rc;
	}
	/* A batch ends with a document. */
	if ((rc = flush_tokens(c)) < 0)
		return rc;
	return maybe_spill(c);
}

/* Record a worker's error, the first one only. */
static void
worker_fail(txf_dfcount *c, int rc, int e)
{
	pthread_mutex_lock(&c->mu);
	if (c->err == 0) {
		c->err = rc;
		c->err_errno = e;
	}
	pthread_cond_broadcast(&c->room);
	pthread_mutex_unlock(&c->mu);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	txf_dfcount *c = w->parent;
	int rc;

	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (c->head == NULL && !c->closing)
			pthread_cond_wait(&c->work, &c->mu);
		struct qbatch *b = c->head;
		if (b == NULL) {
			pthread_mutex_unlock(&c->mu);
			break;
		}
		c->head = b->next;
		if (c->head == NULL)
			c->tail = NULL;
		int failed = c->err != 0;
		pthread_mutex_unlock(&c->mu);

		rc = failed ? 0 : count_batch(w->sub, b->b.p, b->b.n);
		if (rc < 0)
			worker_fail(c, rc, errno);
		pthread_mutex_lock(&c->mu);
		b->b.n = 0;
		b->next = c->spare;
		c->spare = b;
		pthread_cond_signal(&c->room);
		pthread_mutex_unlock(&c->mu);
	}
	/* The end: sort the table here, in parallel with the others. */
	pthread_mutex_lock(&c->mu);
	int failed = c->err != 0;
	pthread_mutex_unlock(&c->mu);
	if (!failed) {
		w->sub->finished = 1;
		w->sub->sorted = txf_sort_table(w->sub->t, &w->sub->nsorted);
		if (w->sub->sorted == NULL)
			worker_fail(c, TXF_ENOMEM, ENOMEM);
	}
	return NULL;
}

/* Let the workers finish what is queued, and wait for them. */
static void
workers_stop(txf_dfcount *c)
{
	if (!c->started)
		return;
	pthread_mutex_lock(&c->mu);
	c->closing = 1;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->mu);
	for (int i = 0; i < c->nworkers; i++)
		pthread_join(c->w[i].th, NULL);
	c->started = 0;
}

txf_dfcount *
txf_dfcount_new_threads(size_t limit, const char *dir, int threads)
{
	txf_dfcount *c;
	int i;

	if (threads < 1)
		return NULL;
	if ((c = counter_new(limit, dir)) == NULL)
		return NULL;
	c->nworkers = threads;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->room, NULL);
	c->w = calloc((size_t)threads, sizeof *c->w);
	c->nall = 2 * (size_t)threads + 1;
	c->all = calloc(c->nall, sizeof *c->all);
	if (c->w == NULL || c->all == NULL)
		goto fail;
	for (size_t k = 0; k < c->nall; k++) {
		if (txf_buf_grow(&c->all[k].b, QBATCH + 4096) < 0)
			goto fail;
		c->all[k].next = c->spare;
		c->spare = &c->all[k];
	}
	c->cur = c->spare;
	c->spare = c->spare->next;
	for (i = 0; i < threads; i++) {
		c->w[i].parent = c;
		c->w[i].sub = counter_new(limit / (size_t)threads, dir);
		if (c->w[i].sub == NULL)
			goto fail;
	}
	for (i = 0; i < threads; i++)
		if (txf_thread_start(&c->w[i].th, worker_main, &c->w[i]) != 0)
			break;
	if (i < threads) {
		/* Fewer threads than asked: stop those started. */
		c->started = 1;
		int started = i;
		c->nworkers = started;
		workers_stop(c);
		c->nworkers = threads;
		goto fail;
	}
	c->started = 1;
	return c;
fail:
	txf_dfcount_free(c);
	return NULL;
}

txf_dfcount *
txf_dfcount_new_docs(size_t limit, const char *dir, int threads,
                     const txf_analyzer *z, int *err)
{
	if (txf_ngc_fits(txf_analyzer_analysis(z))) {
		txf_dfcount *c = counter_new(limit, dir);
		*err = TXF_ENOMEM;
		if (c == NULL || (c->z = txf_analyzer_dup(z)) == NULL ||
		    (c->ng = txf_ngc_new(limit, dir, threads, z, err)) ==
		    NULL) {
			txf_dfcount_free(c);
			return NULL;
		}
		return c;
	}
	txf_dfcount *c = threads > 0 ?
	    txf_dfcount_new_threads(limit, dir, threads) :
	    txf_dfcount_new(limit, dir);

	*err = TXF_ENOMEM;
	if (c == NULL)
		return NULL;
	/* The workers see their analyzers once they take a batch, after
	 * the mutex that hands it over. */
	if ((c->z = txf_analyzer_dup(z)) == NULL)
		goto fail;
	for (int i = 0; i < c->nworkers; i++)
		if ((c->w[i].sub->z = txf_analyzer_dup(z)) == NULL)
			goto fail;
	return c;
fail:
	txf_dfcount_free(c);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The end                                                             */

int
txf_dfcount_format(txf_dfcount *c, enum txf_idf idf, uint64_t ndocs,
                   int threads, int (*out)(void *arg, const char *p, size_t n),
                   void *arg)
{
	if (c->ng == NULL || c->slow != NULL)
		return TXF_EINVAL;
	return txf_ngc_format(c->ng, idf, ndocs, threads, out, arg);
}

/* Add c's figures to *st, its documents aside (see below). */
static void
add_stats(const txf_dfcount *c, txf_dfstats *st)
{
	if (c->ng != NULL) {
		txf_ngc_add_stats(c->ng, st);
		if (c->slow != NULL)
			add_stats(c->slow, st);
	} else if (c->nworkers == 0) {
		st->tokens += c->tokens;
		st->spills += c->runs ? txf_runs_spills(c->runs) : 0;
		st->terms += txf_count_size(c->t);
		st->memory += txf_count_memory(c->t) + txf_count_size(c->t) *
		    SORT_BYTES;
	} else if (c->finished) {
		for (int i = 0; i < c->nworkers; i++)
			add_stats(c->w[i].sub, st);
	}
}

void
txf_dfcount_stats(const txf_dfcount *c, txf_dfstats *st)
{
	*st = (txf_dfstats){ 0 };
	add_stats(c, st);
	/* The n-gram counter's, whose texts of many tokens (c->slow) are
	 * of its documents; else c's own, workers or not. */
	if (c->ng == NULL)
		st->docs = c->docs;
}

/* Add a counter's sorted table and its runs to the merge. */
static int
merge_counter(txf_merge *m, txf_dfcount *c)
{
	static const unsigned cols[2] = { V_DF, V_CF };

	if (c->nsorted > 0) {
		int rc = txf_merge_add_sorted(m, c->sorted, c->nsorted, cols);
		if (rc < 0)
			return rc;
	}
	return c->runs != NULL ? txf_merge_add_runs(m, c->runs) : 0;
}

txf_merge *
txf_dfcount_finish(txf_dfcount *c, int *err)
{
	int rc;

	if (c->ng != NULL) {
		txf_merge *m = txf_ngc_finish(c->ng, err);
		if (m == NULL || c->slow == NULL)
			return m;
		/* The texts counted apart join the merge. */
		txf_dfcount *s = c->slow;
		s->finished = 1;
		if ((s->sorted = txf_sort_table(s->t, &s->nsorted)) == NULL) {
			*err = TXF_ENOMEM;
			return NULL;
		}
		if ((rc = merge_counter(m, s)) < 0) {
			*err = rc;
			return NULL;
		}
		return m;
	}
	if (c->finished) {
		*err = TXF_EINVAL;
		return NULL;
	}
	c->finished = 1;
	if (c->nworkers > 0) {
		/* The last batch, then the workers' own ends. */
		if (c->cur != NULL && c->cur->b.n > 0) {
			pthread_mutex_lock(&c->mu);
			queue_append(c);
			pthread_mutex_unlock(&c->mu);
		}
		workers_stop(c);
		if (c->err != 0) {
			*err = c->err;
			errno = c->err_errno;
			return NULL;
		}
	} else if ((c->sorted = txf_sort_table(c->t, &c->nsorted)) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	if ((c->m = txf_merge_new()) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	if (c->nworkers == 0) {
		rc = merge_counter(c->m, c);
	} else {
		rc = 0;
		for (int i = 0; i < c->nworkers && rc == 0; i++)
			rc = merge_counter(c->m, c->w[i].sub);
	}
	if (rc < 0) {
		*err = rc;
		return NULL;
	}
	return c->m;
}

