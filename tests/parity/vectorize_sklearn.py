#!/usr/bin/python3
"""vectorize_sklearn.py - vectorize against scikit-learn, row by row.

usage: vectorize_sklearn.py CORPUS WORKDIR [VOCAB_CMD]

CORPUS is a docs file (id TAB text); a label and a query id are added to
each document, for the svmlight output.  The textfeat side runs, through
the shell, with the tools on PATH:

    tokenize --mode=word --case=lower --norm=none --min-len=2 CORPUS
        (scikit-learn's token_pattern r"(?u)\\b\\w\\w+\\b" and lowercase)
    | ngrams -n 1:2                       (word 1- and 2-grams, joined by +)
    | vectorize ...

and the vocabs come from VOCAB_CMD, a shell command reading tokens on
stdin and writing a vocab, with the string IDF in it replaced by none,
smooth or plain (default: vocab --idf=IDF).  The scikit-learn side reads the same texts.  For every
case, every row must have the same non-zero indices, and values within
1e-6 relative.  Bigrams are joined by ' ' in scikit-learn and by '+' in
textfeat: the vocabularies are compared with that mapping (their orders
agree, since neither character can be in a \\w token and both sort before
every \\w character), and the hashing cases with 2-grams give
HashingVectorizer its own analyzer's n-grams joined by '+'.

Prints, per case and in total: rows compared, rows equal, largest relative
difference.  Exit status 0 when every row is equal, 1 otherwise.
"""
import os
import subprocess
import sys

import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.feature_extraction.text import (CountVectorizer,
                                             HashingVectorizer,
                                             TfidfVectorizer)

