#!/usr/bin/env bash
# Golden document XML for the matrix region x channel x language x kind:
# each row of matrix.csv is one region and channel; every row is assembled
# in en, es, fr, de, pt, ja and ar as each of the three documents, on the fixed
# date 2026-11-25, and compared with golden/ROW-LANG-KIND.xml.
#
# Normalised for stability: the provenance lines of catalogue files (whose
# SHA-256 changes with any edit anywhere in the catalogue) and the
# catalogue's git commit are dropped here; provenance.sh checks them. Clause hashes stay, so a
# changed clause shows in the diff. With
# PLIEGO_UPDATE_GOLDEN=1 the golden files are rewritten instead; review the
# diff like code.
set -euo pipefail
# .ci/run's third pass runs the CLI under a decimal-comma locale
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../golden-lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0
rows=$(($(grep -c '^[a-z]*-\(direct\|reseller\),' "$here/matrix.csv")))
[ "$rows" -eq 12 ] || { echo "matrix.csv should have 12 rows, has $rows" >&2; exit 1; }
for row in $(seq 1 "$rows"); do
    id=$(grep -o '^[a-z]*-\(direct\|reseller\),' "$here/matrix.csv" | sed -n "${row}p" | tr -d ,)
    for lang in en es fr de pt ja ar; do
        for kind in service-description cancellation-notice transfer-notice; do
            name="$id-$lang-$kind"
            out="$tmp/$name.xml"
            if ! "$PLIEGO" assemble --catalog "$PLIEGO_SOURCE_ROOT" \
                --customer "$here/matrix.csv" --row "$row" --doc "$kind" \
                --lang "$lang" --on 2026-11-25 -o "$out" 2>"$tmp/err"; then
                echo "FAIL: $name: $(cat "$tmp/err")" >&2
                failures=$((failures + 1))
                continue
            fi
            sed -i '/<input role="catalogue"/d; /<catalogue revision=/d' "$out"
            golden="$here/golden/$name.xml"
            count=$((count + 1))
            golden_check "$out" "$golden" "$name" || failures=$((failures + 1))
        done
    done
done
if [ "$failures" -gt 0 ]; then
    echo "golden documents: $failures of $count failed" >&2
    exit 1
fi
echo "golden documents: $count matched"
