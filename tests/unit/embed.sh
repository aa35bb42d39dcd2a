#!/usr/bin/env bash
# examples/embed.c run on the source tree's catalogue: it renders the
# example customer's service description into a PDF of real text, and a
# request or customer error comes back with its kind and field, exit 2
# and no file.
#   embed.sh EMBED
set -euo pipefail
: "${PLIEGO_SOURCE_ROOT:?}"
embed=$1
root=$PLIEGO_SOURCE_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$embed" "$root" "$root/examples/customer.xml" service-description 2026-11-25 \
  "$tmp/out.pdf" > "$tmp/stdout" || fail "embed exited $? on the example customer"
grep -qx "$tmp/out.pdf: service-description in es-MX, [1-9][0-9]* page(s), 0 warning(s), libpliego [0-9.]*" \
  "$tmp/stdout" || fail "embed printed: $(cat "$tmp/stdout")"
pdftotext "$tmp/out.pdf" "$tmp/out.txt"
grep -q "Talleres Ribera" "$tmp/out.txt" || fail "the PDF does not name the customer"
qpdf --check "$tmp/out.pdf" > /dev/null || fail "qpdf rejects the PDF"
# the same bytes pliego render gives
"$PLIEGO" render --catalog "$root" --customer "$root/examples/customer.xml" \
  --doc service-description --on 2026-11-25 -q -o "$tmp/render.pdf"
cmp -s "$tmp/out.pdf" "$tmp/render.pdf" || fail "embed's PDF differs from pliego render's"

expect_error() { # WHAT KIND-LINE ARGS...
  local what=$1 line=$2 status=0
  shift 2
  rm -f "$tmp/bad.pdf"
  "$embed" "$@" "$tmp/bad.pdf" > /dev/null 2> "$tmp/stderr" || status=$?
  [ "$status" -eq 2 ] || fail "$what: exit $status, not 2"
  grep -qxF "$line" "$tmp/stderr" || fail "$what: no \"$line\" in: $(cat "$tmp/stderr")"
  [ ! -e "$tmp/bad.pdf" ] || fail "$what: a PDF was left behind"
}
expect_error "unknown kind" "(a request error)" \
  "$root" "$root/examples/customer.xml" letter 2026-11-25
# a notice effective the day after it is given: a business rule, naming
# the field to correct
sed 's/effective="2026-12-10"/effective="2026-11-26"/' "$root/examples/customer.xml" \
  > "$tmp/too-early.xml"
expect_error "too early" "(a rule error in the customer field effective_date)" \
  "$root" "$tmp/too-early.xml" cancellation-notice 2026-11-25
expect_error "no catalogue" "(a catalog error)" \
  "$tmp" "$root/examples/customer.xml" service-description 2026-11-25
echo "embed: ok"
