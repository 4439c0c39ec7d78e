/*
 * ngcount.c - document and collection frequencies of word n-grams
 * counted by token numbers: the counter txf_dfcount_new_docs() makes when
 * the analysis is word n-grams of word-mode tokens.
 *
 * The calling thread tokenizes each text and numbers its tokens in a
 * table of the distinct tokens (where the unigrams are counted).  The
 * numbers of a batch of documents go to every worker; worker w counts the
 * n-grams (n >= 2) whose first token's number is w modulo the workers,
 * each as the pair (number of the (n-1)-gram it extends, number of its
 * last token), in a table of its own for each n: no n-gram is stored as
 * text, and every n-gram and all that it extends belong to one worker.
 *
 * Joined by a joiner whose first byte is below every byte a word-mode
 * token can hold ('0', or a lead or continuation byte), n-grams sort in
 * byte order as their token sequences do, token by token, a sequence
 * before its extensions.  So the end sorts the tokens by their bytes, then
 * for each n the n-grams by (rank of the (n-1)-gram, rank of the last
 * token): a counting sort on the first, small groups on the second.  The
 * rows are then a walk of this tree in order, the n-gram's text built as
 * the walk goes down.  When the tables reach three quarters of the memory
 * limit, the walk is written as a sorted run and counting starts again.
 * The end, the walk and runs, is in ngwalk.c.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ngcount_impl.h"

/* ------------------------------------------------------------------ */
/* Whether an analysis is one this counter does                        */

int
txf_ngc_fits(const txf_analysis *a)
{
	txf_tokopts t;
	txf_ngopts g;

	if (!txf_analysis_has_ngrams(a) || txf_analysis_stem(a) != NULL)
		return 0;
	txf_analysis_tokopts(a, &t);
	txf_analysis_ngopts(a, &g);
	/* Word-mode tokens hold ASCII letters, digits and '_' (from '0'
	 * up) and bytes of non-ASCII characters (from 0x80 up). */
	return t.mode == TXF_MODE_WORD && g.word_min >= 1 &&
	    g.word_max >= 2 && g.skip == 0 && g.char_min == 0 &&
	    g.wb_min == 0 && g.edge_min == 0 && g.joiner_len > 0 &&
	    (unsigned char)g.joiner[0] < '0';
}

/* ------------------------------------------------------------------ */
/* The n-gram tables                                                   */

static inline uint32_t
hash_pair(uint32_t a, uint32_t b)
{
	uint64_t x = ((uint64_t)a << 32 | b) * UINT64_C(0x9e3779b97f4a7c15);

	x ^= x >> 29;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 32;
	return (uint32_t)x;
}

static size_t
level_mem(const struct level *l)
{
	return l->n * sizeof *l->e + (l->slot ? (l->mask + 1) * 4 : 0);
}

/* How many entries ahead of their placing level_grow() fetches slots. */
#define GROW_AHEAD 16

/*
 * More slots: four times as many while that many take at most an eighth
 * of the memory limit (quad: that number of slots), twice as many after.
 * Every entry is placed again at each growth: growing four-fold, the
 * entries placed again add up to a third of the table's, not all of it
 * (the n-grams of pypi.tsv: 5% of vocab --docs -n 1:3's CPU time); the
 * load stays between 3/16 and 3/4.
 */
static int
level_grow(struct level *l, size_t quad)
{
	size_t cap = l->mask + 1;
	size_t ncap = l->slot == NULL ? 1024 : cap * 4 <= quad ? cap * 4 :
	    cap * 2, nmask = ncap - 1;
	/* Zeroed by writing: the probes below read it (txf_zalloc()). */
	uint32_t *ns = txf_zalloc(ncap, sizeof *ns);

	if (ns == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		/* The slots are written all over: fetch one ahead. */
		if (i + GROW_AHEAD < l->n) {
			const struct ent *a = &l->e[i + GROW_AHEAD];
			TXF_PREFETCH(&ns[hash_pair(a->parent, a->last) &
			    nmask]);
		}
		uint32_t h = hash_pair(l->e[i].parent, l->e[i].last);
		size_t pos = h & nmask;
		while (ns[pos] != 0)
			pos = (pos + 1) & nmask;
		ns[pos] = (h & ~IDX_MASK) | (uint32_t)(i + 1);
	}
	free(l->slot);
	l->slot = ns;
	l->mask = nmask;
	return 0;
}

