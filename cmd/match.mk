## cmd/match.mk: what match has beyond cmd/tools.mk.

PARITY_TESTS += tests/cli/match-sklearn.sh
CLI_TESTS += tests/cli/match-train.sh
EXTRA_DIST += bench/match
