/*
 * prune.c - pruning a vocabulary as scikit-learn's CountVectorizer does
 * (min_df, max_df, max_features), on rows streamed in term order; and the
 * top K terms by df or cf.
 *
 * scikit-learn (feature_extraction/text.py, fit_transform and
 * _limit_features) turns a proportion p of max_df or min_df into the
 * unrounded double p * n_docs, keeps a term when its df is within both
 * bounds, and then, when more than max_features terms are left, keeps the
 * max_features terms of highest cf.  It leaves ties to numpy's unstable
 * argsort; here they go to the term that comes first in byte order, which
 * is what a stable sort of its term-sorted columns would give.
 *
 * max_features is applied in two passes, in memory that does not grow
 * with the vocabulary: the first keeps a min-heap of the max_features
 * highest cf values (8 bytes each) and spools the rows that pass the df
 * bounds; the second reads the spool back and keeps the rows above the
 * heap's least value, and of those equal to it as many as are needed, in
 * term order.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "internal.h"


/* ------------------------------------------------------------------ */
/* Options                                                             */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
txf_df_bound_parse(const char *s, txf_df_bound *b)
{
	size_t i = 0, digits = 0;
	int point = 0;

	/* Digits, at most one point, then an optional exponent. */
	for (; is_digit(s[i]) || (s[i] == '.' && !point); i++) {
		if (s[i] == '.')
			point = 1;
		else
			digits++;
	}
	if (digits == 0)
		return TXF_EINVAL;
	if ((s[i] == 'e' || s[i] == 'E') && point) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!is_digit(s[i]))
			return TXF_EINVAL;
		while (is_digit(s[i]))
			i++;
	}
	if (s[i] != '\0')
		return TXF_EINVAL;
	if (!point) {
		uint64_t v = 0;
		for (i = 0; s[i] != '\0'; i++) {
			unsigned d = (unsigned)(s[i] - '0');
			if (v > (UINT64_MAX - d) / 10)
				return TXF_ERANGE;
			v = v * 10 + d;
		}
		if (v < 1)
			return TXF_ERANGE;
		b->kind = TXF_DF_COUNT;
		b->count = v;
		b->prop = 0;
		return 0;
	}
	char *end;
	double v = txf_strtod_c(s, &end);
	if (*end != '\0')
		return TXF_EINVAL;
	if (!(v >= 0.0 && v <= 1.0))
		return TXF_ERANGE;
	b->kind = TXF_DF_PROP;
	b->prop = v;
	b->count = 0;
	return 0;
}

/* A bound as its option value: a count, or the shortest decimal that
 * reads back to the proportion, with a decimal point. */
static int
describe_bound(const txf_df_bound *b, txf_buf *out)
{
	char num[TXF_NUM_MAX + 4];
	size_t n;

	if (b->kind == TXF_DF_COUNT) {
		n = txf_fmt_u64(b->count, num);
		return txf_buf_add(out, num, n);
	}
	for (int prec = 1;; prec++) {
		n = txf_fmt_num(b->prop, prec, num);
		if (prec == 17 || txf_strtod_c(num, NULL) == b->prop)
			break;
	}
	char *e = memchr(num, 'e', n);
	if (memchr(num, '.', n) == NULL) {
		/* "1" -> "1.0", "1e-05" -> "1.0e-05" */
		size_t at = e ? (size_t)(e - num) : n;
		memmove(num + at + 2, num + at, n - at + 1);
		memcpy(num + at, ".0", 2);
		n += 2;
	}
	return txf_buf_add(out, num, n);
}

int
txf_prune_describe(const txf_prune_opts *o, txf_buf *out)
{
	int any = 0;

	if (o->max_df.kind != TXF_DF_NONE) {
		if (txf_buf_add(out, "max-df=", 7) < 0 ||
		    describe_bound(&o->max_df, out) < 0)
			return TXF_ENOMEM;
		any = 1;
	}
	if (o->min_df.kind != TXF_DF_NONE) {
		if ((any && txf_buf_add(out, " ", 1) < 0) ||
		    txf_buf_add(out, "min-df=", 7) < 0 ||
		    describe_bound(&o->min_df, out) < 0)
			return TXF_ENOMEM;
		any = 1;
	}
	if (o->max_features > 0) {
		char num[TXF_NUM_MAX];
		size_t n = txf_fmt_u64(o->max_features, num);
		if ((any && txf_buf_add(out, " ", 1) < 0) ||
		    txf_buf_add(out, "max-features=", 13) < 0 ||
		    txf_buf_add(out, num, n) < 0)
			return TXF_ENOMEM;
		any = 1;
	}
	if (!any && txf_buf_add(out, "none", 4) < 0)
		return TXF_ENOMEM;
	return 0;
}

