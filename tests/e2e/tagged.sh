#!/usr/bin/env bash
# Tagged PDF: the structure tree poppler reads from pliego's PDF has the
# document's headings, paragraphs, lists, tables (header cells apart) and
# figures, in reading order, and leaves headers and footers out of it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pliego fo2pdf "$e2e_dir/fo/terms.fo" -o "$tmp/terms.pdf" \
  --image-dir "$tests_dir/golden/cases/images" 2> "$tmp/err" ||
  fail "terms.fo did not render: $(cat "$tmp/err")"
# its logo lies outside its folder: --image-dir lets it in, without a warning
[ ! -s "$tmp/err" ] || fail "terms.fo gave warnings: $(cat "$tmp/err")"
pdfinfo "$tmp/terms.pdf" | grep -q '^Tagged: *yes' || fail "terms.pdf is not tagged"
pdfinfo -struct-text "$tmp/terms.pdf" > "$tmp/struct" 2>&1 || fail "pdfinfo -struct-text failed"
structure=$(sed 's/^ *//' "$tmp/struct" | grep -v '^"' | tr '\n' ' ')
for element in "Document" "H1 (block)" "Figure" "P (block)" "Table (block)" "TR" "TH" "TD" "Note"; do
  case " $structure " in
    *" $element "*) ;;
    *) fail "no $element in the structure tree: $structure" ;;
  esac
done
# the heading comes before the table, the header cells before body cells
order=$(echo "$structure" | grep -o 'H1\|Table\|TH\|TD' | tr '\n' ' ')
case "$order" in
  "H1 Table TH TH TD"*) ;;
  *) fail "structure out of reading order: $order" ;;
esac
# the running header (static content) is no part of the text's structure
if grep -q '"Terms by region"' "$tmp/struct" &&
   [ "$(grep -c '"Terms by region' "$tmp/struct")" -gt 1 ]; then
  fail "the running header is tagged as content"
fi

pliego fo2pdf "$e2e_dir/fo/letter.fo" -o "$tmp/letter.pdf"
pdfinfo -struct-text "$tmp/letter.pdf" | sed 's/^ *//' | grep -q '^L (block)' ||
  fail "the letter's bullet list is not an L structure element"
pdfinfo -struct-text "$tmp/letter.pdf" | sed 's/^ *//' | grep -q '^LBody (block)' ||
  fail "list item bodies are not LBody structure elements"
finish
