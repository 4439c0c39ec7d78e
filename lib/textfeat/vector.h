/*
 * textfeat/vector.h - part of libtextfeat's public interface: vectors (vocab or hashing) in trainers' formats, and the term
 * frequencies of a document.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_VECTOR_H
#define TEXTFEAT_VECTOR_H

#include "vocab.h"
#include "analysis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Vectors                                                             */

/*
 * A document's tokens as a sparse vector, computed as scikit-learn's
 * CountVectorizer and TfidfVectorizer (with a vocab) or HashingVectorizer
 * (with hashing) compute it, and written in a trainer's format.  A serving
 * program that links this library builds the very vectors the training
 * files hold.
 *
 * Index.  With a vocab, a term's index is its row (from 0); tokens not in
 * the vocab are dropped.  With hashing into N features, h is the MurmurHash3
 * x86_32 (seed 0) of the token's UTF-8 bytes read as an int32, the index is
 * |h| mod N (|INT32_MIN| taken as 2^31) and, with alternate_sign, a token
 * counts -1 when h < 0 and +1 otherwise: scikit-learn's HashingVectorizer.
 *
 * Value of an index, in scikit-learn's order:
 *  1. count: c, the sum of its tokens' +1 and -1 (collisions add);
 *  2. weight: raw c; binary 1 for every index a token maps to, even where
 *     signed counts cancel (HashingVectorizer's binary=True); log
 *     sign(c) (1 + ln |c|) (sublinear_tf); freq c / L, L the tokens of the
 *     document (out-of-vocabulary ones too, as tf counts them); augmented
 *     sign(c) (0.5 + 0.5 |c| / M), M the largest count of a term of the
 *     document (all its terms, as tf);
 *  3. idf: times the vocab's idf column (any kind);
 *  4. entries whose value is 0 are dropped;
 *  5. norm: divided by the l1 or l2 norm of the vector (a vector of zeros
 *     stays as it is).
 */

/** Largest number of hash features (scikit-learn's limit, INT32_MAX). */
#define TXF_VEC_HASH_MAX 2147483647u

enum txf_vec_weight {
	TXF_VEC_RAW = 0, TXF_VEC_BINARY, TXF_VEC_LOG, TXF_VEC_FREQ,
	TXF_VEC_AUGMENTED
};

/** AUTO is scikit-learn's default: l2 with idf or hashing, else none. */
enum txf_vec_norm {
	TXF_VEC_NORM_AUTO = 0, TXF_VEC_NORM_NONE, TXF_VEC_L1, TXF_VEC_L2
};

enum txf_vec_format {
	TXF_VEC_SVMLIGHT = 0, TXF_VEC_VW, TXF_VEC_TRIPLET, TXF_VEC_DENSE,
	TXF_VEC_FASTTEXT
};

/** Names of the choices ("raw", "l2", "svmlight" ...; static storage) and
 *  back (TXF_EINVAL when unknown). */
TXF_API const char *txf_vec_weight_name(enum txf_vec_weight w);
TXF_API int txf_vec_weight_parse(const char *name);
TXF_API const char *txf_vec_norm_name(enum txf_vec_norm n);
TXF_API int txf_vec_norm_parse(const char *name);
TXF_API const char *txf_vec_format_name(enum txf_vec_format f);
TXF_API int txf_vec_format_parse(const char *name);
/** The NULL-terminated tables of the names a user may give (the norm's
 *  lacks "auto", the default), in the enums' order. */
TXF_API const char *const *txf_vec_weight_names(void);
TXF_API const char *const *txf_vec_norm_names(void);
TXF_API const char *const *txf_vec_format_names(void);

/* ------------------------------------------------------------------ */
/* Term frequencies of a document (the terms stream tf writes)          */

/**
 * The weight of a term counted count times in a document of ntokens
 * tokens whose most frequent term is counted maxcount times: the count;
 * 1; 1 + ln(count); count / ntokens; 0.5 + 0.5 * count / maxcount.  The
 * one formula of tf and of vectors (which give it the hash's sign).
 */
TXF_API double txf_tf_weight(enum txf_vec_weight w, uint64_t count,
                     uint64_t ntokens, uint64_t maxcount);

/** The order of a document's terms: first occurrence, term bytes, or
 *  value descending with ties by term bytes. */
