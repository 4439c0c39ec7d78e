/* tf - tokens to terms: per-document term frequencies and their weights. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"

enum {
	OPT_WEIGHT = CLI_OPT_NEXT,
	OPT_SORT,
	OPT_TOP,
	OPT_PRECISION,
};

static const struct option longopts[] = {
	{ "weight", required_argument, NULL, OPT_WEIGHT },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "precision", required_argument, NULL, OPT_PRECISION },
	CLI_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

enum weight { W_RAW, W_BINARY, W_LOG, W_FREQ, W_AUGMENTED };
static const char *const weight_names[] = {
	"raw", "binary", "log", "freq", "augmented", NULL
};

enum order { ORDER_FIRST, ORDER_TERM, ORDER_VALUE };
static const char *const sort_names[] = { "first", "term", "value", NULL };

static void
usage(void)
{
	printf("\
Usage: tf [OPTION]... [FILE]...\n\
Count the terms of each document and weight them.\n\
Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n\
input and writes one line per distinct term of each document:\n\
id TAB term TAB value [TAB extra]...  A document without tokens writes\n\
nothing.\n\
\n\
Weights:\n\
      --weight=raw|binary|log|freq|augmented\n\
                               the count (default); 1; 1 + ln(count);\n\
                                 count / tokens in the document;\n\
                                 0.5 + 0.5 * count / largest count\n\
      --precision=N            significant digits of values, 1 to 17\n\
                                 (default 9); integers print as integers\n\
\n\
Order and selection, per document:\n\
      --sort=first|term|value  first occurrence (default without --top),\n\
                                 term bytes, or value descending with ties\n\
                                 by term bytes (default with --top)\n\
      --top=K                  keep the K terms with the largest values,\n\
                                 largest first (ties by term bytes), or\n\
                                 in the order --sort gives\n\
\n\
Input and output:\n\
      --invalid=error|replace|skip\n\
                               on invalid UTF-8, NUL or a missing column:\n\
                                 stop with an error (default), replace\n\
                                 with U+FFFD, or skip the line\n\
  -o, --output=FILE            write to FILE, complete or not at all\n\
  -h, --help                   display this help and exit\n\
      --version                output version information and exit\n\
\n\
Examples:\n\
  tokenize listings.tsv | tf\n\
  tokenize listings.tsv | ngrams -n 1:2 | tf --weight=log --sort=term\n\
  tokenize queries.tsv | tf --top=3 -o top-terms.tsv\n\
\n\
Exit status: 0 success, 1 bad data or I/O failure, 2 bad usage.\n\
See tf(1) and textfeat(7).\n");
}

struct opts {
	enum weight weight;
	enum order order;
	size_t top;           /* SIZE_MAX: all */
	int prec;
	enum cli_invalid invalid;
	const char *output;
};

/* One document's working memory, reused from document to document. */
struct doc {
	txf_count *tab;       /* the document's terms; counter 0 = count */
	txf_toklist toks;
	double *key;          /* values, by entry, for --sort=value/--top */
	size_t *idx;          /* the entries to write, in order */
	unsigned char *keep;  /* --top with first-occurrence order */
	size_t cap;           /* entries key, idx and keep hold */
};

static void *
xrealloc(void *p, size_t n, size_t size)
{
	if (n > SIZE_MAX / size || (p = realloc(p, n * size)) == NULL)
		cli_die("out of memory");
	return p;
}

static void
doc_reserve(struct doc *d, size_t n)
{
	if (n <= d->cap)
		return;
	size_t cap = d->cap ? d->cap : 64;
	while (cap < n)
		cap *= 2;
	d->key = xrealloc(d->key, cap, sizeof *d->key);
	d->idx = xrealloc(d->idx, cap, sizeof *d->idx);
	d->keep = xrealloc(d->keep, cap, sizeof *d->keep);
	d->cap = cap;
}

