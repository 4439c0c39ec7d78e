#!/usr/bin/python3
"""xgbrank.py - train an XGBoost ranker (rank:ndcg) on match's svmlight
file and print NDCG@10 of the bm25 order and of the ranker, each query
scored by a model that did not see it (FOLDS-fold over the queries, query
i in fold i mod FOLDS).  The README's and `make demo`'s last step.

Usage: xgbrank.py TRAIN.svm GROUPS NAMES [FOLDS]
  TRAIN.svm  match -F svmlight --label-col=N output (label qid:Q i:v ...),
             the rows of each query together
  GROUPS     match --groups output: rows of each query, one count a line
             (checked against the qid column as XGBoost reads it)
  NAMES      match --names output: the feature names, one a line
NDCG@10: gain 2^grade - 1, discount log2(rank + 1), ties in score in row
order; queries without a graded row are left out.  Needs python3-xgboost.
"""
import math
import sys

import numpy as np
import xgboost as xgb


def ndcg_at(labels, scores, k=10):
    """NDCG@k of one query: gain 2^label - 1, discount log2(rank + 1);
    ties in score keep the input order.  None when no row is relevant."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    dcg = sum((2 ** labels[i] - 1) / math.log2(r + 2)
              for r, i in enumerate(order[:k]))
    ideal = sorted(labels, reverse=True)
    idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal[:k]))
    return dcg / idcg if idcg > 0 else None


def mean_ndcg(y, s, bounds):
    v = [ndcg_at(list(y[a:b]), list(s[a:b])) for a, b in bounds]
    v = [x for x in v if x is not None]
    return sum(v) / len(v)


def main():
    svm, groups_path, names_path = sys.argv[1:4]
    folds = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    names = open(names_path).read().split()
    counts = [int(x) for x in open(groups_path).read().split()]
    d = xgb.DMatrix(svm + "?format=libsvm", silent=True)
    X = d.get_data().toarray()[:, :len(names)]
    y = d.get_label()
    qid_groups = [int(g) for g in d.get_group()]
    if qid_groups != counts:
        sys.exit("xgbrank: the qid column and the groups file disagree")
    starts = np.cumsum([0] + counts)
    bounds = list(zip(starts[:-1], starts[1:]))
    bm25 = X[:, names.index("bm25")]
    pred = np.zeros(len(y))
    for f in range(folds):
        test = [i for i in range(len(bounds)) if i % folds == f]
        train = [i for i in range(len(bounds)) if i % folds != f]
        rows = lambda qs: np.concatenate([np.arange(*bounds[q]) for q in qs])
        tr = xgb.DMatrix(X[rows(train)], label=y[rows(train)])
        tr.set_group([counts[q] for q in train])
        model = xgb.train({"objective": "rank:ndcg", "eta": 0.1,
                           "max_depth": 3, "nthread": 1, "seed": 1},
                          tr, num_boost_round=50)
        te = rows(test)
        pred[te] = model.predict(xgb.DMatrix(X[te]))
    print("queries %d, pairs %d, features %d" % (len(counts), len(y),
                                                 len(names)))
    print("NDCG@10 bm25 order:     %.3f" % mean_ndcg(y, bm25, bounds))
    print("NDCG@10 XGBoost ranker: %.3f (rank:ndcg, %d-fold over the queries)"
          % (mean_ndcg(y, pred, bounds), folds))

main()
