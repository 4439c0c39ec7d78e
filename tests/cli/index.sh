#!/bin/sh
# index.sh - end-to-end tests of index(1) and retrieve(1).
#
# 1. Rankings equal an exhaustive reference (tests/cli/retrieve_ref.py,
#    scoring every document) on data/ and on a generated corpus of few
#    distinct words, full of ties; with --k1/--b, --allow, --exclude-self
#    and --score=tfidf; retrieve --exhaustive gives the same bytes.
# 2. retrieve --pairs into match: match's bm25 (and cosine) equal
#    retrieve's scores.
# 3. The same index whatever the build: shards merged with index --merge,
#    -S spilling; the same output with any -j.
# 4. Refusals: a truncated, corrupted or foreign index, an index missing,
#    --pairs without stored texts, shards of different analyses; a query
#    without an indexed term gives no rows and is counted on stderr.
. "${srcdir:-.}/tests/init.sh"

command -v index >/dev/null 2>&1 || { echo "index not on PATH" >&2; exit 99; }
py=${PYTHON_REF:-/usr/bin/python3}
ref=$srcdir/tests/cli/retrieve_ref.py
have_py=yes
"$py" -c 'import sys' 2>/dev/null || have_py=no

data=$srcdir/data

# --- 1. against the reference ------------------------------------------
index --store -o "$tmp/l.idx" "$data/listings.tsv"
tokenize "$data/listings.tsv" | cut -f1,2 >"$tmp/l.tok"
tokenize "$data/queries.tsv" | cut -f1,2 >"$tmp/q.tok"

# The generated corpus: 3000 documents of 1 to 6 words out of 5, many
# alike (ties), ids in input order; 60 queries of 1 to 3 words.
awk 'BEGIN { srand(13); split("red blue green shoe hat", w, " ");
	for (i = 1; i <= 3000; i++) {
		n = 1 + int(rand() * 6); s = "";
		for (j = 0; j < n; j++) s = s (j ? " " : "") w[1 + int(rand() * 5)];
		printf "g%04d\t%s\textra%d\n", i, s, i % 7 } }' >"$tmp/g.tsv"
awk 'BEGIN { srand(7); split("red blue green shoe hat sock", w, " ");
	for (i = 1; i <= 60; i++) {
		n = 1 + int(rand() * 3); s = "";
		for (j = 0; j < n; j++) s = s (j ? " " : "") w[1 + int(rand() * 6)];
		printf "q%02d\t%s\n", i, s } }' >"$tmp/gq.tsv"
index --store -o "$tmp/g.idx" "$tmp/g.tsv"
tokenize "$tmp/g.tsv" | cut -f1,2 >"$tmp/g.tok"
tokenize "$tmp/gq.tsv" >"$tmp/gq.tok"
awk 'NR % 3 == 0 { print $1 }' "$tmp/g.tsv" >"$tmp/allow"

# same NAME OPTIONS... -- REFARGS...: retrieve (pruned and exhaustive)
# against the reference.
same() {
	name=$1 idx=$2 q=$3 k=$4
	shift 4
	ropts=
	while [ "$1" != -- ]; do ropts="$ropts $1"; shift; done
	shift
	retrieve -I "$idx" -k "$k" $ropts "$q" >"$tmp/r.out" 2>/dev/null ||
	    fail "$name: retrieve failed"
	retrieve -I "$idx" -k "$k" --exhaustive $ropts "$q" >"$tmp/x.out" \
	    2>/dev/null || fail "$name: retrieve --exhaustive failed"
	expect_file "$name: pruned = exhaustive" "$tmp/x.out" "$tmp/r.out"
	if [ $have_py = yes ]; then
		"$py" "$ref" "$@" >"$tmp/ref.out"
		expect_file "$name: = reference" "$tmp/ref.out" "$tmp/r.out"
	fi
}
same data-k3 "$tmp/l.idx" "$data/queries.tsv" 3 -- \
    "$tmp/l.tok" "$tmp/q.tok" 3
