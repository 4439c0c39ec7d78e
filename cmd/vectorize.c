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

#include "batch.h"
#include "cli.h"
#include "header.h"

/* Widest dense row: beyond it every row is mostly zeros. */
#define DENSE_MAX 65536

enum {
	OPT_HASH = CLI_OPT_NEXT,
	OPT_NO_SIGN,
	OPT_WEIGHT,
	OPT_IDF,
	OPT_NORM,
	OPT_ONE_BASED,
	OPT_LABEL_COL,
	OPT_QID_COL,
	OPT_NAMESPACE,
	OPT_NAMES,
	OPT_PRECISION,
	OPT_DOCS,
	OPT_STRICT,
	OPT_LABEL_MAP,
	OPT_IDS,
	OPT_ID_COMMENT,
};

static const cli_opt opts[] = {
	{ .name = "docs", .key = OPT_DOCS,
	  .help = "read docs (id TAB text [TAB extra]...) and\n"
	  "  analyse them with the vocab's recorded\n"
	  "  analysis (or, without one, with the\n"
	  "  options below), as tokenize | ngrams",
	  .group = "Analysis (tokens whose analysis line differs from the "
	  "vocab's are refused):" },
	/* tokenize's analysis options; its --norm is --text-norm here */
	{ .name = "text-norm", .key = CLI_OPT_NORM, .values = txf_norm_names,
	  .dflt = "nfkc", .help = "tokenize's --norm: Unicode normalization" },
	{ .name = "case", .key = CLI_OPT_CASE, .values = txf_case_names,
	  .dflt = "fold", .help = "tokenize's --case" },
	{ .name = "strip-accents", .key = CLI_OPT_STRIP_ACCENTS,
	  .help = "tokenize's --strip-accents" },
	{ .name = "mode", .key = CLI_OPT_MODE, .values = txf_mode_names,
	  .dflt = "uax29", .help = "tokenize's --mode" },
	{ .name = "min-len", .key = CLI_OPT_MIN_LEN, .arg = "N",
	  .help = "tokenize's --min-len" },
	{ .name = "max-len", .key = CLI_OPT_MAX_LEN, .arg = "N",
	  .help = "tokenize's --max-len" },
	{ .name = "stop", .key = CLI_OPT_STOP, .arg = "LANG|FILE",
	  .help = "tokenize's --stop" },
	{ .name = "stem", .key = CLI_OPT_STEM, .arg = "LANG",
	  .help = "tokenize's --stem" },
	CLI_NGRAM_OPTS(NULL, NULL),
	{ .help = "An analysis option that contradicts the vocab's recorded analysis is\n"
	  "refused." },
	{ .name = "strict", .key = OPT_STRICT,
	  .help = "tokens without an analysis line for a vocab\n"
	  "  with one, and more than half the tokens\n"
	  "  out of the vocabulary, are errors (exit 1)\n"
	  "  instead of warnings" },
	{ .name = "vocab", .key = 'V', .arg = "FILE",
	  .help = "a term's index is its row in the vocab FILE\n"
	  "  (from 0); other terms are dropped and\n"
	  "  counted on standard error",
	  .group = "Index (one of):" },
	{ .name = "hash", .key = OPT_HASH, .arg = "N",
	  .help = "MurmurHash3 of the term modulo N features,\n"
	  "  the hash's sign as the value's sign, as\n"
	  "  scikit-learn's HashingVectorizer" },
	{ .name = "no-sign", .key = OPT_NO_SIGN,
	  .help = "with --hash: all counts positive\n"
	  "  (alternate_sign=False)" },
	{ .name = "weight", .key = OPT_WEIGHT, .values = txf_vec_weight_names,
	  .dflt = "raw",
	  .help = "the count (default); 1; 1 + ln(count);\n"
	  "  count / tokens in the document;\n"
	  "  0.5 + 0.5 * count / largest count",
	  .group = "Values (in this order):" },
	{ .name = "idf", .key = OPT_IDF,
	  .help = "times the vocab's idf column" },
	{ .name = "norm", .key = OPT_NORM, .values = txf_vec_norm_names,
	  .help = "divide by the vector's norm (default: l2\n"
	  "  with --idf or --hash, else none)" },
	{ .name = "precision", .key = OPT_PRECISION, .arg = "N",
	  .help = "significant digits of values, 1 to 17\n"
	  "  (default 9); integers print as integers" },
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
	{ .name = "label-col", .key = OPT_LABEL_COL, .arg = "N",
	  .aliases = (const char *const[]){ "label", NULL },
	  .help = "svmlight, vw and fasttext: the label is\n"
	  "  column N of the tokens line (3 or more;\n"
	  "  default: svmlight 0, others none);\n"
	  "  fasttext takes several, comma-separated" },
	{ .name = "label-map", .key = OPT_LABEL_MAP, .arg = "FILE",
	  .help = "labels are classes, written as integers:\n"
	  "  FILE (label TAB integer) is read when it\n"
	  "  exists, else built from 0 in order of\n"
	  "  first appearance and written; several\n"
	  "  comma-separated labels a line" },
	{ .name = "ids", .key = OPT_IDS, .arg = "FILE",
	  .help = "write each row's id to FILE, in row order" },
	{ .name = "id-comment", .key = OPT_ID_COMMENT,
	  .help = "svmlight: end each line with ' # id'" },
	{ .name = "qid-col", .key = OPT_QID_COL, .arg = "N",
	  .aliases = (const char *const[]){ "qid", NULL },
	  .help = "svmlight: qid:Q from column N" },
	{ .name = "namespace", .key = OPT_NAMESPACE, .arg = "NAME",
	  .help = "vw: the namespace (default w)" },
	{ .name = "one-based", .key = OPT_ONE_BASED,
	  .help = "indices from 1 (libsvm tools)" },
	{ .name = "names", .key = OPT_NAMES, .arg = "FILE",
	  .help = "write index TAB term to FILE (with --hash:\n"
	  "  every term seen, by index)" },
	{ .name = "quiet", .key = 'q',
	  .help = "do not report out-of-vocabulary tokens" },
	CLI_OPT_THREADS(NULL),
	CLI_COMMON_OPTS,
	CLI_OPT_END
};

