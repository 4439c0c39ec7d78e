/* ngrams - tokens to tokens: word n-grams, skip-grams, character n-grams
 * and edge n-grams of each document, through libtextfeat. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

struct opts {
	txf_ngopts no;
	int escape_all;       /* the joiner holds a backslash */
	int no_header;
	cli_hdr hdr;          /* the input's analysis lines */
};

/* The options given (static: the table points into it). */
static struct opts opt;

static const cli_opt opts[] = {
	CLI_NGRAM_OPTS("Kinds (they combine, written in this order; without "
	    "any, -n 1):", "Settings:"),
	{ .help = "A space inside a character n-gram is written U+2581.  With more than one\n"
	  "kind, char, char-wb and edge n-grams start with ~c:, ~wb: and ~e:." },
	{ .name = "no-analysis-header", .flag = &opt.no_header,
	  .help = "do not pass on the analysis line of the input\n"
	  "  (extended with the n-grams)",
	  .group = "Input and output:" },
	CLI_COMMON_OPTS_THREADS(NULL)
};

static const cli_tool tool = {
	.name = "ngrams",
	.about = "Turn the tokens of each document into n-grams.\n"
	"Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n"
	"input and writes tokens: the n-grams of each document on its line.\n",
	.opts = opts,
	.examples = "  tokenize listings.tsv | ngrams -n 1:3 | tf\n"
	"  ngrams -n 2 --skip=2 tokens.tsv\n"
	"  ngrams -n 1 --char-wb=3:5 --unit=codepoint -o features.tsv tokens.tsv\n"
};

/* Pass on the input's analysis line (the first of the run), with the
 * n-grams added. */
static void
put_header(const struct opts *op)
{
	if (op->no_header)
		return;
	if (txf_analysis_has_ngrams(op->hdr.a)) {
		cli_warn("the input is n-grams already (%s): the output "
		    "has no analysis line", op->hdr.where);
		return;
	}
	txf_analysis *a = cli_xptr(txf_analysis_dup(op->hdr.a));
	cli_xmem(txf_analysis_set_ngrams(a, &op->no));
	cli_hdr_write(a);
	txf_analysis_free(a);
}

/* Per-thread state: an n-gram maker and the document's tokens. */
struct state {
	const struct opts *op;
	txf_ngen *g;
	txf_toklist tl;
};

static void *
make_state(void *arg)
{
	struct state *st = cli_xcalloc(1, sizeof *st);
	txf_error err;

	st->op = arg;
	if ((st->g = txf_ngen_new(&st->op->no, &err)) == NULL)
		cli_die("%s", txf_errmsg(err.code));
	return st;
}

static void
free_state(void *p)
{
	struct state *st = p;

	txf_toklist_free(&st->tl);
	txf_ngen_free(st->g);
	free(st);
}

/* The n-grams of one tokens line. */
static int
ngrams_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	cli_tokrec rec;
	txf_str text;
	int s;

	if (cli_line_first_hdr(c))
		put_header(st->op);
	if ((s = cli_tokrec_split(c, line, &rec)) <= 0)
		return s;
	cli_xmem(txf_toklist_split(&st->tl, rec.tokens.p, rec.tokens.n));
	cli_xmem(txf_ngrams_text(st->g, st->tl.v, st->tl.n, &text));
	cli_out(rec.id.p, rec.id.n);
	cli_outc('\t');
	/* Tokens hold a character to escape only when the field had an
	 * escape (or a stray CR). */
	if (st->op->escape_all ||
	    memchr(rec.tokens.p, '\\', rec.tokens.n) != NULL ||
	    memchr(rec.tokens.p, '\r', rec.tokens.n) != NULL)
		cli_out_escaped(text.p, text.n);
	else
		cli_out(text.p, text.n);
	cli_out_extra(&rec);
	cli_outc('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	cli_anopts ao;
	cli_common com;
	const char *arg;
	int c, status;

	cli_start(&tool, &com, NULL, NULL);
	cli_anopts_init(&ao);   /* read here: its own word for an empty -J */
	while ((c = cli_getopt(&tool, argc, argv, &com, &arg)) != -1) {
		if (c == 'J' && arg[0] == '\0')
			cli_usage_error("invalid value for -J: '' "
			    "(a joiner cannot be empty)");
		(void)cli_anopts_option(&ao, c, arg);
	}
	opt.no = *cli_anopts_ngrams(&ao);
	cli_anopts_free(&ao);
	opt.escape_all = opt.no.word_max >= 2 &&
	    memchr(opt.no.joiner, '\\', opt.no.joiner_len) != NULL;

	/* Options the library refuses, before any output. */
	txf_error err;
	txf_ngen *g = txf_ngen_new(&opt.no, &err);
	if (g == NULL)
		cli_die("%s", txf_errmsg(err.code));
	txf_ngen_free(g);

	cli_out_open(com.output);
	cli_lines l = { .fn = ngrams_line, .make_state = make_state,
	    .free_state = free_state, .arg = &opt, .threads = com.threads,
	    .invalid = com.invalid, .hdr = &opt.hdr };
	status = cli_run_files(&l, argv + optind, argc - optind);
	status = cli_out_close(status ? EXIT_DATA : 0);
	cli_hdr_free(&opt.hdr);
	return status;
}
