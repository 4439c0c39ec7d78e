/* tf - tokens to terms: per-document term frequencies and their weights. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_WEIGHT = CLI_OPT_NEXT,
	OPT_SORT,
	OPT_TOP,
};

struct opts {
	txf_tfopts to;
	int prec;
};

/* The options given (static: the table and the line function read it). */
static struct opts opt = { .to = { .weight = TXF_VEC_RAW,
    .order = TXF_TF_FIRST, .top = SIZE_MAX }, .prec = 9 };

static const cli_opt opts[] = {
	CLI_OPT_WEIGHT(OPT_WEIGHT, "Weights:"),
	CLI_OPT_PRECISION(&opt.prec),
	{ .name = "sort", .key = OPT_SORT, .values = txf_tf_order_names,
	  .dflt = "first",
	  .help = "first occurrence (default without --top),\n"
	  "  term bytes, or value descending with ties\n"
	  "  by term bytes (default with --top)",
	  .group = "Order and selection, per document:" },
	{ .name = "top", .key = OPT_TOP, .arg = "K",
	  .help = "keep the K terms with the largest values,\n"
	  "  largest first (ties by term bytes), or\n"
	  "  in the order --sort gives" },
	CLI_COMMON_OPTS_THREADS("Input and output:")
};

static const cli_tool tool = {
	.name = "tf",
	.about = "Count the terms of each document and weight them.\n"
	"Reads tokens (id TAB tok tok ... [TAB extra]...) from FILEs or standard\n"
	"input and writes one line per distinct term of each document:\n"
	"id TAB term TAB value [TAB extra]...  A document without tokens writes\n"
	"nothing.\n",
	.opts = opts,
	.examples = "  tokenize listings.tsv | tf\n"
	"  tokenize listings.tsv | ngrams -n 1:2 | tf --weight=log --sort=term\n"
	"  tokenize queries.tsv | tf --top=3 -o top-terms.tsv\n"
};

/* The second byte of the escape of each byte that needs one, else 0. */
static const unsigned char esc2[256] = {
	['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r', ['\\'] = '\\'
};

/* The value of a count, formatted into num (TXF_NUM_MAX bytes). */
static inline size_t
value(const struct opts *op, const txf_termfreq *t, uint64_t c, char *num)
{
	switch (op->to.weight) {
	case TXF_VEC_RAW:
		if (c < 10) {
			num[0] = (char)('0' + c);
			return 1;
		}
		return txf_fmt_u64(c, num);
	case TXF_VEC_BINARY:
		num[0] = '1';
		return 1;
	default:
		return txf_fmt_num(txf_termfreq_value(t, c), op->prec, num);
	}
}

/* Write one term line, straight into the output buffer when it fits. */
static inline void
emit(const struct opts *op, const txf_termfreq *t, const cli_tokrec *rec,
     txf_str term, uint64_t c)
{
	size_t need = rec->id.n + 2 * term.n + rec->extra.n + TXF_NUM_MAX + 4;

	if (!cli_out_room(need)) {
		/* A line longer than the buffer: piece by piece. */
		char num[TXF_NUM_MAX];
		size_t n = value(op, t, c, num);
		cli_out(rec->id.p, rec->id.n);
		cli_outc('\t');
		cli_out_escaped(term.p, term.n);
		cli_outc('\t');
		cli_out(num, n);
		cli_out_extra(rec);
		cli_outc('\n');
		return;
	}
	char *o = cli_obuf + cli_on;
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
	o += value(op, t, c, o);
	if (rec->extra.p != NULL) {
		*o++ = '\t';
		memcpy(o, rec->extra.p, rec->extra.n);
		o += rec->extra.n;
	}
	*o++ = '\n';
	cli_on = (size_t)(o - cli_obuf);
}

/* Per-thread state: a txf_termfreq. */
static void *
make_state(void *arg)
{
	return cli_xptr(txf_termfreq_new(&opt.to));
}

static void
free_state(void *t)
{
	txf_termfreq_free(t);
}

/* Count, weigh, order and write one document. */
static int
tf_line(cli_line_ctx *c, txf_str line)
{
	txf_termfreq *t = c->state;
	cli_tokrec rec;
	size_t n;
	int s = cli_tokrec_split(c, line, &rec);

	if (s <= 0)
		return s;
	if ((s = txf_termfreq_doc(t, rec.tokens.p, rec.tokens.n, &n)) < 0)
		cli_die("%s", s == TXF_ENOMEM ? "out of memory" :
		    "document too large");
	for (size_t k = 0; k < n; k++) {
		txf_str term;
		uint64_t count;
		txf_termfreq_get(t, k, &term, &count);
		emit(&opt, t, &rec, term, count);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	cli_common com;
	const char *arg;
	int c, status, have_sort = 0;

	cli_start(&tool, &com, NULL, NULL);
	while ((c = cli_getopt(&tool, argc, argv, &com, &arg)) != -1) {
		switch (c) {
		/* --weight */
		case OPT_WEIGHT:
			opt.to.weight = (enum txf_vec_weight)
			    txf_vec_weight_parse(arg);
			break;
		/* --sort */
		case OPT_SORT:
			opt.to.order = (enum txf_tf_order)
			    txf_tf_order_parse(arg);
			have_sort = 1;
			break;
		/* --top */
		case OPT_TOP:
			opt.to.top = cli_parse_size("--top", arg, 1, SIZE_MAX);
			break;
		}
	}

	/* The K largest, largest first, unless --sort says otherwise. */
	if (opt.to.top != SIZE_MAX && !have_sort)
		opt.to.order = TXF_TF_VALUE;

	cli_out_open(com.output);
	cli_lines l = { .fn = tf_line, .make_state = make_state,
	    .free_state = free_state, .threads = com.threads,
	    .invalid = com.invalid };
	status = cli_run_files(&l, argv + optind, argc - optind);
	return cli_out_close(status ? EXIT_DATA : 0);
}
