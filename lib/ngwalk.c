/*
 * ngwalk.c - the end of the word n-gram counter (ngcount.c): each
 * worker sorts its tables, the tokens are ranked by their bytes, and a
 * walk of the tree of n-grams in order gives the rows, into a sorted run
 * (spilling), into the merge, or formatted on several threads at once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ngcount_impl.h"
#include "sort.h"

/* Bytes the walk may copy past a token, and past the n-gram it makes. */
#define SLACK 16

/* How many n-grams ahead of the walk their tokens are fetched. */
#define WALK_AHEAD 8

/* ------------------------------------------------------------------ */
/* A worker's part of the end: its n-grams in order                    */

/* The n-grams of one (n-1)-gram by the rank of their last token (each
 * appears once among them). */
#define LRANK_LESS(ctx, x, y) ((x)->lrank < (y)->lrank)
TXF_SORT_DEFINE(sort_wrecs, struct wrec, int, LRANK_LESS)

/* Sort level k's n-grams by (rank of what they extend, rank of their
 * last token); np is the number of ranks of what they extend. */
static int
sort_level(struct ngw *w, size_t k, size_t np, const uint32_t *prank)
{
	struct txf_ngc *c = w->c;
	struct level *l = &w->lv[k - 2];
	size_t n = l->n;

	free(l->slot);
	l->slot = NULL;
	l->mask = 0;
	/* Zeroed by writing (txf_zalloc()). */
	if ((l->start = txf_zalloc(np + 2, sizeof *l->start)) == NULL ||
	    (l->r = malloc((n ? n : 1) * sizeof *l->r)) == NULL ||
	    (l->rank = malloc((n ? n : 1) * sizeof *l->rank)) == NULL)
		return TXF_ENOMEM;
	uint32_t *start = l->start;
	for (size_t i = 0; i < n; i++) {
		struct ent *e = &l->e[i];
		e->parent = prank[e->parent];
		e->last = c->urank[e->last];
		start[e->parent + 2]++;
	}
	for (size_t p = 2; p < np + 2; p++)
		start[p] += start[p - 1];
	/* start[p + 1] is where parent p's go; it ends as their end,
	 * which start[p + 1] is meant to be, start[0] = 0. */
	for (size_t i = 0; i < n; i++) {
		struct ent *e = &l->e[i];
		struct wrec *r = &l->r[start[e->parent + 1]++];
		r->lrank = e->last;
		r->df = e->df;
		r->cf = e->cf;
		r->old = (uint32_t)i;
	}
	free(l->e);
	l->e = NULL;
	l->cap = 0;
	for (size_t p = 0; p < np; p++)
		if (start[p + 1] - start[p] >= 2)
			sort_wrecs(0, l->r + start[p], start[p + 1] - start[p]);
	for (size_t i = 0; i < n; i++)
		l->rank[l->r[i].old] = (uint32_t)i;
	return 0;
}

