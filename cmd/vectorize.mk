## cmd/vectorize.mk: the vectorize tool, its library module, man page,
## tests and benchmark.

# Sparse vectors: vocab or hashing index, weights, idf, norms, and the
# trainer formats; a serving program needs them as the tool does.
lib_libtextfeat_la_SOURCES += lib/vector.c

bin_PROGRAMS += vectorize
vectorize_SOURCES = cmd/vectorize.c
vectorize_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/vectorize.1

UNIT_SUITES += tests/unit/test_vector.c
CLI_TESTS += tests/cli/vectorize.sh
PARITY_TESTS += tests/parity/vectorize.sh
EXTRA_DIST += tests/cli/expected/vectorize \
	tests/parity/vectorize_sklearn.py \
	bench/vectorize
