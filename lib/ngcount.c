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
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"
#include "spill.h"

/* The unigram table's counters. */
enum { U_DF, U_CF, U_LAST, U_NVALS };

/* A slot of an n-gram table: a tag (the hash's top bits) over the entry
 * number + 1.  Entries of a table stay below 2^IDX_BITS - 1: a table
 * holds at most as many entries as tokens were counted since the last
 * run, which stay at most MAX_PERIOD (and an eighth of the memory limit:
 * c->pmax).  A text of more than half that many tokens is left to the
 * caller (txf_ngc_add_text() returns 1). */
#define IDX_BITS 26
#define IDX_MASK ((UINT32_C(1) << IDX_BITS) - 1)
#define MAX_PERIOD ((uint64_t)IDX_MASK - 1)

/* Token numbers a batch holds before it is handed over (fewer under a
 * small memory limit, which is checked as batches are handed over), and
 * batches. */
#define QIDS (64 * 1024)
#define NBATCH 4

/* An n-gram: what it extends (a token number for n = 2, else an entry
 * of the table for n - 1), its last token's number, its counts. */
struct ent {
	uint32_t parent, last;
	uint32_t df, doc, cf;
};

/* A token of at most 15 bytes (n), or a longer one (n = 255). */
struct ushort {
	char b[15];
	uint8_t n;
};

/* An n-gram in order, at the end: its last token's rank, its counts. */
struct wrec {
	uint32_t lrank, df, cf, old;
};

/* The table of one n of one worker. */
struct level {
	struct ent *e;
	size_t n, cap;
	uint32_t *slot;         /* mask + 1 */
	size_t mask;
	/* At the end: the n-grams in order, and where the extensions of
	 * each (n-1)-gram (by rank) start in it. */
	struct wrec *r;
	uint32_t *start;        /* parents + 1 */
	uint32_t *rank;         /* rank of each entry, until n + 1 is done */
};

/* A batch: per text, a word (count, high bit: the document ends there)
 * and the token numbers. */
struct batch {
	uint32_t *ids;
	size_t n;
	uint32_t doc0;          /* number of its first document */
	int cmd;                /* B_COUNT, B_SORT, B_QUIT */
};

enum { B_COUNT, B_SORT, B_QUIT };
#define END_DOC (UINT32_C(1) << 31)

struct ngw {
	struct txf_ngc *c;
	int id;
	struct level *lv;       /* lv[k] counts n = k + 2 */
	size_t mem;             /* bytes of the tables (relaxed atomic) */
	pthread_t th;
	uint64_t done;          /* batches counted (under c->mu) */
	/* Scratch for a batch: the positions of the worker's n-grams. */
	uint32_t *pos, *end, *doc, *cur, *h;
	size_t pcap;
	int err;
};

struct txf_ngc {
	txf_analyzer *z;
	txf_tokenizer *tk;
	size_t min, max;        /* n-grams of min..max tokens (max >= 2) */
	char *joiner;
	size_t jn;
	size_t limit;
	size_t qmax;            /* hand a batch over at this many numbers */
	char *dir;

	txf_count *u;           /* the tokens: U_DF, U_CF, U_LAST */
	size_t *uidx, *urec;    /* a text's: numbers, record offsets */
	size_t ucap;
	uint64_t docs, tokens;  /* in all */
	uint64_t tdocs, ttokens;/* since the last run */
	uint64_t period;        /* tokens numbered since the last run */
	uint64_t pmax;          /* at most this many */
	uint32_t doc;           /* the current document, from 1 each run */
	txf_runs *runs;

	/* At the end: the tokens in order, their ranks, and their bytes
	 * in order (token r is ustr[uoff[r]..uoff[r + 1])), the short ones
	 * also in ushort[r], one cache line each. */
	size_t nu;
	uint32_t *usorted, *urank;
	char *ustr;
	size_t *uoff;
	struct ushort *ushort;

	int nw;
	struct ngw *w;
	pthread_mutex_t mu;
	pthread_cond_t work, idle;
	struct batch b[NBATCH];
	uint64_t produced;      /* batches handed over */
	int started;
	int err, err_errno;

	txf_merge *m;
	int finished;
};

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

