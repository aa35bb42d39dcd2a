#!/usr/bin/env bash
# The structure tree of archival output: a table and a list that cross
# pages stay one element each; the table's rows are in THead, TBody and
# TFoot; the header and footer repeated at breaks are artifacts (still on
# every page, but once in the tree); TH cells carry /Scope; the file
# verifies. A plain PDF of the same FO keeps Cairo's per-page elements.
# Elements in another language than the document's carry /Lang; the
# labels of the tables of facts are row headers.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
fo="$(dirname "$0")/fo/split.fo"

count() { grep -a -c "^  /S /$1\$" "$2"; }

pliego fo2pdf "$fo" -o "$tmp/split.pdf" --pdf-standard pdf/a-3b,pdf/ua-1 -q ||
  { echo "FAIL: render" >&2; exit 1; }
qpdf --check "$tmp/split.pdf" >/dev/null || fail "qpdf --check"
pliego verify "$tmp/split.pdf" >"$tmp/verify" || fail "verify: $(cat "$tmp/verify")"
pages=$(pdfinfo "$tmp/split.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 3 ] || fail "the fixture should cross at least 3 pages, has $pages"
qpdf --qdf --object-streams=disable "$tmp/split.pdf" "$tmp/split.qdf"
for expected in "Table 1" "THead 1" "TBody 1" "TFoot 1" "TR 82" "TH 2" "L 1" "LI 60"; do
  set -- $expected
  got=$(count "$1" "$tmp/split.qdf")
  [ "$got" -eq "$2" ] || fail "$1: $got elements, expected $2"
done
[ "$(grep -a -c '/Scope /Column' "$tmp/split.qdf")" -eq 2 ] || fail "TH without /Scope /Column"
# the repeated header and footer are still printed on every page
table_pages=0
for page in $(seq 1 "$pages"); do
  text=$(pdftotext -f "$page" -l "$page" "$tmp/split.pdf" -)
  grep -q 'Row [0-9]' <<< "$text" || continue
  table_pages=$((table_pages + 1))
  grep -q 'Name' <<< "$text" || fail "the table header is not repeated on page $page"
done
[ "$table_pages" -ge 2 ] || fail "the table should cross pages, is on $table_pages"

# a clause that fell back to English in a Spanish document: the clause
# is tagged /Lang (en), its Spanish title (es), nothing else
pliego fo2pdf "$(dirname "$0")/fo/languages.fo" -o "$tmp/lang.pdf" --pdf-standard pdf/ua-1 -q ||
  fail "render languages.fo"
qpdf --qdf --object-streams=disable "$tmp/lang.pdf" "$tmp/lang.qdf"
[ "$(grep -a -c '^  /Lang (en)$' "$tmp/lang.qdf")" -eq 1 ] || fail "not one element with /Lang (en)"
[ "$(grep -a -c '^  /Lang (es)$' "$tmp/lang.qdf")" -eq 1 ] || fail "not one element (the title) with /Lang (es)"
# the labels of the tables of facts head their rows
root=${PLIEGO_SOURCE_ROOT:?}
pliego render --catalog "$root" --customer "$root/tests/catalog/matrix.csv" --row 1 \
  --doc service-description --lang de --on 2026-11-25 -o "$tmp/de.pdf" -q || fail "render de"
qpdf --qdf --object-streams=disable "$tmp/de.pdf" "$tmp/de.qdf"
pliego verify "$tmp/de.pdf" >"$tmp/verify" || fail "verify de: $(cat "$tmp/verify")"
# the label column of the tables of facts heads its rows
rows=$(grep -a -c '/Scope /Row' "$tmp/de.qdf")
[ "$rows" -ge 5 ] || fail "$rows row headers (/Scope /Row) in the service description, expected the facts' labels"

pliego fo2pdf "$fo" -o "$tmp/plain.pdf" -q || fail "plain render"
qpdf --qdf --object-streams=disable "$tmp/plain.pdf" "$tmp/plain.qdf"
[ "$(count Table "$tmp/plain.qdf")" -gt 1 ] ||
  fail "the plain PDF was expected to split the table per page (the fixture no longer tests merging)"
finish
