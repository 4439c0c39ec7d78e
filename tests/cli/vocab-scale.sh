#!/bin/sh
# vocab-scale.sh - vocab beyond one process and one table (issue 4):
#
#  - shards: the input cut in 4, counted apart and merged, gives the bytes
#    of one run, with and without the merge's own pruning and idf; the
#    same through GNU parallel --pipe (skipped with a note without it);
#  - spill: memory limits small enough for at least 10 runs (and for the
#    fan-in merges of runs) give the bytes of an unlimited run, with one
#    worker thread or several;
#  - temporary files: never a name left in $TMPDIR, while running or after
#    SIGTERM and SIGINT; the -o file is not left either.
. "${srcdir:-.}/tests/init.sh"

for t in tokenize ngrams vocab; do
	command -v $t >/dev/null 2>&1 || { echo "$t not on PATH" >&2; exit 99; }
done

# Word 1..3-grams of the parity corpus and the sample listings, then
# random documents with a long tail of terms (thousands of distinct
# ones per run).
cat "$srcdir/tests/parity/corpus.tsv" "$srcdir/data/listings.tsv" |
    tokenize --mode=word --case=lower --norm=none --min-len=2 |
    ngrams -n 1:3 >"$tmp/ng.tok" || exit 99
awk 'BEGIN { srand(77)
	for (d = 0; d < 6000; d++) {
		n = int(rand() * 25); printf "r%d\t", d
		for (i = 0; i < n; i++) printf "%st%d", (i ? " " : ""),
		    int(1 / (rand() + 0.00002))
		print "" } }' >>"$tmp/ng.tok"
lines=$(wc -l <"$tmp/ng.tok")

vocab "$tmp/ng.tok" >"$tmp/one.vocab"
vocab --min-df=2 --max-df=0.5 --max-features=300 \
    --idf=smooth "$tmp/ng.tok" >"$tmp/one-pruned.vocab" 2>/dev/null

# --- shards ----------------------------------------------------------------
q=$(( (lines + 3) / 4 ))
# Each shard starts with the analysis line (the first has it twice: an
# identical repeat is dropped), so the shards' vocabs record it and merge.
(cd "$tmp" && split -l "$q" --filter='{ head -n 1 ng.tok; cat; } >$FILE' \
    ng.tok shard.) || exit 99
nshards=$(ls "$tmp"/shard.* | wc -l)
expect_eq "4 shards" 4 "$nshards"
for f in "$tmp"/shard.*; do
	vocab -o "$f.vocab" "$f"
done
vocab --merge "$tmp"/shard.*.vocab >"$tmp/merged.vocab"
expect_file "4 shards merged = one run" "$tmp/one.vocab" "$tmp/merged.vocab"
vocab --merge --min-df=2 --max-df=0.5 --max-features=300 --idf=smooth \
    "$tmp"/shard.*.vocab >"$tmp/merged-pruned.vocab" 2>/dev/null
expect_file "4 shards merged with pruning and idf = one run" \
    "$tmp/one-pruned.vocab" "$tmp/merged-pruned.vocab"
# Merging in any order, and merging merges, changes nothing.
vocab --merge "$tmp/shard.ad.vocab" "$tmp/shard.ab.vocab" \
    "$tmp/shard.ac.vocab" "$tmp/shard.aa.vocab" >"$tmp/merged2.vocab"
expect_file "shards merged in another order" "$tmp/one.vocab" "$tmp/merged2.vocab"
vocab --merge "$tmp/shard.aa.vocab" "$tmp/shard.ab.vocab" >"$tmp/half1.vocab"
vocab --merge "$tmp/shard.ac.vocab" "$tmp/shard.ad.vocab" >"$tmp/half2.vocab"
vocab --merge "$tmp/half1.vocab" - <"$tmp/half2.vocab" >"$tmp/merged3.vocab"
expect_file "merges of merges" "$tmp/one.vocab" "$tmp/merged3.vocab"

# Through GNU parallel --pipe: blocks of whole lines, one vocab each.
if command -v parallel >/dev/null 2>&1 &&
    parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	mkdir "$tmp/par"
	parallel --pipe --header 1 --block 40k -j 4 \
	    "vocab -o '$tmp/par/shard{#}.vocab'" \
	    <"$tmp/ng.tok" || fail "parallel --pipe vocab failed"
	n=$(ls "$tmp/par" | wc -l)
	checks=$((checks + 1))
	[ "$n" -ge 4 ] || fail "parallel --pipe made $n shards, expected 4 or more"
	vocab --merge "$tmp"/par/shard*.vocab >"$tmp/par.vocab"
	expect_file "parallel --pipe shards merged = one run" "$tmp/one.vocab" \
	    "$tmp/par.vocab"
	echo "parallel --pipe: $n shards merged"
