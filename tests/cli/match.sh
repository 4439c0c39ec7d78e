#!/bin/sh
# match.sh - end-to-end tests of match(1).
#
# 1. A worked example whose features are computed by hand below (BM25 and
#    cosine with their arithmetic) and compared with the tool's output
#    numerically.
# 2. Every feature and option, the edge cases (empty query or listing, no
#    overlap, repeated query terms, terms absent from the vocab), svmlight
#    output and its qids, against tests/cli/expected/match/ (checked by
#    hand; regenerate with TXF_REGEN=1 only after an intended change and
#    review the diff).
# 3. Bad input and usage: a pair line of 3 columns, a vocab without idf for
#    cosine, bm25 without a vocab, unreadable and malformed vocabs, write
#    errors, closed pipes.
# 4. Invariants on random pairs: one thread or four, a query repeated on
#    consecutive lines or not, give the same values.
. "${srcdir:-.}/tests/init.sh"

command -v match >/dev/null 2>&1 || { echo "match not on PATH" >&2; exit 99; }

# m NAME CMD: check_case under tests/cli/expected/match/.
m() {
	name=$1
	shift
	check_case "match/$name" "$@"
}

# --- inputs ----------------------------------------------------------------
# The vocab: N = 10 documents of 40 tokens (avgdl = 4).  The idf column is
# what cosine uses, whatever #idf names; round values keep the arithmetic
# short.  BM25 computes its idf from N and df.
printf '%s\n' '#textfeat-vocab	1' '#docs	10' '#tokens	40' \
    '#analysis	mode=uax29 norm=nfkc case=fold' '#pruning	none' \
    '#idf	smooth' \
    'blue	5	6	1' 'red	2	3	2' 'running	1	1	3' 'shoe	4	7	1.5' \
    >"$tmp/v.vocab"
printf '%s\n' '#textfeat-vocab	1' '#docs	10' '#tokens	40' \
    '#analysis	' '#pruning	none' '#idf	none' \
    'blue	5	6' 'red	2	3' 'running	1	1' 'shoe	4	7' \
    >"$tmp/noidf.vocab"

# The worked example, with a label and a note carried along.
printf 'q1\tRed shoe, red - cheap!\tl1\tred running shoe shoe BLUE\t3\tnote\n' \
    >"$tmp/worked.tsv"

# pairs.tsv: the cases every option runs on.
{
	# the worked example
	printf 'q1\tred shoe red cheap\tl1\tred running shoe shoe blue\t3\n'
	# a phrase, a shorter listing
	printf 'q1\tred shoe red cheap\tl2\tblue shoe red\t1\n'
	printf 'q2\trunning shoe\tl1\tred running shoe shoe blue\t2\n'
	# no overlap
	printf 'q2\trunning shoe\tl3\tblue hat\t0\n'
	# an empty query, an empty listing, both
	printf 'q3\t\tl1\tred running shoe shoe blue\t0\n'
	printf 'q4\tred\tl4\t\t0\n'
	printf 'q5\t \tl5\t,\t0\n'
	# repeated query terms; terms absent from the vocab
	printf 'q6\tred red\tl6\tred blue blue blue\t1\n'
	printf 'q7\tcheap\tl7\tcheap\t2\n'
	# book case against bookcase: char3_jaccard 4/9
	printf 'q8\tbook case\tl8\tVintage bookcase\t2\n'
} >"$tmp/pairs.tsv"

