# tests/cluster/dask_job.py SCHEDULER_FILE DIR SHARD_SH [loss] - the
# shards' work on a Dask cluster: client.map runs shard.sh on the
# workers, tokens and vocab shards, the merge once every vocab shard is
# done, then the vectorize shards with the merged vocab.  Results go to
# DIR/out/STAGE.NN (and DIR/out/vocab); with TXF_WITH_INDEX=1, index
# shards, their merge into DIR/out/index, and retrieve over the query
# shards DIR/qshards/NN too.  Each task returns the name of the worker
# that ran it, printed as "STAGE NN on WORKER".
#
# With "loss", only the vectorize shards, into DIR/loss/out, with the
# vocab DIR/out/vocab; the first attempt at the first shard stalls in the
# middle of its output (shard.sh's TXF_CLUSTER_STALL) after writing the
# name of its worker to DIR/loss/victim, for dask.sh to kill that worker.
# Run with /usr/bin/python3.
import os
import subprocess
import sys

from distributed import Client, get_worker, wait

sched, top, shard_sh = sys.argv[1:4]
shards = sorted(os.listdir(os.path.join(top, "shards")))
out = os.path.join(top, "out")


def run(stage, args):
    subprocess.run([shard_sh, stage] + args, check=True)
    return get_worker().name


def shard(stage, nn, *model, shards_dir="shards"):
    return run(stage, [os.path.join(top, shards_dir, nn),
                       os.path.join(out, f"{stage}.{nn}")] + list(model))


def shard_loss(nn):
    env = dict(os.environ)
    if nn == shards[0]:
        try:
            fd = os.open(os.path.join(top, "loss", "victim"),
                         os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(fd, get_worker().name.encode())
            os.close(fd)
            env["TXF_CLUSTER_STALL"] = "1"
        except FileExistsError:
            pass
    subprocess.run([shard_sh, "vectorize",
                    os.path.join(top, "shards", nn),
                    os.path.join(top, "loss", "out", f"vectorize.{nn}"),
                    os.path.join(out, "vocab")], check=True, env=env)
    return get_worker().name


def merge(done, stage="merge", what="vocab"):
    # done: the shards' results, so that the merge waits for them
    return run(stage, [os.path.join(out, what)] +
               [os.path.join(out, f"{what}.{nn}") for nn in shards])


with Client(scheduler_file=sched, timeout=30) as client:
    client.wait_for_workers(2, timeout=60)
    if sys.argv[4:] == ["loss"]:
        vectors = client.map(shard_loss, shards, pure=False)
        wait(vectors, timeout=200)
        for nn, f in zip(shards, vectors):
            print(f"vectorize {nn} on {f.result()}")
        sys.exit(0)
    tokens = client.map(shard, ["tokens"] * len(shards), shards, pure=False)
    vocabs = client.map(shard, ["vocab"] * len(shards), shards, pure=False)
    merged = client.submit(merge, vocabs, pure=False)
    # The merged vocab's path, once the merge is done: a dependency.
    vocab = client.submit(lambda m: os.path.join(out, "vocab"), merged,
                          pure=False)
    vectors = client.map(shard, ["vectorize"] * len(shards), shards,
                         [vocab] * len(shards), pure=False)
    everything = tokens + vocabs + [merged] + vectors
    stages = ["tokens"] * len(shards) + ["vocab"] * len(shards) + \
        ["merge"] + ["vectorize"] * len(shards)
    names = shards + shards + ["-"] + shards
    if os.environ.get("TXF_WITH_INDEX") == "1":
        indexes = client.map(shard, ["index"] * len(shards), shards,
                             pure=False)
        imerged = client.submit(merge, indexes, "imerge", "index",
                                pure=False)
        index = client.submit(lambda m: os.path.join(out, "index"), imerged,
                              pure=False)
        cands = client.map(shard, ["retrieve"] * len(shards), shards,
                           [index] * len(shards), shards_dir="qshards",
                           pure=False)
        everything += indexes + [imerged] + cands
        stages += ["index"] * len(shards) + ["imerge"] + \
            ["retrieve"] * len(shards)
        names += shards + ["-"] + shards
    wait(everything, timeout=200)
    for stage, nn, f in zip(stages, names, everything):
        print(f"{stage} {nn} on {f.result()}")
