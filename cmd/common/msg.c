/* msg.c - messages, exit statuses and allocation of the textfeat tools. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_prog = "textfeat";

void
cli_init(const char *name)
{
	cli_prog = name;
	cli_out_init();
}

static void
vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	cli_progress_hold();
	fprintf(stderr, "%s: ", cli_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	cli_progress_release();
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
cli_warn_at(const char *file, uint64_t line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s:%llu: ", cli_prog, file,
	    (unsigned long long)line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_warn_err(const char *file, const txf_error *e)
{
	if (file == NULL)
		cli_warn("%s", txf_error_text(e));
	else if (e->line > 0)
		cli_warn_at(file, e->line, "%s", txf_error_text(e));
	else
		cli_warn("%s: %s", file, txf_error_text(e));
}

void
cli_die_err(const char *file, const txf_error *e)
{
	if (e->code == TXF_ENOMEM)
		cli_nomem();
	cli_warn_err(file, e);
	cli_out_abort();
	exit(EXIT_DATA);
}

void
cli_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	cli_out_abort();
	exit(EXIT_DATA);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	cli_try_help();
}

void
cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_prog);
	cli_out_abort();
	exit(EXIT_USAGE);
}

void
cli_version(void)
{
	printf("%s (textfeat) %s\n", cli_prog, PACKAGE_VERSION);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", cli_prog,
		    strerror(errno));
		exit(EXIT_DATA);
	}
	exit(0);
}

void
cli_nomem(void)
{
	cli_die("out of memory");
}

void *
cli_xmalloc(size_t n)
{
	return cli_xptr(malloc(n ? n : 1));
}

void *
cli_xcalloc(size_t n, size_t size)
{
	return cli_xptr(calloc(n ? n : 1, size ? size : 1));
}

void *
cli_xrealloc(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		cli_nomem();
	return cli_xptr(realloc(p, n * size > 0 ? n * size : 1));
}

char *
cli_xstrdup(const char *s)
{
	return cli_xptr(strdup(s));
}

char *
cli_xstrndup(const char *s, size_t n)
{
	return cli_xptr(strndup(s, n));
}
