/* retrieve - queries and an index to the top-k candidates. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "index.h"

enum {
	OPT_K1 = CLI_OPT_NEXT,
	OPT_B,
	OPT_SCORE,
};

static const char *const score_list[] = { "bm25", "tfidf", NULL };

struct opts {
	const char *index, *allow;   /* -I, --allow */
	txf_ix *ix;
	txf_analyzer *z;
	txf_ix_searchopts so;
	int pairs;
	int exclude_self;
	uint64_t empty;          /* queries without an indexed term */
};

/* The options given (static: the table points into it). */
static struct opts opt = { .so = { .k = 100, .k1 = 1.2, .b = 0.75 } };

static const cli_opt opts[] = {
	{ .name = "index", .key = 'I', .str = &opt.index, .arg = "FILE",
	  .help = "the index (required)", .group = "Search:" },
	{ .name = "top", .key = 'k', .arg = "K",
	  .help = "documents a query, K >= 1 (default 100)" },
	{ .name = "score", .key = OPT_SCORE, .names = score_list,
	  .dflt = "bm25",
	  .help = "BM25 as match computes it (default), or the\n"
	  "  cosine of scikit-learn's tf-idf vectors\n"
	  "  (smooth idf, l2 norm), as match's cosine" },
	CLI_OPT_BM25(OPT_K1, OPT_B),
	{ .name = "allow", .str = &opt.allow, .arg = "FILE",
	  .help = "only the documents whose ids FILE lists, one\n"
	  "  a line (applied before the top K)" },
	{ .name = "exclude-self", .flag = &opt.exclude_self,
	  .help = "leave out the document whose id is the qid" },
	{ .name = "exhaustive", .flag = &opt.so.exhaustive,
	  .help = "score every document that holds a query\n"
	  "  term, without pruning (for checking)" },
	{ .name = "pairs", .flag = &opt.pairs,
	  .help = "write qid TAB query TAB lid TAB listing\n"
	  "  [TAB extra]... (needs stored texts), the\n"
	  "  pairs match reads",
	  .group = "Output:" },
	CLI_COMMON_OPTS_THREADS(NULL)
};

static const cli_tool tool = {
	.name = "retrieve", .synopsis = "-I INDEX [OPTION]... [QUERIES]...",
	.about = "Find each query's top K documents in an index that index built.\n"
	"Reads queries (qid TAB query [TAB extra]...) from QUERIES or standard\n"
	"input, analyses them as the index's documents were, and writes, for each\n"
	"query in input order, qid TAB lid TAB rank TAB score for ranks 1 to K:\n"
	"the K documents of highest score, ties by document order.\n",
	.opts = opts,
	.examples = "  retrieve -I listings.idx -k 10 queries.tsv\n"
	"  retrieve -I listings.idx -k 50 --pairs queries.tsv | match -V l.vocab\n"
};

struct state {
	struct opts *op;
	txf_analyzer *z;
	txf_ix_searcher *s;
	txf_buf text;
};

static void *
make_state(void *arg)
{
	struct opts *op = arg;
	struct state *st = calloc(1, sizeof *st);

	if (st == NULL)
		cli_die("out of memory");
	st->op = op;
	st->z = txf_analyzer_dup(op->z);
	st->s = txf_ix_searcher_new(op->ix, &op->so);
	if (st->z == NULL || st->s == NULL)
		cli_die("out of memory");
	return st;
}

static void
free_state(void *p)
{
	struct state *st = p;

	txf_analyzer_free(st->z);
	txf_ix_searcher_free(st->s);
	txf_buf_free(&st->text);
	free(st);
}

/* Copy n bytes (mostly few) from p to o; returns o + n. */
static inline char *
copy_short(char *o, const char *p, size_t n)
{
	for (; n >= 8; n -= 8, o += 8, p += 8)
		memcpy(o, p, 8);
	while (n-- > 0)
		*o++ = *p++;
	return o;
}

