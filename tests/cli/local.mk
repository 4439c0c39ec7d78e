CLI_TESTS +=
CLI_TESTS += tests/cli/man.sh tests/cli/threads.sh
CLI_TESTS += tests/cli/vocab-rules.sh
CLI_TESTS += tests/cli/suggest.sh
CLI_TESTS += tests/cli/analysis.sh
EXTRA_DIST += tests/cli/expected/analysis
CLI_TESTS += tests/cli/readme.sh
CLI_TESTS += tests/cli/tokenize-idempotent.sh
CLI_TESTS += tests/cli/output-files.sh
CLI_TESTS += tests/cli/progress.sh
# Issue 14: --header and blank lines, alike in every tool.
CLI_TESTS += tests/cli/header-blank.sh
