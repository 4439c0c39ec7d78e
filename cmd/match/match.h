/*
 * match.h - the match tool's parts: the options (match.c) and the rows
 * (match/rows.c: one pair of the input to one row of features).
 */
#ifndef TXF_CMD_MATCH_H
#define TXF_CMD_MATCH_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "header.h"
#include "matchout.h"

/* The options, and the state of the rows written in order (svmlight,
 * --groups and --ids run on one thread). */
struct opts {
	cli_anopts ao;              /* the analysis options given */
	txf_analyzer *z;            /* the analysis used */
	const char *vocab_path;
	txf_vocab *vocab;
	txf_matchopts mo;
	int feat[TXF_FEAT_COUNT];   /* the columns, in order */
	txf_mout fmt;
	size_t label_col;           /* 0: none */
	size_t qid_col;
	const char *names_path, *ids_path, *groups_path;
	int no_header;
	int head_due;               /* the TSV header is still to write */
	txf_buf head_line;          /* --header: the first file's header */
	cli_common com;

	txf_qids *qids;             /* svmlight or --groups */
	FILE *ids, *groups;         /* the side files */
	uint64_t group_rows;        /* rows of the current group */
	int warned;                 /* non-contiguous qid reported */
};

/* The per-thread state of the rows, made from a struct opts (the
 * make_state and free_state of cli_lines). */
void *match_make_state(void *arg);
void match_free_state(void *state);

/* One pair to one row (the line function of cli_lines). */
int match_line(cli_line_ctx *c, txf_str line);

/* The TSV header, written once, at the first record (or at the end when
 * there is none): the extra columns are named after the first file's
 * header line (--header), columns 5 on, and the rest extra1, extra2, ...
 * as far as the first record goes (nextra columns). */
void match_write_head(struct opts *op, size_t nextra);

/* --header: the first file's header line, kept for match_write_head()
 * (on_header of cli_lines, arg the struct opts). */
void match_header_line(void *arg, const char *name, txf_str line);

/* The first record of a file (on_first of cli_lines). */
void match_first_row(void *arg, txf_str line);

#endif
