/*
 * index_search.c - top-k search of an index: block-max MaxScore, rank
 * safe (the top k an exhaustive scoring gives), BM25 or tf-idf cosine.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index_search.h"
#include "internal.h"

/* ------------------------------------------------------------------ */
/* Search                                                              */

/*
 * Block-max MaxScore, a document at a time.  The query's lists are
 * ordered by their bounds (the largest score a posting of theirs can
 * give).  The first lists, whose bounds sum to at most the k-th score
 * found so far, are non-essential: a document that only they hold cannot
 * enter the top k, so the candidates are the other (essential) lists'
 * documents, and the non-essential lists are looked up for them.  The
 * documents are walked in regions within which every list stays inside
 * one of its blocks (the skip tables say where, without decoding):
 *  - a region whose blocks' bounds sum to at most the k-th score is
 *    passed over, its blocks left undecoded;
 *  - a candidate whose essential score, plus the bounds of the
 *    non-essential lists' blocks it has not looked up yet, cannot pass the
 *    k-th score is dropped there.
 * A block's bound bounds only the postings inside it.  Every bound is
 * compared with SLACK of room for rounding, and a document is dropped
 * only when its exact score cannot beat the k-th: as documents come in
 * increasing order, a later one with an equal score ranks below.  So the
 * top k are those --exhaustive gives (every document scored), byte for
 * byte.
 *
 * The top k are collected by index_topk.c.
 * Before the walk, txf_ix_prepass() (index_prepass.c) gives a first
 * threshold.
 */

/* The size of a core's second-level cache (1 MiB when not known). */
static size_t
cache_size(void)
{
	long n = -1;
#ifdef _SC_LEVEL2_CACHE_SIZE
	n = sysconf(_SC_LEVEL2_CACHE_SIZE);
#endif
	return n > 0 ? (size_t)n : (size_t)1 << 20;
}

txf_ix_searcher *
txf_ix_searcher_new(const txf_ix *ix, const txf_ix_searchopts *o)
{
	txf_ix_searcher *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->ix = ix;
	s->o = *o;
	if (s->o.k == 0)
		s->o.k = 1;
	if (s->o.k > ix->docs)
		s->o.k = ix->docs ? ix->docs : 1;
	s->defaults = o->k1 == 1.2 && o->b == 0.75;
	s->tfidf = o->score == TXF_IX_TFIDF;
	s->nnorm = (size_t)ix->maxdoc + 1;
	if (s->nnorm > 65536)
		s->nnorm = 65536;
	if (ix->wlen == 1) {
		s->nnorm = 256;
		s->dl1 = ix->sec[IX_DOCLEN].p;
	}
	s->pfbase = ix->sec[IX_DOCLEN].p;
	s->pfshift = ix->wlen == 1 ? 0 : ix->wlen == 2 ? 1 : 2;
	if (s->tfidf) {
		s->pfbase = (const uint8_t *)o->dnorm;
		s->pfshift = 3;
	}
	s->prefetch = ((size_t)ix->docs << s->pfshift) > cache_size();
	s->normtab = malloc(s->nnorm * sizeof *s->normtab);
	if (s->normtab != NULL)
		for (size_t i = 0; i < s->nnorm; i++) {
			double ratio = ix->avgdl > 0 ? (double)i / ix->avgdl : 1;
			s->normtab[i] = o->k1 * (1 - o->b + o->b * ratio);
		}
	s->q = txf_count_new(1);
	s->tc = txf_count_new(TC_NVALS);
	s->pre = malloc(PRE_BLOCKS * TXF_IX_BLOCK * sizeof *s->pre);
	if (s->q == NULL || s->tc == NULL ||
	    txf_topk_init(&s->top, s->o.k) < 0 ||
	    s->normtab == NULL ||
	    s->pre == NULL) {
		txf_ix_searcher_free(s);
		return NULL;
	}
	return s;
}

TXF_DEFINE_FREE(txf_ix_searcher_free, txf_ix_searcher, s)
{
	txf_count_free(s->q);
	txf_count_free(s->tc);
	txf_topk_free(&s->top);
	txf_ix_bits_free(s);
	TXF_FREE_ALL(s->normtab, s->cur, s->cs, s->rl, s->prefix, s->nrest,
	    s->pre, s);
}

static inline void
cur_done(struct cur *c)
{
	c->bi = c->nb;
	c->bfirst = END;
	c->blast = END;
	c->bub = 0;
	c->ctf = 0;
	c->cv = 0;
}

/* Move c to its first block whose last document is d or after, by the
 * skip table alone (done when there is none). */
