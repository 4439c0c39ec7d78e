/* vocab - tokens to vocab: document and collection frequencies of terms,
 * pruning and idf; merges vocabs built on shards; bounded memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "batch.h"
#include "cli.h"
#include "header.h"

enum {
	OPT_IDF = CLI_OPT_NEXT,
	OPT_MIN_DF,
	OPT_MAX_DF,
	OPT_MAX_FEATURES,
	OPT_TOP,
	OPT_BY,
	OPT_MERGE,
	OPT_ANALYSIS,
	OPT_VERBOSE,
	OPT_DOCS,
};

static const char *const by_list[] = { "df", "cf", NULL };

static const char *const *
by_names(void)
{
	return by_list;
}

static const cli_opt opts[] = {
	{ .name = "docs", .key = OPT_DOCS,
	  .help = "read docs (id TAB text [TAB extra]...) and\n"
	  "  analyse them as tokenize | ngrams would,\n"
	  "  with their options (below); the vocab is\n"
	  "  the pipeline's, byte for byte",
	  .group = "Fitting in one process:" },
	CLI_ANALYSIS_OPTS(NULL),
	CLI_NGRAM_OPTS(NULL, NULL),
	{ .name = "min-df", .key = OPT_MIN_DF, .arg = "N|P",
	  .help = "drop terms in fewer documents",
	  .group = "Pruning, as scikit-learn's CountVectorizer (digits alone "
	  "are a number of\ndocuments; with a decimal point, a proportion of "
	  "them):" },
	{ .name = "max-df", .key = OPT_MAX_DF, .arg = "N|P",
	  .help = "drop terms in more documents" },
	{ .name = "max-features", .key = OPT_MAX_FEATURES, .arg = "K",
	  .help = "then keep the K terms of highest cf; ties go\n"
	  "  to the term first in byte order" },
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
	{ .name = "by", .key = OPT_BY, .values = by_names,
	  .dflt = "df",
	  .help = "rank --top by df (default) or cf" },
	{ .name = "merge", .key = OPT_MERGE,
	  .help = "the FILEs are unpruned vocabs built on shards:\n"
	  "  write the vocab one run over all their\n"
	  "  input would give",
	  .group = "Merging and memory:" },
	{ .name = "memory", .key = 'S', .arg = "SIZE",
	  .help = "keep the counts within SIZE, spilling sorted\n"
	  "  runs to temporary files: bytes with a suffix\n"
	  "  b, K, M, G, T or % of memory; K without one\n"
	  "  (default 256M); the output is the same" },
	{ .name = "temporary-directory", .key = 'T', .arg = "DIR",
	  .help = "put them in DIR (default $TMPDIR or /tmp)" },
	{ .name = "threads", .key = 'j', .arg = "N",
	  .help = "count with N threads, each in SIZE/N\n"
	  "  (default: processors, at most 4)" },
	{ .name = "verbose", .key = OPT_VERBOSE,
	  .help = "report counts and spilled runs on stderr" },
	CLI_COMMON_OPTS_GROUP("Input and output:"),
	CLI_OPT_END
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

#define DEFAULT_MEMORY ((size_t)256 << 20)

struct opts {
	txf_prune_opts prune;
	enum txf_idf idf;
	size_t top;            /* 0: none */
	int by_cf;
	int merge;
	txf_analysis *analysis;  /* --analysis; NULL: not given */
	int docs;                /* --docs */
	cli_anopts ao;           /* its analysis options */
	txf_analyzer *z;         /* and the analyzer they make */
	size_t memory;
	const char *tmpdir;    /* NULL: $TMPDIR or /tmp */
	int verbose;
	cli_common com;
};

/* ------------------------------------------------------------------ */
/* Option values                                                       */

