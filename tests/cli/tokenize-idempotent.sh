#!/bin/sh
# tokenize-idempotent.sh - the default analysis is idempotent (issue 11,
# tokenize(1) "Normalization"): tokenizing tokenize's output gives it back,
# on random Unicode text (letters and marks of many scripts, Greek with
# stacked combining marks, compatibility characters), for every
# normalization and case option; and in whitespace mode the tokens are
# NFKC(casefold(NFKC(text))) as ICU computes it, split on spaces.
. "${srcdir:-.}/tests/init.sh"

command -v tokenize >/dev/null 2>&1 || { echo "tokenize not on PATH" >&2; exit 99; }
py=${PYTHON_REF:-/usr/bin/python3}
"$py" -c 'import unicodedata' 2>/dev/null || { echo "no python3" >&2; exit 77; }

# 3000 lines of random text, seeded.
"$py" - >"$tmp/docs" <<'PY'
import random, unicodedata
r = random.Random(11)
ranges = [(0x41, 0x7a), (0xc0, 0x24f), (0x300, 0x36f), (0x370, 0x3ff),
          (0x1f00, 0x1fff), (0x400, 0x4ff), (0x590, 0x5ff), (0x600, 0x6ff),
          (0x900, 0x97f), (0x1e00, 0x1eff), (0x2100, 0x218f),
          (0x3040, 0x30ff), (0xac00, 0xac40), (0x1100, 0x11ff),
          (0xfb00, 0xfb4f), (0xff00, 0xffef), (0x1d400, 0x1d4ff)]
marks = [0x300, 0x301, 0x308, 0x313, 0x314, 0x316, 0x323, 0x327, 0x342,
         0x345, 0x1ab0]
for i in range(3000):
    s = []
    for k in range(r.randint(1, 30)):
        if r.random() < 0.15:
            s.append(' ')
            continue
        if r.random() < 0.3:
            s.append(chr(r.choice(marks)))
            continue
        lo, hi = r.choice(ranges)
        c = chr(r.randint(lo, hi))
        if unicodedata.category(c) in ('Cn', 'Cs', 'Co', 'Cc', 'Zs', 'Zl',
                                       'Zp') or c == '\\':
            continue
        s.append(c)
    print('d%d\t%s' % (i, ''.join(s)))
PY

for opts in "" "--mode=space" "--mode=word" "--norm=nfc" "--case=lower" \
    "--norm=nfkc --case=lower --strip-accents" "--norm=nfc --case=fold"; do
	tokenize --no-analysis-header $opts "$tmp/docs" >"$tmp/once"
	tokenize --no-analysis-header $opts "$tmp/once" >"$tmp/twice"
	expect_file "idempotent: tokenize $opts" "$tmp/once" "$tmp/twice"
done

# Whitespace mode against NFKC(casefold(NFKC(x))) computed with ICU
# (python3-icu; ICU 72 has Unicode 15.0, as utf8proc here).
if "$py" -c 'import icu' 2>/dev/null; then
	tokenize --no-analysis-header --mode=space "$tmp/docs" >"$tmp/space"
	"$py" - "$tmp/docs" >"$tmp/want" <<'PY'
import sys, icu
nfkc = icu.Normalizer2.getNFKCInstance()
N = lambda s: nfkc.normalize(s)
F = lambda s: str(icu.UnicodeString(s).foldCase())
for line in open(sys.argv[1], encoding='utf-8'):
    i, t = line.rstrip('\n').split('\t', 1)
    w = N(F(N(t))).replace('\\', '\\\\')
    print('%s\t%s' % (i, ' '.join(w.split())))
PY
	expect_file "whitespace mode is NFKC(casefold(NFKC(x))) (ICU)" \
	    "$tmp/want" "$tmp/space"
else
	echo "no python3-icu: the ICU reference is skipped"
fi
finish
