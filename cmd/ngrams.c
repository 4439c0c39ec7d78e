/* ngrams - tokens to tokens: word n-grams, skip-grams, character n-grams
 * and edge n-grams of each document, through libtextfeat. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

enum {
	OPT_SKIP = CLI_OPT_NEXT,
	OPT_CHAR,
	OPT_CHAR_WB,
	OPT_EDGE,
	OPT_UNIT,
	OPT_NO_HEADER,
};

static const struct option longopts[] = {
	{ "word", required_argument, NULL, 'n' },
	{ "joiner", required_argument, NULL, 'J' },
	{ "skip", required_argument, NULL, OPT_SKIP },
	{ "char", required_argument, NULL, OPT_CHAR },
	{ "char-wb", required_argument, NULL, OPT_CHAR_WB },
	{ "edge", required_argument, NULL, OPT_EDGE },
	{ "unit", required_argument, NULL, OPT_UNIT },
	{ "no-analysis-header", no_argument, NULL, OPT_NO_HEADER },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const char *const unit_names[] = { "grapheme", "codepoint", NULL };

static void
usage(void)
{
	printf("\
Usage: ngrams [OPTION]... [FILE]...\n\
Turn the tokens of each document into n-grams.\n\
Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n\
input and writes tokens: the n-grams of each document on its line.\n\
\n\
Kinds (they combine, written in this order; without any, -n 1):\n\
  -n, --word=MIN:MAX       word n-grams of MIN to MAX tokens (or -n N)\n\
      --char=MIN:MAX       character n-grams of the tokens joined by spaces\n\
                             (scikit-learn's analyzer='char')\n\
      --char-wb=MIN:MAX    character n-grams inside each token padded with a\n\
                             space either side (analyzer='char_wb')\n\
      --edge=MIN:MAX       prefixes of MIN to MAX characters of each token\n\
\n\
Settings:\n\
  -J, --joiner=STR         join the words of an n-gram with STR (default +);\n\
                             no letters, digits, '_', marks or white space\n\
      --skip=K             k-skip-n-grams: the n words may span up to n+K\n\
                             positions (default 0)\n\
      --unit=grapheme|codepoint\n\
                           a character is an extended grapheme cluster\n\
                             (default) or a code point (as scikit-learn)\n\
A space inside a character n-gram is written U+2581.  With more than one\n\
kind, char, char-wb and edge n-grams start with ~c:, ~wb: and ~e:.\n\
\n\
Input and output:\n\
      --no-analysis-header do not pass on the analysis line of the input\n\
                             (extended with the n-grams)\n\
      --invalid=error|replace|skip\n\
                           on invalid UTF-8, NUL or a missing column: stop\n\
                             with an error (default), replace with U+FFFD,\n\
                             or skip the line\n\
  -o, --output=FILE        write to FILE, complete or not at all\n\
  -h, --help               display this help and exit\n\
      --version            output version information and exit\n\
\n\
Examples:\n\
  tokenize listings.tsv | ngrams -n 1:3 | tf\n\
  ngrams -n 2 --skip=2 tokens.tsv\n\
  ngrams -n 1 --char-wb=3:5 --unit=codepoint -o features.tsv tokens.tsv\n\
\n\
Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n\
See ngrams(1) and textfeat(7).\n");
}

struct opts {
	enum cli_invalid invalid;
	int escape_all;       /* the joiner holds a backslash */
	int no_header;
	const txf_ngopts *ng;
	cli_hdr hdr;          /* the input's analysis line */
	int hdr_done;         /* written (or given up) */
};

/* Pass on the input's analysis line, once, with the n-grams added. */
static void
put_header(struct opts *op)
{
	int err;

	if (op->hdr_done || op->hdr.a == NULL)
		return;
	op->hdr_done = 1;
	if (op->no_header)
		return;
	if (txf_analysis_has_ngrams(op->hdr.a)) {
		cli_warn("the input is n-grams already (%s): the output "
		    "has no analysis line", op->hdr.where);
		return;
	}
	txf_analysis *a = txf_analysis_dup(op->hdr.a, &err);
	if (a == NULL || txf_analysis_set_ngrams(a, op->ng) < 0)
		cli_die("out of memory");
	cli_hdr_write(a);
	txf_analysis_free(a);
}

