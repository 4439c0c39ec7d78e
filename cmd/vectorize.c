/* vectorize - tokens to vectors: vocab or hashing index, tf-idf, norms,
 * and the formats trainers read. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vectorize/vectorize.h"
#include "vocab/vocab.h"   /* parse_bound() */

enum {
	OPT_HASH = CLI_OPT_NEXT,
	OPT_WEIGHT,
	OPT_IDF,
	OPT_NORM,
	OPT_LABEL_COL,
	OPT_QID_COL,
	OPT_NAMESPACE,
	OPT_MIN_DF,
	OPT_MAX_DF,
	OPT_MAX_FEATURES,
};

/* The options given (static: the table points into it). */
static struct vopts opt;

static const cli_opt opts[] = {
	CLI_OPT_DOCS(&opt.docs, "  analyse them with the vocab's recorded\n"
	    "  analysis (or, without one, with the\n"
	    "  options below), as tokenize | ngrams",
	    "Analysis (tokens whose analysis line differs from the vocab's "
	    "are refused):"),
	/* tokenize's analysis options; its --norm is --text-norm here */
	CLI_ANALYSIS_OPTS_AS(NULL, "text-norm",
	    "tokenize's --norm: Unicode normalization", "tokenize's --case",
	    "tokenize's --strip-accents", "tokenize's --mode",
	    "tokenize's --min-len", "tokenize's --max-len",
	    "tokenize's --stop", "tokenize's --stem"),
	CLI_NGRAM_OPTS(NULL, NULL),
	{ .help = "An analysis option that contradicts the vocab's recorded analysis is\n"
	  "refused." },
	{ .name = "strict", .flag = &opt.strict,
	  .help = "tokens without an analysis line for a vocab\n"
	  "  with one, and more than half the tokens\n"
	  "  out of the vocabulary, are errors (exit 1)\n"
	  "  instead of warnings" },
	{ .name = "vocab", .key = 'V', .str = &opt.vocab_path, .arg = "FILE",
	  .help = "a term's index is its row in the vocab FILE\n"
	  "  (from 0); other terms are dropped and\n"
	  "  counted on standard error",
	  .group = "Index (one of):" },
	{ .name = "hash", .key = OPT_HASH, .arg = "N",
	  .help = "MurmurHash3 of the term modulo N features,\n"
	  "  the hash's sign as the value's sign, as\n"
	  "  scikit-learn's HashingVectorizer" },
	{ .name = "no-sign", .flag = &opt.no_sign,
	  .help = "with --hash: all counts positive\n"
	  "  (alternate_sign=False)" },
	{ .name = "fit", .str = &opt.fit, .arg = "FILE",
	  .help = "with --docs: fit the vocab on the input, as\n"
	  "  vocab --docs with the same options writes\n"
	  "  it, into FILE, and index by it; the input is\n"
	  "  read and analysed once (held in memory:\n"
	  "  about 4 bytes a token, and the ids)" },
	CLI_OPT_MIN_DF(OPT_MIN_DF, "--fit: vocab's --min-df", NULL),
	CLI_OPT_MAX_DF(OPT_MAX_DF, "--fit: vocab's --max-df"),
	CLI_OPT_MAX_FEATURES(OPT_MAX_FEATURES, "--fit: vocab's --max-features"),
	CLI_OPT_WEIGHT(OPT_WEIGHT, "Values (in this order):"),
	{ .name = "idf", .key = OPT_IDF, .optional = 1, .arg = "KIND",
	  .help = "times the vocab's idf column; with --fit,\n"
	  "  KIND is the vocab's --idf: smooth (the\n"
	  "  default), plain or bm25" },
	{ .name = "norm", .key = OPT_NORM, .values = txf_vec_norm_names,
	  .help = "divide by the vector's norm (default: l2\n"
	  "  with --idf or --hash, else none)" },
	CLI_OPT_PRECISION(&opt.fo.prec),
	{ .name = "format", .key = 'F', .values = txf_vec_format_names,
	  .dflt = "svmlight",
	  .help = "svmlight: label [qid:Q] i:v ... (default)\n"
	  "vw:       [label] 'id |ns term:v ...\n"
	  "triplet:  id TAB index TAB value\n"
	  "dense:    id TAB v0 TAB v1 ... (at most\n"
	  "  65536 features)\n"
	  "fasttext: __label__L ... tok tok ... (the\n"
	  "  tokens themselves: no index)",
	  .group = "Output:" },
	CLI_OPT_LABEL_COL(OPT_LABEL_COL,
	    "svmlight, vw and fasttext: the label is\n"
	    "  column N of the tokens line (3 or more;\n"
	    "  default: svmlight 0, others none);\n"
	    "  fasttext takes several, comma-separated"),
	{ .name = "label-map", .str = &opt.label_map, .arg = "FILE",
	  .help = "labels are classes, written as integers:\n"
	  "  FILE (label TAB integer) is read when it\n"
	  "  exists, else built from 0 in order of\n"
	  "  first appearance and written; several\n"
	  "  comma-separated labels a line" },
	CLI_OPT_IDS(&opt.ids, "write each row's id to FILE, in row order"),
	CLI_OPT_ID_COMMENT(&opt.fo.id_comment,
	    "svmlight: end each line with ' # id'"),
	CLI_OPT_QID_COL(OPT_QID_COL, "svmlight: qid:Q from column N"),
	{ .name = "namespace", .key = OPT_NAMESPACE, .arg = "NAME",
	  .help = "vw: the namespace (default w)" },
	{ .name = "one-based", .flag = &opt.fo.one_based,
	  .help = "indices from 1 (libsvm tools)" },
	CLI_OPT_NAMES(&opt.names, "write index TAB term to FILE (with --hash:\n"
	    "  every term seen, by index)"),
	{ .name = "quiet", .key = 'q', .flag = &opt.quiet,
	  .help = "do not report out-of-vocabulary tokens" },
	CLI_COMMON_OPTS_THREADS(NULL)
};

