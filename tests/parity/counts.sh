#!/bin/sh
# Parity of per-document counts with scikit-learn's CountVectorizer
# (issue 3): word 1..3-grams, char 2..4-grams, char_wb 3..5-grams.
. "$srcdir/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
"$py" -c 'import sklearn' 2>/dev/null || { echo "no scikit-learn"; exit 77; }
corpus=$srcdir/tests/parity/corpus.tsv
cmp=$srcdir/tests/parity/counts_sklearn.py

run() {  # run MODE PIPELINE
	checks=$((checks + 1))
	sh -c "$2" <"$corpus" >"$tmp/$1.terms" || { fail "$1: pipeline failed"; return; }
	"$py" "$cmp" "$1" "$corpus" "$tmp/$1.terms" || fail "$1: counts differ"
}

run word 'tokenize --mode=word --case=lower --norm=none --min-len=2 | ngrams -n 1:3 | tf'
run char 'tokenize --mode=space --case=lower --norm=none | ngrams --char=2:4 --unit=codepoint | tf'
run char_wb 'tokenize --mode=space --case=lower --norm=none | ngrams --char-wb=3:5 --unit=codepoint | tf'
finish