/* The entry of (a, b), added when new: its number, or a negative code. */
static inline int64_t
level_add(struct level *l, uint32_t a, uint32_t b, uint32_t h, size_t quad)
{
	size_t pos = h & l->mask;
	uint32_t tag = h & ~IDX_MASK, s;

	while ((s = l->slot[pos]) != 0) {
		if ((s & ~IDX_MASK) == tag) {
			const struct ent *e = &l->e[(s & IDX_MASK) - 1];
			if (e->parent == a && e->last == b)
				return (int64_t)(s & IDX_MASK) - 1;
		}
		pos = (pos + 1) & l->mask;
	}
	if ((l->n + 1) * 4 > (l->mask + 1) * 3) {
		if (level_grow(l, quad) < 0)
			return TXF_ENOMEM;
		pos = h & l->mask;
		while (l->slot[pos] != 0)
			pos = (pos + 1) & l->mask;
	}
	if (TXF_GROW(l->e, l->cap, l->n + 1, 1024) < 0)
		return TXF_ENOMEM;
	size_t i = l->n++;
	l->e[i].parent = a;
	l->e[i].last = b;
	l->e[i].df = l->e[i].doc = l->e[i].cf = 0;
	l->slot[pos] = tag | (uint32_t)(i + 1);
	return (int64_t)i;
}