static const cli_tool tool = {
	.name = "vectorize",
	.synopsis = "[OPTION]... [FILE]...\n-V MODEL --docs [OPTION]... [FILE]...",
	.about = "Turn each document's tokens into a sparse vector in a trainer's format.\n"
	"Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n"
	"input and writes one vector per document, in input order.\n",
	.opts = opts,
	.examples = "  tokenize docs.tsv | vocab --idf=smooth -o vocab.tsv\n"
	"  tokenize docs.tsv | vectorize -V vocab.tsv --idf -o train.svm\n"
	"  tokenize docs.tsv | vectorize --hash=1048576 -F vw --label-col=3\n"
	"  tokenize docs.tsv | vectorize -F fasttext --label-col=3 -o train.ft\n"
};

struct opts {
	const char *vocab_path;
	int docs;                 /* --docs: analyse raw docs */
	int strict;               /* --strict */
	cli_anopts ao;            /* analysis options (with --docs) */
	txf_analyzer *z;          /* --docs: the analysis */
	txf_analysis *model;      /* the vocab's recorded analysis */
	char *model_text;
	txf_vecopts vo;
	txf_vecfmt fo;
	txf_labelcols lc;         /* --label-col, --qid-col, --label-map */
	const char *names;
	const char *label_map;    /* --label-map */
	const char *ids;          /* --ids */
	int quiet;
	cli_common com;
};

/* Totals over all input. */
static uint64_t total_tokens, total_dropped;
static int saw_analysis_line;   /* the tokens had one */

/* Per-thread state. */
struct state {
	const struct opts *op;
	txf_vectorizer *vz;
	txf_analyzer *z;            /* --docs */
	txf_buf text;               /* --docs: unescaped text, tokens */
	uint64_t tokens, dropped;   /* this thread's totals */
	txf_buf big;                /* a line too long for the output buffer */
	txf_buf lab;                /* the labels' integers (--label-map) */
};