static inline void
shallow(const txf_ix_searcher *s, struct cur *c, uint64_t d)
{
	if (c->blast >= d)
		return;
	uint32_t i = c->bi + 1 < c->nb ? block_of(c, c->bi + 1, d) : c->nb;
	if (i >= c->nb) {
		cur_done(c);
		return;
	}
	const uint8_t *e = c->skip + (size_t)i * IX_SKIP;
	c->bi = i;
	c->bfirst = ix_get32(e - IX_SKIP) + 1;
	c->blast = ix_get32(e);
	c->bub = skip_bound(s, c, e);
}

uint32_t
txf_ix_block_at(const txf_ix_searcher *s, const struct cur *c, uint32_t i,
                uint32_t *docs, uint32_t *tfs, const uint8_t **blk)
{
	size_t start = 0, end = c->payn;
	uint32_t prev = UINT32_MAX, n = c->df;
	uint64_t last = END64;

	if (c->nb > 1) {
		const uint8_t *e = c->skip + (size_t)i * IX_SKIP;
		end = ix_get32(e + 4);
		last = ix_get32(e);
		if (i > 0) {
			start = ix_get32(e - IX_SKIP + 4);
			prev = ix_get32(e - IX_SKIP);
		}
		n = i + 1 < c->nb ? TXF_IX_BLOCK :
		    c->df - (c->nb - 1) * TXF_IX_BLOCK;
	}
	if (end < start || end > c->payn)
		return 0;
	long r = txf_ix_block_docs(c->pay + start, end - start, n, prev, docs,
	    IX_LANES(s->ix));
	if (r < 0 || docs[n - 1] >= s->ix->docs ||
	    (last != END64 && docs[n - 1] != last))
		return 0;
	*blk = c->pay + start;
	if (tfs != NULL && txf_ix_block_tfs(*blk, n, tfs, IX_LANES(s->ix)) < 0)
		return 0;
	/* END is all ones: one fill of PAD words. */
	memset(docs + n, 0xff, PAD * sizeof *docs);
	return n;
}

/* Decode c's current block, its counts too when tfs is set.  0, or -1
 * (s->bad set, c done) when it is malformed. */
static int
load(txf_ix_searcher *s, struct cur *c, int tfs)
{
	uint32_t n = txf_ix_block_at(s, c, c->bi, c->docs, tfs ? c->tfs : NULL,
	    &c->blk);

	if (n == 0) {
		s->bad = 1;
		cur_done(c);
		return -1;
	}
	c->tfok = tfs != 0;
	c->dec = c->bi + 1;
	c->n = n;
	c->pos = 0;
	return 0;
}

/* Set up the cursor of a term (c->w set): 0, or -1 when its record is
 * malformed. */
static int
cur_open(txf_ix_searcher *s, struct cur *c, const txf_ix_term *t)
{
	c->df = t->df;
	c->nb = (t->df + TXF_IX_BLOCK - 1) / TXF_IX_BLOCK;
	c->wq = c->w / 255;
	c->bi = 0;
	c->dec = 0;
	c->loose = 0;
	c->bits = NULL;
	c->ctf = 0;
	c->cv = 0;
	c->bfirst = 0;
	if (c->nb > 1) {
		size_t head = IX_THEAD + (size_t)c->nb * IX_SKIP;
		if (t->n < head)
			return -1;
		c->skip = t->p + IX_THEAD;
		c->pay = t->p + head;
		c->payn = t->n - head;
		if (s->tfidf)
			c->ub = c->w / s->qnorm;
		else
			c->ub = c->w * (s->defaults ? (double)t->p[4] / 255 :
			    pair_bound(s, ix_get16(t->p), ix_get16(t->p + 2)));
		c->blast = ix_get32(c->skip);
		c->bub = skip_bound(s, c, c->skip);
		return 0;
	}
	c->skip = NULL;
	c->pay = t->p;
	c->payn = t->n;
	c->blast = END;
	if (load(s, c, 1) < 0)
		return -1;
	c->blast = c->docs[c->n - 1];
	if (s->tfidf) {
		c->ub = c->w / s->qnorm;
	} else {
		/* One block: its exact largest score. */
		double m = 0;
		for (uint32_t i = 0; i < c->n; i++) {
			double tf = (double)c->tfs[i];
			double v = c->w * tf / (tf + bm_norm(s,
			    ix_doclen(s->ix, c->docs[i])));
			if (v > m)
				m = v;
		}
		c->ub = m;
	}
	c->bub = c->ub;
	return 0;
}

