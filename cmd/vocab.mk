## cmd/vocab.mk: the vocab tool, its man page and tests.

bin_PROGRAMS += vocab
vocab_SOURCES = cmd/vocab.c cmd/vocab/vocab.h cmd/vocab/count.c \
	cmd/vocab/merge.c cmd/vocab/write.c cmd/vocab/chart.c
vocab_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
vocab_LDADD = $(TOOL_LIBS) $(UTF8PROC_LIBS) -lm

dist_man_MANS += man/vocab.1

CLI_TESTS += tests/cli/vocab.sh tests/cli/vocab-scale.sh tests/cli/vocab-docs.sh
PARITY_TESTS += tests/parity/vocab.sh
EXTRA_DIST += tests/cli/expected/vocab tests/parity/vocab_sklearn.py \
	bench/vocab
