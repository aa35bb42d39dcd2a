#!/usr/bin/env bash
# Renders every tests/e2e/fo/NAME.fo that has a NAME.expect and checks the PDF
# with poppler and qpdf (see check_pdf.py for what an .expect file says).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=0
for expect in "$e2e_dir"/fo/*.expect; do
  fo=${expect%.expect}.fo
  name=$(basename "$fo" .fo)
  pdf="$tmp/$name.pdf"
  count=$((count + 1))
  if ! pliego fo2pdf "$fo" -o "$pdf" 2> "$tmp/$name.err"; then
    fail "$name: pliego exited non-zero: $(head -c 600 "$tmp/$name.err")"
    continue
  fi
  if ! problems=$(python3 "$e2e_dir/check_pdf.py" "$pdf" "$expect"); then
    while IFS= read -r problem; do fail "$name: $problem"; done <<< "$problems"
  fi
done
[ "$count" -gt 0 ] || fail "no .expect files in $e2e_dir/fo"
finish