static int
query_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	struct opts *op = st->op;
	txf_str f[3];
	int s = cli_line_fields(c, line, f, 3, "qid, query");

	if (s <= 0)
		return s;
	txf_tokens toks;
	cli_analyze_field(c, st->z, f[1], &st->text, &toks);
	const txf_ix_hit *hits;
	size_t nh, found;
	int e = txf_ix_search(st->s, toks.v, toks.n, op->exclude_self ? &f[0] :
	    NULL, &hits, &nh, &found);
	if (e < 0)
		cli_die("%s", e == TXF_EFORMAT ? "the index is damaged" :
		    txf_errmsg(e));
	if (found == 0)
		__atomic_add_fetch(&op->empty, 1, __ATOMIC_RELAXED);
	/* The ids are scattered in the file: their offsets are fetched
	 * 16 rows ahead, their bytes 8 rows ahead, those of the first
	 * rows all at once before the first is written. */
	for (size_t i = 0; i < nh && i < 16; i++)
		txf_ix_docid_prefetch(op->ix, hits[i].doc);
	for (size_t i = 0; i < nh && i < 8; i++) {
		txf_str id;
		if (txf_ix_docid(op->ix, hits[i].doc, &id) == 0)
			__builtin_prefetch(id.p);
	}
	for (size_t i = 0; i < nh; i++) {
		txf_str id, doc;
		if (i + 16 < nh)
			txf_ix_docid_prefetch(op->ix, hits[i + 16].doc);
		if (i + 8 < nh && txf_ix_docid(op->ix, hits[i + 8].doc,
		    &id) == 0)
			__builtin_prefetch(id.p);
		if (txf_ix_docid(op->ix, hits[i].doc, &id) < 0 ||
		    (op->pairs && txf_ix_docstore(op->ix, hits[i].doc,
		    &doc) < 0))
			cli_die("the index is damaged");
		if (op->pairs) {
			cli_out(f[0].p, f[0].n);
			cli_outc('\t');
			cli_out(f[1].p, f[1].n);
			cli_outc('\t');
			cli_out(id.p, id.n);
			cli_outc('\t');
			cli_out(doc.p, doc.n);
			cli_outc('\n');
			continue;
		}
		size_t need = f[0].n + id.n + 2 * TXF_NUM_MAX + 4;
		if (cli_out_room(need)) {
			/* Straight into the output buffer. */
			char *o = cli_obuf + cli_on;
			o = copy_short(o, f[0].p, f[0].n);
			*o++ = '\t';
			o = copy_short(o, id.p, id.n);
			*o++ = '\t';
			o += txf_fmt_u64(i + 1, o);
			*o++ = '\t';
			o += txf_fmt_num(hits[i].score, 9, o);
			*o++ = '\n';
			cli_on = (size_t)(o - cli_obuf);
			continue;
		}
		char num[2 * TXF_NUM_MAX + 4], *o = num;
		cli_out(f[0].p, f[0].n);
		cli_outc('\t');
		cli_out(id.p, id.n);
		*o++ = '\t';
		o += txf_fmt_u64(i + 1, o);
		*o++ = '\t';
		o += txf_fmt_num(hits[i].score, 9, o);
		*o++ = '\n';
		cli_out(num, (size_t)(o - num));
	}
	return 0;
}

/* One id of the --allow file. */
static int
allow_line(cli_line_ctx *c, txf_str line)
{
	size_t idx;

	cli_xmem(txf_count_add(c->state, line.p, line.n, &idx));
	return 0;
}

static void *
allow_state(void *arg)
{
	return arg;
}

/* The bitmap of the documents whose ids path lists. */
static uint8_t *
load_allow(const txf_ix *ix, const char *path)
{
	txf_count *ids = cli_xptr(txf_count_new(1));
	uint64_t n = txf_ix_docs(ix);
	uint8_t *bits = cli_xcalloc(n / 8 + 1, 1);
	char *files[1] = { (char *)path };
	cli_lines l = { .fn = allow_line, .make_state = allow_state,
	    .arg = ids, .threads = 1, .invalid = CLI_INVALID_ERROR,
	    .no_header = 1 };

	if (cli_run_files(&l, files, 1) != 0)
		exit(EXIT_DATA);
	for (uint64_t d = 0; d < n; d++) {
		txf_str id;
		size_t idx;
		if (txf_ix_docid(ix, (uint32_t)d, &id) < 0)
			cli_die("the index is damaged");
		if (txf_count_find(ids, id.p, id.n, &idx))
			bits[d >> 3] |= (uint8_t)(1u << (d & 7));
	}
	txf_count_free(ids);
	return bits;
}

