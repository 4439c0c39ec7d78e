#!/bin/sh
# vectorize.sh - end-to-end tests of vectorize against expected output
# (tests/cli/expected/vectorize/): both indexes, every weight, idf and
# norm, every format, labels and qids, --names, file, stdin and `-` input,
# bad vocabs, bad records, usage errors and output failures; then the
# values checked against a vector computed in awk on random documents.
. "${srcdir:-.}/tests/init.sh"

command -v vectorize >/dev/null 2>&1 ||
    { echo "vectorize not on PATH" >&2; exit 99; }

# --- inputs ------------------------------------------------------------
# docs.tok: id TAB tokens TAB label TAB qid.  Repeated terms, an unknown
# term (kiwi), an empty document, one with no known term, escaped tokens
# (x\ty holds a TAB), UTF-8, runs of spaces.
printf 'd1\tred shoe red kiwi shoe blue red\t1\t7\n' >"$tmp/docs.tok"
printf 'd2\t\t0\t7\n' >>"$tmp/docs.tok"
printf 'd3\tkiwi kiwi\t-1\t8\n' >>"$tmp/docs.tok"
printf 'd4\t  x\\ty  caf\303\251 red  \t2.5\t8\n' >>"$tmp/docs.tok"
printf 'd5\tblue\t1\t9\n' >>"$tmp/docs.tok"

# Vocabularies, in the format of textfeat(7): 4 documents.
head='#textfeat-vocab	1
#docs	4
#tokens	12
#analysis	test
#pruning	none'
{ echo "$head"; printf '#idf\tnone\n'
  printf 'blue\t1\t1\ncaf\303\251\t1\t1\nred\t3\t5\nshoe\t2\t3\nx\\ty\t1\t1\n'
} >"$tmp/raw.voc"
{ echo "$head"; printf '#idf\tsmooth\n'
  printf 'blue\t1\t1\t1.916290731874155\n'
  printf 'caf\303\251\t1\t1\t1.916290731874155\n'
  printf 'red\t3\t5\t1.2231435513142097\n'
  printf 'shoe\t2\t3\t1.5108256237659907\n'
  printf 'x\\ty\t1\t1\t1.916290731874155\n'
} >"$tmp/smooth.voc"
{ echo "$head"; printf '#idf\tbm25\n'
  printf 'blue\t1\t1\t1.0986122886681098\n'
  printf 'red\t3\t5\t0.33647223662121289\n'
} >"$tmp/bm25.voc"
# N of 0: an empty vocab (every term is unknown).
printf '#textfeat-vocab\t1\n#docs\t0\n#tokens\t0\n#analysis\t\n#pruning\tnone\n#idf\tsmooth\n' \
    >"$tmp/empty.voc"
# A term that starts with '#' after the header is a row, not a header.
{ echo "$head"; printf '#idf\tnone\n#hash\t1\t1\nred\t3\t5\n'; } >"$tmp/hash.voc"

# Terms that VW's syntax needs escaped: a backslash, a TAB, '|', ':', '%'.
{ echo "$head"; printf '#idf\tnone\n'
  printf '50%%\t1\t1\n\\\\\t1\t1\na:b\t1\t1\nx\\ty\t1\t1\nx|y\t1\t1\n'
} >"$tmp/special.voc"

# Corrupt vocabularies.
printf 'blue\t1\t1\n' >"$tmp/nohead.voc"
{ echo "$head"; printf '#idf\tnone\nred\t3\t5\nblue\t1\t1\n'; } >"$tmp/order.voc"
{ echo "$head"; printf '#idf\tnone\nblue\t1\t1\nblue\t1\t1\n'; } >"$tmp/repeat.voc"
{ echo "$head"; printf '#idf\tsmooth\nblue\t1\t1\n'; } >"$tmp/nocol.voc"
{ echo "$head"; printf '#idf\tnone\nblue\tone\t1\n'; } >"$tmp/badnum.voc"
{ echo "$head"; printf '#idf\tnone\nblue\t1\t1\nred\t3'; } >"$tmp/trunc.voc"
{ echo "$head"; printf '#idf\ttfidf\n'; } >"$tmp/badidf.voc"
printf '#textfeat-vocab\t2\n' >"$tmp/version.voc"
: >"$tmp/zero.voc"