void
txf_ngc_level_free(struct level *l)
{
	TXF_FREE_ALL(l->e, l->slot, l->r, l->start, l->rank);
	memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------------ */
/* A worker's counting                                                 */

static int
scratch_room(struct ngw *w, size_t n)
{
	if (n <= w->pcap)
		return 0;
	size_t c = txf_grow_cap(w->pcap, n, 4096, sizeof(uint32_t));
	if (c == 0 || TXF_RESIZE(w->pos, c) < 0 || TXF_RESIZE(w->end, c) < 0 ||
	    TXF_RESIZE(w->doc, c) < 0 || TXF_RESIZE(w->cur, c) < 0 ||
	    TXF_RESIZE(w->h, c) < 0)
		return TXF_ENOMEM;
	w->pcap = c;
	return 0;
}

/* How far ahead of its use a lookup's slot is fetched. */
#define AHEAD 16

/* Count the worker's n-grams of a batch, one n at a time over all its
 * positions, so that the lookups of many documents overlap. */
static int
count_batch(struct ngw *w, const struct batch *b)
{
	struct txf_ngc *c = w->c;
	const uint32_t *ids = b->ids;
	uint32_t nw = (uint32_t)c->nw, me = (uint32_t)w->id;
	size_t np = 0, quad = c->limit / 8 / sizeof(uint32_t);
	uint32_t doc = b->doc0;

	/* The positions whose token is this worker's, with the end of
	 * their text and their document. */
	for (size_t i = 0; i < b->n;) {
		uint32_t hd = ids[i++], k = hd & ~END_DOC;
		if (scratch_room(w, np + k) < 0)
			return TXF_ENOMEM;
		uint32_t e = (uint32_t)(i + k);
		for (uint32_t j = 0; j + 1 < k; j++) {
			if (ids[i + j] % nw != me)
				continue;
			w->pos[np] = (uint32_t)(i + j);
			w->end[np] = e;
			w->doc[np] = doc;
			w->cur[np] = ids[i + j];
			np++;
		}
		i += k;
		if (hd & END_DOC)
			doc++;
	}
	for (size_t k = 2; k <= c->max && np > 0; k++) {
		struct level *l = &w->lv[k - 2];
		size_t m = 0;
		/* Keep the positions with room for k tokens. */
		for (size_t j = 0; j < np; j++) {
			if (w->pos[j] + k > w->end[j])
				continue;
			w->pos[m] = w->pos[j];
			w->end[m] = w->end[j];
			w->doc[m] = w->doc[j];
			w->cur[m] = w->cur[j];
			w->h[m] = hash_pair(w->cur[j], ids[w->pos[j] + k - 1]);
			m++;
		}
		np = m;
		if (np == 0)
			break;
		if (l->slot == NULL && level_grow(l, quad) < 0)
			return TXF_ENOMEM;
		for (size_t j = 0; j < np; j++) {
			if (j + AHEAD < np)
				TXF_PREFETCH(&l->slot[w->h[j + AHEAD] & l->mask]);
			if (j + AHEAD / 2 < np) {
				uint32_t s = l->slot[w->h[j + AHEAD / 2] &
				    l->mask];
				if (s != 0)
					TXF_PREFETCH(&l->e[(s & IDX_MASK) - 1]);
			}
			int64_t i = level_add(l, w->cur[j],
			    ids[w->pos[j] + k - 1], w->h[j], quad);
			if (i < 0)
				return (int)i;
			struct ent *e = &l->e[i];
			e->cf++;
			if (e->doc != w->doc[j]) {
				e->doc = w->doc[j];
				e->df++;
			}
			w->cur[j] = (uint32_t)i;
		}
	}
	size_t mem = 0;
	for (size_t k = 2; k <= c->max; k++)
		mem += level_mem(&w->lv[k - 2]);
	__atomic_store_n(&w->mem, mem, __ATOMIC_RELAXED);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The workers                                                         */

static void
fail(struct txf_ngc *c, int rc, int e)
{
	if (c->err == 0) {
		c->err = rc;
		c->err_errno = e;
	}
}

static void *
worker_main(void *arg)
{
	struct ngw *w = arg;
	struct txf_ngc *c = w->c;

	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (w->done == c->produced)
			pthread_cond_wait(&c->work, &c->mu);
		struct batch *b = &c->b[w->done % NBATCH];
		int failed = c->err != 0;
		pthread_mutex_unlock(&c->mu);

		int rc = 0;
		if (b->cmd == B_QUIT)
			return NULL;
		if (!failed)
			rc = b->cmd == B_SORT ? txf_ngc_sort_worker(w) :
			    count_batch(w, b);
		int e = errno;
		pthread_mutex_lock(&c->mu);
		if (rc < 0)
			fail(c, rc, e);
		w->done++;
		pthread_cond_broadcast(&c->idle);
		pthread_mutex_unlock(&c->mu);
	}
}

/* Tokens of texts pending before they are numbered. */
#define PENDING 256

/* Number the pending texts' tokens (counting them) and put the numbers
 * in the batch being filled. */
static int
number_pending(struct txf_ngc *c)
{
	int rc;

	if (c->pend.n == 0)
		return 0;
	if ((rc = txf_pend_count(&c->pend, c->u)) < 0)
		return rc;
	char *arena = txf_count_arena(c->u);
	const size_t *idx = c->pend.idx, *rec = c->pend.rec;
	struct batch *b = &c->b[c->produced % NBATCH];
	size_t k = 0;
	for (size_t t = 0; t < c->nptx; t++) {
		const struct ptext *x = &c->ptx[t];
		uint32_t *o = b->ids + x->at + 1;
		for (uint32_t i = 0; i < x->n; i++, k++) {
			uint64_t *v = (uint64_t *)(void *)(arena + rec[k]);
			v[U_CF]++;
			if (v[U_LAST] != x->doc) {
				v[U_LAST] = x->doc;
				v[U_DF]++;
			}
			o[i] = (uint32_t)idx[k];
		}
	}
	c->nptx = 0;
	txf_pend_clear(&c->pend);
	return 0;
}

/* The least number of batches every worker has done (under c->mu). */
static uint64_t
least_done(const struct txf_ngc *c)
{
	uint64_t d = c->produced;

	for (int i = 0; i < c->nw; i++)
		if (c->w[i].done < d)
			d = c->w[i].done;
	return d;
}

/* Hand the batch being filled over, with command cmd, and wait for the
 * next one to be free.  Returns 0 or the first error of a worker. */
int
txf_ngc_submit(struct txf_ngc *c, int cmd)
{
	int rc;

	if ((rc = number_pending(c)) < 0)
		return rc;
	pthread_mutex_lock(&c->mu);
	c->b[c->produced % NBATCH].cmd = cmd;
	c->produced++;
	pthread_cond_broadcast(&c->work);
	while (c->err == 0 && least_done(c) + NBATCH <= c->produced)
		pthread_cond_wait(&c->idle, &c->mu);
	if ((rc = c->err) != 0)
		errno = c->err_errno;
	pthread_mutex_unlock(&c->mu);
	struct batch *b = &c->b[c->produced % NBATCH];
	b->n = 0;
	b->doc0 = c->doc;
	return rc;
}

/* Wait until every worker has done every batch. */
int
txf_ngc_drain(struct txf_ngc *c)
{
	int rc;

	pthread_mutex_lock(&c->mu);
	while (c->err == 0 && least_done(c) < c->produced)
		pthread_cond_wait(&c->idle, &c->mu);
	if ((rc = c->err) != 0)
		errno = c->err_errno;
	pthread_mutex_unlock(&c->mu);
	return rc;
}

static void
workers_stop(struct txf_ngc *c)
{
	if (!c->started)
		return;
	pthread_mutex_lock(&c->mu);
	/* Wait for room, then the command to quit. */
	while (least_done(c) + NBATCH <= c->produced)
		pthread_cond_wait(&c->idle, &c->mu);
	c->b[c->produced % NBATCH].cmd = B_QUIT;
	c->produced++;
	pthread_cond_broadcast(&c->work);
	pthread_mutex_unlock(&c->mu);
	for (int i = 0; i < c->nw; i++)
		pthread_join(c->w[i].th, NULL);
	c->started = 0;
}

/* ------------------------------------------------------------------ */
/* The counter                                                         */

TXF_DEFINE_FREE(txf_ngc_free, struct txf_ngc, c)
{
	workers_stop(c);
	txf_merge_free(c->m);
	if (c->w != NULL) {
		for (int i = 0; i < c->nw; i++) {
			struct ngw *w = &c->w[i];
			if (w->lv != NULL)
				for (size_t k = 2; k <= c->max; k++)
					txf_ngc_level_free(&w->lv[k - 2]);
			TXF_FREE_ALL(w->lv, w->pos, w->end, w->doc, w->cur,
			    w->h);
		}
		free(c->w);
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->work);
		pthread_cond_destroy(&c->idle);
	}
	for (int i = 0; i < NBATCH; i++)
		free(c->b[i].ids);
	txf_count_free(c->u);
	txf_pend_free(&c->pend);
	txf_runs_free(c->runs);
	txf_analyzer_free(c->z);
	TXF_FREE_ALL(c->ptx, c->usorted,
	    c->urank, c->ustr, c->uoff, c->ushort, c->joiner, c->dir, c);
}

