#!/usr/bin/python3
"""retrieve_ref.py - the exhaustive reference retrieve(1) is checked against.

Usage: retrieve_ref.py DOC_TOKENS QUERY_TOKENS K [bm25|tfidf] [ALLOW]
    [--k1=X] [--b=X] [--exclude-self]

DOC_TOKENS and QUERY_TOKENS are tokenize(1) output (id TAB tokens).  Every
document is scored against every query, by BM25 as match(1) computes it
(Lucene's idf, the query's distinct terms in order of first occurrence,
each weighed by its count) or by the cosine of scikit-learn's tf-idf
vectors (smooth idf, l2 norms); the K best documents with a score above 0,
ties by document order, are printed as qid TAB lid TAB rank TAB score
(score with 9 significant digits).
"""
import math
import sys
from collections import Counter, OrderedDict


def read(path):
    rows = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            if line.startswith("#textfeat-analysis="):
                continue
            line = line.rstrip("\n")
            parts = line.split("\t")
            toks = parts[1].split() if len(parts) > 1 else []
            rows.append((parts[0], toks))
    return rows


def fmt(v):
    if v == int(v) and abs(v) < 2**53:
        return str(int(v))
    return "%.9g" % v


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) if "=" in a else (a[2:], "1")
                for a in sys.argv[1:] if a.startswith("--"))
    docs, queries, k = read(args[0]), read(args[1]), int(args[2])
    kind = args[3] if len(args) > 3 else "bm25"
    allow = None
    if len(args) > 4:
        with open(args[4], encoding="utf-8") as f:
            allow = set(line.rstrip("\n") for line in f)
    k1, b = float(opts.get("k1", 1.2)), float(opts.get("b", 0.75))
    n = len(docs)
    tokens = sum(len(t) for _, t in docs)
    avgdl = tokens / n if n else 0.0
    df = Counter()
    counts = []
    for _, toks in docs:
        c = Counter(toks)
        counts.append(c)
        df.update(c.keys())
    if kind == "tfidf":
        idf = {t: math.log((1.0 + n) / (1.0 + d)) + 1.0 for t, d in df.items()}
        dnorm = []
        for c in counts:
            ss = 0.0
            for t in sorted(c, key=lambda x: x.encode()):
                v = c[t]
                ss += (v * idf[t]) * (v * idf[t])
            dnorm.append(math.sqrt(ss))
    else:
        idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5))
               for t, d in df.items()}
    out = sys.stdout
    for qid, qtoks in queries:
        q = OrderedDict()
        for t in qtoks:
            q[t] = q.get(t, 0) + 1
        terms = [(t, c) for t, c in q.items() if t in df]
        scored = []
        if kind == "tfidf":
            w = [(t, c * idf[t]) for t, c in terms]
            qn = math.sqrt(sum(x * x for _, x in w))
        for i, (lid, _) in enumerate(docs):
            c = counts[i]
            if allow is not None and lid not in allow:
                continue
            if "exclude-self" in opts and lid == qid:
                continue
            if kind == "tfidf":
                dot, hit = 0.0, False
                for t, x in w:
                    if c[t]:
                        dot += x * c[t] * idf[t]
                        hit = True
                if not hit:
                    continue
                s = dot / (qn * dnorm[i]) if qn > 0 and dnorm[i] > 0 else 0.0
                s = min(s, 1.0)
            else:
                dl = len(docs[i][1])
                ratio = dl / avgdl if avgdl > 0 else 1.0
                norm = k1 * (1 - b + b * ratio)
                s, hit = 0.0, False
                for t, qc in terms:
                    tf = c[t]
                    if tf:
                        s += qc * idf[t] * tf / (tf + norm)
                        hit = True
                if not hit:
                    continue
            scored.append((-s, i, lid, s))
        scored.sort()
        for r, (_, _, lid, s) in enumerate(scored[:k], 1):
            out.write("%s\t%s\t%d\t%s\n" % (qid, lid, r, fmt(s)))


main()
