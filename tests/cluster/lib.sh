# tests/cluster/lib.sh - what the cluster checks share (sourced by
# slurm.sh and dask.sh): arguments, the input and its shards, the
# reference results of one run over the whole input, comparisons, and
# stopping the processes a check started, by PID.

me=$(basename "$0" .sh)
here=$(cd "$(dirname "$0")" && pwd)
say() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$me" "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

[ $# -ge 2 ] || { echo "usage: $0 BUILDDIR CORPUS [LINES]" >&2; exit 2; }
TXF_BIN=$(cd "$1" && pwd)
corpus=$2
lines=${3:-40000}
nshards=4
export TXF_BIN LC_ALL=C
for t in tokenize ngrams vocab vectorize; do
	[ -x "$TXF_BIN/$t" ] || die "$TXF_BIN/$t: not built"
done
# index and retrieve: checked when built.
if [ -x "$TXF_BIN/index" ] && [ -x "$TXF_BIN/retrieve" ]; then
	with_index=1
else
	with_index=0
fi
qlines=2000

fails=0
pids=()          # processes this check started, in order

# stop_pids: stop every process in pids, last started first: TERM, up to
# 10 s to go, then KILL.
stop_pids() {
	local i p n
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		p=${pids[i]}
		kill -TERM "$p" 2>/dev/null || continue
		for ((n = 0; n < 100; n++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	pids=()
}

# make_input DIR: DIR/input.tsv, the first $lines lines of the corpus,
# and DIR/shards/00 ..., $nshards shards of whole lines in input order;
# DIR/queries.tsv, the $qlines lines after them, as queries, in shards
# DIR/qshards/00 ....  Without the corpus (CI expects ../shared/corpus
# beside the clone), the texts of tests/parity/corpus.tsv, over and over
# under new ids.
make_input() {
	mkdir -p "$1/shards" "$1/qshards"
	if [ -r "$corpus" ]; then
		head -n "$((lines + qlines))" "$corpus" >"$1/all.tsv"
	else
		say "no $corpus: using tests/parity/corpus.tsv's texts instead"
		corpus=$here/../parity/corpus.tsv
		awk -F '\t' -v n="$((lines + qlines))" 'BEGIN { OFS = "\t" }
			{ t[NR] = $2 }
			END { for (i = 0; i < n; i++) print "d" i, t[i % NR + 1] }' \
			"$corpus" >"$1/all.tsv"
	fi
	head -n "$lines" "$1/all.tsv" >"$1/input.tsv"
	tail -n +"$((lines + 1))" "$1/all.tsv" >"$1/queries.tsv"
	rm "$1/all.tsv"
	(cd "$1/shards" && split -d -a 2 -n l/$nshards ../input.tsv '')
	(cd "$1/qshards" && split -d -a 2 -n l/$nshards ../queries.tsv '')
	say "input: $(wc -l <"$1/input.tsv") lines of $corpus in $nshards shards, the next $(wc -l <"$1/queries.tsv") as queries"
}

# reference DIR: one run over the whole input (and queries), on this
# machine, of the pipelines shard.sh runs on shards.
reference() {
	local d=$1/ref
	mkdir -p "$d"
	(
		set -e -o pipefail
		cd "$d"
		export PATH="$TXF_BIN:$PATH"
		tokenize -o tokens ../input.tsv
		tokenize ../input.tsv | ngrams -n 1:2 |
			vocab --min-df=2 --idf=smooth -o vocab
		tokenize ../input.tsv | ngrams -n 1:2 |
			vectorize -q -V vocab --idf -o vectors
		if [ $with_index = 1 ]; then
			index -o index ../input.tsv
			retrieve -I index -k 10 -o candidates ../queries.tsv 2>/dev/null
		fi
	) || die "the reference run failed"
}

# shard_files DIR STAGE: the shards' outputs of STAGE, in shard order.
shard_files() {
	local i
	for ((i = 0; i < nshards; i++)); do
		printf '%s/%s.%02d\n' "$1" "$2" "$i"
	done
}

# cat_tokens FILE...: tokens shards as one stream, in shard order: a
# shard's first line naming the analysis (#textfeat-analysis=...) is
# the same in every shard and kept from the first only.
cat_tokens() {
	local f first=1
	for f in "$@"; do
		if [ $first = 1 ]; then
			cat "$f"
			first=0
		else
			sed '1{/^#textfeat-analysis=/d}' "$f"
		fi
	done
}

# same WHAT WANT GOT: GOT must equal WANT byte for byte.
same() {
	if cmp -s "$2" "$3"; then
		say "ok: $1 equals one run over the whole input ($(wc -l <"$3") lines, $(wc -c <"$3") bytes)"
	else
		say "FAIL: $1 differs from one run over the whole input:"
		cmp "$2" "$3" >&2 || true
		fails=$((fails + 1))
	fi
}
