/*
 * vector.c - a document's tokens as a sparse vector (vocab or hashing
 * index, tf weight, idf, norm) and the vector written in a trainer's
 * format (svmlight, Vowpal Wabbit, triplets, dense TSV).
 *
 * Building.  Each token becomes a 64-bit key, index << 1 | negative (the
 * hash's sign), appended to an array; the array is sorted at the end of
 * the document, so equal indices are adjacent and come out ascending, and
 * one pass sums each run into the entry's signed count.  A document costs
 * O(n log n) in its number of tokens and no memory beyond its own size.
 * Weights, idf and norms follow in scikit-learn's order, with its
 * arithmetic (the norm divides, in ascending index order), so the values
 * are the ones scikit-learn computes, to the last bit in most cases.
 *
 * Lookups.  The vocab's index of its terms (vindex.h) finds most terms
 * with one memory access, and a document's tokens are looked up a
 * few ahead of the one being placed, with a prefetch, so that the cache
 * misses of a large vocab overlap instead of following one another.  The
 * document's tokens are first split (one pass, 8 bytes at a time) into
 * views, escaped tokens decoded into a side buffer.
 *
 * Writing.  txf_vec_bound() gives a size the line cannot exceed, so the
 * writers format straight into the caller's buffer with no check per
 * byte: numbers with txf_fmt_num() and txf_fmt_u64(), which need
 * TXF_NUM_MAX bytes of room, counted in the bound for every number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textfeat.h"
#include "internal.h"
#include "vindex.h"
#include "sort.h"
#include "vecfit.h"


struct txf_vectorizer {
	txf_vecopts o;            /* norm resolved (never AUTO) */
	uint32_t dim;             /* vocab size or hash_n */
	const txf_vindex *vi;     /* the vocab's lookup table (the vocab's) */
	uint64_t *key;            /* the document's tokens: index << 1 | neg */
	size_t nkey, capkey;
	uint32_t *idx;            /* the vector's entries */
	double *val;
	size_t cap;
	txf_str *view;            /* the document's tokens (field input) */
	size_t nview, capview;
	txf_buf esc;              /* its unescaped tokens */
	size_t *escoff;           /* where each is in esc */
	size_t nesc, capesc;
	txf_count *terms;         /* term counts, for augmented */
	const double *idf;        /* the vocab's idf by row, with idf */
	uint64_t maxc;            /* largest term count (augmented) */
	size_t ntok, dropped;     /* the document's tokens, OOV among them */
};

/* ------------------------------------------------------------------ */
/* Index                                                               */

uint32_t
txf_vec_hash(const char *p, size_t n, uint32_t n_features, int *sign)
{
	uint32_t h = txf_murmur3_32(p, n, 0);

	/* h read as an int32: negative when its top bit is set, and its
	 * magnitude 2^32 - h (2^31 for INT32_MIN, as scikit-learn defines
	 * abs(-2^31) % n_features).  Unsigned arithmetic: no overflow. */
	if (h & 0x80000000u) {
		*sign = -1;
		return (0u - h) % n_features;
	}
	*sign = 1;
	return h % n_features;
}

/* ------------------------------------------------------------------ */
/* The vectorizer                                                      */

void
txf_vecopts_init(txf_vecopts *o)
{
	memset(o, 0, sizeof *o);   /* no vocab, no hashing, no idf */
	o->alternate_sign = 1;
	o->weight = TXF_VEC_RAW;
	o->norm = TXF_VEC_NORM_AUTO;
}

int
txf_vecopts_check(const txf_vecopts *o)
{
	if ((o->vocab == NULL) == (o->hash_n == 0))
		return TXF_EINVAL;          /* exactly one index */
	if (o->hash_n > TXF_VEC_HASH_MAX)
		return TXF_EINVAL;
	if (o->vocab != NULL && txf_vocab_size(o->vocab) > TXF_VEC_HASH_MAX)
		return TXF_ERANGE;
	if ((unsigned)o->weight > TXF_VEC_AUGMENTED ||
	    (unsigned)o->norm > TXF_VEC_L2)
		return TXF_EINVAL;
	if (o->idf && (o->vocab == NULL ||
	    txf_vocab_get_header(o->vocab)->idf == TXF_IDF_NONE))
		return TXF_EINVAL;          /* no idf column */
	return 0;
}

