#!/usr/bin/env bash
# Business rules end to end, on rows derived from matrix.csv (row 1, a US
# direct customer): the cancellation notice period at its exact boundary,
# across month ends and leap days, in a country with a longer minimum
# (Brazil, 30 days); clause versions chosen by the document date; a transfer
# to a country where the service is not offered; and customer data full of
# markup characters, which must come out as text.
set -euo pipefail
# .ci/run's third pass runs the CLI under a decimal-comma locale
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# csv_with COLUMN=VALUE... : matrix.csv's header and first row, with those
# columns replaced (python's csv module quotes the address's line breaks)
csv_with() {
    python3 - "$here/matrix.csv" "$@" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    reader = csv.DictReader(f)
    row = next(reader)
    header = reader.fieldnames
for pair in sys.argv[2:]:
    key, value = pair.split('=', 1)
    row[key] = value
writer = csv.DictWriter(sys.stdout, fieldnames=header, lineterminator='\r\n')
writer.writeheader()
writer.writerow(row)
PY
}
# assemble NAME KIND COLUMN=VALUE...: writes $tmp/NAME.csv, assembles it to
# $tmp/NAME.xml; returns the exit status, stderr in $tmp/NAME.err
assemble() {
    local name=$1 kind=$2
    shift 2
    csv_with "$@" >"$tmp/$name.csv"
    "$PLIEGO" assemble --catalog "$PLIEGO_SOURCE_ROOT" --customer "$tmp/$name.csv" \
        --doc "$kind" --on "${ON:-2026-11-25}" -o "$tmp/$name.xml" 2>"$tmp/$name.err"
}
expect_ok() {
    local name=$1
    shift
    assemble "$name" "$@" || fail "$name: $(cat "$tmp/$name.err")"
}
expect_error() {
    local name=$1 fragment=$2
    shift 2
    if assemble "$name" "$@"; then
        fail "$name: accepted"
    elif ! grep -qF -- "$fragment" "$tmp/$name.err"; then
        fail "$name: error lacks \"$fragment\": $(cat "$tmp/$name.err")"
    fi
    [ ! -e "$tmp/$name.xml" ] || fail "$name: output written despite the error"
}

# exact boundary: 10 days in the US
expect_ok boundary cancellation-notice notice_date=2026-11-25 effective_date=2026-12-05
grep -q '<effective-date value="2026-12-05">December 5, 2026</effective-date>' "$tmp/boundary.xml" ||
    fail "boundary: effective date not formatted"
grep -q '10 days later' "$tmp/boundary.xml" || fail "boundary: plural message"
expect_error boundary-minus-one "For the United States the effective date must be at least 10 days after the notice date: the earliest is 5 December 2026." \
    cancellation-notice notice_date=2026-11-25 effective_date=2026-12-04
# month end and year end
expect_error month-end "the earliest is 10 February 2027." \
    cancellation-notice notice_date=2027-01-31 effective_date=2027-02-09
expect_ok month-end-ok cancellation-notice notice_date=2027-01-31 effective_date=2027-02-10
expect_error year-end "the earliest is 4 January 2027." \
    cancellation-notice notice_date=2026-12-25 effective_date=2027-01-03
# leap years: 29 February counts in 2028, not in 2027
expect_error leap "the earliest is 1 March 2028." \
    cancellation-notice notice_date=2028-02-20 effective_date=2028-02-29 start_date=2028-01-01
expect_error common-year "the earliest is 2 March 2027." \
    cancellation-notice notice_date=2027-02-20 effective_date=2027-03-01 start_date=2027-01-01
# a longer minimum: Brazil requires 30 days
expect_error brazil "For Brazil the effective date must be at least 30 days after the notice date: the earliest is 25 December 2026." \
    cancellation-notice country=BR language=pt-BR notice_date=2026-11-25 effective_date=2026-12-24
expect_ok brazil-ok cancellation-notice country=BR language=pt-BR notice_date=2026-11-25 effective_date=2026-12-25
grep -q '30 dias depois' "$tmp/brazil-ok.xml" || fail "brazil-ok: Portuguese plural"
# the same 24 days are enough in the US
expect_ok us-24-days cancellation-notice notice_date=2026-11-25 effective_date=2026-12-19

# clause versions in force on the document date
ON=2025-06-01 expect_ok version-1 cancellation-notice notice_date=2025-06-01 effective_date=2025-06-30
grep -q '<clause id="cancel.effective" version="1"' "$tmp/version-1.xml" || fail "2025: version 1 expected"
expect_ok version-2 cancellation-notice
grep -q '<clause id="cancel.effective" version="2"' "$tmp/version-2.xml" || fail "2026: version 2 expected"

