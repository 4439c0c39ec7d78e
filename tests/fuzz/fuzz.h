/*
 * fuzz.h - what every fuzz target shares (tests/fuzz/README).
 *
 * A target is one file, tests/fuzz/NAME.c, holding
 *
 *     FUZZ_TARGET(NAME)
 *     {
 *             ... use data[0..size), check properties with FUZZ_CHECK ...
 *             return 0;
 *     }
 *
 * and one line in tests/fuzz/local.mk, FUZZ_TARGETS += NAME, plus seed
 * inputs in tests/fuzz/corpus/NAME/.  Built with -DFUZZ_LIBFUZZER (make
 * fuzz, clang) the target is libFuzzer's LLVMFuzzerTestOneInput; built
 * without it (make check, any compiler) it registers itself with the
 * plain driver (driver.c), which feeds it each file of its corpus.
 *
 * FUZZ_CHECK(cond, fmt, ...) aborts with a message when a property does
 * not hold: libFuzzer then saves the input, and make check fails.
 */
#ifndef TXF_FUZZ_H
#define TXF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <unistd.h>

#define FUZZ_CHECK(cond, ...) do {                                        \
	if (!(cond)) {                                                    \
		fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, \
		    __LINE__, #cond);                                     \
		fprintf(stderr, __VA_ARGS__);                             \
		fputc('\n', stderr);                                      \
		abort();                                                  \
	}                                                                 \
} while (0)

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);
void fuzz_register(const char *name, fuzz_fn fn);

#ifdef FUZZ_LIBFUZZER
#define FUZZ_TARGET(name)                                                 \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name)                                                 \
	static int fuzz_##name(const uint8_t *data, size_t size);         \
	__attribute__((constructor)) static void fuzz_reg_##name(void)    \
	{                                                                 \
		fuzz_register(#name, fuzz_##name);                        \
	}                                                                 \
	static int fuzz_##name(const uint8_t *data, size_t size)
#endif

/* Taking input apart: a byte at a time from the front (0 when none is
 * left), the rest as text. */
typedef struct {
	const uint8_t *p;
	size_t n;
} fuzz_in;

static inline unsigned
fuzz_byte(fuzz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

/* A temporary file holding p[0..n): fuzz_file() makes it from path, a
 * mkstemp() template ("/tmp/NAME.XXXXXX"), and closes it (the caller
 * unlink()s it); fuzz_fd() returns it open at its start, without a
 * name. */
static inline void
fuzz_file(char *path, const void *p, size_t n)
{
	int fd = mkstemp(path);

	FUZZ_CHECK(fd >= 0, "mkstemp");
	FUZZ_CHECK(n == 0 || write(fd, p, n) == (ssize_t)n, "write");
	close(fd);
}

static inline int
fuzz_fd(const void *p, size_t n)
{
	char path[] = "/tmp/txf-fuzz.XXXXXX";
	int fd = mkstemp(path);

	FUZZ_CHECK(fd >= 0, "mkstemp");
	unlink(path);
	FUZZ_CHECK(n == 0 || write(fd, p, n) == (ssize_t)n, "write");
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0, "seek");
	return fd;
}

#endif