enum txf_vec_norm
txf_vec_default_norm(const txf_vecopts *o)
{
	if (o->norm != TXF_VEC_NORM_AUTO)
		return o->norm;
	return o->idf || o->vocab == NULL ? TXF_VEC_L2 : TXF_VEC_NORM_NONE;
}

TXF_DEFINE_FREE(txf_vectorizer_free, txf_vectorizer, vz)
{
	txf_buf_free(&vz->esc);
	txf_count_free(vz->terms);
	TXF_FREE_ALL(vz->key, vz->idx, vz->val, vz->view, vz->escoff, vz);
}

txf_vectorizer *
txf_vectorizer_dup(const txf_vectorizer *vz)
{
	txf_vectorizer *d = calloc(1, sizeof *d);

	if (d == NULL)
		goto nomem;
	d->o = vz->o;
	d->dim = vz->dim;
	d->vi = vz->vi;
	d->idf = vz->idf;
	if (vz->terms != NULL && (d->terms = txf_count_new(1)) == NULL)
		goto nomem;
	return d;
nomem:
	txf_vectorizer_free(d);
	return NULL;
}

txf_vectorizer *
txf_vectorizer_new(const txf_vecopts *o, txf_error *err)
{
	txf_vectorizer *vz;
	int rc = txf_vecopts_check(o);

	if (rc < 0)
		return TXF_FAIL_NULL(err, rc, 0, rc == TXF_ERANGE ?
		    "a vocab of more than %u rows" : "invalid vector options",
		    TXF_VEC_HASH_MAX);
	vz = calloc(1, sizeof *vz);
	if (vz == NULL)
		goto nomem;
	vz->o = *o;
	vz->o.norm = txf_vec_default_norm(o);
	vz->dim = o->vocab ? (uint32_t)txf_vocab_size(o->vocab) : o->hash_n;
	if (o->weight == TXF_VEC_AUGMENTED &&
	    (vz->terms = txf_count_new(1)) == NULL)
		goto nomem;
	if (o->vocab != NULL)
		vz->vi = txf_vocab_vindex(o->vocab);
	if (o->idf)
		vz->idf = txf_vocab_idf_array(o->vocab);
	return vz;
nomem:
	txf_vectorizer_free(vz);
	return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
}

uint32_t
txf_vectorizer_dim(const txf_vectorizer *vz)
{
	return vz->dim;
}

const txf_vecopts *
txf_vectorizer_opts(const txf_vectorizer *vz)
{
	return &vz->o;
}

static void
doc_start(txf_vectorizer *vz)
{
	vz->nkey = 0;
	vz->ntok = 0;
	vz->dropped = 0;
	vz->maxc = 0;
	if (vz->terms != NULL)
		txf_count_clear(vz->terms);
}

static inline int
push_key(txf_vectorizer *vz, uint64_t key)
{
	if (vz->nkey == vz->capkey &&
	    TXF_GROW(vz->key, vz->capkey, vz->nkey + 1, 256) < 0)
		return TXF_ENOMEM;
	vz->key[vz->nkey++] = key;
	return 0;
}

/* Tokens looked up ahead of the one being placed: their slots are fetched
 * from memory meanwhile, instead of one cache miss after another. */
#define AHEAD 8