/* Queries a chunk of the input engine: a query costs about as much as
 * reading 10 KB, so chunks of a few milliseconds' work keep every thread
 * busy.  Each chunk in flight holds its rows until they are written, so
 * the chunks shrink as K grows: about 6,400 rows, 4 to 64 queries (K
 * 1000: 6 queries, each about 0.4 ms). */
static size_t
chunk_queries(size_t k)
{
	size_t n = 6400 / k;

	return n < 4 ? 4 : n > 64 ? 64 : n;
}

int
main(int argc, char **argv)
{
	cli_common com;
	const char *index, *arg;
	int c, status;

	cli_start(&tool, &com, NULL, NULL);
	int k1_set = 0, b_set = 0;
	while ((c = cli_getopt(&tool, argc, argv, &com, &arg)) != -1) {
		switch (c) {
		/* --top */
		case 'k':
			opt.so.k = cli_parse_size("--top", arg, 1,
			    UINT32_MAX);
			break;
		/* --k1 */
		case OPT_K1:
			opt.so.k1 = cli_parse_double("--k1", arg, 0, 1e300);
			k1_set = 1;
			break;
		/* --b */
		case OPT_B:
			opt.so.b = cli_parse_double("--b", arg, 0, 1);
			b_set = 1;
			break;
		/* --score */
		case OPT_SCORE:
			opt.so.score = (enum txf_ix_score)cli_parse_choice(
			    "--score", arg, score_list);
			break;
		}
	}
	if ((index = opt.index) == NULL)
		cli_usage_error("no index given (-I INDEX)");
	if (strcmp(index, "-") == 0)
		cli_usage_error("--index: the index must be a file, not "
		    "standard input");
	if (opt.so.score == TXF_IX_TFIDF && (k1_set || b_set))
		cli_usage_error("--%s is for --score=bm25", k1_set ? "k1" :
		    "b");

	char msg[256];
	int err;
	opt.ix = txf_ix_open(index, &err, msg, sizeof msg);
	if (opt.ix == NULL) {
		if (err == TXF_EFORMAT)
			cli_die("%s: %s", index, msg);
		cli_die("%s: %s", index, err == TXF_EIO ? strerror(errno) :
		    txf_errmsg(err));
	}
	if (opt.pairs && !txf_ix_stored(opt.ix))
		cli_usage_error("--pairs: %s has no stored texts (build it "
		    "with index --store)", index);
	txf_str an = txf_ix_analysis(opt.ix);
	txf_error e;
	txf_analysis *a = txf_analysis_parse(an.p, an.n, &e);
	if (a == NULL)
		cli_die("%s: analysis '%.*s': %s", index, (int)an.n, an.p,
		    txf_error_text(&e));
	if ((opt.z = txf_analyzer_new(a, NULL, &e)) == NULL)
		cli_die_err(index, &e);
	txf_analysis_free(a);
	if (opt.allow != NULL)
		opt.so.allow = load_allow(opt.ix, opt.allow);
	double *dnorm = NULL;
	if (opt.so.score == TXF_IX_TFIDF) {
		int rc = txf_ix_tfidf_norms(opt.ix, &dnorm);
		if (rc < 0)
			cli_die("%s: %s", index, rc == TXF_EFORMAT ?
			    "the index is damaged" : txf_errmsg(rc));
		opt.so.dnorm = dnorm;
	}

	cli_out_open(com.output);
	cli_lines l = { .fn = query_line, .make_state = make_state,
	    .free_state = free_state, .arg = &opt, .threads = com.threads,
	    .invalid = com.invalid, .chunk_lines = chunk_queries(opt.so.k) };
	status = cli_run_files(&l, argv + optind, argc - optind);
	if (opt.empty > 0)
		cli_warn("%llu quer%s without a term in the index: no "
		    "candidates", (unsigned long long)opt.empty,
		    opt.empty == 1 ? "y" : "ies");
	status = cli_out_close(status ? EXIT_DATA : 0);
	free(dnorm);
	free((void *)opt.so.allow);
	txf_analyzer_free(opt.z);
	txf_ix_close(opt.ix);
	return status;
}
