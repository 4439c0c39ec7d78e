/* count.c - vocab: counting the terms of tokens or docs (--docs). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vocab.h"

void
die_code(int rc, const char *what)
{
	if (rc == TXF_ENOMEM)
		cli_die("out of memory");
	if (rc == TXF_EIO)
		cli_die("%s: %s", what, strerror(errno));
	cli_die("%s: %s", what, txf_errmsg(rc));
}

/* The message for a failed spill. */
void
die_spill(const struct opts *op, int rc)
{
	if (rc == TXF_EIO)
		cli_die("cannot write a temporary file in %s: %s",
		    txf_tmpdir(op->tmpdir), strerror(errno));
	die_code(rc, "counting");
}

/* The analysis lines of the tokens read; the first file read without
 * one (NULL: none). */
cli_hdr tok_hdr;
static const char *bare_file;

/* The analysis to record: the tokens' (all files must have the same) or
 * --analysis, which must not contradict them.  NULL: none known. */
char *
recorded_analysis(const struct opts *op)
{
	if (tok_hdr.a != NULL && bare_file != NULL)
		cli_die("%s: tokens without an analysis line, and %s has one: "
		    "give tokens of one analysis (see textfeat(7))",
		    bare_file, tok_hdr.where);
	if (tok_hdr.a != NULL && op->analysis != NULL) {
		char *d = cli_hdr_diff(op->analysis, tok_hdr.a);
		if (d != NULL)
			cli_usage_error("--analysis contradicts the analysis "
			    "line of the tokens (%s): %s", tok_hdr.where, d);
	}
	if (tok_hdr.a != NULL)
		return cli_spell(tok_hdr.a);
	if (op->analysis != NULL)
		return cli_spell(op->analysis);
	return NULL;
}

/* The end of a document whose terms were added with result rc. */
static int
counted(cli_line_ctx *c, const struct counting *k, int rc)
{
	if (rc < 0) {
		if (rc == TXF_ERANGE)
			cli_die("%s:%llu: %s", c->name,
			    (unsigned long long)c->lineno, "a token of 4 GiB "
			    "or more, or too many distinct terms");
		die_code(rc, "counting");
	}
	if ((rc = txf_dfcount_end_doc(k->c)) < 0)
		die_spill(k->op, rc);
	return 0;
}

/* Count one document. */
int
count_line(cli_line_ctx *c, txf_str line)
{
	struct counting *k = c->state;
	cli_tokrec rec;
	int rc = cli_tokrec_split(c, line, &rec);

	if (rc <= 0)
		return rc;
	if (k->file != c->name) {
		/* The first record of a file. */
		k->file = c->name;
		if (rec.id.n == 15 &&
		    memcmp(rec.id.p, "#textfeat-vocab", 15) == 0)
			return cli_line_fail(c, "%s: a vocab, not tokens (use "
			    "--merge to merge vocabs)", c->name);
	}
	return counted(c, k, txf_dfcount_add_field(k->c, rec.tokens.p,
	    rec.tokens.n));
}

/* Analyse and count one doc (--docs). */
int
count_doc_line(cli_line_ctx *c, txf_str line)
{
	struct counting *k = c->state;
	txf_str f[3], t = { "", 0 };
	size_t nf = txf_fields(line, f, 3);

	if (nf < 2) {
		int s = cli_line_bad(c, "missing text column 2");
		if (s != 0)
			return s < 0 ? -1 : 0;
	} else
		t = f[1];
	if (memchr(t.p, '\\', t.n) != NULL) {
		k->text.n = 0;
		cli_xmem(txf_unescape(t.p, t.n, &k->text));
		t.p = k->text.p;
		t.n = k->text.n;
	}
	/* Analysed by the counter's workers. */
	return counted(c, k, txf_dfcount_add_text(k->c, t.p, t.n));
}

void *
counting_state(void *arg)
{
	return arg;
}

/* The first file without an analysis line. */
void
on_file(void *arg, const char *name, uint64_t hdr_lines, int failed)
{
	if (hdr_lines == 0 && bare_file == NULL && !failed)
		bare_file = name;
}
