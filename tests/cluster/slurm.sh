#!/bin/bash
# tests/cluster/slurm.sh BUILDDIR CORPUS [LINES] - the tools on a real
# Slurm cluster: a controller and two compute nodes on this machine, each
# in a network namespace of its own, run array jobs over shards of the
# first LINES (default 40000) lines of CORPUS, and every merged or
# concatenated result must equal one run over the whole input, byte for
# byte, with both nodes having done some of the work.  Then a node is
# lost in the middle of a task: the job is requeued, the result is still
# the same bytes, and the lost task's partial output never takes the name
# of a complete one.
#
# Needs root (it installs Debian's slurmctld, slurmd, slurm-client and
# munge when they are missing, and makes network namespaces); run by
# .ci/run, not by make check.  Everything it starts it stops by PID, and
# it removes its namespaces, whether it passes, fails or is interrupted.
# The Slurm facts this machine taught: without systemd, and with a mixed
# cgroup tree, ProctrackType=proctrack/linuxproc, TaskPlugin=task/none and
# a cgroup.conf naming cgroup/v1; each node's spool folder must exist
# before its slurmd starts; SlurmctldHost must be the real host name; one
# munged serves every namespace through its socket path; a job whose node
# died waits for ever, so every wait here has a deadline and checks that
# the daemons are alive.
#
# TXF_CLUSTER_INPLACE=1 makes the tasks write with shell redirection
# instead of -o: then the node-loss check fails, as it must.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, slurmd)"
start=$SECONDS

