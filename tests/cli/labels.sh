#!/bin/sh
# labels.sh - trainer-ready files (issue 14): ids with every row, label
# maps, several labels, fastText lines, labels never repaired.
. "${srcdir:-.}/tests/init.sh"

cd "$tmp"
printf 'd1\tred shoe\tfurniture\nd2\tblue chair\ttoys,books\nd3\tx\\\\y z\tfurniture\n' >tok.tsv

# --- fastText: labels, several of them, tokens decoded ------------------
got=$(vectorize -F fasttext --label-col=3 tok.tsv)
expect_eq "fasttext lines" "__label__furniture red shoe
__label__toys __label__books blue chair
__label__furniture x\\y z" "$got"
got=$(printf 'd1\ta b\t\nd2\tc\n' | vectorize -F fasttext --label-col=3 --invalid=skip 2>err; cat err)
expect_eq "fasttext: an empty label column, and a missing one skipped" "a b
vectorize: 1 line with invalid input skipped" "$got"
got=$(printf 'd1\ta\tbad label\n' | vectorize -F fasttext --label-col=3 2>&1; echo "rc=$?")
expect_eq "fasttext: a label with a space" "vectorize: stdin:1: bad label 'bad label' in column 3 (a fastText label has no space)
rc=1" "$got"
got=$(vectorize -F fasttext --hash=8 tok.tsv 2>&1; echo "rc=$?")
expect_eq "fasttext takes no index" "vectorize: -F fasttext writes the tokens themselves: no index, values or names
Try 'vectorize --help' for more information.
rc=2" "$got"

# --- label map: built, written whole, read back ----------------------
got=$(vectorize --hash=16 --label-col=3 --label-map=cats.map tok.tsv | cut -d' ' -f1 | paste -sd' ')
expect_eq "svmlight labels through a new map" "0 1,2 0" "$got"
expect_eq "the map built" "furniture	0
toys	1
books	2" "$(cat cats.map)"
printf 'd4\tq\tbooks\nd5\tr\tfurniture,toys\n' >test.tsv
got=$(vectorize --hash=16 --label-col=3 --label-map=cats.map -F vw test.tsv | cut -d' ' -f1 | paste -sd' ')
expect_eq "vw labels through the existing map" "2 0,1" "$got"
expect_eq "an existing map is left as it is" "furniture	0
toys	1
books	2" "$(cat cats.map)"
printf 'neg\t-1\npos\t1\n' >pm.map
got=$(printf 'a\tx\tpos\nb\ty\tneg\n' | vectorize --hash=4 --label-col=3 --label-map=pm.map | cut -d' ' -f1 | paste -sd' ')
expect_eq "a map written by hand" "1 -1" "$got"

# --- a label that cannot be read is never repaired -------------------
printf 'd6\tq\tother\nd7\tr\ttoys\n' >bad.tsv
got=$(vectorize --hash=16 --label-col=3 --label-map=cats.map --invalid=replace bad.tsv 2>&1; echo "rc=$?")
expect_eq "replace: a class not in the map stops" "vectorize: bad.tsv:1: bad label 'other' in column 3 (not in the label map) (a label or qid is never replaced; --invalid=skip drops the line)
rc=1" "$got"
got=$(vectorize --hash=16 --label-col=3 --label-map=cats.map --invalid=skip bad.tsv 2>err; echo "rc=$?"; cat err)
expect_eq "skip: dropped and counted" "1 1:1
rc=0
vectorize: 1 line with invalid input skipped" "$got"
got=$(printf 'd1\ta\tnan-ish\n' | vectorize --hash=4 --label-col=3 --invalid=replace 2>&1; echo "rc=$?")
expect_eq "replace: a label that is not a number is not turned into 0" "vectorize: stdin:1: bad label 'nan-ish' in column 3 (a label or qid is never replaced; --invalid=skip drops the line)
rc=1" "$got"
got=$(printf 'd1\ta\t1\t7x\n' | vectorize --hash=4 --label-col=3 --qid-col=4 --invalid=replace 2>&1; echo "rc=$?")
expect_eq "replace: nor a bad qid into qid:0" "vectorize: stdin:1: bad qid '7x' in column 4 (not a non-negative integer) (a label or qid is never replaced; --invalid=skip drops the line)
rc=1" "$got"
rm -f new.map
printf 'd1\ta\tok\nd2\tb\tnot ok\n' >space.tsv
vectorize --hash=16 --label-col=3 --label-map=new.map -o out.svm space.tsv 2>/dev/null || true
expect_eq "a failed run writes no map" "no" "$([ -e new.map ] && echo yes || echo no)"
printf 'a\t1\na\t2\n' >dup.map
got=$(vectorize --hash=4 --label-col=3 --label-map=dup.map tok.tsv 2>&1; echo "rc=$?")
expect_eq "a bad map is refused with its place" "vectorize: dup.map:2: label 'a' given twice
rc=1" "$got"

# --- ids: a comment on svmlight rows, a side file in every format ----
printf 'd1\ta\t1\nd2\nd3\tc\t0\n' >ids.tsv
got=$(vectorize --hash=4 --label-col=3 --id-comment --invalid=skip ids.tsv 2>/dev/null)
expect_eq "svmlight # id comments, after a skipped line" "1 2:1 # d1
0 1:-1 # d3" "$got"
for f in svmlight vw triplet dense fasttext; do
	idx=--hash=4
	[ $f = fasttext ] && idx=
	case $f in triplet|dense) lc= ;; *) lc=--label-col=3 ;; esac
	vectorize $idx -F $f --ids=ids.$f --invalid=skip $lc \
	    -o out.$f ids.tsv 2>/dev/null || fail "--ids with -F $f"
	expect_eq "-F $f --ids: the ids of the rows written" "d1 d3" \
	    "$(paste -sd' ' ids.$f)"
done
got=$(vectorize --hash=4 -F vw --id-comment ids.tsv 2>&1; echo "rc=$?")
expect_eq "--id-comment is for svmlight" "vectorize: --id-comment applies to svmlight only
Try 'vectorize --help' for more information.
rc=2" "$got"

# Threads give the same lines as one thread with a label map read back.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "d%d\tt%d u%d\t%s\n", i, i % 7, i % 3, (i % 3 ? "a" : "b,a") }' >many.tsv
vectorize --hash=64 --label-col=3 --label-map=many.map -j4 many.tsv >one.svm
vectorize --hash=64 --label-col=3 --label-map=many.map -j4 many.tsv >four.svm
expect_file "label map: built on one thread, read on four" one.svm four.svm
expect_eq "label map: order of first appearance" "b	0
a	1" "$(cat many.map)"

finish
