#!/usr/bin/env bash
# Link rectangles inside turned content (reference-orientation 90, 180
# and -90) cover their words on the page, as an unturned link does
# (link_rects.py). The check must also fail: with the links' words
# swapped it has to report them.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
here=$PLIEGO_SOURCE_ROOT/tests/render
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check="python3 $here/link_rects.py"
"$PLIEGO" fo2pdf --quiet "$here/turned-links.fo" -o "$work/links.pdf"
u=https://example.org
$check "$work/links.pdf" "alpha=$u/alpha" "beta=$u/beta" "gamma=$u/gamma" "delta=$u/delta"
if out=$($check "$work/links.pdf" "beta=$u/gamma" "gamma=$u/beta"); then
    echo "FAIL: link_rects.py passed links that cover other words" >&2
    exit 1
fi
grep -q "does not cover beta" <<< "$out" || { echo "FAIL: unexpected: $out" >&2; exit 1; }
echo "turned links: ok"