/* SIZE as sort(1) -S takes it. */
static size_t
parse_memory(const char *arg)
{
	char *end;
	unsigned long long v;
	double mult = 1024;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		cli_usage_error("invalid value for --memory: '%s'", arg);
	v = strtoull(arg, &end, 10);
	if (end[0] != '\0' && end[1] != '\0')
		cli_usage_error("invalid value for --memory: '%s'", arg);
	switch (end[0]) {
	case '\0':
	case 'k': case 'K': mult = 1024.0; break;
	case 'b':           mult = 1; break;
	case 'm': case 'M': mult = 1024.0 * 1024; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; break;
	case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; break;
	case 'P': mult = 1024.0 * 1024 * 1024 * 1024 * 1024; break;
	case 'E': mult = 1024.0 * 1024 * 1024 * 1024 * 1024 * 1024; break;
	case '%': {
		long pages = sysconf(_SC_PHYS_PAGES);
		long psize = sysconf(_SC_PAGESIZE);
		if (pages <= 0 || psize <= 0)
			cli_usage_error("--memory: the size of memory is "
			    "unknown; give a size: '%s'", arg);
		if (v > 100)
			cli_usage_error("value for --memory out of range: "
			    "'%s'", arg);
		mult = (double)pages * (double)psize / 100;
		break;
	}
	default:
		cli_usage_error("invalid value for --memory: '%s'", arg);
	}
	double bytes = (double)v * mult;
	if (errno == ERANGE || bytes >= (double)SIZE_MAX)
		return SIZE_MAX;
	if (bytes < 1)
		cli_usage_error("value for --memory out of range: '%s'", arg);
	return (size_t)bytes;
}

static void
parse_bound(const char *opt, const char *arg, txf_df_bound *b)
{
	int rc = txf_df_bound_parse(arg, b);

	if (rc == TXF_ERANGE)
		cli_usage_error("value for %s out of range: '%s' (a count of "
		    "at least 1, or a proportion from 0.0 to 1.0)", opt, arg);
	if (rc < 0)
		cli_usage_error("invalid value for %s: '%s' (a count such as "
		    "2, or a proportion such as 0.5)", opt, arg);
}

/* ------------------------------------------------------------------ */
/* Counting                                                            */

static void
die_code(int rc, const char *what)
{
	if (rc == TXF_ENOMEM)
		cli_die("out of memory");
	if (rc == TXF_EIO)
		cli_die("%s: %s", what, strerror(errno));
	cli_die("%s: %s", what, txf_errmsg(rc));
}

/* The message for a failed spill. */
static void
die_spill(const struct opts *op, int rc)
{
	if (rc == TXF_EIO)
		cli_die("cannot write a temporary file in %s: %s",
		    txf_tmpdir(op->tmpdir), strerror(errno));
	die_code(rc, "counting");
}

/* The analysis lines of the tokens read; the first file read without
 * one (NULL: none). */
static cli_hdr tok_hdr;
static const char *bare_file;

/* The description of a as a NUL-terminated string (malloc'd). */
static char *
spell(const txf_analysis *a)
{
	txf_buf b = { 0 };

	if (txf_analysis_write(a, &b) < 0 || txf_buf_add(&b, "", 1) < 0)
		cli_die("out of memory");
	return b.p;
}

/* The analysis to record: the tokens' (all files must have the same) or
 * --analysis, which must not contradict them.  NULL: none known. */
static char *
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
		return spell(tok_hdr.a);
	if (op->analysis != NULL)
		return spell(op->analysis);
	return NULL;
}

/* Counting: one thread reads (the counter has threads of its own). */
struct counting {
	const struct opts *op;
	txf_dfcount *c;
	const char *file;       /* the file of the last line */
	txf_buf text;           /* an unescaped text (--docs) */
};

