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
# fo:float (tests/golden/cases/floats.fo): no float's text is lost; the
# before-float in a table cell (line 38) is laid out in place with one
# warning, however many layout passes run; the before-floats of the flow
# go to the top of their pages; the start float's text goes beside it and
# the cleared block below it.
fo="$tests_dir/golden/cases/floats.fo"
status=0
pliego fo2pdf "$fo" -o "$tmp/floats.pdf" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 0 ] || fail "floats.fo: exit status $status, expected 0"
[ "$(grep -c "warning" "$tmp/stderr")" -eq 1 ] ||
  fail "floats.fo: expected 1 warning; stderr: $(cat "$tmp/stderr")"
grep -q 'floats.fo:38: warning: fo:float float="before" inside fo:table-cell' "$tmp/stderr" ||
  fail "floats.fo: no warning at line 38 for the float in a cell; stderr: $(cat "$tmp/stderr")"
text=$(pdftotext -layout "$tmp/floats.pdf" - 2>/dev/null || true)
for words in "FLOAT ONE" "FLOAT TWO" "FLOAT THREE" "SIDE" "CELL FLOAT" \
             "Anchor one stays in its line." "Anchor two near the bottom ends here."; do
  grep -qF "$words" <<< "$text" || fail "floats.fo: \"$words\" is missing from the PDF"
done
page1=$(pdftotext -f 1 -l 1 "$tmp/floats.pdf" - | head -n 1)
page2=$(pdftotext -f 2 -l 2 "$tmp/floats.pdf" - | head -n 1)
[ "$page1" = "FLOAT ONE at the top of page one" ] ||
  fail "floats.fo: page 1 starts with \"$page1\", not with FLOAT ONE"
[ "$page2" = "FLOAT TWO too tall for what is left" ] ||
  fail "floats.fo: page 2 starts with \"$page2\", not with FLOAT TWO"
# A damaged logo in the page header: one warning for the element, not one
# per page and layout pass.
mkdir -p "$tmp/logo"
cp "$tests_dir/bad/images/cut.png" "$tmp/logo/cut.png"
cat > "$tmp/logo/header.fo" <<'FO'
<?xml version="1.0"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <fo:layout-master-set>
    <fo:simple-page-master master-name="p" page-width="300pt" page-height="200pt" margin="20pt">
      <fo:region-body margin-top="30pt"/><fo:region-before extent="25pt"/>
    </fo:simple-page-master>
  </fo:layout-master-set>
  <fo:page-sequence master-reference="p">
    <fo:static-content flow-name="xsl-region-before"><fo:block><fo:external-graphic src="cut.png"/> Header</fo:block></fo:static-content>
    <fo:flow flow-name="xsl-region-body">
      <fo:block>One</fo:block>
      <fo:block break-before="page">Two, see page <fo:page-number-citation ref-id="three"/></fo:block>
      <fo:block break-before="page" id="three">Three</fo:block>
    </fo:flow>
  </fo:page-sequence>
</fo:root>
FO
pliego fo2pdf "$tmp/logo/header.fo" -o "$tmp/logo/header.pdf" 2> "$tmp/stderr" ||
  fail "header.fo: $(cat "$tmp/stderr")"
[ "$(grep -c "header.fo:9: warning: .*is damaged" "$tmp/stderr")" -eq 1 ] ||
  fail "header.fo: expected one warning for the damaged logo; stderr: $(cat "$tmp/stderr")"
# x of the first word of "Text after the side float" and of "Cleared":
# beside the float (margin 20 + 60 + 4), then back at the margin
words=$(pdftotext -bbox "$tmp/floats.pdf" - | sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)".*>\(Text\|Cleared\|SIDE\)<.*/\3 \1 \2/p')
read -r _ side_x side_y <<< "$(grep '^SIDE' <<< "$words")"
read -r _ text_x text_y <<< "$(grep '^Text' <<< "$words")"
read -r _ clear_x clear_y <<< "$(grep '^Cleared' <<< "$words")"
awk -v sx="$side_x" -v sy="$side_y" -v tx="$text_x" -v ty="$text_y" \
    -v cx="$clear_x" -v cy="$clear_y" \
    'BEGIN { exit !(sx < 21 && tx >= 84 && tx < 86 && ty < sy + 2 && cx < 21 && cy > sy + 20) }' ||
  fail "floats.fo: side float at $side_x,$side_y, text beside it at $text_x,$text_y, cleared block at $clear_x,$clear_y"
# A footnote inside a footnote's body, and ids used again: one warning
# per element that causes one (tests/bad/footnote-nested.fo, duplicate-ids.fo,
# turned-overflow.fo,
# reference-orientation.fo),
# however many layout passes run.
for case in footnote-nested:1 duplicate-ids:3 reference-orientation:2 turned-overflow:1; do
  name=${case%:*} want=${case#*:}
  status=0
  pliego fo2pdf "$tests_dir/bad/$name.fo" -o "$tmp/$name.pdf" 2> "$tmp/stderr" || status=$?
  [ "$status" -eq 0 ] || fail "$name.fo: exit status $status, expected 0"
  lines=$(grep -c "warning" "$tmp/stderr" || true)
  [ "$lines" -eq "$want" ] || fail "$name.fo: $lines warning lines, expected $want: $(cat "$tmp/stderr")"
done
grep -q "Outer note" <<< "$(pdftotext "$tmp/footnote-nested.pdf" - 2>/dev/null)" ||
  fail "footnote-nested.fo: the outer footnote's body is missing"
# the turned container too tall for a page starts page two, as in FOP, and
# the block after it starts page three
[ "$(pdftotext -f 3 -l 3 "$tmp/turned-overflow.pdf" - | grep -c "After the turned container")" -eq 1 ] ||
  fail "turned-overflow.fo: the block after the turned container is not on page 3"
finish
