#!/usr/bin/env bash
# A contents line keeps its page number on the title's last line, with the
# leader: tests/documents/toc-entry.fo has titles of every length around
# the one that fills a line; no line of the PDF may hold only dots and the
# number or only the number, and every title line ends in "99".
# Then the contents of a rendered service description: every line with a
# page number also has title text.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PLIEGO" fo2pdf "$PLIEGO_SOURCE_ROOT/tests/documents/toc-entry.fo" -o "$tmp/toc.pdf" -q
pdftotext -layout "$tmp/toc.pdf" "$tmp/toc.txt"
if grep -En '^[[:space:].]*[0-9]+[[:space:]]*$' "$tmp/toc.txt"; then
    echo "a page number is alone on its line (or with its dots only):" >&2
    cat "$tmp/toc.txt" >&2
    exit 1
fi
[ "$(grep -c '99[[:space:]]*$' "$tmp/toc.txt")" -eq 5 ] ||
    { echo "expected 5 lines ending in the page number:" >&2; cat "$tmp/toc.txt" >&2; exit 1; }
# the shipped templates write the word joiners
"$PLIEGO" render --catalog "$PLIEGO_SOURCE_ROOT" --customer "$PLIEGO_SOURCE_ROOT/examples/customer.xml" \
    --doc service-description --on 2026-11-25 --lang de --emit fo -o "$tmp/sd.fo"
grep -q $'\u2060<fo:leader leader-pattern="dots"/>\u2060<fo:page-number-citation' "$tmp/sd.fo" ||
    { echo "the contents lines have no word joiners around the leader" >&2; exit 1; }
echo "toc: ok"
