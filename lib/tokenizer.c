/* tokenizer.c - the analysis chain: normalization, case, accents,
 * segmentation, length limits, stop words, stemming. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "textfeat.h"
#include "internal.h"

struct txf_tokenizer {
	txf_tokopts o;
	txf_buf a, b;        /* scratch for the text-wide stages */
	txf_buf store;       /* stemmed tokens */
	txf_str *v;          /* the tokens */
	size_t *off;         /* with stemming: offsets of v[i] in store */
	size_t n, cap;
	txf_str joined;      /* the tokens joined by spaces, when made */
	int plain;           /* no length limit, stop words or stemming */
	txf_stemmer *stem;   /* its own copy of o.stem */
};

void
txf_tokopts_init(txf_tokopts *o)
{
	memset(o, 0, sizeof *o);
	o->mode = TXF_MODE_UAX29;
	o->norm = TXF_NORM_NFKC;
	o->casing = TXF_CASE_FOLD;
	o->min_len = 1;
}

int
txf_tokopts_describe(const txf_tokopts *o, const char *stop_name,
                     const char *stem_name, txf_buf *out)
{
	char tmp[512];
	int k;

	k = snprintf(tmp, sizeof tmp,
	    "mode=%s norm=%s case=%s strip-accents=%s min-len=%zu max-len=%zu"
	    " stop=%s stem=%s", txf_mode_name(o->mode),
	    txf_norm_name(o->norm), txf_case_name(o->casing),
	    o->strip_accents ? "yes" : "no", o->min_len, o->max_len, stop_name ? stop_name : "none",
	    stem_name ? stem_name : "none");
	if (k < 0 || (size_t)k >= sizeof tmp)
		return TXF_ERANGE;
	return txf_buf_add(out, tmp, (size_t)k);
}

TXF_DEFINE_FREE(txf_tokenizer_free, txf_tokenizer, tk)
{
	txf_stemmer_free(tk->stem);
	txf_buf_free(&tk->a);
	txf_buf_free(&tk->b);
	txf_buf_free(&tk->store);
	TXF_FREE_ALL(tk->v, tk->off, tk);
}

txf_tokenizer *
txf_tokenizer_new(const txf_tokopts *o)
{
	txf_tokenizer *tk = calloc(1, sizeof *tk);

	if (tk == NULL)
		return NULL;
	tk->o = *o;
	tk->plain = o->min_len <= 1 && o->max_len == 0 && o->stop == NULL &&
	    o->stem == NULL;
	/* A stemmer of its own: tokenizers run in threads of their own. */
	if (o->stem != NULL) {
		if ((tk->stem = txf_stemmer_clone(o->stem, NULL)) == NULL) {
			free(tk);
			return NULL;
		}
		tk->o.stem = tk->stem;
	}
	return tk;
}

