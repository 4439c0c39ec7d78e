## cmd/ngrams.mk: the ngrams tool, its library modules, man page and tests.

lib_libtextfeat_la_SOURCES += lib/ngram.c

bin_PROGRAMS += ngrams
ngrams_SOURCES = cmd/ngrams.c
ngrams_LDADD = $(TOOL_LIBS)

dist_man_MANS += man/ngrams.1

UNIT_SUITES += tests/unit/test_ngram.c
CLI_TESTS += tests/cli/ngrams.sh
EXTRA_DIST += tests/cli/expected/ngrams
