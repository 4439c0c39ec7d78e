/* rows.c - vectorize: a tokens or docs record into its vector, and the
 * vector into the lines of the output format. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vectorize.h"

uint64_t total_tokens, total_dropped;
int saw_analysis_line;
FILE *ids_file;
txf_vecnames *seen;
txf_vectorizer *main_vz;

static pthread_mutex_t totals_mu = PTHREAD_MUTEX_INITIALIZER;

void *
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

void
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

/* Count the document's tokens, write its line(s) - straight into the
 * output buffer when the bound fits, which it does but for huge documents
 * - and its id to the --ids file. */
void
emit(struct state *st, const txf_vecrow *row, const txf_vec *v)
{
	const txf_vecfmt *fo = &st->op->fo;
	size_t b = txf_vec_bound(st->vz, fo, row, v);

	st->tokens += v->tokens;
	st->dropped += v->dropped;
	if (ids_file != NULL) {
		fwrite(row->id.p, 1, row->id.n, ids_file);
		putc('\n', ids_file);
	}
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
int
vectorize_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	const struct vopts *op = st->op;
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
		int s = labels ? cli_line_refuse(c, "missing tokens column 2") :
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
			return cli_line_refuse(c, "%s", err.msg) < 0 ? -1 : 0;
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
		tokens = cli_unescaped(tokens, &st->text);
		e = txf_analyze(st->z, tokens.p, tokens.n, &toks);
		if (e >= 0 && op->fit != NULL) {
			/* vectorized once the vocab is made */
			fit_add(c, f[0], extra, toks.v, toks.n);
			return 0;
		}
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
	emit(st, &row, &v);
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

void
side_files_write(const struct vopts *op, const txf_vocab *vocab,
                 FILE *names_file, FILE *map_file)
{
	txf_buf b = { 0 };

	if (names_file != NULL) {
		cli_xmem(txf_vecnames_format(seen, vocab,
		    op->fo.one_based ? 1 : 0, &b));
		side_write(names_file, op->names, &b);
	}
	if (ids_file != NULL)
		cli_side_close(ids_file, op->ids);
	if (map_file != NULL) {
		b.n = 0;
		cli_xmem(txf_labelmap_format(op->lc.map, &b));
		side_write(map_file, op->label_map, &b);
	}
	txf_buf_free(&b);
}

void
side_files_commit(const struct vopts *op)
{
	if (op->names != NULL)
		cli_side_commit(op->names);
	if (op->ids != NULL)
		cli_side_commit(op->ids);
	if (op->lc.build)
		cli_side_commit(op->label_map);
	if (op->fit != NULL)
		cli_side_commit(op->fit);
}
