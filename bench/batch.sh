#!/usr/bin/env bash
# pliego batch's throughput and memory on this machine: N cancellation
# notices (generated from examples/customers.csv by
# tests/batch/make_customers.py --latin: one-page notices, Spanish and
# Canadian customers alternating) rendered by `pliego batch -j JOBS` into a
# scratch folder. For each N it prints the wall time, notices per second
# (and per core), the peak resident memory of a worker and of the
# coordinator (as pliego batch reports them), then FOP's figure beside it.
# Each N runs twice, plain (--pdf-standard none) and archival (batch's
# default, PDF/A-3b + PDF/UA-1 with the document XML attached), and the
# CPU time archival output adds per notice is printed under the two rows.
#
#   bench/batch.sh [N...]        default: 1000 10000
#   JOBS=2 PLIEGO=build/pliego bench/batch.sh 1000 10000 100000
#   PDF_STANDARD=none bench/batch.sh 1000     # one standard only
#
# N/S renders only shard 0/S of an N-row file (N/S notices): the
# coordinator still reads all N rows and keeps all N output names, so
# 100000/10 shows its memory at 100,000 rows in a tenth of the time.
#
# Not part of the test suite. Fonts come from tests/fonts/fonts.conf, as in
# bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pliego=${PLIEGO:-$root/build/pliego}
jobs=${JOBS:-$(nproc)}
# PDF_STANDARD measures that one; by default plain and archival side by side
if [ -n "${PDF_STANDARD:-}" ]; then
  standards=("$PDF_STANDARD")
else
  standards=(none pdf/a-3b,pdf/ua-1)
fi
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)
[ -x "$pliego" ] || { echo "bench: no $pliego; build first or set PLIEGO" >&2; exit 1; }
export FONTCONFIG_FILE=$root/tests/fonts/fonts.conf
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Apache FOP 2.8, one warm JVM, the same kind of one-page notice on this
# machine (bench/README.md, "FOP warm": 40.9 ms per notice, one core).
fop_per_core=14

printf '%-12s %-8s %8s %8s %10s %9s %12s %12s %11s %12s\n' rows output notices seconds notices/s "per core" "CPU ms/doc" "idle bound" "worker MiB" "coord. MiB"
# One run of spec (N or N/S) with one standard; prints its row and leaves
# the CPU milliseconds per notice in $cpu_ms.
run() {
  local spec=$1 standard=$2
  local n=${spec%/*} shards=1
  [ "$spec" = "$n" ] || shards=${spec#*/}
  local label=archival
  [ "$standard" = none ] && label=plain
  [ "$standard" = none ] || [ "$standard" = pdf/a-3b,pdf/ua-1 ] || label=$standard
  rm -rf "$scratch/out"
  local notices=$(( (n + shards - 1) / shards ))
  echo "bench: $n rows, $notices notices (shard 0/$shards), -j $jobs, $standard" >&2
  local start end status=0
  start=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$scratch/cpu" "$pliego" batch "$scratch/customers.csv" --doc cancellation-notice --on 2026-11-25 \
    --catalog "$root" --out "$scratch/out" -j "$jobs" --shard "0/$shards" \
    --pdf-standard "$standard" 2> "$scratch/stderr" || status=$?
  end=$(date +%s.%N)
  if [ "$status" -ne 0 ]; then
    echo "bench: pliego batch exited $status:" >&2
    tail -n 5 "$scratch/stderr" >&2
    exit 1
  fi
  local summary worker coordinator cpu
  summary=$(grep -F 'peak memory' "$scratch/stderr" | tail -n 1)
  worker=$(sed -E 's/.*worker ([0-9.]+) MiB.*/\1/' <<< "$summary")
  coordinator=$(sed -E 's/.*coordinator ([0-9.]+) MiB.*/\1/' <<< "$summary")
  cpu=$(tail -n 1 "$scratch/cpu" | awk '{ print $1 + $2 }')
  cpu_ms=$(awk -v n="$notices" -v cpu="$cpu" 'BEGIN { printf "%.3f", cpu * 1000 / n }')
  awk -v r="$spec" -v o="$label" -v n="$notices" -v s="$start" -v e="$end" -v j="$jobs" -v w="$worker" \
    -v c="$coordinator" -v ms="$cpu_ms" \
    'BEGIN { t = e - s;
             printf "%-12s %-8s %8d %8.1f %10.1f %9.1f %12.2f %12.0f %11s %12s\n",
                    r, o, n, t, n / t, n / t / j, ms, j * 1000 / ms, w, c }'
  rm -rf "$scratch/out"
}

for spec in "${counts[@]}"; do
  python3 tests/batch/make_customers.py examples/customers.csv "${spec%/*}" "$scratch/customers.csv" --latin > /dev/null
  plain_ms=
  for standard in "${standards[@]}"; do
    run "$spec" "$standard"
    [ "$standard" = none ] && plain_ms=$cpu_ms
  done
  if [ -n "$plain_ms" ] && [ ${#standards[@]} -gt 1 ]; then
    awk -v p="$plain_ms" -v a="$cpu_ms" \
      'BEGIN { printf "%-12s archival output adds %+.1f%% CPU per notice (%.2f against %.2f ms)\n",
                      "", (a - p) * 100 / p, a, p }'
  fi
done
echo
echo "CPU ms/doc: user + system time of the coordinator and its workers per notice;"
echo "idle bound: the notices per second that CPU time allows on $jobs idle cores."
echo "Apache FOP 2.8, one warm JVM: about $fop_per_core notices per second per core here;"
echo "$((fop_per_core * jobs)) per second on $jobs cores if it scaled perfectly."
echo "Targets: >= 350 notices per second on 2 cores, <= 40 MiB per worker;"
echo "archival output adds <= 15% to the CPU time per notice."
