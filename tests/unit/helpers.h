/*
 * helpers.h - what the unit suites share: Check, the declarations of every
 * suite (suites.inc, made from UNIT_SUITES in tests/local.mk), a
 * deterministic generator, and byte comparisons with readable failure
 * messages.
 */
#ifndef TXF_TEST_HELPERS_H
#define TXF_TEST_HELPERS_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#define SUITE(name) Suite *suite_##name(void);
#include "suites.inc"
#undef SUITE

/* A deterministic generator (splitmix64); a test seeds it by setting
 * rng_state. */
static uint64_t rng_state __attribute__((unused));

static inline uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Bytes p[0..n) as a C string literal, for failure messages (four
 * results live at a time). */
static inline const char *
show(const char *p, size_t n)
{
	static char ring[4][1024];
	static unsigned k;
	char *o = ring[k++ % 4], *s = o;

	*s++ = '"';
	for (size_t i = 0; i < n && i < 200; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
			*s++ = (char)c;
		else
			s += sprintf(s, "\\x%02X", c);
	}
	if (n > 200)
		s += sprintf(s, "...");
	*s++ = '"';
	*s = '\0';
	return o;
}

/* Whether p[0..n) and q[0..m) are the same bytes. */
static inline int
same(const char *p, size_t n, const char *q, size_t m)
{
	return n == m && (n == 0 || memcmp(p, q, n) == 0);
}

/* Assert that p[0..n) are the bytes of the string literal want. */
#define ck_assert_bytes(p, n, want)                                        \
	ck_assert_msg(same((p), (n), (want), sizeof(want) - 1),            \
	    "got %s, want %s", show((p), (n)),                             \
	    show((want), sizeof(want) - 1))

/* A file in $TMPDIR (/tmp when unset) holding p[0..n), open, its name in
 * path (room for size bytes).  temp_file() closes it, for the caller to
 * unlink() when done; temp_fd() returns it unlinked, at offset 0. */
static inline int
temp_open(char *path, size_t size, const void *p, size_t n)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/txf-test-XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "mkstemp %s: %s", path, strerror(errno));
	for (size_t off = 0; off < n; ) {
		ssize_t k = write(fd, (const char *)p + off, n - off);
		ck_assert_msg(k > 0, "write: %s", strerror(errno));
		off += (size_t)k;
	}
	return fd;
}

static inline void
temp_file(char *path, size_t size, const void *p, size_t n)
{
	ck_assert_int_eq(close(temp_open(path, size, p, n)), 0);
}

static inline int
temp_fd(const void *p, size_t n)
{
	char path[4096];
	int fd = temp_open(path, sizeof path, p, n);

	unlink(path);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

#endif