static int
level_grow(struct level *l)
{
	size_t ncap = l->slot ? 2 * (l->mask + 1) : 1024, nmask = ncap - 1;
	uint32_t *ns = calloc(ncap, sizeof *ns);

	if (ns == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
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
level_add(struct level *l, uint32_t a, uint32_t b, uint32_t h)
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
		if (level_grow(l) < 0)
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

static void
level_free(struct level *l)
{
	free(l->e);
	free(l->slot);
	free(l->r);
	free(l->start);
	free(l->rank);
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

/* Bytes the walk may copy past a token, and past the n-gram it makes. */
#define SLACK 16

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
	size_t np = 0;
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
		if (l->slot == NULL && level_grow(l) < 0)
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
			    ids[w->pos[j] + k - 1], w->h[j]);
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
/* A worker's part of the end: its n-grams in order                    */

static int
cmp_lrank(const void *a, const void *b)
{
	uint32_t x = ((const struct wrec *)a)->lrank;
	uint32_t y = ((const struct wrec *)b)->lrank;

	return x < y ? -1 : x > y;
}

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
	if ((l->start = calloc(np + 2, sizeof *l->start)) == NULL ||
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
	for (size_t p = 0; p < np; p++) {
		size_t a = start[p], z = start[p + 1];
		if (z - a < 2)
			continue;
		if (z - a <= 16) {
			for (size_t i = a + 1; i < z; i++) {
				struct wrec x = l->r[i];
				size_t j = i;
				while (j > a && l->r[j - 1].lrank > x.lrank) {
					l->r[j] = l->r[j - 1];
					j--;
				}
				l->r[j] = x;
			}
		} else {
			qsort(l->r + a, z - a, sizeof *l->r, cmp_lrank);
		}
	}
	for (size_t i = 0; i < n; i++)
		l->rank[l->r[i].old] = (uint32_t)i;
	return 0;
}

static int
sort_worker(struct ngw *w)
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
			rc = b->cmd == B_SORT ? sort_worker(w) :
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
static int
submit(struct txf_ngc *c, int cmd)
{
	int rc;

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
static int
drain(struct txf_ngc *c)
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

void
txf_ngc_free(struct txf_ngc *c)
{
	if (c == NULL)
		return;
	workers_stop(c);
	txf_merge_free(c->m);
	if (c->w != NULL) {
		for (int i = 0; i < c->nw; i++) {
			struct ngw *w = &c->w[i];
			if (w->lv != NULL)
				for (size_t k = 2; k <= c->max; k++)
					level_free(&w->lv[k - 2]);
			free(w->lv);
			free(w->pos);
			free(w->end);
			free(w->doc);
			free(w->cur);
			free(w->h);
		}
		free(c->w);
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->work);
		pthread_cond_destroy(&c->idle);
	}
	for (int i = 0; i < NBATCH; i++)
		free(c->b[i].ids);
	txf_count_free(c->u);
	free(c->uidx);
	free(c->urec);
	free(c->usorted);
	free(c->urank);
	free(c->ustr);
	free(c->uoff);
	free(c->ushort);
	txf_runs_free(c->runs);
	txf_analyzer_free(c->z);
	free(c->joiner);
	free(c->dir);
	free(c);
}

struct txf_ngc *
txf_ngc_new(size_t limit, const char *dir, int threads, const txf_analyzer *z,
            int *err)
{
	struct txf_ngc *c = calloc(1, sizeof *c);
	txf_ngopts g;
	sigset_t all, old;
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
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < c->nw; i++)
		if (pthread_create(&c->w[i].th, NULL, worker_main, &c->w[i]) !=
		    0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
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

static int spill(struct txf_ngc *c);

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
	if (c->period + nt > c->pmax && (rc = spill(c)) < 0)
		return rc;
	uint64_t ng = ngrams_of(c, nt);
	if (ng > UINT64_MAX - c->tokens)
		return TXF_ERANGE;
	if (nt > c->ucap) {
		size_t cap = txf_grow_cap(c->ucap, nt, 256, sizeof *c->uidx);
		if (cap == 0 || TXF_RESIZE(c->uidx, cap) < 0 ||
		    TXF_RESIZE(c->urec, cap) < 0)
			return TXF_ENOMEM;
		c->ucap = cap;
	}
	if ((rc = txf_count_add_many_both(c->u, toks.v, nt, c->uidx,
	    c->urec)) < 0)
		return rc;
	char *arena = txf_count_arena(c->u);
	struct batch *b = &c->b[c->produced % NBATCH];
	if (b->n + nt + 1 > QIDS * 2 && b->n > 0) {
		if ((rc = submit(c, B_COUNT)) < 0)
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
	uint32_t *o = b->ids + b->n;
	*o++ = (uint32_t)nt;
	for (size_t i = 0; i < nt; i++) {
		uint64_t *v = (uint64_t *)(void *)(arena + c->urec[i]);
		v[U_CF]++;
		if (v[U_LAST] != c->doc) {
			v[U_LAST] = c->doc;
			v[U_DF]++;
		}
		*o++ = (uint32_t)c->uidx[i];
	}
	b->n += nt + 1;
	c->period += nt;
	c->tokens += ng;
	c->ttokens += ng;
	return 0;
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
	if (b->n + 1 > QIDS * 2 && (rc = submit(c, B_COUNT)) < 0)
		return rc;
	b = &c->b[c->produced % NBATCH];
	b->ids[b->n++] = END_DOC;
	c->docs++;
	c->tdocs++;
	c->doc++;
	if (b->n >= c->qmax) {
		if ((rc = submit(c, B_COUNT)) < 0)
			return rc;
		if (txf_ngc_memory(c) >= c->limit - c->limit / 4 ||
		    c->doc >= END_DOC)
			return spill(c);
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
	for (size_t r = 0; r < n; r++) {
		txf_str t = txf_count_term(c->u, c->usorted[r]);
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

	if ((rc = drain(c)) < 0 || (rc = rank_tokens(c)) < 0)
		return rc;
	if ((rc = submit(c, B_SORT)) < 0)
		return rc;
	return drain(c);
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
			const struct wrec *x = &k->w->lv[d - 1].r[p];
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
	free(k->len);
	free(k->at);
	free(k->end);
	free(k);
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
			level_free(&c->w[i].lv[k - 2]);
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
static int
spill(struct txf_ngc *c)
{
	struct txf_rwriter wr = TXF_RWRITER_INIT;
	struct walk *k = NULL;
	txf_str t;
	uint64_t v[2];
	int rc;

	struct batch *b = &c->b[c->produced % NBATCH];
	if (b->n > 0 && (rc = submit(c, B_COUNT)) < 0)
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
	if ((b->n > 0 && (rc = submit(c, B_COUNT)) < 0) ||
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

/* A part of the rows, formatted in a thread of its own into buffers. */
struct part {
	struct txf_ngc *c;
	size_t r0, r1;          /* its token ranks */
	enum txf_idf idf;
	uint64_t ndocs;
	int (*out)(void *, const char *, size_t);   /* NULL: into bufs */
	void *arg;
	txf_buf *bufs;
	size_t nbufs, cap;
	pthread_t th;
	int rc;
};

#define PART_BUF (1 << 20)

static void *
part_main(void *arg)
{
	struct part *p = arg;
	struct walk *k = walk_new(p->c);
	txf_buf *b = NULL, own = { 0 };
	txf_str t;
	uint64_t v[2];
	int rc = TXF_ENOMEM;

	if (k == NULL)
		goto out;
	k->r1 = p->r0;
	k->rend = p->r1;
	if (p->out != NULL)
		b = &own;
	while ((rc = walk_next(k, &t, v, NULL, 0, NULL)) > 0) {
		if (b == NULL || b->n >= PART_BUF) {
			if (p->out != NULL) {
				if ((rc = p->out(p->arg, b->p, b->n)) < 0)
					break;
				b->n = 0;
			} else {
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
		}
		if (txf_vocab_format_row(t.p, t.n, v[0], v[1], p->idf,
		    txf_idf(p->idf, p->ndocs, v[0]), b) < 0) {
			rc = TXF_ENOMEM;
			break;
		}
	}
	if (rc == 0 && p->out != NULL && b->n > 0)
		rc = p->out(p->arg, b->p, b->n);
out:
	txf_buf_free(&own);
	walk_free(k);
	p->rc = rc;
	return NULL;
}

int
txf_ngc_format(struct txf_ngc *c, enum txf_idf idf, uint64_t ndocs,
               int threads, int (*out)(void *arg, const char *p, size_t n),
               void *arg)
{
	int np = threads < 1 ? 1 : threads > 16 ? 16 : threads, made = 0;
	struct part p[16];
	uint64_t total = 0, *rows;
	int rc = 0;

	if (!c->finished || c->runs != NULL || c->m == NULL)
		return TXF_EINVAL;
	if ((rows = malloc((c->nu ? c->nu : 1) * sizeof *rows)) == NULL)
		return TXF_ENOMEM;
	for (size_t r = 0; r < c->nu; r++)
		total += rows[r] = subtree_rows(c, r);
	/* Parts of about equal rows; the first is written as it is made,
	 * the others are kept until their turn. */
	size_t r = 0;
	uint64_t acc = 0;
	for (int i = 0; i < np; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].c = c;
		p[i].idf = idf;
		p[i].ndocs = ndocs;
		p[i].r0 = r;
		uint64_t want = total / (uint64_t)np * (uint64_t)(i + 1);
		while (r < c->nu && (i == np - 1 || acc < want))
			acc += rows[r++];
		p[i].r1 = r;
	}
	free(rows);
	p[0].out = out;
	p[0].arg = arg;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (made = 1; made < np; made++)
		if (pthread_create(&p[made].th, NULL, part_main, &p[made]) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	part_main(&p[0]);
	rc = p[0].rc;
	for (int i = 1; i < np; i++) {
		if (i < made)
			pthread_join(p[i].th, NULL);
		else
			part_main(&p[i]);     /* no thread: here */
		if (rc == 0)
			rc = p[i].rc;
		for (size_t j = 0; j < p[i].nbufs; j++) {
			if (rc == 0)
				rc = out(arg, p[i].bufs[j].p, p[i].bufs[j].n);
			txf_buf_free(&p[i].bufs[j]);
		}
		free(p[i].bufs);
	}
	return rc;
}

uint64_t
txf_ngc_docs(const struct txf_ngc *c)
{
	return c->docs;
}

uint64_t
txf_ngc_tokens(const struct txf_ngc *c)
{
	return c->tokens;
}

uint64_t
txf_ngc_spills(const struct txf_ngc *c)
{
	return c->runs ? txf_runs_spills(c->runs) : 0;
}

size_t
txf_ngc_terms(const struct txf_ngc *c)
{
	size_t n = txf_count_size(c->u);

	for (int i = 0; i < c->nw; i++)
		for (size_t k = 2; k <= c->max; k++)
			n += c->w[i].lv[k - 2].n;
	return n;
}
