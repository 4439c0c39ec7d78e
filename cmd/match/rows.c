/*
 * rows.c - match: one query-listing pair to one row of features, the
 * label and qid checked first, the query analysed once for the rows that
 * repeat it; the TSV header before the first row.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "match.h"

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
	txf_buf vwq, vwl;     /* vw: the query's and listing's namespaces */
	txf_buf row;          /* a row too long for the output buffer */
};

void *
match_make_state(void *arg)
{
	struct opts *op = arg;
	struct state *st = cli_xcalloc(1, sizeof *st);

	st->op = op;
	st->maxf = 5;
	if (op->label_col + 1 > st->maxf)
		st->maxf = op->label_col + 1;
	if (op->qid_col + 1 > st->maxf)
		st->maxf = op->qid_col + 1;
	st->f = cli_xcalloc(st->maxf, sizeof *st->f);
	st->z = txf_analyzer_dup(op->z);
	st->m = txf_matcher_new(&op->mo, NULL);
	if (st->z == NULL || st->m == NULL)
		cli_nomem();
	return st;
}

void
match_free_state(void *p)
{
	struct state *st = p;

	txf_matcher_free(st->m);
	txf_analyzer_free(st->z);
	txf_buf_free(&st->text);
	txf_buf_free(&st->last_query);
	txf_buf_free(&st->vwq);
	txf_buf_free(&st->vwl);
	txf_buf_free(&st->row);
	free(st->f);
	free(st);
}

/* Tokenize one text field (unescaped first when it holds a backslash);
 * for VW, its namespace's features into ns. */
static void
analyse(cli_line_ctx *c, struct state *st, txf_str s, txf_tokens *out,
        txf_buf *ns)
{
	cli_analyze_field(c, st->z, s, &st->text, out);
	if (st->op->fmt.format == TXF_MOUT_VW) {
		ns->n = 0;
		cli_xmem(txf_mout_vw_tokens(out->v, out->n, ns));
	}
}

#define SHOW(s) (int)((s).n > 40 ? 40 : (s).n), (s).p

/* The row's qid, its number into num (svmlight) and its group (--groups).
 * Returns 1 to write the row, else what cli_line_refuse() does. */
static int
row_qid(cli_line_ctx *c, struct opts *op, const txf_str *f, size_t nf,
        char *num)
{
	if (op->qid_col > nf)
		return cli_line_refuse(c, "missing qid column %zu", op->qid_col);
	txf_str q = f[op->qid_col - 1];
	int where;
	int rc = txf_qids_next(op->qids, q, num, &where);
	if (rc == 0)
		return cli_line_refuse(c, "qid '%.*s' is not a number (the first qid "
		    "was; see --qid)", SHOW(q));
	if (rc < 0)
		cli_die("%s", rc == TXF_ENOMEM ? "out of memory" :
		    "too many query ids");
	if (where == 2 && !op->warned) {
		cli_warn("%s:%llu: the rows of qid '%.*s' are not contiguous; "
		    "lambdarank needs each query's rows together (sort the "
		    "pairs by qid)", c->name, (unsigned long long)c->lineno,
		    SHOW(q));
		op->warned = 1;
	}
	if (op->groups != NULL && where != 0 && op->group_rows > 0) {
		fprintf(op->groups, "%llu\n",
		    (unsigned long long)op->group_rows);
		op->group_rows = 0;
	}
	return 1;
}

