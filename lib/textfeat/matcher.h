/*
 * textfeat/matcher.h - part of libtextfeat's public interface: query-listing features for learning to rank.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_MATCHER_H
#define TEXTFEAT_MATCHER_H

#include "vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Query-listing features                                              */

/*
 * Learning-to-rank features of a query and a listing, each given as its
 * tokens (the output of txf_tokenize(), with the same options for both).
 * A term is a distinct token; Q is the query's set of terms, D the
 * listing's.  With q and d the numbers of query and listing tokens:
 *
 *   qlen, dlen     q and d
 *   matched        |Q and D|: the distinct query terms the listing holds
 *   coverage       |Q and D| / |Q|
 *   jaccard        |Q and D| / |Q or D|
 *   dice           2 |Q and D| / (|Q| + |D|)
 *   cosine         the cosine of the tf-idf vectors of the two sides: a
 *                  term's weight is its count times the vocab's idf
 *                  column, each vector is l2-normalized (scikit-learn's
 *                  TfidfVectorizer transform), terms absent from the
 *                  vocab are left out; needs a vocab with idf
 *   bm25           Lucene's BM25Similarity summed over the query's tokens
 *                  (a repeated query term counts each time):
 *                  idf(t) tf / (tf + k1 (1 - b + b d / avgdl)), tf the
 *                  term's count in the listing, idf(t) =
 *                  ln(1 + (N - df + 0.5) / (df + 0.5)) with N = #docs and
 *                  df from the vocab (0 for a term absent from it, at
 *                  most N), avgdl = #tokens / #docs (d / avgdl is taken
 *                  as 1 when the vocab has no tokens); needs a vocab
 *   phrase         1 when the query's tokens occur, in order and next to
 *                  each other, in the listing's tokens, else 0
 *   lcs_run        the length of the longest run of consecutive tokens
 *                  that occurs in both
 *   first_pos      the position (from 0) of the listing's first token that
 *                  is a query term, or -1 when there is none
 *   char3_jaccard  the Jaccard index of the sets of character 3-grams of
 *                  the two sides, each taken over its tokens joined by
 *                  single spaces, a character being an extended grapheme
 *                  cluster: the n-grams txf_ngrams() makes with char_min =
 *                  char_max = 3, word n-grams off and TXF_UNIT_GRAPHEME
 *
 * No value is ever NaN or infinite: a ratio whose denominator is 0 (an
 * empty query or listing, no terms of a side in the vocab) is 0, and so
 * are phrase and lcs_run for an empty query; first_pos is then -1.
 */

/** The features, in the order the tools write them by default. */
enum txf_feat {
	TXF_FEAT_QLEN = 0,
	TXF_FEAT_DLEN,
	TXF_FEAT_MATCHED,
	TXF_FEAT_COVERAGE,
	TXF_FEAT_JACCARD,
	TXF_FEAT_DICE,
	TXF_FEAT_COSINE,
	TXF_FEAT_BM25,
	TXF_FEAT_PHRASE,
	TXF_FEAT_LCS_RUN,
	TXF_FEAT_FIRST_POS,
	TXF_FEAT_CHAR3_JACCARD,
	TXF_FEAT_COUNT           /* the number of features */
};

/** The bit of feature f in a feature set. */
#define TXF_FEAT_BIT(f) (UINT32_C(1) << (f))
/** Every feature. */
#define TXF_FEAT_ALL (TXF_FEAT_BIT(TXF_FEAT_COUNT) - 1)

/** The name of feature f ("qlen", "char3_jaccard", ...; static storage),
 *  or NULL when f is out of range. */
TXF_API const char *txf_feat_name(enum txf_feat f);

/** The feature named p[0..n), or TXF_EINVAL when there is none of that
 *  name. */
TXF_API int txf_feat_parse(const char *p, size_t n);

/** The NULL-terminated table of the feature names, in the enum's order. */
TXF_API const char *const *txf_feat_names(void);

/**
 * The features that can be computed with vocab v (NULL: no vocab): all
 * but cosine and bm25 without a vocab, all but cosine with a vocab whose
 * #idf is none, else all.
 */
TXF_API uint32_t txf_feat_available(const txf_vocab *v);

/** What a matcher computes.  txf_matchopts_init() sets the defaults. */
typedef struct {
	uint32_t feats;           /* TXF_FEAT_BIT()s (default: every feature
	                             txf_feat_available(vocab) allows) */
	const txf_vocab *vocab;   /* NULL = none (default); borrowed: it must
	                             outlive the matcher */
	double k1;                /* BM25 term saturation, >= 0 (1.2) */
	double b;                 /* BM25 length normalization, 0..1 (0.75) */
} txf_matchopts;

/** Set o to the defaults for vocab v (NULL: no vocab). */
TXF_API void txf_matchopts_init(txf_matchopts *o, const txf_vocab *v);

typedef struct txf_matcher txf_matcher;

/**
 * A matcher with a copy of o.  NULL with *err set to TXF_EINVAL (no
 * feature, a feature o->vocab does not allow, k1 or b out of range) or
 * TXF_ENOMEM.  A matcher holds working memory that grows to the longest
 * query and listing and is reused: scoring allocates nothing after that;
 * with cosine or bm25 it also holds a 512 KiB cache of vocab lookups.
 * One matcher serves one thread; the vocab may be shared.  Release with
 * txf_matcher_free().
 */
TXF_API txf_matcher *txf_matcher_new(const txf_matchopts *o, txf_error *err);

/**
 * Set the query: its tokens q[0..nq) (copied; the caller may reuse
 * them).  Its terms, vocab lookups and 3-grams are computed once here for
 * all the listings scored against it.  Returns 0, TXF_ENOMEM or
 * TXF_ERANGE (2^31 or more distinct terms or 3-grams).
 */
TXF_API int txf_match_query(txf_matcher *m, const txf_str *q, size_t nq);

/**
 * Score the listing d[0..nd) against the query set last: out[f] is set
 * for every feature f of the matcher's set; the other elements of
 * out[0..TXF_FEAT_COUNT) are set to 0.  Before any txf_match_query() the
 * query is empty.  Returns 0, TXF_ENOMEM or TXF_ERANGE.
 */
TXF_API int txf_match_listing(txf_matcher *m, const txf_str *d, size_t nd,
                      double *out);

/** txf_match_query() then txf_match_listing(). */
TXF_API int txf_match(txf_matcher *m, const txf_str *q, size_t nq, const txf_str *d,
              size_t nd, double *out);

/**
 * The elementary steps lcs_run took for the last listing (a query's
 * automaton included when that listing built it): at most a small
 * constant times (query tokens + listing tokens), whatever the texts.
 * For tests and profiling.
 */
TXF_API uint64_t txf_matcher_steps(const txf_matcher *m);

/** Free the matcher (NULL is allowed); the vocab is not freed. */
TXF_API void txf_matcher_free(txf_matcher *m);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_MATCHER_H */