/* ASCII letters and digits: the only ASCII a uax29 token can start with. */
static inline int
ascii_alnum(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

/* Whether a UAX #29 segment holds a letter (L*) or a decimal digit (Nd). */
static int
has_letter_or_digit(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x80) {
			if (ascii_alnum(c))
				return 1;
			i++;
			continue;
		}
		int32_t cp;
		size_t len;
		(void)txf_utf8_decode(p + i, n - i, &cp, &len);
		i += len;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static int push_slow(txf_tokenizer *tk, const char *p, size_t n);

/* Add a token: the common case inline, filters and stemming out of line. */
static inline int
push(txf_tokenizer *tk, const char *p, size_t n)
{
	if (tk->plain && tk->n < tk->cap) {
		tk->v[tk->n].p = p;
		tk->v[tk->n].n = n;
		tk->n++;
		return 0;
	}
	return push_slow(tk, p, n);
}

static int
push_slow(txf_tokenizer *tk, const char *p, size_t n)
{
	const txf_tokopts *o = &tk->o;

	if (o->min_len > 1 || o->max_len > 0) {
		size_t len = txf_utf8_count(p, n);
		if (len < o->min_len || (o->max_len > 0 && len > o->max_len))
			return 0;
	}
	if (o->stop != NULL && txf_stopset_has(o->stop, p, n))
		return 0;
	if (TXF_GROW2(tk->v, tk->off, tk->cap, tk->n + 1, 64) < 0)
		return TXF_ENOMEM;
	if (o->stem != NULL) {
		txf_str s;
		int rc = txf_stem(o->stem, p, n, &s);
		if (rc < 0)
			return rc;
		if (s.n == 0)   /* stemmed to nothing (Greek "ους"): no token */
			return 0;
		tk->off[tk->n] = tk->store.n;
		if (txf_buf_add(&tk->store, s.p, s.n) < 0)
			return TXF_ENOMEM;
		p = NULL;
		n = s.n;
	}
	tk->v[tk->n].p = p;
	tk->v[tk->n].n = n;
	tk->n++;
	return 0;
}

/* Whether the code point at s[*at..end) is a blank (white space or a
 * control character); if so, *at moves past it. */
static int
lead_blank(const char *s, size_t end, size_t *at)
{
	int32_t cp;
	size_t len;

	if (txf_utf8_decode(s + *at, end - *at, &cp, &len) < 0 ||
	    !(txf_is_space(cp) || (cp >= 0x80 && cp < 0xA0)))
		return 0;
	*at += len;
	return 1;
}

/* If s[i..end) starts with a blank (white space or a control character),
 * its length; else 0.  Every blank that is not ASCII starts with byte
 * C2 (U+0080..U+00A0), E1 (U+1680), E2 (U+2000..U+205F) or E3 (U+3000)
 * (test_tokenizer checks it over all code points), so other text takes
 * no look-up. */
static size_t
blank_len(const char *s, size_t end, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t at = i;

	if (c < 0x80)
		return c <= 0x20 || c == 0x7f;
	if (c != 0xC2 && (c < 0xE1 || c > 0xE3))
		return 0;
	return lead_blank(s, end, &at) ? at - i : 0;
}

/* The length of the (valid) UTF-8 sequence that starts with byte c. */
static size_t
seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
 * UAX #29 segments, without blanks.  A segment can start with one (a
 * space or control character followed by marks that are letters, WB4:
 * U+FF9E after a space): the token starts after it.  And U+202F NARROW
 * NO-BREAK SPACE, which UAX #29 joins to words as it joins '_' (WB13a,
 * WB13b), is the one blank that can follow a word's first character
 * (test_tokenizer's idempotence test would find another): it splits the
 * segment.  So a token never holds white space, tokenizing tokens in any
 * mode gives them back (tokenize(1), Idempotence), and NFC text splits
 * where its NFKC (U+202F is a space) does.
 */
static int
segment_uax29(txf_tokenizer *tk, const char *s, size_t n)
{
	size_t pos = 0;
	/* Only U+202F (E2 80 AF) can end a piece before its segment does. */
	int nnbsp = 0;
	for (const char *e = s; !nnbsp &&
	    (e = memchr(e, 0xE2, n - (size_t)(e - s))) != NULL; e++)
		nnbsp = n - (size_t)(e - s) >= 3 && e[1] == '\x80' &&
		    e[2] == '\xAF';

	while (pos < n) {
		size_t end = txf_word_next(s, n, pos);
		size_t at = pos;
		while (at < end) {
			size_t b, start;
			while (at < end && (b = blank_len(s, end, at)) > 0)
				at += b;
			start = at;
			if (at == end)
				break;
			if (!nnbsp)
				at = end;
			else
				while (at < end && blank_len(s, end, at) == 0)
					at += seq_len((unsigned char)s[at]);
			if (at > end)           /* not valid UTF-8: never */
				at = end;
			unsigned char c = (unsigned char)s[start];
			if (c < 0x80 ? ascii_alnum(c) || (at - start > 1 &&
			    has_letter_or_digit(s + start, at - start)) :
			    has_letter_or_digit(s + start, at - start)) {
				int rc = push(tk, s + start, at - start);
				if (rc < 0)
					return rc;
			}
		}
		pos = end;
	}
	return 0;
}

/*
 * UAX #29 restricted to ASCII text, where only these Word_Break classes
 * occur: ALetter, Numeric, ExtendNumLet ('_'), MidLetter (':'), MidNum
 * (',' ';'), MidNumLet ('.'), Single_Quote ('\'') and classes that always
 * break.  Letters, digits and '_' never break among themselves (WB5, WB8,
 * WB9, WB10, WB13a, WB13b); a middle character joins two letters (WB6,
 * WB7: ':' '.' '\'') or two digits (WB11, WB12: ',' ';' '.' '\'').
 * Everything else is a segment of its own, and holds no letter or digit.
 */
enum { A_OTHER, A_LETTER, A_DIGIT, A_UNDER, A_MIDL, A_MIDN, A_MIDNL };

static const unsigned char aclass[128] = {
	['0'] = A_DIGIT, ['1'] = A_DIGIT, ['2'] = A_DIGIT, ['3'] = A_DIGIT,
	['4'] = A_DIGIT, ['5'] = A_DIGIT, ['6'] = A_DIGIT, ['7'] = A_DIGIT,
	['8'] = A_DIGIT, ['9'] = A_DIGIT,
	['_'] = A_UNDER, [':'] = A_MIDL, [','] = A_MIDN, [';'] = A_MIDN,
	['.'] = A_MIDNL, ['\''] = A_MIDNL,
#define L(c) [c] = A_LETTER, [c + 32] = A_LETTER
	L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'), L('H'),
	L('I'), L('J'), L('K'), L('L'), L('M'), L('N'), L('O'), L('P'),
	L('Q'), L('R'), L('S'), L('T'), L('U'), L('V'), L('W'), L('X'),
	L('Y'), L('Z'),
#undef L
};

/* 1 for the ASCII word bytes (letters, digits, '_'): the hot loop's test. */
static const unsigned char wordbyte[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
#define L(c) [c] = 1, [c + 32] = 1
	L('A'), L('B'), L('C'), L('D'), L('E'), L('F'), L('G'), L('H'),
	L('I'), L('J'), L('K'), L('L'), L('M'), L('N'), L('O'), L('P'),
	L('Q'), L('R'), L('S'), L('T'), L('U'), L('V'), L('W'), L('X'),
	L('Y'), L('Z'),
#undef L
};

/*
 * Segment ASCII s[0..n), which is followed by 8 NUL bytes, and write the
 * kept tokens into tk->a (room for n + 8 bytes) joined by single spaces:
 * the tokens are views of that string, and a caller that writes them
 * joined can take it whole.  Tokens are copied 8 bytes at a time; the
 * padding makes that safe, and what a copy writes past a token is
 * overwritten by what follows it.
 */
static int
segment_uax29_ascii(txf_tokenizer *tk, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char *w0 = tk->a.p, *w = w0;
	size_t i = 0;

	while (i < n) {
		if (!wordbyte[u[i]]) {
			i++;
			continue;
		}
		size_t start = i;
		for (i++;; i++) {
			/* s[n] is NUL, which is no word byte. */
			while (wordbyte[u[i]])
				i++;
			if (i + 1 >= n)
				break;
			unsigned c = aclass[u[i]];
			unsigned prev = aclass[u[i - 1]], next = aclass[u[i + 1]];
			if (prev == A_LETTER && next == A_LETTER &&
			    (c == A_MIDL || c == A_MIDNL))
				continue;
			if (prev == A_DIGIT && next == A_DIGIT &&
			    (c == A_MIDN || c == A_MIDNL))
				continue;
			break;
		}
		/* A run of '_' alone holds no letter or digit. */
		int keep = aclass[u[start]] != A_UNDER;
		for (size_t k = start + 1; !keep && k < i; k++)
			keep = aclass[u[k]] != A_UNDER;
		if (!keep)
			continue;
		size_t len = i - start;
		for (size_t k = 0; k < len; k += 8)
			memcpy(w + k, s + start + k, 8);
		size_t before = tk->n;
		int rc = push(tk, w, len);
		if (rc < 0)
			return rc;
		if (tk->n > before) {   /* kept by the filters */
			w += len;
			*w++ = ' ';
		}
	}
	tk->joined.p = w0;
	tk->joined.n = w > w0 ? (size_t)(w - w0) - 1 : 0;
	return 0;
}

/* Runs of code points that are \w (word) or not white space (space). */
static int
segment_runs(txf_tokenizer *tk, const char *s, size_t n, int word)
{
	size_t i = 0, start = 0;
	int inside = 0;

	while (i < n) {
		size_t at = i;
		unsigned char c = (unsigned char)s[i];
		int in;
		if (c < 0x80) {
			i++;
			if (word)
				in = wordbyte[c];
			else
				in = !(c == ' ' || (c >= 0x09 && c <= 0x0D) ||
				    (c >= 0x1C && c <= 0x1F));
		} else {
			int32_t cp;
			size_t len;
			(void)txf_utf8_decode(s + i, n - i, &cp, &len);
			i += len;
			in = word ? txf_is_word_char(cp) : !txf_is_space(cp);
		}
		if (in && !inside) {
			start = at;
			inside = 1;
		} else if (!in && inside) {
			int rc = push(tk, s + start, at - start);
			if (rc < 0)
				return rc;
			inside = 0;
		}
	}
	if (inside)
		return push(tk, s + start, n - start);
	return 0;
}

/* Keep a word of ASCII text that runs_ascii_word() found: a byte is a
 * character, so a length bound is checked here; only stop words and
 * stemming need push_slow(). */
static inline int
keep_word(txf_tokenizer *tk, const char *p, size_t len, size_t lo, size_t hi,
          int bounds_only)
{
	if (bounds_only) {
		if (len < lo || len > hi)
			return 0;
		if (tk->n < tk->cap) {
			tk->v[tk->n].p = p;
			tk->v[tk->n].n = len;
			tk->n++;
			return 0;
		}
	}
	return push_slow(tk, p, len);
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HAVE_WORD_MASK 1
/*
 * Bit 7 of each byte of w (ASCII: every byte below 0x80) that is a word
 * byte, a letter, a digit or '_', as wordbyte[] says.  A range test is two
 * additions whose carries reach bit 7 exactly when the byte is at or
 * above a bound; no carry crosses into the next byte.
 */
static inline uint64_t
word_mask(uint64_t w)
{
	const uint64_t b7 = 0x8080808080808080ull, lo7 = 0x7f7f7f7f7f7f7f7full;
	uint64_t l = w | 0x2020202020202020ull;           /* letters lower */
	uint64_t digit = (w + 0x5050505050505050ull) &    /* >= '0' */
	    ~(w + 0x4646464646464646ull);                 /* <= '9' */
	uint64_t letter = (l + 0x1f1f1f1f1f1f1f1full) &   /* >= 'a' */
	    ~(l + 0x0505050505050505ull);                 /* <= 'z' */
	uint64_t x = w ^ 0x5f5f5f5f5f5f5f5full;           /* '_' */
	uint64_t under = ~(((x & lo7) + lo7) | x | lo7);
	return (digit | letter | under) & b7;
}

/*
 * Bit j of the result for byte j of s[0..64) (ASCII): set for a word
 * byte.  With SSE2 (every x86-64), 16 bytes a compare; otherwise
 * word_mask()'s bits 7 gathered into 8 bits by a multiplication (byte j's
 * bit lands at bit 56 + j, no two products adding into the same bit).
 */
static inline uint64_t
word_bits64(const char *s)
{
	uint64_t m = 0;
#ifdef __SSE2__
	const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1);
	const __m128i la = _mm_set1_epi8('a' - 1), lz = _mm_set1_epi8('z' + 1);
	const __m128i cs = _mm_set1_epi8(0x20), us = _mm_set1_epi8('_');

	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)
		    (s + 16 * k));
		__m128i l = _mm_or_si128(v, cs);
		__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, d0),
		    _mm_cmpgt_epi8(d9, v));
		__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(l, la),
		    _mm_cmpgt_epi8(lz, l));
		__m128i w = _mm_or_si128(_mm_or_si128(digit, letter),
		    _mm_cmpeq_epi8(v, us));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(w) << (16 * k);
	}
