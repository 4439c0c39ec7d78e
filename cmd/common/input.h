/*
 * input.h - the one input engine of the tools: every line of every input
 * file through the tool's line function, on one thread or several, the
 * output in input order and byte-identical for any number of threads.
 * Part of cli.h; not installed.
 */
#ifndef TXF_CLI_INPUT_H
#define TXF_CLI_INPUT_H

#include <stdint.h>

#include "textfeat.h"
#include "opts.h"

/*
 * What a line function sees: where the line is, and the --invalid policy.
 * `state` is the per-thread state made by the tool's make_state.
 */
typedef struct {
	const char *name;      /* file name for messages ("stdin" for -) */
	uint64_t lineno;       /* number of the current line, from 1 */
	enum cli_invalid invalid;
	uint64_t bad;          /* lines replaced or skipped in this chunk */
	char *err;             /* private: the deferred error message */
	void *state;
	txf_buf fix;           /* private: repaired copy of a line */
	uint64_t hdr_first;    /* the line of the run's first analysis line
	                          when it is in this chunk, else 0 */
} cli_line_ctx;

/* Process one valid UTF-8 line (no newline, no CR before it); write with
 * cli_out*.  Returns 0, or -1 after cli_line_bad() or cli_line_fail(). */
typedef int (*cli_line_fn)(cli_line_ctx *c, txf_str line);

/** How to run a tool's line function over its input. */
typedef struct {
	cli_line_fn fn;
	void *(*make_state)(void *arg);  /* one state per thread, or NULL */
	void (*free_state)(void *state);
	void *arg;                       /* for make_state */
	int threads;                     /* 1: in the calling thread */
	enum cli_invalid invalid;
	/* Called as input is read, with the bytes read so far from every
	 * file, or NULL. */
	void (*on_read)(void *arg, uint64_t bytes);
	/* The analysis lines of a tokens stream (header.h): each goes to
	 * cli_hdr_see() as it is read, in input order, so every one must
	 * repeat the first; NULL: not looked at. */
	struct cli_hdr *hdr;
	/* Called after each file with the analysis lines it held and
	 * whether it had an error, or NULL. */
	void (*on_file)(void *arg, const char *name, uint64_t hdr_lines,
	                int failed);
	/* --header: called with each file's header line (its first line
	 * that is not an analysis line), in input order, before any of its
	 * records; or NULL. */
	void (*on_header)(void *arg, const char *name, txf_str line);
	/* Called with each file's first record line (not an analysis line,
	 * not blank, not the --header line), before any record is
	 * processed; the line stays a record.  Or NULL. */
	void (*on_first)(void *arg, txf_str line);
	int no_header;   /* the input is not docs, pairs or tokens:
	                    --header does not apply to it */
	int keep_blank;  /* each line is a document's text (tokenize
	                    --no-id): a blank line is an empty document,
	                    not skipped */
	size_t chunk_lines; /* at most this many lines a
	                       chunk (0: chunks of 256 KiB) for lines that
	                       cost far more to process than to read */
} cli_lines;

/*
 * --header (a common option, CLI_OPT_HEADER): the first line of each
 * input file that is not an analysis line is a header, skipped (and
 * passed to cli_lines.on_header).
 */
extern int cli_header;

/** Whether the current line is the run's first analysis line (with
 *  cli_lines.hdr set): the one a tool passes on. */
static inline int
cli_line_first_hdr(const cli_line_ctx *c)
{
	return c->hdr_first != 0 && c->hdr_first == c->lineno;
}

/**
 * Run l->fn over every line of files[0..nfiles) in turn (standard input
 * when nfiles is 0; "-" is standard input), on l->threads threads; the
 * output keeps input order.  A leading byte order mark and CRLF line ends
 * are dropped; blank lines (empty once a CR is dropped) and, with
 * --header, each file's header line are skipped (blank lines are counted
 * in the closing note); lines with invalid UTF-8 or NUL go through the
 * --invalid policy first.  A file that cannot be read, or whose line function
 * reports an error, is reported and the next file is still read.  At the
 * end, the note of lines replaced or skipped.  Returns 0, or 1 when any
 * file had a reported error.
 */
int cli_run_files(const cli_lines *l, char **files, int nfiles);

/**
 * A problem with the current record under the --invalid policy (e.g. a
 * missing column): returns 1 to skip the line, 0 to process it as repaired
 * (replace), -1 under error (the message, `file:line: what`, is reported in
 * input order, and the rest of the file is not processed).
 */
int cli_line_bad(cli_line_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * A label or qid that cannot be read: never replaced by a value that
 * looks valid, so under --invalid=replace it stops the file as under
 * error (the message says so); skipped and counted under skip.  Returns
 * as cli_line_bad().
 */
int cli_line_refuse(cli_line_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** An error that stops the file whatever the policy; the message is
 *  reported as given, in input order.  Returns -1. */
int cli_line_fail(cli_line_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** `N lines ... replaced/skipped[; M blank lines skipped]` on stderr,
 *  when bad or blank > 0. */
void cli_report_bad(uint64_t bad, uint64_t blank, enum cli_invalid invalid);

/* ------------------------------------------------------------------ */
/* A text field (docs, queries, listings)                              */

/**
 * Split line into at most max (>= 2) fields f, of which the first two
 * are required (what names them: "id, text"): a line of one goes through
 * the --invalid policy (replace: f[1] empty).  Returns 1 to process the
 * line, 0 to skip it, -1 after an error, as a line function does.
 */
int cli_line_fields(cli_line_ctx *c, txf_str line, txf_str *f, size_t max,
                    const char *what);

/**
 * The text field t as it reads: t itself, or, when it holds a backslash,
 * its unescaped bytes in buf (overwritten: the caller's per-thread
 * buffer, valid until the next call with it).
 */
txf_str cli_unescaped(txf_str t, txf_buf *buf);

/**
 * The tokens of the text field t (unescaped in buf as cli_unescaped()
 * does), analysed by z into *out; an error dies `file:line: what`.
 */
void cli_analyze_field(cli_line_ctx *c, txf_analyzer *z, txf_str t,
                       txf_buf *buf, txf_tokens *out);

/* ------------------------------------------------------------------ */
/* Records of the tokens stream: id TAB tok tok ... [TAB extra...]     */

typedef struct {
	txf_str id;
	txf_str tokens;   /* the raw (escaped) tokens field */
	txf_str extra;    /* everything after the tokens field, raw; n = 0
	                     and p = NULL when there is none */
} cli_tokrec;

/**
 * Split a tokens line into *rec.  Returns 1 to process the record, 0 to
 * skip it (an analysis line, header.h), -1 after an error: a line without
 * the tokens column goes through the --invalid policy (replace: empty
 * tokens).
 */
int cli_tokrec_split(cli_line_ctx *c, txf_str line, cli_tokrec *rec);

/** Write "\t" + rec->extra when the record has extra columns. */
void cli_out_extra(const cli_tokrec *rec);

#endif /* TXF_CLI_INPUT_H */
