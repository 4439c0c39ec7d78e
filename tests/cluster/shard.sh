#!/bin/bash
# tests/cluster/shard.sh - one shard's work, as a cluster task runs it.
#
#   shard.sh tokens    IN OUT         the tokens of IN
#   shard.sh vocab     IN OUT         the unpruned vocab of IN's 1- and 2-grams
#   shard.sh merge     OUT VOCAB...   merge shard vocabs, prune and add idf
#   shard.sh vectorize IN OUT VOCAB   IN's tf-idf vectors with VOCAB
#   shard.sh index     IN OUT         the index of IN's documents
#   shard.sh imerge    OUT INDEX...   merge shard indexes, in shard order
#   shard.sh retrieve  IN OUT INDEX   the top 10 documents of IN's queries
#
# The pipelines are the ones a user runs on one machine; the whole input
# through them (tests/cluster/lib.sh, reference) is what the shards'
# merged or concatenated results must equal, byte for byte.  Like a
# make rule, a task whose OUT exists has nothing to do: a requeued or
# resubmitted task redoes only the shards that are missing.  That is safe
# because every tool writes with -o, to a temporary file renamed at the
# end, so OUT exists only when it is complete.  (A tool's -o cannot tell
# that its input stopped short because a process before it in the pipe
# died: the pipeline's status tells, so a failed pipeline's OUT is
# removed.)  Each tool uses the task's CPUs (SLURM_CPUS_PER_TASK, else 1).
#
# Environment: TXF_BIN, the folder of the tools.  TXF_CLUSTER_INPLACE=1
# writes with shell redirection instead of -o (the way the node-loss
# check shows that it fails).  TXF_CLUSTER_STALL=1 feeds the pipeline
# three quarters of IN and then nothing until the task is killed (the
# node-loss check's victim, a task caught in the middle of its output).
set -euo pipefail
export PATH="$TXF_BIN:$PATH" LC_ALL=C

stage=$1 j=${SLURM_CPUS_PER_TASK:-1}
if [ "$stage" = merge ] || [ "$stage" = imerge ]; then
	out=$2
	shift 2
else
	in=$2 out=$3
fi
if [ -e "$out" ]; then
	echo "$out: done already"
	exit 0
fi

feed() {
	if [ "${TXF_CLUSTER_STALL:-0}" = 1 ]; then
		head -n $(($(wc -l <"$in") * 3 / 4)) "$in"
		sleep 600
	else
		cat "$in"
	fi
}
write() {  # write CMD ARG...: run CMD with its output going to $out
	if [ "${TXF_CLUSTER_INPLACE:-0}" = 1 ]; then
		"$@" >"$out"
	else
		"$@" -o "$out"
	fi
}

set +e
case $stage in
tokens)
	feed | write tokenize -j$j ;;
vocab)
	feed | tokenize -j$j | ngrams -n 1:2 | write vocab -j$j ;;
merge)
	write vocab --merge --min-df=2 --idf=smooth "$@" ;;
vectorize)
	feed | tokenize -j$j | ngrams -n 1:2 | write vectorize -j$j -q -V "$4" --idf ;;
index)
	feed | write index ;;
imerge)
	write index --merge "$@" ;;
retrieve)
	feed | write retrieve -j$j -I "$4" -k 10 2>/dev/null ;;
*)
	echo "shard.sh: unknown stage '$stage'" >&2
	exit 2 ;;
esac
rc=$?
if [ $rc -ne 0 ]; then
	rm -f "$out"
	echo "shard.sh: $stage $out failed (status $rc)" >&2
	exit 1
fi