same data-k100 "$tmp/l.idx" "$data/queries.tsv" 100 -- \
    "$tmp/l.tok" "$tmp/q.tok" 100
same data-k1b "$tmp/l.idx" "$data/queries.tsv" 4 --k1=2 --b=0.3 -- \
    "$tmp/l.tok" "$tmp/q.tok" 4 --k1=2 --b=0.3
same data-tfidf "$tmp/l.idx" "$data/queries.tsv" 5 --score=tfidf -- \
    "$tmp/l.tok" "$tmp/q.tok" 5 tfidf
for k in 1 7 50 1000; do
	same ties-k$k "$tmp/g.idx" "$tmp/gq.tsv" $k -- \
	    "$tmp/g.tok" "$tmp/gq.tok" $k
done
same ties-k0b "$tmp/g.idx" "$tmp/gq.tsv" 20 --k1=0 --b=0 -- \
    "$tmp/g.tok" "$tmp/gq.tok" 20 --k1=0 --b=0
same ties-allow "$tmp/g.idx" "$tmp/gq.tsv" 25 --allow="$tmp/allow" -- \
    "$tmp/g.tok" "$tmp/gq.tok" 25 bm25 "$tmp/allow"
same ties-tfidf "$tmp/g.idx" "$tmp/gq.tsv" 30 --score=tfidf -- \
    "$tmp/g.tok" "$tmp/gq.tok" 30 tfidf
# Rank safety where pruning has the most to do: 30000 documents of 1 to 40
# words out of 400 of Zipf-like frequencies (lists of one block to
# hundreds, many equal scores), 150 queries of 1 to 7 words (repeats too):
# block skipping, lists looked up (the dense ones loose: their blocks
# ending no region), one to seven walked.
awk 'BEGIN { srand(29);
	for (i = 1; i <= 30000; i++) {
		n = 1 + int(rand() * rand() * 40); s = "";
		for (j = 0; j < n; j++)
			s = s (j ? " " : "") "w" int(400 ^ rand());
		printf "z%05d\t%s\n", i, s } }' >"$tmp/z.tsv"
awk 'BEGIN { srand(31);
	for (i = 1; i <= 150; i++) {
		n = 1 + int(rand() * 7); s = "";
		for (j = 0; j < n; j++)
			s = s (j ? " " : "") "w" int(400 ^ rand());
		printf "q%03d\t%s\n", i, s } }' >"$tmp/zq.tsv"
index -o "$tmp/z.idx" "$tmp/z.tsv"
awk 'NR % 5 != 0 { print $1 }' "$tmp/z.tsv" >"$tmp/zallow"
for opts in "-k 1" "-k 10" "-k 100" "-k 1000" "-k 10 --k1=0.5 --b=1" \
    "-k 50 --score=tfidf" "-k 30 --allow=ALLOW"; do
	o=$(printf '%s' "$opts" | sed "s|ALLOW|$tmp/zallow|")
	retrieve -I "$tmp/z.idx" $o "$tmp/zq.tsv" >"$tmp/r.out" 2>/dev/null
	retrieve -I "$tmp/z.idx" --exhaustive $o "$tmp/zq.tsv" \
	    >"$tmp/x.out" 2>/dev/null
	expect_file "zipf $opts: pruned = exhaustive" "$tmp/x.out" "$tmp/r.out"
done

# The searcher's bits of the dense lists it looked up (one document in 64
# or more: here words up to about w100; 64 lists at most, then those
# least recently used make room): 3000 queries of 2 to 4 words, a rare
# one and dense ones, on one thread, so that more than 64 dense lists
# are looked up and bits are made again.
awk 'BEGIN { srand(41);
	for (i = 1; i <= 3000; i++) {
		s = "w" (150 + int(rand() * 250));
		for (j = 0; j < 1 + i % 3; j++) s = s " w" int(120 ^ rand());
		printf "b%04d\t%s\n", i, s } }' >"$tmp/bq.tsv"
