/*
 * ngram.c - n-gram generation: word n-grams and k-skip-n-grams, character
 * n-grams (scikit-learn's 'char' and 'char_wb'), edge n-grams (Lucene's
 * EdgeNGram).  textfeat.h documents the kinds and their order.
 *
 * A generator writes the n-grams of a document into one buffer, each
 * followed by a space (the last space is dropped at the end), so no n-gram
 * costs an allocation: the buffer grows to the largest document and stays.
 * Word n-grams of consecutive tokens are substrings of the tokens joined by
 * the joiner, so each is one copy; char n-grams likewise are substrings of
 * the joined (or padded) text, with U+2581 written where the space goes.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "textfeat.h"
#include "internal.h"

/* Bytes kept free after the data in the output and scratch buffers, so
 * that short copies may move 16 or 32 bytes at once (see copy()). */
#define SLACK 32

/* The size of the marks (below), padded: one is copied whole, then the
 * output moves on by its length. */
#define MARK_SIZE 16

/* U+2581 LOWER ONE EIGHTH BLOCK, which stands for a space in n-grams. */
#define SPACE_MARK "\xE2\x96\x81"
#define SPACE_MARK_LEN 3

struct txf_ngen {
	txf_ngopts o;
	char *joiner;           /* owned copy of o.joiner */
	int marked;             /* more than one kind: mark char kinds */

	txf_buf out;            /* n-grams, each followed by a space */
	size_t count;           /* n-grams in out */
	int views;              /* record where each n-gram starts */
	size_t *start;          /* start offset of each n-gram in out */
	size_t start_cap;
	txf_str *v;             /* views handed out by txf_ngrams() */
	size_t v_cap;

	txf_buf text;           /* scratch: joined or padded text */
	size_t *pos;            /* scratch: token or unit offsets in text */
	size_t pos_cap;
	size_t *idx;            /* scratch: positions of a skip-gram */
};

void
txf_ngopts_init(txf_ngopts *o)
{
	memset(o, 0, sizeof *o);
	o->word_min = o->word_max = 1;
	o->joiner = "+";
	o->joiner_len = 1;
	o->unit = TXF_UNIT_GRAPHEME;
}

/* Whether cp may be part of a joiner: not a word character or white
 * space, and none of the characters that sit inside tokens unseen or join
 * word parts (UAX #29 keeps marks, ZWJ and connector punctuation inside
 * words): a joiner of them could make an n-gram equal to a token. */
static int
joiner_char_ok(int32_t cp)
{
	if (txf_is_word_char(cp) || txf_is_space(cp))
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CC:
		return 0;
	default:
		return 1;
	}
}

int
txf_ngram_joiner_ok(const char *p, size_t n)
{
	size_t i = 0;

	if (p == NULL || n == 0 || txf_utf8_check(p, n) != n)
		return 0;
	while (i < n) {
		int32_t cp;
		size_t bad;
		int len = txf_utf8_decode(p + i, n - i, &cp, &bad);
		if (len <= 0 || !joiner_char_ok(cp))
			return 0;
		i += (size_t)len;
	}
	return 1;
}

/* Whether min:max is a valid range, or 0:0 (the kind is off). */
static int
range_ok(size_t min, size_t max)
{
	if (min == 0)
		return max == 0;
	return min <= max && max <= TXF_NGRAM_MAX;
}

int
txf_ngopts_check(const txf_ngopts *o)
{
	if (!range_ok(o->word_min, o->word_max) ||
	    !range_ok(o->char_min, o->char_max) ||
	    !range_ok(o->wb_min, o->wb_max) ||
	    !range_ok(o->edge_min, o->edge_max) ||
	    o->skip > TXF_NGRAM_MAX ||
	    (o->unit != TXF_UNIT_GRAPHEME && o->unit != TXF_UNIT_CODEPOINT) ||
	    !txf_ngram_joiner_ok(o->joiner, o->joiner_len))
		return TXF_EINVAL;
	return 0;
}

TXF_DEFINE_FREE(txf_ngen_free, txf_ngen, g)
{
	txf_buf_free(&g->out);
	txf_buf_free(&g->text);
	TXF_FREE_ALL(g->joiner, g->start, g->v, g->pos, g->idx, g);
}

