/*
 * textfeat/vocab.h - part of libtextfeat's public interface: vocab files: reading, writing, lookups, idf.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_VOCAB_H
#define TEXTFEAT_VOCAB_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Vocabularies                                                        */

/*
 * A vocab file: a header of lines starting with '#', then one row a term,
 * sorted by term bytes (memcmp order; terms are escaped as every text field
 * is, and compared unescaped):
 *
 *   #textfeat-vocab TAB 1
 *   #docs TAB N              documents, those without tokens too
 *   #tokens TAB T            tokens in them
 *   #analysis TAB TEXT       what the producer said shaped the tokens
 *   #pruning TAB none|RULES  the pruning applied ("none": a full count)
 *   #idf TAB none|smooth|plain|bm25
 *   term TAB df TAB cf [TAB idf]
 *
 * The first line is #textfeat-vocab and #idf is the last header line
 * (rows follow it, and a term may start with '#'); other header lines
 * come in any order between them, and unknown keys are ignored, for later
 * versions.  The idf column is there exactly when #idf is not none.
 */

enum txf_idf { TXF_IDF_NONE = 0, TXF_IDF_SMOOTH, TXF_IDF_PLAIN, TXF_IDF_BM25 };

/** The name of an idf kind ("none", "smooth", ...) and back (TXF_EINVAL
 *  if unknown). */
TXF_API const char *txf_idf_name(enum txf_idf k);
TXF_API int txf_idf_parse(const char *name);
/** The NULL-terminated table of the idf kinds' names. */
TXF_API const char *const *txf_idf_names(void);

/** The idf of a term in df of N documents: smooth ln((1+N)/(1+df))+1,
 *  plain ln(N/df)+1, bm25 ln(1+(N-df+0.5)/(df+0.5)); 0 for none. */
TXF_API double txf_idf(enum txf_idf k, uint64_t n_docs, uint64_t df);

typedef struct {
	uint64_t docs;
	uint64_t tokens;
	char *analysis;       /* "" when not given */
	char *pruning;        /* "none" for a full count */
	enum txf_idf idf;
} txf_vocab_header;

/** Append the header lines to out.  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_vocab_format_header(const txf_vocab_header *h, txf_buf *out);

/** Append one row (term escaped; idf when kind is not none, written so it
 *  reads back to the same double).  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_vocab_format_row(const char *term, size_t n, uint64_t df,
                         uint64_t cf, enum txf_idf kind, double idf,
                         txf_buf *out);

/** A vocab read row by row. */
typedef struct txf_vocab_reader txf_vocab_reader;

/**
 * Start reading a vocab from fd (not closed by the reader) and parse its
 * header.  NULL on error, with *err set: TXF_EFORMAT (the line and what
 * is wrong with it), TXF_EIO (errno; its strerror() in msg), TXF_ENOMEM.
 */
TXF_API txf_vocab_reader *txf_vocab_open(int fd, txf_error *err);

/** The header read by txf_vocab_open(). */
TXF_API const txf_vocab_header *txf_vocab_reader_header(const txf_vocab_reader *r);

/**
 * The next row: term (unescaped; valid until the next call), df, cf and idf
 * (0 without an idf column).  Returns 1 for a row, 0 at the end, or a
 * negative code with *err set as txf_vocab_open() sets it: rows out of
 * order or repeated, bad numbers, a wrong number of columns, a last line
 * without its newline (a truncated file).
 */
TXF_API int txf_vocab_next(txf_vocab_reader *r, txf_str *term, uint64_t *df,
                   uint64_t *cf, double *idf, txf_error *err);

TXF_API void txf_vocab_close(txf_vocab_reader *r);

/** A whole vocab in memory, for lookups: a term's index is its row. */
typedef struct txf_vocab txf_vocab;

/** Read the vocab at path ("-" is not accepted).  NULL on error, *err
 *  set as txf_vocab_open() sets it (TXF_EIO, line 0: path cannot be
 *  opened). */
TXF_API txf_vocab *txf_vocab_load(const char *path, txf_error *err);
TXF_API const txf_vocab_header *txf_vocab_get_header(const txf_vocab *v);
TXF_API size_t txf_vocab_size(const txf_vocab *v);
/** The index of a term, or -1 when it is not in the vocab. */
TXF_API long txf_vocab_index(const txf_vocab *v, const char *p, size_t n);
TXF_API txf_str txf_vocab_term(const txf_vocab *v, size_t i);
TXF_API uint64_t txf_vocab_df(const txf_vocab *v, size_t i);
TXF_API uint64_t txf_vocab_cf(const txf_vocab *v, size_t i);
/** The idf column's value (0 without one). */
TXF_API double txf_vocab_idf(const txf_vocab *v, size_t i);
TXF_API void txf_vocab_free(txf_vocab *v);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_VOCAB_H */
