#!/usr/bin/env bash
# Issue 11, items 4 and 15: link URIs cannot inject PDF keys, only http,
# https and mailto links are written (others dropped with a warning), and
# an unknown role is mapped to a standard structure type with one warning
# per value instead of failing the render. Both as a plain PDF and as
# PDF/A-3b + PDF/UA-1, which must still verify.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
fo="$(dirname "$0")/fo/links-and-roles.fo"

for standard in none pdf/a-3b,pdf/ua-1; do
  name=${standard//\//-}
  pdf=$tmp/$name.pdf
  pliego fo2pdf "$fo" -o "$pdf" --pdf-standard "$standard" 2>"$tmp/$name.err"
  status=$?
  [ $status -eq 0 ] || { fail "$standard: exit $status: $(cat "$tmp/$name.err")"; continue; }
  qpdf --check "$pdf" >/dev/null || fail "$standard: qpdf --check"
  qpdf --qdf --object-streams=disable "$pdf" "$tmp/$name.qdf"
  # every action is a URI action; no /Launch, no /F key outside a string
  grep -a -q '^ *\/S \/Launch' "$tmp/$name.qdf" && fail "$standard: a /Launch action was injected"
  grep -a -q '^ *\/F (calc' "$tmp/$name.qdf" && fail "$standard: an /F key was injected"
  grep -a -qF '/URI (https://example.com/a\)%20/S%20/Launch%20/F%20\(calc.exe)' "$tmp/$name.qdf" ||
    fail "$standard: the injected URI is not one escaped string"
  grep -a -q '/URI (mailto:legal@example.com)' "$tmp/$name.qdf" || fail "$standard: the mailto link is missing"
  grep -a -q 'javascript\|file:///' "$tmp/$name.qdf" && fail "$standard: a javascript: or file: link was written"
  links=$(grep -a -c '^ *\/Subtype \/Link' "$tmp/$name.qdf")
  [ "$links" -eq 3 ] || fail "$standard: $links link annotations, expected 3 (two https, one mailto)"
  for expected in '30: warning: link "javascript:alert(1)"' '31: warning: link "file:///etc/passwd"'; do
    grep -qF ".fo:$expected dropped" "$tmp/$name.err" ||
      fail "$standard: no warning with its line ($expected): $(cat "$tmp/$name.err")"
  done
  grep -qF 'bookmark link "javascript:alert(2)" dropped' "$tmp/$name.err" ||
    fail "$standard: no warning for the bookmark's javascript: link"
  # unknown roles: one warning per value, standard types in the tree
  [ "$(grep -c 'role "Foo" is not a PDF structure type; tagged as P' "$tmp/$name.err")" -eq 1 ] ||
    fail "$standard: not exactly one warning for role Foo: $(cat "$tmp/$name.err")"
  grep -q 'role "Bar" is not a PDF structure type; tagged as Div' "$tmp/$name.err" ||
    fail "$standard: no warning for role Bar"
  grep -a -q '/S /Foo\|/S /Bar' "$tmp/$name.qdf" && fail "$standard: an unknown role reached the structure tree"
done
pliego verify "$tmp/pdf-a-3b,pdf-ua-1.pdf" >"$tmp/verify" || fail "verify: $(cat "$tmp/verify")"
finish
