/* vocab.c - vocab files: header, rows, streaming reader, loaded lookup. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "textfeat.h"
#include "internal.h"
#include "spill.h"
#include "vindex.h"
#include "vecfit.h"

double
txf_idf(enum txf_idf k, uint64_t n_docs, uint64_t df)
{
	double n = (double)n_docs, d = (double)df;

	switch (k) {
	case TXF_IDF_SMOOTH:
		return log((1.0 + n) / (1.0 + d)) + 1.0;
	case TXF_IDF_PLAIN:
		return log(n / d) + 1.0;
	case TXF_IDF_BM25:
		return log(1.0 + (n - d + 0.5) / (d + 0.5));
	default:
		return 0.0;
	}
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

int
txf_vocab_format_header(const txf_vocab_header *h, txf_buf *out)
{
	char num[TXF_NUM_MAX];
	const char *pr = h->pruning ? h->pruning : "none";
	const char *idf = txf_idf_name(h->idf);

#define ADD(lit) txf_buf_add(out, lit, sizeof lit - 1)
	if (ADD("#textfeat-vocab\t1\n#docs\t") < 0 ||
	    txf_buf_add(out, num, txf_fmt_u64(h->docs, num)) < 0 ||
	    ADD("\n#tokens\t") < 0 ||
	    txf_buf_add(out, num, txf_fmt_u64(h->tokens, num)) < 0 ||
	    ADD("\n#analysis\t") < 0 ||
	    (h->analysis != NULL &&
	    txf_escape(h->analysis, strlen(h->analysis), out) < 0) ||
	    ADD("\n#pruning\t") < 0 ||
	    txf_escape(pr, strlen(pr), out) < 0 ||
	    ADD("\n#idf\t") < 0 ||
	    txf_buf_add(out, idf, strlen(idf)) < 0 ||
	    ADD("\n") < 0)
		return TXF_ENOMEM;
	return 0;
#undef ADD
}

/* Room a row needs past its term. */
#define ROW_ROOM (3 * TXF_NUM_MAX + 4)

/* The row's columns after its term, at o (ROW_ROOM bytes); returns the
 * end.  The numbers are written with txf_fmt_*, not printf: the same
 * bytes in any locale (%.17g is txf_fmt_num at precision 17). */
static char *
row_tail(char *o, uint64_t df, uint64_t cf, enum txf_idf kind, double idf)
{
	*o++ = '\t';
	o += txf_fmt_u64(df, o);
	*o++ = '\t';
	o += txf_fmt_u64(cf, o);
	if (kind != TXF_IDF_NONE) {
		*o++ = '\t';
		o += txf_fmt_num(idf, 17, o);
	}
	*o++ = '\n';
	return o;
}

int
txf_vocab_format_plain_row(const char *term, size_t n, uint64_t df,
                           uint64_t cf, enum txf_idf kind, double idf,
                           txf_buf *out)
{
	/* Room for all of the row at once. */
	if (n > SIZE_MAX - ROW_ROOM || txf_buf_grow(out, n + ROW_ROOM) < 0)
		return TXF_ENOMEM;
	char *o = out->p + out->n;
	if (n > 0)
		memcpy(o, term, n);
	out->n = (size_t)(row_tail(o + n, df, cf, kind, idf) - out->p);
	return 0;
}

