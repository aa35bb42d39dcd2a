#!/usr/bin/env bash
# Three shards run apart (--shard K/3, and the index from
# JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID) into one folder, then
# pliego batch-merge: the same files, byte for byte, and the same manifest
# as a single run. batch-merge finds a missing shard and a duplicated one.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rows=120
make_customers "$rows" "$tmp/customers.csv" --bad > /dev/null
batch "$tmp/customers.csv" "$tmp/single"
[ "$status" -eq 1 ] || fail "the single run: exit $status, expected 1"

shards=$tmp/shards
batch "$tmp/customers.csv" "$shards" --shard 0/3
[ "$status" -eq 1 ] || fail "shard 0/3: exit $status"    # row 61 (quote) is shard 0's
JOB_COMPLETION_INDEX=1 PLIEGO_SHARD_COUNT=3 batch "$tmp/customers.csv" "$shards"
[ "$status" -le 1 ] || fail "shard 1 from JOB_COMPLETION_INDEX: exit $status"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 batch "$tmp/customers.csv" "$shards"
[ "$status" -le 1 ] || fail "shard 2 from SLURM_ARRAY_TASK_ID: exit $status"
for k in 0 1 2; do
  [ -s "$shards/manifest-$k-of-3.csv" ] || fail "no manifest-$k-of-3.csv"
  # each shard holds exactly the rows whose index modulo 3 is K
  bad=$(awk -F, -v k="$k" 'NR > 1 && $1 ~ /^[0-9]+$/ && ($1 - 1) % 3 != k' "$shards/manifest-$k-of-3.csv")
  [ -z "$bad" ] || fail "shard $k has rows of another shard: $bad"
done

status=0
pliego batch-merge "$shards"/manifest-*-of-3.csv -o "$shards/manifest.csv" \
  --customers "$tmp/customers.csv" --out "$shards" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 1 ] || fail "batch-merge: exit $status, expected 1 (failed rows): $(cat "$tmp/stderr")"
grep -qF "0 missing, 0 duplicated" "$tmp/stderr" || fail "batch-merge: $(cat "$tmp/stderr")"
cmp -s "$shards/manifest.csv" "$tmp/single/manifest.csv" ||
  fail "the merged manifest is not the single run's: $(diff "$shards/manifest.csv" "$tmp/single/manifest.csv" | head -n 5)"
(cd "$shards" && ls *.pdf) > "$tmp/shards.list"
(cd "$tmp/single" && ls *.pdf) > "$tmp/single.list"
cmp -s "$tmp/shards.list" "$tmp/single.list" || fail "the sets of files differ"
while read -r pdf; do
  cmp -s "$shards/$pdf" "$tmp/single/$pdf" || fail "$pdf differs from the single run's"
done < "$tmp/single.list"
problems=$(check_manifest "$shards/manifest.csv" "$shards" "$rows")
[ -z "$problems" ] || fail "merged: $problems"

# a shard missing, a shard twice
status=0
pliego batch-merge "$shards/manifest-0-of-3.csv" "$shards/manifest-1-of-3.csv" \
  -o "$tmp/m.csv" --customers "$tmp/customers.csv" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qF "row 3 is in no manifest" "$tmp/stderr" ||
  fail "a missing shard: exit $status: $(cat "$tmp/stderr")"
# a failed merge writes nothing: no -o file, no temporary left beside it
[ ! -e "$tmp/m.csv" ] || fail "a failed batch-merge wrote its -o manifest"
[ -z "$(find "$tmp" -maxdepth 1 -name '.m.csv*')" ] || fail "a failed batch-merge left a temporary file"
status=0
pliego batch-merge "$shards"/manifest-*-of-3.csv "$shards/manifest-1-of-3.csv" \
  -o "$tmp/m.csv" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qF "row 2 is in both" "$tmp/stderr" ||
  fail "a duplicated shard: exit $status: $(cat "$tmp/stderr")"
[ ! -e "$tmp/m.csv" ] || fail "a failed batch-merge (duplicated shard) wrote its -o manifest"

# an index without a count is a usage error; --shard out of range too
status=0
JOB_COMPLETION_INDEX=1 pliego batch "$tmp/customers.csv" --doc cancellation-notice \
  --out "$tmp/x" -q 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qF "PLIEGO_SHARD_COUNT" "$tmp/stderr" ||
  fail "an index without a count: exit $status: $(cat "$tmp/stderr")"
status=0
pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/x" --shard 3/3 -q \
  2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] || fail "--shard 3/3: exit $status"
# overlapping shards at the same time are refused: while shard 0/2 runs,
# a batch of every row and shard 0/4 (rows 1, 5, 9... are 0/2's too) are
# refused with exit 2 and leave nothing; shard 1/2 shares no row and runs
rm -rf "$tmp/both"
exec_pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/both" \
  --on 2026-11-25 --catalog "$catalog" -j 1 -q --shard 0/2 2> "$tmp/first.err" &
first=$!
for _ in $(seq 600); do
  [ -e "$tmp/both/manifest-0-of-2.csv.partial" ] && break
  sleep 0.05
done
for other in "" "--shard 0/4"; do
  status=0
  # shellcheck disable=SC2086
  pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/both" \
    --on 2026-11-25 --catalog "$catalog" -j 1 -q $other 2> "$tmp/stderr" || status=$?
  [ "$status" -eq 2 ] && grep -qF "shard 0/2 of a pliego batch is running in this folder" "$tmp/stderr" ||
    fail "a batch ${other:-of every row} beside shard 0/2: exit $status: $(cat "$tmp/stderr")"
done
[ ! -e "$tmp/both/manifest.csv.partial" ] && [ ! -e "$tmp/both/manifest-0-of-4.csv.partial" ] ||
  fail "a refused batch started a manifest"
kill -0 "$first" 2>/dev/null || fail "shard 0/2 ended before the overlapping runs were tried; the check proved nothing"
batch "$tmp/customers.csv" "$tmp/both" --shard 1/2
[ "$status" -le 1 ] || fail "shard 1/2 beside shard 0/2: exit $status"
status=0; wait "$first" || status=$?
[ "$status" -le 1 ] || fail "shard 0/2: exit $status: $(cat "$tmp/first.err")"
# and the other way round: shard 0/2 refused while a batch of every row runs
exec_pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/all" \
  --on 2026-11-25 --catalog "$catalog" -j 1 -q 2> "$tmp/first.err" &
first=$!
for _ in $(seq 600); do
  [ -e "$tmp/all/manifest.csv.partial" ] && break
  sleep 0.05
done
status=0
pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/all" \
  --on 2026-11-25 --catalog "$catalog" -j 1 -q --shard 1/2 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qF "a pliego batch of every row (without --shard) is running" "$tmp/stderr" ||
  fail "shard 1/2 beside a batch of every row: exit $status: $(cat "$tmp/stderr")"
kill -0 "$first" 2>/dev/null || fail "the batch of every row ended too soon to test the overlap"
status=0; wait "$first" || status=$?
[ "$status" -le 1 ] || fail "the batch of every row: exit $status"
finish
