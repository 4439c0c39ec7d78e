#!/bin/sh
# vocab.sh - end-to-end tests of vocab against expected output
# (tests/cli/expected/vocab/): counting, every option, file, stdin and `-`
# input, escapes, empty documents, pruning, idf, --top, --merge and the
# bad vocabs it refuses, memory limits and unwritable temporary
# directories, bad input and output failures; and counts checked against
# an awk counter on random documents.
. "${srcdir:-.}/tests/init.sh"

command -v vocab >/dev/null 2>&1 || { echo "vocab not on PATH" >&2; exit 99; }

# --- inputs ------------------------------------------------------------
# docs.tok: a term repeated in a document (df once, cf each time), an
# empty document, one of spaces only, extra columns, UTF-8 terms, a term
# starting with '#'.
printf 'd1\tred shoe red running shoe red\tlbl1\n' >"$tmp/docs.tok"
printf 'd2\t\tlbl2\n' >>"$tmp/docs.tok"
printf 'd3\tshoe #tag\tlbl3\tqid:7\n' >>"$tmp/docs.tok"
printf 'd4\t   \n' >>"$tmp/docs.tok"
printf 'd5\tcaf\303\251 red  \346\227\245\346\234\254 shoe\n' >>"$tmp/docs.tok"
printf 'd6\tblue red+shoe red\n' >>"$tmp/docs.tok"

# esc.tok: escaped tokens: "a\tb" holds a TAB (sorts before "a0"), "x\q"
# keeps its unknown escape, "\\" is one backslash.
printf '%s\n' 'e1	a\tb a0 x\q \\ a\tb' 'e2	\\ a\\b' >"$tmp/esc.tok"

# crlf.tok: a byte order mark, CRLF line ends, no final newline.
printf '\357\273\277c1\tb a b\r\nc2\tq\r\nc3\tq q' >"$tmp/crlf.tok"

# ties.tok: df and cf with ties, for --top and --max-features.
printf 't1\tpear fig apple\nt2\tfig kiwi pear fig\nt3\tlime apple fig\n' \
    >"$tmp/ties.tok"
printf 't4\tdate kiwi\nt5\tpear\n' >>"$tmp/ties.tok"

printf 'g1\tok ok\nb1\tbad \377 x\ng2\tfine\n' >"$tmp/bad.tok"
printf 'n1\ta\000b\nn2\tgood\n' >"$tmp/nul.tok"
printf 'k1\ta a\nk2-no-tokens\nk3\tb\n' >"$tmp/nocol.tok"

# --- output for the options --------------------------------------------
check_case vocab/default 'vocab docs.tok'
for i in none smooth plain bm25; do
	check_case "vocab/idf-$i" "vocab --idf=$i docs.tok ties.tok"
done
check_case vocab/analysis 'vocab --analysis="textfeat-analysis=1 mode=word stop=my%20list stop-words=2 stop-hash=00000000000000ff joiner=%25 word=1:2" docs.tok'
check_case vocab/analysis-not-a-description 'vocab --analysis="tokenize --mode=word" docs.tok'
check_case vocab/analysis-bad-value 'vocab --analysis="textfeat-analysis=1 mode=words" docs.tok'
check_case vocab/escapes 'vocab esc.tok'
check_case vocab/escapes-idf 'vocab --idf=plain esc.tok'
check_case vocab/crlf-bom 'vocab crlf.tok'
check_case vocab/empty-input 'vocab </dev/null'
check_case vocab/only-empty 'printf "e1\t\ne2\t  \ne3\t\tx\n" | vocab'
check_case vocab/stdin 'vocab <docs.tok'
check_case vocab/dash 'vocab - <docs.tok'
check_case vocab/files-and-dash 'vocab ties.tok - esc.tok <docs.tok'
check_case vocab/options-after-file 'vocab docs.tok --idf=smooth'