# a transfer on the term's last day is accepted; a day later is not
expect_ok transfer-last-day transfer-notice start_date=2026-01-31 term_months=1 transfer_date=2026-02-28
expect_error transfer-late "the transfer date 2026-03-01 is after the service term, whose last day is 2026-02-28" \
    transfer-notice start_date=2026-01-31 term_months=1 transfer_date=2026-03-01
# to a country where the service is not offered: the relocation clause
expect_ok relocation transfer-notice destination_country=IS
grep -q '<clause id="transfer.relocation"' "$tmp/relocation.xml" || fail "relocation clause missing"
grep -q '<transfer destination="IS" offered="false">' "$tmp/relocation.xml" || fail "relocation: offered flag"
expect_ok no-relocation transfer-notice destination_country=CA
if grep -q '<clause id="transfer.relocation"' "$tmp/no-relocation.xml"; then fail "relocation clause where offered"; fi

# regional wording: Quebec and Portugal where their usage differs
expect_ok fr-quebec service-description country=CA language=fr-CA currency=CAD
grep -q 'par courriel' "$tmp/fr-quebec.xml" || fail "fr-CA: no Quebec wording"
expect_ok fr-france service-description country=FR language=fr-FR currency=EUR
grep -q 'par e-mail' "$tmp/fr-france.xml" || fail "fr-FR: no French wording"
if grep -q 'courriel' "$tmp/fr-france.xml"; then fail "fr-FR: Quebec wording"; fi
expect_ok pt-portugal service-description country=PT language=pt-PT currency=EUR
grep -q 'utilizadores nomeados' "$tmp/pt-portugal.xml" || fail "pt-PT: no European wording"
expect_ok pt-brazil service-description country=BR language=pt-BR currency=BRL
grep -q 'usuários nomeados' "$tmp/pt-brazil.xml" || fail "pt-BR: no Brazilian wording"
if grep -q 'utilizador' "$tmp/pt-brazil.xml"; then fail "pt-BR: European wording"; fi
# support hours written by ICU in the customer's language, with the zone
expect_ok hours-japan service-description country=JP language=ja currency=JPY
grep -q '<value field="support.hours">月曜日 – 金曜日 9時00分～17時30分（日本標準時）</value>' "$tmp/hours-japan.xml" ||
    fail "ja hours: $(grep -o '<value field="support.hours">[^<]*' "$tmp/hours-japan.xml" | head -1)"
expect_ok hours-germany service-description country=DE language=de currency=EUR
grep -q '<value field="support.hours">Montag – Freitag, 08:00–18:00 Uhr (Mitteleuropäische Zeit)</value>' "$tmp/hours-germany.xml" ||
    fail "de hours: $(grep -o '<value field="support.hours">[^<]*' "$tmp/hours-germany.xml" | head -1)"
# Arabic digits follow the country's locale; the calendar stays Gregorian
expect_ok ar-emirates cancellation-notice country=AE language=ar currency=AED
grep -q '<date value="2026-11-25">25 نوفمبر 2026</date>' "$tmp/ar-emirates.xml" ||
    fail "ar-AE date: $(grep -o '<date [^<]*' "$tmp/ar-emirates.xml")"
expect_ok ar-saudi cancellation-notice country=SA language=ar currency=SAR
grep -q '<date value="2026-11-25">٢٥ نوفمبر ٢٠٢٦</date>' "$tmp/ar-saudi.xml" ||
    fail "ar-SA date: $(grep -o '<date [^<]*' "$tmp/ar-saudi.xml")"

# the transfer fee: the country's amount, or a sentence saying there is none
grep -qF 'Transferring the Service costs <value field="transfer.fee">$150.00</value> in your country' "$tmp/no-relocation.xml" ||
    fail "US transfer fee not stated"
expect_ok no-fee transfer-notice country=CL language=es-CL currency=CLP
grep -qF '<p>En su país no se aplica ningún cargo por transferencia.</p>' "$tmp/no-fee.xml" ||
    fail "no-fee: Chile charges no fee"
if grep -q 'value field="transfer.fee"' "$tmp/no-fee.xml"; then fail "no-fee: a zero fee is printed"; fi

# markup in customer data stays text
expect_ok markup service-description 'legal_name=<b>Evil & Co</b> "Ltd" <!-- x -->'
grep -qF '<value field="customer.name">&lt;b&gt;Evil &amp; Co&lt;/b&gt; "Ltd" &lt;!-- x --&gt;</value>' "$tmp/markup.xml" ||
    fail "markup: customer name not escaped: $(grep -o '<value field="customer.name">[^<]*' "$tmp/markup.xml" | head -1)"
[ "$(grep -c '<b>' "$tmp/markup.xml")" -eq 0 ] || fail "markup: raw element in output"
xmllint --noout "$tmp/markup.xml" || fail "markup: output is not well-formed"

