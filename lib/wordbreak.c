/*
 * wordbreak.c - Unicode text segmentation and character classes.
 *
 *   txf_word_next()      word boundaries: UAX #29, Unicode 15.0 default rules
 *   txf_grapheme_next()  extended grapheme clusters, through utf8proc
 *   txf_is_word_char()   Python's regex \w
 *   txf_is_space()       Python's str.isspace(), what str.split() splits on
 *
 * Both boundary functions look back at the text before pos for the context
 * the rules need, so a caller may start anywhere, not only at a boundary.
 * Most code points need no look back at all, the others a code point or
 * two, except Regional_Indicators: the rules pair them from the start of
 * their run, so those before pos are counted, up to RI_LOOKBACK of them.
 * A longer run is taken to hold an even number before pos, as it does
 * when pos is a boundary.  So a walk from boundary to boundary is always
 * exact and linear, even over a line of a million flags; only a start
 * inside a pair deep in such a run gets the pairing wrong.
 *
 * The text is valid UTF-8 (the caller checked it).  The decoder here does
 * not validate, but it never reads outside s[0..n), whatever the bytes.
 */
#include <string.h>

#include <utf8proc.h>

#include "textfeat.h"
#include "unicode_tables.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* How many Regional_Indicators before pos are counted (see above). */
#define RI_LOOKBACK 64

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */

/* Decode the code point at s[i] (i < n) into *cp; return its length.  A
 * sequence that is malformed or runs past n counts as one byte, U+FFFD. */
static inline size_t
decode(const unsigned char *s, size_t n, size_t i, int32_t *cp)
{
	unsigned c = s[i];

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c < 0xE0 && n - i >= 2) {
		*cp = (int32_t)((c & 0x1F) << 6 | (s[i + 1] & 0x3Fu));
		return 2;
	}
	if (c >= 0xE0 && c < 0xF0 && n - i >= 3) {
		*cp = (int32_t)((c & 0x0F) << 12 | (s[i + 1] & 0x3Fu) << 6 |
		    (s[i + 2] & 0x3Fu));
		return 3;
	}
	if (c >= 0xF0 && c < 0xF5 && n - i >= 4) {
		*cp = (int32_t)((c & 0x07) << 18 | (s[i + 1] & 0x3Fu) << 12 |
		    (s[i + 2] & 0x3Fu) << 6 | (s[i + 3] & 0x3Fu));
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

/* The offset where the code point that ends at s[end] begins (end > 0). */
static inline size_t
cp_start(const unsigned char *s, size_t end)
{
	size_t i = end - 1;
	int k;

	for (k = 0; k < 3 && i > 0 && (s[i] & 0xC0) == 0x80; k++)
		i--;
	return i;
}

/* Whether b is an ASCII letter, digit or '_': the ASCII code points whose
 * Word_Break is ALetter, Numeric or ExtendNumLet. */
static inline int
ascii_word_byte(unsigned char b)
{
	return (unsigned)((b | 0x20) - 'a') < 26u ||
	    (unsigned)(b - '0') < 10u || b == '_';
}

/*
 * The end of the run of ASCII letters, digits and '_' that starts at s[i].
 * Eight bytes at a time where the compiler allows: each byte's high bit
 * ends up telling whether it is in the run.  Every sum stays below 0x100
 * in its byte (the high bits are cleared first), so no carry crosses into
 * the next byte and each byte is tested exactly.
 */
static inline size_t
ascii_word_end(const unsigned char *s, size_t n, size_t i)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define REP(b) (0x0101010101010101ULL * (b))
	while (n - i >= 8) {
		uint64_t w, x, l, letter, digit, under, in_run;
		memcpy(&w, s + i, 8);
		x = w & REP(0x7F);
		l = x | REP(0x20);                         /* fold case */
		letter = (l + REP(0x80 - 'a')) & ~(l + REP(0x7F - 'z'));
		digit = (x + REP(0x80 - '0')) & ~(x + REP(0x7F - '9'));
		under = ~((x ^ REP('_')) + REP(0x7F));     /* x == '_' */
		in_run = (letter | digit | under) & ~w & REP(0x80);
		if (in_run != REP(0x80)) {
			uint64_t out = ~in_run & REP(0x80);
			return i + (size_t)__builtin_ctzll(out) / 8;
		}
		i += 8;
	}
#undef REP
#endif
	while (i < n && ascii_word_byte(s[i]))
		i++;
	return i;
}

