/* match - query-listing pairs to learning-to-rank features. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "header.h"

enum {
	OPT_FEATURES = CLI_OPT_NEXT,
	OPT_K1,
	OPT_B,
	OPT_PRECISION,
	OPT_LABEL,
	OPT_QID,
	OPT_NAMES,
	OPT_NO_HEADER,
};

enum format { FMT_TSV, FMT_SVMLIGHT };
static const char *const format_list[] = { "tsv", "svmlight", NULL };

static const char *const *
format_names(void)
{
	return format_list;
}

static const cli_opt opts[] = {
	{ .name = "features", .key = OPT_FEATURES, .arg = "LIST",
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
	{ .name = "k1", .key = OPT_K1, .arg = "X",
	  .help = "BM25 term saturation, X >= 0 (default 1.2)" },
	{ .name = "b", .key = OPT_B, .arg = "X",
	  .help = "BM25 length normalization, 0 to 1 (default\n"
	  "  0.75)" },
	{ .name = "precision", .key = OPT_PRECISION, .arg = "N",
	  .help = "significant digits of values, 1 to 17\n"
	  "  (default 9); integers print as integers" },
	CLI_ANALYSIS_OPTS("Analysis of the query and the listing (as in "
	    "tokenize and ngrams;\nwith -V, the vocab's recorded analysis, "
	    "which options may only repeat):"),
	CLI_NGRAM_OPTS(NULL, NULL),
	{ .name = "format", .key = 'F', .values = format_names,
	  .dflt = "tsv",
	  .help = "TSV with a header (default), or svmlight\n"
	  "  lines: label qid:N 1:v1 2:v2 ...",
	  .group = "Output:" },
	{ .name = "label-col", .key = OPT_LABEL, .arg = "N",
	  .aliases = (const char *const[]){ "label", NULL },
	  .help = "svmlight: the label is input column N\n"
	  "  (5 is the first extra column; default:\n"
	  "  every label is 0)" },
	{ .name = "qid-col", .key = OPT_QID, .arg = "N",
	  .aliases = (const char *const[]){ "qid", NULL },
	  .help = "svmlight: the query id is input column N\n"
	  "  (default 1): kept when the first is a\n"
	  "  number, else numbered 1, 2, ... in order\n"
	  "  of first appearance" },
	{ .name = "names", .key = OPT_NAMES, .arg = "FILE",
	  .help = "write the feature names to FILE, one a line" },
	{ .name = "no-header", .key = OPT_NO_HEADER,
	  .help = "TSV without its header line" },
	{ .name = "threads", .key = 'j', .arg = "N",
	  .help = "use N threads (default: processors, at\n"
	  "  most 4; svmlight uses one); the output is\n"
	  "  the same" },
	CLI_COMMON_OPTS,
	CLI_OPT_END
};

static const cli_tool tool = {
	.name = "match", .synopsis = "[OPTION]... [FILE]...",
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

/* The options, and the svmlight qid state (svmlight runs on one thread). */
struct opts {
	cli_anopts ao;              /* the analysis options given */
	txf_analyzer *z;            /* the analysis used */
	const char *vocab_path;
	txf_vocab *vocab;
	txf_matchopts mo;
	int feat[TXF_FEAT_COUNT];   /* the columns, in order */
	size_t nfeat;
	int prec;
	enum format format;
	size_t label_col;           /* 0: none */
	size_t qid_col;
	const char *names_path;
	int no_header;
	cli_common com;

	/* svmlight query ids */
	int qid_numeric;            /* -1 undecided, 0 mapped, 1 numbers */
	txf_count *qids;            /* every qid seen, by first appearance */
	txf_buf prev_qid;           /* the previous line's (key) */
	size_t prev_idx;            /* its entry in qids */
	int have_prev;
	int warned;                 /* non-contiguous qid reported */
};

/* Per-thread state. */
struct state {
	struct opts *op;
	txf_analyzer *z;
	txf_matcher *m;
	txf_str *f;           /* fields of the line */
	size_t maxf;
	txf_buf text;         /* an unescaped text */
	txf_buf last_query;   /* the raw query field of the query set */
	int have_query;
};

