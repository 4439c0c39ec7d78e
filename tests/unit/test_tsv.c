/* test_tsv.c - TAB-separated fields and the \t \n \r \\ escapes (tsv.c). */
#include <stdio.h>
#include <string.h>

#include "textfeat.h"
#include "helpers.h"

/* Assert that p[0..n) holds exactly the bytes of the literal want. */
#define LIT(s) ((txf_str){ (s), sizeof(s) - 1 })

START_TEST(test_fields_basic)
{
	txf_str f[8];
	txf_str line = LIT("id\thello world\textra");

	ck_assert_uint_eq(txf_fields(line, f, 8), 3);
	ck_assert_bytes(f[0].p, f[0].n, "id");
	ck_assert_bytes(f[1].p, f[1].n, "hello world");
	ck_assert_bytes(f[2].p, f[2].n, "extra");
	/* Fields are views into the line. */
	ck_assert_ptr_eq(f[0].p, line.p);
	ck_assert_ptr_eq(f[2].p, line.p + 15);
}
END_TEST

START_TEST(test_fields_no_tab)
{
	txf_str f[4];

	ck_assert_uint_eq(txf_fields(LIT("just text"), f, 4), 1);
	ck_assert_bytes(f[0].p, f[0].n, "just text");
}
END_TEST

START_TEST(test_fields_max_last_takes_rest)
{
	/* Arrays of exactly max elements: ASan catches a write past them. */
	txf_str f2[2], f1[1], f4[4];
	txf_str line = LIT("a\tb\tc\td");

	ck_assert_uint_eq(txf_fields(line, f2, 2), 2);
	ck_assert_bytes(f2[0].p, f2[0].n, "a");
	ck_assert_bytes(f2[1].p, f2[1].n, "b\tc\td");

	ck_assert_uint_eq(txf_fields(line, f1, 1), 1);
	ck_assert_bytes(f1[0].p, f1[0].n, "a\tb\tc\td");

	/* Exactly max fields: the last one holds no TAB. */
	ck_assert_uint_eq(txf_fields(line, f4, 4), 4);
	ck_assert_bytes(f4[3].p, f4[3].n, "d");
}
END_TEST

START_TEST(test_fields_empty)
{
	txf_str f[8];
	size_t k;

	k = txf_fields(LIT("\t\t"), f, 8);
	ck_assert_uint_eq(k, 3);
	for (size_t i = 0; i < k; i++)
		ck_assert_uint_eq(f[i].n, 0);

	ck_assert_uint_eq(txf_fields(LIT(""), f, 8), 1);
	ck_assert_uint_eq(f[0].n, 0);

	ck_assert_uint_eq(txf_fields(LIT("a\t"), f, 8), 2);
	ck_assert_bytes(f[0].p, f[0].n, "a");
	ck_assert_uint_eq(f[1].n, 0);

	ck_assert_uint_eq(txf_fields(LIT("\tb"), f, 8), 2);
	ck_assert_uint_eq(f[0].n, 0);
	ck_assert_bytes(f[1].p, f[1].n, "b");

	/* The last field keeps its empty neighbours. */
	ck_assert_uint_eq(txf_fields(LIT("x\t\t\t"), f, 2), 2);
	ck_assert_bytes(f[1].p, f[1].n, "\t\t");
}
END_TEST

START_TEST(test_unescape_known)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_unescape("a\\tb\\nc\\rd\\\\e", 13, &b), 0);
	ck_assert_bytes(b.p, b.n, "a\tb\nc\rd\\e");
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\t\\t", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "\t\t");
	/* An escaped backslash followed by t is not a TAB. */
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\\\t", 3, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\t");
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\\\\\t", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\\t");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_unescape_unknown_kept)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_unescape("\\x\\0\\a\\N\\u00e9", 14, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\x\\0\\a\\N\\u00e9");
	/* A backslash before a multibyte character. */
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\\xC3\xA9", 3, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\\xC3\xA9");
	/* An unknown escape does not swallow a following known one. */
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\q\\t", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\q\t");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_unescape_trailing_backslash)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_unescape("abc\\", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "abc\\");
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\", 1, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\");
	b.n = 0;
	ck_assert_int_eq(txf_unescape("\\\\\\", 3, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\\\");
	/* The length bounds the input: the byte after it is not read. */
	b.n = 0;
	ck_assert_int_eq(txf_unescape("ab\\t", 3, &b), 0);
	ck_assert_bytes(b.p, b.n, "ab\\");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_unescape_appends)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_buf_add(&b, "pre:", 4), 0);
	ck_assert_int_eq(txf_unescape("x\\ty", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "pre:x\ty");
	ck_assert_int_eq(txf_unescape("", 0, &b), 0);
	ck_assert_bytes(b.p, b.n, "pre:x\ty");
	ck_assert_int_eq(txf_unescape("plain", 5, &b), 0);
	ck_assert_bytes(b.p, b.n, "pre:x\typlain");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_escape)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_escape("a\tb\nc\rd\\e", 9, &b), 0);
	ck_assert_bytes(b.p, b.n, "a\\tb\\nc\\rd\\\\e");
	b.n = 0;
	ck_assert_int_eq(txf_escape("plain \xC3\xA9 text", 13, &b), 0);
	ck_assert_bytes(b.p, b.n, "plain \xC3\xA9 text");
	b.n = 0;
	ck_assert_int_eq(txf_escape("\\\\\t\t", 4, &b), 0);
	ck_assert_bytes(b.p, b.n, "\\\\\\\\\\t\\t");
	/* NUL is not escaped. */
	b.n = 0;
	ck_assert_int_eq(txf_escape("a\0b", 3, &b), 0);
	ck_assert_bytes(b.p, b.n, "a\0b");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_escape_appends)
{
	txf_buf b = { 0 };

	ck_assert_int_eq(txf_escape("", 0, &b), 0);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_int_eq(txf_buf_add(&b, "k=", 2), 0);
	ck_assert_int_eq(txf_escape("\n", 1, &b), 0);
	ck_assert_int_eq(txf_escape("v", 1, &b), 0);
	ck_assert_bytes(b.p, b.n, "k=\\nv");
	txf_buf_free(&b);
}
END_TEST