struct txf_ngc *
txf_ngc_new(size_t limit, const char *dir, int threads, const txf_analyzer *z,
            int *err)
{
	struct txf_ngc *c = calloc(1, sizeof *c);
	txf_ngopts g;
	int i;

	*err = TXF_ENOMEM;
	if (c == NULL)
		return NULL;
	c->nw = threads < 1 ? 1 : threads;
	c->limit = limit;
	c->pmax = limit / 8 < MAX_PERIOD ? limit / 8 : MAX_PERIOD;
	if (c->pmax < 4096)
		c->pmax = 4096;
	c->qmax = limit / 256 < QIDS ? limit / 256 : QIDS;
	if (c->qmax < 64)
		c->qmax = 64;
	c->doc = 1;
	txf_analysis_ngopts(txf_analyzer_analysis(z), &g);
	c->min = g.word_min;
	c->max = g.word_max;
	c->jn = g.joiner_len;
	if ((c->z = txf_analyzer_dup(z)) == NULL ||
	    (c->joiner = malloc(c->jn)) == NULL ||
	    (dir != NULL && (c->dir = strdup(dir)) == NULL) ||
	    (c->u = txf_count_new(U_NVALS)) == NULL ||
	    (c->w = calloc((size_t)c->nw, sizeof *c->w)) == NULL) {
		*err = TXF_ENOMEM;
		goto fail;
	}
	memcpy(c->joiner, g.joiner, c->jn);
	c->tk = txf_analyzer_tokenizer(c->z);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->idle, NULL);
	for (i = 0; i < NBATCH; i++)
		if ((c->b[i].ids = malloc(QIDS * 2 * sizeof(uint32_t))) == NULL)
			goto fail;
	c->b[0].doc0 = 1;
	for (i = 0; i < c->nw; i++) {
		c->w[i].c = c;
		c->w[i].id = i;
		if ((c->w[i].lv = calloc(c->max - 1, sizeof *c->w[i].lv)) ==
		    NULL)
			goto fail;
	}
	for (i = 0; i < c->nw; i++)
		if (txf_thread_start(&c->w[i].th, worker_main, &c->w[i]) != 0)
			break;
	if (i < c->nw) {
		int made = i;
		c->nw = made;   /* stop those made */
		c->started = made > 0;
		goto fail;
	}
	c->started = 1;
	return c;