# --- 1. the worked example, by hand -------------------------------------------
#   query   "Red shoe, red - cheap!"  -> red shoe red cheap   q = 4,
#                                        Q = {red, shoe, cheap}
#   listing "red running shoe shoe BLUE" -> red running shoe shoe blue
#                                        d = 5, D = {red, running, shoe, blue}
#   matched = 2 (red, shoe); coverage = 2/3; jaccard = 2 / (3 + 4 - 2) = 0.4
#   dice = 2 * 2 / (3 + 4) = 4/7 = 0.571428571
#   cosine: weight = count * idf; cheap is not in the vocab: left out
#     query   red 2 * 2 = 4, shoe 1 * 1.5 = 1.5        |q|^2 = 18.25
#     listing red 1 * 2 = 2, running 1 * 3 = 3, shoe 2 * 1.5 = 3, blue 1 * 1
#             |d|^2 = 4 + 9 + 9 + 1 = 23
#     dot = 4 * 2 + 1.5 * 3 = 12.5
#     cosine = 12.5 / sqrt(18.25 * 23) = 12.5 / 20.4878012... = 0.610119156
#   bm25: N = 10, avgdl = 40 / 10 = 4, dl = 5, k1 = 1.2, b = 0.75
#     K = 1.2 * (1 - 0.75 + 0.75 * 5 / 4) = 1.425
#     red  df 2: idf ln(1 + 8.5 / 2.5) = ln 4.4 = 1.48160454;
#          tf 1: 1.48160454 * 1 / 2.425 = 0.610970945, twice (two red in
#          the query): 1.22194189
#     shoe df 4: idf ln(1 + 6.5 / 4.5) = 0.893817876;
#          tf 2: 0.893817876 * 2 / 3.425 = 0.521937446
#     cheap df 0 (not in the vocab), tf 0: 0
#     bm25 = 1.22194189 + 0.521937446 = 1.74387934
#   phrase 0; lcs_run 1; first_pos 0 (red)
#   char3_jaccard: "red shoe red cheap" and "red running shoe shoe blue":
#     query 3-grams  red, "ed ", "d s", " sh", sho, hoe, "oe ", "e r",
#                    " re", "d c", " ch", che, hea, eap             (14)
#     listing        red, "ed ", "d r", " ru", run, unn, nni, nin, ing,
#                    "ng ", "g s", " sh", sho, hoe, "oe ", "e s", "e b",
#                    " bl", blu, lue                                (20)
#     shared red, "ed ", " sh", sho, hoe, "oe " (6): 6 / (14 + 20 - 6)
#     = 6 / 28 = 0.214285714
want='qlen=4 dlen=5 matched=2 coverage=0.666666667 jaccard=0.4
dice=0.571428571 cosine=0.610119156 bm25=1.74387934 phrase=0 lcs_run=1
first_pos=0 char3_jaccard=0.214285714'
match -V "$tmp/v.vocab" --precision=17 "$tmp/worked.tsv" >"$tmp/worked.out"
got=$(awk -F '\t' -v want="$want" '
	NR == 1 { for (i = 3; i <= NF; i++) name[i] = $i; next }
	{
		n = split(want, w, /[ \n]/)
		for (i = 1; i <= n; i++) { split(w[i], kv, "="); hand[kv[1]] = kv[2] }
		for (i = 3; i <= NF - 2; i++) {
			d = $i - hand[name[i]]; if (d < 0) d = -d
			rel = d / (1 + (hand[name[i]] < 0 ? -hand[name[i]] : hand[name[i]]))
			if (!(name[i] in hand) || rel > 1e-8)
				printf "%s=%s (by hand %s) ", name[i], $i, hand[name[i]]
		}
		if ($(NF - 1) != 3 || $NF != "note") printf "extra columns lost"
	}' "$tmp/worked.out")
expect_eq "worked example: every feature as computed by hand" "" "$got"
expect_eq "worked example: the columns" \
    "#qid	lid	qlen	dlen	matched	coverage	jaccard	dice	cosine	bm25	phrase	lcs_run	first_pos	char3_jaccard	extra1	extra2" \
    "$(head -n 1 "$tmp/worked.out")"

# The header names every column written: extra columns after the
# --header line's names, the rest extra1, extra2, ... (issue 14).
printf 'q\tred shoe\tl\tred shoes\t3\tx\n' >"$tmp/x2.tsv"
expect_eq "extra columns without --header: extra1, extra2" \
    "#qid	lid	matched	extra1	extra2" \
    "$(match --features=matched "$tmp/x2.tsv" | head -n 1)"
{ printf 'qid\tquery\tlid\tlisting\tgrade\n'; cat "$tmp/x2.tsv"; } >"$tmp/x2h.tsv"
expect_eq "extra columns with a shorter --header line" \
    "#qid	lid	matched	grade	extra2" \
    "$(match --header --features=matched "$tmp/x2h.tsv" | head -n 1)"
{ printf '\n'; cat "$tmp/x2.tsv"; } >"$tmp/x2b.tsv"
expect_eq "a blank first line is not the first record" \
    "#qid	lid	matched	extra1	extra2" \
    "$(match --features=matched "$tmp/x2b.tsv" | head -n 1)"
expect_eq "no record: the header names no extra column" \
    "#qid	lid	matched" "$(match --features=matched </dev/null)"

# --- 2. features and options --------------------------------------------------
m default 'match pairs.tsv'
m vocab 'match -V v.vocab pairs.tsv'
m vocab-long 'match --vocab=v.vocab pairs.tsv'
m vocab-noidf 'match -V noidf.vocab pairs.tsv'
m features-order 'match -V v.vocab --features=bm25,qlen,cosine pairs.tsv'
for f in qlen dlen matched coverage jaccard dice cosine bm25 phrase lcs_run \
    first_pos char3_jaccard; do
	m "feature-$f" "match -V v.vocab --features=$f pairs.tsv"
done
m features-noidf-bm25 'match -V noidf.vocab --features=bm25,matched pairs.tsv'
m k1 'match -V v.vocab --features=bm25 --k1=0 pairs.tsv'
m k1-large 'match -V v.vocab --features=bm25 --k1=100 pairs.tsv'
m b0 'match -V v.vocab --features=bm25 --b=0 pairs.tsv'
m b1 'match -V v.vocab --features=bm25 --b=1 --k1=2 pairs.tsv'
m precision-3 'match -V v.vocab --precision=3 pairs.tsv'
m precision-17 'match -V v.vocab --precision=17 pairs.tsv'
m no-header 'match --no-header --features=qlen,dlen pairs.tsv'
m extra-columns 'printf "a\tx y\tb\ty z\tone\ttwo\t\tfour\n" | match --features=matched'

# The analysis options: the same names as tokenize's.
printf 'a\tRunning Shoes\tb\tthe runner runs in running shoe\n' >"$tmp/an.tsv"
printf 'c\tCaf\303\251 the\td\tcafe THE\n' >>"$tmp/an.tsv"
m analysis-default 'match --features=matched,coverage,phrase an.tsv'
m analysis-stem 'match --stem=english --features=matched,coverage,phrase an.tsv'
m analysis-stop 'match --stop=english --features=qlen,dlen,matched an.tsv'
m analysis-strip 'match --strip-accents --features=matched an.tsv'
m analysis-case-keep 'match --case=keep --features=matched an.tsv'
m analysis-sklearn 'match --mode=word --case=lower --norm=none --min-len=2 --features=qlen,dlen,matched an.tsv'
m analysis-max-len 'match --max-len=4 --features=qlen,dlen an.tsv'

# Escapes in the texts are decoded (a \t splits tokens); qid and lid are
# written as they are.
printf 'q\\tx\tred\\tshoe\tl\\\\y\tred\\tshoe\n' >"$tmp/esc.tsv"
m escapes 'match --features=qlen,dlen,phrase esc.tsv'
# A byte order mark, CRLF, no final newline.
printf '\357\273\277q\tred\tl\tred\r\nq\tred\tm\tblue' >"$tmp/crlf.tsv"
m crlf-bom 'match --features=matched,dlen crlf.tsv'
m empty-input 'match </dev/null'
m empty-queries 'printf "a\t\tx\tred\nb\t\ty\tblue\nc\tred\tz\t\n" | match --features=qlen,dlen,matched'

# --- svmlight -------------------------------------------------------------------
m svm 'match -V v.vocab -F svmlight --label=5 pairs.tsv'
m svm-long 'match --vocab=v.vocab --format=svmlight --label=5 --features=bm25,cosine pairs.tsv'
m svm-no-label 'match -F svmlight --features=matched,dlen pairs.tsv'
m svm-names 'match -V v.vocab -F svmlight --label=5 --features=bm25,phrase --names=names.txt pairs.tsv && cat names.txt'
m tsv-names 'match --names=names.txt pairs.tsv >/dev/null && cat names.txt'
# Numeric qids are kept (leading zeros dropped); others are numbered from 1
# in order of first appearance.
printf '7\ta\tx\ta\t1\n7\ta\ty\tb\t0\n0012\tb\tz\tb\t2\n3\tc\tw\tc\t0.5\n' \
    >"$tmp/num.tsv"
m svm-qid-numeric 'match -F svmlight --label=5 --features=matched num.tsv'
m svm-qid-mixed 'match -F svmlight --label=5 --features=matched pairs.tsv num.tsv'
m svm-qid-mixed-error 'match -F svmlight --label=5 --features=matched num.tsv pairs.tsv'
m svm-qid-mixed-replace 'match -F svmlight --invalid=replace --label=5 --features=matched num.tsv pairs.tsv'
# --qid picks another column: here the label column, as a stand-in.
m svm-qid-column 'match -F svmlight --qid=5 --features=matched pairs.tsv'
m svm-qid-column-missing 'match -F svmlight --qid=6 --features=matched pairs.tsv'
m svm-qid-column-missing-replace 'match -F svmlight --invalid=replace --qid=6 --features=matched pairs.tsv'
# Rows of one qid apart: a warning, once; the qid keeps its number.
printf 'A\ta\tx\ta\nB\tb\tx\tb\nA\ta\ty\ta\nB\tb\ty\tb\n' >"$tmp/apart.tsv"
m svm-not-contiguous 'match -F svmlight --features=matched apart.tsv'
# Labels: a decimal number strtod reads whole; a bad one (a word, a space,
# none, hexadecimal, infinite) is bad input.
printf 'q\ta\tx\ta\t-1.5e0\nq\ta\ty\ta\tgood\nq\ta\tz\ta\t 2\nq\ta\tw\ta\n' \
    >"$tmp/labels.tsv"
printf 'q\ta\tv\ta\t0x10\nq\ta\tu\ta\tinf\nq\ta\tt\ta\t2\n' >>"$tmp/labels.tsv"
m svm-bad-label 'match -F svmlight --label=5 --features=matched labels.tsv'
m svm-bad-label-replace 'match -F svmlight --invalid=replace --label=5 --features=matched labels.tsv'
m svm-bad-label-skip 'match -F svmlight --invalid=skip --label=5 --features=matched labels.tsv'

# Labels that strtod reads but no trainer should: infinite (1e999 overflows),
# nan, an empty column.  Never a value that looks valid: an error by
# default and under replace, skipped and counted under skip.
printf 'q\ta\tx\ta\t1\nq\ta\ty\ta\t1e999\nq\ta\tz\ta\tnan\nq\ta\tw\ta\t\nq\ta\tv\ta\t-2.5\n' \
    >"$tmp/odd-labels.tsv"
m svm-label-1e999 'match -F svmlight --label-col=5 --features=matched odd-labels.tsv'
m svm-label-nan-replace 'sed 2d odd-labels.tsv | match -F svmlight --invalid=replace --label-col=5 --features=matched'
m svm-label-empty-replace 'sed 2,3d odd-labels.tsv | match -F svmlight --invalid=replace --label-col=5 --features=matched'
m svm-label-odd-skip 'match -F svmlight --invalid=skip --label-col=5 --features=matched odd-labels.tsv'
m vw-label-odd-skip 'match -F vw --invalid=skip --label-col=5 --features=matched odd-labels.tsv'

# --header: each file's first line is skipped; the first one names the
# extra columns of the TSV header.
printf 'qid\tquery\tlid\tlisting\tgrade\tdate\nq1\tred shoe\tl1\tred shoe\t3\t2024\n' >"$tmp/head.tsv"
m header-names 'match --header --features=matched head.tsv head.tsv'
m header-names-j3 'match --header -j 3 --features=matched head.tsv'
m header-svm 'match --header -F svmlight --label-col=5 --features=matched head.tsv'
m header-empty 'match --header --features=matched </dev/null'

# --- ranking groups, ids ------------------------------------------------------------
# --groups: the rows of each run of one qid, one count a line (LightGBM's
# .query file); a qid whose rows are apart makes one group per run.
m groups-svm 'match -F svmlight --label-col=5 --features=matched --groups=g.txt pairs.tsv && cat g.txt'
m groups-apart 'match -F svmlight --features=matched --groups=g.txt apart.tsv && cat g.txt'
m groups-tsv 'match --features=matched --no-header --groups=g.txt pairs.tsv && cat g.txt'
m groups-qid-col 'match --features=matched --no-header --qid-col=5 --groups=g.txt pairs.tsv && cat g.txt'
# Skipped lines are in no group; the counts add up to the rows.
m groups-skip 'match -F svmlight --invalid=skip --label-col=5 --features=matched --groups=g.txt labels.tsv && cat g.txt'
# On an error neither the output nor a side file is written.
m groups-error-no-file 'match -F svmlight --label-col=5 --groups=err.g --ids=err.i -o err.svm labels.tsv; echo "status $?"; ls -a | grep -c "^\.*err\." || true'
# --ids: qid TAB lid of each row, in row order, also when lines are skipped.
m ids-skip 'match -F svmlight --invalid=skip --label-col=5 --features=matched --ids=i.txt labels.tsv && cat i.txt'
m ids-tsv 'match --features=matched --ids=i.txt esc.tsv && cat i.txt'
# --id-comment: svmlight rows end with " # qid TAB lid" (the ids as in the
# input, the numbered qid before it).
m id-comment 'match -F svmlight --label-col=5 --features=matched,phrase --id-comment pairs.tsv'
m id-comment-tsv 'match --id-comment pairs.tsv'
# -F vw: label 'qid:lid |q query tokens |l listing tokens |f name:value;
# ids decoded from the stream escapes, then VW-escaped; tokens VW-escaped.
m vw 'match -V v.vocab -F vw --label-col=5 --features=bm25,matched,first_pos pairs.tsv'
m vw-no-label 'match -F vw --features=qlen esc.tsv'
printf 'q 1:x\tprice|10 a:b 5%%\tl|2\tprice|10 a:b cheap\n' >"$tmp/vwesc.tsv"
m vw-escapes 'match -F vw --mode=space --features=matched vwesc.tsv'

# --- files, standard input, -o ------------------------------------------------------
m stdin 'match --features=matched <pairs.tsv'
m dash 'match --features=matched - <pairs.tsv'
m files-and-dash 'match --features=matched an.tsv - crlf.tsv <esc.tsv'
m output-file 'match --features=bm25 -V v.vocab -o out.tsv pairs.tsv && cat out.tsv'
m output-error-no-file 'echo old >keep.tsv; printf "q\tx\tl\n" | match -o keep.tsv; echo "status $?"; cat keep.tsv; ls -a | grep keep'
m output-bad-dir 'match -o no/such/dir/out.tsv pairs.tsv'

# --- 3. bad input -----------------------------------------------------------------
printf 'g\ta\tx\ta\nthree\tcolumns\tonly\ng2\tb\ty\tb c\n' >"$tmp/three.tsv"
m three-columns 'match --features=qlen,dlen,matched three.tsv'
m three-columns-replace 'match --invalid=replace --features=qlen,dlen,matched three.tsv'
m three-columns-skip 'match --invalid=skip --features=qlen,dlen,matched three.tsv'
m one-column-replace 'printf "lonely\n" | match --invalid=replace --features=qlen,dlen'
printf 'g\ta\tx\ta\nb\tbad \377\ty\ta\ng2\tb\ty\tb\n' >"$tmp/utf8.tsv"
m invalid-utf8 'match --features=matched utf8.tsv'
m invalid-utf8-replace 'match --invalid=replace --features=qlen,matched utf8.tsv'
m invalid-utf8-skip 'match --invalid=skip --features=matched utf8.tsv'
m bad-file-then-good 'match --features=matched three.tsv crlf.tsv'
m missing-file 'match --features=matched no-such.tsv crlf.tsv'

m cosine-noidf 'match -V noidf.vocab --features=cosine pairs.tsv'
m bm25-no-vocab 'match --features=bm25 pairs.tsv'
m cosine-no-vocab 'match --features=matched,cosine pairs.tsv'
m k1-no-vocab 'match --k1=1 pairs.tsv'
m vocab-missing 'match -V no-such.vocab pairs.tsv'
m vocab-stdin 'match -V - pairs.tsv'
printf 'term\t1\t1\n' >"$tmp/nohead.vocab"
m vocab-no-header 'match -V nohead.vocab pairs.tsv'
printf '#textfeat-vocab\t1\n#docs\t2\n#tokens\t4\n#idf\tsmooth\nb\t1\t1\t1\na\t1\t1\t1\n' \
    >"$tmp/order.vocab"
m vocab-out-of-order 'match -V order.vocab pairs.tsv'
printf '#textfeat-vocab\t1\n#docs\t2\n#tokens\t4\n#idf\tsmooth\na\t1\t1\n' \
    >"$tmp/cols.vocab"
m vocab-missing-idf-column 'match -V cols.vocab pairs.tsv'

# --- usage -----------------------------------------------------------------------
m help 'match --help'
m help-short 'match -h'
m version 'match --version'
m bad-feature 'match --features=qlen,bogus pairs.tsv'
m bad-feature-empty 'match --features= pairs.tsv'
m bad-feature-twice 'match --features=qlen,dlen,qlen pairs.tsv'
m bad-k1 'match -V v.vocab --k1=-1 pairs.tsv'
m bad-k1-text 'match -V v.vocab --k1=x pairs.tsv'
m bad-k1-nan 'match -V v.vocab --k1=nan pairs.tsv'
m bad-b 'match -V v.vocab --b=1.5 pairs.tsv'
m bad-precision 'match --precision=0 pairs.tsv'
m bad-format 'match -F csv pairs.tsv'
m bad-label-column 'match -F svmlight --label=0 pairs.tsv'
m label-without-svmlight 'match --label=5 pairs.tsv'
m qid-without-svmlight 'match --qid=2 pairs.tsv'
m label-tsv 'match --label-col=5 pairs.tsv'
m bad-threads 'match -j 0 pairs.tsv'
m bad-invalid 'match --invalid=ignore pairs.tsv'
m bad-stem 'match --stem=klingon pairs.tsv'
m unknown-option 'match --bogus pairs.tsv'
m missing-argument 'match --features'

# --- output failures ---------------------------------------------------------------
if [ -w /dev/full ]; then
	m dev-full 'match pairs.tsv >/dev/full'
	m dev-full-help 'match --help >/dev/full'
	m names-dev-full 'match --names=/dev/full pairs.tsv'
fi
# A closed pipe ends match quietly, with SIGPIPE or (ignored) EPIPE.
awk 'BEGIN { for (i = 0; i < 30000; i++)
	printf "q%d\tred shoe %d\tl%d\tred running shoe %d blue\n", i % 50, i % 7, i, i }' \
    >"$tmp/many.tsv"
