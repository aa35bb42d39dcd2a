#!/usr/bin/env bash
# `pliego render --example` (the README's first command): the shipped
# example customer's service description renders, reads as that document
# (title, customer, severity table, terms table, page N of M), and a second
# render gives the same bytes.
set -euo pipefail
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$PLIEGO_SOURCE_ROOT"
"$PLIEGO" render --example --on 2026-11-25 -q -o "$tmp/one.pdf" || fail "render --example exited $?"
"$PLIEGO" render --example --on 2026-11-25 -q -o "$tmp/two.pdf" || fail "second render exited $?"
cmp -s "$tmp/one.pdf" "$tmp/two.pdf" || fail "two renders of the example differ"
qpdf --check "$tmp/one.pdf" >/dev/null || fail "qpdf --check failed"

pages=$(pdfinfo "$tmp/one.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 3 ] || fail "the example has $pages pages; a full service description has at least 3"
pdfinfo "$tmp/one.pdf" | grep -q '^Title: *Descripción del servicio' ||
    fail "PDF title: $(pdfinfo "$tmp/one.pdf" | grep '^Title')"
text=$(pdftotext -enc UTF-8 "$tmp/one.pdf" - | tr -s ' \n' '  ')
for expected in 'Talleres Ribera & Hijos, S.A. de C.V.' 'NW-7F3K2Q' 'Soluciones Andina Distribución' \
                "Página $pages de $pages"; do
    grep -qF -- "$expected" <<< "$text" || fail "the example does not show \"$expected\""
done
# bookmarks: one per section
outline=$(python3 - "$tmp/one.pdf" <<'PY'
import re, subprocess, sys
raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"],
                     capture_output=True).stdout
print(len(re.findall(rb"/Title\s*[(<]", raw)))
PY
)
[ "$outline" -ge 10 ] || fail "the example has $outline bookmarks, expected one per section"
echo "example: $pages pages, byte-identical twice"