static void *
make_state(void *arg)
{
	struct opts *op = arg;
	struct state *st = calloc(1, sizeof *st);
	int err = 0;

	if (st == NULL)
		cli_die("out of memory");
	st->op = op;
	st->maxf = 5;
	if (op->label_col + 1 > st->maxf)
		st->maxf = op->label_col + 1;
	if (op->qid_col + 1 > st->maxf)
		st->maxf = op->qid_col + 1;
	st->f = malloc(st->maxf * sizeof *st->f);
	st->z = txf_analyzer_dup(op->z, &err);
	st->m = txf_matcher_new(&op->mo, &err);
	if (st->f == NULL || st->z == NULL || st->m == NULL)
		cli_die("out of memory");
	return st;
}

static void
free_state(void *p)
{
	struct state *st = p;

	txf_matcher_free(st->m);
	txf_analyzer_free(st->z);
	txf_buf_free(&st->text);
	txf_buf_free(&st->last_query);
	free(st->f);
	free(st);
}

/* Tokenize one text field (unescaped first when it holds a backslash). */
static void
analyse(cli_line_ctx *c, struct state *st, txf_str s, txf_tokens *out)
{
	if (memchr(s.p, '\\', s.n) != NULL) {
		st->text.n = 0;
		if (txf_unescape(s.p, s.n, &st->text) < 0)
			cli_die("out of memory");
		s.p = st->text.p;
		s.n = st->text.n;
	}
	int e = txf_analyze(st->z, s.p, s.n, out);
	if (e < 0)
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    txf_errmsg(e));
}

/* Whether s is a label: a finite decimal number, as strtod reads it
 * whole (trainers read no hexadecimal). */
static int
is_label(txf_str s)
{
	char tmp[64], *end;

	if (s.n == 0 || s.n >= sizeof tmp || s.p[0] == ' ' || s.p[0] == '\t' ||
	    memchr(s.p, 'x', s.n) != NULL || memchr(s.p, 'X', s.n) != NULL)
		return 0;
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	errno = 0;
	double v = strtod(tmp, &end);
	return *end == '\0' && isfinite(v);
}

/* A qid kept as a number: 1 to 18 decimal digits (it fits an int64). */
static int
is_number(txf_str s, uint64_t *v)
{
	uint64_t x = 0;

	if (s.n == 0 || s.n > 18)
		return 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9)
			return 0;
		x = x * 10 + d;
	}
	*v = x;
	return 1;
}

/*
 * The svmlight qid of this line, into num (NUL-terminated).  Returns 1 to
 * write the line, 0 to skip it, -1 after an error.
 */
static int
svm_qid(cli_line_ctx *c, struct opts *op, txf_str q, int have, char *num)
{
	uint64_t v = 0;
	txf_str key = q;
	char kbuf[TXF_NUM_MAX];
	size_t idx;
	int s;

	if (!have) {
		s = cli_line_bad(c, "missing qid column %zu", op->qid_col);
		if (s != 0)
			return s < 0 ? -1 : 0;
		q.p = "";
		q.n = 0;
		key = q;
	}
	int numeric = is_number(q, &v);
	if (op->qid_numeric < 0)
		op->qid_numeric = numeric;
	if (op->qid_numeric && !numeric) {
		if (have) {
			s = cli_line_bad(c, "qid '%.*s' is not a number (the "
			    "first qid was; see --qid)",
			    (int)(q.n > 40 ? 40 : q.n), q.p);
			if (s != 0)
				return s < 0 ? -1 : 0;
		}
		v = 0;   /* replace */
	}
	if (op->qid_numeric) {
		key.p = kbuf;
		key.n = txf_fmt_u64(v, kbuf);
	}
	/* Same group as the line before, a new one, or one seen before. */
	if (op->have_prev && key.n == op->prev_qid.n &&
	    (key.n == 0 || memcmp(key.p, op->prev_qid.p, key.n) == 0)) {
		idx = op->prev_idx;
	} else {
		int rc = txf_count_add(op->qids, key.p, key.n, &idx);
		if (rc < 0)
			cli_die("%s", rc == TXF_ENOMEM ? "out of memory" :
			    "too many query ids");
		if (rc == 0 && !op->warned) {
			cli_warn("%s:%llu: the rows of qid '%.*s' are not "
			    "contiguous; lambdarank needs each query's rows "
			    "together (sort the pairs by qid)", c->name,
			    (unsigned long long)c->lineno,
			    (int)(q.n > 40 ? 40 : q.n), q.p);
			op->warned = 1;
		}
		op->prev_qid.n = 0;
		if (txf_buf_add(&op->prev_qid, key.p, key.n) < 0)
			cli_die("out of memory");
		op->have_prev = 1;
		op->prev_idx = idx;
	}
	if (op->qid_numeric)
		memcpy(num, kbuf, key.n + 1);
	else
		txf_fmt_u64((uint64_t)idx + 1, num);
	return 1;
}