int
match_line(cli_line_ctx *c, txf_str line)
{
	struct state *st = c->state;
	struct opts *op = st->op;
	txf_str *f = st->f, none = { "", 0 };
	size_t nf = txf_fields(line, f, st->maxf);
	double val[TXF_FEAT_COUNT];
	txf_tokens toks;
	char qnum[TXF_NUM_MAX] = "";
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
	txf_mrow row = { .qid = f[0], .lid = f[2], .val = val };
	/* The extra columns: from column 5 to the end of the line. */
	if (nf > 4 && op->fmt.format == TXF_MOUT_TSV) {
		row.extra.p = f[4].p;
		row.extra.n = (size_t)(line.p + line.n - f[4].p);
	}

	/* The label and the qid, before any work. */
	if (op->label_col > 0) {
		int s = 0;
		if (op->label_col > nf)
			s = cli_line_refuse(c, "missing label column %zu",
			    op->label_col);
		else if (!txf_mout_label_ok(f[op->label_col - 1]))
			s = cli_line_refuse(c, "label '%.*s' is not a number",
			    SHOW(f[op->label_col - 1]));
		if (s != 0)
			return s < 0 ? -1 : 0;
		row.label = f[op->label_col - 1];
	}
	if (op->qids != NULL) {
		int s = row_qid(c, op, f, nf, qnum);
		if (s != 1)
			return s < 0 ? -1 : 0;
		row.qnum.p = qnum;
		row.qnum.n = strlen(qnum);
	}

	/* The query, unless it is the one set already. */
	if (!st->have_query || f[1].n != st->last_query.n ||
	    (f[1].n > 0 && memcmp(f[1].p, st->last_query.p, f[1].n) != 0)) {
		st->have_query = 0;
		analyse(c, st, f[1], &toks, &st->vwq);
		if ((e = txf_match_query(st->m, toks.v, toks.n)) < 0)
			goto fail;
		st->last_query.n = 0;
		cli_xmem(txf_buf_add(&st->last_query, f[1].p, f[1].n));
		st->have_query = 1;
	}
	analyse(c, st, f[3], &toks, &st->vwl);
	if ((e = txf_match_listing(st->m, toks.v, toks.n, val)) < 0)
		goto fail;
	row.vwq = (txf_str){ st->vwq.p, st->vwq.n };
	row.vwl = (txf_str){ st->vwl.p, st->vwl.n };

	/* The row, straight into the output buffer when it fits. */
	size_t need = txf_mout_bound(&op->fmt, &row);
	if (cli_out_room(need)) {
		cli_on += txf_mout_write(&op->fmt, &row, cli_obuf + cli_on);
	} else {
		st->row.n = 0;
		cli_xmem(txf_buf_grow(&st->row, need));
		cli_out(st->row.p, txf_mout_write(&op->fmt, &row, st->row.p));
	}
	if (op->ids != NULL)
		fprintf(op->ids, "%.*s\t%.*s\n", (int)row.qid.n, row.qid.p,
		    (int)row.lid.n, row.lid.p);
	op->group_rows++;
	return 0;
fail:
	cli_die("%s:%llu: %s", c->name, (unsigned long long)c->lineno,
	    e == TXF_ERANGE ? "text too large" : txf_errmsg(e));
}

void
match_write_head(struct opts *op, size_t nextra)
{
	txf_str f[64];
	size_t nf = 0;
	txf_buf h = { 0 };

	if (!op->head_due)
		return;
	op->head_due = 0;
	if (op->head_line.n > 0)   /* --header gave a line */
		nf = txf_fields((txf_str){ op->head_line.p, op->head_line.n },
		    f, 64);
	nf = nf > 4 ? nf - 4 : 0;
	cli_xmem(txf_mout_header(&op->fmt, f + 4, nf, nextra > nf ? nextra :
	    nf, &h));
	cli_out(h.p, h.n);
	txf_buf_free(&h);
}

void
match_header_line(void *arg, const char *name, txf_str line)
{
	struct opts *op = arg;

	(void)name;
	if (op->head_due && op->head_line.n == 0)
		cli_xmem(txf_buf_add(&op->head_line, line.p, line.n));
}

void
match_first_row(void *arg, txf_str line)
{
	txf_str f[64];
	size_t nf = txf_fields(line, f, 64);

	match_write_head(arg, nf > 4 ? nf - 4 : 0);
}

