/*
 * records.c - what the tools' line functions share about one line: the
 * --invalid policy for a bad record and the deferred error message
 * (cli_line_bad, cli_line_fail), the note of lines replaced or skipped,
 * a text field unescaped and analysed, and the records of a tokens stream
 * (id TAB tokens [TAB extra]).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

void
cli_report_bad(uint64_t bad, uint64_t blank, enum cli_invalid invalid)
{
	char b[64] = "";

	if (blank > 0)
		snprintf(b, sizeof b, "%s%llu blank line%s skipped",
		    bad > 0 ? "; " : "", (unsigned long long)blank,
		    blank == 1 ? "" : "s");
	if (bad > 0)
		cli_warn("%llu line%s with invalid input %s%s",
		    (unsigned long long)bad, bad == 1 ? "" : "s",
		    invalid == CLI_INVALID_SKIP ? "skipped" : "repaired", b);
	else if (blank > 0)
		cli_warn("%s", b);
}

int
cli_line_bad(cli_line_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (c->invalid != CLI_INVALID_ERROR) {
		c->bad++;
		return c->invalid == CLI_INVALID_SKIP;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t len = strlen(c->name) + strlen(msg) + 32;
	c->err = cli_xmalloc(len);
	snprintf(c->err, len, "%s:%llu: %s", c->name,
	    (unsigned long long)c->lineno, msg);
	return -1;
}

int
cli_line_refuse(cli_line_ctx *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	enum cli_invalid inv = c->invalid;
	if (inv == CLI_INVALID_REPLACE)
		c->invalid = CLI_INVALID_ERROR;
	int s = cli_line_bad(c, "%s%s", msg, inv == CLI_INVALID_REPLACE ?
	    " (a label or qid is never replaced; --invalid=skip drops the "
	    "line)" : "");
	c->invalid = inv;
	return s;
}

int
cli_line_fail(cli_line_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->err = cli_xstrdup(msg);
	return -1;
}

/* ------------------------------------------------------------------ */
/* A text field                                                        */

int
cli_line_fields(cli_line_ctx *c, txf_str line, txf_str *f, size_t max,
                const char *what)
{
	if (txf_fields(line, f, max) >= 2)
		return 1;
	int s = cli_line_bad(c, "expected 2 columns (%s), found 1", what);
	if (s != 0)
		return s < 0 ? -1 : 0;
	f[1] = (txf_str){ "", 0 };
	return 1;
}

txf_str
cli_unescaped(txf_str t, txf_buf *buf)
{
	if (memchr(t.p, '\\', t.n) == NULL)
		return t;
	buf->n = 0;
	cli_xmem(txf_unescape(t.p, t.n, buf));
	return (txf_str){ buf->p, buf->n };
}

void
cli_analyze_field(cli_line_ctx *c, txf_analyzer *z, txf_str t, txf_buf *buf,
                  txf_tokens *out)
{
	t = cli_unescaped(t, buf);
	int e = txf_analyze(z, t.p, t.n, out);
	if (e < 0)
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    txf_errmsg(e));
}

/* ------------------------------------------------------------------ */
/* Tokens stream records                                               */

int
cli_tokrec_split(cli_line_ctx *c, txf_str line, cli_tokrec *rec)
{
	txf_str f[3];
	if (cli_is_analysis_line(line.p, line.n))
		return 0;
	size_t nf = txf_fields(line, f, 3);

	rec->id = f[0];
	rec->extra.p = NULL;
	rec->extra.n = 0;
	if (nf < 2) {
		int s = cli_line_bad(c, "missing tokens column 2");
		if (s != 0)
			return s < 0 ? -1 : 0;
		rec->tokens.p = "";
		rec->tokens.n = 0;
		return 1;
	}
	rec->tokens = f[1];
	if (nf == 3)
		rec->extra = f[2];
	return 1;
}

void
cli_out_extra(const cli_tokrec *rec)
{
	if (rec->extra.p != NULL) {
		cli_outc('\t');
		cli_out(rec->extra.p, rec->extra.n);
	}
}
