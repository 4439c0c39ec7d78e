/*
 * unicode_tables.h - Unicode property look-ups for libtextfeat (internal,
 * not installed).
 *
 * The tables live in unicode_tables.c, which data/gen-unicode-tables
 * generates from the Unicode 15.0 Character Database.  The look-ups are
 * static inline: a Word_Break look-up is two array loads.
 */
#ifndef TXF_UNICODE_TABLES_H
#define TXF_UNICODE_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* Word_Break property values (UAX #29, table 3).  The generator asserts
 * this order. */
enum txf_wb {
	TXF_WB_OTHER = 0,
	TXF_WB_CR,
	TXF_WB_LF,
	TXF_WB_NEWLINE,
	TXF_WB_EXTEND,
	TXF_WB_ZWJ,
	TXF_WB_REGIONAL_INDICATOR,
	TXF_WB_FORMAT,
	TXF_WB_KATAKANA,
	TXF_WB_HEBREW_LETTER,
	TXF_WB_ALETTER,
	TXF_WB_SINGLE_QUOTE,
	TXF_WB_DOUBLE_QUOTE,
	TXF_WB_MIDNUMLET,
	TXF_WB_MIDLETTER,
	TXF_WB_MIDNUM,
	TXF_WB_NUMERIC,
	TXF_WB_EXTENDNUMLET,
	TXF_WB_WSEGSPACE,
	TXF_WB_COUNT          /* number of values; not a property value */
};

/* A stage-2 entry is a Word_Break value in the low bits, or'ed with
 * TXF_WB_EXTPICT when the code point is Extended_Pictographic. */
#define TXF_WB_MASK    0x1F
#define TXF_WB_EXTPICT 0x80
/* log2 of the number of code points per stage-2 block. */
#define TXF_WB_SHIFT   7

extern const uint8_t txf_wb_ascii[128];
extern const uint8_t txf_wb_stage1[0x110000 >> TXF_WB_SHIFT];
extern const uint8_t txf_wb_stage2[][1 << TXF_WB_SHIFT];

/* An inclusive range of code points. */
typedef struct {
	int32_t lo, hi;
} txf_uc_range;

extern const txf_uc_range txf_uc_cased[];
extern const size_t txf_uc_cased_n;
extern const txf_uc_range txf_uc_case_ignorable[];
extern const size_t txf_uc_case_ignorable_n;
extern const txf_uc_range txf_uc_white_space[];
extern const size_t txf_uc_white_space_n;

/* The stage-2 entry of cp: Word_Break value | TXF_WB_EXTPICT.  Values
 * outside U+0000..U+10FFFF are Other. */
static inline int
txf_wb_entry(int32_t cp)
{
	if ((uint32_t)cp >= 0x110000)
		return TXF_WB_OTHER;
	return txf_wb_stage2[txf_wb_stage1[cp >> TXF_WB_SHIFT]]
	    [cp & ((1 << TXF_WB_SHIFT) - 1)];
}

/* The Word_Break property of cp, an enum txf_wb value. */
static inline int
txf_wb_prop(int32_t cp)
{
	return txf_wb_entry(cp) & TXF_WB_MASK;
}

/* Whether cp is Extended_Pictographic (emoji-data.txt). */
static inline int
txf_is_extpict(int32_t cp)
{
	return (txf_wb_entry(cp) & TXF_WB_EXTPICT) != 0;
}

/* Whether cp lies in one of the n sorted, disjoint ranges r. */
static inline int
txf_uc_in_ranges(const txf_uc_range *r, size_t n, int32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Whether cp is Cased (DerivedCoreProperties.txt). */
static inline int
txf_uc_is_cased(int32_t cp)
{
	return txf_uc_in_ranges(txf_uc_cased, txf_uc_cased_n, cp);
}

/* Whether cp is Case_Ignorable (DerivedCoreProperties.txt). */
static inline int
txf_uc_is_case_ignorable(int32_t cp)
{
	return txf_uc_in_ranges(txf_uc_case_ignorable,
	    txf_uc_case_ignorable_n, cp);
}

/* Whether cp is White_Space (PropList.txt).  Note that txf_is_space(),
 * Python's str.isspace(), also counts U+001C..U+001F. */
static inline int
txf_uc_is_white_space(int32_t cp)
{
	return txf_uc_in_ranges(txf_uc_white_space, txf_uc_white_space_n, cp);
}

#endif /* TXF_UNICODE_TABLES_H */
