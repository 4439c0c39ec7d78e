/* test_reader.c - the block line reader (reader.c), fed from temporary
 * files and pipes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "textfeat.h"
#include "helpers.h"

#define BLOCK (256 * 1024)   /* the reader's block size (reader.c) */

/* Assert that line (a txf_str) holds exactly the bytes of literal want. */
#define ck_assert_line(line, want)                                         \
	ck_assert_msg((line).n == sizeof(want) - 1 &&                      \
	    memcmp((line).p, (want), sizeof(want) - 1) == 0,               \
	    "line is %s, want %s", show((line).p, (line).n),               \
	    show((want), sizeof(want) - 1))

/* The read end of a pipe; a child writes each chunk in turn, pausing
 * between them so that the reader sees short reads, then exits. */
static int
pipe_with(const char *const *chunk, const size_t *len, size_t nchunk,
          pid_t *child)
{
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	*child = fork();
	ck_assert_int_ge(*child, 0);
	if (*child == 0) {
		close(fds[0]);
		for (size_t i = 0; i < nchunk; i++) {
			if (write(fds[1], chunk[i], len[i]) != (ssize_t)len[i])
				_exit(1);
			usleep(20000);
		}
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

static void
reap(pid_t child)
{
	int st;

	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "pipe writer failed");
}

/* Read the next line and check it and its newline flag. */
#define expect_line(r, want, nl) do {                                      \
	txf_str l_;                                                        \
	ck_assert_int_eq(txf_reader_line((r), &l_), 1);                    \
	ck_assert_line(l_, want);                                          \
	ck_assert_int_eq(txf_reader_had_newline(r), (nl));                 \
} while (0)

#define expect_eof(r) do {                                                 \
	txf_str l_;                                                        \
	ck_assert_int_eq(txf_reader_line((r), &l_), 0);                    \
} while (0)

START_TEST(test_lines_with_final_newline)
{
	static const char in[] = "a\nbb\n\nccc\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	ck_assert_ptr_nonnull(r);
	expect_line(r, "a", 1);
	ck_assert_uint_eq(txf_reader_lineno(r), 1);
	expect_line(r, "bb", 1);
	ck_assert_uint_eq(txf_reader_lineno(r), 2);
	expect_line(r, "", 1);
	ck_assert_uint_eq(txf_reader_lineno(r), 3);
	expect_line(r, "ccc", 1);
	ck_assert_uint_eq(txf_reader_lineno(r), 4);
	expect_eof(r);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_lineno(r), 4);
	ck_assert_uint_eq(txf_reader_bytes(r), sizeof in - 1);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_last_line_without_newline)
{
	static const char in[] = "first\nlast";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "first", 1);
	expect_line(r, "last", 0);
	ck_assert_uint_eq(txf_reader_lineno(r), 2);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_bytes(r), sizeof in - 1);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_single_line_without_newline)
{
	int fd = temp_fd("x", 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "x", 0);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_crlf_stripped)
{
	static const char in[] = "a\r\nb\r\n\r\nx\ry\r\nz\r\r\nlast\r\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "a", 1);
	expect_line(r, "b", 1);
	expect_line(r, "", 1);
	expect_line(r, "x\ry", 1);      /* a CR inside a line stays */
	expect_line(r, "z\r", 1);       /* only the CR of "\r\n" goes */
	expect_line(r, "last", 1);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_lineno(r), 6);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_bom_at_start_dropped)
{
	static const char in[] = "\xEF\xBB\xBFhello\r\nworld\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "hello", 1);
	expect_line(r, "world", 1);
	expect_eof(r);
	/* The BOM was read from the descriptor even though it was dropped. */
	ck_assert_uint_eq(txf_reader_bytes(r), sizeof in - 1);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_bom_only_at_start_of_stream)
{
	static const char in[] =
	    "a\n\xEF\xBB\xBF" "b\n\xEF\xBB\xBF\xEF\xBB\xBF" "c\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "a", 1);
	expect_line(r, "\xEF\xBB\xBF" "b", 1);
	expect_line(r, "\xEF\xBB\xBF\xEF\xBB\xBF" "c", 1);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_bom_then_empty_line)
{
	/* Only one BOM is dropped, even when the first line is all BOMs;
	 * and a BOM-only first line is an empty line. */
	static const char in[] = "\xEF\xBB\xBF\n\xEF\xBB\xBF\xEF\xBB\xBF\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "", 1);
	expect_line(r, "\xEF\xBB\xBF\xEF\xBB\xBF", 1);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);

	static const char in2[] = "\xEF\xBB\xBF\xEF\xBB\xBFx\n";
	fd = temp_fd(in2, sizeof in2 - 1);
	r = txf_reader_new(fd);
	expect_line(r, "\xEF\xBB\xBFx", 1);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_partial_bom_kept)
{
	/* EF BB is not a BOM: the bytes stay. */
	static const char in[] = "\xEF\xBBx\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "\xEF\xBBx", 1);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_empty_lines)
{
	int fd = temp_fd("\n\n\n", 3);
	txf_reader *r = txf_reader_new(fd);

	for (int i = 1; i <= 3; i++) {
		expect_line(r, "", 1);
		ck_assert_uint_eq(txf_reader_lineno(r), (uint64_t)i);
	}
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_empty_input)
{
	int fd = temp_fd("", 0);
	txf_reader *r = txf_reader_new(fd);

	expect_eof(r);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_lineno(r), 0);
	ck_assert_uint_eq(txf_reader_bytes(r), 0);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_nul_bytes_kept)
{
	static const char in[] = "a\0b\n\0\n";
	int fd = temp_fd(in, sizeof in - 1);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "a\0b", 1);
	expect_line(r, "\0", 1);
	expect_eof(r);
	txf_reader_free(r);
	close(fd);
}
END_TEST