int
txf_prune_none(const txf_prune_opts *o)
{
	return o->max_df.kind == TXF_DF_NONE &&
	    o->min_df.kind == TXF_DF_NONE && o->max_features == 0;
}

/* ------------------------------------------------------------------ */
/* The spool: rows held between the two passes of max_features         */

/*
 * Records {uint32 length, term bytes, uint64 df, uint64 cf} in the
 * machine's byte order, in memory until they pass the budget, then in an
 * anonymous temporary file with the buffer in front of it.
 */
struct spool {
	txf_buf b;
	size_t budget;
	const char *dir;
	int fd;               /* -1 while all is in memory */
	/* reading */
	size_t pos;           /* next byte of b to read */
	int eof;              /* the file is read to its end */
	txf_buf term;
};

static int
spool_put(struct spool *s, const char *p, size_t n, uint64_t df, uint64_t cf)
{
	uint32_t len = (uint32_t)n;

	if (n > UINT32_MAX)
		return TXF_ERANGE;
	if (txf_buf_add(&s->b, &len, sizeof len) < 0 ||
	    txf_buf_add(&s->b, p, n) < 0 ||
	    txf_buf_add(&s->b, &df, sizeof df) < 0 ||
	    txf_buf_add(&s->b, &cf, sizeof cf) < 0)
		return TXF_ENOMEM;
	if (s->b.n < s->budget)
		return 0;
	if (s->fd < 0 && (s->fd = txf_tmpfile(s->dir)) < 0) {
		int rc = s->fd;
		s->fd = -1;
		return rc;
	}
	if (txf_write_all(s->fd, s->b.p, s->b.n) < 0)
		return TXF_EIO;
	s->b.n = 0;
	return 0;
}

/* Start reading: the file from its start, then the buffer's tail. */
static int
spool_rewind(struct spool *s)
{
	s->pos = 0;
	s->eof = 1;
	if (s->fd < 0)
		return 0;
	/* Write the tail too, so that all is read from the file. */
	if (txf_write_all(s->fd, s->b.p, s->b.n) < 0)
		return TXF_EIO;
	s->b.n = 0;
	s->eof = 0;
	if (lseek(s->fd, 0, SEEK_SET) != 0)
		return TXF_EIO;
	return 0;
}

/* Make n bytes readable at s->b.p + s->pos: 1, 0 at the end, or error. */
static int
spool_need(struct spool *s, size_t n)
{
	while (s->b.n - s->pos < n) {
		if (s->eof)
			return s->b.n == s->pos ? 0 : TXF_EFORMAT;
		memmove(s->b.p, s->b.p + s->pos, s->b.n - s->pos);
		s->b.n -= s->pos;
		s->pos = 0;
		size_t want = n > 65536 ? n : 65536;
		if (s->b.cap - s->b.n < want &&
		    txf_buf_grow(&s->b, want) < 0)
			return TXF_ENOMEM;
		ssize_t k = txf_read_some(s->fd, s->b.p + s->b.n,
		    s->b.cap - s->b.n);
		if (k < 0)
			return (int)k;
		if (k == 0)
			s->eof = 1;
		s->b.n += (size_t)k;
	}
	return 1;
}

static int
spool_get(struct spool *s, txf_str *term, uint64_t *df, uint64_t *cf)
{
	uint32_t len;
	int rc = spool_need(s, sizeof len);

	if (rc <= 0)
		return rc;
	memcpy(&len, s->b.p + s->pos, sizeof len);
	if ((rc = spool_need(s, sizeof len + len + 16)) <= 0)
		return rc < 0 ? rc : TXF_EFORMAT;
	const char *p = s->b.p + s->pos + sizeof len;
	s->term.n = 0;
	if (txf_buf_add(&s->term, p, len) < 0)
		return TXF_ENOMEM;
	memcpy(df, p + len, 8);
	memcpy(cf, p + len + 8, 8);
	s->pos += sizeof len + len + 16;
	term->p = s->term.p ? s->term.p : "";
	term->n = len;
	return 1;
}