/* The --ids file, being written (one thread). */
static FILE *ids_file;

/* --names with --hash: every term seen, with its index. */
static txf_vecnames *seen;

/* A line whose label or qid cannot be read: an error under
 * --invalid=error and replace (never turned into a valid-looking value),
 * skipped and counted under skip.  Returns as cli_line_bad(). */
static int
label_bad(cli_line_ctx *c, const char *msg)
{
	enum cli_invalid inv = c->invalid;

	if (inv == CLI_INVALID_REPLACE)
		c->invalid = CLI_INVALID_ERROR;
	int s = cli_line_bad(c, "%s%s", msg, inv == CLI_INVALID_REPLACE ?
	    " (a label or qid is never replaced; --invalid=skip drops the line)" :
	    "");
	c->invalid = inv;
	return s;
}

static txf_vectorizer *main_vz;   /* the one the threads' copies share */
static pthread_mutex_t totals_mu = PTHREAD_MUTEX_INITIALIZER;

static void *
make_state(void *arg)
{
	struct state *st = calloc(1, sizeof *st);

	if (st == NULL || (main_vz != NULL &&
	    (st->vz = txf_vectorizer_dup(main_vz)) == NULL))
		cli_die("out of memory");
	st->op = arg;
	if (st->op->z != NULL &&
	    (st->z = txf_analyzer_dup(st->op->z)) == NULL)
		cli_die("out of memory");
	return st;
}

static void
free_state(void *p)
{
	struct state *st = p;

	pthread_mutex_lock(&totals_mu);
	total_tokens += st->tokens;
	total_dropped += st->dropped;
	pthread_mutex_unlock(&totals_mu);
	txf_vectorizer_free(st->vz);
	txf_analyzer_free(st->z);
	txf_buf_free(&st->text);
	txf_buf_free(&st->big);
	txf_buf_free(&st->lab);
	free(st);
}

/* Write the document's line(s): straight into the output buffer when the
 * bound fits, which it does but for huge documents. */
static void
emit(struct state *st, const txf_vecrow *row, const txf_vec *v)
{
	const txf_vecfmt *fo = &st->op->fo;
	size_t b = txf_vec_bound(st->vz, fo, row, v);

	if (b > cli_ocap - cli_on)
		cli_out_flush();
	if (b <= cli_ocap - cli_on) {
		cli_on += txf_vec_write(st->vz, fo, row, v, cli_obuf + cli_on);
		return;
	}
	st->big.n = 0;
	if (txf_buf_grow(&st->big, b) < 0)
		cli_die("out of memory");
	st->big.n = txf_vec_write(st->vz, fo, row, v, st->big.p);
	cli_out_big(st->big.p, st->big.n);
}

