/* match - query-listing pairs to learning-to-rank features. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "match/match.h"

enum {
	OPT_K1 = CLI_OPT_NEXT,
	OPT_B,
	OPT_LABEL,
	OPT_QID,
};

/* The options given (static: the table points into it), and --features. */
static struct opts opt = { .qid_col = 1 };
static const char *features;

static const cli_opt opts[] = {
	{ .name = "features", .str = &features, .arg = "LIST",
	  .help = "the features to write, comma-separated, in\n"
	  "  that order (default: all that the inputs\n"
	  "  allow, in this order): qlen, dlen, matched,\n"
	  "  coverage, jaccard, dice, cosine (needs -V\n"
	  "  with idf), bm25 (needs -V), phrase,\n"
	  "  lcs_run, first_pos, char3_jaccard",
	  .group = "Features:" },
	{ .name = "vocab", .key = 'V', .arg = "FILE",
	  .help = "document frequencies and idf for cosine and\n"
	  "  bm25, from vocab" },
	CLI_OPT_BM25(OPT_K1, OPT_B),
	CLI_OPT_PRECISION(&opt.fmt.prec),
	CLI_ANALYSIS_OPTS("Analysis of the query and the listing (as in "
	    "tokenize and ngrams;\nwith -V, the vocab's recorded analysis, "
	    "which options may only repeat):"),
	CLI_NGRAM_OPTS(NULL, NULL),
	{ .name = "format", .key = 'F', .values = txf_mout_format_names,
	  .dflt = "tsv",
	  .help = "TSV with a header (default), svmlight lines\n"
	  "  (label qid:N 1:v1 2:v2 ...), or VW lines\n"
	  "  (label 'qid:lid |q query |l listing |f\n"
	  "  name:v ...)",
	  .group = "Output:" },
	CLI_OPT_LABEL_COL(OPT_LABEL,
	    "svmlight, vw: the label is input column N\n"
	    "  (5 is the first extra column; default:\n"
	    "  svmlight 0, vw none)"),
	CLI_OPT_QID_COL(OPT_QID, "svmlight, --groups: the query id is input\n"
	    "  column N (default 1); svmlight keeps it when\n"
	    "  the first is a number, else numbers them 1,\n"
	    "  2, ... in order of first appearance"),
	{ .name = "groups", .str = &opt.groups_path, .arg = "FILE",
	  .help = "write the number of rows of each group of\n"
	  "  consecutive rows of one qid to FILE, one a\n"
	  "  line (LightGBM's .query file)" },
	CLI_OPT_IDS(&opt.ids_path, "write each row's qid TAB lid to FILE, in\n"
	    "  row order"),
	CLI_OPT_ID_COMMENT(&opt.fmt.id_comment,
	    "svmlight: end each row with ' # qid TAB lid'"),
	CLI_OPT_NAMES(&opt.names_path,
	    "write the feature names to FILE, one a line"),
	{ .name = "no-header", .flag = &opt.no_header,
	  .help = "TSV without its header line" },
	CLI_OPT_THREADS_AS("use N threads (default: processors, at\n"
	    "  most 4; svmlight, --groups and --ids use\n"
	    "  one); the output is the same"),
	CLI_COMMON_OPTS
};

static const cli_tool tool = {
	.name = "match",
	.about = "Compute learning-to-rank features of query-listing pairs.\n"
	"Reads pairs (qid TAB query TAB lid TAB listing [TAB extra]...) from FILEs or\n"
	"standard input, tokenizes both texts as tokenize does, and writes a header\n"
	"line #qid TAB lid TAB name... then qid TAB lid TAB value... [TAB extra]...\n",
	.opts = opts,
	.examples = "  match pairs.tsv\n"
	"  match -V listings.vocab --features=bm25,cosine,coverage pairs.tsv\n"
	"  match -V listings.vocab -F svmlight --label-col=5 --names=features.txt \\\n"
	"      -o train.svm pairs.tsv\n"
};

/* --features=LIST */
static void
parse_features(struct opts *op, const char *arg)
{
	uint32_t seen = 0;
	const char *p = arg;

	op->fmt.nfeat = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		int f = txf_feat_parse(p, n);
		if (f < 0)
			cli_usage_error("--features: unknown feature '%.*s' "
			    "(known: qlen, dlen, matched, coverage, jaccard, "
			    "dice, cosine, bm25, phrase, lcs_run, first_pos, "
			    "char3_jaccard)", (int)n, p);
		if (seen & TXF_FEAT_BIT(f))
			cli_usage_error("--features: '%s' given twice",
			    txf_feat_name((enum txf_feat)f));
		if ((f == TXF_FEAT_COSINE || f == TXF_FEAT_BM25) &&
		    op->vocab_path == NULL)
			cli_usage_error("--features: %s needs a vocab (-V FILE)",
			    txf_feat_name((enum txf_feat)f));
		seen |= TXF_FEAT_BIT(f);
		op->feat[op->fmt.nfeat++] = f;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	op->mo.feats = seen;
}

/* -V: the vocab, and the analysis (with a vocab that records its
 * analysis, that one, which options may only repeat; else the options'). */
static void
load_model(struct opts *op)
{
	txf_error err;

	if (op->vocab_path != NULL)
		op->vocab = cli_vocab_load(op->vocab_path);
	txf_analysis *model = op->vocab ? cli_vocab_analysis(op->vocab,
	    op->vocab_path) : NULL, *a;
	if (model != NULL) {
		cli_anopts_check(&op->ao, model, op->vocab_path);
		a = model;
	} else
		a = cli_anopts_build(&op->ao);
	op->z = txf_analyzer_new(a, NULL, &err);
	if (op->z == NULL)
		cli_die_err(NULL, &err);
	txf_analysis_free(a);
}

