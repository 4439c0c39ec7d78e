/* label.c - label maps: string classes to the integers trainers read, and
 * lists of labels in one field. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "batch.h"
#include "internal.h"

struct txf_labelmap {
	txf_count *t;       /* label -> its integer (stored as uint64) */
	int64_t next;       /* the integer the next new label gets */
};

txf_labelmap *
txf_labelmap_new(void)
{
	return TXF_NEW_COUNTED(txf_labelmap, t, 1);
}

TXF_DEFINE_FREE(txf_labelmap_free, txf_labelmap, m)
{
	txf_count_free(m->t);
	free(m);
}

size_t
txf_labelmap_size(const txf_labelmap *m)
{
	return txf_count_size(m->t);
}

int
txf_labelmap_get(const txf_labelmap *m, const char *p, size_t n, int64_t *v)
{
	size_t i;

	if (!txf_count_find(m->t, p, n, &i))
		return 0;
	*v = (int64_t)txf_count_vals(m->t, i)[0];
	return 1;
}

int
txf_label_ok(const char *p, size_t n)
{
	if (n == 0)
		return 0;
	/* A label map's first line would lose it: readers drop a byte order
	 * mark at the start of a file. */
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r' || p[i] == ',' || p[i] == '\0')
			return 0;
	return 1;
}

static int
put(txf_labelmap *m, const char *p, size_t n, int64_t v, int *isnew)
{
	size_t i;
	int rc = txf_count_add(m->t, p, n, &i);

	if (rc < 0)
		return rc;
	*isnew = rc;
	if (rc)
		txf_count_vals(m->t, i)[0] = (uint64_t)v;
	if (v >= m->next)
		m->next = v + 1;
	return 0;
}

int
txf_labelmap_add(txf_labelmap *m, const char *p, size_t n, int64_t *v)
{
	int isnew = 0;

	if (txf_labelmap_get(m, p, n, v))
		return 0;
	if (!txf_label_ok(p, n))
		return TXF_EINVAL;
	if (m->next == INT64_MAX)
		return TXF_ERANGE;
	*v = m->next;
	int rc = put(m, p, n, *v, &isnew);
	return rc < 0 ? rc : 1;
}

/* A decimal integer, optionally signed, that fits an int64. */
static int
parse_int(txf_str s, int64_t *v)
{
	size_t i = 0;
	int neg = 0;
	uint64_t x = 0;

	if (s.n > 0 && (s.p[0] == '-' || s.p[0] == '+'))
		neg = s.p[i++] == '-';
	if (i == s.n || s.n - i > 19)
		return 0;
	for (; i < s.n; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9)
			return 0;
		x = x * 10 + d;
	}
	if (x > (uint64_t)INT64_MAX)
		return 0;
	*v = neg ? -(int64_t)x : (int64_t)x;
	return 1;
}

/* Release what the load holds; NULL (err filled by the caller). */
static txf_labelmap *
fail(txf_labelmap *m, txf_reader *r, int fd)
{
	int e = errno;

	txf_reader_free(r);
	if (fd >= 0)
		close(fd);
	txf_labelmap_free(m);
	errno = e;
	return NULL;
}

/* The detail of a failure that is not about a line. */
static void
fail_code(txf_error *err, int code)
{
	txf_fail(err, code, 0, "%s", code == TXF_EIO ? strerror(errno) : "");
}

txf_labelmap *
txf_labelmap_load(const char *path, txf_error *err)
{
	txf_labelmap *m = NULL;
	txf_reader *r = NULL;
	txf_str l, f[3];
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0) {
		fail_code(err, TXF_EIO);
		return NULL;
	}
	if ((m = txf_labelmap_new()) == NULL ||
	    (r = txf_reader_new(fd)) == NULL) {
		fail_code(err, TXF_ENOMEM);
		return fail(m, r, fd);
	}
	while ((rc = txf_reader_line(r, &l)) > 0) {
		int64_t v;
		int isnew = 0;
		uint64_t line = txf_reader_lineno(r);
		if (txf_fields(l, f, 3) != 2 || !txf_label_ok(f[0].p, f[0].n) ||
		    !parse_int(f[1], &v)) {
			txf_fail(err, TXF_EFORMAT, line, "expected 'label TAB "
			    "integer' (a label has no space, comma or TAB)");
			return fail(m, r, fd);
		}
		if ((rc = put(m, f[0].p, f[0].n, v, &isnew)) < 0) {
			fail_code(err, rc);
			return fail(m, r, fd);
		}
		if (!isnew) {
			txf_fail(err, TXF_EFORMAT, line, "label '%.*s' given "
			    "twice", (int)(f[0].n > 40 ? 40 : f[0].n), f[0].p);
			return fail(m, r, fd);
		}
	}
	if (rc < 0) {
		fail_code(err, rc);
		return fail(m, r, fd);
	}
	txf_reader_free(r);
	close(fd);
	return m;
}

int
txf_labelmap_format(const txf_labelmap *m, txf_buf *out)
{
	size_t n = txf_count_size(m->t);
	char num[TXF_NUM_MAX + 1];

	/* Entries are numbered in the order they were added: the order of
	 * the file they were loaded from, then of first appearance. */
	for (size_t i = 0; i < n; i++) {
		txf_str t = txf_count_term(m->t, i);
		int64_t v = (int64_t)txf_count_vals(m->t, i)[0];
		size_t k = 0;
		if (v < 0)
			num[k++] = '-';
		k += txf_fmt_u64(v < 0 ? (uint64_t)0 - (uint64_t)v :
		    (uint64_t)v, num + k);
		if (txf_buf_add(out, t.p, t.n) < 0 ||
		    txf_buf_add(out, "\t", 1) < 0 ||
		    txf_buf_add(out, num, k) < 0 ||
		    txf_buf_add(out, "\n", 1) < 0)
			return TXF_ENOMEM;
	}
	return 0;
}