#else
	for (int k = 0; k < 8; k++) {
		uint64_t w;
		memcpy(&w, s + 8 * k, 8);
		m |= ((word_mask(w) >> 7) * 0x0102040810204080ull >> 56) <<
		    (8 * k);
	}
#endif
	return m;
}
#endif

/* Word mode on ASCII text: the runs of word bytes, found 64 bytes at a
 * time where words allow (a mask of word bytes, whose edges the runs'
 * ends are). */
static int
runs_ascii_word(txf_tokenizer *tk, const char *s, size_t n)
{
	const txf_tokopts *o = &tk->o;
	size_t i = 0, start = 0, lo = o->min_len;
	size_t hi = o->max_len ? o->max_len : SIZE_MAX;
	int bounds_only = o->stop == NULL && o->stem == NULL, inside = 0, rc;

#ifdef HAVE_WORD_MASK
	/* A word starts at each word byte after one that is not, and ends
	 * at each byte that is not after one that is: the two alternate, a
	 * start first unless a word runs in.  The last bytes are read from
	 * a copy padded with NULs, which are not word bytes. */
	char pad[64];
	for (; i < n; i += 64) {
		const char *b = s + i;
		if (n - i < 64) {
			memset(pad, 0, sizeof pad);
			memcpy(pad, b, n - i);
			b = pad;
		}
		uint64_t m = word_bits64(b), prev = m << 1 | (uint64_t)inside;
		uint64_t starts = m & ~prev, ends = ~m & prev;
		for (;;) {
			if (!inside) {
				if (starts == 0)
					break;
				start = i + (size_t)__builtin_ctzll(starts);
				starts &= starts - 1;
				inside = 1;
			}
			if (ends == 0)
				break;
			if ((rc = keep_word(tk, s + start, i +
			    (size_t)__builtin_ctzll(ends) - start, lo, hi,
			    bounds_only)) < 0)
				return rc;
			ends &= ends - 1;
			inside = 0;
		}
	}
#else
	const unsigned char *u = (const unsigned char *)s;
	for (; i < n; i++) {
		int wb = wordbyte[u[i]];
		if (wb && !inside) {
			start = i;
			inside = 1;
		} else if (!wb && inside) {
			if ((rc = keep_word(tk, s + start, i - start, lo, hi,
			    bounds_only)) < 0)
				return rc;
			inside = 0;
		}
	}
#endif
	return inside ? keep_word(tk, s + start, n - start, lo, hi,
	    bounds_only) : 0;
}

