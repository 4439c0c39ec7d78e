#!/bin/sh
# match-sklearn.sh - match(1) against scikit-learn on the sample data in
# data/ (queries, listings and graded labels joined into pairs as the
# README shows):
#
# 1. cosine: TfidfVectorizer fit on the listings (its default analysis:
#    lowercase, tokens of two or more \w; match's --mode=word --case=lower
#    --norm=none --min-len=2), the vocab written from the fitted
#    vectorizer's own document frequencies and idf_, then transform of
#    both sides and the row-wise dot product: the same values within 1e-9.
#    With the vocab tool built, its vocab gives the same values too.
# 2. bm25: Lucene's formula computed in Python over scikit-learn's tokens
#    (an independent implementation of textfeat(7)'s definition).
# 3. svmlight: read back by sklearn.datasets.load_svmlight_file with
#    query_id=True: the labels, the qids (numbered in order of first
#    appearance), each query's rows together, and every value equal to
#    the TSV output; the --names file names the columns.
#
# Skipped (77) only when scikit-learn cannot be imported.
. "${srcdir:-.}/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
if ! "$py" -c 'import sklearn, numpy, scipy' 2>/dev/null; then
	echo "scikit-learn not importable by $py: skipped"
	exit 77
fi
command -v match >/dev/null 2>&1 || { echo "match not on PATH" >&2; exit 99; }

data=$srcdir/data
TAB=$(printf '\t')

# --- the pairs, from the three sample files ------------------------------------
sort -t "$TAB" -k1,1 "$data/listings.tsv" >"$tmp/listings.s"
sort -t "$TAB" -k1,1 "$data/queries.tsv" >"$tmp/queries.s"
sort -t "$TAB" -k2,2 "$data/labels.tsv" |
    join -t "$TAB" -1 2 -2 1 -o 1.1,1.2,1.3,2.2 - "$tmp/listings.s" |
    sort -t "$TAB" -k1,1 |
    join -t "$TAB" -o 1.1,2.2,1.2,1.4,1.3 - "$tmp/queries.s" |
    sort -t "$TAB" -k1,1 -k3,3 >"$tmp/pairs.tsv"
expect_eq "pairs from the sample data" "$(wc -l <"$data/labels.tsv")" \
    "$(wc -l <"$tmp/pairs.tsv")"

# --- scikit-learn's side: the vocab and the expected values ---------------------
cat >"$tmp/ref.py" <<'EOF'
import math, sys
import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

ESC = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}


