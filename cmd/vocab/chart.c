/* chart.c - vocab --top on a terminal: the rows as a bar chart. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <utf8proc.h>

#include "vocab.h"

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

/* Row i of the top: its term escaped into esc, its counts. */
static void
escaped_row(txf_top *top, size_t i, txf_buf *esc, uint64_t *df,
            uint64_t *cf)
{
	txf_str t;

	txf_top_row(top, i, &t, df, cf);
	esc->n = 0;
	if (txf_escape(t.p, t.n, esc) < 0)
		cli_die("out of memory");
}

/* The --top rows as a bar chart. */
void
write_chart(const struct opts *op, txf_top *top, size_t n, uint64_t ndocs)
{
	size_t tw = 4, dw = 2, cw = 2, iw = 0, cols = term_columns();
	uint64_t max = 1;
	txf_buf esc = { 0 };
	char num[TXF_NUM_MAX];

	for (size_t i = 0; i < n; i++) {
		uint64_t df, cf;
		escaped_row(top, i, &esc, &df, &cf);
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
		uint64_t df, cf;
		escaped_row(top, i, &esc, &df, &cf);
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
