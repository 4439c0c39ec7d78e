#!/bin/sh
# vectorize.sh - parity of vectorize with scikit-learn's CountVectorizer,
# TfidfVectorizer and HashingVectorizer on the shared multilingual parity
# corpus (tests/parity/corpus.tsv), through vectorize_sklearn.py.
# Skipped (77) only when scikit-learn cannot be imported.
. "${srcdir:-.}/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
if ! "$py" -c 'import sklearn, numpy, scipy' 2>/dev/null; then
	echo "scikit-learn not importable by $py: skipped"
	exit 77
fi
for t in tokenize ngrams vocab vectorize; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

"$py" "$srcdir/tests/parity/vectorize_sklearn.py" \
    "$srcdir/tests/parity/corpus.tsv" "$tmp" 'vocab --idf=IDF'