static int
grow(txf_ix_searcher *s, size_t nt)
{
	if (nt <= s->ncap)
		return 0;
	size_t cap = nt < 16 ? 16 : nt;
	free(s->cur);
	free(s->cs);
	free(s->rl);
	free(s->prefix);
	free(s->nrest);
	s->cur = malloc(cap * sizeof *s->cur);
	s->cs = malloc(cap * sizeof *s->cs);
	s->rl = malloc(cap * sizeof *s->rl);
	s->prefix = malloc(cap * sizeof *s->prefix);
	s->nrest = malloc(cap * sizeof *s->nrest);
	s->ncap = cap;
	if (s->cur == NULL || s->cs == NULL || s->rl == NULL ||
	    s->prefix == NULL || s->nrest == NULL) {
		s->ncap = 0;
		return TXF_ENOMEM;
	}
	return 0;
}

static int
by_ub(const void *a, const void *b)
{
	const struct cur *x = *(struct cur *const *)a,
	    *y = *(struct cur *const *)b;

	if (x->ub != y->ub)
		return x->ub < y->ub ? -1 : 1;
	return x->qi < y->qi ? -1 : x->qi > y->qi;
}

/*
 * Candidate d, the essential lists' ctf and cv set (part their sum,
 * scaled): look the region's non-essential lists rl[0..ess) up unless it
 * cannot rank, and take it if it does.  0 or TXF_EFORMAT.
 */
static inline int
candidate(txf_ix_searcher *s, size_t m, size_t ess, uint32_t d, double part,
          double scale, double norm, const txf_str *exclude)
{
	struct cur **rl = s->rl;
	int tfidf = s->tfidf;
	int full = s->top.full && !s->o.exhaustive;
	double theta = s->top.theta;

	/* The callers have checked part + nrest[ess - 1] against theta. */
	for (size_t j = ess; j-- > 0;) {
		struct cur *c = rl[j];
		if (full && j + 1 < ess &&
		    (part + s->nrest[j]) * SLACK <= theta)
			return 0;
		c->ctf = 0;
		c->cv = 0;
		if (!may_hold(c, d))
			continue;
		if (c->loose) {
			shallow(s, c, d);
			if (c->bi >= c->nb)
				continue;
		}
		if (c->dec != c->bi + 1 && load(s, c, 0) < 0)
			return TXF_EFORMAT;
		/* The block's last document is d or after. */
		uint32_t p = c->pos;
		p = seek(c->docs, p, d);
		c->pos = p;
		if (c->docs[p] != d)
			continue;
		uint32_t tf = c->tfok ? c->tfs[p] : ix_block_tf(c->blk, c->n, p,
		    IX_LANES(s->ix));
		if (tf == 0) {
			s->bad = 1;
			return TXF_EFORMAT;
		}
		double t = (double)tf;
		c->ctf = tf;
		c->cv = tfidf ? c->w * t * c->idf : c->w * t / (t + norm);
		part += c->cv * scale;
	}
	/* The score, summed in the query's term order as match sums it
	 * (a list without d adds a cv of 0, which changes no sum). */
	double sc = 0;
	for (size_t i = 0; i < m; i++)
		sc += s->cur[i].cv;
	if (tfidf) {
		sc = s->o.dnorm[d] > 0 && s->qnorm > 0 ?
		    sc / (s->qnorm * s->o.dnorm[d]) : 0;
		if (sc > 1)
			sc = 1;
	}
	if (s->top.full && sc <= s->top.theta)
		return 0;
	if (exclude != NULL) {
		txf_str id;
		if (txf_ix_docid(s->ix, d, &id) < 0)
			return TXF_EFORMAT;
		if (id.n == exclude->n && memcmp(id.p, exclude->p, id.n) == 0)
			return 0;
	}
	txf_topk_add(&s->top, d, sc);
	return 0;
}

/*
 * Whether the first non-essential list ne holds document d (1, or 0; -1
 * when its block is malformed): the walks ask it first of a candidate
 * that cannot rank without it, as most go no further.
 */
static inline __attribute__((always_inline)) int
holds(txf_ix_searcher *s, struct cur *ne, uint32_t d)
{
	if (!may_hold(ne, d))
		return 0;
	if (ne->loose)
		shallow(s, ne, d);
	if (ne->bi >= ne->nb)
		return 0;
	if (ne->dec != ne->bi + 1 && load(s, ne, 0) < 0)
		return TXF_EFORMAT;
	ne->pos = seek(ne->docs, ne->pos, d);
	return ne->docs[ne->pos] == d;
}