int
txf_vocab_format_row(const char *term, size_t n, uint64_t df, uint64_t cf,
                     enum txf_idf kind, double idf, txf_buf *out)
{
	if (!txf_needs_escape(term, n))
		return txf_vocab_format_plain_row(term, n, df, cf, kind, idf,
		    out);
	if (txf_escape(term, n, out) < 0 || txf_buf_grow(out, ROW_ROOM) < 0)
		return TXF_ENOMEM;
	out->n = (size_t)(row_tail(out->p + out->n, df, cf, kind, idf) -
	    out->p);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */

/* The header formula's idf for a df, and its text at %.17g: most terms
 * share a few small dfs, so most rows find theirs here. */
#define IDF_MEMO 256
struct idf_memo {
	uint64_t df;          /* 0: empty (a vocab row has df >= 1) */
	double idf;
	uint8_t n;
	char text[TXF_NUM_MAX];
};

struct txf_vocab_reader {
	txf_reader *r;
	txf_vocab_header h;
	int at_end;
	txf_buf term, prev;   /* the current and the previous term */
	int have_prev;
	struct idf_memo memo[IDF_MEMO];
};

/* Parse a decimal uint64 of the whole field: digits only, no sign, and a
 * value that does not fit is refused, never wrapped or cast. */
static int
parse_u64(txf_str f, uint64_t *v)
{
	uint64_t x = 0;

	if (f.n == 0 || f.n > 20)
		return -1;
	for (size_t i = 0; i < f.n; i++) {
		unsigned d = (unsigned char)f.p[i] - '0';
		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int
all_digits(txf_str f)
{
	for (size_t i = 0; i < f.n; i++)
		if (f.p[i] < '0' || f.p[i] > '9')
			return 0;
	return f.n > 0;
}

static char *
dup_unescaped(txf_str f)
{
	txf_buf b = { 0 };

	if (txf_unescape(f.p, f.n, &b) < 0 || txf_buf_add(&b, "", 1) < 0) {
		txf_buf_free(&b);
		return NULL;
	}
	return b.p;
}

/*
 * The header keys a vocab may have, each at most once, after the
 * '#textfeat-vocab' line and ending with #idf.  Any other key is refused:
 * a reader that skipped it would apply a model it does not understand.
 * A new key is one more name here (and its handling in txf_vocab_open).
 */
static const char *const header_keys[] = {
	"docs", "tokens", "analysis", "pruning", "idf"
};
#define NHEADER_KEYS (sizeof header_keys / sizeof header_keys[0])

static int
header_key(txf_str key)
{
	for (size_t k = 0; k < NHEADER_KEYS; k++)
		if (strlen(header_keys[k]) == key.n &&
		    memcmp(header_keys[k], key.p, key.n) == 0)
			return (int)k;
	return -1;
}

TXF_DEFINE_FREE(txf_vocab_close, txf_vocab_reader, r)
{
	txf_reader_free(r->r);
	free(r->h.analysis);
	free(r->h.pruning);
	txf_buf_free(&r->term);
	txf_buf_free(&r->prev);
	free(r);
}

/* A fault of the vocab at the current line. */
#define BAD(...) txf_fail(err, TXF_EFORMAT, line, __VA_ARGS__)

txf_vocab_reader *
txf_vocab_open(int fd, txf_error *err)
{
	txf_vocab_reader *r = calloc(1, sizeof *r);
	txf_str ln, f[3];
	int rc, have_docs = 0, have_tokens = 0, have_idf = 0;
	unsigned seen = 0;
	uint64_t line = 0;

	if (r == NULL || (r->r = txf_reader_new(fd)) == NULL)
		goto nomem;
	rc = txf_reader_line(r->r, &ln);
	if (rc < 0)
		goto read_error;
	line = 1;
	if (rc == 0 || ln.n != 17 || memcmp(ln.p, "#textfeat-vocab\t", 16) != 0) {
		if (rc > 0 && ln.n > 16 &&
		    memcmp(ln.p, "#textfeat-vocab\t", 16) == 0)
			BAD("unsupported vocab version '%.*s'",
			    (int)(ln.n - 16), ln.p + 16);
		else
			BAD("not a textfeat vocab (no "
			    "'#textfeat-vocab' header line)");
		goto fail;
	}
	if (ln.p[16] != '1') {
		BAD("unsupported vocab version '%c'", ln.p[16]);
		goto fail;
	}
	for (;;) {
		rc = txf_reader_line(r->r, &ln);
		if (rc < 0)
			goto read_error;
		if (rc == 0)
			break;
		line = txf_reader_lineno(r->r);
		if (ln.n == 0 || ln.p[0] != '#') {
			BAD("vocab header lacks #idf");
			goto fail;
		}
		if (!txf_reader_had_newline(r->r)) {
			BAD("truncated header line");
			goto fail;
		}
		size_t nf = txf_fields(ln, f, 2);
		txf_str key = { f[0].p + 1, f[0].n - 1 };
		int k = header_key(key);
		if (k < 0 || nf < 2) {
			BAD(k < 0 ? "unknown vocab header "
			    "key '#%.*s'" : "vocab header #%.*s has no value",
			    (int)(key.n > 40 ? 40 : key.n), key.p);
			goto fail;
		}
		if (seen & (1u << k)) {
			BAD("repeated vocab header #%s",
			    header_keys[k]);
			goto fail;
		}
		seen |= 1u << k;
#define KEY(s) (strcmp(header_keys[k], s) == 0)
		if (KEY("docs") || KEY("tokens")) {
			uint64_t v;
			if (parse_u64(f[1], &v) < 0) {
				BAD("%s in #%s header",
				    all_digits(f[1]) ? "number out of range "
				    "(above 2^64 - 1)" : "bad number",
				    header_keys[k]);
				goto fail;
			}
			if (KEY("docs")) {
				r->h.docs = v;
				have_docs = 1;
			} else {
				r->h.tokens = v;
				have_tokens = 1;
			}
		} else if (KEY("analysis") || KEY("pruning")) {
			char *s = dup_unescaped(f[1]);
			if (s == NULL)
				goto nomem;
			char **dst = KEY("analysis") ? &r->h.analysis :
			    &r->h.pruning;
			free(*dst);
			*dst = s;
		} else if (KEY("idf")) {
			char name[16];
			int kind = -1;
			if (f[1].n < sizeof name) {
				memcpy(name, f[1].p, f[1].n);
				name[f[1].n] = '\0';
				kind = txf_idf_parse(name);
			}
			if (kind < 0) {
				BAD("unknown idf kind '%.*s'",
				    (int)(f[1].n > 40 ? 40 : f[1].n), f[1].p);
				goto fail;
			}
			r->h.idf = (enum txf_idf)kind;
			have_idf = 1;
		}
#undef KEY
		if (have_idf)
			break;   /* #idf ends the header: a term may start with # */
	}
	if (!have_docs || !have_tokens || !have_idf) {
		BAD("vocab header lacks #%s",
		    !have_docs ? "docs" : !have_tokens ? "tokens" : "idf");
		goto fail;
	}
	if (r->h.analysis == NULL && (r->h.analysis = strdup("")) == NULL)
		goto nomem;
	if (r->h.pruning == NULL && (r->h.pruning = strdup("none")) == NULL)
		goto nomem;
	return r;
read_error:
	if (rc != TXF_EIO)
		goto nomem;
	txf_fail(err, rc, 0, "%s", strerror(errno));
	goto fail;
nomem:
	txf_fail(err, TXF_ENOMEM, 0, NULL);
fail:
	txf_vocab_close(r);
	return NULL;
}

const txf_vocab_header *
txf_vocab_reader_header(const txf_vocab_reader *r)
{
	return &r->h;
}

uint64_t
txf_vocab_lineno(const txf_vocab_reader *r)
{
	return txf_reader_lineno(r->r);
}

int
txf_vocab_next(txf_vocab_reader *r, txf_str *term, uint64_t *df,
               uint64_t *cf, double *idf, txf_error *err)
{
	txf_str ln, f[5];
	int rc;

	if (r->at_end)
		return 0;
	rc = txf_reader_line(r->r, &ln);
	if (rc <= 0) {
		r->at_end = rc == 0;
		if (rc < 0)
			txf_fail(err, rc, 0, "%s",
			    rc == TXF_EIO ? strerror(errno) : "");
		return rc;
	}
	uint64_t line = txf_reader_lineno(r->r);
	if (!txf_reader_had_newline(r->r))
		return BAD("truncated vocab: the last line has no "
		    "newline");
	size_t want = r->h.idf == TXF_IDF_NONE ? 3 : 4;
	size_t nf = txf_fields(ln, f, 5);
	if (nf != want)
		return BAD("expected %zu columns in a vocab row, "
		    "found %zu", want, nf);
	if (txf_utf8_check(ln.p, ln.n) != ln.n)
		return BAD("invalid UTF-8 in a vocab row");
	if (parse_u64(f[1], df) < 0 || parse_u64(f[2], cf) < 0)
		return BAD(all_digits(f[1]) && all_digits(f[2]) ?
		    "count out of range in a vocab row (above 2^64 - 1)" :
		    "bad count in a vocab row");
	if (*df == 0)
		return BAD("a vocab row with df 0");
	if (*df > *cf)
		return BAD("a vocab row whose df is above its cf");
	if (*df > r->h.docs)
		return BAD("a vocab row whose df is above the "
		    "header's #docs");
	*idf = 0.0;
	if (want == 4) {
		char tmp[64], *end;
		/* as vocab writes an idf: hexadecimal floats, infinities,
		 * NaN, a '+' or blanks, which strtod() would take, are
		 * refused */
		if (f[3].n >= sizeof tmp || !txf_decimal_syntax(f[3], 0))
			return BAD("bad idf in a vocab row");
		/* A vocab written by vocab holds the header's formula at
		 * %.17g, which tells doubles apart: when the text is that
		 * of the formula's value, it is that value, and strtod()
		 * (ten times the cost) is not needed. */
		struct idf_memo *e = &r->memo[*df % IDF_MEMO];
		if (e->df != *df) {
			e->df = *df;
			e->idf = txf_idf(r->h.idf, r->h.docs, *df);
			e->n = (uint8_t)txf_fmt_num(e->idf, 17, e->text);
		}
		if (e->n == f[3].n && memcmp(e->text, f[3].p, e->n) == 0) {
			*idf = e->idf;
		} else {
			memcpy(tmp, f[3].p, f[3].n);
			tmp[f[3].n] = '\0';
			*idf = txf_strtod_c(tmp, &end);
			if (*end != '\0' || !isfinite(*idf))
				return BAD("bad idf in a vocab row");
		}
	}
	/* The term, unescaped, must sort after the previous one. */
	txf_buf t = r->prev;
	r->prev = r->term;
	r->term = t;
	r->term.n = 0;
	if (txf_unescape(f[0].p, f[0].n, &r->term) < 0)
		return txf_fail(err, TXF_ENOMEM, 0, NULL);
	if (r->term.n == 0)
		return BAD("empty term in a vocab row");
	if (r->have_prev) {
		size_t m = r->prev.n < r->term.n ? r->prev.n : r->term.n;
		int c = m ? memcmp(r->prev.p, r->term.p, m) : 0;
		if (c > 0 || (c == 0 && r->prev.n >= r->term.n))
			return BAD(c == 0 && r->prev.n == r->term.n ?
			    "repeated term in vocab" :
			    "vocab rows out of order (not sorted by term "
			    "bytes)");
	}
	r->have_prev = 1;
	term->p = r->term.p ? r->term.p : "";
	term->n = r->term.n;
	return 1;
}

#undef BAD

/* ------------------------------------------------------------------ */
/* A vocab in memory                                                   */

struct txf_vocab {
	txf_vocab_header h;
	txf_count *terms;     /* values: df, cf, idf bits; not indexed:
	                         lookups go through vi */
	txf_vindex *vi;       /* the terms by their bytes (NULL: made
	                         without lookups, txf_vocab_end_rows()) */
	double *idf;          /* the idf column by row, in one array */
	uint64_t *df;         /* df by row, in one array */
	size_t cols;          /* room in idf and df */
	size_t filled;        /* rows in them */
	uintptr_t faulted;    /* txf_vocab_rows_text(): the reserved room
	                         present up to here */
};

txf_vocab *
txf_vocab_new_rows(const txf_vocab_header *h)
{
	txf_vocab *v = TXF_NEW_COUNTED(txf_vocab, terms, 3);

	if (v == NULL)
		return NULL;
	v->h = *h;
	v->h.analysis = strdup(h->analysis != NULL ? h->analysis : "");
	v->h.pruning = strdup(h->pruning != NULL ? h->pruning : "none");
	if (v->h.analysis == NULL || v->h.pruning == NULL) {
		txf_vocab_free(v);
		return NULL;
	}
	return v;
}

int
txf_vocab_add_row(txf_vocab *v, txf_str term, uint64_t df, uint64_t cf,
                  double idf)
{
	size_t i;

	/* Sorted and unique (the caller's word): appended, not looked
	 * up. */
	if (txf_count_append(v->terms, term.p, term.n, &i) < 0)
		return TXF_ENOMEM;
	uint64_t *val = txf_count_vals(v->terms, i);
	val[0] = df;
	val[1] = cf;
	memcpy(&val[2], &idf, sizeof idf);
	return 0;
}

/* Room for n rows in the idf and df columns. */
static int
cols_grow(txf_vocab *v, size_t n)
{
	if (n + 1 <= v->cols)
		return 0;
	double *idf = realloc(v->idf, (n + 1) * sizeof *idf);
	if (idf == NULL)
		return TXF_ENOMEM;
	v->idf = idf;
	uint64_t *df = realloc(v->df, (n + 1) * sizeof *df);
	if (df == NULL)
		return TXF_ENOMEM;
	v->df = df;
	v->cols = n + 1;
	return 0;
}

int
txf_vocab_reserve_rows(txf_vocab *v, size_t n, size_t bytes)
{
	int rc = txf_count_reserve(v->terms, n, bytes);

	return rc < 0 ? rc : cols_grow(v, txf_count_size(v->terms) + n);
}

struct rows_text {
	enum txf_idf kind;
	txf_buf *out;
	txf_vocab *v;        /* its columns filled from row i */
	size_t i;
};

static int
text_one(void *arg, txf_str term, const uint64_t *val)
{
	struct rows_text *rt = arg;
	double idf;

	memcpy(&idf, &val[2], sizeof idf);
	if (rt->v != NULL) {
		rt->v->df[rt->i] = val[0];
		rt->v->idf[rt->i++] = idf;
	}
	return txf_vocab_format_row(term.p, term.n, val[0], val[1], rt->kind,
	    idf, rt->out);
}

/* Bytes of room paged in ahead of the rows added. */
#define ROOM_AHEAD ((size_t)1 << 20)

int
txf_vocab_rows_text(txf_vocab *v, size_t from, size_t to, enum txf_idf kind,
                    txf_buf *out)
{
	/* The columns, where there is room and they are filled up to
	 * from. */
	int fill = from == v->filled && to + 1 <= v->cols;
	struct rows_text rt = { kind, out, fill ? v : NULL, from };

	/* The room where the next rows are being added, paged in ahead of
	 * the thread adding them, which then takes no page faults there
	 * (about 4 ms of its merge's 28 on pypi.tsv). */
	if (fill)
		txf_count_prefault(v->terms, to, ROOM_AHEAD, &v->faulted);
	int rc = txf_count_each(v->terms, from, to, text_one, &rt);

	if (fill)
		v->filled = rt.i;
	return rc;
}

int
txf_vocab_end_rows(txf_vocab *v, int lookups)
{
	size_t n = txf_count_size(v->terms);

	if (cols_grow(v, n) < 0)
		return TXF_ENOMEM;
	/* The rows txf_vocab_rows_text() has not put in the columns. */
	for (size_t i = v->filled; i < n; i++) {
		const uint64_t *val = txf_count_vals(v->terms, i);
		v->df[i] = val[0];
		memcpy(&v->idf[i], &val[2], sizeof *v->idf);
	}
	v->filled = n;
	if (lookups && (v->vi = txf_vindex_new(v->terms, v->idf)) == NULL)
		return TXF_ENOMEM;
	return 0;
}

static txf_vocab *
load_fd(int fd, txf_error *err)
{
	txf_vocab *v = NULL;
	txf_vocab_reader *r = NULL;
	txf_str term;
	uint64_t df, cf;
	double idf;
	int rc;

	r = txf_vocab_open(fd, err);
	if (r == NULL)
		goto fail;
	if ((v = txf_vocab_new_rows(&r->h)) == NULL)
		goto nomem;
	/* The reader checks that the terms are sorted and unique. */
	while ((rc = txf_vocab_next(r, &term, &df, &cf, &idf, err)) > 0)
		if (txf_vocab_add_row(v, term, df, cf, idf) < 0)
			goto nomem;
	if (rc < 0)
		goto fail;
	if (txf_vocab_end_rows(v, 1) < 0)
		goto nomem;
	txf_vocab_close(r);
	return v;
nomem:
	txf_fail(err, TXF_ENOMEM, 0, NULL);
fail:
	TXF_KEEP_ERRNO(txf_vocab_close(r); txf_vocab_free(v));
	return NULL;
}

txf_vocab *
txf_vocab_load(const char *path, txf_error *err)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return TXF_FAIL_NULL(err, TXF_EIO, 0, "%s", strerror(errno));
	txf_vocab *v = load_fd(fd, err);
	TXF_KEEP_ERRNO(close(fd));
	return v;
}

const txf_vocab_header *
txf_vocab_get_header(const txf_vocab *v)
{
	return &v->h;
}

size_t
txf_vocab_size(const txf_vocab *v)
{
	return txf_count_size(v->terms);
}

const txf_vindex *
txf_vocab_vindex(const txf_vocab *v)
{
	return v->vi;
}

const double *
txf_vocab_idf_array(const txf_vocab *v)
{
	return v->idf;
}

void
txf_vocab_index_many(const txf_vocab *v, const txf_str *t, size_t n,
                     long *rows, double *idf)
{
	txf_vindex_find_many(v->vi, t, n, rows, idf);
}

const uint64_t *
txf_vocab_df_array(const txf_vocab *v)
{
	return v->df;
}

void
txf_vocab_prefetch(const txf_vocab *v, const char *p, size_t n)
{
	uint64_t head[2];

	txf_vindex_head(p, n, head);
	TXF_PREFETCH(&v->vi->slot[txf_vindex_home(v->vi, head, p, n)]);
}

long
txf_vocab_index(const txf_vocab *v, const char *p, size_t n)
{
	return txf_vindex_find(v->vi, p, n);
}

txf_str
txf_vocab_term(const txf_vocab *v, size_t i)
{
	return txf_count_term(v->terms, i);
}

uint64_t
txf_vocab_df(const txf_vocab *v, size_t i)
{
	return v->df[i];
}

uint64_t
txf_vocab_cf(const txf_vocab *v, size_t i)
{
	return txf_count_vals(v->terms, i)[1];
}

double
txf_vocab_idf(const txf_vocab *v, size_t i)
{
	return v->idf[i];
}

TXF_DEFINE_FREE(txf_vocab_free, txf_vocab, v)
{
	txf_vindex_free(v->vi);
	txf_count_free(v->terms);
	TXF_FREE_ALL(v->idf, v->df, v->h.analysis, v->h.pruning, v);
}