/* One tokens line: id TAB tokens [TAB extra...]. */
static int
vectorize_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	const struct opts *op = st->op;
	txf_str f[3], tokens = { "", 0 }, extra = { NULL, 0 };
	txf_vecrow row = { 0 };
	txf_vec v = { 0 };
	txf_error err;

	if (!op->docs && cli_is_analysis_line(line.p, line.n)) {
		__atomic_store_n(&saw_analysis_line, 1, __ATOMIC_RELAXED);
		if (op->model != NULL)
			cli_tokens_vs_model(c->name, c->lineno, line.p, line.n,
			    op->model, op->model_text, op->vocab_path);
		return 0;
	}
	size_t nf = txf_fields(line, f, 3);
	int labels = op->lc.label_col > 0 || op->lc.qid_col > 0;

	if (nf < 2) {
		int s = labels ? label_bad(c, "missing tokens column 2") :
		    cli_line_bad(c, "missing tokens column 2");
		if (s != 0)
			return s < 0 ? -1 : 0;
		/* Repaired: an empty document. */
	} else {
		tokens = f[1];
		if (nf == 3)
			extra = f[2];
		int rc = labels ? txf_row_labels(&op->lc, extra, &row,
		    &st->lab, &err) : 0;
		if (rc == TXF_EFORMAT)
			return label_bad(c, err.msg) < 0 ? -1 : 0;
		if (rc < 0)
			cli_die("%s", txf_errmsg(rc));
	}
	row.id = f[0];
	row.tokens = tokens;
	int e = 0;
	if (op->fo.format == TXF_VEC_FASTTEXT) {
		/* the tokens themselves */
	} else if (op->docs) {
		/* the text, analysed as the model's tokens were */
		txf_tokens toks;
		if (memchr(tokens.p, '\\', tokens.n) != NULL) {
			st->text.n = 0;
			cli_xmem(txf_unescape(tokens.p, tokens.n, &st->text));
			tokens = (txf_str){ st->text.p, st->text.n };
		}
		e = txf_analyze(st->z, tokens.p, tokens.n, &toks);
		if (e >= 0)
			e = txf_vectorize(st->vz, toks.v, toks.n, &v);
		if (e >= 0 && seen != NULL)
			cli_xmem(txf_vecnames_add(seen, toks.v, toks.n));
	} else {
		e = txf_vectorize_field(st->vz, tokens.p, tokens.n, &v);
		if (e >= 0 && seen != NULL)
			cli_xmem(txf_vecnames_add_field(seen, tokens.p,
			    tokens.n));
	}
	if (e < 0)
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    txf_errmsg(e));
	st->tokens += v.tokens;
	st->dropped += v.dropped;
	emit(st, &row, &v);
	if (ids_file != NULL) {
		fwrite(row.id.p, 1, row.id.n, ids_file);
		putc('\n', ids_file);
	}
	return 0;
}

/* Write a side file whole: the names (--names) or the label map. */
static void
side_write(FILE *f, const char *path, const txf_buf *b)
{
	if (b->n > 0)
		fwrite(b->p, 1, b->n, f);
	cli_side_close(f, path);
}

/* ------------------------------------------------------------------ */

static size_t
parse_col(const char *opt, const char *arg)
{
	return cli_parse_size(opt, arg, 3, 1000000);
}

