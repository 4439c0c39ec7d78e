## cmd/vectorize.mk: what vectorize has beyond cmd/tools.mk: more sources
## (--fit links vocab's writer), more tests, the benchmark.

vectorize_SOURCES += cmd/vectorize/vectorize.h \
	cmd/vectorize/rows.c cmd/vectorize/check.c cmd/vectorize/fit.c \
	cmd/vectorize/ring.c cmd/vectorize/fittext.c \
	cmd/vocab/vocab.h cmd/vocab/count.c cmd/vocab/write.c \
	cmd/vocab/chart.c
vectorize_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
vectorize_LDADD += $(UTF8PROC_LIBS)

CLI_TESTS += tests/cli/labels.sh tests/cli/vectorize-fit.sh
# Issue 14: the trainers read the files; CSV and JSON Lines recipes.
CLI_TESTS += tests/cli/trainers.sh tests/cli/csvjson.sh
PARITY_TESTS += tests/parity/vectorize.sh
EXTRA_DIST += tests/parity/vectorize_sklearn.py \
	bench/vectorize
