/* tokenize - docs to tokens: the analysis chain of libtextfeat. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "header.h"

enum {
	OPT_FIELD = CLI_OPT_NEXT,
};

struct opts {
	cli_analysis an;
	size_t field;         /* text column, from 1 */
	int no_id;
	int one_per_line;
	int no_header;
	cli_common com;
};

/* The options given (static: the table points into it). */
static struct opts opt = { .field = 2 };

static const cli_opt opts[] = {
	CLI_ANALYSIS_OPTS("Analysis (applied in this order):"),
	{ .name = "field", .key = OPT_FIELD, .arg = "N",
	  .help = "the text is column N (default 2)",
	  .group = "Input and output:" },
	{ .name = "no-id", .flag = &opt.no_id,
	  .help = "the whole line is the text; the line number\n"
	  "  is the id" },
	{ .name = "one-per-line", .key = '1', .flag = &opt.one_per_line,
	  .help = "write id TAB token, one line per token" },
	{ .name = "no-analysis-header", .flag = &opt.no_header,
	  .help = "do not write the analysis line (#textfeat-\n"
	  "  analysis=1 ...) before the tokens" },
	CLI_COMMON_OPTS_THREADS(NULL)
};

static const cli_tool tool = {
	.name = "tokenize",
	.about = "Split the text of each document into tokens.\n"
	"Reads docs (id TAB text [TAB extra]...) from FILEs or standard input and\n"
	"writes tokens (id TAB tok tok ... [TAB extra]...).\n",
	.opts = opts,
	.examples = "  tokenize listings.tsv\n"
	"  tokenize --mode=word --case=lower --stop=english -o tokens.tsv docs.tsv\n"
	"  cut -f2 queries.txt | tokenize --no-id -1\n"
};

/* Write a token, escaped.  Tokens never hold TAB, LF or CR (every mode
 * splits on them), so only the backslash needs care. */
static inline void
put_token(txf_str t)
{
	if (t.n * 2 > cli_ocap - cli_on) {
		cli_out_escaped(t.p, t.n);
		return;
	}
	char *o = cli_obuf + cli_on;
	for (size_t i = 0; i < t.n; i++) {
		char c = t.p[i];
		if (c == '\\')
			*o++ = '\\';
		*o++ = c;
	}
	cli_on = (size_t)(o - cli_obuf);
}

/* Write the extra columns and end the line. */
static void
put_extra(const txf_str *extra, size_t nextra)
{
	for (size_t k = 0; k < nextra; k++) {
		cli_outc('\t');
		cli_out(extra[k].p, extra[k].n);
	}
	cli_outc('\n');
}

/* Write one document's tokens. */
static void
emit(const struct opts *op, txf_str id, const txf_tokens *t,
     const txf_str *extra, size_t nextra)
{
	if (op->one_per_line) {
		for (size_t i = 0; i < t->n; i++) {
			cli_out(id.p, id.n);
			cli_outc('\t');
			put_token(t->v[i]);
			put_extra(extra, nextra);
		}
		return;
	}
	cli_out(id.p, id.n);
	cli_outc('\t');
	/* The joined string, when there is one, goes out whole unless a
	 * token holds a backslash, which is escaped. */
	if (t->joined.p != NULL &&
	    memchr(t->joined.p, '\\', t->joined.n) == NULL)
		cli_out(t->joined.p, t->joined.n);
	else for (size_t i = 0; i < t->n; i++) {
		if (i > 0)
			cli_outc(' ');
		put_token(t->v[i]);
	}
	put_extra(extra, nextra);
}

/* Per-thread state. */
struct state {
	const struct opts *op;
	txf_tokenizer *tk;
	txf_buf text;         /* the unescaped text */
	txf_str *f;           /* fields of the line */
	char num[24];         /* the id under --no-id */
};

static void *
make_state(void *arg)
{
	const struct opts *op = arg;
	struct state *st = cli_xcalloc(1, sizeof *st);

	st->f = cli_xcalloc(op->field + 1, sizeof *st->f);
	st->tk = cli_xptr(txf_tokenizer_new(&op->an.o));
	st->op = op;
	return st;
}

static void
free_state(void *p)
{
	struct state *st = p;

	txf_tokenizer_free(st->tk);
	txf_buf_free(&st->text);
	free(st->f);
	free(st);
}

/* Tokenize one docs line. */
static int
tokenize_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	const struct opts *op = st->op;
	txf_str id, txt = { "", 0 }, extra[2];
	size_t nextra = 0;

	if (op->no_id) {
		int k = snprintf(st->num, sizeof st->num, "%llu",
		    (unsigned long long)c->lineno);
		id.p = st->num;
		id.n = (size_t)k;
		txt = line;
	} else {
		size_t maxf = op->field + 1, t = op->field - 1;
		size_t nf = txf_fields(line, st->f, maxf);
		id = st->f[0];
		if (nf <= t) {
			int s = cli_line_bad(c, "missing text column %zu",
			    op->field);
			if (s != 0)
				return s < 0 ? -1 : 0;
			/* replace: an empty text; the columns there are
			 * are kept */
			if (nf > 1) {
				extra[nextra].p = st->f[1].p;
				extra[nextra].n = (size_t)(st->f[nf - 1].p +
				    st->f[nf - 1].n - st->f[1].p);
				nextra++;
			}
		} else {
			txt = st->f[t];
			/* Other columns, in order: those between the id and
			 * the text (one raw span), then the rest. */
			if (t > 1) {
				extra[nextra].p = st->f[1].p;
				extra[nextra].n = (size_t)(st->f[t - 1].p +
				    st->f[t - 1].n - st->f[1].p);
				nextra++;
			}
			if (nf == maxf)
				extra[nextra++] = st->f[maxf - 1];
		}
	}
	txt = cli_unescaped(txt, &st->text);
	txf_tokens toks;
	int e = txf_tokenize(st->tk, txt.p, txt.n, &toks);
	if (e < 0)
		cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
		    txf_errmsg(e));
	emit(op, id, &toks, extra, nextra);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *arg;
	int c, status;

	cli_start(&tool, &opt.com, &opt.an, NULL);
	while ((c = cli_getopt(&tool, argc, argv, &opt.com, &arg)) != -1)
		if (c == OPT_FIELD)
			opt.field = cli_parse_size("--field", arg, 2, 1000000);
	cli_analysis_finish(&opt.an);

	txf_error err;
	txf_analysis *an = txf_analysis_new(&opt.an.o, opt.an.stop_arg, NULL,
	    &err);
	if (an == NULL)
		cli_die("%s", txf_errmsg(err.code));
	cli_out_open(opt.com.output);
	if (!opt.no_header)
		cli_hdr_write(an);
	txf_analysis_free(an);
	cli_lines l = { .fn = tokenize_line, .make_state = make_state,
	    .free_state = free_state, .arg = &opt, .threads = opt.com.threads,
	    .invalid = opt.com.invalid, .keep_blank = opt.no_id };
	status = cli_run_files(&l, argv + optind, argc - optind);
	status = cli_out_close(status ? EXIT_DATA : 0);
	cli_analysis_free(&opt.an);
	return status;
}