static const cli_tool tool = {
	.name = "vectorize",
	.synopsis = "[OPTION]... [FILE]...\n-V MODEL --docs [OPTION]... [FILE]...\n"
	"--fit=MODEL --docs [OPTION]... [FILE]...",
	.about = "Turn each document's tokens into a sparse vector in a trainer's format.\n"
	"Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n"
	"input and writes one vector per document, in input order.\n",
	.opts = opts,
	.examples = "  vectorize --docs --fit=model.vocab --idf -o train.svm docs.tsv\n"
	"  tokenize docs.tsv | vocab --idf=smooth -o vocab.tsv\n"
	"  tokenize docs.tsv | vectorize -V vocab.tsv --idf -o train.svm\n"
	"  tokenize docs.tsv | vectorize --hash=1048576 -F vw --label-col=3\n"
	"  tokenize docs.tsv | vectorize -F fasttext --label-col=3 -o train.ft\n"
};


/* ------------------------------------------------------------------ */

static size_t
parse_col(const char *name, const char *arg)
{
	return cli_parse_size(name, arg, 3, 1000000);
}

int
main(int argc, char **argv)
{
	txf_vocab *vocab = NULL;
	const char *arg;
	int c, status = 0;

	cli_start(&tool, &opt.com, NULL, &opt.ao);
	txf_vecopts_init(&opt.vo);
	txf_vecfmt_init(&opt.fo);
	while ((c = cli_getopt(&tool, argc, argv, &opt.com, &arg)) != -1) {
		switch (c) {
		/* --hash */
		case OPT_HASH:
			opt.vo.hash_n = (uint32_t)cli_parse_size("--hash",
			    arg, 1, TXF_VEC_HASH_MAX);
			break;
		/* --weight */
		case OPT_WEIGHT:
			opt.vo.weight = (enum txf_vec_weight)
			    txf_vec_weight_parse(arg);
			break;
		/* --idf */
		case OPT_IDF:
			if (arg != NULL)
				(void)cli_parse_choice("--idf", arg,
				    txf_idf_names());
			opt.vo.idf = arg == NULL || strcmp(arg, "none") != 0;
			opt.idf_kind = arg;
			break;
		/* --min-df */
		case OPT_MIN_DF:
			parse_bound("--min-df", arg, &opt.prune.min_df);
			opt.prune_given = 1;
			break;
		/* --max-df */
		case OPT_MAX_DF:
			parse_bound("--max-df", arg, &opt.prune.max_df);
			opt.prune_given = 1;
			break;
		/* --max-features */
		case OPT_MAX_FEATURES:
			opt.prune.max_features = cli_parse_size(
			    "--max-features", arg, 1, SIZE_MAX);
			opt.prune_given = 1;
			break;
		/* --norm */
		case OPT_NORM:
			opt.vo.norm = (enum txf_vec_norm)
			    txf_vec_norm_parse(arg);
			break;
		/* --format */
		case 'F':
			opt.fo.format = (enum txf_vec_format)
			    txf_vec_format_parse(arg);
			break;
		/* --label-col */
		case OPT_LABEL_COL:
			opt.lc.label_col = parse_col("--label-col", arg);
			break;
		/* --qid-col */
		case OPT_QID_COL:
			opt.lc.qid_col = parse_col("--qid-col", arg);
			break;
		/* --namespace */
		case OPT_NAMESPACE:
			if (txf_utf8_check(arg, strlen(arg)) !=
			    strlen(arg) || strpbrk(arg, " \t\n\r|:"))
				cli_usage_error("invalid value for "
				    "--namespace: '%s' (no space, '|' or "
				    "':')", arg);
			opt.fo.ns = arg;
			opt.fo.ns_len = strlen(arg);
			opt.ns_set = 1;
			break;
		}
	}

	check_options(&opt);
	opt.vo.alternate_sign = !opt.no_sign;
	if (opt.vocab_path != NULL) {
		vocab = cli_vocab_load(opt.vocab_path);
		use_vocab(&opt, vocab, opt.vocab_path);
		opt.model = cli_vocab_analysis(vocab, opt.vocab_path);
		if (opt.model != NULL)
			opt.model_text = cli_spell(opt.model);
	}
	txf_error err;
	if (cli_anopts_given(&opt.ao) && !opt.docs)
		cli_usage_error("%s needs --docs (tokens are analysed already)",
		    opt.ao.given[0].opt);
	if (opt.docs) {
		/* the model's analysis; options may only repeat it */
		txf_analysis *a;
		if (opt.model != NULL) {
			cli_anopts_check(&opt.ao, opt.model, opt.vocab_path);
			a = cli_xptr(txf_analysis_dup(opt.model));
		} else
			a = cli_anopts_build(&opt.ao);
		opt.z = txf_analyzer_new(a, NULL, &err);
		if (opt.z == NULL)
			cli_die_err(NULL, &err);
		txf_analysis_free(a);
	}
	if (opt.fo.format != TXF_VEC_FASTTEXT && opt.fit == NULL)
		main_vz = new_vectorizer(&opt);
	int fit_threads = opt.com.threads;
	opt.lc.format = opt.fo.format;
	opt.lc.first_col = 3;
	if (opt.label_map != NULL &&
	    (opt.lc.map = cli_labelmap_open(opt.label_map)) == NULL) {
		/* Built by this run, in input order: one thread. */
		opt.lc.map = cli_xptr(txf_labelmap_new());
		opt.lc.build = 1;
		opt.com.threads = 1;
	}
	if (opt.ids != NULL)
		opt.com.threads = 1;   /* the ids are written in row order */
	if (opt.names != NULL && vocab == NULL && opt.fit == NULL) {
		/* One table of the terms seen: one thread. */
		seen = cli_xptr(txf_vecnames_new(opt.vo.hash_n));
		opt.com.threads = 1;
	}
	cli_out_open(opt.com.output);
	/* The side files are created now, so that a path that cannot be
	 * written stops the run before any work. */
	FILE *names_file = opt.names ? cli_side_open(opt.names) : NULL;
	FILE *map_file = opt.lc.build ? cli_side_open(opt.label_map) : NULL;
	if (opt.ids != NULL)
		ids_file = cli_side_open(opt.ids);
	FILE *fit_file = opt.fit ? cli_side_open(opt.fit) : NULL;
	cli_lines l = { .fn = vectorize_line, .make_state = make_state,
	    .free_state = free_state, .arg = &opt, .threads = opt.com.threads,
	    .invalid = opt.com.invalid };
	if (opt.fit != NULL) {
		l.make_state = fit_make_state;
		l.free_state = fit_free_state;
		l.on_file = fit_file_done;
	}
	status = cli_run_files(&l, argv + optind, argc - optind);
	if (opt.fit != NULL && status == 0) {
		vocab = fit_vocab(&opt, fit_file);
		use_vocab(&opt, vocab, opt.fit);
		main_vz = new_vectorizer(&opt);
		fit_rows(&opt, vocab, fit_threads);
		fit_vocab_write(&opt, fit_file);
	}
	/* After a complete run only: with threads, how far the input was
	 * read before an error varies. */
	if (vocab != NULL && status == 0)
		status = cli_vocab_coverage(opt.fit ? opt.fit : opt.vocab_path,
		    total_tokens,
		    total_dropped, opt.quiet, opt.strict,
		    opt.model && !opt.docs,
		    __atomic_load_n(&saw_analysis_line, __ATOMIC_RELAXED));
	if (status == 0)
		side_files_write(&opt, vocab, names_file, map_file);
	status = cli_out_close(status ? EXIT_DATA : 0);
	if (status == 0)
		side_files_commit(&opt);
	fit_free();
	txf_labelmap_free(opt.lc.map);
	txf_vectorizer_free(main_vz);
	txf_analyzer_free(opt.z);
	txf_analysis_free(opt.model);
	free(opt.model_text);
	cli_anopts_free(&opt.ao);
	txf_vocab_free(vocab);
	txf_vecnames_free(seen);
	return status;
}
