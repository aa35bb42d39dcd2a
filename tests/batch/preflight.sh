#!/usr/bin/env bash
# The pre-flight: `pliego check --customer FILE --doc KIND` reports exactly
# the rows `pliego batch` fails, one line each, and exits 0 only when the
# batch would render every row. The CSV (make_preflight.py) holds one bad
# row of each kind between good ones, including a notice dated (--on) after
# its own effective date.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

expected=$(python3 "$batch_dir/make_preflight.py" "$examples" "$tmp/customers.csv")
status=0
pliego check -q --catalog "$catalog" --customer "$tmp/customers.csv" --doc cancellation-notice \
  --on 2026-11-25 > "$tmp/check.out" 2> "$tmp/check.err" || status=$?
[ "$status" -eq 2 ] || fail "check exited $status with bad rows, not 2"
reported=$(sed -nE 's/^.*customers\.csv: (error: )?row ([0-9]+)[:, ].*/\2/p' "$tmp/check.err")
[ "$reported" = "$expected" ] ||
  fail "check reported rows $(echo $reported) but the bad rows are $(echo $expected)"
lines=$(grep -c ': error: ' "$tmp/check.err")
[ "$lines" -eq "$(echo "$expected" | wc -l)" ] || fail "check printed $lines error lines, not one per bad row"
grep -q "10 of 15 rows would fail" "$tmp/check.err" || fail "no summary line: $(tail -n 2 "$tmp/check.err")"
grep -q "row 11, column effective_date: error: the notice would be dated 2026-11-25, after its own effective date 2026-11-20" \
  "$tmp/check.err" || fail "the notice dated after its effective date is not refused in plain words"
[ ! -e "$tmp/out" ] || fail "check wrote output"

status=0
pliego batch "$tmp/customers.csv" --doc cancellation-notice --on 2026-11-25 --out "$tmp/out" \
  --catalog "$catalog" -j 2 -q 2> "$tmp/batch.err" || status=$?
[ "$status" -eq 1 ] || fail "batch exited $status, not 1 (some rows failed)"
failed=$(awk -F, 'NR > 1 && $7 == "failed" { print $1 }' "$tmp/out/manifest.csv")
[ "$failed" = "$expected" ] ||
  fail "batch failed rows $(echo $failed) but check reported $(echo $reported)"
rendered=$(ls "$tmp/out"/*.pdf | wc -l)
[ "$rendered" -eq 5 ] || fail "batch rendered $rendered rows, not the 5 good ones"

# a clean file: exit 0, and a summary that says so
pliego check -q --catalog "$catalog" --customer "$examples" --doc cancellation-notice \
  --on 2026-11-25 2> "$tmp/clean.err" || fail "check of a clean file exited $?"
grep -q "all 3 rows would render" "$tmp/clean.err" || fail "no summary for a clean file"
# the same file dated after its notices take effect is refused row by row
status=0
pliego check -q --catalog "$catalog" --customer "$examples" --doc cancellation-notice \
  --on 2027-06-01 2> "$tmp/late.err" || status=$?
[ "$status" -eq 2 ] || fail "check --on after every effective date exited $status, not 2"
[ "$(grep -c 'after its own effective date' "$tmp/late.err")" -eq 3 ] ||
  fail "not every late notice is refused: $(cat "$tmp/late.err")"
# --doc without --customer is a usage error
status=0
pliego check --catalog "$catalog" --doc cancellation-notice 2> /dev/null || status=$?
[ "$status" -eq 1 ] || fail "check --doc without --customer exited $status, not 1"
finish
