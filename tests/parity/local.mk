PARITY_TESTS +=
PARITY_TESTS += tests/parity/counts.sh
EXTRA_DIST += tests/parity/corpus.tsv tests/parity/gen-corpus.py \
	tests/parity/counts_sklearn.py
