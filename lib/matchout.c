/*
 * matchout.c - match's rows in TSV, svmlight and VW, its TSV header, and
 * the query ids and groups of a ranking file.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "internal.h"
#include "matchout.h"

static const char *const format_names[] = { "tsv", "svmlight", "vw", NULL };

const char *const *
txf_mout_format_names(void)
{
	return format_names;
}

static inline char *
put(char *o, const char *p, size_t n)
{
	memcpy(o, p, n);
	return o + n;
}

/* A value: the small integers most values are without the formatter. */
static inline char *
put_num(char *o, double v, int prec)
{
	if (v >= 0 && v < 10 && v == (double)(int)v) {
		*o++ = (char)('0' + (int)v);
		return o;
	}
	return o + txf_fmt_num(v, prec, o);
}

/* The stream field p[0..n) with its escapes decoded, VW-escaped. */
static char *
put_vw_id(char *o, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '\\' && i + 1 < n) {
			char e = p[i + 1];
			int d = e == 't' ? '\t' : e == 'n' ? '\n' :
			    e == 'r' ? '\r' : e == '\\' ? '\\' : -1;
			if (d >= 0) {
				c = (char)d;
				i++;
			}
		}
		o += txf_vw_escape(&c, 1, o);
	}
	return o;
}

size_t
txf_mout_bound(const txf_mout *f, const txf_mrow *r)
{
	size_t b = f->nfeat * (TXF_NUM_MAX + 2) + 2;

	switch (f->format) {
	case TXF_MOUT_TSV:
		b += r->qid.n + r->lid.n + 2 + (r->extra.p ? r->extra.n + 1 : 0);
		break;
	case TXF_MOUT_SVMLIGHT:
		b += (r->label.p ? r->label.n : 1) + 5 + r->qnum.n +
		    f->nfeat * TXF_NUM_MAX;
		if (f->id_comment)
			b += 4 + r->qid.n + r->lid.n;
		break;
	case TXF_MOUT_VW:
		b += r->label.n + 3 + 3 * (r->qid.n + r->lid.n) + 1 +
		    3 + r->vwq.n + 3 + r->vwl.n + 3;
		for (size_t i = 0; i < f->nfeat; i++)
			b += strlen(txf_feat_name((enum txf_feat)f->feat[i])) + 1;
		break;
	}
	return b;
}

size_t
txf_mout_write(const txf_mout *f, const txf_mrow *r, char *out)
{
	char *o = out;

	switch (f->format) {
	case TXF_MOUT_TSV:
		o = put(o, r->qid.p, r->qid.n);
		*o++ = '\t';
		o = put(o, r->lid.p, r->lid.n);
		for (size_t i = 0; i < f->nfeat; i++) {
			*o++ = '\t';
			o = put_num(o, r->val[f->feat[i]], f->prec);
		}
		if (r->extra.p != NULL) {
			*o++ = '\t';
			o = put(o, r->extra.p, r->extra.n);
		}
		break;
	case TXF_MOUT_SVMLIGHT:
		if (r->label.p != NULL)
			o = put(o, r->label.p, r->label.n);
		else
			*o++ = '0';
		o = put(o, " qid:", 5);
		o = put(o, r->qnum.p, r->qnum.n);
		for (size_t i = 0; i < f->nfeat; i++) {
			*o++ = ' ';
			if (i < 9)
				*o++ = (char)('1' + i);
			else
				o += txf_fmt_u64(i + 1, o);
			*o++ = ':';
			o = put_num(o, r->val[f->feat[i]], f->prec);
		}
		if (f->id_comment) {
			o = put(o, " # ", 3);
			o = put(o, r->qid.p, r->qid.n);
			*o++ = '\t';
			o = put(o, r->lid.p, r->lid.n);
		}
		break;
	case TXF_MOUT_VW:
		if (r->label.p != NULL) {
			o = put(o, r->label.p, r->label.n);
			*o++ = ' ';
		}
		*o++ = '\'';
		o = put_vw_id(o, r->qid.p, r->qid.n);
		*o++ = ':';
		o = put_vw_id(o, r->lid.p, r->lid.n);
		o = put(o, " |q", 3);
		o = put(o, r->vwq.p, r->vwq.n);
		o = put(o, " |l", 3);
		o = put(o, r->vwl.p, r->vwl.n);
		o = put(o, " |f", 3);
		for (size_t i = 0; i < f->nfeat; i++) {
			const char *name = txf_feat_name(
			    (enum txf_feat)f->feat[i]);
			*o++ = ' ';
			o = put(o, name, strlen(name));
			*o++ = ':';
			o = put_num(o, r->val[f->feat[i]], f->prec);
		}
		break;
	}
	*o++ = '\n';
	return (size_t)(o - out);
}