retrieve -j 1 -I "$tmp/z.idx" -k 10 "$tmp/bq.tsv" >"$tmp/r.out" 2>/dev/null
retrieve -j 1 -I "$tmp/z.idx" -k 10 --exhaustive "$tmp/bq.tsv" \
    >"$tmp/x.out" 2>/dev/null
expect_file "dense lists' bits: pruned = exhaustive" "$tmp/x.out" \
    "$tmp/r.out"

# The searcher's cache of the terms met (16384, then it starts again):
# 17000 queries, each with a term of its own (not in the index) and known
# ones, some twice (another weight for the same list).
awk 'BEGIN { srand(37); split("red blue green shoe hat", w, " ");
	for (i = 1; i <= 17000; i++) {
		s = "u" i;
		for (j = 0; j < 1 + i % 3; j++) s = s " " w[1 + int(rand() * 5)];
		printf "c%05d\t%s\n", i, s } }' >"$tmp/cq.tsv"
retrieve -I "$tmp/g.idx" -k 10 "$tmp/cq.tsv" >"$tmp/r.out" 2>/dev/null
retrieve -I "$tmp/g.idx" -k 10 --exhaustive "$tmp/cq.tsv" >"$tmp/x.out" \
    2>/dev/null
expect_file "term cache: pruned = exhaustive" "$tmp/x.out" "$tmp/r.out"
expect_eq "term cache: 10 rows a query" 170000 "$(wc -l <"$tmp/r.out")"

# Listing-to-listing: each listing a query, itself left out.
cut -f1,2 "$tmp/g.tsv" | head -n 40 >"$tmp/self.tsv"
tokenize "$tmp/self.tsv" >"$tmp/self.tok"
same self "$tmp/g.idx" "$tmp/self.tsv" 5 --score=tfidf --exclude-self -- \
    "$tmp/g.tok" "$tmp/self.tok" 5 tfidf --exclude-self

# A filtered search returns K results whenever K allowed documents match.
retrieve -I "$tmp/g.idx" -k 25 --allow="$tmp/allow" "$tmp/gq.tsv" \
    2>/dev/null >"$tmp/a.out"
bad=$(awk -F '\t' 'NR == FNR { ok[$1] = 1; next } !($2 in ok)' \
    "$tmp/allow" "$tmp/a.out" | wc -l)
expect_eq "--allow: only allowed ids" 0 "$bad"
short=$(cut -f1 "$tmp/a.out" | uniq -c | awk '$1 != 25' | wc -l)
expect_eq "--allow: 25 results a query" 0 "$short"

# --- 2. into match -----------------------------------------------------
for src in data g; do
	if [ $src = data ]; then docs=$data/listings.tsv q=$data/queries.tsv
	else docs=$tmp/g.tsv q=$tmp/gq.tsv; fi
	tokenize "$docs" | vocab --idf=smooth -o "$tmp/v.vocab"
	retrieve -I "$tmp/$([ $src = data ] && echo l || echo g).idx" -k 20 \
	    --pairs "$q" 2>/dev/null >"$tmp/pairs"
	retrieve -I "$tmp/$([ $src = data ] && echo l || echo g).idx" -k 20 \
	    "$q" 2>/dev/null | cut -f1,2,4 >"$tmp/scores"
	match -V "$tmp/v.vocab" --features=bm25 --no-header "$tmp/pairs" |
	    cut -f1-3 >"$tmp/mscores"
	expect_file "$src: match's bm25 = retrieve's score" "$tmp/scores" \
	    "$tmp/mscores"
	retrieve -I "$tmp/$([ $src = data ] && echo l || echo g).idx" -k 20 \
	    --score=tfidf --pairs "$q" 2>/dev/null >"$tmp/pairs"
	retrieve -I "$tmp/$([ $src = data ] && echo l || echo g).idx" -k 20 \
	    --score=tfidf "$q" 2>/dev/null | cut -f1,2,4 >"$tmp/scores"
	match -V "$tmp/v.vocab" --features=cosine --no-header "$tmp/pairs" |
	    cut -f1-3 >"$tmp/mscores"
	expect_file "$src: match's cosine = retrieve's tfidf" \
	    "$tmp/scores" "$tmp/mscores"