# Bad records.
printf 'g1\tred red\t1\t1\nb1\tbad \377 red\t1\t1\ng2\tshoe\t0\t1\n' \
    >"$tmp/utf8.tok"
printf 'n1\tred\000x\t1\t1\nn2\tshoe\t1\t1\n' >"$tmp/nul.tok"
printf 'k1\tred\t1\t1\nk2-no-tokens\nk3\tshoe\t0\t2\n' >"$tmp/nocol.tok"
printf 'l1\tred\t1\t3\nl2\tshoe\tyes\t3\nl3\tblue\n' >"$tmp/label.tok"
printf 'q1\tred\t1\t3\nq2\tshoe\t0\tq7\nq3\tblue\t1\n' >"$tmp/qid.tok"
# crlf.tok: a byte order mark, CRLF line ends, no final newline.
printf '\357\273\277c1\tred shoe\r\nc2\tblue\t1\r\nc3\tred' >"$tmp/crlf.tok"

# --- index, weights, idf, norms -------------------------------------------
check_case vectorize/vocab-default 'vectorize -V raw.voc docs.tok'
check_case vectorize/vocab-quiet 'vectorize -q -V raw.voc docs.tok'
check_case vectorize/vocab-long 'vectorize --vocab=raw.voc docs.tok'
for w in raw binary log freq augmented; do
	check_case "vectorize/weight-$w" \
	    "vectorize -V raw.voc --weight=$w -F triplet docs.tok"
done
check_case vectorize/idf 'vectorize -V smooth.voc --idf -F triplet docs.tok'
check_case vectorize/idf-bm25 'vectorize -V bm25.voc --idf -F triplet docs.tok'
for n in l2 l1 none; do
	check_case "vectorize/idf-norm-$n" \
	    "vectorize -V smooth.voc --idf --norm=$n -F triplet docs.tok"
	check_case "vectorize/norm-$n" \
	    "vectorize -V raw.voc --norm=$n -F triplet docs.tok"
	check_case "vectorize/hash-norm-$n" \
	    "vectorize --hash=1048576 --norm=$n docs.tok"
done
check_case vectorize/idf-log 'vectorize -V smooth.voc --idf --weight=log -F triplet docs.tok'
check_case vectorize/vocab-empty 'vectorize -V empty.voc --idf docs.tok'
check_case vectorize/vocab-hash-term 'printf "h\t#hash red #idf\n" | vectorize -V hash.voc'
check_case vectorize/hash 'vectorize --hash=1048576 docs.tok'
check_case vectorize/hash-no-sign 'vectorize --hash=1048576 --no-sign docs.tok'
# Four features: collisions add, with their signs; binary is 1 wherever a
# token lands.
check_case vectorize/hash-collide 'vectorize --hash=4 --norm=none -F triplet docs.tok'
check_case vectorize/hash-collide-binary 'vectorize --hash=4 --weight=binary -F triplet docs.tok'
check_case vectorize/hash-one 'vectorize --hash=1 --norm=none -F triplet docs.tok'
check_case vectorize/hash-max 'vectorize --hash=2147483647 docs.tok'
for p in 1 3 17; do
	check_case "vectorize/precision-$p" \
	    "vectorize -V smooth.voc --idf --precision=$p docs.tok"
done

# --- formats -------------------------------------------------------------
for f in svmlight vw triplet dense; do
	check_case "vectorize/format-$f" "vectorize -V raw.voc -F $f docs.tok"
	check_case "vectorize/format-$f-hash" \
	    "vectorize --hash=16 --format=$f docs.tok"
done
check_case vectorize/one-based 'vectorize -V raw.voc --one-based docs.tok'
check_case vectorize/one-based-triplet 'vectorize -V raw.voc --one-based -F triplet docs.tok'
check_case vectorize/label-qid 'vectorize -V smooth.voc --idf --label-col=3 --qid-col=4 docs.tok'
check_case vectorize/qid-only 'vectorize -V raw.voc --qid-col=4 docs.tok'
check_case vectorize/vw-label 'vectorize -V raw.voc -F vw --label-col=3 docs.tok'
check_case vectorize/vw-namespace 'vectorize -V raw.voc -F vw --namespace=title docs.tok'
check_case vectorize/vw-escapes \
    'printf "a b|c:%%\t\\\\\\\\ x\\\\ty x|y a:b 50%% y 50%%\t1 0.5\n" | vectorize -V special.voc -F vw --label-col=3'
