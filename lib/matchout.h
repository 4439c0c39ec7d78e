/*
 * matchout.h - how match writes its rows: TSV under a header that names
 * every column, svmlight with qid (and the pair's ids in a trailing
 * comment), Vowpal Wabbit with query, listing and feature namespaces; the
 * query ids of a ranking file and its groups of consecutive rows.
 *
 * Internal to the library and the tools (not installed): a serving
 * program computes the features with txf_match_*() and needs none of it.
 */
#ifndef TXF_MATCHOUT_H
#define TXF_MATCHOUT_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"

enum txf_mout_format { TXF_MOUT_TSV, TXF_MOUT_SVMLIGHT, TXF_MOUT_VW };

/** The NULL-terminated format names, in the enum's order ("tsv",
 *  "svmlight", "vw"). */
const char *const *txf_mout_format_names(void);

/** How the rows are written. */
typedef struct {
	enum txf_mout_format format;
	const int *feat;     /* the features written (enum txf_feat), in order */
	size_t nfeat;
	int prec;            /* significant digits (txf_fmt_num()) */
	int id_comment;      /* svmlight: end each row with " # qid TAB lid" */
} txf_mout;

/** One row: the pair's fields and its feature values. */
typedef struct {
	txf_str qid, lid;    /* the pair's ids, as in the input (escaped) */
	txf_str label;       /* svmlight, vw: p NULL = none (svmlight: 0) */
	txf_str qnum;        /* svmlight: the qid number (txf_qids_next()) */
	txf_str extra;       /* tsv: the columns after the listing, raw;
	                        p NULL = none */
	txf_str vwq, vwl;    /* vw: the query's and the listing's tokens as
	                        txf_mout_vw_tokens() wrote them */
	const double *val;   /* indexed by enum txf_feat */
} txf_mrow;

/*
 * Write the row, with its newline, into out, which must hold
 * txf_mout_bound() bytes; returns the length.
 *
 *   tsv       qid TAB lid TAB v1 ... TAB vN [TAB extra]
 *   svmlight  label qid:N 1:v1 ... N:vN [ # qid TAB lid]
 *   vw        [label ]'qid:lid |q tok ... |l tok ... |f name:v1 ...
 *
 * Values are written as txf_fmt_num() writes them at f->prec digits.  In
 * VW's tag, the ids' stream escapes are decoded and VW's syntax bytes
 * (and ':') are written %XX (txf_vw_escape()), so the ':' between them is
 * the only one.
 */
size_t txf_mout_write(const txf_mout *f, const txf_mrow *r, char *out);

/** A size txf_mout_write() does not exceed for this row. */
size_t txf_mout_bound(const txf_mout *f, const txf_mrow *r);

/** Append " tok tok ..." (each token txf_vw_escape()d) to out: a VW
 *  namespace's features.  0 or TXF_ENOMEM. */
int txf_mout_vw_tokens(const txf_str *t, size_t n, txf_buf *out);

/**
 * Append the TSV header line, with its newline, to out:
 *   #qid TAB lid TAB name1 ... TAB nameN [TAB extra names]
 * The extra columns are named names[0..nnames) (escaped as stream
 * fields), and those beyond them extraK, K counted from 1 over the extra
 * columns; nextra is their number.  0 or TXF_ENOMEM.
 */
int txf_mout_header(const txf_mout *f, const txf_str *names, size_t nnames,
                    size_t nextra, txf_buf *out);

/**
 * Whether s is a label a trainer reads: a finite decimal number that
 * strtod() reads whole (no hexadecimal, no inf or nan, no blanks).
 */
int txf_mout_label_ok(txf_str s);

/* ------------------------------------------------------------------ */
/* Query ids and groups                                                */

typedef struct txf_qids txf_qids;

/**
 * The query ids of a ranking file, given one row at a time in row order.
 * With numbers set (svmlight), the first row decides: when its qid is a
 * number (1 to 18 decimal digits), every qid must be one and is written as
 * that number; otherwise qids are numbered 1, 2, ... in order of first
 * appearance.  Without it, qids are compared as they are.  NULL when
 * memory is short.
 */
txf_qids *txf_qids_new(int numbers);
void txf_qids_free(txf_qids *q);

/**
 * The row's qid q.  Sets num (TXF_NUM_MAX bytes, NUL-terminated; with
 * numbers) and *where: 0 when it is the previous row's qid (the same
 * group), 1 a new qid, 2 a qid seen before but not on the previous row
 * (its rows are apart: a new group).  Returns 1; 0 when q is not a number
 * and the first qid was (nothing is changed); TXF_ENOMEM, or TXF_ERANGE
 * for too many qids.
 */
int txf_qids_next(txf_qids *q, txf_str qid, char *num, int *where);

#endif /* TXF_MATCHOUT_H */
