#!/bin/bash
# tests/cluster/task.sh STAGE DIR [MODEL] - a Slurm array task: run
# shard.sh STAGE on DIR/shards/NN (DIR/$TXF_SHARDS/NN if set) into
# DIR/out/STAGE.NN, NN being SLURM_ARRAY_TASK_ID.  Slurm copies this script to the node, so
# shard.sh is found through TXF_CLUSTER_DIR (sbatch passes the
# environment).  The array task TXF_CLUSTER_STALL_TASK, on its first
# attempt, stalls (shard.sh's TXF_CLUSTER_STALL) for the node-loss check.
set -euo pipefail
nn=$(printf %02d "$SLURM_ARRAY_TASK_ID")
attempt=$((${SLURM_RESTART_COUNT:-0} + 1))
echo "$1 shard $nn on node $SLURMD_NODENAME, attempt $attempt"
if [ "$SLURM_ARRAY_TASK_ID" = "${TXF_CLUSTER_STALL_TASK:-}" ] &&
   [ "$attempt" = 1 ]; then
	export TXF_CLUSTER_STALL=1
fi
exec "$TXF_CLUSTER_DIR/shard.sh" "$1" "$2/${TXF_SHARDS:-shards}/$nn" \
	"$2/out/$1.$nn" ${3:+"$3"}