TOL = 1e-6
ESC = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == '\\' and i + 1 < len(s) and s[i + 1] in ESC:
            out.append(ESC[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)


LABELS = ('1', '-1', '0', '2.5')


def read_corpus(path, labeled):
    """The documents of path (id TAB text); writes them to labeled with a
    label and a query id added (id TAB text TAB label TAB qid)."""
    ids, texts, labels, qids = [], [], [], []
    with open(path, encoding='utf-8', newline='\n') as f, \
            open(labeled, 'w', encoding='utf-8', newline='\n') as o:
        for i, line in enumerate(f):
            p = line.rstrip('\n').split('\t')
            ids.append(p[0])
            texts.append(unescape(p[1]) if len(p) > 1 else '')
            labels.append(float(LABELS[i % 4]))
            qids.append(i // 10)
            o.write('%s\t%s\t%s\t%d\n' % (p[0], p[1] if len(p) > 1 else '',
                                          LABELS[i % 4], i // 10))
    return ids, texts, np.array(labels), np.array(qids)


def vocab_terms(path):
    """The terms of a vocab file, by row."""
    terms, head = [], True
    with open(path, encoding='utf-8', newline='\n') as f:
        for line in f:
            if head:
                head = not line.startswith('#idf\t')
                continue
            terms.append(unescape(line.rstrip('\n').split('\t')[0]))
    return terms


def sh(cmd):
    r = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode('utf-8', 'replace'))
        raise SystemExit('command failed (%d): %s' % (r.returncode, cmd))
    return r.stdout.decode('utf-8')


def read_triplets(text, ids):
    """Rows (dicts index -> value) in the order of ids."""
    pos = {d: i for i, d in enumerate(ids)}
    rows = [dict() for _ in ids]
    for line in text.splitlines():
        d, i, v = line.split('\t')
        rows[pos[d]][int(i)] = float(v)
    return rows


def sk_rows(X):
    X = X.tocsr().copy()
    X.eliminate_zeros()
    X.sort_indices()
    rows = []
    for r in range(X.shape[0]):
        a, b = X.indptr[r], X.indptr[r + 1]
        rows.append(dict(zip(X.indices[a:b].tolist(),
                             X.data[a:b].tolist())))
    return rows


class Tally:
    def __init__(self):
        self.cases = self.failed = self.rows = self.equal = 0
        self.worst = 0.0

    def compare(self, name, ours, theirs):
        assert len(ours) == len(theirs), name
        equal, worst, first_bad = 0, 0.0, None
        for r, (a, b) in enumerate(zip(ours, theirs)):
            ok = set(a) == set(b)
            for k in set(a) & set(b):
                x, y = a[k], b[k]
                m = max(abs(x), abs(y))
                d = abs(x - y) / m if m > 0 else 0.0
                worst = max(worst, d)
                ok = ok and d <= TOL
            if ok:
                equal += 1
            elif first_bad is None:
                first_bad = r
        n = len(ours)
        print('%-44s rows compared %d, rows equal %d, largest relative '
              'difference %.3g' % (name, n, equal, worst))
        if first_bad is not None:
            a, b = ours[first_bad], theirs[first_bad]
            print('  first differing row %d:\n    textfeat %s\n    sklearn  %s'
                  % (first_bad, sorted(a.items())[:8],
                     sorted(b.items())[:8]))
            self.failed += 1
        self.cases += 1
        self.rows += n
        self.equal += equal
        self.worst = max(self.worst, worst)


def main():
    corpus, work = sys.argv[1], sys.argv[2]
    vocab_cmd = sys.argv[3] if len(sys.argv) > 3 else None
    labeled = os.path.join(work, 'corpus.tsv')
    ids, texts, labels, qids = read_corpus(corpus, labeled)
    tok = os.path.join(work, 'corpus.tok')
    tok1 = os.path.join(work, 'corpus1.tok')
    sh('tokenize --mode=word --case=lower --norm=none --min-len=2 %s >%s'
       % (labeled, tok1))
    sh('ngrams -n 1:2 %s >%s' % (tok1, tok))
    if vocab_cmd is None:
        vocab_cmd = 'vocab --idf=IDF'
    vocab = {}
    for kind in ('none', 'smooth', 'plain'):
        vocab[kind] = os.path.join(work, 'vocab-%s.tsv' % kind)
        sh('%s <%s >%s' % (vocab_cmd.replace('IDF', kind), tok,
                           vocab[kind]))

    def vec(opts, src=tok):
        return read_triplets(sh('vectorize -q -F triplet %s %s'
                                % (opts, src)), ids)

    t = Tally()

    # The vocabulary: CountVectorizer's, in the same order.
    cv = CountVectorizer(ngram_range=(1, 2))
    Xc = cv.fit_transform(texts)
    sk_terms = sorted(cv.vocabulary_, key=cv.vocabulary_.get)
    ours = vocab_terms(vocab['none'])
    mapped = [w.replace('+', ' ') for w in ours]
    same_vocab = mapped == sk_terms
    print('%-44s %d terms, %d in scikit-learn: %s' % (
        'vocabulary (CountVectorizer 1..2-grams)', len(ours),
        len(sk_terms), 'same terms, same order' if same_vocab else
        'DIFFERENT'))
    if not same_vocab:
        only = sorted(set(mapped) ^ set(sk_terms))[:10]
        print('  differing terms: %r' % only)
        t.failed += 1

    # CountVectorizer with the vocab.
    t.compare('CountVectorizer', vec('-V %s' % vocab['none']), sk_rows(Xc))
    t.compare('CountVectorizer binary=True',
              vec('-V %s --weight=binary' % vocab['none']),
              sk_rows(CountVectorizer(ngram_range=(1, 2), binary=True)
                      .fit_transform(texts)))
    # A vocabulary given to CountVectorizer: every third term; the others
    # are out of vocabulary and dropped.
    sub = os.path.join(work, 'vocab-sub.tsv')
    with open(vocab['none'], encoding='utf-8') as f, \
            open(sub, 'w', encoding='utf-8') as o:
        head, k, kept = True, 0, []
        for line in f:
            if head:
                o.write(line)
                head = not line.startswith('#idf\t')
                continue
            if k % 3 == 0:
                o.write(line)
                kept.append(mapped[k])
            k += 1
    t.compare('CountVectorizer(vocabulary=every 3rd term)',
              vec('-V %s' % sub),
              sk_rows(CountVectorizer(ngram_range=(1, 2), vocabulary=kept)
                      .transform(texts)))

    # TfidfVectorizer: smooth_idf, sublinear_tf, norm.
    for smooth in (True, False):
        v = vocab['smooth' if smooth else 'plain']
        for sublinear in (False, True):
            for norm in ('l2', 'l1', None):
                tv = TfidfVectorizer(ngram_range=(1, 2), smooth_idf=smooth,
                                     sublinear_tf=sublinear, norm=norm)
                opts = '-V %s --idf --norm=%s%s' % (
                    v, norm or 'none', ' --weight=log' if sublinear else '')
                t.compare('TfidfVectorizer(smooth_idf=%s, sublinear_tf=%s, '
                          'norm=%s)' % (smooth, sublinear, norm),
                          vec(opts), sk_rows(tv.fit_transform(texts)))

    # HashingVectorizer(n_features=2**18): unigrams with its own analyzer,
    # and 1..2-grams with its analyzer's n-grams joined by '+'.
    base = HashingVectorizer(ngram_range=(1, 2)).build_analyzer()

    def plus_ngrams(doc):
        return [g.replace(' ', '+') for g in base(doc)]

    for grams, src, kw in (('1', tok1, {}),
                           ('1..2', tok, {'analyzer': plus_ngrams})):
        for sign in (True, False):
            for norm in ('l2', 'l1', None):
                hv = HashingVectorizer(n_features=2 ** 18,
                                       alternate_sign=sign, norm=norm, **kw)
                opts = '--hash=262144 --norm=%s%s' % (
                    norm or 'none', '' if sign else ' --no-sign')
                t.compare('HashingVectorizer(%s-grams, alternate_sign=%s, '
                          'norm=%s)' % (grams, sign, norm),
                          vec(opts, src), sk_rows(hv.transform(texts)))
    t.compare('HashingVectorizer(1-grams, binary=True, norm=None)',
              vec('--hash=262144 --weight=binary --norm=none', tok1),
              sk_rows(HashingVectorizer(n_features=2 ** 18, binary=True,
                                        norm=None).transform(texts)))

    # All 17 digits: the values are scikit-learn's to a few ulps.
    t.compare('TfidfVectorizer() at --precision=17',
              vec('-V %s --idf --precision=17' % vocab['smooth']),
              sk_rows(TfidfVectorizer(ngram_range=(1, 2))
                      .fit_transform(texts)))

    # svmlight read back: the TfidfVectorizer matrix, the labels, the qids.
    svm = os.path.join(work, 'tfidf.svm')
    sh('vectorize -q -V %s --idf --label-col=3 --qid-col=4 -o %s %s'
       % (vocab['smooth'], svm, tok))
    Xs, y, q = load_svmlight_file(svm, zero_based=True, query_id=True,
                                  n_features=len(ours))
    Xt = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    t.compare('svmlight read back = TfidfVectorizer()', sk_rows(Xs),
              sk_rows(Xt))
    if Xs.shape != Xt.shape or not np.array_equal(y, labels) or \
            not np.array_equal(q, qids):
        print('svmlight read back: shape %r vs %r, labels %s, qids %s' % (
            Xs.shape, Xt.shape, np.array_equal(y, labels),
            np.array_equal(q, qids)))
        t.failed += 1
    else:
        print('%-44s shape %r, labels and qids equal' % (
            'svmlight read back', Xs.shape))

    print('total: %d cases, rows compared %d, rows equal %d, largest '
          'relative difference %.3g' % (t.cases, t.rows, t.equal, t.worst))
    if t.failed:
        print('FAILED: %d case(s)' % t.failed)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
