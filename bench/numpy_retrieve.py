#!/usr/bin/python3
"""numpy_retrieve - the exhaustive scorer of bench/retrieve, in numpy/scipy.

Usage: bench/numpy_retrieve.py DOCS_TOK QUERIES_TOK K >rankings.tsv

DOCS_TOK and QUERIES_TOK are tokenize's output (id TAB space-separated
tokens, after its '#textfeat-analysis=' line).  Every document holding a
query term is scored with BM25 as retrieve and match compute it (Lucene's
idf ln(1 + (N - df + 0.5) / (df + 0.5)), k1 = 1.2, b = 0.75, no (k1 + 1)
factor): a sparse matrix of the documents' term weights, one sparse
product per query, then the K best by score, ties by document order.
Writes qid TAB id TAB rank TAB score (%.9g) as retrieve does, and on
stderr the CPU seconds of the queries alone (building the matrix is not
counted) and their rate: 'numpy: N queries, S CPU-s, Q q/s'.
"""
import sys
import time

import numpy as np
import scipy.sparse as sp

K1, B = 1.2, 0.75


def records(path):
    with open(path, encoding="utf-8", errors="surrogateescape",
              newline="\n") as f:
        for line in f:
            if line.startswith("#textfeat-analysis="):
                continue
            parts = line.rstrip("\n").split("\t")
            toks = parts[1].split(" ") if len(parts) > 1 and parts[1] else []
            yield parts[0], toks


def main():
    docs_path, q_path, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    vocab = {}
    ids, indptr, indices, counts, lens = [], [0], [], [], []
    for did, toks in records(docs_path):
        ids.append(did)
        tf = {}
        for t in toks:
            j = vocab.setdefault(t, len(vocab))
            tf[j] = tf.get(j, 0) + 1
        for j in sorted(tf):
            indices.append(j)
            counts.append(tf[j])
        indptr.append(len(indices))
        lens.append(len(toks))
    n = len(ids)
    dl = np.asarray(lens, dtype=np.float64)
    avgdl = dl.sum() / n if n else 0.0
    norm = K1 * (1 - B + B * (dl / avgdl if avgdl > 0 else 1.0))
    indptr = np.asarray(indptr, dtype=np.int64)
    tf = np.asarray(counts, dtype=np.float64)
    rows = np.repeat(np.arange(n), np.diff(indptr))
    x = sp.csr_matrix((tf / (tf + norm[rows]), np.asarray(indices),
                       indptr), shape=(n, len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab)).astype(np.float64)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    xt = x.T.tocsr()             # a row per term
    queries = list(records(q_path))

    out = sys.stdout
    lines = []
    t0 = time.process_time()
    for qid, toks in queries:
        cnt = {}
        for t in toks:
            j = vocab.get(t)
            if j is not None:
                cnt[j] = cnt.get(j, 0) + 1
        if not cnt:
            continue
        terms = np.fromiter(cnt.keys(), dtype=np.int64, count=len(cnt))
        w = np.fromiter(cnt.values(), dtype=np.float64,
                        count=len(cnt)) * idf[terms]
        s = sp.csr_matrix(w[None, :]) @ xt[terms]
        docs, sc = s.indices, s.data
        if len(sc) > k:
            part = np.argpartition(-sc, k - 1)[:k]
            # every document tied with the k-th score competes by order
            kth = sc[part].min()
            part = np.flatnonzero(sc >= kth)
            docs, sc = docs[part], sc[part]
        order = np.lexsort((docs, -sc))[:k]
        for r, i in enumerate(order, 1):
            lines.append("%s\t%s\t%d\t%.9g\n" % (qid, ids[docs[i]], r, sc[i]))
    t1 = time.process_time()
    out.writelines(lines)
    nq = len(queries)
    sys.stderr.write("numpy: %d queries, %.2f CPU-s, %.0f q/s\n"
                     % (nq, t1 - t0, nq / (t1 - t0) if t1 > t0 else 0))


if __name__ == "__main__":
    main()