# --- pruning ---------------------------------------------------------------
check_case vocab/min-df-2 'vocab --min-df=2 ties.tok'
check_case vocab/min-df-prop 'vocab --min-df=0.4 ties.tok'
check_case vocab/min-df-0.0 'vocab --min-df=0.0 ties.tok'
check_case vocab/max-df-2 'vocab --max-df=2 ties.tok'
check_case vocab/max-df-prop 'vocab --max-df=0.5 ties.tok'
check_case vocab/max-df-1.0 'vocab --max-df=1.0 ties.tok'
# cf: fig 4, pear 3, apple 2, kiwi 2, date 1, lime 1: ties by term bytes.
for k in 1 2 3 4 6 7; do
	check_case "vocab/max-features-$k" "vocab --max-features=$k ties.tok"
done
check_case vocab/prune-all 'vocab --min-df=2 --max-df=0.7 --max-features=2 --idf=smooth ties.tok'
check_case vocab/prune-nothing-left 'vocab --min-df=4 ties.tok'
check_case vocab/min-df-above-docs 'vocab --min-df=9 ties.tok'
# max_df standing for fewer documents than min_df, as scikit-learn refuses.
check_case vocab/max-df-below-min-df 'vocab --max-df=0.1 --min-df=2 ties.tok'
check_case vocab/max-df-below-default-min 'printf "a\tx\n" | vocab --max-df=0.5'
check_case vocab/max-df-count-below-min-df 'vocab --max-df=1 --min-df=2 ties.tok'
check_case vocab/prune-empty-input 'vocab --max-df=0.5 </dev/null'

# --- --top -----------------------------------------------------------------
for k in 1 3 100; do
	check_case "vocab/top-$k" "vocab --top=$k ties.tok docs.tok"
	check_case "vocab/top-$k-cf" "vocab --top=$k --by=cf ties.tok docs.tok"
done
check_case vocab/top-idf 'vocab --top=3 --idf=bm25 ties.tok'
check_case vocab/top-pruned 'vocab --top=3 --by=cf --min-df=2 --max-features=3 ties.tok'
check_case vocab/top-output 'vocab --top=2 -o top.tsv ties.tok && cat top.tsv'
# On a terminal: a bar chart (through script(1), when there is one).
if command -v script >/dev/null 2>&1 &&
    script -qc true /dev/null >/dev/null 2>&1 </dev/null; then
	checks=$((checks + 1))
	COLUMNS=60 script -qc "stty cols 60 2>/dev/null; vocab --top=3 --by=cf \
	    '$tmp/ties.tok'" /dev/null </dev/null | tr -d '\r' >"$tmp/chart"
	block=$(printf '\342\226\210')
	if ! grep -q "^fig  *3  *4  *$block$block" "$tmp/chart" ||
	    ! grep -q '^pear ' "$tmp/chart"; then
		fail "--top on a terminal: no bar chart"
		cat "$tmp/chart" >&2
	fi
	# --progress on a terminal: the phases after reading are named
	# (tests/cli/progress.sh tests the rest for every tool).
	checks=$((checks + 1))
	script -qc "vocab --progress -S 1K '$tmp/ties.tok' '$tmp/docs.tok' \
	    >/dev/null" /dev/null </dev/null | tr '\r' '\n' >"$tmp/progress"
	grep -q '; sorting 0:00' "$tmp/progress" &&
	    grep -q 'writing 0:00' "$tmp/progress" &&
	    grep -q '^vocab: read [0-9]* B, [0-9]* records in 0:00 (.*); done in 0:0' \
	    "$tmp/progress" ||
	    { fail "--progress on a terminal"; cat "$tmp/progress" >&2; }
fi

# --- merge -----------------------------------------------------------------
T='textfeat-analysis=1 mode=word'
U='textfeat-analysis=1 mode=word case=lower'
export T U
(cd "$tmp" && vocab --analysis="$T" ties.tok >ties.vocab &&
    vocab --analysis="$T" docs.tok >docs.vocab &&
    vocab --analysis="$T" esc.tok >esc.vocab &&
    vocab --analysis="$T" docs.tok ties.tok esc.tok >all.vocab &&
    vocab --analysis="$U" ties.tok >other.vocab &&
    vocab --analysis="$T" --min-df=2 ties.tok >pruned.vocab 2>/dev/null &&
    vocab --analysis="$T" --idf=smooth docs.tok >idf.vocab) || exit 99