/*
 * The candidates of a region up to end: the documents of its N essential
 * lists rl[ess..nl) (positioned, counts decoded), merged.  N is a
 * constant (the compiler makes one loop for each).
 */
#define WALK_MAX 4
/* Documents ahead whose lengths are fetched. */
#define PREFETCH 12

static inline __attribute__((always_inline)) int
walk(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint64_t end,
     const txf_str *exclude, const size_t N, const int PF)
{
	struct cur **e = s->rl + ess;
	int tfidf = s->tfidf, prune = !s->o.exhaustive, rc;
	double nrest = ess > 0 ? s->nrest[ess - 1] : 0;
	double rest2 = ess > 1 ? s->nrest[ess - 2] : 0;
	const uint32_t *dv[WALK_MAX], *tv[WALK_MAX];
	uint32_t pos[WALK_MAX], n[WALK_MAX];
	double w[WALK_MAX], idf[WALK_MAX];
	/* A document whose essential score plus nrest is at most thr
	 * cannot rank. */
	double thr = s->top.full && prune ? s->top.theta : -1;

	(void)nl;
#pragma GCC unroll 4
	for (size_t i = 0; i < N; i++) {
		dv[i] = e[i]->docs;
		tv[i] = e[i]->tfs;
		pos[i] = e[i]->pos;
		n[i] = e[i]->n;
		if (PF)
			for (uint32_t a = pos[i]; a < pos[i] + PREFETCH &&
			    a < n[i]; a++)
				doc_prefetch(s, dv[i][a]);
		w[i] = e[i]->w;
		idf[i] = e[i]->idf;
	}
	for (;;) {
		uint32_t d = dv[0][pos[0]];
#pragma GCC unroll 4
		for (size_t i = 1; i < N; i++)
			if (dv[i][pos[i]] < d)
				d = dv[i][pos[i]];
		if (d >= end)
			break;
		uint32_t tf[WALK_MAX];
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			tf[i] = 0;
			if (dv[i][pos[i]] == d) {
				tf[i] = tv[i][pos[i]];
				uint32_t a = pos[i] + PREFETCH;
				if (PF)
					doc_prefetch(s, dv[i][a < n[i] ? a :
					    n[i] - 1]);
				pos[i]++;
			}
		}
		if (!allowed(s, d))
			continue;
		double cv[WALK_MAX], part = 0, norm = 0, scale = 1;
		if (tfidf)
			scale = 1 / (s->qnorm * s->o.dnorm[d]);
		else
			norm = doc_norm(s, d);
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			cv[i] = 0;
			if (tf[i] != 0) {
				double t = (double)tf[i];
				cv[i] = tfidf ? w[i] * t * idf[i] :
				    w[i] * t / (t + norm);
			}
			part += cv[i];
		}
		part *= scale;
		if ((part + nrest) * SLACK <= thr)
			continue;
		if (ess > 0 && (part + rest2) * SLACK <= thr &&
		    (rc = holds(s, s->rl[ess - 1], d)) <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
#pragma GCC unroll 4
		for (size_t i = 0; i < N; i++) {
			e[i]->ctf = tf[i];
			e[i]->cv = cv[i];
			e[i]->pos = pos[i];
		}
		if ((rc = candidate(s, m, ess, d, part, scale, norm,
		    exclude)) < 0)
			return rc;
		thr = s->top.full && prune ? s->top.theta : -1;
	}
#pragma GCC unroll 4
	for (size_t i = 0; i < N; i++)
		e[i]->pos = pos[i];
	return 0;
}

/* walk() for any number of essential lists. */
static int
walk_any(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint64_t end,
         const txf_str *exclude)
{
	struct cur **rl = s->rl;
	int tfidf = s->tfidf, prune = !s->o.exhaustive, rc;
	double nrest = ess > 0 ? s->nrest[ess - 1] : 0;

	for (;;) {
		uint32_t d = END;
		for (size_t i = ess; i < nl; i++) {
			const struct cur *c = rl[i];
			if (c->docs[c->pos] < d)
				d = c->docs[c->pos];
		}
		if (d >= end)
			return 0;
		int ok = allowed(s, d);
		double norm = tfidf || !ok ? 0 : doc_norm(s, d);
		double part = 0;
		for (size_t i = ess; i < nl; i++) {
			struct cur *c = rl[i];
			c->ctf = 0;
			c->cv = 0;
			if (c->docs[c->pos] != d)
				continue;
			uint32_t tf = c->tfs[c->pos++];
			if (!ok)
				continue;
			double t = (double)tf;
			c->ctf = tf;
			c->cv = tfidf ? c->w * t * c->idf : c->w * t / (t + norm);
			part += c->cv;
		}
		if (!ok)
			continue;
		double scale = tfidf ? 1 / (s->qnorm * s->o.dnorm[d]) : 1;
		part *= scale;
		if (s->top.full && prune && (part + nrest) * SLACK <= s->top.theta)
			continue;
		if ((rc = candidate(s, m, ess, d, part, scale, norm,
		    exclude)) < 0)
			return rc;
	}
}

