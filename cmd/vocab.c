/* vocab - tokens to vocab: document and collection frequencies of terms,
 * pruning and idf; merges vocabs built on shards; bounded memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#include "vocab/vocab.h"

enum {
	OPT_IDF = CLI_OPT_NEXT,
	OPT_MIN_DF,
	OPT_MAX_DF,
	OPT_MAX_FEATURES,
	OPT_TOP,
	OPT_BY,
	OPT_ANALYSIS,
};

static const char *const by_list[] = { "df", "cf", NULL };

#define DEFAULT_MEMORY ((size_t)256 << 20)

/* The options given (static: the table points into it). */
static struct opts opt = { .memory = DEFAULT_MEMORY };

static const cli_opt opts[] = {
	CLI_OPT_DOCS(&opt.docs, "  analyse them as tokenize | ngrams would,\n"
	    "  with their options (below); the vocab is\n"
	    "  the pipeline's, byte for byte", "Fitting in one process:"),
	CLI_ANALYSIS_OPTS(NULL),
	CLI_NGRAM_OPTS(NULL, NULL),
	CLI_OPT_MIN_DF(OPT_MIN_DF, "drop terms in fewer documents",
	    "Pruning, as scikit-learn's CountVectorizer (digits alone are a "
	    "number of\ndocuments; with a decimal point, a proportion of "
	    "them):"),
	CLI_OPT_MAX_DF(OPT_MAX_DF, "drop terms in more documents"),
	CLI_OPT_MAX_FEATURES(OPT_MAX_FEATURES,
	    "then keep the K terms of highest cf; ties go\n"
	    "  to the term first in byte order"),
	{ .name = "idf", .key = OPT_IDF, .values = txf_idf_names,
	  .dflt = "none",
	  .help = "add an idf column: ln((1+N)/(1+df))+1,\n"
	  "  ln(N/df)+1, or ln(1+(N-df+0.5)/(df+0.5))\n"
	  "  (default none)" },
	{ .name = "analysis", .key = OPT_ANALYSIS, .arg = "DESC",
	  .help = "the analysis of tokens that have no analysis\n"
	  "  line (a description as textfeat(7) gives\n"
	  "  it); it must agree with one they have" },
	{ .name = "top", .key = OPT_TOP, .arg = "K",
	  .help = "write only the K terms of highest df (no\n"
	  "  header), as a bar chart on a terminal",
	  .group = "Exploring:" },
	{ .name = "by", .key = OPT_BY, .names = by_list,
	  .dflt = "df",
	  .help = "rank --top by df (default) or cf" },
	{ .name = "merge", .flag = &opt.merge,
	  .help = "the FILEs are unpruned vocabs built on shards:\n"
	  "  write the vocab one run over all their\n"
	  "  input would give",
	  .group = "Merging and memory:" },
	CLI_OPT_MEMORY("keep the counts within SIZE, spilling sorted\n"
	    "  runs to temporary files: bytes with a suffix\n"
	    "  b, K, M, G, T or % of memory; K without one\n"
	    "  (default 256M); the output is the same"),
	CLI_OPT_TMPDIR("put them in DIR (default $TMPDIR or /tmp)"),
	CLI_OPT_THREADS_AS("count with N threads, each in SIZE/N\n"
	    "  (default: processors, at most 4)"),
	{ .name = "verbose", .flag = &opt.verbose,
	  .help = "report counts and spilled runs on stderr" },
	CLI_COMMON_OPTS_GROUP("Input and output:")
};

static const cli_tool tool = {
	.name = "vocab",
	.synopsis = "[OPTION]... [FILE]...\n"
	"--docs [ANALYSIS OPTION]... [OPTION]... [FILE]...\n"
	"--merge [OPTION]... [VOCAB]...",
	.about = "Count in how many documents (df) and how many times (cf) each term occurs.\n"
	"Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n"
	"input, one document a line, and writes a vocab: a header of # lines (the\n"
	"documents, the tokens and the options), then term TAB df TAB cf [TAB idf]\n"
	"sorted by the bytes of the term.\n",
	.opts = opts,
	.examples = "  tokenize listings.tsv | ngrams -n 1:2 | vocab --min-df=2 -o listings.vocab\n"
	"  tokenize queries.tsv | vocab --top=20\n"
	"  vocab --merge --idf=smooth --max-features=100000 shard-*.vocab\n"
};