check_case vocab/merge 'vocab --merge docs.vocab ties.vocab esc.vocab'
check_case vocab/merge-equals-one-run \
    'vocab --merge esc.vocab docs.vocab ties.vocab | cmp - all.vocab && echo same'
check_case vocab/merge-stdin 'vocab --merge ties.vocab - <docs.vocab'
check_case vocab/merge-stdin-only 'vocab --merge <ties.vocab'
check_case vocab/merge-one 'vocab --merge --min-df=2 --idf=bm25 all.vocab'
check_case vocab/merge-prune 'vocab --merge --max-features=3 --idf=smooth docs.vocab ties.vocab esc.vocab'
check_case vocab/merge-idf-shard 'vocab --merge idf.vocab ties.vocab esc.vocab | cmp - all.vocab && echo same'
check_case vocab/merge-analysis-given 'vocab --merge --analysis="$T" docs.vocab ties.vocab'
check_case vocab/merge-top 'vocab --merge --top=2 docs.vocab ties.vocab'
check_case vocab/merge-verbose 'vocab --merge --verbose docs.vocab ties.vocab >/dev/null'
# Refused: mixed options, pruned shards, bad files.
check_case vocab/merge-mixed-analysis 'vocab --merge docs.vocab other.vocab'
check_case vocab/merge-analysis-mismatch 'vocab --merge --analysis="$U" docs.vocab ties.vocab'
check_case vocab/merge-pruned 'vocab --merge docs.vocab pruned.vocab'
check_case vocab/merge-pruned-output 'vocab --merge -o m.vocab docs.vocab pruned.vocab; echo "status $?"; ls -a | grep m.vocab; echo done'
printf '#textfeat-vocab\t2\n#docs\t1\n' >"$tmp/v2.vocab"
check_case vocab/merge-wrong-version 'vocab --merge docs.vocab v2.vocab'
printf 'red\t1\t1\n' >"$tmp/nohead.vocab"
check_case vocab/merge-no-header 'vocab --merge nohead.vocab'
printf '#textfeat-vocab\t1\n#docs\t3\n#idf\tnone\nred\t1\t1\n' >"$tmp/notokens.vocab"
check_case vocab/merge-header-lacks-tokens 'vocab --merge notokens.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'fig\t2\t4\napple\t2\t2\n'; } >"$tmp/unsorted.vocab"
check_case vocab/merge-unsorted 'vocab --merge ties.vocab unsorted.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'apple\t2\t2\nfig\t2\t4\napple\t2\t2\n'; } >"$tmp/unsorted2.vocab"
check_case vocab/merge-unsorted-late 'vocab --merge unsorted2.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'apple\t2\t2\nfig\t2\t4\nfig\t2\t4\n'; } >"$tmp/repeated.vocab"
check_case vocab/merge-repeated 'vocab --merge repeated.vocab'
head -c -1 "$tmp/ties.vocab" >"$tmp/truncated.vocab"
check_case vocab/merge-truncated 'vocab --merge docs.vocab truncated.vocab'
# 17 bytes into the rows: the middle of a row.
head -c $(( $(sed -n '1,/^#idf/p' "$tmp/ties.vocab" | wc -c) + 17 )) \
    "$tmp/ties.vocab" >"$tmp/cut.vocab"
check_case vocab/merge-truncated-mid-row 'vocab --merge cut.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'apple\t3\t2\n'; } >"$tmp/dfcf.vocab"
check_case vocab/merge-df-above-cf 'vocab --merge dfcf.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'apple\t6\t6\n'; } >"$tmp/dfdocs.vocab"
check_case vocab/merge-df-above-docs 'vocab --merge dfdocs.vocab'
{ head -n 6 "$tmp/ties.vocab"; printf 'apple\t2\n'; } >"$tmp/cols.vocab"
check_case vocab/merge-columns 'vocab --merge cols.vocab'
check_case vocab/merge-tokens-file 'vocab --merge ties.tok'
check_case vocab/merge-missing-file 'vocab --merge docs.vocab no-such.vocab'
check_case vocab/merge-stdin-twice 'vocab --merge - - <docs.vocab'
# A vocab given without --merge is not read as tokens.
check_case vocab/vocab-as-tokens 'vocab docs.vocab'