fail:
	txf_ngc_free(c);
	return NULL;
}

/* The bytes counted against the limit. */
size_t
txf_ngc_memory(const struct txf_ngc *c)
{
	size_t m = txf_count_memory(c->u);

	for (int i = 0; i < c->nw; i++)
		m += __atomic_load_n(&c->w[i].mem, __ATOMIC_RELAXED);
	return m;
}

/* N-grams of min..max tokens in a text of nt tokens. */
static uint64_t
ngrams_of(const struct txf_ngc *c, size_t nt)
{
	uint64_t n = 0;

	for (size_t k = c->min; k <= c->max && k <= nt; k++)
		n += nt - k + 1;
	return n;
}

int
txf_ngc_add_text(struct txf_ngc *c, const char *p, size_t n)
{
	txf_tokens toks;
	int rc;

	if (c->finished)
		return TXF_EINVAL;
	if ((rc = txf_tokenize(c->tk, p, n, &toks)) < 0)
		return rc;
	size_t nt = toks.n;
	if (nt > c->pmax / 2)
		return 1;
	/* A run ends before the numbers of a period could overflow. */
	if (c->period + nt > c->pmax && (rc = txf_ngc_spill(c)) < 0)
		return rc;
	uint64_t ng = ngrams_of(c, nt);
	if (ng > UINT64_MAX - c->tokens)
		return TXF_ERANGE;
	if (TXF_GROW(c->ptx, c->capptx, c->nptx + 1, 64) < 0)
		return TXF_ENOMEM;
	struct batch *b = &c->b[c->produced % NBATCH];
	if (b->n + nt + 1 > QIDS * 2 && b->n > 0) {
		if ((rc = txf_ngc_submit(c, B_COUNT)) < 0)
			return rc;
		b = &c->b[c->produced % NBATCH];
	}
	if (b->n + nt + 1 > QIDS * 2) {
		/* A text larger than a batch: a batch of its own. */
		uint32_t *ids = realloc(b->ids, (nt + 1) * sizeof *ids);
		if (ids == NULL)
			return TXF_ENOMEM;
		b->ids = ids;
	}
	if (txf_pend_add(&c->pend, toks.v, nt) < 0)
		return TXF_ENOMEM;
	/* The count word now, the numbers when the text is numbered. */
	struct ptext *x = &c->ptx[c->nptx++];
	x->at = b->n;
	x->n = (uint32_t)nt;
	x->doc = c->doc;
	b->ids[b->n] = (uint32_t)nt;
	b->n += nt + 1;
	c->period += nt;
	c->tokens += ng;
	c->ttokens += ng;
	return c->pend.n >= PENDING ? number_pending(c) : 0;
}

int
txf_ngc_end_doc(struct txf_ngc *c)
{
	int rc;

	if (c->finished)
		return TXF_EINVAL;
	if (c->docs == UINT64_MAX)
		return TXF_ERANGE;
	struct batch *b = &c->b[c->produced % NBATCH];
	if (b->n + 1 > QIDS * 2 && (rc = txf_ngc_submit(c, B_COUNT)) < 0)
		return rc;
	b = &c->b[c->produced % NBATCH];
	b->ids[b->n++] = END_DOC;
	c->docs++;
	c->tdocs++;
	c->doc++;
	if (b->n >= c->qmax) {
		if ((rc = txf_ngc_submit(c, B_COUNT)) < 0)
			return rc;
		if (txf_ngc_memory(c) >= c->limit - c->limit / 4 ||
		    c->doc >= END_DOC)
			return txf_ngc_spill(c);
	}
	return 0;
}
