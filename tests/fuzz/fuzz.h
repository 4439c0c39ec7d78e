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

#endif