# --- memory and temporary files --------------------------------------------
# Any limit and any number of threads give the same bytes.
(cd "$tmp" && vocab -j 1 --idf=smooth docs.tok ties.tok esc.tok >nomem.out)
for s in 1b 100b 2K 1M 50% 1G; do
	for j in 1 2 7; do
		checks=$((checks + 1))
		(cd "$tmp" && vocab -j $j -S "$s" --idf=smooth docs.tok ties.tok \
		    esc.tok >mem.out) || fail "vocab -j $j -S $s failed"
		cmp -s "$tmp/mem.out" "$tmp/nomem.out" ||
		    fail "vocab -j $j -S $s: other output"
	done
done
check_case vocab/bad-threads 'vocab -j 0 docs.tok'
check_case vocab/threads-long 'vocab --threads=3 ties.tok' 
check_case vocab/memory-verbose 'vocab -j 1 -S 1b --verbose -T . docs.tok ties.tok >/dev/null'
check_case vocab/memory-long 'vocab --memory=1b --temporary-directory=. ties.tok'
# An unwritable temporary directory: a clear error, no output file left.
check_case vocab/tmpdir-missing 'TMPDIR=no/such/dir vocab -S 1b -o out.vocab docs.tok; echo "status $?"; ls -a | grep out.vocab; echo done'
check_case vocab/tmpdir-file 'echo x >afile; vocab -S 1b -T afile docs.tok'
check_case vocab/tmpdir-unused 'TMPDIR=no/such/dir vocab docs.tok'
check_case vocab/tmpdir-max-features 'TMPDIR=no/such/dir vocab --max-features=2 ties.tok'

# --- -o --------------------------------------------------------------------
check_case vocab/output-file 'vocab -o out.vocab --idf=plain docs.tok && cat out.vocab'
check_case vocab/output-dash 'vocab -o - docs.tok'
check_case vocab/output-error-no-file \
    'echo old >keep.vocab; vocab -o keep.vocab bad.tok; echo "status $?"; cat keep.vocab; ls -a | grep keep'
check_case vocab/output-bad-dir 'vocab -o no/such/dir/out.vocab docs.tok'

# --- bad input ---------------------------------------------------------------
check_case vocab/invalid-utf8 'vocab bad.tok'
check_case vocab/invalid-utf8-replace 'vocab --invalid=replace bad.tok'
check_case vocab/invalid-utf8-skip 'vocab --invalid=skip bad.tok'
check_case vocab/nul 'vocab nul.tok'
check_case vocab/nul-replace 'vocab --invalid=replace nul.tok'
check_case vocab/missing-column 'vocab nocol.tok'
check_case vocab/missing-column-replace 'vocab --invalid=replace nocol.tok'
check_case vocab/missing-column-skip 'vocab --invalid=skip nocol.tok'
check_case vocab/bad-file-then-good 'vocab bad.tok ties.tok'
check_case vocab/missing-file 'vocab no-such-file.tok ties.tok'
check_case vocab/directory 'mkdir -p adir; vocab adir'

# --- usage -------------------------------------------------------------------
check_case vocab/help 'vocab --help'
check_case vocab/help-short 'vocab -h'
check_case vocab/version 'vocab --version'
check_case vocab/bad-idf 'vocab --idf=tfidf docs.tok'
for v in zero:0 zeros:00 negative:-1 above-one:1.5 text:abc \
    exponent:1e3 empty: suffix:0.5x; do
	check_case "vocab/bad-min-df-${v%%:*}" "vocab --min-df='${v#*:}' docs.tok"
done
check_case vocab/bad-max-df 'vocab --max-df=2.0 docs.tok'
check_case vocab/bad-max-features 'vocab --max-features=0 docs.tok'
check_case vocab/bad-top 'vocab --top=0 docs.tok'
check_case vocab/bad-by 'vocab --top=2 --by=idf docs.tok'
check_case vocab/by-without-top 'vocab --by=cf docs.tok'
for v in zero:0 text:x suffix:10Q percent:101% two-letters:1KB \
    negative:-5 empty:; do
	check_case "vocab/bad-memory-${v%%:*}" "vocab -S '${v#*:}' docs.tok"
