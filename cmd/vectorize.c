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
	size_t label_col;         /* 0: none */
	size_t qid_col;
	const char *names;
	const char *label_map;    /* --label-map */
	txf_labelmap *map;
	int map_built;            /* the map is being built by this run */
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
static txf_count *seen;
static txf_toklist seen_toks;

/* Column n (>= 3) of a record, from its extra columns; 0 if missing. */
static int
column(txf_str extra, size_t n, txf_str *out)
{
	const char *p = extra.p, *end;

	if (p == NULL)          /* no extra columns (NULL + 0 is undefined) */
		return 0;
	end = p + extra.n;
	for (size_t k = 3; k < n; k++) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		if (t == NULL)
			return 0;
		p = t + 1;
	}
	const char *t = memchr(p, '\t', (size_t)(end - p));
	out->p = p;
	out->n = (size_t)((t ? t : end) - p);
	return 1;
}

/* A number as svmlight readers take it: [+-]digits[.digits][e[+-]digits]
 * or with the digits after the point only. */
static int
is_number(txf_str s)
{
	size_t i = 0, d = 0;

	if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
		i++;
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
		i++, d++;
	if (i < s.n && s.p[i] == '.') {
		i++;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
			i++, d++;
	}
	if (d == 0)
		return 0;
	if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
		i++;
		if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
			i++;
		if (i == s.n || s.p[i] < '0' || s.p[i] > '9')
			return 0;
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
			i++;
	}
	return i == s.n;
}

