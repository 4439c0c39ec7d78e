#!/usr/bin/python3
"""Compare per-document term counts from textfeat with scikit-learn.

usage: counts_sklearn.py MODE CORPUS TERMS
  MODE   word (CountVectorizer(ngram_range=(1,3))),
         char (analyzer='char', ngram_range=(2,4)) or
         char_wb (analyzer='char_wb', ngram_range=(3,5))
  CORPUS the docs file (id TAB text)
  TERMS  textfeat's terms (id TAB term TAB count) for the same corpus

Word n-grams are joined by '+' in textfeat and by ' ' in scikit-learn;
spaces inside character n-grams are U+2581 in textfeat.  Prints the rows
compared and equal; exits 1 on any difference, 77 without scikit-learn.
"""
import collections
import sys

try:
    from sklearn.feature_extraction.text import CountVectorizer
except ImportError:
    print("scikit-learn not available")
    sys.exit(77)


def main():
    mode, corpus, terms = sys.argv[1:4]
    ids, texts = [], []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            i, t = line.rstrip("\n").split("\t", 1)
            ids.append(i)
            texts.append(t)
    if mode == "word":
        cv = CountVectorizer(ngram_range=(1, 3))
    elif mode == "char":
        cv = CountVectorizer(analyzer="char", ngram_range=(2, 4))
    else:
        cv = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    analyze = cv.build_analyzer()

    ours = collections.defaultdict(collections.Counter)
    with open(terms, encoding="utf-8") as f:
        for line in f:
            i, term, count = line.rstrip("\n").split("\t")
            term = term.replace("+", " ") if mode == "word" \
                else term.replace("\u2581", " ")
            ours[i][term] += int(count)

    # The matrix too, so the comparison is with what fit_transform counts.
    X = cv.fit_transform(texts).tocsr()
    names = cv.get_feature_names_out()
    equal = 0
    bad = []
    for r, (i, t) in enumerate(zip(ids, texts)):
        row = X.getrow(r)
        ref = {names[c]: int(v) for c, v in zip(row.indices, row.data)}
        assert ref == dict(collections.Counter(analyze(t)))
        if ref == dict(ours.get(i, {})):
            equal += 1
        else:
            bad.append((i, t, ref, dict(ours.get(i, {}))))
    print("%s: %d rows compared, %d equal" % (mode, len(ids), equal))
    for i, t, ref, got in bad[:5]:
        print("  %s %r" % (i, t))
        print("    only sklearn: %r" % {k: v for k, v in ref.items()
                                        if got.get(k) != v})
        print("    only textfeat: %r" % {k: v for k, v in got.items()
                                         if ref.get(k) != v})
    sys.exit(0 if not bad else 1)


main()
