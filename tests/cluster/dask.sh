#!/bin/bash
# tests/cluster/dask.sh BUILDDIR CORPUS [LINES] - the tools on a Dask
# distributed cluster: a scheduler and two single-threaded workers on the
# loopback interface, and dask_job.py's client.map over shards of the
# first LINES (default 40000) lines of CORPUS calling the tools through
# shard.sh.  Every merged or concatenated result must equal one run over
# the whole input, byte for byte, with both workers having done some of
# the work.  Then a worker is lost in the middle of a task (killed with
# the processes it started, as if its machine were gone): Dask runs the
# task again on the other worker, the result is still the same bytes, and
# the lost task's partial output never takes the name of a complete one.
# TXF_CLUSTER_INPLACE=1 makes the tasks write with shell redirection
# instead of -o: then that check fails, as it must.  Uses Debian's python3-distributed with /usr/bin/python3
# (installed when missing, as root); run by .ci/run, not by make check.
# Everything it starts it stops by PID, pass, fail or interruption.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
start=$SECONDS
py=/usr/bin/python3

if ! $py -c 'import distributed' 2>/dev/null; then
	[ "$(id -u)" -eq 0 ] || die "python3-distributed is missing"
	say "installing python3-distributed"
	export DEBIAN_FRONTEND=noninteractive
	timeout 300 apt-get update -qq
	timeout 600 apt-get install -y -qq --no-install-recommends python3-distributed >/dev/null
fi

W=$(mktemp -d /tmp/txf-dask.XXXXXX)
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	stop_pids
	if [ $rc -eq 0 ] && [ $fails -eq 0 ]; then
		rm -rf "$W"
	else
		for f in "$W"/log/*.log; do
			[ -f "$f" ] && { echo "--- tail of $f"; tail -n 15 "$f"; }
		done >&2
		say "left $W for a look"
	fi
	say "$([ $rc -eq 0 ] && [ $fails -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s; nothing left running"
	[ $rc -ne 0 ] || [ $fails -eq 0 ] || rc=1
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

make_input "$W"
reference "$W"
mkdir -p "$W/out" "$W/log"

$py -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 \
	--no-dashboard --scheduler-file "$W/scheduler.json" \
	--idle-timeout 600 >"$W/log/scheduler.log" 2>&1 &
pids+=($!)
end=$((SECONDS + 60))
until [ -s "$W/scheduler.json" ]; do
	kill -0 "${pids[0]}" 2>/dev/null || die "the scheduler died"
	[ $SECONDS -lt $end ] || die "no scheduler after 60 s"
	sleep 0.2
done
declare -A wpid
for w in w1 w2; do
	# A process group of its own, to lose the worker with its tasks.
	setsid $py -m distributed.cli.dask_worker --scheduler-file "$W/scheduler.json" \
		--host 127.0.0.1 --name "$w" --nthreads 1 --no-nanny \
		--no-dashboard --local-directory "$W/$w" --death-timeout 60 \
		>"$W/log/$w.log" 2>&1 &
	pids+=($!) wpid[$w]=$!
done

t0=$SECONDS
[ $with_index = 1 ] || say "index and retrieve are not built: no index checks"
TXF_WITH_INDEX=$with_index timeout -k 5 240 $py "$here/dask_job.py" \
	"$W/scheduler.json" "$W" "$here/shard.sh" >"$W/tasks" ||
	die "the Dask job failed"
say "the Dask job ran in $((SECONDS - t0)) s"

cat_tokens $(shard_files "$W/out" tokens) >"$W/tokens"
same "tokens of 4 shards, concatenated" "$W/ref/tokens" "$W/tokens"
same "vocab --merge of 4 shard vocabs" "$W/ref/vocab" "$W/out/vocab"
cat $(shard_files "$W/out" vectorize) >"$W/vectors"
same "vectors of 4 shards, concatenated" "$W/ref/vectors" "$W/vectors"
if [ $with_index = 1 ]; then
	same "index --merge of 4 shard indexes" "$W/ref/index" "$W/out/index"
	cat $(shard_files "$W/out" retrieve) >"$W/candidates"
	same "candidates of 4 query shards, concatenated" "$W/ref/candidates" "$W/candidates"
fi
used=$(awk '{print $NF}' "$W/tasks" | sort | uniq -c | awk '{printf "%s:%s tasks ", $2, $1}')
if [ "$(wc -w <<<"$used")" -ge 2 ]; then
	say "ok: the work was spread over the workers ($used)"
else
	say "FAIL: only one worker did the work ($used)"
	fails=$((fails + 1))
fi

# --- a worker lost in the middle of a task.
t0=$SECONDS
mkdir -p "$W/loss/out"
ln -s ../shards "$W/loss/shards"
timeout -k 5 240 $py "$here/dask_job.py" "$W/scheduler.json" "$W" \
	"$here/shard.sh" loss >"$W/loss/tasks" 2>"$W/log/loss.log" &
job=$!
pids+=($job)
end=$((SECONDS + 90))
while :; do
	victim=$(cat "$W/loss/victim" 2>/dev/null || true)
	partial=$(find "$W/loss/out" -name 'vectorize.00' -size +0 -o \
		-name '.vectorize.00.*' -size +0 | head -n 1)
	[ -n "$victim" ] && [ -n "$partial" ] && break
	kill -0 $job 2>/dev/null || die "the Dask job ended before its task stalled"
	[ $SECONDS -lt $end ] || die "task 00 did not start writing in 90 s"
	sleep 0.2
done
say "task 00 runs on $victim and has written $(wc -c <"$partial") bytes to $(basename "$partial"); killing $victim"
kill -STOP -- -"${wpid[$victim]}" 2>/dev/null || true
kill -KILL -- -"${wpid[$victim]}" 2>/dev/null || true
{ wait "${wpid[$victim]}"; } 2>/dev/null || true
if [ -e "$W/loss/out/vectorize.00" ]; then
	n=$(wc -l <"$W/shards/00")
	if head -n "$n" "$W/ref/vectors" | cmp -s - "$W/loss/out/vectorize.00"; then
		say "ok: vectorize.00 is complete"
	else
		say "FAIL: vectorize.00 is there but partial ($(wc -l <"$W/loss/out/vectorize.00") of $n rows): a rerun takes it for done"
		fails=$((fails + 1))
	fi
else
	say "ok: the lost task left no vectorize.00$(cd "$W/loss/out" && ls -A | sed -n 's/^\.vectorize\.00\..*/, only its temporary file &/p')"
fi
wait $job || die "the Dask job failed after the loss of $victim"
say "the lost worker's task ran again; the job ended in $((SECONDS - t0)) s:"
sed 's/^/    /' "$W/loss/tasks" >&2
grep -q "^vectorize 00 on " "$W/loss/tasks" && ! grep -q "^vectorize 00 on $victim\$" "$W/loss/tasks" ||
	{ say "FAIL: task 00 did not run again on the other worker"; fails=$((fails + 1)); }
cat $(shard_files "$W/loss/out" vectorize) >"$W/loss/vectors"
same "vectors of 4 shards, a worker lost, concatenated" "$W/ref/vectors" "$W/loss/vectors"
