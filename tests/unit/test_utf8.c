/* test_utf8.c - UTF-8 validation, decoding, encoding and repair (utf8.c).
 *
 * The invalid sequences and their maximal subparts follow the Unicode
 * Standard 15.0, section 3.9 ("U+FFFD Substitution of Maximal Subparts",
 * tables 3-8 to 3-11); the expected replacement counts were checked
 * against Python's bytes.decode('utf-8', 'replace'), which follows the
 * same practice. */
#include <stdio.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

/* txf_utf8_check of the literal s must be want. */
#define ck_assert_check(s, want)                                           \
	ck_assert_msg(txf_utf8_check((s), sizeof(s) - 1) == (want),        \
	    "txf_utf8_check(%s) = %zu, want %zu", show((s), sizeof(s) - 1),\
	    txf_utf8_check((s), sizeof(s) - 1), (size_t)(want))

#define FFFD "\xEF\xBF\xBD"

START_TEST(test_check_valid)
{
	ck_assert_uint_eq(txf_utf8_check("", 0), 0);
	ck_assert_check("abc", 3);
	/* The smallest and largest sequence of each length. */
	ck_assert_check("\x01\x7F", 2);
	ck_assert_check("\xC2\x80\xDF\xBF", 4);
	ck_assert_check("\xE0\xA0\x80\xEF\xBF\xBF", 6);
	ck_assert_check("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8);  /* U+10FFFF */
	/* Around the surrogates: U+D7FF and U+E000 are fine. */
	ck_assert_check("\xED\x9F\xBF\xEE\x80\x80", 6);
	/* U+FFFD, U+FEFF and noncharacters are valid. */
	ck_assert_check(FFFD "\xEF\xBB\xBF\xEF\xB7\x90", 9);
	ck_assert_check("caf\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80",
	    17);
}
END_TEST

START_TEST(test_check_overlong)
{
	ck_assert_check("\xC0\x80", 0);
	ck_assert_check("ab\xC0\x80", 2);
	ck_assert_check("ab\xC1\xBF", 2);
	ck_assert_check("x\xE0\x80\x80", 1);
	ck_assert_check("x\xE0\x9F\xBF", 1);   /* U+07FF in three bytes */
	ck_assert_check("xy\xF0\x80\x80\x80", 2);
	ck_assert_check("xy\xF0\x8F\xBF\xBF", 2); /* U+FFFF in four bytes */
}
END_TEST

START_TEST(test_check_surrogates)
{
	ck_assert_check("\xED\xA0\x80", 0);      /* U+D800 */
	ck_assert_check("ab\xED\xBF\xBF", 2);    /* U+DFFF */
	ck_assert_check("\xC3\xA9\xED\xB2\x80", 2);
}
END_TEST

START_TEST(test_check_truncated)
{
	ck_assert_check("abc\xE2\x82", 3);
	ck_assert_check("\xF0\x9F\x98", 0);
	ck_assert_check("x\xC3", 1);
	ck_assert_check("\xE2\x82" "a", 0);      /* a lead, then ASCII */
	ck_assert_check("\xF0\x9F\x98\xF0\x9F\x98\x80", 0);
	/* The length bounds the input: a valid continuation after it is
	 * not read. */
	ck_assert_uint_eq(txf_utf8_check("\xC3\xA9", 1), 0);
	ck_assert_uint_eq(txf_utf8_check("a\xF0\x9F\x98\x80", 4), 1);
}
END_TEST

START_TEST(test_check_stray_continuation)
{
	ck_assert_check("\x80", 0);
	ck_assert_check("ab\x80" "cd", 2);
	ck_assert_check("\xC3\xA9\xBF", 2);
	ck_assert_check("\xE2\x82\xAC\x80\x80", 3);
}
END_TEST

START_TEST(test_check_above_max)
{
	ck_assert_check("\xF4\x90\x80\x80", 0);  /* U+110000 */
	ck_assert_check("a\xF4\xBF\xBF\xBF", 1);
	/* F5..FF never start a sequence. */
	for (int b = 0xF5; b <= 0xFF; b++) {
		char s[5] = { 'a', (char)b, '\x80', '\x80', '\x80' };
		ck_assert_msg(txf_utf8_check(s, 5) == 1,
		    "lead 0x%02X accepted", b);
		ck_assert_msg(txf_utf8_check(s + 1, 1) == 0,
		    "lone 0x%02X accepted", b);
	}
	/* Nor do C0 and C1. */
	ck_assert_check("\xC0\xAF", 0);
	ck_assert_check("\xC1\x81", 0);
}
END_TEST

START_TEST(test_check_nul)
{
	ck_assert_check("\0", 0);
	ck_assert_check("ab\0cd", 2);
	ck_assert_check("\xC3\xA9\0", 2);
	/* NUL inside and after runs of ASCII longer than 8 bytes. */
	ck_assert_check("0123456789a\0bcdefghij", 11);
	ck_assert_check("01234567\0", 8);
	ck_assert_check("0123456789abcdef\0", 16);
	ck_assert_check("0123456789abcdef0123456\0xyz", 23);
}
END_TEST

START_TEST(test_check_after_ascii_runs)
{
	/* An invalid byte after a run that the ASCII fast path takes. */
	ck_assert_check("aaaaaaaa\x80", 8);
	ck_assert_check("aaaaaaaaaaaaa\xFF" "bb", 13);
	ck_assert_check("aaaaaaa\xC3\xA9" "aaaaaaaaaa\xED\xA0\x80", 19);
	/* Every position in a 40-byte ASCII run. */
	char s[40];
	for (size_t at = 0; at < sizeof s; at++) {
		memset(s, 'a', sizeof s);
		s[at] = '\x80';
		ck_assert_msg(txf_utf8_check(s, sizeof s) == at,
		    "bad byte at %zu reported at %zu", at,
		    txf_utf8_check(s, sizeof s));
		s[at] = '\0';
		ck_assert_msg(txf_utf8_check(s, sizeof s) == at,
		    "NUL at %zu reported at %zu", at,
		    txf_utf8_check(s, sizeof s));
	}
}
END_TEST

START_TEST(test_check_tail_after_multibyte)
{
	/* The fast path reads the last 16 bytes of a text at once, the
	 * bytes before where it stands left out: here a valid 2-byte
	 * sequence among them, then an invalid byte or NUL at every place
	 * after it, or none. */
	char s[48];
	for (size_t n = 3; n <= sizeof s; n++)
		for (size_t c = 0; c + 2 <= n; c++) {
			memset(s, 'a', n);
			memcpy(s + c, "\xC3\xA9", 2);
			ck_assert_msg(txf_utf8_check(s, n) == n,
			    "length %zu, \\xC3\\xA9 at %zu", n, c);
			for (size_t at = c + 2; at < n; at++) {
				s[at] = at % 2 ? '\xBF' : '\0';
				ck_assert_msg(txf_utf8_check(s, n) == at,
				    "length %zu, \\xC3\\xA9 at %zu, bad at "
				    "%zu: %zu", n, c, at, txf_utf8_check(s, n));
				s[at] = 'a';
			}
		}
}
END_TEST

/* Decode the literal s: expect return value ret, code point cp and, for
 * an invalid sequence, maximal subpart length len. */
#define ck_assert_decode(s, ret, want_cp, want_len) do {                   \
	int32_t cp_ = -7;                                                  \
	size_t len_ = 99;                                                  \
	int r_ = txf_utf8_decode((s), sizeof(s) - 1, &cp_, &len_);         \
	ck_assert_msg(r_ == (ret) && cp_ == (want_cp) &&                   \
	    len_ == (size_t)(want_len),                                    \
	    "decode(%s) = %d, U+%04X, len %zu; want %d, U+%04X, len %d",  \
	    show((s), sizeof(s) - 1), r_, (unsigned)cp_, len_, (ret),      \
	    (unsigned)(want_cp), (want_len));                              \
} while (0)

