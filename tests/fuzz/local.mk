## tests/fuzz/local.mk: fuzz targets (tests/fuzz/README).
##
## Adding a target: write tests/fuzz/NAME.c (see fuzz.h), add its seed
## inputs in tests/fuzz/corpus/NAME/, and add one line here:
##     FUZZ_SOURCES += tests/fuzz/NAME.c
## make check then runs its corpus, make fuzz and CI fuzz it.

FUZZ_SOURCES =
FUZZ_SOURCES += tests/fuzz/escape.c
FUZZ_SOURCES += tests/fuzz/reader.c
FUZZ_SOURCES += tests/fuzz/utf8.c
FUZZ_SOURCES += tests/fuzz/analysis.c
FUZZ_SOURCES += tests/fuzz/ngrams.c
FUZZ_SOURCES += tests/fuzz/numfmt.c
FUZZ_SOURCES += tests/fuzz/vocab.c
FUZZ_SOURCES += tests/fuzz/vectorize.c
FUZZ_SOURCES += tests/fuzz/match.c
FUZZ_SOURCES += tests/fuzz/index.c
FUZZ_SOURCES += tests/fuzz/labels.c
FUZZ_SOURCES += tests/fuzz/desc.c

# make check: every committed corpus through the plain driver (any
# compiler, no libFuzzer).
check_PROGRAMS += tests/fuzz/regress
tests_fuzz_regress_SOURCES = tests/fuzz/driver.c tests/fuzz/fuzz.h \
	$(FUZZ_SOURCES)
tests_fuzz_regress_CFLAGS = $(AM_CFLAGS) -I$(srcdir)/lib
tests_fuzz_regress_LDADD = lib/libtxf.la -lm
TESTS += tests/fuzz/regress.sh
EXTRA_DIST += tests/fuzz/regress.sh tests/fuzz/run.sh tests/fuzz/README \
	tests/fuzz/corpus

# make fuzz: each target built with clang, libFuzzer, ASan and UBSan, run
# for FUZZ_TIME seconds, FUZZ_JOBS at a time.
FUZZ_TIME = 60
FUZZ_JOBS = 2
fuzz: tests/fuzz/regress$(EXEEXT)
	@if test "$(HAVE_LIBFUZZER)" != yes; then \
	  echo "make fuzz: needs clang with libFuzzer (Debian: clang and" \
	    "libclang-rt-14-dev), which configure did not find;" \
	    "set FUZZ_CC=... and run configure again" >&2; exit 1; fi
	@FUZZ_CC='$(FUZZ_CC)' srcdir='$(srcdir)' builddir='$(abs_builddir)' \
	  LIB_SOURCES='$(lib_libtxf_la_SOURCES)' \
	  FUZZ_SOURCES='$(FUZZ_SOURCES)' FUZZ_TIME='$(FUZZ_TIME)' \
	  FUZZ_JOBS='$(FUZZ_JOBS)' FUZZ_CFLAGS='$(UTF8PROC_CFLAGS)' \
	  FUZZ_LIBS='$(UTF8PROC_LIBS) $(STEMMER_LIBS) -lpthread -lm' \
	  $(SHELL) $(srcdir)/tests/fuzz/run.sh $(FUZZ_TARGET)
.PHONY: fuzz