START_TEST(test_escape_round_trip)
{
	static const struct { const char *s; size_t n; } cases[] = {
		{ "", 0 },
		{ "\\", 1 },
		{ "\\\\", 2 },
		{ "\\t", 2 },
		{ "\\\\t", 3 },
		{ "\t\t\t", 3 },
		{ "\r\n", 2 },
		{ "a\\", 2 },
		{ "\\n\n\\\n", 5 },
		{ "tab\there", 8 },
		{ "\\x\\", 3 },
		{ "caf\xC3\xA9\t\xE6\x9D\xB1\\", 10 },
		{ "a\0b\\0", 5 },
	};
	txf_buf e = { 0 }, u = { 0 };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		e.n = u.n = 0;
		ck_assert_int_eq(txf_escape(cases[i].s, cases[i].n, &e), 0);
		ck_assert_msg(memchr(e.p ? e.p : "", '\t', e.n) == NULL &&
		    memchr(e.p ? e.p : "", '\n', e.n) == NULL &&
		    memchr(e.p ? e.p : "", '\r', e.n) == NULL,
		    "escape of %s left TAB, LF or CR: %s",
		    show(cases[i].s, cases[i].n), show(e.p, e.n));
		ck_assert_int_eq(txf_unescape(e.p ? e.p : "", e.n, &u), 0);
		ck_assert_msg(same(u.p, u.n, cases[i].s, cases[i].n),
		    "round trip of %s gave %s (escaped %s)",
		    show(cases[i].s, cases[i].n), show(u.p, u.n),
		    show(e.p, e.n));
	}

	/* Every byte value, and every pair of them. */
	char all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	e.n = u.n = 0;
	ck_assert_int_eq(txf_escape(all, 256, &e), 0);
	ck_assert_int_eq(txf_unescape(e.p, e.n, &u), 0);
	ck_assert_uint_eq(u.n, 256);
	ck_assert_mem_eq(u.p, all, 256);
	for (int i = 0; i < 256; i++)
		for (int j = 0; j < 256; j++) {
			char pair[2] = { (char)i, (char)j };
			e.n = u.n = 0;
			if (txf_escape(pair, 2, &e) != 0 ||
			    txf_unescape(e.p, e.n, &u) != 0 ||
			    !same(u.p, u.n, pair, 2))
				ck_abort_msg("round trip of %s gave %s",
				    show(pair, 2), show(u.p, u.n));
		}
	txf_buf_free(&e);
	txf_buf_free(&u);
}
END_TEST

/* txf_toklist_split() against a plain byte-by-byte splitter: random
 * fields of tokens of 1 to 20 bytes (letters, UTF-8, now and then an
 * escape) between runs of 1 to 3 spaces, with spaces at either end or
 * not, of every length around the 8-byte words the splitter reads. */
static uint64_t split_rng = 11;

static unsigned
split_rand(unsigned n)
{
	split_rng = split_rng * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(split_rng >> 33) % n;
}

