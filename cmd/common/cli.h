/*
 * cli.h - what every textfeat tool shares: messages and exit statuses,
 * option values, input files, --invalid handling and the output file.
 * Not installed; the library proper is textfeat.h.
 */
#ifndef TXF_CLI_H
#define TXF_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "textfeat.h"

#define EXIT_DATA  1   /* bad data or I/O failure */
#define EXIT_USAGE 2   /* bad usage */

extern const char *cli_prog;   /* the tool's name, for messages */

/** Set the tool's name; call first in main. */
void cli_init(const char *name);

/** `prog: message` on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** `prog: file:line: message` on stderr. */
void cli_warn_at(const char *file, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** `prog: message`, then exit 1 (output file removed). */
void cli_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/** `prog: message` and the --help hint, then exit 2 (output removed). */
void cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/** Print `prog (textfeat) VERSION` and exit 0. */
void cli_version(void) __attribute__((noreturn));

/* --invalid=error|replace|skip */
enum cli_invalid { CLI_INVALID_ERROR, CLI_INVALID_REPLACE, CLI_INVALID_SKIP };
extern const char *const cli_invalid_names[];

/* Option values: a bad one is a usage error naming the option. */
size_t cli_parse_size(const char *opt, const char *arg, size_t min, size_t max);
/** "MIN:MAX" or "N" (then MIN = MAX = N), each within [lo, hi]. */
void cli_parse_range(const char *opt, const char *arg, size_t lo, size_t hi,
                     size_t *min, size_t *max);
/** Index of arg in the NULL-terminated names, or a usage error. */
int cli_parse_choice(const char *opt, const char *arg, const char *const *names);

/**
 * The options every tool has: --invalid, -o/--output, -h/--help and
 * --version, -j/--threads for tools that pass `threads` (else NULL), and
 * getopt's '?' for an unknown option or a missing value.  Returns 1 when c
 * was one of them (help and version exit, '?' exits 2 with the --help
 * hint), 0 otherwise.
 */
int cli_common_option(int c, const char *arg, enum cli_invalid *invalid,
                      const char **output, int *threads,
                      void (*usage)(void));

/** Print the --help hint and exit 2 (an option getopt did not know). */
void cli_try_help(void) __attribute__((noreturn));

struct option;
/**
 * getopt_long(), except that an unknown, ambiguous or misused option is
 * reported here, naming the options of longopts that were probably meant
 * ("did you mean --mode?"), and exits 2.  Never returns '?'.
 */
int cli_getopt(int argc, char **argv, const char *shortopts,
               const struct option *longopts);

/* --invalid=error|replace|skip */


/* ------------------------------------------------------------------ */
/* Input                                                               */

typedef struct {
	const char *name;      /* for messages: the path, or "stdin" */
	int fd;
	txf_reader *r;
	enum cli_invalid invalid;
	uint64_t bad_lines;    /* lines replaced or skipped so far (all files) */
	txf_buf fix;           /* repaired copy of the current line */
	int failed;            /* set when an error was reported */
	struct cli_hdr *hdr;   /* cli_next_tokrec(): analysis lines go to
	                          cli_hdr_see() (header.h); NULL: dropped */
	uint64_t hdr_lines;    /* analysis lines read from this file */
} cli_input;

/**
 * Open path ("-" or NULL: standard input) for reading.  Returns 0, or 1
 * after reporting why it cannot be opened.
 */
int cli_open(cli_input *in, const char *path);

/**
 * The next line, checked for UTF-8 and NUL.  Returns 1 with *line set,
 * 0 at end of file, -1 after a reported error (a bad line under
 * --invalid=error or a read error): stop reading this file.  A line that
 * --invalid=skip drops is skipped here; one that replace repairs comes back
 * repaired.
 */
int cli_next(cli_input *in, txf_str *line);

/**
 * Report a record-level problem (e.g. a missing column) on the current
 * line under the --invalid policy: returns 1 when the line should be
 * skipped, 0 when it should be processed as repaired (replace), -1 after
 * an error (stop reading the file).
 */
int cli_bad_record(cli_input *in, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Close the file (not standard input). */
void cli_close(cli_input *in);

/** At exit: the `N lines replaced/skipped` note on stderr, if any. */
void cli_report_invalid(const cli_input *in);

/* ------------------------------------------------------------------ */
/* Output: a buffered writer on stdout or on -o FILE                   */

/**
 * Send output to path (NULL or "-": standard output).  A path is written as
 * a temporary file in the same folder and renamed by cli_out_close(); it is
 * removed on any error exit and on SIGINT, SIGTERM and SIGHUP.
 */
void cli_out_open(const char *path);

/* The output buffer of this thread (workers of cli_run_lines() each
 * collect their chunk's output in their own). */
extern __thread char *cli_obuf;
extern __thread size_t cli_on, cli_ocap;
void cli_out_flush(void);
void cli_out_big(const void *p, size_t n);

static inline void
cli_out(const void *p, size_t n)
{
	if (n > cli_ocap - cli_on) {
		cli_out_big(p, n);
		return;
	}
	__builtin_memcpy(cli_obuf + cli_on, p, n);
	cli_on += n;
}

static inline void
cli_outc(char c)
{
	if (cli_on == cli_ocap)
		cli_out_flush();
	cli_obuf[cli_on++] = c;
}

/** Flush the buffer, then write p[0..n) with no copy. */
void cli_out_direct(const void *p, size_t n);

/** Make this thread's cli_out* collect into b (which it then owns until
 * cli_out_uncapture); used by worker threads. */
void cli_out_capture(txf_buf *b);
/** Hand the collected output back to b. */
void cli_out_uncapture(txf_buf *b);

/** Write p[0..n) with the stream escapes (\t \n \r \\). */
void cli_out_escaped(const char *p, size_t n);

/**
 * Finish the output: flush, check for errors, close, and rename a -o file
 * into place when status is 0 (otherwise remove it).  Returns the exit
 * status to use.
 */
int cli_out_close(int status);

/** Remove the temporary output files, if any (for error exits). */
void cli_out_abort(void);

/**
 * A side file written whole as -o is (vectorize --names): created now as a
 * temporary file beside path, removed when the run fails or is
 * interrupted, renamed to path by cli_side_commit() (after closing it).
 */
FILE *cli_side_open(const char *path);
void cli_side_commit(const char *path);


/* ------------------------------------------------------------------ */
/* Analysis options, shared by every tool that tokenizes text          */

#include <getopt.h>
#include <limits.h>

enum {
	CLI_OPT_MODE = CHAR_MAX + 1,
	CLI_OPT_CASE,
	CLI_OPT_NORM,
	CLI_OPT_STRIP_ACCENTS,
	CLI_OPT_MIN_LEN,
	CLI_OPT_MAX_LEN,
	CLI_OPT_STOP,
	CLI_OPT_STEM,
	CLI_OPT_INVALID,
	CLI_OPT_VERSION,
	CLI_OPT_NEXT          /* a tool numbers its own long options from here */
};

/* The long options every tool has (cli_common_option handles them). */
#define CLI_COMMON_LONGOPTS \
	{ "invalid", required_argument, NULL, CLI_OPT_INVALID }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

#define CLI_ANALYSIS_LONGOPTS \
	{ "mode", required_argument, NULL, CLI_OPT_MODE }, \
	{ "case", required_argument, NULL, CLI_OPT_CASE }, \
	{ "norm", required_argument, NULL, CLI_OPT_NORM }, \
	{ "strip-accents", no_argument, NULL, CLI_OPT_STRIP_ACCENTS }, \
	{ "min-len", required_argument, NULL, CLI_OPT_MIN_LEN }, \
	{ "max-len", required_argument, NULL, CLI_OPT_MAX_LEN }, \
	{ "stop", required_argument, NULL, CLI_OPT_STOP }, \
	{ "stem", required_argument, NULL, CLI_OPT_STEM }

/* The analysis chain as options set it. */
typedef struct {
	txf_tokopts o;
	const char *stop_arg;     /* --stop value */
	const char *stem_arg;     /* --stem value */
} cli_analysis;

void cli_analysis_init(cli_analysis *a);
/** Handle one of the analysis options; returns 0 when opt is not one. */
int cli_analysis_option(cli_analysis *a, int opt, const char *arg);
/** After all options: load the stop list and the stemmer (errors exit). */
void cli_analysis_finish(cli_analysis *a);
/** Release what cli_analysis_finish loaded. */
void cli_analysis_free(cli_analysis *a);

/* ------------------------------------------------------------------ */
/* Records of the tokens stream: id TAB tok tok ... [TAB extra...]     */

typedef struct {
	txf_str id;
	txf_str tokens;   /* the raw (escaped) tokens field */
	txf_str extra;    /* everything after the tokens field, raw; n = 0
	                     and p = NULL when there is none */
} cli_tokrec;

/**
 * Read the next tokens record.  Returns 1 with *rec set, 0 at end of file,
 * -1 after a reported error (stop reading this file).  A line without
 * the tokens column goes through the --invalid policy (replace: empty
 * tokens).
 */
int cli_next_tokrec(cli_input *in, cli_tokrec *rec);

/** Write "\t" + rec->extra when the record has extra columns. */
void cli_out_extra(const cli_tokrec *rec);

/* ------------------------------------------------------------------ */
/* Per-line filters on several threads                                 */

/*
 * What a line function sees: where the line is, and the --invalid policy.
 * `state` is the per-thread state made by the tool's make_state.
 */
typedef struct {
	const char *name;      /* file name for messages */
	uint64_t lineno;       /* number of the current line, from 1 */
	enum cli_invalid invalid;
	uint64_t bad;          /* lines replaced or skipped in this chunk */
	char *err;             /* private: the deferred error message */
	void *state;
	txf_buf fix;           /* private: repaired copy of a line */
} cli_line_ctx;

/* Process one valid UTF-8 line (no newline); write with cli_out*.
 * Returns 0, or -1 after cli_line_error(). */
typedef int (*cli_line_fn)(cli_line_ctx *c, txf_str line);

/**
 * A problem with the current record under the --invalid policy (e.g. a
 * missing column): returns 1 to skip the line, 0 to process it as repaired
 * (replace), -1 under error (the message is reported in input order, and
 * the rest of the file is not processed).
 */
int cli_line_bad(cli_line_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/**
 * Run fn over every line of path ("-" or NULL: standard input) on
 * `threads` threads; output keeps input order.  Lines with invalid UTF-8
 * or NUL go through the --invalid policy first.  make_state/free_state
 * build and free one state per thread (may be NULL).  Returns 0, or 1 after
 * a reported error.  *bad accumulates lines replaced or skipped.
 */
int cli_run_lines(const char *path, enum cli_invalid invalid, int threads,
                  cli_line_fn fn, void *(*make_state)(void *), void *arg,
                  void (*free_state)(void *), uint64_t *bad);

/**
 * cli_run_lines() over each of files[0..nfiles) in turn, or standard input
 * when nfiles is 0, then the note of lines replaced or skipped.  Returns 0,
 * or 1 when any file had a reported error.
 */
int cli_run_files(char **files, int nfiles, enum cli_invalid invalid,
                  int threads, cli_line_fn fn, void *(*make_state)(void *),
                  void *arg, void (*free_state)(void *));

/** The default number of threads: online processors, at most 4. */
int cli_default_threads(void);

/** `N lines ... replaced/skipped` on stderr, when bad > 0. */
void cli_report_bad(uint64_t bad, enum cli_invalid invalid);

#endif /* TXF_CLI_H */
