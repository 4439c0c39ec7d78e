/*
 * match.c - query-listing features for learning to rank (textfeat.h,
 * "Query-listing features").
 *
 * txf_match_query() analyses the query once: its distinct terms go into a
 * counting table, numbered from 0 in order of first occurrence, the
 * sequence of term numbers of its tokens (for phrase and lcs_run, with the
 * failure function of Knuth-Morris-Pratt over it), and the set of its
 * character 3-grams.  The terms' vocab weights (tf-idf and BM25 idf) wait
 * for the first listing that shares a term with the query: most pairs of
 * a large candidate set share none.
 *
 * txf_match_listing() then makes one pass over the listing's tokens: each
 * goes into a second table, cleared for every listing, whose entries hold
 * the term's count in the listing and the query term it is, if any (one
 * lookup in the query's terms per distinct listing term).  The pass leaves
 * the sequence of query term numbers of the listing's tokens (-1 for a
 * token that is not a query term), over which phrase, lcs_run and
 * first_pos are computed without looking at a token again.  Cosine looks
 * up in the vocab only the listing's terms that are not query terms, all
 * of them at once.  A listing of a few tokens finds its distinct terms
 * by comparing with those seen, without the table.
 *
 * Character 3-grams are 64-bit keys.  A gram is spelled with the byte
 * 0x80 for each U+2581 (the n-grams' space): no character of valid UTF-8
 * begins with 0x80, so the spelling stands for one gram only.  A gram
 * spelled in at most 8 bytes (every gram of ASCII text) is those bytes
 * packed into the key, so the key is the gram; longer grams go, as they
 * are, to counting tables.  The grams of ASCII text are packed straight
 * from the tokens, a byte a character; other text goes through
 * txf_ngrams(), whose n-grams define the feature.
 * A listing's grams go into a set of their own, which counts them, and
 * each one new to it is looked up in the query's set.
 *
 * Every table and array keeps its memory from pair to pair, so once they
 * have grown to the longest query and listing no pair allocates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "textfeat.h"

#define NEEDS_VOCAB (TXF_FEAT_BIT(TXF_FEAT_COSINE) | \
                     TXF_FEAT_BIT(TXF_FEAT_BM25))
#define HAS(m, f) (((m)->o.feats & TXF_FEAT_BIT(f)) != 0)

/* What a listing needs of a distinct query term. */
struct qterm {
	txf_str term;      /* its bytes, in the query table */
	double idf;        /* the vocab's idf column (0: not in the vocab) */
	double w;          /* count * idf: the term's tf-idf weight */
	double bm;         /* count * BM25 idf: its tokens' share of bm25 */
	long row;          /* its vocab row, or -1 */
	uint64_t dtf;      /* its count in the current listing */
};

/* A set of character 3-grams (see above): open addressing over keys,
 * with a bitmap of the slots in use. */
struct gset {
	uint64_t *key;     /* the grams' bytes, byte k in bits 8k..8k+7 */
	uint64_t *used;    /* a bit a slot: in use */
	size_t cap;        /* slots allocated */
	size_t mask;       /* slots in use - 1, or 0 before the first reset */
	unsigned shift;    /* 64 - log2(slots in use) */
	size_t n;          /* short grams in the set */
	txf_count *lng;    /* grams spelled in more than 8 bytes */
};

/*
 * The suffix automaton of a long query's token sequence (Blumer et al.
 * 1985): at most 2n states and 3n transitions for n tokens, built in
 * O(n), over which the longest common run with a listing is found in one
 * pass over the listing (lcs_run_sam).  Transitions are edges listed by
 * state (for the copies a clone takes) and found through a hash of
 * (state, term number).
 */
struct sedge {
	uint32_t from, sym, to, next;
};
struct sam {
	uint32_t *len;        /* by state: its longest string's length */
	int32_t *link;        /* by state: its suffix link, -1 at the root */
	uint32_t *head;       /* by state: its first edge, or UINT32_MAX */
	struct sedge *e;      /* the transitions */
	uint32_t *slot;       /* hash of (from, sym): edge + 1, 0 empty */
	size_t cap;           /* room for tokens (states 2 cap + 2 ...) */
	unsigned bits;        /* log2 of the slots */
	uint32_t ne;          /* edges in use */
	int built;            /* made for the current query */
};

struct txf_matcher {
	txf_matchopts o;
	uint64_t n_docs;      /* N of the vocab */
	double avgdl;         /* #tokens / #docs, 0 when unknown */

	/* The query. */
	txf_count *q;         /* its terms; counter 0: the count */
	struct qterm *qt;     /* by term number */
	size_t qt_cap;
	uint32_t *qseq;       /* the term number of each token */
	size_t *fail;         /* KMP failure function of qseq */
	uint32_t *run;        /* lcs_run: runs ending at each query token */
	struct sam sam;       /* lcs_run of a long query: its automaton */
	uint64_t steps;       /* the last listing's lcs_run steps */
	size_t nq, seq_cap;   /* tokens; room in qseq, fail, run - 1 */
	double qnorm;         /* l2 norm of the query's tf-idf vector */
	int weighed;          /* qt[].idf, w, bm and qnorm are set */
	struct gset qg;       /* its character 3-grams */

