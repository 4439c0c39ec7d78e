## cmd/match.mk: the match tool, its man page and tests.

bin_PROGRAMS += match
match_SOURCES = cmd/match.c
match_LDADD = $(TOOL_LIBS) -lm

dist_man_MANS += man/match.1

CLI_TESTS += tests/cli/match.sh
PARITY_TESTS += tests/cli/match-sklearn.sh
CLI_TESTS += tests/cli/match-train.sh
EXTRA_DIST += tests/cli/expected/match bench/match
