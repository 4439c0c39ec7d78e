## cmd/vocab.mk: the vocab tool, its library modules, man page and tests.

# Vocab files; spilling, merging and pruning of term counts.
lib_libtextfeat_la_SOURCES += lib/vocab.c lib/vindex.c lib/vindex.h lib/spill.c \
	lib/prune.c

bin_PROGRAMS += vocab
vocab_SOURCES = cmd/vocab.c
vocab_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
vocab_LDADD = $(TOOL_LIBS) $(UTF8PROC_LIBS) -lm

dist_man_MANS += man/vocab.1

UNIT_SUITES += tests/unit/test_vocab.c tests/unit/test_spill.c \
	tests/unit/test_prune.c
CLI_TESTS += tests/cli/vocab.sh tests/cli/vocab-scale.sh
PARITY_TESTS += tests/parity/vocab.sh
EXTRA_DIST += tests/cli/expected/vocab tests/parity/vocab_sklearn.py \
	bench/vocab

# The counter's worker threads.
lib_libtextfeat_la_LIBADD += -lpthread