def unescape(s):
    """The stream escapes of textfeat(7): \\t \\n \\r \\\\ decoded."""
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s) and s[i + 1] in ESC:
            out.append(ESC[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)


listings, pairs, out = sys.argv[1], sys.argv[2], sys.argv[3]
docs = [unescape(l.rstrip('\n').split('\t')[1])
        for l in open(listings, encoding='utf-8', newline='\n')]
tv = TfidfVectorizer().fit(docs)
counts = CountVectorizer(vocabulary=tv.vocabulary_).fit_transform(docs)
df = np.asarray((counts > 0).sum(axis=0)).ravel()
cf = np.asarray(counts.sum(axis=0)).ravel()
ntok = int(counts.sum())
with open(out + '/sk.vocab', 'w', encoding='utf-8', newline='\n') as f:
    f.write('#textfeat-vocab\t1\n#docs\t%d\n#tokens\t%d\n'
            '#analysis\tsklearn TfidfVectorizer()\n#pruning\tnone\n'
            '#idf\tsmooth\n' % (len(docs), ntok))
    for t in sorted(tv.vocabulary_, key=lambda s: s.encode('utf-8')):
        j = tv.vocabulary_[t]
        f.write('%s\t%d\t%d\t%r\n' % (t, df[j], cf[j], float(tv.idf_[j])))

rows = [l.rstrip('\n').split('\t')
        for l in open(pairs, encoding='utf-8', newline='\n')]
for r in rows:
    r[1], r[3] = unescape(r[1]), unescape(r[3])
Q = tv.transform([r[1] for r in rows])
D = tv.transform([r[3] for r in rows])
cos = np.asarray(Q.multiply(D).sum(axis=1)).ravel()

an = tv.build_analyzer()
dfs = {t: int(df[j]) for t, j in tv.vocabulary_.items()}
N, avgdl, k1, b = len(docs), ntok / len(docs), 1.2, 0.75
with open(out + '/expected.tsv', 'w') as f:
    for r, c in zip(rows, cos):
        q, d = an(r[1]), an(r[3])
        s = 0.0
        for t in q:
            tf = d.count(t)
            if tf:
                n = dfs.get(t, 0)
                idf = math.log(1 + (N - n + 0.5) / (n + 0.5))
                s += idf * tf / (tf + k1 * (1 - b + b * len(d) / avgdl))
        f.write('%s\t%s\t%d\t%d\t%r\t%r\n' % (r[0], r[2], len(q), len(d),
                                               float(c), s))
EOF
"$py" "$tmp/ref.py" "$data/listings.tsv" "$tmp/pairs.tsv" "$tmp" ||
    { echo "ref.py failed" >&2; exit 99; }

# compare FILE1 FILE2: qid, lid and integers equal, the rest within 1e-9
# (relative); prints the first differences.
compare() {
	"$py" - "$1" "$2" <<'EOF'
import sys
a = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
b = [l.rstrip('\n').split('\t') for l in open(sys.argv[2])]
bad = 0
if len(a) != len(b):
    print('%d lines against %d' % (len(a), len(b)))
for x, y in zip(a, b):
    ok = len(x) == len(y) and x[:4] == y[:4] and all(
        abs(float(u) - float(v)) <= 1e-9 * (1 + abs(float(v)))
        for u, v in zip(x[4:], y[4:]))
    if not ok and bad < 5:
        print('got %s, want %s' % (x, y))
    bad += not ok
EOF
}

sk='--mode=word --case=lower --norm=none --min-len=2'
# shellcheck disable=SC2086
match $sk -V "$tmp/sk.vocab" --features=qlen,dlen,cosine,bm25 \
    --precision=17 --no-header "$tmp/pairs.tsv" | cut -f1-6 >"$tmp/got.tsv"
expect_eq "cosine (TfidfVectorizer) and bm25 (Lucene) as scikit-learn's side computes them" \
    "" "$(compare "$tmp/got.tsv" "$tmp/expected.tsv")"
nonzero=$(awk -F '\t' '$5 > 0 && $6 > 0' "$tmp/got.tsv" | wc -l)
expect_eq "pairs that share a term (the comparison is not only of zeros)" \
    yes "$([ "$nonzero" -ge 20 ] && echo yes || echo "no: $nonzero")"

# The vocab tool's vocab, when it is built, gives the same cosine.
if command -v vocab >/dev/null 2>&1 && command -v tokenize >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	if tokenize $sk "$data/listings.tsv" | vocab --idf=smooth \
	    >"$tmp/tf.vocab" 2>"$tmp/vocab.err"; then
		# shellcheck disable=SC2086
		match $sk -V "$tmp/tf.vocab" --features=qlen,dlen,cosine,bm25 \
		    --precision=17 --no-header "$tmp/pairs.tsv" |
		    cut -f1-6 >"$tmp/got2.tsv"
		expect_eq "the same with the vocab tool's vocab" "" \
		    "$(compare "$tmp/got2.tsv" "$tmp/expected.tsv")"
	else
		echo "note: vocab --idf=smooth failed; its case skipped:" \
		    "$(head -n 1 "$tmp/vocab.err")"
	fi
fi

# --- svmlight read back by scikit-learn -------------------------------------------
match -V "$tmp/sk.vocab" --precision=17 --no-header "$tmp/pairs.tsv" \
    >"$tmp/all.tsv"
match -V "$tmp/sk.vocab" --precision=17 -F svmlight --label=5 \
    --names="$tmp/names.txt" -o "$tmp/train.svm" "$tmp/pairs.tsv"
res=$("$py" - "$tmp/train.svm" "$tmp/all.tsv" "$tmp/pairs.tsv" \
    "$tmp/names.txt" <<'EOF'
import sys
import numpy as np
from sklearn.datasets import load_svmlight_file
svm, tsv, pairs, names = sys.argv[1:5]
X, y, qid = load_svmlight_file(svm, query_id=True)
rows = [l.rstrip('\n').split('\t') for l in open(tsv)]
pr = [l.rstrip('\n').split('\t') for l in open(pairs)]
names = [l.rstrip('\n') for l in open(names)]
want = np.array([[float(v) for v in r[2:-1]] for r in rows])
first = {}
for r in pr:
    first.setdefault(r[0], len(first) + 1)
errs = []
if X.shape != want.shape:
    errs.append('shape %s, want %s' % (X.shape, want.shape))
elif not np.array_equal(X.toarray(), want):
    errs.append('values differ from the TSV output')
if len(names) != X.shape[1] or names[:3] != ['qlen', 'dlen', 'matched']:
    errs.append('names %s' % names)
if list(y) != [float(r[4]) for r in pr]:
    errs.append('labels differ')
if list(qid) != [first[r[0]] for r in pr]:
    errs.append('qids differ')
if any(np.diff(qid) < 0):
    errs.append('rows of a qid apart')
print('; '.join(errs))
EOF
)
expect_eq "svmlight read back by load_svmlight_file(query_id=True)" "" "$res"

finish
