#!/usr/bin/env bash
# The distributed batch on a real engine: a one-node Slurm cluster runs the
# documented job array (examples/slurm/notices.sbatch, submitted by
# examples/slurm/submit.sh, both shown in docs/batch.md) over 2,000 rows;
# the dependent job merges the four shards with pliego batch-merge; then
# every row must be in the merged manifest exactly once, ok, with its PDF.
# The documentation's copies of the scripts and the Kubernetes Job are
# checked against the files, so what is documented is what ran.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
here=$(cd "$(dirname "$0")" && pwd)
rows=${PLIEGO_DISTRIBUTED_ROWS:-2000}
fail() { echo "FAIL: $*" >&2; exit 1; }

# the documentation shows the scripts that run here, byte for byte
python3 "$here/doc_blocks.py" "$root/docs/batch.md" "$root/examples/slurm/notices.sbatch" \
  "$root/examples/slurm/submit.sh" || fail "docs/batch.md is out of step with examples/slurm"

if [ "$(id -u)" -ne 0 ] || ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
  echo "needs root, slurm-wlm and munge (scripts/setup.sh installs them)"
  exit 77
fi

tmp=$(mktemp -d)
source "$here/cluster.sh"
trap 'cluster_stop; rm -rf "$tmp"' EXIT
cluster_start "$tmp/cluster" || fail "the Slurm cluster did not start"

python3 "$root/tests/batch/make_customers.py" "$root/examples/customers.csv" "$rows" \
  "$tmp/customers.csv" > /dev/null
cp "$root/examples/slurm/notices.sbatch" "$root/examples/slurm/submit.sh" "$tmp/"
mkdir "$tmp/notices"
# the tasks run `pliego` from PATH, with the source tree's catalogue
ids=$(cd "$tmp" && PATH="$(dirname "$PLIEGO"):$PATH" PLIEGO_CATALOG=$root \
      CUSTOMERS=$tmp/customers.csv NOTICES=$tmp/notices ./submit.sh) ||
  fail "submitting the jobs failed"
read -r array merge <<< "$ids"
start=$SECONDS
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
  [ $((SECONDS - start)) -lt 900 ] || { squeue >&2; fail "the jobs did not finish in 15 minutes"; }
  sleep 2
done
seconds=$((SECONDS - start))
state=$(scontrol -o show job "$merge" | grep -o -e 'JobState=[A-Z]*' -e ' ExitCode=[0-9:]*' | paste -sd' ')
[ "$state" = "JobState=COMPLETED  ExitCode=0:0" ] ||
  { cat "$tmp"/logs/*.log >&2; fail "the merge job ended $state"; }
for task in 0 1 2 3; do
  scontrol -o show job "${array}_$task" | grep -q 'JobState=COMPLETED' ||
    fail "array task $task did not complete: $(cat "$tmp"/logs/pliego-*-"$task".log)"
done

# every row exactly once, ok, with its file of the recorded size
python3 - "$tmp/notices/manifest.csv" "$tmp/notices" "$rows" <<'PY' || fail "the merged manifest is wrong"
import csv, os, sys
manifest, folder, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(manifest, encoding="utf-8", newline="") as f:
    records = list(csv.DictReader(f))
seen = [int(r["row"]) for r in records]
assert sorted(seen) == list(range(1, rows + 1)), "rows missing or repeated"
bad = [r["row"] for r in records if r["status"] != "ok"]
assert not bad, f"rows not ok: {bad[:10]}"
for r in records:
    path = os.path.join(folder, r["file"])
    assert os.path.getsize(path) == int(r["bytes"]), f"{path}: size differs"
pdfs = [n for n in os.listdir(folder) if n.endswith(".pdf")]
assert len(pdfs) == rows, f"{len(pdfs)} PDFs for {rows} rows"
PY
for k in 0 1 2 3; do
  [ -s "$tmp/notices/manifest-$k-of-4.csv" ] || fail "no manifest of shard $k"
done
echo "slurm: $rows rows over 4 array tasks and a merge job in ${seconds} s, every row once"