int
main(int argc, char **argv)
{
	const char *arg;
	int c, status = 0, have_by = 0;

	cli_start(&tool, &opt.com, NULL, &opt.ao);
	while ((c = cli_getopt(&tool, argc, argv, &opt.com, &arg)) != -1) {
		switch (c) {
		/* --idf */
		case OPT_IDF:
			opt.idf = (enum txf_idf)txf_idf_parse(arg);
			break;
		/* --min-df */
		case OPT_MIN_DF:
			parse_bound("--min-df", arg, &opt.prune.min_df);
			break;
		/* --max-df */
		case OPT_MAX_DF:
			parse_bound("--max-df", arg, &opt.prune.max_df);
			break;
		/* --max-features */
		case OPT_MAX_FEATURES:
			opt.prune.max_features = cli_parse_size(
			    "--max-features", arg, 1, SIZE_MAX);
			break;
		/* --top */
		case OPT_TOP:
			opt.top = cli_parse_size("--top", arg, 1, SIZE_MAX / 4);
			break;
		/* --by */
		case OPT_BY:
			opt.by_cf = cli_parse_choice("--by", arg, by_list);
			have_by = 1;
			break;
		/* --analysis */
		case OPT_ANALYSIS:
			if (txf_utf8_check(arg, strlen(arg)) !=
			    strlen(arg))
				cli_usage_error("--analysis: invalid UTF-8");
			{
				txf_error err;
				txf_analysis_free(opt.analysis);
				opt.analysis = txf_analysis_parse(arg,
				    strlen(arg), &err);
				if (opt.analysis == NULL)
					cli_usage_error("--analysis: %s",
					    txf_error_text(&err));
			}
			break;
		/* --memory */
		case 'S':
			opt.memory = cli_parse_memory(arg, 0);
			break;
		/* --temporary-directory */
		case 'T':
			if (arg[0] == '\0')
				cli_usage_error("--temporary-directory: empty "
				    "name");
			opt.tmpdir = arg;
			break;
		}
	}
	if (have_by && opt.top == 0)
		cli_usage_error("--by needs --top");
	if (cli_anopts_given(&opt.ao) && !opt.docs)
		cli_usage_error("%s needs --docs (tokens are analysed already)",
		    opt.ao.given[0].opt);
	if (opt.docs && opt.merge)
		cli_usage_error("--docs and --merge exclude each other");
	if (opt.merge && cli_header)
		cli_usage_error("--header applies to docs and tokens, not to "
		    "--merge's vocabs");
	if (opt.docs && opt.analysis != NULL)
		cli_usage_error("--docs records the analysis of its options; "
		    "--analysis is for tokens");
	if (opt.docs) {
		txf_analysis *a = cli_anopts_build(&opt.ao);
		txf_error err;
		opt.z = txf_analyzer_new(a, NULL, &err);
		if (opt.z == NULL)
			cli_die_err(NULL, &err);
		opt.analysis = a;
	}
	if (opt.prune.min_df.kind == TXF_DF_COUNT &&
	    opt.prune.max_df.kind == TXF_DF_COUNT &&
	    opt.prune.max_df.count < opt.prune.min_df.count)
		cli_usage_error("--max-df=%llu is below --min-df=%llu",
		    (unsigned long long)opt.prune.max_df.count,
		    (unsigned long long)opt.prune.min_df.count);

	txf_buf pruning = { 0 };
	if (txf_prune_describe(&opt.prune, &pruning) < 0 ||
	    txf_buf_add(&pruning, "", 1) < 0)
		cli_die("out of memory");
	char *given = opt.analysis ? cli_spell(opt.analysis) : NULL;
	txf_vocab_header h = {
		.analysis = given ? given : (char *)"",
		.pruning = pruning.p,
		.idf = opt.idf,
	};

	cli_out_open(opt.com.output);
	if (opt.merge) {
		struct shards sh = { 0 };
		txf_merge *m = txf_merge_new();
		if (m == NULL)
			cli_die("out of memory");
		cli_progress_inputs(argv + optind, argc - optind);
		cli_progress_phase("merging vocabs");
		open_shards(&opt, argc - optind, argv + optind, &sh, &h, m);
		write_vocab(&opt, m, &h, sh.name, (size_t)sh.n, NULL);
		if (opt.verbose)
			cli_warn("merged %d vocabs: %llu documents, %llu "
			    "tokens", sh.n, (unsigned long long)h.docs,
			    (unsigned long long)h.tokens);
		txf_merge_free(m);
		close_shards(&sh);
	} else {
		int err = 0;
		txf_dfcount *cnt = opt.docs ?
		    txf_dfcount_new_docs(opt.memory, opt.tmpdir,
		    opt.com.threads, opt.z, &err) :
		    txf_dfcount_new_threads(opt.memory, opt.tmpdir,
		    opt.com.threads);
		if (cnt == NULL)
			cli_nomem();
		struct counting k = { .op = &opt, .c = cnt };
		cli_lines l = { .fn = opt.docs ? count_doc_line : count_line,
		    .make_state = counting_state,
		    .arg = &k, .threads = 1, .invalid = opt.com.invalid,
		    .hdr = opt.docs ? NULL : &tok_hdr,
		    .on_file = opt.docs ? NULL : on_file };
		status = cli_run_files(&l, argv + optind, argc - optind);
		cli_progress_phase("sorting");
		txf_merge *m = txf_dfcount_finish(cnt, &err);
		if (m == NULL)
			die_spill(&opt, err);
		char *rec = status ? NULL : recorded_analysis(&opt);
		if (rec != NULL)
			h.analysis = rec;
		txf_dfstats st;
		txf_dfcount_stats(cnt, &st);
		h.docs = st.docs;
		h.tokens = st.tokens;
		if (opt.verbose) {
			cli_warn("%llu documents, %llu tokens; %llu sorted "
			    "run%s spilled to %s", (unsigned long long)h.docs,
			    (unsigned long long)h.tokens,
			    (unsigned long long)st.spills,
			    st.spills == 1 ? "" : "s",
			    txf_tmpdir(opt.tmpdir));
		}
		cli_progress_phase(st.spills > 0 ?
		    "merging runs, writing" : "writing");
		/* After an input error nothing is written: not even the
		 * header, which would look like a complete (empty or
		 * partial) vocab on standard output. */
		if (status == 0)
			write_vocab(&opt, m, &h, NULL, 0, cnt);
		txf_dfcount_free(cnt);
		txf_buf_free(&k.text);
		free(rec);
	}
	txf_buf_free(&pruning);
	txf_analysis_free(opt.analysis);
	txf_analyzer_free(opt.z);
	cli_anopts_free(&opt.ao);
	free(given);
	cli_hdr_free(&tok_hdr);
	return cli_out_close(status ? EXIT_DATA : 0);
}
