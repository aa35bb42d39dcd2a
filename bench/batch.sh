#!/usr/bin/env bash
# pliego batch's throughput and memory on this machine: N cancellation
# notices (generated from examples/customers.csv by
# tests/batch/make_customers.py --latin: one-page notices, Spanish and
# Canadian customers alternating) rendered by `pliego batch -j JOBS` into a
# scratch folder. For each N it prints the wall time, notices per second
# (and per core), the peak resident memory of a worker and of the
# coordinator (as pliego batch reports them), then FOP's figure beside it.
#
#   bench/batch.sh [N...]        default: 1000 10000
#   JOBS=2 PLIEGO=build/pliego bench/batch.sh 1000 10000 100000
#
# Not part of the test suite. Fonts come from tests/fonts/fonts.conf, as in
# bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pliego=${PLIEGO:-$root/build/pliego}
jobs=${JOBS:-$(nproc)}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)
[ -x "$pliego" ] || { echo "bench: no $pliego; build first or set PLIEGO" >&2; exit 1; }
export FONTCONFIG_FILE=$root/tests/fonts/fonts.conf
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Apache FOP 2.8, one warm JVM, the same kind of one-page notice on this
# machine (bench/README.md, "FOP warm": 40.9 ms per notice, one core).
fop_per_core=14

printf '%-8s %9s %12s %14s %18s %20s\n' rows seconds notices/s "per core" "worker peak MiB" "coordinator MiB"
for n in "${counts[@]}"; do
  python3 tests/batch/make_customers.py examples/customers.csv "$n" "$scratch/customers.csv" --latin > /dev/null
  rm -rf "$scratch/out"
  echo "bench: $n notices, -j $jobs" >&2
  start=$(date +%s.%N)
  status=0
  "$pliego" batch "$scratch/customers.csv" --doc cancellation-notice --on 2026-11-25 \
    --catalog "$root" --out "$scratch/out" -j "$jobs" 2> "$scratch/stderr" || status=$?
  end=$(date +%s.%N)
  if [ "$status" -ne 0 ]; then
    echo "bench: pliego batch exited $status:" >&2
    tail -n 5 "$scratch/stderr" >&2
    exit 1
  fi
  summary=$(grep -F 'peak memory' "$scratch/stderr" | tail -n 1)
  worker=$(sed -E 's/.*worker ([0-9.]+) MiB.*/\1/' <<< "$summary")
  coordinator=$(sed -E 's/.*coordinator ([0-9.]+) MiB.*/\1/' <<< "$summary")
  awk -v n="$n" -v s="$start" -v e="$end" -v j="$jobs" -v w="$worker" -v c="$coordinator" \
    'BEGIN { t = e - s; printf "%-8d %9.1f %12.1f %14.1f %18s %20s\n", n, t, n / t, n / t / j, w, c }'
  rm -rf "$scratch/out"
done
echo
echo "Apache FOP 2.8, one warm JVM: about $fop_per_core notices per second per core here;"
echo "$((fop_per_core * jobs)) per second on $jobs cores if it scaled perfectly."
echo "Target: >= 350 notices per second on 2 cores, <= 40 MiB per worker."
