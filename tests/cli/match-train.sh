#!/bin/sh
# match-train.sh - the real trainers read match's ranking files: XGBoost
# and scikit-learn read its svmlight (qid, the id comment), their groups
# are the queries and agree with --groups (LightGBM's .query file) and
# --ids; XGBoost trains rank:ndcg on the sample's graded pairs through
# data/xgbrank.py (the README's and make demo's last step); -F vw lines
# have VW's shape.  A trainer that is not installed is skipped with a SKIP
# line (Debian: python3-sklearn, python3-xgboost); both absent: exit 77.
. "${srcdir:-.}/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
has_py() { [ -x "$py" ] && "$py" -c "import $1" 2>/dev/null; }
data=$(cd "$srcdir/data" && pwd)
cd "$tmp"

# The sample's graded pairs, as the README builds them; queries kept
# together, and a copy whose query Q003 comes back after the others (its
# rows apart: two groups).
tokenize "$data/listings.tsv" | vocab --idf=smooth -o listings.vocab
awk -F '\t' -v OFS='\t' 'FILENAME ~ /queries/ { q[$1] = $2; next }
    FILENAME ~ /listings/ { l[$1] = $2; next }
    { print $1, q[$1], $2, l[$2], $3 }' \
    "$data/queries.tsv" "$data/listings.tsv" "$data/labels.tsv" >graded.tsv
{ cat graded.tsv; grep '^Q003	' graded.tsv | head -n 2; } >apart.tsv
m() { match -V listings.vocab --label-col=5 "$@"; }
m -F svmlight --groups=g.query --ids=g.ids --names=g.names -o g.svm graded.tsv
m -F svmlight --id-comment -o gc.svm graded.tsv
m -F svmlight --groups=a.query --id-comment -o a.svm apart.tsv 2>a.err
m -F vw -o g.vw graded.tsv
cut -d' ' -f1,3- g.svm >g.lgb

# What the files say without a trainer.
expect_eq "one group per query, in order" \
    "$(cut -f1 graded.tsv | uniq -c | awk '{ print $1 }')" "$(cat g.query)"
expect_eq "--ids: qid TAB lid of every row" \
    "$(cut -f1,3 graded.tsv)" "$(cat g.ids)"
expect_eq "--id-comment: the same ids on the rows" \
    "$(cat g.ids)" "$(sed 's/^[^#]* # //' gc.svm)"
expect_eq "--id-comment: the rows otherwise the same" \
    "$(cat g.svm)" "$(sed 's/ # .*//' gc.svm)"
expect_eq "a qid apart: a group per run" "8 8 8 8 8 8 8 8 8 8 8 8 8 8 8 8 2" \
    "$(paste -sd' ' a.query)"
expect_eq "a qid apart: one warning" 1 "$(grep -c 'not contiguous' a.err)"

ran=0
# --- scikit-learn -------------------------------------------------------
if has_py sklearn; then
	ran=1
	got=$("$py" - <<'PY'
from sklearn.datasets import load_svmlight_file
import numpy as np
X, y, q = load_svmlight_file("g.svm", query_id=True)
Xc, yc, qc = load_svmlight_file("gc.svm", query_id=True, n_features=X.shape[1])
print("same with the comment:", (X != Xc).nnz == 0 and (y == yc).all() and (q == qc).all())
runs = [1 + int(i) for i in np.flatnonzero(np.diff(q))]
sizes = np.diff([0] + runs + [len(q)])
print("qid runs = groups:", list(sizes) == [int(x) for x in open("g.query")])
print("rows, features, queries:", X.shape[0], X.shape[1], len(set(q)))
PY
	)
	expect_eq "scikit-learn reads match's svmlight (query_id=True)" \
"same with the comment: True
qid runs = groups: True
rows, features, queries: 128 12 16" "$got"
else
	echo "SKIP: scikit-learn (python3-sklearn) not installed"
fi

# --- XGBoost --------------------------------------------------------------
if has_py xgboost; then
	ran=1
	got=$("$py" - <<'PY'
import numpy as np
import xgboost as xgb
groups = [int(x) for x in open("g.query")]
d = xgb.DMatrix("g.svm?format=libsvm", silent=True)
dc = xgb.DMatrix("gc.svm?format=libsvm", silent=True)
da = xgb.DMatrix("a.svm?format=libsvm", silent=True)
print("groups from qid = --groups:", [int(g) for g in d.get_group()] == groups)
print("the comment skipped:", [int(g) for g in dc.get_group()] == groups and
      (d.get_data() != dc.get_data()).nnz == 0)
print("apart:", [int(g) for g in da.get_group()] == [int(x) for x in open("a.query")])
# LightGBM's way: no qid column, the group sizes from the side file.
dl = xgb.DMatrix("g.lgb?format=libsvm", silent=True)
dl.set_group(groups)
p = {"objective": "rank:ndcg", "eval_metric": "ndcg@10", "nthread": 1,
     "seed": 1, "max_depth": 3}
r1, r2 = {}, {}
m1 = xgb.train(p, d, 20, evals=[(d, "t")], evals_result=r1, verbose_eval=False)
m2 = xgb.train(p, dl, 20, evals=[(dl, "t")], evals_result=r2, verbose_eval=False)
print("qid and group file train alike:", r1 == r2 and
      np.allclose(m1.predict(d), m2.predict(dl)))
print("learns:", r1["t"]["ndcg@10"][-1] > r1["t"]["ndcg@10"][0])
PY
	)
	expect_eq "XGBoost: rank:ndcg, groups = the queries" \
"groups from qid = --groups: True
the comment skipped: True
apart: True
qid and group file train alike: True
learns: True" "$got"
	"$data/xgbrank.py" g.svm g.query g.names >rank.out ||
	    fail "data/xgbrank.py failed"
	got=$(awk '/^NDCG@10/ { v = $(NF > 3 && $3 == "ranker:" ? 4 : NF)
		print (v > 0 && v <= 1) ? "ok" : "bad " $0 }' rank.out)
	expect_eq "xgbrank.py: two NDCG@10 in (0, 1]" "ok
ok" "$got"
else
	echo "SKIP: XGBoost (python3-xgboost) not installed"
fi

# --- VW's shape (no VW in Debian): label 'tag |q ... |l ... |f name:v ... -
got=$(awk -v nf="$(wc -l <g.names)" '
	{ ok = $1 ~ /^-?[0-9.]+$/ && $2 ~ /^\x27Q[0-9]+:L[0-9]+$/ && $3 == "|q"
	  nl = 0; nff = 0; ns = ""
	  for (i = 4; i <= NF; i++) {
		if ($i ~ /^\|/) { ns = $i; nl += ns == "|l"; continue }
		if (ns == "|f") { nff++; ok = ok && $i ~ /^[a-z0-9_]+:-?[0-9.e+-]+$/ }
		else if (ns != "|l") ok = ok && $i !~ /[|: ]/
	  }
	  if (!ok || nl != 1 || nff != nf) { print "bad: " $0; exit } }
	END { print NR }' g.vw)
expect_eq "-F vw: one well-formed line per pair" 128 "$got"

[ $ran = 1 ] || { echo "SKIP: no trainer installed"; exit 77; }
finish
