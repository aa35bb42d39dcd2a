#!/usr/bin/env bash
# Same input, same bytes: two renders to files and one from stdin to stdout
# must be identical (fixed dates, no addresses or random IDs in the PDF).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

fo="$e2e_dir/fo/contents.fo"
pliego fo2pdf "$fo" -o "$tmp/first.pdf" || fail "first render exited non-zero"
pliego fo2pdf "$fo" -o "$tmp/second.pdf" || fail "second render exited non-zero"
# From stdin, run from the FO's folder so relative paths resolve the same way.
(cd "$e2e_dir/fo" && pliego fo2pdf - -o - < "$fo" > "$tmp/piped.pdf") ||
  fail "render from stdin to stdout exited non-zero"

[ -s "$tmp/first.pdf" ] || fail "first render wrote no PDF"
cmp "$tmp/first.pdf" "$tmp/second.pdf" || fail "two renders of the same file differ"
cmp "$tmp/first.pdf" "$tmp/piped.pdf" || fail "stdin/stdout render differs from the file render"
finish
