## tests/local.mk: make check.
##   tests/unit/         Check suites, one per library module, one runner
##   tests/conformance/  Unicode's break tests through the public API
##   tests/cli/          end-to-end tests of the tools (expected outputs)
##   tests/parity/       scikit-learn parity (skipped without sklearn)

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	PATH='$(abs_top_builddir)':"$$PATH"; export PATH; \
	srcdir='$(abs_top_srcdir)'; export srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	TEXTFEAT_DATADIR='$(abs_top_srcdir)/data'; export TEXTFEAT_DATADIR; \
	PYTHON_REF=/usr/bin/python3; export PYTHON_REF; \
	: "$${CK_TIMEOUT_MULTIPLIER:=10}"; export CK_TIMEOUT_MULTIPLIER; \
	TXF_TOOLS='$(bin_PROGRAMS)'; export TXF_TOOLS; \
	CC='$(CC)'; export CC; \
	HEADERS_CFLAGS='$(UTF8PROC_CFLAGS) $(CHECK_CFLAGS)'; export HEADERS_CFLAGS;

# The unit suites: one Check suite per library module, test_NAME.c
# defining suite_NAME().  This list is their one registration: the
# runner's list, suites.inc, is made from it.
UNIT_SUITES += \
	tests/unit/test_core.c \
	tests/unit/test_reader.c \
	tests/unit/test_tsv.c \
	tests/unit/test_utf8.c \
	tests/unit/test_normalize.c \
	tests/unit/test_wordbreak.c \
	tests/unit/test_stopwords.c \
	tests/unit/test_stem.c \
	tests/unit/test_tokenizer.c \
	tests/unit/test_analysis.c \
	tests/unit/test_ngram.c \
	tests/unit/test_count.c \
	tests/unit/test_numfmt.c \
	tests/unit/test_vocab.c \
	tests/unit/test_spill.c \
	tests/unit/test_prune.c \
	tests/unit/test_vector.c \
	tests/unit/test_label.c \
	tests/unit/test_match.c \
	tests/unit/test_index.c

check_PROGRAMS += tests/unit/runner
tests_unit_runner_SOURCES = tests/unit/runner.c tests/unit/helpers.h \
	$(UNIT_SUITES)
nodist_tests_unit_runner_SOURCES = tests/unit/suites.inc
tests_unit_runner_CPPFLAGS = $(AM_CPPFLAGS) -I$(builddir)/tests/unit
tests_unit_runner_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(UTF8PROC_CFLAGS)
tests_unit_runner_LDADD = lib/libtxf.la $(CHECK_LIBS) $(UTF8PROC_LIBS)
BUILT_SOURCES += tests/unit/suites.inc
CLEANFILES += tests/unit/suites.inc
tests/unit/suites.inc: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests/unit && \
	for f in $(UNIT_SUITES); do \
		n=$${f##*/test_}; echo "SUITE($${n%.c})"; \
	done >$@.tmp && mv $@.tmp $@
TESTS += tests/unit/runner

check_PROGRAMS += tests/conformance/breaktest
tests_conformance_breaktest_SOURCES = tests/conformance/breaktest.c
tests_conformance_breaktest_LDADD = lib/libtextfeat.la
TESTS += tests/conformance/breaktest.sh

# Every header compiles when included twice; the shared library exports
# what the installed header declares, nothing else; cmd/tools.mk is what
# cmd/tools.list makes.
TESTS += tests/headers.sh tests/symbols.sh tests/tools-list.sh

EXTRA_DIST += tests/init.sh tests/headers.sh tests/symbols.sh \
	tests/tools-list.sh
include tests/cli/local.mk
include tests/parity/local.mk
include tests/fuzz/local.mk
TESTS += $(CLI_TESTS) $(PARITY_TESTS)
# Test scripts are not shipped by automake on their own.
EXTRA_DIST += $(CLI_TESTS) $(PARITY_TESTS) tests/conformance/breaktest.sh
# Run by .ci/run, not by make check (root, network namespaces).
EXTRA_DIST += tests/cluster/lib.sh tests/cluster/shard.sh \
	tests/cluster/task.sh tests/cluster/slurm.sh tests/cluster/dask.sh \
	tests/cluster/dask_job.py