/* ------------------------------------------------------------------ */
/* Word boundaries (UAX #29 section 4.1)                               */

/* Pseudo-values beside enum txf_wb: the start and the end of the text. */
enum { WB_SOT = TXF_WB_COUNT, WB_EOT };

#define BIT(v) (1u << (v))

/* Sets of Word_Break values, named as in UAX #29. */
#define NEWLINES   (BIT(TXF_WB_NEWLINE) | BIT(TXF_WB_CR) | BIT(TXF_WB_LF))
#define IGNORED    (BIT(TXF_WB_EXTEND) | BIT(TXF_WB_FORMAT) | BIT(TXF_WB_ZWJ))
#define AHLETTER   (BIT(TXF_WB_ALETTER) | BIT(TXF_WB_HEBREW_LETTER))
#define MIDNUMLETQ (BIT(TXF_WB_MIDNUMLET) | BIT(TXF_WB_SINGLE_QUOTE))
#define MIDLETTERS (BIT(TXF_WB_MIDLETTER) | MIDNUMLETQ)
#define MIDNUMS    (BIT(TXF_WB_MIDNUM) | MIDNUMLETQ)
/* Values after which WB7, WB7c or WB11 look two code points back. */
#define MIDDLES    (MIDLETTERS | MIDNUMS | BIT(TXF_WB_DOUBLE_QUOTE))
/* Letters, digits and connectors: any two of these hold together (WB5,
 * WB8, WB9, WB10, WB13a, WB13b). */
#define WORDISH    (AHLETTER | BIT(TXF_WB_NUMERIC) | BIT(TXF_WB_EXTENDNUMLET))
/* The values that rules WB5 to WB16 join: the same set on the left
 * (prev) and on the right of the x. */
#define JOINABLE   (WORDISH | BIT(TXF_WB_KATAKANA) | MIDDLES | \
                    BIT(TXF_WB_REGIONAL_INDICATOR))
/* The values of a code point whose segment depends on the text before it:
 * the ones WB4 ignores, the middles of WB7, WB7c and WB11, and
 * Regional_Indicators (WB15, WB16). */
#define NEEDS_PAST (IGNORED | MIDDLES | BIT(TXF_WB_REGIONAL_INDICATOR))

/* Whether value v is in set. */
static inline int
in(int v, unsigned set)
{
	return (set >> v) & 1;
}

/* The table entry (Word_Break value | TXF_WB_EXTPICT) of the code point at
 * s[i]; its length goes to *len. */
static inline int
wb_entry_at(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	int32_t cp;

	if (s[i] < 0x80) {
		*len = 1;
		return txf_wb_ascii[s[i]];
	}
	*len = decode(s, n, i, &cp);
	return txf_wb_entry(cp);
}

/* The Word_Break value of the code point at s[i]. */
static inline int
wb_at(const unsigned char *s, size_t n, size_t i)
{
	size_t len;

	return wb_entry_at(s, n, i, &len) & TXF_WB_MASK;
}

/*
 * What the rules need to know about the text before a position.  WB4
 * makes the rules after it see through Extend, Format and ZWJ, so two
 * views are kept: the code point just before (lit, for WB3 to WB4) and
 * the ones the later rules see (prev, prev2).
 */
struct wb_ctx {
	int lit;     /* value of the code point just before; WB_SOT at start */
	int prev;    /* value of the last code point WB4 does not ignore */
	int prev2;   /* the one before prev (WB_SOT if none) */
	int ri_odd;  /* prev ends an odd-length run of Regional_Indicators */
};