static void
spool_free(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	txf_buf_free(&s->b);
	txf_buf_free(&s->term);
}

/* ------------------------------------------------------------------ */
/* The pruner                                                          */

struct txf_pruner {
	txf_prune_opts o;
	double hi, lo;         /* the df bounds in documents */
	int has_hi, has_lo;
	txf_prune_stats st;
	/* max_features */
	uint64_t *heap;        /* a min-heap of the highest cf values */
	size_t nheap, cap;
	struct spool sp;
	int finished;
	uint64_t thr;          /* cf of the last row kept ... */
	uint64_t ties;         /* ... and how many rows with it to keep */
};

TXF_DEFINE_FREE(txf_pruner_free, txf_pruner, p)
{
	spool_free(&p->sp);
	TXF_FREE_ALL(p->heap, p);
}

txf_pruner *
txf_pruner_new(const txf_prune_opts *o, uint64_t n_docs, const char *dir,
               size_t mem, int *err)
{
	txf_pruner *p = calloc(1, sizeof *p);
	double n = (double)n_docs;

	if (p == NULL) {
		*err = TXF_ENOMEM;
		return NULL;
	}
	p->o = *o;
	p->sp.fd = -1;
	p->sp.dir = dir;
	p->sp.budget = mem < 65536 ? 65536 : mem;
	if (o->max_df.kind != TXF_DF_NONE) {
		p->has_hi = 1;
		p->hi = o->max_df.kind == TXF_DF_COUNT ?
		    (double)o->max_df.count : o->max_df.prop * n;
	}
	if (o->min_df.kind != TXF_DF_NONE) {
		p->has_lo = 1;
		p->lo = o->min_df.kind == TXF_DF_COUNT ?
		    (double)o->min_df.count : o->min_df.prop * n;
	}
	/* scikit-learn's defaults are max_df=1.0 and min_df=1. */
	p->st.max_docs = p->has_hi ? p->hi : n;
	p->st.min_docs = p->has_lo ? p->lo : 1;
	if ((p->has_hi || p->has_lo) && n_docs > 0 &&
	    p->st.max_docs < p->st.min_docs) {
		free(p);
		*err = TXF_EINVAL;
		return NULL;
	}
	return p;
}

static void
minheap_down(uint64_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && h[c + 1] < h[c])
			c++;
		if (h[c] >= h[i])
			return;
		uint64_t x = h[c];
		h[c] = h[i];
		h[i] = x;
		i = c;
	}
}

static void
minheap_up(uint64_t *h, size_t i)
{
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (h[up] <= h[i])
			return;
		uint64_t x = h[up];
		h[up] = h[i];
		h[i] = x;
		i = up;
	}
}

int
txf_pruner_add(txf_pruner *p, const char *term, size_t n, uint64_t df,
               uint64_t cf)
{
	if (p->finished)
		return TXF_EINVAL;
	p->st.seen++;
	if (p->has_hi && !((double)df <= p->hi)) {
		p->st.max_df++;
		return 0;
	}
	if (p->has_lo && !((double)df >= p->lo)) {
		p->st.min_df++;
		return 0;
	}
	if (p->o.max_features == 0) {
		p->st.kept++;
		return 1;
	}
	/* First pass of max_features. */
	if (p->nheap < p->o.max_features) {
		if (p->nheap == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 1024;
			if (cap > p->o.max_features)
				cap = (size_t)p->o.max_features;
			if (TXF_RESIZE(p->heap, cap) < 0)
				return TXF_ENOMEM;
			p->cap = cap;
		}
		p->heap[p->nheap] = cf;
		minheap_up(p->heap, p->nheap++);
	} else if (cf > p->heap[0]) {
		p->heap[0] = cf;
		minheap_down(p->heap, p->nheap, 0);
	}
	p->st.passed++;
	return spool_put(&p->sp, term, n, df, cf);
}