m pipe-head 'match many.tsv | head -n 2'
m pipe-head-sigpipe-ignored 'trap "" PIPE; match many.tsv | head -n 2'
# VW rows are the same on any number of threads.
match -F vw -j 4 -V "$tmp/v.vocab" "$tmp/many.tsv" >"$tmp/many.vw4"
match -F vw -j 1 -V "$tmp/v.vocab" "$tmp/many.tsv" >"$tmp/many.vw1"
expect_file "vw: -j 1 and -j 4 write the same" "$tmp/many.vw1" "$tmp/many.vw4"

# --- 4. invariants on random pairs ---------------------------------------------------
# Random pairs over a small vocabulary, queries repeated on runs of lines.
awk 'BEGIN { srand(7); split("red shoe blue running hat cheap nice book case x", w, " ")
	for (i = 0; i < 3000; i++) {
		if (i % 5 == 0) { q = ""; n = 1 + int(rand() * 4)
			for (k = 0; k < n; k++) q = q (k ? " " : "") w[1 + int(rand() * 10)] }
		d = ""; n = int(rand() * 12)
		for (k = 0; k < n; k++) d = d (k ? " " : "") w[1 + int(rand() * 10)]
		printf "q%d\t%s\tl%d\t%s\t%d\n", int(i / 5), q, i, d, i % 4 } }' \
    >"$tmp/rand.tsv"