/* The keys of the document's tokens tok[0..n). */
static int
add_tokens(txf_vectorizer *vz, const txf_str *tok, size_t n)
{
	vz->ntok = n;
	if (vz->terms != NULL) {
		for (size_t i = 0; i < n; i++) {
			size_t e;
			int rc = txf_count_add(vz->terms, tok[i].p, tok[i].n, &e);
			if (rc < 0)
				return rc;
			uint64_t c = ++txf_count_vals(vz->terms, e)[0];
			if (c > vz->maxc)
				vz->maxc = c;
		}
	}
	if (vz->o.vocab == NULL) {
		int neg = vz->o.alternate_sign;
		for (size_t i = 0; i < n; i++) {
			int sign;
			uint32_t h = txf_vec_hash(tok[i].p, tok[i].n,
			    vz->o.hash_n, &sign);
			if (push_key(vz, (uint64_t)h << 1 |
			    (uint64_t)(neg && sign < 0)) < 0)
				return TXF_ENOMEM;
		}
		return 0;
	}
	const txf_vindex *vi = vz->vi;
	uint64_t head[AHEAD][2];
	size_t pos[AHEAD];
	for (size_t i = 0; i < n + AHEAD; i++) {
		/* Place token i - AHEAD, then start on token i in its ring
		 * place. */
		size_t r = i % AHEAD;
		if (i >= AHEAD) {
			size_t j = i - AHEAD;
			long row = txf_vindex_probe(vi, pos[r], head[r], tok[j].p,
			    tok[j].n);
			if (row < 0) {
				vz->dropped++;
			} else {
				if (vz->idf != NULL)
					TXF_PREFETCH(&vz->idf[row]);
				if (push_key(vz, (uint64_t)row << 1) < 0)
					return TXF_ENOMEM;
			}
		}
		if (i < n) {
			txf_vindex_head(tok[i].p, tok[i].n, head[r]);
			pos[r] = txf_vindex_home(vi, head[r], tok[i].p,
			    tok[i].n);
			TXF_PREFETCH(&vi->slot[pos[r]]);
		}
	}
	return 0;
}

/* The keys (index and sign) are sorted as integers. */
#define KEY_LESS(ctx, x, y) (*(x) < *(y))
TXF_SORT_DEFINE(key_sort, uint64_t, int, KEY_LESS)

static int
reserve_entries(txf_vectorizer *vz, size_t n)
{
	return TXF_GROW2(vz->idx, vz->val, vz->cap, n, 256);
}

/* The weight of an entry whose signed count is c: tf's weight of the
 * count, with the count's sign (binary is 1 whatever the sign). */
static inline double
weigh(const txf_vectorizer *vz, int64_t c)
{
	enum txf_vec_weight w = vz->o.weight;

	if (w == TXF_VEC_RAW)     /* the default: no call */
		return (double)c;
	if (c >= 0 || w == TXF_VEC_BINARY)
		return txf_tf_weight(w, (uint64_t)(c < 0 ? -c : c),
		    (uint64_t)vz->ntok, vz->maxc);
	return -txf_tf_weight(w, (uint64_t)-c, (uint64_t)vz->ntok, vz->maxc);
}

/* Keys of a short document: insertion with no branch to mispredict;
 * inserting x, place j takes the key before it when that is greater
 * than x, else the lesser of its own and x. */
#define SHORT_DOC 16

static void
short_sort(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = a[i];
		for (size_t j = i; j > 0; j--) {
			uint64_t y = a[j - 1], z = a[j] < x ? a[j] : x;
			a[j] = y > x ? y : z;
		}
		a[0] = a[0] < x ? a[0] : x;
	}
}

/* Sum, weigh, idf, norm: the document's tokens into its vector.  A key
 * is index << shift | ... | negative; its idf, vz->idf[index], or with
 * idf_df (txf_vectorize_keyed()), idf_df[the key's bits 1 to 32]. */
static inline __attribute__((always_inline)) int
doc_finish_keys(txf_vectorizer *vz, txf_vec *out, unsigned shift,
                const double *idf_df)
{
	size_t n = vz->nkey, m = 0;

	if (n <= SHORT_DOC)
		short_sort(vz->key, n);
	else
		key_sort(0, vz->key, n);
	if (reserve_entries(vz, n) < 0)
		return TXF_ENOMEM;
	for (size_t k = 0; k < n;) {
		uint64_t key = vz->key[k], index = key >> shift;
		int64_t c = 0;
		do {
			c += (vz->key[k] & 1) ? -1 : 1;
			k++;
		} while (k < n && (vz->key[k] >> shift) == index);
		double v = weigh(vz, c);
		if (vz->o.idf)
			v *= idf_df != NULL ? idf_df[(uint32_t)(key >> 1)] :
			    vz->idf[index];
		if (v == 0.0)
			continue;
		vz->idx[m] = (uint32_t)index;
		vz->val[m] = v;
		m++;
	}
	if (vz->o.norm == TXF_VEC_L1 || vz->o.norm == TXF_VEC_L2) {
		double sum = 0.0;
		if (vz->o.norm == TXF_VEC_L2) {
			for (size_t k = 0; k < m; k++)
				sum += vz->val[k] * vz->val[k];
			sum = sqrt(sum);
		} else {
			for (size_t k = 0; k < m; k++)
				sum += fabs(vz->val[k]);
		}
		if (sum != 0.0)
			for (size_t k = 0; k < m; k++)
				vz->val[k] /= sum;
	}
	out->idx = vz->idx;
	out->val = vz->val;
	out->n = m;
	out->tokens = vz->ntok;
	out->dropped = vz->dropped;
	return 0;
}

