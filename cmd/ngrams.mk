## cmd/ngrams.mk: the ngrams tool, its man page and tests.

bin_PROGRAMS += ngrams
ngrams_SOURCES = cmd/ngrams.c
ngrams_LDADD = $(TOOL_LIBS)

dist_man_MANS += man/ngrams.1

CLI_TESTS += tests/cli/ngrams.sh
EXTRA_DIST += tests/cli/expected/ngrams