START_TEST(test_toklist_split_random)
{
	static const char *const pieces[] = { "a", "bc", "x", "\xc3\xa9",
	    "\xe2\x96\x81", "\\t", "\\\\", "q" };
	txf_toklist tl = { 0 };
	char field[400], want[64][64];
	size_t wantn[64];

	for (int iter = 0; iter < 20000; iter++) {
		size_t n = 0, nt = 0;
		unsigned ntok = split_rand(12);
		if (split_rand(2))
			field[n++] = ' ';
		for (unsigned k = 0; k < ntok; k++) {
			size_t len = 0;
			unsigned np = 1 + split_rand(8);
			for (unsigned j = 0; j < np; j++) {
				const char *pc = pieces[split_rand(
				    iter % 3 ? 5 : 8)];
				size_t pl = strlen(pc);
				memcpy(field + n, pc, pl);
				/* the reference: the decoded token */
				if (pc[0] == '\\')
					want[nt][len++] = pc[1] == 't' ? '\t' :
					    '\\';
				else {
					memcpy(want[nt] + len, pc, pl);
					len += pl;
				}
				n += pl;
			}
			wantn[nt++] = len;
			unsigned sp = k + 1 < ntok ? 1 + split_rand(3) :
			    split_rand(2);
			while (sp-- > 0)
				field[n++] = ' ';
		}
		ck_assert_int_eq(txf_toklist_split(&tl, field, n), 0);
		ck_assert_uint_eq(tl.n, nt);
		for (size_t k = 0; k < nt; k++) {
			ck_assert_uint_eq(tl.v[k].n, wantn[k]);
			ck_assert(memcmp(tl.v[k].p, want[k], wantn[k]) == 0);
		}
	}
	txf_toklist_free(&tl);
}
END_TEST

START_TEST(test_needs_escape)
{
	ck_assert_int_eq(txf_needs_escape("", 0), 0);
	ck_assert_int_eq(txf_needs_escape("plain text", 10), 0);
	ck_assert_int_eq(txf_needs_escape("caf\xC3\xA9 \xE6\x9D\xB1", 9), 0);
	ck_assert_int_eq(txf_needs_escape("a\0b", 3), 0);
	ck_assert_int_ne(txf_needs_escape("a\tb", 3), 0);
	ck_assert_int_ne(txf_needs_escape("a\nb", 3), 0);
	ck_assert_int_ne(txf_needs_escape("a\rb", 3), 0);
	ck_assert_int_ne(txf_needs_escape("a\\b", 3), 0);
	/* At either end. */
	ck_assert_int_ne(txf_needs_escape("\tabc", 4), 0);
	ck_assert_int_ne(txf_needs_escape("abc\\", 4), 0);
	/* Only the given length counts. */
	ck_assert_int_eq(txf_needs_escape("abc\t", 3), 0);
	/* Longer strings, read a word at a time: each of the four at every
	 * place, amid bytes the word test flags or nearly flags (0x00-0x08,
	 * 0x0b, 0x0c, 0x0e, 0x5b, 0x5d, 0x7f-0xff), which need no escape. */
	{
		static const char special[] = "\t\n\r\\";
		static const unsigned char filler[] = { 'a', 0x00, 0x08, 0x0b,
		    0x0c, 0x0e, 0x5b, 0x5d, 0x7f, 0x80, 0xdc, 0xff };
		char buf[40];
		for (size_t f = 0; f < sizeof filler; f++) {
			memset(buf, filler[f], sizeof buf);
			for (size_t n = 0; n <= sizeof buf; n++)
				ck_assert_int_eq(txf_needs_escape(buf, n), 0);
			for (int c = 0; c < 4; c++)
				for (size_t at = 0; at < sizeof buf; at++) {
					buf[at] = special[c];
					ck_assert_int_ne(txf_needs_escape(buf,
					    sizeof buf), 0);
					ck_assert_int_eq(txf_needs_escape(buf,
					    at), 0);
					buf[at] = (char)filler[f];
				}
		}
	}
}
END_TEST

START_TEST(test_needs_escape_agrees_with_escape)
{
	txf_buf e = { 0 };

	for (int i = 0; i < 256; i++) {
		char c = (char)i;
		e.n = 0;
		ck_assert_int_eq(txf_escape(&c, 1, &e), 0);
		int changed = !same(e.p, e.n, &c, 1);
		ck_assert_msg((txf_needs_escape(&c, 1) != 0) == changed,
		    "byte 0x%02X: needs_escape %d, escape gives %s", i,
		    txf_needs_escape(&c, 1), show(e.p, e.n));
	}
	txf_buf_free(&e);
}
END_TEST

Suite *
suite_tsv(void)
{
	Suite *s = suite_create("tsv");
	TCase *tc = tcase_create("tsv");

	tcase_add_test(tc, test_fields_basic);
	tcase_add_test(tc, test_fields_no_tab);
	tcase_add_test(tc, test_fields_max_last_takes_rest);
	tcase_add_test(tc, test_fields_empty);
	tcase_add_test(tc, test_unescape_known);
	tcase_add_test(tc, test_unescape_unknown_kept);
	tcase_add_test(tc, test_unescape_trailing_backslash);
	tcase_add_test(tc, test_unescape_appends);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_escape_appends);
	tcase_add_test(tc, test_escape_round_trip);
	tcase_add_test(tc, test_needs_escape);
	tcase_add_test(tc, test_toklist_split_random);
	tcase_add_test(tc, test_needs_escape_agrees_with_escape);
	suite_add_tcase(s, tc);
	return s;
}
