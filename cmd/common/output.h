/*
 * output.h - the tools' output: a buffered writer on standard output or
 * on -o FILE (complete or not at all), and side files written the same
 * way.  Part of cli.h; not installed.
 */
#ifndef TXF_CLI_OUTPUT_H
#define TXF_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "textfeat.h"

/** Make the output buffer (cli_init() calls it). */
void cli_out_init(void);

/**
 * Send output to path (NULL or "-": standard output).  A path is written as
 * a temporary file in the same folder and renamed by cli_out_close(); it is
 * removed on any error exit and on SIGINT, SIGTERM and SIGHUP.
 */
void cli_out_open(const char *path);

/* The output buffer of this thread (workers of the input engine each
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

/** Room for need bytes at cli_obuf + cli_on, flushing first if needed:
 *  1 when they fit (write there and add to cli_on), 0 when the buffer is
 *  too small (then write piece by piece with cli_out). */
static inline int
cli_out_room(size_t need)
{
	if (need <= cli_ocap - cli_on)
		return 1;
	cli_out_flush();
	return need <= cli_ocap - cli_on;
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
/** Flush and close a side file; a write error exits. */
void cli_side_close(FILE *f, const char *path);
void cli_side_commit(const char *path);

/**
 * --label-map=FILE: the map in FILE when it exists (a bad one exits 1
 * with its place), or NULL when there is no such file (the run builds
 * it).
 */
txf_labelmap *cli_labelmap_open(const char *path);

#endif /* TXF_CLI_OUTPUT_H */