/* Move the context past a code point of value v. */
static inline void
wb_push(struct wb_ctx *c, int v)
{
	/* WB4: X (Extend | Format | ZWJ)* -> X, where X is not sot or a
	 * newline.  Such a code point changes only lit. */
	int ignored = in(v, IGNORED) && !in(c->lit, NEWLINES | BIT(WB_SOT));

	c->lit = v;
	if (ignored)
		return;
	c->ri_odd = v == TXF_WB_REGIONAL_INDICATOR &&
	    !(c->prev == TXF_WB_REGIONAL_INDICATOR && c->ri_odd);
	c->prev2 = c->prev;
	c->prev = v;
}

/* Lookahead for WB6, WB7b and WB12: the value of the first code point at
 * or after s[i] that WB4 does not ignore, or WB_EOT. */
static int
wb_peek(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		size_t len;
		int v = wb_entry_at(s, n, i, &len) & TXF_WB_MASK;
		if (!in(v, IGNORED))
			return v;
		i += len;
	}
	return WB_EOT;
}

/*
 * Lookbehind: the value the rules after WB4 see for the text ending at
 * s[end] (end > 0), and in *start where that code point begins.  It is the
 * last code point that is not Extend, Format or ZWJ; but a run of those
 * right after a newline or at the start of the text stands for itself,
 * represented by its first code point.
 */
static int
wb_back(const unsigned char *s, size_t n, size_t end, size_t *start)
{
	size_t i = end, first_at = end;
	int v, first = WB_SOT;

	do {
		i = cp_start(s, i);
		v = wb_at(s, n, i);
		if (!in(v, IGNORED)) {
			if (in(v, NEWLINES) && first_at != end)
				break;
			*start = i;
			return v;
		}
		first = v;
		first_at = i;
	} while (i > 0);
	*start = first_at;
	return first;
}

/* The context at pos, from the text before it (pos > 0). */
static void
wb_context(struct wb_ctx *c, const unsigned char *s, size_t n, size_t pos)
{
	size_t at;

	c->prev2 = WB_SOT;
	c->ri_odd = 0;
	c->lit = wb_at(s, n, cp_start(s, pos));
	c->prev = wb_back(s, n, pos, &at);
	if (in(c->prev, MIDDLES) && at > 0)
		c->prev2 = wb_back(s, n, at, &at);
	if (c->prev == TXF_WB_REGIONAL_INDICATOR) {
		/* WB15, WB16 count the Regional_Indicators before; past
		 * RI_LOOKBACK, an even number. */
		int count = 1;
		while (at > 0 &&
		    wb_back(s, n, at, &at) == TXF_WB_REGIONAL_INDICATOR) {
			if (++count > RI_LOOKBACK) {
				count = 0;
				break;
			}
		}
		c->ri_odd = count & 1;
	}
}

/*
 * Whether there is a word boundary between the text described by c and the
 * next code point, whose table entry is e and which ends at s[next].  The
 * rules are tried in order; the first that applies decides.
 */