static int
doc_finish(txf_vectorizer *vz, txf_vec *out)
{
	return doc_finish_keys(vz, out, 1, NULL);
}

int
txf_vectorize(txf_vectorizer *vz, const txf_str *tok, size_t n, txf_vec *out)
{
	doc_start(vz);
	int rc = add_tokens(vz, tok, n);
	if (rc < 0)
		return rc;
	return doc_finish(vz, out);
}

int
txf_vectorize_keyed(txf_vectorizer *vz, const uint32_t *ids, size_t n,
                    const uint64_t *key, const double *idf_df, txf_vec *out)
{
	doc_start(vz);
	vz->ntok = n;
	if (vz->terms != NULL && n > 0) {
		/* augmented: the largest count of a term, the dropped ones'
		 * included, as add_tokens() finds it. */
		for (size_t i = 0; i < n; i++)
			if (push_key(vz, ids[i]) < 0)
				return TXF_ENOMEM;
		key_sort(0, vz->key, n);
		for (size_t i = 0, j; i < n; i = j) {
			for (j = i + 1; j < n && vz->key[j] == vz->key[i]; j++)
				;
			if (j - i > vz->maxc)
				vz->maxc = j - i;
		}
		vz->nkey = 0;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key[ids[i]];
		if (k == TXF_VECFIT_NONE) {
			vz->dropped++;
			continue;
		}
		if (push_key(vz, k) < 0)
			return TXF_ENOMEM;
	}
	return doc_finish_keys(vz, out, TXF_VECFIT_ROW_SHIFT, idf_df);
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/*
 * Move *t to the end of the token that starts there (the next space or
 * end) and set *esc when the token holds a backslash.  Eight bytes at a
 * time where the machine is little-endian: a byte of x equal to c gives a
 * high bit in ((x ^ c) - ONES) & ~(x ^ c) & HIGHS, and the lowest such bit
 * marks the first one (higher ones may be false).
 */
static inline void
token_end(const char **t, const char *end, int *esc)
{
	const char *q = *t;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__)
	while (end - q >= 8) {
		uint64_t x, a, b;
		memcpy(&x, q, 8);
		a = x ^ (ONES * ' ');
		b = x ^ (ONES * '\\');
		uint64_t m = ((a - ONES) & ~a) | ((b - ONES) & ~b);
		m &= HIGHS;
		if (m == 0) {
			q += 8;
			continue;
		}
		q += __builtin_ctzll(m) >> 3;
		if (*q == ' ') {
			*t = q;
			return;
		}
		*esc = 1;
		q++;
	}
#endif
	while (q < end && *q != ' ') {
		*esc |= *q == '\\';
		q++;
	}
	*t = q;
}

/* Make room for one more token view and one more escape offset. */
static int
reserve_views(txf_vectorizer *vz)
{
	if (TXF_GROW(vz->view, vz->capview, vz->nview + 1, 256) < 0 ||
	    TXF_GROW(vz->escoff, vz->capesc, vz->nesc + 1, 16) < 0)
		return TXF_ENOMEM;
	return 0;
}