match -V "$tmp/v.vocab" -j 1 "$tmp/rand.tsv" >"$tmp/rand.1"
match -V "$tmp/v.vocab" -j 4 "$tmp/rand.tsv" >"$tmp/rand.4"
expect_file "-j 1 and -j 4 write the same" "$tmp/rand.1" "$tmp/rand.4"
# The query is kept between lines: the same values when lines are shuffled
# (the rows compared sorted by lid).
sort -t '	' -k3,3 -k1,1 -r "$tmp/rand.tsv" >"$tmp/rand.shuf"
match -V "$tmp/v.vocab" --no-header "$tmp/rand.shuf" | sort >"$tmp/rand.s1"
tail -n +2 "$tmp/rand.1" | sort >"$tmp/rand.s2"
expect_file "query reuse: the same values in any line order" \
    "$tmp/rand.s2" "$tmp/rand.s1"
# svmlight has the same values as the TSV, in the same order.
match -V "$tmp/v.vocab" -F svmlight --label=5 "$tmp/rand.tsv" |
    awk '{ s = $1; for (i = 3; i <= NF; i++) { sub(/^[0-9]+:/, "", $i); s = s "\t" $i }; print s }' \
    >"$tmp/rand.svm"
tail -n +2 "$tmp/rand.1" | awk -F '\t' -v OFS='\t' \
    '{ s = $NF; for (i = 3; i < NF; i++) s = s "\t" $i; print s }' >"$tmp/rand.tsvv"
expect_file "svmlight values equal the TSV values" "$tmp/rand.tsvv" "$tmp/rand.svm"
# No value is nan or inf, ever; ratios within [0, 1]; first_pos < dlen.
bad=$(tail -n +2 "$tmp/rand.1" | awk -F '\t' '
	/nan|inf/ { print "nan/inf: " $0; next }
	$6 < 0 || $6 > 1 || $7 < 0 || $7 > 1 || $8 < 0 || $8 > 1 || $9 < 0 ||
	$9 > 1 || $14 < 0 || $14 > 1 { print "ratio out of range: " $0 }
	$13 >= $4 && $4 > 0 || $13 < -1 { print "first_pos: " $0 }' | head -n 3)
expect_eq "values finite and in range" "" "$bad"

finish