static int
wb_break(const struct wb_ctx *c, int e, const unsigned char *s, size_t n,
         size_t next)
{
	int v = e & TXF_WB_MASK;
	int prev = c->prev, prev2 = c->prev2;

	/* WB3: CR x LF */
	if (c->lit == TXF_WB_CR && v == TXF_WB_LF)
		return 0;
	/* WB3a, WB3b: break after and before newlines. */
	if (in(c->lit, NEWLINES) || in(v, NEWLINES))
		return 1;
	/* WB3c: ZWJ x \p{Extended_Pictographic} */
	if (c->lit == TXF_WB_ZWJ && (e & TXF_WB_EXTPICT))
		return 0;
	/* WB3d: WSegSpace x WSegSpace */
	if (c->lit == TXF_WB_WSEGSPACE && v == TXF_WB_WSEGSPACE)
		return 0;
	/* WB4: X (Extend | Format | ZWJ)* -> X.  No break before them, and
	 * from here on the rules see prev, which skips them. */
	if (in(v, IGNORED))
		return 0;
	/* The rules from WB5 on only ever join, so their order does not
	 * matter; most pairs (a space, punctuation, an ideograph on either
	 * side) are in none of them: WB999. */
	if (!in(prev, JOINABLE) || !in(v, JOINABLE))
		return 1;
	/* WB5: AHLetter x AHLetter */
	if (in(prev, AHLETTER) && in(v, AHLETTER))
		return 0;
	/* WB6: AHLetter x (MidLetter | MidNumLetQ) AHLetter */
	if (in(prev, AHLETTER) && in(v, MIDLETTERS) &&
	    in(wb_peek(s, n, next), AHLETTER))
		return 0;
	/* WB7: AHLetter (MidLetter | MidNumLetQ) x AHLetter */
	if (in(prev2, AHLETTER) && in(prev, MIDLETTERS) && in(v, AHLETTER))
		return 0;
	/* WB7a: Hebrew_Letter x Single_Quote */
	if (prev == TXF_WB_HEBREW_LETTER && v == TXF_WB_SINGLE_QUOTE)
		return 0;
	/* WB7b: Hebrew_Letter x Double_Quote Hebrew_Letter */
	if (prev == TXF_WB_HEBREW_LETTER && v == TXF_WB_DOUBLE_QUOTE &&
	    wb_peek(s, n, next) == TXF_WB_HEBREW_LETTER)
		return 0;
	/* WB7c: Hebrew_Letter Double_Quote x Hebrew_Letter */
	if (prev2 == TXF_WB_HEBREW_LETTER && prev == TXF_WB_DOUBLE_QUOTE &&
	    v == TXF_WB_HEBREW_LETTER)
		return 0;
	/* WB8: Numeric x Numeric */
	if (prev == TXF_WB_NUMERIC && v == TXF_WB_NUMERIC)
		return 0;
	/* WB9: AHLetter x Numeric */
	if (in(prev, AHLETTER) && v == TXF_WB_NUMERIC)
		return 0;
	/* WB10: Numeric x AHLetter */
	if (prev == TXF_WB_NUMERIC && in(v, AHLETTER))
		return 0;
	/* WB11: Numeric (MidNum | MidNumLetQ) x Numeric */
	if (prev2 == TXF_WB_NUMERIC && in(prev, MIDNUMS) &&
	    v == TXF_WB_NUMERIC)
		return 0;
	/* WB12: Numeric x (MidNum | MidNumLetQ) Numeric */
	if (prev == TXF_WB_NUMERIC && in(v, MIDNUMS) &&
	    wb_peek(s, n, next) == TXF_WB_NUMERIC)
		return 0;
	/* WB13: Katakana x Katakana */
	if (prev == TXF_WB_KATAKANA && v == TXF_WB_KATAKANA)
		return 0;
	/* WB13a: (AHLetter | Numeric | Katakana | ExtendNumLet) x ExtendNumLet */
	if (in(prev, WORDISH | BIT(TXF_WB_KATAKANA)) &&
	    v == TXF_WB_EXTENDNUMLET)
		return 0;
	/* WB13b: ExtendNumLet x (AHLetter | Numeric | Katakana) */
	if (prev == TXF_WB_EXTENDNUMLET &&
	    in(v, AHLETTER | BIT(TXF_WB_NUMERIC) | BIT(TXF_WB_KATAKANA)))
		return 0;
	/* WB15, WB16: pairs of Regional_Indicators hold together:
	 * (sot | [^RI]) (RI RI)* RI x RI */
	if (prev == TXF_WB_REGIONAL_INDICATOR &&
	    v == TXF_WB_REGIONAL_INDICATOR && c->ri_odd)
		return 0;
	/* WB999: Any / Any */
	return 1;
}

