#!/usr/bin/env bash
# The wording of pliego's messages for a set of bad inputs, compared with
# messages.golden so that it is reviewed like code. Each case prints
# "== NAME: exit N" and then what pliego wrote to stderr, with the scratch
# folder written TMP and the source tree ROOT. PLIEGO_UPDATE_GOLDEN=1
# rewrites the golden file; review the diff.
#
# Among the cases: a template giving an element a property XSL-FO does not
# have, and a clause holding a character no font has; each warning must
# name the template file and line and the clause.
set -euo pipefail
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/fixtures
golden=$here/messages.golden
unset PLIEGO_CATALOG PLIEGO_TEMPLATES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/messages.txt
: > "$out"

# case_ NAME FOLDER [VAR=VALUE...] ARGS...: runs pliego in FOLDER (with
# those variables) and records its stderr
case_() {
  local name=$1 folder=$2
  shift 2
  local assignments=()
  while [[ ${1:-} == [A-Z_]*=* ]]; do assignments+=("$1"); shift; done
  local status=0
  (cd "$folder" && env "${assignments[@]}" "$PLIEGO" "$@") > /dev/null 2> "$tmp/stderr" ||
    status=$?
  {
    echo "== $name: exit $status"
    sed -e "s|$tmp|TMP|g" -e "s|$root|ROOT|g" "$tmp/stderr"
  } >> "$out"
}

# a catalogue: the shipped one, with one clause holding U+E000 (a private
# use character no font has) and a region file of schema violations
mkdir -p "$tmp/catalogue" "$tmp/empty" "$tmp/bad-region"
cp -r "$root/regions" "$root/locales" "$tmp/catalogue/"
sed -i 's|Cancelamos el Servicio por|Cancelamos el \&#xE000; Servicio por|' \
  "$tmp/catalogue/locales/es/notices.xml"
grep -q '&#xE000;' "$tmp/catalogue/locales/es/notices.xml" ||
  { echo "FAIL: the clause cancel.reason (es) no longer reads as the test expects" >&2; exit 1; }
cp -r "$root/regions" "$root/locales" "$tmp/bad-region/"
cp "$fixtures/zz-region.xml" "$tmp/bad-region/regions/zz.xml"
# and an outline whose copyright year is not a year
mkdir -p "$tmp/bad-outline"
cp -r "$root/regions" "$root/locales" "$tmp/bad-outline/"
sed -i '0,/copyright-year="[0-9]*"/s//copyright-year="20x4"/' "$tmp/bad-outline/locales/documents.xml"
grep -q 'copyright-year="20x4"' "$tmp/bad-outline/locales/documents.xml" ||
  { echo "FAIL: locales/documents.xml has no copyright-year to break" >&2; exit 1; }
python3 - "$root/examples/customers.csv" "$tmp" <<'PY'
import csv, sys
source, tmp = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    columns, first = reader.fieldnames, next(reader)
def write(name, **changes):
    row = dict(first, **changes)
    with open(f"{tmp}/{name}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\r\n")
        w.writeheader()
        w.writerow(row)
write("good")
write("bad-reason", notice_reason="late-payment")
write("bad-date", start_date="2026-02-30")
PY

case_ "template property and clause glyph" "$tmp" render --catalog "$tmp/catalogue" \
  --templates "$fixtures/templates" --customer "$tmp/good.csv" --row 1 \
  --doc cancellation-notice --on 2026-11-25 --pdf-standard none -o "$tmp/notice.pdf"
case_ "template naming a page master that does not exist" "$tmp" render --catalog "$root" \
  --templates "$fixtures/templates-error" --customer "$tmp/good.csv" --row 1 \
  --doc cancellation-notice --on 2026-11-25 --pdf-standard none -o "$tmp/notice.pdf"
case_ "schema: values, a missing and an unknown attribute, a link" "$tmp/bad-region" check -q
case_ "schema: a year that is not one" "$tmp/bad-outline" assemble \
  --customer "$root/examples/customer.xml" --doc service-description --on 2026-11-25 -o "$tmp/x.xml"
case_ "CSV cell: a reason that is none of the three" "$tmp" assemble --catalog "$root" \
  --customer "$tmp/bad-reason.csv" --row 1 --doc cancellation-notice --on 2026-11-25 -o "$tmp/x.xml"
case_ "CSV cell: a date that does not exist" "$tmp" assemble --catalog "$root" \
  --customer "$tmp/bad-date.csv" --row 1 --doc service-description --on 2026-11-25 -o "$tmp/x.xml"
case_ "a notice dated after its effective date" "$tmp" render --catalog "$root" \
  --customer "$tmp/good.csv" --row 1 --doc cancellation-notice --on 2027-06-01 -o "$tmp/x.pdf"
case_ "pre-flight of a file with a bad row" "$tmp" check -q --catalog "$root" \
  --customer "$tmp/bad-reason.csv" --doc cancellation-notice --on 2026-11-25
case_ "no catalogue anywhere" "$tmp/empty" check -q
case_ "PLIEGO_CATALOG naming an empty folder" "$tmp/empty" PLIEGO_CATALOG="$tmp/empty" \
  assemble --customer "$root/examples/customer.xml" --doc service-description -o x.xml
case_ "batch without its templates" "$tmp" batch "$tmp/good.csv" --catalog "$root" \
  --templates "$tmp/none" --doc cancellation-notice --on 2026-11-25 --out "$tmp/out" -q
case_ "batch usage" "$tmp" batch "$tmp/good.csv" --doc notice --out "$tmp/out"
case_ "unknown command" "$tmp" frobnicate
case_ "unknown option" "$tmp" render --colour

if [ -n "${PLIEGO_UPDATE_GOLDEN:-}" ]; then
  cp "$out" "$golden"
  echo "messages: $golden rewritten; review the diff"
  exit 0
fi
if ! diff -u "$golden" "$out" >&2; then
  echo "FAIL: the messages differ from tests/cli/messages.golden (PLIEGO_UPDATE_GOLDEN=1 rewrites it)" >&2
  exit 1
fi
# what the golden file must hold, whatever its wording
grep -q "fixtures/templates/cancellation-notice.xsl:29: warning: fo:block: unknown property \"colour\"; ignored (in clause cancel.reason)" "$out" ||
  { echo "FAIL: the unknown property's warning does not name the template line and the clause" >&2; exit 1; }
grep -q "fixtures/templates/cancellation-notice.xsl:30: warning: no font has a glyph for U+E000 .*(in clause cancel.reason)" "$out" ||
  { echo "FAIL: the missing glyph's warning does not name the template line and the clause" >&2; exit 1; }
grep -q "fixtures/templates-error/cancellation-notice.xsl:19: error: fo:page-sequence: master-reference \"no-such-master\"" "$out" ||
  { echo "FAIL: the FO error in layout does not name the template line" >&2; exit 1; }
if grep -E "U_[A-Z_]+_ERROR|pliego [a-z-]+: pliego:|Invalid attribute|Error validating datatype|failed to validate|expected an? [a-z]+[A-Z]" "$out" >&2; then
  echo "FAIL: a library code or a doubled prefix is back" >&2
  exit 1
fi
echo "messages: $(grep -c '^== ' "$out") cases as in messages.golden"
