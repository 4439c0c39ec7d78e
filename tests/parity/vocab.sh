#!/bin/sh
# vocab.sh - parity of vocab with scikit-learn (issue 4): on word 1..3-grams
# of the parity corpus, the terms in vocabulary_ order, df (non-zero
# entries per column of CountVectorizer's matrix), cf (column sums) and
# TfidfVectorizer's idf_ (smooth_idf True and False, within 1e-9
# relative), without pruning and with min_df, max_df and max_features as
# counts and as proportions.  The comparison is tests/parity/
# vocab_sklearn.py; it prints the figures of each variant.
. "${srcdir:-.}/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
"$py" -c 'import sklearn' 2>/dev/null || { echo "no scikit-learn for $py"; exit 77; }
for t in tokenize ngrams vocab; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done
corpus=$srcdir/tests/parity/corpus.tsv
cmp=$srcdir/tests/parity/vocab_sklearn.py

# CountVectorizer(ngram_range=(1, 3)) tokenization and n-grams.
tokenize --mode=word --case=lower --norm=none --min-len=2 "$corpus" |
    ngrams -n 1:3 >"$tmp/ng.tok" || { echo "pipeline failed" >&2; exit 99; }

specs=
n=0
# variant PARAMS VOCAB-OPTIONS: build a vocab, queue its comparison.
variant() {
	n=$((n + 1))
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	if vocab $2 -o "$tmp/v$n.vocab" "$tmp/ng.tok" 2>"$tmp/v$n.err"; then
		specs="$specs $tmp/v$n.vocab:$1"
	else
		fail "vocab $2: exit status $?"
		cat "$tmp/v$n.err" >&2
	fi
}

# The least max_features >= K without a tie at the boundary, so that the
# comparison with scikit-learn's own (unstable) choice is exact.
clean_k() {
	"$py" "$cmp" --clean-k "$corpus" "$@"
}
k1=$(clean_k 50)
k2=$(clean_k 100 min_df=2,max_df=0.05)
k3=$(clean_k 20 max_df=0.035)

variant '' '--idf=smooth'
variant '' '--idf=plain'
variant 'min_df=2' '--min-df=2 --idf=smooth'
variant 'min_df=3' '--min-df=3 --idf=plain'
variant 'min_df=0.01' '--min-df=0.01 --idf=smooth'
# 0.035 * 400 is 14.000000000000002: scikit-learn does not round it.
variant 'min_df=0.035' '--min-df=0.035 --idf=smooth'
variant 'max_df=0.035' '--max-df=0.035 --idf=smooth'
variant 'max_df=0.5' '--max-df=0.5 --idf=plain'
variant 'max_df=10' '--max-df=10 --idf=smooth'
variant 'max_df=1.0' '--max-df=1.0 --idf=smooth'
variant 'min_df=1' '--min-df=1'
variant "max_features=$k1" "--max-features=$k1 --idf=smooth"
variant "min_df=2,max_df=0.05,max_features=$k2" \
    "--min-df=2 --max-df=0.05 --max-features=$k2 --idf=plain"
variant "max_df=0.035,max_features=$k3" \
    "--max-df=0.035 --max-features=$k3 --idf=smooth"
# Ties at the boundary: the stable choice (scikit-learn's may differ).
variant 'max_features=50' '--max-features=50'
variant 'min_df=2,max_features=7' '--min-df=2 --max-features=7 --idf=smooth'

# shellcheck disable=SC2086
"$py" "$cmp" "$corpus" $specs >"$tmp/report" 2>&1 || fail "differences from scikit-learn"
sed "s|$tmp/||" "$tmp/report"
checks=$((checks + 1))
[ "$(grep -c '^ok ' "$tmp/report")" -eq "$n" ] || fail "not every variant compared"

# The stderr note of each rule (one line, the counts of what went).
expect_eq "pruning note" \
    "vocab: pruning: 4084 terms, min-df=2 removed 3781; 303 kept" \
    "$(cat "$tmp/v3.err")"
finish
