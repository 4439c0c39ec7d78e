/*
 * vocab.h - what the files of the vocab tool share: cmd/vocab.c (options
 * and main), cmd/vocab/count.c (counting tokens or docs),
 * cmd/vocab/merge.c (--merge of shards' vocabs), cmd/vocab/write.c
 * (pruning and writing the rows) and cmd/vocab/chart.c (--top on a
 * terminal).  Not installed.
 */
#ifndef TXF_VOCAB_TOOL_H
#define TXF_VOCAB_TOOL_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"
#include "batch.h"
#include "cli.h"
#include "header.h"

struct opts {
	txf_prune_opts prune;
	enum txf_idf idf;
	size_t top;            /* 0: none */
	int by_cf;
	int merge;
	txf_analysis *analysis;  /* --analysis; NULL: not given */
	int docs;                /* --docs */
	cli_anopts ao;           /* its analysis options */
	txf_analyzer *z;         /* and the analyzer they make */
	size_t memory;
	txf_vocab *keep;       /* the rows written also added to it
	                          (vectorize --fit); NULL: not */
	int keep_only;         /* with keep: nothing written (vectorize
	                          --fit writes the text from keep) */
	const char *tmpdir;    /* NULL: $TMPDIR or /tmp */
	int verbose;
	cli_common com;
};

/* Counting: one thread reads (the counter has threads of its own). */
struct counting {
	const struct opts *op;
	txf_dfcount *c;
	const char *file;       /* the file of the last line */
	txf_buf text;           /* an unescaped text (--docs) */
};

struct shards {
	int n;
	int *fd;
	txf_vocab_reader **r;
	const char **name;
};

/* count.c */

/** The analysis lines of the tokens read. */
extern cli_hdr tok_hdr;

/** End the tool for library code rc about what ("counting", "--top"). */
void die_code(int rc, const char *what) __attribute__((noreturn));
/** The message for a failed spill (code rc), then exit. */
void die_spill(const struct opts *op, int rc) __attribute__((noreturn));
/** The analysis to record (malloc'd), or NULL: none known. */
char *recorded_analysis(const struct opts *op);
/** Line functions: a tokens record, a doc (--docs). */
int count_line(cli_line_ctx *c, txf_str line);
int count_doc_line(cli_line_ctx *c, txf_str line);
void *counting_state(void *arg);
void on_file(void *arg, const char *name, uint64_t hdr_lines, int failed);

/* merge.c */

/** Open the shards' vocabs (argv, or standard input), check their
 *  analyses and sum their counts into h, and add them to m. */
void open_shards(const struct opts *op, int argc, char **argv,
                 struct shards *sh, txf_vocab_header *h, txf_merge *m);
void close_shards(struct shards *sh);

/* write.c */

/** --min-df or --max-df (opt) arg into *b, or exit 2. */
void parse_bound(const char *opt, const char *arg, txf_df_bound *b);

/** Read the merged rows, prune them and write the vocab (or the top).
 *  names[0..nnames): the sources' names for messages; cnt: the counter
 *  whose rows these are, or NULL. */
void write_vocab(const struct opts *op, txf_merge *m,
                 const txf_vocab_header *h, const char *const *names,
                 size_t nnames, txf_dfcount *cnt);

/* chart.c */

/** The --top rows as a bar chart. */
void write_chart(const struct opts *op, txf_top *top, size_t n,
                 uint64_t ndocs);

#endif /* TXF_VOCAB_TOOL_H */
