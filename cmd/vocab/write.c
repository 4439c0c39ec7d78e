/* write.c - vocab: the merged rows pruned and written, or the top. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vocab.h"
#include "vecfit.h"

/* --min-df or --max-df (opt) into *b, or exit 2. */
void
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

/* Rows txf_dfcount_format() made (pieces of about a megabyte: written
 * as they are, not copied). */
static int
out_rows(void *arg, const char *p, size_t n)
{
	(void)arg;
	cli_out_direct(p, n);
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
	double idf = txf_idf(op->idf, ndocs, df);
	if (op->keep_only) {
		if (txf_vocab_add_row(op->keep, term, df, cf, idf) < 0)
			cli_die("out of memory");
		return;
	}
	row->n = 0;
	if (txf_vocab_format_row(term.p, term.n, df, cf, op->idf, idf,
	    row) < 0)
		cli_die("out of memory");
	cli_out(row->p, row->n);
	if (op->keep != NULL &&
	    txf_vocab_add_row(op->keep, term, df, cf, idf) < 0)
		cli_die("out of memory");
}

static void
report_pruning(const struct opts *op, const txf_pruner *p)
{
	txf_prune_stats st;
	char num[TXF_NUM_MAX];
	txf_buf b = { 0 };

	txf_pruner_stats(p, &st);
	/* Each rule given, described alone, and the terms it removed. */
	const struct {
		int given;
		txf_prune_opts alone;
		uint64_t removed;
	} rule[] = {
		{ op->prune.max_df.kind != TXF_DF_NONE,
		  { .max_df = op->prune.max_df }, st.max_df },
		{ op->prune.min_df.kind != TXF_DF_NONE,
		  { .min_df = op->prune.min_df }, st.min_df },
		{ op->prune.max_features > 0,
		  { .max_features = op->prune.max_features }, st.max_features },
	};
#define STR(s) (void)txf_buf_add(&b, s, strlen(s))
#define NUM(v) (void)txf_buf_add(&b, num, txf_fmt_u64(v, num))
	NUM(st.seen);
	STR(st.seen == 1 ? " term" : " terms");
	for (size_t i = 0; i < sizeof rule / sizeof *rule; i++) {
		if (!rule[i].given)
			continue;
		STR(", ");
		(void)txf_prune_describe(&rule[i].alone, &b);
		STR(" removed ");
		NUM(rule[i].removed);
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
	txf_buf hi = { 0 }, lo = { 0 };
	char hd[TXF_NUM_MAX], ld[TXF_NUM_MAX];
	double n = (double)ndocs;
	const txf_df_bound *mx = &op->prune.max_df, *mn = &op->prune.min_df;

	(void)txf_prune_describe(&(txf_prune_opts){ .max_df = *mx }, &hi);
	(void)txf_buf_add(&hi, "", 1);
	(void)txf_prune_describe(&(txf_prune_opts){ .min_df = *mn }, &lo);
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
void
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
	if (top == NULL && !op->keep_only) {
		if (txf_vocab_format_header(h, &row) < 0)
			cli_die("out of memory");
		cli_out(row.p, row.n);
	}
	/* Every row as it is: the counter may format them on threads. */
	if (cnt != NULL && top == NULL && txf_prune_none(&op->prune) &&
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