static inline double
weigh(enum weight w, uint64_t c, double ntok, double maxc)
{
	switch (w) {
	case W_RAW:       return (double)c;
	case W_BINARY:    return 1;
	case W_LOG:       return 1 + log((double)c);
	case W_FREQ:      return (double)c / ntok;
	case W_AUGMENTED: return 0.5 + 0.5 * (double)c / maxc;
	}
	return 0;
}

/* The second byte of the escape of each byte that needs one, else 0. */
static const unsigned char esc2[256] = {
	['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\'
};

/* Write one term line, straight into the output buffer when it fits. */
static inline void
emit(const struct opts *op, const cli_tokrec *rec, txf_str term, uint64_t c,
     double ntok, double maxc)
{
	size_t need = rec->id.n + 2 * term.n + rec->extra.n + TXF_NUM_MAX + 4;
	char *o;

	if (need > cli_ocap - cli_on) {
		cli_out_flush();
		if (need > cli_ocap) {
			/* A line longer than the buffer: piece by piece. */
			char num[TXF_NUM_MAX];
			size_t n = op->weight == W_RAW ? txf_fmt_u64(c, num) :
			    op->weight == W_BINARY ? (num[0] = '1', 1) :
			    txf_fmt_num(weigh(op->weight, c, ntok, maxc),
			    op->prec, num);
			cli_out(rec->id.p, rec->id.n);
			cli_outc('\t');
			cli_out_escaped(term.p, term.n);
			cli_outc('\t');
			cli_out(num, n);
			cli_out_extra(rec);
			cli_outc('\n');
			return;
		}
	}
	o = cli_obuf + cli_on;
	memcpy(o, rec->id.p, rec->id.n);
	o += rec->id.n;
	*o++ = '\t';
	for (size_t k = 0; k < term.n; k++) {
		unsigned char b = (unsigned char)term.p[k], e = esc2[b];
		if (e != 0) {
			*o++ = '\\';
			*o++ = (char)e;
		} else {
			*o++ = (char)b;
		}
	}
	*o++ = '\t';
	if (op->weight == W_RAW && c < 10)
		*o++ = (char)('0' + c);
	else if (op->weight == W_RAW)
		o += txf_fmt_u64(c, o);
	else if (op->weight == W_BINARY)
		*o++ = '1';
	else
		o += txf_fmt_num(weigh(op->weight, c, ntok, maxc), op->prec, o);
	if (rec->extra.p != NULL) {
		*o++ = '\t';
		memcpy(o, rec->extra.p, rec->extra.n);
		o += rec->extra.n;
	}
	*o++ = '\n';
	cli_on = (size_t)(o - cli_obuf);
}

/* Count, weigh, order and write one document. */
static void
do_doc(const struct opts *op, struct doc *d, const cli_tokrec *rec)
{
	txf_count *tab = d->tab;
	size_t i, n, m;
	int e;

	if (txf_toklist_split(&d->toks, rec->tokens.p, rec->tokens.n) < 0)
		cli_die("out of memory");
	if (d->toks.n == 0)
		return;
	txf_count_clear(tab);
	for (size_t k = 0; k < d->toks.n; k++) {
		e = txf_count_add(tab, d->toks.v[k].p, d->toks.v[k].n, &i);
		if (e < 0)
			cli_die("%s", e == TXF_ENOMEM ? "out of memory" :
			    "document too large");
		txf_count_vals(tab, i)[0]++;
	}
	n = txf_count_size(tab);
	double ntok = (double)d->toks.n, maxc = 1;
	if (op->weight == W_AUGMENTED) {
		uint64_t mx = 0;
		for (i = 0; i < n; i++)
			if (txf_count_vals(tab, i)[0] > mx)
				mx = txf_count_vals(tab, i)[0];
		maxc = (double)mx;
	}

	if (op->order == ORDER_FIRST && op->top >= n) {
		/* The common case: entries in insertion order. */
		for (i = 0; i < n; i++)
			emit(op, rec, txf_count_term(tab, i),
			    txf_count_vals(tab, i)[0], ntok, maxc);
		return;
	}

	doc_reserve(d, n);
	for (i = 0; i < n; i++)
		d->idx[i] = i;
	m = n;
	if (op->order == ORDER_VALUE || op->top < n) {
		for (i = 0; i < n; i++)
			d->key[i] = weigh(op->weight, txf_count_vals(tab, i)[0],
			    ntok, maxc);
		m = op->top < n ? op->top : n;
		e = txf_count_sort_desc(tab, d->idx, n, d->key, 0, m);
		if (e < 0)
			cli_die("out of memory");
	}
	if (op->order == ORDER_TERM) {
		if (txf_count_sort_terms(tab, d->idx, m) < 0)
			cli_die("out of memory");
	} else if (op->order == ORDER_FIRST) {
		/* --top kept idx[0..m): write them in insertion order. */
		memset(d->keep, 0, n);
		for (i = 0; i < m; i++)
			d->keep[d->idx[i]] = 1;
		m = 0;
		for (i = 0; i < n; i++)
			if (d->keep[i])
				d->idx[m++] = i;
	}
	for (size_t k = 0; k < m; k++) {
		i = d->idx[k];
		emit(op, rec, txf_count_term(tab, i),
		    txf_count_vals(tab, i)[0], ntok, maxc);
	}
}

/* Process one input file; returns 0 or 1 (an error was reported). */
static int
run(const struct opts *op, struct doc *d, const char *path)
{
	cli_input in = { 0 };
	cli_tokrec rec;
	int rc;

	in.invalid = op->invalid;
	if (cli_open(&in, path) != 0)
		return 1;
	while ((rc = cli_next_tokrec(&in, &rec)) > 0)
		do_doc(op, d, &rec);
	int failed = in.failed;
	cli_report_invalid(&in);
	cli_close(&in);
	return failed;
}

int
main(int argc, char **argv)
{
	struct opts op = {
		.weight = W_RAW, .order = ORDER_FIRST, .top = SIZE_MAX,
		.prec = 9, .invalid = CLI_INVALID_ERROR
	};
	struct doc d = { 0 };
	int c, status = 0, have_sort = 0;

	cli_init("tf");
	/* getopt's own messages name argv[0]: under libtool's wrapper that
	 * is a path into .libs. */
	argv[0] = (char *)"tf";
	while ((c = cli_getopt(argc, argv, "o:h", longopts)) != -1) {
		if (cli_common_option(c, optarg, &op.invalid, &op.output,
		    NULL, usage))
			continue;
		switch (c) {
		/* --weight */
		case OPT_WEIGHT:
			op.weight = (enum weight)cli_parse_choice("--weight",
			    optarg, weight_names);
			break;
		/* --sort */
		case OPT_SORT:
			op.order = (enum order)cli_parse_choice("--sort",
			    optarg, sort_names);
			have_sort = 1;
			break;
		/* --top */
		case OPT_TOP:
			op.top = cli_parse_size("--top", optarg, 1, SIZE_MAX);
			break;
		/* --precision */
		case OPT_PRECISION:
			op.prec = (int)cli_parse_size("--precision", optarg,
			    1, 17);
			break;
		default:
			cli_try_help();
		}
	}

	/* The K largest, largest first, unless --sort says otherwise. */
	if (op.top != SIZE_MAX && !have_sort)
		op.order = ORDER_VALUE;

	d.tab = txf_count_new(1);
	if (d.tab == NULL)
		cli_die("out of memory");
	cli_out_open(op.output);
	if (optind == argc)
		status |= run(&op, &d, NULL);
	for (int i = optind; i < argc; i++)
		status |= run(&op, &d, argv[i]);
	status = cli_out_close(status ? EXIT_DATA : 0);
	txf_count_free(d.tab);
	txf_toklist_free(&d.toks);
	free(d.key);
	free(d.idx);
	free(d.keep);
	return status;
}
