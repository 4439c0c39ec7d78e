CLI_TESTS +=
CLI_TESTS += tests/cli/man.sh
CLI_TESTS += tests/cli/tokenize.sh
EXTRA_DIST += tests/cli/expected/tokenize
EXTRA_DIST += tests/cli/tokenize.sh
CLI_TESTS += tests/cli/vocab-rules.sh
CLI_TESTS += tests/cli/suggest.sh