/* Documents walk1() filters before it looks at their candidates. */
#define CHUNK 32

/*
 * walk1()'s first pass over dv[p..e): into at[], without a branch on
 * each (the test goes either way about half the time), the documents
 * whose part can pass lim: num > lim den, with num / den the part
 * (BM25: w t / (t + norm); tf-idf: w idf t / (qnorm dnorm)), so no
 * division; with nb (the first non-essential list's bits), of those
 * only the ones whose part can pass lim2 or that it holds.  Their
 * number.  TFIDF and BYTES (BM25, lengths a byte each, no --allow: the
 * loop at its shortest) are constants.
 */
static inline __attribute__((always_inline)) uint32_t
keep(const txf_ix_searcher *s, const uint32_t *dv, const uint32_t *tv,
     uint32_t p, uint32_t e, double wn, double lim, uint32_t *at,
     const int TFIDF, const int BYTES, const uint64_t *nb, double lim2)
{
	const uint8_t *dl1 = s->dl1;
	const double *nt = s->normtab;
	uint32_t nc = 0;

	for (uint32_t i = p; i < e; i++) {
		uint32_t d = dv[i];
		double t = (double)tv[i];
		double den = TFIDF ? s->qnorm * s->o.dnorm[d] :
		    t + (BYTES ? nt[dl1[d]] : doc_norm(s, d));
		at[nc] = i;
		nc += (wn * t > lim * den) & (BYTES || allowed(s, d)) &
		    (nb == NULL || (wn * t > lim2 * den) |
		    (int)(nb[d >> 6] >> (d & 63) & 1));
	}
	return nc;
}

/*
 * walk() for one essential list, in two passes over chunks of its
 * documents: the first (keep()) keeps those whose score plus nrest can
 * pass the threshold (as it stood at the chunk's start: a lower one
 * keeps more), a little more than that test in floating point would
 * keep (so a superset); the second scores them, makes that test, and
 * looks at their candidates.
 */
IX_CLONES static int
walk1(txf_ix_searcher *s, size_t m, size_t ess, uint64_t end,
      const txf_str *exclude)
{
	struct cur *c = s->rl[ess];
	const uint32_t *dv = c->docs, *tv = c->tfs;
	int tfidf = s->tfidf, prune = !s->o.exhaustive, rc;
	double nrest = ess > 0 ? s->nrest[ess - 1] : 0, w = c->w, idf = c->idf;
	uint32_t p = c->pos, q = end >= END ? c->n : seek(dv, p, (uint32_t)end);
	uint32_t at[CHUNK];
	struct cur *ne = ess > 0 ? s->rl[ess - 1] : NULL;
	double rest2 = ess > 1 ? s->nrest[ess - 2] : 0;
	double wn = tfidf ? w * idf : w;
	int bytes = !tfidf && s->dl1 != NULL && s->o.allow == NULL;
	const uint64_t *nb = ne != NULL ? ne->bits : NULL;

	while (p < q) {
		uint32_t e = q - p > CHUNK ? p + CHUNK : q, nc;
		double thr = s->top.full && prune ? s->top.theta : -1;
		/* part + nrest passes thr (times SLACK) only if part is
		 * above thr / SLACK - nrest: lim is below that by far more
		 * than the rounding of either side. */
		double lim = thr / SLACK - nrest;
		lim -= 1e-12 * (fabs(thr) + nrest);
		/* Not kept: those that cannot pass without ne, lacking. */
		double lim2 = thr / SLACK - rest2;
		lim2 -= 1e-12 * (fabs(thr) + rest2);
		if (tfidf)
			nc = keep(s, dv, tv, p, e, wn, lim, at, 1, 0, NULL, 0);
		else if (bytes && nb != NULL)
			nc = keep(s, dv, tv, p, e, wn, lim, at, 0, 1, nb, lim2);
		else if (bytes)
			nc = keep(s, dv, tv, p, e, wn, lim, at, 0, 1, NULL, 0);
		else
			nc = keep(s, dv, tv, p, e, wn, lim, at, 0, 0, NULL, 0);
		for (uint32_t j = 0; j < nc; j++) {
			uint32_t i = at[j], d = dv[i];
			double t = (double)tv[i], norm = 0, scale = 1, cv;
			if (tfidf) {
				scale = 1 / (s->qnorm * s->o.dnorm[d]);
				cv = w * t * idf;
			} else {
				norm = doc_norm(s, d);
				cv = w * t / (t + norm);
			}
			double part = 0 + cv;
			part *= scale;
			if (s->top.full && prune &&
			    (part + nrest) * SLACK <= s->top.theta)
				continue;
			if (ne != NULL && s->top.full && prune &&
			    (part + rest2) * SLACK <= s->top.theta &&
			    (rc = holds(s, ne, d)) <= 0) {
				if (rc < 0)
					return rc;
				continue;
			}
			c->ctf = tv[i];
			c->cv = cv;
			if ((rc = candidate(s, m, ess, d, part, scale, norm,
			    exclude)) < 0)
				return rc;
		}
		p = e;
	}
	c->pos = p;
	return 0;
}