done
# --pairs carries the listing's text and extra columns.
retrieve -I "$tmp/g.idx" -k 1 --pairs "$tmp/gq.tsv" 2>/dev/null |
    head -n 1 >"$tmp/p1"
lid=$(cut -f3 "$tmp/p1")
expect_eq "--pairs: listing and extra" "$(grep "^$lid	" "$tmp/g.tsv" |
    cut -f2-)" "$(cut -f4- "$tmp/p1")"

# --- 3. the same index however it is built ------------------------------
head -n 1000 "$tmp/g.tsv" >"$tmp/s1"
sed -n '1001,1001p' "$tmp/g.tsv" >"$tmp/s2"
tail -n +1002 "$tmp/g.tsv" >"$tmp/s3"
for i in 1 2 3; do index --store -o "$tmp/s$i.idx" "$tmp/s$i"; done
index --merge -o "$tmp/m.idx" "$tmp/s1.idx" "$tmp/s2.idx" "$tmp/s3.idx"
expect_file "merged shards = one build" "$tmp/g.idx" "$tmp/m.idx"
index --store -S 64K -o "$tmp/sp.idx" "$tmp/g.tsv"
expect_file "-S 64K = one build" "$tmp/g.idx" "$tmp/sp.idx"
index --store -o "$tmp/stdin.idx" <"$tmp/g.tsv"
expect_file "standard input = file" "$tmp/g.idx" "$tmp/stdin.idx"
retrieve -I "$tmp/g.idx" -k 9 -j 1 "$tmp/gq.tsv" >"$tmp/j1" 2>/dev/null
for j in 2 3 4; do
	retrieve -I "$tmp/g.idx" -k 9 -j $j "$tmp/gq.tsv" >"$tmp/jn" \
	    2>/dev/null
	expect_file "-j $j = -j 1" "$tmp/j1" "$tmp/jn"
done
# retrieve's chunks are of 64 queries: many chunks, the last line
# without its newline, from a pipe too.
for i in 1 2 3 4 5; do cat "$tmp/gq.tsv"; done | head -c -1 >"$tmp/gq5"
expect_eq "300 queries, the last without its newline" 299 \
    "$(wc -l <"$tmp/gq5" | tr -d ' ')"
retrieve -I "$tmp/g.idx" -k 3 -j 1 "$tmp/gq5" >"$tmp/j1" 2>/dev/null
for j in 2 3; do
	retrieve -I "$tmp/g.idx" -k 3 -j $j "$tmp/gq5" >"$tmp/jn" 2>/dev/null
	expect_file "many chunks: -j $j = -j 1" "$tmp/j1" "$tmp/jn"
	retrieve -I "$tmp/g.idx" -k 3 -j $j <"$tmp/gq5" >"$tmp/jn" 2>/dev/null
	expect_file "many chunks, standard input: -j $j = -j 1" "$tmp/j1" \
	    "$tmp/jn"
done
retrieve -I "$tmp/g.idx" -k 3 "$tmp/gq.tsv" >"$tmp/once" 2>/dev/null
expect_eq "many chunks: every query's rows" \
    "$(($(wc -l <"$tmp/once") * 5))" "$(wc -l <"$tmp/j1" | tr -d ' ')"
# Chunks read a little ahead of their lines (16 KiB), fewer lines at a
# large K: queries longer than that, and K 2000 (chunks of 4 queries),
# give the rows of the same queries read in pieces of 37 lines.
awk -F '\t' 'NR % 50 == 7 { printf "%s\t", $1;
	for (i = 0; i < 2500; i++) printf "%s%s", (i ? " " : ""), $2;
	print ""; next } { print }' "$tmp/gq5" "$tmp/gq5" >"$tmp/gql"
expect_eq "queries longer than 16 KiB" 1 \
    "$(awk 'length > 16384 { n = 1 } END { print n + 0 }' "$tmp/gql")"
