#!/usr/bin/env bash
# pliego batch on a few hundred rows, some of them bad: the good ones
# render, the bad ones (unknown country, effective date too early, broken
# CSV records, an output name that collides) are failed records with their
# error, exit status 1 and the failures listed on stderr. A row's PDF is
# the same bytes as pliego render's for that row. Running again skips what
# is done and redoes the rest; --retry-failed redoes only failures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rows=200
make_customers "$rows" "$tmp/customers.csv" --bad > "$tmp/bad-rows"
source "$tmp/bad-rows"   # country=17 early=42 ...

out=$tmp/out
batch "$tmp/customers.csv" "$out" 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "a batch with bad rows: exit $status, expected 1: $(tail -n 5 "$tmp/stderr")"
manifest=$out/manifest.csv
[ -s "$manifest" ] || { fail "no manifest at $manifest"; finish; }
problems=$(check_manifest "$manifest" "$out" "$rows")
[ -z "$problems" ] || fail "manifest: $problems"

# expect_failed ROW FRAGMENT: row failed with an error containing FRAGMENT,
# and stderr lists it
expect_failed() {
  local row=$1 fragment=$2
  [ "$(field "$manifest" "$row" status)" = failed ] ||
    fail "row $row: status $(field "$manifest" "$row" status), expected failed"
  field "$manifest" "$row" error | grep -qF -- "$fragment" ||
    fail "row $row: error lacks \"$fragment\": $(field "$manifest" "$row" error)"
  grep -qE "^  row $row( |:)" "$tmp/stderr" || fail "row $row is not listed on stderr"
}
expect_failed "$country" 'unknown country "ZZ"'
expect_failed "$country" "row $country, column country"
expect_failed "$early" "the earliest is"
expect_failed "$ragged" "row $ragged: error: 4 fields where the header has 29"
expect_failed "$quote" "row $quote: error: malformed CSV"
expect_failed "$collide" "is already row $((collide - 1))'s"
failed=$(grep -c ',failed,' "$manifest" || true)
[ "$failed" -eq 5 ] || fail "$failed failed rows, expected 5"
ok=$(grep -c ',ok,' "$manifest" || true)
[ "$ok" -eq $((rows - 5)) ] || fail "$ok ok rows, expected $((rows - 5))"
# the rows after the broken records kept their numbers
[ "$(field "$manifest" 62 customer_id)" = C-0062 ] || fail "row 62 is not C-0062 after the broken records"
[ "$(field "$manifest" "$rows" customer_id)" = "C-$(printf %04d "$rows")" ] || fail "the last row is misnumbered"
pages=$(field "$manifest" 1 pages)
[ "$(pdfinfo "$out/C-0001-cancellation-notice.pdf" | sed -n 's/^Pages: *//p')" = "$pages" ] ||
  fail "row 1: the manifest's pages ($pages) are not pdfinfo's"
grep -qF "5 rows failed" "$tmp/stderr" || fail "stderr does not say 5 rows failed: $(tail -n 8 "$tmp/stderr")"

# the same bytes as pliego render --row N, for rows of a file without bad rows
make_customers 6 "$tmp/clean.csv" > /dev/null
batch "$tmp/clean.csv" "$tmp/clean"
[ "$status" -eq 0 ] || fail "a clean batch: exit $status"
for row in 1 2 5; do
  id=$(printf C-%04d "$row")
  pliego render --customer "$tmp/clean.csv" --row "$row" --doc cancellation-notice \
    --on 2026-11-25 --catalog "$catalog" -q -o "$tmp/render-$row.pdf" ||
    fail "pliego render --row $row failed"
  cmp -s "$tmp/render-$row.pdf" "$tmp/clean/$id-cancellation-notice.pdf" ||
    fail "row $row: the batch's PDF differs from pliego render's"
done

# rows are independent for pliego render --row N too: in the file with bad
# rows (a bad value, a ragged row, broken quoting) a good row renders the
# batch's bytes, and a bad row gives its own error, never another row's
for row in 1 $((quote + 1)) "$rows"; do
  id=$(printf C-%04d "$row")
  status=0
  pliego render --customer "$tmp/customers.csv" --row "$row" --doc cancellation-notice \
    --on 2026-11-25 --catalog "$catalog" -q -o "$tmp/bad-render-$row.pdf" 2> "$tmp/render.err" ||
    status=$?
  [ "$status" -eq 0 ] || fail "render --row $row of the file with bad rows: exit $status: $(cat "$tmp/render.err")"
  cmp -s "$tmp/bad-render-$row.pdf" "$out/$id-cancellation-notice.pdf" ||
    fail "row $row of the file with bad rows: the batch's PDF differs from pliego render's"
done
for bad in "$country:row $country, column country" "$ragged:row $ragged: error: 4 fields" \
           "$quote:row $quote: error: malformed CSV"; do
  row=${bad%%:*}
  status=0
  pliego render --customer "$tmp/customers.csv" --row "$row" --doc cancellation-notice \
    --on 2026-11-25 --catalog "$catalog" -q -o "$tmp/bad.pdf" 2> "$tmp/render.err" || status=$?
  [ "$status" -eq 2 ] && grep -qF -- "${bad#*:}" "$tmp/render.err" ||
    fail "render --row $row: exit $status, expected 2 and \"${bad#*:}\": $(cat "$tmp/render.err")"
  [ ! -e "$tmp/bad.pdf" ] || fail "render --row $row: a PDF was written despite the error"
done

# the 1 MiB record limit holds for render as for batch: a row of 2 MiB is
# refused by both, and the rows around it render
python3 - "$tmp/clean.csv" "$tmp/long.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[2][1] = "x" * (2 * 1024 * 1024)
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
status=0
pliego render --customer "$tmp/long.csv" --row 2 --doc cancellation-notice --on 2026-11-25 \
  --catalog "$catalog" -q -o "$tmp/long.pdf" 2> "$tmp/render.err" || status=$?
