#!/bin/sh
# vocab-rules.sh - one set of rules for every reader of a vocab (issue 11):
# vectorize -V, match -V and vocab --merge refuse the same files with the
# same message and file:line, exit 1, and write no output.
. "${srcdir:-.}/tests/init.sh"

for t in vocab vectorize match; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

head='#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n#analysis\t\n#pruning\tnone\n'
printf 'd1\tred shoe\n' >"$tmp/in.tok"
printf 'q\tred\tl\tred shoe\n' >"$tmp/in.pairs"

# bad NAME LINE MESSAGE CONTENT: every reader refuses CONTENT with MESSAGE
# at LINE.
bad() {
	name=$1 line=$2 msg=$3
	printf "$4" >"$tmp/$name.vocab"
	for cmd in "vocab --merge -o out $name.vocab" \
	    "vectorize -V $name.vocab -o out in.tok" \
	    "match -V $name.vocab --features=bm25 -o out in.pairs"; do
		tool=${cmd%% *}
		rm -f "$tmp/out"
		set +e
		(cd "$tmp" && $cmd) >"$tmp/stdout" 2>"$tmp/stderr"
		rc=$?
		set -e
		expect_eq "$name: $tool: status" 1 "$rc"
		expect_eq "$name: $tool: message" \
		    "$tool: $name.vocab:$line: $msg" "$(cat "$tmp/stderr")"
		checks=$((checks + 1))
		[ ! -e "$tmp/out" ] || fail "$name: $tool: wrote output"
	done
}

# Header keys: unknown, repeated, out of range, bad syntax.
bad unknown-key 2 "unknown vocab header key '#future'" \
    '#textfeat-vocab\t1\n#future\tx\n#docs\t4\n#tokens\t9\n#idf\tnone\n'
bad repeated-docs 4 'repeated vocab header #docs' \
    '#textfeat-vocab\t1\n#docs\t4\n#tokens\t9\n#docs\t1\n#idf\tnone\nred\t1\t1\n'
bad docs-2-64 2 'number out of range (above 2^64 - 1) in #docs header' \
    '#textfeat-vocab\t1\n#docs\t18446744073709551616\n#tokens\t9\n#idf\tnone\n'
bad docs-float 2 'bad number in #docs header' \
    '#textfeat-vocab\t1\n#docs\t4.0\n#tokens\t9\n#idf\tnone\n'
bad idf-kind 6 "unknown idf kind 'tfidf'" "$head"'#idf\ttfidf\n'
# Rows: df and cf bounds, order, duplicates, number syntax.
bad df-0 7 'a vocab row with df 0' "$head"'#idf\tnone\nred\t0\t1\n'
bad df-above-cf 7 'a vocab row whose df is above its cf' \
    "$head"'#idf\tnone\nred\t2\t1\n'
bad df-above-docs 7 "a vocab row whose df is above the header's #docs" \
    "$head"'#idf\tnone\nred\t5\t5\n'
bad unsorted 8 'vocab rows out of order (not sorted by term bytes)' \
    "$head"'#idf\tnone\nshoe\t1\t1\nred\t1\t1\n'
bad duplicate 8 'repeated term in vocab' \
    "$head"'#idf\tnone\nred\t1\t1\nred\t1\t1\n'
bad count-syntax 7 'bad count in a vocab row' "$head"'#idf\tnone\nred\t+1\t1\n'
bad count-range 7 'count out of range in a vocab row (above 2^64 - 1)' \
    "$head"'#idf\tnone\nred\t1\t18446744073709551616\n'
bad hex-idf 7 'bad idf in a vocab row' "$head"'#idf\tplain\nred\t1\t1\t0x1p1\n'
bad inf-idf 7 'bad idf in a vocab row' "$head"'#idf\tplain\nred\t1\t1\tinf\n'

# The same file, well formed, is taken by all three.
printf "$head"'#idf\tplain\nred\t1\t2\t1.5\nshoe\t1\t1\t2\n' >"$tmp/good.vocab"
for cmd in "vocab --merge good.vocab" "vectorize -V good.vocab in.tok" \
    "match -V good.vocab --features=bm25 in.pairs"; do
	checks=$((checks + 1))
	(cd "$tmp" && $cmd) >/dev/null 2>"$tmp/stderr" ||
		fail "good vocab refused: $cmd: $(cat "$tmp/stderr")"
done

finish