/*
 * A shortcut inside words.  After a letter, digit or ExtendNumLet (prev in
 * WORDISH), ASCII letters, digits and '_' never start a new word, whatever
 * came before: WB3 to WB4 do not break before them, and WB5, WB8, WB9,
 * WB10, WB13a and WB13b join every pair.  Skip such a run from s[i] at
 * once and return where it ends.
 */
static inline size_t
wb_skip_ascii_word(struct wb_ctx *c, const unsigned char *s, size_t n,
                   size_t i)
{
	size_t j = ascii_word_end(s, n, i);

	if (j > i) {
		c->prev2 = j - i >= 2 ? txf_wb_ascii[s[j - 2]] : c->prev;
		c->prev = c->lit = txf_wb_ascii[s[j - 1]];
		c->ri_odd = 0;
	}
	return j;
}

/*
 * The general case: the next boundary after pos by the rules, for any
 * text.  Kept out of line so that the ASCII path stays small.
 */
static NOINLINE size_t
wb_next(const unsigned char *s, size_t n, size_t pos)
{
	struct wb_ctx c;
	size_t i = pos, len;
	int e;

	/* The code point at pos belongs to the segment: the first boundary
	 * is after it (WB1 and WB2 put boundaries at the ends).  Whatever
	 * came before matters only for a few values of it; for the others
	 * the context after it is the same as at the start of the text. */
	e = wb_entry_at(s, n, i, &len);
	if (pos > 0 && in(e & TXF_WB_MASK, NEEDS_PAST)) {
		wb_context(&c, s, n, pos);
	} else {
		c.lit = c.prev = c.prev2 = WB_SOT;
		c.ri_odd = 0;
	}
	wb_push(&c, e & TXF_WB_MASK);
	i += len;
	while (i < n) {
		if (in(c.prev, WORDISH)) {
			i = wb_skip_ascii_word(&c, s, n, i);
			if (i == n)
				break;
		}
		e = wb_entry_at(s, n, i, &len);
		if (wb_break(&c, e, s, n, i + len))
			return i;
		wb_push(&c, e & TXF_WB_MASK);
		i += len;
	}
	return n;
}

/*
 * The common case, decided at a glance: an ASCII code point at pos that is
 * not a middle such as '.' or ',' (so the text before pos does not
 * matter), its run of letters or spaces, and an ASCII code point after
 * the run.  Returns the boundary, or 0 when the general rules must decide.
 */
static inline size_t
wb_next_ascii(const unsigned char *s, size_t n, size_t pos)
{
	int v = txf_wb_ascii[s[pos]];
	size_t i = pos + 1;

	/* WB3: CR x LF; WB3a: break after any newline. */
	if (in(v, NEWLINES))
		return v == TXF_WB_CR && i < n && s[i] == '\n' ? i + 1 : i;
	if (in(v, NEEDS_PAST))
		return 0;
	if (in(v, WORDISH)) {
		/* WB5, WB8, WB9, WB10, WB13a, WB13b: a run of letters,
		 * digits and '_'. */
		i = ascii_word_end(s, n, i);
	} else if (v == TXF_WB_WSEGSPACE) {
		/* WB3d: a run of spaces. */
		while (i < n && s[i] == ' ')
			i++;
	}
	if (i == n)
		return n;
	if (s[i] >= 0x80)
		return 0;
	/* The next code point is ASCII, so none of WB3 to WB4 joins it to
	 * the run (WB3d took the spaces); WB5 to WB16 can only join it when
	 * both sides are JOINABLE: after letters or digits, a middle such
	 * as '.' that WB6 or WB12 may join. */
	if (in(v, JOINABLE) && in(txf_wb_ascii[s[i]], JOINABLE))
		return 0;
	return i;
}

size_t
txf_word_next(const char *text, size_t n, size_t pos)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t next;

	if (pos >= n)
		return n;
	if (s[pos] < 0x80 && (next = wb_next_ascii(s, n, pos)) != 0)
		return next;
	return wb_next(s, n, pos);
}

