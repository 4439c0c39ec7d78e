## cmd/vocab.mk: what vocab has beyond cmd/tools.mk: more sources, more
## tests.

vocab_SOURCES += cmd/vocab/vocab.h cmd/vocab/count.c \
	cmd/vocab/merge.c cmd/vocab/write.c cmd/vocab/chart.c
vocab_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
vocab_LDADD += $(UTF8PROC_LIBS)

CLI_TESTS += tests/cli/vocab-scale.sh tests/cli/vocab-docs.sh
PARITY_TESTS += tests/parity/vocab.sh
EXTRA_DIST += tests/parity/vocab_sklearn.py bench/vocab
