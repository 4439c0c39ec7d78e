#!/bin/sh
# tf.sh - end-to-end tests of tf: every option against expected output
# (tests/cli/expected/tf/), file, stdin and `-` input, escapes, extra
# columns, empty and one-token documents, bad input and output failures,
# and counts checked against an awk counter on random documents.
. "${srcdir:-.}/tests/init.sh"

command -v tf >/dev/null 2>&1 || { echo "tf not on PATH" >&2; exit 99; }

# --- inputs ------------------------------------------------------------
# docs.tok: repeated terms, an empty document, a one-token document, a
# document of spaces only, runs of spaces, extra columns, UTF-8 terms.
printf 'd1\tred shoe red running shoe red\tlbl1\n' >"$tmp/docs.tok"
printf 'd2\t\tlbl2\n' >>"$tmp/docs.tok"
printf 'd3\tsolo\tlbl3\tqid:7\n' >>"$tmp/docs.tok"
printf 'd4\t   \tlbl4\n' >>"$tmp/docs.tok"
printf 'd5\t  b  a b c   b a d  \n' >>"$tmp/docs.tok"
printf 'd6\tcaf\303\251 caf\303\251 \346\227\245\346\234\254 z\n' >>"$tmp/docs.tok"
printf 'd7\tx y z w\n' >>"$tmp/docs.tok"

# esc.tok: escaped tokens.  "x\q" (an unknown escape, kept) and "x\\q"
# are one term; "a\tb" holds a TAB; a lone final backslash is kept.
printf '%s\n' \
    'e1	a\tb a\tb x\q x\\q n\nl\rr end\' \
    'e2	\\ \\\\ \\' >"$tmp/esc.tok"

# crlf.tok: a byte order mark, CRLF line ends, no final newline.
printf '\357\273\277c1\tb a b\r\nc2\tq\r\nc3\tq q' >"$tmp/crlf.tok"

# bad.tok: a line of invalid UTF-8 between good ones.
printf 'g1\tok ok\nb1\tbad \377 x\ng2\tfine\n' >"$tmp/bad.tok"
# nul.tok: a NUL byte.
printf 'n1\ta\000b\nn2\tgood\n' >"$tmp/nul.tok"
# nocol.tok: a line without the tokens column.
printf 'k1\ta a\nk2-no-tokens\nk3\tb\n' >"$tmp/nocol.tok"

# ties.tok: fig 3, pear and apple 2, kiwi, lime and date 1: ties for --top
# and --sort=value.
printf 'c1\tpear fig apple fig kiwi pear lime fig apple date\n' \
    >"$tmp/ties.tok"

# --- output for every option -------------------------------------------
check_case tf/default 'tf docs.tok'
for w in raw binary log freq augmented; do
	check_case "tf/weight-$w" "tf --weight=$w docs.tok"
done
for s in first term value; do
	check_case "tf/sort-$s" "tf --sort=$s ties.tok docs.tok"
	check_case "tf/sort-$s-log" "tf --sort=$s --weight=log ties.tok"
done
check_case tf/sort-value-binary 'tf --sort=value --weight=binary ties.tok'
for k in 1 2 4 5 100; do
	check_case "tf/top-$k" "tf --top=$k ties.tok docs.tok"
done
check_case tf/top-2-term 'tf --top=2 --sort=term ties.tok docs.tok'
check_case tf/top-2-value 'tf --top=2 --sort=value ties.tok docs.tok'
# --top alone is the K largest, largest first (issue 16): the same as with
# --sort=value; --sort=first keeps them in first-occurrence order.
check_case tf/top-2-first 'tf --top=2 --sort=first ties.tok docs.tok'
expect_eq "--top=2 is --top=2 --sort=value" \
    "$(cd "$tmp" && tf --top=2 --sort=value ties.tok docs.tok)" \
    "$(cd "$tmp" && tf --top=2 ties.tok docs.tok)"
check_case tf/top-2-binary 'tf --top=2 --weight=binary ties.tok'
check_case tf/top-3-augmented \
    'tf --top=3 --sort=value --weight=augmented ties.tok'
for p in 1 3 9 17; do
	check_case "tf/precision-$p" "tf --precision=$p --weight=log ties.tok docs.tok"
	check_case "tf/precision-$p-freq" "tf --precision=$p --weight=freq ties.tok"
done
check_case tf/escapes 'tf esc.tok'
check_case tf/escapes-term 'tf --sort=term esc.tok'
check_case tf/crlf-bom 'tf crlf.tok'
check_case tf/only-empty 'printf "e1\t\ne2\t   \ne3\t\tx\n" | tf'
check_case tf/empty-input 'tf </dev/null'
check_case tf/one-token 'printf "o1\tw\no2\tw\tx\ty\n" | tf --weight=log'

# Integral values print as integers at any precision; others as %.Ng.
printf 'big\t' >"$tmp/big.tok"
awk 'BEGIN { for (i = 0; i < 1234567; i++) printf "t "; print "u" }' \
    >>"$tmp/big.tok"
check_case tf/large-count 'tf --precision=3 big.tok'
check_case tf/large-count-freq 'tf --precision=3 --weight=freq big.tok'

# --- file, standard input and - ----------------------------------------
check_case tf/stdin 'tf <docs.tok'
check_case tf/dash 'tf - <docs.tok'
check_case tf/files-and-dash 'tf ties.tok - esc.tok <docs.tok'
check_case tf/options-after-file 'tf docs.tok --sort=term'

