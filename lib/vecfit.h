/*
 * vecfit.h - fitting a vocab and vectorizing in one pass over the input
 * (vectorize --fit): the documents' terms are counted and each
 * document's term numbers kept, so that once the vocab is made from the
 * counts, the vectors come from the numbers without reading or analysing
 * the input again.  The input may be counted in parts, each in a fit of
 * its own (one per thread), merged at the end.  Internal (the tools');
 * not installed.
 */
#ifndef TXF_VECFIT_H
#define TXF_VECFIT_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "batch.h"

typedef struct txf_vecfit txf_vecfit;

/** An empty fit; NULL when out of memory. */
txf_vecfit *txf_vecfit_new(void);

/** Count the document whose tokens are tok[0..n) and keep their numbers
 *  (the tokens are copied and counted with those of the next documents,
 *  at the latest by txf_vecfit_sort()): 0, TXF_ENOMEM, or TXF_ERANGE
 *  (2^32 terms or tokens per document, or as many documents). */
int txf_vecfit_add(txf_vecfit *f, const txf_str *tok, size_t n);

uint64_t txf_vecfit_docs(const txf_vecfit *f);
uint64_t txf_vecfit_tokens(const txf_vecfit *f);
/** Bytes held: the terms' table and every document's term numbers. */
size_t txf_vecfit_memory(const txf_vecfit *f);

/** After the last document: its terms sorted by their bytes, for
 *  txf_vecfit_merge() (which sorts those not sorted yet; fits may be
 *  sorted on threads of their own): 0 or TXF_ENOMEM. */
int txf_vecfit_sort(txf_vecfit *f);

/** After the last document of each of f[0..n) (fits of parts of the
 *  input, each document in one): the terms of all by their bytes with
 *  df and cf summed, as a merge (owned by f[0]), the rows vocab writes
 *  from.  NULL with *err set. */
txf_merge *txf_vecfit_merge(txf_vecfit *const *f, size_t n, int *err);

/** Number the terms by their rows in v (the vocab made from the merge;
 *  a pruned term has none), by walking the sorted terms beside v's rows
 *  (no lookups): 0, TXF_ENOMEM or TXF_ERANGE (2^31 rows, 2^32
 *  documents). */
int txf_vecfit_index(txf_vecfit *f, const txf_vocab *v);

/** vocab.c: a vocab made by rows (txf_vocab_new_rows()): room for n
 *  more rows whose terms take at most bytes (txf_count_reserve()), so
 *  that the rows added are read, while more are added, by another
 *  thread (told how many there are by the adding one) with
 *  txf_vocab_rows_text(): rows [from, to) as txf_vocab_format_row()
 *  writes them with the idf of kind, appended to out (0 or TXF_ENOMEM),
 *  and, when from is the first row not yet there, put in the vocab's
 *  df and idf columns (room reserved), which txf_vocab_end_rows() then
 *  leaves as they are: it must not run meanwhile. */
int txf_vocab_reserve_rows(txf_vocab *v, size_t n, size_t bytes);
int txf_vocab_rows_text(txf_vocab *v, size_t from, size_t to,
                        enum txf_idf kind, txf_buf *out);

/** Without pruning, in place of txf_vecfit_merge(), writing its rows
 *  and txf_vecfit_index(): the rows of v (from txf_vocab_new_rows(),
 *  none added yet) from the terms of f[0..n) (fits of parts of the
 *  input, after their last document), df and cf summed, the idf of kind
 *  over docs documents; each fit's terms numbered by their rows.  0,
 *  TXF_ENOMEM or TXF_ERANGE (2^31 rows, 2^32 documents).  Unless done is NULL, the
 *  rows are made in room reserved first (txf_vocab_reserve_rows()) and
 *  done(arg, rows, 0) told of each TXF_VECFIT_STEP rows added, then
 *  done(arg, rows, 1) once there are no more (after an error too), so
 *  that another thread reads them meanwhile. */
#define TXF_VECFIT_STEP 8192
int txf_vecfit_rows(txf_vecfit *const *f, size_t n, txf_vocab *v,
                    enum txf_idf kind, uint64_t docs,
                    void (*done)(void *arg, size_t rows, int end),
                    void *arg);

/** After txf_vecfit_rows(): the table of f's terms released (the
 *  vectors need only the documents' keys); f then serves only
 *  txf_vecfit_vector(), txf_vecfit_docs() and txf_vecfit_tokens(). */
void txf_vecfit_drop_terms(txf_vecfit *f);

/** The vector of document i (from 0), as txf_vectorize() would give it
 *  for the document's tokens with vz (made with v's rows). */
int txf_vecfit_vector(txf_vecfit *f, txf_vectorizer *vz, size_t i,
                      txf_vec *out);

/** Release a fit (f not NULL: every fit comes from a txf_vecfit_new()
 *  that did not fail). */
void txf_vecfit_free(txf_vecfit *f);

/* vector.c: the vector of the tokens whose term numbers are ids[0..n),
 * term k's key being key[k]: its row in the vocab << TXF_VECFIT_ROW_SHIFT
 * | its df << 1 (or TXF_VECFIT_NONE: not there), its idf idf_df[df].
 * As txf_vectorize().  The df travels with the row, from the one array
 * read by term: the idf by df is read from a few places (the dfs of
 * most tokens are few), the idf by row would be from anywhere. */
#define TXF_VECFIT_ROW_SHIFT 33
#define TXF_VECFIT_NONE UINT64_MAX
int txf_vectorize_keyed(txf_vectorizer *vz, const uint32_t *ids, size_t n,
                        const uint64_t *key, const double *idf_df,
                        txf_vec *out);

/* vocab.c: a vocab made row by row, as the rows vocab writes would be
 * read back (vectorize --fit, without writing and reading them): the
 * header's strings are copied; the rows must come sorted by term bytes
 * and unique; the idf is the value vocab writes (at %.17g, read back as
 * the same double).  txf_vocab_end_rows() after the last: without
 * lookups, the vocab serves by row number only (txf_vocab_index() and
 * the vectorizing of tokens need lookups).  NULL or TXF_ENOMEM when out
 * of memory. */
txf_vocab *txf_vocab_new_rows(const txf_vocab_header *h);
int txf_vocab_add_row(txf_vocab *v, txf_str term, uint64_t df, uint64_t cf,
                      double idf);
int txf_vocab_end_rows(txf_vocab *v, int lookups);

#endif /* TXF_VECFIT_H */