else
	echo "GNU parallel not found: the parallel --pipe check is skipped"
fi

# --- spill -----------------------------------------------------------------
mkdir "$tmp/t"
# Halve the limit until it forces 10 runs, then until more than
# TXF_RUNS_FANIN (16), so that runs are merged as they accumulate too;
# every limit gives the bytes of no limit.
ten=
fanin=
for k in 256 128 64 48 32 24 16 12 8 4 2; do
	TMPDIR=$tmp/t vocab -j 1 --verbose -S "${k}K" "$tmp/ng.tok" \
	    >"$tmp/spill.vocab" 2>"$tmp/spill.err" || fail "vocab -S ${k}K failed"
	runs=$(sed -n 's/.* \([0-9][0-9]*\) sorted runs\{0,1\} spilled.*/\1/p' \
	    "$tmp/spill.err")
	echo "vocab -S ${k}K: ${runs:-?} runs spilled"
	expect_file "vocab -S ${k}K = no limit" "$tmp/one.vocab" "$tmp/spill.vocab"
	expect_eq "vocab -S ${k}K: nothing left in TMPDIR" "" "$(ls -A "$tmp/t")"
	[ -z "$ten" ] && [ "${runs:-0}" -ge 10 ] && ten=${k}K
	[ "${runs:-0}" -gt 16 ] && { fanin=${k}K; break; }
done
expect_eq "a limit that forces 10 runs or more" yes "${ten:+yes}"
expect_eq "a limit that forces more than 16 runs" yes "${fanin:+yes}"
# Worker threads: each counts its share in its own table and runs.
for j in 2 3 5; do
	TMPDIR=$tmp/t vocab -j $j -S 64K "$tmp/ng.tok" \
	    >"$tmp/threads.vocab" || fail "vocab -j $j failed"
	expect_file "vocab -j $j -S 64K = one run" "$tmp/one.vocab" "$tmp/threads.vocab"
done
TMPDIR=$tmp/t vocab -S "${ten:-64K}" --min-df=2 --max-df=0.5 \
    --max-features=300 --idf=smooth "$tmp/ng.tok" >"$tmp/spill-pruned.vocab" \
    2>/dev/null
expect_file "vocab -S ${ten:-64K} with pruning = one run" "$tmp/one-pruned.vocab" \
    "$tmp/spill-pruned.vocab"

# --- signals ---------------------------------------------------------------
# vocab reads a FIFO whose writer stays open, so it is killed while
# counting, after it has spilled runs (open, unlinked files in $TMPDIR).
if [ -d /proc/self/fd ] && command -v mkfifo >/dev/null 2>&1; then
	for sig in TERM INT; do
		rm -f "$tmp/fifo"
		mkfifo "$tmp/fifo"
		TMPDIR=$tmp/t vocab -S 16K -o "$tmp/sig.vocab" <"$tmp/fifo" &
		pid=$!
		exec 3>"$tmp/fifo"
		cat "$tmp/ng.tok" >&3
		i=0
		open=0
		while [ $i -lt 100 ]; do
			open=$(ls -l /proc/$pid/fd 2>/dev/null |
			    grep -c "$tmp/t/.*(deleted)" || true)
			[ "$open" -gt 0 ] && break
			sleep 0.1
			i=$((i + 1))
		done
		checks=$((checks + 1))
		[ "$open" -gt 0 ] || fail "SIG$sig: no run spilled to wait for"
		expect_eq "SIG$sig: no name in TMPDIR while running" "" \
		    "$(ls -A "$tmp/t")"
		kill -$sig $pid
		st=0
		wait $pid || st=$?
		exec 3>&-
		checks=$((checks + 1))
		[ "$st" -gt 128 ] || fail "SIG$sig: exit status $st"
		expect_eq "SIG$sig: nothing left in TMPDIR" "" "$(ls -A "$tmp/t")"
		expect_eq "SIG$sig: no output file" "" \
		    "$(ls -A "$tmp" | grep 'sig\.vocab' || true)"
	done
fi

finish