	/* The listing. */
	txf_count *d;         /* its terms */
	txf_str *dterm;       /* by term: its first token */
	uint64_t *dcnt;       /* by term: its count */
	int32_t *dq;          /* by term: the query term it is, or -1 */
	double *didf;         /* by term: its idf (cosine) */
	txf_str *mterm;       /* terms to look up in the vocab */
	size_t *mpos;         /* their term numbers */
	long *mrow;           /* their vocab rows */
	double *midf;         /* their idf */
	size_t dterm_cap;
	int32_t *dseq;        /* the query term of each token, or -1 */
	size_t dseq_cap;
	struct gset dg;       /* its character 3-grams */
	txf_ngen *ngen;       /* the 3-gram maker for text that is not ASCII */
	uint64_t *gk;         /* a text's 3-grams of at most 8 bytes, keys */
	size_t ngk, gk_cap;
	txf_str *gl;          /* its longer 3-grams */
	size_t ngl, gl_cap;
	int weights;          /* cosine or bm25 asked for, with a vocab */
};

/* Listings of at most this many tokens find their distinct terms without
 * a table. */
#define SMALL_LISTING 24

uint32_t
txf_feat_available(const txf_vocab *v)
{
	uint32_t all = TXF_FEAT_ALL;

	if (v == NULL)
		return all & ~NEEDS_VOCAB;
	if (txf_vocab_get_header(v)->idf == TXF_IDF_NONE)
		return all & ~TXF_FEAT_BIT(TXF_FEAT_COSINE);
	return all;
}

void
txf_matchopts_init(txf_matchopts *o, const txf_vocab *v)
{
	o->feats = txf_feat_available(v);
	o->vocab = v;
	o->k1 = 1.2;
	o->b = 0.75;
}

void
txf_matcher_free(txf_matcher *m)
{
	if (m == NULL)
		return;
	txf_count_free(m->q);
	txf_count_free(m->d);
	free(m->qg.key);
	free(m->qg.used);
	free(m->dg.key);
	free(m->dg.used);
	txf_count_free(m->qg.lng);
	txf_count_free(m->dg.lng);
	txf_ngen_free(m->ngen);
	free(m->qt);
	free(m->qseq);
	free(m->fail);
	free(m->run);
	free(m->sam.len);
	free(m->sam.link);
	free(m->sam.head);
	free(m->sam.e);
	free(m->sam.slot);
	free(m->dterm);
	free(m->dcnt);
	free(m->dq);
	free(m->didf);
	free(m->mterm);
	free(m->mpos);
	free(m->mrow);
	free(m->midf);
	free(m->dseq);
	free(m->gk);
	free(m->gl);
	free(m);
}

txf_matcher *
txf_matcher_new(const txf_matchopts *o, txf_error *err)
{
	txf_matcher *m;

	if (o->feats == 0 || (o->feats & ~txf_feat_available(o->vocab)) != 0) {
		txf_fail(err, TXF_EINVAL, 0, o->feats == 0 ? "no feature" :
		    o->vocab == NULL ? "a feature that needs a vocab" :
		    "a feature that needs a vocab with idf");
		return NULL;
	}
	if (!(o->k1 >= 0 && o->k1 <= 1e300) || !(o->b >= 0 && o->b <= 1)) {
		txf_fail(err, TXF_EINVAL, 0, "k1 or b out of range");
		return NULL;
	}
	m = calloc(1, sizeof *m);
	if (m == NULL)
		goto nomem;
	m->o = *o;
	if (o->vocab != NULL) {
		const txf_vocab_header *h = txf_vocab_get_header(o->vocab);
		m->n_docs = h->docs;
		if (h->docs > 0)
			m->avgdl = (double)h->tokens / (double)h->docs;
	}
	m->q = txf_count_new(1);
	m->d = txf_count_new(1);
	if (m->q == NULL || m->d == NULL)
		goto nomem;
	if (o->vocab != NULL && (o->feats & NEEDS_VOCAB) != 0) {
		m->weights = 1;
	}
	if (HAS(m, TXF_FEAT_CHAR3_JACCARD)) {
		txf_ngopts g;
		txf_ngopts_init(&g);
		g.word_min = g.word_max = 0;
		g.char_min = g.char_max = 3;
		g.unit = TXF_UNIT_GRAPHEME;
		m->ngen = txf_ngen_new(&g, NULL);
		m->qg.lng = txf_count_new(1);
		m->dg.lng = txf_count_new(1);
		if (m->ngen == NULL || m->qg.lng == NULL || m->dg.lng == NULL)
			goto nomem;
	}
	return m;
nomem:
	txf_matcher_free(m);
	txf_fail(err, TXF_ENOMEM, 0, NULL);
	return NULL;
}

