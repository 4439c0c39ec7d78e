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
#include "match.h"

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

TXF_DEFINE_FREE(txf_matcher_free, txf_matcher, m)
{
	txf_count_free(m->q);
	txf_count_free(m->d);
	txf_count_free(m->qg.lng);
	txf_count_free(m->dg.lng);
	txf_ngen_free(m->ngen);
	TXF_FREE_ALL(m->qg.key, m->qg.used, m->dg.key, m->dg.used);
	TXF_FREE_ALL(m->qt, m->qseq, m->fail, m->run);
	TXF_FREE_ALL(m->sam.len, m->sam.link, m->sam.head, m->sam.e,
	    m->sam.slot);
	TXF_FREE_ALL(m->dterm, m->dcnt, m->dq, m->didf, m->dseq);
	TXF_FREE_ALL(m->mterm, m->mpos, m->mrow, m->midf);
	TXF_FREE_ALL(m->gk, m->gl, m);
}

txf_matcher *
txf_matcher_new(const txf_matchopts *o, txf_error *err)
{
	txf_matcher *m;

	if (o->feats == 0 || (o->feats & ~txf_feat_available(o->vocab)) != 0)
		return TXF_FAIL_NULL(err, TXF_EINVAL, 0, o->feats == 0 ?
		    "no feature" : o->vocab == NULL ?
		    "a feature that needs a vocab" :
		    "a feature that needs a vocab with idf");
	if (!(o->k1 >= 0 && o->k1 <= 1e300) || !(o->b >= 0 && o->b <= 1))
		return TXF_FAIL_NULL(err, TXF_EINVAL, 0, "k1 or b out of range");
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
	return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
}

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
	    ((rc = txf_mt_gram_keys(m, q, nq)) < 0 || (rc = txf_mt_gset_fill(m, &m->qg)) < 0)) {
		(void)txf_mt_gset_reset(&m->qg, 0);
		return rc;
	}
	return 0;
nomem:
	txf_count_clear(m->q);
	m->nq = 0;
	return TXF_ENOMEM;
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
			if (txf_same_str(q, t))
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
		out[TXF_FEAT_PHRASE] = matched > 0 ? txf_mt_phrase(m, nd) : 0;
	if (HAS(m, TXF_FEAT_LCS_RUN) && matched > 0) {
		size_t best;
		if (txf_mt_lcs_run(m, nd, &best) < 0)
			return TXF_ENOMEM;
		out[TXF_FEAT_LCS_RUN] = (double)best;
	}
	out[TXF_FEAT_FIRST_POS] = (double)first;

	if (HAS(m, TXF_FEAT_CHAR3_JACCARD) &&
	    (rc = txf_mt_char3(m, d, nd, &out[TXF_FEAT_CHAR3_JACCARD])) < 0)
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