mkdir "$tmp/gqp"
split -l 37 "$tmp/gql" "$tmp/gqp/p"
for k in 3 2000; do
	for f in "$tmp"/gqp/p*; do
		retrieve -I "$tmp/g.idx" -k $k -j 1 "$f" 2>/dev/null
	done >"$tmp/pieces"
	for j in 1 2 3; do
		retrieve -I "$tmp/g.idx" -k $k -j $j "$tmp/gql" >"$tmp/jn" \
		    2>/dev/null
		expect_file "long queries, -k $k -j $j = in pieces" \
		    "$tmp/pieces" "$tmp/jn"
	done
done

# --- 4. refusals ---------------------------------------------------------
# r NAME CMD: check_case under tests/cli/expected/index/.
r() {
	name=$1
	shift
	check_case "index/$name" "$@"
}
cp "$data/queries.tsv" "$data/listings.tsv" "$tmp/"
cp "$tmp/l.idx" "$tmp/ok.idx"
size=$(wc -c <"$tmp/ok.idx")
head -c $((size - 1)) "$tmp/ok.idx" >"$tmp/trunc.idx"
head -c 100 "$tmp/ok.idx" >"$tmp/trunc100.idx"
# one byte of the postings changed
cp "$tmp/ok.idx" "$tmp/bad.idx"
printf 'Z' | dd of="$tmp/bad.idx" bs=1 seek=3000 conv=notrunc 2>/dev/null
r truncated "retrieve -I 'trunc.idx' queries.tsv"
r truncated-100 "retrieve -I 'trunc100.idx' queries.tsv"
r corrupted "retrieve -I 'bad.idx' queries.tsv"
r foreign "retrieve -I listings.tsv queries.tsv"
r empty "retrieve -I /dev/null queries.tsv"
r missing "retrieve -I 'none.idx' queries.tsv"
r no-index "retrieve queries.tsv"
r merge-corrupted "index --merge -o 'x.idx' 'ok.idx' 'bad.idx'"
index -o "$tmp/nostore.idx" "$data/listings.tsv"
r pairs-nostore "retrieve -I 'nostore.idx' --pairs queries.tsv"
index --stem=english -o "$tmp/stem.idx" "$data/listings.tsv"
r merge-analysis "index --merge -o 'x.idx' 'nostore.idx' 'stem.idx'"
r merge-store "index --merge -o 'x.idx' 'nostore.idx' 'ok.idx'"
expect_eq "no partial output of a failed merge" no \
    "$([ -e "$tmp/x.idx" ] && echo yes || echo no)"
printf 'q1\t\nq2\t!!! ...\nq3\tzzzzunknown\nq4\tiphone\n' >"$tmp/nohit.tsv"
r no-term "retrieve -I 'ok.idx' -k 2 'nohit.tsv'"
r bad-k "retrieve -I 'ok.idx' -k 0 'nohit.tsv'"
r tfidf-k1 "retrieve -I 'ok.idx' --score=tfidf --k1=2 'nohit.tsv'"
r missing-query "printf 'q1\n' | retrieve -I 'ok.idx'"
r missing-text "printf 'd1\n' | index -o x.idx"
r full "retrieve -I 'ok.idx' queries.tsv >/dev/full"
# -V takes a vocab's analysis.
tokenize --stem=english "$data/listings.tsv" |
    vocab --analysis='textfeat-analysis=1 stem=english' -o "$tmp/st.vocab"
index -V "$tmp/st.vocab" -o "$tmp/stv.idx" "$data/listings.tsv"
expect_file "-V: the vocab's analysis" "$tmp/stem.idx" "$tmp/stv.idx"
printf '#textfeat-vocab\t1\n#docs\t0\n#tokens\t0\n#analysis\tstem=x\n#idf\tnone\n' \
    >"$tmp/odd.vocab"
r vocab-analysis "index -V odd.vocab -o x.idx listings.tsv"
# The analysis goes with the index: stemmed queries find stemmed terms.
retrieve -I "$tmp/stem.idx" -k 1 "$data/queries.tsv" >"$tmp/st.out" 2>&1
expect_eq "stemmed index answers" 0 "$?"

finish