enum txf_tf_order { TXF_TF_FIRST = 0, TXF_TF_TERM, TXF_TF_VALUE };
TXF_API const char *txf_tf_order_name(enum txf_tf_order o);
TXF_API int txf_tf_order_parse(const char *name);
TXF_API const char *const *txf_tf_order_names(void);

typedef struct {
	enum txf_vec_weight weight;   /* default TXF_VEC_RAW */
	enum txf_tf_order order;      /* default TXF_TF_FIRST */
	size_t top;                   /* keep the top terms by value (ties
	                                 by term bytes); SIZE_MAX: all */
} txf_tfopts;

typedef struct txf_termfreq txf_termfreq;

/** A counter of one document's terms at a time; NULL when out of memory. */
TXF_API txf_termfreq *txf_termfreq_new(const txf_tfopts *o);

/**
 * Count the terms of a tokens field p[0..n) (escaped tokens separated by
 * spaces), weigh, order and select them: *nterms is then the number of
 * terms to write, read with txf_termfreq_get().  Returns 0 or a TXF_E*
 * code (TXF_ENOMEM, TXF_ERANGE for a document too large).
 */
TXF_API int txf_termfreq_doc(txf_termfreq *t, const char *p, size_t n,
                     size_t *nterms);

/** The k-th term (< *nterms) of the last document, and its count; the
 *  term is valid until the next txf_termfreq_doc(). */
TXF_API void txf_termfreq_get(txf_termfreq *t, size_t k, txf_str *term,
                      uint64_t *count);

/** The weight of a count of the last document (txf_tf_weight()). */
TXF_API double txf_termfreq_value(const txf_termfreq *t, uint64_t count);

TXF_API void txf_termfreq_free(txf_termfreq *t);

/**
 * The hashing index of the term p[0..n) among n_features (>= 1), with its
 * sign (+1 or -1, the sign of the MurmurHash3 read as an int32) in *sign.
 */
TXF_API uint32_t txf_vec_hash(const char *p, size_t n, uint32_t n_features,
                      int *sign);

/** How to build vectors.  txf_vecopts_init() sets the defaults. */
typedef struct {
	const txf_vocab *vocab;    /* index by vocab rows (borrowed), or NULL */
	uint32_t hash_n;           /* or hash into this many features
	                              (1..TXF_VEC_HASH_MAX); 0 with a vocab */
	int alternate_sign;        /* hashing: signed counts (default 1) */
	enum txf_vec_weight weight;  /* default TXF_VEC_RAW */
	int idf;                   /* times the vocab's idf (default 0) */
	enum txf_vec_norm norm;    /* default TXF_VEC_NORM_AUTO */
} txf_vecopts;

TXF_API void txf_vecopts_init(txf_vecopts *o);

/**
 * Check o: exactly one of vocab and hash_n, hash_n within range, known
 * weight and norm, idf only with a vocab that has an idf column.  Returns
 * 0, TXF_EINVAL, or TXF_ERANGE (a vocab of more than TXF_VEC_HASH_MAX
 * rows).
 */
TXF_API int txf_vecopts_check(const txf_vecopts *o);

/** The norm o stands for: its norm, or what AUTO means for it. */
TXF_API enum txf_vec_norm txf_vec_default_norm(const txf_vecopts *o);

/** A document's vector: entries by ascending index, none of value 0. */
typedef struct {
	const uint32_t *idx;   /* indices, ascending */
	const double *val;     /* their values */
	size_t n;              /* number of entries */
	size_t tokens;         /* tokens in the document */
	size_t dropped;        /* of them, not in the vocab */
} txf_vec;

typedef struct txf_vectorizer txf_vectorizer;

/**
 * A vectorizer with a copy of o (the vocab stays the caller's and must
 * outlive it).  With a vocab it builds its own lookup table of the terms
 * (36 to 72 bytes a row) and, with idf, an array of the idf (8 bytes a
 * row).  NULL with *err set to the code txf_vecopts_check() returns, or
 * TXF_ENOMEM.  Release with txf_vectorizer_free().
 */
TXF_API txf_vectorizer *txf_vectorizer_new(const txf_vecopts *o,
                                   txf_error *err);

/**
 * A vectorizer with vz's options that shares its read-only tables (the
 * vocab's lookup table and idf), for another thread: vz must outlive it.
 * NULL when out of memory.  Release with txf_vectorizer_free().
 */