int
txf_pruner_next(txf_pruner *p, txf_str *term, uint64_t *df, uint64_t *cf)
{
	int rc;

	if (p->o.max_features == 0)
		return 0;
	if (!p->finished) {
		p->finished = 1;
		if (p->st.passed > p->o.max_features) {
			/* heap[0] is the max_features-th highest cf: keep
			 * every row above it and as many at it as make up
			 * max_features. */
			uint64_t above = 0;
			p->thr = p->heap[0];
			for (size_t i = 0; i < p->nheap; i++)
				above += p->heap[i] > p->thr;
			p->ties = p->o.max_features - above;
		} else {
			p->thr = 0;
			p->ties = UINT64_MAX;
		}
		free(p->heap);
		p->heap = NULL;
		if ((rc = spool_rewind(&p->sp)) < 0)
			return rc;
	}
	while ((rc = spool_get(&p->sp, term, df, cf)) > 0) {
		if (*cf > p->thr || (*cf == p->thr && p->ties > 0)) {
			if (*cf == p->thr)
				p->ties--;
			p->st.kept++;
			return 1;
		}
		p->st.max_features++;
	}
	return rc;
}

void
txf_pruner_stats(const txf_pruner *p, txf_prune_stats *st)
{
	*st = p->st;
}

/* ------------------------------------------------------------------ */
/* The top K                                                           */

/* Entries of the candidates' table: df, cf. */
enum { T_DF, T_CF, T_NVALS };

struct txf_top {
	size_t k;
	unsigned by;          /* T_DF or T_CF */
	txf_count *t;         /* the candidates */
	size_t *idx;
	size_t nidx;
	int finished;
};

TXF_DEFINE_FREE(txf_top_free, txf_top, t)
{
	txf_count_free(t->t);
	TXF_FREE_ALL(t->idx, t);
}

txf_top *
txf_top_new(size_t k, int by_cf)
{
	txf_top *t = TXF_NEW_COUNTED(txf_top, t, T_NVALS);

	if (t != NULL) {
		t->k = k;
		t->by = by_cf ? T_CF : T_DF;
	}
	return t;
}

/* Sort the candidates and keep the best k of them in t->idx[0..nidx). */
static int
top_select(txf_top *t)
{
	size_t n = txf_count_size(t->t), *idx;

	if (TXF_RESIZE(t->idx, n ? n : 1) < 0)
		return TXF_ENOMEM;
	idx = t->idx;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	int rc = txf_count_sort_desc(t->t, idx, n, NULL, t->by, t->k);
	if (rc < 0)
		return rc;
	t->nidx = n < t->k ? n : t->k;
	return 0;
}

/* Keep only the best k candidates, in a new table. */
static int
top_compact(txf_top *t)
{
	txf_count *nt;
	int rc = top_select(t);

	if (rc < 0)
		return rc;
	if ((nt = txf_count_new(T_NVALS)) == NULL)
		return TXF_ENOMEM;
	for (size_t j = 0; j < t->nidx; j++) {
		size_t i;
		txf_str s = txf_count_term(t->t, t->idx[j]);
		if ((rc = txf_count_add(nt, s.p, s.n, &i)) < 0) {
			txf_count_free(nt);
			return rc;
		}
		memcpy(txf_count_vals(nt, i), txf_count_vals(t->t, t->idx[j]),
		    T_NVALS * sizeof(uint64_t));
	}
	txf_count_free(t->t);
	t->t = nt;
	return 0;
}

int
txf_top_add(txf_top *t, const char *term, size_t n, uint64_t df, uint64_t cf)
{
	size_t i;
	int rc;

	if (t->finished)
		return TXF_EINVAL;
	if (t->k == 0)
		return 0;
	if ((rc = txf_count_add(t->t, term, n, &i)) < 0)
		return rc;
	if (rc == 0)
		return TXF_EINVAL;   /* a term offered twice */
	uint64_t *v = txf_count_vals(t->t, i);
	v[T_DF] = df;
	v[T_CF] = cf;
	if (txf_count_size(t->t) >= 2 * t->k + 1024)
		return top_compact(t);
	return 0;
}

int
txf_top_finish(txf_top *t, size_t *n)
{
	int rc;

	if (!t->finished) {
		if ((rc = top_select(t)) < 0)
			return rc;
		t->finished = 1;
	}
	*n = t->nidx;
	return 0;
}

void
txf_top_row(txf_top *t, size_t i, txf_str *term, uint64_t *df, uint64_t *cf)
{
	const uint64_t *v = txf_count_vals(t->t, t->idx[i]);

	*term = txf_count_term(t->t, t->idx[i]);
	*df = v[T_DF];
	*cf = v[T_CF];
}