/* The options that go together, after they are all read. */
static void
check_options(struct opts *op)
{
	enum txf_mout_format fm = op->fmt.format;

	if (op->label_col > 0 && fm == TXF_MOUT_TSV)
		cli_usage_error("--label needs -F svmlight or -F vw");
	if (op->qid_col != 1 && fm != TXF_MOUT_SVMLIGHT &&
	    op->groups_path == NULL)
		cli_usage_error("--qid needs -F svmlight or --groups");
	if (op->fmt.id_comment && fm != TXF_MOUT_SVMLIGHT)
		cli_usage_error("--id-comment needs -F svmlight");
	if (features != NULL)
		parse_features(op, features);
}

int
main(int argc, char **argv)
{
	const char *arg;
	int c, status, k1_set = 0, b_set = 0;
	double k1 = 1.2, b = 0.75;

	opt.fmt.prec = 9;
	opt.fmt.feat = opt.feat;
	cli_start(&tool, &opt.com, NULL, &opt.ao);
	while ((c = cli_getopt(&tool, argc, argv, &opt.com, &arg)) != -1) {
		switch (c) {
		/* --vocab */
		case 'V':
			if (strcmp(arg, "-") == 0)
				cli_usage_error("--vocab: the vocab must be a "
				    "file, not standard input");
			opt.vocab_path = arg;
			break;
		/* --k1 */
		case OPT_K1:
			k1 = cli_parse_double("--k1", arg, 0, 1e300);
			k1_set = 1;
			break;
		/* --b */
		case OPT_B:
			b = cli_parse_double("--b", arg, 0, 1);
			b_set = 1;
			break;
		/* --format */
		case 'F':
			opt.fmt.format = (enum txf_mout_format)cli_parse_choice(
			    "--format", arg, txf_mout_format_names());
			break;
		/* --label-col */
		case OPT_LABEL:
			opt.label_col = cli_parse_size("--label", arg, 1,
			    1000000);
			break;
		/* --qid-col */
		case OPT_QID:
			opt.qid_col = cli_parse_size("--qid", arg, 1,
			    1000000);
			break;
		}
	}
	check_options(&opt);
	if ((k1_set || b_set) && opt.vocab_path == NULL)
		cli_usage_error("--%s: bm25 needs a vocab (-V FILE)",
		    k1_set ? "k1" : "b");
	load_model(&opt);
	uint32_t avail = txf_feat_available(opt.vocab);
	if (features == NULL) {
		for (int f = 0; f < TXF_FEAT_COUNT; f++)
			if (avail & TXF_FEAT_BIT(f))
				opt.feat[opt.fmt.nfeat++] = f;
		opt.mo.feats = avail;
	} else if (opt.mo.feats & ~avail) {
		cli_warn("%s: cosine needs a vocab with an idf column (its "
		    "#idf is none)", opt.vocab_path);
		exit(EXIT_DATA);
	}
	opt.mo.vocab = opt.vocab;
	opt.mo.k1 = k1;
	opt.mo.b = b;
	if (opt.fmt.format == TXF_MOUT_SVMLIGHT || opt.groups_path != NULL)
		opt.qids = cli_xptr(txf_qids_new(
		    opt.fmt.format == TXF_MOUT_SVMLIGHT));
	if (opt.qids != NULL || opt.ids_path != NULL)
		opt.com.threads = 1;   /* rows numbered in input order */
	cli_out_open(opt.com.output);
	if (opt.ids_path != NULL)
		opt.ids = cli_side_open(opt.ids_path);
	if (opt.groups_path != NULL)
		opt.groups = cli_side_open(opt.groups_path);
	/* The TSV header: at the first record, whose extra columns it names
	 * (after the first file's header line with --header). */
	opt.head_due = opt.fmt.format == TXF_MOUT_TSV && !opt.no_header;
	cli_lines l = { .fn = match_line, .make_state = match_make_state,
	    .free_state = match_free_state, .arg = &opt,
	    .threads = opt.com.threads, .invalid = opt.com.invalid,
	    .on_header = match_header_line, .on_first = match_first_row };
	status = cli_run_files(&l, argv + optind, argc - optind);
	match_write_head(&opt, 0);   /* no record read */
	txf_buf_free(&opt.head_line);
	if (status == 0 && opt.groups != NULL && opt.group_rows > 0)
		fprintf(opt.groups, "%llu\n",
		    (unsigned long long)opt.group_rows);
	if (opt.ids != NULL)
		cli_side_close(opt.ids, opt.ids_path);
	if (opt.groups != NULL)
		cli_side_close(opt.groups, opt.groups_path);
	if (opt.names_path != NULL && status == 0) {
		FILE *fp = cli_side_open(opt.names_path);
		for (size_t i = 0; i < opt.fmt.nfeat; i++)
			fprintf(fp, "%s\n",
			    txf_feat_name((enum txf_feat)opt.feat[i]));
		cli_side_close(fp, opt.names_path);
	}
	status = cli_out_close(status ? EXIT_DATA : 0);
	if (status == 0) {
		const char *side[] = { opt.ids_path, opt.groups_path,
		    opt.names_path };
		for (size_t i = 0; i < 3; i++)
			if (side[i] != NULL)
				cli_side_commit(side[i]);
	}
	cli_anopts_free(&opt.ao);
	txf_analyzer_free(opt.z);
	txf_vocab_free(opt.vocab);
	txf_qids_free(opt.qids);
	return status;
}
