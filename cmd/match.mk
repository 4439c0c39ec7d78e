## cmd/match.mk: the match tool, its library module, man page and tests.

# Query-listing features (uses the vocab, counting and n-gram modules).
lib_libtextfeat_la_SOURCES += lib/match.c

bin_PROGRAMS += match
match_SOURCES = cmd/match.c
match_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/match.1

UNIT_SUITES += tests/unit/test_match.c
CLI_TESTS += tests/cli/match.sh
PARITY_TESTS += tests/cli/match-sklearn.sh
EXTRA_DIST += tests/cli/expected/match bench/match
