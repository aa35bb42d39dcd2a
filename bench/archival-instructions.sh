#!/usr/bin/env bash
# What archival output adds to one more batch notice, in instructions,
# which do not depend on the machine's load (bench/README.md, "Archival
# output"). Runs `pliego batch -j 1` under callgrind over 10 and over 30
# one-page cancellation notices (tests/batch/make_customers.py --latin),
# plain (--pdf-standard none) and archival (batch's default), and prints
# (total of 30 - total of 10) / 20 for each, the coordinator's and the
# worker's instructions together.
#
#   bench/archival-instructions.sh          PLIEGO=build/pliego by default
#
# About a minute on an idle core. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pliego=${PLIEGO:-$root/build/pliego}
[ -x "$pliego" ] || { echo "bench: no $pliego; build first or set PLIEGO" >&2; exit 1; }
command -v valgrind > /dev/null || { echo "bench: valgrind is not installed" >&2; exit 1; }
export FONTCONFIG_FILE=$root/tests/fonts/fonts.conf
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# the instructions of one batch run: every process's callgrind total
instructions() {
  local rows=$1 standard=$2
  rm -rf "$scratch/out" "$scratch"/callgrind.*
  valgrind --tool=callgrind --callgrind-out-file="$scratch/callgrind.%p" \
    "$pliego" batch "$scratch/customers-$rows.csv" --doc cancellation-notice --on 2026-11-25 \
    --catalog "$root" --out "$scratch/out" -j 1 --pdf-standard "$standard" \
    > /dev/null 2> "$scratch/stderr" ||
    { echo "bench: pliego batch failed:" >&2; tail -n 5 "$scratch/stderr" >&2; exit 1; }
  cat "$scratch"/callgrind.* | awk '/^summary:/ { total += $2 } END { print total }'
}

for rows in 10 30; do
  python3 tests/batch/make_customers.py examples/customers.csv "$rows" \
    "$scratch/customers-$rows.csv" --latin > /dev/null
done
declare -A per_notice
for standard in none pdf/a-3b,pdf/ua-1; do
  ten=$(instructions 10 "$standard")
  thirty=$(instructions 30 "$standard")
  per_notice[$standard]=$(( (thirty - ten) / 20 ))
done
plain=${per_notice[none]} archival=${per_notice[pdf/a-3b,pdf/ua-1]}
awk -v p="$plain" -v a="$archival" 'BEGIN {
  printf "instructions per notice: plain %.2f M, archival %.2f M: archival adds %+.1f%%\n",
         p / 1e6, a / 1e6, (a - p) * 100 / p }'
echo "Target: archival output adds <= 15%."