int
txf_vectorize_field(txf_vectorizer *vz, const char *p, size_t n, txf_vec *out)
{
	static const char none[1];
	if (n == 0)
		p = none;   /* p may be NULL: no arithmetic on it */
	const char *s = p, *end = p + n;

	doc_start(vz);
	vz->nview = 0;
	vz->nesc = 0;
	vz->esc.n = 0;
	for (;;) {
		while (s < end && *s == ' ')
			s++;
		if (s == end)
			break;
		const char *t = s;
		int esc = 0;
		token_end(&t, end, &esc);
		if (reserve_views(vz) < 0)
			return TXF_ENOMEM;
		txf_str *v = &vz->view[vz->nview++];
		if (esc) {
			/* Unescaped into esc, which may move: the view is
			 * set when the field is done. */
			size_t off = vz->esc.n;
			if (txf_unescape(s, (size_t)(t - s), &vz->esc) < 0)
				return TXF_ENOMEM;
			vz->escoff[vz->nesc++] = off;
			v->p = NULL;
			v->n = vz->esc.n - off;
		} else {
			v->p = s;
			v->n = (size_t)(t - s);
		}
		s = t;
	}
	for (size_t i = 0, k = 0; k < vz->nesc; i++)
		if (vz->view[i].p == NULL)
			vz->view[i].p = vz->esc.p + vz->escoff[k++];
	int rc = add_tokens(vz, vz->view, vz->nview);
	if (rc < 0)
		return rc;
	return doc_finish(vz, out);
}

/* ------------------------------------------------------------------ */
/* Output formats                                                      */

void
txf_vecfmt_init(txf_vecfmt *f)
{
	memset(f, 0, sizeof *f);   /* indices from 0 */
	f->format = TXF_VEC_SVMLIGHT;
	f->prec = 9;
	f->ns = "w";
	f->ns_len = 1;
}

/* Bytes that the VW escape writes as %XX. */
static const unsigned char vw_special[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['|'] = 1, [':'] = 1,
	['%'] = 1
};

static const char hexdig[] = "0123456789ABCDEF";

static inline char *
vw_byte(char *o, unsigned char c)
{
	if (vw_special[c]) {
		*o++ = '%';
		*o++ = hexdig[c >> 4];
		*o++ = hexdig[c & 15];
	} else {
		*o++ = (char)c;
	}
	return o;
}

size_t
txf_vw_escape(const char *p, size_t n, char *out)
{
	char *o = out;

	for (size_t i = 0; i < n; i++)
		o = vw_byte(o, (unsigned char)p[i]);
	return (size_t)(o - out);
}

/* The stream's escaped field p[0..n) decoded, then VW-escaped. */
static char *
vw_field(char *o, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\' && i + 1 < n) {
			char e = p[i + 1];
			int d = e == 't' ? '\t' : e == 'n' ? '\n' :
			    e == 'r' ? '\r' : e == '\\' ? '\\' : -1;
			if (d >= 0) {
				c = (unsigned char)d;
				i++;
			}
		}
		o = vw_byte(o, c);
	}
	return o;
}

/* Room for an index (up to 10 digits) with txf_fmt_u64's NUL. */
#define IDX_ROOM 11

size_t
txf_vec_bound(const txf_vectorizer *vz, const txf_vecfmt *f,
              const txf_vecrow *row, const txf_vec *v)
{
	size_t b = TXF_NUM_MAX + 2, n = v->n;

	switch (f->format) {
	case TXF_VEC_SVMLIGHT:
		b += (row->label.p ? row->label.n : 1) + 5 + row->qid.n;
		b += n * (1 + IDX_ROOM + 1 + TXF_NUM_MAX);
		if (f->id_comment)
			b += 3 + row->id.n;
		break;
	case TXF_VEC_FASTTEXT:
		/* Each label costs at most "__label__" and a separator more
		 * than its bytes; a field of n bytes has at most n/2+1. */
		b += row->label.n + 10 * (row->label.n / 2 + 1) +
		    row->tokens.n;
		break;
	case TXF_VEC_VW:
		b += row->label.n + 3 + 3 * row->id.n + 2 + f->ns_len;
		if (vz->o.vocab != NULL) {
			for (size_t k = 0; k < n; k++)
				b += 3 * txf_vocab_term(vz->o.vocab,
				    v->idx[k]).n;
		} else {
			b += n * IDX_ROOM;
		}
		b += n * (2 + TXF_NUM_MAX);
		break;
	case TXF_VEC_TRIPLET:
		b += n * (row->id.n + 1 + IDX_ROOM + 1 + TXF_NUM_MAX + 1);
		break;
	case TXF_VEC_DENSE:
		b += row->id.n + (size_t)vz->dim * (1 + TXF_NUM_MAX);
		break;
	}
	return b;
}

