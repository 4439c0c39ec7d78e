/*
 * test_wordbreak.c - unit tests for wordbreak.c and unicode_tables.c:
 * word boundaries, grapheme clusters, \w and white space.
 *
 * The Unicode test files (tests/conformance/breaktest) check every rule
 * systematically; these tests pin down the behaviour users see on text
 * like theirs.
 */
#include <string.h>

#include "textfeat.h"
#include "unicode_tables.h"
#include "helpers.h"

typedef size_t next_fn(const char *s, size_t n, size_t pos);

/* The segments of s as next() cuts them, joined with '|'. */
static const char *
segments(const char *s, next_fn *next)
{
	static char out[1024];
	size_t n = strlen(s), pos = 0, len = 0;

	out[0] = '\0';
	while (pos < n) {
		size_t end = next(s, n, pos);
		ck_assert_msg(end > pos && end <= n,
		    "boundary %zu after %zu in \"%s\"", end, pos, s);
		ck_assert(len + (end - pos) + 2 < sizeof out);
		if (pos > 0)
			out[len++] = '|';
		memcpy(out + len, s + pos, end - pos);
		len += end - pos;
		out[len] = '\0';
		pos = end;
	}
	return out;
}

#define WORDS(text, want) ck_assert_str_eq(segments(text, txf_word_next), want)
#define GRAPHEMES(text, want) \
	ck_assert_str_eq(segments(text, txf_grapheme_next), want)

/* Code points used below, as UTF-8. */
#define ACUTE      "\xCC\x81"           /* U+0301 COMBINING ACUTE ACCENT */
#define ZWJ        "\xE2\x80\x8D"       /* U+200D ZERO WIDTH JOINER */
#define RI_U       "\xF0\x9F\x87\xBA"   /* U+1F1FA REGIONAL INDICATOR U */
#define RI_S       "\xF0\x9F\x87\xB8"   /* U+1F1F8 REGIONAL INDICATOR S */
#define RI_F       "\xF0\x9F\x87\xAB"   /* U+1F1EB REGIONAL INDICATOR F */
#define RI_R       "\xF0\x9F\x87\xB7"   /* U+1F1F7 REGIONAL INDICATOR R */
#define MAN        "\xF0\x9F\x91\xA8"   /* U+1F468 MAN */
#define WOMAN      "\xF0\x9F\x91\xA9"   /* U+1F469 WOMAN */
#define GIRL       "\xF0\x9F\x91\xA7"   /* U+1F467 GIRL */
#define FAMILY     MAN ZWJ WOMAN ZWJ GIRL
#define ALEF       "\xD7\x90"           /* U+05D0 HEBREW LETTER ALEF */
#define BET        "\xD7\x91"           /* U+05D1 HEBREW LETTER BET */

/* ------------------------------------------------------------------ */
/* Words                                                               */

START_TEST(words_english)
{
	WORDS("can't stop", "can't| |stop");
	WORDS("pi is 3.14", "pi| |is| |3.14");
	WORDS("e.g. this", "e.g|.| |this");
	WORDS("foo_bar baz", "foo_bar| |baz");
	WORDS("1,000.50 USD", "1,000.50| |USD");
	WORDS("python3 v2.0", "python3| |v2.0");
	WORDS("end.", "end|.");
	WORDS("a-b", "a|-|b");
	WORDS("'quoted'", "'|quoted|'");
}
END_TEST

START_TEST(words_spaces_and_newlines)
{
	WORDS("a  b", "a|  |b");             /* WB3d */
	WORDS("a\tb", "a|\t|b");
	WORDS("a\r\nb", "a|\r\n|b");         /* WB3 */
	WORDS("\n\n", "\n|\n");              /* WB3a */
	WORDS("", "");
}
END_TEST

START_TEST(words_long_ascii)
{
	/* Runs longer than eight bytes take the word-at-a-time path. */
	WORDS("internationalization_2024 x",
	    "internationalization_2024| |x");
	WORDS("abcdefghijklmnop.qrstuvwxyz0123456789",
	    "abcdefghijklmnop.qrstuvwxyz0123456789");
	WORDS("abcdefgh,ijklmnop", "abcdefgh|,|ijklmnop");
	WORDS("abcdefghijklmno" "\xC3\xA9" "abcdefghijklmno" " ",
	    "abcdefghijklmno" "\xC3\xA9" "abcdefghijklmno" "| ");
}
END_TEST

