/* test_cli_term.c - the pure parts of the terminal layer of the tools
 * (cmd/common): the progress line's text and the nearest-name search
 * behind "did you mean", and the --memory size parser.  Its own runner: it links the tools' plumbing,
 * not only libtextfeat. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "progress.h"
#include "suggest.h"

START_TEST(test_units)
{
	char b[24];

	cli_progress_size(b, 0);        ck_assert_str_eq(b, "0 B");
	cli_progress_size(b, 999);      ck_assert_str_eq(b, "999 B");
	cli_progress_size(b, 1000);     ck_assert_str_eq(b, "1.0 kB");
	cli_progress_size(b, 45230000); ck_assert_str_eq(b, "45.2 MB");
	cli_progress_size(b, 1.5e9);    ck_assert_str_eq(b, "1.50 GB");
	cli_progress_count(b, 9999);    ck_assert_str_eq(b, "9999");
	cli_progress_count(b, 12345);   ck_assert_str_eq(b, "12.3k");
	cli_progress_count(b, 1200000); ck_assert_str_eq(b, "1.20M");
	cli_progress_time(b, 7.4);      ck_assert_str_eq(b, "0:07");
	cli_progress_time(b, 754);      ck_assert_str_eq(b, "12:34");
	cli_progress_time(b, 3723);     ck_assert_str_eq(b, "1:02:03");
	cli_progress_time(b, -1);       ck_assert_str_eq(b, "0:00");
}
END_TEST

START_TEST(test_reading)
{
	char b[256];
	cli_progress_state s = { .bytes = 30000000, .records = 1200000,
	    .total = 120000000, .elapsed = 2 };

	cli_progress_format(b, sizeof b, "vocab", &s);
	/* 15 MB/s; 90 MB left at that rate is 6 s */
	ck_assert_str_eq(b, "vocab: 30.0 MB of 120.0 MB (25%), 1.20M "
	    "records, 15.0 MB/s, 0:06 left");
	s.elapsed = 0.2;         /* too early for a time left */
	cli_progress_format(b, sizeof b, "vocab", &s);
	ck_assert_ptr_null(strstr(b, "left"));
	s.total = 0;             /* unknown: no percentage */
	s.elapsed = 2;
	cli_progress_format(b, sizeof b, "tf", &s);
	ck_assert_str_eq(b, "tf: 30.0 MB, 1.20M records, 15.0 MB/s");
	s.total = 100;           /* more read than stat said: 100% */
	s.bytes = 150;
	cli_progress_format(b, sizeof b, "tf", &s);
	ck_assert_ptr_nonnull(strstr(b, "(100%)"));
	ck_assert_ptr_null(strstr(b, "left"));
}
END_TEST

START_TEST(test_phase_and_done)
{
	char b[256];
	cli_progress_state s = { .bytes = 120000000, .records = 3200000,
	    .total = 120000000, .elapsed = 2, .phase = "merging",
	    .phase_elapsed = 3, .written = 12000000 };

	cli_progress_format(b, sizeof b, "vocab", &s);
	ck_assert_str_eq(b, "vocab: read 120.0 MB, 3.20M records in 0:02; "
	    "merging 0:03, 12.0 MB written");
	s.phase = NULL;
	s.done = 1;
	cli_progress_format(b, sizeof b, "vocab", &s);
	ck_assert_str_eq(b, "vocab: read 120.0 MB, 3.20M records in 0:02 "
	    "(60.0 MB/s); done in 0:05");
}
END_TEST

START_TEST(test_cut)
{
	char b[21];
	cli_progress_state s = { .bytes = 30000000, .records = 1200000,
	    .total = 120000000, .elapsed = 2 };

	size_t n = cli_progress_format(b, sizeof b, "vocab", &s);
	ck_assert_uint_eq(n, 20);
	ck_assert_uint_eq(strlen(b), 20);
	ck_assert_str_eq(b, "vocab: 30.0 MB of 12");
}
END_TEST

START_TEST(test_distance)
{
	ck_assert_uint_eq(cli_distance("mode", 4, "mode", 4), 0);
	ck_assert_uint_eq(cli_distance("mdoe", 4, "mode", 4), 1);  /* swap */
	ck_assert_uint_eq(cli_distance("mod", 3, "mode", 4), 1);
	ck_assert_uint_eq(cli_distance("node", 4, "mode", 4), 1);
	ck_assert_uint_eq(cli_distance("", 0, "abc", 3), 3);
	ck_assert_uint_eq(cli_distance("kitten", 6, "sitting", 7), 3);
}
END_TEST

START_TEST(test_nearest)
{
	static const char *const names[] = { "mode", "min-len", "max-len",
	    "stop", "stem", "output", "top" };
	size_t idx[3], k;
	char list[128];

	k = cli_nearest("mdoe", 4, names, 7, idx, 3);
	ck_assert_uint_eq(k, 1);
	ck_assert_str_eq(names[idx[0]], "mode");
	k = cli_nearest("stpo", 4, names, 7, idx, 3);   /* stop, and top? */
	ck_assert_uint_ge(k, 1);
	ck_assert_str_eq(names[idx[0]], "stop");
	k = cli_nearest("output-file", 11, names, 7, idx, 3);
	ck_assert_uint_eq(k, 1);
	ck_assert_str_eq(names[idx[0]], "output");
	k = cli_nearest("qqqqqqqq", 8, names, 7, idx, 3);
	ck_assert_uint_eq(k, 0);
	k = cli_nearest("sten", 4, names, 7, idx, 3);   /* stem and stop? */
	cli_list_names(list, sizeof list, "--", "", names, idx, k);
	ck_assert_str_eq(list, "--stem");
	static const size_t three[] = { 0, 1, 2 };
	cli_list_names(list, sizeof list, "'", "'", names, three, 3);
	ck_assert_str_eq(list, "'mode', 'min-len' or 'max-len'");
	cli_list_names(list, sizeof list, "--", "", names, three, 2);
	ck_assert_str_eq(list, "--mode or --min-len");
}
END_TEST

/* --memory as sort(1) -S: K by default, powers of 1024, and a floor. */
START_TEST(test_memory)
{
	ck_assert_uint_eq(cli_parse_memory("64", 0), 64 * 1024);
	ck_assert_uint_eq(cli_parse_memory("100b", 0), 100);
	ck_assert_uint_eq(cli_parse_memory("3M", 0), 3 << 20);
	ck_assert_uint_eq(cli_parse_memory("2g", 65536), (size_t)2 << 30);
	ck_assert_uint_eq(cli_parse_memory("64K", 65536), 65536);
	ck_assert_uint_eq(cli_parse_memory("99999999999999999999", 0),
	    SIZE_MAX);
	ck_assert_uint_ge(cli_parse_memory("50%", 0), 1);
}
END_TEST

/* A bad size is a usage error (exit 2). */
START_TEST(test_memory_bad)
{
	static const char *const bad[] = { "", "-1", "12x", "1KB", "101%",
	    "0", "63K" };

	cli_parse_memory(bad[_i], _i == 6 ? 65536 : 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cli_term");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_units);
	tcase_add_test(tc, test_reading);
	tcase_add_test(tc, test_phase_and_done);
	tcase_add_test(tc, test_cut);
	tcase_add_test(tc, test_distance);
	tcase_add_test(tc, test_nearest);
	tcase_add_test(tc, test_memory);
	tcase_add_loop_exit_test(tc, test_memory_bad, 2, 0, 7);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