static int
is_digits(txf_str s)
{
	if (s.n == 0)
		return 0;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

/* A label or qid that cannot be read: an error under --invalid=error
 * and replace (it is never turned into a valid-looking value), skipped
 * and counted under skip.  Returns as cli_line_bad(). */
static int
label_bad(cli_line_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
label_bad(cli_line_ctx *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	enum cli_invalid inv = c->invalid;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (inv == CLI_INVALID_REPLACE)
		c->invalid = CLI_INVALID_ERROR;
	int s = cli_line_bad(c, "%s%s", msg, inv == CLI_INVALID_REPLACE ?
	    " (a label or qid is never replaced; --invalid=skip drops the line)" :
	    "");
	c->invalid = inv;
	return s;
}

/* Whether field f is a label for this format: NULL, or why not.  With a
 * label map, st->lab receives the integers of its comma-separated
 * labels. */
static const char *
label_check(const struct opts *op, struct state *st, txf_str f)
{
	if (op->map != NULL) {
		txf_str l;
		size_t n = txf_labels_split(f, &l, 0);
		const char *p = f.p, *end = f.p + f.n;
		if (n == 0)
			return " (empty)";
		st->lab.n = 0;
		for (size_t k = 0; k < n; k++) {
			const char *e = memchr(p, ',', (size_t)(end - p));
			int64_t v;
			char num[TXF_NUM_MAX + 1];
			size_t m = 0;
			if (e == NULL)
				e = end;
			if (!txf_label_ok(p, (size_t)(e - p)))
				return " (a label has no space and is not "
				    "empty)";
			if (op->map_built) {
				int rc = txf_labelmap_add(op->map, p,
				    (size_t)(e - p), &v);
				if (rc < 0)
					cli_die("--label-map: %s",
					    txf_errmsg(rc));
			} else if (!txf_labelmap_get(op->map, p,
			    (size_t)(e - p), &v)) {
				return " (not in the label map)";
			}
			if (k > 0)
				num[m++] = ',';
			if (v < 0)
				num[m++] = '-';
			m += txf_fmt_u64(v < 0 ? (uint64_t)0 - (uint64_t)v :
			    (uint64_t)v, num + m);
			if (txf_buf_add(&st->lab, num, m) < 0)
				cli_die("out of memory");
			p = e + 1;
		}
		return NULL;
	}
	switch (op->fo.format) {
	case TXF_VEC_SVMLIGHT:
		return is_number(f) ? NULL : "";
	case TXF_VEC_FASTTEXT:
		/* Labels with no space, several separated by commas; an
		 * empty field is a document without labels. */
		if (memchr(f.p, ' ', f.n) != NULL)
			return " (a fastText label has no space)";
		return NULL;
	default:
		return f.n == 0 || memchr(f.p, '|', f.n) != NULL ? "" : NULL;
	}
}

/* The label and qid of a record into row, each problem under --invalid;
 * returns as row_fields(). */
static int
label_and_qid(const struct opts *op, struct state *st, cli_line_ctx *c,
              txf_str extra, txf_vecrow *row)
{
	int s;

	row->label.p = row->qid.p = NULL;
	row->label.n = row->qid.n = 0;
	if (op->label_col > 0) {
		txf_str f;
		const char *why;
		if (!column(extra, op->label_col, &f))
			s = label_bad(c, "missing label column %zu",
			    op->label_col);
		else if ((why = label_check(op, st, f)) != NULL)
			s = label_bad(c, "bad label '%.*s' in column %zu%s",
			    (int)(f.n > 40 ? 40 : f.n), f.p, op->label_col,
			    why);
		else {
			row->label = op->map ? (txf_str){ st->lab.p,
			    st->lab.n } : f;
			s = 0;
		}
		if (s != 0)
			return s > 0 ? 0 : -1;
	}
	if (op->qid_col > 0) {
		txf_str f;
		if (!column(extra, op->qid_col, &f))
			s = label_bad(c, "missing qid column %zu",
			    op->qid_col);
		else if (!is_digits(f))
			s = label_bad(c, "bad qid '%.*s' in column %zu "
			    "(not a non-negative integer)",
			    (int)(f.n > 40 ? 40 : f.n), f.p, op->qid_col);
		else {
			row->qid = f;
			return 1;
		}
		return s > 0 ? 0 : -1;
	}
	return 1;
}

/*
 * The label and qid of a record into row.  Returns 1 to write the record,
 * 0 to skip it, -1 after an error.
 */
static int
row_fields(const struct opts *op, struct state *st, cli_line_ctx *c,
           txf_str extra, txf_vecrow *row)
{
	uint64_t bad = c->bad;
	int s = label_and_qid(op, st, c, extra, row);

	/* A line repaired twice (label and qid) counts once. */
	if (c->bad > bad + 1)
		c->bad = bad + 1;
	return s;
}

/* Remember the terms of a document and their hash index (--names). */
static void
see_terms(const struct opts *op, txf_str field)
{
	if (txf_toklist_split(&seen_toks, field.p, field.n) < 0)
		cli_die("out of memory");
	for (size_t k = 0; k < seen_toks.n; k++) {
		size_t i;
		int sign, rc = txf_count_add(seen, seen_toks.v[k].p,
		    seen_toks.v[k].n, &i);
		if (rc < 0)
			cli_die("--names: %s", txf_errmsg(rc));
		if (rc > 0)
			txf_count_vals(seen, i)[0] = txf_vec_hash(
			    seen_toks.v[k].p, seen_toks.v[k].n,
			    op->vo.hash_n, &sign);
	}
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
	txf_vecrow row;
	txf_vec v;
	if (!op->docs && cli_is_analysis_line(line.p, line.n)) {
		__atomic_store_n(&saw_analysis_line, 1, __ATOMIC_RELAXED);
		if (op->model != NULL)
			cli_tokens_vs_model(c->name, c->lineno, line.p, line.n,
			    op->model, op->model_text, op->vocab_path);
		return 0;
	}
	size_t nf = txf_fields(line, f, 3);

	if (nf < 2) {
		int s = op->label_col > 0 || op->qid_col > 0 ?
		    label_bad(c, "missing tokens column 2") :
		    cli_line_bad(c, "missing tokens column 2");
		if (s != 0)
			return s < 0 ? -1 : 0;
		/* Repaired: an empty document with the default label (and
		 * qid 0), the line counted once. */
		row.label.p = NULL;
		row.label.n = 0;
		row.qid.p = op->qid_col > 0 ? "0" : NULL;
		row.qid.n = op->qid_col > 0;
	} else {
		tokens = f[1];
		if (nf == 3)
			extra = f[2];
		int w = row_fields(op, st, c, extra, &row);
		if (w <= 0)
			return w;
	}
	row.id = f[0];
	row.tokens = tokens;
	int e;
	if (op->fo.format == TXF_VEC_FASTTEXT) {
		v.n = v.tokens = v.dropped = 0;
		e = 0;
	} else if (op->docs) {
		/* the text, analysed as the model's tokens were */
		txf_tokens toks;
		if (memchr(tokens.p, '\\', tokens.n) != NULL) {
			st->text.n = 0;
			if (txf_unescape(tokens.p, tokens.n, &st->text) < 0)
				cli_die("out of memory");
			tokens.p = st->text.p;
			tokens.n = st->text.n;
		}
		e = txf_analyze(st->z, tokens.p, tokens.n, &toks);
		if (e >= 0)
			e = txf_vectorize(st->vz, toks.v, toks.n, &v);
		if (e >= 0 && seen != NULL) {
			/* see_terms() takes a tokens field */
			st->text.n = 0;
			for (size_t i = 0; i < toks.n; i++)
				if ((i > 0 && txf_buf_add(&st->text, " ", 1) <
				    0) || txf_escape(toks.v[i].p, toks.v[i].n,
				    &st->text) < 0)
					cli_die("out of memory");
			tokens.p = st->text.p ? st->text.p : "";
			tokens.n = st->text.n;
		}
	} else
		e = txf_vectorize_field(st->vz, tokens.p, tokens.n, &v);
	if (e < 0)
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    txf_errmsg(e));
	st->tokens += v.tokens;
	st->dropped += v.dropped;
	if (seen != NULL)
		see_terms(op, tokens);
	emit(st, &row, &v);
	if (ids_file != NULL) {
		fwrite(row.id.p, 1, row.id.n, ids_file);
		putc('\n', ids_file);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* --names                                                             */

static FILE *names_file;          /* the --names file, being written */

static void
names_line(txf_buf *b, uint64_t index, txf_str term)
{
	char num[TXF_NUM_MAX];
	size_t k = txf_fmt_u64(index, num);

	if (txf_buf_add(b, num, k) < 0 || txf_buf_add(b, "\t", 1) < 0 ||
	    txf_escape(term.p, term.n, b) < 0 || txf_buf_add(b, "\n", 1) < 0)
		cli_die("out of memory");
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Create the --names file (a temporary file beside its path, as -o
 * does), so that a path that cannot be written stops the run before any
 * work. */
static void
names_open(const char *path)
{
	names_file = cli_side_open(path);
}

/* Write the names into the temporary file; cli_side_commit() renames
 * it. */
static void
names_write(const struct opts *op, const txf_vocab *vocab)
{
	uint64_t base = op->fo.one_based ? 1 : 0;
	txf_buf b = { 0 };
	FILE *f = names_file;

	if (vocab != NULL) {
		size_t n = txf_vocab_size(vocab);
		for (size_t i = 0; i < n; i++) {
			names_line(&b, i + base, txf_vocab_term(vocab, i));
			if (b.n >= 65536) {
				fwrite(b.p, 1, b.n, f);
				b.n = 0;
			}
		}
	} else {
		/* By index, then by term bytes: rank the terms, then sort
		 * index << 32 | rank. */
		size_t n = txf_count_size(seen);
		size_t *ord = malloc((n ? n : 1) * sizeof *ord);
		uint64_t *key = malloc((n ? n : 1) * sizeof *key);
		if (ord == NULL || key == NULL || txf_count_sorted(seen,
		    ord) < 0)
			cli_die("out of memory");
		for (size_t r = 0; r < n; r++)
			key[r] = txf_count_vals(seen, ord[r])[0] << 32 |
			    (uint64_t)r;
		qsort(key, n, sizeof *key, cmp_u64);
		for (size_t k = 0; k < n; k++) {
			size_t i = ord[(uint32_t)key[k]];
			names_line(&b, (key[k] >> 32) + base,
			    txf_count_term(seen, i));
			if (b.n >= 65536) {
				fwrite(b.p, 1, b.n, f);
				b.n = 0;
			}
		}
		free(ord);
		free(key);
	}
	fwrite(b.p, 1, b.n, f);
	txf_buf_free(&b);
	if (fflush(f) != 0 || ferror(f)) {
		int e = errno;
		fclose(f);
		cli_die("write error on %s: %s", op->names, strerror(e));
	}
	names_file = NULL;
	if (fclose(f) != 0)
		cli_die("write error on %s: %s", op->names, strerror(errno));
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
			op.label_col = parse_col("--label-col", arg);
			break;
		/* --qid-col */
		case OPT_QID_COL:
			op.qid_col = parse_col("--qid-col", arg);
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
	if (op.label_col > 0 && op.fo.format != TXF_VEC_SVMLIGHT &&
	    op.fo.format != TXF_VEC_VW && !ft)
		cli_usage_error("--label-col applies to svmlight, vw and "
		    "fasttext only");
	if (op.label_map != NULL && op.label_col == 0)
		cli_usage_error("--label-map needs --label-col");
	if (op.label_map != NULL && ft)
		cli_usage_error("--label-map: fastText reads the labels "
		    "themselves");
	if (op.fo.id_comment && op.fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--id-comment applies to svmlight only");
	if (op.qid_col > 0 && op.fo.format != TXF_VEC_SVMLIGHT)
		cli_usage_error("--qid-col applies to svmlight only");
	if (op.qid_col > 0 && op.qid_col == op.label_col)
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
	if (op.label_map != NULL) {
		op.map = cli_labelmap_open(op.label_map);
		if (op.map == NULL) {
			/* Built by this run, in input order: one thread. */
			op.map = cli_xptr(txf_labelmap_new());
			op.map_built = 1;
			op.com.threads = 1;
		}
	}
	if (op.ids != NULL)
		op.com.threads = 1;   /* the ids are written in row order */
	if (op.names != NULL && vocab == NULL) {
		/* One table of the terms seen: one thread. */
		seen = cli_xptr(txf_count_new(1));
		op.com.threads = 1;
	}
	cli_out_open(op.com.output);
	if (op.names != NULL)
		names_open(op.names);
	if (op.ids != NULL)
		ids_file = cli_side_open(op.ids);
	FILE *map_file = op.map_built ? cli_side_open(op.label_map) : NULL;
	cli_lines l = { .fn = vectorize_line, .make_state = make_state,
	    .free_state = free_state, .arg = &op, .threads = op.com.threads,
	    .invalid = op.com.invalid };
	status = cli_run_files(&l, argv + optind, argc - optind);
	/* After a complete run only: with threads, how far the input was
	 * read before an error varies. */
	int skew = vocab != NULL && status == 0 &&
	    2 * total_dropped > total_tokens;
	if (vocab != NULL && total_dropped > 0 && !op.quiet && status == 0 &&
	    !skew)
		cli_warn("%llu of %llu tokens (%.1f%%) not in the vocabulary, "
		    "dropped", (unsigned long long)total_dropped,
		    (unsigned long long)total_tokens,
		    100.0 * (double)total_dropped / (double)total_tokens);
	/* More than half out of the vocabulary: the tokens were most likely
	 * not made as the vocab's were.  Said even under --quiet. */
	if (skew) {
		cli_warn("%s: %llu of %llu tokens (%.1f%%) are NOT in the "
		    "vocabulary: were they made with the analysis of %s?%s",
		    op.strict ? "error" : "WARNING",
		    (unsigned long long)total_dropped,
		    (unsigned long long)total_tokens,
		    100.0 * (double)total_dropped / (double)total_tokens,
		    op.vocab_path, op.strict ? " (--strict)" : "");
		if (op.strict)
			status = EXIT_DATA;
	}
	/* Tokens that cannot be checked against the vocab's analysis. */
	if (op.model != NULL && !op.docs && status == 0 &&
	    !__atomic_load_n(&saw_analysis_line, __ATOMIC_RELAXED)) {
		cli_warn("%s: the tokens have no analysis line, so they cannot "
		    "be checked against the analysis %s records%s",
		    op.strict ? "error" : "warning", op.vocab_path,
		    op.strict ? " (--strict)" : "");
		if (op.strict)
			status = EXIT_DATA;
	}
	if (op.names != NULL && status == 0)
		names_write(&op, vocab);
	if (ids_file != NULL && status == 0)
		cli_side_close(ids_file, op.ids);
	if (map_file != NULL && status == 0)
		cli_labelmap_write(op.map, map_file, op.label_map);
	status = cli_out_close(status ? EXIT_DATA : 0);
	if (op.names != NULL && status == 0)
		cli_side_commit(op.names);
	if (op.ids != NULL && status == 0)
		cli_side_commit(op.ids);
	if (map_file != NULL && status == 0)
		cli_side_commit(op.label_map);
	txf_labelmap_free(op.map);
	txf_vectorizer_free(main_vz);
	txf_analyzer_free(op.z);
	txf_analysis_free(op.model);
	free(op.model_text);
	cli_anopts_free(&op.ao);
	txf_vocab_free(vocab);
	txf_count_free(seen);
	txf_toklist_free(&seen_toks);
	return status;
}