/* Make room for n elements (at least one) in the array member a
 * (capacity cap), or return TXF_ENOMEM from the function. */
#define RESERVE(a, cap, n) do { \
	if (TXF_GROW((a), (cap), (n) ? (n) : 1, 16) < 0) \
		return TXF_ENOMEM; \
} while (0)

/* Resize the array member a to c elements, or return TXF_ENOMEM from the
 * function (a is then as it was). */
#define RESIZE(a, c) do { \
	if (TXF_RESIZE((a), (c)) < 0) \
		return TXF_ENOMEM; \
} while (0)

/* Room for n listing terms in the arrays by listing term. */
static int
reserve_dterms(txf_matcher *m, size_t n)
{
	size_t c = txf_grow_cap(m->dterm_cap, n, 64, sizeof(txf_str));

	if (c == 0)
		return TXF_ENOMEM;
	RESIZE(m->dcnt, c);
	RESIZE(m->dq, c);
	RESIZE(m->dterm, c);
	RESIZE(m->didf, c);
	RESIZE(m->mterm, c);
	RESIZE(m->mpos, c);
	RESIZE(m->mrow, c);
	RESIZE(m->midf, c);
	m->dterm_cap = c;
	return 0;
}

/* Room for query sequences of n tokens. */
static int
reserve_seq(txf_matcher *m, size_t n)
{
	if (n <= m->seq_cap)
		return 0;
	size_t c = txf_grow_cap(m->seq_cap, n, 16, sizeof *m->fail);
	if (c == 0 || c == SIZE_MAX / sizeof *m->fail)
		return TXF_ENOMEM;
	RESIZE(m->qseq, c);
	RESIZE(m->fail, c);
	RESIZE(m->run, c + 1);
	m->seq_cap = c;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Sets of character 3-grams                                           */

/* The product of a key that places it: its home slot in a set is the
 * product's top bits, as many as the set has slots (so two sets share
 * one multiplication). */
static inline uint64_t
gset_mix(uint64_t key)
{
	return key * UINT64_C(0x9E3779B97F4A7C15);
}

/*
 * Empty the set for at most max short grams: over the smallest power of
 * two of slots at least 8 max (2 max for a set of more than 4096), so that
 * most keys find their home slot free or their own, and the probes of a
 * short listing stay within a few cache lines after a long one.  The
 * memory is allocated once for the largest set and reused; emptying
 * clears the bitmap of the slots in use, a bit a slot.
 */
static int
gset_reset(struct gset *s, size_t max)
{
	size_t need = 64, want = max <= 4096 ? 8 * max : 2 * max;

	while (need < want) {
		if (need > SIZE_MAX / 4 / sizeof *s->key)
			return TXF_ENOMEM;
		need *= 2;
	}
	s->n = 0;
	txf_count_clear(s->lng);
	if (need > s->cap) {
		free(s->key);
		free(s->used);
		s->key = malloc(need * sizeof *s->key);
		s->used = malloc(need / 64 * sizeof *s->used);
		s->cap = s->key != NULL && s->used != NULL ? need : 0;
		s->mask = 0;
		if (s->cap == 0)
			return TXF_ENOMEM;
	}
	memset(s->used, 0, need / 64 * sizeof *s->used);
	s->mask = need - 1;
	s->shift = 64;
	for (size_t k = need; k > 1; k >>= 1)
		s->shift--;
	return 0;
}

/* Add key of product x (gset_mix(); the set has room: see gset_reset):
 * 1 when it is new, 0 when it was there.  A new key is written without
 * reading its slot. */
static inline int
gset_add(struct gset *s, uint64_t key, uint64_t x)
{
	size_t h = (size_t)(x >> s->shift);
	for (;;) {
		uint64_t bit = UINT64_C(1) << (h & 63);
		if ((s->used[h >> 6] & bit) == 0) {
			s->used[h >> 6] |= bit;
			s->key[h] = key;
			s->n++;
			return 1;
		}
		if (s->key[h] == key)
			return 0;
		h = (h + 1) & s->mask;
	}
}

/* Whether key, of product x, is in the set. */
static inline int
gset_has(const struct gset *s, uint64_t key, uint64_t x)
{
	if (s->mask == 0)
		return 0;
	size_t h = (size_t)(x >> s->shift);
	for (;;) {
		if ((s->used[h >> 6] >> (h & 63) & 1) == 0)
			return 0;
		if (s->key[h] == key)
			return 1;
		h = (h + 1) & s->mask;
	}
}

static size_t
gset_size(const struct gset *s)
{
	return s->n + txf_count_size(s->lng);
}

/* The key of gram p[0..n) spelled with 0x80 for U+2581 (E2 96 81), into
 * *key: 1, or 0 when the spelling takes more than 8 bytes. */
static inline int
gram_key(const char *p, size_t n, uint64_t *key)
{
	const unsigned char *u = (const unsigned char *)p;
	uint64_t k = 0;
	unsigned at = 0;

	for (size_t i = 0; i < n; i++) {
		if (at == 64)
			return 0;
		uint64_t c = u[i];
		if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x96 &&
		    u[i + 2] == 0x81) {
			c = 0x80;
			i += 2;
		}
		k |= c << at;
		at += 8;
	}
	*key = k;
	return 1;
}

