#!/usr/bin/env python3
"""Compare vocab files with scikit-learn (tests/parity/vocab.sh).

Usage: vocab_sklearn.py CORPUS SPEC...
       vocab_sklearn.py --clean-k CORPUS K [PARAM=VALUE,...]

CORPUS is a docs file (id TAB text); the texts are unescaped as tokenize
unescapes them.  Each SPEC is FILE[:PARAM=VALUE,...]: a vocab that

    tokenize --mode=word --case=lower --norm=none --min-len=2 CORPUS |
        ngrams -n 1:3 | vocab [OPTIONS]

wrote, and the CountVectorizer parameters the OPTIONS stand for (min_df,
max_df, max_features; a value with a decimal point is a float, as in
vocab).  For each, CountVectorizer(ngram_range=(1, 3), PARAMS) is fitted
on the texts and compared with the file:

  - #docs is the number of documents, #tokens the sum of the unpruned
    count matrix;
  - the terms, in order, are vocabulary_ sorted by index (n-gram words
    joined by '+' in the file, by ' ' in scikit-learn);
  - df is the number of non-zero entries of each column of the matrix,
    cf the column sum;
  - with #idf smooth or plain, the idf column equals TfidfVectorizer's
    idf_ (smooth_idf True or False) within 1e-9 relative.

scikit-learn picks max_features with numpy's unstable argsort, so terms of
equal cf at the boundary may go either way; vocab keeps the first in byte
order, as a stable sort would.  The file is compared with that stable
choice, and with scikit-learn's own vocabulary when the boundary has no
tie.  Prints one line per SPEC; exits 1 when anything differs.

With --clean-k, prints the least max_features of at least K whose
boundary has no tie (after the other PARAMS), for a comparison that
scikit-learn's sort cannot blur.
"""
import sys

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

ESC = {'t': '\t', 'n': '\n', 'r': '\r', '\\': '\\'}


