/*
 * match.h - the matcher's state, shared by the files of the query-listing
 * features: match.c (queries, listings, the term features), match_grams.c
 * (character 3-grams: char3_jaccard) and match_seq.c (phrase, lcs_run).
 * Internal: not installed.
 */
#ifndef TXF_MATCH_H
#define TXF_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "internal.h"

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

/* match_grams.c */

/** Empty s, with room for max short grams.  0 or TXF_ENOMEM. */
int txf_mt_gset_reset(struct gset *s, size_t max);
/** The 3-grams of tok[0..n) into m->gk (short) and m->gl (long). */
int txf_mt_gram_keys(txf_matcher *m, const txf_str *tok, size_t n);
/** Put the grams m->gk and m->gl into the set s (emptied first). */
int txf_mt_gset_fill(txf_matcher *m, struct gset *s);
/** char3_jaccard of the listing tok[0..n) against the query's set. */
int txf_mt_char3(txf_matcher *m, const txf_str *tok, size_t n, double *out);

/* match_seq.c */

/** phrase: whether the query's token sequence occurs in the listing's
 *  (m->dseq[0..nd)). */
int txf_mt_phrase(const txf_matcher *m, size_t nd);
/** lcs_run: the longest run of the query's tokens in the listing's, in
 *  *best.  0 or TXF_ENOMEM. */
int txf_mt_lcs_run(txf_matcher *m, size_t nd, size_t *best);

#endif /* TXF_MATCH_H */
