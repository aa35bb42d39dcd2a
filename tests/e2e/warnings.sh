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
# Citations of 30 ids that no element has, each cited twice (tests/bad/
# missing-ids.fo): one line per id, 20 lines in all, and the citations print 0.
status=0
pliego fo2pdf "$tests_dir/bad/missing-ids.fo" -o "$tmp/ids.pdf" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 0 ] || fail "missing-ids.fo: exit status $status, expected 0"
lines=$(grep -c "warning" "$tmp/stderr" || true)
[ "$lines" -eq 20 ] || fail "missing-ids.fo: $lines warning lines, expected 20: $(cat "$tmp/stderr")"
[ "$(grep -c 'id "gone-1";' "$tmp/stderr" || true)" -eq 1 ] ||
  fail "missing-ids.fo: gone-1 is not reported exactly once: $(cat "$tmp/stderr")"
if [ -s "$tmp/ids.pdf" ]; then
  grep -q "See pages 0 0 0" <<< "$(pdftotext "$tmp/ids.pdf" - 2>/dev/null)" ||
    fail "missing-ids.fo: the citations do not print 0"
fi
# A footnote inside a footnote's body, and ids used again: one warning
# per element that causes one (tests/bad/footnote-nested.fo, duplicate-ids.fo,
# reference-orientation.fo),
# however many layout passes run.
for case in footnote-nested:1 duplicate-ids:3 reference-orientation:2; do
  name=${case%:*} want=${case#*:}
  status=0
  pliego fo2pdf "$tests_dir/bad/$name.fo" -o "$tmp/$name.pdf" 2> "$tmp/stderr" || status=$?
  [ "$status" -eq 0 ] || fail "$name.fo: exit status $status, expected 0"
  lines=$(grep -c "warning" "$tmp/stderr" || true)
  [ "$lines" -eq "$want" ] || fail "$name.fo: $lines warning lines, expected $want: $(cat "$tmp/stderr")"
done
grep -q "Outer note" <<< "$(pdftotext "$tmp/footnote-nested.pdf" - 2>/dev/null)" ||
  fail "footnote-nested.fo: the outer footnote's body is missing"
finish