def unescape(s):
    if '\\' not in s:
        return s
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s) and s[i + 1] in ESC:
            out.append(ESC[s[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_docs(path):
    docs = []
    with open(path, encoding='utf-8', newline='\n') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.endswith('\r'):
                line = line[:-1]
            cols = line.split('\t')
            docs.append(unescape(cols[1]) if len(cols) > 1 else '')
    return docs


def read_vocab(path):
    head, rows = {}, []
    with open(path, encoding='utf-8', newline='\n') as f:
        lines = f.read().split('\n')
    assert lines[-1] == '', 'no final newline'
    lines.pop()
    i = 0
    while True:
        key, _, value = lines[i].partition('\t')
        head[key] = value
        i += 1
        if key == '#idf':
            break
    for line in lines[i:]:
        cols = line.split('\t')
        rows.append((unescape(cols[0]), int(cols[1]), int(cols[2]),
                     float(cols[3]) if len(cols) > 3 else None))
    return head, rows


def param(value):
    return float(value) if '.' in value else int(value)


def parse_params(text):
    params = {}
    for kv in filter(None, text.split(',')):
        k, _, v = kv.partition('=')
        params[k] = param(v)
    return params


def clean_k(corpus, k, ptext):
    X = CountVectorizer(ngram_range=(1, 3), **parse_params(ptext)) \
        .fit_transform(read_docs(corpus))
    tfs = np.sort(np.asarray(X.sum(axis=0)).ravel())[::-1]
    while k < len(tfs) and tfs[k - 1] == tfs[k]:
        k += 1
    print(k)
    return 0


def main():
    if sys.argv[1] == '--clean-k':
        return clean_k(sys.argv[2], int(sys.argv[3]),
                       sys.argv[4] if len(sys.argv) > 4 else '')
    corpus, specs = sys.argv[1], sys.argv[2:]
    docs = read_docs(corpus)
    full = CountVectorizer(ngram_range=(1, 3)).fit_transform(docs)
    total_tokens = int(full.sum())
    bad = 0
    for spec in specs:
        path, _, ptext = spec.partition(':')
        params = parse_params(ptext)
        head, rows = read_vocab(path)
        name = path.rsplit('/', 1)[-1]
        problems = []

        cv = CountVectorizer(ngram_range=(1, 3), **params)
        X = cv.fit_transform(docs).tocsc()
        sk_terms = [t for t, _ in sorted(cv.vocabulary_.items(),
                                         key=lambda kv: kv[1])]
        sk_df = np.diff(X.indptr)
        sk_cf = np.asarray(X.sum(axis=0)).ravel()
        ours = [r[0].replace('+', ' ') for r in rows]

        if int(head['#docs']) != len(docs):
            problems.append('#docs %s, expected %d' % (head['#docs'],
                                                       len(docs)))
        if int(head['#tokens']) != total_tokens:
            problems.append('#tokens %s, expected %d' % (head['#tokens'],
                                                         total_tokens))

        ties = ''
        if 'max_features' in params:
            # The stable choice: scikit-learn's steps with a stable sort.
            k = params['max_features']
            base = dict(params)
            del base['max_features']
            cvb = CountVectorizer(ngram_range=(1, 3), **base)
            Xb = cvb.fit_transform(docs)
            bterms = [t for t, _ in sorted(cvb.vocabulary_.items(),
                                           key=lambda kv: kv[1])]
            tfs = np.asarray(Xb.sum(axis=0)).ravel()
            order = np.argsort(-tfs, kind='stable')
            keep = sorted(order[:k])
            stable = [bterms[i] for i in keep]
            if len(order) > k and tfs[order[k - 1]] == tfs[order[k]]:
                ties = ', tie at the max_features boundary (cf %d)' % \
                    tfs[order[k]]
                nsk = len(set(sk_terms) ^ set(stable)) // 2
                ties += '; scikit-learn chose %d other term%s' % (
                    nsk, '' if nsk == 1 else 's')
            elif stable != sk_terms:
                problems.append('scikit-learn and the stable choice '
                                'differ without a tie')
            if ours != stable:
                problems.append('terms differ from the stable choice')
            ref_terms = stable
        else:
            ref_terms = sk_terms

        equal_terms = sum(1 for a, b in zip(ours, ref_terms) if a == b)
        if ours != ref_terms:
            problems.append('terms differ: %d of %d, %d expected' % (
                equal_terms, len(ours), len(ref_terms)))
            for a, b in zip(ours, ref_terms):
                if a != b:
                    problems.append('first difference: %r vs %r' % (a, b))
                    break
        # df and cf by term (so that a tie choice does not hide them).
        col = cv.vocabulary_
        counts_equal = 0
        for t, df, cf, _ in rows:
            t = t.replace('+', ' ')
            if t in col:
                j = col[t]
                if sk_df[j] == df and sk_cf[j] == cf:
                    counts_equal += 1
            elif 'max_features' in params:
                # A tie choice: check against the unpruned counts.
                j = cvb.vocabulary_.get(t)
                if j is not None and int((Xb[:, j] > 0).sum()) == df and \
                        int(Xb[:, j].sum()) == cf:
                    counts_equal += 1
        if counts_equal != len(rows):
            problems.append('df/cf differ for %d terms' %
                            (len(rows) - counts_equal))

        idf_note = ''
        kind = head['#idf']
        if kind in ('smooth', 'plain'):
            tv = TfidfVectorizer(ngram_range=(1, 3),
                                 smooth_idf=(kind == 'smooth'), **params)
            tv.fit(docs)
            idf = dict(zip((t for t, _ in sorted(tv.vocabulary_.items(),
                                                 key=lambda kv: kv[1])),
                           tv.idf_))
            worst, compared = 0.0, 0
            for t, df, _, v in rows:
                t = t.replace('+', ' ')
                if t not in idf:
                    continue
                compared += 1
                rel = abs(v - idf[t]) / abs(idf[t])
                worst = max(worst, rel)
            if compared != len(rows) and 'max_features' not in params:
                problems.append('idf: %d of %d terms compared' %
                                (compared, len(rows)))
            if worst > 1e-9:
                problems.append('idf relative difference %.3g' % worst)
            idf_note = ', idf %s: %d compared, max relative difference ' \
                '%.3g' % (kind, compared, worst)

        status = 'ok' if not problems else 'FAIL'
        print('%s %s: %d terms compared, %d equal in order, %d with equal '
              'df and cf%s%s' % (status, name, len(ref_terms), equal_terms,
                                 counts_equal, idf_note, ties))
        for p in problems:
            print('  ' + p)
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
