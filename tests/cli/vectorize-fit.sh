#!/bin/sh
# vectorize-fit.sh - vectorize --docs --fit=M (fit and vectorize in one
# process, each document read and analysed once) writes the vocab M and
# the vectors that `vocab --docs ... -o M && vectorize -V M --docs ...`
# write, byte for byte, with every side file (--names, --ids,
# --label-map) and the same stderr and exit status: over option sets of
# analysis (each counter of vocab --docs: word n-grams by token numbers
# and as text), pruning, idf kinds, weights, norms and formats, on the
# sample listings, the parity corpus and random documents with labels;
# rows formatted on 1 to 3 threads; then the refusals of options --fit
# does not take.
. "${srcdir:-.}/tests/init.sh"

for t in vocab vectorize; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

# Docs with a label (column 3) and a query id (column 4); some empty.
cat "$srcdir/tests/parity/corpus.tsv" "$srcdir/data/listings.tsv" |
    awk -F '\t' '{ print $1 "\t" $2 "\t" (NR % 3 ? "pos" : "neg") "\t" int(NR / 7) }' \
    >"$tmp/docs.tsv" || exit 99
awk 'BEGIN { srand(5)
	for (d = 0; d < 1500; d++) {
		n = int(rand() * 20); printf "r%d\t", d
		for (i = 0; i < n; i++)
			printf "%sw%d", (i ? " " : ""), int(1 / (rand() + 0.002))
		printf "\t%s\t%d\n", (d % 4 ? "pos" : "neg"), 100 + int(d / 9) } }' \
    >>"$tmp/docs.tsv"
cd "$tmp"
mkdir two one

n=0
# analysis | pruning | idf kind (- none) | vectorize options
while IFS='|' read -r aopts prune kind vopts; do
	n=$((n + 1))
	vidf= kidf= fidf=
	if [ "$kind" != - ]; then
		vidf=--idf kidf=--idf=$kind fidf=--idf=$kind
	fi
	# vectorize spells tokenize's --norm --text-norm.
	vaopts=$(printf '%s' "$aopts" | sed 's/--norm=/--text-norm=/')
	what="$aopts | $prune $kidf | $vopts"
	# shellcheck disable=SC2086
	(set +e; cd two && vocab --docs $aopts $prune $kidf -o m.vocab ../docs.tsv \
	    2>err && vectorize -V m.vocab --docs $vidf $vopts ../docs.tsv \
	    >out 2>>err; echo $? >rc)
	# shellcheck disable=SC2086
	(set +e; cd one && vectorize --docs $vaopts $prune $fidf --fit=m.vocab $vopts \
	    ../docs.tsv >out 2>err; echo $? >rc)
	expect_eq "--fit exit status: $what" 0 "$(cat one/rc)"
	for f in two/*; do
		# vocab's messages (pruning) are vectorize's with --fit.
		[ "${f#two/}" != err ] || sed -i 's/^vocab: /vectorize: /' "$f"
		expect_file "--fit = vocab && vectorize -V, ${f#two/}: $what" \
		    "$f" "one/${f#two/}"
	done
	expect_eq "--fit files: $what" "$(ls two)" "$(ls one)"
	rm -f two/* one/*
done <<'SETS'
--mode=word --case=lower --norm=none --min-len=2||smooth|
--mode=word -n 1:3|--min-df=2|plain|--weight=log --norm=l1
|--max-features=50|bm25|--weight=augmented
--stop=english --stem=english||-|-F triplet --names=names.tsv
--mode=word -n 1:2 -J ~|--max-df=0.5|smooth|-F vw --label-col=3
--mode=word -n 1:2 --char-wb=3|--max-features=100|smooth|-F dense
--mode=word|--min-df=3 --max-df=0.9|smooth|--weight=binary --norm=none --one-based --id-comment
--case=keep||-|--ids=ids.txt --label-col=3 --label-map=labels.map --qid-col=4
--mode=word -n 1:3 --skip=1||smooth|--weight=freq --precision=4
--mode=word -n 2:3||plain|--label-col=4 --quiet
--mode=uax29 --max-len=6||smooth|--strict
SETS
expect_eq "vectorize --fit: option sets" 11 "$n"

# Blocks of rows formatted on threads (4096 documents a block), written
# in order: the same bytes with 1, 2 and 3 threads (the documents counted
# in as many parts), pruned or not (the parts' terms merged into the rows
# by the vocab tool's merge, or at once).
awk 'BEGIN { srand(9)
	for (d = 0; d < 13000; d++) {
		n = int(rand() * 12); printf "b%d\t", d
		for (i = 0; i < n; i++)
			printf "%sw%d", (i ? " " : ""), int(1 / (rand() + 0.001))
		printf "\t%d\n", d % 5 } }' >big.tsv
for prune in --min-df=2 ''; do
	# shellcheck disable=SC2086
	vocab --docs $prune --idf=smooth -o big.vocab big.tsv
	vectorize -V big.vocab --docs --idf --label-col=3 big.tsv >big.two
	for j in 1 2 3; do
		# shellcheck disable=SC2086
		vectorize --docs $prune --fit=big$j.vocab --idf --label-col=3 \
		    -j $j big.tsv >big.one 2>/dev/null
		expect_file "--fit $prune -j $j: vectors" big.two big.one
		expect_file "--fit $prune -j $j: vocab" big.vocab big$j.vocab
	done
done

# Refusals (exit 2, one line).
for bad in "--fit=m.vocab" "--docs --fit=m.vocab -V m.vocab" \
    "--docs --fit=m.vocab --hash=16" "--docs --fit=-" \
    "--docs -V two.vocab --min-df=2" "--docs --hash=8 --idf=plain" \
    "--docs --fit=m.vocab --idf=odd"; do
	# shellcheck disable=SC2086
	vectorize $bad docs.tsv >out 2>err && st=0 || st=$?
	expect_eq "vectorize $bad: exit status" 2 "$st"
	expect_eq "vectorize $bad: no output" "" "$(cat out)"
	expect_eq "vectorize $bad: no vocab written" no "$([ -e m.vocab ] && echo yes || echo no)"
done
finish
