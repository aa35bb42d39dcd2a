#!/usr/bin/env bash
# Unknown elements and properties are warnings with a place, not errors: the
# document renders, exit status 0, and stderr says "warning" at the right lines.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

fo="$e2e_dir/fo/unknown-names.fo"
status=0
pliego fo2pdf "$fo" -o "$tmp/out.pdf" 2> "$tmp/stderr" || status=$?
stderr=$(cat "$tmp/stderr")

[ "$status" -eq 0 ] || fail "exit status $status, expected 0; stderr: $stderr"
[ -s "$tmp/out.pdf" ] || fail "no PDF written"
grep -q "warning" <<< "$stderr" || fail "stderr has no \"warning\"; stderr: $stderr"
# fo:blok is on line 14, colr="red" on line 15 (the line of its element).
grep -q "unknown-names.fo:14:.*blok" <<< "$stderr" ||
  fail "no warning at unknown-names.fo:14 naming fo:blok; stderr: $stderr"
grep -q "unknown-names.fo:15:.*colr" <<< "$stderr" ||
  fail "no warning at unknown-names.fo:15 naming colr; stderr: $stderr"
if [ -s "$tmp/out.pdf" ]; then
  text=$(pdftotext "$tmp/out.pdf" - 2>/dev/null || true)
  grep -q "A misspelt property is ignored" <<< "$text" ||
    fail "the block with the unknown property lost its text: $text"
fi
finish
