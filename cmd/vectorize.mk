## cmd/vectorize.mk: the vectorize tool, its man page, tests and benchmark.

bin_PROGRAMS += vectorize
vectorize_SOURCES = cmd/vectorize.c
vectorize_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/vectorize.1

CLI_TESTS += tests/cli/vectorize.sh tests/cli/labels.sh
# Issue 14: the trainers read the files; CSV and JSON Lines recipes.
CLI_TESTS += tests/cli/trainers.sh tests/cli/csvjson.sh
PARITY_TESTS += tests/parity/vectorize.sh
EXTRA_DIST += tests/cli/expected/vectorize \
	tests/parity/vectorize_sklearn.py \
	bench/vectorize