# --- -o -------------------------------------------------------------------
check_case tf/output-file 'tf -o out.tsv --weight=freq docs.tok && cat out.tsv'
check_case tf/output-dash 'tf -o - docs.tok'
check_case tf/output-error-no-file \
    'echo old >keep.tsv; tf -o keep.tsv bad.tok; echo "status $?"; cat keep.tsv; ls -a | grep keep'
check_case tf/output-bad-dir 'tf -o no/such/dir/out.tsv docs.tok'

# --- bad input --------------------------------------------------------------
check_case tf/invalid-utf8 'tf bad.tok'
check_case tf/invalid-utf8-replace 'tf --invalid=replace bad.tok'
check_case tf/invalid-utf8-skip 'tf --invalid=skip bad.tok'
check_case tf/nul 'tf nul.tok'
check_case tf/nul-replace 'tf --invalid=replace nul.tok'
check_case tf/missing-column 'tf nocol.tok'
check_case tf/missing-column-replace 'tf --invalid=replace nocol.tok'
check_case tf/missing-column-skip 'tf --invalid=skip nocol.tok'
check_case tf/bad-file-then-good 'tf bad.tok ties.tok'
check_case tf/missing-file 'tf no-such-file.tok ties.tok'
check_case tf/directory 'mkdir -p adir; tf adir'

# --- usage ------------------------------------------------------------------
check_case tf/help 'tf --help'
check_case tf/help-short 'tf -h'
check_case tf/version 'tf --version'
check_case tf/bad-weight 'tf --weight=tfidf docs.tok'
check_case tf/bad-sort 'tf --sort=count docs.tok'
check_case tf/bad-top-zero 'tf --top=0 docs.tok'
check_case tf/bad-top-text 'tf --top=ten docs.tok'
check_case tf/bad-top-negative 'tf --top=-1 docs.tok'
check_case tf/bad-precision-zero 'tf --precision=0 docs.tok'
check_case tf/bad-precision-18 'tf --precision=18 docs.tok'
check_case tf/bad-invalid 'tf --invalid=ignore docs.tok'
check_case tf/unknown-option 'tf --bogus docs.tok'
check_case tf/unknown-short-option 'tf -x docs.tok'
check_case tf/missing-argument 'tf --top'

# --- output failures --------------------------------------------------------
if [ -w /dev/full ]; then
	check_case tf/dev-full 'tf docs.tok >/dev/full'
	check_case tf/dev-full-help 'tf --help >/dev/full'
fi
# A closed pipe ends tf quietly, with SIGPIPE or (when it is ignored) EPIPE.
awk 'BEGIN { for (d = 0; d < 20000; d++) {
	printf "d%d\t", d
	for (i = 0; i < 30; i++) printf "w%d ", (d * 7 + i) % 1000
	print "" } }' >"$tmp/many.tok"
check_case tf/pipe-head 'tf many.tok | head -n 1'
check_case tf/pipe-head-sigpipe-ignored 'trap "" PIPE; tf many.tok | head -n 1'

# --- counts against an awk counter on random documents -----------------------
# Random documents over a small vocabulary (so terms repeat), with escapes;
# awk counts the raw tokens, which compare equal to tf's re-escaped terms
# because every escape used here is a known one.
awk 'BEGIN { srand(12345)
	split("a b c d e f g h i j k l m n o p q r s t \\\\ \\t x\\ty", v, " ")
	for (d = 0; d < 500; d++) {
		n = int(rand() * 40)
		printf "doc%d\t", d
		for (i = 0; i < n; i++) printf "%s%s", (i ? " " : ""), v[1 + int(rand() * 23)]
		print "" } }' >"$tmp/rand.tok"
awk -F '\t' '{ delete c; n = split($2, a, " ");
	for (i = 1; i <= n; i++) c[a[i]]++
	for (t in c) print $1 "\t" t "\t" c[t] }' "$tmp/rand.tok" |
    LC_ALL=C sort >"$tmp/rand.awk"
tf "$tmp/rand.tok" | LC_ALL=C sort >"$tmp/rand.tf"
expect_file "tf counts equal an awk counter" "$tmp/rand.awk" "$tmp/rand.tf"
# Every order and selection writes the same lines.
for opt in --sort=term --sort=value --top=1000; do
	tf $opt "$tmp/rand.tok" | LC_ALL=C sort >"$tmp/rand.opt"
	expect_file "tf $opt: the same lines" "$tmp/rand.awk" "$tmp/rand.opt"
done
# --sort=term is byte order within each document (checked on the terms
# without escapes: escaping changes the byte order of TAB and backslash).
tf --sort=term "$tmp/rand.tok" | grep -v '\\' |
    awk -F '\t' '$1 != id { id = $1; last = ""; first = 1 }
	!first && $2 <= last { print "out of order: " $0 }
	{ last = $2; first = 0 }' >"$tmp/rand.order"
expect_eq "tf --sort=term: terms ascending within each document" "" \
    "$(cat "$tmp/rand.order")"
# --weight=freq values of a document add up to 1 (within rounding).
sum=$(tf --weight=freq --precision=17 "$tmp/rand.tok" |
    awk -F '\t' '{ s[$1] += $3 } END { bad = 0
	for (d in s) if (s[d] < 0.999999999 || s[d] > 1.000000001) bad++
	print bad }')
expect_eq "tf --weight=freq sums to 1 per document" 0 "$sum"

finish