size_t
txf_labels_split(txf_str field, txf_str *out, size_t max)
{
	size_t k = 0;
	const char *p = field.p, *end = field.p + field.n;

	if (field.n == 0)
		return 0;
	for (;;) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;
		if (k < max) {
			out[k].p = p;
			out[k].n = (size_t)(e - p);
		}
		k++;
		if (c == NULL)
			return k;
		p = c + 1;
	}
}

/* ------------------------------------------------------------------ */
/* A record's label and query id                                       */

/* Column n (>= first) of a record from its columns first...; 0 when
 * missing. */
static int
column(txf_str extra, size_t first, size_t n, txf_str *out)
{
	const char *p = extra.p, *end;

	if (p == NULL || n < first)   /* no columns (NULL + 0 is undefined) */
		return 0;
	end = p + extra.n;
	for (size_t k = first; k < n; k++) {
		const char *t = memchr(p, '\t', (size_t)(end - p));
		if (t == NULL)
			return 0;
		p = t + 1;
	}
	const char *t = memchr(p, '\t', (size_t)(end - p));
	out->p = p;
	out->n = (size_t)((t ? t : end) - p);
	return 1;
}

static int
is_digits(txf_str s)
{
	if (s.n == 0)
		return 0;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

/* The integers of a field of classes, comma-separated, into out: 0, or
 * why not (a static string), or "" with *rc set (memory). */
static const char *
map_labels(const txf_labelcols *lc, txf_str f, txf_buf *out, int *rc)
{
	const char *p = f.p, *end = f.p + f.n;

	if (txf_labels_split(f, NULL, 0) == 0)
		return " (empty)";
	out->n = 0;
	while (p <= end) {
		const char *e = memchr(p, ',', (size_t)(end - p));
		char num[TXF_NUM_MAX + 1];
		size_t m = 0;
		int64_t v;
		if (e == NULL)
			e = end;
		if (!txf_label_ok(p, (size_t)(e - p)))
			return " (a label has no space and is not empty)";
		if (lc->build) {
			if ((*rc = txf_labelmap_add(lc->map, p, (size_t)(e - p),
			    &v)) < 0)
				return "";
		} else if (!txf_labelmap_get(lc->map, p, (size_t)(e - p), &v))
			return " (not in the label map)";
		if (out->n > 0)
			num[m++] = ',';
		m += txf_fmt_i64(v, num + m);
		if ((*rc = txf_buf_add(out, num, m)) < 0)
			return "";
		p = e + 1;
	}
	return NULL;
}

/* Whether f is a label of the format: NULL, or why not. */
static const char *
label_why(const txf_labelcols *lc, txf_str f, txf_buf *out, int *rc)
{
	if (lc->map != NULL)
		return map_labels(lc, f, out, rc);
	switch (lc->format) {
	case TXF_VEC_SVMLIGHT:
		/* a number as svmlight readers take it */
		return txf_decimal_syntax(f, 1) ? NULL : "";
	case TXF_VEC_FASTTEXT:
		/* Labels with no space, several separated by commas; an
		 * empty field is a document without labels. */
		return memchr(f.p, ' ', f.n) != NULL ?
		    " (a fastText label has no space)" : NULL;
	default:
		return f.n == 0 || memchr(f.p, '|', f.n) != NULL ? "" : NULL;
	}
}

/* The detail of a bad record into err (may be NULL). */
static int
bad(txf_error *err, int code, const char *fmt, ...)
{
	if (err != NULL) {
		va_list ap;
		err->code = code;
		err->line = 0;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

int
txf_row_labels(const txf_labelcols *lc, txf_str extra, txf_vecrow *row,
               txf_buf *scratch, txf_error *err)
{
	txf_str f;
	int rc = 0;

	row->label.p = row->qid.p = NULL;
	row->label.n = row->qid.n = 0;
	if (lc->label_col > 0) {
		const char *why;
		if (!column(extra, lc->first_col, lc->label_col, &f)) {
			return bad(err, TXF_EFORMAT, "missing label column %zu",
			    lc->label_col);
		}
		if ((why = label_why(lc, f, scratch, &rc)) != NULL) {
			if (rc < 0)
				return bad(err, rc, "%s", "");
			return bad(err, TXF_EFORMAT, "bad label '%.*s' in "
			    "column %zu%s", (int)(f.n > 40 ? 40 : f.n), f.p,
			    lc->label_col, why);
		}
		if (lc->map != NULL)
			f = (txf_str){ scratch->p, scratch->n };
		row->label = f;
	}
	if (lc->qid_col > 0) {
		if (!column(extra, lc->first_col, lc->qid_col, &f)) {
			return bad(err, TXF_EFORMAT, "missing qid column %zu",
			    lc->qid_col);
		}
		if (!is_digits(f)) {
			return bad(err, TXF_EFORMAT, "bad qid '%.*s' in column "
			    "%zu (not a non-negative integer)",
			    (int)(f.n > 40 ? 40 : f.n), f.p, lc->qid_col);
		}
		row->qid = f;
	}
	return 0;
}