[ "$status" -eq 2 ] && grep -qF "long.csv: row 2: error: longer than 1 MiB" "$tmp/render.err" ||
  fail "render of a 2 MiB row: exit $status: $(cut -c1-300 "$tmp/render.err")"
[ ! -e "$tmp/long.pdf" ] || fail "render of a 2 MiB row wrote a PDF"
pliego render --customer "$tmp/long.csv" --row 3 --doc cancellation-notice --on 2026-11-25 \
  --catalog "$catalog" -q -o "$tmp/long-3.pdf" || fail "render --row 3 beside a 2 MiB row failed"
batch "$tmp/long.csv" "$tmp/long"
[ "$status" -eq 1 ] && [ "$(field "$tmp/long/manifest.csv" 2 status)" = failed ] ||
  fail "batch of a 2 MiB row: exit $status, row 2 $(field "$tmp/long/manifest.csv" 2 status)"

# output names: sanitised, and a collision (here only in case) fails the later row
python3 - "$tmp/clean.csv" "$tmp/names.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
ids = ["../../etc/passwd", "CON", "a/b\\c d\tx", "\u00dcn\u00efcode", "acme", "ACME"]
for row, new in zip(rows[1:], ids):
    row[0] = new
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
batch "$tmp/names.csv" "$tmp/names" 2> /dev/null
[ "$status" -eq 1 ] || fail "the names batch: exit $status, expected 1 (a collision)"
for name in etc_passwd _CON a_b_c_d_x n_code acme; do
  [ -s "$tmp/names/$name-cancellation-notice.pdf" ] || fail "no $name-cancellation-notice.pdf: $(ls "$tmp/names")"
done
field "$tmp/names/manifest.csv" 6 error | grep -qF "ACME-cancellation-notice.pdf is already row 5's" ||
  fail "ACME does not collide with acme: $(field "$tmp/names/manifest.csv" 6 error)"
[ "$(find "$tmp/names" -name '*.pdf' | wc -l)" -eq 5 ] || fail "the names batch wrote outside its names"

# again: ok rows are skipped (files untouched), failed rows redone
before=$(stat -c '%i %Y' "$out/C-0003-cancellation-notice.pdf")
touch -d '2000-01-01' "$out/C-0003-cancellation-notice.pdf"
stamp=$(stat -c '%Y' "$out/C-0003-cancellation-notice.pdf")
# a file damaged since is redone
printf 'garbage' > "$out/C-0004-cancellation-notice.pdf"
rm "$out/C-0005-cancellation-notice.pdf"
batch "$tmp/customers.csv" "$out" 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "rerun: exit $status, expected 1"
problems=$(check_manifest "$manifest" "$out" "$rows")
[ -z "$problems" ] || fail "rerun manifest: $problems"
[ "$(field "$manifest" 3 status)" = skipped ] || fail "rerun: row 3 is $(field "$manifest" 3 status), expected skipped"
[ "$(stat -c '%Y' "$out/C-0003-cancellation-notice.pdf")" = "$stamp" ] || fail "rerun rewrote a skipped row's file"
[ "$(field "$manifest" 4 status)" = ok ] || fail "rerun: a damaged file (row 4) was not redone"
[ "$(field "$manifest" 5 status)" = ok ] || fail "rerun: a deleted file (row 5) was not redone"
[ "$(field "$manifest" "$country" status)" = failed ] || fail "rerun: row $country did not fail again"
skipped=$(grep -c ',skipped,' "$manifest" || true)
[ "$skipped" -eq $((rows - 7)) ] || fail "rerun: $skipped skipped rows, expected $((rows - 7))"
: "$before"

# --retry-failed: only the failures are redone, the rest is trusted as recorded
printf 'garbage' > "$out/C-0006-cancellation-notice.pdf"
batch "$tmp/customers.csv" "$out" --retry-failed 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "--retry-failed: exit $status, expected 1"
[ "$(field "$manifest" 6 status)" = skipped ] || fail "--retry-failed redid row 6, which was ok"
[ "$(field "$manifest" "$early" status)" = failed ] || fail "--retry-failed: row $early"
grep -qF "5 rows failed" "$tmp/stderr" || fail "--retry-failed: not 5 failures: $(tail -n 8 "$tmp/stderr")"

# usage and batch-level errors are exit 2, and leave no manifest
status=0; pliego batch "$tmp/customers.csv" --doc cancellation-notice -q 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] && grep -qF -- "--out" "$tmp/stderr" || fail "no --out: exit $status: $(cat "$tmp/stderr")"
status=0; pliego batch "$tmp/customers.csv" --doc letter --out "$tmp/x" -q 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] || fail "--doc letter: exit $status"
printf 'customer_id,colour\nC-1,red\n' > "$tmp/badheader.csv"
batch "$tmp/badheader.csv" "$tmp/badheader" 2> "$tmp/stderr"
[ "$status" -eq 2 ] && grep -qF 'unknown column "colour"' "$tmp/stderr" ||
  fail "a bad header: exit $status: $(cat "$tmp/stderr")"
batch "$tmp/missing.csv" "$tmp/missing" 2> "$tmp/stderr"
[ "$status" -eq 2 ] || fail "a missing customer file: exit $status"
status=0; pliego batch "$tmp/clean.csv" --doc cancellation-notice --out "$tmp/t" -q \
  --catalog "$catalog" --templates "$tmp/none" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] || fail "a missing templates folder: exit $status: $(cat "$tmp/stderr")"
[ ! -e "$tmp/t/manifest.csv" ] || fail "a batch that could not run wrote a manifest"
finish