START_TEST(test_decode_valid)
{
	ck_assert_decode("A", 1, 0x41, 1);
	ck_assert_decode("\0", 1, 0, 1);
	ck_assert_decode("\x7F", 1, 0x7F, 1);
	ck_assert_decode("\xC2\x80", 2, 0x80, 2);
	ck_assert_decode("\xC3\xA9xyz", 2, 0xE9, 2);
	ck_assert_decode("\xDF\xBF", 2, 0x7FF, 2);
	ck_assert_decode("\xE0\xA0\x80", 3, 0x800, 3);
	ck_assert_decode("\xE2\x82\xAC", 3, 0x20AC, 3);
	ck_assert_decode("\xED\x9F\xBF", 3, 0xD7FF, 3);
	ck_assert_decode("\xEE\x80\x80", 3, 0xE000, 3);
	ck_assert_decode("\xEF\xBF\xBF", 3, 0xFFFF, 3);
	ck_assert_decode("\xF0\x90\x80\x80", 4, 0x10000, 4);
	ck_assert_decode("\xF0\x9F\x98\x80", 4, 0x1F600, 4);
	ck_assert_decode("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);
}
END_TEST

START_TEST(test_decode_maximal_subparts)
{
	/* The lead and the continuation bytes that could still have begun a
	 * valid sequence form one maximal subpart. */
	ck_assert_decode("\xE1\x80" "A", TXF_EUTF8, 0xFFFD, 2);
	ck_assert_decode("\xE1\x80", TXF_EUTF8, 0xFFFD, 2);
	ck_assert_decode("\xF1\x80\x80\xE1", TXF_EUTF8, 0xFFFD, 3);
	ck_assert_decode("\xF1\x80\x80", TXF_EUTF8, 0xFFFD, 3);
	ck_assert_decode("\xF4\x8F\xBF" "A", TXF_EUTF8, 0xFFFD, 3);
	ck_assert_decode("\xF0\x90" "A", TXF_EUTF8, 0xFFFD, 2);
	ck_assert_decode("\xE0\xA0" "A", TXF_EUTF8, 0xFFFD, 2);
	ck_assert_decode("\xC2" "A", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xC2", TXF_EUTF8, 0xFFFD, 1);
	/* A second byte out of the lead's range ends the subpart at the
	 * lead: overlongs, surrogates, above U+10FFFF. */
	ck_assert_decode("\xE0\x80\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xE0\x9F\xBF", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xED\xA0\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xF0\x80\x80\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xF0\x8F\xBF\xBF", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xF4\x90\x80\x80", TXF_EUTF8, 0xFFFD, 1);
	/* Bytes that never start a sequence. */
	ck_assert_decode("\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xBF\xBF", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xC0\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xC1\xBF", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xF5\x80\x80\x80", TXF_EUTF8, 0xFFFD, 1);
	ck_assert_decode("\xFF", TXF_EUTF8, 0xFFFD, 1);
}
END_TEST

START_TEST(test_decode_respects_length)
{
	int32_t cp;
	size_t len;

	ck_assert_int_eq(txf_utf8_decode("\xC3\xA9", 1, &cp, &len), TXF_EUTF8);
	ck_assert_uint_eq(len, 1);
	ck_assert_int_eq(cp, 0xFFFD);
	ck_assert_int_eq(txf_utf8_decode("\xF0\x9F\x98\x80", 3, &cp, &len),
	    TXF_EUTF8);
	ck_assert_uint_eq(len, 3);
}
END_TEST

START_TEST(test_encode_known)
{
	char out[4];

	ck_assert_int_eq(txf_utf8_encode(0x41, out), 1);
	ck_assert_bytes(out, 1, "A");
	ck_assert_int_eq(txf_utf8_encode(0xE9, out), 2);
	ck_assert_bytes(out, 2, "\xC3\xA9");
	ck_assert_int_eq(txf_utf8_encode(0x7FF, out), 2);
	ck_assert_bytes(out, 2, "\xDF\xBF");
	ck_assert_int_eq(txf_utf8_encode(0x800, out), 3);
	ck_assert_bytes(out, 3, "\xE0\xA0\x80");
	ck_assert_int_eq(txf_utf8_encode(0x20AC, out), 3);
	ck_assert_bytes(out, 3, "\xE2\x82\xAC");
	ck_assert_int_eq(txf_utf8_encode(0xFFFD, out), 3);
	ck_assert_bytes(out, 3, FFFD);
	ck_assert_int_eq(txf_utf8_encode(0x10000, out), 4);
	ck_assert_bytes(out, 4, "\xF0\x90\x80\x80");
	ck_assert_int_eq(txf_utf8_encode(0x10FFFF, out), 4);
	ck_assert_bytes(out, 4, "\xF4\x8F\xBF\xBF");
}
END_TEST

START_TEST(test_encode_decode_all_scalars)
{
	char out[4];

	for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
		int32_t back;
		size_t len;
		int k;

		if (cp == 0xD800)
			cp = 0xE000;
		k = txf_utf8_encode(cp, out);
		int want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (k != want)
			ck_abort_msg("encode(U+%04X) gave %d bytes, want %d",
			    (unsigned)cp, k, want);
		if (txf_utf8_decode(out, (size_t)k, &back, &len) != k ||
		    back != cp || len != (size_t)k)
			ck_abort_msg("U+%04X: encode gave %s, decode gave "
			    "U+%04X", (unsigned)cp, show(out, (size_t)k),
			    (unsigned)back);
		if (cp != 0 && txf_utf8_check(out, (size_t)k) != (size_t)k)
			ck_abort_msg("U+%04X: check rejects %s", (unsigned)cp,
			    show(out, (size_t)k));
	}
}
END_TEST

/* Repair the literal s: expect `fixes` replacements and output want. */
#define ck_assert_repair(s, fixes, want) do {                              \
	txf_buf b_ = { 0 };                                                \
	long r_ = txf_utf8_repair((s), sizeof(s) - 1, &b_);                \
	ck_assert_msg(r_ == (fixes) &&                                     \
	    same(b_.p, b_.n, (want), sizeof(want) - 1),                    \
	    "repair(%s) = %ld, %s; want %d, %s", show((s), sizeof(s) - 1), \
	    r_, show(b_.p, b_.n), (fixes), show((want), sizeof(want) - 1));\
	txf_buf_free(&b_);                                                 \
} while (0)