/* Write value i of the line into o (room for 2 * TXF_NUM_MAX + 2
 * bytes), after its separator: TAB, or in svmlight " N:". */
static inline char *
put_value(const struct opts *op, const double *val, size_t i, char *o)
{
	if (op->format == FMT_SVMLIGHT) {
		*o++ = ' ';
		if (i < 9)
			*o++ = (char)('1' + i);
		else
			o += txf_fmt_u64(i + 1, o);
		*o++ = ':';
	} else {
		*o++ = '\t';
	}
	/* The small integers most values are, without the formatter. */
	double v = val[op->feat[i]];
	if (v >= 0 && v < 10 && v == (double)(int)v) {
		*o++ = (char)('0' + (int)v);
		return o;
	}
	return o + txf_fmt_num(v, op->prec, o);
}

/* One pair. */
static int
match_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	struct opts *op = st->op;
	txf_str *f = st->f, none = { "", 0 };
	size_t nf = txf_fields(line, f, st->maxf);
	double val[TXF_FEAT_COUNT];
	txf_tokens toks;
	int e;

	if (nf < 4) {
		int s = cli_line_bad(c, "expected 4 columns (qid, query, lid, "
		    "listing), found %zu", nf);
		if (s != 0)
			return s < 0 ? -1 : 0;
		for (size_t i = nf; i < 4; i++)   /* replace: empty */
			f[i] = none;
		nf = 4;
	}
	/* The extra columns: from column 5 to the end of the line. */
	txf_str extra = { NULL, 0 };
	if (nf > 4) {
		extra.p = f[4].p;
		extra.n = (size_t)(line.p + line.n - f[4].p);
	}

	/* svmlight: the label and the qid, before any work. */
	txf_str label = { "0", 1 };
	char qnum[TXF_NUM_MAX];
	if (op->format == FMT_SVMLIGHT) {
		if (op->label_col > 0) {
			int have = op->label_col <= nf;
			txf_str l = have ? f[op->label_col - 1] : none;
			if (have && is_label(l)) {
				label = l;
			} else {
				int s = have ? cli_line_bad(c, "label '%.*s' "
				    "is not a number", (int)(l.n > 40 ? 40 :
				    l.n), l.p) : cli_line_bad(c, "missing "
				    "label column %zu", op->label_col);
				if (s != 0)
					return s < 0 ? -1 : 0;
			}
		}
		int have = op->qid_col <= nf;
		int s = svm_qid(c, op, have ? f[op->qid_col - 1] : none, have,
		    qnum);
		if (s <= 0)
			return s;
	}

	/* The query, unless it is the one set already. */
	if (!st->have_query || f[1].n != st->last_query.n ||
	    (f[1].n > 0 && memcmp(f[1].p, st->last_query.p, f[1].n) != 0)) {
		st->have_query = 0;
		analyse(c, st, f[1], &toks);
		if ((e = txf_match_query(st->m, toks.v, toks.n)) < 0)
			goto fail;
		st->last_query.n = 0;
		if (txf_buf_add(&st->last_query, f[1].p, f[1].n) < 0)
			cli_die("out of memory");
		st->have_query = 1;
	}
	analyse(c, st, f[3], &toks);
	if ((e = txf_match_listing(st->m, toks.v, toks.n, val)) < 0)
		goto fail;

	/* The line, straight into the output buffer when it fits. */
	size_t vals = op->nfeat * (2 * TXF_NUM_MAX + 2);
	txf_str head[3] = { label, { " qid:", 5 }, { qnum, 0 } };
	size_t nhead = 3;
	if (op->format == FMT_SVMLIGHT) {
		head[2].n = strlen(qnum);
	} else {
		head[0] = f[0];
		head[1].p = "\t";
		head[1].n = 1;
		head[2] = f[2];
	}
	int tail = op->format == FMT_TSV && extra.p != NULL;
	size_t need = head[0].n + head[1].n + head[2].n + vals +
	    (tail ? extra.n + 1 : 0) + 1;
	if (cli_out_room(need)) {
		char *o = cli_obuf + cli_on;
		for (size_t i = 0; i < nhead; i++) {
			memcpy(o, head[i].p, head[i].n);
			o += head[i].n;
		}
		for (size_t i = 0; i < op->nfeat; i++)
			o = put_value(op, val, i, o);
		if (tail) {
			*o++ = '\t';
			memcpy(o, extra.p, extra.n);
			o += extra.n;
		}
		*o++ = '\n';
		cli_on = (size_t)(o - cli_obuf);
		return 0;
	}
	/* Longer than the buffer: piece by piece. */
	for (size_t i = 0; i < nhead; i++)
		cli_out(head[i].p, head[i].n);
	for (size_t i = 0; i < op->nfeat; i++) {
		char tmp[2 * TXF_NUM_MAX + 2];
		cli_out(tmp, (size_t)(put_value(op, val, i, tmp) - tmp));
	}
	if (tail) {
		cli_outc('\t');
		cli_out(extra.p, extra.n);
	}
	cli_outc('\n');
	return 0;
