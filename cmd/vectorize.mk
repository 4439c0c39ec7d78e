## cmd/vectorize.mk: what vectorize has beyond cmd/tools.mk: more tests,
## the benchmark.

CLI_TESTS += tests/cli/labels.sh
# Issue 14: the trainers read the files; CSV and JSON Lines recipes.
CLI_TESTS += tests/cli/trainers.sh tests/cli/csvjson.sh
PARITY_TESTS += tests/parity/vectorize.sh
EXTRA_DIST += tests/parity/vectorize_sklearn.py \
	bench/vectorize