static inline char *
put(char *o, const char *p, size_t n)
{
	memcpy(o, p, n);
	return o + n;
}

/* A fastText line: each label of the comma-separated field as
 * __label__L, then the tokens with the stream's \\ decoded (tokens hold
 * no space, TAB or newline, so no other escape occurs in them). */
static char *
fasttext_line(char *o, const txf_vecrow *row)
{
	const char *p = row->label.p, *end = p ? p + row->label.n : p;
	int sep = 0;

	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;
		if (e > p) {
			if (sep)
				*o++ = ' ';
			o = put(o, "__label__", 9);
			o = put(o, p, (size_t)(e - p));
			sep = 1;
		}
		p = e + 1;
	}
	for (size_t i = 0; i < row->tokens.n; i++) {
		char c = row->tokens.p[i];
		if (i == 0 && sep)
			*o++ = ' ';
		if (c == '\\' && i + 1 < row->tokens.n &&
		    row->tokens.p[i + 1] == '\\')
			i++;
		*o++ = c;
	}
	*o++ = '\n';
	return o;
}

size_t
txf_vec_write(const txf_vectorizer *vz, const txf_vecfmt *f,
              const txf_vecrow *row, const txf_vec *v, char *out)
{
	char *o = out;
	uint32_t base = f->one_based ? 1 : 0;
	int prec = f->prec;

	switch (f->format) {
	case TXF_VEC_SVMLIGHT:
		if (row->label.p != NULL)
			o = put(o, row->label.p, row->label.n);
		else
			*o++ = '0';
		if (row->qid.p != NULL) {
			o = put(o, " qid:", 5);
			o = put(o, row->qid.p, row->qid.n);
		}
		for (size_t k = 0; k < v->n; k++) {
			*o++ = ' ';
			o += txf_fmt_u64((uint64_t)v->idx[k] + base, o);
			*o++ = ':';
			o += txf_fmt_num(v->val[k], prec, o);
		}
		if (f->id_comment) {
			o = put(o, " # ", 3);
			o = put(o, row->id.p, row->id.n);
		}
		*o++ = '\n';
		break;
	case TXF_VEC_FASTTEXT:
		o = fasttext_line(o, row);
		break;
	case TXF_VEC_VW:
		if (row->label.p != NULL) {
			o = put(o, row->label.p, row->label.n);
			*o++ = ' ';
		}
		*o++ = '\'';
		o = vw_field(o, row->id.p, row->id.n);
		*o++ = ' ';
		*o++ = '|';
		o = put(o, f->ns, f->ns_len);
		for (size_t k = 0; k < v->n; k++) {
			*o++ = ' ';
			if (vz->o.vocab != NULL) {
				txf_str t = txf_vocab_term(vz->o.vocab,
				    v->idx[k]);
				o += txf_vw_escape(t.p, t.n, o);
			} else {
				o += txf_fmt_u64(v->idx[k], o);
			}
			*o++ = ':';
			o += txf_fmt_num(v->val[k], prec, o);
		}
		*o++ = '\n';
		break;
	case TXF_VEC_TRIPLET:
		for (size_t k = 0; k < v->n; k++) {
			o = put(o, row->id.p, row->id.n);
			*o++ = '\t';
			o += txf_fmt_u64((uint64_t)v->idx[k] + base, o);
			*o++ = '\t';
			o += txf_fmt_num(v->val[k], prec, o);
			*o++ = '\n';
		}
		break;
	case TXF_VEC_DENSE: {
		size_t k = 0;
		o = put(o, row->id.p, row->id.n);
		for (uint32_t i = 0; i < vz->dim; i++) {
			*o++ = '\t';
			if (k < v->n && v->idx[k] == i)
				o += txf_fmt_num(v->val[k++], prec, o);
			else
				*o++ = '0';
		}
		*o++ = '\n';
		break;
	}
	}
	return (size_t)(o - out);
}