/* The byte at offset i of a long line: never a newline or CR. */
static char
pattern(size_t i)
{
	return (char)('a' + (i * 7 + i / 4099) % 26);
}

static int
is_pattern(const char *p, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pattern(i)) {
			*bad = i;
			return 0;
		}
	return 1;
}

START_TEST(test_line_of_3mb)
{
	const size_t big = 3 * 1024 * 1024 + 17;
	size_t n = 0, bad = 0;
	char *in = malloc(2 * big + 16);
	txf_str l;

	ck_assert_ptr_nonnull(in);
	for (size_t i = 0; i < big; i++)
		in[n++] = pattern(i);
	memcpy(in + n, "\r\nshort\n", 8);
	n += 8;
	for (size_t i = 0; i < big; i++)
		in[n++] = pattern(i);     /* the last line, no newline */

	int fd = temp_fd(in, n);
	txf_reader *r = txf_reader_new(fd);

	ck_assert_int_eq(txf_reader_line(r, &l), 1);
	ck_assert_uint_eq(l.n, big);
	ck_assert_msg(is_pattern(l.p, l.n, &bad), "line 1 differs at %zu",
	    bad);
	ck_assert_int_eq(txf_reader_had_newline(r), 1);
	expect_line(r, "short", 1);
	ck_assert_int_eq(txf_reader_line(r, &l), 1);
	ck_assert_uint_eq(l.n, big);
	ck_assert_msg(is_pattern(l.p, l.n, &bad), "line 3 differs at %zu",
	    bad);
	ck_assert_int_eq(txf_reader_had_newline(r), 0);
	ck_assert_uint_eq(txf_reader_lineno(r), 3);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_bytes(r), n);
	txf_reader_free(r);
	close(fd);
	free(in);
}
END_TEST

START_TEST(test_lines_across_block_boundaries)
{
	/* Lines of 0..999 bytes, about 2 MB, so that many lines straddle a
	 * block boundary; each is checked against what was written. */
	size_t cap = 2200000, n = 0, nlines = 0;
	char *in = malloc(cap);

	ck_assert_ptr_nonnull(in);
	while (n + 1100 < cap) {
		size_t len = (nlines * 389) % 1000;
		for (size_t i = 0; i < len; i++)
			in[n++] = (char)('A' + (nlines + i) % 26);
		in[n++] = '\n';
		nlines++;
	}

	int fd = temp_fd(in, n);
	txf_reader *r = txf_reader_new(fd);
	uint64_t prev_bytes = 0;
	size_t off = 0;
	txf_str l;

	for (size_t k = 0; k < nlines; k++) {
		size_t len = (k * 389) % 1000;
		/* Plain checks in the loop: a passing ck_assert costs a
		 * message to the parent process. */
		if (txf_reader_line(r, &l) != 1)
			ck_abort_msg("line %zu missing", k + 1);
		if (l.n != len || memcmp(l.p, in + off, len) != 0)
			ck_abort_msg("line %zu: got %zu bytes, want %zu",
			    k + 1, l.n, len);
		if (txf_reader_lineno(r) != k + 1)
			ck_abort_msg("lineno %llu, want %zu",
			    (unsigned long long)txf_reader_lineno(r), k + 1);
		off += len + 1;
		/* At least the lines returned have been read, and the count
		 * only grows. */
		if (txf_reader_bytes(r) < off || txf_reader_bytes(r) < prev_bytes)
			ck_abort_msg("line %zu: %llu bytes read, at offset %zu",
			    k + 1, (unsigned long long)txf_reader_bytes(r),
			    off);
		prev_bytes = txf_reader_bytes(r);
	}
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_bytes(r), n);
	txf_reader_free(r);
	close(fd);
	free(in);
}
END_TEST