int
main(int argc, char **argv)
{
	struct opts op = { 0 };
	txf_vocab *vocab = NULL;
	const char *arg;
	int c, status = 0, no_sign = 0, ns_set = 0;

	cli_init("vectorize");
	cli_common_init(&op.com);
	txf_vecopts_init(&op.vo);
	txf_vecfmt_init(&op.fo);
	cli_anopts_init(&op.ao);
	while ((c = cli_getopt(&tool, argc, argv, &op.com, &arg)) != -1) {
		if (cli_anopts_option(&op.ao, c, arg))
			continue;
		switch (c) {
		/* --vocab */
		case 'V':
			op.vocab_path = arg;
			break;
		/* --hash */
		case OPT_HASH:
			op.vo.hash_n = (uint32_t)cli_parse_size("--hash",
			    arg, 1, TXF_VEC_HASH_MAX);
			break;
		/* --no-sign */
		case OPT_NO_SIGN:
			no_sign = 1;
			break;
		/* --weight */
		case OPT_WEIGHT:
			op.vo.weight = (enum txf_vec_weight)
			    txf_vec_weight_parse(arg);
			break;
		/* --idf */
		case OPT_IDF:
			op.vo.idf = 1;
			break;
		/* --norm */
		case OPT_NORM:
			op.vo.norm = (enum txf_vec_norm)
			    txf_vec_norm_parse(arg);
			break;
		/* --format */
		case 'F':
			op.fo.format = (enum txf_vec_format)
			    txf_vec_format_parse(arg);
			break;
		/* --one-based */
		case OPT_ONE_BASED:
			op.fo.one_based = 1;
			break;
		/* --label-col */
		case OPT_LABEL_COL:
			op.lc.label_col = parse_col("--label-col", arg);
			break;
		/* --qid-col */
		case OPT_QID_COL:
			op.lc.qid_col = parse_col("--qid-col", arg);
			break;
		/* --namespace */
		case OPT_NAMESPACE:
			if (txf_utf8_check(arg, strlen(arg)) !=
			    strlen(arg) || strpbrk(arg, " \t\n\r|:"))
				cli_usage_error("invalid value for "
				    "--namespace: '%s' (no space, '|' or "
				    "':')", arg);
			op.fo.ns = arg;
			op.fo.ns_len = strlen(arg);
			ns_set = 1;
			break;
		/* --names */
		case OPT_NAMES:
			op.names = arg;
			break;
		/* --precision */
		case OPT_PRECISION:
			op.fo.prec = (int)cli_parse_size("--precision", arg,
			    1, 17);
			break;
		/* --label-map */
		case OPT_LABEL_MAP:
			op.label_map = arg;
			break;
		/* --ids */
		case OPT_IDS:
			op.ids = arg;
			break;
		/* --id-comment */
		case OPT_ID_COMMENT:
			op.fo.id_comment = 1;
			break;
		/* --docs */
		case OPT_DOCS:
			op.docs = 1;
			break;
		/* --strict */
		case OPT_STRICT:
			op.strict = 1;
			break;
		/* --quiet */
		case 'q':
			op.quiet = 1;
			break;
		}
	}

	/* Options that contradict each other. */
	int ft = op.fo.format == TXF_VEC_FASTTEXT;
	if (ft && (op.vocab_path != NULL || op.vo.hash_n != 0 || op.vo.idf ||
	    op.vo.weight != TXF_VEC_RAW || op.vo.norm != TXF_VEC_NORM_AUTO ||
	    no_sign || op.names != NULL || op.fo.one_based || op.docs))
		cli_usage_error("-F fasttext writes the tokens themselves: "
		    "no index, values or names");
	if (op.vocab_path != NULL && op.vo.hash_n != 0)
		cli_usage_error("--vocab and --hash exclude each other");
	if (!ft && op.vocab_path == NULL && op.vo.hash_n == 0)
		cli_usage_error("an index is needed: --vocab=FILE or --hash=N");
	if (op.vo.idf && op.vocab_path == NULL)
		cli_usage_error("--idf needs --vocab (hashing has no idf)");
	if (no_sign && op.vo.hash_n == 0)
		cli_usage_error("--no-sign applies to --hash only");
	op.vo.alternate_sign = !no_sign;
	if (op.lc.label_col > 0 && op.fo.format != TXF_VEC_SVMLIGHT &&
	    op.fo.format != TXF_VEC_VW && !ft)
		cli_usage_error("--label-col applies to svmlight, vw and "
		    "fasttext only");
	if (op.label_map != NULL && op.lc.label_col == 0)
		cli_usage_error("--label-map needs --label-col");
	if (op.label_map != NULL && ft)
		cli_usage_error("--label-map: fastText reads the labels "
		    "themselves");
	if (op.fo.id_comment && op.fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--id-comment applies to svmlight only");
	if (op.lc.qid_col > 0 && op.fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--qid-col applies to svmlight only");
	if (op.lc.qid_col > 0 && op.lc.qid_col == op.lc.label_col)
		cli_usage_error("--label-col and --qid-col name the same "
		    "column");
	if (ns_set && op.fo.format != TXF_VEC_VW)
		cli_usage_error("--namespace applies to vw only");
	if (op.vocab_path != NULL && strcmp(op.vocab_path, "-") == 0)
		cli_usage_error("--vocab needs a file, not standard input");
	if (op.fo.format == TXF_VEC_DENSE && op.vo.hash_n > DENSE_MAX)
		cli_usage_error("dense rows of %lu features are too wide (at "
		    "most %d); use svmlight or triplet",
		    (unsigned long)op.vo.hash_n, DENSE_MAX);

	if (op.vocab_path != NULL) {
		vocab = cli_vocab_load(op.vocab_path);
		op.vo.vocab = vocab;
		if (op.vo.idf && txf_vocab_get_header(vocab)->idf ==
		    TXF_IDF_NONE)
			cli_die("%s: the vocab has no idf column (#idf none); "
			    "make it with vocab --idf=smooth", op.vocab_path);
		if (op.fo.format == TXF_VEC_DENSE &&
		    txf_vocab_size(vocab) > DENSE_MAX)
			cli_usage_error("dense rows of %zu features are too "
			    "wide (at most %d); use svmlight or triplet",
			    txf_vocab_size(vocab), DENSE_MAX);
		op.model = cli_vocab_analysis(vocab, op.vocab_path);
		if (op.model != NULL)
			op.model_text = cli_spell(op.model);
	}
	txf_error err;
	if (cli_anopts_given(&op.ao) && !op.docs)
		cli_usage_error("%s needs --docs (tokens are analysed already)",
		    op.ao.given[0].opt);
	if (op.docs) {
		/* the model's analysis; options may only repeat it */
		txf_analysis *a;
		if (op.model != NULL) {
			cli_anopts_check(&op.ao, op.model, op.vocab_path);
			a = cli_xptr(txf_analysis_dup(op.model));
		} else
			a = cli_anopts_build(&op.ao);
		op.z = txf_analyzer_new(a, NULL, &err);
		if (op.z == NULL)
			cli_die_err(NULL, &err);
		txf_analysis_free(a);
	}
	if (!ft && (main_vz = txf_vectorizer_new(&op.vo, &err)) == NULL)
		cli_die("%s", err.code == TXF_ERANGE && vocab != NULL ?
		    "the vocab has too many rows" : txf_errmsg(err.code));
	op.lc.format = op.fo.format;
	op.lc.first_col = 3;
	if (op.label_map != NULL &&
	    (op.lc.map = cli_labelmap_open(op.label_map)) == NULL) {
		/* Built by this run, in input order: one thread. */
		op.lc.map = cli_xptr(txf_labelmap_new());
		op.lc.build = 1;
		op.com.threads = 1;
	}
	if (op.ids != NULL)
		op.com.threads = 1;   /* the ids are written in row order */
	if (op.names != NULL && vocab == NULL) {
		/* One table of the terms seen: one thread. */
		seen = cli_xptr(txf_vecnames_new(op.vo.hash_n));
		op.com.threads = 1;
	}
	cli_out_open(op.com.output);
	/* The side files are created now, so that a path that cannot be
	 * written stops the run before any work. */
	FILE *names_file = op.names ? cli_side_open(op.names) : NULL;
	FILE *map_file = op.lc.build ? cli_side_open(op.label_map) : NULL;
	if (op.ids != NULL)
		ids_file = cli_side_open(op.ids);
	cli_lines l = { .fn = vectorize_line, .make_state = make_state,
	    .free_state = free_state, .arg = &op, .threads = op.com.threads,
	    .invalid = op.com.invalid };
	status = cli_run_files(&l, argv + optind, argc - optind);
	/* After a complete run only: with threads, how far the input was
	 * read before an error varies. */
	if (vocab != NULL && status == 0)
		status = cli_vocab_coverage(op.vocab_path, total_tokens,
		    total_dropped, op.quiet, op.strict, op.model && !op.docs,
		    __atomic_load_n(&saw_analysis_line, __ATOMIC_RELAXED));
	if (status == 0) {
		txf_buf b = { 0 };
		if (names_file != NULL) {
			cli_xmem(txf_vecnames_format(seen, vocab,
			    op.fo.one_based ? 1 : 0, &b));
			side_write(names_file, op.names, &b);
		}
		if (ids_file != NULL)
			cli_side_close(ids_file, op.ids);
		if (map_file != NULL) {
			b.n = 0;
			cli_xmem(txf_labelmap_format(op.lc.map, &b));
			side_write(map_file, op.label_map, &b);
		}
		txf_buf_free(&b);
	}
	status = cli_out_close(status ? EXIT_DATA : 0);
	if (op.names != NULL && status == 0)
		cli_side_commit(op.names);
	if (op.ids != NULL && status == 0)
		cli_side_commit(op.ids);
	if (op.lc.build && status == 0)
		cli_side_commit(op.label_map);
	txf_labelmap_free(op.lc.map);
	txf_vectorizer_free(main_vz);
	txf_analyzer_free(op.z);
	txf_analysis_free(op.model);
	free(op.model_text);
	cli_anopts_free(&op.ao);
	txf_vocab_free(vocab);
	txf_vecnames_free(seen);
	return status;
}