check_case vectorize/dense-empty-vocab 'vectorize -V empty.voc -F dense docs.tok'

# --- --names ----------------------------------------------------------------
check_case vectorize/names-vocab \
    'vectorize -V raw.voc --names=n.tsv docs.tok && cat n.tsv'
check_case vectorize/names-vocab-one-based \
    'vectorize -V raw.voc --one-based --names=n.tsv -F triplet docs.tok >/dev/null && cat n.tsv'
check_case vectorize/names-hash \
    'vectorize --hash=4 --names=n.tsv docs.tok >/dev/null && cat n.tsv'
check_case vectorize/names-hash-escaped \
    'printf "e\tx\\\\ty a\\\\\\\\b\n" | vectorize --hash=1048576 --names=n.tsv >/dev/null && cat n.tsv'
check_case vectorize/names-not-on-error \
    'rm -f n.tsv; vectorize -V raw.voc --names=n.tsv utf8.tok; echo "status $?"; ls -a | grep n.tsv'
check_case vectorize/names-bad-dir 'vectorize -V raw.voc --names=no/dir/n.tsv docs.tok'

# --- file, standard input and - ----------------------------------------------
check_case vectorize/stdin 'vectorize -V raw.voc <docs.tok'
check_case vectorize/dash 'vectorize -V raw.voc - <docs.tok'
check_case vectorize/files-and-dash 'vectorize -V raw.voc crlf.tok - docs.tok <docs.tok'
check_case vectorize/crlf-bom 'vectorize -V raw.voc -F triplet crlf.tok'
check_case vectorize/empty-input 'vectorize -V raw.voc </dev/null'
check_case vectorize/output-file \
    'vectorize -V raw.voc -o out.svm docs.tok && cat out.svm'
check_case vectorize/output-error-no-file \
    'echo old >keep.svm; vectorize -V raw.voc -o keep.svm utf8.tok; echo "status $?"; cat keep.svm; ls -a | grep keep'
check_case vectorize/output-bad-dir 'vectorize -V raw.voc -o no/such/dir/out.svm docs.tok'

# --- bad vocabularies -----------------------------------------------------------
check_case vectorize/vocab-missing 'vectorize -V no-such.voc docs.tok'
check_case vectorize/vocab-directory 'mkdir -p vdir; vectorize -V vdir docs.tok'
check_case vectorize/vocab-no-header 'vectorize -V nohead.voc docs.tok'
check_case vectorize/vocab-order 'vectorize -V order.voc docs.tok'
check_case vectorize/vocab-repeat 'vectorize -V repeat.voc docs.tok'
check_case vectorize/vocab-columns 'vectorize -V nocol.voc docs.tok'
check_case vectorize/vocab-bad-number 'vectorize -V badnum.voc docs.tok'
check_case vectorize/vocab-truncated 'vectorize -V trunc.voc docs.tok'
check_case vectorize/vocab-bad-idf 'vectorize -V badidf.voc docs.tok'
check_case vectorize/vocab-version 'vectorize -V version.voc docs.tok'
check_case vectorize/vocab-zero-bytes 'vectorize -V zero.voc docs.tok'
check_case vectorize/idf-without-column 'vectorize -V raw.voc --idf docs.tok'

# --- bad records ------------------------------------------------------------------
for inv in error replace skip; do
	check_case "vectorize/invalid-utf8-$inv" \
	    "vectorize -V raw.voc --invalid=$inv utf8.tok"
	check_case "vectorize/nul-$inv" \
	    "vectorize -V raw.voc --invalid=$inv nul.tok"
	check_case "vectorize/missing-column-$inv" \
	    "vectorize -V raw.voc --invalid=$inv nocol.tok"
	check_case "vectorize/bad-label-$inv" \
	    "vectorize -V raw.voc --label-col=3 --invalid=$inv label.tok"
	check_case "vectorize/bad-qid-$inv" \
	    "vectorize -V raw.voc --qid-col=4 --invalid=$inv qid.tok"
