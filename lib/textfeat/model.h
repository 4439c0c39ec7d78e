/*
 * textfeat/model.h - part of libtextfeat's public interface: models for serving (a vocab and its analysis), and label maps.
 * Include <textfeat.h>, which includes every part.
 */
#ifndef TEXTFEAT_MODEL_H
#define TEXTFEAT_MODEL_H

#include "analysis.h"
#include "vocab.h"
#include "vector.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Models: serving what the tools fitted                               */

/*
 * A model is a vocab that records its analysis (vocab writes it from the
 * tokens' analysis line, or with --docs).  A serving program opens it
 * once; then, for a text, txf_model_tokens() gives the tokens the tools
 * give; txf_vectorize() with a vectorizer on txf_model_vocab() the vector
 * vectorize -V prints (txf_vec_write() writes its bytes); a matcher on
 * txf_model_vocab() the features match -V prints (txf_fmt_num() at 9
 * digits writes them).
 */
typedef struct txf_model txf_model;

/**
 * Open the model at path: its vocab, its analysis, and an analyzer of it
 * (stop lists found as txf_stopset_open() finds them, datadir as
 * there).  NULL with *err set: TXF_EFORMAT (a bad vocab: the line and
 * what is wrong; one that records no analysis or a bad one; a stop list
 * other than the recorded one), TXF_EIO, TXF_ENOENT (a stop list not
 * found), TXF_ENOMEM.  err->msg does not name path.
 */
TXF_API txf_model *txf_model_open(const char *path, const char *datadir,
                          txf_error *err);
TXF_API void txf_model_free(txf_model *m);
/** The model's vocab and analysis (owned by m). */
TXF_API const txf_vocab *txf_model_vocab(const txf_model *m);
TXF_API const txf_analysis *txf_model_analysis(const txf_model *m);
/** The model's analyzer: one thread at a time (txf_analyzer_dup() for
 *  others). */
TXF_API txf_analyzer *txf_model_analyzer(txf_model *m);
/** The tokens of valid UTF-8 text[0..n) under the model's analysis, as
 *  txf_analyze() gives them.  Returns 0 or a TXF_E* code. */
TXF_API int txf_model_tokens(txf_model *m, const char *text, size_t n,
                     txf_tokens *out);

/* ------------------------------------------------------------------ */
/* Labels                                                              */

/**
 * A label map: string classes and the integers a trainer reads in their
 * place, as a file of `label TAB integer` lines.  A map is built in
 * order of first appearance (from 0) and written once, then loaded for
 * later files so that training and test files agree.
 */
typedef struct txf_labelmap txf_labelmap;

/** An empty map, or NULL when memory is short. */
TXF_API txf_labelmap *txf_labelmap_new(void);

/**
 * The map in the file at path.  NULL with *err set: TXF_EIO (errno),
 * TXF_ENOMEM, TXF_ERANGE, or TXF_EFORMAT with the line (not `label TAB
 * integer`, or a label given twice).
 */
TXF_API txf_labelmap *txf_labelmap_load(const char *path, txf_error *err);

/** Free the map (NULL is allowed). */
TXF_API void txf_labelmap_free(txf_labelmap *m);

/** Number of labels. */
TXF_API size_t txf_labelmap_size(const txf_labelmap *m);

/** The integer of label p[0..n): 1 with *v set, or 0 when it is not in
 *  the map.  Safe from several threads while nothing is added. */
TXF_API int txf_labelmap_get(const txf_labelmap *m, const char *p,
                             size_t n, int64_t *v);

/**
 * The integer of label p[0..n), adding it with the next integer (one more
 * than the largest so far, 0 for an empty map) when it is new.  Returns 1
 * when added, 0 when it was there, TXF_EINVAL for a label that
 * txf_label_ok() refuses, TXF_ENOMEM or TXF_ERANGE.
 */
TXF_API int txf_labelmap_add(txf_labelmap *m, const char *p, size_t n,
                             int64_t *v);

/** Append the map's lines, in the order the labels were added, to out.
 *  Returns 0 or TXF_ENOMEM. */
TXF_API int txf_labelmap_format(const txf_labelmap *m, txf_buf *out);

/** Whether p[0..n) can be a label: not empty, no space, TAB, LF, CR,
 *  comma or NUL, and not starting with a byte order mark (U+FEFF). */
TXF_API int txf_label_ok(const char *p, size_t n);

/**
 * Split a field of labels at commas into out[0..max).  Returns how many
 * labels the field holds (0 for an empty field), which may exceed max.
 */
TXF_API size_t txf_labels_split(txf_str field, txf_str *out, size_t max);

/**
 * Where a record's label and query id are and what they must be: the
 * --label-col, --qid-col and --label-map of vectorize and match.
 * Columns are numbered from 1 in the record; `extra` below holds columns
 * first_col... (vectorize's tokens records: 3; match's pairs: 5).
 */
typedef struct {
	enum txf_vec_format format;  /* the label's form: svmlight a number,
	                                vw not empty and no '|', fasttext
	                                no space (several comma-separated) */
	size_t first_col;   /* number of the first column of extra */
	size_t label_col;   /* 0: no label */
	size_t qid_col;     /* 0: no query id (a non-negative integer) */
	txf_labelmap *map;  /* classes, written as their integers; NULL:
	                       the label as it is */
	int build;          /* add new classes to map (one thread only) */
} txf_labelcols;

/**
 * The label and query id of a record, from its columns first_col...
 * (`extra`, raw) into row->label and row->qid: pointers into extra, or,
 * with a map, into scratch (the integers, comma-separated).  Returns 0,
 * TXF_EFORMAT with err->msg saying why (such as "bad label 'x' in column
 * 3 (not in the label map)" or "missing qid column 4"; err->line 0), or
 * TXF_ENOMEM.  A label or qid that cannot be read is never replaced by a
 * value.
 */
TXF_API int txf_row_labels(const txf_labelcols *lc, txf_str extra,
                           txf_vecrow *row, txf_buf *scratch,
                           txf_error *err);

#ifdef __cplusplus
}
#endif

#endif /* TEXTFEAT_MODEL_H */
