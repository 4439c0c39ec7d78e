/* fit.c - vectorize --fit: the vocab fitted on the input, as vocab --docs
 * writes it, then the input's vectors with it, as vectorize -V gives
 * them; the input is read and analysed once.  The documents' term
 * numbers, ids and extra columns are held in memory until the end. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vectorize.h"
#include "vecfit.h"
/* The vocab tool's pruning and writing (cmd/vocab/write.c). */
#include "../vocab/vocab.h"

static txf_vecfit *fit;
/* Each document's id and extra columns: a uint32 length and the bytes
 * of each, the extra's length UINT32_MAX when it has none. */
static txf_buf rows;

static void
put_field(txf_str s, int none)
{
	uint32_t n = none ? UINT32_MAX : (uint32_t)s.n;

	if (!none && s.n >= UINT32_MAX)
		cli_die("a field of 4 GiB or more");
	cli_xmem(txf_buf_add(&rows, (const char *)&n, 4));
	if (!none && s.n > 0)
		cli_xmem(txf_buf_add(&rows, s.p, s.n));
}

void
fit_add(cli_line_ctx *c, txf_str id, txf_str extra, const txf_str *tok,
        size_t n)
{
	if (fit == NULL)
		fit = cli_xptr(txf_vecfit_new());
	int rc = txf_vecfit_add(fit, tok, n);
	if (rc == TXF_ERANGE)
		cli_die("%s:%llu: too many documents, tokens or terms for "
		    "--fit", c->name, (unsigned long long)c->lineno);
	cli_xmem(rc);
	put_field(id, 0);
	put_field(extra, extra.p == NULL);
}

/* The vocab's text, as the vocab tool writes it, into b. */
static void
vocab_text(const struct vopts *op, txf_buf *b)
{
	struct opts vk = { .prune = op->prune, .memory = (size_t)256 << 20 };
	txf_buf pruning = { 0 };
	int err = 0;

	if (op->idf_kind != NULL)
		vk.idf = (enum txf_idf)txf_idf_parse(op->idf_kind);
	else if (op->vo.idf)
		vk.idf = TXF_IDF_SMOOTH;
	if (fit == NULL)
		fit = cli_xptr(txf_vecfit_new());
	txf_merge *m = txf_vecfit_merge(fit, &err);
	if (m == NULL)
		die_code(err, "counting");
	if (txf_prune_describe(&op->prune, &pruning) < 0 ||
	    txf_buf_add(&pruning, "", 1) < 0)
		cli_nomem();
	char *an = cli_spell(txf_analyzer_analysis(op->z));
	txf_vocab_header h = {
		.analysis = an,
		.pruning = pruning.p,
		.idf = vk.idf,
		.docs = txf_vecfit_docs(fit),
		.tokens = txf_vecfit_tokens(fit),
	};
	/* The writer writes to the output: collect it instead, the
	 * output's buffer (nothing in it yet) set aside meanwhile. */
	char *obuf = cli_obuf;
	size_t on = cli_on, ocap = cli_ocap;
	cli_out_capture(b);
	write_vocab(&vk, m, &h, NULL, 0, NULL);
	cli_out_uncapture(b);
	cli_obuf = obuf;
	cli_on = on;
	cli_ocap = ocap;
	free(an);
	txf_buf_free(&pruning);
}

txf_vocab *
fit_vocab(struct vopts *op, FILE *mf)
{
	txf_buf b = { 0 };
	txf_error err;

	vocab_text(op, &b);
	if (b.n > 0)
		fwrite(b.p, 1, b.n, mf);
	cli_side_close(mf, op->fit);
	/* Read back as vectorize -V reads the file: the same rows and idf
	 * to the last bit. */
	int fd = txf_tmpfile(NULL);
	if (fd < 0)
		cli_die("--fit: cannot make a temporary file: %s",
		    strerror(errno));
	for (size_t k = 0; k < b.n;) {
		ssize_t w = write(fd, b.p + k, b.n - k);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			cli_die("--fit: writing a temporary file: %s",
			    strerror(errno));
		k += (size_t)w;
	}
	txf_buf_free(&b);
	if (lseek(fd, 0, SEEK_SET) != 0)
		cli_die("--fit: %s", strerror(errno));
	txf_vocab *v = txf_vocab_load_fd(fd, &err);
	close(fd);
	if (v == NULL)
		cli_die_err(op->fit, &err);
	return v;
}

/* The next stored field at *p. */
static txf_str
get_field(const char **p)
{
	uint32_t n;
	txf_str s = { NULL, 0 };

	memcpy(&n, *p, 4);
	*p += 4;
	if (n == UINT32_MAX)
		return s;
	s.p = *p;
	s.n = n;
	*p += n;
	return s;
}

void
fit_rows(struct vopts *op, const txf_vocab *v)
{
	struct state *st = make_state(op);
	const char *p = rows.p;
	size_t n = fit ? (size_t)txf_vecfit_docs(fit) : 0;
	int labels = op->lc.label_col > 0 || op->lc.qid_col > 0;
	txf_error err;

	if (fit != NULL)
		cli_xmem(txf_vecfit_index(fit, v));
	for (size_t i = 0; i < n; i++) {
		txf_vecrow row = { 0 };
		txf_vec vec;
		row.id = get_field(&p);
		txf_str extra = get_field(&p);
		/* Checked when the line was read. */
		if (labels && txf_row_labels(&op->lc, extra, &row, &st->lab,
		    &err) < 0)
			cli_die("%s", txf_error_text(&err));
		cli_xmem(txf_vecfit_vector(fit, st->vz, i, &vec));
		st->tokens += vec.tokens;
		st->dropped += vec.dropped;
		emit(st, &row, &vec);
		if (ids_file != NULL) {
			fwrite(row.id.p, 1, row.id.n, ids_file);
			putc('\n', ids_file);
		}
	}
	free_state(st);
	txf_vecfit_free(fit);
	fit = NULL;
	txf_buf_free(&rows);
}
