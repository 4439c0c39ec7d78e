#!/bin/sh
# vocab-docs.sh - vocab --docs counts what tokenize | ngrams | vocab
# counts, byte for byte, whichever counter does it:
#
#  - word n-grams of word-mode tokens joined by a joiner that starts below
#    '0' are counted by token numbers (lib/ngcount.c), others as text
#    (lib/dfcount.c): both, over option sets of each kind;
#  - with one worker thread or several, and with a memory limit small
#    enough for many sorted runs (the runs' merges included);
#  - on the sample listings, the parity corpus and random documents with a
#    long tail of words, some of them non-ASCII, and empty documents;
#  - documents of more tokens than the counter by token numbers holds
#    between runs (counted as text, apart).
. "${srcdir:-.}/tests/init.sh"

for t in tokenize ngrams vocab; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

cat "$srcdir/tests/parity/corpus.tsv" "$srcdir/data/listings.tsv" \
    >"$tmp/docs.tsv" || exit 99
awk 'BEGIN { srand(12); split("caf\303\251 na\303\257ve \320\274\320\270\321\200 x_y 42 \346\227\245\346\234\254", w, " ")
	for (d = 0; d < 4000; d++) {
		n = int(rand() * 30); printf "r%d\t", d
		for (i = 0; i < n; i++) {
			r = rand()
			if (r < 0.05) s = w[1 + int(rand() * 6)]
			else if (r < 0.1) s = "A-b.c"
			else s = "w" int(1 / (rand() + 0.0005))
			printf "%s%s", (i ? " " : ""), s
		}
		print "" } }' >>"$tmp/docs.tsv"
cd "$tmp"

n=0
while IFS='|' read -r topts nopts; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	tokenize $topts docs.tsv | ngrams $nopts | vocab >pipe.vocab
	for o in "" "-j 1" "-j 3" "-S 64K --verbose" "-S 64K -j 1 --verbose"; do
		# shellcheck disable=SC2086
		vocab --docs $o $topts $nopts docs.tsv >one.vocab 2>one.err ||
		    { fail "vocab --docs $o $topts $nopts: exit status"
		      cat one.err >&2; }
		expect_file "vocab --docs $o = pipeline: $topts | $nopts" \
		    pipe.vocab one.vocab
		case $o in
		*-S*)
			# A limit this small spills runs.
			runs=$(sed -n 's/.*tokens; \([0-9]*\) sorted run.*/\1/p' one.err)
			checks=$((checks + 1))
			[ "${runs:-0}" -ge 2 ] ||
			    fail "vocab --docs $o $topts $nopts: $runs runs"
		esac
	done
	# shellcheck disable=SC2086
	tokenize $topts docs.tsv | ngrams $nopts |
	    vocab --idf=smooth --min-df=2 >pipe.vocab
	# shellcheck disable=SC2086
	vocab --docs --idf=smooth --min-df=2 $topts $nopts docs.tsv \
	    >one.vocab 2>/dev/null
	expect_file "vocab --docs --idf=smooth --min-df=2 = pipeline: $topts | $nopts" \
	    pipe.vocab one.vocab
done <<'SETS'
--mode=word --case=lower --norm=none --min-len=2|-n 1:3
--mode=word|-n 2:3
--mode=word --case=keep --stop=english|-n 1:4 -J -
--mode=word --max-len=5 --strip-accents|-n 3 -J .
--mode=word --norm=nfc|-n 1:2 -J #=
--mode=word|-n 1:2 -J ~
--mode=word|-n 1:3 -J ::
--mode=word --stem=english|-n 1:2
--mode=word|-n 1:3 --skip=1
--mode=word|-n 1:2 --char-wb=3
|-n 1:3
SETS
expect_eq "vocab --docs: option sets" 11 "$n"

# Under -S 16K, a document of more than 2048 tokens is more than the
# counter by token numbers takes between runs: it is counted as text,
# apart, and merged.
awk 'BEGIN { srand(3); for (d = 0; d < 40; d++) {
	n = (d % 7 == 0) ? 3000 : int(rand() * 40); printf "g%d\t", d
	for (i = 0; i < n; i++) printf "%sw%d", (i ? " " : ""), int(1 / (rand() + 0.002))
	print "" } }' >long.tsv
tokenize --mode=word long.tsv | ngrams -n 1:3 | vocab >pipe.vocab
for o in "" "-S 16K" "-S 16K -j 1" "-S 16K --idf=smooth"; do
	case $o in
	*idf*) tokenize --mode=word long.tsv | ngrams -n 1:3 |
		vocab --idf=smooth >want.vocab ;;
	*) cp pipe.vocab want.vocab ;;
	esac
	# shellcheck disable=SC2086
	vocab --docs $o --mode=word -n 1:3 long.tsv >one.vocab
	expect_file "vocab --docs $o: long documents" want.vocab one.vocab
done

# A document of no tokens and one of a single token still count.
printf 'a\t\nb\t!!\nc\tone\nd\tone two\n' >few.tsv
tokenize --mode=word few.tsv | ngrams -n 1:3 | vocab >pipe.vocab
vocab --docs --mode=word -n 1:3 few.tsv >one.vocab
expect_file "vocab --docs: empty and short documents" pipe.vocab one.vocab

finish
