#!/usr/bin/env bash
# Bidirectional controls in customer data stay inside their field. A
# cancellation notice is rendered for a customer whose legal name holds
# one control character (each of LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
# PDI in turn); its order number, later in the same sentence, holds Hebrew,
# so that a control left open past the name (left-to-right ones too)
# changes what follows. Read back with pdftotext, every page must be the
# text of the same notice without the control: nothing outside the field
# is reordered (before the fix RLE, LRO, RLO and RLI reordered it); and
# the unpaired control must not reach the document XML at all. A control closed within the field (RLO ... PDF, RLI ...
# PDI) is kept and reverses only what it encloses.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

matrix=$PLIEGO_SOURCE_ROOT/tests/catalog/matrix.csv

# notice NAME LEGAL_NAME: the notice for matrix.csv's first row with that
# legal name, as text in $tmp/NAME.txt
notice() {
  local name=$1 legal=$2
  python3 - "$matrix" "$tmp/$name.csv" "$legal" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
header, row = rows[0], rows[1]
row[header.index("legal_name")] = sys.argv[3]
row[header.index("order_number")] = "ORD-\u05e9\u05dc\u05d5\u05dd-7"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows([header, row])
PY
  local status=0
  pliego render --customer "$tmp/$name.csv" --row 1 --doc cancellation-notice \
    --on 2026-11-25 --catalog "$catalog" -q -o "$tmp/$name.pdf" 2> "$tmp/$name.err" ||
    status=$?
  [ "$status" -eq 0 ] || { fail "$name: exit $status: $(cat "$tmp/$name.err")"; return 1; }
  pdftotext -layout "$tmp/$name.pdf" "$tmp/$name.txt"
}

notice plain "Bluegate Analytics Inc." || true
grep -qF "To Bluegate Analytics Inc., at the address on your invoice" "$tmp/plain.txt" ||
  fail "plain: the opening sentence is not there: $(head -n 30 "$tmp/plain.txt")"

for control in 202A:LRE 202B:RLE 202C:PDF 202D:LRO 202E:RLO 2066:LRI 2067:RLI 2068:FSI 2069:PDI; do
  code=${control%%:*}
  name=${control#*:}
  char=$(printf "\\u$code")
  notice "$name" "Bluegate ${char}Analytics Inc." || continue
  cmp -s "$tmp/plain.txt" "$tmp/$name.txt" ||
    fail "$name (U+$code) in the legal name changes the text around it: $(diff "$tmp/plain.txt" "$tmp/$name.txt" | head -n 8)"
  # left-to-right controls in left-to-right text, and lone closers, change
  # nothing visible here: the document XML shows that the control is gone
  pliego render --customer "$tmp/$name.csv" --row 1 --doc cancellation-notice \
    --on 2026-11-25 --catalog "$catalog" -q --emit document -o "$tmp/$name.xml" ||
    fail "$name: --emit document failed"
  ! grep -qF "$char" "$tmp/$name.xml" ||
    fail "$name (U+$code): the unpaired control reached the document XML"
done

# closed within the field: kept, and only the field's own text is reversed
notice closed-override "Bluegate $(printf '\u202e')Analytics$(printf '\u202c') Inc." || true
grep -qF "To Bluegate scitylanA Inc., at the address on your invoice" "$tmp/closed-override.txt" ||
  fail "closed-override: $(grep -F "at the address" "$tmp/closed-override.txt")"
notice closed-isolate "Bluegate $(printf '\u2067')Analytics$(printf '\u2069') Inc." || true
grep -qF "To Bluegate Analytics Inc., at the address on your invoice" "$tmp/closed-isolate.txt" ||
  fail "closed-isolate: $(grep -F "at the address" "$tmp/closed-isolate.txt")"
finish