/* walk2() walks two lists apart when one holds this many times fewer of
 * the region's documents than the other. */
#define SPARSE 8

/*
 * Two essential lists rl[ess], rl[ess + 1] (positioned): when one holds
 * few of the region's documents, the other's between them are walked
 * alone (walk1(), the few adding 0 there) and each of the few's with
 * walk().
 */
static int
walk2(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint64_t end,
      const txf_str *exclude)
{
	struct cur **rl = s->rl;
	uint32_t e = end >= END ? END : (uint32_t)end;
	uint32_t n0 = (end >= END ? rl[ess]->n : seek(rl[ess]->docs,
	    rl[ess]->pos, e)) - rl[ess]->pos;
	uint32_t n1 = (end >= END ? rl[ess + 1]->n : seek(rl[ess + 1]->docs,
	    rl[ess + 1]->pos, e)) - rl[ess + 1]->pos;
	int rc;

	if (n0 > SPARSE * n1) {
		struct cur *t = rl[ess];
		rl[ess] = rl[ess + 1];
		rl[ess + 1] = t;
	} else if (n1 <= SPARSE * n0) {
		return walk(s, m, nl, ess, end, exclude, 2, 0);
	}
	/* rl[ess] is the sparse one, rl[ess + 1] the dense: walk1()
	 * walks rl[ess]. */
	struct cur *sp = rl[ess], *de = rl[ess + 1];
	for (;;) {
		uint32_t d = sp->docs[sp->pos];
		uint64_t stop = d < end ? d : end;
		rl[ess] = de;
		rl[ess + 1] = sp;
		sp->ctf = 0;
		sp->cv = 0;
		rc = walk1(s, m, ess, stop, exclude);
		rl[ess] = sp;
		rl[ess + 1] = de;
		if (rc < 0 || stop == end)
			return rc;
		if ((rc = walk(s, m, nl, ess, (uint64_t)d + 1, exclude, 2,
		    0)) < 0)
			return rc;
	}
}

/*
 * The documents of [base, end), a region inside one block of each of the
 * lists rl[0..nl) (those not done; the others add nothing here): the
 * essential ones rl[ess..nl) give the candidates, the others are looked
 * up.  0, TXF_EFORMAT.
 */
IX_CLONES static int
region(txf_ix_searcher *s, size_t m, size_t nl, size_t ess, uint32_t base,
       uint64_t end, const txf_str *exclude)
{
	struct cur **rl = s->rl;

	for (size_t i = ess; i < nl; i++) {
		struct cur *c = rl[i];
		if (c->dec != c->bi + 1) {
			if (load(s, c, 1) < 0)
				return TXF_EFORMAT;
		} else if (!c->tfok) {
			if (txf_ix_block_tfs(c->blk, c->n, c->tfs,
			    IX_LANES(s->ix)) < 0) {
				s->bad = 1;
				return TXF_EFORMAT;
			}
			c->tfok = 1;
		}
		/* The block's last document is end - 1 or after. */
		uint32_t p = c->pos;
		p = seek(c->docs, p, base);
		c->pos = p;
	}
	/* Lengths (or norms) that stay in a cache are not fetched
	 * ahead: the instructions cost more than they save. */
	if (nl - ess == 1 && !s->prefetch)
		return walk1(s, m, ess, end, exclude);
	if (nl - ess == 2 && !s->prefetch)
		return walk2(s, m, nl, ess, end, exclude);
	switch ((nl - ess) * 2 + (s->prefetch != 0)) {
#define N(k) \
	case 2 * k: return walk(s, m, nl, ess, end, exclude, k, 0); \
	case 2 * k + 1: return walk(s, m, nl, ess, end, exclude, k, 1);
	N(1) N(2) N(3) N(4)
#undef N
	default: return walk_any(s, m, nl, ess, end, exclude);
	}
}

