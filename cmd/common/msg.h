/*
 * msg.h - the tools' messages and exit statuses, and the allocation
 * wrappers that end the tool when memory runs out (so no call site
 * repeats the message).  Part of cli.h; not installed.
 */
#ifndef TXF_CLI_MSG_H
#define TXF_CLI_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "textfeat.h"

#define EXIT_DATA  1   /* bad data or I/O failure */
#define EXIT_USAGE 2   /* bad usage */

extern const char *cli_prog;   /* the tool's name, for messages */

/** Set the tool's name and make the output buffer; call first in main. */
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
/** Print the --help hint and exit 2 (an option getopt did not know). */
void cli_try_help(void) __attribute__((noreturn));
/** Print `prog (textfeat) VERSION` and exit 0. */
void cli_version(void) __attribute__((noreturn));

/** A failure a library call reported in e, about file (NULL: none):
 *  `prog: file:line: what`, or `prog: file: what` when e has no line
 *  (what: txf_error_text(e)). */
void cli_warn_err(const char *file, const txf_error *e);
/** The same, then exit 1 (output removed); cli_nomem() for TXF_ENOMEM. */
void cli_die_err(const char *file, const txf_error *e)
    __attribute__((noreturn));

/** `prog: out of memory`, exit 1. */
void cli_nomem(void) __attribute__((noreturn));

/* Allocation that cannot fail: out of memory ends the tool. */
void *cli_xmalloc(size_t n);
void *cli_xcalloc(size_t n, size_t size);
/** realloc p to n elements of size bytes, the product checked. */
void *cli_xrealloc(void *p, size_t n, size_t size);
char *cli_xstrdup(const char *s);
char *cli_xstrndup(const char *s, size_t n);

/** For a library call whose only failure is memory (txf_buf_add, ...):
 *  end the tool when rc < 0, else return rc. */
static inline int
cli_xmem(int rc)
{
	if (rc < 0)
		cli_nomem();
	return rc;
}

/** A pointer a library call returns NULL for only when out of memory. */
static inline void *
cli_xptr(void *p)
{
	if (p == NULL)
		cli_nomem();
	return p;
}

#endif /* TXF_CLI_MSG_H */