done
check_case vocab/bad-tmpdir-empty 'vocab -T "" docs.tok'
check_case vocab/bad-analysis-utf8 "vocab --analysis=\"\$(printf 'a\\377')\" docs.tok"
check_case vocab/bad-invalid 'vocab --invalid=ignore docs.tok'
check_case vocab/unknown-option 'vocab --bogus docs.tok'
check_case vocab/unknown-short-option 'vocab -x docs.tok'
check_case vocab/missing-argument 'vocab --top'
check_case vocab/progress-not-a-terminal 'vocab --progress docs.tok'

# --- output failures ---------------------------------------------------------
if [ -w /dev/full ]; then
	check_case vocab/dev-full 'vocab docs.tok >/dev/full'
	check_case vocab/dev-full-help 'vocab --help >/dev/full'
	check_case vocab/dev-full-merge 'vocab --merge docs.vocab >/dev/full'
fi
# A closed pipe ends vocab quietly, with SIGPIPE or (when it is ignored)
# EPIPE.
awk 'BEGIN { for (d = 0; d < 3000; d++) {
	printf "d%d\t", d
	for (i = 0; i < 30; i++) printf "w%d ", (d * 7 + i) % 100000
	print "" } }' >"$tmp/many.tok"
check_case vocab/pipe-head 'vocab many.tok | head -n 1'
check_case vocab/pipe-head-sigpipe-ignored 'trap "" PIPE; vocab many.tok | head -n 1'

# --- counts against an awk counter on random documents -----------------------
# Random documents over a small vocabulary (terms repeat within and across
# documents), some empty; awk counts df and cf; the terms hold no escape.
awk 'BEGIN { srand(4242)
	for (d = 0; d < 700; d++) {
		n = int(rand() * 30); if (d % 9 == 0) n = 0
		printf "doc%d\t", d
		for (i = 0; i < n; i++)
			printf "%sw%d", (i ? " " : ""), int(rand() * rand() * 300)
		print "" } }' >"$tmp/rand.tok"
awk -F '\t' '{ docs++; delete seen; n = split($2, a, " ")
	for (i = 1; i <= n; i++) { cf[a[i]]++; toks++
		if (!(a[i] in seen)) { seen[a[i]] = 1; df[a[i]]++ } } }
	END { for (t in cf) print t "\t" df[t] "\t" cf[t] > "/dev/stderr"
	      print docs; print toks }' "$tmp/rand.tok" 2>"$tmp/rand.rows" \
    >"$tmp/rand.nums"
{
	printf '#textfeat-vocab\t1\n#docs\t%s\n#tokens\t%s\n' \
	    "$(sed -n 1p "$tmp/rand.nums")" "$(sed -n 2p "$tmp/rand.nums")"
	printf '#analysis\t\n#pruning\tnone\n#idf\tnone\n'
	LC_ALL=C sort -t "$(printf '\t')" -k1,1 "$tmp/rand.rows"
} >"$tmp/rand.awk"
vocab "$tmp/rand.tok" >"$tmp/rand.vocab"
expect_file "vocab counts equal an awk counter" "$tmp/rand.awk" "$tmp/rand.vocab"
for s in 1b 10K; do
	vocab -S $s "$tmp/rand.tok" >"$tmp/rand.s"
	expect_file "vocab -S $s: the same bytes" "$tmp/rand.awk" "$tmp/rand.s"
done
# --top agrees with sort(1) on the vocab rows.
vocab --top=25 --by=cf "$tmp/rand.tok" >"$tmp/rand.top"
tail -n +7 "$tmp/rand.awk" | LC_ALL=C sort -t "$(printf '\t')" -k3,3nr -k1,1 |
    head -n 25 >"$tmp/rand.sorttop"
expect_file "vocab --top=25 --by=cf equals sort -k3nr -k1" "$tmp/rand.sorttop" \
    "$tmp/rand.top"

finish