int
txf_mout_vw_tokens(const txf_str *t, size_t n, txf_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (txf_buf_grow(out, 1 + 3 * t[i].n) < 0)
			return TXF_ENOMEM;
		out->p[out->n++] = ' ';
		out->n += txf_vw_escape(t[i].p, t[i].n, out->p + out->n);
	}
	return 0;
}

int
txf_mout_header(const txf_mout *f, const txf_str *names, size_t nnames,
                size_t nextra, txf_buf *out)
{
	char num[TXF_NUM_MAX];

	if (txf_buf_add(out, "#qid\tlid", 8) < 0)
		return TXF_ENOMEM;
	for (size_t i = 0; i < f->nfeat; i++) {
		const char *name = txf_feat_name((enum txf_feat)f->feat[i]);
		if (txf_buf_add(out, "\t", 1) < 0 ||
		    txf_buf_add(out, name, strlen(name)) < 0)
			return TXF_ENOMEM;
	}
	for (size_t i = 0; i < nextra; i++) {
		if (txf_buf_add(out, "\t", 1) < 0)
			return TXF_ENOMEM;
		if (i < nnames) {
			if (txf_buf_add(out, names[i].p, names[i].n) < 0)
				return TXF_ENOMEM;
			continue;
		}
		size_t k = txf_fmt_u64(i + 1, num);
		if (txf_buf_add(out, "extra", 5) < 0 ||
		    txf_buf_add(out, num, k) < 0)
			return TXF_ENOMEM;
	}
	return txf_buf_add(out, "\n", 1) < 0 ? TXF_ENOMEM : 0;
}

int
txf_mout_label_ok(txf_str s)
{
	char tmp[64], *end;

	if (s.n == 0 || s.n >= sizeof tmp || s.p[0] == ' ' || s.p[0] == '\t' ||
	    memchr(s.p, 'x', s.n) != NULL || memchr(s.p, 'X', s.n) != NULL)
		return 0;
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	errno = 0;
	double v = strtod(tmp, &end);
	return *end == '\0' && isfinite(v);
}

/* ------------------------------------------------------------------ */
/* Query ids                                                           */

struct txf_qids {
	int numbers;        /* qids as numbers (svmlight) */
	int numeric;        /* -1 undecided, 0 numbered, 1 numbers */
	txf_count *seen;    /* every qid seen, by first appearance */
	size_t prev_idx;    /* the previous row's entry in seen */
	int have_prev;
};

TXF_DEFINE_FREE(txf_qids_free, txf_qids, q)
{
	txf_count_free(q->seen);
	free(q);
}

txf_qids *
txf_qids_new(int numbers)
{
	txf_qids *q = TXF_NEW_COUNTED(txf_qids, seen, 1);

	if (q != NULL) {
		q->numbers = numbers;
		q->numeric = numbers ? -1 : 0;
	}
	return q;
}

/* A qid kept as a number: 1 to 18 decimal digits (it fits an int64). */
static int
is_number(txf_str s, uint64_t *v)
{
	uint64_t x = 0;

	if (s.n == 0 || s.n > 18)
		return 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9)
			return 0;
		x = x * 10 + d;
	}
	*v = x;
	return 1;
}

int
txf_qids_next(txf_qids *q, txf_str qid, char *num, int *where)
{
	txf_str key = qid;
	char kbuf[TXF_NUM_MAX];
	uint64_t v = 0;
	size_t idx;

	if (q->numbers) {
		int numeric = is_number(qid, &v);
		if (q->numeric < 0)
			q->numeric = numeric;
		if (q->numeric && !numeric)
			return 0;
		if (q->numeric) {
			key.p = kbuf;
			key.n = txf_fmt_u64(v, kbuf);
		}
	}
	/* Same group as the row before (its qid is its entry in seen), a
	 * new qid, or one seen before. */
	if (q->have_prev &&
	    txf_same_str(key, txf_count_term(q->seen, q->prev_idx))) {
		idx = q->prev_idx;
		*where = 0;
	} else {
		int rc = txf_count_add(q->seen, key.p, key.n, &idx);
		if (rc < 0)
			return rc;
		*where = rc == 1 ? 1 : 2;
		q->have_prev = 1;
		q->prev_idx = idx;
	}
	if (q->numbers) {
		if (q->numeric)
			memcpy(num, kbuf, key.n + 1);
		else
			txf_fmt_u64((uint64_t)idx + 1, num);
	}
	return 1;
}
