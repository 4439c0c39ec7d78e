#!/bin/sh
# threads.sh - every tool with -j writes the same bytes (stdout, stderr and
# exit status) for any number of threads, on input of many chunks of the
# input engine (256 KiB each), with and without a bad line late in it.
. "${srcdir:-.}/tests/init.sh"

for t in tokenize ngrams tf vectorize match; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

# docs: 40,000 documents (about 2.5 MB) of random words; pairs from them.
awk 'BEGIN {
	srand(7)
	for (d = 1; d <= 40000; d++) {
		n = 3 + int(rand() * 12); s = ""
		for (i = 0; i < n; i++)
			s = s (i ? " " : "") sprintf("w%d", int(rand() * rand() * 3000))
		printf "d%d\t%s\t%d\n", d, s, d % 5
	}
}' >"$tmp/docs.tsv"
awk -F '\t' '{ printf "q%d\t%s\t%s\t%s\t%s\n", int(NR / 7), $2, $1, $2, $3 }' \
    "$tmp/docs.tsv" >"$tmp/pairs.tsv"
tokenize -j1 "$tmp/docs.tsv" >"$tmp/tok.tsv" || fail "tokenize failed"
vocab --idf=smooth "$tmp/tok.tsv" >"$tmp/v.vocab" 2>/dev/null ||
    fail "vocab failed"
# A bad line (invalid UTF-8) near the end of each input.
for f in docs tok pairs; do
	{ head -n 39000 "$tmp/$f.tsv"; printf 'bad\t\377 x\t1\tx\t1\n';
	  tail -n +39001 "$tmp/$f.tsv"; } >"$tmp/$f-bad.tsv"
done

# same NAME CMD: CMD with -j1 .. -j4 and -j 7: the same bytes.
same() {
	name=$1
	shift
	(cd "$tmp" && sh -c "$* -j1") >"$tmp/out.1" 2>"$tmp/err.1"
	rc1=$?
	for j in 2 3 4 7; do
		(cd "$tmp" && sh -c "$* -j$j") >"$tmp/out.j" 2>"$tmp/err.j"
		rc=$?
		expect_eq "$name -j$j: exit status" "$rc1" "$rc"
		expect_file "$name -j$j: stdout" "$tmp/out.1" "$tmp/out.j"
		expect_file "$name -j$j: stderr" "$tmp/err.1" "$tmp/err.j"
	done
	[ -s "$tmp/out.1" ] || fail "$name: no output"
}

set +e
for in in docs docs-bad; do
	same "tokenize $in" "tokenize $in.tsv"
	same "tokenize --invalid=skip $in" "tokenize --invalid=skip $in.tsv"
done
for in in tok tok-bad; do
	same "ngrams $in" "ngrams -n 1:3 --char-wb=2:3 $in.tsv"
	same "ngrams --invalid=replace $in" "ngrams --invalid=replace -n 2 $in.tsv"
	same "tf $in" "tf $in.tsv"
	same "tf --sort=value --top=3 $in" "tf --weight=log --sort=value --top=3 $in.tsv"
	same "tf stdin $in" "tf <$in.tsv"
	same "vectorize $in" "vectorize -V v.vocab --idf --label-col=3 $in.tsv"
	same "vectorize --hash $in" "vectorize --hash=1024 -F vw --invalid=skip $in.tsv"
done
for in in pairs pairs-bad; do
	same "match $in" "match -V v.vocab $in.tsv"
done

# A slow writer: the rows of the lines read so far are written while the
# tool waits for more input (a killed batch task leaves its progress; a
# pipeline downstream is not held up).  The writer sends 3,000 lines, then
# waits (at most 30 s) until the output holds their rows before closing.
slow() {
	name=$1
	shift
	rm -f "$tmp/slow.out" "$tmp/slow.late"
	{ head -n 3000 "$tmp/tok.tsv"
	  i=0
	  while [ "$(wc -l <"$tmp/slow.out")" -lt 2999 ]; do
		[ $i -lt 300 ] || { : >"$tmp/slow.late"; break; }
		sleep 0.1
		i=$((i + 1))
	  done; } | (cd "$tmp" && sh -c "$*") >"$tmp/slow.out"
	[ ! -e "$tmp/slow.late" ] ||
	    fail "$name: the rows came only after the input ended"
	[ "$(wc -l <"$tmp/slow.out")" -eq 2999 ] ||
	    fail "$name: $(wc -l <"$tmp/slow.out") rows, expected 2999"
}
for j in 1 2; do
	slow "vectorize -j$j, a slow writer" "vectorize -j$j -V v.vocab"
	slow "tf -j$j, a slow writer" "tf -j$j --top=1"
done
set -e
finish
