#!/usr/bin/env bash
# Golden XSL-FO of representative documents: `pliego render --emit fo` for
# each combination in the list below, compared with golden/NAME.fo. The FO
# is what the templates make of the document XML, so a template change shows
# here as a diff to review like code. Both sides are indented by xmllint
# --format (which leaves mixed content alone) so that diffs are readable.
# With PLIEGO_UPDATE_GOLDEN=1 the golden files are rewritten instead.
set -euo pipefail
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../golden-lib.sh"
matrix="$PLIEGO_SOURCE_ROOT/tests/catalog/matrix.csv"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# name, matrix row, language, document kind: direct and reseller, a URL and
# a reseller paragraph, a decimal-comma currency, Japanese, a relocation;
# Arabic right to left, for the customers of arabic.csv (language "-": the
# customer's own).
cases="
emea-reseller-es-service-description 12 es service-description
us-direct-en-service-description 1 en service-description
latam-reseller-pt-cancellation-notice 6 pt cancellation-notice
japan-direct-ja-cancellation-notice 9 ja cancellation-notice
emea-reseller-de-transfer-notice 12 de transfer-notice
canada-direct-fr-transfer-notice 3 fr transfer-notice
emea-ae-direct-ar-service-description a1 - service-description
emea-sa-reseller-ar-transfer-notice a2 - transfer-notice
"
failures=0
count=0
while read -r name row lang kind; do
    [ -n "$name" ] || continue
    count=$((count + 1))
    out="$tmp/$name.fo"
    customers=$matrix
    language=(--lang "$lang")
    case $row in a*) customers=$here/arabic.csv; row=${row#a}; language=() ;; esac
    if ! "$PLIEGO" render --catalog "$PLIEGO_SOURCE_ROOT" --customer "$customers" \
        --row "$row" --doc "$kind" "${language[@]}" --on 2026-11-25 \
        --emit fo -o "$out" 2>"$tmp/err"; then
        echo "FAIL: $name: $(cat "$tmp/err")" >&2
        failures=$((failures + 1))
        continue
    fi
    xmllint --format "$out" > "$out.formatted" && mv "$out.formatted" "$out"
    golden="$here/golden/$name.fo"
    golden_check "$out" "$golden" "$name" || failures=$((failures + 1))
done <<< "$cases"
if [ "$failures" -gt 0 ]; then
    echo "golden FO: $failures of $count failed" >&2
    exit 1
fi
echo "golden FO: $count matched"