fail:
	cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
	    e == TXF_ERANGE ? "text too large" : txf_errmsg(e));
}

/* --features=LIST */
static void
parse_features(struct opts *op, const char *arg)
{
	uint32_t seen = 0;
	const char *p = arg;

	op->nfeat = 0;
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
		seen |= TXF_FEAT_BIT(f);
		op->feat[op->nfeat++] = f;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	op->mo.feats = seen;
}

static void
load_vocab(struct opts *op)
{
	char msg[256] = "";
	uint64_t line = 0;
	int err = 0;

	op->vocab = txf_vocab_load(op->vocab_path, &err, msg, sizeof msg,
	    &line);
	if (op->vocab != NULL)
		return;
	if (err == TXF_ENOMEM)
		cli_die("out of memory");
	if (err == TXF_EIO)
		cli_die("%s: %s", op->vocab_path, strerror(errno));
	cli_warn_at(op->vocab_path, line, "%s", msg[0] ? msg :
	    txf_errmsg(err));
	exit(EXIT_DATA);
}

/* The names file, written as vectorize --names is: through a temporary
 * file that cli_side_commit() renames (or in place for a FIFO or a
 * device), after the run, so that both tools open it at the same point. */
static void
write_names(const struct opts *op)
{
	FILE *fp = cli_side_open(op->names_path);

	for (size_t i = 0; i < op->nfeat; i++)
		fprintf(fp, "%s\n", txf_feat_name((enum txf_feat)op->feat[i]));
	if (fflush(fp) != 0 || ferror(fp)) {
		int e = errno;
		fclose(fp);
		cli_die("write error on %s: %s", op->names_path, strerror(e));
	}
	if (fclose(fp) != 0)
		cli_die("write error on %s: %s", op->names_path,
		    strerror(errno));
}