enum { ST_NORM, ST_CASE, ST_STRIP };

/* The text-wide stage st of *s[0..*n), into whichever scratch buffer does
 * not hold it (a when neither does); *s and *n are then the result's. */
static int
stage(txf_tokenizer *tk, int st, const char **s, size_t *n)
{
	txf_buf *dst = *s == tk->a.p ? &tk->b : &tk->a;
	int rc;

	dst->n = 0;
	switch (st) {
	case ST_NORM:
		rc = txf_normalize(*s, *n, tk->o.norm, dst);
		break;
	case ST_CASE:
		rc = txf_casemap(*s, *n, tk->o.casing, dst);
		break;
	default:
		rc = txf_strip_accents(*s, *n, dst);
		break;
	}
	if (rc < 0)
		return rc;
	*s = dst->p;
	*n = dst->n;
	return 0;
}

int
txf_tokenize(txf_tokenizer *tk, const char *text, size_t n, txf_tokens *out)
{
	const txf_tokopts *o = &tk->o;
	const char *s = text;
	int rc;

	tk->n = 0;
	tk->store.n = 0;
	tk->joined.p = NULL;
	tk->joined.n = 0;
	out->v = NULL;
	out->n = 0;
	out->joined = tk->joined;

	/* ASCII text: normalization and accent stripping change nothing,
	 * case is a byte map, and UAX #29 takes a short cut.  For it, b gets
	 * the text (lowercased unless case is kept) and 8 NUL bytes, in the
	 * same pass that finds whether the text is ASCII; a the joined
	 * tokens. */
	if (o->mode == TXF_MODE_UAX29) {
		tk->a.n = tk->b.n = 0;
		if (txf_buf_grow(&tk->a, n + 8) < 0 ||
		    txf_buf_grow(&tk->b, n + 8) < 0)
			return TXF_ENOMEM;
		if (txf_ascii_copy(text, n, tk->b.p,
		    o->casing != TXF_CASE_KEEP)) {
			memset(tk->b.p + n, 0, 8);
			rc = segment_uax29_ascii(tk, tk->b.p, n);
			goto done;
		}
	} else if (o->casing != TXF_CASE_KEEP) {
		/* Lowercased into a, in the pass that finds whether the text
		 * is ASCII. */
		tk->a.n = 0;
		if (txf_buf_grow(&tk->a, n) < 0)
			return TXF_ENOMEM;
		if (txf_ascii_copy(text, n, tk->a.p, 1)) {
			rc = o->mode == TXF_MODE_WORD ?
			    runs_ascii_word(tk, tk->a.p, n) :
			    segment_runs(tk, tk->a.p, n, 0);
			goto done;
		}
	} else if (txf_is_ascii(text, n)) {
		rc = o->mode == TXF_MODE_WORD ? runs_ascii_word(tk, s, n) :
		    segment_runs(tk, s, n, 0);
		goto done;
	}

	/* Text-wide stages, each from one scratch buffer into the other. */
	if (o->norm != TXF_NORM_NONE && (rc = stage(tk, ST_NORM, &s, &n)) < 0)
		return rc;
	if (o->casing != TXF_CASE_KEEP &&
	    (rc = stage(tk, ST_CASE, &s, &n)) < 0)
		return rc;
	/* Normalized again: case mapping can leave text that is not
	 * (folding U+1FBC, ALPHA WITH PROSGEGRAMMENI, gives an iota after
	 * marks that should follow it), so that the analysis is idempotent,
	 * as ICU's NFKC_Casefold is (tokenize(1)).  Only the runs that can
	 * change are touched. */
	if (o->casing != TXF_CASE_KEEP && o->norm != TXF_NORM_NONE &&
	    (rc = stage(tk, ST_NORM, &s, &n)) < 0)
		return rc;
	if (o->strip_accents && (rc = stage(tk, ST_STRIP, &s, &n)) < 0)
		return rc;
	if (n == 0)
		return 0;

	switch (o->mode) {
	case TXF_MODE_UAX29:
		rc = segment_uax29(tk, s, n);
		break;
	case TXF_MODE_WORD:
		rc = segment_runs(tk, s, n, 1);
		break;
	default:
		rc = segment_runs(tk, s, n, 0);
		break;
	}
done:
	if (rc < 0)
		return rc;
	if (o->stem != NULL)
		for (size_t i = 0; i < tk->n; i++)
			tk->v[i].p = tk->store.p + tk->off[i];
	out->v = tk->v;
	out->n = tk->n;
	if (o->stem == NULL)
		out->joined = tk->joined;
	return 0;
}
