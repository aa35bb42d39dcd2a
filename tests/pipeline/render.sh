#!/usr/bin/env bash
# pliego render with the fixture templates (tests/pipeline/templates): the
# PDF of every kind of document, --emit document equal to pliego assemble
# byte for byte, --emit fo well-formed XSL-FO, PNG pages, --example.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

name="Talleres Ribera"   # the example customer's legal name
for kind in service-description cancellation-notice transfer-notice; do
  pdf=$tmp/$kind.pdf
  status=0
  render --doc "$kind" --templates "$fixtures" -o "$pdf" 2> "$tmp/stderr" || status=$?
  [ "$status" -eq 0 ] || { fail "$kind: exit $status: $(cat "$tmp/stderr")"; continue; }
  [ ! -s "$tmp/stderr" ] || fail "$kind: unexpected messages: $(cat "$tmp/stderr")"
  pdfinfo "$pdf" > "$tmp/info" 2>&1 || fail "$kind: pdfinfo rejects the PDF: $(cat "$tmp/info")"
  pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
  [ "${pages:-0}" -ge 1 ] || fail "$kind: no pages: $(cat "$tmp/info")"
  qpdf --check "$pdf" > "$tmp/qpdf" 2>&1 || fail "$kind: qpdf --check: $(tail -n 3 "$tmp/qpdf")"
  text=$(pdftotext "$pdf" - 2>&1)
  grep -qF "$name" <<< "$text" || fail "$kind: the PDF does not show \"$name\": $text"
  heading=$(sed 's/-/ /; s/\b./\u&/g' <<< "$kind")
  grep -qF "$heading" <<< "$text" || fail "$kind: the PDF lacks the fixture's heading \"$heading\""

  # --emit document: the same bytes as pliego assemble
  pliego assemble --customer "$customer" --catalog "$catalog" --on 2026-11-25 \
    --doc "$kind" -o "$tmp/assembled.xml" || fail "$kind: pliego assemble failed"
  render --doc "$kind" --templates "$fixtures" --emit document -o "$tmp/emitted.xml" ||
    fail "$kind: --emit document failed"
  cmp -s "$tmp/assembled.xml" "$tmp/emitted.xml" ||
    fail "$kind: --emit document differs from pliego assemble: $(diff "$tmp/assembled.xml" "$tmp/emitted.xml" | head -n 5)"

  # --emit fo: well-formed, fo:root in the XSL-FO namespace, and it renders
  render --doc "$kind" --templates "$fixtures" --emit fo -o "$tmp/$kind.fo" ||
    fail "$kind: --emit fo failed"
  xmllint --noout "$tmp/$kind.fo" 2> "$tmp/lint" || fail "$kind: --emit fo is not well-formed: $(cat "$tmp/lint")"
  root=$(xmllint --xpath 'concat(namespace-uri(/*), " ", local-name(/*))' "$tmp/$kind.fo" 2>&1)
  [ "$root" = "http://www.w3.org/1999/XSL/Format root" ] || fail "$kind: --emit fo root is \"$root\""
  grep -qF "$name" "$tmp/$kind.fo" || fail "$kind: --emit fo lacks the customer's name"
  pliego fo2pdf "$tmp/$kind.fo" -o "$tmp/$kind-fo2pdf.pdf" 2> "$tmp/stderr" ||
    fail "$kind: fo2pdf rejects the emitted FO: $(cat "$tmp/stderr")"
  # the plain PDF of the pipeline is the PDF of its FO (same bytes); the
  # archival default adds the document XML, which fo2pdf does not have
  render --doc "$kind" --templates "$fixtures" --pdf-standard none -o "$tmp/$kind-plain.pdf" ||
    fail "$kind: render --pdf-standard none failed"
  cmp -s "$tmp/$kind-plain.pdf" "$tmp/$kind-fo2pdf.pdf" || fail "$kind: render and fo2pdf of --emit fo give different PDFs"
  pliego verify "$pdf" > "$tmp/verify" || fail "$kind: verify: $(cat "$tmp/verify")"
done

# "-" writes standard output
render --doc cancellation-notice --templates "$fixtures" --emit fo -o - > "$tmp/stdout.fo" ||
  fail "--emit fo -o - failed"
cmp -s "$tmp/stdout.fo" "$tmp/cancellation-notice.fo" || fail "--emit fo -o - differs from -o FILE"
render --doc cancellation-notice --templates "$fixtures" -o - > "$tmp/stdout.pdf" || fail "-o - failed"
cmp -s "$tmp/stdout.pdf" "$tmp/cancellation-notice.pdf" || fail "-o - differs from -o FILE"

# PNG pages
render --doc cancellation-notice --templates "$fixtures" -o "$tmp/p.pdf" --png "$tmp/png" --dpi 50 ||
  fail "--png failed"
[ -s "$tmp/png/page-0001.png" ] || fail "--png wrote no $tmp/png/page-0001.png"
[ "$(head -c 4 "$tmp/png/page-0001.png" | tail -c 3)" = PNG ] || fail "page-0001.png is not a PNG"

# --example: the example customer's service description, example.pdf by default
mkdir "$tmp/example"
(cd "$tmp/example" && pliego render --example --catalog "$catalog" --templates "$fixtures" -q) ||
  fail "--example failed"
text=$(pdftotext "$tmp/example/example.pdf" - 2>&1 || true)
grep -qF "Service Description" <<< "$text" ||
  fail "--example did not write example.pdf with a service description"

# the FO stage's warnings name the template line that wrote the element,
# and -q silences them
mkdir "$tmp/warn"
sed 's|<fo:block space-after="12pt">|<fo:block space-after="12pt" colour="red">|' \
  "$fixtures/common/page.xsl" > "$tmp/warn/page.xsl"
mkdir "$tmp/warn/common" && mv "$tmp/warn/page.xsl" "$tmp/warn/common/"
cp "$fixtures/cancellation-notice.xsl" "$tmp/warn/"
render --doc cancellation-notice --templates "$tmp/warn" -o "$tmp/w.pdf" 2> "$tmp/stderr" ||
  fail "a template with an unknown property failed: $(cat "$tmp/stderr")"
line=$(grep -n '<fo:block space-after="12pt" colour="red">' "$tmp/warn/common/page.xsl" | cut -d: -f1)
grep -qE "warn/common/page\.xsl:$line: warning: .*colour" "$tmp/stderr" ||
  fail "no warning naming the template line common/page.xsl:$line: $(cat "$tmp/stderr")"
render --doc cancellation-notice --templates "$tmp/warn" -o "$tmp/w.pdf" -q 2> "$tmp/stderr" ||
  fail "-q run failed"
[ ! -s "$tmp/stderr" ] || fail "-q still printed: $(cat "$tmp/stderr")"
finish