int
main(int argc, char **argv)
{
	struct opts op = { .prec = 9, .qid_col = 1, .qid_numeric = -1 };
	const char *features = NULL, *arg;
	int c, status, k1_set = 0, b_set = 0;
	double k1 = 1.2, b = 0.75;

	cli_init("match");
	cli_common_init(&op.com);
	cli_anopts_init(&op.ao);
	while ((c = cli_getopt(&tool, argc, argv, &op.com, &arg)) != -1) {
		if (cli_anopts_option(&op.ao, c, arg))
			continue;
		switch (c) {
		/* --vocab */
		case 'V':
			if (strcmp(arg, "-") == 0)
				cli_usage_error("--vocab: the vocab must be a "
				    "file, not standard input");
			op.vocab_path = arg;
			break;
		/* --features */
		case OPT_FEATURES:
			features = arg;
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
		/* --precision */
		case OPT_PRECISION:
			op.prec = (int)cli_parse_size("--precision", arg, 1,
			    17);
			break;
		/* --format */
		case 'F':
			op.format = (enum format)cli_parse_choice("--format",
			    arg, format_list);
			break;
		/* --label */
		case OPT_LABEL:
			op.label_col = cli_parse_size("--label", arg, 1,
			    1000000);
			break;
		/* --qid */
		case OPT_QID:
			op.qid_col = cli_parse_size("--qid", arg, 1,
			    1000000);
			break;
		/* --names */
		case OPT_NAMES:
			op.names_path = arg;
			break;
		/* --no-header */
		case OPT_NO_HEADER:
			op.no_header = 1;
			break;
		}
	}
	if (op.format != FMT_SVMLIGHT && (op.label_col > 0 || op.qid_col != 1))
		cli_usage_error("--%s needs -F svmlight", op.label_col > 0 ?
		    "label" : "qid");
	if (features != NULL) {
		parse_features(&op, features);
		for (size_t i = 0; i < op.nfeat; i++)
			if ((op.feat[i] == TXF_FEAT_COSINE ||
			    op.feat[i] == TXF_FEAT_BM25) &&
			    op.vocab_path == NULL)
				cli_usage_error("--features: %s needs a vocab "
				    "(-V FILE)",
				    txf_feat_name((enum txf_feat)op.feat[i]));
	}
	if ((k1_set || b_set) && op.vocab_path == NULL)
		cli_usage_error("--%s: bm25 needs a vocab (-V FILE)",
		    k1_set ? "k1" : "b");
	if (op.vocab_path != NULL)
		load_vocab(&op);
	{
		/* With a vocab that records its analysis, that analysis
		 * (options may only repeat it); else the options'. */
		txf_analysis *model = op.vocab ? cli_vocab_analysis(op.vocab,
		    op.vocab_path) : NULL, *a;
		int err = 0;
		char msg[300];
		if (model != NULL) {
			cli_anopts_check(&op.ao, model, op.vocab_path);
			a = model;
		} else
			a = cli_anopts_build(&op.ao);
		op.z = txf_analyzer_new(a, NULL, &err, msg, sizeof msg);
		if (op.z == NULL)
			cli_die("%s", msg);
		txf_analysis_free(a);
	}
	uint32_t avail = txf_feat_available(op.vocab);
	if (features == NULL) {
		for (int f = 0; f < TXF_FEAT_COUNT; f++)
			if (avail & TXF_FEAT_BIT(f))
				op.feat[op.nfeat++] = f;
		op.mo.feats = avail;
	} else if (op.mo.feats & ~avail) {
		cli_warn("%s: cosine needs a vocab with an idf column (its "
		    "#idf is none)", op.vocab_path);
		exit(EXIT_DATA);
	}
	op.mo.vocab = op.vocab;
	op.mo.k1 = k1;
	op.mo.b = b;
	if (op.format == FMT_SVMLIGHT) {
		op.com.threads = 1;   /* qids are numbered in input order */
		op.qids = cli_xptr(txf_count_new(1));
	}
	cli_out_open(op.com.output);
	if (op.format == FMT_TSV && !op.no_header) {
		cli_out("#qid\tlid", 8);
		for (size_t i = 0; i < op.nfeat; i++) {
			const char *name = txf_feat_name(
			    (enum txf_feat)op.feat[i]);
			cli_outc('\t');
			cli_out(name, strlen(name));
		}
		cli_outc('\n');
	}
	cli_lines l = { .fn = match_line, .make_state = make_state,
	    .free_state = free_state, .arg = &op, .threads = op.com.threads,
	    .invalid = op.com.invalid };
	status = cli_run_files(&l, argv + optind, argc - optind);
	if (op.names_path != NULL && status == 0)
		write_names(&op);
	status = cli_out_close(status ? EXIT_DATA : 0);
	if (op.names_path != NULL && status == 0)
		cli_side_commit(op.names_path);
	cli_anopts_free(&op.ao);
	txf_analyzer_free(op.z);
	txf_vocab_free(op.vocab);
	txf_count_free(op.qids);
	txf_buf_free(&op.prev_qid);
	return status;
}