START_TEST(words_ascii_table)
{
	/* Every ASCII byte: a run of it after 'a' is part of the word exactly
	 * when its Word_Break is ALetter, Numeric or ExtendNumLet. */
	int b;

	for (b = 1; b < 128; b++) {
		char s[12];
		int v = txf_wb_prop(b);
		int joins = v == TXF_WB_ALETTER || v == TXF_WB_NUMERIC ||
		    v == TXF_WB_EXTENDNUMLET;
		s[0] = 'a';
		memset(s + 1, b, 10);
		s[11] = '\0';
		ck_assert_msg((txf_word_next(s, 11, 0) == 11) == joins,
		    "byte 0x%02X", (unsigned)b);
	}
}
END_TEST

START_TEST(words_combining_marks)
{
	WORDS("caf" "e" ACUTE " ok", "cafe" ACUTE "| |ok");    /* WB4 */
	WORDS(ACUTE "a", ACUTE "|a");           /* nothing to attach to */
}
END_TEST

START_TEST(words_katakana)
{
	/* カタカナ: Katakana x Katakana (WB13). */
	WORDS("\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A",
	    "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A");
	/* With the prolonged sound mark: テーブル */
	WORDS("\xE3\x83\x86\xE3\x83\xBC\xE3\x83\x96\xE3\x83\xAB",
	    "\xE3\x83\x86\xE3\x83\xBC\xE3\x83\x96\xE3\x83\xAB");
	/* Katakana next to Latin letters breaks; '_' joins (WB13a, b). */
	WORDS("\xE3\x82\xAB" "ab", "\xE3\x82\xAB" "|ab");
	WORDS("\xE3\x82\xAB" "_ab", "\xE3\x82\xAB" "_ab");
	/* Hiragana is not Katakana: each is its own segment. */
	WORDS("\xE3\x81\x82\xE3\x81\x84", "\xE3\x81\x82|\xE3\x81\x84");
}
END_TEST

START_TEST(words_hebrew)
{
	WORDS(ALEF "'", ALEF "'");                  /* WB7a */
	WORDS(ALEF "\"" BET, ALEF "\"" BET);        /* WB7b, WB7c */
	WORDS(ALEF "\"", ALEF "|\"");
	WORDS("a\"b", "a|\"|b");            /* only Hebrew letters */
	WORDS(ALEF "'" BET, ALEF "'" BET);          /* WB6, WB7 */
}
END_TEST

START_TEST(words_regional_indicators)
{
	WORDS(RI_U RI_S RI_F RI_R, RI_U RI_S "|" RI_F RI_R);   /* WB15, 16 */
	WORDS(RI_U RI_S RI_F, RI_U RI_S "|" RI_F);
	WORDS("a" RI_U RI_S, "a|" RI_U RI_S);
}
END_TEST

/* A line of n flags (pairs of Regional_Indicators), as UTF-8. */
static char *
flags(size_t pairs)
{
	static char buf[8 * 1000 + 1];
	size_t k;

	ck_assert(pairs <= 1000);
	for (k = 0; k < pairs; k++)
		memcpy(buf + 8 * k, RI_U RI_S, 8);
	buf[8 * pairs] = '\0';
	return buf;
}

START_TEST(long_regional_indicator_runs)
{
	/* Walking from boundary to boundary pairs them all, however long
	 * the run (the look back is bounded; boundaries stay exact). */
	const char *s = flags(1000);
	size_t n = strlen(s), pos = 0, k = 0;

	while (pos < n) {
		size_t w = txf_word_next(s, n, pos);
		size_t g = txf_grapheme_next(s, n, pos);
		ck_assert_uint_eq(w, pos + 8);
		ck_assert_uint_eq(g, pos + 8);
		pos = w;
		k++;
	}
	ck_assert_uint_eq(k, 1000);
	/* From inside a pair, within the look-back limit: the pair's end. */
	ck_assert_uint_eq(txf_word_next(s, n, 8 * 20 + 4), 8 * 21);
	ck_assert_uint_eq(txf_grapheme_next(s, n, 8 * 20 + 4), 8 * 21);
}
END_TEST