done
# One line with several problems counts once; a line without tokens keeps
# its row, with the default label and qid 0.
check_case vectorize/bad-many-replace \
    'printf "a\tred\t1\t5\nb-no-tokens\nc\tshoe\tx\n" | vectorize --hash=8 --label-col=3 --qid-col=4 --invalid=replace'
check_case vectorize/bad-file-then-good 'vectorize -V raw.voc utf8.tok docs.tok'
check_case vectorize/missing-file 'vectorize -V raw.voc no-such.tok docs.tok'

# --- usage ------------------------------------------------------------------
check_case vectorize/help 'vectorize --help'
check_case vectorize/help-short 'vectorize -h'
check_case vectorize/no-index 'vectorize docs.tok'
check_case vectorize/vocab-and-hash 'vectorize -V raw.voc --hash=8 docs.tok'
check_case vectorize/vocab-stdin 'vectorize -V - docs.tok'
check_case vectorize/idf-with-hash 'vectorize --hash=8 --idf docs.tok'
check_case vectorize/no-sign-with-vocab 'vectorize -V raw.voc --no-sign docs.tok'
check_case vectorize/hash-zero 'vectorize --hash=0 docs.tok'
check_case vectorize/hash-too-big 'vectorize --hash=2147483648 docs.tok'
check_case vectorize/hash-text 'vectorize --hash=many docs.tok'
check_case vectorize/bad-weight 'vectorize -V raw.voc --weight=tfidf docs.tok'
check_case vectorize/bad-norm 'vectorize -V raw.voc --norm=l3 docs.tok'
check_case vectorize/bad-norm-auto 'vectorize -V raw.voc --norm=auto docs.tok'
check_case vectorize/bad-format 'vectorize -V raw.voc -F libsvm docs.tok'
check_case vectorize/bad-precision-zero 'vectorize -V raw.voc --precision=0 docs.tok'
check_case vectorize/bad-precision-18 'vectorize -V raw.voc --precision=18 docs.tok'
check_case vectorize/bad-label-col 'vectorize -V raw.voc --label-col=2 docs.tok'
check_case vectorize/label-col-triplet 'vectorize -V raw.voc --label-col=3 -F triplet docs.tok'
check_case vectorize/qid-col-vw 'vectorize -V raw.voc --qid-col=4 -F vw docs.tok'
check_case vectorize/label-qid-same 'vectorize -V raw.voc --label-col=3 --qid-col=3 docs.tok'
check_case vectorize/namespace-svmlight 'vectorize -V raw.voc --namespace=a docs.tok'
check_case vectorize/namespace-bad 'vectorize -V raw.voc -F vw --namespace="a b" docs.tok'
check_case vectorize/dense-too-wide 'vectorize --hash=65537 -F dense docs.tok'
check_case vectorize/dense-widest 'vectorize --hash=65536 -F dense docs.tok | wc -c'
check_case vectorize/bad-invalid 'vectorize -V raw.voc --invalid=ignore docs.tok'
check_case vectorize/unknown-option 'vectorize --bogus docs.tok'
check_case vectorize/unknown-short-option 'vectorize -x docs.tok'
check_case vectorize/missing-argument 'vectorize --hash'

# --version: the name and the package's version.
v=$(vectorize --version)
expect_eq "vectorize --version" "vectorize (textfeat)" "${v% *}"

# --- output failures ------------------------------------------------------
if [ -w /dev/full ]; then
	check_case vectorize/dev-full 'vectorize -V raw.voc docs.tok >/dev/full'
	check_case vectorize/dev-full-help 'vectorize --help >/dev/full'
fi
# A closed pipe ends vectorize quietly, with SIGPIPE or (when it is
# ignored) EPIPE.
awk 'BEGIN { for (d = 0; d < 20000; d++) {
	printf "d%d\t", d
	for (i = 0; i < 30; i++) printf "w%d ", (d * 7 + i) % 1000
	print "" } }' >"$tmp/many.tok"