/*
 * A region ends where the first of its lists' blocks ends, and a dense
 * list, of many more blocks than the lists walked, would end them every
 * few documents walked (its blocks span few documents).  Such a list,
 * when it is non-essential (for every region from now on: the k-th
 * score only grows), is loose: its bound in a region is the bound of
 * all its postings (its blocks' bounds are near that), its blocks do not
 * end regions, and candidate() moves it to each document it looks up.
 * A region where a loose list would be walked is made again without
 * loose lists (lists()).
 */
#define LOOSE 2

static void
loosen(txf_ix_searcher *s, size_t m, size_t ess)
{
	uint64_t walked = 0;

	for (size_t i = ess; i < m; i++)
		walked += s->cs[i]->nb;
	for (size_t i = 0; i < ess; i++) {
		struct cur *c = s->cs[i];
		c->loose = c->nb > LOOSE * walked;
		if (c->bits == NULL)
			c->bits = txf_ix_list_bits(s, c);
	}
}

/*
 * The lists not done, from base on, into s->rl by their bounds there,
 * and s->nrest the sums of those bounds: their number (> 0: an
 * essential list is not done).  *end gets the end of the region: the
 * first end of their blocks, the loose lists' but when strict.
 */
static size_t
lists(txf_ix_searcher *s, size_t m, uint64_t base, int strict,
      uint64_t *end)
{
	size_t nl = 0;

	*end = END64;
	for (size_t i = 0; i < m; i++) {
		struct cur *c = s->cs[i];
		int loose = c->loose && !strict;
		if (!loose)
			shallow(s, c, base);
		if (c->bi >= c->nb)
			continue;
		if (!loose && (uint64_t)c->blast + 1 < *end)
			*end = (uint64_t)c->blast + 1;
		c->rb = loose ? c->ub : c->bub;
		size_t j = nl++;
		for (; j > 0 && s->rl[j - 1]->rb > c->rb; j--)
			s->rl[j] = s->rl[j - 1];
		s->rl[j] = c;
	}
	double bound = 0;
	for (size_t i = 0; i < nl; i++) {
		bound += s->rl[i]->rb;
		s->nrest[i] = bound;
	}
	return nl;
}

/*
 * txf_ix_find() through the searcher's cache of the terms met (most
 * queries' terms were met before: the bisection of the dictionary is
 * not repeated): 1 with *t set, 0 when the index lacks the term, or a
 * TXF_E* code.  *ce gets the term's cache entry.
 */
static int
term_lookup(txf_ix_searcher *s, txf_str w, txf_ix_term *t, size_t *ce)
{
	int rc = txf_count_add(s->tc, w.p, w.n, ce);
	if (rc < 0)
		return rc;
	uint64_t *v = txf_count_vals(s->tc, *ce);
	if (rc == 0) {
		if (!(v[TC_FLAGS] & TC_FOUND))
			return 0;
		t->p = (const uint8_t *)(uintptr_t)v[TC_PTR];
		t->n = (size_t)v[TC_LEN];
		t->df = (uint32_t)v[TC_DF];
		return 1;
	}
	rc = txf_ix_find(s->ix, w.p, w.n, t);
	if (rc < 0) {
		/* Its entry says "absent": forget every entry. */
		txf_count_clear(s->tc);
		return rc;
	}
	if (rc > 0) {
		v[TC_FLAGS] = TC_FOUND;
		v[TC_PTR] = (uint64_t)(uintptr_t)t->p;
		v[TC_LEN] = t->n;
		v[TC_DF] = t->df;
	}
	return rc;
}