# hard limits: a CSV record over 1 MiB is refused (here the header, in a
# 17 MB file without a line break), as a batch refuses it
head -c 17000000 /dev/zero | tr '\0' 'x' >"$tmp/huge.csv"
if "$PLIEGO" assemble --catalog "$PLIEGO_SOURCE_ROOT" --customer "$tmp/huge.csv" \
    --doc service-description -o "$tmp/huge.xml" 2>"$tmp/huge.err"; then
    fail "huge: accepted"
else
    grep -qF "huge.csv: error: header: longer than 1 MiB" "$tmp/huge.err" ||
        fail "huge: $(cat "$tmp/huge.err")"
fi
[ ! -e "$tmp/huge.xml" ] || fail "huge: output written"

# the order's counts and term in words; a one-month term is singular
grep -q '<order number="ORD-US-DIRECT" term-months="1" systems="1" licences="25" users="3">' "$tmp/transfer-last-day.xml" ||
    fail "order attributes: $(grep '<order ' "$tmp/transfer-last-day.xml")"
grep -q '<term months="1">1 month</term>' "$tmp/transfer-last-day.xml" || fail "term: singular"
expect_ok no-counts cancellation-notice systems= licences= users=
grep -q '<order number="ORD-US-DIRECT" term-months="12">' "$tmp/no-counts.xml" ||
    fail "no-counts: $(grep '<order ' "$tmp/no-counts.xml")"
# the refund clause is worded for the reason given
expect_ok refund-abusive cancellation-notice notice_reason=abusive-conduct
grep -q '<clause id="cancel.refund"' "$tmp/refund-abusive.xml" || fail "refund clause missing"
grep -q 'because of abusive or threatening conduct' "$tmp/refund-abusive.xml" || fail "refund: abusive wording"
[ "$(grep -c 'is refunded\.</p>' "$tmp/refund-abusive.xml")" -eq 1 ] || fail "refund: one paragraph expected"
# coverage after a move: only when the destination is another country
grep -q '<clause id="transfer.coverage"' "$tmp/no-relocation.xml" || fail "coverage missing for CA"
# where the destination does not sell the service, the relocation clause
# says so and the coverage clause (which says the service continues) is left out
if grep -q '<clause id="transfer.coverage"' "$tmp/relocation.xml"; then fail "coverage clause for IS, where the service is not offered"; fi
expect_ok same-country transfer-notice destination_country=US
if grep -q 'transfer.coverage' "$tmp/same-country.xml"; then fail "coverage within the same country"; fi
# the terms table: every region in order, the EMEA default last
expect_ok terms-table service-description
rows=$(grep -o '<row region="[a-z]*"\( country="[A-Z]*"\)\?\( lang="[a-z]*"\)\?>' "$tmp/terms-table.xml" | tr '\n' ' ')
[ "$rows" = '<row region="us"> <row region="canada" lang="en"> <row region="canada" lang="fr"> <row region="latam"> <row region="apj"> <row region="japan"> <row region="emea" country="FR"> <row region="emea" country="DE"> <row region="emea" country="GB"> <row region="emea"> ' ] ||
    fail "terms-table rows: $rows"
grep -q '<location>Europe, the Middle East and Africa: other countries</location>' "$tmp/terms-table.xml" ||
    fail "terms-table: default location"
[ "$(grep -c '<reseller clause="terms.reseller" version="1" lang="en" fallback="false" sha256="[0-9a-f]\{64\}">' "$tmp/terms-table.xml")" -eq 6 ] ||
    fail "terms-table: reseller clause in six rows"

# money: amounts are exact decimals, never a double; a 29-digit price
# prints every digit, in English and in Spanish (decimal comma)
expect_ok price-29-digits service-description price=12345678901234567890123456789.45
grep -qF '$12,345,678,901,234,567,890,123,456,789.45' "$tmp/price-29-digits.xml" ||
    fail "price-29-digits: $(grep -o '<[a-z-]*price[^>]*>[^<]*' "$tmp/price-29-digits.xml" | head -n 3)"
expect_ok price-29-digits-es service-description price=98765432109876543210987654321 \
    currency=EUR country=ES language=es
grep -qF '98.765.432.109.876.543.210.987.654.321,00' "$tmp/price-29-digits-es.xml" ||
    fail "price-29-digits-es: $(grep -o '<[a-z-]*price[^>]*>[^<]*' "$tmp/price-29-digits-es.xml" | head -n 3)"
expect_ok price-yen service-description price=1500000 currency=JPY
expect_error price-yen-decimals '"1500000.5" has 1 decimal places; JPY amounts have at most 0' \
    service-description price=1500000.5 currency=JPY

if [ "$failures" -gt 0 ]; then
    echo "rules: $failures failure(s)" >&2
    exit 1
fi
echo "rules: all checks passed"