/*
 * The character 3-grams of tok[0..n), repeats and all: the keys of those
 * of at most 8 bytes into m->gk[0..m->ngk), the others into
 * m->gl[0..m->ngl) (views valid until the next call).
 */
static int
gram_keys(txf_matcher *m, const txf_str *tok, size_t n)
{
	size_t bytes = 0, i;
	int rc;

	m->ngk = m->ngl = 0;
	for (i = 0; i < n; i++)
		bytes += tok[i].n + 1;
	RESERVE(m->gk, m->gk_cap, bytes);
	/*
	 * ASCII text, in one pass: every byte is a character, and so is each
	 * space.  w holds the last three characters, a byte each (the oldest
	 * lowest), the space as 0x80: a window of three is a gram's key.  A
	 * byte above 0x7F sends the text to the general case.
	 */
	uint64_t *gk = m->gk;
	uint32_t w = 0;
	size_t k = 0, have = 0;
	unsigned char high = 0;
	for (i = 0; i < n && high < 0x80; i++) {
		const unsigned char *p = (const unsigned char *)tok[i].p;
		size_t len = tok[i].n, j;
		/* Only the first two windows of the text are short. */
		if (i > 0) {
			w = w >> 8 | (uint32_t)0x80 << 16;
			if (++have >= 3)
				gk[k++] = w;
		}
		for (j = 0; j < len && j < 2; j++) {
			high |= p[j];
			w = w >> 8 | (uint32_t)p[j] << 16;
			if (++have >= 3)
				gk[k++] = w;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		/* Six windows from one read of the 8 bytes from j - 2. */
		for (; j + 6 <= len; j += 6) {
			uint64_t x, f;
			memcpy(&x, p + j - 2, 8);
			f = x | x >> 32;      /* every byte's high bit */
			f |= f >> 16;
			f |= f >> 8;
			high |= (unsigned char)f;
			for (int t = 0; t < 6; t++)
				gk[k++] = x >> (8 * t) & 0xffffff;
			w = (uint32_t)(x >> 40) & 0xffffff;
		}
#endif
		for (; j < len; j++) {
			high |= p[j];
			w = w >> 8 | (uint32_t)p[j] << 16;
			gk[k++] = w;
		}
		if (len > 2)
			have += len - 2;
	}
	if (high < 0x80) {
		m->ngk = k;
		return 0;
	}

	txf_tokens g;
	if ((rc = txf_ngrams(m->ngen, tok, n, &g)) < 0)
		return rc;
	RESERVE(m->gk, m->gk_cap, g.n);
	RESERVE(m->gl, m->gl_cap, g.n);
	for (size_t j = 0; j < g.n; j++) {
		if (gram_key(g.v[j].p, g.v[j].n, &m->gk[m->ngk]))
			m->ngk++;
		else
			m->gl[m->ngl++] = g.v[j];
	}
	return 0;
}

/* Put the grams m->gk and m->gl into the set s (emptied first).  Returns
 * 0 or a TXF_E* code. */
static int
gset_fill(txf_matcher *m, struct gset *s)
{
	size_t i;

	if (gset_reset(s, m->ngk) < 0)
		return TXF_ENOMEM;
	for (i = 0; i < m->ngk; i++)
		(void)gset_add(s, m->gk[i], gset_mix(m->gk[i]));
	for (size_t j = 0; j < m->ngl; j++) {
		int rc = txf_count_add(s->lng, m->gl[j].p, m->gl[j].n, &i);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * char3_jaccard of the listing tok[0..n) and the query's grams: the
 * listing's grams go into a set of their own, and each one new to it is
 * looked for among the query's (whose bitmap, a cache line or two for a
 * short query, turns most of them away).
 */
static int
char3(txf_matcher *m, const txf_str *tok, size_t n, double *out)
{
	struct gset *q = &m->qg, *d = &m->dg;
	size_t shared = 0, i;
	int rc;

	*out = 0;
	if (gset_size(q) == 0)
		return 0;
	if ((rc = gram_keys(m, tok, n)) < 0)
		return rc;
	if (gset_reset(d, m->ngk) < 0)
		return TXF_ENOMEM;
	for (i = 0; i < m->ngk; i++) {
		uint64_t key = m->gk[i], x = gset_mix(key);
		if (gset_add(d, key, x) && gset_has(q, key, x))
			shared++;
	}
	for (size_t j = 0; j < m->ngl; j++) {
		rc = txf_count_add(d->lng, m->gl[j].p, m->gl[j].n, &i);
		if (rc < 0)
			return rc;
		if (rc > 0 && txf_count_find(q->lng, m->gl[j].p, m->gl[j].n,
		    &i))
			shared++;
	}
	if (shared > 0)
		*out = (double)shared /
		    (double)(gset_size(q) + gset_size(d) - shared);
	return 0;
}

/*
 * The idf of each listing term into m->didf: a query term's is known; the
 * others are looked up in the vocab together, so that their cache misses
 * overlap (a cache of recent lookups in front of the vocab was slower).
 */
static void
listing_idf(txf_matcher *m, size_t nd_terms)
{
	const txf_vocab *v = m->o.vocab;
	size_t i, nmiss = 0;

	for (i = 0; i < nd_terms; i++) {
		if (m->dq[i] >= 0) {
			m->didf[i] = m->qt[m->dq[i]].idf;
			continue;
		}
		m->mterm[nmiss] = m->dterm[i];
		m->mpos[nmiss++] = i;
	}
	if (nmiss == 0)
		return;
	txf_vocab_index_many(v, m->mterm, nmiss, m->mrow, m->midf);
	for (size_t k = 0; k < nmiss; k++)
		m->didf[m->mpos[k]] = m->midf[k];
}

/* The query terms' vocab rows and idf, looked up together (their slots
 * were fetched when the query came); their dfs are fetched for
 * weigh_query(), which comes after other work.  Returns 0 or
 * TXF_ENOMEM. */
static int
lookup_query(txf_matcher *m)
{
	const txf_vocab *v = m->o.vocab;
	const uint64_t *dfs = txf_vocab_df_array(v);
	size_t nt = txf_count_size(m->q);

	if (nt > m->dterm_cap && reserve_dterms(m, nt) < 0)
		return TXF_ENOMEM;
	for (size_t i = 0; i < nt; i++)
		m->mterm[i] = m->qt[i].term;
	txf_vocab_index_many(v, m->mterm, nt, m->mrow, m->midf);
	for (size_t i = 0; i < nt; i++) {
		m->qt[i].row = m->mrow[i];
		m->qt[i].idf = m->midf[i];
		if (m->mrow[i] >= 0)
			TXF_PREFETCH(&dfs[m->mrow[i]]);
	}
	return 0;
}

/* The query terms' weights (after lookup_query()): tf-idf for cosine,
 * count times BM25 idf for bm25, and the query's norm. */
static void
weigh_query(txf_matcher *m)
{
	const uint64_t *dfs = txf_vocab_df_array(m->o.vocab);
	size_t nt = txf_count_size(m->q);
	double ss = 0;

	for (size_t i = 0; i < nt; i++) {
		struct qterm *t = &m->qt[i];
		double c = (double)txf_count_vals(m->q, i)[0];
		uint64_t df = t->row >= 0 ? dfs[t->row] : 0;
		t->w = c * t->idf;
		ss += t->w * t->w;
		/* df above N (a vocab the reader would refuse) would make
		 * the idf negative or NaN: take it as N.  N stays an
		 * integer: a double of N near 2^64 does not convert back. */
		if (df > m->n_docs)
			df = m->n_docs;
		t->bm = c * txf_idf(TXF_IDF_BM25, m->n_docs, df);
	}
	m->qnorm = sqrt(ss);
	m->weighed = 1;
}

int
txf_match_query(txf_matcher *m, const txf_str *q, size_t nq)
{
	size_t i, nt;
	int rc;

	txf_count_clear(m->q);
	m->nq = 0;
	m->qnorm = 0;
	if (reserve_seq(m, nq) < 0)
		return TXF_ENOMEM;
	for (size_t j = 0; j < nq; j++) {
		rc = txf_count_add(m->q, q[j].p, q[j].n, &i);
		if (rc < 0) {
			txf_count_clear(m->q);
			return rc;
		}
		txf_count_vals(m->q, i)[0]++;
		m->qseq[j] = (uint32_t)i;
	}
	m->nq = nq;

	/* Each term; its weights wait for a listing that shares a term. */
	nt = txf_count_size(m->q);
	if (TXF_GROW(m->qt, m->qt_cap, nt ? nt : 1, 16) < 0)
		goto nomem;
	for (i = 0; i < nt; i++) {
		m->qt[i].term = txf_count_term(m->q, i);
		m->qt[i].dtf = 0;
		/* The vocab's slot for the term, on its way by the time a
		 * listing needs the weights. */
		if (m->weights)
			txf_vocab_prefetch(m->o.vocab, m->qt[i].term.p,
			    m->qt[i].term.n);
	}
	m->weighed = 0;
	m->sam.built = 0;

	/* The failure function of the token sequence: fail[j] is the
	 * length of the longest proper prefix of qseq[0..j] that is also
	 * its suffix. */
	if (HAS(m, TXF_FEAT_PHRASE) && nq > 0) {
		size_t k = 0;
		m->fail[0] = 0;
		for (size_t j = 1; j < nq; j++) {
			while (k > 0 && m->qseq[j] != m->qseq[k])
				k = m->fail[k - 1];
			if (m->qseq[j] == m->qseq[k])
				k++;
			m->fail[j] = k;
		}
	}

	if (HAS(m, TXF_FEAT_CHAR3_JACCARD) &&
	    ((rc = gram_keys(m, q, nq)) < 0 || (rc = gset_fill(m, &m->qg)) < 0)) {
		(void)gset_reset(&m->qg, 0);
		return rc;
	}
	return 0;
nomem:
	txf_count_clear(m->q);
	m->nq = 0;
	return TXF_ENOMEM;
}

/* Whether the query's token sequence occurs in the listing's (KMP). */
static int
phrase(const txf_matcher *m, size_t nd)
{
	const uint32_t *p = m->qseq;
	size_t nq = m->nq, k = 0;

	if (nq == 0 || nq > nd)
		return 0;
	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		if (t < 0) {
			k = 0;
			continue;
		}
		while (k > 0 && p[k] != (uint32_t)t)
			k = m->fail[k - 1];
		if (p[k] == (uint32_t)t && ++k == nq)
			return 1;
	}
	return 0;
}

/*
 * lcs_run, the longest run of consecutive tokens in both, in time linear
 * in the lengths: a query of at most LCS_DP_MAX tokens by dynamic
 * programming over the query for each listing token (at most LCS_DP_MAX
 * steps a token, and no allocation), a longer one through the suffix
 * automaton of the query (O(query + listing) steps).  m->steps counts
 * the steps, for the test of the bound.
 */
#define LCS_DP_MAX 32

/*
 * The dynamic programming: run[i] is the length of the common run ending
 * at query token i - 1 and the current listing token, updated right to
 * left so that run[i - 1] still holds the value for the previous listing
 * token.  A listing token that is no query term zeroes the row; only
 * listing tokens that are query terms cost a pass over the query.
 */
static size_t
lcs_run_dp(txf_matcher *m, size_t nd)
{
	uint32_t *run = m->run;
	size_t nq = m->nq, best = 0;
	int dirty = 0;

	memset(run, 0, (nq + 1) * sizeof *run);
	m->steps += nq + 1;
	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		m->steps++;
		if (t < 0) {
			if (dirty) {
				memset(run, 0, (nq + 1) * sizeof *run);
				m->steps += nq + 1;
				dirty = 0;
			}
			continue;
		}
		for (size_t i = nq; i > 0; i--) {
			uint32_t r = m->qseq[i - 1] == (uint32_t)t ?
			    run[i - 1] + 1 : 0;
			run[i] = r;
			if (r > best)
				best = r;
		}
		m->steps += nq;
		dirty = 1;
	}
	return best;
}

