#!/usr/bin/env bash
# The shipped catalogue passes `pliego check`: exit 0, no diagnostics, and a
# coverage table with no "missing" cell, in text and as CSV.
set -euo pipefail
# .ci/run's third pass runs the CLI under a decimal-comma locale
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
"$PLIEGO" check --catalog "$PLIEGO_SOURCE_ROOT" --csv "$tmp/coverage.csv" \
    >"$tmp/out" 2>"$tmp/err" || status=$?
if [ "$status" -ne 0 ] || [ -s "$tmp/err" ]; then
    echo "pliego check failed with status $status:" >&2
    cat "$tmp/err" >&2
    exit 1
fi
# every library is complete: nothing falls back to English, nothing is missing
grep -q ' present, 0 fallback, 0 missing$' "$tmp/out" ||
    { echo "coverage has fallback or missing cells" >&2; cat "$tmp/out" >&2; exit 1; }
# every document clause and label appears, for the seven languages
head -n 1 "$tmp/coverage.csv" | tr -d '\r' | grep -qx 'clause,ar,de,en,es,fr,ja,pt' ||
    { echo "unexpected CSV header: $(head -n 1 "$tmp/coverage.csv")" >&2; exit 1; }
for row in sd.introduction terms.reseller cancel.effective transfer.relocation label:reason-non-payment; do
    grep -q "^$row," "$tmp/coverage.csv" || { echo "no coverage row $row" >&2; exit 1; }
done
if grep -qE 'missing|fallback' "$tmp/coverage.csv"; then
    echo "CSV coverage has fallback or missing cells" >&2; exit 1
fi
# notices and service descriptions are complete in every language
grep -q '^cancel.effective,present,present,present,present,present,present,present' "$tmp/coverage.csv" ||
    { echo "cancel.effective is not present everywhere" >&2; exit 1; }
grep -q '^sd.scope,present,present,present,present,present,present,present' "$tmp/coverage.csv" ||
    { echo "sd.scope coverage differs" >&2; exit 1; }
# the example customers are valid and assemble into every document
for customer in examples/customer.xml examples/customers.csv; do
    "$PLIEGO" check --catalog "$PLIEGO_SOURCE_ROOT" -q --customer "$PLIEGO_SOURCE_ROOT/$customer" ||
        { echo "$customer does not pass pliego check" >&2; exit 1; }
done
for row in 1 2 3; do
    for kind in service-description cancellation-notice transfer-notice; do
        "$PLIEGO" assemble --catalog "$PLIEGO_SOURCE_ROOT" --customer "$PLIEGO_SOURCE_ROOT/examples/customers.csv" \
            --row "$row" --doc "$kind" --on 2026-11-25 -o "$tmp/example.xml" ||
            { echo "examples/customers.csv row $row: $kind failed" >&2; exit 1; }
    done
done
echo "check-shipped: ok"