/* N-grams of one input file; returns 0 or 1 (an error was reported). */
static int
run(struct opts *op, txf_ngen *g, txf_toklist *tl, const char *path)
{
	cli_input in = { 0 };
	cli_tokrec rec;
	int rc;

	in.invalid = op->invalid;
	in.hdr = &op->hdr;
	if (cli_open(&in, path) != 0)
		return 1;
	while ((rc = cli_next_tokrec(&in, &rec)) > 0) {
		txf_str text;

		put_header(op);

		if (txf_toklist_split(tl, rec.tokens.p, rec.tokens.n) < 0 ||
		    txf_ngrams_text(g, tl->v, tl->n, &text) < 0)
			cli_die("out of memory");
		cli_out(rec.id.p, rec.id.n);
		cli_outc('\t');
		/* Tokens hold a character to escape only when the field had
		 * an escape (or a stray CR). */
		if (op->escape_all ||
		    memchr(rec.tokens.p, '\\', rec.tokens.n) != NULL ||
		    memchr(rec.tokens.p, '\r', rec.tokens.n) != NULL)
			cli_out_escaped(text.p, text.n);
		else
			cli_out(text.p, text.n);
		cli_out_extra(&rec);
		cli_outc('\n');
	}
	put_header(op);
	int failed = in.failed;
	cli_report_invalid(&in);
	cli_close(&in);
	return failed;
}

int
main(int argc, char **argv)
{
	struct opts op = { .invalid = CLI_INVALID_ERROR };
	txf_ngopts no;
	const char *output = NULL;
	int c, status = 0, word_set = 0, other_set = 0;

	cli_init("ngrams");
	argv[0] = (char *)"ngrams";     /* getopt's messages name the tool */
	txf_ngopts_init(&no);
	while ((c = cli_getopt(argc, argv, "n:J:o:h", longopts)) != -1) {
		if (cli_common_option(c, optarg, &op.invalid, &output,
		    NULL, usage))
			continue;
		switch (c) {
		/* --word */
		case 'n':
			cli_parse_range("-n", optarg, 1, TXF_NGRAM_MAX,
			    &no.word_min, &no.word_max);
			word_set = 1;
			break;
		/* --joiner */
		case 'J':
			if (optarg[0] == '\0')
				cli_usage_error("invalid value for -J: '' "
				    "(a joiner cannot be empty)");
			if (!txf_ngram_joiner_ok(optarg, strlen(optarg)))
				cli_usage_error("invalid value for -J: '%s' "
				    "(a joiner holds no letter, digit, '_', "
				    "combining mark, control or format "
				    "character, or white space)", optarg);
			no.joiner = optarg;
			no.joiner_len = strlen(optarg);
			break;
		/* --skip */
		case OPT_SKIP:
			no.skip = cli_parse_size("--skip", optarg, 0,
			    TXF_NGRAM_MAX);
			break;
		/* --char */
		case OPT_CHAR:
			cli_parse_range("--char", optarg, 1, TXF_NGRAM_MAX,
			    &no.char_min, &no.char_max);
			other_set = 1;
			break;
		/* --char-wb */
		case OPT_CHAR_WB:
			cli_parse_range("--char-wb", optarg, 1, TXF_NGRAM_MAX,
			    &no.wb_min, &no.wb_max);
			other_set = 1;
			break;
		/* --edge */
		case OPT_EDGE:
			cli_parse_range("--edge", optarg, 1, TXF_NGRAM_MAX,
			    &no.edge_min, &no.edge_max);
			other_set = 1;
			break;
		/* --no-analysis-header */
		case OPT_NO_HEADER:
			op.no_header = 1;
			break;
		/* --unit */
		case OPT_UNIT:
			no.unit = (enum txf_unit)cli_parse_choice("--unit",
			    optarg, unit_names);
			break;
		default:
			cli_try_help();
		}
	}
	/* -n 1 is the default only when no kind is asked for. */
	if (other_set && !word_set)
		no.word_min = no.word_max = 0;
	if (no.skip > 0 && no.word_max < 2)
		cli_usage_error("--skip needs word n-grams of two or more "
		    "tokens (-n MIN:MAX with MAX >= 2)");
	op.escape_all = no.word_max >= 2 &&
	    memchr(no.joiner, '\\', no.joiner_len) != NULL;

	op.ng = &no;
	int err;
	txf_ngen *g = txf_ngen_new(&no, &err);
	if (g == NULL)
		cli_die("%s", txf_errmsg(err));
	txf_toklist tl = { 0 };
	cli_out_open(output);
	if (optind == argc)
		status |= run(&op, g, &tl, NULL);
	for (int i = optind; i < argc; i++)
		status |= run(&op, g, &tl, argv[i]);
	status = cli_out_close(status ? EXIT_DATA : 0);
	txf_toklist_free(&tl);
	txf_ngen_free(g);
	cli_hdr_free(&op.hdr);
	return status;
}
