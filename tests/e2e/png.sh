#!/usr/bin/env bash
# --png writes one real PNG per page (page-0001.png, ...) and --dump-areas
# writes well-formed XML with one <page element per page of the PDF.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

fo="$e2e_dir/fo/numbering.fo"   # four pages
pliego fo2pdf "$fo" -o "$tmp/out.pdf" --png "$tmp/png" --dpi 50 \
  --dump-areas "$tmp/areas.xml" || fail "pliego exited non-zero"

pages=$(pdfinfo "$tmp/out.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ -n "$pages" ] && [ "$pages" -gt 0 ] || { fail "no readable PDF"; finish; }

# One PNG per page, numbered from 1, each starting with the PNG signature.
signature=$(printf '\211PNG\r\n\032\n' | od -An -tx1)
for ((page = 1; page <= pages; page++)); do
  png=$(printf '%s/png/page-%04d.png' "$tmp" "$page")
  if [ ! -f "$png" ]; then
    fail "missing $(basename "$png")"
  elif [ "$(head -c 8 "$png" | od -An -tx1)" != "$signature" ]; then
    fail "$(basename "$png") is not a PNG: $(file -b "$png")"
  fi
done
count=$(find "$tmp/png" -name 'page-*.png' 2>/dev/null | wc -l)
[ "$count" -eq "$pages" ] || fail "$count PNG files for $pages pages"

if xmllint --noout "$tmp/areas.xml"; then
  # Count <page elements (not <page-... or <pages) with XPath.
  areas=$(xmllint --xpath 'count(//*[local-name()="page"])' "$tmp/areas.xml")
  [ "$areas" -eq "$pages" ] || fail "area tree has $areas <page> elements, PDF has $pages pages"
else
  fail "--dump-areas output is not well-formed XML"
fi
finish
