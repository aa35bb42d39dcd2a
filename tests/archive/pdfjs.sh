#!/usr/bin/env bash
# pdf.js (npm pdfjs-dist, pinned in tests/archive/pdfjs/package-lock.json)
# opens archival PDFs of every kind and language the matrix row covers and
# reads the language, the outline, the structure tree and the attached
# document XML. scripts/setup.sh installs the package (npm ci); without
# node or the package the test is skipped (exit 77), not failed.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
pdfjs="$(cd "$(dirname "$0")/pdfjs" && pwd)"
root=${PLIEGO_SOURCE_ROOT:?}
if ! command -v node >/dev/null || [ ! -d "$pdfjs/node_modules/pdfjs-dist" ]; then
  echo "skipped: node or tests/archive/pdfjs/node_modules missing (run scripts/setup.sh)"
  exit 77
fi
for lang in en ja; do
  for kind in service-description cancellation-notice transfer-notice; do
    pdf=$tmp/$kind-$lang.pdf
    pliego render --catalog "$root" --customer "$root/tests/catalog/matrix.csv" --row 1 \
      --doc "$kind" --lang "$lang" --on 2026-11-25 -o "$pdf" -q ||
      { fail "$kind $lang: render failed"; continue; }
    # pdf.js warns on stderr that it cannot draw without canvas; only the
    # reading matters here, so its own problems are on stdout's last lines
    outline=$([ "$kind" = service-description ] && echo outline || echo none)
    node "$pdfjs/check.js" "$pdf" "$lang" "$outline" >"$tmp/out" 2>"$tmp/err" ||
      fail "$kind $lang: $(grep -v 'polyfill\|Require stack\|node_modules\|check.js"' "$tmp/err")"
  done
done
# Arabic ligatures (tests/e2e/fo/arabic-ligatures.fo) read in reading
# order: lam-alef as "لا" (not U+FEFB), lam-alef maksura in "على" (not
# "عىل"), lam-lam-heh in "لله". pdf.js puts no spaces between the words.
pdf=$tmp/arabic-ligatures.pdf
if pliego fo2pdf -q "$root/tests/e2e/fo/arabic-ligatures.fo" -o "$pdf"; then
  text=$(node "$pdfjs/text.js" "$pdf" 2>/dev/null)
  for word in لا على لله; do
    grep -q "$word" <<< "$text" || fail "arabic-ligatures: pdf.js text lacks $word: $text"
  done
  if grep -q "عىل" <<< "$text"; then fail "arabic-ligatures: pdf.js reads عىل: $text"; fi
else
  fail "arabic-ligatures: fo2pdf failed"
fi
finish
