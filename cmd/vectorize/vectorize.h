/*
 * vectorize.h - what the files of the vectorize tool share:
 * cmd/vectorize.c (options and main), cmd/vectorize/rows.c (a record
 * into its vector and line), cmd/vectorize/check.c (options that
 * contradict each other) and cmd/vectorize/fit.c (--fit: the vocab
 * fitted on the input, then its vectors).  Not installed.
 */
#ifndef TXF_VECTORIZE_TOOL_H
#define TXF_VECTORIZE_TOOL_H

#include <stdint.h>
#include <stdio.h>

#include "textfeat.h"
#include "batch.h"
#include "cli.h"
#include "header.h"

/* Widest dense row: beyond it every row is mostly zeros. */
#define DENSE_MAX 65536

struct vopts {
	const char *vocab_path;
	int docs;                 /* --docs: analyse raw docs */
	int strict;               /* --strict */
	cli_anopts ao;            /* analysis options (with --docs) */
	txf_analyzer *z;          /* --docs: the analysis */
	txf_analysis *model;      /* the vocab's recorded analysis */
	char *model_text;
	txf_vecopts vo;
	txf_vecfmt fo;
	txf_labelcols lc;         /* --label-col, --qid-col, --label-map */
	const char *names;
	const char *label_map;    /* --label-map */
	const char *ids;          /* --ids */
	int quiet;
	int no_sign;              /* --no-sign */
	int ns_set;               /* --namespace given */
	const char *idf_kind;     /* --idf=KIND; NULL: --idf alone or none */
	/* --fit=FILE and its pruning */
	const char *fit;
	txf_prune_opts prune;
	int prune_given;          /* a pruning option was given */
	cli_common com;
};

/* Per-thread state. */
struct state {
	const struct vopts *op;
	txf_vectorizer *vz;
	txf_analyzer *z;            /* --docs */
	txf_buf text;               /* --docs: unescaped text, tokens */
	uint64_t tokens, dropped;   /* this thread's totals */
	txf_buf big;                /* a line too long for the output buffer */
	txf_buf lab;                /* the labels' integers (--label-map) */
	void *fit;                  /* --fit: the thread's part (fit.c) */
};

/* rows.c */

/** Totals over all input. */
extern uint64_t total_tokens, total_dropped;
/** The tokens had an analysis line. */
extern int saw_analysis_line;
/** The --ids file, being written (one thread), or NULL. */
extern FILE *ids_file;
/** --names with --hash: every term seen, with its index. */
extern txf_vecnames *seen;
/** The vectorizer the threads' copies share (NULL with --fit until the
 *  vocab is made, and with fasttext). */
extern txf_vectorizer *main_vz;

void *make_state(void *arg);
void free_state(void *p);
/** One tokens (or --docs) record. */
int vectorize_line(cli_line_ctx *c, txf_str line);
/** After a complete run: write the side files (--names, --ids,
 *  --label-map), then, once the output is complete, rename them (and
 *  --fit's vocab) into place. */
void side_files_write(const struct vopts *op, const txf_vocab *vocab,
                      FILE *names_file, FILE *map_file);
void side_files_commit(const struct vopts *op);
/** Count a document's tokens, write its line(s) and its id (--ids). */
void emit(struct state *st, const txf_vecrow *row, const txf_vec *v);

/* check.c */

/** Refuse options that contradict each other (exit 2). */
void check_options(struct vopts *op);
/** Index by vocab (read from path): check it fits the options. */
void use_vocab(struct vopts *op, const txf_vocab *vocab, const char *path);
/** The vectorizer of the options, or exit. */
txf_vectorizer *new_vectorizer(const struct vopts *op);

/* fit.c */

/** make_state() and free_state() for --fit: each state holds a part of
 *  the fit, which outlives it. */
void *fit_make_state(void *arg);
void fit_free_state(void *p);
/** cli_lines.on_file for --fit: the next file starts. */
void fit_file_done(void *arg, const char *name, uint64_t hdr_lines,
                   int failed);
/** Keep a document for --fit: its id and extra columns (as they are in
 *  the stream) and its tokens, counted. */
void fit_add(cli_line_ctx *c, txf_str id, txf_str extra, const txf_str *tok,
             size_t n);
/** After the input: the vocab, returned as the vectors' vocab; its text
 *  is made meanwhile on a thread of its own, for mf (op->fit's side
 *  file). */
txf_vocab *fit_vocab(struct vopts *op, FILE *mf);
/** The parts' tables of terms released, once the rows are made without
 *  pruning (the vectors need only the documents' keys). */
void fit_drop_terms(void);
/** The text of v with header h (copied) made on a thread (fittext.c),
 *  of its rows as fit_text_rows() says they are made: rows of them so
 *  far, end once they all are (txf_vecfit_rows()'s done); written to mf
 *  as it is made when mf is a regular file (otherwise at the end: a
 *  FIFO's reader gets no vocab from a run that fails).  Then, with
 *  drop, fit_drop_terms() on the same thread. */
void fit_text_start(txf_vocab *v, const txf_vocab_header *h, FILE *mf,
                    int drop);
void fit_text_rows(void *arg, size_t rows, int end);
/** Once fit_text_rows() has said end: wait until the thread has made
 *  the text of every row, and with it the vocab's df and idf columns
 *  (txf_vocab_rows_text()), so that txf_vocab_end_rows() has none to
 *  fill. */
void fit_text_caught_up(void);
/** The end of the thread fit_text_start() started. */
void fit_text_wait(void);
/** After the vectors: the rest of the vocab's text written, its file
 *  closed. */
void fit_vocab_write(struct vopts *op, FILE *mf);
/** Then every document's vector, with main_vz (made with v), formatted
 *  on threads. */
void fit_rows(struct vopts *op, const txf_vocab *v, int threads);
/** Documents [0, ndocs) formatted by fmt(st, i, e) in blocks of block
 *  documents on threads (at most 64), each with a state of its own, and
 *  written in order (ring.c). */
void rows_in_order(struct vopts *op, size_t ndocs, size_t block, int threads,
                   void (*fmt)(struct state *st, size_t i, size_t e));
/** What --fit holds (after an input error too). */
void fit_free(void);

#endif /* TXF_VECTORIZE_TOOL_H */