START_TEST(test_repair_maximal_subparts)
{
	/* F1 80 80 | E1 80 | C2: three maximal subparts. */
	ck_assert_repair("a\xF1\x80\x80\xE1\x80\xC2" "b", 3,
	    "a" FFFD FFFD FFFD "b");
	/* Table 3-8. */
	ck_assert_repair("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
	    6, "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d");
	/* Table 3-8's non-shortest forms: every byte replaced. */
	ck_assert_repair("\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41", 8,
	    FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD "A");
	/* Table 3-9: surrogates. */
	ck_assert_repair("\xED\xA0\x80\xED\xBF\xBF\xED\xAF\x41", 8,
	    FFFD FFFD FFFD FFFD FFFD FFFD FFFD FFFD "A");
	/* Table 3-10: above U+10FFFF and invalid bytes. */
	ck_assert_repair("\xF4\x91\x92\x93\xFF\x41\x80\xBF\x42", 7,
	    FFFD FFFD FFFD FFFD FFFD "A" FFFD FFFD "B");
	/* Table 3-11: truncated sequences. */
	ck_assert_repair("\xE1\x80\xE2\xF0\x91\x92\xF1\xBF\x41", 4,
	    FFFD FFFD FFFD FFFD "A");
}
END_TEST

START_TEST(test_repair_kinds)
{
	ck_assert_repair("\xC0\x80", 2, FFFD FFFD);
	ck_assert_repair("\xE0\x80\x80", 3, FFFD FFFD FFFD);
	ck_assert_repair("\xF0\x80\x80\x80", 4, FFFD FFFD FFFD FFFD);
	ck_assert_repair("\xED\xA0\x80", 3, FFFD FFFD FFFD);
	ck_assert_repair("\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD);
	ck_assert_repair("a\xF0\x9F\x98", 1, "a" FFFD);
	ck_assert_repair("\xF0\x9F\x98" "a", 1, FFFD "a");
	ck_assert_repair("x\x80y", 1, "x" FFFD "y");
	ck_assert_repair("\xFE\xFF", 2, FFFD FFFD);
}
END_TEST

START_TEST(test_repair_nul)
{
	ck_assert_repair("a\0b", 1, "a" FFFD "b");
	ck_assert_repair("\0\0", 2, FFFD FFFD);
	ck_assert_repair("\xC3\xA9\0\x80", 2, "\xC3\xA9" FFFD FFFD);
}
END_TEST

START_TEST(test_repair_valid_unchanged)
{
	txf_buf b = { 0 };

	ck_assert_repair("", 0, "");
	ck_assert_repair("plain", 0, "plain");
	ck_assert_repair("caf\xC3\xA9 \xF0\x9F\x98\x80 " FFFD, 0,
	    "caf\xC3\xA9 \xF0\x9F\x98\x80 " FFFD);
	/* It appends. */
	ck_assert_int_eq(txf_buf_add(&b, "pre:", 4), 0);
	ck_assert_int_eq(txf_utf8_repair("x\xFFy", 3, &b), 1);
	ck_assert_bytes(b.p, b.n, "pre:x" FFFD "y");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_repair_output_is_valid)
{
	/* Every two-byte input: the output is valid, and equals the input
	 * when there was nothing to replace. */
	txf_buf b = { 0 };

	for (int i = 0; i < 256; i++)
		for (int j = 0; j < 256; j++) {
			char s[3] = { (char)i, (char)j, 'z' };
			b.n = 0;
			long k = txf_utf8_repair(s, 3, &b);
			if (k < 0)
				ck_abort_msg("repair(%s) = %ld", show(s, 3), k);
			if (txf_utf8_check(b.p, b.n) != b.n)
				ck_abort_msg("repair(%s) gave invalid %s",
				    show(s, 3), show(b.p, b.n));
			if ((k == 0) != same(b.p, b.n, s, 3))
				ck_abort_msg("repair(%s) = %ld, output %s",
				    show(s, 3), k, show(b.p, b.n));
			if ((k == 0) != (txf_utf8_check(s, 3) == 3))
				ck_abort_msg("repair(%s) = %ld but check "
				    "says %zu", show(s, 3), k,
				    txf_utf8_check(s, 3));
		}
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_count)
{
	ck_assert_uint_eq(txf_utf8_count("", 0), 0);
	ck_assert_uint_eq(txf_utf8_count("abc", 3), 3);
	ck_assert_uint_eq(txf_utf8_count("\xC3\xA9", 2), 1);
	ck_assert_uint_eq(txf_utf8_count("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
	    9), 3);
	ck_assert_uint_eq(txf_utf8_count("caf\xC3\xA9 \xE6\x9D\xB1", 9), 6);
	/* e + U+0301 is two code points. */
	ck_assert_uint_eq(txf_utf8_count("e\xCC\x81", 3), 2);
}
END_TEST

Suite *
suite_utf8(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("utf8");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_check_valid);
	tcase_add_test(tc, test_check_overlong);
	tcase_add_test(tc, test_check_surrogates);
	tcase_add_test(tc, test_check_truncated);
	tcase_add_test(tc, test_check_stray_continuation);
	tcase_add_test(tc, test_check_above_max);
	tcase_add_test(tc, test_check_nul);
	tcase_add_test(tc, test_check_after_ascii_runs);
	tcase_add_test(tc, test_check_tail_after_multibyte);
	tcase_add_test(tc, test_decode_valid);
	tcase_add_test(tc, test_decode_maximal_subparts);
	tcase_add_test(tc, test_decode_respects_length);
	tcase_add_test(tc, test_encode_known);
	tcase_add_test(tc, test_encode_decode_all_scalars);
	tcase_add_test(tc, test_repair_maximal_subparts);
	tcase_add_test(tc, test_repair_kinds);
	tcase_add_test(tc, test_repair_nul);
	tcase_add_test(tc, test_repair_valid_unchanged);
	tcase_add_test(tc, test_repair_output_is_valid);
	tcase_add_test(tc, test_count);
	suite_add_tcase(s, tc);
	return s;
}