/* The slot of the transition (from, sym): holding it, or empty. */
static inline uint32_t *
sam_slot(const struct sam *a, uint32_t from, uint32_t sym)
{
	uint64_t h = (((uint64_t)from << 32) | sym) * 0x9E3779B97F4A7C15ull;
	size_t mask = ((size_t)1 << a->bits) - 1;
	size_t i = (size_t)(h >> (64 - a->bits));

	for (;;) {
		uint32_t e = a->slot[i];
		if (e == 0 || (a->e[e - 1].from == from &&
		    a->e[e - 1].sym == sym))
			return &a->slot[i];
		i = (i + 1) & mask;
	}
}

static inline void
sam_add(struct sam *a, uint32_t *slot, uint32_t from, uint32_t sym,
        uint32_t to)
{
	struct sedge *e = &a->e[a->ne];

	e->from = from;
	e->sym = sym;
	e->to = to;
	e->next = a->head[from];
	a->head[from] = a->ne;
	*slot = ++a->ne;
}

/* Room for the automaton of n tokens. */
static int
sam_reserve(struct sam *a, size_t n)
{
	if (n <= a->cap)
		return 0;
	size_t c = a->cap ? a->cap : 64;
	while (c < n)
		c *= 2;
	if (c > UINT32_MAX / 8)
		return TXF_ENOMEM;
	unsigned bits = 1;
	while (((size_t)1 << bits) < 2 * (3 * c + 4))
		bits++;
	uint32_t *len = realloc(a->len, (2 * c + 2) * sizeof *len);
	if (len != NULL)
		a->len = len;
	int32_t *link = realloc(a->link, (2 * c + 2) * sizeof *link);
	if (link != NULL)
		a->link = link;
	uint32_t *head = realloc(a->head, (2 * c + 2) * sizeof *head);
	if (head != NULL)
		a->head = head;
	struct sedge *e = realloc(a->e, (3 * c + 4) * sizeof *e);
	if (e != NULL)
		a->e = e;
	uint32_t *slot = realloc(a->slot, ((size_t)1 << bits) * sizeof *slot);
	if (slot != NULL)
		a->slot = slot;
	if (len == NULL || link == NULL || head == NULL || e == NULL ||
	    slot == NULL)
		return TXF_ENOMEM;
	a->cap = c;
	a->bits = bits;
	return 0;
}