/* ------------------------------------------------------------------ */
/* Grapheme clusters (UAX #29 section 3.1, through utf8proc)           */

/* The utf8proc grapheme boundary class of the code point at s[i]. */
static int
gb_class_at(const unsigned char *s, size_t n, size_t i)
{
	int32_t cp;

	(void)decode(s, n, i, &cp);
	return utf8proc_get_property(cp)->boundclass;
}

/*
 * Where to start utf8proc's stateful break function so that its state is
 * right at pos.  The state carries context across code points in two
 * cases only, which depend on the code point at pos:
 *  - a Regional_Indicator (GB12, GB13 pair them): start at the first of the
 *    run of Regional_Indicators it belongs to, or at pos when more than
 *    RI_LOOKBACK of them come before it;
 *  - Extend or ZWJ (GB11: ExtPict Extend* ZWJ x ExtPict): start at the
 *    Extended_Pictographic before the Extend run, if there is one.
 * Anything else starts afresh at pos.
 */
static size_t
gb_restart(const unsigned char *s, size_t n, size_t pos)
{
	int bc = gb_class_at(s, n, pos);
	size_t i = pos;

	if (bc == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) {
		int count = 0;
		while (i > 0 && gb_class_at(s, n, cp_start(s, i)) == bc) {
			if (++count > RI_LOOKBACK)
				return pos;
			i = cp_start(s, i);
		}
		return i;
	}
	if (bc == UTF8PROC_BOUNDCLASS_EXTEND || bc == UTF8PROC_BOUNDCLASS_ZWJ) {
		while (i > 0) {
			i = cp_start(s, i);
			bc = gb_class_at(s, n, i);
			if (bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
				return i;
			if (bc != UTF8PROC_BOUNDCLASS_EXTEND)
				break;
		}
	}
	return pos;
}

size_t
txf_grapheme_next(const char *text, size_t n, size_t pos)
{
	const unsigned char *s = (const unsigned char *)text;
	utf8proc_int32_t state = 0;
	int32_t c1, c2;
	size_t i;

	if (pos >= n)
		return n;
	/* Fast path: an ASCII character followed by the end or by another
	 * ASCII character other than CR LF (GB3) ends its cluster. */
	if (s[pos] < 0x80 && (pos + 1 == n || (s[pos + 1] < 0x80 &&
	    !(s[pos] == '\r' && s[pos + 1] == '\n'))))
		return pos + 1;
	/* Run the state machine from the restart point; boundaries at or
	 * before pos only feed the state. */
	i = gb_restart(s, n, pos);
	i += decode(s, n, i, &c1);
	while (i < n) {
		size_t len = decode(s, n, i, &c2);
		if (utf8proc_grapheme_break_stateful(c1, c2, &state) && i > pos)
			return i;
		c1 = c2;
		i += len;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Character classes                                                   */

/*
 * Python's \w on str patterns is str.isalnum() or '_'.  isalnum() is
 * isalpha() (categories Lu Ll Lt Lm Lo) or isdecimal/isdigit/isnumeric()
 * (a Numeric_Type); in Unicode 15.0 the code points with a Numeric_Type
 * are all of categories Nd Nl No, and 81 Lo ideographs (DerivedNumericType
 * .txt).  Checked against Python over every code point.
 */
int
txf_is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 'a' && cp <= 'z') || cp == '_';
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/*
 * Python's str.isspace(), which str.split() splits on: bidirectional class
 * WS, B or S, or category Zs.  That is White_Space plus the information
 * separators U+001C..U+001F.
 */
int
txf_is_space(int32_t cp)
{
	const utf8proc_property_t *p;

	if (cp < 0x80)
		return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
	p = utf8proc_get_property(cp);
	return p->category == UTF8PROC_CATEGORY_ZS ||
	    p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
	    p->bidi_class == UTF8PROC_BIDI_CLASS_B ||
	    p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}