START_TEST(test_crlf_split_by_block_boundary)
{
	/* A regular file is read a block at a time: put the CR of a CRLF as
	 * the last byte of the first block and its LF as the first byte of
	 * the next, and a line ending exactly at the boundary after that. */
	size_t n = 2 * BLOCK + 10;
	char *in = malloc(n);

	ck_assert_ptr_nonnull(in);
	memset(in, 'x', n);
	in[BLOCK - 1] = '\r';
	in[BLOCK] = '\n';
	in[2 * BLOCK - 1] = '\n';
	memcpy(in + 2 * BLOCK, "tail\r\nend\n", 10);

	int fd = temp_fd(in, n);
	txf_reader *r = txf_reader_new(fd);
	txf_str l;

	ck_assert_int_eq(txf_reader_line(r, &l), 1);
	ck_assert_uint_eq(l.n, BLOCK - 1);
	ck_assert_msg(l.p[l.n - 1] == 'x', "CR left at the end of line 1");
	ck_assert_int_eq(txf_reader_line(r, &l), 1);
	ck_assert_uint_eq(l.n, BLOCK - 2);
	ck_assert_int_eq(txf_reader_had_newline(r), 1);
	expect_line(r, "tail", 1);
	expect_line(r, "end", 1);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_lineno(r), 4);
	txf_reader_free(r);
	close(fd);
	free(in);
}
END_TEST

START_TEST(test_pipe_short_reads)
{
	/* Lines, a CRLF and the BOM itself split over separate writes. */
	static const char *const chunk[] = {
		"\xEF", ("\xBB\xBF" "ab"), "c\r", "\nd", "e\n\n", "f"
	};
	static const size_t len[] = { 1, 4, 2, 2, 3, 1 };
	pid_t child;
	int fd = pipe_with(chunk, len, 6, &child);
	txf_reader *r = txf_reader_new(fd);

	expect_line(r, "abc", 1);
	expect_line(r, "de", 1);
	expect_line(r, "", 1);
	expect_line(r, "f", 0);
	ck_assert_uint_eq(txf_reader_lineno(r), 4);
	expect_eof(r);
	ck_assert_uint_eq(txf_reader_bytes(r), 13);
	txf_reader_free(r);
	close(fd);
	reap(child);
}
END_TEST

START_TEST(test_pipe_empty)
{
	pid_t child;
	int fd = pipe_with(NULL, NULL, 0, &child);
	txf_reader *r = txf_reader_new(fd);

	expect_eof(r);
	ck_assert_uint_eq(txf_reader_lineno(r), 0);
	ck_assert_uint_eq(txf_reader_bytes(r), 0);
	txf_reader_free(r);
	close(fd);
	reap(child);
}
END_TEST

START_TEST(test_read_error)
{
	/* read(2) on a directory fails with EISDIR. */
	int fd = open("/", O_RDONLY);
	txf_reader *r;
	txf_str l;

	ck_assert_int_ge(fd, 0);
	r = txf_reader_new(fd);
	ck_assert_ptr_nonnull(r);
	errno = 0;
	ck_assert_int_eq(txf_reader_line(r, &l), TXF_EIO);
	ck_assert_int_eq(errno, EISDIR);
	txf_reader_free(r);
	close(fd);
}
END_TEST

START_TEST(test_fd_left_open)
{
	int fd = temp_fd("a\nb\n", 4);
	txf_reader *r = txf_reader_new(fd);
	char c;

	expect_line(r, "a", 1);
	txf_reader_free(r);
	ck_assert_int_ne(fcntl(fd, F_GETFD), -1);
	/* The descriptor is still usable after the reader is gone. */
	ck_assert_int_eq(lseek(fd, 2, SEEK_SET), 2);
	ck_assert_int_eq(read(fd, &c, 1), 1);
	ck_assert_int_eq(c, 'b');
	close(fd);
}
END_TEST

Suite *
suite_reader(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("reader");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_lines_with_final_newline);
	tcase_add_test(tc, test_last_line_without_newline);
	tcase_add_test(tc, test_single_line_without_newline);
	tcase_add_test(tc, test_crlf_stripped);
	tcase_add_test(tc, test_bom_at_start_dropped);
	tcase_add_test(tc, test_bom_only_at_start_of_stream);
	tcase_add_test(tc, test_bom_then_empty_line);
	tcase_add_test(tc, test_partial_bom_kept);
	tcase_add_test(tc, test_empty_lines);
	tcase_add_test(tc, test_empty_input);
	tcase_add_test(tc, test_nul_bytes_kept);
	tcase_add_test(tc, test_line_of_3mb);
	tcase_add_test(tc, test_lines_across_block_boundaries);
	tcase_add_test(tc, test_crlf_split_by_block_boundary);
	tcase_add_test(tc, test_pipe_short_reads);
	tcase_add_test(tc, test_pipe_empty);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_fd_left_open);
	suite_add_tcase(s, tc);
	return s;
}