/* The suffix automaton of the query's token sequence (the classic online
 * construction, with clones). */
static int
sam_build(txf_matcher *m)
{
	struct sam *a = &m->sam;
	size_t nq = m->nq;

	if (sam_reserve(a, nq) < 0)
		return TXF_ENOMEM;
	memset(a->slot, 0, ((size_t)1 << a->bits) * sizeof *a->slot);
	a->ne = 0;
	a->len[0] = 0;
	a->link[0] = -1;
	a->head[0] = UINT32_MAX;
	uint32_t nst = 1, last = 0;
	for (size_t i = 0; i < nq; i++) {
		uint32_t c = m->qseq[i], cur = nst++, *s = NULL;
		int32_t p = (int32_t)last;
		a->len[cur] = a->len[last] + 1;
		a->head[cur] = UINT32_MAX;
		for (; p >= 0; p = a->link[p]) {
			s = sam_slot(a, (uint32_t)p, c);
			if (*s != 0)
				break;
			sam_add(a, s, (uint32_t)p, c, cur);
			m->steps++;
		}
		if (p < 0) {
			a->link[cur] = 0;
		} else {
			uint32_t q = a->e[*s - 1].to;
			if (a->len[p] + 1 == a->len[q]) {
				a->link[cur] = (int32_t)q;
			} else {
				uint32_t cl = nst++;
				a->len[cl] = a->len[p] + 1;
				a->head[cl] = UINT32_MAX;
				a->link[cl] = a->link[q];
				for (uint32_t k = a->head[q]; k != UINT32_MAX;
				    k = a->e[k].next) {
					uint32_t sym = a->e[k].sym, to = a->e[k].to;
					sam_add(a, sam_slot(a, cl, sym), cl, sym,
					    to);
					m->steps++;
				}
				for (; p >= 0; p = a->link[p]) {
					s = sam_slot(a, (uint32_t)p, c);
					if (*s == 0 || a->e[*s - 1].to != q)
						break;
					a->e[*s - 1].to = cl;
					m->steps++;
				}
				a->link[q] = a->link[cur] = (int32_t)cl;
			}
		}
		last = cur;
		m->steps++;
	}
	a->built = 1;
	return 0;
}

