#!/bin/sh
# trainers.sh - the real trainers read what vectorize and match write:
# XGBoost ranks (rank:ndcg) on match's svmlight with qid, its groups the
# queries; fastText learns the sample's categories from -F fasttext;
# liblinear's train reads vectorize's svmlight; scikit-learn's
# load_svmlight_file(query_id=True) reads every svmlight file.  A trainer
# that is not installed is skipped with a SKIP line (Debian: python3-xgboost,
# fasttext, liblinear-tools, python3-sklearn); all absent: exit 77.
. "${srcdir:-.}/tests/init.sh"

py=${PYTHON_REF:-/usr/bin/python3}
has_py() { [ -x "$py" ] && "$py" -c "import $1" 2>/dev/null; }
ran=0
data=$srcdir/data
cd "$tmp"

# The sample's pairs, as the README builds them, and the listings'
# categories.
tokenize "$data/listings.tsv" | vocab --idf=smooth -o listings.vocab
sort -t '	' -k1,1 "$data/listings.tsv" >listings.sorted
sort -t '	' -k1,1 "$data/queries.tsv" >queries.sorted
sort -t '	' -k2,2 "$data/labels.tsv" |
    join -t '	' -1 2 -2 1 -o 1.1,1.2,1.3,2.2 - listings.sorted |
    sort -t '	' -k1,1 |
    join -t '	' -o 1.1,2.2,1.2,1.4,1.3 - queries.sorted |
    sort -t '	' -k1,1 -k3,3 >pairs.tsv
join -t '	' listings.sorted "$data/categories.tsv" >cats.tsv
tokenize cats.tsv >cats.tok
# One category a listing (its first) for single-label trainers.
sed 's/,[^	]*$//' cats.tok >cat1.tok
nq=$(cut -f1 pairs.tsv | uniq | wc -l)
np=$(wc -l <pairs.tsv)
expect_eq "the sample: 16 queries, 128 pairs" "16 128" "$nq $np"

match -V listings.vocab -F svmlight --label=5 -o rank.svm pairs.tsv
vectorize -V listings.vocab --idf --label-col=3 --label-map=cats.map \
    --one-based -o cat1.svm cat1.tok
vectorize -V listings.vocab --idf --label-col=3 --label-map=cats.map \
    --id-comment -o catc.svm cat1.tok
vectorize -V listings.vocab --idf --label-col=3 --label-map=multi.map \
    -o multi.svm cats.tok
vectorize -F fasttext --label-col=3 -o cats.ft cats.tok

# --- scikit-learn ------------------------------------------------------
if has_py sklearn; then
	ran=1
	got=$("$py" - <<'PY'
from sklearn.datasets import load_svmlight_file
for f, kw in [("rank.svm", {}), ("cat1.svm", {"zero_based": False}),
              ("catc.svm", {}), ("multi.svm", {"multilabel": True})]:
    X, y, q = load_svmlight_file(f, query_id=True, **kw)
    classes = set(c for l in y for c in l) if kw.get("multilabel") else set(y)
    print(f, X.shape[0], len(set(q)), len(classes))
PY
	)
	expect_eq "load_svmlight_file(query_id=True) reads every file" \
	    "rank.svm 128 16 4
cat1.svm 66 0 8
catc.svm 66 0 8
multi.svm 66 0 9" "$got"
else
	echo "SKIP: scikit-learn (python3-sklearn) not installed"
fi

# --- XGBoost: rank:ndcg, a group per query -----------------------------
if has_py xgboost; then
	ran=1
	got=$("$py" - <<'PY'
import xgboost as xgb
d = xgb.DMatrix("rank.svm?format=libsvm")
groups = [int(g) for g in d.get_group()]
print(len(groups), sum(groups), min(groups), max(groups))
res = {}
xgb.train({"objective": "rank:ndcg", "eval_metric": "ndcg@10",
           "nthread": 1, "seed": 1, "max_depth": 3}, d, 20,
          evals=[(d, "train")], evals_result=res, verbose_eval=False)
ndcg = res["train"]["ndcg@10"]
print("improves" if ndcg[-1] > ndcg[0] or ndcg[0] == 1 else "flat",
      "good" if ndcg[-1] > 0.8 else "poor %g" % ndcg[-1])
PY
	)
	expect_eq "XGBoost: 16 groups of 8 rows, and it learns" "16 128 8 8
improves good" "$got"
else
	echo "SKIP: XGBoost (python3-xgboost) not installed"
fi

# --- fastText: supervised on -F fasttext, predicts the categories -------
if command -v fasttext >/dev/null 2>&1; then
	ran=1
	fasttext supervised -input cats.ft -output ft -epoch 50 -lr 1.0 \
	    -minCount 1 -loss ova -thread 1 -seed 1 -verbose 0 >/dev/null
	fasttext test ft.bin cats.ft 1 >ft.test
	p1=$(awk '$1 == "P@1" { print ($2 >= 0.9) ? "ok" : "low " $2 }' ft.test)
	expect_eq "fastText: P@1 on the sample" "ok" "$p1"
	n=$(fasttext predict ft.bin cats.ft 1 | grep -c '^__label__')
	expect_eq "fastText: a label predicted for every listing" 66 "$n"
else
	echo "SKIP: fastText (fasttext) not installed"
fi

# --- liblinear: train reads vectorize's svmlight --------------------------
if command -v liblinear-train >/dev/null 2>&1; then
	ran=1
	for f in cat1.svm catc.svm; do
		# liblinear's indices start at 1: catc.svm shifted by one.
		[ $f = catc.svm ] && vectorize -V listings.vocab --idf \
		    --label-col=3 --label-map=cats.map --one-based \
		    --id-comment -o $f cat1.tok
		liblinear-train -q $f ll.model >/dev/null ||
		    fail "liblinear-train $f"
		acc=$(liblinear-predict $f ll.model ll.pred |
		    sed -n 's/^Accuracy = \([0-9.]*\)%.*/\1/p')
		expect_eq "liblinear on $f: accuracy on the sample" ok \
		    "$(echo "$acc" | awk '{ print ($1 >= 90) ? "ok" : "low " $1 }')"
	done
else
	echo "SKIP: liblinear (liblinear-tools) not installed"
fi

[ $ran = 1 ] || { echo "SKIP: no trainer installed"; exit 77; }
finish