int
txf_ngc_sort_worker(struct ngw *w)
{
	struct txf_ngc *c = w->c;
	int rc;

	for (size_t k = 2; k <= c->max; k++) {
		struct level *p = k > 2 ? &w->lv[k - 3] : NULL;
		size_t np = p ? p->n : c->nu;
		if ((rc = sort_level(w, k, np, p ? p->rank : c->urank)) < 0)
			return rc;
		if (p != NULL) {
			free(p->rank);
			p->rank = NULL;
		}
	}
	if (c->max >= 2) {
		free(w->lv[c->max - 2].rank);
		w->lv[c->max - 2].rank = NULL;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The end: the rows in order                                          */

/* Rank the tokens by their bytes. */
static int
rank_tokens(struct txf_ngc *c)
{
	size_t n = txf_count_size(c->u);
	size_t *s = malloc((n ? n : 1) * sizeof *s);
	int rc;

	free(c->usorted);
	free(c->urank);
	free(c->ustr);
	free(c->uoff);
	free(c->ushort);
	c->ustr = NULL;
	c->ushort = malloc((n ? n : 1) * sizeof *c->ushort);
	c->urank = malloc((n ? n : 1) * sizeof *c->urank);
	c->usorted = malloc((n ? n : 1) * sizeof *c->usorted);
	c->uoff = malloc((n + 1) * sizeof *c->uoff);
	if (s == NULL || c->urank == NULL || c->usorted == NULL ||
	    c->uoff == NULL || c->ushort == NULL) {
		free(s);
		return TXF_ENOMEM;
	}
	if ((rc = txf_count_sorted(c->u, s)) < 0) {
		free(s);
		return rc;
	}
	size_t bytes = 0;
	for (size_t r = 0; r < n; r++) {
		c->usorted[r] = (uint32_t)s[r];
		c->urank[s[r]] = (uint32_t)r;
		c->uoff[r] = bytes;
		bytes += txf_count_term(c->u, s[r]).n;
	}
	c->uoff[n] = bytes;
	free(s);
	c->nu = n;
	/* The walk reads the tokens in this order, many times over. */
	if ((c->ustr = malloc(bytes ? bytes : 1)) == NULL)
		return TXF_ENOMEM;
	/* Whether some row could need an escape. */
	c->plain = !txf_needs_escape(c->joiner, c->jn);
	for (size_t r = 0; r < n; r++) {
		txf_str t = txf_count_term(c->u, c->usorted[r]);
		if (c->plain && txf_needs_escape(t.p, t.n))
			c->plain = 0;
		if (t.n > 0)
			memcpy(c->ustr + c->uoff[r], t.p, t.n);
		struct ushort *us = &c->ushort[r];
		memset(us, 0, sizeof *us);
		if (t.n <= sizeof us->b) {
			memcpy(us->b, t.p, t.n);
			us->n = (uint8_t)t.n;
		} else {
			us->n = 255;
		}
	}
	return 0;
}

/* Every table in order: the tokens here, the n-grams by the workers. */
static int
sort_all(struct txf_ngc *c)
{
	int rc;

	/* The tokens are ranked while the workers count their last
	 * batches: they use no rank until B_SORT. */
	if ((rc = rank_tokens(c)) < 0 || (rc = txf_ngc_drain(c)) < 0)
		return rc;
	if ((rc = txf_ngc_submit(c, B_SORT)) < 0)
		return rc;
	return txf_ngc_drain(c);
}

/* The walk: a merge source. */
struct walk {
	struct txf_ngc *c;
	txf_buf term;
	size_t depth;           /* n of the last row's n-gram; 0: none */
	size_t r1;              /* the next token rank */
	size_t rend;            /* the token rank to stop at */
	struct ngw *w;          /* the worker of the current token */
	size_t *len;            /* len[k]: bytes of the n-gram of k tokens */
	size_t *at, *end;       /* at[k], end[k]: the extensions left */
};

static int
walk_push(struct walk *k, size_t n, uint32_t urank)
{
	const struct txf_ngc *c = k->c;
	const struct ushort *us = &c->ushort[urank];
	const char *t = us->b;
	size_t tn = us->n;
	if (tn == 255) {
		t = c->ustr + c->uoff[urank];
		tn = c->uoff[urank + 1] - c->uoff[urank];
	}
	size_t base = n > 1 ? k->len[n - 1] : 0;
	size_t need = base + c->jn + tn + SLACK;

	if (need > k->term.cap && txf_buf_grow(&k->term, need - k->term.n) < 0)
		return TXF_ENOMEM;
	char *o = k->term.p + base;
	if (n > 1) {
		if (c->jn == 1)
			*o++ = c->joiner[0];
		else {
			memcpy(o, c->joiner, c->jn);
			o += c->jn;
		}
	}
	/* Most tokens are short: one fixed copy (the buffer has SLACK to
	 * spare), no call. */
	if (t == us->b)
		memcpy(o, us->b, sizeof *us);
	else
		memcpy(o, t, tn);
	k->term.n = k->len[n] = (size_t)(o + tn - k->term.p);
	return 0;
}

/* Set the extensions of the n-gram of n tokens and rank r. */
static void
walk_children(struct walk *k, size_t n, size_t r)
{
	struct txf_ngc *c = k->c;

	if (n >= c->max) {
		k->at[n + 1] = k->end[n + 1] = 0;
		return;
	}
	const struct level *l = &k->w->lv[n - 1];
	k->at[n + 1] = l->start[r];
	k->end[n + 1] = l->start[r + 1];
}

static int
walk_next(void *state, txf_str *term, uint64_t *v, char *msg, size_t msgsize,
          uint64_t *line)
{
	struct walk *k = state;
	struct txf_ngc *c = k->c;
	int rc;

	(void)msg;
	(void)msgsize;
	(void)line;
	for (;;) {
		size_t d = k->depth;
		if (d == 0) {
			if (k->r1 == k->rend)
				return 0;
			uint32_t r = (uint32_t)k->r1++;
			uint32_t id = c->usorted[r];
			const uint64_t *u = txf_count_vals(c->u, id);
			/* The next token's counts and bytes, read after
			 * this one's n-grams. */
			if (r + 1 < k->rend) {
				TXF_PREFETCH(txf_count_vals(c->u,
				    c->usorted[r + 1]));
				TXF_PREFETCH(&c->ushort[r + 1]);
			}
			k->w = &c->w[id % (uint32_t)c->nw];
			if ((rc = walk_push(k, 1, r)) < 0)
				return rc;
			walk_children(k, 1, r);
			k->depth = 1;
			if (c->min <= 1) {
				v[0] = u[U_DF];
				v[1] = u[U_CF];
				break;
			}
			continue;
		}
		if (k->at[d + 1] < k->end[d + 1]) {
			size_t p = k->at[d + 1]++;
			const struct level *l = &k->w->lv[d - 1];
			const struct wrec *x = &l->r[p];
			/* The walk reads each level's n-grams in the order
			 * of its array, their tokens' bytes all over: fetch
			 * the bytes of one a few rows ahead. */
			if (p + WALK_AHEAD < l->n)
				TXF_PREFETCH(&c->ushort[x[WALK_AHEAD].lrank]);
			if ((rc = walk_push(k, d + 1, x->lrank)) < 0)
				return rc;
			walk_children(k, d + 1, p);
			k->depth = d + 1;
			if (d + 1 >= c->min) {
				v[0] = x->df;
				v[1] = x->cf;
				break;
			}
			continue;
		}
		k->depth = d - 1;
	}
	term->p = k->term.p;
	term->n = k->len[k->depth];
	return 1;
}

static void
walk_free(void *state)
{
	struct walk *k = state;

	if (k == NULL)
		return;
	txf_buf_free(&k->term);
	TXF_FREE_ALL(k->len, k->at, k->end, k);
}

static const txf_merge_source walk_source = { walk_next, walk_free };

static struct walk *
walk_new(struct txf_ngc *c)
{
	struct walk *k = calloc(1, sizeof *k);

	if (k == NULL)
		return NULL;
	k->c = c;
	k->rend = c->nu;
	k->len = calloc(c->max + 2, sizeof *k->len);
	k->at = calloc(c->max + 2, sizeof *k->at);
	k->end = calloc(c->max + 2, sizeof *k->end);
	if (k->len == NULL || k->at == NULL || k->end == NULL) {
		walk_free(k);
		return NULL;
	}
	return k;
}

/* Empty the tables, the tokens' included, for the next run. */
static void
clear_all(struct txf_ngc *c)
{
	for (int i = 0; i < c->nw; i++) {
		for (size_t k = 2; k <= c->max; k++)
			txf_ngc_level_free(&c->w[i].lv[k - 2]);
		c->w[i].mem = 0;
	}
	/* The tokens are numbered again: no number is in flight (the
	 * workers are idle, the batch being filled is empty). */
	txf_count_clear(c->u);
	c->doc = 1;
	c->period = 0;
	c->tdocs = c->ttokens = 0;
	c->b[c->produced % NBATCH].doc0 = 1;
}

/* Write everything counted as a sorted run and start again (between
 * documents). */
int
txf_ngc_spill(struct txf_ngc *c)
{
	struct txf_rwriter wr = TXF_RWRITER_INIT;
	struct walk *k = NULL;
	txf_str t;
	uint64_t v[2];
	int rc;

	struct batch *b = &c->b[c->produced % NBATCH];
	if (b->n > 0 && (rc = txf_ngc_submit(c, B_COUNT)) < 0)
		return rc;
	if ((rc = sort_all(c)) < 0)
		return rc;
	if (c->runs == NULL && (c->runs = txf_runs_new(c->dir)) == NULL)
		return TXF_ENOMEM;
	if ((k = walk_new(c)) == NULL)
		return TXF_ENOMEM;
	if ((rc = txf_rw_open(&wr, c->dir)) < 0)
		goto out;
	while ((rc = walk_next(k, &t, v, NULL, 0, NULL)) > 0)
		if ((rc = txf_rw_row(&wr, t, v, 2)) < 0)
			goto out;
	if (rc < 0 || (rc = txf_rw_flush(&wr)) < 0)
		goto out;
	txf_buf_free(&wr.b);
	rc = txf_runs_add(c->runs, wr.fd, c->tdocs, c->ttokens);
	if (rc == 0)
		wr.fd = -1;
	clear_all(c);
out:
	txf_rw_discard(&wr);
	walk_free(k);
	return rc;
}

txf_merge *
txf_ngc_finish(struct txf_ngc *c, int *err)
{
	struct walk *k;
	int rc;

	if (c->finished) {
		*err = TXF_EINVAL;
		return NULL;
	}
	c->finished = 1;
	struct batch *b = &c->b[c->produced % NBATCH];
	if ((b->n > 0 && (rc = txf_ngc_submit(c, B_COUNT)) < 0) ||
	    (rc = sort_all(c)) < 0) {
		*err = rc;
		return NULL;
	}
	if ((c->m = txf_merge_new()) == NULL || (k = walk_new(c)) == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	if ((rc = txf_merge_add_source(c->m, &walk_source, k)) < 0) {
		walk_free(k);
		*err = rc;
		return NULL;
	}
	if (c->runs != NULL && (rc = txf_merge_add_runs(c->m, c->runs)) < 0) {
		*err = rc;
		return NULL;
	}
	return c->m;
}

/* ------------------------------------------------------------------ */
/* Writing the rows on several threads                                 */

/* The rows under the token of rank r (its own included). */
static uint64_t
subtree_rows(const struct txf_ngc *c, size_t r)
{
	const struct ngw *w = &c->w[c->usorted[r] % (uint32_t)c->nw];
	uint64_t n = c->min <= 1;
	size_t a = r, z = r + 1;

	for (size_t k = 2; k <= c->max && a < z; k++) {
		const struct level *l = &w->lv[k - 2];
		a = l->start[a];
		z = l->start[z];
		if (k >= c->min)
			n += z - a;
	}
	return n;
}

/* A part of the rows, formatted by a thread into buffers. */
struct part {
	size_t r0, r1;          /* its token ranks */
	txf_buf *bufs;
	size_t nbufs, cap;
	int done, rc;
};

/* The parts, taken in order by the threads and written in order by the
 * caller, at most `window` of them formatted ahead of the writing. */
struct fmt {
	struct txf_ngc *c;
	enum txf_idf idf;
	uint64_t ndocs;
	struct part *p;
	size_t np, next, written, window;
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

#define PART_BUF (1 << 20)

/* Format part p's rows into its buffers. */
static int
part_rows(const struct fmt *f, struct part *p)
{
	struct walk *k = walk_new(f->c);
	txf_buf *b = NULL;
	txf_str t;
	uint64_t v[2];
	int rc = TXF_ENOMEM;

	if (k == NULL)
		return rc;
	k->r1 = p->r0;
	k->rend = p->r1;
	while ((rc = walk_next(k, &t, v, NULL, 0, NULL)) > 0) {
		if (b == NULL || b->n >= PART_BUF) {
			if (TXF_GROW(p->bufs, p->cap, p->nbufs + 1, 16) < 0) {
				rc = TXF_ENOMEM;
				break;
			}
			b = &p->bufs[p->nbufs++];
			memset(b, 0, sizeof *b);
			if (txf_buf_grow(b, PART_BUF + 4096) < 0) {
				rc = TXF_ENOMEM;
				break;
			}
		}
		double idf = f->idf == TXF_IDF_NONE ? 0.0 :
		    txf_idf(f->idf, f->ndocs, v[0]);
		if ((f->c->plain ? txf_vocab_format_plain_row(t.p, t.n, v[0],
		    v[1], f->idf, idf, b) : txf_vocab_format_row(t.p, t.n,
		    v[0], v[1], f->idf, idf, b)) < 0) {
			rc = TXF_ENOMEM;
			break;
		}
	}
	walk_free(k);
	return rc;
}

static void *
fmt_main(void *arg)
{
	struct fmt *f = arg;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (!f->stop && f->next < f->np &&
		    f->next >= f->written + f->window)
			pthread_cond_wait(&f->cv, &f->mu);
		if (f->stop || f->next >= f->np)
			break;
		struct part *p = &f->p[f->next++];
		pthread_mutex_unlock(&f->mu);
		int rc = part_rows(f, p);
		pthread_mutex_lock(&f->mu);
		p->rc = rc;
		p->done = 1;
		pthread_cond_broadcast(&f->cv);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

/* Parts of about equal rows: their token ranks into p[0..np). */
static int
split_parts(const struct txf_ngc *c, struct part *p, size_t np)
{
	uint64_t total = 0, acc = 0, *rows;

	if ((rows = malloc((c->nu ? c->nu : 1) * sizeof *rows)) == NULL)
		return TXF_ENOMEM;
	for (size_t r = 0; r < c->nu; r++)
		total += rows[r] = subtree_rows(c, r);
	size_t r = 0;
	for (size_t i = 0; i < np; i++) {
		p[i].r0 = r;
		uint64_t want = total / np * (i + 1);
		while (r < c->nu && (i == np - 1 || acc < want))
			acc += rows[r++];
		p[i].r1 = r;
	}
	free(rows);
	return 0;
}

int
txf_ngc_format(struct txf_ngc *c, enum txf_idf idf, uint64_t ndocs,
               int threads, int (*out)(void *arg, const char *p, size_t n),
               void *arg)
{
	int nt = threads < 1 ? 1 : threads > 16 ? 16 : threads, made;
	struct fmt f = { .c = c, .idf = idf, .ndocs = ndocs,
	    .np = 8 * (size_t)nt, .window = 2 * (size_t)nt };
	pthread_t th[16];
	int rc = 0;

	if (!c->finished || c->runs != NULL || c->m == NULL)
		return TXF_EINVAL;
	/* Many parts: the writing of each overlaps the formatting of the
	 * next ones, and only the last is written alone. */
	if ((f.p = calloc(f.np, sizeof *f.p)) == NULL)
		return TXF_ENOMEM;
	if ((rc = split_parts(c, f.p, f.np)) < 0) {
		free(f.p);
		return rc;
	}
	pthread_mutex_init(&f.mu, NULL);
	pthread_cond_init(&f.cv, NULL);
	for (made = 0; made < nt; made++)
		if (txf_thread_start(&th[made], fmt_main, &f) != 0)
			break;
	for (size_t i = 0; i < f.np; i++) {
		struct part *p = &f.p[i];
		if (made == 0) {
			/* No thread: each part here. */
			p->rc = part_rows(&f, p);
			p->done = 1;
		}
		pthread_mutex_lock(&f.mu);
		while (!p->done)
			pthread_cond_wait(&f.cv, &f.mu);
		pthread_mutex_unlock(&f.mu);
		if (rc == 0)
			rc = p->rc;
		for (size_t j = 0; j < p->nbufs; j++) {
			if (rc == 0)
				rc = out(arg, p->bufs[j].p, p->bufs[j].n);
			txf_buf_free(&p->bufs[j]);
		}
		free(p->bufs);
		p->bufs = NULL;
		p->nbufs = 0;
		pthread_mutex_lock(&f.mu);
		f.written++;
		if (rc < 0)
			f.stop = 1;   /* the threads take no more parts */
		pthread_cond_broadcast(&f.cv);
		pthread_mutex_unlock(&f.mu);
		if (rc < 0)
			break;
	}
	for (int i = 0; i < made; i++)
		pthread_join(th[i], NULL);
	for (size_t i = 0; i < f.np; i++) {
		for (size_t j = 0; j < f.p[i].nbufs; j++)
			txf_buf_free(&f.p[i].bufs[j]);
		free(f.p[i].bufs);
	}
	pthread_mutex_destroy(&f.mu);
	pthread_cond_destroy(&f.cv);
	free(f.p);
	return rc;
}

void
txf_ngc_add_stats(const struct txf_ngc *c, txf_dfstats *st)
{
	st->docs += c->docs;
	st->tokens += c->tokens;
	st->spills += c->runs ? txf_runs_spills(c->runs) : 0;
	st->terms += txf_count_size(c->u);
	for (int i = 0; i < c->nw; i++)
		for (size_t k = 2; k <= c->max; k++)
			st->terms += c->w[i].lv[k - 2].n;
	st->memory += txf_ngc_memory(c);
}