/* The longest common run by walking the listing through the query's
 * automaton: a token that cannot extend the match follows suffix links
 * (each shortens the match, so they are paid for by the tokens that
 * lengthened it). */
static size_t
lcs_run_sam(txf_matcher *m, size_t nd)
{
	const struct sam *a = &m->sam;
	uint32_t v = 0;
	size_t l = 0, best = 0;

	for (size_t j = 0; j < nd; j++) {
		int32_t t = m->dseq[j];
		m->steps++;
		if (t < 0) {
			v = 0;
			l = 0;
			continue;
		}
		for (;;) {
			const uint32_t *s = sam_slot(a, v, (uint32_t)t);
			if (*s != 0) {
				v = a->e[*s - 1].to;
				l++;
				break;
			}
			if (v == 0) {
				l = 0;
				break;
			}
			v = (uint32_t)a->link[v];
			l = a->len[v];
			m->steps++;
		}
		if (l > best)
			best = l;
	}
	return best;
}

static int
lcs_run(txf_matcher *m, size_t nd, size_t *best)
{
	*best = 0;
	if (m->nq == 0)
		return 0;
	if (m->nq <= LCS_DP_MAX) {
		*best = lcs_run_dp(m, nd);
		return 0;
	}
	if (!m->sam.built && sam_build(m) < 0)
		return TXF_ENOMEM;
	*best = lcs_run_sam(m, nd);
	return 0;
}

uint64_t
txf_matcher_steps(const txf_matcher *m)
{
	return m->steps;
}

/* The query term t is (nt of them), or -1: a short query is scanned, a
 * longer one looked up. */
static inline int32_t
query_term(const txf_matcher *m, size_t nt, txf_str t)
{
	size_t k;

	if (nt <= 8) {
		for (k = 0; k < nt; k++) {
			txf_str q = m->qt[k].term;
			if (q.n == t.n && txf_same_bytes(q.p, t.p, t.n))
				return (int32_t)k;
		}
		return -1;
	}
	return txf_count_find(m->q, t.p, t.n, &k) ? (int32_t)k : -1;
}