int
txf_ix_search(txf_ix_searcher *s, const txf_str *tok, size_t n,
              const txf_str *exclude, const txf_ix_hit **hits,
              size_t *nhits, size_t *found)
{
	const txf_ix *ix = s->ix;
	int tfidf = s->tfidf;
	size_t nt, m = 0;
	int rc;

	*nhits = 0;
	*found = 0;
	txf_topk_reset(&s->top);
	s->nq++;
	*hits = s->top.a;
	s->bad = 0;
	txf_count_clear(s->q);
	for (size_t i = 0; i < n; i++) {
		size_t idx;
		if ((rc = txf_count_add(s->q, tok[i].p, tok[i].n, &idx)) < 0)
			return rc;
		txf_count_vals(s->q, idx)[0]++;
	}
	nt = txf_count_size(s->q);
	if ((rc = grow(s, nt)) < 0)
		return rc;
	/* The cache starts again when full, before the query's terms
	 * take their entries. */
	if (txf_count_size(s->tc) + nt > TC_MAX)
		txf_count_clear(s->tc);

	/* The query's terms in the index, weighed. */
	double ss = 0;
	txf_ix_term *terms = NULL, tbuf[16];
	terms = nt <= 16 ? tbuf : malloc(nt * sizeof *terms);
	if (terms == NULL)
		return TXF_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		txf_str t = txf_count_term(s->q, i);
		size_t ce;
		rc = term_lookup(s, t, &terms[m], &ce);
		if (rc < 0)
			goto out;
		if (rc == 0)
			continue;
		struct cur *c = &s->cur[m];
		double cnt = (double)txf_count_vals(s->q, i)[0];
		c->qi = i;
		c->ce = ce;
		if (tfidf) {
			c->idf = txf_idf(TXF_IDF_SMOOTH, ix->docs, terms[m].df);
			c->w = cnt * c->idf;
			ss += c->w * c->w;
		} else {
			c->w = cnt * txf_idf(TXF_IDF_BM25, ix->docs,
			    terms[m].df);
		}
		s->cs[m++] = c;
	}
	*found = m;
	rc = 0;
	if (m == 0)
		goto out;
	s->qnorm = sqrt(ss);
	for (size_t i = 0; i < m; i++)
		if (cur_open(s, &s->cur[i], &terms[i]) < 0) {
			rc = TXF_EFORMAT;
			goto out;
		}
	struct cur **cs = s->cs;
	qsort(cs, m, sizeof *cs, by_ub);
	double acc = 0;
	for (size_t i = 0; i < m; i++) {
		acc += cs[i]->ub;
		s->prefix[i] = acc;
	}

	int prune = !s->o.exhaustive;
	if (prune && !tfidf && (rc = txf_ix_prepass(s, m, exclude)) < 0)
		goto out;
	size_t ess = 0;
	uint64_t base = 0;
	for (;;) {
		if (s->top.full && prune) {
			size_t was = ess;
			while (ess < m && s->prefix[ess] * SLACK <= s->top.theta)
				ess++;
			if (ess != was)
				loosen(s, m, ess);
		}
		if (ess == m)
			break;
		/* The region starts at the first document from base on that
		 * an essential list may hold. */
		uint64_t start = END64;
		for (size_t i = ess; i < m; i++) {
			struct cur *c = cs[i];
			shallow(s, c, base);
			if (c->bi >= c->nb)
				continue;
			uint64_t f = c->bfirst > base ? c->bfirst : base;
			if (c->dec == c->bi + 1 && c->pos < c->n &&
			    c->docs[c->pos] > f)
				f = c->docs[c->pos];
			if (f < start)
				start = f;
		}
		if (start == END64)
			break;
		base = start;
		/* It ends where the first of the lists' blocks ends.  The
		 * lists not done, by their blocks' bounds there. */
		uint64_t end;
		size_t nl = lists(s, m, base, 0, &end);
		double bound = s->nrest[nl - 1];
		/* A region none of whose documents can rank is passed over;
		 * in the others, the lists whose blocks' bounds sum to at
		 * most the k-th score are looked up, not walked. */
		if (s->top.full && prune) {
			if (bound * SLACK <= s->top.theta) {
				base = end;
				continue;
			}
			size_t re = 0;
			while (s->nrest[re] * SLACK <= s->top.theta)
				re++;
			for (size_t i = re; i < nl; i++)
				if (s->rl[i]->loose) {
					nl = lists(s, m, base, 1, &end);
					re = nl;
					break;
				}
			if (re == nl) {
				if (s->nrest[nl - 1] * SLACK <= s->top.theta) {
					base = end;
					continue;
				}
				re = 0;
				while (s->nrest[re] * SLACK <= s->top.theta)
					re++;
			}
			rc = region(s, m, nl, re, (uint32_t)base, end, exclude);
		} else {
			rc = region(s, m, nl, 0, (uint32_t)base, end, exclude);
		}
		if (rc < 0)
			goto out;
		base = end;
	}
	if (s->bad) {
		rc = TXF_EFORMAT;
		goto out;
	}
	*nhits = txf_topk_finish(&s->top);
out:
	if (terms != tbuf)
		free(terms);
	return rc;
}