/* Count one document. */
static int
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
	if ((rc = txf_dfcount_add_field(k->c, rec.tokens.p,
	    rec.tokens.n)) < 0) {
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

/* Analyse and count one doc (--docs). */
static int
count_doc_line(cli_line_ctx *c, txf_str line)
{
	struct counting *k = c->state;
	txf_str f[3], t = { "", 0 };
	size_t nf = txf_fields(line, f, 3);
	int rc;

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
	if ((rc = txf_dfcount_add_text(k->c, t.p, t.n)) < 0) {
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

static void *
counting_state(void *arg)
{
	return arg;
}

/* The first file without an analysis line. */
static void
on_file(void *arg, const char *name, uint64_t hdr_lines, int failed)
{
	if (hdr_lines == 0 && bare_file == NULL && !failed)
		bare_file = name;
}

/* ------------------------------------------------------------------ */
/* Merging vocab files                                                 */

struct shards {
	int n;
	int *fd;
	txf_vocab_reader **r;
	const char **name;
};

static txf_analysis *merge_first;   /* shard 0's analysis */
static char *merge_text;            /* its spelling */

/* Shard i's #analysis must be the first shard's (and --analysis's):
 * vocabs of different analyses do not merge. */
static void
check_shard(const struct opts *op, const struct shards *sh, int i,
            const char *text, txf_vocab_header *h)
{
	static int first_none;        /* shard 0 recorded none */
	txf_analysis *first = merge_first ? merge_first : op->analysis;
	txf_analysis *a = NULL;

	if (text[0] != '\0') {
		char what[400];
		snprintf(what, sizeof what, "%s: #analysis", sh->name[i]);
		a = cli_hdr_parse(what, text, strlen(text));
	}
	if (i == 0 && op->analysis == NULL) {
		merge_first = a;
		first_none = a == NULL;
		if (a != NULL)
			h->analysis = merge_text = spell(a);
		else
			h->analysis = (char *)"";
		return;
	}
	const char *other = op->analysis ? "--analysis" : sh->name[0];
	if (a == NULL && (first != NULL || first_none == 0))
		cli_die("%s: a vocab without a recorded analysis; %s has one: "
		    "vocabs of different analyses do not merge",
		    sh->name[i], other);
	if (a != NULL && first == NULL) {
		txf_analysis_free(a);
		cli_die("%s: a vocab with a recorded analysis; %s has none: "
		    "vocabs of different analyses do not merge",
		    sh->name[i], other);
	}
	if (a != NULL) {
		char *d = cli_hdr_diff(a, first);
		if (d != NULL) {
			char *sa = spell(a);
			/* LeakSanitizer: nothing held but the message */
			if (a != first)
				txf_analysis_free(a);
			cli_die("%s: its analysis differs from %s's, first at "
			    "%s: vocabs of different analyses do not merge\n"
			    "  %s: %s\n  %s: %s", sh->name[i], other, d,
			    sh->name[i], sa, other, spell(first));
		}
		if (a != first)
			txf_analysis_free(a);
	}
}

static void
open_shards(const struct opts *op, int argc, char **argv, struct shards *sh,
            txf_vocab_header *h, txf_merge *m)
{
	int nfiles = argc > 0 ? argc : 1, stdin_used = 0;

	sh->fd = calloc((size_t)nfiles, sizeof *sh->fd);
	sh->r = calloc((size_t)nfiles, sizeof *sh->r);
	sh->name = calloc((size_t)nfiles, sizeof *sh->name);
	if (sh->fd == NULL || sh->r == NULL || sh->name == NULL)
		cli_die("out of memory");
	for (int i = 0; i < nfiles; i++) {
		const char *path = argc > 0 ? argv[i] : "-";
		txf_error err;
		int fd;

		if (strcmp(path, "-") == 0) {
			if (stdin_used++)
				cli_usage_error("--merge: standard input named "
				    "twice");
			sh->name[i] = "stdin";
			fd = STDIN_FILENO;
		} else {
			sh->name[i] = path;
			fd = open(path, O_RDONLY);
			if (fd < 0)
				cli_die("%s: %s", path, strerror(errno));
		}
		sh->fd[i] = fd;
		sh->n = i + 1;
		sh->r[i] = txf_vocab_open(fd, &err);
		if (sh->r[i] == NULL)
			cli_die_err(sh->name[i], &err);
		const txf_vocab_header *sh_h = txf_vocab_reader_header(sh->r[i]);
		if (strcmp(sh_h->pruning, "none") != 0)
			cli_die("%s: a pruned vocab (#pruning %s): merge "
			    "vocabs built without --min-df, --max-df and "
			    "--max-features", sh->name[i], sh_h->pruning);
		check_shard(op, sh, i, sh_h->analysis, h);
		if (sh_h->docs > UINT64_MAX - h->docs ||
		    sh_h->tokens > UINT64_MAX - h->tokens)
			cli_die("%s: more than 2^64 - 1 documents or tokens",
			    sh->name[i]);
		h->docs += sh_h->docs;
		h->tokens += sh_h->tokens;
		if (txf_merge_add_vocab(m, sh->r[i]) < 0)
			cli_die("out of memory");
	}
}

static void
close_shards(struct shards *sh)
{
	for (int i = 0; i < sh->n; i++) {
		txf_vocab_close(sh->r[i]);
		if (sh->fd[i] != STDIN_FILENO)
			close(sh->fd[i]);
	}
	free(sh->fd);
	free(sh->r);
	free(sh->name);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

/* Display width of valid UTF-8 s[0..n) on a terminal. */
static size_t
text_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;

	while (i < n) {
		int32_t cp;
		size_t bad;
		int k = txf_utf8_decode(s + i, n - i, &cp, &bad);
		i += k > 0 ? (size_t)k : bad;
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

/* Write s[0..n) in at most w columns, padded with spaces to w: returns
 * nothing; a term that does not fit ends with an ellipsis. */
static void
out_cells(const char *s, size_t n, size_t w)
{
	size_t used = 0, i = 0, full = text_width(s, n);

	while (i < n) {
		int32_t cp;
		size_t bad;
		int k = txf_utf8_decode(s + i, n - i, &cp, &bad);
		size_t len = k > 0 ? (size_t)k : bad;
		int cw = utf8proc_charwidth(cp);
		size_t cwz = cw > 0 ? (size_t)cw : 0;
		if (full > w && used + cwz > w - 1)
			break;
		cli_out(s + i, len);
		used += cwz;
		i += len;
	}
	if (full > w) {
		cli_out("\xe2\x80\xa6", 3);
		used++;
	}
	while (used++ < w)
		cli_outc(' ');
}

/* Terminal columns. */
static size_t
term_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL && atoi(env) > 0)
		return (size_t)atoi(env);
	return 80;
}

/* The --top rows as a bar chart. */
static void
write_chart(const struct opts *op, txf_top *top, size_t n, uint64_t ndocs)
{
	size_t tw = 4, dw = 2, cw = 2, iw = 0, cols = term_columns();
	uint64_t max = 1;
	txf_buf esc = { 0 };
	char num[TXF_NUM_MAX];

	for (size_t i = 0; i < n; i++) {
		txf_str t;
		uint64_t df, cf;
		txf_top_row(top, i, &t, &df, &cf);
		esc.n = 0;
		if (txf_escape(t.p, t.n, &esc) < 0)
			cli_die("out of memory");
		size_t w = text_width(esc.p, esc.n);
		if (w > tw)
			tw = w;
		size_t k = txf_fmt_u64(df, num);
		if (k > dw)
			dw = k;
		k = txf_fmt_u64(cf, num);
		if (k > cw)
			cw = k;
		if (op->idf != TXF_IDF_NONE) {
			k = txf_fmt_num(txf_idf(op->idf, ndocs, df), 4, num);
			if (k > iw)
				iw = k < 3 ? 3 : k;
		}
		uint64_t v = op->by_cf ? cf : df;
		if (v > max)
			max = v;
	}
	if (tw > cols / 3)
		tw = cols / 3 > 8 ? cols / 3 : 8;
	size_t fixed = tw + 2 + dw + 2 + cw + 2 + (iw ? iw + 2 : 0);
	size_t bar = cols > fixed + 10 ? cols - fixed - 1 : 10;
	/* A heading over the columns. */
	out_cells("term", 4, tw);
	for (size_t p = 2; p < dw + 2; p++)
		cli_outc(' ');
	cli_out("df", 2);
	for (size_t p = 2; p < cw + 2; p++)
		cli_outc(' ');
	cli_out("cf", 2);
	if (iw) {
		for (size_t p = 3; p < iw + 2; p++)
			cli_outc(' ');
		cli_out("idf", 3);
	}
	cli_outc('\n');
	for (size_t i = 0; i < n; i++) {
		txf_str t;
		uint64_t df, cf;
		txf_top_row(top, i, &t, &df, &cf);
		esc.n = 0;
		if (txf_escape(t.p, t.n, &esc) < 0)
			cli_die("out of memory");
		out_cells(esc.p ? esc.p : "", esc.n, tw);
		size_t k = txf_fmt_u64(df, num);
		for (size_t p = k; p < dw + 2; p++)
			cli_outc(' ');
		cli_out(num, k);
		k = txf_fmt_u64(cf, num);
		for (size_t p = k; p < cw + 2; p++)
			cli_outc(' ');
		cli_out(num, k);
		if (iw) {
			k = txf_fmt_num(txf_idf(op->idf, ndocs, df), 4, num);
			for (size_t p = k; p < iw + 2; p++)
				cli_outc(' ');
			cli_out(num, k);
		}
		cli_out("  ", 2);
		/* Eighths of a cell: U+2588 full block, U+258F..U+2589. */
		uint64_t v = op->by_cf ? cf : df;
		size_t eighths = (size_t)((double)v / (double)max *
		    (double)bar * 8 + 0.5);
		if (eighths == 0 && v > 0)
			eighths = 1;
		for (size_t b = 0; b < eighths / 8; b++)
			cli_out("\xe2\x96\x88", 3);
		if (eighths % 8) {
			char part[3] = { '\xe2', '\x96',
			    (char)(0x90 - eighths % 8) };
			cli_out(part, 3);
		}
		cli_outc('\n');
	}
	txf_buf_free(&esc);
}

/* Rows txf_dfcount_format() made. */
static int
out_rows(void *arg, const char *p, size_t n)
{
	(void)arg;
	cli_out(p, n);
	return 0;
}

/* One row; on --top, into the selection instead. */
static void
emit(const struct opts *op, txf_top *top, txf_buf *row, txf_str term,
     uint64_t df, uint64_t cf, uint64_t ndocs)
{
	if (top != NULL) {
		int rc = txf_top_add(top, term.p, term.n, df, cf);
		if (rc < 0)
			die_code(rc, "--top");
		return;
	}
	row->n = 0;
	if (txf_vocab_format_row(term.p, term.n, df, cf, op->idf,
	    txf_idf(op->idf, ndocs, df), row) < 0)
		cli_die("out of memory");
	cli_out(row->p, row->n);
}

static void
report_pruning(const struct opts *op, const txf_pruner *p)
{
	txf_prune_stats st;
	char num[TXF_NUM_MAX];
	txf_buf b = { 0 };
	txf_prune_opts one;

	txf_pruner_stats(p, &st);
#define STR(s) (void)txf_buf_add(&b, s, strlen(s))
#define NUM(v) (void)txf_buf_add(&b, num, txf_fmt_u64(v, num))
	NUM(st.seen);
	STR(st.seen == 1 ? " term" : " terms");
	if (op->prune.max_df.kind != TXF_DF_NONE) {
		memset(&one, 0, sizeof one);
		one.max_df = op->prune.max_df;
		STR(", ");
		(void)txf_prune_describe(&one, &b);
		STR(" removed ");
		NUM(st.max_df);
	}
	if (op->prune.min_df.kind != TXF_DF_NONE) {
		memset(&one, 0, sizeof one);
		one.min_df = op->prune.min_df;
		STR(", ");
		(void)txf_prune_describe(&one, &b);
		STR(" removed ");
		NUM(st.min_df);
	}
	if (op->prune.max_features > 0) {
		STR(", max-features=");
		NUM(op->prune.max_features);
		STR(" removed ");
		NUM(st.max_features);
	}
	STR("; ");
	NUM(st.kept);
	STR(" kept");
#undef STR
#undef NUM
	if (b.p == NULL)
		cli_die("out of memory");
	cli_warn("pruning: %.*s", (int)b.n, b.p);
	txf_buf_free(&b);
}

/* The df bounds contradict each other (scikit-learn: "max_df corresponds
 * to < documents than min_df"): say so with both in documents. */
static void
die_bounds(const struct opts *op, uint64_t ndocs)
{
	txf_prune_opts one;
	txf_buf hi = { 0 }, lo = { 0 };
	char hd[TXF_NUM_MAX], ld[TXF_NUM_MAX];
	double n = (double)ndocs;
	const txf_df_bound *mx = &op->prune.max_df, *mn = &op->prune.min_df;

	memset(&one, 0, sizeof one);
	one.max_df = *mx;
	(void)txf_prune_describe(&one, &hi);
	(void)txf_buf_add(&hi, "", 1);
	memset(&one, 0, sizeof one);
	one.min_df = *mn;
	(void)txf_prune_describe(&one, &lo);
	(void)txf_buf_add(&lo, "", 1);
	if (hi.p == NULL || lo.p == NULL)
		cli_die("out of memory");
	txf_fmt_num(mx->kind == TXF_DF_PROP ? mx->prop * n :
	    (double)mx->count, 6, hd);
	txf_fmt_num(mn->kind == TXF_DF_PROP ? mn->prop * n :
	    (double)mn->count, 6, ld);
	if (mx->kind == TXF_DF_NONE)
		cli_die("--%s stands for %s documents, more than the %llu "
		    "there are", lo.p, ld, (unsigned long long)ndocs);
	if (mn->kind == TXF_DF_NONE)
		cli_die("--%s stands for %s of the %llu documents, fewer "
		    "than one", hi.p, hd, (unsigned long long)ndocs);
	cli_die("--%s stands for %s of the %llu documents, fewer than "
	    "--%s (%s)", hi.p, hd, (unsigned long long)ndocs, lo.p, ld);
}

/* Read the merged rows, prune them and write the vocab (or the top). */
static void
write_vocab(const struct opts *op, txf_merge *m, const txf_vocab_header *h,
            const char *const *names, size_t nnames, txf_dfcount *cnt)
{
	int err = 0, rc;
	txf_pruner *p = txf_pruner_new(&op->prune, h->docs, op->tmpdir,
	    op->memory / 4, &err);
	txf_top *top = NULL;
	txf_buf row = { 0 };
	txf_str term;
	uint64_t df, cf, line;
	size_t src;
	char msg[160];

	if (p == NULL) {
		if (err == TXF_EINVAL)
			die_bounds(op, h->docs);
		die_code(err, "pruning");
	}
	if (op->top > 0 && (top = txf_top_new(op->top, op->by_cf)) == NULL)
		cli_die("out of memory");
	if (top == NULL) {
		if (txf_vocab_format_header(h, &row) < 0)
			cli_die("out of memory");
		cli_out(row.p, row.n);
	}
	/* Every row as it is: the counter may format them on threads. */
	if (cnt != NULL && top == NULL && op->prune.min_df.kind == TXF_DF_NONE &&
	    op->prune.max_df.kind == TXF_DF_NONE && !op->prune.max_features &&
	    (rc = txf_dfcount_format(cnt, op->idf, h->docs, op->com.threads,
	    out_rows, NULL)) != TXF_EINVAL) {
		if (rc < 0)
			die_code(rc, "writing");
		txf_pruner_free(p);
		txf_buf_free(&row);
		return;
	}
	/* Merging (reading the sources) and writing overlap. */
	(void)txf_merge_background(m);
	while ((rc = txf_merge_next(m, &term, &df, &cf, &src, msg,
	    sizeof msg, &line)) > 0) {
		rc = txf_pruner_add(p, term.p, term.n, df, cf);
		if (rc > 0)
			emit(op, top, &row, term, df, cf, h->docs);
		else if (rc < 0)
			die_spill(op, rc);
	}
	if (rc < 0) {
		const char *name = src < nnames ? names[src] :
		    "temporary file";
		int e = errno;
		txf_merge_free(m);   /* its thread, before exit */
		errno = e;
		if (rc == TXF_EFORMAT || (rc == TXF_ERANGE && line > 0))
			cli_die("%s:%llu: %s", name, (unsigned long long)line,
			    msg);
		if (rc == TXF_ERANGE)
			cli_die("%s: %s", name, msg);
		die_code(rc, name);
	}
	while ((rc = txf_pruner_next(p, &term, &df, &cf)) > 0)
		emit(op, top, &row, term, df, cf, h->docs);
	if (rc < 0)
		die_spill(op, rc);
	if (op->prune.min_df.kind != TXF_DF_NONE ||
	    op->prune.max_df.kind != TXF_DF_NONE || op->prune.max_features)
		report_pruning(op, p);
	if (top != NULL) {
		size_t n;
		if ((rc = txf_top_finish(top, &n)) < 0)
			die_code(rc, "--top");
		if (op->com.output == NULL && isatty(STDOUT_FILENO)) {
			write_chart(op, top, n, h->docs);
		} else {
			for (size_t i = 0; i < n; i++) {
				txf_top_row(top, i, &term, &df, &cf);
				row.n = 0;
				if (txf_vocab_format_row(term.p, term.n, df,
				    cf, op->idf, txf_idf(op->idf, h->docs, df),
				    &row) < 0)
					cli_die("out of memory");
				cli_out(row.p, row.n);
			}
		}
		txf_top_free(top);
	}
	txf_pruner_free(p);
	txf_buf_free(&row);
}

int
main(int argc, char **argv)
{
	struct opts op = { .memory = DEFAULT_MEMORY };
	const char *arg;
	int c, status = 0, have_by = 0;

	cli_init("vocab");
	cli_common_init(&op.com);
	cli_anopts_init(&op.ao);
	while ((c = cli_getopt(&tool, argc, argv, &op.com, &arg)) != -1) {
		if (cli_anopts_option(&op.ao, c, arg))
			continue;
		switch (c) {
		/* --idf */
		case OPT_IDF:
			op.idf = (enum txf_idf)txf_idf_parse(arg);
			break;
		/* --min-df */
		case OPT_MIN_DF:
			parse_bound("--min-df", arg, &op.prune.min_df);
			break;
		/* --max-df */
		case OPT_MAX_DF:
			parse_bound("--max-df", arg, &op.prune.max_df);
			break;
		/* --max-features */
		case OPT_MAX_FEATURES:
			op.prune.max_features = cli_parse_size("--max-features",
			    arg, 1, SIZE_MAX);
			break;
		/* --top */
		case OPT_TOP:
			op.top = cli_parse_size("--top", arg, 1, SIZE_MAX / 4);
			break;
		/* --by */
		case OPT_BY:
			op.by_cf = cli_parse_choice("--by", arg, by_list);
			have_by = 1;
			break;
		/* --merge */
		case OPT_MERGE:
			op.merge = 1;
			break;
		/* --analysis */
		case OPT_ANALYSIS:
			if (txf_utf8_check(arg, strlen(arg)) !=
			    strlen(arg))
				cli_usage_error("--analysis: invalid UTF-8");
			{
				txf_error err;
				txf_analysis_free(op.analysis);
				op.analysis = txf_analysis_parse(arg,
				    strlen(arg), &err);
				if (op.analysis == NULL)
					cli_usage_error("--analysis: %s",
					    txf_error_text(&err));
			}
			break;
		/* --memory */
		case 'S':
			op.memory = parse_memory(arg);
			break;
		/* --temporary-directory */
		case 'T':
			if (arg[0] == '\0')
				cli_usage_error("--temporary-directory: empty "
				    "name");
			op.tmpdir = arg;
			break;
		/* --verbose */
		case OPT_VERBOSE:
			op.verbose = 1;
			break;
		/* --docs */
		case OPT_DOCS:
			op.docs = 1;
			break;
		}
	}
	if (have_by && op.top == 0)
		cli_usage_error("--by needs --top");
	if (cli_anopts_given(&op.ao) && !op.docs)
		cli_usage_error("%s needs --docs (tokens are analysed already)",
		    op.ao.given[0].opt);
	if (op.docs && op.merge)
		cli_usage_error("--docs and --merge exclude each other");
	if (op.docs && op.analysis != NULL)
		cli_usage_error("--docs records the analysis of its options; "
		    "--analysis is for tokens");
	if (op.docs) {
		txf_analysis *a = cli_anopts_build(&op.ao);
		txf_error err;
		op.z = txf_analyzer_new(a, NULL, &err);
		if (op.z == NULL)
			cli_die_err(NULL, &err);
		op.analysis = a;
	}
	if (op.prune.min_df.kind == TXF_DF_COUNT &&
	    op.prune.max_df.kind == TXF_DF_COUNT &&
	    op.prune.max_df.count < op.prune.min_df.count)
		cli_usage_error("--max-df=%llu is below --min-df=%llu",
		    (unsigned long long)op.prune.max_df.count,
		    (unsigned long long)op.prune.min_df.count);

	txf_buf pruning = { 0 };
	if (txf_prune_describe(&op.prune, &pruning) < 0 ||
	    txf_buf_add(&pruning, "", 1) < 0)
		cli_die("out of memory");
	char *given = op.analysis ? spell(op.analysis) : NULL;
	txf_vocab_header h = {
		.analysis = given ? given : (char *)"",
		.pruning = pruning.p,
		.idf = op.idf,
	};

	cli_out_open(op.com.output);
	if (op.merge) {
		struct shards sh = { 0 };
		txf_merge *m = txf_merge_new();
		if (m == NULL)
			cli_die("out of memory");
		cli_progress_inputs(argv + optind, argc - optind);
		cli_progress_phase("merging vocabs");
		open_shards(&op, argc - optind, argv + optind, &sh, &h, m);
		write_vocab(&op, m, &h, sh.name, (size_t)sh.n, NULL);
		if (op.verbose)
			cli_warn("merged %d vocabs: %llu documents, %llu "
			    "tokens", sh.n, (unsigned long long)h.docs,
			    (unsigned long long)h.tokens);
		txf_merge_free(m);
		close_shards(&sh);
		txf_analysis_free(merge_first);
		free(merge_text);
	} else {
		int err = 0;
		txf_dfcount *cnt = op.docs ?
		    txf_dfcount_new_docs(op.memory, op.tmpdir, op.com.threads,
		    op.z, &err) : txf_dfcount_new_threads(op.memory,
		    op.tmpdir, op.com.threads);
		if (cnt == NULL)
			cli_nomem();
		struct counting k = { .op = &op, .c = cnt };
		cli_lines l = { .fn = op.docs ? count_doc_line : count_line,
		    .make_state = counting_state,
		    .arg = &k, .threads = 1, .invalid = op.com.invalid,
		    .hdr = op.docs ? NULL : &tok_hdr,
		    .on_file = op.docs ? NULL : on_file };
		status = cli_run_files(&l, argv + optind, argc - optind);
		cli_progress_phase("sorting");
		txf_merge *m = txf_dfcount_finish(cnt, &err);
		if (m == NULL)
			die_spill(&op, err);
		char *rec = status ? NULL : recorded_analysis(&op);
		if (rec != NULL)
			h.analysis = rec;
		h.docs = txf_dfcount_docs(cnt);
		h.tokens = txf_dfcount_tokens(cnt);
		if (op.verbose) {
			cli_warn("%llu documents, %llu tokens; %llu sorted "
			    "run%s spilled to %s", (unsigned long long)h.docs,
			    (unsigned long long)h.tokens,
			    (unsigned long long)txf_dfcount_spills(cnt),
			    txf_dfcount_spills(cnt) == 1 ? "" : "s",
			    txf_tmpdir(op.tmpdir));
		}
		cli_progress_phase(txf_dfcount_spills(cnt) > 0 ?
		    "merging runs, writing" : "writing");
		write_vocab(&op, m, &h, NULL, 0, cnt);
		txf_dfcount_free(cnt);
		txf_buf_free(&k.text);
		free(rec);
	}
	txf_buf_free(&pruning);
	txf_analysis_free(op.analysis);
	txf_analyzer_free(op.z);
	cli_anopts_free(&op.ao);
	free(given);
	cli_hdr_free(&tok_hdr);
	return cli_out_close(status ? EXIT_DATA : 0);
}