check_case vectorize/pipe-head 'vectorize --hash=1024 many.tok | head -n 1'
check_case vectorize/pipe-head-sigpipe-ignored \
    'trap "" PIPE; vectorize --hash=1024 many.tok | head -n 1'
# Threads: the same output, in input order, whatever their number.
vectorize --hash=1024 -j 1 "$tmp/many.tok" >"$tmp/many.1"
for j in 2 4 7; do
	vectorize --hash=1024 --threads=$j "$tmp/many.tok" >"$tmp/many.j"
	expect_file "vectorize -j $j: the output of one thread" \
	    "$tmp/many.1" "$tmp/many.j"
done
check_case vectorize/bad-threads 'vectorize --hash=8 --threads=0 docs.tok'

# A document of 200000 tokens: a line longer than the output buffer.  Its
# counts (some of them collisions) add up to 200000.
awk 'BEGIN { printf "big\t"; for (i = 0; i < 200000; i++) printf "w%d ", i
	print "" }' >"$tmp/big.tok"
n=$(vectorize --hash=2147483647 --no-sign --norm=none "$tmp/big.tok" |
    awk '{ for (i = 2; i <= NF; i++) { split($i, p, ":"); s += p[2] } }
	END { print NR, s }')
expect_eq "a document of 200000 tokens: one line, counts add up" \
    "1 200000" "$n"

# --- values against awk on random documents ---------------------------------
# Random documents over a vocabulary of 40 terms, of which the vocab holds
# every other one; awk computes the vocab index, counts, idf and the l2
# norm, and prints triplets at 17 digits, which are compared within
# 1e-12 relative.
awk 'BEGIN { srand(2024)
	print "#textfeat-vocab\t1\n#docs\t100\n#tokens\t0\n#analysis\t\n#pruning\tnone\n#idf\tplain"
	for (t = 10; t < 50; t += 2) printf "t%d\t%d\t%d\t%.17g\n", t, t, t, 1 + log(100 / t) }' \
    >"$tmp/rand.voc"
awk 'BEGIN { srand(99)
	for (d = 0; d < 300; d++) {
		n = int(rand() * 30); printf "r%d\t", d
		for (i = 0; i < n; i++) printf "%st%d", (i ? " " : ""), 10 + int(rand() * 40)
		print "" } }' >"$tmp/rand.tok"
awk -F '\t' '
	FNR == NR { if ($1 !~ /^#/) { idx[$1] = k++; idf[$1] = $4 }; next }
	{ delete c; n = split($2, a, " "); s = 0
	  for (i = 1; i <= n; i++) if (a[i] in idx) c[a[i]]++
	  for (t in c) s += (c[t] * idf[t]) ^ 2
	  for (t in c) printf "%s\t%d\t%.17g\n", $1, idx[t], c[t] * idf[t] / sqrt(s) }' \
    "$tmp/rand.voc" "$tmp/rand.tok" | LC_ALL=C sort >"$tmp/rand.awk"
vectorize -q -V "$tmp/rand.voc" --idf -F triplet --precision=17 "$tmp/rand.tok" |
    LC_ALL=C sort >"$tmp/rand.vec"
bad=$(paste "$tmp/rand.awk" "$tmp/rand.vec" | awk -F '\t' '
	$1 != $4 || $2 != $5 { print "row " NR ": " $0; next }
	{ d = $3 - $6; if (d < 0) d = -d; m = $3 < 0 ? -$3 : $3
	  if (d > 1e-12 * m) print "row " NR ": " $0 }
	END { if (NR == 0) print "no rows" }')
expect_eq "vectorize --idf triplets equal an awk tf-idf" "" "$bad"
expect_eq "vectorize --idf: as many entries as awk" \
    "$(wc -l <"$tmp/rand.awk")" "$(wc -l <"$tmp/rand.vec")"
# The svmlight rows are the triplets' rows, with every input row present.
expect_eq "svmlight: one line per document" 300 \
    "$(vectorize -q -V "$tmp/rand.voc" "$tmp/rand.tok" | wc -l | tr -d ' ')"

finish