int
txf_match_listing(txf_matcher *m, const txf_str *d, size_t nd, double *out)
{
	size_t i, nt = txf_count_size(m->q), matched = 0;
	long first = -1;
	int rc;

	memset(out, 0, TXF_FEAT_COUNT * sizeof *out);
	m->steps = 0;
	RESERVE(m->dseq, m->dseq_cap, nd);
	for (i = 0; i < nt; i++)
		m->qt[i].dtf = 0;

	/* The pass over the listing's tokens.  A short listing's terms are
	 * found by comparing with those seen (its tokens stay put during the
	 * call); a longer one's through a table. */
	int small = nd <= SMALL_LISTING;
	size_t nd_terms = 0;
	if (!small)
		txf_count_clear(m->d);
	for (size_t j = 0; j < nd; j++) {
		int fresh;
		if (small) {
			for (i = 0; i < nd_terms; i++)
				if (m->dterm[i].n == d[j].n &&
				    txf_same_bytes(m->dterm[i].p, d[j].p,
				    d[j].n))
					break;
			fresh = i == nd_terms;
			nd_terms += (size_t)fresh;
		} else {
			rc = txf_count_add(m->d, d[j].p, d[j].n, &i);
			if (rc < 0)
				return rc;
			fresh = rc > 0;
		}
		if (fresh) {
			if (i >= m->dterm_cap && reserve_dterms(m, i + 1) < 0)
				return TXF_ENOMEM;
			m->dterm[i] = d[j];
			m->dcnt[i] = 0;
			m->dq[i] = query_term(m, nt, d[j]);
		}
		m->dcnt[i]++;
		int32_t t = m->dq[i];
		m->dseq[j] = t;
		if (t >= 0) {
			if (m->qt[t].dtf++ == 0)
				matched++;
			if (first < 0)
				first = (long)j;
		}
	}
	if (!small)
		nd_terms = txf_count_size(m->d);

	out[TXF_FEAT_QLEN] = (double)m->nq;
	out[TXF_FEAT_DLEN] = (double)nd;
	out[TXF_FEAT_MATCHED] = (double)matched;
	if (nt > 0)
		out[TXF_FEAT_COVERAGE] = (double)matched / (double)nt;
	if (nt + nd_terms > 0) {
		out[TXF_FEAT_JACCARD] = (double)matched /
		    (double)(nt + nd_terms - matched);
		out[TXF_FEAT_DICE] = 2.0 * (double)matched /
		    (double)(nt + nd_terms);
	}

	/* The query's vocab weights, once per query, for a listing that
	 * shares a term with it: looked up now, used after the features
	 * that need no vocab, which hide the wait for the dfs. */
	int weigh = matched > 0 && m->weights && !m->weighed;
	if (weigh && lookup_query(m) < 0)
		return TXF_ENOMEM;

	if (HAS(m, TXF_FEAT_PHRASE))
		out[TXF_FEAT_PHRASE] = matched > 0 ? phrase(m, nd) : 0;
	if (HAS(m, TXF_FEAT_LCS_RUN) && matched > 0) {
		size_t best;
		if (lcs_run(m, nd, &best) < 0)
			return TXF_ENOMEM;
		out[TXF_FEAT_LCS_RUN] = (double)best;
	}
	out[TXF_FEAT_FIRST_POS] = (double)first;

	if (HAS(m, TXF_FEAT_CHAR3_JACCARD) &&
	    (rc = char3(m, d, nd, &out[TXF_FEAT_CHAR3_JACCARD])) < 0)
		return rc;

	if (weigh)
		weigh_query(m);

	if (HAS(m, TXF_FEAT_BM25) && matched > 0) {
		/* k1 (1 - b + b dl / avgdl), the length normalization. */
		double ratio = m->avgdl > 0 ? (double)nd / m->avgdl : 1;
		double norm = m->o.k1 * (1 - m->o.b + m->o.b * ratio);
		double s = 0;
		for (i = 0; i < nt; i++) {
			const struct qterm *t = &m->qt[i];
			if (t->dtf > 0)
				s += t->bm * (double)t->dtf /
				    ((double)t->dtf + norm);
		}
		out[TXF_FEAT_BM25] = s;
	}

	if (HAS(m, TXF_FEAT_COSINE) && matched > 0 && m->qnorm > 0) {
		/* Shared terms make the dot product; every listing term in
		 * the vocab adds to the listing's norm. */
		double dot = 0, ss = 0;
		listing_idf(m, nd_terms);
		for (i = 0; i < nd_terms; i++) {
			double idf = m->didf[i], c = (double)m->dcnt[i];
			if (m->dq[i] >= 0)
				dot += m->qt[m->dq[i]].w * c * idf;
			ss += c * idf * c * idf;
		}
		if (ss > 0) {
			double cos = dot / (m->qnorm * sqrt(ss));
			out[TXF_FEAT_COSINE] = cos > 1 ? 1 : cos < 0 ? 0 : cos;
		}
	}

	/* Only the features asked for. */
	for (int f = 0; f < TXF_FEAT_COUNT; f++)
		if (!HAS(m, f))
			out[f] = 0;
	return 0;
}

int
txf_match(txf_matcher *m, const txf_str *q, size_t nq, const txf_str *d,
          size_t nd, double *out)
{
	int rc = txf_match_query(m, q, nq);

	if (rc < 0)
		return rc;
	return txf_match_listing(m, d, nd, out);
}