TXF_API txf_vectorizer *txf_vectorizer_dup(const txf_vectorizer *vz);

/** Free the vectorizer (NULL is allowed). */
TXF_API void txf_vectorizer_free(txf_vectorizer *vz);

/** Number of features: the vocab's rows or hash_n. */
TXF_API uint32_t txf_vectorizer_dim(const txf_vectorizer *vz);

/** The vectorizer's options, with the norm resolved (never AUTO). */
TXF_API const txf_vecopts *txf_vectorizer_opts(const txf_vectorizer *vz);

/**
 * The vector of the document whose tokens are tok[0..n).  *out points into
 * storage owned by vz, valid until the next call on vz.  Returns 0 or
 * TXF_ENOMEM (or TXF_ERANGE from the term counting of augmented).
 */
TXF_API int txf_vectorize(txf_vectorizer *vz, const txf_str *tok, size_t n,
                  txf_vec *out);

/**
 * The same from a tokens-stream field p[0..n): tokens separated by spaces
 * (several count as one), with the stream's escapes, which are decoded.
 * Faster: no token views are made.  Returns as txf_vectorize().
 */
TXF_API int txf_vectorize_field(txf_vectorizer *vz, const char *p, size_t n,
                        txf_vec *out);

/** How to write vectors.  txf_vecfmt_init() sets the defaults. */
typedef struct {
	enum txf_vec_format format;  /* default TXF_VEC_SVMLIGHT */
	int prec;              /* significant digits of values, 1..17 (9) */
	int one_based;         /* svmlight and triplet indices from 1 (0) */
	const char *ns;        /* VW namespace (default "w"; borrowed) */
	size_t ns_len;
	int id_comment;        /* svmlight: end the line with " # id" (0) */
} txf_vecfmt;

TXF_API void txf_vecfmt_init(txf_vecfmt *f);

/**
 * What a line holds besides the vector: the document id and, for
 * svmlight and VW, its label and (svmlight) query id, as the fields are
 * in the stream (escaped).  A NULL label.p writes svmlight's label 0 and
 * no VW label; a NULL qid.p no qid.
 */
typedef struct {
	txf_str id, label, qid;
	txf_str tokens;   /* fastText: the tokens field (escaped) */
} txf_vecrow;

/**
 * The lines of one document, with values as txf_fmt_num() writes them at
 * f->prec digits:
 *
 *   svmlight  label [qid:Q] i:v i:v ...    (one line, even without entries)
 *   vw        [label ]'id |ns name:v ...   (one line, even without entries)
 *   triplet   id TAB i TAB v               (one line per entry)
 *   dense     id TAB v0 TAB v1 ... TAB v(dim-1)   (zeros written 0)
 *   fasttext  __label__L ... tok tok ...   (row->label split at commas,
 *             then row->tokens with \\ decoded; no vector is written)
 *
 * With f->id_comment, a svmlight line ends with " # " and the id as it
 * is in the stream (scikit-learn's and XGBoost's readers skip a '#'
 * comment).
 * VW names are the vocab's terms, or the decimal index with hashing; in
 * VW names and the id, bytes VW reads as syntax (space, TAB, LF, CR, '|',
 * ':') and '%' are written %XX (txf_vw_escape()); the id's stream escapes
 * are decoded first.  Writes into out, which must hold txf_vec_bound()
 * bytes; returns the number written (no NUL).
 */
TXF_API size_t txf_vec_write(const txf_vectorizer *vz, const txf_vecfmt *f,
                     const txf_vecrow *row, const txf_vec *v, char *out);

/** A size txf_vec_write() does not exceed for these arguments. */
TXF_API size_t txf_vec_bound(const txf_vectorizer *vz, const txf_vecfmt *f,
                     const txf_vecrow *row, const txf_vec *v);

/**
 * Write p[0..n) into out (room for 3n bytes) with space, TAB, LF, CR,
 * '|', ':' and '%' as %20, %09, %0A, %0D, %7C, %3A and %25, so that a
 * term is one VW feature name and distinct terms stay distinct.  Returns
 * the length.
 */
TXF_API size_t txf_vw_escape(const char *p, size_t n, char *out);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_VECTOR_H */