txf_ngen *
txf_ngen_new(const txf_ngopts *o, txf_error *err)
{
	txf_ngen *g;

	if (txf_ngopts_check(o) < 0)
		return TXF_FAIL_NULL(err, TXF_EINVAL, 0,
		    "invalid n-gram options");
	g = calloc(1, sizeof *g);
	if (g == NULL)
		goto nomem;
	g->o = *o;
	g->joiner = malloc(o->joiner_len);
	g->idx = malloc((o->word_max + 1) * sizeof *g->idx);
	if (g->joiner == NULL || g->idx == NULL)
		goto nomem;
	memcpy(g->joiner, o->joiner, o->joiner_len);
	g->o.joiner = g->joiner;
	g->marked = (o->word_min > 0) + (o->char_min > 0) + (o->wb_min > 0) +
	    (o->edge_min > 0) > 1;
	return g;
nomem:
	txf_ngen_free(g);
	return TXF_FAIL_NULL(err, TXF_ENOMEM, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* Writing n-grams                                                     */

/*
 * Copy n bytes from s to d.  Most n-grams are short, and a call to memcpy
 * for each would cost more than the copy: up to 32 bytes are moved as one
 * or two fixed 16-byte blocks, which may read and write up to 32 bytes past
 * the n.  So s must lie in a buffer with SLACK bytes after its data (the
 * scratch text), and d in one with SLACK free bytes after the n-gram.
 */
static inline void
copy(char *d, const char *s, size_t n)
{
	if (n <= 16) {
		memcpy(d, s, 16);
	} else if (n <= 32) {
		memcpy(d, s, 16);
		memcpy(d + 16, s + 16, 16);
	} else {
		memcpy(d, s, n);
	}
}

/* Room for one more n-gram of n bytes (and its space and start), and
 * SLACK bytes after it. */
static inline int
reserve(txf_ngen *g, size_t n)
{
	if (g->out.cap - g->out.n <= n + SLACK &&
	    txf_buf_grow(&g->out, n + 1 + SLACK) < 0)
		return TXF_ENOMEM;
	if (g->views && g->count == g->start_cap) {
		if (TXF_GROW(g->start, g->start_cap, g->count + 1, 256) < 0)
			return TXF_ENOMEM;
	}
	return 0;
}

/* Start an n-gram whose room reserve() made. */
static inline char *
begin(txf_ngen *g)
{
	if (g->views)
		g->start[g->count] = g->out.n;
	g->count++;
	return g->out.p + g->out.n;
}

/* End the n-gram that begin() started; e is just past its last byte. */
static inline void
end(txf_ngen *g, char *e)
{
	*e++ = ' ';
	g->out.n = (size_t)(e - g->out.p);
}

/* Write mark + p[0..n) as one n-gram.  The mark is one of the padded
 * marks below; p lies in a buffer with SLACK bytes after its data when
 * fast is set. */
static inline int
put(txf_ngen *g, const char *mark, size_t mlen, const char *p, size_t n,
    int fast)
{
	if (reserve(g, mlen + n) < 0)
		return TXF_ENOMEM;
	char *o = begin(g);
	memcpy(o, mark, MARK_SIZE);
	o += mlen;
	if (fast)
		copy(o, p, n);
	else
		memcpy(o, p, n);
	end(g, o + n);
	return 0;
}

/* Make room for k entries in g->pos. */
static int
pos_room(txf_ngen *g, size_t k)
{
	return TXF_GROW(g->pos, g->pos_cap, k, 256);
}

/* ------------------------------------------------------------------ */
/* Word n-grams                                                        */

/*
 * Join tok[0..nt) (nt > 0) with the joiner into the scratch text, with
 * SLACK bytes after it; pos[i] is where token i starts.  A token then lies
 * at text + pos[i], and the n-gram of tokens i..i+n-1 is the text from
 * pos[i] to the end of token i+n-1.
 */
static int
join_words(txf_ngen *g, const txf_str *tok, size_t nt)
{
	txf_buf *t = &g->text;
	const char *j = g->joiner;
	size_t jn = g->o.joiner_len;
	size_t need = (nt - 1) * jn;

	for (size_t i = 0; i < nt; i++)
		need += tok[i].n;
	t->n = 0;
	if (txf_buf_grow(t, need + SLACK) < 0 || pos_room(g, nt) < 0)
		return TXF_ENOMEM;
	char *o = t->p;
	size_t *pos = g->pos;
	pos[0] = 0;
	memcpy(o, tok[0].p, tok[0].n);
	o += tok[0].n;
	for (size_t i = 1; i < nt; i++) {
		if (jn == 1)
			*o++ = *j;
		else {
			memcpy(o, j, jn);
			o += jn;
		}
		pos[i] = (size_t)(o - t->p);
		memcpy(o, tok[i].p, tok[i].n);
		o += tok[i].n;
	}
	t->n = need;
	return 0;
}

/* The k-skip-n-grams for one n >= 2 (skip > 0), from the joined text. */
static int
skip_grams(txf_ngen *g, const txf_str *tok, size_t nt, size_t n)
{
	size_t *idx = g->idx;
	const char *t = g->text.p;
	const char *j = g->joiner;
	size_t jn = g->o.joiner_len;

	for (size_t first = 0; first + n <= nt; first++) {
		/* The later positions lie in (first, last]. */
		size_t last = first + n - 1 + g->o.skip;
		if (last > nt - 1)
			last = nt - 1;
		for (size_t k = 0; k < n; k++)
			idx[k] = first + k;
		for (;;) {
			size_t len = (n - 1) * jn;
			for (size_t k = 0; k < n; k++)
				len += tok[idx[k]].n;
			if (reserve(g, len) < 0)
				return TXF_ENOMEM;
			char *o = begin(g);
			copy(o, t + g->pos[first], tok[first].n);
			o += tok[first].n;
			for (size_t k = 1; k < n; k++) {
				memcpy(o, j, jn);
				o += jn;
				copy(o, t + g->pos[idx[k]], tok[idx[k]].n);
				o += tok[idx[k]].n;
			}
			end(g, o);
			/* The next positions in lexicographic order: raise the
			 * rightmost one that can still move, and set those
			 * after it to follow it. */
			size_t k = n - 1;
			while (k > 0 && idx[k] == last - (n - 1 - k))
				k--;
			if (k == 0)
				break;
			idx[k]++;
			for (size_t m = k + 1; m < n; m++)
				idx[m] = idx[m - 1] + 1;
		}
	}
	return 0;
}

static int
word_ngrams(txf_ngen *g, const txf_str *tok, size_t nt)
{
	size_t min = g->o.word_min, max = g->o.word_max;

	if (max > nt)
		max = nt;
	if (min > max)
		return 0;
	if (join_words(g, tok, nt) < 0)
		return TXF_ENOMEM;
	const char *t = g->text.p;
	size_t need = g->text.n;
	for (size_t n = min; n <= max; n++) {
		if (n >= 2 && g->o.skip > 0) {
			if (skip_grams(g, tok, nt, n) < 0)
				return TXF_ENOMEM;
			continue;
		}
		/* The n-grams of this n take at most n times the joined
		 * text, plus a space each: reserve once. */
		if (reserve(g, n * need + (nt - n + 1)) < 0)
			return TXF_ENOMEM;
		if (!g->views) {
			/* The common case, with the state in locals. */
			const size_t *pos = g->pos;
			char *o = g->out.p + g->out.n;
			for (size_t i = 0; i + n <= nt; i++) {
				size_t a = pos[i];
				size_t len = pos[i + n - 1] +
				    tok[i + n - 1].n - a;
				copy(o, t + a, len);
				o += len;
				*o++ = ' ';
			}
			g->count += nt - n + 1;
			g->out.n = (size_t)(o - g->out.p);
			continue;
		}
		for (size_t i = 0; i + n <= nt; i++) {
			size_t a = g->pos[i];
			size_t b = g->pos[i + n - 1] + tok[i + n - 1].n;
			if (g->views && reserve(g, b - a) < 0)
				return TXF_ENOMEM;
			char *o = begin(g);
			copy(o, t + a, b - a);
			end(g, o + (b - a));
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Character n-grams                                                   */

/* Marks, padded to MARK_SIZE bytes. */
static const char mark_none[MARK_SIZE] = "";
static const char mark_char[MARK_SIZE] = TXF_MARK_CHAR;
static const char mark_char_wb[MARK_SIZE] = TXF_MARK_CHAR_WB;
static const char mark_edge[MARK_SIZE] = TXF_MARK_EDGE;

/* The mark of a character kind's n-grams, m, when the output has more
 * than one kind, else none. */
static txf_str
mark_of(const txf_ngen *g, const char *m)
{
	if (!g->marked)
		m = mark_none;
	return (txf_str){ m, strlen(m) };
}

/* Append p[0..n) to the scratch text, each space as U+2581; the caller
 * made room for 3 * n bytes. */
static void
text_put(txf_buf *t, const char *p, size_t n)
{
	char *o = t->p + t->n;
	const char *sp;

	while ((sp = memchr(p, ' ', n)) != NULL) {
		size_t k = (size_t)(sp - p);
		memcpy(o, p, k);
		memcpy(o + k, SPACE_MARK, SPACE_MARK_LEN);
		o += k + SPACE_MARK_LEN;
		p += k + 1;
		n -= k + 1;
	}
	memcpy(o, p, n);
	t->n = (size_t)(o + n - t->p);
}

/* Whether s[i..n) starts with U+2581. */
static inline int
is_space_mark(const unsigned char *s, size_t n, size_t i)
{
	return n - i >= 3 && s[i] == 0xE2 && s[i + 1] == 0x96 &&
	    s[i + 2] == 0x81;
}

/*
 * Set g->pos[0..k] to the starts of the units (characters) of s[0..n), at
 * most max of them, and pos[k] = the end of the last; return k, or
 * (size_t)-1 when out of memory.
 */
static size_t
units(txf_ngen *g, const char *s, size_t n, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = 0, i = 0;

	if (pos_room(g, (max < n ? max : n) + 1) < 0)
		return (size_t)-1;
	size_t *pos = g->pos;
	if (g->o.unit == TXF_UNIT_CODEPOINT) {
		while (i < n && k < max) {
			pos[k++] = i++;
			while (i < n && (u[i] & 0xC0) == 0x80)
				i++;
		}
	} else {
		while (i < n && k < max) {
			pos[k++] = i;
			/* An ASCII character or U+2581 (grapheme break
			 * property Other, not pictographic) followed by
			 * either ends its cluster (GB999, GB4, GB5) unless
			 * it is CR LF (GB3).  The rest goes to utf8proc. */
			size_t len = u[i] < 0x80 ? 1 :
			    is_space_mark(u, n, i) ? 3 : 0;
			if (len > 0 && (i + len == n ||
			    (u[i + len] < 0x80 && !(u[i] == '\r' &&
			    u[i + 1] == '\n')) || is_space_mark(u, n, i + len)))
				i += len;
			else
				i = txf_grapheme_next(s, n, i);
		}
	}
	pos[k] = i;
	return k;
}

/*
 * Write the windows of n units at unit offsets 0..len-n of the scratch
 * text (units in g->pos), each after mark (ml bytes).
 */
static int
windows(txf_ngen *g, const char *mark, size_t ml, size_t len, size_t n)
{
	const char *t = g->text.p;
	const size_t *pos = g->pos;
	size_t cnt = len - n + 1;

	if (g->views) {
		for (size_t i = 0; i < cnt; i++)
			if (put(g, mark, ml, t + pos[i], pos[i + n] - pos[i],
			    1) < 0)
				return TXF_ENOMEM;
		return 0;
	}
	/* Each byte of the text is in at most n windows. */
	if (reserve(g, n * pos[len] + cnt * (ml + 1)) < 0)
		return TXF_ENOMEM;
	char *o = g->out.p + g->out.n;
	for (size_t i = 0; i < cnt; i++) {
		size_t w = pos[i + n] - pos[i];
		memcpy(o, mark, MARK_SIZE);
		o += ml;
		copy(o, t + pos[i], w);
		o += w;
		*o++ = ' ';
	}
	g->count += cnt;
	g->out.n = (size_t)(o - g->out.p);
	return 0;
}

/* scikit-learn's analyzer='char' over the tokens joined by spaces. */
static int
char_ngrams(txf_ngen *g, const txf_str *tok, size_t nt, txf_str mark)
{
	txf_buf *t = &g->text;
	size_t need = SPACE_MARK_LEN * (nt - 1) + SLACK;

	for (size_t i = 0; i < nt; i++)
		need += 3 * tok[i].n;
	t->n = 0;
	if (txf_buf_grow(t, need) < 0)
		return TXF_ENOMEM;
	for (size_t i = 0; i < nt; i++) {
		if (i > 0) {
			memcpy(t->p + t->n, SPACE_MARK, SPACE_MARK_LEN);
			t->n += SPACE_MARK_LEN;
		}
		text_put(t, tok[i].p, tok[i].n);
	}
	size_t len = units(g, t->p, t->n, SIZE_MAX);
	if (len == (size_t)-1)
		return TXF_ENOMEM;
	size_t max = g->o.char_max < len ? g->o.char_max : len;
	for (size_t n = g->o.char_min; n <= max; n++)
		if (windows(g, mark.p, mark.n, len, n) < 0)
			return TXF_ENOMEM;
	return 0;
}

/* scikit-learn's analyzer='char_wb': inside each token padded with a
 * space either side. */
static int
char_wb_ngrams(txf_ngen *g, const txf_str *tok, size_t nt, txf_str mark)
{
	txf_buf *t = &g->text;

	for (size_t i = 0; i < nt; i++) {
		t->n = 0;
		if (txf_buf_grow(t, 3 * tok[i].n + 2 * SPACE_MARK_LEN +
		    SLACK) < 0)
			return TXF_ENOMEM;
		memcpy(t->p, SPACE_MARK, SPACE_MARK_LEN);
		t->n = SPACE_MARK_LEN;
		text_put(t, tok[i].p, tok[i].n);
		memcpy(t->p + t->n, SPACE_MARK, SPACE_MARK_LEN);
		t->n += SPACE_MARK_LEN;
		size_t len = units(g, t->p, t->n, SIZE_MAX);
		if (len == (size_t)-1)
			return TXF_ENOMEM;
		for (size_t n = g->o.wb_min; n <= g->o.wb_max; n++) {
			if (len <= n) {
				/* Not longer than n: once, whole; no larger
				 * n for this token. */
				if (put(g, mark.p, mark.n, t->p, t->n, 1) < 0)
					return TXF_ENOMEM;
				break;
			}
			if (windows(g, mark.p, mark.n, len, n) < 0)
				return TXF_ENOMEM;
		}
	}
	return 0;
}

/* Lucene's EdgeNGram filter: the prefixes of each token. */
static int
edge_ngrams(txf_ngen *g, const txf_str *tok, size_t nt, txf_str mark)
{
	for (size_t i = 0; i < nt; i++) {
		size_t len = units(g, tok[i].p, tok[i].n, g->o.edge_max);
		if (len == (size_t)-1)
			return TXF_ENOMEM;
		for (size_t n = g->o.edge_min; n <= len; n++)
			if (put(g, mark.p, mark.n, tok[i].p, g->pos[n], 0) < 0)
				return TXF_ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The document                                                        */

static int
generate(txf_ngen *g, const txf_str *tok, size_t nt)
{
	g->out.n = 0;
	g->count = 0;
	if (nt == 0)
		return 0;
	if ((g->o.word_min > 0 && word_ngrams(g, tok, nt) < 0) ||
	    (g->o.char_min > 0 &&
	    char_ngrams(g, tok, nt, mark_of(g, mark_char)) < 0) ||
	    (g->o.wb_min > 0 &&
	    char_wb_ngrams(g, tok, nt, mark_of(g, mark_char_wb)) < 0) ||
	    (g->o.edge_min > 0 &&
	    edge_ngrams(g, tok, nt, mark_of(g, mark_edge)) < 0))
		return TXF_ENOMEM;
	if (g->out.n > 0)
		g->out.n--;     /* the space after the last n-gram */
	return 0;
}

int
txf_ngrams_text(txf_ngen *g, const txf_str *tok, size_t n, txf_str *out)
{
	int rc;

	g->views = 0;
	rc = generate(g, tok, n);
	out->p = rc < 0 || g->out.p == NULL ? "" : g->out.p;
	out->n = rc < 0 ? 0 : g->out.n;
	return rc;
}

int
txf_ngrams(txf_ngen *g, const txf_str *tok, size_t n, txf_tokens *out)
{
	int rc;

	out->v = NULL;
	out->n = 0;
	g->views = 1;
	rc = generate(g, tok, n);
	if (rc < 0)
		return rc;
	if (g->count > g->v_cap) {
		if (TXF_RESIZE(g->v, g->count) < 0)
			return TXF_ENOMEM;
		g->v_cap = g->count;
	}
	for (size_t i = 0; i < g->count; i++) {
		size_t a = g->start[i];
		size_t b = i + 1 < g->count ? g->start[i + 1] - 1 : g->out.n;
		g->v[i].p = g->out.p + a;
		g->v[i].n = b - a;
	}
	out->v = g->v;
	out->n = g->count;
	return 0;
}