deps=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${deps[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	timeout 300 apt-get update -qq
	timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Munge wants every folder above its socket searchable by all.
W=$(mktemp -d /tmp/txf-slurm.XXXXXX)
chmod 755 "$W"
tag=txf$$
nsc=$tag-ctl
nodes=(n1 n2)
declare -A ns addr pid
ns[n1]=$tag-n1 ns[n2]=$tag-n2
addr[ctl]=10.151.0.1 addr[n1]=10.151.0.11 addr[n2]=10.151.0.12
made_ns=()

cleanup() {
	local rc=$? n p
	trap - EXIT INT TERM HUP
	stop_pids
	# What the daemons started (slurmstepd, job steps) dies with its
	# namespace's processes.
	for n in "${made_ns[@]}"; do
		kill_ns "$n"
		ip netns del "$n" 2>/dev/null || say "could not remove namespace $n"
	done
	if [ $rc -eq 0 ] && [ $fails -eq 0 ]; then
		rm -rf "$W"
	else
		for f in "$W"/log/slurmctld.log "$W"/log/slurmd.*.log; do
			[ -f "$f" ] && { echo "--- tail of $f"; tail -n 15 "$f"; }
		done >&2
		say "left $W for a look"
	fi
	say "$([ $rc -eq 0 ] && [ $fails -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s; nothing left running, no namespace left"
	[ $rc -ne 0 ] || [ $fails -eq 0 ] || rc=1
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# kill_ns NS: kill every process in the network namespace NS at once, as
# if its machine were gone: all stopped first, so that none sees another
# die (a tool whose input ends early would finish its output), then
# killed, children (higher process ids) before their parents, so that no
# stopped process is left in an orphaned process group, which the kernel
# would wake with SIGHUP (and a tool would remove its temporary file).
kill_ns() {
	local k ps
	for ((k = 0; k < 5; k++)); do
		ps=$(ip netns pids "$1" 2>/dev/null | sort -rn | tr '\n' ' ')
		[ -n "$ps" ] || return 0
		kill -STOP $ps 2>/dev/null || true
		kill -KILL $ps 2>/dev/null || true
		sleep 0.1
	done
}

# running PID: the process is alive (a dead child not yet waited for is a
# zombie, which kill -0 would still find).
running() {
	local s
	s=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) && [ "$s" != Z ]
}

make_input "$W"
reference "$W"
mkdir -p "$W"/etc "$W"/log "$W"/ctld "$W"/munge "$W"/out "$W"/loss/out
ln -s ../shards "$W"/loss/shards
for n in "${nodes[@]}"; do mkdir -p "$W/spool/$n"; done

# --- the network: a bridge in the controller's namespace, a veth to each
# node's; no address outside these namespaces.
ip netns add "$nsc"; made_ns+=("$nsc")
ip -n "$nsc" link set lo up
ip -n "$nsc" link add br0 type bridge
ip -n "$nsc" addr add "${addr[ctl]}/24" dev br0
ip -n "$nsc" link set br0 up
for n in "${nodes[@]}"; do
	ip netns add "${ns[$n]}"; made_ns+=("${ns[$n]}")
	ip -n "${ns[$n]}" link set lo up
	ip -n "$nsc" link add "v$n" type veth peer name eth0 netns "${ns[$n]}"
	ip -n "$nsc" link set "v$n" master br0 up
	ip -n "${ns[$n]}" addr add "${addr[$n]}/24" dev eth0
	ip -n "${ns[$n]}" link set eth0 up
done

# --- munge: one daemon, its socket reached from every namespace.
dd if=/dev/urandom of="$W/munge/key" bs=1024 count=1 status=none
chmod 600 "$W/munge/key"
munged -F --key-file="$W/munge/key" --socket="$W/munge/socket" \
	--pid-file="$W/munge/pid" --log-file="$W/log/munged.log" \
	--seed-file="$W/munge/seed" 2>>"$W/log/munged.log" &
pid[munge]=$!; pids+=($!)

cat >"$W/etc/slurm.conf" <<EOF
ClusterName=textfeat
SlurmctldHost=$(hostname -s)(${addr[ctl]})
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/socket,cred_expire=10
StateSaveLocation=$W/ctld
SlurmdSpoolDir=$W/spool/%n
SlurmctldPidFile=$W/ctld/slurmctld.pid
SlurmdPidFile=$W/spool/%n/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$W/log/jobcomp.txt
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SchedulerParameters=kill_invalid_depend,sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmdTimeout=5
InactiveLimit=0
KillWait=2
MinJobAge=600
PropagateResourceLimits=NONE
NodeName=n1 NodeAddr=${addr[n1]} CPUs=1 State=UNKNOWN
NodeName=n2 NodeAddr=${addr[n2]} CPUs=1 State=UNKNOWN
PartitionName=main Nodes=n1,n2 Default=YES MaxTime=10 State=UP
EOF
echo 'CgroupPlugin=cgroup/v1' >"$W/etc/cgroup.conf"
export SLURM_CONF=$W/etc/slurm.conf

sl() { ip netns exec "$nsc" "$@"; }      # a Slurm client command

ip netns exec "$nsc" slurmctld -D -f "$SLURM_CONF" 2>>"$W/log/slurmctld.err" &
pid[ctl]=$!; pids+=($!)
for n in "${nodes[@]}"; do
	ip netns exec "${ns[$n]}" slurmd -D -N "$n" -f "$SLURM_CONF" \
		2>>"$W/log/slurmd.$n.err" &
	pid[$n]=$!; pids+=($!)
done
live=(munge ctl "${nodes[@]}")

# alive: every daemon that should be running is.
alive() {
	local d
	for d in "${live[@]}"; do
		running "${pid[$d]}" || { say "FAIL: the $d daemon died"; return 1; }
	done
}

# --- the cluster is up when both nodes are idle.
end=$((SECONDS + 60))
until [ "$(sl sinfo -h -N -o '%N %t' 2>/dev/null | grep -c ' idle$')" = 2 ]; do
	alive || exit 1
	[ $SECONDS -lt $end ] || die "the nodes are not idle after 60 s: $(sl sinfo -h -N -o '%N %t' 2>&1 | tr '\n' ' ')"
	sleep 0.5
done
say "slurmctld and 2 slurmd up in $((SECONDS - start)) s: $(sl sinfo -h -N -o '%N:%t' | tr '\n' ' ')"

# wait_jobs SECONDS JOB...: wait until no task of the JOBs is pending or
# running; fail on a dead daemon, at the deadline, or when a task did not
# complete.
wait_jobs() {
	local limit=$1 ids st end
	shift
	ids=$(IFS=,; echo "$*")
	end=$((SECONDS + limit))
	while :; do
		alive || return 1
		st=$(sl squeue -h -r --states=all -j "$ids" -o '%i %j %T %N %r') ||
			{ say "FAIL: squeue"; return 1; }
		grep -qvE ' (COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE|PREEMPTED) ' <<<"$st" ||
			break
		if [ $SECONDS -ge $end ]; then
			say "FAIL: jobs not done after $limit s:"
			echo "$st" >&2
			return 1
		fi
		sleep 0.5
	done
	if grep -v ' COMPLETED ' <<<"$st" >&2; then
		say "FAIL: the tasks above did not complete"
		return 1
	fi
}

sub() { sl sbatch --parsable --chdir="$W" "$@" | cut -d';' -f1; }
arr=(--array=0-$((nshards - 1)) --time=5 --output="$W/log/%x-%A_%a.out")
one=(--time=5 --output="$W/log/%x-%j.out")
export TXF_CLUSTER_DIR=$here

# --- the jobs: tokens; vocab shards, then their merge (afterok), then
# vectorize shards with the merged vocab (afterok).
t0=$SECONDS
jt=$(sub -J tokens "${arr[@]}" "$here/task.sh" tokens "$W")
jv=$(sub -J vocab "${arr[@]}" "$here/task.sh" vocab "$W")
jm=$(sub -J merge "${one[@]}" --dependency=afterok:"$jv" \
	"$here/shard.sh" merge "$W/out/vocab" $(shard_files "$W/out" vocab))
jx=$(sub -J vectorize "${arr[@]}" --dependency=afterok:"$jm" \
	"$here/task.sh" vectorize "$W" "$W/out/vocab")
say "submitted tokens $jt, vocab $jv, merge $jm (afterok:$jv), vectorize $jx (afterok:$jm)"
jobs=("$jt" "$jv" "$jm" "$jx")
# index shards, then their merge, then retrieve over query shards.
if [ $with_index = 1 ]; then
	ji=$(sub -J index "${arr[@]}" "$here/task.sh" index "$W")
	jim=$(sub -J imerge "${one[@]}" --dependency=afterok:"$ji" \
		"$here/shard.sh" imerge "$W/out/index" $(shard_files "$W/out" index))
	jr=$(TXF_SHARDS=qshards sub -J retrieve "${arr[@]}" \
		--dependency=afterok:"$jim" "$here/task.sh" retrieve "$W" "$W/out/index")
	say "submitted index $ji, imerge $jim (afterok:$ji), retrieve $jr (afterok:$jim)"
	jobs+=("$ji" "$jim" "$jr")
else
	say "index and retrieve are not built: no index checks"
fi
wait_jobs 240 "${jobs[@]}" || exit 1
say "all tasks completed in $((SECONDS - t0)) s"

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
used=$(cat "$W"/log/*-*_*.out |
	sed -n 's/.* on node \([^,]*\),.*/\1/p' | sort | uniq -c | awk '{printf "%s:%s tasks ", $2, $1}')
if [ "$(wc -w <<<"$used")" -ge 2 ]; then
	say "ok: the work was spread over the nodes ($used)"
else
	say "FAIL: only one node did the work ($used)"
	fails=$((fails + 1))
fi

# --- a node lost in the middle of a task.  Array task 0 stalls after
# three quarters of its input, with some of its output written; its node
# is killed (slurmd, slurmstepd and the task, every process in the node's
# namespace); Slurm finds the node dead, requeues the task (--requeue)
# on the other node, and the vectors must come out the same.
t0=$SECONDS
jl=$(TXF_CLUSTER_STALL_TASK=0 sub -J loss "${arr[@]}" --requeue --open-mode=append \
	"$here/task.sh" vectorize "$W/loss" "$W/out/vocab")
say "submitted vectorize $jl with --requeue; its task 0 will stall"
out0=$W/loss/out/vectorize.00
end=$((SECONDS + 90))
victim=
while :; do
	alive || exit 1
	[ -n "$victim" ] || victim=$(sed -n 's/.* on node \([^,]*\), attempt 1$/\1/p' \
		"$W/log/loss-${jl}_0.out" 2>/dev/null || true)
	# the task's output so far: under -o its temporary file, else out0
	partial=$(find "$W/loss/out" -name 'vectorize.00' -size +0 -o \
		-name '.vectorize.00.*' -size +0 | head -n 1)
	[ -n "$victim" ] && [ -n "$partial" ] && break
	[ $SECONDS -lt $end ] || die "task 0 of $jl did not start writing in 90 s"
	sleep 0.2
done
say "task 0 runs on $victim and has written $(wc -c <"$partial") bytes to $(basename "$partial"); killing $victim"
kill_ns "${ns[$victim]}"
{ wait "${pid[$victim]}"; } 2>/dev/null || true
live=(munge ctl)
for n in "${nodes[@]}"; do [ "$n" = "$victim" ] || live+=("$n"); done

# What the lost task left behind must not pass for a shard's output: a
# file under a shard's name is that shard's complete output (the same
# rows as the whole run's), nothing else.
sum=0
for ((i = 0; i < nshards; i++)); do
	nn=$(printf %02d $i)
	n=$(wc -l <"$W/shards/$nn")
	f=$W/loss/out/vectorize.$nn
	if [ -e "$f" ]; then
		if sed -n "$((sum + 1)),$((sum + n))p" "$W/ref/vectors" | cmp -s - "$f"; then
			say "ok: vectorize.$nn, present, is complete"
		else
			say "FAIL: vectorize.$nn is there but partial ($(wc -l <"$f") of $n rows): a resumed job takes it for done"
			fails=$((fails + 1))
		fi
	fi
	sum=$((sum + n))
done
if [ ! -e "$out0" ]; then
	say "ok: the lost task left no vectorize.00$(cd "$W/loss/out" && ls -A | sed -n 's/^\.vectorize\.00\..*/, only its temporary file &/p')"
fi

wait_jobs 240 "$jl" || exit 1
say "the lost node's task was requeued; all tasks completed in $((SECONDS - t0)) s:"
grep -h -E 'not responding|[Rr]equeu' "$W/log/slurmctld.log" | sed 's/^/    /' >&2
sed 's/^/    /' "$W"/log/loss-"$jl"_*.out >&2
sed -n 's/.* on node \([^,]*\), attempt 2$/\1/p' "$W/log/loss-${jl}_0.out" | grep -qvx "$victim" ||
	{ say "FAIL: task 0 was not run again on another node"; fails=$((fails + 1)); }
cat $(shard_files "$W/loss/out" vectorize) >"$W/loss/vectors"
same "vectors of 4 shards, a node lost, concatenated" "$W/ref/vectors" "$W/loss/vectors"
