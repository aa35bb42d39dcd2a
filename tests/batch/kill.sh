#!/usr/bin/env bash
# A batch killed with SIGKILL midway, then run again: in the end every row
# is rendered exactly once, the manifest has every row, no partial file is
# left anywhere, and the PDFs are those of a batch never interrupted. While
# the batch runs, and right after the kill, every PDF under its final name
# is whole.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rows=120
make_customers "$rows" "$tmp/customers.csv" --bad > /dev/null

# every *.pdf in OUT is a whole PDF
whole_pdfs() {
  local pdf
  for pdf in "$1"/*.pdf; do
    [ -e "$pdf" ] || continue
    head -c 5 "$pdf" | grep -q '%PDF-' && tail -c 32 "$pdf" | grep -q '%%EOF' ||
      fail "$(basename "$pdf") is not a whole PDF"
  done
}

out=$tmp/out
status=0
exec_pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$out" --on 2026-11-25 \
  --catalog "$catalog" -j 2 -q 2> "$tmp/stderr" &
pid=$!
# wait until some rows are in the partial manifest, then kill the coordinator
for _ in $(seq 600); do
  lines=$({ wc -l < "$out/manifest.csv.partial"; } 2>/dev/null || echo 0)
  [ "$lines" -ge 40 ] && break
  sleep 0.05
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
sleep 0.5   # the workers die with the coordinator
[ "$lines" -ge 40 ] || fail "the batch did not get 40 rows along before the kill"
[ ! -e "$out/manifest.csv" ] || fail "a killed first run left a finished manifest"
whole_pdfs "$out"
alive=$(pgrep -f -- "--out $out " || true)
[ -z "$alive" ] || fail "workers outlived the killed coordinator: $alive"

# run again: the killed run's records are merged, the rest done
batch "$tmp/customers.csv" "$out" 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "the rerun: exit $status, expected 1: $(tail -n 3 "$tmp/stderr")"
problems=$(check_manifest "$out/manifest.csv" "$out" "$rows")
[ -z "$problems" ] || fail "after the rerun: $problems"
[ ! -e "$out/manifest.csv.partial" ] || fail "manifest.csv.partial left behind"
left=$(find "$out" -name '.pliego-*' -o -name '*.pdf.*' -o -name '*.partial' -o -name '*.merging')
[ -z "$left" ] || fail "left behind: $left"
skipped=$(grep -c ',skipped,' "$out/manifest.csv" || true)
[ "$skipped" -ge 30 ] || fail "the rerun skipped only $skipped rows; the killed run's work was lost"

# the same files, byte for byte, as a run never killed
batch "$tmp/customers.csv" "$tmp/whole"
[ "$status" -eq 1 ] || fail "the uninterrupted run: exit $status"
(cd "$out" && ls *.pdf) > "$tmp/killed.list"
(cd "$tmp/whole" && ls *.pdf) > "$tmp/whole.list"
cmp -s "$tmp/killed.list" "$tmp/whole.list" || fail "the files differ: $(diff "$tmp/killed.list" "$tmp/whole.list" | head -n 5)"
while read -r pdf; do
  cmp -s "$out/$pdf" "$tmp/whole/$pdf" || fail "$pdf differs from the uninterrupted run's"
done < "$tmp/whole.list"
# and the manifests agree on every row but the status of resumed rows
cut -d, -f1-6 "$out/manifest.csv" > "$tmp/a"; cut -d, -f1-6 "$tmp/whole/manifest.csv" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "the manifests differ: $(diff "$tmp/a" "$tmp/b" | head -n 5)"

# SIGTERM stops the batch cleanly: exit 2, the finished rows recorded
rm -rf "$tmp/term"
exec_pliego batch "$tmp/customers.csv" --doc cancellation-notice --out "$tmp/term" --on 2026-11-25 \
  --catalog "$catalog" -j 2 -q 2> "$tmp/stderr" &
pid=$!
for _ in $(seq 600); do
  [ "$({ wc -l < "$tmp/term/manifest.csv.partial"; } 2>/dev/null || echo 0)" -ge 20 ] && break
  sleep 0.05
done
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
[ "$status" -eq 2 ] || fail "SIGTERM: exit $status, expected 2"
grep -qF "run the same command again to resume" "$tmp/stderr" || fail "SIGTERM: no word on resuming: $(cat "$tmp/stderr")"
[ -s "$tmp/term/manifest.csv" ] && [ ! -e "$tmp/term/manifest.csv.partial" ] ||
  fail "SIGTERM: the manifest was not settled"
left=$(find "$tmp/term" -name '.pliego-*' -o -name '*.pdf.*')
[ -z "$left" ] || fail "SIGTERM left: $left"
batch "$tmp/customers.csv" "$tmp/term"
problems=$(check_manifest "$tmp/term/manifest.csv" "$tmp/term" "$rows")
[ -z "$problems" ] || fail "after SIGTERM and a rerun: $problems"
# a torn record in the middle of a killed run's manifest.csv.partial, with
# records written after it (a full disk tore row 11; older versions went on
# appending): the rerun drops the torn line, redoes its rows and keeps the rest
rm -rf "$tmp/torn"
cp -r "$tmp/whole" "$tmp/torn"
rm "$tmp/torn/manifest.csv"
python3 - "$tmp/whole/manifest.csv" "$tmp/torn/manifest.csv.partial" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8", newline="").read().split("\n")
torn = lines[11][: len(lines[11]) // 2]          # row 11, cut in the middle
text = "\n".join(lines[:11]) + "\n" + torn + "\n".join(lines[12:21]) + "\n"
open(sys.argv[2], "w", encoding="utf-8", newline="").write(text)
PY
batch "$tmp/customers.csv" "$tmp/torn" 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "the rerun after a torn record: exit $status, expected 1: $(tail -n 3 "$tmp/stderr")"
problems=$(check_manifest "$tmp/torn/manifest.csv" "$tmp/torn" "$rows")
[ -z "$problems" ] || fail "after the torn record: $problems"
for row in 11 12; do
  [ "$(field "$tmp/torn/manifest.csv" "$row" status)" = ok ] ||
    fail "row $row (in the torn line) was not redone: $(field "$tmp/torn/manifest.csv" "$row" status)"
done
[ "$(field "$tmp/torn/manifest.csv" 10 status)" = skipped ] ||
  fail "row 10 (before the torn line) was not kept"
[ "$(field "$tmp/torn/manifest.csv" 13 status)" = skipped ] ||
  fail "row 13 (after the torn line) was not kept"
cut -d, -f1-6 "$tmp/torn/manifest.csv" > "$tmp/a"
cmp -s "$tmp/a" "$tmp/b" || fail "the manifest after the torn record differs: $(diff "$tmp/a" "$tmp/b" | head -n 5)"
finish