START_TEST(words_emoji)
{
	WORDS(FAMILY, FAMILY);                      /* WB3c, WB4 */
	WORDS(FAMILY " " MAN, FAMILY "| |" MAN);
	WORDS(MAN MAN, MAN "|" MAN);
}
END_TEST

START_TEST(words_ideographs)
{
	/* 中文字: ideographs are Other, one segment each. */
	WORDS("\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97",
	    "\xE4\xB8\xAD|\xE6\x96\x87|\xE5\xAD\x97");
	WORDS("\xE4\xB8\xAD" "abc", "\xE4\xB8\xAD|abc");
}
END_TEST

START_TEST(words_from_any_position)
{
	/* The next boundary is exact from inside a word too. */
	ck_assert_uint_eq(txf_word_next("can't", 5, 3), 5);
	ck_assert_uint_eq(txf_word_next("3.14", 4, 1), 4);
	ck_assert_uint_eq(txf_word_next("e.g.", 4, 1), 3);
	ck_assert_uint_eq(txf_word_next(RI_U RI_S RI_F RI_R, 16, 4), 8);
	ck_assert_uint_eq(txf_word_next(RI_U RI_S RI_F RI_R, 16, 8), 16);
	ck_assert_uint_eq(txf_word_next(FAMILY, strlen(FAMILY), 4),
	    strlen(FAMILY));
	ck_assert_uint_eq(txf_word_next("ab", 2, 1), 2);
	/* pos at or past the end gives n. */
	ck_assert_uint_eq(txf_word_next("ab", 2, 2), 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Grapheme clusters                                                   */

START_TEST(graphemes)
{
	GRAPHEMES("abc", "a|b|c");
	GRAPHEMES("e" ACUTE "x", "e" ACUTE "|x");
	GRAPHEMES("\r\n\n", "\r\n|\n");
	GRAPHEMES(RI_U RI_S RI_F RI_R RI_U,
	    RI_U RI_S "|" RI_F RI_R "|" RI_U);
	GRAPHEMES(FAMILY "a", FAMILY "|a");
	/* Hangul jamo L V T: one syllable. */
	GRAPHEMES("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8" "a",
	    "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8" "|a");
	/* A precomposed LV syllable and a trailing T jamo: 가 + ᆨ. */
	GRAPHEMES("\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x80\xE1\x86\xA8");
	/* The woman emoji's skin tone modifier is Extend. */
	GRAPHEMES(WOMAN "\xF0\x9F\x8F\xBD" "!", WOMAN "\xF0\x9F\x8F\xBD" "|!");
}
END_TEST

START_TEST(graphemes_from_any_position)
{
	/* From the second indicator of a pair: the pair ends at 8. */
	ck_assert_uint_eq(txf_grapheme_next(RI_U RI_S RI_F, 12, 4), 8);
	ck_assert_uint_eq(txf_grapheme_next(RI_U RI_S RI_F, 12, 8), 12);
	/* From the ZWJ inside the family: the rest is one cluster. */
	ck_assert_uint_eq(txf_grapheme_next(FAMILY, strlen(FAMILY), 4),
	    strlen(FAMILY));
	ck_assert_uint_eq(txf_grapheme_next("ab", 2, 1), 2);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Character classes                                                   */

START_TEST(word_chars)
{
	ck_assert(txf_is_word_char('a'));
	ck_assert(txf_is_word_char('Z'));
	ck_assert(txf_is_word_char('7'));
	ck_assert(txf_is_word_char('_'));
	ck_assert(txf_is_word_char(0x00B2));     /* superscript two, No */
	ck_assert(txf_is_word_char(0x00BD));     /* one half, No */
	ck_assert(txf_is_word_char(0x00E9));     /* e acute */
	ck_assert(txf_is_word_char(0x0660));     /* Arabic-Indic zero, Nd */
	ck_assert(txf_is_word_char(0x2160));     /* Roman numeral one, Nl */
	ck_assert(txf_is_word_char(0x4E00));     /* CJK ideograph, Lo */
	ck_assert(txf_is_word_char(0x02B0));     /* modifier letter, Lm */
	ck_assert(!txf_is_word_char(0x0301));    /* combining acute, Mn */
	ck_assert(!txf_is_word_char('-'));
	ck_assert(!txf_is_word_char(' '));
	ck_assert(!txf_is_word_char('\''));
	ck_assert(!txf_is_word_char(0x203F));    /* undertie, Pc, not '_' */
	ck_assert(!txf_is_word_char(0x1F600));   /* emoji, So */
	ck_assert(!txf_is_word_char(-1));
	ck_assert(!txf_is_word_char(0x110000));
}
END_TEST

START_TEST(spaces)
{
	ck_assert(txf_is_space(' '));
	ck_assert(txf_is_space('\t'));
	ck_assert(txf_is_space('\n'));
	ck_assert(txf_is_space('\v'));
	ck_assert(txf_is_space(0x001C));         /* as Python's isspace() */
	ck_assert(txf_is_space(0x001F));
	ck_assert(txf_is_space(0x0085));
	ck_assert(txf_is_space(0x00A0));         /* no-break space */
	ck_assert(txf_is_space(0x2000));
	ck_assert(txf_is_space(0x2028));
	ck_assert(txf_is_space(0x3000));         /* ideographic space */
	ck_assert(!txf_is_space(0x200B));        /* zero width space */
	ck_assert(!txf_is_space(0x180E));        /* Mongolian vowel sep. */
	ck_assert(!txf_is_space(0xFEFF));
	ck_assert(!txf_is_space('a'));
	ck_assert(!txf_is_space(0));
	ck_assert(!txf_is_space(-1));
}
END_TEST

START_TEST(tables)
{
	ck_assert_int_eq(txf_wb_prop('a'), TXF_WB_ALETTER);
	ck_assert_int_eq(txf_wb_prop('.'), TXF_WB_MIDNUMLET);
	ck_assert_int_eq(txf_wb_prop(0x05D0), TXF_WB_HEBREW_LETTER);
	ck_assert_int_eq(txf_wb_prop(0x30A2), TXF_WB_KATAKANA);
	ck_assert_int_eq(txf_wb_prop(0x1F1E6), TXF_WB_REGIONAL_INDICATOR);
	ck_assert_int_eq(txf_wb_prop(0x4E00), TXF_WB_OTHER);
	ck_assert_int_eq(txf_wb_prop(0xE0020), TXF_WB_EXTEND);
	ck_assert_int_eq(txf_wb_prop(0x10FFFF), TXF_WB_OTHER);
	ck_assert_int_eq(txf_wb_prop(0x110000), TXF_WB_OTHER);
	ck_assert(txf_is_extpict(0x1F600));
	ck_assert(txf_is_extpict(0x00A9));
	ck_assert(!txf_is_extpict('a'));
	ck_assert(txf_uc_is_cased('A'));
	ck_assert(txf_uc_is_cased(0x00AA));      /* feminine ordinal, Lo */
	ck_assert(!txf_uc_is_cased('1'));
	ck_assert(txf_uc_is_case_ignorable('\''));
	ck_assert(txf_uc_is_case_ignorable(0x0301));
	ck_assert(!txf_uc_is_case_ignorable('a'));
	ck_assert(txf_uc_is_white_space(0x3000));
	ck_assert(!txf_uc_is_white_space(0x001C));
	ck_assert(!txf_uc_is_white_space(0x200B));
}
END_TEST

Suite *
suite_wordbreak(void)
{
	Suite *s = suite_create("wordbreak");
	TCase *words = tcase_create("words");
	TCase *graph = tcase_create("graphemes");
	TCase *classes = tcase_create("classes");

	tcase_add_test(words, words_english);
	tcase_add_test(words, words_spaces_and_newlines);
	tcase_add_test(words, words_long_ascii);
	tcase_add_test(words, words_ascii_table);
	tcase_add_test(words, words_combining_marks);
	tcase_add_test(words, words_katakana);
	tcase_add_test(words, words_hebrew);
	tcase_add_test(words, words_regional_indicators);
	tcase_add_test(words, words_emoji);
	tcase_add_test(words, long_regional_indicator_runs);
	tcase_add_test(words, words_ideographs);
	tcase_add_test(words, words_from_any_position);
	suite_add_tcase(s, words);
	tcase_add_test(graph, graphemes);
	tcase_add_test(graph, graphemes_from_any_position);
	suite_add_tcase(s, graph);
	tcase_add_test(classes, word_chars);
	tcase_add_test(classes, spaces);
	tcase_add_test(classes, tables);
	suite_add_tcase(s, classes);
	return s;
}
