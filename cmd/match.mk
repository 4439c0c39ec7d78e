## cmd/match.mk: what match has beyond cmd/tools.mk: the rows' source,
## more tests, the benchmark.

match_SOURCES += cmd/match/match.h cmd/match/rows.c

PARITY_TESTS += tests/cli/match-sklearn.sh
CLI_TESTS += tests/cli/match-train.sh
EXTRA_DIST += bench/match
